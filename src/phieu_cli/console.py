"""All use of rich lives here: consoles that honour NO_COLOR / --no-color and plain output when piped,
and a progress bar that only appears on a terminal for runs long enough to need one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

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
