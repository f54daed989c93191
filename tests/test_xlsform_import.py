"""`phieu import`: KoBoToolbox / ODK exports (hand-made, in the platforms' formats) into response files that
`phieu validate`, `show`, `export` and `summary` take like any other."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from docs_helpers import run_phieu

DATA = Path(__file__).parent / "data" / "xlsform"
EXAMPLES = Path(__file__).parents[1] / "examples"


def test_kobo_csv_converts_the_good_rows_and_names_the_bad_one(tmp_path, capsys):
    out = tmp_path / "tra_loi"
    code, stdout, err = run_phieu(["import", DATA / "kobo_149.csv", "-o", out], capsys)
    assert code == 1, err
    assert sorted(p.name for p in out.iterdir()) == ["ha_noi-3f1c2a9e.json", "lao_cai-8a7b6c5d.json"]
    assert "✗ dòng 4 (uuid:c0ffee00-1111-4222-8333-944445555666): không chuyển được:" in stdout
    assert 'Câu 1: không có lựa chọn "da_ban_hanh" (có: chua_quy_dinh, da_quy_dinh, khac)' in stdout
    assert 'Câu 3đ (q3dd): "mười" không phải số nguyên' in stdout
    assert "Tổng cộng 3 bản nộp (KoBoToolbox CSV): đã chuyển 2, 1 không chuyển được." in stdout
    ha_noi = json.loads((out / "ha_noi-3f1c2a9e.json").read_text(encoding="utf-8"))
    assert ha_noi["status"] == "complete"
    assert ha_noi["respondent"] == {
        "province": "ha_noi",
        "agency": "Sở Thông tin và Truyền thông thành phố Hà Nội",
    }
    assert ha_noi["created_at"] == "2023-01-15T08:02:11+07:00"
    assert ha_noi["completed_at"] == ha_noi["updated_at"] == "2023-01-15T09:40:55+07:00"
    assert ha_noi["generator"].endswith(
        "import (KoBoToolbox CSV, kobo_149.csv, uuid:3f1c2a9e-5b7d-4c1e-9a2b-1d2e3f4a5b6c)"
    )
    answers = ha_noi["answers"]
    assert answers["q1"] == {
        "da_quy_dinh": {
            "qd_so_tttt": "Quyết định số 21/2022/QĐ-UBND",
            "qd_van_phong": "Quyết định số 30/2022/QĐ-UBND",
        }
    }
    assert answers["q2d"] == {
        "thuong_truc_bbt": "Văn phòng UBND thành phố",
        "chiu_trach_nhiem": {"name": "Phạm Thị Lan", "position": "Phó Chánh Văn phòng"},
    }
    assert answers["q3dd"] == 15
    assert answers["q7_1"] == {"name": "Đỗ Minh Quân", "phone": "0987654321"}  # typed with spaces
    assert answers["q6b"] == {
        "thong_nhat_van_phong": {"ly_do": "Văn phòng nắm thông tin chỉ đạo, điều hành."}
    }
    assert "q4" not in answers
    lao_cai = json.loads((out / "lao_cai-8a7b6c5d.json").read_text(encoding="utf-8"))["answers"]
    assert set(lao_cai["q6b"]) == {
        "so_tttt_ky_thuat",
        "van_phong_noi_dung",
    }  # space-separated select_multiple
    assert lao_cai["q2b"] == {"khac": {"text": "Trung tâm Giám sát, điều hành đô thị thông minh"}}
    assert lao_cai["q4"] == {"co_thay_doi": {"co_quan_quan_ly": "Sở Thông tin và Truyền thông"}}
    code, stdout, _ = run_phieu(["validate", out], capsys)
    assert code == 0, stdout


def test_kobo_json_and_a_submission_missing_answers_becomes_a_draft(tmp_path, capsys):
    out = tmp_path / "tra_loi"
    code, stdout, err = run_phieu(["import", DATA / "kobo_149.json", "-o", out], capsys)
    assert code == 0, err
    assert "bản nộp thứ 3 (uuid:0b1d2d3d-4d5d-4e6e-8f7f-8a9a0b1b2c3c) → " in stdout
    assert "(bản nháp: còn thiếu câu trả lời)" in stdout
    assert "Câu 5 ($.answers.q5): chưa trả lời (câu bắt buộc)" in stdout
    assert "Tổng cộng 3 bản nộp (KoBoToolbox JSON): đã chuyển 3 (1 bản nháp)." in stdout
    draft = json.loads((out / "binh_dinh-0b1d2d3d.json").read_text(encoding="utf-8"))
    assert draft["status"] == "draft" and draft["completed_at"] is None
    # KoBo's _submission_time has no offset: it is UTC. start/end carry theirs.
    assert draft["created_at"] == "2023-01-15T08:02:11+07:00"
    code, stdout, _ = run_phieu(["validate", out], capsys)
    assert code == 0, stdout


ODK_CSV = (
    "SubmissionDate,respondent-province,respondent-agency,bao_cao-qbc1,bao_cao-qbc2,s1-q1,"
    "s1-q1__khac__text,s2-q2a,s2-q2b,s2-q2c,s2-q2d-q2d__thuong_truc_bbt,"
    "s2-q2d-q2d__chiu_trach_nhiem-q2d__chiu_trach_nhiem__name,"
    "s2-q2d-q2d__chiu_trach_nhiem-q2d__chiu_trach_nhiem__position,s3-q3a,s3-q3b,"
    "s3-q3b__mot_don_vi__ten_don_vi,s3-q3c,s3-q3dd,s3-q3e,s5-q5,s6-q6a,s6-q6b/so_tttt_ky_thuat,"
    "s6-q6b/van_phong_noi_dung,s6-q6b/thong_nhat_so_tttt,s6-q6b/thong_nhat_van_phong,"
    "s6-q6b__so_tttt_ky_thuat__ly_do,s6-q6b__van_phong_noi_dung__ly_do,s6-q6b_1,s6-q6c,"
    "s7-q7_1-q7_1__name,s7-q7_1-q7_1__phone,s7-q7_2-q7_2__name,s7-q7_2-q7_2__phone,meta-instanceID,KEY,"
    "SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,"
    "FormVersion\r\n"
    "2023-01-16T09:00:00.000Z,ca_mau,Sở TT&TT tỉnh Cà Mau,Cổng vận hành từ 2010.,Ổn định.,khac,"
    "Đã trình dự thảo quyết định,so_tttt,so_tttt,van_phong,Sở TT&TT,Trần Văn Bé,Giám đốc,"
    "bo_phan_trung_tam_so,mot_don_vi,Trung tâm CNTT,giam_doc_so_tttt,5,3,Thiếu kinh phí.,dvsn_so_tttt,"
    "1,1,0,0,Có hạ tầng.,Nắm chỉ đạo.,khong,dong_y,Lê Thị Mai,0919000222,Phan Văn Út,0939000333,"
    "uuid:5e5e5e5e-0000-4000-8000-000000000001,uuid:5e5e5e5e-0000-4000-8000-000000000001,"
    "5,Alice,0,0,,,,0,2023.1\r\n"
)


def test_odk_csv_with_hyphen_paths_and_one_column_per_choice(tmp_path, capsys):
    # ODK Central's CSV: groups joined by "-", split select_multiple columns "g1-q2/x", its own columns after KEY.
    source = tmp_path / "odk.csv"
    source.write_text(ODK_CSV, encoding="utf-8")
    out = tmp_path / "tra_loi"
    code, stdout, err = run_phieu(["import", source, "-o", out], capsys)
    assert code == 0, stdout + err
    assert "không thuộc mẫu phiếu" not in err
    (written,) = out.iterdir()
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["respondent"]["province"] == "ca_mau"
    assert data["created_at"] == data["completed_at"] == "2023-01-16T09:00:00Z"
    assert data["answers"]["q1"] == {"khac": {"text": "Đã trình dự thảo quyết định"}}
    assert data["answers"]["q6b"] == {
        "so_tttt_ky_thuat": {"ly_do": "Có hạ tầng."},
        "van_phong_noi_dung": {"ly_do": "Nắm chỉ đạo."},
    }
    assert "(ODK CSV, odk.csv, uuid:5e5e5e5e-0000-4000-8000-000000000001)" in data["generator"]
    assert "Lưu ý" not in stdout
    older = tmp_path / "odk_cu.csv"
    older.write_text(ODK_CSV.replace(",2023.1\r\n", ",2022.9\r\n"), encoding="utf-8")
    code, stdout, _ = run_phieu(["import", older, "-o", tmp_path / "cu"], capsys)
    assert code == 0
    assert "Lưu ý: bản nộp theo phiên bản mẫu “2022.9”, mẫu dùng để chuyển là phiên bản “2023.1”" in stdout


def test_a_follow_up_without_its_option_and_odata_nesting(tmp_path, capsys):
    record = {
        "__id": "uuid:1",
        "respondent": {"province": "da_nang", "agency": "Sở TT&TT"},
        "s1": {"q1": "chua_quy_dinh", "q1__da_quy_dinh__qd_so_tttt": "QĐ 1"},
        "__system": {"submissionDate": "2023-01-16T09:00:00.000Z"},
    }
    source = tmp_path / "odata.json"
    source.write_text(json.dumps({"value": [record]}, ensure_ascii=False), encoding="utf-8")
    code, stdout, _ = run_phieu(["import", source, "-o", tmp_path / "out"], capsys)
    assert code == 1
    assert "✗ bản nộp thứ 1 (uuid:1): không chuyển được:" in stdout
    assert (
        "Câu 1 (q1__da_quy_dinh__qd_so_tttt): có nội dung “QĐ 1” nhưng lựa chọn "
        "“Đã quy định theo Thông tư 01/2022/TT-VPCP và Thông tư 11/2022/TT-BTTTT” không được chọn"
    ) in stdout
    assert "(ODK Central OData)" in stdout


def test_nothing_is_overwritten_without_force(tmp_path, capsys):
    out = tmp_path / "tra_loi"
    assert run_phieu(["import", DATA / "kobo_149.json", "-o", out], capsys)[0] == 0
    target = out / "quang_nam-aa11bb22.json"
    target.write_text("sửa tay", encoding="utf-8")
    code, _, err = run_phieu(["import", DATA / "kobo_149.json", "-o", out], capsys)
    assert code == 2
    assert "Đã có 3 tệp trả lời" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "sửa tay"
    code, _, _ = run_phieu(["import", DATA / "kobo_149.json", "-o", out, "--force"], capsys)
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["respondent"]["province"] == "quang_nam"


@pytest.mark.parametrize(
    ("content", "message"),
    [("[1, 2", "lỗi cú pháp JSON"), ('"x"', "cần một danh sách bản nộp")],
)
def test_unreadable_exports_are_usage_errors(tmp_path, capsys, content, message):
    source = tmp_path / "x.json"
    source.write_text(content, encoding="utf-8")
    code, _, err = run_phieu(["import", source, "-o", tmp_path / "out"], capsys)
    assert code == 2 and message in err
    assert not (tmp_path / "out").exists()


def test_one_summary_over_terminal_replies_and_platform_submissions(tmp_path, capsys):
    folder = tmp_path / "tong_hop"
    folder.mkdir()
    for example in EXAMPLES.glob("*.json"):
        shutil.copy(example, folder / example.name)
    run_phieu(["import", DATA / "kobo_149.csv", "-o", folder / "kobo"], capsys)
    run_phieu(["import", DATA / "kobo_149.json", "-o", folder / "kobo_api"], capsys)
    code, stdout, err = run_phieu(["summary", folder, "--no-color"], capsys)
    assert code == 0, err
    # examples: Đà Nẵng, Lào Cai, Quảng Ninh, Bến Tre complete, Cần Thơ a draft; imported: Hà Nội, Lào Cai
    # (again), Quảng Nam, Hà Giang complete, Bình Định a draft.
    assert "Tổng hợp 10 tệp theo mẫu phieu_149" in stdout
    assert "Đã có phiếu hợp lệ, hoàn thành: 7/63 tỉnh, thành phố." in stdout
    assert "Tỉnh Bình Định (chỉ có bản nháp)" in stdout
    code, _, _ = run_phieu(["show", folder / "kobo" / "ha_noi-3f1c2a9e.json", "--no-color"], capsys)
    assert code == 0
    target = tmp_path / "ha_noi.md"
    code, _, err = run_phieu(["export", folder / "kobo" / "ha_noi-3f1c2a9e.json", "-o", target], capsys)
    assert code == 0, err
    assert "Phạm Thị Lan" in target.read_text(encoding="utf-8")


def test_the_flow_in_the_docs_prints_what_it_says(tmp_path, capsys, monkeypatch):
    doc = (Path(__file__).parents[1] / "docs" / "xlsform.md").read_text(encoding="utf-8")
    block = re.findall(r"```sh\n(.*?)```", doc, flags=re.S)[1]
    start = block.index("phieu import kobo_149.csv -o tra_loi/kobo")
    expected = [line.removeprefix("# ") for line in block[start:].splitlines()[1:] if line.startswith("# ")]
    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / "kobo_149.csv", tmp_path / "kobo_149.csv")
    code, stdout, _ = run_phieu(["import", "kobo_149.csv", "-o", "tra_loi/kobo"], capsys)
    assert code == 1
    assert stdout.splitlines() == expected
    block0 = re.findall(r"```sh\n(.*?)```", doc, flags=re.S)[0]
    code, stdout, _ = run_phieu(["schema", "xlsform", "-o", "phieu_149.xlsx"], capsys)
    assert code == 0 and stdout.strip() == block0.splitlines()[1].removeprefix("# ")


def test_an_excel_export_reads_like_the_csv(tmp_path, capsys):
    text = (DATA / "kobo_149.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(rows):
        # Excel holds numbers as numbers: 15 comes back as 15.0, and a phone number loses its leading 0.
        sheet.append([float(c) if number and c.isdigit() else c for c in row])
    source = tmp_path / "kobo_149.xlsx"
    book.save(source)
    out = tmp_path / "tra_loi"
    code, stdout, _ = run_phieu(["import", source, "-o", out], capsys)
    assert code == 1
    assert "Tổng cộng 3 bản nộp (KoBoToolbox XLSX): đã chuyển 2, 1 không chuyển được." in stdout
    data = json.loads((out / "ha_noi-3f1c2a9e.json").read_text(encoding="utf-8"))
    assert data["answers"]["q3dd"] == 15
    assert data["answers"]["q7_2"]["phone"] == "0976543210"


def test_an_export_with_labels_as_headers_is_refused_before_anything_is_written(tmp_path, capsys):
    source = tmp_path / "nhan.csv"
    source.write_text("Tỉnh, thành phố;Câu 1\nha_noi;da_quy_dinh\n", encoding="utf-8")
    code, _, err = run_phieu(["import", source, "-o", tmp_path / "out"], capsys)
    assert code == 2
    assert "không cột nào là một trường của mẫu phiếu phieu_149" in err
    assert not (tmp_path / "out").exists()


def test_a_column_that_is_no_field_of_the_form_is_named(tmp_path, capsys):
    header, row = ODK_CSV.rstrip("\r\n").split("\r\n")
    source = tmp_path / "odk.csv"
    source.write_text(f"{header},s9-q99\r\n{row},giá trị lạ\r\n", encoding="utf-8")
    code, _, err = run_phieu(["import", source, "-o", tmp_path / "out"], capsys)
    assert code == 0
    assert "Lưu ý: 1 cột không thuộc mẫu phiếu phieu_149, không được chuyển: s9-q99" in err
