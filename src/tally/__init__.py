"""Tally: reports of violence in armed conflict, turned into sourced incidents and claims.

The public surface is re-exported here; everything else is private to the package.
"""

from __future__ import annotations

from tally.errors import (
    ConfigError,
    ConflictError,
    InputError,
    MissingExtraError,
    NotFoundError,
    ReviewError,
    StorageError,
    TallyError,
)
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
from tally.settings import IncidentPolicy, Settings

__all__ = [
    "Actor", "Breakdown", "Claim", "ConfigError", "ConflictError", "Document", "Event", "Extraction", "Incident",
    "IncidentPolicy", "InputError", "MissingExtraError", "NotFoundError", "Place", "Quantity", "ReviewError",
    "Settings", "Source", "Span", "StorageError", "TallyError", "Victims", "When", "extract", "Pipeline", "run",
    "Store", "Reviewer",
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
    if name == "Reviewer":
        from tally.review import Reviewer

        return Reviewer
    raise AttributeError(f"module 'tally' has no attribute {name!r}")
