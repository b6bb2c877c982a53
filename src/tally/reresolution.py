"""Re-resolution: incidents that do not depend on the order reports arrive in.

`tally.store_rows.assign` attaches each new event to the best incident it finds, one event
at a time. Alone, that is greedy: a follow-up that arrives before the first report can
found an incident that the first report then fails to join, where the other order would
have made one incident. So after each event is stored, the incidents around it are
grouped afresh with `tally.incidents.cluster`, whose result is a function of the set of
events alone, and events are moved where the new grouping differs from the stored one.

Around it means: the incidents holding an event in the event's date window that some chain
of comparable pairs links to it (a pair that no hard block rules out), so the regrouping
stays local and its cost does not grow with the database.

Reviewers' decisions are never undone: an incident a person touched (a merge or split, an
edited field, a status set by hand, a cannot-link) keeps its events, and no event is moved
into it here. Every move is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from tally.incidents import Comparator, ResolutionPolicy, cluster
from tally.migrations.tables import cannot_links, events, incidents
from tally.records import Event, Incident

if TYPE_CHECKING:
    from tally.incidents import Resolver
    from tally.store_rows import Batch

#: Statuses only a person sets.
_REVIEWED_STATUSES = frozenset({"confirmed", "discounted"})
_MERGED = sa.select(events.c.incident_id).where(
    events.c.incident_id.in_(sa.bindparam("incident_ids", expanding=True)), events.c.merged_from.is_not(None))
_LINKED = sa.select(cannot_links.c.incident_id).where(
    cannot_links.c.incident_id.in_(sa.bindparam("incident_ids", expanding=True)), cannot_links.c.active)
_OF_DOCUMENT = sa.select(events.c.incident_id).where(events.c.document_id == sa.bindparam("document_id"))
_MOVE = (events.update().where(events.c.id.in_(sa.bindparam("event_ids", expanding=True)))
         .values(incident_id=sa.bindparam("to_incident")))
_MARK_EMPTIED = (incidents.update().where(incidents.c.id == sa.bindparam("incident_key"))
                 .values(merged_into=sa.bindparam("into"), updated_at=sa.bindparam("at"),
                         updated_by=sa.bindparam("by"), version=incidents.c.version + 1))


# -- the plan (pure) -----------------------------------------------------------------------


def neighbourhood(seed: Sequence[Event], pool: Sequence[Incident], policy: ResolutionPolicy) -> list[Incident]:
    """The incidents of `pool` that a chain of comparable event pairs links to `seed`.

    The incidents holding a `seed` event are always in it.
    """
    compare = Comparator(policy)
    seed_ids = {e.id for e in seed}
    chosen = [i for i in pool if any(e.id in seed_ids for e in i.events)]
    held = {e.id for i in chosen for e in i.events}
    frontier = [e for i in chosen for e in i.events] + [e for e in seed if e.id not in held]
    rest = [i for i in pool if not any(e.id in held for e in i.events)]
    while frontier and rest:
        joined = [i for i in rest if any(compare.comparable(a, b) for a in frontier for b in i.events)]
        if not joined:
            break
        chosen += joined
        taken = {i.id for i in joined}
        rest = [i for i in rest if i.id not in taken]
        frontier = [e for i in joined for e in i.events]
    return chosen


def regroup(local: Sequence[Incident], policy: ResolutionPolicy) -> list[tuple[str | None, tuple[Event, ...]]]:
    """The events of `local` grouped afresh, each group with the incident id it keeps.

    A group keeps the incident holding most of its events (the smallest id among equals),
    larger groups choosing first; a group left with no incident gets None (a new one).
    """
    held = {e.id: i.id for i in local for e in i.events}
    groups = sorted(cluster([e for i in local for e in i.events], policy), key=lambda g: (-len(g), g[0].id))
    claimed: set[str] = set()
    plan: list[tuple[str | None, tuple[Event, ...]]] = []
    for group in groups:
        counts: dict[str, int] = {}
        for event in group:
            counts[held[event.id]] = counts.get(held[event.id], 0) + 1
        free = sorted((-n, int(i) if i.isdigit() else 0, i) for i, n in counts.items() if i not in claimed)
        target = free[0][2] if free else None
        if target is not None:
            claimed.add(target)
        plan.append((target, group))
    return plan


def unchanged(local: Sequence[Incident], plan: Sequence[tuple[str | None, tuple[Event, ...]]]) -> bool:
    """Whether `plan` leaves every event where it is."""
    held = {e.id: i.id for i in local for e in i.events}
    return all(target is not None and all(held[e.id] == target for e in group) for target, group in plan)


# -- applying it -----------------------------------------------------------------------------


def reresolve(batch: Batch, event: Event, resolver: Resolver, key: int, window: Sequence[int] | None = None) -> int:
    """Regroup the incidents around `event` (just stored in incident `key`); its incident now.

    `window`: the ids of the incidents in the event's date window that `assign` has just
    searched (sparing a second search); None to search here.
    """
    from tally.store_rows import _window_candidate_ids, load_incidents

    conn = batch.conn
    if window is None:  # every incident in the window, those holding this document's other events included
        window = _window_candidate_ids(conn, replace(event, document_id=""), resolver)
    ids = sorted(set(window) | {key} | _document_incidents(conn, event.document_id))
    loaded = load_incidents(conn, ids, batch.policy)
    reviewed = _reviewed(batch, loaded)
    if str(key) in reviewed:
        return key
    local = neighbourhood([event], [i for i in loaded if i.id not in reviewed], resolver.policy)
    plan = regroup(local, resolver.policy)
    if unchanged(local, plan):
        return key
    return _apply(batch, local, plan, event)


def _document_incidents(conn: Any, document_id: str) -> set[int]:
    """The incidents holding an event of the document (links in a chain of comparable events)."""
    return {i for i in conn.execute(_OF_DOCUMENT, {"document_id": document_id}).scalars() if i is not None}


def _reviewed(batch: Batch, loaded: Sequence[Incident]) -> set[str]:
    """Ids of the incidents a person has decided on: they are left as they are."""
    ids = [int(i.id) for i in loaded]
    found = {i.id for i in loaded if i.edits or i.status in _REVIEWED_STATUSES}
    if ids and batch.has_review_links():
        found |= {str(i) for i in batch.conn.execute(_MERGED, {"incident_ids": ids}).scalars()}
        found |= {str(i) for i in batch.conn.execute(_LINKED, {"incident_ids": ids}).scalars()}
    return found


def _apply(batch: Batch, local: Sequence[Incident], plan: Sequence[tuple[str | None, tuple[Event, ...]]],
           event: Event) -> int:
    from tally.store_rows import UPDATE_INCIDENT, create_incident, resummarise, summary, summary_columns

    conn = batch.conn
    before = {i.id: i for i in local}
    held = {e.id: i.id for i in local for e in i.events}
    reason = "re-resolution: incidents regrouped after a new report, independent of arrival order"
    now_in: dict[str, str] = {}
    kept: set[str] = set()
    for target, group in plan:
        if target is None:
            new_key, after = create_incident(batch, group)
            target = str(new_key)
            batch.audit("incident", target, "create", new={**after, "event_ids": [e.id for e in group]}, reason=reason)
        else:
            kept.add(target)
            incident = replace(before[target], events=group)
            if {e.id for e in group} != {e.id for e in before[target].events}:
                after = resummarise(incident, batch.policy)
                conn.execute(UPDATE_INCIDENT, {"incident_key": int(target), "updated_at": batch.at,
                                               "updated_by": batch.actor, **summary_columns(after)})
                batch.audit("incident", target, "regroup", old=summary(before[target]),
                            new={**after, "event_ids": [e.id for e in group]}, reason=reason)
        moved = [e.id for e in group if held[e.id] != target]
        if moved:
            conn.execute(_MOVE, {"event_ids": moved, "to_incident": int(target)})
            for event_id in moved:
                batch.audit("event", event_id, "move", old={"incident_id": held[event_id]},
                            new={"incident_id": target}, reason=reason)
        for e in group:
            now_in[e.id] = target
    for incident_id, incident in before.items():
        if incident_id not in kept:  # every event left it: it stays, marked as merged into where most went
            destinations = sorted(now_in[e.id] for e in incident.events)
            into = max(set(destinations), key=lambda d: (destinations.count(d), -int(d)))
            conn.execute(_MARK_EMPTIED, {"incident_key": int(incident_id), "into": int(into), "at": batch.at,
                                         "by": batch.actor})
            batch.audit("incident", incident_id, "regroup", old=summary(incident),
                        new={"event_ids": [], "merged_into": into}, reason=reason)
    return int(now_in[event.id])
