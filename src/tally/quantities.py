"""Counts in plain text: digits, number words, ranges, vague quantities and their qualifiers.

`find_quantities` reads every count in a text in one pass of one compiled regular
expression, then checks each candidate against its neighbours to drop what is not a count
of things (years, dates, clock times, percentages, money, distances, ages).

Bounds follow ACLED's conservative coding; the words live in `data/quantities.tsv`:

- "more than / over / at least X"        -> low X, high None
- "up to / as many as / nearly / under X" -> low None, high X (a ceiling, no floor invented)
- "about / around / some X"              -> low = high = X, the qualifier kept
- "between X and Y", "X to Y", "X-Y", "X or Y" -> low X, high Y
- "dozens" 12, "tens" 10, "hundreds" 100, "several" 3 ... -> low = that value, high None
- "a dozen", "two hundred", "2,618"      -> low = high = the value

Who or what is counted is the caller's business: "a man" (one person by an article) is
read by the victims stage, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from collections.abc import Iterable, Mapping

from tally.errors import ConfigError
from tally.records import Quantity, Span
from tally.settings import DATA_DIR

LEXICON_FILE = "quantities.tsv"

#: A bare four-digit number in this range, after a word such as "in" or "since", is a year.
#: Chosen to cover modern reporting and archives; a count this size is written "2,000".
YEAR_RANGE = (1900, 2099)

#: Characters looked at before a number for a year word, a currency or a month name. The
#: longest such mark ("throughout ", "resolution ") fits in it with room for spaces.
CONTEXT_CHARS = 24

#: In a range "X to Y thousand", X takes Y's scale when it is this many times smaller than Y
#: ("two to three thousand" = 2,000-3,000), but "500 to 2 thousand" stays 500-2,000.
RANGE_SCALE_GAP = 10

_Read = tuple[int | None, int | None, str | None, int, int]  # low, high, qualifier, start, end
_ROLES = ("lower", "upper", "approx")
_KINDS = ("number", "scale", "vague", "qualifier", "postfix", "not_after", "not_before", "year_before")

#: Words before "one" that make it a pronoun ("no one", "the one who"), not a count.
_PRONOUN_ONE_BEFORE = re.compile(r"(?<!\w)(?:no|any|every|each|the|this|that|which)\s+\Z", re.IGNORECASE)

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b"
)
#: A number right before a (capitalised) month name is a day of the month: "15 July".
_DAY_BEFORE_MONTH = re.compile(r"\s+(?:of\s+)?" + _MONTH)
#: A number right after a month name is a day or a year: "July 15", "July 2015".
_AFTER_MONTH = re.compile(_MONTH + r"\.?,?\s+\Z")
#: "July 15, 2015": the year after a day and a comma.
_AFTER_DAY_COMMA = re.compile(r"(?<![\d,])\d{1,2}(?:st|nd|rd|th)?,\s*\Z")
#: "2015-07-15", "15/07/2015": a number joined to another by a date separator.
_DATE_JOINED_AFTER = re.compile(r"\s*[-/]\s*\d")


@dataclass(frozen=True, slots=True)
class QuantityLexicon:
    """The words of `data/quantities.tsv`, and the regular expressions built from them."""

    numbers: Mapping[str, int]
    scales: Mapping[str, int]
    vague: Mapping[str, int]
    qualifiers: Mapping[str, str]
    postfixes: Mapping[str, str]
    pattern: re.Pattern[str]
    not_after: re.Pattern[str]
    not_before: re.Pattern[str]
    year_before: re.Pattern[str]


@lru_cache(maxsize=8)
def load_lexicon(data_dir: Path = DATA_DIR) -> QuantityLexicon:
    """Read `quantities.tsv` from `data_dir` and compile its patterns (cached per folder)."""
    path = Path(data_dir) / LEXICON_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the quantity lexicon ({exc.strerror})") from exc
    entries: dict[str, dict[str, str]] = {kind: {} for kind in _KINDS}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[0] not in entries:
            raise ConfigError(f"{path}:{number}: expected 'kind<TAB>phrase<TAB>value' with kind in {_KINDS}")
        kind, phrase, value = fields[0], fields[1].strip().lower(), fields[2].strip()
        entries[kind][phrase] = value
    return _build_lexicon(path, entries)


def _build_lexicon(path: Path, entries: dict[str, dict[str, str]]) -> QuantityLexicon:
    def integers(kind: str) -> Mapping[str, int]:
        try:
            return MappingProxyType({k: int(v) for k, v in entries[kind].items()})
        except ValueError as exc:
            raise ConfigError(f"{path}: a '{kind}' entry needs a whole number: {exc}") from exc

    def roles(kind: str) -> Mapping[str, str]:
        bad = {k: v for k, v in entries[kind].items() if v not in _ROLES}
        if bad:
            raise ConfigError(f"{path}: '{kind}' entries need a role in {_ROLES}, got {bad}")
        return MappingProxyType(dict(entries[kind]))

    numbers, scales, vague = integers("number"), integers("scale"), integers("vague")
    qualifiers, postfixes = roles("qualifier"), roles("postfix")
    for kind in ("number", "scale", "vague", "qualifier"):
        if not entries[kind]:
            raise ConfigError(f"{path}: no '{kind}' entries")
    return QuantityLexicon(
        numbers=numbers,
        scales=scales,
        vague=vague,
        qualifiers=qualifiers,
        postfixes=postfixes,
        pattern=_compile_pattern(numbers, scales, vague, qualifiers, postfixes),
        not_after=_words_pattern(r"\s*(?:", entries["not_after"], r")(?!\w)"),
        not_before=_words_pattern(r"(?<!\w)(?:", entries["not_before"], r")\s*\Z"),
        year_before=_words_pattern(r"(?<!\w)(?:", entries["year_before"], r")[\s-]*\Z"),
    )


def _words_pattern(before: str, phrases: Iterable[str], after: str) -> re.Pattern[str]:
    return re.compile(before + _alternation(phrases) + after, re.IGNORECASE)


def _alternation(phrases: Iterable[str]) -> str:
    """Longest first, so that "more than" wins over "more"; inner spaces match any spacing."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) or r"(?!)"


def _compile_pattern(
    numbers: Mapping[str, int],
    scales: Mapping[str, int],
    vague: Mapping[str, int],
    qualifiers: Mapping[str, str],
    postfixes: Mapping[str, str],
) -> re.Pattern[str]:
    word = r"\b(?:" + _alternation(numbers) + r")\b"
    scale = r"\b(?:" + _alternation(scales) + r")\b"
    plural_scale = r"\b(?:" + _alternation(s + "s" for s in scales) + r")\b"
    after_scale = "|".join(rf"(?<={re.escape(s)})" for s in scales)
    word_number = (
        rf"(?:(?:\ban?\s+|{word}[\s-]+){scale}|{word})"
        rf"(?:(?:[\s-]+|(?:{after_scale})\s+and\s+)(?:{word}|{scale}))*"
    )
    digits = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w%]|[.,:/]\d)"
    card = rf"(?:{digits}(?:\s+{scale})?|{word_number})"
    multiplying = [v for v in vague if v not in qualifiers]  # "some hundred" is "about 100"
    vague_phrase = (
        rf"(?:\b(?:{_alternation(multiplying)})\s+{scale}"
        rf"|\b(?:{_alternation(vague)})(?:(?:\s+of)?\s+{plural_scale})?\b)"
    )
    postfix = rf"(?:(?:\s+|-)(?:{_alternation(postfixes)})\b|\+)"
    return re.compile(
        rf"""(?<![\w/.:,-])(?:
            (?P<between>\bbetween\s+(?P<b1>{card})\s+and\s+(?P<b2>{card}))
          | (?:(?P<qual>\b(?:{_alternation(qualifiers)}))\s+)?
            (?: (?P<r1>{card})(?:(?<=\d)\s*-\s*(?=\d)|\s+(?:to|or)\s+)(?P<r2>{card})
              | (?P<vague>{vague_phrase})(?P<of>\s+of\b)?
              | (?P<num>{card}) )
            (?P<post>{postfix})?
        )""",
        re.IGNORECASE | re.VERBOSE,
    )


def find_quantities(
    text: str, *, offset: int = 0, document_id: str = "", lexicon: QuantityLexicon | None = None
) -> list[Quantity]:
    """Every count in `text`, in order, each with its `Span` in document coordinates.

    `offset` is where `text` starts in its document, so that
    `document.text[q.span.start:q.span.end] == q.span.text`. The span covers the qualifier
    and the number ("more than 2,618"), and a vague quantity's "of" ("dozens of").
    """
    lex = lexicon or load_lexicon()
    found: list[Quantity] = []
    for match in lex.pattern.finditer(text):
        bounds = _read_match(match, text, lex)
        if bounds is None:
            continue
        low, high, qualifier, start, end = bounds
        span = Span(document_id, start + offset, end + offset, text[start:end])
        found.append(Quantity(low=low, high=high, qualifier=qualifier, span=span))
    return found


def parse_quantity(phrase: str, *, lexicon: QuantityLexicon | None = None) -> Quantity | None:
    """The first count in `phrase` ("more than 2,618", "dozens of", "between 10 and 15").

    Returns None when the phrase holds no count. The span is relative to `phrase`.
    """
    found = find_quantities(phrase, lexicon=lexicon)
    return found[0] if found else None


def _read_match(match: re.Match[str], text: str, lex: QuantityLexicon) -> _Read | None:
    """(low, high, qualifier, start, end) for one candidate, or None when it is no count."""
    start, end = match.start(), match.end()
    if _is_excluded(text, start, end, lex):
        return None
    words: list[str] = []
    if match.group("between"):
        first, second = _card_value(match.group("b1"), lex), _card_value(match.group("b2"), lex)
        if first is None or second is None or _is_year_pair(match.group("b1"), match.group("b2")):
            return None
        low, high = _ordered_range(first, second)
        words.append("between")
    elif match.group("r1"):
        read = _read_range(match, text, lex)
        if read is None:
            return None
        low, high, end = read
    elif match.group("vague"):
        low, high = _vague_value(match.group("vague"), lex), None
        words.append(_clean(match.group("vague")))
    else:
        value = _card_value(match.group("num"), lex)
        if value is None or (not match.group("qual") and _is_year(match.group("num"), text, start, end, lex)):
            return None
        pronoun = _PRONOUN_ONE_BEFORE.search(text, max(0, start - CONTEXT_CHARS), start)
        if value[0] == 1 and not match.group("qual") and pronoun:
            return None
        low = high = value[0]
    qualifier = match.group("qual")
    post = match.group("post") if end == match.end() else None
    if qualifier:
        low, high = _apply_role(lex.qualifiers[_clean(qualifier)], low, high)
        words.insert(0, _clean(qualifier))
    if post:
        role = "lower" if post.strip() == "+" else lex.postfixes[_clean(post.lstrip("-"))]
        low, high = _apply_role(role, low, high)
        words.append(_clean(post.lstrip("-")))
    return low, high, " ".join(words) or None, start, end


def _read_range(match: re.Match[str], text: str, lex: QuantityLexicon) -> tuple[int, int, int] | None:
    """(low, high, end) of "X to Y", "X-Y", "X or Y"; a backwards pair keeps X alone."""
    first_text, second_text = match.group("r1"), match.group("r2")
    first, second = _card_value(first_text, lex), _card_value(second_text, lex)
    if first is None:
        return None
    if _is_year_pair(first_text, second_text) or _is_year(first_text, text, match.start(), match.end("r1"), lex):
        return None
    if second is None or second[0] <= first[0] and second[1] <= first[1]:
        return first[0], first[0], match.end("r1")
    low, high = _ordered_range(first, second)
    return low, high, match.end()


def _ordered_range(first: tuple[int, int], second: tuple[int, int]) -> tuple[int, int]:
    """Bounds of a range, giving the first number the second's scale where it lacks one."""
    low, high = first[0], second[0]
    if first[1] == 1 and second[1] > 1 and low * second[1] <= high * RANGE_SCALE_GAP and low < second[1]:
        low *= second[1]
    return min(low, high), max(low, high)


def _apply_role(role: str, low: int | None, high: int | None) -> tuple[int | None, int | None]:
    if role == "lower":
        return low, None
    if role == "upper":
        return None, high
    return low, high


def _card_value(card: str, lex: QuantityLexicon) -> tuple[int, int] | None:
    """(value, largest scale used) of "2,618", "1.5 million", "two hundred and five"."""
    card = card.lower()
    if card[0].isdigit():
        number, _, scale_word = card.partition(" ")
        scale = lex.scales.get(scale_word.strip(), 1)
        value = float(number.replace(",", "")) * scale
        return (int(value), scale) if value == int(value) else None
    total, current, largest = 0, 0, 1
    for token in re.split(r"[\s-]+", card):
        if token in ("a", "an"):
            current = 1
        elif token in lex.numbers:
            current += lex.numbers[token]
        elif token in lex.scales:
            scale = lex.scales[token]
            largest = max(largest, scale)
            if scale < 1000:
                current = (current or 1) * scale
            else:
                total, current = total + (current or 1) * scale, 0
    return total + current, largest


def _vague_value(phrase: str, lex: QuantityLexicon) -> int:
    """"several hundred" = 3 x 100, "tens of thousands" = 10 x 1000, "dozens" = 12."""
    phrase = _clean(phrase)
    for scale_word, scale in lex.scales.items():
        for form in (f" of {scale_word}s", f" {scale_word}s", f" {scale_word}"):
            if phrase.endswith(form) and phrase[: -len(form)] in lex.vague:
                return lex.vague[phrase[: -len(form)]] * scale
    return lex.vague[phrase]


def _is_excluded(text: str, start: int, end: int, lex: QuantityLexicon) -> bool:
    """Money, percentages, clock times, distances, ages and days of the month."""
    before = max(0, start - CONTEXT_CHARS)
    return bool(
        lex.not_after.match(text, end)
        or lex.not_before.search(text, before, start)
        or _DAY_BEFORE_MONTH.match(text, end)
        or _AFTER_MONTH.search(text, before, start)
    )


def _is_year(number: str, text: str, start: int, end: int, lex: QuantityLexicon) -> bool:
    """A bare four-digit number after "in", "since", a month or "15,", or in "2015-07-15"."""
    if not _looks_like_year(number):
        return False
    before = max(0, start - CONTEXT_CHARS)
    return bool(
        lex.year_before.search(text, before, start)
        or _AFTER_DAY_COMMA.search(text, before, start)
        or _DATE_JOINED_AFTER.match(text, end)
    )


def _is_year_pair(first: str, second: str) -> bool:
    """"2014-2015", "between 2014 and 2015", "2014-15": years, not counts."""
    return _looks_like_year(first) and (_looks_like_year(second) or (second.isdigit() and len(second) == 2))


def _looks_like_year(number: str) -> bool:
    return len(number) == 4 and number.isdigit() and YEAR_RANGE[0] <= int(number) <= YEAR_RANGE[1]


def _clean(words: str) -> str:
    return " ".join(words.lower().split())
