"""Checking a response against its form. The one place that decides what a valid answer is: `phieu validate`,
`phieu fill` (before it writes) and the answers file all call check_response / check_answers.

Messages are Vietnamese and name the question as printed ("Câu 3đ") and the JSON path.
"""

from __future__ import annotations

import json

from phieu_cli.common.messages import label as form_text
from phieu_cli.common.messages import language, t
from phieu_cli.common.problems import Problem, dotted
from phieu_cli.common.text import nfc_deep, text_fault
from phieu_cli.form.conditions import applies_in_order, describe, holds
from phieu_cli.form.plain import CHOICE_KINDS, OTHER_TEXT_KEY, PlainBlank, PlainForm, plain_form
from phieu_cli.form.values import check_name, check_scalar, is_blank, parse_date, person_part_label
from phieu_cli.responses.envelope import FORMAT, FORMAT_VERSION, REQUIRED_FIELDS, Envelope, envelope_errors
from phieu_cli.responses.jsonfile import JsonFileError, json_text_is_nfc, parse_json_text, read_json_text

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing and pydantic stay out of `phieu validate`'s start-up
    from collections.abc import Mapping
    from pathlib import Path
    from typing import Any, Protocol

    from phieu_cli.form.model import Form
    from phieu_cli.form.plain import PlainCondition, PlainOption, PlainQuestion, PlainWarning
    from phieu_cli.responses.format import Response

    class Loaded(Protocol):
        """A loaded form: form.check.LoadedForm, or form.cache.PlainLoaded (the compiled one)."""

        @property
        def form(self) -> Form | PlainForm: ...
        @property
        def hash(self) -> str: ...


class FileReport:
    """The verdict on one file: its problems, the warnings its answers fire (docs/response-format.md,
    "Warnings"), and the response's envelope when it could be read."""

    __slots__ = ("_response", "checked_as", "envelope", "file", "fired", "problems")

    def __init__(self, file: str, problems: list[Problem] | None = None) -> None:
        self.file = file
        self.problems: list[Problem] = problems if problems is not None else []
        self.fired: list[FiredWarning] = []  # every warning the answers fire, confirmed or not
        self.envelope: Envelope | None = None  # the read path's view: status, respondent, times, answers
        self.checked_as = "complete"
        self._response: Response | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def warnings(self) -> list[Problem]:
        """The fired warnings without a confirmation, as problems of code "warning" (not errors)."""
        return [w.problem(self.file) for w in self.fired if w.reason is None]

    @property
    def response(self) -> Response | None:
        """The response as format.Response (pydantic), for the commands that go on to write or show it."""
        if self.envelope is None:
            return None
        if self._response is None:
            from phieu_cli.responses.format import Response

            self._response = Response.model_validate(self.envelope.data)
        return self._response


def check_file(
    loaded: Loaded, path: Path | str, *, require_complete: bool = False, label: str | None = None
) -> FileReport:
    name = label or str(path)
    try:
        text = read_json_text(path, label=name)
        data = parse_json_text(text, name)
    except JsonFileError as exc:
        return FileReport(name, [exc.problem])
    return check_response(
        loaded, data, file=name, require_complete=require_complete, normalized=json_text_is_nfc(text)
    )


def check_response(
    loaded: Loaded,
    data: Mapping[str, Any],
    *,
    file: str | None = None,
    require_complete: bool = False,
    normalized: bool = False,
) -> FileReport:
    """Envelope, form identity, respondent and answers. A draft is checked as a draft unless *require_complete*.

    Text is read as NFC; *normalized* says that every string in *data* already is NFC and holds no character
    a text may not hold (see json_text_is_nfc), so neither needs a walk through the data.
    """
    report = FileReport(file or "-")
    if normalized:
        data = dict(data)
    else:
        data = nfc_deep(dict(data))
        report.problems += text_problems(loaded.form, data, report.file)

    def problem(where: str, message: str, code: str = "invalid", ref: str | None = None) -> None:
        report.problems.append(Problem(message, file=report.file, where=where, ref=ref, code=code))

    if data.get("format") != FORMAT:
        written = (
            t("tệp ghi {value}", value=_show_json(data["format"]))
            if "format" in data
            else t("tệp không có trường này")
        )
        problem(
            "$.format",
            t(
                'không phải tệp trả lời phiếu (cần "format": "{format}"; {written})',
                format=FORMAT,
                written=written,
            ),
            "format",
        )
        return report
    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        problem(
            "$.format_version",
            t(
                "tệp theo định dạng phiên bản {version}; phieu này chỉ đọc được phiên bản {supported}: "
                "hãy cập nhật phieu",
                version=version,
                supported=FORMAT_VERSION,
            ),
            "format_version",
        )
        return report
    # The model fills in defaults for the writer's convenience; a file read must state every field.
    for key in REQUIRED_FIELDS:
        if key not in data:
            problem(f"$.{key}", t("thiếu trường bắt buộc"), "shape")
    for err in envelope_errors(data):
        problem(dotted(("$", *err["loc"])), _envelope_message(err), "shape")
    if report.problems:  # text problems too: no response with such text reaches a reader downstream
        return report
    response = report.envelope = Envelope(data)
    form = plain_form(loaded.form)
    meta = form.form
    if response.form.id != meta.id:
        problem(
            "$.form.id",
            t(
                'phiếu "{id}" không phải mẫu "{form}" đang dùng để kiểm tra (dùng --schema để chọn mẫu khác)',
                id=response.form.id,
                form=meta.id,
            ),
            "form_mismatch",
        )
        return report
    if response.form.version != meta.version:
        problem(
            "$.form.version",
            t(
                'phiên bản mẫu "{version}" khác phiên bản đang dùng "{form}"',
                version=response.form.version,
                form=meta.version,
            ),
            "form_mismatch",
        )
    elif response.form.hash != loaded.hash:
        problem(
            "$.form.hash",
            t("mã băm mẫu phiếu không khớp: tệp được điền theo một bản mẫu khác nội dung (đã bị sửa?)"),
            "form_mismatch",
        )
    whole = require_complete or response.status == "complete"
    report.checked_as = "complete" if whole else "draft"
    if response.status == "complete" and response.completed_at is None:
        problem(
            "$.completed_at", t('phiếu đã hoàn thành (status "complete") cần thời điểm completed_at'), "shape"
        )
    if response.status == "draft" and response.completed_at is not None:
        problem("$.completed_at", t('phiếu nháp (status "draft") không có completed_at'), "shape")
    if response.status == "complete" and response.unconfirmed:
        problem(
            "$.unconfirmed",
            t('phiếu đã hoàn thành (status "complete") không có nội dung chưa xác nhận'),
            "shape",
        )
    if response.updated_at < response.created_at:
        problem("$.updated_at", t("updated_at sớm hơn created_at"), "shape")
    for found in check_respondent(form, response.respondent, whole=whole):
        report.problems.append(Problem(found.message, file=report.file, where=found.where, code=found.code))
    for found in check_answers(
        form, response.answers, whole=whole, fired=report.fired, confirmations=response.confirmations
    ):
        report.problems.append(
            Problem(found.message, file=report.file, where=found.where, ref=found.ref, code=found.code)
        )
    for found in check_confirmations(form, response.confirmations, report.fired):
        report.problems.append(
            Problem(found.message, file=report.file, where=found.where, ref=found.ref, code=found.code)
        )
    return report


def text_problems(form: Form | PlainForm, data: Mapping[str, Any], file: str | None = None) -> list[Problem]:
    """Every key and string in *data* that holds a character no text may hold (common.text.text_fault):
    the one place a response's text is judged, so nothing downstream (terminal, DOCX, XLSX) ever meets it."""
    found: list[Problem] = []

    def ref(path: tuple[str | int, ...]) -> str | None:
        if len(path) > 2 and path[1] == "answers":
            question = form.by_id.get(str(path[2]))
            return question.ref if question is not None else None
        return None

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            if (fault := text_fault(value)) is not None:
                found.append(Problem(fault, file=file, where=dotted(path), ref=ref(path), code="text"))
        elif isinstance(value, dict):
            for key, item in value.items():
                where = (*path, key)
                if isinstance(key, str) and (fault := text_fault(key)) is not None:
                    message = t("tên khóa {fault}", fault=fault)
                    found.append(
                        Problem(message, file=file, where=dotted(where), ref=ref(where), code="text")
                    )
                walk(item, where)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(data, ("$",))
    return found


def check_respondent(form: Form | PlainForm, values: Mapping[str, Any], *, whole: bool) -> list[Problem]:
    """The `respondent` object against the form's fields: no unknown key, every required field given (a
    complete response), a listed field's value in its list, a free-text field one line of text."""
    found: list[Problem] = []
    form = plain_form(form)
    for key in values:
        if key not in form.respondent:
            known = ", ".join(form.respondent)
            found.append(
                Problem(
                    t('mẫu phiếu không có trường người trả lời "{key}" (có: {known})', key=key, known=known),
                    where=f"$.respondent.{key}",
                    code="unknown_key",
                )
            )
    for key, field in form.respondent.items():
        where = f"$.respondent.{key}"
        value = values.get(key)
        if is_blank(value):
            if whole and field.required:
                label = _lower_first(_label(field))
                missing = (
                    t("chưa chọn {label}", label=label)
                    if field.listed
                    else t("chưa ghi {label}", label=label)
                )
                found.append(Problem(missing, where=where, code="required"))
        elif field.listed:
            if field.choice_label(str(value)) is None:
                what = (
                    form_text(form.unit_noun, form.unit_noun_en)
                    if key == form.unit_id
                    else t("lựa chọn ({label})", label=_lower_first(_label(field)))
                )
                found.append(
                    Problem(
                        t(
                            'không có {what} mã "{value}" trong danh sách của mẫu phiếu',
                            what=what,
                            value=value,
                        ),
                        where=where,
                        code="unknown_option",
                    )
                )
        elif (message := check_name(value, field.max_length)) is not None:
            found.append(Problem(message, where=where, code="type"))
    return found


def check_answers(
    form: Form | PlainForm,
    answers: Mapping[str, Any],
    *,
    whole: bool,
    fired: list[FiredWarning] | None = None,
    confirmations: Mapping[str, Any] | None = None,
) -> list[Problem]:
    """Every problem in *answers*. *whole*: required answers that apply must be there (a complete response).
    *fired*: a list to receive the warnings the answers fire (as fired_warnings gives them, with their reasons
    from *confirmations*), found in the same walk.

    Runs on the plain form (form/plain.py): the one made from *form*, or the cached one `phieu validate` reads.
    """
    checker = _AnswerChecker(plain_form(form), whole)
    if fired is not None and checker.index.has_warnings:
        checker.fired = fired
        checker.confirmed = confirmations or {}
    return checker.run(answers)


# --- warnings (soft checks) -------------------------------------------------------------------------------

REASON_MAX = 500  # a confirmation's reason: one line, as a "Lý do" blank
_SCALAR_KINDS = frozenset({"text", "long_text", "integer", "phone", "date"})


class FiredWarning:
    """A warning the answers fire: where (the answer's JSON path), which question, the warning, and the reason
    it was confirmed with (None: not confirmed)."""

    __slots__ = ("id", "message", "message_en", "question_id", "reason", "ref", "where")

    def __init__(
        self, where: str, question: PlainQuestion, warning: PlainWarning, reason: str | None
    ) -> None:
        self.where = where
        self.question_id = question.id
        self.ref = question.ref
        self.id = warning.id
        self.message = warning.message
        self.message_en = warning.message_en
        self.reason = reason

    def __repr__(self) -> str:
        return f"FiredWarning({self.where!r}, {self.id!r}, reason={self.reason!r})"

    @property
    def text(self) -> str:
        """The warning's message in the command's language (`message_en` in English)."""
        return form_text(self.message, self.message_en)

    def problem(self, file: str | None = None) -> Problem:
        """The unconfirmed warning as `phieu validate` prints it (code "warning")."""
        message = t(
            'cảnh báo {id}: {message} — chưa xác nhận (sửa câu trả lời, hoặc ghi lý do vào "confirmations")',
            id=self.id,
            message=self.text,
        )
        return Problem(message, file=file, where=self.where, ref=self.ref, code="warning")


def fired_warnings(
    form: Form | PlainForm, answers: Mapping[str, Any], confirmations: Mapping[str, Any] | None = None
) -> list[FiredWarning]:
    """Every warning the *answers* fire, in printed order, each with its reason from *confirmations* (the
    response's `confirmations`: answer path -> warning id -> reason) or None. The one evaluation of soft
    checks: `phieu fill` and the state machine call it, and check_response (so `phieu validate`, the answers
    file and `phieu summary`) makes the same calls to _question_warnings in its own walk of the answers.

    A warning is about an answer: it fires only on an answered question or blank that applies, whose value
    is valid (a wrong value, one outside the hard `min`/`max` too, is an error of its own), when that value
    is outside `min`/`max` (if given) and `when` holds on the earlier answers (if given).
    """
    form = plain_form(form)
    index = _index(form)
    if not index.has_warnings:
        return []
    fired: list[FiredWarning] = []
    effective: dict[str, Any] = {}
    for q, applies, value in applies_in_order(form.questions, answers):
        if not applies or is_blank(value):
            continue
        if q.id in index.warned_questions:
            _question_warnings(q, value, effective, confirmations or {}, fired)
        effective[q.id] = value
    return fired


def _question_warnings(
    q: PlainQuestion,
    value: Any,
    effective: Mapping[str, Any],
    confirmed: Mapping[str, Any],
    fired: list[FiredWarning],
) -> None:
    """Add to *fired* the warnings that *value*, the answer of *q* (which applies), fires on *q* and on its
    blanks; *effective* holds the answers of the questions before it."""

    def check(item: PlainQuestion | PlainBlank, value: Any, where: str) -> None:
        if not item.warnings or is_blank(value):
            return
        if item.kind in _SCALAR_KINDS and check_scalar(item.kind, item, value) is not None:
            return  # a value that is wrong is an error, not something to confirm
        reasons = confirmed.get(where)
        for warning in item.warnings:
            if warning_fires(warning, item.kind, value, effective):
                reason = reasons.get(warning.id) if isinstance(reasons, dict) else None
                fired.append(FiredWarning(where, q, warning, reason if isinstance(reason, str) else None))

    def blanks(blanks: list[PlainBlank], values: Any, where: str) -> None:
        if not isinstance(values, dict):
            return
        for blank in blanks:
            if blank.warnings and holds(blank.when, effective):
                check(blank, values.get(blank.id), f"{where}.{blank.id}")

    where = f"$.answers.{q.id}"
    check(q, value, where)
    if q.kind in CHOICE_KINDS and isinstance(value, dict):
        for option in q.options or []:
            if option.id in value and option.followups and holds(option.when, effective):
                blanks(option.followups, value[option.id], f"{where}.{option.id}")
    elif q.kind == "group" and q.fields:
        blanks(q.fields, value, where)


def warning_fires(warning: PlainWarning, kind: str, value: Any, earlier: Mapping[str, Any]) -> bool:
    """Whether *warning* fires on *value*, an answer of *kind*, given the effective *earlier* answers."""
    if warning.min is not None or warning.max is not None:
        number: Any = None
        if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif kind == "date" and isinstance(value, str):
            number = parse_date(value)
        if number is None:
            return False  # not a value of its kind: an error of its own, not a warning
        low, high = warning.min, warning.max
        below = low is not None and type(low) is type(number) and number < low  # type: ignore[operator]
        above = high is not None and type(high) is type(number) and number > high  # type: ignore[operator]
        if not (below or above):
            return False
    return warning.when is None or holds(warning.when, earlier)


def warned_answers(form: Form | PlainForm) -> dict[str, PlainQuestion | PlainBlank]:
    """The JSON path of every answer the form puts warnings on ("$.answers.q3dd", "$.answers.q1.co.nam"),
    in printed order, with its question or blank: the keys `confirmations` may hold."""
    return _index(plain_form(form)).warned


def check_confirmations(
    form: Form | PlainForm, confirmations: Mapping[str, Any], fired: list[FiredWarning]
) -> list[Problem]:
    """What is wrong with a response's `confirmations`: a path where the form has no warning, an unknown
    warning id, an empty or over-long reason, a confirmation of a warning the answers do not fire (it would
    vouch for an answer that changed since)."""
    found: list[Problem] = []
    if not confirmations:
        return found
    index = _index(plain_form(form))
    firing = {(w.where, w.id) for w in fired}
    for where, reasons in confirmations.items():
        item = index.warned.get(where)
        ref = index.refs.get(where.split(".")[2]) if where.startswith("$.answers.") else None
        at = f'$.confirmations["{where}"]'
        if item is None:
            found.append(
                Problem(
                    t('không có câu hay ô trống nào có cảnh báo ở "{where}"', where=where),
                    where=at,
                    code="unknown_warning",
                )
            )
            continue
        if not isinstance(reasons, dict):
            continue  # the envelope check says so
        known = [w.id for w in item.warnings or []]
        for warning_id, reason in reasons.items():
            path = f"{at}.{warning_id}"
            if warning_id not in known:
                listed = ", ".join(known)
                found.append(
                    Problem(
                        t('không có cảnh báo "{id}" ở đây (có: {known})', id=warning_id, known=listed),
                        where=path,
                        ref=ref,
                        code="unknown_warning",
                    )
                )
            elif not isinstance(reason, str):
                continue
            elif is_blank(reason):
                found.append(
                    Problem(t("lý do xác nhận không được để trống"), where=path, ref=ref, code="required")
                )
            elif "\n" in reason or len(reason) > REASON_MAX:
                found.append(
                    Problem(
                        t("lý do xác nhận phải là một dòng, tối đa {limit} ký tự", limit=REASON_MAX),
                        where=path,
                        ref=ref,
                    )
                )
            elif (where, warning_id) not in firing:
                found.append(
                    Problem(
                        t("cảnh báo này không bật với câu trả lời hiện tại: bỏ xác nhận này"),
                        where=path,
                        ref=ref,
                        code="not_applicable",
                    )
                )
    return found


# The "Khác" text is a one-line blank of its own.
OTHER_TEXT = PlainBlank(OTHER_TEXT_KEY, "Nội dung khác")


class _Index:
    """Lookups made for every answer of every file, computed once per form."""

    __slots__ = (
        "blank_ids",
        "conditional_blanks",
        "conditional_options",
        "has_warnings",
        "options",
        "refs",
        "warned",
        "warned_questions",
        "where",
    )

    def __init__(self, form: PlainForm) -> None:
        blank_lists = [o.followups for q in form.questions for o in q.options or []]
        blank_lists += [q.fields for q in form.questions if q.fields]
        self.refs = {q.id: q.ref for q in form.questions}  # question id -> "Câu 3đ"
        self.where = {q.id: f"$.answers.{q.id}" for q in form.questions}  # question id -> its JSON path
        # id() of each blank list -> the ids of its blanks
        self.blank_ids = {id(b): frozenset(x.id for x in b) for b in blank_lists}
        # question id -> option id -> option
        self.options = {q.id: {o.id: o for o in q.options or []} for q in form.questions}
        # questions with an option offered only when…
        self.conditional_options = frozenset(
            q.id for q in form.questions if any(o.when is not None for o in q.options or [])
        )
        # id() of the blank lists (kept alive by the form) with a condition
        self.conditional_blanks = frozenset(id(b) for b in blank_lists if any(x.when is not None for x in b))
        # the JSON path of every answer that carries warnings -> its question or blank
        self.warned: dict[str, PlainQuestion | PlainBlank] = {}
        for q in form.questions:
            where = f"$.answers.{q.id}"
            if q.warnings:
                self.warned[where] = q
            for option in q.options or []:
                for blank in option.followups:
                    if blank.warnings:
                        self.warned[f"{where}.{option.id}.{blank.id}"] = blank
            for blank in q.fields or []:
                if blank.warnings:
                    self.warned[f"{where}.{blank.id}"] = blank
        self.has_warnings = bool(self.warned)
        # the questions with a warning on themselves or on one of their blanks
        self.warned_questions = frozenset(where.split(".")[2] for where in self.warned)


def _index(form: PlainForm) -> _Index:
    key = (id(form), language())  # the refs ("Câu 3đ", "Question 3đ") are in the command's language
    hit = _INDEXES.get(key)
    if hit is None or hit[0] is not form:
        hit = _INDEXES[key] = (form, _Index(form))
    return hit[1]


# Computed once per form object and language. Keyed by id() with the object kept alongside, so an id is never
# reused while its entry lives (forms live as long as the process).
_INDEXES: dict[tuple[int, str], tuple[PlainForm, _Index]] = {}


class _AnswerChecker:
    def __init__(self, form: PlainForm, whole: bool) -> None:
        self.form = form
        self.whole = whole
        self.found: list[Problem] = []
        self.effective: dict[str, Any] = {}
        self.ref = ""
        self.index = _index(form)
        self.fired: list[FiredWarning] | None = None  # collects fired warnings when set
        self.confirmed: Mapping[str, Any] = {}

    def bad(self, where: str, message: str, code: str = "invalid") -> None:
        self.found.append(Problem(message, where=where, ref=self.ref or None, code=code))

    def run(self, answers: Mapping[str, Any]) -> list[Problem]:
        self.ref = ""
        for key in answers:
            if key not in self.form.by_id:
                self.bad(
                    f"$.answers.{key}",
                    t('không có câu hỏi mã "{key}" trong mẫu phiếu', key=key),
                    "unknown_question",
                )
        refs, wheres = self.index.refs, self.index.where
        for q, applies, _ in applies_in_order(self.form.questions, answers):
            self.ref = refs[q.id]
            where = wheres[q.id]
            value = answers.get(q.id)
            if not applies:
                if not is_blank(value):
                    self.bad(
                        where,
                        t(
                            "không áp dụng (chỉ trả lời khi {condition}) nhưng lại có câu trả lời",
                            condition=self.why(q.when),
                        ),
                        "not_applicable",
                    )
                continue
            if is_blank(value):
                if self.whole and q.required:
                    self.bad(where, _required(q), "required")
                continue
            self.question_value(q, value, where)
            if self.fired is not None and q.id in self.index.warned_questions:
                _question_warnings(q, value, self.effective, self.confirmed, self.fired)
            self.effective[q.id] = value
        return self.found

    def why(self, cond: PlainCondition | None) -> str:
        return describe(cond, self.form) if cond else ""

    def question_value(self, q: PlainQuestion, value: Any, where: str) -> None:
        if q.kind in CHOICE_KINDS:
            self.choice(q, value, where)
        elif q.kind == "group":
            if isinstance(value, dict):
                self.blanks(q.fields or [], value, where)
            else:
                self.bad(where, _object_of_blanks(), "type")
        else:
            self.value(q, q.kind, value, where)

    def value(self, item: PlainQuestion | PlainBlank, kind: str, value: Any, where: str) -> None:
        if kind == "person":
            self.person(item, value, where)
            return
        message = check_scalar(kind, item, value)
        if message:
            self.bad(where, message, "type" if message.startswith("phải là") else "invalid")

    def person(self, item: PlainQuestion | PlainBlank, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            shape = ", ".join(f'"{part}": ...' for part in item.parts)
            self.bad(where, t("phải là một đối tượng {{{shape}}}", shape=shape), "type")
            return
        for key in value:
            if key not in item.parts:
                self.bad(
                    f"{where}.{key}",
                    t('không có mục "{key}" (có: {known})', key=key, known=", ".join(item.parts)),
                    "unknown_field",
                )
        for part in item.parts:
            part_value = value.get(part)
            path = f"{where}.{part}"
            if is_blank(part_value):
                if self.whole and item.required:
                    self.bad(path, t("chưa ghi {label}", label=person_part_label(part).lower()), "required")
                continue
            if part == "phone":
                message = check_scalar("phone", item, part_value)
            else:
                message = check_name(part_value)
                message = message and f"{person_part_label(part)}: {message}"
            if message:
                self.bad(path, message, "invalid")

    def choice(self, q: PlainQuestion, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            example = '{"' + (q.options[0].id if q.options else "ma_lua_chon") + '": {}}'
            self.bad(
                where,
                t("phải là một đối tượng có khóa là mã lựa chọn, ví dụ {example}", example=example),
                "type",
            )
            return
        options = self.index.options[q.id]
        offered = None  # all of them, unless some option has a condition
        if q.id in self.index.conditional_options:
            offered = {o.id for o in q.options or [] if holds(o.when, self.effective)}
        chosen: list[PlainOption] = []
        for option_id, detail in value.items():
            path = f"{where}.{option_id}"
            option = options.get(option_id)
            if option is None:
                known = ", ".join(o.id for o in q.options or [])
                self.bad(
                    path,
                    t('không có lựa chọn "{key}" (có: {known})', key=option_id, known=known),
                    "unknown_option",
                )
                continue
            if offered is not None and option.id not in offered:
                self.bad(
                    path,
                    t(
                        "lựa chọn “{option}” chỉ áp dụng khi {condition}",
                        option=_label(option),
                        condition=self.why(option.when),
                    ),
                    "not_applicable",
                )
                continue
            chosen.append(option)
            if (detail is None or detail == {}) and not option.followups and not option.other:
                continue  # nothing more to check: the common case, an option without blanks
            if detail is None:
                detail = {}
            if not isinstance(detail, dict):
                self.bad(
                    path, t("chi tiết của lựa chọn phải là một đối tượng ({} khi không có ô trống)"), "type"
                )
                continue
            blanks = dict(detail) if option.other else detail
            if option.other:
                text = blanks.pop(OTHER_TEXT_KEY, None)
                if is_blank(text):
                    if self.whole:
                        self.bad(
                            f"{path}.{OTHER_TEXT_KEY}",
                            t("đã chọn “{option}” nhưng chưa ghi rõ nội dung", option=_label(option)),
                            "required",
                        )
                else:
                    self.value(OTHER_TEXT, "text", text, f"{path}.{OTHER_TEXT_KEY}")
            self.blanks(option.followups, blanks, path, question=q)
        if q.kind == "single" and len(value) > 1:
            self.bad(where, t("chỉ được chọn một lựa chọn, đang có {count}", count=len(value)), "too_many")
        if q.kind == "multiple" and chosen:
            exclusive = [o for o in chosen if o.exclusive]
            if exclusive and len(chosen) > 1:
                self.bad(
                    where,
                    t(
                        "“{option}” phải được chọn riêng, không kèm lựa chọn khác",
                        option=_label(exclusive[0]),
                    ),
                    "exclusive",
                )
            if q.max_choices is not None and len(chosen) > q.max_choices:
                self.bad(
                    where,
                    t(
                        "chọn tối đa {limit} lựa chọn, đang có {count}",
                        limit=q.max_choices,
                        count=len(chosen),
                    ),
                    "too_many",
                )
            if self.whole and q.min_choices is not None and len(chosen) < q.min_choices:
                self.bad(
                    where,
                    t(
                        "cần chọn ít nhất {limit} lựa chọn, đang có {count}",
                        limit=q.min_choices,
                        count=len(chosen),
                    ),
                    "too_few",
                )

    def blanks(
        self,
        blanks: list[PlainBlank],
        values: Mapping[str, Any],
        where: str,
        *,
        question: PlainQuestion | None = None,
    ) -> None:
        """The blanks of a group, or of the chosen option of *question*."""
        if not blanks and not values:  # an option without blanks, chosen without any: the common case
            return
        asked = None  # all of them, unless some blank has a condition
        if id(blanks) in self.index.conditional_blanks:
            asked = {b.id for b in blanks if holds(b.when, self.effective)}
        ids = self.index.blank_ids.get(id(blanks))
        for key in values:
            if key not in ids if ids is not None else not any(b.id == key for b in blanks):
                self.bad(f"{where}.{key}", _unknown_blank(key, blanks, question), "unknown_field")
        for blank in blanks:
            path = f"{where}.{blank.id}"
            value = values.get(blank.id)
            if asked is not None and blank.id not in asked:
                if not is_blank(value):
                    self.bad(
                        path,
                        t(
                            "ô “{blank}” chỉ áp dụng khi {condition}",
                            blank=_label(blank),
                            condition=self.why(blank.when),
                        ),
                        "not_applicable",
                    )
                continue
            if is_blank(value):
                if self.whole and blank.required:
                    self.bad(
                        path, _required(blank, t("chưa điền “{blank}”", blank=_label(blank))), "required"
                    )
                continue
            self.value(blank, blank.kind, value, path)


def _unknown_blank(key: str, blanks: list[PlainBlank], question: PlainQuestion | None) -> str:
    names = ", ".join(sorted(b.id for b in blanks))
    if names:
        message = t('không có ô trống "{key}" ở đây (có: {known})', key=key, known=names)
    else:
        message = t('không có ô trống "{key}": lựa chọn này không có ô trống nào', key=key)
    options = question.options or [] if question else []
    owner = next((o for o in options if any(b.id == key for b in o.followups)), None)
    if owner is not None:  # a follow-up blank written under the wrong option
        message += t("; “{key}” là ô của lựa chọn “{option}”", key=key, option=_label(owner))
    return message


def _object_of_blanks() -> str:
    return t('phải là một đối tượng gồm các ô trống {{"{id}": {value}}}', id=t("mã_ô"), value=t("giá trị"))


def _lower_first(label: str) -> str:
    """ "Tỉnh, thành phố trực thuộc Trung ương" -> "tỉnh, thành phố trực thuộc Trung ương" (names keep capitals)."""
    return label[:1].lower() + label[1:]


def _label(item: Any) -> str:
    """An option's, a blank's or a respondent field's label in the command's language: its `label_en` in
    English, kept by the plain form (marked "[vi] …" where the form has none)."""
    return form_text(item.label, getattr(item, "label_en", None))


def _required(item: PlainQuestion | PlainBlank, what: str | None = None) -> str:
    if item.messages and item.messages.required:
        return form_text(item.messages.required, getattr(item.messages, "required_en", None))
    return what or t("chưa trả lời (câu bắt buộc)")


def _show_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if value is not None else t("không có")


_ENVELOPE_VI = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được hỗ trợ",
    "string_type": "phải là chuỗi",
    "dict_type": "phải là một đối tượng",
    "model_type": "phải là một đối tượng",
    "literal_error": "giá trị không hợp lệ",
    "timezone_aware": "thời điểm phải có múi giờ, ví dụ 2023-01-16T09:30:00+07:00",
    "datetime_parsing": "thời điểm không hợp lệ, cần dạng 2023-01-16T09:30:00+07:00",
    "datetime_type": "thời điểm không hợp lệ, cần dạng 2023-01-16T09:30:00+07:00",
    "datetime_from_date_parsing": "thời điểm không hợp lệ, cần dạng 2023-01-16T09:30:00+07:00",
    "string_pattern_mismatch": 'không đúng định dạng (cần "sha256:" và 64 chữ số hex)',
    "timestamp_format": (
        "thời điểm phải có dạng 2023-01-16T09:30:00+07:00 (ngày giờ có thật, kèm múi giờ hoặc Z)"
    ),
    "format_version": "phiên bản định dạng phải là số nguyên {version}",
}


def _envelope_message(err: Any) -> str:
    # pydantic's own message is English: a type phieu has no words for is just "giá trị không hợp lệ".
    base = t(str(_ENVELOPE_VI.get(err["type"], "giá trị không hợp lệ")), version=FORMAT_VERSION)
    if err["type"] == "literal_error":
        expected = str(err["ctx"]["expected"]).replace(" or ", t(" hoặc "))
        return t("{message}; cần {expected}", message=base, expected=expected)
    return base
