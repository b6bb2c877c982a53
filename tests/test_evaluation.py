"""`tally.evaluation`: the scoring itself, on small gold files written for these tests.

Scoring rules are checked on records built by hand (no pipeline), so that a change in the
extraction modules cannot make these tests pass or fail; the end-to-end tests only check
what every run must hold (counts, scopes, a text without an event being a miss).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tally.cli import app
from tally.errors import InputError
from tally.evaluation import (
    NO_EVENT,
    AcledRow,
    Figure,
    Report,
    combine,
    evaluate_acled,
    evaluate_case,
    evaluate_geo,
    gold_actor_names,
    haversine_km,
    load_actor_map,
    load_type_map,
    macro_f1,
    parse_gold_date,
    rate,
    read_acled,
    score_acled_row,
)
from tally.evaluation_geo import Toponym, ToponymOutcome, same_place
from tally.pipeline import default_pipeline
from tally.records import Actor, Document, Event, Extraction, Place, Quantity, Victims, When
from tally.settings import Settings

MODERN_HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,"
    "admin1,location,latitude,longitude,geo_precision,notes,fatalities"
)
OLD_HEADER = ",actor1,actor2,admin1,event_date,event_type,fatalities,latitude,location,longitude,notes"


@pytest.fixture(scope="module")
def pipeline():
    return default_pipeline(Settings())


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _row(**changes) -> AcledRow:
    values = dict(
        file="test", notes="", date=dt.date(2021, 5, 3), event_types=("Violence against civilians",),
        sub_event_type="Attack", actor1="Unidentified Armed Group (Benin)", actor2="Civilians (Benin)",
        admin1="Alibori", latitude=11.31, longitude=2.93, fatalities=2,
    )
    values.update(changes)
    return AcledRow(**values)


def _extraction(*events: Event) -> Extraction:
    document = Document("d1", "text", "r", "t")
    return Extraction(document, tuple(events))


def _event(**changes) -> Event:
    values = dict(
        id="e1", document_id="d1", event_type="Violence against civilians", sub_event_type="Attack", method=None,
        perpetrators=(Actor("Unidentified Armed Group (Benin)", "rebel_group"),),
        victims=(Victims("two farmers", "civilian", Quantity(2, 2)),),
        fatalities=Quantity(2, 2),
        place=Place("Kandi", 1, "BJ", "Alibori", 11.13, 2.94),
        when=When(dt.date(2021, 5, 3), dt.date(2021, 5, 3), "day"),
    )
    values.update(changes)
    return Event(**values)


# -- figures and shared scoring ---------------------------------------------------------------


def test_rate_carries_numerator_and_count() -> None:
    figure = rate("x", "all", [True, False, True, True])
    assert (figure.value, figure.numerator, figure.n) == (0.75, 3, 4)
    assert rate("x", "all", []).value is None


def test_report_lookup_and_dict() -> None:
    report = Report("acled", (Figure("date exact", "all", 0.5, 1, 2),))
    assert report.get("date exact").n == 2
    with pytest.raises(KeyError):
        report.get("date exact", "benin")
    assert report.to_dict()["figures"][0] == {
        "name": "date exact", "scope": "all", "value": 0.5, "numerator": 1, "n": 2, "note": ""
    }
    both = combine("acled", [report, Report("acled", (Figure("date exact", "other", 1.0, 1, 1),))])
    assert [f.scope for f in both.figures] == ["all", "other"]


def test_macro_f1_leaves_out_the_excluded_class_but_counts_its_errors() -> None:
    golds = ["A", "A", "B", NO_EVENT]
    preds = ["A", NO_EVENT, "B", "B"]
    value, classes = macro_f1(golds, preds, exclude=frozenset({NO_EVENT}))
    # A: TP 1, gold 2, predicted 1 -> 2/3; B: TP 1, gold 1, predicted 2 -> 2/3.
    assert classes == 2
    assert value == pytest.approx(2 / 3)


def test_haversine_one_degree_of_latitude() -> None:
    assert haversine_km(10.0, 5.0, 11.0, 5.0) == pytest.approx(111.2, abs=0.2)


def test_gold_dates_in_both_forms() -> None:
    assert parse_gold_date("21 March 2020", "x") == dt.date(2020, 3, 21)
    assert parse_gold_date("2016-07-02", "x") == dt.date(2016, 7, 2)
    with pytest.raises(InputError, match="does not parse"):
        parse_gold_date("sometime in spring", "x")


def test_actor_names_drop_period_and_unit_and_split_either_or() -> None:
    assert gold_actor_names("Military Forces of Afghanistan (2014-) Special Forces", {}) == {"military forces of afghanistan"}
    assert gold_actor_names("Police Forces of Benin (2006-2016)", {}) == {"police forces of benin"}
    assert gold_actor_names("Taliban and/or Islamic State (Afghanistan)", {}) == {"taliban", "islamic state afghanistan"}
    mapped = gold_actor_names("Islamic State (Afghanistan)", load_actor_map())
    assert "islamic state khorasan province" in mapped


# -- ACLED rows -------------------------------------------------------------------------------


def test_old_types_map_to_todays(tmp_path: Path) -> None:
    path = _write(tmp_path / "old.csv", OLD_HEADER + "\n"
                  "0,Protesters (Ghana),,Greater Accra,2016-07-01,Riots/Protests,0,5.55,Accra,-0.2,Traders marched in Accra.\n"
                  "1,Military Forces of Chad (1990-),Boko Haram,Lac,2016-07-02,Battle-No change of territory,3,13.4,Bol,14.7,"
                  "Soldiers fought militants near Bol.\n")
    rows = read_acled(path, load_type_map())
    assert rows[0].event_types == ("Protests", "Riots") and rows[0].sub_event_type is None
    assert rows[1].event_types == ("Battles",) and rows[1].sub_event_type == "Armed clash"
    assert rows[0].actor2 is None and rows[1].fatalities == 3


def test_unknown_type_and_missing_column_are_input_errors(tmp_path: Path) -> None:
    bad_type = _write(tmp_path / "bad.csv", OLD_HEADER + "\n0,A,,B,2016-07-01,Skirmish,0,1,C,1,Text.\n")
    with pytest.raises(InputError, match="Skirmish"):
        read_acled(bad_type, load_type_map())
    no_notes = _write(tmp_path / "short.csv", "event_date,event_type\n2016-07-01,Battles\n")
    with pytest.raises(InputError, match="notes"):
        read_acled(no_notes, load_type_map())


def test_a_row_read_right_hits_every_figure() -> None:
    outcome = score_acled_row(_row(), _extraction(_event()), {})
    assert all(outcome.hits[name] for name in (
        "event_type accuracy", "sub_event_type", "actor1 match", "actor2 match", "fatalities exact",
        "date exact", "admin1 match", "location within 25 km", "location within 100 km",
    ))


def test_no_event_is_a_miss_everywhere() -> None:
    outcome = score_acled_row(_row(fatalities=0), _extraction(), {})
    assert outcome.event_type == NO_EVENT
    assert not any(outcome.hits[name] for name in outcome.hits if outcome.hits[name] is not None)
    assert outcome.hits["fatalities exact, rows with an event"] is None


def test_near_misses_score_as_the_rules_say() -> None:
    event = _event(
        fatalities=Quantity(3, 5),
        when=When(None, dt.date(2021, 5, 3), "unknown", "on or before"),
        place=Place("Somewhere", 1, "BJ", "Alibori", 11.31, 3.5),  # about 62 km east
        victims=(Victims("two farmers", "unknown", Quantity(2, 2)),),
    )
    hits = score_acled_row(_row(), _extraction(event), {}).hits
    assert hits["fatalities within one"] and not hits["fatalities exact"]
    assert not hits["date exact"]
    assert hits["location within 100 km"] and not hits["location within 25 km"]
    assert not hits["actor2 match"]  # no civilian victim, no second perpetrator


def test_region_names_match_when_one_holds_the_other() -> None:
    event = _event(place=Place("Ramadi", 1, "IQ", "Anbar", 33.42, 43.3))
    assert score_acled_row(_row(admin1="Al Anbar"), _extraction(event), {}).hits["admin1 match"]
    event = _event(place=Place("Bar", 1, "IQ", "Bar", 33.42, 43.3))
    assert not score_acled_row(_row(admin1="Anbar"), _extraction(event), {}).hits["admin1 match"]


def test_old_riots_protests_accept_either_type() -> None:
    row = _row(event_types=("Protests", "Riots"), sub_event_type=None)
    hits = score_acled_row(row, _extraction(_event(event_type="Riots")), {}).hits
    assert hits["event_type accuracy"] and hits["sub_event_type"] is None


def test_old_violence_against_civilians_accepts_what_2019_moved_out(tmp_path: Path) -> None:
    path = _write(tmp_path / "old.csv", OLD_HEADER + "\n"
                  "0,Rioters (Kenya),Civilians (Kenya),Nairobi,2016-07-01,Violence against civilians,1,-1.3,Nairobi,36.8,"
                  "A crowd beat a man to death.\n"
                  "1,Police Forces of Ethiopia (1991-),Protesters (Ethiopia),Oromia,2016-07-01,Violence against civilians,2,"
                  "9.0,Ambo,37.8,Police fired on marchers.\n"
                  "2,Militia,Civilians (Kenya),Nairobi,2016-07-01,Violence against civilians,0,-1.3,Nairobi,36.8,"
                  "Gunmen attacked a bus.\n")
    rows = read_acled(path, load_type_map())
    assert rows[0].event_types == ("Violence against civilians", "Riots")
    assert rows[1].event_types == ("Violence against civilians", "Protests")
    assert rows[2].event_types == ("Violence against civilians",)
    modern = _write(tmp_path / "new.csv", MODERN_HEADER + "\n"
                    "X1,2021-05-03,2021,1,Violence against civilians,Attack,Rioters (Benin),Civilians (Benin),"
                    "Alibori,Kandi,11.1,2.9,1,A crowd attacked a man.,0\n")
    assert read_acled(modern, load_type_map())[0].event_types == ("Violence against civilians",)


def test_actor_order_is_free_except_for_violence_against_civilians() -> None:
    army = Actor("Military Forces of Benin", "state_forces")
    jnim = Actor("JNIM: Group for Support of Islam and Muslims", "rebel_group")
    battle_row = _row(event_types=("Battles",), sub_event_type="Armed clash", actor1="Military Forces of Benin (2016-)",
                      actor2="JNIM: Group for Support of Islam and Muslims")
    battle = _event(event_type="Battles", sub_event_type="Armed clash", perpetrators=(jnim, army))
    hits = score_acled_row(battle_row, _extraction(battle), {}).hits
    assert hits["actor1 match"] and hits["actor2 match"] and not hits["actor1 match, as ordered"]
    only_jnim = _event(event_type="Battles", sub_event_type="Armed clash", perpetrators=(jnim,))
    assert not score_acled_row(battle_row, _extraction(only_jnim), {}).hits["actor1 match"]
    civilians_row = _row(actor1="JNIM: Group for Support of Islam and Muslims", actor2="Military Forces of Benin")
    assert not score_acled_row(civilians_row, _extraction(_event(perpetrators=(army, jnim))), {}).hits["actor1 match"]


def test_evaluate_acled_end_to_end(tmp_path: Path, pipeline) -> None:
    path = _write(tmp_path / "tiny.csv", MODERN_HEADER + "\n"
                  'X1,3 May 2021,2021,1,Violence against civilians,Attack,Unidentified Armed Group (Benin),Civilians (Benin),'
                  'Alibori,Kandi,11.13,2.94,1,"On 3 May 2021, gunmen shot dead two farmers in Kandi (Kandi, Alibori).",2\n'
                  'X2,4 May 2021,2021,1,Protests,Peaceful protest,Protesters (Benin),NA,Littoral,Cotonou,6.37,2.42,1,'
                  '"The weather in the south stayed mild and dry.",0\n')
    report = evaluate_acled([path], pipeline)
    accuracy = report.get("event_type accuracy", "tiny")
    assert accuracy.n == 2 and accuracy.numerator <= 1  # the weather note holds no event
    assert report.get("actor2 match").n == 1  # NA is no actor
    assert report.get("sub_event_type macro-F1").n == 2
    assert report.get("event_type recall [Protests]").numerator == 0


# -- CASE 2021 ---------------------------------------------------------------------------------


def test_case_scores_acled_types_only(tmp_path: Path, pipeline) -> None:
    path = _write(tmp_path / "case.tsv", "id\tEventSnippet\tSubType\n"
                  "1\tA roadside bomb killed three soldiers on the highway north of the town.\tREM_EXPLOS\n"
                  "2\tHeavy rain flooded two districts and washed away a bridge.\tNATURAL_DISASTER\n"
                  "3\tHundreds of teachers marched peacefully to the ministry over unpaid wages.\tPEACE_PROTEST\n")
    report = evaluate_case(path, pipeline)
    macro = report.get("sub_event_type macro-F1", "case")
    assert macro.n == 2 and "2 ACLED types" in macro.note
    assert sum(count for *_, count in report.confusion) == 3
    assert {gold for _, gold, _, _ in report.confusion} == {"Remote explosive/landmine/IED", NO_EVENT, "Peaceful protest"}


def test_case_unknown_label_is_an_input_error(tmp_path: Path, pipeline) -> None:
    path = _write(tmp_path / "case.tsv", "id\tEventSnippet\tSubType\n1\tSome text.\tWEATHER\n")
    with pytest.raises(InputError, match="WEATHER"):
        evaluate_case(path, pipeline)


# -- geo ---------------------------------------------------------------------------------------

GEO_TEXT = "Troops moved from Baghdad to Mosul on Tuesday, and the Smithfield Road bridge was closed."


def _geo_file(tmp_path: Path, baghdad_id: int = 98182, baghdad_at: tuple[float, float] = (33.34, 44.40)) -> Path:
    def toponym(phrase: str, gaztag: str = "") -> str:
        start = GEO_TEXT.index(phrase)
        return f"<toponym><start>{start}</start><end>{start + len(phrase)}</end><phrase>{phrase}</phrase>{gaztag}</toponym>"

    lat, lon = baghdad_at
    baghdad = f'<gaztag geonameid="{baghdad_id}"><name>Baghdad</name><fcode>PPLC</fcode><lat>{lat}</lat><lon>{lon}</lon></gaztag>'
    mosul = '<gaztag geonameid="99072"><name>Mosul</name><fcode>PPLA</fcode><lat>36.34</lat><lon>43.13</lon></gaztag>'
    body = toponym("Baghdad", baghdad) + toponym("Mosul", mosul) + toponym("Smithfield Road")
    return _write(tmp_path / "geo.xml", f'<articles><article docid="1"><text><![CDATA[{GEO_TEXT}]]></text>'
                  f'<toponyms count="3">{body}</toponyms></article></articles>')


def test_geo_counts_untagged_toponyms_for_detection_only(tmp_path: Path, pipeline) -> None:
    report = evaluate_geo(_geo_file(tmp_path), pipeline.gazetteer)
    assert report.get("detection recall", "geo").n == 3
    resolved = report.get("resolution within 161 km", "geo")
    assert (resolved.numerator, resolved.n) == (2, 2)  # both cities are unambiguous
    assert report.get("resolution same place", "geo").numerator == 2


def test_geo_other_place_far_away_is_a_resolution_miss(tmp_path: Path, pipeline) -> None:
    # Gold that puts "Baghdad" at another id, 1,000 km away: Tally's Baghdad is then wrong.
    report = evaluate_geo(_geo_file(tmp_path, baghdad_id=1, baghdad_at=(42.0, 44.4)), pipeline.gazetteer)
    assert report.get("resolution same place", "geo").numerator == 1
    assert report.get("resolution within 161 km", "geo").numerator == 1


def testsame_place_for_regions_without_geonameid(pipeline) -> None:
    gold = Toponym(0, 7, "Alberta", 5883102, 52.3, -113.5, "ADM1", "Alberta", "Canada")
    ours = Place("Alberta", None, "CA", "Alberta", 51.9, -114.0, precision=3)
    assert same_place(ToponymOutcome("1", gold, True, ours), pipeline.gazetteer)
    elsewhere = Place("Alberta", None, "US", "Alberta", 37.0, -77.9, precision=3)
    assert not same_place(ToponymOutcome("1", gold, True, elsewhere), pipeline.gazetteer)


def test_geo_bad_xml_is_an_input_error(tmp_path: Path, pipeline) -> None:
    with pytest.raises(InputError, match="not XML"):
        evaluate_geo(_write(tmp_path / "bad.xml", "<articles><article>"), pipeline.gazetteer)


def test_cli_eval_prints_json_and_tables(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "geo", str(_geo_file(tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "geo" and {f["name"] for f in data["figures"]} >= {"detection precision", "resolution within 161 km"}
    table = runner.invoke(app, ["eval", "geo", str(tmp_path)])
    assert table.exit_code == 0 and "detection recall" in table.stdout
    missing = runner.invoke(app, ["eval", "acled", str(tmp_path / "none")])
    assert missing.exit_code == 1
