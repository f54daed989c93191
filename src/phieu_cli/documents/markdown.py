"""A layout.Document as Markdown: readable as plain text, and rendered by any CommonMark viewer.

What people typed is escaped so that a "*", "_", "<" or a line starting with "1." in an answer stays text.
"""

from __future__ import annotations

import re

from phieu_cli.common.messages import t_in
from phieu_cli.documents.layout import (
    CHECKED,
    DRAFT_NOTE,
    LEFT_EMPTY,
    MISSING,
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    NOT_APPLICABLE,
    ONLY_WHEN,
    RECIPIENTS,
    TO,
    UNCHECKED,
    Box,
    Document,
    Fill,
    Line,
    QuestionBlock,
    SectionBlock,
    dots,
    is_single,
    left_empty,
    printed_label,
)

BREAK = "  \n"  # a hard line break
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_BLOCK_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))(?=\s|$)")
# A line of only "-" or "=" (spaces allowed): under a line of text it would make that line a heading
# (setext), alone a horizontal rule.
_RULE_LINE = re.compile(r"^(\s*)([-=])(?=[\s=-]*$)")
# A blank form's dotted lines, in plain text: "to the end of the line" and a whole line, in mm of 13 pt type.
REST_MM, ROW_MM = 40, 100


def md_escape(text: str, *, block: bool = True) -> str:
    """Escape what Markdown would read as markup. *block*: the text starts a line, so a leading "-", "+" or
    "1." would start a list; lines after the first always start one."""
    lines = []
    for number, line in enumerate(text.splitlines() or [""]):
        line = _SPECIAL.sub(r"\\\1", line)
        if block or number:
            line = _BLOCK_START.sub(_escape_block_start, line)
            line = _RULE_LINE.sub(r"\1\\\2", line)
        lines.append(line.rstrip())
    return "\n".join(lines)


def _escape_block_start(match: re.Match[str]) -> str:
    indent, bullet, digits, dot = match.groups()
    return f"{indent}\\{bullet}" if bullet else f"{indent}{digits}\\{dot}"


def _inline(text: str, indent: str) -> str:
    """Text inside a list item: its own line breaks become hard breaks, indented to stay in the item."""
    return (BREAK + indent).join(md_escape(text, block=False).split("\n"))


def render_markdown(doc: Document) -> str:
    out: list[str] = []
    head = doc.letterhead
    if doc.status == "draft":
        out += [f"> **{md_escape(t_in(doc.lang, DRAFT_NOTE), block=False)}**", ""]
    if head is not None:
        out += [BREAK.join(f"**{md_escape(line, block=False)}**" for line in head.sender), ""]
        out += [BREAK.join([md_escape(head.number), md_escape(head.subject)]), ""]
        out += [
            f"**{md_escape(t_in(doc.lang, NATIONAL_NAME), block=False)}**{BREAK}**{md_escape(t_in(doc.lang, NATIONAL_MOTTO), block=False)}**",
            "",
        ]
        out += [f"*{md_escape(head.place_date, block=False)}*", ""]
        if head.to:
            out += [md_escape(t_in(doc.lang, TO, to=head.to), block=False), ""]
        if head.opening:
            out += [md_escape(head.opening), ""]
    out += [f"# {md_escape(doc.title, block=False)}", ""]
    if doc.annex_note:
        out += [f"*{md_escape(doc.annex_note, block=False)}*", ""]
    for line in doc.respondent:
        empty = _fills(line.fills, "  ") if line.fills else "……"  # a blank form: its dotted line
        value = f"**{_inline(line.value, '  ')}**" if line.value else empty
        out.append(f"- {_inline(line.label, '  ')}: {value}")
    out.append("")
    for section in doc.sections:
        out += _section(section, doc)
    if doc.closing and doc.signature is not None:
        out += [md_escape(doc.closing), ""]
    out += _signature(doc)
    return "\n".join(out).rstrip("\n") + "\n"


def _section(section: SectionBlock, doc: Document) -> list[str]:
    if is_single(section):
        question = section.questions[0]
        return [
            f"## {md_escape(f'{section.number}. {question.text}', block=False)}",
            "",
            *_answer(question, doc),
        ]
    heading = f"{section.number}. {section.title}" if section.number else section.title.upper()
    out = [f"## {md_escape(heading, block=False)}", ""]
    for question in section.questions:
        label = printed_label(section, question)
        text = f"{label} {question.text}" if label else question.text
        out += [f"### {md_escape(text, block=False)}", "", *_answer(question, doc)]
    return out


def _answer(q: QuestionBlock, doc: Document) -> list[str]:
    lang = doc.lang
    if not q.applies:
        na = t_in(lang, NOT_APPLICABLE)
        why = f" ({t_in(lang, ONLY_WHEN, condition=q.condition)})" if q.condition else ""
        return [f"*{md_escape(na[0].upper() + na[1:] + why, block=False)}.*", ""]
    out: list[str] = []
    if q.instruction:
        out += [f"*{md_escape(q.instruction, block=False)}*", ""]
    if q.fills:
        out.append(_fills(q.fills, "", alone=True))
    for box in q.boxes:
        out += _box(box, lang)
    for line in q.lines:
        out.append(_line(line, lang, ""))
    if q.value is not None:
        if out:
            out.append("")
        out += _paragraphs(q.value)
    if q.missing and not q.lines:
        out.append(f"*[{t_in(lang, MISSING)}]*")
    elif left_empty(q):
        out.append(f"*({t_in(lang, LEFT_EMPTY)})*")
    for explanation in q.explanations:
        out += ["", f"*{md_escape(explanation, block=False)}*"]
    out.append("")
    return out


def _paragraphs(text: str) -> list[str]:
    """Long text: blank lines separate paragraphs, other line breaks stay line breaks."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines = [md_escape(line) for line in block.split("\n")]
        out += [BREAK.join(lines), ""]
    return out[:-1]


def _box(box: Box, lang: str) -> list[str]:
    mark = CHECKED if box.checked else UNCHECKED
    text = _inline(box.label, "  ")
    if box.other_text:
        text += f": {_inline(box.other_text, '  ')}"
    elif box.fills:
        text += f": {_fills(box.fills, '  ')}"
    elif box.other:
        text += ": ……"
    return [f"- {mark} {text}", *(_line(line, lang, "  ") for line in box.lines)]


def _line(line: Line, lang: str, indent: str) -> str:
    if line.value is not None:
        value = _inline(line.value, indent + "  ")
    elif line.missing:
        value = f"*[{t_in(lang, MISSING)}]*"
    elif line.fills:
        value = _fills(line.fills, indent + "  ")
    else:
        value = "……"
    return f"{indent}- {_inline(line.label, indent + '  ')}: {value}"


def _fills(fills: list[Fill], indent: str, *, alone: bool = False) -> str:
    """A blank form's dotted lines, as text: dots of the fill's length; whole lines of dots below, as hard
    line breaks inside the same paragraph or list item. *alone*: nothing before them on the line."""
    parts = [
        (f"{md_escape(fill.label, block=False)} " if fill.label else "")
        + dots(fill.mm or (ROW_MM if alone and not fill.label else REST_MM))
        for fill in fills
    ]
    rows = [dots(ROW_MM)] * (fills[-1].rows if fills else 0)
    return (BREAK + indent).join([" ".join(parts), *rows])


def _signature(doc: Document) -> list[str]:
    sign = doc.signature
    if sign is None:
        return []
    heads = [sign.on_behalf, *sign.titles] if sign.on_behalf else sign.titles
    lines = [f"**{md_escape(t, block=False)}**" for t in heads]
    out = ["---", "", BREAK.join(lines), "", f"*{md_escape(sign.hint, block=False)}*", ""]
    if sign.name:
        out += [f"**{md_escape(sign.name, block=False)}**", ""]
    out += [f"**_{md_escape(t_in(doc.lang, RECIPIENTS), block=False)}_**", ""]
    out += [f"- {_inline(r, '  ')}" for r in sign.recipients]
    return out
