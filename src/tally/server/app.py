"""The FastAPI application: routes, error mapping, body limits and the dashboard's files.

Every error leaves as JSON `{"detail": ...}`: Tally's own errors map to 400 (bad input or
filter), 404 (no such record), 409 (a review decision on an incident changed since) and
503 (the database cannot be reached); a body over the limit is 413, malformed JSON 422.
"""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from tally.errors import (
    ConflictError,
    MissingExtraError,
    NotFoundError,
    StorageError,
    TallyError,
)
from tally.pipeline import Pipeline
from tally.server import routes_read, routes_write
from tally.server.auth import ServerState
from tally.server.jobs import Jobs
from tally.server.limits import MAX_BODY_BYTES, BodyLimit
from tally.settings import Settings
from tally.store import Store

STATIC_DIR = Path(__file__).parent / "static"
log = logging.getLogger("tally.server")


def create_app(settings: Settings | None = None, *, pipeline: Pipeline | None = None,
               max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    """The server for the database in `settings.db_url` (opened and migrated now).

    `pipeline`: the extraction pipeline for submitted documents (default: built from the
    settings on first use). The store is closed, and queued ingest finished, at shutdown.
    """
    settings = settings or Settings.from_env()
    store = Store.open(settings.db_url, policy=settings.incident_policy)
    jobs = Jobs(store, settings, pipeline)
    app = FastAPI(title="Tally", version=_version(), openapi_url="/openapi.json", docs_url="/docs", redoc_url=None,
                  description="Sourced incidents of violence in armed conflict: list, review, publish, export.")
    app.state.tally = ServerState(settings=settings, store=store, jobs=jobs)
    app.add_middleware(BodyLimit, limit=max_body_bytes)
    app.add_exception_handler(TallyError, _tally_error)
    app.add_exception_handler(Exception, _unexpected)
    app.include_router(routes_read.router)
    app.include_router(routes_write.router)
    app.router.add_event_handler("shutdown", jobs.shutdown)
    app.router.add_event_handler("shutdown", store.close)
    if STATIC_DIR.is_dir():
        app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="dashboard")
    return app


def status_of(exc: TallyError) -> int:
    """The HTTP status for one of Tally's errors."""
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, (StorageError, MissingExtraError)):
        return 503
    return 400


async def _tally_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TallyError)
    status = status_of(exc)
    if status == 503:  # the message names the database server: for the log, not the client
        log.error("storage error: %s", exc)
        return JSONResponse({"detail": "the database cannot be reached or refused the change; "
                                       "the server log has the details"}, status_code=503)
    return JSONResponse({"detail": str(exc)}, status_code=status)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return JSONResponse({"detail": f"internal error ({type(exc).__name__}); the server log has the details"},
                        status_code=500)


def _version() -> str:
    try:
        return version("tally")
    except PackageNotFoundError:
        return "0"
