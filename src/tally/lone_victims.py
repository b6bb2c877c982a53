"""One dead person named without a count: "killed a park ranger", "a policeman was killed".

When a death word gives no count, `tally.tolls` asks here whether it falls on one person: the
singular object of an active death word, or the singular subject of a passive one. A plural
("killed the police") or an amount ("a number of") says nothing; an animal says no one died.
"""

from __future__ import annotations

import re

from tally.analysis import Analysis, Sentence
from tally.nlp import Hit
from tally.records import Span
from tally.victims import is_passive

#: Words after "a" that make a count or an amount, not one person ("a number of", "a few").
_NOT_ONE = {"number", "total", "few", "couple", "dozen", "handful", "unknown", "series", "lot", "score", "group",
            "bomb", "roadside", "suicide", "car", "mine", "blast"}
#: Plural heads with no "-s": "killed the police", "the crew".
_PLURAL_HEADS = {"people", "police", "men", "women", "children", "youth", "staff", "personnel", "crew", "militia",
                 "family", "villagers", "folk", "cattle", "livestock", "sheep", "group", "gang", "couple"}
#: Where a noun phrase after "the" ends.
_PHRASE_END = {"of", "in", "at", "on", "near", "from", "who", "that", "which", "with", "and", "or", "by", "after",
               "during", "as", "before", "outside", "inside", "for", "while", "when", "to", "into", "over", "under"}
#: Words that may stand between a singular auxiliary and the death word ("was shot and killed").
_BETWEEN_WAS = {"reportedly", "allegedly", "also", "later", "then", "subsequently", "confirmed", "found", "and",
                "shot", "stabbed", "beaten", "kidnapped", "abducted", "tortured", "burnt", "burned", "attacked",
                "hacked", "lynched", "was", "being", "been", "has", "had"}


def animal_object(analysis: Analysis, sentence: Sentence, trigger: Hit, animals: re.Pattern[str]) -> bool:
    """True when an active death word's object is an animal: "shot and killed an ox",
    "killed and burned more than a dozen sheep"."""
    if is_passive(analysis, trigger):
        return False
    doc, start = analysis.doc, trigger.end
    if start + 1 < sentence.tok_end and doc[start].lower_ == "and" and doc[start + 1].lower_.endswith("ed"):
        start += 2  # "killed and burned more than a dozen sheep"
    end = _phrase_end(analysis, sentence, start)
    return end > start and bool(animals.fullmatch(doc[end - 1].text))


def singular_object(analysis: Analysis, sentence: Sentence, trigger: Hit, animals: re.Pattern[str]) -> Span | None:
    """The one person an active death word falls on: "killed a ranger", "shot him dead"."""
    if is_passive(analysis, trigger) or _singular_aux_before(analysis, sentence, trigger):
        return None
    doc = analysis.doc
    starts = [trigger.end]
    if trigger.text.lower().startswith("to "):  # "burned him to death": the object before it
        acts = [t for t in sentence.triggers if t.end <= trigger.start and trigger.start - t.end <= 5]
        if acts:
            starts.insert(0, acts[-1].end)
    for start in starts:
        i = start
        if i + 1 < sentence.tok_end and doc[i].lower_ == "and" and doc[i + 1].text.lower().endswith("ed"):
            i += 2  # "killed and mutilated a convert"
        if i >= sentence.tok_end:
            continue
        first = doc[i].lower_
        if first in {"him", "her"}:
            return _token_span(analysis, i, i + 1)
        if first in {"a", "an", "one", "the"}:
            end = _phrase_end(analysis, sentence, i + 1)
            words = [t.lower_ for t in doc[i + 1:end]]
            if not words or words[0] in _NOT_ONE or animals.fullmatch(words[-1]):
                continue
            head = words[-1]
            if head in _PLURAL_HEADS or (head.endswith("s") and not head.endswith("ss")):
                continue
            return _token_span(analysis, i, end)
    return None


def _phrase_end(analysis: Analysis, sentence: Sentence, start: int) -> int:
    """Where the noun phrase starting at token `start` ends: at a preposition, a clause
    word, a participle ("an ox belonging to"), punctuation, or after five words."""
    doc, end = analysis.doc, start
    while end < sentence.tok_end and end - start < 5 and doc[end].is_alpha:
        word = doc[end].lower_
        if word in _PHRASE_END or (word.endswith("ing") and end > start):
            break
        end += 1
    return end


def singular_subject(analysis: Analysis, sentence: Sentence, trigger: Hit) -> Span | None:
    """"A policeman in the town of Arish was killed": a passive death word after "was"."""
    i = _singular_aux_before(analysis, sentence, trigger)
    return None if i is None else _token_span(analysis, i, trigger.end)


def _singular_aux_before(analysis: Analysis, sentence: Sentence, trigger: Hit) -> int | None:
    """The token of "was" or "has been" standing before the death word, or None."""
    doc = analysis.doc
    i = trigger.start - 1
    while i >= sentence.tok_start and trigger.start - i <= 5:
        word = doc[i].lower_
        if word in {"was", "is"} or (word == "been" and i > sentence.tok_start and doc[i - 1].lower_ == "has"):
            return i
        if word not in _BETWEEN_WAS:
            return None
        i -= 1
    return None


def _token_span(analysis: Analysis, start: int, end: int) -> Span:
    doc = analysis.doc
    first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    return Span(analysis.document.id, first, last, analysis.document.text[first:last])
