"""Reading Tally's domain knowledge: plain tab-separated files under `tally/data/`.

Each file starts with `#` comment lines (what it is, where it came from, its licence),
then a header row naming the columns, then one entry a line. Analysts extend these files
without touching code.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tally.errors import ConfigError


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a data file as dicts keyed by its header; blank and `#` lines skipped.

    Raises `ConfigError` naming the file and line when a row has the wrong number of cells.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read data file ({exc.strerror})") from exc
    rows = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not rows:
        raise ConfigError(f"{path}: data file has no header row")
    header = next(csv.reader([rows[0][1]], delimiter="\t"))
    table = []
    for number, line in rows[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        cells += [""] * (len(header) - len(cells))
        if len(cells) != len(header):
            raise ConfigError(f"{path}:{number}: expected {len(header)} columns, found {len(cells)}")
        table.append({key: cell.strip() for key, cell in zip(header, cells)})
    return table


def split_list(cell: str) -> list[str]:
    """A `|`-separated cell as a list of non-empty stripped items."""
    return [item.strip() for item in cell.split("|") if item.strip()]
