"""The dashboard in a real browser: Debian's chromium driven by Playwright over a live server.

The server is the real application (`tally.server.app.create_app`) under uvicorn on a free
loopback port, over a SQLite file holding the example corpus, with an analyst created through
`tally.users`. What the page shows is checked against the store read directly, not against the
API the page itself calls. Screenshots go to tests/artifacts/ (ignored by git).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
#: Stored text a note carries; the page must show it as characters, never run it.
INJECTION = '<img src=x onerror="window.__tally_xss=1"><script>window.__tally_xss=2</script> checked'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A SQLite file holding the example corpus, an analyst's token and the store's own view."""
    from tally.reconcile import reconcile_store
    from tally.runner import run
    from tally.settings import Settings
    from tally.store import Store
    from tally.users import add_user

    url = f"sqlite:///{tmp_path_factory.mktemp('dashboard') / 'tally.db'}"
    # the environment's cache directory, but never its public-view or tile settings
    settings = replace(Settings.from_env(db_url=url), public_view=False, tile_url=None)
    report = run([REPO / "examples"], settings=settings)
    assert report.stored > 10 and not report.errors
    with Store.open(url) as store:
        tokens = {role: add_user(store, name, role, actor="test")[1]
                  for name, role in (("ana", "analyst"), ("eddie", "editor"), ("vera", "viewer"))}
        incidents = [i.to_dict() for i in store.incidents()]
        claims = reconcile_store(store)
    return {"settings": settings, "token": tokens["analyst"], "tokens": tokens, "incidents": incidents,
            "reconciliations": len(claims)}


@contextmanager
def _serve(settings: Any) -> Iterator[str]:
    """The real application served by uvicorn in a thread on a free loopback port."""
    import uvicorn

    from tally.server.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the dashboard server did not start on 127.0.0.1:%d" % port)
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(corpus_db: dict[str, Any]) -> Iterator[str]:
    with _serve(corpus_db["settings"]) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium; its absence fails under CI=true and skips, saying why, elsewhere."""
    if not CHROMIUM.is_file():
        message = f"{CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _signed_in(browser: Any, base_url: str, token: str) -> tuple[Any, Any, list[str]]:
    """A fresh tab (its own sessionStorage) signed in through the token form."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(base_url)
    tab.get_by_label("API token").fill(token)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_selector("#view-overview:not([hidden])")
    tab.wait_for_selector("#breakdowns table")
    return context, tab, errors


@pytest.fixture()
def page(browser: Any, base_url: str, corpus_db: dict[str, Any]) -> Iterator[Any]:
    """The analyst's tab; JavaScript errors on it fail the test."""
    context, tab, errors = _signed_in(browser, base_url, corpus_db["token"])
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _located(incidents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in incidents if i["place"] and i["place"]["latitude"] is not None
            and i["place"]["longitude"] is not None]


def test_token_prompt_first(browser: Any, base_url: str) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(base_url)
    assert tab.locator("#view-token").is_visible()
    assert tab.locator("#view-overview").is_hidden()
    tab.get_by_label("API token").fill("0123456789abcdef.not-a-real-secret")
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_selector("#message.error:not([hidden])")
    assert "token" in tab.locator("#message").inner_text().lower()
    assert tab.locator("#view-token").is_visible()
    context.close()


def test_overview_map_timeline_breakdowns(page: Any, corpus_db: dict[str, Any]) -> None:
    located = _located(corpus_db["incidents"])
    assert located, "the example corpus should place some incidents"
    markers = page.locator("path.incident-marker")
    markers.first.wait_for()
    assert markers.count() == len(located)
    # country outlines drawn with no tile server: many country paths besides the markers
    assert page.locator("#map path.leaflet-interactive, #map svg path").count() > len(located) + 50
    assert page.locator("#map .leaflet-tile").count() == 0

    dated = [i for i in corpus_db["incidents"] if i["date"]["start"]]
    assert page.locator("#timeline svg").count() == 1
    assert page.locator(".timeline-band").count() == 1
    bar_titles = page.locator(".timeline-bar title").all_text_contents()
    assert sum(int(t.split(": ")[1].split(" ")[0]) for t in bar_titles) == len(dated)

    for by in ("perpetrator", "method", "victim_category"):
        rows = page.locator(f'.breakdown[data-by="{by}"] tbody tr')
        assert rows.count() >= 1, by
    summary = page.locator("#overview-summary").inner_text()
    assert summary.startswith(f"{len(corpus_db['incidents'])} incidents, {len(located)} with a location")
    _shot(page, "overview")

    markers.first.click()
    page.wait_for_selector("#view-incident:not([hidden]) #fields-title")
    assert page.locator("#incident-title").inner_text().startswith("Incident ")


def test_claims_beside_documented_totals(page: Any, corpus_db: dict[str, Any]) -> None:
    page.get_by_role("link", name="Claims").click()
    page.wait_for_selector("#view-claims:not([hidden]) table")
    assert page.locator("#claims tbody tr").count() == corpus_db["reconciliations"]
    _shot(page, "claims")


def test_incident_list_filters(page: Any, corpus_db: dict[str, Any]) -> None:
    page.get_by_role("link", name="Incidents", exact=True).click()
    page.wait_for_selector("#view-incidents:not([hidden]) table")
    assert page.locator("#incident-table tbody tr").count() == len(corpus_db["incidents"])
    wanted = [i for i in corpus_db["incidents"] if any("islamic state" in p.casefold() for p in i["perpetrators"])]
    assert 0 < len(wanted) < len(corpus_db["incidents"])
    page.get_by_label("Actor").fill("Islamic State")
    page.get_by_label("Actor").press("Enter")
    page.wait_for_function("n => document.querySelectorAll('#incident-table tbody tr').length === n", arg=len(wanted))
    shown = page.locator("#incident-table tbody tr td:first-child").all_inner_texts()
    assert shown == [str(i["id"]) for i in wanted]
    _shot(page, "incident-list")
    page.get_by_role("link", name=shown[0], exact=True).click()
    page.wait_for_selector("#view-incident:not([hidden]) #fields-title")


def _graphic_incident(incidents: list[dict[str, Any]]) -> dict[str, Any]:
    found = [i for i in incidents if i["graphic"] and i["evidence"]]
    assert found, "the example corpus should hold a graphic incident with evidence"
    return found[0]


def test_incident_page_warning_then_evidence(page: Any, corpus_db: dict[str, Any]) -> None:
    incident = _graphic_incident(corpus_db["incidents"])
    page.evaluate("id => { location.hash = '#/incident/' + id; }", str(incident["id"]))
    page.wait_for_selector("#view-incident:not([hidden]) #fields-title")
    body = page.locator("#incident-body")
    assert incident["status"] in body.locator(".fields").inner_text()
    reveal = page.locator("#reveal-graphic")
    assert reveal.is_visible()
    assert reveal.evaluate("node => node.tagName") == "BUTTON"
    evidence = incident["evidence"][0]["text"]
    assert evidence not in body.inner_text(), "graphic text shown before the reader chose to see it"
    assert page.locator("mark").count() == 0
    _shot(page, "incident-warning")

    # reached with the keyboard alone, with a visible focus ring, and opened with Enter
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == "reveal-graphic":
            break
    else:
        pytest.fail("Tab never reached the content warning's button")
    assert reveal.evaluate("node => getComputedStyle(node).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    marks = page.locator("#incident-body mark")
    marks.first.wait_for()
    assert marks.count() == len(incident["evidence"])
    assert evidence in marks.all_inner_texts()
    # the sentence sits in its context: the block holds more than the sentence alone
    block = page.locator("#incident-body blockquote.evidence").first.inner_text()
    assert len(block) > len(page.locator("#incident-body mark").first.inner_text())
    chain = incident["attribution_chain"]
    if chain:
        assert page.locator(".chain li").all_inner_texts() == chain
    _shot(page, "incident-evidence")


def test_note_appears_in_history_as_text(page: Any, corpus_db: dict[str, Any]) -> None:
    incident = corpus_db["incidents"][0]
    page.evaluate("id => { location.hash = '#/incident/' + id; }", str(incident["id"]))
    page.wait_for_selector("#view-incident:not([hidden]) #note-form")
    before = page.locator(".history-entry").count()
    page.get_by_label("Note").fill(INJECTION)
    page.get_by_role("button", name="Add note").click()
    page.wait_for_function("n => document.querySelectorAll('.history-entry').length > n", arg=before)
    entries = page.locator(".history-entry").all_inner_texts()
    assert any(INJECTION in text and "by ana" in text for text in entries), entries
    assert page.evaluate("() => window.__tally_xss") is None
    assert page.locator("#incident-body img").count() == 0
    _shot(page, "incident-note")


def _incident_page(tab: Any, incident_id: object) -> None:
    tab.evaluate("id => { location.hash = '#/incident/' + id; }", str(incident_id))
    tab.wait_for_selector("#view-incident:not([hidden]) #fields-title")


def test_editor_publishes_and_viewer_sees_fields_only(browser: Any, base_url: str, corpus_db: dict[str, Any]) -> None:
    incident = _graphic_incident(corpus_db["incidents"][1:])
    context, editor, errors = _signed_in(browser, base_url, corpus_db["tokens"]["editor"])
    _incident_page(editor, incident["id"])
    assert editor.locator("#status-select option").all_inner_texts() == [
        "unverified", "corroborated", "contested", "confirmed", "discounted"]
    editor.get_by_label("Reason for publishing").fill("checked against two outlets")
    editor.get_by_role("button", name="Publish").click()
    editor.wait_for_selector("#message.ok:not([hidden])")
    entries = editor.locator(".history-entry").all_inner_texts()
    assert any("publish by eddie" in e and "checked against two outlets" in e for e in entries), entries
    assert "yes: shown to viewers" in editor.locator(".fields").inner_text()
    _shot(editor, "editor-published")
    context.close()
    assert not errors, errors

    context, viewer, errors = _signed_in(browser, base_url, corpus_db["tokens"]["viewer"])
    located = 1 if _located([incident]) else 0
    viewer.wait_for_function("n => document.querySelectorAll('path.incident-marker').length === n", arg=located)
    assert viewer.locator("#overview-summary").inner_text().startswith("1 incident, ")
    assert viewer.locator('a[href="#/claims"]').is_hidden() and viewer.locator('a[href="#/jobs"]').is_hidden()
    _incident_page(viewer, incident["id"])
    assert viewer.locator("#actions-title").count() == 0 and viewer.locator("#note-form").count() == 0
    if viewer.locator("#reveal-graphic").count():
        viewer.locator("#reveal-graphic").click()
    assert viewer.locator("#incident-body mark").count() == 0
    assert "shown to analysts and editors only" in viewer.locator("#incident-body").inner_text()
    history = viewer.locator(".history-entry").all_inner_texts()
    assert any(h.split(" ", 2)[-1].startswith("publish") for h in history), history
    assert not any("eddie" in h or "checked against" in h for h in history), history
    _shot(viewer, "viewer-incident")
    context.close()
    assert not errors, errors


def test_tile_url_setting_with_no_tile_server_reachable(browser: Any, corpus_db: dict[str, Any]) -> None:
    """A configured tile URL is used; with nothing answering it, points and outlines still draw."""
    dead = f"http://127.0.0.1:{_free_port()}/tiles/{{z}}/{{x}}/{{y}}.png"
    with _serve(replace(corpus_db["settings"], tile_url=dead)) as url:
        context, tab, errors = _signed_in(browser, url, corpus_db["token"])
        tiles = tab.locator("#map img.leaflet-tile")
        tiles.first.wait_for(state="attached")
        assert tiles.first.get_attribute("src").startswith(dead.split("{z}")[0])
        assert tab.locator("path.incident-marker").count() == len(_located(corpus_db["incidents"]))
        assert tab.locator("#map svg path").count() > 100  # the country outlines
        _shot(tab, "overview-dead-tiles")
        context.close()
        assert not errors, errors


def test_public_view_needs_no_token(browser: Any, corpus_db: dict[str, Any]) -> None:
    """With the public view on, a visitor without a token sees the published incidents only."""
    from tally.server.views import published_ids
    from tally.store import Store

    settings = replace(corpus_db["settings"], public_view=True)
    with Store.open(settings.db_url) as store:
        shown = published_ids(store)
    located = [i for i in _located(corpus_db["incidents"]) if str(i["id"]) in shown]
    with _serve(settings) as url:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        tab = context.new_page()
        tab.goto(url)
        tab.wait_for_selector("#view-overview:not([hidden])")
        tab.wait_for_selector("#breakdowns table, #breakdowns p")
        tab.wait_for_function("n => document.querySelectorAll('path.incident-marker').length === n", arg=len(located))
        assert tab.locator("#view-token").is_hidden()
        assert tab.get_by_role("button", name="Sign in").is_visible()
        assert tab.locator('a[href="#/claims"]').is_hidden()
        context.close()


def test_analyst_edits_a_field_with_the_keyboard_and_the_history_shows_it(page: Any, corpus_db: dict[str, Any]) -> None:
    from tally.store import Store

    incident = corpus_db["incidents"][2]
    _incident_page(page, incident["id"])
    before = page.locator(".history-entry").count()
    page.get_by_label("Field to set").select_option("method")
    assert page.get_by_label("New value").input_value() == (incident["method"] or "")
    page.get_by_label("New value").fill("sniper fire")
    page.get_by_label("Reason for the change").fill("the footage shows a sniper")
    page.get_by_label("Reason for the change").press("Enter")  # submitted from the keyboard
    page.wait_for_function("n => document.querySelectorAll('.history-entry').length > n", arg=before)
    entries = page.locator(".history-entry").all_inner_texts()
    assert any("edit by ana" in e and "sniper fire" in e and "the footage shows a sniper" in e for e in entries), entries
    assert "sniper fire" in page.locator(".fields").inner_text()
    assert "Field method saved." in page.locator("#message").inner_text()
    with Store.open(corpus_db["settings"].db_url) as store:
        assert store.incident(incident["id"]).to_dict()["method"] == "sniper fire"
    _shot(page, "incident-edit")


def test_review_refusals_show_the_api_message_in_the_page(page: Any, corpus_db: dict[str, Any]) -> None:
    """A change decided on a page someone changed meanwhile is refused (409), and a merge of an
    incident that does not exist (404): each shows the API's own words beside the forms."""
    from tally.store import Store

    incident = corpus_db["incidents"][3]
    _incident_page(page, incident["id"])
    with Store.open(corpus_db["settings"].db_url) as store:  # another reviewer, after the page was drawn
        store.reviewer("rita").set_status(incident["id"], "contested", reason="two tolls disagree")
        version = store.incident(incident["id"]).version
    page.get_by_label("Field to set").select_option("fatalities_high")
    page.get_by_label("New value").fill("40")
    page.get_by_label("Reason for the change").fill("the hospital count")
    page.get_by_role("button", name="Save field").click()
    result = page.locator("#review-result.error")
    result.wait_for()
    text = result.inner_text()
    assert text.startswith("Not saved: ") and "changed by rita" in text and f"now version {version}" in text
    assert page.evaluate("() => document.activeElement && document.activeElement.id") == "review-result"
    _shot(page, "incident-conflict")
    with Store.open(corpus_db["settings"].db_url) as store:
        assert store.incident(incident["id"]).version == version  # nothing written

    page.get_by_label("Incident number to merge in").fill("987654")
    page.get_by_label("Reason for the merge").fill("same attack")
    page.get_by_role("button", name="Merge into this incident").click()
    page.wait_for_function("() => document.querySelector('#review-result').textContent.includes('987654')")
    assert "does not exist" in result.inner_text()


def test_jobs_view_follows_a_background_ingest(page: Any, base_url: str, corpus_db: dict[str, Any]) -> None:
    import httpx

    text = "The city council met on Tuesday and approved the budget for the new library and two schools."
    response = httpx.post(base_url + "api/documents", json={"text": text, "title": "Council budget"},
                          headers={"Authorization": f"Bearer {corpus_db['token']}"})
    assert response.status_code == 202, response.text
    job = response.json()["id"]
    page.get_by_role("link", name="Jobs").click()
    page.wait_for_selector("#view-jobs:not([hidden])")
    row = page.locator(f'#jobs tr[data-job="{job}"]')
    row.wait_for()
    page.wait_for_selector(f'#jobs tr.job-done[data-job="{job}"]')  # refreshes itself until done
    assert "1 of 1 (100%)" in row.inner_text() and "ana" in row.inner_text()
    assert row.locator("progress").get_attribute("value") == "1"
    _shot(page, "jobs")


def test_analyst_splits_a_report_out_into_a_new_incident(page: Any, corpus_db: dict[str, Any]) -> None:
    """Last in this file: it adds an incident to the shared corpus."""
    from tally.store import Store

    incident = next(i for i in corpus_db["incidents"] if len(i["reports"]) >= 2 and not i["graphic"])
    moved = incident["reports"][1]
    _incident_page(page, incident["id"])
    page.get_by_label("Report to move into a new incident").select_option(moved["event_id"])
    page.get_by_label("Reason for the split").fill("a different market, two days later")
    page.get_by_role("button", name="Split out").click()
    page.wait_for_function("() => /Split out into incident \\d+/.test(document.querySelector('#message').textContent)")
    created = page.locator("#message").inner_text().rsplit(" ", 1)[-1].rstrip(".")
    entries = page.locator(".history-entry").all_inner_texts()
    assert any("split by ana" in e and "a different market" in e for e in entries), entries
    with Store.open(corpus_db["settings"].db_url) as store:
        assert moved["event_id"] not in {e.id for e in store.incident(incident["id"]).events}
        assert [e.id for e in store.incident(created).events] == [moved["event_id"]]
    _shot(page, "incident-split")
