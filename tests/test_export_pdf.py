"""`phieu export … -o reply.pdf`: read back with pypdf (text, pages, fonts, metadata); no LibreOffice."""

from __future__ import annotations

import io

import pytest

from docs_helpers import run_phieu, write_json
from phieu_cli.documents.layout import (
    CHECKED,
    CLOSING,
    DRAFT_MARK,
    NATIONAL_NAME,
    SIGNING_HINT,
    UNCHECKED,
    build,
)
from phieu_cli.documents.pdf import render_pdf
from samples import CHUA_QUY_DINH, response_dict

pypdf = pytest.importorskip("pypdf")


def _export(tmp_path, capsys, data, *extra):
    source = write_json(tmp_path / "tra_loi.json", data)
    target = tmp_path / "tra_loi.pdf"
    code, _, err = run_phieu(["export", source, "-o", target, *extra], capsys)
    assert code == 0, err
    assert "(PDF)" in err
    return pypdf.PdfReader(str(target)), err


def _fonts(reader) -> dict[str, bool]:
    """Every font the pages use -> whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = False
            if descriptor is not None:
                descriptor = descriptor.get_object()
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def test_pdf_is_a4_with_embedded_fonts_vietnamese_and_boxes(tmp_path, capsys, form149):
    reader, _ = _export(
        tmp_path,
        capsys,
        response_dict(form149, CHUA_QUY_DINH, province="da_nang"),
        "--signer",
        "Nguyễn Văn A",
    )
    assert len(reader.pages) >= 2
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    fonts = _fonts(reader)
    assert fonts and all(fonts.values()), fonts  # every font embedded (no Helvetica reference either)
    assert any("LiberationSerif" in name for name in fonts) and any("DejaVuSans" in name for name in fonts)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        NATIONAL_NAME,
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ ĐÀ NẴNG",
        "Kính gửi: Bộ Thông tin và Truyền thông (Cục Chuyển đổi số quốc gia)",
        "Đang trình UBND tỉnh ban hành quyết định.",
        "Trần Thị Bình",
        CLOSING,
        SIGNING_HINT,
        "- Như trên;",
        "Nguyễn Văn A",
    ):
        assert expected in text, expected
    assert CHECKED in text and UNCHECKED in text
    assert DRAFT_MARK not in text


def test_pdf_metadata(tmp_path, capsys, form149):
    reader, _ = _export(tmp_path, capsys, response_dict(form149, CHUA_QUY_DINH))
    meta = reader.metadata
    assert meta.title == form149.form.form.title
    assert meta.subject == "V/v trả lời Văn bản số 149/BTTTT-CĐSQG ngày 13/01/2023"
    assert meta.author == "Sở Thông tin và Truyền thông"  # the agency from the response
    assert meta.creator == "phieu"
    assert str(reader.trailer["/Root"]["/Lang"]) == "vi-VN"


def test_page_numbers_from_page_two(form149):
    answers = dict(CHUA_QUY_DINH, qbc1="Nội dung dài. " * 400)
    doc = build(form149.form, answers, respondent={"province": "lao_cai"}, status="complete", year=2023)
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(doc)))
    assert len(reader.pages) >= 3
    first = reader.pages[0].extract_text().splitlines()
    assert first[0].strip() != "1"
    for number, page in enumerate(reader.pages[1:], start=2):
        assert page.extract_text().splitlines()[0].strip() == str(number)


def test_draft_is_marked_on_every_page(tmp_path, capsys, form149):
    reader, err = _export(tmp_path, capsys, response_dict(form149, {"q3dd": 2}, status="draft"))
    assert "DỰ THẢO" in err
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert f"{DRAFT_MARK} — chưa hoàn thành" in page.extract_text()
    assert "[chưa trả lời]" in reader.pages[0].extract_text() + reader.pages[1].extract_text()


def _long(words: int) -> str:
    base = "Cổng thông tin điện tử của tỉnh được nâng cấp và vận hành ổn định trong năm qua".split()
    return " ".join(base[i % len(base)] for i in range(words)) + "."


def test_signature_never_alone_on_a_page_for_many_answer_lengths(form149):
    """The lengths step by about one line across more than a page: the last page always carries body text
    above the signature block."""
    pages = set()
    for step in range(-1, 48):
        # step -1: the sample's own short answer, which once left the heading of 7.2 at a page's foot.
        answers = dict(CHUA_QUY_DINH, qbc1=_long(40 + step * 14)) if step >= 0 else CHUA_QUY_DINH
        doc = build(
            form149.form,
            answers,
            respondent={"province": "lao_cai", "agency": "Sở TTTT"},
            status="complete",
            year=2023,
            signer="Nguyễn Văn A",
            signer_title="KT. CHỦ TỊCH - PHÓ CHỦ TỊCH",  # the tallest signature block
        )
        reader = pypdf.PdfReader(io.BytesIO(render_pdf(doc)))
        pages.add(len(reader.pages))
        last = reader.pages[-1].extract_text()
        assert "TM. ỦY BAN NHÂN DÂN" in last
        before = last.split("Nơi nhận")[0]
        assert CLOSING in before, (step, last)
        body = [line for line in before.splitlines() if line.strip() and not line.strip().isdigit()]
        assert len(body) >= 3, (step, last)  # two body lines besides "Trân trọng./."
        # Nor is the heading of the last question left at the foot of the page before.
        if len(reader.pages) > 1:
            previous = [line for line in reader.pages[-2].extract_text().splitlines() if line.strip()]
            assert not previous[-1].strip().startswith("7.2."), (step, previous[-3:])
    assert len(pages) >= 2


def test_pdf_to_stdout_is_a_usage_error(tmp_path, capsys, form149):
    source = write_json(tmp_path / "tra_loi.json", response_dict(form149, CHUA_QUY_DINH))
    code, _, err = run_phieu(["export", source, "--to", "pdf", "-o", "-"], capsys)
    assert code == 2 and "-o - (in ra màn hình)" in err


def test_to_pdf_picks_the_suffix(tmp_path, capsys, form149):
    source = write_json(tmp_path / "tra_loi.json", response_dict(form149, CHUA_QUY_DINH))
    code, _, err = run_phieu(["export", source, "--to", "pdf"], capsys)
    assert code == 0, err
    assert (tmp_path / "tra_loi.pdf").read_bytes().startswith(b"%PDF-")


def test_what_people_typed_is_text_not_markup(form149):
    answers = dict(CHUA_QUY_DINH, q5='Kinh phí < 10% & <b>thiếu</b> "người"\nDòng hai')
    doc = build(form149.form, answers, respondent={"province": "lao_cai"}, status="complete", year=2023)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(render_pdf(doc))).pages)
    assert 'Kinh phí < 10% & <b>thiếu</b> "người"' in text
    assert "Dòng hai" in text
