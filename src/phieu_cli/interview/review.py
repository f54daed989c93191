"""The review screen of `phieu fill` as plain data: one short line per question, and its full answer.

The terminal shows the short lines as a list that scrolls within one screen (prompts.py), the full answer of the
one under the pointer below it; Enter on a line changes that answer. Missing answers are marked and named, so
they cannot be overlooked. No terminal here: tests read the items directly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from phieu_cli.common.messages import t
from phieu_cli.common.text import display_width, wrap
from phieu_cli.documents.layout import Document, Line, QuestionBlock, Style, question_lines
from phieu_cli.interview.machine import short_name
from phieu_cli.responses.validation import FiredWarning

ANSWERED, MISSING, NOT_APPLICABLE, EMPTY = "✓", "✗", "–", "·"
JUMP = "jump:"  # the review's choice "change this question": JUMP + ReviewItem.target


@dataclass(frozen=True)
class ReviewItem:
    target: str  # what Interview.find_target() takes: the printed number, a respondent field's id
    mark: str  # ✓ answered, ✗ missing, – does not apply, · optional and left empty
    number: str  # "3đ", or the respondent field's label
    short: str  # the answer on one line
    full: list[str]  # the question and its whole answer, laid out as `phieu show` does
    flagged: tuple[int, ...] = ()  # the lines of *full* that show a required answer still missing
    question_id: str | None = None  # None for a respondent field

    @property
    def ref(self) -> str:
        return t("Câu {number}", number=self.number) if self.target == self.number else self.number

    def line(self, width: int) -> str:
        """The item on one line of at most *width* columns: "✓ 3đ    12"."""
        head = f"{self.mark} {self.number:<7} "
        return head + _fit(self.short, max(10, width - display_width(head)))

    def excerpt(self, room: int) -> list[str]:
        """*full* in at most *room* lines: when it does not fit, its first lines and, whatever their place,
        the lines of what is still missing ("- Lý do: [chưa trả lời]"), "…" where lines are left out."""
        if len(self.full) <= room:
            return list(self.full)
        flagged = list(self.flagged[: max(0, room - 3)])

        def keeping(head: int) -> list[str]:
            lines, last = [], -1
            for index in sorted(set(range(head)) | set(flagged)):
                if index != last + 1:
                    lines.append("    …")
                lines.append(self.full[index])
                last = index
            return lines if last == len(self.full) - 1 else [*lines, "    …"]

        head = 1
        while head < len(self.full) and len(keeping(head + 1)) <= room:
            head += 1
        return keeping(head)[:room]


def review_items(doc: Document, width: int) -> list[ReviewItem]:
    """The items of the review screen, in the order of the form."""
    items = []
    for line in doc.respondent:  # the target is the field's id: its label may be marked "[vi] " in English
        label, value = line.label, line.value
        short = value or (t("CHƯA TRẢ LỜI") if line.missing else "")
        full = [f"{label}: {value or ('[' + t('chưa trả lời') + ']' if line.missing else '')}"]
        mark = ANSWERED if value else MISSING if line.missing else EMPTY
        items.append(ReviewItem(line.key or label, mark, short_name(label), short, full))
    for section in doc.sections:
        for q in section.questions:
            lines = question_lines(q, width, doc.lang)
            full = [text for text, _ in lines]
            flagged = tuple(i for i, (_, style) in enumerate(lines) if style == Style.MISSING)
            items.append(ReviewItem(q.number, _mark(q), q.number, _short(q), full, flagged, q.id))
    return items


def with_warnings(items: list[ReviewItem], fired: list[FiredWarning], width: int) -> list[ReviewItem]:
    """*items* with the warnings their answers fire: "⚠" before the short line, and under the full answer
    each warning with the reason it was confirmed with, or "chưa xác nhận"."""
    by_question: dict[str, list[FiredWarning]] = {}
    for warning in fired:
        by_question.setdefault(warning.question_id, []).append(warning)
    out = []
    for item in items:
        warnings = by_question.get(item.question_id) if item.question_id else None
        if not warnings:
            out.append(item)
            continue
        lines = [
            line
            for w in warnings
            for line in wrap(
                t("⚠ Cảnh báo ({id}): {message}", id=w.id, message=w.text)
                + " — "
                + (
                    t("đã xác nhận, lý do: {reason}", reason=w.reason)
                    if w.reason is not None
                    else t("CHƯA XÁC NHẬN")
                ),
                width,
                "",
                "  ",
            )
        ]
        out.append(replace(item, short=f"⚠ {item.short}", full=[*item.full, *lines]))
    return out


def _missing_lines(q: QuestionBlock) -> list[Line]:
    """The required blanks left empty: the question's own, and those of the options ticked ("Lý do")."""
    ticked = [line for box in q.boxes if box.checked for line in box.lines]
    return [line for line in [*q.lines, *ticked] if line.missing]


def _mark(q: QuestionBlock) -> str:
    if not q.applies:
        return NOT_APPLICABLE
    if q.missing or _missing_lines(q):
        return MISSING
    return ANSWERED if q.answered else EMPTY


def _short(q: QuestionBlock) -> str:
    if not q.applies:
        return f"({t('không áp dụng')})"
    parts: list[str] = []
    for box in q.boxes:
        if box.checked:
            text = box.label + (f": {box.other_text}" if box.other_text else "")
            filled = [f"{line.label}: {line.value}" for line in box.lines if line.value]
            parts.append(" — ".join([text, *filled]))
    parts += [f"{line.label}: {line.value}" for line in q.lines if line.value]
    if q.value is not None:
        parts.append(q.value)
    text = "; ".join(" ".join(part.split()) for part in parts)
    blanks = _missing_lines(q)
    if q.missing or blanks:
        which = f" ({', '.join(line.label for line in blanks)})" if blanks else ""  # the blanks left empty
        return t("CHƯA TRẢ LỜI") + which + (f": {text}" if text else "")
    return text or t("(để trống)")


def _fit(text: str, width: int) -> str:
    """*text* cut to *width* columns (by display width) with "…"."""
    if display_width(text) <= width:
        return text
    out = ""
    for char in text:
        if display_width(out + char) > width - 1:
            break
        out += char
    return out.rstrip() + "…"
