"""`phieu export` to HTML and Markdown, and how the command behaves (formats, overwriting, invalid input)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from docs_helpers import run_phieu, write_json
from phieu_cli.documents.layout import CHECKED, UNCHECKED
from phieu_cli.documents.markdown import md_escape
from samples import CHUA_QUY_DINH, DA_QUY_DINH, response_dict

NASTY = '<script>alert("x")</script> & <b>Sở</b>'


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _html(tmp_path, capsys, data, name="tra_loi.html"):
    source = write_json(tmp_path / "tra_loi.json", data)
    target = tmp_path / name
    code, _, err = run_phieu(["export", source, "-o", target], capsys)
    assert code == 0, err
    return target.read_text(encoding="utf-8")


def test_html_escapes_what_people_typed(tmp_path, capsys, form149):
    answers = copy.deepcopy(CHUA_QUY_DINH)
    answers["q5"] = NASTY
    answers["q2b"] = {"khac": {"text": "<img src=x onerror=alert(1)>"}}
    page = _html(tmp_path, capsys, response_dict(form149, answers, agency="Sở <i>TT&TT</i>"))
    assert "<script>" not in page and "<img" not in page and "<i>TT" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Sở&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "link" not in parser.tags
    text = "".join(parser.text)
    assert NASTY in text  # shown to the reader exactly as typed
    assert "Sở <i>TT&TT</i>" in text


def test_html_is_self_contained_and_prints_on_a4(tmp_path, capsys, form149):
    page = _html(tmp_path, capsys, response_dict(form149, CHUA_QUY_DINH))
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in page and '<meta charset="utf-8">' in page
    assert "size: A4 portrait; margin: 20mm 15mm 20mm 30mm;" in page
    # Page numbers from page 2, top centre (CSS paged media margin boxes).
    assert "@top-center { content: counter(page);" in page
    assert "@page :first { @top-center { content: none; } }" in page
    assert "Times New Roman" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert f'<span class="mark">{CHECKED}</span>Chưa quy định' in page
    assert f'<span class="mark">{UNCHECKED}</span>Đã quy định' in page
    assert "THÀNH PHỐ ĐÀ NẴNG" in page and "TM. ỦY BAN NHÂN DÂN" in page
    assert "DỰ THẢO" not in page


def test_html_header_keeps_the_number_whole_and_the_place_on_one_line(tmp_path, capsys, form149):
    page = _html(tmp_path, capsys, response_dict(form149, CHUA_QUY_DINH, province="ho_chi_minh"))
    assert 'V/v trả lời Văn bản số <span class="nowrap">149/BTTTT-CĐSQG</span> ngày 13/01/2023' in page
    assert ".place-date { font-style: italic; white-space: nowrap; }" in page
    # "Thành phố Hồ Chí Minh, ngày … năm 2023" is too wide for the column at 13 pt: set smaller.
    assert '<p class="place-date" style="font-size: 11.5pt">Thành phố Hồ Chí Minh, ngày' in page
    short = _html(tmp_path, capsys, response_dict(form149, CHUA_QUY_DINH, province="da_nang"), "b.html")
    assert '<p class="place-date">Đà Nẵng, ngày' in short


def test_html_draft_has_watermark_and_banner(tmp_path, capsys, form149):
    page = _html(tmp_path, capsys, response_dict(form149, {"q3dd": 1}, status="draft"))
    assert '<div class="watermark" aria-hidden="true">DỰ THẢO</div>' in page
    assert '<p class="draft-note">DỰ THẢO' in page
    assert "<title>[DỰ THẢO]" in page
    # On every printed page, in the page's top margin (the first page too, where there is no number).
    assert '@page { @top-center { content: counter(page) "\\A DỰ THẢO — chưa hoàn thành";' in page
    assert '@page :first { @top-center { content: "DỰ THẢO — chưa hoàn thành"; } }' in page


def test_html_not_applicable(tmp_path, capsys, form149):
    page = _html(tmp_path, capsys, response_dict(form149, DA_QUY_DINH))
    assert '<p class="na">Không áp dụng (chỉ trả lời khi Câu 1 là “Chưa quy định' in page


def test_markdown_reads_like_the_form(tmp_path, capsys, form149):
    source = write_json(tmp_path / "tra_loi.json", response_dict(form149, CHUA_QUY_DINH))
    code, _, err = run_phieu(["export", source, "-o", tmp_path / "tra_loi.md"], capsys)
    assert code == 0, err
    text = (tmp_path / "tra_loi.md").read_text(encoding="utf-8")
    assert "# PHIẾU CUNG CẤP THÔNG TIN" in text
    assert "## 1. Quy định chức năng" in text
    assert "### a) Cơ quan nào đã chủ trì" in text
    assert f"- {CHECKED} Chưa quy định theo Thông tư" in text
    assert "  - Lý do: Đang trình UBND tỉnh ban hành quyết định." in text
    assert f"- {UNCHECKED} Khác: ……" in text
    assert "**TM. ỦY BAN NHÂN DÂN**" in text
    assert "DỰ THẢO" not in text


def test_markdown_to_stdout_and_draft(tmp_path, capsys, form149):
    data = response_dict(
        form149, {"q5": "a *b* _c_ <x>\n- không phải danh sách\n1. cũng không"}, status="draft"
    )
    source = write_json(tmp_path / "nhap.json", data)
    code, out, err = run_phieu(["export", source, "--to", "md", "-o", "-"], capsys)
    assert code == 0, err
    assert out.startswith("> **DỰ THẢO")
    assert r"a \*b\* \_c\_ \<x\>  " in out
    assert "\\- không phải danh sách  \n1\\. cũng không" in out
    assert not list(tmp_path.glob("*.md"))


def test_md_escape():
    assert md_escape("1. a\n+ b\n# c") == "1\\. a\n\\+ b\n\\# c"
    assert md_escape("1. a", block=False) == "1. a"
    assert md_escape("TT&TT [x](y)") == "TT&TT \\[x\\](y)"
    # A line of only "-" or "=" would turn the line above into a heading (setext) or be a rule.
    assert (
        md_escape("Tiêu đề\n---\nTiêu đề\n===\n- - -\n  ==")
        == "Tiêu đề\n\\---\nTiêu đề\n\\===\n\\- - -\n  \\=="
    )
    assert md_escape("a---b\n--x") == "a---b\n--x"


def test_markdown_answer_rule_lines_stay_text(tmp_path, capsys, form149):
    answers = dict(CHUA_QUY_DINH, qbc1="Dòng đầu\n---\nDòng hai\n===")
    source = write_json(tmp_path / "tra_loi.json", response_dict(form149, answers))
    code, out, err = run_phieu(["export", source, "--to", "md", "-o", "-"], capsys)
    assert code == 0, err
    assert "Dòng đầu  \n\\---  \nDòng hai  \n\\===" in out
    # No line of the answer is a bare rule that a Markdown viewer would read as a setext underline.
    lines = out.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("Dòng đầu")))
    assert all(line.strip() not in ("---", "===") for line in lines[start : start + 4])


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reply_parts_and_signing_hint_in_every_format(tmp_path, capsys, form149, fmt):
    from phieu_cli.documents.layout import CLOSING, SIGNING_HINT

    source = write_json(tmp_path / "tra_loi.json", response_dict(form149, CHUA_QUY_DINH))
    code, out, err = run_phieu(["export", source, "--to", fmt, "-o", "-"], capsys)
    assert code == 0, err
    assert "Kính gửi: Bộ Thông tin và Truyền thông (Cục Chuyển đổi số quốc gia)" in out
    assert "Thực hiện Văn bản số 149/BTTTT-CĐSQG ngày 13/01/2023 của Bộ Thông tin và Truyền thông" in out
    assert CLOSING in out and SIGNING_HINT in out
    assert "- Như trên;" in out and "- Lưu: VT, ……." in out
    body = out[out.index("<body") :] if fmt == "html" else out
    assert (
        body.index("Kính gửi") < body.index("PHIẾU CUNG CẤP") < body.index(CLOSING) < body.index("TM. ỦY BAN")
    )


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["-o", "{tmp}/x.odt"], "định dạng nào"),
        (["--to", "md", "-o", "{tmp}/x.docx"], "mâu thuẫn"),
        (["--to", "odt"], "--to 'odt' không hợp lệ"),
        (["--to", "pdf", "-o", "-"], "-o - (in ra màn hình)"),
        (["-o", "-"], "-o - (in ra màn hình)"),
        (["-o", "{tmp}/khong_co/x.docx"], "không có thư mục"),
        (["-o", "{tmp}/tra_loi.json", "--to", "md"], "trùng với tệp vào"),
    ],
)
def test_usage_errors_exit_2(tmp_path, capsys, form149, args, fragment):
    source = write_json(tmp_path / "tra_loi.json", response_dict(form149, CHUA_QUY_DINH))
    code, _, err = run_phieu(["export", source, *[a.format(tmp=tmp_path) for a in args]], capsys)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err


def test_refuses_to_overwrite_without_force(tmp_path, capsys, form149):
    source = write_json(tmp_path / "tra_loi.json", response_dict(form149, CHUA_QUY_DINH))
    target = tmp_path / "tra_loi.html"
    target.write_text("cũ", encoding="utf-8")
    code, _, err = run_phieu(["export", source, "-o", target], capsys)
    assert code == 2 and "--force" in err
    assert target.read_text(encoding="utf-8") == "cũ"
    code, _, err = run_phieu(["export", source, "-o", target, "--force"], capsys)
    assert code == 0, err
    assert "PHIẾU CUNG CẤP THÔNG TIN" in target.read_text(encoding="utf-8")


def test_invalid_response_is_not_exported(tmp_path, capsys, form149):
    answers = copy.deepcopy(CHUA_QUY_DINH)
    answers["q3dd"] = -2
    source = write_json(tmp_path / "tra_loi.json", response_dict(form149, answers))
    code, _, err = run_phieu(["export", source, "-o", tmp_path / "tra_loi.docx"], capsys)
    assert code == 1
    assert "Không xuất" in err and "Câu 3đ ($.answers.q3dd)" in err
    assert not (tmp_path / "tra_loi.docx").exists()


def test_broken_json_and_missing_file(tmp_path, capsys):
    broken = tmp_path / "hong.json"
    broken.write_text('{"format": "phieu-response",', encoding="utf-8")
    code, _, err = run_phieu(["export", broken, "-o", tmp_path / "x.md"], capsys)
    assert code == 1 and "hong.json" in err
    code, _, err = run_phieu(["export", tmp_path / "khong_co.json", "-o", tmp_path / "x.md"], capsys)
    assert code == 2 and "Không tìm thấy tệp" in err


def test_invalid_schema_is_a_usage_error(tmp_path, capsys, form149):
    source = write_json(tmp_path / "tra_loi.json", response_dict(form149, CHUA_QUY_DINH))
    schema = tmp_path / "mau.yaml"
    schema.write_text("phieu_schema: 1\nform: {}\n", encoding="utf-8")
    code, _, err = run_phieu(["export", source, "--schema", schema, "-o", tmp_path / "x.md"], capsys)
    assert code == 2 and "mau.yaml" in err


def test_help_does_not_import_document_libraries():
    code = (
        "import sys\n"
        "from phieu_cli.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(m for m in ('docx', 'openpyxl', 'questionary') if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import json\n" + code], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_draft_without_province_leaves_the_sender_to_fill(tmp_path, capsys, form149):
    data = response_dict(form149, {"q3dd": 2}, status="draft")
    data["respondent"] = {"province": None, "agency": None}
    page = _html(tmp_path, capsys, data)
    assert "TỈNH/THÀNH PHỐ ……" in page and "……, ngày …… tháng …… năm" in page


def test_markdown_export_and_terminal_summary_do_not_import_docx_or_openpyxl(tmp_path, form149):
    source = write_json(tmp_path / "tra_loi.json", response_dict(form149, CHUA_QUY_DINH))
    code = (
        "import json, sys\n"
        "from phieu_cli.cli import main\n"
        f"for args in (['export', {str(source)!r}, '--to', 'md', '-o', '-'], ['summary', {str(tmp_path)!r}]):\n"
        "    try:\n        main(args)\n    except SystemExit as exc:\n        assert exc.code == 0, exc.code\n"
        "print(json.dumps(sorted(m for m in ('docx', 'openpyxl', 'questionary') if m in sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def _chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="no Chromium to print the HTML with")
def test_html_prints_page_numbers_and_draft_mark_in_chromium(tmp_path, capsys, form149):
    """Printed by a headless Chromium as the docs say: no page number on page 1, then 2, 3…; DỰ THẢO at the
    top of every page of a draft; no browser header or footer (file name, date)."""
    pypdf = pytest.importorskip("pypdf")
    _html(tmp_path, capsys, response_dict(form149, {"q3dd": 2}, status="draft"))
    pdf = tmp_path / "in.pdf"
    subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            (tmp_path / "tra_loi.html").as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    if not pdf.exists():
        pytest.skip("Chromium could not print here")
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert "DỰ THẢO — chưa hoàn thành" in text, number
        assert "tra_loi.html" not in text and "file://" not in text
        if number > 1:
            assert lines[0] == str(number), lines[:2]
        else:
            assert lines[0] != "1"
        box = page.mediabox
        assert round(float(box.width) * 25.4 / 72) == 210 and round(float(box.height) * 25.4 / 72) == 297
