"""Casualty statistics over incidents: counts and low/high fatality totals by any fields.

Incidents are counted, never events: several reports of one happening add one incident
(an incident a reviewer merged into another counts as that one). Claims (aggregate figures a
source asserts) are never added in here, nor, unless asked for, incidents a reviewer discounted.
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
#: The status of an incident a reviewer judged not to have happened as reported.
DISCOUNTED = "discounted"
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


def _place(data: dict[str, Any], key: str) -> tuple[str, ...]:
    return _one((data["place"] or {}).get(key))


def _date(data: dict[str, Any], length: int, precisions: Sequence[str]) -> tuple[str, ...]:
    when = data["date"]
    if not when["start"] or when["precision"] not in precisions:
        return (UNKNOWN,)
    return (when["start"][:length],)


#: Each field read from the incident as `Incident.to_dict` shows it: the reviewers' values
#: over the computed ones, so that stats agree with `tally show` and `tally incidents`.
_FIELDS: dict[str, Callable[[dict[str, Any]], tuple[str, ...]]] = {
    "event_type": lambda d: _one(d["event_type"]),
    "sub_event_type": lambda d: _one(d["sub_event_type"]),
    "method": lambda d: _one(d["method"]),
    "perpetrator": lambda d: _many(d["perpetrators"]),
    "country": lambda d: _place(d, "country_code"),
    "admin1": lambda d: _place(d, "admin1"),
    "year": lambda d: _date(d, 4, (*_DATED, "year")),
    "month": lambda d: _date(d, 7, _DATED),
    "victim_category": lambda d: _many([v["category"] for v in d["victims"]]),
    "status": lambda d: _one(d["status"]),
    "grave_violation": lambda d: _many(d["grave_violations"], NO_GRAVE_VIOLATION),
}

#: The fields `stats` can group by.
STAT_FIELDS: tuple[str, ...] = tuple(_FIELDS)


def stats(incidents: Sequence[Incident], by: Sequence[str], *, include_discounted: bool = False) -> list[StatRow]:
    """Group `incidents` by the fields `by` and total each group.

    Fields (`STAT_FIELDS`): event_type, sub_event_type, method, perpetrator, country (ISO
    code), admin1, year, month ("YYYY-MM"; only dates known to the week or better), victim_category,
    status, grave_violation. Each value is the incident's as shown (`Incident.to_dict`): a
    reviewer's value where one was set, else the lead event's (place and date: the lead's,
    else the first event that has one).

    Incidents a reviewer discounted (judged not to have happened as reported) are left out
    of every total unless `include_discounted`; they stay in the database, marked.

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
        if incident.status == DISCOUNTED and not include_discounted:
            continue
        data = incident.to_dict()
        low = data["fatalities_low"] or 0
        high = data["fatalities_high"] if data["fatalities_high"] is not None else low
        for keys in itertools.product(*(_FIELDS[name](data) for name in by)):
            row = totals.setdefault(keys, [0, 0, 0, 0])
            row[0] += 1
            row[1] += low
            row[2] += high
            row[3] += len(incident.events)
    rows = [StatRow(keys, *values) for keys, values in totals.items()]
    return sorted(rows, key=lambda r: (-r.incidents, r.keys))
