"""Tests for tally.reconcile: claims set beside the incidents that fall under them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tally.cli import app
from tally.records import Actor, Claim, Event, Incident, Place, Quantity, Source, Victims, When
from tally.reconcile import reconcile, reconcile_store
from tally.runner import run
from tally.settings import Settings
from tally.store import Store

SEED_DATE = dt.date(2015, 7, 15)
ISLAMIC_STATE = Actor("Islamic State", "rebel_group")
RAQQA = Place("Raqqa", 163915, "SY", "Ar-Raqqah", 35.95283, 39.00788)
MOSUL = Place("Mosul", 99072, "IQ", "Nineveh", 36.335, 43.11866)


# -- the seed article and the examples, through the whole pipeline ---------------------------


@pytest.fixture(scope="module")
def seed_db(shared_dir: Path, examples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('reconcile') / 'tally.db'}"
    report = run([shared_dir / "examples" / "seed_article.txt", examples_dir], settings=Settings(db_url=url),
                 published=SEED_DATE)
    assert not report.errors
    return url


def _seed_rows(url: str):
    with Store.open(url) as store:
        return [r for r in reconcile_store(store) if r.claim.source and "Syrian Observatory" in r.claim.source.name]


def test_seed_executions_claim_against_its_documented_execution(seed_db: str) -> None:
    rows = _seed_rows(seed_db)
    executions = next(r for r in rows if r.claim.quantity.low == 2618)
    # The one documented execution: the child shooting the accused spy at Al Qa'im (May 2015).
    assert len(executions.incidents) == 1
    (incident,) = executions.incidents
    assert incident.lead.method == "shooting"
    assert (executions.fatalities_low, executions.fatalities_high) == (1, 1)
    assert executions.gap_low == 2617
    sentence = executions.sentence()
    assert sentence.startswith("more than 2,618 executions")
    assert "since June 2014" in sentence
    assert "1 documented incident, fatalities 1..1" in sentence
    # Other examples' executions by Islamic State (Deir ez-Zor 2016, Manbij 2015-08) fall
    # outside the period that runs to the seed's publication date.
    assert all(e.when.start and e.when.start <= SEED_DATE for e in incident.events)


def test_seed_own_members_claim_finds_no_civilian_victim(seed_db: str) -> None:
    own = next(r for r in _seed_rows(seed_db) if r.claim.quantity.low == 139)
    assert own.claim.victim_category == "own_member"
    assert own.incidents == ()
    assert own.gap_low == 139


def test_reconcile_command_prints_the_gap(seed_db: str) -> None:
    result = CliRunner().invoke(app, ["reconcile", "--db", seed_db])
    assert result.exit_code == 0, result.output
    assert "more than 2,618 executions" in result.output
    assert "1 documented incident, fatalities 1..1" in result.output
    data = json.loads(CliRunner().invoke(app, ["reconcile", "--db", seed_db, "--format", "json"]).output)
    row = next(r for r in data if r["claimed_low"] == 2618)
    assert row["documented_incidents"] == 1 and row["period"] == {"start": "2014-06-01", "end": "2015-07-15"}


# -- each condition, on hand-built records ---------------------------------------------------


def _claim(**changes: object) -> Claim:
    fields: dict[str, object] = {
        "id": "c1", "document_id": "doc-claim", "what": "executions",
        "quantity": Quantity(100, None, "more than"), "perpetrators": (ISLAMIC_STATE,),
        "period": When(dt.date(2015, 1, 1), None, "month", "since"), "methods": ("beheading", "shooting"),
        "source": Source("A monitor", "monitoring_group"),
    }
    fields.update(changes)
    return Claim(**fields)  # type: ignore[arg-type]


def _incident(incident_id: str, **changes: object) -> Incident:
    day = dt.date(2015, 3, 10)
    fields: dict[str, object] = {
        "id": f"e{incident_id}", "document_id": f"doc-{incident_id}", "event_type": "Violence against civilians",
        "sub_event_type": "Attack", "method": "beheading", "perpetrators": (ISLAMIC_STATE,),
        "victims": (Victims("two men", "civilian"),), "fatalities": Quantity(2, 2), "place": RAQQA,
        "when": When(day, day, "day"),
    }
    fields.update(changes)
    return Incident(incident_id, (Event(**fields),))  # type: ignore[arg-type]


def _ids(claim: Claim, incidents: list[Incident], published: dt.date | None = dt.date(2015, 7, 1)) -> list[str]:
    (row,) = reconcile([claim], incidents, lambda _doc: published)
    return [i.id for i in row.incidents]


def test_each_condition_of_a_claim_must_hold() -> None:
    incidents = [
        _incident("1"),
        _incident("2", perpetrators=(Actor("Jabhat al-Nusra"),)),
        _incident("3", when=When(dt.date(2014, 12, 1), dt.date(2014, 12, 1), "day")),  # before the period
        _incident("4", when=When(dt.date(2015, 9, 1), dt.date(2015, 9, 1), "day")),  # after the report
        _incident("5", method="air strike", event_type="Explosions/Remote violence"),
        _incident("6", fatalities=Quantity(0, 0)),  # nobody killed: no execution
        _incident("7", when=When()),  # undated: cannot be placed in the period
        _incident("8", method="execution"),  # a generic method of the executions family
    ]
    assert _ids(_claim(), incidents) == ["1", "8"]


def test_place_victim_category_and_sums() -> None:
    incidents = [_incident("1"), _incident("2", place=MOSUL, fatalities=Quantity(3, 5)),
                 _incident("3", victims=(Victims("fighters of its own", "own_member"),))]
    in_syria = _claim(place=Place("Syria", None, "SY", None, precision=4))
    assert _ids(in_syria, incidents) == ["1", "3"]
    assert _ids(_claim(victim_category="own_member"), incidents) == ["3"]
    (row,) = reconcile([_claim()], incidents, lambda _doc: dt.date(2015, 7, 1))
    assert (row.fatalities_low, row.fatalities_high) == (2 + 3 + 2, 2 + 5 + 2)
    assert row.gap_low == 100 - 9


def test_a_claim_stating_nothing_is_compared_with_nothing() -> None:
    broad = _claim(perpetrators=(), period=When(), methods=())
    (row,) = reconcile([broad], [_incident("1")])
    assert row.incidents == ()


def test_killing_claims_without_methods_take_any_deadly_incident_and_executions_their_family() -> None:
    incidents = [_incident("1", method="air strike", event_type="Explosions/Remote violence"), _incident("2")]
    assert _ids(_claim(what="killed", methods=()), incidents) == ["1", "2"]
    assert _ids(_claim(methods=()), incidents) == ["2"]


def test_sentence_words() -> None:
    claim = _claim(quantity=Quantity(100, None, "hundreds"), period=When(dt.date(2015, 1, 1), dt.date(2015, 12, 31), "year"))
    (row,) = reconcile([claim], [_incident("1")])
    sentence = row.sentence()
    assert sentence.startswith("hundreds (coded 100) executions by Islamic State claimed in 2015 according to A monitor")
    assert "1 documented incident, fatalities 2..2; at least 98 not documented" in sentence


def test_a_discounted_incident_documents_nothing(shared_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tally.db'}"
    run([shared_dir / "examples" / "seed_article.txt"], settings=Settings(db_url=url), published=SEED_DATE)
    with Store.open(url) as store:
        (documented,) = next(r for r in reconcile_store(store) if r.claim.quantity.low == 2618).incidents
        store.reviewer("tester").set_status(documented.id, "discounted", reason="the video is older")
        after = next(r for r in reconcile_store(store) if r.claim.quantity.low == 2618)
    assert after.incidents == () and after.gap_low == 2618
