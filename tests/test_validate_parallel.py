"""`phieu validate` and `phieu summary` over a large folder in several processes (common/workers.py): the same
bytes and exit code as one process, PHIEU_JOBS to choose, and a clean Ctrl-C (exit 130, no traceback, no
worker left)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from phieu_cli import entry
from phieu_cli.common import workers
from phieu_cli.common.errors import UsageError
from phieu_cli.common.workers import job_count
from phieu_cli.responses.checkfiles import run_validate

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"  # the valid examples, and examples/invalid/ below them
OPTIONS = [
    {},
    {"fmt": "json"},
    {"require_complete": True},
    {"quiet": True},
    {"require_complete": True, "fmt": "json"},
    {"strict": True},
    {"strict": True, "fmt": "json", "quiet": True},
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Every example and invalid example, a response with an unconfirmed warning, and a file that vanished."""
    root = tmp_path / "tra_loi"
    shutil.copytree(EXAMPLES, root / "dot1")
    shutil.copytree(EXAMPLES / "invalid", root / "dot2")
    warned = json.loads((EXAMPLES / "da_nang_da_quy_dinh.json").read_text(encoding="utf-8"))
    warned["answers"]["q3dd"] = 0  # a board without staff, yet Câu 2d names who is responsible: a warning
    (root / "dot2" / "canh_bao.json").write_text(json.dumps(warned, ensure_ascii=False), encoding="utf-8")
    try:
        (root / "dot2" / "mat.json").symlink_to(root / "khong_co.json")
    except OSError:  # no symlinks for this user (Windows): the examples are enough
        pass
    return root


@pytest.fixture
def two_workers(monkeypatch):
    """Every folder goes to two workers, in runs of a few files; records the pools that really started."""
    monkeypatch.setenv(workers.JOBS_ENV, "2")
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(workers, "MIN_FILES_PER_JOB", 1)
    started: list[object] = []
    start = workers._start_pool

    def recorded(*args: object) -> object:
        pool = start(*args)  # type: ignore[arg-type]
        started.append(pool)
        return pool

    monkeypatch.setattr(workers, "_start_pool", recorded)
    return started


def _validate(paths: list[Path], options: dict[str, object]) -> tuple[int, str]:
    out = io.StringIO()
    code = run_validate(None, [str(p) for p in paths], out=out, **options)  # type: ignore[arg-type]
    return code, out.getvalue()


def _serial(paths: list[Path], options: dict[str, object], monkeypatch) -> tuple[int, str]:
    with monkeypatch.context() as m:
        m.setenv(workers.JOBS_ENV, "1")
        m.setattr(workers, "in_order", _never)
        return _validate(paths, options)


def _never(*_: object) -> None:
    raise AssertionError("PHIEU_JOBS=1 must keep the check in one process")


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_workers_print_what_one_process_prints(folder, options, two_workers, monkeypatch):
    serial = _serial([folder], options, monkeypatch)
    assert _validate([folder], options) == serial
    assert two_workers and two_workers[-1] is not None, "the pool did not start: nothing was compared"
    assert serial[0] == 2 if (folder / "dot2" / "mat.json").is_symlink() else 1
    assert "examples" not in serial[1]  # labels are the folder as given
    assert "cảnh báo khong_can_bo" in serial[1]  # the warning is printed (or, --strict, an error)


def test_files_and_folders_given_together_keep_their_order(folder, two_workers, monkeypatch):
    paths = [folder / "dot2", EXAMPLES / "ben_tre_khac.json", folder / "dot1"]
    assert _validate(paths, {}) == _serial(paths, {}, monkeypatch)
    assert two_workers[-1] is not None


def test_spawned_workers_print_the_same(folder, two_workers, monkeypatch):
    """Windows and macOS spawn the workers: the form and the options travel to them pickled."""
    monkeypatch.setattr(workers, "START_METHOD", "spawn")
    paths = [folder / "dot2"]
    assert _validate(paths, {"fmt": "json"}) == _serial(paths, {"fmt": "json"}, monkeypatch)
    assert two_workers[-1] is not None


def _languages(_shared: object, run: list[int]) -> list[str]:
    """A worker's work for the test below: the language it speaks, once per item."""
    from phieu_cli.common.messages import language

    return [language() for _ in run]


def test_spawned_workers_speak_the_command_s_language(monkeypatch):
    """A spawned worker starts afresh (in Vietnamese): it is told the language `--lang` chose."""
    from phieu_cli.common.messages import set_language

    monkeypatch.setattr(workers, "START_METHOD", "spawn")
    set_language("en")
    try:
        assert list(workers.in_order(_languages, None, list(range(6)), 2)) == ["en"] * 6
    finally:
        set_language("vi")


def test_a_pool_that_cannot_start_leaves_the_work_to_one_process(folder, two_workers, monkeypatch):
    import multiprocessing

    class NoSemaphores:
        def Pool(self, *_: object, **__: object) -> None:  # multiprocessing's name
            raise OSError(38, "Function not implemented")

    monkeypatch.setattr(multiprocessing, "get_context", lambda _method: NoSemaphores())
    assert _validate([folder], {}) == _serial([folder], {}, monkeypatch)
    assert two_workers == [None]


def _summary(folder: Path, csv: Path) -> tuple[int, str, str, bytes]:
    """`phieu summary FOLDER -o CSV --view …` through the `phieu` script's way in: exit code, output, the CSV."""
    import contextlib

    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(SystemExit) as exited,
    ):
        entry.main(["summary", str(folder), "-o", str(csv), "--view", "files", "--no-color"])
    return (
        int(exited.value.code or 0),
        out.getvalue().replace(str(csv), "CSV"),
        err.getvalue(),
        csv.read_bytes(),
    )


def test_summary_in_workers_counts_what_one_process_counts(folder, two_workers, monkeypatch, tmp_path):
    (folder / "dot3").mkdir()  # the same province twice: the newer complete response is the one counted
    for name in ("da_nang_da_quy_dinh.json", "ben_tre_khac.json"):
        shutil.copy(EXAMPLES / name, folder / "dot3" / name)
    together = _summary(folder, tmp_path / "workers.csv")
    assert two_workers and two_workers[-1] is not None, "the pool did not start: nothing was compared"
    monkeypatch.setenv(workers.JOBS_ENV, "1")
    alone = _summary(folder, tmp_path / "alone.csv")
    assert together == alone
    assert "không tính: tỉnh đã có phiếu hoàn thành mới hơn" in alone[3].decode("utf-8-sig")


def test_phieu_jobs_chooses_how_many_processes(monkeypatch):
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1000)
    monkeypatch.setattr(workers, "MIN_FILES_PER_JOB", 500)
    monkeypatch.setenv(workers.JOBS_ENV, "4")
    assert job_count(999) == 1  # a small folder: starting processes would cost more than it saves
    assert job_count(1000) == 2  # at least 500 files each
    assert job_count(10_000) == 4
    monkeypatch.setenv(workers.JOBS_ENV, "1")
    assert job_count(10_000) == 1
    monkeypatch.delenv(workers.JOBS_ENV)
    assert 1 <= job_count(10_000) <= (os.cpu_count() or 1)
    for wrong in ("0", "-2", "hai", "1.5"):
        monkeypatch.setenv(workers.JOBS_ENV, wrong)
        with pytest.raises(UsageError, match="PHIEU_JOBS phải là một số nguyên dương"):
            job_count(10_000)


def test_a_wrong_phieu_jobs_is_a_usage_error_on_the_command_line(tmp_path):
    env = {**os.environ, workers.JOBS_ENV: "nhiều"}
    done = subprocess.run(
        [sys.executable, "-m", "phieu_cli", "validate", str(EXAMPLES / "ben_tre_khac.json")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert (
        done.stderr
        == 'Lỗi: PHIEU_JOBS phải là một số nguyên dương (số tiến trình kiểm tra), không phải "nhiều"\n'
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(os, "killpg"), reason="POSIX: a FIFO, a group")
def test_ctrl_c_stops_the_workers_and_exits_130_without_a_traceback(tmp_path):
    """Ctrl-C reaches every process of the command, as a terminal sends it. The last file is a FIFO nobody
    writes to, so the run cannot end before the signal: no timing involved."""
    folder = tmp_path / "tra_loi"
    folder.mkdir()
    example = (EXAMPLES / "da_nang_da_quy_dinh.json").read_bytes()
    for i in range(workers.PARALLEL_FROM):
        (folder / f"a{i:05}.json").write_bytes(example)
    os.mkfifo(folder / "z_ong_dan.json")
    env = {**os.environ, workers.JOBS_ENV: "2", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "phieu_cli", "validate", str(folder)]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()  # the workers are at work
        assert first.decode("utf-8").startswith("✓ "), first
        os.killpg(proc.pid, signal.SIGINT)
        # (communicate() would skip what readline has buffered)
        rest, err = proc.stdout.read(), proc.stderr.read()
        proc.wait()
    finally:
        if proc.poll() is None:  # a failed assertion above: the FIFO would keep the command waiting
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()  # reaps it and closes the pipes
    assert proc.returncode == 130
    assert err.decode("utf-8") == "\nĐã dừng theo yêu cầu (Ctrl-C).\n"
    lines = (first + rest).decode("utf-8").splitlines()
    assert all(line.startswith("✓ ") and line.endswith(": hợp lệ (hoàn thành)") for line in lines)
    assert len(lines) < workers.PARALLEL_FROM + 1  # no total line: the run was stopped
    with pytest.raises(ProcessLookupError):  # no worker left behind in the command's process group
        os.killpg(proc.pid, 0)


def test_summary_in_workers_counts_the_newest_answers_when_a_run_holds_several_of_one_unit(
    two_workers, monkeypatch, tmp_path
):
    """A worker sends the answers of only the newest complete response of each unit in its run: whichever run
    holds the newest of all, the answers counted are the ones one process counts."""
    monkeypatch.setattr(workers, "RUNS_PER_JOB", 1)  # 7 files, 2 workers: runs of 4 and 3 files
    folder = tmp_path / "tra_loi"
    folder.mkdir()
    base = json.loads((EXAMPLES / "da_nang_da_quy_dinh.json").read_text(encoding="utf-8"))
    for name, day in (("a", 10), ("b", 20), ("c", 12), ("d", 25), ("e", 11), ("f", 14), ("g", 13)):
        data = json.loads(json.dumps(base))
        data["completed_at"] = data["updated_at"] = f"2023-01-{day}T16:45:12+07:00"
        data["answers"]["qbc3"] = f"Ý kiến ngày {day}"
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    csv = tmp_path / "answers.csv"

    def answers() -> tuple[int, str]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exited:
            entry.main(["summary", str(folder), "-o", str(csv), "-f", "--view", "answers"])
        return int(exited.value.code or 0), csv.read_text(encoding="utf-8-sig")

    together = answers()
    assert two_workers and two_workers[-1] is not None, "the pool did not start: nothing was compared"
    monkeypatch.setenv(workers.JOBS_ENV, "1")
    alone = answers()
    assert together == alone
    assert "Ý kiến ngày 25" in alone[1] and "Ý kiến ngày 20" not in alone[1]
