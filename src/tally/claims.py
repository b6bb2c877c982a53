"""Claims: aggregate figures a source asserts, kept apart from incidents.

"The terror group has executed more than 2,618 people, including 1,511 civilians, since
last June, according to the Syrian Observatory for Human Rights" is a claim: a total over a
period, never an event, never summed with incidents. A following sentence that only adds
how ("The executions were carried out mostly by beheading, shooting or stoning") adds
methods to the claim before it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tally.actors import unique_actors
from tally.analysis import Analysis, Sentence
from tally.cues import suppressed
from tally.nlp import Hit, Trigger, VictimWord
from tally.records import Breakdown, Claim, Quantity, Source, Span, When

PERIOD = re.compile(
    r"\b(?:since|so far|to date|this year|in total|a total of|(?:over|in|during) the (?:past|last)(?! (?:24|48|\d+) hours)|"
    r"cumulative|overall|altogether|in all)\b",
    re.IGNORECASE,
)
#: A running total in the present perfect ("the group has executed 300 people"): has/have
#: with a killing verb. "had been", "had refused" are narrative past, and "have been killed
#: in Sunday's attack" is a news lead about one event; neither makes a claim. Checked with
#: `tally eval acled` and tests/test_seed.py. "believed to have murdered" is a perfect
#: infinitive: what a victim is said to have done, no total; "claims it has killed 6
#: soldiers in an ambush" is a party's claim of one attack (a total there has its period).
_PERFECT = re.compile(
    r"\b(?<!\bto )(?<!\bclaims it )(?<!\bclaimed it )(?<!\bsays it )(?<!\bsaid it )(?:has|have)\s+(?:also\s+|now\s+|reportedly\s+|so far\s+|allegedly\s+)*"
    r"(?:killed|executed|murdered|massacred|beheaded|abducted|kidnapped|shot dead|slaughtered)\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"^(?:the|these|those|most of the|most)\s+(?:executions|killings|deaths|attacks|victims|abductions)\b"
    r"|\b(?:mostly|mainly|largely|chiefly) (?:by|through|with)\b"
    r"|\b(?:\d[\d,]* of the|most of the|the remaining|the rest of the)\b[^.]*\b(?:killed|deaths|dead|victims)\b",
    re.IGNORECASE,
)
_BREAKDOWN = re.compile(r"\b(?:including|among them|of (?:them|whom)|of which)\b", re.IGNORECASE)

#: Smallest total that reads as an aggregate when the period is stated. One: a monitor's
#: "since January, 3 people" is still a period total, not a happening.
MIN_CLAIM_QUANTITY = 1

_WHAT = {
    "execution": "executions",
    "beheading": "executions",
    "stoning": "executions",
    "hanging": "executions",
    "crucifixion": "executions",
    "abduction": "abductions",
    "sexual violence": "sexual violence",
}


def is_claim_sentence(analysis: Analysis, sentence: Sentence) -> bool:
    """A total over a period ("has executed more than 2,618 people ... since last June")."""
    acts = [t for t in sentence.triggers if t.entry.kind in {"act", "kill"} and not suppressed(analysis, sentence, t)]  # type: ignore[attr-defined]
    if not acts or not analysis.quantities(sentence):
        return False
    counted = [q for q in analysis.quantities(sentence) if (q.low or q.high or 0) >= MIN_CLAIM_QUANTITY]
    if not counted:
        return False
    return bool(PERIOD.search(sentence.text) or _PERFECT.search(sentence.text))


def is_follow_up(sentence: Sentence, previous_was_claim: bool) -> bool:
    """A sentence that only says how the claimed acts were done."""
    return previous_was_claim and bool(_FOLLOW_UP.search(sentence.text))


def extract_claims(analysis: Analysis, claim_sentences: list[Sentence], follow_ups: list[Sentence]) -> list[Claim]:
    """Claims from the sentences the event extractor set aside as claims, in text order."""
    claims: list[Claim] = []
    follow = {s.index for s in follow_ups}
    for sentence in sorted(claim_sentences + follow_ups, key=lambda s: s.index):
        if sentence.index in follow:
            if claims:
                methods = tuple(m for m in dict.fromkeys(claims[-1].methods + _methods(sentence.triggers)) if m != "execution")
                claims[-1] = replace(claims[-1], methods=methods, evidence=claims[-1].evidence + (_span(analysis, sentence),))
            continue
        claim = _claim(analysis, sentence, len(claims), claims[-1] if claims else None)
        if claim:
            claims.append(claim)
    return claims


def _claim(analysis: Analysis, sentence: Sentence, number: int, previous: Claim | None) -> Claim | None:
    quantities = analysis.quantities(sentence)
    breakdown_at = _BREAKDOWN.search(sentence.text)
    split = sentence.start + breakdown_at.start() if breakdown_at else sentence.end
    totals = [q for q in quantities if q.span and q.span.start < split]
    if not totals:
        return None
    total = totals[0]
    rest = [q for q in quantities if q.span and q.span.start >= split]
    victim_words = [h for h in sentence.victims if total.span and h.start_char >= total.span.end]
    category = _category_after(analysis, total, victim_words)
    breakdown = tuple(Breakdown(_category_after(analysis, q, victim_words), q.low, q.high) for q in rest)
    perpetrators = tuple(m.actor for m in sentence.actors) or (previous.perpetrators if previous else ())
    period = _period(analysis, sentence) or (previous.period if previous else When())
    source = _source(sentence) or (previous.source if previous else None)
    return Claim(
        id=f"{analysis.document.id}-c{number + 1}",
        document_id=analysis.document.id,
        what=_what(sentence.triggers),
        quantity=total,
        perpetrators=unique_actors(perpetrators),
        victim_category=category,
        breakdown=breakdown,
        period=period,
        methods=tuple(m for m in _methods(sentence.triggers) if m != "execution"),
        source=source,
        evidence=(_span(analysis, sentence),),
    )


def _category_after(analysis: Analysis, quantity: Quantity, victim_words: list[Hit]) -> str:
    """The category of the victim word right after a count ("1,511 civilians")."""
    if quantity.span is None:
        return "unknown"
    for hit in victim_words:
        gap = analysis.document.text[quantity.span.end:hit.start_char]
        if hit.start_char >= quantity.span.end and len(gap.split()) <= 4:
            word: VictimWord = hit.entry  # type: ignore[assignment]
            if word.category == "own_member" and not re.search(r"\b(?:its|their) own\b", gap):
                return "unknown"
            return word.category
    return "unknown"


def _period(analysis: Analysis, sentence: Sentence) -> When | None:
    dates = analysis.dates(sentence)
    since = [d for d in dates if (d.qualifier or "").lower().startswith("since")]
    if since:
        return since[0]
    return dates[0] if dates else None


def _source(sentence: Sentence) -> Source | None:
    for link in sentence.links:
        return link.upstream
    return None


def _what(triggers: list[Hit]) -> str:
    for hit in triggers:
        entry: Trigger = hit.entry  # type: ignore[assignment]
        if entry.method in _WHAT:
            return _WHAT[entry.method]
    return "killed"


def _methods(triggers: list[Hit]) -> tuple[str, ...]:
    methods = [t.entry.method for t in triggers if t.entry.kind == "act" and t.entry.method]  # type: ignore[attr-defined]
    return tuple(dict.fromkeys(methods))


def _span(analysis: Analysis, sentence: Sentence) -> Span:
    return Span(analysis.document.id, sentence.start, sentence.end, sentence.text)
