"""tally.scale: extraction on a real Dask LocalCluster (2 worker processes), Parquet out,
resolution on the client; resumed runs, bad input and workers killed mid-run.

The corpus is the examples/ folder plus a few short reports written for these tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import cloudpickle
import pyarrow.dataset as ds
import pyarrow as pa
import pytest
from distributed import Client
from distributed.diagnostics.plugin import WorkerPlugin

from tally.runner import run
from tally.scale import plan, run_dask
from tally.scale.cluster import start_local
from tally.scale.parts import SUCCESS, part_dir
from tally.settings import Settings
from tally.store import Store

# The crash plugin below is defined here; workers cannot import this file, so it travels by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

TALLY = Path(sys.executable).parent / "tally"
CRASH_ALWAYS = "CRASH-ALWAYS"
CRASH_ONCE = "CRASH-ONCE"
REPORT = ("Gunmen shot dead {n} traders at the cattle market in {town}, Mali, on 3 May 2021, "
          "a local official said. {marker}\n")
TOWNS = ("Gao", "Kidal", "Mopti", "Sevare", "Timbuktu", "Menaka")


def incidents_of(db_url: str) -> list[tuple]:
    """What must not depend on how a run was split: each incident's figures and place."""
    with Store.open(db_url) as store:
        rows = []
        for incident in store.incidents():
            lead = incident.lead
            rows.append((incident.fatalities_low, incident.fatalities_high, lead.event_type, lead.sub_event_type,
                         lead.place.name if lead.place else None, len(incident.events), incident.status))
        documents = len(store.documents())
    return sorted(rows, key=repr) + [("documents", documents)]


def sqlite(tmp_path: Path, name: str) -> Settings:
    return Settings(db_url=f"sqlite:///{tmp_path / name}")


@pytest.fixture(scope="module")
def cluster():
    """One LocalCluster of 2 worker processes for the tests that do not kill workers."""
    with start_local(2) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def single_db(examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The examples stored by a plain single-process run: its database URL."""
    settings = sqlite(tmp_path_factory.mktemp("single"), "single.db")
    report = run([examples_dir], settings=settings)
    assert report.stored == 26 and not report.errors
    return settings.db_url


@pytest.fixture(scope="module")
def reference(single_db: str) -> list[tuple]:
    return incidents_of(single_db)


def audit_of(db_url: str) -> list[tuple]:
    """The audit log without times, ids and run names: what was created, attached, regrouped."""
    with Store.open(db_url) as store:
        return sorted((a.entity, a.action, repr(sorted((k, v) for k, v in (a.new or {}).items() if k != "incident_id")))
                      for a in store.audit() if a.entity != "incident")  # incident ids: the database's sequence


def test_local_2_matches_single_process_and_parquet_reads_as_is(examples_dir, reference, single_db, db_url, tmp_path):
    """On SQLite and on PostgreSQL (the same store path; the audit log by COPY there): the
    incidents and audit entries of a plain SQLite run."""
    settings = Settings(db_url=db_url)
    report = run_dask([examples_dir], settings, "local:2", out=tmp_path / "out", partition_files=5)
    assert report.partitions == 6 and report.extracted == 6 and report.skipped == 0
    assert report.run.stored == 26 and report.run.duplicates == 1 and not report.run.errors
    assert incidents_of(settings.db_url) == reference
    assert audit_of(settings.db_url) == audit_of(single_db)
    assert all((part_dir(tmp_path / "out", n) / SUCCESS).is_file() for n in range(6))
    # One table across partitions, read straight from the folder tree.
    events = ds.dataset(sorted(str(p) for p in (tmp_path / "out").glob("part-*/events.parquet"))).to_table()
    assert events.num_rows == report.run.events
    assert events.schema.field("date_start").type == pa.date32()
    assert events.schema.field("record").type == pa.string()
    documents = ds.dataset(sorted(str(p) for p in (tmp_path / "out").glob("part-*/documents.parquet"))).to_table()
    assert sorted(documents.column("text_sha256").to_pylist()) == sorted(
        d.text_sha256 for d in _documents(settings.db_url))


def _documents(db_url: str) -> list:
    with Store.open(db_url) as store:
        return store.documents()


class Interrupted(Exception):
    pass


def test_interrupted_run_resumes_to_the_same_database(examples_dir, reference, cluster, tmp_path):
    settings = sqlite(tmp_path, "resumed.db")
    out = tmp_path / "out"
    stored: list[str] = []

    def stop_after_two(report, name):
        stored.append(name)
        if len(stored) == 2:
            raise Interrupted(name)

    with pytest.raises(Interrupted):
        run_dask([examples_dir], settings, cluster, out=out, partition_files=5, progress=stop_after_two)
    with Store.open(settings.db_url) as store:
        assert len(store.documents()) == 10
    # A partition lost with its worker (no _SUCCESS) is extracted again; the others are not.
    (part_dir(out, 4) / SUCCESS).unlink(missing_ok=True)
    shutil.rmtree(part_dir(out, 5), ignore_errors=True)
    report = run_dask([examples_dir], settings, cluster, out=out, partition_files=5)
    assert report.extracted >= 2 and report.skipped == 6 - report.extracted and report.skipped >= 2
    assert report.run.already_stored == 10 and report.run.stored == 16  # two partitions of 5 were stored
    assert incidents_of(settings.db_url) == reference
    again = run_dask([examples_dir], settings, cluster, out=out, partition_files=5)
    assert again.skipped == 6 and again.run.stored == 0 and again.run.already_stored == 26


def test_unreadable_files_are_reported_and_the_rest_stored(cluster, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, town in enumerate(TOWNS):
        (corpus / f"{n:02d}-{town}.txt").write_text(REPORT.format(n=n + 3, town=town, marker=""), encoding="utf-8")
    (corpus / "03-scan.pdf").write_bytes(b"%PDF-1.4 binary")
    (corpus / "04-empty.txt").write_bytes(b"")
    settings = sqlite(tmp_path, "bad.db")
    report = run_dask([corpus, tmp_path / "missing.txt"], settings, cluster, out=tmp_path / "out", partition_files=3)
    sources = sorted(Path(e.source).name for e in report.run.errors)
    assert sources == ["03-scan.pdf", "04-empty.txt", "missing.txt"]
    assert report.run.stored == len(TOWNS)
    errors = ds.dataset(sorted(str(p) for p in (tmp_path / "out").glob("part-*/errors.parquet"))).to_table()
    assert sorted(Path(s).name for s in errors.column("source").to_pylist()) == sources
    assert set(errors.column("kind").to_pylist()) == {"unreadable"}


def test_a_partition_that_cannot_be_written_fails_alone_and_is_redone_on_resume(examples_dir, reference, cluster,
                                                                               tmp_path):
    settings = sqlite(tmp_path, "blocked.db")
    out = tmp_path / "out"
    out.mkdir()
    part_dir(out, 2).write_text("a file where the partition's folder should be")
    report = run_dask([examples_dir], settings, cluster, out=out, partition_files=5)
    assert [e.source for e in report.failed] == ["part-00002"] and "cannot write the partition" in str(report.failed[0])
    # The others are written; the two before it are stored, the ones after wait for it (order kept).
    assert report.extracted == 5 and report.run.stored == 10
    part_dir(out, 2).unlink()
    resumed = run_dask([examples_dir], settings, cluster, out=out, partition_files=5)
    assert resumed.extracted == 1 and resumed.skipped == 5 and not resumed.failed
    assert resumed.run.stored == 16 and resumed.run.already_stored == 10
    assert incidents_of(settings.db_url) == reference


class CrashOn(WorkerPlugin):
    """Makes a worker process exit while it extracts a marked document (test only).

    CRASH-ONCE exits the first time only (a marker file remembers it); CRASH-ALWAYS every time.
    Plugins are re-applied to the workers the nanny restarts.
    """

    def __init__(self, marker_file: str) -> None:
        self.marker_file = marker_file

    def setup(self, worker) -> None:
        from tally.pipeline import Pipeline

        original = Pipeline.extract
        marker_file = self.marker_file
        if getattr(original, "crash_hook", False):
            return

        def extract(pipeline, document):
            if CRASH_ALWAYS in document.text:
                os._exit(3)
            if CRASH_ONCE in document.text and not os.path.exists(marker_file):
                Path(marker_file).touch()
                os._exit(3)
            return original(pipeline, document)

        extract.crash_hook = True
        Pipeline.extract = extract


def test_killed_worker_is_retried_and_a_document_killing_twice_is_quarantined(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    markers = {1: CRASH_ONCE, 4: CRASH_ALWAYS}
    for n, town in enumerate(TOWNS):
        text = REPORT.format(n=n + 3, town=town, marker=markers.get(n, ""))
        (corpus / f"{n:02d}-{town}.txt").write_text(text, encoding="utf-8")
    settings = sqlite(tmp_path, "faults.db")
    with start_local(2) as local, Client(local) as client:
        client.register_plugin(CrashOn(str(tmp_path / "crashed-once")))
        report = run_dask([corpus], settings, local.scheduler_address, out=tmp_path / "out", partition_files=3)
    assert (tmp_path / "crashed-once").exists()  # the CRASH-ONCE document did take a worker down
    assert [Path(e.source).name for e in report.quarantined] == ["04-Timbuktu.txt"]
    assert "killed its worker twice" in str(report.quarantined[0])
    assert report.retried >= 1 and not report.failed
    assert report.run.stored == len(TOWNS) - 1
    with Store.open(settings.db_url) as store:
        origins = sorted(Path(d.origin).name for d in store.documents())
    assert "01-Kidal.txt" in origins and "04-Timbuktu.txt" not in origins
    errors = ds.dataset(sorted(str(p) for p in (tmp_path / "out").glob("part-*/errors.parquet"))).to_table()
    assert errors.column("kind").to_pylist() == ["quarantined"]


def test_plain_run_needs_no_dask_and_dask_run_names_the_extra(tmp_path):
    """`tally run` without --dask never imports Dask; without Dask installed, --dask says which extra."""
    plain = subprocess.run(
        [sys.executable, "-c", "import sys, tally.cli, tally.runner; "
         "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'pyarrow')))"],
        capture_output=True, text=True, check=True)
    assert plain.stdout.strip() == "[]"
    hidden = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['distributed'] = None; "
         "from tally.scale.cluster import connect\n"
         "try:\n    connect('local:1').__enter__()\nexcept Exception as exc:\n    print(type(exc).__name__, exc)"],
        capture_output=True, text=True, check=True)
    assert hidden.stdout.startswith("MissingExtraError") and "tally[scale]" in hidden.stdout


def test_cli_run_with_dask_prints_the_summary_and_resumes(examples_dir, tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    command = [str(TALLY), "run", str(examples_dir), "--db", db, "--dask", "local:1", "--out", str(tmp_path / "out"),
               "--partition-files", "10"]
    extract = subprocess.run(command + ["--extract-only"], capture_output=True, text=True, timeout=120)
    assert extract.returncode == 0, extract.stderr
    assert "26 documents written to" in extract.stderr and "0 stored" in extract.stderr
    assert "partitions: 3 in" in extract.stderr and "3 extracted, 0 already done" in extract.stderr
    first = subprocess.run(command, capture_output=True, text=True, timeout=120)  # stores what was extracted
    assert first.returncode == 0, first.stderr
    assert "26 stored, 0 already stored, 1 syndicated copies" in first.stderr
    assert "0 extracted, 3 already done" in first.stderr
    second = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "0 stored, 26 already stored" in second.stderr and "0 extracted, 3 already done" in second.stderr
    bad = subprocess.run(command[:-2] + ["--partition-files", "5"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "holds the output of another run" in bad.stderr
    wrong = subprocess.run(command[:5] + ["--dask", "local:zero"], capture_output=True, text=True, timeout=120,
                           cwd=tmp_path)
    assert wrong.returncode == 1 and "expected local:N" in wrong.stderr
    assert not (tmp_path / "tally-parquet").exists()  # refused before the default --out is made
    alone = subprocess.run(command[:5] + ["--extract-only"], capture_output=True, text=True, timeout=120)
    assert alone.returncode == 1 and "--extract-only needs --dask" in alone.stderr


def test_a_large_jsonl_file_is_cut_into_partitions_by_rows(cluster, tmp_path):
    """One export of many reports is extracted by many tasks, and stored as one run of it would be."""
    lines = [json.dumps({"text": REPORT.format(n=n + 2, town=TOWNS[n % len(TOWNS)], marker=""),
                         "published": "2021-05-04"}) for n in range(17)]
    lines[5] = "{not json"
    (tmp_path / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    single = sqlite(tmp_path, "single.db")
    alone = run([tmp_path / "export.jsonl"], settings=single)
    assert plan([tmp_path / "export.jsonl"], partition_rows=5) == [
        [[str(tmp_path / "export.jsonl"), start, min(start + 5, 18)]] for start in (1, 6, 11, 16)]
    settings = sqlite(tmp_path, "sliced.db")
    report = run_dask([tmp_path / "export.jsonl"], settings, cluster, out=tmp_path / "out", partition_rows=5)
    assert report.partitions == 4 and report.extracted == 4
    assert report.run.stored == alone.stored == 16
    assert [e.source for e in report.run.errors] == [f"{tmp_path / 'export.jsonl'}:line 6"]
    assert incidents_of(settings.db_url) == incidents_of(single.db_url)
