"""What the API shows: incident filters, publication, and what a viewer may see.

The database applies the filters that are incident columns (`tally.server.queries`); the
rest (bounding box, actor, victim category, grave violation) is read from each incident as
`Incident.to_dict` shows it, reviewers' values included, as `tally.stats` does (`keeps`).

Viewers (and the public view) see published incidents only, and never evidence sentences,
report or document ids, reviewers' notes or the reasons given for decisions: evidence can
name a local informant or witness, and notes are the team's working conversation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fastapi import Request

from tally.errors import ConfigError, NotFoundError
from tally.migrations.tables import audit_log
from tally.migrations.tables import incidents as incidents_table
from tally.records import Incident
from tally.server.models import too_large
from tally.store_rows import incident_key

if TYPE_CHECKING:
    from tally.store import AuditEntry, Store

#: Incident fields a viewer receives; everything else (evidence, reports, attribution chains,
#: duplicate documents) stays on the server.
VIEWER_FIELDS = (
    "id", "event_type", "sub_event_type", "method", "perpetrators", "victims", "fatalities_low",
    "fatalities_high", "fatalities_best", "best_estimate_policy", "place", "date", "grave_violations",
    "sources", "independent_sources", "graphic", "status", "version", "published",
)
#: What a viewer sees instead of a text an analyst marked sensitive.
WITHHELD = "[withheld]"
#: History actions a viewer sees, without who, why or the old and new values.
VIEWER_ACTIONS = frozenset({"create", "merge", "merged_into", "split", "set_status", "publish", "unpublish"})


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """The API's incident filters; None means "any"."""

    start: str | None = None
    end: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    event_type: str | None = None
    method: str | None = None
    victim_category: str | None = None
    grave_violation: str | None = None
    status: tuple[str, ...] = ()
    published: bool | None = None

    def store_filters(self) -> dict[str, Any]:
        found: dict[str, Any] = {"since": self.start, "until": self.end, "country_code": self.country and self.country.upper(),
                                 "admin1": self.admin1, "event_type": self.event_type,
                                 "status": list(self.status) or None}
        return {k: v for k, v in found.items() if v is not None}

    def keeps(self, data: dict[str, Any]) -> bool:
        """Whether an incident (as `to_dict` shows it) passes the filters SQL cannot apply exactly."""
        place = data["place"] or {}
        if self.bbox is not None:
            lon, lat = place.get("longitude"), place.get("latitude")
            west, south, east, north = self.bbox
            if lon is None or lat is None or not (west <= lon <= east and south <= lat <= north):
                return False
        if self.actor and not any(self.actor.casefold() in p.casefold() for p in data["perpetrators"]):
            return False
        if self.victim_category and self.victim_category not in {v["category"] for v in data["victims"]}:
            return False
        return not (self.grave_violation and self.grave_violation not in data["grave_violations"])


def check_incident_id(request: Request) -> None:
    """Every router's dependency: an incident id in the path past 64 bits names no incident
    (404), where the database driver would overflow on it."""
    value = request.path_params.get("incident_id")
    if value is not None and too_large(value):
        raise NotFoundError(f"incident {value} does not exist")


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """`minlon,minlat,maxlon,maxlat` as four numbers; `ConfigError` saying what is wrong."""
    if text is None or not text.strip():
        return None
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ConfigError(f"bbox={text!r} is not four numbers minlon,minlat,maxlon,maxlat") from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ConfigError(f"bbox={text!r}: need -180 <= minlon <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90")
    return west, south, east, north


def published_ids(store: Store) -> set[str]:
    """Ids of the incidents an editor published."""
    with store._read("published incidents") as conn:  # noqa: SLF001 (the store's one read path)
        return {str(i) for i in conn.execute(
            sa.select(incidents_table.c.id).where(incidents_table.c.published.is_(True))).scalars()}


def is_published(store: Store, incident_id: str | int) -> bool:
    key = incident_key(incident_id)
    with store._read(f"incident {key}") as conn:  # noqa: SLF001
        return bool(conn.execute(sa.select(incidents_table.c.published).where(
            incidents_table.c.id == key)).scalar_one_or_none())


def set_published(store: Store, incident_id: str | int, published: bool, *, actor: str,
                  reason: str | None = None) -> Incident:
    """Publish an incident (show it to viewers) or withdraw it; audited as `publish`/`unpublish`."""
    incident = store.incident(incident_id)  # NotFoundError for a missing or merged-away incident
    key = incident_key(incident.id)
    with store.transaction(f"incident {key}", actor) as batch:
        before = bool(batch.conn.execute(sa.select(incidents_table.c.published).where(
            incidents_table.c.id == key)).scalar_one())
        batch.conn.execute(incidents_table.update().where(incidents_table.c.id == key).values(
            published=published, updated_at=batch.at, updated_by=actor))
        batch.audit("incident", str(key), "publish" if published else "unpublish",
                    old={"published": before}, new={"published": published}, reason=reason)
    return incident


def viewer_incident(data: dict[str, Any]) -> dict[str, Any]:
    """An incident's JSON cut down to what a viewer may see."""
    return {k: data[k] for k in VIEWER_FIELDS if k in data}


def audit_dict(entry: AuditEntry) -> dict[str, Any]:
    return {"id": entry.id, "at": entry.at.isoformat(), "actor": entry.actor, "entity": entry.entity,
            "entity_id": entry.entity_id, "action": entry.action, "old": entry.old, "new": entry.new,
            "reason": entry.reason}


def viewer_history(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    """What happened to an incident and when, without notes, names, reasons or values."""
    shown = []
    for entry in entries:
        if entry.action not in VIEWER_ACTIONS:
            continue
        item: dict[str, Any] = {"at": entry.at.isoformat(), "action": entry.action}
        if entry.action == "set_status" and entry.new:
            item["status"] = entry.new.get("status")
        shown.append(item)
    return shown


def mark_sensitive(store: Store, incident_id: str | int, text: str, *, actor: str, reason: str | None = None) -> None:
    """Mark a text (a local informant's or witness's name) as never to be shown to viewers.

    Kept in the audit log (action `mark_sensitive`), which viewers never read; every viewer
    payload and export then has the text replaced by `WITHHELD`, wherever it appears.
    """
    incident = store.incident(incident_id)
    if not text or not text.strip():
        raise ConfigError(f"incident {incident_id}: a sensitive mark needs the text to withhold")
    with store.transaction(f"incident {incident.id}", actor) as batch:
        batch.audit("incident", str(incident.id), "mark_sensitive", new={"text": text.strip()}, reason=reason)


def sensitive_texts(store: Store) -> list[str]:
    """Every text marked sensitive, longest first (so a longer name is withheld whole)."""
    query = sa.select(audit_log.c.new).where(audit_log.c.entity == "incident", audit_log.c.action == "mark_sensitive")
    with store._read("sensitive marks") as conn:  # noqa: SLF001
        found = {(row or {}).get("text") for row in conn.execute(query).scalars()}
    return sorted((t for t in found if t), key=lambda t: (-len(t), t))


def withhold(value: Any, texts: list[str]) -> Any:
    """`value` (JSON data or text) with every sensitive text replaced, ignoring case."""
    if not texts:
        return value
    if isinstance(value, str):
        for text in texts:
            value = re.sub(re.escape(text), WITHHELD, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [withhold(v, texts) for v in value]
    if isinstance(value, dict):
        return {k: withhold(v, texts) for k, v in value.items()}
    return value
