"""Events: one per happening a document describes.

Each sentence holding a trigger that survives the cue checks (`tally.cues`) and is not an
aggregate claim (`tally.claims`) becomes a draft; drafts that describe the same happening
(compatible type and method, no conflicting place or date) merge, so a headline, a lead and
a later paragraph about one execution give one event with all three as evidence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from tally import cues, tolls
from tally.analysis import Analysis, Sentence
from tally.perpetrators import perpetrators_of, settle_perpetrators
from tally.attributions import Link, chain, released_media, unify
from tally.claims import PERIOD, is_follow_up
from tally.nlp import Hit, Trigger
from tally.records import Actor, Event, Place, Quantity, Source, Span, Victims, When
from tally.victims import is_passive, targets

#: Sub-event types from most to least specific: the most specific trigger in an event names it.
SUB_EVENT_ORDER = (
    "Disrupted weapons use", "Suicide bomb", "Chemical weapon", "Remote explosive/landmine/IED", "Air/drone strike",
    "Shelling/artillery/missile attack", "Grenade", "Sexual violence", "Mob violence", "Abduction/forced disappearance",
    "Excessive force against protesters", "Violent demonstration", "Protest with intervention",
    "Government regains territory", "Non-state actor overtakes territory", "Armed clash", "Peaceful protest",
    "Attack", "Non-violent transfer of territory", "Headquarters or base established", "Agreement", "Arrests",
    "Looting/property destruction", "Change to group/activity", "Other",
)
_STRATEGIC = (
    "Other", "Change to group/activity", "Arrests", "Agreement", "Disrupted weapons use", "Looting/property destruction",
    "Headquarters or base established", "Non-violent transfer of territory",
)
EVENT_TYPES = {
    "Suicide bomb": "Explosions/Remote violence", "Chemical weapon": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence", "Air/drone strike": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence", "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians", "Abduction/forced disappearance": "Violence against civilians",
    "Attack": "Violence against civilians", "Armed clash": "Battles",
    "Government regains territory": "Battles", "Non-state actor overtakes territory": "Battles",
    "Excessive force against protesters": "Protests", "Protest with intervention": "Protests",
    "Peaceful protest": "Protests", "Violent demonstration": "Riots", "Mob violence": "Riots",
    **{sub: "Strategic developments" for sub in _STRATEGIC},
}
#: Territory taken: beside a withdrawal and no violence, the transfer was non-violent.
_TAKEN = {"Government regains territory", "Non-state actor overtakes territory"}
#: Sub-event types that a crowd's violence (no armed group named) turns into mob violence.
_CROWD_SUBS = {None, "Attack", "Armed clash", "Abduction/forced disappearance", "Looting/property destruction", "Arrests"}
#: A sentence that speaks of the dead already reported ("the dead included eight women"):
#: part of the event before it, wherever the hospital it names is.
_REFERS_BACK = re.compile(
    r"\b(?:the|those) (?:dead|victims|killed|wounded)\b(?! (?:in|of) (?:an?|another|a separate)\b)|\bamong the (?:dead|victims)\b",
    re.IGNORECASE,
)
#: Verbs right before a date that make it the start of a longer episode.
_EPISODE_START = re.compile(r"\b(?:began|started|begun|erupted first|beginning)\s*$", re.IGNORECASE)
#: Sub-event types that, beside a gathering, say the gathering itself turned violent.
_RIOT_SUBS = {"Violent demonstration", "Looting/property destruction", "Armed clash", "Mob violence"}
#: Methods of force on a gathering that ACLED codes as excessive (not by the crowd itself).
_FORCE_METHODS = {"beating", "shooting"}
#: Arrest verbs that, in a gathering's sentences, mean the gathering was stopped ("police
#: detained 40 protesters"); the nouns ("protested the arrest of") do not.
_DETAINING = {"arrested", "detained", "apprehended", "rounded up", "taken into custody"}
#: Sub-event types a disrupted weapon ("an IED was defused", "seized a weapons cache") replaces.
_WEAPON_SUBS = {
    None, "Remote explosive/landmine/IED", "Grenade", "Shelling/artillery/missile attack", "Air/drone strike",
    "Abduction/forced disappearance", "Attack", "Suicide bomb", "Looting/property destruction", "Arrests",
}
#: "Fatalities split across 3 events": a total a report spreads over several happenings.
_SPLIT = re.compile(
    r"\bsplit\s+(?:across|between|among|over)\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:events|incidents|districts|locations|places|days|attacks)\b(?:\s*\((\d+)\))?",
    re.IGNORECASE,
)
#: A figure of its own in a sentence: a claim phrase there credits that figure, not the count.
_FIGURE = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|scores?)\b", re.IGNORECASE)
#: A bracketed aside: "3 policemen (2 according to the group)" gives a second figure there.
_BRACKETED = re.compile(r"\([^()]*\)")
_SMALL_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
#: Methods that say less than any other method an event's sentences give.
GENERIC_METHODS = {"", "execution", "armed clash", "explosion", None}
#: Words for the use of children as fighters that are nouns describing a perpetrator, not acts.
_RECRUIT_VERBS = {"indoctrinated", "recruited", "forcibly recruited", "conscripted"}
_STATE_KINDS = {"state_forces", "external_forces"}
_ARMED_KINDS = {"state_forces", "external_forces", "rebel_group", "political_militia", "identity_militia"}
_SCHOOL_WORDS = ("school", "hospital", "clinic", "madrasa", "classroom", "university")
_GRAPHIC_WORDS = ("in the head", "point blank", "point-blank", "mutilated", "dismembered")
#: Base confidence of an event, and what each well-filled field adds. Rough weights, set by
#: hand on examples/; `tally eval` (issue 3) is where they will be calibrated.
BASE_CONFIDENCE = 0.4
FIELD_CONFIDENCE = 0.12


@dataclass
class Draft:
    """An event being assembled from one or more sentences."""

    sentences: list[Sentence] = field(default_factory=list)
    triggers: list[Hit] = field(default_factory=list)

    @property
    def entries(self) -> list[Trigger]:
        return [t.entry for t in self.triggers]  # type: ignore[misc]

    @property
    def sub_event_type(self) -> str | None:
        subs = {e.sub_event_type for e in self.entries if e.sub_event_type}
        if any(e.kind in {"act", "kill"} for e in self.entries):
            # "killed people and set fire to their huts": the violence names the event.
            subs -= {s for s in _STRATEGIC if s != "Disrupted weapons use"}
        if "Non-violent transfer of territory" in subs and subs & _TAKEN and not any(e.kind in {"act", "kill"} for e in self.entries):
            # "entered the town after the army withdrew": taken without a fight (ACLED codebook).
            return "Non-violent transfer of territory"
        return next((s for s in SUB_EVENT_ORDER if s in subs), None)

    @property
    def method(self) -> str | None:
        # The word that names the sub-event type names the method before a bare "gunmen".
        entries = sorted(self.entries, key=lambda e: not e.sub_event_type)
        specific = [e.method for e in entries if e.method not in GENERIC_METHODS]
        if specific:
            return specific[0]
        generic = [e.method for e in self.entries if e.method]
        return generic[0] if generic else None

    @property
    def places(self) -> list[Place]:
        return [p for s in self.sentences for p in s.places]

    def acts(self) -> bool:
        return any(e.kind in {"act", "protest", "force", "change"} or e.phrase in _RECRUIT_VERBS for e in self.entries)


def extract(analysis: Analysis) -> tuple[list[Event], list[Sentence], list[Sentence]]:
    """The events of one document, and the sentences set aside as claims and follow-ups."""
    drafts: list[Draft] = []
    claim_sentences: list[Sentence] = []
    follow_ups: list[Sentence] = []
    previous_claim = False
    for sentence in analysis.sentences:
        if not sentence.triggers:
            previous_claim = False
            continue
        if analysis.is_claim(sentence):
            claim_sentences.append(sentence)
            previous_claim = True
            continue
        if is_follow_up(sentence, previous_claim) or cues.background(analysis, sentence):
            if previous_claim:
                follow_ups.append(sentence)
            continue
        previous_claim = False
        live = [t for t in sentence.triggers if not cues.suppressed(analysis, sentence, t)]
        draft = Draft([sentence], live)
        if live and _told_as_background(analysis, sentence, draft, bool(drafts)):
            continue  # "its members have carried out killings": what went before the news
        if live and _stated_only(analysis, sentence, draft):
            continue  # "vowed to avenge the bombing": a statement about an attack, not the attack
        if draft.entries and all(e.kind == "protest" for e in draft.entries) and PERIOD.search(sentence.text):
            continue  # "demonstrations have taken place since October": a movement, not one protest
        if live and _out_of_scope(sentence, draft):
            continue
        if not live or not (draft.acts() or _has_counted_deaths(analysis, draft) or _kills_someone(analysis, draft)):
            if live and drafts and _compatible(drafts[-1], draft):
                _merge(drafts[-1], draft)
            continue
        if drafts and _REFERS_BACK.search(sentence.text) and not any(e.kind == "protest" for e in draft.entries):
            _merge(drafts[-1], draft)  # "the dead included eight women": the toll just given
            continue
        target = next((d for d in reversed(drafts) if _compatible(d, draft)), None) or _same_toll(analysis, drafts, draft)
        if target and _destroys_only(draft) and not _destroys_only(target):
            continue  # "the militants also burned shops": part of the attack already drafted
        if target:
            _merge(target, draft)
        else:
            drafts.append(draft)
    events = [_event(analysis, draft, n) for n, draft in enumerate(drafts)]
    return [e for e in events if e is not None], claim_sentences, follow_ups


def _same_toll(analysis: Analysis, drafts: list[Draft], draft: Draft) -> Draft | None:
    """An earlier draft giving the same death toll: "the hospital received 15 bodies" after
    "15 people were killed" is that attack again, whatever town the hospital is in."""
    deaths = tolls.deaths(analysis, draft.sentences, draft.triggers)
    if deaths is None or not deaths.low:
        return None
    for earlier in reversed(drafts):
        toll = tolls.deaths(analysis, earlier.sentences, earlier.triggers)
        if toll is not None and toll.low == deaths.low and EVENT_TYPES.get(earlier.sub_event_type or "") != "Strategic developments":
            return earlier
    return None


def _told_as_background(analysis: Analysis, sentence: Sentence, draft: Draft, after_news: bool) -> bool:
    """A sentence whose acts are all told as background (`cues.backgrounded`) and that gives
    neither a death toll nor a day of its own: no event, and nothing to add to one."""
    told = [t for t in draft.triggers if not cues.manner(analysis, t)] or draft.triggers
    if not all(cues.backgrounded(analysis, sentence, t, after_news) for t in told):
        return False
    if _has_counted_deaths(analysis, draft):
        return False
    return not any(d.precision == "day" for d in analysis.dates(sentence))


def _stated_only(analysis: Analysis, sentence: Sentence, draft: Draft) -> bool:
    """A sentence whose acts are all mentioned in a statement (`cues.stated_only`) and that
    gives neither a death toll nor a day of its own: a reaction, not an event."""
    if not all(cues.stated_only(analysis, sentence, t) for t in draft.triggers):
        return False
    if _has_counted_deaths(analysis, draft):
        return False
    return not any(d.precision == "day" for d in analysis.dates(sentence))


def _has_counted_deaths(analysis: Analysis, draft: Draft) -> bool:
    return tolls.deaths(analysis, draft.sentences, draft.triggers) is not None


def _kills_someone(analysis: Analysis, draft: Draft) -> bool:
    """"villagers killed an elderly woman": a death word with its victim is an act."""
    sentence = draft.sentences[0]
    return any(
        t.entry.kind == "kill" and targets(analysis, sentence, t, [])  # type: ignore[attr-defined]
        for t in draft.triggers
    )


def _out_of_scope(sentence: Sentence, draft: Draft) -> bool:
    """A flood, a crash or a robbery with no armed group, crowd or protest in it: not ACLED's."""
    if any(e.kind in {"protest", "force"} for e in draft.entries) or sentence.actors:
        return False
    return cues.out_of_scope(sentence.text)


def _merge(target: Draft, draft: Draft) -> None:
    target.sentences.extend(draft.sentences)
    target.triggers.extend(draft.triggers)


def _recruits(draft: Draft) -> bool:
    return any(e.phrase in _RECRUIT_VERBS for e in draft.entries)


def _fatal(draft: Draft) -> bool:
    return any(e.fatal for e in draft.entries)


def _compatible(a: Draft, b: Draft) -> bool:
    """Whether two drafts of one document can be one happening."""
    if all(e.kind == "protest" for e in b.entries) and not any(e.kind in {"protest", "force"} for e in a.entries):
        return False  # residents protesting after an attack are not the attack
    if _recruits(a) != _recruits(b) and (_fatal(a) or _fatal(b)):
        return False  # children trained in a camp are not the execution in the same video
    sub_a, sub_b = a.sub_event_type, b.sub_event_type
    strategic_a = EVENT_TYPES.get(sub_a or "") == "Strategic developments"
    strategic_b = EVENT_TYPES.get(sub_b or "") == "Strategic developments"
    if strategic_a != strategic_b and not _destruction_beside_violence(a, b):
        return False  # a leader's ban is not the violence reported beside it
    if sub_a and sub_b and sub_a != sub_b:
        families = {EVENT_TYPES.get(sub_a), EVENT_TYPES.get(sub_b)}
        gatherings = families & {"Protests", "Riots"}
        if gatherings and families - gatherings:
            return False  # a protest is not the attack reported beside it
        if not gatherings and "Attack" not in (sub_a, sub_b):
            return False
    method_a, method_b = a.method, b.method
    # "one guard was shot dead" beside an abduction: a bare act word's method is incidental.
    typed = sub_a is not None and sub_b is not None
    if typed and method_a not in GENERIC_METHODS and method_b not in GENERIC_METHODS and method_a != method_b:
        return False
    towns_a = {p.geonameid for p in a.places if p.precision == 1}
    towns_b = {p.geonameid for p in b.places if p.precision == 1}
    return not (towns_a and towns_b and towns_a.isdisjoint(towns_b))


def _destroys_only(draft: Draft) -> bool:
    return draft.sub_event_type == "Looting/property destruction"


def _destruction_beside_violence(a: Draft, b: Draft) -> bool:
    """"The militants also burned shops and cars" after an attack (`a` the earlier draft): destruction reported
    beside violence is part of it, as ACLED codes looting during an attack as the attack."""
    looting = "Looting/property destruction"
    violent = {"Violence against civilians", "Battles", "Explosions/Remote violence"}
    if b.sub_event_type != looting or any(e.kind == "protest" for e in a.entries):
        return False
    return a.sub_event_type is None or EVENT_TYPES.get(a.sub_event_type) in violent


def _event(analysis: Analysis, draft: Draft, number: int) -> Event | None:
    document_id = analysis.document.id
    perpetrators, perpetrator_tokens = perpetrators_of(analysis, draft.sentences, draft.triggers, draft.sub_event_type)
    victims = _victims(analysis, draft, perpetrator_tokens)
    deaths = tolls.deaths(analysis, draft.sentences, draft.triggers)
    fatal = any(e.fatal for e in draft.entries)
    if deaths is None:
        counted = [v.count for v in victims if v.count.low is not None]
        if fatal and counted:
            # Victim phrases of one event mostly name the same people again ("a suspected spy",
            # "the man"): without a stated toll, the largest count is the conservative one.
            largest = max(counted, key=lambda q: q.low or 0)
            deaths = Quantity(largest.low, largest.high or largest.low, None)
        else:
            deaths = Quantity(0, 0, None) if not any(e.kind == "kill" for e in draft.entries) else Quantity()
    deaths = _reported_deaths(analysis, draft, deaths)
    # Stand-ins added for an unnamed attacker carry no span and must not decide the type.
    named = tuple(a for a in perpetrators if a.span is not None)
    if any(e.kind == "protest" for e in draft.entries):
        sub = _gathering_sub(analysis, draft, deaths)
    else:
        sub = _refined_sub(analysis, draft, draft.sub_event_type, named) or _generic_sub(draft, named, victims)
    if sub == "Attack" and _property_only(analysis, draft, victims, deaths):
        sub = "Looting/property destruction"
    perpetrators = settle_perpetrators(analysis, perpetrators, sub)
    event_type = EVENT_TYPES.get(sub, "Violence against civilians")
    method = draft.method
    if method is None and sub == "Attack" and fatal:
        method = "execution"
    place = _place(analysis, draft)
    when = _when(analysis, draft)
    text = " ".join(s.text for s in draft.sentences).lower()
    graphic = any(e.graphic for e in draft.entries) or any(w in text for w in _GRAPHIC_WORDS)
    grave = _grave_violations(draft, victims, deaths, sub, text)
    evidence = tuple(Span(document_id, s.start, s.end, s.text) for s in draft.sentences)
    confidence = BASE_CONFIDENCE + FIELD_CONFIDENCE * sum(
        [bool(perpetrators), place is not None and place.precision <= 3, when.precision != "unknown", draft.sub_event_type is not None, deaths.known]
    )
    return Event(
        id=f"{document_id}-e{number + 1}",
        document_id=document_id,
        event_type=event_type,
        sub_event_type=sub,
        method=method or None,
        perpetrators=perpetrators,
        victims=tuple(victims),
        fatalities=deaths,
        injuries=tolls.injuries(analysis, draft.sentences, draft.triggers),
        place=place,
        when=when,
        grave_violations=grave,
        attribution=_attribution(analysis, draft, perpetrators),
        evidence=evidence,
        graphic=graphic,
        confidence=min(confidence, 1.0),
    )


def _property_only(analysis: Analysis, draft: Draft, victims: list[Victims], deaths: Quantity) -> bool:
    """"gunmen attacked the village and burned houses": when the acts fall on property only (no
    one killed, injured, taken or named as victim), ACLED codes looting/property destruction."""
    entries = draft.entries
    if not any(e.sub_event_type == "Looting/property destruction" for e in entries):
        return False
    if victims or (deaths.low or 0) > 0 or any(e.kind in {"kill", "injure", "recruit"} or e.fatal for e in entries):
        return False
    if any(e.sub_event_type not in {None, "", "Attack", "Looting/property destruction"} for e in entries):
        return False
    injured = tolls.injuries(analysis, draft.sentences, draft.triggers)
    return not (injured.low or 0) > 0


def _with_asides(analysis: Analysis, draft: Draft) -> str:
    """The event's sentences and each trigger-less sentence right after one ("The figure
    comes from the group's own statement."): where a report says whose figure it gave."""
    indexes = {s.index for s in draft.sentences}
    chosen = [s for s in analysis.sentences if s.index in indexes or (s.index - 1 in indexes and not s.triggers)]
    return " ".join(s.text for s in chosen)


def _reported_deaths(analysis: Analysis, draft: Draft, deaths: Quantity) -> Quantity:
    """ACLED's rules on whose figure counts: a party's own claim is coded 0 (the claim kept
    as the high bound); a total "split across N events" gives this event its share."""
    text = _with_asides(analysis, draft)
    if deaths.low and _claimed_by_party(analysis, draft, deaths):
        return Quantity(0, deaths.high if deaths.high is not None else deaths.low, "claimed by a party to the fighting", deaths.span)
    split = _SPLIT.search(text)
    if deaths.low and split:
        parts = int(split.group(1)) if split.group(1).isdigit() else _SMALL_NUMBERS[split.group(1).lower()]
        # The report's own share when it states one; else the first event's share, the
        # remainder going to it as ACLED spreads it (14 over 3 events: 5, 5, 4).
        share = int(split.group(2)) if split.group(2) else math.ceil(deaths.low / max(parts, 1))
        return Quantity(share, share, f"share of {deaths.low} split across {parts}", deaths.span)
    return deaths


def _claimed_by_party(analysis: Analysis, draft: Draft, deaths: Quantity) -> bool:
    """True when the count itself is a party's claim: a claim phrase in the count's own clause
    (outside a bracketed second figure), or in a sentence of the event that gives no figure or
    the same figure ("The figure came from the group's statement."). A second, different
    claimed figure beside an independent count leaves the count alone."""
    indexes = {s.index for s in draft.sentences}
    chosen = [s for s in analysis.sentences if s.index in indexes or (s.index - 1 in indexes and not s.triggers)]
    span = deaths.span
    home = next((s for s in chosen if span is not None and s.start <= span.start < s.end), None)
    if home is None or span is None:
        return cues.party_claim(" ".join(s.text for s in chosen))
    start, end = span.start - home.start, span.end - home.start
    masked = _BRACKETED.sub(lambda m: " " * len(m.group()) if _FIGURE.search(m.group()) and cues.party_claim(m.group()) else m.group(), home.text)
    if masked[start:end].isspace() or cues.party_claim_governs(masked, start, end):
        return True
    figures = {str(deaths.low), str(deaths.high)}
    return any(
        s is not home and cues.party_claim(s.text) and (not _FIGURE.search(s.text) or figures & set(re.findall(r"\d+", s.text)))
        for s in chosen
    )


def _refined_sub(analysis: Analysis, draft: Draft, sub: str | None, perpetrators: tuple[Actor, ...]) -> str | None:
    """Sub-event types that depend on more than one word: who acted, and on what."""
    text = " ".join(s.text for s in draft.sentences)
    if sub in _WEAPON_SUBS and cues.disrupted_weapons(draft.sentences[0].text):
        return "Disrupted weapons use"
    kinds = {a.kind for a in perpetrators}
    armed = bool(kinds & _ARMED_KINDS)
    crowd_at = _by_crowd(analysis, draft)
    if sub in _CROWD_SUBS and crowd_at is not None and not any(
        a.kind in _ARMED_KINDS and (a.span is None or a.span.start < crowd_at) for a in perpetrators
    ):
        return "Mob violence"  # an armed group named after the act ("before police arrived") did not do it
    if sub == "Government regains territory" and kinds and not kinds & _STATE_KINDS:
        return "Non-state actor overtakes territory"
    if sub == "Non-state actor overtakes territory" and perpetrators and perpetrators[0].kind in _STATE_KINDS:
        return "Government regains territory"
    if sub == "Mob violence" and armed and "mob" not in text.lower():
        return None
    return sub


def _gathering_sub(analysis: Analysis, draft: Draft, deaths: Quantity) -> str:
    """A gathering's sub-event type, by ACLED's precedence.

    The crowd's own violence (stones, burning, clashes, damage, an assault by the
    demonstrators) makes a violent demonstration, even when police then used force; force
    that kills, beats or shoots is excessive, even on a crowd blocking a road; a blockade
    otherwise makes it violent; force on a peaceful crowd is an intervention (tear gas,
    dispersal, arrests); else the protest was peaceful.
    """
    subs = {e.sub_event_type for e in draft.entries}
    protest = any(e.kind == "protest" and e.sub_event_type == "Peaceful protest" for e in draft.entries)
    if "Mob violence" in subs and not protest:
        return "Mob violence"  # "a riot-like scene after a mob lynched two men": no protest in it
    text = " ".join(s.text for s in draft.sentences)
    if subs & _RIOT_SUBS or _crowd_violence(analysis, draft) or cues.riot_damage(text):
        return "Violent demonstration"
    if "Excessive force against protesters" in subs or (deaths.low or 0) > 0:
        return "Excessive force against protesters"
    if any(e.kind == "act" and e.method in _FORCE_METHODS for e in draft.entries):
        return "Excessive force against protesters"  # beaten or shot, and not by the crowd
    if cues.blockade(text):
        return "Violent demonstration"
    if any(e.kind == "force" or e.phrase in _DETAINING for e in draft.entries) or cues.intervention(text):
        return "Protest with intervention"
    return "Peaceful protest"


def _crowd_violence(analysis: Analysis, draft: Draft) -> bool:
    """True when the gathering itself did a violent act ("the demonstrators assaulted ...")."""
    for sentence in draft.sentences:
        for trigger in draft.triggers:
            entry = trigger.entry
            violent = entry.kind == "act" or entry.sub_event_type == "Looting/property destruction"  # type: ignore[attr-defined]
            if not violent or not sentence.tok_start <= trigger.start < sentence.tok_end:  # type: ignore[attr-defined]
                continue
            if is_passive(analysis, trigger):
                continue
            if cues.crowd_agent(analysis, sentence, trigger) or _same_subject_as_gathering(analysis, sentence, draft, trigger):
                return True
    return False


def _same_subject_as_gathering(analysis: Analysis, sentence: Sentence, draft: Draft, trigger: Hit) -> bool:
    """"students protested in Parakou and assaulted two guards": an act joined by "and" to a
    gathering verb, with no other actor named between them, is the gathering's own."""
    for gathering in draft.triggers:
        if gathering.entry.kind != "protest" or not sentence.tok_start <= gathering.start < trigger.start:  # type: ignore[attr-defined]
            continue
        between = [t.lower() for t in analysis.tokens[gathering.end:trigger.start]]
        if "and" in between[-2:] and not any(gathering.end <= m.token_start < trigger.start for m in sentence.actors):
            return True
    return False


def _by_crowd(analysis: Analysis, draft: Draft) -> int | None:
    """Where the first act a crowd did starts (a character offset), None when no crowd acted."""
    sentence = draft.sentences[0]
    acts = [t for t in draft.triggers if sentence.tok_start <= t.start < sentence.tok_end and t.entry.kind != "protest"]  # type: ignore[attr-defined]
    # "14 people had been wounded": a crowd word before a passive verb is its victim.
    return next((t.start_char for t in acts if not is_passive(analysis, t) and cues.crowd_agent(analysis, sentence, t)), None)


def _generic_sub(draft: Draft, perpetrators: tuple[Actor, ...], victims: list[Victims]) -> str:
    """"shot", "attacked", "killed" alone: a battle when armed men fell on both sides."""
    if draft.acts() is False and any(e.phrase in _RECRUIT_VERBS for e in draft.entries):
        return "Other"
    if any(e.phrase in _RECRUIT_VERBS for e in draft.entries) and not any(
        e.kind == "act" for e in draft.entries
    ):
        return "Other"
    if draft.method == "explosion":
        return "Remote explosive/landmine/IED"
    kinds = {a.kind for a in perpetrators}
    counted = [v for v in victims if v.count.low is not None]
    if counted and counted[0].category == "civilian":
        return "Attack"  # the people the report counts were civilians, whoever answered fire
    combatant_victims = any(v.category == "combatant" for v in victims)
    if combatant_victims and (kinds & _ARMED_KINDS or not kinds):
        return "Armed clash"  # ACLED: fighters or security forces hit by an armed party is a battle
    if len(kinds & _STATE_KINDS) and len(kinds - _STATE_KINDS - {"protesters", "rioters"}) and len(perpetrators) > 1:
        return "Armed clash"
    return "Attack"


def _victims(analysis: Analysis, draft: Draft, excluded: list[tuple[int, int]]) -> list[Victims]:
    """Victims of the event, each group once; headlines last (their words are title case)."""
    found: dict[str, Victims] = {}
    trigger_tokens = [(t.start, t.end) for t in draft.triggers if t.entry.kind == "recruit"]  # type: ignore[attr-defined]
    for sentence in sorted(draft.sentences, key=analysis.is_headline):
        for trigger in draft.triggers:
            if not sentence.tok_start <= trigger.start < sentence.tok_end or trigger.entry.kind == "recruit":  # type: ignore[attr-defined]
                if not (sentence.tok_start <= trigger.start < sentence.tok_end and trigger.entry.phrase in _RECRUIT_VERBS):  # type: ignore[attr-defined]
                    continue
            for target in targets(analysis, sentence, trigger, excluded + trigger_tokens):
                key = target.victims.description.lower()
                word = key.split()[-1]
                if any(existing.split()[-1] == word for existing in found):
                    continue
                if found and target.definite and not target.explicit_count:
                    continue  # "the man": someone the report has already named
                found[key] = target.victims
    return list(found.values())


def _place(analysis: Analysis, draft: Draft) -> Place | None:
    """A town in the event's sentences; else one next to them; else a region or country.

    Towns outside the report's main country are passed over while one inside it exists:
    a same-named village abroad is the commoner error than a cross-border event.
    """
    towns = _in_country(analysis, [p for p in draft.places if p.precision <= 2])
    if towns:
        return towns[0]
    indexes = {s.index for s in draft.sentences}
    for sentence in analysis.sentences:
        if sentence.index in indexes:
            continue
        near = any(abs(sentence.index - i) <= 1 for i in indexes)
        towns = _in_country(analysis, [p for p in sentence.places if p.precision <= 2])
        if near and towns and not cues.background(analysis, sentence):
            return replace(towns[0], note="named in the sentence next to the description of the act, not in it")
    regions = [p for p in draft.places if p.precision <= 4]
    return regions[0] if regions else None


def _in_country(analysis: Analysis, places: list[Place]) -> list[Place]:
    if analysis.country is None:
        return places
    return [p for p in places if p.country_code == analysis.country]


def _when(analysis: Analysis, draft: Draft) -> When:
    indexes = {s.index for s in draft.sentences}
    for sentence in draft.sentences:
        dates = [d for d in analysis.dates(sentence) if not _episode_start(analysis, d)]
        if dates:
            if dates[0].precision in {"month", "year"}:
                # "10 June. Residents blocked a road ... before the April elections": the
                # dateline's day over a month the sentence mentions.
                dateline = _nearest_date(analysis, indexes)
                if dateline is not None and dateline.precision == "day":
                    return dateline
            return dates[0]
    for sentence in analysis.sentences:
        if sentence.index in indexes or not ("released" in sentence.text.lower() or released_media(sentence.text)):
            continue  # the cheap test first: this loop runs over every sentence per event
        if not cues.background(analysis, sentence) and not analysis.is_claim(sentence):
            dates = [d for d in analysis.dates(sentence) if d.precision != "unknown"]
            if dates:
                return replace(dates[0], qualifier="on or before")
    nearest = _nearest_date(analysis, indexes)
    if nearest is not None:
        return nearest
    published = analysis.document.published
    if published is None:
        return When()
    # ACLED codes an undated report's happening on the day it was reported.
    return When(published, published, "day", "reported on")


def _nearest_date(analysis: Analysis, indexes: set[int]) -> When | None:
    """A dated sentence just before the event's ("13 June." over a note), else just after."""
    first = min(indexes)
    for sentence in sorted(analysis.sentences, key=lambda s: (s.index > first, abs(s.index - first))):
        if sentence.index in indexes or abs(sentence.index - first) > 1 or cues.background(analysis, sentence):
            continue
        if analysis.is_claim(sentence):
            continue
        dates = [
            d for d in analysis.dates(sentence)
            if d.precision in {"day", "week"} and not d.qualifier and not _episode_start(analysis, d)
        ]
        if dates:
            return dates[0]
    return None


def _episode_start(analysis: Analysis, when: When) -> bool:
    """"hostilities which began on 18 June": the start of a longer episode, not this event's day."""
    if when.span is None:
        return False
    before = analysis.document.text[max(0, when.span.start - 20):when.span.start]
    return bool(_EPISODE_START.search(before))


def _grave_violations(draft: Draft, victims: list[Victims], deaths: Quantity, sub: str, text: str) -> tuple[str, ...]:
    found: list[str] = []
    if any(e.kind == "recruit" for e in draft.entries):
        found.append("recruitment or use of children")
    children = any(v.children for v in victims)
    if children and ((deaths.low or 0) > 0 or sub in {"Attack", "Air/drone strike", "Shelling/artillery/missile attack"} and "recruitment or use of children" not in found):
        found.append("killing and maiming")
    if children and sub == "Abduction/forced disappearance":
        found.append("abduction")
    if children and sub == "Sexual violence":
        found.append("sexual violence")
    if any(word in text for word in _SCHOOL_WORDS) and EVENT_TYPES.get(sub) in {"Explosions/Remote violence", "Violence against civilians", "Battles"}:
        if not any(e.phrase in _RECRUIT_VERBS for e in draft.entries):
            found.append("attacks on schools or hospitals")
    return tuple(found)


def _attribution(analysis: Analysis, draft: Draft, perpetrators: tuple[Actor, ...]) -> tuple[Source, ...]:
    """Links in the event's own sentences, else the report's; the group's video last."""
    own: list[Link] = [link for s in draft.sentences for link in s.links]
    claimish = {s.index for s in analysis.sentences if analysis.is_claim(s)}
    report: list[Link] = [link for s in analysis.sentences if s.index not in claimish for link in s.links]
    links = unify(report if len(report) > len(own) else own)
    primary = None
    media = next((released_media(s.text) for s in draft.sentences if released_media(s.text)), None)
    if media and perpetrators and perpetrators[0].kind not in _STATE_KINDS:
        primary = Source(f"{perpetrators[0].name} {media}", "perpetrator_media")
    return chain(links, primary)

