"""Summary tables as files: XLSX (one sheet per view, through openpyxl) and CSV (one view, UTF-8 with BOM).

XLSX: first the "Tổng quan" sheet (N/63, counts per status, the missing provinces, when and from which
files), then one sheet per view, then "Biểu đồ" with a native bar chart per choice question. A bold frozen
header row (and the province columns frozen where there are some), a filter on every column, widths from the
content (room left for the filter button), long texts wrapped with row heights to match, one font, numbers as
numbers, percentages formatted as such, times as Excel times in the offset the file was written with. Every
sheet prints on A4, landscape when wide, fitted to the page width, with its header row repeated on every
page and page numbers in the footer. A text that starts with "=" stays text.

CSV: RFC 4180 (comma, CRLF, quotes as needed) in UTF-8 with a byte-order mark, so that Excel reads the
Vietnamese letters right. A cell that Excel would take for a formula (starting with = + - @) gets a leading
apostrophe: a province's free text never runs as a formula on the analyst's machine.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from phieu_cli.common.text import display_width, inert
from phieu_cli.rollup.analysis import Column, Table

MIN_WIDTH, MAX_WIDTH, WIDE_WIDTH = 6, 50, 60
FILTER_BUTTON = 3  # characters the filter button covers at the right of a header cell
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
FONT_NAME, FONT_SIZE = "Calibri", 11  # every cell, bold or not
LINE_HEIGHT = 15  # points per line of 11 pt text
MAX_ROW_HEIGHT = 409  # Excel's limit
PAGE_WIDTH_CHARS = 250  # columns (in characters) that still read well fitted to one landscape A4 page
PORTRAIT_CHARS = 110
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


@dataclass
class ChartData:
    """One bar chart: a choice question's options and how many units (provinces…) chose each."""

    title: str  # "Câu 1. Quy định chức năng … (áp dụng cho 4 tỉnh)", in the cell above the numbers
    name: str  # "Câu 1 — áp dụng cho 4 tỉnh", on the chart (the question's wording is beside it)
    bars: list[tuple[str, int]]
    count_title: str = "Số tỉnh"  # the counts' column and axis: "Số " and the form's unit ("Số bộ")


def to_xlsx(
    tables: list[Table],
    overview: list[tuple[str | None, Any]] | None = None,
    charts: list[ChartData] | None = None,
) -> bytes:
    """Write-only workbook (streamed rows): thousands of file rows stay fast."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
    plain = Font(name=FONT_NAME, size=FONT_SIZE)
    head = Alignment(wrap_text=True, vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    # "General" shows 7 as 7 and 7.5 as 7.5 (a median); "0.##" would show "7.".
    formats = {"percent": "0.0%", "datetime": DATETIME_FORMAT, "number": "General"}
    if overview is not None:
        _overview_sheet(book, overview, bold, plain, wrap)
    for table in tables:
        sheet = book.create_sheet(table.title)
        # Frozen panes, widths and the filter must be set before the first row is streamed.
        sheet.freeze_panes = f"{get_column_letter(table.frozen_columns + 1)}2"
        widths = _widths(table)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if table.rows:
            last = get_column_letter(len(table.columns))
            sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        _print_setup(sheet, widths, table.frozen_columns)
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=column.title)
            cell.font, cell.alignment = bold, head
            header.append(cell)
        sheet.row_dimensions[1].height = _height([c.title for c in table.columns], widths, FILTER_BUTTON)
        sheet.append(header)
        styled = [c.wide or c.kind in formats for c in table.columns]
        for number, row in enumerate(table.rows, start=2):
            values = [_xlsx_value(v, ILLEGAL_CHARACTERS_RE) for v in row]
            texts = [
                v if isinstance(v, str) and c.wide else "" for v, c in zip(values, table.columns, strict=True)
            ]
            tall = any(texts)
            if tall:
                sheet.row_dimensions[number].height = _height(texts, widths, 0)
            out: list[Any] = []
            for value, column, special in zip(values, table.columns, styled, strict=True):
                formula_like = isinstance(value, str) and value.startswith("=")
                # Plain values take the workbook's default style (Calibri 11, the font of every cell): a
                # styled cell per value would slow down 10,000-file summaries.
                if (value is None and not tall) or not (special or formula_like or tall):
                    out.append(value)
                    continue
                cell = WriteOnlyCell(sheet, value=value)
                cell.font = plain
                cell.alignment = wrap if column.wide else top  # a tall row reads from its top
                if isinstance(value, str):
                    cell.data_type = "s"  # "=…" typed by a province is text, not a formula
                elif value is not None and column.kind in formats:
                    cell.number_format = formats[column.kind]
                out.append(cell)
            sheet.append(out)
    if charts:
        _chart_sheet(book, charts, bold, plain)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _height(texts: list[str], widths: list[float], reserve: int) -> float:
    """Row height for wrapped *texts* in columns of *widths* characters."""
    lines = 1
    for text, width in zip(texts, widths, strict=True):
        if not text:
            continue
        room = max(width - 1 - reserve, 1)
        lines = max(
            lines, sum(max(1, -(-_width_of(line) // int(room))) for line in text.splitlines() or [""])
        )
    return min(LINE_HEIGHT * lines + 2, MAX_ROW_HEIGHT)


def _print_setup(
    sheet: Any, widths: list[float], frozen_columns: int, *, title_rows: str | None = "1:1"
) -> None:
    """A4, landscape when wide, fitted to the page width (a very wide sheet to a few pages across, the
    province columns repeated), the header row repeated on every page, page numbers in the footer."""
    from openpyxl.worksheet.properties import PageSetupProperties

    total = sum(widths)
    setup = sheet.page_setup
    setup.paperSize = "9"  # A4
    setup.orientation = "portrait" if total <= PORTRAIT_CHARS else "landscape"
    setup.fitToWidth = max(1, -(-int(total) // PAGE_WIDTH_CHARS))
    setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_rows:
        sheet.print_title_rows = title_rows
    if setup.fitToWidth > 1 and frozen_columns:
        from openpyxl.utils import get_column_letter

        sheet.print_title_cols = f"A:{get_column_letter(frozen_columns)}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "&A — trang &P/&N"
    sheet.print_options.horizontalCentered = True


def _overview_sheet(book: Any, rows: list[tuple[str | None, Any]], bold: Any, plain: Any, wrap: Any) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    sheet = book.create_sheet(OVERVIEW_TITLE)
    widths = [42.0, 90.0]
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = widths
    _print_setup(sheet, widths, 0, title_rows=None)
    sheet.page_setup.orientation = "landscape"
    title = WriteOnlyCell(sheet, value=OVERVIEW_TITLE)
    title.font = bold
    sheet.append([title])
    for number, (label, value) in enumerate(rows, start=2):
        if label is None:
            sheet.append([])
            continue
        first = WriteOnlyCell(sheet, value=label)
        first.font, first.alignment = bold, wrap
        second = WriteOnlyCell(sheet, value=_local(value) if isinstance(value, dt.datetime) else value)
        second.font, second.alignment = plain, Alignment(wrap_text=True, vertical="top", horizontal="left")
        if isinstance(value, dt.datetime):
            second.number_format = DATETIME_FORMAT
        if isinstance(value, str):
            second.data_type = "s"
            sheet.row_dimensions[number].height = _height([label, value], widths, 0)
        sheet.append([first, second])


OVERVIEW_TITLE = "Tổng quan"
CHARTS_TITLE = "Biểu đồ"
CHART_ROWS = 18  # rows one chart takes on the sheet


def _chart_sheet(book: Any, charts: list[ChartData], bold: Any, plain: Any) -> None:
    """Each chart's numbers in columns A:B (what the chart reads), the chart beside them (D)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList

    sheet = book.create_sheet(CHARTS_TITLE)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 10
    _print_setup(sheet, [48, 10, 2, 90], 0, title_rows=None)
    row = 1
    for chart_data in charts:
        start = row
        title = WriteOnlyCell(sheet, value=chart_data.title)
        title.font = bold
        sheet.append([title])
        header = [WriteOnlyCell(sheet, value="Lựa chọn"), WriteOnlyCell(sheet, value=chart_data.count_title)]
        for cell in header:
            cell.font = bold
        sheet.append(header)
        for label, count in chart_data.bars:
            first = WriteOnlyCell(sheet, value=label)
            first.font, first.data_type = plain, "s"
            second = WriteOnlyCell(sheet, value=count)
            second.font = plain
            sheet.append([first, second])
        last = start + 1 + len(chart_data.bars)
        chart = BarChart()
        chart.type = "bar"  # horizontal bars: long option labels stay readable
        chart.style = 10
        chart.title = chart_data.name
        chart.y_axis.title = chart_data.count_title
        chart.y_axis.majorGridlines = None
        chart.y_axis.scaling.min = 0
        chart.y_axis.majorUnit = 1  # whole units
        chart.x_axis.scaling.orientation = "maxMin"  # the options in printed order, top to bottom
        chart.legend = None
        chart.height, chart.width = 8.5, 22
        values = Reference(sheet, min_col=2, min_row=start + 1, max_row=last)
        labels = Reference(sheet, min_col=1, min_row=start + 2, max_row=last)
        chart.add_data(values, titles_from_data=True)
        chart.set_categories(labels)
        chart.dataLabels = DataLabelList()
        chart.dataLabels.showVal = True
        for flag in ("showCatName", "showSerName", "showLegendKey", "showPercent"):
            setattr(chart.dataLabels, flag, False)
        sheet.add_chart(chart, f"D{start}")
        used = last - start + 1
        for _ in range(max(CHART_ROWS - used, 1)):
            sheet.append([])
        row = start + max(CHART_ROWS, used + 1)


WIDTH_SAMPLE = 2000  # rows looked at to size a column


def _width_of(text: str) -> int:
    return max(
        ((len(line) if line.isascii() else display_width(line)) for line in text.splitlines()), default=0
    )


def _widths(table: Table) -> list[float]:
    """Column widths in characters: the header and the longest value of the first rows, within bounds."""
    widths = [_width_of(c.title) + FILTER_BUTTON for c in table.columns]
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
