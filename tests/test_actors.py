"""Actors and perpetrators: ACLED-style names, country qualifiers, and who comes first."""

from __future__ import annotations

import datetime as dt

import pytest

from tally.actors import (
    context_country,
    home_country,
    load_homes,
    load_inter_codes,
    load_nationalities,
    nationality_before,
    qualified,
)
from tally.lexicon import read_table
from tally.pipeline import extract
from tally.settings import DATA_DIR

DAY = dt.date(2021, 5, 4)


def first_event(text: str):
    events = extract(text, published=DAY).events
    assert events, text
    return events[0]


def names(text: str) -> list[str]:
    return [a.name for a in first_event(text).perpetrators]


def test_every_kind_has_an_acled_inter_code():
    codes = load_inter_codes()
    assert sorted(codes.values()) == list(range(1, 9))
    kinds = {row["kind"] for row in read_table(DATA_DIR / "actors.tsv")}
    assert kinds <= set(codes)


def test_qualified_fills_or_drops_the_country():
    assert qualified("Unidentified Armed Group ({country})", "Benin") == "Unidentified Armed Group (Benin)"
    assert qualified("Unidentified Armed Group ({country})", None) == "Unidentified Armed Group"
    assert qualified("Military Forces of {country}", None) == "Military Forces"
    assert qualified("Taliban", "Afghanistan") == "Taliban"


def test_nationality_before_reads_one_and_two_word_adjectives():
    nations = load_nationalities()
    assert nationality_before(["the", "Afghan", "forces"], 2, nations) == "Afghanistan"
    assert nationality_before(["South", "African", "police"], 2, nations) == "South Africa"
    assert nationality_before(["the", "afghan", "forces"], 2, nations) is None  # not a name
    assert nationality_before(["the", "forces"], 1, nations) is None


def test_nationality_names_the_force_whatever_the_report_country():
    assert names("Nigerian soldiers killed four militants near Gwoza, Borno, on Monday.")[0] == "Military Forces of Nigeria"


def test_forces_alone_name_no_one_but_afghan_forces_do():
    assert names("Afghan forces killed six Taliban fighters in Nad Ali district, Helmand, on Sunday.")[:2] == [
        "Military Forces of Afghanistan", "Taliban"
    ]


def test_unknown_gunmen_take_the_report_country():
    assert names("Unknown gunmen shot dead a village chief in Kalale, Borgou, Benin, on Friday.")[0] == (
        "Unidentified Armed Group (Benin)"
    )


def test_named_group_with_a_generic_noun_is_one_actor():
    assert names("Taliban militants attacked a police checkpoint in Ghazni, Afghanistan, killing three policemen.") == [
        "Taliban", "Police Forces of Afghanistan"
    ]


def test_attack_by_a_group_puts_the_group_before_the_fallen_police():
    found = names("Four policemen were killed following an attack by Taliban militants in Kunduz, Afghanistan.")
    assert found[0] == "Taliban"
    assert "Police Forces of Afghanistan" in found


def test_repulsed_attackers_come_first():
    found = names("Nine Taliban militants were killed when Afghan forces repulsed their attack in Khost, Afghanistan.")
    assert found == ["Taliban", "Military Forces of Afghanistan"]


def test_bomb_with_no_one_named_is_an_unidentified_armed_group():
    found = names("Two soldiers were killed by a roadside bomb in Kandahar, Afghanistan, on Tuesday.")
    assert found[0] == "Unidentified Armed Group (Afghanistan)"


def test_a_group_planted_bomb_is_that_group():
    found = names("Three civilians were killed when their car hit a Taliban-planted mine in Kapisa, Afghanistan.")
    assert found[0] == "Taliban"


def test_protest_is_led_by_protesters_of_the_country():
    found = names("Hundreds of students protested in Cotonou, Benin, on Monday against higher fees.")
    assert found[0] == "Protesters (Benin)"


def test_protest_broken_up_by_police_keeps_protesters_first():
    found = names("Traders protested in Parakou, Benin, on Monday; police dispersed them with tear gas.")
    assert found[:2] == ["Protesters (Benin)", "Police Forces of Benin"]


def test_a_crowd_that_kills_is_rioters():
    found = names("A mob beat a suspected thief to death in Parakou, Benin, on Saturday.")
    assert found[0] == "Rioters (Benin)"


def test_identity_militia_carries_its_country():
    found = names("Fulani herdsmen attacked farmers near Ketou, Benin, killing two men.")
    assert found[0] == "Fulani Ethnic Militia (Benin)"


def test_army_that_answers_an_attack_comes_after_the_attackers():
    found = names(
        "Unidentified gunmen attacked a farm near Kalale, Benin, on Sunday. "
        "The Beninese army intervened and exchanged fire with the gunmen."
    )
    assert found[:2] == ["Unidentified Armed Group (Benin)", "Military Forces of Benin"]


@pytest.mark.parametrize("phrase", ["child soldier", "an anti-ISIS website"])
def test_descriptions_are_not_actors(phrase):
    text = f"Gunmen killed a {phrase} owner in Mosul, Iraq, on Monday." if "web" in phrase else (
        f"A {phrase} shot a man dead in Mosul, Iraq, on Monday."
    )
    assert "Military Forces of Iraq" not in names(text)
    assert "Islamic State" not in names(text)


def test_every_home_is_a_country_name_actors_use():
    countries = set(load_nationalities().values())
    assert set(load_homes().values()) <= countries


def test_home_of_a_named_actor_stands_in_for_the_country():
    assert home_country(["Rioters", "Al Shabaab"]) == "Somalia"
    assert home_country(["Rioters"]) is None
    # a named group's home comes before a stray adjective of nationality
    assert context_country(["Kenyan", "traders", "met"], ["Al Shabaab"]) == "Somalia"
    assert context_country(["Kenyan", "traders", "met"], []) == "Kenya"


def test_troops_take_the_country_of_the_group_they_fight_when_no_place_is_known():
    found = names("Soldiers killed nine Boko Haram fighters in a raid on Tuesday.")
    assert found[:2] == ["Military Forces of Nigeria", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"]


def test_party_cadres_who_attack_are_the_party():
    assert names("UPND cadres attacked two traders at a market in Lusaka, Zambia, on Friday.")[0] == (
        "UPND: United Party for National Development"
    )


def test_paramilitaries_are_a_pro_government_militia():
    assert names("Paramilitaries attacked a village near Nyala, Sudan, killing three farmers.")[0] == "Militia (Pro-Government)"


def test_forces_of_the_united_states_take_an_article():
    assert qualified("Military Forces of {country}", "United States") == "Military Forces of the United States"
    assert qualified("Protesters ({country})", "United States") == "Protesters (United States)"


def test_soldiers_wounded_in_a_clash_are_not_its_initiator():
    found = names("Three soldiers were wounded in clashes with Taliban militants in Andar district, Ghazni, on Monday.")
    assert found[:2] == ["Taliban", "Military Forces of Afghanistan"]


def test_farmers_who_attack_are_a_communal_militia():
    from tally.perpetrators import name_crowds
    from tally.records import Actor

    farmers = Actor("Unidentified Communal Militia (Benin)", "rioters")
    named = name_crowds([farmers], "Attack")
    assert [(a.name, a.kind) for a in named] == [("Unidentified Communal Militia (Benin)", "identity_militia")]


def test_farmers_at_a_riot_or_protest_are_a_crowd():
    from tally.perpetrators import name_crowds
    from tally.records import Actor

    farmers = Actor("Unidentified Communal Militia (Benin)", "rioters")
    assert name_crowds([farmers], "Mob violence")[0].name == "Rioters (Benin)"
    assert name_crowds([farmers], "Peaceful protest")[0].name == "Protesters (Benin)"


def test_codeco_is_a_known_militia_of_dr_congo():
    first = names("CODECO fighters attacked a village near Djugu on Monday, killing seven people.")[0]
    assert first == "CODECO: Cooperative for Development of Congo"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saiqa Special Forces shelled militant positions in Benghazi on Tuesday.", "Military Forces of Libya"),
        ("KDF soldiers raided an al Shabaab camp in Lamu on Friday, killing four fighters.", "Military Forces of Kenya"),
        ("Dahalo attacked a bus near Ihosy, killing three passengers.", "Dahalo Militia"),
    ],
)
def test_unit_and_acronym_aliases_name_acled_actors(text, expected):
    assert names(text)[0] == expected


def test_armed_farmers_stay_a_militia_when_the_type_is_settled_late():
    text = "On 3 March, farmers armed with machetes attacked a herders' camp in Kalale, Borgou, wounding two men."
    assert names(text)[0].startswith("Unidentified Communal Militia")


# -- communal and ethnic militias, police and military, who leads ---------------------------------


@pytest.mark.parametrize(
    ("words", "start", "end", "expected"),
    [
        (["On", "2", "March", ",", "residents", "of", "Dogbo", "attacked"], 4, 5, "Dogbo"),
        (["youths", "from", "the", "village", "of", "Ganro", "captured"], 0, 1, "Ganro"),
        ([",", "Birni", "Lafia", "residents", "created"], 3, 4, "Birni Lafia"),
        ([",", "Sahe", "-", "Abigo", "people", "killed"], 4, 5, "Sahe-Abigo"),
        (["villagers", "in", "Torozougou", "attacked"], 0, 1, None),  # where, not whose
        (["Angry", "residents", "burned"], 1, 2, None),  # a capital at a sentence's start
        ([",", "UPND", "supporters", "marched"], 2, 3, None),  # a party, not a village
        ([",", "Kenyan", "residents", "marched"], 2, 3, None),  # a nationality
    ],
)
def test_home_of_names_the_village_a_crowd_comes_from(words, start, end, expected):
    from tally.actors import home_of

    assert home_of(words, start, end) == expected


def test_a_named_communal_group_is_a_militia_in_an_attack_and_a_crowd_in_a_riot():
    from tally.perpetrators import name_crowds
    from tally.records import Actor

    dogbo = Actor("Dogbo Communal Militia (Benin)", "rioters")
    assert [(a.name, a.kind) for a in name_crowds([dogbo], "Attack")] == [("Dogbo Communal Militia (Benin)", "identity_militia")]
    assert name_crowds([dogbo], "Mob violence")[0].name == "Rioters (Benin)"
    assert name_crowds([dogbo], "Peaceful protest")[0].name == "Protesters (Benin)"


def test_a_crowd_that_fights_is_a_communal_militia_once_the_type_is_settled():
    from tally.perpetrators import name_crowds
    from tally.records import Actor

    villagers = Actor("Rioters (Benin)", "rioters")
    assert name_crowds([villagers], "Armed clash")[0].name == "Unidentified Communal Militia (Benin)"
    # Before the type is settled the crowd stays a crowd, so its violence can still be mob violence.
    assert name_crowds([villagers], "Armed clash", settled=False)[0].kind == "rioters"
    assert name_crowds([villagers], "Mob violence")[0].name == "Rioters (Benin)"


def test_residents_of_a_village_who_attack_are_its_communal_militia():
    found = names("On 2 March 2020, residents of Dogbo (Dogbo, Mono) attacked a Fulani settlement, burning huts, in Benin.")
    assert found[0].startswith("Dogbo Communal Militia")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bariba farmers and Fulani pastoralists clashed with machetes in Gamia, Borgou, in Benin.", "Bariba Ethnic Militia"),
        ("Abala militia attacked the village of Tur in Sudan, killing five people.", "Abala Ethnic Militia"),
        ("Two Fulani men equipped with machetes killed a farmer near Ofia, Ketou, in Benin.", "Fulani Ethnic Militia"),
    ],
)
def test_ethnic_groups_that_attack_or_fight_are_ethnic_militias(text, expected):
    assert names(text)[0].startswith(expected)


def test_bare_security_forces_are_police_and_national_ones_the_army():
    assert names("Security forces fired tear gas and live ammunition at demonstrators in Bante, Benin.")[0] == (
        "Police Forces of Benin"
    )
    assert names("Afghan security forces killed four Taliban militants in Gulran district, Herat.")[0] == (
        "Military Forces of Afghanistan"
    )


def test_a_group_a_report_holds_responsible_leads_an_act_told_without_its_author():
    found = names("Two people were killed in a mortar attack on a market in Baidoa, Somalia. Al Shabaab suspected.")
    assert found[0] == "Al Shabaab"


def test_a_group_that_was_hit_is_not_the_suspect():
    found = names("Suspected US drones hit Al Shabaab bases near Jilib, Somalia, on Tuesday.")
    assert found[0] == "Military Forces of the United States"


def test_coordinated_subjects_keep_the_order_the_report_names_them():
    found = names("Presumed JNIM militants and soldiers exchanged gunfire in Nouari, Materi, Benin.")
    assert found[:2] == ["JNIM: Group for Support of Islam and Muslims", "Military Forces of Benin"]


def test_a_group_of_armed_men_is_the_armed_men_not_a_crowd():
    found = names("A group of ten unidentified armed men stole cattle in Wantehoun, Materi, Benin.")
    assert found == ["Unidentified Armed Group (Benin)"]


def test_gold_names_of_a_mission_contingent_match_its_country_military():
    from tally.evaluation import gold_actor_names, load_actor_map

    names_ = gold_actor_names("AMISOM: African Union Mission in Somalia (2007-) (Ethiopia)", load_actor_map())
    assert "military forces of ethiopia" in names_
    # A faction in brackets is no country: no military is read into it.
    assert gold_actor_names("Military Forces of Puntland (1998-) (Galan Faction)", load_actor_map()) == {
        "military forces of puntland"
    }


def test_customs_officers_and_forest_guards_are_police_forces():
    found = names("Smugglers assaulted two customs officers who tried to stop them in Seme-Krake, Benin.")
    assert "Police Forces of Benin" in found


def test_what_someone_is_suspected_of_being_names_no_party():
    found = names("Police killed a man suspected of being a member of an armed group in Derou, Banikoara, Benin.")
    assert found == ["Police Forces of Benin"]


def test_a_group_of_an_ethnic_group_is_not_a_village_militia():
    found = names("A group of Fulani pastoralists armed with machetes attacked a farmer in Sinende, Borgou, Benin.")
    assert found[0] == "Fulani Ethnic Militia (Benin)"


def test_protesters_take_the_nationality_that_names_them():
    assert names("Algerian lawyers protested in Tunis demanding the regularisation of their status.")[0] == "Protesters (Algeria)"


def test_a_party_names_the_report_country():
    assert names("Lawmakers of the People's Democratic Party protested against the freezing of the governor's account.")[0] == "Protesters (Nigeria)"


def test_a_force_reporting_its_own_capture_is_the_agent():
    text = "On 3 May 2021, the Libyan National Army reported that it had re-captured more territory from militants in Benghazi."
    assert names(text)[0] == "Military Forces of Libya"


def test_unknown_people_burning_a_harvest_are_a_communal_militia():
    text = "On 16 November 2020, unknown individuals set ablaze a half hectare of soja harvest in Gamia (Bembereke, Borgou)."
    assert names(text)[0] == "Unidentified Communal Militia (Benin)"
    armed = "On 16 November 2020, unknown gunmen set ablaze a half hectare of soja harvest in Gamia (Bembereke, Borgou)."
    assert names(armed)[0] == "Unidentified Armed Group (Benin)"


def test_communal_groups_after_the_armed_group_in_a_one_sided_act_are_its_targets():
    text = ("On 28 November 2020, Boko Haram fighters beheaded four farmers who were harvesting beans outside "
            "Damboa in Borno State, a local official and a member of a civilian militia said.\n\n"
            "The local government chairman confirmed that four men had been killed and said they were all "
            "residents of Damboa.")
    events = extract(text, published=DAY).events
    assert [a.name for a in events[0].perpetrators] == ["Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"]
