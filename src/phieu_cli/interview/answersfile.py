"""`phieu fill --answers FILE`: a response built with no prompts from an answers file a person writes by hand.

The format is documented in docs/answers-file.md, with a full example for form 149 in examples/answers/.
In short (YAML, UTF-8):

    province: Hà Nội                 # a name with or without diacritics, the full label or the id
    agency: Sở Thông tin và Truyền thông
    answers:
      "1":                           # the question's printed number (or its id, q1)
        chua_quy_dinh:               # an option: its id or its label
          ly_do: Đang trình UBND tỉnh
      2a: so_tttt                    # an option with nothing to fill in
      2b: {khac: Trung tâm Giám sát} # "Khác": the text as the value
      3đ: 7
      "7.1": {name: Trần Thị Bình, phone: 0905 123 456}
    confirmations:                   # warnings of the form confirmed with a reason
      3đ: {w1: Ban biên tập kiêm nhiệm cả các cổng thành phần}

Every value is read as written (never YAML's guesses: `0351234567` stays a phone number, `No` a word), then
parsed by the same functions as the interview (values.parse_scalar) and checked by the same validator as
`phieu validate`. Every problem is reported at once, with file:line:column and the question as printed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phieu_cli.common.errors import InvalidInput, UsageError
from phieu_cli.common.files import atomic_write_text, write_error
from phieu_cli.common.messages import label as form_text
from phieu_cli.common.messages import t
from phieu_cli.common.problems import Problem, dotted
from phieu_cli.common.text import fold, nfc, shorten
from phieu_cli.form.check import LoadedForm
from phieu_cli.form.model import (
    CHOICE_KINDS,
    OTHER_TEXT_KEY,
    Blank,
    Form,
    Option,
    Question,
)
from phieu_cli.form.values import check_name, parse_scalar, person_part_label
from phieu_cli.form.yamlsource import KeyPath, YamlError, YamlSource, load_yaml_file
from phieu_cli.interview.machine import (
    OTHER_TEXT_MAX,
    choice_noun,
    find_question,
    former_province_note,
    match_provinces,
)
from phieu_cli.responses.format import Response, dump_response, new_response, now
from phieu_cli.responses.validation import check_response, warned_answers

MAX_ANSWERS_BYTES = 1024 * 1024
# Besides the form's respondent field ids (form 149: province, agency), written at the top level.
TOP_KEYS = ("form", "answers", "confirmations")
# Names a person may give the parts of a person, besides name/position/phone.
PART_ALIASES = {
    "name": ("name", "ho ten", "ho va ten", "ten"),
    "position": ("position", "chuc vu"),
    "phone": ("phone", "so dien thoai", "dien thoai", "sdt", "so dien thoai di dong"),
}
OTHER_KEYS = ("text", "noi dung", "ghi ro", "khac", "noi dung khac")


def write_from_answers_file(loaded: LoadedForm, path: Path, output: Path, *, force: bool) -> None:
    """Build, check and write the response; InvalidInput (exit 1) lists every problem, nothing is written."""
    if output.is_dir():
        raise UsageError(
            t("{output} là một thư mục; cần tên tệp kết quả, ví dụ -o tra_loi.json.", output=output)
        )
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(
            t("Thư mục {folder} không tồn tại (cần cho tệp kết quả {output}).", folder=folder, output=output)
        )
    if output.exists() and not force:
        raise UsageError(
            t("Tệp {output} đã có. Dùng --force để ghi đè, hoặc -o để chọn tên khác.", output=output)
        )
    response, problems, warnings = read_answers_file(loaded, path)
    if problems or response is None:
        raise InvalidInput(
            t("{path}: {count} lỗi; chưa ghi {output}.", path=path, count=len(problems), output=output),
            problems,
        )
    try:
        atomic_write_text(output, dump_response(response), private=True)
    except OSError as exc:  # a read-only folder, a full disk: nothing was written, the answers file is intact
        raise UsageError(
            t(
                "Không ghi được {output}: {reason}. Chưa ghi gì; dùng -o để chọn chỗ khác.",
                output=output,
                reason=write_error(exc),
            )
        ) from None
    print(t("Đã ghi phiếu hoàn thành vào {output} (từ {path}).", output=output, path=path))
    for warning in warnings:  # not errors: the response is written, each is worth a look
        print(f"! {warning.render()}")
    if warnings:
        print(
            t(
                "{count} cảnh báo chưa xác nhận: sửa câu trả lời, hoặc ghi lý do dưới khóa confirmations "
                "(docs/answers-file.md).",
                count=len(warnings),
            )
        )


def build_response(loaded: LoadedForm, path: Path) -> tuple[Response | None, list[Problem]]:
    """The complete response an answers file describes, or every problem found in it."""
    response, problems, _ = read_answers_file(loaded, path)
    return response, problems


def read_answers_file(loaded: LoadedForm, path: Path) -> tuple[Response | None, list[Problem], list[Problem]]:
    """(response or None, problems, the warnings its answers fire without a confirmation), each warning
    at the file:line of its answer."""
    try:
        source = load_yaml_file(path, max_bytes=MAX_ANSWERS_BYTES, text_scalars=True)
    except YamlError as exc:
        return None, exc.problems, []
    reader = _Reader(loaded, source)
    response, problems = reader.run()
    return response, problems, reader.warnings


@dataclass
class _Reader:
    loaded: LoadedForm
    source: YamlSource
    problems: list[Problem] = field(default_factory=list)
    places: dict[str, KeyPath] = field(default_factory=dict)  # JSON path in the response -> YAML path
    failed: list[str] = field(default_factory=list)  # JSON paths whose value could not be read
    warnings: list[Problem] = field(default_factory=list)  # fired and not confirmed, at the answer's line

    @property
    def form(self) -> Form:
        return self.loaded.form

    def bad(
        self,
        ypath: KeyPath,
        message: str,
        *,
        ref: str | None = None,
        jpath: str | None = None,
        key: bool = False,
    ) -> None:
        self.problems.append(self.source.problem(ypath, message, key=key, ref=ref, code="answers"))
        if jpath is not None:
            self.failed.append(jpath)

    def place(self, jpath: str, ypath: KeyPath) -> str:
        self.places.setdefault(jpath, ypath)
        return jpath

    # --- the file ----------------------------------------------------------------------------------

    def run(self) -> tuple[Response | None, list[Problem]]:
        data = self.source.data
        fields = list(self.form.respondent)
        keys = [*fields, "answers"]
        if data is None:
            self.bad(
                (), t("tệp rỗng: cần {keys} và answers (xem docs/answers-file.md)", keys=", ".join(fields))
            )
            return None, self.problems
        if not isinstance(data, dict):
            self.bad((), t("tệp trả lời phải là một ánh xạ với các khóa {keys}", keys=", ".join(keys)))
            return None, self.problems
        misplaced = False
        for key in data:
            if key in TOP_KEYS or key in fields:
                continue
            if find_question(self.form, str(key)) is not None:
                misplaced = True
                self.bad(
                    (key,),
                    t(
                        "“{key}” là một câu hỏi: mọi câu trả lời phải nằm dưới khóa answers: "
                        "(xem examples/answers/ha_noi.yaml)",
                        key=key,
                    ),
                    key=True,
                )
            else:
                self.bad(
                    (key,),
                    t(
                        "khóa không được hỗ trợ: “{key}” (có: {known})",
                        key=key,
                        known=", ".join(["form", *keys, "confirmations"]),
                    ),
                    key=True,
                )
        if misplaced and "answers" not in data:
            # Answers written at the top level: say that once, not "chưa trả lời" for every question.
            return None, self.problems
        form_id = data.get("form")
        if form_id is not None and form_id != self.form.form.id:
            self.bad(
                ("form",),
                t(
                    "tệp này dành cho mẫu “{found}”, không phải mẫu “{form}”",
                    found=form_id,
                    form=self.form.form.id,
                ),
            )
        respondent: dict[str, str | None] = {}
        for key in fields:
            self.place(f"$.respondent.{key}", (key,))
            respondent[key] = self.respondent_field(key, data.get(key))
        self.place("$.answers", ("answers",))
        answers = self.answers(data.get("answers"))
        confirmations = self.confirmations(data.get("confirmations"))
        response = new_response(self.loaded)
        response.respondent = respondent
        response.answers = answers
        response.confirmations = confirmations
        response.status = "complete"
        response.completed_at = response.updated_at = max(now(), response.created_at)
        report = check_response(
            self.loaded, json.loads(dump_response(response)), file=self.source.file, require_complete=True
        )
        for found in report.problems:
            if not self._already_said(found):
                self.problems.append(self._at_line(found))
        self.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        self.warnings = [self._at_line(w) for w in report.warnings]
        return (None if self.problems else response), self.problems

    def _at_line(self, found: Problem) -> Problem:
        """*found* (a problem of the response) where the answers file says it."""
        ypath = self._yaml_path(found.where or "")
        line, column = self._position(ypath)
        return Problem(
            found.message,
            file=self.source.file,
            line=line,
            column=column,
            where=dotted(ypath),
            ref=found.ref,
            code=found.code,
        )

    def _already_said(self, found: Problem) -> bool:
        where = found.where or ""
        for failed in self.failed:
            if where == failed or where.startswith(failed + "."):
                return True
            if failed.startswith(where + ".") and found.code in ("required", "too_few"):
                return True
        return False

    def _yaml_path(self, where: str) -> KeyPath:
        """Where the file says what the response holds at *where*; a question not written is named by its
        printed number, as the person would write it."""
        probe = where
        while probe:
            if probe in self.places:
                return self.places[probe]
            parent = probe.rpartition(".")[0]
            if parent == "$.answers" and (q := self.form.by_id.get(probe.rpartition(".")[2])):
                return ("answers", q.number)
            probe = parent
        return ()

    def _position(self, ypath: KeyPath) -> tuple[int | None, int | None]:
        """The line and column of *ypath*; for a key that is not written, the line of its nearest parent key."""
        if ypath in self.source.values:
            return self.source.values[ypath]
        probe = ypath
        while probe:
            probe = probe[:-1]
            if probe in self.source.keys:
                return self.source.keys[probe]
        return (1, 1) if self.source.values else (None, None)

    # --- respondent --------------------------------------------------------------------------------

    def respondent_field(self, key: str, value: Any) -> str | None:
        """A respondent field as written: a name from its list (with or without diacritics, the full label or
        the id), or one line of free text."""
        if value is None:
            return None
        field = self.form.respondent[key]
        jpath = f"$.respondent.{key}"
        if not field.listed:
            if not isinstance(value, str):
                self.bad(
                    (key,),
                    t("phải là văn bản một dòng ({label})", label=form_text(field.label, field.label_en)),
                    jpath=jpath,
                )
                return None
            text = " ".join(value.split())
            message = check_name(text, field.max_length)
            if message:
                self.bad((key,), message, jpath=jpath)
                return None
            return text or None
        noun = choice_noun(self.form, key)
        if not isinstance(value, str):
            self.bad((key,), t("phải là tên {noun}", noun=noun), jpath=jpath)
            return None
        matches = match_provinces(field.choices, value)
        if len(matches) == 1:
            return matches[0].id
        if not matches:
            note = former_province_note(self.form, value, key)
            self.bad(
                (key,),
                t("không có {noun} “{value}”", noun=noun, value=value) + (f". {note}" if note else ""),
                jpath=jpath,
            )
        else:
            names = ", ".join(o.label for o in matches[:8]) + (", …" if len(matches) > 8 else "")
            self.bad(
                (key,),
                t("“{value}” khớp nhiều {noun}: {names}", value=value, noun=noun, names=names),
                jpath=jpath,
            )
        return None

    # --- confirmations ---------------------------------------------------------------------------

    def confirmations(self, value: Any) -> dict[str, dict[str, str]]:
        """`confirmations:` answer -> warning id -> reason. The answer is named by its question's printed
        number (a warning on the question) or by its JSON path as phieu prints it, with or without
        "$.answers." ("$.answers.q1.co.nam", "q1.co.nam": a warning on a blank)."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.bad(("confirmations",), t("confirmations phải là một ánh xạ: câu -> mã cảnh báo -> lý do"))
            return {}
        warned = warned_answers(self.form)
        out: dict[str, dict[str, str]] = {}
        for key, reasons in value.items():
            ypath: KeyPath = ("confirmations", key)
            name = nfc(str(key)).strip()
            question = find_question(self.form, name)
            jpath = f"$.answers.{question.id}" if question is not None else name
            if question is None and not jpath.startswith("$."):
                jpath = f"$.answers.{jpath}"
            if jpath not in warned:
                ref = question.ref if question is not None else None
                known = ", ".join(self._answer_name(w) for w in warned) or t(
                    "mẫu phiếu không có cảnh báo nào"
                )
                self.bad(
                    ypath,
                    t("không có cảnh báo nào ở “{key}” (có: {known})", key=key, known=known),
                    ref=ref,
                    key=True,
                )
                continue
            if not isinstance(reasons, dict):
                self.bad(ypath, t("cần dạng mã_cảnh_báo: lý do, ví dụ w1: …"), key=True)
                continue
            self.place(f'$.confirmations["{jpath}"]', ypath)
            for warning_id, reason in reasons.items():
                rpath: KeyPath = (*ypath, warning_id)
                self.place(f'$.confirmations["{jpath}"].{warning_id}', rpath)
                if not isinstance(reason, str):
                    self.bad(rpath, t("lý do phải là một dòng chữ"))
                    continue
                out.setdefault(jpath, {})[nfc(str(warning_id))] = " ".join(nfc(reason).split())
        return out

    def _answer_name(self, jpath: str) -> str:
        """How an answers file names the answer at *jpath*: "3đ" for a question, "q1.co.nam" for a blank."""
        rest = jpath.removeprefix("$.answers.")
        question = self.form.by_id.get(rest)
        return question.number if question is not None else rest

    # --- answers -----------------------------------------------------------------------------------

    def answers(self, value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.bad(("answers",), t("answers phải là một ánh xạ: số câu -> câu trả lời"))
            return {}
        out: dict[str, Any] = {}
        seen: dict[str, str] = {}
        for key, item in value.items():
            ypath: KeyPath = ("answers", key)
            q = find_question(self.form, str(key))
            if q is None:
                numbers = ", ".join(q.number for q in self.form.questions)
                self.bad(
                    ypath,
                    t("không có câu “{key}” trong mẫu phiếu (các câu: {numbers})", key=key, numbers=numbers),
                    key=True,
                )
                continue
            if q.id in seen:
                self.bad(
                    ypath,
                    t("{question} đã được trả lời ở khóa “{key}”", question=q.ref, key=seen[q.id]),
                    ref=q.ref,
                    key=True,
                )
                continue
            seen[q.id] = str(key)
            jpath = self.place(f"$.answers.{q.id}", ypath)
            converted = self.question(q, item, ypath, jpath)
            if converted is not None:
                out[q.id] = converted
        return out

    def question(self, q: Question, value: Any, ypath: KeyPath, jpath: str) -> Any:
        if value is None:
            return None
        if q.kind in CHOICE_KINDS:
            return self.choice(q, value, ypath, jpath)
        if q.kind == "group":
            if not isinstance(value, dict):
                names = ", ".join(b.id for b in q.fields or [])
                self.bad(ypath, t("cần các ô: {names}", names=names), ref=q.ref, jpath=jpath)
                return None
            return self.blanks(q, q.fields or [], value, ypath, jpath, "")
        return self.value(q, q, q.kind, value, ypath, jpath)

    def value(
        self, q: Question, item: Question | Blank, kind: str, value: Any, ypath: KeyPath, jpath: str
    ) -> Any:
        if value is None:
            return None
        if kind == "person":
            return self.person(q, item, value, ypath, jpath)
        if not isinstance(value, str):
            self.bad(ypath, t("cần một giá trị, không phải danh sách hay ánh xạ"), ref=q.ref, jpath=jpath)
            return None
        if not value.strip():
            return None
        parsed, message = parse_scalar(kind, item, value)
        if message:
            self.bad(ypath, message, ref=q.ref, jpath=jpath)
            return None
        return parsed

    def person(self, q: Question, item: Question | Blank, value: Any, ypath: KeyPath, jpath: str) -> Any:
        parts = item.parts
        if not isinstance(value, dict):
            shape = ", ".join(f"{p}: …" for p in parts)
            self.bad(ypath, t("cần dạng {shape}", shape=f"{{{shape}}}"), ref=q.ref, jpath=jpath)
            return None
        out: dict[str, Any] = {}
        for key, part_value in value.items():
            part_path: KeyPath = (*ypath, key)
            folded = fold(str(key)).replace("_", " ")
            part = next((p for p, names in PART_ALIASES.items() if folded in names), None)
            if part is None or part not in parts:
                known = ", ".join(f"{p} ({person_part_label(p)})" for p in parts)
                self.bad(
                    part_path,
                    t("không có mục “{key}” (có: {known})", key=key, known=known),
                    ref=q.ref,
                    key=True,
                )
                continue
            part_jpath = self.place(f"{jpath}.{part}", part_path)
            if part_value is None:
                continue
            if part == "phone":
                parsed = self.value(q, item, "phone", part_value, part_path, part_jpath)
            elif isinstance(part_value, str):
                parsed = " ".join(part_value.split())
                message = check_name(parsed)
                if message:
                    self.bad(part_path, f"{person_part_label(part)}: {message}", ref=q.ref, jpath=part_jpath)
                    parsed = None
            else:
                self.bad(part_path, t("cần một dòng chữ"), ref=q.ref, jpath=part_jpath)
                parsed = None
            if parsed:
                out[part] = parsed
        return out

    def blanks(
        self,
        q: Question,
        blanks: list[Blank],
        values: Mapping[str, Any],
        ypath: KeyPath,
        jpath: str,
        what: str,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in values.items():
            blank_path: KeyPath = (*ypath, key)
            blank = _find(blanks, str(key))
            if blank is None:
                known = ", ".join(f"{b.id} ({form_text(b.label, b.label_en)})" for b in blanks) or t(
                    "không có ô nào"
                )
                self.bad(
                    blank_path,
                    t("không có ô “{key}”{where} (có: {known})", key=key, where=what, known=known),
                    ref=q.ref,
                    key=True,
                )
                continue
            blank_jpath = self.place(f"{jpath}.{blank.id}", blank_path)
            converted = self.value(q, blank, blank.kind, value, blank_path, blank_jpath)
            if converted is not None:
                out[blank.id] = converted
        return out

    def choice(self, q: Question, value: Any, ypath: KeyPath, jpath: str) -> dict[str, Any] | None:
        entries: list[tuple[Any, Any, KeyPath]] = []
        if isinstance(value, str):
            entries = [(value, None, ypath)]
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    entries.append((item, None, (*ypath, i)))
                elif isinstance(item, dict) and len(item) == 1:
                    ((name, detail),) = item.items()
                    entries.append((name, detail, (*ypath, i, name)))
                else:
                    self.bad(
                        (*ypath, i),
                        t("mỗi mục là một lựa chọn: “ma_lua_chon” hoặc “ma_lua_chon: {…}”"),
                        ref=q.ref,
                    )
        elif isinstance(value, dict):
            entries = [(name, detail, (*ypath, name)) for name, detail in value.items()]
        else:
            self.bad(ypath, t("cần một lựa chọn"), ref=q.ref, jpath=jpath)
            return None
        out: dict[str, Any] = {}
        for name, detail, entry_path in entries:
            option = _find(q.options or [], str(name))
            if option is None:
                known = "; ".join(
                    f"{o.id} ({shorten(form_text(o.label, o.label_en), 40)})" for o in q.options or []
                )
                self.bad(
                    entry_path,
                    t("không có lựa chọn “{name}” (có: {known})", name=name, known=known),
                    ref=q.ref,
                    jpath=f"{jpath}.{name}",
                )
                continue
            if option.id in out:
                self.bad(entry_path, t("lựa chọn “{option}” bị lặp lại", option=option.id), ref=q.ref)
                continue
            option_jpath = self.place(f"{jpath}.{option.id}", entry_path)
            out[option.id] = self.option(q, option, detail, entry_path, option_jpath)
        if not out and entries:
            self.failed.append(jpath)
        return out or None

    def option(self, q: Question, option: Option, detail: Any, ypath: KeyPath, jpath: str) -> dict[str, Any]:
        if detail is None:
            return {}
        if isinstance(detail, str):
            if option.other:
                return self.other_text(q, detail, ypath, self.place(f"{jpath}.{OTHER_TEXT_KEY}", ypath))
            if len(option.followups) == 1:
                blank = option.followups[0]
                converted = self.value(
                    q, blank, blank.kind, detail, ypath, self.place(f"{jpath}.{blank.id}", ypath)
                )
                return {} if converted is None else {blank.id: converted}
            known = ", ".join(b.id for b in option.followups) or t("không có ô nào để điền")
            self.bad(
                ypath,
                t(
                    "lựa chọn “{option}” có các ô: {known}; viết dạng ô: nội dung",
                    option=option.id,
                    known=known,
                ),
                ref=q.ref,
            )
            return {}
        if not isinstance(detail, dict):
            self.bad(ypath, t("cần các ô của lựa chọn dạng ô: nội dung"), ref=q.ref)
            return {}
        out: dict[str, Any] = {}
        rest: dict[str, Any] = {}
        for key, value in detail.items():
            if (
                option.other
                and fold(str(key)).replace("_", " ") in OTHER_KEYS
                and _find(option.followups, str(key)) is None
            ):
                text = self.other_text(
                    q, value, (*ypath, key), self.place(f"{jpath}.{OTHER_TEXT_KEY}", (*ypath, key))
                )
                out.update(text)
            else:
                rest[key] = value
        out.update(
            self.blanks(
                q, option.followups, rest, ypath, jpath, t(" trong lựa chọn “{option}”", option=option.id)
            )
        )
        return out

    def other_text(self, q: Question, value: Any, ypath: KeyPath, jpath: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, str):
            self.bad(ypath, t("nội dung “Khác” phải là một dòng chữ"), ref=q.ref, jpath=jpath)
            return {}
        text = " ".join(value.split())
        if len(text) > OTHER_TEXT_MAX:
            self.bad(
                ypath,
                t(
                    "nội dung “Khác” dài {length:,} ký tự, tối đa {limit:,}",
                    length=len(text),
                    limit=OTHER_TEXT_MAX,
                ),
                ref=q.ref,
                jpath=jpath,
            )
            return {}
        return {OTHER_TEXT_KEY: text} if text else {}


def _find(items: list[Any], name: str) -> Any:
    """An option or blank by its id, or by its label (Vietnamese with or without diacritics, or English)."""
    for item in items:
        if item.id == name:
            return item
    key = _label_key(name)
    for labels in (lambda item: [item.label], lambda item: [item.label_en or ""]):
        matches = [item for item in items if key in map(_label_key, labels(item))]
        if matches:
            return matches[0] if len(matches) == 1 else None
    return None


def _label_key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z&/]+", " ", fold(text)).split())
