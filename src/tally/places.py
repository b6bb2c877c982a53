"""Place mentions: find gazetteer names in text, then resolve each to one `Place`.

`find_places` makes one pass over the text: it splits it into runs of capitalised words
(with "al-", "el-" before and "of", "de", "ez" inside), and in each run tries the longest
word sequence first, looking it up by `tally.text.fold_place` in the gazetteer's key table.
`resolve` ranks each mention's candidates by what the rest of the document says: countries
named or implied, a region named right after the place ("Maiduguri, Borno State"), the kind
of entry (a country named exactly beats a village of the same name), and population. A small
town that lies outside the region its sentence names right after it ("the Qalat area of
Kushki Kuhna district, Herat") gives way to that region; "the capital" stands for the capital
of the country the document names; a country alone lies at its capital, as ACLED codes it.
Which mention qualifies which is `tally.place_qualifiers`' business ("Cotonou, Dakar and
Bamako" is a list; in "Ketou (Ketou, Plateau)" the Plateau that holds a Ketou wins). A name
before an institution ("Benghazi Medical Centre") is the place whole, and a country whose
possessive lost its apostrophe ("Benins capital") is still the country.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

from tally.gazetteer import Entry, Gazetteer
from tally.place_names import (
    PersonNames, Token, abbreviations_in, bare_possessives, capitals_in, demonym_code, names_facility, outlet_parts,
    outlet_words, person_names,
    runs_of, tokens_of,
)
from tally.place_qualifiers import (
    BEFORE_QUALIFIER, QUALIFIER_LOOKBEHIND, Qualifier, held_regions, mark_qualifiers, qualifier_of,
)
from tally.records import Place, Span
from tally.text import fold_place

#: ACLED geo-precision per gazetteer feature: 1 the town itself, 3 a first-level region,
#: 4 the country, 5 a region wider than one country. A named region inside one country
#: ("Darfur") is coded like an admin1 region.
PRECISION = {"city": 1, "admin2": 2, "admin1": 3, "country": 4, "region": 5}
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
#: An admin2 region is named with its designator ("Laurel County"): it beats the odd town
#: that lists the same words among its alternate names.
FEATURE_WEIGHT = {"country": 12.0, "region": 18.0, "admin1": 3.0, "admin2": 6.0, "city": 0.0}
#: A city at least this big beats the admin1 region of its own country that shares its
#: name ("Kabul" the city, not Kabul province): provincial capitals that give their name
#: to the province have well over 50,000 people (Kabul, Herat, Kirkuk, Aleppo), while
#: namesake villages of a region ("Borno") have a few thousand.
CITY_OVER_ADMIN1_MIN_POPULATION = 50_000
#: When a document names countries, a town in none of them is taken only if it has at least
#: this many people: US local news names Paris and London, not foreign villages, while
#: "Monsey" in a report from Benin is a Beninese hamlet missing from the gazetteer, not the
#: New York village. Checked on LGL, TR-News and ACLED (`tally eval geo`, `tally eval acled`).
FOREIGN_TOWN_MIN_POPULATION = 100_000
#: A name that only towns of one country bear ("Baardheere", "Ben Gardane") is taken for
#: such a town outside the document's countries from this many people, when those countries
#: come only from nationalities and actors: a Kenyan force's raid in Somalia, or Libyan
#: officials at a Tunisian border town, name the country of the actors, not of the place.
#: A country the document names as a place ("Alibori, Benin") rules such towns out.
UNIQUE_FOREIGN_TOWN_MIN_POPULATION = 10_000
#: A town read from part of an unknown longer name ("Puli" of "Puli Alam") outside the
#: document's countries is kept only if it is a world city ("New York City Council").
PARTIAL_NAME_MIN_POPULATION = 1_000_000

#: ACLED's precision for a place the gazetteer lacks, known only by the region that qualifies
#: it ("Muqur district, Badghis"): 2, part of a region.
UNKNOWN_PLACE_IN_REGION_PRECISION = 2
_IN_REGION_NOTE = "an unknown place in the region that qualifies it"
_NEARBY_REGION_NOTE = "an unknown place in the region its sentence names"
#: How far after a town (characters) a region may stand to say where the town lies: "the
#: Marwa area of Pashtun Zarghun district, Herat" (see `_region_named_nearby`).
NEARBY_REGION_CHARS = 80
#: A country's gazetteer entry lies at its capital (`tally.gazetteer`): ACLED codes a report
#: that names only the country there, and says so.
_COUNTRY_NOTE = "only the country is known: placed at its capital"
_NOTES = {"demonym": "named by an adjective of nationality"}

#: Mention kinds that stand only for a place in a country the document names otherwise: a
#: guessed spelling of a region, and "the capital".
_IN_NAMED_COUNTRY_ONLY = frozenset({"spelling", "capital"})

#: Connectors that join two names rather than the words of one ("Mironge and Taka").
_SEPARATING_CONNECTORS = frozenset({"of", "the", "and", "on", "upon"})
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)

_word_of = attrgetter("word")

_AFTER_QUALIFIER = re.compile(r"\s*(?:[).,;]|$)|\s+(?:province|region|state|department|governorate)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in a document, with every gazetteer entry it may stand for.

    `qualified_by_next` is set when the next mention follows as a qualifier of this one
    ("Maiduguri, Borno State", "Karimama (Alibori)"). `kind` is "name", "abbreviation"
    ("Tenn.", "U.S."), "demonym" ("Russian", "Palestinians": a country by its people) or
    "spelling" (an unknown word read as another spelling of a region: "Urozgan"; it stands
    only in a country the document names otherwise).
    `partial` is set when the name is only part of a longer run of capitalised words that
    the gazetteer does not know ("Puli" in "Puli Alam", "Nawa" in "Nawa-e Barakzayi"):
    such a mention stands for a town only in the document's countries.
    `sentence` numbers the sentences of the text the mentions come from; `as_region` is set
    when the mention stands where a region is named ("..., Nangarhar", "(Alibori)", "Zabul
    province", "Kunduz city"), whatever it resolves to; `designated` when the text calls it
    a place of some kind right after ("the Marwa area", "Jalga district").
    """

    span: Span
    candidates: tuple[Entry, ...]
    qualified_by_next: bool = False
    kind: str = "name"
    partial: bool = False
    sentence: int = 0
    as_region: bool = False
    designated: bool = False


def find_places(
    text: str, gazetteer: Gazetteer, *, offset: int = 0, document_id: str = "", demonyms: bool = False,
    tokens: list[Token] | None = None,
) -> list[PlaceMention]:
    """Place names in `text`, longest match first, with spans in document coordinates.

    `offset` is where `text` starts in the document (for sentences). Single words that are
    ordinary English words are skipped: stopwords never enter the gazetteer, and a word
    capitalised only at a sentence start or in a headline, that the text also writes in
    lower case, is not read as a town. Words of personal names ("David Jones", "Gov. Rick
    Perry", and "Jones" again later) are not places. Abbreviations ("Calif.", "U.S.") are
    places; so, with `demonyms`, are adjectives and nouns of nationality ("Russian").
    `tokens` may pass `tokens_of(text, gazetteer.connectors)` when the caller has it.
    """
    if tokens is None:
        tokens = tokens_of(text, gazetteer.connectors)
    persons = person_names(tokens, text, gazetteer.person_words)
    lowercase_words: set[str] | None = None
    mentions: list[PlaceMention] = []
    outlets = outlet_words()
    for run in runs_of(tokens, text):
        matches = _run_matches(run, text, gazetteer, persons)
        outlet = outlet_parts(run, outlets) if matches and len(run) > 1 else None
        if outlet:  # "Niger Valley Times", "Radio Mogadishu": the outlet's place names, not the report's
            matches = [m for m in matches if not any(a <= m[0] < b for a, b in outlet)]
        if not matches:
            mentions += _region_spelling(run, text, gazetteer, document_id, offset)
            continue
        for i, end, key in matches:
            candidates = gazetteer.lookup_key(key)
            if end == i + 1:
                if lowercase_words is None:
                    lowercase_words = _lowercase_words(tokens, text)
                candidates = _single_word_candidates(run[i], candidates, lowercase_words, persons)
            if candidates:
                start, stop = run[i].start, run[end - 1].end
                span = Span(document_id, start + offset, stop + offset, text[start:stop])
                partial = _is_partial(run, i, end, text, gazetteer)
                mentions.append(PlaceMention(span, tuple(candidates), partial=partial))
    mentions = _add_abbreviations(mentions, text, gazetteer, document_id, offset)
    mentions = _add_bare_possessives(mentions, tokens, text, gazetteer, document_id, offset)
    if "capital" in text:
        mentions = _add_capitals(mentions, text, gazetteer, document_id, offset)
    if demonyms:
        mentions = _add_demonyms(mentions, tokens, text, gazetteer, document_id, offset)
    return mark_qualifiers(mentions, text, offset)


def _lowercase_words(tokens: list[Token], text: str) -> set[str]:
    """The words the text writes in lower case, outside web addresses: the slug of
    ".../monguno-market-raid" does not make "Monguno" an ordinary word."""
    if "://" not in text and "www." not in text:
        return set(filter(str.islower, map(_word_of, tokens)))
    urls = [m.span() for m in _URL.finditer(text)]
    return {t.word for t in tokens if t.word.islower() and not any(a <= t.start < b for a, b in urls)}


def _run_matches(run: list[Token], text: str, gazetteer: Gazetteer, persons: PersonNames) -> list[tuple[int, int, str]]:
    """(first token, end token, key) of the gazetteer names in a run, longest first."""
    matches = []
    i = 0
    while i < len(run):
        found = _longest_match(run, i, text, gazetteer)
        if found is None:
            i += 1
            continue
        end, key = found
        if not (_inside_personal_name(run, i) or _in_person_name(run, i, end, persons)):
            matches.append((i, end, key))
        i = end
    return matches


def _in_person_name(run: list[Token], i: int, end: int, persons: PersonNames) -> bool:
    """A match that is a word of a personal name: "Jones" in "David Jones", or "Scott" in
    "Scott Walker". A place name that a given name opens matches whole ("Glen Burnie")."""
    if run[i].start in persons.inside:
        return True
    return end == i + 1 and run[i].start in persons.openers


def _is_partial(run: list[Token], i: int, end: int, text: str, gazetteer: Gazetteer) -> bool:
    """Whether the match is only part of a longer name: another capitalised word of the run
    adjoins it (through "-e-", "al-", but not through "of" or "and": "Dasht-e-Abdan",
    "Marki Khel"), or a hyphen binds it to more of the same word ("Toti-Chi"). An ordinary
    word capitalised before it opens a sentence, not a name ("In Rusape", "Near Kandi"); the
    name of an institution after it ("Benghazi Medical Centre") is the place's, not more of
    its name (`tally.place_names.names_facility`)."""
    stopwords = gazetteer.stopwords

    def adjoined(k: int, step: int) -> bool:
        while 0 <= k < len(run) and run[k].kind != "cap":
            if run[k].word.casefold() in _SEPARATING_CONNECTORS:
                return False
            k += step
        if step < 0 and 0 <= k < len(run) and fold_place(run[k].word) in stopwords:
            return False
        return 0 <= k < len(run)

    first, last = run[i].start, run[end - 1].end
    hyphen_before = i == 0 and first >= 2 and text[first - 1] == "-" and text[first - 2].isalpha()
    hyphen_after = end == len(run) and last + 1 < len(text) and text[last] == "-" and text[last + 1].isalpha()
    after = adjoined(end, 1) and not names_facility(run, end, gazetteer.facility_words)
    return adjoined(i - 1, -1) or after or hyphen_before or hyphen_after


def _region_spelling(run: list[Token], text: str, gazetteer: Gazetteer, document_id: str, offset: int) -> list[PlaceMention]:
    """An unknown word where a region qualifies a place ("..., Urozgan."), read as another
    spelling of an admin1 region ("Oruzgan") when their consonant skeletons agree."""
    if len(run) > 2 or any(t.kind != "cap" for t in run):
        return []
    start, stop = run[0].start, run[-1].end
    if not (BEFORE_QUALIFIER.search(text, max(0, start - QUALIFIER_LOOKBEHIND), start) and _AFTER_QUALIFIER.match(text, stop)):
        return []
    regions = gazetteer.regions_like(text[start:stop])
    if not regions:
        return []
    span = Span(document_id, start + offset, stop + offset, text[start:stop])
    return [PlaceMention(span, tuple(regions), kind="spelling")]


def _add_abbreviations(
    mentions: list[PlaceMention], text: str, gazetteer: Gazetteer, document_id: str, offset: int
) -> list[PlaceMention]:
    """Abbreviations replace what the words inside them matched ("Kan." is not Ganzhou)."""
    found = abbreviations_in(text, gazetteer)
    if not found:
        return mentions
    kept = [m for m in mentions if not any(s <= m.span.start - offset < e for s, e, _ in found)]
    for start, end, entries in found:
        span = Span(document_id, start + offset, end + offset, text[start:end])
        kept.append(PlaceMention(span, tuple(entries), kind="abbreviation"))
    return sorted(kept, key=lambda m: m.span.start)


def _add_bare_possessives(
    mentions: list[PlaceMention], tokens: list[Token], text: str, gazetteer: Gazetteer, document_id: str, offset: int
) -> list[PlaceMention]:
    """Countries whose possessive lost its apostrophe ("Benins capital": `bare_possessives`)."""
    taken = {m.span.start - offset for m in mentions}
    added = [
        PlaceMention(Span(document_id, start + offset, stop + offset, text[start:stop]), countries)
        for start, stop, countries in bare_possessives(tokens, gazetteer) if start not in taken
    ]
    return sorted(mentions + added, key=lambda m: m.span.start) if added else mentions


def _add_capitals(
    mentions: list[PlaceMention], text: str, gazetteer: Gazetteer, document_id: str, offset: int
) -> list[PlaceMention]:
    """"the capital" (`capitals_in`): of a named country, or of whichever the document names."""
    added = []
    for start, stop, entries, named in capitals_in(text, gazetteer):
        span = Span(document_id, start + offset, stop + offset, text[start:stop])
        added.append(PlaceMention(span, entries, kind="name" if named else "capital"))
    return sorted(mentions + added, key=lambda m: m.span.start) if added else mentions


def _add_demonyms(
    mentions: list[PlaceMention], tokens: list[Token], text: str, gazetteer: Gazetteer, document_id: str, offset: int
) -> list[PlaceMention]:
    """Adjectives and nouns of nationality that no other mention covers, as their country."""
    taken = [(m.span.start - offset, m.span.end - offset) for m in mentions]
    added = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if token.kind != "cap" or any(s < token.end and token.start < e for s, e in taken):
            k += 1
            continue
        pair = k + 1 < len(tokens) and text[token.end:tokens[k + 1].start] == " "
        width, code = 1, None
        if pair:
            code = demonym_code([token.word, tokens[k + 1].word], gazetteer)
            width = 2 if code else 1
        code = code or demonym_code([token.word], gazetteer)
        country = gazetteer.country(code) if code else None
        if country is not None:
            stop = tokens[k + width - 1].end
            span = Span(document_id, token.start + offset, stop + offset, text[token.start:stop])
            added.append(PlaceMention(span, (country,), kind="demonym"))
        k += width
    return sorted(mentions + added, key=lambda m: m.span.start) if added else mentions


def countries_named(text: str, gazetteer: Gazetteer, *, tokens: list[Token] | None = None) -> set[str]:
    """Country codes that adjectives of nationality imply ("Iraqi", "Syrian"): a hint for `resolve`.

    `tokens` may pass `tokens_of(text, gazetteer.connectors)` when the caller has it: its
    words are the same, possessives stripped.
    """
    if tokens is None:
        tokens = tokens_of(text, gazetteer.connectors)
    demonyms = gazetteer.demonyms
    codes = {demonyms.get(fold_place(word)) for word in set(map(_word_of, tokens)) if word[0].isupper()}
    codes.discard(None)
    codes.discard("")
    return codes  # type: ignore[return-value]


def resolve(mentions: list[PlaceMention], *, countries_hint: set[str] | frozenset[str] = frozenset()) -> list[Place | None]:
    """One `Place` per mention, in order (None for a mention without candidates).

    Candidates are ranked by, strongest first: the region or country named right after the
    mention, the countries and regions the rest of the document names (including
    `countries_hint`), the kind of entry, and population. A town is not chosen when the
    region or country that qualifies it holds no town of that name, nor, when the document
    names countries and it lies in none of them, unless it is a big city (or, when only
    nationalities and actors give those countries, a town whose name no other country's
    bears); a partial name stands for a town only in the document's countries. A small town
    outside the region named just after it in its sentence gives way to that region
    (`_region_named_nearby`). A name that nothing resolved gives no context: a rejected name
    of one country's places is read again without it, so two such towns of different
    countries do not reject each other.
    """
    hint = {code.upper() for code in countries_hint}
    qualifiers = [qualifier_of(mentions, i) for i in range(len(mentions))]
    held = [held_regions(mentions, i) for i in range(len(mentions))]
    pools = [_drop_admin1_named_after_cities(m.candidates) for m in mentions]
    first = [_best(m, q, hint, set(), h, candidates=c) for m, q, h, c in zip(mentions, qualifiers, held, pools)]
    contributions = [_context_of(m, best) for m, best in zip(mentions, first)]
    keys = [fold_place(m.span.text) for m in mentions]
    # A name is no context for itself: "Georgia" must not vote for the country Georgia.
    context = _context_of_others(keys, contributions)
    places = [_resolve_one(i, mentions, qualifiers, held, pools, hint, context[keys[i]]) for i in range(len(mentions))]
    retry = [p is None and len({c.country_code for c in m.candidates}) == 1 for p, m in zip(places, mentions)]
    if any(retry):
        # Two small towns of different countries ("Residents of Tchaourou ... Tires were
        # burnt": Tires, Italy) must not veto each other: a name no reading survived gives
        # no context, and a rejected name that only one country's places bear is read again
        # without it. A name of several countries' places stays rejected: it needs context.
        trusted = [c if p is not None else (set(), set()) for c, p in zip(contributions, places)]
        again = _context_of_others(keys, trusted)
        places = [
            _resolve_one(i, mentions, qualifiers, held, pools, hint, again[keys[i]]) if retry[i] else p
            for i, p in enumerate(places)
        ]
    return places


def _resolve_one(
    i: int, mentions: list[PlaceMention], qualifiers: list[Qualifier], held: list[set[tuple[str, str]]],
    pools: list[Sequence[Entry]], hint: set[str], context: tuple[set[str], set[tuple[str, str]]],
) -> Place | None:
    """Mention `i` resolved with `context`, the countries and regions the other mentions give."""
    mention, qualifier = mentions[i], qualifiers[i]
    named, regions = context
    countries = hint | named
    best = _best(mention, qualifier, countries, regions, held[i], candidates=pools[i])
    if best is not None and best.country_code not in countries and (
        mention.kind in _IN_NAMED_COUNTRY_ONLY
        or (mention.partial and best.feature in ("admin1", "admin2") and best.population < PARTIAL_NAME_MIN_POPULATION)
    ):
        # A guessed spelling, "the capital", or a small region's name read from part of an
        # unknown longer name ("Bay" of "Nelson Mandela Bay"): only in a country named otherwise.
        best = None
    if best is not None and best.feature in ("city", "admin2"):
        outside = _outside_named_region(best, mention, qualifier)
        if outside is not None:
            return replace(place_of(outside, mention), precision=UNKNOWN_PLACE_IN_REGION_PRECISION, note=_IN_REGION_NOTE)
        if not _plausible_town(best, mention, qualifier, countries, hinted_only=not named):
            best = None
    if best is not None and best.feature == "city" and not (qualifier[0] or qualifier[1]):
        region = _region_named_nearby(i, best, mentions)
        if region is not None:
            return replace(place_of(region, mention), precision=UNKNOWN_PLACE_IN_REGION_PRECISION, note=_NEARBY_REGION_NOTE)
    return place_of(best, mention) if best else None


def _context_of_others(
    keys: list[str], contributions: list[tuple[set[str], set[tuple[str, str]]]]
) -> dict[str, tuple[set[str], set[tuple[str, str]]]]:
    """For each folded name, the countries and regions (`_context_of`) that the mentions of
    other names establish. Each country and region is counted once with the names that
    give it, not summed over every pair of mentions: a long report names dozens of places."""
    givers: dict[str, set[str]] = {}
    region_givers: dict[tuple[str, str], set[str]] = {}
    for key, (countries, regions) in zip(keys, contributions):
        for code in countries:
            givers.setdefault(code, set()).add(key)
        for region in regions:
            region_givers.setdefault(region, set()).add(key)
    return {
        key: (
            {code for code, names in givers.items() if len(names) > 1 or key not in names},
            {region for region, names in region_givers.items() if len(names) > 1 or key not in names},
        )
        for key in set(keys)
    }


def _outside_named_region(town: Entry, mention: PlaceMention, qualifier: Qualifier) -> Entry | None:
    """The region that qualifies a mention when its best town lies elsewhere in the same
    country: "Muqur district, Badghis" names a district of Badghis that the gazetteer lacks,
    not the town of Muqur in Ghazni. None when the town lies in the region, or no region
    of its country qualifies the mention."""
    q_countries, q_regions, q_entries = qualifier
    if (town.country_code, town.admin1) in q_regions or town.country_code in q_countries:
        return None
    same_country = [e for e in q_entries if e.country_code == town.country_code]
    return same_country[0] if same_country else None


def _region_named_nearby(i: int, town: Entry, mentions: list[PlaceMention]) -> Entry | None:
    """The region named shortly after a town, in the same sentence, when the town lies in
    another region: in "the 'Qalat' area of Kushki Kuhna district, Herat", Qalat is a village
    of Herat that the gazetteer lacks, not the town of Qalat in Zabul.

    Only the first mention after the town, within `NEARBY_REGION_CHARS`, that stands as a
    region and may be an admin1 region counts. None when it is the town's own region, or
    not of the town's country, or when the town is big (`CITY_OVER_ADMIN1_MIN_POPULATION`);
    a name that the text calls an area, a village or a district ("the Marwa area of Pashtun
    Zarghun district, Herat") is the region's whatever town of that name lies elsewhere.
    """
    mention = mentions[i]
    if town.population >= CITY_OVER_ADMIN1_MIN_POPULATION and not mention.designated:
        return None
    for following in mentions[i + 1:]:
        if following.sentence != mention.sentence or following.span.start - mention.span.end > NEARBY_REGION_CHARS:
            return None
        regions = [e for e in following.candidates if e.feature == "admin1"] if following.as_region else []
        if not regions:
            continue
        same = [e for e in regions if e.country_code == town.country_code]
        if any(e.admin1 == town.admin1 for e in same):
            return None
        if same:
            return same[0]
        return regions[0] if mention.designated and len({e.country_code for e in regions}) == 1 else None
    return None


def _plausible_town(
    town: Entry, mention: PlaceMention, qualifier: Qualifier, countries: set[str], *, hinted_only: bool = False
) -> bool:
    """Whether the best town for a mention may stand: see `resolve`. `hinted_only`: the
    document's countries come only from the hint (nationalities, actors), none from a place
    it names: then a name that only towns of one country bear may stand abroad
    (`UNIQUE_FOREIGN_TOWN_MIN_POPULATION`)."""
    q_countries, q_regions, _ = qualifier
    if q_countries or q_regions:
        in_qualifier = town.country_code in q_countries or (town.country_code, town.admin1) in q_regions
        return in_qualifier or any(cc == town.country_code for cc, _ in q_regions)
    if town.country_code in countries:
        return True
    threshold = PARTIAL_NAME_MIN_POPULATION if mention.partial else FOREIGN_TOWN_MIN_POPULATION
    if hinted_only and not mention.partial and all(c.country_code == town.country_code for c in mention.candidates):
        threshold = min(threshold, UNIQUE_FOREIGN_TOWN_MIN_POPULATION)
    return (not countries and not mention.partial) or town.population >= threshold


def _longest_match(run: list[Token], i: int, text: str, gazetteer: Gazetteer) -> tuple[int, str] | None:
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


def _inside_personal_name(run: list[Token], i: int) -> bool:
    """Whether a match opening with "al-"/"el-" ends a longer name: "Abu Bakr al-Baghdadi".

    Arabic surnames of origin (nisba) look like places; a place itself is not preceded by
    capitalised words that matched nothing ("Deir ez-Zor" matches whole).
    """
    return run[i].kind == "article" and i > 0 and run[i - 1].kind == "cap"


def _single_word_candidates(
    token: Token, candidates: list[Entry], lowercase_words: set[str], persons: PersonNames
) -> list[Entry]:
    """Drop readings of one word that are more likely not a place.

    A word the same text also writes in lower case is an ordinary word, capitalised by a
    sentence start or a headline ("Accused Iraqi Spy" beside "the spy"): it may still name
    a country or region, but not a town. So is a word of a personal name the text gives
    elsewhere ("Jones said" after "David Jones").
    """
    if token.word.casefold() in persons.words:
        return [c for c in candidates if c.feature != "city"]
    if len(token.word) > 1 and token.word.isupper():
        # An acronym ("ISIS", "DRC") names a country or region, never a village.
        return [c for c in candidates if c.feature != "city"]
    if token.word.lower() in lowercase_words:
        return [c for c in candidates if c.feature != "city"]
    return candidates


def _best(
    mention: PlaceMention, qualifier: Qualifier, countries: set[str], regions: set[tuple[str, str]],
    held: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
    *, candidates: Sequence[Entry] | None = None,
) -> Entry | None:
    """The best-ranked candidate (see `resolve`); `held`: the regions that hold a town the
    mention qualifies (`tally.place_qualifiers.held_regions`), where an admin1 candidate ranks as if qualified.
    `candidates` may pass `_drop_admin1_named_after_cities(mention.candidates)` when the caller has it."""
    if candidates is None:
        candidates = _drop_admin1_named_after_cities(mention.candidates)
    if not candidates:
        return None
    q_countries, q_regions, _ = qualifier

    def score(entry: Entry) -> tuple[float, int]:
        value = FEATURE_WEIGHT[entry.feature] + math.log10(1 + entry.population)
        if entry.country_code and (entry.country_code, entry.admin1) in q_regions:
            value += QUALIFIER_ADMIN1_WEIGHT
        elif entry.feature == "admin1" and (entry.country_code, entry.admin1) in held:
            value += QUALIFIER_ADMIN1_WEIGHT
        elif entry.country_code in q_countries or any(cc == entry.country_code for cc, _ in q_regions):
            value += QUALIFIER_COUNTRY_WEIGHT
        if entry.country_code in countries:
            value += CONTEXT_COUNTRY_WEIGHT
        if (entry.country_code, entry.admin1) in regions:
            value += CONTEXT_ADMIN1_WEIGHT
        return value, -(entry.geonameid or 0)

    return max(candidates, key=score)


def _drop_admin1_named_after_cities(candidates: tuple[Entry, ...]) -> Sequence[Entry]:
    """Without the admin1 regions named like a big city of their country, or like a bigger
    city abroad ("Porto-Novo" is Benin's capital, not the Cape Verdean municipality)."""
    if not any(c.feature == "admin1" for c in candidates):
        return candidates  # nothing to drop (most mentions): skip the scan for big cities
    big = [c for c in candidates if c.feature == "city" and c.population >= CITY_OVER_ADMIN1_MIN_POPULATION]
    return [
        c for c in candidates
        if not (c.feature == "admin1" and any(
            b.country_code == c.country_code or b.population > c.population for b in big
        ))
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
        if best.feature in ("admin1", "admin2") and best.admin1:
            regions.add((best.country_code, best.admin1))
    return countries, regions


def place_of(entry: Entry, mention: PlaceMention) -> Place:
    """The `Place` a gazetteer entry gives a mention, with ACLED's precision for its kind."""
    precision = PRECISION[entry.feature]
    if entry.feature == "region" and entry.country_code:
        precision = REGION_IN_ONE_COUNTRY_PRECISION
    span = mention.span
    note = _NOTES.get(mention.kind) or (_COUNTRY_NOTE if entry.feature == "country" else None)
    return Place(
        name=entry.name,
        geonameid=entry.geonameid,
        country_code=entry.country_code,
        admin1=entry.coded_admin1 or entry.admin1,
        latitude=entry.latitude,
        longitude=entry.longitude,
        precision=precision,
        note=note,
        span=span,
    )
