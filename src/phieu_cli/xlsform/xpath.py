"""The small part of XLSForm's expression language that phieu can express, parsed into a tree.

Grammar (whitespace free between tokens):

    expr     := and ("or" and)*
    and      := unary ("and" unary)*
    unary    := "not" "(" expr ")" | "(" expr ")" | call | compare | "true()" | "false()"
    call     := ("selected" | "count-selected" | "string-length" | "regex" | "date") "(" args ")"
    compare  := operand OP operand          OP: = != < <= > >=
    operand  := ${name} | "." | name | 'text' | "text" | number | call

Anything else (arithmetic, other functions, paths) is a ParseError with the reason, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\s*(?:(?P<ref>\$\{[^}]*\})|(?P<str>'[^']*'|\"[^\"]*\")|(?P<num>-?[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<op>!=|<=|>=|=|<|>)|(?P<punct>[(),])|(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)|(?P<dot>\.))"
)
FUNCTIONS = {"selected", "count-selected", "string-length", "regex", "date", "not", "true", "false"}


class ParseError(Exception):
    pass


@dataclass(frozen=True)
class Node:
    """kind: or/and/not (args), call (name, args), cmp (name=op, args=[left, right]), ref (name), str (name),
    num (name), dot, name (a bare name such as `name` in a choice_filter), true, false."""

    kind: str
    name: str = ""
    args: tuple[Node, ...] = ()


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ParseError(f"không hiểu biểu thức từ “{text[pos : pos + 20]}”")
        pos = match.end()
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            raise ParseError(f"cần “{value}”" if value else "biểu thức kết thúc giữa chừng")
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.expr()
        if self.peek() is not None:
            raise ParseError(f"thừa “{self.peek()[1]}” ở cuối biểu thức")  # type: ignore[index]
        return node

    def expr(self) -> Node:
        parts = [self.conj()]
        while self.peek() == ("name", "or"):
            self.take()
            parts.append(self.conj())
        return parts[0] if len(parts) == 1 else Node("or", args=tuple(parts))

    def conj(self) -> Node:
        parts = [self.unary()]
        while self.peek() == ("name", "and"):
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else Node("and", args=tuple(parts))

    def unary(self) -> Node:
        token = self.peek()
        if token == ("punct", "("):
            self.take()
            node = self.expr()
            self.take(")")
            return self.maybe_compare(node)
        if token == ("name", "not") and self._next_is_paren():
            self.take()
            self.take("(")
            node = self.expr()
            self.take(")")
            return Node("not", args=(node,))
        return self.maybe_compare(self.operand())

    def _next_is_paren(self) -> bool:
        return self.pos + 1 < len(self.tokens) and self.tokens[self.pos + 1] == ("punct", "(")

    def maybe_compare(self, left: Node) -> Node:
        token = self.peek()
        if token is not None and token[0] == "op":
            self.take()
            right = self.operand()
            return Node("cmp", token[1], (left, right))
        return left

    def operand(self) -> Node:
        kind, value = self.take()
        if kind == "ref":
            return Node("ref", value[2:-1].strip())
        if kind == "str":
            return Node("str", value[1:-1])
        if kind == "num":
            return Node("num", value)
        if kind == "dot":
            return Node("dot")
        if kind == "name":
            if self.peek() == ("punct", "("):
                if value not in FUNCTIONS:
                    raise ParseError(f"hàm {value}() không có trong mẫu phieu")
                self.take("(")
                args: list[Node] = []
                if self.peek() != ("punct", ")"):
                    args.append(self.expr())
                    while self.peek() == ("punct", ","):
                        self.take()
                        args.append(self.expr())
                self.take(")")
                if value in ("true", "false"):
                    return Node(value)
                return Node("call", value, tuple(args))
            return Node("name", value)
        raise ParseError(f"không hiểu “{value}” ở đây")


def parse(text: str) -> Node:
    return _Parser(text).parse()


def conjuncts(node: Node) -> list[Node]:
    """The parts of a conjunction (a node that is not one is its own single part)."""
    if node.kind == "and":
        return [part for arg in node.args for part in conjuncts(arg)]
    return [node]
