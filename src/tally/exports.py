"""Incidents written out for other tools: ACLED-style CSV, GeoJSON, JSON Lines.

Every format is written from `Incident` records (one row or feature per incident), never
from claims. Exports carry no evidence text: the ACLED notes are a neutral one-line summary
built from the coded fields, and the GeoJSON keeps only the evidence spans' offsets, so
that graphic descriptions stay behind the dashboard's content warning.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import pycountry

from tally.errors import ConfigError
from tally.records import Incident, When

#: ACLED's column names, in ACLED's order, for the columns Tally can fill.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "actor2", "interaction", "country", "admin1",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags",
)

#: ACLED's time_precision: 1 the day, 2 a few days or a week, 3 only the month (or less).
_TIME_PRECISION = {"day": "1", "week": "2", "month": "3", "year": "3"}

#: ACLED's disorder_type (2023 codebook) for the event types that determine it.
_DISORDER_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_RIOT_DISORDER = {"Mob violence": "Political violence", "Violent demonstration": "Demonstrations"}

#: Decimal places of exported coordinates (ACLED publishes four: about 11 m).
COORDINATE_PLACES = 4


def export(incidents: Sequence[Incident], format: str, out: TextIO) -> int:
    """Write `incidents` to `out` in `format` (one of `EXPORT_FORMATS`); return how many.

    Raises `ConfigError` for an unknown format, listing the known ones.
    """
    writer = _WRITERS.get(format)
    if writer is None:
        raise ConfigError(f"unknown export format {format!r}: use one of {', '.join(EXPORT_FORMATS)}")
    return writer(incidents, out)


def acled_row(incident: Incident) -> dict[str, str]:
    """One incident as an ACLED-style row (column name to text).

    `fatalities` is ACLED's conservative figure, the incident's low one (0 when unknown).
    """
    data = incident.to_dict()
    lead = incident.lead
    place = data["place"] or {}
    country = _country_name(place.get("country_code"))
    when = _when(incident)
    actor1, assoc, actor2 = _actors(incident, data["perpetrators"], country)
    return {
        "event_id_cnty": f"{_country_prefix(place.get('country_code'))}{incident.id}",
        "event_date": when.start.isoformat() if when.start else "",
        "year": str(when.start.year) if when.start else "",
        "time_precision": _TIME_PRECISION.get(when.precision, ""),
        "disorder_type": _disorder_type(lead.event_type, lead.sub_event_type),
        "event_type": lead.event_type,
        "sub_event_type": lead.sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": assoc,
        "actor2": actor2,
        "interaction": "",
        "country": country,
        "admin1": place.get("admin1") or "",
        "location": place.get("name") or "",
        "latitude": _coordinate(place.get("latitude")),
        "longitude": _coordinate(place.get("longitude")),
        "geo_precision": str(place["precision"]) if place else "",
        "source": "; ".join(s["name"] for s in data["sources"]),
        "source_scale": "",
        "notes": summary(incident),
        "fatalities": str(incident.fatalities_low or 0),
        "tags": "; ".join(_tags(incident)),
    }


def summary(incident: Incident) -> str:
    """A neutral one-line description built from the coded fields, never from the text."""
    data = incident.to_dict()
    lead = incident.lead
    who = ", ".join(data["perpetrators"]) or "An unidentified actor"
    what = lead.sub_event_type.lower() if lead.sub_event_type else lead.event_type.lower()
    if lead.method:
        what += f" ({lead.method})"
    place = data["place"]
    where = f" in {', '.join(p for p in (place['name'], place['admin1'], _country_name(place['country_code'])) if p)}" \
        if place else ""
    low, high = incident.fatalities_low, incident.fatalities_high
    if low is None and high is None:
        toll = "no fatality figure reported"
    elif low is not None and high is not None and low != high:
        toll = f"{low} to {high} reported killed"
    else:
        toll = f"{low if low is not None else high} reported killed"
    reports = len(incident.events)
    sources = data["independent_sources"]
    return (f"{_date_phrase(_when(incident))}, {who}: {lead.event_type} - {what}{where}; {toll}; "
            f"{reports} report{'s' * (reports != 1)}, {sources} independent source{'s' * (sources != 1)}.")


def geojson_feature(incident: Incident) -> dict[str, Any]:
    """One incident as a GeoJSON Feature: a Point where coordinates are known, else no geometry."""
    properties = incident.to_dict()
    properties["evidence"] = [{k: v for k, v in span.items() if k != "text"} for span in properties["evidence"]]
    place = properties["place"] or {}
    latitude, longitude = place.get("latitude"), place.get("longitude")
    geometry = None
    if latitude is not None and longitude is not None:
        geometry = {"type": "Point", "coordinates": [longitude, latitude]}
    return {"type": "Feature", "id": incident.id, "geometry": geometry, "properties": properties}


def _write_acled(incidents: Sequence[Incident], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for incident in incidents:
        writer.writerow(acled_row(incident))
    return len(incidents)


def _write_geojson(incidents: Sequence[Incident], out: TextIO) -> int:
    collection = {"type": "FeatureCollection", "features": [geojson_feature(i) for i in incidents]}
    json.dump(collection, out, ensure_ascii=False)
    out.write("\n")
    return len(incidents)


def _write_jsonl(incidents: Sequence[Incident], out: TextIO) -> int:
    for incident in incidents:
        out.write(json.dumps(incident.to_dict(), ensure_ascii=False) + "\n")
    return len(incidents)


_WRITERS: dict[str, Callable[[Sequence[Incident], TextIO], int]] = {
    "acled": _write_acled,
    "geojson": _write_geojson,
    "jsonl": _write_jsonl,
}

#: The formats `export` writes.
EXPORT_FORMATS: tuple[str, ...] = tuple(_WRITERS)


def _when(incident: Incident) -> When:
    lead = incident.lead
    if lead.when.precision != "unknown":
        return lead.when
    return next((e.when for e in incident.events if e.when.precision != "unknown"), lead.when)


def _date_phrase(when: When) -> str:
    if when.start is None or when.precision == "unknown":
        return "On an unknown date"
    phrase = {
        "day": f"{when.start.day} {when.start:%B %Y}",
        "week": f"the week of {when.start.day} {when.start:%B %Y}",
        "month": f"{when.start:%B %Y}",
        "year": f"{when.start.year}",
    }.get(when.precision, when.start.isoformat())
    lead_in = when.qualifier or ("on" if when.precision in ("day", "week") else "in")
    return f"{lead_in[:1].upper()}{lead_in[1:]} {phrase}"


def _actors(incident: Incident, perpetrators: list[str], country: str) -> tuple[str, str, str]:
    """actor1, assoc_actor_1 and actor2 as ACLED fills them."""
    lead = incident.lead
    actor1 = perpetrators[0] if perpetrators else ""
    others = perpetrators[1:]
    if lead.event_type == "Battles" and others:
        return actor1, "; ".join(others[1:]), others[0]
    civilians = any(v.category == "civilian" for v in lead.victims)
    actor2 = (f"Civilians ({country})" if country else "Civilians") if civilians else ""
    return actor1, "; ".join(others), actor2


def _disorder_type(event_type: str, sub_event_type: str) -> str:
    if event_type == "Riots":
        return _RIOT_DISORDER.get(sub_event_type, "")
    return _DISORDER_TYPE.get(event_type, "")


def _tags(incident: Incident) -> list[str]:
    tags = [f"grave violation: {g}" for g in dict.fromkeys(g for e in incident.events for g in e.grave_violations)]
    victims = incident.lead.victims
    if any(v.women for v in victims):
        tags.append("women targeted")
    if any(v.children for v in victims):
        tags.append("children targeted")
    return tags


def _country_name(code: str | None) -> str:
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def _country_prefix(code: str | None) -> str:
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    return country.alpha_3 if country else "XXX"


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{round(value, COORDINATE_PLACES)}"
