"""The DOCX reply as a complete official letter: its parts, its styles and properties, and pagination that
never leaves the signature block alone on a page (read back with python-docx; rendered with LibreOffice
when it is installed)."""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from phieu_cli.documents.docx import KEEP_WITH_SIGNATURE, render_docx
from phieu_cli.documents.fonts import width_mm
from phieu_cli.documents.layout import CLOSING, RIGHT_TEXT_MM, SIGNING_HINT, build
from samples import CHUA_QUY_DINH

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _docx(form149, answers=CHUA_QUY_DINH, *, province="lao_cai", agency="Văn phòng UBND tỉnh Lào Cai", **kw):
    respondent = {"province": province, "agency": agency}
    doc = build(form149.form, answers, respondent=respondent, status="complete", year=2023, **kw)
    return render_docx(doc)


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def test_reply_parts_come_from_the_schema(form149):
    document = _open(_docx(form149))
    body = [p.text for p in document.paragraphs]
    reply = form149.form.form.reply
    assert reply is not None
    assert f"Kính gửi: {reply.to}" in body
    assert (
        "Thực hiện Văn bản số 149/BTTTT-CĐSQG ngày 13/01/2023 của Bộ Thông tin và Truyền thông, "
        "Ủy ban nhân dân tỉnh Lào Cai báo cáo như sau:"
    ) in body
    # The order of a letter: addressee, opening, the report, closing, then the signature table.
    assert body.index(f"Kính gửi: {reply.to}") < body.index(
        next(t for t in body if t.startswith("Thực hiện"))
    )
    assert [t for t in body if t.strip()][-1] == CLOSING
    left, right = (c.text.split("\n") for c in document.tables[-1].rows[0].cells)
    assert left == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, …….", ""][: len(left)]
    assert SIGNING_HINT in right


def test_opening_names_a_city_in_lower_case(form149):
    body = [p.text for p in _open(_docx(form149, province="ho_chi_minh")).paragraphs]
    assert any("Ủy ban nhân dân thành phố Hồ Chí Minh báo cáo như sau:" in t for t in body)


def test_copies_from_the_schema_go_between_nhu_tren_and_luu(form149):
    form = copy.deepcopy(form149.form)
    assert form.form.reply is not None
    form.form.reply.copies = ["Sở Thông tin và Truyền thông"]
    doc = build(form, CHUA_QUY_DINH, respondent={"province": "lao_cai"}, status="complete")
    assert doc.signature is not None
    assert doc.signature.recipients == ["Như trên;", "Sở Thông tin và Truyền thông;", "Lưu: VT, ……."]


def test_real_word_styles(form149):
    document = _open(_docx(form149))
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Title"] == [form149.form.form.title]
    sections = form149.form.sections
    assert len(by_style["Heading 1"]) == len(sections)
    assert by_style["Heading 1"][0].upper() == sections[0].title.upper()
    assert "đ) Số cán bộ thuộc Ban biên tập (chịu trách nhiệm về nội dung):" in by_style["Heading 2"]
    for name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        assert style.font.name == "Times New Roman"
        assert str(style.font.color.rgb) == "000000"
        assert style.paragraph_format.keep_with_next
        assert style.element.pPr.find(qn("w:pBdr")) is None  # the template's rule under Title is gone
    outline = document.styles["Heading 1"].element.pPr.find(qn("w:outlineLvl"))
    assert outline is not None and outline.get(qn("w:val")) == "0"  # listed in the navigation pane
    # Body text is the Normal style, not formatting run by run.
    assert "Cổng TTĐT tỉnh được xây dựng năm 2015, nâng cấp năm 2021." in by_style["Normal"]


def test_document_properties_are_its_own(form149):
    data = _docx(form149)
    props = _open(data).core_properties
    assert props.title == form149.form.form.title
    assert props.subject == "V/v trả lời Văn bản số 149/BTTTT-CĐSQG ngày 13/01/2023"
    assert props.author == "Văn phòng UBND tỉnh Lào Cai"
    assert props.language == "vi-VN"
    package = zipfile.ZipFile(io.BytesIO(data))
    names = package.namelist()
    assert not any("thumbnail" in n or "stylesWithEffects" in n or "customXml" in n for n in names)
    for name in names:
        if name.endswith((".xml", ".rels")):
            text = package.read(name).decode("utf-8")
            assert "python-docx" not in text, name
            assert "Macintosh" not in text, name
            assert "thumbnail" not in text, name
            assert "stylesWithEffects" not in text and "customXml" not in text, name
    app = package.read("docProps/app.xml").decode("utf-8")
    assert "<Application>phieu</Application>" in app
    settings = package.read("word/settings.xml").decode("utf-8")
    assert (
        'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
    )


def test_author_without_agency_is_the_committee(form149):
    props = _open(_docx(form149, agency=None)).core_properties
    assert props.author == "Ủy ban nhân dân tỉnh Lào Cai"


def test_last_body_lines_are_kept_with_the_signature(form149):
    document = _open(_docx(form149))
    paragraphs = document.paragraphs
    kept = [p.paragraph_format.keep_with_next for p in paragraphs]
    assert all(kept[-KEEP_WITH_SIGNATURE:]), [p.text for p in paragraphs[-KEEP_WITH_SIGNATURE:]]
    assert paragraphs[-1].text == ""  # the spacer right before the table, kept with it too
    assert any(p.text.startswith("- Số điện thoại di động") for p in paragraphs[-KEEP_WITH_SIGNATURE:])
    # The signature table: its row never splits, and every paragraph but the last keeps with the next.
    table = document.tables[-1]
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    for cell in table.rows[0].cells:
        flags = [bool(p.paragraph_format.keep_with_next) for p in cell.paragraphs]
        assert all(flags[:-1]), flags


def test_letter_number_never_breaks_and_place_date_fits(form149):
    document = _open(_docx(form149, province="ho_chi_minh"))
    head = document.tables[0]
    subject = head.cell(1, 0).paragraphs[-1]
    xml = subject._p.xml
    assert xml.count("<w:noBreakHyphen/>") == 1  # the "-" of 149/BTTTT-CĐSQG
    assert subject.text.replace("\u2060", "") == "V/v trả lời Văn bản số 149/BTTTT-CĐSQG ngày 13/01/2023"
    place = head.cell(1, 1).paragraphs[-1]
    assert place.text == "Thành phố Hồ Chí Minh, ngày …… tháng …… năm 2023"
    size = place.runs[0].font.size.pt
    assert 11 <= size < 13  # shrunk from 13 pt so that it stays on one line
    assert width_mm(place.text, "italic", size) <= RIGHT_TEXT_MM
    short = _open(_docx(form149, province="da_nang")).tables[0].cell(1, 1).paragraphs[-1]
    assert short.runs[0].font.size.pt == 13


# ---------------------------------------------------------------------------------- rendered pages


def _long(words: int) -> str:
    base = "Cổng thông tin điện tử của tỉnh được nâng cấp và vận hành ổn định trong năm qua".split()
    return " ".join(base[i % len(base)] for i in range(words)) + "."


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_signature_never_alone_on_a_page_for_many_answer_lengths(form149, tmp_path):
    """Rendered by LibreOffice: whatever the length of the answers, the last page carries body text above
    the signature block. The lengths step by about a line and a half across more than a page (the PDF test
    steps by one line)."""
    pypdf = pytest.importorskip("pypdf")
    names = []
    for step in range(-1, 32):
        answers = dict(CHUA_QUY_DINH, qbc1=_long(40 + step * 21)) if step >= 0 else CHUA_QUY_DINH
        name = tmp_path / f"reply_{step + 1:02d}.docx"
        # The tallest signature block.
        name.write_bytes(
            _docx(form149, answers, signer="Nguyễn Văn A", signer_title="KT. CHỦ TỊCH - PHÓ CHỦ TỊCH")
        )
        names.append(name)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, names),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pages_seen = set()
    for name in names:
        reader = pypdf.PdfReader(str(name.with_suffix(".pdf")))
        pages_seen.add(len(reader.pages))
        last = reader.pages[-1].extract_text()
        assert "TM. ỦY BAN NHÂN DÂN" in last, name.name
        before = last.split("Nơi nhận")[0]
        assert CLOSING in before, (name.name, last)
        body_lines = [line for line in before.splitlines() if line.strip() and not line.strip().isdigit()]
        assert len(body_lines) >= 2, (name.name, last)  # body text besides "Trân trọng./."
        if len(reader.pages) > 1:
            previous = [line for line in reader.pages[-2].extract_text().splitlines() if line.strip()]
            assert not previous[-1].strip().startswith("7.2."), (name.name, previous[-3:])
    assert len(pages_seen) >= 2  # the lengths did move the signature across a page break


def test_fonts_ship_with_their_licences():
    from phieu_cli.documents.fonts import FACES, FONT_DIR

    for _name, filename in FACES.values():
        assert (FONT_DIR / filename).stat().st_size > 100_000
    assert "SIL Open Font License" in (FONT_DIR / "LICENSE-Liberation.txt").read_text(encoding="utf-8")
    assert "Bitstream" in (FONT_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert Path(FONT_DIR / "README.md").is_file()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_rendered_header_keeps_number_and_place_date_on_their_lines(form149, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    names = []
    for province in ("ho_chi_minh", "ba_ria_vung_tau", "thua_thien_hue"):
        name = tmp_path / f"{province}.docx"
        name.write_bytes(_docx(form149, province=province))
        names.append(name)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, names),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name in names:
        text = pypdf.PdfReader(str(name.with_suffix(".pdf"))).pages[0].extract_text(extraction_mode="layout")
        lines = text.splitlines()
        assert any(re.search(r"ngày …… tháng …… năm 2023", line) and ", ngày" in line for line in lines), name
        assert any("149/BTTTT-CĐSQG" in line for line in lines), name  # never "149/BTTTT-" / "CĐSQG"


def test_a_form_without_reply_has_no_addressee_and_cites_its_issuer(form149):
    form = copy.deepcopy(form149.form)
    form.form.reply = None
    form.form.letter.issued_by = None
    doc = build(form, CHUA_QUY_DINH, respondent={"province": "lao_cai"}, status="complete")
    body = [p.text for p in _open(render_docx(doc)).paragraphs]
    assert not any(t.startswith("Kính gửi") for t in body)
    assert any(
        t.startswith("Thực hiện Văn bản số 149/BTTTT-CĐSQG ngày 13/01/2023 của BỘ THÔNG TIN") for t in body
    )
    # No "Như trên" without an addressee above: the body the reply goes to is named instead.
    assert doc.signature is not None and doc.signature.recipients == [
        "Cục Chuyển đổi số quốc gia;",
        "Lưu: VT, …….",
    ]
