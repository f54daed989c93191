"""`phieu export`: a response as the document a province prints, signs and sends (DOCX, PDF, Markdown, HTML).

Every format presents the same layout.Document; this module only reads the response, decides whether it may
be exported, picks the format and writes the file.

An invalid response is not exported (exit 1, every problem listed): the document is meant to be signed, and
a signed reply must say what the validator accepts. A draft that is valid so far is exported with a
"DỰ THẢO" (draft) mark on every page, and the questions still to answer are named on stderr.

`--blank` exports the form itself with nothing filled in (blank.py), to fill in on paper.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from phieu_cli.common.errors import InvalidInput, UsageError
from phieu_cli.common.messages import t
from phieu_cli.common.text import inert
from phieu_cli.documents.layout import Document, QuestionBlock, build
from phieu_cli.form.check import load_form_for_use

FORMATS = ("docx", "pdf", "md", "html")
_SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
_DEFAULT_SUFFIX = {"docx": ".docx", "pdf": ".pdf", "md": ".md", "html": ".html"}
STDOUT = Path("-")


@dataclass
class ExportResult:
    output: Path  # Path("-") for standard output
    fmt: str
    draft: bool
    missing: list[str] = field(default_factory=list)  # "Câu 3đ", still to answer in a draft
    blank: bool = False  # the form with nothing filled in


def choose_format(source: Path, output: Path | None, to: str | None) -> tuple[str, Path]:
    """The format and output path from `-o` and `--to`: the suffix decides unless --to says otherwise."""
    if to is not None:
        to = to.strip().lower()
        if to not in FORMATS:
            raise UsageError(t("--to '{to}' không hợp lệ; dùng docx, pdf, md hoặc html.", to=to))
    if output is None:
        fmt = to or "docx"
        return fmt, source.with_suffix(_DEFAULT_SUFFIX[fmt])
    if output == STDOUT:
        if to is None or to in ("docx", "pdf"):
            raise UsageError(t("-o - (in ra màn hình) chỉ dùng với --to md hoặc --to html."))
        return to, output
    by_suffix = _SUFFIXES.get(output.suffix.lower())
    if to is not None:
        if by_suffix is not None and by_suffix != to:
            raise UsageError(
                t("--to {to} mâu thuẫn với đuôi tệp {name}; bỏ một trong hai.", to=to, name=output.name)
            )
        return to, output
    if by_suffix is None:
        raise UsageError(
            t(
                "không biết xuất {name} theo định dạng nào: dùng đuôi .docx, .pdf, .md hoặc .html, hoặc --to.",
                name=output.name,
            )
        )
    return by_suffix, output


def check_output(output: Path, *, force: bool, inputs: list[Path]) -> None:
    """Refuse to overwrite without --force, to write over an input, or to write into a missing folder."""
    if output == STDOUT:
        return
    resolved = output.resolve()
    if any(resolved == path.resolve() for path in inputs):
        raise UsageError(t("tệp ra {output} trùng với tệp vào; chọn tên khác bằng -o.", output=output))
    if output.is_dir():
        raise UsageError(t("{output} là một thư mục; -o cần tên tệp, ví dụ -o tra_loi.docx.", output=output))
    if output.exists() and not force:
        raise UsageError(
            t(
                "{output} đã có; không ghi đè. Thêm --force để ghi đè, hoặc chọn tên khác bằng -o.",
                output=output,
            )
        )
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(t("không có thư mục {folder} để ghi {name}.", folder=parent, name=output.name))


def render(doc: Document, fmt: str) -> bytes:
    if fmt == "docx":
        from phieu_cli.documents.docx import render_docx

        return render_docx(doc)
    if fmt == "pdf":
        from phieu_cli.documents.pdf import render_pdf

        return render_pdf(doc)
    if fmt == "html":
        from phieu_cli.documents.html import render_html

        return render_html(doc).encode("utf-8")
    from phieu_cli.documents.markdown import render_markdown

    return render_markdown(doc).encode("utf-8")


def export_response(
    source: Path,
    *,
    output: Path | None = None,
    to: str | None = None,
    schema: Path | None = None,
    force: bool = False,
    signer: str | None = None,
    signer_title: str | None = None,
    shared: bool = False,
) -> ExportResult:
    """Read, check, lay out and write one response. Raises UsageError (2) or InvalidInput (1)."""
    from phieu_cli.responses.validation import check_file

    fmt, target = choose_format(source, output, to)
    check_output(target, force=force, inputs=[source])
    loaded = load_form_for_use(schema)
    report = check_file(loaded, source)
    if report.problems or report.response is None:
        raise InvalidInput(
            t(
                "Không xuất {file}: tệp trả lời có {count} lỗi. Sửa các lỗi dưới đây "
                "(xem thêm: phieu validate {file}) rồi xuất lại.",
                file=source,
                count=len(report.problems),
            ),
            report.problems,
        )
    response = report.response
    draft = response.status != "complete"
    stamp = response.completed_at or response.updated_at
    doc = build(
        loaded.form,
        response.answers,
        respondent=response.respondent,
        confirmations=response.confirmations,
        status=response.status,
        # Typed on the command line, they can hold what DOCX cannot: shown inert, as everything from outside.
        signer=inert(signer) if signer else signer,
        signer_title=inert(signer_title) if signer_title else signer_title,
        year=stamp.year,
    )
    deliver(target, render(doc, fmt), shared=shared)
    missing = [t("Câu {number}", number=q.number) for q in doc.questions if _incomplete(q)]
    return ExportResult(target, fmt, draft, missing)


def export_blank(
    *,
    output: Path | None = None,
    to: str | None = None,
    schema: Path | None = None,
    force: bool = False,
) -> ExportResult:
    """Write the form as printed, nothing filled in. Without -o: "<form id>_trong.docx" in this folder."""
    from phieu_cli.documents.blank import build_blank

    loaded = load_form_for_use(schema)
    fmt, target = choose_format(Path(f"{loaded.form.form.id}_trong"), output, to)
    check_output(target, force=force, inputs=[schema] if schema is not None else [])
    # Nothing personal in a blank form: readable by others, like any printed form.
    deliver(target, render(build_blank(loaded.form), fmt), shared=True)
    return ExportResult(target, fmt, draft=False, blank=True)


def _incomplete(q: QuestionBlock) -> bool:
    """Required and unanswered, or a required blank of it (a person's phone, a chosen option's reason) empty."""
    if not q.applies:
        return False
    return (
        q.missing
        or any(line.missing for line in q.lines)
        or any(line.missing for box in q.boxes if box.checked for line in box.lines)
    )


def deliver(target: Path, data: bytes, *, shared: bool) -> None:
    """The document to its file, or to standard output for `-o -`."""
    if target == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_file(target, data, shared=shared)


def write_file(path: Path, data: bytes, *, shared: bool = False) -> None:
    """Write atomically; a file held open by another program (Excel, Word on Windows) is a usage error.

    Owner-only like the responses (names and phone numbers), unless *shared* (`--shared`): then with the
    ordinary permissions the umask gives."""
    from phieu_cli.common.files import atomic_write_bytes, write_error

    try:
        atomic_write_bytes(path, data, private=not shared)
    except PermissionError:
        raise UsageError(
            t(
                "không ghi được {file}: không có quyền, hoặc tệp đang mở trong chương trình khác (Word, Excel).",
                file=path,
            )
        ) from None
    except OSError as exc:
        raise UsageError(t("không ghi được {file}: {reason}", file=path, reason=write_error(exc))) from None


def print_result(result: ExportResult) -> None:
    """What happened, on stderr (stdout may carry the document itself)."""
    names = {"docx": "DOCX", "pdf": "PDF", "md": "Markdown", "html": "HTML"}
    if result.output != STDOUT:
        done = t(
            "Đã xuất phiếu trống {file} ({format})." if result.blank else "Đã xuất {file} ({format}).",
            file=result.output,
            format=names[result.fmt],
        )
        print(done, file=sys.stderr)
    if result.draft:
        line = t("Lưu ý: phiếu còn là bản nháp; tài liệu mang dấu DỰ THẢO, không dùng để ký ban hành.")
        if result.missing:
            line += t(
                " Còn {count} câu chưa trả lời đủ: {questions}.",
                count=len(result.missing),
                questions=", ".join(result.missing),
            )
        print(line, file=sys.stderr)
