"""Faults around `phieu fill` and the files phieu writes: a full disk, a read-only folder, two fills on the same
output (the lock), temp files left by kill -9, and who may read exported replies and workbooks."""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from phieu_cli.cli import main
from phieu_cli.common.errors import Interrupted, UsageError
from phieu_cli.common.files import remove_stale_temps
from phieu_cli.common.locks import EMPTY_LOCK_GRACE, FileLock, LockHeld, lock_path_for, read_holder
from phieu_cli.common.text import text_fault
from phieu_cli.interview import fill as fill_module
from phieu_cli.interview.fill import Filler, FillOptions, draft_path_for, run
from phieu_cli.interview.machine import Interview, Step
from phieu_cli.responses.validation import check_file
from samples import CHUA_QUY_DINH

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "da_nang_da_quy_dinh.json"


def phieu(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    code = done.value.code
    assert isinstance(code, int)
    return code


class Walker:
    """A UI that answers every question from CHUA_QUY_DINH (no terminal), saves at the review, and records
    what it was told. *stop_after*: raise KeyboardInterrupt (Ctrl-C) at that question instead."""

    def __init__(self, stop_after: int | None = None, choose: Any = None) -> None:
        self.notices: list[str] = []
        self.asked = 0
        self.stop_after = stop_after
        self.choices: list[tuple[str, list[tuple[str, str]]]] = []
        self.chooser = choose

    def width(self) -> int:
        return 80

    def notice(self, text: str, style: str = "") -> None:
        self.notices.append(text)

    def show_step(self, interview: Interview, step: Step) -> None:
        pass

    def ask(self, interview: Interview, step: Step) -> Any:
        if self.stop_after is not None and self.asked >= self.stop_after:
            raise KeyboardInterrupt
        self.asked += 1
        if step.key[0] == "@respondent":
            return "da_nang" if step.key[1] == "province" else "Sở Thông tin và Truyền thông"
        node: Any = CHUA_QUY_DINH
        for part in step.key:
            node = node.get(part) if isinstance(node, dict) else None
        if step.kind == "single":
            return next(iter(node))
        if step.kind == "multiple":
            return list(node)
        return node

    def review(self, items: Any, *, complete: bool, output: str) -> str:
        return "save"

    def ask_target(self, interview: Interview) -> object:
        raise AssertionError("not asked")

    def choose(self, message: str, choices: list[tuple[str, str]]) -> str:
        self.choices.append((message, choices))
        assert self.chooser is not None, f"unexpected choice: {message}"
        answer: str = self.chooser(message, choices)
        return answer

    def unconfirmed(self) -> dict[tuple[str, ...], str]:
        return {}

    def offer(self, typed: dict[tuple[str, ...], str]) -> None:
        pass


def full_disk_for(monkeypatch: pytest.MonkeyPatch, *, failing: Any) -> list[Path]:
    """Make fill's writes fail with ENOSPC for every path *failing(path)* says; returns the paths tried."""
    real = fill_module.atomic_write_text
    tried: list[Path] = []

    def write(path: Path, text: str, **kwargs: Any) -> None:
        tried.append(Path(path))
        if failing(Path(path)):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, text, **kwargs)

    monkeypatch.setattr(fill_module, "atomic_write_text", write)
    return tried


# --- a full disk ----------------------------------------------------------------------------------------


def test_a_full_disk_is_said_at_every_answer_and_ctrl_c_names_no_missing_file(monkeypatch, tmp_path):
    full_disk_for(monkeypatch, failing=lambda path: True)
    output = tmp_path / "tra_loi.json"
    ui = Walker(stop_after=4)
    with pytest.raises(Interrupted) as stopped:
        run(FillOptions(output=output), ui=ui)
    unsaved = [n for n in ui.notices if n.startswith("CHƯA LƯU ĐƯỢC bản nháp")]
    # One per answer (not once), then the two tries at Ctrl-C: the draft, then the temp folder.
    assert len(unsaved) == 4 + 2
    assert all("ổ đĩa đã đầy" in n for n in unsaved)
    message = str(stopped.value)
    assert not draft_path_for(output).exists()
    assert str(draft_path_for(output)) not in message  # never name a file that is not there
    assert "Không lưu được bản nháp" in message
    kept = json.loads(message.split("không mất:\n", 1)[1])  # the answers themselves, to copy
    assert kept["respondent"]["province"] == "da_nang" and kept["answers"]["qbc1"] == CHUA_QUY_DINH["qbc1"]


def test_the_draft_is_saved_again_once_there_is_room(monkeypatch, tmp_path):
    output = tmp_path / "tra_loi.json"
    calls = full_disk_for(monkeypatch, failing=lambda path: len(calls) <= 2)
    ui = Walker(stop_after=4)
    with pytest.raises(Interrupted) as stopped:
        run(FillOptions(output=output), ui=ui)
    assert sum(n.startswith("CHƯA LƯU ĐƯỢC") for n in ui.notices) == 2
    assert any(n.startswith("Đã lưu được bản nháp") for n in ui.notices)
    assert str(draft_path_for(output).resolve()) in str(stopped.value)
    assert json.loads(draft_path_for(output).read_text(encoding="utf-8"))["answers"]["qbc2"]


def test_when_the_response_cannot_be_written_another_place_is_offered(monkeypatch, tmp_path, form149):
    output = tmp_path / "full" / "tra_loi.json"
    output.parent.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setattr(fill_module, "_other_places", lambda out: [elsewhere / out.name])
    full_disk_for(monkeypatch, failing=lambda path: path.parent == output.parent)
    # Esc (BACK) asks again; retry fails again; then another place.
    answers = iter([fill_module.BACK, "retry", str(elsewhere / "tra_loi.json")])
    ui = Walker(choose=lambda message, choices: next(answers))
    run(FillOptions(output=output), ui=ui)
    assert len(ui.choices) == 3 and "chưa lưu được" in ui.choices[0][0]
    assert [key for key, _ in ui.choices[0][1]] == ["retry", str(elsewhere / "tra_loi.json"), "print"]
    saved = elsewhere / "tra_loi.json"
    assert check_file(form149, saved, require_complete=True).problems == []
    assert any(f"Đã lưu phiếu hoàn thành vào {saved}" in n for n in ui.notices)
    assert not output.exists()


def test_with_no_place_left_the_response_is_printed(monkeypatch, tmp_path, form149):
    output = tmp_path / "tra_loi.json"
    monkeypatch.setattr(fill_module, "_other_places", lambda out: [])
    full_disk_for(monkeypatch, failing=lambda path: True)
    ui = Walker(choose=lambda message, choices: "print")
    with pytest.raises(UsageError) as failed:
        run(FillOptions(output=output), ui=ui)
    message = str(failed.value)
    assert "chưa được lưu vào tệp nào" in message and str(draft_path_for(output)) not in message
    printed = json.loads(message.split("tệp .json:\n", 1)[1])
    assert printed["status"] == "complete" and printed["answers"]["q5"] == CHUA_QUY_DINH["q5"]


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (errno.ENOSPC, "ổ đĩa đã đầy"),
        (errno.EACCES, "không có quyền ghi"),
        (errno.EROFS, "ổ đĩa chỉ cho đọc"),
    ],
)
def test_answers_file_onto_a_full_disk_or_read_only_folder_exits_2(
    monkeypatch, tmp_path, capsys, error, said
):
    from phieu_cli.interview import answersfile

    def refuse(path: Path, text: str, **kwargs: Any) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(answersfile, "atomic_write_text", refuse)
    output = tmp_path / "r.json"
    assert phieu("fill", "--answers", str(REPO / "examples/answers/da_nang.yaml"), "-o", str(output)) == 2
    err = capsys.readouterr().err
    assert f"Không ghi được {output}: {said}" in err and "Traceback" not in err
    assert not output.exists()


# --- two fills on the same output: the lock ---------------------------------------------------------------


def test_a_second_fill_on_the_same_output_is_refused(tmp_path):
    output = tmp_path / "tra_loi.json"
    with FileLock(output):
        with pytest.raises(UsageError) as refused:
            run(FillOptions(output=output), ui=Walker())
    message = str(refused.value)
    assert "đang được điền ở một cửa sổ khác" in message
    assert f"tiến trình {os.getpid()}" in message and socket.gethostname() in message
    assert str(lock_path_for(output)) in message
    assert not lock_path_for(output).exists()  # released by its owner


def test_the_lock_is_held_during_the_fill_and_removed_after(tmp_path):
    output = tmp_path / "tra_loi.json"
    seen: list[Any] = []

    class Looking(Walker):
        def ask(self, interview: Interview, step: Step) -> Any:
            if not seen:
                seen.append(read_holder(lock_path_for(output)))
            return super().ask(interview, step)

    run(FillOptions(output=output), ui=Looking())
    assert seen[0] is not None and seen[0].pid == os.getpid()
    assert output.exists() and not lock_path_for(output).exists()


LOCKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from phieu_cli.common.locks import FileLock
    FileLock(Path({output!r})).acquire()
    print("locked", flush=True)
    sys.stdin.read()
    """
)


def test_a_lock_left_by_kill_9_is_taken_over(tmp_path):
    output = tmp_path / "tra_loi.json"
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCKER.format(output=str(output))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        with pytest.raises(UsageError, match=f"tiến trình {holder.pid}"):
            run(FillOptions(output=output), ui=Walker())
    finally:
        holder.kill()  # SIGKILL: the lock file stays behind
        holder.wait()
    assert read_holder(lock_path_for(output)) is not None
    ui = Walker()
    run(FillOptions(output=output), ui=ui)
    assert any("đã dừng đột ngột" in n for n in ui.notices)
    assert output.exists() and not lock_path_for(output).exists()


def test_a_lock_from_another_host_is_respected_and_named(tmp_path):
    output = tmp_path / "tra_loi.json"
    lock_path_for(output).write_text(
        json.dumps({"pid": 1, "host": "may-ban-ben", "user": "lan", "started": "2023-01-16T09:30:00+07:00"}),
        encoding="utf-8",
    )
    with pytest.raises(UsageError) as refused:
        run(FillOptions(output=output), ui=Walker())
    assert "người dùng lan, máy may-ban-ben, tiến trình 1, từ 09:30 16/01/2023" in str(refused.value)


def test_an_empty_lock_is_stale_only_after_its_grace(tmp_path):
    output = tmp_path / "tra_loi.json"
    lock = lock_path_for(output)
    lock.write_bytes(b"")  # its owner was killed between creating and writing it… or is writing it now
    with pytest.raises(LockHeld):
        FileLock(output).acquire()
    old = lock.stat().st_mtime - EMPTY_LOCK_GRACE - 5
    os.utime(lock, (old, old))
    taken = FileLock(output)
    taken.acquire()
    assert taken.took_over is not None
    assert read_holder(lock) is not None and read_holder(lock).pid == os.getpid()  # type: ignore[union-attr]
    taken.release()
    assert not lock.exists()


def test_release_leaves_a_lock_that_is_not_ours(tmp_path):
    output = tmp_path / "tra_loi.json"
    lock = FileLock(output)
    lock.acquire()
    lock.path.write_text(json.dumps({"pid": 1, "host": "khac"}), encoding="utf-8")  # taken over meanwhile
    lock.release()
    assert lock.path.exists()


# --- temp files left by kill -9 ------------------------------------------------------------------------


def test_temp_files_left_by_a_killed_run_are_removed_by_the_next(tmp_path):
    output = tmp_path / "tra_loi.json"
    left = [tmp_path / ".tra_loi.draft.json.k3j_9x2a.tmp", tmp_path / ".tra_loi.json.a8fj2kq1.tmp"]
    other = tmp_path / ".khac.json.a8fj2kq1.tmp"
    for path in [*left, other]:
        path.write_text('{"half', encoding="utf-8")
    with pytest.raises(Interrupted):
        run(FillOptions(output=output), ui=Walker(stop_after=0))
    assert not any(p.exists() for p in left)
    assert other.exists()  # another output's: not ours to remove


def test_remove_stale_temps_takes_names_with_glob_characters_literally(tmp_path):
    path = tmp_path / "a[1].json"
    mine, theirs = tmp_path / ".a[1].json.x.tmp", tmp_path / ".a1.json.x.tmp"
    mine.write_text("", encoding="utf-8")
    theirs.write_text("", encoding="utf-8")
    assert remove_stale_temps(path) == [mine]
    assert theirs.exists()


# --- who may read what phieu exports ---------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("suffix", [".docx", ".md", ".html"])
def test_exported_replies_are_owner_only_unless_shared(tmp_path, suffix):
    target = tmp_path / f"r{suffix}"
    assert phieu("export", str(EXAMPLE), "-o", str(target)) == 0
    assert _mode(target) == 0o600
    old = os.umask(0o022)
    try:
        assert phieu("export", str(EXAMPLE), "-o", str(target), "--force", "--shared") == 0
    finally:
        os.umask(old)
    assert _mode(target) == 0o644


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_summary_workbooks_are_owner_only_unless_shared(tmp_path, suffix):
    target = tmp_path / f"s{suffix}"
    assert phieu("summary", str(EXAMPLE), "-o", str(target)) == 0
    assert _mode(target) == 0o600
    old = os.umask(0o022)
    try:
        assert phieu("summary", str(EXAMPLE), "-o", str(target), "--force", "--shared") == 0
    finally:
        os.umask(old)
    assert _mode(target) == 0o644


def test_fill_with_the_walker_writes_a_valid_response(tmp_path, form149):
    """The test double above drives a real fill end to end (what the fault tests rely on)."""
    output = tmp_path / "tra_loi.json"
    filler_ui = Walker()
    Filler(form149, FillOptions(output=output), filler_ui).run()
    assert check_file(form149, output, require_complete=True).problems == []


# --- fill --edit of a file with text no file may hold ------------------------------------------------------


@pytest.mark.parametrize("case", ["lone_surrogate", "control_characters", "terminal_escape_in_a_key"])
def test_edit_asks_again_what_holds_forbidden_text(tmp_path, form149, case):
    source = tmp_path / "r.json"
    source.write_bytes((REPO / "examples" / "invalid" / f"{case}.json").read_bytes())
    ui = Walker(choose=lambda message, choices: "review")  # "the form is whole": straight to the review
    run(FillOptions(edit=source), ui=ui)
    assert check_file(form149, source, require_complete=True).problems == []
    notes = "\n".join(ui.notices)
    assert "sẽ được hỏi lại" in notes and "chứa" in notes
    assert all(text_fault(n) is None for n in ui.notices)  # the bad text itself never reached the screen
    if case == "lone_surrogate":
        assert json.loads(source.read_text(encoding="utf-8"))["answers"]["q5"] == CHUA_QUY_DINH["q5"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_imported_responses_are_owner_only(tmp_path, capsys):
    from docs_helpers import run_phieu

    out = tmp_path / "tra_loi"
    run_phieu(["import", REPO / "tests" / "data" / "xlsform" / "kobo_149.csv", "-o", out], capsys)
    written = sorted(out.iterdir())
    assert written and all(_mode(p) == 0o600 for p in written)


def test_where_the_answers_are_names_only_a_draft_that_holds_them(tmp_path, form149):
    output = tmp_path / "tra_loi.json"
    filler = Filler(form149, FillOptions(output=output), Walker())
    filler.iv.answer("da_nang")
    filler.dirty = True  # answered, and the draft could not be written
    said = filler.where_answers_are()
    assert str(filler.draft) not in said
    assert json.loads(said.split("không mất:\n", 1)[1])["respondent"]["province"] == "da_nang"
    assert filler.save_draft()
    assert str(filler.draft) in filler.where_answers_are()
