"""Incidents: deciding whether events from different documents describe the same happening.

Two outlets reporting one car bomb give different death tolls, name the method differently
and place it in the city or in its district; two car bombs in one city on one day are two
incidents all the same. The decision is made in two steps:

1. *Hard blocks* rule a pair out: dates farther apart than the window (or unknown), places
   in different countries or farther apart than `max_distance_km`, event types that cannot
   describe one happening (a protest and a bombing), perpetrators both named and disjoint.
   (The store's candidate search leaves other countries out for the same reason.)
2. Otherwise each field that both events know adds or removes *evidence points* (a
   log-odds score): same sub-event type, method, perpetrators, place, day, victims, target,
   part of the day and death toll count for; different methods, targets (a bakery and a
   hospital), parts of the day (morning and evening), victims or tolls count against. Fields
   that one event leaves unknown count neither way. `similarity` is the logistic of the sum.

Extraction is imperfect, and a follow-up report is written differently from the first: it
may code a shelling as an attack on civilians, call it an "explosion" or an "execution", or
date it to its own publication day. So generic methods contradict nothing, and the three
families of violent event types (battles, explosions, attacks on civilians) only count
against each other.

`Resolver.match` attaches one event to an existing incident; `cluster` groups a batch of
events by average-linkage agglomeration, whose result does not depend on input order (the
store regroups the incidents around each new event with it: `tally.reresolution`).
Everything here is a pure function of the records and the policy.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tally.errors import InputError
from tally.incident_context import (
    ContextWords,
    day_parts_apart,
    read_context_words,
    read_generic_methods,
    read_generic_victim_words,
    read_method_families,
)
from tally.records import Event, Incident, Place, Quantity, When
from tally.text import fold, fold_place

# --- Policy defaults -------------------------------------------------------------------

#: Days two reports' dates may lie apart and still describe one happening. Reports are
#: often published a day or two after the event and relative dates ("on Monday") are
#: resolved against the publication date, so exact agreement is too strict; beyond three
#: days tolls and places usually say more than the date. UCDP GED and ACLED allow the same
#: order of slack when they merge sources.
DATE_WINDOW_DAYS = 3

#: Kilometres between two precisely placed reports beyond which they cannot be one
#: happening: one outlet names the town, another the district centre or a nearby village,
#: which in Iraq, Syria and the Sahel are rarely farther than 30 km apart.
MAX_DISTANCE_KM = 30.0

#: Kilometres within which two places count as the same place (a town and its quarter,
#: gazetteer points of one town under two names).
NEAR_KM = 5.0

#: Similarity (a probability-like 0..1) at which an event joins an incident: 0.5 is the
#: point where the evidence for and against balances (evidence sum 0 after the prior).
#: Checked on the hand-built pairs in tests/test_incidents.py; rerun them when it changes.
MATCH_THRESHOLD = 0.5

# --- Evidence points (log-odds) --------------------------------------------------------
# Set by hand on the cases of tests/test_incidents.py, then checked on the cluster corpus
# (`tally eval clusters eval/clusters/`, written for this purpose, never tuned report by
# report): the same incident reported with tolls 12 and "at least 15", a day apart, by outlets
# naming the method differently, must score well above the threshold; two different attacks
# in one city on one day must score below it when their methods, their targets (a mosque vs
# a market) or their tolls (2 vs 20) contradict, even with every other field agreeing. So
# each of these contradictions alone outweighs agreement on all the other fields (the
# positive points below sum to 9.5, less the prior 8.0). Victim words and parts of the day
# count against more mildly: extraction and outlets vary there. Rerun
# tests/test_incidents.py and the cluster evaluation when any of them changes.

#: Starting score: two compatible events in the same window are as often different
#: happenings as not, so some positive agreement is needed before they merge.
PRIOR = -1.5
SUB_EVENT_AGREE = 1.0
SUB_EVENT_DISAGREE = -1.0
METHOD_AGREE = 2.0
#: Methods of one family ("car bomb" and "IED") neither confirm nor contradict.
METHOD_SAME_FAMILY = 0.0
#: Two generic methods alike ("explosion" and "explosion") say little.
METHOD_GENERIC_AGREE = 0.5
#: Outweighs all other agreement (8.0 - METHOD_AGREE = 6.0).
METHOD_DISAGREE = -7.0
#: Violent event types of different families (a battle and an attack on civilians) whose
#: methods do not agree: outlets code one raid either way, so it only counts against.
TYPE_FAMILY_DISAGREE = -1.0
#: Both reports name targets and share none ("a bakery", "a hospital"): outweighs all other
#: agreement (8.0 - TARGET_AGREE = 7.5), since the target is what tells two bombings in one
#: city apart.
TARGET_AGREE = 0.5
TARGET_DISJOINT = -8.0
#: Both reports name parts of the day two or more parts apart (morning and evening).
DAY_PART_DISAGREE = -2.0
PERPETRATORS_OVERLAP = 1.0
PLACE_SAME = 1.5
#: Points at `max_distance_km`; linear from `PLACE_SAME` at `near_km`.
PLACE_AT_MAX_DISTANCE = -1.0
#: One place or both known only to the province, and the provinces agree.
PLACE_SAME_REGION = 0.25
#: Both places precise, no coordinates, different names.
PLACE_NAMES_DIFFER = -1.0
DATE_SAME_DAY = 1.0
DATE_PER_DAY_APART = -0.5
VICTIM_CATEGORY_AGREE = 0.5
VICTIM_CATEGORY_DISAGREE = -1.0
VICTIM_WORDS_AGREE = 1.0
#: Victims described by specific words with nothing in common ("policemen", "worshippers").
#: Moderate: outlets name one group of dead "soldiers", "fighters" or "security personnel"
#: by turns; the target ("at a mosque", "at a market") is weighed apart and weighs more.
VICTIM_WORDS_DISJOINT = -2.5
FATALITIES_AGREE = 1.0
#: Per doubling between the nearer bounds of two tolls, counted as n + 1 (so 0 and 1 are one
#: doubling apart): 12 vs "at least 15" costs 0.9 and still agrees on balance; tolls more
#: than ~5.7 times apart (2 vs 20, 1 vs 40) outweigh all other agreement (6.5).
FATALITIES_PER_DOUBLING = -3.0
FATALITIES_FLOOR = -8.0
#: One report gives no death and the other some: "no one was killed" is rarer in reports
#: than a toll the extractor missed, so it counts against only a little.
FATALITIES_NONE_VS_SOME = -1.0

#: Letters of a victim-description word compared ("policemen" and "police", "soldier" and
#: "soldiers" agree); words shorter than `_MIN_WORD` letters are ignored.
_STEM = 5
_MIN_WORD = 4
_EARTH_RADIUS_KM = 6371.0088
#: ACLED's names for unnamed perpetrators ("Unidentified Armed Group (Iraq)").
_UNNAMED_ACTOR_PREFIXES = ("unidentified", "unknown")

#: ACLED event types (current and pre-2019 names) by the family of happenings they code.
_EVENT_TYPE_FAMILIES = {
    "battles": "battles",
    "explosions remote violence": "explosions",
    "remote violence": "explosions",
    "violence against civilians": "violence against civilians",
    "protests": "demonstrations",
    "riots": "demonstrations",
    "riots protests": "demonstrations",
    "strategic developments": "strategic developments",
}
#: Families of violent happenings that outlets code one happening as by turns: a car bomb
#: at a market is an explosion to one coder and an attack on civilians to another, a raid
#: met by a village guard an attack to one and a battle to another.
_VIOLENT_FAMILIES = frozenset({"battles", "explosions", "violence against civilians"})

#: Evidence sentences read for targets and times: the headline and the lead, where a
#: report says what was hit and when; later sentences often recall other attacks.
CONTEXT_SENTENCES = 2


@dataclass(frozen=True)
class ResolutionPolicy:
    """Everything that decides whether two reports describe one happening.

    The numbers default to this module's constants; the word tables to the package's data
    files (`ResolutionPolicy.from_data_dir` reads another directory's).
    """

    date_window_days: int = DATE_WINDOW_DAYS
    max_distance_km: float = MAX_DISTANCE_KM
    threshold: float = MATCH_THRESHOLD
    near_km: float = NEAR_KM
    method_families: Mapping[str, str] = field(
        default_factory=read_method_families, hash=False, repr=False
    )
    generic_victim_words: frozenset[str] = field(
        default_factory=read_generic_victim_words, repr=False
    )
    generic_methods: frozenset[str] = field(default_factory=read_generic_methods, repr=False)
    context_words: ContextWords = field(default_factory=read_context_words, hash=False, repr=False)

    @classmethod
    def from_data_dir(cls, data_dir: Path) -> ResolutionPolicy:
        """A policy whose word tables come from `data_dir` (a `Settings.data_dir`).

        Change its numbers with `dataclasses.replace`.
        """
        return cls(
            method_families=read_method_families(data_dir),
            generic_victim_words=read_generic_victim_words(data_dir),
            generic_methods=read_generic_methods(data_dir),
            context_words=read_context_words(data_dir),
        )


# --- Places ----------------------------------------------------------------------------


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places; 0 for one geonameid; None without coordinates."""
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return 0.0
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _precise(place: Place) -> bool:
    return place.precision <= 2


def _same_admin1(a: Place, b: Place) -> bool | None:
    if not a.admin1 or not b.admin1:
        return None
    return fold_place(a.admin1) == fold_place(b.admin1)


def _places_conflict(a: Place | None, b: Place | None, policy: ResolutionPolicy) -> bool:
    if a is None or b is None:
        return False
    if a.country_code and b.country_code and a.country_code.upper() != b.country_code.upper():
        return True
    distance = distance_km(a, b)
    if distance is not None and _precise(a) and _precise(b):
        return distance > policy.max_distance_km
    if max(a.precision, b.precision) <= 3:
        return _same_admin1(a, b) is False
    return False


def _place_points(a: Place | None, b: Place | None, policy: ResolutionPolicy) -> float:
    if a is None or b is None:
        return 0.0
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return PLACE_SAME
    if _precise(a) and _precise(b):
        distance = distance_km(a, b)
        if distance is None:
            return PLACE_SAME if fold_place(a.name) == fold_place(b.name) else PLACE_NAMES_DIFFER
        if distance <= policy.near_km:
            return PLACE_SAME
        share = (distance - policy.near_km) / max(policy.max_distance_km - policy.near_km, 1e-9)
        return PLACE_SAME + (PLACE_AT_MAX_DISTANCE - PLACE_SAME) * min(share, 1.0)
    return PLACE_SAME_REGION if _same_admin1(a, b) else 0.0


# --- Dates -----------------------------------------------------------------------------


def _date_range(when: When) -> tuple[dt.date, dt.date] | None:
    if when.precision == "unknown" or when.start is None:
        return None
    end = when.end or when.start
    return (min(when.start, end), max(when.start, end))


def _days_apart(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days between two ranges; 0 when they overlap (a month and a day in it)."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def _date_points(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> float:
    apart = _days_apart(a, b)
    both_days = a[0] == a[1] and b[0] == b[1]
    return (DATE_SAME_DAY if both_days else 0.0) + DATE_PER_DAY_APART * apart


# --- What one event says, folded once ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Profile:
    """The fields of one event that pairs are compared on, folded and looked up once."""

    event: Event
    dates: tuple[dt.date, dt.date] | None
    type_family: str
    sub_event_type: str
    method: str
    method_family: str
    method_generic: bool
    perpetrators: frozenset[str]  # named ones only: "Unidentified Armed Group" says nothing
    victim_categories: frozenset[str]
    victim_words: frozenset[str]  # stems of the specific words of the descriptions
    targets: frozenset[str]  # target classes named in the lead sentences and victims
    day_parts: frozenset[int]  # parts of the day (indexes of `DAY_PARTS`) named in the lead


def _profile(event: Event, policy: ResolutionPolicy) -> _Profile:
    type_folded = fold(event.event_type)
    method = fold(event.method or "")
    names = (fold(actor.name) for actor in event.perpetrators)
    words = (w for v in event.victims for w in fold(v.description).split())
    lead = sorted(event.evidence, key=lambda span: span.start)[:CONTEXT_SENTENCES]
    targets, day_parts = policy.context_words.find(" . ".join(s.text for s in lead))
    victim_targets, _ = policy.context_words.find(" . ".join(v.description for v in event.victims))
    return _Profile(
        event=event,
        dates=_date_range(event.when),
        type_family=_EVENT_TYPE_FAMILIES.get(type_folded, type_folded),
        sub_event_type=fold(event.sub_event_type),
        method=method,
        method_family=policy.method_families.get(method, method),
        method_generic=method in policy.generic_methods,
        perpetrators=frozenset(n for n in names if n and not n.startswith(_UNNAMED_ACTOR_PREFIXES)),
        victim_categories=frozenset(v.category for v in event.victims if v.category != "unknown"),
        victim_words=frozenset(
            w[:_STEM]
            for w in words
            if len(w) >= _MIN_WORD and not w.isdigit() and w not in policy.generic_victim_words
        ),
        targets=targets | victim_targets,
        day_parts=day_parts,
    )


# --- Types, methods, victims, tolls ----------------------------------------------------


def _types_compatible(a: _Profile, b: _Profile) -> bool:
    if a.type_family == b.type_family or not a.type_family or not b.type_family:
        return True
    return {a.type_family, b.type_family} <= _VIOLENT_FAMILIES


def _type_points(a: _Profile, b: _Profile) -> float:
    """Sub-event agreement; for violent types of two families, a small cost unless the methods agree."""
    if a.type_family and b.type_family and a.type_family != b.type_family:
        same_method = a.method and b.method and a.method_family == b.method_family
        return 0.0 if same_method else TYPE_FAMILY_DISAGREE
    if a.sub_event_type and b.sub_event_type:
        return SUB_EVENT_AGREE if a.sub_event_type == b.sub_event_type else SUB_EVENT_DISAGREE
    return 0.0


def _method_points(a: _Profile, b: _Profile) -> float:
    if not a.method or not b.method:
        return 0.0
    if a.method == b.method:
        return METHOD_GENERIC_AGREE if a.method_generic else METHOD_AGREE
    if a.method_generic or b.method_generic or a.method_family == b.method_family:
        return METHOD_SAME_FAMILY
    return METHOD_DISAGREE


def _context_points(a: _Profile, b: _Profile) -> float:
    """Targets hit and parts of the day, where both reports name them."""
    points = 0.0
    if a.targets and b.targets:
        points += TARGET_AGREE if a.targets & b.targets else TARGET_DISJOINT
    if a.day_parts and b.day_parts:
        gap = min(day_parts_apart(x, y) for x in a.day_parts for y in b.day_parts)
        points += DAY_PART_DISAGREE if gap >= 2 else 0.0
    return points


def _victim_points(a: _Profile, b: _Profile) -> float:
    points = 0.0
    if a.victim_categories and b.victim_categories:
        agree = a.victim_categories & b.victim_categories
        points += VICTIM_CATEGORY_AGREE if agree else VICTIM_CATEGORY_DISAGREE
    if a.victim_words and b.victim_words:
        points += VICTIM_WORDS_AGREE if a.victim_words & b.victim_words else VICTIM_WORDS_DISJOINT
    return points


def _bounds(quantity: Quantity) -> tuple[float, float]:
    """A known toll as a range: "at least 15" (no high) is open above; "up to 10" (no low) is 10."""
    low = quantity.low if quantity.low is not None else quantity.high
    high = quantity.high if quantity.high is not None else math.inf
    return float(low), float(high)  # type: ignore[arg-type]


def _fatality_points(a: Quantity, b: Quantity) -> float:
    if not a.known or not b.known:
        return 0.0
    (low_a, high_a), (low_b, high_b) = _bounds(a), _bounds(b)
    if (high_a == 0) != (high_b == 0) and min(high_a, high_b) == 0:
        return FATALITIES_NONE_VS_SOME
    if high_a < low_b:
        ratio = (low_b + 1) / (high_a + 1)
    elif high_b < low_a:
        ratio = (low_a + 1) / (high_b + 1)
    else:
        return FATALITIES_AGREE
    return max(FATALITIES_FLOOR, FATALITIES_AGREE + FATALITIES_PER_DOUBLING * math.log2(ratio))


# --- Pairs of events -------------------------------------------------------------------


def _blocked(a: _Profile, b: _Profile, policy: ResolutionPolicy) -> bool:
    if a.dates is None or b.dates is None:
        return True
    if _days_apart(a.dates, b.dates) > policy.date_window_days:
        return True
    if _places_conflict(a.event.place, b.event.place, policy) or not _types_compatible(a, b):
        return True
    return bool(a.perpetrators and b.perpetrators and not a.perpetrators & b.perpetrators)


def _evidence(a: _Profile, b: _Profile, policy: ResolutionPolicy) -> float:
    """Log-odds that two unblocked events describe one happening."""
    points = PRIOR + _type_points(a, b) + _method_points(a, b) + _context_points(a, b)
    if a.perpetrators and b.perpetrators:
        points += PERPETRATORS_OVERLAP  # disjoint named perpetrators are blocked before
    points += _place_points(a.event.place, b.event.place, policy)
    points += _date_points(a.dates, b.dates)  # type: ignore[arg-type]
    points += _victim_points(a, b)
    return points + _fatality_points(a.event.fatalities, b.event.fatalities)


def _pair_score(a: _Profile, b: _Profile, policy: ResolutionPolicy) -> float | None:
    """Similarity of two events, or None when a hard block rules the pair out."""
    if _blocked(a, b, policy):
        return None
    return 1.0 / (1.0 + math.exp(-_evidence(a, b, policy)))


def similarity(a: Event, b: Event, policy: ResolutionPolicy) -> float:
    """How likely `a` and `b` describe one happening, 0..1; exactly 0 when incompatible.

    Symmetric. It does not look at documents: `Resolver.match` and `cluster` are the ones
    that keep two events of one document apart.
    """
    score = _pair_score(_profile(a, policy), _profile(b, policy), policy)
    return 0.0 if score is None else score


class Comparator:
    """Hard blocks between events under one policy, each event folded once (by id)."""

    def __init__(self, policy: ResolutionPolicy) -> None:
        self.policy = policy
        self._profiles: dict[str, _Profile] = {}

    def _profile(self, event: Event) -> _Profile:
        found = self._profiles.get(event.id)
        if found is None or found.event is not event:
            found = self._profiles[event.id] = _profile(event, self.policy)
        return found

    def comparable(self, a: Event, b: Event) -> bool:
        """Whether `a` and `b` (of different documents) could describe one happening: no hard block."""
        if a.document_id == b.document_id:
            return False
        return not _blocked(self._profile(a), self._profile(b), self.policy)


class Resolver:
    """Attaches events to incidents under one `ResolutionPolicy`."""

    def __init__(self, policy: ResolutionPolicy | None = None) -> None:
        self.policy = policy or ResolutionPolicy()

    def candidate_window(self, event: Event) -> tuple[dt.date | None, dt.date | None]:
        """First and last date of the incidents worth comparing with `event`.

        (None, None) when the event's date is unknown: such an event matches nothing.
        """
        dates = _date_range(event.when)
        if dates is None:
            return (None, None)
        window = dt.timedelta(days=self.policy.date_window_days)
        return (dates[0] - window, dates[1] + window)

    def score(self, event: Event, incident: Incident) -> float:
        """Mean similarity of `event` to the incident's events; 0 if any of them rules it out."""
        profile = _profile(event, self.policy)
        scores = [
            _pair_score(profile, _profile(other, self.policy), self.policy)
            for other in incident.events
        ]
        if not scores or None in scores:
            return 0.0
        return math.fsum(scores) / len(scores)  # type: ignore[arg-type]

    def match(self, event: Event, candidates: Sequence[Incident]) -> Incident | None:
        """The candidate incident that `event` most likely belongs to, if above the threshold.

        An incident that already holds an event of the same document is never chosen: one
        document's distinct events are distinct happenings. Equal scores go to the smallest
        incident id.
        """
        best: tuple[float, str, Incident] | None = None
        for incident in candidates:
            if any(other.document_id == event.document_id for other in incident.events):
                continue
            score = self.score(event, incident)
            if score < self.policy.threshold:
                continue
            if best is None or (-score, incident.id) < (-best[0], best[1]):
                best = (score, incident.id, incident)
        return best[2] if best else None


# --- Batch clustering ------------------------------------------------------------------


def _pair_scores(events: Sequence[Event], policy: ResolutionPolicy) -> dict[tuple[int, int], float]:
    """Scores of the pairs (i < j) that no hard block or shared document rules out.

    Events are swept in date order, so only pairs inside the date window are compared.
    """
    profiles = [_profile(event, policy) for event in events]
    dated = sorted((p.dates, i) for i, p in enumerate(profiles) if p.dates is not None)
    window = dt.timedelta(days=policy.date_window_days)
    scores: dict[tuple[int, int], float] = {}
    for position, ((_, end), i) in enumerate(dated):
        for (start, _), j in dated[position + 1 :]:
            if start > end + window:
                break
            pair = (min(i, j), max(i, j))
            a, b = profiles[pair[0]], profiles[pair[1]]
            if a.event.document_id == b.event.document_id:
                continue
            score = _pair_score(a, b, policy)
            if score is not None:
                scores[pair] = score
    return scores


def cluster(
    events: Sequence[Event], policy: ResolutionPolicy | None = None
) -> list[tuple[Event, ...]]:
    """Group events that describe one happening; the same partition for any input order.

    Average-linkage agglomeration: the two groups whose events are on average most
    similar merge first, as long as that average reaches the threshold, no pair between
    them is ruled out by a hard block, and they share no document. Groups come back as
    tuples of events sorted by id, the groups sorted by their first id. Raises `InputError`
    when two events share an id (the order of the input could then decide the result).
    """
    policy = policy or ResolutionPolicy()
    ordered = sorted(events, key=lambda e: e.id)
    for first, second in zip(ordered, ordered[1:]):
        if first.id == second.id:
            raise InputError("events", f"event id {first.id!r} appears more than once")
    groups = _agglomerate(ordered, _pair_scores(ordered, policy), policy.threshold)
    return sorted((tuple(ordered[i] for i in group) for group in groups), key=lambda g: g[0].id)


def _agglomerate(
    events: Sequence[Event], scores: dict[tuple[int, int], float], threshold: float
) -> list[tuple[int, ...]]:
    """Average-linkage merging over `scores`; a pair missing from it can never be joined."""
    members: dict[int, tuple[int, ...]] = {i: (i,) for i in range(len(events))}
    documents = {i: frozenset({e.document_id}) for i, e in enumerate(events)}
    links: dict[int, dict[int, float]] = {i: {} for i in members}  # summed scores
    heap: list[tuple[float, tuple[int, ...], tuple[int, ...], int, int]] = []
    for (i, j), score in scores.items():
        links[i][j] = links[j][i] = score
        if score >= threshold:
            heap.append((-score, (i,), (j,), i, j))
    heapq.heapify(heap)
    next_id = len(events)
    while heap:
        _, _, _, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # one side has merged since this entry was pushed
        merged = tuple(sorted(members.pop(a) + members.pop(b)))
        merged_documents = documents.pop(a) | documents.pop(b)
        links_a, links_b = links.pop(a), links.pop(b)
        new_links: dict[int, float] = {}
        for other in links_a.keys() & links_b.keys():
            if merged_documents & documents[other]:
                continue
            total = links_a[other] + links_b[other]
            new_links[other] = total
            links[other][next_id] = total
            average = total / (len(merged) * len(members[other]))
            if average >= threshold:
                first, second = sorted((merged, members[other]))
                ids = (next_id, other) if first == merged else (other, next_id)
                heapq.heappush(heap, (-average, first, second, *ids))
        for other in links_a.keys() | links_b.keys():
            if other in links:
                links[other].pop(a, None)
                links[other].pop(b, None)
        members[next_id], documents[next_id], links[next_id] = merged, merged_documents, new_links
        next_id += 1
    return list(members.values())
