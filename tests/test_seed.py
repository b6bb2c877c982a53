"""The reference input: every expectation and every "must NOT" of seed_expected.md.

The article is read from ../shared/examples/ in place; none of its text is in the project.
"""

from __future__ import annotations

import datetime as dt

import pytest

import tally
from tally.pipeline import extract
from tally.runner import run
from tally.settings import Settings
from tally.store import Store

PUBLISHED = dt.date(2015, 7, 15)
AL_QAIM = 92138


@pytest.fixture(scope="module")
def seed_text(shared_dir) -> str:
    return (shared_dir / "examples" / "seed_article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text) -> dict:
    return extract(seed_text, published=PUBLISHED).to_dict()


def execution(seed: dict) -> dict:
    shootings = [e for e in seed["events"] if e["method"] == "shooting"]
    assert len(shootings) == 1, [e["method"] for e in seed["events"]]
    return shootings[0]


def training(seed: dict) -> dict:
    found = [e for e in seed["events"] if any(v["children"] for v in e["victims"])]
    assert len(found) == 1, [e["victims"] for e in seed["events"]]
    return found[0]


def test_python_api_is_reexported():
    assert tally.extract is extract


# --- Event 1: the execution ---------------------------------------------------------------


def test_execution_is_an_attack_on_a_civilian_by_shooting(seed):
    event = execution(seed)
    assert (event["event_type"], event["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert event["method"] == "shooting"
    assert event["perpetrators"] == ["Islamic State"]


def test_execution_flags_the_use_of_a_child(seed):
    assert "recruitment or use of children" in execution(seed)["grave_violations"]


def test_execution_victim_is_one_civilian_accused_of_spying(seed):
    victims = execution(seed)["victims"]
    assert len(victims) == 1
    victim = victims[0]
    assert victim["category"] == "civilian"
    assert (victim["count_low"], victim["count_high"]) == (1, 1)
    assert "spy" in victim["description"].lower()
    assert victim["children"] is False


def test_execution_kills_one(seed):
    event = execution(seed)
    assert (event["fatalities_low"], event["fatalities_high"]) == (1, 1)


def test_execution_place_is_al_qaim_with_a_note(seed):
    place = execution(seed)["place"]
    assert place["geonameid"] == AL_QAIM
    assert place["country_code"] == "IQ"
    assert "anbar" in place["admin1"].lower()
    assert abs(place["latitude"] - 34.39) < 0.05 and abs(place["longitude"] - 40.99) < 0.05
    assert place["note"], "the text places the spying there, not the shooting: say so"


@pytest.mark.parametrize("spelling", ["Al-Qa'im", "Al Qa\u2019im", "Al-Qaim", "Al Qaim"])
def test_place_resolves_whatever_the_spelling(seed_text, spelling):
    variant = seed_text.replace("Al-Qa\u2019im", spelling).replace("Al-Qa'im", spelling)
    assert spelling in variant
    event = execution(extract(variant, published=PUBLISHED).to_dict())
    assert event["place"]["geonameid"] == AL_QAIM


def test_execution_date_is_on_or_before_may_2015(seed):
    date = execution(seed)["date"]
    assert date["precision"] == "month"
    assert date["start"] == "2015-05-01" and date["end"] == "2015-05-31"
    assert date["qualifier"] == "on or before"


def test_execution_evidence_spans_point_at_the_shooting(seed, seed_text):
    event = execution(seed)
    document = extract(seed_text, published=PUBLISHED).document
    assert event["evidence"]
    for span in event["evidence"]:
        assert document.text[span["start"]:span["end"]] == span["text"]
        assert span["document_id"] == document.id
    assert sum("shoot" in s["text"].lower() for s in event["evidence"]) >= 2


def test_execution_is_graphic(seed):
    assert execution(seed)["graphic"] is True


# --- Event 2: children indoctrinated and beaten --------------------------------------------


def test_training_flags_recruitment_of_children(seed):
    event = training(seed)
    assert "recruitment or use of children" in event["grave_violations"]
    assert event["perpetrators"] == ["Islamic State"]


def test_training_victims_are_children_of_unknown_number(seed):
    victims = training(seed)["victims"]
    assert [v["children"] for v in victims] == [True]
    assert victims[0]["count_low"] is None and victims[0]["count_high"] is None


def test_kicking_children_is_not_a_killing(seed):
    event = training(seed)
    assert not event["fatalities_low"] and not event["fatalities_high"]


# --- Claims -------------------------------------------------------------------------------


def claim_of(seed: dict, low: int) -> dict:
    found = [c for c in seed["claims"] if c["quantity_low"] == low]
    assert len(found) == 1, [(c["quantity_low"], c["what"]) for c in seed["claims"]]
    return found[0]


def test_claim_of_2618_executions(seed):
    claim = claim_of(seed, 2618)
    assert claim["perpetrators"] == ["Islamic State"]
    assert claim["quantity_high"] is None
    assert claim["qualifier"] == "more than"
    assert {"category": "civilian", "low": 1511, "high": 1511} in claim["breakdown"]
    assert claim["period"]["start"] == "2014-06-01"
    assert set(claim["methods"]) == {"beheading", "shooting", "stoning"}
    assert claim["source"] == {"name": "Syrian Observatory for Human Rights", "kind": "monitoring_group"}


def test_claim_of_139_own_members(seed):
    claim = claim_of(seed, 139)
    assert claim["qualifier"] == "at least"
    assert claim["victim_category"] == "own_member"
    assert claim["perpetrators"] == ["Islamic State"]
    assert claim["period"] == claim_of(seed, 2618)["period"]
    assert claim["source"]["name"] == "Syrian Observatory for Human Rights"


def test_exactly_two_claims(seed):
    assert sorted(c["quantity_low"] for c in seed["claims"]) == [139, 2618]


# --- Sources and the attribution chain ----------------------------------------------------


def test_execution_attribution_chain(seed):
    event = execution(seed)
    assert event["attribution_chain"] == ["Daily Mail", "Raqqa Is Being Slaughtered Silently", "Islamic State video"]
    kinds = {s["name"]: s["kind"] for s in event["sources"]}
    assert kinds["Raqqa Is Being Slaughtered Silently"] == "citizen_journalism"
    assert kinds["Islamic State video"] == "perpetrator_media"


def test_one_chain_is_one_independent_source(seed):
    assert execution(seed)["independent_sources"] == 1


# --- Actors -------------------------------------------------------------------------------


def test_every_alias_is_one_actor(seed):
    names = {p for e in seed["events"] for p in e["perpetrators"]} | {p for c in seed["claims"] for p in c["perpetrators"]}
    assert names == {"Islamic State"}


# --- What must NOT come out ---------------------------------------------------------------


def test_no_air_strike_from_a_plea(seed):
    assert all(e["sub_event_type"] != "Air/drone strike" for e in seed["events"])
    assert all(e["method"] not in {"air strike", "drone strike"} for e in seed["events"])


def test_aggregate_figures_are_never_event_fatalities(seed):
    figures = {2618, 1511, 139}
    for event in seed["events"]:
        assert event["fatalities_low"] not in figures and event["fatalities_high"] not in figures
        assert all(v["count_low"] not in figures for v in event["victims"])


def test_document_fatalities_sum_to_one(seed):
    assert sum(e["fatalities_low"] or 0 for e in seed["events"]) == 1
    assert sum(e["fatalities_high"] or 0 for e in seed["events"]) == 1


def test_ambitions_and_territory_are_not_event_places(seed):
    for event in seed["events"]:
        place = event["place"]
        if place is not None:
            assert place["name"] not in {"Levant", "Syria", "Iraq"}
            assert place["country_code"] != "SY"
            assert place["precision"] < 4


def test_no_event_against_christians(seed):
    for event in seed["events"]:
        assert all("christian" not in v["description"].lower() for v in event["victims"])
        assert all("Christians" not in s["text"] for s in event["evidence"])


def test_al_qaeda_and_the_coalition_take_part_in_nothing(seed):
    actors = {p for e in seed["events"] for p in e["perpetrators"]} | {p for c in seed["claims"] for p in c["perpetrators"]}
    assert not any("Qaeda" in a or "coalition" in a for a in actors)


def test_the_ban_on_videos_is_not_an_execution(seed):
    for event in seed["events"]:
        if event["event_type"] != "Strategic developments":
            assert all("banned" not in s["text"] for s in event["evidence"])


# --- Event 3: the leader's ban ------------------------------------------------------------


def test_the_leaders_ban_is_a_change_to_the_groups_activity(seed):
    found = [e for e in seed["events"] if e["event_type"] == "Strategic developments"]
    assert len(found) == 1
    event = found[0]
    assert event["sub_event_type"] == "Change to group/activity"
    assert event["perpetrators"] == ["Islamic State"]
    assert not event["fatalities_low"] and not event["fatalities_high"]
    assert any("al-Baghdadi" in s["text"] for s in event["evidence"])


# --- Without a publication date -----------------------------------------------------------


def test_without_a_date_relative_dates_stay_unresolved(seed_text):
    result = extract(seed_text).to_dict()
    assert execution(result)["date"]["precision"] == "unknown"
    assert execution(result)["date"]["start"] is None
    assert all(c["period"]["start"] is None for c in result["claims"])


# --- Stored: twice is once, a syndicated copy adds no incident ------------------------------


def test_running_twice_changes_nothing_and_a_copy_adds_no_incident(shared_dir, tmp_path):
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'seed.db'}")
    seed_file = shared_dir / "examples" / "seed_article.txt"
    first = run([seed_file], settings=settings, published=PUBLISHED)
    assert first.stored == 1 and not first.errors
    with Store.open(settings.db_url) as store:
        incidents = [i.id for i in store.incidents()]
    assert len(incidents) == 3  # the execution, the training, the ban

    again = run([seed_file], settings=settings, published=PUBLISHED)
    assert (again.stored, again.already_stored) == (0, 1)

    body = seed_file.read_text(encoding="utf-8").split("\n", 1)[1]
    copy = tmp_path / "copy.txt"
    copy.write_text("Child Soldier Filmed Killing Man Accused of Spying, Monitors Say\n" + body, encoding="utf-8")
    third = run([copy], settings=settings, published=PUBLISHED)
    assert third.stored == 1 and third.duplicates == 1
    with Store.open(settings.db_url) as store:
        assert sorted(i.id for i in store.incidents()) == sorted(incidents)
        assert store.duplicate_of(extract(copy.read_text(encoding="utf-8")).document.id) is not None
