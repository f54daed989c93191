"""`phieu export` to DOCX: the file is read back with python-docx and checked for text and format."""

from __future__ import annotations

import copy
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from docs_helpers import run_phieu, write_json
from phieu_cli.documents.layout import CHECKED, NATIONAL_MOTTO, NATIONAL_NAME, UNCHECKED
from samples import CHUA_QUY_DINH, DA_QUY_DINH, response_dict

TNR = "Times New Roman"


def _export(tmp_path, capsys, data, *extra):
    source = write_json(tmp_path / "tra_loi.json", data)
    target = tmp_path / "tra_loi.docx"
    code, _, err = run_phieu(["export", source, "-o", target, *extra], capsys)
    assert code == 0, err
    return docx.Document(str(target)), err


def _body_text(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _all_text(document) -> str:
    parts = _body_text(document)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)


def test_page_is_a4_with_decree_30_margins(tmp_path, capsys, form149):
    document, _ = _export(tmp_path, capsys, response_dict(form149, CHUA_QUY_DINH))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]


def test_times_new_roman_everywhere_body_13pt(tmp_path, capsys, form149):
    document, _ = _export(tmp_path, capsys, response_dict(form149, CHUA_QUY_DINH))
    normal = document.styles["Normal"]
    assert normal.font.name == TNR
    assert normal.font.size == Pt(13)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {TNR}
    # Document defaults: no theme font left to override Times New Roman for Vietnamese text.
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    default_fonts = defaults.find(qn("w:rFonts"))
    assert default_fonts.get(qn("w:eastAsia")) == TNR
    assert default_fonts.get(qn("w:asciiTheme")) is None
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    # Every run is Times New Roman (inherited or explicit) except the ballot boxes; sizes 11-14 pt.
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [
        r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    ]
    assert runs
    for run in runs:
        if run.text.strip() in (CHECKED, UNCHECKED):
            continue
        assert run.font.name in (None, TNR), run.text
        assert run.font.size is None or Pt(11) <= run.font.size <= Pt(14), run.text
    # Body paragraphs (outside the letterhead and signature tables) stay at 13-14 pt.
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.font.size in (None, Pt(13), Pt(14)), run.text


def test_letterhead_title_and_signature(tmp_path, capsys, form149):
    data = response_dict(form149, CHUA_QUY_DINH, province="da_nang")
    document, _ = _export(
        tmp_path,
        capsys,
        data,
        "--signer",
        "Nguyễn Văn A",
        "--signer-title",
        "KT. Chủ tịch - Phó Chủ tịch",
    )
    head = document.tables[0]
    left, right = head.cell(0, 0).text, head.cell(0, 1).text
    assert "ỦY BAN NHÂN DÂN" in left and "THÀNH PHỐ ĐÀ NẴNG" in left
    assert NATIONAL_NAME in right and NATIONAL_MOTTO in right
    assert "149/BTTTT-CĐSQG" in head.cell(1, 0).text and "13/01/2023" in head.cell(1, 0).text
    assert head.cell(1, 1).text.startswith("Đà Nẵng, ngày")
    body = _body_text(document)
    assert any(t.startswith("PHIẾU CUNG CẤP THÔNG TIN") for t in body)
    assert any("Kèm theo Văn bản số: 149/BTTTT-CĐSQG" in t for t in body)
    assert "Tỉnh, thành phố trực thuộc Trung ương: Thành phố Đà Nẵng" in body
    sign = document.tables[-1].cell(0, 1).text
    assert sign.split("\n")[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert sign.rstrip().endswith("Nguyễn Văn A")
    assert "Nơi nhận:" in document.tables[-1].cell(0, 0).text
    assert "- Như trên;" in document.tables[-1].cell(0, 0).text


def test_every_question_every_option_and_the_answers(tmp_path, capsys, form149):
    document, _ = _export(tmp_path, capsys, response_dict(form149, CHUA_QUY_DINH))
    body = _body_text(document)
    text = "\n".join(body)
    for question in form149.form.questions:
        assert question.text in text, question.ref
    boxes = [t for t in body if t[:1] in (CHECKED, UNCHECKED)]
    options = sum(len(q.options or []) for q in form149.form.questions)
    assert len(boxes) == options
    chosen = sum(
        len(v) for k, v in CHUA_QUY_DINH.items() if form149.form.by_id[k].kind in ("single", "multiple")
    )
    assert sum(t.startswith(CHECKED) for t in boxes) == chosen
    assert f"{CHECKED}\tChưa quy định theo Thông tư 01/2022/TT-VPCP và Thông tư 11/2022/TT-BTTTT" in body
    assert f"{UNCHECKED}\tĐã quy định theo Thông tư 01/2022/TT-VPCP và Thông tư 11/2022/TT-BTTTT" in body
    assert f"{CHECKED}\tKhác: Trung tâm Giám sát, điều hành đô thị thông minh" in body
    assert "- Lý do: Đang trình UBND tỉnh ban hành quyết định." in body
    assert "đ) Số cán bộ thuộc Ban biên tập (chịu trách nhiệm về nội dung):" in body
    assert "7" in body and "3" in body
    assert "- Họ và tên: Trần Thị Bình" in body and "- Số điện thoại di động: 0905123456" in body
    assert "DỰ THẢO" not in _all_text(document)
    # The ballot boxes name a font that has the glyphs.
    marks = [r for p in document.paragraphs for r in p.runs if r.text.startswith((CHECKED, UNCHECKED))]
    assert marks and {r.font.name for r in marks} == {"Segoe UI Symbol"}


def test_question_that_does_not_apply_says_so(tmp_path, capsys, form149):
    document, _ = _export(tmp_path, capsys, response_dict(form149, DA_QUY_DINH))
    body = _body_text(document)
    index = next(i for i, t in enumerate(body) if t.startswith("4. Nếu chưa quy định"))
    assert body[index + 1].startswith("Không áp dụng (chỉ trả lời khi Câu 1 là “Chưa quy định")
    assert f"{CHECKED}\tĐã quy định theo Thông tư 01/2022/TT-VPCP và Thông tư 11/2022/TT-BTTTT" in body
    assert "- Số Quyết định quy định chức năng nhiệm vụ của Sở TT&TT: 12/2022/QĐ-UBND" in body


def test_draft_is_marked_on_the_page_and_in_every_header(tmp_path, capsys, form149):
    data = response_dict(form149, {"q3dd": 4, "q1": {"chua_quy_dinh": {}}}, status="draft")
    document, err = _export(tmp_path, capsys, data)
    body = _body_text(document)
    assert any(t.startswith("DỰ THẢO") for t in body)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    for header in (section.first_page_header, section.header):
        assert "DỰ THẢO" in "\n".join(p.text for p in header.paragraphs)
    assert "- Lý do: [chưa trả lời]" in body
    assert "bản nháp" in err and "DỰ THẢO" in err and "Câu 1" in err and "Câu BC1" in err
    assert document.core_properties.keywords == "DỰ THẢO"


def test_page_numbers_from_page_two(tmp_path, capsys, form149):
    document, _ = _export(tmp_path, capsys, response_dict(form149, CHUA_QUY_DINH))
    section = document.sections[0]
    fields = section.header._element.findall(".//" + qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE"]
    assert section.first_page_header._element.findall(".//" + qn("w:fldSimple")) == []


def test_decomposed_vietnamese_comes_out_composed(tmp_path, capsys, form149):
    answers = copy.deepcopy(CHUA_QUY_DINH)
    answers["q5"] = unicodedata.normalize("NFD", "Thiếu kinh phí duy trì Cổng")
    data = response_dict(form149, answers, agency=unicodedata.normalize("NFD", "Văn phòng UBND tỉnh"))
    document, _ = _export(tmp_path, capsys, data)
    text = _all_text(document)
    assert "Thiếu kinh phí duy trì Cổng" in text
    assert "Cơ quan cung cấp thông tin: Văn phòng UBND tỉnh" in text
    assert unicodedata.is_normalized("NFC", text)


def test_multiline_answer_keeps_its_lines(tmp_path, capsys, form149):
    answers = copy.deepcopy(CHUA_QUY_DINH)
    answers["q5"] = "Thứ nhất: kinh phí.\nThứ hai: nhân lực."
    document, _ = _export(tmp_path, capsys, response_dict(form149, answers))
    body = _body_text(document)
    assert "Thứ nhất: kinh phí." in body and "Thứ hai: nhân lực." in body


@pytest.mark.parametrize(
    "province, sender, place",
    [
        ("bac_kan", "TỈNH BẮC KẠN", "Bắc Kạn"),
        ("ho_chi_minh", "THÀNH PHỐ HỒ CHÍ MINH", "Thành phố Hồ Chí Minh"),
    ],
)
def test_sender_and_place_follow_the_province(tmp_path, capsys, form149, province, sender, place):
    document, _ = _export(tmp_path, capsys, response_dict(form149, CHUA_QUY_DINH, province=province))
    head = document.tables[0]
    assert sender in head.cell(0, 0).text
    assert head.cell(1, 1).text.startswith(f"{place}, ngày")


def test_output_path_defaults_to_the_response_name(tmp_path, capsys, form149):
    source = write_json(tmp_path / "da_nang.json", response_dict(form149, CHUA_QUY_DINH))
    code, _, err = run_phieu(["export", source], capsys)
    assert code == 0, err
    assert Path(tmp_path / "da_nang.docx").is_file()
