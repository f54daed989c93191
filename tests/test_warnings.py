"""Soft checks (issue 13 §2): `warnings:` on questions and blanks, confirmations with a reason in the response,
and every command that evaluates them (schema check, validate, the answers file, fill, summary, JSON Schema).

Most tests use tests/data/form_warnings.yaml, a small form with a warning of each sort; form 149 carries two
(questions 3đ and 3e).
"""

from __future__ import annotations

import copy
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from docs_helpers import run_phieu, write_json
from phieu_cli import entry
from phieu_cli.cli import main as typer_main
from phieu_cli.form.check import check_form_file, load_form
from phieu_cli.form.plain import from_data, plain_form, to_data
from phieu_cli.interview.machine import CONFIRM, Interview, key_of, path_of
from phieu_cli.responses.validation import check_confirmations, check_response, fired_warnings
from samples import CHUA_QUY_DINH, DA_QUY_DINH, response_dict

HERE = Path(__file__).resolve().parent
FORM = HERE / "data" / "form_warnings.yaml"

# Answers to the small form that fire nothing.
QUIET: dict[str, Any] = {"q1": {"co": {"nam": 2015}}, "q2": 7, "q5": {"so_nguoi": 3}}


@pytest.fixture(scope="module")
def small():
    return load_form(FORM)


def fired(loaded, answers, confirmations=None):
    """(path, warning id, reason) of what *answers* fire; *loaded* is a LoadedForm or a plain form."""
    form = getattr(loaded, "form", None) if hasattr(loaded, "hash") else loaded
    return [(w.where, w.id, w.reason) for w in fired_warnings(form, answers, confirmations)]


# --- the form language ---------------------------------------------------------------------------------


def test_the_small_form_and_form_149_are_clean(small, form149):
    assert check_form_file(FORM) == []
    q3dd = form149.form.by_id["q3dd"]
    assert [w.id for w in q3dd.warnings or []] == ["khong_can_bo"]


BAD_WARNINGS = """\
phieu_schema: 1
form: {id: f, version: "1", title: T, issuer: I, letter: {number: 1/X, date: 2023-01-13}}
respondent:
  province: {label: Tỉnh, options: [{id: a, label: A}]}
  agency: {label: Cơ quan}
sections:
  - id: s1
    title: Phần
    questions:
      - number: "1"
        text: Tên
        kind: text
        warnings:
          - {max: 3, message: Dài}
      - number: "2"
        text: Số
        kind: integer
        warnings:
          - {min: 10, max: 5, message: Luôn bật}
          - {id: w1, max: 2023-01-01, message: Ngày trên số}
          - {when: {question: q3, answered: true}, message: Câu sau}
          - {when: {question: q9, answered: true}, message: Không có}
          - {message: Không thử gì}
      - number: "3"
        text: Ngày
        kind: date
        warnings:
          - {min: 5, message: Số trên ngày}
"""


def test_schema_check_reports_each_mistake_in_a_warning_at_its_line(tmp_path):
    path = tmp_path / "mau.yaml"
    path.write_text(BAD_WARNINGS, encoding="utf-8")
    found = {(p.line, p.ref, p.message) for p in check_form_file(path)}
    lines = BAD_WARNINGS.splitlines()

    def line_of(text: str) -> int:
        return next(i for i, line in enumerate(lines, start=1) if text in line)

    expected_fragments = [
        (line_of("max: 3, message: Dài"), "Câu 1", "chỉ dùng cho loại integer hoặc date"),
        (line_of("min: 10, max: 5"), "Câu 2", "min (10) lớn hơn max (5)"),
        (line_of("id: w1, max: 2023-01-01"), "Câu 2", "phải là số nguyên"),
        (line_of("id: w1, max: 2023-01-01"), "Câu 2", "id cảnh báo 'w1' bị trùng"),
        (line_of("question: q3, answered"), "Câu 2", "Câu 3 đứng sau, chưa được hỏi"),
        (line_of("question: q9, answered"), "Câu 2", "không có câu hỏi này"),
        (line_of("message: Không thử gì"), "Câu 2", "cần 'min', 'max' hoặc 'when'"),
        (line_of("min: 5, message: Số trên ngày"), "Câu 3", "phải là ngày YYYY-MM-DD"),
    ]
    for line, ref, fragment in expected_fragments:
        assert any(
            f_line == line and f_ref == ref and fragment in message for f_line, f_ref, message in found
        ), (line, ref, fragment, sorted(found))
    assert len(found) == len(expected_fragments)


def test_the_compiled_form_keeps_the_warnings(small):
    plain = plain_form(small.form)
    again = from_data(json.loads(json.dumps(to_data(plain), ensure_ascii=False)))
    assert to_data(again) == to_data(plain)
    warnings = again.by_id["q2"].warnings or []
    assert [(w.id, w.min, w.max) for w in warnings] == [("qua_nhieu", None, 30), ("w2", 1, None)]
    assert str(again.by_id["q3"].warnings[0].min) == "2000-01-01"  # type: ignore[index]
    answers = {"q1": {"co": {"nam": 2030}}, "q2": 0, "q3": "1999-12-31"}
    assert fired(again, answers) == fired(small, answers)


# --- evaluating warnings ----------------------------------------------------------------------------------


def test_nothing_fires_on_plausible_answers(small):
    assert fired(small, QUIET) == []


def test_bounds_conditions_blanks_and_dates_fire(small):
    answers = {
        "q1": {"co": {"nam": 2030}},  # a follow-up blank above its bound
        "q2": 40,  # above 30
        "q3": "1999-12-31",  # a date before the bound
        "q5": {"so_nguoi": 21},  # a group's blank
    }
    assert fired(small, answers) == [
        ("$.answers.q1.co.nam", "w1", None),
        ("$.answers.q2", "qua_nhieu", None),
        ("$.answers.q3", "w1", None),
        ("$.answers.q5.so_nguoi", "w1", None),
    ]


def test_a_condition_on_an_earlier_answer(small):
    # q2 = 0 fires w2 only when q1 says there is a board; q4 warns on any note when there is none.
    assert fired(small, {"q1": {"co": {}}, "q2": 0}) == [("$.answers.q2", "w2", None)]
    assert fired(small, {"q1": {"khong": {}}, "q2": 0}) == []
    assert fired(small, {"q1": {"khong": {}}, "q4": "Ghi chú"}) == [("$.answers.q4", "w1", None)]
    assert fired(small, {"q1": {"khong": {}}, "q4": "  "}) == []  # no answer, nothing to warn about


def test_a_wrong_value_is_an_error_not_a_warning(small, form149):
    assert fired(small, {"q2": "bốn mươi"}) == []
    assert fired(small, {"q2": 5000}) == []  # above the hard max 1000: an error
    answers = copy.deepcopy(DA_QUY_DINH)
    answers["q3dd"] = -1
    report = check_response(form149, response_dict(form149, answers))
    assert [p.code for p in report.problems] == ["invalid"] and report.fired == []


def test_confirmations_are_checked(small):
    answers = {"q1": {"co": {}}, "q2": 0}
    warnings = fired_warnings(small.form, answers)
    confirmations = {
        "$.answers.q2": {"w2": "Mới thành lập", "qua_nhieu": "Không bật", "w7": "Không có"},
        "$.answers.q9": {"w1": "x"},
        "$.answers.q1.co.nam": {"w1": "   "},
        "$.answers.q5.so_nguoi": {"w1": "hai\ndòng"},
    }
    found = {(p.where, p.code) for p in check_confirmations(small.form, confirmations, warnings)}
    assert found == {
        ('$.confirmations["$.answers.q2"].qua_nhieu', "not_applicable"),
        ('$.confirmations["$.answers.q2"].w7', "unknown_warning"),
        ('$.confirmations["$.answers.q9"]', "unknown_warning"),
        ('$.confirmations["$.answers.q1.co.nam"].w1', "required"),
        ('$.confirmations["$.answers.q5.so_nguoi"].w1', "invalid"),
    }


def test_a_response_records_confirmations_read_as_nfc(small):
    data = response_dict(small, {**QUIET, "q2": 40}, province="tinh_a", agency="Sở A")
    data["confirmations"] = {
        "$.answers.q2": {"qua_nhieu": unicodedata.normalize("NFD", "Gồm cả cộng tác viên")}
    }
    report = check_response(small, data, require_complete=True)
    assert report.problems == [] and report.warnings == []
    assert [(w.id, w.reason) for w in report.fired] == [("qua_nhieu", "Gồm cả cộng tác viên")]
    data["confirmations"] = {"$.answers.q2": {"qua_nhieu": 5}}
    assert [p.where for p in check_response(small, data).problems] == [
        "$.confirmations.$.answers.q2.qua_nhieu"
    ]


# --- phieu validate ---------------------------------------------------------------------------------------


@pytest.fixture
def warned_file(small, tmp_path) -> Path:
    data = response_dict(
        small, {**QUIET, "q2": 40, "q1": {"co": {"nam": 2030}}}, province="tinh_a", agency="Sở A"
    )
    data["confirmations"] = {"$.answers.q1.co.nam": {"w1": "Năm dự kiến thành lập"}}
    return write_json(tmp_path / "canh_bao.json", data)


def test_validate_prints_an_unconfirmed_warning_and_exits_0(warned_file, capsys):
    code, out, err = run_phieu(["validate", "--schema", FORM, warned_file], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"✓ {warned_file}: hợp lệ (hoàn thành), 1 cảnh báo chưa xác nhận",
        f"! {warned_file}: Câu 2 ($.answers.q2): cảnh báo qua_nhieu: Hơn 30 thành viên Ban biên tập là bất "
        'thường — chưa xác nhận (sửa câu trả lời, hoặc ghi lý do vào "confirmations")',
    ]


def test_strict_makes_unconfirmed_warnings_errors(warned_file, capsys):
    code, out, _ = run_phieu(["validate", "--schema", FORM, "--strict", warned_file], capsys)
    assert code == 1
    assert out.startswith(f"✗ {warned_file}: Câu 2 ($.answers.q2): cảnh báo qua_nhieu:")
    assert "hợp lệ" not in out


@pytest.mark.parametrize("strict", [False, True])
def test_json_gives_each_finding_a_severity(warned_file, capsys, strict):
    args = ["validate", "--schema", FORM, "--format", "json", *(["--strict"] if strict else []), warned_file]
    code, out, _ = run_phieu(args, capsys)
    payload = json.loads(out)
    record = payload["files"][0]
    assert record["confirmed"] == [
        {
            "path": "$.answers.q1.co.nam",
            "question": "Câu 1",
            "warning": "w1",
            "message": "Năm thành lập sau năm báo cáo",
            "reason": "Năm dự kiến thành lập",
        }
    ]
    if strict:
        assert code == 1 and record["warnings"] == [] and payload["summary"]["warnings"] == 0
        [problem] = record["problems"]
        assert (problem["severity"], problem["code"], problem["path"]) == (
            "error",
            "unconfirmed_warning",
            "$.answers.q2",
        )
    else:
        assert code == 0 and record["problems"] == [] and payload["summary"]["warnings"] == 1
        [warning] = record["warnings"]
        assert (warning["severity"], warning["code"], warning["question"]) == ("warning", "warning", "Câu 2")


@pytest.mark.parametrize("options", [[], ["--strict"], ["--format", "json", "--strict"], ["-q"]], ids=str)
def test_the_fast_path_and_typer_agree_on_warnings(warned_file, capsys, monkeypatch, options):
    args = ["validate", "--schema", str(FORM), *options, str(warned_file)]
    assert entry.read_validate(args) is not None

    def outcome(main: Any) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exited:
            main(args)
        captured = capsys.readouterr()
        return int(exited.value.code or 0), captured.out, captured.err

    fast = outcome(entry.main)
    monkeypatch.setattr(entry, "_run_fast", lambda *_: pytest.fail("typer went through the fast path"))
    assert outcome(typer_main) == fast
    assert fast[0] == (1 if "--strict" in options else 0)


# --- the answers file ------------------------------------------------------------------------------------

ANSWERS = """\
province: Tỉnh A
agency: Sở A
answers:
  "1":
    co:
      nam: 2030
  "2": 40
  "5": {so_nguoi: 3}
confirmations:
  "2": {qua_nhieu: Tính cả cộng tác viên}
"""


def test_an_answers_file_confirms_warnings(tmp_path, capsys):
    source = tmp_path / "tra_loi.yaml"
    source.write_text(ANSWERS, encoding="utf-8")
    output = tmp_path / "tra_loi.json"
    code, out, err = run_phieu(["fill", "--schema", FORM, "--answers", source, "-o", output], capsys)
    assert (code, err) == (0, "")
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["confirmations"] == {"$.answers.q2": {"qua_nhieu": "Tính cả cộng tác viên"}}
    # The warning left unconfirmed is named at its line, and the response is written all the same.
    assert f"! {source}:6:12: Câu 1 (answers.1.co.nam): cảnh báo w1: Năm thành lập sau năm báo cáo" in out
    assert "1 cảnh báo chưa xác nhận" in out


def test_an_answers_file_with_wrong_confirmations_is_refused_at_their_lines(tmp_path, capsys):
    source = tmp_path / "tra_loi.yaml"
    text = ANSWERS.replace('"2": 40', '"2": 7') + '  q1.co.nam: {w1: "  ", w5: Sai}\n  "9": {w1: a}\n'
    source.write_text(text, encoding="utf-8")
    code, _, err = run_phieu(
        ["fill", "--schema", FORM, "--answers", source, "-o", tmp_path / "x.json"], capsys
    )
    assert code == 1 and not (tmp_path / "x.json").exists()
    assert f"{source}:10:20: Câu 2 (confirmations.2.qua_nhieu): cảnh báo này không bật" in err
    assert f"{source}:11:19: Câu 1 (confirmations.q1.co.nam.w1): lý do xác nhận không được để trống" in err
    assert f'{source}:11:29: Câu 1 (confirmations.q1.co.nam.w5): không có cảnh báo "w5"' in err
    assert f"{source}:12:3: (confirmations.9): không có cảnh báo nào ở “9”" in err


# --- phieu fill: the state machine -------------------------------------------------------------------------


def _to(iv: Interview, key: tuple[str, ...] | None) -> None:
    """Answer every step before *key* (None: every step) with QUIET's values; skip what QUIET leaves out."""
    while (step := iv.current) is not None and step.key != key:
        if step.key[0] == "@respondent":
            iv.answer("tinh_a" if step.key[1] == "province" else "Sở A")
        elif step.kind == "single":
            iv.answer(next(iter(QUIET[step.key[0]])))
        else:
            node: Any = QUIET
            for part in step.key:
                node = node.get(part) if isinstance(node, dict) else None
            iv.answer(node)


def test_a_fired_warning_asks_for_a_reason_right_after_its_question(small):
    iv = Interview(small.form)
    _to(iv, ("q2",))
    iv.answer(40)
    step = iv.current
    assert step is not None and step.kind == "confirm" and step.key == (CONFIRM, "$.answers.q2", "qua_nhieu")
    assert step.ref == "Câu 2 – Lý do giữ câu trả lời (qua_nhieu)"
    assert step.warning is not None and step.warning.message.startswith("Hơn 30 thành viên")
    assert [p.code for p in iv.problems()] == ["required", "warning"]  # q5 unanswered, the warning waits
    assert iv.parse(step, "   ") == (
        None,
        "Hãy ghi lý do câu trả lời vẫn đúng, hoặc Esc để quay lại sửa câu trả lời.",
    )
    value, message = iv.parse(step, unicodedata.normalize("NFD", "  Tính cả  cộng tác viên "))
    assert message is None
    iv.answer(value)
    assert iv.confirmations == {"$.answers.q2": {"qua_nhieu": "Tính cả cộng tác viên"}}
    assert iv.current is not None and iv.current.key == ("q3",)


def test_going_back_to_correct_the_answer_drops_the_question(small):
    iv = Interview(small.form)
    _to(iv, ("q2",))
    iv.answer(40)
    assert iv.current is not None and iv.current.kind == "confirm"
    assert iv.back() and iv.current is not None and iv.current.key == ("q2",)
    iv.answer(12)
    assert iv.current is not None and iv.current.key == ("q3",)
    assert all(s.kind != "confirm" for s in iv.steps)


def test_a_changed_answer_drops_its_reason_and_offers_it_again(small):
    iv = Interview(small.form)
    _to(iv, ("q2",))
    iv.answer(40)
    iv.answer("Tính cả cộng tác viên")
    iv.set(iv.step_for(("q2",)), 12)
    iv.prune()
    assert iv.confirmations == {}
    iv.set(iv.step_for(("q2",)), 50)
    iv.prune()
    step = iv.step_for((CONFIRM, "$.answers.q2", "qua_nhieu"))
    assert step is not None and not iv.answered(step)
    assert iv.default(step) == "Tính cả cộng tác viên"


def test_a_warning_on_an_earlier_answer_asks_again_when_that_answer_changes(small):
    iv = Interview(small.form)
    _to(iv, None)  # to the review
    iv.set(iv.step_for(("q2",)), 0)
    iv.prune()
    assert iv.step_for((CONFIRM, "$.answers.q2", "w2")) is not None  # q1 is "co"
    iv.set(iv.step_for(("q1",)), "khong")
    iv.prune()
    assert iv.step_for((CONFIRM, "$.answers.q2", "w2")) is None


def test_confirmation_keys_round_trip_through_their_json_path():
    key = (CONFIRM, "$.answers.q1.co.nam", "w1")
    assert path_of(key) == '$.confirmations["$.answers.q1.co.nam"].w1'
    assert key_of(path_of(key)) == key


# --- phieu fill: drafts and prompts ------------------------------------------------------------------------


def test_a_draft_keeps_the_reasons_and_a_stale_one_is_dropped_on_resume(small, tmp_path):
    from phieu_cli.interview.fill import load_for_interview

    data = response_dict(small, {**QUIET, "q2": 40}, province="tinh_a", agency="Sở A", status="draft")
    data["confirmations"] = {
        "$.answers.q2": {"qua_nhieu": "Tính cả cộng tác viên", "w2": "Không bật"},
        "$.answers.q9": {"w1": "Không có câu này"},
    }
    draft = write_json(tmp_path / "tra_loi.draft.json", data)
    response, _, problems, _ = load_for_interview(small, draft)
    assert response.confirmations == {"$.answers.q2": {"qua_nhieu": "Tính cả cộng tác viên"}}
    assert len(problems) == 2  # said to the person, as answers asked again are


def test_fill_shows_the_warning_and_esc_corrects_the_answer(terminal, small, tmp_path):
    from phieu_cli.interview.fill import FillOptions, run

    enter, esc, ctrl_u = "\r", "\x1b", "\x15"
    output = tmp_path / "tra_loi.json"
    script = [
        ("Tỉnh", "Tỉnh A" + enter),
        ("Cơ quan", "Sở A" + enter),
        ("Câu 1", enter),  # "Có"
        ("Câu 1 – Năm thành lập", "2030" + enter),
        ("Câu 1 – Lý do giữ câu trả lời (w1)", esc),  # back to correct it
        ("Câu 1 – Năm thành lập", ctrl_u + "2019" + enter),
        ("Câu 2", "40" + enter),
        ("Câu 2 – Lý do giữ câu trả lời (qua_nhieu)", "Tính cả cộng tác viên" + enter),
        ("Câu 3", enter),  # optional
        ("Câu 4", enter),  # optional
        ("Câu 5 – Số người", "3" + enter),
        ("review", enter),
    ]
    ui = terminal.ui(script)
    run(FillOptions(output=output, schema=FORM), ui=ui)
    assert ui.script == []
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["answers"]["q1"] == {"co": {"nam": 2019}}
    assert data["confirmations"] == {"$.answers.q2": {"qua_nhieu": "Tính cả cộng tác viên"}}
    words = terminal.words
    assert "⚠ Cảnh báo (w1): Năm thành lập sau năm báo cáo" in words
    assert "Esc: quay lại sửa câu trả lời" in words
    assert "Cảnh báo: 1 đã xác nhận lý do" in words  # the review says what was confirmed


# --- phieu summary -----------------------------------------------------------------------------------------


@pytest.fixture
def returns(form149, tmp_path) -> Path:
    """Three provinces: 3đ = 0 confirmed, 3đ = 0 not confirmed, nothing fired."""
    folder = tmp_path / "tra_loi"
    confirmed = response_dict(form149, {**DA_QUY_DINH, "q3dd": 0}, province="ha_noi")
    confirmed["confirmations"] = {"$.answers.q3dd": {"khong_can_bo": "Văn phòng kiêm nhiệm"}}
    write_json(folder / "ha_noi.json", confirmed)
    write_json(
        folder / "hue.json", response_dict(form149, {**CHUA_QUY_DINH, "q3dd": 0}, province="thua_thien_hue")
    )
    write_json(folder / "da_nang.json", response_dict(form149, DA_QUY_DINH))
    return folder


def test_summary_counts_warnings_per_question(returns, tmp_path, capsys):
    import openpyxl

    target = tmp_path / "tong_hop.xlsx"
    code, out, err = run_phieu(["summary", returns, "-o", target], capsys)
    assert (code, err) == (0, "")
    words = " ".join(out.split())
    assert "Cảnh báo (số tỉnh có câu trả lời bật cảnh báo" in words
    sheet = openpyxl.load_workbook(target)["Cảnh báo"]
    header = [c.value for c in sheet[1]]
    rows = {
        row[0] + " " + row[1]: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    q3dd = rows["Câu 3đ khong_can_bo"]
    assert (q3dd["Đã xác nhận"], q3dd["Chưa xác nhận"]) == (1, 1)
    assert q3dd["Tỉnh chưa xác nhận"] == "Tỉnh Thừa Thiên Huế"
    assert q3dd["Đường dẫn"] == "$.answers.q3dd"
    q3e = rows["Câu 3e khong_can_bo"]
    assert (q3e["Đã xác nhận"], q3e["Chưa xác nhận"]) == (0, 0)


def test_summary_text_report_lists_the_counts(returns, capsys):
    code, out, _ = run_phieu(["summary", returns, "--no-color"], capsys)
    assert code == 0
    line = next(line for line in out.splitlines() if "khong_can_bo" in line)
    assert line == (
        "Câu 3đ\tkhong_can_bo: Câu 2d đã ghi người chịu trách nhiệm nội dung, nhưng Ban biên tập không có "
        "cán bộ nào\t1\t1"
    )


# --- the JSON Schema export ------------------------------------------------------------------------------


def test_the_json_schema_knows_the_confirmations(small, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    from phieu_cli.responses.json_schema import response_schema

    schema = response_schema(small)
    data = response_dict(small, {**QUIET, "q2": 40}, province="tinh_a", agency="Sở A")
    data["confirmations"] = {"$.answers.q2": {"qua_nhieu": "Tính cả cộng tác viên"}}
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(data)) == []
    for wrong in (
        {"$.answers.q9": {"w1": "x"}},
        {"$.answers.q2": {"w7": "x"}},
        {"$.answers.q2": {"qua_nhieu": "  "}},
        {"$.answers.q2": {"qua_nhieu": "hai\ndòng"}},
    ):
        data["confirmations"] = wrong
        assert list(validator.iter_errors(data)), wrong
        assert check_response(small, copy.deepcopy(data)).problems, wrong


def test_docs_name_the_confirmations_field():
    text = (HERE.parent / "docs" / "response-format.md").read_text(encoding="utf-8")
    assert "`confirmations`" in text
    assert "phieu validate --strict" in text


@pytest.mark.parametrize(
    "answers",
    [
        QUIET,
        {"q1": {"co": {"nam": 2030}}, "q2": 40, "q3": "1999-12-31", "q5": {"so_nguoi": 21}},
        {"q1": {"khong": {}}, "q2": 0, "q4": "Ghi chú"},
        {"q1": {"co": {}}, "q2": 0, "q3": "ngày", "q5": {"so_nguoi": "hai"}},
    ],
    ids=["quiet", "every_kind", "condition", "wrong_values"],
)
def test_validation_and_fill_fire_the_same_warnings(small, answers):
    """check_response finds the warnings in its own walk of the answers: the same as fired_warnings."""
    confirmations = {"$.answers.q2": {"w2": "Mới thành lập"}}
    data = response_dict(small, answers, province="tinh_a", agency="Sở A", status="draft")
    data["confirmations"] = confirmations
    report = check_response(small, data)
    assert [(w.where, w.id, w.reason) for w in report.fired] == fired(small, answers, confirmations)


def test_a_reason_being_typed_survives_ctrl_c_and_resume_asks_for_it(terminal, small, tmp_path):
    from phieu_cli.common.errors import Interrupted
    from phieu_cli.interview.fill import FillOptions, draft_path_for, run

    enter, ctrl_c = "\r", "\x03"
    output = tmp_path / "tra_loi.json"
    script = [
        ("Tỉnh", "Tỉnh A" + enter),
        ("Cơ quan", "Sở A" + enter),
        ("Câu 1", enter),
        ("Câu 1 – Năm thành lập", "2015" + enter),
        ("Câu 2", "40" + enter),
        ("Câu 2 – Lý do giữ câu trả lời (qua_nhieu)", "Tính cả cộng" + ctrl_c),
    ]
    with pytest.raises(Interrupted) as stopped:
        run(FillOptions(output=output, schema=FORM), ui=terminal.ui(script))
    assert str(stopped.value).endswith("Câu 2 – Lý do giữ câu trả lời (qua_nhieu): Tính cả cộng")
    draft = json.loads(draft_path_for(output).read_text(encoding="utf-8"))
    assert draft["unconfirmed"] == {'$.confirmations["$.answers.q2"].qua_nhieu': "Tính cả cộng"}
    assert "confirmations" not in draft and draft["answers"]["q2"] == 40
    # Resumed: the reason's box comes first, pre-filled with what was typed.
    end = "\x1b[F"  # End: after the pre-filled text
    ui = terminal.ui(
        [("Câu 2 – Lý do giữ câu trả lời (qua_nhieu)", end + " tác viên" + enter), ("Câu 3", ctrl_c)]
    )
    with pytest.raises(Interrupted):
        run(FillOptions(output=output, schema=FORM), ui=ui)
    draft = json.loads(draft_path_for(output).read_text(encoding="utf-8"))
    assert draft["confirmations"] == {"$.answers.q2": {"qua_nhieu": "Tính cả cộng tác viên"}}
    assert "unconfirmed" not in draft


def test_the_review_marks_the_questions_with_warnings(form149):
    from phieu_cli.documents.layout import build
    from phieu_cli.interview.review import review_items, with_warnings

    answers = {**CHUA_QUY_DINH, "q3dd": 0, "q3e": 0}
    confirmations = {"$.answers.q3dd": {"khong_can_bo": "Văn phòng kiêm nhiệm"}}
    respondent = {"province": "ha_noi", "agency": "Sở A"}
    iv = Interview(form149.form, answers, respondent=respondent, confirmations=confirmations)
    doc = build(form149.form, iv.clean_answers(), respondent=respondent, status="draft")
    items = {item.number: item for item in with_warnings(review_items(doc, 80), iv.fired(), 80)}
    assert items["3đ"].short.startswith("⚠ ") and items["3e"].short.startswith("⚠ ")
    assert not items["3c"].short.startswith("⚠")

    def tail(number: str) -> str:  # the item's detail as one line (it is wrapped to the width)
        return " ".join(" ".join(items[number].full).split())

    assert tail("3đ").endswith(
        "⚠ Cảnh báo (khong_can_bo): Câu 2d đã ghi người chịu trách nhiệm nội dung, nhưng Ban biên tập không có cán bộ nào — đã xác nhận, lý do: Văn phòng kiêm nhiệm"
    )
    assert tail("3e").endswith("— CHƯA XÁC NHẬN")
    assert [p.where for p in iv.problems()] == ["$.answers.q3e"]  # fill asks before it saves
