"""tally.codec: every record survives a JSON round trip unchanged."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from store_records import QAIM, make_claim, make_document, make_event
from tally import codec
from tally.errors import InputError
from tally.records import (
    Actor,
    Breakdown,
    Claim,
    Document,
    Event,
    Place,
    Quantity,
    Source,
    Span,
    Victims,
    When,
)

TEXT = ("A boy shot a man in Al Qa'im in May, according to a citizen journalism website. "
        "The monitor said more than 2,000 people had been executed since June.")


def _through_json(data: dict) -> dict:
    """What a database JSON column hands back: the dict serialised and parsed again."""
    return json.loads(json.dumps(data))


def test_document_round_trip_keeps_every_field() -> None:
    document = make_document(TEXT, title="Boy shoots man", url="https://example.org/a", published=dt.date(2015, 7, 15))
    back = codec.document_from_json(_through_json(codec.document_to_json(document)))
    assert back == document
    assert back.published == dt.date(2015, 7, 15)


def test_minimal_document_round_trip() -> None:
    document = Document(id="d", text="", raw_sha256="r", text_sha256="t")
    assert codec.document_from_json(_through_json(codec.document_to_json(document))) == document


def test_event_round_trip_keeps_spans_tuples_and_dates() -> None:
    document = make_document(TEXT)
    event = make_event(document, 0, "A boy shot a man", sources=("Daily Example", "Citizen Site"),
                       grave=("recruitment or use of children",), graphic=True, confidence=0.8125,
                       children=True, killed=(1, 3))
    data = _through_json(codec.event_to_json(event))
    back = codec.event_from_json(data)
    assert back == event
    assert back.evidence[0].text == "A boy shot a man"
    assert isinstance(back.grave_violations, tuple) and isinstance(back.attribution, tuple)
    assert back.place == QAIM and back.when.start == dt.date(2015, 5, 10)


def test_minimal_event_round_trip() -> None:
    event = Event(id="e", document_id="d", event_type="Battles", sub_event_type="Armed clash", method=None)
    data = codec.event_to_json(event)
    assert data["place"] is None and data["when"]["start"] is None
    assert codec.event_from_json(_through_json(data)) == event


def test_claim_round_trip_keeps_breakdown_period_and_source() -> None:
    document = make_document(TEXT)
    claim = make_claim(document, 0, "more than 2,000 people", 2000)
    back = codec.claim_from_json(_through_json(codec.claim_to_json(claim)))
    assert back == claim
    assert back.breakdown == (Breakdown("civilian", 1000, 1000),)
    assert back.source is not None and back.source.kind == "monitoring_group"


def test_newer_codec_version_is_refused_with_the_record_named() -> None:
    data = codec.event_to_json(Event(id="e7", document_id="d", event_type="Battles",
                                     sub_event_type="Armed clash", method=None))
    data["v"] = codec.CODEC_VERSION + 1
    with pytest.raises(InputError, match="event e7"):
        codec.event_from_json(data)


# -- a seeded property test: random records of every shape round-trip -------------------------

def _maybe(rng: random.Random, value):
    return value if rng.random() < 0.6 else None


def _random_span(rng: random.Random) -> Span | None:
    start = rng.randrange(0, 500)
    return _maybe(rng, Span("doc-x", start, start + 5, rng.choice(["éclat", "Qa'im", "\u201cx\u201d", "  "])))


def _random_quantity(rng: random.Random) -> Quantity:
    low = _maybe(rng, rng.randrange(0, 3000))
    high = _maybe(rng, (low or 0) + rng.randrange(0, 50))
    return Quantity(low, high, _maybe(rng, rng.choice(["more than", "up to", "dozens"])), _random_span(rng))


def _random_place(rng: random.Random) -> Place | None:
    return _maybe(rng, Place(
        name=rng.choice(["Mosul", "Al Qa'im", "Raqqa"]), geonameid=_maybe(rng, rng.randrange(1, 10**7)),
        country_code=_maybe(rng, "IQ"), admin1=_maybe(rng, "Anbar"),
        latitude=_maybe(rng, rng.uniform(-90, 90)), longitude=_maybe(rng, rng.uniform(-180, 180)),
        precision=rng.randrange(1, 5), note=_maybe(rng, "approximate"), span=_random_span(rng)))


def _random_when(rng: random.Random) -> When:
    start = _maybe(rng, dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(0, 900)))
    end = start + dt.timedelta(days=rng.randrange(0, 40)) if start and rng.random() < 0.5 else None
    precision = rng.choice(["day", "week", "month", "year"]) if start else "unknown"
    return When(start, end, precision, _maybe(rng, "on or before"), _random_span(rng))


def _random_event(rng: random.Random, n: int) -> Event:
    return Event(
        id=f"e{n}", document_id="doc-x", event_type="Violence against civilians", sub_event_type="Attack",
        method=_maybe(rng, rng.choice(["shooting", "beheading"])),
        perpetrators=tuple(Actor(f"Group {k}", "rebel_group", _random_span(rng)) for k in range(rng.randrange(3))),
        victims=tuple(Victims(f"victims {k}", rng.choice(["civilian", "unknown"]), _random_quantity(rng),
                              rng.random() < 0.5, rng.random() < 0.5, _random_span(rng))
                      for k in range(rng.randrange(3))),
        fatalities=_random_quantity(rng), injuries=_random_quantity(rng), place=_random_place(rng),
        when=_random_when(rng),
        grave_violations=tuple(rng.sample(["abduction", "sexual violence", "killing and maiming"], rng.randrange(3))),
        attribution=tuple(Source(f"Outlet {k}", "news_outlet", _random_span(rng)) for k in range(rng.randrange(4))),
        evidence=tuple(s for s in (_random_span(rng), _random_span(rng)) if s is not None),
        graphic=rng.random() < 0.5, confidence=rng.random(),
    )


def _random_claim(rng: random.Random, n: int) -> Claim:
    return Claim(
        id=f"c{n}", document_id="doc-x", what=rng.choice(["executions", "killed"]), quantity=_random_quantity(rng),
        perpetrators=tuple(Actor(f"Group {k}") for k in range(rng.randrange(3))),
        victim_category=rng.choice(["civilian", "own_member"]),
        breakdown=tuple(Breakdown(f"cat {k}", _maybe(rng, k), _maybe(rng, k + 1)) for k in range(rng.randrange(3))),
        period=_random_when(rng), methods=tuple(rng.sample(["stoning", "shooting"], rng.randrange(3))),
        place=_random_place(rng), source=_maybe(rng, Source("Monitor", "monitoring_group", _random_span(rng))),
        evidence=tuple(s for s in (_random_span(rng),) if s is not None),
    )


def test_random_events_and_claims_round_trip() -> None:
    rng = random.Random(20150715)
    for n in range(300):
        event = _random_event(rng, n)
        assert codec.event_from_json(_through_json(codec.event_to_json(event))) == event
        claim = _random_claim(rng, n)
        assert codec.claim_from_json(_through_json(codec.claim_to_json(claim))) == claim
