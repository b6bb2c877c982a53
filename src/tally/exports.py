"""Incidents written out for other tools: ACLED-style CSV, GeoJSON, JSON Lines.

Every format is written from `Incident` records (one row or feature per incident), never
from claims, with each incident's values as `Incident.to_dict` shows them: a reviewer's value
(event type, method, place, date, perpetrators, fatalities) over the one computed from the
reports, as in `tally show`. Every row carries the incident's status (the ACLED tags say
"status: ..."), so a discounted incident written out is never mistaken for a credible one.
Exports carry no evidence text: the ACLED notes are a neutral one-line summary
built from the coded fields, and the GeoJSON keeps only the evidence spans' offsets, so
that graphic descriptions stay behind the dashboard's content warning.
"""

from __future__ import annotations

import csv
import datetime as dt
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
    place = data["place"] or {}
    country = _country_name(place.get("country_code"))
    when = _when(data)
    actor1, assoc, actor2 = _actors(data, country)
    return {
        "event_id_cnty": f"{_country_prefix(place.get('country_code'))}{incident.id}",
        "event_date": when.start.isoformat() if when.start else "",
        "year": str(when.start.year) if when.start else "",
        "time_precision": _TIME_PRECISION.get(when.precision, ""),
        "disorder_type": _disorder_type(data["event_type"], data["sub_event_type"]),
        "event_type": data["event_type"],
        "sub_event_type": data["sub_event_type"],
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
        "notes": _summary(data),
        "fatalities": str(data["fatalities_low"] or 0),
        "tags": "; ".join(_tags(data)),
    }


def summary(incident: Incident) -> str:
    """A neutral one-line description built from the coded fields, never from the text."""
    return _summary(incident.to_dict())


def _summary(data: dict[str, Any]) -> str:
    who = ", ".join(data["perpetrators"]) or "An unidentified actor"
    event_type, sub_event_type = data["event_type"] or "", data["sub_event_type"]
    what = sub_event_type.lower() if sub_event_type else event_type.lower()
    if data["method"]:
        what += f" ({data['method']})"
    place = data["place"]
    where = f" in {', '.join(p for p in (place['name'], place['admin1'], _country_name(place['country_code'])) if p)}" \
        if place else ""
    low, high = data["fatalities_low"], data["fatalities_high"]
    if low is None and high is None:
        toll = "no fatality figure reported"
    elif low is not None and high is not None and low != high:
        toll = f"{low} to {high} reported killed"
    else:
        toll = f"{low if low is not None else high} reported killed"
    reports = len(data["reports"])
    sources = data["independent_sources"]
    return (f"{_date_phrase(_when(data))}, {who}: {event_type} - {what}{where}; {toll}; "
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


def _when(data: dict[str, Any]) -> When:
    """The incident's date as shown (a reviewer's, else the reports'), as a `When`."""
    date = data["date"]
    return When(start=dt.date.fromisoformat(date["start"]) if date["start"] else None,
                end=dt.date.fromisoformat(date["end"]) if date["end"] else None,
                precision=date["precision"], qualifier=date.get("qualifier"))


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


def _actors(data: dict[str, Any], country: str) -> tuple[str, str, str]:
    """actor1, assoc_actor_1 and actor2 as ACLED fills them."""
    perpetrators = data["perpetrators"]
    actor1 = perpetrators[0] if perpetrators else ""
    others = perpetrators[1:]
    if data["event_type"] == "Battles" and others:
        return actor1, "; ".join(others[1:]), others[0]
    civilians = any(v["category"] == "civilian" for v in data["victims"])
    actor2 = (f"Civilians ({country})" if country else "Civilians") if civilians else ""
    return actor1, "; ".join(others), actor2


def _disorder_type(event_type: str, sub_event_type: str) -> str:
    if event_type == "Riots":
        return _RIOT_DISORDER.get(sub_event_type, "")
    return _DISORDER_TYPE.get(event_type, "")


def _tags(data: dict[str, Any]) -> list[str]:
    tags = [f"grave violation: {g}" for g in data["grave_violations"]]
    victims = data["victims"]
    if any(v["women"] for v in victims):
        tags.append("women targeted")
    if any(v["children"] for v in victims):
        tags.append("children targeted")
    tags.append(f"status: {data['status']}")
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
