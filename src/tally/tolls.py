"""Tolls: how many people an event's sentences say were killed or wounded.

ACLED's rules: the dead of both sides are summed, a count "including" others is a total
and not a part, a count before an active verb is its subject, not its victims. Read by
`tally.events` for each draft event.
"""

from __future__ import annotations

import re

from functools import lru_cache
from pathlib import Path

from tally import cues
from tally.analysis import Analysis, Sentence
from tally.errors import ConfigError
from tally.nlp import Hit
from tally.records import Quantity
from tally.settings import DATA_DIR
from tally.victims import is_passive, targets

#: Words for animals (`data/animals.tsv`): "killed 200 cows" is property destroyed, not a toll.
ANIMALS_FILE = "animals.tsv"
#: Words looked at after a count for an animal ("nine sheep", "forty oxen and sheep",
#: "200 head of cattle"): a count and its noun with at most two modifiers between.
ANIMAL_WINDOW_WORDS = 4

#: A later sentence that adds a further group of dead ("3 militants were also killed").
_ALSO = re.compile(r"\b(?:also|as well|in addition|on the other side|both sides)\b", re.IGNORECASE)
#: Words between two counts that make the second a part of the first.
_BREAKDOWN_GAP = re.compile(r"\b(?:including|among them|among whom|of whom|of them|incl)\b", re.IGNORECASE)
#: Death verbs that are active when an object follows them.
_ACTIVE_KILLS = {"killed", "kills", "kill", "killing"}
#: "5 soldiers were killed or wounded": a count of casualties, the dead among them unknown.
_KILLED_OR_WOUNDED = re.compile(r"\A\s+(?:or|and/or|and)\s+(?:wounded|injured)\b", re.IGNORECASE)
#: Words between a death word and a victim word that put the victim outside its object or
#: subject ("killed five oxen belonging to a man", "the killing of the farmer's son").
_DETACHING = re.compile(r"\b(?:belonging|owned|of|to|for|after|because|who|which|that|from|by)\b|[,;:]", re.IGNORECASE)
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
    livestock_only = False
    animals = _animal_pattern(DATA_DIR)
    for sentence in sentences:
        if total is not None and not _ALSO.search(sentence.text):
            continue
        used: set[int] = set()
        for trigger in _deadly(triggers, sentence):
            if cues.negated(analysis, sentence, trigger):
                denial = denial or Quantity(0, 0, "none", None)
                continue
            if _KILLED_OR_WOUNDED.match(analysis.document.text, trigger.end_char):
                continue
            counts = _counts(analysis, sentence, trigger, animals)
            livestock_only = livestock_only or (not counts and _kills_livestock(analysis, sentence, trigger, animals))
            for quantity in counts:
                if quantity.span is None or quantity.span.start in used:
                    continue
                used.add(quantity.span.start)
                total = quantity if total is None else _add(total, quantity)
    if total is None and denial is None and livestock_only:
        return Quantity(0, 0, None, None)  # "soldiers killed 200 cows": no one died
    return total if total is not None else denial


def _deadly(triggers: list[Hit], sentence: Sentence) -> list[Hit]:
    """Death words, and acts that kill by definition ("shot dead", "beheaded")."""
    return [t for t in _of_kind(triggers, sentence, "kill") + _of_kind(triggers, sentence, "act") if t.entry.fatal]  # type: ignore[attr-defined]


def _counts(analysis: Analysis, sentence: Sentence, trigger: Hit, animals: re.Pattern[str]) -> list[Quantity]:
    """The groups of dead one death word gives: its counts of people, else its victims.

    A count before an act that kills ("a number of villagers burned alive") is its subject
    unless the act is passive; counts of animals are never a toll.
    """
    counts = trigger_counts(analysis, sentence, trigger)
    if trigger.entry.kind == "act" and not is_passive(analysis, trigger):  # type: ignore[attr-defined]
        counts = [q for q in counts if q.span is not None and q.span.start >= trigger.end_char]
    people = [q for q in counts if not _counts_animals(analysis, sentence, q, animals)]
    return people or _victim_counts(analysis, sentence, trigger, animals)


def _victim_counts(analysis: Analysis, sentence: Sentence, trigger: Hit, animals: re.Pattern[str]) -> list[Quantity]:
    """The dead named by the death word's victim phrases when it has no count of its own.

    A phrase with a count ("the 2 suspects were shot dead") gives the largest such count;
    else each singular phrase is one ("killed a farmer"; "a soldier and a militiaman
    killed"), phrases joined by "and" adding up. "The man" refers back and adds nothing.
    """
    text = analysis.document.text
    chosen = []
    for target in targets(analysis, sentence, trigger, []):
        span = target.victims.span
        if span is not None and _plainly_governed(analysis, sentence, trigger, span.start, span.end, animals):
            chosen.append(target)
    explicit = [t.victims.count for t in chosen if t.explicit_count and t.victims.count.low]
    if explicit:
        return [max(explicit, key=lambda q: q.low or 0)]
    found: list[Quantity] = []
    previous_end = None
    for target in sorted(chosen, key=lambda t: t.victims.span.start):  # type: ignore[union-attr]
        victims, span = target.victims, target.victims.span
        if target.definite or victims.count.low != 1 or victims.count.high != 1 or span is None:
            continue
        if previous_end is not None and not re.search(r"\band\b", text[previous_end:span.start]):
            continue  # "a pastoralist man": one phrase, one person
        found.append(Quantity(1, 1, None, span))
        previous_end = span.end
    return found


def _plainly_governed(analysis: Analysis, sentence: Sentence, trigger: Hit, start: int, end: int, animals: re.Pattern[str]) -> bool:
    """True when nothing between the death word and the victim word detaches them."""
    text = analysis.document.text
    if start >= trigger.end_char:
        gap = text[trigger.end_char:start]
    else:
        gap = text[end:trigger.start_char]
        if re.search(r"\b(?:and|or)\s*\Z", gap):
            return False  # "wounded one person and killed two oxen"
    if any(animals.fullmatch(w) for w in re.findall(r"[A-Za-z]+", gap)):
        return False
    low, high = min(end, trigger.end_char), max(start, trigger.start_char)
    others = [t for t in sentence.triggers if low <= t.start_char < high]
    return not _DETACHING.search(gap) and not others


def _kills_livestock(analysis: Analysis, sentence: Sentence, trigger: Hit, animals: re.Pattern[str]) -> bool:
    """True when the death word's count is of animals and no person stands nearer to it:
    "killed five oxen", "wounded two men and one ox killed" (but not "a man accused of
    stealing 11 goats was beaten to death", whose victim is the man)."""
    for quantity in trigger_counts(analysis, sentence, trigger):
        if quantity.span is None or not _counts_animals(analysis, sentence, quantity, animals):
            continue
        lo = max([t.end_char for t in sentence.triggers if t.end_char <= quantity.span.start] + [sentence.start])
        if not any(lo <= h.start_char < quantity.span.start for h in sentence.victims):
            return True
    return False


def _counts_animals(analysis: Analysis, sentence: Sentence, quantity: Quantity, animals: re.Pattern[str]) -> bool:
    """True when the count is of animals ("killed 200 cows", "forty oxen and sheep"), not of
    people ("one cattle breeder": the animal word only qualifies the noun after it)."""
    if quantity.span is None:
        return False
    tokens = [t for t in analysis.doc if t.idx >= quantity.span.end][:ANIMAL_WINDOW_WORDS]
    for token in tokens:
        if token.lower_ in {"and", "or"} or token.is_punct:
            return False
        if animals.fullmatch(token.text):
            return not any(h.start == token.i + 1 for h in sentence.victims)  # "cattle breeder"
    return False


@lru_cache(maxsize=4)
def _animal_pattern(data_dir: Path) -> re.Pattern[str]:
    """The animal words of `data/animals.tsv` as one case-blind pattern."""
    path = Path(data_dir) / ANIMALS_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the animal words ({exc.strerror})") from exc
    words = [line.strip().lower() for line in lines if line.strip() and not line.startswith("#")]
    if not words:
        raise ConfigError(f"{path}: no animal words")
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)), re.IGNORECASE)


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
