"""Indexes for bulk loading: long-span events flagged, reviewer merges found at once.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

The resolver's candidate search finds events overlapping a date window in two parts (see
`tally.store_rows._candidate_query`): those starting shortly before or in the window (the
date index), and the rare long spans ("in 2015", "since June 2014") that start earlier and
end in or after it. Searched by `date_end` alone, the second part read every event ending
after the window: half the table for an archive loaded out of date order. `events.long_span`
(its dates more than 31 days apart) and an index on (long_span, date_end) make it read only
the long spans.

An index on `events.merged_from` lets a run ask once per transaction whether any reviewer
merge is stored at all (nearly always none during a bulk load), instead of searching for the
merged parts of every candidate incident.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: Days an event may span and still count as short: `tally.store_rows._SHORT_SPAN_DAYS` when
#: this revision was written (a migration keeps its own copy: it must not change later).
_SHORT_SPAN_DAYS = 31
#: Rows read and flagged per round of the backfill.
_PAGE = 5000


def upgrade() -> None:
    """Add the flag and its index, and set it on the events already stored."""
    op.add_column("events", sa.Column("long_span", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_events_long_span_date_end", "events", ["long_span", "date_end"])
    op.create_index("ix_events_merged_from", "events", ["merged_from"])
    table = sa.table("events", sa.column("id", sa.String()), sa.column("date_start", sa.Date()),
                     sa.column("date_end", sa.Date()), sa.column("long_span", sa.Boolean()))
    conn = op.get_bind()
    after = ""
    while True:  # portable date arithmetic: in Python, a page at a time
        rows = conn.execute(
            sa.select(table.c.id, table.c.date_start, table.c.date_end)
            .where(table.c.id > after, table.c.date_start.is_not(None), table.c.date_end.is_not(None))
            .order_by(table.c.id).limit(_PAGE)
        ).all()
        long_ids = [i for i, start, end in rows if _as_date(end) - _as_date(start) > dt.timedelta(days=_SHORT_SPAN_DAYS)]
        if long_ids:
            conn.execute(table.update().where(table.c.id.in_(long_ids)).values(long_span=True))
        if len(rows) < _PAGE:
            return
        after = rows[-1][0]


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def downgrade() -> None:
    """Drop the flag and the indexes."""
    op.drop_index("ix_events_merged_from", "events")
    op.drop_index("ix_events_long_span_date_end", "events")
    op.drop_column("events", "long_span")
