"""`phieu fill` end to end in a real pseudo-terminal (pexpect), the screen read through a terminal emulator
(pyte): Vietnamese typed (some of it decomposed), Ctrl-C midway, the printed resume command run as printed,
the review screen, the file written; and kill -9 at any moment leaving a readable, valid draft.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import textwrap
import time
import unicodedata
from pathlib import Path

import pytest

from phieu_cli.responses.validation import check_file

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX"),
    pytest.mark.timeout(180),
]

ROWS, COLS = 40, 100
ENTER, DOWN, CTRL_C, BACKSPACE = "\r", "\x1b[B", "\x03", "\x7f"
END = "\r\r"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


class Tty:
    """A phieu process in a pseudo-terminal, its screen kept by pyte.

    With *cpr* the emulator answers cursor-position requests (ESC[6n) as a real terminal does, so that
    prompt_toolkit places validation messages and toolbars where a person would see them; without, the
    process is told not to ask (PROMPT_TOOLKIT_NO_CPR).
    """

    def __init__(
        self, argv: list[str], cwd: Path, rows: int = ROWS, cols: int = COLS, *, cpr: bool = False
    ) -> None:
        env = dict(os.environ, TERM="xterm", LANG="C.UTF-8", NO_COLOR="1")
        if cpr:
            env.pop("PROMPT_TOOLKIT_NO_CPR", None)
        else:
            env["PROMPT_TOOLKIT_NO_CPR"] = "1"
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        self.child = pexpect.spawn(
            argv[0], argv[1:], cwd=str(cwd), env=env, dimensions=(rows, cols), encoding="utf-8", timeout=20
        )
        child = self.child

        class Screen(pyte.Screen):  # type: ignore[misc]
            def write_process_input(self, data: str) -> None:
                if cpr:
                    child.send(data)  # the answer to ESC[6n: ESC[row;colR

        self.screen = Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)
        self.transcript = ""

    def pump(self, wait: float = 0.05) -> None:
        while True:
            try:
                data = self.child.read_nonblocking(65536, timeout=wait)
            except (pexpect.TIMEOUT, pexpect.EOF):
                return
            self.transcript += data
            self.stream.feed(data)
            wait = 0.01

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def text(self) -> str:
        return "\n".join(self.lines).strip("\n")

    def prompt_line(self) -> str:
        """The last question line on screen ("? …"): the prompt being asked."""
        return next((line for line in reversed(self.lines) if line.startswith("? ")), "")

    def wait_for_prompt(self, label: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            line = self.prompt_line()
            if line.startswith(f"? {label}"):
                return
            if not self.child.isalive():
                self.pump()
                break
        raise AssertionError(f"no prompt {label!r}; screen:\n{self.text()}")

    def wait_for_text(self, text: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            if text in self.text() or text in self.transcript:
                return
            if not self.child.isalive():
                self.pump()
                if text in self.text():
                    return
                break
        raise AssertionError(f"{text!r} not on screen:\n{self.text()}")

    def answer(self, label: str, keys: str) -> None:
        self.wait_for_prompt(label)
        self.child.send(keys)

    def exit_code(self, timeout: float = 20) -> int:
        deadline = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < deadline:
            self.pump()
        self.pump()
        self.child.close()
        status = self.child.exitstatus
        assert status is not None, f"killed by signal {self.child.signalstatus}"
        return int(status)


def phieu(*args: str) -> list[str]:
    return [sys.executable, "-m", "phieu_cli", *args]


def test_type_vietnamese_ctrl_c_resume_review_and_save(form149, tmp_path):
    tty = Tty(phieu("fill", "-o", "tra_loi.json"), tmp_path)
    tty.answer("Tỉnh, thành phố", "Đà Nẵng")
    tty.wait_for_text("Thành phố Đà Nẵng")  # the completion menu, from what was typed with diacritics
    tty.child.send(ENTER)
    # Decomposed input; Backspace removes whole letters ("ữ", not just its tone mark).
    tty.answer("Cơ quan", nfd("Sở Thông tin và Truyền thông Nữ") + BACKSPACE * 3 + ENTER)
    tty.answer("Câu BC1", "Cổng được xây dựng năm 2015," + ENTER + "nâng cấp năm 2021." + END)
    tty.answer("Câu BC2", "Hoạt động ổn định." + END)
    tty.answer("Câu BC3", ENTER)
    tty.answer("Câu BC4", ENTER)
    tty.answer("Câu 1", DOWN + ENTER)
    tty.answer("Câu 1 – Lý do", "Đang trình UBND thành phố." + END)
    tty.answer("Câu 2a", ENTER)
    tty.answer("Câu 2b", CTRL_C)
    assert tty.exit_code() == 130
    screen = tty.text()
    assert "Đã dừng (Ctrl-C)" in screen and "Traceback" not in tty.transcript
    draft = tmp_path / "tra_loi.draft.json"
    assert str(draft) in screen.replace("\n", "")
    report = check_file(form149, draft)
    assert report.problems == [] and report.checked_as == "draft"
    saved_created_at = json.loads(draft.read_text(encoding="utf-8"))["created_at"]
    lines = tty.lines
    command = lines[lines.index("Để làm tiếp từ câu chưa trả lời, chạy:") + 1].strip()
    assert command.endswith("fill --resume tra_loi.draft.json")

    tty = Tty(shlex.split(command), tmp_path)  # exactly what was printed
    tty.wait_for_text("Tiếp tục từ: Câu 2b")
    for label, keys in [
        ("Câu 2b", DOWN + ENTER),
        ("Câu 2c", ENTER),
        ("Câu 2d – Thường trực", "Văn phòng UBND thành phố" + ENTER),
        (
            "Câu 2d – Chịu trách nhiệm nội dung (ghi cụ thể tên cá nhân, chức vụ) – Họ và tên",
            "Nguyễn Văn An" + ENTER,
        ),
        (
            "Câu 2d – Chịu trách nhiệm nội dung (ghi cụ thể tên cá nhân, chức vụ) – Chức vụ",
            "Phó Chánh Văn phòng" + ENTER,
        ),
        ("Câu 3a", ENTER),
        ("Câu 3a – Tên gọi", "Trung tâm CNTT" + ENTER),
        ("Câu 3b", ENTER),
        ("Câu 3b – Tên đơn vị", "Trung tâm CNTT" + ENTER),
        ("Câu 3c", ENTER),
        ("Câu 3đ", "mười" + ENTER),
    ]:
        tty.answer(label, keys)
    tty.wait_for_text("không phải số nguyên")  # explained inline, asked again
    tty.child.send(BACKSPACE * 4 + "10" + ENTER)
    for label, keys in [
        ("Câu 3e", "4" + ENTER),
        ("Câu 4", ENTER),
        ("Câu 5", "Thiếu kinh phí." + END),
        ("Câu 6a", ENTER),
        ("Câu 6b", DOWN * 2 + " " + ENTER),
        ("Câu 6b – Sở TT&TT chịu trách nhiệm xây dựng… – Lý do", "Sở có đội ngũ kỹ thuật." + END),
        ("Câu 6b.1", ENTER),
        ("Câu 6b.1 – Lý do", ENTER),
        ("Câu 6c", ENTER),
        ("Câu 7.1 – Họ và tên", "Trần Thị Bình" + ENTER),
        ("Câu 7.1 – Số điện thoại", "0905 123 456" + ENTER),
        ("Câu 7.2 – Họ và tên", "Lê Văn Cường" + ENTER),
        ("Câu 7.2 – Số điện thoại", "+84 912 345 678" + ENTER),
    ]:
        tty.answer(label, keys)
    tty.wait_for_prompt("Phiếu đã đủ câu trả lời")
    assert "✓ Tỉnh    Thành phố Đà Nẵng" in tty.text()  # the review: one line per question
    tty.child.send(DOWN + ENTER)  # change an answer by its printed number
    tty.answer("Sửa câu số", "3d" + ENTER)
    tty.answer("Câu 3đ", BACKSPACE * 2 + "12" + ENTER)
    tty.answer("Phiếu đã đủ câu trả lời", ENTER)  # save
    code = tty.exit_code()
    assert code == 0, tty.transcript[-3000:]
    assert "Đã lưu phiếu hoàn thành" in tty.text()

    output = tmp_path / "tra_loi.json"
    assert check_file(form149, output, require_complete=True).problems == []
    assert not draft.exists()
    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["respondent"] == {"province": "da_nang", "agency": "Sở Thông tin và Truyền thông"}
    answers = data["answers"]
    assert answers["qbc1"] == "Cổng được xây dựng năm 2015,\nnâng cấp năm 2021."
    assert answers["q1"] == {"chua_quy_dinh": {"ly_do": "Đang trình UBND thành phố."}}
    assert answers["q2b"] == {"so_tttt": {}}
    assert answers["q3dd"] == 12 and answers["q3e"] == 4
    assert answers["q4"] == {"khong_thay_doi": {}}
    assert answers["q6b"] == {"so_tttt_ky_thuat": {"ly_do": "Sở có đội ngũ kỹ thuật."}}
    assert answers["q7_2"] == {"name": "Lê Văn Cường", "phone": "0912345678"}
    assert "qbc3" not in answers and "q6b_2" not in answers
    assert unicodedata.is_normalized("NFC", output.read_text(encoding="utf-8"))
    assert data["created_at"] == saved_created_at  # the response is the draft's, finished


@pytest.mark.parametrize("delay", [0.0, 0.002, 0.01, 0.03])
def test_kill_9_right_after_an_answer_leaves_a_valid_draft(form149, tmp_path, delay):
    tty = Tty(phieu("fill", "-o", "r.json"), tmp_path)
    tty.answer("Tỉnh", "hue" + ENTER)
    tty.answer("Cơ quan", "Sở Thông tin và Truyền thông" + ENTER)
    tty.answer("Câu BC1", "Báo cáo" + END)
    time.sleep(delay)
    os.kill(tty.child.pid, signal.SIGKILL)
    tty.child.expect(pexpect.EOF)
    tty.child.close()
    draft = tmp_path / "r.draft.json"
    assert draft.exists()  # the two earlier answers were saved before BC1 was even typed
    report = check_file(form149, draft)
    assert report.problems == []
    assert report.response is not None and report.response.respondent["province"] == "thua_thien_hue"


SAVER = textwrap.dedent(
    """
    import copy, sys
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from samples import CHUA_QUY_DINH
    from phieu_cli.interview.fill import FillOptions, Filler
    from phieu_cli.form.check import load_form

    class Quiet:
        def notice(self, text, style=""):
            pass

        def unconfirmed(self):
            return {{}}

    filler = Filler(load_form(), FillOptions(output=Path({output!r})), Quiet())
    iv = filler.iv
    filler.save_draft()  # a first draft exists before "ready": a kill from then on finds one
    print("ready", flush=True)
    n = 0
    while True:  # answer and save, again and again, until killed
        step = iv.current
        if step is None:
            iv.go_to(iv.steps[0])
            continue
        value = {{"@respondent": None}}.get(step.key[0])
        node = CHUA_QUY_DINH
        for part in step.key:
            node = node.get(part) if isinstance(node, dict) else None
        if step.kind == "single":
            node = next(iter(node))
        elif step.kind == "multiple":
            node = list(node)
        if step.key[0] == "@respondent":
            node = "da_nang" if step.key[1] == "province" else "Sở " + str(n)
        iv.answer(node)
        filler.save_draft()
        n += 1
    """
)


def test_kill_9_at_any_moment_of_saving_leaves_a_readable_valid_draft(form149, tmp_path):
    output = tmp_path / "r.json"
    script = SAVER.format(tests=str(Path(__file__).parent), output=str(output))
    draft = tmp_path / "r.draft.json"
    for attempt, delay in enumerate([0.05, 0.11, 0.17, 0.23, 0.31, 0.43, 0.5, 0.61]):
        process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=tmp_path)
        assert process.stdout is not None and process.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        assert process.poll() is None, "the saver stopped on its own"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)
        assert draft.exists(), attempt
        text = draft.read_text(encoding="utf-8")
        report = check_file(form149, draft)
        assert report.problems == [], (attempt, text[-200:])
        assert report.checked_as == "draft"


# --- keys, refusals and messages as a person sees them (the emulator answers cursor-position requests) -----

SIZES = [pytest.param(24, 80, id="80x24"), pytest.param(40, 120, id="120x40")]
ESC, ALT_B, ALT_BACKSPACE, ALT_LEFT, ALT_X = "\x1b", "\x1bb", "\x1b\x7f", "\x1b[1;3D", "\x1bx"


def words(text: str) -> str:
    return " ".join(text.split())


def draft_until(form149, tmp_path: Path, last: str, extra: dict | None = None) -> Path:
    """A draft holding the answers of CHUA_QUY_DINH to question *last* (excluded), for `--resume`."""
    from samples import CHUA_QUY_DINH, response_dict

    ids = [q.id for q in form149.form.questions]
    answers = {k: v for k, v in CHUA_QUY_DINH.items() if ids.index(k) < ids.index(last)}
    answers.update(extra or {})
    draft = tmp_path / "r.draft.json"
    data = response_dict(form149, answers, status="draft")
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return draft


@pytest.mark.parametrize(("rows", "cols"), SIZES)
def test_text_typed_then_esc_then_ctrl_c_is_kept_and_offered_on_resume(form149, tmp_path, rows, cols):
    tty = Tty(phieu("fill", "-o", "r.json"), tmp_path, rows, cols, cpr=True)
    tty.answer("Tỉnh", "hue" + ENTER)
    tty.answer("Cơ quan", "Sở Thông tin và Truyền thông" + ENTER)
    tty.answer("Câu BC1", "Báo cáo." + END)
    tty.answer("Câu BC2", "Hoạt động ổn định")
    tty.wait_for_text("Hoạt động ổn định")
    tty.child.send(ESC)  # back to BC1, the BC2 text not confirmed
    tty.wait_for_prompt("Câu BC1")
    tty.child.send(CTRL_C)
    assert tty.exit_code() == 130
    assert "Câu BC2: Hoạt động ổn định" in tty.transcript.replace("\r\n", "\n")
    draft = tmp_path / "r.draft.json"
    saved = json.loads(draft.read_text(encoding="utf-8"))
    assert saved["unconfirmed"] == {"$.answers.qbc2": "Hoạt động ổn định"}
    assert check_file(form149, draft).problems == []

    tty = Tty(phieu("fill", "-o", "r.json"), tmp_path, rows, cols, cpr=True)
    tty.wait_for_prompt("Câu BC2")
    tty.wait_for_text("Hoạt động ổn định")  # pre-filled in the box
    tty.child.send(END)
    tty.answer("Câu BC3", CTRL_C)
    assert tty.exit_code() == 130
    saved = json.loads(draft.read_text(encoding="utf-8"))
    assert saved["answers"]["qbc2"] == "Hoạt động ổn định" and "unconfirmed" not in saved


@pytest.mark.parametrize(("rows", "cols"), SIZES)
def test_alt_keys_never_go_back_nor_edit_another_answer(form149, tmp_path, rows, cols):
    tty = Tty(phieu("fill", "-o", "r.json"), tmp_path, rows, cols, cpr=True)
    tty.answer("Tỉnh", "hue" + ENTER)
    tty.answer("Cơ quan", "Sở Thông tin và Truyền thông" + ENTER)
    tty.answer("Câu BC1", "Báo cáo." + END)
    tty.answer("Câu BC2", "abc")
    tty.wait_for_text("abc")
    tty.child.send(ALT_B)  # Option+← on a Mac, Alt+b in Linux: a word left, in this box
    tty.child.send("Z")
    tty.wait_for_text("Zabc")
    tty.child.send("\x05" + END)  # Ctrl-E: to the end of the line, where Enter twice finishes
    tty.answer("Câu BC3", "một hai")
    tty.wait_for_text("một hai")
    tty.child.send(ALT_BACKSPACE)  # deletes the word before the cursor, in this box
    tty.child.send("ba")
    tty.wait_for_text("một ba")
    tty.child.send(END)
    tty.answer("Câu BC4", "x")
    tty.wait_for_text("x")
    tty.child.send(ALT_X)  # an Alt+letter nothing uses: nothing happens
    tty.child.send(ALT_LEFT)  # Alt+← (xterm's sequence): a word left, in this box
    tty.child.send("y")
    tty.wait_for_text("yx")
    tty.child.send("\x05" + BACKSPACE * 2 + ESC)  # a lone Esc still goes back
    tty.wait_for_prompt("Câu BC3")
    tty.child.send(END)
    tty.answer("Câu BC4", ENTER)
    tty.answer("Câu 1", ALT_X)  # in a list as well
    tty.child.send(DOWN + ENTER)
    tty.answer("Câu 1 – Lý do", CTRL_C)
    assert tty.exit_code() == 130
    answers = json.loads((tmp_path / "r.draft.json").read_text(encoding="utf-8"))["answers"]
    assert answers["qbc1"] == "Báo cáo." and answers["qbc2"] == "Zabc" and answers["qbc3"] == "một ba"
    assert answers["qbc4"] is None and list(answers["q1"]) == ["chua_quy_dinh"]


def _rows(tty: Tty, text: str) -> list[int]:
    return [i for i, line in enumerate(tty.lines) if text in line]


@pytest.mark.parametrize(
    ("rows", "cols", "cpr"),
    [
        pytest.param(24, 80, True, id="80x24"),
        pytest.param(40, 120, True, id="120x40"),
        pytest.param(24, 80, False, id="80x24-no-cpr"),
    ],
)
def test_multiple_choice_refusals_are_shown_under_the_question(form149, tmp_path, rows, cols, cpr):
    draft = draft_until(form149, tmp_path, "q6b")
    first = form149.form.by_id["q6b"].options[0].label[:20]
    tty = Tty(phieu("fill", "--resume", str(draft)), tmp_path, rows, cols, cpr=cpr)
    tty.answer("Câu 6b", ENTER)  # nothing ticked
    tty.wait_for_text("Hãy chọn ít nhất một lựa chọn")
    question = max(_rows(tty, "? Câu 6b"))
    message = min(_rows(tty, "Hãy chọn ít nhất một lựa chọn"))
    option = min(i for i in _rows(tty, first) if i > question)
    assert question < message < option, tty.text()
    tty.child.send(" " + DOWN + " " + ENTER)  # two options that must each be chosen alone
    tty.wait_for_text("Phải chọn riêng")
    message = min(_rows(tty, "Phải chọn riêng"))
    assert question < message < option, tty.text()
    assert "Hãy chọn ít nhất" not in tty.text()  # the refusal shown is the current one
    tty.child.send(" " + ENTER)
    tty.wait_for_prompt("Câu 6b – ")
    assert "Phải chọn riêng" not in tty.text()
    tty.child.send(CTRL_C)
    assert tty.exit_code() == 130


@pytest.mark.parametrize(("rows", "cols"), SIZES)
def test_long_refusals_wrap_so_the_instruction_is_visible(form149, tmp_path, rows, cols):
    draft = draft_until(form149, tmp_path, "q7_2", {"q7_1": {"name": "Trần Thị Bình"}})
    tty = Tty(phieu("fill", "--resume", str(draft)), tmp_path, rows, cols, cpr=True)
    tty.answer("Câu 7.1 – Số điện thoại", "0905 12")
    tty.wait_for_text("0905 12")
    assert "không hợp lệ" not in tty.text()  # judged on Enter, not while typing
    tty.child.send(ENTER)
    tty.wait_for_text("số di động không hợp lệ")
    assert 'số di động không hợp lệ: "0905 12" (cần 10 chữ số, đầu 03/05/07/08/09, ví dụ' in words(tty.text())
    question = max(_rows(tty, "? Câu 7.1 – Số điện thoại"))
    assert min(_rows(tty, "số di động không hợp lệ")) == question + 1, tty.text()  # right under the box
    tty.child.send(CTRL_C)
    assert tty.exit_code() == 130

    tty = Tty(phieu("fill", "-o", "x.json"), tmp_path, rows, cols, cpr=True)
    tty.answer("Tỉnh", "h" + ENTER)  # many provinces start with H
    tty.wait_for_text("tỉnh, thành phố khớp")
    assert "Hãy gõ rõ hơn." in words(tty.text())
    tty.child.send(CTRL_C)
    assert tty.exit_code() == 130


def test_a_question_number_that_does_not_exist_is_said_whole_at_80_columns(form149, tmp_path):
    from samples import CHUA_QUY_DINH, response_dict

    done = tmp_path / "r.json"
    done.write_text(json.dumps(response_dict(form149, CHUA_QUY_DINH), ensure_ascii=False), encoding="utf-8")
    tty = Tty(phieu("fill", "--edit", "r.json"), tmp_path, 24, 80, cpr=True)
    tty.answer("Phiếu đã đủ câu trả lời", ENTER)  # to the review
    tty.answer("Phiếu đã đủ câu trả lời", DOWN + ENTER)  # change an answer
    tty.answer("Sửa câu số", "2")
    tty.wait_for_text("Sửa câu số: 2")
    assert "Không có câu" not in tty.text()  # "2" on the way to "2d" is not refused while typing
    tty.child.send("0" + ENTER)
    tty.wait_for_text("Không có câu")
    assert "Không có câu “20”. Các câu:" in words(tty.text())
    assert "hoặc “tỉnh”, “cơ quan”." in words(tty.text())
    tty.child.send(CTRL_C)
    assert tty.exit_code() == 130


@pytest.mark.parametrize("how", ["SIGTERM", "hang-up"])
def test_a_closed_terminal_or_sigterm_keeps_the_text_being_typed(form149, tmp_path, how):
    tty = Tty(phieu("fill", "-o", "r.json"), tmp_path, 24, 80, cpr=True)
    tty.answer("Tỉnh", "hue" + ENTER)
    tty.answer("Cơ quan", "Sở Thông tin và Truyền thông" + ENTER)
    tty.answer("Câu BC1", "Đang gõ thì cửa sổ đóng")
    tty.wait_for_text("cửa sổ đóng")
    pid = tty.child.pid
    if how == "SIGTERM":
        os.kill(pid, signal.SIGTERM)
        assert tty.exit_code() == 130
        assert "Câu BC1: Đang gõ thì cửa sổ đóng" in tty.transcript.replace("\r\n", "\n")
    else:  # the window is closed: the terminal side goes away and the process gets SIGHUP
        tty.child.ptyproc.fileobj.close()  # closes the terminal side's descriptor, once
        tty.child.ptyproc.closed = True
        deadline = time.monotonic() + 20
        status = None
        while status is None and time.monotonic() < deadline:
            done, raw = os.waitpid(pid, os.WNOHANG)
            status = raw if done else None
            if status is None:
                time.sleep(0.02)
        assert status is not None and os.WIFEXITED(status), status
        assert os.WEXITSTATUS(status) == 130
    saved = json.loads((tmp_path / "r.draft.json").read_text(encoding="utf-8"))
    assert saved["respondent"]["province"] == "thua_thien_hue"
    assert saved["unconfirmed"] == {"$.answers.qbc1": "Đang gõ thì cửa sổ đóng"}
    assert check_file(form149, tmp_path / "r.draft.json").problems == []


@pytest.mark.parametrize(("rows", "cols"), SIZES)
def test_the_review_fits_the_screen_and_shows_the_full_answer_of_the_line_pointed_at(
    form149, tmp_path, rows, cols
):
    from samples import CHUA_QUY_DINH, response_dict

    done = tmp_path / "r.json"
    done.write_text(json.dumps(response_dict(form149, CHUA_QUY_DINH), ensure_ascii=False), "utf-8")
    tty = Tty(phieu("fill", "--edit", "r.json"), tmp_path, rows, cols, cpr=True)
    tty.answer("Phiếu đã đủ câu trả lời", ENTER)  # to the review
    tty.wait_for_prompt("Phiếu đã đủ câu trả lời")
    tty.wait_for_text("✓ BC1")
    assert len(tty.transcript.splitlines()) < 200  # not the whole form printed again
    tty.child.send("\x1b[6~" * 4)  # PgDn to the end: the last question, 7.2, and its full answer below
    tty.wait_for_text("7.2) Giám đốc/Phụ trách")
    lines = tty.lines
    assert any(line.startswith(" » ✓ 7.2") for line in lines)
    assert any("Lê Văn Cường" in line and "Họ và tên" in line for line in lines)
    assert any(line.startswith("? Phiếu đã đủ câu trả lời") for line in lines)  # all on one screen
    tty.child.send(ENTER)  # change it
    tty.answer("Câu 7.2 – Họ và tên", ENTER)
    tty.answer("Câu 7.2 – Số điện thoại", ENTER)
    tty.answer("Phiếu đã đủ câu trả lời", ENTER)  # save
    assert tty.exit_code() == 0


def test_a_long_paste_with_blank_lines_stays_in_its_box(form149, tmp_path):
    # More than prompt_toolkit reads at once (1024 bytes), blank lines included, as a terminal without
    # bracketed paste sends it: keys.
    paragraphs = [
        f"Đoạn {i}: cổng thông tin điện tử được duy trì ổn định, cập nhật thường xuyên." for i in range(30)
    ]
    tty = Tty(phieu("fill", "-o", "r.json"), tmp_path, 24, 80, cpr=True)
    tty.answer("Tỉnh", "hue" + ENTER)
    tty.answer("Cơ quan", "Sở Thông tin và Truyền thông" + ENTER)
    tty.answer("Câu BC1", "\r\r".join(paragraphs))
    tty.wait_for_text("Đoạn 29:")
    tty.child.send(END)
    tty.answer("Câu BC2", CTRL_C)
    assert tty.exit_code() == 130
    answers = json.loads((tmp_path / "r.draft.json").read_text(encoding="utf-8"))["answers"]
    assert answers == {"qbc1": "\n\n".join(paragraphs)}


# --- wrapping at spaces at 80 columns: text boxes, long labels, a long choice once answered -------------------

LONG_TEXT = (
    "Cổng thông tin điện tử của tỉnh được xây dựng và vận hành chính thức từ năm 2015, được nâng cấp toàn "
    "diện vào năm 2020 theo Kiến trúc Chính quyền điện tử phiên bản 2.0, kết nối với Cổng Dịch vụ công "
    "quốc gia và Hệ thống thông tin giải quyết thủtụchànhchính."
)


def cut_mid_word(text: str, first: int, rest: int) -> bool:
    """Whether wrapping *text* at any character (first line *first* columns, then *rest*) cuts a word."""
    at, room = 0, first
    while at + room < len(text):
        if text[at + room - 1] != " " and text[at + room] != " ":
            return True
        at, room = at + room, rest
    return False


def assert_whole_words(lines: list[str], *sources: str) -> None:
    known = {token for source in sources for token in source.split()}
    for line in lines:
        for token in line.split():
            assert token in known, f"{token!r} is a piece of a word: {lines}"


def box_lines(tty: Tty, question: str) -> list[str]:
    """The screen lines of the box under the last "? <question>" line, up to the first empty one."""
    lines = tty.lines
    top = max(_rows(tty, f"? {question}"))
    box = []
    for line in lines[top + 1 :]:
        if not line.strip():
            break
        box.append(line)
    return box


def test_a_long_text_wraps_at_spaces_and_is_edited_and_saved_as_typed_at_80_columns(tmp_path):
    assert cut_mid_word(LONG_TEXT, 79, 79)  # prompt_toolkit alone would cut a word ("năm 202" / "0")
    tty = Tty(phieu("fill", "-o", "r.json"), tmp_path, 24, 80, cpr=True)
    tty.answer("Tỉnh", "hue" + ENTER)
    tty.answer("Cơ quan", "Sở Thông tin và Truyền thông" + ENTER)
    tty.answer("Câu BC1", LONG_TEXT)
    tty.wait_for_text("thủtụchànhchính.")
    box = box_lines(tty, "Câu BC1:")
    assert len(box) > 2 and words("\n".join(box)) == LONG_TEXT
    assert_whole_words(box, LONG_TEXT)
    assert all(len(line) <= 80 for line in box)
    # The cursor to the start of the word that opens the second line (after the padding), and a letter typed:
    # it goes before that word in the text, and is drawn there.
    second = box[1].split()[0]
    start = len(" ".join(LONG_TEXT.split()[: len(box[0].split())])) + 1
    assert LONG_TEXT[start:].startswith(second)
    tty.child.send("\x1b[D" * (len(LONG_TEXT) - start) + "X")
    tty.wait_for_text("X" + second)
    edited = LONG_TEXT[:start] + "X" + LONG_TEXT[start:]
    box = box_lines(tty, "Câu BC1:")
    assert_whole_words(box, edited)
    assert "X" + second in box[0].split() + box[1].split()
    tty.child.send("\x05" + ENTER + "Dòng hai." + END)  # Ctrl-E: to the end of the line; a second line
    tty.answer("Câu BC2", CTRL_C)
    assert tty.exit_code() == 130
    answers = json.loads((tmp_path / "r.draft.json").read_text(encoding="utf-8"))["answers"]
    assert answers["qbc1"] == edited + "\nDòng hai."  # no padding, nothing moved


def test_long_labels_and_a_long_choice_wrap_at_spaces_at_80_columns(form149, tmp_path):
    name = "Nguyễn Văn An Nguyễn Văn Bình Nguyễn Văn Cường Nguyễn Văn Dũng Nguyễn Văn Em"
    draft = draft_until(form149, tmp_path, "q2d")
    tty = Tty(phieu("fill", "--resume", str(draft)), tmp_path, 24, 80, cpr=True)
    tty.answer("Câu 2d – Thường trực", "Văn phòng UBND tỉnh" + ENTER)
    label = "Câu 2d – Chịu trách nhiệm nội dung (ghi cụ thể tên cá nhân, chức vụ) – Họ và tên"
    tty.answer("Câu 2d – Chịu trách nhiệm", name)
    tty.wait_for_text("Văn Em")
    top = max(_rows(tty, "? Câu 2d – Chịu trách nhiệm"))
    shown = [line for line in tty.lines[top:] if line.strip()]
    assert words("\n".join(shown)) == f"? {label}: {name}"
    assert_whole_words(shown, f"? {label}:", name)
    assert not any(line.startswith("   ") for line in shown)  # no line opened by the space before a word
    tty.child.send(ENTER)
    tty.wait_for_text("  vụ:")  # the next label, "… – Chức" / "  vụ:", wrapped at a space too
    tty.child.send(CTRL_C)
    assert tty.exit_code() == 130

    draft = draft_until(form149, tmp_path, "q3a")
    option = form149.form.by_id["q3a"].options[3].label
    assert len(f"? Câu 3a: {option}") > 80
    tty = Tty(phieu("fill", "--resume", str(draft)), tmp_path, 24, 80, cpr=True)
    tty.answer("Câu 3a", DOWN * 3 + ENTER)
    tty.wait_for_prompt("Câu 3b")
    top = max(_rows(tty, "? Câu 3a:"))
    answered = tty.lines[top : top + 2]
    assert words("\n".join(answered)) == f"? Câu 3a: {option}"  # all of it, none cut at the edge
    assert_whole_words(answered, f"? Câu 3a: {option}")
    tty.child.send(CTRL_C)
    assert tty.exit_code() == 130

    draft = draft_until(form149, tmp_path, "q6b")
    tty = Tty(phieu("fill", "--resume", str(draft)), tmp_path, 24, 80, cpr=True)
    tty.wait_for_prompt("Câu 6b")
    top = max(_rows(tty, "? Câu 6b:"))
    instruction = tty.lines[top : top + 2]
    hint = "? Câu 6b: (chọn ít nhất 1) (↑↓ di chuyển, Space: chọn/bỏ chọn, Enter: xong; Esc: quay lại)"
    assert words("\n".join(instruction)) == hint
    assert_whole_words(instruction, hint)
    tty.child.send(CTRL_C)
    assert tty.exit_code() == 130


def test_the_review_at_80x24_opens_on_the_missing_answers_and_shows_what_is_missing(form149, tmp_path):
    from samples import DA_QUY_DINH, response_dict

    done = tmp_path / "r.json"
    done.write_text(json.dumps(response_dict(form149, DA_QUY_DINH), ensure_ascii=False), "utf-8")
    tty = Tty(phieu("fill", "--edit", "r.json"), tmp_path, 24, 80, cpr=True)
    tty.answer("Phiếu đã đủ câu trả lời", ENTER)  # to the review
    tty.answer("Phiếu đã đủ câu trả lời", DOWN + ENTER)  # change an answer
    tty.answer("Sửa câu số", "1" + ENTER)
    tty.answer("Câu 1", DOWN + ENTER)  # "chưa quy định": a reason, and question 4, are needed now
    tty.answer("Câu 1 – Lý do", ESC)
    tty.wait_for_prompt("Câu 1:")
    tty.child.send(ESC)  # back to the review with both missing
    tty.wait_for_prompt("Phiếu còn câu chưa trả lời")
    tty.wait_for_text("✗ 4")
    lines = tty.lines
    first = [line for line in lines if line.startswith(("   ✓", "   ✗", " » ✓", " » ✗"))][:2]
    assert first[0].startswith("   ✗ 1       CHƯA TRẢ LỜI (Lý do)") and first[1].startswith("   ✗ 4"), lines
    tty.child.send(DOWN * 3)  # to "✗ 1": its full answer below the list, the empty reason included
    tty.wait_for_text("- Lý do: [chưa trả lời]")
    tty.child.send(ENTER)  # change it from the list
    tty.answer("Câu 1", ENTER)
    tty.answer("Câu 1 – Lý do", "Đang trình UBND tỉnh." + END)
    tty.answer("Câu 4", ENTER)
    tty.answer("Phiếu đã đủ câu trả lời", ENTER)  # save
    assert tty.exit_code() == 0
    assert check_file(form149, done, require_complete=True).problems == []


def test_alt_keys_move_and_delete_whole_vietnamese_words(tmp_path):
    # prompt_toolkit's own word is ASCII: Alt+b in "tốt" stopped at "ố", Alt+Backspace took one letter.
    tty = Tty(phieu("fill", "-o", "r.json"), tmp_path, 24, 80, cpr=True)
    tty.answer("Tỉnh", "hue" + ENTER)
    tty.answer("Cơ quan", "Sở Thông tin và Truyền thông" + ENTER)
    tty.answer("Câu BC1", "Hoạt động tốt đẹp")
    tty.wait_for_text("tốt đẹp")
    tty.child.send(ALT_B + "X")  # a word left: before "đẹp"
    tty.wait_for_text("tốt Xđẹp")
    tty.child.send(ALT_B + ALT_B + "Y")  # two words left: before "tốt"
    tty.wait_for_text("động Ytốt Xđẹp")
    tty.child.send("\x1bf" + ALT_BACKSPACE)  # Alt+f to the end of "Ytốt", Alt+Backspace deletes all of it
    tty.wait_for_text("động  Xđẹp")
    tty.child.send("\x05" + END)
    tty.answer("Câu BC2", CTRL_C)
    assert tty.exit_code() == 130
    answers = json.loads((tmp_path / "r.draft.json").read_text(encoding="utf-8"))["answers"]
    assert answers["qbc1"] == "Hoạt động  Xđẹp"


@pytest.mark.parametrize("cols", [80, 66])  # at 80 the terminal's own cut happens to fall on a space
def test_the_stop_message_wraps_at_spaces(tmp_path, cols):
    tty = Tty(phieu("fill", "-o", "r.json"), tmp_path, 24, cols, cpr=True)
    tty.answer("Tỉnh", "hue" + ENTER)
    tty.answer("Cơ quan", "Sở Thông tin và Truyền thông" + ENTER)
    tty.answer("Câu BC1", "Đang gõ dở")
    tty.wait_for_text("Đang gõ dở")
    tty.child.send(CTRL_C)
    assert tty.exit_code() == 130
    lines = tty.lines
    stop = max(_rows(tty, "Đã dừng (Ctrl-C)"))
    said = [line for line in lines[stop:] if line and not line.startswith(" ")]
    assert (
        "Nội dung đang gõ dở, chưa xác nhận, cũng được giữ trong bản nháp và sẽ hiện sẵn khi làm tiếp:"
        in (words("\n".join(said)))
    )
    assert all(len(line) < cols for line in said), said  # wrapped by phieu at spaces, not cut by the terminal
    assert "  Câu BC1: Đang gõ dở" in lines[stop:]
