"""`phieu fill` driving the real questionary prompts through a prompt_toolkit pipe (fixture `terminal`).

Each prompt receives exactly the keys scripted for it (conftest.ScriptedUI), so nothing leaks between prompts
or tests and nothing depends on timing: a later chunk of keys waits for the screen to show what it answers, and a
lone Esc is the last key of its chunk (prompt_toolkit waits ESC_TIMEOUT for more; nothing else comes).
"""

from __future__ import annotations

import copy
import json
import os
import stat
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from phieu_cli.common.errors import Interrupted, UsageError
from phieu_cli.interview.fill import FillOptions, draft_path_for, run
from phieu_cli.responses.validation import check_file
from samples import CHUA_QUY_DINH, DA_QUY_DINH, response_dict

ENTER, UP, DOWN, ESC, CTRL_C, BACKSPACE = "\r", "\x1b[A", "\x1b[B", "\x1b", "\x03", "\x7f"
END = "\r\r"  # long text: Enter on an empty line finishes


def pick(n: int) -> str:
    """A select: move down *n* times from the first option, Enter."""
    return DOWN * n + ENTER


def tick(*indices: int) -> str:
    """A checkbox: tick the options at *indices* (from the top), Enter."""
    keys, at = "", 0
    for index in sorted(indices):
        keys += DOWN * (index - at) + " "
        at = index
    return keys + ENTER


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def start_chua_quy_dinh() -> list[tuple[str, str]]:
    """Province to question 1 (chưa quy định), with an Esc back, a "← Quay lại" and NFD typing."""
    return [
        ("Tỉnh, thành phố", "ha noi" + ENTER),
        ("Cơ quan", nfd("Sở Thông tin và Truyền thông") + ENTER),
        ("Câu BC1", "Cổng TTĐT tỉnh được xây dựng năm 2015," + ENTER + "nâng cấp năm 2021." + END),
        ("Câu BC2", ESC),  # back to BC1: its answer is the default; Enter twice keeps it
        ("Câu BC1", END),
        ("Câu BC2", nfd("Cổng hoạt động ổn định, trung bình 20.000 lượt truy cập mỗi ngày.") + END),
        ("Câu BC3", "Thiếu cán bộ kỹ thuật." + END),
        ("Câu BC4", "Đề nghị Bộ ban hành hướng dẫn thống nhất." + END),
        ("Câu 1", pick(1)),
        ("Câu 1 – Lý do", "Đang trình UBND tỉnh ban hành quyết định." + END),
    ]


def rest_chua_quy_dinh() -> list[tuple[str, str]]:
    return [
        ("Câu 2a", UP + ENTER),  # "← Quay lại" is the last choice: ↑ from the first wraps to it
        ("Câu 1 – Lý do", END),
        ("Câu 2a", pick(1)),
        ("Câu 2b", pick(2)),
        ("Câu 2b – Khác", "Trung tâm Giám sát, điều hành đô thị thông minh" + ENTER),
        ("Câu 2c", pick(0)),
        ("Câu 2d – Thường trực", "Văn phòng UBND tỉnh" + ENTER),
        ("Họ và tên", "Nguyễn Văn An" + ENTER),
        ("Chức vụ", "Phó Chánh Văn phòng" + ENTER),
        ("Câu 3a", pick(0)),
        ("Câu 3a – Tên gọi", "Trung tâm Công nghệ thông tin và Truyền thông" + ENTER),
        ("Câu 3b", pick(1)),
        ("Câu 3b – Về kỹ thuật", "Sở TT&TT" + ENTER),
        ("Câu 3b – Về Nội dung", "Văn phòng UBND tỉnh" + ENTER),
        ("Câu 3c", pick(0)),
        (
            "Câu 3đ",
            ["bảy" + ENTER, ("không phải số nguyên", BACKSPACE * 3 + "7" + ENTER)],
        ),  # refused inline, then corrected
        ("Câu 3e", "3" + ENTER),
        ("Câu 4", pick(1)),
        ("Câu 4 – Cơ quan quản lý", "Sở Thông tin và Truyền thông" + ENTER),
        ("Câu 4 – Khác", ENTER),  # optional: skipped
        ("Câu 5", "Kinh phí duy trì hạn chế; nhân lực kỹ thuật mỏng." + END),
        ("Câu 6a", pick(1)),
        ("Câu 6b", tick(2, 3)),
        ("Câu 6b – Sở TT&TT chịu trách nhiệm xây dựng… – Lý do", "Sở có đội ngũ kỹ thuật." + END),
        (
            "Câu 6b – Văn phòng UBND tỉnh chịu trách nhiệm… – Lý do",
            "Văn phòng nắm thông tin chỉ đạo, điều hành." + END,
        ),
        ("Câu 6b.1", pick(1)),
        ("Câu 6b.1 – Lý do", "Chuyên môn hóa." + END),
        ("Câu 6b.2", "Bảo đảm kỹ thuật, an toàn thông tin." + END),
        ("Câu 6c", pick(1)),
        ("Câu 7.1 – Họ và tên", "Trần Thị Bình" + ENTER),
        ("Câu 7.1 – Số điện thoại", "0905 123 456" + ENTER),
        ("Câu 7.2 – Họ và tên", "Lê Văn Cường" + ENTER),
        ("Câu 7.2 – Số điện thoại", "+84 912.345.678" + ENTER),
    ]


def expected_chua_quy_dinh() -> dict[str, Any]:
    expected = copy.deepcopy(CHUA_QUY_DINH)
    expected["qbc1"] = "Cổng TTĐT tỉnh được xây dựng năm 2015,\nnâng cấp năm 2021."
    return expected


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def assert_private(path: Path) -> None:
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_branch_chua_quy_dinh_with_back_review_edit_and_nfd(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    script = [
        *start_chua_quy_dinh(),
        *rest_chua_quy_dinh(),
        ("review", pick(1)),  # "Sửa một câu trả lời"
        ("edit", "3d" + ENTER),  # the printed number, typed without its diacritic
        ("Câu 3đ", BACKSPACE + "9" + ENTER),
        ("review", pick(0)),  # save
    ]
    ui = terminal.ui(script)
    run(FillOptions(output=output), ui=ui)
    assert ui.script == []
    data = read(output)
    expected = expected_chua_quy_dinh()
    expected["q3dd"] = 9
    assert data["answers"] == expected
    assert data["respondent"] == {"province": "ha_noi", "agency": "Sở Thông tin và Truyền thông"}
    assert data["status"] == "complete" and data["completed_at"] == data["updated_at"]
    text = output.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text) and "Truyền thông" in text  # NFD typing stored as NFC
    assert check_file(form149, output, require_complete=True).problems == []
    assert_private(output)
    assert not draft_path_for(output).exists()  # the draft goes once the response is written
    screen = terminal.screen
    assert "XEM LẠI PHIẾU" in screen and "✓ 1       Chưa quy định theo Thông tư" in screen  # the review
    assert "✓ 3đ      7" in screen
    assert "không phải số nguyên" in terminal.words  # "bảy" explained inline
    # Part numbers as printed on the form (the report block BC1–BC4 before part 1 has none).
    assert "· phần 3/7]" in screen and "── 3. Công tác tổ chức" in screen and "Phần 4/8" not in screen
    assert "[câu 1/21]" in screen  # BC1
    assert "→ Thành phố Hà Nội" in screen
    assert "Đã lưu phiếu hoàn thành vào" in screen


def test_branch_da_quy_dinh_with_other_text_exclusive_checkbox_and_accented_province(
    terminal, form149, tmp_path
):
    output = tmp_path / "da_nang.json"
    script = [
        ("Tỉnh, thành phố", "Đà Nẵng" + ENTER),
        ("Cơ quan", "Văn phòng UBND thành phố" + ENTER),
        ("Câu BC1", "Báo cáo." + END),
        ("Câu BC2", "Ổn định." + END),
        ("Câu BC3", ENTER),
        ("Câu BC4", ENTER),
        ("Câu 1", pick(0)),
        ("Câu 1 – Số Quyết định quy định chức năng nhiệm vụ của Sở", "12/2022/QĐ-UBND" + ENTER),
        ("Câu 1 – Số Quyết định quy định chức năng nhiệm vụ của Văn phòng", "15/2022/QĐ-UBND" + ENTER),
        ("Câu 2a", pick(0)),
        ("Câu 2b", pick(1)),
        ("Câu 2c", pick(0)),
        ("Câu 2d – Thường trực", "Văn phòng UBND thành phố" + ENTER),
        ("Họ và tên", "Phạm Thị Dung" + ENTER),
        ("Chức vụ", "Chánh Văn phòng" + ENTER),
        ("Câu 3a", pick(4)),
        ("Câu 3a – Khác", "Tổ Cổng thông tin thuộc Văn phòng" + ENTER),
        ("Câu 3b", pick(0)),
        ("Câu 3b – Tên đơn vị", "Trung tâm Thông tin" + ENTER),
        ("Câu 3c", pick(1)),
        ("Câu 3đ", "0" + ENTER),
        # 0 fires the form's warning (2d names who is responsible for content): a reason is asked, and an
        # empty one refused.
        (
            "Câu 3đ – Lý do giữ câu trả lời (khong_can_bo)",
            [ENTER, ("Hãy ghi lý do", "Ban biên tập mới thành lập," + ENTER)],
        ),
        ("Câu 3e", "1.200" + ENTER),
        # Question 4 is not asked: question 1 is "đã quy định".
        ("Câu 5", "Không có." + END),
        ("Câu 6a", pick(6)),
        ("Câu 6a – Đề xuất khác", "Giữ như hiện nay" + ENTER),
        # Both "thống nhất" options are exclusive: refused, then the second is unticked.
        ("Câu 6b", [" " + DOWN + " " + ENTER, ("Phải chọn riêng", " " + ENTER)]),
        ("Câu 6b – Thống nhất một đầu mối quản lý (bao… – Lý do", "Một đầu mối." + END),
        ("Câu 6b.1", pick(0)),
        ("Câu 6b.1 – Lý do", ENTER),  # optional
        # 6b.2 is not asked: 6b.1 is "Không".
        ("Câu 6c", pick(0)),
        ("Câu 7.1 – Họ và tên", "Võ Văn Em" + ENTER),
        (
            "Câu 7.1 – Số điện thoại",
            ["0935 11" + ENTER, ("số di động không hợp lệ", BACKSPACE * 7 + "0935.111.222" + ENTER)],
        ),
        ("Câu 7.2 – Họ và tên", "Đặng Thị Giang" + ENTER),
        ("Câu 7.2 – Số điện thoại", "0777 888 999" + ENTER),
        ("review", pick(0)),
    ]
    ui = terminal.ui(script)
    run(FillOptions(output=output), ui=ui)
    assert ui.script == []
    data = read(output)
    assert data["respondent"]["province"] == "da_nang"
    answers = data["answers"]
    assert "q4" not in answers and "q6b_2" not in answers and "qbc3" not in answers
    assert answers["q3a"] == {"khac": {"text": "Tổ Cổng thông tin thuộc Văn phòng"}}
    assert answers["q6a"] == {"de_xuat_khac": {"text": "Giữ như hiện nay"}}
    assert answers["q6b"] == {"thong_nhat_so_tttt": {"ly_do": "Một đầu mối."}}
    assert answers["q6b_1"] == {"khong": {}}
    assert answers["q3e"] == 1200
    assert data["confirmations"] == {"$.answers.q3dd": {"khong_can_bo": "Ban biên tập mới thành lập,"}}
    assert "⚠ Cảnh báo (khong_can_bo): Câu 2d đã ghi người chịu trách nhiệm nội dung" in terminal.words
    assert answers["q7_1"] == {"name": "Võ Văn Em", "phone": "0935111222"}
    assert check_file(form149, output, require_complete=True).problems == []
    assert "Phải chọn riêng “Thống nhất một đầu mối" in terminal.words
    assert 'số di động không hợp lệ: "0935 11"' in terminal.words  # 0935 11 is too short


def test_ctrl_c_keeps_a_valid_draft_and_resume_continues_where_it_stopped(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    draft = draft_path_for(output)
    script = [*start_chua_quy_dinh(), ("Câu 2a", pick(1)), ("Câu 2b", CTRL_C)]
    with pytest.raises(Interrupted) as stopped:
        run(FillOptions(output=output), ui=terminal.ui(script))
    message = str(stopped.value)
    assert stopped.value.exit_code == 130
    assert str(draft.resolve()) in message
    assert f"fill --resume {draft}" in message
    assert not output.exists()
    assert_private(draft)
    report = check_file(form149, draft)
    assert report.problems == [] and report.checked_as == "draft"
    saved = read(draft)
    assert saved["status"] == "draft" and saved["answers"]["q2a"] == {"so_tttt": {}}
    assert "q2b" not in saved["answers"]

    ui = terminal.ui([*rest_chua_quy_dinh()[3:], ("review", pick(0))])  # from 2b on
    run(FillOptions(resume=draft), ui=ui)
    assert ui.asked[0] == "Câu 2b" and ui.script == []
    data = read(output)
    assert data["answers"] == expected_chua_quy_dinh()
    assert data["created_at"] == saved["created_at"]
    assert not draft.exists()
    assert "Tiếp tục từ: Câu 2b" in terminal.screen


def test_fill_with_the_same_output_finds_the_draft(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    with pytest.raises(Interrupted):
        run(FillOptions(output=output), ui=terminal.ui([*start_chua_quy_dinh()[:3], ("Câu BC2", CTRL_C)]))
    ui = terminal.ui([("Câu BC2", CTRL_C)])
    with pytest.raises(Interrupted):
        run(FillOptions(output=output), ui=ui)
    assert "Tìm thấy bản nháp" in terminal.screen
    assert read(draft_path_for(output))["answers"]["qbc1"].startswith("Cổng TTĐT tỉnh")


def test_ctrl_c_while_typing_keeps_the_unconfirmed_text_and_resume_offers_it(terminal, form149, tmp_path):
    output = tmp_path / "r.json"
    draft = draft_path_for(output)
    script = [("Tỉnh", "hue" + ENTER), ("Cơ quan", "Sở" + ENTER), ("Câu BC1", "Một đoạn dài" + CTRL_C)]
    with pytest.raises(Interrupted) as stopped:
        run(FillOptions(output=output), ui=terminal.ui(script))
    message = str(stopped.value)
    assert "cũng được giữ trong bản nháp" in message and message.endswith("Câu BC1: Một đoạn dài")
    saved = read(draft)
    assert saved["unconfirmed"] == {"$.answers.qbc1": "Một đoạn dài"} and "qbc1" not in saved["answers"]
    assert check_file(form149, draft).problems == []  # a valid draft
    whole = check_file(form149, draft, require_complete=True).problems
    assert any(p.where == "$.answers.qbc1" and p.code == "required" for p in whole)  # not an answer

    ui = terminal.ui([("Câu BC1", END), ("Câu BC2", CTRL_C)])  # pre-filled: Enter twice confirms it
    with pytest.raises(Interrupted):
        run(FillOptions(output=output), ui=ui)
    assert "Nội dung đang gõ dở, chưa xác nhận (Câu BC1) sẽ hiện sẵn" in terminal.words
    saved = read(draft)
    assert saved["answers"]["qbc1"] == "Một đoạn dài" and "unconfirmed" not in saved


def test_text_typed_then_esc_then_ctrl_c_is_kept(terminal, form149, tmp_path):
    output = tmp_path / "r.json"
    script = [
        ("Tỉnh", "hue" + ENTER),
        ("Cơ quan", "Sở" + ENTER),
        ("Câu BC1", "Báo cáo." + END),
        ("Câu BC2", "Đang gõ dở" + ESC),  # typed, not confirmed, back to BC1
        ("Câu BC1", END),
        ("Câu BC2", ESC),  # offered again; Esc again without a change keeps it still
        ("Câu BC1", CTRL_C),
    ]
    ui = terminal.ui(script)
    with pytest.raises(Interrupted) as stopped:
        run(FillOptions(output=output), ui=ui)
    assert ui.script == []
    assert str(stopped.value).endswith("Câu BC2: Đang gõ dở")
    assert "← Quay lại: nội dung đang gõ được giữ, chưa phải câu trả lời" in terminal.words
    saved = read(draft_path_for(output))
    assert saved["unconfirmed"] == {"$.answers.qbc2": "Đang gõ dở"}
    assert saved["answers"] == {"qbc1": "Báo cáo."}
    ui = terminal.ui([("Câu BC2", " nữa." + END), ("Câu BC3", CTRL_C)])
    with pytest.raises(Interrupted):
        run(FillOptions(output=output), ui=ui)
    assert read(draft_path_for(output))["answers"]["qbc2"] == "Đang gõ dở nữa."


def test_ctrl_u_clears_a_prefilled_box_and_the_first_question_offers_no_esc(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    output.write_text(json.dumps(response_dict(form149, DA_QUY_DINH), ensure_ascii=False), encoding="utf-8")
    script = [
        ("Phiếu đã đủ câu trả lời", pick(0)),
        ("review", pick(1)),
        ("edit", "5" + ENTER),
        ("Câu 5", "\x15" + "Không." + END),  # Ctrl-U: the whole pre-filled box goes, not only a line
        ("review", pick(0)),
    ]
    run(FillOptions(edit=output), ui=terminal.ui(script))
    assert read(output)["answers"]["q5"] == "Không."
    assert "Ctrl-U: xóa hết ô" in terminal.words

    with pytest.raises(Interrupted):
        run(FillOptions(output=tmp_path / "moi.json"), ui=terminal.ui([("Tỉnh", CTRL_C)]))
    first_hint = terminal.words.rsplit("? Tỉnh, thành phố", 1)[0].rsplit("(", 1)[1]
    assert "Enter: xong" in first_hint and "Esc" not in first_hint  # nowhere to go back to


def test_the_greeting_comes_before_the_question_about_an_existing_file(terminal, tmp_path):
    output = tmp_path / "tra_loi.json"
    output.write_text("{}", encoding="utf-8")
    with pytest.raises(UsageError):
        run(FillOptions(output=output), ui=terminal.ui([(f"Tệp {output} đã có", pick(1))]))
    screen = terminal.words
    assert screen.index("PHIẾU CUNG CẤP THÔNG TIN") < screen.index("đã có")


def test_a_paste_with_blank_lines_stays_in_its_box(terminal, tmp_path):
    output = tmp_path / "r.json"
    pasted = "Dòng một.\r\rDòng hai.\r\rDòng ba."  # a terminal without bracketed paste: keys, blank lines too
    script = [
        ("Tỉnh", "hue" + ENTER),
        ("Cơ quan", "Sở Thông tin\rvà Truyền thông" + ENTER),  # a line break pasted into a one-line box
        ("Câu BC1", pasted + END),
        ("Câu BC2", CTRL_C),
    ]
    ui = terminal.ui(script)
    with pytest.raises(Interrupted):
        run(FillOptions(output=output), ui=ui)
    saved = read(draft_path_for(output))
    assert saved["respondent"]["agency"] == "Sở Thông tin và Truyền thông"
    assert saved["answers"] == {"qbc1": "Dòng một.\n\nDòng hai.\n\nDòng ba."}


def test_a_question_picked_in_the_review_list_is_changed(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    output.write_text(json.dumps(response_dict(form149, DA_QUY_DINH), ensure_ascii=False), encoding="utf-8")
    script = [
        ("Phiếu đã đủ câu trả lời", pick(0)),
        ("review", "\x1b[6~" * 4 + ENTER),  # PgDn to the end of the list: the last question, 7.2
        ("Câu 7.2 – Họ và tên", "\x15" + "Ngô Văn Tám" + ENTER),
        ("Câu 7.2 – Số điện thoại", ENTER),
        ("review", pick(0)),
    ]
    ui = terminal.ui(script)
    run(FillOptions(edit=output), ui=ui)
    assert ui.script == []
    assert read(output)["answers"]["q7_2"]["name"] == "Ngô Văn Tám"


def test_a_multiple_choice_has_a_back_entry_too(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    script = [
        *start_chua_quy_dinh(),
        *rest_chua_quy_dinh()[:22],  # to 6a
        ("Câu 6b", " " + UP + " " + ENTER),  # tick the first, then Enter on "← Quay lại" (↑ wraps to it)
        ("Câu 6a", ENTER),
        ("Câu 6b", CTRL_C),
    ]
    ui = terminal.ui(script)
    with pytest.raises(Interrupted):
        run(FillOptions(output=output), ui=ui)
    assert ui.script == []
    saved = read(draft_path_for(output))
    assert "q6b" not in saved["answers"] and "q6a" in saved["answers"]


def test_ctrl_c_before_any_answer_leaves_nothing(terminal, tmp_path):
    output = tmp_path / "r.json"
    with pytest.raises(Interrupted) as stopped:
        run(FillOptions(output=output), ui=terminal.ui([("Tỉnh", CTRL_C)]))
    assert "Chưa có câu trả lời nào" in str(stopped.value)
    assert list(tmp_path.iterdir()) == []


def test_esc_on_the_first_question_stays_and_typed_text_survives_esc(terminal, tmp_path):
    output = tmp_path / "r.json"
    script = [
        ("Tỉnh", ESC),
        ("Tỉnh", "can tho" + ENTER),
        ("Cơ quan", "Sở Nội vụ" + ESC),  # typed, then Esc before Enter
        ("Tỉnh", ENTER),  # the province is kept as the default
        ("Cơ quan", ENTER),  # what was typed before Esc is offered again
        ("Câu BC1", CTRL_C),
    ]
    with pytest.raises(Interrupted):
        run(FillOptions(output=output), ui=terminal.ui(script))
    assert "Đây là câu đầu tiên." in terminal.screen
    saved = read(draft_path_for(output))
    assert saved["respondent"] == {"province": "can_tho", "agency": "Sở Nội vụ"}


def test_edit_keeps_created_at_and_every_answer_as_default(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    original = response_dict(form149, DA_QUY_DINH)
    original["created_at"] = "2023-01-14T08:00:00+07:00"
    output.write_text(json.dumps(original, ensure_ascii=False), encoding="utf-8")
    script = [
        ("Phiếu đã đủ câu trả lời", pick(0)),  # go to the review screen
        ("review", pick(1)),
        ("edit", "câu 7.2" + ENTER),
        ("Câu 7.2 – Họ và tên", ENTER),
        ("Câu 7.2 – Số điện thoại", BACKSPACE * 10 + "0988 777 666" + ENTER),
        ("review", pick(1)),
        ("edit", "1" + ENTER),  # a change that makes question 4 applicable
        ("Câu 1", pick(1)),
        ("Câu 1 – Lý do", "Chưa ban hành." + END),
        ("Câu 4", pick(0)),
        ("review", pick(0)),
    ]
    ui = terminal.ui(script)
    run(FillOptions(edit=output), ui=ui)
    assert ui.script == []
    data = read(output)
    assert data["created_at"] == "2023-01-14T08:00:00+07:00"
    assert data["updated_at"] > original["updated_at"] or data["updated_at"] >= data["created_at"]
    assert data["answers"]["q7_2"] == {"name": "Lê Văn Cường", "phone": "0988777666"}
    assert data["answers"]["q1"] == {"chua_quy_dinh": {"ly_do": "Chưa ban hành."}}
    assert data["answers"]["q4"] == {"khong_thay_doi": {}}
    assert "Đã bỏ câu trả lời không còn áp dụng: Câu 1 – Số Quyết định" in terminal.screen
    assert check_file(form149, output, require_complete=True).problems == []


def test_edit_walking_every_question_with_enter_keeps_the_answers(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    output.write_text(json.dumps(response_dict(form149, CHUA_QUY_DINH), ensure_ascii=False), encoding="utf-8")
    long_texts = ("Câu BC1", "Câu BC2", "Câu BC3", "Câu BC4", "Câu 5", "Câu 6b.2", "Lý do")

    def keys(label: str) -> str:
        if label.startswith("Phiếu đã đủ câu trả lời"):
            return pick(1)  # walk every question from the start
        if label == "review":
            return pick(0)
        return END if label.startswith(long_texts) or label.endswith("Lý do") else ENTER

    ui = terminal.ui(keys)
    run(FillOptions(edit=output), ui=ui)
    assert read(output)["answers"] == CHUA_QUY_DINH
    assert ui.asked[-1] == "review" and len(ui.asked) > 40


def test_an_existing_output_is_never_overwritten_without_a_confirmation(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    output.write_text("{}", encoding="utf-8")  # not a response: no "Sửa phiếu đã có" choice
    with pytest.raises(UsageError, match="Không ghi đè"):
        run(FillOptions(output=output), ui=terminal.ui([(f"Tệp {output} đã có", pick(1))]))
    assert output.read_text(encoding="utf-8") == "{}"
    script = [(f"Tệp {output} đã có", pick(0)), ("Tỉnh", CTRL_C)]  # overwrite when saving; stopped before
    with pytest.raises(Interrupted):
        run(FillOptions(output=output), ui=terminal.ui(script))
    assert output.read_text(encoding="utf-8") == "{}"


def test_an_existing_response_can_be_edited_instead(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    original = response_dict(form149, DA_QUY_DINH)
    output.write_text(json.dumps(original, ensure_ascii=False), encoding="utf-8")
    script = [
        (f"Tệp {output} đã có", pick(0)),  # "Sửa phiếu đã có"
        ("Phiếu đã đủ câu trả lời", pick(0)),
        ("review", pick(1)),
        ("edit", "3e" + ENTER),
        ("Câu 3e", BACKSPACE + "5" + ENTER),
        ("review", pick(0)),
    ]
    run(FillOptions(output=output), ui=terminal.ui(script))
    data = read(output)
    assert data["answers"]["q3e"] == 5 and data["created_at"] == original["created_at"]


def test_force_skips_the_question(terminal, tmp_path):
    output = tmp_path / "tra_loi.json"
    output.write_text("{}", encoding="utf-8")
    with pytest.raises(Interrupted):
        run(FillOptions(output=output, force=True), ui=terminal.ui([("Tỉnh", CTRL_C)]))


def test_an_invalid_answer_in_a_file_being_edited_is_asked_again(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    data = response_dict(form149, DA_QUY_DINH)
    data["answers"]["q7_1"]["phone"] = "0905 12"
    output.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    script = [("Câu 7.1 – Số điện thoại", BACKSPACE * 7 + "0905123456" + ENTER), ("review", pick(0))]
    run(FillOptions(edit=output), ui=terminal.ui(script))
    assert read(output)["answers"]["q7_1"]["phone"] == "0905123456"
    assert "không hợp lệ và sẽ được hỏi lại" in terminal.words


def test_a_draft_for_another_form_is_refused(terminal, form149, tmp_path):
    draft = tmp_path / "x.draft.json"
    data = response_dict(form149, {}, status="draft")
    data["form"]["id"] = "phieu_khac"
    draft.write_text(json.dumps(data), encoding="utf-8")
    from phieu_cli.common.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        run(FillOptions(resume=draft), ui=terminal.ui([]))
    assert any(p.code == "form_mismatch" for p in refused.value.problems)


def test_a_finished_response_is_never_used_as_a_draft(terminal, form149, tmp_path):
    done = tmp_path / "tra_loi.json"
    done.write_text(json.dumps(response_dict(form149, DA_QUY_DINH), ensure_ascii=False), encoding="utf-8")
    before = done.read_bytes()
    with pytest.raises(UsageError, match="phiếu đã hoàn thành, không phải bản nháp"):
        run(FillOptions(resume=done, output=tmp_path / "khac.json"), ui=terminal.ui([]))
    assert done.read_bytes() == before


def test_a_folder_that_cannot_be_written_is_said_before_any_question(terminal, tmp_path, monkeypatch):
    from phieu_cli.interview import fill as fill_module

    monkeypatch.setattr(fill_module.os, "access", lambda path, mode: False)
    with pytest.raises(UsageError, match="Không ghi được vào thư mục"):
        run(FillOptions(output=tmp_path / "r.json"), ui=terminal.ui([]))


def test_ctrl_d_in_an_empty_box_stops_like_ctrl_c(terminal, tmp_path):
    with pytest.raises(Interrupted) as stopped:
        run(
            FillOptions(output=tmp_path / "r.json"),
            ui=terminal.ui([("Tỉnh", "hue" + ENTER), ("Cơ quan", "\x04")]),
        )
    assert str(stopped.value).startswith("Đã dừng (Ctrl-D).")


def test_a_file_that_appears_meanwhile_is_not_overwritten_without_asking(terminal, form149, tmp_path):
    output = tmp_path / "tra_loi.json"
    source = tmp_path / "old.json"
    source.write_text(json.dumps(response_dict(form149, CHUA_QUY_DINH), ensure_ascii=False), encoding="utf-8")
    asked: list[str] = []

    def keys(label: str) -> str:
        asked.append(label)
        if label.startswith("Phiếu đã đủ câu trả lời"):
            return pick(0)  # straight to the review
        if label == "review":
            output.write_text("{}", encoding="utf-8")  # someone else writes the file meanwhile
            return pick(0)
        assert label == f"Tệp {output} đã có."
        return pick(1)  # "Thoát": the two choices at this point are overwrite / quit

    with pytest.raises(UsageError, match="Không ghi đè") as refused:
        run(FillOptions(edit=source, output=output), ui=terminal.ui(keys))
    assert output.read_text(encoding="utf-8") == "{}"
    assert asked[-1] == f"Tệp {output} đã có."
    draft = draft_path_for(output)
    assert f"fill --resume {draft} -o TÊN_KHÁC.json" in str(refused.value)
    assert read(draft)["answers"] == CHUA_QUY_DINH  # the answers are kept for another file


# --- Windows: Left-Alt keys and closing the console window ---------------------------------------------------


def windows_console(*batches: list[Any]) -> Any:
    """Key presses as prompt_toolkit's win32 input delivers them from a Windows console (legacy console input):
    each batch is one read of the console, fed to the running prompt's key processor as Application does with
    what Input.read_keys() returns. Left-Alt+b is the batch [Escape, "b"] (win32.py: "prefix the result with an
    'Escape' key, just like unix VT100 terminals do")."""

    def feed(app: Any) -> None:
        for batch in batches:
            app.key_processor.feed_multiple(batch)
            app.key_processor.process_keys()

    return feed


def test_windows_left_alt_keys_never_go_back_nor_edit_another_answer(terminal, tmp_path):
    from prompt_toolkit.key_binding import KeyPress  # noqa: TID251 (the win32 input's key presses)
    from prompt_toolkit.keys import Keys  # noqa: TID251 (the win32 input's key presses)

    def key(char: str) -> list[Any]:
        return [KeyPress(char, char)]

    alt, enter = KeyPress(Keys.Escape, ""), [KeyPress(Keys.ControlM, "\r")]
    output = tmp_path / "r.json"
    script = [
        ("Tỉnh, thành phố", "hue" + ENTER),
        ("Cơ quan", "Sở Thông tin và Truyền thông" + ENTER),
        ("Câu BC1", "Báo cáo." + END),
        # Left-Alt+b: a word left, in this box; BC1 is neither asked again nor given a "b".
        (
            "Câu BC2",
            [
                "abc",
                (
                    "abc",
                    windows_console(
                        [alt, *key("b")], key("Z"), [KeyPress(Keys.ControlE, "\x05")], enter, enter
                    ),
                ),
            ],
        ),
        # Left-Alt+Backspace: deletes the word before the cursor, in this box; BC2 keeps its last letter.
        (
            "Câu BC3",
            [
                "một hai",
                (
                    "một hai",
                    windows_console([alt, KeyPress(Keys.ControlH, "\x08")], key("b"), key("a"), enter, enter),
                ),
            ],
        ),
        # Left-Alt+x, used by nothing: nothing happens; then a lone Esc (its own read) still goes back.
        ("Câu BC4", ["x", ("x", windows_console([alt, *key("x")], key("y"), [alt]))]),
        ("Câu BC3", END),
        ("Câu BC4", END),  # the text left in BC4 is offered again: confirmed as it is
        ("Câu 1", CTRL_C),
    ]
    ui = terminal.ui(script)
    with pytest.raises(Interrupted):
        run(FillOptions(output=output), ui=ui)
    assert ui.script == []
    answers = read(draft_path_for(output))["answers"]
    assert answers["qbc1"] == "Báo cáo." and answers["qbc2"] == "Zabc" and answers["qbc3"] == "một ba"
    assert answers["qbc4"] == "xy"


def test_the_windows_console_handler_takes_only_the_events_that_end_the_process():
    import threading

    from phieu_cli.interview.fill import ConsoleClose

    received: list[str] = []
    finished = threading.Event()
    interrupts: list[int] = []
    handler = ConsoleClose(received, finished, interrupts.append)
    assert handler(0) is False and handler(1) is False  # Ctrl-C, Ctrl-Break: Python's KeyboardInterrupt
    assert received == [] and interrupts == []
    finished.set()
    assert handler(2) is True  # CTRL_CLOSE_EVENT: handled, once the draft is saved (*finished*)
    assert received == ["cửa sổ dòng lệnh đã đóng"] and interrupts == [15]
    assert handler(6) is True and interrupts == [15]  # a second event while stopping raises nothing more


def test_closing_the_windows_console_window_keeps_the_text_being_typed(
    terminal, form149, tmp_path, monkeypatch
):
    """What Windows does when the window is closed: the handler registered with SetConsoleCtrlHandler is
    called with CTRL_CLOSE_EVENT on a thread of its own, and the process ends when it returns. Here the
    registration is the only part replaced (no ctypes on Linux); the handler and its way into the interview
    are the real ones."""
    import threading

    from phieu_cli.interview import fill

    handlers: list[Any] = []
    monkeypatch.setattr(
        fill, "watch_console_close", lambda handler: handlers.append(handler) or (lambda: None)
    )
    monkeypatch.setattr(fill, "CLOSE_WAIT", 600.0)  # this machine may be slow; Windows allows about 5 s
    output = tmp_path / "r.json"
    draft = draft_path_for(output)
    returned: list[tuple[bool, dict[str, Any]]] = []

    def close_window() -> None:
        handled = handlers[0](2)  # CTRL_CLOSE_EVENT
        returned.append((handled, read(draft)))  # what the draft held when the process would end

    closing = threading.Thread(target=close_window)
    script = [
        ("Tỉnh, thành phố", "hue" + ENTER),
        ("Cơ quan", "Sở Thông tin và Truyền thông" + ENTER),
        ("Câu BC1", ["Đang gõ thì cửa sổ đóng", ("cửa sổ đóng", lambda app: closing.start())]),
    ]
    ui = terminal.ui(script)
    with pytest.raises(Interrupted) as stopped:
        run(FillOptions(output=output), ui=ui)
    closing.join()
    assert "Đã dừng (cửa sổ dòng lệnh đã đóng)" in str(stopped.value)
    assert "Câu BC1: Đang gõ thì cửa sổ đóng" in str(stopped.value)
    [(handled, saved)] = returned
    assert handled is True
    assert saved["respondent"]["province"] == "thua_thien_hue"
    assert saved["unconfirmed"] == {"$.answers.qbc1": "Đang gõ thì cửa sổ đóng"}
    assert check_file(form149, draft).problems == []


def test_missing_answers_are_named_and_listed_first_in_the_review(terminal, form149, tmp_path):
    output = tmp_path / "r.json"
    output.write_text(json.dumps(response_dict(form149, DA_QUY_DINH), ensure_ascii=False), encoding="utf-8")
    script = [
        ("Phiếu đã đủ câu trả lời", pick(0)),  # to the review
        ("review", pick(1)),
        ("edit", "1" + ENTER),
        ("Câu 1", pick(1)),  # "chưa quy định": its reason, and question 4, become required
        ("Câu 1 – Lý do", ESC),
        ("Câu 1", ESC),  # back to the review, the reason and question 4 not answered
        ("review", pick(0)),  # "Trả lời các câu còn thiếu"
        ("Câu 1 – Lý do", "Đang trình UBND tỉnh." + END),
        ("Câu 4", pick(0)),
        ("review", pick(0)),  # save
    ]
    ui = terminal.ui(script)
    run(FillOptions(edit=output), ui=ui)
    assert ui.script == []
    words = terminal.words
    assert "Còn 2 câu chưa trả lời (✗): Câu 1, Câu 4." in words
    review = words[words.index("Còn 2 câu chưa trả lời") :]
    assert review.index("✗ 1 ") < review.index("✗ 4 ") < review.index("✓ Tỉnh") < review.index("✓ 2a")
    assert "✗ 1 CHƯA TRẢ LỜI (Lý do): Chưa quy định" in review  # the blank left empty is named
    assert "Phiếu còn câu chưa trả lời" in review and "Trả lời các câu còn thiếu" in review
    assert "Lưu phiếu vào" not in review[: review.index("✓ Tỉnh")]  # no saving while answers are missing
    data = read(output)
    assert data["answers"]["q1"] == {"chua_quy_dinh": {"ly_do": "Đang trình UBND tỉnh."}}
    assert check_file(form149, output, require_complete=True).problems == []


def test_word_wrap_pads_only_the_screen_and_maps_every_cursor_position_back():
    from prompt_toolkit.document import Document  # noqa: TID251 (the processor's input)
    from prompt_toolkit.layout.processors import TransformationInput  # noqa: TID251 (the processor's input)

    from phieu_cli.interview.prompts import WordWrap

    text = (
        "Cổng được nâng cấp năm 2020 theo Kiến trúc Chính quyền điện tử phiên bản 2.0 thủtụchànhchínhcôngnày."
    )
    width = 20  # no window here: no prompt before the lines
    control: Any = object()
    ti = TransformationInput(control, Document(text), 0, lambda i: i, [("", text)], width, 5)
    result = WordWrap().apply_transformation(ti)
    shown = "".join(fragment[1] for fragment in result.fragments)
    # Every letter is drawn, in order, where source_to_display says, and maps back to itself.
    assert "".join(shown[result.source_to_display(i)] for i in range(len(text))) == text
    for position in range(len(text) + 1):
        assert result.display_to_source(result.source_to_display(position)) == position
    drawn = {result.source_to_display(i) for i in range(len(text))}
    padding = [i for i in range(len(shown)) if i not in drawn]
    assert padding and all(shown[i] == " " for i in padding)  # "2020" would have been cut: spaces only
    # The window wraps every `width` columns: no word that fits a line is cut there.
    for edge in range(width, len(shown), width):
        cut = shown[edge - 1] != " " and shown[edge] != " "
        assert not cut or "thủtụchànhchínhcôngnày." in shown[edge - width : edge + width], (edge, shown)
