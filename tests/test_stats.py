"""tally.stats: grouping incidents, low/high totals, multi-valued fields, unknowns."""

from __future__ import annotations

import datetime as dt

import pytest

from store_records import MOSUL, QAIM, RAQQA, make_document, make_event
from tally.errors import ConfigError
from tally.records import Incident
from tally.stats import STAT_FIELDS, StatRow, stats

TEXT = ("Militants shot two men in Al Qa'im. A second outlet said three men were shot there. "
        "Two groups attacked a checkpoint in Mosul. A car bomb hit a market in Raqqa.")


def incidents() -> list[Incident]:
    a = make_document(TEXT)
    b = make_document(TEXT + " Updated.")
    qaim = Incident("1", (
        make_event(a, 0, "Militants shot two men", killed=(2, 2), sources=("Monitor A",)),
        make_event(b, 0, "three men were shot", killed=(3, 3), sources=("Monitor B",)),
    ), status="corroborated")
    mosul = Incident("2", (
        make_event(a, 1, "Two groups attacked", event_type="Battles", sub_event_type="Armed clash",
                   method=None, place=MOSUL, killed=(4, None), perpetrators=("Group A", "Group B"),
                   category="combatant", day=dt.date(2015, 6, 2)),
    ))
    raqqa = Incident("3", (
        make_event(a, 2, "A car bomb hit", event_type="Explosions/Remote violence",
                   sub_event_type="Remote explosive/landmine/IED", method="car bomb", place=RAQQA,
                   killed=(None, None), perpetrators=(), day=None, grave=("killing and maiming",)),
    ))
    return [qaim, mosul, raqqa]


def test_one_total_row_without_fields() -> None:
    assert stats(incidents(), []) == [StatRow((), incidents=3, fatalities_low=6, fatalities_high=7, events=4)]


def test_incidents_not_reports_are_counted_with_low_and_high_figures() -> None:
    rows = {r.keys: r for r in stats(incidents(), ["country", "admin1"])}
    assert rows[("IQ", "Anbar")] == StatRow(("IQ", "Anbar"), 1, 2, 3, 2)
    assert rows[("IQ", "Nineveh")].fatalities_high == 4  # no high figure: the low one stands
    assert rows[("SY", "Raqqa")].fatalities_low == 0


def test_two_perpetrators_count_under_each() -> None:
    rows = {r.keys[0]: r.incidents for r in stats(incidents(), ["perpetrator"])}
    assert rows == {"Islamic State": 1, "Group A": 1, "Group B": 1, "unknown": 1}


def test_unknown_dates_and_methods_group_as_unknown() -> None:
    assert {r.keys: r.incidents for r in stats(incidents(), ["year", "method"])} == {
        ("2015", "shooting"): 1, ("2015", "unknown"): 1, ("unknown", "car bomb"): 1}
    assert [r.keys for r in stats(incidents(), ["month"])] == [("2015-05",), ("2015-06",), ("unknown",)]


def test_grave_violations_status_and_victims() -> None:
    assert {r.keys[0]: r.incidents for r in stats(incidents(), ["grave_violation"])} == {
        "none": 2, "killing and maiming": 1}
    assert {r.keys[0] for r in stats(incidents(), ["status"])} == {"corroborated", "unverified"}
    assert {r.keys[0]: r.incidents for r in stats(incidents(), ["victim_category"])} == {
        "civilian": 2, "combatant": 1}


def test_rows_come_largest_first_and_flatten_to_dicts() -> None:
    rows = stats(incidents(), ["country"])
    assert [r.keys for r in rows] == [("IQ",), ("SY",)]
    assert rows[0].to_dict(["country"]) == {"country": "IQ", "incidents": 2, "fatalities_low": 6,
                                            "fatalities_high": 7, "events": 3}


def test_every_field_is_accepted_and_an_unknown_one_is_named() -> None:
    for field in STAT_FIELDS:
        assert sum(r.incidents for r in stats(incidents(), [field])) >= 3
    with pytest.raises(ConfigError, match="cannot group by weapon: valid fields are event_type, "):
        stats(incidents(), ["country", "weapon"])


def test_place_falls_back_to_any_event_that_has_one() -> None:
    doc = make_document(TEXT)
    incident = Incident("9", (make_event(doc, 0, "Militants", place=None, confidence=0.9),
                              make_event(doc, 1, "three men", place=QAIM, confidence=0.1)))
    assert stats([incident], ["admin1"])[0].keys == ("Anbar",)


# -- reviewers' values, discounted and merged incidents ----------------------------------------


def test_a_reviewers_values_are_grouped_over_the_lead_reports() -> None:
    qaim, mosul, raqqa = incidents()
    edited = Incident(qaim.id, qaim.events, status="corroborated", edits=(
        ("event_type", "Battles"), ("method", "stabbing"), ("admin1", "Nineveh"), ("country_code", "SY"),
        ("date", {"start": "2014-08-01", "end": "2014-08-31", "precision": "month"}),
        ("perpetrators", ["Group C"]), ("fatalities_low", 5), ("fatalities_high", 6)))
    rows = {r.keys: r for r in stats([edited, mosul, raqqa], ["event_type", "method"])}
    assert rows[("Battles", "stabbing")].incidents == 1
    assert ("Violence against civilians", "shooting") not in rows
    assert {r.keys for r in stats([edited], ["country", "admin1", "month", "perpetrator"])} == {
        ("SY", "Nineveh", "2014-08", "Group C")}
    assert stats([edited], [])[0] == StatRow((), 1, 5, 6, 2)


def test_discounted_incidents_are_out_of_the_totals_unless_asked_for() -> None:
    qaim, mosul, raqqa = incidents()
    discounted = Incident(mosul.id, mosul.events, status="discounted", edits=(("status", "discounted"),))
    assert stats([qaim, discounted, raqqa], []) == [StatRow((), 2, 2, 3, 3)]
    assert stats([qaim, discounted, raqqa], [], include_discounted=True) == [StatRow((), 3, 6, 7, 4)]
    assert {r.keys[0] for r in stats([qaim, discounted, raqqa], ["status"], include_discounted=True)} == {
        "corroborated", "unverified", "discounted"}


# -- from the store (SQLite and PostgreSQL): what a reviewer decided is what stats count -------


@pytest.fixture
def store(db_url: str):
    from store_records import make_resolver
    from tally.records import Extraction
    from tally.store import Store

    reports = (
        ("Gunmen shot three traders dead in Mosul on 10 May, an official said.", "Gunmen shot", MOSUL, (3, 3)),
        ("Gunmen killed two farmers in Al Qa'im on 10 May, residents said.", "Gunmen killed", QAIM, (2, 2)),
        ("A car bomb killed seven people in Raqqa on 10 May, a monitor said.", "A car bomb", RAQQA, (7, 7)),
    )
    with Store.open(db_url) as opened:
        for text, phrase, place, killed in reports:
            document = make_document(text)
            opened.add_extraction(Extraction(document, (make_event(document, 0, phrase, place=place, killed=killed),)),
                                  resolver=make_resolver(), run_id="r1")
        assert [(i.id, i.fatalities_low) for i in opened.incidents()] == [("1", 3), ("2", 2), ("3", 7)]
        yield opened


def test_stats_from_the_store_follow_the_reviewers_edits(store) -> None:
    reviewer = store.reviewer("ana")
    reviewer.edit(3, "event_type", "Explosions/Remote violence", reason="a car bomb, not a shooting")
    reviewer.edit(3, "method", "car bomb", reason="the monitor's later report")
    reviewer.edit(2, "place", "Husaybah", reason="the border town, not the district")
    by_type = {r.keys: r.fatalities_low for r in stats(store.incidents(), ["event_type", "method"])}
    assert by_type == {("Violence against civilians", "shooting"): 5, ("Explosions/Remote violence", "car bomb"): 7}
    by_country = {r.keys: r.incidents for r in stats(store.incidents(), ["country", "admin1"])}
    assert by_country == {("IQ", "Nineveh"): 1, ("IQ", "Anbar"): 1, ("SY", "Raqqa"): 1}
    shown = {i.id: i.to_dict() for i in store.incidents()}
    assert shown["2"]["place"]["name"] == "Husaybah" and shown["3"]["event_type"] == "Explosions/Remote violence"


def test_stats_from_the_store_leave_out_discounted_and_merged_away_incidents(store) -> None:
    reviewer = store.reviewer("ana")
    reviewer.set_status(3, "discounted", reason="the video is from another war")
    reviewer.merge(1, 2, reason="one shooting, two places named")
    assert [i.id for i in store.incidents()] == ["1", "3"]
    assert stats(store.incidents(), []) == [StatRow((), 1, 2, 3, 2)]
    assert stats(store.incidents(), [], include_discounted=True) == [StatRow((), 2, 9, 10, 3)]
    assert {r.keys for r in stats(store.incidents(), ["status"], include_discounted=True)} == {
        (store.incident(1).status,), ("discounted",)}
    assert store.incident(1).status != "discounted"
