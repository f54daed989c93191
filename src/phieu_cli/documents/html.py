"""A layout.Document as one self-contained HTML page: no script, no external file, every value escaped,
and print CSS for A4 with the margins of Decree 30/2020/NĐ-CP (20/15/20/30 mm), so that "Print" in a
browser gives the paper reply. A draft shows "DỰ THẢO" across every printed page."""

from __future__ import annotations

from html import escape

from phieu_cli.common.messages import t_in
from phieu_cli.documents.layout import (
    CHECKED,
    DRAFT_HEADER,
    DRAFT_MARK,
    DRAFT_NOTE,
    LEFT_EMPTY,
    MISSING,
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    NOT_APPLICABLE,
    ONLY_WHEN,
    RECIPIENTS,
    RIGHT_TEXT_MM,
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

CSS = """
@page {
  size: A4 portrait; margin: 20mm 15mm 20mm 30mm;
  @top-center { content: counter(page); font: 13pt "Times New Roman", "Liberation Serif", serif; }
}
@page :first { @top-center { content: none; } }
html { background: #f2f2f2; }
body {
  font-family: "Times New Roman", Times, "Liberation Serif", serif; font-size: 13pt; line-height: 1.3;
  color: #000; background: #fff; width: 165mm; margin: 1em auto; padding: 20mm 15mm 20mm 30mm;
}
@media print {
  html, body { background: none; }
  body { width: auto; margin: 0; padding: 0; }
}
p { margin: 0 0 6pt; }
table.frame { width: 100%; border-collapse: collapse; }
table.frame td { vertical-align: top; text-align: center; padding: 0; }
table.frame td.left { width: 65mm; }
.sender, .national, .motto, .title, .sign { font-weight: bold; }
.national { font-size: 12pt; }
.rule { border: 0; border-top: 1px solid #000; margin: 2pt auto 6pt; }
.rule.short { width: 20mm; } .rule.long { width: 60mm; }
.subject { font-size: 12pt; }
.place-date { font-style: italic; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.to { text-align: center; margin: 12pt 0; }
.opening { text-align: justify; text-indent: 10mm; }
.closing { text-indent: 10mm; margin-top: 6pt; page-break-after: avoid; break-after: avoid; break-before: avoid; }
.hint { font-style: italic; font-size: 11pt; margin: 0; }
h1.title { font-size: 14pt; text-align: center; margin: 12pt 0 6pt; }
.annex { text-align: center; font-style: italic; }
h2 { font-size: 13pt; margin: 10pt 0 6pt; page-break-after: avoid; break-after: avoid; }
h3 { font-size: 13pt; margin: 6pt 0 6pt; page-break-after: avoid; break-after: avoid; }
.box, .blank, .value, .na, p.missing { margin-left: 8mm; }
.box { padding-left: 6mm; text-indent: -6mm; }
.mark { font-family: "Segoe UI Symbol", "DejaVu Sans", "Noto Sans Symbols2", sans-serif;
  display: inline-block; width: 6mm; text-indent: 0; }
.box .blank { margin: 0 0 6pt 4mm; }
.blank { padding-left: 3mm; text-indent: -3mm; }
.value { text-align: justify; white-space: pre-wrap; }
.na, .missing, .explanation { font-style: italic; }
.explanation { margin-left: 8mm; text-align: justify; }
.missing, .draft-note { color: #c00000; }
.draft-note { border: 1.5pt solid #c00000; text-align: center; font-weight: bold; padding: 3pt; }
.watermark {
  position: fixed; top: 45%; left: 0; right: 0; text-align: center; font-size: 80pt; font-weight: bold;
  color: rgba(192, 0, 0, 0.12); transform: rotate(-30deg); pointer-events: none; z-index: 10;
}
table.signature { margin-top: 12pt; page-break-inside: avoid; break-inside: avoid; }
table.signature td.left { text-align: left; }
.recipients-title { font-weight: bold; font-style: italic; font-size: 12pt; margin: 0; }
.recipients { font-size: 11pt; margin: 0; }
.sign-space { height: 28mm; }
.filled { overflow: hidden; }
.fill { white-space: nowrap; }
.fill.rest { display: inline-block; width: 25mm; text-indent: 0; }
.fill.rest::after { content: "DOTS"; }
p.row { text-indent: 0; }
.lines { break-inside: avoid; page-break-inside: avoid; }
.instruction { margin-left: 8mm; font-style: italic; page-break-after: avoid; break-after: avoid; }
"""

# A draft says so at the top of every printed page, under the page number (as the DOCX header does).
DRAFT_CSS = """
@page { @top-center { content: counter(page) "\\A %(header)s"; white-space: pre;
  color: #c00000; font-weight: bold; } }
@page :first { @top-center { content: "%(header)s"; } }
"""


# A blank form's dotted line to the end of the line: an inline box that takes its room on the line (or moves
# to the next one if less is left), whose dots run on and are cut at the paragraph's right edge.
CSS = CSS.replace("DOTS", dots(200))


def _e(text: str) -> str:
    return escape(text, quote=True)


def render_html(doc: Document) -> str:
    draft = doc.status == "draft"
    title = doc.title + (f" — {doc.unit}" if doc.unit else "")
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if doc.lang == "en" else "vi"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="phieu">',
        f"<title>{_e(('[' + t_in(doc.lang, DRAFT_MARK) + '] ') if draft else '')}{_e(title)}</title>",
        f"<style>{CSS}{DRAFT_CSS % {'header': t_in(doc.lang, DRAFT_HEADER)} if draft else ''}</style>",
        "</head>",
        f'<body class="{"draft" if draft else "final"}">',
    ]
    if draft:
        out.append(f'<div class="watermark" aria-hidden="true">{_e(t_in(doc.lang, DRAFT_MARK))}</div>')
    out += _letterhead(doc)
    head = doc.letterhead
    if head is not None and head.to:
        out.append(f'<p class="to">{_e(t_in(doc.lang, TO, to=head.to))}</p>')
    if head is not None and head.opening:
        out.append(f'<p class="opening">{_e(head.opening)}</p>')
    out.append(f'<h1 class="title">{_e(doc.title)}</h1>')
    if doc.annex_note:
        out.append(f'<p class="annex">{_e(doc.annex_note)}</p>')
    if draft:
        out.append(f'<p class="draft-note">{_e(t_in(doc.lang, DRAFT_NOTE))}</p>')
    for line in doc.respondent:
        if line.fills:  # a blank form
            out.append(f'<p class="respondent filled">{_e(line.label)}: {_fills(line.fills)}</p>')
            continue
        shown = f"<strong>{_e(line.value)}</strong>" if line.value else "……………"
        out.append(f'<p class="respondent">{_e(line.label)}: {shown}</p>')
    for section in doc.sections:
        out += _section(section, doc)
    if doc.closing and doc.signature is not None:
        out.append(f'<p class="closing">{_e(doc.closing)}</p>')
    out += _signature(doc)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _letterhead(doc: Document) -> list[str]:
    head = doc.letterhead
    if head is None:
        return []
    sender = "<br>".join(_e(line) for line in head.sender)
    return [
        '<table class="frame letterhead"><tr>',
        f'<td class="left"><p class="sender">{sender}</p><hr class="rule short">',
        f'<p class="number">{_e(head.number)}</p><p class="subject">{_subject(head.subject, head.cited_number)}</p></td>',
        f'<td><p class="national">{_e(t_in(doc.lang, NATIONAL_NAME))}</p><p class="motto">{_e(t_in(doc.lang, NATIONAL_MOTTO))}</p>'
        '<hr class="rule long">',
        f'<p class="place-date"{_fitted(head.place_date)}>{_e(head.place_date)}</p></td>',
        "</tr></table>",
    ]


def _fitted(place_date: str) -> str:
    """A smaller size for a place and date too long for one line of the right column at 13 pt."""
    from phieu_cli.documents.fonts import fit_size

    size = fit_size(place_date, "italic", RIGHT_TEXT_MM, largest=13, smallest=11)
    return "" if size == 13 else f' style="font-size: {size:g}pt"'


def _subject(subject: str, number: str) -> str:
    """The subject line, the cited letter's number kept on one line."""
    if not number or number not in subject:
        return _e(subject)
    before, after = subject.split(number, 1)
    return f'{_e(before)}<span class="nowrap">{_e(number)}</span>{_e(after)}'


def _section(section: SectionBlock, doc: Document) -> list[str]:
    out = [f'<section id="{_e(section.id)}">']
    if is_single(section):
        question = section.questions[0]
        out.append(f"<h2>{_e(f'{section.number}. {question.text}')}</h2>")
        out += _answer(question, doc)
    else:
        heading = f"{section.number}. {section.title}" if section.number else section.title.upper()
        out.append(f"<h2>{_e(heading)}</h2>")
        for question in section.questions:
            label = printed_label(section, question)
            text = f"{label} {question.text}" if label else question.text
            out.append(f'<div class="question" id="q-{_e(question.id)}">')
            out.append(f"<h3>{_e(text)}</h3>")
            out += _answer(question, doc)
            out.append("</div>")
    out.append("</section>")
    return out


def _answer(q: QuestionBlock, doc: Document) -> list[str]:
    lang = doc.lang
    if not q.applies:
        na = t_in(lang, NOT_APPLICABLE)
        why = f" ({t_in(lang, ONLY_WHEN, condition=q.condition)})" if q.condition else ""
        return [f'<p class="na">{_e(na[0].upper() + na[1:] + why)}.</p>']
    out: list[str] = []
    if q.instruction:
        out.append(f'<p class="instruction">{_e(q.instruction)}</p>')
    if q.fills:
        out.append(_together(f'<p class="value filled">{_fills(q.fills)}</p>', q.fills))
    out += [_box(box, lang) for box in q.boxes]
    out += [_line(line, lang) for line in q.lines]
    if q.value is not None:
        out.append(f'<p class="value">{_e(q.value)}</p>')
    if q.missing and not q.lines:
        out.append(f'<p class="missing">[{_e(t_in(lang, MISSING))}]</p>')
    elif left_empty(q):
        out.append(f'<p class="na">({_e(t_in(lang, LEFT_EMPTY))})</p>')
    out += [f'<p class="explanation">{_e(explanation)}</p>' for explanation in q.explanations]
    return out


def _box(box: Box, lang: str) -> str:
    mark = CHECKED if box.checked else UNCHECKED
    state = "checked" if box.checked else "unchecked"
    if box.fills and not box.other_text:
        text = f"{_e(box.label)}: {_fills(box.fills)}{_rows(box.fills, '')}"
        state += " filled"
    else:
        text = _e(box.label) + (
            f": {_e(box.other_text)}" if box.other_text else ": ……………" if box.other else ""
        )
    lines = "".join(_line(line, lang) for line in box.lines)
    if any(line.fills for line in box.lines):  # a blank form: the box on the page of its dotted lines
        state += " lines"
    return f'<div class="box {state}"><span class="mark">{mark}</span>{text}{lines}</div>'


def _line(line: Line, lang: str) -> str:
    if line.value is not None:
        value = _e(line.value).replace("\n", "<br>")
    elif line.missing:
        value = f'<span class="missing">[{_e(t_in(lang, MISSING))}]</span>'
    elif line.fills:
        return _together(
            f'<p class="blank filled">- {_e(line.label)}: {_fills(line.fills)}</p>', line.fills, "blank"
        )
    else:
        value = "……………"
    return f'<p class="blank">- {_e(line.label)}: {value}</p>'


def _fills(fills: list[Fill]) -> str:
    """A blank form's dotted lines after a label: dots of the fill's length, or to the end of the line."""
    out = []
    for fill in fills:
        caption = f"{_e(fill.caption)}&nbsp;" if fill.label else ""
        if fill.mm is None:
            out.append(f'{caption}<span class="fill rest"></span>')
        else:
            out.append(f'<span class="fill">{caption}{dots(fill.mm)}</span>')
    return " ".join(out)


def _rows(fills: list[Fill], kind: str = "value") -> str:
    """The whole dotted lines under a long answer's first line, aligned as a paragraph of *kind*."""
    row = f'<p class="{" ".join([*kind.split(), "row", "filled"])}"><span class="fill rest"></span></p>'
    return row * (fills[-1].rows if fills else 0)


def _together(first: str, fills: list[Fill], kind: str = "value") -> str:
    """*first* and the dotted lines under it, kept on one printed page (a break inside reads as two answers)."""
    rows = _rows(fills, kind)
    return f'<div class="lines">{first}{rows}</div>' if rows else first


def _signature(doc: Document) -> list[str]:
    sign = doc.signature
    if sign is None:
        return []
    recipients = "<br>".join(_e(f"- {r}") for r in sign.recipients)
    titles = "".join(f'<p class="sign">{_e(t)}</p>' for t in sign.titles)
    on_behalf = f'<p class="sign">{_e(sign.on_behalf)}</p>' if sign.on_behalf else ""
    name = f'<p class="sign">{_e(sign.name)}</p>' if sign.name else ""
    return [
        '<table class="frame signature"><tr>',
        f'<td class="left"><p class="recipients-title">{_e(t_in(doc.lang, RECIPIENTS))}</p><p class="recipients">{recipients}</p></td>',
        f'<td>{on_behalf}{titles}<p class="hint">{_e(sign.hint)}</p>'
        f'<div class="sign-space"></div>{name}</td>',
        "</tr></table>",
    ]
