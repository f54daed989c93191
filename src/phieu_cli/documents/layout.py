"""A response laid out like the paper form, as plain data.

One walk of the form, shared by `phieu show` (terminal), the review screen of `phieu fill`, and
`phieu export` (DOCX, Markdown, HTML): each only decides how a block looks, never which blocks there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from phieu_cli.common.messages import label as form_text
from phieu_cli.common.messages import language, name_in, t_in
from phieu_cli.common.text import display_width, wrap
from phieu_cli.form.conditions import blanks_asked, describe, options_offered, walk
from phieu_cli.form.model import (
    CHOICE_KINDS,
    OTHER_TEXT_KEY,
    PERSON_PART_LABELS,
    Blank,
    Form,
    Option,
    Question,
)
from phieu_cli.form.values import is_blank

CHECKED, UNCHECKED = "☒", "☐"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
# The fixed wording of a document, in Vietnamese: renderers say it in the document's language through
# common.messages (t_in(doc.lang, MISSING)).
NOT_APPLICABLE = "không áp dụng"
MISSING = "chưa trả lời"
LEFT_EMPTY = "không trả lời"  # an optional question, not answered
DRAFT_MARK = "DỰ THẢO"
DRAFT_NOTE = "DỰ THẢO — phiếu chưa hoàn thành, không dùng để ký ban hành"
DRAFT_HEADER = "DỰ THẢO — chưa hoàn thành"  # the header of every page of a draft
TO = "Kính gửi: {to}"
RECIPIENTS = "Nơi nhận:"
DOTS = "……"
CLOSING = "Trân trọng./."
# The printed page (Decree 30/2020/NĐ-CP), the same for DOCX, PDF and HTML print.
PAGE = {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15}  # mm
TEXT_WIDTH_MM = PAGE["width"] - PAGE["left"] - PAGE["right"]
LEFT_COLUMN_MM = 65  # sender / recipients; the rest is the national name / signature
CELL_MARGIN_MM = 1  # left and right inside each column of the header and signature blocks
# The width a line of the right column may take, less a little for renderers (LibreOffice, Word) whose
# line breaking is not exactly the fonts' metrics.
RIGHT_TEXT_MM = TEXT_WIDTH_MM - LEFT_COLUMN_MM - 2 * CELL_MARGIN_MM - 3
# Printed under the signer's title in every format, where the signature and the seal go.
SIGNING_HINT = "(Ký, ghi rõ họ tên, đóng dấu)"
ONLY_WHEN = "chỉ trả lời khi {condition}"
WARNING_NOTE = "Cảnh báo của mẫu phiếu: {warning}"
EXPLANATION = "Giải trình: {reason}"
# A blank form's dotted lines are runs of full stops, a quarter of an em wide in Times New Roman and
# Liberation Serif: they look like the dot leader Word draws to the end of a line.
DOT, DOT_EM = ".", 0.25
# A blank form's dotted line to the end of the line starts on the next line when less is left than this
# (the DOCX and the PDF; the HTML's `.fill.rest` is as wide).
REST_MIN_MM = 25


@dataclass
class Fill:
    """A place left to write by hand on a blank form (`phieu export --blank`): *label* printed before it
    ("Họ và tên:"), then a dotted line *mm* long (None: to the end of the line), then *rows* whole dotted
    lines below (room for a long answer)."""

    label: str | None = None
    mm: float | None = None
    rows: int = 0

    @property
    def caption(self) -> str:
        """The label kept whole on one line with its dots ("Họ và tên:" never breaks after "Họ và")."""
        return (self.label or "").replace(" ", "\u00a0")


def dots(mm: float, size: float = 13) -> str:
    """A run of dots about *mm* long at *size* points, never broken across lines (it has no space)."""
    dot_mm = DOT_EM * size * 25.4 / 72
    return DOT * max(4, round(mm / dot_mm))


@dataclass
class Line:
    """A filled blank: "Tên gọi: Trung tâm CNTT". value None: empty; missing: required and empty."""

    label: str
    value: str | None
    missing: bool = False
    fills: list[Fill] = field(default_factory=list)  # a blank form: where to write, after the label
    key: str | None = None  # a respondent field's id (what `phieu fill`'s review edits it by)


@dataclass
class Box:
    """A checkbox, ticked or not, with the "Khác" text and the blanks that belong to it."""

    label: str
    checked: bool
    offered: bool = True
    other_text: str | None = None
    lines: list[Line] = field(default_factory=list)
    other: bool = False  # a "Khác: ....." box, printed with its dotted line when empty
    fills: list[Fill] = field(default_factory=list)  # a blank form: the "Khác" line, after the label


@dataclass
class QuestionBlock:
    id: str
    number: str
    text: str
    kind: str
    applies: bool
    answered: bool
    missing: bool  # applies, required, unanswered
    condition: str | None = None  # when it applies, in words (for "không áp dụng")
    help: str | None = None
    boxes: list[Box] = field(default_factory=list)  # choice questions: every option
    value: str | None = None  # text, number, phone, date
    lines: list[Line] = field(default_factory=list)  # group and person questions
    fills: list[Fill] = field(default_factory=list)  # a blank form: where the answer is written
    instruction: str | None = None  # a blank form: when to answer it, "(Chỉ trả lời khi Câu 1 là …)"
    # Warnings of the form this answer fires that the respondent confirmed, each with its reason: the
    # reader of the reply sees why an unusual answer stands (WARNING_NOTE, then EXPLANATION).
    explanations: list[str] = field(default_factory=list)


@dataclass
class SectionBlock:
    id: str
    number: str | None
    title: str
    questions: list[QuestionBlock]


@dataclass
class Letterhead:
    """The top of the reply, placed as Decree 30/2020/NĐ-CP places it: the sender on the left, the national
    name and motto on the right, then the number (left blank for the clerk who registers the reply), the
    subject naming the letter being answered, and the place and date (day and month written at signing)."""

    sender: list[str]  # ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ ĐÀ NẴNG"]
    number: str  # "Số: ……/UBND-……"
    subject: str  # "V/v trả lời Văn bản số 149/BTTTT-CĐSQG ngày 13/01/2023"
    place_date: str  # "Đà Nẵng, ngày …… tháng …… năm 2023"
    cited_number: str = ""  # "149/BTTTT-CĐSQG": a renderer keeps it on one line
    to: str | None = None  # "Bộ Thông tin và Truyền thông (Cục Chuyển đổi số quốc gia)", after "Kính gửi: "
    opening: str | None = (
        None  # "Thực hiện Văn bản số 149/BTTTT-CĐSQG ngày 13/01/2023 của …, … báo cáo như sau:"
    )


@dataclass
class Signature:
    """The signature block of the replying body (a provincial People's Committee for form 149), and the list
    of recipients beside it."""

    on_behalf: str | None  # "TM. ỦY BAN NHÂN DÂN"; None for a body whose head signs in person
    titles: list[str]  # ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    name: str | None  # typed under the signature; None leaves room to write it
    recipients: list[str]  # ["Như trên;", "Lưu: VT, ……."]
    hint: str = SIGNING_HINT  # in the document's language once built


@dataclass
class Document:
    issuer: str
    issuer_unit: str | None
    letter_number: str | None  # None: the form has no cover letter
    letter_date: dt.date | None
    letter_place: str | None
    title: str
    annex_note: str | None
    respondent: list[Line]  # each respondent field: its label, its value as shown, missing when required
    unit: str | None  # the unit that answers, as shown ("Thành phố Đà Nẵng"), from the unit field
    author_name: str | None  # the body the reply is from, for a file's properties
    status: str  # "draft", "complete", or "blank" for the form with nothing filled in (blank.py)
    sections: list[SectionBlock]
    lang: str = "vi"
    letterhead: Letterhead | None = None
    signature: Signature | None = None
    closing: str | None = None  # "Trân trọng./.", the last line of the body (with a letterhead)

    @property
    def questions(self) -> list[QuestionBlock]:
        return [q for s in self.sections for q in s.questions]

    @property
    def date_line(self) -> str:
        d = self.letter_date
        if d is None:
            return ""
        place = f"{self.letter_place}, " if self.letter_place else ""
        return place + t_in(self.lang, "ngày {day:02d} tháng {month:02d} năm {year}", **_date_fields(d))


def author(doc: Document) -> str:
    """Who the reply is from, for a file's properties: the agency that answered (the first free-text field),
    else the body that signs (a province's People's Committee, the unit), else "phieu"."""
    return doc.author_name or "phieu"


def _author_name(form: Form, values: Mapping[str, str | None], unit: str | None, lang: str) -> str | None:
    for key, item in form.respondent.items():
        if key != form.unit_id and not item.listed and values.get(key):
            return values[key]
    if unit and provincial(form):
        return t_in(lang, "Ủy ban nhân dân {province}", province=in_sentence(unit, lang))
    return unit


def _choice_name(choices: list[Option], value: str, lang: str) -> str | None:
    """A respondent's unit or choice as named in *lang*: a list's `label_en` in English where it has one (a
    ministry from a CSV), else its name as written (a province's name is a name, not marked)."""
    option = next((o for o in choices if o.id == value), None)
    return name_in(option.label, option.label_en, lang) if option is not None else None


def _date_fields(d: dt.date) -> dict[str, object]:
    return {"day": d.day, "month": d.month, "year": d.year}


def build(
    form: Form,
    answers: Mapping[str, Any],
    *,
    respondent: Mapping[str, str | None] | None = None,
    confirmations: Mapping[str, Any] | None = None,
    status: str = "draft",
    lang: str | None = None,
    signer: str | None = None,
    signer_title: str | None = None,
    year: int | None = None,
) -> Document:
    """Lay out *answers* on *form*. Unknown or malformed answers are shown as best they can be, never raised.

    *signer*, *signer_title* ("KT. CHỦ TỊCH - PHÓ CHỦ TỊCH": " - " separates lines) and *year* only fill
    the letterhead and signature block of the printed reply. *confirmations* (the response's: answer path ->
    warning id -> reason) print each confirmed warning's reason under its answer. *lang*: the command's language by default
    (common.messages); labels the form has no English for are shown in Vietnamese, marked "[vi] ".
    """
    lang = lang or language()
    meta = form.form
    sections: dict[str, SectionBlock] = {}
    effective: dict[str, Any] = {}
    for state in walk(form, answers):
        section = state.section
        block = sections.get(section.id)
        if block is None:
            block = sections[section.id] = SectionBlock(
                section.id, section.number, form_text(section.title, section.title_en, lang), []
            )
        block.questions.append(_question(form, state.question, state.applies, state.answer, effective, lang))
        if state.applies and state.answer is not None:
            effective[state.question.id] = state.answer
    if confirmations:
        _explain(form, answers, confirmations, sections.values(), lang)
    values = respondent or {}
    shown = {
        key: (_choice_name(field.choices, value, lang) or value) if field.listed else value
        for key, field in form.respondent.items()
        if (value := values.get(key))
    }
    unit = shown.get(form.unit_id)
    letter = meta.letter
    return Document(
        issuer=form_text(meta.issuer, meta.issuer_en, lang),
        issuer_unit=meta.issuer_unit,
        letter_number=letter.number if letter else None,
        letter_date=letter.date if letter else None,
        letter_place=letter.place if letter else None,
        title=form_text(meta.title, meta.title_en, lang),
        annex_note=(  # "Kèm theo Văn bản …": only with a letter
            form_text(meta.annex_note, meta.annex_note_en, lang) if letter and meta.annex_note else None
        ),
        respondent=[
            Line(
                form_text(f.label, f.label_en, lang),
                shown.get(key),
                missing=f.required and key not in shown,
                key=key,
            )
            for key, f in form.respondent.items()
        ],
        unit=unit,
        author_name=_author_name(form, shown, unit, lang),
        status=status,
        sections=list(sections.values()),
        lang=lang,
        # No cover letter, no reply letter: the form alone, without letterhead, closing or signature block.
        letterhead=_letterhead(form, unit, year, lang) if letter else None,
        signature=_signature(form, signer, signer_title, lang) if letter else None,
        closing=t_in(lang, CLOSING) if letter else None,
    )


def _explain(
    form: Form,
    answers: Mapping[str, Any],
    confirmations: Mapping[str, Any],
    sections: Iterable[SectionBlock],
    lang: str,
) -> None:
    """Each warning the answers fire that has a reason, under its question (the one evaluation of warnings,
    responses.validation.fired_warnings, decides which fire)."""
    from phieu_cli.responses.validation import fired_warnings

    blocks = {q.id: q for section in sections for q in section.questions}
    for fired in fired_warnings(form, answers, confirmations):
        block = blocks.get(fired.question_id)
        if fired.reason and block is not None:
            warning = form_text(fired.message, fired.message_en, lang)
            block.explanations.append(t_in(lang, WARNING_NOTE, warning=warning))
            block.explanations.append(t_in(lang, EXPLANATION, reason=fired.reason))


def provincial(form: Form) -> bool:
    """Whether the form goes to provinces (its unit is a built-in set, all of which are sets of provinces):
    the reply then comes from the province's People's Committee, with the letterhead Decree 30 gives it."""
    return form.unit_field.options_from is not None


# Decree 30/2020/NĐ-CP, Appendix I: the place is the province's name without "Tỉnh"/"Thành phố", except
# for a place named after a person, which keeps its full name.
_KEEP_FULL_PLACE = frozenset({"Thành phố Hồ Chí Minh"})


def place_name(province_label: str) -> str:
    """ "Thành phố Đà Nẵng" -> "Đà Nẵng", "Tỉnh Bắc Kạn" -> "Bắc Kạn", "Thành phố Hồ Chí Minh" unchanged."""
    if province_label in _KEEP_FULL_PLACE:
        return province_label
    for prefix in ("Thành phố ", "Tỉnh "):
        if province_label.startswith(prefix):
            return province_label[len(prefix) :]
    return province_label


def in_sentence(province_label: str, lang: str = "vi") -> str:
    """ "Thành phố Đà Nẵng" -> "thành phố Đà Nẵng", "Tỉnh Bắc Kạn" -> "tỉnh Bắc Kạn": the province as a
    Vietnamese sentence names it after "Ủy ban nhân dân" (the administrative level is not a proper name). An
    English sentence keeps the name as written ("the People's Committee of Tỉnh Bến Tre")."""
    if lang != "vi":
        return province_label
    for prefix in ("Thành phố ", "Tỉnh "):
        if province_label.startswith(prefix):
            return prefix.lower() + province_label[len(prefix) :]
    return province_label


def _letterhead(form: Form, unit: str | None, year: int | None, lang: str) -> Letterhead:
    meta = form.form
    letter = meta.letter
    assert letter is not None  # build() makes a letterhead only for a form with a cover letter
    cited = t_in(
        lang, "Văn bản số {number} ngày {date}", number=letter.number, date=letter.date.strftime("%d/%m/%Y")
    )
    if provincial(form):
        sender = [
            t_in(lang, "ỦY BAN NHÂN DÂN"),
            unit.upper() if unit else t_in(lang, "TỈNH/THÀNH PHỐ {dots}", dots=DOTS),
        ]
        place = place_name(unit) if unit else DOTS
        committee = t_in(
            lang,
            "Ủy ban nhân dân {province}",
            province=in_sentence(unit, lang) if unit else t_in(lang, "tỉnh/thành phố {dots}", dots=DOTS),
        )
        number = t_in(lang, "Số: {dots}/UBND-{dots}", dots=DOTS)
    else:  # a ministry, a commune…: the unit itself, by its name or the form's noun for it
        noun = form_text(form.unit_noun, form.unit_noun_en, lang)
        sender = [unit.upper() if unit else f"{noun.upper()} {DOTS}"]
        place = DOTS
        committee = unit or f"{noun} {DOTS}"
        number = t_in(lang, "Số: {dots}/{dots}", dots=DOTS)
    issued_by = form_text(letter.issued_by, letter.issued_by_en, lang) if letter.issued_by else None
    return Letterhead(
        sender=sender,
        number=number,
        subject=t_in(lang, "V/v trả lời {cited}", cited=cited),
        place_date=t_in(
            lang,
            "{place}, ngày {dots} tháng {dots} năm {year}",
            place=place,
            dots=DOTS,
            year=year if year else DOTS,
        ),
        cited_number=letter.number,
        to=form_text(meta.reply.to, meta.reply.to_en, lang) if meta.reply else None,
        opening=t_in(
            lang,
            "Thực hiện {cited} của {issuer}, {committee} báo cáo như sau:",
            cited=cited,
            issuer=issued_by or form_text(meta.issuer, meta.issuer_en, lang),
            committee=committee,
        ),
    )


def _signature(form: Form, signer: str | None, signer_title: str | None, lang: str) -> Signature:
    head = t_in(lang, "CHỦ TỊCH") if provincial(form) else t_in(lang, "THỦ TRƯỞNG CƠ QUAN")
    titles = [t.strip().upper() for t in (signer_title or head).split(" - ") if t.strip()]
    meta = form.form
    reply = meta.reply
    if reply is not None:  # "Như trên": the addressee named after "Kính gửi"
        english = reply.copies_en or []
        copies = [
            t_in(lang, "Như trên;"),
            *(
                form_text(c, english[i] if i < len(english) else None, lang).strip().rstrip(";.").strip()
                + ";"
                for i, c in enumerate(reply.copies)
            ),
        ]
    else:  # no "Kính gửi" line: name the body the reply goes to
        copies = [f"{meta.contact or meta.issuer_unit or form_text(meta.issuer, meta.issuer_en, lang)};"]
    return Signature(
        on_behalf=t_in(lang, "TM. ỦY BAN NHÂN DÂN") if provincial(form) else None,
        titles=titles or [head],
        name=signer.strip() if signer and signer.strip() else None,
        # "Lưu: VT, …": the archive and the drafting unit, whose short name the clerk writes in.
        recipients=[*copies, t_in(lang, "Lưu: VT, {dots}.", dots=DOTS)],
        hint=t_in(lang, SIGNING_HINT),
    )


def printed_label(section: SectionBlock, question: QuestionBlock) -> str | None:
    """How the paper numbers a question inside its section: "a)" for 2a under 2, "6b.1." for 6b.1, "BC1."

    None when the section is that one question (section 1 is question 1): the section heading says it.
    """
    if is_single(section):
        return None
    number = question.number
    if section.number and number.startswith(section.number):
        rest = number[len(section.number) :]
        if rest.isalpha():
            return f"{rest})"
    return f"{number}."


def left_empty(q: QuestionBlock) -> bool:
    """An optional question that applies and was not answered, with nothing else to show (no boxes, no lines)."""
    return q.applies and not q.answered and not q.missing and not q.boxes and not q.lines and not q.fills


def is_single(section: SectionBlock) -> bool:
    """A section printed as its one question ("5. Những vấn đề vướng mắc…"), its own title left out."""
    return len(section.questions) == 1 and section.questions[0].number == section.number


def _question(
    form: Form, q: Question, applies: bool, answer: Any, effective: Mapping[str, Any], lang: str
) -> QuestionBlock:
    answered = applies and not is_blank(answer)
    block = QuestionBlock(
        id=q.id,
        number=q.number,
        text=form_text(q.text, q.text_en, lang),
        kind=q.kind,
        applies=applies,
        answered=answered,
        missing=applies and q.required and not answered,
        condition=describe(q.when, form) if q.when else None,
        help=form_text(q.help, q.help_en, lang) if q.help else None,
    )
    if q.kind in CHOICE_KINDS:
        chosen = answer if answered and isinstance(answer, dict) else {}
        offered = {o.id for o in options_offered(q, effective)}
        for option in q.options or []:
            detail = chosen.get(option.id)
            checked = option.id in chosen
            detail = detail if isinstance(detail, dict) else {}
            other = detail.get(OTHER_TEXT_KEY) if option.other else None
            box = Box(
                form_text(option.label, option.label_en, lang),
                checked,
                option.id in offered,
                other_text=_display(other) if checked and not is_blank(other) else None,
                other=option.other,
            )
            if option.followups:
                box.lines = _lines(option.followups, detail if checked else {}, effective, lang, checked)
            block.boxes.append(box)
    elif q.kind == "group":
        values = answer if answered and isinstance(answer, dict) else {}
        block.lines = _lines(q.fields or [], values, effective, lang, applies)
    elif q.kind == "person":
        block.lines = _person_lines(q, answer if answered else None, lang, applies and q.required)
    elif answered:
        block.value = _display(answer, q.kind)
    return block


def _lines(
    blanks: list[Blank], values: Mapping[str, Any], effective: Mapping[str, Any], lang: str, active: bool
) -> list[Line]:
    asked = {b.id for b in blanks_asked(blanks, effective)}
    lines: list[Line] = []
    for blank in blanks:
        value = values.get(blank.id)
        label = form_text(blank.label, blank.label_en, lang)
        if blank.kind == "person":
            person = value if isinstance(value, dict) else None
            parts = _person_lines(blank, person, lang, active and blank.required and blank.id in asked)
            shown = [p for p in parts if p.value or p.missing] if any(p.value for p in parts) else []
            missing = t_in(lang, MISSING)
            summary = "; ".join(f"{p.label}: {p.value or f'[{missing}]'}" for p in shown)
            lines.append(Line(label, summary or None, missing=any(p.missing for p in parts)))
            continue
        empty = is_blank(value)
        lines.append(
            Line(
                label,
                None if empty else _display(value, blank.kind),
                missing=active and empty and blank.required and blank.id in asked,
            )
        )
    return lines


def _person_lines(item: Question | Blank, value: Any, lang: str, required: bool) -> list[Line]:
    person = value if isinstance(value, dict) else {}
    return [
        Line(
            t_in(lang, PERSON_PART_LABELS[part]),
            None if is_blank(person.get(part)) else _display(person.get(part), part),
            missing=required and is_blank(person.get(part)),
        )
        for part in item.parts
    ]


def _display(value: Any, kind: str = "text") -> str:
    if kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


class Style:
    """Tags of the lines of a laid-out document: terminal/console.py maps them to colours, to_text ignores them."""

    PLAIN = ""
    HEAD = "head"
    TITLE = "title"
    NOTE = "note"
    DRAFT = "draft"
    SECTION = "section"
    QUESTION = "question"
    CHECKED = "checked"
    NA = "na"
    MISSING = "missing"


StyledLine = tuple[str, str]


def to_text(doc: Document, width: int = 100) -> str:
    """The document as plain text, wrapped by display width: what `phieu show` prints without colour."""
    return "\n".join(text for text, _ in to_lines(doc, width)) + "\n"


def to_lines(doc: Document, width: int = 100) -> list[StyledLine]:
    """The document as lines of at most *width* columns, each with a Style tag."""
    out: list[StyledLine] = []
    missing = t_in(doc.lang, MISSING)

    def add(lines: list[str], style: str = Style.PLAIN) -> None:
        out.extend((line, style) for line in lines)

    add(_header(doc, width), Style.HEAD)
    add([""])
    add([_center(line, width) for line in wrap(doc.title, width)], Style.TITLE)
    if doc.annex_note:
        add([_center(line, width) for line in wrap(doc.annex_note, width)], Style.NOTE)
    if doc.status == "draft":
        note = t_in(doc.lang, DRAFT_NOTE)
        add([_center(line, width) for line in wrap(f"[{note}]", width)], Style.DRAFT)
    add([""])
    for line in doc.respondent:
        value = line.value or (f"[{missing}]" if line.missing else DOTS)
        add(wrap(f"{line.label}: {value}", width, "", "    "), Style.MISSING if line.missing else Style.PLAIN)
    for section in doc.sections:
        add([""])
        if not is_single(section):  # a section that is one question is printed as that question
            head = f"{section.number}. {section.title}" if section.number else section.title.upper()
            add(wrap(head, width), Style.SECTION)
        for q in section.questions:
            out += question_lines(q, width, doc.lang)
    return out


def question_lines(q: QuestionBlock, width: int = 100, lang: str = "vi") -> list[StyledLine]:
    """One question and its answer as lines of at most *width* columns (also the review screen's detail)."""
    out: list[StyledLine] = []
    na, missing = t_in(lang, NOT_APPLICABLE), t_in(lang, MISSING)

    def add(lines: list[str], style: str = Style.PLAIN) -> None:
        out.extend((line, style) for line in lines)

    # The whole number ("3đ", not the paper's "đ)" under 3): what messages name and `fill` edits by.
    add(wrap(f"{q.number}) {q.text}", width, "", "    "), Style.QUESTION if q.applies else Style.NA)
    if not q.applies:
        note = f"({na} — {t_in(lang, ONLY_WHEN, condition=q.condition)})" if q.condition else f"({na})"
        add(wrap(note, width, "    ", "     "), Style.NA)
        return out
    for box in q.boxes:
        mark = CHECKED if box.checked else UNCHECKED
        other = box.other_text or (DOTS if box.other else None)  # the paper's "Khác: ….."
        text = f"{mark} {box.label}" + (f": {other}" if other else "")
        add(wrap(text, width, "    ", "      "), Style.CHECKED if box.checked else Style.PLAIN)
        for line in box.lines:
            add(*_text_line(line, width, "      ", missing))
    for line in q.lines:
        add(*_text_line(line, width, "    ", missing))
    if q.value is not None:
        add(wrap(q.value, width, "    ", "    "))
    if q.missing and not q.lines:  # person/group questions mark each empty line instead
        add([f"    [{missing}]"], Style.MISSING)
    elif left_empty(q):
        add([f"    ({t_in(lang, LEFT_EMPTY)})"])
    for explanation in q.explanations:
        add(wrap(explanation, width, "    ", "    "))
    return out


def _header(doc: Document, width: int) -> list[str]:
    """The issuer (left) and the national name and motto (right), side by side as on paper when they fit."""
    left = [
        doc.issuer,
        "",
        t_in(doc.lang, "Số: {number}", number=doc.letter_number) if doc.letter_number else "",
    ]
    right = [t_in(doc.lang, NATIONAL_NAME), t_in(doc.lang, NATIONAL_MOTTO), doc.date_line]
    if not doc.letter_number:  # no cover letter: the issuer and the national name only
        left, right = left[:2], right[:2]
    left_width = max(display_width(line) for line in left) + 2
    right_width = max(display_width(line) for line in right)
    if left_width + right_width > width:
        return [_center(line, width) for line in (*left[:1], *left[2:], *right)]
    left_width = max(left_width, (width - right_width) // 2)
    rows = []
    for a, b in zip(left, right, strict=True):
        a = _center(a, left_width).ljust(left_width + len(a) - display_width(a)) if a else " " * left_width
        rows.append((a + _center(b, width - left_width)).rstrip())
    return rows


def _center(text: str, width: int) -> str:
    """*text* centred in *width* columns (by display width); no trailing spaces."""
    pad = max((width - display_width(text)) // 2, 0)
    return " " * pad + text


def _text_line(line: Line, width: int, indent: str, missing: str) -> tuple[list[str], str]:
    value = line.value if line.value is not None else (f"[{missing}]" if line.missing else DOTS)
    return wrap(
        f"- {line.label}: {value}", width, indent, indent + "  "
    ), Style.MISSING if line.missing else Style.PLAIN
