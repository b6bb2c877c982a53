"""Who is asking: bearer tokens, roles, and the optional public view.

Every endpoint depends on `user` (401 without a valid token, unless the public view is on,
where a request without a token reads as the viewer "public") and on `require(role)` (403
for a role below it). A removed user's token fails like an unknown one: 401.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tally.users import ROLES, User, authenticate

if TYPE_CHECKING:
    from tally.server.jobs import Jobs
    from tally.settings import Settings
    from tally.store import Store

#: The user a request without a token acts as when the public view is switched on.
PUBLIC = User("public", "viewer", dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))
_bearer = HTTPBearer(auto_error=False, description="An API token from `tally users add NAME --role ROLE`.")


@dataclass
class ServerState:
    """What every request needs: settings, the store, the ingest queue, verified tokens."""

    settings: Settings
    store: Store
    jobs: Jobs
    verified: dict[str, str] = field(default_factory=dict)


def state(request: Request) -> ServerState:
    return request.app.state.tally


def user(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> User:
    """The user holding the request's bearer token (or the public viewer, when allowed)."""
    server = state(request)
    if credentials is None or not credentials.credentials:
        if server.settings.public_view:
            return PUBLIC
        raise HTTPException(401, "an API token is required (Authorization: Bearer TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})
    found = authenticate(server.store, credentials.credentials, server.verified)
    if found is None:
        raise HTTPException(401, "this API token is not valid (unknown, mistyped, or its user was removed)",
                            headers={"WWW-Authenticate": "Bearer"})
    return found


def require(role: str) -> Callable[[User], User]:
    """A dependency admitting users whose role includes `role`."""
    assert role in ROLES

    def check(current: Annotated[User, Depends(user)]) -> User:
        if not current.can(role):
            raise HTTPException(403, f"this needs the {role} role; {current.name} is {current.role}")
        return current

    return check


Viewer = Annotated[User, Depends(require("viewer"))]
Analyst = Annotated[User, Depends(require("analyst"))]
Editor = Annotated[User, Depends(require("editor"))]
Admin = Annotated[User, Depends(require("admin"))]
State = Annotated[ServerState, Depends(state)]
