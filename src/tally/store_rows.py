"""Rows of the incident database: one document's writes, and incidents rebuilt from rows.

`tally.store.Store` opens connections and transactions; this module holds what runs inside
them: the prepared statements, the batch of one document's rows and audit entries, event to
incident assignment, and the rebuilding of `Incident` records from stored events.

Reviewers' decisions (`tally.review`) bind every automatic run here: `assign` never attaches
a report to an incident it was split out of (cannot-link), matches a merged incident part by
part (must-link), and recomputing a summary keeps the fields and status a person set.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tally import codec
from tally.errors import ConfigError, InputError, NotFoundError, StorageError
from tally.migrations.tables import audit_log, cannot_links, claims, documents, events, incidents
from tally.records import (
    INCIDENT_STATUSES,
    Claim,
    Document,
    Event,
    Extraction,
    Incident,
    Quantity,
    independent_count,
)
from tally.settings import IncidentPolicy

if TYPE_CHECKING:
    from tally.incidents import Resolver

_INCIDENT_FILTERS = ("event_type", "country_code", "admin1", "since", "until", "status")

INSERT_DOCUMENT = documents.insert()
_INSERT_CLAIM = claims.insert()
_INSERT_EVENT = events.insert()
_INSERT_INCIDENT = incidents.insert()
_INSERT_AUDIT = audit_log.insert()
#: The key is a bind parameter of its own: an UPDATE's SET takes the column names. Every
#: update bumps the version (and callers name themselves in `updated_by`), so that a reviewer
#: who decided on an older version is refused rather than silently overwriting.
UPDATE_INCIDENT = (incidents.update().where(incidents.c.id == sa.bindparam("incident_key"))
                   .values(version=incidents.c.version + 1))
#: Events of these incidents that came in by a reviewer's merge, with the incident they came from.
_MERGED_PARTS = sa.select(events.c.id, events.c.merged_from).where(
    events.c.incident_id.in_(sa.bindparam("incident_ids", expanding=True)), events.c.merged_from.is_not(None))
#: Incidents that a reviewer split a document out of: that document's events never return.
_CANNOT_LINK = sa.select(cannot_links.c.incident_id).where(
    cannot_links.c.document_id.in_(sa.bindparam("document_ids", expanding=True)), cannot_links.c.active)
#: Whether any reviewer merge (an event's `merged_from`) or active split is stored. MAX reads
#: one end of the merged_from index; SQLite plans `EXISTS (... IS NOT NULL)` as a table scan.
_ANY_REVIEW_LINK = sa.select(sa.or_(sa.select(sa.func.max(events.c.merged_from)).scalar_subquery().is_not(None),
                                    sa.exists().where(cannot_links.c.active)))
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
    policy: IncidentPolicy = field(default_factory=IncidentPolicy)
    _review_links: bool | None = None

    def has_review_links(self) -> bool:
        """Whether any reviewer merge or split is stored: without one, the searches for the
        incidents they bind can be left out. Read once per transaction: no merge or split is
        made inside a run's transaction, and the writer lock keeps other writers out."""
        if self._review_links is None:
            self._review_links = bool(self.conn.execute(_ANY_REVIEW_LINK).scalar())
        return self._review_links

    def audit(self, entity: str, entity_id: str, action: str, *, old: dict[str, Any] | None = None,
              new: dict[str, Any] | None = None, reason: str | None = None) -> None:
        """Queue an audit row; `flush` writes the queue."""
        self.audit_rows.append({"at": self.at, "actor": self.actor, "entity": entity, "entity_id": entity_id,
                                "action": action, "old": old, "new": new, "reason": reason})

    def flush(self, *, copy: bool = False) -> None:
        """Write the queued audit rows in one statement (inside the transaction); with
        `copy`, on PostgreSQL, by COPY (a bulk load's thousands of rows)."""
        if not self.audit_rows:
            return
        if copy and self.conn.dialect.name == "postgresql":
            _copy_audit(self.conn, self.audit_rows)
        else:
            self.conn.execute(_INSERT_AUDIT, self.audit_rows)
        self.audit_rows = []


#: The audit log's columns in the order `_copy_audit` writes them.
_AUDIT_COLUMNS = ("at", "actor", "entity", "entity_id", "action", "old", "new", "reason")


def _copy_audit(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """COPY audit rows into PostgreSQL on the transaction's own connection. JSON payloads
    are serialised as SQLAlchemy's JSON type does (`json.dumps`), None as NULL."""
    statement = f"COPY {audit_log.name} ({', '.join(_AUDIT_COLUMNS)}) FROM STDIN"
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([
                json.dumps(row[c]) if c in ("old", "new") and row[c] is not None else row[c] for c in _AUDIT_COLUMNS])


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


def add_document(batch: Batch, extraction: Extraction, resolver: Resolver, run_id: str, signature: bytes | None,
                 duplicate_of: str | None) -> list[str]:
    """Insert a document with its claims and events, inside `batch`'s transaction, clustering
    the events into incidents; the ids of the incidents touched ([] for a text already stored).
    `Store.add_extraction` documents the rules."""
    document = extraction.document
    conn = batch.conn
    if has_text(conn, document.text_sha256):
        return []
    if duplicate_of is not None and conn.execute(DOCUMENT_EXISTS, {"document_id": duplicate_of}).first() is None:
        raise NotFoundError(f"document {document.id}: duplicate_of {duplicate_of} is not stored")
    conn.execute(INSERT_DOCUMENT, document_row(document, signature, duplicate_of, batch.at, run_id))
    batch.audit("document", document.id, "create", new={
        "title": document.title, "url": document.url, "duplicate_of": duplicate_of})
    store_claims(batch, extraction.claims, duplicate_of)
    touched: dict[str, None] = {}
    for event in extraction.events:
        touched.setdefault(str(assign(batch, event, resolver, duplicate_of)), None)
    return list(touched)


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
        "long_span": _long_span(event.when.start, event.when.end),
    }


def _long_span(start: dt.date | None, end: dt.date | None) -> bool:
    """Whether an event's dates lie more than `_SHORT_SPAN_DAYS` apart (found by the long search)."""
    return start is not None and end is not None and (end - start).days > _SHORT_SPAN_DAYS


def assign(batch: Batch, event: Event, resolver: Resolver, duplicate_of: str | None) -> int:
    """Store `event`, attached to the incident the resolver matches or to a new one.

    A copy's event tries the incidents holding its original's events first; failing those,
    and for every other event, the incidents in the resolver's date window.
    """
    conn = batch.conn
    candidates: list[Incident] = []
    match = None
    refused = _split_from(batch, event, duplicate_of)
    if duplicate_of is not None:
        ids = [i for i in _copy_candidate_ids(conn, event, duplicate_of) if i not in refused]
        candidates = _load_candidates(conn, ids, batch.policy)
        match = _match(batch, resolver, event, candidates)
    if match is None:
        tried = {int(c.id) for c in candidates} | refused
        more = _load_candidates(conn, [i for i in _window_candidate_ids(conn, event, resolver) if i not in tried],
                                batch.policy)
        match = _match(batch, resolver, event, more)
        candidates += more
    if match is not None:
        if match.id not in {c.id for c in candidates}:
            raise StorageError(f"event {event.id}: the resolver matched incident {match.id}, not a candidate")
        key = int(match.id)
        joined = replace(match, events=(*match.events, event))
        after = _summary(replace(joined, status=automatic_status(joined, batch.policy)))
        conn.execute(_INSERT_EVENT, _event_row(event, key))
        conn.execute(UPDATE_INCIDENT, {"incident_key": key, "updated_at": batch.at, "updated_by": batch.actor,
                                       **_columns(after)})
        batch.audit("incident", match.id, "attach", old=_summary(match), new={**after, "event_id": event.id})
    else:
        after = _summary(Incident(id="new", events=(event,)))
        key = conn.execute(
            _INSERT_INCIDENT, {"created_at": batch.at, "updated_at": batch.at, "updated_by": batch.actor,
                               **_columns(after)}
        ).inserted_primary_key[0]
        conn.execute(_INSERT_EVENT, _event_row(event, key))
        batch.audit("incident", str(key), "create", new={**after, "event_id": event.id})
    batch.audit("event", event.id, "create", new={"document_id": event.document_id, "incident_id": str(key)})
    from tally.reresolution import reresolve  # regroups the incidents around it (arrival order independence)

    return reresolve(batch, event, resolver, int(key), None if duplicate_of else [int(c.id) for c in candidates])


#: Days an event's dates may span and still be found by the date index alone (a month: day,
#: week and month precision). Longer spans ("in 2015", "since June 2014") are found by a
#: second, separate search on their end date; see `_candidate_query`.
_SHORT_SPAN_DAYS = 31


def _candidate_query(kind: str, *, country: bool = False) -> sa.Select[Any]:
    """Incident ids holding an event of the original (`kind` "copy"), or an event in a date window.

    An incident that already holds an event of the same document is never a candidate: one
    document's events are distinct happenings.

    The window search must stay cheap however many events are stored. An event overlaps the
    window [low, high] when it starts by `high` and ends on or after `low`; bounded on one
    side only, either condition reads every older (or newer) event. So it is two searches:
    "short", events starting in [since, high] with `since` = low - _SHORT_SPAN_DAYS (one
    bounded range of the date index: nearly every event), and "long", events starting before
    `since` and ending on or after `low`: only an event spanning more than _SHORT_SPAN_DAYS can,
    and those are flagged (`long_span`, indexed with `date_end`), so this search reads the
    rare long spans alone, however the archive was ordered. With `country`, events in
    another country are left out: the resolver rules such a pair out (a hard block in
    `tally.incidents`), so their incidents could not match, and loading them is most of the
    cost of a busy window.

    The statements carry no DISTINCT, ORDER BY or `incident_id IS NOT NULL`: each would
    invite SQLite, which keeps no statistics here, to walk the whole incident_id index
    instead of the date range. `_window_candidate_ids` drops NULLs and sorts.
    """
    same_document = sa.select(events.c.incident_id).where(
        events.c.document_id == sa.bindparam("document_id"), events.c.incident_id.is_not(None))
    query = sa.select(events.c.incident_id).where(events.c.incident_id.not_in(same_document))
    if kind == "copy":
        return query.where(events.c.document_id == sa.bindparam("original"))
    if country:
        query = query.where(sa.or_(events.c.country_code.is_(None),
                                   sa.func.upper(events.c.country_code) == sa.bindparam("country_code")))
    if kind == "short":
        return query.where(events.c.date_start >= sa.bindparam("since"), events.c.date_start <= sa.bindparam("high"),
                           sa.func.coalesce(events.c.date_end, events.c.date_start) >= sa.bindparam("low"))
    return query.where(events.c.long_span == sa.true(), events.c.date_end >= sa.bindparam("low"),
                       events.c.date_start < sa.bindparam("since"))


_COPY_CANDIDATES = _candidate_query("copy")
#: (short, long) window searches, without and with the country condition.
_WINDOW_CANDIDATES = (_candidate_query("short"), _candidate_query("long"))
_WINDOW_CANDIDATES_IN_COUNTRY = (_candidate_query("short", country=True), _candidate_query("long", country=True))


def _copy_candidate_ids(conn: Connection, event: Event, original: str) -> list[int]:
    """Incidents holding an event of the document that `event`'s document copies."""
    found = conn.execute(_COPY_CANDIDATES, {"original": original, "document_id": event.document_id}).scalars()
    return sorted({i for i in found if i is not None})


def _window_candidate_ids(conn: Connection, event: Event, resolver: Resolver) -> list[int]:
    """Incidents with an event in the resolver's date window (and, where `event`'s country is
    known, in that country or none); none for an event of unknown date."""
    low, high = resolver.candidate_window(event)
    if low is None and high is None:
        return []
    low, high = low or dt.date.min, high or dt.date.max
    short_span = dt.timedelta(days=_SHORT_SPAN_DAYS)
    since = low - short_span if low - dt.date.min > short_span else dt.date.min
    params = {"low": low, "high": high, "since": since, "document_id": event.document_id}
    country = event.place.country_code if event.place else None
    queries = _WINDOW_CANDIDATES
    if country:
        queries, params = _WINDOW_CANDIDATES_IN_COUNTRY, {**params, "country_code": country.upper()}
    found = {i for query in queries for i in conn.execute(query, params).scalars()}
    found.discard(None)
    return sorted(found)


def _load_candidates(conn: Connection, incident_ids: list[int], policy: IncidentPolicy | None = None) -> list[Incident]:
    return rebuild(conn, _CANDIDATE_QUERIES, {"incident_ids": incident_ids}, policy) if incident_ids else []


def _match(batch: Batch, resolver: Resolver, event: Event, candidates: list[Incident]) -> Incident | None:
    """The candidate `event` joins, if any; a reviewer-merged incident is matched part by part.

    A merge is a must-link: a person decided that reports the resolver kept apart (a toll of
    2 and one of 20, a town and a town 60 km off) are one happening. Scored as a whole, such
    an incident could match no new report; scored as its merged parts, a report that fits any
    part joins the whole.
    """
    if not candidates:
        return None
    if not batch.has_review_links():
        return resolver.match(event, candidates)
    ids = [int(c.id) for c in candidates]
    merged = {event_id: part for event_id, part in batch.conn.execute(_MERGED_PARTS, {"incident_ids": ids})}
    if not merged:
        return resolver.match(event, candidates)
    views: list[Incident] = []
    for incident in candidates:
        parts: dict[int | None, list[Event]] = {}
        for held in incident.events:
            parts.setdefault(merged.get(held.id), []).append(held)
        views += [replace(incident, events=tuple(part)) for part in parts.values()]
    found = resolver.match(event, views)
    return None if found is None else next(c for c in candidates if c.id == found.id)


def _split_from(batch: Batch, event: Event, duplicate_of: str | None) -> set[int]:
    """Incidents a reviewer split `event`'s document (or the document it copies) out of.

    A cannot-link: neither the split report nor a syndicated copy of it is ever pulled back.
    """
    if not batch.has_review_links():
        return set()
    documents_ids = [event.document_id] + ([duplicate_of] if duplicate_of else [])
    return set(batch.conn.execute(_CANNOT_LINK, {"document_ids": documents_ids}).scalars())


def automatic_status(incident: Incident, policy: IncidentPolicy) -> str:
    """The status the reports give an incident, unless a person set one (then that one).

    contested: two reports' tolls conflict beyond the policy's tolerance, or one report
    denies deaths that another reports; corroborated: two or more independent sources;
    unverified: one.
    """
    pinned, status = incident.edited("status")
    if pinned:
        return status
    if tolls_conflict([e.fatalities for e in incident.events], policy):
        return "contested"
    sources = independent_count([e.attribution for e in incident.events])
    return "corroborated" if sources >= 2 else "unverified"


def tolls_conflict(tolls: list[Quantity], policy: IncidentPolicy) -> bool:
    """Whether the tolls of an incident's reports contradict one another.

    Each report is a range (a party's "0, claimed 40" spans 0..40, "at least 15" starts at
    15): they conflict when the highest low lies beyond the lowest high by more than the
    tolerance (ratio and margin both), or when one report says nobody died and another
    gives deaths.
    """
    known = [q for q in tolls if q.known]
    if len(known) < 2:
        return False
    if any(q.qualifier == "none" and q.high == 0 for q in known) and any((q.low or 0) > 0 for q in known):
        return True
    lowest_high = min(q.high if q.high is not None else q.low for q in known)
    highest_low = max(q.low if q.low is not None else 0 for q in known)
    return (highest_low > policy.contested_ratio * lowest_high
            and highest_low - lowest_high > policy.contested_margin)


def load_incidents(conn: Connection, incident_ids: list[int], policy: IncidentPolicy) -> list[Incident]:
    """Incident records (with their events and reviewers' values) by id, inside a transaction."""
    return _load_candidates(conn, incident_ids, policy)


def resummarise(incident: Incident, policy: IncidentPolicy) -> dict[str, Any]:
    """The summary columns of `incident` as it now stands (events and reviewers' values),
    its status recomputed; for an UPDATE through `summary_columns`, and for the audit log."""
    return _summary(replace(incident, status=automatic_status(incident, policy)))


def summary(incident: Incident) -> dict[str, Any]:
    """The summary an incident record holds now (its stored status), as the audit log shows it."""
    return _summary(incident)


def summary_columns(summary: dict[str, Any]) -> dict[str, Any]:
    """A summary as column values (dates as dates)."""
    return _columns(summary)


def create_incident(batch: Batch, held: tuple[Event, ...]) -> tuple[int, dict[str, Any]]:
    """Insert an incident row for events about to be moved into it; its key and summary."""
    after = resummarise(Incident(id="new", events=held, estimate_policy=batch.policy.best_estimate), batch.policy)
    key = batch.conn.execute(_INSERT_INCIDENT, {"created_at": batch.at, "updated_at": batch.at,
                                                "updated_by": batch.actor, **_columns(after)}).inserted_primary_key[0]
    return int(key), after


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
    for name in ("event_type", "country_code", "admin1"):
        if filters.get(name) is not None:
            clauses.append(incidents.c[name] == filters[name])
    if filters.get("status") is not None:
        clauses.append(incidents.c.status.in_(_statuses(filters["status"])))
    if filters.get("since") is not None:
        clauses.append(incidents.c.date_start >= _as_date(filters["since"], "since"))
    if filters.get("until") is not None:
        clauses.append(incidents.c.date_start <= _as_date(filters["until"], "until"))
    return sa.and_(*clauses)


def _statuses(value: str | list[str] | tuple[str, ...]) -> list[str]:
    """One status or several (any of them); `ConfigError` naming one that does not exist."""
    wanted = [value] if isinstance(value, str) else list(value)
    unknown = [s for s in wanted if s not in INCIDENT_STATUSES]
    if unknown:
        raise ConfigError(f"no incident status {', '.join(map(repr, unknown))}; valid: {', '.join(INCIDENT_STATUSES)}")
    return wanted


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
    """The states (status, version, reviewers' values), and the events with their documents'
    originals, of the incidents matching `condition`."""
    statuses = (sa.select(incidents.c.id, incidents.c.status, incidents.c.version, incidents.c.overrides)
                .where(condition).order_by(incidents.c.id))
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
             params: dict[str, Any] | None = None, policy: IncidentPolicy | None = None) -> list[Incident]:
    """Incident records, rebuilt from their stored events, for `rebuild_queries`' incidents.

    A copy is listed among an incident's duplicate documents only where the incident also
    holds an event of the document it copies; elsewhere its event is a report of its own.
    The reviewers' values (`overrides`) come with each record and win over computed ones.
    An incident without events (merged into another) is left out.
    """
    status_query, row_query = queries
    estimate = (policy or IncidentPolicy()).best_estimate
    states = {key: (status, version, overrides) for key, status, version, overrides in conn.execute(status_query, params)}
    grouped: dict[int, list[Event]] = {}
    originals: dict[int, dict[str, str]] = {}
    for incident_id, record, duplicate_of in conn.execute(row_query, params):
        event = codec.event_from_json(record)
        grouped.setdefault(incident_id, []).append(event)
        if duplicate_of is not None:
            originals.setdefault(incident_id, {})[event.document_id] = duplicate_of
    incidents_found = []
    for key, (status, version, overrides) in states.items():
        if key not in grouped:
            continue
        held = {e.document_id for e in grouped[key]}
        copies = tuple(d for d, original in originals.get(key, {}).items() if original in held)
        incidents_found.append(Incident(id=str(key), events=tuple(grouped[key]), status=status,
                                        duplicate_documents=copies, edits=tuple((overrides or {}).items()),
                                        version=version, estimate_policy=estimate))
    return incidents_found
