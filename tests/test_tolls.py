"""Death and injury tolls (tally.tolls): ACLED's counting rules on hand-written notes."""

from __future__ import annotations

import datetime as dt

import pytest

from tally.pipeline import extract

PUBLISHED = dt.date(2021, 4, 12)


def deaths(text: str) -> tuple[int | None, int | None]:
    events = extract(text, published=PUBLISHED).events
    assert events, text
    return events[0].fatalities.low, events[0].fatalities.high


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # both sides of a fight are summed
        ("On 10 April 2021, 3 soldiers and 5 militants were killed in clashes near Kandi.", (8, 8)),
        ("On 10 April 2021, militants attacked a post near Kandi, killing 2 soldiers. 4 militants were also killed.", (6, 6)),
        ("On 10 April 2021, 2 policemen and 3-5 attackers died in a gunfight in Kunduz.", (5, 7)),
        # a count after "including" is a part of the total before it
        ("On 10 April 2021, 9 militants including 3 commanders were killed in an air strike in Helmand.", (9, 9)),
        # the count before an active verb is who killed, not who died
        ("On 10 April 2021, a number of villagers killed a suspected thief in Kandi.", (1, 1)),
        ("On 10 April 2021, several residents killed a man accused of sorcery near Materi.", (1, 1)),
        # a new clause after the death word counts the wounded, not the dead
        ("On 10 April 2021, a child was killed and seven others were wounded by a mortar in Mogadishu.", (1, 1)),
    ],
)
def test_death_tolls(text, expected):
    assert deaths(text) == expected


def test_a_headline_and_lead_repeat_one_toll():
    text = "Gunmen kill 6 in Kandi market\n\nGunmen killed 6 traders in the market of Kandi on Saturday."
    assert deaths(text) == (6, 6)


def test_the_wounded_are_counted_apart():
    events = extract("On 10 April 2021, a bomb killed 2 people and wounded 11 in Kabul.", published=PUBLISHED).events
    assert (events[0].fatalities.low, events[0].injuries.low) == (2, 11)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # abducted, wounded or arrested people are never the death toll
        ("On 10 April 2021, gunmen abducted dozens of traders from a market near Kandi. One watchman was shot dead.", (1, 1)),
        ("On 10 April 2021, soldiers killed a herder and arrested 9 young men in Kalale.", (1, 1)),
        # an act that kills by definition gives its victims' count
        ("On 10 April 2021, the 3 suspects were shot dead by police in Kandi.", (3, 3)),
        # a count of animals is property destroyed, not a toll
        ("On 10 April 2021, soldiers shot and killed thirty cows belonging to a herder near Kalale.", (0, 0)),
        ("On 10 April 2021, one Fulani cattle herder was killed in a clash near Kalale.", (1, 1)),
        # two singular victims joined by "and" are two dead; one phrase is one
        ("On 10 April 2021, a soldier and a rebel were killed in a clash near Beni.", (2, 2)),
        ("On 10 April 2021, gunmen killed a pastoralist man near Kalale.", (1, 1)),
    ],
)
def test_only_the_dead_are_counted(text, expected):
    assert deaths(text) == expected
