"""`run_dask`: extraction on a Dask cluster, Parquet out, resolution on the client.

The input files are listed as `tally run` reads them and cut, in that order, into
partitions of `partition_files` files, a large JSON Lines or CSV file into partitions of
`partition_rows` records (deterministic: the same inputs give the same partitions). Workers
extract partitions in parallel and write `<out>/part-00012/`. The client reads the finished
partitions back in partition order and stores each document through
`tally.runner.store_extraction`, the very path a single-process run takes, so syndicated
copies, incidents and the audit log come out the same, on SQLite as on
PostgreSQL. Each partition is stored in one transaction (`Store.bulk`): its audit rows go in
at its end, by COPY on PostgreSQL, and a partition is stored whole or not at all.

Resuming: `<out>/_manifest.json` records the partitions; a run started again with the same
inputs and output folder skips every partition already written (`_SUCCESS`) and resolves
all of them again, and the store skips documents it already holds, so an interrupted run,
finished, leaves the database an uninterrupted run leaves.

Faults: a task whose worker dies is retried by Dask; one that kills workers twice
(`cluster.ALLOWED_FAILURES`) comes back as `KilledWorker`, and its partition is redone one
document per task; a document that kills its worker twice is quarantined (reported, kept in
the partition's `errors` table with kind "quarantined") and the rest go through. Any other
failure of a partition (its folder cannot be written, say) is reported; it and the
partitions after it are stored by the next run, once it succeeds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tally.documents import count_records, list_files
from tally.errors import ConfigError, InputError, StorageError
from tally.incidents import Resolver
from tally.runner import RunReport, store_extraction, stored_index
from tally.scale import cluster
from tally.scale.parts import (
    QUARANTINED,
    PartitionRows,
    is_done,
    part_dir,
    read_errors,
    read_extractions,
    read_summary,
    write_partition,
)
from tally.scale.tasks import (
    Extracted,
    Piece,
    Reading,
    add_result,
    extract_item,
    extract_partition,
    item_names,
    piece_name,
)
from tally.settings import Settings
from tally.store import Store

#: Files per partition. A partition is the unit of retry and resume: large enough that task
#: overhead (milliseconds) is nothing beside extraction (tens of ms per report), small enough
#: that a lost partition costs little. Set by hand for news-length reports, one per file.
PARTITION_FILES = 200
#: Records per partition cut from a large JSON Lines or CSV file: as many reports as a
#: partition of files holds.
PARTITION_ROWS = 200
MANIFEST = "_manifest.json"
#: Bumped when the layout of the output folder changes.
LAYOUT_VERSION = 1


@dataclass
class ScaleReport:
    """A Dask run: the runner's counts plus what happened to partitions and documents."""

    run: RunReport
    out: Path
    partitions: int = 0
    extracted: int = 0  # partitions written by this run
    skipped: int = 0  # partitions already written by an earlier run
    retried: int = 0  # partitions redone one document per task after killing workers
    failed: list[InputError] = field(default_factory=list)
    quarantined: list[InputError] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            **self.run.to_dict(), "out": str(self.out), "partitions": self.partitions,
            "partitions_extracted": self.extracted, "partitions_skipped": self.skipped,
            "partitions_retried": self.retried, "partitions_failed": [str(e) for e in self.failed],
            "quarantined": [str(e) for e in self.quarantined],
        }


#: Called after each partition is stored, with the report so far and the partition's folder name.
Progress = Callable[[ScaleReport, str], None]


def plan(paths: Iterable[str | Path], partition_files: int = PARTITION_FILES,
         partition_rows: int = PARTITION_ROWS) -> list[list[Piece]]:
    """The input files, as absolute paths in reading order, cut into partitions of
    `partition_files` files; a JSON Lines or CSV file of more than `partition_rows` records is
    cut into partitions of its own, `partition_rows` records each (so that one large export is
    extracted by many workers)."""
    if partition_files < 1:
        raise ConfigError(f"partition size {partition_files}: must be at least 1 file")
    if partition_rows < 1:
        raise ConfigError(f"partition size {partition_rows}: must be at least 1 record")
    partitions: list[list[Piece]] = []
    group: list[Piece] = []
    for file in (str(file.absolute()) for path in paths for file in list_files(Path(path))):
        count = count_records(Path(file)) or 0
        if count <= partition_rows:
            group.append(file)
            if len(group) == partition_files:
                partitions.append(group)
                group = []
            continue
        if group:
            partitions.append(group)
            group = []
        partitions += [[[file, start, min(start + partition_rows, count + 1)]]
                       for start in range(1, count + 1, partition_rows)]
    return partitions + ([group] if group else [])


def run_dask(
    paths: Iterable[str | Path],
    settings: Settings | None = None,
    address: str = "local:2",
    *,
    out: str | Path = "tally-parquet",
    published: dt.date | None = None,
    text_column: str | None = None,
    partition_files: int = PARTITION_FILES,
    partition_rows: int = PARTITION_ROWS,
    progress: Progress | None = None,
    load: bool = True,
) -> ScaleReport:
    """Extract `paths` on the Dask cluster at `address` (or `local:N`), write Parquet under
    `out`, and store the results in the database named by `settings.db_url`.

    With `load=False` the run stops at the Parquet (nothing is stored; `report.run.read`
    counts the documents written): extract on the cluster now, load later with `load=True`,
    which then only reads the finished partitions. A database that cannot be opened, or an
    `out` folder holding another run's output, raises before any work is sent to the cluster.
    """
    settings = settings or Settings.from_env()
    cluster.local_workers(address)  # a malformed local:N fails before anything is written
    out = Path(out)
    partitions = plan(paths, partition_files, partition_rows)
    reading = Reading(published, text_column)
    report = ScaleReport(RunReport(run_id=uuid.uuid4().hex[:12]), out, partitions=len(partitions))
    with _open(settings, load) as store:
        _check_manifest(out, partitions, settings, reading)
        loader = _Loader(store, report, progress)
        todo = [n for n in range(len(partitions)) if not is_done(part_dir(out, n))]
        report.skipped = len(partitions) - len(todo)
        if todo:
            with cluster.connect(address) as client:
                _extract(client, todo, partitions, _worker_settings(settings), out, reading, report, loader)
        loader.load_ready(len(partitions))
    return report


@contextmanager
def _open(settings: Settings, load: bool) -> Iterator[Store | None]:
    if not load:
        yield None
        return
    with Store.open(settings.db_url, policy=settings.incident_policy) as store:
        yield store


def _worker_settings(settings: Settings) -> Settings:
    """What workers need: no database URL (and no password in it) leaves the client."""
    return dataclasses.replace(settings, db_url="")


def _extract(client: Any, todo: list[int], partitions: list[list[Piece]], settings: Settings, out: Path,
             reading: Reading, report: ScaleReport, loader: _Loader) -> None:
    """Run the partitions' tasks; store each finished partition once those before it are."""
    distributed = cluster.distributed()
    killed = cluster.killed_worker()
    futures = {
        client.submit(extract_partition, n, partitions[n], settings, str(out), reading, pure=False): n for n in todo
    }
    pending = set(todo)
    loader.pending = pending
    for future in distributed.as_completed(futures):
        number = futures[future]
        try:
            try:
                future.result()
                report.extracted += 1
            except killed:
                _retry_by_document(client, number, partitions[number], settings, out, reading)
                report.retried += 1
        except Exception as exc:  # noqa: BLE001  any other failure is this partition's: reported, redone on resume
            report.failed.append(InputError(part_dir(out, number).name, f"partition failed ({type(exc).__name__}: {exc})"))
            loader.failed.add(number)
        pending.discard(number)
        loader.load_ready(len(partitions))


def _retry_by_document(client: Any, number: int, pieces: list[Piece], settings: Settings, out: Path,
                       reading: Reading) -> None:
    """Redo a partition that killed workers one document per task, and write it from what
    they give. A document whose task comes back `KilledWorker` may be a bystander queued on
    the culprit's worker, so it is run once more alone: a document that kills its worker
    twice then is quarantined, with the error, and never retried again. (A file, or slice of
    one, whose mere reading kills workers is quarantined whole.) Any other failure fails the
    partition, which a resumed run then redoes: a systemic fault is not written down as bad input."""
    killed = cluster.killed_worker()
    rows = PartitionRows(number)
    name_futures = client.map(item_names, pieces, reading=reading, pure=False)
    items: list[tuple[Piece, int, str, Any]] = []
    for piece, names in zip(pieces, name_futures):
        try:
            items += [(piece, index, name, None) for index, name in enumerate(names.result())]
        except killed as exc:
            items.append((piece, -1, piece_name(piece), exc))
    futures = [client.submit(extract_item, piece, index, settings, reading, pure=False) if index >= 0 else None
               for piece, index, _, _ in items]
    for (piece, index, name, error), future in zip(items, futures):
        if future is None:
            add_result(rows, _quarantined(name, error))
            continue
        try:
            result = future.result()
        except killed:
            try:
                result = client.submit(extract_item, piece, index, settings, reading, pure=False).result()
            except killed as exc:
                result = _quarantined(name, exc)
        add_result(rows, result)
    write_partition(part_dir(out, number), rows)


def _quarantined(name: str, error: BaseException) -> Extracted:
    return Extracted(source=name, reason=f"quarantined: killed its worker twice ({error})", kind=QUARANTINED)


class _Loader:
    """Stores finished partitions in partition order, through the single-process path."""

    def __init__(self, store: Store | None, report: ScaleReport, progress: Progress | None) -> None:
        self.store = store
        self.report = report
        self.progress = progress
        self.index = stored_index(store)
        self.resolver = Resolver()
        self.next = 0
        self.pending: set[int] = set()
        self.failed: set[int] = set()

    def load_ready(self, total: int) -> None:
        """Store every partition from the next one up to the first still being extracted.

        Loading stops at a failed partition: the ones after it stay written, and are stored
        by the resumed run after it, so documents are stored in the order of an
        uninterrupted run (the first of two syndicated copies stored is the original).
        """
        while self.next < total and self.next not in self.pending and self.next not in self.failed:
            self._load(part_dir(self.report.out, self.next))
            self.next += 1

    def _load(self, folder: Path) -> None:
        run = self.report.run
        for row in read_errors(folder):
            error = InputError(row["source"], row["reason"])
            run.errors.append(error)
            if row["kind"] == QUARANTINED:
                self.report.quarantined.append(error)
        if self.store is None:  # extraction only: count what the partition holds
            run.read += read_summary(folder)["documents"]
        else:
            self._store(folder)
        if self.progress:
            self.progress(self.report, folder.name)

    def _store(self, folder: Path) -> None:
        """Store the partition's documents in one transaction: all of them, or none (a
        failure stops the run; the next run stores the partition again)."""
        assert self.store is not None
        run = self.report.run
        with self.store.bulk(f"partition {folder.name}", run.run_id) as writer:
            for extraction, sig in read_extractions(folder):
                run.read += 1
                if writer.has_document(extraction.document.text_sha256):
                    run.already_stored += 1
                    continue
                store_extraction(extraction, writer, self.index, self.resolver, run, sig)


def _check_manifest(out: Path, partitions: list[list[Piece]], settings: Settings, reading: Reading) -> None:
    """Record what `out` holds; refuse to mix another run's partitions into this one."""
    manifest = {
        "layout": LAYOUT_VERSION,
        "extraction": {"data_dir": str(settings.data_dir), "min_city_population": settings.min_city_population},
        "published": reading.published.isoformat() if reading.published else None,
        "text_column": reading.text_column,
        "partitions": partitions,
    }
    path = out / MANIFEST
    try:
        if path.is_file():
            if json.loads(path.read_text(encoding="utf-8")) != manifest:
                raise ConfigError(f"{out}: holds the output of another run (other inputs, partition size or "
                                  "settings); give another --out, or delete it to start again")
            return
        out.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{MANIFEST}.tmp-{uuid.uuid4().hex[:8]}")
        tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        tmp.replace(path)
    except (OSError, ValueError) as exc:
        raise StorageError(f"{out}: cannot use it as the output folder: {exc}") from exc
