"""`tally reconcile`: each stored claim beside the incidents that fall under it (issue 4).

Registered on `tally.cli.app` when `tally.cli` is imported; a thin shell over
`tally.reconcile.reconcile_store`.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape

from tally.cli import DbOption, ListFormat, _emit, _fail, _open_store, app, out
from tally.errors import TallyError


@app.command()
def reconcile(
    db: DbOption = None,
    format: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
) -> None:
    """Set each claim beside the documented incidents under it: the documentation gap.

    Example: tally reconcile --db sqlite:///demo.db
    """
    from tally.reconcile import reconcile_store

    try:
        with _open_store(db) as store:
            rows = [r.to_dict() for r in reconcile_store(store)]
    except TallyError as exc:
        raise _fail(exc) from exc
    if format is ListFormat.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if format is ListFormat.table:
        for row in rows:
            out.print(escape(row["summary"]), highlight=False, soft_wrap=True)
        if not rows:
            out.print("no claims stored")
        return
    columns = ["claim_id", "what", "claimed_low", "claimed_high", "qualifier", "victim_category", "perpetrators",
               "period", "source", "documented_incidents", "fatalities_low", "fatalities_high", "gap_low", "incidents"]
    _emit(rows, format, columns, "Claims against incidents")
