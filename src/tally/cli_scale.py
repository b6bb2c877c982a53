"""`tally run --dask`: the run command's cluster path, a thin shell over `tally.scale.run_dask`.

Kept apart from `tally.cli` so that the plain `tally run` never imports the scale package.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from tally.cli import _date, _fail, _settings, err
from tally.errors import TallyError


def run_on_dask(paths: list[Path], db: str | None, published: str | None, text_column: str | None,
                address: str, out_dir: Path, partition_files: int | None, partition_rows: int | None = None,
                *, load: bool = True) -> None:
    """Run `tally.scale.run_dask` and print the runner's summary plus the partitions' fate."""
    try:
        from tally.scale import PARTITION_FILES, PARTITION_ROWS, run_dask

        settings = _settings(db)
        when = _date(published)
        size = partition_files or PARTITION_FILES
        rows = partition_rows or PARTITION_ROWS
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err, transient=True) as bar:
            # The total is the run's plan, known once run_dask has listed (and counted) the inputs.
            task = bar.add_task("partitions stored" if load else "partitions written", total=None)
            report = run_dask(paths, settings, address, out=out_dir, published=when, text_column=text_column,
                              partition_files=size, partition_rows=rows, load=load,
                              progress=lambda done, _name: bar.update(task, total=done.partitions, advance=1))
    except TallyError as exc:
        raise _fail(exc) from exc
    run = report.run
    for error in run.errors:
        label = "quarantined" if error in report.quarantined else "skipped"
        err.print(f"[yellow]{label}:[/yellow] {escape(str(error))}", highlight=False, soft_wrap=True)
    for error in report.failed:
        err.print(f"[red]partition failed:[/red] {escape(str(error))}", highlight=False, soft_wrap=True)
    if report.failed:
        err.print("the partitions from the first failed one on are not stored yet: run the same command again "
                  "to redo the failed ones and store the rest", highlight=False, markup=False)
    if not load:
        err.print(f"{run.read} documents written to {out_dir}, nothing stored (--extract-only): run the same "
                  "command without --extract-only to store them", highlight=False, markup=False, soft_wrap=True)
    err.print(
        f"{run.stored} stored, {run.already_stored} already stored, {run.duplicates} syndicated copies, "
        f"{run.events} events, {run.claims} claims, {len(run.incidents)} incidents touched, "
        f"{len(run.errors)} errors",
        highlight=False, soft_wrap=True,
    )
    err.print(
        f"partitions: {report.partitions} in {out_dir}, {report.extracted} extracted, {report.skipped} already done "
        f"(skipped), {report.retried} retried one document per task, {len(report.failed)} failed; "
        f"{len(report.quarantined)} documents quarantined",
        highlight=False, soft_wrap=True,
    )
    if run.read == 0 and not run.errors:
        err.print("error: no documents found in " + ", ".join(str(p) for p in paths), highlight=False, markup=False)
        raise typer.Exit(1)
    if run.failed or report.failed:
        raise typer.Exit(1)
