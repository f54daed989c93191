"""The three commands of this part: `phieu schema xlsform`, `phieu schema from-xlsform`, `phieu import`."""

from __future__ import annotations

import sys
from pathlib import Path

from phieu_cli.common.errors import EXIT_INVALID, EXIT_OK, UsageError
from phieu_cli.common.files import atomic_write_bytes, atomic_write_text, write_error
from phieu_cli.common.text import inert


def _refuse_existing(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise UsageError(f"Tệp đã có: {path} (dùng --force để ghi đè)")


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise UsageError(f"Không ghi được {path}: {write_error(exc)}") from None


def run_xlsform(schema: Path | None, output: Path, *, force: bool) -> None:
    from phieu_cli.form.check import load_form_for_use
    from phieu_cli.xlsform.writer import build_workbook, workbook_bytes

    loaded = load_form_for_use(schema)
    _refuse_existing(output, force)
    book = build_workbook(loaded.form)
    _write_bytes(output, workbook_bytes(book))
    questions = len(loaded.form.questions)
    print(
        f"Đã ghi {output}: {questions} câu hỏi, {len(book.survey)} dòng survey, {len(book.choices)} lựa chọn "
        f"(mẫu {loaded.form.form.id}, phiên bản {loaded.form.form.version})."
    )


def run_from_xlsform(workbook: Path, output: Path | None, *, force: bool) -> None:
    from phieu_cli.xlsform.reader import read_xlsform

    if output is not None:
        _refuse_existing(output, force)
    result = read_xlsform(workbook)
    for note in result.notes:
        print(f"Lưu ý: {inert(note)}", file=sys.stderr)  # notes quote the workbook
    if output is None:
        sys.stdout.write(result.yaml_text)
        return
    try:
        atomic_write_text(output, result.yaml_text)
    except OSError as exc:
        raise UsageError(f"Không ghi được {output}: {write_error(exc)}") from None
    print(f"Đã ghi {output} (kiểm tra: phieu schema check {output})", file=sys.stderr)


def run_import(submissions: Path, output: Path, *, schema: Path | None, force: bool) -> int:
    from phieu_cli.form.check import load_form_for_use
    from phieu_cli.xlsform.submissions import convert_all, file_name, response_text

    loaded = load_form_for_use(schema)
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output} không phải thư mục")
    outcomes, columns, platform = convert_all(loaded, submissions)
    if not outcomes:
        raise UsageError(f"{submissions}: không có bản nộp nào")
    if not columns.field_columns and not columns.choice_columns:
        raise UsageError(
            f"{submissions}: không cột nào là một trường của mẫu phiếu {loaded.form.form.id} "
            "(xuất dữ liệu với tên trường XML, không phải nhãn câu hỏi; mẫu đăng lên nền tảng phải là tệp "
            "của phieu schema xlsform); chưa ghi gì."
        )
    used: set[str] = set()
    for outcome in outcomes:
        if outcome.response is not None:
            outcome.path = output / file_name(loaded.form, outcome, used)
    existing = [o.path for o in outcomes if o.path is not None and o.path.exists()]
    if existing and not force:
        listed = ", ".join(str(p) for p in existing[:5]) + (" …" if len(existing) > 5 else "")
        raise UsageError(
            f"Đã có {len(existing)} tệp trả lời: {listed} (dùng --force để ghi đè); chưa ghi gì."
        )
    if columns.unknown:
        print(
            f"Lưu ý: {len(columns.unknown)} cột không thuộc mẫu phiếu {loaded.form.form.id}, không được chuyển: "
            + ", ".join(inert(name) for name in columns.unknown[:10])  # names from the platform's file
            + (" …" if len(columns.unknown) > 10 else ""),
            file=sys.stderr,
        )
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"Không tạo được thư mục {output}: {write_error(exc)}") from None
    written = drafts = 0
    for outcome in outcomes:
        label = inert(outcome.submission.label())  # from the platform's file: printed inert
        if outcome.path is None:
            print(f"✗ {label}: không chuyển được:")
            for problem in outcome.problems:
                print(f"    {inert(str(problem))}")
            continue
        try:  # a response holds names and phone numbers: owner-only, as fill writes it
            atomic_write_text(outcome.path, response_text(outcome), private=True)
        except OSError as exc:
            raise UsageError(f"Không ghi được {outcome.path}: {write_error(exc)}") from None
        written += 1
        if outcome.draft_reasons:
            drafts += 1
            print(f"✓ {label} → {outcome.path} (bản nháp: còn thiếu câu trả lời)")
            for reason in outcome.draft_reasons:
                print(f"    {inert(str(reason))}")
        else:
            print(f"✓ {label} → {outcome.path}")
        for note in outcome.notes:
            print(f"    Lưu ý: {inert(str(note))}")
    failed = len(outcomes) - written
    total = f"Tổng cộng {len(outcomes)} bản nộp ({platform}): đã chuyển {written}"
    total += f" ({drafts} bản nháp)" if drafts else ""
    total += f", {failed} không chuyển được." if failed else "."
    print(total)
    return EXIT_INVALID if failed else EXIT_OK
