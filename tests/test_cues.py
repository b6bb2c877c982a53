"""Background, claims and blame in longer reports: hand-written texts through `extract`."""

from __future__ import annotations

import datetime as dt

from tally.pipeline import extract

PUBLISHED = dt.date(2022, 5, 10)


def _events(text: str):
    return extract(text, published=PUBLISHED).events


def test_a_later_sentence_in_the_perfect_is_background():
    text = (
        "Gunmen shot dead three traders at a market in Gao on Monday, police said. "
        "Armed groups in the region have killed teachers and local officials."
    )
    events = _events(text)
    assert len(events) == 1
    assert len(events[0].evidence) == 1


def test_a_lead_in_the_perfect_is_news():
    assert len(_events("Police have arrested 30 activists in Bamako, officials said.")) == 1


def test_an_arrest_in_a_relative_clause_is_no_event():
    text = (
        "Fighters executed two men in a square in Raqqa on Monday, a monitor said. "
        "It said both were traders who had been detained by the group in March."
    )
    events = _events(text)
    assert [e.sub_event_type for e in events] == ["Attack"]


def test_destruction_beside_an_attack_is_part_of_it():
    text = (
        "Militants killed nine villagers in an attack on Tillaberi on Sunday, the mayor said. "
        "The militants also burned shops and granaries before leaving."
    )
    assert [e.sub_event_type for e in _events(text)] == ["Attack"]


def test_a_claim_of_responsibility_names_the_perpetrator():
    text = (
        "A suicide bomber killed six people at a checkpoint in Mogadishu on Sunday, police said. "
        "Al-Shabaab said in a statement that it had carried out the attack."
    )
    events = _events(text)
    assert len(events) == 1
    assert events[0].perpetrators[0].name == "Al Shabaab"


def test_the_one_blamed_is_the_perpetrator_not_the_one_blaming():
    text = (
        "A bomb killed four people at a bus station in Maiduguri on Sunday. "
        "The police blamed Boko Haram for the attack."
    )
    names = [a.name for a in _events(text)[0].perpetrators]
    assert "Boko Haram" in names[0] and not any(n.startswith("Police") for n in names)


def test_scene_cues_read_targets_and_arms():
    from tally import scene_cues

    text = "gunmen seized two oxen from a herder"
    assert scene_cues.property_object(text, text.index("seized") + len("seized"))
    text = "gunmen killed a cattle trader"
    assert not scene_cues.property_object(text, text.index("killed") + len("killed"))
    assert scene_cues.military_target("militants attacked a police checkpoint at dawn")
    assert not scene_cues.military_target("militants attacked a wedding party at dawn")
    assert scene_cues.firefight("hunters and soldiers exchanged gunfire")
    assert scene_cues.armed_means("farmers clashed with firearms")
    assert not scene_cues.armed_means("villagers armed with sticks and machetes")
    assert scene_cues.off_duty("a soldier was shot dead outside his home")
    taken = scene_cues.territory_taken("the army recaptured two villages near the border")
    assert taken is not None and taken.group().startswith("recaptured")
    assert scene_cues.territory_taken("YPG-occupied regions") is None
    assert scene_cues.withdrawal("the town fell without resistance")


def test_the_month_may_is_not_a_modal():
    assert len(_events("On 3 May 2022, gunmen killed two traders in Gao.")) == 1
    assert not _events("The militia may attack the market in Gao next week.")


def test_blockades_and_crowd_damage_make_a_gathering_violent():
    from tally.cues import blockade, riot_damage

    assert blockade("Traders protested in Ben Gardane and blocked the national route 1.")
    assert blockade("People are closing roads around Harar in protest.")
    assert blockade("Farmers blocked vehicles on the RN 3.")
    assert not blockade("Teachers marched peacefully to the ministry.")
    assert riot_damage("Residents were protesting and a car was stoned.")
    assert riot_damage("Students staged a violent strike, destroying property.")
    assert riot_damage("Youth supporters brawled over t-shirts at the rally.")
    assert not riot_damage("Students staged a strike over fees.")


def test_a_gathering_reads_the_untriggered_sentence_beside_it():
    text = ("On 2 July 2016, around 400 farmers blocked vehicles on the main road near Sbikha. "
            "They were protesting against the closure of a dam.")
    event = extract(text, published=dt.date(2016, 7, 2)).events[0]
    assert (event.event_type, event.sub_event_type) == ("Riots", "Violent demonstration")


def test_told_of_with_is_reported_to_is_no_speaker():
    text = "The Libyan National Army is reported to have taken control of Ganfouda on 29 June."
    event = extract(text, published=dt.date(2016, 7, 1)).events[0]
    assert event.perpetrators[0].name == "Military Forces of Libya"


def _toll(text: str) -> tuple[int | None, int | None]:
    fatalities = _events(text)[0].fatalities
    return fatalities.low, fatalities.high


def test_a_coders_remark_is_blanked_but_the_source_beside_it_is_kept():
    from tally.cues import without_coder_remarks

    text = "Fatalities coded as 2 (VoJ reported 3 fatalities)."
    kept = without_coder_remarks(text)
    assert len(kept) == len(text) and "2" not in kept and "VoJ reported 3" in kept
    assert "4" not in without_coder_remarks("Total fatalities coded as 4.")
    assert "(1)" not in without_coder_remarks("Fatalities are split across 3 events (1).")
    assert without_coder_remarks("12 deaths were recorded in Gao.") == "12 deaths were recorded in Gao."


def test_a_count_stated_on_the_reports_own_authority_stays_beside_a_partys_figure():
    # The party's different figure is only beside the count: ACLED keeps the count.
    assert _toll("On 9 May 2022, 4 soldiers were killed (6 according to Taliban sources) when their vehicle hit a mine "
                 "in Nawa district, Helmand. Fatalities coded as 4 (VoJ reported 6 fatalities).") == (4, 4)
    assert _toll("On 9 May 2022, Taliban militants attacked a post, killing 2 policemen (VoJ claimed 5), in Nawa district, "
                 "Helmand. Fatalities coded as 2 (VoJ reported 5).") == (2, 2)
    assert _toll("On 9 May 2022, 6 Taliban militants were killed when police repulsed their attack in Ghazni city. "
                 "The Taliban said 2 policemen were killed. Fatalities coded as 6 (VoJ reported 2 fatalities).") == (6, 6)
    # A party figure sharing one number with the count's parts does not make the count the party's.
    assert _toll("On 9 May 2022, according to local officials, 1 policeman and 1 civilian were killed in an ambush by "
                 "Taliban militants in Khulm district. VoJ claimed at least 11 soldiers and 2 militants were killed.") == (2, 2)


def test_the_coded_figure_is_never_read_only_the_partys_source_statement():
    # "coded as 3" would give 3 if read; the party's figure is the count's only source, so 0.
    assert _toll("On 9 May 2022, 3 soldiers were killed in an attack by Taliban militants on a check point in Nawa "
                 "district, Helmand. Fatalities coded as 3 (VoJ reported 3 fatalities).") == (0, 3)
    # the share in brackets after a split remark is the coded figure too: the split is computed
    assert _toll("On 9 May 2022, 9 militants were killed in air strikes in three districts of Helmand. "
                 "Fatalities are split across 3 events (1).") == (3, 3)


def test_a_partys_figure_matching_the_counts_of_several_sentences_is_their_source():
    assert _toll("On 9 May 2022, 2 soldiers were killed in an attack by Taliban militants on a post in Nawa district, "
                 "Helmand. In another attack, 3 soldiers were killed in the same district. VoJ reported 5 fatalities.") == (0, 2)


def test_a_closing_source_statement_after_another_act_still_names_the_counts_source():
    assert _toll("On 9 May 2022, 4 soldiers were killed in an attack by Taliban militants on a post in Nawa district, "
                 "Helmand. Taliban overtook the post. VoJ reported 4 fatalities.") == (0, 4)


def test_a_partys_count_gives_way_to_one_credited_to_another_source():
    event = _events("On 9 May 2022, according to VoJ, 4 soldiers were killed in an attack by Taliban militants on a post "
                    "in Nawa district, Helmand. 1 soldier was killed in the district according to the NY Times.")[0]
    assert (event.fatalities.low, event.fatalities.high) == (1, 1)
    assert event.fatalities.qualifier == "counted by a source other than the party"


def test_a_group_claiming_its_own_attack_and_kills_is_a_party_claim():
    assert _toll("On 9 May 2022, IS Sahel claimed to have attacked and killed three soldiers near Kandi.") == (0, 3)
