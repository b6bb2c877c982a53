"""The `tally` command: every command end to end on the example reports, bad inputs, graphic text.

Most tests call the Typer app in-process (`CliRunner`); the ones that need a real process
(exit codes of the installed script, terminal width for tables) run the `tally` script that
sits next to the test interpreter.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tally.cli import CONTENT_WARNING, app
from tally.store import Store

TALLY = Path(sys.executable).parent / "tally"
REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
ORIGINAL = "17-djugu-camp-attack.txt"
SYNDICATED = "18-djugu-camp-attack-syndicated.txt"

#: Keys every incident in `tally incidents --format json` carries (the README's contract).
INCIDENT_KEYS = {
    "id", "event_type", "sub_event_type", "method", "perpetrators", "victims", "fatalities_low",
    "fatalities_high", "place", "date", "grave_violations", "sources", "attribution_chain",
    "independent_sources", "evidence", "graphic",
}
VICTIM_KEYS = {"description", "category", "count_low", "count_high", "children"}
PLACE_KEYS = {"name", "geonameid", "country_code", "admin1", "latitude", "longitude", "precision"}
DATE_KEYS = {"start", "end", "precision"}
SOURCE_KEYS = {"name", "kind"}
EVIDENCE_KEYS = {"document_id", "start", "end", "text"}
CLAIM_KEYS = {
    "id", "perpetrators", "what", "quantity_low", "quantity_high", "qualifier", "victim_category",
    "breakdown", "period", "methods", "source", "evidence",
}

#: Short reports written for these tests.
GAO = "Gunmen killed three traders on the road outside Gao on Monday, a local official said.\n"
KIDAL = "Armed men shot dead two shepherds near Kidal on Thursday, residents told reporters.\n"
MOPTI = "Suspected jihadists killed five villagers near Mopti on Saturday, the regional governor said.\n"


def invoke(*args: str, input: str | None = None):
    """Run the app in-process; stdout and stderr stay apart."""
    return CliRunner().invoke(app, list(args), input=input)


def tally(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed `tally` script in a real process."""
    return subprocess.run([str(TALLY), *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, cwd=cwd)


def json_out(*args: str) -> object:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def document_count(url: str) -> int:
    with Store.open(url) as store:
        return len(store.documents())


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding every example report, made by a real `tally run` process."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'x.db'}"
    result = tally("run", str(EXAMPLES), "--db", url)
    assert result.returncode == 0, result.stderr
    assert "26 stored" in result.stderr
    return url


# -- run, incidents, claims -----------------------------------------------------------------


def test_run_stores_every_example(demo_db: str) -> None:
    assert document_count(demo_db) == len(list(EXAMPLES.glob("*.txt")))


def test_incidents_json_carries_the_contract_keys(demo_db: str) -> None:
    incidents = json_out("incidents", "--db", demo_db, "--format", "json")
    assert isinstance(incidents, list) and len(incidents) >= 15
    for incident in incidents:
        assert INCIDENT_KEYS <= incident.keys(), INCIDENT_KEYS - incident.keys()
        assert DATE_KEYS <= incident["date"].keys()
        if incident["place"] is not None:
            assert PLACE_KEYS <= incident["place"].keys()
        for victims in incident["victims"]:
            assert VICTIM_KEYS <= victims.keys()
        for source in incident["sources"]:
            assert SOURCE_KEYS <= source.keys()
        for span in incident["evidence"]:
            assert EVIDENCE_KEYS <= span.keys()
        assert incident["evidence"], f"incident {incident['id']} has no evidence"
    # the nested checks above must not pass vacuously
    assert any(i["place"] for i in incidents)
    assert any(i["victims"] for i in incidents)
    assert any(i["sources"] for i in incidents)
    jilib = [i for i in incidents if (i["place"] or {}).get("name") == "Jilib"]
    assert jilib and jilib[0]["fatalities_low"] == 2 and jilib[0]["date"]["start"] == "2019-04-10"


def test_incident_evidence_is_the_document_text(demo_db: str) -> None:
    incidents = json_out("incidents", "--db", demo_db, "--format", "json", "--graphic")
    with Store.open(demo_db) as store:
        texts = {d.id: d.text for d in store.documents()}
    for incident in incidents:
        for span in incident["evidence"]:
            assert texts[span["document_id"]][span["start"]:span["end"]] == span["text"]


def test_claims_json_carries_the_contract_keys(demo_db: str) -> None:
    claims = json_out("claims", "--db", demo_db, "--format", "json")
    assert isinstance(claims, list) and claims
    for claim in claims:
        assert CLAIM_KEYS <= claim.keys(), CLAIM_KEYS - claim.keys()
    idlib = [c for c in claims if c["quantity_low"] == 1240]
    assert idlib, "the observatory's 'more than 1,240 killed' claim (example 16) is missing"
    assert idlib[0]["qualifier"] and "more than" in idlib[0]["qualifier"]


@pytest.mark.parametrize("command", ["incidents", "claims"])
def test_csv_has_a_header_and_one_row_per_record(demo_db: str, command: str) -> None:
    records = json_out(command, "--db", demo_db, "--format", "json")
    result = invoke(command, "--db", demo_db, "--format", "csv")
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames and reader.fieldnames[0] == "id"
    rows = list(reader)
    assert [r["id"] for r in rows] == [r["id"] for r in records]


def test_stats_by_perpetrator_and_method(demo_db: str) -> None:
    incidents = json_out("incidents", "--db", demo_db, "--format", "json")
    rows = json_out("stats", "--by", "perpetrator,method", "--db", demo_db, "--format", "json")
    assert rows
    known = {p for i in incidents for p in i["perpetrators"]}
    for row in rows:
        assert {"perpetrator", "method", "incidents", "fatalities_low", "fatalities_high"} <= row.keys()
        assert row["incidents"] >= 1
        assert row["perpetrator"] in known or row["perpetrator"] == "unknown"
    by_method = json_out("stats", "--by", "method", "--db", demo_db, "--format", "json")
    assert sum(r["incidents"] for r in by_method) == len(incidents)


def test_stats_by_an_unknown_field_names_it(demo_db: str) -> None:
    result = invoke("stats", "--by", "nonsense", "--db", demo_db)
    assert result.exit_code != 0
    assert "nonsense" in result.stderr
    assert "perpetrator" in result.stderr  # the message lists the valid fields


# -- export, show ---------------------------------------------------------------------------


def test_export_acled_csv(demo_db: str) -> None:
    count = len(json_out("incidents", "--db", demo_db, "--format", "json"))
    result = invoke("export", "--format", "acled", "--db", demo_db)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == count
    assert {"event_id_cnty", "event_date", "event_type", "fatalities", "latitude"} <= rows[0].keys()


def test_export_geojson_is_a_feature_collection(demo_db: str, tmp_path: Path) -> None:
    count = len(json_out("incidents", "--db", demo_db, "--format", "json"))
    result = invoke("export", "--format", "geojson", "--db", demo_db)
    assert result.exit_code == 0, result.output
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == count
    points = [f for f in collection["features"] if f["geometry"]]
    assert points and all(f["geometry"]["type"] == "Point" for f in points)
    # --out writes the same collection to a file
    target = tmp_path / "incidents.geojson"
    result = invoke("export", "--format", "geojson", "--db", demo_db, "--out", str(target))
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8")) == collection


def test_export_jsonl_one_incident_a_line(demo_db: str) -> None:
    incidents = json_out("incidents", "--db", demo_db, "--format", "json")
    result = invoke("export", "--format", "jsonl", "--db", demo_db)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == [i["id"] for i in incidents]


def test_export_to_a_missing_folder_names_it(demo_db: str, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "out.csv"
    result = invoke("export", "--format", "acled", "--db", demo_db, "--out", str(target))
    assert result.exit_code == 1
    assert str(target) in result.stderr


def test_show_an_incident_and_a_missing_one(demo_db: str) -> None:
    first = json_out("incidents", "--db", demo_db, "--format", "json", "--graphic")[0]
    shown = json_out("show", first["id"], "--db", demo_db, "--graphic")
    assert shown["id"] == first["id"]
    assert shown["reports"] and shown["evidence"] == first["evidence"]
    for missing in ("999999", "abc"):
        result = invoke("show", missing, "--db", demo_db)
        assert result.exit_code == 1
        assert missing in result.stderr and "does not exist" in result.stderr
        assert result.stdout == ""


# -- graphic evidence -------------------------------------------------------------------------


def _graphic_and_plain(demo_db: str) -> tuple[dict, dict]:
    incidents = json_out("incidents", "--db", demo_db, "--format", "json", "--graphic")
    graphic = [i for i in incidents if i["graphic"] and i["evidence"]]
    plain = [i for i in incidents if not i["graphic"] and i["evidence"]]
    assert graphic and plain, "the examples hold both graphic and non-graphic incidents"
    return graphic[0], plain[0]


def test_show_hides_graphic_evidence_unless_asked(demo_db: str) -> None:
    graphic, plain = _graphic_and_plain(demo_db)
    hidden = json_out("show", graphic["id"], "--db", demo_db)
    assert {e["text"] for e in hidden["evidence"]} == {CONTENT_WARNING}
    assert [e["start"] for e in hidden["evidence"]] == [e["start"] for e in graphic["evidence"]]
    shown = json_out("show", graphic["id"], "--db", demo_db, "--graphic")
    assert [e["text"] for e in shown["evidence"]] == [e["text"] for e in graphic["evidence"]]
    assert json_out("show", plain["id"], "--db", demo_db)["evidence"] == plain["evidence"]


def test_incidents_json_hides_graphic_evidence_unless_asked(demo_db: str) -> None:
    graphic, plain = _graphic_and_plain(demo_db)
    hidden = {i["id"]: i for i in json_out("incidents", "--db", demo_db, "--format", "json")}
    assert {e["text"] for e in hidden[graphic["id"]]["evidence"]} == {CONTENT_WARNING}
    assert [e["start"] for e in hidden[graphic["id"]]["evidence"]] == [e["start"] for e in graphic["evidence"]]
    assert hidden[plain["id"]]["evidence"] == plain["evidence"]


def test_run_on_an_empty_folder_fails_and_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("run", str(empty), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.exit_code == 1
    assert "no documents found" in result.stderr and str(empty) in result.stderr


def test_incidents_csv_hides_graphic_evidence_unless_asked(demo_db: str) -> None:
    graphic, plain = _graphic_and_plain(demo_db)

    def evidence_column(*extra: str) -> dict[str, str]:
        result = invoke("incidents", "--db", demo_db, "--format", "csv", *extra)
        assert result.exit_code == 0, result.output
        return {r["id"]: r["evidence_text"] for r in csv.DictReader(io.StringIO(result.stdout))}

    hidden, shown = evidence_column(), evidence_column("--graphic")
    assert hidden[graphic["id"]] == CONTENT_WARNING
    assert shown[graphic["id"]] == graphic["evidence"][0]["text"][:160]
    assert hidden[plain["id"]] == shown[plain["id"]] == plain["evidence"][0]["text"][:160]


def _table_cells(table: str, column: str) -> dict[str, str]:
    """A Rich table's column by row id, with the folded pieces of each cell joined, blanks removed."""
    cells: dict[str, str] = {}
    header: list[str] = []
    row: list[list[str]] = []

    def flush() -> None:
        if row and header:
            values = dict(zip(header, ("".join("".join(piece.split()) for piece in pieces) for pieces in zip(*row))))
            cells[values["id"]] = values[column]
        row.clear()

    for line in table.splitlines():
        if line.startswith("┃"):  # header row (heavy bar)
            names = [c.strip() for c in line.strip("┃").split("┃")]
            header = [a + b for a, b in zip(header, names)] if header else names
        elif line.startswith("│"):
            row.append([c for c in line.strip("│").split("│")])
        elif line.startswith(("├", "└")):  # between rows, end of table
            flush()
    return cells


def test_incidents_table_shows_the_content_warning(demo_db: str) -> None:
    graphic, plain = _graphic_and_plain(demo_db)
    compact = lambda text: "".join(text.split())  # noqa: E731
    hidden = tally("incidents", "--db", demo_db)
    assert hidden.returncode == 0, hidden.stderr
    cells = _table_cells(hidden.stdout, "evidence_text")
    # the warning is printed literally, not swallowed as Rich markup
    assert cells[graphic["id"]] == compact(CONTENT_WARNING)
    assert cells[plain["id"]] == compact(plain["evidence"][0]["text"][:160])
    shown = _table_cells(tally("incidents", "--db", demo_db, "--graphic").stdout, "evidence_text")
    assert shown[graphic["id"]] == compact(graphic["evidence"][0]["text"][:160])


# -- re-runs and syndicated copies ----------------------------------------------------------


def _counts(url: str) -> tuple[int, int, int]:
    incidents = json_out("incidents", "--db", url, "--format", "json")
    claims = json_out("claims", "--db", url, "--format", "json")
    return document_count(url), len(incidents), len(claims)


def test_running_twice_adds_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    first = invoke("run", str(EXAMPLES), "--db", url)
    assert first.exit_code == 0, first.output
    before = _counts(url)
    second = invoke("run", str(EXAMPLES), "--db", url)
    assert second.exit_code == 0, second.output
    assert "0 stored, 26 already stored" in second.stderr
    assert _counts(url) == before


def test_syndicated_copy_adds_no_incident(tmp_path: Path) -> None:
    alone, pair = f"sqlite:///{tmp_path / 'alone.db'}", f"sqlite:///{tmp_path / 'pair.db'}"
    assert invoke("run", str(EXAMPLES / ORIGINAL), "--db", alone).exit_code == 0
    result = invoke("run", str(EXAMPLES / ORIGINAL), str(EXAMPLES / SYNDICATED), "--db", pair)
    assert result.exit_code == 0, result.output
    assert "1 syndicated copies" in result.stderr
    one = json_out("incidents", "--db", alone, "--format", "json")
    two = json_out("incidents", "--db", pair, "--format", "json")
    assert len(two) == len(one) >= 1
    assert [i["fatalities_low"] for i in two] == [i["fatalities_low"] for i in one]
    assert any(i["duplicate_documents"] for i in two)


def test_syndicated_copy_adds_no_incident_among_all_examples(tmp_path: Path) -> None:
    without = tmp_path / "without"
    shutil.copytree(EXAMPLES, without, ignore=shutil.ignore_patterns(SYNDICATED))
    url_all, url_without = f"sqlite:///{tmp_path / 'all.db'}", f"sqlite:///{tmp_path / 'without.db'}"
    assert invoke("run", str(EXAMPLES), "--db", url_all).exit_code == 0
    assert invoke("run", str(without), "--db", url_without).exit_code == 0
    assert document_count(url_all) == document_count(url_without) + 1
    assert len(json_out("incidents", "--db", url_all, "--format", "json")) == \
        len(json_out("incidents", "--db", url_without, "--format", "json"))


# -- extract ----------------------------------------------------------------------------------


def test_extract_a_file_as_json() -> None:
    data = json_out("extract", str(EXAMPLES / "01-jilib-al-shabaab-firing-squad.txt"))
    assert set(data) == {"document", "events", "claims"}
    assert data["document"]["published"] == "2019-04-11"
    assert any(e["method"] == "shooting" and e["fatalities_low"] == 2 for e in data["events"])


def test_extract_jsonl_keeps_order_and_reports_a_broken_line(tmp_path: Path) -> None:
    source = tmp_path / "reports.jsonl"
    source.write_text(
        json.dumps({"id": "a", "text": GAO, "published": "2021-05-04"}) + "\n"
        + '{"id": "b", "text": "Gunmen killed\n'
        + json.dumps({"id": "c", "text": KIDAL, "published": "2021-05-08"}) + "\n",
        encoding="utf-8",
    )
    result = invoke("extract", str(source), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["id"] == "a" and "events" in lines[0] and "error" not in lines[0]
    assert set(lines[1]) == {"id", "error"}
    assert "line 2" in lines[1]["error"] and "not JSON" in lines[1]["error"]
    assert lines[2]["id"] == "c" and "events" in lines[2]
    assert lines[0]["document"]["published"] == "2021-05-04"


def test_extract_jsonl_reports_a_line_that_is_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(json.dumps({"id": "a", "text": GAO}).encode() + b"\n"
                       + '{"id": "b", "text": "S\u00e9gou"}'.encode("cp1252") + b"\n"
                       + json.dumps({"id": "c", "text": KIDAL}).encode() + b"\n")
    result = invoke("extract", str(source), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("id") for line in lines] == ["a", None, "c"]
    assert "line 2" in lines[1]["error"] and "UTF-8" in lines[1]["error"]


def test_extract_jsonl_from_a_missing_file_is_one_message(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    result = invoke("extract", str(missing), "--format", "jsonl")
    assert result.exit_code == 1
    assert str(missing) in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_extract_from_stdin() -> None:
    data = json_out_with_input(["extract", "-", "--published", "2021-05-10"], MOPTI)
    assert set(data) == {"document", "events", "claims"}
    assert data["document"]["origin"] == "<stdin>"
    assert data["document"]["published"] == "2021-05-10"
    assert data["events"] and data["events"][0]["fatalities_low"] == 5


def json_out_with_input(args: list[str], text: str) -> dict:
    result = invoke(*args, input=text)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- bad inputs -------------------------------------------------------------------------------

#: Bad files, each written by a function of the folder; with the words the reason must hold.
BAD_FILES = {
    "empty.txt": (lambda p: p.write_bytes(b""), "empty"),
    "photo.txt": (lambda p: p.write_bytes(bytes(range(256)) * 40), "binary"),
    "huge.txt": (lambda p: p.write_bytes(GAO.encode() * (50_000_000 // len(GAO) + 1)), "limit"),
    "nothing.html": (lambda p: p.write_text("<html><body><div><script>var a = 1;</script>", encoding="utf-8"),
                     "no text"),
    "table.csv": (lambda p: p.write_text("town,count\nGao,3\nKidal,2\n", encoding="utf-8"), "no text column"),
    "dated.jsonl": (lambda p: p.write_text(json.dumps({"text": KIDAL, "published": "the week after Eid"}) + "\n",
                                           encoding="utf-8"), "does not parse"),
}


def _write_bad_files(folder: Path) -> list[Path]:
    paths = []
    for name, (write, _) in BAD_FILES.items():
        path = folder / name
        write(path)
        paths.append(path)
    return paths


def test_each_bad_file_gives_one_line_naming_it(tmp_path: Path) -> None:
    paths = _write_bad_files(tmp_path)
    assert (tmp_path / "huge.txt").stat().st_size >= 50_000_000
    url = f"sqlite:///{tmp_path / 'x.db'}"
    for path in paths:
        result = invoke("run", str(path), "--db", url)
        assert result.exit_code == 1, (path.name, result.output)
        lines = [line for line in result.stderr.splitlines() if path.name in line]
        assert len(lines) == 1, (path.name, result.stderr)
        assert BAD_FILES[path.name][1] in lines[0], lines[0]
    assert document_count(url) == 0


def test_a_batch_of_only_bad_files_fails(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write_bad_files(inbox)
    result = tally("run", str(inbox), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 1
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == len(BAD_FILES)
    assert "0 stored" in result.stderr


def test_a_batch_of_bad_and_good_files_stores_the_good_ones(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write_bad_files(inbox)
    (inbox / "gao.txt").write_text(GAO, encoding="utf-8")
    (inbox / "kidal.html").write_text(f"<html><body><h1>Shepherds shot<p>{KIDAL}</body>", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    result = tally("run", str(inbox), "--db", url)
    assert result.returncode == 0, result.stderr
    assert f"{len(BAD_FILES)} errors" in result.stderr and "2 stored" in result.stderr
    with Store.open(url) as store:
        texts = sorted(d.text for d in store.documents())
    assert any("Gao" in t for t in texts) and any("Kidal" in t for t in texts) and len(texts) == 2


def test_windows_1252_and_utf16_files_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "cp1252.txt").write_bytes(
        "Soldiers shot dead two herders near S\u00e9gou on Friday, the governor\u2019s office said.\n"
        .encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(MOPTI.encode("utf-16"))
    url = f"sqlite:///{tmp_path / 'x.db'}"
    result = invoke("run", str(tmp_path / "cp1252.txt"), str(tmp_path / "utf16.txt"), "--db", url)
    assert result.exit_code == 0, result.output
    assert "2 stored" in result.stderr and "0 errors" in result.stderr
    with Store.open(url) as store:
        texts = [d.text for d in store.documents()]
    assert any("S\u00e9gou" in t and "governor's" in t for t in texts), texts
    assert MOPTI.strip() in texts


def test_broken_html_with_text_is_read(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(f"<html><body><p>{GAO[:40]}<b>{GAO[40:]}<div><table><tr><td>", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    result = invoke("run", str(page), "--db", url)
    assert result.exit_code == 0, result.output
    with Store.open(url) as store:
        [document] = store.documents()
    assert "Gao" in document.text and "<" not in document.text


def test_a_missing_database_folder_is_one_message() -> None:
    result = tally("run", str(EXAMPLES / ORIGINAL), "--db", "sqlite:////nonexistent-dir/x.db")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "/nonexistent-dir" in lines[0] and "does not exist" in lines[0]
    assert "Traceback" not in result.stderr


def test_file_names_with_brackets_are_printed_as_they_are(tmp_path: Path) -> None:
    odd = tmp_path / "[draft] report.txt"
    odd.write_bytes(b"")
    result = invoke("run", str(odd), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.exit_code == 1
    assert "[draft] report.txt: empty file" in result.stderr
