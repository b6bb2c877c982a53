"""Request body limits, enforced before any endpoint reads a byte too many.

A body announced (Content-Length) or streamed past `MAX_BODY_BYTES` is refused with 413
and a message saying the limit, so a client learns to split its batch instead of retrying.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException

#: 20 MB: twice the largest single document `tally.documents` accepts (10 MiB), and room for
#: a batch of a few thousand news articles; bigger batches go in several requests or `tally run`.
MAX_BODY_BYTES = 20 * 1000 * 1000


def too_large_message(limit: int) -> str:
    return (f"request body is larger than the limit of {limit:,} bytes; "
            "send the documents in several smaller requests (or use `tally run` on the server)")


NUL_MESSAGE = "NUL characters (\\u0000) are not accepted in a request"


class BodyLimit:
    """ASGI middleware: 413 for a body over `limit` bytes, announced or streamed; 400 for a
    NUL character in the path or query (PostgreSQL cannot hold one in a text column)."""

    def __init__(self, app: Any, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope.get("path", "") or b"%00" in (scope.get("query_string") or b""):
            await _send_json(send, 400, {"detail": NUL_MESSAGE})
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            try:
                announced = int(length)
            except ValueError:
                announced = -1
            if announced < 0 or announced > self.limit:
                status = 413 if announced > self.limit else 400
                detail = too_large_message(self.limit) if status == 413 else "Content-Length is not a byte count"
                await _send_json(send, status, {"detail": detail})
                return
        seen = 0

        async def limited_receive() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # Raised inside the endpoint's body read: FastAPI passes HTTPException through.
                    raise HTTPException(413, too_large_message(self.limit))
            return message

        await self.app(scope, limited_receive, send)


async def _send_json(send: Any, status: int, payload: dict[str, Any]) -> None:
    body = json.dumps(payload).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
