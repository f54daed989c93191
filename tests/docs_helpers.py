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
