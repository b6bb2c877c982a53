"""A team server over a real database for the API tests: one user per role, a test client.

Used by tests/test_server.py, tests/test_server_auth.py and tests/test_users.py. Documents
go in through the API (`submit`), which waits for the background job deterministically
(`Jobs.wait`), never by sleeping.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tally.server import create_app
from tally.settings import Settings
from tally.users import ROLES, add_user

SEED = Path(__file__).resolve().parents[2] / "shared" / "examples" / "seed_article.txt"
#: Al Qa'im, where the seed article's incidents happen (lon 40.99, lat 34.39).
AL_QAIM_BBOX = "40.5,34.0,41.5,34.8"


@dataclass
class Server:
    """A running app (in-process), its tokens by role, and a client."""

    client: TestClient
    tokens: dict[str, str]
    app: Any
    documents: list[str] = field(default_factory=list)

    def headers(self, role: str | None) -> dict[str, str]:
        return {} if role is None else {"Authorization": f"Bearer {self.tokens[role]}"}

    def get(self, path: str, role: str | None = "analyst", **kwargs: Any):
        return self.client.get(path, headers=self.headers(role), **kwargs)

    def post(self, path: str, role: str | None = "analyst", **kwargs: Any):
        headers = {**self.headers(role), **kwargs.pop("headers", {})}
        return self.client.post(path, headers=headers, **kwargs)

    def delete(self, path: str, role: str | None = "admin", **kwargs: Any):
        return self.client.delete(path, headers=self.headers(role), **kwargs)

    @property
    def store(self):
        return self.app.state.tally.store

    def submit(self, payload: Any, role: str = "analyst") -> dict[str, Any]:
        """Submit documents as JSON, wait for the job to finish, return its final state."""
        response = self.post("/api/documents", role, json=payload)
        assert response.status_code == 202, response.text
        job = response.json()
        self.app.state.tally.jobs.wait(job["id"])
        finished = self.get(f"/api/jobs/{job['id']}", role).json()
        assert finished["state"] == "done", finished
        return finished

    def submit_seed(self) -> list[str]:
        """The seed article, through the API: its incident ids."""
        job = self.submit({"text": SEED.read_text(encoding="utf-8"), "published": "2015-07-15",
                           "title": "Seed article", "url": "https://example.org/seed"})
        return job["incidents"]


def open_server(db_url: str, **settings: Any) -> Iterator[Server]:
    """A server on `db_url` with one user per role (named after the role)."""
    app = create_app(replace(Settings(db_url=db_url), **settings))
    tokens = {role: add_user(app.state.tally.store, f"{role}-user", role, actor="tests")[1] for role in ROLES}
    with TestClient(app) as client:
        yield Server(client, tokens, app)
