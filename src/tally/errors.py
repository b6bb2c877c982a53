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
