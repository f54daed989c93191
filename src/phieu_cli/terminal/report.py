"""Reporters: problems as text lines or as JSON (`--format text|json`). Plain print, no rich: validate stays fast."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence

from phieu_cli.common.errors import InvalidInput, PhieuError
from phieu_cli.common.messages import t
from phieu_cli.common.problems import Problem, sort_key
from phieu_cli.common.text import inert


def print_problems(
    problems: Sequence[Problem],
    fmt: str,
    *,
    ok_message: str = "",
    warnings: Sequence[Problem] = (),
    warnings_note: str = "",
) -> None:
    """Problems (errors), then *warnings* (findings that do not make the file invalid) and *warnings_note*
    saying what they mean. JSON: {"ok", "problems"} and, when there are any, "warnings"."""
    if fmt == "json":
        payload: dict[str, object] = {"ok": not problems, "problems": [p.as_dict() for p in problems]}
        if warnings:
            payload["warnings"] = [w.as_dict() for w in warnings]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for problem in sorted(problems, key=sort_key):
        print(problem.render())
    if problems:
        print(f"{len(problems)} lỗi.")
    for warning in sorted(warnings, key=sort_key):
        print(f"cảnh báo: {warning.render()}")
    if warnings:
        print(f"{len(warnings)} cảnh báo{': ' + warnings_note if warnings_note else ''}.")
    if not problems and ok_message:
        print(ok_message)


def print_error(exc: PhieuError) -> None:
    """A failure that ends a command: its message, then every problem it carries, on stderr."""
    print(t("Lỗi: {message}", message=inert(str(exc))), file=sys.stderr)
    if isinstance(exc, InvalidInput):
        for problem in exc.problems:
            print(f"  {problem.render()}", file=sys.stderr)


# Click (vendored in Typer) words its usage errors in English; the official reads Vietnamese. Each pattern
# turns one known message around (into phieu's words, in English too under `--lang en`: the template goes
# through t()); anything else is shown as Click wrote it.
_USAGE_VI: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^No such command '(?P<a>.+)'\.$"), "không có lệnh '{a}'"),
    # Click 8.2 suggests the nearest command: "No such command 'valdate'. Did you mean 'validate'?"
    (
        re.compile(r"^No such command '(?P<a>.+)'\. Did you mean '(?P<b>.+)'\?$"),
        "không có lệnh '{a}' (có phải: '{b}'?)",
    ),
    (
        re.compile(r"^No such option: (?P<a>\S+) \(Possible options: (?P<b>.+)\)$"),
        "không có tùy chọn {a} (có phải: {b}?)",
    ),
    (re.compile(r"^No such option: (?P<a>\S+)$"), "không có tùy chọn {a}"),
    (re.compile(r"^Missing argument (?P<a>.+)\.$"), "thiếu tham số {a}"),
    (re.compile(r"^Missing option (?P<a>.+)\.$"), "thiếu tùy chọn {a}"),
    (re.compile(r"^Missing command\.$"), "thiếu tên lệnh"),
    (re.compile(r"^Option (?P<a>'.+') requires an argument\.$"), "tùy chọn {a} cần một giá trị"),
    (re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<a>.+)\)$"), "thừa tham số: {a}"),
    (
        re.compile(r"^Invalid value for (?P<a>.+?): Input should be a valid integer.*$"),
        "giá trị của {a} phải là số nguyên",
    ),
    (re.compile(r"^Invalid value for (?P<a>.+?): (?P<b>.+)$"), "giá trị không hợp lệ cho {a}: {b}"),
]


def usage_in_vietnamese(message: str) -> str:
    """Click's *message* in phieu's words: Vietnamese, or English when the command speaks English."""
    for pattern, template in _USAGE_VI:
        match = pattern.match(message)
        if match:
            return t(template, **match.groupdict())
    return message


def print_usage_error(message: str, usage: str | None, command_path: str | None) -> None:
    """A usage error (exit 2) in Vietnamese, with the command's usage line and where to read more."""
    if usage:
        print(usage, file=sys.stderr)
    print(t("Lỗi: {message}", message=usage_in_vietnamese(message).removesuffix(".") + "."), file=sys.stderr)
    if command_path:
        print(t("Xem hướng dẫn: {command} --help", command=command_path), file=sys.stderr)
