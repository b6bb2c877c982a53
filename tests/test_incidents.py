"""Tests for tally.incidents: which reports describe one happening, and which do not."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random

import pytest

from tally.errors import InputError
from tally.incident_context import DAY_PARTS, day_parts_apart
from tally.incidents import (
    Comparator,
    ResolutionPolicy,
    Resolver,
    cluster,
    distance_km,
    similarity,
)
from tally.records import Actor, Event, Incident, Place, Quantity, Span, Victims, When
from tally.settings import Settings

POLICY = ResolutionPolicy()
MARCH_4 = dt.date(2025, 3, 4)

# Coordinates and ids as in GeoNames.
BAQUBAH = Place("Baqubah", 97990, "IQ", "Diyala", 33.75403, 44.60518)
KHALIS = Place("Khalis", 99169, "IQ", "Diyala", 33.80809, 44.53343)  # ~9 km from Baqubah
MIQDADIYAH = Place("Al Miqdadiyah", 99062, "IQ", "Diyala", 33.97861, 44.93694)  # ~40 km
BAGHDAD = Place("Baghdad", 98182, "IQ", "Baghdad", 33.34058, 44.40088)
DIYALA = Place("Diyala", None, "IQ", "Diyala", 33.9, 45.0, precision=3)
ISLAMIC_STATE = Actor("Islamic State", "rebel_group")
UNIDENTIFIED = Actor("Unidentified Armed Group (Iraq)", "rebel_group")


def _day(day: dt.date = MARCH_4) -> When:
    return When(start=day, end=day, precision="day")


def _killed(low: int | None, high: int | None = None, qualifier: str | None = None) -> Quantity:
    """An exact toll by default; `_killed(15, None, "at least")` is open above."""
    if high is None and qualifier is None:
        high = low
    return Quantity(low=low, high=high, qualifier=qualifier)


def _event(
    event_id: str,
    document_id: str,
    *,
    event_type: str = "Explosions/Remote violence",
    sub_event_type: str = "Remote explosive/landmine/IED",
    method: str | None = "car bomb",
    perpetrators: tuple[Actor, ...] = (),
    victims: tuple[tuple[str, str], ...] = (("shoppers at the vegetable market", "civilian"),),
    fatalities: Quantity | None = None,
    place: Place | None = BAQUBAH,
    when: When | None = None,
) -> Event:
    return Event(
        id=event_id,
        document_id=document_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        method=method,
        perpetrators=perpetrators,
        victims=tuple(Victims(description, category) for description, category in victims),
        fatalities=fatalities if fatalities is not None else _killed(20),
        place=place,
        when=when if when is not None else _day(),
    )


def _checkpoint_shooting(event_id: str, document_id: str, **changes: object) -> Event:
    fields: dict[str, object] = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "method": "shooting",
        "victims": (("soldiers at an army checkpoint", "combatant"),),
        "fatalities": _killed(2),
    }
    fields.update(changes)
    return _event(event_id, document_id, **fields)  # type: ignore[arg-type]


def _partition(groups: list[tuple[Event, ...]]) -> set[frozenset[str]]:
    return {frozenset(e.id for e in group) for group in groups}


def _incident(incident_id: str, *events: Event) -> Incident:
    return Incident(id=incident_id, events=events)


# --- The same happening --------------------------------------------------------------


def test_same_incident_with_different_tolls_from_two_outlets_is_one_cluster() -> None:
    wire = _event("e-wire", "doc-wire", fatalities=_killed(12))
    local = _event(
        "e-local",
        "doc-local",
        method="IED",
        victims=(("people at the market", "civilian"),),
        fatalities=_killed(15, None, "at least"),
        when=_day(MARCH_4 + dt.timedelta(days=1)),
    )
    assert similarity(wire, local, POLICY) > POLICY.threshold
    assert _partition(cluster([wire, local])) == {frozenset({"e-wire", "e-local"})}


def test_close_tolls_merge_and_far_tolls_do_not() -> None:
    twelve = _event("a", "doc-a", fatalities=_killed(12))
    at_least_fifteen = _event("b", "doc-b", fatalities=_killed(15, None, "at least"))
    forty = _event("c", "doc-c", fatalities=_killed(40))
    one = _event("d", "doc-d", fatalities=_killed(1))
    assert similarity(twelve, at_least_fifteen, POLICY) > 0.9
    assert similarity(one, forty, POLICY) < POLICY.threshold


def test_nearby_town_and_province_only_report_can_merge() -> None:
    in_town = _event("a", "doc-a", perpetrators=(ISLAMIC_STATE,))
    nearby = _event("b", "doc-b", place=KHALIS, perpetrators=(ISLAMIC_STATE,))
    province = _event("c", "doc-c", place=DIYALA)
    assert similarity(in_town, nearby, POLICY) > POLICY.threshold
    assert similarity(in_town, province, POLICY) > POLICY.threshold


def test_month_precision_date_overlaps_a_day_in_that_month() -> None:
    month = When(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31), precision="month")
    assert similarity(_event("a", "doc-a"), _event("b", "doc-b", when=month), POLICY) > 0.0


def test_unnamed_perpetrator_does_not_contradict_a_named_one() -> None:
    named = _event("a", "doc-a", perpetrators=(ISLAMIC_STATE,))
    unnamed = _event("b", "doc-b", perpetrators=(UNIDENTIFIED,))
    assert similarity(named, unnamed, POLICY) > POLICY.threshold


def test_attack_on_civilians_and_explosion_merge_when_the_method_agrees() -> None:
    explosion = _event("a", "doc-a")
    attack = _event("b", "doc-b", event_type="Violence against civilians", sub_event_type="Attack")
    assert similarity(explosion, attack, POLICY) > POLICY.threshold
    shooting = dataclasses.replace(attack, method="shooting")
    assert similarity(explosion, shooting, POLICY) < 0.05


def test_generic_methods_contradict_no_weapon() -> None:
    car_bomb = _event("a", "doc-a")
    for generic in ("explosion", "execution", "armed clash"):
        assert similarity(car_bomb, _event("b", "doc-b", method=generic), POLICY) > POLICY.threshold
    assert similarity(car_bomb, _event("c", "doc-c", method="shelling"), POLICY) < POLICY.threshold


# --- Different happenings ------------------------------------------------------------


def test_car_bomb_at_market_and_shooting_at_checkpoint_same_city_same_day_stay_apart() -> None:
    bombing = _event("e-bomb", "doc-a")
    shooting = _checkpoint_shooting("e-shoot", "doc-b")
    assert similarity(bombing, shooting, POLICY) < 0.05
    assert _partition(cluster([bombing, shooting])) == {
        frozenset({"e-bomb"}),
        frozenset({"e-shoot"}),
    }
    # Coded as attacks on civilians by both outlets, methods and victims still keep them apart.
    as_attacks = [
        dataclasses.replace(e, event_type="Violence against civilians", sub_event_type="Attack")
        for e in (bombing, shooting)
    ]
    assert similarity(*as_attacks, POLICY) < 0.05


def test_two_car_bombs_same_city_same_day_with_very_different_tolls_stay_apart() -> None:
    big = _event("a", "doc-a", perpetrators=(ISLAMIC_STATE,), fatalities=_killed(20))
    small = _event("b", "doc-b", perpetrators=(ISLAMIC_STATE,), fatalities=_killed(2))
    assert similarity(big, small, POLICY) < POLICY.threshold
    assert len(cluster([big, small])) == 2


def test_two_car_bombs_same_city_same_day_with_different_victims_stay_apart() -> None:
    market = _event("a", "doc-a", perpetrators=(ISLAMIC_STATE,), fatalities=_killed(20))
    mosque = _event(
        "b",
        "doc-b",
        perpetrators=(ISLAMIC_STATE,),
        victims=(("worshippers at a mosque", "civilian"),),
        fatalities=_killed(20),
    )
    assert similarity(market, mosque, POLICY) < POLICY.threshold
    assert len(cluster([market, mosque])) == 2


def test_different_methods_same_city_same_day_stay_apart() -> None:
    car_bomb = _event("a", "doc-a", perpetrators=(ISLAMIC_STATE,))
    grenade = _event("b", "doc-b", perpetrators=(ISLAMIC_STATE,), method="grenade")
    assert similarity(car_bomb, grenade, POLICY) > POLICY.threshold  # one family
    shelling = _event("c", "doc-c", perpetrators=(ISLAMIC_STATE,), method="shelling")
    assert similarity(car_bomb, shelling, POLICY) < POLICY.threshold


def test_different_towns_are_two_incidents() -> None:
    baqubah = _event("a", "doc-a")
    miqdadiyah = _event("b", "doc-b", place=MIQDADIYAH)
    baghdad = _event("c", "doc-c", place=BAGHDAD)
    assert similarity(baqubah, miqdadiyah, POLICY) == 0.0
    assert similarity(baqubah, baghdad, POLICY) == 0.0
    assert len(cluster([baqubah, miqdadiyah, baghdad])) == 3


def test_different_countries_never_merge_even_when_close() -> None:
    across_border = dataclasses.replace(BAQUBAH, name="Elsewhere", geonameid=1, country_code="IR")
    elsewhere = _event("b", "doc-b", place=across_border)
    assert similarity(_event("a", "doc-a"), elsewhere, POLICY) == 0.0


def test_town_outside_a_province_only_report_is_ruled_out() -> None:
    in_baghdad = _event("a", "doc-a", place=BAGHDAD)
    assert similarity(in_baghdad, _event("b", "doc-b", place=DIYALA), POLICY) == 0.0


def test_dates_outside_the_window_never_merge() -> None:
    too_late = MARCH_4 + dt.timedelta(days=POLICY.date_window_days + 1)
    later = _event("b", "doc-b", when=_day(too_late))
    assert similarity(_event("a", "doc-a"), later, POLICY) == 0.0
    wide = dataclasses.replace(POLICY, date_window_days=7)
    assert similarity(_event("a", "doc-a"), later, wide) > 0.0


def test_unknown_dates_never_merge() -> None:
    first = _event("a", "doc-a", when=When())
    second = _event("b", "doc-b", when=When())
    assert similarity(first, second, POLICY) == 0.0
    assert similarity(first, _event("c", "doc-c"), POLICY) == 0.0
    assert len(cluster([first, second])) == 2
    assert Resolver().candidate_window(first) == (None, None)


def test_incompatible_event_types_and_disjoint_perpetrators_never_merge() -> None:
    protest = _event(
        "b", "doc-b", event_type="Protests", sub_event_type="Peaceful protest", method=None
    )
    battle = _event("a", "doc-a", event_type="Battles", sub_event_type="Armed clash", method=None)
    assert similarity(battle, protest, POLICY) == 0.0
    by_is = _event("c", "doc-c", perpetrators=(ISLAMIC_STATE,))
    by_other = _event("d", "doc-d", perpetrators=(Actor("Asaib Ahl al-Haq"),))
    assert similarity(by_is, by_other, POLICY) == 0.0


def test_similarity_is_symmetric_and_bounded() -> None:
    events = [
        _event("a", "doc-a", fatalities=_killed(12)),
        _event("b", "doc-b", fatalities=_killed(15, None, "at least"), place=KHALIS),
        _event("c", "doc-c", place=DIYALA, method=None),
        _checkpoint_shooting(
            "d", "doc-d", event_type="Violence against civilians", sub_event_type="Attack"
        ),
    ]
    for a, b in itertools.combinations(events, 2):
        assert 0.0 <= similarity(a, b, POLICY) <= 1.0
        assert similarity(a, b, POLICY) == similarity(b, a, POLICY)


# --- Distances and windows -----------------------------------------------------------


def test_distance_km() -> None:
    assert distance_km(BAQUBAH, BAGHDAD) == pytest.approx(50.0, abs=3.0)
    assert distance_km(BAQUBAH, dataclasses.replace(BAQUBAH, latitude=None, longitude=None)) == 0.0
    assert distance_km(BAQUBAH, Place("Somewhere")) is None


def test_candidate_window_spans_the_date_and_the_window() -> None:
    resolver = Resolver()
    window = dt.timedelta(days=POLICY.date_window_days)
    assert resolver.candidate_window(_event("a", "doc-a")) == (MARCH_4 - window, MARCH_4 + window)
    week = When(start=MARCH_4, end=MARCH_4 + dt.timedelta(days=6), precision="week")
    assert resolver.candidate_window(_event("b", "doc-b", when=week)) == (
        MARCH_4 - window,
        MARCH_4 + dt.timedelta(days=6) + window,
    )


# --- Resolver.match ------------------------------------------------------------------


def test_match_refuses_an_incident_holding_the_same_document() -> None:
    resolver = Resolver()
    held = _incident("inc-1", _event("a", "doc-a", fatalities=_killed(12)))
    second_from_same_document = _event("b", "doc-a", fatalities=_killed(12))
    assert resolver.match(second_from_same_document, [held]) is None
    other_document = _event("c", "doc-c", fatalities=_killed(12))
    assert resolver.match(other_document, [held]) == held


def test_match_picks_the_best_incident_and_breaks_ties_by_id() -> None:
    resolver = Resolver()
    new = _event("new", "doc-new", fatalities=_killed(15))
    exact = _incident("inc-b", _event("b", "doc-b", fatalities=_killed(15)))
    close = _incident("inc-a", _event("a", "doc-a", fatalities=_killed(12)))
    assert resolver.match(new, [close, exact]) == exact
    twin = _incident("inc-0", _event("z", "doc-z", fatalities=_killed(15)))
    assert resolver.match(new, [exact, twin]) == twin
    assert resolver.match(new, [twin, exact]) == twin


def test_match_returns_none_below_threshold_or_when_any_report_rules_it_out() -> None:
    resolver = Resolver()
    new = _event("new", "doc-new")
    assert resolver.match(new, [_incident("inc-1", _checkpoint_shooting("s", "doc-s"))]) is None
    mixed = _incident("inc-2", _event("a", "doc-a"), _event("b", "doc-b", place=MIQDADIYAH))
    assert resolver.score(new, mixed) == 0.0
    assert resolver.match(new, [mixed]) is None
    assert resolver.match(new, []) is None


# --- cluster -------------------------------------------------------------------------


def _mixed_batch() -> list[Event]:
    later = MARCH_4 + dt.timedelta(days=1)
    return [
        _event("bomb-1", "doc-1", fatalities=_killed(12)),
        _event("bomb-2", "doc-2", fatalities=_killed(15, None, "at least"), method="IED"),
        _event("bomb-3", "doc-3", fatalities=_killed(14), when=_day(later), place=KHALIS),
        _event("mosque-1", "doc-1", victims=(("worshippers at a mosque", "civilian"),)),
        _event("mosque-2", "doc-4", victims=(("worshippers leaving prayers", "civilian"),)),
        _checkpoint_shooting("shot-1", "doc-2"),
        _checkpoint_shooting("shot-2", "doc-5", fatalities=_killed(3)),
        _event("miq-1", "doc-5", place=MIQDADIYAH, fatalities=_killed(7)),
        _event("miq-2", "doc-6", place=MIQDADIYAH, fatalities=_killed(7)),
        _event("undated-1", "doc-7", when=When()),
        _event("undated-2", "doc-8", when=When()),
        _event("later-1", "doc-9", when=_day(MARCH_4 + dt.timedelta(days=20))),
        # One report (tie-b) fits two reports of one document equally well: ids decide.
        _event("tie-c", "doc-10", when=_day(MARCH_4 + dt.timedelta(days=10))),
        _event("tie-a", "doc-10", when=_day(MARCH_4 + dt.timedelta(days=10))),
        _event("tie-b", "doc-11", when=_day(MARCH_4 + dt.timedelta(days=10))),
    ]


def test_cluster_groups_a_mixed_batch() -> None:
    assert _partition(cluster(_mixed_batch())) == {
        frozenset({"bomb-1", "bomb-2", "bomb-3"}),
        frozenset({"mosque-1", "mosque-2"}),
        frozenset({"shot-1", "shot-2"}),
        frozenset({"miq-1", "miq-2"}),
        frozenset({"undated-1"}),
        frozenset({"undated-2"}),
        frozenset({"later-1"}),
        frozenset({"tie-a", "tie-b"}),
        frozenset({"tie-c"}),
    }


def test_cluster_does_not_depend_on_input_order() -> None:
    events = _mixed_batch()
    expected = cluster(events)
    rng = random.Random(20250304)
    for _ in range(200):
        rng.shuffle(events)
        assert cluster(events) == expected


def test_cluster_never_joins_two_events_of_one_document() -> None:
    twins = [_event("a", "doc-1"), _event("b", "doc-1"), _event("c", "doc-2")]
    groups = cluster(twins)
    assert all(len({e.document_id for e in group}) == len(group) for group in groups)
    assert len(groups) == 2


def test_cluster_output_is_sorted_and_refuses_repeated_ids() -> None:
    groups = cluster(_mixed_batch())
    assert [g[0].id for g in groups] == sorted(g[0].id for g in groups)
    assert all(list(g) == sorted(g, key=lambda e: e.id) for g in groups)
    assert cluster([]) == []
    with pytest.raises(InputError, match="'a' appears more than once"):
        cluster([_event("a", "doc-1"), _event("a", "doc-2")])


def test_policy_reads_its_word_tables() -> None:
    assert POLICY.method_families["car bomb"] == POLICY.method_families["ied"] == "explosive device"
    assert "people" in POLICY.generic_victim_words
    assert ResolutionPolicy.from_data_dir(Settings().data_dir) == POLICY
    assert {"explosion", "execution", "armed clash"} <= POLICY.generic_methods
    assert POLICY.context_words.find("A bomb hit the bus station at 8 p.m.")[0] == {"bus station"}


# --- Targets, parts of the day and noisy reports --------------------------------------------


def _lead(event: Event, text: str) -> Event:
    """`event` with `text` as its only evidence, and victims that name no target."""
    return dataclasses.replace(event, evidence=(Span(event.document_id, 0, len(text), text),),
                               victims=(Victims("passers-by", "civilian"),))


def test_context_words_find_targets_and_parts_of_the_day() -> None:
    targets, parts = POLICY.context_words.find("Shells hit a fish market on Tuesday morning; a clinic at 7:30 p.m.")
    assert targets == {"market", "hospital"}
    assert parts == {DAY_PARTS.index("morning"), DAY_PARTS.index("evening")}
    assert POLICY.context_words.find("Policemen were killed overnight at 2 a.m.")[1] == {DAY_PARTS.index("night")}


def test_different_targets_same_city_same_day_stay_apart() -> None:
    hospital = _lead(_event("a", "doc-a"), "A car bomb hit a hospital in Baqubah.")
    bakery = _lead(_event("b", "doc-b"), "A car bomb exploded outside a bakery in Baqubah.")
    assert similarity(hospital, bakery, POLICY) < POLICY.threshold
    again = _lead(_event("c", "doc-c", fatalities=_killed(22)), "Car bomb at Baqubah hospital kills 22")
    assert similarity(hospital, again, POLICY) > 0.9
    # A target named in a later sentence (recalling another attack) is not read.
    later = dataclasses.replace(bakery, evidence=bakery.evidence + (
        Span("doc-b", 60, 100, "Hours later a market was hit elsewhere."),
        Span("doc-b", 100, 140, "It came after a hospital was bombed."),
    ))
    assert similarity(hospital, later, POLICY) < POLICY.threshold


def test_parts_of_the_day_far_apart_count_against() -> None:
    morning = _lead(_event("a", "doc-a"), "A car bomb exploded in Baqubah on Tuesday morning.")
    evening = _lead(_event("b", "doc-b"), "A car bomb exploded in Baqubah on Tuesday evening.")
    afternoon = _lead(_event("c", "doc-c"), "A car bomb exploded in Baqubah at 1 p.m. on Tuesday.")
    assert similarity(morning, evening, POLICY) < similarity(morning, afternoon, POLICY)
    assert day_parts_apart(DAY_PARTS.index("night"), DAY_PARTS.index("dawn")) == 1


def test_victim_words_alone_no_longer_split_one_battle() -> None:
    soldiers = _checkpoint_shooting("a", "doc-a", victims=(("soldiers", "combatant"),), fatalities=_killed(4))
    fighters = _checkpoint_shooting("b", "doc-b", victims=(("militants", "combatant"),), fatalities=_killed(6))
    assert similarity(soldiers, fighters, POLICY) > POLICY.threshold


def test_an_attack_and_a_battle_with_one_method_can_merge() -> None:
    attack = _checkpoint_shooting("a", "doc-a", event_type="Violence against civilians", sub_event_type="Attack")
    battle = _checkpoint_shooting("b", "doc-b")
    assert similarity(attack, battle, POLICY) > POLICY.threshold
    protest = dataclasses.replace(battle, id="c", document_id="doc-c", event_type="Protests",
                                  sub_event_type="Peaceful protest")
    assert similarity(attack, protest, POLICY) == 0.0


def test_a_place_known_only_to_another_country_blocks() -> None:
    # As the store's candidate search, which leaves other countries out.
    iran = Place("Iran", None, "IR", None, precision=4)
    assert similarity(_event("a", "doc-a"), _event("b", "doc-b", place=iran), POLICY) == 0.0


def test_no_death_against_some_deaths_counts_against_a_little() -> None:
    none = _event("a", "doc-a", fatalities=_killed(0))
    two = _event("b", "doc-b", fatalities=_killed(2))
    twenty = _event("c", "doc-c", fatalities=_killed(20))
    assert similarity(none, two, POLICY) > POLICY.threshold
    assert similarity(none, twenty, POLICY) > similarity(two, twenty, POLICY)


def test_comparator_sees_hard_blocks_only() -> None:
    compare = Comparator(POLICY)
    assert compare.comparable(_event("a", "doc-a"), _event("b", "doc-b", fatalities=_killed(1)))
    assert not compare.comparable(_event("a", "doc-a"), _event("c", "doc-a"))
    assert not compare.comparable(_event("a", "doc-a"), _event("d", "doc-d", place=BAGHDAD))
