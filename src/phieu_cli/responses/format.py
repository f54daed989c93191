"""The response file: what an official sends and the ministry checks. Its format is a contract
(docs/response-format.md); `format_version` changes whenever a reader would need to change.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from phieu_cli import __version__
from phieu_cli.form.check import LoadedForm
from phieu_cli.form.model import Form
from phieu_cli.responses.envelope import (
    DATE_PATTERN as DATE_PATTERN,  # the read path's envelope (no pydantic)
)
from phieu_cli.responses.envelope import FORMAT as FORMAT
from phieu_cli.responses.envelope import FORMAT_VERSION as FORMAT_VERSION
from phieu_cli.responses.envelope import HASH_PATTERN
from phieu_cli.responses.envelope import REQUIRED_FIELDS as REQUIRED_FIELDS
from phieu_cli.responses.envelope import TIMESTAMP_PATTERN as TIMESTAMP_PATTERN

Status = Literal["draft", "complete"]
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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FormRef(_Model):
    id: str
    version: str
    hash: str = Field(pattern=HASH_PATTERN)


class Response(_Model):
    format: Literal["phieu-response"] = FORMAT
    format_version: Annotated[Literal[1], BeforeValidator(_exact_version)] = FORMAT_VERSION
    form: FormRef
    # The form's respondent fields by id, in the form's order (form 149: province, agency); validation.py
    # checks the ids and values against the form.
    respondent: dict[str, str | None] = Field(default_factory=dict)
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
    # Warnings (soft checks of the form) the person confirmed, with the reason they gave: the answer's JSON
    # path ("$.answers.q3dd") -> the warning's id ("w1") -> the reason. Optional, and left out when empty.
    confirmations: dict[str, dict[str, str]] = Field(default_factory=dict)


def now() -> dt.datetime:
    """The local time with its offset, to the second: "2023-01-16T09:30:00+07:00"."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


def new_response(loaded: LoadedForm) -> Response:
    stamp = now()
    return Response(
        form=FormRef(id=loaded.form.form.id, version=loaded.form.form.version, hash=loaded.hash),
        respondent=respondent_values(loaded.form, {}),
        created_at=stamp,
        updated_at=stamp,
    )


def respondent_values(form: Form, values: Mapping[str, str | None]) -> dict[str, str | None]:
    """The `respondent` object of a response: every field id of *form*, in its order (null when not given)."""
    return {key: values.get(key) for key in form.respondent}


def dump_response(response: Response) -> str:
    """The file's text: UTF-8 JSON, 2-space indent, non-ASCII kept as is, a final newline."""
    data = response.model_dump(mode="json")
    for optional in ("unconfirmed", "confirmations"):
        if not data[optional]:
            del data[optional]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
