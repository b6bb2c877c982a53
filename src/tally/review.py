"""Reviewers' decisions on incidents: merge, split, edit a field, set a status, add a note.

A machine that clusters reports will sometimes join two happenings or split one; a person
who knows better corrects it, and the correction must hold: every later automatic run keeps
it. So each decision is stored as a constraint, not only as its effect:

- a merge moves the other incident's reports in and marks the other `merged_into` (it stays,
  with its story); new reports then meet the merged incident only;
- a split moves a report (a document's events, or one event) into a new incident and records
  a cannot-link: neither that report nor a syndicated copy of it is ever attached to the
  incident it left;
- an edit stores the reviewer's value, kept over the value recomputed from the reports;
- a status set by a person is kept until a person sets another ("automatic" hands it back).

Every change appends to the audit log (what, old and new values, who, when, why). Nothing is
deleted. Each incident has a version, bumped by every change; a decision that names the
version it was made on (`version=`) is refused with `ConflictError` when someone changed the
incident since, and the refusal is logged too, so neither reviewer's decision is lost.

Bad input (an incident merged with itself, a split that would empty an incident, an unknown
field, status or value) raises `ReviewError` before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from tally.errors import ConflictError, NotFoundError, ReviewError
from tally.migrations.tables import cannot_links, documents, events, incidents
from tally.records import EDITABLE_FIELDS, INCIDENT_STATUSES, Event, Incident
from tally.store_rows import (
    Batch,
    create_incident,
    incident_key,
    load_incidents,
    resummarise,
    summary,
    summary_columns,
)

if TYPE_CHECKING:
    from tally.store import AuditEntry, Store

#: The status a reviewer sets to hand an incident's status back to the automatic rule.
AUTOMATIC = "automatic"
#: What `tally edit` accepts for a date: a day, a month or a year.
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")

_STATE = sa.select(incidents.c.status, incidents.c.version, incidents.c.updated_by, incidents.c.merged_into,
                   incidents.c.overrides).where(incidents.c.id == sa.bindparam("incident_key"))
#: Every reviewer's write: only where the incident is still at the version the decision was made on.
_GUARDED_UPDATE = (incidents.update()
                   .where(incidents.c.id == sa.bindparam("incident_key"),
                          incidents.c.version == sa.bindparam("expected_version"))
                   .values(version=incidents.c.version + 1))
#: A split's events become the new incident's own (no merged part).
_MOVE_EVENTS = (events.update().where(events.c.id.in_(sa.bindparam("event_ids", expanding=True)))
                .values(incident_id=sa.bindparam("to_incident"), merged_from=None))
#: A merge's events keep the incident they came from (the first one, over repeated merges),
#: so that new reports are matched against each merged part (`tally.store_rows._match`).
_MERGE_EVENTS = (events.update().where(events.c.incident_id == sa.bindparam("from_incident"))
                 .values(incident_id=sa.bindparam("to_incident"),
                         merged_from=sa.func.coalesce(events.c.merged_from, sa.bindparam("from_incident"))))
_ORIGINALS = sa.select(documents.c.id, documents.c.duplicate_of).where(
    documents.c.id.in_(sa.bindparam("document_ids", expanding=True)))


@dataclass(frozen=True, slots=True)
class _State:
    """An incident row's review state, read inside the decision's transaction."""

    key: int
    status: str
    version: int
    updated_by: str | None
    merged_into: int | None
    overrides: dict[str, Any]


class Reviewer:
    """The review operations of one person (or program) on a `Store`: `store.reviewer("ana")`."""

    def __init__(self, store: Store, actor: str) -> None:
        if not actor or not actor.strip():
            raise ReviewError("reviewer", "a review decision needs the name of who made it")
        self.store = store
        self.actor = actor.strip()

    # -- decisions --------------------------------------------------------------------------

    def merge(self, into: str | int, other: str | int, *, reason: str,
              versions: tuple[int | None, int | None] = (None, None)) -> Incident:
        """Merge incident `other` into `into`: its reports move over, it stays, marked merged.

        `versions`: the versions of (`into`, `other`) the decision was made on, if known.
        Split constraints between the two are lifted (this later decision overrules them, and
        the audit log says so); `other`'s reviewer values fill the fields `into` lacks.
        """
        a, b = _key(into), _key(other)
        _need_reason("merge", reason)
        if a == b:
            raise ReviewError(f"merge {into} {other}", f"incident {into} cannot be merged with itself")
        attempt = {"action": "merge", "into": str(a), "other": str(b)}

        def change(batch: Batch) -> None:
            state_a, state_b = _open_state(batch, a), _open_state(batch, b)
            _check(state_a, versions[0], attempt)
            _check(state_b, versions[1], attempt)
            target, absorbed = _incident(batch, a), _incident(batch, b)
            moved = [e.id for e in absorbed.events]
            carried = _lift_cannot_links(batch, a, b, target, absorbed, reason)
            overrides = {**state_b.overrides, **state_a.overrides}
            taken = {k: v for k, v in state_b.overrides.items() if k not in state_a.overrides}
            joined = replace(target, events=(*target.events, *absorbed.events), edits=tuple(overrides.items()))
            after = resummarise(joined, batch.policy)
            batch.conn.execute(_MERGE_EVENTS, {"from_incident": b, "to_incident": a})
            _write(batch, state_a, attempt, overrides=overrides or None, **summary_columns(after))
            _write(batch, state_b, attempt, merged_into=a)
            batch.audit("incident", str(a), "merge", old=summary(target),
                        new={**after, "merged": str(b), "event_ids": moved, "reviewer_values_taken": taken,
                             "splits_carried": carried}, reason=reason)
            batch.audit("incident", str(b), "merged_into", old={**summary(absorbed), "merged_into": None},
                        new={"merged_into": str(a), "event_ids": moved}, reason=reason)
            for event_id in moved:
                batch.audit("event", event_id, "move", old={"incident_id": str(b)}, new={"incident_id": str(a)},
                            reason=reason)

        self._decide(f"incidents {a} and {b}", change, reason)
        return self.store.incident(a)

    def split(self, incident_id: str | int, *, document: str | None = None, event: str | None = None,
              reason: str, version: int | None = None) -> Incident:
        """Move one report out of an incident into a new incident of its own; return the new one.

        `document`: that document's events and those of its syndicated copies in the
        incident; `event`: that one event. The report never returns to this incident, nor
        does any later copy of it.
        """
        _need_reason("split", reason)
        if (document is None) == (event is None):
            raise ReviewError(f"split {incident_id}", "name exactly one report to split out: a document or an event")
        key = _key(incident_id)
        attempt = {"action": "split", "document": document, "event": event}
        created: list[int] = []

        def change(batch: Batch) -> None:
            state = _open_state(batch, key)
            _check(state, version, attempt)
            incident = _incident(batch, key)
            moving = _split_events(batch, incident, document, event)
            moved = [e.id for e in moving]
            staying = tuple(e for e in incident.events if e.id not in moved)
            if not staying:
                what = f"document {document}" if document else f"event {event}"
                raise ReviewError(f"split {incident_id}", f"{what} is every report of incident {incident_id}: "
                                  "splitting it out would leave the incident empty")
            new_key, new_summary = create_incident(batch, moving)
            batch.conn.execute(_MOVE_EVENTS, {"event_ids": moved, "to_incident": new_key})
            after = resummarise(replace(incident, events=staying), batch.policy)
            _write(batch, state, attempt, **summary_columns(after))
            split_documents = sorted({e.document_id for e in moving})
            batch.conn.execute(cannot_links.insert(), [
                {"incident_id": key, "document_id": d, "created_at": batch.at, "actor": batch.actor,
                 "reason": reason, "active": True} for d in split_documents])
            batch.audit("incident", str(key), "split", old=summary(incident),
                        new={**after, "split_to": str(new_key), "event_ids": moved, "documents": split_documents},
                        reason=reason)
            batch.audit("incident", str(new_key), "create",
                        new={**new_summary, "split_from": str(key), "event_ids": moved}, reason=reason)
            for event_id in moved:
                batch.audit("event", event_id, "move", old={"incident_id": str(key)},
                            new={"incident_id": str(new_key)}, reason=reason)
            created.append(new_key)

        self._decide(f"incident {key}", change, reason)
        return self.store.incident(created[0])

    def edit(self, incident_id: str | int, field: str, value: Any, *, reason: str,
             version: int | None = None) -> Incident:
        """Set one field of an incident by hand; later runs keep it over the computed value.

        `value` may be text (as typed on the command line) or the field's own type; None
        hands the field back to the value computed from the reports.
        """
        key = _key(incident_id)
        _need_reason("edit", reason)
        if field not in EDITABLE_FIELDS:
            raise ReviewError(f"incident {incident_id}",
                              f"no field {field!r} to edit; editable fields: {', '.join(EDITABLE_FIELDS)}")
        parsed = None if value is None else parse_value(field, value)
        attempt = {"action": "edit", "field": field, "value": parsed}

        def change(batch: Batch) -> None:
            state = _open_state(batch, key)
            _check(state, version, attempt)
            incident = _incident(batch, key)
            overrides = {k: v for k, v in state.overrides.items() if k != field}
            if parsed is not None:
                overrides[field] = parsed
            edited = replace(incident, edits=tuple(overrides.items()))
            _check_fatalities(incident_id, edited)
            after = resummarise(edited, batch.policy)
            _write(batch, state, attempt, overrides=overrides or None, **summary_columns(after))
            batch.audit("incident", str(key), "edit", old={field: field_value(incident, field)},
                        new={field: field_value(edited, field), "reviewer_value": parsed is not None}, reason=reason)

        self._decide(f"incident {key}", change, reason)
        return self.store.incident(key)

    def set_status(self, incident_id: str | int, status: str, *, reason: str | None = None,
                   version: int | None = None) -> Incident:
        """Set an incident's status; later runs keep it. "automatic" hands it back to the reports.

        `confirmed` and `discounted` are only ever set this way. A discounted incident stays in
        the database, marked.
        """
        key = _key(incident_id)
        if status not in INCIDENT_STATUSES and status != AUTOMATIC:
            raise ReviewError(f"incident {incident_id}", f"status {status!r} does not exist; valid: "
                              f"{', '.join(INCIDENT_STATUSES)} (or {AUTOMATIC!r} to let the reports decide)")
        attempt = {"action": "set_status", "status": status}

        def change(batch: Batch) -> None:
            state = _open_state(batch, key)
            _check(state, version, attempt)
            incident = _incident(batch, key)
            overrides = {k: v for k, v in state.overrides.items() if k != "status"}
            if status != AUTOMATIC:
                overrides["status"] = status
            after = resummarise(replace(incident, edits=tuple(overrides.items())), batch.policy)
            _write(batch, state, attempt, overrides=overrides or None, **summary_columns(after))
            batch.audit("incident", str(key), "set_status", old={"status": state.status},
                        new={"status": after["status"], "reviewer_value": status != AUTOMATIC}, reason=reason)

        self._decide(f"incident {key}", change, reason)
        return self.store.incident(key)

    def note(self, incident_id: str | int, text: str) -> None:
        """Add a note to an incident's story. Notes change no field, so they never conflict."""
        key = _key(incident_id)
        if not text or not text.strip():
            raise ReviewError(f"incident {incident_id}", "a note needs some text")

        def change(batch: Batch) -> None:
            _read_state(batch, key)  # a note on a merged incident is still part of its story
            batch.audit("incident", str(key), "note", new={"note": text.strip()})

        self._decide(f"incident {key}", change, None)

    def history(self, incident_id: str | int) -> list[AuditEntry]:
        """The incident's story, oldest first: every automatic and human change, refusals too."""
        key = _key(incident_id)
        entries = self.store.audit("incident", str(key))
        if not entries:  # every incident's story starts with its creation
            raise NotFoundError(f"incident {key} does not exist")
        return entries

    # -- one decision, one transaction --------------------------------------------------------

    def _decide(self, what: str, change: Callable[[Batch], None], reason: str | None) -> None:
        """Run `change` in a transaction; on a conflict keep only the audit row of the refusal.

        The change runs in a savepoint, so a conflict found after some writes undoes them;
        any other error rolls back the whole transaction (nothing written, not even audit).
        """
        refused: ConflictError | None = None
        with self.store.transaction(what, self.actor) as batch:
            try:
                with batch.conn.begin_nested():
                    change(batch)
            except _Refused as exc:
                batch.audit_rows.clear()
                batch.audit("incident", exc.error.incident_id, "refused",
                            old={"version": exc.error.expected},
                            new={"version": exc.error.found, "changed_by": exc.error.changed_by, **exc.attempt},
                            reason=reason)
                refused = exc.error
        if refused is not None:
            raise refused


class _Refused(Exception):
    """A conflict, carried out of the savepoint with the attempt to log (internal)."""

    def __init__(self, error: ConflictError, attempt: Mapping[str, Any]) -> None:
        super().__init__(str(error))
        self.error = error
        self.attempt = dict(attempt)


# -- reading and guarding state ---------------------------------------------------------------


def _key(incident_id: str | int) -> int:
    return incident_key(incident_id)


def _read_state(batch: Batch, key: int) -> _State:
    row = batch.conn.execute(_STATE, {"incident_key": key}).first()
    if row is None:
        raise NotFoundError(f"incident {key} does not exist")
    status, version, updated_by, merged_into, overrides = row
    return _State(key, status, version, updated_by, merged_into, dict(overrides or {}))


def _open_state(batch: Batch, key: int) -> _State:
    """The state of an incident a decision may change: it exists and was not merged away."""
    state = _read_state(batch, key)
    if state.merged_into is not None:
        raise ReviewError(f"incident {key}", f"was merged into incident {state.merged_into}; "
                          f"review incident {state.merged_into} instead")
    return state


def _check(state: _State, expected: int | None, attempt: Mapping[str, Any]) -> None:
    """Refuse a decision made on a version the incident has since left."""
    if expected is not None and expected != state.version:
        raise _Refused(ConflictError(str(state.key), expected, state.version, state.updated_by,
                                     str(attempt["action"])), attempt)


def _write(batch: Batch, state: _State, attempt: Mapping[str, Any], **values: Any) -> None:
    """Update an incident row at the version read, bumping it; refuse if another writer got there."""
    result = batch.conn.execute(_GUARDED_UPDATE, {"incident_key": state.key, "expected_version": state.version,
                                                  "updated_at": batch.at, "updated_by": batch.actor, **values})
    if result.rowcount != 1:
        now = _read_state(batch, state.key)
        raise _Refused(ConflictError(str(state.key), state.version, now.version, now.updated_by,
                                     str(attempt["action"])), attempt)


def _incident(batch: Batch, key: int) -> Incident:
    found = load_incidents(batch.conn, [key], batch.policy)
    if not found:
        raise ReviewError(f"incident {key}", "holds no reports")
    return found[0]


def _split_events(batch: Batch, incident: Incident, document: str | None, event: str | None) -> tuple[Event, ...]:
    """The events a split moves: one event, or a document's and its copies' in the incident."""
    if event is not None:
        chosen = tuple(e for e in incident.events if e.id == event)
        if not chosen:
            raise ReviewError(f"split {incident.id}", f"event {event} is not a report of incident {incident.id} "
                              f"(its events: {', '.join(e.id for e in incident.events)})")
        return chosen
    held = {e.document_id for e in incident.events}
    originals = dict(batch.conn.execute(_ORIGINALS, {"document_ids": sorted(held)}).all())
    family = {document}
    grew = True
    while grew:  # copies of copies
        more = {d for d in held if originals.get(d) in family} - family
        family |= more
        grew = bool(more)
    chosen = tuple(e for e in incident.events if e.document_id in family)
    if not chosen:
        raise ReviewError(f"split {incident.id}", f"document {document} has no report in incident {incident.id} "
                          f"(its documents: {', '.join(sorted(held))})")
    return chosen


def _lift_cannot_links(batch: Batch, a: int, b: int, target: Incident, absorbed: Incident,
                       reason: str | None) -> list[str]:
    """Before a merge: lift the splits it overrules, and carry `b`'s others over to `a`.

    Returns the documents whose split from `b` now also keeps them out of `a`.
    """
    carried: list[str] = []
    docs_a = {e.document_id for e in target.events}
    docs_b = {e.document_id for e in absorbed.events}
    rows = batch.conn.execute(sa.select(cannot_links).where(
        cannot_links.c.incident_id.in_([a, b]), cannot_links.c.active)).mappings().all()
    for row in rows:
        overruled = (row["incident_id"] == a and row["document_id"] in docs_b) or (
            row["incident_id"] == b and row["document_id"] in docs_a)
        if overruled:
            batch.conn.execute(cannot_links.update().where(cannot_links.c.id == row["id"]).values(active=False))
            batch.audit("incident", str(row["incident_id"]), "lift_split",
                        old={"document_id": row["document_id"], "split_by": row["actor"], "split_reason": row["reason"]},
                        new={"merged": f"{a}+{b}"}, reason=reason)
        elif row["incident_id"] == b:
            carried.append(row["document_id"])
            batch.conn.execute(cannot_links.insert(), {
                "incident_id": a, "document_id": row["document_id"], "created_at": batch.at,
                "actor": batch.actor, "reason": f"carried from incident {b} on merge: {row['reason'] or ''}".rstrip(": "),
                "active": True})
    return carried


def _need_reason(action: str, reason: str | None) -> None:
    """A merge, split or edit without a reason would leave the next reviewer guessing."""
    if not reason or not reason.strip():
        article = "an" if action[0] in "aeiou" else "a"
        raise ReviewError(action, f"{article} {action} needs a reason (it is kept in the audit log beside the change)")


# -- fields -----------------------------------------------------------------------------------


def field_value(incident: Incident, field: str) -> Any:
    """The value an incident shows for an editable field (reviewer's or computed)."""
    data = incident.to_dict()
    place = data["place"] or {}
    if field == "place":
        return place.get("name")
    if field in ("admin1", "country_code"):
        return place.get(field)
    return data[field]


def parse_value(field: str, value: Any) -> Any:
    """A reviewer's value for `field` as stored (JSON); `ReviewError` naming the field if invalid."""
    text = value.strip() if isinstance(value, str) else value
    if field.startswith("fatalities_"):
        return _count(field, text)
    if field == "date":
        return _date(text)
    if field == "perpetrators":
        names = [n.strip() for n in (text.split(";") if isinstance(text, str) else text)]
        if not names or not all(names):
            raise ReviewError(f"field {field}", f"{value!r} is not a list of names (separate them with ';')")
        return names
    if not isinstance(text, str) or not text:
        raise ReviewError(f"field {field}", f"{value!r} is not a non-empty text")
    if field == "country_code":
        if not _COUNTRY.match(text):
            raise ReviewError(f"field {field}", f"{value!r} is not a two-letter country code (ISO 3166-1)")
        return text.upper()
    if field in ("event_type", "sub_event_type"):
        _check_taxonomy(field, text)
    return text


def _count(field: str, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ReviewError(f"field {field}", f"{value!r} is not a whole number") from None
    if number < 0 or (isinstance(value, float) and value != number):
        raise ReviewError(f"field {field}", f"{value!r} is not a count (a whole number, 0 or more)")
    return number


def _date(value: Any) -> dict[str, str]:
    """YYYY-MM-DD (a day), YYYY-MM (a month) or YYYY (a year) as {start, end, precision}."""
    if isinstance(value, dt.date):
        value = value.isoformat()
    match = _DATE.match(str(value))
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(g) if g else None for g in match.groups())
        if day is not None:
            start = end = dt.date(year, month, day)
            precision = "day"
        elif month is not None:
            start = dt.date(year, month, 1)
            end = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
            precision = "month"
        else:
            start, end, precision = dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    except ValueError:
        raise ReviewError("field date", f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None
    return {"start": start.isoformat(), "end": end.isoformat(), "precision": precision}


def _check_taxonomy(field: str, value: str) -> None:
    """ACLED's event types and sub-event types only: exports must load into ACLED's tools."""
    from tally.events import EVENT_TYPES

    valid = sorted(set(EVENT_TYPES.values()) if field == "event_type" else EVENT_TYPES)
    if value not in valid:
        raise ReviewError(f"field {field}",
                          f"{value!r} is not an ACLED {field.replace('_', ' ')}; valid: {', '.join(valid)}")


def _check_fatalities(incident_id: str | int, incident: Incident) -> None:
    """Refuse an edit that leaves low above high, or a best estimate outside them."""
    low, high, best = incident.fatalities_low, incident.fatalities_high, incident.fatalities_best
    if low is not None and high is not None and low > high:
        raise ReviewError(f"incident {incident_id}", f"fatalities low {low} would exceed high {high}")
    outside = best is not None and ((low is not None and best < low) or (high is not None and best > high))
    if incident.edited("fatalities_best")[0] and outside:
        raise ReviewError(f"incident {incident_id}",
                          f"best estimate {best} would lie outside fatalities {low}..{high}")
