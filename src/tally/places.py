"""Place mentions: find gazetteer names in text, then resolve each to one `Place`.

`find_places` makes one pass over the text: it splits it into runs of capitalised words
(with "al-", "el-" before and "of", "de", "ez" inside), and in each run tries the longest
word sequence first, looking it up by `tally.text.fold_place` in the gazetteer's key table.
`resolve` ranks each mention's candidates by what the rest of the document says: countries
named or implied, a region named right after the place ("Maiduguri, Borno State"), the kind
of entry (a country named exactly beats a village of the same name), and population.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from tally.gazetteer import Entry, Gazetteer
from tally.records import Place, Span
from tally.text import fold_place

#: ACLED geo-precision per gazetteer feature: 1 the town itself, 3 a first-level region,
#: 4 the country, 5 a region wider than one country. A named region inside one country
#: ("Darfur") is coded like an admin1 region.
PRECISION = {"city": 1, "admin1": 3, "country": 4, "region": 5}
REGION_IN_ONE_COUNTRY_PRECISION = 3

# Ranking weights. Tuned by hand on the examples in tests/test_places.py (rerun them when
# changing these): each signal must outweigh the one below it whatever the populations,
# and log10(population) spans 0..7.3, so the steps are wider than that span.
#: The candidate lies in the admin1 region named right after it ("Paris, Texas").
QUALIFIER_ADMIN1_WEIGHT = 40.0
#: The candidate lies in the country named right after it ("Paris, France").
QUALIFIER_COUNTRY_WEIGHT = 20.0
#: The candidate's country is named or implied elsewhere in the document.
CONTEXT_COUNTRY_WEIGHT = 10.0
#: The candidate's admin1 region is named elsewhere in the document.
CONTEXT_ADMIN1_WEIGHT = 5.0
#: A country or region named exactly beats towns of the same name, even towns in a country
#: the document names ("Jordan" the country, not Jordan, Minnesota, in a report naming the
#: United States): 12 plus a country's log-population (4..9) beats a town's context bonus
#: plus its own (10 + 0..7.3); only a qualifier or a named admin1 region turns it round.
#: The curated regions carry no population, so theirs is 18. An admin1 region beats towns of
#: the same size, and a big city of its own name beats it (CITY_OVER_ADMIN1_MIN_POPULATION).
FEATURE_WEIGHT = {"country": 12.0, "region": 18.0, "admin1": 3.0, "city": 0.0}
#: A city at least this big beats the admin1 region of its own country that shares its
#: name ("Kabul" the city, not Kabul province): provincial capitals that give their name
#: to the province have well over 50,000 people (Kabul, Herat, Kirkuk, Aleppo), while
#: namesake villages of a region ("Borno") have a few thousand.
CITY_OVER_ADMIN1_MIN_POPULATION = 50_000

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019\u02bc][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['\u2019\u02bc]s$")
#: What may join two tokens of one place name: a space or a hyphen.
_JOINERS = (" ", "-")
#: Text between a place and the place that qualifies it: "Maiduguri, Borno", "Karimama (Alibori".
_QUALIFIER_GAP = re.compile(r"\s*,\s*|\s*\(\s*|\s+in\s+")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in a document, with every gazetteer entry it may stand for.

    `qualified_by_next` is set when the next mention follows as a qualifier of this one
    ("Maiduguri, Borno State", "Karimama (Alibori)").
    """

    span: Span
    candidates: tuple[Entry, ...]
    qualified_by_next: bool = False


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    word: str
    kind: str  # "cap", "article", "inner" or "" (ends a run)


def find_places(text: str, gazetteer: Gazetteer, *, offset: int = 0, document_id: str = "") -> list[PlaceMention]:
    """Place names in `text`, longest match first, with spans in document coordinates.

    `offset` is where `text` starts in the document (for sentences). Single words that are
    ordinary English words are skipped: stopwords never enter the gazetteer, and a word
    capitalised only at a sentence start or in a headline, that the text also writes in
    lower case, is not read as a town.
    """
    tokens = _tokens(text, gazetteer.connectors)
    lowercase_words: set[str] | None = None
    mentions: list[PlaceMention] = []
    for run in _runs(tokens, text):
        i = 0
        while i < len(run):
            found = _longest_match(run, i, text, gazetteer)
            if found is None:
                i += 1
                continue
            end, key = found
            if _inside_personal_name(run, i):
                i = end
                continue
            candidates = gazetteer.lookup_key(key)
            if end == i + 1:
                if lowercase_words is None:
                    lowercase_words = {t.word for t in tokens if t.word.islower()}
                candidates = _single_word_candidates(run[i], candidates, lowercase_words)
            if candidates:
                start, stop = run[i].start, run[end - 1].end
                span = Span(document_id, start + offset, stop + offset, text[start:stop])
                mentions.append(PlaceMention(span, tuple(candidates)))
                i = end
            else:
                i += 1
    return _mark_qualifiers(mentions, text, offset)


def countries_named(text: str, gazetteer: Gazetteer) -> set[str]:
    """Country codes that adjectives of nationality imply ("Iraqi", "Syrian"): a hint for `resolve`."""
    codes = set()
    for match in _TOKEN.finditer(text):
        word = match.group()
        if word[0].isupper():
            code = gazetteer.demonyms.get(fold_place(_POSSESSIVE.sub("", word)))
            if code:
                codes.add(code)
    return codes


def resolve(mentions: list[PlaceMention], *, countries_hint: set[str] | frozenset[str] = frozenset()) -> list[Place | None]:
    """One `Place` per mention, in order (None for a mention without candidates).

    Candidates are ranked by, strongest first: the region or country named right after the
    mention, the countries and regions the rest of the document names (including
    `countries_hint`), the kind of entry, and population.
    """
    hint = {code.upper() for code in countries_hint}
    qualifiers = [_qualifier(mentions, i) for i in range(len(mentions))]
    first = [_best(m, q, hint, set()) for m, q in zip(mentions, qualifiers)]
    contributions = [_context_of(m, best) for m, best in zip(mentions, first)]
    places: list[Place | None] = []
    for mention, qualifier in zip(mentions, qualifiers):
        # A name is no context for itself: "Georgia" must not vote for the country Georgia.
        key = fold_place(mention.span.text)
        others = [c for m, c in zip(mentions, contributions) if fold_place(m.span.text) != key]
        countries = hint.union(*(c[0] for c in others))
        regions: set[tuple[str, str]] = set().union(*(c[1] for c in others))
        best = _best(mention, qualifier, countries, regions)
        places.append(_place(best, mention.span) if best else None)
    return places


def _tokens(text: str, connectors: dict[str, str]) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        end = match.end()
        bare = _POSSESSIVE.sub("", word)
        if bare != word and bare:
            word, end = bare, match.start() + len(bare)
        if word[0].isupper():
            kind = "cap"
        else:
            kind = connectors.get(word, "")
        tokens.append(_Token(match.start(), end, word, kind))
    return tokens


def _runs(tokens: list[_Token], text: str) -> list[list[_Token]]:
    """Maximal sequences of name-like tokens joined by a space or a hyphen."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    for token in tokens:
        joined = current and text[current[-1].end:token.start] in _JOINERS
        if token.kind and joined:
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = [token] if token.kind else []
    if current:
        runs.append(current)
    return [run for run in runs if any(t.kind == "cap" for t in run)]


def _longest_match(run: list[_Token], i: int, text: str, gazetteer: Gazetteer) -> tuple[int, str] | None:
    """(end token index, key) of the longest gazetteer name starting at token `i`, if any."""
    first = run[i]
    if first.kind == "article":
        if i + 1 >= len(run) or run[i + 1].kind != "cap" or text[first.end:run[i + 1].start] != "-":
            return None
    elif first.kind != "cap":
        return None
    for end in range(min(len(run), i + gazetteer.max_words), i, -1):
        if run[end - 1].kind != "cap":
            continue
        key = fold_place(text[first.start:run[end - 1].end])
        if gazetteer.has_key(key):
            return end, key
    return None


def _inside_personal_name(run: list[_Token], i: int) -> bool:
    """Whether a match opening with "al-"/"el-" ends a longer name: "Abu Bakr al-Baghdadi".

    Arabic surnames of origin (nisba) look like places; a place itself is not preceded by
    capitalised words that matched nothing ("Deir ez-Zor" matches whole).
    """
    return run[i].kind == "article" and i > 0 and run[i - 1].kind == "cap"


def _single_word_candidates(token: _Token, candidates: list[Entry], lowercase_words: set[str]) -> list[Entry]:
    """Drop readings of one word that are more likely not a place.

    A word the same text also writes in lower case is an ordinary word, capitalised by a
    sentence start or a headline ("Accused Iraqi Spy" beside "the spy"): it may still name
    a country or region, but not a town.
    """
    if len(token.word) > 1 and token.word.isupper():
        # An acronym ("ISIS", "DRC") names a country or region, never a village.
        return [c for c in candidates if c.feature != "city"]
    if token.word.lower() in lowercase_words:
        return [c for c in candidates if c.feature != "city"]
    return candidates


def _mark_qualifiers(mentions: list[PlaceMention], text: str, offset: int) -> list[PlaceMention]:
    marked = []
    for current, following in zip(mentions, mentions[1:] + [None]):
        if following is not None:
            gap = text[current.span.end - offset:following.span.start - offset]
            if _QUALIFIER_GAP.fullmatch(gap):
                current = replace(current, qualified_by_next=True)
        marked.append(current)
    return marked


def _qualifier(mentions: list[PlaceMention], i: int) -> tuple[set[str], set[tuple[str, str]]]:
    """Countries and (country, admin1) regions that the next mention names, if it qualifies mention i."""
    if not mentions[i].qualified_by_next or i + 1 >= len(mentions):
        return set(), set()
    following = mentions[i + 1].candidates
    countries = {c.country_code for c in following if c.feature == "country" and c.country_code}
    regions = {(c.country_code, c.name) for c in following if c.feature == "admin1" and c.country_code}
    return countries, regions


def _best(
    mention: PlaceMention,
    qualifier: tuple[set[str], set[tuple[str, str]]],
    countries: set[str],
    regions: set[tuple[str, str]],
) -> Entry | None:
    candidates = _drop_admin1_named_after_cities(mention.candidates)
    if not candidates:
        return None
    q_countries, q_regions = qualifier

    def score(entry: Entry) -> tuple[float, int]:
        value = FEATURE_WEIGHT[entry.feature] + math.log10(1 + entry.population)
        if entry.country_code and (entry.country_code, entry.admin1) in q_regions:
            value += QUALIFIER_ADMIN1_WEIGHT
        elif entry.country_code in q_countries or any(cc == entry.country_code for cc, _ in q_regions):
            value += QUALIFIER_COUNTRY_WEIGHT
        if entry.country_code in countries:
            value += CONTEXT_COUNTRY_WEIGHT
        if (entry.country_code, entry.admin1) in regions:
            value += CONTEXT_ADMIN1_WEIGHT
        return value, -(entry.geonameid or 0)

    return max(candidates, key=score)


def _drop_admin1_named_after_cities(candidates: tuple[Entry, ...]) -> list[Entry]:
    big_cities = {
        (c.country_code, fold_place(c.name))
        for c in candidates
        if c.feature == "city" and c.population >= CITY_OVER_ADMIN1_MIN_POPULATION
    }
    return [
        c for c in candidates
        if not (c.feature == "admin1" and (c.country_code, fold_place(c.name)) in big_cities)
    ]


def _context_of(mention: PlaceMention, best: Entry | None) -> tuple[set[str], set[tuple[str, str]]]:
    """Countries and admin1 regions a mention establishes: a named country or region, or
    the one country all its candidates lie in."""
    countries: set[str] = set()
    regions: set[tuple[str, str]] = set()
    codes = {c.country_code for c in mention.candidates}
    if len(codes) == 1 and None not in codes:
        countries |= codes  # type: ignore[arg-type]
    if best is not None and best.country_code is not None and best.feature != "city":
        countries.add(best.country_code)
        if best.feature == "admin1":
            regions.add((best.country_code, best.name))
    return countries, regions


def _place(entry: Entry, span: Span) -> Place:
    precision = PRECISION[entry.feature]
    if entry.feature == "region" and entry.country_code:
        precision = REGION_IN_ONE_COUNTRY_PRECISION
    return Place(
        name=entry.name,
        geonameid=entry.geonameid,
        country_code=entry.country_code,
        admin1=entry.admin1,
        latitude=entry.latitude,
        longitude=entry.longitude,
        precision=precision,
        span=span,
    )
