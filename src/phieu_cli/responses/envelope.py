"""The envelope of a response file checked on plain dicts: the read path (`phieu validate`, `phieu summary`).

format.py's pydantic model stays the writer's (fill, the answers file, export); reading 10,000 files through it
costs both its import and a model per file. This module reports exactly the errors that model reports, in the
same order and with the same types and locations (tests/test_validate_envelope.py compares the two), so that
validation.py words them once. The fields are data (FIELDS): a new envelope field is one row here and one
field of format.Response.
"""

from __future__ import annotations

import datetime as dt
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any, Final

    Error = dict[str, Any]
    Check = Callable[[Any, tuple[str, ...], list[Error]], None]

FORMAT: Final = "phieu-response"  # annotations are not evaluated: Final needs no import at run time
FORMAT_VERSION: Final = 1

# A calendar date "YYYY-MM-DD" that exists (month lengths, leap years, no year 0000), as a regular expression
# that means the same in Python and in ECMA-262, so that the JSON Schema export (json_schema.py) can use
# it verbatim. Tests compare it with datetime.date.fromisoformat day by day.
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
DATE_PATTERN = (
    r"(?!0000)[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    rf"|02-(?:0[1-9]|1[0-9]|2[0-8]))|{_LEAP_YEAR}-02-29"
)
# An instant with its UTC offset, as RFC 3339 writes it: "2023-01-16T09:30:00+07:00", "…T02:30:00.5Z".
TIMESTAMP_PATTERN = (
    rf"(?:{DATE_PATTERN})T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{{1,9}})?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
HASH_PATTERN = r"^sha256:[0-9a-f]{64}$"
_TIMESTAMP = re.compile(TIMESTAMP_PATTERN)
_HASH = re.compile(HASH_PATTERN[1:-1])  # fullmatch: "$" would let a final newline through
STATUSES = ("draft", "complete")

# Fields a response file must state even though the model has defaults for them (docs/response-format.md):
# every field but `generator`; `completed_at` is checked against `status`.
REQUIRED_FIELDS = (
    "format",
    "format_version",
    "form",
    "respondent",
    "status",
    "created_at",
    "updated_at",
    "answers",
)


def _error(errors: list[Error], loc: tuple[str, ...], kind: str, ctx: dict[str, Any] | None = None) -> None:
    errors.append({"type": kind, "loc": loc, "msg": kind, "ctx": ctx or {}})


def _string(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
    if not isinstance(value, str):
        _error(errors, loc, "string_type")


def _hash(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
    if not isinstance(value, str):
        _error(errors, loc, "string_type")
    elif not _HASH.fullmatch(value):
        _error(errors, loc, "string_pattern_mismatch", {"pattern": HASH_PATTERN})


def _format(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
    if value != FORMAT or not isinstance(value, str):
        _error(errors, loc, "literal_error", {"expected": f"'{FORMAT}'"})


def _format_version(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
    # Literal[1] alone would accept true and 1.0.
    if not isinstance(value, int) or isinstance(value, bool):
        _error(errors, loc, "format_version")
    elif value != FORMAT_VERSION:
        _error(errors, loc, "literal_error", {"expected": str(FORMAT_VERSION)})


def _status(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
    if not isinstance(value, str) or value not in STATUSES:
        _error(errors, loc, "literal_error", {"expected": " or ".join(f"'{s}'" for s in STATUSES)})


def _timestamp(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
    """RFC 3339 text with an offset; pydantic alone would also take "…09:30" or 1673836200."""
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        _error(errors, loc, "timestamp_format")


def _optional_timestamp(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
    if value is not None:
        _timestamp(value, loc, errors)


def _object(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
    if not isinstance(value, dict):
        _error(errors, loc, "dict_type")


def _text_by_key(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
    """An object whose values are strings (`unconfirmed`: text typed and not confirmed, by JSON path)."""
    if not isinstance(value, dict):
        _error(errors, loc, "dict_type")
        return
    for key, text in value.items():
        if not isinstance(text, str):
            _error(errors, (*loc, key), "string_type")


def _optional_text_by_key(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
    """An object whose values are strings or null (`respondent`: the form's field ids; validation.py checks
    the ids and values against the form)."""
    if not isinstance(value, dict):
        _error(errors, loc, "dict_type")
        return
    for key, text in value.items():
        if text is not None and not isinstance(text, str):
            _error(errors, (*loc, key), "string_type")


def _reasons_by_path(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
    """`confirmations`: an object of objects of strings (answer path -> warning id -> reason)."""
    if not isinstance(value, dict):
        _error(errors, loc, "dict_type")
        return
    for key, reasons in value.items():
        _text_by_key(reasons, (*loc, key), errors)


def _fields(table: tuple[tuple[str, Check, bool], ...]) -> Check:
    """A check of a nested object (a model): its fields in order, then every unknown key."""

    def check(value: Any, loc: tuple[str, ...], errors: list[Error]) -> None:
        if not isinstance(value, dict):
            _error(errors, loc, "model_type")
            return
        _check_fields(table, value, loc, errors)

    return check


def _check_fields(
    table: tuple[tuple[str, Check, bool], ...],
    data: Mapping[str, Any],
    loc: tuple[str, ...],
    errors: list[Error],
) -> None:
    for name, check, required in table:
        if name in data:
            check(data[name], (*loc, name), errors)
        elif required:
            _error(errors, (*loc, name), "missing")
    known = {name for name, _, _ in table}
    for key in data:
        if key not in known:
            _error(errors, (*loc, key), "extra_forbidden")


# (name, check, required by the model) — in the order of format.Response's fields.
FORM_REF_FIELDS: tuple[tuple[str, Check, bool], ...] = (
    ("id", _string, True),
    ("version", _string, True),
    ("hash", _hash, True),
)
FIELDS: tuple[tuple[str, Check, bool], ...] = (
    ("format", _format, False),
    ("format_version", _format_version, False),
    ("form", _fields(FORM_REF_FIELDS), True),
    ("respondent", _optional_text_by_key, False),
    ("status", _status, False),
    ("created_at", _timestamp, True),
    ("updated_at", _timestamp, True),
    ("completed_at", _optional_timestamp, False),
    ("generator", _string, False),
    ("answers", _object, False),
    ("unconfirmed", _text_by_key, False),
    ("confirmations", _reasons_by_path, False),
)


def envelope_errors(data: Mapping[str, Any]) -> list[Error]:
    """What format.Response.model_validate(data) would raise, as its .errors() (type, loc, ctx)."""
    errors: list[Error] = []
    _check_fields(FIELDS, data, (), errors)
    return errors


def parse_timestamp(text: str) -> dt.datetime:
    """A timestamp that passed the checks above, as the model reads it (fractions past µs cut off)."""
    return dt.datetime.fromisoformat(text)


class FormRefView:
    __slots__ = ("hash", "id", "version")

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.id: str = data["id"]
        self.version: str = data["version"]
        self.hash: str = data["hash"]


class Envelope:
    """A response that passed envelope_errors(), read as the model would give it (same names), without pydantic."""

    __slots__ = (
        "_completed",
        "_created",
        "_updated",
        "answers",
        "confirmations",
        "data",
        "form",
        "respondent",
        "status",
        "unconfirmed",
    )

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.form = FormRefView(data["form"])
        self.respondent: dict[str, str | None] = data.get("respondent") or {}
        self.status: str = data.get("status", "draft")
        self.answers: dict[str, Any] = data.get("answers", {})
        self.unconfirmed: dict[str, str] = data.get("unconfirmed") or {}
        self.confirmations: dict[str, dict[str, str]] = data.get("confirmations") or {}
        self._created: dt.datetime | None = None
        self._updated: dt.datetime | None = None
        self._completed: dt.datetime | None = None

    @property
    def created_at(self) -> dt.datetime:
        if self._created is None:
            self._created = parse_timestamp(self.data["created_at"])
        return self._created

    @property
    def updated_at(self) -> dt.datetime:
        if self._updated is None:
            self._updated = parse_timestamp(self.data["updated_at"])
        return self._updated

    @property
    def completed_at(self) -> dt.datetime | None:
        text = self.data.get("completed_at")
        if text is None:
            return None
        if self._completed is None:
            self._completed = parse_timestamp(text)
        return self._completed
