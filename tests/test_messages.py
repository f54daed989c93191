"""The English catalog (common/messages.py): every message phieu says through t() has its English, with the
same fields; labels without English are shown marked."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from phieu_cli.common import messages
from phieu_cli.common.messages import EN, label, set_language, t

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "phieu_cli"


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "text" assignments (layout's fixed wording is passed to t_in by name)."""
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    out[target.id] = node.value.value
    return out


def templates() -> list[tuple[str, int, str]]:
    """(file, line, template) of every t("…") / t_in(lang, "…") / t_in(lang, NAME) call in the package."""
    layout = _constants(ast.parse((PACKAGE / "documents" / "layout.py").read_text(encoding="utf-8")))
    found: list[tuple[str, int, str]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {**layout, **_constants(tree)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            if node.func.id == "t" and node.args:
                arg = node.args[0]
            elif node.func.id == "t_in" and len(node.args) > 1:
                arg = node.args[1]
            else:
                continue
            where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((where, node.lineno, arg.value))
            elif isinstance(arg, ast.Name) and arg.id in names:
                found.append((where, node.lineno, names[arg.id]))
            elif isinstance(arg, ast.IfExp):  # t("a" if x else "b")
                for branch in (arg.body, arg.orelse):
                    if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                        found.append((where, node.lineno, branch.value))
    return found


def dynamic_templates() -> set[str]:
    """Templates looked up by value, not written at the call: t(PERSON_PART_LABELS[part]), the prompts'
    hints by kind, what stopped an interview, why a write failed, the names of control characters, YAML's errors,
    a response's envelope, JSON's errors, a form's types, Click's usage errors."""
    from phieu_cli.common.files import _WRITE_ERRORS
    from phieu_cli.common.text import _CONTROL_NAMES
    from phieu_cli.form.check import _PYDANTIC_VI
    from phieu_cli.form.plain import PERSON_PART_LABELS
    from phieu_cli.form.yamlsource import _SYNTAX_VI, _TAG_NAMES
    from phieu_cli.interview.fill import CONSOLE_CLOSE_EVENTS, STOP_SIGNALS
    from phieu_cli.interview.prompts import HINT_KIND
    from phieu_cli.responses.jsonfile import _JSON_KINDS, _JSON_REASONS
    from phieu_cli.responses.validation import _ENVELOPE_VI
    from phieu_cli.terminal.report import _USAGE_VI

    return {
        *PERSON_PART_LABELS.values(),
        *HINT_KIND.values(),
        *STOP_SIGNALS.values(),
        *CONSOLE_CLOSE_EVENTS.values(),
        "tín hiệu dừng",
        *_WRITE_ERRORS.values(),
        *(name for name in _CONTROL_NAMES.values() if name not in ("NUL", "ESC")),
        *_TAG_NAMES.values(),
        "giá trị",
        *(vietnamese for _, vietnamese in _SYNTAX_VI),
        *_ENVELOPE_VI.values(),
        *_PYDANTIC_VI.values(),
        *(kind for kind in _JSON_KINDS.values() if kind != "true/false"),
        *_JSON_REASONS.values(),
        *(template for _, template in _USAGE_VI),
    }


def _fields(template: str) -> set[str]:
    """The fields of a template; none for a text said without fields (a lone brace is then just a brace)."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return set()


def test_the_scan_finds_the_messages():
    found = {template for _, _, template in templates()}
    assert "Câu {number}" in found and "Kính gửi: {to}" in found and "chưa trả lời" in found
    assert len(found) > 100


def test_every_message_has_its_english_with_the_same_fields():
    missing = [f"{where}: {template!r}" for where, _, template in templates() if template not in EN]
    missing += [template for template in dynamic_templates() if template not in EN]
    assert not missing, "\n".join(missing)
    for vi, en in EN.items():
        assert _fields(vi) == _fields(en), (vi, en)
        assert en.strip(), vi


def test_every_english_entry_is_used():
    used = {template for _, _, template in templates()} | dynamic_templates()
    assert not [vi for vi in EN if vi not in used]


def test_english_is_chosen_once_and_labels_fall_back_marked():
    assert t("Câu {number}", number="3đ") == "Câu 3đ"
    set_language("en")
    assert t("Câu {number}", number="3đ") == "Question 3đ"
    assert label("Lý do", "Reason") == "Reason"
    assert label("Lý do", None) == "[vi] Lý do"
    set_language("vi")
    assert label("Lý do", "Reason") == "Lý do"
    with pytest.raises(ValueError):
        set_language("fr")
    assert messages.language() == "vi"
