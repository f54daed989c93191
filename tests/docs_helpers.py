"""Helpers for the export and summary tests: run the CLI in-process, write response files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from phieu_cli.cli import main


def run_phieu(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`phieu ARGS` in this process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exited:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), out, err


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def entry_in_new_process(command: str, path: Path, env: dict[str, str], modules: set[str]) -> list[str]:
    """`phieu COMMAND PATH` through the fast entry point in a new Python process: what it printed, then a last
    line "CODE [names]" naming which of *modules* (top-level names) it imported."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from phieu_cli.entry import main\n"
        "try:\n"
        f"    main([{command!r}, sys.argv[1]])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        f"print(code, sorted({{m.split('.')[0] for m in sys.modules}} & {set(modules)!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(path)], env=env, capture_output=True, text=True)
    assert done.stdout, done.stderr
    return done.stdout.splitlines()
