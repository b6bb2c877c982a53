"""Perpetrators: which of the actors a sentence names did the act it reports, initiator first.

Every actor an event's sentences name gets a role: the agent ("an attack by X", "X attacked",
"X claimed responsibility"), a party named with no clear role, the other side of a fight
("clashes with X"), what was hit ("killed five soldiers", "strikes on IS positions") or the
side that fought off an attack ("X repulsed the attack", "repulsed by X"). Perpetrators are
the actors in order of role, as ACLED orders actor1 and actor2: the initiator first, then
the other armed party. One who only speaks ("the army said") or stands inside a source's name
is no party. A crowd leads a protest or riot; a report that names no one gets the actor ACLED
codes for an unknown party: protesters, rioters or an unidentified armed group of its country.
"""

from __future__ import annotations

import re

from tally.actors import (
    COMMUNAL_MILITIA,
    GROUP_KINDS,
    ActorMention,
    as_communal_militia,
    as_crowd,
    dominant_group,
    is_communal,
    is_crowd,
    context_country,
    is_unidentified,
    load_nationalities,
    qualified,
    unique_actors,
)
from tally.analysis import Analysis, Sentence
from tally.nlp import Hit
from tally.records import Actor
from tally.text import fold
from tally.victims import is_passive

#: Roles, best first; the initiator of an event is the actor with the highest.
AGENT, PARTY, OPPONENT, TARGET, DEFENDER = 4, 3, 2, 1, 0
#: Tokens between a role word ("by", "with", "on") and the actor it governs: determiners,
#: adjectives and numbers ("by an Afghan forces airstrike", "with two armed men"). Chosen on
#: hand-written sentences: three covers "by a group of", more reaches into the next clause.
GOVERNOR_WINDOW = 3
#: Tokens between an actor and the verb it is the subject of ("gunmen reportedly attacked").
SUBJECT_WINDOW = 3
#: Tokens after "were killed" in which "their attack" still names the fallen as attackers
#: ("were killed when Afghan forces repulsed their attack": 6 tokens).
OWN_ATTACK_WINDOW = 8

_PROTEST_SUBS = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
_RIOT_SUBS = {"Violent demonstration", "Mob violence"}
#: Sub-event types whose actor1 is a crowd: ACLED codes the gathering first.
_GATHERING_SUBS = _PROTEST_SUBS | _RIOT_SUBS
#: Sub-event types in which ACLED codes a crowd or communal group ("farmers attacked a camp",
#: "residents of Dogbo attacked a settlement") as a communal militia: its coders name rioters
#: only in riots (mob violence, violent demonstrations), never as the side of an attack or
#: armed clash.
_COMMUNAL_SUBS = {"Attack", "Abduction/forced disappearance", "Looting/property destruction", "Armed clash"}
#: The same before the sub-event type is settled: an armed clash of farmers may yet be a
#: crowd's mob violence.
#: Acts with a perpetrator and a target, no second armed side.
_ONE_SIDED_SUBS = {"Attack", "Abduction/forced disappearance", "Looting/property destruction", "Sexual violence"}
_EARLY_COMMUNAL_SUBS = _COMMUNAL_SUBS - {"Armed clash"}
#: Sub-event types with no unknown attacker to stand in for (strategic developments).
_NO_DEFAULT_SUBS = {
    "Change to group/activity", "Other", "Agreement", "Arrests", "Headquarters or base established",
    "Non-violent transfer of territory", "Disrupted weapons use",
}
_ARMED_KINDS = GROUP_KINDS | {"state_forces", "external_forces"}
_STATE_KINDS = {"state_forces", "external_forces"}
_SPEECH = {"said", "says", "say", "told", "stated", "claimed", "announced", "reported", "added", "blamed", "accused"}
_TARGET_WORDS = {"on", "against", "targeting", "targeted", "at", "hit", "struck"}
_DEFENCE_VERBS = {
    "repulsed", "repelled", "repulse", "repel", "foiled", "thwarted", "pushed", "fought",
    "responded", "retaliated", "returned", "intervened", "defended", "resisted",
}
_FILLERS = {
    "a", "an", "the", "suspected", "alleged", "unknown", "unidentified", "armed", "local", "their",
    "its", "his", "some", "several", "heavily", "group", "of", "dozens", "hundreds", "members",
}
_ADVERBS = {
    "reportedly", "allegedly", "also", "then", "later", "had", "have", "has", "again", "severely", "seriously", "badly",
    "fatally", "brutally",
}
_MADE_BY = {"planted", "placed", "laid", "made", "led", "fired", "launched", "claimed"}
_ATTACK_NOUNS = {"attack", "attacks", "assault", "offensive", "ambush", "raid"}
#: Trigger kinds that say who harmed whom: an act or a death, either voice; a wound only in
#: the passive ("soldiers were wounded"), since "killed and wounded when X fired" has X firing.
_HARM_KINDS = {"act", "kill"}
_PASSIVE_HARM_KINDS = _HARM_KINDS | {"injure"}
_CLAIM_OBJECTS = {"responsibility", "the attack", "credit"}
#: What a speaker says of itself that makes it the one who acted: "said in a statement
#: that it had carried out the attack", "says it killed four soldiers".
_OWN_DEED = re.compile(
    r"\b(?:it|they|its (?:fighters|members|men)) (?:had |has |have )?(?:carried out|conducted|was behind|were behind|"
    r"killed|attacked|ambushed|executed|abducted|launched|captured|re ?- ?captured|recaptured|recovered|retook|regained|"
    r"seized|took control|taken control|liberated|cleared|destroyed|repelled|repulsed|shelled|bombed)\b|"
    r"\bresponsibility\b|\bclaimed (?:the|an?) \w+",
)
#: Tokens after a speaker searched for what it says it did: "Al-Shabaab said in a statement
#: broadcast by its radio station that it had carried out the attack" is 14.
CLAIM_WINDOW = 16
#: "claimed the raid": a claim of an act, named by one of these nouns.
_CLAIMED_ACTS = {
    "attack", "attacks", "assault", "raid", "ambush", "bombing", "blast", "killing", "killings", "abduction",
    "kidnapping", "explosion", "strike", "operation",
}
#: "The police blamed Boko Haram for the attack": the one blamed is the agent.
_BLAME = {"blamed", "blames", "blaming", "accused", "accuses"}


def perpetrators_of(
    analysis: Analysis, sentences: list[Sentence], triggers: list[Hit], sub_event_type: str | None
) -> tuple[tuple[Actor, ...], list[tuple[int, int]]]:
    """Actors of the event, initiator first, and the token ranges victims may not use.

    Targets that are armed (soldiers killed in an ambush) stay as the second party, after
    the initiator. With no initiator named, falls back to the report's dominant group (a
    group's own video of its members at work), then to the unknown party ACLED would code.
    """
    candidates: list[tuple[int, ActorMention]] = []
    source_chars = [(h.start_char, h.end_char) for s in sentences for h in s.sources]
    for sentence in sentences:
        acts = [t for t in triggers if sentence.tok_start <= t.start < sentence.tok_end]
        roles = _coordinated_roles(analysis, sentence.actors, [_role(analysis, m, acts) for m in sentence.actors])
        for mention, role in zip(sentence.actors, roles):
            if mention.actor.span and any(a <= mention.actor.span.start < b for a, b in source_chars):
                continue
            if _is_speaker(analysis, mention):
                continue
            if role == TARGET and mention.actor.kind not in _ARMED_KINDS:
                continue  # "attacked residents": victims, not a party
            if role in (TARGET, PARTY) and party_member_hit(analysis, mention, acts):
                continue  # "one MPP activist killed": a party's member as the victim, a civilian
            candidates.append((role, mention))
    # "gunmen" beside a named group in as strong a role are that group's men.
    named = [r for r, m in candidates if r > TARGET and m.actor.kind in GROUP_KINDS and not is_unidentified(m.actor)]
    if named:
        candidates = [
            (r, m) for r, m in candidates if not is_unidentified(m.actor) or is_communal(m.actor) or r > max(named)
        ]
    tokens = [(m.token_start, m.token_end) for r, m in candidates if r != TARGET]
    ranked = sorted(enumerate(candidates), key=lambda c: (*_rank(c[1][1].actor, c[1][0], sub_event_type), c[0]))
    actors = [m.actor for _, (_, m) in ranked]
    initiated = any(r != TARGET for r, _ in candidates)
    if not initiated and sub_event_type not in _GATHERING_SUBS | _NO_DEFAULT_SUBS:
        group = None
        if sub_event_type in (None, "Attack", "Abduction/forced disappearance"):
            group = dominant_group([m for s in analysis.sentences for m in s.actors])
        group = group or suspected_group(analysis)
        if group is not None:
            actors.insert(0, group)
            initiated = True
    actors = _with_default(analysis, actors, initiated, sub_event_type)
    return unique_actors(name_crowds(actors, sub_event_type, settled=False)), tokens


#: Words by which a report lays an act it told without its author at a group's door:
#: "Al Shabaab suspected.", "Al Shabaab are believed to be responsible."
_SUSPICION = {"suspected", "responsible", "responsibility", "blamed", "behind", "believed", "claimed", "accused"}


def suspected_group(analysis: Analysis) -> Actor | None:
    """The one named armed group a report holds responsible, in a sentence of its own, for
    the act it first reports without an author ("A mortar attack killed two. Al Shabaab
    suspected."). None when no such sentence names exactly one group.

    It reads the whole report, so it is worked out once per report, not once per event."""
    key = ("suspected_group",)
    if key not in analysis.memo:
        analysis.memo[key] = _suspected_group(analysis)
    return analysis.memo[key]  # type: ignore[return-value]


def _suspected_group(analysis: Analysis) -> Actor | None:
    found: dict[str, Actor] = {}
    for sentence in analysis.sentences:
        if not sentence.actors:
            continue
        lowered = sentence.text.lower()
        if not any(word in lowered for word in _SUSPICION):
            continue  # no suspicion word even inside another: skip splitting it into words
        words = {w.lower().strip(".,;:") for w in sentence.text.split()}
        if not words & _SUSPICION:
            continue
        for mention in sentence.actors:
            actor = mention.actor
            governor = _governor(analysis.tokens, mention.token_start)
            if governor is not None and analysis.tokens[governor].lower() in _TARGET_WORDS:
                continue  # "suspected US drones hit Al Shabaab bases": the group was hit
            if mention.named and actor.kind in GROUP_KINDS and not is_unidentified(actor):
                found.setdefault(actor.name, actor)
    return next(iter(found.values())) if len(found) == 1 else None


def settle_perpetrators(analysis: Analysis, actors: tuple[Actor, ...], sub_event_type: str | None) -> tuple[Actor, ...]:
    """Perpetrators re-read for an event's final sub-event type.

    `perpetrators_of` names crowds and the unknown party for the sub-event type the
    triggers gave; when the event's type is settled later (a crowd's violence found to be
    mob violence, a protest to be violent), this renames the crowd and replaces the stand-in
    for the unknown party (an actor without a span) with the one the final type calls for.
    """
    initiated = not actors or actors[0].span is not None
    named = [a for a in actors if a.span is not None]
    if sub_event_type in _REMOTE_SUBS:
        named = [a for a in named if not is_crowd(a) or is_communal(a)]  # residents do not shell a town
    elif sub_event_type not in _GATHERING_SUBS:
        # Beside a named armed group that leads, residents are its witnesses or victims, not
        # its partners; a crowd that leads an attack or a clash is a communal militia. In a
        # one-sided act a communal group after the armed one is its target ("Boko Haram
        # beheaded four farmers ... residents of Damboa"); in a clash it is the other side.
        first_armed = next((i for i, a in enumerate(named) if is_armed(a)), None)
        named = [
            a for i, a in enumerate(named)
            if first_armed is None or not (is_crowd(a) or is_communal(a))
            or i < first_armed and sub_event_type in _COMMUNAL_SUBS
            or is_communal(a) and not (i > first_armed and sub_event_type in _ONE_SIDED_SUBS)
        ]
    if sub_event_type in _GATHERING_SUBS:
        named.sort(key=lambda a: _rank(a, PARTY, sub_event_type))
    named = _with_default(analysis, named, initiated, sub_event_type)
    if sub_event_type == "Looting/property destruction" and named and _CROPS.search(analysis.document.text):
        named = [_as_crop_feud(analysis, a) if i == 0 else a for i, a in enumerate(named)]
    return unique_actors(name_crowds(named, sub_event_type))


def _as_crop_feud(analysis: Analysis, actor: Actor) -> Actor:
    """"Unknown individuals" who burned a harvest: ACLED's unidentified communal militia
    (armed men, "gunmen", stay an unidentified armed group)."""
    if actor.kind != "rebel_group" or not actor.name.startswith("Unidentified Armed Group"):
        return actor
    if actor.span is not None and re.search(r"gun|arm", analysis.document.text[actor.span.start:actor.span.end], re.IGNORECASE):
        return actor
    return Actor(COMMUNAL_MILITIA + actor.name[len("Unidentified Armed Group"):], "identity_militia", actor.span)


#: Sub-event types done from afar with weapons no crowd holds.
_REMOTE_SUBS = frozenset({
    "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
    "Suicide bomb", "Chemical weapon", "Grenade",
})
#: Kinds of actor that bear arms as an organisation.
_ARMED_KINDS = frozenset({"state_forces", "external_forces", "rebel_group", "political_militia", "identity_militia"})


def is_armed(actor: Actor) -> bool:
    """A state force, rebel group or militia (not a crowd, not civilians)."""
    return actor.kind in _ARMED_KINDS


def name_crowds(
    actors: list[Actor] | tuple[Actor, ...], sub_event_type: str | None, *, settled: bool = True
) -> list[Actor]:
    """Crowds as ACLED names them for the event: protesters at a protest, rioters elsewhere.

    A crowd or communal group ("farmers", "residents of Dogbo") that attacks or fights is a
    communal militia, and a crowd at a protest or riot. Call again whenever an event's
    sub-event type changes after its perpetrators are chosen. With no type yet, a communal
    group stays as it is (a crowd by kind), so that the final type can still make it a
    militia. Before the type is `settled` (the triggers' type only), only an unnamed
    communal group ("farmers") turns into a militia, so that a crowd's violence can still
    be found to be mob violence (`tally.subtypes`).
    """
    protest = sub_event_type in _PROTEST_SUBS
    named = []
    for actor in actors:
        if sub_event_type is None or not (is_communal(actor) or is_crowd(actor)):
            pass  # a communal group is kept for `settle_perpetrators` to name once the type is known
        elif sub_event_type in (_COMMUNAL_SUBS if settled else _EARLY_COMMUNAL_SUBS):
            if settled or actor.name.startswith(COMMUNAL_MILITIA):
                actor = as_communal_militia(actor)  # a village's crowd stays a crowd until settled
        elif is_communal(actor) or actor.name.startswith("Protesters" if not protest else "Rioters"):
            actor = as_crowd(actor, "Protesters" if protest else "Rioters")
        named.append(actor)
    return named


def _rank(actor: Actor, role: int, sub_event_type: str | None) -> tuple[int, int]:
    """Sort key, first first: at a gathering the crowd leads whatever its role (the state
    when it used excessive force); elsewhere the role decides, armed actors before crowds."""
    if sub_event_type == "Excessive force against protesters":
        return (-int(actor.kind in _STATE_KINDS), -role)
    if sub_event_type in _GATHERING_SUBS:
        return (-int(is_crowd(actor)), -role)
    crowd = is_crowd(actor) and not is_communal(actor)
    return (-role, int(crowd))


def _with_default(analysis: Analysis, actors: list[Actor], initiated: bool, sub_event_type: str | None) -> list[Actor]:
    """Put the unknown party ACLED codes first where the report names no initiator."""
    if sub_event_type in _NO_DEFAULT_SUBS:
        return actors
    country = analysis.country_name or context_country(
        analysis.tokens, (m.actor.name for s in analysis.sentences for m in s.actors if m.named)
    )
    if sub_event_type in _GATHERING_SUBS:
        if actors and (is_crowd(actors[0]) or sub_event_type == "Excessive force against protesters"):
            return actors
        kind = "protesters" if sub_event_type in _PROTEST_SUBS else "rioters"
        crowd = Actor(qualified(f"{kind.capitalize()} ({{country}})", gathering_nationality(analysis) or country), kind)
        return [crowd, *actors]
    if initiated:
        return actors
    return [Actor(qualified("Unidentified Armed Group ({country})", country), "rebel_group"), *actors]


#: Crops and farmland: their destruction or theft by an unknown party is a communal feud's
#: act for ACLED's coders (livestock taken is left to an armed group: cattle raiders are armed).
_CROPS = re.compile(r"\b(?:harvests?|farmland|farmlands|crops|tubers|granar(?:y|ies)|plantations?)\b", re.IGNORECASE)


#: People a political party counts as its own who are not its fighters: hit, they are civilians.
_PARTY_MEMBERS = {
    "activist", "activists", "member", "members", "supporter", "supporters", "candidate", "candidates",
    "official", "officials", "councillor", "councillors", "councilor", "leader", "leaders", "mp", "mps",
}


def party_member_hit(analysis: Analysis, mention: ActorMention, acts: list[Hit]) -> bool:
    """True for a party named as the affiliation of someone harmed ("one MPP activist
    killed", "an ANC councillor was shot dead"): the party did nothing in the sentence."""
    if mention.actor.kind != "political_militia":
        return False
    following = [t.lower() for t in analysis.tokens[mention.token_end:mention.token_end + 2]]
    if not following or following[0] not in _PARTY_MEMBERS:
        return False
    after = mention.token_end + 1
    for act in acts:
        between = [w.lower() for w in analysis.tokens[after:act.start]] if 0 <= act.start - after <= 3 else None
        if act.entry.kind not in _PASSIVE_HARM_KINDS or between is None:  # type: ignore[attr-defined]
            continue
        if not set(between) <= _PASSIVE_AUXILIARIES or ({"has", "have"} & set(between) and "been" not in between):
            continue  # "ANC members have attacked": the members acted
        return True
    return False


#: Words between a victim and a passive harm verb: "was", "has been", "reportedly".
_PASSIVE_AUXILIARIES = {"was", "were", "is", "are", "has", "have", "been", "reportedly", "allegedly"}


#: Tokens before a gathering's verb searched for the nationality of those who gathered.
GATHERING_SUBJECT_WINDOW = 8


def gathering_nationality(analysis: Analysis) -> str | None:
    """The country of a gathering's people when an adjective of nationality names them as its
    subject: "Eritrean refugees demonstrated outside the AU in Addis Ababa", "Algerian lawyers
    protested in Tunis" (ACLED names such protesters by their own country, not the venue's)."""
    nationalities = load_nationalities()
    tokens = analysis.tokens
    for sentence in analysis.sentences:
        gathering = next((t for t in sentence.triggers if t.entry.kind == "protest"), None)  # type: ignore[attr-defined]
        if gathering is None:
            continue
        first = max(sentence.tok_start, gathering.start - GATHERING_SUBJECT_WINDOW)
        for i in range(first + 1, gathering.start):
            if tokens[i - 1][:1].isupper() and tokens[i].islower() and tokens[i].endswith("s"):
                country = nationalities.get(fold(tokens[i - 1]))
                if country:
                    return country
        return None
    return None


def _is_speaker(analysis: Analysis, mention: ActorMention) -> bool:
    """"The army said in a statement ...": the one who speaks is a source, not an agent."""
    following = analysis.tokens[mention.token_end:mention.token_end + 3]
    if not following or following[0].lower() not in _SPEECH and (len(following) < 2 or following[1].lower() not in _SPEECH):
        return False
    if _hearsay_subject([t.lower() for t in analysis.tokens[mention.token_end:mention.token_end + 4]]):
        return False  # "the LNA is reported to have taken", "gunmen were said to have": told of, not speaking
    after = " ".join(following).lower()
    return not any(word in after for word in _CLAIM_OBJECTS) and not claims_the_act(analysis, mention)


#: Forms of "to be" before a verb of saying in the passive: "X is reported to have ...".
_BE = {"is", "was", "are", "were", "has been", "have been", "had been"}


def _hearsay_subject(following: list[str]) -> bool:
    """True for "is reported to", "were said to", "has been reported to": the actor before
    such a passive is the one the report says acted, not a speaker."""
    for size in (2, 1):
        if " ".join(following[:size]) in _BE:
            rest = following[size:size + 2]
            return len(rest) == 2 and rest[0] in _SPEECH and rest[1] == "to"
    return False


def claims_the_act(analysis: Analysis, mention: ActorMention) -> bool:
    """True when an actor claims the act: "X claimed responsibility", "X claimed the raid",
    "X said in a statement that it had carried out the attack", "X says it killed four"."""
    following = []
    for token in analysis.tokens[mention.token_end:mention.token_end + CLAIM_WINDOW]:
        if token in {".", "!", "?", ";"}:
            break
        following.append(token.lower())
    if not following:
        return False
    if following[0] in {"claimed", "claims"} and len(following) > 1:
        named = following[2] if following[1] in {"the", "an", "a"} and len(following) > 2 else following[1]
        return named in _CLAIMED_ACTS or named in {"responsibility", "credit"}
    if not any(word in _SPEECH - _BLAME for word in following[:3]):
        return False
    return bool(_OWN_DEED.search(" ".join(following)))


def _role(analysis: Analysis, mention: ActorMention, acts: list[Hit]) -> int:
    """The part an actor plays in the acts of its sentence (see the module's roles)."""
    tokens = analysis.tokens
    following = [t.lower() for t in tokens[mention.token_end:mention.token_end + SUBJECT_WINDOW]]
    made_by = following[1:2] if following[:1] == ["-"] else following[:1]
    if made_by and made_by[0] in _MADE_BY:
        return AGENT  # "a Taliban-planted mine", "an al-Shabaab planted land mine"
    governor = _governor(tokens, mention.token_start)
    if governor is not None:
        word = tokens[governor].lower()
        if word == "by":
            before = tokens[governor - 1].lower() if governor else ""
            return DEFENDER if before in _DEFENCE_VERBS or before == "back" else AGENT
        if word in _TARGET_WORDS:
            return TARGET
        if word in {"with", "between"}:
            return OPPONENT
    for word in following:
        if word in _DEFENCE_VERBS:
            return DEFENDER
        if word not in _ADVERBS:
            break
    if following[:2] == ["claimed", "responsibility"] or claims_the_act(analysis, mention):
        return AGENT
    if _blamed(tokens, mention.token_start):
        return AGENT
    for act in acts:
        kind = act.entry.kind  # type: ignore[attr-defined]
        if kind not in _PASSIVE_HARM_KINDS:
            continue
        passive = is_passive(analysis, act)
        if not passive and kind not in _HARM_KINDS:
            continue
        if not passive:
            gap = mention.token_start - act.end
            if 0 <= gap <= 3 and not any(t in {"by", ",", "and"} for t in tokens[act.end:mention.token_start]):
                return TARGET
            if 0 <= act.start - mention.token_end <= SUBJECT_WINDOW and all(
                t.lower() in _ADVERBS or t.lower() == "and" for t in tokens[mention.token_end:act.start]
            ):
                return AGENT
        elif 0 <= act.start - mention.token_end <= 4:
            # "militants were killed when troops repulsed their attack": the fallen attacked.
            after = {t.lower() for t in tokens[act.end:act.end + OWN_ATTACK_WINDOW]}
            return AGENT if after & {"their", "his"} and after & _ATTACK_NOUNS else TARGET
    return PARTY


#: Words that may stand between two coordinated actors besides "and": "JNIM militants and
#: soldiers", "soldiers and a group of armed individuals".
_COORDINATION_FILLERS = {"militants", "fighters", "men", "presumed", "assumed", "demonstrating", "other", "allied"}
#: Words that join two actors into one subject: "JNIM or IS Sahel and soldiers clashed",
#: "military forces and demonstrators including hunters exchanged gunfire".
_CONJUNCTIONS = {"and", "or", "including", "&"}
#: Most tokens between two coordinated actors.
COORDINATION_WINDOW = 4


def _coordinated_roles(analysis: Analysis, mentions: list[ActorMention], roles: list[int]) -> list[int]:
    """Roles with coordinated subjects sharing the agent's: in "presumed JNIM militants and
    soldiers clashed" JNIM is as much the subject as the soldiers, and ACLED names the
    first-named side first. Only a party of no clear role takes the agent's role over."""
    roles = list(roles)
    nationalities = load_nationalities()  # "JNIM and Beninese soldiers"
    for i in range(len(mentions) - 2, -1, -1):
        if roles[i] != PARTY or roles[i + 1] != AGENT:
            continue
        between = [t.lower() for t in analysis.tokens[mentions[i].token_end:mentions[i + 1].token_start]]
        if set(between) & _CONJUNCTIONS and len(between) <= COORDINATION_WINDOW and all(
            t in _CONJUNCTIONS or t in _FILLERS or t in _COORDINATION_FILLERS or t in nationalities for t in between
        ):
            roles[i] = AGENT
    return roles


def _blamed(tokens: list[str], start: int) -> bool:
    """"blamed Boko Haram for the attack", "accused the Taliban of": the one blamed acted."""
    for i in range(start - 1, max(start - 1 - GOVERNOR_WINDOW, -1), -1):
        low = tokens[i].lower()
        if low in _BLAME:
            return True
        if low not in _FILLERS:
            return False
    return False


def _governor(tokens: list[str], start: int) -> int | None:
    """The index of the role word before an actor ("by", "with", "on"), over fillers."""
    for i in range(start - 1, max(start - 1 - GOVERNOR_WINDOW, -1), -1):
        word = tokens[i]
        low = word.lower()
        if low in {"by", "with", "between"} or low in _TARGET_WORDS:
            return i
        if not (low in _FILLERS or word[:1].isupper() or word.isdigit()):
            return None
    return None
