"""The API's read endpoints: incidents, history, claims, statistics, reconcile, exports.

Each is one library call (`Reviewer.history`, `tally.stats.stats`, ...; incident lists and
statistics through `tally.server.queries`, which filters, pages and groups in SQL) plus the
viewer's cut (`tally.server.views`). Plain `def` endpoints: FastAPI runs them in
its thread pool, so a long export never stalls the event loop.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from tally.errors import NotFoundError
from tally.exports import EXPORT_FORMATS, export, geojson_feature
from tally.reconcile import reconcile_store
from tally.records import EDITABLE_FIELDS
from tally.server.auth import Analyst, State, Viewer
from tally.server.queries import Found, Page, find_incidents, incident_page, incident_stats
from tally.server.views import (
    IncidentFilter,
    audit_dict,
    check_incident_id,
    is_published,
    parse_bbox,
    sensitive_texts,
    viewer_history,
    viewer_incident,
    withhold,
)
from tally.stats import STAT_FIELDS, stats
from tally.users import User

router = APIRouter(prefix="/api", dependencies=[Depends(check_incident_id)])

#: Most incidents one list request returns (page on with `offset`).
MAX_PAGE = 5000
_MEDIA = {"acled": "text/csv", "geojson": "application/geo+json", "jsonl": "application/x-ndjson"}
_SUFFIX = {"acled": "csv", "geojson": "geojson", "jsonl": "jsonl"}

Text = Annotated[str | None, Query(max_length=200)]


def _filters(
    start: Annotated[str | None, Query(max_length=32, description="Earliest start date, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, Query(max_length=32, description="Latest start date, YYYY-MM-DD.")] = None,
    bbox: Annotated[str | None, Query(max_length=200, description="minlon,minlat,maxlon,maxlat")] = None,
    country: Annotated[str | None, Query(max_length=8, description="ISO 3166-1 alpha-2 code.")] = None,
    admin1: Text = None,
    actor: Annotated[str | None, Query(max_length=200, description="Part of a perpetrator's name.")] = None,
    event_type: Text = None,
    method: Text = None,
    victim_category: Text = None,
    grave_violation: Text = None,
    status: Annotated[list[str] | None, Query(description="One or more statuses (any of them).")] = None,
    published: Annotated[bool | None, Query(description="Only published (true) or unpublished (false) ones.")] = None,
) -> IncidentFilter:
    return IncidentFilter(start=start, end=end, bbox=parse_bbox(bbox), country=country, admin1=admin1, actor=actor,
                          event_type=event_type, method=method, victim_category=victim_category,
                          grave_violation=grave_violation, status=tuple(status or ()), published=published)


Filters = Annotated[IncidentFilter, Depends(_filters)]


def _visible(current: User, wanted: IncidentFilter) -> IncidentFilter | None:
    """`wanted` as this user may ask it (a viewer: published incidents only); None: nothing."""
    if current.can("analyst"):
        return wanted
    return None if wanted.published is False else replace(wanted, published=True)


def _shown(server: State, rows: list[dict[str, Any]], current: User) -> list[dict[str, Any]]:
    if current.can("analyst"):
        return rows
    return withhold([viewer_incident(d) for d in rows], sensitive_texts(server.store))


@router.get("/me", summary="Who the token belongs to")
def me(current: Viewer) -> dict[str, Any]:
    return {"name": current.name, "role": current.role}


@router.get("/config", summary="What the dashboard needs to know")
def config(server: State) -> dict[str, Any]:
    """No token needed: whether the public view is on, the map tile URL, and the names the
    dashboard's menus offer."""
    return {"public_view": server.settings.public_view, "tile_url": server.settings.tile_url,
            "stat_fields": list(STAT_FIELDS), "export_formats": list(EXPORT_FORMATS),
            "editable_fields": list(EDITABLE_FIELDS)}


@router.get("/incidents/{incident_id}", summary="One incident with its reports, evidence and status")
def get_incident(incident_id: str, server: State, current: Viewer) -> dict[str, Any]:
    incident = server.store.incident(incident_id)
    published = is_published(server.store, incident.id)
    data = {**incident.to_dict(), "published": published}
    if not current.can("analyst"):
        if not published:
            raise NotFoundError(f"incident {incident_id} does not exist")
        return withhold(viewer_incident(data), sensitive_texts(server.store))
    documents = {}
    for event in incident.events:
        if event.document_id not in documents:
            documents[event.document_id] = server.store.document(event.document_id).to_dict()
    return {**data, "documents": list(documents.values())}


@router.get("/incidents/{incident_id}/history", summary="An incident's story, oldest first")
def get_history(incident_id: str, server: State, current: Viewer) -> list[dict[str, Any]]:
    entries = server.store.reviewer(current.name).history(incident_id)
    if current.can("analyst"):
        return [audit_dict(e) for e in entries]
    if not is_published(server.store, incident_id):
        raise NotFoundError(f"incident {incident_id} does not exist")
    return viewer_history(entries)


@router.get("/documents/{document_id}", summary="One stored document, with its text")
def get_document(document_id: str, server: State, current: Analyst) -> dict[str, Any]:
    document = server.store.document(document_id)
    return {**document.to_dict(), "text": document.text, "duplicate_of": server.store.duplicate_of(document_id)}


@router.get("/claims", summary="Aggregate figures that sources assert")
def list_claims(server: State, current: Analyst) -> list[dict[str, Any]]:
    return [claim.to_dict() for claim in server.store.claims()]


@router.get("/reconcile", summary="Each claim beside the incidents documented under it")
def get_reconcile(server: State, current: Analyst) -> list[dict[str, Any]]:
    return [found.to_dict() for found in reconcile_store(server.store)]


@router.get("/jobs", summary="Background ingests this server remembers, newest first")
def list_jobs(server: State, current: Analyst) -> list[dict[str, Any]]:
    return [job.to_dict() for job in server.jobs.list()]


@router.get("/jobs/{job_id}", summary="Progress of a background ingest")
def get_job(job_id: str, server: State, current: Analyst) -> dict[str, Any]:
    try:
        return server.jobs.get(job_id).to_dict()
    except KeyError:
        raise HTTPException(404, f"job {job_id!r} does not exist (jobs are forgotten when the server restarts)") from None


def _viewer_jsonl(rows: list[dict[str, Any]], out: io.StringIO) -> None:
    for data in rows:
        out.write(json.dumps(viewer_incident(data), ensure_ascii=False) + "\n")


@router.get("/incidents", summary="List incidents")
def list_incidents(server: State, current: Viewer, wanted: Filters, response: Response,
                   limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
                   offset: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, Any]]:
    """Incidents, oldest first, filtered; the total before paging is in `X-Total-Count`.

    A viewer gets published incidents only, without evidence text or report ids.
    """
    allowed = _visible(current, wanted)
    page = Page(0, []) if allowed is None else incident_page(server.store, allowed, limit, offset)
    response.headers["X-Total-Count"] = str(page.total)
    return _shown(server, [data for _, data in page.items], current)


@router.get("/stats", summary="Incidents and low/high fatality totals by fields")
def get_stats(server: State, current: Viewer, wanted: Filters,
              by: Annotated[list[str] | None, Query(description=f"Fields: {', '.join(STAT_FIELDS)} "
                                                    "(repeat, or separate with commas).")] = None,
              include_discounted: bool = False) -> dict[str, Any]:
    fields = [f.strip() for item in by or [] for f in item.split(",") if f.strip()]
    allowed = _visible(current, wanted)
    if allowed is None:
        rows = stats([], fields)  # nothing to count, but an unknown field is still a 400
    else:
        rows = incident_stats(server.store, allowed, fields, include_discounted=include_discounted)
    result = {"by": fields, "rows": [row.to_dict(fields) for row in rows]}
    return result if current.can("analyst") else withhold(result, sensitive_texts(server.store))


@router.get("/export", summary="Incidents as ACLED-style CSV, GeoJSON or JSON Lines")
def get_export(server: State, current: Viewer, wanted: Filters,
               format: Annotated[str, Query(max_length=16, description=", ".join(EXPORT_FORMATS))] = "jsonl",
               ) -> Response:
    if format not in EXPORT_FORMATS:
        raise HTTPException(400, f"unknown export format {format!r}: use one of {', '.join(EXPORT_FORMATS)}")
    allowed = _visible(current, wanted)
    found: list[Found] = [] if allowed is None else find_incidents(server.store, allowed)
    out = io.StringIO()
    if current.can("analyst"):
        export([incident for incident, _ in found], format, out)
    elif format == "jsonl":
        _viewer_jsonl([data for _, data in found], out)
    elif format == "geojson":
        features = [{**geojson_feature(i), "properties": viewer_incident(d)} for i, d in found]
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    else:
        export([incident for incident, _ in found], format, out)  # coded fields and a neutral summary only
    text = out.getvalue() if current.can("analyst") else withhold(out.getvalue(), sensitive_texts(server.store))
    return Response(text, media_type=_MEDIA[format], headers={
        "Content-Disposition": f'attachment; filename="tally-incidents.{_SUFFIX[format]}"'})

