"""Review: incident versions, reviewers' field values, merges and split constraints.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

- `incidents.version` (bumped by every change, so that a reviewer's change can name the
  version it was decided on), `updated_by` (who made the last change, named in a conflict),
  `merged_into` (a merged-away incident stays, pointing at the one it joined; no foreign key,
  since SQLite cannot add one to an existing table without rebuilding it), `overrides` (the
  fields and status a person set, kept over the values computed from the reports).
- `events.merged_from`: the incident an event came from when a reviewer merged it into
  another; a new report that matches any one merged part joins the whole.
- `cannot_links`: a report split out of an incident never returns to it.
- an index on `events.date_end`, for the candidate search of events spanning a window.

Statuses `confirmed`, `discounted` and `contested` stored before this revision could only have been set
by a person: they become overrides, so later runs keep them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: Before 0002 the store set only unverified and corroborated: any other status was a person's.
_PERSON_STATUSES = ("confirmed", "discounted", "contested")


def upgrade() -> None:
    """Add the review columns and table; turn stored person-set statuses into overrides."""
    op.add_column("incidents", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("incidents", sa.Column("updated_by", sa.String()))
    op.add_column("incidents", sa.Column("merged_into", sa.Integer()))
    op.add_column("incidents", sa.Column("overrides", sa.JSON()))
    op.create_index("ix_incidents_merged_into", "incidents", ["merged_into"])
    op.add_column("events", sa.Column("merged_from", sa.Integer()))
    # The candidate search reads events ending inside a window by this index (a year-long or
    # "since 2014" event must still be found); without it each event read every older one.
    op.create_index("ix_events_date_end", "events", ["date_end"])
    op.create_table(
        "cannot_links",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id", name="fk_cannot_links_incident_id"),
                  nullable=False),
        sa.Column("document_id", sa.String(), sa.ForeignKey("documents.id", name="fk_cannot_links_document_id"),
                  nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.create_index("ix_cannot_links_document_id", "cannot_links", ["document_id"])
    op.create_index("ix_cannot_links_incident_id", "cannot_links", ["incident_id"])
    table = sa.table("incidents", sa.column("status", sa.String()), sa.column("overrides", sa.JSON()))
    for status in _PERSON_STATUSES:
        op.execute(table.update().where(table.c.status == status).values(overrides={"status": status}))


def downgrade() -> None:
    """Drop what `upgrade` added (reviewers' values and split constraints are lost)."""
    op.drop_table("cannot_links")
    op.drop_index("ix_incidents_merged_into", "incidents")
    op.drop_index("ix_events_date_end", "events")
    # Plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): a batch rebuild of `incidents` would
    # drop the table that events reference, which SQLite's foreign keys refuse.
    op.drop_column("events", "merged_from")
    for column in ("overrides", "merged_into", "updated_by", "version"):
        op.drop_column("incidents", column)
