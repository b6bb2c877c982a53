"""Victims: who an act was done to, how many, and in which category.

A victim word counts as the target of a trigger when it stands where the target of that
trigger stands: after an active verb ("shot a suspected spy", "killing 12 civilians"),
before a passive one ("three soldiers were killed"), after "of" for a noun ("the
abduction of 20 pupils"). Perpetrators stand in the other place, so "the boy continues to
shoot the man" gives the man as victim and not the boy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tally.analysis import Analysis, Sentence
from tally.nlp import Hit, VictimWord
from tally.records import Quantity, Span, Victims

#: Tokens between a trigger and its target that still count as adjacent. Calibrated on the
#: seed article and examples/ ("shooting a suspected Iraqi spy in the head": 3 tokens).
TARGET_WINDOW = 8

#: Death words whose victims stand before them ("three soldiers dead").
_STATE_WORDS = {"dead", "died", "bodies"}
#: Participles that are passive when nothing follows them ("12 people killed in the raid").
_REDUCED_PASSIVE = {"killed", "wounded", "injured", "abducted", "kidnapped", "executed", "shot"}
_PASSIVE_AUX = {"was", "were", "been", "being", "be", "is", "are", "got"}
_SINGULAR_DETERMINERS = {"a", "an", "the", "one", "another", "this", "that"}
_OWN_MEMBERS = re.compile(r"\b(?:its|their) own (?:members|fighters|men|ranks)\b", re.IGNORECASE)
#: A reporting verb between a word and a death word starting a new clause ("speak to
#: journalists, said the hospital had received 15 bodies"): the word is not the victim.
_REPORTING = re.compile(r"\b(?:said|says|told|reported|according)\b", re.IGNORECASE)
#: Vague words that give no count a documenter would record as a number of victims.
_UNCOUNTED = {"several", "some", "many", "a few", "few", "a number of", "numerous"}


@dataclass(frozen=True, slots=True)
class Target:
    """A victim phrase attached to a trigger."""

    victims: Victims
    explicit_count: bool  # the text gave a number, not just "a man"
    definite: bool  # "the man", "them": refers back to someone already named


def is_passive(analysis: Analysis, trigger: Hit) -> bool:
    """True when the trigger is a passive participle: "were killed", "was being shot"."""
    tokens = analysis.tokens
    for i in range(trigger.start - 1, max(trigger.start - 3, -1), -1):
        word = tokens[i].lower()
        if word in _PASSIVE_AUX:
            return True
        if word not in {"reportedly", "also", "allegedly", "later", "then", "all"}:
            return False
    return False


def targets(analysis: Analysis, sentence: Sentence, trigger: Hit, excluded: list[tuple[int, int]]) -> list[Target]:
    """The victims of one trigger in its sentence. `excluded` token ranges are perpetrators'."""
    candidates = [h for h in sentence.victims if not any(s <= h.start < e for s, e in excluded)]
    after = [h for h in candidates if 0 <= h.start - trigger.end <= TARGET_WINDOW]
    before = [
        h for h in candidates
        if 0 <= trigger.start - h.end <= TARGET_WINDOW
        and not _REPORTING.search(analysis.document.text[h.end_char:trigger.start_char])
    ]
    word = trigger.text.lower()
    if is_passive(analysis, trigger) or word in _STATE_WORDS:
        chosen = before
    elif word in _REDUCED_PASSIVE and not after:
        chosen = before  # "12 people killed in the attack"
    else:
        chosen = after
    return [_target(analysis, sentence, hit) for hit in chosen]


def _target(analysis: Analysis, sentence: Sentence, hit: Hit) -> Target:
    word: VictimWord = hit.entry  # type: ignore[assignment]
    quantity = _count_before(analysis, sentence, hit)
    phrase_start, description = _phrase(analysis, sentence, hit)
    category = word.category
    if category == "own_member" and not _OWN_MEMBERS.search(description):
        category = "unknown"
    explicit = quantity is not None
    if quantity is None and not word.plural:
        quantity = Quantity(1, 1, None, None)
    span = Span(analysis.document.id, hit.start_char, hit.end_char, hit.text)
    victims = Victims(description, category, quantity or Quantity(), word.child, word.woman, span)
    first = analysis.doc[phrase_start - 1] if phrase_start > sentence.tok_start else None
    definite = first is not None and first.lower_ in {"the", "this", "that", "these", "those"}
    return Target(victims, explicit, definite)


def _count_before(analysis: Analysis, sentence: Sentence, hit: Hit) -> Quantity | None:
    """A count that ends within a few words before the victim word ("12 civilians")."""
    best = None
    for quantity in analysis.quantities(sentence):
        if quantity.span is None or quantity.span.end > hit.start_char:
            continue
        gap = analysis.document.text[quantity.span.end:hit.start_char]
        if len(gap.split()) <= 3 and not re.search(r"[,.;:]", gap.replace("of its own", "")):
            best = quantity
        elif re.fullmatch(r"\s+of (?:its|their) own\s+", gap):
            best = quantity
    if best is not None and (best.qualifier or "").lower() in _UNCOUNTED:
        return None
    return best


#: Modifiers kept in a victim's description ("suspected Iraqi spy", "unarmed young men").
_MODIFIERS = {"several", "young", "elderly", "local", "unarmed", "innocent", "female", "male", "pregnant",
              "displaced", "other", "more", "foreign", "wounded", "civilian", "its", "their", "own", "baby-faced",
              "teenage", "school", "aid", "family"}
#: Longest run of modifiers kept before a victim word.
MAX_MODIFIERS = 3


def _phrase(analysis: Analysis, sentence: Sentence, hit: Hit) -> tuple[int, str]:
    """The victim word with the modifiers right before it ("accused Iraqi spy")."""
    tokens = analysis.doc
    start = hit.start
    while start > sentence.tok_start and start > hit.start - MAX_MODIFIERS:
        previous = tokens[start - 1]
        word = previous.lower_
        modifier = (
            word in _MODIFIERS
            or word.endswith(("ed", "ian", "i", "ese", "ish"))
            and previous.is_alpha
            and word not in {"killed", "injured", "wounded", "abducted", "executed", "shooting", "said", "i"}
        )
        if not modifier:
            break
        start -= 1
    return start, analysis.doc[start:hit.end].text
