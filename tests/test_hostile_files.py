"""Hostile files through every command: seeded mutations of the examples (tests/hostile.py), so each run sees
the same files and a failure can be replayed. The properties, for every mutated file and every command:

- no traceback, and an exit code in {0, 1, 2};
- nothing printed holds a character a text may not (no escape sequence, no lone surrogate: the streams are
  strict UTF-8, as a terminal is);
- a file `validate` calls valid holds no such character anywhere (the reader decided, once).

The YAML crashes of issue 10 and the text cases of examples/invalid are also run through the real command line.
`python tests/hostile.py N` runs a longer campaign with the same mutator.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from hostile import (
    EXAMPLES,
    HOSTILE_TEXT,
    SCHEMA,
    call_strict,
    dump_json,
    mutate_data,
    mutated_responses,
    mutated_yaml,
    response_commands,
    run_strict,
)
from phieu_cli.common.text import text_fault

# How many mutated files each test puts through (the whole module stays within a few seconds).
RESPONSES = 160
SCHEMAS = 40
ANSWERS_FILES = 80


# Words of pydantic, Python, json and libyaml messages: a person reads phieu's Vietnamese only.
ENGLISH = [
    "Input should",
    "Exceeds the limit",
    "Value error",
    "Expecting",
    "Invalid ",
    "Unterminated",
    "while parsing",
    "while scanning",
    "found character",
    "could not find",
    "did not find",
    "mapping values",
    "No such file",
    "No space left",
    "Permission denied",
]


def _walk_text(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in [k, *_walk_text(v)]]
    if isinstance(value, list):
        return [t for v in value for t in _walk_text(v)]
    return []


def _assert_clean(name: str, outcome: Any, sample: Any) -> None:
    assert outcome.crash is None, f"{name} crashed on {sample!r:.300}:\n{outcome.crash}"
    assert outcome.code in (0, 1, 2), f"{name} exited {outcome.code} on {sample!r:.300}"
    for stream in (outcome.out, outcome.err):
        assert text_fault(stream.replace("\r", "")) is None, f"{name} printed {stream!r:.400}"
        leaked = [w for w in ENGLISH if w in stream]
        assert not leaked, f"{name} printed a library's English {leaked}: {stream!r:.600}"


@pytest.fixture(scope="module")
def cached_form(form149: Any) -> Any:
    """Every command loads the bundled form once here, not once per file."""
    from phieu_cli.documents import export, show
    from phieu_cli.form import check

    patch = pytest.MonkeyPatch()
    for module in (check, show, export):  # validate has its own cache of the compiled form
        patch.setattr(module, "load_form_for_use", lambda schema=None: form149)
    yield form149
    patch.undo()


@pytest.fixture(scope="module")
def mutated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("mutated")
    paths = []
    for index, raw in enumerate(mutated_responses(seed=2026, count=RESPONSES)):
        path = folder / f"r{index:03}.json"
        path.write_bytes(raw)
        paths.append(path)
    return paths


def test_validate_over_mutated_files(cached_form, mutated):
    for fmt in ("text", "json"):
        outcome = run_strict(["validate", "--format", fmt, str(mutated[0].parent)])
        _assert_clean(f"validate --format {fmt}", outcome, "the folder")
    report = json.loads(run_strict(["validate", "--format", "json", str(mutated[0].parent)]).out)
    valid = [Path(r["file"]) for r in report["files"] if r["ok"]]
    invalid = [r for r in report["files"] if not r["ok"]]
    assert valid and invalid  # the mutator makes both, or this test would prove little
    for path in valid:  # the reader let none of them through
        data = json.loads(path.read_bytes())
        assert all(text_fault(t) is None for t in _walk_text(data)), path


def test_summary_over_mutated_files(cached_form, mutated, tmp_path):
    folder = str(mutated[0].parent)
    for argv in (
        ["summary", folder],
        ["summary", folder, "-o", str(tmp_path / "s.xlsx")],
        ["summary", folder, "-o", str(tmp_path / "s.csv"), "--view", "files"],
        ["summary", folder, "-o", str(tmp_path / "a.csv")],
    ):
        _assert_clean(" ".join(argv[:1] + argv[2:]), run_strict(argv), folder)
    assert (tmp_path / "s.xlsx").stat().st_size > 0


@pytest.mark.parametrize("fmt", ["show", "md", "html", "docx"])
def test_show_and_export_each_mutated_file(cached_form, mutated, tmp_path, fmt):
    from phieu_cli.documents.export import export_response
    from phieu_cli.documents.show import run_show

    exported = 0
    # show lays out the whole form for every file (slower than the rest): every other file is enough.
    for path in mutated[::2] if fmt == "show" else mutated:
        if fmt == "show":
            outcome = call_strict(lambda: run_show(None, path, no_color=True))  # noqa: B023
        else:
            target = tmp_path / f"r.{fmt}"
            outcome = call_strict(
                lambda: export_response(path, output=target, force=True)  # noqa: B023
            )
            exported += outcome.code == 0
        _assert_clean(fmt, outcome, path.read_bytes())
    if fmt != "show":
        assert exported > 0


def test_schema_check_on_mutated_schemas(tmp_path):
    from phieu_cli.form.check import check_form_file
    from phieu_cli.terminal.report import print_problems

    path = tmp_path / "form.yaml"
    found = 0
    for text in mutated_yaml(seed=2026, count=SCHEMAS, base=SCHEMA.read_text(encoding="utf-8")):
        path.write_text(text, encoding="utf-8", errors="surrogatepass")

        def check() -> int:
            problems = check_form_file(path)
            print_problems(problems, "text")
            return 1 if problems else 0

        outcome = call_strict(check)
        _assert_clean("schema check", outcome, text)
        found += outcome.code == 1
    assert found > SCHEMAS // 2


def test_fill_answers_on_mutated_answers_files(form149, tmp_path):
    from phieu_cli.interview.answersfile import write_from_answers_file

    path, output = tmp_path / "answers.yaml", tmp_path / "out.json"
    base = (EXAMPLES / "answers" / "da_nang.yaml").read_text(encoding="utf-8")
    codes = []
    for text in mutated_yaml(seed=2026, count=ANSWERS_FILES, base=base):
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        outcome = call_strict(lambda: write_from_answers_file(form149, path, output, force=True))
        _assert_clean("fill --answers", outcome, text)
        codes.append(outcome.code)
        if outcome.code == 0:
            data = json.loads(output.read_text(encoding="utf-8"))
            assert all(text_fault(t) is None for t in _walk_text(data))
    assert 0 in codes and 1 in codes


def test_the_mutator_is_seeded():
    assert list(mutated_responses(seed=5, count=3)) == list(mutated_responses(seed=5, count=3))
    rng = random.Random(1)
    assert rng.random() == random.Random(1).random()


# --- the cases of issue 10, through the real command line ------------------------------------------------

TEXT_CASES = ["lone_surrogate", "control_characters", "terminal_escape_in_a_key", "huge_number"]


@pytest.mark.parametrize("case", TEXT_CASES)
def test_hostile_examples_through_every_command(case, tmp_path):
    path = EXAMPLES / "invalid" / f"{case}.json"
    for name, argv in response_commands(path, tmp_path).items():
        outcome = run_strict(argv)
        _assert_clean(name, outcome, case)
        if name.startswith(("validate", "show", "export")):
            assert outcome.code == 1, (name, outcome.out, outcome.err)
    assert not (tmp_path / "r.docx").exists()  # an invalid reply is never exported


def test_show_prints_escape_sequences_inert(tmp_path):
    source = json.loads((EXAMPLES / "da_nang_da_quy_dinh.json").read_text(encoding="utf-8"))
    source["answers"]["q5"] = "\x1b[2J\x1b]0;pwned\x07Văn bản"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    outcome = run_strict(["show", str(path)])
    assert outcome.code == 1 and "\x1b" not in outcome.out
    assert "\\x1b[2J\\x1b]0;pwned\\x07Văn bản" in outcome.out
    words = " ".join(outcome.out.split())  # the problem line is wrapped to the width
    assert "Câu 5 ($.answers.q5): chứa ký tự điều khiển U+001B (ESC) ở vị trí 1" in words


YAML_CRASHES = [
    ("deadline: 2023-02-30", "'2023-02-30' không phải là ngày hoặc thời điểm có thật"),
    ("x: !!int abc", "'abc' không phải là số nguyên hợp lệ"),
    ("x: !!float abc", "'abc' không phải là số hợp lệ"),
    ("x: " + "1" * 5000, "số quá dài (5,000 ký tự)"),
    ("x: {<<: 1}", "khóa gộp << chỉ ghép được một đối tượng"),
    ("x: &r [*r]", "alias trỏ vào chính giá trị chứa nó"),
    ("x: " + "[" * 300 + "]" * 300, "lồng quá sâu (tối đa 64 cấp)"),
    ('x: "abc\\x01def"', "chứa ký tự điều khiển U+0001"),
    ('x: "\\ud800"', "lỗi cú pháp YAML: mã thoát \\u… không phải một ký tự có thật"),
]


@pytest.mark.parametrize(("line", "message"), YAML_CRASHES, ids=[m[:24] for _, m in YAML_CRASHES])
def test_yaml_that_crashed_the_loader_is_a_problem_with_its_place(tmp_path, line, message):
    schema = SCHEMA.read_text(encoding="utf-8")
    path = tmp_path / "form.yaml"
    path.write_text(schema + line + "\n", encoding="utf-8")
    where = f"{path}:{schema.count(chr(10)) + 1}:"
    outcome = run_strict(["schema", "check", str(path)])
    _assert_clean("schema check", outcome, line)
    assert outcome.code == 1
    assert where in outcome.out and message in outcome.out, outcome.out

    answers = tmp_path / "answers.yaml"
    nested = line.replace("x: ", "answers:\n  BC1: ", 1) if not line.startswith("deadline") else line
    answers.write_text("province: da nang\n" + nested + "\n", encoding="utf-8")
    outcome = run_strict(["fill", "--answers", str(answers), "-o", str(tmp_path / "r.json")])
    _assert_clean("fill --answers", outcome, nested)
    assert outcome.code in (1, 2) and f"{answers}:" in outcome.err, outcome.err


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names may hold any byte")
def test_file_names_with_escapes_and_undecodable_bytes(tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    good = (EXAMPLES / "da_nang_da_quy_dinh.json").read_bytes()
    bad = (EXAMPLES / "invalid" / "wrong_types.json").read_bytes()
    (folder / os.fsdecode(b"a\x1b[31m\xff.json")).write_bytes(good)  # ESC, and a byte that is not UTF-8
    (folder / os.fsdecode(b"b\xfe\x07.json")).write_bytes(bad)
    for argv in (
        ["validate", str(folder)],
        ["validate", "--format", "json", str(folder)],
        ["summary", str(folder)],
        ["summary", str(folder), "-o", str(tmp_path / "s.xlsx")],
        ["summary", str(folder), "-o", str(tmp_path / "s.csv"), "--view", "files"],
    ):
        outcome = run_strict(argv)
        _assert_clean(" ".join(argv[:2]), outcome, argv)
        assert "\x1b" not in outcome.out + outcome.err
    assert "a\\x1b[31m\\udcff.json" in run_strict(["validate", str(folder)]).out
    named = run_strict(["summary", str(folder), "-o", str(tmp_path / "t\x1b[2J.csv")])
    _assert_clean("summary -o", named, "an output name with ESC")
    assert "t\\x1b[2J.csv" in named.out


def test_what_a_person_pastes_is_held_to_the_same_rule(form149):
    from phieu_cli.interview.machine import Interview

    iv = Interview(form149.form)
    long_text, name = iv.step_for(("qbc1",)), iv.step_for(("q7_1", "name"))
    value, message = iv.parse(long_text, "Cổng\x1b[31m TTĐT")
    assert (
        value is None and message == "chứa ký tự điều khiển U+001B (ESC) ở vị trí 5: xóa ký tự đó rồi gõ lại"
    )
    assert iv.parse(name, "Trần\x0bThị")[0] is None  # a vertical tab in a person's name
    assert iv.parse(long_text, "dòng 1\r\ndòng 2\rdòng 3\tcột") == ("dòng 1\ndòng 2\ndòng 3\tcột", None)


# --- the XLSForm channel: platform exports and workbooks are files from outside too ---------------------------

XLSFORM_DATA = Path(__file__).resolve().parent / "data" / "xlsform"
SUBMISSIONS = 40
WORKBOOKS = 20


def _mutated_csv(rng: random.Random, text: str) -> bytes:
    rows = [line.split(";") for line in text.split("\n")]
    for _ in range(rng.randint(1, 4)):
        row = rows[rng.randrange(len(rows))]
        if row:
            row[rng.randrange(len(row))] = rng.choice([*HOSTILE_TEXT, '"', ";;", "1e999", "-5", "x y z"])
    data = "\n".join(";".join(row) for row in rows).encode("utf-8", "surrogatepass")
    if rng.random() < 0.2:  # a few broken bytes
        raw = bytearray(data)
        for _ in range(3):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        data = bytes(raw)
    return data


def test_import_over_mutated_submissions(cached_form, tmp_path):
    """Mutated KoBo CSV and JSON exports through `phieu import` (this found a lone surrogate in a JSON key
    echoed raw in the "cột không thuộc mẫu phiếu" note)."""
    rng = random.Random(2026)
    csv_text = (XLSFORM_DATA / "kobo_149.csv").read_text(encoding="utf-8-sig")
    kobo = json.loads((XLSFORM_DATA / "kobo_149.json").read_text(encoding="utf-8"))
    for index in range(SUBMISSIONS):
        source = tmp_path / f"s{index}.csv"
        source.write_bytes(_mutated_csv(rng, csv_text))
        outcome = run_strict(["import", str(source), "-o", str(tmp_path / f"c{index}")])
        _assert_clean("import (CSV)", outcome, source.read_bytes())
        source = tmp_path / f"s{index}.json"
        source.write_bytes(dump_json(rng, mutate_data(rng, json.loads(json.dumps(kobo)))))
        outcome = run_strict(["import", str(source), "-o", str(tmp_path / f"j{index}")])
        _assert_clean("import (JSON)", outcome, source.read_bytes())


def test_from_xlsform_over_mutated_workbooks(tmp_path):
    from openpyxl import load_workbook

    rng = random.Random(2026)
    base = tmp_path / "phieu_149.xlsx"
    assert run_strict(["schema", "xlsform", "-o", str(base)]).code == 0
    values: list[Any] = [*HOSTILE_TEXT, "${q1} = 'x' or", "selected(", "decimal", "begin repeat", 5, -1, None]
    for index in range(WORKBOOKS):
        book = load_workbook(base)
        for _ in range(rng.randint(1, 3)):
            sheet = rng.choice(book.worksheets)
            cell = sheet.cell(rng.randint(1, sheet.max_row), rng.randint(1, sheet.max_column))
            value = rng.choice(values)
            if isinstance(value, str) and text_fault(value) is not None:
                continue  # openpyxl cannot write such text into a workbook
            cell.value = value
        path = tmp_path / f"x{index}.xlsx"
        book.save(path)
        outcome = run_strict(["schema", "from-xlsform", str(path), "-o", str(tmp_path / f"x{index}.yaml")])
        _assert_clean("schema from-xlsform", outcome, path.name)


def test_import_names_an_unknown_column_inertly(tmp_path):
    """A JSON export whose key holds a lone surrogate or an escape sequence: named in the note, made inert."""
    kobo = json.loads((XLSFORM_DATA / "kobo_149.json").read_text(encoding="utf-8"))
    kobo["results"][0]["\udfff\x1b[31m"] = "x"
    source = tmp_path / "kobo.json"
    source.write_text(json.dumps(kobo, ensure_ascii=True), encoding="utf-8")
    outcome = run_strict(["import", str(source), "-o", str(tmp_path / "out")])
    _assert_clean("import (JSON)", outcome, "a key with a lone surrogate")
    assert "\\udfff\\x1b[31m" in outcome.err


def test_xlsform_commands_say_why_in_vietnamese(tmp_path):
    """openpyxl's and the system's English stay out: a file that is no workbook, a folder that is not there."""
    not_a_book = tmp_path / "ghi_chu.md"
    not_a_book.write_text("# không phải bảng tính\n", encoding="utf-8")
    outcome = run_strict(["schema", "from-xlsform", str(not_a_book)])
    assert outcome.code == 2 and "openpyxl" not in outcome.err and "như một tệp Excel" in outcome.err
    outcome = run_strict(["import", str(not_a_book.with_suffix(".xlsx")), "-o", str(tmp_path / "o")])
    assert outcome.code == 2 and "Không tìm thấy tệp" in outcome.err
    outcome = run_strict(["schema", "xlsform", "-o", str(tmp_path / "khong_co" / "f.xlsx")])
    assert (
        outcome.code == 2 and "No such file" not in outcome.err and "thư mục không còn tồn tại" in outcome.err
    )


def test_a_failed_write_is_said_in_vietnamese(tmp_path):
    outcome = run_strict(["schema", "json-schema", "-o", str(tmp_path / "khong_co" / "s.json")])
    assert (
        outcome.code == 2 and "No such file" not in outcome.err and "thư mục không còn tồn tại" in outcome.err
    )
