"""All use of rich lives here: consoles that honour NO_COLOR / --no-color and plain output when piped,
and a progress bar that only appears on a terminal for runs long enough to need one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from phieu_cli.common.text import inert

PROGRESS_THRESHOLD = 200  # items; fewer finish before a bar would be worth drawing


def make_console(*, stderr: bool = False, no_color: bool = False) -> Console:
    """A console: colour only on a terminal and only when neither NO_COLOR nor --no-color says otherwise."""
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
    console = console or make_console(stderr=True)
    if total < PROGRESS_THRESHOLD or not console.is_terminal:
        yield lambda: None
        return
    columns = (TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)


def print_table(
    console: Console,
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
    if console.is_terminal:
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
    console = make_console(no_color=no_color)
    for text, tag in lines:
        console.print(Text(text, style=STYLES.get(tag, "")), soft_wrap=True, crop=False, overflow="ignore")
