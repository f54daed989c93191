"""`phieu schema from-xlsform`: what phieu can express is read, everything else refused with file:sheet:row;
the round trip form -> XLSForm -> YAML accepts and rejects exactly the same responses as the original."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from pyxform.xls2xform import convert

from docs_helpers import run_phieu
from phieu_cli.form.check import LoadedForm, load_form
from phieu_cli.responses.validation import check_file, check_response
from phieu_cli.xlsform.reader import read_xlsform
from phieu_cli.xlsform.writer import xlsform_bytes
from samples import CHUA_QUY_DINH, DA_QUY_DINH, response_dict
from test_jsonschema_agreement import SYNTHETIC_BASES, _mutants
from test_schema_docs import doc_example

HERE = Path(__file__).parent
EXAMPLES = HERE.parent / "examples"


def round_trip(loaded: LoadedForm, tmp_path: Path, name: str = "rt") -> LoadedForm:
    workbook = tmp_path / f"{name}.xlsx"
    workbook.write_bytes(xlsform_bytes(loaded))
    target = tmp_path / f"{name}.yaml"
    target.write_text(read_xlsform(workbook).yaml_text, encoding="utf-8")
    return load_form(target)


def _verdict(loaded: LoadedForm, data: dict[str, Any], complete: bool, exact: bool) -> tuple[Any, ...]:
    report = check_response(loaded, copy.deepcopy(data), require_complete=complete)
    problems = sorted(
        (p.where or "", p.code, p.ref or "", p.message if exact else "") for p in report.problems
    )
    return report.ok, tuple(problems)


def _rehash(data: dict[str, Any], original: LoadedForm, other: LoadedForm) -> dict[str, Any]:
    """The same response as given to *other*: a response to the original names the original's hash."""
    data = copy.deepcopy(data)
    if isinstance(data.get("form"), dict) and data["form"].get("hash") == original.hash:
        data["form"]["hash"] = other.hash
    return data


def _disagreements(
    original: LoadedForm, other: LoadedForm, bases: list[dict[str, Any]], *, exact: bool
) -> list[str]:
    found = []
    for base in bases:
        for description, data in _mutants(original, base):
            for complete in (False, True):
                ours = _verdict(original, data, complete, exact)
                theirs = _verdict(other, _rehash(data, original, other), complete, exact)
                if ours != theirs:
                    found.append(f"{description} (complete={complete}): {ours} != {theirs}")
    return found


@pytest.fixture(scope="module")
def rt149(tmp_path_factory, form149) -> LoadedForm:
    return round_trip(form149, tmp_path_factory.mktemp("rt149"))


def test_form_149_comes_back_as_the_same_form(form149, rt149):
    assert rt149.form.model_dump() == form149.form.model_dump()


def test_form_149_round_trip_same_verdict_on_every_example_and_invalid_example(form149, rt149, tmp_path):
    files = sorted(EXAMPLES.glob("*.json")) + sorted((EXAMPLES / "invalid").glob("*.json"))
    assert len(files) > 30
    for path in files:
        raw = path.read_bytes()
        moved = tmp_path / path.name
        moved.write_bytes(raw.replace(form149.hash.encode(), rt149.hash.encode()))
        ours = check_file(form149, path, label=path.name)
        theirs = check_file(rt149, moved, label=path.name)
        assert [p.render() for p in ours.problems] == [p.render() for p in theirs.problems], path.name


def test_form_149_round_trip_same_verdict_on_generated_responses(form149, rt149):
    bases = [
        response_dict(form149, DA_QUY_DINH),
        response_dict(form149, CHUA_QUY_DINH, province="lao_cai", status="draft"),
    ]
    assert _disagreements(form149, rt149, bases, exact=True) == []


def test_the_form_with_every_feature_round_trips_with_the_same_verdicts(tmp_path):
    original = load_form(HERE / "data" / "jsonschema_form.yaml")
    other = round_trip(original, tmp_path)
    bases = [
        response_dict(original, answers, province="tinh_a", agency="Sở A")
        for answers in SYNTHETIC_BASES.values()
    ]
    assert _disagreements(original, other, bases, exact=False) == []


def test_the_documented_sample_form_comes_back_the_same(tmp_path):
    original = load_form(doc_example(tmp_path))
    assert round_trip(original, tmp_path).form.model_dump() == original.form.model_dump()


# --- hand-made workbooks ------------------------------------------------------------------------------------


def workbook(
    path: Path, survey: list[list[Any]], choices: list[list[Any]], settings: list[list[Any]]
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    for title, rows in (("choices", choices), ("settings", settings)):
        other = book.create_sheet(title)
        for row in rows:
            other.append(row)
    book.save(path)
    return path


KOBO_SURVEY = [
    [
        "type",
        "name",
        "label",
        "hint",
        "required",
        "relevant",
        "constraint",
        "constraint_message",
        "appearance",
    ],
    ["start", "start"],
    ["end", "end"],
    ["begin_group", "chung", "1. Thông tin chung"],
    ["note", "gioi_thieu", "Trả lời theo tình hình năm 2022."],
    ["select_one yn", "co_cong", "1a. Đơn vị đã có Cổng chưa?", None, "yes"],
    ["integer", "so_can_bo", "1b. Số cán bộ", "Tính cả kiêm nhiệm", "yes", "${co_cong} = 'co'", ". >= 0"],
    [
        "select_multiple kenh or_other",
        "kenh",
        "1c. Kênh tiếp nhận",
        None,
        "yes",
        None,
        "count-selected(.) <= 2",
    ],
    [
        "text",
        "ly_do",
        "1d. Lý do",
        None,
        "no",
        "${co_cong} != 'co' and string-length(${co_cong}) > 0",
        None,
        None,
        "multiline",
    ],
    [
        "text",
        "ghi_chu",
        "1e. Ghi chú",
        None,
        None,
        "selected(${kenh}, 'email') or ${so_can_bo} > 10",
        "string-length(.) <= 100",
        "Ngắn thôi.",
    ],
    ["end_group"],
]
KOBO_CHOICES = [
    ["list_name", "name", "label"],
    ["yn", "co", "Có"],
    ["yn", "khong", "Không"],
    ["kenh", "email", "Thư điện tử"],
    ["kenh", "dien_thoai", "Điện thoại"],
]
KOBO_SETTINGS = [["form_title", "form_id", "version"], ["Khảo sát Cổng", "khao_sat_cong", "2023"]]


def test_a_plain_kobo_form_is_read(tmp_path, capsys):
    source = workbook(tmp_path / "kobo.xlsx", KOBO_SURVEY, KOBO_CHOICES, KOBO_SETTINGS)
    target = tmp_path / "form.yaml"
    code, _, err = run_phieu(["schema", "from-xlsform", source, "-o", target], capsys)
    assert code == 0, err
    assert "Lưu ý: form.issuer" in err and "Lưu ý: respondent" in err and "or_other" in err
    assert run_phieu(["schema", "check", target], capsys)[0] == 0
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["form"]["id"] == "khao_sat_cong" and data["form"]["version"] == "2023"
    (section,) = data["sections"]
    assert section["id"] == "chung" and section["number"] == "1" and section["title"] == "Thông tin chung"
    assert section["intro"] == "Trả lời theo tình hình năm 2022."
    q = {x["id"]: x for x in section["questions"]}
    assert q["co_cong"]["number"] == "1a" and q["co_cong"]["kind"] == "single"
    assert q["so_can_bo"] == {
        "id": "so_can_bo",
        "number": "1b",
        "text": "Số cán bộ",
        "help": "Tính cả kiêm nhiệm",
        "when": {"question": "co_cong", "is": "co"},
        "kind": "integer",
        "min": 0,
    }
    assert q["kenh"]["kind"] == "multiple" and q["kenh"]["max_choices"] == 2
    assert q["kenh"]["options"][-1] == {"id": "other", "label": "Khác", "label_en": "Other", "other": True}
    assert q["ly_do"]["kind"] == "long_text" and q["ly_do"]["required"] is False
    assert q["ly_do"]["when"] == {
        "all": [{"not": {"question": "co_cong", "is": "co"}}, {"question": "co_cong", "answered": True}]
    }
    assert q["ghi_chu"]["max_length"] == 100 and q["ghi_chu"]["messages"] == {"invalid": "Ngắn thôi."}
    assert q["ghi_chu"]["required"] is False
    assert q["ghi_chu"]["when"] == {
        "any": [{"question": "kenh", "is": "email"}, {"question": "so_can_bo", "min": 11}]
    }


REFUSED = [
    ["type", "name", "label", "required", "relevant", "constraint", "calculation", "label::Français (fr)"],
    ["begin_group", "g", "Nhóm"],
    ["decimal", "dien_tich", "Diện tích"],
    ["calculate", "tong", None, None, None, None, "1 + 2"],
    ["select_multiple yn", "nhieu", "Chọn"],
    ["text", "a", "A", None, "${nhieu} = 'co'"],
    ["text", "b", "B", None, "${a} + 1 > 2"],
    ["integer", "c", "C", None, None, ". mod 2 = 0"],
    ["text", "d", "D", None, "${sau} != ''"],
    ["begin_repeat", "lap", "Lặp"],
    ["text", "trong_lap", "X"],
    ["end_repeat"],
    ["text", "Ten-Sai", "E", None, None, None, None, "E fr"],
    ["text", "sau", "F"],
    ["end_group"],
]


def test_what_phieu_cannot_express_is_refused_with_sheet_and_row(tmp_path, capsys):
    source = workbook(
        tmp_path / "sai.xlsx",
        REFUSED,
        [["list_name", "name", "label"], ["yn", "co", "Có"], ["yn", "khong", "Không"]],
        KOBO_SETTINGS,
    )
    target = tmp_path / "form.yaml"
    code, _, err = run_phieu(["schema", "from-xlsform", source, "-o", target], capsys)
    assert code == 1
    assert not target.exists()
    lines = err.splitlines()
    assert lines[0].startswith(f"Lỗi: {source}: ") and "không biểu diễn được; chưa ghi gì" in lines[0]

    def has(where: str, text: str) -> bool:
        return any(line.strip().startswith(f"{source}:{where}: ") and text in line for line in lines)

    assert has("survey:1", "ngôn ngữ “Français (fr)”")
    assert has("survey:1", "cột “calculation” không có trong mẫu phieu")
    assert has("survey:3", "phieu chưa có loại số thập phân (decimal)")
    assert has("survey:4", "phép tính (calculate) không có trong mẫu phieu")
    assert has("survey:6", "${nhieu} là câu nhiều lựa chọn")
    assert has("survey:7", "relevant “${a} + 1 > 2”")
    assert has("survey:8", "constraint “. mod 2 = 0”")
    assert has("survey:9", "${sau} không phải một câu hỏi đứng trước")
    assert has("survey:10", "nhóm lặp (repeat) không có trong mẫu phieu")
    assert has("survey:13", "tên “Ten-Sai”")


def test_output_to_stdout_and_no_overwrite(tmp_path, capsys):
    source = workbook(tmp_path / "kobo.xlsx", KOBO_SURVEY, KOBO_CHOICES, KOBO_SETTINGS)
    code, out, _ = run_phieu(["schema", "from-xlsform", source], capsys)
    assert code == 0
    assert yaml.safe_load(out)["form"]["id"] == "khao_sat_cong"
    target = tmp_path / "form.yaml"
    target.write_text("# của tôi\n", encoding="utf-8")
    code, _, err = run_phieu(["schema", "from-xlsform", source, "-o", target], capsys)
    assert code == 2 and "--force" in err
    assert target.read_text(encoding="utf-8") == "# của tôi\n"
    code, _, err = run_phieu(["schema", "from-xlsform", tmp_path / "khong_co.xlsx"], capsys)
    assert code == 2 and "Không tìm thấy tệp" in err


def test_import_works_on_a_round_tripped_form(tmp_path, capsys, rt149):
    # The form read back is the form: submissions to the published workbook import against it too.
    out = tmp_path / "tra_loi"
    code, stdout, _ = run_phieu(
        ["import", HERE / "data" / "xlsform" / "kobo_149.json", "-o", out, "--schema", rt149.path], capsys
    )
    assert code == 0, stdout
    data = json.loads(next(out.iterdir()).read_text(encoding="utf-8"))
    assert data["form"]["hash"] == rt149.hash


def test_submissions_to_a_platform_form_with_or_other_import_against_the_form_read_from_it(tmp_path, capsys):
    source = workbook(tmp_path / "kobo.xlsx", KOBO_SURVEY, KOBO_CHOICES, KOBO_SETTINGS)
    form = tmp_path / "form.yaml"
    assert run_phieu(["schema", "from-xlsform", source, "-o", form], capsys)[0] == 0
    export = tmp_path / "kobo.csv"
    export.write_text(
        "start;end;chung/co_cong;chung/so_can_bo;chung/kenh;chung/kenh_other;chung/ly_do;chung/ghi_chu;_uuid\n"
        "2023-02-01T08:00:00+07:00;2023-02-01T08:10:00+07:00;co;12;email other;Zalo;;Đủ;ab12cd34\n",
        encoding="utf-8",
    )
    out = tmp_path / "tra_loi"
    code, stdout, _ = run_phieu(["import", export, "-o", out, "--schema", form], capsys)
    assert code == 0, stdout
    # The platform form asked no province: the response is a draft until the respondent is written.
    assert "(bản nháp: còn thiếu câu trả lời)" in stdout and "chưa chọn tỉnh, thành phố" in stdout
    data = json.loads((out / "khong_ro_tinh-ab12cd34.json").read_text(encoding="utf-8"))
    assert data["answers"] == {
        "co_cong": {"co": {}},
        "so_can_bo": 12,
        "kenh": {"email": {}, "other": {"text": "Zalo"}},
        "ghi_chu": "Đủ",
    }


EDGES = """\
phieu_schema: 1
form: {id: bien, version: "2", title: Mẫu biên, issuer: Bộ, letter: {number: "7/X", date: 2023-03-01}}
respondent:
  province:
    label: Tỉnh
    options: [{id: tinh_a, label: Tỉnh A}, {id: tinh_b, label: Tỉnh B, label_en: Province B}]
  agency: {label: Cơ quan, help: Ghi đủ tên.}
sections:
  - id: mot
    number: I
    title: Phần một
    intro: Đọc kỹ trước khi trả lời.
    questions:
      - {number: "0", text: Điện thoại, kind: phone, required: false}
      - number: "1"
        text: Có đầu mối không?
        help: Chọn một.
        help_en: Choose one.
        kind: single
        messages: {required: Phải chọn.}
        options:
          - id: co
            label: Có
            followups:
              - {id: nguoi, label: Người phụ trách, kind: person, person_fields: [position, name, phone]}
              - {id: tu_ngay, label: Từ ngày, kind: date, min: 2020-01-01, max: 2030-12-31, required: false}
              - {id: so, label: Số người, kind: integer, max: 50, when: {question: q0, answered: true}}
          - {id: khong, label: Không}
      - number: "2"
        text: Ghi chú dài
        kind: long_text
        max_length: 3000
        required: false
        messages: {invalid: Quá dài rồi.}
        when: {any: [{question: q1, is: khong}, {question: q1, answered: false}]}
"""


def test_edge_features_come_back_the_same(tmp_path):
    source = tmp_path / "bien.yaml"
    source.write_text(EDGES, encoding="utf-8")
    original = load_form(source)
    assert round_trip(original, tmp_path).form.model_dump() == original.form.model_dump()
    warnings: list[str] = []
    convert(
        xlsform=str(tmp_path / "rt.xlsx"), warnings=warnings
    )  # custom messages, hints, a person follow-up
    assert warnings == []


def test_a_2025_form_comes_back_and_its_provinces_are_known_without_the_phieu_sheet(tmp_path):
    original = load_form(HERE / "data" / "form_2025.yaml")
    assert round_trip(original, tmp_path).form.model_dump() == original.form.model_dump()
    book = openpyxl.load_workbook(tmp_path / "rt.xlsx")
    del book["phieu"]
    bare = tmp_path / "bare.xlsx"
    book.save(bare)
    result = read_xlsform(bare)
    assert result.data["respondent"]["province"]["options_from"] == "vn_provinces_2025"
    assert any(note.startswith("form.issuer") for note in result.notes)


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node).union(*(_keys(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_keys(item) for item in node))
    return set()


def test_the_yaml_read_back_speaks_the_schema_language(form149, tmp_path):
    """A form read back from XLSForm is for an author to read and edit: its keys are the language's own
    (`is`, not pydantic's attribute name `is_`), the keys the original file uses (and the ids it defaults)."""
    workbook = tmp_path / "f.xlsx"
    workbook.write_bytes(xlsform_bytes(form149))
    back = yaml.safe_load(read_xlsform(workbook).yaml_text)
    original = yaml.safe_load(form149.path.read_text(encoding="utf-8"))
    assert _keys(back) - _keys(original) <= {"id"}
