"""Feeds: the items of an RSS 2.0 or Atom feed, as plain text and metadata.

`parse_feed` reads the feed's bytes and returns one `FeedEntry` per RSS item or Atom entry,
with any HTML in the title or body reduced to text. It builds no `Document`:
`tally.documents` does that, so that a bad date in one item is an error for that item alone.
"""

from __future__ import annotations

import codecs
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from tally.errors import InputError
from tally.markup import html_to_text

_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_DATE = "{http://purl.org/dc/elements/1.1/}date"

#: An item's title, link, body (text or markup) and date text, each None when missing.
_Fields = tuple[str | None, str | None, str | None, str | None]


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed item: `source` is "file:item N" (RSS) or "file:entry N" (Atom).

    `text` falls back to the title when the item has no body; it may still be empty.
    `date_text` is left for the caller to parse.
    """

    source: str
    text: str
    title: str | None
    url: str | None
    publisher: str | None
    date_text: str | None


def parse_feed(raw: bytes, source: str) -> list[FeedEntry]:
    """The items of an RSS 2.0 or Atom feed, in feed order.

    Raises `InputError(source, ...)` for an empty file, binary data, XML with entity
    declarations (refused outright against entity-expansion attacks), XML that is not
    well-formed, and XML whose root is neither `<rss>` nor an Atom `<feed>`.
    """
    if not raw.strip():
        raise InputError(source, "empty file")
    if b"<!ENTITY" in raw:  # refuse entity expansion ("billion laughs") outright
        raise InputError(source, "XML with entity declarations is refused")
    if b"\x00" in raw and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(source, "binary file, not text")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise InputError(source, f"not well-formed XML: {exc}") from exc
    if root.tag == f"{_ATOM}feed":
        publisher = _xml_text(root.find(f"{_ATOM}title"))
        found = enumerate(root.iter(f"{_ATOM}entry"), start=1)
        items = [(_atom_fields(entry), f"{source}:entry {n}") for n, entry in found]
    elif root.tag == "rss":
        publisher = _xml_text(root.find("channel/title"))
        found = enumerate(root.iter("item"), start=1)
        items = [(_rss_fields(item), f"{source}:item {n}") for n, item in found]
    else:
        raise InputError(source, f"XML is neither RSS nor Atom (root element <{root.tag}>)")
    return [_entry(fields, item_source, publisher) for fields, item_source in items]


def _entry(fields: _Fields, source: str, publisher: str | None) -> FeedEntry:
    raw_title, link, body, date_text = fields
    title = html_to_text(raw_title) if raw_title and "<" in raw_title else raw_title
    text = html_to_text(body) if body and "<" in body else (body or "")
    if not text.strip():
        text = title or ""
    return FeedEntry(
        source=source,
        text=text,
        title=title,
        url=link,
        publisher=publisher,
        date_text=date_text,
    )


def _rss_fields(item: ET.Element) -> _Fields:
    def child(*tags: str) -> str | None:
        for tag in tags:
            value = _xml_text(item.find(tag))
            if value:
                return value
        return None

    body = child(_CONTENT_ENCODED, "description")
    return child("title"), child("link", "guid"), body, child("pubDate", _DC_DATE)


def _atom_fields(entry: ET.Element) -> _Fields:
    link = None
    for element in entry.findall(f"{_ATOM}link"):
        if element.get("rel", "alternate") == "alternate" and element.get("href"):
            link = element.get("href")
            break
    body = _xml_text(entry.find(f"{_ATOM}content")) or _xml_text(entry.find(f"{_ATOM}summary"))
    date_text = _xml_text(entry.find(f"{_ATOM}published")) or _xml_text(entry.find(f"{_ATOM}updated"))
    return _xml_text(entry.find(f"{_ATOM}title")), link, body, date_text


def _xml_text(element: ET.Element | None) -> str | None:
    """The text inside an element; XHTML content is serialised back to markup for stripping."""
    if element is None:
        return None
    if len(element):
        children = "".join(ET.tostring(child, encoding="unicode") for child in element)
        inner = (element.text or "") + children
        return inner.strip() or None
    return (element.text or "").strip() or None
