"""Write the example response files of examples/ with phieu's own code, so that they name the bundled form
by its real hash. Run it after changing schema/phieu_149.yaml (tests/test_examples_files.py says when):

    python examples/regenerate.py            # rewrite the files
    python examples/regenerate.py --check    # only say which files are out of date (exit 1)

The answers are fictitious but realistic: real provinces, made-up people, numbers and decisions.

It never writes examples/invalid/*.expected.txt: each says what `phieu validate` must answer for its case,
and is written (and reviewed) by hand.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phieu_cli.form.check import LoadedForm, load_form
from phieu_cli.responses.format import dump_response, new_response

HERE = Path(__file__).resolve().parent
GENERATOR = "phieu examples/regenerate.py"


@dataclass
class Scenario:
    province: str | None
    agency: str | None
    created: str
    updated: str
    answers: dict[str, Any]
    completed: str | None = None  # None: a draft
    note: str = field(default="", compare=False)
    confirmations: dict[str, dict[str, str]] = field(default_factory=dict)  # warnings confirmed, by path


EXAMPLES: dict[str, Scenario] = {
    "da_nang_da_quy_dinh": Scenario(
        note="Đã quy định (câu 4 không áp dụng); kỹ thuật và nội dung do hai đơn vị.",
        province="da_nang",
        agency="Sở Thông tin và Truyền thông thành phố Đà Nẵng",
        created="2023-01-14T08:10:00+07:00",
        updated="2023-01-16T16:45:12+07:00",
        completed="2023-01-16T16:45:12+07:00",
        answers={
            "qbc1": (
                "Cổng thông tin điện tử thành phố được xây dựng từ năm 2005, nâng cấp toàn diện năm 2020 theo "
                "mô hình cổng dùng chung cho các sở, ngành, quận, huyện; đã kết nối Cổng Dịch vụ công quốc gia."
            ),
            "qbc2": (
                "Cổng hoạt động ổn định 24/7. Năm 2022 đăng tải khoảng 6.000 tin, bài; trung bình 25.000 lượt "
                "truy cập mỗi ngày."
            ),
            "qbc3": "Cán bộ biên tập chủ yếu kiêm nhiệm; kinh phí nhuận bút còn hạn chế.",
            "qbc4": (
                "Đề nghị Bộ sớm hướng dẫn thống nhất mô hình tổ chức Cổng TTĐT sau Thông tư 01/2022/TT-VPCP và "
                "Thông tư 11/2022/TT-BTTTT."
            ),
            "q1": {
                "da_quy_dinh": {
                    "qd_so_tttt": "Quyết định số 12/2022/QĐ-UBND",
                    "qd_van_phong": "Quyết định số 15/2022/QĐ-UBND",
                }
            },
            "q2a": {"van_phong": {}},
            "q2b": {"so_tttt": {}},
            "q2c": {"van_phong": {}},
            "q2d": {
                "thuong_truc_bbt": "Văn phòng UBND thành phố",
                "chiu_trach_nhiem": {
                    "name": "Nguyễn Văn Hải",
                    "position": "Phó Chánh Văn phòng UBND thành phố",
                },
            },
            "q3a": {"bo_phan_trung_tam_van_phong": {}},
            "q3b": {
                "nhieu_don_vi": {
                    "don_vi_ky_thuat": "Trung tâm Thông tin và Dịch vụ số, Sở TT&TT",
                    "don_vi_noi_dung": "Phòng Thông tin - Tin học, Văn phòng UBND thành phố",
                }
            },
            "q3c": {"chu_tich_ubnd": {}},
            "q3dd": 12,
            "q3e": 5,
            "q5": (
                "1. Nhiệm vụ bảo đảm kỹ thuật và nhiệm vụ nội dung giao cho hai cơ quan, việc phối hợp còn chậm.\n"
                "2. Chưa có định mức nhuận bút riêng cho tin, bài trên Cổng.\n"
                "3. Hạ tầng máy chủ đặt tại Trung tâm dữ liệu thành phố cần được nâng cấp."
            ),
            "q6a": {"bo_phan_cntt_van_phong": {}},
            "q6b": {
                "so_tttt_ky_thuat": {
                    "ly_do": "Sở TT&TT có đội ngũ và hạ tầng kỹ thuật, bảo đảm an toàn thông tin."
                },
                "van_phong_noi_dung": {
                    "ly_do": "Văn phòng UBND nắm thông tin chỉ đạo, điều hành của thành phố."
                },
            },
            "q6b_1": {
                "khong": {"ly_do": "Xây dựng và vận hành cần một đầu mối kỹ thuật để bảo đảm liên tục."}
            },
            "q6c": {"dong_y": {}},
            "q7_1": {"name": "Trần Thị Thu Hà", "phone": "0905123456"},
            "q7_2": {"name": "Lê Quang Minh", "phone": "0914567890"},
        },
    ),
    "lao_cai_chua_quy_dinh": Scenario(
        note="Chưa quy định, câu 4: có thay đổi; tách xây dựng và vận hành (câu 6b.2 trả lời).",
        province="lao_cai",
        agency="Văn phòng UBND tỉnh Lào Cai",
        created="2023-01-13T14:02:00+07:00",
        updated="2023-01-17T10:20:05+07:00",
        completed="2023-01-17T10:20:05+07:00",
        answers={
            "qbc1": "Cổng TTĐT tỉnh do Văn phòng UBND tỉnh xây dựng năm 2010, chuyển sang nền tảng mới năm 2019.",
            "qbc2": "Cổng cập nhật thông tin chỉ đạo, điều hành hằng ngày; có phiên bản tiếng Anh và tiếng Trung.",
            "qbc3": "Quy định về chức năng, nhiệm vụ theo các thông tư mới chưa được ban hành.",
            "q1": {
                "chua_quy_dinh": {
                    "ly_do": (
                        "Sở Nội vụ đang tổng hợp ý kiến các sở, ngành để trình UBND tỉnh ban hành quyết định "
                        "sửa đổi chức năng, nhiệm vụ trong quý I năm 2023."
                    )
                }
            },
            "q2a": {"van_phong": {}},
            "q2b": {"van_phong": {}},
            "q2c": {"van_phong": {}},
            "q2d": {
                "thuong_truc_bbt": "Trung tâm Thông tin - Công báo, Văn phòng UBND tỉnh",
                "chiu_trach_nhiem": {
                    "name": "Hoàng Thị Mai",
                    "position": "Giám đốc Trung tâm Thông tin - Công báo",
                },
            },
            "q3a": {"dvsn_van_phong": {"ten_goi": "Trung tâm Thông tin - Công báo tỉnh Lào Cai"}},
            "q3b": {"mot_don_vi": {"ten_don_vi": "Trung tâm Thông tin - Công báo"}},
            "q3c": {"chanh_van_phong": {}},
            "q3dd": 8,
            "q3e": 0,
            "q4": {
                "co_thay_doi": {
                    "co_quan_quan_ly": "Sở Thông tin và Truyền thông",
                    "khac": "Văn phòng UBND tỉnh tiếp tục chịu trách nhiệm nội dung thông tin chỉ đạo, điều hành.",
                }
            },
            "q5": "Thiếu cán bộ kỹ thuật có chuyên môn an toàn thông tin; kinh phí duy trì hằng năm chưa ổn định.",
            "q6a": {"dvsn_van_phong": {}},
            "q6b": {
                "so_tttt_ky_thuat": {"ly_do": "Phù hợp chức năng quản lý nhà nước về công nghệ thông tin."},
                "van_phong_noi_dung": {
                    "ly_do": "Bảo đảm thông tin chỉ đạo, điều hành được đăng tải kịp thời."
                },
            },
            "q6b_1": {
                "co": {"ly_do": "Chuyên môn hóa: đơn vị xây dựng và đơn vị vận hành có yêu cầu khác nhau."}
            },
            "q6b_2": "Sở TT&TT chịu trách nhiệm hạ tầng, an toàn thông tin và các tính năng kỹ thuật của Cổng.",
            "q6c": {"khong_dong_y": {}},
            "q7_1": {"name": "Vũ Đức Thắng", "phone": "0388123456"},
            "q7_2": {"name": "Hoàng Thị Mai", "phone": "0912876543"},
        },
        # Câu 3e: no technical staff of its own, which the form warns about; the reason confirms it.
        confirmations={
            "$.answers.q3e": {
                "khong_can_bo": "Kỹ thuật do doanh nghiệp viễn thông vận hành theo hợp đồng thuê dịch vụ."
            }
        },
    ),
    "ben_tre_khac": Scenario(
        note="Những chỗ “Khác” của phiếu: câu 1, 2a, 3a, 3b, 6a; một đầu mối đặt tại Văn phòng UBND.",
        province="ben_tre",
        agency="Sở Thông tin và Truyền thông tỉnh Bến Tre",
        created="2023-01-15T09:00:00+07:00",
        updated="2023-01-16T11:30:40+07:00",
        completed="2023-01-16T11:30:40+07:00",
        answers={
            "qbc1": "Cổng TTĐT tỉnh vận hành trên nền tảng do tỉnh thuê dịch vụ từ năm 2021.",
            "qbc2": "Cổng hoạt động ổn định; các trang thành phần của sở, ngành đang được chuyển về nền tảng chung.",
            "q1": {
                "khac": {
                    "text": (
                        "Đã quy định cho Sở TT&TT (Quyết định số 08/2022/QĐ-UBND); Văn phòng UBND tỉnh đang trình "
                        "sửa đổi."
                    )
                }
            },
            "q2a": {"khac": {"text": "Văn phòng UBND tỉnh chủ trì, Sở TT&TT phối hợp"}},
            "q2b": {"so_tttt": {}},
            "q2c": {"van_phong": {}},
            "q2d": {
                "thuong_truc_bbt": "Văn phòng UBND tỉnh",
                "chiu_trach_nhiem": {"name": "Phan Văn Tâm", "position": "Chánh Văn phòng UBND tỉnh"},
            },
            "q3a": {"khac": {"text": "Tổ biên tập thuộc Văn phòng UBND tỉnh, kỹ thuật thuê dịch vụ"}},
            "q3b": {
                "khac": {"text": "Nội dung do Văn phòng UBND tỉnh; kỹ thuật do doanh nghiệp cung cấp dịch vụ"}
            },
            "q3c": {"chu_tich_ubnd": {}},
            "q3dd": 6,
            "q3e": 2,
            "q5": "Phụ thuộc doanh nghiệp cung cấp dịch vụ về kỹ thuật; thủ tục gia hạn hợp đồng thuê kéo dài.",
            "q6a": {"de_xuat_khac": {"text": "Bộ phận thuộc Văn phòng UBND tỉnh, kỹ thuật thuê dịch vụ"}},
            "q6b": {"thong_nhat_van_phong": {"ly_do": "Một đầu mối chịu trách nhiệm toàn diện về Cổng."}},
            "q6b_1": {"co": {}},
            "q6b_2": "Thẩm định kỹ thuật, giám sát an toàn thông tin theo quy định.",
            "q6c": {"dong_y": {}},
            "q7_1": {"name": "Nguyễn Thị Kim Loan", "phone": "0918234567"},
            "q7_2": {"name": "Phan Văn Tâm", "phone": "0939111222"},
        },
    ),
    "quang_ninh_chua_quy_dinh_khong_doi": Scenario(
        note="Chưa quy định, câu 4: không thay đổi; câu BC3, BC4 (không bắt buộc) để trống.",
        province="quang_ninh",
        agency="Sở Thông tin và Truyền thông tỉnh Quảng Ninh",
        created="2023-01-16T07:45:00+07:00",
        updated="2023-01-16T15:05:59+07:00",
        completed="2023-01-16T15:05:59+07:00",
        answers={
            "qbc1": "Cổng TTĐT tỉnh do Sở TT&TT xây dựng, vận hành từ năm 2012.",
            "qbc2": "Cổng tích hợp các trang thông tin của 13 huyện, thị xã, thành phố.",
            "q1": {"chua_quy_dinh": {"ly_do": "Đang rà soát các quy định liên quan."}},
            "q2a": {"so_tttt": {}},
            "q2b": {"so_tttt": {}},
            "q2c": {"so_tttt": {}},
            "q2d": {
                "thuong_truc_bbt": "Sở Thông tin và Truyền thông",
                "chiu_trach_nhiem": {"name": "Đỗ Minh Khoa", "position": "Phó Giám đốc Sở TT&TT"},
            },
            "q3a": {"dvsn_so_tttt": {"ten_goi": "Trung tâm Truyền thông tỉnh"}},
            "q3b": {"mot_don_vi": {"ten_don_vi": "Trung tâm Truyền thông tỉnh"}},
            "q3c": {"giam_doc_so_tttt": {}},
            "q3dd": 10,
            "q3e": 4,
            "q4": {"khong_thay_doi": {}},
            "q5": "Không có vướng mắc lớn.",
            "q6a": {"dvsn_so_tttt": {}},
            "q6b": {"thong_nhat_so_tttt": {"ly_do": "Đang vận hành hiệu quả theo mô hình này."}},
            "q6b_1": {"khong": {}},
            "q6c": {"dong_y": {}},
            "q7_1": {"name": "Bùi Thị Hằng", "phone": "0868555777"},
            "q7_2": {"name": "Đỗ Minh Khoa", "phone": "0983444666"},
        },
    ),
    "can_tho_nhap": Scenario(
        note="Bản nháp: một phần câu trả lời, chưa có completed_at; hợp lệ như một bản nháp.",
        province="can_tho",
        agency="Văn phòng UBND thành phố Cần Thơ",
        created="2023-01-15T10:00:00+07:00",
        updated="2023-01-15T10:42:31+07:00",
        answers={
            "qbc1": "Cổng TTĐT thành phố được xây dựng năm 2008.",
            "q1": {"da_quy_dinh": {"qd_so_tttt": "Quyết định số 05/2022/QĐ-UBND"}},
            "q2a": {"van_phong": {}},
            "q3dd": 9,
        },
    ),
}


def example_text(loaded: LoadedForm, scenario: Scenario) -> str:
    """The file of one scenario, made as `phieu fill` makes one."""
    response = new_response(loaded)
    response.respondent.update(province=scenario.province, agency=scenario.agency)
    response.created_at = dt.datetime.fromisoformat(scenario.created)
    response.updated_at = dt.datetime.fromisoformat(scenario.updated)
    if scenario.completed is not None:
        response.status = "complete"
        response.completed_at = dt.datetime.fromisoformat(scenario.completed)
    response.answers = copy.deepcopy(scenario.answers)
    response.confirmations = copy.deepcopy(scenario.confirmations)
    # Not "phieu <version>": the files would go stale at every release without any change that matters.
    response.generator = GENERATOR
    return dump_response(response)


# --- examples/invalid: one mistake each, made from the Đà Nẵng example -------------------------------------


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _changed(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], bytes]:
    def make(base: dict[str, Any]) -> bytes:
        data = copy.deepcopy(base)
        change(data)
        return _json(data)

    return make


def _text(change: Callable[[str], str]) -> Callable[[dict[str, Any]], bytes]:
    return lambda base: change(_json(base).decode("utf-8")).encode("utf-8")


def _answers(**values: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for key, value in values.items():
            if value is None:
                data["answers"].pop(key, None)
            else:
                data["answers"][key] = value

    return change


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = data
        for key in parents:
            target = target[key]
        if value is None:
            del target[last]
        else:
            target[last] = value

    return change


def _both(*changes: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for one in changes:
            one(data)

    return change


def _windows_1258(text: str) -> bytes:
    """*text* as an old Windows program saves Vietnamese: code page 1258, tone marks as separate characters."""
    letters: list[str] = []
    base = -1  # where the last letter (not a mark) is
    for ch in unicodedata.normalize("NFD", text):
        if base >= 0 and unicodedata.combining(ch):
            composed = unicodedata.normalize("NFC", letters[base] + ch)  # "ê" from e + ̂, past a ̣
            if len(composed) == 1 and _encodes(composed, "cp1258"):
                letters[base] = composed
                continue
        else:
            base = len(letters)
        letters.append(ch)
    return "".join(letters).encode("cp1258")


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _draft(data: dict[str, Any]) -> None:
    data["status"] = "draft"
    data.pop("completed_at", None)


INVALID: dict[str, Callable[[dict[str, Any]], bytes]] = {
    # The file itself.
    "empty": lambda base: b"",
    "truncated": lambda base: _json(base)[:1200],
    "json_syntax": _text(lambda t: t.replace('"q3dd": 12,', '"q3dd": 12')),
    "binary": lambda base: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)),
    "not_utf8": lambda base: _windows_1258(_json(base).decode("utf-8")),
    "top_level_array": lambda base: b"[\n" + _json(base) + b"]\n",
    "top_level_string": lambda base: b'"da_nang_da_quy_dinh.json"\n',
    "nan": _text(lambda t: t.replace('"q3dd": 12,', '"q3dd": NaN,')),
    "duplicate_key": _text(lambda t: t.replace('"q3dd": 12,', '"q3dd": 12,\n    "q3dd": 21,')),
    "too_deep": _changed(_answers(q5=json.loads("[" * 40 + '"Không có."' + "]" * 40))),
    "huge_number": _text(lambda t: t.replace('"q3dd": 12,', '"q3dd": ' + "1" * 5000 + ",")),
    # Text no output can hold: a lone surrogate (a JSON escape), control characters, a terminal escape in a key.
    "lone_surrogate": _text(lambda t: t.replace('"q5": "1. ', '"q5": "\\ud800 1. ')),
    "control_characters": _changed(
        _both(
            _set("respondent.agency", "Sở Thông tin\vvà Truyền thông"),
            _answers(q7_1={"name": "Trần Thị\u0001 Thu Hà", "phone": "0905123456"}),
        )
    ),
    "terminal_escape_in_a_key": _changed(_answers(**{"\x1b[2J\x1b[31mq8": "Ý kiến thêm."})),
    # The envelope.
    "not_a_response": lambda base: _json({"tinh": "Đà Nẵng", "tra_loi": base["answers"]}),
    "wrong_form": _changed(_set("form.id", "phieu_150")),
    "hash_mismatch": _changed(_set("form.hash", "sha256:" + "0" * 64)),
    "time_without_zone": _changed(_set("created_at", "2023-01-14T08:10:00")),
    "complete_without_completed_at": _changed(_set("completed_at", None)),
    "newer_format_version": _changed(_set("format_version", 2)),
    "format_version_1_0": _text(lambda t: t.replace('"format_version": 1,', '"format_version": 1.0,')),
    # The answers.
    "complete_missing_answers": _changed(
        _both(
            _answers(q5=None, q7_2=None, q3b={"nhieu_don_vi": {"don_vi_ky_thuat": "Sở TT&TT"}}),
            _set("respondent.province", None),
        )
    ),
    "draft_wrong_values": _changed(
        _both(_draft, _answers(q3dd=-3, q7_1={"name": "Trần Thị Thu Hà", "phone": "0905 123 456"}))
    ),
    "not_applicable_answered": _changed(_answers(q4={"khong_thay_doi": {}}, q6b_2="Bảo đảm kỹ thuật.")),
    "other_without_text": _changed(_answers(q2a={"khac": {}}, q6a={"de_xuat_khac": {"text": "  "}})),
    "blank_without_its_option": _changed(
        _answers(q3a={"bo_phan_trung_tam_so": {"ten_goi": "Trung tâm CNTT"}})
    ),
    "unknown_ids": _changed(_answers(q8="Ý kiến thêm.", q2b={"so_tt": {}})),
    "wrong_types": _changed(
        _answers(q3dd="mười hai", q5=["dòng 1", "dòng 2"], q7_2="Lê Quang Minh, 0914567890")
    ),
    "bad_phone_numbers": _changed(
        _answers(
            q7_1={"name": "Trần Thị Thu Hà", "phone": "+84 905 123 456"},
            q7_2={"name": "Lê Quang Minh", "phone": "091456789"},
        )
    ),
    "out_of_bounds": _changed(_answers(q3dd=-1, q3e=20000)),
    "two_options_in_a_single_choice": _changed(_answers(q2c={"van_phong": {}, "so_tttt": {}})),
    "exclusive_option_not_alone": _changed(
        _answers(
            q6b={
                "thong_nhat_so_tttt": {"ly_do": "Một đầu mối."},
                "van_phong_noi_dung": {"ly_do": "Nội dung."},
            }
        )
    ),
}


def expected_files(loaded: LoadedForm) -> dict[Path, bytes]:
    """Every file this script writes, by path: the examples, then the invalid cases."""
    files = {HERE / f"{name}.json": example_text(loaded, s).encode("utf-8") for name, s in EXAMPLES.items()}
    base = json.loads(files[HERE / "da_nang_da_quy_dinh.json"])
    files.update({HERE / "invalid" / f"{name}.json": make(base) for name, make in INVALID.items()})
    return files


def main(argv: list[str]) -> int:
    check = "--check" in argv
    loaded = load_form()
    stale = []
    for path, content in expected_files(loaded).items():
        if path.is_file() and path.read_bytes() == content:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    for path in stale:
        print(f"{'cũ' if check else 'đã ghi'}: {path.relative_to(HERE.parent)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
