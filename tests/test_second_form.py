"""A second form, different from form 149 on purpose (issue 13 §5), through every command.

tests/data/form_bo_nganh.yaml goes to the 14 ministries and 3 ministerial-level agencies (its list is
bo_nganh.csv beside it), has no cover letter, three respondent fields of its own, soft checks, and a question
asked only when an option of a multiple choice is ticked. docs/walkthrough.md builds it step by step; the
form in that page is this file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from jsonschema import Draft202012Validator
from pypdf import PdfReader

from docs_helpers import run_phieu

HERE = Path(__file__).parent
FORM = HERE / "data" / "form_bo_nganh.yaml"
CSV = HERE / "data" / "bo_nganh.csv"

ENTER, DOWN, ESC = "\r", "\x1b[B", "\x1b"

ANSWERS = """\
ministry: bo y te
agency: Trung tâm Công nghệ thông tin
answers:
  "1": https://moh.gov.vn
  "2": [dam_may, may_chu_rieng]
  "3": Viettel IDC
  "4": 2003
  "5": 0
  "6": 0
  "7": {name: Nguyễn Văn A, position: Giám đốc Trung tâm, phone: "0912345678"}
"""

REASONS = """\
confirmations:
  "4":
    truoc_2005: Cổng được xây dựng năm 2003 theo Đề án tin học hóa của Bộ.
"""


def _fill_answers(capsys, tmp_path: Path, text: str, name: str = "y_te") -> tuple[int, Path, str]:
    answers = tmp_path / f"{name}.yaml"
    answers.write_text(text, encoding="utf-8")
    output = tmp_path / "tra_loi" / f"{name}.json"
    output.parent.mkdir(exist_ok=True)
    code, out, err = run_phieu(["fill", "--schema", FORM, "--answers", answers, "-o", output], capsys)
    return code, output, out + err


@pytest.fixture
def response(tmp_path, capsys) -> Path:
    """The Ministry of Health's return: year 2003 confirmed with a reason, nobody running the portal not."""
    code, output, err = _fill_answers(capsys, tmp_path, ANSWERS + REASONS)
    assert code == 0, err
    return output


def test_the_form_is_clean_and_its_list_is_the_17_ministries_and_agencies(capsys):
    code, out, err = run_phieu(["schema", "check", FORM], capsys)
    assert code == 0, out + err
    rows = CSV.read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 17 and len({row.split(",")[0] for row in rows}) == 17


def test_fill_from_an_answers_file_records_the_reason_and_names_the_unconfirmed_warning(tmp_path, capsys):
    code, output, err = _fill_answers(capsys, tmp_path, ANSWERS + REASONS)
    assert code == 0
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["respondent"] == {
        "ministry": "bo_y_te",
        "agency": "Trung tâm Công nghệ thông tin",
        "contact_person": None,
    }
    assert (
        data["answers"]["q2"] == {"dam_may": {}, "may_chu_rieng": {}}
        and data["answers"]["q3"] == "Viettel IDC"
    )
    assert data["confirmations"] == {
        "$.answers.q4": {"truoc_2005": "Cổng được xây dựng năm 2003 theo Đề án tin học hóa của Bộ."}
    }
    # Question 6's warning (nobody at all runs the portal) is left unconfirmed: said with the answer's line.
    assert re.search(r"y_te\.yaml:9:\d+: Câu 6 .*khong_co_ai", err)
    assert "truoc_2005" not in err


def test_the_question_under_a_multiple_choice_applies_only_when_its_option_is_ticked(tmp_path, capsys):
    text = ANSWERS.replace('"2": [dam_may, may_chu_rieng]', '"2": [may_chu_rieng]')
    code, _, err = _fill_answers(capsys, tmp_path, text)
    assert code == 1
    assert re.search(r"y_te\.yaml:6:\d+: Câu 3 .*không áp dụng", err), err
    code, output, err = _fill_answers(capsys, tmp_path, text.replace('  "3": Viettel IDC\n', ""), name="khac")
    assert code == 0, err
    assert "q3" not in json.loads(output.read_text(encoding="utf-8"))["answers"]


def test_validate_lists_the_unconfirmed_warning_and_strict_refuses_it(response, capsys):
    code, out, _ = run_phieu(["validate", "--schema", FORM, response], capsys)
    assert code == 0
    assert "1 cảnh báo chưa xác nhận" in out and "khong_co_ai" in out and "truoc_2005" not in out
    code, out, _ = run_phieu(["validate", "--strict", "--schema", FORM, response], capsys)
    assert code == 1 and "Câu 6 ($.answers.q6)" in out


def test_validate_refuses_a_ministry_not_in_the_list(response, capsys):
    data = json.loads(response.read_text(encoding="utf-8"))
    data["respondent"]["ministry"] = "bo_thong_tin_truyen_thong"  # merged into Khoa học và Công nghệ in 2025
    response.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run_phieu(["validate", "--schema", FORM, response], capsys)
    assert code == 1 and "$.respondent.ministry" in out


def test_the_exported_json_schema_accepts_the_return_and_refuses_an_unknown_ministry(response, capsys):
    code, out, err = run_phieu(["schema", "json-schema", FORM], capsys)
    assert code == 0, err
    validator = Draft202012Validator(json.loads(out))
    data = json.loads(response.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []
    data["respondent"]["ministry"] = "bo_khong_co"
    assert list(validator.iter_errors(data)) != []


def test_show_prints_the_respondent_fields_and_the_ticked_options(response, capsys):
    code, out, err = run_phieu(["show", "--schema", FORM, response], capsys)
    assert code == 0, err
    assert "Bộ, cơ quan ngang bộ: Bộ Y tế" in out and "Người liên hệ: ……" in out
    assert "☒ Điện toán đám mây" in out and "☐ Thuê dịch vụ" in out and "Viettel IDC" in out


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_export_text_formats_have_no_reply_letter(response, capsys, fmt):
    code, out, err = run_phieu(["export", "--schema", FORM, response, "-o", "-", "--to", fmt], capsys)
    assert code == 0, err
    assert "PHIẾU KHẢO SÁT CỔNG THÔNG TIN ĐIỆN TỬ CỦA CÁC BỘ" in out and "Bộ Y tế" in out
    assert "Kính gửi" not in out and "Kèm theo" not in out


def test_export_docx_and_pdf(response, capsys, tmp_path):
    target = tmp_path / "y_te.docx"
    code, _, err = run_phieu(["export", "--schema", FORM, response, "-o", target], capsys)
    assert code == 0, err
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Bộ Y tế" in text and "Viettel IDC" in text and "Kính gửi" not in text
    pdf = tmp_path / "y_te.pdf"
    code, _, err = run_phieu(["export", "--schema", FORM, response, "-o", pdf], capsys)
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")


def test_summary_counts_over_the_17_and_the_warnings_per_question(response, capsys, tmp_path):
    code, _, err = _fill_answers(
        capsys, tmp_path, ANSWERS.replace("bo y te", "Bộ Tư pháp").replace('"5": 0', '"5": 3'), name="tu_phap"
    )
    assert code == 0, err
    code, out, err = run_phieu(["summary", "--schema", FORM, response.parent], capsys)
    assert code == 0, err
    assert "2/17 bộ, cơ quan ngang bộ" in out
    assert "Còn thiếu 15/17" in out and "Bộ Quốc phòng" in out
    # Question 4 fired for both (2003 < 2005), confirmed by Y tế only; question 6 only for Y tế (5 = 0).
    assert re.search(r"Câu 4\s+truoc_2005.*\s1\s+1\s*$", out, re.MULTILINE), out
    assert re.search(r"Câu 6\s+khong_co_ai.*\s0\s+1\s*$", out, re.MULTILINE), out


def test_fill_through_the_prompts_asks_question_3_only_after_ticking_the_cloud(terminal, tmp_path):
    from phieu_cli.interview.fill import FillOptions, run

    output = tmp_path / "tu_phap.json"
    script = [
        ("Bộ, cơ quan ngang bộ", "tu phap" + ENTER),  # searched without diacritics
        ("Đơn vị cung cấp thông tin", "Cục Công nghệ thông tin" + ENTER),
        ("Người liên hệ", ENTER),  # optional
        ("Câu 1", "https://moj.gov.vn" + ENTER),
        ("Câu 2", DOWN + " " + ENTER),  # Điện toán đám mây
        ("Câu 3", "FPT Cloud" + ENTER),  # asked: the cloud is ticked
        ("Câu 4", "2010" + ENTER),
        ("Câu 5", "0" + ENTER),
        ("Câu 6", "0" + ENTER),
        (
            "Câu 6 – Lý do giữ câu trả lời (khong_co_ai)",
            "Cổng do Cục Công nghệ thông tin thuê vận hành" + ENTER,
        ),
        ("Câu 7 – Họ và tên", "Trần Thị B" + ENTER),
        ("Câu 7 – Chức vụ", "Cục trưởng" + ENTER),
        ("Câu 7 – Số điện thoại", "0987 654 321" + ENTER),
        ("review", ENTER),
    ]
    ui = terminal.ui(script)
    run(FillOptions(output=output, schema=FORM), ui=ui)
    assert ui.script == []
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["status"] == "complete" and data["respondent"]["ministry"] == "bo_tu_phap"
    assert data["answers"]["q2"] == {"dam_may": {}} and data["answers"]["q3"] == "FPT Cloud"
    assert data["answers"]["q7"]["phone"] == "0987654321"
    assert data["confirmations"] == {
        "$.answers.q6": {"khong_co_ai": "Cổng do Cục Công nghệ thông tin thuê vận hành"}
    }


def test_show_in_english_uses_the_english_labels_and_the_csvs_english_name(response, capsys):
    code, out, err = run_phieu(["show", "--lang", "en", "--schema", FORM, response], capsys)
    assert code == 0, err
    assert "Ministry or ministerial-level agency: Ministry of Health" in out
    assert "☒ Cloud computing" in out and "II. Staff" in out and "[vi]" not in out


EXPLAINED = "Giải trình: Cổng được xây dựng năm 2003 theo Đề án tin học hóa của Bộ."
WARNED = "Cảnh báo của mẫu phiếu: Cổng thông tin điện tử của các bộ phần lớn ra đời sau năm 2005"


def test_a_confirmed_warning_is_printed_with_its_reason_under_its_answer(response, capsys, tmp_path):
    """The reader of the reply sees why an unusual answer stands; an unconfirmed warning is not printed."""
    code, out, _ = run_phieu(["show", "--schema", FORM, response, "--width", "200"], capsys)
    assert code == 0
    assert out.index("2003") < out.index(WARNED) < out.index(EXPLAINED) < out.index("II. Nhân lực")
    assert "khong_co_ai" not in out and "Cổng không có cán bộ nào vận hành" not in out
    for fmt in ("md", "html"):
        code, out, _ = run_phieu(["export", "--schema", FORM, response, "-o", "-", "--to", fmt], capsys)
        assert code == 0 and WARNED in out and EXPLAINED in out
    target = tmp_path / "y_te.docx"
    code, _, err = run_phieu(["export", "--schema", FORM, response, "-o", target], capsys)
    assert code == 0, err
    paragraphs = [p.text for p in docx.Document(str(target)).paragraphs]
    assert paragraphs[paragraphs.index(EXPLAINED) - 1].startswith(WARNED)
    pdf = tmp_path / "y_te.pdf"
    code, _, err = run_phieu(["export", "--schema", FORM, response, "-o", pdf], capsys)
    assert code == 0, err
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(str(pdf)).pages).split())
    assert WARNED in text and EXPLAINED in text
    code, out, _ = run_phieu(["show", "--lang", "en", "--schema", FORM, response, "--width", "200"], capsys)
    assert "The form's warning: Most ministries' e-portals went live after 2005" in out
    assert "Explanation: Cổng được xây dựng năm 2003" in out
