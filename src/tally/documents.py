"""Documents: reading reports from files and folders into `Document` records.

Formats are chosen by file extension: plain text (with an optional `Key: value` header),
HTML, JSON Lines, JSON, CSV/TSV (one document per row) and RSS/Atom feeds (one document per
item). Every reader yields `Document`s and, for the inputs it cannot use, `InputError`s
(never raised), so one bad file or row in a batch is reported and the rest goes on.
HTML pages are taken apart by `tally.markup` and feeds by `tally.feeds`; this module turns
what they return into documents (`html_to_text` is re-exported from `tally.markup`).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import email.utils
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from tally.errors import InputError
from tally.feeds import parse_feed
from tally.markup import html_to_text as html_to_text  # re-exported for callers
from tally.markup import parse_page
from tally.records import Document
from tally.text import normalise_text

#: Largest single-document file (text, HTML) or single record text read. The longest article
#: text in the LGL and TR-News eval sets is ~9,000 characters; ten MiB is a thousand times
#: that, room for a whole HTML page, and anything larger is a dump or a wrong file.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

#: Largest collection file (JSON Lines, JSON, CSV/TSV, RSS/Atom), read whole into memory.
#: 256 MiB holds a full-country ACLED export (~100k rows of notes) with room to spare while
#: staying well inside a laptop's memory.
MAX_COLLECTION_BYTES = 256 * 1024 * 1024

#: A first line shorter than this, without a final period and followed by a blank line, is
#: taken for the title. The longest of the 706 headlines in the LGL and TR-News eval sets is
#: 134 characters; opening paragraphs that lack a final period are rare and mostly longer.
MAX_TITLE_CHARS = 200

#: Share of control characters (other than tab, newline, carriage return, form feed) above
#: which decoded bytes are called binary. Real text has none; 1% leaves room for a stray
#: escape byte in a pasted report while rejecting any compressed or image data.
MAX_CONTROL_SHARE = 0.01

#: Share of non-ASCII letters below which text that decodes cleanly as Windows-1252 is taken
#: to be Windows-1252 without asking charset-normalizer. English and Western European news
#: text in cp1252 stays under ~10% (accented names, curly quotes, dashes); text in another
#: single-byte code page (Cyrillic, Greek) is mostly non-ASCII letters.
MAX_CP1252_NON_ASCII_SHARE = 0.3

TEXT_SUFFIXES = frozenset({"", ".txt", ".md", ".text", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES
)
_COLLECTION_SUFFIXES = JSONL_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES

#: Record keys (JSON objects, CSV headers; matched case-insensitively), first present wins.
TEXT_KEYS = ("text", "body", "content", "notes", "eventsnippet")
DATE_KEYS = ("published", "date", "event_date", "published_at", "pubdate")
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "link")
PUBLISHER_KEYS = ("publisher", "source")
LANGUAGE_KEYS = ("language", "lang")
ID_KEYS = ("id",)

#: Keys of a plain-text header block, mapped to the field they fill.
_HEADER_FIELDS = {
    "title": "title", "publisher": "publisher", "source": "source", "published": "published",
    "date": "published", "url": "url", "language": "language",
}
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z]+)[ \t]*:[ \t]*(?P<value>.*?)\s*$")

#: What every reader yields: a document, or the reason one input could not become one.
Item = Document | InputError

_DATEPARSER_SETTINGS = {
    # Only absolute dates: no "yesterday", no bare weekday, nothing filled in from today.
    "PARSERS": ["custom-formats", "absolute-time"],
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


# --------------------------------------------------------------------------- records


def make_document(
    text: str,
    *,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
    origin: str | None = None,
    raw: bytes | None = None,
    language: str = "en",
) -> Document:
    """Build a `Document`: normalise the text, hash the raw bytes and the normalised text.

    `raw` defaults to the text encoded as UTF-8. The id is the first 16 hex characters of
    the normalised text's SHA-256, so the same text read twice is the same document.
    Raises `InputError` when nothing is left of the text after normalisation.
    """
    normalised = normalise_text(text)
    if not normalised:
        raise InputError(origin or "<text>", "no text after normalisation")
    raw_bytes = raw if raw is not None else text.encode("utf-8")
    text_sha256 = hashlib.sha256(normalised.encode("utf-8")).hexdigest()
    if isinstance(published, dt.datetime):
        published = published.date()
    return Document(
        id=text_sha256[:16],
        text=normalised,
        raw_sha256=hashlib.sha256(raw_bytes).hexdigest(),
        text_sha256=text_sha256,
        title=_clean_field(title),
        publisher=_clean_field(publisher),
        url=_clean_field(url),
        published=published,
        language=_clean_field(language) or "en",
        origin=origin,
    )


def _clean_field(value: object) -> str | None:
    """A one-line metadata value, or None when it is missing or blank."""
    if value is None:
        return None
    cleaned = " ".join(normalise_text(str(value)).split())
    return cleaned or None


# --------------------------------------------------------------------------- dates


def parse_date(value: str, source: str) -> dt.date:
    """Parse an absolute publication date ("2020-03-21", RFC 822, "21 March 2020").

    ISO 8601 and RFC 822 are read by the standard library; anything else by `dateparser`,
    which is told to accept only a full day, month and year and never to fill a gap from
    today's date. The date is the one written, in the writer's own time zone.
    Raises `InputError(source, "date '...' does not parse")`.
    """
    text = value.strip()
    parsed = _parse_date_stdlib(text)
    if parsed is None and text:
        import dateparser  # imported lazily: it takes about a second to load

        found = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
        parsed = found.date() if found is not None else None
    if parsed is None:
        raise InputError(source, f"date {value!r} does not parse")
    return parsed


def _parse_date_stdlib(text: str) -> dt.date | None:
    parsers = (
        dt.date.fromisoformat,
        lambda t: dt.datetime.fromisoformat(t).date(),
        lambda t: email.utils.parsedate_to_datetime(t).date(),  # RFC 822, as in RSS
    )
    for parse in parsers:
        try:
            return parse(text)
        except (TypeError, ValueError, IndexError):
            continue
    return None


def _resolve_date(value: Any, fallback: dt.date | None, source: str) -> dt.date | None:
    """The document's own date when it has one (raising if it does not parse), else `fallback`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return fallback
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value), source)


# --------------------------------------------------------------------------- bytes


def decode_bytes(raw: bytes, source: str) -> str:
    """Decode a file's bytes: UTF-8 (BOM or not), UTF-16/32 with a BOM, else a guess.

    When UTF-8 fails, mostly-ASCII text that decodes cleanly as Windows-1252 is taken to be
    Windows-1252; other text is left to charset-normalizer. Raises `InputError` for empty
    input ("empty file") and for binary data ("binary file, not text").
    """
    if not raw:
        raise InputError(source, "empty file")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return _check_text(raw[len(bom):].decode(codec), source)
            except UnicodeDecodeError as exc:
                reason = f"starts with a {codec} byte-order mark but does not decode: {exc.reason}"
                raise InputError(source, reason) from exc
    if b"\x00" in raw:
        raise InputError(source, "binary file, not text")
    try:
        return _check_text(raw.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    western = _try_cp1252(raw)
    if western is not None:
        return _check_text(western, source)
    from charset_normalizer import from_bytes  # imported lazily: only non-UTF-8 input needs it

    best = from_bytes(raw).best()
    if best is None:
        raise InputError(source, "binary file, not text")
    return _check_text(str(best), source)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _try_cp1252(raw: bytes) -> str | None:
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text if c.isalpha()]
    non_ascii = sum(1 for c in letters if not c.isascii())
    if letters and non_ascii / len(letters) <= MAX_CP1252_NON_ASCII_SHARE:
        return text
    return None


def _check_text(text: str, source: str) -> str:
    if text and len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise InputError(source, "binary file, not text")
    return text


def _read_limited(path: Path, limit: int) -> bytes:
    """Read a file, refusing it by its size before reading when it is over `limit`."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(source, f"file is {size:,} bytes, over the limit of {limit:,} bytes")
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(source, f"cannot read file: {exc.strerror or exc}") from exc
    if len(raw) > limit:  # grew since stat, or a device that reports no size
        raise InputError(source, f"file is over the limit of {limit:,} bytes")
    return raw


# --------------------------------------------------------------------------- paths


def read_paths(
    paths: Iterable[Path | str], *, published: dt.date | None = None, text_column: str | None = None
) -> Iterator[Item]:
    """`read_path` over each of `paths` in turn: documents and errors, in input order."""
    for path in paths:
        yield from read_path(Path(path), published=published, text_column=text_column)


#: Records `start` to `stop - 1` of a JSON Lines file (by line number) or a CSV/TSV file (by
#: data row number), both counted from 1 as in the sources' names ("file:line 7", "file:row 7").
Records = tuple[int, int]


def read_path(
    path: Path, *, published: dt.date | None = None, text_column: str | None = None, records: Records | None = None
) -> Iterator[Item]:
    """Read one file, or every report file under a folder (sorted, recursively).

    In a folder, hidden files, README/LICENSE notes and database files are passed over
    silently; named on its own, any file is read or refused with the reason.

    Yields a `Document` per report and an `InputError` per file, line, row or item that
    cannot be read; nothing is raised for bad input. `published` is used only for documents
    that carry no date of their own. `text_column` names the CSV/JSON field holding the text.

    `records` (a file, not a folder) reads one slice of a JSON Lines or CSV/TSV file (see
    `count_records`): `tally.scale` cuts a large file into such slices. An error of the whole
    file (unreadable, no text column) is reported by the slice starting at record 1 alone.
    """
    path = Path(path)
    if path.is_dir():
        for file in _walk(path):
            yield from _read_file(file, published, text_column)
    elif path.exists():
        yield from _read_file(path, published, text_column, records)
    else:
        yield InputError(str(path), "no such file or directory")


def count_records(path: Path) -> int | None:
    """How many records `read_path` numbers in a JSON Lines file (its lines) or a CSV/TSV file
    (its data rows); None for any other file, and for one that cannot be read whole (its
    error is then reported once, by reading it unsliced)."""
    suffix = path.suffix.lower()
    if suffix not in JSONL_SUFFIXES | CSV_SUFFIXES:
        return None
    try:
        text = decode_bytes(_read_limited(path, MAX_COLLECTION_BYTES), str(path))
    except InputError:
        return None
    if suffix in JSONL_SUFFIXES:
        return len(text.splitlines())
    try:
        return sum(1 for _ in _csv_rows(path, text))
    except csv.Error:
        return None


#: Files in a folder that describe the folder rather than hold a report.
FOLDER_NOTES = ("readme", "license", "licence", "changelog")

#: Database files users keep beside their reports (Tally's own store among them), skipped in
#: a folder like hidden files. SQLite's journal files are the database's name plus a suffix.
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
_DATABASE_JOURNALS = ("", "-wal", "-shm", "-journal")
_DATABASE_ENDINGS = tuple(s + j for s in DATABASE_SUFFIXES for j in _DATABASE_JOURNALS)


def list_files(path: Path) -> list[Path]:
    """The files `read_path` reads for `path`, in its order: a folder's report files, or the
    path itself (a missing one too, which `read_path` then reports). For `tally.scale`, which
    splits the files into partitions before anything is read."""
    return list(_walk(path)) if path.is_dir() else [path]


def _walk(folder: Path) -> Iterator[Path]:
    """Report files under a folder: hidden files, README/LICENSE notes and databases left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not _skipped_in_folder(name):
                yield Path(root) / name


def _skipped_in_folder(name: str) -> bool:
    lowered = name.lower()
    return (
        name.startswith(".") or lowered.startswith(FOLDER_NOTES) or lowered.endswith(_DATABASE_ENDINGS)
    )


def _read_file(path: Path, published: dt.date | None, text_column: str | None,
               records: Records | None = None) -> Iterator[Item]:
    items = _read_items(path, published, text_column, records)
    if records is not None and records[0] > 1:  # a later slice: the first reports the file's own errors
        items = (item for item in items if not (isinstance(item, InputError) and item.source == str(path)))
    yield from items


def _read_items(path: Path, published: dt.date | None, text_column: str | None,
                records: Records | None) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(s for s in SUPPORTED_SUFFIXES if s))
        reason = f"unsupported file type {suffix!r} (supported: {supported}, or no extension)"
        yield InputError(str(path), reason)
        return
    limit = MAX_COLLECTION_BYTES if suffix in _COLLECTION_SUFFIXES else MAX_DOCUMENT_BYTES
    try:
        raw = _read_limited(path, limit)
        if suffix in FEED_SUFFIXES:
            yield from _read_feed(path, raw, published)
            return
        text = decode_bytes(raw, str(path))
        if suffix in TEXT_SUFFIXES:
            yield _read_plain(path, raw, text, published)
        elif suffix in HTML_SUFFIXES:
            yield _read_html(path, raw, text, published)
        elif suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, text, published, text_column, records)
        elif suffix in JSON_SUFFIXES:
            yield from _read_json(path, text, published, text_column)
        else:
            yield from _read_csv(path, text, published, text_column, records)
    except InputError as exc:
        yield exc


# --------------------------------------------------------------------------- plain text


def _read_plain(path: Path, raw: bytes, text: str, published: dt.date | None) -> Document:
    """A text file: an optional `Key: value` header block, else a title line, then the body."""
    source = str(path)
    header, body = _split_header(text)
    if header:
        title = header.get("title")
        if title and normalise_text(body):
            if not normalise_text(body).startswith(normalise_text(title)):
                body = f"{title}\n\n{body}"  # the title stays in the text, as without a header
        elif title:
            body = title
        return make_document(
            body,
            title=title,
            publisher=header.get("publisher") or header.get("source"),
            url=header.get("url"),
            published=_resolve_date(header.get("published"), published, source),
            origin=source,
            raw=raw,
            language=header.get("language") or "en",
        )
    normalised = normalise_text(text)
    title = _title_line(normalised)
    return make_document(normalised, title=title, published=published, origin=source, raw=raw)


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """The header fields and the rest of the text, or ({}, text) when there is no header.

    A header is one or more known `Key: value` lines at the very top, ended by a blank line.
    """
    lines = text.lstrip("\ufeff").splitlines()
    fields: dict[str, str] = {}
    for number, line in enumerate(lines):
        if not line.strip():
            if fields:
                return fields, "\n".join(lines[number + 1:])
            return {}, text
        match = _HEADER_LINE.match(line)
        key = match["key"].lower() if match else None
        if key not in _HEADER_FIELDS:
            return {}, text
        fields.setdefault(_HEADER_FIELDS[key], match["value"])
    return {}, text


def _title_line(normalised: str) -> str | None:
    first, blank, rest = normalised.partition("\n\n")
    if blank and rest and "\n" not in first and len(first) < MAX_TITLE_CHARS and not first.endswith("."):
        return first
    return None


# --------------------------------------------------------------------------- HTML and feeds


def _read_html(path: Path, raw: bytes, html: str, published: dt.date | None) -> Document:
    """An HTML page: its main text, with the title, site, URL, date and language it declares."""
    source = str(path)
    page = parse_page(html, source)
    return make_document(
        page.text,
        title=page.title,
        publisher=page.publisher,
        url=page.url,
        published=_resolve_date(page.date_text, published, source),
        origin=source,
        raw=raw,
        language=page.language,
    )


def _read_feed(path: Path, raw: bytes, published: dt.date | None) -> Iterator[Item]:
    """RSS 2.0 items or Atom entries, one document each; a bad item is an error of its own."""
    for entry in parse_feed(raw, str(path)):
        try:
            yield make_document(
                entry.text,
                title=entry.title,
                publisher=entry.publisher,
                url=entry.url,
                published=_resolve_date(entry.date_text, published, entry.source),
                origin=entry.source,
            )
        except InputError as exc:
            yield exc


# --------------------------------------------------------------------------- records


def _record_document(
    record: Mapping[str, Any],
    source: str,
    published: dt.date | None,
    text_column: str | None,
) -> Document:
    """A document from one JSON object or CSV row, keys matched case-insensitively."""
    fields = {str(key).strip().lower(): value for key, value in record.items() if key is not None}

    def pick(keys: Iterable[str]) -> Any:
        return next((fields[k] for k in keys if fields.get(k) not in (None, "")), None)

    text_keys = (text_column.strip().lower(),) if text_column else TEXT_KEYS
    present = [k for k in text_keys if k in fields]
    if not present:
        wanted = ", ".join(text_keys)
        reason = f"no text field (looked for {wanted}); fields present: {', '.join(fields)}"
        raise InputError(source, reason)
    text = fields[present[0]]
    if not isinstance(text, str):
        raise InputError(source, f"field {present[0]!r} is {type(text).__name__}, not text")
    if len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise InputError(source, f"text is over the limit of {MAX_DOCUMENT_BYTES:,} bytes")
    record_id = pick(ID_KEYS)
    origin = f"{source} (id {record_id})" if record_id is not None else source
    return make_document(
        text,
        title=pick(TITLE_KEYS),
        publisher=pick(PUBLISHER_KEYS),
        url=pick(URL_KEYS),
        published=_resolve_date(pick(DATE_KEYS), published, source),
        origin=origin,
        language=pick(LANGUAGE_KEYS) or "en",
    )


def _read_jsonl(
    path: Path, text: str, published: dt.date | None, text_column: str | None, records: Records | None = None
) -> Iterator[Item]:
    """One JSON object a line; a bad line is an error of its own and reading goes on."""
    start, stop = records or (1, None)
    lines = text.splitlines()[start - 1:None if stop is None else stop - 1]
    for number, line in enumerate(lines, start=start):
        if line.strip():
            yield from _json_records(line, f"{path}:line {number}", published, text_column)


def _read_json(
    path: Path, text: str, published: dt.date | None, text_column: str | None
) -> Iterator[Item]:
    """One JSON object, or a list of them (origin `file:item N`)."""
    yield from _json_records(text, str(path), published, text_column, whole_file=True)


def _json_records(
    text: str, source: str, published: dt.date | None, text_column: str | None, whole_file: bool = False
) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f" at line {exc.lineno}" if whole_file else ""
        yield InputError(source, f"not valid JSON: {exc.msg}{where}")
        return
    if whole_file and isinstance(data, list):
        records = [(f"{source}:item {number}", record) for number, record in enumerate(data, start=1)]
    else:
        records = [(source, data)]
    for record_source, record in records:
        try:
            if not isinstance(record, dict):
                raise InputError(record_source, f"a JSON {type(record).__name__}, not an object")
            yield _record_document(record, record_source, published, text_column)
        except InputError as exc:
            yield exc


def _csv_rows(path: Path, text: str) -> csv.DictReader[str]:
    """The data rows of a CSV or TSV text, as dicts by the header row's names."""
    tsv = path.suffix.lower() == ".tsv"
    return csv.DictReader(
        io.StringIO(text, newline=""),
        delimiter="\t" if tsv else ",",
        quoting=csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL,  # TSV does not quote
    )


def _read_csv(
    path: Path, text: str, published: dt.date | None, text_column: str | None, records: Records | None = None
) -> Iterator[Item]:
    """One document per row; row N counts data rows from 1, after the header row."""
    start, stop = records or (1, None)
    reader = _csv_rows(path, text)
    columns = [name for name in (reader.fieldnames or []) if name is not None]
    lowered = [name.strip().lower() for name in columns]
    wanted = (text_column.strip().lower(),) if text_column else TEXT_KEYS
    if not any(key in lowered for key in wanted):
        looked_for = ", ".join(TEXT_KEYS)
        what = f"column {text_column!r}" if text_column else f"text column (looked for {looked_for})"
        raise InputError(str(path), f"no {what}; columns present: {', '.join(columns) or 'none'}")
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if number + 1 >= start:  # an earlier slice's error is that slice's to report
                reason = f"CSV does not parse ({exc}); the rows after it are not read"
                yield InputError(f"{path}:row {number + 1}", reason)
            return
        number += 1
        if number < start:
            continue
        if stop is not None and number >= stop:
            return
        if not any(value and value.strip() for value in row.values() if isinstance(value, str)):
            continue
        try:
            yield _record_document(row, f"{path}:row {number}", published, text_column)
        except InputError as exc:
            yield exc
