"""Batch extraction past one machine: Dask workers extract, Parquet holds the output, the
client resolves and stores (see `tally.scale.job`). Needs the `scale` extra."""

from __future__ import annotations

from tally.scale.job import PARTITION_FILES, PARTITION_ROWS, ScaleReport, plan, run_dask

__all__ = ["PARTITION_FILES", "PARTITION_ROWS", "ScaleReport", "plan", "run_dask"]
