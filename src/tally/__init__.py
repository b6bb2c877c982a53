"""Tally: reports of violence in armed conflict, turned into sourced incidents and claims.

The public surface is re-exported here; everything else is private to the package.
"""

from __future__ import annotations

from tally.errors import ConfigError, InputError, MissingExtraError, NotFoundError, StorageError, TallyError
from tally.records import (
    Actor,
    Breakdown,
    Claim,
    Document,
    Event,
    Extraction,
    Incident,
    Place,
    Quantity,
    Source,
    Span,
    Victims,
    When,
)
from tally.settings import Settings

__all__ = [
    "Actor", "Breakdown", "Claim", "ConfigError", "Document", "Event", "Extraction", "Incident",
    "InputError", "MissingExtraError", "NotFoundError", "Place", "Quantity", "Settings", "Source",
    "Span", "StorageError", "TallyError", "Victims", "When", "extract", "Pipeline", "run", "Store",
]


def __getattr__(name: str):
    """Heavy parts (spaCy, the gazetteer, the store) load only when first asked for."""
    if name == "extract":
        from tally.pipeline import extract

        return extract
    if name == "Pipeline":
        from tally.pipeline import Pipeline

        return Pipeline
    if name == "run":
        from tally.runner import run

        return run
    if name == "Store":
        from tally.store import Store

        return Store
    raise AttributeError(f"module 'tally' has no attribute {name!r}")
