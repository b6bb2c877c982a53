"""Token-level helpers of the place finder (`tally.places`): the words of a text, the runs of
capitalised words that may hold a place name, the words that belong to personal names, and
the abbreviations and adjectives of nationality that stand for places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from tally.gazetteer import Entry, Gazetteer
from tally.lexicon import read_table
from tally.settings import DATA_DIR
from tally.text import fold_place

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019\u02bc][^\W\d_]+)*")
#: A token with the text before it: letters and non-letters partition the text, so the gap
#: between two tokens is all non-letters, and `findall` gives what `_TOKEN.finditer` would.
_GAP_AND_TOKEN = re.compile(r"([\W\d_]*)(" + _TOKEN.pattern + ")")
#: The same for a text that is all ASCII (most reports, once normalised): there the letters
#: are A-Z and a-z and the only apostrophe is "'", and the narrow classes scan faster.
_ASCII_GAP_AND_TOKEN = re.compile(r"([^A-Za-z]*+)([A-Za-z]++(?:'[A-Za-z]++)*+)")
#: A possessive ending where it may end a token ("Benin's"): see `tokens_of`.
_POSSESSIVE = re.compile(r"['\u2019\u02bc]s")
_LETTER = re.compile(r"[^\W\d_]")
_second = itemgetter(1)
_kind_of = itemgetter(3)
_CAP = "cap"
_tuple_new = tuple.__new__
#: "I've", "they'll", "don't": a contraction is never a name.
_CONTRACTION = re.compile(r"['\u2019\u02bc](?:ve|ll|re|d|t|m)$", re.IGNORECASE)
#: What may join two tokens of one place name: a space or a hyphen.
JOINERS = (" ", "-")
#: What may join two words of one personal name: a space or a hyphen ("Jean-Pierre").
_NAME_JOINERS = (" ", "-")
#: What may follow a title or an initial inside a personal name: "Sen. Robert C. Byrd".
_AFTER_ABBREVIATION = (". ", " ")


#: "the capital", "Benin's economic capital": the capital city of the country the document
#: names (see `capitals_in`). Not "capital punishment" and the like, nor a "provincial capital".
_CAPITAL = re.compile(
    r"\b(?:the\s+(?:([A-Z]\w+)\s+)?|([A-Z]\w*)['\u2019]s\s+)(?:(?:economic|political|administrative|commercial|national)\s+)?"
    r"(capital)\b(?!\s+(?:punishment|markets?|gains?|flight|investments?|expenditures?|spending|letters?|"
    r"offen[cs]es?|crimes?|cases?|goods|costs?|projects?|budgets?|requirements?|controls?)\b)"
    r"(?:\s+(?:city\s+)?of\s+([A-Z][\w'-]*))?"
)


class Token(NamedTuple):
    """A word of the text; `kind` is "cap", "article", "inner" or "" (ends a run).

    A named tuple: a news report has hundreds of words, and tuples are the cheapest to make.
    """

    start: int
    end: int
    word: str
    kind: str


def tokens_of(text: str, connectors: dict[str, str]) -> list[Token]:
    """The words of `text`, possessives stripped, each with its run kind.

    Runs on every document: `findall` gives each word with the gap before it, offsets are
    summed from their lengths, the kinds come from a memo of each word's kind
    (`_word_kinds`), and the tokens are built in C (`map`), not one by one.
    """
    end = len(text)
    while end and not _LETTER.match(text, end - 1):
        end -= 1  # the trailing non-letters: each failed try would rescan them to the end
    pattern = _ASCII_GAP_AND_TOKEN if text.isascii() else _GAP_AND_TOKEN
    pairs = pattern.findall(text, 0, end)
    if not pairs:
        return []
    bounds = list(accumulate(map(len, chain.from_iterable(pairs))))
    starts = bounds[0::2]
    ends = bounds[1::2]
    words = list(map(_second, pairs))
    # Few words end in a possessive: find the endings in the text, not by testing each word.
    possessives = [match.end() for match in _POSSESSIVE.finditer(text, 0, end)]
    if possessives:
        ending_at = dict(zip(ends, range(len(ends))))
        for stop in possessives:
            i = ending_at.get(stop)
            if i is not None and len(words[i]) > 2:
                words[i] = words[i][:-2]
                ends[i] -= 2
    kinds = list(map(_word_kinds(connectors).__getitem__, words))
    return list(map(_tuple_new, repeat(Token), zip(starts, ends, words, kinds)))


#: Distinct words whose run kind `_WordKinds` remembers before it starts afresh.
WORD_KIND_CACHE_SIZE = 1 << 16
#: Connector tables (one per gazetteer) that keep a memo of word kinds at one time.
_WORD_KIND_TABLES = 4


class _WordKinds(dict):
    """Word -> run kind of `Token` for one connector table, worked out on first sight: a
    news corpus repeats its words, and a dictionary look-up in C beats a test per word."""

    def __init__(self, connectors: dict[str, str]) -> None:
        super().__init__()
        self.connectors = connectors

    def __missing__(self, word: str) -> str:
        if word[0].isupper():
            kind = "" if ("'" in word or "\u2019" in word) and _CONTRACTION.search(word) else "cap"
        else:
            kind = self.connectors.get(word, "")
        if len(self) >= WORD_KIND_CACHE_SIZE:
            self.clear()
        self[word] = kind
        return kind


_word_kind_memos: dict[int, _WordKinds] = {}


def _word_kinds(connectors: dict[str, str]) -> _WordKinds:
    """The memo of word kinds for a connector table (a gazetteer's, never changed)."""
    memo = _word_kind_memos.get(id(connectors))
    if memo is None or memo.connectors is not connectors:
        if len(_word_kind_memos) >= _WORD_KIND_TABLES:
            _word_kind_memos.clear()
        memo = _word_kind_memos[id(connectors)] = _WordKinds(connectors)
    return memo


def runs_of(tokens: list[Token], text: str) -> list[list[Token]]:
    """Maximal sequences of name-like tokens joined by a space or a hyphen, that hold a
    capitalised word.

    Grown from each capitalised word to both sides, so the many words outside any run are
    never visited one by one.
    """
    runs: list[list[Token]] = []
    last = len(tokens) - 1
    covered = -1  # the last token index of the previous run
    for i in compress(range(len(tokens)), map(_CAP.__eq__, map(_kind_of, tokens))):
        if i <= covered:
            continue
        first = covered = i
        while first > 0 and _joined(tokens[first - 1], tokens[first], text):
            first -= 1
        while covered < last and _joined(tokens[covered], tokens[covered + 1], text):
            covered += 1
        runs.append(tokens[first:covered + 1])
    return runs


def _joined(token: Token, following: Token, text: str) -> bool:
    """Whether two tokens in a row are name-like and joined as one name's words are."""
    return bool(token.kind and following.kind) and text[token.end:following.start] in JOINERS


@dataclass(frozen=True, slots=True)
class PersonNames:
    """Where the text's personal names lie.

    `openers`: start offsets of the given names that open a personal name ("Scott" in
    "Scott Walker"); `inside`: start offsets of the other words of personal names ("Walker");
    `words`: the folded words of all of them, for later mentions of the same person ("Walker
    said").
    """

    openers: frozenset[int]
    inside: frozenset[int]
    words: frozenset[str]


def person_names(tokens: list[Token], text: str, person_words: dict[str, str]) -> PersonNames:
    """Personal names: a given name or a title followed by capitalised words."""
    openers: set[int] = set()
    inside: set[int] = set()
    words: set[str] = set()
    for k, token in enumerate(tokens):
        if token.kind != "cap":
            continue
        kind = person_words.get(token.word.casefold())
        if kind is None:
            continue
        j = k + 1
        while j < len(tokens) and tokens[j].kind == "cap":
            previous = tokens[j - 1]
            gap = text[previous.end:tokens[j].start]
            after_abbreviation = (j == k + 1 and kind == "title") or len(previous.word) == 1
            if not (gap in _NAME_JOINERS or (after_abbreviation and gap in _AFTER_ABBREVIATION)):
                break
            inside.add(tokens[j].start)
            words.add(tokens[j].word.casefold())
            j += 1
        if j > k + 1 and kind == "given":
            openers.add(token.start)
            words.add(token.word.casefold())
    return PersonNames(frozenset(openers), frozenset(inside - openers), frozenset(words))


def abbreviations_in(text: str, gazetteer: Gazetteer) -> list[tuple[int, int, list[Entry]]]:
    """(start, end, entries) of the place abbreviations written in `text` ("W.Va.", "U.S.")."""
    pattern = gazetteer.abbreviation_pattern
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        rows, comma_only = gazetteer.abbreviations[match.group()]
        if comma_only and not text[:match.start()].rstrip(" ").endswith(","):
            continue
        found.append((match.start(), match.end(), gazetteer.entries(rows)))
    return found


def demonym_code(words: list[str], gazetteer: Gazetteer) -> str | None:
    """The country an adjective or noun of nationality names ("Russian", "Palestinians",
    "Sri Lankan"), or None."""
    key = fold_place(" ".join(words))
    code = gazetteer.demonyms.get(key)
    if code is None and key.endswith("s"):
        code = gazetteer.demonyms.get(key[:-1])
    return code


def capitals_in(text: str, gazetteer: Gazetteer) -> list[tuple[int, int, tuple[Entry, ...], bool]]:
    """(start, end, capital cities, whether a country is named) of each "capital" that stands
    for a capital city. "The Afghan capital", "Benin's capital" and "the capital of Benin" name
    their country's; a bare "the capital" may be any (the place finder keeps the one of a
    country the document names); "the capital of Porto-Novo" names the town, not a capital."""
    if "capital" not in text:
        return []
    found = []
    for match in _CAPITAL.finditer(text):
        named = match.group(1) or match.group(2)
        if match.group(4):
            if not any(e.feature == "country" for e in gazetteer.lookup(match.group(4))):
                continue
            named = match.group(4)
        start, end = match.span(3)
        if named is None:
            found.append((start, end, gazetteer.capital_cities(), False))
            continue
        code = demonym_code([named], gazetteer) or next(
            (e.country_code for e in gazetteer.lookup(named) if e.feature == "country"), None
        )
        capital = tuple(c for c in gazetteer.capital_cities() if c.country_code == code) if code else ()
        if capital:
            found.append((start, end, capital, True))
    return found


#: How many capitalised words may stand between a place name and the institution it
#: qualifies: "Lira Central Police Station", "Kabale Trinity College".
FACILITY_MAX_WORDS = 3


def names_facility(run: list[Token], end: int, facility_words: frozenset[str]) -> bool:
    """Whether the rest of the run after a name is the name of an institution the place
    holds: a few capitalised words, the last of them a facility noun ("Medical Centre")."""
    rest = run[end:]
    while rest and rest[-1].kind != "cap":
        rest = rest[:-1]  # a connector that ended the run: "Benghazi Medical Centre on 23 June"
    if not rest or len(rest) > FACILITY_MAX_WORDS or any(t.kind != "cap" for t in rest):
        return False
    return fold_place(rest[-1].word) in facility_words


def bare_possessives(tokens: list[Token], gazetteer: Gazetteer) -> list[tuple[int, int, tuple[Entry, ...]]]:
    """(start, end, countries) of the countries written with a possessive that lost its
    apostrophe ("Benins capital", "in front of Benins electoral commission"): a capitalised
    word that names nothing, whose stem without the final "s" names a country."""
    found = []
    for token in compress(tokens, map(_CAP.__eq__, map(_kind_of, tokens))):
        word = token.word
        if not word.endswith("s") or len(word) < 5:
            continue
        stem = fold_place(word[:-1])
        if gazetteer.has_key(fold_place(word)) or not gazetteer.has_key(stem):
            continue
        countries = tuple(e for e in gazetteer.lookup_key(stem) if e.feature == "country")
        if countries:
            found.append((token.start, token.end - 1, countries))
    return found


@lru_cache(maxsize=4)
def outlet_words(data_dir: Path = DATA_DIR) -> tuple[frozenset[str], frozenset[str]]:
    """(first words, last words) of news outlets' names (`places_outlet_words.tsv`), folded."""
    rows = read_table(Path(data_dir) / "places_outlet_words.tsv")
    first = frozenset(fold_place(r["word"]) for r in rows if r["position"] == "first")
    last = frozenset(fold_place(r["word"]) for r in rows if r["position"] == "last")
    return first, last


def outlet_parts(run: list[Token], words: tuple[frozenset[str], frozenset[str]]) -> list[tuple[int, int]]:
    """(first, end) token ranges of a run that are shaped like a news outlet's name: two or
    more capitalised words in a row, the last an outlet word ("Niger Valley Times") or the
    first one that opens such names ("Radio Mogadishu"). Place names inside them are the
    outlet's, not the report's."""
    first, last = words
    parts = []
    i = 0
    while i < len(run):
        if run[i].kind != "cap":
            i += 1
            continue
        end = i
        while end < len(run) and run[end].kind == "cap":
            end += 1
        if end - i >= 2 and (fold_place(run[end - 1].word) in last or fold_place(run[i].word) in first):
            parts.append((i, end))
        i = end
    return parts
