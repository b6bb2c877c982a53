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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # every group listed before the death word adds up, a bracketed second figure does not
        ("On 10 April 2021, 4 militiamen, 1 soldier, and 1 policeman were killed near Kunduz.", (6, 6)),
        ("On 10 April 2021, Three Fulani and three farmers (including the chief) were killed near Ketou.", (6, 6)),
        ("On 10 April 2021, 2 policemen (7 according to the group) were killed in Nad Ali.", (2, 2)),
        ("On 10 April 2021, 1 policeman and 2 civilians were shot and killed by gunmen in Qalat.", (3, 3)),
        ("On 10 April 2021, 1 commander and his guard were killed by a roadside bomb in Sherzad.", (2, 2)),
        # and after it, up to a new clause
        ("On 10 April 2021, gunmen shot and killed 1 council member in addition to 3 of his guards in Logar.", (4, 4)),
        ("On 10 April 2021, villagers killed 5 herders and 2 other people near Cobly.", (7, 7)),
        ("On 10 April 2021, militants attacked a police station in Dassari. Two policemen died as well as two assailants.", (4, 4)),
        # a later death of someone wounded adds to the toll
        ("On 10 April 2021, gunmen attacked Dassari. Two policemen were killed. One injured policeman later died of his wounds.", (3, 3)),
        # a count far from the death word still counts when a passive joins them
        ("On 10 April 2021, at least 30 alleged State of Sinai militants were killed in air strikes near Arish.", (30, None)),
    ],
)
def test_listed_groups_add_up(text, expected):
    assert deaths(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one person named outside the victim lexicon is one dead
        ("On 10 April 2021, militants killed a park ranger near Porga.", (1, 1)),
        ("On 10 April 2021, gunmen ambushed and killed the director of the traffic department in Ghor.", (1, 1)),
        ("On 10 April 2021, residents captured a burglar in Segbehoue and burned him to death.", (1, 1)),
        ("On 10 April 2021, a police sergeant was killed in Arish.", (1, 1)),
        # the count before an act is who did it, not who died
        ("On 10 April 2021, two individuals beat a woman to death in Materi.", (1, 1)),
        ("On 10 April 2021, a number of villagers lynched a hunter to death in Pehunco.", (1, 1)),
        ("On 10 April 2021, a number of people killed and beheaded a man near Kolokonde.", (1, 1)),
        # an animal, or "killed or wounded", is no dead person
        ("On 10 April 2021, farmers shot and killed an ox belonging to a herder near Bassila.", (0, 0)),
        ("On 10 April 2021, farmers killed and burned more than a dozen sheep near Kouarfa.", (0, 0)),
        ("On 10 April 2021, a goat thief was killed by residents in Allada.", (1, 1)),
    ],
)
def test_one_victim_without_a_count(text, expected):
    assert deaths(text) == expected


def test_a_count_of_wounded_after_a_killing_stays_apart():
    events = extract("On 10 April 2021, gunmen killed a soldier and 3 civilians were wounded in Kandi.", published=PUBLISHED).events
    assert (events[0].fatalities.low, events[0].injuries.low) == (1, 3)




@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "killed or wounded": none known dead, the count only the high bound
        ("On 10 April 2021, 1 policeman was killed or wounded by a Taliban sniper in Nawa district.", (0, 1)),
        # a party's bracketed second figure with its own death word adds no dead
        ("On 10 April 2021, 3 militiamen were killed (VoJ reported 6 militiamen were killed) in an attack in Nawa.", (3, 3)),
        # a count followed by its own passive verb starts a new clause, not a listed group
        ("On 10 April 2021, militants attacked a police post, killing 5 policemen, 2 militants were also injured, in Nawa.", (5, 5)),
    ],
)
def test_counts_that_are_not_the_dead(text, expected):
    assert deaths(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The death toll from Tuesday's bombing in Kabul rose to 31, officials said.", (31, 31)),
        ("The death toll from the car bomb in Mogadishu has risen to 22.", (22, 22)),
        ("A bomb in Kabul killed 5 people; the death toll could rise.", (5, 5)),
    ],
)
def test_a_death_toll_takes_the_figure_it_is_given_as(text, expected):
    assert deaths(text) == expected


def test_a_toll_asked_again_is_kept_and_follows_the_sentences_asked_for():
    """`tally.tolls` keeps each answer for the sentences and triggers it was asked about: an
    event that grows by a sentence is counted afresh."""
    from tally import tolls
    from tally.documents import make_document
    from tally.pipeline import default_pipeline
    from tally.settings import Settings

    text = "On 10 April 2021, militants attacked a post near Kandi, killing 2 soldiers. 4 militants were also killed."
    document = make_document(text, published=PUBLISHED, origin="<test>")
    analysis = default_pipeline(Settings.from_env()).analyse(document)
    first, second = analysis.sentences
    one = tolls.deaths(analysis, [first], first.triggers)
    assert one is not None and one.low == 2
    assert tolls.deaths(analysis, [first], list(first.triggers)) is one
    both = tolls.deaths(analysis, [first, second], first.triggers + second.triggers)
    assert both is not None and both.low == 6
