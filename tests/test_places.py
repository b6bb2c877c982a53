"""Tests for tally.places: finding place names in text and resolving them."""

from __future__ import annotations

import time

import pytest

from tally.gazetteer import Gazetteer
from tally.place_names import tokens_of
from tally.place_scene import implied_country, located_first
from tally.places import PlaceMention, countries_named, find_places, resolve
from tally.records import Place
from tally.settings import Settings
from tally.text import normalise_text


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The full gazetteer, from the same session cache as tests/test_gazetteer.py."""
    return Gazetteer.load(Settings(cache_dir=tmp_path_factory.getbasetemp() / "gazetteer-cache"))


def _places(text: str, gazetteer: Gazetteer, **hints: set[str]) -> list[tuple[str, Place | None]]:
    mentions = find_places(text, gazetteer)
    return [(m.span.text, p) for m, p in zip(mentions, resolve(mentions, **hints))]


@pytest.mark.parametrize("spelling", ["Al-Qa’im", "Al Qa'im", "Al-Qaim"])
def test_al_qaim_resolves_to_the_iraqi_town(gazetteer: Gazetteer, spelling: str) -> None:
    text = f"The man was accused of spying on the group in the Iraqi town of {spelling}, the monitor said."
    mentions = find_places(text, gazetteer)
    places = resolve(mentions, countries_hint=countries_named(text, gazetteer))
    assert [m.span.text for m in mentions] == [spelling]
    (place,) = places
    assert place is not None
    assert (place.geonameid, place.country_code, place.precision) == (92138, "IQ", 1)
    assert place.admin1 in ("Anbar", "Al Anbar")
    assert place.span is not None and text[place.span.start:place.span.end] == spelling


def test_spans_are_in_document_coordinates(gazetteer: Gazetteer) -> None:
    sentence = "Shelling hit Mosul overnight."
    (mention,) = find_places(sentence, gazetteer, offset=100, document_id="doc-1")
    assert (mention.span.document_id, mention.span.start, mention.span.end) == ("doc-1", 113, 118)
    assert mention.span.text == "Mosul"


def test_admin1_named_after_a_city_qualifies_it(gazetteer: Gazetteer) -> None:
    found = _places("Gunmen attacked a market in Maiduguri, Borno State, on Tuesday.", gazetteer)
    assert [text for text, _ in found] == ["Maiduguri", "Borno State"]
    city, state = (p for _, p in found)
    assert city is not None and (city.country_code, city.admin1, city.precision) == ("NG", "Borno", 1)
    assert state is not None and (state.name, state.country_code, state.precision) == ("Borno", "NG", 3)


def test_admin1_in_brackets_picks_the_namesake_in_that_region(gazetteer: Gazetteer) -> None:
    # Without a qualifier the biggest "Kandi" wins; "(Alibori)" picks the town in Benin.
    (bare,) = _places("Gunmen attacked a village near Kandi on Sunday.", gazetteer)
    assert bare[1] is not None and bare[1].country_code != "BJ"
    town, region = _places("Gunmen attacked a village near Kandi (Alibori) on Sunday.", gazetteer)
    assert town[1] is not None and (town[1].country_code, town[1].admin1) == ("BJ", "Alibori")
    assert region[1] is not None and region[1].precision == 3


def test_paris_follows_the_documents_context(gazetteer: Gazetteer) -> None:
    plain = _places("Police in Paris arrested two men.", gazetteer)
    assert plain[0][1] is not None and plain[0][1].country_code == "FR"
    texas = _places("Police in Paris arrested two men. The county lies in north-east Texas.", gazetteer)
    assert texas[0][1] is not None and (texas[0][1].country_code, texas[0][1].admin1) == ("US", "Texas")
    france = _places("Police in Paris arrested two men, the interior ministry of France said.", gazetteer)
    assert france[0][1] is not None and france[0][1].country_code == "FR"
    hinted = _places("Police in Paris arrested two men.", gazetteer, countries_hint={"US"})
    assert hinted[0][1] is not None and hinted[0][1].country_code == "US"


def test_qualifier_beats_population(gazetteer: Gazetteer) -> None:
    paris, state = _places("A gunman opened fire in Paris, Tennessee, on Friday.", gazetteer)
    assert paris[1] is not None and (paris[1].country_code, paris[1].admin1) == ("US", "Tennessee")
    assert state[1] is not None and state[1].precision == 3


def test_countries_resolve_with_precision_4(gazetteer: Gazetteer) -> None:
    found = _places("The group holds territory in Syria and Iraq.", gazetteer)
    assert [(t, p.country_code, p.precision) for t, p in found if p] == [("Syria", "SY", 4), ("Iraq", "IQ", 4)]


def test_kabul_is_the_afghan_capital(gazetteer: Gazetteer) -> None:
    ((text, place),) = _places("A car bomb exploded in Kabul on Monday.", gazetteer)
    assert text == "Kabul"
    assert place is not None and (place.country_code, place.precision) == ("AF", 1)
    assert place.latitude == pytest.approx(34.5, abs=0.2)


def test_wider_region_has_precision_5(gazetteer: Gazetteer) -> None:
    ((text, place),) = _places("The group wants a caliphate across the Levant.", gazetteer)
    assert text == "Levant" and place is not None and place.precision == 5 and place.country_code is None


@pytest.mark.parametrize(
    "text",
    [
        "May was the deadliest month of the year.",
        "Police said the attackers fled on foot.",
        "The attack happened in May, officials said.",
        "Said the commander: the road is closed.",
        "A Union official and Mark, a driver, were hurt.",
    ],
)
def test_common_words_are_not_places(gazetteer: Gazetteer, text: str) -> None:
    assert find_places(text, gazetteer) == []


def test_headline_word_written_lower_case_in_the_body_is_not_a_town(gazetteer: Gazetteer) -> None:
    text = "Militants Execute Accused Spy\n\nMilitants shot a man they accused of being a spy."
    assert [m.span.text for m in find_places(text, gazetteer)] == []


def test_nisba_of_a_personal_name_is_not_a_place(gazetteer: Gazetteer) -> None:
    mentions = find_places("Abu Bakr al-Baghdadi addressed fighters in al-Raqqa.", gazetteer)
    assert [m.span.text for m in mentions] == ["al-Raqqa"]
    (place,) = resolve(mentions)
    assert place is not None and place.country_code == "SY"


def test_multi_word_names_match_longest_first(gazetteer: Gazetteer) -> None:
    mentions = find_places("Fighting spread to Deir ez-Zor and the Democratic Republic of the Congo.", gazetteer)
    assert [m.span.text for m in mentions] == ["Deir ez-Zor", "Democratic Republic of the Congo"]
    assert all(isinstance(m, PlaceMention) and m.candidates for m in mentions)


def test_possessive_is_stripped(gazetteer: Gazetteer) -> None:
    (mention,) = find_places("Iraq's army retook the town.", gazetteer)
    assert mention.span.text == "Iraq"


def test_mention_without_candidates_resolves_to_none() -> None:
    assert resolve([]) == []


def test_a_4000_character_article_is_searched_in_under_5_ms(gazetteer: Gazetteer) -> None:
    paragraph = (
        "Gunmen attacked a checkpoint near Maiduguri, Borno State, on Tuesday, killing at least "
        "seven soldiers, the army said. In Kabul, a bomb exploded outside a ministry. Syrian "
        "government forces shelled villages east of Idlib, the Syrian Observatory for Human "
        "Rights reported, while the coalition said it struck targets near Al-Qa'im in Anbar. "
    )
    article = normalise_text(paragraph * (4000 // len(paragraph) + 1))[:4000]
    find_places(article, gazetteer)  # warm up
    best = min(_timed(lambda: find_places(article, gazetteer)) for _ in range(5))
    assert best < 0.005, f"{best * 1000:.2f} ms"


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def test_personal_names_are_not_towns(gazetteer: Gazetteer) -> None:
    text = "David Jones told reporters that Gov. Rick Perry would visit. Jones said the road to Austin was closed."
    assert [m.span.text for m in find_places(text, gazetteer)] == ["Austin"]


def test_place_opened_by_a_given_name_matches_whole(gazetteer: Gazetteer) -> None:
    mentions = find_places("Deputies in Scott County searched a farm near Glen Burnie.", gazetteer)
    assert [m.span.text for m in mentions] == ["Scott County", "Glen Burnie"]


def test_county_is_a_second_level_region_in_the_named_state(gazetteer: Gazetteer) -> None:
    found = _places("A deputy in Laurel County, Kentucky, was shot on Friday.", gazetteer)
    (county, place), (state, _) = found
    assert county == "Laurel County" and state == "Kentucky"
    assert place is not None and (place.country_code, place.admin1, place.precision) == ("US", "Kentucky", 2)
    assert place.latitude == pytest.approx(37.1, abs=0.4)


def test_state_abbreviations_qualify_the_town(gazetteer: Gazetteer) -> None:
    found = _places("The plant in Charleston, W.Va., and the store in Paris, Tenn., both closed.", gazetteer)
    assert [t for t, _ in found] == ["Charleston", "W.Va.", "Paris", "Tenn."]
    towns = [p for t, p in found if t in ("Charleston", "Paris")]
    assert [(p.country_code, p.admin1) for p in towns if p] == [("US", "West Virginia"), ("US", "Tennessee")]


def test_abbreviation_only_after_a_comma_when_it_is_also_a_word(gazetteer: Gazetteer) -> None:
    assert [m.span.text for m in find_places("Miss. Clara spoke to the U.S. envoy.", gazetteer)] == ["U.S."]


def test_demonyms_resolve_to_their_country_when_asked(gazetteer: Gazetteer) -> None:
    text = "Russian troops moved towards Tbilisi, Georgian officials said."
    assert [m.span.text for m in find_places(text, gazetteer)] == ["Tbilisi"]
    mentions = find_places(text, gazetteer, demonyms=True)
    by_text = {m.span.text: (m, p) for m, p in zip(mentions, resolve(mentions))}
    mention, place = by_text["Russian"]
    assert mention.kind == "demonym" and place is not None
    assert (place.country_code, place.precision, place.note) == ("RU", 4, "named by an adjective of nationality")


def test_part_of_an_unknown_name_is_no_foreign_town(gazetteer: Gazetteer) -> None:
    # "Puli" alone is a town in Taiwan; "Puli Alam" is the capital of Logar, missing here.
    found = _places("A soldier was killed by gunmen in Puli Alam city, Logar province.", gazetteer)
    assert [(t, p and p.country_code) for t, p in found][-1] == ("Logar", "AF")
    assert all(p is None or p.country_code == "AF" for _, p in found)


def test_district_pattern_names_the_region_in_another_spelling(gazetteer: Gazetteer) -> None:
    found = _places("A landmine killed two policemen in Tarinkot district, Urozgan.", gazetteer)
    assert [t for t, _ in found] == ["Tarinkot", "Urozgan"]
    town, region = (p for _, p in found)
    assert town is not None and (town.country_code, town.admin1, town.precision) == ("AF", "Oruzgan", 1)
    assert region is not None and (region.name, region.precision) == ("Oruzgan", 3)


def test_unknown_word_in_region_position_needs_a_country_in_context(gazetteer: Gazetteer) -> None:
    # "Cobli" sounds like Kabul province, but the report is about Benin.
    found = _places("Farmers clashed in Tapoga (Cobli, Atacora) in Benin.", gazetteer)
    places = {t: p for t, p in found}
    assert places.get("Cobli") is None
    assert places["Atacora"] is not None and places["Atacora"].country_code == "BJ"


def test_qualifier_chain_picks_the_capital_over_a_foreign_namesake(gazetteer: Gazetteer) -> None:
    found = _places("Women marched in Porto-Novo (Porto-Novo, Oueme) on Monday.", gazetteer)
    assert [(t, p.country_code) for t, p in found if p] == [("Porto-Novo", "BJ"), ("Porto-Novo", "BJ"), ("Oueme", "BJ")]


def test_small_foreign_town_yields_to_the_documents_country(gazetteer: Gazetteer) -> None:
    found = _places("Militants clashed with rangers in Monsey near the park in Alibori, Benin.", gazetteer)
    places = {t: p for t, p in found}
    assert places["Monsey"] is None and places["Alibori"] is not None


def test_contractions_are_not_places(gazetteer: Gazetteer) -> None:
    assert find_places("I've never seen it, we'll see.", gazetteer) == []


def test_capitalised_word_opening_a_sentence_is_no_part_of_the_name(gazetteer: Gazetteer) -> None:
    (mention,) = find_places("In Rusape, traders blocked the main road with stones.", gazetteer)
    assert mention.span.text == "Rusape" and not mention.partial
    (place,) = resolve([mention])
    assert place is not None and place.country_code == "ZW"


def test_district_of_a_named_region_not_the_namesake_town_elsewhere(gazetteer: Gazetteer) -> None:
    # The gazetteer's Muqur lies in Ghazni; the report names a district of Badghis.
    found = dict(_places("Gunmen attacked a checkpoint in Muqur district, Badghis, on Sunday.", gazetteer))
    district, region = found["Muqur"], found["Badghis"]
    assert district is not None and region is not None
    assert (district.admin1, district.country_code, district.precision) == ("Badghis", "AF", 2)
    assert (district.latitude, district.longitude) == (region.latitude, region.longitude)
    assert district.span is not None and district.span.text == "Muqur"


def test_town_in_the_named_region_keeps_its_own_place(gazetteer: Gazetteer) -> None:
    found = dict(_places("Police dispersed a crowd in Kandi (Kandi, Alibori) at dawn.", gazetteer))
    town = found["Kandi"]
    assert town is not None and (town.country_code, town.admin1, town.precision) == ("BJ", "Alibori", 1)


def test_english_name_of_a_transliterated_region(gazetteer: Gazetteer) -> None:
    found = dict(_places("Two soldiers were killed by a roadside bomb in North Sinai.", gazetteer))
    region = found["North Sinai"]
    assert region is not None and (region.country_code, region.precision) == ("EG", 3)


def test_regions_outweigh_a_lone_foreign_town_for_the_main_country() -> None:
    from tally.analysis import main_country

    def place(code: str, precision: int) -> Place:
        return Place(name=code, geonameid=None, country_code=code, admin1=None, latitude=0.0,
                     longitude=0.0, precision=precision, note=None, span=None)

    assert main_country([place("PL", 1), place("AF", 3)]) == "AF"
    assert main_country([place("PL", 1), place("PL", 1), place("AF", 3)]) == "PL"
    assert main_country([place("BJ", 1), place("NG", 4)]) == "BJ"
    assert main_country([]) is None


def test_town_in_a_web_address_slug_is_still_a_town(gazetteer: Gazetteer) -> None:
    text = "URL: https://example.org/news/monguno-market-raid\n\nGunmen raided the market in Monguno on Sunday."
    assert [m.span.text for m in find_places(text, gazetteer)] == ["Monguno"]
    assert [m.span.text for m in find_places("The monguno word. Gunmen raided Monguno.", gazetteer)] == []


def test_country_alone_is_placed_at_its_capital(gazetteer: Gazetteer) -> None:
    (found,) = _places("Hundreds protested in Benin on Tuesday against the voters roll.", gazetteer)
    place = found[1]
    assert place is not None and (place.country_code, place.precision, place.admin1) == ("BJ", 4, "Littoral")
    cotonou = max((e for e in gazetteer.lookup("Cotonou") if e.country_code == "BJ"), key=lambda e: e.population)
    assert (place.latitude, place.longitude) == (cotonou.latitude, cotonou.longitude)
    assert place.note and "capital" in place.note


@pytest.mark.parametrize(
    "text, code",
    [
        ("Thousands marched in the capital on Friday, Benin police said.", "BJ"),
        ("Over a thousand people took to the streets of Benin's economic capital.", "BJ"),
        ("A car bomb exploded in the Afghan capital, killing four.", "AF"),
        ("Students marched in the capital of Afghanistan, and Pakistan protested.", "AF"),
    ],
)
def test_the_capital_of_the_named_country(gazetteer: Gazetteer, text: str, code: str) -> None:
    capitals = [p for t, p in _places(text, gazetteer) if t == "capital"]
    assert len(capitals) == 1 and capitals[0] is not None
    assert (capitals[0].country_code, capitals[0].precision) == (code, 1)


def test_the_capital_without_a_country_or_as_a_common_noun_is_no_place(gazetteer: Gazetteer) -> None:
    assert [p for _, p in _places("Thousands marched in the capital on Friday.", gazetteer)] == [None]
    assert _places("Bishops spoke against capital punishment and the capital gains tax.", gazetteer) == []
    # The capital's own name follows: the town is the mention, not "capital".
    found = _places("Women marched in the capital of Porto-Novo (Porto-Novo, Oueme).", gazetteer)
    assert [t for t, _ in found] == ["Porto-Novo", "Porto-Novo", "Oueme"]


def test_small_town_of_another_region_yields_to_the_region_named_after_it(gazetteer: Gazetteer) -> None:
    # Qalat of the gazetteer lies in Zabul; the report names an area of a Herat district.
    text = "Taliban militants attacked a post in the 'Qalat' area of Kushki Kuhna district, Herat. Four died."
    found = dict(_places(text, gazetteer, countries_hint={"AF"}))
    place = found["Qalat"]
    assert place is not None and (place.country_code, place.admin1, place.precision) == ("AF", "Herat", 2)


def test_town_keeps_its_place_when_the_region_after_it_is_its_own_or_far(gazetteer: Gazetteer) -> None:
    text = "A bomb hit a bus near Qalat, Zabul. Elsewhere in the country, fighting went on in Herat province."
    found = dict(_places(text, gazetteer, countries_hint={"AF"}))
    assert found["Qalat"] is not None and (found["Qalat"].admin1, found["Qalat"].precision) == ("Zabul", 1)


def test_region_spelling_with_other_words_does_not_qualify_a_town(gazetteer: Gazetteer) -> None:
    # "East Harerge" is no spelling of North Macedonia's Struga: Deder stays the Ethiopian town.
    found = dict(_places("People protested against the national agenda in Deder, East Harerge.", gazetteer))
    assert found["Deder"] is not None and found["Deder"].country_code == "ET"


def test_unique_town_abroad_stands_against_a_nationality(gazetteer: Gazetteer) -> None:
    text = "Traders burnt tyres in Ben Gardane to protest against the behaviour of Libyan authorities."
    found = dict(_places(text, gazetteer, countries_hint=countries_named(text, gazetteer)))
    assert found["Ben Gardane"] is not None and found["Ben Gardane"].country_code == "TN"


def test_small_region_read_from_part_of_an_unknown_name_needs_its_country(gazetteer: Gazetteer) -> None:
    # "Bay" is a region of Somalia, not part of "Nelson Mandela Bay" in a report naming no country.
    found = _places("Parents marched to the offices of the Department in Nelson Mandela Bay.", gazetteer)
    assert all(p is None or p.country_code != "SO" for _, p in found)
    # Named whole, or in a report about Somalia, the region stands.
    found = dict(_places("Al Shabaab fighters attacked a base in Bay region, Somalia.", gazetteer))
    assert found["Bay"] is not None and found["Bay"].country_code == "SO"


def test_name_before_an_institution_is_the_place_whole(gazetteer: Gazetteer) -> None:
    # "Medical Centre" and "University" name what lies in the town, not more of its name.
    for text, code in (
        ("A missile landed outside Benghazi Medical Centre on 23 June.", "LY"),
        ("A riot broke out at Abomey Calavi University as students protested.", "BJ"),
        ("A Masvingo bank branch was burnt by angry depositors.", "ZW"),
    ):
        mentions = find_places(text, gazetteer)
        assert not mentions[0].partial, text
        place = resolve(mentions)[0]
        assert place is not None and (place.country_code, place.precision) == (code, 1), text
    # A name that goes on with words of no institution is still partial.
    mention = find_places("Fighting near Puli Alam town.", gazetteer)[0]
    assert mention.span.text == "Puli" and mention.partial


def test_comma_list_of_towns_is_no_qualifier(gazetteer: Gazetteer) -> None:
    found = _places("Hundreds protested against the FCFA in Cotonou, Dakar and Bamako.", gazetteer)
    assert [(text, p.country_code if p else None) for text, p in found] == [("Cotonou", "BJ"), ("Dakar", "SN"), ("Bamako", "ML")]
    found = _places("Students staged protests in Assiut, Alexandria, and Suez.", gazetteer)
    assert [p.precision if p else None for _, p in found] == [1, 1, 1]


def test_region_qualifying_a_town_is_the_one_that_holds_it(gazetteer: Gazetteer) -> None:
    # Nigeria's Plateau State is bigger; Benin's Plateau holds Ketou.
    found = _places("A customs officer was wounded near Ketou (Ketou, Plateau).", gazetteer)
    region = found[-1][1]
    assert region is not None and (region.name, region.country_code, region.precision) == ("Plateau", "BJ", 3)


def test_big_city_qualifying_a_neighbourhood_rules_out_namesakes_abroad(gazetteer: Gazetteer) -> None:
    found = dict(_places("About 500 people marched through the streets of Wentworth, Durban.", gazetteer))
    durban = found["Durban"]
    assert found["Wentworth"] is None and durban is not None and durban.country_code == "ZA"
    # Also after the part of a longer name the gazetteer lacks ("Auckland Park").
    found = dict(_places("Protesters waved flags outside the SABC offices in Auckland Park, Johannesburg.", gazetteer))
    assert found["Auckland"] is None and found["Johannesburg"] is not None


def test_country_with_a_possessive_that_lost_its_apostrophe(gazetteer: Gazetteer) -> None:
    ((text, place),) = _places("Supporters protested in front of Benins electoral commission.", gazetteer)
    assert text == "Benin" and place is not None and (place.country_code, place.precision) == ("BJ", 4)
    assert _places("Mr Jones said nothing.", gazetteer) == []


def _resolved(text: str, gazetteer: Gazetteer) -> list[Place]:
    return [p for p in resolve(find_places(text, gazetteer)) if p is not None]


def test_place_a_locative_word_introduces_comes_first(gazetteer: Gazetteer) -> None:
    text = "Four soldiers were killed in fighting with the so-called Benghazi Defence Brigades near Ajdabiya."
    assert [p.name for p in located_first(_resolved(text, gazetteer), text)] == ["Ajdabiya", "Benghazi"]
    # The rest of a list after a locative word, and the seat of an institution, count too.
    text = "Traffic on the Maiduguri road stopped after fighting between Konduga and Bama."
    assert [p.name for p in located_first(_resolved(text, gazetteer), text)] == ["Konduga", "Bama", "Maiduguri"]
    text = "Along the Harare road, students of Lupane State University protested."
    assert [p.name for p in located_first(_resolved(text, gazetteer), text)][0] == "Lupane"


def test_country_implied_by_a_nationality_lies_at_its_capital(gazetteer: Gazetteer) -> None:
    text = "Tens of Moroccan women protested in front of Parliament."
    tokens = tokens_of(text, gazetteer.connectors)
    place = implied_country("MA", gazetteer, text, tokens, [], "doc")
    assert place is not None and (place.country_code, place.precision, place.span.text) == ("MA", 4, "Moroccan")
    assert place.note and "imply" in place.note
    capital = gazetteer.country("MA")
    assert capital is not None and (place.latitude, place.longitude) == (capital.latitude, capital.longitude)
    assert implied_country("XX", gazetteer, text, tokens, [], "doc") is None


def test_a_news_outlet_s_name_is_not_a_place(gazetteer: Gazetteer) -> None:
    text = "Gunmen killed three farmers near Kandi, Benin, the police told Niger Valley Times and Radio Mogadishu."
    names = [m.span.text for m in find_places(text, gazetteer)]
    assert "Kandi" in names and "Benin" in names
    assert "Niger" not in names and "Mogadishu" not in names
    # One capitalised word before the outlet word is still a place: "in Kabul Times Square" aside,
    # a place name alone is not an outlet.
    assert "Maiduguri" in [m.span.text for m in find_places("Police in Maiduguri said.", gazetteer)]


def test_a_name_the_text_calls_a_region_is_the_region_not_its_town(gazetteer: Gazetteer) -> None:
    (sagaing, _myanmar) = _places("Soldiers burned houses in Sagaing region, Myanmar, on Monday.", gazetteer)
    assert sagaing[1] is not None and sagaing[1].precision == 3 and sagaing[1].country_code == "MM"
    (town,) = _places("Soldiers burned houses in Sagaing on Monday.", gazetteer)
    assert town[1] is not None and town[1].precision == 1


def test_tokens_are_the_same_in_ascii_and_in_other_text(gazetteer: Gazetteer) -> None:
    """An ASCII text takes the narrow pattern, any other the Unicode one: the same words,
    possessives stripped with either apostrophe, contractions and connectors kept apart."""
    ascii_text = "Benin's army and al-Qaim's men said I've seen Deir ez-Zor."
    curly_text = ascii_text.replace("'", "\u2019")
    expected = [
        ("Benin", "cap"), ("army", ""), ("and", "inner"), ("al", "article"), ("Qaim", "cap"), ("men", ""),
        ("said", ""), ("I've", ""), ("seen", ""), ("Deir", "cap"), ("ez", "article"), ("Zor", "cap"),
    ]
    for text in (ascii_text, curly_text):
        tokens = tokens_of(text, gazetteer.connectors)
        assert [(t.word.replace("\u2019", "'"), t.kind) for t in tokens] == expected
        assert all(text[t.start:t.end] == t.word for t in tokens)
    assert tokens_of("Qaim's", gazetteer.connectors)[0].end == 4
    assert [t.word for t in tokens_of("The boss's car. It's 3's", gazetteer.connectors)] == ["The", "boss", "car", "It", "s"]


def test_runs_hold_a_capitalised_word_and_the_connectors_joining_it(gazetteer: Gazetteer) -> None:
    from tally.place_names import runs_of

    text = "of the Bank of the West and al-Qaim, the and of, Deir ez-Zor."
    runs = runs_of(tokens_of(text, gazetteer.connectors), text)
    assert [[t.word for t in run] for run in runs] == [
        ["of", "the", "Bank", "of", "the", "West", "and", "al", "Qaim"], ["Deir", "ez", "Zor"],
    ]


def test_abbreviations_stand_only_apart_from_longer_words(gazetteer: Gazetteer) -> None:
    from tally.place_names import abbreviations_in

    text = "Charleston, W.Va., near BUS stops and USA, xW. Va. and the U.S.\nUK"
    found = [text[start:end] for start, end, _ in abbreviations_in(text, gazetteer)]
    assert found == ["W.Va.", "Va.", "U.S.", "UK"]


def test_a_name_is_no_context_for_itself_but_for_other_names() -> None:
    """Each name reads the countries and regions that mentions of other names give: "Georgia"
    twice does not vote for itself, while a country another name also gives still counts."""
    from tally.places import _context_of_others

    keys = ["georgia", "tbilisi", "georgia", "atlanta"]
    contributions = [({"GE"}, set()), ({"GE"}, set()), ({"US"}, {("US", "Georgia")}), ({"US"}, set())]
    context = _context_of_others(keys, contributions)
    assert context["georgia"] == ({"GE", "US"}, set())
    assert context["tbilisi"] == ({"GE", "US"}, {("US", "Georgia")})
    assert context["atlanta"] == ({"GE", "US"}, {("US", "Georgia")})
    assert _context_of_others(["georgia"], [({"GE"}, {("GE", "Tbilisi")})]) == {"georgia": (set(), set())}


def test_two_small_towns_of_different_countries_do_not_veto_each_other(gazetteer: Gazetteer) -> None:
    """Each of two towns whose names only one country bears gives that country as context;
    neither may then reject the other. A country the text names still rejects the stray one."""
    text = "Youths in Tchaourou blocked the highway on Sunday. Tires burned outside the town hall."
    found = [(name, place.country_code if place else None) for name, place in _places(text, gazetteer)]
    assert found == [("Tchaourou", "BJ"), ("Tires", "IT")]
    text = "Youths in Tchaourou, Benin, blocked the highway on Sunday. Tires burned outside the town hall."
    found = [(name, place.country_code if place else None) for name, place in _places(text, gazetteer)]
    assert found == [("Tchaourou", "BJ"), ("Benin", "BJ"), ("Tires", None)]


def test_a_place_reports_the_region_coders_use_and_ranks_by_geonames_admin1(gazetteer: Gazetteer) -> None:
    """In Uganda (coded by district) "Gulu, Northern Region" is still Gulu in that region, and
    the place reports Gulu's district as its admin1."""
    found = _places("Rebels attacked Gulu, Northern Region, on Sunday.", gazetteer)
    gulu = found[0][1]
    assert gulu is not None and (gulu.name, gulu.precision, gulu.admin1) == ("Gulu", 1, "Gulu District")
