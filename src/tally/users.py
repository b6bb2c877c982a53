"""API users of the team server: names, roles and tokens (stored hashed, shown once).

A token is `<token_id>.<secret>`. `token_id` (16 hex characters) finds the user's row; the
secret (43 URL-safe characters, 256 random bits) is kept only as a salted scrypt hash, so a
copy of the database, a backup or a log of its rows gives nobody a working token. Removing
a user keeps the row with `removed_at` set (the audit log still names them) and their token
stops working at once: every request reads the row again.

Roles, each including the ones before it:
- viewer: published incidents and statistics;
- analyst: submit documents, review (merge, split, edit, note, status short of confirmed
  or discounted);
- editor: also confirm, discount and publish;
- admin: also manage users.

Adding and removing users are written to the audit log (entity "user") with who did it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from tally.errors import ConfigError, InputError, NotFoundError
from tally.migrations.tables import users

if TYPE_CHECKING:
    from tally.store import Store

ROLES: tuple[str, ...] = ("viewer", "analyst", "editor", "admin")
#: A user name: what the audit log shows beside every change they make.
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
#: scrypt cost: 2**14 rounds with r=8 take ~16 MiB and tens of milliseconds, the usual
#: interactive-login setting. The server keeps tokens it has verified in memory (by their
#: SHA-256) so that a request does not pay it again.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32, "maxmem": 64 * 1024 * 1024}
#: How many verified tokens a server remembers; past this it forgets them all and re-verifies.
VERIFIED_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class User:
    """One API user as stored (never the token)."""

    name: str
    role: str
    created_at: dt.datetime
    created_by: str | None = None
    removed_at: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return self.removed_at is None

    def can(self, role: str) -> bool:
        """Whether this user's role includes `role` (admin includes editor, and so on)."""
        return ROLES.index(self.role) >= ROLES.index(role)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "created_at": self.created_at.isoformat(),
            "created_by": self.created_by,
            "removed_at": self.removed_at.isoformat() if self.removed_at else None,
        }


def check_role(role: str) -> str:
    """`role` if it exists, else `ConfigError` listing the roles."""
    if role not in ROLES:
        raise ConfigError(f"role {role!r} does not exist; valid: {', '.join(ROLES)}")
    return role


def add_user(store: Store, name: str, role: str, *, actor: str) -> tuple[User, str]:
    """Add a user; return it with its token, which is never stored and cannot be shown again.

    A name may be reused only after its earlier holder was removed.
    """
    name = name.strip() if isinstance(name, str) else ""
    if not _NAME.match(name):
        raise InputError(f"user {name!r}", "a user name is 1 to 64 letters, digits, '.', '_', '@' or '-', "
                         "starting with a letter or digit")
    check_role(role)
    token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    salt = secrets.token_hex(16)
    with store.transaction(f"user {name}", actor) as batch:
        taken = batch.conn.execute(sa.select(users.c.id).where(
            users.c.name == name, users.c.removed_at.is_(None))).first()
        if taken is not None:
            raise InputError(f"user {name}", "already exists (remove it first to give it a new token)")
        batch.conn.execute(users.insert(), {
            "name": name, "role": role, "token_id": token_id, "token_salt": salt,
            "token_hash": _hash(secret, salt), "created_at": batch.at, "created_by": actor})
        batch.audit("user", name, "create", new={"role": role})
        at = batch.at
    return User(name, role, at, actor), f"{token_id}.{secret}"


def remove_user(store: Store, name: str, *, actor: str) -> User:
    """Remove a user: their token stops working; the row stays for the audit log."""
    with store.transaction(f"user {name}", actor) as batch:
        row = batch.conn.execute(sa.select(users).where(
            users.c.name == name, users.c.removed_at.is_(None))).mappings().first()
        if row is None:
            raise NotFoundError(f"user {name!r} does not exist (or was already removed)")
        batch.conn.execute(users.update().where(users.c.id == row["id"]).values(removed_at=batch.at))
        batch.audit("user", name, "remove", old={"role": row["role"]})
        removed = _user({**row, "removed_at": batch.at})
    return removed


def list_users(store: Store, *, include_removed: bool = False) -> list[User]:
    """Users in the order they were added; removed ones too when asked."""
    query = sa.select(users).order_by(users.c.id)
    if not include_removed:
        query = query.where(users.c.removed_at.is_(None))
    with store._read("users") as conn:  # noqa: SLF001 (the store's one read path)
        return [_user(row) for row in conn.execute(query).mappings()]


def authenticate(store: Store, token: str, verified: MutableMapping[str, str] | None = None) -> User | None:
    """The active user holding `token`, or None (unknown, malformed, wrong or removed).

    `verified` (SHA-256 of a token -> its token_id) remembers tokens already checked with
    scrypt; the user's row is read on every call, so a removal takes effect at once.
    """
    token_id, _, secret = (token or "").strip().partition(".")
    if not token_id or not secret or len(token_id) > 32 or len(secret) > 128:
        return None
    with store._read("users") as conn:  # noqa: SLF001
        row = conn.execute(sa.select(users).where(users.c.token_id == token_id)).mappings().first()
    if row is None or row["removed_at"] is not None:
        return None
    digest = hashlib.sha256(token.strip().encode("utf-8")).hexdigest()
    if verified is None or verified.get(digest) != token_id:
        if not hmac.compare_digest(_hash(secret, row["token_salt"]), row["token_hash"]):
            return None
        if verified is not None:
            if len(verified) >= VERIFIED_CACHE_SIZE:
                verified.clear()
            verified[digest] = token_id
    return _user(row)


def _hash(secret: str, salt: str) -> str:
    return hashlib.scrypt(secret.encode("utf-8"), salt=bytes.fromhex(salt), **_SCRYPT).hex()


def _user(row: Any) -> User:
    return User(row["name"], row["role"], _aware(row["created_at"]), row["created_by"], _aware(row["removed_at"]))


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; they were written in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value
