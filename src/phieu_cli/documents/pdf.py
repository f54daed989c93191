"""A layout.Document as PDF, laid out as the DOCX is (Decree 30/2020/NĐ-CP), with nothing but Python:
reportlab's page layout (platypus) and the fonts shipped in fontfiles/ (Liberation Serif, with the metrics of
Times New Roman and every Vietnamese letter; DejaVu Sans for ☐ ☒), embedded as subsets so the text can be
selected and searched.

A4 portrait; margins top 20, bottom 20, left 30, right 15 mm; body 13 pt; the sender and the national name
side by side; page numbers centred at the top from page 2; the last lines of the body kept on the page of the
signature block; a draft carries "DỰ THẢO" in a box under the title, at the top of every page and across
every page.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from phieu_cli.common.messages import t_in
from phieu_cli.documents.fonts import SYMBOL, fit_size, register
from phieu_cli.documents.layout import (
    CELL_MARGIN_MM,
    CHECKED,
    DRAFT_HEADER,
    DRAFT_MARK,
    DRAFT_NOTE,
    LEFT_COLUMN_MM,
    LEFT_EMPTY,
    MISSING,
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    NOT_APPLICABLE,
    ONLY_WHEN,
    PAGE,
    RECIPIENTS,
    REST_MIN_MM,
    RIGHT_TEXT_MM,
    TEXT_WIDTH_MM,
    TO,
    UNCHECKED,
    Box,
    Document,
    Fill,
    Line,
    QuestionBlock,
    SectionBlock,
    author,
    dots,
    is_single,
    left_empty,
    printed_label,
)

BODY_PT = 13
DRAFT_RED = colors.Color(0.75, 0, 0)
INDENT_MM = {"option": 8, "blank": 16, "value": 8}
HANGING_MM = 6
# As in the DOCX: the body's last paragraphs go with the signature block to a new page if need be.
KEEP_WITH_SIGNATURE = 2
# The body's width: the text width less the padding reportlab's frame keeps on each side (6 pt).
FRAME_WIDTH = TEXT_WIDTH_MM * mm - 12


def _styles() -> dict[str, ParagraphStyle]:
    names = register()
    base = ParagraphStyle(
        "body",
        fontName=names["regular"],
        fontSize=BODY_PT,
        leading=BODY_PT * 1.17,
        spaceAfter=6,
        alignment=TA_LEFT,
    )

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "justify": style("justify", alignment=TA_JUSTIFY),
        "center": style("center", alignment=TA_CENTER),
        "title": style(
            "title",
            fontName=names["bold"],
            fontSize=14,
            leading=14 * 1.17,
            alignment=TA_CENTER,
            spaceBefore=12,
            keepWithNext=1,
        ),
        "h1": style("h1", fontName=names["bold"], spaceBefore=6, keepWithNext=1),
        "h2": style("h2", fontName=names["bold"], keepWithNext=1),
        "cell": style("cell", alignment=TA_CENTER, spaceAfter=0),
        "draft": style(
            "draft",
            fontName=names["bold"],
            alignment=TA_CENTER,
            textColor=DRAFT_RED,
            borderColor=DRAFT_RED,
            borderWidth=1.5,
            borderPadding=4,
            spaceBefore=10,
            spaceAfter=10,
        ),
    }


def _p(text: str, style: ParagraphStyle, **kw: Any) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept). kw: size, bold, italic, colour."""
    return Paragraph(_markup(text, **kw), style)


def _markup(
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    colour: str | None = None,
) -> str:
    out = escape(text).replace("\n", "<br/>")
    if bold:
        out = f"<b>{out}</b>"
    if italic:
        out = f"<i>{out}</i>"
    attrs = []
    if size:
        attrs.append(f'size="{size:g}" ')
    if colour:
        attrs.append(f'color="{colour}" ')
    if attrs:
        out = f"<font {''.join(attrs)}>{out}</font>"
    return out


def render_pdf(doc: Document) -> bytes:
    styles = _styles()
    buffer = BytesIO()
    draft = doc.status == "draft"
    template = SimpleDocTemplate(
        buffer,
        pagesize=(PAGE["width"] * mm, PAGE["height"] * mm),
        topMargin=PAGE["top"] * mm,
        bottomMargin=PAGE["bottom"] * mm,
        leftMargin=PAGE["left"] * mm,
        rightMargin=PAGE["right"] * mm,
        title=doc.title,
        subject=doc.letterhead.subject if doc.letterhead else "",
        author=author(doc),
        creator="phieu",
        producer="phieu (reportlab)",
        keywords=[t_in(doc.lang, DRAFT_MARK)] if draft else [],
        lang="en-GB" if doc.lang == "en" else "vi-VN",
        # Without it the canvas names Helvetica, a font the file would reference but not embed.
        initialFontName=register()["regular"],
    )
    story: list[Flowable] = []
    story += _letterhead(doc, styles)
    head = doc.letterhead
    if head is not None and head.to:
        story.append(_p(t_in(doc.lang, TO, to=head.to), styles["center"]))
    if head is not None and head.opening:
        story.append(
            Paragraph(
                _markup(head.opening), ParagraphStyle("opening", styles["justify"], firstLineIndent=10 * mm)
            )
        )
    story.append(_p(doc.title, styles["title"]))
    if doc.annex_note:
        story.append(_p(doc.annex_note, styles["center"], italic=True))
    if draft:
        story.append(_p(t_in(doc.lang, DRAFT_NOTE), styles["draft"]))
    for line in doc.respondent:
        if line.fills:  # a blank form
            story += _filled(f"{escape(line.label)}: ", line.fills, styles["body"])
            continue
        value = _markup(line.value, bold=True) if line.value else "……………"
        story.append(Paragraph(f"{escape(line.label)}: {value}", styles["body"]))
    for section in doc.sections:
        story += _section(section, doc, styles)
    if doc.signature is not None:
        tail: list[Flowable] = []
        if doc.closing:
            tail.append(
                Paragraph(
                    _markup(doc.closing), ParagraphStyle("closing", styles["body"], firstLineIndent=10 * mm)
                )
            )
        tail += [Spacer(1, 4), _signature(doc, styles)]
        start = len(story) - KEEP_WITH_SIGNATURE
        # A heading kept with its next paragraph goes along (never left alone at the foot of a page).
        while start > 0 and _kept_with_next(story[start - 1]):
            start -= 1
        keep = story[start:]
        del story[start:]
        story.append(KeepTogether([*keep, *tail]))

    def first(canvas: Any, _template: Any) -> None:
        _page_marks(canvas, 1, draft, doc.lang)

    def later(canvas: Any, template_: Any) -> None:
        _page_marks(canvas, template_.page, draft, doc.lang)

    template.build(story, onFirstPage=first, onLaterPages=later)
    return buffer.getvalue()


def _kept_with_next(flowable: Flowable) -> bool:
    style = getattr(flowable, "style", None)
    return bool(getattr(style, "keepWithNext", False))


def _page_marks(canvas: Any, page: int, draft: bool, lang: str) -> None:
    """Page number centred in the top margin from page 2; on a draft, "DỰ THẢO" there and across the page."""
    names = register()
    width, height = PAGE["width"] * mm, PAGE["height"] * mm
    centre = (PAGE["left"] + TEXT_WIDTH_MM / 2) * mm
    top = height - 10 * mm
    canvas.saveState()
    if page > 1:
        canvas.setFont(names["regular"], BODY_PT)
        canvas.drawCentredString(centre, top, str(page))
        top -= 5.5 * mm
    if draft:
        canvas.setFillColor(DRAFT_RED)
        canvas.setFont(names["bold"], 11)
        canvas.drawCentredString(centre, top, t_in(lang, DRAFT_HEADER))
        canvas.setFillColor(colors.Color(0.75, 0, 0, alpha=0.12))
        canvas.setFont(names["bold"], 72)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(30)
        canvas.drawCentredString(0, 0, t_in(lang, DRAFT_MARK))
    canvas.restoreState()


def _rule(width_mm: float) -> HRFlowable:
    return HRFlowable(width=width_mm * mm, thickness=0.6, color=colors.black, spaceBefore=3, spaceAfter=4)


def _frame_table(rows: list[list[list[Flowable]]]) -> Table:
    """The borderless two columns of the header and the signature block (left: sender, recipients)."""
    widths = (LEFT_COLUMN_MM * mm, (TEXT_WIDTH_MM - LEFT_COLUMN_MM) * mm)
    table = Table(rows, colWidths=widths, hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # the short rules under the sender and the motto
                ("FONTNAME", (0, 0), (-1, -1), register()["regular"]),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_MARGIN_MM * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_MARGIN_MM * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _letterhead(doc: Document, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    head = doc.letterhead
    if head is None:
        return []
    cell = styles["cell"]
    left: list[Flowable] = [_p(line, cell, bold=True) for line in head.sender]
    left += [_rule(20), _p(head.number, cell), Spacer(1, 2), _p(head.subject, cell, size=12)]
    size = fit_size(head.place_date, "italic", RIGHT_TEXT_MM, largest=13, smallest=11)
    right: list[Flowable] = [
        _p(t_in(doc.lang, NATIONAL_NAME), cell, bold=True, size=12),
        _p(t_in(doc.lang, NATIONAL_MOTTO), cell, bold=True),
        _rule(60),
        _p(head.place_date, ParagraphStyle("place", cell, leading=size * 1.17), italic=True, size=size),
    ]
    return [_frame_table([[left, right]]), Spacer(1, 10)]


def _section(section: SectionBlock, doc: Document, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    if is_single(section):
        question = section.questions[0]
        return [_p(f"{section.number}. {question.text}", styles["h1"]), *_answer(question, doc, styles)]
    title = f"{section.number}. {section.title}" if section.number else section.title.upper()
    out: list[Flowable] = [_p(title, styles["h1"])]
    for question in section.questions:
        label = printed_label(section, question)
        out.append(_p(f"{label} {question.text}" if label else question.text, styles["h2"]))
        out += _answer(question, doc, styles)
    return out


def _indented(styles: dict[str, ParagraphStyle], left_mm: float, hanging_mm: float = 0, **kw: Any) -> Any:
    return ParagraphStyle(
        f"indent{left_mm}-{hanging_mm}",
        styles["body"],
        leftIndent=left_mm * mm,
        firstLineIndent=-hanging_mm * mm,
        **kw,
    )


def _answer(q: QuestionBlock, doc: Document, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    lang = doc.lang
    value_style = _indented(styles, INDENT_MM["value"])
    if not q.applies:
        na = t_in(lang, NOT_APPLICABLE)
        why = f" ({t_in(lang, ONLY_WHEN, condition=q.condition)})" if q.condition else ""
        return [_p(f"{na[0].upper()}{na[1:]}{why}.", value_style, italic=True)]
    out: list[Flowable] = []
    if q.instruction:  # on the page of the question and its first answer line, as a heading is
        out.append(_p(q.instruction, ParagraphStyle("instruction", value_style, keepWithNext=1), italic=True))
    if q.fills:
        out += _filled("", q.fills, value_style)
    for box in q.boxes:
        out += _box(box, lang, styles)
    for line in q.lines:
        out += _line(line, lang, INDENT_MM["option"], styles)
    if q.value is not None:
        justify = _indented(styles, INDENT_MM["value"], alignment=TA_JUSTIFY)
        out += [_p(text, justify) for text in q.value.splitlines() if text.strip()]
    if q.missing and not q.lines:
        out.append(_p(f"[{t_in(lang, MISSING)}]", value_style, italic=True, colour="#c00000"))
    elif left_empty(q):
        out.append(_p(f"({t_in(lang, LEFT_EMPTY)})", value_style, italic=True))
    justify = _indented(styles, INDENT_MM["value"], alignment=TA_JUSTIFY)
    out += [_p(explanation, justify, italic=True) for explanation in q.explanations]
    return out


def _box(box: Box, lang: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    mark = CHECKED if box.checked else UNCHECKED
    text = escape(box.label)
    if box.other_text:
        text += f": {escape(box.other_text)}"
    elif box.fills:
        text += ": "
    elif box.other:
        text += ": ……………"
    style = _indented(styles, INDENT_MM["option"] + HANGING_MM, HANGING_MM)
    # The mark and a space fill the hanging indent, as the DOCX's tab does.
    markup = f'<font name="{SYMBOL}">{mark}</font>&nbsp;&nbsp;{text}'
    out = (
        _filled(markup, box.fills, style) if box.fills and not box.other_text else [Paragraph(markup, style)]
    )
    if any(line.fills for line in box.lines):  # a blank form: the box on the page of its dotted lines
        out[-1].keepWithNext = 1
    for line in box.lines:
        out += _line(line, lang, INDENT_MM["blank"], styles)
    return out


def _line(line: Line, lang: str, indent: float, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    style = _indented(styles, indent + 3, 3)
    if line.value is not None:
        value = escape(line.value).replace("\n", "<br/>")
    elif line.missing:
        value = _markup(f"[{t_in(lang, MISSING)}]", italic=True, colour="#c00000")
    elif line.fills:
        return _filled(f"- {escape(line.label)}: ", line.fills, style)
    else:
        value = "……………"
    return [Paragraph(f"- {escape(line.label)}: {value}", style)]


def _filled(markup: str, fills: list[Fill], style: ParagraphStyle) -> list[Flowable]:
    """*markup* followed by a blank form's dotted lines: a run of dots of the fill's length, or dots to the
    right edge of the last line (measured by setting the paragraph as reportlab will); whole dotted lines
    below for a long answer, from the paragraph's indent to the right edge."""
    for index, fill in enumerate(fills):
        if index:
            markup += " "
        if fill.label:
            markup += f"{escape(fill.caption)}&nbsp;"
        if fill.mm is not None:
            markup += dots(fill.mm, BODY_PT)
            continue
        if not markup.strip():  # the dots are the whole first line
            markup += _dots_across(FRAME_WIDTH - style.leftIndent - style.firstLineIndent, style)
            continue
        room = _room(markup, style)
        if room < REST_MIN_MM * mm:
            markup += "<br/>"
            room = FRAME_WIDTH - style.leftIndent
        elif not markup.endswith("&nbsp;"):
            markup += " "
            room -= _width(" ", style)
        markup += _dots_across(room, style)
    out: list[Flowable] = [Paragraph(markup, style)]
    row = ParagraphStyle(f"{style.name}-row", style, firstLineIndent=0)
    for _ in range(fills[-1].rows if fills else 0):
        out.append(Paragraph(_dots_across(FRAME_WIDTH - style.leftIndent, row), row))
    # The lines of one answer stay on one page: a page break inside them reads as two answers. (Kept with
    # the next rather than in a KeepTogether: reportlab always breaks the page before nested KeepTogethers.)
    for paragraph in out[:-1]:
        paragraph.keepWithNext = 1
    return out


def _room(markup: str, style: ParagraphStyle) -> float:
    """What is left of the last line, in points, once *markup* is set in *style* across the frame."""
    probe = Paragraph(markup, style)
    probe.wrap(FRAME_WIDTH, 10_000)
    last = probe.blPara.lines[-1]
    # Lines of one font are (room, words); lines of mixed fonts are objects with .extraSpace.
    return float(last[0] if isinstance(last, tuple) else last.extraSpace)


def _width(text: str, style: ParagraphStyle) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, style.fontName, style.fontSize))


def _dots_across(room: float, style: ParagraphStyle) -> str:
    """As many dots as fit in *room* points (a hair short, so that rounding never wraps them)."""
    return "." * max(int((room - 0.5) / _width(".", style)), 4)


def _signature(doc: Document, styles: dict[str, ParagraphStyle]) -> Table:
    sign = doc.signature
    assert sign is not None
    left_style = ParagraphStyle("recipients", styles["cell"], alignment=TA_LEFT, fontSize=11, leading=13)
    left: list[Flowable] = [_p(t_in(doc.lang, RECIPIENTS), left_style, bold=True, italic=True, size=12)]
    left += [_p(f"- {recipient}", left_style) for recipient in sign.recipients]
    cell = styles["cell"]
    right: list[Flowable] = [_p(sign.on_behalf, cell, bold=True)] if sign.on_behalf else []
    right += [_p(title, cell, bold=True) for title in sign.titles]
    right += [_p(sign.hint, cell, italic=True, size=11), Spacer(1, 22 * mm)]
    if sign.name:
        right.append(_p(sign.name, cell, bold=True))
    return _frame_table([[left, right]])
