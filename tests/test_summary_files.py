"""`phieu summary -o`: the XLSX read back with openpyxl, the CSV read back as Excel would (BOM, UTF-8)."""

from __future__ import annotations

import copy
import csv
import io

import openpyxl
import pytest

from docs_helpers import run_phieu, write_json
from samples import CHUA_QUY_DINH, response_dict
from test_summary_counts import make_folder

SHEETS = [
    "Tổng quan",
    "Tình trạng",
    "Theo tỉnh",
    "Lựa chọn",
    "Số liệu",
    "Cảnh báo",
    "Văn bản",
    "Tệp",
    "Biểu đồ",
]
TABLES = SHEETS[1:-1]


@pytest.fixture
def folder(tmp_path, form149):
    folder = make_folder(tmp_path, form149)
    risky = copy.deepcopy(CHUA_QUY_DINH)
    risky["q5"] = '=HYPERLINK("http://x","bấm")'
    risky["qbc3"] = "-Thiếu kinh phí"
    write_json(folder / "cao_bang.json", response_dict(form149, risky, province="cao_bang"))
    return folder


@pytest.fixture
def book(tmp_path, folder, capsys):
    target = tmp_path / "tong_hop.xlsx"
    code, out, err = run_phieu(["summary", folder, "-o", target], capsys)
    assert code == 0, err
    assert f"Đã ghi {target}: 9 trang (Tổng quan, Tình trạng," in out
    return openpyxl.load_workbook(target)


def _rows(sheet):
    header = [c.value for c in sheet[1]]
    return header, [
        dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]


def test_xlsx_sheets_headers_frozen_and_filtered(book):
    assert book.sheetnames == SHEETS
    for sheet in (book[name] for name in TABLES):
        assert sheet.freeze_panes in ("B2", "C2"), sheet.title
        assert all(cell.font.b for cell in sheet[1]), sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
    assert book["Theo tỉnh"].freeze_panes == "C2"  # province code and name stay in view


def test_xlsx_values_and_vietnamese(book):
    header, rows = _rows(book["Theo tỉnh"])
    assert len(rows) == 63
    by_id = {r["Mã"]: r for r in rows}
    assert by_id["ha_noi"]["Tỉnh, thành phố"] == "Thành phố Hà Nội"
    assert by_id["ha_noi"]["Câu 3đ"] == 12 and isinstance(by_id["ha_noi"]["Câu 3đ"], int)
    assert by_id["ha_noi"]["Câu 4"] == "không áp dụng"
    assert by_id["da_nang"]["Câu 2b · Khác"] == "Trung tâm Giám sát, điều hành đô thị thông minh"
    # A province's text that looks like a formula stays text.
    cell = next(c for c in book["Theo tỉnh"]["A"] if c.value == "cao_bang")
    q5 = book["Theo tỉnh"].cell(row=cell.row, column=header.index("Câu 5") + 1)
    assert q5.value == '=HYPERLINK("http://x","bấm")' and q5.data_type == "s"
    _, options = _rows(book["Lựa chọn"])
    row = next(r for r in options if r["Câu"] == "Câu 1" and r["Lựa chọn"].startswith("Đã quy định"))
    assert (row["Số tỉnh"], row["Số tỉnh áp dụng"]) == (2, 4)
    assert row["Tỷ lệ (%)"] == pytest.approx(0.5)
    cell = next(c for c in book["Lựa chọn"]["F"][1:] if c.value is not None)
    assert cell.number_format == "0.0%"
    _, numbers = _rows(book["Số liệu"])
    q3dd = next(r for r in numbers if r["Câu"] == "Câu 3đ")
    assert (q3dd["Số tỉnh trả lời"], q3dd["Nhỏ nhất"], q3dd["Trung vị"], q3dd["Lớn nhất"], q3dd["Tổng"]) == (
        4,
        7,
        9.5,
        20,
        46,
    )


def test_xlsx_status_and_files(book, form149):
    _, status = _rows(book["Tình trạng"])
    ha_noi = next(r for r in status if r["Mã"] == "ha_noi")
    assert ha_noi["Tình trạng"] == "đã nộp" and ha_noi["Tệp được tính"].endswith("a_ha_noi_moi.json")
    assert ha_noi["Hoàn thành lúc"].strftime("%Y-%m-%d %H:%M") == "2023-01-16 10:00"  # the time as written
    _, files = _rows(book["Tệp"])
    results = {r["Tệp"].replace("\\", "/").rsplit("/", 1)[-1]: r["Kết quả"] for r in files}
    assert results["z_ha_noi_cu.json"] == "không tính: tỉnh đã có phiếu hoàn thành mới hơn"
    assert results["hue_nhap.json"] == "không tính: bản nháp (chưa hoàn thành)"
    assert results["an_giang.json"] == "không tính: có lỗi"
    _, texts = _rows(book["Văn bản"])
    assert {
        "Câu": "Câu 5",
        "Mục": form149.form.by_id["q5"].text,
        "Mã": "ha_noi",
        "Tỉnh, thành phố": "Thành phố Hà Nội",
        "Nội dung trả lời": "Hà Nội: thiếu nhân lực.",
    } in texts


def test_xlsx_column_widths_are_sensible(book):
    sheet = book["Theo tỉnh"]
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert 15 <= widths["B"] <= 30  # "Thành phố Hồ Chí Minh"
    assert all(6 <= w <= 60 for w in widths.values())


def _csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_default_view_is_the_per_province_table(tmp_path, folder, capsys):
    target = tmp_path / "tong_hop.csv"
    code, out, err = run_phieu(["summary", folder, "-o", target], capsys)
    assert code == 0, err
    assert "bảng “Theo tỉnh”" in out
    rows = _csv(target)
    assert rows[0][:3] == ["Mã", "Tỉnh, thành phố", "Tình trạng"]
    assert len(rows) == 64
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_id["bac_kan"]["Tỉnh, thành phố"] == "Tỉnh Bắc Kạn"
    assert by_id["bac_kan"]["Câu 3đ"] == "20"
    # Cells Excel would run as formulas get a leading apostrophe.
    assert by_id["cao_bang"]["Câu 5"] == '\'=HYPERLINK("http://x","bấm")'
    assert by_id["cao_bang"]["Câu BC3"] == "'-Thiếu kinh phí"
    assert target.read_bytes().count(b"\r\n") >= 64


def test_csv_other_view(tmp_path, folder, capsys):
    target = tmp_path / "lua_chon.csv"
    code, _, err = run_phieu(["summary", folder, "-o", target, "--view", "options"], capsys)
    assert code == 0, err
    rows = _csv(target)
    assert rows[0] == ["Câu", "Câu hỏi", "Loại", "Lựa chọn", "Số tỉnh", "Tỷ lệ (%)", "Số tỉnh áp dụng"]
    row = next(r for r in rows if r[0] == "Câu 1" and r[3].startswith("Chưa quy định"))
    assert row[4:] == ["2", "50.0", "4"]
