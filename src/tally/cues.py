"""Cue words that change what a trigger means: pleas, denials, threats, history, generic talk.

"urges the coalition to stop airstrikes" reports a plea, not a strike; "execution videos" are
videos; "threatened to kill" is a threat; "in 1988 ... killed" is history. These checks run
on every trigger before it can become an event or a claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from tally.analysis import Analysis, Sentence
from tally.lexicon import read_table
from tally.nlp import Hit
from tally.settings import DATA_DIR

#: How far back (tokens) a plea, threat or negation reaches to its trigger. Calibrated on
#: the seed ("urges the United States-led coalition to stop airstrikes": 1 token after "stop")
#: and examples/22 (a charity's plea); 6 keeps "called for an end to the shelling" in reach.
CUE_WINDOW = 6

_PLEA = {"stop", "halt", "end", "cease", "ban", "banned", "banning", "bans", "prevent", "condemn", "condemned",
         "condemns", "condemning", "denounced", "against", "avoid", "spare", "protect", "investigate",
         "investigation", "inquiry", "accountability", "sharing", "share"}
_IRREALIS = {"threatened", "threatens", "threaten", "would", "could", "might", "may", "plans", "plan", "planned",
             "vowed", "vows", "warned", "warns", "risk", "fear", "feared", "fears", "if", "unless", "possible",
             "potential", "prevent", "avert", "rehearsed", "drills", "training", "planning", "plotting",
             "preparing", "threat", "threats", "pain"}
#: Words before "fighting" or "shelling" that make it the cause of flight, not a new event
#: ("fled the fighting", "left because of the attacks").
_FLIGHT = {"fled", "fleeing", "flee", "flees", "escaped", "escaping", "displaced", "uprooted", "because"}
#: Irrealis words that, right before a death word, only hedge the toll ("feared dead").
_TOLL_HEDGES = {"feared"}
_TOLL_WORDS = {"dead", "killed", "drowned", "missing"}
_NEGATION = {"no", "not", "never", "denied", "denies", "deny", "without", "nobody", "none"}
_MEDIA_NOUNS = {"video", "videos", "footage", "images", "photos", "photographs", "clip", "clips", "propaganda",
                "campaign", "drill", "drills", "threat", "threats", "charges", "charge", "case", "trial",
                "law", "laws", "policy", "warning", "warnings", "capability", "capabilities"}
_HISTORY = re.compile(
    r"\b(?:decades? ago|years ago|centur(?:y|ies) ago|in the (?:19|20)\d0s|during the (?:19|20)\d\d|"
    r"civil war of|during the (?:\w+ )?war|anniversary|commemorat\w*|remembered|history|historical|in the past,|"
    r"in the past(?! (?:\w+ )?(?:days?|weeks?|months?|years?|hours?|night|weekend|fortnight)\b))\b",
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"\b(?:calls its|main targets include|is known for|are known for|has a history of|routinely|"
    r"typically|usually|often|is preparing them|wants to establish|"
    r"has gained control|is an offshoot|continued to carry out|have continued to|has continued to|"
    r"had not stopped|has not stopped|number of deaths)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")

#: Word pairs that make the act after them what a victim was accused of, and how many
#: tokens back they are looked for ("a man suspected of killing a child": 2; "accused of
#: burglary and rape": 4).
_ACCUSATIONS = {("suspected", "of"), ("accused", "of"), ("charged", "with"), ("convicted", "of"), ("guilty", "of"),
                ("suspicion", "of"), ("known", "for")}
ACCUSATION_WINDOW = 5

#: How far back (tokens) a negation reaches an act: "did not report any new attack" is 4.
NEGATION_WINDOW = 4

#: A year this far before publication marks a sentence as history, not news.
HISTORY_YEARS = 2


def suppressed(analysis: Analysis, sentence: Sentence, trigger: Hit) -> bool:
    """True when the trigger does not report an act that happened (plea, threat, media noun...)."""
    tokens = analysis.tokens
    before = [t.lower() for t in tokens[max(sentence.tok_start, trigger.start - CUE_WINDOW):trigger.start]]
    after = tokens[trigger.end].lower() if trigger.end < len(tokens) and trigger.end < sentence.tok_end else ""
    if after in _MEDIA_NOUNS:
        return True
    if after == "off" and trigger.entry.method == "beating":  # type: ignore[attr-defined]
        return True  # "the protests kicked off at the port"
    flight = _FLIGHT if trigger.entry.kind != "protest" else frozenset()  # type: ignore[attr-defined]
    if any(word in _PLEA or word in flight or word in _JUDICIAL for word in before):
        return True  # "fled the fighting"; but "displaced families protested" is a protest
    # "May" with a capital is the month ("On 3 May 2021, gunmen killed"), not the modal verb.
    if any(word in _IRREALIS and not _hedged_toll(tokens, at) and tokens[at] != "May" for at, word in _window(before, trigger.start, 4)):
        return True
    if trigger.entry.kind == "act" and any(word in _NEGATION for word in before[-NEGATION_WINDOW:]):  # type: ignore[attr-defined]
        return True
    if trigger.entry.sub_event_type == "Arrests" and before[-1:] and before[-1] in _NEGATION:  # type: ignore[attr-defined]
        return True  # "no arrests have been made"
    if trigger.entry.kind in {"act", "kill"} and _accused_of(before[-ACCUSATION_WINDOW:]):  # type: ignore[attr-defined]
        return True  # "beat two men suspected of burglary and rape": the accusation, not an act
    return False


def _accused_of(words: list[str]) -> bool:
    """True when the words hold "suspected of", "accused of", "charged with" and the like."""
    return any((a, b) in _ACCUSATIONS for a, b in zip(words, words[1:]))


def _window(before: list[str], start: int, size: int) -> list[tuple[int, str]]:
    """The last `size` words before a trigger starting at token `start`, with their token indexes."""
    last = before[-size:]
    return [(start - len(last) + n, word) for n, word in enumerate(last)]


def _hedged_toll(tokens: list[str], at: int) -> bool:
    """"eight people are feared dead after a clash": a hedge on the toll, not on the act."""
    following = tokens[at + 1].lower() if at + 1 < len(tokens) else ""
    return tokens[at].lower() in _TOLL_HEDGES and following in _TOLL_WORDS


def negated(analysis: Analysis, sentence: Sentence, trigger: Hit) -> bool:
    """"no one was killed", "no casualties": a denial of deaths, not a report of them."""
    tokens = analysis.tokens
    before = [t.lower() for t in tokens[max(sentence.tok_start, trigger.start - 4):trigger.start]]
    return any(word in _NEGATION for word in before)


#: Words right before a trigger that make it a kind of act, not one act ("in such attacks").
_GENERIC_MODIFIERS = {"such", "previous", "past", "repeated", "frequent"}
#: Perfect auxiliaries: "have carried out killings", "had been detained" tell what went
#: before the news, unless a speech verb in the simple past shifted them ("he said four
#: soldiers had died").
_PERFECT = {"had", "has", "have", "'d", "'ve"}
_RELATIVE = {"who", "which", "that", "whom", "whose"}
_AUXILIARIES = {"were", "was", "had", "have", "has", "are", "is", "been"}
_PAST_SPEECH = {"said", "told", "reported", "added", "stated", "claimed", "confirmed", "announced", "says", "say"}
#: Tokens before a trigger searched for a perfect auxiliary, a relative pronoun and its
#: auxiliary ("villages that were burned", "has been increased since an attack"). Five
#: reaches "have carried out public killings"; more reaches the main clause of a long
#: sentence. Checked on examples/ and `tally eval acled` / `tally eval case2021`.
BACKGROUND_WINDOW = 5
#: Vague times that place a change of territory or of a group's activity before the news.
_VAGUE_PAST = re.compile(
    r"\b(?:earlier this (?:year|month)|last year|in recent (?:weeks|months|years)|in previous years|for years|"
    r"over the past (?:\w+ )?(?:months|years))\b",
    re.IGNORECASE,
)
#: Words before a change word that make it a state, not a change ("under a curfew").
_STATE_WORDS = {"under"}


def backgrounded(analysis: Analysis, sentence: Sentence, trigger: Hit, after_news: bool = True) -> bool:
    """True when a trigger tells what went before the news, not the news itself.

    "who had been detained", "villages that were burned during fighting", "in such attacks",
    "under a curfew", a change of territory "earlier this year"; and, once the report has
    given its news (`after_news`), "have carried out public killings": a lead often tells
    the news in the perfect ("police have arrested 30"), later paragraphs the background.
    A perfect shifted by reported speech ("said ... had died") is news.
    """
    tokens = analysis.tokens
    lower = [t.lower() for t in tokens[max(sentence.tok_start, trigger.start - BACKGROUND_WINDOW):trigger.start]]
    if lower and lower[-1] in _GENERIC_MODIFIERS:
        return True
    kind = trigger.entry.kind  # type: ignore[attr-defined]
    if kind == "change" and (_STATE_WORDS & set(lower[-3:]) or _VAGUE_PAST.search(sentence.text)):
        return True
    for n, word in enumerate(lower[:-1]):
        if word in _RELATIVE and lower[n + 1] in _AUXILIARIES and "," not in lower[n:]:
            return True  # "villages that were burned during fighting", not "a man who was beaten, protested"
    if not after_news or not any(word in _PERFECT for word in lower):
        return False
    head = [t.lower() for t in tokens[sentence.tok_start:trigger.start]]
    return not any(w in _PAST_SPEECH and (i == 0 or head[i - 1] not in _PERFECT) for i, w in enumerate(head))


def manner(analysis: Analysis, trigger: Hit) -> bool:
    """"killings ... by hanging, shooting and beheading": a gerund naming how, in a list."""
    tokens = analysis.tokens
    word = tokens[trigger.start].lower()
    before = tokens[trigger.start - 1].lower() if trigger.start else ""
    return word.endswith("ing") and before in {",", "and", "or", "by"}


def background(analysis: Analysis, sentence: Sentence) -> bool:
    """True for history paragraphs and generic statements about a group (decided once)."""
    known = analysis.backgrounds.get(sentence.index)
    if known is None:
        known = analysis.backgrounds[sentence.index] = _background(analysis, sentence)
    return known


def _background(analysis: Analysis, sentence: Sentence) -> bool:
    text = sentence.text
    if _GENERIC.search(text) or _HISTORY.search(text):
        return True
    published = analysis.document.published
    if published is not None:
        years = [int(y) for y in _YEAR.findall(text)]
        if years and max(years) <= published.year - HISTORY_YEARS:
            return True
    return False


#: Tokens before an active trigger searched for the crowd that did it ("a number of
#: villagers beat ..."): a determiner, "number of" and two modifiers fit in 6.
CROWD_WINDOW = 6
#: Tokens after a passive trigger searched for "by the (angry) mob".
CROWD_BY_WINDOW = 5
_CLAUSE_BREAK = {",", ";", ":", ".", "and", "after", "when", "who", "which", "that", "before", "while"}
#: "a group beat a suspected thief": a bare collective right before the act, with no armed
#: word before it ("an armed group killed" is an armed group). Checked on the ACLED Benin
#: notes (`tally eval acled`): "a group of farmers attacked a camp" was as often an Attack.
_BARE_COLLECTIVES = {"group", "gang"}
_ARMED_MODIFIERS = {"armed", "militant", "rebel", "jihadist", "terrorist", "criminal", "unidentified", "unknown"}

#: Verbs that stop or find a weapon, and the weapons they act on (ACLED's "Disrupted
#: weapons use": an explosive defused, a cache seized, a missile intercepted).
_DISRUPTION = re.compile(
    r"\b(?:defus\w*|dismantl\w*|seiz\w*|confiscat\w*|recover\w*|found|discover\w*|uncover\w*|intercept\w*|"
    r"shot down|neutrali[sz]ed|detected|cleared|caches?|stash(?:es)?|haul)\b",
    re.IGNORECASE,
)
_WEAPONS = re.compile(
    r"\b(?:weapons?|arms|ammunitions?|munitions|explosives?|ieds?|guns?|pistols?|firearms?|rifles?|revolvers?|"
    r"carbines?|kalashnikovs?|machine guns?|cartridges|bullets|rounds of|improvised explosive devices?|(?:land)?mines?|"
    r"bombs?|rockets?|grenades?|missiles?|drones?|projectiles|detonators?|suicide vests?|explosive devices?)\b",
    re.IGNORECASE,
)
#: Words within which a disruption verb and a weapon count as one phrase.
DISRUPTION_GAP_WORDS = 8

#: Happenings outside ACLED's scope: natural and industrial disasters, accidents and crime
#: with no political actor. Calibrated on CASE 2021's non-ACLED labels (`tally eval case2021`).
_OUT_OF_SCOPE = re.compile(
    r"\b(?:earthquakes?|floods?|flooding|landslides?|mudslides?|cyclones?|hurricanes?|typhoons?|tornado(?:es)?|"
    r"tsunami|volcan\w*|wildfires?|drought|avalanche|heavy rains?|storms?|"
    r"(?:road|car|train|plane|air|bus|boat|traffic) (?:crash|accident)|crashed|derail\w*|capsized|"
    r"collapsed?|gas (?:leak|explosion|cylinder)|cooking gas|fire (?:that |which )?broke out|caught fire|blaze|"
    r"firefighters|burned out|"
    r"drug traffick\w*|cartel|robbery|burglar\w*|heist|fraud|money laundering|poachers?)\b",
    re.IGNORECASE,
)
#: An industrial blast: a plant, boiler or tank that exploded, or an explosion at a works.
#: Out of ACLED's scope unless a device is named (`_DEVICE`). Written from ACLED's exclusion of
#: accidents; checked with `tally eval case2021` and `tally eval acled`.
_INDUSTRIAL = re.compile(
    r"\b(?:plant|factory|boiler|furnace|tank|warehouse|container|transformer|pipeline|refinery|reactor|"
    r"fireworks|cylinder|bunker) (?:has |had )?explod\w*|"
    r"\b(?:explosions?|blasts?|fire) (?:at|in|ripped through|tore through|hit) (?:a |an |the )?(?:[\w-]+ ){0,3}"
    r"(?:plant|factory|warehouse|refinery|mine|depot|industrial \w+|storage \w+)\b|"
    r"\b(?:chemical (?:plant|spill|incident|leak)|industrial (?:accident|explosion|area|estate))\b",
    re.IGNORECASE,
)
_DEVICE = re.compile(
    r"\b(?:bombs?|bombing|bomber|ied|explosive devices?|improvised|grenades?|landmines?|suicide|rockets?|"
    r"missiles?|shells?|mortars?|drones?|air ?strikes?|militants?|insurgents?|terror\w*)\b",
    re.IGNORECASE,
)


#: A gathering's own damage and violence, looked for only in a gathering's sentences
#: ("the demonstrators burned tyres and blocked the road"). From ACLED's definition of a
#: violent demonstration; checked with `tally eval acled` and `tally eval case2021`.
_RIOT_DAMAGE = re.compile(
    r"\b(?:burn(?:ed|t|ing) (?:down )?(?:a |the |several |two |three )?(?:\w+ )?(?:tyres|tires|vehicles?|cars?|houses?|"
    r"buildings?|offices?|posts?|stations?|shops?|property|rooms|chairs|factory)|set (?:on )?fire|"
    r"vandali[sz]\w*|smash\w*|ransack\w*|threw (?:stones|rocks|bottles|objects)|stones? (?:at|were thrown)|"
    r"clash(?:ed|es) with (?:the )?(?:police|security forces|gendarmes|soldiers|troops)|stone-?pelting|"
    r"property (?:was |were )?(?:destroyed|damaged)|(?:destroyed|damaged) property|material damages?|"
    r"(?:were|was) (?:burnt|burned|torched|vandali[sz]ed|looted|set ablaze)|"
    r"(?:threw|thrown|throwing|hurled|hurling|fired?) (?:\w+ ){0,2}(?:stones|rocks|bottles|objects|fireworks|firecrackers|"
    r"projectiles|molotovs?)|projectiles were thrown|pelted|scuffles?|confronted (?:the )?police|broke into|"
    r"pull(?:ed)? down|(?:turn(?:ed|s)?|became|grew) (?:\w+ )?violent|(?:outbreaks?|escalating|street|scenes?) (?:of )?violence|"
    r"violence (?:erupted|broke out)|aggressive|clash(?:ed|es|ing) with (?:\w+ ){0,2}(?:protesters|demonstrators)|"
    r"stoned|stoning|brawl(?:ed|s|ing)?|clashes (?:broke out|erupted|ensued)|"
    r"violent (?:strikes?|protests?|protesters|protestors|demonstrations?|demonstrators|crowds?|mobs?)|"
    r"(?:destroying|destroyed|damaging|damaged|vandalising|vandalizing) (?:\w+ ){0,2}(?:property|vehicles?|cars?|shops?|buildings?))\b",
    re.IGNORECASE,
)


#: A gathering blocking a way ("blocked the Cotonou-Parakou highway"): violent for ACLED,
#: unless the force used on the gathering was excessive (then that names the event).
_BLOCKADE = re.compile(
    r"\b(?:block(?:ed|ing|aded|ading)?|barricad(?:ed|ing)|shut(?:ting)? down|clos(?:ed|ing)|cut off) (?:off )?"
    r"(?:the |a |major |main )?(?:[\w'-]+ ){0,2}"
    r"(?:roads?|highways?|streets?|thoroughfares|traffic|bridges?|routes?|junctions?|crossroads|circulation|vehicles)\b|"
    r"\b(?:roadblocks|barricades?)\b",
    re.IGNORECASE,
)
#: Force that stops a gathering without a word of its own in triggers.tsv ("police
#: intervened"): read only in a gathering's sentences, where it means an intervention.
_INTERVENTION = re.compile(
    r"\b(?:police|security forces|gendarmes|gendarmerie|soldiers|troops|army|authorities)\b[^.;]{0,40}?"
    r"\b(?:intervened|stopped|broke up|disrupted|prevented|halted|blocked|suppressed|detained|arrested)\b",
    re.IGNORECASE,
)
#: Words before "to death" that make it a sentence passed, not a killing.
_JUDICIAL = {"sentenced", "sentences", "sentencing", "condemned", "penalty"}


@lru_cache(maxsize=4)
def _words(data_dir: Path, name: str, column: str) -> frozenset[str]:
    return frozenset(row[column].lower() for row in read_table(Path(data_dir) / name))


#: Where one clause of a sentence ends and another, with its own source and figure, begins.
_CLAUSE_SPLIT = re.compile(
    r";|,?\s+(?:while|whereas|but|although|though|however)\s+"
    r"|,?\s+and\s+(?=(?:\S+\s+){0,4}?(?:claim|said|says|according)\w*)",  # "and the group claimed"
    re.IGNORECASE,
)
#: After a claim phrase: a claim of the act, not of a figure ("claimed responsibility"), or a
#: party's figure that only backs another source's ("the group also reported").
_RESPONSIBILITY = re.compile(r"\s+(?:responsibility|credit|also)\b", re.IGNORECASE)


@lru_cache(maxsize=4)
def _party_claim_pattern(data_dir: Path) -> re.Pattern[str]:
    phrases = sorted(_words(data_dir, "party_claims.tsv", "phrase"), key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) or r"(?!)"
    return re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", re.IGNORECASE)


def crowd_agent(analysis: Analysis, sentence: Sentence, trigger: Hit, data_dir: Path = DATA_DIR) -> bool:
    """True when an unorganised crowd did the act: "a number of villagers beat", "killed by a mob"."""
    crowds = _words(data_dir, "crowds.tsv", "word")
    tokens = analysis.tokens
    before = trigger.start - 1
    if before > sentence.tok_start and tokens[before].lower() in _BARE_COLLECTIVES:
        return tokens[before - 1].lower() not in _ARMED_MODIFIERS
    if trigger.entry.method == "beating" and _collective_before(tokens, sentence, trigger):  # type: ignore[attr-defined]
        return True
    for i in range(trigger.start - 1, max(sentence.tok_start, trigger.start - CROWD_WINDOW) - 1, -1):
        word = tokens[i].lower()
        if word in crowds:
            return True
        if word in _CLAUSE_BREAK:
            break
    end = min(sentence.tok_end, trigger.end + CROWD_BY_WINDOW)
    after = [t.lower() for t in tokens[trigger.end:end]]
    if "by" in after:
        return any(word in crowds for word in after[after.index("by") + 1:])
    return False


def _collective_before(tokens: list[str], sentence: Sentence, trigger: Hit) -> bool:
    """"a group of farmers assaulted": a collective (not an armed one) is the subject of a beating."""
    window = [t.lower() for t in tokens[max(sentence.tok_start, trigger.start - CROWD_WINDOW):trigger.start]]
    for i, word in enumerate(window):
        if word in _BARE_COLLECTIVES and i + 1 < len(window) and window[i + 1] == "of":
            rest = window[i:]
            return not any(w in _ARMED_MODIFIERS or w in _CLAUSE_BREAK for w in rest) and (i == 0 or window[i - 1] not in _ARMED_MODIFIERS)
    return False


#: A coder's remark about the record itself: "Fatalities coded as 0", "Total fatalities
#: coded as 5", "Fatalities are split across 4 events (1)". It reports nothing, so its
#: figure is never read as a count or as the figure a party claimed. A source statement
#: beside it ("(VoJ reported 3 fatalities)") is left to be read as one.
_CODER_REMARK = re.compile(
    r"\b(?:total\s+)?(?:fatalit(?:y|ies)|deaths?|casualt(?:y|ies))\s+(?:(?:are|were|is|was|have\s+been)\s+)?"
    r"(?:coded|split|divided)\b(?:\s+(?:as|across|between|among|over)\s+(?:\d+|[a-z]+)(?:\s+[a-z]+)?(?:\s*\(\d+\))?)?"
    r"|\bcoded\s+as\s+\d+",
    re.IGNORECASE,
)


def without_coder_remarks(text: str) -> str:
    """`text` with each coder's remark about the record ("Fatalities coded as 2") blanked out,
    same length so offsets hold: what is left is what the report itself says."""
    return _CODER_REMARK.sub(lambda m: " " * len(m.group()), text)


#: Words that credit a figure to a source ("according to the NY Times", "local officials said").
_ATTRIBUTION = re.compile(r"\baccording\s+to\b|\b(?:said|says|reported|reports|told|confirmed|stated)\b", re.IGNORECASE)


def attributed(text: str) -> bool:
    """True when `text` credits what it says to a source; whose source is `party_claim`'s question."""
    return bool(_ATTRIBUTION.search(text))


def party_claim(text: str, data_dir: Path = DATA_DIR) -> bool:
    """True when a casualty figure in `text` is credited to a party to the fighting."""
    return any(True for _ in _claim_phrases(text, data_dir))


def party_claim_governs(sentence: str, start: int, end: int, data_dir: Path = DATA_DIR) -> bool:
    """True when a party's claim phrase sits in the clause of `sentence` that holds the count
    at `sentence[start:end]` ("the Taliban claimed to have killed 20", "20 died, the group
    said"), not in another clause with its own figure ("5 died, but the group claimed 20")."""
    lo, hi = 0, len(sentence)
    for cut in _CLAUSE_SPLIT.finditer(sentence):
        if cut.end() <= start:
            lo = cut.end()
        elif cut.start() >= end:
            hi = cut.start()
            break
    return party_claim(sentence[lo:hi], data_dir)


def _claim_phrases(text: str, data_dir: Path) -> Iterator[re.Match[str]]:
    """Claim phrases of `text`, less claims of the attack itself ("the Taliban claimed
    responsibility"), which credit the act, not the figure."""
    for match in _party_claim_pattern(data_dir).finditer(text):
        if not _RESPONSIBILITY.match(text, match.end()):
            yield match


def disrupted_weapons(text: str) -> bool:
    """True when a weapon is stopped or found rather than used ("police defused an IED")."""
    for verb in _DISRUPTION.finditer(text):
        for weapon in _WEAPONS.finditer(text):
            lo, hi = sorted((verb.end(), weapon.start()))
            if weapon.start() != verb.start() and len(text[lo:hi].split()) <= DISRUPTION_GAP_WORDS:
                return True
    return False


def intervention(text: str) -> bool:
    """True when a gathering's text says police or troops stopped it ("police intervened")."""
    return bool(_INTERVENTION.search(text))


def blockade(text: str) -> bool:
    """True when a gathering's text says the crowd blocked a road, a bridge or traffic."""
    return bool(_BLOCKADE.search(text))


def riot_damage(text: str) -> bool:
    """True when a gathering's text says the crowd burned, smashed, blocked or fought."""
    return bool(_RIOT_DAMAGE.search(text))


#: A crime the victim was accused of ("executed a man accused of armed robbery"): the crime
#: is the reason given for the violence, not the happening reported. Looked for in the
#: characters just before the crime word.
_ALLEGED_CRIME = re.compile(r"\b(?:accused|suspected|suspicion|charged|convicted|guilty|investigation|for)\b[^.;]*$", re.IGNORECASE)
ALLEGED_CRIME_CHARS = 40


def out_of_scope(text: str) -> bool:
    """True for disasters, accidents and common crime: no ACLED event, whoever reports it."""
    if any(not _ALLEGED_CRIME.search(text[max(0, m.start() - ALLEGED_CRIME_CHARS):m.start()]) for m in _OUT_OF_SCOPE.finditer(text)):
        return True
    return bool(_INDUSTRIAL.search(text)) and not _DEVICE.search(text)


#: Main verbs of a statement about violence, not a report of it: "vowed to avenge the
#: bombing", "condemned the attack". Written from ACLED's rule that statements, threats and
#: reactions are not events (Codebook, 2023).
_STATEMENT_VERBS = {"vowed", "vows", "vow", "pledged", "pledges", "condemned", "condemns", "denounced",
                    "denounces", "deplored", "deplores", "mourned", "mourns", "warned", "warns", "threatened",
                    "threatens", "praised", "praises", "hailed", "hails", "welcomed", "denied",
                    "denies", "rejected", "rejects", "decried", "decries"}
#: "claimed responsibility for", "took credit for": a claim's verb, a statement only before these nouns.
_CLAIM_VERBS = {"claimed", "claims", "claim", "claiming", "took", "takes", "take", "taking"}
_CLAIM_NOUNS = {"responsibility", "credit"}
#: Words that open a relative clause about the speaker's past ("the group, which carried out ...").
_CLAUSE_OPENERS = {"which", "who", "whose"}


def stated_only(analysis: Analysis, sentence: Sentence, trigger: Hit) -> bool:
    """True when a trigger is only mentioned in a statement: after a main verb of statement
    ("vowed to avenge the killing of ...", "condemned the bombing") or inside a relative clause
    set off by a comma before one ("The group, which carried out a bombing last year, vowed ...").
    The caller decides whether the sentence still gives news (a toll, a day)."""
    lower = [t.lower() for t in analysis.tokens[sentence.tok_start:sentence.tok_end]]
    at = trigger.start - sentence.tok_start
    verbs = [
        i for i, w in enumerate(lower)
        if (w in _STATEMENT_VERBS or (w in _CLAIM_VERBS and lower[i + 1:i + 2] and lower[i + 1] in _CLAIM_NOUNS))
        and (i == 0 or lower[i - 1] not in _RELATIVE)
    ]
    if not verbs:
        return False
    if any(i < at for i in verbs):
        return True
    head = lower[:at]
    opened = [i for i, w in enumerate(head) if w in _CLAUSE_OPENERS and i and head[i - 1] == ","]
    return bool(opened) and "," in lower[at:verbs[0]]
