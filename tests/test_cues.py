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
