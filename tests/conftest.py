"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared/`, read in place. Its absence is a failure, never a skip."""
    if not (SHARED / "examples" / "seed_article.txt").is_file():
        pytest.fail(f"{SHARED} is missing: the tests read the seed article and gold data from it")
    return SHARED


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples"
