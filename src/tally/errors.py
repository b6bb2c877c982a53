"""Tally's one exception hierarchy. Library code raises these; the CLI turns them into
one-line messages and exit codes."""

from __future__ import annotations


class TallyError(Exception):
    """Base of every error Tally raises on purpose."""


class InputError(TallyError):
    """A document or input file that cannot be read or understood.

    The message names the input and the reason, so that one bad file in a batch can be
    reported on one line while the rest of the batch goes on.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class ConfigError(TallyError):
    """A setting, option or data file that is missing or malformed."""


class StorageError(TallyError):
    """The database cannot be opened, migrated or written."""


class NotFoundError(TallyError):
    """A record asked for by id does not exist."""


class MissingExtraError(TallyError):
    """An optional dependency is not installed; the message names the extra to install."""

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(f"{package} is not installed: pip install 'tally[{extra}]'")


class ReviewError(InputError):
    """A reviewer's decision that cannot be applied: a merge of an incident with itself, a
    split that would leave an incident empty, a field or status that does not exist, a value
    of the wrong kind. Raised before anything is written: the database is unchanged."""


class ConflictError(TallyError):
    """Someone changed an incident between the moment a reviewer read it and their change.

    The change is refused (and the refusal written to the audit log), so the later decision
    never silently erases the earlier one: the reviewer rereads the incident and decides again.
    """

    def __init__(self, incident_id: str, expected: int, found: int, changed_by: str | None, action: str) -> None:
        self.incident_id = incident_id
        self.expected = expected
        self.found = found
        self.changed_by = changed_by
        self.action = action
        super().__init__(
            f"incident {incident_id}: {action} refused: it was changed by {changed_by or 'an unknown writer'} "
            f"(now version {found}) since you read it (version {expected}); reread it and decide again"
        )
