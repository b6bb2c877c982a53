"""Property-based API tests: schemathesis generates requests from `/openapi.json`; none may 500.

The server holds the seed article's incidents (a real SQLite store, and PostgreSQL where it
runs), so list, statistics and export requests go through real rows, not an empty table.
Each operation gets a bounded number of generated requests (`MAX_EXAMPLES`, valid and
schema-breaking ones), with an analyst's token (reads, submits and review writes reach the
library), an admin's (publish and users too) and without a token (every endpoint must refuse
cleanly, never fail). The requests go over HTTP to the app under uvicorn on loopback.
"""

from __future__ import annotations

import importlib.util
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tally.server import routes_read, routes_write

from server_client import Server, open_server

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_load", REPO / "bench" / "load.py")
assert _spec is not None and _spec.loader is not None
load = sys.modules.setdefault("bench_load", importlib.util.module_from_spec(_spec))
if not hasattr(load, "serve"):
    _spec.loader.exec_module(load)

#: Generated requests per operation and run: enough to reach odd inputs, quick enough for CI.
MAX_EXAMPLES = 25
_SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server per database for the whole module, holding the seed article's incidents."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('schema') / 'tally.db'}"
        yield from _seeded(url)
        return
    admin = request.getfixturevalue("postgres_admin")
    schema = f"tally_test_{uuid.uuid4().hex[:12]}"
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = admin.url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        yield from _seeded(url)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _seeded(url: str) -> Iterator[Server]:
    for server in open_server(url):
        incidents = server.submit_seed()
        assert incidents, "the seed article gave no incidents: the fuzzed reads would see an empty store"
        yield server


#: Every operation the API declares, as (METHOD, path): one test each, so a failure names it.
#: (schemathesis' own `from_fixture` loader does not run under pytest 9: the operations are
#: listed from the routers and each one's strategy drawn from the served schema instead.)
OPERATIONS = sorted((method, route.path) for router in (routes_read.router, routes_write.router)
                    for route in router.routes if isinstance(route, APIRoute)
                    for method in route.methods)


@pytest.fixture(scope="module")
def base_url(server: Server) -> Iterator[str]:
    """The same app under uvicorn (its startup and shutdown stay with the test client).

    Over HTTP rather than schemathesis' ASGI transport: that one runs the app's shutdown
    after every request, which stops the ingest queue a real server keeps running.
    """
    with load.serve(server.app, lifespan="off") as url:
        yield url


@pytest.fixture(scope="module")
def api_schema(base_url: str):
    return schemathesis.openapi.from_url(f"{base_url}/openapi.json")


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as opened:
        yield opened


def _cases(api_schema, method: str, path: str):
    """Valid requests and requests that break the schema (wrong types, missing fields)."""
    operation = api_schema[path][method]
    return st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                     operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))


def test_schema_lists_every_operation(api_schema) -> None:
    served = {(method.upper(), path) for path, item in api_schema.raw_schema["paths"].items() for method in item}
    assert set(OPERATIONS) <= served and len(OPERATIONS) >= 20


@pytest.mark.parametrize("role", ["analyst", "admin"])
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_server_error_with_token(api_schema, server: Server, session, method: str, path: str, role: str) -> None:
    """The analyst reaches submit and review; the admin also publish and the user endpoints.

    Half the cases aim at a stored incident or document, so review bodies reach real rows
    rather than stopping at 404.
    """
    real = {"incident_id": [str(i.id) for i in server.store.incidents()] or ["none"],
            "document_id": [d.id for d in server.store.documents()] or ["none"]}

    @given(case=_cases(api_schema, method, path), aim=st.booleans(), pick=st.integers(0, 10_000))
    @_SETTINGS
    def run(case, aim: bool, pick: int) -> None:
        for name, ids in real.items():
            if aim and name in (case.path_parameters or {}):
                case.path_parameters[name] = ids[pick % len(ids)]
        case.call_and_validate(session=session, headers=server.headers(role), checks=[not_a_server_error])

    run()


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_server_error_without_token(api_schema, session, method: str, path: str) -> None:
    @given(case=_cases(api_schema, method, path))
    @_SETTINGS
    def run(case) -> None:
        response = case.call(session=session)
        case.validate_response(response, checks=[not_a_server_error])
        if path != "/api/config":  # the one endpoint that needs no token
            assert response.status_code in (400, 401, 404, 405, 413, 415, 422), (case.path, response.status_code)

    run()


def test_generated_submissions_left_no_failed_job(server: Server) -> None:
    """Documents the fuzzer submitted ran through the real pipeline: none may have crashed it."""
    jobs = server.app.state.tally.jobs
    for job in jobs.list():
        finished = jobs.wait(job.id)
        assert finished.state == "done", finished.to_dict()
        errors = finished.to_dict()["errors"]
        assert not any(e.startswith("internal error") for e in errors), errors


# -- cases the fuzzer found (500s from numbers past 64 bits), kept as plain tests -------------

HUGE = 10**20


@pytest.mark.parametrize("path", [f"/api/incidents/{HUGE}", f"/api/incidents/-{HUGE}",
                                  f"/api/incidents/{HUGE}/history"])
def test_incident_id_past_64_bits_is_not_found(server: Server, path: str) -> None:
    response = server.get(path)
    assert response.status_code == 404, response.text
    assert "does not exist" in response.json()["detail"]


@pytest.mark.parametrize(("action", "body"), [
    ("merge", {"other": HUGE, "reason": "fuzz"}),
    ("merge", {"other": str(HUGE), "reason": "fuzz"}),
    ("merge", {"other": 2, "reason": "fuzz", "version": HUGE}),
    ("edit", {"field": "fatalities_high", "value": str(HUGE), "reason": "fuzz"}),
    ("edit", {"field": "fatalities_low", "value": HUGE, "reason": "fuzz"}),
    ("status", {"status": "corroborated", "version": HUGE}),
])
def test_numbers_past_64_bits_in_bodies_are_refused(server: Server, action: str, body: dict) -> None:
    incident = server.store.incidents()[0]
    response = server.post(f"/api/incidents/{incident.id}/{action}", json=body)
    assert response.status_code == 422, response.text
    assert "holds a number larger than" in response.text
    assert server.store.incident(incident.id).version == incident.version, "a refused request changed nothing"


def test_numbers_within_64_bits_still_reach_the_library(server: Server) -> None:
    """The bound refuses only what no column can hold: the largest storable count is judged
    by the review rules (accepted, or refused as 400 when above the high figure), not the edge."""
    incident = server.store.incidents()[0]
    response = server.post(f"/api/incidents/{incident.id}/edit",
                           json={"field": "fatalities_low", "value": 2**63 - 1, "reason": "fuzz"})
    assert response.status_code in (200, 400), response.text
    assert "holds a number larger than" not in response.text
