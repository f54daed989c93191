"""The response file: what an official sends and the ministry checks. Its format is a contract
(docs/response-format.md); `format_version` changes whenever a reader would need to change.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, Final, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from phieu_cli import __version__
from phieu_cli.form.check import LoadedForm

Status = Literal["draft", "complete"]
FORMAT: Final = "phieu-response"
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
_TIMESTAMP = re.compile(TIMESTAMP_PATTERN)


def _timestamp_text(value: object) -> object:
    """A stored time is RFC 3339 text with an offset; pydantic alone would also take "…09:30" or 1673836200."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
        return value
    raise PydanticCustomError("timestamp_format", "timestamp must be RFC 3339 with an offset")


def _exact_version(value: object) -> object:
    # Literal[1] alone would accept true and 1.0.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise PydanticCustomError("format_version", "format_version must be the integer 1")


Timestamp = Annotated[AwareDatetime, BeforeValidator(_timestamp_text)]

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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FormRef(_Model):
    id: str
    version: str
    hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")


class RespondentInfo(_Model):
    province: str | None = None
    agency: str | None = None


class Response(_Model):
    format: Literal["phieu-response"] = FORMAT
    format_version: Annotated[Literal[1], BeforeValidator(_exact_version)] = FORMAT_VERSION
    form: FormRef
    respondent: RespondentInfo = Field(default_factory=RespondentInfo)
    status: Status = "draft"
    created_at: Timestamp
    updated_at: Timestamp
    completed_at: Timestamp | None = None
    generator: str = f"phieu {__version__}"
    answers: dict[str, Any] = Field(default_factory=dict)
    # Drafts only: text typed in a box and not confirmed when the interview stopped (Ctrl-C, a closed
    # terminal), by the JSON path its answer would have ("$.answers.qbc2"). Not an answer: `phieu fill`
    # offers it pre-filled on resume. Optional, and left out of the file when empty.
    unconfirmed: dict[str, str] = Field(default_factory=dict)


def now() -> dt.datetime:
    """The local time with its offset, to the second: "2023-01-16T09:30:00+07:00"."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


def new_response(loaded: LoadedForm) -> Response:
    stamp = now()
    return Response(
        form=FormRef(id=loaded.form.form.id, version=loaded.form.form.version, hash=loaded.hash),
        created_at=stamp,
        updated_at=stamp,
    )


def dump_response(response: Response) -> str:
    """The file's text: UTF-8 JSON, 2-space indent, non-ASCII kept as is, a final newline."""
    data = response.model_dump(mode="json")
    if not data["unconfirmed"]:
        del data["unconfirmed"]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
