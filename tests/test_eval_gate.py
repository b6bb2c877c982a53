"""The evaluation gate (issue 3): a change that lowers a pinned accuracy figure fails CI.

The evaluations run once per module on the development gold in `../shared/eval/` (read in
place; its absence is a failure). Each minimum below is set 0.01-0.02 under the figure
measured when it was pinned; the issue's target bar stands beside it. When a change raises a
figure, raise its pin (`tally eval KIND FILE...` prints the figures). Never lower a pin to
let a change through: fix the change, or say in its review why the figure had to fall.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tally.evaluation import Report, combine, evaluate_acled, evaluate_case, evaluate_geo
from tally.pipeline import default_pipeline
from tally.settings import Settings

ACLED_FILES = {"afghanistan_2020-03": 496, "africa_2016-07": 500, "benin_2009-2022": 811}
CASE_ROWS = 1019

# Pinned minimums: the figure measured at pinning less about 0.015.  # measured  | issue's bar
MIN_EVENT_TYPE_ACCURACY_AFGHANISTAN_2020 = 0.953                     # 0.968     | >= 0.85
MIN_EVENT_TYPE_ACCURACY_AFRICA_2016 = 0.851                          # 0.866     | >= 0.85
MIN_EVENT_TYPE_ACCURACY_BENIN_2023 = 0.847                           # 0.862     | >= 0.85
MIN_SUB_EVENT_TYPE_MACRO_F1 = 0.729                                  # 0.744     | >= 0.70
MIN_FATALITIES_EXACT = 0.892                                         # 0.907     | >= 0.90
MIN_ACTOR1_MATCH = 0.744                                             # 0.759     | >= 0.80
MIN_ADMIN1_MATCH = 0.787                                             # 0.802     | >= 0.85
MIN_LOCATION_WITHIN_25_KM = 0.602                                    # 0.617     | >= 0.55
MIN_LOCATION_WITHIN_100_KM = 0.792                                   # 0.807     | >= 0.80
MIN_DATE_EXACT = 0.943                                               # 0.958     | >= 0.95
MIN_CASE_SUB_EVENT_MACRO_F1 = 0.670                                  # 0.685     | >= 0.65
MIN_TR_NEWS_WITHIN_161_KM = 0.872                                    # 0.887     | >= 0.85
MIN_LGL_WITHIN_161_KM = 0.772                                        # 0.787     | >= 0.75


def _gold(shared_dir: Path, relative: str) -> Path:
    path = shared_dir / "eval" / relative
    if not path.exists():
        pytest.fail(f"{path} is missing: the evaluation gate needs the development gold in ../shared/eval/")
    return path


@pytest.fixture(scope="module")
def reports(shared_dir: Path) -> dict[str, Report]:
    """Every evaluation, run once for all the gate's tests."""
    pipeline = default_pipeline(Settings())
    acled = [_gold(shared_dir, f"acled/{stem}.csv") for stem in ACLED_FILES]
    case = _gold(shared_dir, "case2021/subtypes_test.tsv")
    geo = [_gold(shared_dir, f"geo/{name}") for name in ("lgl.xml", "tr-news.xml")]
    return {
        "acled": evaluate_acled(acled, pipeline),
        "case2021": evaluate_case(case, pipeline),
        "geo": combine("geo", [evaluate_geo(path, pipeline.gazetteer) for path in geo]),
    }


def _at_least(report: Report, name: str, scope: str, minimum: float) -> None:
    figure = report.get(name, scope)
    assert figure.value is not None and figure.value >= minimum, (
        f"{report.kind} {name} [{scope}] fell to {figure.value} ({figure.numerator}/{figure.n}); pinned minimum {minimum}"
    )


def test_every_gold_row_is_scored(reports: dict[str, Report]) -> None:
    for stem, rows in ACLED_FILES.items():
        assert reports["acled"].get("event_type accuracy", stem).n == rows
    assert reports["acled"].get("event_type accuracy").n == sum(ACLED_FILES.values())
    assert reports["case2021"].get("accuracy", "subtypes_test").n == CASE_ROWS


@pytest.mark.parametrize(("stem", "minimum"), [
    ("afghanistan_2020-03", MIN_EVENT_TYPE_ACCURACY_AFGHANISTAN_2020),
    ("africa_2016-07", MIN_EVENT_TYPE_ACCURACY_AFRICA_2016),
    ("benin_2009-2022", MIN_EVENT_TYPE_ACCURACY_BENIN_2023),
])
def test_acled_event_type_accuracy_per_file(reports: dict[str, Report], stem: str, minimum: float) -> None:
    _at_least(reports["acled"], "event_type accuracy", stem, minimum)


@pytest.mark.parametrize(("name", "minimum"), [
    ("sub_event_type macro-F1", MIN_SUB_EVENT_TYPE_MACRO_F1),
    ("fatalities exact", MIN_FATALITIES_EXACT),
    ("actor1 match", MIN_ACTOR1_MATCH),
    ("admin1 match", MIN_ADMIN1_MATCH),
    ("location within 25 km", MIN_LOCATION_WITHIN_25_KM),
    ("location within 100 km", MIN_LOCATION_WITHIN_100_KM),
    ("date exact", MIN_DATE_EXACT),
])
def test_acled_figures_over_all_files(reports: dict[str, Report], name: str, minimum: float) -> None:
    _at_least(reports["acled"], name, "all", minimum)


def test_case2021_sub_event_macro_f1(reports: dict[str, Report]) -> None:
    _at_least(reports["case2021"], "sub_event_type macro-F1", "subtypes_test", MIN_CASE_SUB_EVENT_MACRO_F1)


@pytest.mark.parametrize(("scope", "minimum"), [
    ("tr-news", MIN_TR_NEWS_WITHIN_161_KM),
    ("lgl", MIN_LGL_WITHIN_161_KM),
])
def test_toponym_resolution_within_161_km(reports: dict[str, Report], scope: str, minimum: float) -> None:
    _at_least(reports["geo"], "resolution within 161 km", scope, minimum)
