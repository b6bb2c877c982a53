"""tally.exports: ACLED-style CSV, GeoJSON and JSON Lines from incidents."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from store_records import MOSUL, make_document, make_event
from tally.errors import ConfigError
from tally.exports import ACLED_COLUMNS, EXPORT_FORMATS, export, summary
from tally.records import Incident

TEXT = ("A boy shot a man dead in front of a crowd in Al Qa'im, a website reported. "
        "Two armed groups clashed near Mosul; four fighters were killed, a monitor said.")


def incidents() -> list[Incident]:
    doc = make_document(TEXT)
    other = make_document(TEXT + " Corrected.")
    execution = Incident("12", (
        make_event(doc, 0, "A boy shot a man dead", sources=("Example Wire", "Citizen Site"),
                   grave=("recruitment or use of children",), graphic=True, children=True),
        make_event(other, 0, "A boy shot a man dead", killed=(1, 2), sources=("Other Paper",)),
    ), status="corroborated")
    clash = Incident("13", (
        make_event(doc, 1, "Two armed groups clashed", event_type="Battles", sub_event_type="Armed clash",
                   method=None, place=MOSUL, killed=(4, 4), perpetrators=("Group A", "Group B", "Group C"),
                   day=dt.date(2015, 5, 1), precision="month", category="combatant"),
    ))
    nowhere = Incident("14", (
        make_event(doc, 2, "a monitor said", place=None, day=None, killed=(None, None), perpetrators=()),
    ))
    return [execution, clash, nowhere]


def test_acled_csv_uses_acled_columns_and_conservative_fatalities() -> None:
    out = io.StringIO()
    assert export(incidents(), "acled", out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS
    execution, clash, nowhere = rows
    assert execution["event_id_cnty"] == "IRQ12"
    assert (execution["event_date"], execution["year"], execution["time_precision"]) == ("2015-05-10", "2015", "1")
    assert execution["disorder_type"] == "Political violence"
    assert (execution["actor1"], execution["actor2"]) == ("Islamic State", "Civilians (Iraq)")
    assert (execution["country"], execution["admin1"], execution["location"]) == ("Iraq", "Anbar", "Al Qa'im")
    assert (execution["latitude"], execution["longitude"], execution["geo_precision"]) == ("34.37", "41.09", "2")
    assert execution["fatalities"] == "1"  # the low figure of 1 to 2
    assert execution["source"] == "Example Wire; Citizen Site; Other Paper"
    assert "grave violation: recruitment or use of children" in execution["tags"]
    assert (clash["actor1"], clash["actor2"], clash["assoc_actor_1"]) == ("Group A", "Group B", "Group C")
    assert (clash["time_precision"], clash["fatalities"]) == ("3", "4")
    assert (nowhere["event_date"], nowhere["fatalities"], nowhere["latitude"], nowhere["event_id_cnty"]) == (
        "", "0", "", "XXX14")


def test_notes_summarise_the_coding_without_the_report_text() -> None:
    notes = summary(incidents()[0])
    assert notes == ("On 10 May 2015, Islamic State: Violence against civilians - attack (shooting) in "
                     "Al Qa'im, Anbar, Iraq; 1 to 2 reported killed; 2 reports, 2 independent sources.")
    assert "crowd" not in notes and "\n" not in notes
    assert summary(incidents()[1]).startswith("In May 2015, Group A, Group B, Group C: Battles")
    assert summary(incidents()[2]).startswith("On an unknown date, An unidentified actor")


def test_geojson_has_points_where_coordinates_exist_and_no_evidence_text() -> None:
    out = io.StringIO()
    assert export(incidents(), "geojson", out) == 3
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    first, second, third = collection["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [41.09, 34.37]}
    assert third["geometry"] is None
    assert first["properties"]["id"] == "12" and first["properties"]["status"] == "corroborated"
    assert first["properties"]["evidence"][0] == {"document_id": incidents()[0].events[0].document_id,
                                                  "start": 0, "end": len("A boy shot a man dead")}
    assert "crowd" not in out.getvalue() and "shot a man" not in out.getvalue()


def test_jsonl_writes_one_incident_dict_per_line() -> None:
    out = io.StringIO()
    assert export(incidents(), "jsonl", out) == 3
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [i.to_dict() for i in incidents()]


def test_empty_exports_are_still_valid() -> None:
    for format in EXPORT_FORMATS:
        out = io.StringIO()
        assert export([], format, out) == 0
    out = io.StringIO()
    export([], "acled", out)
    assert out.getvalue().strip() == ",".join(ACLED_COLUMNS)


def test_unknown_format_is_a_config_error_listing_the_formats() -> None:
    with pytest.raises(ConfigError, match="'ucdp'.*acled, geojson, jsonl"):
        export(incidents(), "ucdp", io.StringIO())


# -- reviewers' values and statuses ------------------------------------------------------------


def test_every_acled_row_is_tagged_with_its_status() -> None:
    execution, clash, nowhere = incidents()
    discounted = Incident(clash.id, clash.events, status="discounted", edits=(("status", "discounted"),))
    out = io.StringIO()
    export([execution, discounted, nowhere], "acled", out)
    tags = [row["tags"].split("; ") for row in csv.DictReader(io.StringIO(out.getvalue()))]
    assert [t[-1] for t in tags] == ["status: corroborated", "status: discounted", "status: unverified"]


def test_a_reviewers_values_are_exported_over_the_lead_reports() -> None:
    execution = incidents()[0]
    edited = Incident(execution.id, execution.events, status="corroborated", edits=(
        ("event_type", "Battles"), ("sub_event_type", "Armed clash"), ("method", "stabbing"),
        ("perpetrators", ["Group A", "Group B"]), ("place", "Husaybah"),
        ("date", {"start": "2015-04-01", "end": "2015-04-30", "precision": "month"}), ("fatalities_low", 2)))
    row = next(csv.DictReader(io.StringIO(_written([edited], "acled"))))
    assert (row["event_type"], row["sub_event_type"], row["disorder_type"]) == ("Battles", "Armed clash",
                                                                                 "Political violence")
    assert (row["actor1"], row["actor2"], row["location"], row["admin1"]) == ("Group A", "Group B", "Husaybah", "Anbar")
    assert (row["event_date"], row["time_precision"], row["fatalities"]) == ("2015-04-01", "3", "2")
    assert (row["latitude"], row["longitude"]) == ("", "")  # the gazetteer's point was of the old place
    assert summary(edited).startswith("In April 2015, Group A, Group B: Battles - armed clash (stabbing) in Husaybah")
    feature = json.loads(_written([edited], "geojson"))["features"][0]
    assert feature["geometry"] is None
    assert (feature["properties"]["event_type"], feature["properties"]["place"]["name"]) == ("Battles", "Husaybah")


def _written(records: list[Incident], format: str) -> str:
    out = io.StringIO()
    export(records, format, out)
    return out.getvalue()


# -- from the store (SQLite and PostgreSQL) ----------------------------------------------------


@pytest.fixture
def store(db_url: str):
    from store_records import QAIM, make_resolver
    from tally.records import Extraction
    from tally.store import Store

    reports = (
        ("Gunmen shot three traders dead in Mosul on 10 May, an official said.", "Gunmen shot", MOSUL),
        ("Gunmen killed two farmers in Al Qa'im on 10 May, residents said.", "Gunmen killed", QAIM),
    )
    with Store.open(db_url) as opened:
        for text, phrase, place in reports:
            document = make_document(text)
            opened.add_extraction(Extraction(document, (make_event(document, 0, phrase, place=place),)),
                                  resolver=make_resolver(), run_id="r1")
        yield opened


def test_exports_from_the_store_show_edits_and_statuses_and_leave_out_merged_incidents(store) -> None:
    reviewer = store.reviewer("ana")
    reviewer.edit(1, "event_type", "Explosions/Remote violence", reason="the official later said a bomb")
    reviewer.edit(1, "place", "Mosul Old City", reason="the market, not the city")
    reviewer.set_status(2, "discounted", reason="the residents retracted")
    acled = list(csv.DictReader(io.StringIO(_written(store.incidents(), "acled"))))
    assert [(r["event_id_cnty"], r["event_type"], r["location"]) for r in acled] == [
        ("IRQ1", "Explosions/Remote violence", "Mosul Old City"), ("IRQ2", "Violence against civilians", "Al Qa'im")]
    assert acled[1]["tags"].endswith("status: discounted")
    features = json.loads(_written(store.incidents(), "geojson"))["features"]
    assert [(f["properties"]["event_type"], f["properties"]["place"]["name"], f["properties"]["status"])
            for f in features] == [("Explosions/Remote violence", "Mosul Old City", "unverified"),
                                   ("Violence against civilians", "Al Qa'im", "discounted")]
    reviewer.set_status(2, "automatic", reason="the retraction was itself retracted")
    reviewer.merge(1, 2, reason="one attack")
    for format in EXPORT_FORMATS:
        assert export(store.incidents(), format, io.StringIO()) == 1
    [feature] = json.loads(_written(store.incidents(), "geojson"))["features"]
    assert feature["id"] == "1" and len(feature["properties"]["reports"]) == 2
