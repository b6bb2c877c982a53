"""Tally's main job: read reports, extract, resolve into incidents, store.

One transaction per document: a batch killed half way leaves every finished document
stored and none half-written, and running it again finishes the rest without duplicating
anything (stored texts are recognised by their hash and skipped).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tally.documents import read_paths
from tally.duplicates import DuplicateIndex, signature
from tally.errors import InputError, TallyError
from tally.incidents import Resolver
from tally.pipeline import Pipeline, default_pipeline
from tally.records import Document, Extraction
from tally.settings import Settings
from tally.store import BulkWriter, Store


@dataclass
class RunReport:
    """What a run did: counts, and one error per input that could not be processed."""

    run_id: str
    read: int = 0
    stored: int = 0
    already_stored: int = 0
    duplicates: int = 0
    events: int = 0
    claims: int = 0
    incidents: set[str] = field(default_factory=set)
    errors: list[InputError] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when inputs were given but none could be processed."""
        return bool(self.errors) and self.stored == 0 and self.already_stored == 0

    def to_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "read": self.read,
            "stored": self.stored,
            "already_stored": self.already_stored,
            "duplicates": self.duplicates,
            "events": self.events,
            "claims": self.claims,
            "incidents_touched": len(self.incidents),
            "errors": [str(e) for e in self.errors],
        }


#: Called after each input with the report so far and the input's name.
Progress = Callable[[RunReport, str], None]


def run(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    published: dt.date | None = None,
    text_column: str | None = None,
    progress: Progress | None = None,
    pipeline: Pipeline | None = None,
) -> RunReport:
    """Ingest files or folders into the database named by `settings.db_url`.

    `published` applies to documents that carry no date of their own. Bad inputs are
    recorded in the report and the batch goes on; a database that cannot be opened raises
    `StorageError` before anything is read.
    """
    settings = settings or Settings.from_env()
    report = RunReport(run_id=uuid.uuid4().hex[:12])
    with Store.open(settings.db_url, policy=settings.incident_policy) as store:
        pipeline = pipeline or default_pipeline(settings)
        index = stored_index(store)
        resolver = Resolver()
        for item in read_paths(paths, published=published, text_column=text_column):
            name = item.source if isinstance(item, InputError) else (item.origin or item.id)
            if isinstance(item, InputError):
                report.errors.append(item)
            else:
                ingest(item, store, pipeline, index, resolver, report)
            if progress:
                progress(report, name)
    return report


def stored_index(store: Store | None) -> DuplicateIndex:
    """The near-duplicate index of every document already in `store` (empty without one):
    what each run, API job and Dask load starts from, so a copy of a stored report is linked."""
    index = DuplicateIndex()
    for document_id, sig in store.signatures() if store is not None else ():
        index.add(document_id, sig)
    return index


def ingest(
    document: Document, store: Store, pipeline: Pipeline, index: DuplicateIndex, resolver: Resolver, report: RunReport
) -> None:
    """Extract and store one document, counted in `report` (the step `run` takes per document;
    the server's ingest jobs take it too, so both behave alike)."""
    report.read += 1
    if store.has_document(document.text_sha256):
        report.already_stored += 1
        return
    source = document.origin or document.id
    try:
        extraction = pipeline.extract(document)
    except TallyError as exc:
        report.errors.append(InputError(source, f"extraction failed: {exc}"))
        return
    except (ValueError, IndexError, KeyError, TypeError) as exc:  # a defect, reported per document
        report.errors.append(InputError(source, f"extraction failed ({type(exc).__name__}: {exc})"))
        return
    store_extraction(extraction, store, index, resolver, report)


def store_extraction(
    extraction: Extraction, store: Store | BulkWriter, index: DuplicateIndex, resolver: Resolver, report: RunReport,
    sig: bytes | None = None,
) -> None:
    """Store one extracted document: link it to a stored original it copies, resolve its
    events into incidents, count it in `report`. Shared with `tally.scale`, whose workers
    extract (and sign: `sig`) and whose client stores through here (into a `Store.bulk`
    transaction per partition), so both runs resolve alike."""
    document = extraction.document
    sig = sig if sig is not None else signature(document.text)
    original = index.find(sig)
    touched = store.add_extraction(
        extraction, resolver=resolver, run_id=report.run_id, signature=sig, duplicate_of=original
    )
    index.add(document.id, sig)
    report.stored += 1
    report.duplicates += original is not None
    report.events += len(extraction.events)
    report.claims += len(extraction.claims)
    report.incidents.update(touched)
