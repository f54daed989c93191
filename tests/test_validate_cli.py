"""`phieu validate`: verdict lines, folders, totals, JSON output, exit codes, and every kind of broken file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from phieu_cli.cli import main
from samples import CHUA_QUY_DINH, DA_QUY_DINH, response_dict


@pytest.fixture
def run(capsys):
    """Run `phieu validate ARGS` in this process through main(), as the console script does."""

    def invoke(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exited:
            main(["validate", *args])
        captured = capsys.readouterr()
        return int(exited.value.code or 0), captured.out, captured.err

    return invoke


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def returns(form149, tmp_path: Path) -> Path:
    """A folder as the ministry receives it: two valid returns, a draft, a wrong one, and some clutter."""
    folder = tmp_path / "tra_loi"
    write(folder / "da_nang.json", response_dict(form149, DA_QUY_DINH))
    write(folder / "ha_noi.json", response_dict(form149, CHUA_QUY_DINH, province="ha_noi"))
    write(
        folder / "dot2" / "can_tho.json",
        response_dict(form149, {"q3dd": 4}, province="can_tho", status="draft"),
    )
    bad = response_dict(form149, DA_QUY_DINH, province="thua_thien_hue")
    bad["answers"]["q3dd"] = -1
    write(folder / "bad.json", bad)
    (folder / "ghi_chu.txt").write_text("không phải JSON", encoding="utf-8")
    write(folder / ".an" / "x.json", {})
    write(folder / ".tam.json", {})
    return folder


def test_one_valid_file(run, form149, tmp_path):
    path = write(tmp_path / "a.json", response_dict(form149, DA_QUY_DINH))
    code, out, _ = run(str(path))
    assert (code, out) == (0, f"✓ {path}: hợp lệ (hoàn thành)\n")


def test_a_folder_one_line_per_file_sorted_and_a_total(run, returns):
    code, out, _ = run(str(returns))
    sep = os.sep
    assert code == 1
    assert out.splitlines() == [
        f"✗ {returns}{sep}bad.json: Câu 3đ ($.answers.q3dd): -1 nhỏ hơn giá trị tối thiểu 0",
        f"✓ {returns}{sep}da_nang.json: hợp lệ (hoàn thành)",
        f"✓ {returns}{sep}ha_noi.json: hợp lệ (hoàn thành)",
        f"✓ {returns}{sep}dot2{sep}can_tho.json: hợp lệ (nháp)",
        "Tổng cộng 4 tệp: 3 hợp lệ, 1 không hợp lệ (1 lỗi).",
    ]


def test_quiet_prints_only_problems_and_the_total(run, returns):
    code, out, _ = run("-q", str(returns))
    assert code == 1
    assert [line[:2] for line in out.splitlines()] == ["✗ ", "Tổ"]


def test_complete_checks_drafts_as_whole(run, form149, tmp_path):
    draft = write(tmp_path / "nhap.json", response_dict(form149, {"q3dd": 4}, status="draft"))
    assert run(str(draft))[0] == 0
    code, out, _ = run("--complete", str(draft))
    assert code == 1 and "Câu 1 ($.answers.q1): chưa trả lời (câu bắt buộc)" in out
    whole = write(tmp_path / "du.json", response_dict(form149, DA_QUY_DINH, status="draft"))
    assert run("--complete", str(whole)) == (0, f"✓ {whole}: hợp lệ (nháp, đã đủ câu trả lời)\n", "")


def test_json_format(run, returns):
    code, out, _ = run("--format", "json", str(returns))
    payload = json.loads(out)
    assert code == 1 and payload["ok"] is False
    assert payload["summary"] == {
        "files": 4,
        "valid": 3,
        "invalid": 1,
        "unreadable": 0,
        "problems": 1,
        "warnings": 0,
    }
    first = payload["files"][0]
    assert (
        first["file"].endswith("bad.json")
        and first["status"] == "complete"
        and first["province"] == "thua_thien_hue"
    )
    assert first["problems"] == [
        {
            "file": first["file"],
            "line": None,
            "column": None,
            "path": "$.answers.q3dd",
            "question": "Câu 3đ",
            "code": "invalid",
            "message": "-1 nhỏ hơn giá trị tối thiểu 0",
            "severity": "error",
        }
    ]
    assert first["warnings"] == [] and first["confirmed"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["khong_co.json"], "Không tìm thấy: khong_co.json"),
        (["--format", "xml", "a.json"], "'xml' không hợp lệ"),
        ([], "thiếu tham số 'FILE|DIR...'"),
    ],
)
def test_usage_errors_exit_2(run, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*args)
    assert code == 2 and message in err and out == ""


def test_a_folder_without_json_is_a_usage_error(run, tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    code, _, err = run(str(tmp_path))
    assert code == 2 and "không có tệp .json nào" in err


def test_missing_files_are_all_named_before_anything_is_checked(run, form149, tmp_path):
    good = write(tmp_path / "a.json", response_dict(form149, DA_QUY_DINH))
    code, out, err = run(str(good), str(tmp_path / "x.json"), str(tmp_path / "y.json"))
    assert code == 2 and out == "" and "x.json" in err and "y.json" in err


def test_an_unusable_schema_is_a_usage_error(run, form149, tmp_path):
    good = write(tmp_path / "a.json", response_dict(form149, DA_QUY_DINH))
    schema = tmp_path / "mau.yaml"
    schema.write_text("phieu_schema: 1\nform: [\n", encoding="utf-8")
    code, out, err = run("--schema", str(schema), str(good))
    assert code == 2 and out == ""
    assert "Mẫu phiếu không đọc được" in err and f"{schema}:" in err and "Traceback" not in err
    code, _, err = run("--schema", str(tmp_path / "khong_co.yaml"), str(good))
    assert code == 2 and "Không tìm thấy tệp" in err


def test_a_response_to_another_schema_says_so(run, form149, tmp_path):
    import yaml

    other = yaml.safe_load(form149.path.read_text(encoding="utf-8"))
    other["form"]["id"] = "phieu_150"
    schema = tmp_path / "phieu_150.yaml"
    schema.write_text(yaml.safe_dump(other, allow_unicode=True), encoding="utf-8")
    path = write(tmp_path / "a.json", response_dict(form149, DA_QUY_DINH))
    code, out, _ = run("--schema", str(schema), str(path))
    assert code == 1 and 'phiếu "phieu_149" không phải mẫu "phieu_150"' in out


def _valid_text(form149) -> str:
    return json.dumps(response_dict(form149, DA_QUY_DINH), ensure_ascii=False, indent=2)


BAD_FILES = {
    "empty": (lambda t: b"", "tệp rỗng"),
    "spaces": (lambda t: b"  \n\t\n", "tệp rỗng"),
    "truncated": (lambda t: t.encode()[: len(t.encode()) // 2], "tệp bị cắt cụt giữa chừng"),
    "binary": (lambda t: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "không phải tệp văn bản UTF-8"),
    "not_utf8": (lambda t: t.encode("cp1258", errors="replace"), "không phải tệp văn bản UTF-8"),
    "utf16": (lambda t: t.encode("utf-16"), "không phải tệp văn bản UTF-8"),
    "array": (
        lambda t: ("[" + t + "]").encode(),
        "phải là một đối tượng JSON {...}, không phải một danh sách",
    ),
    "string": (lambda t: b'"phieu"', "không phải một chuỗi"),
    "number": (lambda t: b"149", "không phải một số"),
    "nan": (
        lambda t: t.replace('"q3dd": 7', '"q3dd": NaN').encode(),
        "giá trị NaN không phải là số JSON hợp lệ",
    ),
    "infinity": (lambda t: t.replace('"q3dd": 7', '"q3dd": -Infinity').encode(), "-Infinity"),
    "duplicate": (
        lambda t: t.replace('"q3dd": 7', '"q3dd": 7, "q3dd": 8').encode(),
        'khóa "q3dd" xuất hiện hai lần',
    ),
    "deep": (lambda t: t.replace('"q3dd": 7', '"q3dd": ' + "[" * 40 + "]" * 40).encode(), "lồng quá sâu"),
    "very_deep": (lambda t: ("[" * 200_000 + "]" * 200_000).encode(), "lồng quá sâu"),
    "syntax": (lambda t: t.replace('"q3dd": 7,', '"q3dd": 7').encode(), "lỗi cú pháp JSON: thiếu dấu phẩy"),
    "not_a_response": (lambda t: b'{"ten": "Nguy\xe1\xbb\x85n"}', "không phải tệp trả lời phiếu"),
    "huge": (lambda t: t.encode() + b" " * (5 * 1024 * 1024), "tệp quá lớn"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_broken_files_get_one_clear_line(run, form149, tmp_path, case):
    # No wall-clock bound here (it failed under load): a reader that hangs on one of these files is stopped by
    # pytest-timeout, and the speed of the reader is measured by benchmarks/bench_all.py.
    make, message = BAD_FILES[case]
    path = tmp_path / f"{case}.json"
    path.write_bytes(make(_valid_text(form149)))
    code, out, err = run(str(path))
    lines = out.splitlines()
    assert code == 1 and err == ""
    assert len(lines) == 1 and lines[0].startswith(f"✗ {path}") and message in lines[0], out


def test_a_byte_order_mark_is_accepted(run, form149, tmp_path):
    path = tmp_path / "notepad.json"
    path.write_bytes(b"\xef\xbb\xbf" + _valid_text(form149).encode())
    assert run(str(path))[0] == 0


def test_json_syntax_errors_point_at_line_and_column(run, form149, tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{\n  "format": "phieu-response"\n  "status": "draft"\n}', encoding="utf-8")
    _, out, _ = run(str(path))
    assert out == f"✗ {path}:3:3: lỗi cú pháp JSON: thiếu dấu phẩy ','\n"


def test_an_unreadable_file_in_a_folder_is_reported_and_exits_2(run, form149, tmp_path):
    write(tmp_path / "a.json", response_dict(form149, DA_QUY_DINH))
    (tmp_path / "thu_muc.json").mkdir()  # a folder named like a file: skipped by the walk
    (tmp_path / "thu_muc.json" / "b.json").write_text("{}", encoding="utf-8")
    code, out, _ = run(str(tmp_path / "a.json"), str(tmp_path / "thu_muc.json" / "b.json"))
    assert code == 1 and "không phải tệp trả lời phiếu" in out
    code, _, _ = run(str(tmp_path / "a.json"), str(tmp_path / "thu_muc.json"))
    assert code == 1  # a folder argument is walked, so b.json is found inside


def test_a_file_that_cannot_be_read_is_reported_and_exits_2(run, form149, tmp_path, monkeypatch):
    from phieu_cli.common.errors import UsageError
    from phieu_cli.responses import validation

    good = write(tmp_path / "a.json", response_dict(form149, DA_QUY_DINH))
    locked = write(tmp_path / "b.json", response_dict(form149, DA_QUY_DINH))
    real = validation.read_json_text

    def read(path, **kw):
        if str(path) == str(locked):  # what an antivirus lock or a permission looks like
            raise UsageError(f"Không có quyền đọc tệp: {path}")
        return real(path, **kw)

    monkeypatch.setattr(validation, "read_json_text", read)
    code, out, _ = run(str(tmp_path))
    assert code == 2
    assert out.splitlines() == [
        f"✓ {good}: hợp lệ (hoàn thành)",
        f"✗ {locked}: Không có quyền đọc tệp: {locked}",
        "Tổng cộng 2 tệp: 1 hợp lệ, 0 không hợp lệ, 1 không đọc được (1 lỗi).",
    ]


def test_progress_bar_appears_on_a_terminal_for_a_long_run(run, form149, tmp_path, monkeypatch):
    import contextlib

    from phieu_cli.responses import checkfiles
    from phieu_cli.terminal import console

    for i in range(3):
        write(tmp_path / f"{i}.json", response_dict(form149, DA_QUY_DINH))
    steps: list[int] = []

    @contextlib.contextmanager
    def fake_progress(total, description, console=None):
        steps.append(total)
        yield lambda: steps.append(-1)

    monkeypatch.setattr(checkfiles, "_stderr_is_terminal", lambda: True)
    monkeypatch.setattr(checkfiles, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(console, "progress", fake_progress)
    assert run(str(tmp_path))[0] == 0
    assert steps == [3, -1, -1, -1]  # started after the first file, caught up, then advanced once per file
    steps.clear()
    monkeypatch.setattr(checkfiles, "_stderr_is_terminal", lambda: False)
    run(str(tmp_path))
    assert steps == []


def test_validate_imports_neither_questionary_nor_rich(run, form149, tmp_path):
    path = write(tmp_path / "a.json", response_dict(form149, DA_QUY_DINH))
    probe = (
        "import sys\n"
        "from phieu_cli.cli import main\n"
        "try:\n"
        f"    main(['validate', {str(path)!r}])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('questionary', 'prompt_toolkit', 'rich'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
