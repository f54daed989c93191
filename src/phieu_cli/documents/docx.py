"""A layout.Document as DOCX, in the format of Decree 30/2020/NĐ-CP for administrative documents.

A4 portrait; margins top 20, bottom 20, left 30, right 15 mm; Times New Roman everywhere (the East Asian and
complex-script slots too, so Word never substitutes a font for Vietnamese letters); body 13 pt; the sender
top left and the national name and motto top right, each with its short rule; page numbers centred in the
header from page 2; the signature block bottom right with the recipients bottom left. A draft carries
"DỰ THẢO" in a box under the title and in the header of every page.

python-docx has no API for paragraph borders, fields or document defaults: those few elements are written
as OOXML here.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from phieu_cli.common.messages import t_in
from phieu_cli.documents.fonts import fit_size, last_line_room_mm
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

FONT = "Times New Roman"
# Times New Roman has no ballot-box glyphs: name a font that has them rather than leave it to substitution.
SYMBOL_FONT = "Segoe UI Symbol"
BODY_PT = 13
DRAFT_COLOUR = RGBColor(0xC0, 0x00, 0x00)
INDENT_MM = {"option": 8, "blank": 16, "value": 8}
HANGING_MM = 6


# The body's last paragraphs kept on the page of the signature block: with widow control, at least two
# lines of body text stand above "Nơi nhận" and the signature, whatever the answers' length.
KEEP_WITH_SIGNATURE = 3


def render_docx(doc: Document) -> bytes:
    document = new_document()
    _setup(document, doc)
    body = document
    _letterhead(body, doc)
    head = doc.letterhead
    if head is not None and head.to:
        _para(body, t_in(doc.lang, TO, to=head.to), align="center", space_before=12, space_after=12)
    if head is not None and head.opening:
        _para(body, head.opening, align="justify", first_line=10)
    title = _para(body, doc.title, style="Title")
    title.paragraph_format.keep_with_next = True
    if doc.annex_note:
        _para(body, doc.annex_note, italic=True, align="center")
    if doc.status == "draft":
        mark = _para(
            body, t_in(doc.lang, DRAFT_NOTE), bold=True, align="center", colour=DRAFT_COLOUR, space_before=6
        )
        _border(mark, ("top", "left", "bottom", "right"), size=12, colour="C00000")
    for line in doc.respondent:
        _labelled(body, line.label, line.value, indent=0, fills=line.fills)
    for section in doc.sections:
        _section(body, section, doc)
    if doc.closing and doc.signature is not None:
        _para(body, doc.closing, align="left", first_line=10, space_before=6)
    if doc.signature is not None:
        for paragraph in document.paragraphs[-KEEP_WITH_SIGNATURE:]:
            paragraph.paragraph_format.keep_with_next = True
    _signature(body, doc)
    buffer = BytesIO()
    document.save(buffer)
    return _clean_package(buffer.getvalue(), doc)


# ---------------------------------------------------------------------------------------------- set-up


def _setup(document: Any, doc: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.header_distance = section.footer_distance = Mm(10)

    styles = document.styles
    _font_defaults(styles.element)
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _east_asian(normal.element.get_or_add_rPr(), FONT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)  # Decree 30: at least 6 pt between paragraphs
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.widow_control = True

    # Page numbers from page 2, centred at the top (Decree 30); a draft says so on every page.
    section.different_first_page_header_footer = True
    for header, numbered in ((section.first_page_header, False), (section.header, True)):
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if numbered:
            _page_field(paragraph)
        if doc.status == "draft":
            note = header.add_paragraph() if numbered else paragraph
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = note.add_run(t_in(doc.lang, DRAFT_HEADER))
            run.bold = True
            run.font.color.rgb = DRAFT_COLOUR

    _restyle(styles["Title"], size=14, bold=True, align="center", before=12, after=6)
    _restyle(styles["Heading 1"], size=BODY_PT, bold=True, before=6, after=6)
    _restyle(styles["Heading 2"], size=BODY_PT, bold=True, before=0, after=6)

    props = document.core_properties
    props.title = doc.title
    props.subject = doc.letterhead.subject if doc.letterhead else ""
    props.author = author(doc)
    props.language = "en-GB" if doc.lang == "en" else "vi-VN"
    props.keywords = t_in(doc.lang, DRAFT_MARK) if doc.status == "draft" else ""
    props.comments = ""
    props.category = ""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.last_modified_by = author(doc)
    props.revision = 1
    _compatibility(document)


def _restyle(
    style: Any, *, size: float, bold: bool, before: float, after: float, align: str | None = None
) -> None:
    """A built-in style (Title, Heading 1/2) in the letter's type: the template's theme fonts, colours,
    borders and spacing are dropped; the outline level stays, so Word's navigation pane lists the headings."""
    element = style.element
    r_pr = element.find(qn("w:rPr"))
    if r_pr is not None:
        element.remove(r_pr)
    p_pr = element.find(qn("w:pPr"))
    if p_pr is not None:
        for child in list(p_pr):
            if child.tag in {
                qn("w:pBdr"),
                qn("w:spacing"),
                qn("w:contextualSpacing"),
                qn("w:jc"),
                qn("w:ind"),
            }:
                p_pr.remove(child)
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _east_asian(element.get_or_add_rPr(), FONT)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.keep_with_next = True
    if align == "center":
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _compatibility(document: Any) -> None:
    """Word 2013+ layout (compatibilityMode 15), not the template's Word 2010 compatibility mode."""
    settings = document.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>phieu</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<Company>{company}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>{version}</AppVersion></Properties>"
)


# Parts of python-docx's template that a reply has no use for: the thumbnail of an empty page, Word 2010's
# copy of the styles, and an empty bibliography store.
_DROPPED = ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/")


def _clean_package(data: bytes, doc: Document) -> bytes:
    """Rewrite what python-docx's template leaves in the package: the application properties (which name
    "Microsoft Macintosh Word") and the parts in _DROPPED, with their relationships and content types."""
    import posixpath
    import re
    import zipfile
    from html import escape

    from phieu_cli import __version__

    major_minor = ".".join([*__version__.split("."), "0"][:2])
    source = zipfile.ZipFile(BytesIO(data))
    dropped = [n for n in source.namelist() if n.startswith(_DROPPED)]

    def unlink(xml: bytes, element: bytes, attribute: bytes, base: str) -> bytes:
        """*xml* without the <element …/> whose *attribute* names a dropped part (relative to *base*)."""

        def keep(match: re.Match[bytes]) -> bytes:
            found = re.search(attribute + rb'="([^"]*)"', match.group(0))
            target = found.group(1).decode("utf-8") if found else ""
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(base + target)
            return b"" if name in dropped else match.group(0)

        return re.sub(rb"<" + element + rb" [^>]*/>", keep, xml)

    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            name = item.filename
            if name in dropped:
                continue
            content = source.read(name)
            if name == "docProps/app.xml":
                company = escape(author(doc), quote=False)
                content = _APP_XML.format(company=company, version=escape(major_minor)).encode("utf-8")
            elif name.endswith(".rels"):
                # "word/_rels/document.xml.rels" relates parts of "word/"; "_rels/.rels" of the package.
                base = name.split("_rels/")[0]
                content = unlink(content, b"Relationship", b"Target", base)
            elif name == "[Content_Types].xml":
                content = unlink(content, b"Override", b"PartName", "")
                content = re.sub(rb'<Default Extension="jpeg"[^>]*/>', b"", content)
            target.writestr(item, content)
    return out.getvalue()


def _font_defaults(styles: Any) -> None:
    """Document defaults: Times New Roman in every script slot (the template's theme fonts would win over
    the Normal style in Word for Vietnamese text), Vietnamese as the proofing language."""
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "vi-VN")


def _east_asian(r_pr: Any, font: str) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _page_field(paragraph: Any) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _border(paragraph: Any, sides: tuple[str, ...], *, size: int = 6, colour: str = "000000") -> None:
    """A paragraph border (size in eighths of a point) on the given sides."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "1")
        edge.set(qn("w:color"), colour)
        borders.append(edge)
    # pBdr must come before spacing/indentation/alignment in pPr (schema order).
    anchor = next((child for child in p_pr if child.tag in _AFTER_PBDR), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        p_pr.append(borders)


_AFTER_PBDR = {
    qn(tag)
    for tag in (
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:jc",
        "w:textDirection",
        "w:rPr",
    )
}


# ------------------------------------------------------------------------------------------ paragraphs


def _para(container: Any, text: str = "", **kw: Any) -> Any:
    return _fill(container.add_paragraph(), text, **kw)


def _fill(
    paragraph: Any,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: str | None = None,
    indent: float = 0,
    hanging: float = 0,
    space_before: float | None = None,
    space_after: float | None = None,
    keep: bool = False,
    colour: RGBColor | None = None,
    style: str | None = None,
    first_line: float = 0,
) -> Any:
    if style:
        paragraph.style = style
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size, colour=colour)
    fmt = paragraph.paragraph_format
    if align:
        fmt.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
        }[align]
    if indent:
        fmt.left_indent = Mm(indent)
    if hanging:
        fmt.first_line_indent = Mm(-hanging)
    elif first_line:
        fmt.first_line_indent = Mm(first_line)
    if space_before is not None:
        fmt.space_before = Pt(space_before)
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    if keep:
        fmt.keep_with_next = True
    return paragraph


def _run(
    paragraph: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    colour: RGBColor | None = None,
    font: str | None = None,
) -> Any:
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    if font:
        run.font.name = font
        _east_asian(run._r.get_or_add_rPr(), font)
    return run


class _Cell:
    """Writes paragraphs into a table cell; a new cell already holds one empty paragraph, used first."""

    def __init__(self, cell: Any, width_mm: float) -> None:
        self.cell = cell
        self.width_mm = width_mm
        self.fresh = True

    def para(self, text: str = "", **kw: Any) -> Any:
        kw.setdefault("space_after", 0)
        if self.fresh:
            self.fresh = False
            return _fill(self.cell.paragraphs[0], text, **kw)
        return _para(self.cell, text, **kw)

    def rule(self, width_mm: float) -> None:
        """A short centred rule (the line Decree 30 puts under the sender and under the motto)."""
        side = max((self.width_mm - width_mm) / 2, 0)
        paragraph = self.para(size=4)
        paragraph.paragraph_format.left_indent = Mm(side)
        paragraph.paragraph_format.right_indent = Mm(side)
        paragraph.paragraph_format.space_before = Pt(2)
        _border(paragraph, ("top",), size=6)


# -------------------------------------------------------------------------------------------- blocks


def _table(container: Any, rows: int) -> list[tuple[_Cell, _Cell]]:
    """A borderless two-column table across the text width: left for the sender, right for the state."""
    table = container.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (LEFT_COLUMN_MM, TEXT_WIDTH_MM - LEFT_COLUMN_MM)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(CELL_MARGIN_MM * 56.7)))  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:  # schema order: tblCellMar comes before tblLook
        look.addprevious(margins)
    else:
        table._tbl.tblPr.append(margins)
    out = []
    for row in table.rows:
        # Keep each row whole on one page.
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        left, right = row.cells
        left.width, right.width = Mm(widths[0]), Mm(widths[1])
        out.append((_Cell(left, widths[0]), _Cell(right, widths[1])))
    return out


def _letterhead(container: Any, doc: Document) -> None:
    head = doc.letterhead
    if head is None:
        return
    (left, right), (left2, right2) = _table(container, 2)
    for line in head.sender:
        left.para(line, bold=True, size=13, align="center")
    left.rule(20)
    right.para(t_in(doc.lang, NATIONAL_NAME), bold=True, size=12, align="center")
    right.para(t_in(doc.lang, NATIONAL_MOTTO), bold=True, size=13, align="center")
    right.rule(60)
    left2.para(head.number, size=13, align="center", space_before=4)
    subject = left2.para("", align="center", space_before=2)
    _unbroken(subject, head.subject, head.cited_number, size=12)
    size = fit_size(head.place_date, "italic", RIGHT_TEXT_MM, largest=13, smallest=11)
    right2.para(head.place_date, italic=True, size=size, align="center", space_before=4)


def _unbroken(paragraph: Any, text: str, number: str, *, size: float) -> None:
    """*text* with *number* ("149/BTTTT-CĐSQG") kept on one line: its hyphens become non-breaking hyphens
    and a zero-width no-break joins each slash to what follows, so neither Word nor LibreOffice breaks it."""
    if not number or number not in text:
        _run(paragraph, text, size=size)
        return
    before, after = text.split(number, 1)
    if before:
        _run(paragraph, before, size=size)
    pieces = number.split("-")
    for index, piece in enumerate(pieces):
        if index:
            run = _run(paragraph, "", size=size)
            run._r.append(OxmlElement("w:noBreakHyphen"))
        _run(paragraph, piece, size=size)
    if after:
        _run(paragraph, after, size=size)


def _section(container: Any, section: SectionBlock, doc: Document) -> None:
    if is_single(section):
        question = section.questions[0]
        _para(container, f"{section.number}. {question.text}", style="Heading 1")
        _answer(container, question, doc)
        return
    title = f"{section.number}. {section.title}" if section.number else section.title.upper()
    _para(container, title, style="Heading 1")
    for question in section.questions:
        label = printed_label(section, question)
        text = f"{label} {question.text}" if label else question.text
        _para(container, text, style="Heading 2")
        _answer(container, question, doc)


def _answer(container: Any, q: QuestionBlock, doc: Document) -> None:
    lang = doc.lang
    if not q.applies:
        why = f" ({t_in(lang, ONLY_WHEN, condition=q.condition)})" if q.condition else ""
        na = t_in(lang, NOT_APPLICABLE)
        _para(container, f"{na[0].upper()}{na[1:]}{why}.", italic=True, indent=INDENT_MM["value"])
        return
    if q.instruction:  # on the page of the question and its first answer line, as a heading is
        _para(container, q.instruction, italic=True, indent=INDENT_MM["value"], keep=True)
    if q.fills:
        _fills(_para(container, indent=INDENT_MM["value"]), q.fills, INDENT_MM["value"])
    for box in q.boxes:
        _box(container, box, lang)
    for line in q.lines:
        _line(container, line, lang, INDENT_MM["option"])
    if q.value is not None:
        for text in q.value.splitlines() or [""]:
            if text.strip():
                _para(container, text, indent=INDENT_MM["value"], align="justify")
    if q.missing and not q.lines:
        _para(
            container, f"[{t_in(lang, MISSING)}]", italic=True, indent=INDENT_MM["value"], colour=DRAFT_COLOUR
        )
    elif left_empty(q):
        _para(container, f"({t_in(lang, LEFT_EMPTY)})", italic=True, indent=INDENT_MM["value"])
    for explanation in q.explanations:
        _para(container, explanation, italic=True, indent=INDENT_MM["value"], align="justify")


def _box(container: Any, box: Box, lang: str) -> None:
    paragraph = _para(container, indent=INDENT_MM["option"] + HANGING_MM, hanging=HANGING_MM)
    _run(paragraph, (CHECKED if box.checked else UNCHECKED) + "\t", font=SYMBOL_FONT)
    _run(paragraph, box.label)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(INDENT_MM["option"] + HANGING_MM))
    if box.other_text:
        _run(paragraph, f": {box.other_text}")
    elif box.fills:
        _run(paragraph, ": ")
        _fills(paragraph, box.fills, INDENT_MM["option"] + HANGING_MM, skip=1)
    elif box.other:
        _run(paragraph, ": ……………")
    if any(line.fills for line in box.lines):  # a blank form: the box on the page of its dotted lines
        paragraph.paragraph_format.keep_with_next = True
    for line in box.lines:
        _line(container, line, lang, INDENT_MM["blank"])


def _line(container: Any, line: Line, lang: str, indent: float) -> None:
    paragraph = _para(container, indent=indent + 3, hanging=3)
    _run(paragraph, f"- {line.label}: ")
    if line.value is not None:
        values = line.value.splitlines() or [""]
        _run(paragraph, values[0])
        for more in values[1:]:
            paragraph.add_run().add_break()
            _run(paragraph, more)
    elif line.missing:
        _run(paragraph, f"[{t_in(lang, MISSING)}]", italic=True, colour=DRAFT_COLOUR)
    elif line.fills:
        _fills(paragraph, line.fills, indent + 3, first_mm=indent)
    else:
        _run(paragraph, "……………")


def _fills(
    paragraph: Any, fills: list[Fill], left_mm: float, *, first_mm: float | None = None, skip: int = 0
) -> None:
    """A blank form's dotted lines after what *paragraph* already says: a run of dots of the fill's length,
    or a tab with a dot leader to the right margin; whole dotted lines below for a long answer.

    *left_mm*: the paragraph's indent; *first_mm*: where its first line starts (a hanging "- Lý do:");
    *skip*: runs at the start that do not take room on the line (the box and its tab)."""
    container = paragraph._parent
    for index, fill in enumerate(fills):
        if index:
            _run(paragraph, " ")
        if fill.label:
            _run(paragraph, f"{fill.caption}\u00a0")
        if fill.mm is not None:
            _run(paragraph, dots(fill.mm, BODY_PT))
            continue
        said = "".join(run.text for run in paragraph.runs[skip:])
        first = TEXT_WIDTH_MM - (left_mm if first_mm is None else first_mm)
        if said and last_line_room_mm(said, BODY_PT, first, TEXT_WIDTH_MM - left_mm) < REST_MIN_MM:
            paragraph.add_run().add_break()
        _leader(paragraph)
    # The lines of one answer stay on one page: a page break inside them reads as two answers.
    for _ in range(fills[-1].rows if fills else 0):
        paragraph.paragraph_format.keep_with_next = True
        paragraph = _para(container, indent=left_mm)
        _leader(paragraph)


def _leader(paragraph: Any) -> None:
    """A tab to the right margin, drawn as a dotted line (Word's dot leader)."""
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )
    _run(paragraph, "\t")


def _labelled(
    container: Any, label: str, value: str | None, *, indent: float, fills: list[Fill] | None = None
) -> None:
    paragraph = _para(container, indent=indent)
    _run(paragraph, f"{label}: ")
    if fills:  # a blank form: its dotted line
        _fills(paragraph, fills, indent)
        return
    _run(paragraph, value or "……………", bold=bool(value))


def _signature(container: Any, doc: Document) -> None:
    sign = doc.signature
    if sign is None:
        return
    _para(container, "", space_after=0, keep=True)
    ((left, right),) = _table(container, 1)
    left.para(t_in(doc.lang, RECIPIENTS), bold=True, italic=True, size=12, keep=True)
    for recipient in sign.recipients:
        left.para(f"- {recipient}", size=11, keep=True)
    if sign.on_behalf:
        right.para(sign.on_behalf, bold=True, size=13, align="center", keep=True)
    for title in sign.titles:
        right.para(title, bold=True, size=13, align="center", keep=True)
    right.para(sign.hint, italic=True, size=11, align="center", keep=True)
    for _ in range(3):  # room for the signature and the seal
        right.para("", size=13, keep=True)
    right.para(sign.name or "", bold=True, size=13, align="center")
