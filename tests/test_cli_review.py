"""The review commands: tally merge, split, edit, status, note, history.

The database is filled through the library with hand-built reports (tests/store_records.py);
the commands run in-process through Typer's runner, one through the installed script.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from store_records import MOSUL, make_document, make_event, make_resolver
from tally.cli import app
from tally.cli_review import change_text
from tally.records import Extraction, Place
from tally.store import Store

TALLY = Path(sys.executable).parent / "tally"
TAL_AFAR = Place(name="Tal Afar", geonameid=97783, country_code="IQ", admin1="Nineveh",
                 latitude=36.37, longitude=42.45, precision=1)
REPORTS = (
    ("Gunmen shot three traders dead in Mosul on 10 May, a local official said.", "Gunmen shot", MOSUL, "Official"),
    ("Three traders were shot dead in a Mosul market on Sunday, a rights group reported.", "Three traders", MOSUL,
     "Rights Group"),
    ("Gunmen killed three traders in Tal Afar on 10 May, residents said.", "Gunmen killed", TAL_AFAR, "Residents"),
)


def extraction(n: int) -> Extraction:
    text, phrase, place, source = REPORTS[n]
    document = make_document(text)
    return Extraction(document, (make_event(document, 0, phrase, place=place, killed=(3, 3), sources=(source,)),))


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A database holding incident 1 (two Mosul reports) and incident 2 (one Tal Afar report)."""
    url = f"sqlite:///{tmp_path / 'review.db'}"
    with Store.open(url) as store:
        for n in range(3):
            store.add_extraction(extraction(n), resolver=make_resolver(), run_id="r1")
        assert [i.id for i in store.incidents()] == ["1", "2"]
    return url


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    result = invoke(*args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def history(db: str, incident_id: str) -> list[dict]:
    return json.loads(ok("history", incident_id, "--format", "json", "--db", db))


def test_merge_split_edit_status_note_and_the_history_of_it_all(db: str) -> None:
    assert "incident 2 merged into incident 1: 3 reports" in ok("merge", "1", "2", "--reason", "misplaced", "--as", "ana",
                                                                "--db", db)
    second = extraction(1).document.id
    out = ok("split", "1", "--document", second, "--reason", "a second shooting", "--as", "ana", "--db", db)
    assert "into new incident 3" in out and extraction(1).events[0].id in out
    ok("edit", "1", "fatalities_high", "5", "--reason", "hospital list", "--as", "bob", "--db", db)
    assert "status confirmed" in ok("status", "1", "confirmed", "--reason", "names", "--as", "bob", "--db", db)
    ok("note", "1", "asked the morgue", "--as", "bob", "--db", db)
    story = history(db, "1")
    assert [(e["action"], e["actor"]) for e in story] == [
        ("create", "run:r1"), ("attach", "run:r1"), ("merge", "ana"), ("split", "ana"), ("edit", "bob"),
        ("set_status", "bob"), ("note", "bob")]
    assert [e["id"] for e in story] == sorted(e["id"] for e in story)
    edit = story[4]
    assert (edit["old"], edit["new"]["fatalities_high"], edit["reason"]) == (
        {"fatalities_high": 3}, 5, "hospital list")
    assert [e["action"] for e in history(db, "2")] == ["create", "merged_into"]
    assert [e["action"] for e in history(db, "3")] == ["create"]
    with Store.open(db) as store:
        incident = store.incident(1)
        assert (incident.status, incident.fatalities_high) == ("confirmed", 5)
        assert store.incident(3).events == extraction(1).events


def test_history_table_reads_as_a_story(db: str) -> None:
    ok("edit", "1", "method", "stabbing", "--reason", "autopsy", "--as", "ana", "--db", db)
    table = ok("history", "1", "--db", db)
    assert "History of incident 1" in table
    assert table.index("attach") < table.index("edit") and "shooting -> stabbing" in table and "autopsy" in table


def test_split_by_event_and_the_expected_version(db: str) -> None:
    event_id = extraction(1).events[0].id
    result = invoke("split", "1", "--event", event_id, "--reason", "r", "--expect-version", "1", "--db", db)
    assert result.exit_code == 1
    assert "incident 1: split refused" in result.stderr and "version 1" in result.stderr
    assert history(db, "1")[-1]["action"] == "refused"
    with Store.open(db) as store:
        version = store.incident(1).version
    assert version == 2  # created, then a second report attached
    ok("split", "1", "--event", event_id, "--reason", "r", "--expect-version", str(version), "--db", db)
    assert [e["action"] for e in history(db, "1")][-1] == "split"


def test_the_reviewer_defaults_to_the_user(db: str) -> None:
    ok("note", "1", "from the environment", "--db", db, env={"USER": "carla"})
    assert history(db, "1")[-1]["actor"] == "carla"


@pytest.mark.parametrize(("args", "message"), [
    (("merge", "1", "1", "--reason", "r"), "incident 1 cannot be merged with itself"),
    (("merge", "1", "9", "--reason", "r"), "incident 9 does not exist"),
    (("split", "2", "--event", extraction(2).events[0].id, "--reason", "r"), "would leave the incident empty"),
    (("split", "1", "--reason", "r"), "name exactly one report"),
    (("edit", "1", "colour", "red", "--reason", "r"), "no field 'colour' to edit"),
    (("edit", "1", "fatalities_low", "many", "--reason", "r"), "'many' is not a whole number"),
    (("status", "1", "verified", "--reason", "r"), "status 'verified' does not exist"),
    (("status", "abc", "confirmed", "--reason", "r"), "incident 'abc' does not exist"),
    (("note", "7", "text"), "incident 7 does not exist"),
    (("history", "7"), "incident 7 does not exist"),
])
def test_bad_input_is_one_line_on_stderr_exit_1_and_nothing_changes(db: str, args: tuple[str, ...], message: str) -> None:
    before = (history(db, "1"), history(db, "2"))
    result = invoke(*args, "--db", db)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.startswith("error:")
    assert result.stdout == ""
    assert (history(db, "1"), history(db, "2")) == before
    with Store.open(db) as store:
        assert [(i.id, len(i.events), i.status, i.version) for i in store.incidents()] == [
            ("1", 2, "corroborated", 2), ("2", 1, "unverified", 1)]


def test_the_reason_is_required(db: str) -> None:
    result = invoke("merge", "1", "2", "--db", db)
    assert result.exit_code == 2 and "--reason" in result.stderr


def test_the_installed_script_runs_a_review(db: str) -> None:
    done = subprocess.run([str(TALLY), "status", "2", "discounted", "--reason", "staged video", "--as", "dana",
                           "--db", db], capture_output=True, text=True, timeout=120, env={**os.environ})
    assert done.returncode == 0, done.stderr
    with Store.open(db) as store:
        assert [i.id for i in store.incidents(status="discounted")] == ["2"]


def test_change_text() -> None:
    assert change_text("edit", {"method": "shooting"}, {"method": "stabbing", "reviewer_value": True}) == (
        "method: shooting -> stabbing; reviewer_value: True")
    assert change_text("note", None, {"note": "called"}) == "called"
    assert change_text("refused", {"version": 2}, {"version": 3, "changed_by": "bob", "action": "edit"}) == (
        "edit refused: decided on version 2, now 3 by bob")


def test_edit_clear_hands_the_field_back_to_the_reports(db: str) -> None:
    assert "method set to stabbing" in ok("edit", "1", "method", "stabbing", "--reason", "autopsy", "--db", db)
    assert "back to the reports' value: shooting" in ok("edit", "1", "method", "--clear", "--reason", "wrong body",
                                                        "--db", db)
    result = invoke("edit", "1", "method", "--reason", "r", "--db", db)
    assert result.exit_code == 1 and "give a VALUE, or --clear" in result.stderr
    assert change_text("merge", {"method": "shooting"}, {"method": "shooting", "merged": "2", "splits_carried": []}) == (
        "merged: 2")


def test_the_best_estimate_policy_comes_from_the_environment(db: str) -> None:
    shown = json.loads(ok("show", "1", "--db", db, env={"TALLY_BEST_ESTIMATE": "highest"}))
    assert (shown["best_estimate_policy"], shown["fatalities_best"]) == ("highest", 3)
    result = invoke("show", "1", "--db", db, env={"TALLY_BEST_ESTIMATE": "mean"})
    assert result.exit_code == 1 and "best estimate policy 'mean' does not exist" in result.stderr


# -- on SQLite and PostgreSQL: versions on merge, and what listings, stats and exports show -----


@pytest.fixture
def any_db(db_url: str) -> str:
    """The `db` fixture's incidents 1 and 2, on each database the store supports."""
    with Store.open(db_url) as store:
        for n in range(3):
            store.add_extraction(extraction(n), resolver=make_resolver(), run_id="r1")
        assert [(i.id, i.version) for i in store.incidents()] == [("1", 2), ("2", 1)]
    return db_url


@pytest.mark.parametrize(("option", "stale", "found"), [
    ("--expect-version", "1", "2"), ("--expect-other-version", "3", "1")])
def test_merge_refuses_a_stale_version_and_logs_the_refusal(any_db: str, option: str, stale: str, found: str) -> None:
    result = invoke("merge", "1", "2", "--reason", "same shooting", option, stale, "--as", "bob", "--db", any_db)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error:") and "merge refused" in result.stderr
    assert f"now version {found}" in result.stderr and f"since you read it (version {stale})" in result.stderr
    with Store.open(any_db) as store:
        assert [(i.id, len(i.events), i.version) for i in store.incidents()] == [("1", 2, 2), ("2", 1, 1)]
    refused = [e for e in history(any_db, "1") + history(any_db, "2") if e["action"] == "refused"]
    assert [(e["actor"], e["new"]["action"], e["old"]["version"]) for e in refused] == [("bob", "merge", int(stale))]
    out = ok("merge", "1", "2", "--reason", "same shooting", "--expect-version", "2", "--expect-other-version", "1",
             "--db", any_db)
    assert "incident 2 merged into incident 1: 3 reports" in out


def _json(*args: str) -> list[dict]:
    return json.loads(ok(*args, "--format", "json"))


def test_listings_stats_and_exports_after_review(any_db: str) -> None:
    ok("edit", "2", "event_type", "Battles", "--reason", "a clash with the guards", "--db", any_db)
    ok("edit", "2", "place", "Tal Afar citadel", "--reason", "the citadel", "--db", any_db)
    by_type = _json("stats", "--by", "event_type", "--db", any_db)
    assert {(r["event_type"], r["incidents"]) for r in by_type} == {("Violence against civilians", 1), ("Battles", 1)}
    acled = ok("export", "--format", "acled", "--db", any_db)
    assert "Battles" in acled and "Tal Afar citadel" in acled
    geojson = json.loads(ok("export", "--format", "geojson", "--db", any_db))
    assert [f["properties"]["place"]["name"] for f in geojson["features"]] == ["Mosul", "Tal Afar citadel"]

    ok("status", "2", "discounted", "--reason", "staged", "--db", any_db)
    assert [r["id"] for r in _json("incidents", "--db", any_db)] == ["1", "2"]  # listed, marked
    assert [r["id"] for r in _json("incidents", "--status", "discounted", "--db", any_db)] == ["2"]
    assert [r["id"] for r in _json("incidents", "--status", "corroborated", "--status", "confirmed",
                                   "--db", any_db)] == ["1"]
    assert _json("stats", "--by", "status", "--db", any_db) == [
        {"status": "corroborated", "incidents": 1, "events": 2, "fatalities_low": 3, "fatalities_high": 3}]
    assert [(r["status"], r["incidents"]) for r in _json("stats", "--by", "status", "--include-discounted",
                                                         "--db", any_db)] == [("corroborated", 1), ("discounted", 1)]
    assert "status: discounted" in ok("export", "--format", "acled", "--db", any_db)
    assert ok("export", "--format", "jsonl", "--status", "corroborated", "--db", any_db).count("\n") == 1
    result = invoke("incidents", "--status", "verified", "--db", any_db)
    assert result.exit_code == 1 and "no incident status 'verified'" in result.stderr

    ok("status", "2", "automatic", "--reason", "not staged after all", "--db", any_db)
    ok("merge", "1", "2", "--reason", "one shooting", "--db", any_db)
    assert [r["id"] for r in _json("incidents", "--db", any_db)] == ["1"]
    assert [r["incidents"] for r in _json("stats", "--by", "status", "--include-discounted", "--db", any_db)] == [1]
    assert ok("export", "--format", "jsonl", "--db", any_db).count("\n") == 1
    shown = invoke("show", "2", "--db", any_db)
    assert shown.exit_code == 1 and "incident 2 was merged into incident 1" in shown.stderr
    assert history(any_db, "2")[-1]["new"]["merged_into"] == "1"
