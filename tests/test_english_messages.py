"""`--lang en` (issue 13 §3) beyond the labels: what phieu says about a broken file, a broken form, a file it
cannot read and a wrong command line is English under fill, show and export, and names the form's options,
blanks and respondent fields by their English labels, kept by the compiled (cached) form. validate, summary
and schema check stay Vietnamese."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from phieu_cli.cli import language_asked
from phieu_cli.common.messages import set_language
from phieu_cli.form.cache import load_for_checking
from phieu_cli.form.plain import from_data, plain_form, to_data
from phieu_cli.interview.fill import FillOptions, run
from phieu_cli.responses.validation import check_file
from test_english import DATA, cli, vietnamese_left

ROOT = Path(__file__).resolve().parents[1]
INVALID = sorted((ROOT / "examples" / "invalid").glob("*.json"))
RESPONSE = ROOT / "examples" / "da_nang_da_quy_dinh.json"


def problems_shown(out: str, err: str) -> str:
    """What `phieu show` says about a file's problems: the end of its page, and stderr."""
    marker = "The file is not valid"
    return (out[out.index(marker) :] if marker in out else "") + err


def data_of(path: Path) -> list[str]:
    """The file's own strings and keys (quoted back in messages: "no option “so_tt”"), and its path."""
    found = [str(path), path.name]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return found

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                found.append(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return found


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_show_in_english_says_what_is_wrong_with_a_file_in_english(capsys, path):
    code, out, err = cli(capsys, "show", str(path), "--lang", "en", "--width", "200")
    assert code == 1
    said = problems_shown(out, err)
    assert said.strip()
    assert vietnamese_left(said, [*DATA, *data_of(path)]) == [], said
    assert "[vi]" not in said  # every label these files are about has its English


def test_messages_name_respondent_fields_options_and_blanks_in_english(capsys):
    code, out, _ = cli(
        capsys,
        "show",
        str(ROOT / "examples/invalid/complete_missing_answers.json"),
        "--lang",
        "en",
        "--width",
        "200",
    )
    assert code == 1
    assert "($.respondent.province): no province or centrally-run city chosen" in out
    assert "“Unit in charge of the content” not filled in" in out
    code, out, _ = cli(
        capsys,
        "show",
        str(ROOT / "examples/invalid/blank_without_its_option.json"),
        "--lang",
        "en",
        "--width",
        "200",
    )
    assert "“ten_goi” is a blank of the option “A public service unit under the Department" in " ".join(
        out.split()
    )
    code, out, _ = cli(capsys, "show", str(ROOT / "examples/invalid/unknown_ids.json"), "--lang", "en")
    assert '($.answers.q8): the form has no question with the id "q8"' in " ".join(out.split())


def test_validate_stays_vietnamese(capsys):
    code, out, _ = cli(capsys, "validate", str(ROOT / "examples/invalid/complete_missing_answers.json"))
    assert code == 1 and "chưa chọn tỉnh, thành phố trực thuộc Trung ương" in out


def test_the_compiled_form_keeps_the_english_labels(form149, tmp_path, monkeypatch):
    plain = plain_form(form149.form)
    again = from_data(json.loads(json.dumps(to_data(plain), ensure_ascii=False)))
    assert again.respondent["province"].label_en == "Province or centrally-run city"
    assert again.unit_noun_en == plain.unit_noun_en == "province"
    q3a = again.by_id["q3a"]
    assert [o.label_en for o in q3a.options or []] == [
        o.label_en for o in form149.form.by_id["q3a"].options or []
    ]
    assert any(o.label_en for o in q3a.options or [])
    q3b = again.by_id["q3b"]
    blanks = [b for o in q3b.options or [] for b in o.followups]
    assert [b.label_en for b in blanks] == [
        b.label_en for o in form149.form.by_id["q3b"].options or [] for b in o.followups
    ]
    # Read back from the cache (as `phieu validate` and every check do): the same English.
    monkeypatch.setenv("PHIEU_CACHE_DIR", str(tmp_path / "cache"))
    load_for_checking(None)  # writes the entry
    cached = load_for_checking(None, load=lambda: pytest.fail("the cache entry was not used"))
    set_language("en")
    report = check_file(cached, ROOT / "examples/invalid/complete_missing_answers.json")
    messages = [p.message for p in report.problems]
    assert "no province or centrally-run city chosen" in messages
    assert "“Unit in charge of the content” not filled in" in messages


TINY_FORM = """\
phieu_schema: 1
form: {id: tiny, version: "1", title: Phiếu, title_en: Form, issuer: Bộ, issuer_en: Ministry}
respondent:
  unit:
    label: Đơn vị
    label_en: Unit
    options: [{id: a, label: Đơn vị A, label_en: Unit A}]
    noun: đơn vị trực thuộc
    noun_en: member unit
sections:
  - id: s
    title: Chung
    title_en: General
    questions:
      - number: "1"
        text: Số cán bộ
        text_en: Staff
        kind: integer
        max: 10
        messages:
          required: Cần ghi số cán bộ
          required_en: The number of staff is needed
          invalid: Số cán bộ không hợp lệ
          invalid_en: Not a valid number of staff
"""


def test_the_forms_own_messages_and_unit_noun_in_english_from_the_cached_form(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PHIEU_CACHE_DIR", str(tmp_path / "cache"))
    schema = tmp_path / "tiny.yaml"
    schema.write_text(TINY_FORM, encoding="utf-8")
    answers = tmp_path / "a.yaml"
    answers.write_text('unit: a\nanswers:\n  "1": 5\n', encoding="utf-8")
    response = tmp_path / "r.json"
    code, _out, err = cli(
        capsys, "fill", "--answers", str(answers), "-o", str(response), "--schema", str(schema)
    )
    assert code == 0, err
    data = json.loads(response.read_text(encoding="utf-8"))
    load_for_checking(str(schema))  # the compiled form, cached
    cached = load_for_checking(str(schema), load=lambda: pytest.fail("the cache entry was not used"))
    set_language("en")
    broken = tmp_path / "broken.json"
    data["respondent"]["unit"] = "zz"
    data["answers"]["q1"] = 20
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    said = [p.message for p in check_file(cached, broken).problems]
    assert said == ['no member unit with the id "zz" in the form\'s list', "Not a valid number of staff"]
    data["respondent"]["unit"] = None
    del data["answers"]["q1"]
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    said = [p.message for p in check_file(cached, broken).problems]
    assert said == ["no unit chosen", "The number of staff is needed"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "the file is empty"),
        ("[1]", "must be a JSON object {...}, not a list"),
        ('{"a": 1,}', "JSON syntax error: a key's name must be in double quotes"),
        ('{"a": 1, "a": 2}', 'the key "a" appears twice in one object'),
        ('{"a": NaN}', "the value NaN is not a valid JSON number"),
        ('{"a": "', "the file stops in the middle: a string whose double quote is not closed"),
        ("{}", 'not a response file (needs "format": "phieu-response"; the file has no such field)'),
        ('{"format": 3}', 'not a response file (needs "format": "phieu-response"; the file says 3)'),
    ],
)
def test_a_file_that_cannot_be_read_is_said_in_english(capsys, tmp_path, text, said):
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = cli(capsys, "show", str(path), "--lang", "en")
    assert code == 1 and said in out + err
    assert vietnamese_left(out + err, [str(tmp_path)]) == []


def test_the_envelope_of_a_hand_edited_file_is_said_in_english(capsys, tmp_path):
    data = json.loads(RESPONSE.read_text(encoding="utf-8"))
    data["status"] = "done"
    data["extra"] = 1
    data["created_at"] = "2023-01-16T09:30:00"
    del data["updated_at"]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = cli(capsys, "export", str(path), "--lang", "en", "-o", str(tmp_path / "r.md"))
    assert code == 1
    said = out + err
    assert "($.updated_at): a required field is missing" in said
    assert "($.extra): a field phieu does not know" in said
    assert "($.status): not a valid value; 'draft' or 'complete' needed" in said
    assert "($.created_at): a time is written like 2023-01-16T09:30:00+07:00" in said
    assert vietnamese_left(said, [str(tmp_path)]) == []
    code, out, err = cli(capsys, "validate", str(path))  # validate stays Vietnamese
    assert "($.extra): trường không được hỗ trợ" in out and "thiếu trường bắt buộc" in out


def test_resuming_a_hand_edited_draft_in_english_says_what_is_dropped_in_english(terminal, tmp_path):
    data = json.loads(RESPONSE.read_text(encoding="utf-8"))
    data["status"] = "draft"
    del data["completed_at"]
    data["answers"]["q8"] = "?"
    data["answers"]["q2b"] = {"so_tt": {}}
    draft = tmp_path / "r.draft.json"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    set_language("en")
    script = [("Question 2b", "\x03")]
    from phieu_cli.common.errors import Interrupted

    with pytest.raises(Interrupted):
        run(FillOptions(resume=draft), ui=terminal.ui(script))
    words = terminal.words
    assert 'the form has no question with the id "q8"' in words
    assert 'there is no option "so_tt" (known: van_phong, so_tttt, khac)' in words


def test_a_form_that_cannot_be_loaded_is_said_in_english(capsys, tmp_path):
    schema = tmp_path / "form.yaml"
    schema.write_text("phieu_schema: 1\nform: [1\n", encoding="utf-8")
    code, _out, err = cli(capsys, "show", str(RESPONSE), "--schema", str(schema), "--lang", "en")
    assert code == 2
    assert f"Error: The form cannot be read: {schema} (see them all with: phieu schema check {schema})" in err
    assert "YAML syntax error" in err
    schema.write_text("phieu_schema: 1\nform: {id: X, version: 1}\nrespondent: []\n", encoding="utf-8")
    code, _out, err = cli(capsys, "export", str(RESPONSE), "--schema", str(schema), "--lang", "en")
    assert code == 2
    assert f"The form has 5 error(s): {schema}" in err
    assert "the required key 'title' is missing" in err and "must be a mapping" in err
    assert "the required key 'sections' is missing" in err
    assert "the id 'X' is not valid: only lowercase ASCII letters" in err
    assert vietnamese_left(err, [str(tmp_path)]) == [], err
    code, _out, err = cli(capsys, "export", str(RESPONSE), "--schema", str(schema))
    assert f"Mẫu phiếu có 5 lỗi: {schema}" in err and "thiếu khóa bắt buộc 'title'" in err


def test_a_file_that_is_not_there_is_said_in_english(capsys, tmp_path):
    code, _out, err = cli(capsys, "show", str(tmp_path / "nope.json"), "--lang", "en")
    assert code == 2 and f"Error: File not found: {tmp_path / 'nope.json'}" in err
    code, _out, err = cli(capsys, "show", str(tmp_path), "--lang", "en")
    assert code == 2 and f"Error: This is a folder, not a file: {tmp_path}" in err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["show", "--lang", "en", "--bogus"], ["Error: no option --bogus.", "See: phieu show --help"]),
        (
            ["fill", "--lang=en", "--width"],
            ["Error: no option --width (did you mean --edit?).", "See: phieu fill"],
        ),
        (["export", "x.json", "--lang", "en", "--to"], ["Error: option '--to' needs a value."]),
        (["show", "--lang", "en", "a.json", "b.json"], ["Error: unexpected extra argument: b.json."]),
        (["show", "--lang", "en", "--width", "5", "a.json"], ["Error: invalid value for '--width'"]),
    ],
)
def test_usage_errors_of_fill_show_export_are_english_under_lang_en(capsys, args, said):
    code, out, err = cli(capsys, *args)
    assert code == 2 and not out
    for line in said:
        assert line in err
    assert vietnamese_left(err) == [], err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["show", "--bogus"], "Lỗi: không có tùy chọn --bogus."),
        (["show", "--lang", "en", "--lang", "vi", "--bogus"], "Lỗi: không có tùy chọn --bogus."),
        (["validate", "--lang", "en"], "Lỗi: không có tùy chọn --lang."),
        (["summary", "--bogus", "--lang", "en"], "Lỗi: không có tùy chọn --bogus."),
    ],
)
def test_usage_errors_stay_vietnamese_otherwise(capsys, args, said):
    code, _out, err = cli(capsys, *args)
    assert code == 2 and said in err


def test_the_language_is_read_from_the_command_line_before_click():
    assert language_asked(["fill", "--lang", "en"]) == "en"
    assert language_asked(["export", "r.json", "--lang=en"]) == "en"
    assert language_asked(["show", "--lang", "en", "--lang", "vi"]) == "vi"  # the last one counts
    assert language_asked(["show", "--", "--lang", "en"]) == "vi"  # after "--": a file's name
    assert language_asked(["show", "--lang"]) == "vi"
    assert language_asked(["validate", "--lang", "en"]) == "vi"
    assert language_asked(["schema", "check", "--lang", "en"]) == "vi"
    assert language_asked([]) == "vi"


BROKEN_FORM = """\
phieu_schema: 1
form: {id: broken, version: "1", title: Phiếu, issuer: Bộ}
respondent:
  unit: {label: Đơn vị, options_file: units.csv}
sections:
  - id: s
    title: Chung
    questions:
      - {number: "1", text: Một, kind: integer, min: 5, max: 1, when: {question: q2, answered: true}}
      - {number: "2", text: Hai, kind: single, options: [{id: a, label: A}, {id: a, label: B}], max_choices: 2}
      - {id: q3, number: "2", text: Ba, kind: text}
"""


def test_the_meaning_checks_of_a_form_are_english_under_lang_en(capsys, tmp_path):
    schema = tmp_path / "form.yaml"
    schema.write_text(BROKEN_FORM, encoding="utf-8")
    (tmp_path / "units.csv").write_text("ma,ten\na,A\n", encoding="utf-8")
    code, _out, err = cli(capsys, "show", str(RESPONSE), "--schema", str(schema), "--lang", "en")
    assert code == 2
    flat = " ".join(err.split())
    for said in [
        "the header line must be id,label or id,label,label_en (the file says: ma,ten)",
        "min (5) is more than max (1)",
        "the condition refers to 'q2': Question 2 comes later, it is not asked yet",
        "the question number '2' is repeated",
        "the option id 'a' is repeated",
        "'max_choices' is only for questions of kind multiple",
    ]:
        assert said in flat, err
    assert vietnamese_left(err, [str(tmp_path)]) == [], err
    code, out, _ = cli(capsys, "schema", "check", str(schema))  # schema check stays Vietnamese
    assert code == 1 and "số câu '2' bị trùng" in out and "min (5) lớn hơn max (1)" in out
