"""`phieu import`: submissions exported from an XLSForm platform into phieu response files, one per submission.

Read: the JSON of KoBoToolbox's API (a list, or `{"results": [...]}`, keys such as `s1/q1`), ODK Central's
OData JSON (`{"value": [...]}`, groups as nested objects) and the CSV exports of both (a column per field named
by its group path, `s1/q1` in KoBo, `s1-q1` in ODK Central; a select_multiple as one column of space-separated
choice names, and/or one column per choice holding 1/0). The fields are those of `phieu schema xlsform`
(plan.py).

Each submission is converted on its own: one that does not fit gets its messages, with its row and instance
id, and the others still convert. A submission that only lacks required answers becomes a draft.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phieu_cli import __version__
from phieu_cli.common.errors import UsageError
from phieu_cli.common.files import FileTooLarge, NotText, decode_text, read_bytes_limited
from phieu_cli.common.text import fold, nfc, shorten, slug
from phieu_cli.form.check import LoadedForm
from phieu_cli.form.model import Form, Question
from phieu_cli.form.values import normalize_phone
from phieu_cli.responses.format import FormRef, Response, dump_response
from phieu_cli.responses.jsonfile import json_reason
from phieu_cli.responses.validation import check_response
from phieu_cli.xlsform.plan import (
    RESPONDENT_GROUP,
    Field,
    all_fields,
    other_text_name,
)
from phieu_cli.xlsform.reader import open_workbook

MAX_BYTES = 100 * 1024 * 1024
# Columns the platforms add around the answers (KoBoToolbox, ODK Central, ODK Briefcase, SurveyCTO).
META_COLUMNS = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "phonenumber",
    "simserial",
    "subscriberid",
    "audit",
    "submissiondate",
    "key",
    "submitterid",
    "submittername",
    "attachmentspresent",
    "attachmentsexpected",
    "status",
    "reviewstate",
    "edits",
    "formversion",
    "instanceid",
    "instancename",
    "deprecatedid",
    "uuid",
    "formhub",
    "meta",
    "system",
    "id",
    "version",
    "odata.context",
    "completiondate",
}
# Codes of a validation problem that only says something is missing: such a submission becomes a draft.
MISSING_CODES = {"required", "too_few"}
_TRUE = {"1", "true", "yes", "x", "có", "co"}
_FALSE = {"0", "false", "no", "", "không", "khong"}


@dataclass
class Submission:
    """One submission as read: where it is (row, instance id) and its values by column."""

    number: int  # 1-based
    where: str  # "dòng 3" (CSV) or "bản nộp thứ 2" (JSON)
    values: dict[str, Any]

    @property
    def instance_id(self) -> str | None:
        for key, value in self.values.items():
            last = re.split(r"[/\-]", key)[-1].lower()
            if last in ("instanceid", "_uuid", "key", "__id") and value:
                return str(value)
        return None

    def label(self) -> str:
        iid = self.instance_id
        return f"{self.where} ({iid})" if iid else self.where


@dataclass
class Outcome:
    """What became of one submission."""

    submission: Submission
    response: Response | None = None
    problems: list[str] = field(default_factory=list)
    draft_reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    path: Path | None = None


# --- reading the export -------------------------------------------------------------------------------------


def read_submissions(path: Path) -> tuple[list[Submission], str]:
    """The submissions in an export, and the name of the platform it looks like it came from."""
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    try:
        text = decode_text(read_bytes_limited(path, MAX_BYTES))
    except FileTooLarge as exc:
        raise UsageError(f"Tệp quá lớn ({exc.size:,} byte, tối đa {exc.limit:,}): {path}") from None
    except NotText as exc:
        raise UsageError(f"Tệp không phải văn bản UTF-8 (byte {exc.offset}): {path}") from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("[", "{")):
        return _read_json(text, path)
    return _read_csv(text, path)


def _read_json(text: str, path: Path) -> tuple[list[Submission], str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}:{exc.lineno}:{exc.colno}: lỗi cú pháp JSON: {json_reason(exc.msg)}"
        ) from None
    except (
        ValueError,
        RecursionError,
    ):  # an integer over Python's digit limit; nesting deeper than the stack
        raise UsageError(f"{path}: không đọc được JSON (số quá dài hoặc lồng quá sâu)") from None
    platform = "XLSForm JSON"
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data, platform = data["results"], "KoBoToolbox JSON"
    elif isinstance(data, dict) and isinstance(data.get("value"), list):
        data, platform = data["value"], "ODK Central OData"
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise UsageError(f"{path}: cần một danh sách bản nộp (JSON array, hoặc đối tượng có results/value)")
    found = []
    for index, record in enumerate(data, start=1):
        values = dict(_flatten(record)) if isinstance(record, dict) else {}
        if platform == "XLSForm JSON" and any(k in values for k in ("_uuid", "_submission_time")):
            platform = "KoBoToolbox JSON"
        found.append(Submission(index, f"bản nộp thứ {index}", values if isinstance(record, dict) else {}))
    return found, platform


def _flatten(record: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in record.items():
        name = f"{prefix}/{key}" if prefix else str(key)
        if isinstance(value, dict):
            yield from _flatten(value, name)
        else:
            yield name, value


def _read_xlsx(path: Path) -> tuple[list[Submission], str]:
    """An Excel export (KoBoToolbox's default): the first sheet holds one submission per row, as the CSV."""
    book = open_workbook(path)
    rows = [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    if not rows:
        raise UsageError(f"{path}: trang đầu của tệp Excel trống")
    return _rows_to_submissions(rows, "XLSX")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_csv(text: str, path: Path) -> tuple[list[Submission], str]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise UsageError(f"{path}: tệp CSV trống")
    return _rows_to_submissions(rows, "CSV")


def _rows_to_submissions(rows: list[list[str]], kind: str) -> tuple[list[Submission], str]:
    header = [nfc(h.strip()) for h in rows[0]]
    found = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            found.append(Submission(line, f"dòng {line}", {"__too_many__": len(row)}))
            continue
        found.append(Submission(line, f"dòng {line}", dict(zip(header, row, strict=False))))
    lowered = {h.lower() for h in header}
    platform = f"XLSForm {kind}"
    if "_uuid" in lowered or "_submission_time" in lowered:
        platform = f"KoBoToolbox {kind}"
    elif "submissiondate" in lowered or "key" in lowered:
        platform = f"ODK {kind}"
    return found, platform


# --- matching columns to fields -----------------------------------------------------------------------------


@dataclass
class Columns:
    """How the columns of an export map to the form's fields."""

    field_columns: dict[str, list[str]] = field(default_factory=dict)  # field name -> columns
    choice_columns: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> choice -> column
    unknown: list[str] = field(default_factory=list)


def match_columns(form: Form, names: list[str]) -> Columns:
    fields = {f.name: f for f in all_fields(form)}
    for key, item in form.respondent.items():  # the group `respondent`: a column per field, named by its id
        kind = "single" if item.listed else "text"
        fields[key] = fields.get(key) or Field(key, _DUMMY, (), kind, _DUMMY)
    multiple = {q.id: {o.id for o in q.options or []} for q in form.questions if q.kind == "multiple"}
    # XLSForm's or_other: the platform writes the "other" text in `{question}_other`.
    or_other = {
        f"{q.id}_other": other_text_name(q, "other")
        for q in form.questions
        if (option := q.option("other")) is not None and option.other
    }
    columns = Columns()
    for name in names:
        segments = [s for s in re.split(r"[/\-]", name) if s]
        last = segments[-1] if segments else ""
        if last in or_other and last not in fields:
            columns.field_columns.setdefault(or_other[last], []).append(name)
        elif last in fields:
            columns.field_columns.setdefault(last, []).append(name)
        elif len(segments) >= 2 and segments[-2] in multiple and last in multiple[segments[-2]]:
            columns.choice_columns.setdefault(segments[-2], {})[last] = name
        elif not _is_meta(segments) and name != "__too_many__":
            columns.unknown.append(name)
    return columns


def _is_meta(segments: list[str]) -> bool:
    if not segments:
        return True
    first = segments[0].lower()
    return (
        first.startswith("_")
        or first in META_COLUMNS
        or segments[-1].lower() in META_COLUMNS
        or (len(segments) == 1 and segments[0] == RESPONDENT_GROUP)
    )


# --- one submission -----------------------------------------------------------------------------------------


class _Converter:
    def __init__(self, loaded: LoadedForm, columns: Columns, source: str) -> None:
        self.loaded = loaded
        self.form = loaded.form
        self.columns = columns
        self.source = source
        self.fields = all_fields(self.form)

    def value(self, sub: Submission, name: str) -> Any:
        for column in self.columns.field_columns.get(name, []):
            value = sub.values.get(column)
            if isinstance(value, str):
                value = nfc(value).strip()
            if value not in (None, ""):
                return value
        return None

    def chosen(self, sub: Submission, q: Question, problems: list[str]) -> list[str]:
        raw = self.value(sub, q.id)
        ids = {o.id for o in q.options or []}
        by_label = {nfc(o.label): o.id for o in q.options or []}
        by_label.update({nfc(o.label_en): o.id for o in q.options or [] if o.label_en})
        picked: list[str] = []
        if raw is not None:
            text = str(raw)
            if q.kind == "single" and text not in ids and text in by_label:
                text = by_label[text]
            picked = [text] if q.kind == "single" else text.split()
        per_choice = self.columns.choice_columns.get(q.id, {})
        if per_choice:
            flagged = []
            for option_id, column in per_choice.items():
                cell = str(sub.values.get(column, "") or "").strip().lower()
                if cell in _TRUE:
                    flagged.append(option_id)
                elif cell not in _FALSE:
                    problems.append(f'{q.ref}: cột "{column}" có giá trị "{cell}", cần 1 hoặc 0')
            if raw is None:
                picked = [o.id for o in q.options or [] if o.id in flagged]
            elif set(flagged) != set(picked):
                problems.append(
                    f"{q.ref}: cột tóm tắt ghi {' '.join(picked)} nhưng các cột từng lựa chọn ghi {' '.join(flagged)}"
                )
        for option_id in picked:
            if option_id not in ids:
                problems.append(f'{q.ref}: không có lựa chọn "{option_id}" (có: {", ".join(sorted(ids))})')
        return [o for o in picked if o in ids]

    def scalar(self, f: Field, raw: Any, problems: list[str]) -> Any:
        kind = f.kind
        if kind in ("text", "long_text", "name"):
            return str(raw) if not isinstance(raw, str) else raw
        if kind == "integer":
            if isinstance(raw, bool):
                problems.append(f"{f.question.ref} ({f.name}): {raw!r} không phải số nguyên")
                return None
            if isinstance(raw, int):
                return raw
            text = str(raw).strip()
            if re.fullmatch(r"[+-]?[0-9]+(\.0+)?", text):
                return int(float(text)) if "." in text else int(text)
            problems.append(f'{f.question.ref} ({f.name}): "{text}" không phải số nguyên')
            return None
        if kind == "phone":
            text = str(raw).strip()
            if re.fullmatch(r"[35789][0-9]{8}", text):  # a spreadsheet read it as a number: its 0 was lost
                text = "0" + text
            return normalize_phone(text) or text
        if kind == "date":
            text = str(raw).strip()
            match = re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(T.*)?", text)
            if match:
                return match.group(1)
            problems.append(f'{f.question.ref} ({f.name}): "{text}" không phải ngày dạng YYYY-MM-DD')
            return None
        return raw

    def answers(self, sub: Submission, problems: list[str]) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        chosen: dict[str, list[str]] = {}
        for q in self.form.questions:
            if q.kind in ("single", "multiple"):
                picked = self.chosen(sub, q, problems)
                chosen[q.id] = picked
                if picked:
                    answers[q.id] = {o: {} for o in picked}
        for f in self.fields:
            if f.path == () and f.kind in ("single", "multiple"):
                continue
            raw = self.value(sub, f.name)
            if raw is None:
                continue
            value = self.scalar(f, raw, problems)
            if value is None:
                continue
            q = f.question
            if q.kind in ("single", "multiple"):
                option_id = f.path[0]
                if option_id not in chosen.get(q.id, []):
                    option = q.option(option_id)
                    label = option.label if option else option_id
                    problems.append(
                        f"{q.ref} ({f.name}): có nội dung “{shorten(str(value), 40)}” nhưng lựa chọn “{label}” không được chọn"
                    )
                    continue
                _put(answers, (q.id, *f.path), value)
            elif f.path:
                _put(answers, (q.id, *f.path), value)
            else:
                answers[q.id] = value
        return answers

    def times(self, sub: Submission) -> tuple[dt.datetime, dt.datetime]:
        stamps: dict[str, dt.datetime] = {}
        for key, value in sub.values.items():
            last = re.split(r"[/\-]", key)[-1].lower().lstrip("_")
            if last in ("start", "end", "submission_time", "submissiondate") and value:
                parsed = _instant(str(value))
                if parsed is not None:
                    stamps.setdefault(last, parsed)
        submitted = stamps.get("submission_time") or stamps.get("submissiondate")
        end = stamps.get("end") or submitted
        start = stamps.get("start") or end
        if start is None or end is None:
            start = end = dt.datetime.now().astimezone().replace(microsecond=0)
        return start, max(start, end)

    def convert(self, sub: Submission) -> Outcome:
        outcome = Outcome(sub)
        for key, value in sub.values.items():  # ODK Central's FormVersion is the workbook's settings version
            if key.lower() == "formversion" and value and str(value) != self.form.form.version:
                outcome.notes.append(
                    f"bản nộp theo phiên bản mẫu “{value}”, mẫu dùng để chuyển là phiên bản "
                    f"“{self.form.form.version}”"
                )
        if "__too_many__" in sub.values:
            outcome.problems.append("dòng có nhiều ô hơn dòng tiêu đề")
            return outcome
        problems: list[str] = []
        answers = self.answers(sub, problems)
        respondent: dict[str, str | None] = {}
        for key, item in self.form.respondent.items():
            value = self.value(sub, key)
            if value is not None and item.listed and item.choice_label(str(value)) is None:
                by_label = {nfc(o.label): o.id for o in item.choices}  # a platform may export labels
                value = by_label.get(str(value), value)
            respondent[key] = str(value) if value is not None else None
        start, end = self.times(sub)
        generator = f"phieu {__version__} import ({self.source}"
        generator += f", {sub.instance_id})" if sub.instance_id else f", {sub.where})"
        response = Response(
            form=FormRef(id=self.form.form.id, version=self.form.form.version, hash=self.loaded.hash),
            respondent=respondent,
            status="complete",
            created_at=start,
            updated_at=end,
            completed_at=end,
            generator=generator,
            answers=answers,
        )
        if problems:
            outcome.problems = problems
            return outcome
        report = check_response(self.loaded, json.loads(dump_response(response)))
        hard = [p for p in report.problems if p.code not in MISSING_CODES]
        if hard:
            outcome.problems = [_render(p.ref, p.where, p.message) for p in hard]
            return outcome
        if report.problems:
            outcome.draft_reasons = [_render(p.ref, p.where, p.message) for p in report.problems]
            response.status = "draft"
            response.completed_at = None
        outcome.response = response
        return outcome


_DUMMY = Question(id="x", number="x", text="x", kind="text")


def _put(answers: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = answers
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _render(ref: str | None, where: str | None, message: str) -> str:
    subject = " ".join(p for p in (ref, f"({where})" if where else None) if p)
    return f"{subject}: {message}" if subject else message


def _instant(text: str) -> dt.datetime | None:
    """A platform's time: with an offset or Z as written; without one it is UTC (KoBo's _submission_time)."""
    try:
        value = dt.datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.replace(microsecond=0)


# --- the command --------------------------------------------------------------------------------------------


def file_name(form: Form, outcome: Outcome, used: set[str]) -> str:
    """The response file's name: the unit (form 149: the province's id; free text folded to ASCII), or
    "khong_ro_" and the unit's word ("khong_ro_tinh"), then the start of the instance id."""
    response = outcome.response
    unit = (response.respondent.get(form.unit_id) if response else None) or (
        "khong_ro_" + slug(form.unit_noun.split(",")[0])
    )
    iid = outcome.submission.instance_id
    tail = re.sub(r"[^a-z0-9]+", "", (iid or "").lower().removeprefix("uuid:"))[:8]
    stem = re.sub(r"[^a-z0-9_]+", "_", fold(unit)) + "-" + (tail or f"so{outcome.submission.number}")
    name, n = stem + ".json", 2
    while name in used:
        name, n = f"{stem}-{n}.json", n + 1
    used.add(name)
    return name


def convert_all(loaded: LoadedForm, path: Path) -> tuple[list[Outcome], Columns, str]:
    submissions, platform = read_submissions(path)
    names: list[str] = []
    for sub in submissions:
        names.extend(k for k in sub.values if k not in names)
    columns = match_columns(loaded.form, names)
    converter = _Converter(loaded, columns, f"{platform}, {path.name}")
    return [converter.convert(sub) for sub in submissions], columns, platform


def response_text(outcome: Outcome) -> str:
    assert outcome.response is not None
    return dump_response(outcome.response)
