"""Markup: the readable text and the metadata of an HTML page.

`html_to_text` turns a page or a fragment into plain paragraphs; `parse_page` also reads the
title, site, canonical URL, publication date and language a news page declares. Neither
builds a `Document`: `tally.documents` does that from what they return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tally.errors import InputError
from tally.text import normalise_text

#: Elements whose text is never report text: code, navigation, page furniture.
_JUNK_TAGS = [
    "script", "style", "nav", "footer", "noscript", "template", "iframe", "svg", "aside", "form",
]
#: Elements that start a new paragraph in the text.
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table tr td th section article main header "
    "figure figcaption dl dt dd hr address details summary".split()
)
#: Where news sites put the publication date, first present wins (then `<time datetime>`).
_DATE_METAS = tuple(
    f"meta[{attribute}]" for attribute in (
        'property="article:published_time"', 'name="article:published_time"', 'name="date"',
        'name="pubdate"', 'name="publish-date"', 'name="dc.date"', 'itemprop="datePublished"',
    )
)


@dataclass(frozen=True, slots=True)
class Page:
    """What an HTML page says about itself; `date_text` is left for the caller to parse."""

    text: str
    title: str | None
    publisher: str | None
    url: str | None
    date_text: str | None
    language: str


def html_to_text(html: str) -> str:
    """The readable text of an HTML page or fragment: one paragraph per block element.

    Scripts, styles, navigation and footers are dropped. The main `<article>` (else `<main>`,
    else `<body>`) is used when it holds text; broken markup gives whatever text it has.
    """
    from selectolax.lexbor import LexborHTMLParser  # imported lazily: most input is not HTML

    return _tree_text(LexborHTMLParser(html))


def parse_page(html: str, source: str) -> Page:
    """The text and metadata of an HTML page (Open Graph, `<title>`, date metas, `lang`).

    Raises `InputError(source, "no text found in the HTML")` when the page has no text.
    """
    from selectolax.lexbor import LexborHTMLParser  # imported lazily: most input is not HTML

    tree = LexborHTMLParser(html)

    def meta(*selectors: str) -> str | None:
        for selector in selectors:
            node = tree.css_first(selector)
            value = node.attributes.get("content") or node.attributes.get("datetime") if node else None
            if value and value.strip():
                return value.strip()
        return None

    def first_text(selector: str) -> str | None:
        node = tree.css_first(selector)
        return (node.text(strip=True) or None) if node else None

    title = meta('meta[property="og:title"]') or first_text("title") or first_text("h1")
    date_text = meta(*_DATE_METAS, "time[datetime]")
    html_node = tree.css_first("html")
    lang = (html_node.attributes.get("lang") or "") if html_node else ""
    canonical = tree.css_first('link[rel="canonical"]')
    url = meta('meta[property="og:url"]') or (canonical.attributes.get("href") if canonical else None)
    publisher = meta('meta[property="og:site_name"]')
    text = _tree_text(tree)  # after the metadata: it strips tags from the tree
    if not text:
        raise InputError(source, "no text found in the HTML")
    return Page(
        text=text,
        title=title,
        publisher=publisher,
        url=url,
        date_text=date_text,
        language=lang.split("-")[0].lower() or "en",
    )


def _tree_text(tree: Any) -> str:
    tree.strip_tags(_JUNK_TAGS)
    for selector in ("article", "main"):
        candidates = [(len(node.text(strip=True)), node) for node in tree.css(selector)]
        best = max(candidates, key=lambda pair: pair[0], default=(0, None))
        if best[0]:
            return _node_text(best[1])
    root = tree.body or tree.root
    return _node_text(root) if root is not None else ""


def _node_text(node: Any) -> str:
    parts: list[str] = []
    for child in node.traverse(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif child.tag == "br":
            parts.append("\n")
        elif child.tag in _BLOCK_TAGS:
            parts.append("\n\n")
    return normalise_text("".join(parts))
