"""Safe YAML loading that remembers where every key and value was written.

yaml.safe_load forgets line numbers, and a form author needs them: we compose the document with the safe
loader (no Python tags, no code), then build plain data from the node tree ourselves, keeping each node's
position under its key path. Aliases are followed with a node budget, so an "alias bomb" (a few lines that
expand to billions of nodes) stops early with a message instead of eating memory; an alias inside itself
(`&r [*r]`), nesting too deep, a value its tag cannot make (`2023-02-30`, `!!int abc`, a 5,000-digit number)
and text no file may hold (common.text.text_fault) are each a problem at their line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from phieu_cli.common.files import FileTooLarge, NotText, decode_text, read_bytes_limited
from phieu_cli.common.messages import t
from phieu_cli.common.problems import Problem, dotted
from phieu_cli.common.text import nfc, text_fault

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_YAML_NODES = 200_000
MAX_YAML_DEPTH = 64  # a form nests about 8 deep; far below Python's recursion limit

KeyPath = tuple[str | int, ...]

# libyaml's composer is about 15x faster than the pure-Python one and keeps the same marks; both are "safe"
# (composing builds nodes only, and our _Builder constructs plain scalars with the safe constructor).
# Plain data only: a tag such as !!python/object is refused, not silently read as a list or mapping.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlSource:
    """Plain data from a YAML file, with the 1-based (line, column) of every value and every key."""

    file: str
    data: Any
    values: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: KeyPath, *, key: bool = False) -> tuple[int, int] | None:
        """Where *path* was written; for a path that is not there, its nearest written ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        probe = tuple(path)
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def problem(
        self, path: KeyPath, message: str, *, key: bool = False, ref: str | None = None, code: str = "schema"
    ) -> Problem:
        pos = self.position(path, key=key)
        line, column = pos if pos else (None, None)
        return Problem(
            message, file=self.file, line=line, column=column, where=dotted(path), ref=ref, code=code
        )


class YamlError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].render() if problems else "YAML error")
        self.problems = problems


def load_yaml_file(
    path: Path, *, label: str | None = None, max_bytes: int = MAX_YAML_BYTES, text_scalars: bool = False
) -> YamlSource:
    """Read and parse *path*. Raises UsageError if unreadable, YamlError if it is not valid YAML.

    *text_scalars*: keep every key and value as written (strings; an empty value or `~`/`null` is None)
    instead of YAML's guesses, for files people write by hand: `0351234567` stays a phone number (not an
    octal integer), `No` stays a word (not false), `7.1:` stays the key "7.1".
    """
    name = label or str(path)
    try:
        raw = read_bytes_limited(path, max_bytes)
        text = decode_text(raw)
    except FileTooLarge as exc:
        raise YamlError(
            [
                Problem(
                    t("tệp quá lớn ({size:,} byte; tối đa {limit:,})", size=exc.size, limit=exc.limit),
                    file=name,
                )
            ]
        ) from None
    except NotText as exc:
        raise YamlError(
            [Problem(t("không phải văn bản UTF-8 (byte thứ {offset})", offset=exc.offset), file=name)]
        ) from None
    return load_yaml_text(text, name, text_scalars=text_scalars)


def load_yaml_text(text: str, name: str, *, text_scalars: bool = False) -> YamlSource:
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = t("lỗi cú pháp YAML: {reason}", reason=_syntax_vi(exc.problem or exc.context or ""))
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise YamlError([Problem(message, file=name, line=line, column=col, code="yaml")]) from None
    except yaml.YAMLError:
        raise YamlError([Problem(t("lỗi cú pháp YAML"), file=name, code="yaml")]) from None
    source = YamlSource(file=name, data=None)
    if node is None:
        return source
    builder = _Builder(source, text_scalars=text_scalars)
    source.data = builder.build(node, ())
    if builder.problems:
        raise YamlError(builder.problems)
    return source


class _Builder:
    def __init__(self, source: YamlSource, *, text_scalars: bool = False) -> None:
        self.source = source
        self.text_scalars = text_scalars
        self.constructor = yaml.SafeLoader("")
        self.budget = MAX_YAML_NODES
        self.problems: list[Problem] = []
        self.open: set[int] = set()  # the nodes being built, outermost first: an alias to one is a cycle

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def _report(self, node: yaml.Node, message: str, path: KeyPath | None = None) -> None:
        line, col = self._mark(node)
        where = dotted(path) if path is not None else None
        self.problems.append(
            Problem(message, file=self.source.file, line=line, column=col, where=where, code="yaml")
        )

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.budget -= 1
        if self.budget < 0:
            if self.budget == -1:
                self._report(
                    node,
                    t("tài liệu YAML mở rộng quá {limit:,} nút (alias lồng nhau?)", limit=MAX_YAML_NODES),
                )
            return None
        if id(node) in self.open:
            self._report(node, t("alias trỏ vào chính giá trị chứa nó (vòng lặp vô tận)"), path)
            return None
        if len(self.open) >= MAX_YAML_DEPTH:
            self._report(node, t("lồng quá sâu (tối đa {limit} cấp)", limit=MAX_YAML_DEPTH))
            return None
        self.open.add(id(node))
        try:
            return self._build(node, path)
        finally:
            self.open.discard(id(node))

    def _build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.source.values.setdefault(path, self._mark(node))
        if node.tag not in _PLAIN_TAGS:
            self._report(node, t("thẻ YAML không được hỗ trợ: {tag}", tag=node.tag), path)
            return None
        if isinstance(node, yaml.MappingNode):
            try:
                self.constructor.flatten_mapping(node)  # resolves "<<" merge keys the safe way
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark or exc.context_mark or node.start_mark
                line, col = mark.line + 1, mark.column + 1
                message = t("khóa gộp << chỉ ghép được một đối tượng hoặc một danh sách đối tượng")
                self.problems.append(
                    Problem(
                        message, file=self.source.file, line=line, column=col, where=dotted(path), code="yaml"
                    )
                )
                return None
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    if key is not _BAD:
                        self._report(key_node, t("khóa phải là chuỗi"), path)
                    continue
                key = nfc(str(key))
                if (fault := text_fault(key)) is not None:
                    self._report(key_node, t("khóa {fault}", fault=fault), path)
                    continue
                if key in result:
                    self._report(key_node, t("khóa '{key}' bị lặp lại", key=key), (*path, key))
                    continue
                self.source.keys.setdefault((*path, key), self._mark(key_node))
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        value = self._scalar(node, path)
        if value is _BAD:
            return None
        if isinstance(value, str):
            if (fault := text_fault(value)) is not None:
                self._report(node, fault, path)
                return None
            return nfc(value)
        return value

    def _scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        """The value of a scalar node; _BAD (reported) when its tag cannot make one."""
        if self.text_scalars and isinstance(node, yaml.ScalarNode):
            return None if node.tag == "tag:yaml.org,2002:null" else str(node.value)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            self._report(node, _unreadable(node), path)
            return _BAD
        if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:  # 0x… with thousands of digits
            self._report(node, _unreadable(node), path)
            return _BAD
        return value


_BAD = object()
_MAX_INT_BITS = (
    14_000  # about 4,200 decimal digits: below what Python will print (sys.get_int_max_str_digits)
)
_TAG_NAMES = {
    "tag:yaml.org,2002:int": "số nguyên",
    "tag:yaml.org,2002:float": "số",
    "tag:yaml.org,2002:timestamp": "ngày hoặc thời điểm có thật",
    "tag:yaml.org,2002:bool": "true/false",
}


def _unreadable(node: yaml.Node) -> str:
    """Why a scalar cannot be read as its tag says: an impossible date, `!!int abc`, a 5,000-digit number."""
    text = str(node.value)
    shown = text if len(text) <= 40 else text[:20] + t("…({length:,} ký tự)", length=len(text))
    if len(text) > 1000 and node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return t("số quá dài ({length:,} ký tự): ghi trong dấu ngoặc kép nếu là văn bản", length=len(text))
    what = t(_TAG_NAMES.get(node.tag, "giá trị"))
    return t(
        "'{shown}' không phải là {what} hợp lệ (viết trong dấu ngoặc kép nếu là văn bản)",
        shown=shown,
        what=what,
    )


# libyaml words its errors in English; the form author reads Vietnamese. The common ones, by a phrase in them;
# anything else is "lỗi cú pháp YAML" at its line and column.
_SYNTAX_VI = (
    ("cannot start any token", "ký tự không được bắt đầu một giá trị (tab thay cho dấu cách? dấu ` @ %?)"),
    ("mapping values are not allowed", "dấu ':' không đúng chỗ (giá trị có dấu ':' cần đặt trong ngoặc kép)"),
    ("could not find expected ':'", "thiếu dấu ':' sau khóa"),
    ("undefined alias", "alias (*tên) trỏ vào một neo (&tên) chưa có"),
    ("duplicate anchor", "neo (&tên) bị đặt hai lần"),
    ("nesting depth", "lồng quá sâu"),
    ("unknown escape", "mã thoát không hợp lệ sau dấu \\ trong ngoặc kép"),
    ("invalid Unicode character escape", "mã thoát \\u… không phải một ký tự có thật"),
    ("unexpected end of stream", "tệp kết thúc khi chuỗi hoặc ngoặc chưa đóng"),
    ("did not find expected key", "thụt lề không khớp hoặc thiếu khóa"),
    ("did not find expected node content", "thiếu giá trị"),
    ("did not find expected ',' or ']'", "thiếu dấu ',' hoặc ']'"),
    ("did not find expected ',' or '}'", "thiếu dấu ',' hoặc '}'"),
    ("did not find expected '-' indicator", "thụt lề của danh sách không khớp"),
    ("did not find expected comment or line break", "có ký tự thừa sau giá trị"),
    ("did not find expected alphabetic or numeric character", "tên neo/alias trống"),
    ("control characters are not allowed", "có ký tự điều khiển"),
    ("special characters are not allowed", "có ký tự không được phép"),
    ("found a tab character", "dùng tab để thụt lề (YAML chỉ cho dấu cách)"),
    ("expected <block end>", "thụt lề không khớp"),
    ("expected <document start>", "có nội dung thừa sau tài liệu"),
)


def _syntax_vi(problem: str) -> str:
    for phrase, vietnamese in _SYNTAX_VI:
        if phrase in problem:
            return t(vietnamese)
    return t("không đọc được")
