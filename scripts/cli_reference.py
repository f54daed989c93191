"""Write docs/cli.md from the commands' own --help, so the reference cannot drift from the code.

python scripts/cli_reference.py          # rewrite docs/cli.md
python scripts/cli_reference.py --check  # exit 1 if docs/cli.md is out of date (the test suite runs this)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typer.testing import CliRunner

from phieu_cli.cli import app

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
COMMANDS = [
    [],
    ["fill"],
    ["validate"],
    ["show"],
    ["export"],
    ["summary"],
    ["schema"],
    ["schema", "check"],
    ["schema", "json-schema"],
]
WIDTH = 100


def render() -> str:
    runner = CliRunner()
    parts = [
        "# Tham chiếu dòng lệnh / command-line reference",
        "",
        "Sinh tự động từ `--help` của từng lệnh bằng `python scripts/cli_reference.py`; đừng sửa tay.",
        "Generated from each command's `--help` by `python scripts/cli_reference.py`; do not edit by hand.",
    ]
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "--help"], prog_name="phieu", terminal_width=WIDTH)
        if result.exit_code != 0:
            raise SystemExit(f"phieu {' '.join(command)} --help failed: {result.output}")
        title = " ".join(["phieu", *command])
        parts += ["", f"## `{title}`", "", "```text", result.output.rstrip(), "```"]
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that docs/cli.md is up to date")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else ""
        if current != text:
            print(f"{REFERENCE} is out of date: run python scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    REFERENCE.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {REFERENCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
