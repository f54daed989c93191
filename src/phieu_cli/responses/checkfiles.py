"""`phieu validate`: find the response files, check each against the form, report one line per file.

Kept light on purpose: no rich unless a progress bar is drawn, no questionary ever. A folder of 63 returns (or
10,000) is read file by file, each verdict printed as soon as it is known.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from phieu_cli.common.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError
from phieu_cli.common.problems import Problem
from phieu_cli.common.text import inert
from phieu_cli.form.check import LoadedForm, load_form_for_use
from phieu_cli.responses.validation import FileReport, check_file

# A progress bar appears once a run has lasted this long (seconds) with stderr on a terminal.
PROGRESS_AFTER = 0.5
OK_MARK, BAD_MARK = "✓", "✗"
STATUS_VI = {"complete": "hoàn thành", "draft": "nháp"}


@dataclass(frozen=True)
class Target:
    path: Path
    label: str  # how the file is named in messages: as given, or folder/relative path


def find_files(paths: Sequence[Path]) -> list[Target]:
    """The files to check: files as given, folders walked for *.json (sorted; hidden entries skipped).

    Every path that does not exist is named before anything is checked (exit 2).
    """
    missing = [p for p in paths if not p.exists()]
    if missing:
        names = ", ".join(str(p) for p in missing)
        raise UsageError(f"Không tìm thấy: {names}")
    targets: list[Target] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = _walk_json(path)
            if not found:
                raise UsageError(f"Thư mục {path} không có tệp .json nào")
        else:
            found = [Target(path, str(path))]
        for target in found:
            key = Path(os.path.normcase(os.path.abspath(target.path)))
            if key not in seen:
                seen.add(key)
                targets.append(target)
    return targets


def _walk_json(folder: Path) -> list[Target]:
    found: list[Target] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root)
        found.extend(
            Target(base / name, str(base / name))
            for name in sorted(files)
            if name.lower().endswith(".json") and not name.startswith(".")
        )
    return found


@dataclass
class Totals:
    files: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    problems: int = 0

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return EXIT_USAGE
        return EXIT_INVALID if self.invalid else EXIT_OK


def check_targets(
    loaded: LoadedForm, targets: Sequence[Target], *, require_complete: bool
) -> Iterator[tuple[FileReport, bool]]:
    """(report, readable) for each target, in order. A file that cannot be opened is reported, not raised."""
    for target in targets:
        try:
            yield check_file(loaded, target.path, require_complete=require_complete, label=target.label), True
        except UsageError as exc:  # vanished, permission denied, a folder named *.json…
            yield FileReport(target.label, [Problem(str(exc), file=target.label, code="unreadable")]), False


def verdict_line(report: FileReport, require_complete: bool) -> str:
    status = report.response.status if report.response else None
    what = STATUS_VI.get(status or "", "")
    if status == "draft" and require_complete:
        what = "nháp, đã đủ câu trả lời"
    return f"{OK_MARK} {inert(report.file)}: hợp lệ ({what})"


def run_validate(
    schema: Path | None,
    paths: Sequence[Path],
    *,
    require_complete: bool = False,
    fmt: str = "text",
    quiet: bool = False,
    out: TextIO | None = None,
) -> int:
    """Check every file; print as text (one line per valid file, one per problem) or JSON. Returns the exit code."""
    out = out or sys.stdout
    loaded = load_form_for_use(schema)
    targets = find_files(paths)
    totals = Totals(files=len(targets))
    records: list[dict[str, Any]] = []
    with ExitStack() as stack:
        advance = _lazy_progress(stack, len(targets))
        for report, readable in check_targets(loaded, targets, require_complete=require_complete):
            totals.problems += len(report.problems)
            if not readable:
                totals.unreadable += 1
            elif report.ok:
                totals.valid += 1
            else:
                totals.invalid += 1
            if fmt == "json":
                records.append(_record(report))
            elif not report.ok:
                for problem in report.problems:
                    print(f"{BAD_MARK} {problem.render()}", file=out)
            elif not quiet:
                print(verdict_line(report, require_complete), file=out)
            advance()
    if fmt == "json":
        payload = {
            "ok": totals.exit_code == EXIT_OK,
            "checked_as_complete": require_complete,
            "summary": {
                "files": totals.files,
                "valid": totals.valid,
                "invalid": totals.invalid,
                "unreadable": totals.unreadable,
                "problems": totals.problems,
            },
            "files": records,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2), file=out)
    elif totals.files > 1 or (quiet and totals.files):
        print(_total_line(totals), file=out)
    return totals.exit_code


def _record(report: FileReport) -> dict[str, Any]:
    response = report.response
    return {
        "file": inert(report.file),
        "ok": report.ok,
        "status": response.status if response else None,
        "province": response.respondent.province if response else None,
        "checked_as": report.checked_as if response else None,
        "problems": [p.as_dict() for p in report.problems],
    }


def _total_line(totals: Totals) -> str:
    parts = [f"{totals.valid} hợp lệ", f"{totals.invalid} không hợp lệ"]
    if totals.unreadable:
        parts.append(f"{totals.unreadable} không đọc được")
    errors = f" ({totals.problems} lỗi)" if totals.problems else ""
    return f"Tổng cộng {totals.files} tệp: {', '.join(parts)}{errors}."


def _lazy_progress(stack: ExitStack, total: int) -> Callable[[], None]:
    """advance(): after PROGRESS_AFTER seconds on a terminal, starts a bar for the rest of the run.

    rich is imported only then, so short or piped runs never pay for it.
    """
    if not _stderr_is_terminal():
        return lambda: None
    start = time.perf_counter()
    state: dict[str, Any] = {"done": 0, "advance": None}

    def advance() -> None:
        state["done"] += 1
        if state["advance"] is not None:
            state["advance"]()
            return
        if time.perf_counter() - start < PROGRESS_AFTER or total - state["done"] < 1:
            return
        from phieu_cli.terminal.console import progress

        step = stack.enter_context(progress(total, "Đang kiểm tra"))
        for _ in range(state["done"]):
            step()
        state["advance"] = step

    return advance


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
