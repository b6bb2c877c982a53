"""Claims against incidents: how much of a claimed total the documented incidents account for.

A monitor's "more than 2,618 people executed since June 2014" is never summed with
incidents (`tally.claims`). Set beside them, it shows the documentation gap: how many
incidents in the database fall under the claim, with how many dead, against how many
claimed. Iraq Body Count does this by hand with morgue totals.

An incident falls under a claim when each thing the claim states holds for it:
- perpetrator: one of the claim's perpetrators is among the incident's (canonical names);
- period: the incident's date lies inside the claim's period, which runs from its start to
  its end, or to the claiming report's publication date when the period is open;
- place: the incident is in the claim's country, and in its first-level region when the
  claim names one;
- victim category: a report of the incident names victims of the claim's category;
- method: the incident's method is one the claim names; a claim of executions that names
  none takes the methods of the "killing of a captive" family (`data/method_families.tsv`);
- a claim of killings or executions takes incidents with a death, a claim of abductions
  incidents of abduction.
An incident without a known date cannot be placed in a period and falls under no claim.
A claim that states nothing (no perpetrator, period or place) is compared with nothing:
every incident would fall under it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tally.incident_context import read_generic_methods, read_method_families
from tally.records import Claim, Incident, When
from tally.text import fold, fold_place

if TYPE_CHECKING:
    from tally.store import Store

#: The method family whose methods a claim of executions covers when it names none.
EXECUTION_FAMILY = "killing of a captive"
#: What a claim counts (`Claim.what`) and the kind of incident it can hold.
_KILLING = frozenset({"killed", "executions"})
_ABDUCTION = frozenset({"abductions"})
_CATEGORY_WORDS = {"civilian": "civilians", "combatant": "combatants", "own_member": "own members"}


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """One claim beside the incidents that fall under it."""

    claim: Claim
    period: tuple[dt.date | None, dt.date | None]
    incidents: tuple[Incident, ...]

    @property
    def fatalities_low(self) -> int:
        """Sum of the incidents' lowest reported tolls (an unknown toll counts 0)."""
        return sum(i.fatalities_low or 0 for i in self.incidents)

    @property
    def fatalities_high(self) -> int:
        """Sum of the incidents' highest reported tolls (an unknown toll counts 0)."""
        return sum(i.fatalities_high or 0 for i in self.incidents)

    @property
    def gap_low(self) -> int | None:
        """At least this many claimed are not documented: the claim's low less the documented high."""
        low = self.claim.quantity.low if self.claim.quantity.low is not None else self.claim.quantity.high
        return None if low is None else max(0, low - self.fatalities_high)

    def sentence(self) -> str:
        """"more than 2,618 executions claimed since June 2014; 1 documented incident, fatalities 1..1"."""
        claim = self.claim
        quantity = _quantity(claim)
        who = f" by {', '.join(a.name for a in claim.perpetrators)}" if claim.perpetrators else ""
        whom = f" (victims: {_CATEGORY_WORDS.get(claim.victim_category, claim.victim_category)})" \
            if claim.victim_category != "unknown" else ""
        period = _period_words(claim.period, self.period)
        source = f" according to {claim.source.name}" if claim.source else ""
        count = len(self.incidents)
        documented = f"{count} documented incident{'' if count == 1 else 's'}, fatalities {self.fatalities_low:,}..{self.fatalities_high:,}"
        gap = f"; at least {self.gap_low:,} not documented" if self.gap_low else ""
        return f"{quantity} {claim.what}{whom}{who} claimed{period}{source}; {documented}{gap}"

    def to_dict(self) -> dict[str, Any]:
        start, end = self.period
        return {
            "claim_id": self.claim.id,
            "what": self.claim.what,
            "claimed_low": self.claim.quantity.low,
            "claimed_high": self.claim.quantity.high,
            "qualifier": self.claim.quantity.qualifier,
            "victim_category": self.claim.victim_category,
            "perpetrators": [a.name for a in self.claim.perpetrators],
            "period": {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None},
            "source": self.claim.source.name if self.claim.source else None,
            "incidents": [i.id for i in self.incidents],
            "documented_incidents": len(self.incidents),
            "fatalities_low": self.fatalities_low,
            "fatalities_high": self.fatalities_high,
            "gap_low": self.gap_low,
            "summary": self.sentence(),
        }


def reconcile(
    claims: Sequence[Claim],
    incidents: Sequence[Incident],
    published: Callable[[str], dt.date | None] = lambda _document_id: None,
) -> list[Reconciliation]:
    """Each claim beside the incidents that fall under it, in the claims' order.

    `published(document_id)` gives a claiming report's publication date, which closes a
    period the claim leaves open ("since June 2014").
    """
    families = read_method_families()
    generic = read_generic_methods()
    found = []
    for claim in claims:
        period = (claim.period.start, claim.period.end or published(claim.document_id))
        under = tuple(i for i in incidents if _falls_under(i, claim, period, families, generic))
        found.append(Reconciliation(claim, period, under))
    return found


def reconcile_store(store: Store) -> list[Reconciliation]:
    """`reconcile` over every claim and incident of a store; a discounted incident (a
    reviewer found it false) documents nothing, so it is left out."""
    dates: dict[str, dt.date | None] = {}

    def published(document_id: str) -> dt.date | None:
        if document_id not in dates:
            dates[document_id] = store.document(document_id).published
        return dates[document_id]

    kept = [i for i in store.incidents() if i.status != "discounted"]
    return reconcile(store.claims(), kept, published)


# -- the conditions ------------------------------------------------------------------------


def _falls_under(incident: Incident, claim: Claim, period: tuple[dt.date | None, dt.date | None],
                 families: Any, generic: frozenset[str]) -> bool:
    if not (claim.perpetrators or period[0] or claim.place):
        return False
    return (_same_perpetrator(incident, claim) and _in_period(incident, period) and _in_place(incident, claim)
            and _victims_agree(incident, claim) and _method_agrees(incident, claim, families, generic)
            and _kind_agrees(incident, claim))


def _same_perpetrator(incident: Incident, claim: Claim) -> bool:
    if not claim.perpetrators:
        return True
    names = {fold(a.name) for a in claim.perpetrators}
    return any(fold(a.name) in names for e in incident.events for a in e.perpetrators)


def _incident_when(incident: Incident) -> When | None:
    dated = [e.when for e in incident.events if e.when.precision != "unknown" and e.when.start]
    lead = incident.lead.when
    if lead.precision != "unknown" and lead.start:
        return lead
    return dated[0] if dated else None


def _in_period(incident: Incident, period: tuple[dt.date | None, dt.date | None]) -> bool:
    start, end = period
    if start is None and end is None:
        return True
    when = _incident_when(incident)
    if when is None or when.start is None:
        return False
    last = when.end or when.start
    return (start is None or when.start >= start) and (end is None or last <= end)


def _in_place(incident: Incident, claim: Claim) -> bool:
    place = claim.place
    if place is None or not place.country_code:
        return True
    places = [e.place for e in incident.events if e.place and e.place.country_code]
    if not places:
        return False
    if not any(p.country_code.upper() == place.country_code.upper() for p in places):  # type: ignore[union-attr]
        return False
    if place.precision <= 3 and place.admin1:
        return any(p.admin1 and fold_place(p.admin1) == fold_place(place.admin1) for p in places)
    return True


def _victims_agree(incident: Incident, claim: Claim) -> bool:
    if claim.victim_category == "unknown":
        return True
    return any(v.category == claim.victim_category for e in incident.events for v in e.victims)


def _method_agrees(incident: Incident, claim: Claim, families: Any, generic: frozenset[str]) -> bool:
    methods = {fold(e.method) for e in incident.events if e.method}
    if claim.methods:
        wanted = {fold(m) for m in claim.methods}
        return bool(methods & wanted) or (claim.what == "executions" and bool(methods & generic)
                                          and any(families.get(m) == EXECUTION_FAMILY for m in methods))
    if claim.what == "executions":
        return any(families.get(m) == EXECUTION_FAMILY for m in methods)
    return True


def _kind_agrees(incident: Incident, claim: Claim) -> bool:
    if claim.what in _KILLING:
        return (incident.fatalities_high or 0) > 0
    if claim.what in _ABDUCTION:
        return any("abduction" in fold(e.sub_event_type) or fold(e.method or "") == "abduction" for e in incident.events)
    return True


# -- words -----------------------------------------------------------------------------------


#: Qualifiers that bound a figure ("more than 2,618"); any other ("hundreds", "dozens") is a
#: vague quantity, printed with the figure it is coded as.
_BOUNDS = frozenset({"more than", "at least", "over", "up to", "at most", "nearly", "almost", "about", "around",
                     "approximately", "some", "fewer than", "less than", "roughly"})


def _quantity(claim: Claim) -> str:
    low, high = claim.quantity.low, claim.quantity.high
    qualifier = (claim.quantity.qualifier or "").strip()
    if low is None and high is None:
        return qualifier or "an unknown number of"
    figure = f"{low:,}-{high:,}" if low is not None and high is not None and low != high else f"{low if low is not None else high:,}"
    if not qualifier or qualifier.lower() == "exactly":
        return figure
    return f"{qualifier} {figure}" if qualifier.lower() in _BOUNDS else f"{qualifier} (coded {figure})"


def _period_words(when: When, period: tuple[dt.date | None, dt.date | None]) -> str:
    start, end = period
    if start is None:
        return f" up to {_date_words(end, 'day')}" if end else ""
    precision = when.precision if when.precision in ("day", "month", "year") else "day"
    if (when.qualifier or "").lower().startswith("since") or end is None:
        return f" since {_date_words(start, precision)}"
    if precision != "day" and _date_words(start, precision) == _date_words(end, precision):
        return f" in {_date_words(start, precision)}"
    return f" from {_date_words(start, precision)} to {_date_words(end, precision)}" if end else f" since {_date_words(start, precision)}"


def _date_words(day: dt.date | None, precision: str) -> str:
    if day is None:
        return "an unknown date"
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return day.strftime("%B %Y")
    return f"{day.day} {day.strftime('%B %Y')}"
