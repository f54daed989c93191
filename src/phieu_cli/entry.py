"""The `phieu` command: a short way in for the command lines that must start fast, typer for everything else.

`phieu validate` on one file should cost little more than starting Python; typer (with Click and pydantic)
alone costs several times that. So a command line this module can read without doubt (`validate` with its
own options and paths, nothing unusual) runs the command directly, through the same function typer's command
calls (responses/checkfiles.run_validate) and with the same exit codes and messages (cli.main's rules). Any
other command line — help, a typo, an option it does not know, a value that looks like an option — goes to
typer unchanged: typer stays the judge of command lines, help and usage errors.

tests/test_fast_entry.py runs every example through both ways and compares output and exit codes.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

# validate's options: flags, and options with one value (with the values a fast run accepts, or None: any).
_VALIDATE_FLAGS = {"--complete": "complete", "--quiet": "quiet", "-q": "quiet"}
_VALIDATE_VALUES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "--schema": ("schema", None),
    "--format": ("format", ("text", "json")),
}


def read_validate(args: Sequence[str]) -> dict[str, object] | None:
    """`validate …` as keyword arguments of run_validate, or None when typer should read the command line.

    None for anything unusual: no paths, an unknown or repeated option, an option value that starts with "-"
    or is empty, a value --format does not take, a path that starts with "-".
    """
    if not args or args[0] != "validate":
        return None
    chosen: dict[str, object] = {}
    paths: list[str] = []
    rest = list(args[1:])
    only_paths = False
    while rest:
        token = rest.pop(0)
        if only_paths:
            if not token:
                return None
            paths.append(token)
            continue
        if token == "--":
            only_paths = True
            continue
        if not token.startswith("-"):
            paths.append(token)
            continue
        name, eq, value = token.partition("=")
        if name in _VALIDATE_FLAGS and not eq:
            key = _VALIDATE_FLAGS[name]
            if key in chosen:
                return None
            chosen[key] = True
            continue
        if name not in _VALIDATE_VALUES:
            return None
        key, allowed = _VALIDATE_VALUES[name]
        if not eq:
            if not rest:
                return None
            value = rest.pop(0)
        if key in chosen or not value or value.startswith("-") or (allowed and value not in allowed):
            return None
        chosen[key] = value
    if not paths or any(p.startswith("-") or not p for p in paths):
        return None
    return {
        "schema": chosen.get("schema"),
        "paths": paths,
        "require_complete": bool(chosen.get("complete")),
        "fmt": chosen.get("format", "text"),
        "quiet": bool(chosen.get("quiet")),
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
    plan = read_validate(args)
    if plan is None:
        from phieu_cli.cli import main as typer_main

        typer_main(argv)
        return
    sys.exit(_run_fast(plan))


def _run_fast(plan: dict[str, object]) -> int:
    """run_validate, with the exit codes and messages cli.main gives the same outcomes."""
    from phieu_cli.common.errors import EXIT_INTERRUPTED, Interrupted, PhieuError

    utf8_stdio()
    try:
        from phieu_cli.responses.checkfiles import run_validate

        code = run_validate(
            plan["schema"],  # type: ignore[arg-type]
            plan["paths"],  # type: ignore[arg-type]
            require_complete=bool(plan["require_complete"]),
            fmt=str(plan["fmt"]),
            quiet=bool(plan["quiet"]),
        )
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
