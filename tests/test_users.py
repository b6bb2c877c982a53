"""API users: tokens shown once and stored hashed, removal, the `tally users` commands, and
migration 0003 up and down. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tally.cli import app as cli_app
from tally.errors import ConfigError, InputError, NotFoundError
from tally.migrations.tables import users
from tally.server import create_app
from tally.settings import Settings
from tally.store import MIGRATIONS_DIR, Store
from tally.users import add_user, authenticate, list_users, remove_user


def test_a_token_authenticates_and_only_its_hash_is_stored(db_url: str) -> None:
    with Store.open(db_url) as store:
        user, token = add_user(store, "ana", "analyst", actor="admin-1")
        assert user.role == "analyst" and user.created_by == "admin-1"
        token_id, secret = token.split(".")
        with store._read("test") as conn:
            row = conn.execute(sa.select(users)).mappings().one()
        assert secret not in " ".join(str(v) for v in row.values())
        assert row["token_id"] == token_id and len(row["token_hash"]) == 64
        verified: dict[str, str] = {}
        assert authenticate(store, token, verified).name == "ana"
        assert verified  # remembered: the next request skips scrypt
        assert authenticate(store, token, verified).name == "ana"
        assert authenticate(store, f"{token_id}.{secret[:-1]}x") is None
        assert authenticate(store, "") is None and authenticate(store, "no-dot") is None
        other, other_token = add_user(store, "ben", "viewer", actor="admin-1")
        assert authenticate(store, other_token).role == "viewer" and other_token != token


def test_removed_users_lose_their_token_at_once_and_names_can_be_reused(db_url: str) -> None:
    with Store.open(db_url) as store:
        _, token = add_user(store, "ana", "editor", actor="admin-1")
        verified: dict[str, str] = {}
        assert authenticate(store, token, verified) is not None
        with pytest.raises(InputError, match="already exists"):
            add_user(store, "ana", "viewer", actor="admin-1")
        removed = remove_user(store, "ana", actor="admin-2")
        assert removed.removed_at is not None
        assert authenticate(store, token, verified) is None  # even though it was remembered
        with pytest.raises(NotFoundError):
            remove_user(store, "ana", actor="admin-2")
        _, new_token = add_user(store, "ana", "viewer", actor="admin-2")
        assert authenticate(store, new_token).role == "viewer" and authenticate(store, token) is None
        assert [u.name for u in list_users(store)] == ["ana"]
        assert len(list_users(store, include_removed=True)) == 2
        log = [(e.action, e.actor, e.entity_id) for e in store.audit("user")]
        assert log == [("create", "admin-1", "ana"), ("remove", "admin-2", "ana"), ("create", "admin-2", "ana")]


@pytest.mark.parametrize(("name", "role", "error"), [
    ("ana", "king", ConfigError), ("", "viewer", InputError), ("a b", "viewer", InputError),
    ("<script>", "viewer", InputError), ("x" * 65, "viewer", InputError),
])
def test_bad_names_and_roles_are_refused(db_url: str, name: str, role: str, error: type) -> None:
    with Store.open(db_url) as store:
        with pytest.raises(error):
            add_user(store, name, role, actor="admin")
        assert list_users(store, include_removed=True) == []


def test_tally_users_add_prints_a_working_token_on_its_last_line(db_url: str) -> None:
    runner = CliRunner()
    added = runner.invoke(cli_app, ["users", "add", "ana", "--role", "editor", "--as", "root", "--db", db_url])
    assert added.exit_code == 0, added.output
    token = added.stdout.strip().splitlines()[-1]
    assert "." in token and " " not in token
    app = create_app(Settings(db_url=db_url))
    with TestClient(app) as client:
        me = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200 and me.json() == {"name": "ana", "role": "editor"}
        listed = runner.invoke(cli_app, ["users", "list", "--format", "json", "--db", db_url])
        assert '"name": "ana"' in listed.stdout and token.split(".")[1] not in listed.stdout
        removed = runner.invoke(cli_app, ["users", "remove", "ana", "--db", db_url])
        assert removed.exit_code == 0
        assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    missing = runner.invoke(cli_app, ["users", "remove", "ana", "--db", db_url])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    bad_role = runner.invoke(cli_app, ["users", "add", "bob", "--role", "king", "--db", db_url])
    assert bad_role.exit_code != 0


def test_migration_0003_goes_down_and_up_again(db_url: str) -> None:
    with Store.open(db_url) as store:
        add_user(store, "ana", "viewer", actor="admin")
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("path_separator", "os")
        with store._write("downgrade") as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0002")
        with store._read("inspect") as conn:
            inspector = sa.inspect(conn)
            assert "users" not in inspector.get_table_names()
            assert "published" not in {c["name"] for c in inspector.get_columns("incidents")}
        store.upgrade()
        assert list_users(store) == []
