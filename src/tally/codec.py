"""Lossless JSON for the records the store keeps: `Document`, `Event`, `Claim`.

`Event.to_dict()` and friends give the public JSON shape, which drops spans and merges
fields for readers. The store needs the opposite: every field, every span, so that
`event_from_json(event_to_json(e)) == e`. The dicts built here hold only JSON types
(str, int, float, bool, None, lists, dicts); dates are ISO strings and tuples are lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

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

#: Bumped when a record's JSON shape changes incompatibly; stored with every record.
CODEC_VERSION = 1

JSON = dict[str, Any]


def document_to_json(document: Document) -> JSON:
    """Every field of `document`, text included."""
    return {
        "v": CODEC_VERSION,
        "id": document.id,
        "text": document.text,
        "raw_sha256": document.raw_sha256,
        "text_sha256": document.text_sha256,
        "title": document.title,
        "publisher": document.publisher,
        "url": document.url,
        "published": _date_out(document.published),
        "language": document.language,
        "origin": document.origin,
    }


def document_from_json(data: JSON) -> Document:
    """The `Document` that `document_to_json` wrote."""
    _check_version(data, "document")
    return Document(
        id=data["id"],
        text=data["text"],
        raw_sha256=data["raw_sha256"],
        text_sha256=data["text_sha256"],
        title=data.get("title"),
        publisher=data.get("publisher"),
        url=data.get("url"),
        published=_date_in(data.get("published")),
        language=data.get("language", "en"),
        origin=data.get("origin"),
    )


def event_to_json(event: Event) -> JSON:
    """Every field of `event`, spans included."""
    return {
        "v": CODEC_VERSION,
        "id": event.id,
        "document_id": event.document_id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "method": event.method,
        "perpetrators": [_actor_out(a) for a in event.perpetrators],
        "victims": [_victims_out(v) for v in event.victims],
        "fatalities": _quantity_out(event.fatalities),
        "injuries": _quantity_out(event.injuries),
        "place": _place_out(event.place),
        "when": _when_out(event.when),
        "grave_violations": list(event.grave_violations),
        "attribution": [_source_out(s) for s in event.attribution],
        "evidence": [_span_out(s) for s in event.evidence],
        "graphic": event.graphic,
        "confidence": event.confidence,
    }


def event_from_json(data: JSON) -> Event:
    """The `Event` that `event_to_json` wrote."""
    _check_version(data, "event")
    return Event(
        id=data["id"],
        document_id=data["document_id"],
        event_type=data["event_type"],
        sub_event_type=data["sub_event_type"],
        method=data.get("method"),
        perpetrators=tuple(_actor_in(a) for a in data.get("perpetrators", ())),
        victims=tuple(_victims_in(v) for v in data.get("victims", ())),
        fatalities=_quantity_in(data.get("fatalities")),
        injuries=_quantity_in(data.get("injuries")),
        place=_place_in(data.get("place")),
        when=_when_in(data.get("when")),
        grave_violations=tuple(data.get("grave_violations", ())),
        attribution=tuple(_source_in(s) for s in data.get("attribution", ())),
        evidence=tuple(_span_in(s) for s in data.get("evidence", ())),
        graphic=bool(data.get("graphic", False)),
        confidence=float(data.get("confidence", 0.5)),
    )


def claim_to_json(claim: Claim) -> JSON:
    """Every field of `claim`, spans included."""
    return {
        "v": CODEC_VERSION,
        "id": claim.id,
        "document_id": claim.document_id,
        "what": claim.what,
        "quantity": _quantity_out(claim.quantity),
        "perpetrators": [_actor_out(a) for a in claim.perpetrators],
        "victim_category": claim.victim_category,
        "breakdown": [{"category": b.category, "low": b.low, "high": b.high} for b in claim.breakdown],
        "period": _when_out(claim.period),
        "methods": list(claim.methods),
        "place": _place_out(claim.place),
        "source": _source_out(claim.source) if claim.source else None,
        "evidence": [_span_out(s) for s in claim.evidence],
    }


def claim_from_json(data: JSON) -> Claim:
    """The `Claim` that `claim_to_json` wrote."""
    _check_version(data, "claim")
    source = data.get("source")
    return Claim(
        id=data["id"],
        document_id=data["document_id"],
        what=data["what"],
        quantity=_quantity_in(data.get("quantity")),
        perpetrators=tuple(_actor_in(a) for a in data.get("perpetrators", ())),
        victim_category=data.get("victim_category", "unknown"),
        breakdown=tuple(
            Breakdown(category=b["category"], low=b.get("low"), high=b.get("high"))
            for b in data.get("breakdown", ())
        ),
        period=_when_in(data.get("period")),
        methods=tuple(data.get("methods", ())),
        place=_place_in(data.get("place")),
        source=_source_in(source) if source else None,
        evidence=tuple(_span_in(s) for s in data.get("evidence", ())),
    )


def _check_version(data: JSON, kind: str) -> None:
    version = data.get("v", CODEC_VERSION)
    if version > CODEC_VERSION:
        raise InputError(
            f"{kind} {data.get('id', '?')}",
            f"stored with codec version {version}, newer than this Tally's {CODEC_VERSION}; upgrade Tally",
        )


def _date_out(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date_in(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _span_out(span: Span | None) -> JSON | None:
    if span is None:
        return None
    return {"document_id": span.document_id, "start": span.start, "end": span.end, "text": span.text}


def _span_in(data: JSON | None) -> Span | None:
    if data is None:
        return None
    return Span(document_id=data["document_id"], start=data["start"], end=data["end"], text=data["text"])


def _quantity_out(quantity: Quantity) -> JSON:
    return {
        "low": quantity.low,
        "high": quantity.high,
        "qualifier": quantity.qualifier,
        "span": _span_out(quantity.span),
    }


def _quantity_in(data: JSON | None) -> Quantity:
    if data is None:
        return Quantity()
    return Quantity(
        low=data.get("low"), high=data.get("high"), qualifier=data.get("qualifier"),
        span=_span_in(data.get("span")),
    )


def _actor_out(actor: Actor) -> JSON:
    return {"name": actor.name, "kind": actor.kind, "span": _span_out(actor.span)}


def _actor_in(data: JSON) -> Actor:
    return Actor(name=data["name"], kind=data.get("kind", "unknown"), span=_span_in(data.get("span")))


def _place_out(place: Place | None) -> JSON | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "geonameid": place.geonameid,
        "country_code": place.country_code,
        "admin1": place.admin1,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "precision": place.precision,
        "note": place.note,
        "span": _span_out(place.span),
    }


def _place_in(data: JSON | None) -> Place | None:
    if data is None:
        return None
    return Place(
        name=data["name"],
        geonameid=data.get("geonameid"),
        country_code=data.get("country_code"),
        admin1=data.get("admin1"),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        precision=data.get("precision", 1),
        note=data.get("note"),
        span=_span_in(data.get("span")),
    )


def _when_out(when: When) -> JSON:
    return {
        "start": _date_out(when.start),
        "end": _date_out(when.end),
        "precision": when.precision,
        "qualifier": when.qualifier,
        "span": _span_out(when.span),
    }


def _when_in(data: JSON | None) -> When:
    if data is None:
        return When()
    return When(
        start=_date_in(data.get("start")),
        end=_date_in(data.get("end")),
        precision=data.get("precision", "unknown"),
        qualifier=data.get("qualifier"),
        span=_span_in(data.get("span")),
    )


def _victims_out(victims: Victims) -> JSON:
    return {
        "description": victims.description,
        "category": victims.category,
        "count": _quantity_out(victims.count),
        "children": victims.children,
        "women": victims.women,
        "span": _span_out(victims.span),
    }


def _victims_in(data: JSON) -> Victims:
    return Victims(
        description=data["description"],
        category=data.get("category", "unknown"),
        count=_quantity_in(data.get("count")),
        children=bool(data.get("children", False)),
        women=bool(data.get("women", False)),
        span=_span_in(data.get("span")),
    )


def _source_out(source: Source) -> JSON:
    return {"name": source.name, "kind": source.kind, "span": _span_out(source.span)}


def _source_in(data: JSON) -> Source:
    return Source(name=data["name"], kind=data.get("kind", "unknown"), span=_span_in(data.get("span")))
