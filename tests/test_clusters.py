"""Tests for the cluster evaluation (tally.evaluation_clusters) and for re-resolution
(tally.reresolution): scores on hand-made partitions, the gold reader, and incidents that do
not depend on the order reports arrive in."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from tally.errors import InputError
from tally.evaluation_clusters import (
    arrival_orders,
    bcubed_figures,
    hard_negatives_merged,
    pairwise_figures,
    read_cluster_gold,
    same_partition,
)
from tally.incidents import ResolutionPolicy, Resolver
from tally.records import Document, Event, Extraction, Incident, Place, Quantity, Span, Victims, When
from tally.reresolution import neighbourhood, regroup, unchanged
from tally.store import Store

POLICY = ResolutionPolicy()


def _values(figures) -> dict[str, float | None]:
    return {f.name: f.value for f in figures}


# -- scores on hand-made partitions ----------------------------------------------------------


def test_perfect_partition_scores_one() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    predicted = {"a": 7, "b": 7, "c": 9}  # labels differ, grouping is the same
    assert set(_values(pairwise_figures(gold, predicted)).values()) == {1.0}
    assert set(_values(bcubed_figures(gold, predicted)).values()) == {1.0}


def test_pairwise_scores_count_pairs() -> None:
    # gold {a,b,c} {d}; predicted {a,b} {c,d}: gold pairs ab ac bc, predicted pairs ab cd.
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    predicted = {"a": 1, "b": 1, "c": 2, "d": 2}
    figures = {f.name: f for f in pairwise_figures(gold, predicted)}
    assert figures["pairwise precision"].value == pytest.approx(1 / 2)
    assert (figures["pairwise precision"].numerator, figures["pairwise precision"].n) == (1, 2)
    assert figures["pairwise recall"].value == pytest.approx(1 / 3)
    assert figures["pairwise F1"].value == pytest.approx(2 * (1 / 2) * (1 / 3) / (1 / 2 + 1 / 3))
    assert figures["pairwise F1"].n == 4


def test_bcubed_scores_average_over_items() -> None:
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    predicted = {"a": 1, "b": 1, "c": 2, "d": 2}
    values = _values(bcubed_figures(gold, predicted))
    # precision per item: a 1, b 1, c 1/2, d 1/2; recall: a 2/3, b 2/3, c 1/3, d 1.
    precision, recall = (1 + 1 + 0.5 + 0.5) / 4, (2 / 3 + 2 / 3 + 1 / 3 + 1) / 4
    assert values["B-cubed precision"] == pytest.approx(precision)
    assert values["B-cubed recall"] == pytest.approx(recall)
    assert values["B-cubed F1"] == pytest.approx(2 * precision * recall / (precision + recall))


def test_all_singletons_have_no_predicted_pair_and_full_bcubed_precision() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    predicted = {"a": 1, "b": 2, "c": 3}
    pairwise = _values(pairwise_figures(gold, predicted))
    assert pairwise["pairwise precision"] is None and pairwise["pairwise recall"] == 0.0
    assert pairwise["pairwise F1"] is None
    assert _values(bcubed_figures(gold, predicted))["B-cubed precision"] == 1.0


def test_scores_refuse_partitions_of_different_items() -> None:
    with pytest.raises(InputError, match="different items"):
        pairwise_figures({"a": "x"}, {"b": 1})


def test_hard_negative_pairs_merged_and_same_partition() -> None:
    gold = {"a": "bomb", "b": "bomb", "c": "shooting", "d": "other"}
    predicted = {"a": 1, "b": 2, "c": 2, "d": 3}
    pairs = [("bomb", "shooting"), ("bomb", "other")]
    assert hard_negatives_merged(gold, predicted, pairs) == [("bomb", "shooting")]
    assert same_partition({"a": 1, "b": 1, "c": 2}, {"a": "p", "b": "p", "c": "q"})
    assert not same_partition({"a": 1, "b": 1, "c": 2}, {"a": 1, "b": 2, "c": 2})


def test_arrival_orders_are_permutations_of_the_files() -> None:
    files = [Path(f"r{i}.txt") for i in range(6)]
    orders = arrival_orders(files, extra=3, seed=1)
    assert len(orders) == 4 and orders[0] == sorted(files) and orders[1] == sorted(files)[::-1]
    assert all(sorted(order) == sorted(files) for order in orders)


# -- the gold reader -------------------------------------------------------------------------


def _corpus(folder: Path, gold: str, reports: tuple[str, ...] = ("a.txt", "b.txt"), negatives: str | None = None) -> Path:
    for name in reports:
        (folder / name).write_text("Title: t\nPublished: 2020-01-01\n\nSomething happened.\n", encoding="utf-8")
    (folder / "gold.tsv").write_text(gold, encoding="utf-8")
    if negatives is not None:
        (folder / "hard_negatives.tsv").write_text(negatives, encoding="utf-8")
    return folder


def test_read_cluster_gold(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, "# comment\nfile\tincident\na.txt\tone\nb.txt\ttwo\n",
                     negatives="incident_a\tincident_b\tnote\none\ttwo\tsame day\n")
    gold = read_cluster_gold(folder)
    assert dict(gold.incidents) == {"a.txt": "one", "b.txt": "two"}
    assert gold.hard_negatives == (("one", "two"),)
    assert [p.name for p in gold.files] == ["a.txt", "b.txt"]


@pytest.mark.parametrize(
    ("gold", "negatives", "message"),
    [
        ("file\tincident\na.txt\tone\n", None, "leaves out"),
        ("file\tincident\na.txt\tone\nb.txt\ttwo\nc.txt\tthree\n", None, "not in"),
        ("file\tincident\na.txt\tone\na.txt\tone\nb.txt\ttwo\n", None, "listed twice"),
        ("file\tincident\na.txt\n", None, "expected a report file"),
        ("file\tincident\na.txt\tone\nb.txt\ttwo\n", "a\tb\n\none\tnine\n", "two incident ids"),
    ],
)
def test_read_cluster_gold_refuses_bad_gold(tmp_path: Path, gold: str, negatives: str | None, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_cluster_gold(_corpus(tmp_path, gold, negatives=negatives))


def test_read_cluster_gold_needs_gold(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="gold.tsv"):
        read_cluster_gold(tmp_path)


# -- re-resolution ---------------------------------------------------------------------------

DAY = dt.date(2022, 5, 10)
MOSUL = Place("Mosul", 99072, "IQ", "Nineveh", 36.335, 43.11866)


def _event(event_id: str, document_id: str, toll: int, lead: str = "A car bomb exploded at a market in Mosul.") -> Event:
    return Event(
        id=event_id, document_id=document_id, event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED", method="car bomb",
        victims=(Victims("shoppers", "civilian"),), fatalities=Quantity(toll, toll), place=MOSUL,
        when=When(DAY, DAY, "day"), evidence=(Span(document_id, 0, len(lead), lead),),
    )


def _document(document_id: str) -> Document:
    return Document(id=document_id, text=f"report {document_id}", raw_sha256=document_id * 4,
                    text_sha256=document_id * 4, published=DAY)


def _store_in_order(url: str, extractions: list[Extraction]) -> set[frozenset[str]]:
    with Store.open(url) as store:
        for extraction in extractions:
            store.add_extraction(extraction, resolver=Resolver(), run_id="test")
        return {frozenset(e.id for e in incident.events) for incident in store.incidents()}


def test_incidents_do_not_depend_on_arrival_order(db_url: str, tmp_path: Path) -> None:
    # One report tells of two car bombs (tolls 10 and 12); another of one with toll 12. Greedy
    # matching alone joins the second report to whichever bombing it meets first.
    two = Extraction(_document("d1"), events=(_event("d1-e1", "d1", 10), _event("d1-e2", "d1", 12)))
    one = Extraction(_document("d2"), events=(_event("d2-e1", "d2", 12),))
    first = _store_in_order(db_url, [two, one])
    other_url = f"sqlite:///{tmp_path / 'other-order.db'}"
    second = _store_in_order(other_url, [one, two])
    assert first == second == {frozenset({"d1-e1"}), frozenset({"d1-e2", "d2-e1"})}


def test_regroup_keeps_the_incident_holding_most_events() -> None:
    a, b, c = _event("a", "da", 12), _event("b", "db", 12), _event("c", "dc", 12)
    local = [Incident("5", (a, b)), Incident("3", (c,))]
    plan = regroup(local, POLICY)
    assert [(target, {e.id for e in group}) for target, group in plan] == [("5", {"a", "b", "c"})]
    assert not unchanged(local, plan)
    assert unchanged([Incident("5", (a, b, c))], regroup([Incident("5", (a, b, c))], POLICY))


def test_neighbourhood_follows_chains_of_comparable_events() -> None:
    seed = _event("s", "ds", 12)
    near = _event("n", "dn", 40)  # comparable with the seed (a toll differs, no block)
    far_place = Place("Basra", 99532, "IQ", "Basra", 30.50852, 47.7804)
    elsewhere = Incident("9", (_relocated("x", "dx", far_place),))
    pool = [Incident("1", (seed,)), Incident("2", (near,)), elsewhere]
    assert [i.id for i in neighbourhood([seed], pool, POLICY)] == ["1", "2"]


def _relocated(event_id: str, document_id: str, place: Place) -> Event:
    return dataclasses.replace(_event(event_id, document_id, 12), place=place)


def test_regrouping_is_audited_and_leaves_an_emptied_incident_marked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    one = Extraction(_document("d2"), events=(_event("d2-e1", "d2", 12),))
    two = Extraction(_document("d1"), events=(_event("d1-e1", "d1", 10), _event("d1-e2", "d1", 12)))
    _store_in_order(url, [one, two])
    with Store.open(url) as store:
        moves = [a for a in store.audit("event") if a.action == "move"]
        assert moves and all("re-resolution" in (a.reason or "") for a in moves)
        regroups = [a for a in store.audit("incident") if a.action == "regroup"]
        assert regroups
        holders = {e.id: i.id for i in store.incidents() for e in i.events}
        assert holders["d1-e2"] == holders["d2-e1"] != holders["d1-e1"]


def test_regrouping_never_undoes_a_reviewers_split(db_url: str) -> None:
    first = Extraction(_document("d1"), events=(_event("d1-e1", "d1", 12),))
    second = Extraction(_document("d2"), events=(_event("d2-e1", "d2", 12),))
    third = Extraction(_document("d3"), events=(_event("d3-e1", "d3", 12),))
    with Store.open(db_url) as store:
        for extraction in (first, second):
            store.add_extraction(extraction, resolver=Resolver(), run_id="test")
        (both,) = store.incidents()
        store.reviewer("ana").split(both.id, document="d2", reason="a different bombing, says the hospital")
        store.add_extraction(third, resolver=Resolver(), run_id="test")
        holders = {e.id: i.id for i in store.incidents() for e in i.events}
    assert holders["d1-e1"] != holders["d2-e1"]


def test_eval_clusters_command_on_a_small_corpus(tmp_path: Path) -> None:
    import json
    import shutil

    from typer.testing import CliRunner

    from tally.cli import app

    corpus = Path(__file__).resolve().parents[1] / "eval" / "clusters"
    chosen = {"k01": "wedding", "k02": "wedding", "k05": "minibus"}
    lines = ["file\tincident"]
    for path in sorted(corpus.glob("*.txt")):
        if path.name[:3] in chosen:
            shutil.copy(path, tmp_path / path.name)
            lines.append(f"{path.name}\t{chosen[path.name[:3]]}")
    (tmp_path / "gold.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "hard_negatives.tsv").write_text("a\tb\nwedding\tminibus\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "clusters", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = {f["name"]: f for f in json.loads(result.output)["figures"]}
    assert figures["hard-negative pairs merged"]["numerator"] == 0
    assert figures["pairwise recall"]["n"] == 1  # one gold pair: the syndicated copy
    assert figures["same partition in other arrival orders"]["n"] == 2
    missing = CliRunner().invoke(app, ["eval", "clusters", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1
