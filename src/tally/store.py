"""The incident database: documents, events, claims, incidents and the audit log.

One code path for SQLite (the default: one file, WAL mode, foreign keys on) and PostgreSQL
(`postgresql://...`, run through psycopg). The schema comes from the Alembic migrations in
`tally/migrations`, applied by `Store.open`. Events and claims are kept whole as JSON
(`tally.codec`) beside indexed summary columns used for filtering and candidate search.

Every `add_extraction` is one transaction: a crash in the middle of a batch leaves each
document either complete (document, events, claims, incident links, audit rows) or absent.
Writers are serialised (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory lock), so two
processes never cluster the same happening into two incidents because neither saw the other.

Statements are built once, at import, with bind parameters, and executed with parameter
dicts: SQLAlchemy then neither re-coerces values nor re-walks a new statement per row, and a
document's claims and audit rows each go in one `executemany`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from tally import codec
from tally.errors import ConfigError, InputError, MissingExtraError, NotFoundError, StorageError
from tally.migrations.tables import audit_log, claims, documents, events, incidents
from tally.records import INCIDENT_STATUSES, Claim, Document, Event, Extraction, Incident, independent_count

if TYPE_CHECKING:
    from tally.incidents import Resolver

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

#: Seconds a SQLite writer waits for another writer's lock before giving up. A document's
#: transaction takes milliseconds; 30 s covers a slow disk and a long batch beside it.
SQLITE_BUSY_TIMEOUT_S = 30
#: Seconds to wait for a PostgreSQL server before reporting it unreachable.
PG_CONNECT_TIMEOUT_S = 10
#: Rows fetched per query when streaming signatures (bounded memory, few round trips).
SIGNATURE_PAGE = 1000
#: Key of the PostgreSQL advisory lock that serialises writers ("TALLY" in ASCII).
PG_WRITE_LOCK = 0x54414C4C59

_WRITE = "tally_write"
_INCIDENT_FILTERS = ("event_type", "country_code", "admin1", "since", "until", "status")
_AUTOMATIC_STATUSES = ("unverified", "corroborated")

_INSERT_DOCUMENT = documents.insert()
_INSERT_CLAIM = claims.insert()
_INSERT_EVENT = events.insert()
_INSERT_INCIDENT = incidents.insert()
_INSERT_AUDIT = audit_log.insert()
#: The key is a bind parameter of its own: an UPDATE's SET takes the column names.
_UPDATE_INCIDENT = incidents.update().where(incidents.c.id == sa.bindparam("incident_key"))
_HAS_TEXT = sa.select(documents.c.id).where(documents.c.text_sha256 == sa.bindparam("text_sha256"))
_DOCUMENT_EXISTS = sa.select(documents.c.id).where(documents.c.id == sa.bindparam("document_id"))
_ORIGINAL_OF = sa.select(documents.c.duplicate_of).where(documents.c.id == sa.bindparam("document_id"))
_CLAIMS_OF = sa.select(claims.c.record).where(
    claims.c.document_id.in_(sa.bindparam("document_ids", expanding=True))).order_by(claims.c.id)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One row of the append-only audit log."""

    id: int
    at: dt.datetime
    actor: str
    entity: str
    entity_id: str
    action: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    reason: str | None


class Store:
    """A Tally database. Open with `Store.open(url)`; use as a context manager to close it."""

    def __init__(self, engine: Engine) -> None:
        """Wrap an engine made by `Store.open`; call `open` rather than this."""
        self._engine = engine
        self._label = engine.url.render_as_string(hide_password=True)
        self._postgres = engine.dialect.name == "postgresql"

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (creating or migrating as needed) the database at `url`.

        `sqlite:///path.db` or `postgresql[+psycopg]://user@host/db`. Raises `StorageError`
        with a one-line reason for a bad URL, a missing directory or an unreachable server.
        """
        engine = _create_engine(_parse_url(url))
        store = cls(engine)
        try:
            store._connect_once()
            store.upgrade()
        except BaseException:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        """Release every connection."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self._label!r})"

    def _connect_once(self) -> None:
        """Connect, so that an unreachable server or unopenable file is reported as such."""
        try:
            with self._engine.connect():
                pass
        except SQLAlchemyError as exc:
            raise StorageError(f"{self._label}: cannot connect: {_reason(exc)}") from exc

    def upgrade(self) -> None:
        """Apply every pending Alembic migration (what `tally db upgrade` runs)."""
        from alembic import command
        from alembic.config import Config
        from alembic.util import CommandError

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
        config.set_main_option("path_separator", "os")
        with self._write("the schema migration") as conn:
            config.attributes["connection"] = conn
            try:
                command.upgrade(config, "head")
            except CommandError as exc:
                raise StorageError(f"{self._label}: cannot migrate the schema: {exc} "
                                   "(was the database written by a newer Tally?)") from exc

    # -- writing ---------------------------------------------------------------------------

    def add_extraction(
        self,
        extraction: Extraction,
        *,
        resolver: Resolver,
        run_id: str,
        signature: bytes | None = None,
        duplicate_of: str | None = None,
    ) -> list[str]:
        """Store a document with its events and claims and cluster its events into incidents.

        One transaction. Returns the ids of the incidents created or extended; re-adding a
        stored text is a no-op returning []. With `duplicate_of` (a syndicated copy of that
        stored document) each event first tries the incidents holding the original's events;
        one that matches none of them (near-duplicate detection can pair two different
        reports written from one template) is resolved like any other event. A copy's claim
        is not stored again when the original (or the document it copies, and so on) has one
        with the same `what`, bounds and source name.
        """
        document = extraction.document
        _check_extraction(extraction)
        actor = f"run:{run_id}"
        try:
            with self._write(f"document {document.id}") as conn:
                if _has_text(conn, document.text_sha256):
                    return []
                if duplicate_of is not None and conn.execute(
                        _DOCUMENT_EXISTS, {"document_id": duplicate_of}).first() is None:
                    raise NotFoundError(f"document {document.id}: duplicate_of {duplicate_of} is not stored")
                batch = _Batch(conn, _now(), actor)
                conn.execute(_INSERT_DOCUMENT, _document_row(document, signature, duplicate_of, batch.at, run_id))
                batch.audit("document", document.id, "create", new={
                    "title": document.title, "url": document.url, "duplicate_of": duplicate_of})
                _store_claims(batch, extraction.claims, duplicate_of)
                touched: dict[str, None] = {}
                for event in extraction.events:
                    touched.setdefault(str(_assign(batch, event, resolver, duplicate_of)), None)
                batch.flush()
                return list(touched)
        except StorageError as exc:
            if isinstance(exc.__cause__, IntegrityError) and self.has_document(document.text_sha256):
                return []  # another writer stored the same text first
            raise

    def set_status(self, incident_id: str | int, status: str, *, actor: str, reason: str | None = None) -> Incident:
        """Set an incident's status by hand (a reviewer's decision), with an audit row."""
        if status not in INCIDENT_STATUSES:
            raise ConfigError(f"unknown incident status {status!r}; valid: {', '.join(INCIDENT_STATUSES)}")
        key = _incident_key(incident_id)
        with self._write(f"incident {incident_id}") as conn:
            old = conn.execute(sa.select(incidents.c.status).where(incidents.c.id == key)).scalar_one_or_none()
            if old is None:
                raise NotFoundError(f"incident {incident_id} does not exist")
            batch = _Batch(conn, _now(), actor)
            conn.execute(_UPDATE_INCIDENT, {"incident_key": key, "status": status, "updated_at": batch.at})
            batch.audit("incident", str(key), "set_status", old={"status": old}, new={"status": status}, reason=reason)
            batch.flush()
        return self.incident(key)

    # -- reading ---------------------------------------------------------------------------

    def has_document(self, text_sha256: str) -> bool:
        """Whether a document with this normalised-text hash is stored."""
        with self._read("documents") as conn:
            return _has_text(conn, text_sha256)

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """(document id, MinHash signature) of every stored document that has one."""
        after = ""
        while True:
            with self._read("signatures") as conn:
                rows = conn.execute(
                    sa.select(documents.c.id, documents.c.signature)
                    .where(documents.c.signature.is_not(None), documents.c.id > after)
                    .order_by(documents.c.id).limit(SIGNATURE_PAGE)
                ).all()
            for document_id, sig in rows:
                yield document_id, bytes(sig)
            if len(rows) < SIGNATURE_PAGE:
                return
            after = rows[-1][0]

    def incidents(self, **filters: Any) -> list[Incident]:
        """Incidents, oldest id first, filtered by event_type, country_code, admin1, status,
        since and until (dates, or ISO strings, on the incident's start date)."""
        condition = _incident_condition(filters)
        with self._read("incidents") as conn:
            return _rebuild(conn, _rebuild_queries(condition))

    def incident(self, incident_id: str | int) -> Incident:
        """One incident by id; `NotFoundError` if there is none."""
        key = _incident_key(incident_id)
        with self._read(f"incident {incident_id}") as conn:
            found = _rebuild(conn, _rebuild_queries(incidents.c.id == key))
        if not found:
            raise NotFoundError(f"incident {incident_id} does not exist")
        return found[0]

    def events_of_incident(self, incident_id: str | int) -> list[Event]:
        """The events (reports) clustered into one incident."""
        return list(self.incident(incident_id).events)

    def events_of_document(self, document_id: str) -> list[Event]:
        """The events read from one document, assigned to an incident or not."""
        with self._read(f"document {document_id}") as conn:
            records = conn.execute(
                sa.select(events.c.record).where(events.c.document_id == document_id).order_by(events.c.id)
            ).scalars()
            return [codec.event_from_json(r) for r in records]

    def claims(self) -> list[Claim]:
        """Every stored claim, in the order their documents were stored."""
        with self._read("claims") as conn:
            records = conn.execute(
                sa.select(claims.c.record).join(documents, claims.c.document_id == documents.c.id)
                .order_by(documents.c.ingested_at, documents.c.id, claims.c.id)
            ).scalars()
            return [codec.claim_from_json(r) for r in records]

    def documents(self) -> list[Document]:
        """Every stored document, in the order they were stored."""
        with self._read("documents") as conn:
            rows = conn.execute(sa.select(documents).order_by(documents.c.ingested_at, documents.c.id))
            return [_document_from_row(row) for row in rows.mappings()]

    def document(self, document_id: str) -> Document:
        """One document by id; `NotFoundError` if there is none."""
        with self._read(f"document {document_id}") as conn:
            row = conn.execute(sa.select(documents).where(documents.c.id == document_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"document {document_id} does not exist")
        return _document_from_row(row)

    def duplicate_of(self, document_id: str) -> str | None:
        """The id of the document that `document_id` is a syndicated copy of, if any."""
        with self._read(f"document {document_id}") as conn:
            row = conn.execute(
                sa.select(documents.c.duplicate_of).where(documents.c.id == document_id)).first()
        if row is None:
            raise NotFoundError(f"document {document_id} does not exist")
        return row[0]

    def audit(self, entity: str | None = None, entity_id: str | None = None) -> list[AuditEntry]:
        """Audit rows, oldest first, optionally for one entity kind and id."""
        query = sa.select(audit_log).order_by(audit_log.c.id)
        if entity is not None:
            query = query.where(audit_log.c.entity == entity)
        if entity_id is not None:
            query = query.where(audit_log.c.entity_id == str(entity_id))
        with self._read("audit log") as conn:
            rows = conn.execute(query).mappings().all()
        return [AuditEntry(**{**row, "at": _aware(row["at"])}) for row in rows]

    # -- connections -----------------------------------------------------------------------

    @contextmanager
    def _read(self, what: str) -> Iterator[Connection]:
        try:
            with self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StorageError(f"{self._label}: cannot read {what}: {_reason(exc)}") from exc

    @contextmanager
    def _write(self, what: str) -> Iterator[Connection]:
        """One write transaction, holding the store's writer lock until it ends."""
        try:
            with self._engine.connect() as conn:
                conn.execution_options(**{_WRITE: True})
                with conn.begin():
                    if self._postgres:
                        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK})
                    yield conn
        except SQLAlchemyError as exc:
            raise StorageError(f"{self._label}: cannot write {what}: {_reason(exc)}") from exc


# -- opening -------------------------------------------------------------------------------


def _parse_url(url: str) -> URL:
    text = url.strip()
    for prefix in ("postgresql://", "postgres://"):
        if text.startswith(prefix):
            text = "postgresql+psycopg://" + text[len(prefix):]
    try:
        parsed = sa.make_url(text)
    except ArgumentError as exc:
        raise StorageError(f"{url!r} is not a database URL (expected sqlite:///file.db or postgresql://...)") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        _check_sqlite_path(parsed)
    elif backend != "postgresql":
        raise StorageError(f"{parsed.render_as_string(hide_password=True)}: unsupported database {backend!r} "
                           "(use sqlite:///file.db or postgresql://...)")
    return parsed


def _check_sqlite_path(url: URL) -> None:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    path = Path(database).expanduser()
    if not path.parent.is_dir():
        raise StorageError(f"{url}: directory {path.parent} does not exist")
    if path.is_dir():
        raise StorageError(f"{url}: {path} is a directory, not a database file")


def _create_engine(url: URL) -> Engine:
    try:
        if url.get_backend_name() == "sqlite":
            engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
            sa_event.listen(engine, "connect", _sqlite_on_connect)
            sa_event.listen(engine, "begin", _sqlite_on_begin)
            return engine
        return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S})
    except (NoSuchModuleError, ImportError) as exc:
        raise MissingExtraError("psycopg", "postgres") from exc


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from the sqlite3 module, so that `_sqlite_on_begin` decides
    # how each transaction begins.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL still commits atomically and survives a killed process; only a
    # power cut can lose the last commits (never corrupt the file). FULL cost one disk
    # sync per document, half the run time of a batch.
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    # Writers take the write lock up front: a deferred transaction that reads candidates
    # and then writes could fail to upgrade its lock while another writer holds it.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- writing helpers -------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones. Make both aware."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _check_extraction(extraction: Extraction) -> None:
    document_id = extraction.document.id
    for record in (*extraction.events, *extraction.claims):
        if record.document_id != document_id:
            raise InputError(f"document {document_id}",
                             f"{type(record).__name__.lower()} {record.id} belongs to document {record.document_id}")


def _has_text(conn: Connection, text_sha256: str) -> bool:
    return conn.execute(_HAS_TEXT, {"text_sha256": text_sha256}).first() is not None


@dataclass(slots=True)
class _Batch:
    """One write transaction's clock and actor, and the audit rows it writes when it ends."""

    conn: Connection
    at: dt.datetime
    actor: str
    audit_rows: list[dict[str, Any]] = field(default_factory=list)

    def audit(self, entity: str, entity_id: str, action: str, *, old: dict[str, Any] | None = None,
              new: dict[str, Any] | None = None, reason: str | None = None) -> None:
        """Queue an audit row; `flush` writes the queue."""
        self.audit_rows.append({"at": self.at, "actor": self.actor, "entity": entity, "entity_id": entity_id,
                                "action": action, "old": old, "new": new, "reason": reason})

    def flush(self) -> None:
        """Write the queued audit rows in one statement (inside the transaction)."""
        if self.audit_rows:
            self.conn.execute(_INSERT_AUDIT, self.audit_rows)
            self.audit_rows = []


def _document_row(document: Document, signature: bytes | None, duplicate_of: str | None,
                  now: dt.datetime, run_id: str) -> dict[str, Any]:
    return {
        "id": document.id, "text_sha256": document.text_sha256, "raw_sha256": document.raw_sha256,
        "title": document.title, "publisher": document.publisher, "url": document.url,
        "published": document.published, "language": document.language, "origin": document.origin,
        "text": document.text, "signature": signature, "duplicate_of": duplicate_of,
        "ingested_at": now, "run_id": run_id,
    }


def _document_from_row(row: Any) -> Document:
    return Document(
        id=row["id"], text=row["text"], raw_sha256=row["raw_sha256"], text_sha256=row["text_sha256"],
        title=row["title"], publisher=row["publisher"], url=row["url"], published=row["published"],
        language=row["language"], origin=row["origin"],
    )


def _store_claims(batch: _Batch, found: tuple[Claim, ...], duplicate_of: str | None) -> None:
    """Insert a document's claims, less those a copy repeats from its original, and audit them."""
    if duplicate_of is not None:
        known = {_claim_key(c) for c in _original_claims(batch.conn, duplicate_of)}
        found = tuple(c for c in found if _claim_key(c) not in known)
    if not found:
        return
    batch.conn.execute(_INSERT_CLAIM, [_claim_row(c) for c in found])
    for claim in found:
        batch.audit("claim", claim.id, "create", new=claim.to_dict())


def _original_claims(conn: Connection, original: str) -> list[Claim]:
    """The claims stored for `original` and for the documents it is itself a copy of.

    A copy of a copy finds its claims stored under the first document, not the copy.
    """
    chain: list[str] = []
    document_id: str | None = original
    while document_id is not None and document_id not in chain:
        chain.append(document_id)
        document_id = conn.execute(_ORIGINAL_OF, {"document_id": document_id}).scalar_one_or_none()
    return [codec.claim_from_json(r) for r in conn.execute(_CLAIMS_OF, {"document_ids": chain}).scalars()]


def _claim_key(claim: Claim) -> tuple[str, int | None, int | None, str | None]:
    """What makes two claims the same assertion: what, bounds and the source's name."""
    return (claim.what, claim.quantity.low, claim.quantity.high, claim.source.name if claim.source else None)


def _claim_row(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id, "document_id": claim.document_id, "what": claim.what,
        "quantity_low": claim.quantity.low, "quantity_high": claim.quantity.high,
        "victim_category": claim.victim_category, "record": codec.claim_to_json(claim),
    }


def _event_row(event: Event, incident_id: int | None) -> dict[str, Any]:
    place = event.place
    return {
        "id": event.id, "document_id": event.document_id, "incident_id": incident_id,
        "event_type": event.event_type, "sub_event_type": event.sub_event_type, "method": event.method,
        "date_start": event.when.start, "date_end": event.when.end,
        "country_code": place.country_code if place else None,
        "admin1": place.admin1 if place else None,
        "geonameid": place.geonameid if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "fatalities_low": event.fatalities.low, "fatalities_high": event.fatalities.high,
        "graphic": event.graphic, "record": codec.event_to_json(event),
    }


def _assign(batch: _Batch, event: Event, resolver: Resolver, duplicate_of: str | None) -> int:
    """Store `event`, attached to the incident the resolver matches or to a new one.

    A copy's event tries the incidents holding its original's events first; failing those,
    and for every other event, the incidents in the resolver's date window.
    """
    conn = batch.conn
    candidates: list[Incident] = []
    match = None
    if duplicate_of is not None:
        candidates = _load_candidates(conn, _copy_candidate_ids(conn, event, duplicate_of))
        match = resolver.match(event, candidates) if candidates else None
    if match is None:
        tried = {int(c.id) for c in candidates}
        more = _load_candidates(conn, [i for i in _window_candidate_ids(conn, event, resolver) if i not in tried])
        match = resolver.match(event, more) if more else None
        candidates += more
    if match is not None:
        if match.id not in {c.id for c in candidates}:
            raise StorageError(f"event {event.id}: the resolver matched incident {match.id}, not a candidate")
        key = int(match.id)
        joined = (*match.events, event)
        status = _automatic_status(Incident(id=match.id, events=joined, status=match.status))
        after = _summary(Incident(id=match.id, events=joined, status=status))
        conn.execute(_INSERT_EVENT, _event_row(event, key))
        conn.execute(_UPDATE_INCIDENT, {"incident_key": key, "updated_at": batch.at, **_columns(after)})
        batch.audit("incident", match.id, "attach", old=_summary(match), new={**after, "event_id": event.id})
    else:
        after = _summary(Incident(id="new", events=(event,)))
        key = conn.execute(
            _INSERT_INCIDENT, {"created_at": batch.at, "updated_at": batch.at, **_columns(after)}
        ).inserted_primary_key[0]
        conn.execute(_INSERT_EVENT, _event_row(event, key))
        batch.audit("incident", str(key), "create", new={**after, "event_id": event.id})
    batch.audit("event", event.id, "create", new={"document_id": event.document_id, "incident_id": str(key)})
    return key


def _candidate_query(*, copy: bool) -> sa.Select[Any]:
    """Incident ids holding an event of the original (`copy`), or an event in a date window.

    An incident that already holds an event of the same document is never a candidate: one
    document's events are distinct happenings.
    """
    query = sa.select(events.c.incident_id).where(events.c.incident_id.is_not(None)).distinct()
    if copy:
        query = query.where(events.c.document_id == sa.bindparam("original"))
    else:
        query = query.where(events.c.date_start <= sa.bindparam("high"),
                            sa.func.coalesce(events.c.date_end, events.c.date_start) >= sa.bindparam("low"))
    same_document = sa.select(events.c.incident_id).where(
        events.c.document_id == sa.bindparam("document_id"), events.c.incident_id.is_not(None))
    return query.where(events.c.incident_id.not_in(same_document)).order_by(events.c.incident_id)


_COPY_CANDIDATES = _candidate_query(copy=True)
_WINDOW_CANDIDATES = _candidate_query(copy=False)


def _copy_candidate_ids(conn: Connection, event: Event, original: str) -> list[int]:
    """Incidents holding an event of the document that `event`'s document copies."""
    return list(conn.execute(_COPY_CANDIDATES, {"original": original, "document_id": event.document_id}).scalars())


def _window_candidate_ids(conn: Connection, event: Event, resolver: Resolver) -> list[int]:
    """Incidents with an event in the resolver's date window; none for an event of unknown date."""
    low, high = resolver.candidate_window(event)
    if low is None and high is None:
        return []
    params = {"low": low or dt.date.min, "high": high or dt.date.max, "document_id": event.document_id}
    return list(conn.execute(_WINDOW_CANDIDATES, params).scalars())


def _load_candidates(conn: Connection, incident_ids: list[int]) -> list[Incident]:
    return _rebuild(conn, _CANDIDATE_QUERIES, {"incident_ids": incident_ids}) if incident_ids else []


def _automatic_status(incident: Incident) -> str:
    """Promote an unverified incident to corroborated once two independent sources report it.

    Statuses set by people (confirmed, discounted) and `contested` are never changed here.
    """
    if incident.status not in _AUTOMATIC_STATUSES:
        return incident.status
    sources = independent_count([e.attribution for e in incident.events])
    return "corroborated" if sources >= 2 else incident.status


def _summary(incident: Incident) -> dict[str, Any]:
    """The incident's summary columns as JSON (for the audit log)."""
    data = incident.to_dict()
    place = data["place"] or {}
    return {
        "status": incident.status,
        "event_type": data["event_type"],
        "sub_event_type": data["sub_event_type"],
        "method": data["method"],
        "date_start": data["date"]["start"],
        "country_code": place.get("country_code"),
        "admin1": place.get("admin1"),
        "fatalities_low": data["fatalities_low"],
        "fatalities_high": data["fatalities_high"],
    }


def _columns(summary: dict[str, Any]) -> dict[str, Any]:
    start = summary["date_start"]
    return {**summary, "date_start": dt.date.fromisoformat(start) if start else None}


# -- reading helpers -------------------------------------------------------------------------


def _incident_key(incident_id: str | int) -> int:
    try:
        return int(incident_id)
    except (TypeError, ValueError):
        raise NotFoundError(f"incident {incident_id!r} does not exist: incident ids are integers") from None


def _incident_condition(filters: dict[str, Any]) -> sa.ColumnElement[bool]:
    unknown = sorted(set(filters) - set(_INCIDENT_FILTERS))
    if unknown:
        raise ConfigError(f"unknown incident filter {', '.join(unknown)}; valid: {', '.join(_INCIDENT_FILTERS)}")
    clauses: list[sa.ColumnElement[bool]] = [sa.true()]
    for name in ("event_type", "country_code", "admin1", "status"):
        if filters.get(name) is not None:
            clauses.append(incidents.c[name] == filters[name])
    if filters.get("since") is not None:
        clauses.append(incidents.c.date_start >= _as_date(filters["since"], "since"))
    if filters.get("until") is not None:
        clauses.append(incidents.c.date_start <= _as_date(filters["until"], "until"))
    return sa.and_(*clauses)


def _as_date(value: dt.date | str, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a date (expected YYYY-MM-DD)") from None


def _rebuild_queries(condition: sa.ColumnElement[bool]) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The statuses, and the events with their documents' originals, of the incidents matching `condition`."""
    statuses = sa.select(incidents.c.id, incidents.c.status).where(condition).order_by(incidents.c.id)
    rows = (
        sa.select(events.c.incident_id, events.c.record, documents.c.duplicate_of)
        .join(documents, events.c.document_id == documents.c.id)
        .join(incidents, events.c.incident_id == incidents.c.id)
        .where(condition)
        .order_by(events.c.incident_id, documents.c.ingested_at, documents.c.id, events.c.id)
    )
    return statuses, rows


_CANDIDATE_QUERIES = _rebuild_queries(incidents.c.id.in_(sa.bindparam("incident_ids", expanding=True)))


def _rebuild(conn: Connection, queries: tuple[sa.Select[Any], sa.Select[Any]],
             params: dict[str, Any] | None = None) -> list[Incident]:
    """Incident records, rebuilt from their stored events, for `_rebuild_queries`' incidents.

    A copy is listed among an incident's duplicate documents only where the incident also
    holds an event of the document it copies; elsewhere its event is a report of its own.
    """
    status_query, row_query = queries
    statuses = dict(conn.execute(status_query, params).all())
    grouped: dict[int, list[Event]] = {}
    originals: dict[int, dict[str, str]] = {}
    for incident_id, record, duplicate_of in conn.execute(row_query, params):
        event = codec.event_from_json(record)
        grouped.setdefault(incident_id, []).append(event)
        if duplicate_of is not None:
            originals.setdefault(incident_id, {})[event.document_id] = duplicate_of
    incidents_found = []
    for key, status in statuses.items():
        if key not in grouped:
            continue
        held = {e.document_id for e in grouped[key]}
        copies = tuple(d for d, original in originals.get(key, {}).items() if original in held)
        incidents_found.append(Incident(id=str(key), events=tuple(grouped[key]), status=status,
                                        duplicate_documents=copies))
    return incidents_found
