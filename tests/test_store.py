"""tally.store on SQLite and PostgreSQL: schema, writes, clustering, reads, crash safety."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import tally.store as store_module
from store_records import (
    MOSUL,
    RAQQA,
    make_claim,
    make_document,
    make_event,
    make_resolver,
    numbered_extraction,
)
from tally.errors import ConfigError, InputError, NotFoundError, ReviewError, StorageError
from tally.migrations.tables import metadata
from tally.records import Extraction, Source, When
from tally.store import Store

TESTS = Path(__file__).resolve().parent
MAY_10 = dt.date(2015, 5, 10)

FIRST = ("A boy shot a man dead in Al Qa'im on 10 May, a citizen journalism website reported. "
         "A monitoring group said more than 2,000 people had been executed in the province since June.")
SECOND = ("A man accused of spying was shot dead by a boy in Al Qa'im on Sunday, the wire agency said. "
          "Gunmen also killed three farmers near Raqqa the same week.")
COPY = "SYNDICATED: " + FIRST


def first_extraction() -> Extraction:
    doc = make_document(FIRST, title="Boy shoots man in Al Qa'im")
    return Extraction(doc, (make_event(doc, 0, "A boy shot a man dead", sources=("Citizen Site",)),),
                      (make_claim(doc, 0, "more than 2,000 people", 2000),))


def second_extraction() -> Extraction:
    doc = make_document(SECOND, title="Spy shot in Al Qa'im")
    return Extraction(doc, (
        make_event(doc, 0, "A man accused of spying was shot dead", day=dt.date(2015, 5, 11),
                   sources=("Example Wire",), killed=(1, 2)),
        make_event(doc, 1, "Gunmen also killed three farmers", place=RAQQA, killed=(3, 3), sources=("Example Wire",)),
    ))


def add(store: Store, extraction: Extraction, **kwargs) -> list[str]:
    return store.add_extraction(extraction, resolver=make_resolver(), run_id="t1", **kwargs)


@pytest.fixture
def store(db_url: str):
    with Store.open(db_url) as opened:
        yield opened


# -- opening and the schema ----------------------------------------------------------------------

def test_migrated_schema_matches_the_tables_the_store_queries(db_url: str) -> None:
    with Store.open(db_url) as opened:
        with opened._engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
            tables = set(sa.inspect(conn).get_table_names())
    assert {"documents", "events", "claims", "incidents", "audit_log", "alembic_version"} <= tables


def test_open_twice_and_upgrade_are_idempotent(db_url: str) -> None:
    with Store.open(db_url) as opened:
        add(opened, first_extraction())
    with Store.open(db_url) as opened:
        opened.upgrade()
        assert len(opened.documents()) == 1
        with opened._engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == ["0004"]


def test_tables_land_where_the_url_points(db_url: str) -> None:
    with Store.open(db_url) as opened, opened._engine.connect() as conn:
        if not db_url.startswith("postgresql"):
            assert Path(db_url.removeprefix("sqlite:///")).is_file()
            return
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
        assert schema.startswith("tally_test_")
        found = conn.exec_driver_sql(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = 'alembic_version' "
            "AND table_schema = current_schema()").scalars().all()
        assert found == [schema]


def test_a_schema_newer_than_the_code_is_refused(db_url: str) -> None:
    with Store.open(db_url) as opened, opened._engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StorageError, match="cannot migrate the schema.*9999.*newer Tally"):
        Store.open(db_url)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'w.db'}") as opened, opened._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


@pytest.mark.parametrize("url, reason", [
    ("sqlite:////no/such/dir/t.db", "directory /no/such/dir does not exist"),
    ("not a url", "is not a database URL"),
    ("mysql://u@h/db", "unsupported database 'mysql'"),
    ("postgresql://root@127.0.0.1:1/test", "Connection refused|connection failed"),
])
def test_open_explains_what_is_wrong_in_one_line(url: str, reason: str) -> None:
    with pytest.raises(StorageError, match=reason) as info:
        Store.open(url)
    assert "\n" not in str(info.value)


def test_plain_postgresql_url_is_run_through_psycopg() -> None:
    assert store_module._parse_url("postgresql://u:secret@h/db").drivername == "postgresql+psycopg"


# -- writing ---------------------------------------------------------------------------------

def test_add_stores_document_events_claims_and_one_incident(store: Store) -> None:
    extraction = first_extraction()
    touched = add(store, extraction, signature=b"\x01\x02")
    assert len(touched) == 1
    assert store.has_document(extraction.document.text_sha256)
    assert store.documents() == [extraction.document]
    assert store.document(extraction.document.id) == extraction.document
    assert store.claims() == list(extraction.claims)
    incident = store.incident(touched[0])
    assert incident.events == extraction.events and incident.status == "unverified"
    assert store.events_of_incident(int(touched[0])) == list(extraction.events)
    assert list(store.signatures()) == [(extraction.document.id, b"\x01\x02")]


def test_re_adding_the_same_text_is_a_no_op(store: Store) -> None:
    add(store, first_extraction())
    rows = len(store.audit())
    assert add(store, first_extraction()) == []
    assert len(store.documents()) == 1 and len(store.incidents()) == 1 and len(store.audit()) == rows


def test_reports_of_one_happening_cluster_and_summaries_follow(store: Store) -> None:
    [first] = add(store, first_extraction())
    touched = add(store, second_extraction())
    assert first in touched and len(touched) == 2
    incident = store.incident(first)
    assert [e.document_id for e in incident.events] == [first_extraction().document.id,
                                                         second_extraction().document.id]
    assert (incident.fatalities_low, incident.fatalities_high) == (1, 2)
    assert incident.status == "corroborated"  # two independent sources
    [row] = store.incidents(admin1="Anbar")
    assert row.id == first and row.fatalities_high == 2
    actions = [(a.action, a.actor) for a in store.audit("incident", first)]
    assert all(a.at.tzinfo is not None for a in store.audit())
    assert actions == [("create", "run:t1"), ("attach", "run:t1")]
    attach = store.audit("incident", first)[1]
    assert attach.old["fatalities_high"] == 1 and attach.new["fatalities_high"] == 2


def test_events_of_one_document_never_share_an_incident(store: Store) -> None:
    doc = make_document("Two men were shot in Mosul. Another man was shot in Mosul later that day.")
    events = (make_event(doc, 0, "Two men were shot", place=MOSUL), make_event(doc, 1, "Another man", place=MOSUL))
    assert len(add(store, Extraction(doc, events))) == 2


def test_events_of_unknown_date_are_candidates_for_nothing(store: Store) -> None:
    one = make_document("A man was shot in Al Qa'im, residents said.")
    two = make_document("Residents of Al Qa'im said a man was shot.")
    [a] = add(store, Extraction(one, (make_event(one, 0, "A man was shot", day=None),)))
    [b] = add(store, Extraction(two, (make_event(two, 0, "a man was shot", day=None),)))
    assert a != b
    assert store.incident(a).events[0].when.precision == "unknown"


@pytest.mark.parametrize("vague", [
    When(dt.date(2015, 5, 1), dt.date(2015, 5, 31), "month"),
    When(dt.date(2015, 1, 1), dt.date(2015, 12, 31), "year"),
    When(dt.date(2014, 6, 1), dt.date(2015, 7, 15), "month", "since"),
], ids=["month", "year", "since-June-2014"])
@pytest.mark.parametrize("vague_first", [True, False], ids=["vague-first", "day-first"])
def test_an_event_whose_dates_span_the_window_is_still_a_candidate(
        store: Store, vague: When, vague_first: bool) -> None:
    # The candidate search reads short spans from a bounded range of start dates and long
    # ones (starting long before the window) apart: both, in either order, must be found.
    vague_doc = make_document("A man was shot dead in Al Qa'im this year, a monitor said.")
    day_doc = make_document("A man was shot dead in Al Qa'im on 10 May, residents said.")
    vague_event = replace(make_event(vague_doc, 0, "A man was shot dead"), when=vague)
    day_event = make_event(day_doc, 0, "A man was shot dead", day=MAY_10)
    first, second = ((vague_doc, vague_event), (day_doc, day_event))[::1 if vague_first else -1]
    [a] = add(store, Extraction(first[0], (first[1],)))
    [b] = add(store, Extraction(second[0], (second[1],)))
    assert a == b
    assert {e.when.precision for e in store.incident(a).events} == {vague.precision, "day"}


def test_a_syndicated_copy_joins_the_original_incidents_and_creates_none(store: Store) -> None:
    original = first_extraction()
    [incident_id] = add(store, original)
    doc = make_document(COPY, title="Copy")
    copy = Extraction(doc, (make_event(doc, 0, "A boy shot a man dead", sources=("Citizen Site",)),))
    assert add(store, copy, duplicate_of=original.document.id) == [incident_id]
    assert len(store.incidents()) == 1
    incident = store.incident(incident_id)
    assert incident.duplicate_documents == (doc.id,)
    assert [e.document_id for e in incident.events] == [original.document.id, doc.id]
    assert store.duplicate_of(doc.id) == original.document.id


def test_a_copy_whose_event_differs_gets_an_incident_of_its_own(store: Store) -> None:
    # Two reports from one template: near-duplicate detection pairs them, the events differ.
    original = first_extraction()
    [first] = add(store, original)
    doc = make_document("SYNDICATED: A boy shot a man dead in Mosul on 2 March, a citizen journalism website "
                        "reported. A monitoring group said more than 2,000 people had been executed since June.")
    other = make_event(doc, 0, "A boy shot a man dead", place=MOSUL, day=dt.date(2015, 3, 2))
    touched = add(store, Extraction(doc, (other,)), duplicate_of=original.document.id)
    assert len(touched) == 1 and touched != [first]
    mosul = store.incident(touched[0])
    assert mosul.events == (other,) and mosul.duplicate_documents == ()
    assert store.incident(first).events == original.events
    assert store.incident(first).duplicate_documents == ()
    assert [a.action for a in store.audit("incident", touched[0])] == ["create"]
    [entry] = store.audit("event", other.id)
    assert entry.new == {"document_id": doc.id, "incident_id": touched[0]}


def test_a_copy_stores_only_the_claims_its_original_lacks(store: Store) -> None:
    original = first_extraction()
    add(store, original)
    doc = make_document(COPY, title="Copy")
    repeated = make_claim(doc, 0, "more than 2,000 people", 2000)
    other_source = replace(make_claim(doc, 1, "A monitoring group said", 2000),
                           source=Source("Example Wire", "news_outlet"))
    other_figure = make_claim(doc, 2, "had been executed", 2001)
    add(store, Extraction(doc, (), (repeated, other_source, other_figure)), duplicate_of=original.document.id)
    assert store.claims() == [*original.claims, other_source, other_figure]
    assert [a.entity_id for a in store.audit("claim")] == [original.claims[0].id, other_source.id, other_figure.id]
    # A copy of the copy finds the repeated claim under the first document.
    again = make_document("AGAIN: " + COPY)
    add(store, Extraction(again, (), (make_claim(again, 0, "more than 2,000 people", 2000),)), duplicate_of=doc.id)
    assert len(store.claims()) == 3
    # A document that is no copy keeps every claim, however alike.
    alike = make_document("A monitor said more than 2,000 people had been executed.")
    add(store, Extraction(alike, (), (make_claim(alike, 0, "more than 2,000 people", 2000),)))
    assert len(store.claims()) == 4


def test_a_document_writes_its_claims_and_its_audit_rows_in_one_statement_each(store: Store) -> None:
    add(store, first_extraction())
    extraction = second_extraction()
    doc = extraction.document
    extraction = Extraction(doc, extraction.events, (make_claim(doc, 0, "three farmers", 3),
                                                     make_claim(doc, 1, "Gunmen also killed", 4, what="killed")))
    statements: list[str] = []
    sa.event.listen(store._engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *rest: statements.append(statement))
    rows = len(store.audit())
    add(store, extraction)
    inserts = [s.split("(")[0].split()[-1] for s in statements if s.lstrip().upper().startswith("INSERT")]
    assert inserts.count("audit_log") == 1 and inserts.count("claims") == 1
    assert len(store.audit()) - rows == 1 + 2 + 2 * 2  # document, claims, incident and event per event
    assert store.claims()[1:] == list(extraction.claims)


def test_duplicate_of_an_unknown_document_writes_nothing(store: Store) -> None:
    with pytest.raises(NotFoundError, match="duplicate_of doc-missing"):
        add(store, first_extraction(), duplicate_of="doc-missing")
    assert store.documents() == [] and store.audit() == []


def test_an_event_of_another_document_is_refused(store: Store) -> None:
    extraction = first_extraction()
    stray = make_event(make_document(SECOND), 0, "A man accused")
    with pytest.raises(InputError, match="belongs to document"):
        add(store, Extraction(extraction.document, (stray,)))
    assert store.documents() == []


def test_a_failure_mid_document_leaves_nothing_of_it(store: Store) -> None:
    add(store, first_extraction())
    doc = make_document("A different report that reuses an event id.")
    clash = make_event(doc, 0, "A different report", place=MOSUL)
    clash = type(clash)(**{**{f: getattr(clash, f) for f in clash.__slots__}, "id": first_extraction().events[0].id})
    with pytest.raises(StorageError, match=doc.id):
        add(store, Extraction(doc, (make_event(doc, 1, "reuses an event id", place=RAQQA), clash),
                              (make_claim(doc, 0, "reuses", 5),)))
    assert not store.has_document(doc.text_sha256)
    assert len(store.claims()) == 1 and len(store.incidents()) == 1


def test_a_reviewer_status_survives_later_runs(store: Store) -> None:
    [incident_id] = add(store, first_extraction())
    store.set_status(incident_id, "discounted", actor="analyst:ana", reason="staged video")
    add(store, second_extraction())
    assert store.incident(incident_id).status == "discounted"
    [entry] = [a for a in store.audit("incident", incident_id) if a.action == "set_status"]
    assert (entry.actor, entry.old, entry.new, entry.reason) == (
        "analyst:ana", {"status": "unverified"}, {"status": "discounted", "reviewer_value": True}, "staged video")
    with pytest.raises(ReviewError, match="status 'fake' does not exist; valid: unverified"):
        store.set_status(incident_id, "fake", actor="analyst:ana")


# -- reading ---------------------------------------------------------------------------------

def test_incident_filters(store: Store) -> None:
    add(store, first_extraction())
    add(store, second_extraction())
    assert len(store.incidents()) == 2
    assert [i.lead.place.name for i in store.incidents(country_code="SY")] == ["Raqqa"]
    assert len(store.incidents(event_type="Violence against civilians")) == 2
    assert store.incidents(event_type="Battles") == []
    assert len(store.incidents(since=MAY_10, until="2015-05-10")) == 2
    assert store.incidents(since="2015-05-11") == []
    assert len(store.incidents(status="corroborated")) == 1
    with pytest.raises(ConfigError, match="unknown incident filter perpetrator; valid: event_type"):
        store.incidents(perpetrator="Islamic State")
    with pytest.raises(ConfigError, match="since='May'"):
        store.incidents(since="May")


def test_missing_records_raise_not_found(store: Store) -> None:
    for missing in (999, "999", "abc"):
        with pytest.raises(NotFoundError, match="incident"):
            store.incident(missing)
    with pytest.raises(NotFoundError, match="document nope"):
        store.document("nope")


def test_signatures_page_through_every_signed_document(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "SIGNATURE_PAGE", 2)
    for i in range(5):
        store.add_extraction(numbered_extraction(i), resolver=make_resolver(), run_id="t",
                             signature=bytes([i]) if i != 3 else None)
    found = dict(store.signatures())
    assert sorted(found.values()) == [b"\x00", b"\x01", b"\x02", b"\x04"]
    assert numbered_extraction(3).document.id not in found


# -- crash safety --------------------------------------------------------------------------------

_WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[3])
    from store_records import make_resolver, numbered_extraction
    from tally.store import Store

    store = Store.open(sys.argv[1])
    resolver = make_resolver()
    for i in range(int(sys.argv[2])):
        store.add_extraction(numbered_extraction(i), resolver=resolver, run_id="crash")
        print(i, flush=True)
""")
_BATCH = 40
_KILL_AFTER = 8


def _check_integrity(url: str) -> int:
    """Assert every stored document is complete and no row is orphaned; return the count."""
    with Store.open(url) as opened, opened._engine.connect() as conn:
        stored = {d.id for d in opened.documents()}
        for i in range(_BATCH):
            extraction = numbered_extraction(i)
            if extraction.document.id in stored:
                assert opened.events_of_document(extraction.document.id) == list(extraction.events)
        orphans = conn.exec_driver_sql(
            "SELECT count(*) FROM events e LEFT JOIN documents d ON d.id = e.document_id WHERE d.id IS NULL"
        ).scalar_one() + conn.exec_driver_sql(
            "SELECT count(*) FROM claims c LEFT JOIN documents d ON d.id = c.document_id WHERE d.id IS NULL"
        ).scalar_one() + conn.exec_driver_sql(
            "SELECT count(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.incident_id = i.id)"
        ).scalar_one()
        assert orphans == 0
        assert len(opened.claims()) == len(stored)
        return len(stored)


@pytest.mark.slow
def test_a_killed_writer_leaves_only_complete_documents(db_url: str) -> None:
    Store.open(db_url).close()
    child = subprocess.Popen([sys.executable, "-c", _WRITER, db_url, str(_BATCH), str(TESTS)],
                             stdout=subprocess.PIPE, text=True)
    try:
        for _ in range(_KILL_AFTER):
            assert child.stdout.readline().strip() != ""
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    stored = _check_integrity(db_url)
    assert _KILL_AFTER <= stored < _BATCH
    with Store.open(db_url) as opened:
        for i in range(_BATCH):
            opened.add_extraction(numbered_extraction(i), resolver=make_resolver(), run_id="resume")
        assert len(opened.documents()) == _BATCH
        assert sum(len(i.events) for i in opened.incidents()) == sum(i % 3 + 1 for i in range(_BATCH))
    assert _check_integrity(db_url) == _BATCH
