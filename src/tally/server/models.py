"""Request bodies of the write endpoints, validated at the edge (422 when malformed)."""

from __future__ import annotations

from typing import Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: Longest reason or note kept in the audit log (a page of text).
MAX_REASON_CHARS = 10_000
_Reason = Field(None, max_length=MAX_REASON_CHARS, description="Why: kept in the audit log beside the change.")
_Version = Field(None, ge=1, description="The incident version you decided on: refused (409) if it changed since.")


#: Largest whole number a database column holds (64-bit signed); ids and counts beyond it
#: are refused at the edge (422) rather than failing in the database driver.
MAX_NUMBER = 2**63 - 1
#: Fields holding an incident id, a version or a count (as a number or its digits).
_NUMBER_FIELDS = frozenset({"other", "version", "other_version", "value"})


def too_large(value: object) -> bool:
    """Whether `value` is a whole number (or a text of its digits) beyond `MAX_NUMBER`."""
    if isinstance(value, str):
        digits = value.strip().lstrip("+-").lstrip("0")
        return digits.isdecimal() and (len(digits) > 19 or int(digits) > MAX_NUMBER)
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _no_nul(self) -> _Body:
        """PostgreSQL cannot store a NUL in a text column, nor any column a number past
        64 bits: refuse them here, as 422."""
        for name, value in self:
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, str) and "\x00" in v for v in values):
                raise ValueError(f"field {name!r} contains a NUL character (\\u0000)")
            if name in _NUMBER_FIELDS and any(too_large(v) for v in values):
                raise ValueError(f"field {name!r} holds a number larger than {MAX_NUMBER:,}")
        return self


class MergeBody(_Body):
    other: Union[int, str] = Field(description="The incident merged into this one (kept, marked merged).")
    reason: str = Field(max_length=MAX_REASON_CHARS)
    version: int | None = _Version
    other_version: int | None = Field(None, ge=1, description="The version of `other` you decided on.")


class SplitBody(_Body):
    document: str | None = Field(None, max_length=200, description="Move this document's reports (and its copies').")
    event: str | None = Field(None, max_length=200, description="Or move this one event.")
    reason: str = Field(max_length=MAX_REASON_CHARS)
    version: int | None = _Version


class EditBody(_Body):
    field: str = Field(max_length=64)
    value: Union[int, str, list[str], None] = Field(description="The new value; null hands the field back to the reports.")
    reason: str = Field(max_length=MAX_REASON_CHARS)
    version: int | None = _Version


class StatusBody(_Body):
    status: str = Field(max_length=32)
    reason: str | None = _Reason
    version: int | None = _Version


class NoteBody(_Body):
    text: str = Field(max_length=MAX_REASON_CHARS)


class SensitiveBody(_Body):
    text: str = Field(min_length=2, max_length=500, description="The text to withhold from viewers, as written.")
    reason: str | None = _Reason


class PublishBody(_Body):
    published: bool = True
    reason: str | None = _Reason


class UserBody(_Body):
    name: str = Field(max_length=64)
    role: str = Field(max_length=16)
