"""Bulk loading (`Store.bulk`, one transaction a Dask partition) and migration 0004, which
flags long-span events so that the candidate search reads only them. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from store_records import RAQQA, make_claim, make_document, make_event, make_resolver

from tally.migrations.tables import events
from tally.records import Extraction, When
from tally.store import MIGRATIONS_DIR, Store

SINCE_JUNE_2014 = When(dt.date(2014, 6, 1), dt.date(2015, 7, 15), "month", "since")
MAY_10 = dt.date(2015, 5, 10)


def _extraction(text: str, *, when: When | None = None, day: dt.date = MAY_10, **event: object) -> Extraction:
    document = make_document(text + " A monitor counted 2,000 people killed in the province.")
    event = make_event(document, 0, "A man was shot dead", day=day, **event)
    claim = make_claim(document, 0, "2,000 people", 2000)
    return Extraction(document, (replace(event, when=when) if when else event,), (claim,))


def _texts(n: int) -> list[str]:
    return [f"A man was shot dead in Al Qa'im on 10 May, resident number {i} said." for i in range(n)]


def test_a_bulk_load_stores_all_its_documents_with_their_audit_rows(db_url: str, tmp_path: Path) -> None:
    """The audit rows of a bulk load (by COPY on PostgreSQL) read back as the store writes
    them document by document."""
    with Store.open(db_url) as store:
        with store.bulk("test load", "r1") as writer:
            for text in _texts(3):
                assert not writer.has_document(_extraction(text).document.text_sha256)
                writer.add_extraction(_extraction(text), resolver=make_resolver(), run_id="r1")
            assert writer.has_document(_extraction(_texts(1)[0]).document.text_sha256)  # this load's own
        assert {d.text_sha256 for d in store.documents()} == {_extraction(t).document.text_sha256 for t in _texts(3)}
        assert len(store.incidents()) == 1
        bulk = sorted((a.entity, a.action, a.actor) for a in store.audit())
        created = store.audit("document")[0]
        assert created.new == {"title": None, "url": None, "duplicate_of": None}  # JSON, read back as written
    with Store.open(f"sqlite:///{tmp_path / 'one-by-one.db'}") as one_by_one:
        for text in _texts(3):
            one_by_one.add_extraction(_extraction(text), resolver=make_resolver(), run_id="r1")
        assert sorted((a.entity, a.action, a.actor) for a in one_by_one.audit()) == bulk
    assert [entity for entity, _, _ in bulk].count("claim") == 3


def test_a_bulk_load_that_fails_leaves_nothing_of_itself(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.add_extraction(_extraction("A man was shot dead in Al Qa'im, stored before the load."),
                             resolver=make_resolver(), run_id="r0")
        before = (len(store.documents()), len(store.audit()), [i.id for i in store.incidents()])
        with pytest.raises(RuntimeError, match="worker lost"), store.bulk("failing load", "r1") as writer:
            for text in _texts(2):
                writer.add_extraction(_extraction(text), resolver=make_resolver(), run_id="r1")
            raise RuntimeError("worker lost")
        assert (len(store.documents()), len(store.audit()), [i.id for i in store.incidents()]) == before


def _alembic(conn: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = conn
    return config


def test_migration_0004_flags_the_long_spans_already_stored(db_url: str) -> None:
    with Store.open(db_url) as store:
        resolver = make_resolver()
        [vague] = store.add_extraction(_extraction("A man was shot dead in Al Qa'im, one of many since June 2014.",
                                                   when=SINCE_JUNE_2014), resolver=resolver, run_id="r1")
        short = dt.date(2015, 1, 10)  # in another country: an incident of its own
        store.add_extraction(_extraction("A man was shot dead in Raqqa on 10 January.", day=short, place=RAQQA),
                             resolver=resolver, run_id="r1")
        with store._write("downgrade") as conn:
            command.downgrade(_alembic(conn), "0003")
        with store._read("inspect") as conn:
            assert "long_span" not in {c["name"] for c in sa.inspect(conn).get_columns("events")}
        store.upgrade()
        with store._read("flags") as conn:
            flags = dict(conn.execute(sa.select(events.c.date_start, events.c.long_span)).all())
        assert flags == {SINCE_JUNE_2014.start: True, short: False}
        # The long-span event, flagged by the migration, is found for a new report in its window.
        [joined] = store.add_extraction(_extraction("A man was shot dead in Al Qa'im on 10 May, a monitor said."),
                                        resolver=resolver, run_id="r2")
        assert joined == vague
