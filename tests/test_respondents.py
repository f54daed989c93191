"""Respondents from the form (issue 13 §1): a form for ministries, whose list comes from a CSV file beside it
(tests/data/form_ministries.yaml, ministries.csv), with a free-text contact person and no cover letter, through
`schema check`, `fill --answers`, `validate`, `show`, `export` and `summary`; and each mistake an author or a
file can make with the respondent's fields."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest

from docs_helpers import run_phieu, write_json
from phieu_cli.documents.layout import NATIONAL_NAME, build
from phieu_cli.form.check import load_form
from phieu_cli.interview.machine import RESPONDENT, Interview

DATA = Path(__file__).parent / "data"
FORM = DATA / "form_ministries.yaml"
MINISTRIES = ["bo_tu_phap", "bo_tai_chinh", "bo_y_te", "bo_ngoai_giao", "bo_khoa_hoc_va_cong_nghe"]


def _answers(folder: Path, name: str, ministry: str, contact: str | None = "Nguyễn Văn A") -> Path:
    lines = [f"ministry: {ministry}", "unit_name: Cục Công nghệ thông tin"]
    lines += [f"contact: {contact}"] if contact else []
    lines += ["answers:", "  '1': da_ket_noi", "  '2': 4"]
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _fill(capsys: pytest.CaptureFixture[str], form: Path, answers: Path, output: Path) -> None:
    code, _, err = run_phieu(["fill", "--schema", form, "--answers", answers, "-o", output], capsys)
    assert code == 0, err


@pytest.fixture
def returns(tmp_path, capsys):
    """Two returns: the Ministry of Justice (typed without diacritics) and the Ministry of Health (no contact)."""
    folder = tmp_path / "tra_loi"
    folder.mkdir()
    _fill(capsys, FORM, _answers(tmp_path, "tp", "bo tu phap"), folder / "tu_phap.json")
    _fill(capsys, FORM, _answers(tmp_path, "yt", "Bộ Y tế", contact=None), folder / "y_te.json")
    return folder


def _copy_form(tmp_path: Path, text: str | None = None) -> Path:
    """The ministries form and its CSV in a folder of their own (optionally with other YAML)."""
    folder = tmp_path / "mau"
    folder.mkdir(exist_ok=True)
    shutil.copy(DATA / "ministries.csv", folder / "ministries.csv")
    target = folder / "form.yaml"
    target.write_text(text if text is not None else FORM.read_text(encoding="utf-8"), encoding="utf-8")
    return target


# --- the form ------------------------------------------------------------------------------------------------


def test_the_ministries_form_is_checked_and_reads_its_list_from_the_csv(capsys):
    code, out, err = run_phieu(["schema", "check", FORM], capsys)
    assert code == 0, out + err
    form = load_form(FORM).form
    assert list(form.respondent) == ["ministry", "unit_name", "contact"]
    assert form.unit_id == "ministry" and form.unit_noun == "bộ, cơ quan ngang bộ"
    assert [o.id for o in form.unit_options] == MINISTRIES
    assert form.unit_label("bo_y_te") == "Bộ Y tế"
    assert form.unit_options[0].label_en == "Ministry of Justice"
    assert form.form.letter is None


def test_the_unit_defaults_to_the_first_listed_field_and_form_149_is_unchanged(form149, tmp_path):
    text = (
        FORM.read_text(encoding="utf-8")
        .replace("    unit: true\n", "")
        .replace("    noun: bộ, cơ quan ngang bộ\n", "")
    )
    form = load_form(_copy_form(tmp_path, text.replace("    noun_en: ministry\n", ""))).form
    assert form.unit_id == "ministry" and form.unit_noun == "đơn vị" and form.unit_noun_en == "unit"
    assert list(form149.form.respondent) == ["province", "agency"]
    assert form149.form.unit_id == "province" and form149.form.unit_noun == "tỉnh, thành phố"
    assert len(form149.form.unit_options) == 63


def test_the_form_hash_covers_the_csv_list(tmp_path):
    path = _copy_form(tmp_path)
    before = load_form(path).hash
    with (path.parent / "ministries.csv").open("a", encoding="utf-8") as handle:
        handle.write("bo_noi_vu,Bộ Nội vụ,Ministry of Home Affairs\n")
    assert load_form(path).hash != before


# --- fill, validate, show, export, summary ------------------------------------------------------------------


def test_fill_writes_exactly_the_forms_fields_and_validate_accepts_them(returns, capsys):
    stored = json.loads((returns / "tu_phap.json").read_text(encoding="utf-8"))
    assert stored["respondent"] == {
        "ministry": "bo_tu_phap",
        "unit_name": "Cục Công nghệ thông tin",
        "contact": "Nguyễn Văn A",
    }
    optional = json.loads((returns / "y_te.json").read_text(encoding="utf-8"))["respondent"]
    assert optional == {"ministry": "bo_y_te", "unit_name": "Cục Công nghệ thông tin", "contact": None}
    code, out, err = run_phieu(["validate", "--schema", FORM, returns], capsys)
    assert code == 0, out + err


def test_show_prints_every_field_with_its_label(returns, capsys):
    code, out, err = run_phieu(["show", "--schema", FORM, returns / "tu_phap.json"], capsys)
    assert code == 0, err
    assert "Bộ, cơ quan ngang bộ: Bộ Tư pháp" in out
    assert "Đơn vị cung cấp thông tin: Cục Công nghệ thông tin" in out
    assert "Người liên hệ: Nguyễn Văn A" in out
    assert "Số:" not in out  # no cover letter: no letter number in the header
    code, out, _ = run_phieu(["show", "--schema", FORM, returns / "y_te.json"], capsys)
    assert "Người liên hệ: ……" in out and "[chưa trả lời]" not in out  # optional, left empty


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_export_without_a_letter_has_no_reply_letter(returns, capsys, fmt):
    code, out, err = run_phieu(
        ["export", "--schema", FORM, returns / "tu_phap.json", "--to", fmt, "-o", "-"], capsys
    )
    assert code == 0, err
    assert "PHIẾU KHẢO SÁT CỔNG THÔNG TIN ĐIỆN TỬ CÁC BỘ" in out
    assert "Bộ Tư pháp" in out and "Người liên hệ" in out
    for reply_part in (
        "Kính gửi",
        "Kèm theo",
        "Thực hiện Văn bản",
        "Nơi nhận",
        "Trân trọng",
        "ỦY BAN NHÂN DÂN",
    ):
        assert reply_part not in out


def test_export_docx_and_pdf_without_a_letter(returns, capsys, tmp_path):
    target = tmp_path / "bo_tu_phap.docx"
    code, _, err = run_phieu(["export", "--schema", FORM, returns / "tu_phap.json", "-o", target], capsys)
    assert code == 0, err
    document = docx.Document(str(target))
    text = [p.text for p in document.paragraphs]
    assert text[:4] == [
        "PHIẾU KHẢO SÁT CỔNG THÔNG TIN ĐIỆN TỬ CÁC BỘ",
        "Bộ, cơ quan ngang bộ: Bộ Tư pháp",
        "Đơn vị cung cấp thông tin: Cục Công nghệ thông tin",
        "Người liên hệ: Nguyễn Văn A",
    ]
    assert not document.tables  # neither the letterhead nor the signature block
    assert document.core_properties.author == "Cục Công nghệ thông tin"
    pypdf = pytest.importorskip("pypdf")
    pdf = tmp_path / "bo_tu_phap.pdf"
    code, _, err = run_phieu(["export", "--schema", FORM, returns / "tu_phap.json", "-o", pdf], capsys)
    assert code == 0, err
    page = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(pdf)).pages)
    assert "Bộ Tư pháp" in page and "Kính gửi" not in page and NATIONAL_NAME not in page


def test_a_ministries_form_with_a_letter_replies_as_the_ministry(tmp_path):
    text = FORM.read_text(encoding="utf-8").replace(
        "  issuer: BỘ KHOA HỌC VÀ CÔNG NGHỆ\n",
        "  issuer: BỘ KHOA HỌC VÀ CÔNG NGHỆ\n  letter: {number: 12/BKHCN-CĐS, date: 2026-03-02}\n"
        "  annex_note: (Kèm theo Văn bản số 12/BKHCN-CĐS)\n",
    )
    form = load_form(_copy_form(tmp_path, text)).form
    doc = build(form, {}, respondent={"ministry": "bo_y_te"}, status="complete", year=2026)
    assert doc.letterhead is not None and doc.signature is not None
    assert doc.letterhead.sender == ["BỘ Y TẾ"]
    assert doc.letterhead.opening is not None and ", Bộ Y tế báo cáo như sau:" in doc.letterhead.opening
    assert doc.signature.on_behalf is None and doc.signature.titles == ["THỦ TRƯỞNG CƠ QUAN"]
    assert doc.annex_note == "(Kèm theo Văn bản số 12/BKHCN-CĐS)"
    blank = build(form, {}, status="draft")
    assert blank.letterhead is not None and blank.letterhead.sender == ["BỘ, CƠ QUAN NGANG BỘ ……"]


def test_summary_counts_by_the_unit_over_the_csv_list(returns, capsys, tmp_path):
    code, out, err = run_phieu(["summary", "--schema", FORM, returns], capsys)
    assert code == 0, err
    assert "Đã có phiếu hợp lệ, hoàn thành: 2/5 bộ, cơ quan ngang bộ." in out
    assert "Còn thiếu 3/5: Bộ Khoa học và Công nghệ, Bộ Ngoại giao, Bộ Tài chính." in out
    assert "tỉnh" not in out and "/63" not in out
    target = tmp_path / "tong_hop.csv"
    code, _, err = run_phieu(["summary", "--schema", FORM, returns, "-o", target], capsys)
    assert code == 0, err
    header = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith('Mã,"Bộ, cơ quan ngang bộ",Tình trạng,Đơn vị cung cấp thông tin,Người liên hệ,')


def test_summary_xlsx_overview_names_the_unit(returns, capsys, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "tong_hop.xlsx"
    code, _, err = run_phieu(["summary", "--schema", FORM, returns, "-o", target], capsys)
    assert code == 0, err
    book = openpyxl.load_workbook(target)
    assert "Theo bộ" in book.sheetnames
    overview = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    assert overview["Đã nộp"] == "2/5"
    assert "Bộ, cơ quan ngang bộ chưa có phiếu (3)" in overview


def _free_text_returns(tmp_path: Path, capsys: pytest.CaptureFixture[str], *units: str) -> tuple[Path, Path]:
    """The ministries form with the ministry typed as free text, and a folder of one return per *units*
    (a.json, b.json, …)."""
    text = FORM.read_text(encoding="utf-8").replace("    options_file: ministries.csv\n", "")
    form = _copy_form(tmp_path, text)
    folder = tmp_path / "tra_loi"
    folder.mkdir()
    for index, unit in enumerate(units):
        name = chr(ord("a") + index)
        _fill(capsys, form, _answers(tmp_path, name, unit), folder / f"{name}.json")
    return form, folder


def test_summary_of_a_free_text_unit_counts_without_a_missing_list(tmp_path, capsys):
    form, folder = _free_text_returns(tmp_path, capsys, "Bộ Tư pháp", "Ủy ban Dân tộc")
    stored = json.loads((folder / "b.json").read_text(encoding="utf-8"))
    assert stored["respondent"]["ministry"] == "Ủy ban Dân tộc"  # free text, as typed
    code, out, err = run_phieu(["summary", "--schema", form, folder], capsys)
    assert code == 0, err
    assert "Đã có phiếu hợp lệ, hoàn thành: 2 bộ, cơ quan ngang bộ." in out
    assert "Còn thiếu" not in out and "Đủ" not in out


def test_a_free_text_unit_typed_two_ways_is_one_unit(tmp_path, capsys):
    """People type a free-text unit as they please: case, spaces and marks do not make another unit; it is
    named as the first file (in order of names) spells it."""
    form, folder = _free_text_returns(tmp_path, capsys, "Bộ Tư pháp", "bộ  tư pháp", "Bo Tu Phap")
    code, out, err = run_phieu(["summary", "--schema", form, folder], capsys)
    assert code == 0, err
    assert "Đã có phiếu hợp lệ, hoàn thành: 1 bộ, cơ quan ngang bộ." in out
    target = tmp_path / "tong_hop.csv"
    code, _, err = run_phieu(["summary", "--schema", form, folder, "-o", target, "--view", "files"], capsys)
    assert code == 0, err
    rows = target.read_text(encoding="utf-8-sig")
    assert "bộ  tư pháp" not in rows and "Bo Tu Phap" not in rows and rows.count("Bộ Tư pháp") == 6, rows


# --- mistakes in the form -----------------------------------------------------------------------------------


def _check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], respondent: str, csv: str | None = None
) -> str:
    folder = tmp_path / "sai"
    folder.mkdir(exist_ok=True)
    if csv is not None:
        (folder / "list.csv").write_text(csv, encoding="utf-8")
    path = folder / "form.yaml"
    path.write_text(
        "phieu_schema: 1\nform: {id: x, version: '1', title: T, issuer: I}\nrespondent:\n"
        + respondent
        + "sections:\n  - {id: s, title: S, questions: [{number: '1', text: Q, kind: integer}]}\n",
        encoding="utf-8",
    )
    code, out, err = run_phieu(["schema", "check", path], capsys)
    assert code == 1, out + err
    return (out + err).replace(str(folder) + "/", "").replace(str(folder) + "\\", "")


def test_two_unit_fields_are_reported_at_the_second(tmp_path, capsys):
    said = _check(
        tmp_path,
        capsys,
        "  a: {label: A, options: [{id: x, label: X}], unit: true}\n  b: {label: B, unit: true}\n",
    )
    assert "form.yaml:5:" in said and "chỉ một trường được đánh dấu 'unit: true' (đã có 'a')" in said


def test_an_unknown_set_is_reported_with_the_known_ones(tmp_path, capsys):
    said = _check(tmp_path, capsys, "  a: {label: A, options_from: vn_provinces_1999}\n")
    assert "form.yaml:4:" in said
    assert "không có bộ lựa chọn 'vn_provinces_1999' (có: vn_provinces_2023, vn_provinces_2025)" in said


def test_a_missing_csv_is_reported_at_its_key(tmp_path, capsys):
    said = _check(tmp_path, capsys, "  a: {label: A, options_file: khong_co.csv}\n")
    assert "form.yaml:4:" in said and "tệp danh sách 'khong_co.csv'" in said and "Không tìm thấy tệp" in said


def test_duplicate_ids_in_the_csv_are_reported_with_its_line(tmp_path, capsys):
    said = _check(
        tmp_path,
        capsys,
        "  a: {label: A, options_file: list.csv}\n",
        "id,label\nbo_a,Bộ A\nbo_b,Bộ B\nbo_a,Lại A\n",
    )
    assert "list.csv:4: id 'bo_a' bị trùng với dòng 2" in said


@pytest.mark.parametrize(
    "csv, expected",
    [
        ("ma,ten\nbo_a,Bộ A\n", "list.csv:1: dòng tiêu đề phải là id,label hoặc id,label,label_en"),
        ("id,label\nBo A,Bộ A\n", "list.csv:2: id 'Bo A' không hợp lệ"),
        ("id,label\nbo_a,Bộ A,thừa\n", "list.csv:2: cần 2 cột (id,label), dòng này có 3"),
        ("id,label\nbo_a,\n", "list.csv:2: nhãn (label) không được để trống"),
        ("id,label\n", "list.csv:1: tệp danh sách không có lựa chọn nào"),
        ("", "list.csv:1: tệp danh sách rỗng"),
    ],
)
def test_a_broken_csv_is_reported_with_its_line(tmp_path, capsys, csv, expected):
    assert expected in _check(tmp_path, capsys, "  a: {label: A, options_file: list.csv}\n", csv)


def test_a_csv_written_by_excel_with_a_bom_is_read(tmp_path):
    path = _copy_form(tmp_path)
    (path.parent / "ministries.csv").write_bytes("\ufeffid,label\r\nbo_a,Bộ A\r\n".encode())
    assert [o.id for o in load_form(path).form.unit_options] == ["bo_a"]


@pytest.mark.parametrize(
    "respondent, expected",
    [
        (
            "  a: {label: A, options: [{id: x, label: X}], options_from: vn_provinces_2023}\n",
            "chỉ dùng một trong options_from, options cho một trường",
        ),
        ("  answers: {label: A}\n", "'answers' là khóa dành riêng của tệp trả lời"),
        (
            "  a: {label: A, options: [{id: x, label: X}]}\n  b: {label: B, noun: cái}\n",
            "'noun' chỉ dùng cho trường đơn vị ('a'",
        ),
        ("  a: {label: A, options: [{id: x, label: X}, {id: x, label: Y}]}\n", "id lựa chọn 'x' bị trùng"),
        ("  a: {label: A, options_file: /etc/list.csv}\n", "cần đường dẫn tương đối"),
        ("  a: {label: A, province: true}\n", "khóa không được hỗ trợ: 'province'"),
        ("  Bo Nganh: {label: A}\n", "form.yaml:4:3: (respondent.Bo Nganh): id 'Bo Nganh' không hợp lệ"),
    ],
)
def test_other_mistakes_in_the_respondent(tmp_path, capsys, respondent, expected):
    assert expected in _check(tmp_path, capsys, respondent)


# --- mistakes in a response file ---------------------------------------------------------------------------


def test_validate_checks_the_respondent_against_the_form(returns, capsys, tmp_path):
    data = json.loads((returns / "tu_phap.json").read_text(encoding="utf-8"))
    data["respondent"] = {"ministry": "bo_noi_vu", "contact": None, "agency": "Sở"}
    bad = write_json(tmp_path / "sai.json", data)
    code, out, err = run_phieu(["validate", "--schema", FORM, "--format", "json", bad], capsys)
    assert code == 1, err
    problems = {p["path"]: p["message"] for p in json.loads(out)["files"][0]["problems"]}
    assert problems == {
        "$.respondent.agency": 'mẫu phiếu không có trường người trả lời "agency" (có: ministry, unit_name, contact)',
        "$.respondent.ministry": 'không có bộ, cơ quan ngang bộ mã "bo_noi_vu" trong danh sách của mẫu phiếu',
        "$.respondent.unit_name": "chưa ghi đơn vị cung cấp thông tin",
    }


def test_a_draft_may_leave_required_fields_empty_but_not_unknown_ones(returns, capsys, tmp_path):
    data = json.loads((returns / "tu_phap.json").read_text(encoding="utf-8"))
    data.update(status="draft", completed_at=None, respondent={"ministry": None})
    draft = write_json(tmp_path / "nhap.json", data)
    code, out, err = run_phieu(["validate", "--schema", FORM, draft], capsys)
    assert code == 0, out + err
    data["respondent"] = {"province": "ha_noi"}
    code, out, err = run_phieu(["validate", "--schema", FORM, write_json(draft, data)], capsys)
    assert code == 1 and "$.respondent.province" in out + err


def test_the_free_text_limit_is_the_fields_max_length(returns, capsys, tmp_path):
    data = json.loads((returns / "tu_phap.json").read_text(encoding="utf-8"))
    data["respondent"]["contact"] = "A" * 81
    code, out, err = run_phieu(
        ["validate", "--schema", FORM, write_json(tmp_path / "dai.json", data)], capsys
    )
    assert code == 1 and "($.respondent.contact): tối đa 80 ký tự, một dòng" in out + err


def test_an_edited_csv_is_read_again_by_validate(tmp_path, capsys):
    """The compiled-form cache holds the CSV's hash: a ministry removed from the list is no longer valid."""
    form = _copy_form(tmp_path)
    target = tmp_path / "tra_loi.json"
    _fill(capsys, form, _answers(tmp_path, "a", "Bộ Y tế"), target)
    code, out, err = run_phieu(["validate", "--schema", form, target], capsys)
    assert code == 0, out + err
    csv = form.parent / "ministries.csv"
    csv.write_text(
        csv.read_text(encoding="utf-8").replace("bo_y_te,Bộ Y tế,Ministry of Health\n", ""), "utf-8"
    )
    code, out, err = run_phieu(["validate", "--schema", form, target], capsys)
    assert code == 1
    assert "mã băm mẫu phiếu không khớp" in out + err or "bo_y_te" in out + err


def test_the_answers_file_names_the_forms_fields(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text("ministry: Bộ Nội vụ\nprovince: Hà Nội\nanswers: {'1': da_ket_noi, '2': 1}\n", "utf-8")
    code, out, err = run_phieu(
        ["fill", "--schema", FORM, "--answers", answers, "-o", tmp_path / "x.json"], capsys
    )
    assert code == 1
    said = out + err
    assert "a.yaml:1:11: (ministry): không có bộ, cơ quan ngang bộ “Bộ Nội vụ”" in said
    assert (
        "a.yaml:2:1: (province): khóa không được hỗ trợ: “province” (có: form, ministry, unit_name, contact, answers, confirmations)"
        in said
    )
    assert "(unit_name): chưa ghi đơn vị cung cấp thông tin" in said


def test_json_schema_follows_the_forms_fields(capsys):
    code, out, err = run_phieu(["schema", "json-schema", FORM], capsys)
    assert code == 0, err
    schema = json.loads(out)
    complete = schema["$defs"]["respondent_complete"]
    assert list(complete["properties"]) == ["ministry", "unit_name", "contact"]
    assert complete["required"] == ["ministry", "unit_name"] and complete["additionalProperties"] is False
    assert schema["$defs"]["respondent_ministry_options"] == {"enum": MINISTRIES}
    assert complete["properties"]["contact"]["anyOf"][0]["maxLength"] == 80
    assert "not" not in complete["properties"]["contact"]  # optional: may stay blank in a complete response


# --- the interview -----------------------------------------------------------------------------------------


def test_the_interview_asks_the_forms_fields_in_order():
    form = load_form(FORM).form
    iv = Interview(form)
    steps = [(s.key, s.kind, s.required) for s in iv.steps[:3]]
    assert steps == [
        ((RESPONDENT, "ministry"), "listed", True),
        ((RESPONDENT, "unit_name"), "respondent_text", True),
        ((RESPONDENT, "contact"), "respondent_text", False),
    ]
    ministry, unit_name, contact = iv.steps[:3]
    assert iv.parse(ministry, "bo y te") == ("bo_y_te", None)
    assert iv.parse(ministry, "Bộ Nội vụ") == (
        None,
        "Không có bộ, cơ quan ngang bộ nào khớp với “Bộ Nội vụ”.",
    )
    assert iv.parse(ministry, "bộ")[1].startswith("Có 5 bộ, cơ quan ngang bộ khớp:")
    assert iv.parse(contact, "") == (None, None)  # optional: Enter skips it
    assert iv.parse(contact, "A" * 81) == (None, "tối đa 80 ký tự, một dòng")
    assert iv.parse(unit_name, "")[1] is not None
    iv.answer("bo_y_te")
    iv.answer("Cục CNTT")
    iv.answer(None)
    assert iv.respondent == {"ministry": "bo_y_te", "unit_name": "Cục CNTT", "contact": None}
    assert iv.find_target("bộ")[0] == ministry and iv.find_target("Người liên hệ")[0] == contact


def test_xlsform_names_the_fields_by_their_ids(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "mau.xlsx"
    code, _, err = run_phieu(["schema", "xlsform", FORM, "-o", target], capsys)
    assert code == 0, err
    book = openpyxl.load_workbook(target)
    rows = [r for r in book["survey"].iter_rows(values_only=True)][1:5]
    assert [(r[0], r[1]) for r in rows] == [
        ("begin_group", "respondent"),
        ("select_one ministry", "ministry"),
        ("text", "unit_name"),
        ("text", "contact"),
    ]
    choices = [r[:2] for r in book["choices"].iter_rows(values_only=True) if r[0] == "ministry"]
    assert [name for _, name in choices] == MINISTRIES


def test_nothing_here_prints_a_traceback(tmp_path, capsys):
    """A form whose CSV cannot be decoded is a usage error for a command that uses it, with the CSV named."""
    form = _copy_form(tmp_path)
    (form.parent / "ministries.csv").write_bytes(b"id,label\nbo_a,\xff\xfe\n")
    response = write_json(tmp_path / "x.json", {"format": "phieu-response"})
    code, _, err = run_phieu(["show", "--schema", form, response], capsys)
    assert code == 2
    assert "ministries.csv" in err and "không phải văn bản UTF-8" in err and "Traceback" not in err


def test_fill_prompts_ask_the_forms_fields_and_skip_the_optional_one(terminal, tmp_path):
    from phieu_cli.interview.fill import FillOptions, run

    output = tmp_path / "bo_y_te.json"
    script = [
        ("Bộ, cơ quan ngang bộ", "bo y" + "\r"),  # searched without diacritics, as provinces are
        ("Đơn vị cung cấp thông tin", "Cục Công nghệ thông tin\r"),
        ("Người liên hệ", "\r"),  # optional: Enter skips it
        ("Câu 1", "\r"),
        ("Câu 2", "3\r"),
        ("review", "\r"),  # save
    ]
    ui = terminal.ui(script)
    run(FillOptions(output=output, schema=FORM), ui=ui)
    assert ui.script == []
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["respondent"] == {
        "ministry": "bo_y_te",
        "unit_name": "Cục Công nghệ thông tin",
        "contact": None,
    }
    assert data["answers"] == {"q1": {"da_ket_noi": {}}, "q2": 3} and data["status"] == "complete"


def test_xlsform_reads_the_fields_back(tmp_path, capsys):
    workbook = tmp_path / "mau.xlsx"
    assert run_phieu(["schema", "xlsform", FORM, "-o", workbook], capsys)[0] == 0
    back = tmp_path / "mau.yaml"
    code, _, err = run_phieu(["schema", "from-xlsform", workbook, "-o", back], capsys)
    assert code == 0, err
    original, read = load_form(FORM).form, load_form(back).form
    assert list(read.respondent) == ["ministry", "unit_name", "contact"]
    assert read.unit_id == "ministry" and read.unit_noun == "bộ, cơ quan ngang bộ"
    assert [(o.id, o.label, o.label_en) for o in read.unit_options] == [
        (o.id, o.label, o.label_en) for o in original.unit_options
    ]  # the CSV's list, written out
    assert read.respondent["contact"].required is False and read.respondent["contact"].max_length == 80
    assert read.form.letter is None


def test_the_review_screen_lists_the_forms_fields():
    from phieu_cli.interview.review import ANSWERED, EMPTY, MISSING, review_items

    form = load_form(FORM).form
    doc = build(form, {}, respondent={"ministry": "bo_y_te"}, status="draft")
    items = review_items(doc, 80)[:3]
    assert [(i.number, i.mark, i.short) for i in items] == [
        ("Bộ", ANSWERED, "Bộ Y tế"),
        ("Đơn vị", MISSING, "CHƯA TRẢ LỜI"),
        ("Người liên hệ", EMPTY, ""),  # optional
    ]
    iv = Interview(form, respondent={"ministry": "bo_y_te"})
    assert [iv.find_target(i.target)[0].key for i in items] == [(RESPONDENT, k) for k in form.respondent]


def test_in_english_a_field_without_english_is_marked_and_still_chosen_from_the_review(tmp_path):
    from phieu_cli.common.messages import set_language
    from phieu_cli.interview.machine import respondent_word
    from phieu_cli.interview.review import review_items

    form = load_form(
        _copy_form(tmp_path, FORM.read_text(encoding="utf-8").replace("    label_en: Reporting unit\n", ""))
    ).form
    set_language("en")
    doc = build(form, {}, respondent={"ministry": "bo_y_te"}, status="draft")
    items = review_items(doc, 80)[:3]
    assert [i.number for i in items] == ["Ministry", "[vi] Đơn vị", "Contact person"]
    iv = Interview(form, respondent={"ministry": "bo_y_te"})
    assert [iv.find_target(i.target)[0].key for i in items] == [(RESPONDENT, k) for k in form.respondent]
    assert respondent_word(form, "unit_name") == "đơn vị"  # what to type: the word, not its mark


def test_a_form_needs_a_respondent_field(tmp_path, capsys):
    assert "form.yaml:4:3: (respondent): không được để trống" in _check(tmp_path, capsys, "  {}\n")


def test_unit_false_keeps_a_listed_field_from_being_the_unit(tmp_path):
    text = FORM.read_text(encoding="utf-8").replace("    unit: true\n", "    unit: false\n")
    text = text.replace("    noun: bộ, cơ quan ngang bộ\n    noun_en: ministry\n", "")
    form = load_form(_copy_form(tmp_path, text)).form
    assert form.unit_id == "unit_name"  # the first field not marked unit: false (free text)


def test_import_of_platform_submissions_fills_the_forms_fields(tmp_path, capsys):
    export = tmp_path / "kobo.csv"
    export.write_text(
        "start;end;respondent/ministry;respondent/unit_name;respondent/contact;chung/q1;chung/q2;_uuid\n"
        "2026-02-01T08:00:00+07:00;2026-02-01T08:10:00+07:00;Bộ Y tế;Cục CNTT;;da_ket_noi;3;ab12cd34\n"
        "2026-02-01T09:00:00+07:00;2026-02-01T09:10:00+07:00;;Cục X;;da_ket_noi;3;cd34ef56\n",
        encoding="utf-8",
    )
    out = tmp_path / "tra_loi"
    code, stdout, err = run_phieu(["import", export, "-o", out, "--schema", FORM], capsys)
    assert code == 0, stdout + err
    data = json.loads((out / "bo_y_te-ab12cd34.json").read_text(encoding="utf-8"))
    assert data["respondent"] == {"ministry": "bo_y_te", "unit_name": "Cục CNTT", "contact": None}  # by label
    assert data["status"] == "complete"
    assert "khong_ro_bo-cd34ef56.json (bản nháp" in stdout and "chưa chọn bộ, cơ quan ngang bộ" in stdout


def test_json_schema_and_validate_agree_on_the_respondent(returns):
    """Every change of one respondent field gets the same verdict from the exported schema and from phieu."""
    from jsonschema import Draft202012Validator

    from phieu_cli.responses.json_schema import response_schema
    from phieu_cli.responses.validation import check_response

    loaded = load_form(FORM)
    base = json.loads((returns / "tu_phap.json").read_text(encoding="utf-8"))
    validators = {c: Draft202012Validator(response_schema(loaded, require_complete=c)) for c in (False, True)}
    values = [None, "", "  ", "bo_y_te", "bo_noi_vu", "Bộ Y tế", "A" * 80, "A" * 81, "A" * 201, "a\nb", 3, {}]
    mutants = []
    for key in [*base["respondent"], "agency"]:
        for value in values:
            mutant = json.loads(json.dumps(base))
            mutant["respondent"][key] = value
            mutants.append((f"{key} = {value!r}", mutant))
        mutant = json.loads(json.dumps(base))
        mutant["respondent"].pop(key, None)
        mutants.append((f"no {key}", mutant))
    disagreements = [
        f"{what} (complete={complete})"
        for what, data in mutants
        for complete in (False, True)
        if check_response(loaded, json.loads(json.dumps(data)), require_complete=complete).ok
        != validators[complete].is_valid(data)
    ]
    assert disagreements == []
