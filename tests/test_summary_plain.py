"""`phieu summary`'s text report on the plain form (issue 12): the compiled form from the cache, no YAML,
pydantic or rich when the output is no terminal, and the very bytes the whole form (pydantic) and rich print.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docs_helpers import entry_in_new_process
from phieu_cli.form.check import load_form_for_use
from phieu_cli.rollup.analysis import analyse, find_files, summarise
from phieu_cli.rollup.report import print_report, run_summary
from phieu_cli.terminal import console as terminal_console
from phieu_cli.terminal.console import PlainConsole, make_console
from test_second_form import ANSWERS, _fill_answers, response  # noqa: F401 (a fixture)
from test_second_form import FORM as BO_NGANH

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def _full_report(inputs: list[Path], schema: Path | None) -> None:
    """The report as it was made before issue 12: the whole form (YAML, pydantic) and a rich console."""
    loaded = load_form_for_use(schema)
    summary = summarise(loaded, find_files(inputs))
    analysis = analyse(summary)
    print_report(make_console(), summary, analysis, saved=None)


def _both(inputs: list[Path], schema: Path | None, capsys) -> tuple[str, str]:
    run_summary(inputs, schema=schema)
    plain = capsys.readouterr().out
    _full_report(inputs, schema)
    full = capsys.readouterr().out
    return plain, full


@pytest.mark.parametrize("terminal", [False, True], ids=["piped", "terminal"])
@pytest.mark.parametrize(
    "inputs", [[EXAMPLES], [EXAMPLES, EXAMPLES / "invalid"], [EXAMPLES / "invalid"]], ids=str
)
def test_the_plain_report_prints_what_the_whole_form_printed(inputs, terminal, capsys, monkeypatch):
    if terminal:  # rich draws its tables: the plain form must give it the same rows and titles
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("COLUMNS", "120")
    else:
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    plain, full = _both(inputs, None, capsys)
    assert "Tổng hợp" in plain
    assert plain == full


def test_the_plain_report_of_another_form_with_warnings_and_a_csv_list(response, tmp_path, capsys):  # noqa: F811
    second = ANSWERS.replace("bo y te", "Bộ Tư pháp").replace('"5": 0', '"5": 3')
    code, _, err = _fill_answers(capsys, tmp_path, second, name="tu_phap")
    assert code == 0, err
    plain, full = _both([response.parent], BO_NGANH, capsys)
    assert "Cảnh báo" in plain and "2/17 bộ, cơ quan ngang bộ" in plain
    assert plain == full


def test_a_piped_report_uses_no_rich(monkeypatch, capsys):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    made = []
    monkeypatch.setattr(terminal_console, "make_console", lambda **kw: made.append(kw))
    run_summary([EXAMPLES])
    assert made == []
    assert isinstance(terminal_console.report_console(), PlainConsole)
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich would draw for a terminal: it decides
    assert not isinstance(terminal_console.report_console(), PlainConsole)
    capsys.readouterr()


def test_summary_with_a_warm_cache_loads_no_pydantic_yaml_or_rich(tmp_path):
    env = {**os.environ, "PHIEU_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("FORCE_COLOR", None)
    env.pop("TTY_COMPATIBLE", None)
    heavy = {"typer", "click", "pydantic", "yaml", "rich", "questionary", "openpyxl"}
    cold = entry_in_new_process("summary", EXAMPLES, env, heavy)
    assert cold[-1].startswith("0 ['")  # the first run loads the YAML (and pydantic)
    warm = entry_in_new_process("summary", EXAMPLES, env, heavy)
    assert warm[-1] == "0 []"
    assert warm[:-1] == cold[:-1]
    assert "Đã có phiếu hợp lệ, hoàn thành" in "\n".join(warm)
