"""Background ingest: documents submitted through the API, processed one job at a time.

One worker thread runs the jobs in the order they came, through the same per-document step
as `tally run` (`tally.runner`), so extraction, de-duplication and clustering behave exactly
as on the command line; the request that submitted them returns at once with a job id.
One worker because every document's write holds the store's writer lock anyway, and a
second pipeline would only double the memory. Readers are never blocked: the API's
endpoints run in their own threads.

Jobs live in the server's memory (a restart forgets them, never the documents already
stored: each document is its own transaction). The audit log names the submitting user
twice over: a `job`/`submit` row with their name, and each document's rows with the actor
`run:<user>/<job id>`.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from tally.errors import TallyError
from tally.incidents import Resolver
from tally.pipeline import default_pipeline
from tally.runner import RunReport, ingest, stored_index

if TYPE_CHECKING:
    from tally.pipeline import Pipeline
    from tally.records import Document
    from tally.settings import Settings
    from tally.store import Store

#: Finished jobs remembered for GET /api/jobs/{id}; the oldest are forgotten past this.
MAX_REMEMBERED_JOBS = 1000


@dataclass
class Job:
    """One batch of submitted documents and how far it got: the runner's counts so far
    (`report`, a copy taken after each document) and the job's own state."""

    id: str
    user: str
    total: int
    state: str = "queued"  # queued, running, done, failed
    report: RunReport = field(default_factory=lambda: RunReport(run_id=""))
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    finished_at: dt.datetime | None = None

    @property
    def done(self) -> int:
        """Documents dealt with: every one counts once, stored or refused."""
        return min(self.report.read, self.total)

    def to_dict(self) -> dict[str, Any]:
        report = self.report
        return {
            "id": self.id, "user": self.user, "state": self.state, "total": self.total, "done": self.done,
            "stored": report.stored, "already_stored": report.already_stored, "duplicates": report.duplicates,
            "events": report.events, "claims": report.claims,
            "incidents": sorted(report.incidents, key=lambda i: (len(i), i)),
            "errors": [str(e) for e in report.errors], "created_at": self.created_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


class Jobs:
    """The server's ingest queue."""

    def __init__(self, store: Store, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self._store = store
        self._settings = settings
        self._pipeline = pipeline
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tally-ingest")

    def submit(self, documents: list[Document], user: str) -> Job:
        """Queue `documents` for ingest as `user`; return the job (a snapshot to poll by id)."""
        job = Job(id=uuid.uuid4().hex[:12], user=user, total=len(documents))
        with self._store.transaction(f"job {job.id}", user) as batch:
            batch.audit("job", job.id, "submit", new={"documents": len(documents),
                                                      "titles": [d.title for d in documents[:20]]})
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._executor.submit(self._run, job, documents)
        return self.get(job.id)

    def get(self, job_id: str) -> Job:
        """A copy of the job's current state; `KeyError` if unknown."""
        with self._lock:
            job = self._jobs[job_id]
            return replace(job)  # its report is replaced whole after each document, never changed in place

    def wait(self, job_id: str, timeout: float | None = None) -> Job:
        """Block until the job is finished (for callers that want a synchronous ingest)."""
        done = threading.Event()
        self._executor.submit(done.set)  # runs after every job queued before it
        done.wait(timeout)
        return self.get(job_id)

    def list(self) -> list[Job]:
        """Every remembered job, newest first."""
        with self._lock:
            ids = sorted(self._jobs, key=lambda i: self._jobs[i].created_at, reverse=True)
        return [self.get(i) for i in ids]

    def shutdown(self) -> None:
        """Stop after the document in hand (each is its own transaction: nothing half-written)."""
        self._stopping.set()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: Job, documents: list[Document]) -> None:
        with self._lock:
            job.state = "running"
        report = RunReport(run_id=f"{job.user}/{job.id}")
        try:
            pipeline = self._pipeline or default_pipeline(self._settings)
            index = stored_index(self._store)
            resolver = Resolver()
            for document in documents:
                if self._stopping.is_set():
                    report.errors.append(TallyError("the server stopped; submit the rest again "  # type: ignore[arg-type]
                                                    "(stored documents are recognised and skipped)"))
                    break
                ingest(document, self._store, pipeline, index, resolver, report)
                self._update(job, report)
            state = "failed" if self._stopping.is_set() else "done"
        except TallyError as exc:  # the database went away: stop, keep what was stored
            report.errors.append(exc)  # type: ignore[arg-type]
            state = "failed"
        except Exception as exc:  # noqa: BLE001 (a defect must not kill the worker silently)
            report.errors.append(TallyError(f"internal error: {type(exc).__name__}: {exc}"))  # type: ignore[arg-type]
            state = "failed"
        self._update(job, report, state)
        try:
            with self._store.transaction(f"job {job.id}", job.user) as batch:
                batch.audit("job", job.id, "finish", new={k: v for k, v in self.get(job.id).to_dict().items()
                                                          if k in ("state", "stored", "already_stored", "errors")})
        except TallyError:
            pass  # the job's own state already says what happened

    def _update(self, job: Job, report: RunReport, state: str | None = None) -> None:
        with self._lock:
            job.report = replace(report, incidents=set(report.incidents), errors=list(report.errors))
            if state is not None:
                job.state = state
                job.finished_at = dt.datetime.now(dt.timezone.utc)

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.finished_at is not None]
        for job in sorted(finished, key=lambda j: j.finished_at)[:max(0, len(self._jobs) - MAX_REMEMBERED_JOBS)]:
            del self._jobs[job.id]
