"""`phieu validate`: find the response files, check each against the form, report one line per file.

Kept light on purpose: no rich unless a progress bar is drawn, no questionary ever. A folder of 63 returns (or
10,000) is read file by file, each verdict printed as soon as it is known.
"""

from __future__ import annotations

import json
import os
import sys
import time

from phieu_cli.common.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError
from phieu_cli.common.problems import Problem
from phieu_cli.common.text import inert
from phieu_cli.responses.validation import FileReport, check_file

TYPE_CHECKING = False
if TYPE_CHECKING:  # pathlib, typing and dataclasses stay out of `phieu validate`'s start-up
    from collections.abc import Callable, Iterator, Sequence
    from contextlib import ExitStack
    from os import PathLike
    from typing import Any, TextIO

    from phieu_cli.responses.validation import Loaded

    Outcome = tuple[int, int, int, list[str] | dict[str, Any]]

# A progress bar appears once a run has lasted this long (seconds) with stderr on a terminal.
PROGRESS_AFTER = 0.5
OK_MARK, BAD_MARK, WARN_MARK = "✓", "✗", "!"
STATUS_VI = {"complete": "hoàn thành", "draft": "nháp"}


class Target:
    """A file to check; *label* is how messages name it (as given, or folder/relative path)."""

    __slots__ = ("label", "path")

    def __init__(self, path: str, label: str) -> None:
        self.path = path
        self.label = label

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Target) and (self.path, self.label) == (other.path, other.label)

    def __hash__(self) -> int:
        return hash((self.path, self.label))

    def __repr__(self) -> str:
        return f"Target({self.path!r}, {self.label!r})"


def path_text(path: str | PathLike[str]) -> str:
    """*path* written as str(pathlib.Path(path)) writes it, without importing pathlib (POSIX; pathlib elsewhere)."""
    text = os.fspath(path)
    if os.sep != "/" or os.altsep:  # Windows: drive letters, both slashes — let pathlib say it
        from pathlib import Path

        return str(Path(text))
    if "//" not in text and "/." not in text and not text.endswith("/") and not text.startswith("./"):
        return text or "."
    root = (
        "//" if text.startswith("//") and not text.startswith("///") else "/" if text.startswith("/") else ""
    )
    parts = [p for p in text.split("/") if p and p != "."]
    return root + "/".join(parts) if parts or root else "."


def find_files(paths: Sequence[str | PathLike[str]]) -> list[Target]:
    """The files to check: files as given, folders walked for *.json (sorted; hidden entries skipped).

    Every path that does not exist is named before anything is checked (exit 2).
    """
    texts = [path_text(p) for p in paths]
    missing = [p for p in texts if not os.path.exists(p)]
    if missing:
        names = ", ".join(missing)
        raise UsageError(f"Không tìm thấy: {names}")
    targets: list[Target] = []
    seen: set[str] = set()
    for path in texts:
        if os.path.isdir(path):
            found = _walk_json(path)
            if not found:
                raise UsageError(f"Thư mục {path} không có tệp .json nào")
        else:
            found = [Target(path, path)]
        for target in found:
            key = os.path.normcase(os.path.abspath(target.path))
            if key not in seen:
                seen.add(key)
                targets.append(target)
    return targets


def _walk_json(folder: str) -> list[Target]:
    found: list[Target] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = path_text(root)
        prefix = "" if base == "." else base if base.endswith(os.sep) else base + os.sep
        for name in sorted(files):
            if name.lower().endswith(".json") and not name.startswith("."):
                label = prefix + name
                found.append(Target(label, label))
    return found


class Totals:
    __slots__ = ("files", "invalid", "problems", "unreadable", "valid", "warnings")

    def __init__(self, files: int = 0) -> None:
        self.files = files
        self.valid = self.invalid = self.unreadable = self.problems = self.warnings = 0

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return EXIT_USAGE
        return EXIT_INVALID if self.invalid else EXIT_OK


def check_targets(
    loaded: Loaded, targets: Sequence[Target], *, require_complete: bool
) -> Iterator[tuple[FileReport, bool]]:
    """(report, readable) for each target, in order. A file that cannot be opened is reported, not raised."""
    for target in targets:
        try:
            yield check_file(loaded, target.path, require_complete=require_complete, label=target.label), True
        except UsageError as exc:  # vanished, permission denied, a folder named *.json…
            yield FileReport(target.label, [Problem(str(exc), file=target.label, code="unreadable")]), False


def verdict_line(report: FileReport, require_complete: bool) -> str:
    status = report.envelope.status if report.envelope else None
    what = STATUS_VI.get(status or "", "")
    if status == "draft" and require_complete:
        what = "nháp, đã đủ câu trả lời"
    warned = len(report.warnings)
    note = f", {warned} cảnh báo chưa xác nhận" if warned else ""
    return f"{OK_MARK} {inert(report.file)}: hợp lệ ({what}){note}"


def strict_problems(report: FileReport) -> list[Problem]:
    """`--strict`: the unconfirmed warnings of *report* as errors (code "unconfirmed_warning")."""
    return [
        Problem(w.message, file=w.file, where=w.where, ref=w.ref, code="unconfirmed_warning")
        for w in report.warnings
    ]


# What became of one file, as the report needs it: (state, number of problems, number of unconfirmed warnings,
# what to print — the text lines, or the JSON record). Small and plain, so that a worker process can send it
# back cheaply.
VALID, INVALID, UNREADABLE = 0, 1, 2


class Options:
    """How `phieu validate` was asked to check and print (what a worker process needs besides the form)."""

    __slots__ = ("fmt", "quiet", "require_complete", "strict")

    def __init__(self, *, require_complete: bool, fmt: str, quiet: bool, strict: bool) -> None:
        self.require_complete = require_complete
        self.fmt = fmt
        self.quiet = quiet
        self.strict = strict


def outcome(report: FileReport, readable: bool, options: Options) -> Outcome:
    """The one way a report becomes output, in one process or many."""
    warnings = report.warnings
    if options.strict and warnings:
        report.problems += strict_problems(report)
        warnings = []
    state = UNREADABLE if not readable else VALID if report.ok else INVALID
    payload: list[str] | dict[str, Any]
    if options.fmt == "json":
        payload = _record(report, warnings)
    else:
        if not report.ok:
            payload = [f"{BAD_MARK} {problem.render()}" for problem in report.problems]
        elif not options.quiet:
            payload = [verdict_line(report, options.require_complete)]
        else:
            payload = []
        if warnings and report.envelope is not None:  # shown under --quiet too: each needs a look
            payload += [f"{WARN_MARK} {warning.render()}" for warning in warnings]
    return state, len(report.problems), len(warnings), payload


def outcomes(loaded: Loaded, targets: Sequence[Target], options: Options) -> Iterator[Outcome]:
    """The outcome of every target, in order; a large folder is shared among processes (common/workers.py)."""
    from phieu_cli.common.workers import in_order, job_count

    jobs = job_count(len(targets))
    if jobs == 1:
        for report, readable in check_targets(loaded, targets, require_complete=options.require_complete):
            yield outcome(report, readable, options)
        return
    files = [(t.path, t.label) for t in targets]
    yield from in_order(check_run, (loaded, options), files, jobs)


def check_run(shared: tuple[Loaded, Options], run: list[tuple[str, str]]) -> list[Outcome]:
    """The outcomes of a run of files given as (path, label): what a worker process does."""
    loaded, options = shared
    targets = [Target(path, label) for path, label in run]
    checked = check_targets(loaded, targets, require_complete=options.require_complete)
    return [outcome(report, readable, options) for report, readable in checked]


def run_validate(
    schema: str | PathLike[str] | None,
    paths: Sequence[str | PathLike[str]],
    *,
    require_complete: bool = False,
    fmt: str = "text",
    quiet: bool = False,
    strict: bool = False,
    out: TextIO | None = None,
) -> int:
    """Check every file; print as text (one line per valid file, one per problem, one per unconfirmed
    warning) or JSON. *strict*: an unconfirmed warning is an error. Returns the exit code."""
    from phieu_cli.form.cache import load_for_checking

    out = out or sys.stdout
    loaded = load_for_checking(os.fspath(schema) if schema is not None else None)
    targets = find_files(paths)
    totals = Totals(files=len(targets))
    records: list[dict[str, Any]] = []
    options = Options(require_complete=require_complete, fmt=fmt, quiet=quiet, strict=strict)
    from contextlib import ExitStack

    with ExitStack() as stack:
        advance = _lazy_progress(stack, len(targets))
        for state, problems, warnings, payload in outcomes(loaded, targets, options):
            totals.problems += problems
            totals.warnings += warnings
            if state == UNREADABLE:
                totals.unreadable += 1
            elif state == VALID:
                totals.valid += 1
            else:
                totals.invalid += 1
            if isinstance(payload, dict):
                records.append(payload)
            else:
                for line in payload:
                    print(line, file=out)
            advance()
    if fmt == "json":
        document = {
            "ok": totals.exit_code == EXIT_OK,
            "checked_as_complete": require_complete,
            "summary": {
                "files": totals.files,
                "valid": totals.valid,
                "invalid": totals.invalid,
                "unreadable": totals.unreadable,
                "problems": totals.problems,
                "warnings": totals.warnings,
            },
            "files": records,
        }
        print(json.dumps(document, ensure_ascii=False, indent=2), file=out)
    elif totals.files > 1 or (quiet and totals.files):
        print(_total_line(totals), file=out)
    return totals.exit_code


def _record(report: FileReport, warnings: list[Problem]) -> dict[str, Any]:
    response = report.envelope
    return {
        "file": inert(report.file),
        "ok": report.ok,
        "status": response.status if response else None,
        # `province` is form 149's unit, kept for readers of this output; `respondent` holds every field.
        "province": response.respondent.get("province") if response else None,
        "respondent": dict(response.respondent) if response else None,
        "checked_as": report.checked_as if response else None,
        "problems": [{**p.as_dict(), "severity": "error"} for p in report.problems],
        "warnings": [{**w.as_dict(), "severity": "warning"} for w in warnings],
        "confirmed": [
            {"path": w.where, "question": w.ref, "warning": w.id, "message": w.message, "reason": w.reason}
            for w in report.fired
            if w.reason is not None
        ],
    }


def _total_line(totals: Totals) -> str:
    parts = [f"{totals.valid} hợp lệ", f"{totals.invalid} không hợp lệ"]
    if totals.unreadable:
        parts.append(f"{totals.unreadable} không đọc được")
    counts = [f"{totals.problems} lỗi"] if totals.problems else []
    if totals.warnings:
        counts.append(f"{totals.warnings} cảnh báo chưa xác nhận")
    errors = f" ({', '.join(counts)})" if counts else ""
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
