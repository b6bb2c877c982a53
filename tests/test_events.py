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


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        # a crowd or a community with no armed organised side: mob violence (ACLED's rioters)
        ("On 3 May 2021, a number of residents captured, tied up and beat a suspected thief in Djougou.",
         "Riots", "Mob violence"),
        ("On 3 May 2021, two families clashed over a plot of farmland near Nikki. Four people were wounded.",
         "Riots", "Mob violence"),
        ("On 3 May 2021, a group of locals severely wounded a man accused of theft in Kandi.",
         "Riots", "Mob violence"),
        ("On 3 May 2021, women from two neighbourhoods engaged in fistfights at a well in Kandi.",
         "Riots", "Mob violence"),
        # ... but a raid on a camp, firearms, or a named militia keep it an attack or a battle
        ("On 3 May 2021, farmers attacked a herders' camp near Nikki and wounded three people.",
         "Violence against civilians", "Attack"),
        ("On 3 May 2021, farmers and herders clashed with firearms near Nikki, leaving two dead.",
         "Battles", "Armed clash"),
        # acts on animals or goods only: looting/property destruction
        ("On 3 May 2021, unknown gunmen seized twelve cattle from a herder near Karimama.",
         "Strategic developments", "Looting/property destruction"),
        ("On 3 May 2021, soldiers shot and killed forty goats belonging to herders near Malanville.",
         "Strategic developments", "Looting/property destruction"),
        ("On 3 May 2021, armed men seized a motorcycle in the village of Alfakoara.",
         "Strategic developments", "Looting/property destruction"),
        # ... a person called after an animal is still a person
        ("On 3 May 2021, gunmen killed a cattle trader near Malanville.",
         "Violence against civilians", "Attack"),
        # armed men are the ones hit: a battle, not violence against civilians
        ("On 3 May 2021, militants attacked an army checkpoint near Kandi.", "Battles", "Armed clash"),
        ("On 3 May 2021, three soldiers killed in an ambush near Kandi, officials said.", "Battles", "Armed clash"),
        ("On 3 May 2021, two policemen were abducted by militants near Karimama.", "Battles", "Armed clash"),
        # ... unless attacked off duty or singled out at home
        ("On 3 May 2021, gunmen assassinated a police officer outside his home in Kandi.",
         "Violence against civilians", "Attack"),
        # places taken: who took them decides the sub-type; a withdrawal makes it non-violent
        ("On 3 May 2021, rebel fighters seized the town of Kidal after heavy fighting.",
         "Battles", "Non-state actor overtakes territory"),
        ("On 3 May 2021, government troops recaptured two villages near Kidal from the rebels.",
         "Battles", "Government regains territory"),
        ("On 3 May 2021, rebel fighters took control of the town of Kidal after the army withdrew without a fight.",
         "Strategic developments", "Non-violent transfer of territory"),
        # words the lexicon lacked
        ("On 3 May 2021, suicide bombings at two markets in Maiduguri killed 12 people.",
         "Explosions/Remote violence", "Suicide bomb"),
        ("On 3 May 2021, militants fired an RPG at an army vehicle near Kandi.",
         "Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("On 3 May 2021, a bomb carried by militants detonated prematurely near Kandi, killing two of them.",
         "Strategic developments", "Disrupted weapons use"),
        ("On 3 May 2021, police seized nine pistols and 500 rounds of ammunition in a raid in Cotonou.",
         "Strategic developments", "Disrupted weapons use"),
        ("On 3 May 2021, 20 soldiers switched sides and joined the rebels near Kidal.",
         "Strategic developments", "Change to group/activity"),
        ("On 3 May 2021, the army set up two new military bases near Karimama.",
         "Strategic developments", "Headquarters or base established"),
    ],
)
def test_sub_event_types_follow_who_acted_and_on_what(text, event_type, sub_event_type):
    event = first(text)
    assert (event.event_type, event.sub_event_type) == (event_type, sub_event_type)


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # the deaths a crowd gathered about are not force used on it
        ("On 3 May 2021, hundreds of students marched in Cotonou over the killing of a classmate last week.",
         "Peaceful protest"),
        # demonstrators who exchange fire with soldiers are an armed side
        ("On 3 May 2021, demonstrators and hunters exchanged gunfire with soldiers in Save.", "Armed clash"),
        ("On 3 May 2021, protesters threw projectiles at police in Cotonou and the protest turned violent.",
         "Violent demonstration"),
        ("On 3 May 2021, residents demonstrated in Bante and the residents wounded two policemen.",
         "Violent demonstration"),
    ],
)
def test_gatherings_read_cause_and_arms(text, sub_event_type):
    assert first(text).sub_event_type == sub_event_type


def test_an_act_the_victim_was_accused_of_is_no_act():
    event = first("On 3 May 2021, a mob beat two men suspected of rape and burglary in Malanville.")
    assert event.sub_event_type == "Mob violence"


def test_no_arrests_is_no_arrest():
    events = extract("No arrests have been made after the attack on the market, police said.", published=PUBLISHED).events
    assert all(e.sub_event_type != "Arrests" for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Kenyan Air Forces carry out strikes on an al Shabaab position near Belet Xaawo.",
        "On 18 June, the Egyptian air force struck militant hideouts south of Arish.",
    ],
)
def test_an_air_force_that_strikes_makes_an_air_strike(text):
    event = first(text, dt.date(2016, 7, 1))
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert event.perpetrators[0].name.startswith("Military Forces of")


def test_party_supporters_burning_property_riot():
    event = first("National Democratic Congress (NDC) supporters burnt the party offices in Tamale.", dt.date(2016, 7, 1))
    assert (event.event_type, event.sub_event_type) == ("Riots", "Mob violence")
    assert event.perpetrators[0].name == "Rioters (Ghana)"


def test_a_party_named_as_a_victims_affiliation_is_no_side():
    text = "After a disputed mayoral election, opposing political groups clashed. One MPP activist killed."
    event = first(text, dt.date(2016, 7, 1))
    assert event.event_type == "Riots"
    assert event.perpetrators[0].name == "Rioters (Burkina Faso)"


def test_clashes_between_political_opponents_are_a_riot():
    event = first("Two killed in clashes between political opponents after a contested mayoral election.", dt.date(2016, 7, 1))
    assert (event.event_type, event.sub_event_type) == ("Riots", "Mob violence")


def test_police_clashing_with_an_unarmed_crowd_is_a_riot():
    event = first("Clashes were reported in Annaba between police and informal traders on 1 July 2016.", dt.date(2016, 7, 2))
    assert (event.event_type, event.sub_event_type) == ("Riots", "Violent demonstration")
    armed = first("Clashes were reported in Annaba between police and gunmen on 1 July 2016.", dt.date(2016, 7, 2))
    assert armed.event_type == "Battles"


def test_a_police_raid_that_hurts_no_one_is_a_development():
    event = first("Police raided the offices of an opposition newspaper in Lusaka and closed down publication.", dt.date(2016, 7, 2))
    assert event.event_type == "Strategic developments"
    fatal = first("Police raided a hideout in Lusaka and killed two robbers.", dt.date(2016, 7, 2))
    assert fatal.event_type != "Strategic developments"


def test_a_perfect_infinitive_is_no_running_total():
    event = first("On 31 May 2020, locals in Za-Sounta chased down and killed two men believed to have murdered a village chief.",
                  dt.date(2020, 6, 1))
    assert event.event_type == "Riots"


@pytest.mark.parametrize(
    "text",
    [
        "A pro-government march took place in Parakou in support of the president.",
        "A crowd of supporters gathered in front of the central police station in Cotonou to demand his release.",
    ],
)
def test_a_march_or_a_gathering_with_a_demand_is_a_protest(text):
    assert first(text).event_type == "Protests"


def test_the_month_march_after_a_is_no_protest():
    assert all(e.event_type != "Protests" for e in extract(
        "Syrian forces used sulfur mustard in a March 2018 attack on Saraqib, investigators found.", published=PUBLISHED).events)


def test_a_day_of_strikes_is_no_running_total():
    event = first("In the past 24 hours, the air force launched nine offensives against Islamic State positions in Sirte.",
                  dt.date(2016, 6, 20))
    assert event.sub_event_type == "Air/drone strike"


def test_a_party_claiming_one_attack_is_no_running_total():
    event = first("Al Shabaab claims it has killed 6 KDF soldiers in an ambush on a base in Lamu.", dt.date(2016, 6, 20))
    assert event.event_type == "Battles"
    claims = extract("Al Shabaab says it has killed 300 soldiers since January.", published=dt.date(2016, 6, 20)).claims
    assert claims


def test_party_cadres_smashing_windows_riot():
    event = first("UPND cadres reportedly shattered windows of campaign vehicles in Mpima.", dt.date(2016, 6, 20))
    assert (event.event_type, event.perpetrators[0].name) == ("Riots", "Rioters (Zambia)")


def test_a_number_of_villagers_is_a_crowd_whatever_it_hits():
    event = first("On 16 March 2021, a number of locals attacked a church in the village of Tchatingou (Tanguieta, Atacora).",
                  dt.date(2021, 3, 20))
    assert (event.event_type, event.sub_event_type) == ("Riots", "Mob violence")
    named = first("On 14 April 2021, a number of Fulani pastoralists attacked farmer camps near Tchakalakou (Toucountouna, Atacora).",
                  dt.date(2021, 4, 20))
    assert named.event_type == "Violence against civilians"
