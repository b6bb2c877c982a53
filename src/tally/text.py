"""Text normalisation shared by documents, lexicons and the gazetteer."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u02bc": "'", "\u02bb": "'", "\u0060": "'", "\u00b4": "'", "\u2039": "'", "\u203a": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u200b": "", "\ufeff": "", "\u00ad": "",
    }
)
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def normalise_text(text: str) -> str:
    """Normalise a document's text: NFC, straight quotes, ASCII hyphens, tidy whitespace.

    Lengths may change, so spans are always taken on the normalised text.
    """
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


_AL_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)[\s-]+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")
_APOSTROPHES = re.compile(r"['\u2019\u02bc\u02bb\u2018`\u00b4\u02be\u02bf]")


def fold_text(text: str) -> str:
    """A key for matching: no accents, no apostrophes or hyphens, lower case.

    "Al-Qa'im", "Al Qā’im" and "al qaim" all fold to "al qaim". For whole documents; names
    go through the memoised `fold`.
    """
    if text.isascii():
        ascii_only = text  # most reports, once normalised: no accents to strip
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_only = _APOSTROPHES.sub("", ascii_only)
    return _NON_WORD.sub(" ", ascii_only.casefold()).strip()


#: Distinct names whose folded keys are remembered: a news corpus repeats its names. Only
#: names go through the cache, never whole documents (see `fold_text`).
FOLD_CACHE_SIZE = 1 << 16
#: Longer strings than this are folded without the cache.
FOLD_CACHE_MAX_CHARS = 200


def fold(name: str) -> str:
    """`fold_text` for names and short phrases, memoised."""
    if len(name) > FOLD_CACHE_MAX_CHARS:
        return fold_text(name)
    return _fold_cached(name)


_fold_cached = lru_cache(maxsize=FOLD_CACHE_SIZE)(fold_text)


@lru_cache(maxsize=FOLD_CACHE_SIZE)
def fold_place(name: str) -> str:
    """`fold`, then drop a leading Arabic article: "Al-Qa'im" and "Qaim" share a key."""
    folded = fold(name)
    return _AL_PREFIX.sub("", folded) or folded
