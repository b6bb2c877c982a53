"""Tally's team server: a REST API (FastAPI) over the same library calls as the CLI.

`create_app(settings)` builds the application; `tally serve` runs it under uvicorn.
"""

from __future__ import annotations

from tally.server.app import create_app

__all__ = ["create_app"]
