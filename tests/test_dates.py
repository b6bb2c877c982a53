"""Dates and periods, absolute and relative to a publication date."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from tally.dates import find_dates, resolve_date
from tally.text import normalise_text

D = dt.date
PUBLISHED = D(2015, 7, 15)  # a Wednesday


def only(text: str, published: dt.date | None = PUBLISHED):
    (when,) = find_dates(text, published)
    return when.start, when.end, when.precision, when.qualifier, when.span.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Troops entered the town on 15 July 2015.", (D(2015, 7, 15), D(2015, 7, 15), "day", None, "on 15 July 2015")),
        ("Troops entered the town on July 15, 2015.", (D(2015, 7, 15), D(2015, 7, 15), "day", None, "on July 15, 2015")),
        ("Troops entered the town on 2015-07-15.", (D(2015, 7, 15), D(2015, 7, 15), "day", None, "on 2015-07-15")),
        ("Troops entered the town on the 4th of July 2013.", (D(2013, 7, 4), D(2013, 7, 4), "day", None, "4th of July 2013")),
        ("Troops entered the town in July 2015.", (D(2015, 7, 1), D(2015, 7, 31), "month", None, "in July 2015")),
        ("Troops entered the town in 2014.", (D(2014, 1, 1), D(2014, 12, 31), "year", None, "in 2014")),
        ("Clashes ran from 15-17 July 2014.", (D(2014, 7, 15), D(2014, 7, 17), "week", "since", "from 15-17 July 2014")),
    ],
)
def test_absolute_dates_resolve_without_a_publication_date(text, expected):
    when = only(text, None)
    if when[3] == "since":  # "from X" runs to publication, unknown here
        assert when == (expected[0], None, *expected[2:])
    else:
        assert when == expected
    assert only(text)[0] == expected[0]


def test_a_month_without_a_year_is_the_latest_one_by_publication():
    assert only("The video was released in May.") == (D(2015, 5, 1), D(2015, 5, 31), "month", None, "in May")
    assert only("The siege began in August.")[:2] == (D(2014, 8, 1), D(2014, 8, 31))
    assert only("The siege began in July.")[:2] == (D(2015, 7, 1), D(2015, 7, 31))


def test_since_last_june_starts_in_the_previous_year_and_runs_to_publication():
    text = "The group has executed hundreds of people since last June, a monitor said."
    assert only(text) == (D(2014, 6, 1), PUBLISHED, "month", "since", "since last June")


def test_last_month_is_the_previous_calendar_month():
    assert only("The ministry released the statistics last month.") == (
        D(2015, 6, 1), D(2015, 6, 30), "month", None, "last month")
    assert only("The figures came out last month.", D(2015, 1, 10))[:2] == (D(2014, 12, 1), D(2014, 12, 31))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gunmen attacked the market on Monday.", (D(2015, 7, 13), D(2015, 7, 13), "day")),
        ("Gunmen attacked the market on Wednesday.", (D(2015, 7, 15), D(2015, 7, 15), "day")),
        ("Gunmen attacked the market last Wednesday.", (D(2015, 7, 8), D(2015, 7, 8), "day")),
        ("Gunmen attacked the market yesterday.", (D(2015, 7, 14), D(2015, 7, 14), "day")),
        ("Gunmen attacked the market today.", (D(2015, 7, 15), D(2015, 7, 15), "day")),
        ("Gunmen attacked the market two days ago.", (D(2015, 7, 13), D(2015, 7, 13), "day")),
        ("Gunmen attacked the market on 3 March.", (D(2015, 3, 3), D(2015, 3, 3), "day")),
        ("Gunmen attacked the market on 3 September.", (D(2014, 9, 3), D(2014, 9, 3), "day")),
        ("Gunmen attacked the market last week.", (D(2015, 7, 6), D(2015, 7, 12), "week")),
        ("Gunmen attacked the market earlier this month.", (D(2015, 7, 1), D(2015, 7, 15), "month")),
        ("Gunmen attacked the market last year.", (D(2014, 1, 1), D(2014, 12, 31), "year")),
        ("Gunmen attacked the market three weeks ago.", (D(2015, 6, 22), D(2015, 6, 28), "week")),
    ],
)
def test_relative_dates_resolve_against_publication(text, expected):
    assert only(text)[:3] == expected


@pytest.mark.parametrize(
    "text",
    ["The video was released in May.", "Shelling resumed on Monday.", "It began last month.",
     "Shelling resumed two days ago.", "Shelling resumed on 3 March."],
)
def test_without_a_publication_date_relative_dates_stay_unknown(text):
    (when,) = find_dates(text, None)
    assert (when.start, when.end, when.precision) == (None, None, "unknown")
    assert text[when.span.start : when.span.end] == when.span.text


def test_since_keeps_its_qualifier_when_unresolved():
    when = resolve_date("since last June", None)
    assert (when.precision, when.qualifier, when.start) == ("unknown", "since", None)


def test_prepositions_set_the_bounds():
    assert only("No strikes were reported before May 2015.")[:4] == (None, D(2015, 4, 30), "month", "before")
    assert only("The road stayed closed until June 2015.")[:4] == (None, D(2015, 6, 30), "month", "until")
    assert only("The camp has been open since 2011.")[:4] == (D(2011, 1, 1), PUBLISHED, "year", "since")


@pytest.mark.parametrize(
    "text",
    ["They may march on the capital.", "Aid can reach 2,014 families.", "It fell on 31 February 2015.",
     "The 2015 budget was cut.", "Mar Elias church was damaged.", "It was the March offensive."],
)
def test_words_that_only_look_like_dates_are_skipped(text):
    assert find_dates(text, PUBLISHED) == []


def test_spans_map_back_to_the_document_with_an_offset():
    document = "Title\nThe video was released in May. Fighting began on Monday and ended last week."
    offset = document.index("The video")
    found = find_dates(document[offset:], PUBLISHED, offset=offset, document_id="doc-2")
    assert [w.span.text for w in found] == ["in May", "on Monday", "last week"]
    for when in found:
        assert when.span.document_id == "doc-2"
        assert document[when.span.start : when.span.end] == when.span.text


def test_resolve_date_returns_none_without_a_date():
    assert resolve_date("the checkpoint north of the town", PUBLISHED) is None


def test_seed_article_dates(shared_dir: Path):
    text = normalise_text((shared_dir / "examples" / "seed_article.txt").read_text(encoding="utf-8"))
    found = {w.span.text: w for w in find_dates(text, PUBLISHED)}
    assert (found["in May"].start, found["in May"].precision) == (D(2015, 5, 1), "month")
    assert found["since last June"].start == D(2014, 6, 1)
    assert found["last month"].start == D(2015, 6, 1)
    assert all(w.precision == "unknown" for w in find_dates(text, None))


def test_a_long_article_is_read_in_a_few_milliseconds():
    text = ("The video was released in May. Gunmen attacked the market on Monday, and more than "
            "40 people have been killed since last June, officials said on 15 July 2015. ") * 25
    find_dates(text, PUBLISHED)
    began = time.perf_counter()
    for _ in range(10):
        find_dates(text, PUBLISHED)
    assert (time.perf_counter() - began) / 10 < 0.01  # ~1 ms measured for 4,000 chars


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen attacked the town on 20/06.", D(2015, 6, 20)),
        ("Gunmen attacked the town on 20/06/2015.", D(2015, 6, 20)),
        ("Gunmen attacked the town on 20/06/14.", D(2014, 6, 20)),
        ("Gunmen attacked the town on 20/08.", D(2014, 8, 20)),  # after publication: last year
    ],
)
def test_day_and_month_in_figures_after_on(text, expected):
    assert only(text)[:3] == (expected, expected, "day")


@pytest.mark.parametrize("text", ["The motion passed with a 3/4 majority.", "They won 2/1 at home.", "Polls on 6/20 and later."])
def test_figures_with_a_slash_are_no_date_otherwise(text):
    assert find_dates(text, PUBLISHED) == []


@pytest.mark.parametrize(
    "text",
    [
        "Workers went on strike over payment of June salaries.",
        "A crowd protested against the nominations for the August 3 elections.",
        "Members of the Red Wednesday movement wore red.",
        "Police said Monday they used tear gas.",
        "A source told reporters Wednesday that the road was closed.",
    ],
)
def test_dates_that_name_something_else_are_no_time(text):
    assert find_dates(text, PUBLISHED) == []


def test_a_bracketed_date_restates_the_relative_one_before_it():
    found = find_dates("Pirates boarded the tanker yesterday (14 July) off Cotonou.", PUBLISHED)
    assert [(w.start, w.span.text) for w in found] == [(D(2015, 7, 14), "14 July")]


def test_a_day_just_after_publication_is_the_coming_one():
    assert only("The ruling will be read on 20 July.")[:3] == (D(2015, 7, 20), D(2015, 7, 20), "day")
    assert only("Gunmen attacked the market on 3 September.")[:3] == (D(2014, 9, 3), D(2014, 9, 3), "day")


@pytest.mark.parametrize(
    "text, expected",
    [
        # no digit, month or weekday: only the words of relative dates, in any case
        ("YESTERDAY the militia attacked.", "YESTERDAY"),
        ("Gunmen struck early This Morning in the market.", "This Morning"),
        ("The clashes began three weeks ago in the hills.", "three weeks ago"),
        ("Late Last Year the group split.", "Late Last Year"),
        # outside ASCII the whole pattern is tried: the Kelvin sign is a "k" to it
        ("Troops left the town last wee\u212a after a siege.", "last wee\u212a"),
        ("L\u00e9opold and Mus\u00e9e staff fled on Monday.", "on Monday"),
    ],
)
def test_dates_without_figures_or_names_are_still_found(text, expected):
    assert [w.span.text for w in find_dates(text, PUBLISHED)] == [expected]


def test_a_sentence_without_any_date_word_has_no_date():
    assert find_dates("Gunmen attacked the market and the police post in the town.", PUBLISHED) == []
