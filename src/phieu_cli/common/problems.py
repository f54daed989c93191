"""A problem found in a file: where it is, which question it concerns, and what is wrong."""

from __future__ import annotations

from phieu_cli.common.text import inert

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Problem:
    """One finding. *where* is a JSON path ("$.answers.q3dd") or a YAML key path; *ref* is "Câu 3đ".

    A plain class, not a dataclass: `dataclasses` costs `phieu validate` several ms at start-up. Immutable and
    compared field by field (not *extra*), as a frozen dataclass would be.
    """

    __slots__ = ("code", "column", "extra", "file", "line", "message", "ref", "where")

    message: str
    file: str | None
    line: int | None
    column: int | None
    where: str | None
    ref: str | None
    code: str
    extra: dict[str, Any]

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        where: str | None = None,
        ref: str | None = None,
        code: str = "invalid",
        extra: dict[str, Any] | None = None,
    ) -> None:
        setter = object.__setattr__
        # A message quotes what a file holds (a key, a value, a file name): made inert here, once, for every
        # reporter (terminal, JSON, XLSX), so no escape sequence or lone surrogate reaches an output.
        setter(self, "message", inert(message))
        setter(self, "file", file if file is None else inert(file))
        setter(self, "line", line)
        setter(self, "column", column)
        setter(self, "where", where if where is None else inert(where))
        setter(self, "ref", ref if ref is None else inert(ref))
        setter(self, "code", code)
        setter(self, "extra", extra if extra is not None else {})

    def _key(self) -> tuple[object, ...]:
        return (self.message, self.file, self.line, self.column, self.where, self.ref, self.code)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Problem)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Problem is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Problem is immutable: cannot delete {name}")

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={getattr(self, name)!r}"
            for name in ("message", "file", "line", "column", "where", "ref", "code", "extra")
        )
        return f"Problem({fields})"

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
