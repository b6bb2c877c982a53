"""GeoNames dump files a user adds to the gazetteer (`tally gazetteer add FILE...`).

The packaged gazetteer holds towns of 500 people or more; the villages and districts that
conflict reports name are often smaller. GeoNames publishes everything, free (CC BY 4.0), at
https://download.geonames.org/export/dump/: a file per country (`AF.zip` holding `AF.txt`),
`allCountries.zip`, and the code tables `admin1CodesASCII.txt` and `admin2Codes.txt`.
`add_dumps` reads such files (plain or zipped), checks them line by line, and keeps what the
gazetteer needs in a layer under `Settings.cache_dir/geonames/`:

- `places.tsv`: populated places (feature class P) and first- and second-level divisions
  (ADM1, ADM2) with their names, alternate names, coordinates and admin codes;
- `admin1.tsv`, `admin2.tsv`: code -> name, for naming each place's region;
- `manifest.txt`: a digest of the layer, which keys the gazetteer's disk cache.

Adding the same file twice changes nothing; a newer dump replaces rows by geonameid.
`tally.gazetteer.Gazetteer.load` merges the layer after the packaged data.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tally.errors import ConfigError, InputError
from tally.settings import Settings

#: Columns of GeoNames' main table ("geoname"), as its readme documents them.
GEONAME_COLUMNS = 19
#: Columns of admin1CodesASCII.txt and admin2Codes.txt: code, name, ASCII name, geonameid.
CODE_COLUMNS = 4
#: Feature codes of divisions kept, and the gazetteer feature each becomes.
DIVISION_FEATURES = {"ADM1": "admin1", "ADM2": "admin2"}
#: Alternate names longer than this are descriptions, not names GeoNames users type.
MAX_NAME_LENGTH = 80

_LAYER = "geonames"
_PLACES, _ADMIN1, _ADMIN2, _MANIFEST = "places.tsv", "admin1.tsv", "admin2.tsv", "manifest.txt"


@dataclass(frozen=True, slots=True)
class LayerPlace:
    """One place of the layer, as the gazetteer takes it."""

    geonameid: int
    name: str
    feature: str  # "city", "admin1" or "admin2"
    country_code: str
    admin1: str | None
    latitude: float
    longitude: float
    population: int
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LayerSummary:
    """What `add_dumps` read and what the layer holds after it."""

    places_read: int
    admin1_codes_read: int
    admin2_codes_read: int
    places_in_layer: int
    directory: Path


def layer_dir(settings: Settings) -> Path:
    """Where the layer of added GeoNames dumps lives."""
    return Path(settings.cache_dir) / _LAYER


def add_dumps(paths: Sequence[Path], settings: Settings) -> LayerSummary:
    """Read GeoNames dump files into the layer. Raises `InputError` naming the file and line
    of anything malformed; the layer is left as it was when any file is bad."""
    if not paths:
        raise InputError("tally gazetteer add", "no file given")
    directory = layer_dir(settings)
    places = _read_table(directory / _PLACES)
    admin1 = _read_table(directory / _ADMIN1)
    admin2 = _read_table(directory / _ADMIN2)
    counts = {"places": 0, "admin1": 0, "admin2": 0}
    for path in paths:
        kind, rows = _parse_file(Path(path))
        target = {"places": places, "admin1": admin1, "admin2": admin2}[kind]
        for key, row in rows:
            target[key] = row
            counts[kind] += 1
    for name, table in ((_PLACES, places), (_ADMIN1, admin1), (_ADMIN2, admin2)):
        _write_atomic(directory / name, "".join("\t".join((key, *row)) + "\n" for key, row in table.items()))
    digest = hashlib.sha256()
    for name in (_PLACES, _ADMIN1, _ADMIN2):
        digest.update(hashlib.sha256((directory / name).read_bytes()).digest())
    _write_atomic(directory / _MANIFEST, digest.hexdigest() + "\n")
    return LayerSummary(counts["places"], counts["admin1"], counts["admin2"], len(places), directory)


def layer_digest(settings: Settings) -> str:
    """The layer's digest ("" when no dump was added): part of the gazetteer cache key."""
    path = layer_dir(settings) / _MANIFEST
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the GeoNames layer ({exc.strerror})") from exc


def read_layer(settings: Settings) -> list[LayerPlace]:
    """The layer's places with their region names (empty when no dump was added)."""
    if not layer_digest(settings):
        return []
    directory = layer_dir(settings)
    admin1 = {code: row[0] for code, row in _read_table(directory / _ADMIN1).items()}
    admin2 = {code: row[0] for code, row in _read_table(directory / _ADMIN2).items()}
    out = []
    for key, row in _read_table(directory / _PLACES).items():
        name, ascii_name, alternates, lat, lon, fclass, fcode, cc, a1, a2, population = row
        feature = "city" if fclass == "P" else DIVISION_FEATURES[fcode]
        names = [name, ascii_name, *alternates.split(",")]
        if feature == "admin2" and f"{cc}.{a1}.{a2}" in admin2:
            names.append(admin2[f"{cc}.{a1}.{a2}"])
        region = admin1.get(f"{cc}.{a1}")
        out.append(LayerPlace(
            int(key), name, feature, cc, name if feature == "admin1" else region,
            float(lat), float(lon), int(population or 0),
            tuple(n for n in dict.fromkeys(names) if n and len(n) <= MAX_NAME_LENGTH),
        ))
    return out


def _parse_file(path: Path) -> tuple[str, list[tuple[str, tuple[str, ...]]]]:
    """("places" | "admin1" | "admin2", [(key, row)]) for one dump file."""
    kind: str | None = None
    rows: list[tuple[str, tuple[str, ...]]] = []
    for number, line in _lines(path):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        where = f"{path}:line {number}"
        if kind is None:
            kind = _kind(fields, where)
        if kind == "places":
            row = _place_row(fields, where)
            if row is not None:
                rows.append(row)
        else:
            rows.append(_code_row(fields, where, kind))
    if kind is None:
        raise InputError(str(path), "empty: no GeoNames rows in it")
    return kind, rows


def _kind(fields: list[str], where: str) -> str:
    if len(fields) == GEONAME_COLUMNS:
        return "places"
    if len(fields) == CODE_COLUMNS:
        return "admin2" if fields[0].count(".") == 2 else "admin1"
    raise InputError(
        where,
        f"{len(fields)} tab-separated fields: neither a GeoNames place table ({GEONAME_COLUMNS}, like AF.txt "
        f"or allCountries.txt) nor a code table ({CODE_COLUMNS}, like admin1CodesASCII.txt or admin2Codes.txt)",
    )


def _place_row(fields: list[str], where: str) -> tuple[str, tuple[str, ...]] | None:
    if len(fields) != GEONAME_COLUMNS:
        raise InputError(where, f"expected {GEONAME_COLUMNS} tab-separated fields, found {len(fields)}")
    ident, name, ascii_name, alternates, lat, lon, fclass, fcode, cc, _, a1, a2 = fields[:12]
    population = fields[14]
    try:
        int(ident)
        latitude, longitude = float(lat), float(lon)
        int(population or 0)
    except ValueError:
        raise InputError(where, f"geonameid {ident!r}, latitude {lat!r}, longitude {lon!r} or population "
                                f"{population!r} is not a number") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InputError(where, f"coordinates {lat}, {lon} are off the globe")
    if not name or len(cc) != 2:
        raise InputError(where, f"a place needs a name and a two-letter country code (found {name!r}, {cc!r})")
    if fclass != "P" and not (fclass == "A" and fcode in DIVISION_FEATURES):
        return None
    return ident, (name, ascii_name, alternates, lat, lon, fclass, fcode, cc, a1, a2, population or "0")


def _code_row(fields: list[str], where: str, kind: str) -> tuple[str, tuple[str, ...]]:
    if len(fields) != CODE_COLUMNS:
        raise InputError(where, f"expected {CODE_COLUMNS} tab-separated fields, found {len(fields)}")
    code, name, ascii_name, _ = fields
    dots = 1 if kind == "admin1" else 2
    if code.count(".") != dots or not (ascii_name or name):
        raise InputError(where, f"{code!r} is not an {kind} code with a name (like {'AF.18' if dots == 1 else 'AF.18.1234'})")
    return code, (ascii_name or name,)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines of a dump file, or of the one .txt file inside a .zip."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if m.endswith(".txt") and not m.lower().startswith("readme")]
                if len(members) != 1:
                    raise InputError(str(path), f"expected one GeoNames .txt file inside, found {len(members)}")
                with archive.open(members[0]) as raw:
                    yield from _numbered(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        else:
            with path.open(encoding="utf-8", newline="") as handle:
                yield from _numbered(handle)
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    except zipfile.BadZipFile:
        raise InputError(str(path), "not a readable zip file") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text (byte {exc.start})") from None


def _numbered(handle: io.TextIOBase) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(handle, 1):
        yield number, line.rstrip("\r\n")


def _read_table(path: Path) -> dict[str, tuple[str, ...]]:
    """A layer table: first field -> the others (empty when the file does not exist)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the GeoNames layer ({exc.strerror})") from exc
    table = {}
    for line in text.splitlines():
        fields = line.split("\t")
        table[fields[0]] = tuple(fields[1:])
    return table


def _write_atomic(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the GeoNames layer ({exc.strerror})") from exc
