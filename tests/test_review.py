"""tally.review on SQLite and PostgreSQL: reviewers' decisions, kept by later runs and audited.

Reports are hand-built (tests/store_records.py); the texts are invented for these tests.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

import tally.store as store_module
from store_records import MOSUL, make_document, make_event, make_resolver
from tally.errors import ConfigError, ConflictError, NotFoundError, ReviewError
from tally.migrations.tables import audit_log, cannot_links, events, incidents
from tally.records import Event, Extraction, Place, Quantity, Victims, best_estimate
from tally.settings import IncidentPolicy, Settings
from tally.store import Store
from tally.store_rows import tolls_conflict

TAL_AFAR = Place(name="Tal Afar", geonameid=97783, country_code="IQ", admin1="Nineveh",
                 latitude=36.37, longitude=42.45, precision=1)


def report(text: str, phrase: str, *, source: str, **fields: Any) -> Extraction:
    """A one-event report; `fields` go to `make_event` (place, day, killed, method...)."""
    document = make_document(text)
    return Extraction(document, (make_event(document, 0, phrase, sources=(source,), **fields),))


def add(store: Store, extraction: Extraction, **kwargs: Any) -> list[str]:
    return store.add_extraction(extraction, resolver=make_resolver(), run_id="r1", **kwargs)


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table the review touches: equal snapshots mean nothing changed."""
    with store._engine.connect() as conn:
        return {table.name: [tuple(row) for row in conn.execute(sa.select(table).order_by(*table.primary_key))]
                for table in (incidents, events, audit_log, cannot_links)}


@pytest.fixture
def store(db_url: str):
    with Store.open(db_url) as opened:
        yield opened


# The same shooting in Mosul, by two outlets, and a car bomb elsewhere.
MOSUL_1 = ("Gunmen shot three traders dead in Mosul on 10 May, a local official said.",
           "Gunmen shot three traders dead")
MOSUL_2 = ("Three traders were shot dead in a Mosul market on Sunday, a rights group reported.",
           "Three traders were shot dead")
TAL_AFAR_1 = ("Gunmen killed three traders in Tal Afar on 10 May, residents said.",
              "Gunmen killed three traders")
TAL_AFAR_FOLLOW_UP = ("The toll of the shooting of traders in Tal Afar rose to four on 11 May, a medic said.",
                      "The toll of the shooting")


def mosul(n: int = 1, **fields: Any) -> Extraction:
    text, phrase = (MOSUL_1, MOSUL_2)[n - 1]
    return report(text, phrase, source=("Local Official", "Rights Group")[n - 1], **{"place": MOSUL, "killed": (3, 3), **fields})


# -- merge -------------------------------------------------------------------------------------


def test_merge_then_new_reports_keep_the_merge(store: Store) -> None:
    [a] = add(store, mosul())
    [b] = add(store, report(*TAL_AFAR_1, source="Residents", place=TAL_AFAR, killed=(3, 3)))
    assert a != b  # 60 km apart: the resolver keeps them apart
    merged = store.reviewer("ana").merge(a, b, reason="Tal Afar report misplaced the Mosul shooting")
    assert len(merged.events) == 2 and merged.status == "corroborated"
    with pytest.raises(NotFoundError, match=f"incident {b} was merged into incident {a}"):
        store.incident(b)
    # Re-ingesting the reports is a no-op; a follow-up fitting the merged-in part joins the whole.
    assert add(store, mosul()) == []
    follow_up = report(*TAL_AFAR_FOLLOW_UP, source="Medic", place=TAL_AFAR, day=dt.date(2015, 5, 11), killed=(4, 4))
    assert make_resolver().score(follow_up.events[0], store.incident(a)) == 0.0  # as a whole it matches nothing
    assert add(store, follow_up) == [a]
    assert [i.id for i in store.incidents()] == [a]
    assert len(store.incident(a).events) == 3
    # The merged-away incident stays, marked, with its story.
    with store._engine.connect() as conn:
        row = conn.execute(sa.select(incidents.c.merged_into).where(incidents.c.id == int(b))).one()
    assert row.merged_into == int(a)
    [entry] = [e for e in store.audit("incident", b) if e.action == "merged_into"]
    assert entry.actor == "ana" and entry.new["merged_into"] == a and entry.reason.startswith("Tal Afar")


def test_merging_conflicting_tolls_makes_the_incident_contested(store: Store) -> None:
    [a] = add(store, mosul())
    [b] = add(store, report(*MOSUL_2, source="Rights Group", place=MOSUL, killed=(30, 30)))
    assert a != b  # 3 and 30 dead: two happenings to the resolver
    merged = store.reviewer("ana").merge(a, b, reason="same market shooting")
    assert merged.status == "contested"
    assert (merged.fatalities_low, merged.fatalities_high, merged.fatalities_best) == (3, 30, 3)
    with store._engine.connect() as conn:
        assert conn.execute(sa.select(incidents.c.status).where(incidents.c.id == int(a))).scalar() == "contested"


def test_a_merge_overrules_an_earlier_split_and_says_so(store: Store) -> None:
    [a] = add(store, mosul())
    assert add(store, mosul(2)) == [a]
    reviewer = store.reviewer("ana")
    second = mosul(2).document.id
    split = reviewer.split(a, document=second, reason="a second shooting")
    reviewer.merge(a, split.id, reason="no: one shooting after all")
    assert len(store.incident(a).events) == 2
    assert [e.action for e in store.audit("incident", a)][-2:] == ["lift_split", "merge"]
    with store._engine.connect() as conn:
        assert conn.execute(sa.select(cannot_links.c.active)).scalars().all() == [False]


# -- split -------------------------------------------------------------------------------------


def test_split_then_a_copy_of_the_split_report_never_rejoins(store: Store) -> None:
    [x] = add(store, mosul())
    farmers = Victims("traders from the market", "civilian", Quantity(3, 3))
    second = mosul(2)
    second = Extraction(second.document, (replace(second.events[0], victims=(farmers,)),))
    assert add(store, second) == [x]
    y = store.reviewer("ana").split(x, document=second.document.id, reason="a different market")
    assert [e.id for e in y.events] == [second.events[0].id]
    assert [e.document_id for e in store.incident(x).events] == [mosul().document.id]
    # A syndicated copy of the split report, reworded so that it no longer fits the part that
    # left but fits the incident it left: the cannot-link keeps it out.
    copy_doc = make_document("COPY: " + MOSUL_2[0])
    shepherds = Victims("shepherds from a village", "civilian", Quantity(3, 3))
    copy = replace(make_event(copy_doc, 0, MOSUL_2[1], place=MOSUL, killed=(3, 3), sources=("Rights Group",)),
                   victims=(shepherds,))
    assert make_resolver().score(copy, store.incident(x)) >= make_resolver().policy.threshold
    [where] = add(store, Extraction(copy_doc, (copy,)), duplicate_of=second.document.id)
    assert where != x
    assert [e.document_id for e in store.incident(x).events] == [mosul().document.id]
    # A follow-up from elsewhere still may join the incident the report left.
    other = report("Police said three traders were shot in Mosul on 10 May.", "three traders were shot",
                   source="Police", place=MOSUL, killed=(3, 3))
    assert add(store, other) == [x]


def test_split_by_event_records_both_sides(store: Store) -> None:
    [x] = add(store, mosul())
    add(store, mosul(2))
    event_id = mosul(2).events[0].id
    y = store.reviewer("ana").split(x, event=event_id, reason="wrong day")
    assert [e.id for e in y.events] == [event_id]
    assert [e.action for e in store.audit("incident", x)] == ["create", "attach", "split"]
    [created] = store.audit("incident", y.id)
    assert created.action == "create" and created.actor == "ana" and created.new["split_from"] == x
    assert [e.action for e in store.audit("event", event_id)] == ["create", "move"]


# -- edit and status -----------------------------------------------------------------------------


def test_an_edit_survives_the_rebuild_a_new_report_triggers(store: Store) -> None:
    [x] = add(store, mosul())
    reviewer = store.reviewer("ana")
    reviewer.edit(x, "method", "beheading", reason="the video shows it")
    reviewer.edit(x, "fatalities_high", "5", reason="hospital list")
    reviewer.edit(x, "date", "2015-05-09", reason="the night before")
    assert add(store, mosul(2, killed=(3, 4))) == [x]
    incident = store.incident(x)
    data = incident.to_dict()
    assert data["method"] == "beheading" and incident.fatalities_high == 5
    assert data["date"]["start"] == "2015-05-09" and data["edited"] == ["method", "fatalities_high", "date"]
    assert incident.status == "corroborated"  # the automatic status still follows the reports
    with store._engine.connect() as conn:
        row = conn.execute(sa.select(incidents).where(incidents.c.id == int(x))).one()
    assert (row.method, row.fatalities_high, row.date_start) == ("beheading", 5, dt.date(2015, 5, 9))
    attach = store.audit("incident", x)[-1]
    assert attach.action == "attach" and attach.new["method"] == "beheading"
    # None hands a field back to the reports.
    assert reviewer.edit(x, "method", None, reason="the video was of another killing").to_dict()["method"] == "shooting"


def test_edited_place_and_best_estimate(store: Store) -> None:
    [x] = add(store, mosul())
    reviewer = store.reviewer("ana")
    place = reviewer.edit(x, "place", "Bab al-Tob", reason="the market's name").to_dict()["place"]
    assert place["name"] == "Bab al-Tob" and place["latitude"] is None and place["admin1"] == "Nineveh"
    assert reviewer.edit(x, "country_code", "iq", reason="r").to_dict()["place"]["country_code"] == "IQ"
    assert reviewer.edit(x, "fatalities_best", 3, reason="r").fatalities_best == 3
    assert reviewer.edit(x, "perpetrators", "Islamic State; local militia", reason="r").to_dict()[
        "perpetrators"] == ["Islamic State", "local militia"]


def test_a_status_set_by_a_person_holds_until_a_person_hands_it_back(store: Store) -> None:
    [x] = add(store, mosul())
    reviewer = store.reviewer("ana")
    assert reviewer.set_status(x, "confirmed", reason="named victims").status == "confirmed"
    add(store, mosul(2))
    assert store.incident(x).status == "confirmed"
    assert reviewer.set_status(x, "automatic", reason="confirmed too early").status == "corroborated"
    reviewer.set_status(x, "discounted", reason="staged")
    assert [i.id for i in store.incidents(status="discounted")] == [x]  # it stays, marked
    changes = [(e.old["status"], e.new["status"], e.new["reviewer_value"])
               for e in store.audit("incident", x) if e.action == "set_status"]
    assert changes == [("unverified", "confirmed", True), ("confirmed", "corroborated", False),
                       ("corroborated", "discounted", True)]


def test_history_tells_every_change_in_order(store: Store) -> None:
    [x] = add(store, mosul())
    add(store, mosul(2))
    reviewer = store.reviewer("ana")
    reviewer.edit(x, "method", "stabbing", reason="autopsy")
    reviewer.note(x, "asked the hospital for the list of names")
    reviewer.set_status(x, "confirmed", reason="list received")
    history = reviewer.history(x)
    assert [(e.action, e.actor) for e in history] == [
        ("create", "run:r1"), ("attach", "run:r1"), ("edit", "ana"), ("note", "ana"), ("set_status", "ana")]
    assert [e.id for e in history] == sorted(e.id for e in history)
    assert history[2].old == {"method": "shooting"} and history[2].reason == "autopsy"
    assert history[3].new == {"note": "asked the hospital for the list of names"}
    assert all(e.at.tzinfo is not None for e in history)


# -- two reviewers at once -----------------------------------------------------------------------


def test_two_reviewers_on_one_incident_the_later_is_refused_and_both_are_logged(db_url: str) -> None:
    with Store.open(db_url) as first, Store.open(db_url) as second:
        [x] = add(first, mosul())
        seen = first.incident(x).version  # both read the incident
        assert second.incident(x).version == seen
        second.reviewer("bob").edit(x, "fatalities_high", 4, reason="morgue", version=seen)
        with pytest.raises(ConflictError) as refused:
            first.reviewer("ana").edit(x, "fatalities_high", 6, reason="hospital", version=seen)
        error = refused.value
        assert (error.incident_id, error.expected, error.found, error.changed_by) == (x, seen, seen + 1, "bob")
        assert f"incident {x}" in str(error) and "bob" in str(error)
        assert f"version {seen}" in str(error) and f"version {seen + 1}" in str(error)
        assert first.incident(x).fatalities_high == 4  # the earlier decision stands
        *_, kept, logged = first.audit("incident", x)
        assert (kept.action, kept.actor, kept.new["fatalities_high"]) == ("edit", "bob", 4)
        assert (logged.action, logged.actor, logged.reason) == ("refused", "ana", "hospital")
        assert logged.old == {"version": seen}
        assert logged.new["changed_by"] == "bob" and logged.new["value"] == 6
        # Rereading and deciding again works.
        again = first.reviewer("ana").edit(x, "fatalities_high", 6, reason="hospital", version=seen + 1)
        assert again.fatalities_high == 6 and again.version == seen + 2


def test_two_reviewers_deciding_at_the_same_moment_one_wins_one_is_refused(db_url: str) -> None:
    with Store.open(db_url) as setup:
        [x] = add(setup, mosul())
        seen = setup.incident(x).version
    stores = [Store.open(db_url), Store.open(db_url)]
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(store: Store, who: str, value: int) -> None:
        start.wait()
        try:
            store.reviewer(who).edit(x, "fatalities_high", value, reason=f"{who}'s source", version=seen)
            outcomes[who] = "kept"
        except ConflictError as exc:
            outcomes[who] = exc

    threads = [threading.Thread(target=decide, args=(store, who, value))
               for store, who, value in zip(stores, ("ana", "bob"), (4, 6))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    [winner] = [who for who, outcome in outcomes.items() if outcome == "kept"]
    [loser] = [who for who, outcome in outcomes.items() if isinstance(outcome, ConflictError)]
    assert outcomes[loser].changed_by == winner  # type: ignore[union-attr]
    with Store.open(db_url) as store:
        assert store.incident(x).fatalities_high == {"ana": 4, "bob": 6}[winner]
        assert [(e.action, e.actor) for e in store.audit("incident", x)][1:] == [("edit", winner), ("refused", loser)]


def test_a_run_in_between_also_refuses_a_stale_decision(db_url: str) -> None:
    with Store.open(db_url) as reviewer_store, Store.open(db_url) as runner_store:
        [x] = add(reviewer_store, mosul())
        [y] = add(reviewer_store, report(*TAL_AFAR_1, source="Residents", place=TAL_AFAR, killed=(3, 3)))
        seen = (reviewer_store.incident(x).version, reviewer_store.incident(y).version)
        assert add(runner_store, mosul(2)) == [x]
        before = snapshot(reviewer_store)
        with pytest.raises(ConflictError, match="run:r1"):
            reviewer_store.reviewer("ana").merge(x, y, reason="same", versions=seen)
        after = snapshot(reviewer_store)
        assert after["incidents"] == before["incidents"] and after["events"] == before["events"]
        assert [row[5] for row in after["audit_log"][len(before["audit_log"]):]] == ["refused"]


# -- bad input: clear errors, nothing changed -----------------------------------------------------


def _unchanged(store: Store, error: type[Exception], match: str, decision) -> None:
    before = snapshot(store)
    with pytest.raises(error, match=match):
        decision()
    assert snapshot(store) == before


def test_bad_decisions_change_nothing(store: Store) -> None:
    [x] = add(store, mosul())
    add(store, mosul(2))
    [lone] = add(store, report(*TAL_AFAR_1, source="Residents", place=TAL_AFAR, killed=(3, 3)))
    reviewer = store.reviewer("ana")
    first = mosul().document.id
    cases = [
        (ReviewError, f"incident {x} cannot be merged with itself", lambda: reviewer.merge(x, x, reason="r")),
        (ReviewError, "would leave the incident empty", lambda: reviewer.split(lone, event=store.incident(lone).events[0].id,
                                                                               reason="r")),
        (ReviewError, "would leave the incident empty",
         lambda: reviewer.split(lone, document=store.incident(lone).events[0].document_id, reason="r")),
        (ReviewError, "document doc-nope has no report in incident", lambda: reviewer.split(x, document="doc-nope", reason="r")),
        (ReviewError, "event e-nope is not a report of incident", lambda: reviewer.split(x, event="e-nope", reason="r")),
        (ReviewError, "exactly one report", lambda: reviewer.split(x, document=first, event="e", reason="r")),
        (ReviewError, "no field 'colour' to edit; editable fields: event_type",
         lambda: reviewer.edit(x, "colour", "red", reason="r")),
        (ReviewError, "'many' is not a whole number", lambda: reviewer.edit(x, "fatalities_low", "many", reason="r")),
        (ReviewError, "'-2' is not a count", lambda: reviewer.edit(x, "fatalities_low", "-2", reason="r")),
        (ReviewError, "'May' is not a date", lambda: reviewer.edit(x, "date", "May", reason="r")),
        (ReviewError, "'2015-02-30' is not a date", lambda: reviewer.edit(x, "date", "2015-02-30", reason="r")),
        (ReviewError, "'Massacre' is not an ACLED sub event type", lambda: reviewer.edit(x, "sub_event_type", "Massacre", reason="r")),
        (ReviewError, "low 9 would exceed high 3", lambda: reviewer.edit(x, "fatalities_low", 9, reason="r")),
        (ReviewError, "best estimate 7 would lie outside", lambda: reviewer.edit(x, "fatalities_best", 7, reason="r")),
        (ReviewError, "status 'verified' does not exist; valid: unverified, corroborated",
         lambda: reviewer.set_status(x, "verified", reason="r")),
        (ReviewError, "a note needs some text", lambda: reviewer.note(x, "  ")),
        (ReviewError, "a merge needs a reason", lambda: reviewer.merge(x, lone, reason=" ")),
        (ReviewError, "a split needs a reason", lambda: reviewer.split(x, document=first, reason="")),
        (ReviewError, "an edit needs a reason", lambda: reviewer.edit(x, "method", "stabbing", reason="")),
        (NotFoundError, "incident 999 does not exist", lambda: reviewer.edit(999, "method", "x", reason="r")),
        (NotFoundError, "incident 999 does not exist", lambda: reviewer.merge(x, 999, reason="r")),
        (NotFoundError, "incident 999 does not exist", lambda: reviewer.split(999, document=first, reason="r")),
        (NotFoundError, "incident 999 does not exist", lambda: reviewer.set_status(999, "confirmed", reason="r")),
        (NotFoundError, "incident 999 does not exist", lambda: reviewer.note(999, "text")),
        (NotFoundError, "incident 'x1' does not exist", lambda: reviewer.history("x1")),
    ]
    for error, match, decision in cases:
        _unchanged(store, error, match, decision)


def test_a_merged_away_incident_takes_no_more_decisions(store: Store) -> None:
    [a] = add(store, mosul())
    [b] = add(store, report(*TAL_AFAR_1, source="Residents", place=TAL_AFAR, killed=(3, 3)))
    reviewer = store.reviewer("ana")
    reviewer.merge(a, b, reason="same")
    _unchanged(store, ReviewError, f"was merged into incident {a}; review incident {a} instead",
               lambda: reviewer.edit(b, "method", "stabbing", reason="r"))
    _unchanged(store, ReviewError, f"incident {b}: was merged", lambda: reviewer.merge(a, b, reason="again"))
    reviewer.note(b, "the Tal Afar outlet corrected its report")  # its story goes on
    assert store.audit("incident", b)[-1].action == "note"


def test_a_reviewer_must_be_named(store: Store) -> None:
    with pytest.raises(ReviewError, match="name of who made it"):
        store.reviewer(" ")


# -- policies ------------------------------------------------------------------------------------


def _tolls(*pairs: tuple[int | None, int | None, str | None]) -> list[Quantity]:
    return [Quantity(low, high, qualifier) for low, high, qualifier in pairs]


@pytest.mark.parametrize(("tolls", "conflict"), [
    (_tolls((12, 12, None), (15, None, "at least")), False),
    (_tolls((1, 1, None), (3, 3, None)), False),  # small numbers: within the margin
    (_tolls((100, 100, None), (106, 106, None)), False),  # a normal revision
    (_tolls((2, 2, None), (20, 20, None)), True),
    (_tolls((10, 10, None), (40, None, "more than")), True),
    (_tolls((0, 40, "claimed by a party to the fighting"), (40, 40, None)), False),
    (_tolls((0, 0, "none"), (3, 3, None)), True),  # a denial
    (_tolls((0, 0, "none"), (None, None, None)), False),
    (_tolls((2, 2, None),), False),
])
def test_tolls_conflict_beyond_the_default_tolerance(tolls: list[Quantity], conflict: bool) -> None:
    assert tolls_conflict(tolls, IncidentPolicy()) is conflict


def test_the_tolerance_is_configurable() -> None:
    tolls = _tolls((2, 2, None), (20, 20, None))
    assert tolls_conflict(tolls, IncidentPolicy(contested_ratio=20)) is False
    assert tolls_conflict(tolls, IncidentPolicy(contested_margin=30)) is False
    with pytest.raises(ConfigError, match="ratio must be at least 1"):
        IncidentPolicy(contested_ratio=0.5)


def _with_tolls(*tolls: tuple[int, int | None]) -> list[Event]:
    document = make_document("Reports of one attack gave different tolls.")
    return [replace(make_event(document, i, "Reports of one attack"), fatalities=Quantity(low, high))
            for i, (low, high) in enumerate(tolls)]


def test_best_estimate_policies() -> None:
    reports = _with_tolls((10, 10), (12, 15), (30, 30))
    assert best_estimate(reports) == 10  # ACLED's conservative rule
    assert best_estimate(reports, "median") == 12
    assert best_estimate(reports, "highest") == 30
    denial = [replace(reports[0], fatalities=Quantity(0, 0, "none")), *reports[1:]]
    assert best_estimate(denial) == 12  # a denial is no credible figure while others give one
    assert best_estimate([]) is None
    with pytest.raises(ConfigError, match="best estimate policy 'mean' does not exist; valid: lowest"):
        IncidentPolicy(best_estimate="mean")


def test_the_store_applies_the_configured_policy(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALLY_BEST_ESTIMATE", "highest")
    policy = Settings.from_env().incident_policy
    assert policy.best_estimate == "highest"
    with Store.open(db_url, policy=policy) as store:
        [x] = add(store, mosul())
        [y] = add(store, mosul(2, killed=(30, 30)))
        merged = store.reviewer("ana").merge(x, y, reason="same")
        assert (merged.fatalities_best, merged.to_dict()["best_estimate_policy"]) == (30, "highest")
    with Store.open(db_url) as default:
        assert default.incident(x).fatalities_best == 3


# -- the schema ---------------------------------------------------------------------------------


def _alembic(conn: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(store_module.MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = conn
    return config


def test_statuses_set_by_people_before_0002_stay_pinned(db_url: str, tmp_path: Path) -> None:
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic(conn), "0001")
            now = dt.datetime(2015, 5, 12, tzinfo=dt.timezone.utc)
            for status in ("confirmed", "unverified"):
                conn.execute(sa.text("INSERT INTO incidents (status, created_at, updated_at) VALUES (:s, :t, :t)"),
                             {"s": status, "t": now})
    finally:
        engine.dispose()
    with Store.open(db_url) as store, store._engine.connect() as conn:
        rows = conn.execute(sa.select(incidents.c.status, incidents.c.overrides, incidents.c.version)
                            .order_by(incidents.c.id)).all()
        assert [tuple(r) for r in rows] == [("confirmed", {"status": "confirmed"}, 1), ("unverified", None, 1)]


def test_0002_downgrades_and_upgrades_again(db_url: str) -> None:
    with Store.open(db_url) as store:
        add(store, mosul())
        with store._engine.begin() as conn:
            command.downgrade(_alembic(conn), "0001")
        with store._engine.begin() as conn:
            assert "cannot_links" not in sa.inspect(conn).get_table_names()
            command.upgrade(_alembic(conn), "head")
        assert len(store.incidents()) == 1 and store.incidents()[0].version == 1


def test_a_merge_carries_the_other_incidents_splits_and_reviewer_values(store: Store) -> None:
    [x] = add(store, mosul())
    add(store, mosul(2))
    [t] = add(store, report(*TAL_AFAR_1, source="Residents", place=TAL_AFAR, killed=(3, 3)))
    reviewer = store.reviewer("ana")
    reviewer.edit(t, "method", "stabbing", reason="autopsy")
    second = mosul(2).document.id
    reviewer.split(x, document=second, reason="another market")
    reviewer.merge(t, x, reason="one attack")
    merged = store.incident(t)
    assert merged.to_dict()["method"] == "stabbing"
    entry = store.audit("incident", t)[-1]
    assert entry.action == "merge" and entry.new["splits_carried"] == [second]
    with store._engine.connect() as conn:
        rows = conn.execute(sa.select(cannot_links.c.incident_id, cannot_links.c.document_id, cannot_links.c.active)
                            .order_by(cannot_links.c.id)).all()
    assert [tuple(r) for r in rows] == [(int(x), second, True), (int(t), second, True)]
    # The split report's copy stays out of the incident that absorbed the one it left.
    copy_doc = make_document("COPY 2: " + MOSUL_2[0])
    copy = make_event(copy_doc, 0, MOSUL_2[1], place=MOSUL, killed=(3, 3), sources=("Rights Group",))
    [where] = add(store, Extraction(copy_doc, (copy,)), duplicate_of=second)
    assert where != t
