"""Actor mentions: aliases resolved to one canonical actor, generic phrases to the last named.

"IS", "ISIS", "ISIL", "Daesh" and "Islamic State" are one actor; "the terror group" after a
mention of it is that actor too. Generic state forces ("the army", "police") take the
report's country: "Military Forces of Iraq".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tally.nlp import ActorEntry, Hit
from tally.records import Actor, Span

#: Words right before an alias that turn it into a description of something else
#: ("an anti-ISIS website", "pro-government media").
_NEGATING_PREFIXES = {"anti", "pro", "non", "ex", "former"}

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


def resolve_actors(
    hits: list[Hit],
    tokens: list[str],
    document_id: str,
    country: str | None,
) -> list[ActorMention]:
    """Resolve alias hits to canonical actors, in text order.

    `tokens` are the document's token texts (for the prefix check); `country` is the
    report's main country name, used for "{country}" in generic state-force names. A
    generic phrase ("the group") refers to the non-state armed actor named most often so far; with none
    before it, it is dropped rather than guessed.
    """
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
        name = entry.name
        if "{country}" in name:
            name = name.replace("{country}", country) if country else name.replace(" ({country})", "").replace(" of {country}", "")
        actor = Actor(name, entry.kind, span)
        mentions.append(ActorMention(actor, True, hit.start, hit.end))
        if entry.kind in {"rebel_group", "political_militia", "identity_militia"} and "{country}" not in entry.name:
            named_groups[actor.name] += 1
            groups.setdefault(actor.name, actor)
    return mentions


def _negated(hit: Hit, tokens: list[str]) -> bool:
    if hit.start >= 2 and tokens[hit.start - 1] == "-" and tokens[hit.start - 2].lower() in _NEGATING_PREFIXES:
        return True
    return hit.start >= 1 and tokens[hit.start - 1].lower().rstrip("-") in _NEGATING_PREFIXES and tokens[hit.start - 1].endswith("-")


def dominant_group(mentions: list[ActorMention]) -> Actor | None:
    """The named non-state armed actor a report is about: named at least twice, most often.

    Used only for acts a report describes without naming who did them (a group's own
    video showing its members at work). Returns None when no actor stands out.
    """
    counts = Counter(
        m.actor.name for m in mentions if m.named and m.actor.kind in {"rebel_group", "political_militia", "identity_militia"}
    )
    if not counts:
        return None
    (name, count), *rest = counts.most_common()
    if count < 2 or (rest and rest[0][1] == count):
        return None
    return next(m.actor for m in mentions if m.actor.name == name)
