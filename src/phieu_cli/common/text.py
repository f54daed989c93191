"""Vietnamese text helpers: NFC normalisation, diacritic folding, display-width wrapping."""

from __future__ import annotations

import re
import unicodedata

from phieu_cli.common.messages import t

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


# --- What a text read from a file may hold --------------------------------------------------------------------
# Newline and tab, and every other character Unicode calls text. Not: the other C0 controls (NUL, vertical tab,
# ESC, carriage return…), DEL and the C1 controls (they move a terminal's cursor or change its colours, and XML,
# hence DOCX and XLSX, forbids most of them), lone UTF-16 surrogates (a JSON escape such as "\ud800" makes one;
# no UTF-8 output can encode it), and the non-characters U+FFFE/U+FFFF (XML forbids them too).
FORBIDDEN_RANGES = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0xD800, 0xDFFF), (0xFFFE, 0xFFFF))
# The same class as regular-expression text, \uXXXX escapes only: Python's re and ECMA-262 (JSON Schema) agree.
FORBIDDEN_CLASS = "[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in FORBIDDEN_RANGES) + "]"
_FORBIDDEN = re.compile(FORBIDDEN_CLASS)
_CONTROL_NAMES = {"\x00": "NUL", "\x0b": "tab dọc", "\x0c": "sang trang", "\r": "về đầu dòng", "\x1b": "ESC"}


def text_fault(text: str, *, short: bool = False) -> str | None:
    """None when *text* may be kept; otherwise what is wrong with it, in words (common.messages), for a message.

    The one rule for every text read from a file (response answers and keys, answers files, form schemas)
    or typed in the interview. *short*: without the closing explanation (a prompt's one-line error bar).
    """
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    ch = found.group()
    code = f"U+{ord(ch):04X}"
    if "\ud800" <= ch <= "\udfff":
        what = t(
            "nửa cặp thay thế UTF-16 {code} đứng lẻ (thường do mã thoát JSON/YAML như {escape})",
            code=code,
            escape=f"\\u{ord(ch):04x}",
        )
    elif ch in "\ufffe\uffff":
        what = t("ký tự {code} không phải là chữ", code=code)
    else:
        name = _CONTROL_NAMES.get(ch)
        what = t("ký tự điều khiển {code}", code=code) + (f" ({t(name)})" if name else "")
    where = t("chứa {what} ở vị trí {position}", what=what, position=found.start() + 1)
    return where if short else where + t("; văn bản chỉ được có chữ, dấu, xuống dòng và tab")


def inert(text: str) -> str:
    """*text* made safe to print on a terminal or write to any file: every forbidden character (terminal
    escapes included) is shown as its escape, e.g. ESC as "\\x1b", a lone surrogate as "\\ud800"."""
    if _FORBIDDEN.search(text) is None:
        return text
    return _FORBIDDEN.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
