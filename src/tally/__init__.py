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
    "Span", "StorageError", "TallyError", "Victims", "When",
]
