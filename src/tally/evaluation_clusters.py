"""Scoring incident resolution against hand-made gold clusters (issue 4, "Measured").

A cluster corpus is a folder of report files (`.txt` with the `Title:`/`Publisher:`/
`Published:`/`URL:` header that `tally.documents` reads), a `gold.tsv` naming the incident
each report describes, and optionally a `hard_negatives.tsv` listing pairs of gold incidents
that happened in one city on one day and must stay apart (`eval/clusters/` at the
repository root is one).

`evaluate_clusters` runs the reports through the real pipeline and resolver into a fresh
temporary SQLite store, in several arrival orders, and scores the incidents it finds.

What is counted, exactly:
- The items are the report files. A report's predicted cluster is the incident holding its
  first event in document order; a report with no event is a cluster of its own (so it can
  only cost recall).
- pairwise precision / recall / F1: over unordered pairs of reports; a pair is predicted
  when both reports' first events lie in one incident, gold when gold names one incident.
- B-cubed precision / recall / F1 (Bagga and Baldwin): per report, the share of its predicted
  cluster that shares its gold incident (precision) and the share of its gold incident that
  shares its predicted cluster (recall), averaged over reports; F1 of the two averages.
- hard-negative pairs merged: gold pairs from `hard_negatives.tsv` of which some report of
  one incident and some report of the other share a predicted cluster.
- same partition in other orders: the reports are run again in reverse and in shuffled
  orders, each into a fresh store; an order counts when its partition equals the first's.
The scored partition is the one from the files' sorted order.
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tally.errors import InputError
from tally.evaluation import Figure, Report
from tally.settings import Settings

if TYPE_CHECKING:
    from tally.pipeline import Pipeline
    from tally.records import Event

GOLD_FILE = "gold.tsv"
HARD_NEGATIVES_FILE = "hard_negatives.tsv"
REPORT_SUFFIX = ".txt"
#: Extra arrival orders the corpus is run in (reverse, then seeded shuffles): each is a full
#: run (~3 s for 80 reports), and two are enough to catch an order-dependent resolution.
EXTRA_ORDERS = 2
SHUFFLE_SEED = 4


@dataclass(frozen=True, slots=True)
class ClusterGold:
    """The gold of a cluster corpus: report file name -> incident, and the hard-negative pairs."""

    folder: Path
    incidents: Mapping[str, str]
    hard_negatives: tuple[tuple[str, str], ...] = ()

    @property
    def files(self) -> list[Path]:
        """The report files, sorted by name."""
        return [self.folder / name for name in sorted(self.incidents)]


def _rows(path: Path) -> list[list[str]]:
    """Tab-separated rows of `path`, less `#` comments, blank lines and the header row."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    rows = list(csv.reader((line for line in lines if line.strip() and not line.startswith("#")), delimiter="\t"))
    return rows[1:]


def read_cluster_gold(folder: Path) -> ClusterGold:
    """Read `folder/gold.tsv` (and `hard_negatives.tsv` where present).

    Raises `InputError` when the gold is missing or malformed, names a report that is not in
    the folder, leaves a report of the folder out, or a hard-negative pair names an incident
    the gold does not have.
    """
    folder = Path(folder)
    gold_path = folder / GOLD_FILE
    if not gold_path.is_file():
        raise InputError(str(folder), f"no {GOLD_FILE} in it (a cluster corpus needs its gold)")
    incidents: dict[str, str] = {}
    for number, row in enumerate(_rows(gold_path), 2):
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise InputError(f"{gold_path}:row {number}", "expected a report file and an incident id")
        name, incident = row[0].strip(), row[1].strip()
        if name in incidents:
            raise InputError(f"{gold_path}:row {number}", f"{name} is listed twice")
        incidents[name] = incident
    present = {p.name for p in folder.glob(f"*{REPORT_SUFFIX}")}
    if missing := sorted(set(incidents) - present):
        raise InputError(str(gold_path), f"names reports that are not in {folder}: {', '.join(missing[:5])}")
    if unlisted := sorted(present - set(incidents)):
        raise InputError(str(gold_path), f"leaves out reports of {folder}: {', '.join(unlisted[:5])}")
    pairs: list[tuple[str, str]] = []
    negatives_path = folder / HARD_NEGATIVES_FILE
    if negatives_path.is_file():
        known = set(incidents.values())
        for number, row in enumerate(_rows(negatives_path), 2):
            if len(row) < 2 or row[0].strip() not in known or row[1].strip() not in known:
                raise InputError(f"{negatives_path}:row {number}", "expected two incident ids of the gold")
            pairs.append((row[0].strip(), row[1].strip()))
    return ClusterGold(folder, incidents, tuple(pairs))


# -- scoring ------------------------------------------------------------------------------


def _same_cluster_pairs(labels: Mapping[str, Hashable]) -> set[frozenset[str]]:
    by_label: dict[Hashable, list[str]] = {}
    for item, label in labels.items():
        by_label.setdefault(label, []).append(item)
    return {frozenset((a, b)) for members in by_label.values() for i, a in enumerate(members) for b in members[i + 1 :]}


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def pairwise_figures(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable], scope: str = "all") -> list[Figure]:
    """Pairwise precision, recall and F1 of `predicted` against `gold` (item -> label).

    Both must label the same items (`InputError` otherwise). With no predicted pair
    precision is undefined (None), with no gold pair recall is.
    """
    _check_items(gold, predicted)
    gold_pairs, predicted_pairs = _same_cluster_pairs(gold), _same_cluster_pairs(predicted)
    hits = len(gold_pairs & predicted_pairs)
    precision = hits / len(predicted_pairs) if predicted_pairs else None
    recall = hits / len(gold_pairs) if gold_pairs else None
    return [
        Figure("pairwise precision", scope, precision, hits, len(predicted_pairs), "report pairs in one predicted incident"),
        Figure("pairwise recall", scope, recall, hits, len(gold_pairs), "report pairs in one gold incident"),
        Figure("pairwise F1", scope, _f1(precision, recall), hits, len(gold),
               f"harmonic mean; numerator = pairs right, n = reports ({len(gold_pairs)} gold pairs)"),
    ]


def bcubed_figures(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable], scope: str = "all") -> list[Figure]:
    """B-cubed precision, recall and F1 of `predicted` against `gold` (item -> label)."""
    _check_items(gold, predicted)
    gold_sizes, predicted_sizes = Counter(gold.values()), Counter(predicted.values())
    both = Counter((gold[i], predicted[i]) for i in gold)
    precisions = [both[gold[i], predicted[i]] / predicted_sizes[predicted[i]] for i in gold]
    recalls = [both[gold[i], predicted[i]] / gold_sizes[gold[i]] for i in gold]
    n = len(gold)
    precision = sum(precisions) / n if n else None
    recall = sum(recalls) / n if n else None
    exact_p = sum(p == 1 for p in precisions)
    exact_r = sum(r == 1 for r in recalls)
    return [
        Figure("B-cubed precision", scope, precision, exact_p, n, "mean over reports; numerator = reports at 1.0"),
        Figure("B-cubed recall", scope, recall, exact_r, n, "mean over reports; numerator = reports at 1.0"),
        Figure("B-cubed F1", scope, _f1(precision, recall), sum(p == r == 1 for p, r in zip(precisions, recalls)), n,
               "harmonic mean of the two means; numerator = reports whose cluster is exactly their incident"),
    ]


def hard_negatives_merged(
    gold: Mapping[str, str], predicted: Mapping[str, Hashable], pairs: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The hard-negative gold pairs that some predicted cluster joins."""
    clusters: dict[str, set[Hashable]] = {}
    for item, incident in gold.items():
        clusters.setdefault(incident, set()).add(predicted[item])
    return [(a, b) for a, b in pairs if clusters.get(a, set()) & clusters.get(b, set())]


def _check_items(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> None:
    if set(gold) != set(predicted):
        odd = sorted(set(gold) ^ set(predicted))
        raise InputError("cluster partition", f"gold and prediction label different items: {', '.join(odd[:5])}")


def same_partition(a: Mapping[str, Hashable], b: Mapping[str, Hashable]) -> bool:
    """Whether two labellings of the same items group them alike (labels themselves may differ)."""
    return set(a) == set(b) and _same_cluster_pairs(a) == _same_cluster_pairs(b)


# -- running ------------------------------------------------------------------------------


def predict_partition(files: Sequence[Path], settings: Settings | None = None,
                      pipeline: Pipeline | None = None) -> dict[str, str]:
    """Run `files`, in the order given, into a fresh temporary SQLite store; file name -> cluster.

    The cluster is the id of the incident holding the file's first event, or `"none:FILE"`
    for a file with no event. Raises `InputError` when a file cannot be read or stored.
    """
    from tally.runner import run
    from tally.store import Store

    with tempfile.TemporaryDirectory(prefix="tally-clusters-") as folder:
        url = f"sqlite:///{Path(folder) / 'clusters.db'}"
        base = settings or Settings.from_env()
        report = run(list(files), settings=replace(base, db_url=url), pipeline=pipeline)
        if report.errors:
            raise InputError(str(report.errors[0]), "a cluster corpus report could not be processed")
        with Store.open(url) as store:
            incident_of = {e.id: i.id for i in store.incidents() for e in i.events}
            labels: dict[str, str] = {}
            for document in store.documents():
                name = Path(document.origin or document.id).name
                events = sorted(store.events_of_document(document.id), key=_event_number)
                first = events[0].id if events else None
                labels[name] = incident_of.get(first, f"none:{name}") if first else f"none:{name}"
    return labels


def _event_number(event: Event) -> tuple[int, str]:
    """Events in document order: ids end in "-e1", "-e2", ... ("-e10" after "-e9")."""
    tail = event.id.rsplit("-e", 1)[-1]
    return (int(tail) if tail.isdigit() else 0, event.id)


def arrival_orders(files: Sequence[Path], extra: int = EXTRA_ORDERS, seed: int = SHUFFLE_SEED) -> list[list[Path]]:
    """The sorted order, then the reverse, then seeded shuffles: `extra` orders beside the first."""
    first = sorted(files)
    orders = [first]
    if extra >= 1:
        orders.append(first[::-1])
    generator = random.Random(seed)
    for _ in range(max(0, extra - 1)):
        shuffled = list(first)
        generator.shuffle(shuffled)
        orders.append(shuffled)
    return orders


def evaluate_clusters(folder: Path, settings: Settings | None = None, pipeline: Pipeline | None = None,
                      extra_orders: int = EXTRA_ORDERS) -> Report:
    """Resolve the corpus in `folder` and score its incidents against `gold.tsv`."""
    started = time.perf_counter()
    gold = read_cluster_gold(Path(folder))
    if pipeline is None:
        from tally.pipeline import default_pipeline

        pipeline = default_pipeline(settings or Settings.from_env())
    partitions = [predict_partition(order, settings, pipeline) for order in arrival_orders(gold.files, extra_orders)]
    predicted = partitions[0]
    scope = Path(folder).name or str(folder)
    merged = hard_negatives_merged(gold.incidents, predicted, gold.hard_negatives)
    no_event = sum(label.startswith("none:") for label in predicted.values())
    figures = [
        *pairwise_figures(gold.incidents, predicted, scope),
        *bcubed_figures(gold.incidents, predicted, scope),
        Figure("hard-negative pairs merged", scope, len(merged) / len(gold.hard_negatives) if gold.hard_negatives else None,
               len(merged), len(gold.hard_negatives), "; ".join(f"{a} + {b}" for a, b in merged) or "none merged"),
        Figure("incidents predicted / gold", scope, len(set(predicted.values())) / len(set(gold.incidents.values())),
               len(set(predicted.values())), len(set(gold.incidents.values())), "clusters of reports, no-event reports alone"),
        Figure("reports with no event", scope, no_event / len(predicted), no_event, len(predicted)),
    ]
    if len(partitions) > 1:
        same = sum(same_partition(predicted, other) for other in partitions[1:])
        figures.append(Figure("same partition in other arrival orders", scope, same / (len(partitions) - 1), same,
                              len(partitions) - 1, "reverse, then seeded shuffles, each into a fresh store"))
    return Report("clusters", tuple(figures), seconds=time.perf_counter() - started)
