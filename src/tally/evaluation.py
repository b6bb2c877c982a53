"""Scoring Tally against gold that people coded by hand (issue 3).

`evaluate_acled` reads ACLED event files (the 2016, 2020 and 2023 column sets), runs each
row's `notes` through the pipeline with `event_date` as the publication date, and scores the
event Tally reports for the row against the row's coding. `evaluate_case` scores sub-event
types on the CASE 2021 snippets; `evaluate_geo` (in `tally.evaluation_geo`) scores toponym
detection and resolution. Each returns a `Report`: named figures, each with its numerator
and the number of items it rests on.

What is counted, exactly:
- The event Tally reports for a text is its *first* event in document order
  (`reported_event`); a text with no event is a miss on every figure of its row.
- event_type: right when it is the row's type, or one of the types an old (2016) type
  became (`data/acled_types_2016.tsv`: "Riots/Protests" accepts Protests and Riots).
- sub_event_type: macro-F1 over the gold sub-event types present, on the rows that have one
  (2016 rows have one only where their old type fixes it, e.g. "Battle-No change of
  territory" = "Armed clash"); F1 per type = 2 TP / (gold + predicted).
  Old files (no `sub_event_type` column) coded mob violence and excessive force against
  protesters as "Violence against civilians"; ACLED moved both out in 2019 (to Riots and to
  Protests), so such a row with rioters, or protesters, among its actors also accepts those.
- actor1: Tally's first perpetrator equals ACLED's actor1 (folded, see `gold_actor_names`).
- actor2 (rows with an actor2): it is among Tally's other perpetrators, or actor2 is
  "Civilians (X)" and Tally reports a civilian victim.
- ACLED's codebook gives actor order no meaning except in violence against civilians (the
  victim is actor2). On other rows both actor figures are also right when Tally names the
  same two actors the other way round; "actor1 match, as ordered" keeps the strict order.
- fatalities: Tally's low figure (0 when unknown) equals the gold figure; or is within one.
  "fatalities exact, rows with an event" leaves out the rows where Tally found no event.
- date: Tally's date has day precision and its start is the row's `event_date`.
- admin1: Tally's place's admin1 and ACLED's, folded, are equal or one holds the other as
  whole words ("Al Anbar" / "Anbar"), or ACLED's name is a gazetteer name of Tally's region
  in Tally's country (another spelling: "Atacora" / "Atakora").
- location: the great-circle distance from Tally's place to ACLED's coordinates is within
  25 km, or 100 km; a place without coordinates is a miss.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tally.actors import fill_country, load_nationalities
from tally.documents import make_document
from tally.errors import InputError
from tally.lexicon import read_table, split_list
from tally.records import Event, Extraction, Place
from tally.settings import DATA_DIR
from tally.text import fold

if TYPE_CHECKING:
    from tally.gazetteer import Gazetteer
    from tally.pipeline import Pipeline

#: Distances (km) within which Tally's place counts as ACLED's location: 25 km is a town and
#: its outskirts (ACLED's geo-precision 1-2), 100 km a district or small province (issue 3).
LOCATION_NEAR_KM = 25.0
LOCATION_REGION_KM = 100.0
#: Documents handed to spaCy at a time: large enough for its batching, small enough to
#: keep memory flat.
BATCH_SIZE = 256
#: What a text with no ACLED event is scored as.
NO_EVENT = "no ACLED event"
#: ACLED's six event types since 2019.
EVENT_TYPES = (
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
)
#: CASE 2021 task 2 labels and the ACLED sub-event types they stand for (CASE's own table);
#: the labels of happenings outside ACLED map to `NO_EVENT`.
CASE_LABELS = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike", "ARMED_CLASH": "Armed clash", "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence", "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
    "NATURAL_DISASTER": NO_EVENT, "MAN_MADE_DISASTER": NO_EVENT, "ORG_CRIME": NO_EVENT,
    "DIPLO": NO_EVENT, "ATTRIB": NO_EVENT,
}
_ACLED_COLUMNS = ("notes", "event_date", "event_type", "actor1", "actor2", "admin1", "latitude", "longitude", "fatalities")
_MISSING = {"", "NA", "N/A", "NULL", "NONE", "NAN"}
_DATE_FORMATS = ("%d %B %Y", "%Y-%m-%d", "%d-%B-%Y", "%d %b %Y", "%m/%d/%Y")
#: ACLED's date span after a state force's name: "(2014-)", "(2006-2016)"; what follows it
#: is a unit of that force ("Special Forces"), scored as the force itself.
_ACTOR_PERIOD = re.compile(r"\s*\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\).*$")
#: A country in brackets after a mission's period ("AMISOM: ... (2007-) (Ethiopia)"): ACLED's
#: name for that country's contingent, which Tally names as the country's military.
_CONTINGENT = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)\s*\((?P<country>[A-Z][^()]*)\)\s*$")
_CIVILIANS = re.compile(r"^civilians\b", re.IGNORECASE)
_EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Figure:
    """One score: `value` = numerator / n for rates (None when n is 0); F1 figures say how
    they are computed in `note`, with `numerator` their true positives."""

    name: str
    scope: str
    value: float | None
    numerator: int
    n: int
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "scope": self.scope,
            "value": None if self.value is None else round(self.value, 4),
            "numerator": self.numerator, "n": self.n, "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """The figures of one evaluation, and a confusion table where one applies.

    `confusion` holds (scope, gold label, predicted label, count) rows.
    """

    kind: str
    figures: tuple[Figure, ...]
    confusion: tuple[tuple[str, str, str, int], ...] = ()
    seconds: float = 0.0

    def get(self, name: str, scope: str = "all") -> Figure:
        """The figure called `name` in `scope`; KeyError when there is none."""
        for figure in self.figures:
            if figure.name == name and figure.scope == scope:
                return figure
        raise KeyError(f"{self.kind} report has no figure {name!r} in scope {scope!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "seconds": round(self.seconds, 2),
            "figures": [f.to_dict() for f in self.figures],
            "confusion": [{"scope": s, "gold": g, "predicted": p, "count": c} for s, g, p, c in self.confusion],
        }


def combine(kind: str, reports: Sequence[Report]) -> Report:
    """One report holding the figures and confusion rows of several (one per file)."""
    return Report(
        kind,
        tuple(f for r in reports for f in r.figures),
        tuple(c for r in reports for c in r.confusion),
        sum(r.seconds for r in reports),
    )


# -- shared scoring ---------------------------------------------------------------------------


def rate(name: str, scope: str, hits: Iterable[bool], note: str = "") -> Figure:
    """The share of true items among `hits`."""
    items = list(hits)
    right = sum(items)
    return Figure(name, scope, right / len(items) if items else None, right, len(items), note)


def class_figures(
    golds: Sequence[str], preds: Sequence[str], classes: Iterable[str], scope: str, what: str
) -> list[Figure]:
    """Precision, recall and F1 of each class in `classes`."""
    tp, gold_count, pred_count = _tallies(golds, preds)
    figures = []
    for label in classes:
        t, g, p = tp[label], gold_count[label], pred_count[label]
        figures += [
            Figure(f"{what} precision [{label}]", scope, t / p if p else None, t, p),
            Figure(f"{what} recall [{label}]", scope, t / g if g else None, t, g),
            Figure(f"{what} F1 [{label}]", scope, 2 * t / (g + p) if g + p else None, t, g,
                   note=f"2TP/(gold+predicted), predicted={p}"),
        ]
    return figures


def macro_f1(golds: Sequence[str], preds: Sequence[str], *, exclude: frozenset[str] = frozenset()) -> tuple[float | None, int]:
    """Mean F1 over the gold classes present (less `exclude`), and the number of classes.

    A prediction of an excluded or absent class still counts against the gold class it
    misses, and a prediction of a gold class on another class's item counts against it.
    """
    tp, gold_count, pred_count = _tallies(golds, preds)
    labels = sorted(set(golds) - exclude)
    if not labels:
        return None, 0
    scores = [2 * tp[label] / (gold_count[label] + pred_count[label]) for label in labels]
    return sum(scores) / len(scores), len(labels)


def _tallies(golds: Sequence[str], preds: Sequence[str]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    tp = Counter(g for g, p in zip(golds, preds) if g == p)
    return tp, Counter(golds), Counter(preds)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def reported_event(extraction: Extraction) -> Event | None:
    """The event Tally reports for a one-event text: its first, in document order."""
    return extraction.events[0] if extraction.events else None


def _extract_all(pipeline: "Pipeline", texts: Sequence[str], published: Sequence[dt.date | None], origin: str) -> list[Extraction]:
    """Each text's extraction, in batches; an empty text gives an extraction with no events."""
    results: list[Extraction | None] = [None] * len(texts)
    documents, positions = [], []
    for i, (text, date) in enumerate(zip(texts, published)):
        if text.strip():
            documents.append(make_document(text, published=date, origin=f"{origin}:row {i + 1}"))
            positions.append(i)
    for first in range(0, len(documents), BATCH_SIZE):
        batch = documents[first:first + BATCH_SIZE]
        for position, extraction in zip(positions[first:first + BATCH_SIZE], pipeline.extract_many(batch)):
            results[position] = extraction
    empty = make_document(".", origin=f"{origin}:empty")
    return [r if r is not None else Extraction(empty) for r in results]


# -- ACLED ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcledRow:
    """One ACLED event, as scored: the gold values, mapped to today's taxonomy."""

    file: str
    notes: str
    date: dt.date
    event_types: tuple[str, ...]  # accepted types; the first stands for the row
    sub_event_type: str | None
    actor1: str
    actor2: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    fatalities: int


@dataclass(frozen=True, slots=True)
class AcledOutcome:
    """How Tally did on one row: None where the figure does not apply to the row."""

    row: AcledRow
    event: Event | None
    event_type: str
    sub_event_type: str
    hits: dict[str, bool | None] = field(default_factory=dict)


def load_type_map(data_dir: Path = DATA_DIR) -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Old ACLED event types -> (today's accepted types, the sub-event type they fix or None)."""
    table = read_table(data_dir / "acled_types_2016.tsv")
    return {r["old_type"]: (tuple(split_list(r["event_types"])), r["sub_event_type"] or None) for r in table}


def load_actor_map(data_dir: Path = DATA_DIR) -> dict[str, tuple[str, ...]]:
    """ACLED actor names (folded, period dropped) -> the names Tally gives the same actor."""
    path = data_dir / "acled_actor_map.tsv"
    if not path.is_file():
        return {}
    return {fold(r["acled_name"]): tuple(split_list(r["tally_names"])) for r in read_table(path)}


def read_acled(path: Path, type_map: dict[str, tuple[tuple[str, ...], str | None]]) -> list[AcledRow]:
    """The rows of one ACLED CSV file, any of its column sets.

    Raises `InputError` for a missing column, an unreadable date or number, or an event
    type neither today's nor in the old-type table.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in _ACLED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(str(path), f"not an ACLED file: no column {', '.join(missing)}")
            return [_acled_row(path, number, raw, type_map) for number, raw in enumerate(reader, 2)]
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "not UTF-8 text") from exc


def _acled_row(path: Path, number: int, raw: dict[str, str], type_map) -> AcledRow:
    where = f"{path}:line {number}"
    value = {k: (v or "").strip() for k, v in raw.items() if k}
    kind = value["event_type"]
    sub = _present(value.get("sub_event_type", ""))
    if kind in EVENT_TYPES:
        accepted: tuple[str, ...] = (kind,)
        if "sub_event_type" not in raw:
            accepted += _old_civilian_carve_outs(kind, value["actor1"], value["actor2"])
    elif kind in type_map:
        accepted, sub = type_map[kind][0], sub or type_map[kind][1]
    else:
        raise InputError(where, f"event type {kind!r} is neither ACLED's today nor in acled_types_2016.tsv")
    return AcledRow(
        file=path.stem,
        notes=value["notes"],
        date=parse_gold_date(value["event_date"], where),
        event_types=accepted,
        sub_event_type=sub,
        actor1=value["actor1"],
        actor2=_present(value["actor2"]),
        admin1=_present(value["admin1"]),
        latitude=_number(value["latitude"], where),
        longitude=_number(value["longitude"], where),
        fatalities=int(_number(value["fatalities"], where) or 0),
    )


def _old_civilian_carve_outs(kind: str, actor1: str, actor2: str) -> tuple[str, ...]:
    """Today's types an old "Violence against civilians" row may have become in 2019."""
    if kind != "Violence against civilians":
        return ()
    actors = (actor1.strip().lower(), actor2.strip().lower())
    extra = []
    if any(a.startswith("rioters") for a in actors):
        extra.append("Riots")
    if any(a.startswith("protesters") for a in actors):
        extra.append("Protests")
    return tuple(extra)


def _present(cell: str) -> str | None:
    return None if cell.strip().upper() in _MISSING else cell.strip()


def _number(cell: str, where: str) -> float | None:
    if _present(cell) is None:
        return None
    try:
        return float(cell)
    except ValueError:
        raise InputError(where, f"{cell!r} is not a number") from None


def parse_gold_date(text: str, where: str) -> dt.date:
    """A gold file's date: "21 March 2020", "2016-07-02" and a few other fixed forms."""
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise InputError(where, f"date {text!r} does not parse")


def gold_actor_names(name: str, actor_map: dict[str, tuple[str, ...]]) -> set[str]:
    """Folded names that match an ACLED actor: itself without its period ("(2014-)") and the
    unit after it, each side of an "X and/or Y", and their Tally names from the actor map."""
    names: set[str] = set()
    for part in re.split(r"\s+and/or\s+", name.strip()):
        key = fold(_ACTOR_PERIOD.sub("", part.strip()))
        if key:
            names.add(key)
            names.update(fold(alias) for alias in actor_map.get(key, ()))
        contingent = _CONTINGENT.search(part)
        if contingent and contingent.group("country") in set(load_nationalities().values()):
            names.add(fold(fill_country("Military Forces of {country}", "{country}", contingent.group("country"))))
    return names


def score_acled_row(
    row: AcledRow, extraction: Extraction, actor_map: dict[str, tuple[str, ...]], gazetteer: "Gazetteer | None" = None
) -> AcledOutcome:
    """Score one row: which figures Tally got right (None: the figure skips this row).

    With a `gazetteer`, ACLED's admin1 name also matches the region it names there, so that
    a spelling of the same region ("Atacora", "Atakora") is not counted as a wrong place.
    """
    event = reported_event(extraction)
    predicted_type = event.event_type if event else NO_EVENT
    predicted_sub = event.sub_event_type if event else NO_EVENT
    hits: dict[str, bool | None] = {"event_type accuracy": predicted_type in row.event_types}
    hits["sub_event_type"] = None if row.sub_event_type is None else predicted_sub == row.sub_event_type
    perpetrators = [fold(a.name) for a in event.perpetrators] if event else []
    as_ordered = bool(perpetrators) and perpetrators[0] in gold_actor_names(row.actor1, actor_map)
    swapped = _swapped(row, perpetrators, actor_map)
    hits["actor1 match"] = as_ordered or swapped
    hits["actor1 match, as ordered"] = as_ordered
    hits["actor2 match"] = (
        None if row.actor2 is None else swapped or _actor2_hit(row.actor2, event, perpetrators[1:], actor_map))
    low = (event.fatalities.low or 0) if event else None
    hits["fatalities exact"] = low is not None and low == row.fatalities
    hits["fatalities within one"] = low is not None and abs(low - row.fatalities) <= 1
    hits["fatalities exact, rows with an event"] = None if low is None else low == row.fatalities
    hits["date exact"] = event is not None and event.when.precision == "day" and event.when.start == row.date
    place = event.place if event else None
    hits["admin1 match"] = None if row.admin1 is None else _admin1_hit(place, row.admin1, gazetteer)
    distance = _distance(place, row)
    if row.latitude is None or row.longitude is None:
        hits["location within 25 km"] = hits["location within 100 km"] = None
    else:
        hits["location within 25 km"] = distance is not None and distance <= LOCATION_NEAR_KM
        hits["location within 100 km"] = distance is not None and distance <= LOCATION_REGION_KM
    return AcledOutcome(row, event, predicted_type, predicted_sub, hits)


def _swapped(row: AcledRow, perpetrators: list[str], actor_map) -> bool:
    """Tally names ACLED's two actors the other way round, where order carries no meaning."""
    if row.actor2 is None or "Violence against civilians" in row.event_types or len(perpetrators) < 2:
        return False
    return (perpetrators[0] in gold_actor_names(row.actor2, actor_map)
            and any(p in gold_actor_names(row.actor1, actor_map) for p in perpetrators[1:]))


def _actor2_hit(gold: str, event: Event | None, others: list[str], actor_map) -> bool:
    if event is None:
        return False
    if _CIVILIANS.match(gold) and any(v.category == "civilian" for v in event.victims):
        return True
    names = gold_actor_names(gold, actor_map)
    return any(name in names for name in others)


def _admin1_hit(place: Place | None, gold: str, gazetteer: "Gazetteer | None") -> bool:
    if place is None or not place.admin1:
        return False
    if _same_region(place.admin1, gold):
        return True
    if gazetteer is None:
        return False
    return any(
        e.feature == "admin1" and e.country_code == place.country_code and _same_region(place.admin1, e.name)
        for e in gazetteer.lookup(gold)
    )


def _same_region(ours: str, gold: str) -> bool:
    """Folded names equal, or one holds the other as whole words ("Al Anbar" / "Anbar")."""
    a, b = f" {fold(ours)} ", f" {fold(gold)} "
    return a.strip() != "" and b.strip() != "" and (a in b or b in a)


def _distance(place: Place | None, row: AcledRow) -> float | None:
    if place is None or place.latitude is None or place.longitude is None:
        return None
    if row.latitude is None or row.longitude is None:
        return None
    return haversine_km(place.latitude, place.longitude, row.latitude, row.longitude)


#: The per-row figures of `score_acled_row`, in the order reports list them.
ACLED_RATES = (
    "event_type accuracy", "actor1 match", "actor1 match, as ordered", "actor2 match", "fatalities exact", "fatalities within one",
    "fatalities exact, rows with an event", "date exact", "admin1 match", "location within 25 km", "location within 100 km",
)


def evaluate_acled(paths: Sequence[Path], pipeline: "Pipeline", *, data_dir: Path = DATA_DIR) -> Report:
    """Score Tally on ACLED files: each figure per file and over all files together."""
    started = time.perf_counter()
    outcomes = acled_outcomes(paths, pipeline, data_dir=data_dir)
    return acled_report(outcomes, [Path(p).stem for p in paths], time.perf_counter() - started)


def acled_outcomes(paths: Sequence[Path], pipeline: "Pipeline", *, data_dir: Path = DATA_DIR) -> list[AcledOutcome]:
    """Every row of the files, read, extracted and scored (for reports and error analysis)."""
    type_map, actor_map = load_type_map(data_dir), load_actor_map(data_dir)
    outcomes: list[AcledOutcome] = []
    for path in paths:
        rows = read_acled(Path(path), type_map)
        extractions = _extract_all(pipeline, [r.notes for r in rows], [r.date for r in rows], str(path))
        outcomes += [score_acled_row(r, x, actor_map, pipeline.gazetteer) for r, x in zip(rows, extractions)]
    return outcomes


def acled_report(outcomes: Sequence[AcledOutcome], files: Sequence[str], seconds: float = 0.0) -> Report:
    """The figures of scored rows: per file, then all files together with per-type figures."""
    figures: list[Figure] = []
    for scope in [*files, "all"]:
        chosen = [o for o in outcomes if scope in ("all", o.row.file)]
        figures += _acled_scope(chosen, scope)
    golds = [_gold_type(o) for o in outcomes]
    preds = [o.event_type for o in outcomes]
    labels = [t for t in EVENT_TYPES if t in set(golds) | set(preds)]
    figures += class_figures(golds, preds, labels, "all", "event_type")
    return Report("acled", tuple(figures), seconds=seconds)


def _acled_scope(outcomes: Sequence[AcledOutcome], scope: str) -> list[Figure]:
    figures = []
    for name in ACLED_RATES:
        figures.append(rate(name, scope, [o.hits[name] for o in outcomes if o.hits[name] is not None]))
    subs = [o for o in outcomes if o.row.sub_event_type is not None]
    value, classes = macro_f1([o.row.sub_event_type for o in subs], [o.sub_event_type for o in subs])  # type: ignore[misc]
    right = sum(o.hits["sub_event_type"] is True for o in subs)
    figures.insert(1, Figure("sub_event_type macro-F1", scope, value, right, len(subs),
                             note=f"mean F1 over {classes} gold types; numerator = rows right"))
    return figures


def _gold_type(outcome: AcledOutcome) -> str:
    """The row's type for per-type figures: the predicted one when accepted, else the first."""
    accepted = outcome.row.event_types
    return outcome.event_type if outcome.event_type in accepted else accepted[0]


# -- CASE 2021 --------------------------------------------------------------------------------


def read_case(path: Path) -> list[tuple[str, str]]:
    """(snippet, ACLED sub-event type or `NO_EVENT`) for each row of a CASE 2021 task-2 TSV."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if not {"EventSnippet", "SubType"} <= set(reader.fieldnames or []):
                raise InputError(str(path), "not a CASE 2021 file: no EventSnippet and SubType columns")
            rows = []
            for number, raw in enumerate(reader, 2):
                label = (raw["SubType"] or "").strip()
                if label not in CASE_LABELS:
                    raise InputError(f"{path}:line {number}", f"unknown CASE label {label!r}")
                rows.append(((raw["EventSnippet"] or "").strip(), CASE_LABELS[label]))
            return rows
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "not UTF-8 text") from exc


def evaluate_case(path: Path, pipeline: "Pipeline") -> Report:
    """Sub-event types on CASE 2021 snippets: macro-F1 over the ACLED types, and a confusion table.

    The prediction is the first event's sub-event type, or `NO_EVENT` when Tally finds none.
    `NO_EVENT` is left out of the macro average, but predicting it on an ACLED snippet is a
    miss for that snippet's type, and predicting an ACLED type on a non-ACLED snippet counts
    against that type's precision.
    """
    started = time.perf_counter()
    path = Path(path)
    rows = read_case(path)
    extractions = _extract_all(pipeline, [text for text, _ in rows], [None] * len(rows), str(path))
    golds = [label for _, label in rows]
    preds = [(e.sub_event_type if (e := reported_event(x)) else NO_EVENT) for x in extractions]
    scope = path.stem
    value, classes = macro_f1(golds, preds, exclude=frozenset({NO_EVENT}))
    in_acled = [(g, p) for g, p in zip(golds, preds) if g != NO_EVENT]
    figures = [
        Figure("sub_event_type macro-F1", scope, value, sum(g == p for g, p in in_acled), len(in_acled),
               note=f"mean F1 over {classes} ACLED types; '{NO_EVENT}' not averaged; numerator = ACLED rows right"),
        rate("accuracy", scope, [g == p for g, p in zip(golds, preds)], note=f"all rows, '{NO_EVENT}' included"),
        rate("event found on ACLED rows", scope, [p != NO_EVENT for g, p in in_acled]),
        rate(f"'{NO_EVENT}' on non-ACLED rows", scope, [p == NO_EVENT for g, p in zip(golds, preds) if g == NO_EVENT]),
        *class_figures(golds, preds, sorted(set(golds) - {NO_EVENT}), scope, "sub_event_type"),
    ]
    confusion = Counter(zip(golds, preds))
    table = tuple((scope, g, p, c) for (g, p), c in sorted(confusion.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])))
    return Report("case2021", tuple(figures), table, time.perf_counter() - started)


def evaluate_geo(path: Path, gazetteer: "Gazetteer") -> Report:
    """Toponym detection and resolution on a geoparsing corpus (see `tally.evaluation_geo`)."""
    from tally.evaluation_geo import evaluate_geo as run

    return run(path, gazetteer)
