"""Casualty statistics over incidents: counts and low/high fatality totals by any fields.

Incidents are counted, never events: several reports of one happening add one incident.
Claims (aggregate figures a source asserts) are never added in here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tally.errors import ConfigError
from tally.records import Incident

UNKNOWN = "unknown"
#: The value of `grave_violation` for an incident with no grave violation flagged.
NO_GRAVE_VIOLATION = "none"
_DATED = ("day", "week", "month")


@dataclass(frozen=True, slots=True)
class StatRow:
    """One group: its key values (in the order of `by`) and its totals."""

    keys: tuple[str, ...]
    incidents: int
    fatalities_low: int
    fatalities_high: int
    events: int

    def to_dict(self, by: Sequence[str]) -> dict[str, Any]:
        """The row as a flat dict, keyed by the field names it was grouped by."""
        return {
            **dict(zip(by, self.keys, strict=True)),
            "incidents": self.incidents,
            "fatalities_low": self.fatalities_low,
            "fatalities_high": self.fatalities_high,
            "events": self.events,
        }


def _one(value: object) -> tuple[str, ...]:
    return (str(value) if value not in (None, "") else UNKNOWN,)


def _many(values: Sequence[object], empty: str = UNKNOWN) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(str(v) for v in values if v not in (None, "")))
    return found or (empty,)


def _place(incident: Incident, attribute: str) -> tuple[str, ...]:
    place = incident.lead.place or next((e.place for e in incident.events if e.place), None)
    return _one(getattr(place, attribute) if place else None)


def _date(incident: Incident, length: int, precisions: Sequence[str]) -> tuple[str, ...]:
    lead = incident.lead
    when = lead.when if lead.when.precision != "unknown" else next(
        (e.when for e in incident.events if e.when.precision != "unknown"), lead.when)
    if when.start is None or when.precision not in precisions:
        return (UNKNOWN,)
    return (when.start.isoformat()[:length],)


_FIELDS: dict[str, Callable[[Incident], tuple[str, ...]]] = {
    "event_type": lambda i: _one(i.lead.event_type),
    "sub_event_type": lambda i: _one(i.lead.sub_event_type),
    "method": lambda i: _one(i.lead.method),
    "perpetrator": lambda i: _many([a.name for e in i.events for a in e.perpetrators]),
    "country": lambda i: _place(i, "country_code"),
    "admin1": lambda i: _place(i, "admin1"),
    "year": lambda i: _date(i, 4, (*_DATED, "year")),
    "month": lambda i: _date(i, 7, _DATED),
    "victim_category": lambda i: _many([v.category for v in i.lead.victims]),
    "status": lambda i: _one(i.status),
    "grave_violation": lambda i: _many([g for e in i.events for g in e.grave_violations], NO_GRAVE_VIOLATION),
}

#: The fields `stats` can group by.
STAT_FIELDS: tuple[str, ...] = tuple(_FIELDS)


def stats(incidents: Sequence[Incident], by: Sequence[str]) -> list[StatRow]:
    """Group `incidents` by the fields `by` and total each group.

    Fields (`STAT_FIELDS`): event_type, sub_event_type, method, perpetrator, country (ISO
    code), admin1, year, month ("YYYY-MM"; only dates known to the week or better), victim_category,
    status, grave_violation. Categorical values come from the incident's lead event; place and
    date from the lead, else the first event that has one.

    Multi-valued fields count an incident once under *each* of its values: an incident with
    two perpetrators counts under both, as do incidents with several victim categories or
    grave violations, so the rows of such a field can add up to more than the incidents.
    Missing values group as "unknown"; an incident with no grave violation flagged groups
    under grave_violation "none".

    Totals: `fatalities_low` adds each incident's low figure (unknown counts 0);
    `fatalities_high` adds its high figure, or its low figure where no high one is known.
    Rows come largest first (by incidents), ties in key order. `by=()` gives one total row.
    Raises `ConfigError` naming an unknown field and listing the valid ones.
    """
    unknown = [name for name in by if name not in _FIELDS]
    if unknown:
        raise ConfigError(f"cannot group by {', '.join(unknown)}: valid fields are {', '.join(STAT_FIELDS)}")
    totals: dict[tuple[str, ...], list[int]] = {}
    for incident in incidents:
        low = incident.fatalities_low or 0
        high = incident.fatalities_high if incident.fatalities_high is not None else low
        for keys in itertools.product(*(_FIELDS[name](incident) for name in by)):
            row = totals.setdefault(keys, [0, 0, 0, 0])
            row[0] += 1
            row[1] += low
            row[2] += high
            row[3] += len(incident.events)
    rows = [StatRow(keys, *values) for keys, values in totals.items()]
    return sorted(rows, key=lambda r: (-r.incidents, r.keys))
