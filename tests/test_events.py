"""Event types, fatalities and dates on small hand-written reports (issue 3's coding rules)."""

from __future__ import annotations

import datetime as dt

import pytest

from tally.cues import disrupted_weapons, out_of_scope, party_claim
from tally.pipeline import extract

PUBLISHED = dt.date(2021, 4, 12)


def first(text: str, published: dt.date | None = PUBLISHED):
    events = extract(text, published=published).events
    assert events, text
    return events[0]


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        ("On 10 April 2021, a crowd lynched a man accused of stealing a goat in the market of Parakou.",
         "Riots", "Mob violence"),
        ("On 10 April 2021, a number of villagers beat a suspected thief in Kandi before police arrived.",
         "Riots", "Mob violence"),
        ("On 10 April 2021, police arrested four men suspected of planning attacks near Kandi.",
         "Strategic developments", "Arrests"),
        ("On 10 April 2021, soldiers defused a roadside bomb planted on the road to Kandi.",
         "Strategic developments", "Disrupted weapons use"),
        ("On 10 April 2021, hundreds of teachers went on strike in Cotonou to demand higher pay.",
         "Protests", "Peaceful protest"),
        ("On 10 April 2021, protesters threw stones at police and burned tyres in Cotonou.",
         "Riots", "Violent demonstration"),
        ("On 10 April 2021, two soldiers were killed by a Taliban sniper in Ghazni.",
         "Battles", "Armed clash"),
        ("On 10 April 2021, six Taliban militants were killed during clashes with Afghan forces in Ghazni.",
         "Battles", "Armed clash"),
        ("Taliban fighters took control of the district centre of Jurm on Saturday.",
         "Battles", "Non-state actor overtakes territory"),
    ],
)
def test_sub_event_types(text, event_type, sub_event_type):
    event = first(text)
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)


def test_arson_beside_killing_stays_an_attack():
    event = first("On 10 April 2021, gunmen killed three villagers and set fire to their huts near Kandi.")
    assert event.sub_event_type == "Attack"


def test_a_flood_is_no_event():
    assert not extract("Floods killed 12 people in the north on Sunday.", published=PUBLISHED).events


def test_party_claim_is_coded_zero_and_kept_as_the_high_bound():
    event = first("On 10 April 2021, Taliban militants killed 7 soldiers in Ghazni. The figure came from Voice of Jihad.")
    assert (event.fatalities.low, event.fatalities.high) == (0, 7)
    assert event.fatalities.qualifier == "claimed by a party to the fighting"


def test_a_total_split_across_events_gives_this_event_its_share():
    event = first("On 10 April 2021, 9 militants were killed in clashes in three districts. Deaths are split across 3 events.")
    assert (event.fatalities.low, event.fatalities.high) == (3, 3)


def test_undated_report_is_dated_on_its_publication_day():
    event = first("Gunmen killed two farmers in a village near Kandi.")
    assert (event.when.start, event.when.end, event.when.precision) == (PUBLISHED, PUBLISHED, "day")
    assert event.when.qualifier == "reported on"


def test_undated_report_without_publication_date_stays_unknown():
    event = first("Gunmen killed two farmers in a village near Kandi.", published=None)
    assert event.when.precision == "unknown" and event.when.start is None


def test_a_date_line_before_the_note_dates_it():
    event = first("8 April.\nGunmen killed two farmers in a village near Kandi.")
    assert (event.when.start, event.when.precision) == (dt.date(2021, 4, 8), "day")


def test_cue_helpers():
    assert party_claim("the Taliban claimed to have killed 20 soldiers")
    assert not party_claim("police said 20 soldiers were killed")
    assert disrupted_weapons("an IED was defused by the army")
    assert not disrupted_weapons("an IED exploded under a bus")
    assert out_of_scope("an earthquake struck the valley")
    assert not out_of_scope("gunmen stormed the valley")


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # a gathering's own damage or assault makes it violent, whatever police did next
        ("On 10 April 2021, a number of traders demonstrated in Bohicon and the demonstrators vandalized a tax office.",
         "Violent demonstration"),
        ("On 10 April 2021, students protested in Parakou and assaulted two university guards.",
         "Violent demonstration"),
        ("On 10 April 2021, residents protested in Kandi and burned two police vehicles. Police dispersed them with tear gas.",
         "Violent demonstration"),
        ("On 10 April 2021, demonstrators blocked the main road through Save to protest an arrest.",
         "Violent demonstration"),
        # force on a peaceful crowd
        ("On 10 April 2021, police used tear gas to disperse traders protesting new market fees in Cotonou.",
         "Protest with intervention"),
        ("On 10 April 2021, police detained 30 students who marched in Cotonou against exam fees.",
         "Protest with intervention"),
        ("On 10 April 2021, teachers protested in Cotonou over unpaid wages and police beat several of them.",
         "Excessive force against protesters"),
        # killing by force on a road blockade is still excessive force
        ("On 10 April 2021, police opened fire on demonstrators who had blocked a bridge in Save, killing two people.",
         "Excessive force against protesters"),
        ("On 10 April 2021, hundreds of nurses marched peacefully in Cotonou to demand new contracts.",
         "Peaceful protest"),
    ],
)
def test_gatherings_follow_acled_precedence(text, sub_event_type):
    assert first(text).sub_event_type == sub_event_type


@pytest.mark.parametrize(
    "text",
    [
        "On 10 April 2021, a group beat a suspected motorbike thief in a market in Parakou.",
        "On 10 April 2021, a group of youths assaulted a man accused of stealing a phone in Kandi.",
    ],
)
def test_an_unorganised_group_beating_someone_is_mob_violence(text):
    assert first(text).sub_event_type == "Mob violence"


def test_an_armed_group_is_not_a_mob():
    assert first("On 10 April 2021, an armed group beat and robbed two herders near Kalale.").sub_event_type != "Mob violence"


@pytest.mark.parametrize(
    "text",
    [
        "On 10 April 2021, two pro-government militia members were killed by Taliban militants in Ghazni.",
        "On 10 April 2021, gunmen shot dead a police commander in Kunduz city.",
        "On 10 April 2021, a gendarme was killed when gunmen attacked a post near Karimama.",
    ],
)
def test_security_personnel_killed_make_a_battle(text):
    assert first(text).event_type == "Battles"


def test_had_and_a_participle_is_narrative_not_a_claim():
    result = extract(
        "On 10 April 2021, militants had been hiding in a forest near Kandi when soldiers killed 4 of them.",
        published=PUBLISHED,
    )
    assert not result.claims and result.events
    assert result.events[0].fatalities.low == 4


def test_a_running_total_in_the_present_perfect_stays_a_claim():
    result = extract("The group has killed 350 civilians in the province, a monitor said.", published=PUBLISHED)
    assert result.claims and not result.events


def test_the_dead_named_again_belong_to_the_event_before():
    result = extract(
        "On 10 April 2021, gunmen attacked a market in Kandi, killing 9 traders. "
        "The dead included two women, a doctor at the hospital in Parakou said.",
        published=PUBLISHED,
    )
    assert len(result.events) == 1
    assert result.events[0].fatalities.low == 9


def test_a_sentence_passed_is_not_a_killing():
    assert not extract("A court in Cotonou sentenced two men to death for murder.", published=PUBLISHED).events


def test_a_dateline_day_beats_a_month_in_the_note():
    event = first("3 March.\nResidents burned tyres in Kandi to protest the delay of the April elections.")
    assert (event.when.start, event.when.precision) == (dt.date(2021, 3, 3), "day")


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        ("On 10 April 2021, nurses at the district hospital in Kandi began a 72-hour strike over unpaid allowances.",
         "Protests", "Peaceful protest"),
        ("On 10 April 2021, a journalist serving a prison term in Cotonou started a hunger strike, his lawyer said.",
         "Protests", "Peaceful protest"),
        ("On 10 April 2021, women from the market held a march to the town hall in Parakou to demand safer roads.",
         "Protests", "Peaceful protest"),
        ("On 10 April 2021, a heavy battle between two clan militias broke out north of Baidoa.",
         "Battles", "Armed clash"),
        ("On 10 April 2021, government troops recapture the market town of Kauda from the rebels.",
         "Battles", "Government regains territory"),
        ("On 10 April 2021, displaced families protested outside the governor's office in Maiduguri over food rations.",
         "Protests", "Peaceful protest"),
    ],
)
def test_strikes_marches_battles_and_territory_phrased_other_ways(text: str, event_type: str, sub_event_type: str) -> None:
    event = first(text)
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)


def test_feared_dead_hedges_the_toll_not_the_clash() -> None:
    event = first("On 10 April 2021, at least five people are feared dead after a clash between herders and farmers near Kandi.")
    assert event.fatalities.low == 5


@pytest.mark.parametrize(
    "text",
    [
        "Officials gave the regional governor powers to take control of water supplies during the drought.",
        "Unions warned they could call a strike next month if wages are not paid.",
        "Residents feared a clash between the two villages if the land dispute was not settled.",
    ],
)
def test_powers_threats_and_fears_stay_event_free(text: str) -> None:
    assert not extract(text, published=PUBLISHED).events


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("On 10 April 2021, about 200 soldiers defected from the army to the rebels near Kandi.",
         "Change to group/activity"),
        ("On 10 April 2021, the army dispatched hundreds of troops and armoured vehicles to Kandi.",
         "Change to group/activity"),
        ("On 10 April 2021, the government and the rebels exchanged prisoners near Kandi.", "Agreement"),
        ("On 10 April 2021, the two sides agreed to a temporary ceasefire around Kandi.", "Agreement"),
        ("On 10 April 2021, rebels took control of Kandi after the army pulled out of the town overnight.",
         "Non-violent transfer of territory"),
    ],
)
def test_strategic_developments_named_by_their_own_words(text: str, sub_event_type: str) -> None:
    """Defections, troop movements, prisoner exchanges, ceasefires and withdrawals (ACLED codebook)."""
    assert first(text).sub_event_type == sub_event_type


def test_a_second_claimed_figure_leaves_the_independent_count():
    event = first("On 10 April 2021, 4 police officers were killed in an attack by Taliban militants in Ghazni. "
                  "Voice of Jihad reported 15 deaths.")
    assert (event.fatalities.low, event.fatalities.high) == (4, 4)


def test_a_bracketed_claimed_figure_leaves_the_count():
    event = first("On 10 April 2021, 4 police officers were killed (11 according to the Taliban) in an attack "
                  "by Taliban militants in Ghazni.")
    assert event.fatalities.low == 4


def test_a_count_the_party_itself_claims_is_coded_zero():
    event = first("On 10 April 2021, Taliban militants killed 9 soldiers in Ghazni, according to the Taliban.")
    assert (event.fatalities.low, event.fatalities.high) == (0, 9)


def test_a_later_sentence_restating_the_count_as_a_claim_codes_it_zero():
    event = first("On 10 April 2021, 5 soldiers were killed by Taliban militants in Ghazni. Voice of Jihad reported 5 deaths.")
    assert (event.fatalities.low, event.fatalities.high) == (0, 5)


def test_a_claim_of_responsibility_is_no_claimed_figure():
    event = first("On 10 April 2021, 3 soldiers were killed by a roadside bomb in Ghazni. The Taliban claimed responsibility.")
    assert event.fatalities.low == 3
    assert not party_claim("the Taliban claimed responsibility for the blast")


@pytest.mark.parametrize(
    "text",
    [
        "On 10 April 2021, gunmen attacked the village of Kandi and burned houses and shops.",
        "In a targeted attack on 10 April 2021, assailants torched the offices of an opposition party in Parakou.",
    ],
)
def test_acts_on_property_only_are_property_destruction(text):
    assert first(text).sub_event_type == "Looting/property destruction"


@pytest.mark.parametrize(
    "text",
    [
        "On 10 April 2021, gunmen attacked the village of Kandi, killing two farmers and burning houses.",
        "On 10 April 2021, gunmen attacked the village of Kandi, injuring a farmer, and burned shops.",
    ],
)
def test_property_destruction_beside_harm_to_people_stays_an_attack(text):
    assert first(text).sub_event_type == "Attack"


@pytest.mark.parametrize(
    "text",
    [
        "The group, which carried out a suicide bombing in Kabul last year, vowed to avenge the death of its leader.",
        "The militants vowed to avenge the killing of their commander in an air strike.",
        "A rebel spokesman claimed responsibility for the attack on the army convoy.",
        "Workers were hurt when a boiler at a textile factory exploded near Cotonou.",
    ],
)
def test_statements_and_accidents_are_no_event(text):
    assert not extract(text, published=PUBLISHED).events


def test_a_statement_that_gives_a_new_toll_keeps_the_event():
    event = first("The president condemned Sunday's attack, in which a roadside bomb killed three soldiers in Ghazni.")
    assert (event.sub_event_type, event.fatalities.low) == ("Remote explosive/landmine/IED", 3)
