"""Load a form schema and check it: shape (pydantic) and meaning (ids, references, bounds).

Every problem carries file:line:column and the id involved, and all of them are collected, not just the
first: a form author fixes a file in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from phieu_cli.common.errors import InvalidInput, UsageError
from phieu_cli.common.files import FileTooLarge, NotText, decode_text, read_bytes_limited
from phieu_cli.common.messages import t
from phieu_cli.common.problems import Problem
from phieu_cli.common.text import nfc, text_fault
from phieu_cli.form.model import (
    CHOICE_KINDS,
    ID_MAX,
    ID_PATTERN,
    OTHER_TEXT_KEY,
    TEXT_MAX,
    Blank,
    Condition,
    Form,
    Option,
    Question,
    warning_id,
)
from phieu_cli.form.optionsets import OPTION_SETS
from phieu_cli.form.plain import BUNDLED_FORM as BUNDLED_FORM
from phieu_cli.form.plain import bundled_form_file
from phieu_cli.form.yamlsource import KeyPath, YamlError, YamlSource, load_yaml_file

# Top-level keys of an answers file (interview/answersfile.py) beside the respondent's field ids.
RESERVED_RESPONDENT_IDS = ("form", "answers", "confirmations")


class FormInvalid(InvalidInput):
    """The schema has problems. Commands that merely *use* a form turn this into a usage error (exit 2)."""


@dataclass(frozen=True)
class LoadedForm:
    form: Form
    path: Path
    hash: str  # "sha256:…" of the schema's content, independent of formatting and line endings


def bundled_form_path() -> Path:
    """The form shipped with phieu: inside the installed package, or schema/ in a source checkout."""
    # A plain path, not importlib.resources: phieu is never run from a zip, and that import costs ~30 ms.
    return Path(bundled_form_file())


def content_hash(data: Any) -> str:
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_form(path: Path | None = None) -> LoadedForm:
    """Load and check a form. Raises UsageError (unreadable) or FormInvalid (with every problem)."""
    path = Path(path) if path else bundled_form_path()
    try:
        source = load_yaml_file(path)
    except YamlError as exc:
        raise FormInvalid(t("Mẫu phiếu không đọc được: {path}", path=path), exc.problems) from None
    form, problems = check_source(source)
    if problems or form is None:
        raise FormInvalid(t("Mẫu phiếu có {count} lỗi: {path}", count=len(problems), path=path), problems)
    return LoadedForm(form=form, path=path, hash=content_hash(hashed_content(source.data, form)))


def hashed_content(data: Any, form: Form) -> Any:
    """What a form's hash covers: the schema's data, and the lists read from `options_file` CSVs (a changed
    list is a changed form). A form without such files hashes its data alone, as it always did."""
    files = {
        key: [[o.id, o.label, o.label_en] for o in field.choices]
        for key, field in form.respondent.items()
        if field.options_file
    }
    return {"schema": data, "options_files": files} if files else data


def load_form_for_use(schema: Path | None) -> LoadedForm:
    """The form a command fills, checks, shows or exports with. A schema that cannot be used is a usage error
    (exit 2) for such a command, with its first problems listed; `phieu schema check` lists them all."""
    try:
        return load_form(schema)
    except FormInvalid as exc:
        hint = f"phieu schema check {schema}" if schema else "phieu schema check"
        lines = [t("{error} (xem đủ bằng: {command})", error=exc, command=hint)]
        lines += [f"  {p.render()}" for p in exc.problems[:10]]
        if len(exc.problems) > 10:
            lines.append("  " + t("… và {count} lỗi khác", count=len(exc.problems) - 10))
        raise UsageError("\n".join(lines)) from None


def check_form_file(path: Path) -> list[Problem]:
    """Every problem of the schema at *path* ([] when clean). Raises UsageError when it cannot be read."""
    return check_form_report(path)[0]


def check_form_report(path: Path) -> tuple[list[Problem], list[Problem]]:
    """What `phieu schema check` says of the schema at *path*, from one reading: its problems, and when it has
    none, the texts that have no English (`title` without `title_en`…), shown in Vietnamese marked "[vi]" by
    `--lang en`: warnings, not errors. Raises UsageError when it cannot be read."""
    try:
        source = load_yaml_file(path)
    except YamlError as exc:
        return exc.problems, []
    form, problems = check_source(source)
    if form is None or problems:
        return problems, []
    return [], english_warnings(source, form)


def english_warnings(source: YamlSource, form: Form) -> list[Problem]:
    """The texts of *form* (read from *source*) that have no English, each at its Vietnamese key."""
    found: dict[tuple[int | None, int | None], Problem] = {}  # a YAML alias repeats a node: say it once
    for where, key, ref in _texts_without_english(form):
        message = f"chưa có tiếng Anh ({key}): --lang en hiện tiếng Việt, đánh dấu [vi]"
        problem = source.problem(where, message, key=True, ref=ref, code="untranslated")
        found.setdefault((problem.line, problem.column), problem)
    return sorted(found.values(), key=lambda p: (p.line or 0, p.column or 0))


def _texts_without_english(form: Form) -> Iterator[tuple[KeyPath, str, str | None]]:
    """(path of the Vietnamese key, the English key it lacks, the question) for every text shown in English."""

    def pairs(
        item: Any, path: KeyPath, keys: Iterable[str], ref: str | None = None
    ) -> Iterator[tuple[KeyPath, str, str | None]]:
        for key in keys:
            if getattr(item, key, None) and not getattr(item, f"{key}_en", None):
                yield (*path, key), f"{key}_en", ref

    meta = form.form
    yield from pairs(meta, ("form",), ("title", "issuer", "annex_note"))
    if meta.letter is not None:
        yield from pairs(meta.letter, ("form", "letter"), ("issued_by",))
    if meta.reply is not None:
        yield from pairs(meta.reply, ("form", "reply"), ("to",))
        if meta.reply.copies and len(meta.reply.copies_en or []) != len(meta.reply.copies):
            yield ("form", "reply", "copies"), "copies_en", None
    for name, field in form.respondent.items():
        yield from pairs(field, ("respondent", name), ("label", "help", "noun"))
    for s, section in enumerate(form.sections):
        yield from pairs(section, ("sections", s), ("title",))
        for i, q in enumerate(section.questions):
            path: KeyPath = ("sections", s, "questions", i)
            yield from pairs(q, path, ("text", "help"), q.ref)
            if q.messages:
                yield from pairs(q.messages, (*path, "messages"), ("required", "invalid"), q.ref)
            for w, warning in enumerate(q.warnings or []):
                yield from pairs(warning, (*path, "warnings", w), ("message",), q.ref)
            for o, option in enumerate(q.options or []):
                yield from pairs(option, (*path, "options", o), ("label",), q.ref)
                for b, blank in enumerate(option.followups):
                    yield from _blank_texts(blank, (*path, "options", o, "followups", b), q.ref, pairs)
            for b, blank in enumerate(q.fields or []):
                yield from _blank_texts(blank, (*path, "fields", b), q.ref, pairs)


def _blank_texts(
    blank: Blank, path: KeyPath, ref: str, pairs: Any
) -> Iterator[tuple[KeyPath, str, str | None]]:
    yield from pairs(blank, path, ("label", "help"), ref)
    if blank.messages:
        yield from pairs(blank.messages, (*path, "messages"), ("required", "invalid"), ref)
    for w, warning in enumerate(blank.warnings or []):
        yield from pairs(warning, (*path, "warnings", w), ("message",), ref)


def check_source(source: YamlSource) -> tuple[Form | None, list[Problem]]:
    data = source.data
    if data is None:
        return None, [
            source.problem((), t("tệp rỗng: cần một mẫu phiếu (phieu_schema, form, respondent, sections)"))
        ]
    if not isinstance(data, dict):
        return None, [
            source.problem(
                (), t("mẫu phiếu phải là một ánh xạ (mapping), không phải {kind}", kind=_yaml_type(data))
            )
        ]
    try:
        form = Form.model_validate(data)
    except ValidationError as exc:
        problems: dict[tuple[int | None, int | None, str | None], Problem] = {}
        for err in exc.errors():
            problem = _pydantic_problem(source, err)
            # A union (int | date) fails once per branch at the same place: say it once.
            problems.setdefault((problem.line, problem.column, problem.where), problem)
        return None, list(problems.values())
    problems_found = _load_options_files(source, form) + _Checker(source, form).run()
    return form, sorted(problems_found, key=lambda p: (p.file != source.file, p.line or 0, p.column or 0))


MAX_OPTIONS_FILE_BYTES = 2_000_000
OPTIONS_FILE_COLUMNS = ("id", "label", "label_en")
_ID = re.compile(ID_PATTERN)


def _load_options_files(source: YamlSource, form: Form) -> list[Problem]:
    """Read the CSV of every respondent field with `options_file:` (beside the schema) into its options."""
    problems: list[Problem] = []
    for key, field in form.respondent.items():
        if not field.options_file or field.options or field.options_from:
            continue  # two lists at once is reported by the checker
        options, found = read_options_file(source, ("respondent", key, "options_file"), field.options_file)
        problems += found
        field.use_file_options(options)
    return problems


def read_options_file(source: YamlSource, path: KeyPath, name: str) -> tuple[list[Option], list[Problem]]:
    """The options in CSV file *name* (relative to the schema's folder): a header `id,label[,label_en]`, then
    one option a row. Problems name the CSV file and line, or the schema's key when the file is unusable."""
    relative = Path(name)
    if relative.is_absolute() or relative.anchor:
        problem = source.problem(
            path, t("'{name}': cần đường dẫn tương đối, tính từ thư mục của mẫu phiếu", name=name)
        )
        return [], [problem]
    file = Path(source.file).parent / relative
    label = str(file)
    try:
        raw = read_bytes_limited(file, MAX_OPTIONS_FILE_BYTES)
        text = decode_text(raw)
    except UsageError as exc:
        return [], [source.problem(path, t("tệp danh sách '{name}': {error}", name=name, error=exc))]
    except FileTooLarge as exc:
        message = t(
            "tệp danh sách '{name}' quá lớn ({size:,} byte; tối đa {limit:,})",
            name=name,
            size=exc.size,
            limit=exc.limit,
        )
        return [], [source.problem(path, message)]
    except NotText as exc:
        message = t("không phải văn bản UTF-8 (byte thứ {offset})", offset=exc.offset)
        return [], [Problem(message, file=label, code="schema")]
    problems: list[Problem] = []

    def bad(line: int, message: str) -> None:
        problems.append(Problem(message, file=label, line=line, code="schema"))

    reader = csv.reader(io.StringIO(nfc(text), newline=""))
    try:
        rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        bad(reader.line_num, t("dòng CSV không đọc được ({error})", error=exc))
        return [], problems
    if not rows:
        bad(1, t("tệp danh sách rỗng: cần dòng tiêu đề id,label[,label_en] và ít nhất một dòng"))
        return [], problems
    header_line, header = rows[0]
    columns = [cell.strip() for cell in header]
    if columns[:2] != ["id", "label"] or columns[2:] not in ([], ["label_en"]):
        bad(
            header_line,
            t(
                "dòng tiêu đề phải là id,label hoặc id,label,label_en (tệp ghi: {columns})",
                columns=",".join(columns),
            ),
        )
        return [], problems
    options: list[Option] = []
    seen: dict[str, int] = {}
    for line, row in rows[1:]:
        cells = [cell.strip() for cell in row]
        if len(cells) != len(columns):
            bad(
                line,
                t(
                    "cần {needed} cột ({columns}), dòng này có {count}",
                    needed=len(columns),
                    columns=",".join(columns),
                    count=len(cells),
                ),
            )
            continue
        option_id, option_label = cells[0], cells[1]
        label_en = cells[2] if len(cells) > 2 and cells[2] else None
        if len(option_id) > ID_MAX or not _ID.fullmatch(option_id):
            bad(
                line,
                t(
                    "id '{id}' không hợp lệ: chỉ gồm chữ thường ASCII, số và '_', bắt đầu bằng chữ",
                    id=option_id,
                ),
            )
            continue
        if option_id in seen:
            bad(line, t("id '{id}' bị trùng với dòng {line}", id=option_id, line=seen[option_id]))
            continue
        seen[option_id] = line
        faults = [text_fault(cell) for cell in cells]
        if not option_label or any(f is not None for f in faults):
            bad(line, next((f for f in faults if f is not None), t("nhãn (label) không được để trống")))
            continue
        if len(option_label) > TEXT_MAX or len(label_en or "") > TEXT_MAX:
            bad(line, t("nhãn quá dài (tối đa 4.000 ký tự)"))
            continue
        options.append(Option(id=option_id, label=option_label, label_en=label_en))
    if not options and not problems:
        bad(header_line, t("tệp danh sách không có lựa chọn nào dưới dòng tiêu đề"))
    return options, problems


def _yaml_type(value: Any) -> str:
    return t(
        {list: "một danh sách", str: "một chuỗi", int: "một số", float: "một số", bool: "true/false"}.get(
            type(value), type(value).__name__
        )
    )


_PYDANTIC_VI = {
    "missing": "thiếu khóa bắt buộc '{key}'",
    "extra_forbidden": "khóa không được hỗ trợ: '{key}'",
    "string_type": "phải là chuỗi",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là danh sách",
    "dict_type": "phải là ánh xạ (mapping)",
    "model_type": "phải là ánh xạ (mapping)",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "string_too_short": "không được để trống",
    "too_short": "không được để trống",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "string_too_long": "quá dài",
    "too_long": "quá nhiều mục",
    "int_from_float": "phải là số nguyên",
    "none_required": "phải để trống",
}
_BOUNDS_VI = {
    "greater_than_equal": (("ge", "≥"),),
    "greater_than": (("gt", ">"),),
    "less_than_equal": (("le", "≤"),),
    "less_than": (("lt", "<"),),
}


def _pydantic_problem(source: YamlSource, err: Any) -> Problem:
    # A mapping's key that fails (a respondent field id) comes as (…, key, "[key]"): point at the key itself.
    at_key = err["loc"][-1:] == ("[key]",)
    loc: KeyPath = tuple(p for p in err["loc"][: -1 if at_key else None] if isinstance(p, (str, int)))
    # Unions add a branch name to the location ("int", "date"): drop what is not a real key.
    loc = _real_path(source, loc)
    kind = err["type"]
    key = str(loc[-1]) if loc else ""
    if kind == "string_pattern_mismatch":
        message = t(
            "id '{id}' không hợp lệ: chỉ gồm chữ thường ASCII, số và '_', bắt đầu bằng chữ",
            id=err.get("input"),
        )
    elif kind == "literal_error":
        expected = str(err["ctx"]["expected"]).replace(" or ", t(" hoặc "))
        message = t(
            "giá trị '{value}' không hợp lệ; cho phép: {expected}", value=err.get("input"), expected=expected
        )
    elif kind in _BOUNDS_VI:
        sign, bound = next((s, err.get("ctx", {}).get(k)) for k, s in _BOUNDS_VI[kind])
        message = t(
            "giá trị {value} ngoài giới hạn (phải {sign} {bound})",
            value=err.get("input"),
            sign=sign,
            bound=bound,
        )
    elif kind in _PYDANTIC_VI:
        message = t(_PYDANTIC_VI[kind], key=key)
    else:  # pydantic's own words are English: say what phieu can say in Vietnamese
        message = t("giá trị không hợp lệ")
    ref = _question_ref(source.data, loc)
    if kind == "missing" and len(loc) > 1:
        # A missing key is nowhere: point at the key of the mapping that lacks it ("form:").
        return source.problem(loc[:-1], message, key=True, ref=ref, code="schema")
    return source.problem(loc, message, key=at_key or kind == "extra_forbidden", ref=ref, code="schema")


def _question_ref(data: Any, loc: KeyPath) -> str | None:
    """ "Câu 3đ" for a location inside a question, read from the raw data (the models did not load)."""
    if len(loc) < 4 or loc[0] != "sections" or loc[2] != "questions":
        return None
    try:
        number = data["sections"][loc[1]]["questions"][loc[3]]["number"]
    except (KeyError, IndexError, TypeError):
        return None
    return t("Câu {number}", number=number) if isinstance(number, (str, int)) else None


def _real_path(source: YamlSource, loc: KeyPath) -> KeyPath:
    """Keep the parts of a pydantic location that are keys in the file (plus a final missing key)."""
    out: KeyPath = ()
    for i, part in enumerate(loc):
        candidate = (*out, part)
        if (
            candidate in source.values
            or candidate in source.keys
            or (i == len(loc) - 1 and isinstance(part, str))
        ):
            out = candidate
    return out


class _Checker:
    """Checks of meaning, walking the form in printed order so that "earlier" is well defined."""

    def __init__(self, source: YamlSource, form: Form) -> None:
        self.source = source
        self.form = form
        self.problems: list[Problem] = []
        self.seen: dict[str, Question] = {}

    def report(self, path: KeyPath, message: str, *, ref: str | None = None, key: bool = False) -> None:
        self.problems.append(self.source.problem(path, message, ref=ref, key=key))

    def run(self) -> list[Problem]:
        self._check_respondent()
        self._check_reply()
        section_ids: set[str] = set()
        numbers: dict[str, str] = {}
        for s_index, section in enumerate(self.form.sections):
            s_path: KeyPath = ("sections", s_index)
            if section.id in section_ids:
                self.report((*s_path, "id"), t("id phần '{id}' bị trùng", id=section.id))
            section_ids.add(section.id)
            for q_index, question in enumerate(section.questions):
                q_path: KeyPath = (*s_path, "questions", q_index)
                ref = question.ref
                if question.id in self.seen:
                    self.report(
                        (*q_path, "id") if (*q_path, "id") in self.source.values else (*q_path, "number"),
                        t(
                            "id câu hỏi '{id}' bị trùng với {question}",
                            id=question.id,
                            question=self.seen[question.id].ref,
                        ),
                        ref=ref,
                    )
                if question.number in numbers:
                    self.report(
                        (*q_path, "number"), t("số câu '{number}' bị trùng", number=question.number), ref=ref
                    )
                numbers[question.number] = question.id
                self._check_question(question, q_path)
                self.seen[question.id] = question
        return self.problems

    def _check_reply(self) -> None:
        """ "Như trên;" and "Lưu: VT, …" are always printed in "Nơi nhận": a copy that repeats them would be
        printed twice."""
        reply = self.form.form.reply
        for index, copy in enumerate(reply.copies if reply else []):
            start = copy.strip().lstrip("-").strip().casefold()
            if start.startswith(("như trên", "lưu")):
                self.report(
                    ("form", "reply", "copies", index),
                    t(
                        '\'{copy}\' đã luôn có trong Nơi nhận ("- Như trên;", "- Lưu: VT, …"); bỏ dòng này',
                        copy=copy,
                    ),
                )

    def _check_respondent(self) -> None:
        units: list[str] = []
        for key, field in self.form.respondent.items():
            path: KeyPath = ("respondent", key)
            if key in RESERVED_RESPONDENT_IDS:
                self.report(
                    path,
                    t("'{key}' là khóa dành riêng của tệp trả lời (--answers): đặt tên khác", key=key),
                    key=True,
                )
            lists = [k for k in ("options_from", "options", "options_file") if getattr(field, k) is not None]
            if len(lists) > 1:
                self.report(
                    path, t("chỉ dùng một trong {keys} cho một trường", keys=", ".join(lists)), key=True
                )
            if field.options_from and field.options_from not in OPTION_SETS:
                known = ", ".join(sorted(OPTION_SETS))
                self.report(
                    (*path, "options_from"),
                    t("không có bộ lựa chọn '{name}' (có: {known})", name=field.options_from, known=known),
                )
            if field.options is not None:
                if not field.options:
                    self.report((*path, "options"), t("'options' không được là danh sách rỗng"))
                ids: set[str] = set()
                for index, option in enumerate(field.options):
                    o_path: KeyPath = (*path, "options", index)
                    if option.id in ids:
                        self.report((*o_path, "id"), t("id lựa chọn '{id}' bị trùng", id=option.id))
                    ids.add(option.id)
                    for extra in ("other", "exclusive", "help", "when", "followups"):
                        if (*o_path, extra) in self.source.keys:
                            self.report(
                                (*o_path, extra), t("'{key}' chỉ dùng cho câu hỏi", key=extra), key=True
                            )
            if field.unit:
                units.append(key)
                if len(units) == 2:
                    self.report(
                        (*path, "unit"),
                        t("chỉ một trường được đánh dấu 'unit: true' (đã có '{key}')", key=units[0]),
                        key=True,
                    )
        unit = self.form.unit_id
        for key, field in self.form.respondent.items():
            for noun in ("noun", "noun_en"):
                if getattr(field, noun) is not None and key != unit:
                    self.report(
                        ("respondent", key, noun),
                        t(
                            "'{key}' chỉ dùng cho trường đơn vị ('{unit}', trường tổng hợp theo)",
                            key=noun,
                            unit=unit,
                        ),
                        key=True,
                    )

    def _check_question(self, q: Question, path: KeyPath) -> None:
        ref = q.ref
        is_choice = q.kind in CHOICE_KINDS
        if is_choice and not q.options:
            self.report(path, t("câu hỏi loại '{kind}' cần danh sách 'options'", kind=q.kind), ref=ref)
        if not is_choice:
            for key in ("options", "min_choices", "max_choices"):
                if getattr(q, key) is not None:
                    self.report(
                        (*path, key),
                        t("'{key}' chỉ dùng cho câu hỏi loại single/multiple", key=key),
                        ref=ref,
                        key=True,
                    )
        if q.kind == "single":
            for key in ("min_choices", "max_choices"):
                if getattr(q, key) is not None:
                    self.report(
                        (*path, key),
                        t("'{key}' chỉ dùng cho câu hỏi loại multiple", key=key),
                        ref=ref,
                        key=True,
                    )
        if q.kind == "group" and not q.fields:
            self.report(path, t("câu hỏi loại 'group' cần danh sách 'fields'"), ref=ref)
        if q.kind != "group" and q.fields is not None:
            self.report((*path, "fields"), t("'fields' chỉ dùng cho câu hỏi loại group"), ref=ref, key=True)
        self._check_bounds(q, q.kind, path, ref)
        self._check_warnings(q, q.kind, path, ref)
        if q.when:
            self._check_condition(q.when, (*path, "when"), ref)
        if q.options:
            self._check_options(q, path)
        if q.fields:
            self._check_blanks(q.fields, (*path, "fields"), ref, owner=t("câu hỏi"))

    def _check_options(self, q: Question, path: KeyPath) -> None:
        ref = q.ref
        options = q.options or []
        ids: set[str] = set()
        others = 0
        for o_index, option in enumerate(options):
            o_path: KeyPath = (*path, "options", o_index)
            if option.id in ids:
                self.report((*o_path, "id"), t("id lựa chọn '{id}' bị trùng", id=option.id), ref=ref)
            ids.add(option.id)
            others += option.other
            if option.other and others == 2:
                self.report(
                    (*o_path, "other"), t("mỗi câu hỏi chỉ có một lựa chọn 'other' (Khác)"), ref=ref, key=True
                )
            if option.exclusive and q.kind != "multiple":
                self.report(
                    (*o_path, "exclusive"),
                    t("'exclusive' chỉ có nghĩa ở câu hỏi loại multiple"),
                    ref=ref,
                    key=True,
                )
            if option.when:
                self._check_condition(option.when, (*o_path, "when"), ref)
            if option.other and any(b.id == OTHER_TEXT_KEY for b in option.followups):
                self.report(
                    (*o_path, "followups"),
                    t("id '{id}' dành cho nội dung 'Khác'; đặt tên khác cho ô này", id=OTHER_TEXT_KEY),
                    ref=ref,
                )
            self._check_blanks(
                option.followups, (*o_path, "followups"), ref, owner=t("lựa chọn '{id}'", id=option.id)
            )
        if q.kind == "multiple":
            low, high = q.min_choices, q.max_choices
            if high is not None and high > len(options):
                self.report(
                    (*path, "max_choices"),
                    t("max_choices = {limit} lớn hơn số lựa chọn ({count})", limit=high, count=len(options)),
                    ref=ref,
                )
            if low is not None and high is not None and low > high:
                self.report(
                    (*path, "min_choices"),
                    t("min_choices = {low} lớn hơn max_choices = {high}", low=low, high=high),
                    ref=ref,
                )
            if low is not None and low > len(options):
                self.report(
                    (*path, "min_choices"),
                    t("min_choices = {limit} lớn hơn số lựa chọn ({count})", limit=low, count=len(options)),
                    ref=ref,
                )

    def _check_blanks(self, blanks: Iterable[Blank], path: KeyPath, ref: str, owner: str) -> None:
        ids: set[str] = set()
        for b_index, blank in enumerate(blanks):
            b_path: KeyPath = (*path, b_index)
            if blank.id in ids:
                self.report(
                    (*b_path, "id"),
                    t("id ô trống '{id}' bị trùng trong {owner}", id=blank.id, owner=owner),
                    ref=ref,
                )
            ids.add(blank.id)
            self._check_bounds(blank, blank.kind, b_path, ref)
            self._check_warnings(blank, blank.kind, b_path, ref)
            if blank.when:
                self._check_condition(blank.when, (*b_path, "when"), ref)

    def _check_bounds(self, item: Question | Blank, kind: str, path: KeyPath, ref: str) -> None:
        for key in ("min", "max"):
            value = getattr(item, key)
            if value is None:
                continue
            if kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
                self.report(
                    (*path, key), t("'{key}' của câu hỏi số nguyên phải là số nguyên", key=key), ref=ref
                )
            elif kind == "date" and isinstance(value, int):
                self.report(
                    (*path, key), t("'{key}' của câu hỏi ngày phải là ngày dạng YYYY-MM-DD", key=key), ref=ref
                )
            elif kind not in ("integer", "date"):
                self.report(
                    (*path, key), t("'{key}' chỉ dùng cho loại integer hoặc date", key=key), ref=ref, key=True
                )
        low, high = item.min, item.max
        if _comparable(low, high) and low > high:  # type: ignore[operator]
            self.report(
                (*path, "min"), t("min ({low}) lớn hơn max ({high})", low=item.min, high=item.max), ref=ref
            )
        if item.max_length is not None and kind not in ("text", "long_text"):
            self.report(
                (*path, "max_length"),
                t("'max_length' chỉ dùng cho loại text hoặc long_text"),
                ref=ref,
                key=True,
            )
        if item.person_fields is not None:
            if kind != "person":
                self.report(
                    (*path, "person_fields"), t("'person_fields' chỉ dùng cho loại person"), ref=ref, key=True
                )
            elif len(set(item.person_fields)) != len(item.person_fields) or not item.person_fields:
                self.report((*path, "person_fields"), t("'person_fields' không được trống hoặc lặp"), ref=ref)

    def _check_warnings(self, item: Question | Blank, kind: str, path: KeyPath, ref: str) -> None:
        """Soft checks: a bound only on a number or a date, of the answer's own type; min ≤ max; a `when`
        on earlier questions only (as on questions); ids unique within the item; something to test."""
        ids: dict[str, int] = {}
        for w_index, check in enumerate(item.warnings or []):
            w_path: KeyPath = (*path, "warnings", w_index)
            wid = warning_id(check, w_index)
            if wid in ids:
                self.report(
                    (*w_path, "id") if check.id else w_path,
                    t("id cảnh báo '{id}' bị trùng với cảnh báo thứ {index}", id=wid, index=ids[wid] + 1),
                    ref=ref,
                )
            ids.setdefault(wid, w_index)
            if check.min is None and check.max is None and check.when is None:
                self.report(w_path, t("cảnh báo cần 'min', 'max' hoặc 'when'"), ref=ref)
            for key in ("min", "max"):
                value = getattr(check, key)
                if value is None:
                    continue
                if kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
                    self.report(
                        (*w_path, key),
                        t("'{key}' của cảnh báo trên câu số nguyên phải là số nguyên", key=key),
                        ref=ref,
                    )
                elif kind == "date" and isinstance(value, int):
                    self.report(
                        (*w_path, key),
                        t("'{key}' của cảnh báo trên câu ngày phải là ngày YYYY-MM-DD", key=key),
                        ref=ref,
                    )
                elif kind not in ("integer", "date"):
                    self.report(
                        (*w_path, key),
                        t(
                            "'{key}' của cảnh báo chỉ dùng cho loại integer hoặc date (đây là '{kind}'); "
                            "dùng 'when' cho loại khác",
                            key=key,
                            kind=kind,
                        ),
                        ref=ref,
                        key=True,
                    )
            if _comparable(check.min, check.max) and check.min > check.max:  # type: ignore[operator]
                self.report(
                    (*w_path, "min"),
                    t("min ({low}) lớn hơn max ({high}): cảnh báo luôn bật", low=check.min, high=check.max),
                    ref=ref,
                )
            if check.when:
                self._check_condition(check.when, (*w_path, "when"), ref)

    def _check_condition(self, cond: Condition, path: KeyPath, ref: str) -> None:
        for node, node_path in _walk_condition(cond, path):
            combinators = [k for k in ("all", "any", "not_") if getattr(node, k) is not None]
            tests = [k for k in ("is_", "answered", "min", "max") if getattr(node, k) is not None]
            if len(combinators) + (node.question is not None) != 1:
                self.report(node_path, t("điều kiện cần đúng một trong: question, all, any, not"), ref=ref)
                continue
            if node.question is None:
                if tests:
                    self.report(node_path, t("'is'/'answered'/'min'/'max' cần đi kèm 'question'"), ref=ref)
                for key in ("all", "any"):
                    if getattr(node, key) == []:
                        self.report(
                            (*node_path, key), t("'{key}' không được là danh sách rỗng", key=key), ref=ref
                        )
                continue
            if not tests:
                self.report(
                    node_path, t("điều kiện về câu hỏi cần 'is', 'answered' hoặc 'min'/'max'"), ref=ref
                )
            target = self.seen.get(node.question)
            if target is None:
                later = self.form.by_id.get(node.question)
                why = (
                    t("{question} đứng sau, chưa được hỏi", question=later.ref)
                    if later is not None
                    else t("không có câu hỏi này")
                )
                self.report(
                    (*node_path, "question"),
                    t("điều kiện tham chiếu '{id}': {why}", id=node.question, why=why),
                    ref=ref,
                )
                continue
            if node.is_ is not None:
                if target.kind not in CHOICE_KINDS:
                    self.report(
                        (*node_path, "is"),
                        t(
                            "'is' chỉ dùng với câu hỏi có lựa chọn ({question} là '{kind}')",
                            question=target.ref,
                            kind=target.kind,
                        ),
                        ref=ref,
                    )
                for option_id in node.option_ids:
                    if target.kind in CHOICE_KINDS and target.option(option_id) is None:
                        known = ", ".join(o.id for o in target.options or [])
                        self.report(
                            (*node_path, "is"),
                            t(
                                "{question} không có lựa chọn '{id}' (có: {known})",
                                question=target.ref,
                                id=option_id,
                                known=known,
                            ),
                            ref=ref,
                        )
            if (node.min is not None or node.max is not None) and target.kind != "integer":
                self.report(
                    node_path,
                    t(
                        "'min'/'max' trong điều kiện chỉ dùng với câu hỏi số nguyên ({question} là '{kind}')",
                        question=target.ref,
                        kind=target.kind,
                    ),
                    ref=ref,
                )


def _comparable(low: object, high: object) -> bool:
    """Both whole numbers or both dates (an int/date mix is reported on its own)."""
    return all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)) or all(
        isinstance(v, dt.date) for v in (low, high)
    )


def _walk_condition(cond: Condition, path: KeyPath) -> Iterator[tuple[Condition, KeyPath]]:
    yield cond, path
    for key in ("all", "any"):
        for i, child in enumerate(getattr(cond, key) or []):
            yield from _walk_condition(child, (*path, key, i))
    if cond.not_ is not None:
        yield from _walk_condition(cond.not_, (*path, "not"))


__all__ = ["FormInvalid", "LoadedForm", "UsageError", "bundled_form_path", "check_form_file", "load_form"]
