"""Who may do what on the team server: tokens, roles, removed users, the viewer's cut, the
public view. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from server_client import SEED, Server, open_server

ROLE_ORDER = ("viewer", "analyst", "editor", "admin")
NOTE = "informant Abu Karim, phone 0770 123"  # a reviewer's note that must never reach a viewer


@pytest.fixture
def seeded(db_url: str) -> Iterator[Server]:
    for server in open_server(db_url):
        server.documents = server.submit_seed()
        yield server


def _writes(server: Server) -> list[tuple[str, str, dict[str, Any], str]]:
    """(method, path, JSON body, least role) of every write endpoint, with valid bodies."""
    a, b, c = server.documents[:3]
    event = server.get(f"/api/incidents/{b}").json()["reports"][0]["event_id"]  # split back out after the merge
    return [
        ("POST", "/api/documents", {"text": SEED.read_text(encoding="utf-8") + f" Update {c}."}, "analyst"),
        ("POST", f"/api/incidents/{a}/merge", {"other": b, "reason": "same"}, "analyst"),
        ("POST", f"/api/incidents/{a}/split", {"event": event, "reason": "apart"}, "analyst"),
        ("POST", f"/api/incidents/{a}/edit", {"field": "method", "value": "shooting", "reason": "r"}, "analyst"),
        ("POST", f"/api/incidents/{a}/status", {"status": "corroborated", "reason": "r"}, "analyst"),
        ("POST", f"/api/incidents/{a}/status", {"status": "confirmed", "reason": "r"}, "editor"),
        ("POST", f"/api/incidents/{a}/note", {"text": NOTE}, "analyst"),
        ("POST", f"/api/incidents/{a}/sensitive", {"text": "Abu Karim", "reason": "informant"}, "analyst"),
        ("POST", f"/api/incidents/{a}/publish", {"reason": "r"}, "editor"),
        ("POST", "/api/users", {"name": "newcomer", "role": "viewer"}, "admin"),
        ("DELETE", "/api/users/viewer-user", {}, "admin"),
    ]


def _call(server: Server, method: str, path: str, body: dict[str, Any], role: str | None):
    if method == "DELETE":
        return server.delete(path, role)
    return server.post(path, role, json=body)


def test_a_viewer_gets_403_on_every_write_and_nothing_changes(seeded: Server) -> None:
    before = len(seeded.store.audit())
    for method, path, body, _ in _writes(seeded):
        response = _call(seeded, method, path, body, "viewer")
        assert response.status_code == 403, (path, response.text)
        assert "viewer-user is viewer" in response.json()["detail"]
    assert len(seeded.store.audit()) == before


def test_each_role_may_do_what_its_role_allows_and_no_more(seeded: Server) -> None:
    for method, path, body, least in _writes(seeded):
        for role in ("analyst", "editor"):
            if ROLE_ORDER.index(role) < ROLE_ORDER.index(least):
                response = _call(seeded, method, path, body, role)
                assert response.status_code == 403, (role, path, response.text)
    for method, path, body, least in _writes(seeded):
        response = _call(seeded, method, path, body, least)
        assert response.status_code in (200, 201, 202), (least, path, response.text)
    actors = {e.actor for e in seeded.store.audit() if e.entity == "incident" and not e.actor.startswith("run:")}
    assert actors == {"analyst-user", "editor-user"}


def test_an_analyst_cannot_undo_an_editors_confirmation(seeded: Server) -> None:
    a = seeded.documents[0]
    assert seeded.post(f"/api/incidents/{a}/status", "editor", json={"status": "discounted"}).status_code == 200
    undo = seeded.post(f"/api/incidents/{a}/status", "analyst", json={"status": "automatic"})
    assert undo.status_code == 403 and "editor" in undo.json()["detail"]
    assert seeded.get(f"/api/incidents/{a}").json()["status"] == "discounted"


def test_no_token_is_401_everywhere(seeded: Server) -> None:
    a = seeded.documents[0]
    reads = ["/api/incidents", f"/api/incidents/{a}", f"/api/incidents/{a}/history", "/api/claims",
             "/api/stats", "/api/reconcile", "/api/export", "/api/users", "/api/me", "/api/jobs/x"]
    for path in reads:
        response = seeded.get(path, None)
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"] == "Bearer"
    for method, path, body, _ in _writes(seeded):
        assert _call(seeded, method, path, body, None).status_code == 401, path
    assert seeded.client.get("/api/config").status_code == 200  # what the dashboard needs to start


def test_wrong_and_removed_tokens_are_401(seeded: Server) -> None:
    for token in ("nonsense", "abc.def", seeded.tokens["admin"] + "x", seeded.tokens["admin"].split(".")[0] + ".x"):
        response = seeded.client.get("/api/incidents", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
    assert seeded.get("/api/incidents", "editor").status_code == 200  # verified and remembered
    removed = seeded.delete("/api/users/editor-user", "admin")
    assert removed.status_code == 200 and removed.json()["removed_at"]
    assert seeded.get("/api/incidents", "editor").status_code == 401
    again = seeded.delete("/api/users/editor-user", "admin")
    assert again.status_code == 404


def test_an_admin_adds_a_user_whose_token_works_once_shown(seeded: Server) -> None:
    added = seeded.post("/api/users", "admin", json={"name": "ana", "role": "editor"})
    assert added.status_code == 201
    token = added.json()["token"]
    me = seeded.client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json() == {"name": "ana", "role": "editor"}
    listed = seeded.get("/api/users", "admin").json()
    assert "ana" in [u["name"] for u in listed] and all("token" not in u for u in listed)
    assert seeded.post("/api/users", "admin", json={"name": "ana", "role": "viewer"}).status_code == 400
    assert seeded.post("/api/users", "admin", json={"name": "bob", "role": "king"}).status_code == 400
    assert seeded.post("/api/users", "admin", json={"name": "<script>", "role": "viewer"}).status_code == 400
    assert seeded.get("/api/users", "editor").status_code == 403


def test_a_viewer_sees_published_incidents_only_and_no_sensitive_text(seeded: Server) -> None:
    a, b = seeded.documents[:2]
    seeded.post(f"/api/incidents/{a}/note", "analyst", json={"text": NOTE})
    seeded.post(f"/api/incidents/{a}/edit", "analyst", json={"field": "method", "value": "shooting", "reason": NOTE})
    assert seeded.get("/api/incidents", "viewer").json() == []
    assert seeded.post(f"/api/incidents/{a}/publish", "editor", json={}).status_code == 200
    listed = seeded.get("/api/incidents", "viewer").json()
    assert [i["id"] for i in listed] == [a]
    assert seeded.get(f"/api/incidents/{b}", "viewer").status_code == 404
    assert seeded.get(f"/api/incidents/{b}/history", "viewer").status_code == 404
    evidence = [span["text"] for span in seeded.get(f"/api/incidents/{a}").json()["evidence"]]
    assert evidence
    payloads = [
        seeded.get("/api/incidents", "viewer").text,
        seeded.get(f"/api/incidents/{a}", "viewer").text,
        seeded.get(f"/api/incidents/{a}/history", "viewer").text,
        seeded.get("/api/export", "viewer", params={"format": "jsonl"}).text,
        seeded.get("/api/export", "viewer", params={"format": "geojson"}).text,
        seeded.get("/api/export", "viewer", params={"format": "acled"}).text,
        seeded.get("/api/stats", "viewer", params={"by": "perpetrator"}).text,
    ]
    for payload in payloads:
        assert "Abu Karim" not in payload
        assert not any(text in payload for text in evidence)
        assert "analyst-user" not in payload
    detail = seeded.get(f"/api/incidents/{a}", "viewer").json()
    assert "evidence" not in detail and "reports" not in detail and detail["method"] == "shooting"
    assert seeded.get(f"/api/incidents/{a}/history").text.count("Abu Karim") == 2  # analysts see the notes
    stats = seeded.get("/api/stats", "viewer").json()["rows"]
    assert stats[0]["incidents"] == 1
    assert seeded.get("/api/claims", "viewer").status_code == 403
    assert seeded.get("/api/reconcile", "viewer").status_code == 403
    assert seeded.get("/api/incidents", "viewer", params={"published": "false"}).json() == []


def test_the_public_view_is_off_unless_switched_on(db_url: str) -> None:
    for server in open_server(db_url, public_view=True):
        ids = server.submit_seed()
        assert server.get("/api/incidents", None).json() == []
        server.post(f"/api/incidents/{ids[0]}/publish", "editor", json={})
        public = server.get("/api/incidents", None)
        assert public.status_code == 200 and [i["id"] for i in public.json()] == [ids[0]]
        assert "evidence" not in public.json()[0]
        assert server.get("/api/me", None).json() == {"name": "public", "role": "viewer"}
        assert server.post(f"/api/incidents/{ids[0]}/note", None, json={"text": "x"}).status_code == 403
        assert server.get("/api/claims", None).status_code == 403
        assert json.loads(server.client.get("/api/config").text)["public_view"] is True


def test_texts_marked_sensitive_are_withheld_from_viewers_everywhere(seeded: Server) -> None:
    a = seeded.documents[0]
    seeded.post(f"/api/incidents/{a}/publish", "editor", json={})
    name = seeded.get(f"/api/incidents/{a}").json()["place"]["name"]  # stands in for a witness's name
    assert name in seeded.get("/api/incidents", "viewer").text
    marked = seeded.post(f"/api/incidents/{a}/sensitive", "analyst", json={"text": name, "reason": "protect"})
    assert marked.status_code == 201
    payloads = [
        seeded.get("/api/incidents", "viewer").text,
        seeded.get(f"/api/incidents/{a}", "viewer").text,
        seeded.get(f"/api/incidents/{a}/history", "viewer").text,
        seeded.get("/api/stats", "viewer", params={"by": "admin1"}).text,
    ] + [seeded.get("/api/export", "viewer", params={"format": f}).text for f in ("jsonl", "geojson", "acled")]
    for payload in payloads:
        assert name not in payload
    assert seeded.get(f"/api/incidents/{a}", "viewer").json()["place"]["name"] == "[withheld]"
    assert seeded.get(f"/api/incidents/{a}", "analyst").json()["place"]["name"] == name  # the team still sees it
    history = seeded.get(f"/api/incidents/{a}/history").json()
    assert [(e["actor"], e["new"]) for e in history if e["action"] == "mark_sensitive"] == [("analyst-user", {"text": name})]
    assert seeded.post("/api/incidents/999/sensitive", "analyst", json={"text": "xy"}).status_code == 404
