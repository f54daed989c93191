"""`phieu schema xlsform`: a phieu form as an XLSForm workbook (survey, choices, settings) for KoBoToolbox,
ODK Central, SurveyCTO and any platform built on the XLSForm standard (https://xlsform.org).

The field names follow plan.py, so that `phieu import` can turn the platform's submissions back into
response files. A fourth sheet, `phieu`, keeps what XLSForm has no column for (the cover letter, the issuer,
the deadline): platforms ignore it, and `phieu schema from-xlsform` reads it back.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from phieu_cli.common.errors import InvalidInput
from phieu_cli.common.problems import Problem
from phieu_cli.form.check import LoadedForm
from phieu_cli.form.model import (
    PERSON_PART_LABELS,
    PERSON_PART_LABELS_EN,
    Blank,
    Form,
    Question,
    Section,
)
from phieu_cli.form.values import NAME_MAX, PHONE_EXAMPLE
from phieu_cli.xlsform.plan import (
    LANG_EN,
    LANG_VI,
    PHONE_REGEX,
    RESPONDENT_GROUP,
    SEP,
    condition_xpath,
    followup_name,
    literal,
    other_text_name,
    ref,
)

SURVEY_COLUMNS = (
    "type",
    "name",
    f"label::{LANG_VI}",
    f"label::{LANG_EN}",
    f"hint::{LANG_VI}",
    f"hint::{LANG_EN}",
    "required",
    f"required_message::{LANG_VI}",
    f"required_message::{LANG_EN}",
    "relevant",
    "constraint",
    f"constraint_message::{LANG_VI}",
    f"constraint_message::{LANG_EN}",
    "appearance",
    "choice_filter",
)
CHOICES_COLUMNS = ("list_name", "name", f"label::{LANG_VI}", f"label::{LANG_EN}")
SETTINGS_COLUMNS = ("form_title", "form_id", "version", "default_language")
META_SHEET = "phieu"
META_COLUMNS = ("key", "value")
RESPONDENT_GROUP_LABEL = ("Thông tin đơn vị cung cấp", "Respondent")


@dataclass
class Workbook:
    """The sheets as rows of column -> value, in order."""

    survey: list[dict[str, Any]] = field(default_factory=list)
    choices: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    meta: list[tuple[str, str]] = field(default_factory=list)


# --- messages (Vietnamese first, English beside it) ---------------------------------------------------------


def length_message(limit: int) -> tuple[str, str]:
    return f"Tối đa {limit:,} ký tự.", f"At most {limit:,} characters."


def integer_message(low: int | None, high: int | None) -> tuple[str, str]:
    if low is not None and high is not None:
        return f"Nhập số nguyên từ {low} đến {high}.", f"A whole number from {low} to {high}."
    if low is not None:
        return f"Nhập số nguyên từ {low} trở lên.", f"A whole number of at least {low}."
    return f"Nhập số nguyên không quá {high}.", f"A whole number of at most {high}."


def date_message(low: Any, high: Any) -> tuple[str, str]:
    def vi(day: Any) -> str:
        return str(day.strftime("%d/%m/%Y"))

    if low is not None and high is not None:
        return f"Ngày từ {vi(low)} đến {vi(high)}.", f"A date from {low} to {high}."
    if low is not None:
        return f"Ngày từ {vi(low)} trở đi.", f"A date on or after {low}."
    return f"Ngày không sau {vi(high)}.", f"A date on or before {high}."


PHONE_MESSAGE = (
    f"Số điện thoại di động không hợp lệ: cần 10 chữ số, đầu 03/05/07/08/09, ví dụ {PHONE_EXAMPLE}.",
    f"Not a Vietnamese mobile number: 10 digits starting 03/05/07/08/09, e.g. {PHONE_EXAMPLE}.",
)


def choices_messages(
    min_choices: int | None, max_choices: int | None, exclusive: list[tuple[str, str | None]]
) -> list[tuple[str, str]]:
    """The messages of a multiple choice's constraint; *exclusive*: (label, label_en) of the options chosen alone."""
    found: list[tuple[str, str]] = []
    if min_choices:
        found.append((f"Chọn ít nhất {min_choices} lựa chọn.", f"Choose at least {min_choices}."))
    if max_choices:
        found.append((f"Chọn tối đa {max_choices} lựa chọn.", f"Choose at most {max_choices}."))
    for label, label_en in exclusive:
        found.append((f"“{label}” phải được chọn riêng.", f"“{label_en or label}” must be chosen alone."))
    return found


def choices_constraint(question: Question) -> str | None:
    parts: list[str] = []
    if question.min_choices:
        parts.append(f"count-selected(.) >= {question.min_choices}")
    if question.max_choices:
        parts.append(f"count-selected(.) <= {question.max_choices}")
    for option in question.options or []:
        if option.exclusive:
            parts.append(f"(not(selected(., {literal(option.id)})) or count-selected(.) = 1)")
    return " and ".join(parts) or None


def scalar_constraint(kind: str, item: Question | Blank) -> tuple[str | None, tuple[str, str] | None]:
    """(constraint, (message vi, message en)) for a value of *kind*; the form's own `invalid` message wins."""
    expr: str | None = None
    message: tuple[str, str] | None = None
    if kind in ("text", "long_text"):
        limit = item.length_limit(kind)
        if limit is not None:
            expr, message = f"string-length(.) <= {limit}", length_message(limit)
    elif kind == "integer":
        low, high = item.min, item.max
        parts = ([f". >= {low}"] if low is not None else []) + ([f". <= {high}"] if high is not None else [])
        if parts:
            expr = " and ".join(parts)
            message = integer_message(low, high)  # type: ignore[arg-type]
    elif kind == "date":
        low, high = item.min, item.max
        parts = ([f". >= date('{low}')"] if low is not None else []) + (
            [f". <= date('{high}')"] if high is not None else []
        )
        if parts:
            expr, message = " and ".join(parts), date_message(low, high)
    elif kind == "phone":
        expr, message = f"regex(., {literal(PHONE_REGEX)})", PHONE_MESSAGE
    elif kind == "name":
        expr, message = f"string-length(.) <= {NAME_MAX}", length_message(NAME_MAX)
    if expr and item.messages and item.messages.invalid:
        message = (item.messages.invalid, message[1] if message else item.messages.invalid)
    return expr, message


# --- building the rows --------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, form: Form) -> None:
        self.form = form
        self.book = Workbook()
        self.names: dict[str, str] = {}  # name -> what it is, to refuse a clash
        self.problems: list[Problem] = []

    def claim(self, name: str, what: str) -> None:
        if name in self.names:
            self.problems.append(
                Problem(
                    f'tên trường XLSForm "{name}" bị trùng: {self.names[name]} và {what}', code="name_clash"
                )
            )
        self.names[name] = what

    def row(
        self, type_: str, name: str, label: tuple[str, str] | None = None, **extra: Any
    ) -> dict[str, Any]:
        row: dict[str, Any] = {"type": type_, "name": name}
        if label is not None:
            row[f"label::{LANG_VI}"], row[f"label::{LANG_EN}"] = label
        for key, value in extra.items():
            if value is not None:
                row[key] = value
        self.book.survey.append(row)
        return row

    def build(self) -> Workbook:
        form = self.form
        self.respondent()
        for section in form.sections:
            self.section(section)
        meta = form.form
        self.book.settings = {
            "form_title": meta.title,
            "form_id": meta.id,
            "version": meta.version,
            "default_language": LANG_VI,
        }
        if self.problems:
            raise InvalidInput(
                f"Không chuyển được mẫu phiếu sang XLSForm ({len(self.problems)} lỗi)", self.problems
            )
        return self.book

    def respondent(self) -> None:
        """The group `respondent`: a field per respondent field of the form, named by its id (form 149:
        `province`, a select_one over the list of the same name, and `agency`, text)."""
        self.claim(RESPONDENT_GROUP, "nhóm thông tin đơn vị")
        for key, item in self.form.respondent.items():
            self.claim(key, self.form.unit_noun if key == self.form.unit_id else item.label)
        self.row("begin_group", RESPONDENT_GROUP, RESPONDENT_GROUP_LABEL)
        for key, item in self.form.respondent.items():
            label = (item.label, item.label_en or item.label)
            required = "yes" if item.required else None
            if item.listed:
                self.row(
                    f"select_one {key}",
                    key,
                    label,
                    required=required,
                    **_hint(item.help, item.help_en),
                    appearance="minimal",
                )
                for option in item.choices:
                    self.choice(key, option.id, option.label, option.label_en)
                continue
            limit = item.max_length or NAME_MAX
            expr, message = f"string-length(.) <= {limit}", length_message(limit)
            self.row(
                "text",
                key,
                label,
                required=required,
                **_hint(item.help, item.help_en),
                constraint=expr,
                **_messages("constraint_message", message),
            )
        self.row("end_group", "")

    def choice(self, list_name: str, name: str, label: str, label_en: str | None) -> None:
        self.book.choices.append(
            {
                "list_name": list_name,
                "name": name,
                f"label::{LANG_VI}": label,
                f"label::{LANG_EN}": label_en or label,
            }
        )

    def section(self, section: Section) -> None:
        self.claim(section.id, f"phần {section.number or section.id}")
        title = f"{section.number}. {section.title}" if section.number else section.title
        title_en = section.title_en or section.title
        if section.number:
            title_en = f"{section.number}. {title_en}"
        self.row("begin_group", section.id, (title, title_en))
        if section.intro:
            self.row("note", section.id + SEP + "intro", (section.intro, section.intro))
        for question in section.questions:
            self.question(question)
        self.row("end_group", "")

    def relevant(self, question: Question) -> str | None:
        return condition_xpath(question.when, self.form) if question.when else None

    def question(self, q: Question) -> None:
        self.claim(q.id, q.ref)
        label = (f"{q.number}. {q.text}", f"{q.number}. {q.text_en or q.text}")
        common = {
            "required": "yes" if q.required else None,
            "relevant": self.relevant(q),
            **_hint(q.help, q.help_en),
            **_required_message(q),
        }
        if q.kind in ("single", "multiple"):
            self.choice_question(q, label, common)
        elif q.kind == "person":
            self.row("begin_group", q.id, label, relevant=common["relevant"], **_hint(q.help, q.help_en))
            self.person_parts(q.id, q, required=q.required)
            self.row("end_group", "")
        elif q.kind == "group":
            if q.required and not any(b.required for b in q.fields or []):
                self.problems.append(
                    Problem(
                        f"{q.ref}: nhóm bắt buộc mà không ô nào bắt buộc: XLSForm không nói được "
                        "“ít nhất một ô” (hãy đặt required cho một ô, hoặc required: false cho câu)",
                        code="not_expressible",
                    )
                )
            self.row("begin_group", q.id, label, relevant=common["relevant"], **_hint(q.help, q.help_en))
            for blank in q.fields or []:
                self.blank(SEP.join((q.id, blank.id)), blank, q, None)
            self.row("end_group", "")
        else:
            self.scalar(q.kind, q.id, label, q, common)

    def choice_question(self, q: Question, label: tuple[str, str], common: dict[str, Any]) -> None:
        type_ = "select_one" if q.kind == "single" else "select_multiple"
        expr = choices_constraint(q)
        exclusive = [(o.label, o.label_en) for o in q.options or [] if o.exclusive]
        messages = choices_messages(q.min_choices, q.max_choices, exclusive)
        message = (" ".join(m[0] for m in messages), " ".join(m[1] for m in messages)) if messages else None
        if expr and q.messages and q.messages.invalid and message:
            message = (q.messages.invalid, message[1])
        filters = [
            f"(name != {literal(o.id)} or {condition_xpath(o.when, self.form)})"
            for o in q.options or []
            if o.when is not None
        ]
        self.row(
            f"{type_} {q.id}",
            q.id,
            label,
            constraint=expr,
            **_messages("constraint_message", message),
            choice_filter=" and ".join(filters) or None,
            **common,
        )
        for option in q.options or []:
            self.choice(q.id, option.id, option.label, option.label_en)
        guard = common["relevant"]
        for option in q.options or []:
            chosen = f"selected({ref(q.id)}, {literal(option.id)})"
            if guard:
                chosen = f"({guard}) and {chosen}"
            if option.other:
                name = other_text_name(q, option.id)
                self.claim(name, f"{q.ref}, nội dung “{option.label}”")
                expr, message = scalar_constraint("text", _OTHER)
                self.row(
                    "text",
                    name,
                    (f"{option.label}: ghi rõ", f"{option.label_en or option.label}: please specify"),
                    required="yes",
                    relevant=chosen,
                    constraint=expr,
                    **_messages("constraint_message", message),
                )
            for blank in option.followups:
                self.blank(followup_name(q, option.id, blank), blank, q, chosen)

    def blank(self, name: str, blank: Blank, q: Question, chosen: str | None) -> None:
        self.claim(name, f"{q.ref}, ô “{blank.label}”")
        relevant = chosen
        if blank.when is not None:
            cond = condition_xpath(blank.when, self.form)
            relevant = f"{relevant} and {cond}" if relevant else cond
        label = (blank.label, blank.label_en or blank.label)
        if blank.kind == "person":
            self.row("begin_group", name, label, relevant=relevant, **_hint(blank.help, blank.help_en))
            self.person_parts(name, blank, required=blank.required)
            self.row("end_group", "")
            return
        common = {
            "required": "yes" if blank.required else None,
            "relevant": relevant,
            **_hint(blank.help, blank.help_en),
            **_required_message(blank),
        }
        self.scalar(blank.kind, name, label, blank, common)

    def person_parts(self, base: str, item: Question | Blank, *, required: bool) -> None:
        for part in item.parts:
            name = SEP.join((base, part))
            self.claim(name, f"{base}: {PERSON_PART_LABELS[part]}")
            kind = "phone" if part == "phone" else "name"
            expr, message = scalar_constraint(kind, item)
            self.row(
                "text",
                name,
                (PERSON_PART_LABELS[part], PERSON_PART_LABELS_EN[part]),
                required="yes" if required else None,
                constraint=expr,
                **_messages("constraint_message", message),
                **_required_message(item),
                appearance="numbers" if part == "phone" else None,
            )

    def scalar(
        self, kind: str, name: str, label: tuple[str, str], item: Question | Blank, common: dict[str, Any]
    ) -> None:
        type_ = {"integer": "integer", "date": "date"}.get(kind, "text")
        appearance = {"long_text": "multiline", "phone": "numbers"}.get(kind)
        expr, message = scalar_constraint(kind, item)
        self.row(
            type_,
            name,
            label,
            constraint=expr,
            **_messages("constraint_message", message),
            appearance=appearance,
            **common,
        )


_OTHER = Blank(id="text", label="Nội dung khác")


def _hint(help_vi: str | None, help_en: str | None) -> dict[str, Any]:
    if not help_vi:
        return {}
    return {f"hint::{LANG_VI}": help_vi, f"hint::{LANG_EN}": help_en or help_vi}


def _messages(column: str, message: tuple[str, str] | None) -> dict[str, Any]:
    if not message:
        return {}
    return {f"{column}::{LANG_VI}": message[0], f"{column}::{LANG_EN}": message[1]}


def _required_message(item: Question | Blank) -> dict[str, Any]:
    if item.messages and item.messages.required:
        return _messages("required_message", (item.messages.required, item.messages.required))
    return {}


def meta_rows(form: Form) -> list[tuple[str, str]]:
    """What XLSForm has no place for, as (key, JSON text): the form's metadata and the respondent's labels."""

    def text(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    rows: list[tuple[str, str]] = [("phieu_schema", "1")]
    meta = form.form.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    for key, value in meta.items():
        if key not in ("id", "version", "title"):
            rows.append((f"form.{key}", text(value)))
    for key, item in form.respondent.items():
        data = item.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        data.pop("options", None)
        rows.append((f"respondent.{key}", text(data)))
    # Soft checks (warnings): XLSForm's constraints are hard; phieu keeps them here, by the answer's path
    # below the answers ("q3dd", "q1.co.nam", "q2d.so_nguoi"), for `phieu schema from-xlsform`.
    for q in form.questions:
        owners: list[tuple[str, Any]] = [(q.id, q)]
        owners += [(f"{q.id}.{o.id}.{b.id}", b) for o in q.options or [] for b in o.followups]
        owners += [(f"{q.id}.{b.id}", b) for b in q.fields or []]
        for path, item in owners:
            if item.warnings:
                dumped = [w.model_dump(mode="json", exclude_none=True, by_alias=True) for w in item.warnings]
                rows.append((f"warnings.{path}", text(dumped)))
    return rows


def build_workbook(form: Form) -> Workbook:
    book = _Builder(form).build()
    book.meta = meta_rows(form)
    return book


def workbook_bytes(book: Workbook) -> bytes:
    """The .xlsx file: a bold frozen header row on every sheet, and readable column widths."""
    from openpyxl import Workbook as XlsxBook
    from openpyxl.styles import Alignment, Font

    xlsx = XlsxBook()
    bold = Font(bold=True)
    sheets: list[tuple[str, tuple[str, ...], list[dict[str, Any]]]] = [
        ("survey", SURVEY_COLUMNS, book.survey),
        ("choices", CHOICES_COLUMNS, book.choices),
        ("settings", SETTINGS_COLUMNS, [book.settings]),
        (META_SHEET, META_COLUMNS, [{"key": k, "value": v} for k, v in book.meta]),
    ]
    first = True
    for title, columns, rows in sheets:
        sheet = xlsx.active if first else xlsx.create_sheet()
        first = False
        assert sheet is not None
        sheet.title = title
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = bold
        for row in rows:
            sheet.append([row.get(c) for c in columns])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            longest = max([len(str(r.get(column) or "")) for r in rows] + [len(column)])
            sheet.column_dimensions[letter].width = min(max(longest + 2, 8), 60)
            if longest > 60:
                for cell in sheet[letter][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    xlsx.save(out)
    return out.getvalue()


def xlsform_bytes(loaded: LoadedForm) -> bytes:
    return workbook_bytes(build_workbook(loaded.form))
