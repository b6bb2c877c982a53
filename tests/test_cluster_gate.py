"""The incident-resolution gate (issue 4, "Measured"): a change that merges hard negatives,
lowers the clustering scores on the cluster corpus or makes incidents depend on the order
reports arrive in fails CI.

The corpus is `eval/clusters/` (83 reports on 40 incidents, written for Tally, with gold
clusters and six hard-negative pairs). Its reports run through the real pipeline into a
fresh SQLite store, in sorted order and in two other orders (reverse, seeded shuffle). Each
minimum below is the figure measured when it was pinned less about 0.02; the issue's bar
stands beside it. When a change raises a figure, raise its pin (`tally eval clusters
eval/clusters/` prints the figures). Never lower a pin to let a change through.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tally.evaluation import Report
from tally.evaluation_clusters import evaluate_clusters, read_cluster_gold
from tally.pipeline import default_pipeline
from tally.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "eval" / "clusters"

# Pinned minimums: the figure measured at pinning less about 0.02.  # measured | issue's bar
MIN_PAIRWISE_F1 = 0.927                                              # 0.947    | >= 0.90
MIN_BCUBED_F1 = 0.958                                                # 0.978    | >= 0.90
MIN_PAIRWISE_PRECISION = 0.98                                        # 1.0      |
BAR_F1 = 0.90


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate_clusters(CORPUS, pipeline=default_pipeline(Settings()), extra_orders=2)


def test_corpus_is_as_the_issue_asks() -> None:
    gold = read_cluster_gold(CORPUS)
    assert len(gold.incidents) >= 80
    assert len(set(gold.incidents.values())) >= 25
    assert len(gold.hard_negatives) >= 4


def test_no_hard_negative_pair_is_merged(report: Report) -> None:
    figure = report.get("hard-negative pairs merged", "clusters")
    assert figure.n >= 4
    assert figure.numerator == 0, figure.note


def test_pairwise_f1_meets_the_bar_and_its_pin(report: Report) -> None:
    value = report.get("pairwise F1", "clusters").value
    assert value is not None and value >= max(BAR_F1, MIN_PAIRWISE_F1)
    precision = report.get("pairwise precision", "clusters").value
    assert precision is not None and precision >= MIN_PAIRWISE_PRECISION


def test_bcubed_f1_meets_the_bar_and_its_pin(report: Report) -> None:
    value = report.get("B-cubed F1", "clusters").value
    assert value is not None and value >= max(BAR_F1, MIN_BCUBED_F1)


def test_partition_does_not_depend_on_arrival_order(report: Report) -> None:
    figure = report.get("same partition in other arrival orders", "clusters")
    assert figure.n == 2
    assert figure.numerator == figure.n
