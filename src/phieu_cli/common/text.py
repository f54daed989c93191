"""Vietnamese text helpers: NFC normalisation, diacritic folding, display-width wrapping."""

from __future__ import annotations

import unicodedata

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC; every string that enters phieu goes through here."""
    return unicodedata.normalize("NFC", text)


def nfc_deep(value: Any) -> Any:
    """NFC-normalise every string (keys included) inside nested dicts and lists."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    return value


def fold(text: str) -> str:
    """Lower-case ASCII-ish key for searching: "Đà Nẵng" -> "da nang".

    NFD splits the tone and vowel marks off their letters, but đ/Đ is a letter of its own, not d plus a mark.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def slug(text: str, sep: str = "_") -> str:
    """An ASCII identifier made from printed text: "3đ" -> "3dd", "6b.1" -> "6b_1".

    đ becomes "dd", as Vietnamese Telex spells it, so 3d and 3đ never collide.
    """
    spelled = text.replace("đ", "dd").replace("Đ", "dd")
    folded = fold(spelled)
    out: list[str] = []
    for ch in folded:
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != sep:
            out.append(sep)
    return "".join(out).strip(sep)


def shorten(text: str, limit: int) -> str:
    """At most *limit* characters, cut at a word and ended with "…": for naming a long label in a message."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns *text* takes on a terminal (combining marks take none, wide characters two)."""
    return sum(char_width(ch) for ch in text)


def _cut(word: str, width: int) -> list[str]:
    """Split a word wider than *width* columns into pieces that fit."""
    pieces, piece = [], ""
    for ch in word:
        if piece and display_width(piece) + char_width(ch) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece]


def wrap(text: str, width: int, indent: str = "", subsequent_indent: str | None = None) -> list[str]:
    """Wrap by display width (not len()), breaking at spaces; a word wider than the line is cut."""
    rest = indent if subsequent_indent is None else subsequent_indent
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = indent if not lines else rest
        empty = True
        for word in paragraph.split():
            room = max(width - display_width(rest), 1)
            for piece in _cut(word, room):
                candidate = piece if empty else " " + piece
                if not empty and display_width(line) + display_width(candidate) > width:
                    lines.append(line)
                    line, candidate = rest, piece
                line += candidate
                empty = False
        lines.append(line)
    return lines
