"""Sub-event types that depend on more than one word: who acted, on whom, and on what.

The trigger lexicon (`data/triggers.tsv`) names a sub-event type per word; `tally.events`
takes the most specific one in an event. ACLED's codebook then decides by the whole event
(the cues it reads are in `tally.scene_cues`):

- a crowd or a community with no armed organised side is mob violence; a battle needs two
  armed organised sides, and an attack on a checkpoint, a convoy or soldiers is one;
- a gathering's sub-type follows the crowd's own violence and the force used on it;
- a weapon found or defused is a disrupted weapon; soldiers captured are a battle;
- a place taken is regained by a state's forces or overtaken by anyone else, and changes
  hands without violence when the other side withdrew;
- acts that fall only on animals or goods are looting or property destruction.

`sub_event_type` applies those rules to one draft event. Every rule was checked with
`tally eval acled` and `tally eval case2021`; rerun both when one changes.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tally import cues, scene_cues, tolls
from tally.analysis import Analysis, Sentence
from tally.nlp import Hit
from tally.records import Actor, Quantity, Victims
from tally.perpetrators import party_member_hit
from tally.victims import is_passive

if TYPE_CHECKING:
    from tally.events import Draft

#: Actor kinds that make a clash a battle: a state's forces, rebels, political militias
#: (an ethnic or communal "militia" named after a crowd's community may be the crowd itself).
_ORGANISED_KINDS = {"state_forces", "external_forces", "rebel_group", "political_militia"}
#: Words that, right after a noun, tell what befell it ("three soldiers killed", "a policeman
#: died"), the words that may follow them when they take no object, and the tokens allowed
#: between a force's mention and a passive act ("1 policeman was reportedly abducted": 2).
_INTRANSITIVE_HARM = {"killed", "died", "dead", "wounded", "injured", "abducted", "kidnapped", "captured"}
FORCES_GAP_TOKENS = 3
_AFTER_INTRANSITIVE = {"in", "at", "on", "near", "and", ",", ".", ";", "when", "after", "during", "by", "while", "as",
                       "of", "from", "following", "overnight", "yesterday", "today"}
#: Kinds of actor whose members, killed or taken, make the act a battle (ACLED); a party's
#: member shot dead is violence against a civilian.
_FORCES_KINDS = {"state_forces", "external_forces", "rebel_group"}
#: Sub-event types that a capture in the same event replaces (the capture names the battle).
_TERRITORY_OVER = {
    None, "", "Attack", "Armed clash", "Abduction/forced disappearance", "Government regains territory",
    "Non-state actor overtakes territory", "Non-violent transfer of territory", "Shelling/artillery/missile attack",
    "Air/drone strike", "Disrupted weapons use", "Looting/property destruction", "Change to group/activity", "Arrests",
    "Headquarters or base established",
}
_TAKEN_SUBS = {"Government regains territory", "Non-state actor overtakes territory"}
#: Explosions that keep their type when a capture follows them in the text.
_REMOTE_SUBS = {"Shelling/artillery/missile attack", "Air/drone strike"}
#: Words for the side that took a place, read backwards from the verb of capture; the
#: window reaches "Syrian troops pushed their way into an enclave Wednesday, clashing ... and capturing".
TAKER_WINDOW_WORDS = 14
_STATE_WORDS = {"army", "troops", "troopers", "soldiers", "military", "government", "forces", "loyalists", "police",
                "gendarmes", "gendarmerie", "paramilitary", "regime"}
_NON_STATE_WORDS = {"rebels", "rebel", "militants", "fighters", "insurgents", "jihadists", "terrorists", "militia",
                    "militias", "militiamen", "opposition", "taliban", "shabab", "al-shabab", "al-shabaab", "isis",
                    "isil", "daesh", "houthis", "houthi", "gunmen", "separatists", "elements"}
#: Sub-event types of acts that, done to animals or goods only, are looting or destruction.
_PROPERTY_ACT_SUBS = {"", None, "Attack", "Abduction/forced disappearance"}
#: Actor kinds (`data/actor_kinds.tsv`) of a state's forces, and of any armed organised side.
STATE_KINDS = {"state_forces", "external_forces"}
ARMED_KINDS = {"state_forces", "external_forces", "rebel_group", "political_militia", "identity_militia"}
#: Words for the use of children as fighters that are nouns describing a perpetrator, not acts.
RECRUIT_VERBS = {"indoctrinated", "recruited", "forcibly recruited", "conscripted"}
#: Sub-event types that a crowd's violence (no armed group named) turns into mob violence.
_CROWD_SUBS = {None, "Attack", "Armed clash", "Abduction/forced disappearance", "Looting/property destruction", "Arrests"}
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


def sub_event_type(analysis: Analysis, draft: Draft, deaths: Quantity, named: tuple[Actor, ...], victims: list[Victims]) -> str:
    """The draft's ACLED sub-event type, from its triggers, actors, victims and toll.

    `named` are the perpetrators the text names (stand-ins for an unnamed attacker carry no
    span and must not decide the type).
    """
    if any(e.kind == "protest" for e in draft.entries):
        sub = _gathering_sub(analysis, draft, deaths)
    elif _acts_on_property(analysis, draft, deaths):
        sub = "Looting/property destruction"
    elif (taken := _territory_sub(analysis, draft, named)) is not None:
        sub = taken
    else:
        sub = _refined_sub(analysis, draft, draft.sub_event_type, named) or _generic_sub(analysis, draft, named, victims)
    if sub == "Attack" and _property_only(analysis, draft, victims, deaths):
        sub = "Looting/property destruction"
    if sub in ("Attack", "Armed clash") and _police_raid_only(analysis, draft, named, deaths):
        sub = "Other"  # "police raided the newspaper's office and closed it down": no violence, a development
    if sub == "Armed clash" and _crowd_against_forces(analysis, draft, named):
        sub = "Violent demonstration"  # "clashes between police and informal traders": one side unarmed
    if sub == "Looting/property destruction" and _party_crowd(analysis, draft):
        sub = "Mob violence"  # "NDC supporters burnt the party offices": a crowd's damage, a riot for ACLED
    if sub == "Abduction/forced disappearance" and _forces_taken(analysis, draft, victims):
        sub = "Armed clash"  # ACLED: soldiers or policemen captured by an armed group is a battle
    return sub


#: Words of a search or raid that by themselves tell of no violence.
_RAID_WORDS = {"raid", "raided", "raids", "raiding"}


def _police_raid_only(analysis: Analysis, draft: Draft, named: tuple[Actor, ...], deaths: Quantity) -> bool:
    """True when the police raided a place and no one was killed or hurt ("police raided The
    Post newspaper office and closed down publication"): ACLED codes such a raid as a
    strategic development, not an attack (a raid by troops on an armed group is a battle)."""
    if not named or not named[0].name.startswith("Police Forces") or (deaths.low or 0) > 0:
        return False
    if any(e.kind != "change" and e.phrase not in _RAID_WORDS for e in draft.entries):
        return False
    injured = tolls.injuries(analysis, draft.sentences, draft.triggers)
    return not (injured.low or 0) > 0


def _crowd_against_forces(analysis: Analysis, draft: Draft, named: tuple[Actor, ...]) -> bool:
    """True for a clash between the police and a crowd or unnamed communal group with no arms
    in the text ("police clashed with anti-slavery activists", "clashes between police and
    informal traders"): ACLED needs two armed organised sides for a battle; this is a riot.
    Troops are left out: a crowd that attacks a convoy of soldiers is often armed."""
    kinds = {a.kind for a in named}
    if not kinds & STATE_KINDS or kinds - STATE_KINDS - {"protesters", "rioters"}:
        return False
    if any(a.kind in STATE_KINDS and not a.name.startswith("Police Forces") for a in named):
        return False
    if not any(a.kind in {"protesters", "rioters"} for a in named):
        return False
    return not scene_cues.armed_means(" ".join(s.text for s in draft.sentences))


#: Words for a party's rank and file acting as a crowd: "NDC supporters burnt ...".
_PARTY_FOLLOWERS = {"supporters", "sympathisers", "sympathizers", "youths", "youth", "militants", "activists", "cadres"}


def _party_crowd(analysis: Analysis, draft: Draft) -> bool:
    """True when the first sentence's subject is a party's followers ("ZANU-PF youths",
    "National Democratic Congress (NDC) supporters"): without arms or a victim, their damage
    to property is a riot's, not an armed group's destruction."""
    sentence = draft.sentences[0]
    for mention in sentence.actors[:1]:
        if mention.actor.kind != "political_militia":
            continue
        # "(NDC) supporters": the bracketed short name skipped
        following = [t for t in analysis.tokens[mention.token_end:mention.token_end + 4] if t not in {"(", ")"} and not t.isupper()]
        if following[:1] and following[0].lower() in _PARTY_FOLLOWERS:
            return not scene_cues.armed_means(sentence.text)
    return False


def _refined_sub(analysis: Analysis, draft: Draft, sub: str | None, perpetrators: tuple[Actor, ...]) -> str | None:
    """Sub-event types that depend on more than one word: who acted, and on what."""
    text = " ".join(s.text for s in draft.sentences)
    first = draft.sentences[0]
    killed = any(t.entry.kind == "kill" and first.tok_start <= t.start < first.tok_end for t in draft.triggers)  # type: ignore[attr-defined]
    if sub in _WEAPON_SUBS and not killed and cues.disrupted_weapons(draft.sentences[0].text):
        return "Disrupted weapons use"  # "forces killed four militants and recovered weapons" is no disruption
    kinds = {a.kind for a in perpetrators}
    if _crowd_acted(analysis, draft, sub, perpetrators, text):
        return "Mob violence"  # "a number of youths captured and assaulted a thief": a crowd, no armed side
    if sub == "Government regains territory" and kinds and not kinds & STATE_KINDS:
        return "Non-state actor overtakes territory"
    if sub == "Non-state actor overtakes territory" and perpetrators and perpetrators[0].kind in STATE_KINDS:
        return "Government regains territory"
    if sub == "Mob violence" and kinds & _ORGANISED_KINDS and "mob" not in text.lower():
        return None
    return sub


def _territory_sub(analysis: Analysis, draft: Draft, perpetrators: tuple[Actor, ...]) -> str | None:
    """A town, village or base taken ("Taliban fighters seized a district centre"): the state's
    forces regain territory, anyone else overtakes it; taken as another side withdrew, with no
    violence in the event, it changed hands without a fight (ACLED's three territorial types).
    Explosions, killings of civilians and gatherings beside a capture keep their own type."""
    if draft.sub_event_type not in _TERRITORY_OVER:
        return None
    text = " ".join(s.text for s in draft.sentences)
    taken = scene_cues.territory_taken(text)
    if taken is None and draft.sub_event_type not in _TAKEN_SUBS:
        return None
    at = taken.start() if taken is not None else len(text)
    remote = [t for t in draft.triggers if t.entry.sub_event_type in _REMOTE_SUBS]  # type: ignore[attr-defined]
    if remote and remote[0].start_char - draft.sentences[0].start < at:
        return None  # "air strikes targeted rebel-held areas, as rebels captured a village": the strike leads
    violent = any(e.kind in {"act", "kill", "injure"} for e in draft.entries)
    if scene_cues.withdrawal(text) and not violent:
        return "Non-violent transfer of territory"  # "Al Shabaab takes control of Rab Dhuure after AMISOM withdrew"
    if taken is None:
        return None  # the trigger's own territorial type, flipped by who acted (`_refined_sub`)
    state = _taker_is_state(analysis, draft, text[:at], perpetrators)
    return "Government regains territory" if state else "Non-state actor overtakes territory"


def _taker_is_state(analysis: Analysis, draft: Draft, before: str, perpetrators: tuple[Actor, ...]) -> bool:
    """Whether the side named last before the verb of capture is a state's forces."""
    words = re.findall(r"[\w-]+", before.lower())[-TAKER_WINDOW_WORDS:]
    for n in range(len(words) - 1, -1, -1):
        word = words[n]
        if n and words[n - 1] in {"with", "against", "from", "of"}:
            continue  # "clashing with insurgents and capturing": the other side
        if word in _STATE_WORDS:
            return True
        if word in _NON_STATE_WORDS:
            return False
    return bool(perpetrators) and perpetrators[0].kind in STATE_KINDS


def _acts_on_property(analysis: Analysis, draft: Draft, deaths: Quantity) -> bool:
    """"seized two oxen from a herder", "soldiers killed 58 cows", "stole a motorcycle": when
    every act of the event falls on animals or goods and no one is killed or hurt, ACLED codes
    looting/property destruction, not an abduction or an attack."""
    if (deaths.low or 0) > 0 or any(e.kind in {"injure", "recruit"} or e.sub_event_type == "Mob violence" for e in draft.entries):
        return False  # "an angry mob vandalized temples": a mob's destruction is mob violence
    starts = {t.start for t in draft.triggers}
    # "gunmen seized five oxen", "youths armed with machetes vandalized": a word for the
    # attackers or their weapons right before another trigger is not an act of its own.
    acts = [
        t for t in draft.triggers
        if t.entry.kind in {"act", "kill"}  # type: ignore[attr-defined]
        and (_next_word(analysis, t) not in starts or t.entry.sub_event_type not in _PROPERTY_ACT_SUBS)  # type: ignore[attr-defined]
    ]
    if not acts or any(t.entry.sub_event_type not in _PROPERTY_ACT_SUBS for t in acts):  # type: ignore[attr-defined]
        return False  # "jets destroyed weapons depots": an air strike, whatever it hit
    text = analysis.document.text
    return all(scene_cues.property_object(text, t.end_char) for t in acts)


def _next_word(analysis: Analysis, trigger: Hit) -> int:
    """The token index of the first word after a trigger, brackets and commas skipped."""
    at = trigger.end
    while at < len(analysis.tokens) and analysis.tokens[at] in {")", "(", ",", "and"}:
        at += 1
    return at


def _crowd_acted(analysis: Analysis, draft: Draft, sub: str | None, perpetrators: tuple[Actor, ...], text: str) -> bool:
    """True when a crowd is the subject of the event's first act (villagers, youths, two
    families: `scene_cues.crowd_subject`) and nothing in the event is armed or organised: ACLED
    codes the violence of such a crowd as mob violence, and a battle needs two armed
    organised sides.

    A crowd raiding a camp or a village ("farmers attacked a Fulani camp") or fighting with
    firearms is a communal militia's attack or clash, and stays one; so is a clash with a
    state's forces or a rebel group named in it. Arrests are excluded: "activists were
    arrested" names the crowd as the people held.
    """
    if sub not in _CROWD_SUBS or sub == "Arrests" or draft.method == "explosion":
        return False
    crowd_at = _by_crowd(analysis, draft)
    if crowd_at is not None and any(a.kind in _ORGANISED_KINDS and (a.span is None or a.span.start < crowd_at) for a in perpetrators):
        return False  # an armed group named before the crowd's act did it; one named after ("before police arrived") did not
    first = _first_act(draft)
    if first is None or scene_cues.named_side_before(analysis, draft.sentences[0], first):
        return False
    if crowd_at is None and not _first_act_by_crowd(analysis, draft, first) and not _communal_fight(analysis, draft, sub, text):
        return False
    if sub == "Armed clash" and any(a.kind in _ORGANISED_KINDS for a in perpetrators):
        return False
    if scene_cues.armed_means(text):
        return False
    sentence = draft.sentences[0]
    named_before = any(m.actor.kind == "identity_militia" and m.token_start < first.start for m in sentence.actors)
    if not named_before and _A_NUMBER_OF.search(analysis.document.text[sentence.start:first.start_char]):
        return True  # "a number of farmers attacked several camps": an unorganised crowd, whatever it hit
    if sub != "Armed clash" and scene_cues.reprisal(text):
        return False  # "people from Tchamonga killed five herders in a retaliation attack": organised
    return not scene_cues.raid_on_community(text)


#: ACLED's own words for an unorganised crowd, before its act: "a number of villagers".
_A_NUMBER_OF = re.compile(r"\ba numbers? of\b", re.IGNORECASE)


def _communal_fight(analysis: Analysis, draft: Draft, sub: str | None, text: str) -> bool:
    """"Sunnis and Tijanis clashed", "fighting erupted over a land dispute": a fight over a
    dispute with no state force, rebel group or political militia named in the event (a
    party named only as the affiliation of a victim, "one MPP activist killed", is none)."""
    if sub != "Armed clash" or not scene_cues.dispute(text):
        return False
    return not any(
        m.actor.kind in _ORGANISED_KINDS and not party_member_hit(analysis, m, draft.triggers)
        for s in draft.sentences for m in s.actors
    )


def _first_act(draft: Draft) -> Hit | None:
    """The first act, death, injury or change of the event's first sentence."""
    sentence = draft.sentences[0]
    acts = [
        t for t in draft.triggers
        if sentence.tok_start <= t.start < sentence.tok_end and t.entry.kind in {"act", "kill", "injure", "change"}  # type: ignore[attr-defined]
    ]
    return min(acts, key=lambda t: t.start) if acts else None


def _first_act_by_crowd(analysis: Analysis, draft: Draft, first: Hit) -> bool:
    """True when the first act of the event's first sentence has a crowd for its subject."""
    if is_passive(analysis, first):
        return False  # "two villagers were killed": the crowd word names the victims
    return scene_cues.crowd_subject(analysis, draft.sentences[0], first, communities="armed clash" in {draft.method, (draft.sub_event_type or "").lower()})


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
    scene = _scene_text(analysis, draft)
    if scene_cues.firefight(text) or ("Armed clash" in subs and scene_cues.armed_means(text)):
        return "Armed clash"  # "demonstrators including hunters exchanged gunfire with soldiers": an armed side
    if subs & _RIOT_SUBS or _crowd_violence(analysis, draft) or cues.riot_damage(scene):
        return "Violent demonstration"
    # "protested over the killing of a student": deaths and shootings that are the cause of
    # the gathering, not force used on it, do not make the force excessive.
    present = [t for t in draft.triggers if not scene_cues.cause_of_protest(analysis, t)]
    if "Excessive force against protesters" in subs or ((deaths.low or 0) > 0 and any(t.entry.fatal or t.entry.kind == "kill" for t in present)):  # type: ignore[attr-defined]
        return "Excessive force against protesters"
    if any(t.entry.kind == "act" and t.entry.method in _FORCE_METHODS for t in present):  # type: ignore[attr-defined]
        return "Excessive force against protesters"  # beaten or shot, and not by the crowd
    if cues.blockade(scene):
        return "Violent demonstration"
    if any(e.kind == "force" or e.phrase in _DETAINING for e in draft.entries) or cues.intervention(text):
        return "Protest with intervention"
    return "Peaceful protest"


def _scene_text(analysis: Analysis, draft: Draft) -> str:
    """The draft's sentences with the sentences right before and after them that report no
    act of their own: "Farmers blocked vehicles on the RN 3. They were protesting ..." and
    "Prisoners demonstrated. Chairs were burnt." describe the gathering's own conduct."""
    indexes = {s.index for s in draft.sentences}
    chosen = set(indexes)
    for index in indexes:
        for near in (index - 1, index + 1):
            if 0 <= near < len(analysis.sentences) and not analysis.sentences[near].triggers:
                chosen.add(near)
    return " ".join(analysis.sentences[i].text for i in sorted(chosen))


def _crowd_violence(analysis: Analysis, draft: Draft) -> bool:
    """True when the gathering itself did a violent act ("the demonstrators assaulted ...")."""
    for sentence in draft.sentences:
        for trigger in draft.triggers:
            entry = trigger.entry
            violent = entry.kind == "act" or entry.sub_event_type == "Looting/property destruction"  # type: ignore[attr-defined]
            # "the residents wounded two policemen": an injury with its object; "52 people wounded" has none
            if entry.kind == "injure" and not _intransitive(analysis, trigger):  # type: ignore[attr-defined]
                if scene_cues.crowd_right_before(analysis, sentence, trigger):
                    return True
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


def acted_by_crowd(analysis: Analysis, draft: Draft) -> bool:
    """True when a crowd ("the demonstrators", "villagers") did an act of the draft's first sentence."""
    return _by_crowd(analysis, draft) is not None


def _by_crowd(analysis: Analysis, draft: Draft) -> int | None:
    """Where the first act a crowd did starts (a character offset), None when no crowd acted."""
    sentence = draft.sentences[0]
    acts = [t for t in draft.triggers if sentence.tok_start <= t.start < sentence.tok_end and t.entry.kind != "protest"]  # type: ignore[attr-defined]
    # "14 people had been wounded": a crowd word before a passive verb is its victim.
    return next((t.start_char for t in acts if not is_passive(analysis, t) and cues.crowd_agent(analysis, sentence, t)), None)


def _generic_sub(analysis: Analysis, draft: Draft, perpetrators: tuple[Actor, ...], victims: list[Victims]) -> str:
    """"shot", "attacked", "killed" alone: a battle when armed men fell on both sides, or
    when the act fell on armed men (soldiers killed, a checkpoint attacked); else an attack."""
    if draft.acts() is False and any(e.phrase in RECRUIT_VERBS for e in draft.entries):
        return "Other"
    if any(e.phrase in RECRUIT_VERBS for e in draft.entries) and not any(
        e.kind == "act" for e in draft.entries
    ):
        return "Other"
    if draft.method == "explosion":
        return "Remote explosive/landmine/IED"
    kinds = {a.kind for a in perpetrators}
    counted = [v for v in victims if v.count.low is not None]
    text = " ".join(s.text for s in draft.sentences)
    if scene_cues.off_duty(text):
        return "Attack"  # "gunmen assassinated an army colonel near his residence"
    if scene_cues.military_target(text):
        return "Armed clash"  # "gunmen attacked a police post; two informants died": a battle for ACLED
    if counted and counted[0].category == "civilian":
        return "Attack"  # the people the report counts were civilians, whoever answered fire
    combatant_victims = any(v.category == "combatant" for v in victims)
    if combatant_victims and (kinds & ARMED_KINDS or not kinds):
        return "Armed clash"  # ACLED: fighters or security forces hit by an armed party is a battle
    if len(kinds & STATE_KINDS) and len(kinds - STATE_KINDS - {"protesters", "rioters"}) and len(perpetrators) > 1:
        return "Armed clash"
    if draft.method == "armed clash" and not any(v.category == "civilian" for v in counted):
        return "Armed clash"  # "militiamen fought", "vigilantes clashed with the raiders"
    if not any(v.category == "civilian" for v in victims) and _forces_hit(analysis, draft):
        return "Armed clash"  # "2 soldiers killed in Wau", "a policeman was abducted"
    return "Attack"


def _forces_hit(analysis: Analysis, draft: Draft) -> bool:
    """True when armed men are the ones killed, hurt or taken: an armed actor's mention right
    before a passive act ("1 policeman was abducted", "three soldiers killed in Wau")."""
    for sentence in draft.sentences:
        for trigger in draft.triggers:
            if not sentence.tok_start <= trigger.start < sentence.tok_end:
                continue
            if trigger.entry.kind not in {"kill", "injure", "act"}:  # type: ignore[attr-defined]
                continue
            passive = is_passive(analysis, trigger)
            if not (passive or _intransitive(analysis, trigger)):
                continue
            gap = FORCES_GAP_TOKENS if passive else 0
            if any(m.actor.kind in _FORCES_KINDS and 0 <= trigger.start - m.token_end <= gap for m in sentence.actors):
                return True
    return False


def _forces_taken(analysis: Analysis, draft: Draft, victims: list[Victims]) -> bool:
    """True when those abducted are armed men: every victim a combatant, or a force's
    mention before the passive act ("1 policeman was abducted")."""
    if victims and all(v.category == "combatant" for v in victims):
        return True
    return not any(v.category == "civilian" for v in victims) and _forces_hit(analysis, draft)


def _intransitive(analysis: Analysis, trigger: Hit) -> bool:
    """"three soldiers killed in Wau", "a policeman died": a harm word with no object after it."""
    if trigger.text.lower() not in _INTRANSITIVE_HARM:
        return False
    tokens = analysis.tokens
    following = tokens[trigger.end].lower() if trigger.end < len(tokens) else "."
    return following in _AFTER_INTRANSITIVE


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
