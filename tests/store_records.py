"""Hand-built records for the store, stats and export tests (no extraction pipeline).

The report texts are invented for these tests, written plainly as a monitor would.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from tally.incidents import Resolver
from tally.records import (
    Actor,
    Breakdown,
    Claim,
    Document,
    Event,
    Extraction,
    Place,
    Quantity,
    Source,
    Span,
    Victims,
    When,
)

QAIM = Place(name="Al Qa'im", geonameid=92138, country_code="IQ", admin1="Anbar",
             latitude=34.37, longitude=41.09, precision=2, note="the text places the spying here")
MOSUL = Place(name="Mosul", geonameid=99072, country_code="IQ", admin1="Nineveh",
              latitude=36.34, longitude=43.13, precision=1)
RAQQA = Place(name="Raqqa", geonameid=163915, country_code="SY", admin1="Raqqa",
              latitude=35.95, longitude=39.01, precision=1)


def make_resolver() -> Resolver:
    """The resolver the store clusters with, under its default policy."""
    return Resolver()


def make_document(text: str, *, title: str | None = None, publisher: str | None = "Test Wire",
                  published: dt.date | None = dt.date(2015, 7, 15), url: str | None = None) -> Document:
    """A document whose id and hashes derive from its text."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(id=f"doc-{sha[:12]}", text=text, raw_sha256=hashlib.sha256(b"raw" + text.encode()).hexdigest(),
                    text_sha256=sha, title=title, publisher=publisher, url=url, published=published,
                    language="en", origin="tests/store_records.py")


def span(document: Document, phrase: str) -> Span:
    """The span of the first occurrence of `phrase` in `document`."""
    start = document.text.index(phrase)
    return Span(document.id, start, start + len(phrase), phrase)


def make_event(document: Document, n: int, phrase: str, *, event_type: str = "Violence against civilians",
               sub_event_type: str = "Attack", method: str | None = "shooting",
               day: dt.date | None = dt.date(2015, 5, 10), precision: str = "day",
               place: Place | None = QAIM, killed: tuple[int | None, int | None] = (1, 1),
               perpetrators: tuple[str, ...] = ("Islamic State",), sources: tuple[str, ...] = (),
               category: str = "civilian", grave: tuple[str, ...] = (), graphic: bool = False,
               confidence: float = 0.7, children: bool = False, women: bool = False) -> Event:
    """One event of `document`, its evidence the sentence holding `phrase`."""
    evidence = span(document, phrase)
    return Event(
        id=f"{document.id}:e{n}",
        document_id=document.id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        method=method,
        perpetrators=tuple(Actor(name, "rebel_group", evidence) for name in perpetrators),
        victims=(Victims("a man", category, Quantity(killed[0], killed[1], None, evidence),
                         children=children, women=women, span=evidence),),
        fatalities=Quantity(killed[0], killed[1], "at least" if killed[0] != killed[1] else None, evidence),
        injuries=Quantity(),
        place=place,
        when=When(day, day, precision, None, evidence) if day else When(),
        grave_violations=grave,
        attribution=tuple(Source(name, "news_outlet", evidence) for name in sources),
        evidence=(evidence,),
        graphic=graphic,
        confidence=confidence,
    )


def make_claim(document: Document, n: int, phrase: str, low: int, *, what: str = "executions",
               category: str = "civilian") -> Claim:
    """An aggregate claim of `document`."""
    evidence = span(document, phrase)
    return Claim(
        id=f"{document.id}:c{n}", document_id=document.id, what=what,
        quantity=Quantity(low, None, "more than", evidence),
        perpetrators=(Actor("Islamic State", "rebel_group", evidence),),
        victim_category=category,
        breakdown=(Breakdown("civilian", low // 2, low // 2),),
        period=When(dt.date(2014, 6, 1), dt.date(2015, 6, 30), "month", "since", evidence),
        methods=("beheading", "shooting"),
        place=RAQQA,
        source=Source("Syrian Observatory for Human Rights", "monitoring_group", evidence),
        evidence=(evidence,),
    )


def numbered_extraction(i: int) -> Extraction:
    """The i-th of a batch of distinct one-town reports: (i % 3) + 1 events and one claim each."""
    text = (f"Report {i}. Gunmen killed {i + 1} villagers in Mosul on day {i}. "
            f"A monitor said more than {100 + i} people had been killed since June.")
    document = make_document(text, title=f"Report {i}")
    day = dt.date(2015, 1, 1) + dt.timedelta(days=40 * i)
    count = i % 3 + 1
    evs = tuple(
        make_event(document, k, f"Gunmen killed {i + 1} villagers", day=day + dt.timedelta(days=k * 10),
                   place=MOSUL, killed=(i + 1, i + 1))
        for k in range(count)
    )
    claim = make_claim(document, 0, f"more than {100 + i} people", 100 + i)
    return Extraction(document, evs, (claim,))
