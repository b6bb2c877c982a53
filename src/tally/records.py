"""The records Tally passes between its stages.

One frozen dataclass per record kind. Every extracted value carries the `Span` it came
from, so that any figure can be traced back to the characters of the report it was read
from. `to_dict()` gives the JSON shape that the CLI, the API and the exports promise
(see the README's "JSON records"); nothing else in the package builds those dicts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

#: Victim categories, as documenters use them.
VICTIM_CATEGORIES = ("civilian", "combatant", "own_member", "unknown")

#: Precision of a `When`.
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")

#: The six grave violations against children of the UN Monitoring and Reporting Mechanism.
GRAVE_VIOLATIONS = (
    "killing and maiming",
    "recruitment or use of children",
    "sexual violence",
    "abduction",
    "attacks on schools or hospitals",
    "denial of humanitarian access",
)

#: Kinds of source in an attribution chain.
SOURCE_KINDS = (
    "news_outlet",
    "wire_agency",
    "monitoring_group",
    "citizen_journalism",
    "perpetrator_media",
    "government",
    "armed_forces",
    "humanitarian",
    "witness",
    "local_official",
    "unknown",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one document's normalised text: `text == document.text[start:end]`."""

    document_id: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Document:
    """One report, its text normalised (quotes, dashes, whitespace) and its provenance.

    `id` is derived from `text_sha256`, so the same text read twice is the same document.
    """

    id: str
    text: str
    raw_sha256: str
    text_sha256: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str = "en"
    origin: str | None = None  # the file (and row or item) it was read from

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "origin": self.origin,
            "raw_sha256": self.raw_sha256,
            "text_sha256": self.text_sha256,
            "length": len(self.text),
        }


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count with bounds: `low`/`high` are None where the text gives no number.

    `qualifier` keeps the words that set the bounds ("more than", "at least", "dozens").
    """

    low: int | None = None
    high: int | None = None
    qualifier: str | None = None
    span: Span | None = None

    @property
    def known(self) -> bool:
        return self.low is not None or self.high is not None


@dataclass(frozen=True, slots=True)
class Actor:
    """An armed group, state force or other party, by its canonical name."""

    name: str
    kind: str = "unknown"  # state_forces, rebel_group, political_militia, identity_militia, ...
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A place resolved against the gazetteer.

    `precision` follows ACLED: 1 the town itself, 2 near a town or part of a region,
    3 only a larger region (admin1) known, 4 only the country.
    """

    name: str
    geonameid: int | None = None
    country_code: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    precision: int = 1
    note: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "geonameid": self.geonameid,
            "country_code": self.country_code,
            "admin1": self.admin1,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "precision": self.precision,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class When:
    """A date or a period. Unknown dates have `precision == "unknown"` and no bounds."""

    start: dt.date | None = None
    end: dt.date | None = None
    precision: str = "unknown"
    qualifier: str | None = None  # e.g. "on or before", "since"
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "qualifier": self.qualifier,
        }


@dataclass(frozen=True, slots=True)
class Victims:
    """Who was harmed, how many, and in what category."""

    description: str
    category: str = "unknown"
    count: Quantity = field(default_factory=Quantity)
    children: bool = False
    women: bool = False
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "category": self.category,
            "count_low": self.count.low,
            "count_high": self.count.high,
            "children": self.children,
            "women": self.women,
        }


@dataclass(frozen=True, slots=True)
class Source:
    """A link in an attribution chain: an outlet, a monitor, a group's own media."""

    name: str
    kind: str = "unknown"
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A subgroup of a claim's total ("including 1,511 civilians")."""

    category: str
    low: int | None
    high: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "low": self.low, "high": self.high}


def independent_count(chains: list[tuple[Source, ...]]) -> int:
    """Count the independent sources behind a set of attribution chains.

    Chains that end at the same primary source (the last link, nearest-first order) count
    once: two outlets citing the same website are one source, not two. An empty chain is
    the reporting document itself and counts as one source of its own.
    """
    roots: set[str] = set()
    anonymous = 0
    for chain in chains:
        if chain:
            roots.add(chain[-1].name.casefold())
        else:
            anonymous += 1
    return len(roots) + anonymous


@dataclass(frozen=True, slots=True)
class Event:
    """One happening that one document describes."""

    id: str
    document_id: str
    event_type: str
    sub_event_type: str
    method: str | None
    perpetrators: tuple[Actor, ...] = ()
    victims: tuple[Victims, ...] = ()
    fatalities: Quantity = field(default_factory=Quantity)
    injuries: Quantity = field(default_factory=Quantity)
    place: Place | None = None
    when: When = field(default_factory=When)
    grave_violations: tuple[str, ...] = ()
    attribution: tuple[Source, ...] = ()  # nearest first, primary source last
    evidence: tuple[Span, ...] = ()
    graphic: bool = False
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document_id": self.document_id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "method": self.method,
            "perpetrators": _unique(a.name for a in self.perpetrators),
            "victims": [v.to_dict() for v in self.victims],
            "fatalities_low": self.fatalities.low,
            "fatalities_high": self.fatalities.high,
            "injuries_low": self.injuries.low,
            "injuries_high": self.injuries.high,
            "place": self.place.to_dict() if self.place else None,
            "date": self.when.to_dict(),
            "grave_violations": list(self.grave_violations),
            "sources": [s.to_dict() for s in self.attribution],
            "attribution_chain": [s.name for s in self.attribution],
            "independent_sources": independent_count([self.attribution]),
            "evidence": [s.to_dict() for s in self.evidence],
            "graphic": self.graphic,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """An aggregate figure a source asserts. Never summed with incidents."""

    id: str
    document_id: str
    what: str  # e.g. "executions", "killed", "abducted"
    quantity: Quantity
    perpetrators: tuple[Actor, ...] = ()
    victim_category: str = "unknown"
    breakdown: tuple[Breakdown, ...] = ()
    period: When = field(default_factory=When)
    methods: tuple[str, ...] = ()
    place: Place | None = None
    source: Source | None = None
    evidence: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "document_id": self.document_id,
            "perpetrators": _unique(a.name for a in self.perpetrators),
            "what": self.what,
            "quantity_low": self.quantity.low,
            "quantity_high": self.quantity.high,
            "qualifier": self.quantity.qualifier,
            "victim_category": self.victim_category,
            "breakdown": [b.to_dict() for b in self.breakdown],
            "period": {
                "start": self.period.start.isoformat() if self.period.start else None,
                "end": self.period.end.isoformat() if self.period.end else None,
            },
            "methods": list(self.methods),
            "place": self.place.to_dict() if self.place else None,
            "source": self.source.to_dict() if self.source else None,
            "evidence": [s.to_dict() for s in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one document yields: its events and its claims."""

    document: Document
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "events": [e.to_dict() for e in self.events],
            "claims": [c.to_dict() for c in self.claims],
        }


#: Incident statuses. `confirmed` and `discounted` are set only by a person.
INCIDENT_STATUSES = ("unverified", "corroborated", "contested", "confirmed", "discounted")
#: The statuses the store sets by itself from the reports (a person may set them too).
AUTOMATIC_STATUSES = ("unverified", "corroborated", "contested")

#: Incident fields a reviewer may set by hand; the value set is kept over the one computed
#: from the reports, however many reports arrive later. `date` holds {start, end, precision}.
EDITABLE_FIELDS = (
    "event_type", "sub_event_type", "method", "perpetrators", "date", "place", "admin1", "country_code",
    "fatalities_low", "fatalities_high", "fatalities_best",
)
#: What a place edit leaves in the place's `note`: the gazetteer's point no longer applies.
EDITED_PLACE_NOTE = "named by a reviewer; not placed on the gazetteer"


def best_estimate(events: tuple[Event, ...] | list[Event], policy: str = "lowest") -> int | None:
    """One figure for an incident's dead, chosen from its reports' tolls by a stated policy.

    Each report counts with its low figure (its high where it gives only "up to N"); a report
    that denies any death is left out while another report gives a toll. "lowest" is ACLED's
    conservative rule, "highest" the largest figure reported, "median" the middle report's
    figure (the lower middle for an even count, so it is always a figure someone reported).
    """
    figures = [(e.fatalities.low if e.fatalities.low is not None else e.fatalities.high, _denies(e.fatalities))
               for e in events if e.fatalities.known]
    credible = sorted(f for f, denial in figures if not denial) or sorted(f for f, _ in figures)
    if not credible:
        return None
    if policy == "highest":
        highs = [e.fatalities.high if e.fatalities.high is not None else e.fatalities.low for e in events]
        return max([h for h in highs if h is not None] + credible)
    if policy == "median":
        return credible[(len(credible) - 1) // 2]
    return credible[0]


def _denies(quantity: Quantity) -> bool:
    """A toll that says nobody died ("no one was killed"), as `tally.tolls` codes it."""
    return quantity.qualifier == "none" and quantity.low == 0 and quantity.high == 0


@dataclass(frozen=True, slots=True)
class Incident:
    """One real happening, as one or more events from different documents describe it.

    The fields are merged from `events`; the events keep every report's own values, so
    conflicting figures stay side by side with their sources.
    """

    id: str
    events: tuple[Event, ...]
    status: str = "unverified"
    duplicate_documents: tuple[str, ...] = ()  # syndicated copies that add sources only
    #: Fields a reviewer set (name, value), kept over the values computed from `events`.
    edits: tuple[tuple[str, Any], ...] = ()
    #: Bumped by every change; a reviewer's change names the version it was decided on.
    version: int = 1
    #: How `fatalities_best` is chosen (`tally.settings.BEST_ESTIMATE_POLICIES`).
    estimate_policy: str = "lowest"

    def edited(self, name: str) -> tuple[bool, Any]:
        """(True, value) when a reviewer set field `name`, else (False, None)."""
        for key, value in self.edits:
            if key == name:
                return True, value
        return False, None

    @property
    def lead(self) -> Event:
        """The event whose categorical fields stand for the incident (the most confident)."""
        return max(self.events, key=lambda e: (e.confidence, -len(e.id), e.id))

    @property
    def fatalities_low(self) -> int | None:
        """The lowest figure any report gives, unless a reviewer set it."""
        edited, value = self.edited("fatalities_low")
        if edited:
            return value
        lows = [e.fatalities.low for e in self.events if e.fatalities.low is not None]
        return min(lows) if lows else None

    @property
    def fatalities_high(self) -> int | None:
        """The highest figure any report gives ("at least 15" counts as 15), unless a reviewer set it."""
        edited, value = self.edited("fatalities_high")
        if edited:
            return value
        highs = [e.fatalities.high if e.fatalities.high is not None else e.fatalities.low for e in self.events]
        known = [h for h in highs if h is not None]
        return max(known) if known else None

    @property
    def fatalities_best(self) -> int | None:
        """The best estimate under `estimate_policy`, unless a reviewer set it.

        Kept within low..high, so that a reviewer's low or high also moves the estimate.
        """
        edited, value = self.edited("fatalities_best")
        if edited:
            return value
        best = best_estimate(self.events, self.estimate_policy)
        low, high = self.fatalities_low, self.fatalities_high
        if best is not None and low is not None:
            best = max(best, low)
        if best is not None and high is not None:
            best = min(best, high)
        return best

    def to_dict(self) -> dict[str, Any]:
        lead = self.lead
        place = lead.place or next((e.place for e in self.events if e.place), None)
        when = lead.when if lead.when.precision != "unknown" else next(
            (e.when for e in self.events if e.when.precision != "unknown"), lead.when
        )
        chains = [e.attribution for e in self.events]
        sources = _unique_sources(s for e in self.events for s in e.attribution)
        data = {
            "id": self.id,
            "event_type": lead.event_type,
            "sub_event_type": lead.sub_event_type,
            "method": lead.method,
            "perpetrators": _unique(a.name for e in self.events for a in e.perpetrators),
            "victims": [v.to_dict() for v in lead.victims],
            "fatalities_low": self.fatalities_low,
            "fatalities_high": self.fatalities_high,
            "place": place.to_dict() if place else None,
            "date": when.to_dict(),
            "grave_violations": _unique(g for e in self.events for g in e.grave_violations),
            "sources": [s.to_dict() for s in sources],
            "attribution_chain": [s.name for s in lead.attribution],
            "independent_sources": independent_count(chains),
            "evidence": [s.to_dict() for e in self.events for s in e.evidence],
            "graphic": any(e.graphic for e in self.events),
            "status": self.status,
            "reports": [
                {
                    "event_id": e.id,
                    "document_id": e.document_id,
                    "fatalities_low": e.fatalities.low,
                    "fatalities_high": e.fatalities.high,
                    "sources": [s.name for s in e.attribution],
                }
                for e in self.events
            ],
            "duplicate_documents": list(self.duplicate_documents),
            "fatalities_best": self.fatalities_best,
            "best_estimate_policy": self.estimate_policy,
            "version": self.version,
            "edited": [name for name, _ in self.edits],
        }
        return _apply_edits(data, self.edits) if self.edits else data


def _apply_edits(data: dict[str, Any], edits: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """An incident's JSON with the reviewer's values in place of the computed ones."""
    data = dict(data)
    for name, value in edits:
        if name in ("place", "admin1", "country_code"):
            place = dict(data["place"] or {"name": None, "geonameid": None, "country_code": None, "admin1": None,
                                          "latitude": None, "longitude": None, "precision": 1, "note": None})
            if name == "place":
                place.update(name=value, geonameid=None, latitude=None, longitude=None, note=EDITED_PLACE_NOTE)
            else:
                place[name] = value
            data["place"] = place
        elif name == "date":
            data["date"] = {"start": value["start"], "end": value["end"], "precision": value["precision"],
                            "qualifier": None}
        elif name not in ("fatalities_low", "fatalities_high", "fatalities_best"):  # properties, set above
            data[name] = list(value) if isinstance(value, list) else value
    return data


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def _unique_sources(sources) -> list[Source]:
    seen: dict[str, Source] = {}
    for source in sources:
        seen.setdefault(source.name.casefold(), source)
    return list(seen.values())
