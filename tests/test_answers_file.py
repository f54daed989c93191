"""`phieu fill --answers FILE`: hand-written answers files, the examples, and the error list."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from phieu_cli.cli import main
from phieu_cli.interview.answersfile import MAX_ANSWERS_BYTES, build_response
from phieu_cli.responses.validation import check_file
from samples import CHUA_QUY_DINH

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "answers").glob("*.yaml"))


def fill(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(["fill", *args])
    code = done.value.code
    assert isinstance(code, int)
    return code


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_there_are_examples():
    assert {p.name for p in EXAMPLES} >= {"ha_noi.yaml", "da_nang.yaml"}


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_gives_a_complete_valid_response(form149, example, tmp_path, capsys):
    output = tmp_path / f"{example.stem}.json"
    assert fill("--answers", str(example), "-o", str(output)) == 0
    assert "Đã ghi phiếu hoàn thành" in capsys.readouterr().out
    report = check_file(form149, output, require_complete=True)
    assert report.problems == []
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["status"] == "complete" and data["completed_at"]
    if os.name == "posix":
        assert stat.S_IMODE(output.stat().st_mode) == 0o600


def test_the_full_example_answers_every_question_of_its_branch(form149):
    response, problems = build_response(form149, ROOT / "examples" / "answers" / "ha_noi.yaml")
    assert problems == [] and response is not None
    assert set(response.answers) == set(CHUA_QUY_DINH)  # BC3 and BC4 included: every question is shown
    assert response.respondent["province"] == "ha_noi"
    assert response.answers["q7_1"]["phone"] == "0905123456"
    assert response.answers["q7_2"]["phone"] == "0912345678"
    assert response.answers["q2b"] == {"khac": {"text": "Trung tâm Giám sát, điều hành đô thị thông minh"}}
    assert response.answers["qbc1"].endswith("Trung tâm dữ liệu thành phố.")
    assert response.answers["q6b"]["van_phong_noi_dung"] == {
        "ly_do": "Văn phòng nắm thông tin chỉ đạo, điều hành."
    }


def test_the_second_example_uses_labels_and_vietnamese_names(form149):
    response, problems = build_response(form149, ROOT / "examples" / "answers" / "da_nang.yaml")
    assert problems == [] and response is not None
    answers = response.answers
    assert answers["q1"] == {
        "da_quy_dinh": {"qd_so_tttt": "12/2022/QĐ-UBND", "qd_van_phong": "15/2022/QĐ-UBND"}
    }
    assert answers["q3c"] == {"chanh_van_phong": {}}
    assert answers["q3b"] == {"mot_don_vi": {"ten_don_vi": "Trung tâm Thông tin - Công báo"}}
    assert answers["q3e"] == 1200
    assert answers["q6b_1"] == {"khong": {}}
    assert answers["q2d"]["chiu_trach_nhiem"] == {
        "name": "Phạm Thị Dung",
        "position": "Chánh Văn phòng UBND thành phố",
    }
    assert answers["q7_2"] == {"name": "Đặng Thị Giang", "phone": "0351234567"}


BROKEN = """\
province: Hà
agency: Sở
extra: 1
answers:
  BC1: Báo cáo
  "1":
    da_quy_dinh:
      qd_so_tttt: 1/QĐ
      so_qd: x
  2a: so_ttt
  2b: khac
  3đ: bảy
  3e: -2
  "4": khong_thay_doi
  6b: [thong_nhat_so_tttt, so_tttt_ky_thuat]
  "7.1": {name: An, phone: 0905 12}
  "7.2": {name: Bình, dien_thoai: 0351234567, email: x@y}
  8: x
  q3e: 4
"""


def test_a_broken_file_lists_every_problem_with_its_line_and_question(form149, tmp_path, capsys):
    path = write(tmp_path, BROKEN)
    output = tmp_path / "out.json"
    assert fill("--answers", str(path), "-o", str(output)) == 1
    assert not output.exists()
    err = capsys.readouterr().err
    _, problems = build_response(form149, path)
    found = {(p.line, p.ref, p.code) for p in problems}
    expected = {
        (1, None, "answers"),  # "Hà": several provinces
        (3, None, "answers"),  # unknown key "extra"
        (4, "Câu BC2", "required"),  # not written: reported at "answers:"
        (4, "Câu 5", "required"),
        (8, "Câu 1", "required"),  # qd_van_phong missing
        (9, "Câu 1", "answers"),  # no blank "so_qd"
        (10, "Câu 2a", "answers"),  # no option "so_ttt"
        (11, "Câu 2b", "required"),  # "Khác" without its text
        (12, "Câu 3đ", "answers"),  # "bảy"
        (13, "Câu 3e", "answers"),  # below the minimum
        (14, "Câu 4", "not_applicable"),
        (15, "Câu 6b", "exclusive"),
        (16, "Câu 7.1", "answers"),  # phone too short
        (17, "Câu 7.2", "answers"),  # no part "email"
        (18, None, "answers"),  # no question 8
        (19, "Câu 3e", "answers"),  # answered twice
    }
    assert expected <= found
    assert not any(p.ref == "Câu 2a" and p.code == "required" for p in problems)  # said once, not twice
    assert not any(p.ref == "Câu 7.2" for p in problems if p.code == "required")  # dien_thoai is the phone
    assert f"{path}:12:" in err and "Câu 3đ (answers.3đ)" in err and '"bảy" không phải số nguyên' in err
    assert "Câu 2c (answers.2c): chưa trả lời" in err
    assert "lỗi; chưa ghi" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "tệp rỗng"),
        ("- a\n- b\n", "phải là một ánh xạ"),
        ("answers: [1, 2]\n", "answers phải là một ánh xạ"),
        ("answers:\n  '1': [chua_quy_dinh, khac]\n", "chỉ được chọn một"),
        ("answers:\n  2d: Văn phòng\n", "cần các ô: thuong_truc_bbt, chiu_trach_nhiem"),
        ("answers:\n  '7.1': An\n", "cần dạng {name: …, phone: …}"),
        ("answers:\n  3đ: [1]\n", "cần một giá trị"),
        ("answers:\n  '1': {da_quy_dinh: '12/QĐ'}\n", "có các ô: qd_so_tttt, qd_van_phong"),
        ("form: phieu_khac\n", "dành cho mẫu “phieu_khac”"),
        ("a: [\n", "lỗi cú pháp YAML"),
    ],
)
def test_shapes_people_get_wrong(form149, tmp_path, text, message):
    _, problems = build_response(form149, write(tmp_path, text))
    assert any(message in p.message for p in problems), [p.render() for p in problems]
    assert all(p.file and p.file.endswith("answers.yaml") for p in problems)


def test_bom_nfd_and_values_as_written(form149, tmp_path):
    text = (ROOT / "examples" / "answers" / "ha_noi.yaml").read_text(encoding="utf-8")
    text = text.replace("phone: 0905 123 456", "phone: 0351234567")  # YAML 1.1 would read an octal number
    text = text.replace("BC3: Thiếu", "BC3: No. Thiếu")  # and "No" as false
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).encode("utf-8"))
    response, problems = build_response(form149, path)
    assert problems == [] and response is not None
    assert response.answers["q7_1"]["phone"] == "0351234567"
    assert response.answers["qbc3"].startswith("No. Thiếu")
    assert response.respondent["agency"] == "Sở Thông tin và Truyền thông"  # NFC again
    assert unicodedata.is_normalized("NFC", json.dumps(response.answers, ensure_ascii=False))


def test_a_file_too_large_is_refused(form149, tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"answers:\n  BC1: " + b"x" * MAX_ANSWERS_BYTES + b"\n")
    _, problems = build_response(form149, path)
    assert len(problems) == 1 and "tệp quá lớn" in problems[0].message


def test_an_existing_output_needs_force(tmp_path, capsys):
    output = tmp_path / "out.json"
    output.write_text("{}", encoding="utf-8")
    example = str(ROOT / "examples" / "answers" / "ha_noi.yaml")
    assert fill("--answers", example, "-o", str(output)) == 2
    assert "--force" in capsys.readouterr().err
    assert output.read_text(encoding="utf-8") == "{}"
    assert fill("--answers", example, "-o", str(output), "--force") == 0
    assert json.loads(output.read_text(encoding="utf-8"))["status"] == "complete"


def test_usage_errors(tmp_path, capsys):
    example = str(ROOT / "examples" / "answers" / "ha_noi.yaml")
    assert fill("--answers", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "o.json")) == 2
    assert "Không tìm thấy tệp" in capsys.readouterr().err
    assert fill("--answers", example, "-o", str(tmp_path / "no" / "o.json")) == 2
    assert "không tồn tại" in capsys.readouterr().err
    assert fill("--answers", example, "--resume", "x.draft.json") == 2
    assert "Chỉ dùng một trong" in capsys.readouterr().err


def test_answers_mode_never_imports_questionary(tmp_path):
    code = (
        "import sys\n"
        "from phieu_cli.cli import main\n"
        "try:\n"
        f"    main(['fill', '--answers', {str(ROOT / 'examples' / 'answers' / 'ha_noi.yaml')!r}, "
        f"'-o', {str(tmp_path / 'o.json')!r}])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "assert 'questionary' not in sys.modules and 'prompt_toolkit' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_documentation_names_every_id_of_form_149(form149):
    doc = (ROOT / "docs" / "answers-file.md").read_text(encoding="utf-8")
    table = doc[doc.index("## Mã của mẫu 149") :]
    for q in form149.form.questions:
        assert f"| {q.number}" in table or f", {q.number}" in table, q.ref
        for option in q.options or []:
            assert f"`{option.id}`" in table, (q.ref, option.id)
            for blank in option.followups:
                assert f"`{blank.id}`" in table, (q.ref, option.id, blank.id)
        for blank in q.fields or []:
            assert f"`{blank.id}`" in table, (q.ref, blank.id)


def test_unquoted_dotted_numbers_are_question_keys(form149, tmp_path):
    path = write(tmp_path, "answers:\n  7.1: {name: An, phone: 0905123456}\n  6b.1: co\n")
    _, problems = build_response(form149, path)
    assert not any(p.ref in ("Câu 7.1", "Câu 6b.1") for p in problems), [p.render() for p in problems]


def test_answers_written_at_the_top_level_get_one_clear_message(tmp_path):
    from phieu_cli.form.check import load_form
    from phieu_cli.interview.answersfile import build_response

    path = tmp_path / "tra_loi.yaml"
    path.write_text("province: ha_noi\n1: chua_quy_dinh\n3đ: 7\n", encoding="utf-8")
    response, problems = build_response(load_form(), path)
    assert response is None
    assert [(p.line, "nằm dưới khóa answers" in p.message) for p in problems] == [(2, True), (3, True)]
