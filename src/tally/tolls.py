"""Tolls: how many people an event's sentences say were killed or wounded.

ACLED's rules: the dead of both sides are summed, a count "including" others is a total
and not a part, a count before an active verb is its subject, not its victims. Read by
`tally.events` for each draft event.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from tally import cues, lone_victims
from tally.analysis import Analysis, Sentence
from tally.errors import ConfigError
from tally.nlp import Hit
from tally.quantities import parse_quantity
from tally.records import Quantity, Span
from tally.settings import DATA_DIR
from tally.victims import is_passive, targets

#: Words for animals (`data/animals.tsv`): "killed 200 cows" is property destroyed, not a toll.
ANIMALS_FILE = "animals.tsv"
#: Words looked at after a count for an animal ("nine sheep", "forty oxen and sheep",
#: "200 head of cattle"): a count and its noun with at most two modifiers between.
ANIMAL_WINDOW_WORDS = 4

#: A later sentence that adds a further group of dead ("3 militants were also killed", "one
#: injured policeman later died", "several dead on the side of the attackers").
_ALSO = re.compile(
    r"\b(?:also|as well|in addition|on the other side|both sides|on the side of|later died"
    r"|died (?:later|of (?:his|her|their) (?:wounds|injuries)))\b",
    re.IGNORECASE,
)
#: Words between two counts that make the second a part of the first.
_BREAKDOWN_GAP = re.compile(r"\b(?:including|among them|among whom|of whom|of them|incl)\b", re.IGNORECASE)
#: A bracketed aside: "3 were killed (the group reported 6 were killed)".
ASIDE = re.compile(r"\([^()]*\)")
#: Death verbs that are active when an object follows them.
_ACTIVE_KILLS = {"killed", "kills", "kill", "killing"}
#: "5 soldiers were killed or wounded": a count of casualties, the dead among them unknown.
_KILLED_OR_WOUNDED = re.compile(r"\s+(?:or|and/or|and)\s+(?:wounded|injured)\b", re.IGNORECASE)
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
    return _tolls(analysis, sentences, triggers)[0]


def casualties(analysis: Analysis, sentences: list[Sentence], triggers: list[Hit]) -> Quantity | None:
    """"5 soldiers were killed or wounded" where the sentences count no dead: none known dead,
    the count the high bound (ACLED codes 0). Apart from `deaths`, whose None says a sentence
    counts no dead at all (which decides whether it is an event)."""
    if not any(_KILLED_OR_WOUNDED.search(s.text) for s in sentences):
        return None  # the cheap test first: this runs once per event
    toll, mixed = _tolls(analysis, sentences, triggers)
    return mixed if toll is None else None


def _tolls(analysis: Analysis, sentences: list[Sentence], triggers: list[Hit]) -> tuple[Quantity | None, Quantity | None]:
    """The dead counted (see `deaths`), and the killed-or-wounded counted where no dead are.

    Events ask again for the same sentences and triggers (is this the toll of an earlier
    draft?), so each answer is kept in `analysis.memo`, with the triggers it was asked for:
    holding them keeps their ids from being reused.
    """
    key = ("tolls", tuple(s.index for s in sentences), tuple(map(id, triggers)))
    known = analysis.memo.get(key)
    if known is None:
        known = analysis.memo[key] = (_count_tolls(analysis, sentences, triggers), tuple(triggers))
    return known[0]  # type: ignore[index,return-value]


def _count_tolls(
    analysis: Analysis, sentences: list[Sentence], triggers: list[Hit]
) -> tuple[Quantity | None, Quantity | None]:
    total: Quantity | None = None
    denial: Quantity | None = None
    mixed: Quantity | None = None
    livestock_only = False
    animals = _animal_pattern(DATA_DIR)
    for sentence in sentences:
        if total is not None and not _ALSO.search(sentence.text):
            continue
        used: set[int] = set()
        asides = _party_asides(sentence)
        for trigger in _deadly(triggers, sentence):
            if any(a <= trigger.start_char < b for a, b in asides):
                continue  # "3 were killed (the group reported 6 were killed)": the party's second figure
            if cues.negated(analysis, sentence, trigger):
                denial = denial or Quantity(0, 0, "none", None)
                continue
            if _KILLED_OR_WOUNDED.match(analysis.document.text, trigger.end_char):
                mixed = mixed or _casualties(analysis, sentence, trigger, animals)
                continue
            counts = _counts(analysis, sentence, trigger, animals)
            livestock_only = livestock_only or (not counts and _kills_livestock(analysis, sentence, trigger, animals))
            for quantity in counts:
                if quantity.span is None or quantity.span.start in used:
                    continue
                used.add(quantity.span.start)
                total = quantity if total is None else _add(total, quantity)
    if total is None and denial is None and livestock_only:
        return Quantity(0, 0, None, None), None  # "soldiers killed 200 cows": no one died
    if total is None and denial is None:
        return _one_victim(analysis, sentences, triggers, animals), mixed
    return (total if total is not None else denial), None


def _party_asides(sentence: Sentence) -> list[tuple[int, int]]:
    """Document offsets of the bracketed asides of `sentence` that give a party's own figure."""
    found = ASIDE.finditer(sentence.text) if "(" in sentence.text else ()
    return [(sentence.start + m.start(), sentence.start + m.end()) for m in found if cues.party_claim(m.group())]


def _casualties(analysis: Analysis, sentence: Sentence, trigger: Hit, animals: re.Pattern[str]) -> Quantity | None:
    """"5 soldiers were killed or wounded": none known dead, at most the count (ACLED codes 0)."""
    counts = _counts(analysis, sentence, trigger, animals)
    high = sum((q.high if q.high is not None else q.low or 0) for q in counts)
    return Quantity(0, high, "killed or wounded, the dead not told apart", counts[0].span) if counts else None


#: Death words that say a person died whatever they fall on; "stoned" and "executed" also
#: fall on cars and attacks ("the car was stoned", "an attack executed against a convoy").
_KILLS_OUTRIGHT = re.compile(r"\b(?:kill\w*|dead|death|died|alive|behead\w*|decapitated|hanged|gunned)\b", re.IGNORECASE)
def _one_victim(analysis: Analysis, sentences: list[Sentence], triggers: list[Hit], animals: re.Pattern[str]) -> Quantity | None:
    """One dead when a death word with no count falls on one person its words name outside the
    victim lexicon: "killed a park ranger", "burned him to death", "a policeman ... was killed".

    The singular object of an active death word, or the singular auxiliary of a passive one
    ("was killed"), says one person died; a plural ("killed the police") says nothing.
    """
    for sentence in sentences:
        for trigger in _deadly(triggers, sentence):
            if not _KILLS_OUTRIGHT.search(trigger.text) or cues.negated(analysis, sentence, trigger):
                continue
            if _KILLED_OR_WOUNDED.match(analysis.document.text, trigger.end_char):
                continue
            span = (lone_victims.singular_object(analysis, sentence, trigger, animals)
                    or lone_victims.singular_subject(analysis, sentence, trigger))
            if span is not None:
                return Quantity(1, 1, None, span)
            if lone_victims.animal_object(analysis, sentence, trigger, animals):
                return Quantity(0, 0, None, None)  # "farmers killed an ox": no one died
    return None


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


#: A verb right after a victim word that makes it the subject of a clause of its own.
_NEW_SUBJECT = re.compile(r"\s+(?:were|was|are|is|have\s+been|had\s+been)\b", re.IGNORECASE)


def _plainly_governed(analysis: Analysis, sentence: Sentence, trigger: Hit, start: int, end: int, animals: re.Pattern[str]) -> bool:
    """True when nothing between the death word and the victim word detaches them."""
    text = analysis.document.text
    if start >= trigger.end_char:
        gap = text[trigger.end_char:start]
        if _NEW_SUBJECT.match(text, end):
            return False  # "killed a soldier and 3 civilians were wounded": a new clause's subject
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
    doc = analysis.doc  # the count lies in the sentence: read on from there, not the whole report
    stop = min(len(doc), sentence.tok_end + ANIMAL_WINDOW_WORDS)
    starts = analysis.starts or doc.to_array("IDX").tolist()
    first = bisect_left(starts, quantity.span.end, sentence.tok_start, stop)  # the first token after the count
    tokens = [doc[i] for i in range(first, min(first + ANIMAL_WINDOW_WORDS, stop))]
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

    Before the word ("12 soldiers were killed") the nearest count wins, and the counts listed
    with it add up ("4 militiamen, 1 soldier and 1 policeman were killed"); a count after
    "including" is a part of the one before it. After the word ("killing 12 civilians") the
    first count wins, with the groups listed after it ("killing 5 herders and 2 others"),
    unless a new clause starts ("killed and nine others injured"). A count before an active
    verb with an object is its subject ("a number of villagers killed a thief"). A count in
    brackets is a second source's figure ("2 policemen (7 according to the group)").
    """
    text = analysis.document.text
    quantities = [q for q in analysis.quantities(sentence) if q.span is not None and not _in_aside(text, q, trigger)]
    if "toll" in trigger.text.lower():
        return _toll_figure(text, quantities, trigger)
    before: list[Quantity] = []
    for quantity in quantities:
        if quantity.span.end > trigger.start_char:  # type: ignore[union-attr]
            break
        if _subject_gap(analysis, sentence, quantity.span.end, trigger):  # type: ignore[union-attr]
            before = [quantity]
    if before and _active_with_object(analysis, trigger):
        before = []
    if before:
        listed = _listed_before(analysis, sentence, quantities, before[0])
        following = [q for q in quantities if q.span.start >= trigger.end_char]  # type: ignore[union-attr]
        if following and _AS_WELL_AS.fullmatch(text[trigger.end_char:following[0].span.start]):  # type: ignore[union-attr]
            listed.append(following[0])  # "two policemen died as well as two assailants"
        return listed
    tail = _count_and_one(analysis, sentence, quantities, trigger)
    if tail:
        return tail
    for index, quantity in enumerate(quantities):
        if quantity.span.start >= trigger.end_char:  # type: ignore[union-attr]
            gap = text[trigger.end_char:quantity.span.start]  # type: ignore[union-attr]
            if len(gap.split()) <= 3 and not any(c in gap for c in ",;:") and not re.search(r"\band\b", gap):
                return _listed_after(analysis, sentence, quantities[index:])
            break
    return []


#: What joins "the death toll" to its figure, however far after it: "the death toll from
#: Tuesday's bombing in Kabul rose to 31", "has risen to 22", "stood at 9", "a death toll of 4".
_TOLL_TO_FIGURE = re.compile(
    r"\b(?:(?:has|had|have)\s+)?(?:rose|risen|rises|climbed|climbs|reached|reaches|increased|jumped|hit|"
    r"stands?|stood|is|was|of)\s+(?:now\s+)?(?:to\s+|at\s+)?\Z",
    re.IGNORECASE,
)


def _toll_figure(text: str, quantities: list[Quantity], trigger: Hit) -> list[Quantity]:
    """The figure a "death toll" is given as in its sentence: the first count after it that a
    verb of level joins to it ("rose to 31"); none when the sentence gives no such figure."""
    for quantity in quantities:
        if quantity.span.start >= trigger.end_char and _TOLL_TO_FIGURE.search(  # type: ignore[union-attr]
                text, trigger.end_char, quantity.span.start):  # type: ignore[union-attr]
            return [quantity]
    return []


#: What may stand between a count and the death word after it: the counted noun, a
#: passive auxiliary and adverbs ("At least 30 alleged IS militants were reportedly killed").
SUBJECT_GAP_WORDS = 4
PASSIVE_SUBJECT_GAP_WORDS = 7
_PASSIVE_END = re.compile(
    r"\b(?:were|was|are|is|have\s+been|has\s+been|had\s+been|got)"
    r"(?:\s+(?:reportedly|allegedly|also|all|later|then|both|initially|confirmed|found))*\s*\Z",
    re.IGNORECASE,
)
#: A participle and "and" right before the death word: "were shot and killed" (kept: "were").
_VERB_AND = re.compile(r"(\b(?:were|was|are|is|been)\s+(?:\w+\s+)?)[a-z]+\s+and\s*\Z", re.IGNORECASE)
#: Words that name people in a listed group when no lexicon word does ("2 others", "3 people").
_PEOPLE = re.compile(r"\b(?:others?|people|persons?|individuals?)\b", re.IGNORECASE)
#: The end of a gap that lists one more group: "4 militiamen, 1 soldier and 1 policeman",
#: "1 council member in addition to 3 of his guards", "5 herders and 2 other people".
_LIST_JOIN = re.compile(
    r"(?:,\s*(?:(?:and|as\s+well\s+as|plus)\s+)?|\s+(?:and|as\s+well\s+as|plus|in\s+addition\s+to|along\s+with)\s+)"
    r"(?:(?:his|her|their|its|the)\s+)?\Z",
    re.IGNORECASE,
)
#: Words of a listed group's noun phrase: a few, none of them a verb or a clause word.
LISTED_NOUN_WORDS = 4
_CLAUSE_WORDS = re.compile(r"\b(?:who|which|that|when|while|after|before|were|was|are|is|had|have|has)\b", re.IGNORECASE)


#: "1 commander and his guard were": a count, its noun, and one more person before a passive.
_AND_ONE = re.compile(
    r"\A\s+(?:[\w'-]+\s+){1,3}?(?:and|as\s+well\s+as)\s+(?:his|her|a|an|one|another)\s+(?:[\w'-]+\s+){0,2}?[\w'-]*[^s\W]\s+(?:were|have\s+been|had\s+been)\s+(?:\w+\s+)?\Z",
    re.IGNORECASE,
)


def _count_and_one(analysis: Analysis, sentence: Sentence, quantities: list[Quantity], trigger: Hit) -> list[Quantity]:
    """"1 Taliban commander and his guard were killed": the count and one person more."""
    text = analysis.document.text
    earlier = [q for q in quantities if q.span.end <= trigger.start_char]  # type: ignore[union-attr]
    if not earlier:
        return []
    last = earlier[-1]
    gap = _VERB_AND.sub(r"\1", _bare(text[last.span.end:trigger.start_char]))  # type: ignore[union-attr]
    if not _AND_ONE.match(gap) or any(last.span.end <= t.start_char < trigger.start_char for t in sentence.triggers if t is not trigger and not _VERB_AND.search(text[:trigger.start_char])):  # type: ignore[union-attr]
        return []
    joint = re.search(r"\b(?:and|as\s+well\s+as)\s", text[last.span.end:trigger.start_char])  # type: ignore[union-attr]
    at = last.span.end + (joint.end() if joint else 0)  # type: ignore[union-attr]
    return [last, Quantity(1, 1, None, Span(analysis.document.id, at, trigger.start_char, text[at:trigger.start_char]))]


_AS_WELL_AS = re.compile(r"\s*,?\s*(?:as\s+well\s+as|along\s+with)\s+", re.IGNORECASE)


def _bare(gap: str) -> str:
    """A gap without its bracketed asides: "policemen (7 according to the group) were"."""
    return re.sub(r"\s*\([^()]*\)", "", gap)


def _in_aside(text: str, quantity: Quantity, trigger: Hit) -> bool:
    """True when the count sits in brackets that close before the death word."""
    span = quantity.span
    if span is None or span.start >= trigger.start_char:
        return False
    gap = text[span.end:trigger.start_char]
    return gap.count(")") > gap.count("(") and text.rfind("(", 0, span.start) > text.rfind(")", 0, span.start)


def _subject_gap(analysis: Analysis, sentence: Sentence, end: int, trigger: Hit) -> bool:
    """True when a count ending at `end` is the subject of the death word after it."""
    gap = _VERB_AND.sub(r"\1", _bare(analysis.document.text[end:trigger.start_char]))
    if any(c in gap for c in ",;:()") or re.search(r"\band\b", gap):
        return False
    passive = _PASSIVE_END.search(gap) is not None
    if not passive and any(end <= t.start_char < trigger.start_char for t in sentence.triggers):
        return False  # "two individuals beat a woman to death": the count did the beating
    words = len(gap.split())
    if words <= SUBJECT_GAP_WORDS:
        return True
    if words > PASSIVE_SUBJECT_GAP_WORDS or not passive or _CLAUSE_WORDS.search(_PASSIVE_END.sub("", gap)):
        return False
    return not any(end <= t.start_char < trigger.start_char for t in sentence.triggers)


def _listed_before(analysis: Analysis, sentence: Sentence, quantities: list[Quantity], nearest: Quantity) -> list[Quantity]:
    """The nearest count and the counts listed before it; the total when "including" parts it."""
    text = analysis.document.text
    chosen = [nearest]
    earlier = [q for q in quantities if q.span.end <= nearest.span.start]  # type: ignore[union-attr]
    for previous in reversed(earlier):
        first = chosen[0]
        gap = text[previous.span.end:first.span.start]  # type: ignore[union-attr]
        if any(previous.span.end <= t.start_char < first.span.start for t in sentence.triggers):  # type: ignore[union-attr]
            break
        if len(gap.split()) <= 5 and not any(c in gap for c in ",;:") and _BREAKDOWN_GAP.search(gap):
            return [previous]  # "12 militants including 2 commanders were killed"
        if not _listed(analysis, sentence, previous.span.end, first.span.start, people=False):  # type: ignore[union-attr]
            break
        if _object_of_another(analysis, sentence, previous):
            break  # "killing 12 civilians and 4 were injured": the 12 are the killing's
        chosen.insert(0, previous)
    one = _one_listed_before(analysis, sentence, chosen[0])
    return [one, *chosen] if one is not None else chosen


#: "an agriculturalist and six pastoralists died": one person named with "a" before a listed count.
_ONE_BEFORE = re.compile(r"(?<![\w-])(?:a|an)\s+(?:[\w'-]+\s+){0,3}?[\w'-]+\s*(?:,\s*)?(?:and|as\s+well\s+as)\s+\Z", re.IGNORECASE)


def _one_listed_before(analysis: Analysis, sentence: Sentence, first: Quantity) -> Quantity | None:
    """One person listed with "a" before the first count ("a soldier and 3 civilians were
    killed"), unless a verb right before makes them its object."""
    text = analysis.document.text
    start = first.span.start  # type: ignore[union-attr]
    match = _ONE_BEFORE.search(text, max(sentence.start, start - 60), start)
    if match is None or match.end() != start:
        return None
    if not _names_people(analysis, sentence, match.start(), start, match.group()):
        return None
    if any(t.end_char <= match.start() and len(text[t.end_char:match.start()].split()) <= 2 for t in sentence.triggers):
        return None  # "killed a soldier and 3 were wounded"
    if any(match.start() <= t.start_char < start for t in sentence.triggers):
        return None
    return Quantity(1, 1, None, Span(analysis.document.id, match.start(), match.end(), match.group()))


def _listed_after(analysis: Analysis, sentence: Sentence, following: list[Quantity]) -> list[Quantity]:
    """The first count after the death word and the groups listed after it, up to a new verb."""
    chosen = [following[0]]
    for quantity in following[1:]:
        last = chosen[-1]
        if not _listed(analysis, sentence, last.span.end, quantity.span.start):  # type: ignore[union-attr]
            break
        after = [t for t in sentence.triggers if t.start_char >= quantity.span.end]  # type: ignore[union-attr]
        gap = analysis.document.text[quantity.span.end:after[0].start_char] if after else ""  # type: ignore[union-attr]
        if after and (len(gap.split()) <= 3 or (len(gap.split()) <= PASSIVE_SUBJECT_GAP_WORDS and _PASSIVE_END.search(gap))):
            break  # "killing 12 civilians and 4 were injured", "killing 7 policemen, 3 militants were also injured"
        chosen.append(quantity)
    return chosen


def _object_of_another(analysis: Analysis, sentence: Sentence, quantity: Quantity) -> bool:
    """True when a word of the sentence stands right before the count ("killing 12")."""
    text = analysis.document.text
    return any(
        t.end_char <= quantity.span.start and len(text[t.end_char:quantity.span.start].split()) <= 2  # type: ignore[union-attr]
        for t in sentence.triggers
    )


def _listed(analysis: Analysis, sentence: Sentence, start: int, end: int, *, people: bool = True) -> bool:
    """True when the text between two counts is a group (of people, when `people`: after a
    death word a count may be of anything it destroyed) and a list joint."""
    gap = _bare(analysis.document.text[start:end])
    joint = _LIST_JOIN.search(gap)
    if joint is None:
        return False
    noun = gap[:joint.start()]
    if not noun.strip() or len(noun.split()) > LISTED_NOUN_WORDS or any(c in noun for c in ",;:") or _CLAUSE_WORDS.search(noun):
        return False
    if any(start <= t.start_char < end for t in sentence.triggers):
        return False
    if not people:
        return True
    return _names_people(analysis, sentence, start, end, noun) or _names_people(
        analysis, sentence, end, _words_end(analysis.document.text, end, LISTED_NOUN_WORDS), ""
    )


def _names_people(analysis: Analysis, sentence: Sentence, start: int, end: int, noun: str) -> bool:
    """True when a stretch of text names people: a victim or actor word, "others", or a
    capitalised group name ("two Fulani and two Pila Pila were killed")."""
    text = analysis.document.text[start:end]
    if _PEOPLE.search(text) or re.search(r"(?<![.!?]\s)\b[A-Z][a-z]+", noun):
        return True
    return any(start <= h.start_char < end for h in sentence.victims) or any(
        start <= analysis.doc[m.token_start].idx < end for m in sentence.actors
    )


def _words_end(text: str, start: int, count: int) -> int:
    """Where the `count` words after `start` end."""
    match = re.match(r"(?:\W*\w+){0,%d}" % count, text[start:])
    return start + (match.end() if match else 0)


def _active_with_object(analysis: Analysis, trigger: Hit) -> bool:
    """"villagers killed a thief": an active death verb followed by whom it killed."""
    if trigger.text.lower() not in _ACTIVE_KILLS or is_passive(analysis, trigger):
        return False
    tokens = analysis.tokens
    at = trigger.end
    if at + 1 < len(tokens) and tokens[at].lower() == "and" and tokens[at + 1].lower().endswith("ed"):
        at += 2  # "villagers killed and beheaded a man"
    following = tokens[at].lower() if at < len(tokens) else ""
    return following in _OBJECT_STARTS or following.isdigit()
