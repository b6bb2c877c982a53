"""The API's write endpoints: submit documents, review incidents, publish, manage users.

Every write is one library call made as the requesting user (`store.reviewer(user.name)`,
`tally.server.jobs`, `tally.users`), so the audit log names them. Library errors become
400/404/409 in `tally.server.app`; nothing here catches them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from tally.documents import decode_bytes, make_document, parse_date
from tally.errors import InputError
from tally.markup import parse_page
from tally.records import Document
from tally.server.auth import Admin, Analyst, Editor, ServerState, State
from tally.server.models import (
    EditBody,
    MergeBody,
    NoteBody,
    PublishBody,
    SensitiveBody,
    SplitBody,
    StatusBody,
    UserBody,
)
from tally.server.views import check_incident_id, mark_sensitive, set_published
from tally.users import User, add_user, list_users, remove_user

router = APIRouter(prefix="/api", dependencies=[Depends(check_incident_id)])

#: Statuses only an editor may set (or take away).
EDITOR_STATUSES = frozenset({"confirmed", "discounted"})
#: Most documents one request may submit (a bigger batch: several requests, or `tally run`).
MAX_DOCUMENTS_PER_REQUEST = 5000
_JSON_FIELDS = frozenset({"text", "published", "title", "url", "publisher", "language"})
_DOCUMENT_SCHEMA = {
    "type": "object", "required": ["text"], "additionalProperties": False,
    "properties": {"text": {"type": "string"}, "published": {"type": "string", "format": "date"},
                   **{name: {"type": "string"} for name in ("title", "url", "publisher", "language")}},
}


# -- documents ---------------------------------------------------------------------------------


@router.post("/documents", status_code=202, summary="Submit documents for background ingest",
             openapi_extra={"requestBody": {"content": {
                 "application/json": {"schema": {"oneOf": [
                     _DOCUMENT_SCHEMA, {"type": "array", "items": _DOCUMENT_SCHEMA}]}},
                 "text/plain": {"schema": {"type": "string"}},
                 "text/html": {"schema": {"type": "string"}}}}})
async def submit_documents(
    request: Request, server: State, current: Analyst, response: Response,
    title: Annotated[str | None, Query(max_length=500)] = None,
    url: Annotated[str | None, Query(max_length=2000)] = None,
    published: Annotated[str | None, Query(max_length=32, description="YYYY-MM-DD")] = None,
) -> dict[str, Any]:
    """JSON (`{"text", "published", "title", "url"}` or a list of them), plain text or HTML.

    For text and HTML bodies the query parameters give the title, URL and date. Returns the
    job at once (202); poll `GET /api/jobs/{id}` for its progress.
    """
    body = await request.body()
    kind = (request.headers.get("content-type") or "text/plain").split(";")[0].strip().lower()
    return await run_in_threadpool(_submit, body, kind, server, current, response, title, url, published)


def _submit(body: bytes, kind: str, server: ServerState, current: User, response: Response,
            title: str | None, url: str | None, published: str | None) -> dict[str, Any]:
    """Parse and queue (in a worker thread: hashing thousands of documents takes a while)."""
    origin = f"api:{current.name}"
    try:
        if kind == "application/json" or kind.endswith("+json"):
            documents = _json_documents(body, origin)
        elif kind in ("text/html", "application/xhtml+xml"):
            documents = [_html_document(body, origin, title, url, published)]
        elif kind.startswith("text/"):
            text = decode_bytes(body, origin)
            documents = [make_document(text, title=title, url=url, origin=origin,
                                       published=parse_date(published, "published") if published else None)]
        else:
            raise HTTPException(415, f"content type {kind!r} is not accepted: send application/json, "
                                "text/plain or text/html")
        for document in documents:
            _check_storable(document)
    except InputError as exc:
        raise HTTPException(422, str(exc)) from exc
    job = server.jobs.submit(documents, current.name)
    response.headers["Location"] = f"/api/jobs/{job.id}"
    return job.to_dict()


def _check_storable(document: Document) -> None:
    """PostgreSQL cannot hold a NUL in a text column: refuse the document before queueing it."""
    for name in ("text", "title", "url", "publisher", "language"):
        value = getattr(document, name)
        if value and "\x00" in value:
            raise InputError(document.origin or document.id, f"its {name} contains a NUL character (\\u0000)")


def _json_documents(body: bytes, origin: str) -> list[Document]:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(422, f"the body is not valid JSON: {exc}") from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise HTTPException(422, "no documents: send an object with a 'text' field, or a list of them")
    if len(items) > MAX_DOCUMENTS_PER_REQUEST:
        raise HTTPException(413, f"{len(items):,} documents in one request; the limit is "
                            f"{MAX_DOCUMENTS_PER_REQUEST:,}: send them in several requests")
    return [_json_document(item, f"{origin}:item {n}" if isinstance(data, list) else origin)
            for n, item in enumerate(items, start=1)]


def _json_document(item: Any, source: str) -> Document:
    if not isinstance(item, dict):
        raise InputError(source, f"a JSON {type(item).__name__}, not an object with a 'text' field")
    unknown = sorted(set(item) - _JSON_FIELDS)
    if unknown:
        raise InputError(source, f"unknown field(s) {', '.join(unknown)}; accepted: {', '.join(sorted(_JSON_FIELDS))}")
    text = item.get("text")
    if not isinstance(text, str):
        raise InputError(source, "needs a 'text' field holding the document's text")
    fields = {k: item.get(k) for k in ("title", "url", "publisher", "language")}
    for name, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise InputError(source, f"field {name!r} must be text")
    when = item.get("published")
    if when is not None and not isinstance(when, str):
        raise InputError(source, "field 'published' must be a date as text (YYYY-MM-DD)")
    return make_document(text, title=fields["title"], url=fields["url"], publisher=fields["publisher"],
                         language=fields["language"] or "en", origin=source,
                         published=parse_date(when, source) if when else None)


def _html_document(body: bytes, origin: str, title: str | None, url: str | None, published: str | None) -> Document:
    page = parse_page(decode_bytes(body, origin), origin)
    when: dt.date | None = parse_date(published, "published") if published else None
    if when is None and page.date_text:
        try:
            when = parse_date(page.date_text, origin)
        except InputError:
            when = None  # a page's own unreadable date is not the submitter's mistake
    return make_document(page.text, title=title or page.title, publisher=page.publisher, url=url or page.url,
                         published=when, origin=origin, raw=body, language=page.language)


# -- review ------------------------------------------------------------------------------------


@router.post("/incidents/{incident_id}/merge", summary="Merge another incident into this one")
def merge(incident_id: str, body: MergeBody, server: State, current: Analyst) -> dict[str, Any]:
    incident = server.store.reviewer(current.name).merge(
        incident_id, body.other, reason=body.reason, versions=(body.version, body.other_version))
    return incident.to_dict()


@router.post("/incidents/{incident_id}/split", summary="Move one report out into a new incident")
def split(incident_id: str, body: SplitBody, server: State, current: Analyst) -> dict[str, Any]:
    if (body.document is None) == (body.event is None):
        raise HTTPException(422, "give exactly one of 'document' and 'event'")
    incident = server.store.reviewer(current.name).split(
        incident_id, document=body.document, event=body.event, reason=body.reason, version=body.version)
    return incident.to_dict()


@router.post("/incidents/{incident_id}/edit", summary="Set one field by hand")
def edit(incident_id: str, body: EditBody, server: State, current: Analyst) -> dict[str, Any]:
    incident = server.store.reviewer(current.name).edit(
        incident_id, body.field, body.value, reason=body.reason, version=body.version)
    return incident.to_dict()


@router.post("/incidents/{incident_id}/status", summary="Set the status")
def set_status(incident_id: str, body: StatusBody, server: State, current: Analyst) -> dict[str, Any]:
    """Analysts set unverified, corroborated, contested or automatic; editors also confirmed
    and discounted, and only they change the status of an incident an editor decided on."""
    if not current.can("editor"):
        if body.status in EDITOR_STATUSES:
            raise HTTPException(403, f"setting status {body.status!r} needs the editor role; "
                                f"{current.name} is {current.role}")
        if server.store.incident(incident_id).status in EDITOR_STATUSES:
            raise HTTPException(403, f"incident {incident_id} was confirmed or discounted by an editor; "
                                "only an editor may change its status")
    incident = server.store.reviewer(current.name).set_status(
        incident_id, body.status, reason=body.reason, version=body.version)
    return incident.to_dict()


@router.post("/incidents/{incident_id}/note", status_code=201, summary="Add a note to the incident's story")
def note(incident_id: str, body: NoteBody, server: State, current: Analyst) -> dict[str, Any]:
    server.store.reviewer(current.name).note(incident_id, body.text)
    return {"incident": incident_id, "note": body.text.strip(), "by": current.name}


@router.post("/incidents/{incident_id}/publish", summary="Publish (or withdraw) an incident for viewers")
def publish(incident_id: str, body: PublishBody, server: State, current: Editor) -> dict[str, Any]:
    incident = set_published(server.store, incident_id, body.published, actor=current.name, reason=body.reason)
    return {**incident.to_dict(), "published": body.published}


@router.post("/incidents/{incident_id}/sensitive", status_code=201,
             summary="Mark a text (an informant's or witness's name) never to be shown to viewers")
def sensitive(incident_id: str, body: SensitiveBody, server: State, current: Analyst) -> dict[str, Any]:
    mark_sensitive(server.store, incident_id, body.text, actor=current.name, reason=body.reason)
    return {"incident": incident_id, "withheld": body.text.strip(), "by": current.name}


# -- users -------------------------------------------------------------------------------------


@router.get("/users", summary="API users")
def get_users(server: State, current: Admin, include_removed: bool = False) -> list[dict[str, Any]]:
    return [u.to_dict() for u in list_users(server.store, include_removed=include_removed)]


@router.post("/users", status_code=201, summary="Add a user; the token is shown once")
def post_user(body: UserBody, server: State, current: Admin) -> dict[str, Any]:
    added, token = add_user(server.store, body.name, body.role, actor=current.name)
    return {**added.to_dict(), "token": token}


@router.delete("/users/{name}", summary="Remove a user: their token stops working")
def delete_user(name: str, server: State, current: Admin) -> dict[str, Any]:
    return remove_user(server.store, name, actor=current.name).to_dict()
