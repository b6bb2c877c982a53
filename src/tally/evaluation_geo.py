"""Scoring Tally's place finder and resolver on geoparsing corpora (LGL, TR-News).

The corpora are XML: `<article>`s, each with its `<text>` and `<toponym>`s (`start`, `end`,
`phrase`, and a `gaztag` with a GeoNames id and `lat`/`lon` where the annotators resolved
it). Each article's text runs through `tally.places.find_places` and `resolve`, with the
countries its adjectives of nationality imply as the hint, as the pipeline does.

What is counted:
- detection precision: Tally's mentions that overlap a gold toponym, over Tally's mentions;
- detection recall: gold toponyms overlapped by a Tally mention, over gold toponyms (those
  without a `gaztag` included: they are places all the same);
- resolution, on detected gold toponyms that have a `gaztag`: the mention overlapping most
  resolves to the same place (the same geonameid; for a first-level region, to which Tally's
  gazetteer gives no geonameid outside the US, the region of the same name and country);
  or lies within 161 km (100 miles, the customary geoparsing threshold) of the gold
  coordinates, or is the same place. Tally places a country or region at the population-
  weighted centre of its towns, GeoNames at a centroid: "Russia" resolved right lies
  thousands of km from GeoNames' point, so the coordinates-only figure is reported apart.
  A resolution to nothing is a miss.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from tally.errors import InputError
from tally.evaluation import Figure, Report, haversine_km, rate
from tally.gazetteer import Gazetteer
from tally.places import PRECISION, PlaceMention, countries_named, find_places, resolve
from tally.records import Place
from tally.text import fold_place

#: 100 miles: the customary "accuracy at 161 km" of geoparsing evaluations (issue 3).
RESOLUTION_KM = 161.0


@dataclass(frozen=True, slots=True)
class Toponym:
    """One annotated toponym: its span and, when resolved by the annotators, its entry."""

    start: int
    end: int
    phrase: str
    geonameid: int | None
    latitude: float | None
    longitude: float | None
    feature_code: str = ""  # GeoNames fcode: "PPL", "ADM1", "PCLI", ...
    name: str = ""  # the gazetteer name the annotators chose
    country: str = ""  # its country's name


@dataclass(frozen=True, slots=True)
class Article:
    """One article's text and its gold toponyms."""

    id: str
    text: str
    toponyms: tuple[Toponym, ...]


def read_geo(path: Path) -> list[Article]:
    """The articles of an LGL/TR-News-style XML file. Raises `InputError` when it is not one."""
    try:
        root = ET.parse(path).getroot()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    except ET.ParseError as exc:
        raise InputError(str(path), f"not XML ({exc})") from exc
    articles = []
    for number, node in enumerate(root.iter("article"), 1):
        where = f"{path}:article {node.get('docid') or number}"
        text = node.findtext("text")
        if text is None:
            raise InputError(where, "no <text>")
        toponyms = tuple(_toponym(t, where) for t in node.iter("toponym"))
        articles.append(Article(node.get("docid") or str(number), text, toponyms))
    if not articles:
        raise InputError(str(path), "no <article> in it")
    return articles


def _toponym(node: ET.Element, where: str) -> Toponym:
    try:
        start, end = int(node.findtext("start") or ""), int(node.findtext("end") or "")
        tag = node.find("gaztag")
        ident = tag.get("geonameid") if tag is not None else None
        lat = tag.findtext("lat") if tag is not None else None
        lon = tag.findtext("lon") if tag is not None else None
        return Toponym(
            start, end, node.findtext("phrase") or "",
            int(ident) if ident else None,
            float(lat) if lat else None,
            float(lon) if lon else None,
            (tag.findtext("fcode") or "").strip() if tag is not None else "",
            (tag.findtext("name") or "").strip() if tag is not None else "",
            (tag.findtext("country") or "").strip() if tag is not None else "",
        )
    except ValueError as exc:
        raise InputError(where, f"a toponym with a malformed number ({exc})") from exc


def locate(text: str, gazetteer: Gazetteer) -> list[tuple[PlaceMention, Place | None]]:
    """Tally's place mentions in `text` and what each resolves to, as the pipeline finds them."""
    mentions = find_places(text, gazetteer)
    places = resolve(mentions, countries_hint=countries_named(text, gazetteer))
    return list(zip(mentions, places))


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


@dataclass(frozen=True, slots=True)
class ToponymOutcome:
    """One gold toponym: the Tally place that overlaps it most (None: not detected)."""

    article: str
    gold: Toponym
    detected: bool
    place: Place | None


def geo_outcomes(articles: list[Article], gazetteer: Gazetteer) -> tuple[list[ToponymOutcome], list[bool]]:
    """Per gold toponym, what Tally found there; per Tally mention, whether it is a gold one."""
    outcomes: list[ToponymOutcome] = []
    predicted_hits: list[bool] = []
    for article in articles:
        found = locate(article.text, gazetteer)
        for mention, _ in found:
            span = mention.span
            predicted_hits.append(any(_overlap(span.start, span.end, g.start, g.end) for g in article.toponyms))
        for gold in article.toponyms:
            overlapping = [(m, p) for m, p in found if _overlap(m.span.start, m.span.end, gold.start, gold.end)]
            best = max(overlapping, key=lambda mp: _overlap(mp[0].span.start, mp[0].span.end, gold.start, gold.end), default=None)
            outcomes.append(ToponymOutcome(article.id, gold, best is not None, best[1] if best else None))
    return outcomes, predicted_hits


def evaluate_geo(path: Path, gazetteer: Gazetteer) -> Report:
    """Detection precision/recall and resolution accuracy on one geoparsing corpus."""
    started = time.perf_counter()
    path = Path(path)
    outcomes, predicted_hits = geo_outcomes(read_geo(path), gazetteer)
    scope = path.stem
    resolvable = [o for o in outcomes if o.detected and o.gold.geonameid is not None]
    same = [same_place(o, gazetteer) for o in resolvable]
    on_resolved = "detected gold toponyms with a geonameid"
    figures: list[Figure] = [
        rate("detection precision", scope, predicted_hits, note="Tally mentions overlapping a gold toponym"),
        rate("detection recall", scope, [o.detected for o in outcomes], note="gold toponyms overlapped by a Tally mention"),
        rate("resolution same place", scope, same, note=on_resolved + "; same geonameid, or admin1 region by name and country"),
        rate("resolution within 161 km", scope, [s or _near(o) for s, o in zip(same, resolvable)],
             note=on_resolved + "; the same place counts as near"),
        rate("resolution within 161 km, coordinates only", scope, [_near(o) for o in resolvable], note=on_resolved),
    ]
    return Report("geo", tuple(figures), seconds=time.perf_counter() - started)


def same_place(outcome: ToponymOutcome, gazetteer: Gazetteer) -> bool:
    """Same geonameid; or, for the first-level regions to which Tally's gazetteer gives no
    geonameid (outside the US), the region of the same name in the same country."""
    place, gold = outcome.place, outcome.gold
    if place is None:
        return False
    if place.geonameid is not None:
        return place.geonameid == gold.geonameid
    if place.precision != PRECISION["admin1"] or not gold.feature_code.startswith("ADM1") or not place.country_code:
        return False
    country = gazetteer.country(place.country_code)
    return (
        country is not None
        and fold_place(country.name) == fold_place(gold.country)
        and fold_place(place.name) == fold_place(gold.name)
    )


def _near(outcome: ToponymOutcome) -> bool:
    place, gold = outcome.place, outcome.gold
    if place is None or place.latitude is None or place.longitude is None:
        return False
    if gold.latitude is None or gold.longitude is None:
        return False
    return haversine_km(place.latitude, place.longitude, gold.latitude, gold.longitude) <= RESOLUTION_KM
