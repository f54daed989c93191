"""`phieu fill` as a command: exit codes, messages, no terminal, lazy imports, file names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from phieu_cli.cli import main
from phieu_cli.interview import fill as fill_module
from phieu_cli.interview.fill import draft_path_for, output_for_draft

ROOT = Path(__file__).resolve().parents[1]


def phieu(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    code = done.value.code
    assert isinstance(code, int)
    return code


def test_without_a_terminal_fill_points_to_answers(monkeypatch, capsys):
    monkeypatch.setattr(fill_module, "interactive", lambda: False)
    assert phieu("fill", "-o", "x.json") == 2
    err = capsys.readouterr().err
    assert "cần một cửa sổ dòng lệnh (terminal)" in err and "--answers" in err
    assert "docs/answers-file.md" in err


def test_without_a_terminal_in_a_real_process(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "phieu_cli", "fill", "-o", str(tmp_path / "x.json")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        encoding="utf-8",
    )
    assert done.returncode == 2
    assert "--answers" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_through_main_exits_130_with_the_draft_and_the_command(
    monkeypatch, terminal, tmp_path, capsys
):
    output = tmp_path / "tra_loi.json"
    ui = terminal.ui([("Tỉnh", "da nang\r"), ("Cơ quan", "\x03")])
    monkeypatch.setattr(fill_module, "interactive", lambda: True)
    monkeypatch.setattr(fill_module, "make_ui", lambda: ui)
    assert phieu("fill", "-o", str(output)) == 130
    err = capsys.readouterr().err
    assert err.startswith("\nĐã dừng (Ctrl-C).")
    assert "Lỗi" not in err and "Traceback" not in err
    assert str(draft_path_for(output).resolve()) in err
    assert f"fill --resume {draft_path_for(output)}" in err
    assert (
        json.loads(draft_path_for(output).read_text(encoding="utf-8"))["respondent"]["province"] == "da_nang"
    )


def test_options_that_do_not_go_together(capsys, tmp_path):
    assert phieu("fill", "--edit", "a.json", "--resume", "a.draft.json") == 2
    assert "Chỉ dùng một trong --resume, --edit" in capsys.readouterr().err


def test_a_broken_schema_is_a_usage_error(tmp_path, capsys):
    schema = tmp_path / "form.yaml"
    schema.write_text("phieu_schema: 1\nform: {}\n", encoding="utf-8")
    assert phieu("fill", "--schema", str(schema), "--answers", "a.yaml") == 2
    err = capsys.readouterr().err
    assert "Mẫu phiếu có" in err and f"{schema}:2" in err


def test_resume_needs_an_output_when_the_draft_name_does_not_say(monkeypatch, terminal, tmp_path, capsys):
    draft = tmp_path / "nhap.json"
    draft.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(fill_module, "interactive", lambda: True)
    monkeypatch.setattr(fill_module, "make_ui", lambda: terminal.ui([]))
    assert phieu("fill", "--resume", str(draft)) == 2
    assert "thêm -o" in capsys.readouterr().err


def test_draft_names():
    assert draft_path_for(Path("tra_loi.json")) == Path("tra_loi.draft.json")
    assert draft_path_for(Path("a/b/Ha Noi.JSON")) == Path("a/b/Ha Noi.draft.json")
    assert draft_path_for(Path("tra_loi")) == Path("tra_loi.draft.json")
    assert output_for_draft(Path("x/tra_loi.draft.json")) == Path("x/tra_loi.json")
    assert output_for_draft(Path("tra_loi.json")) is None


def test_help_and_other_commands_do_not_import_questionary():
    code = (
        "import sys\n"
        "from phieu_cli.cli import main\n"
        "for args in (['--help'], ['fill', '--help'], ['schema', 'check']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, (args, e.code)\n"
        "assert 'questionary' not in sys.modules, 'questionary imported'\n"
        "assert 'prompt_toolkit' not in sys.modules, 'prompt_toolkit imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, encoding="utf-8"
    )
    assert done.returncode == 0, done.stderr
    assert "--answers" in done.stdout and "--resume" in done.stdout and "Enter hai lần" in done.stdout
