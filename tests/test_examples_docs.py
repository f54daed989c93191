"""docs/response-format.md stays true: its example is the example file, its sample output is what phieu
prints for such a folder."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from phieu_cli.cli import main

REPO = Path(__file__).resolve().parents[1]
DOC = (REPO / "docs" / "response-format.md").read_text(encoding="utf-8")


def _block(language: str, index: int = 0) -> str:
    return re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.DOTALL)[index]


def test_the_example_is_the_example_file():
    assert _block("json") == (REPO / "examples" / "da_nang_da_quy_dinh.json").read_text(encoding="utf-8")


def test_the_sample_output_is_what_validate_prints(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "tra_loi"
    folder.mkdir()
    shutil.copy(REPO / "examples" / "can_tho_nhap.json", folder / "can_tho.json")
    shutil.copy(REPO / "examples" / "da_nang_da_quy_dinh.json", folder / "da_nang.json")
    hue = json.loads((REPO / "examples" / "da_nang_da_quy_dinh.json").read_text(encoding="utf-8"))
    hue["respondent"] = {"province": "thua_thien_hue", "agency": "Văn phòng UBND tỉnh Thừa Thiên Huế"}
    hue["answers"]["q3dd"] = -1
    hue["answers"]["q4"] = {"khong_thay_doi": {}}
    (folder / "hue.json").write_text(json.dumps(hue, ensure_ascii=False, indent=2), encoding="utf-8")
    shutil.copy(REPO / "examples" / "invalid" / "json_syntax.json", folder / "lao_cai.json")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(["validate", "tra_loi"])
    assert exited.value.code == 1
    assert capsys.readouterr().out.replace("\\", "/") == _block("text")


def test_every_field_of_the_envelope_is_documented():
    from phieu_cli.responses.format import Response

    for name in Response.model_fields:
        assert f"| `{name}" in DOC, name
