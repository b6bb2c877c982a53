"""The review commands of `tally`: merge, split, edit, status, note, history.

Registered on the app of `tally.cli` (imported at its end). Each command is one call of
`tally.review.Reviewer`; a `TallyError` becomes a message on stderr and exit code 1.
"""

from __future__ import annotations

import getpass
import json
import os
from enum import Enum
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from tally.cli import DbOption, _fail, _open_store, app, out
from tally.errors import ReviewError, TallyError

ReasonOption = Annotated[str, typer.Option("--reason", help="Why: kept in the audit log beside the change.")]
AsOption = Annotated[Optional[str], typer.Option("--as", help="Who decides (default: $USER, else 'cli').")]
VersionOption = Annotated[Optional[int], typer.Option(
    "--expect-version", help="The incident version you decided on (`tally show`): refused if it changed since.")]


class HistoryFormat(str, Enum):
    table = "table"
    json = "json"


def _actor(as_: str | None) -> str:
    if as_:
        return as_
    try:
        return os.environ.get("USER") or getpass.getuser() or "cli"
    except (KeyError, OSError):
        return "cli"


def _reviewer(db: str | None, as_: str | None):
    store = _open_store(db)
    return store, store.reviewer(_actor(as_))


def _done(message: str) -> None:
    out.print(escape(message), highlight=False, soft_wrap=True)


@app.command()
def merge(
    into: Annotated[str, typer.Argument(help="The incident that stays.")],
    other: Annotated[str, typer.Argument(help="The incident merged into it (kept, marked as merged).")],
    reason: ReasonOption,
    as_: AsOption = None,
    version: VersionOption = None,
    other_version: Annotated[Optional[int], typer.Option(
        "--expect-other-version", help="The version of OTHER you decided on (--expect-version is INTO's).")] = None,
    db: DbOption = None,
) -> None:
    """Merge two incidents that are one happening; later runs never split them again.

    Example: tally merge 12 15 --reason "same strike, two tolls" --expect-version 3 --expect-other-version 1
    """
    try:
        store, reviewer = _reviewer(db, as_)
        with store:
            incident = reviewer.merge(into, other, reason=reason, versions=(version, other_version))
    except TallyError as exc:
        raise _fail(exc) from exc
    _done(f"incident {other} merged into incident {into}: {len(incident.events)} reports, "
          f"status {incident.status}, version {incident.version}")


@app.command()
def split(
    incident_id: Annotated[str, typer.Argument(help="The incident to split a report out of.")],
    reason: ReasonOption,
    document: Annotated[Optional[str], typer.Option("--document", help="A document id: its reports (and its copies').")] = None,
    event: Annotated[Optional[str], typer.Option("--event", help="One event id.")] = None,
    as_: AsOption = None,
    version: VersionOption = None,
    db: DbOption = None,
) -> None:
    """Move one report out of an incident into a new one; it never returns to the first.

    Example: tally split 12 --document doc-3f2a9c01b7e4 --reason "a different attack"
    """
    try:
        store, reviewer = _reviewer(db, as_)
        with store:
            created = reviewer.split(incident_id, document=document, event=event, reason=reason, version=version)
    except TallyError as exc:
        raise _fail(exc) from exc
    _done(f"split out of incident {incident_id} into new incident {created.id}: "
          + ", ".join(e.id for e in created.events))


@app.command()
def edit(
    incident_id: Annotated[str, typer.Argument(help="The incident.")],
    field: Annotated[str, typer.Argument(help="event_type, sub_event_type, method, perpetrators (';'-separated), "
                                              "date, place, admin1, country_code, fatalities_low, fatalities_high, fatalities_best.")],
    reason: ReasonOption,
    value: Annotated[Optional[str], typer.Argument(help="The value; a date is YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Drop the reviewer's value: the reports decide again.")] = False,
    as_: AsOption = None,
    version: VersionOption = None,
    db: DbOption = None,
) -> None:
    """Set a field of an incident by hand; later runs keep it over the computed value.

    Example: tally edit 12 fatalities_high 14 --reason "hospital list of 14 names"
    """
    try:
        if (value is None) != clear:
            raise ReviewError(f"edit {incident_id} {field}", "give a VALUE, or --clear to drop the reviewer's value")
        store, reviewer = _reviewer(db, as_)
        with store:
            incident = reviewer.edit(incident_id, field, value, reason=reason, version=version)
    except TallyError as exc:
        raise _fail(exc) from exc
    from tally.review import field_value

    shown = field_value(incident, field)
    _done(f"incident {incident_id}: {field} " + (f"set to {shown}" if not clear else f"back to the reports' value: {shown}"))


@app.command()
def status(
    incident_id: Annotated[str, typer.Argument(help="The incident.")],
    new_status: Annotated[str, typer.Argument(
        metavar="STATUS", help="confirmed, discounted, unverified, corroborated, contested, or automatic.")],
    reason: ReasonOption,
    as_: AsOption = None,
    version: VersionOption = None,
    db: DbOption = None,
) -> None:
    """Set an incident's status; 'automatic' lets the reports decide again.

    Example: tally status 12 discounted --reason "the video is from 2013"
    """
    try:
        store, reviewer = _reviewer(db, as_)
        with store:
            incident = reviewer.set_status(incident_id, new_status, reason=reason, version=version)
    except TallyError as exc:
        raise _fail(exc) from exc
    _done(f"incident {incident_id}: status {incident.status}")


@app.command()
def note(
    incident_id: Annotated[str, typer.Argument(help="The incident.")],
    text: Annotated[str, typer.Argument(help="The note.")],
    as_: AsOption = None,
    db: DbOption = None,
) -> None:
    """Add a note to an incident's history.

    Example: tally note 12 "asked the provincial health office for the list of names"
    """
    try:
        store, reviewer = _reviewer(db, as_)
        with store:
            reviewer.note(incident_id, text)
    except TallyError as exc:
        raise _fail(exc) from exc
    _done(f"incident {incident_id}: note added")


@app.command()
def history(
    incident_id: Annotated[str, typer.Argument(help="The incident.")],
    format: Annotated[HistoryFormat, typer.Option("--format")] = HistoryFormat.table,
    db: DbOption = None,
) -> None:
    """Show an incident's story from the audit log, oldest first: who changed what, when and why.

    Example: tally history 12 --format json
    """
    try:
        store, reviewer = _reviewer(db, None)
        with store:
            entries = reviewer.history(incident_id)
    except TallyError as exc:
        raise _fail(exc) from exc
    rows = [{"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action, "old": e.old, "new": e.new,
             "reason": e.reason} for e in entries]
    if format is HistoryFormat.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"History of incident {incident_id}", show_lines=True)
    for column in ("when", "who", "action", "change", "why"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(escape(row["at"][:19].replace("T", " ")), escape(row["actor"]), escape(row["action"]),
                      escape(change_text(row["action"], row["old"], row["new"])), escape(row["reason"] or ""))
    out.print(table)


def change_text(action: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> str:
    """One line saying what an audit row changed: "field: old -> new" for what differs."""
    old, new = old or {}, new or {}
    if action == "note":
        return str(new.get("note", ""))
    if action == "refused":
        return (f"{new.get('action')} refused: decided on version {old.get('version')}, "
                f"now {new.get('version')} by {new.get('changed_by')}")
    parts = [f"{k}: {_short(old.get(k))} -> {_short(v)}" for k, v in new.items() if old.get(k) != v and k in old]
    parts += [f"{k}: {_short(v)}" for k, v in new.items() if k not in old and v not in (None, [], {})]
    return "; ".join(parts)


def _short(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "-" if value is None else str(value)
