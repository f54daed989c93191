"""Exceptions that end a command, and the exit codes they become (in one place: cli.run_command)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs `phieu validate` start-up time
    from collections.abc import Sequence

    from phieu_cli.common.problems import Problem

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class PhieuError(Exception):
    """A failure with a message for the user; never shown as a traceback."""

    exit_code = EXIT_INVALID


class UsageError(PhieuError):
    """The command cannot start: a missing or unreadable file, a wrong option."""

    exit_code = EXIT_USAGE


class InvalidInput(PhieuError):
    """The input was read but is not valid; carries every problem found."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class Interrupted(PhieuError):
    """The person stopped the command (Ctrl-C). The message says what was kept and how to go on."""

    exit_code = EXIT_INTERRUPTED
