"""Alembic migrations of Tally's schema, and the tables they build (`tables`)."""
