"""The roll-up as a report: the "Tổng quan" sheet, native charts, print setup, readable cells, Vietnamese
alphabetical order, an unreadable file named by its province, the N/63 headline last in the terminal."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest

from docs_helpers import run_phieu
from phieu_cli.rollup.overview import guess_province, province_name, vietnamese_key
from test_summary_counts import make_folder


@pytest.fixture
def folder(tmp_path, form149):
    folder = make_folder(tmp_path, form149)
    # A file Lào Cai sent that cannot be read: its name says whose it is.
    (folder / "UBND_Lao_Cai_bao_cao.json").write_text("{hỏng", encoding="utf-8")
    return folder


@pytest.fixture
def xlsx(tmp_path, folder, capsys):
    target = tmp_path / "tong_hop.xlsx"
    code, _, err = run_phieu(["summary", folder, "-o", target], capsys)
    assert code == 0, err
    return target


def test_vietnamese_order_base_letters_then_marks():
    names = ["Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bắc Kạn", "Bà Rịa - Vũng Tàu", "Bắc Giang", "An Giang"]
    assert sorted(names, key=vietnamese_key) == [
        "An Giang",
        "Bà Rịa - Vũng Tàu",
        "Bắc Giang",
        "Bắc Kạn",
        "Bắc Ninh",
        "Bạc Liêu",
        "Bến Tre",
    ]
    # đ is d with a mark; "Cần Thơ" before "Cao Bằng" (n before o).
    assert sorted(["Đà Nẵng", "Cao Bằng", "Cần Thơ", "Điện Biên", "Đắk Lắk"], key=vietnamese_key) == [
        "Cần Thơ",
        "Cao Bằng",
        "Đà Nẵng",
        "Đắk Lắk",
        "Điện Biên",
    ]
    assert province_name("Thành phố Hồ Chí Minh") == "Hồ Chí Minh"


def test_guess_province_from_a_file_name(form149):
    options = form149.form.unit_options
    assert guess_province("phieu/UBND_Lao_Cai_bao_cao.json", options) == "lao_cai"
    assert guess_province("Hà Nội (bản 2).json", options) == "ha_noi"
    assert guess_province("bac_kan.json", options) == "bac_kan"
    assert guess_province("tong_hop.json", options) is None
    assert guess_province("lao_caiX.json", options) is None  # whole words only


def test_overview_is_the_first_sheet(xlsx, folder):
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames[0] == "Tổng quan"
    rows = {r[0]: r[1] for r in book["Tổng quan"].iter_rows(min_row=2, values_only=True) if r and r[0]}
    assert rows["Đã nộp"] == "3/63"
    assert rows["Đã nộp (phiếu hợp lệ, hoàn thành)"] == 3
    assert rows["Chỉ có bản nháp"] == 1  # Thừa Thiên Huế
    assert rows["Chỉ có tệp lỗi"] == 1  # An Giang
    assert rows["Chưa nộp"] == 58
    missing = rows["Tỉnh, thành phố chưa có phiếu (60)"]
    assert missing.startswith("An Giang (chỉ có tệp lỗi); Bà Rịa - Vũng Tàu; Bắc Giang; Bắc Ninh; Bạc Liêu;")
    assert "Lào Cai (có tệp không đọc được: UBND_Lao_Cai_bao_cao.json)" in missing
    assert rows["Từ"] == str(folder)
    assert rows["Số tệp đã đọc"] == 9
    assert rows["Tổng hợp lúc"].year >= 2024


def test_native_bar_chart_per_choice_question(xlsx, form149):
    package = zipfile.ZipFile(xlsx)
    charts = [n for n in package.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    choice = [q for q in form149.form.questions if q.kind in ("single", "multiple")]
    applied = len(choice) - 1  # question 4 applies to no counted province here (all "đã quy định" but one)
    assert len(charts) >= applied
    first = package.read(charts[0]).decode("utf-8")
    assert "<barChart>" in first and "'Biểu đồ'!$B$" in first
    book = openpyxl.load_workbook(xlsx)
    values = [r for r in book["Biểu đồ"].iter_rows(values_only=True) if r and r[0]]
    assert values[0][0].startswith("Câu 1. ")
    assert values[1][:2] == ("Lựa chọn", "Số tỉnh")


def test_every_sheet_prints_on_a4_fitted_with_header_rows(xlsx):
    book = openpyxl.load_workbook(xlsx)
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert str(setup.paperSize) == "9", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.fitToHeight == 0 and setup.fitToWidth >= 1, sheet.title
        assert "&P" in sheet.oddFooter.center.text
    for name in ("Tình trạng", "Theo tỉnh", "Lựa chọn", "Số liệu", "Văn bản", "Tệp"):
        assert book[name].print_title_rows == "$1:$1", name
    answers = book["Theo tỉnh"]
    assert answers.page_setup.orientation == "landscape"
    assert answers.page_setup.fitToWidth > 1 and answers.print_title_cols == "$A:$B"  # too wide for one page
    assert book["Tình trạng"].page_setup.fitToWidth == 1


def test_cells_are_readable(xlsx):
    book = openpyxl.load_workbook(xlsx)
    fonts = {
        (c.font.name, c.font.sz) for s in book.worksheets for row in s.iter_rows() for c in row if c.value
    }
    assert fonts == {("Calibri", 11)}
    numbers = book["Số liệu"]
    header = [c.value for c in numbers[1]]
    median = numbers.cell(row=2, column=header.index("Trung vị") + 1)
    assert median.number_format == "General"
    files = book["Tệp"]
    header = [c.value for c in files[1]]
    states = {files.cell(row=r, column=header.index("Trạng thái phiếu") + 1).value for r in range(2, 11)}
    assert states <= {"hoàn thành", "bản nháp", None} and "hoàn thành" in states
    # Header cells leave room for the filter button; wrapped long texts get a taller row.
    status = book["Tình trạng"]
    assert status.column_dimensions["C"].width >= len("Tình trạng") + 3
    texts = book["Văn bản"]
    assert texts.row_dimensions[1].height is not None
    tall = [texts.row_dimensions[r].height for r in range(2, texts.max_row + 1)]
    assert any(h and h >= 15 for h in tall)


def test_provinces_in_vietnamese_order_in_xlsx_csv_and_terminal(xlsx, tmp_path, folder, capsys):
    book = openpyxl.load_workbook(xlsx)
    names = [r[1] for r in book["Tình trạng"].iter_rows(min_row=2, values_only=True)]
    start = names.index("Tỉnh Bắc Giang")
    assert names[start : start + 4] == ["Tỉnh Bắc Giang", "Tỉnh Bắc Kạn", "Tỉnh Bắc Ninh", "Tỉnh Bạc Liêu"]
    assert names.index("Thành phố Cần Thơ") < names.index("Tỉnh Cao Bằng")
    target = tmp_path / "theo_tinh.csv"
    code, _, err = run_phieu(["summary", folder, "-o", target], capsys)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"), newline="")))
    labels = [r[1] for r in rows[1:]]
    assert labels == names
    code, out, err = run_phieu(["summary", folder], capsys)
    assert code == 0, err
    missing = out.strip().splitlines()[-2]
    assert missing.index("Tỉnh Bắc Ninh") < missing.index("Tỉnh Bạc Liêu") < missing.index("Tỉnh Bến Tre")


def test_terminal_ends_with_the_headline_and_names_the_unreadable_file(tmp_path, folder, capsys):
    code, out, err = run_phieu(["summary", folder], capsys)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[-1] == "Đã có phiếu hợp lệ, hoàn thành: 3/63 tỉnh, thành phố."
    assert lines[-2].startswith("Còn thiếu 60/63: ")
    assert (
        "Tỉnh Lào Cai (có tệp không đọc được tỉnh: " in lines[-2]
        and "UBND_Lao_Cai_bao_cao.json)" in lines[-2]
    )


def test_status_sheet_notes_the_unreadable_file(xlsx):
    book = openpyxl.load_workbook(xlsx)
    header = [c.value for c in book["Tình trạng"][1]]
    row = next(r for r in book["Tình trạng"].iter_rows(min_row=2, values_only=True) if r[0] == "lao_cai")
    record = dict(zip(header, row, strict=True))
    assert record["Tình trạng"] == "chưa nộp"
    assert "UBND_Lao_Cai_bao_cao.json" in record["Ghi chú"]


def test_regrouped_units_in_vietnamese_order_too(tmp_path, folder, capsys):
    target = tmp_path / "theo_tinh_moi.xlsx"
    code, _, err = run_phieu(["summary", folder, "--by", "vn_provinces_2025", "-o", target], capsys)
    assert code == 0, err
    rows = list(openpyxl.load_workbook(target)["Theo tỉnh mới"].iter_rows(min_row=2, values_only=True))
    labels = [row[1] for row in rows]
    assert len(labels) > 30
    assert labels == sorted(labels, key=lambda label: vietnamese_key(province_name(label)))
