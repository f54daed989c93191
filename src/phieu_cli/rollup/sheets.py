"""Summary tables as files: XLSX (one sheet per view, through openpyxl) and CSV (one view, UTF-8 with BOM).

XLSX: a bold frozen header row (and the province columns frozen where there are some), a filter on every
column, widths from the content, long texts wrapped, numbers as numbers, percentages formatted as such,
times as Excel times in the offset the file was written with. A text that starts with "=" stays text.

CSV: RFC 4180 (comma, CRLF, quotes as needed) in UTF-8 with a byte-order mark, so that Excel reads the
Vietnamese letters right. A cell that Excel would take for a formula (starting with = + - @) gets a leading
apostrophe: a province's free text never runs as a formula on the analyst's machine.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from phieu_cli.common.text import display_width, inert
from phieu_cli.rollup.analysis import Column, Table

MIN_WIDTH, MAX_WIDTH, WIDE_WIDTH = 6, 50, 60
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _local(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: the wall-clock time the response was written with."""
    return value.replace(tzinfo=None)


def _text(value: Any, column: Column) -> str:
    """How a value reads in a cell (for widths) and in a CSV."""
    if value is None:
        return ""
    if column.kind == "percent" and isinstance(value, float):
        return f"{value * 100:.1f}"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_xlsx(tables: list[Table]) -> bytes:
    """Write-only workbook (streamed rows): thousands of file rows stay fast."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    head = Alignment(wrap_text=True, vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    formats = {"percent": "0.0%", "datetime": DATETIME_FORMAT, "number": "0.##"}
    for table in tables:
        sheet = book.create_sheet(table.title)
        # Frozen panes, widths and the filter must be set before the first row is streamed.
        sheet.freeze_panes = f"{get_column_letter(table.frozen_columns + 1)}2"
        for index, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if table.rows:
            last = get_column_letter(len(table.columns))
            sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=column.title)
            cell.font, cell.alignment = bold, head
            header.append(cell)
        sheet.append(header)
        styled = [c.wide or c.kind in formats for c in table.columns]
        for row in table.rows:
            out: list[Any] = []
            for value, column, special in zip(row, table.columns, styled, strict=True):
                value = _xlsx_value(value, ILLEGAL_CHARACTERS_RE)
                formula_like = isinstance(value, str) and value.startswith("=")
                if value is None or not (special or formula_like):
                    out.append(value)
                    continue
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # "=…" typed by a province is text, not a formula
                    if column.wide:
                        cell.alignment = wrap
                elif column.kind in formats:
                    cell.number_format = formats[column.kind]
                out.append(cell)
            sheet.append(out)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WIDTH_SAMPLE = 2000  # rows looked at to size a column


def _width_of(text: str) -> int:
    return max(
        ((len(line) if line.isascii() else display_width(line)) for line in text.splitlines()), default=0
    )


def _widths(table: Table) -> list[float]:
    """Column widths in characters: the header and the longest value of the first rows, within bounds."""
    widths = [_width_of(c.title) for c in table.columns]
    for row in table.rows[:WIDTH_SAMPLE]:
        for index, (value, column) in enumerate(zip(row, table.columns, strict=True)):
            if value is not None:
                widths[index] = max(widths[index], _width_of(_text(value, column)))
    out: list[float] = []
    for width, column in zip(widths, table.columns, strict=True):
        if column.kind == "datetime":
            out.append(18)
            continue
        limit = WIDE_WIDTH if column.wide else MAX_WIDTH
        out.append(min(max(width + 2, MIN_WIDTH), limit))
    return out


def _xlsx_value(value: Any, illegal: Any) -> Any:
    if isinstance(value, dt.datetime):
        return _local(value)
    if isinstance(value, str):
        # XLSX cannot hold most control characters; show where one was rather than fail (the readers
        # refuse such text already: this keeps a file name or a message from ever breaking the workbook).
        return illegal.sub("\ufffd", inert(value))
    return value


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.title for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(v, c) for v, c in zip(row, table.columns, strict=True)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: Any, column: Column) -> str:
    text = inert(_text(value, column))
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text
