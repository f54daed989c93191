"""`phieu schema from-xlsform`: an XLSForm workbook read into phieu's form language.

What phieu can express is read; everything else is refused with `file:sheet:row` and the reason, and nothing
is written then (docs/xlsform.md lists both). The result is checked like any form (`phieu schema check`).

Read: select_one / select_multiple (with `or_other`), text (multiline: long_text; the phone regex: phone),
integer, date, notes (a section's intro, or help of the next question), groups (a top-level group is a
section; inside it a group is a `group` question, or a `person` when its fields are name/position/phone),
`relevant` made of `selected(${q}, 'x')`, `${q} = 'x'`, `${q} != ''`, comparisons of whole numbers,
`and`/`or`/`not`; `required`; constraints on length, bounds, dates, the number of choices, an option chosen
alone; the follow-up blanks of an option (`{question}__{option}__{blank}`, relevant when it is chosen).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phieu_cli.common.errors import InvalidInput, UsageError
from phieu_cli.common.problems import Problem
from phieu_cli.common.text import nfc
from phieu_cli.form.model import DEFAULT_MAX_LENGTH, OTHER_TEXT_KEY
from phieu_cli.form.optionsets import OPTION_SETS, option_set
from phieu_cli.form.values import NAME_MAX
from phieu_cli.responses.jsonfile import json_reason
from phieu_cli.xlsform.plan import (
    PHONE_REGEX,
    RESPONDENT_GROUP,
    SEP,
)
from phieu_cli.xlsform.writer import (
    META_SHEET,
    PHONE_MESSAGE,
    choices_messages,
    date_message,
    integer_message,
    length_message,
)
from phieu_cli.xlsform.xpath import Node, ParseError, conjuncts, parse

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMBERED = re.compile(r"^(\S{1,16}?)\.\s+(.+)$", re.S)
_YES = {"yes", "true", "true()", "1", "y"}
_NO = {"", "no", "false", "false()", "0", "n"}
# Appearances that only change how a platform draws a question: phieu has no drawing to keep them in.
_PRESENTATION = {
    "minimal",
    "multiline",
    "numbers",
    "field-list",
    "quick",
    "horizontal",
    "horizontal-compact",
    "compact",
    "likert",
    "columns",
    "columns-pack",
    "no-calendar",
    "autocomplete",
    "search",
}
_META_TYPES = {"start", "end", "today"}
_SURVEY_COLUMNS = {
    "type",
    "name",
    "label",
    "hint",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "appearance",
    "choice_filter",
}
_PERSON_PARTS = ("name", "position", "phone")
ALL_PERSON_PARTS = set(_PERSON_PARTS)


@dataclass
class Row:
    sheet: str
    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class ReadResult:
    data: dict[str, Any]
    yaml_text: str
    notes: list[str] = field(default_factory=list)


class _Refused(Exception):
    pass


class Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.lang_vi = ""  # the column suffix of the Vietnamese (default) language, "" for plain `label`
        self.lang_en: str | None = None
        self.kinds: dict[str, str] = {}  # question id -> phieu kind, as read so far
        self.options: dict[str, list[str]] = {}  # question id -> option ids
        self.question_rel: dict[str, Node | None] = {}  # question id -> its relevant, parsed
        self.choices: dict[str, list[Row]] = {}
        self.numbers: set[str] = set()  # printed numbers taken so far
        self.group_fields: dict[str, list[str]] = {}  # group/person question id -> its fields' names
        self.meta: dict[str, Any] = {}  # the `phieu` sheet: key -> value

    # --- reporting ---------------------------------------------------------------------------------------

    def refuse(self, row: Row | None, message: str, sheet: str = "survey") -> None:
        where = f"{self.path}:{row.sheet if row else sheet}"
        self.problems.append(Problem(message, file=where, line=row.number if row else None, code="xlsform"))

    # --- the workbook ------------------------------------------------------------------------------------

    def sheets(self) -> dict[str, list[Row]]:
        book = open_workbook(self.path)
        found: dict[str, list[Row]] = {}
        for sheet in book.worksheets:
            name = sheet.title.strip().lower()
            rows = list(sheet.iter_rows(values_only=True))
            if not rows:
                found[name] = []
                continue
            header = [nfc(str(h).strip()) if h is not None else "" for h in rows[0]]
            body = []
            for number, values in enumerate(rows[1:], start=2):
                cells = {
                    header[i]: nfc(_cell_text(v))
                    for i, v in enumerate(values)
                    if i < len(header) and header[i] and _cell_text(v)
                }
                if cells:
                    body.append(Row(name, number, cells))
            found[name] = body
            found.setdefault(f"__header__{name}", [Row(name, 1, {h: h for h in header if h})])
        book.close()
        return found

    def read(self) -> dict[str, Any]:
        sheets = self.sheets()
        if "survey" not in sheets:
            raise UsageError(f"{self.path}: không có trang survey (đây không phải XLSForm?)")
        for name in sheets:
            if not name.startswith("__header__") and name not in (
                "survey",
                "choices",
                "settings",
                META_SHEET,
            ):
                self.refuse(None, f"trang “{name}” không có trong mẫu phieu", sheet=name)
        settings = sheets.get("settings", [])
        setting = settings[0].cells if settings else {}
        self.languages(sheets, setting.get("default_language", ""))
        for row in sheets.get("choices", []):
            self.choices.setdefault(row.get("list_name"), []).append(row)
        self.check_columns(sheets)
        form = self.settings(settings[0] if settings else None, sheets.get(META_SHEET, []))
        respondent, sections = self.survey(sheets["survey"], sheets.get(META_SHEET, []))
        if self.problems:
            raise InvalidInput(
                f"{self.path}: {len(self.problems)} phần phieu không biểu diễn được; chưa ghi gì",
                self.problems,
            )
        return {"phieu_schema": 1, "form": form, "respondent": respondent, "sections": sections}

    def languages(self, sheets: dict[str, list[Row]], default: str) -> None:
        header = sheets.get("__header__survey", [Row("survey", 1, {})])[0].cells
        translatable = ("label::", "hint::", "required_message::", "constraint_message::")
        langs = sorted({h.split("::", 1)[1] for h in header if h.startswith(translatable)})
        plain = "label" in header
        if not langs:
            return
        vi = default if default in langs else next((lang for lang in langs if "(vi)" in lang), None)
        if vi is None and plain:
            vi = ""
        if vi is None:
            vi = langs[0]
        en = next(
            (lang for lang in langs if lang != vi and ("(en)" in lang or lang.lower() == "english")), None
        )
        self.lang_vi, self.lang_en = vi, en
        for lang in langs:
            if lang not in (vi, en):
                self.refuse(
                    Row("survey", 1, {}),
                    f"ngôn ngữ “{lang}”: mẫu phieu chỉ có tiếng Việt và tiếng Anh (label, label_en)",
                )

    def check_columns(self, sheets: dict[str, list[Row]]) -> None:
        header = sheets.get("__header__survey", [Row("survey", 1, {})])[0].cells
        for column in header:
            base, _, lang = column.partition("::")
            if base in _SURVEY_COLUMNS and (not lang or lang in (self.lang_vi, self.lang_en)):
                continue
            if base in ("label", "hint", "required_message", "constraint_message"):
                continue  # another language: refused once in languages()
            if any(column in r.cells for r in sheets["survey"]):
                self.refuse(Row("survey", 1, {}), f"cột “{column}” không có trong mẫu phieu")
        header = sheets.get("__header__choices", [Row("choices", 1, {})])[0].cells
        for column in header:
            base, _, lang = column.partition("::")
            if column in ("list_name", "name") or (
                base == "label" and lang in ("", self.lang_vi, self.lang_en)
            ):
                continue
            if base == "label":
                continue
            if any(column in r.cells for r in sheets.get("choices", [])):
                self.refuse(Row("choices", 1, {}), f"cột “{column}” không có trong mẫu phieu")

    def text(self, row: Row, column: str) -> tuple[str, str | None]:
        """(Vietnamese, English or None) of a translatable column."""
        vi = row.get(f"{column}::{self.lang_vi}") if self.lang_vi else row.get(column)
        if not vi:
            vi = row.get(column)
        en = row.get(f"{column}::{self.lang_en}") if self.lang_en else ""
        return vi, (en if en and en != vi else None)

    # --- settings and what only phieu keeps --------------------------------------------------------------

    def settings(self, row: Row | None, meta_rows: list[Row]) -> dict[str, Any]:
        cells = row.cells if row else {}
        for key in cells:
            if key not in ("form_title", "form_id", "id_string", "version", "default_language", "style"):
                if key == "instance_name":
                    self.notes.append(
                        "settings.instance_name chỉ dùng trên nền tảng, không có trong mẫu phieu"
                    )
                    continue
                self.refuse(row, f"thiết lập “{key}” không có trong mẫu phieu", sheet="settings")
        form_id = cells.get("form_id") or cells.get("id_string") or self.path.stem
        if not _ID.match(form_id):
            self.refuse(
                row, f"form_id “{form_id}”: mã mẫu phieu chỉ gồm chữ thường, số và _", sheet="settings"
            )
        form: dict[str, Any] = {
            "id": form_id,
            "version": cells.get("version") or "1",
            "title": cells.get("form_title") or form_id,
        }
        meta: dict[str, Any] = {}
        for meta_row in meta_rows:
            key, value = meta_row.get("key"), meta_row.get("value")
            if key == "phieu_schema":
                continue
            if not key.startswith(("form.", "warnings.", "respondent.")):
                self.refuse(meta_row, f"khóa “{key}” không có trong mẫu phieu")
                continue
            try:
                meta[key] = json.loads(value) if value else None
            except json.JSONDecodeError as exc:
                self.refuse(meta_row, f"giá trị của “{key}” không phải JSON: {json_reason(exc.msg)}")
            except (ValueError, RecursionError):  # a number over Python's digit limit, nesting too deep
                self.refuse(meta_row, f"giá trị của “{key}” không đọc được (số quá dài hoặc lồng quá sâu)")
        for key, value in meta.items():
            if key.startswith("form."):
                form[key.removeprefix("form.")] = value
        if "issuer" not in form:
            form["issuer"] = "(chưa ghi cơ quan ban hành)"
            self.notes.append(
                "form.issuer: XLSForm không có cơ quan ban hành; đã ghi tạm, hãy sửa trong tệp YAML"
            )
        if "letter" not in form:  # optional: a form without a cover letter (docs/schema.md)
            self.notes.append(
                "form.letter: XLSForm không có số và ngày công văn; mẫu phiếu không có công văn kèm theo "
                "(thêm form.letter vào tệp YAML nếu có)"
            )
        self.meta = meta
        return form

    # --- the survey sheet --------------------------------------------------------------------------------

    def survey(self, rows: list[Row], meta_rows: list[Row]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        respondent: dict[str, Any] | None = None
        sections: list[dict[str, Any]] = []
        loose: dict[str, Any] | None = None  # questions outside any group
        index = 0
        while index < len(rows):
            row = rows[index]
            kind = _type(row)
            if kind == "begin_group":
                end = self.group_end(rows, index)
                inner = rows[index + 1 : end]
                if row.get("name") == RESPONDENT_GROUP:
                    respondent = self.respondent(row, inner)
                else:
                    loose = None
                    section = self.section(row, inner)
                    if section is not None:
                        sections.append(section)
                index = end + 1
                continue
            if kind == "end_group":
                self.refuse(row, "end_group không có begin_group tương ứng")
                index += 1
                continue
            if loose is None:
                loose = {"id": f"phan_{len(sections) + 1}", "title": "Câu hỏi", "questions": []}
                sections.append(loose)
            index = self.item(rows, index, loose)
        sections = [s for s in sections if s.get("questions")]
        self.attach_warnings(sections, meta_rows)
        if not sections:
            self.refuse(None, "không có câu hỏi nào")
        if respondent is None:
            respondent = self.default_respondent()
        return respondent, sections

    def attach_warnings(self, sections: list[dict[str, Any]], meta_rows: list[Row]) -> None:
        """The `phieu` sheet's "warnings.PATH" rows (meta_rows() of writer.py) back on their question or
        blank: PATH is the question's id, then the option and blank ids, or the group's blank id."""
        owners: dict[str, dict[str, Any]] = {}
        for section in sections:
            for q in section.get("questions", []):
                owners[q["id"]] = q
                for option in q.get("options") or []:
                    for blank in option.get("followups") or []:
                        owners[f"{q['id']}.{option['id']}.{blank['id']}"] = blank
                for blank in q.get("fields") or []:
                    owners[f"{q['id']}.{blank['id']}"] = blank
        for key, value in self.meta.items():
            if not key.startswith("warnings."):
                continue
            owner = owners.get(key.removeprefix("warnings."))
            if owner is None:
                row = next((r for r in meta_rows if r.get("key") == key), None)
                self.refuse(row, f"“{key}”: không có câu hỏi hay ô trống này trong trang survey")
            else:
                owner["warnings"] = value

    def group_end(self, rows: list[Row], start: int) -> int:
        depth = 0
        for i in range(start, len(rows)):
            kind = _type(rows[i])
            if kind in ("begin_group", "begin_repeat"):
                depth += 1
            elif kind in ("end_group", "end_repeat"):
                depth -= 1
                if depth == 0:
                    return i
        self.refuse(rows[start], "begin_group không có end_group")
        return len(rows) - 1

    def default_respondent(self) -> dict[str, Any]:
        self.notes.append(
            "respondent: XLSForm không có nhóm “respondent” (province, agency); đã dùng danh sách 63 tỉnh, "
            "thành phố và ô “Cơ quan cung cấp thông tin”"
        )
        return {
            "province": {"label": "Tỉnh, thành phố", "options_from": "vn_provinces_2023"},
            "agency": {"label": "Cơ quan cung cấp thông tin"},
        }

    def respondent(self, group: Row, inner: list[Row]) -> dict[str, Any]:
        """The group `respondent`: one respondent field per row, named by the row's name (form 149: `province`
        and `agency`), a select_one a list, a text free text; the sheet `phieu` keeps what XLSForm cannot say
        (`unit`, `noun`…). A list read from a CSV file (`options_file`) comes back written out."""
        found: dict[str, Any] = {}
        for row in inner:
            name, kind = row.get("name"), _type(row)
            if kind not in ("select_one", "text") or not _ID.match(name):
                self.refuse(
                    row,
                    f"nhóm “{RESPONDENT_GROUP}” chỉ có trường select_one hoặc text, tên là một mã "
                    "(chữ thường không dấu, số và _)",
                )
                continue
            kept = self.meta.get(f"respondent.{name}")
            entry = found[name] = dict(kept) if isinstance(kept, dict) else {}
            label, label_en = self.text(row, "label")
            entry.setdefault("label", label or name)
            if label_en:
                entry.setdefault("label_en", label_en)
            hint = self.text(row, "hint")[0]
            if hint:
                entry.setdefault("help", hint)
            if row.get("required").lower() not in _YES:
                entry["required"] = False
            entry.pop("options_file", None)
            if kind == "text":
                entry.pop("options_from", None)
            else:
                choices = self.choices.get(_list_name(row), [])
                ids = [c.get("name") for c in choices]
                builtin = entry.get("options_from")
                if builtin and ids == [i for i, _ in option_set(builtin)]:
                    continue
                entry.pop("options_from", None)
                known = next((s for s in OPTION_SETS if ids == [i for i, _ in option_set(s)]), None)
                if known is not None:  # the 63 provinces of 2023, the 34 of 2025…: the built-in set
                    entry["options_from"] = known
                else:
                    entry["options"] = [self.option(c) for c in choices]
        if not found:
            self.refuse(group, f"nhóm “{RESPONDENT_GROUP}” cần ít nhất một trường (ví dụ province, agency)")
        return found

    def option(self, row: Row) -> dict[str, Any]:
        name = row.get("name")
        if not _ID.match(name):
            self.refuse(row, f"mã lựa chọn “{name}”: chỉ gồm chữ thường không dấu, số và _, bắt đầu bằng chữ")
        label, label_en = self.text(row, "label")
        option: dict[str, Any] = {"id": name, "label": label or name}
        if label_en:
            option["label_en"] = label_en
        return option

    def section(self, row: Row, inner: list[Row]) -> dict[str, Any] | None:
        name = row.get("name")
        self.check_id(row, name)
        label, label_en = self.text(row, "label")
        number, title = _split_number(label)
        section: dict[str, Any] = {"id": name}
        if number:
            section["number"] = number
            _, title_en = _split_number(label_en or "")
            label_en = title_en if label_en else None
        section["title"] = title or name
        if label_en:
            section["title_en"] = label_en
        section["questions"] = []
        if row.get("relevant"):
            self.refuse(row, "phần (nhóm ngoài cùng) có relevant: hãy đặt điều kiện cho từng câu hỏi")
        self.unsupported(row, ("required", "constraint", "choice_filter"))
        index = 0
        if inner and _type(inner[0]) == "note":
            section["intro"] = self.text(inner[0], "label")[0]
            index = 1
        while index < len(inner):
            index = self.item(inner, index, section)
        return section

    def check_id(self, row: Row, name: str) -> None:
        if not _ID.match(name or ""):
            self.refuse(row, f"tên “{name}”: mã trong mẫu phieu chỉ gồm chữ thường không dấu, số và _")

    def unsupported(self, row: Row, columns: tuple[str, ...]) -> None:
        for column in columns:
            if row.get(column):
                self.refuse(row, f"cột “{column}” không dùng được ở dòng {_type(row)}")

    # --- one question (and the rows that belong to it) ---------------------------------------------------

    def item(self, rows: list[Row], index: int, section: dict[str, Any]) -> int:
        row = rows[index]
        kind = _type(row)
        questions: list[dict[str, Any]] = section["questions"]
        self._current_section = questions
        if kind == "note":
            help_vi, help_en = self.text(row, "label")
            if index + 1 >= len(rows) or _type(rows[index + 1]) in ("note", "end_group"):
                self.refuse(row, "ghi chú (note) không có câu hỏi đi sau để làm lời hướng dẫn")
                return index + 1
            self._pending_help = (help_vi, help_en)
            return index + 1
        if kind in _META_TYPES:
            self.unsupported(row, ("relevant", "constraint", "required"))
            return index + 1
        if kind == "begin_group":
            end = self.group_end(rows, index)
            question = self.group_question(row, rows[index + 1 : end])
            if question is not None:
                questions.append(self.with_help(question))
            return end + 1
        if kind == "begin_repeat":
            self.refuse(row, "nhóm lặp (repeat) không có trong mẫu phieu")
            return self.group_end(rows, index) + 1
        name = row.get("name")
        owner = self.followup_owner(name, questions)
        if owner is not None:
            self.followup(row, owner, name)
            return index + 1
        question = self.question(row)
        if question is not None:
            questions.append(self.with_help(question))
        return index + 1

    _pending_help: tuple[str, str | None] | None = None

    def with_help(self, question: dict[str, Any]) -> dict[str, Any]:
        if self._pending_help:
            help_vi, help_en = self._pending_help
            self._pending_help = None
            question["help"] = help_vi + ("\n" + question["help"] if question.get("help") else "")
            if help_en:
                question["help_en"] = help_en + (
                    "\n" + question["help_en"] if question.get("help_en") else ""
                )
        return question

    def base(self, row: Row) -> dict[str, Any] | None:
        """id, number, text, text_en, help, required, when, messages.required of a question row."""
        name = row.get("name")
        self.check_id(row, name)
        if name in self.kinds:
            self.refuse(row, f"tên “{name}” bị trùng")
            return None
        label, label_en = self.text(row, "label")
        number, text = _split_number(label)
        # A number taken already ("Dr. …", "e.g. …") is no printed number: the label stays whole.
        if number is not None and number in self.numbers:
            number, text = None, label
        if label_en and number:
            en_number, en_text = _split_number(label_en)
            label_en = en_text if en_number == number else label_en
        question: dict[str, Any] = {"id": name, "number": number or name, "text": text or name}
        self.numbers.add(question["number"])
        if label_en:
            question["text_en"] = label_en
        help_vi, help_en = self.text(row, "hint")
        if help_vi:
            question["help"] = help_vi
        if help_en:
            question["help_en"] = help_en
        self.required_and_when(row, question)
        return question

    def required_and_when(self, row: Row, item: dict[str, Any], *, guard: Node | None = None) -> None:
        required = row.get("required").lower()
        if required not in _YES | _NO:
            self.refuse(row, f"required “{row.get('required')}”: chỉ dùng được yes hoặc no")
        if required in _NO:
            item["required"] = False
        message = self.text(row, "required_message")[0]
        if message:
            item.setdefault("messages", {})["required"] = message
        relevant = row.get("relevant")
        if relevant:
            try:
                node = parse(relevant)
                parts = [p for p in conjuncts(node) if guard is None or p != guard]
                if parts:
                    item["when"] = self.condition(
                        parts[0] if len(parts) == 1 else Node("and", args=tuple(parts))
                    )
            except (ParseError, _Refused) as exc:
                self.refuse(row, f"relevant “{relevant}”: {exc}")

    def question(self, row: Row) -> dict[str, Any] | None:
        kind = _type(row)
        if kind in ("select_one", "select_multiple"):
            return self.choice_question(row, kind)
        if kind in ("text", "integer", "date"):
            question = self.base(row)
            if question is None:
                return None
            self.unsupported(row, ("choice_filter",))
            question.update(self.scalar(row, kind))
            self.kinds[question["id"]] = question["kind"]
            self.question_rel[question["id"]] = _parsed(row.get("relevant"))
            return question
        reason = {
            "decimal": "phieu chưa có loại số thập phân (decimal)",
            "calculate": "phép tính (calculate) không có trong mẫu phieu",
            "hidden": "trường ẩn không có trong mẫu phieu",
            "acknowledge": "loại acknowledge không có trong mẫu phieu",
            "time": "phieu chưa có loại giờ (time)",
            "datetime": "phieu chưa có loại ngày giờ (dateTime)",
        }.get(kind.lower(), f"loại câu hỏi “{row.get('type')}” không có trong mẫu phieu")
        self.refuse(row, reason)
        return None

    def scalar(self, row: Row, kind: str) -> dict[str, Any]:
        """kind and bounds of a text/integer/date row, from its type, appearance and constraint."""
        appearance = row.get("appearance")
        self.check_appearance(row)
        out: dict[str, Any] = {}
        constraint = row.get("constraint")
        parts = _constraint_parts(constraint, row, self)
        if kind == "text":
            phone = [p for p in parts if _is_phone(p)]
            out["kind"] = "phone" if phone else ("long_text" if "multiline" in appearance.split() else "text")
            for part in parts:
                if _is_phone(part):
                    continue
                limit = _length_limit(part)
                if limit is None or out["kind"] == "phone":
                    self.refuse(row, f"ràng buộc “{_show(part)}” không có trong mẫu phieu")
                    continue
                if limit != DEFAULT_MAX_LENGTH.get(out["kind"]):
                    out["max_length"] = limit
            generic = None
            if out["kind"] == "phone":
                generic = PHONE_MESSAGE[0]
            elif parts:
                generic = length_message(out.get("max_length") or DEFAULT_MAX_LENGTH[out["kind"]])[0]
        elif kind == "integer":
            out["kind"] = "integer"
            for part in parts:
                bound = _number_bound(part)
                if bound is None:
                    self.refuse(row, f"ràng buộc “{_show(part)}” không có trong mẫu phieu")
                    continue
                out[bound[0]] = bound[1]
            generic = integer_message(out.get("min"), out.get("max"))[0] if parts else None
        else:
            out["kind"] = "date"
            for part in parts:
                day = _date_bound(part)
                if day is None:
                    self.refuse(row, f"ràng buộc “{_show(part)}” không có trong mẫu phieu")
                    continue
                out[day[0]] = day[1]
            generic = None
            if parts:
                import datetime as dt

                low = dt.date.fromisoformat(out["min"]) if "min" in out else None
                high = dt.date.fromisoformat(out["max"]) if "max" in out else None
                generic = date_message(low, high)[0]
        self.invalid_message(row, out, generic)
        return out

    def invalid_message(self, row: Row, item: dict[str, Any], generic: str | None) -> None:
        message = self.text(row, "constraint_message")[0]
        if message and message != generic:
            item.setdefault("messages", {})["invalid"] = message

    def check_appearance(self, row: Row) -> None:
        for word in row.get("appearance").split():
            if word not in _PRESENTATION:
                self.refuse(row, f"appearance “{word}” không có trong mẫu phieu")

    def choice_question(self, row: Row, kind: str) -> dict[str, Any] | None:
        question = self.base(row)
        if question is None:
            return None
        self.check_appearance(row)
        list_name = _list_name(row)
        choices = self.choices.get(list_name)
        if not choices:
            self.refuse(row, f"không có danh sách lựa chọn “{list_name}” trong trang choices")
            return None
        question["kind"] = "single" if kind == "select_one" else "multiple"
        options = [self.option(c) for c in choices]
        seen: set[str] = set()
        for choice, option in zip(choices, options, strict=True):
            if option["id"] in seen:
                self.refuse(choice, f"lựa chọn “{option['id']}” bị trùng trong danh sách “{list_name}”")
            seen.add(option["id"])
        if _or_other(row):
            options.append({"id": "other", "label": "Khác", "label_en": "Other", "other": True})
            self.notes.append(
                f"{question['id']}: or_other thành lựa chọn “other” (Khác); khi xuất lại, nội dung của nó là "
                f"trường {question['id']}{SEP}other{SEP}{OTHER_TEXT_KEY}"
            )
        question["options"] = options
        self.kinds[question["id"]] = question["kind"]
        self.options[question["id"]] = [o["id"] for o in options]
        self.question_rel[question["id"]] = _parsed(row.get("relevant"))
        # constraint: the number of choices, options chosen alone
        parts = _constraint_parts(row.get("constraint"), row, self)
        for part in parts:
            if question["kind"] == "multiple" and (found := _choices_rule(part)) is not None:
                key, value = found
                if key == "exclusive":
                    match = next((o for o in options if o["id"] == value), None)
                    if match is None:
                        self.refuse(row, f"ràng buộc nói tới lựa chọn “{value}” không có trong danh sách")
                    else:
                        match["exclusive"] = True
                else:
                    question[key] = value
                continue
            self.refuse(row, f"ràng buộc “{_show(part)}” không có trong mẫu phieu")
        if parts:
            exclusive = [(o["label"], o.get("label_en")) for o in options if o.get("exclusive")]
            messages = choices_messages(question.get("min_choices"), question.get("max_choices"), exclusive)
            self.invalid_message(row, question, " ".join(m[0] for m in messages) if messages else None)
        filter_ = row.get("choice_filter")
        if filter_:
            self.choice_filter(row, filter_, question)
        return question

    def choice_filter(self, row: Row, text: str, question: dict[str, Any]) -> None:
        try:
            node = parse(text)
        except ParseError as exc:
            self.refuse(row, f"choice_filter “{text}”: {exc}")
            return
        for part in conjuncts(node):
            # (name != 'x' or CONDITION): option x only when CONDITION
            ok = part.kind == "or" and len(part.args) == 2
            test = part.args[0] if ok else None
            if not (
                ok
                and test is not None
                and test.kind == "cmp"
                and test.name == "!="
                and test.args[0] == Node("name", "name")
                and test.args[1].kind == "str"
            ):
                self.refuse(
                    row, f"choice_filter “{_show(part)}”: chỉ dùng được dạng (name != 'x' or điều kiện)"
                )
                continue
            assert test is not None
            option = next((o for o in question["options"] if o["id"] == test.args[1].name), None)
            if option is None:
                self.refuse(
                    row, f"choice_filter nói tới lựa chọn “{test.args[1].name}” không có trong danh sách"
                )
                continue
            try:
                option["when"] = self.condition(part.args[1])
            except _Refused as exc:
                self.refuse(row, f"choice_filter “{_show(part)}”: {exc}")

    # --- follow-up blanks and "Khác" text ----------------------------------------------------------------

    def followup_owner(self, name: str, questions: list[dict[str, Any]]) -> dict[str, Any] | None:
        parts = name.split(SEP)
        if len(parts) < 3:
            return None
        owner = next((q for q in questions if q["id"] == parts[0]), None)
        if owner is None or owner.get("kind") not in ("single", "multiple"):
            return None
        if not any(o["id"] == parts[1] for o in owner["options"]):
            return None
        return owner

    def followup(self, row: Row, owner: dict[str, Any], name: str, inner: list[Row] | None = None) -> None:
        _, option_id, blank_id = name.split(SEP, 2)
        option = next(o for o in owner["options"] if o["id"] == option_id)
        chosen = parse(f"selected(${{{owner['id']}}}, '{option_id}')")
        try:
            relevant = parse(row.get("relevant")) if row.get("relevant") else None
        except ParseError as exc:
            self.refuse(row, f"relevant “{row.get('relevant')}”: {exc}")
            return
        if relevant is None or chosen not in conjuncts(relevant):
            self.refuse(
                row,
                f"“{name}” là ô của lựa chọn “{option_id}” của {owner['id']}: relevant phải có "
                f"selected(${{{owner['id']}}}, '{option_id}')",
            )
            return
        guard = self.question_rel.get(owner["id"])
        rest = [
            p for p in conjuncts(relevant) if p != chosen and (guard is None or p not in conjuncts(guard))
        ]
        if blank_id == OTHER_TEXT_KEY:
            if _type(row) != "text":
                self.refuse(row, "nội dung “Khác” phải là câu text")
            if rest:
                self.refuse(row, "nội dung “Khác” không có điều kiện riêng")
            option["other"] = True
            return
        blank = self.blank(row, blank_id, rest, inner)
        if blank is not None:
            option.setdefault("followups", []).append(blank)

    def blank(
        self, row: Row, blank_id: str, rest: list[Node], inner: list[Row] | None
    ) -> dict[str, Any] | None:
        if not _ID.match(blank_id):
            self.refuse(row, f"mã ô “{blank_id}”: chỉ gồm chữ thường không dấu, số và _")
            return None
        label, label_en = self.text(row, "label")
        blank: dict[str, Any] = {"id": blank_id, "label": label or blank_id}
        if label_en:
            blank["label_en"] = label_en
        help_vi, help_en = self.text(row, "hint")
        if help_vi:
            blank["help"] = help_vi
        if help_en:
            blank["help_en"] = help_en
        if rest:
            try:
                blank["when"] = self.condition(rest[0] if len(rest) == 1 else Node("and", args=tuple(rest)))
            except _Refused as exc:
                self.refuse(row, f"relevant: {exc}")
        if inner is not None:  # a person
            person = self.person_parts(row, inner, row.get("name"))
            if person is None:
                return None
            blank.update(person)
            return blank
        kind = _type(row)
        if kind not in ("text", "integer", "date"):
            self.refuse(row, f"ô trống loại “{row.get('type')}” không có trong mẫu phieu")
            return None
        required = row.get("required").lower()
        if required not in _YES:
            blank["required"] = False
        message = self.text(row, "required_message")[0]
        if message:
            blank.setdefault("messages", {})["required"] = message
        scalar = self.scalar(row, kind)
        if scalar["kind"] == "text":
            scalar.pop("kind")
        blank.update(scalar)
        if "messages" in scalar:
            blank["messages"] = {**blank.get("messages", {}), **scalar["messages"]}
        return blank

    # --- groups: a group question, a person ------------------------------------------------------------

    def person_parts(self, group: Row, inner: list[Row], base: str) -> dict[str, Any] | None:
        parts: list[str] = []
        required: set[bool] = set()
        for row in inner:
            name = row.get("name")
            part = name.removeprefix(base + SEP) if name.startswith(base + SEP) else ""
            if part not in ALL_PERSON_PARTS or _type(row) != "text":
                self.refuse(row, f"trong nhóm người “{base}” chỉ có {base}{SEP}name/position/phone (text)")
                return None
            parts.append(part)
            required.add(row.get("required").lower() in _YES)
            constraint = row.get("constraint")
            expected = f"regex(., '{PHONE_REGEX}')" if part == "phone" else f"string-length(.) <= {NAME_MAX}"
            if constraint and constraint.replace('"', "'") != expected:
                self.refuse(
                    row, f"ràng buộc “{constraint}” không có trong mẫu phieu (cần {expected} hoặc để trống)"
                )
            if row.get("relevant"):
                self.refuse(row, "một phần của người (họ tên, chức vụ, điện thoại) không có điều kiện riêng")
        if len(required) > 1:
            self.refuse(group, "các phần của người phải cùng bắt buộc hoặc cùng không bắt buộc")
        out: dict[str, Any] = {"kind": "person", "person_fields": parts}
        if required == {False}:
            out["required"] = False
        message = next(
            (self.text(r, "required_message")[0] for r in inner if r.get("required_message")), None
        )
        if message:
            out["messages"] = {"required": message}
        return out

    def is_person(self, inner: list[Row], base: str) -> bool:
        names = [r.get("name") for r in inner]
        return bool(names) and all(
            n.startswith(base + SEP) and n.removeprefix(base + SEP) in ALL_PERSON_PARTS for n in names
        )

    def group_question(self, row: Row, inner: list[Row]) -> dict[str, Any] | None:
        name = row.get("name")
        owner = self.followup_owner(name, self._section_questions())
        if owner is not None:
            self.followup(row, owner, name, inner)
            return None
        question = self.base(row)
        if question is None:
            return None
        self.unsupported(row, ("required", "constraint", "choice_filter"))
        self.group_fields[name] = [
            r.get("name") for r in inner if _type(r) not in ("begin_group", "end_group")
        ]
        if self.is_person(inner, name):
            person = self.person_parts(row, inner, name)
            if person is None:
                return None
            question.pop("required", None)
            question.update(person)
            self.kinds[name] = "person"
            self.question_rel[name] = _parsed(row.get("relevant"))
            return question
        question["kind"] = "group"
        fields: list[dict[str, Any]] = []
        index = 0
        while index < len(inner):
            child = inner[index]
            child_name = child.get("name")
            blank_id = child_name.removeprefix(name + SEP)
            if _type(child) == "begin_group":
                end = self.group_end(inner, index)
                sub = inner[index + 1 : end]
                if self.is_person(sub, child_name):
                    blank = self.blank(child, blank_id, _relevant_parts(child, self), sub)
                    if blank is not None:
                        fields.append(blank)
                else:
                    self.refuse(child, "nhóm lồng trong nhóm: mẫu phieu chỉ có nhóm các ô trống và người")
                index = end + 1
                continue
            blank = self.blank(child, blank_id, _relevant_parts(child, self), None)
            if blank is not None:
                fields.append(blank)
            index += 1
        if not fields:
            self.refuse(row, "nhóm không có ô trống nào")
        # A group row has no `required`: the group is required when one of its blanks is.
        question.pop("required", None)
        if fields and not any(f.get("required", True) for f in fields):
            question["required"] = False
        question["fields"] = fields
        self.kinds[name] = "group"
        self.question_rel[name] = _parsed(row.get("relevant"))
        return question

    _current_section: list[dict[str, Any]] | None = None

    def _section_questions(self) -> list[dict[str, Any]]:
        return self._current_section or []

    # --- conditions ------------------------------------------------------------------------------------

    def condition(self, node: Node) -> dict[str, Any]:
        # A test of a question guarded by that question's own relevance (what the writer emits, phieu's meaning
        # of a question that does not apply): the guard is implied in phieu.
        if node.kind == "and" and len(node.args) == 2:
            subject = self.only_question(node.args[1])
            if subject is not None and self.question_rel.get(subject) == node.args[0]:
                return self.condition(node.args[1])
        if node.kind == "or" and len(node.args) == 2 and node.args[0].kind == "not":
            subject = self.only_question(node.args[1])
            if subject is not None and self.question_rel.get(subject) == node.args[0].args[0]:
                return self.condition(node.args[1])
        if node.kind == "or" and (group := self.group_answered(node)) is not None:
            return {"question": group, "answered": True}
        if node.kind == "not":
            inner = self.condition(node.args[0])
            if set(inner) == {"question", "answered"}:
                return {"question": inner["question"], "answered": not inner["answered"]}
            return {"not": inner}
        if node.kind == "and":
            return {"all": [self.condition(a) for a in node.args]}
        if node.kind == "or":
            leaves = [self.condition(a) for a in node.args]
            # selected(${q}, 'a') or selected(${q}, 'b'): {question: q, is: [a, b]}
            if all(set(leaf) == {"question", "is"} and isinstance(leaf["is"], str) for leaf in leaves) and (
                len({leaf["question"] for leaf in leaves}) == 1
            ):
                return {"question": leaves[0]["question"], "is": [leaf["is"] for leaf in leaves]}
            return {"any": leaves}
        if node.kind == "call" and node.name == "selected":
            if len(node.args) != 2 or node.args[0].kind != "ref" or node.args[1].kind != "str":
                raise _Refused("selected() cần dạng selected(${câu}, 'mã')")
            question = self.known(node.args[0].name, ("single", "multiple"))
            option = node.args[1].name
            if option not in self.options.get(question, []):
                raise _Refused(f"{question} không có lựa chọn “{option}”")
            return {"question": question, "is": option}
        if node.kind == "cmp":
            return self.comparison(node)
        raise _Refused(f"“{_show(node)}” không có trong điều kiện của mẫu phieu")

    def only_question(self, node: Node) -> str | None:
        """The one question an expression looks at (a group's fields count as the group), if only one."""
        owners = {next((g for g, f in self.group_fields.items() if name in f), name) for name in _refs(node)}
        return next(iter(owners)) if len(owners) == 1 else None

    def group_answered(self, node: Node) -> str | None:
        """`(${g__a} != '' or ${g__b} != '' …)` over every field of a group or person question: it is answered."""
        names: list[str] = []
        for arg in node.args:
            if not (
                arg.kind == "cmp"
                and arg.name == "!="
                and arg.args[0].kind == "ref"
                and arg.args[1] == Node("str", "")
            ):
                return None
            names.append(arg.args[0].name)
        return next((q for q, fields in self.group_fields.items() if fields == names), None)

    def known(self, name: str, kinds: tuple[str, ...] | None = None) -> str:
        if name not in self.kinds:
            raise _Refused(f"${{{name}}} không phải một câu hỏi đứng trước (phieu chỉ xét câu hỏi đã hỏi)")
        if kinds is not None and self.kinds[name] not in kinds:
            raise _Refused(f"${{{name}}} là câu loại {self.kinds[name]}, không so sánh như vậy được")
        return name

    def comparison(self, node: Node) -> dict[str, Any]:
        left, right = node.args
        op = node.name
        if left.kind != "ref" and right.kind == "ref":
            left, right = right, left
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        if left.kind == "call" and left.name == "string-length" and len(left.args) == 1:
            inner = left.args[0]
            if inner.kind == "ref" and right == Node("num", "0") and op in (">", "!="):
                return {"question": self.known(inner.name), "answered": True}
            if inner.kind == "ref" and right == Node("num", "0") and op == "=":
                return {"question": self.known(inner.name), "answered": False}
        if left.kind != "ref":
            raise _Refused(f"“{_show(node)}” không có trong điều kiện của mẫu phieu")
        question = self.known(left.name)
        kind = self.kinds[question]
        if right == Node("str", ""):
            if op == "!=":
                return {"question": question, "answered": True}
            if op == "=":
                return {"question": question, "answered": False}
        if right.kind == "str" and kind == "multiple":
            raise _Refused(
                f"${{{question}}} là câu nhiều lựa chọn: “= '{right.name}'” nghĩa là chỉ chọn đúng một lựa chọn đó, "
                f"mẫu phieu không có điều kiện này (dùng selected(${{{question}}}, '{right.name}'))"
            )
        if right.kind == "str" and kind == "single" and op in ("=", "!="):
            if right.name not in self.options.get(question, []):
                raise _Refused(f"{question} không có lựa chọn “{right.name}”")
            leaf = {"question": question, "is": right.name}
            return leaf if op == "=" else {"not": leaf}
        if right.kind == "num" and kind == "integer" and re.fullmatch(r"-?[0-9]+", right.name):
            value = int(right.name)
            bounds = {
                ">=": {"min": value},
                ">": {"min": value + 1},
                "<=": {"max": value},
                "<": {"max": value - 1},
                "=": {"min": value, "max": value},
            }.get(op)
            if bounds is not None:
                return {"question": question, **bounds}
            return {"not": {"question": question, "min": value, "max": value}}
        raise _Refused(f"“{_show(node)}” không có trong điều kiện của mẫu phieu")


def _refs(node: Node) -> set[str]:
    if node.kind == "ref":
        return {node.name}
    return {name for arg in node.args for name in _refs(arg)}


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value).strip()


def _type(row: Row) -> str:
    text = re.sub(r"\s+", " ", row.get("type").strip())
    lowered = text.lower()
    if lowered in ("begin group", "begin_group"):
        return "begin_group"
    if lowered in ("end group", "end_group"):
        return "end_group"
    if lowered in ("begin repeat", "begin_repeat"):
        return "begin_repeat"
    if lowered in ("end repeat", "end_repeat"):
        return "end_repeat"
    first = lowered.split(" ")[0] if lowered else ""
    return {"select1": "select_one", "select_one": "select_one", "select_multiple": "select_multiple"}.get(
        first, first or "(trống)"
    )


def _list_name(row: Row) -> str:
    parts = re.sub(r"\s+", " ", row.get("type").strip()).split(" ")
    return parts[1] if len(parts) > 1 else ""


def _or_other(row: Row) -> bool:
    return row.get("type").strip().lower().endswith(" or_other")


def _split_number(label: str) -> tuple[str | None, str]:
    match = _NUMBERED.match(label or "")
    if match:
        return match.group(1), match.group(2).strip()
    return None, label


def _parsed(text: str) -> Node | None:
    try:
        return parse(text) if text else None
    except ParseError:
        return None


def _relevant_parts(row: Row, reader: Reader) -> list[Node]:
    text = row.get("relevant")
    if not text:
        return []
    try:
        return conjuncts(parse(text))
    except ParseError as exc:
        reader.refuse(row, f"relevant “{text}”: {exc}")
        return []


def _constraint_parts(text: str, row: Row, reader: Reader) -> list[Node]:
    if not text:
        return []
    try:
        return conjuncts(parse(text))
    except ParseError as exc:
        reader.refuse(row, f"constraint “{text}”: {exc}")
        return []


def _is_phone(node: Node) -> bool:
    return (
        node.kind == "call"
        and node.name == "regex"
        and len(node.args) == 2
        and node.args[0].kind == "dot"
        and node.args[1] == Node("str", PHONE_REGEX)
    )


def _length_limit(node: Node) -> int | None:
    if node.kind == "cmp" and node.name in ("<=", "<"):
        left, right = node.args
        if (
            left == Node("call", "string-length", (Node("dot"),))
            and right.kind == "num"
            and right.name.isdigit()
        ):
            return int(right.name) - (1 if node.name == "<" else 0)
    return None


def _number_bound(node: Node) -> tuple[str, int] | None:
    if node.kind != "cmp" or node.args[0].kind != "dot" or node.args[1].kind != "num":
        return None
    if not re.fullmatch(r"-?[0-9]+", node.args[1].name):
        return None
    value = int(node.args[1].name)
    return {
        ">=": ("min", value),
        ">": ("min", value + 1),
        "<=": ("max", value),
        "<": ("max", value - 1),
    }.get(node.name)


def _date_bound(node: Node) -> tuple[str, str] | None:
    if node.kind != "cmp" or node.args[0].kind != "dot" or node.name not in (">=", "<="):
        return None
    right = node.args[1]
    if right.kind == "call" and right.name == "date" and len(right.args) == 1:
        right = right.args[0]
    if right.kind != "str" or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", right.name):
        return None
    return ("min" if node.name == ">=" else "max", right.name)


def _choices_rule(node: Node) -> tuple[str, Any] | None:
    count = Node("call", "count-selected", (Node("dot"),))
    if node.kind == "cmp" and node.args[0] == count and node.args[1].kind == "num":
        value = node.args[1].name
        if value.isdigit() and node.name in (">=", "<="):
            return ("min_choices" if node.name == ">=" else "max_choices", int(value))
    # (not(selected(., 'x')) or count-selected(.) = 1)
    if node.kind == "or" and len(node.args) == 2:
        first, second = node.args
        if (
            first.kind == "not"
            and first.args[0].kind == "call"
            and first.args[0].name == "selected"
            and len(first.args[0].args) == 2
            and first.args[0].args[0].kind == "dot"
            and first.args[0].args[1].kind == "str"
            and second == Node("cmp", "=", (count, Node("num", "1")))
        ):
            return ("exclusive", first.args[0].args[1].name)
    return None


def _show(node: Node) -> str:
    """A parsed expression written back, for messages."""
    if node.kind in ("and", "or"):
        return "(" + f" {node.kind} ".join(_show(a) for a in node.args) + ")"
    if node.kind == "not":
        return f"not({_show(node.args[0])})"
    if node.kind == "call":
        return f"{node.name}(" + ", ".join(_show(a) for a in node.args) + ")"
    if node.kind == "cmp":
        return f"{_show(node.args[0])} {node.name} {_show(node.args[1])}"
    if node.kind == "ref":
        return "${" + node.name + "}"
    if node.kind == "str":
        return f"'{node.name}'"
    if node.kind == "dot":
        return "."
    if node.kind in ("true", "false"):
        return f"{node.kind}()"
    return node.name


def dump_yaml(data: dict[str, Any]) -> str:
    import yaml

    header = "# Đọc từ XLSForm bằng `phieu schema from-xlsform`; kiểm tra bằng `phieu schema check`.\n"
    return header + str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110))


def read_xlsform(path: Path) -> ReadResult:
    from phieu_cli.form.check import check_source
    from phieu_cli.form.yamlsource import YamlError, load_yaml_text

    reader = Reader(path)
    data = reader.read()
    text = dump_yaml(data)
    try:
        source = load_yaml_text(text, f"{path} (YAML)")
    except YamlError as exc:
        raise InvalidInput(f"{path}: mẫu phiếu đọc được không hợp lệ", exc.problems) from None
    _, problems = check_source(source)
    if problems:
        raise InvalidInput(
            f"{path}: mẫu phiếu đọc được không qua được kiểm tra (phieu schema check)", problems
        )
    return ReadResult(data=data, yaml_text=text, notes=reader.notes)


def open_workbook(path: Path) -> Any:
    """An .xlsx file opened read-only (a form, or a platform's export), or a usage error in Vietnamese."""
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise UsageError(f"Không tìm thấy tệp: {path}") from None
    except Exception:  # openpyxl raises many kinds, in English, for a file that is not a workbook
        raise UsageError(f"Không đọc được {path} như một tệp Excel (.xlsx)") from None
