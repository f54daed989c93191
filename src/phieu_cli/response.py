"""The response file: what an official sends and the ministry checks. Its format is a contract
(docs/response-format.md); `format_version` changes whenever a reader would need to change.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from phieu_cli import __version__
from phieu_cli.formcheck import LoadedForm

Status = Literal["draft", "complete"]


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
    format: Literal["phieu-response"] = "phieu-response"
    format_version: Literal[1] = 1
    form: FormRef
    respondent: RespondentInfo = Field(default_factory=RespondentInfo)
    status: Status = "draft"
    created_at: AwareDatetime
    updated_at: AwareDatetime
    completed_at: AwareDatetime | None = None
    generator: str = f"phieu {__version__}"
    answers: dict[str, Any] = Field(default_factory=dict)


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
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
