"""Team server: API users with hashed tokens, and incidents' `published` flag.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

- `users`: one row per API user (name, role, when added and removed). A token is
  `<token_id>.<secret>`: `token_id` finds the row, and only a salted scrypt hash of the
  secret is kept, so a copy of the database gives nobody a working token. A removed user's
  row stays (`removed_at` set) so the audit log's names keep meaning something.
- `incidents.published`: an editor's decision to show the incident to viewers (and to the
  public view when it is switched on); false until someone publishes it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the users table and the published flag."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token_id", sa.String(32), nullable=False),
        sa.Column("token_salt", sa.String(64), nullable=False),
        sa.Column("token_hash", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String()),
        sa.Column("removed_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("token_id", name="uq_users_token_id"),
    )
    op.create_index("ix_users_name", "users", ["name"])
    op.add_column("incidents", sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_incidents_published", "incidents", ["published"])


def downgrade() -> None:
    """Drop what `upgrade` added (users and publication decisions are lost)."""
    op.drop_index("ix_incidents_published", "incidents")
    # Plain DROP COLUMN, as in 0002: a batch rebuild of `incidents` would break events' foreign key.
    op.drop_column("incidents", "published")
    op.drop_index("ix_users_name", "users")
    op.drop_table("users")
