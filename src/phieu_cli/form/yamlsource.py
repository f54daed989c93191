"""Safe YAML loading that remembers where every key and value was written.

yaml.safe_load forgets line numbers, and a form author needs them: we compose the document with the safe
loader (no Python tags, no code), then build plain data from the node tree ourselves, keeping each node's
position under its key path. Aliases are followed with a node budget, so an "alias bomb" (a few lines that
expand to billions of nodes) stops early with a message instead of eating memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from phieu_cli.common.files import FileTooLarge, NotText, decode_text, read_bytes_limited
from phieu_cli.common.problems import Problem, dotted
from phieu_cli.common.text import nfc

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_YAML_NODES = 200_000

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
            [Problem(f"tệp quá lớn ({exc.size:,} byte; tối đa {exc.limit:,})", file=name)]
        ) from None
    except NotText as exc:
        raise YamlError([Problem(f"không phải văn bản UTF-8 (byte thứ {exc.offset})", file=name)]) from None
    return load_yaml_text(text, name, text_scalars=text_scalars)


def load_yaml_text(text: str, name: str, *, text_scalars: bool = False) -> YamlSource:
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"lỗi cú pháp YAML: {exc.problem or exc.context}"
        if exc.context and exc.problem:
            message += f" ({exc.context})"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise YamlError([Problem(message, file=name, line=line, column=col, code="yaml")]) from None
    except yaml.YAMLError as exc:
        raise YamlError([Problem(f"lỗi YAML: {exc}", file=name, code="yaml")]) from None
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
                self._report(node, f"tài liệu YAML mở rộng quá {MAX_YAML_NODES:,} nút (alias lồng nhau?)")
            return None
        self.source.values.setdefault(path, self._mark(node))
        if node.tag not in _PLAIN_TAGS:
            self._report(node, f"thẻ YAML không được hỗ trợ: {node.tag}", path)
            return None
        if isinstance(node, yaml.MappingNode):
            self.constructor.flatten_mapping(node)  # resolves "<<" merge keys the safe way
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    self._report(key_node, "khóa phải là chuỗi", path)
                    continue
                key = nfc(str(key))
                if key in result:
                    self._report(key_node, f"khóa '{key}' bị lặp lại", (*path, key))
                    continue
                self.source.keys.setdefault((*path, key), self._mark(key_node))
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        value = self._scalar(node)
        return nfc(value) if isinstance(value, str) else value

    def _scalar(self, node: yaml.Node) -> Any:
        if self.text_scalars and isinstance(node, yaml.ScalarNode):
            return None if node.tag == "tag:yaml.org,2002:null" else str(node.value)
        return self.constructor.construct_object(node, deep=True)
