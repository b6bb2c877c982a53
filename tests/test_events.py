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
