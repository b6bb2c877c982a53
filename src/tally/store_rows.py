"""Rows of the incident database: one document's writes, and incidents rebuilt from rows.

`tally.store.Store` opens connections and transactions; this module holds what runs inside
them: the prepared statements, the batch of one document's rows and audit entries, event to
incident assignment, and the rebuilding of `Incident` records from stored events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tally import codec
from tally.errors import ConfigError, InputError, NotFoundError, StorageError
from tally.migrations.tables import audit_log, claims, documents, events, incidents
from tally.records import (
    Claim,
    Document,
    Event,
    Extraction,
    Incident,
    independent_count,
)

if TYPE_CHECKING:
    from tally.incidents import Resolver

_INCIDENT_FILTERS = ("event_type", "country_code", "admin1", "since", "until", "status")
_AUTOMATIC_STATUSES = ("unverified", "corroborated")

INSERT_DOCUMENT = documents.insert()
_INSERT_CLAIM = claims.insert()
_INSERT_EVENT = events.insert()
_INSERT_INCIDENT = incidents.insert()
_INSERT_AUDIT = audit_log.insert()
#: The key is a bind parameter of its own: an UPDATE's SET takes the column names.
UPDATE_INCIDENT = incidents.update().where(incidents.c.id == sa.bindparam("incident_key"))
_HAS_TEXT = sa.select(documents.c.id).where(documents.c.text_sha256 == sa.bindparam("text_sha256"))
DOCUMENT_EXISTS = sa.select(documents.c.id).where(documents.c.id == sa.bindparam("document_id"))
_ORIGINAL_OF = sa.select(documents.c.duplicate_of).where(documents.c.id == sa.bindparam("document_id"))
_CLAIMS_OF = sa.select(claims.c.record).where(
    claims.c.document_id.in_(sa.bindparam("document_ids", expanding=True))).order_by(claims.c.id)



# -- writing helpers -------------------------------------------------------------------------


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive UTC datetimes; PostgreSQL aware ones. Make both aware."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def check_extraction(extraction: Extraction) -> None:
    document_id = extraction.document.id
    for record in (*extraction.events, *extraction.claims):
        if record.document_id != document_id:
            raise InputError(f"document {document_id}",
                             f"{type(record).__name__.lower()} {record.id} belongs to document {record.document_id}")


def has_text(conn: Connection, text_sha256: str) -> bool:
    return conn.execute(_HAS_TEXT, {"text_sha256": text_sha256}).first() is not None


@dataclass(slots=True)
class Batch:
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


def document_row(document: Document, signature: bytes | None, duplicate_of: str | None,
                  now: dt.datetime, run_id: str) -> dict[str, Any]:
    return {
        "id": document.id, "text_sha256": document.text_sha256, "raw_sha256": document.raw_sha256,
        "title": document.title, "publisher": document.publisher, "url": document.url,
        "published": document.published, "language": document.language, "origin": document.origin,
        "text": document.text, "signature": signature, "duplicate_of": duplicate_of,
        "ingested_at": now, "run_id": run_id,
    }


def document_from_row(row: Any) -> Document:
    return Document(
        id=row["id"], text=row["text"], raw_sha256=row["raw_sha256"], text_sha256=row["text_sha256"],
        title=row["title"], publisher=row["publisher"], url=row["url"], published=row["published"],
        language=row["language"], origin=row["origin"],
    )


def store_claims(batch: Batch, found: tuple[Claim, ...], duplicate_of: str | None) -> None:
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


def assign(batch: Batch, event: Event, resolver: Resolver, duplicate_of: str | None) -> int:
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
        conn.execute(UPDATE_INCIDENT, {"incident_key": key, "updated_at": batch.at, **_columns(after)})
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
    return rebuild(conn, _CANDIDATE_QUERIES, {"incident_ids": incident_ids}) if incident_ids else []


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


def incident_key(incident_id: str | int) -> int:
    try:
        return int(incident_id)
    except (TypeError, ValueError):
        raise NotFoundError(f"incident {incident_id!r} does not exist: incident ids are integers") from None


def incident_condition(filters: dict[str, Any]) -> sa.ColumnElement[bool]:
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


def rebuild_queries(condition: sa.ColumnElement[bool]) -> tuple[sa.Select[Any], sa.Select[Any]]:
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


_CANDIDATE_QUERIES = rebuild_queries(incidents.c.id.in_(sa.bindparam("incident_ids", expanding=True)))


def rebuild(conn: Connection, queries: tuple[sa.Select[Any], sa.Select[Any]],
             params: dict[str, Any] | None = None) -> list[Incident]:
    """Incident records, rebuilt from their stored events, for `rebuild_queries`' incidents.

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
