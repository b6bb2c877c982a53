"""What runs on a Dask worker: read a partition's files, extract, write its Parquet.

A task receives only small values (a partition number, file paths, the settings and the
output folder). The pipeline is rebuilt from the settings once per worker process
(`tally.pipeline.default_pipeline` caches it by settings), so the gazetteer index loads once
per worker, never per task, and no big object travels over the network.

Nothing here imports Dask: these are plain functions, which also makes them testable alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from tally.documents import Item, read_path
from tally.duplicates import signature
from tally.errors import InputError, TallyError
from tally.pipeline import Pipeline, default_pipeline
from tally.records import Document, Extraction
from tally.scale.parts import EXTRACTION_FAILED, UNREADABLE, PartitionRows, is_done, part_dir, read_summary, write_partition
from tally.settings import Settings


@dataclass(frozen=True)
class Reading:
    """How inputs are read: the fallback publication date and the CSV/JSON text column."""

    published: dt.date | None = None
    text_column: str | None = None


#: What a partition lists: a file's path (the whole file), or [path, start, stop], records
#: start to stop - 1 of a large JSON Lines or CSV file (`tally.documents.read_path`'s `records`).
Piece = str | list[Any]


def read_piece(piece: Piece, reading: Reading) -> Iterator[Item]:
    """The documents and errors of one piece of a partition, in reading order."""
    if isinstance(piece, str):
        return read_path(Path(piece), published=reading.published, text_column=reading.text_column)
    file, start, stop = piece
    return read_path(Path(file), published=reading.published, text_column=reading.text_column, records=(start, stop))


def piece_name(piece: Piece) -> str:
    """A piece as people read it: the file, or the file and its lines or rows."""
    return piece if isinstance(piece, str) else f"{piece[0]} (records {piece[1]}-{piece[2] - 1})"


@dataclass(frozen=True)
class Extracted:
    """One document's extraction and signature, or the reason it has none."""

    extraction: Extraction | None = None
    signature: bytes | None = None
    source: str = ""
    reason: str | None = None
    kind: str = EXTRACTION_FAILED


def extract_partition(number: int, pieces: list[Piece], settings: Settings, out: str,
                      reading: Reading) -> dict[str, Any]:
    """Extract every document of the partition's files (or slices of files) and write the partition.

    An unreadable file (or line, row, item) and a document whose extraction fails become
    rows of the partition's `errors` table; the rest of the partition goes through. A
    partition already written (by an earlier attempt) is left as it is.
    """
    folder = part_dir(Path(out), number)
    if is_done(folder):
        return read_summary(folder)
    pipeline = default_pipeline(settings)
    rows = PartitionRows(number)
    for piece in pieces:
        for item in read_piece(piece, reading):
            add_result(rows, _extract(pipeline, item))
    return write_partition(folder, rows)


def item_names(piece: Piece, reading: Reading) -> list[str]:
    """The name of each document and error the piece yields, reading only."""
    return [item.source if isinstance(item, InputError) else (item.origin or item.id)
            for item in read_piece(piece, reading)]


def extract_item(piece: Piece, index: int, settings: Settings, reading: Reading) -> Extracted:
    """Item `index` of a piece, extracted alone: the retry of a partition that killed its
    worker, one document per task, so that the document that kills a worker can be told apart."""
    for position, item in enumerate(read_piece(piece, reading)):
        if position == index:
            return _extract(default_pipeline(settings), item)
    return Extracted(source=piece_name(piece), reason=f"item {index} is no longer in the file", kind=UNREADABLE)


def add_result(rows: PartitionRows, result: Extracted) -> None:
    """Put one item's outcome into the partition's rows."""
    if result.extraction is not None and result.signature is not None:
        rows.add(result.extraction, result.signature)
    else:
        rows.error(result.source, result.reason or "unknown failure", result.kind)


def _extract(pipeline: Pipeline, item: Document | InputError) -> Extracted:
    """As `tally.runner` extracts: a failure is reported for this document alone."""
    if isinstance(item, InputError):
        return Extracted(source=item.source, reason=item.reason, kind=UNREADABLE)
    source = item.origin or item.id
    try:
        extraction = pipeline.extract(item)
        sig = signature(item.text)
    except TallyError as exc:
        return Extracted(source=source, reason=f"extraction failed: {exc}")
    except (ValueError, IndexError, KeyError, TypeError) as exc:  # a defect, reported per document
        return Extracted(source=source, reason=f"extraction failed ({type(exc).__name__}: {exc})")
    return Extracted(extraction, sig, source)
