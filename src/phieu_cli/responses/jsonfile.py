"""Strict JSON reading for files people send: every way a file can be broken gets one clear line."""

from __future__ import annotations

import json
import re
import unicodedata

from phieu_cli.common.files import FileTooLarge, NotText, decode_text, read_bytes_limited
from phieu_cli.common.messages import t
from phieu_cli.common.problems import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:  # pathlib and typing cost `phieu validate` start-up time
    from pathlib import Path
    from typing import Any

MAX_JSON_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 4300  # Python's limit for turning digits into an int (sys.get_int_max_str_digits)
_LONG_NUMBER = re.compile(rf"[0-9]{{{MAX_NUMBER_DIGITS + 1},}}")


class JsonFileError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.render())
        self.problem = problem


class _DuplicateKey(ValueError):
    pass


def _fail(
    name: str, message: str, line: int | None = None, column: int | None = None, code: str = "json"
) -> JsonFileError:
    return JsonFileError(Problem(message, file=name, line=line, column=column, code=code))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):  # rare: find which key, for the message
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(name)


# One decoder for every file: json.loads with hooks would build (and compile) a new one per call.
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constants)


def load_json_file(path: Path | str, *, label: str | None = None, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """Parse *path* as one JSON object. Raises UsageError (cannot read) or JsonFileError (not valid JSON)."""
    name = label or str(path)
    return parse_json_text(read_json_text(path, label=name, max_bytes=max_bytes), name)


def read_json_text(path: Path | str, *, label: str | None = None, max_bytes: int = MAX_JSON_BYTES) -> str:
    """The text of *path* (UTF-8, a BOM accepted). Raises UsageError (cannot read) or JsonFileError."""
    name = label or str(path)
    try:
        raw = read_bytes_limited(path, max_bytes)
    except FileTooLarge as exc:
        raise _fail(
            name,
            t("tệp quá lớn ({size:,} byte; tối đa {limit:,} byte)", size=exc.size, limit=exc.limit),
            code="too_large",
        ) from None
    try:
        text = decode_text(raw)
    except NotText as exc:
        line = raw.count(b"\n", 0, exc.offset) + 1  # where to look, in an editor that shows the bytes
        raise _fail(
            name,
            t("không phải tệp văn bản UTF-8 (byte lỗi ở vị trí {offset})", offset=exc.offset),
            line=line,
            code="not_text",
        ) from None
    return text


# What a JSON text can hold raw inside a string that a text may not (common.text.text_fault): a raw C0 control
# is already a syntax error, and a lone surrogate cannot come out of strict UTF-8 decoding. Looked for one by
# one with `in` (a fast search each): a regular expression class is several times slower on Vietnamese text.
_RAW_FORBIDDEN = (*map(chr, range(0x7F, 0xA0)), "\ufffe", "\uffff")


def _has_raw_forbidden(text: str) -> bool:
    for ch in _RAW_FORBIDDEN:
        if ch in text:
            return True
    return False


def json_text_is_nfc(text: str) -> bool:
    """Whether every string parsed from *text* is already NFC and free of forbidden characters (lone
    surrogates, controls: common.text.text_fault), without walking the parsed data.

    True when the text is NFC, has no \\u escape and no raw DEL/C1 control or non-character: the other escapes
    (\\n, \\t, \\", …) stand for characters that never compose and are allowed, so they cannot make a string
    that the text's normal form did not already settle.
    """
    # "\\" first: most files have no backslash at all, and a one-character search is much faster on
    # Vietnamese text (stored two bytes a character) than a two-character one.
    no_escape = "\\" not in text or "\\u" not in text
    return no_escape and unicodedata.is_normalized("NFC", text) and not _has_raw_forbidden(text)


def parse_json_text(text: str, name: str) -> Any:
    """Parse *text* (already decoded) as one JSON object; *name* is the file named in messages."""
    if not text or text.isspace():  # as `not text.strip()`, without copying the text
        raise _fail(name, t("tệp rỗng"), code="empty")
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        # An unterminated string runs to the end of the text: the file stops in the middle, like an early end.
        ends_early = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        what = t("tệp bị cắt cụt giữa chừng" if ends_early else "lỗi cú pháp JSON")
        raise _fail(name, f"{what}: {json_reason(exc.msg)}", exc.lineno, exc.colno) from None
    except _DuplicateKey as exc:
        raise _fail(
            name,
            t('khóa "{key}" xuất hiện hai lần trong cùng một đối tượng', key=exc.args[0]),
            code="duplicate_key",
        ) from None
    except RecursionError:
        raise _fail(name, t("lồng quá sâu (tối đa {limit} cấp)", limit=MAX_DEPTH), code="too_deep") from None
    except ValueError as exc:  # NaN, Infinity, -Infinity; an integer longer than Python converts
        if exc.args[0] not in ("NaN", "Infinity", "-Infinity"):
            found = _LONG_NUMBER.search(text)
            line, column = _position(text, found.start() if found else None)
            raise _fail(
                name,
                t("số quá dài (tối đa {limit:,} chữ số)", limit=MAX_NUMBER_DIGITS),
                line,
                column,
                code="number",
            ) from None
        line, column = _position(text, _outside_strings(text, exc.args[0]))
        raise _fail(
            name,
            t("giá trị {value} không phải là số JSON hợp lệ", value=exc.args[0]),
            line,
            column,
            code="nan",
        ) from None
    if _too_deep(text):
        raise _fail(name, t("lồng quá sâu (tối đa {limit} cấp)", limit=MAX_DEPTH), code="too_deep")
    if not isinstance(data, dict):
        kind = _JSON_KINDS.get(type(data), "null")
        raise _fail(
            name, t("phải là một đối tượng JSON {{...}}, không phải {kind}", kind=t(kind)), code="not_object"
        )
    return data


# What a file holds instead of an object, in words (through t()).
_JSON_KINDS: dict[type, str] = {
    list: "một danh sách",
    str: "một chuỗi",
    int: "một số",
    float: "một số",
    bool: "true/false",
}


def _outside_strings(text: str, token: str) -> int | None:
    """Where *token* first appears outside JSON strings, when that is easy to tell (no escaped quote)."""
    if '\\"' in text:
        return None
    offset = 0
    for i, part in enumerate(text.split('"')):
        found = part.find(token) if i % 2 == 0 else -1
        if found >= 0:
            return offset + found
        offset += len(part) + 1
    return None


def _position(text: str, offset: int | None) -> tuple[int | None, int | None]:
    if offset is None:
        return None, None
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def json_reason(msg: str) -> str:
    """The JSON decoder's English reason (`JSONDecodeError.msg`) in the command's language, phieu's words."""
    return t(_JSON_REASONS.get(msg, "không đọc được"))  # the decoder's own words are English


_JSON_REASONS = {
    "Expecting value": "thiếu giá trị",
    "Expecting ',' delimiter": "thiếu dấu phẩy ','",
    "Expecting ':' delimiter": "thiếu dấu hai chấm ':'",
    "Expecting property name enclosed in double quotes": "tên khóa phải đặt trong dấu ngoặc kép",
    "Unterminated string starting at": "chuỗi chưa đóng ngoặc kép",
    "Extra data": "có dữ liệu thừa sau đối tượng JSON",
    "Invalid control character at": "ký tự điều khiển trong chuỗi",
    "Invalid \\escape": "mã thoát sau dấu \\ không hợp lệ",
    "Invalid \\uXXXX escape": "mã thoát \\u cần đúng 4 chữ số hex",
    "Illegal trailing comma before end of object": "dấu phẩy thừa trước '}'",
    "Illegal trailing comma before end of array": "dấu phẩy thừa trước ']'",
}


# Everything outside JSON strings is ASCII (brackets, separators, numbers, literals, spaces): keep the brackets.
_ONLY_BRACKETS = {i: None for i in range(128) if chr(i) not in "[]{}"}
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')


def _too_deep(text: str) -> bool:
    """Whether arrays and objects nest more than MAX_DEPTH deep in *text* (JSON that has parsed).

    Cheap on purpose, it runs for every file: with no escaped quote in the text every '"' opens or closes a
    string, so splitting on '"' leaves the structure at the even places; otherwise a regular expression
    removes the strings.
    """
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return False
    outside = "".join(text.split('"')[::2]) if '\\"' not in text else _STRING.sub("", text)
    depth = deepest = 0
    for ch in outside.translate(_ONLY_BRACKETS):
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in "]}":
            depth -= 1
    return deepest > MAX_DEPTH
