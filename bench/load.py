"""Load on loopback: concurrent readers of incident lists and statistics while one client ingests.

The real server (`tally.server.create_app` under uvicorn) on a free 127.0.0.1 port, over a
new SQLite file (default) or a new schema on the PostgreSQL server `--db` names (dropped
after the run), so that every run starts from an empty database. `--clients` threads, each with its own HTTP
connection, read `GET /api/incidents` and `GET /api/stats` in turn while one more client
submits `--documents` short synthetic reports through `POST /api/documents` and polls its
job until it finishes. Readers stop when the job is done (or at `--max-seconds`).

Prints requests per second, p50/p99 latency of the reads, ingest documents per second, and
whether anything failed (a non-2xx status, a transport error, a lost document).

    .venv/bin/python bench/load.py --clients 50 --documents 1000
    .venv/bin/python bench/load.py --clients 50 --documents 1000 --db postgresql+psycopg://root@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
#: What the readers ask for, in turn: a page of incidents, statistics by two fields.
READS = (("/api/incidents", {"limit": "100"}), ("/api/stats", {"by": "country,event_type"}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(app: Any, *, lifespan: str = "on", start_timeout: float = 30.0) -> Iterator[str]:
    """`app` served by uvicorn in a thread on a free loopback port; yields the base URL.

    `lifespan="off"` for an app whose startup/shutdown another client (a TestClient) owns.
    """
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan=lifespan, backlog=512))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def empty_database(url: str | None, tmp: Path) -> Iterator[str]:
    """A new SQLite file in `tmp` (no `url`), or a new schema on the PostgreSQL server at
    `url`, dropped when the run ends; yields the URL to open."""
    if url is None:
        yield f"sqlite:///{tmp / 'tally.db'}"
        return
    import sqlalchemy as sa

    base = sa.make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    schema = f"tally_load_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def short_documents(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """`n` distinct short reports: the first paragraph of each synthetic report (bench/make_corpus.py)."""
    spec = importlib.util.spec_from_file_location("make_corpus", HERE / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    documents = []
    for n_, report in enumerate(module.make_corpus(n, seed)):
        first = report["text"].strip().split("\n\n")[0]
        document = {"text": f"Report {seed}-{n_}. {first}", "title": report.get("title") or f"Report {n_}"}
        if report.get("published"):
            document["published"] = report["published"]
        documents.append(document)
    return documents


@dataclass
class LoadResult:
    """What one load run saw. `failures` holds every read or write that did not succeed."""

    clients: int
    documents: int
    reads: int = 0
    read_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    ingest_seconds: float = 0.0
    job: dict[str, Any] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.reads / self.read_seconds if self.read_seconds else 0.0

    def percentile(self, q: float) -> float:
        """Latency in milliseconds at quantile `q` (0-1) of the reads."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.ingest_seconds if self.ingest_seconds else 0.0

    def summary(self) -> str:
        return (f"{self.clients} clients, {self.documents} documents: {self.reads} reads in "
                f"{self.read_seconds:.1f} s = {self.rps:.1f} req/s, p50 {self.percentile(0.5):.1f} ms, "
                f"p99 {self.percentile(0.99):.1f} ms (mean {1000 * statistics.fmean(self.latencies or [0]):.1f} ms); "
                f"ingest {self.ingest_seconds:.1f} s = {self.docs_per_second:.1f} documents/s, "
                f"job {self.job.get('state')}, stored {self.job.get('stored')}; failures {len(self.failures)}")


def _reader(base_url: str, token: str, stop: threading.Event, result: LoadResult, lock: threading.Lock,
            offset: int) -> None:
    latencies: list[float] = []
    failures: list[str] = []
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        n = offset
        while not stop.is_set():
            path, params = READS[n % len(READS)]
            n += 1
            began = time.perf_counter()
            try:
                response = client.get(path, params=params)
            except httpx.HTTPError as exc:
                failures.append(f"GET {path}: {type(exc).__name__}: {exc}")
                continue
            latencies.append(time.perf_counter() - began)
            if response.status_code != 200:
                failures.append(f"GET {path}: {response.status_code} {response.text[:200]}")
    with lock:
        result.latencies.extend(latencies)
        result.failures.extend(failures)


def _ingest(base_url: str, token: str, documents: list[dict[str, Any]], result: LoadResult,
            deadline: float, poll: float = 0.2) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    began = time.perf_counter()
    with httpx.Client(base_url=base_url, headers=headers, timeout=120) as client:
        response = client.post("/api/documents", json=documents)
        if response.status_code != 202:
            result.failures.append(f"POST /api/documents: {response.status_code} {response.text[:200]}")
            return
        job = response.json()
        while job["state"] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(poll)
            response = client.get(f"/api/jobs/{job['id']}")
            if response.status_code != 200:
                result.failures.append(f"GET /api/jobs: {response.status_code} {response.text[:200]}")
                continue
            job = response.json()
    result.ingest_seconds = time.perf_counter() - began
    result.job = job
    if job["state"] != "done":
        result.failures.append(f"ingest job {job['id']} ended {job['state']} (errors: {job.get('errors')})")


def run_load(base_url: str, reader_token: str, writer_token: str, documents: list[dict[str, Any]],
             clients: int = 50, max_seconds: float = 600.0) -> LoadResult:
    """`clients` readers until the ingest of `documents` finishes (or `max_seconds` pass)."""
    result = LoadResult(clients=clients, documents=len(documents))
    stop, lock = threading.Event(), threading.Lock()
    readers = [threading.Thread(target=_reader, args=(base_url, reader_token, stop, result, lock, i),
                                name=f"reader-{i}", daemon=True) for i in range(clients)]
    began = time.perf_counter()
    for thread in readers:
        thread.start()
    try:
        _ingest(base_url, writer_token, documents, result, time.monotonic() + max_seconds)
    finally:
        stop.set()
        for thread in readers:
            thread.join(timeout=120)
        result.read_seconds = time.perf_counter() - began
    result.reads = len(result.latencies)
    return result


def idle_latency(base_url: str, token: str, rounds: int = 10) -> dict[str, float]:
    """Median milliseconds of each read with one client and no ingest: the floor under load."""
    timings: dict[str, list[float]] = {path: [] for path, _ in READS}
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        for _ in range(rounds):
            for path, params in READS:
                began = time.perf_counter()
                client.get(path, params=params).raise_for_status()
                timings[path].append(time.perf_counter() - began)
    return {path: 1000 * statistics.median(values) for path, values in timings.items()}


def main(argv: list[str] | None = None) -> int:
    from tally.server import create_app
    from tally.settings import Settings
    from tally.users import add_user

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--db", help="a PostgreSQL server's URL, run in a new schema there "
                                     "(default: a new SQLite file in a temporary directory)")
    parser.add_argument("--max-seconds", type=float, default=1200.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, empty_database(args.db, Path(tmp)) as url:
        app = create_app(replace(Settings.from_env(db_url=url), public_view=False))
        store = app.state.tally.store
        reader = add_user(store, f"load-reader-{time.time_ns()}", "analyst", actor="bench")[1]
        writer = add_user(store, f"load-writer-{time.time_ns()}", "analyst", actor="bench")[1]
        before = len(store.documents())
        documents = short_documents(args.documents)
        with serve(app) as base_url:
            result = run_load(base_url, reader, writer, documents, args.clients, args.max_seconds)
            stored = len(app.state.tally.store.documents()) - before
            idle = idle_latency(base_url, reader)
        store.close()  # before its schema is dropped
    print(result.summary())
    print("one client, after the ingest: " + ", ".join(f"GET {p} {ms:.0f} ms" for p, ms in idle.items()))
    print(f"documents in the store: {stored} of {len(documents)} submitted")
    for failure in result.failures[:20]:
        print("FAILED:", failure)
    return 0 if not result.failures and stored == len(documents) else 1


if __name__ == "__main__":
    raise SystemExit(main())
