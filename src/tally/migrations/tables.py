"""Tally's tables as SQLAlchemy Core objects: the schema the migrations build, at head.

`tally.store` queries through these. When a migration changes the schema, change them to
match: `tests/test_store.py` compares them with the migrated database and fails on drift.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
#: audit_log ids: BIGINT on PostgreSQL; on SQLite only INTEGER PRIMARY KEY auto-increments.
_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
#: JSON columns store Python None as SQL NULL, not as the JSON text "null".
_JSON = sa.JSON(none_as_null=True)

documents = sa.Table(
    "documents", metadata,
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
    sa.Index("ix_documents_duplicate_of", "duplicate_of"),
)

incidents = sa.Table(
    "incidents", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("event_type", sa.String(), index=True),
    sa.Column("sub_event_type", sa.String()),
    sa.Column("method", sa.String()),
    sa.Column("date_start", sa.Date(), index=True),
    sa.Column("country_code", sa.String(8), index=True),
    sa.Column("admin1", sa.String()),
    sa.Column("fatalities_low", sa.Integer()),
    sa.Column("fatalities_high", sa.Integer()),
    # 0002: review.
    sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    sa.Column("updated_by", sa.String()),
    sa.Column("merged_into", sa.Integer(), index=True),
    sa.Column("overrides", _JSON),
    # 0003: an editor's decision to show the incident to viewers.
    sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Index("ix_incidents_status", "status"),
    sa.Index("ix_incidents_published", "published"),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.String(), primary_key=True),
    sa.Column(
        "document_id", sa.String(), sa.ForeignKey("documents.id", name="fk_events_document_id"),
        nullable=False, index=True,
    ),
    sa.Column(
        "incident_id", sa.Integer(), sa.ForeignKey("incidents.id", name="fk_events_incident_id"), index=True,
    ),
    sa.Column("event_type", sa.String(), nullable=False, index=True),
    sa.Column("sub_event_type", sa.String(), nullable=False),
    sa.Column("method", sa.String()),
    sa.Column("date_start", sa.Date(), index=True),
    sa.Column("date_end", sa.Date(), index=True),
    sa.Column("country_code", sa.String(8), index=True),
    sa.Column("admin1", sa.String()),
    sa.Column("geonameid", sa.Integer()),
    sa.Column("latitude", sa.Float()),
    sa.Column("longitude", sa.Float()),
    sa.Column("fatalities_low", sa.Integer()),
    sa.Column("fatalities_high", sa.Integer()),
    sa.Column("graphic", sa.Boolean(), nullable=False),
    sa.Column("record", _JSON, nullable=False),
    # 0002: the incident a reviewer merged this event's incident from (see tally.review).
    sa.Column("merged_from", sa.Integer(), index=True),  # indexed by 0004
    # 0004: dates more than a month apart; the candidate search reads these by date_end.
    sa.Column("long_span", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Index("ix_events_long_span_date_end", "long_span", "date_end"),
)

claims = sa.Table(
    "claims", metadata,
    sa.Column("id", sa.String(), primary_key=True),
    sa.Column(
        "document_id", sa.String(), sa.ForeignKey("documents.id", name="fk_claims_document_id"),
        nullable=False, index=True,
    ),
    sa.Column("what", sa.String(), nullable=False),
    sa.Column("quantity_low", sa.Integer()),
    sa.Column("quantity_high", sa.Integer()),
    sa.Column("victim_category", sa.String(), nullable=False),
    sa.Column("record", _JSON, nullable=False),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(), nullable=False),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.String(), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("old", _JSON),
    sa.Column("new", _JSON),
    sa.Column("reason", sa.Text()),
    sa.Index("ix_audit_log_entity", "entity", "entity_id"),
)

#: 0002: a report a reviewer split out of an incident never returns to it.
cannot_links = sa.Table(
    "cannot_links", metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column(
        "incident_id", sa.Integer(), sa.ForeignKey("incidents.id", name="fk_cannot_links_incident_id"),
        nullable=False, index=True,
    ),
    sa.Column(
        "document_id", sa.String(), sa.ForeignKey("documents.id", name="fk_cannot_links_document_id"),
        nullable=False, index=True,
    ),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(), nullable=False),
    sa.Column("reason", sa.Text()),
    sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
)

#: 0003: API users; only a salted hash of each token's secret is kept (see tally.users).
users = sa.Table(
    "users", metadata,
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
    sa.Index("ix_users_name", "name"),
)
