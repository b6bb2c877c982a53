"""Actor mentions: aliases resolved to one canonical actor, generic phrases to the last named.

"IS", "ISIS", "ISIL", "Daesh" and "Islamic State" are one actor; "the terror group" after a
mention of it is that actor too. Generic state forces ("the army", "police"), crowds and
unidentified attackers take a country as ACLED names them: from an adjective of nationality
right before them ("Afghan forces" -> "Military Forces of Afghanistan"), else the report's
country ("gunmen" in a report from Benin -> "Unidentified Armed Group (Benin)").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tally.lexicon import read_table
from tally.nlp import ActorEntry, Hit
from tally.records import Actor, Span
from tally.settings import DATA_DIR
from tally.text import fold

#: Kinds of armed non-state actors that "the group" can refer back to.
GROUP_KINDS = frozenset({"rebel_group", "political_militia", "identity_militia"})
#: Placeholders in canonical names: filled from the country context, or only from an
#: adjective of nationality right before the alias (see actors.tsv).
COUNTRY_SLOT = "{country}"
NATIONALITY_SLOT = "{nationality}"
#: The name ACLED gives a communal group that fights without a name of its own (actors.tsv).
COMMUNAL_MILITIA = "Unidentified Communal Militia"
#: What ACLED calls a communal group named after its village ("Dogbo Communal Militia").
COMMUNAL = "Communal Militia"
_COMMUNAL_NAME = re.compile(r"^(?P<home>.+) Communal Militia(?P<country> \(.+\))?$")
#: Words between a crowd and the village it comes from: "youths from the village of Ganro".
_FROM_WORDS = {"from", "of"}
_SETTLEMENT_WORDS = {"the", "village", "villages", "town", "locality", "hamlet", "community", "neighbouring", "of"}
#: Longest village name, in tokens ("Birni Lafia", "Sinison Gando").
MAX_HOME_TOKENS = 3
#: Capitalised words before a crowd word that are not the name of its village.
_NOT_HOMES = {
    "the", "a", "an", "angry", "local", "some", "many", "several", "other", "armed", "young", "their", "its",
    "hundreds", "dozens", "thousands", "scores", "most", "all", "on", "in", "at", "when", "after", "while",
    "muslim", "muslims", "christian", "christians", "opposition", "party", "ruling", "rival", "two", "three",
}
#: Longest adjective of nationality, in tokens ("Sierra Leonean", "Central African").
MAX_NATIONALITY_TOKENS = 2

#: Aliases of the police that, after an adjective of nationality, name the country's
#: military: ACLED codes bare "security forces" breaking up a protest or making arrests as
#: police, and "Afghan security forces" fighting the Taliban as the army.
_NATIONAL_FORCES = {"security forces", "security personnel"}
_MILITARY = "Military Forces of {country}"

#: Words right before an alias that turn it into a description of something else
#: ("an anti-ISIS website", "pro-government media").
_NEGATING_PREFIXES = {"anti", "pro", "non", "ex", "former"}
#: Words right before an alias that make it describe someone else: a "child soldier" is a
#: group's recruit, not the state's army; "fellow students" are victims' peers.
_DESCRIBING_WORDS = {"child", "boy", "girl", "fellow", "become", "becoming"}
#: Tokens before an alias searched for "being" ("of being a member of an armed group").
DESCRIPTION_WINDOW = 5

#: Country names for "{country}" in canonical names, where the ISO name reads badly.
_COUNTRY_NAMES = {
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "SY": "Syria",
    "IR": "Iran",
    "RU": "Russia",
    "KP": "North Korea",
    "KR": "South Korea",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TZ": "Tanzania",
    "PS": "Palestine",
    "LA": "Laos",
    "MD": "Moldova",
    "CI": "Ivory Coast",
}

#: Countries whose name takes "the" after "of" in ACLED's actor names ("Military Forces of the
#: United States") but not in brackets ("Protesters (United States)").
_WITH_ARTICLE = frozenset({"United States", "United Kingdom", "Netherlands", "Philippines", "United Arab Emirates"})


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One mention of an actor in the text, already resolved to its canonical name."""

    actor: Actor
    named: bool  # False for "the group" and the like
    token_start: int
    token_end: int


def country_label(code: str | None, country_names: dict[str, str]) -> str | None:
    """The country's name as ACLED writes it in actor names."""
    if code is None:
        return None
    return _COUNTRY_NAMES.get(code) or country_names.get(code)


@lru_cache(maxsize=4)
def load_nationalities(data_dir: Path = DATA_DIR) -> Mapping[str, str]:
    """Folded adjectives of nationality ("afghan", "u s") -> country names in actor names."""
    return {fold(row["adjective"]): row["country"] for row in read_table(data_dir / "actor_nationalities.tsv")}


@lru_cache(maxsize=4)
def load_homes(data_dir: Path = DATA_DIR) -> Mapping[str, str]:
    """Canonical actor names -> the country the actor belongs to (`actors.tsv`'s home column)."""
    return {row["name"]: row["home"] for row in read_table(data_dir / "actors.tsv") if row.get("home")}


def home_country(names: Iterable[str], homes: Mapping[str, str] | None = None) -> str | None:
    """The home country of the first named actor that has one ("FARDC" -> DR Congo), if any."""
    homes = load_homes() if homes is None else homes
    return next((homes[name] for name in names if name in homes), None)


def context_country(tokens: list[str], names: Iterable[str], nationalities: Mapping[str, str] | None = None) -> str | None:
    """The country a report with no place in any country is about, from its actors.

    The home of a named actor comes first ("Boko Haram", "AMISOM"), then the first
    adjective of nationality in the report ("Kenyan"); None when neither names one.
    """
    nationalities = load_nationalities() if nationalities is None else nationalities
    return home_country(names) or report_nationality(tokens, nationalities) or report_country(tokens, nationalities)


def report_country(tokens: list[str], nationalities: Mapping[str, str] | None = None) -> str | None:
    """The first country a report names outright, its possessive without an apostrophe
    included ("demonstrated in Benins capital")."""
    nationalities = load_nationalities() if nationalities is None else nationalities
    names = _country_names(tuple(sorted(set(nationalities.values()))))
    for i, token in enumerate(tokens):
        if not token[:1].isupper():
            continue
        for width in (2, 1):
            words = " ".join(tokens[i:i + width])
            country = names.get(fold(words)) or names.get(fold(words).removesuffix("s"))
            if country:
                return country
    return None


@lru_cache(maxsize=4)
def _country_names(countries: tuple[str, ...]) -> dict[str, str]:
    return {fold(c): c for c in countries}


@lru_cache(maxsize=4)
def load_inter_codes(data_dir: Path = DATA_DIR) -> Mapping[str, int]:
    """Actor kinds -> ACLED's inter codes 1-8 (`actor_kinds.tsv`)."""
    return {row["kind"]: int(row["inter"]) for row in read_table(data_dir / "actor_kinds.tsv")}


def qualified(name: str, country: str | None) -> str:
    """A canonical name with its country slot filled, or dropped when no country is known.

    "Unidentified Armed Group ({country})" -> "Unidentified Armed Group (Benin)", or
    "Unidentified Armed Group" without a country.
    """
    if COUNTRY_SLOT not in name:
        return name
    if country:
        return fill_country(name, COUNTRY_SLOT, country)
    return name.replace(f" ({COUNTRY_SLOT})", "").replace(f" of {COUNTRY_SLOT}", "")


def fill_country(name: str, slot: str, country: str) -> str:
    """`slot` in a canonical name replaced by a country, with "the" after "of" where ACLED
    writes one ("Military Forces of the United States")."""
    if country in _WITH_ARTICLE:
        name = name.replace(f" of {slot}", f" of the {slot}")
    return name.replace(slot, country)


def nationality_before(tokens: list[str], start: int, nationalities: Mapping[str, str]) -> str | None:
    """The country an adjective of nationality right before token `start` names, if any."""
    for width in range(MAX_NATIONALITY_TOKENS, 0, -1):
        if start - width < 0:
            continue
        words = tokens[start - width:start]
        if not words[0][:1].isupper():
            continue
        country = nationalities.get(fold(" ".join(words)))
        if country:
            return country
    return None


def report_nationality(tokens: list[str], nationalities: Mapping[str, str]) -> str | None:
    """The first country an adjective of nationality names anywhere in a report."""
    for token in tokens:
        if token[:1].isupper():
            country = nationalities.get(fold(token))
            if country:
                return country
    return None


def resolve_actors(
    hits: list[Hit],
    tokens: list[str],
    document_id: str,
    country: str | None,
    nationalities: Mapping[str, str] | None = None,
) -> list[ActorMention]:
    """Resolve alias hits to canonical actors, in text order.

    `tokens` are the document's token texts (for the prefix and nationality checks);
    `country` is the report's main country name, used for "{country}" in generic names when
    no adjective of nationality stands before the alias (with no country either, the home
    of an actor the report names stands in, else its first such adjective: `context_country`). A generic phrase ("the group") refers to the
    non-state armed actor named most often so far; with none before it, it is dropped
    rather than guessed. A generic word right after a named group ("Taliban militants") is
    part of that name, not a second actor.
    """
    nationalities = load_nationalities() if nationalities is None else nationalities
    fallback: list[str | None] = []  # computed once, on first need
    mentions: list[ActorMention] = []
    named_groups: Counter[str] = Counter()
    groups: dict[str, Actor] = {}
    for hit in hits:
        entry: ActorEntry = hit.entry  # type: ignore[assignment]
        if _negated(hit, tokens):
            continue
        span = Span(document_id, hit.start_char, hit.end_char, hit.text)
        if entry.anaphor:
            if not named_groups:
                continue
            # The group named most often so far: "ISIS is an offshoot of al-Qaeda ... The terror
            # group has executed" is about ISIS, the report's subject, not the last name read.
            referent = groups[named_groups.most_common(1)[0][0]]
            mentions.append(ActorMention(Actor(referent.name, referent.kind, span), False, hit.start, hit.end))
            continue
        generic = COUNTRY_SLOT in entry.name or NATIONALITY_SLOT in entry.name
        if generic and mentions and mentions[-1].token_end == hit.start and mentions[-1].named:
            continue  # "Taliban militants", "Fulani herders": one actor
        name = entry.name
        if generic:
            nation = nationality_before(tokens, hit.start, nationalities)
            if nation is not None and hit.text.lower() in _NATIONAL_FORCES:
                name = _MILITARY
            if NATIONALITY_SLOT in name:
                if nation is None:
                    continue  # "forces" alone names no one
                name = fill_country(name, NATIONALITY_SLOT, nation)
            else:
                if nation is None and country is None:
                    if not fallback:
                        named = (h.entry.name for h in hits if not h.entry.anaphor)  # type: ignore[attr-defined]
                        fallback.append(context_country(tokens, named, nationalities))
                    nation = fallback[0]
                if entry.kind in _CROWD_KINDS and nation is None:
                    name = _with_home(name, home_of(tokens, hit.start, hit.end, nationalities))
                name = qualified(name, nation or country)
        actor = Actor(name, entry.kind, span)
        mentions.append(ActorMention(actor, True, hit.start, hit.end))
        if entry.kind in GROUP_KINDS and not is_unidentified(actor):
            named_groups[actor.name] += 1
            groups.setdefault(actor.name, actor)
    return _without_containers(mentions, tokens)


#: Most tokens between "a group of" and the actor it counts ("a group of ten armed men").
CONTAINER_WINDOW = 3


def _without_containers(mentions: list[ActorMention], tokens: list[str]) -> list[ActorMention]:
    """Mentions less a crowd word that only counts the next actor: "a group of ten
    unidentified armed men" is the armed men, not a crowd beside them."""
    kept = []
    for i, mention in enumerate(mentions):
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            following is not None
            and mention.actor.kind in _CROWD_KINDS
            and not mention.actor.name.startswith(COMMUNAL_MILITIA)
            and mention.token_end < len(tokens)
            and tokens[mention.token_end].lower() == "of"
            and 0 < following.token_start - mention.token_end <= CONTAINER_WINDOW
        ):
            continue
        kept.append(mention)
    return kept


_CROWD_KINDS = frozenset({"rioters", "protesters"})


def _with_home(name: str, home: str | None) -> str:
    """A crowd's canonical name as its village's communal group: "Rioters ({country})" with
    home "Dogbo" -> "Dogbo Communal Militia ({country})"; the name unchanged without a home."""
    if home is None:
        return name
    return f"{home} {COMMUNAL} ({COUNTRY_SLOT})"


def home_of(tokens: list[str], start: int, end: int, nationalities: Mapping[str, str] | None = None) -> str | None:
    """The village a crowd is named after: "residents of Dogbo", "youths from the village of
    Ganro", "people from Pabegou", "Birni Lafia residents", "Sahe-Abigo people".

    ACLED names a communal militia after the community it comes from; the crowd found
    "in" a village is only where the event took place, and stays unnamed.
    """
    nationalities = load_nationalities() if nationalities is None else nationalities
    i = end
    if i < len(tokens) and tokens[i].lower() in _FROM_WORDS:
        i += 1
        while i < len(tokens) and tokens[i].lower() in _SETTLEMENT_WORDS:
            i += 1
        name = _capitalised_run(tokens, i, 1)
        if name:
            return name
    j = start
    words: list[str] = []
    while j > 0 and len(words) < MAX_HOME_TOKENS:
        word = tokens[j - 1]
        if word == "-" and words:
            words.insert(0, word)
            j -= 1
            continue
        if not _is_name_word(word) or fold(word) in nationalities:
            break
        words.insert(0, word)
        j -= 1
    while words and words[0] == "-":
        words.pop(0)
    if not words or j == 0 or tokens[j - 1] in {".", "!", "?", ":", "\n"}:
        return None  # at a sentence's start a capital says nothing
    return " ".join(words).replace(" - ", "-")


def _capitalised_run(tokens: list[str], i: int, step: int) -> str | None:
    words: list[str] = []
    while i < len(tokens) and len(words) < MAX_HOME_TOKENS * 2:
        word = tokens[i]
        if word == "-" and words and i + 1 < len(tokens) and _is_name_word(tokens[i + 1]):
            words.append(word)
        elif _is_name_word(word):
            words.append(word)
        else:
            break
        i += step
    return " ".join(words).replace(" - ", "-") or None


def _is_name_word(word: str) -> bool:
    """A word of a village's name: capitalised, not an acronym ("UPND supporters" are a
    party's), not a word that merely starts a phrase ("Angry residents")."""
    letters = word.replace("-", "")
    return (
        word[:1].isupper() and letters.isalpha() and not (len(letters) > 1 and letters.isupper())
        and word.lower() not in _NOT_HOMES
    )


def _negated(hit: Hit, tokens: list[str]) -> bool:
    if "being" in (t.lower() for t in tokens[max(hit.start - DESCRIPTION_WINDOW, 0):hit.start]):
        return True  # "suspected of being a member of an armed group": what someone is said to be
    if hit.start >= 1 and tokens[hit.start - 1].lower() in _DESCRIBING_WORDS:
        return True
    if hit.start >= 2 and tokens[hit.start - 1] == "-" and tokens[hit.start - 2].lower() in _NEGATING_PREFIXES:
        return True
    return hit.start >= 1 and tokens[hit.start - 1].lower().rstrip("-") in _NEGATING_PREFIXES and tokens[hit.start - 1].endswith("-")


def dominant_group(mentions: list[ActorMention]) -> Actor | None:
    """The named non-state armed actor a report is about: named at least twice, most often.

    Used only for acts a report describes without naming who did them (a group's own
    video showing its members at work). Returns None when no actor stands out.
    """
    counts = Counter(m.actor.name for m in mentions if m.named and m.actor.kind in GROUP_KINDS and not is_unidentified(m.actor))
    if not counts:
        return None
    (name, count), *rest = counts.most_common()
    if count < 2 or (rest and rest[0][1] == count):
        return None
    return next(m.actor for m in mentions if m.actor.name == name)


def is_unidentified(actor: Actor) -> bool:
    """An actor ACLED would code as unidentified ("gunmen", "unknown assailants")."""
    return actor.name.startswith("Unidentified")


def is_crowd(actor: Actor) -> bool:
    """Protesters or rioters: a crowd rather than an armed organisation."""
    return actor.kind in {"protesters", "rioters"}


def is_communal(actor: Actor) -> bool:
    """A communal group ("farmers", "hunters", "residents of Dogbo"): ACLED codes it as a
    communal militia when it attacks or fights, and as a crowd at a protest or riot."""
    return _COMMUNAL_NAME.match(actor.name) is not None


def as_crowd(actor: Actor, crowd: str) -> Actor:
    """A communal group or crowd renamed as the crowd ACLED codes ("Rioters", "Protesters"),
    its country kept: "Dogbo Communal Militia (Benin)" -> "Rioters (Benin)"."""
    match = _COMMUNAL_NAME.match(actor.name)
    if match:
        suffix = match.group("country") or ""
    else:
        suffix = actor.name[actor.name.index(" ("):] if " (" in actor.name else ""
    return Actor(crowd + suffix, crowd.lower(), actor.span)


def as_communal_militia(actor: Actor) -> Actor:
    """A crowd that attacks or fights, named as ACLED's communal militia: its village's if it
    has one ("Dogbo Communal Militia (Benin)"), else "Unidentified Communal Militia (Benin)"."""
    if is_communal(actor):
        return Actor(actor.name, "identity_militia", actor.span)
    suffix = actor.name[actor.name.index(" ("):] if " (" in actor.name else ""
    return Actor(COMMUNAL_MILITIA + suffix, "identity_militia", actor.span)


def unique_actors(actors: Iterable[Actor]) -> tuple[Actor, ...]:
    """Actors with repeated names dropped, the first mention of each kept, in order."""
    seen: dict[str, Actor] = {}
    for actor in actors:
        seen.setdefault(actor.name, actor)
    return tuple(seen.values())
