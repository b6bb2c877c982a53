"""Tally's whole job single-process and on Dask (`local:1`, `local:2`), on one synthetic corpus.

The corpus comes from `bench/make_corpus.py` (news-length reports, about 40% with no event)
and is written as JSON Lines files of `--per-file` reports, as a day's crawl is delivered.
Each measurement is a complete run into a fresh SQLite file, timed end to end, one-time
costs included (loading the pipeline; for Dask also starting the cluster, each worker
loading its pipeline, and writing and reading back the Parquet):

  single      `tally.runner.run`: read, extract, resolve, store, in this process;
  local:1     `tally.scale.run_dask` with one worker process (the client resolves and stores
              while the worker extracts the next partitions);
  local:2     the same with two worker processes;
  ... parquet the same two, extraction to Parquet only (`load=False`): the part that
              scales with workers. Storing runs in the one client process (one transaction
              per partition; about 5 ms a report on SQLite at 20,000 reports, growing with
              the database), so on a 2-core machine it competes with the workers for a core.

It prints documents per second for each, the speed-ups of local:2 over local:1, and the
hours a day of 100,000 reports would take on N workers at the measured extraction rate per
worker, and at the client's storing rate, which does not grow with workers.

    .venv/bin/python bench/scale.py --n 20000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from make_corpus import make_corpus  # noqa: E402

#: Reports in a day of a GDELT-sized feed: the figure the README's estimate is given for.
DAY_OF_REPORTS = 100_000


def write_corpus(folder: Path, n: int, per_file: int, seed: int) -> int:
    """`n` reports from `make_corpus` as JSON Lines files of `per_file` reports; the file count."""
    folder.mkdir(parents=True, exist_ok=True)
    reports = make_corpus(n, seed)
    files = 0
    for start in range(0, n, per_file):
        with (folder / f"reports-{files:05d}.jsonl").open("w", encoding="utf-8") as handle:
            for report in reports[start:start + per_file]:
                handle.write(json.dumps(report, ensure_ascii=False) + "\n")
        files += 1
    return files


def time_single(corpus: Path, work: Path) -> tuple[float, int]:
    """Seconds for a single-process run, and the documents it stored."""
    from tally.runner import run
    from tally.settings import Settings

    settings = Settings.from_env(db_url=f"sqlite:///{work / 'single.db'}")
    start = time.perf_counter()
    report = run([corpus], settings=settings)
    seconds = time.perf_counter() - start
    if report.errors:
        raise SystemExit(f"single-process run reported errors, first: {report.errors[0]}")
    return seconds, report.stored


def time_dask(corpus: Path, work: Path, workers: int, partition_files: int, load: bool) -> tuple[float, int]:
    """Seconds for a `local:N` run (cluster start included), and the documents it stored
    (or, with `load=False`, wrote to Parquet)."""
    from tally.scale import run_dask
    from tally.settings import Settings

    name = f"local{workers}-{'full' if load else 'parquet'}"
    settings = Settings.from_env(db_url=f"sqlite:///{work / f'{name}.db'}")
    start = time.perf_counter()
    report = run_dask([corpus], settings, f"local:{workers}", out=work / name,
                      partition_files=partition_files, load=load)
    seconds = time.perf_counter() - start
    if report.run.errors or report.failed:
        raise SystemExit(f"local:{workers} run reported errors: {(report.run.errors or report.failed)[0]}")
    return seconds, report.run.stored if load else report.run.read


def _spin(rounds: int) -> float:
    """Seconds for a fixed CPU-bound loop (hashing): the yardstick of `free_cores`."""
    import hashlib

    start = time.perf_counter()
    digest = b"tally"
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return time.perf_counter() - start


def free_cores(rounds: int = 1_000_000) -> float:
    """How many cores two processes actually get: 2.0 on an idle 2-core machine, near 1.0
    when other work holds a core. A speed-up of local:2 over local:1 cannot exceed it."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2) as pool:
        alone = pool.submit(_spin, rounds).result()
        together = list(pool.map(_spin, [rounds, rounds]))
    return 2 * alone / max(together)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="reports (default 20,000)")
    parser.add_argument("--per-file", type=int, default=100, help="reports per JSON Lines file (default 100)")
    parser.add_argument("--partition-files", type=int, default=1, help="files per Dask partition (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--skip-single", action="store_true", help="leave out the single-process run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tally-scale-bench-") as folder:
        work = Path(folder)
        files = write_corpus(work / "corpus", args.n, args.per_file, args.seed)
        print(f"{args.n:,} reports in {files} JSON Lines files; {args.partition_files} file(s) per partition; "
              f"{os.cpu_count()} CPUs, of which two processes get {free_cores():.2f} now")
        rows: list[tuple[str, float, int]] = []
        if not args.skip_single:
            rows.append(("single process", *time_single(work / "corpus", work)))
        for load in (True, False):
            for workers in (1, 2):
                label = f"local:{workers}" + ("" if load else " parquet")
                rows.append((label, *time_dask(work / "corpus", work, workers, args.partition_files, load)))
    print(f"\n{'run':<16} {'documents':>10} {'seconds':>9} {'docs/s':>8}")
    rates = {}
    for label, seconds, stored in rows:
        rates[label] = stored / seconds
        print(f"{label:<16} {stored:>10,} {seconds:>9.1f} {rates[label]:>8.1f}")
    print(f"\nspeed-up local:2 / local:1, whole job: {rates['local:2'] / rates['local:1']:.2f} x (bar: 1.6 x)")
    print(f"speed-up local:2 / local:1, extraction to Parquet: "
          f"{rates['local:2 parquet'] / rates['local:1 parquet']:.2f} x")
    if "single process" in rates:
        print(f"speed-up local:2 / single process: {rates['local:2'] / rates['single process']:.2f} x")
    per_worker = rates["local:1 parquet"]
    print(f"\na day of {DAY_OF_REPORTS:,} reports, extraction at {per_worker:.1f} docs/s per worker:")
    for workers in (1, 2, 8, 32):
        print(f"  {workers:>3} workers: {DAY_OF_REPORTS / (per_worker * workers) / 3600:.2f} h")
    print(f"storing in one client process (at the local:1 whole-job rate, {rates['local:1']:.1f} docs/s, "
          f"a lower bound): {DAY_OF_REPORTS / rates['local:1'] / 3600:.2f} h at most")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
