"""docs/schema.md: its complete example loads clean and every kind and condition round-trips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from phieu_cli.form.check import check_form_file, load_form
from phieu_cli.form.conditions import holds
from phieu_cli.form.model import Form

DOC = Path(__file__).resolve().parents[1] / "docs" / "schema.md"


def doc_example(tmp_path: Path) -> Path:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    [example] = [b for b in blocks if b.startswith("phieu_schema: 1")]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    return path


def test_doc_example_is_clean(tmp_path):
    assert check_form_file(doc_example(tmp_path)) == []


def test_doc_example_uses_every_kind_and_condition_form(tmp_path):
    form = load_form(doc_example(tmp_path)).form
    assert {q.kind for q in form.questions} == {
        "single",
        "multiple",
        "integer",
        "long_text",
        "date",
        "group",
        "person",
        "phone",
        "text",
    }
    conditions = [q.when for q in form.questions if q.when] + [
        o.when for q in form.questions for o in q.options or [] if o.when
    ]
    used = set()
    for cond in conditions:
        stack = [cond]
        while stack:
            c = stack.pop()
            used |= {
                name
                for name in ("is_", "answered", "min", "all", "any", "not_")
                if getattr(c, name) is not None
            }
            stack += (c.all or []) + (c.any or []) + ([c.not_] if c.not_ else [])
    assert used == {"is_", "answered", "min", "all", "any", "not_"}


def test_models_round_trip(tmp_path):
    form = load_form(doc_example(tmp_path)).form
    dumped = form.model_dump(by_alias=True, exclude_none=True)
    again = Form.model_validate(dumped)
    assert again == form
    assert again.by_number["1đ"].id == "q1dd"


@pytest.mark.parametrize(
    ("answers", "q1b", "q1d", "q1dd"),
    [
        ({}, False, False, False),
        ({"q1a": {"co": {}}}, True, False, False),
        ({"q1a": {"chua": {}}}, False, True, False),
        ({"q1a": {"co": {}}, "q1b": 2}, True, False, True),
        ({"q1a": {"co": {}}, "q1b": 0}, True, False, False),
        ({"q1a": {"chua": {}}, "q1c": {"email": {}}}, False, True, True),
    ],
)
def test_conditions_evaluate(tmp_path, answers, q1b, q1d, q1dd):
    form = load_form(doc_example(tmp_path)).form
    assert holds(form.by_id["q1b"].when, answers) is q1b
    assert holds(form.by_id["q1d"].when, answers) is q1d
    assert holds(form.by_id["q1dd"].when, answers) is q1dd
