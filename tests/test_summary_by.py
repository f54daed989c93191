"""`phieu summary --by vn_provinces_2025`: 2023 returns rolled up by today's 34 provinces, in the terminal,
XLSX and CSV; usage errors for a set that cannot be used."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from docs_helpers import run_phieu
from phieu_cli.rollup.analysis import find_files, summarise, tables
from phieu_cli.rollup.regroup import (
    ALL_IN,
    NONE_IN,
    SOME_IN,
    regroup,
    regrouped_tables,
    resolve_target,
)
from test_summary_counts import make_folder

DATA = Path(__file__).parent / "data"
BY = "vn_provinces_2025"


@pytest.fixture
def folder(tmp_path, form149):
    """Counted: Hà Nội, Đà Nẵng, Bắc Kạn; An Giang only invalid; Thừa Thiên Huế only a draft."""
    return make_folder(tmp_path, form149)


@pytest.fixture
def regrouping(folder, form149):
    summary = summarise(form149, find_files([folder]))
    return summary, regroup(summary, resolve_target(form149.form, BY))


def test_units_count_their_former_provinces(regrouping):
    _, grouped = regrouping
    units = {u.id: u for u in grouped.units}
    assert len(units) == 34
    assert [o.id for o in units["ha_noi"].returned] == ["ha_noi"] and units["ha_noi"].state == ALL_IN
    da_nang = units["da_nang"]
    assert [o.id for o in da_nang.former] == ["da_nang", "quang_nam"]
    assert [o.id for o in da_nang.returned] == ["da_nang"] and da_nang.state == SOME_IN
    assert [o.id for o in units["thai_nguyen"].returned] == ["bac_kan"]  # Bắc Kạn is now Thái Nguyên
    assert units["hue"].state == NONE_IN and units["an_giang"].state == NONE_IN
    assert len(grouped.with_return) == 3
    without = [u.id for u in grouped.without_return]
    assert len(without) == 31 and "hue" in without and "thai_nguyen" not in without
    assert sum(len(u.former) for u in grouped.units) == 63


def test_per_province_tables_get_the_new_unit_in_front(regrouping):
    summary, grouped = regrouping
    views = regrouped_tables(summary, grouped, tables(summary))
    assert [t.key for t in views] == [
        "status",
        "units",
        "answers",
        "options",
        "numbers",
        "warnings",
        "texts",
        "files",
    ]
    answers = next(t for t in views if t.key == "answers")
    titles = [c.title for c in answers.columns]
    assert titles[:5] == ["Mã 2025", "Tỉnh, thành phố 2025", "Mã 2023", "Tỉnh, thành phố 2023", "Tình trạng"]
    assert answers.frozen_columns == 4
    assert len(answers.rows) == 63
    # Ordered by new unit: the rows of one unit are together, in the order of the 2025 set.
    new_ids = [row[0] for row in answers.rows]
    assert new_ids == sorted(new_ids)
    hcm = [row[2] for row in answers.rows if row[0] == "ho_chi_minh"]
    assert hcm == ["ba_ria_vung_tau", "binh_duong", "ho_chi_minh"]
    row = next(r for r in answers.rows if r[2] == "quang_nam")
    assert row[:4] == ["da_nang", "Thành phố Đà Nẵng", "quang_nam", "Tỉnh Quảng Nam"]


def test_terminal_report_by_new_units(folder, capsys):
    code, out, err = run_phieu(["summary", folder, "--by", BY], capsys)
    assert code == 0, err
    assert "Đã có phiếu hợp lệ, hoàn thành: 3/63 tỉnh, thành phố." in out
    assert "Theo 34 tỉnh, thành phố từ ngày 01/07/2025 (Nghị quyết 202/2025/QH15): có phiếu từ 3/34" in out
    assert "Chưa có phiếu từ tỉnh cũ nào: 31/34: Tỉnh An Giang, Tỉnh Bắc Ninh," in out
    lines = out.splitlines()
    assert "Thành phố Đà Nẵng\t1/2\tTỉnh Quảng Nam" in lines
    assert "Thành phố Huế\t0/1\tTỉnh Thừa Thiên Huế (chỉ có bản nháp)" in lines
    assert "Tỉnh Thái Nguyên\t1/2\tTỉnh Thái Nguyên" in lines
    assert "Thành phố Hà Nội\t1/1\t" in lines


def test_xlsx_has_the_units_sheet_and_new_columns(folder, tmp_path, capsys):
    target = tmp_path / "tong_hop.xlsx"
    code, out, err = run_phieu(["summary", folder, "--by", BY, "-o", target], capsys)
    assert code == 0, err
    assert f"Đã ghi {target}: 10 trang" in out  # with Tổng quan first and Biểu đồ last
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:4] == ["Tổng quan", "Tình trạng", "Theo tỉnh mới", "Theo tỉnh"]
    assert book.sheetnames[-1] == "Biểu đồ"
    units = list(book["Theo tỉnh mới"].iter_rows(values_only=True))
    assert units[0][:5] == (
        "Mã 2025",
        "Tỉnh, thành phố 2025",
        "Tình trạng",
        "Số tỉnh cũ",
        "Số tỉnh cũ đã nộp",
    )
    assert len(units) == 35
    by_id = {row[0]: row for row in units[1:]}
    assert by_id["da_nang"][2:] == ("còn thiếu", 2, 1, "Thành phố Đà Nẵng", "Tỉnh Quảng Nam")
    assert by_id["ho_chi_minh"][3:5] == (3, 0)
    per_province = book["Theo tỉnh"]
    assert per_province.freeze_panes == "E2"
    header = [c.value for c in per_province[1]]
    assert header[:4] == ["Mã 2025", "Tỉnh, thành phố 2025", "Mã 2023", "Tỉnh, thành phố 2023"]
    assert per_province.max_row == 64


def test_csv_default_and_units_view(folder, tmp_path, capsys):
    answers = tmp_path / "theo_tinh.csv"
    code, out, err = run_phieu(["summary", folder, "--by", BY, "-o", answers], capsys)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(answers.read_bytes().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Mã 2025", "Tỉnh, thành phố 2025", "Mã 2023", "Tỉnh, thành phố 2023"]
    assert ["thai_nguyen", "Tỉnh Thái Nguyên", "bac_kan", "Tỉnh Bắc Kạn"] in [r[:4] for r in rows]
    units = tmp_path / "tinh_moi.csv"
    code, out, err = run_phieu(["summary", folder, "--by", BY, "-o", units, "--view", "units"], capsys)
    assert code == 0, err
    assert "“Theo tỉnh mới” (34 dòng" in out
    rows = list(csv.reader(io.StringIO(units.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 35
    assert rows[1] == [
        "an_giang",
        "Tỉnh An Giang",
        "chưa có phiếu",
        "2",
        "0",
        "",
        "Tỉnh An Giang (chỉ có tệp lỗi), Tỉnh Kiên Giang",
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--by", "vn_provinces_2030"], "--by 'vn_provinces_2030': không có bộ tỉnh, thành phố này (có: "),
        (["--by", "vn_provinces_2023"], "mẫu phieu_149 đã dùng đúng bộ này; bỏ --by"),
        (
            ["--by", "vn_provinces_2023", "--schema", DATA / "form_2025.yaml"],
            "không có bảng chuyển từ bộ vn_provinces_2025 của mẫu phiếu sang bộ vn_provinces_2023",
        ),
        (
            ["--by", BY, "--schema", DATA / "jsonschema_form.yaml"],
            "mẫu mau_thu tự liệt kê đơn vị (options:, options_file: hoặc ghi tự do)",
        ),
        (["-o", "x.csv", "--view", "units"], "--view units chỉ dùng cùng --by"),
    ],
)
def test_usage_errors(folder, tmp_path, capsys, monkeypatch, extra, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_phieu(["summary", folder, *extra], capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()
