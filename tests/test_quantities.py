"""Counts, ranges, vague quantities and qualifiers read from plain text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tally.errors import ConfigError
from tally.quantities import find_quantities, load_lexicon, parse_quantity
from tally.text import normalise_text


def bounds(text: str) -> list[tuple[int | None, int | None, str | None, str]]:
    return [(q.low, q.high, q.qualifier, q.span.text) for q in find_quantities(text)]


def test_more_than_keeps_the_figure_as_a_floor():
    text = "Monitors said the group had killed more than 2,618 people in the province."
    assert bounds(text) == [(2618, None, "more than", "more than 2,618")]


def test_at_least_is_a_floor():
    assert bounds("Police said at least 139 detainees were moved.") == [(139, None, "at least", "at least 139")]


@pytest.mark.parametrize("qualifier", ["over", "above", "in excess of", "upwards of", "no fewer than"])
def test_other_floors(qualifier):
    (q,) = find_quantities(f"The strike killed {qualifier} 40 fighters.")
    assert (q.low, q.high, q.qualifier) == (40, None, qualifier)


@pytest.mark.parametrize("qualifier", ["up to", "as many as", "nearly", "almost", "fewer than", "less than", "under"])
def test_ceilings_give_no_floor(qualifier):
    (q,) = find_quantities(f"Officials said {qualifier} 50 houses burned.")
    assert (q.low, q.high, q.qualifier) == (None, 50, qualifier)


@pytest.mark.parametrize("qualifier", ["about", "around", "some", "approximately", "roughly"])
def test_approximations_keep_the_figure_and_the_words(qualifier):
    (q,) = find_quantities(f"Witnesses counted {qualifier} 200 bodies.")
    assert (q.low, q.high, q.qualifier) == (200, 200, qualifier)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("between 10 and 15 soldiers died", (10, 15, "between", "between 10 and 15")),
        ("10 to 15 soldiers died", (10, 15, None, "10 to 15")),
        ("10-15 soldiers died", (10, 15, None, "10-15")),
        ("10 or 11 soldiers died", (10, 11, None, "10 or 11")),
        ("two or three guards were hurt", (2, 3, None, "two or three")),
        ("two to three thousand people fled", (2000, 3000, None, "two to three thousand")),
    ],
)
def test_ranges(text, expected):
    assert bounds(text) == [expected]


@pytest.mark.parametrize(
    "text, value",
    [
        ("one", 1), ("seven", 7), ("twenty-one", 21), ("ninety-nine", 99), ("a hundred", 100),
        ("two hundred", 200), ("two hundred and fifty", 250), ("three thousand", 3000),
        ("a dozen", 12), ("two dozen", 24), ("1,511", 1511), ("1.5 million", 1_500_000), ("42", 42),
    ],
)
def test_exact_counts(text, value):
    q = parse_quantity(f"{text} villagers")
    assert (q.low, q.high, q.qualifier, q.span.text) == (value, value, None, text)


@pytest.mark.parametrize(
    "text, low, words",
    [
        ("dozens of", 12, "dozens"), ("scores of", 12, "scores"), ("tens of", 10, "tens"),
        ("hundreds of", 100, "hundreds"), ("thousands of", 1000, "thousands"),
        ("several", 3, "several"), ("a few", 3, "a few"), ("a number of", 3, "a number of"),
        ("many", 10, "many"), ("a couple of", 2, "a couple of"), ("some", 2, "some"),
        ("several hundred", 300, "several hundred"), ("tens of thousands of", 10_000, "tens of thousands"),
    ],
)
def test_vague_quantities_are_floors_coded_as_acled_does(text, low, words):
    (q,) = find_quantities(f"The shelling wounded {text} residents.")
    assert (q.low, q.high, q.qualifier, q.span.text) == (low, None, words, text)


def test_qualifier_and_postfix_combine_with_word_numbers():
    assert bounds("more than a dozen men") == [(12, None, "more than", "more than a dozen")]
    assert bounds("about a dozen men") == [(12, 12, "about", "about a dozen")]
    assert bounds("20 or more men") == [(20, None, "or more", "20 or more")]
    assert bounds("100+ men") == [(100, None, "+", "100+")]


@pytest.mark.parametrize(
    "text",
    [
        "The offensive began in 2014.",
        "Fighting has continued since 2011.",
        "It happened on 15 July 2015.",
        "It happened on July 15, 2015.",
        "It happened on 2015-07-15.",
        "Prices rose 5% in a week.",
        "Prices rose 5 per cent in a week.",
        "The fund lost $3 million.",
        "The convoy left at 10 am.",
        "The convoy left at 10:30.",
        "He came 3rd in the vote.",
        "The front moved 12 km east.",
        "A 14-year-old boy was among them.",
        "The 2014-15 winter was hard.",
        "F-16 jets flew over the town.",
        "No one was hurt.",
        "The UN adopted Resolution 2254.",
    ],
)
def test_years_dates_times_percentages_money_and_identifiers_are_not_counts(text):
    assert find_quantities(text) == []


def test_a_person_noun_after_an_article_is_left_to_the_caller():
    assert find_quantities("A man was shot at the checkpoint.") == []


def test_spans_map_back_to_the_document_with_an_offset():
    document = "Header line.\nGunmen killed at least 12 people and wounded dozens of others in 2015."
    offset = document.index("Gunmen")
    found = find_quantities(document[offset:], offset=offset, document_id="doc-1")
    assert [q.span.text for q in found] == ["at least 12", "dozens of"]
    for q in found:
        assert q.span.document_id == "doc-1"
        assert document[q.span.start : q.span.end] == q.span.text
        assert document[offset:][q.span.start - offset : q.span.end - offset] == q.span.text


def test_parse_quantity_returns_none_without_a_count():
    assert parse_quantity("the local council") is None


def test_seed_article_figures(shared_dir: Path):
    text = normalise_text((shared_dir / "examples" / "seed_article.txt").read_text(encoding="utf-8"))
    found = {q.span.text: q for q in find_quantities(text)}
    assert (found["more than 2,618"].low, found["more than 2,618"].high) == (2618, None)
    assert (found["1,511"].low, found["1,511"].high) == (1511, 1511)
    assert (found["at least 139"].low, found["at least 139"].high) == (139, None)
    assert all(q.span.text == text[q.span.start : q.span.end] for q in found.values())


def test_a_long_article_is_read_in_a_few_milliseconds():
    text = ("Gunmen killed at least 12 people and wounded dozens of others on Monday, officials said. "
            "About 300 families fled in 2014, and more than 2,000 in the weeks after. ") * 25
    find_quantities(text)  # warm the lexicon cache
    began = time.perf_counter()
    for _ in range(10):
        find_quantities(text)
    assert (time.perf_counter() - began) / 10 < 0.02  # ~1.2 ms measured for 4,000 chars


def test_a_malformed_lexicon_is_a_config_error(tmp_path: Path):
    (tmp_path / "quantities.tsv").write_text("# header\nnumber\tone\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="quantities.tsv:2"):
        load_lexicon(tmp_path)


def test_a_missing_lexicon_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_lexicon(tmp_path)
