"""`phieu export --blank`: the form as printed with nothing filled in, in every format, read back (DOCX with
python-docx, PDF with pypdf, HTML parsed, Markdown as text) and checked against the schema it came from."""

from __future__ import annotations

import os
import re
import stat
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

from docs_helpers import run_phieu, write_json
from phieu_cli.documents.blank import build_blank
from phieu_cli.documents.layout import (
    CHECKED,
    CLOSING,
    LEFT_EMPTY,
    MISSING,
    NATIONAL_NAME,
    NOT_APPLICABLE,
    SIGNING_HINT,
    TEXT_WIDTH_MM,
    UNCHECKED,
    Document,
    is_single,
    printed_label,
)
from phieu_cli.form.check import load_form
from samples import CHUA_QUY_DINH, response_dict

pypdf = pytest.importorskip("pypdf")

FORM_2025 = Path(__file__).parent / "data" / "form_2025.yaml"
SECOND_FORM = Path(__file__).parent / "data" / "form_bo_nganh.yaml"
FORMATS = ("docx", "pdf", "html", "md")


class _Text(HTMLParser):
    """The text of an HTML page (what a browser shows, less the CSS)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = False

    def handle_starttag(self, tag, attrs):
        self.skip = tag in ("style", "title")

    def handle_endtag(self, tag):
        self.skip = False

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _read(path: Path) -> str:
    """The text a person reads in the exported file."""
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
        return "\n".join(parts)
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        parser = _Text()
        parser.feed(text)
        return "".join(parser.parts)
    return text


def _squeezed(text: str) -> str:
    """Without any white space: a line wrapped anywhere (PDF text) still matches."""
    return "".join(text.split())


def _export_blank(tmp_path, capsys, fmt: str, *extra: str) -> str:
    target = tmp_path / f"phieu_trong.{fmt}"
    code, out, err = run_phieu(["export", "--blank", "-o", target, *extra], capsys)
    assert code == 0, err
    assert "phiếu trống" in err and out == ""
    return _read(target)


def _headings(doc: Document) -> list[str]:
    """Every question as the paper prints it: "1. Quy định …", "a) Cơ quan nào …", "6b.1. Có nên …"."""
    out = []
    for section in doc.sections:
        for question in section.questions:
            if is_single(section):
                out.append(f"{section.number}. {question.text}")
            else:
                label = printed_label(section, question)
                out.append(f"{label} {question.text}" if label else question.text)
    return out


def _assert_blank_form(text: str, loaded, fmt: str) -> None:
    form = loaded.form
    flat = _squeezed(text)
    doc = build_blank(form)
    for heading in _headings(doc):
        assert _squeezed(heading) in flat, heading
    labels = [o.label for q in form.questions if q.options for o in q.options]
    for label in labels:
        assert _squeezed(label) in flat, label
    for field in form.respondent.values():
        assert _squeezed(field.label) in flat, field.label
    # Every option as an empty box, none ticked.
    assert text.count(UNCHECKED) == len(labels), fmt
    assert CHECKED not in text
    # Nothing of a response: no markers of an unanswered or skipped question, no reply letter around it.
    for absent in (
        MISSING,
        LEFT_EMPTY,
        NOT_APPLICABLE,
        NATIONAL_NAME,
        CLOSING,
        SIGNING_HINT,
    ):
        assert absent.casefold() not in text.casefold(), absent
    assert "Kính gửi" not in text and "Nơi nhận" not in text and "DỰ THẢO" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_blank_form_149_in_every_format(tmp_path, capsys, form149, fmt):
    text = _export_blank(tmp_path, capsys, fmt)
    _assert_blank_form(text, form149, fmt)
    flat = _squeezed(text)
    # A question asked only in some cases is shown, with the instruction that says when.
    assert _squeezed("Chỉ trả lời khi Câu 1 là “Chưa quy định theo Thông tư") in flat
    assert _squeezed("Chỉ trả lời khi Câu 6b.1 là “Có”") in flat
    # A person's parts side by side on dotted lines; "Khác" and "Lý do" followed by dots.
    assert _squeezed("Họ và tên: .....") in flat and _squeezed("Số điện thoại di động:") in flat
    assert "Khác:....." in flat or fmt in ("docx", "html")  # DOCX, HTML: a leader, not characters


@pytest.mark.parametrize("fmt", FORMATS)
def test_blank_carries_no_answer_of_any_response(tmp_path, capsys, form149, fmt):
    # A response lying next to it changes nothing: the blank reads only the form.
    write_json(tmp_path / "tra_loi.json", response_dict(form149, CHUA_QUY_DINH, province="da_nang"))
    text = _export_blank(tmp_path, capsys, fmt)
    for value in ("Đang trình UBND tỉnh ban hành quyết định.", "Trần Thị Bình", "0905123456", "Đà Nẵng"):
        assert value not in text


def test_docx_dotted_lines_reach_the_right_margin(tmp_path, capsys):
    target = tmp_path / "trong.docx"
    code, _, err = run_phieu(["export", "--blank", "-o", target], capsys)
    assert code == 0, err
    paragraphs = docx.Document(str(target)).paragraphs

    def leader(paragraph) -> bool:
        stops = paragraph.paragraph_format.tab_stops
        return "\t" in paragraph.text and any(
            s.alignment == WD_TAB_ALIGNMENT.RIGHT
            and s.leader == WD_TAB_LEADER.DOTS
            and round(s.position.mm) == TEXT_WIDTH_MM
            for s in stops
        )

    texts = [p.text for p in paragraphs]
    q5 = next(i for i, t in enumerate(texts) if t.startswith("5. Những vấn đề vướng mắc"))
    # The long answer of question 5: whole dotted lines up to the next question.
    body = paragraphs[q5 + 1 : next(i for i in range(q5 + 1, len(texts)) if texts[i].startswith("6."))]
    assert len(body) >= 4 and all(leader(p) and not p.text.strip() for p in body)
    reason = next(p for p in paragraphs if p.text.startswith("- Lý do:"))
    assert leader(reason)
    other = next(p for p in paragraphs if p.text.endswith("Khác: \t"))
    assert leader(other)
    for part in ("Thường trực Ban Biên tập", "Tỉnh, thành phố trực thuộc Trung ương", "Cơ quan cung cấp"):
        line = next(p for p in paragraphs if part in p.text)
        assert leader(line), part
    # The lines of one answer, and a box with its dotted lines, are kept on one page; so is the instruction
    # of a conditional question with what follows it.
    assert all(p.paragraph_format.keep_with_next for p in body[:-1])
    chua = next(p for p in paragraphs if p.text.startswith(f"{UNCHECKED}\tChưa quy định"))
    assert chua.paragraph_format.keep_with_next
    instruction = next(p for p in paragraphs if p.text.startswith("(Chỉ trả lời khi Câu 1 là"))
    assert instruction.paragraph_format.keep_with_next
    # Question 3đ (a number) gets a short run of dots, not a whole line.
    q3dd = next(i for i, t in enumerate(texts) if t.startswith("đ) Số cán bộ"))
    assert set(texts[q3dd + 1]) == {"."} and 10 < len(texts[q3dd + 1]) < 60


def test_pdf_long_answers_get_whole_dotted_lines_on_the_page_of_their_question(tmp_path, capsys, form149):
    target = tmp_path / "trong.pdf"
    code, _, err = run_phieu(["export", "--blank", "-o", target], capsys)
    assert code == 0, err
    reader = pypdf.PdfReader(str(target))
    pages = [[line.strip() for line in page.extract_text().splitlines()] for page in reader.pages]
    long_answers = [q for q in form149.form.questions if q.kind == "long_text"]
    assert len(long_answers) == 6  # BC1-BC4, 5, 6b.2
    for question in long_answers:
        heading = f"{question.number}. " if question.number[0].isdigit() else f"{question.number}."
        (page,) = [lines for lines in pages if any(line.startswith(heading) for line in lines)]
        start = next(i for i, line in enumerate(page) if line.startswith(heading))
        after = [line for line in page[start + 1 :] if not line.startswith("(")]  # 6b.2's instruction
        after = after[next(i for i, line in enumerate(after) if set(line) == {"."}) :]
        dotted = next((i for i, line in enumerate(after) if set(line) != {"."}), len(after))
        # The whole answer with its question: no page break inside (first line and five whole lines).
        assert dotted == 6, (question.number, after[:8])
        assert all(len(line) > 100 for line in after[:dotted]), question.number


def test_html_draws_dots_to_the_edge_and_stays_self_contained(tmp_path, capsys):
    target = tmp_path / "trong.html"
    code, _, err = run_phieu(["export", "--blank", "-o", target], capsys)
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert "<script" not in page and "http" not in page
    assert '<span class="fill rest"></span>' in page and ".filled { overflow: hidden; }" in page


def test_markdown_to_standard_output(tmp_path, capsys, form149):
    code, out, err = run_phieu(["export", "--blank", "--to", "md", "-o", "-"], capsys)
    assert code == 0, err
    _assert_blank_form(out, form149, "md")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("schema", "title"),
    [
        # another issuer, today's 34 provinces, no annex line, a number blank
        (FORM_2025, "PHIẾU KHẢO SÁT CỔNG THÔNG TIN ĐIỆN TỬ CẤP TỈNH"),
        # ministries from a CSV, three respondent fields (one optional), no cover letter
        (FORM_2025.parent / "form_ministries.yaml", "PHIẾU KHẢO SÁT CỔNG THÔNG TIN ĐIỆN TỬ CÁC BỘ"),
        # the second form of issue 13 §5: ministries, no letter, warnings, a condition on a multiple choice
        (SECOND_FORM, "PHIẾU KHẢO SÁT CỔNG THÔNG TIN ĐIỆN TỬ CỦA CÁC BỘ, CƠ QUAN NGANG BỘ"),
    ],
    ids=["form_2025", "form_ministries", "form_bo_nganh"],
)
def test_another_schema(tmp_path, capsys, fmt, schema, title):
    loaded = load_form(schema)
    text = _export_blank(tmp_path, capsys, fmt, "--schema", str(schema))
    _assert_blank_form(text, loaded, fmt)
    assert _squeezed(title) in _squeezed(text)
    assert "Cổng TTĐT" not in text and "149/BTTTT" not in text
    if schema == SECOND_FORM:  # the condition on a multiple choice, printed
        assert _squeezed("(Chỉ trả lời khi Câu 2 có chọn “Điện toán đám mây”)") in _squeezed(text)
    # Every respondent field of the form is a dotted line to fill, the optional one too.
    flat = _squeezed(text)
    for field in loaded.form.respondent.values():
        assert _squeezed(f"{field.label}: ...") in flat or fmt in ("docx", "html"), field.label


def test_default_output_is_named_after_the_form(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_phieu(["export", "--blank", "--schema", FORM_2025, "--to", "pdf"], capsys)
    assert code == 0, err
    assert (tmp_path / "khao_sat_2025_trong.pdf").is_file()
    code, _, err = run_phieu(["export", "--blank"], capsys)
    assert code == 0, err
    assert (tmp_path / "phieu_149_trong.docx").is_file()
    # Not over an existing file without --force.
    code, _, err = run_phieu(["export", "--blank"], capsys)
    assert code == 2 and "--force" in err


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_blank_is_readable_by_others(tmp_path, capsys):
    # Nothing personal in it: the ordinary permissions, unlike a filled-in reply (owner only).
    old = os.umask(0o022)
    try:
        code, _, err = run_phieu(["export", "--blank", "-o", tmp_path / "trong.md"], capsys)
    finally:
        os.umask(old)
    assert code == 0, err
    assert stat.S_IMODE((tmp_path / "trong.md").stat().st_mode) == 0o644


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--blank", "{response}"], ["--blank", "không dùng kèm tệp trả lời", "tra_loi.json"]),
        (["{response}", "--blank", "-o", "{tmp}/x.docx"], ["không dùng kèm tệp trả lời"]),
        (["--blank", "--signer", "Nguyễn Văn A"], ["không có khối ký", "--signer"]),
        (["--blank", "--to", "odt"], ["--to 'odt' không hợp lệ"]),
        (["--blank", "-o", "-"], ["-o - (in ra màn hình)"]),
        ([], ["thiếu TỆP_TRẢ_LỜI", "--blank"]),
    ],
)
def test_usage_errors(tmp_path, capsys, form149, args, fragments):
    response = write_json(tmp_path / "tra_loi.json", response_dict(form149, CHUA_QUY_DINH))
    filled = [a.format(response=response, tmp=tmp_path) for a in args]
    code, out, err = run_phieu(["export", *filled], capsys)
    assert code == 2, err
    for fragment in fragments:
        assert fragment in err, fragment
    assert "Traceback" not in err and out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tra_loi.json"]  # nothing written


def test_every_kind_of_blank_is_sized_to_what_it_holds(tmp_path):
    """A form with a date, a phone, a person with a position, a group and a condition on a multiple choice."""
    schema = tmp_path / "form.yaml"
    schema.write_text(
        textwrap.dedent(
            """\
            phieu_schema: 1
            form:
              id: bo_nganh
              version: "1"
              title: PHIẾU KHẢO SÁT CÁC BỘ
              title_en: SURVEY OF THE MINISTRIES
              issuer: BỘ KHOA HỌC VÀ CÔNG NGHỆ
              letter: {number: 2/BKHCN, date: 2025-09-01}
            respondent:
              province: {label: "Tỉnh, thành phố", options_from: vn_provinces_2025}
              agency: {label: Đơn vị}
            sections:
              - id: s1
                number: "1"
                title: Chung
                questions:
                  - number: 1a
                    text: Các kênh đang dùng
                    text_en: Channels in use
                    kind: multiple
                    options:
                      - {id: web, label: Cổng thông tin, label_en: Portal}
                      - {id: app, label: Ứng dụng, label_en: App}
                  - number: 1b
                    text: Ngày ra mắt ứng dụng
                    text_en: Launch date of the app
                    kind: date
                    when: {question: q1a, is: app}
                  - number: 1c
                    text: Số điện thoại đường dây nóng
                    kind: phone
                  - number: 1d
                    text: Người phụ trách
                    kind: person
                    person_fields: [name, position, phone]
                  - number: 1e
                    text: Đơn vị vận hành
                    kind: group
                    fields:
                      - {id: ten, label: Tên đơn vị}
                      - {id: tu_ngay, label: Từ ngày, kind: date}
            """
        ),
        encoding="utf-8",
    )
    doc = build_blank(load_form(schema).form)
    q = {block.number: block for block in doc.questions}
    assert doc.status == "blank" and doc.letterhead is None and doc.signature is None and doc.closing is None
    assert [box.checked for box in q["1a"].boxes] == [False, False]
    assert q["1b"].applies and q["1b"].instruction == "(Chỉ trả lời khi Câu 1a có chọn “Ứng dụng”)"
    assert [(f.label, f.mm is not None) for f in q["1b"].fills] == [
        ("ngày", True),
        ("tháng", True),
        ("năm", True),
    ]
    (phone,) = q["1c"].fills
    assert phone.mm is not None and phone.mm < TEXT_WIDTH_MM / 2 and phone.rows == 0
    parts = q["1d"].fills
    assert [f.label for f in parts] == ["Họ và tên:", "Chức vụ:", "Số điện thoại di động:"]
    assert parts[-1].mm is None and all(f.mm for f in parts[:-1])  # the last runs to the end of the line
    name, since = q["1e"].lines
    assert (
        name.value is None
        and name.fills[0].mm is None
        and [f.label for f in since.fills] == ["ngày", "tháng", "năm"]
    )
    english = build_blank(load_form(schema).form, lang="en")
    assert english.title == "SURVEY OF THE MINISTRIES"
    assert [box.label for box in english.questions[0].boxes] == ["Portal", "App"]
    assert [f.label for f in english.questions[1].fills] == ["day", "month", "year"]


def test_conditions_on_options_and_blanks_and_lengths_from_the_schema(tmp_path, capsys):
    """tests/data/jsonschema_form.yaml: conditions on questions, options and blanks; texts with max_length."""
    schema = Path(__file__).parent / "data" / "jsonschema_form.yaml"
    doc = build_blank(load_form(schema).form)
    q = {block.number: block for block in doc.questions}
    # A condition made of alternatives is not bracketed twice.
    assert q["1c"].instruction == "(Chỉ trả lời khi Câu 1b ≥ 5 hoặc Câu 1a là “Khác”)"
    assert "Ba (chỉ chọn khi Câu 1b ≤ 10)" in [box.label for box in q["1c"].boxes]
    (bon,) = [box for box in q["1c"].boxes if box.label == "Bốn"]
    assert [line.label for line in bon.lines] == ["Ngày", "Lý do (chỉ trả lời khi Câu 1a là “Có”)"]
    # max_length 40 and 60: one line is room enough; without a limit, a long text gets several.
    (one,) = [box for box in q["1c"].boxes if box.label == "Một"]
    assert one.lines[0].fills[0].rows == 0 and q["4"].fills[0].rows == 0
    text = _export_blank(tmp_path, capsys, "pdf", "--schema", str(schema))
    flat = _squeezed(text)
    for printed in (
        "(Chỉ trả lời khi Câu 1b ≥ 5 hoặc Câu 1a là “Khác”)",
        "☐ Ba (chỉ chọn khi Câu 1b ≤ 10)",
        "- Lý do (chỉ trả lời khi Câu 1a là “Có”): ....",
        "(Chỉ trả lời khi không phải (Câu 1c đã được trả lời))",
    ):
        assert _squeezed(printed) in flat, printed


@pytest.mark.parametrize("fmt", ["pdf", "md"])
def test_blank_form_in_english(tmp_path, capsys, form149, fmt):
    target = tmp_path / f"blank.{fmt}"
    code, _, err = run_phieu(["export", "--blank", "--lang", "en", "-o", target], capsys)
    assert code == 0, err
    assert f"Exported the blank form {target}" in err
    text = _read(target)
    flat = _squeezed(text)
    for printed in (
        form149.form.form.title_en,
        "Province or centrally-run city: ....",
        "(Only when Question 1 is “Not yet set under the circulars”)",
        *(o.label_en for q in form149.form.questions for o in q.options or []),
    ):
        assert _squeezed(printed) in flat, printed
    assert re.search(r"Fullname:\.{4,}Mobilephone:\.{4,}", flat)
    assert re.search(r"Responsibleforcontent\(nameandposition\):Fullname:\.{4,}Position:\.{4,}", flat)
    assert text.count(UNCHECKED) == sum(len(q.options or []) for q in form149.form.questions)
    for vietnamese in ("Chỉ trả lời", "Họ và tên", "[vi]", "Khác"):
        assert vietnamese not in text, vietnamese


def test_usage_error_in_english(tmp_path, capsys, form149):
    response = write_json(tmp_path / "tra_loi.json", response_dict(form149, CHUA_QUY_DINH))
    code, _, err = run_phieu(["export", "--blank", "--lang", "en", response], capsys)
    assert code == 2
    assert "--blank exports the blank form and takes no response file" in err
