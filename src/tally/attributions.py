"""Attributions: who says so, and whom they cite, as a chain back to the primary source.

"Daily Mail reported, citing a report by the website Raqqa Is Being Slaughtered Silently"
gives the link Daily Mail -> Raqqa Is Being Slaughtered Silently. An unnamed description
("an anti-ISIS citizen journalism website") is joined to a named source of the same kind in
the same report. A group's own video or statement, when the report rests on it, is the
primary source at the end of the chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tally.nlp import Hit, SourceEntry
from tally.records import Source, Span

#: Words in an unnamed source's description that tell its kind, most specific first.
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("citizen journalis", "citizen_journalism"),
    ("activist", "citizen_journalism"),
    ("website", "citizen_journalism"),
    ("observatory", "monitoring_group"),
    ("monitor", "monitoring_group"),
    ("rights group", "monitoring_group"),
    ("human rights", "monitoring_group"),
    ("spokesman for the army", "armed_forces"),
    ("army", "armed_forces"),
    ("military", "armed_forces"),
    ("police", "armed_forces"),
    ("governor", "local_official"),
    ("mayor", "local_official"),
    ("official", "local_official"),
    ("ministry", "government"),
    ("government", "government"),
    ("hospital", "humanitarian"),
    ("doctor", "humanitarian"),
    ("medic", "humanitarian"),
    ("aid", "humanitarian"),
    ("red cross", "humanitarian"),
    ("resident", "witness"),
    ("witness", "witness"),
    ("survivor", "witness"),
    ("relative", "witness"),
    ("agency", "wire_agency"),
    ("newspaper", "news_outlet"),
    ("television", "news_outlet"),
    ("broadcaster", "news_outlet"),
    ("media", "news_outlet"),
    ("report", "news_outlet"),
)

_ACCORDING = re.compile(r"\baccording to (?:an? |the )?(?P<desc>(?:[^,.;:\"]|\.(?=\S)){3,90})", re.IGNORECASE)
_CITING = re.compile(
    r"\bciting (?:an? |the )?(?:(?:report|statement|post|account)s? (?:by|from|of) (?:an? |the )?)?(?P<desc>[^.;:\"]{3,120})",
    re.IGNORECASE,
)
_SAID_BY = re.compile(
    r"\b(?P<desc>(?:an? |the )?[A-Za-z][\w' -]{2,60}?),? (?:reported|said|says|reports|told|stated|quoted)\b"
)
_RELEASED_MEDIA = re.compile(
    r"\b(?:released|posted|published|circulated|issued|put out)\b[^.]{0,40}?\b(?P<what>video|footage|statement|photographs|photos|images|recording)\b",
    re.IGNORECASE,
)
_QUALIFIERS = re.compile(r"^(?:(?:[\w.-]+-based|anti-\w+|pro-\w+|local|independent|the|a|an)\s+)+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Link:
    """`reporter` says it, citing `upstream` (None: the report's own words)."""

    reporter: Source | None
    upstream: Source


def kind_of(description: str) -> str:
    """The kind of source an unnamed description points to ("a hospital official")."""
    lowered = description.lower()
    return next((kind for word, kind in _KIND_WORDS if word in lowered), "unknown")


def _named_in(start: int, end: int, sources: list[Hit], document_id: str) -> Source | None:
    for hit in sources:
        if start <= hit.start_char and hit.end_char <= end:
            entry: SourceEntry = hit.entry  # type: ignore[assignment]
            return Source(entry.name, entry.kind, Span(document_id, hit.start_char, hit.end_char, hit.text))
    return None


def _described(match: re.Match[str], offset: int, sources: list[Hit], document_id: str) -> Source | None:
    start, end = match.start("desc") + offset, match.end("desc") + offset
    named = _named_in(start, end, sources, document_id)
    if named:
        return named
    text = match.group("desc").strip()
    kind = kind_of(text)
    if kind == "unknown":
        return None
    name = _QUALIFIERS.sub("", text).strip() or text
    return Source(name, kind, Span(document_id, start, end, match.group("desc")))


def find_links(sentence: str, offset: int, sources: list[Hit], document_id: str) -> list[Link]:
    """The attribution links one sentence states. `sources` are the report's source hits."""
    links: list[Link] = []
    reporter: Source | None = None
    for match in _SAID_BY.finditer(sentence):
        reporter = _described(match, offset, sources, document_id)
        if reporter:
            break
    for match in _CITING.finditer(sentence):
        upstream = _described(match, offset, sources, document_id)
        if upstream:
            links.append(Link(reporter, upstream))
    if reporter and not links:
        links.append(Link(None, reporter))
    for match in _ACCORDING.finditer(sentence):
        source = _described(match, offset, sources, document_id)
        if source:
            links.append(Link(None, source))
    return links


def released_media(sentence: str) -> str | None:
    """"video" when the sentence says a party released a video (or statement, photos)."""
    match = _RELEASED_MEDIA.search(sentence)
    return match.group("what").lower() if match else None


def unify(links: list[Link]) -> list[Link]:
    """Join unnamed sources to the named source of the same kind in the same report."""
    named: dict[str, Source] = {}
    for link in links:
        for source in (link.reporter, link.upstream):
            if source and source.kind != "unknown" and _is_named(source):
                named.setdefault(source.kind, source)

    def settle(source: Source | None) -> Source | None:
        if source is None or _is_named(source):
            return source
        return named.get(source.kind, source)

    return [Link(settle(link.reporter), settle(link.upstream)) for link in links]


def _is_named(source: Source) -> bool:
    return any(word[:1].isupper() for word in source.name.split()[:1]) or source.name.isupper()


def chain(links: list[Link], primary: Source | None = None) -> tuple[Source, ...]:
    """The longest chain of sources, nearest first, with `primary` at its end when given."""
    cites: dict[str, Source] = {}
    sources: dict[str, Source] = {}
    for link in links:
        sources.setdefault(link.upstream.name, link.upstream)
        if link.reporter:
            sources.setdefault(link.reporter.name, link.reporter)
            cites.setdefault(link.reporter.name, link.upstream)
    cited = {s.name for s in cites.values()}
    best: list[Source] = []
    for name in sources:
        if name in cited:
            continue
        path = [sources[name]]
        while path[-1].name in cites and len(path) < 8:
            nxt = cites[path[-1].name]
            if any(s.name == nxt.name for s in path):
                break
            path.append(nxt)
        if len(path) > len(best):
            best = path
    if primary and all(s.name != primary.name for s in best):
        best.append(primary)
    return tuple(best)
