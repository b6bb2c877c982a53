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
