"""`--lang en` (issue 13 §3): fill (prompts and answers file), show and export speak English, labels come from
the form's `*_en` texts, a text without English is shown in Vietnamese marked "[vi]", and the response file is
the same whatever the language. `phieu schema check` lists the texts without English as warnings."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from phieu_cli.cli import main
from phieu_cli.common.messages import set_language
from phieu_cli.form.check import bundled_form_path
from phieu_cli.interview.fill import FillOptions, run
from phieu_cli.responses.validation import check_file

ENTER, DOWN = "\r", "\x1b[B"
END = "\r\r"

# Answers in ASCII English, so that any Vietnamese left on a page is phieu's own wording. Options are named
# by id, by their English label ("Set under both circulars") and by their Vietnamese label.
ANSWERS = """\
province: da nang
agency: Office of the City People's Committee
answers:
  BC1: Built in 2016, upgraded in 2021.
  BC2: Stable, about 20000 visits a day.
  "1":
    Set under both circulars:
      qd_so_tttt: 12/2022/QD-UBND
      qd_van_phong: 15/2022/QD-UBND
  2a: van_phong
  2b: Department of Information and Communications
  2c: Văn phòng UBND tỉnh, thành phố
  2d:
    thuong_truc_bbt: City Office
    chiu_trach_nhiem: {name: Pham Thi Dung, position: Chief of Office}
  3a: {khac: Portal team of the Office}
  3b: {mot_don_vi: Information Centre}
  3c: chanh_van_phong
  3d: 0
  3e: 1.200
  "5": No major problems.
  6a: {de_xuat_khac: Keep it as it is}
  6b:
    - thong_nhat_so_tttt: One body, clear responsibility.
  6b.1: khong
  6c: dong_y
  "7.1": {name: Vo Van Em, phone: 0935.111.222}
  "7.2": {name: Dang Thi Giang, phone: 0777 888 999}
confirmations:
  3d: {khong_can_bo: The board is the Office's own staff.}
"""

# Vietnamese that is data, not wording: the province (and the place and sender made of it), the cited
# letter's number, the place of the letter, printed question numbers ("3đ", the paper's "đ)").
DATA = [
    "Thành phố Đà Nẵng",
    "thành phố Đà Nẵng",
    "THÀNH PHỐ ĐÀ NẴNG",
    "Đà Nẵng",
    "CĐSQG",
    "Hà Nội",
    "3đ",
    "đ)",
]


def vietnamese_left(text: str, allowed: list[str] = DATA) -> list[str]:
    """The words of *text* with a Vietnamese letter once the data is taken out (none: all English)."""
    text = unicodedata.normalize("NFC", text)
    for data in sorted(allowed, key=len, reverse=True):
        text = text.replace(data, " ")
    return sorted({w for w in re.findall(r"\S+", text) if any(c.isalpha() and not c.isascii() for c in w)})


def cli(capsys: Any, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


def fill_answers(capsys: Any, tmp_path: Path, lang: str, *extra: str, name: str = "") -> Path:
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    output = tmp_path / f"{name or lang}.json"
    code, _out, err = cli(
        capsys, "fill", "--answers", str(answers), "-o", str(output), "--lang", lang, *extra
    )
    assert code == 0, err
    return output


def without_times(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for key in ("created_at", "updated_at", "completed_at"):
        data.pop(key)
    return data


def test_the_response_is_the_same_in_either_language(capsys, form149, tmp_path):
    vi = fill_answers(capsys, tmp_path, "vi")
    en = fill_answers(capsys, tmp_path, "en")
    assert without_times(vi) == without_times(en)
    data = without_times(en)
    assert data["answers"]["q1"] == {
        "da_quy_dinh": {"qd_so_tttt": "12/2022/QD-UBND", "qd_van_phong": "15/2022/QD-UBND"}
    }
    assert data["answers"]["q2b"] == {"so_tttt": {}} and data["answers"]["q2c"] == {"van_phong": {}}
    assert check_file(form149, en, require_complete=True).problems == []


def test_the_answers_file_speaks_english(capsys, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS.replace("3d: 0", "3d: seven"), encoding="utf-8")
    output = tmp_path / "out.json"
    code, _out, err = cli(capsys, "fill", "--answers", str(answers), "-o", str(output), "--lang", "en")
    assert code == 1 and not output.exists()
    assert f"Error: {answers}: 2 problem(s); {output} not written." in err
    assert "(confirmations.3d.khong_can_bo): this warning does not fire with the answer as it is" in err
    assert 'answers.yaml:19:7: Question 3đ (answers.3d): "seven" is not a whole number' in err
    assert vietnamese_left(err, [*DATA, str(tmp_path)]) == []
    code, _out, err = cli(capsys, "fill", "--answers", str(answers), "-o", str(output))
    assert 'Câu 3đ (answers.3d): "seven" không phải số nguyên' in err  # Vietnamese by default


def test_show_in_english(capsys, tmp_path):
    response = fill_answers(capsys, tmp_path, "vi")
    code, out, err = cli(capsys, "show", str(response), "--lang", "en", "--width", "100")
    assert code == 0, err
    assert "MINISTRY OF INFORMATION AND COMMUNICATIONS" in out and "SOCIALIST REPUBLIC OF VIET NAM" in out
    assert "Province or centrally-run city: Thành phố Đà Nẵng" in out
    assert "1) Have the functions, tasks and powers" in out
    assert "    ☒ Set under both circulars" in out.splitlines()
    assert "- Number of the decision setting the Department's functions: 12/2022/QD-UBND" in out
    assert "(not applicable — only when Question 1 is “Not yet set under the circulars”)" in out
    assert (
        "- Responsible for content (name and position): Full name: Pham Thi Dung; Position: Chief of" in out
    )
    assert vietnamese_left(out) == []
    code, out, err = cli(capsys, "show", str(response))  # the same file, in Vietnamese by default
    assert "☒ Đã quy định theo Thông tư" in out and "Set under" not in out


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_export_in_english(capsys, tmp_path, fmt):
    response = fill_answers(capsys, tmp_path, "vi")
    target = tmp_path / f"reply.{fmt}"
    code, _out, err = cli(
        capsys, "export", str(response), "-o", str(target), "--lang", "en", "--signer", "Le Van A"
    )
    assert code == 0, err
    assert (
        err
        == f"Exported {target} ({ {'md': 'Markdown', 'html': 'HTML', 'docx': 'DOCX', 'pdf': 'PDF'}[fmt] }).\n"
    )
    text = document_text(target, fmt)
    for wording in (
        "PEOPLE'S COMMITTEE",
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness",
        "To: Ministry of Information and Communications (National Digital Transformation Agency)",
        "Re: reply to letter No. 149/BTTTT-CĐSQG of 13/01/2023",
        "Pursuant to letter No. 149/BTTTT-CĐSQG of 13/01/2023 of the Ministry of Information and Communications,",
        "Information form on the organisation, construction, management",
        "(Attached to letter No. 149/BTTTT-CĐSQG of 13 January 2023",
        "Set under both circulars",
        "only when Question 1 is “Not yet set under the circulars”",
        "Respectfully yours.",
        "ON BEHALF OF THE PEOPLE'S COMMITTEE",
        "CHAIRMAN",
        "(Signature, full name and seal)",
        "Recipients:",
        "As above;",
    ):
        assert wording in text, wording
    assert vietnamese_left(text) == []
    if fmt == "html":
        assert '<html lang="en">' in target.read_text(encoding="utf-8")


def document_text(path: Path, fmt: str) -> str:
    if fmt == "pdf":
        pypdf = pytest.importorskip("pypdf")
        reader = pypdf.PdfReader(str(path))
        assert reader.metadata is not None
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    if fmt != "docx":
        text = path.read_text(encoding="utf-8")
        if fmt == "md":
            text = text.replace("\\", "")  # Markdown escapes ("People\\'s" is not one, "3\\." is)
        if fmt == "html":
            import html

            text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
        return " ".join(text.split())
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for table in document.tables for cell in table._cells for p in cell.paragraphs]
    parts += [p.text for section in document.sections for p in section.header.paragraphs]
    assert document.core_properties.language == "en-GB"
    return " ".join(" ".join(parts).split())


def test_a_draft_exported_in_english_is_marked_draft(capsys, tmp_path):
    draft = Path(__file__).resolve().parents[1] / "examples" / "can_tho_nhap.json"
    target = tmp_path / "draft.html"
    code, _out, err = cli(capsys, "export", str(draft), "-o", str(target), "--lang", "en")
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert "DRAFT — not complete, not for signing" in page and "DRAFT — not complete" in page
    assert "DỰ THẢO" not in page and "Kính gửi" not in page and "Nơi nhận" not in page
    assert "Note: the response is still a draft; the document is marked DRAFT, not for signing." in err
    assert "question(s) not fully answered yet: Question" in err


def schema_without_english(tmp_path: Path) -> Path:
    """Form 149 with two texts left without English: question 5's wording and an option's label."""
    data = yaml.safe_load(bundled_form_path().read_text(encoding="utf-8"))
    five = next(s for s in data["sections"] if s["id"] == "s5")["questions"][0]
    del five["text_en"]
    six_c = next(s for s in data["sections"] if s["id"] == "s6")["questions"][-1]
    del six_c["options"][0]["label_en"]
    path = tmp_path / "form.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_text_without_english_is_shown_in_vietnamese_marked(capsys, tmp_path):
    schema = schema_without_english(tmp_path)
    response = fill_answers(capsys, tmp_path, "en", "--schema", str(schema))
    code, out, err = cli(
        capsys, "show", str(response), "--schema", str(schema), "--lang", "en", "--width", "200"
    )
    assert code == 0, err
    assert "5) [vi] Những vấn đề vướng mắc hiện nay (nêu cụ thể, chi tiết)" in out
    assert "☒ [vi] Đồng ý" in out and "☐ Disagree" in out
    marked = re.findall(r"\[vi\] [^\n]*", out)
    assert vietnamese_left(re.sub(r"\[vi\] [^\n]*", "", out)) == [] and len(marked) == 2


def test_schema_check_lists_texts_without_english_as_warnings(capsys, tmp_path):
    schema = schema_without_english(tmp_path)
    code, out, err = cli(capsys, "schema", "check", str(schema))
    assert code == 0, out + err
    warnings = [line for line in out.splitlines() if line.startswith("cảnh báo:")]
    assert len(warnings) == 2
    assert "Câu 5 (sections[5].questions[0].text): chưa có tiếng Anh (text_en)" in warnings[0]
    assert "Câu 6c (sections[6].questions[4].options[0].label): chưa có tiếng Anh (label_en)" in warnings[1]
    assert re.search(rf"{re.escape(str(schema))}:\d+:\d+: ", warnings[0])
    assert "2 cảnh báo: nhãn chưa có tiếng Anh" in out and "mẫu phiếu hợp lệ." in out
    code, out, err = cli(capsys, "schema", "check", str(schema), "--format", "json")
    payload = json.loads(out)
    assert code == 0 and payload["ok"] is True and payload["problems"] == []
    assert [w["code"] for w in payload["warnings"]] == ["untranslated", "untranslated"]
    code, out, err = cli(capsys, "schema", "check")  # the bundled form: English everywhere
    assert code == 0 and "cảnh báo" not in out


# --- the interview at a terminal -------------------------------------------------------------------------


def pick(n: int) -> str:
    return DOWN * n + ENTER


def test_fill_in_english_through_the_prompts(terminal, form149, tmp_path, capsys):
    set_language("en")  # as `phieu fill --lang en` does
    output = tmp_path / "da_nang.json"
    script = [
        ("Province or centrally-run city", "da nang" + ENTER),
        ("Reporting agency", "Office of the City People's Committee" + ENTER),
        ("Question BC1", "Built in 2016, upgraded in 2021." + END),
        ("Question BC2", "Stable, about 20000 visits a day." + END),
        ("Question BC3", ENTER),
        ("Question BC4", ENTER),
        ("Question 1", pick(0)),
        ("Question 1 – Number of the decision setting the Department's functions", "12/2022/QD-UBND" + ENTER),
        ("Question 1 – Number of the decision setting the Office's functions", "15/2022/QD-UBND" + ENTER),
        ("Question 2a", pick(0)),
        ("Question 2b", pick(1)),
        ("Question 2c", pick(0)),
        ("Question 2d – Standing member of the editorial board", "City Office" + ENTER),
        ("Question 2d – Responsible for content (name and position) – Full name", "Pham Thi Dung" + ENTER),
        ("Question 2d – Responsible for content (name and position) – Position", "Chief of Office" + ENTER),
        ("Question 3a", pick(4)),
        ("Question 3a – Other (please specify)", "Portal team of the Office" + ENTER),
        ("Question 3b", pick(0)),
        ("Question 3b – Name of the unit", "Information Centre" + ENTER),
        ("Question 3c", pick(1)),
        ("Question 3đ", ["seven" + ENTER, ("is not a whole number", "\x7f" * 5 + "0" + ENTER)]),
        (
            "Question 3đ – Reason to keep the answer (khong_can_bo)",
            "The board is the Office's own staff." + ENTER,
        ),
        ("Question 3e", "1.200" + ENTER),
        ("Question 5", "No major problems." + END),
        ("Question 6a", pick(6)),
        ("Question 6a – Other proposal (please specify)", "Keep it as it is" + ENTER),
        ("Question 6b", [" " + DOWN + " " + ENTER, ("must be chosen alone", " " + ENTER)]),
        ("Question 6b – One body in charge", "One body, clear responsibility." + END),
        ("Question 6b.1", pick(0)),
        ("Question 6b.1 – Reason", ENTER),
        ("Question 6c", pick(0)),
        ("Question 7.1 – Full name", "Vo Van Em" + ENTER),
        (
            "Question 7.1 – Mobile phone",
            ["0935 11" + ENTER, ("not a valid mobile number", "\x7f" * 7 + "0935.111.222" + ENTER)],
        ),
        ("Question 7.2 – Full name", "Dang Thi Giang" + ENTER),
        ("Question 7.2 – Mobile phone", "0777 888 999" + ENTER),
        ("review", pick(0)),
    ]
    ui = terminal.ui(script)
    run(FillOptions(output=output), ui=ui)
    assert ui.script == []
    # The same response as the answers file gives in either language.
    from_file = fill_answers(capsys, tmp_path, "vi")
    got, expected = without_times(output), without_times(from_file)
    assert got["answers"] == expected["answers"] and got["respondent"] == expected["respondent"]
    assert (
        got["confirmations"]
        == expected["confirmations"]
        == {"$.answers.q3dd": {"khong_can_bo": "The board is the Office's own staff."}}
    )
    assert got["status"] == "complete"
    screen, words = terminal.screen, terminal.words
    for wording in (
        "MINISTRY OF INFORMATION AND COMMUNICATIONS — 149/BTTTT-CĐSQG",
        "Keys: ↑↓ to choose, Enter to confirm; Esc or “← Back” for the previous question",
        "── About the responding body ──",
        'Hint: For example "Department of Information and Communications"',
        "[question 1/21]",
        "· part 3/7]",
        "── 3. Organisation and operation of the e-portal today",
        "→ Thành phố Đà Nẵng",
        '"seven" is not a whole number',
        "⚠ Warning (khong_can_bo): Question 2d names who is responsible for content, yet the board has no staff",
        "is the answer right? write why, then Enter; Esc: back to correct the answer",
        "Warnings: 1 confirmed with a reason (⚠ in the list).",
        "” must be chosen alone, without other options.",
        'not a valid mobile number: "0935 11"',
        "REVIEW THE FORM",
        "Every question is answered. You want to:",
        "The completed response is saved in",
        f"phieu export {output} -o {output.with_suffix('.docx')} --lang en",
    ):
        assert wording in words, wording
    assert vietnamese_left(screen, [*DATA, str(tmp_path)]) == []


def test_the_interview_finds_and_refuses_in_english(form149):
    from phieu_cli.interview.machine import RESPONDENT, Interview

    set_language("en")
    interview = Interview(form149.form)
    step, message = interview.find_target("province")
    assert step is not None and step.key == (RESPONDENT, "province") and message is None
    assert interview.find_target("9z")[1] == (
        "There is no question “9z”. The questions: BC1, BC2, BC3, BC4, 1, 2a, 2b, 2c, 2d, 3a, 3b, 3c, 3đ, 3e, 4, "
        "5, 6a, 6b, 6b.1, 6b.2, 6c, 7.1, 7.2; or “province”, “reporting agency”."
    )
    assert interview.find_target("4")[1] == (
        "Question 4 does not apply (only when Question 1 is “Not yet set under the circulars”)."
    )
    agency = interview.steps[1]
    assert interview.parse(agency, "Office\x07")[1] == (
        "holds the control character U+0007 at position 7: delete that character and type again"
    )
    assert interview.parse(agency, "")[1] == (
        "This question is required: type an answer (Esc goes back to the previous question)."
    )


def test_ctrl_c_in_english_says_where_the_draft_is_and_how_to_resume(terminal, tmp_path):
    from phieu_cli.common.errors import Interrupted

    set_language("en")
    output = tmp_path / "out.json"
    script = [
        ("Province or centrally-run city", "da nang" + ENTER),
        ("Reporting agency", "City Office" + ENTER),
        ("Question BC1", "\x03"),
    ]
    with pytest.raises(Interrupted) as stopped:
        run(FillOptions(output=output), ui=terminal.ui(script))
    message = str(stopped.value)
    draft = tmp_path / "out.draft.json"
    assert message.startswith("Stopped (Ctrl-C). The answers are saved in the draft:\n")
    assert "To continue from the first unanswered question, run:\n  " in message
    assert message.endswith(f"fill --resume {draft} --lang en")
    set_language("en")
    script = [("Question BC1", "Built in 2016." + END), ("Question BC2", "\x03")]
    with pytest.raises(Interrupted):
        run(FillOptions(resume=draft), ui=terminal.ui(script))
    assert f"Continuing the draft {draft}." in terminal.words
    assert "Continuing from: Question BC1." in terminal.words


@pytest.mark.parametrize("command", ["fill", "show", "export"])
def test_an_unknown_language_is_a_usage_error(capsys, tmp_path, command):
    response = Path(__file__).resolve().parents[1] / "examples" / "lao_cai_chua_quy_dinh.json"
    args = ["--answers", str(tmp_path / "a.yaml")] if command == "fill" else [str(response)]
    code, out, err = cli(capsys, command, *args, "--lang", "fr")
    assert code == 2 and "'fr' không hợp lệ; dùng vi hoặc en." in err and not out


def test_another_form_in_english_names_its_unit_from_its_list_and_marks_what_has_no_english(capsys, tmp_path):
    """The ministries form (tests/data): a unit's English name from its CSV, Vietnamese texts marked."""
    schema = Path(__file__).resolve().parent / "data" / "form_ministries.yaml"
    answers = tmp_path / "a.yaml"
    answers.write_text(
        'ministry: Bộ Y tế\nunit_name: IT Department\nanswers:\n  "1": da_ket_noi\n  "2": 5\n',
        encoding="utf-8",
    )
    output = tmp_path / "r.json"
    code, out, err = cli(
        capsys, "fill", "--answers", str(answers), "-o", str(output), "--schema", str(schema), "--lang", "en"
    )
    assert code == 0, err
    assert json.loads(output.read_text(encoding="utf-8"))["respondent"]["ministry"] == "bo_y_te"
    code, out, err = cli(capsys, "show", str(output), "--schema", str(schema), "--lang", "en")
    assert code == 0, err
    assert "Ministry: Ministry of Health" in out and "Reporting unit: IT Department" in out
    assert "☒ [vi] Đã kết nối" in out and "2) [vi] Số cán bộ vận hành Cổng" in out
    code, out, err = cli(capsys, "show", str(output), "--schema", str(schema))
    assert "Bộ, cơ quan ngang bộ: Bộ Y tế" in out and "[vi]" not in out
    code, out, err = cli(capsys, "schema", "check", str(schema))
    assert code == 0 and "7 cảnh báo: nhãn chưa có tiếng Anh" in out


def test_an_english_reply_names_the_province_as_written(capsys):
    """Vietnamese lower-cases the level after "Ủy ban nhân dân" ("tỉnh Bến Tre"); English keeps the name."""
    example = Path(__file__).parents[1] / "examples" / "ben_tre_khac.json"
    code, out, err = cli(capsys, "export", str(example), "-o", "-", "--to", "md", "--lang", "en")
    assert code == 0, err
    assert "the People's Committee of Tỉnh Bến Tre reports as follows:" in out
    code, out, err = cli(capsys, "export", str(example), "-o", "-", "--to", "md")
    assert "Ủy ban nhân dân tỉnh Bến Tre báo cáo như sau:" in out
