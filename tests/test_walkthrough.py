"""docs/walkthrough.md stays true: the YAML it quotes is the second test form, piece by piece and all of it;
the CSV lines it quotes are in the list; the check's output it shows is what `phieu schema check` prints for
the mistakes it describes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from docs_helpers import run_phieu

HERE = Path(__file__).parent
PAGE = (HERE.parent / "docs" / "walkthrough.md").read_text(encoding="utf-8")
FORM = HERE / "data" / "form_bo_nganh.yaml"
CSV = HERE / "data" / "bo_nganh.csv"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", PAGE, re.MULTILINE | re.DOTALL)


def _body(text: str) -> list[str]:
    """The lines that say something: no blank lines, no comment lines of the file's header."""
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_the_yaml_on_the_page_is_the_form_in_order_and_complete():
    form_text = FORM.read_text(encoding="utf-8")
    quoted = _blocks("yaml")
    assert len(quoted) >= 5
    for block in quoted:
        assert block in form_text, block.splitlines()[0]
    assert _body("".join(quoted)) == _body(form_text)


def test_the_csv_lines_on_the_page_are_in_the_list():
    (block,) = _blocks("csv")
    lines = CSV.read_text(encoding="utf-8").splitlines()
    quoted = [line for line in block.splitlines() if line != "…"]
    assert quoted == lines[: len(quoted)]


def _check(tmp_path: Path, capsys: pytest.CaptureFixture[str], edits: list[tuple[str, str]]) -> str:
    folder = tmp_path / "draft"
    folder.mkdir(parents=True)
    shutil.copy(CSV, folder / CSV.name)
    text = FORM.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    (folder / "form.yaml").write_text(text, encoding="utf-8")
    code, out, err = run_phieu(["schema", "check", folder / "form.yaml"], capsys)
    assert code == 1
    return (out + err).replace(str(folder / "form.yaml"), "form.yaml")


def test_the_checks_output_is_what_phieu_prints(tmp_path, capsys):
    shown = _blocks("text")
    meaning = _check(
        tmp_path,
        capsys,
        [
            ("is: dam_may}", "is: dam_may_}"),
            ("kind: integer\n        min: 1995\n        max: 2025\n", "kind: text\n"),
        ],
    )
    assert meaning in shown
    shape = _check(tmp_path / "2", capsys, [("max_length: 200", "max_lenght: 200")])
    assert shape in shown


def test_the_clean_check_is_what_phieu_prints(capsys):
    code, out, _ = run_phieu(["schema", "check", FORM], capsys)
    assert code == 0
    assert (
        f"$ phieu schema check tests/data/form_bo_nganh.yaml\n{out.replace(str(FORM), 'tests/data/form_bo_nganh.yaml')}"
        in PAGE
    )
