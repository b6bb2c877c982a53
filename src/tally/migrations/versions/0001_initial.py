"""Initial schema: documents, incidents, events, claims, audit_log.

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

#: audit_log ids: BIGINT on PostgreSQL; on SQLite only INTEGER PRIMARY KEY auto-increments.
_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create every table and index of the first schema."""
    op.create_table(
        "documents",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("raw_sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("publisher", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("origin", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("signature", sa.LargeBinary()),
        sa.Column("duplicate_of", sa.String(), sa.ForeignKey("documents.id", name="fk_documents_duplicate_of")),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String()),
        sa.UniqueConstraint("text_sha256", name="uq_documents_text_sha256"),
    )
    op.create_index("ix_documents_duplicate_of", "documents", ["duplicate_of"])

    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_type", sa.String()),
        sa.Column("sub_event_type", sa.String()),
        sa.Column("method", sa.String()),
        sa.Column("date_start", sa.Date()),
        sa.Column("country_code", sa.String(8)),
        sa.Column("admin1", sa.String()),
        sa.Column("fatalities_low", sa.Integer()),
        sa.Column("fatalities_high", sa.Integer()),
    )
    for column in ("status", "event_type", "date_start", "country_code"):
        op.create_index(f"ix_incidents_{column}", "incidents", [column])

    op.create_table(
        "events",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column(
            "document_id", sa.String(),
            sa.ForeignKey("documents.id", name="fk_events_document_id"), nullable=False,
        ),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id", name="fk_events_incident_id")),
        sa.Column("event_type", sa.String(), nullable=False),
        sa.Column("sub_event_type", sa.String(), nullable=False),
        sa.Column("method", sa.String()),
        sa.Column("date_start", sa.Date()),
        sa.Column("date_end", sa.Date()),
        sa.Column("country_code", sa.String(8)),
        sa.Column("admin1", sa.String()),
        sa.Column("geonameid", sa.Integer()),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("fatalities_low", sa.Integer()),
        sa.Column("fatalities_high", sa.Integer()),
        sa.Column("graphic", sa.Boolean(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
    )
    for column in ("document_id", "incident_id", "date_start", "event_type", "country_code"):
        op.create_index(f"ix_events_{column}", "events", [column])

    op.create_table(
        "claims",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column(
            "document_id", sa.String(),
            sa.ForeignKey("documents.id", name="fk_claims_document_id"), nullable=False,
        ),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("quantity_low", sa.Integer()),
        sa.Column("quantity_high", sa.Integer()),
        sa.Column("victim_category", sa.String(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
    )
    op.create_index("ix_claims_document_id", "claims", ["document_id"])

    op.create_table(
        "audit_log",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("old", sa.JSON()),
        sa.Column("new", sa.JSON()),
        sa.Column("reason", sa.Text()),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id"])


def downgrade() -> None:
    """Drop everything `upgrade` created."""
    for table in ("audit_log", "claims", "events", "incidents", "documents"):
        op.drop_table(table)
