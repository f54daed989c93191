"""`phieu show`: the response laid out like the paper form; colour only on a terminal; what it does with
files it cannot fully show."""

from __future__ import annotations

import copy
import json
import os
import re
import sys
from pathlib import Path

import pytest

from phieu_cli.cli import main
from phieu_cli.common.text import display_width
from samples import CHUA_QUY_DINH, DA_QUY_DINH, response_dict

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def show(capsys):
    def invoke(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exited:
            main(["show", *args])
        captured = capsys.readouterr()
        return int(exited.value.code or 0), captured.out, captured.err

    return invoke


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_reads_like_the_paper_form(show, form149, tmp_path):
    code, out, err = show(str(write(tmp_path / "a.json", response_dict(form149, DA_QUY_DINH))))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "BỘ THÔNG TIN VÀ TRUYỀN THÔNG" in lines[0] and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[0]
    assert "Độc lập - Tự do - Hạnh phúc" in lines[1]
    assert "Số: 149/BTTTT-CĐSQG" in lines[2] and "Hà Nội, ngày 13 tháng 01 năm 2023" in lines[2]
    assert any(line.strip().startswith("PHIẾU CUNG CẤP THÔNG TIN") for line in lines)
    assert "Tỉnh, thành phố trực thuộc Trung ương: Thành phố Đà Nẵng" in lines
    # Every option of question 1, ticked or not, with its blanks; the paper's own numbering.
    assert (
        "1) Quy định chức năng, nhiệm vụ và quyền hạn của Sở TT&TT, Văn phòng UBND tỉnh, thành phố theo Thông"
        in lines
    )
    assert "    ☒ Đã quy định theo Thông tư 01/2022/TT-VPCP và Thông tư 11/2022/TT-BTTTT" in lines
    assert "      - Số Quyết định quy định chức năng nhiệm vụ của Sở TT&TT: 12/2022/QĐ-UBND" in lines
    assert "    ☐ Chưa quy định theo Thông tư 01/2022/TT-VPCP và Thông tư 11/2022/TT-BTTTT" in lines
    assert "    ☐ Khác: ……" in lines  # the paper's dotted line
    assert (
        "2. Công tác xây dựng, quản lý và duy trì hoạt động của Cổng TTĐT của tỉnh, thành phố hiện nay:"
        in lines
    )
    assert "2a) Cơ quan nào đã chủ trì công tác xây dựng Cổng TTĐT của tỉnh, thành phố:" in lines
    assert "    ☒ Khác: Trung tâm Giám sát, điều hành đô thị thông minh" in lines
    assert "3đ) Số cán bộ thuộc Ban biên tập (chịu trách nhiệm về nội dung):" in lines
    assert "    7" in lines
    # Question 4 does not apply on this branch, and says when it would.
    i = next(i for i, line in enumerate(lines) if line.startswith("4) Nếu chưa quy định"))
    assert "(không áp dụng — chỉ trả lời khi Câu 1 là “Chưa quy định" in " ".join(lines[i : i + 6])
    assert "    - Số điện thoại di động: 0905123456" in lines
    assert "\x1b[" not in out and "[DỰ THẢO" not in out and "[chưa trả lời]" not in out


def test_a_draft_shows_what_is_still_missing(show, form149, tmp_path):
    answers = {
        "q1": {"da_quy_dinh": {"qd_so_tttt": "12/2022/QĐ-UBND"}},
        "q2d": {"chiu_trach_nhiem": {"name": "An"}},
    }
    data = response_dict(form149, answers, status="draft", agency="")
    code, out, _ = show(str(write(tmp_path / "nhap.json", data)))
    assert code == 0
    lines = out.splitlines()
    assert any(
        line.strip() == "[DỰ THẢO — phiếu chưa hoàn thành, không dùng để ký ban hành]" for line in lines
    )
    assert "Cơ quan cung cấp thông tin: [chưa trả lời]" in lines
    assert (
        "      - Số Quyết định quy định chức năng nhiệm vụ của Văn phòng UBND tỉnh, thành phố: [chưa trả lời]"
        in lines
    )
    i = lines.index("BC3) Những khó khăn, bất cập nếu có")
    assert lines[i + 1] == "    (không trả lời)"  # optional, left empty
    flowing = " ".join(line.strip() for line in lines)  # a person's parts: the one still missing is named
    assert "(ghi cụ thể tên cá nhân, chức vụ): Họ và tên: An; Chức vụ: [chưa trả lời]" in flowing
    i = lines.index(
        "5) Những vấn đề vướng mắc hiện nay (nêu cụ thể, chi tiết) trong công tác tổ chức, xây dựng, quản lý"
    )
    assert lines[i + 2] == "    [chưa trả lời]"


@pytest.mark.parametrize("width", [40, 57, 80, 120])
def test_lines_fit_the_width_by_display_width(show, form149, tmp_path, width):
    answers = copy.deepcopy(CHUA_QUY_DINH)
    answers["q5"] = "Những vấn đề vướng mắc: " + "kinh phí, nhân lực, hạ tầng kỹ thuật; " * 20 + "\nDòng hai."
    code, out, _ = show(
        "--width", str(width), str(write(tmp_path / "a.json", response_dict(form149, answers)))
    )
    assert code == 0
    assert max(display_width(line) for line in out.splitlines()) <= width
    assert "Dòng hai." in out


@pytest.mark.parametrize(("columns", "width"), [("60", 60), ("", 100), ("rộng", 100)])
def test_columns_is_honoured_when_the_output_is_not_a_terminal(
    show, form149, tmp_path, monkeypatch, columns, width
):
    monkeypatch.setenv("COLUMNS", columns)
    answers = copy.deepcopy(CHUA_QUY_DINH)
    answers["q5"] = "Những vấn đề vướng mắc: " + "kinh phí, nhân lực, hạ tầng kỹ thuật; " * 20
    code, out, _ = show(str(write(tmp_path / "a.json", response_dict(form149, answers))))
    assert code == 0
    assert max(display_width(line) for line in out.splitlines()) == width


def test_english_labels(show, form149, tmp_path):
    code, out, _ = show("--lang", "en", str(write(tmp_path / "a.json", response_dict(form149, DA_QUY_DINH))))
    assert code == 0
    assert "    ☒ Set under both circulars" in out.splitlines()
    assert "Province or centrally-run city: Thành phố Đà Nẵng" in out
    assert "(not applicable — only when Question 1 is “Not yet set under the circulars”)" in out


def test_an_invalid_file_is_shown_then_its_problems(show, form149, tmp_path):
    data = response_dict(form149, DA_QUY_DINH)
    data["answers"]["q3dd"] = "bảy"
    data["answers"]["q4"] = {"khong_thay_doi": {}}
    path = write(tmp_path / "sai.json", data)
    code, out, _ = show(str(path))
    assert code == 1
    lines = out.splitlines()
    after = " ".join(line.strip() for line in lines[lines.index("Tệp chưa hợp lệ (2 lỗi):") + 1 :])
    assert after.startswith(
        f"{path}: Câu 3đ ($.answers.q3dd): phải là số nguyên {path}: Câu 4 ($.answers.q4)"
    )
    assert "    bảy" in out.splitlines()  # shown as written


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": ', "Không hiển thị được"),
        (b"[1, 2]", "phải là một đối tượng JSON"),
        (b'{"ten": "x"}', "không phải tệp trả lời phiếu"),
        (b"\xff\xfe", "không phải tệp văn bản UTF-8"),
    ],
)
def test_files_that_cannot_be_shown_say_why(show, tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    code, out, err = show(str(path))
    assert code == 1 and out == "" and message in err and "Traceback" not in err


def test_a_response_to_another_form_says_which(show, form149, tmp_path):
    data = response_dict(form149, DA_QUY_DINH)
    data["form"]["id"] = "phieu_150"
    code, out, err = show(str(write(tmp_path / "a.json", data)))
    assert code == 1 and out == "" and 'mẫu phiếu "phieu_150"' in err and "--schema" in err


@pytest.mark.parametrize(
    ("args", "message"), [(["khong_co.json"], "Không tìm thấy"), (["--lang", "fr", "a.json"], "vi hoặc en")]
)
def test_usage_errors(show, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = show(*args)
    assert code == 2 and out == "" and message in err


pexpect = pytest.importorskip("pexpect") if os.name == "posix" else None


def _terminal(path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    assert pexpect is not None
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    environment.update(env or {})
    child = pexpect.spawn(
        sys.executable,
        ["-m", "phieu_cli", "show", *args, str(path)],
        env=environment,
        dimensions=(50, 72),
        encoding="utf-8",
        timeout=30,
    )
    out = child.read()
    child.close()
    assert child.exitstatus == 0, out
    return str(out).replace("\r\n", "\n")


@pytest.mark.pty
@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_colour_on_a_terminal_and_never_with_no_color(form149, tmp_path):
    path = write(
        tmp_path / "a.json",
        response_dict(form149, {"q1": {"khac": {"text": "Đang xây dựng"}}}, status="draft"),
    )
    coloured = _terminal(path)
    assert "\x1b[1;32m    ☒ Khác: Đang xây dựng" in coloured  # the ticked box
    assert "\x1b[1;31m    [chưa trả lời]" in coloured  # missing answers stand out
    assert "\x1b[2m" in coloured  # questions that do not apply are dimmed
    plain = ANSI.sub("", coloured)
    assert max(display_width(line) for line in plain.splitlines()) <= 72  # the terminal's width
    assert _terminal(path, env={"NO_COLOR": "1"}) == plain
    assert _terminal(path, "--no-color") == plain
