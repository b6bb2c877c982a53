"""Which of a report's places is the scene of its act, and where a report that names no place lies.

`tally.places` finds and resolves the place names of a text; the event extractor
(`tally.events`) takes the first town of the event's sentences. `located_first` puts first
the towns a locative word introduces ("near Ajdabiya"), over towns whose names only qualify
another noun ("the Benghazi Defence Brigades"). `implied_country` places a report that names
no place at the capital of the one country its nationalities or actors imply, as ACLED codes it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from tally.gazetteer import Gazetteer, read_facility_words
from tally.place_names import FACILITY_MAX_WORDS, Token, demonym_code
from tally.places import PlaceMention, place_of
from tally.records import Place, Span
from tally.settings import DATA_DIR
from tally.text import fold_place


#: Words that introduce where something happened: "in Ajdabiya", "near the town of Kaga",
#: "outside Benghazi". A place named after one of them is the scene; one named bare, before
#: a noun, names something else: "the Benghazi Defence Brigades", "the Mandera-Nairobi route".
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|inside|around|into|between|across|within|on\s+the\s+outskirts\s+of)\s+"
    r"(?:the\s+)?(?:(?:[a-z]+ern\s+)?(?:town|city|village|villages|outskirts|area|district|province|region|state|"
    r"county|suburb|suburbs|locality|commune|department|capital|border\s+town|market\s+town)\s+of\s+)?$",
    re.IGNORECASE,
)
#: The text between two places of one list: "in Assiut, Alexandria, and Suez".
_LIST_GAP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
#: How far back (characters) `_LOCATIVE_BEFORE` looks.
_LOCATIVE_LOOKBEHIND = 40
#: Capitalised words after a place, the last of them captured: "Lupane State University".
_FACILITY_AFTER = re.compile(r"(?:\s+[A-Z][\w'-]*){0,%d}\s+([A-Z][\w'-]*)" % (FACILITY_MAX_WORDS - 1))


@cache
def _packaged_facility_words() -> frozenset[str]:
    return read_facility_words(DATA_DIR)


def located_first(places: list[Place], text: str, facility_words: frozenset[str] | None = None) -> list[Place]:
    """The places in the same order, those a locative word introduces ("in Ajdabiya", and the
    rest of its list: "between Wargadud and Elwak") or that name an institution's seat
    ("Lupane State University") before the others: a town's name that qualifies another noun
    ("Benghazi Defence Brigades", "Abuja-Kaduna Express way", "its Sebha branch") says less
    about where the act happened. `text` holds the places' spans; `facility_words` defaults
    to the packaged `places_facility_words.tsv`."""
    if facility_words is None:
        facility_words = _packaged_facility_words()
    located: list[Place] = []
    others: list[Place] = []
    previous: Place | None = None
    for place in places:
        if place.span is None:
            others.append(place)
            continue
        start = place.span.start
        before = text[max(0, start - _LOCATIVE_LOOKBEHIND):start]
        in_list = (
            previous is not None and previous in located and previous.span is not None
            and previous.span.end <= start and _LIST_GAP.fullmatch(text[previous.span.end:start]) is not None
        )
        seat = _FACILITY_AFTER.match(text, place.span.end)
        seat_named = seat is not None and fold_place(seat.group(1)) in facility_words
        (located if _LOCATIVE_BEFORE.search(before) or in_list or seat_named else others).append(place)
        previous = place
    return located + others


#: ACLED codes a report that names no place at the capital of the country it is about; the
#: note says the country is only implied.
_IMPLIED_NOTE = "no place named: the country its nationalities or actors imply, placed at its capital"


def implied_country(
    code: str, gazetteer: Gazetteer, text: str, tokens: list[Token], actor_spans: list[tuple[int, int]], document_id: str = ""
) -> Place | None:
    """The country a report that names no place is about, as a place at its capital.

    `code` is the one country its adjectives of nationality and its actors' homes imply
    ("Moroccan women protested", "Al Shabaab detonate a car bomb"); `actor_spans` are the
    (start, end) of the actors whose home is `code`. The place's span is the first word that
    implies it. None when the gazetteer lacks the country.
    """
    country = gazetteer.country(code)
    if country is None:
        return None
    spans = [(t.start, t.end) for t in tokens if t.kind == "cap" and demonym_code([t.word], gazetteer) == code]
    spans += actor_spans
    start, end = min(spans) if spans else (0, 0)
    span = Span(document_id, start, end, text[start:end])
    return replace(place_of(country, PlaceMention(span, (country,))), note=_IMPLIED_NOTE)
