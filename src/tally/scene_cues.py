"""Cues about the sides, the targets and the setting of an act, read by `tally.subtypes`.

Who acted (a crowd or community, or armed organised men), with what (firearms), on what
(animals and goods, a checkpoint or a convoy, a camp or a village, a town taken) and why
(what a gathering was about): the words ACLED's codebook draws its sub-event types by.
Plain functions over the text or the analysed tokens; the general cues on whether an act
happened at all (pleas, threats, history) stay in `tally.cues`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from tally.analysis import Analysis, Sentence
from tally.errors import ConfigError
from tally.lexicon import read_table
from tally.nlp import Hit
from tally.settings import DATA_DIR


@lru_cache(maxsize=4)
def _crowd_words(data_dir: Path) -> frozenset[str]:
    """The crowd words of `data/crowds.tsv` ("villagers", "youths", "mob")."""
    return frozenset(row["word"].lower() for row in read_table(Path(data_dir) / "crowds.tsv"))


#: Words before a death or a shooting in a gathering's text that make it what the crowd
#: gathered about ("protested over the killing of", "to mourn those killed last month").
_PROTEST_CAUSE = {"over", "against", "following", "mourn", "justice", "demanding", "recently", "last", "previous",
                  "earlier", "acquittal", "death", "deaths", "anniversary", "killing"}
PROTEST_CAUSE_WINDOW = 6
_CAUSE_BREAKS = {",", ";", ".", "and", "but", "while", "when", "then"}


#: Firearms, and the armed organised men who carry them: an event that names them is a
#: battle or an attack, not a crowd's mob violence (ACLED: rioters are unarmed or carry
#: crude weapons). "armed with sticks and machetes" is a crowd's arming, not a militia's.
#: Checked with `tally eval acled` (Benin's farmer-herder clashes) and `tally eval case2021`.
_ARMED_MEANS = re.compile(
    r"\b(?:fire ?arms?|guns?|rifles?|shotguns?|gunshots?|gunfire|opened fire|open fire|gunm[ae]n|kalashnikovs?|ak-?47s?|"
    r"militants?|militias?|militiam[ae]n|terrorists?|insurgents?|jihadists?|rebels?|hunters|dozos?|"
    r"armed(?! with (?:[\w-]+ ){0,3}?(?:knives|machetes?|clubs|sticks|stones|rocks|batons|cudgels|bows|arrows|branches|poles|bottles|crude weapons)))\b",
    re.IGNORECASE,
)
#: An attack on a camp, hamlet or village: a raid on a community, organised, not a crowd's
#: outburst against a person (ACLED codes it as a communal militia's attack).
_RAID_ON_COMMUNITY = re.compile(
    r"\b(?:attack\w*|raid\w*|stormed|invaded)\s+(?:on\s+)?(?:a|an|the|their|several|two|three|\w+ing)?\s*"
    r"(?:(?!near\b)[\w'-]+\s+){0,6}?(?:camps?|settlements?|hamlets?|villages?|encampments?)\b",
    re.IGNORECASE,
)


def cause_of_protest(analysis: Analysis, trigger: Hit) -> bool:
    """True when a death or shooting word follows words that make it the cause of a
    gathering ("marched over the deadly officer-involved shooting", "to mourn ... killed")."""
    before = [t.lower() for t in analysis.tokens[max(0, trigger.start - PROTEST_CAUSE_WINDOW):trigger.start]]
    for word in reversed(before):
        if word in _CAUSE_BREAKS:
            return False  # "protested over unpaid wages and police beat them": a new clause
        if word in _PROTEST_CAUSE:
            return True
    return False


#: Goods that acts of violence fall on when no person is hurt ("seized a motorcycle"); the
#: animals come from `data/animals.tsv`. From ACLED's looting/property destruction.
_GOODS = (
    "motorcycles?|motorbikes?|vehicles?|cars?|trucks?|goods|property|properties|lands?|farmlands?|fields?|"
    "harvests?|crops?|granar(?:y|ies)|livestock|money|cash|shops?|stores?|houses?|huts?|belongings|"
    "equipment|materials?|tubers?|yams?|cotton"
)
#: Words between an act and its object: determiners, counts, "and killed" after "shot".
_OBJECT_LEAD = (
    r"(?:\s+and\s+(?:killed|wounded|injured|stole|took))?\s+(?:(?:a|an|the|his|her|their|its|some|several|many|"
    r"about|around|over|at|least|more|than|\d+|one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|"
    r"of|head|tons?|large|small|new|amount|number|farming|grazing|farm|eleven|twelve|\w+teen|\w+ty|thousands?)\s+){0,4}"
)


#: What may follow the object's head noun: "a goat thief" and "a cattle trader" are people.
_OBJECT_END = (
    r"(?=\s*(?:[.,;:)]|$)|\s+(?:from|in|at|on|belonging|of|and|or|to|near|owned|during|after|before|with|worth|"
    r"which|that|while|for|as|but)\b)"
)


@lru_cache(maxsize=4)
def _property_pattern(data_dir: Path) -> re.Pattern[str]:
    path = Path(data_dir) / "animals.tsv"  # one word a line, no header (also read by `tally.tolls`)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the animal words ({exc.strerror})") from exc
    words = {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}
    animals = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(_OBJECT_LEAD + r"(?:" + animals + "|" + _GOODS + r")" + _OBJECT_END, re.IGNORECASE)


def property_object(text: str, end: int, data_dir: Path = DATA_DIR) -> bool:
    """True when the object right after an act ending at `end` is animals or goods
    ("seized two oxen", "shot and killed five cows", "stole a motorcycle")."""
    return bool(_property_pattern(data_dir).match(text, end))


#: Communities that ACLED codes as rioters when they fight without arms or organisation
#: ("farmers and pastoralists clashed", "two families fought"), beside the crowd words of
#: `data/crowds.tsv`. Checked on the Benin notes (`tally eval acled`).
_COMMUNITY_WORDS = {"farmers", "farmer", "pastoralists", "pastoralist", "herders", "herdsmen"}
#: Groups that act as a crowd whatever they do ("students burned their dormitories").
_CROWD_GROUPS = {"families", "students", "supporters", "partisans", "traders", "looters"}
#: Words in a subject that make it armed, organised or unknown ("unknown individuals" are an
#: unidentified armed group for ACLED), whatever crowd word it holds.
_ORGANISED_SUBJECT = {"gunmen", "militants", "militia", "militiamen", "soldiers", "troops", "police",
                      "policemen", "gendarmes", "rebels", "jihadists", "terrorists", "insurgents", "fighters",
                      "unknown", "unidentified", "hunters", "paramilitary", "forces"}
#: Actor kinds that a crowd's subject may name: the crowd itself, or the people it fell on.
_CROWD_KINDS = {"rioters", "protesters", "civilians"}


def crowd_subject(
    analysis: Analysis, sentence: Sentence, trigger: Hit, communities: bool = False, data_dir: Path = DATA_DIR
) -> bool:
    """True when the words before a trigger in its sentence name a crowd and nothing armed:
    "a number of residents captured, tied up and burned alive ...", "villagers in
    Tchanwassaga killed ...". With `communities`, for a fight between two sides, farmers,
    herders and families count too ("two families of farmers clashed"); alone, they attack
    (ACLED codes farmers who kill herders as a communal militia)."""
    crowds = _crowd_words(data_dir) | _CROWD_GROUPS | (_COMMUNITY_WORDS if communities else frozenset())
    words = [t.lower() for t in analysis.tokens[sentence.tok_start:trigger.start]]
    if any(w in _ORGANISED_SUBJECT for w in words) or armed_means(" ".join(words)):
        return False
    if named_side_before(analysis, sentence, trigger):
        return False  # "Fulani herders killed", "ANC members attacked": a named militia or party
    return any(w in crowds for w in words)


#: Prepositions that, up to this many tokens before an actor's mention, make it no subject.
_PREPOSITIONS = {"of", "by", "from", "with", "against", "to", "for"}
PREPOSITION_REACH = 3
#: Adverbs between a crowd and its act ("the residents severely wounded").
_ADVERBS = {"severely", "seriously", "badly", "also", "then", "later", "reportedly", "allegedly", "fatally"}


def crowd_right_before(analysis: Analysis, sentence: Sentence, trigger: Hit, data_dir: Path = DATA_DIR) -> bool:
    """True when a crowd word is the word right before a trigger, adverbs aside: the crowd
    is its subject ("the local residents wounded two policemen")."""
    crowds = _crowd_words(data_dir)
    i = trigger.start - 1
    while i >= sentence.tok_start and analysis.tokens[i].lower() in _ADVERBS:
        i -= 1
    return i >= sentence.tok_start and analysis.tokens[i].lower() in crowds


def named_side_before(analysis: Analysis, sentence: Sentence, trigger: Hit) -> bool:
    """True when an actor other than a crowd or civilians is named before a trigger in its
    sentence as a possible subject: not after a preposition ("in the custody of the police,
    residents burned ..." names the police as no side of the act)."""
    tokens = analysis.tokens
    for mention in sentence.actors:
        if mention.token_start >= trigger.start or mention.actor.kind in _CROWD_KINDS:
            continue
        lead = [t.lower() for t in tokens[max(sentence.tok_start, mention.token_start - PREPOSITION_REACH):mention.token_start]]
        if not _PREPOSITIONS & set(lead):
            return True
    return False


#: Military targets: an attack on one is a battle (ACLED: an armed organised side on each
#: side), whoever the report counts among the dead. Checked with `tally eval acled`.
_MILITARY_TARGET = re.compile(
    r"\b(?:attack\w*|raid\w*|ambush\w*|stormed|overran|overtook|set upon|assault\w*|fired (?:on|at))\s+"
    r"(?:on\s+)?(?:(?:a|an|the|two|three|several|\d+|its|their)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:check ?points?|checkposts?|bases?|outposts?|barracks|garrisons?|convoys?|patrols?|positions|troops|"
    r"soldiers|policemen|police officers|peacekeepers|"
    r"(?:military|army|police|security|customs|gendarmerie) (?:posts?|stations?|camps?|units?|headquarters|vehicles?))\b",
    re.IGNORECASE,
)


#: A place taken: a verb of capture and a place or position for its object ("seized a
#: district centre", "captured two villages", "wrested control of a military camp"). From
#: ACLED's territorial sub-event types; who took it decides which (`tally.subtypes`).
_TERRITORY_TAKEN = re.compile(
    r"(?<![-/])(?<!to )\b(?:captur\w*|seiz\w*|re-?captur\w*|re-?took|re-?taken|re-?tak\w*|recover(?:ed|ing)|overr?an|"
    r"overt(?:ook|aken)|occupied|freed|liberat\w*|dismantl\w*|"
    r"took over|taken over|taking over|(?:gained|regained|wrested|recovered|took|taken|taking|takes|seized|controlling)\s+"
    r"(?:the\s+|full\s+|complete\s+)?control\s+(?:of|over)|gained ground in|advanced (?:on|into)|"
    r"push\w* (?:\w+ ){1,4}?out of|dr(?:o|i)ve (?:\w+ ){1,4}?out of)\s+"
    r"(?:(?:a|an|the|two|three|four|five|several|more|another|new|key|strategic|strategically|located|"
    r"\w+-held|rebel-held|central|northern|southern|eastern|western|\d+|of|parts?|most|large|swathes?|\w+ern)\s+){0,4}"
    r"(?:towns?|villages?|cit(?:y|ies)|districts?(?: cent(?:re|er)s?)?|areas?|regions?|neighbo(?:u)?rhoods?|localities|"
    r"territor(?:y|ies)|bases?|camps?|hill(?: posts?)?|posts?|ports?|oil ?fields?|fields|border (?:points?|posts?|crossings?)|"
    r"crossings?|capital|provinces?|enclaves?|positions?|strongholds?|airports?|air bases?|castles?|site|points|"
    r"check ?points)\b"
    # "dislodged Boko Haram from Ngoshe", "cleared Bulagana and Gambori of Boko Haram": a side
    # driven out of named places.
    r"|\b(?:dislodg\w*|expell?\w*|flush\w* out) (?:[\w-]+ ){1,4}?from\b|\bclear(?:ed|s)? (?:(?-i:[A-Z])\w+,? (?:and )?){1,3}of\b",
    re.IGNORECASE,
)
#: A side leaving without a fight: the territory changed hands without violence.
_WITHDRAWAL = re.compile(
    r"\b(?:withdr[ae]w\w*|pulled out|pull(?:ed|ing)? back|retreated|abandon\w*|handed (?:over|control|authority)|"
    r"without (?:any )?(?:resistance|fighting|a fight|firing)|not encountered any resistance|deserted|vacated)\b",
    re.IGNORECASE,
)


def territory_taken(text: str) -> re.Match[str] | None:
    """Where a text tells of a town, a district or a base taken, if it does."""
    return _TERRITORY_TAKEN.search(text)


def withdrawal(text: str) -> bool:
    """True when a text tells of a side withdrawing or of a place taken without a fight."""
    return bool(_WITHDRAWAL.search(text))


#: An exchange of fire: both sides armed, so a battle even when one side was a gathering.
_FIREFIGHT = re.compile(
    r"\b(?:gun ?battles?|gunfights?|fire ?fights?|shoot-?outs?|exchang\w* (?:of )?(?:gun)?fire|"
    r"(?:fired on|shot at) (?:the )?(?:police|policemen|soldiers|troops|gendarmes)\b|attacked with gun ?fire)",
    re.IGNORECASE,
)


def firefight(text: str) -> bool:
    """True when a text tells of an exchange of fire ("a gun battle between residents and soldiers")."""
    return bool(_FIREFIGHT.search(text))


#: A member of the forces killed off duty or singled out ("assassinated an army colonel near
#: his residence", "a former soldier"): ACLED codes violence against civilians, not a battle.
_OFF_DUTY = re.compile(
    r"\b(?:assassinat\w*|off-?duty|(?:former|retired) (?:soldiers?|policem[ae]n|police officers?|officers?|members?)|"
    r"(?:at|in|inside|near|outside|in front of) (?:his|her|their) (?:own )?"
    r"(?:homes?|houses?|residences?))\b",
    re.IGNORECASE,
)


def off_duty(text: str) -> bool:
    """True when a text tells of a member of the forces attacked at home, retired or singled out."""
    return bool(_OFF_DUTY.search(text))


def military_target(text: str) -> bool:
    """True when a text tells of an attack on a checkpoint, a base, a convoy or a patrol."""
    return bool(_MILITARY_TARGET.search(text))


#: What a fight between neighbours is about: land, a quarrel, a family feud, a rivalry, a
#: contested election between political opponents.
_DISPUTE = re.compile(
    r"\b(?:disputes?|disputed|contested|quarrels?|argument|feud|rivalr(?:y|ies)|rival|grudge|disagreement|opponents|"
    r"over (?:land|farmland|fees|a plot|grazing|water|a field))\b",
    re.IGNORECASE,
)


def dispute(text: str) -> bool:
    """True when a text says what a fight between neighbours was over ("a land dispute")."""
    return bool(_DISPUTE.search(text))


def armed_means(text: str) -> bool:
    """True when a text names firearms or armed organised men ("clashed with firearms")."""
    return bool(_ARMED_MEANS.search(text))


#: A reprisal: an organised answer to an earlier killing, a communal militia's attack.
_REPRISAL = re.compile(r"\b(?:reprisal|retaliat\w*|revenge|aveng\w*)\b", re.IGNORECASE)


def reprisal(text: str) -> bool:
    """True when a text calls the act a reprisal, a retaliation or revenge."""
    return bool(_REPRISAL.search(text))


def raid_on_community(text: str) -> bool:
    """True when a text tells of an attack on a camp, hamlet or village."""
    return bool(_RAID_ON_COMMUNITY.search(text))
