"""`phieu summary`: which provinces count, and what their answers add up to, on generated responses."""

from __future__ import annotations

import copy

import pytest

from docs_helpers import run_phieu, write_json
from phieu_cli.rollup.analysis import (
    COUNTED,
    DRAFT,
    INVALID,
    NA,
    SUPERSEDED,
    analyse,
    find_files,
    summarise,
    tables,
)
from samples import CHUA_QUY_DINH, DA_QUY_DINH, response_dict


def _at(data, when):
    """Stamp a response as written and completed at *when* (ISO, with offset)."""
    data["created_at"] = data["updated_at"] = when
    if data["status"] == "complete":
        data["completed_at"] = when
    return data


def make_folder(root, form149):
    """Three provinces counted (Hà Nội twice: the newer counts), one invalid, one draft, two unreadable."""
    folder = root / "phieu"
    da_nang = copy.deepcopy(CHUA_QUY_DINH)  # q1 chưa quy định -> q4 applies; q3đ 7
    write_json(
        folder / "da_nang.json",
        _at(response_dict(form149, da_nang, province="da_nang"), "2023-01-15T08:00:00+07:00"),
    )
    ha_noi_new = copy.deepcopy(DA_QUY_DINH)
    ha_noi_new["q3dd"] = 12
    ha_noi_new["q5"] = "Hà Nội: thiếu nhân lực."
    write_json(
        folder / "a_ha_noi_moi.json",
        _at(response_dict(form149, ha_noi_new, province="ha_noi"), "2023-01-16T10:00:00+07:00"),
    )
    ha_noi_old = copy.deepcopy(CHUA_QUY_DINH)
    ha_noi_old["q3dd"] = 999
    write_json(
        folder / "z_ha_noi_cu.json",
        _at(response_dict(form149, ha_noi_old, province="ha_noi"), "2023-01-14T10:00:00+07:00"),
    )
    bac_kan = copy.deepcopy(DA_QUY_DINH)
    bac_kan["q3dd"], bac_kan["q3e"] = 20, 5
    bac_kan["q6b"] = {"so_tttt_ky_thuat": {"ly_do": "Kỹ thuật"}, "van_phong_noi_dung": {"ly_do": "Nội dung"}}
    write_json(
        folder / "sub" / "bac_kan.json",
        _at(response_dict(form149, bac_kan, province="bac_kan"), "2023-01-16T09:00:00+07:00"),
    )
    wrong = copy.deepcopy(CHUA_QUY_DINH)
    wrong["q3dd"] = -1
    write_json(folder / "an_giang.json", response_dict(form149, wrong, province="an_giang"))
    write_json(
        folder / "hue_nhap.json",
        response_dict(form149, {"q3dd": 3}, province="thua_thien_hue", status="draft"),
    )
    (folder / "hong.json").write_text('{"format": "phieu-response",', encoding="utf-8")
    write_json(folder / "khac.json", {"ten": "không phải phiếu"})
    write_json(folder / ".an" / "bo_qua.json", {"ten": "tệp ẩn"})
    (folder / "ghi_chu.txt").write_text("không đọc", encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path, form149):
    return make_folder(tmp_path, form149)


@pytest.fixture
def summary(folder, form149):
    return summarise(form149, find_files([folder]))


def test_files_found_hidden_and_other_files_skipped(folder):
    names = [p.relative_to(folder).as_posix() for p in find_files([folder, folder / "da_nang.json"])]
    assert names == [
        "a_ha_noi_moi.json",
        "an_giang.json",
        "da_nang.json",
        "hong.json",
        "hue_nhap.json",
        "khac.json",
        "sub/bac_kan.json",
        "z_ha_noi_cu.json",
    ]


def test_who_is_counted(summary):
    assert sorted(summary.counted) == ["bac_kan", "da_nang", "ha_noi"]
    assert summary.counted["ha_noi"].entry.file.endswith("a_ha_noi_moi.json")
    verdicts = {e.file.split("/")[-1].split("\\")[-1]: e.verdict for e in summary.entries}
    assert verdicts == {
        "a_ha_noi_moi.json": COUNTED,
        "an_giang.json": INVALID,
        "da_nang.json": COUNTED,
        "hong.json": INVALID,
        "hue_nhap.json": DRAFT,
        "khac.json": INVALID,
        "bac_kan.json": COUNTED,
        "z_ha_noi_cu.json": SUPERSEDED,
    }
    assert len(summary.missing) == 60
    first = {e.file.rsplit("/", 1)[-1]: e.first_error for e in summary.entries if e.verdict == INVALID}
    assert first["an_giang.json"] == "Câu 3đ ($.answers.q3dd): -1 nhỏ hơn giá trị tối thiểu 0"
    assert first["hong.json"].startswith("1:")
    assert "phieu-response" in first["khac.json"]


def test_newest_counts_whatever_the_reading_order(form149, folder):
    files = list(reversed(find_files([folder])))
    summary = summarise(form149, files)
    assert summary.counted["ha_noi"].entry.file.endswith("a_ha_noi_moi.json")


def test_option_counts_and_percentages_of_provinces_the_question_applied_to(summary):
    analysis = analyse(summary)
    stats = {s.question.id: s for s in analysis.choices}
    q1 = {o.id: n for o, n in stats["q1"].counts}
    assert (stats["q1"].applied, q1) == (3, {"da_quy_dinh": 2, "chua_quy_dinh": 1, "khac": 0})
    # Question 4 applies only where question 1 is "chưa quy định": Đà Nẵng alone.
    assert stats["q4"].applied == 1
    assert dict((o.id, n) for o, n in stats["q4"].counts) == {"khong_thay_doi": 0, "co_thay_doi": 1}
    # Multiple choice: each option counted on its own.
    q6b = {o.id: n for o, n in stats["q6b"].counts}
    assert q6b == {
        "thong_nhat_so_tttt": 1,
        "thong_nhat_van_phong": 0,
        "so_tttt_ky_thuat": 2,
        "van_phong_noi_dung": 2,
    }
    options = next(t for t in tables(summary, analysis) if t.key == "options")
    rows = {(r[0], r[3]): r for r in options.rows}
    assert rows[("Câu 1", "Đã quy định theo Thông tư 01/2022/TT-VPCP và Thông tư 11/2022/TT-BTTTT")][4:] == [
        2,
        pytest.approx(2 / 3),
        3,
    ]
    assert rows[("Câu 4", "Có thay đổi. Cụ thể:")][4:] == [1, 1.0, 1]


def test_numbers_min_median_max_total(summary):
    stats = {n.field.key: n for n in analyse(summary).numbers}
    q3dd = stats["q3dd"]
    assert sorted(q3dd.values) == [7, 12, 20]  # Hà Nội's older 999 is not counted
    assert (min(q3dd.values), q3dd.median, max(q3dd.values), sum(q3dd.values)) == (7, 12, 20, 39)
    assert sorted(stats["q3e"].values) == [3, 3, 5]


def test_median_of_an_even_count(tmp_path, form149):
    for province, value in (("da_nang", 7), ("ha_noi", 12)):
        answers = copy.deepcopy(DA_QUY_DINH)
        answers["q3dd"] = value
        write_json(tmp_path / f"{province}.json", response_dict(form149, answers, province=province))
    numbers = analyse(summarise(form149, find_files([tmp_path]))).numbers
    assert next(n for n in numbers if n.field.key == "q3dd").median == 9.5


def test_free_texts_collected_by_province(summary):
    texts = [(f.key, province, value) for f, province, value in analyse(summary).texts]
    assert ("q5", "ha_noi", "Hà Nội: thiếu nhân lực.") in texts
    assert ("q5", "da_nang", CHUA_QUY_DINH["q5"]) in texts
    assert ("q2b.khac.text", "da_nang", "Trung tâm Giám sát, điều hành đô thị thông minh") in texts
    assert ("q1.ly_do", "da_nang", "Đang trình UBND tỉnh ban hành quyết định.") in texts
    assert ("q6b.so_tttt_ky_thuat.ly_do", "bac_kan", "Kỹ thuật") in texts
    assert ("q7_1.phone", "bac_kan", "0905123456") in texts
    # Printed order, then the form's province order.
    q5 = [p for k, p, _ in texts if k == "q5"]
    assert q5 == ["bac_kan", "da_nang", "ha_noi"]


def test_per_province_table(summary):
    analysis = analyse(summary)
    assert analysis.rows["ha_noi"]["q4"] is NA
    answers = next(t for t in tables(summary, analysis) if t.key == "answers")
    header = [c.title for c in answers.columns]
    assert len(answers.rows) == 63
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in answers.rows}
    assert rows["ha_noi"]["Câu 4"] == "không áp dụng"
    assert rows["ha_noi"]["Câu 3đ"] == 12
    assert rows["ha_noi"]["Tình trạng"] == "đã nộp"
    assert (
        rows["da_nang"]["Câu 1"] == "Chưa quy định theo Thông tư 01/2022/TT-VPCP và Thông tư 11/2022/TT-BTTTT"
    )
    assert rows["da_nang"]["Câu 1 · Lý do"] == "Đang trình UBND tỉnh ban hành quyết định."
    assert rows["da_nang"]["Câu 2b · Khác"] == "Trung tâm Giám sát, điều hành đô thị thông minh"
    assert (
        rows["da_nang"]["Câu 2d · Chịu trách nhiệm nội dung (ghi cụ thể tên cá nhân, chức vụ) · Họ và tên"]
        == "Nguyễn Văn An"
    )
    assert rows["bac_kan"]["Câu 6b"] == (
        "Sở TT&TT chịu trách nhiệm xây dựng, quản lý, vận hành, duy trì, bảo đảm ATTT cho Cổng TTĐT (về mặt kỹ thuật); "
        "Văn phòng UBND tỉnh chịu trách nhiệm quản lý, cập nhật, duy trì về nội dung Cổng TTĐT"
    )
    assert rows["bac_kan"]["Câu 7.1 · Số điện thoại di động"] == "0905123456"
    assert rows["thua_thien_hue"]["Tình trạng"] == "chỉ có bản nháp"
    assert rows["an_giang"]["Tình trạng"] == "chỉ có tệp lỗi"
    assert rows["cao_bang"]["Tình trạng"] == "chưa nộp" and rows["cao_bang"]["Câu 1"] is None
    # Column headers are unique (a spreadsheet filter needs it).
    assert len(header) == len(set(header))


def test_status_view_notes_other_files(summary):
    status = next(t for t in tables(summary) if t.key == "status")
    rows = {r[0]: r for r in status.rows}
    assert rows["ha_noi"][2] == "đã nộp"
    assert "1 tệp hoàn thành cũ hơn không tính" in rows["ha_noi"][6]
    assert rows["thua_thien_hue"][6].startswith("1 bản nháp không tính")


def test_progress_advances_once_per_file(form149, folder):
    ticks = []
    files = find_files([folder])
    summarise(form149, files, lambda: ticks.append(1))
    assert len(ticks) == len(files)


def test_terminal_report(folder, capsys):
    code, out, err = run_phieu(["summary", folder], capsys)
    assert code == 0, err
    assert "Đã có phiếu hợp lệ, hoàn thành: 3/63 tỉnh, thành phố." in out
    assert "Còn thiếu 60/63: Tỉnh An Giang (chỉ có tệp lỗi)," in out
    assert "Tỉnh Thừa Thiên Huế (chỉ có bản nháp)" in out
    assert "Thành phố Hà Nội" not in out.split("Còn thiếu")[1].split("\n")[0]
    # Piped: plain tab-separated tables.
    assert "Tệp lỗi, không tính (3)" in out
    assert "an_giang.json\tCâu 3đ ($.answers.q3dd): -1 nhỏ hơn giá trị tối thiểu 0\t1" in out
    assert "Bản nháp, không tính vì chưa hoàn thành (1)" in out
    assert "Thành phố Hà Nội\t" in out and "z_ha_noi_cu.json" in out
    assert "Chưa quy định theo Thông tư 01/2022/TT-VPCP và Thông tư 11/2022/TT-BTTTT\t1\t33,3%" in out
    assert "Câu 3đ\tSố cán bộ thuộc Ban biên tập (chịu trách nhiệm về nội dung):\t3\t7\t12\t20\t39" in out
    assert "\x1b[" not in out


def test_nothing_counted_still_reports(tmp_path, form149, capsys):
    write_json(tmp_path / "nhap.json", response_dict(form149, {}, status="draft"))
    code, out, _ = run_phieu(["summary", tmp_path], capsys)
    assert code == 0
    assert "0/63" in out and "không có số liệu theo câu hỏi" in out


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["{tmp}/khong_co"], "Không tìm thấy tệp hoặc thư mục"),
        (["{tmp}/rong"], "Không có tệp trả lời (.json) nào"),
        (["{tmp}/phieu", "-o", "{tmp}/x.pdf"], "dùng đuôi .xlsx hoặc .csv"),
        (["{tmp}/phieu", "-o", "{tmp}/x.xlsx", "--view", "texts"], "--view chỉ dùng với .csv"),
        (["{tmp}/phieu", "-o", "{tmp}/x.csv", "--view", "khac"], "--view 'khac' không hợp lệ"),
        (["{tmp}/phieu", "--view", "texts"], "--view chỉ dùng khi ghi CSV"),
        (["{tmp}/phieu", "-o", "{tmp}/khong_co/x.xlsx"], "không có thư mục"),
    ],
)
def test_usage_errors_exit_2(tmp_path, form149, capsys, args, fragment):
    make_folder(tmp_path, form149)
    (tmp_path / "rong").mkdir()
    code, _, err = run_phieu(["summary", *[a.format(tmp=tmp_path) for a in args]], capsys)
    assert code == 2, err
    assert fragment in err
    assert "Traceback" not in err


def test_output_not_overwritten_without_force(tmp_path, form149, capsys):
    folder = make_folder(tmp_path, form149)
    target = tmp_path / "tong_hop.csv"
    target.write_text("cũ", encoding="utf-8")
    code, _, err = run_phieu(["summary", folder, "-o", target], capsys)
    assert code == 2 and "--force" in err
    assert target.read_text(encoding="utf-8") == "cũ"
    code, out, err = run_phieu(["summary", folder, "-o", target, "--force"], capsys)
    assert code == 0, err
    assert f"Đã ghi {target}" in out


def test_report_is_the_same_on_every_run(tmp_path, form149, capsys):
    folder = make_folder(tmp_path, form149)
    first = run_phieu(["summary", folder], capsys)[1]
    second = run_phieu(["summary", folder], capsys)[1]
    assert first == second


def test_same_instant_is_decided_by_file_name_not_reading_order(tmp_path, form149):
    for name in ("b.json", "a.json"):
        data = _at(response_dict(form149, CHUA_QUY_DINH, province="da_nang"), "2023-01-16T10:00:00+07:00")
        write_json(tmp_path / name, data)
    files = find_files([tmp_path])
    for order in (files, list(reversed(files))):
        summary = summarise(form149, order)
        assert summary.counted["da_nang"].entry.file.endswith("b.json")


def test_an_unreadable_file_is_listed_not_fatal(tmp_path, form149, capsys):
    write_json(tmp_path / "da_nang.json", response_dict(form149, CHUA_QUY_DINH, province="da_nang"))
    (tmp_path / "thu_muc.json").mkdir()  # a folder named like a response file
    summary = summarise(form149, [tmp_path / "da_nang.json", tmp_path / "thu_muc.json"])
    assert list(summary.counted) == ["da_nang"]
    bad = summary.by_verdict(INVALID)
    assert len(bad) == 1 and "thư mục" in (bad[0].first_error or "")
