"""The team-server commands of `tally`: `serve`, and `users add|remove|list`.

Registered on the app of `tally.cli` (imported at its end). `users add` prints the new
token alone on its last line, once: only its hash is stored.
"""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from tally.cli import DbOption, _fail, _open_store, _settings, app, err, out
from tally.cli_review import AsOption, _actor
from tally.errors import MissingExtraError, TallyError
from tally.users import ROLES

users_app = typer.Typer(help="API users of `tally serve` and their tokens.", no_args_is_help=True)
app.add_typer(users_app, name="users")


class Role(str, Enum):
    viewer = "viewer"
    analyst = "analyst"
    editor = "editor"
    admin = "admin"


assert tuple(r.value for r in Role) == ROLES


class UsersFormat(str, Enum):
    table = "table"
    json = "json"


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name, as the audit log will show it.")],
    role: Annotated[Role, typer.Option("--role", help="viewer, analyst, editor or admin.")],
    as_: AsOption = None,
    db: DbOption = None,
) -> None:
    """Add an API user and print their token (on the last line; it is shown only this once).

    Example: tally users add ana --role analyst --db postgresql://tally@db/tally
    """
    from tally.users import add_user

    try:
        with _open_store(db) as store:
            user, token = add_user(store, name, role.value, actor=_actor(as_))
    except TallyError as exc:
        raise _fail(exc) from exc
    err.print(f"added {escape(user.name)} ({user.role}); the token below is shown once and stored only as a hash:",
              highlight=False, soft_wrap=True)
    print(token)


@users_app.command("remove")
def users_remove(
    name: Annotated[str, typer.Argument(help="The user to remove; their token stops working at once.")],
    as_: AsOption = None,
    db: DbOption = None,
) -> None:
    """Remove an API user (kept in the audit log; their token no longer works).

    Example: tally users remove ana
    """
    from tally.users import remove_user

    try:
        with _open_store(db) as store:
            user = remove_user(store, name, actor=_actor(as_))
    except TallyError as exc:
        raise _fail(exc) from exc
    out.print(f"removed {escape(user.name)} ({user.role})", highlight=False)


@users_app.command("list")
def users_list(
    all_: Annotated[bool, typer.Option("--all", help="Removed users too.")] = False,
    format: Annotated[UsersFormat, typer.Option("--format")] = UsersFormat.table,
    db: DbOption = None,
) -> None:
    """List API users (never their tokens).

    Example: tally users list --all --format json
    """
    from tally.users import list_users

    try:
        with _open_store(db) as store:
            found = list_users(store, include_removed=all_)
    except TallyError as exc:
        raise _fail(exc) from exc
    if format is UsersFormat.json:
        print(json.dumps([u.to_dict() for u in found], indent=2))
        return
    table = Table("name", "role", "added", "added by", "removed")
    for user in found:
        table.add_row(escape(user.name), user.role, user.created_at.strftime("%Y-%m-%d %H:%M"),
                      escape(user.created_by or ""), user.removed_at.strftime("%Y-%m-%d %H:%M") if user.removed_at else "")
    out.print(table)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    public: Annotated[Optional[bool], typer.Option(
        "--public/--no-public", help="Let requests without a token read published incidents and statistics.")] = None,
) -> None:
    """Run the team server: REST API under /api, OpenAPI at /openapi.json, dashboard at /.

    Example: tally serve --db postgresql://tally@127.0.0.1/tally --host 0.0.0.0 --port 8000
    """
    try:
        import uvicorn

        from tally.server import create_app
    except ImportError as exc:
        raise _fail(MissingExtraError(getattr(exc, "name", None) or "fastapi", "server")) from exc
    try:
        settings = _settings(db)
        if public is not None:
            from dataclasses import replace

            settings = replace(settings, public_view=public)
        application = create_app(settings)
    except TallyError as exc:
        raise _fail(exc) from exc
    err.print(f"serving {escape(settings.db_url.split('@')[-1])} on http://{host}:{port}/ "
              f"(public view {'on' if settings.public_view else 'off'})", highlight=False, soft_wrap=True)
    uvicorn.run(application, host=host, port=port, log_level="info")
