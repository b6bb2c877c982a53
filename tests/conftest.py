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


# -- databases (tests/test_store.py and friends) ----------------------------------------------

import os  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402

POSTGRES_DEFAULT = "postgresql+psycopg://root@127.0.0.1:5432/test"


def _postgres_base_url():
    import sqlalchemy as sa

    text = os.environ.get("TALLY_TEST_POSTGRES") or POSTGRES_DEFAULT
    if text.startswith("postgresql://"):
        text = "postgresql+psycopg://" + text[len("postgresql://"):]
    return sa.make_url(text)


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[object]:
    """An engine on the test PostgreSQL server (TALLY_TEST_POSTGRES).

    Unreachable: a failure when CI == "true", else a skip that says why.
    """
    import sqlalchemy as sa

    url = _postgres_base_url()
    try:
        engine = sa.create_engine(url, connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except (sa.exc.SQLAlchemyError, ImportError) as exc:
        reason = f"PostgreSQL at {url.render_as_string(hide_password=True)} is unreachable: " + (
            str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for an empty database: a SQLite file, or a fresh PostgreSQL schema.

    The PostgreSQL schema is made for the test and dropped after it; `search_path` points at
    it through the URL, so every table (Alembic's version table too) lands in it.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tally.db'}"
        return
    admin = request.getfixturevalue("postgres_admin")
    schema = f"tally_test_{uuid.uuid4().hex[:12]}"
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = _postgres_base_url().update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
