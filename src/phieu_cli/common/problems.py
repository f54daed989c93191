"""A problem found in a file: where it is, which question it concerns, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from phieu_cli.common.text import inert


@dataclass(frozen=True)
class Problem:
    """One finding. *where* is a JSON path ("$.answers.q3dd") or a YAML key path; *ref* is "Câu 3đ"."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    where: str | None = None
    ref: str | None = None
    code: str = "invalid"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        # A message quotes what a file holds (a key, a value, a file name): make it inert here, once, for
        # every reporter (terminal, JSON, XLSX), so no escape sequence or lone surrogate reaches an output.
        for name in ("message", "file", "where", "ref"):
            value = getattr(self, name)
            if value is not None and (clean := inert(value)) is not value:
                object.__setattr__(self, name, clean)

    def location(self) -> str:
        """`file:line:column`, as much of it as is known."""
        parts = [self.file or "-"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self) -> str:
        """One line: `file:line:col: Câu 3đ ($.answers.q3dd): message`."""
        subject = " ".join(p for p in (self.ref, f"({self.where})" if self.where else None) if p)
        return f"{self.location()}: {subject + ': ' if subject else ''}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.where,
            "question": self.ref,
            "code": self.code,
            "message": self.message,
        }


def sort_key(problem: Problem) -> tuple[str, int, int]:
    return (problem.file or "", problem.line or 0, problem.column or 0)


def dotted(path: tuple[str | int, ...]) -> str:
    """A key path as people read it: ("sections", 0, "id") -> "sections[0].id"; ("$", "answers") -> "$.answers"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
