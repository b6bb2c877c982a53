"""Tolls: how many people an event's sentences say were killed or wounded.

ACLED's rules: the dead of both sides are summed, a count "including" others is a total
and not a part, a count before an active verb is its subject, not its victims. Read by
`tally.events` for each draft event.
"""

from __future__ import annotations

import re

from tally import cues
from tally.analysis import Analysis, Sentence
from tally.nlp import Hit
from tally.records import Quantity
from tally.victims import is_passive

#: A later sentence that adds a further group of dead ("3 militants were also killed").
_ALSO = re.compile(r"\b(?:also|as well|in addition|on the other side|both sides)\b", re.IGNORECASE)
#: Words between two counts that make the second a part of the first.
_BREAKDOWN_GAP = re.compile(r"\b(?:including|among them|among whom|of whom|of them|incl)\b", re.IGNORECASE)
#: Death verbs that are active when an object follows them.
_ACTIVE_KILLS = {"killed", "kills", "kill", "killing"}
_OBJECT_STARTS = {"a", "an", "the", "his", "her", "their", "its", "one", "two", "three", "four", "five", "six",
                  "seven", "eight", "nine", "ten", "several", "at", "more", "about", "around", "some", "many"}


def deaths(analysis: Analysis, sentences: list[Sentence], triggers: list[Hit]) -> Quantity | None:
    """The dead the event's sentences count, summed over the groups they name.

    ACLED counts the dead of both sides: "killing 5 soldiers; 3 militants were also killed"
    is 8, and "1 policeman and 2 civilians were killed" is 3. Counts in one sentence with
    distinct death words add up; a later sentence adds its count only when it says "also"
    (a headline and a lead repeat one toll, they do not add to it).
    """
    total: Quantity | None = None
    denial: Quantity | None = None
    for sentence in sentences:
        if total is not None and not _ALSO.search(sentence.text):
            continue
        used: set[int] = set()
        for trigger in _of_kind(triggers, sentence, "kill"):
            if cues.negated(analysis, sentence, trigger):
                denial = denial or Quantity(0, 0, "none", None)
                continue
            for quantity in trigger_counts(analysis, sentence, trigger):
                if quantity.span is None or quantity.span.start in used:
                    continue
                used.add(quantity.span.start)
                total = quantity if total is None else _add(total, quantity)
    return total if total is not None else denial


def _of_kind(triggers: list[Hit], sentence: Sentence, kind: str) -> list[Hit]:
    return [
        t for t in triggers
        if t.entry.kind == kind and sentence.tok_start <= t.start < sentence.tok_end  # type: ignore[attr-defined]
    ]


def _add(a: Quantity, b: Quantity) -> Quantity:
    """Two groups of dead together ("5 soldiers" and "2-4 policemen": 7 to 9)."""
    low = (a.low or 0) + (b.low or 0)
    high = (a.high if a.high is not None else a.low or 0) + (b.high if b.high is not None else b.low or 0)
    return Quantity(low, high, a.qualifier, a.span)


def injuries(analysis: Analysis, sentences: list[Sentence], triggers: list[Hit]) -> Quantity:
    """The first count of wounded the sentences give ("wounding at least 60"), else unknown."""
    for sentence in sentences:
        for trigger in _of_kind(triggers, sentence, "injure"):
            if cues.negated(analysis, sentence, trigger):
                return Quantity(0, 0, "none", None)
            counts = trigger_counts(analysis, sentence, trigger)
            if counts:
                return counts[0]
    return Quantity()


def trigger_counts(analysis: Analysis, sentence: Sentence, trigger: Hit) -> list[Quantity]:
    """The count a death or injury word gives, with the groups coordinated with it.

    Before the word ("12 soldiers were killed") the nearest count wins, and one joined to it
    by "and" is added ("1 policeman and 2 civilians were killed"); a count after "including"
    is a part of the one before it. After the word ("killing 12 civilians") the first count
    wins unless a new clause starts ("killed and nine others injured"). A count before an
    active verb with an object is its subject ("a number of villagers killed a thief").
    """
    text = analysis.document.text
    quantities = [q for q in analysis.quantities(sentence) if q.span is not None]
    before: list[Quantity] = []
    for quantity in quantities:
        if quantity.span.end > trigger.start_char:  # type: ignore[union-attr]
            break
        gap = text[quantity.span.end:trigger.start_char]  # type: ignore[union-attr]
        if len(gap.split()) <= 4 and not any(c in gap for c in ",;:") and " and " not in gap:
            before = [quantity]
    if before and _active_with_object(analysis, trigger):
        before = []
    if before:
        first = before[0]
        earlier = [q for q in quantities if q.span.end <= first.span.start]  # type: ignore[union-attr]
        if earlier:
            previous = earlier[-1]
            gap = text[previous.span.end:first.span.start]  # type: ignore[union-attr]
            words_between = [t for t in sentence.triggers if previous.span.end <= t.start_char < first.span.start]  # type: ignore[union-attr]
            if len(gap.split()) <= 5 and not any(c in gap for c in ",;:") and not words_between:
                if _BREAKDOWN_GAP.search(gap):
                    return [previous]  # "12 militants including 2 commanders were killed"
                people = any(previous.span.end <= h.start_char < first.span.start for h in sentence.victims) or any(  # type: ignore[union-attr]
                    previous.span.end <= analysis.doc[m.token_start].idx < first.span.start for m in sentence.actors  # type: ignore[union-attr]
                )
                if people and re.search(r"\band\b", gap):
                    return [previous, first]  # the count before "and" names people too
        return before
    for quantity in quantities:
        if quantity.span.start >= trigger.end_char:  # type: ignore[union-attr]
            gap = text[trigger.end_char:quantity.span.start]  # type: ignore[union-attr]
            if len(gap.split()) <= 3 and not any(c in gap for c in ",;:") and not re.search(r"\band\b", gap):
                return [quantity]
            break
    return []


def _active_with_object(analysis: Analysis, trigger: Hit) -> bool:
    """"villagers killed a thief": an active death verb followed by whom it killed."""
    if trigger.text.lower() not in _ACTIVE_KILLS or is_passive(analysis, trigger):
        return False
    tokens = analysis.tokens
    following = tokens[trigger.end].lower() if trigger.end < len(tokens) else ""
    return following in _OBJECT_STARTS or following.isdigit()
