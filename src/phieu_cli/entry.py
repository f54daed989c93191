"""The `phieu` command: a short way in for the command lines that must start fast, typer for everything else.

`phieu validate` on one file should cost little more than starting Python; typer (with Click and pydantic)
alone costs several times that. So a command line this module can read without doubt (`validate` or
`summary` with their own options and paths, nothing unusual) runs the command directly, through the same
function typer's command calls (checkfiles.run_validate, rollup.report.run_summary) and with the same exit
codes and messages (cli.main's rules). Any other command line — help, a typo, an option it does not know, a
value that looks like an option — goes to typer unchanged: typer stays the judge of command lines, help and
usage errors.

tests/test_fast_entry.py runs every example through both ways and compares output and exit codes.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

# Each command the fast path takes: its flags (option -> keyword) and its options with one value (option ->
# keyword, and the values it takes, or None for any value).
_FLAGS = {
    "validate": {"--complete": "complete", "--quiet": "quiet", "-q": "quiet", "--strict": "strict"},
    "summary": {"--force": "force", "-f": "force", "--no-color": "no_color"},
}
_VALUES: dict[str, dict[str, tuple[str, tuple[str, ...] | None]]] = {
    "validate": {"--schema": ("schema", None), "--format": ("format", ("text", "json"))},
    "summary": {
        "--schema": ("schema", None),
        "--output": ("output", None),
        "-o": ("output", None),
        "--view": ("view", None),
        "--by": ("by", None),
    },
}


def read_command_line(args: Sequence[str]) -> tuple[str, dict[str, object], list[str]] | None:
    """(command, options, paths) for `validate …` or `summary …`, or None when typer should read it.

    None for anything unusual: no paths, an unknown or repeated option, an option value that starts with "-"
    or is empty, a value an option does not take, a path that starts with "-" or is empty.
    """
    if not args or args[0] not in _FLAGS:
        return None
    command = args[0]
    flags, values = _FLAGS[command], _VALUES[command]
    chosen: dict[str, object] = {}
    paths: list[str] = []
    rest = list(args[1:])
    only_paths = False
    while rest:
        token = rest.pop(0)
        if only_paths or not token.startswith("-"):
            paths.append(token)
            continue
        if token == "--":
            only_paths = True
            continue
        name, eq, value = token.partition("=")
        if name in flags and not eq:
            key = flags[name]
            if key in chosen:
                return None
            chosen[key] = True
            continue
        if name not in values:
            return None
        key, allowed = values[name]
        if not eq:
            if not rest:
                return None
            value = rest.pop(0)
        if key in chosen or not value or value.startswith("-") or (allowed and value not in allowed):
            return None
        chosen[key] = value
    if not paths or any(p.startswith("-") or not p for p in paths):
        return None
    return command, chosen, paths


def read_validate(args: Sequence[str]) -> dict[str, object] | None:
    """`validate …` as keyword arguments of checkfiles.run_validate, or None (see read_command_line)."""
    read = read_command_line(args)
    if read is None or read[0] != "validate":
        return None
    _, chosen, paths = read
    return {
        "schema": chosen.get("schema"),
        "paths": paths,
        "require_complete": bool(chosen.get("complete")),
        "fmt": chosen.get("format", "text"),
        "quiet": bool(chosen.get("quiet")),
        "strict": bool(chosen.get("strict")),
    }


def utf8_stdio() -> None:
    """Vietnamese must survive a cp1252/cp1258 console or a redirected stream on Windows."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `phieu` script and `python -m phieu_cli`."""
    args = sys.argv[1:] if argv is None else argv
    read = read_command_line(args)
    if read is None:
        from phieu_cli.cli import main as typer_main

        typer_main(argv)
        return
    sys.exit(_run_fast(*read))


def _run_fast(command: str, chosen: dict[str, object], paths: list[str]) -> int:
    """The command, with the exit codes and messages cli.main gives the same outcomes."""
    from phieu_cli.common.errors import EXIT_INTERRUPTED, EXIT_OK, Interrupted, PhieuError

    utf8_stdio()
    try:
        if command == "validate":
            from phieu_cli.responses.checkfiles import run_validate

            schema = chosen.get("schema")
            code = run_validate(
                str(schema) if schema is not None else None,
                paths,
                require_complete=bool(chosen.get("complete")),
                fmt=str(chosen.get("format", "text")),
                quiet=bool(chosen.get("quiet")),
                strict=bool(chosen.get("strict")),
            )
        else:
            from pathlib import Path

            from phieu_cli.rollup.report import run_summary

            def path(key: str) -> Path | None:
                value = chosen.get(key)
                return Path(str(value)) if value is not None else None

            view, by = chosen.get("view"), chosen.get("by")
            run_summary(
                [Path(p) for p in paths],
                output=path("output"),
                view=str(view) if view is not None else None,
                schema=path("schema"),
                force=bool(chosen.get("force")),
                no_color=bool(chosen.get("no_color")),
                by=str(by) if by is not None else None,
            )
            code = EXIT_OK
    except Interrupted as exc:
        print(f"\n{exc}", file=sys.stderr)
        code = exc.exit_code
    except PhieuError as exc:
        from phieu_cli.terminal.report import print_error

        print_error(exc)
        code = exc.exit_code
    except KeyboardInterrupt:
        print("\nĐã dừng theo yêu cầu (Ctrl-C).", file=sys.stderr)
        code = EXIT_INTERRUPTED
    sys.stdout.flush()
    return code
