"""Reporters: problems as text lines or as JSON (`--format text|json`). Plain print, no rich: validate stays fast."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from phieu_cli.errors import InvalidInput, PhieuError
from phieu_cli.problems import Problem, sort_key


def print_problems(problems: Sequence[Problem], fmt: str, *, ok_message: str = "") -> None:
    if fmt == "json":
        payload = {"ok": not problems, "problems": [p.as_dict() for p in problems]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for problem in sorted(problems, key=sort_key):
        print(problem.render())
    if problems:
        print(f"{len(problems)} lỗi.")
    elif ok_message:
        print(ok_message)


def print_error(exc: PhieuError) -> None:
    """A failure that ends a command: its message, then every problem it carries, on stderr."""
    print(f"Lỗi: {exc}", file=sys.stderr)
    if isinstance(exc, InvalidInput):
        for problem in exc.problems:
            print(f"  {problem.render()}", file=sys.stderr)
