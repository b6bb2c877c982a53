"""A partition's output: Parquet files in `<out>/part-00012/`, and reading them back.

Each partition folder holds `documents`, `events`, `claims`, `evidence` and `errors` tables.
Flat columns (plain types: strings, integers, floats, booleans, dates as date32) make them
readable by DuckDB and pandas as they are; a `record` column keeps each document, event and
claim whole as the store's lossless JSON (`tally.codec`), so the client rebuilds exactly the
`Extraction` a worker made and nothing is lost between extraction and resolution.

Every file is written under a temporary name and renamed; `_SUCCESS` is written last. A
folder without `_SUCCESS` is an unfinished partition: a resumed run writes it again.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tally import codec
from tally.errors import MissingExtraError, StorageError
from tally.records import Claim, Event, Extraction, Span

SUCCESS = "_SUCCESS"
TABLES = ("documents", "events", "claims", "evidence", "errors")

#: Kinds of row in a partition's `errors` table.
UNREADABLE, EXTRACTION_FAILED, QUARANTINED = "unreadable", "extraction", "quarantined"


def _pa() -> Any:
    try:
        import pyarrow
    except ImportError as exc:
        raise MissingExtraError("pyarrow", "scale") from exc
    return pyarrow


def part_dir(out: Path, number: int) -> Path:
    """The folder of partition `number` under `out`."""
    return Path(out) / f"part-{number:05d}"


def is_done(folder: Path) -> bool:
    """Whether the partition in `folder` was written completely."""
    return (folder / SUCCESS).is_file()


@dataclass
class PartitionRows:
    """Rows of one partition's tables, gathered in reading order."""

    number: int
    documents: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, extraction: Extraction, signature: bytes) -> None:
        """One document's extraction and its MinHash signature."""
        document = extraction.document
        self.documents.append({
            "partition": self.number, "seq": len(self.documents), "id": document.id,
            "origin": document.origin, "title": document.title, "publisher": document.publisher,
            "url": document.url, "published": document.published, "language": document.language,
            "raw_sha256": document.raw_sha256, "text_sha256": document.text_sha256,
            "length": len(document.text), "events": len(extraction.events), "claims": len(extraction.claims),
            "signature": signature, "record": json.dumps(codec.document_to_json(document), ensure_ascii=False),
        })
        at = len(self.documents) - 1
        for seq, event in enumerate(extraction.events):
            self.events.append({"document_seq": at, **_event_row(event, seq)})
            self._evidence("event", event.id, event.document_id, event.evidence)
        for seq, claim in enumerate(extraction.claims):
            self.claims.append({"document_seq": at, **_claim_row(claim, seq)})
            self._evidence("claim", claim.id, claim.document_id, claim.evidence)

    def error(self, source: str, reason: str, kind: str) -> None:
        """An input that could not be read, extracted, or that was set aside (`kind`)."""
        self.errors.append({"partition": self.number, "source": source, "reason": reason, "kind": kind})

    def _evidence(self, kind: str, record_id: str, document_id: str, spans: tuple[Span, ...]) -> None:
        for seq, span in enumerate(spans):
            self.evidence.append({"document_id": document_id, "record_kind": kind, "record_id": record_id,
                                  "seq": seq, "start": span.start, "end": span.end, "text": span.text})

    def summary(self) -> dict[str, Any]:
        """What `_SUCCESS` records: the partition's counts."""
        return {"partition": self.number, "documents": len(self.documents), "events": len(self.events),
                "claims": len(self.claims), "errors": len(self.errors)}


def _event_row(event: Event, seq: int) -> dict[str, Any]:
    place = event.place
    return {
        "document_id": event.document_id, "seq": seq, "id": event.id, "event_type": event.event_type,
        "sub_event_type": event.sub_event_type, "method": event.method,
        "perpetrators": "; ".join(dict.fromkeys(a.name for a in event.perpetrators)) or None,
        "fatalities_low": event.fatalities.low, "fatalities_high": event.fatalities.high,
        "injuries_low": event.injuries.low, "injuries_high": event.injuries.high,
        "place": place.name if place else None, "geonameid": place.geonameid if place else None,
        "country_code": place.country_code if place else None, "admin1": place.admin1 if place else None,
        "latitude": place.latitude if place else None, "longitude": place.longitude if place else None,
        "precision": place.precision if place else None,
        "date_start": event.when.start, "date_end": event.when.end, "date_precision": event.when.precision,
        "graphic": event.graphic, "confidence": event.confidence,
        "record": json.dumps(codec.event_to_json(event), ensure_ascii=False),
    }


def _claim_row(claim: Claim, seq: int) -> dict[str, Any]:
    return {
        "document_id": claim.document_id, "seq": seq, "id": claim.id, "what": claim.what,
        "quantity_low": claim.quantity.low, "quantity_high": claim.quantity.high,
        "qualifier": claim.quantity.qualifier, "victim_category": claim.victim_category,
        "perpetrators": "; ".join(dict.fromkeys(a.name for a in claim.perpetrators)) or None,
        "period_start": claim.period.start, "period_end": claim.period.end,
        "place": claim.place.name if claim.place else None,
        "country_code": claim.place.country_code if claim.place else None,
        "source": claim.source.name if claim.source else None,
        "record": json.dumps(codec.claim_to_json(claim), ensure_ascii=False),
    }


def _schemas() -> dict[str, Any]:
    """Explicit schemas, so that an empty table still has its columns and types."""
    pa = _pa()
    s, i32, i64, f64, d = pa.string(), pa.int32(), pa.int64(), pa.float64(), pa.date32()
    return {
        "documents": pa.schema([
            ("partition", i32), ("seq", i32), ("id", s), ("origin", s), ("title", s), ("publisher", s),
            ("url", s), ("published", d), ("language", s), ("raw_sha256", s), ("text_sha256", s),
            ("length", i64), ("events", i32), ("claims", i32), ("signature", pa.binary()), ("record", s)]),
        "events": pa.schema([
            ("document_seq", i32), ("document_id", s), ("seq", i32), ("id", s), ("event_type", s), ("sub_event_type", s),
            ("method", s), ("perpetrators", s), ("fatalities_low", i64), ("fatalities_high", i64),
            ("injuries_low", i64), ("injuries_high", i64), ("place", s), ("geonameid", i64),
            ("country_code", s), ("admin1", s), ("latitude", f64), ("longitude", f64), ("precision", i32),
            ("date_start", d), ("date_end", d), ("date_precision", s), ("graphic", pa.bool_()),
            ("confidence", f64), ("record", s)]),
        "claims": pa.schema([
            ("document_seq", i32), ("document_id", s), ("seq", i32), ("id", s), ("what", s), ("quantity_low", i64),
            ("quantity_high", i64), ("qualifier", s), ("victim_category", s), ("perpetrators", s),
            ("period_start", d), ("period_end", d), ("place", s), ("country_code", s), ("source", s),
            ("record", s)]),
        "evidence": pa.schema([
            ("document_id", s), ("record_kind", s), ("record_id", s), ("seq", i32), ("start", i64),
            ("end", i64), ("text", s)]),
        "errors": pa.schema([("partition", i32), ("source", s), ("reason", s), ("kind", s)]),
    }


def write_partition(folder: Path, rows: PartitionRows) -> dict[str, Any]:
    """Write the partition's tables, each atomically, then `_SUCCESS`; return its summary."""
    import pyarrow.parquet as pq

    pa = _pa()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.tmp-*"):
            stale.unlink(missing_ok=True)  # left by a worker killed while writing
        for name, schema in _schemas().items():
            table = pa.Table.from_pylist(getattr(rows, name), schema=schema)
            _atomic(folder / f"{name}.parquet", lambda tmp, t=table: pq.write_table(t, tmp))
        summary = rows.summary()
        _atomic(folder / SUCCESS, lambda tmp: tmp.write_text(json.dumps(summary), encoding="utf-8"))
    except OSError as exc:
        raise StorageError(f"{folder}: cannot write the partition: {exc}") from exc
    return summary


def _atomic(path: Path, write: Any) -> None:
    tmp = path.with_name(f"{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    write(tmp)
    os.replace(tmp, path)


def read_summary(folder: Path) -> dict[str, Any]:
    """The counts a finished partition recorded in `_SUCCESS`."""
    return json.loads((folder / SUCCESS).read_text(encoding="utf-8"))


def read_errors(folder: Path) -> list[dict[str, Any]]:
    """The partition's error rows: source, reason, kind."""
    import pyarrow.parquet as pq

    return pq.read_table(folder / "errors.parquet").to_pylist()


def read_extractions(folder: Path) -> Iterator[tuple[Extraction, bytes]]:
    """The partition's extractions in reading order, each with its signature."""
    import pyarrow.parquet as pq

    events = _records_by_document(pq.read_table(folder / "events.parquet", columns=["document_seq", "seq", "record"]))
    claims = _records_by_document(pq.read_table(folder / "claims.parquet", columns=["document_seq", "seq", "record"]))
    table = pq.read_table(folder / "documents.parquet", columns=["seq", "id", "signature", "record"])
    for row in sorted(table.to_pylist(), key=lambda r: r["seq"]):
        document = codec.document_from_json(json.loads(row["record"]))
        yield Extraction(
            document,
            tuple(codec.event_from_json(r) for r in events.get(row["seq"], [])),
            tuple(codec.claim_from_json(r) for r in claims.get(row["seq"], [])),
        ), row["signature"]


def _records_by_document(table: Any) -> dict[int, list[dict[str, Any]]]:
    """Records by their document's place in the partition (a text read twice has one id)."""
    grouped: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for row in table.to_pylist():
        grouped.setdefault(row["document_seq"], []).append((row["seq"], json.loads(row["record"])))
    return {key: [record for _, record in sorted(rows, key=lambda r: r[0])] for key, rows in grouped.items()}
