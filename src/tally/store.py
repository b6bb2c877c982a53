"""The incident database: documents, events, claims, incidents and the audit log.

One code path for SQLite (the default: one file, WAL mode, foreign keys on) and PostgreSQL
(`postgresql://...`, run through psycopg). The schema comes from the Alembic migrations in
`tally/migrations`, applied by `Store.open`. Events and claims are kept whole as JSON
(`tally.codec`) beside indexed summary columns used for filtering and candidate search.

Every `add_extraction` is one transaction: a crash in the middle of a batch leaves each
document either complete (document, events, claims, incident links, audit rows) or absent.
A bulk load (`Store.bulk`, one Dask partition) is one transaction for all its documents.
Writers are serialised (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory lock), so two
processes never cluster the same happening into two incidents because neither saw the other.

Reviewers' decisions (merge, split, edit, status, note) go through `Store.reviewer`
(`tally.review`); each incident carries a version that every change bumps, so that a decision
made on an older version is refused rather than silently overwriting a newer one.

Statements are built once, at import, with bind parameters, and executed with parameter
dicts: SQLAlchemy then neither re-coerces values nor re-walks a new statement per row, and a
document's claims and audit rows each go in one `executemany`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    NoSuchModuleError,
    SQLAlchemyError,
)

from tally import codec
from tally.errors import MissingExtraError, NotFoundError, StorageError
from tally.migrations.tables import audit_log, claims, documents, events, incidents
from tally.records import (
    Claim,
    Document,
    Event,
    Extraction,
    Incident,
)
from tally.store_rows import (
    Batch,
    add_document,
    aware,
    check_extraction,
    document_from_row,
    has_text,
    incident_condition,
    incident_key,
    now,
    rebuild,
    rebuild_queries,
)
from tally.settings import IncidentPolicy

if TYPE_CHECKING:
    from tally.incidents import Resolver
    from tally.review import Reviewer

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_WRITE = "tally_write"

#: Seconds a SQLite writer waits for another writer's lock before giving up. A document's
#: transaction takes milliseconds; 30 s covers a slow disk and a long batch beside it.
SQLITE_BUSY_TIMEOUT_S = 30
#: Seconds to wait for a PostgreSQL server before reporting it unreachable.
PG_CONNECT_TIMEOUT_S = 10
#: Rows fetched per query when streaming signatures (bounded memory, few round trips).
SIGNATURE_PAGE = 1000
#: Key of the PostgreSQL advisory lock that serialises writers ("TALLY" in ASCII).
PG_WRITE_LOCK = 0x54414C4C59

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

    def __init__(self, engine: Engine, policy: IncidentPolicy | None = None) -> None:
        """Wrap an engine made by `Store.open`; call `open` rather than this."""
        self._engine = engine
        self._label = engine.url.render_as_string(hide_password=True)
        self._postgres = engine.dialect.name == "postgresql"
        self.policy = policy or IncidentPolicy()

    @classmethod
    def open(cls, url: str, *, policy: IncidentPolicy | None = None) -> Store:
        """Open (creating or migrating as needed) the database at `url`.

        `sqlite:///path.db` or `postgresql[+psycopg]://user@host/db`. Raises `StorageError`
        with a one-line reason for a bad URL, a missing directory or an unreachable server.
        `policy` (default: `Settings().incident_policy`) sets incidents' best estimate and
        the tolerance beyond which their tolls are contested.
        """
        engine = _create_engine(_parse_url(url))
        store = cls(engine, policy)
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
        check_extraction(extraction)
        try:
            with self._write(f"document {document.id}") as conn:
                batch = Batch(conn, now(), f"run:{run_id}", policy=self.policy)
                touched = add_document(batch, extraction, resolver, run_id, signature, duplicate_of)
                batch.flush()
                return touched
        except StorageError as exc:
            if isinstance(exc.__cause__, IntegrityError) and self.has_document(document.text_sha256):
                return []  # another writer stored the same text first
            raise

    @contextmanager
    def bulk(self, what: str, run_id: str) -> Iterator[BulkWriter]:
        """One write transaction for many documents: a bulk load (`tally.scale` stores a
        partition in one). The writer's `add_extraction` is the store's, less the transaction
        of its own: the whole load commits or rolls back together, and the audit rows of all
        its documents are written at its end (by COPY on PostgreSQL), stamped with its start."""
        with self._write(what) as conn:
            batch = Batch(conn, now(), f"run:{run_id}", policy=self.policy)
            yield BulkWriter(batch)
            batch.flush(copy=True)

    def set_status(self, incident_id: str | int, status: str, *, actor: str, reason: str | None = None) -> Incident:
        """Set an incident's status by hand (a reviewer's decision, kept by later runs), audited.

        Shorthand for `store.reviewer(actor).set_status(...)`.
        """
        return self.reviewer(actor).set_status(incident_id, status, reason=reason)

    def reviewer(self, actor: str) -> Reviewer:
        """The review operations (merge, split, edit, status, note, history) done as `actor`."""
        from tally.review import Reviewer

        return Reviewer(self, actor)

    @contextmanager
    def transaction(self, what: str, actor: str) -> Iterator[Batch]:
        """One write transaction as `actor`: its batch's audit rows are written when it ends.

        For `tally.review`; an exception inside rolls everything back.
        """
        with self._write(what) as conn:
            batch = Batch(conn, now(), actor, policy=self.policy)
            yield batch
            batch.flush()

    # -- reading ---------------------------------------------------------------------------

    def has_document(self, text_sha256: str) -> bool:
        """Whether a document with this normalised-text hash is stored."""
        with self._read("documents") as conn:
            return has_text(conn, text_sha256)

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
        """Incidents, oldest id first, filtered by event_type, country_code, admin1, status
        (one, or a list of which any), since and until (dates, or ISO strings, on the
        incident's start date). An incident merged into another is never among them."""
        condition = incident_condition(filters)
        with self._read("incidents") as conn:
            return rebuild(conn, rebuild_queries(condition), policy=self.policy)

    def incident(self, incident_id: str | int) -> Incident:
        """One incident by id; `NotFoundError` if there is none or it was merged into another."""
        key = incident_key(incident_id)
        with self._read(f"incident {incident_id}") as conn:
            found = rebuild(conn, rebuild_queries(incidents.c.id == key), policy=self.policy)
            merged_into = None if found else conn.execute(
                sa.select(incidents.c.merged_into).where(incidents.c.id == key)).scalar_one_or_none()
        if merged_into is not None:
            raise NotFoundError(f"incident {incident_id} was merged into incident {merged_into}")
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
            return [document_from_row(row) for row in rows.mappings()]

    def document(self, document_id: str) -> Document:
        """One document by id; `NotFoundError` if there is none."""
        with self._read(f"document {document_id}") as conn:
            row = conn.execute(sa.select(documents).where(documents.c.id == document_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"document {document_id} does not exist")
        return document_from_row(row)

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
        return [AuditEntry(**{**row, "at": aware(row["at"])}) for row in rows]

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


class BulkWriter:
    """Adds documents inside one `Store.bulk` transaction."""

    def __init__(self, batch: Batch) -> None:
        self._batch = batch

    def has_document(self, text_sha256: str) -> bool:
        """Whether a document with this normalised-text hash is stored (this load's included)."""
        return has_text(self._batch.conn, text_sha256)

    def add_extraction(self, extraction: Extraction, *, resolver: Resolver, run_id: str,
                       signature: bytes | None = None, duplicate_of: str | None = None) -> list[str]:
        """`Store.add_extraction` inside the bulk transaction."""
        check_extraction(extraction)
        return add_document(self._batch, extraction, resolver, run_id, signature, duplicate_of)


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
