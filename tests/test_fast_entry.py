"""The fast way in (entry.py) against typer (cli.py), and the compiled-form cache (form/cache.py).

The fast path must print the same bytes and exit with the same code as typer over every example and every
invalid example, hand every command line it cannot read without doubt to typer, and never use a cache entry
made from another schema or another phieu.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from docs_helpers import entry_in_new_process
from phieu_cli import cli, entry
from phieu_cli.form import cache
from phieu_cli.form.check import bundled_form_path, load_form, load_form_for_use
from phieu_cli.form.plain import from_data, plain_form, to_data
from phieu_cli.responses.checkfiles import path_text
from phieu_cli.responses.validation import check_file
from samples import DA_QUY_DINH, response_dict

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "examples").glob("*.json"))
INVALID = sorted((REPO / "examples" / "invalid").glob("*.json"))


def _run(main, args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


def _both(args: list[str], capsys, monkeypatch) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """(fast, typer) results; fails if the fast path would not take *args* (then nothing is compared)."""
    assert entry.read_validate(args) is not None, args
    fast = _run(entry.main, args, capsys)

    def refuse(*_: object) -> None:  # typer's result must not come from the fast path
        raise AssertionError("cli.main went through the fast path")

    monkeypatch.setattr(entry, "_run_fast", refuse)
    typer = _run(cli.main, args, capsys)
    monkeypatch.undo()
    return fast, typer


@pytest.mark.parametrize("path", EXAMPLES + INVALID, ids=lambda p: p.name)
@pytest.mark.parametrize("options", [[], ["--format", "json"], ["--complete", "-q"]], ids=str)
def test_fast_and_typer_agree_on_every_example(path, options, capsys, monkeypatch):
    fast, typer = _both(["validate", *options, str(path.relative_to(REPO))], capsys, monkeypatch)
    assert fast == typer
    if path in INVALID:
        assert fast[0] in (1, 2)
    elif "--complete" not in options:
        assert fast[0] == 0


def test_fast_and_typer_agree_on_folders_and_schemas(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)
    for args in (
        ["validate", "examples"],
        ["validate", "examples/", "--quiet"],
        ["validate", "./examples/invalid", "examples/ben_tre_khac.json", "--format=json"],
        ["validate", "--schema", "schema/phieu_149.yaml", "examples/invalid/../ben_tre_khac.json"],
        ["validate", "--schema=schema/phieu_149.yaml", "--", "examples"],
        ["validate", "no/such/file.json", "examples"],
        ["validate", "--schema", str(tmp_path / "missing.yaml"), "examples"],
    ):
        fast, typer = _both(args, capsys, monkeypatch)
        assert fast == typer, args


def test_the_examples_give_the_expected_verdicts_on_the_fast_path(capsys, monkeypatch):
    """The fast path prints what examples/invalid/*.expected.txt say (as the typer path is tested to)."""
    monkeypatch.chdir(REPO)
    for path in INVALID:
        expected = path.with_suffix(".expected.txt").read_text(encoding="utf-8")
        code, out, err = _run(entry.main, ["validate", f"examples/invalid/{path.name}"], capsys)
        assert out + err == expected, path.name
        assert code in (1, 2)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["validate"],
        ["validate", "--help"],
        ["validate", "-h", "a.json"],
        ["validate", "--format", "xml", "a.json"],
        ["validate", "--format"],
        ["validate", "--schema", "--complete", "a.json"],
        ["validate", "--schema=", "a.json"],
        ["validate", "--quiet", "--quiet", "a.json"],
        ["validate", "--complete=yes", "a.json"],
        ["validate", "--unknown", "a.json"],
        ["validate", "-qq", "a.json"],
        ["validate", "-", "a.json"],
        ["validate", "--", "-a.json"],
        ["--version", "validate", "a.json"],
        ["summary"],
        ["summary", "-o", "--force", "examples"],
        ["summary", "--view", "examples"],
        ["show", "a.json"],
    ],
    ids=str,
)
def test_anything_unusual_goes_to_typer(args):
    assert entry.read_validate(args) is None
    if args[:1] == ["summary"]:
        assert entry.read_command_line(args) is None


def test_fast_and_typer_agree_on_summary(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)
    out = tmp_path / "a.csv"
    for args, existing in (
        (["summary", "examples"], False),
        (["summary", "--no-color", "examples/", "examples/invalid"], False),
        (["summary", "examples", "-o", str(out), "--view=status"], False),
        (["summary", "examples", "-o", str(out), "--view=status"], True),  # exists: exit 2
        (["summary", "examples", "-f", "-o", str(out), "--view", "numbers"], True),
        (["summary", "examples", "-o", str(out), "--view", "nothing"], False),
        (["summary", "no/such/folder"], False),
        (["summary", "--by", "vn_provinces_2025", "examples"], False),
        (["summary", "--by=vn_provinces_2099", "examples"], False),
    ):
        assert entry.read_command_line(args) is not None, args
        results, written = [], []
        for main in (entry.main, cli.main):
            out.unlink(missing_ok=True)
            if existing:
                out.write_text("old", encoding="utf-8")
            if main is cli.main:
                monkeypatch.setattr(entry, "_run_fast", lambda *_: pytest.fail("typer took the fast path"))
            results.append(_run(main, args, capsys))
            written.append(out.read_bytes() if out.exists() else None)
        monkeypatch.undo()
        monkeypatch.chdir(REPO)
        assert results[0] == results[1], args
        assert written[0] == written[1], args


def test_typer_still_answers_help_and_usage_errors_through_the_entry(capsys):
    for args in (["validate", "--help"], ["validate", "--format", "xml", "x.json"], ["validate"]):
        assert _run(entry.main, args, capsys) == _run(cli.main, args, capsys)


def test_the_fast_path_reads_its_command_line_as_typer_does():
    plan = entry.read_validate(["validate", "a.json", "--schema", "s.yaml", "-q", "b", "--format=json"])
    assert plan == {
        "schema": "s.yaml",
        "paths": ["a.json", "b"],
        "require_complete": False,
        "fmt": "json",
        "quiet": True,
        "strict": False,
    }


@pytest.mark.parametrize(
    "text",
    [
        "a",
        "a/b",
        "./a",
        "a/",
        "a//b",
        "./",
        ".",
        "",
        "/",
        "//",
        "///a",
        "//a/./b/",
        "a/./b",
        "../a/.",
        "a/.b/.c",
    ],
)
def test_paths_are_written_as_pathlib_writes_them(text):
    assert path_text(text) == str(Path(text))


def test_validate_with_a_warm_cache_loads_no_typer_pydantic_or_yaml(tmp_path):
    example = REPO / "examples" / "da_nang_da_quy_dinh.json"
    env = {**os.environ, "PHIEU_CACHE_DIR": str(tmp_path / "cache")}
    heavy = {"typer", "click", "pydantic", "yaml", "rich", "questionary", "dataclasses", "typing", "pathlib"}
    heavy.add("multiprocessing")
    cold = entry_in_new_process("validate", example, env, heavy)
    assert cold[-1].startswith("0 ['")  # the first run loads the YAML (and pydantic)
    warm = entry_in_new_process("validate", example, env, heavy)
    assert warm == [f"✓ {example}: hợp lệ (hoàn thành)", "0 []"]


# --- the compiled form and its cache --------------------------------------------------------------------


def test_the_compiled_form_survives_its_json_round_trip(form149):
    plain = plain_form(form149.form)
    data = to_data(plain)
    again = from_data(json.loads(json.dumps(data, ensure_ascii=False)))
    assert to_data(again) == data
    assert [q.id for q in again.questions] == [q.id for q in form149.form.questions]


def test_a_cache_hit_skips_the_yaml_and_checks_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("PHIEU_CACHE_DIR", str(tmp_path))
    calls: list[int] = []

    def load():
        calls.append(1)
        return load_form_for_use(None)

    first = cache.load_for_checking(None, load=load)
    second = cache.load_for_checking(None, load=load)
    assert calls == [1]
    assert len(list(tmp_path.glob("form-*.json"))) == 1
    assert second.hash == first.hash == load_form().hash
    for path in EXAMPLES + INVALID:
        a, b = check_file(first, path), check_file(second, path)
        assert (a.problems, a.checked_as) == (b.problems, b.checked_as)


def test_an_edited_schema_never_reads_the_old_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("PHIEU_CACHE_DIR", str(tmp_path / "cache"))
    schema = tmp_path / "form.yaml"
    shutil.copy(bundled_form_path(), schema)
    loaded = load_form(schema)
    response = tmp_path / "r.json"
    data = response_dict(loaded, DA_QUY_DINH)
    data["answers"]["q3dd"] = 30
    response.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = cache.load_for_checking(str(schema))
    assert check_file(before, response).ok
    text = schema.read_text(encoding="utf-8")
    bound = "kind: integer\n        min: 0\n        max: 10000\n        # Câu 2d names"
    assert text.count(bound) == 1
    # The same size, a new maximum (YAML 1.1 reads 00020 as octal: 16).
    schema.write_text(text.replace(bound, bound.replace("10000", "00020", 1)), encoding="utf-8")
    after = cache.load_for_checking(str(schema))
    assert after.hash != before.hash
    problems = check_file(after, response).problems
    assert [p.code for p in problems] == ["form_mismatch", "invalid"]  # the new hash, and 30 > 20
    assert len(list((tmp_path / "cache").glob("form-*.json"))) == 2


def test_another_phieu_never_reads_the_old_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("PHIEU_CACHE_DIR", str(tmp_path))
    calls: list[int] = []

    def load():
        calls.append(1)
        return load_form_for_use(None)

    cache.load_for_checking(None, load=load)
    monkeypatch.setattr(cache, "code_signature", lambda: "phieu 9.9 (another build)")
    cache.load_for_checking(None, load=load)
    cache.load_for_checking(None, load=load)
    assert calls == [1, 1]


def test_the_code_signature_changes_with_any_source_file(tmp_path):
    package = tmp_path / "phieu_cli"
    (package / "form").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    module = package / "form" / "plain.py"
    module.write_text("A = 1\n", encoding="utf-8")
    first = cache.code_signature(str(package))
    module.write_text("A = 2\n", encoding="utf-8")
    os.utime(module, ns=(1, 1))  # same size, and an mtime that goes back: still a change
    second = cache.code_signature(str(package))
    (package / "form" / "new.py").write_text("", encoding="utf-8")
    third = cache.code_signature(str(package))
    assert len({first, second, third}) == 3


def test_a_damaged_cache_falls_back_to_the_yaml(tmp_path, monkeypatch):
    monkeypatch.setenv("PHIEU_CACHE_DIR", str(tmp_path))
    good = cache.load_for_checking(None)
    (entry_file,) = tmp_path.glob("form-*.json")
    for damage in (
        "",
        "{",
        '{"code": 1}',
        json.dumps({"code": cache.code_signature(), "hash": "x", "form": {}}),
    ):
        entry_file.write_text(damage, encoding="utf-8")
        again = cache.load_for_checking(None)
        assert again.hash == good.hash
        assert check_file(again, EXAMPLES[0]).ok


def test_the_cache_can_be_turned_off_or_moved(tmp_path, monkeypatch):
    monkeypatch.setenv("PHIEU_CACHE_DIR", str(tmp_path / "moved"))
    assert cache.cache_dir() == str(tmp_path / "moved")
    monkeypatch.setenv("PHIEU_NO_CACHE", "1")
    assert cache.cache_dir() is None
    cache.load_for_checking(None)
    assert not (tmp_path / "moved").exists()
    monkeypatch.delenv("PHIEU_NO_CACHE")
    monkeypatch.setenv("PHIEU_CACHE_DIR", "")
    assert cache.cache_dir() is None


def test_an_unwritable_cache_folder_costs_nothing_but_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("PHIEU_CACHE_DIR", str(blocker / "cache"))  # a folder inside a file: cannot exist
    loaded = cache.load_for_checking(None)
    assert check_file(loaded, EXAMPLES[0]).ok


def test_the_phieu_script_and_python_m_come_in_through_the_entry():
    import tomllib

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"phieu": "phieu_cli.entry:main"}
    main_module = (REPO / "src" / "phieu_cli" / "__main__.py").read_text(encoding="utf-8")
    assert "from phieu_cli.entry import main" in main_module


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"a": 1, "a": 2}', "duplicate_key"),
        ('{"a": {"b": [{"c": 1, "c": 1}]}}', "duplicate_key"),
        ('{"a:": "x:y", "b": "\\"a\\": 1", "b": 2}', "duplicate_key"),  # colons and quotes inside strings
        ('{"x": {"a": 1, "a": 2}, "b": }', "duplicate_key"),  # its object closed before the error
        ('{"a": 1, "a": 2, "b": }', "json"),  # the object never closed: a syntax error, as before
        ('{"a": 1, "b": }', "json"),
        ('{"a": NaN, "a": 1}', "nan"),
        ('{"a": 1, "b": 1, "a": NaN}', "nan"),  # NaN stops the parse before the object closes
        ('{"a:": {"b": "\\\\"}, "c": [1, {"d": 2}]}', None),
        ('{"x": "{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{[{["}', None),
        ("[" * 33 + "]" * 33, "too_deep"),
        ('{"a": ' + "[" * 32 + "]" * 32 + "}", "too_deep"),
        ('{"a": ' + "[" * 31 + "]" * 31 + "}", None),
    ],
)
def test_strict_reading_catches_what_it_caught(text, code):
    """Duplicate keys (nested, after colons and quotes in strings), NaN, depth: the first problem of each."""
    from phieu_cli.responses.jsonfile import JsonFileError, _no_constants, _no_duplicates, parse_json_text

    try:
        parse_json_text(text, "f.json")
        got = None
    except JsonFileError as exc:
        got = exc.problem.code
    assert got == code
    if code is None:  # and the value is what the hooked parser gives
        hooked = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
        assert parse_json_text(text, "f.json") == hooked.decode(text)
