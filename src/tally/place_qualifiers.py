"""Which place names qualify which (`tally.places`): "Maiduguri, Borno State", "Karimama
(Alibori)", "Shinwar district, Nangarhar"; and the sentence, region and designator marks
of each mention. A comma between items of a list ("Cotonou, Dakar and Bamako") qualifies
nothing; a big city qualifies its neighbourhoods ("Wentworth, Durban").
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from tally.gazetteer import Entry
from tally.text import fold_place

if TYPE_CHECKING:
    from tally.places import PlaceMention

#: A city this big that qualifies a name puts it in the city's country (see `qualifier_of`);
#: the same size as `tally.places.FOREIGN_TOWN_MIN_POPULATION`.
QUALIFYING_CITY_MIN_POPULATION = 100_000

#: Countries, (country, admin1) regions and admin1 entries that qualify a mention.
Qualifier = tuple[set[str], set[tuple[str, str]], list[Entry]]

#: Text between a place and the place that qualifies it: "Maiduguri, Borno", "Karimama
#: (Alibori", "Shinwar district, Nangarhar", "Tarinkot district in Urozgan".
_QUALIFIER_GAP = re.compile(
    r"\s*,\s*|\s*\(\s*|\s+in\s+|\s+(?:district|province|county|area|city|town|village|region|state|"
    r"department|commune|locality|municipality|LGA)\s*(?:,\s*|\(\s*|in\s+|of\s+)",
    re.IGNORECASE,
)
#: Before and after a word that stands where a region qualifies a place ("..., Urozgan.",
#: "(Cobli, Atacora)", "in Nangarhar province"): there an unknown word is tried as a
#: spelling of an admin1 region.
BEFORE_QUALIFIER = re.compile(r"(?:,|\()\s*$")
#: How far back `BEFORE_QUALIFIER` looks: the comma or bracket and a space or two.
QUALIFIER_LOOKBEHIND = 4
#: Where one sentence ends and another starts, between two mentions.
_SENTENCE_BREAK = re.compile(r"[.!?;][\"'\u201d\u2019)]*\s|\n")
#: A word after a mention that makes it a region: "Zabul province", "Kandahar and Zabul provinces".
_REGION_WORD_AFTER = re.compile(r"\s+(?:provinces?|regions?|states?|departments?|governorates?|city)\b", re.IGNORECASE)
#: A word after a name that calls it a first- or second-level region, not a town:
#: "Sagaing region", "Zabul province", "Borno State" (not "city").
_ADMIN_WORD_AFTER = re.compile(
    r"\s+(?:provinces?|regions?|states?|departments?|governorates?|prefectures?|oblasts?)\b", re.IGNORECASE,
)
#: Words after a name that call it a place below a region: "the Marwa area", "Sare-Sang village".
_DESIGNATOR_AFTER = re.compile(
    r"['\u2019]?\s+(?:areas?|villages?|districts?|locality|localities|towns?|hamlets?|camps?|neighbou?rhoods?|sub-?districts?)\b",
    re.IGNORECASE,
)
#: The same after the rest of a longer name that the gazetteer does not know: "Dasht-e-Abdan area".
_DESIGNATOR_AFTER_REST = re.compile(r"(?:[-\s]+[A-Za-z][\w']*){1,3}?" + _DESIGNATOR_AFTER.pattern, re.IGNORECASE)

#: The rest of a name after its known part: " Park" of "Auckland Park", "-e-Abdan".
_REST_OF_NAME = re.compile(r"(?:[-\s]+(?:[a-z]{1,3}-)?[A-Z][\w']*){1,3}")
#: After the second name of "Cotonou, Dakar and Bamako": the list goes on.
_LIST_GOES_ON = re.compile(r",?\s+(?:and|or)\s+[A-Z]")

def mark_qualifiers(mentions: list[PlaceMention], text: str, offset: int) -> list[PlaceMention]:
    """Set `qualified_by_next`, `sentence` and `as_region` (see `PlaceMention`)."""
    marked = []
    sentence, previous_end = 0, 0
    for current, following in zip(mentions, mentions[1:] + [None]):
        start, end = current.span.start - offset, current.span.end - offset
        if _SENTENCE_BREAK.search(text, previous_end, max(previous_end, start)):
            sentence += 1
        previous_end = end
        as_region = bool(
            BEFORE_QUALIFIER.search(text, max(0, start - QUALIFIER_LOOKBEHIND), start) or _REGION_WORD_AFTER.match(text, end)
        )
        designated = bool(_DESIGNATOR_AFTER.match(text, end) or (current.partial and _DESIGNATOR_AFTER_REST.match(text, end)))
        current = replace(current, sentence=sentence, as_region=as_region, designated=designated)
        if _ADMIN_WORD_AFTER.match(text, end):
            current = _as_admin_region(current)
        if following is not None:
            gap = text[end:following.span.start - offset]
            if current.partial:
                # The rest of a longer name the gazetteer lacks: "Auckland Park, Johannesburg".
                rest = _REST_OF_NAME.match(gap)
                gap = gap[rest.end():] if rest else gap
            if _QUALIFIER_GAP.fullmatch(gap) and not _in_list(gap, text, following.span.end - offset):
                current = replace(current, qualified_by_next=True)
        marked.append(current)
    return marked


def _in_list(gap: str, text: str, following_end: int) -> bool:
    """Whether a comma joins two items of a list, not a place and its region: "in Cotonou,
    Dakar and Bamako", "in Assiut, Alexandria, and Suez" (the name after the comma goes on
    with "and" or "or")."""
    return gap.strip() == "," and _LIST_GOES_ON.match(text, following_end) is not None


def qualifier_of(mentions: list[PlaceMention], i: int) -> Qualifier:
    """Countries, (country, admin1) regions and the admin1 entries that the mentions
    qualifying mention i name.

    Qualifiers chain: in "Porto-Novo (Porto-Novo, Oueme)" the commune and the department
    both qualify the town; a qualifier of the same name as the place adds nothing.
    """
    countries: set[str] = set()
    regions: set[tuple[str, str]] = set()
    entries: list[Entry] = []
    key = fold_place(mentions[i].span.text)
    j = i
    while mentions[j].qualified_by_next and j + 1 < len(mentions):
        j += 1
        if fold_place(mentions[j].span.text) == key:
            continue
        following = mentions[j].candidates
        countries |= {c.country_code for c in following if c.feature == "country" and c.country_code}
        admin1 = [c for c in following if c.feature == "admin1" and c.country_code]
        regions |= {(c.country_code, c.name) for c in admin1}
        entries += admin1
        cities = {c.country_code for c in following if c.feature == "city" and c.population >= QUALIFYING_CITY_MIN_POPULATION}
        if len(cities) == 1 and None not in cities and not admin1:
            # "Wentworth, Durban", "Auckland Park, Johannesburg": a neighbourhood of a big
            # city lies in the city's country, whatever towns abroad bear its name.
            countries |= cities  # type: ignore[arg-type]
    return countries, regions, entries


def held_regions(mentions: list[PlaceMention], i: int) -> set[tuple[str, str]]:
    """The (country, admin1) regions that hold a town of a name that mention i qualifies:
    in "Ketou (Ketou, Plateau)" the Plateau that holds a Ketou is Benin's, not Nigeria's."""
    held: set[tuple[str, str]] = set()
    j = i - 1
    while j >= 0 and mentions[j].qualified_by_next:
        held |= {(c.country_code, c.admin1) for c in mentions[j].candidates if c.feature == "city" and c.country_code and c.admin1}
        j -= 1
    return held


def _as_admin_region(mention: PlaceMention) -> PlaceMention:
    """A mention the text calls a region ("Sagaing region", "Kunar province") stands for a
    region where the name has one: its towns of that name drop out (the town of Sagaing is
    not Sagaing Region, 100 km across). A name with no region keeps its candidates."""
    regions = tuple(e for e in mention.candidates if e.feature in ("admin1", "admin2"))
    return replace(mention, candidates=regions) if regions else mention
