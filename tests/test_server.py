"""The team server's API end to end, on SQLite and PostgreSQL: submit, find, review, export.

Roles and tokens are in tests/test_server_auth.py; users in tests/test_users.py.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from server_client import AL_QAIM_BBOX, SEED, Server, open_server

from tally.server.limits import MAX_BODY_BYTES

#: Strings that would do harm if pasted into SQL or a page unescaped.
INJECTIONS = (
    "' OR '1'='1",
    "1; DROP TABLE incidents; --",
    "%' UNION SELECT token_hash FROM users --",
    "<script>alert('tally')</script>",
    "\"><img src=x onerror=alert(1)>",
    "Robert'); DELETE FROM users; --",
)
FILTERS = ("start", "end", "bbox", "country", "admin1", "actor", "event_type", "method",
           "victim_category", "grave_violation", "status")


@pytest.fixture
def server(db_url: str) -> Iterator[Server]:
    yield from open_server(db_url)


@pytest.fixture
def seeded(server: Server) -> Server:
    server.documents = server.submit_seed()
    return server


def test_submitted_document_becomes_incidents_that_the_list_finds(seeded: Server) -> None:
    listed = seeded.get("/api/incidents")
    assert listed.status_code == 200
    ids = [i["id"] for i in listed.json()]
    assert ids and sorted(ids) == sorted(seeded.documents)
    assert listed.headers["x-total-count"] == str(len(ids))
    first = listed.json()[0]
    assert first["place"]["country_code"] == "IQ"
    assert "Islamic State" in first["perpetrators"]
    assert first["published"] is False
    detail = seeded.get(f"/api/incidents/{first['id']}").json()
    assert detail["reports"] and detail["evidence"] and detail["status"] == first["status"]
    assert detail["documents"][0]["title"] == "Seed article"
    assert detail["documents"][0]["url"] == "https://example.org/seed"


def test_job_progress_reaches_done_and_the_audit_log_names_the_submitter(seeded: Server) -> None:
    again = seeded.submit({"text": SEED.read_text(encoding="utf-8"), "published": "2015-07-15"})
    assert again["done"] == again["total"] == 1
    assert again["already_stored"] == 1 and again["stored"] == 0 and again["user"] == "analyst-user"
    listed = seeded.get("/api/jobs").json()
    assert [j["id"] for j in listed][:1] == [again["id"]] and all(j["state"] == "done" for j in listed)
    submits = [e for e in seeded.store.audit("job") if e.action == "submit"]
    assert [e.actor for e in submits] == ["analyst-user", "analyst-user"]
    created = seeded.store.audit("document")
    assert created and all(e.actor.startswith("run:analyst-user/") for e in created)


def test_a_batch_reports_each_bad_document_and_stores_the_rest(server: Server) -> None:
    response = server.post("/api/documents", json=[{"text": SEED.read_text(encoding="utf-8")}, {"text": "   "}])
    assert response.status_code == 422
    assert "item 2" in response.json()["detail"]
    job = server.submit([{"text": SEED.read_text(encoding="utf-8"), "published": "2015-07-15"},
                         {"text": "Nothing happened in the village today.", "published": "2015-07-16"}])
    assert job["total"] == job["done"] == 2 and job["stored"] == 2 and job["errors"] == []


def test_plain_text_and_html_bodies_are_accepted(server: Server) -> None:
    text = SEED.read_text(encoding="utf-8")
    plain = server.post("/api/documents", content=text.encode(), headers={"Content-Type": "text/plain"},
                        params={"published": "2015-07-15", "title": "Plain"})
    assert plain.status_code == 202
    server.app.state.tally.jobs.wait(plain.json()["id"])
    html = "<html><head><title>Page</title></head><body><p>" + text.replace("\n\n", "</p><p>") + "</p></body></html>"
    page = server.post("/api/documents", content=html.encode(), headers={"Content-Type": "text/html"},
                       params={"published": "2015-07-15"})
    assert page.status_code == 202
    job = server.app.state.tally.jobs.wait(page.json()["id"])
    assert job.state == "done" and job.done == 1
    titles = {d.title for d in server.store.documents()}
    assert "Plain" in titles
    other = server.post("/api/documents", content=b"\x00\x01", headers={"Content-Type": "application/octet-stream"})
    assert other.status_code == 415 and "text/plain" in other.json()["detail"]


def test_filters_narrow_the_list(seeded: Server) -> None:
    def count(**params: str) -> int:
        response = seeded.get("/api/incidents", params=params)
        assert response.status_code == 200, response.text
        return len(response.json())

    total = count()
    assert count(bbox=AL_QAIM_BBOX) == total
    assert count(bbox="0,0,1,1") == 0
    assert count(country="IQ") == total and count(country="NG") == 0
    assert count(actor="islamic") == total and count(actor="Boko Haram") == 0
    assert count(start="2015-01-01", end="2015-12-31") == total and count(start="2016-01-01") == 0
    assert count(event_type="Battles") == 0
    assert count(method="shooting") >= 1
    assert count(status="unverified") + count(status="corroborated") + count(status="contested") == total


@pytest.mark.parametrize(("name", "value", "word"), [
    ("bbox", "1,2,3", "four numbers"), ("bbox", "10,0,5,1", "minlon"), ("start", "yesterday", "not a date"),
    ("status", "maybe", "no incident status"),
])
def test_bad_filter_values_are_400_with_a_reason(server: Server, name: str, value: str, word: str) -> None:
    response = server.get("/api/incidents", params={name: value})
    assert response.status_code == 400
    assert word in response.json()["detail"]


def test_injection_strings_in_every_filter_are_plain_values(seeded: Server) -> None:
    before = len(seeded.get("/api/incidents").json())
    for name in FILTERS:
        for text in INJECTIONS:
            for path in ("/api/incidents", "/api/stats", "/api/export"):
                response = seeded.get(path, params={name: text})
                assert response.status_code in (200, 400, 422), (path, name, text, response.text)
                assert response.headers["content-type"].startswith(("application/json", "application/x-ndjson"))
                if response.status_code == 200 and path == "/api/incidents":
                    assert response.json() == []
    assert len(seeded.get("/api/incidents").json()) == before  # nothing dropped or changed
    assert seeded.get("/api/me", "admin").status_code == 200  # the users table is intact


def test_injection_strings_in_text_fields_come_back_as_data(seeded: Server) -> None:
    first, second = seeded.documents[:2]
    for text in INJECTIONS:
        assert seeded.post(f"/api/incidents/{first}/note", json={"text": text}).status_code == 201
    edited = seeded.post(f"/api/incidents/{first}/edit",
                         json={"field": "place", "value": INJECTIONS[3], "reason": INJECTIONS[1]})
    assert edited.status_code == 200
    assert edited.json()["place"]["name"] == INJECTIONS[3]
    refused = seeded.post(f"/api/incidents/{first}/edit", json={"field": "country_code", "value": INJECTIONS[0],
                                                               "reason": "x"})
    assert refused.status_code == 400 and "country code" in refused.json()["detail"]
    for text in INJECTIONS:
        bad = seeded.post(f"/api/incidents/{first}/merge", json={"other": text, "reason": text})
        assert bad.status_code in (400, 404, 422)
        as_path = quote(text, safe="")  # a "/" inside still splits the path: no route, 404 or 405
        assert seeded.post(f"/api/incidents/{as_path}/note", json={"text": text}).status_code in (404, 405)
        assert seeded.get(f"/api/incidents/{as_path}").status_code in (404, 405)
        assert seeded.post(f"/api/incidents/{second}/status", json={"status": text}).status_code in (400, 422)
    history = seeded.get(f"/api/incidents/{first}/history")
    assert history.headers["content-type"] == "application/json"
    notes = [e["new"]["note"] for e in history.json() if e["action"] == "note"]
    assert notes == [t.strip() for t in INJECTIONS]
    assert seeded.get(f"/api/incidents/{first}").json()["place"]["name"] == INJECTIONS[3]
    job = seeded.submit({"text": SEED.read_text(encoding="utf-8") + "\n\nUpdated.", "title": INJECTIONS[3],
                         "url": INJECTIONS[0], "published": "2015-07-16"})
    stored = [d for d in seeded.store.documents() if d.title == INJECTIONS[3]]
    assert job["stored"] == 1 and len(stored) == 1
    document = seeded.get(f"/api/documents/{stored[0].id}").json()
    assert document["title"] == INJECTIONS[3] and document["url"] == INJECTIONS[0]


def test_merge_and_edit_through_the_api_show_in_history_with_the_user(seeded: Server) -> None:
    into, other = seeded.documents[:2]
    merged = seeded.post(f"/api/incidents/{into}/merge", json={"other": other, "reason": "same execution"})
    assert merged.status_code == 200, merged.text
    assert len(merged.json()["reports"]) >= 2
    assert seeded.get(f"/api/incidents/{other}").status_code == 404
    version = merged.json()["version"]
    edited = seeded.post(f"/api/incidents/{into}/edit", json={"field": "fatalities_high", "value": 500,
                                                             "reason": "hospital list", "version": version})
    assert edited.status_code == 200, edited.text
    assert edited.json()["fatalities_high"] == 500
    stale = seeded.post(f"/api/incidents/{into}/edit", json={"field": "fatalities_high", "value": 600,
                                                            "reason": "late", "version": version}, role="editor")
    assert stale.status_code == 409
    assert "analyst-user" in stale.json()["detail"] and "reread" in stale.json()["detail"]
    history = seeded.get(f"/api/incidents/{into}/history").json()
    by_action = {e["action"]: e for e in history}
    assert by_action["merge"]["actor"] == "analyst-user" and by_action["merge"]["reason"] == "same execution"
    assert by_action["edit"]["actor"] == "analyst-user" and by_action["edit"]["new"]["fatalities_high"] == 500
    assert by_action["refused"]["actor"] == "editor-user"


def test_split_status_and_publish_go_through_the_reviewer(seeded: Server) -> None:
    into, other = seeded.documents[:2]
    merged = seeded.post(f"/api/incidents/{into}/merge", json={"other": other, "reason": "same"}).json()
    event = merged["reports"][-1]["event_id"]
    split = seeded.post(f"/api/incidents/{into}/split", json={"event": event, "reason": "different day"})
    assert split.status_code == 200 and [r["event_id"] for r in split.json()["reports"]] == [event]
    both = seeded.post(f"/api/incidents/{into}/split", json={"reason": "x"})
    assert both.status_code == 422
    status = seeded.post(f"/api/incidents/{into}/status", json={"status": "confirmed", "reason": "checked"},
                         role="editor")
    assert status.status_code == 200 and status.json()["status"] == "confirmed"
    published = seeded.post(f"/api/incidents/{into}/publish", json={"reason": "ready"}, role="editor")
    assert published.status_code == 200 and published.json()["published"] is True
    assert seeded.get(f"/api/incidents/{into}").json()["published"] is True
    assert [i["id"] for i in seeded.get("/api/incidents", params={"published": "true"}).json()] == [into]
    actions = [(e["action"], e["actor"]) for e in seeded.get(f"/api/incidents/{into}/history").json()]
    assert ("set_status", "editor-user") in actions and ("publish", "editor-user") in actions


def test_stats_claims_reconcile_and_exports(seeded: Server) -> None:
    stats = seeded.get("/api/stats", params={"by": "country,perpetrator"})
    assert stats.status_code == 200
    rows = stats.json()["rows"]
    assert rows[0]["country"] == "IQ" and rows[0]["perpetrator"] == "Islamic State"
    assert rows[0]["incidents"] == len(seeded.documents)
    assert rows[0]["fatalities_high"] >= rows[0]["fatalities_low"]
    bad = seeded.get("/api/stats", params={"by": "colour"})
    assert bad.status_code == 400 and "valid fields" in bad.json()["detail"]
    claims = seeded.get("/api/claims").json()
    assert claims and all("quantity" in c or "what" in c for c in claims)
    reconciled = seeded.get("/api/reconcile").json()
    assert len(reconciled) == len(claims) and all("summary" in r for r in reconciled)
    acled = seeded.get("/api/export", params={"format": "acled"})
    assert acled.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(acled.text)))) == len(seeded.documents)
    geojson = seeded.get("/api/export", params={"format": "geojson"}).json()
    assert geojson["type"] == "FeatureCollection" and len(geojson["features"]) == len(seeded.documents)
    lines = seeded.get("/api/export", params={"format": "jsonl"}).text.splitlines()
    assert {json.loads(line)["id"] for line in lines} == set(seeded.documents)
    assert seeded.get("/api/export", params={"format": "xls"}).status_code == 400


def test_a_body_over_20_mb_is_413_with_a_clear_message(server: Server) -> None:
    big = b"x" * (MAX_BODY_BYTES + 1)
    response = server.post("/api/documents", content=big, headers={"Content-Type": "text/plain"})
    assert response.status_code == 413
    assert "limit of 20,000,000 bytes" in response.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        for _ in range(21):
            yield b"y" * 1_000_000

    streamed = server.post("/api/documents", content=chunks(), headers={"Content-Type": "text/plain"})
    assert streamed.status_code == 413 and "smaller requests" in streamed.json()["detail"]
    assert server.store.documents() == []


def test_malformed_json_is_422(seeded: Server) -> None:
    first = seeded.documents[0]
    for path in ("/api/documents", f"/api/incidents/{first}/note", f"/api/incidents/{first}/merge"):
        response = seeded.post(path, content=b'{"text": "unfinished', headers={"Content-Type": "application/json"})
        assert response.status_code == 422, path
        assert "detail" in response.json()
    wrong_type = seeded.post(f"/api/incidents/{first}/edit", json={"field": "method", "value": {"a": 1}, "reason": "x"})
    assert wrong_type.status_code == 422
    extra = seeded.post(f"/api/incidents/{first}/note", json={"text": "ok", "admin": True})
    assert extra.status_code == 422


def test_missing_records_are_404_and_errors_are_json(server: Server) -> None:
    for path in ("/api/incidents/999", "/api/incidents/abc", "/api/incidents/999/history", "/api/jobs/nope",
                 "/api/documents/nope"):
        response = server.get(path)
        assert response.status_code == 404, path
        assert isinstance(response.json()["detail"], str)
    note = server.post("/api/incidents/999/note", json={"text": "hello"})
    assert note.status_code == 404


def test_openapi_schema_lists_the_api(server: Server) -> None:
    schema = server.client.get("/openapi.json").json()
    for path in ("/api/incidents", "/api/incidents/{incident_id}", "/api/incidents/{incident_id}/history",
                 "/api/claims", "/api/stats", "/api/reconcile", "/api/export", "/api/documents",
                 "/api/jobs/{job_id}", "/api/incidents/{incident_id}/merge", "/api/incidents/{incident_id}/publish",
                 "/api/users"):
        assert path in schema["paths"], path
    assert "HTTPBearer" in schema["components"]["securitySchemes"]


def test_nul_characters_are_refused_at_the_edge_not_by_the_database(seeded: Server) -> None:
    first = seeded.documents[0]
    for name in FILTERS:
        response = seeded.get("/api/incidents", params={name: "a\x00b"})
        assert response.status_code == 400 and "NUL" in response.json()["detail"], name
    assert seeded.post(f"/api/incidents/{first}/note", json={"text": "a\x00b"}).status_code == 422
    edit = seeded.post(f"/api/incidents/{first}/edit", json={"field": "place", "value": "a\x00b", "reason": "r"})
    assert edit.status_code == 422
    for body, kind in ((json.dumps({"text": SEED.read_text(encoding="utf-8"), "title": "t\x00"}), "application/json"),
                       (SEED.read_text(encoding="utf-8") + "\x00", "text/plain")):
        response = seeded.post("/api/documents", content=body.encode(), headers={"Content-Type": kind})
        assert response.status_code == 422
        assert "NUL" in response.json()["detail"] or "binary" in response.json()["detail"]
    assert len(seeded.store.documents()) == 1
