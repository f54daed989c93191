"""`phieu schema xlsform`: the workbook converts with pyxform (no error, no warning), and the XForm it gives
has every question of the form with the right relevance."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import convert

from docs_helpers import run_phieu
from phieu_cli.form.check import LoadedForm, load_form
from phieu_cli.form.model import Condition
from phieu_cli.xlsform.plan import LANG_EN, LANG_VI, all_fields
from phieu_cli.xlsform.writer import xlsform_bytes
from test_schema_docs import doc_example

XF = "{http://www.w3.org/2002/xforms}"


def _xform(path: Path) -> tuple[str, list[str]]:
    warnings: list[str] = []
    result = convert(xlsform=str(path), warnings=warnings)
    return result.xform, warnings


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("xls") / "phieu_149.xlsx"
    target.write_bytes(xlsform_bytes(load_form()))
    return target


def _binds(xform: str) -> dict[str, dict[str, str]]:
    """Each bind by the last step of its nodeset: its attributes."""
    root = ET.fromstring(xform)
    return {b.attrib["nodeset"].rsplit("/", 1)[-1]: dict(b.attrib) for b in root.iter(f"{XF}bind")}


def _refs(expr: str) -> set[str]:
    """The fields an XPath expression of the XForm refers to (absolute paths, their last step)."""
    return {m.rsplit("/", 1)[-1] for m in re.findall(r"/data(?:/[A-Za-z0-9_]+)+", expr)}


def _cond_questions(cond: Condition, loaded: LoadedForm) -> set[str]:
    """The questions a condition looks at, with those its guarded questions' own conditions look at."""
    found: set[str] = set()
    for leaf in cond.leaves():
        found.add(leaf.question or "")
        question = loaded.form.by_id[leaf.question or ""]
        if question.when is not None:
            found |= _cond_questions(question.when, loaded)
    return found


def _check_structure(loaded: LoadedForm, xform: str) -> None:
    binds = _binds(xform)
    root = ET.fromstring(xform)
    instance = root.find(f".//{XF}instance")
    assert instance is not None
    data = instance[0]
    assert data.attrib["id"] == loaded.form.form.id
    assert data.attrib["version"] == loaded.form.form.version
    # The respondent first, then every question in printed order.
    children = [c.tag.removeprefix(XF) for c in data]
    assert children[0] == "respondent"
    assert [c.tag.removeprefix(XF) for c in data.find(f"{XF}respondent")] == ["province", "agency"]
    # Every field holding part of an answer is in the XForm, with a bind.
    for field in all_fields(loaded.form):
        assert field.name in binds, field.name
        required = binds[field.name].get("required") == "true()"
        if field.path == ():
            assert required == field.question.required, field.name
    questions_in_order = [
        el.tag.removeprefix(XF) for el in data.iter() if el.tag.removeprefix(XF) in loaded.form.by_id
    ]
    assert questions_in_order == [q.id for q in loaded.form.questions]
    # Relevance: a question with a condition refers to exactly the questions it looks at; one without has none.
    for q in loaded.form.questions:
        relevant = binds.get(q.id, {}).get("relevant")
        if q.when is None:
            assert relevant is None, q.id
        else:
            assert relevant is not None, q.id
            assert _refs(relevant) == _cond_questions(q.when, loaded), q.id
    # A follow-up blank or "Khác" text is relevant only when its option is chosen.
    for field in all_fields(loaded.form):
        if field.question.kind in ("single", "multiple") and field.path:
            relevant = binds[field.name].get("relevant", "")
            assert "selected( /data/" in relevant and f"/{field.question.id} , '{field.path[0]}')" in relevant
            expected = {field.question.id} | (
                _cond_questions(field.question.when, loaded) if field.question.when else set()
            )
            assert _refs(relevant) == expected, field.name


def test_form_149_converts_without_error_or_warning(written):
    xform, warnings = _xform(written)
    assert warnings == []
    _check_structure(load_form(), xform)


def test_the_sample_form_with_every_kind_converts_too(tmp_path):
    loaded = load_form(doc_example(tmp_path))
    target = tmp_path / "mau.xlsx"
    target.write_bytes(xlsform_bytes(loaded))
    xform, warnings = _xform(target)
    assert warnings == []
    _check_structure(loaded, xform)
    binds = _binds(xform)
    # Bounds, lengths, phone, dates, choices become constraints.
    assert binds["q1b"]["constraint"] == ". >= 0"
    assert binds["q1dd"]["constraint"] == ". >= date('2000-01-01')"
    assert binds["q5"]["constraint"] == "string-length(.) <= 100"
    assert binds["q4"]["constraint"] == "regex(., '^0[35789][0-9]{8}$')"
    assert binds["q1c"]["constraint"] == (
        "count-selected(.) >= 1 and count-selected(.) <= 3 and "
        "(not(selected(., 'khong_co')) or count-selected(.) = 1)"
    )
    # Conditions: all/any/not, answered, number bounds, an option offered only when…
    assert binds["q1d"]["relevant"] == (
        "(not(selected( /data/chung/q1a , 'co')) and  /data/chung/q1a  != '')"
    )
    # q1b applies only when q1a is "co": a test of q1b is guarded by that condition (phieu's meaning).
    assert binds["q1dd"]["relevant"] == (
        "((selected( /data/chung/q1a , 'co') and  /data/chung/q1b  >= 1) or "
        "(selected( /data/chung/q1c , 'email') or selected( /data/chung/q1c , 'cong')))"
    )
    assert "instance('q1c')/root/item[(name != 'cong' or selected( /data/chung/q1a , 'co'))]" in xform


def test_labels_numbers_languages_and_messages(written):
    book = openpyxl.load_workbook(written)
    assert book.sheetnames == ["survey", "choices", "settings", "phieu"]
    survey = book["survey"]
    header = [c.value for c in survey[1]]
    assert f"label::{LANG_VI}" in header and f"label::{LANG_EN}" in header
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in survey.iter_rows(min_row=2, values_only=True)}
    assert rows["q3dd"][f"label::{LANG_VI}"].startswith("3đ. Số cán bộ thuộc Ban biên tập")
    assert rows["q3dd"][f"label::{LANG_EN}"].startswith("3đ. Number of editorial board staff")
    assert rows["q3dd"]["type"] == "integer"
    assert rows["q3dd"][f"constraint_message::{LANG_VI}"] == "Nhập số nguyên từ 0 đến 10000."
    assert rows["q6b"]["type"] == "select_multiple q6b"
    assert rows["q5"]["appearance"] == "multiline"
    assert rows["q2a__khac__text"]["relevant"] == "selected(${q2a}, 'khac')"
    assert rows["q2a__khac__text"]["required"] == "yes"
    assert rows["q4"]["relevant"] == "selected(${q1}, 'chua_quy_dinh')"
    settings = dict(
        zip([c.value for c in book["settings"][1]], [c.value for c in book["settings"][2]], strict=True)
    )
    assert settings == {
        "form_title": load_form().form.form.title,
        "form_id": "phieu_149",
        "version": "2023.1",
        "default_language": LANG_VI,
    }


def test_the_command_writes_and_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "form.xlsx"
    code, out, err = run_phieu(["schema", "xlsform", "-o", target], capsys)
    assert code == 0, err
    assert f"Đã ghi {target}: 23 câu hỏi" in out
    before = target.read_bytes()
    code, out, err = run_phieu(["schema", "xlsform", "-o", target], capsys)
    assert code == 2 and "--force" in err
    assert target.read_bytes() == before
    code, out, err = run_phieu(["schema", "xlsform", "-o", target, "--force"], capsys)
    assert code == 0


MINIMAL = """\
phieu_schema: 1
form: {id: mau, version: "1", title: Mẫu, issuer: Bộ, letter: {number: "1", date: 2023-01-13}}
respondent:
  province: {label: Tỉnh, options_from: vn_provinces_2023}
  agency: {label: Cơ quan}
sections:
  - id: chung
    title: Chung
    questions:
      - {number: "1", id: province, text: Trùng tên với ô tỉnh, kind: text}
      - number: "2"
        text: Nhóm
        kind: group
        fields:
          - {id: a, label: A, required: false}
          - {id: b, label: B, required: false}
"""


def test_what_xlsform_cannot_say_is_refused(tmp_path, capsys):
    source = tmp_path / "mau.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    target = tmp_path / "mau.xlsx"
    code, _, err = run_phieu(["schema", "xlsform", source, "-o", target], capsys)
    assert code == 1
    assert not target.exists()
    assert 'tên trường XLSForm "province" bị trùng: tỉnh, thành phố và Câu 1' in err
    assert "Câu 2: nhóm bắt buộc mà không ô nào bắt buộc" in err


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java")
def test_odk_validate_accepts_the_xform_of_form_149(written):
    # ODK Validate runs the XForm through JavaRosa, the engine of ODK Collect: relevance and constraint
    # expressions must parse and evaluate there.
    warnings: list[str] = []
    convert(xlsform=str(written), warnings=warnings, validate=True)
    assert warnings == []
