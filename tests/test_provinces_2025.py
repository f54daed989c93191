"""A form for today's 34 provinces (`options_from: vn_provinces_2025`) through every command that reads one:
`schema check`, `fill --answers`, `validate`, `show`, `summary`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docs_helpers import run_phieu
from phieu_cli.form.check import load_form
from phieu_cli.interview.machine import Interview

FORM_2025 = Path(__file__).parent / "data" / "form_2025.yaml"


def _answers(tmp_path: Path, province: str, name: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"province: {province}\nagency: Văn phòng UBND\nanswers:\n  '1': da_hop_nhat\n  '2': 4\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def returns(tmp_path, capsys):
    """Two returns filled from answers files: Huế (typed "Huế") and Hồ Chí Minh (typed "tp hcm")."""
    folder = tmp_path / "tra_loi"
    folder.mkdir()
    for province, name in (("Huế", "hue"), ("tp hcm", "hcm")):
        code, _, err = run_phieu(
            [
                "fill",
                "--schema",
                FORM_2025,
                "--answers",
                _answers(tmp_path, province, name),
                "-o",
                folder / f"{name}.json",
            ],
            capsys,
        )
        assert code == 0, err
    return folder


def test_schema_check_accepts_the_2025_set(capsys):
    code, out, err = run_phieu(["schema", "check", FORM_2025], capsys)
    assert code == 0, out + err
    assert "mẫu phiếu hợp lệ" in out


def test_fill_stores_2025_ids_and_validate_accepts_them(returns, capsys):
    stored = json.loads((returns / "hue.json").read_text(encoding="utf-8"))
    assert stored["respondent"]["province"] == "hue"
    assert json.loads((returns / "hcm.json").read_text(encoding="utf-8"))["respondent"]["province"] == (
        "ho_chi_minh"
    )
    code, out, err = run_phieu(["validate", "--schema", FORM_2025, returns], capsys)
    assert code == 0, out + err


def test_validate_rejects_a_2023_only_id(returns, capsys):
    data = json.loads((returns / "hue.json").read_text(encoding="utf-8"))
    data["respondent"]["province"] = "thua_thien_hue"
    bad = returns / "cu.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_phieu(["validate", "--schema", FORM_2025, bad], capsys)
    assert code == 1
    assert 'không có tỉnh, thành phố mã "thua_thien_hue"' in out + err


def test_show_prints_the_2025_name(returns, capsys):
    code, out, err = run_phieu(["show", "--schema", FORM_2025, returns / "hue.json"], capsys)
    assert code == 0, err
    assert "Tỉnh, thành phố: Thành phố Huế" in out


def test_summary_counts_out_of_34(returns, capsys):
    code, out, err = run_phieu(["summary", "--schema", FORM_2025, returns], capsys)
    assert code == 0, err
    assert "Đã có phiếu hợp lệ, hoàn thành: 2/34 tỉnh, thành phố." in out
    assert "Còn thiếu 32/34:" in out and "Thành phố Huế," not in out


def test_a_former_province_name_says_where_it_is_now(tmp_path, capsys):
    code, out, err = run_phieu(
        [
            "fill",
            "--schema",
            FORM_2025,
            "--answers",
            _answers(tmp_path, "Quảng Nam", "qn"),
            "-o",
            tmp_path / "qn.json",
        ],
        capsys,
    )
    assert code == 1
    assert "không có tỉnh, thành phố “Quảng Nam”. Tỉnh Quảng Nam nay thuộc Thành phố Đà Nẵng." in out + err
    assert not (tmp_path / "qn.json").exists()


def test_interview_province_prompt_on_the_2025_set(form149):
    interview = Interview(load_form(FORM_2025).form)
    assert interview.find_choice("province", "hue") == ("hue", None)
    assert interview.find_choice("province", "Đà Nẵng") == ("da_nang", None)
    province, message = interview.find_choice("province", "Thừa Thiên Huế")
    assert province is None
    assert message == "“Thừa Thiên Huế”: Tỉnh Thừa Thiên Huế nay là Thành phố Huế."
    assert interview.find_choice("province", "ba ria vung tau")[1] == (
        "“ba ria vung tau”: Tỉnh Bà Rịa - Vũng Tàu nay thuộc Thành phố Hồ Chí Minh."
    )
    # On the 2023 form the same names are provinces of their own, and an unknown name gets no note.
    old = Interview(form149.form)
    assert old.find_choice("province", "Quảng Nam") == ("quang_nam", None)
    assert old.find_choice("province", "Atlantis")[1] == "Không có tỉnh, thành phố nào khớp với “Atlantis”."
