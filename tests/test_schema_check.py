"""`phieu schema check` and the schema loader: each kind of problem, reported at the right line."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

from phieu_cli.form.check import FormInvalid, bundled_form_path, check_form_file, load_form

REPO = Path(__file__).resolve().parents[1]

BASE = textwrap.dedent(
    """\
    phieu_schema: 1
    form:
      id: mau
      version: "1"
      title: PHIẾU MẪU
      issuer: BỘ MẪU
      letter: {number: 1/BM, date: 2023-01-13}
    respondent:
      province: {label: Tỉnh, options_from: vn_provinces_2023}
      agency: {label: Cơ quan}
    sections:
      - id: s1
        title: Phần một
        questions:
          - number: "1"
            text: Có hay không?
            kind: single
            options:
              - {id: co, label: Có, followups: [{id: ly_do, label: Lý do}]}
              - {id: khong, label: Không}
              - {id: khac, label: Khác, other: true}
          - number: "2"
            text: Bao nhiêu?
            kind: integer
            min: 0
            max: 10
            when: {question: q1, is: co}
          - number: 3đ
            text: Chọn nhiều
            kind: multiple
            options:
              - {id: a, label: A}
              - {id: b, label: B}
    """
)


def check(tmp_path: Path, text: str) -> list[tuple[int | None, str]]:
    path = tmp_path / "form.yaml"
    path.write_text(text, encoding="utf-8")
    return [(p.line, p.message) for p in check_form_file(path)]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


def test_base_is_clean(tmp_path):
    assert check(tmp_path, BASE) == []


def test_bundled_form_is_clean_and_complete():
    loaded = load_form()
    assert check_form_file(bundled_form_path()) == []
    numbers = [q.number for q in loaded.form.questions]
    assert numbers == [
        "BC1",
        "BC2",
        "BC3",
        "BC4",
        "1",
        "2a",
        "2b",
        "2c",
        "2d",
        "3a",
        "3b",
        "3c",
        "3đ",
        "3e",
        "4",
        "5",
        "6a",
        "6b",
        "6b.1",
        "6b.2",
        "6c",
        "7.1",
        "7.2",
    ]
    assert loaded.form.by_number["3đ"].id == "q3dd"
    assert len(loaded.form.unit_options) == 63
    assert loaded.form.form.deadline.isoformat() == "2023-01-17"
    assert loaded.hash.startswith("sha256:")


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        ("  version:", "  versoin:", "versoin", "khóa không được hỗ trợ: 'versoin'"),
        (
            "min: 0\n",
            "min: 0\n        requred: false\n",
            "requred",
            "khóa không được hỗ trợ: 'requred'",
        ),
        ("{id: b, label: B}", "{id: a, label: B}", "{id: a, label: B}", "id lựa chọn 'a' bị trùng"),
        ('- number: "2"', '- number: "1"  # dup', "# dup", "số câu '1' bị trùng"),
        ("{question: q1, is: co}", "{question: q9, is: co}", "q9", "không có câu hỏi này"),
        ("{question: q1, is: co}", "{question: q3dd, is: a}", "q3dd", "Câu 3đ đứng sau"),
        ("{question: q1, is: co}", "{question: q1, is: maybe}", "maybe", "Câu 1 không có lựa chọn 'maybe'"),
        ("max: 10", "max: -1", "min: 0", "min (0) lớn hơn max (-1)"),
        ("kind: integer", "kind: integr", "integr", "giá trị 'integr' không hợp lệ"),
        (
            "{id: khong, label: Không}",
            "{id: khong, label: Không, other: true}",
            "{id: khac",
            "chỉ có một lựa chọn 'other'",
        ),
        ("- id: s1", "- id: S1", "S1", "id 'S1' không hợp lệ"),
        (
            "kind: multiple",
            "kind: multiple\n        max_choices: 5",
            "max_choices",
            "max_choices = 5 lớn hơn số lựa chọn (2)",
        ),
        (
            "options_from: vn_provinces_2023",
            "options_from: vn_2030",
            "vn_2030",
            "không có bộ lựa chọn 'vn_2030'",
        ),
        ("kind: integer", "kind: text", "min: 0", "'min' chỉ dùng cho loại integer hoặc date"),
        (
            "{id: khong, label: Không}",
            "{id: khong, label: Không, exclusive: true}",
            "exclusive",
            "'exclusive' chỉ có nghĩa ở câu hỏi loại multiple",
        ),
        (
            "{question: q1, is: co}",
            "{question: q1}",
            "{question: q1}",
            "cần 'is', 'answered' hoặc 'min'/'max'",
        ),
        (
            "{question: q1, is: co}",
            "{question: q1, is: co, all: []}",
            "all: []",
            "điều kiện cần đúng một trong",
        ),
        ("  title: PHIẾU MẪU\n", "", "form:", "thiếu khóa bắt buộc 'title'"),
        (
            "  letter: {number: 1/BM, date: 2023-01-13}\n",
            "  letter: {number: 1/BM, date: 2023-01-13}\n  reply: {to: Bộ Mẫu, copies: [Sở A;, '- Như trên;']}\n",
            "reply:",
            "'- Như trên;' đã luôn có trong Nơi nhận",
        ),
        (
            "  letter: {number: 1/BM, date: 2023-01-13}\n",
            "  letter: {number: 1/BM, date: 2023-01-13}\n  reply: {copies: [Sở A]}\n",
            "reply:",
            "thiếu khóa bắt buộc 'to'",
        ),
    ],
)
def test_each_problem_is_reported_at_its_line(tmp_path, old, new, needle, expected):
    assert old in BASE
    text = BASE.replace(old, new, 1)
    problems = check(tmp_path, text)
    assert any(expected in message and line == line_of(text, needle) for line, message in problems), problems


def test_shape_problems_inside_a_question_name_it(tmp_path):
    path = tmp_path / "form.yaml"
    path.write_text(BASE.replace("max: 10", "max: 10\n        requred: false"), encoding="utf-8")
    [problem] = check_form_file(path)
    assert problem.ref == "Câu 2"
    assert problem.render().startswith(
        f"{path}:{line_of(path.read_text(encoding='utf-8'), 'requred')}:9: Câu 2 ("
    )


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    text = BASE.replace("{id: b, label: B}", "{id: a, label: B}").replace("is: co}", "is: nope}")
    messages = [m for _, m in check(tmp_path, text)]
    assert len(messages) == 2


def test_follow_up_ids_must_be_unique_within_their_option(tmp_path):
    text = BASE.replace(
        "followups: [{id: ly_do, label: Lý do}]",
        "followups: [{id: ly_do, label: Lý do}, {id: ly_do, label: Lý do 2}]",
    )
    assert any("id ô trống 'ly_do' bị trùng" in m for _, m in check(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "tệp rỗng"),
        ("# only a comment\n", "tệp rỗng"),
        ("- a\n- b\n", "không phải một danh sách"),
        ("just text\n", "không phải một chuỗi"),
        ("phieu_schema: 1\nform: [\n", "lỗi cú pháp YAML"),
        ("a: 1\na: 2\n", "khóa 'a' bị lặp lại"),
        ("a: !!python/object/apply:os.system ['true']\n", "thẻ YAML không được hỗ trợ"),
    ],
)
def test_unusable_files(tmp_path, text, expected):
    problems = check(tmp_path, text)
    assert problems and expected in problems[0][1], problems


def test_yaml_syntax_error_has_line_and_column(tmp_path):
    text = BASE.replace("agency: {label: Cơ quan}", "agency: {label: Cơ quan")
    [(line, message)] = check(tmp_path, text)
    assert "lỗi cú pháp YAML" in message
    assert line is not None and line >= line_of(text, "agency:")


def test_alias_bomb_is_stopped(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    problems = check(tmp_path, "\n".join(lines) + "\n")
    assert any("alias" in m for _, m in problems)


def test_binary_file_is_not_text(tmp_path):
    path = tmp_path / "form.yaml"
    path.write_bytes(b"\x00\x01\xff")
    assert "UTF-8" in check_form_file(path)[0].message


def test_text_from_yaml_is_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", BASE)
    assert nfd != BASE
    path = tmp_path / "form.yaml"
    path.write_text(nfd, encoding="utf-8")
    loaded = load_form(path)
    assert loaded.form.form.title == "PHIẾU MẪU"
    assert loaded.form.by_number["3đ"].id == "q3dd"
    # The hash is of the content, so NFD and NFC spellings of one form are one form.
    base = tmp_path / "base.yaml"
    base.write_text(BASE, encoding="utf-8")
    assert load_form(base).hash == loaded.hash


def test_hash_ignores_formatting_and_line_endings(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(BASE, encoding="utf-8")
    b.write_bytes(("# a comment\n" + BASE).replace("\n", "\r\n").encode("utf-8-sig"))
    assert load_form(a).hash == load_form(b).hash
    c = tmp_path / "c.yaml"
    c.write_text(BASE.replace("Bao nhiêu?", "Bao nhiêu người?"), encoding="utf-8")
    assert load_form(c).hash != load_form(a).hash


def test_load_form_raises_with_every_problem(tmp_path):
    path = tmp_path / "form.yaml"
    path.write_text(BASE.replace("{id: b, label: B}", "{id: a, label: B}"), encoding="utf-8")
    with pytest.raises(FormInvalid) as info:
        load_form(path)
    assert [p.ref for p in info.value.problems] == ["Câu 3đ"]


def test_installed_package_carries_the_form():
    """`pip install .` puts schema/phieu_149.yaml inside the package; in a source checkout it is read in place."""
    import phieu_cli

    package_dir = Path(phieu_cli.__file__).resolve().parent
    path = bundled_form_path()
    assert path.read_bytes() == (REPO / "schema" / "phieu_149.yaml").read_bytes()
    if not package_dir.is_relative_to(REPO / "src"):
        assert path == package_dir / "form" / "bundled" / "phieu_149.yaml"


def run_phieu(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "phieu_cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
    )


def test_cli_clean_bundled_form_from_another_folder(tmp_path):
    result = run_phieu("schema", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "hợp lệ" in result.stdout


def test_cli_lists_problems_with_exit_1(tmp_path):
    path = tmp_path / "form.yaml"
    text = BASE.replace("{id: b, label: B}", "{id: a, label: B}").replace("is: co}", "is: nope}")
    path.write_text(text, encoding="utf-8")
    result = run_phieu("schema", "check", str(path))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert len(lines) == 2
    assert f"{path}:{line_of(text, 'nope')}:" in result.stdout
    assert "Traceback" not in result.stderr


def test_cli_json_format(tmp_path):
    import json

    path = tmp_path / "form.yaml"
    path.write_text(BASE.replace("is: co}", "is: nope}"), encoding="utf-8")
    result = run_phieu("schema", "check", "--format", "json", str(path))
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["ok"] is False
    assert payload["problems"][0]["question"] == "Câu 2"
    assert payload["problems"][0]["line"] == line_of(BASE, "is: co}")


def test_cli_unreadable_file_is_a_usage_error(tmp_path):
    result = run_phieu("schema", "check", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert "Không tìm thấy tệp" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_phieu("schema", "check", str(tmp_path))
    assert result.returncode == 2
    assert "thư mục" in result.stderr


def test_cli_help_does_not_import_questionary():
    code = (
        "import sys; from phieu_cli.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('questionary' in sys.modules, 'prompt_toolkit' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "False False"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nonsense"], "Lỗi: không có lệnh 'nonsense'."),
        (["valdate", "x.json"], "Lỗi: không có lệnh 'valdate' (có phải: 'validate'?)."),
        (["validate", "--bogus", "x"], "Lỗi: không có tùy chọn --bogus."),
        (["show"], "Lỗi: thiếu tham số 'FILE'."),
        (["show", "a.json", "b.json"], "Lỗi: thừa tham số: b.json."),
        (["show", "--width", "abc", "a.json"], "Lỗi: giá trị của '--width' phải là số nguyên."),
        (["validate", "--schema"], "Lỗi: tùy chọn '--schema' cần một giá trị."),
    ],
)
def test_usage_errors_are_in_vietnamese_with_exit_2(args, expected):
    result = run_phieu(*args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Error:" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "examples/da_nang_da_quy_dinh.json"],
        ["show", "examples/da_nang_da_quy_dinh.json"],
        ["export", "examples/da_nang_da_quy_dinh.json", "-o", "-", "--to", "md"],
        ["summary", "examples/da_nang_da_quy_dinh.json"],
        ["fill", "--answers", "examples/answers/ha_noi.yaml", "-o", "out.json"],
        ["schema", "json-schema"],
    ],
)
def test_a_broken_schema_is_a_usage_error_for_every_command(tmp_path, command):
    bad = tmp_path / "form.yaml"
    bad.write_text(BASE.replace("is: co}", "is: nope}"), encoding="utf-8")
    args = [str(REPO / a) if a.startswith("examples/") else a for a in command]
    args = [*args, str(bad)] if command == ["schema", "json-schema"] else [*args, "--schema", str(bad)]
    result = run_phieu(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "phieu schema check" in result.stderr
    assert f"{bad}:{line_of(BASE, 'is: co}')}:" in result.stderr
    assert not (tmp_path / "out.json").exists()
