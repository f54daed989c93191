"""All use of rich lives here: consoles that honour NO_COLOR / --no-color and plain output when piped,
and a progress bar that only appears on a terminal for runs long enough to need one.

rich is imported only when something is drawn on a terminal: `phieu summary` piped or redirected prints
plain lines (PlainConsole) and starts without it (issue 12).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from phieu_cli.common.text import inert

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from rich.console import Console

PROGRESS_THRESHOLD = 200  # items; fewer finish before a bar would be worth drawing


def surely_not_terminal(stream: TextIO) -> bool:
    """Whether rich would certainly treat *stream* as no terminal: it is not a tty and neither FORCE_COLOR
    nor TTY_COMPATIBLE (which rich obeys) is set. When in doubt, False: rich decides."""
    if os.environ.get("FORCE_COLOR") is not None or os.environ.get("TTY_COMPATIBLE", "") != "":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return isatty is not None and not isatty()
    except ValueError:  # closed
        return False


class PlainConsole:
    """What a report needs of a rich Console when the output is no terminal, without rich: the lines as they
    are (rich prints them unchanged there: no colour, and `soft_wrap` keeps them whole)."""

    is_terminal = False

    def __init__(self, file: TextIO) -> None:
        self.file = file

    def print(self, text: str = "", *, soft_wrap: bool = True) -> None:
        self.file.write(text + "\n")


def report_console(*, no_color: bool = False) -> Console | PlainConsole:
    """The console a report prints to: plain lines when stdout is surely no terminal, else rich's."""
    if surely_not_terminal(sys.stdout):
        return PlainConsole(sys.stdout)
    return make_console(no_color=no_color)


def make_console(*, stderr: bool = False, no_color: bool = False) -> Console:
    """A console: colour only on a terminal and only when neither NO_COLOR nor --no-color says otherwise."""
    from rich.console import Console

    return Console(
        stderr=stderr,
        no_color=no_color or bool(os.environ.get("NO_COLOR")),
        highlight=False,
        emoji=False,
        markup=False,
    )


@contextmanager
def progress(total: int, description: str, console: Console | None = None) -> Iterator[Callable[[], None]]:
    """Yield an `advance()` callable; draws a bar on stderr when it is a terminal and the run is long."""
    if total < PROGRESS_THRESHOLD or (console is None and surely_not_terminal(sys.stderr)):
        yield lambda: None
        return
    console = console or make_console(stderr=True)
    if not console.is_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)


def print_table(
    console: Console | PlainConsole,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
) -> None:
    """A table of plain strings: drawn by rich on a terminal; piped, a title line then tab-separated lines
    (one write for the whole table, so thousands of rows cost no rich rendering). Cells quote files (names,
    messages): they are printed inert, no escape sequence reaches the terminal."""
    rows = [[inert(cell) for cell in row] for row in rows]
    if not isinstance(console, PlainConsole) and console.is_terminal:
        from rich import box
        from rich.table import Table

        # The title on its own line: as a table title it would wrap to the table's width.
        console.print(title, style="bold")
        table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
        for index, header in enumerate(headers):
            table.add_column(header, justify="right" if index in right else "left", overflow="fold")
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return

    def clean(cell: str) -> str:
        return " ".join(cell.split())

    lines = [title, "\t".join(headers), *("\t".join(clean(c) for c in row) for row in rows), ""]
    console.file.write("\n".join(lines) + "\n")


# How `phieu show` colours the lines of a laid-out document (layout.Style tags). NO_COLOR keeps bold and dim.
STYLES = {
    "head": "bold",
    "title": "bold",
    "note": "italic",
    "draft": "bold magenta",
    "section": "bold",
    "question": "bold",
    "checked": "bold green",
    "na": "dim",
    "missing": "bold red",
    "error": "red",
}


def print_styled(lines: Iterable[tuple[str, str]], *, no_color: bool = False) -> None:
    """Print lines already wrapped to the width (by display width), each in the style its tag names.

    Rich must not wrap again: its cell widths and ours agree on Vietnamese, but a second wrap would break the
    hanging indents.
    """
    from rich.text import Text

    console = make_console(no_color=no_color)
    for text, tag in lines:
        console.print(Text(text, style=STYLES.get(tag, "")), soft_wrap=True, crop=False, overflow="ignore")
