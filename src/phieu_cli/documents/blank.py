"""A blank form (`phieu export --blank`): the form as printed, for filling in on paper or for comparing a
schema with the original page by page.

It is the layout of a response (layout.build) with no answers: every option shown unticked, every blank a
dotted line sized to what it holds, a question asked only in some cases shown with its instruction rather
than left out, dotted lines for the respondent, and no reply letter around it.
"""

from __future__ import annotations

import math

from phieu_cli.common.messages import label as form_text
from phieu_cli.common.messages import t_in
from phieu_cli.documents.layout import ONLY_WHEN, Box, Document, Fill, Line, QuestionBlock, build
from phieu_cli.form.conditions import describe
from phieu_cli.form.model import (
    CHOICE_KINDS,
    PERSON_PART_LABELS,
    Blank,
    Condition,
    Form,
    PersonPart,
    Question,
)

# The whole dotted lines under a long answer's first line: a question of its own gets the room of a short
# paragraph; a "Lý do" under an option two more lines, as on the paper form.
LONG_ROWS = {"question": 5, "blank": 2}
# How long a dotted line is, by what is written on it (mm); a text runs to the end of the line.
FILL_MM = {"integer": 30, "phone": 45, "name": 50, "position": 45, "day": 10, "month": 10, "year": 15}
# A text with a low max_length gets a line of its size: a handwritten letter takes about this much room.
HAND_MM_PER_CHAR, HAND_CHARS_PER_LINE = 2.5, 60
# An option offered only in some cases says so after its label, as a question's instruction does.
CHOOSE_ONLY_WHEN = "chỉ chọn khi {condition}"


def build_blank(form: Form, *, lang: str | None = None) -> Document:
    """*form* laid out with nothing filled in, in *lang* (the command's language by default)."""
    doc = build(form, {}, status="blank", lang=lang)
    lang = doc.lang
    for line in doc.respondent:  # who answers: written by hand, not "not answered"
        line.missing = False
        line.fills = [Fill()]
    for section in doc.sections:
        section.questions = [_question(form, form.by_id[q.id], lang) for q in section.questions]
    doc.letterhead = None
    doc.signature = None
    doc.closing = None
    return doc


def _question(form: Form, q: Question, lang: str) -> QuestionBlock:
    block = QuestionBlock(
        id=q.id,
        number=q.number,
        text=form_text(q.text, q.text_en, lang),
        kind=q.kind,
        applies=True,
        answered=False,
        missing=False,
    )
    if q.when is not None:
        block.condition = _when(q.when, form)
        only_when = t_in(lang, ONLY_WHEN, condition=block.condition)
        block.instruction = f"({only_when[0].upper()}{only_when[1:]})"
    if q.kind in CHOICE_KINDS:
        block.boxes = [
            Box(
                form_text(option.label, option.label_en, lang)
                + (
                    f" ({t_in(lang, CHOOSE_ONLY_WHEN, condition=_when(option.when, form))})"
                    if option.when
                    else ""
                ),
                checked=False,
                other=option.other,
                fills=[Fill()] if option.other else [],
                lines=[_line(form, blank, lang) for blank in option.followups],
            )
            for option in q.options or []
        ]
    elif q.kind == "group":
        block.lines = [_line(form, blank, lang) for blank in q.fields or []]
    else:
        block.fills = _fills(q.kind, q.parts, lang, LONG_ROWS["question"], q.max_length)
    return block


def _line(form: Form, blank: Blank, lang: str) -> Line:
    label = form_text(blank.label, blank.label_en, lang)
    if blank.when is not None:
        label += f" ({t_in(lang, ONLY_WHEN, condition=_when(blank.when, form))})"
    return Line(
        label, None, fills=_fills(blank.kind, blank.parts, lang, LONG_ROWS["blank"], blank.max_length)
    )


def _when(condition: Condition, form: Form) -> str:
    """A condition in words, inside the instruction's own brackets: "(Chỉ trả lời khi A hoặc B)"."""
    text = describe(condition, form)
    return text[1:-1] if condition.any is not None else text


def _fills(
    kind: str, parts: tuple[PersonPart, ...], lang: str, long_rows: int, max_length: int | None = None
) -> list[Fill]:
    """Where an answer of *kind* is written by hand: one dotted line sized to it, a person's parts side by
    side ("Họ và tên: ……  Số điện thoại di động: ……"), a date as "ngày …… tháng …… năm ……". A schema's
    *max_length* shortens a text's line or a long text's room to what it allows."""
    if kind == "long_text":
        if max_length is not None:
            long_rows = min(long_rows, math.ceil(max_length / HAND_CHARS_PER_LINE) - 1)
        return [Fill(rows=long_rows)]
    if kind == "text" and max_length is not None and max_length < HAND_CHARS_PER_LINE / 2:
        return [Fill(mm=max(max_length, 8) * HAND_MM_PER_CHAR)]
    if kind in ("integer", "phone"):
        return [Fill(mm=FILL_MM[kind])]
    if kind == "date":
        return [
            Fill(t_in(lang, "ngày"), FILL_MM["day"]),
            Fill(t_in(lang, "tháng"), FILL_MM["month"]),
            Fill(t_in(lang, "năm"), FILL_MM["year"]),
        ]
    if kind == "person":
        out = [Fill(f"{t_in(lang, PERSON_PART_LABELS[part])}:", FILL_MM[part]) for part in parts]
        out[-1].mm = None  # the last part runs to the end of the line
        return out
    return [Fill()]
