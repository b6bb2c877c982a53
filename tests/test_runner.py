"""tally.runner: a batch killed half way loses nothing it committed and finishes on a re-run.

The reports are written for these tests: forty short, distinct wire items about invented
attacks in real towns.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tally.documents import read_path
from tally.errors import StorageError
from tally.pipeline import Pipeline
from tally.runner import RunReport, run
from tally.settings import Settings
from tally.store import Store

TALLY = Path(sys.executable).parent / "tally"

#: (town, country) pairs: real towns that resolve in the gazetteer, one report each.
TOWNS = (
    ("Gao", "Mali"), ("Kidal", "Mali"), ("Mopti", "Mali"), ("Djibo", "Burkina Faso"),
    ("Kaya", "Burkina Faso"), ("Dori", "Burkina Faso"), ("Maiduguri", "Nigeria"),
    ("Gwoza", "Nigeria"), ("Bama", "Nigeria"), ("Diffa", "Niger"), ("Tillaberi", "Niger"),
    ("Mosul", "Iraq"), ("Kirkuk", "Iraq"), ("Ramadi", "Iraq"), ("Raqqa", "Syria"),
    ("Idlib", "Syria"), ("Manbij", "Syria"), ("Kunduz", "Afghanistan"), ("Ghazni", "Afghanistan"),
    ("Herat", "Afghanistan"), ("Beni", "DR Congo"), ("Bunia", "DR Congo"), ("Goma", "DR Congo"),
    ("Baidoa", "Somalia"), ("Kismayo", "Somalia"), ("Beledweyne", "Somalia"), ("Taiz", "Yemen"),
    ("Marib", "Yemen"), ("Hodeidah", "Yemen"), ("Sittwe", "Myanmar"), ("Lashio", "Myanmar"),
    ("Myitkyina", "Myanmar"), ("Malakal", "South Sudan"), ("Bentiu", "South Sudan"),
    ("El Fasher", "Sudan"), ("Nyala", "Sudan"), ("Mekele", "Ethiopia"), ("Pemba", "Mozambique"),
    ("Bambari", "Central African Republic"), ("Kandahar", "Afghanistan"),
)

LEADS = (
    "Gunmen on motorcycles shot dead {n} traders at the cattle market in {town}, {country}, on {day}, "
    "a local official said.",
    "A roadside bomb struck a minibus on the road north of {town}, {country}, on {day}, killing {n} "
    "passengers, police said.",
    "Armed men abducted {n} farmers from their fields outside {town}, {country}, on {day}, according "
    "to a community leader.",
    "Shells fired by unidentified forces hit a residential district of {town}, {country}, on {day}, "
    "killing {n} civilians, the health ministry said.",
    "An air strike hit a fuel depot on the edge of {town}, {country}, on {day}, killing {n} workers, "
    "a hospital director said.",
)
DETAILS = (
    "Witnesses said the attack lasted about twenty minutes before the assailants withdrew towards "
    "the {direction}.",
    "A nurse at the main clinic in {town} said {wounded} wounded people had been brought in, some of "
    "them in serious condition.",
    "No group has said it carried out the attack, which came {weeks} weeks after a similar incident "
    "in the same district.",
    "Relatives gathered outside the district office in {town} on {day} evening to ask for news of "
    "the missing.",
    "Shops in the centre of {town} stayed closed the next day and several families left for the "
    "{direction}, residents said.",
    "The governor's office said security forces had been sent to the area and that an inquiry "
    "had been opened.",
    "Mobile networks around {town} were cut for most of the day, which delayed the first reports "
    "of the attack.",
    "Farmers in the villages near {town} have stopped going to their fields since the rainy season "
    "began, an aid worker said.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DIRECTIONS = ("north", "south", "east", "west", "river", "hills", "border")
#: Which three details each report carries: no two reports with the same lead share more
#: than one detail, so none of them looks like a syndicated copy of another.
DETAIL_SETS = ((0, 1, 2), (3, 4, 5), (6, 7, 0), (1, 3, 6), (2, 4, 7), (5, 0, 3), (1, 4, 6), (2, 5, 7))


def report_text(index: int) -> str:
    """One report: header, headline, a lead and three details, all varied by `index`."""
    town, country = TOWNS[index]
    slots = {
        "town": town, "country": country, "n": 2 + index % 11, "day": DAYS[index % 7],
        "direction": DIRECTIONS[index % 7], "wounded": 3 + index % 13, "weeks": 2 + index % 5,
    }
    lead = LEADS[index % len(LEADS)].format(**slots)
    details = [DETAILS[k].format(**slots) for k in DETAIL_SETS[index // len(LEADS)]]
    published = dt.date(2021, 1, 4) + dt.timedelta(days=9 * index)
    return (f"Title: Attack near {town}\nPublisher: Test Wire\nPublished: {published.isoformat()}\n\n"
            f"Violence in {town}\n\n{lead}\n\n" + "\n\n".join(details) + "\n")


def write_reports(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, (town, _) in enumerate(TOWNS):
        path = folder / f"{index:02d}-{town.lower().replace(' ', '-')}.txt"
        path.write_text(report_text(index), encoding="utf-8")
        paths.append(path)
    return paths


def stored_count(db_file: Path) -> int:
    """Documents committed so far, read with plain sqlite3 beside the writer (WAL mode)."""
    if not db_file.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def orphans(db_file: Path) -> dict[str, int]:
    """Rows that point at nothing, or incidents that hold nothing."""
    queries = {
        "events without document": "SELECT count(*) FROM events WHERE document_id NOT IN (SELECT id FROM documents)",
        "claims without document": "SELECT count(*) FROM claims WHERE document_id NOT IN (SELECT id FROM documents)",
        "events without incident": "SELECT count(*) FROM events e JOIN documents d ON d.id = e.document_id "
                                   "WHERE d.duplicate_of IS NULL AND (e.incident_id IS NULL "
                                   "OR e.incident_id NOT IN (SELECT id FROM incidents))",
        "empty incidents": "SELECT count(*) FROM incidents WHERE id NOT IN "
                           "(SELECT incident_id FROM events WHERE incident_id IS NOT NULL)",
        "documents without audit row": "SELECT count(*) FROM documents WHERE id NOT IN "
                                       "(SELECT entity_id FROM audit_log WHERE entity = 'document')",
    }
    with sqlite3.connect(db_file) as conn:
        return {name: conn.execute(sql).fetchone()[0] for name, sql in queries.items()}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings.from_env())


def expected_events(paths: list[Path], pipeline: Pipeline) -> dict[str, int]:
    """Document id -> number of events a fresh extraction of its file gives."""
    counts = {}
    for path in paths:
        [document] = list(read_path(path))
        counts[document.id] = len(pipeline.extract(document).events)
    return counts


def test_reports_are_distinct_and_hold_events(tmp_path: Path, pipeline: Pipeline) -> None:
    paths = write_reports(tmp_path / "in")
    expected = expected_events(paths, pipeline)
    assert len(expected) == len(TOWNS)
    assert sum(1 for n in expected.values() if n) >= len(TOWNS) * 3 // 4
    # none is taken for a syndicated copy of another, so every event reaches an incident
    report = run(paths, settings=Settings.from_env(db_url=f"sqlite:///{tmp_path / 'x.db'}"), pipeline=pipeline)
    assert (report.stored, report.duplicates, report.events) == (len(TOWNS), 0, sum(expected.values()))


@pytest.mark.slow
def test_a_killed_batch_keeps_whole_documents_and_finishes_on_rerun(tmp_path: Path, pipeline: Pipeline) -> None:
    paths = write_reports(tmp_path / "in")
    db_file = tmp_path / "batch.db"
    url = f"sqlite:///{db_file}"
    process = subprocess.Popen([str(TALLY), "run", str(tmp_path / "in"), "--db", url],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while stored_count(db_file) < 3:
            assert process.poll() is None, f"the batch ended before it could be killed: {process.stderr.read()!r}"
            assert time.monotonic() < deadline, "no document stored in 120 s"
            time.sleep(0.002)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL

    expected = expected_events(paths, pipeline)
    with Store.open(url) as store:
        partial = {d.id: len(store.events_of_document(d.id)) for d in store.documents()}
    assert 3 <= len(partial) < len(TOWNS), "the kill must land part way through the batch"
    assert partial == {doc: expected[doc] for doc in partial}
    assert orphans(db_file) == dict.fromkeys(orphans(db_file), 0)

    rerun = subprocess.run([str(TALLY), "run", str(tmp_path / "in"), "--db", url],
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(TOWNS) - len(partial)} stored, {len(partial)} already stored" in rerun.stderr
    with Store.open(url) as store:
        documents = store.documents()
        complete = {d.id: len(store.events_of_document(d.id)) for d in documents}
        incident_events = [e.id for i in store.incidents() for e in i.events]
    assert len(documents) == len(TOWNS)
    assert complete == expected
    assert len(incident_events) == len(set(incident_events)) == sum(expected.values())
    assert orphans(db_file) == dict.fromkeys(orphans(db_file), 0)


# -- the library call -------------------------------------------------------------------------


def test_run_reports_counts_and_errors(tmp_path: Path, pipeline: Pipeline) -> None:
    paths = write_reports(tmp_path / "in")[:5]
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "notes.docx").write_bytes(b"PK\x03\x04")
    settings = Settings.from_env(db_url=f"sqlite:///{tmp_path / 'x.db'}")
    expected = expected_events(paths, pipeline)
    seen: list[str] = []

    inputs = [*paths, tmp_path / "in" / "empty.txt", tmp_path / "in" / "notes.docx", tmp_path / "missing.txt"]
    report = run(inputs, settings=settings, pipeline=pipeline, progress=lambda r, name: seen.append(name))
    assert isinstance(report, RunReport)
    assert (report.read, report.stored, report.already_stored, report.duplicates) == (5, 5, 0, 0)
    assert report.events == sum(expected.values())
    assert report.incidents and not report.failed
    assert sorted(e.source for e in report.errors) == sorted(
        str(p) for p in (tmp_path / "in" / "empty.txt", tmp_path / "in" / "notes.docx", tmp_path / "missing.txt"))
    assert len(seen) == 8 and str(tmp_path / "missing.txt") in seen
    summary = report.to_dict()
    assert summary["stored"] == 5 and len(summary["errors"]) == 3 and summary["run_id"] == report.run_id

    again = run(paths, settings=settings, pipeline=pipeline)
    assert (again.read, again.stored, again.already_stored, again.events) == (5, 0, 5, 0)
    assert not again.errors and not again.failed and again.run_id != report.run_id
    with Store.open(settings.db_url) as store:
        assert {d.id for d in store.documents()} == set(expected)


def test_run_with_only_bad_inputs_fails(tmp_path: Path, pipeline: Pipeline) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    settings = Settings.from_env(db_url=f"sqlite:///{tmp_path / 'x.db'}")
    report = run([tmp_path / "empty.txt"], settings=settings, pipeline=pipeline)
    assert report.failed and report.stored == 0
    assert [str(e) for e in report.errors] == [f"{tmp_path / 'empty.txt'}: empty file"]


def test_run_on_an_unopenable_database_raises_before_reading(tmp_path: Path) -> None:
    settings = Settings.from_env(db_url=f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}")
    with pytest.raises(StorageError, match="no-such-folder"):
        run([tmp_path / "never-read.txt"], settings=settings)


def test_a_syndicated_copy_is_counted_as_a_duplicate(tmp_path: Path, pipeline: Pipeline) -> None:
    original = write_reports(tmp_path / "in")[0]
    text = original.read_text(encoding="utf-8").replace("Publisher: Test Wire", "Publisher: Other Wire")
    copy = tmp_path / "copy.txt"
    copy.write_text(text.rsplit("\n\n", 1)[0] + "\n", encoding="utf-8")  # last paragraph trimmed
    settings = Settings.from_env(db_url=f"sqlite:///{tmp_path / 'x.db'}")
    report = run([original, copy], settings=settings, pipeline=pipeline)
    assert (report.stored, report.duplicates) == (2, 1)
    with Store.open(settings.db_url) as store:
        documents = store.documents()
        assert store.duplicate_of(documents[1].id) == documents[0].id
        assert len(store.incidents()) == len(store.events_of_document(documents[0].id))
