"""Load on loopback, bounded: 50 concurrent readers while one client ingests short documents.

The real server under uvicorn (bench/load.py's `serve`) over a real database; the readers
list incidents and statistics until the ingest job finishes. Asserted: no failed request
(no 5xx, no transport error, every read a 200), the job done, and every submitted document
in the store. Speed is printed by `bench/load.py`, never asserted here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from server_client import open_server

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_load", REPO / "bench" / "load.py")
assert _spec is not None and _spec.loader is not None
load = importlib.util.module_from_spec(_spec)
sys.modules["bench_load"] = load  # dataclasses look their module up while the file runs
_spec.loader.exec_module(load)

#: Smaller than the bench (1,000 documents) to keep the test quick; the same 50 readers.
CLIENTS = 50
DOCUMENTS = 200


def test_readers_and_ingest_under_load(db_url: str) -> None:
    for server in open_server(db_url):
        before = len(server.store.documents())
        documents = load.short_documents(DOCUMENTS, seed=7)
        assert len({d["text"] for d in documents}) == DOCUMENTS
        with load.serve(server.app, lifespan="off") as base_url:
            result = load.run_load(base_url, server.tokens["analyst"], server.tokens["analyst"], documents,
                                   clients=CLIENTS, max_seconds=240)
        assert result.failures == [], result.failures[:10]
        assert result.job["state"] == "done" and not result.job["errors"], result.job
        assert result.job["total"] == DOCUMENTS and result.job["done"] == DOCUMENTS
        stored = server.store.documents()
        assert len(stored) - before == DOCUMENTS, "documents were lost between submit and store"
        assert {d["title"] for d in documents} <= {d.title for d in stored}
        assert result.reads >= CLIENTS, "every reader made at least one request"
        assert result.percentile(0.99) >= result.percentile(0.5) > 0
