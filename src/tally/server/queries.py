"""Incident lists and statistics for the API, filtered, paged and grouped in the database.

Most filters are columns of the `incidents` table, which every write keeps equal to the
incident as `Incident.to_dict` shows it (reviewers' values included): dates, country,
admin1, event type, method, status and publication go into the WHERE clause, and a list
page is a COUNT plus a LIMIT/OFFSET on the id, so only the page's incidents are rebuilt from
their events.

The rest is read from the events' JSON: actor (any report's perpetrators), victim category
(the lead report's), grave violation (any report's) and the bounding box (the lead report's
place, or the first report that has one). The box narrows the candidates in SQL first (some
report of the incident lies in it); then these filters are checked in Python on each
candidate, rebuilt `CHUNK` at a time in id order, counting every match for the total and
keeping the page's slice, so paging stays exact.

Statistics grouped only by column fields (`SQL_STAT_FIELDS`), under column filters only,
are a GROUP BY; other groupings rebuild the matching incidents and use `tally.stats`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tally.migrations.tables import events, incidents
from tally.records import Incident
from tally.stats import DISCOUNTED, UNKNOWN, StatRow, stats
from tally.store_rows import incident_condition, rebuild, rebuild_queries

if TYPE_CHECKING:
    from tally.server.views import IncidentFilter
    from tally.store import Store

#: Incidents rebuilt per round when a filter is checked in Python: bounds memory on a large
#: database while keeping round trips few (a page of the dashboard is 500).
CHUNK = 500
#: Stat fields that are columns of `incidents`, each as `tally.stats` reads it from `to_dict`.
SQL_STAT_FIELDS: dict[str, sa.ColumnElement[Any]] = {
    "event_type": incidents.c.event_type,
    "sub_event_type": incidents.c.sub_event_type,
    "method": incidents.c.method,
    "country": incidents.c.country_code,
    "admin1": incidents.c.admin1,
    "status": incidents.c.status,
}
#: An incident merged into another keeps its row but holds no event; it is never listed.
_HAS_EVENTS = sa.exists().where(events.c.incident_id == incidents.c.id)

#: An incident with its JSON (`published` added), as the list and export endpoints show it.
Found = tuple[Incident, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a filtered list, and how many incidents the whole list holds."""

    total: int
    items: list[Found]


def sql_condition(wanted: IncidentFilter) -> sa.ColumnElement[bool]:
    """What the database checks of `wanted`; exact but for the bounding box, which it narrows."""
    clauses = [incident_condition(wanted.store_filters()), _HAS_EVENTS]
    if wanted.method:
        clauses.append(sa.func.lower(incidents.c.method) == wanted.method.lower())
    if wanted.published is not None:
        clauses.append(incidents.c.published == wanted.published)
    if wanted.bbox is not None:
        west, south, east, north = wanted.bbox
        clauses.append(sa.exists().where(events.c.incident_id == incidents.c.id,
                                         events.c.longitude.between(west, east),
                                         events.c.latitude.between(south, north)))
    return sa.and_(*clauses)


def in_python(wanted: IncidentFilter) -> bool:
    """Whether some filter of `wanted` is checked on rebuilt incidents (`IncidentFilter.keeps`)."""
    return bool(wanted.bbox is not None or wanted.actor or wanted.victim_category or wanted.grave_violation)


def incident_page(store: Store, wanted: IncidentFilter, limit: int, offset: int) -> Page:
    """Incidents passing `wanted`, oldest id first: `limit` of them from `offset`, and the total."""
    condition = sql_condition(wanted)
    with store._read("incidents") as conn:  # noqa: SLF001 (the store's one read path)
        if not in_python(wanted):
            total = conn.execute(sa.select(sa.func.count()).select_from(incidents).where(condition)).scalar_one()
            keys = list(conn.execute(sa.select(incidents.c.id).where(condition).order_by(incidents.c.id)
                                     .limit(limit).offset(offset)).scalars())
            return Page(total, _load(conn, keys, store))
        total, kept = 0, []
        for found in _scan(conn, condition, wanted, store):
            if offset <= total < offset + limit:
                kept.append(found)
            total += 1
        return Page(total, kept)


def find_incidents(store: Store, wanted: IncidentFilter) -> list[Found]:
    """Every incident passing `wanted`, oldest id first (for exports and Python statistics)."""
    with store._read("incidents") as conn:  # noqa: SLF001
        return list(_scan(conn, sql_condition(wanted), wanted, store))


def incident_stats(store: Store, wanted: IncidentFilter, by: Sequence[str], *,
                   include_discounted: bool = False) -> list[StatRow]:
    """`tally.stats.stats` of the incidents passing `wanted`: in SQL where every field and
    filter is a column, else over the rebuilt incidents. Same rows, same order."""
    if in_python(wanted) or any(name not in SQL_STAT_FIELDS for name in by):
        found = find_incidents(store, wanted)
        return stats([incident for incident, _ in found], by, include_discounted=include_discounted)
    condition = sql_condition(wanted)
    if not include_discounted:
        condition = sa.and_(condition, incidents.c.status != DISCOUNTED)
    keys = [sa.func.coalesce(sa.func.nullif(SQL_STAT_FIELDS[name], ""), UNKNOWN) for name in by]
    low = sa.func.coalesce(incidents.c.fatalities_low, 0)
    high = sa.func.coalesce(incidents.c.fatalities_high, incidents.c.fatalities_low, 0)
    held = (sa.select(events.c.incident_id, sa.func.count().label("n"))
            .group_by(events.c.incident_id).subquery())
    query = (sa.select(*keys, sa.func.count(), sa.func.sum(low), sa.func.sum(high), sa.func.sum(held.c.n))
             .select_from(incidents.join(held, held.c.incident_id == incidents.c.id))
             .where(condition).group_by(*keys))
    with store._read("statistics") as conn:  # noqa: SLF001
        found = conn.execute(query).all()
    rows = [StatRow(tuple(row[:len(by)]), *(int(v) for v in row[len(by):]))
            for row in found if row[len(by)]]  # no GROUP BY: one row, of zeros when nothing matched
    return sorted(rows, key=lambda r: (-r.incidents, r.keys))


def _scan(conn: Connection, condition: sa.ColumnElement[bool], wanted: IncidentFilter,
          store: Store) -> Iterator[Found]:
    """The incidents matching `condition` that also pass `wanted`'s Python filters, in id order."""
    after = 0
    while True:
        keys = list(conn.execute(sa.select(incidents.c.id).where(condition, incidents.c.id > after)
                                 .order_by(incidents.c.id).limit(CHUNK)).scalars())
        for found in _load(conn, keys, store):
            if wanted.keeps(found[1]):
                yield found
        if len(keys) < CHUNK:
            return
        after = keys[-1]


def _load(conn: Connection, keys: list[int], store: Store) -> list[Found]:
    """The incidents `keys` rebuilt from their events, in id order, each with its JSON."""
    if not keys:
        return []
    chosen = incidents.c.id.in_(keys)
    shown = set(conn.execute(sa.select(incidents.c.id).where(chosen, incidents.c.published == sa.true())).scalars())
    found = rebuild(conn, rebuild_queries(chosen), policy=store.policy)
    return [(incident, {**incident.to_dict(), "published": int(incident.id) in shown}) for incident in found]
