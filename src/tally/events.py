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
from tally.place_scene import located_first
from tally.quantities import parse_quantity
from tally.records import Actor, Event, Place, Quantity, Source, Span, Victims, When
from tally.subtypes import RECRUIT_VERBS, STATE_KINDS, acted_by_crowd, sub_event_type
from tally.victims import targets

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
#: A sentence that speaks of the dead already reported ("the dead included eight women"):
#: part of the event before it, wherever the hospital it names is.
_REFERS_BACK = re.compile(
    r"\b(?:the|those) (?:dead|victims|killed|wounded)\b(?! (?:in|of) (?:an?|another|a separate)\b)|\bamong the (?:dead|victims)\b",
    re.IGNORECASE,
)
#: Verbs right before a date that make it the start of a longer episode.
_EPISODE_START = re.compile(r"\b(?:began|started|begun|erupted first|beginning)\s*$", re.IGNORECASE)
#: "Fatalities split across 3 events": a total a report spreads over several happenings.
_SPLIT = re.compile(
    r"\bsplit\s+(?:across|between|among|over)\s+(\d+|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:events|incidents|districts|locations|places|days|attacks)\b",
    re.IGNORECASE,
)
#: A figure of its own in a sentence: a claim phrase there credits that figure, not the count.
_FIGURE = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|scores?)\b", re.IGNORECASE)
#: Methods that say less than any other method an event's sentences give.
GENERIC_METHODS = {"", "execution", "armed clash", "explosion", None}
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
        return any(e.kind in {"act", "protest", "force", "change"} or e.phrase in RECRUIT_VERBS for e in self.entries)


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
        if drafts and _gathering(drafts[-1]) and acted_by_crowd(analysis, draft):
            _merge(drafts[-1], draft)  # "Demonstrators raped and robbed sex workers": the gathering's own violence
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
    """"villagers killed an elderly woman", "locals severely wounded a thief": a death or
    injury word with its victim is an act."""
    sentence = draft.sentences[0]
    return any(
        t.entry.kind in {"kill", "injure"} and targets(analysis, sentence, t, [])  # type: ignore[attr-defined]
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


def _gathering(draft: Draft) -> bool:
    return any(e.kind == "protest" for e in draft.entries)


def _recruits(draft: Draft) -> bool:
    return any(e.phrase in RECRUIT_VERBS for e in draft.entries)


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
    sub = sub_event_type(analysis, draft, deaths, named, victims)
    perpetrators = settle_perpetrators(analysis, perpetrators, sub)
    event_type = EVENT_TYPES.get(sub, "Violence against civilians")
    method = draft.method
    if method is None and sub == "Attack" and fatal:
        method = "execution"
    if method == "abduction" and sub == "Looting/property destruction":
        method = None  # "seized two oxen": the word that names abductions took goods
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



def _with_asides(analysis: Analysis, draft: Draft) -> str:
    """The event's sentences and each trigger-less sentence right after one ("The figure
    comes from the group's own statement."): where a report says whose figure it gave."""
    indexes = {s.index for s in draft.sentences}
    chosen = [s for s in analysis.sentences if s.index in indexes or (s.index - 1 in indexes and not s.triggers)]
    return " ".join(s.text for s in chosen)


def _reported_deaths(analysis: Analysis, draft: Draft, deaths: Quantity) -> Quantity:
    """ACLED's rules on whose figure counts: a party's own claim is coded 0 (the claim kept
    as the high bound), as are the killed and wounded counted together; a total "split
    across N events" gives this event its share."""
    mixed = tolls.casualties(analysis, draft.sentences, draft.triggers)
    if mixed is not None:
        return mixed  # "1 policeman was killed or wounded": no one known dead
    text = _with_asides(analysis, draft)
    if deaths.low and _claimed_by_party(analysis, draft, deaths):
        independent = _independent_toll(analysis, draft, deaths)
        if independent is not None:
            return independent
        return Quantity(0, deaths.high if deaths.high is not None else deaths.low, "claimed by a party to the fighting", deaths.span)
    split = _SPLIT.search(text)
    if deaths.low and split:
        parts = parse_quantity(split.group(1)).low
        # The first event's share, the remainder going to it as ACLED spreads it (14 over 3
        # events: 5, 5, 4). A share in brackets after the remark ("(1)") is the figure the
        # record was coded with: the answer, not the report, so it is never read.
        share = math.ceil(deaths.low / max(parts, 1))
        return Quantity(share, share, f"share of {deaths.low} split across {parts}", deaths.span)
    return deaths


def _claimed_by_party(analysis: Analysis, draft: Draft, deaths: Quantity) -> bool:
    """True when the count itself is a party's claim: a claim phrase in the count's own clause
    (outside a bracketed second figure), or in a sentence of the event that gives no figure or
    only the count's own ("The figure came from the group's statement."; "(VoJ reported 7)"
    after 3 and 4 dead in two attacks). A count the report states on its own authority stays
    the toll beside a party's different figure ("2 policemen were killed (3 according to the
    Taliban)"; "5 militants were killed. The Taliban said 1 policeman was killed."), and a
    coder's remark about the record ("Fatalities coded as 2") is no report: its figure is not read."""
    chosen = _with_source_notes(analysis, draft)
    texts = {s.index: analysis.report_text(s) for s in chosen}
    span = deaths.span
    home = next((s for s in chosen if span is not None and s.start <= span.start < s.end), None)
    if home is None or span is None:
        return cues.party_claim(" ".join(texts.values()))
    if _party_governs(texts[home.index], span.start - home.start, span.end - home.start):
        return True
    statements = [s for s in chosen if s is not home and analysis.credits_party(s)]
    if not statements:
        return False
    own = {str(deaths.low), str(_own_total(analysis, draft))}
    ranged = {str(deaths.low), str(deaths.high)}
    for statement in statements:
        given = set(re.findall(r"\d+", texts[statement.index]))
        if given <= own or given == ranged:
            return True  # no figure of its own ("The figure came from the group"), or the count's
    return False


def _independent_toll(analysis: Analysis, draft: Draft, claimed: Quantity) -> Quantity | None:
    """A count another sentence of the event credits to a source not a party, where the first is a
    party's claim ("according to the group, 2 soldiers were killed ... 1 soldier was killed,
    according to the NY Times"): a party's figure stands alone only when nothing else counts."""
    for sentence in draft.sentences:
        toll = tolls.deaths(analysis, [sentence], draft.triggers)
        if toll is None or toll.span is None or not toll.low or toll.span == claimed.span:
            continue
        text = analysis.report_text(sentence)
        if cues.attributed(text) and not analysis.credits_party(sentence):
            return Quantity(toll.low, toll.high, "counted by a source other than the party", toll.span)
    return None


def _with_source_notes(analysis: Analysis, draft: Draft) -> list[Sentence]:
    """The event's sentences, each run of trigger-less sentences right after one, and the
    trigger-less sentences that close the report: where a report says whose figures it gave
    ("The figures come from the group's statement.", "(VoJ reported 4 fatalities)")."""
    indexes = {s.index for s in draft.sentences}
    last_act = max((s.index for s in analysis.sentences if s.triggers), default=-1)
    chosen: list[Sentence] = []
    after_event = False
    for sentence in analysis.sentences:
        if sentence.index in indexes:
            chosen.append(sentence)
            after_event = True
        elif not sentence.triggers and (after_event or sentence.index > last_act):
            chosen.append(sentence)
        else:
            after_event = False
    return chosen


def _party_governs(text: str, start: int, end: int) -> bool:
    """True when a party's claim phrase governs the count at `text[start:end]`: the count sits
    in a party's bracketed aside, or a claim phrase stands in its clause outside such asides."""
    masked = tolls.ASIDE.sub(  # "3 policemen (2 according to the group)": a second figure
        lambda m: " " * len(m.group()) if _FIGURE.search(m.group()) and cues.party_claim(m.group()) else m.group(), text)
    return masked[start:end].isspace() or cues.party_claim_governs(masked, start, end)


def _own_total(analysis: Analysis, draft: Draft) -> int:
    """The dead of each of the event's sentences added up, less counts a party's claim governs:
    "3 soldiers were killed ... 4 were killed in another attack (VoJ reported 7)" credits the
    7 to the party, though the event's toll reads the first sentence only (a lead and a
    headline repeat one toll)."""
    total = 0
    for sentence in draft.sentences:
        toll = tolls.deaths(analysis, [sentence], draft.triggers)
        if toll is None or toll.span is None or not toll.low:
            continue
        text = analysis.report_text(sentence)
        if not _party_governs(text, toll.span.start - sentence.start, toll.span.end - sentence.start):
            total += toll.low
    return total


def _victims(analysis: Analysis, draft: Draft, excluded: list[tuple[int, int]]) -> list[Victims]:
    """Victims of the event, each group once; headlines last (their words are title case)."""
    found: dict[str, Victims] = {}
    trigger_tokens = [(t.start, t.end) for t in draft.triggers if t.entry.kind == "recruit"]  # type: ignore[attr-defined]
    for sentence in sorted(draft.sentences, key=analysis.is_headline):
        for trigger in draft.triggers:
            if not sentence.tok_start <= trigger.start < sentence.tok_end or trigger.entry.kind == "recruit":  # type: ignore[attr-defined]
                if not (sentence.tok_start <= trigger.start < sentence.tok_end and trigger.entry.phrase in RECRUIT_VERBS):  # type: ignore[attr-defined]
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
    towns = located_first(_in_country(analysis, [p for p in draft.places if p.precision <= 2]), analysis.document.text)
    if towns:
        return towns[0]
    indexes = {s.index for s in draft.sentences}
    for sentence in analysis.sentences:
        if sentence.index in indexes:
            continue
        near = any(abs(sentence.index - i) <= 1 for i in indexes)
        towns = located_first(_in_country(analysis, [p for p in sentence.places if p.precision <= 2]), analysis.document.text)
        if near and towns and not cues.background(analysis, sentence):
            return replace(towns[0], note="named in the sentence next to the description of the act, not in it")
    regions = [p for p in draft.places if p.precision <= 4] or [
        p for s in analysis.sentences for p in s.places if p.precision <= 4  # else the report's own
    ]
    # The narrowest region: "US forces ... in Kunar" happened in Kunar, not the US.
    return min(regions, key=lambda p: p.precision) if regions else None


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
        if not any(e.phrase in RECRUIT_VERBS for e in draft.entries):
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
    if media and perpetrators and perpetrators[0].kind not in STATE_KINDS:
        primary = Source(f"{perpetrators[0].name} {media}", "perpetrator_media")
    return chain(links, primary)

