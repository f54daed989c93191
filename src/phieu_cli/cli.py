"""The `phieu` command line. Each command parses its options, makes one call into the library and prints.

Imports stay inside the commands: `phieu --help` and `phieu validate` must not pay for questionary (or
python-docx, openpyxl) at start-up. Exceptions become exit codes in one place: main().
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from phieu_cli import __version__
from phieu_cli.common.errors import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    InvalidInput,
    PhieuError,
)
from phieu_cli.entry import utf8_stdio

HELP = """\
phieu — điền, kiểm tra và tổng hợp phiếu khảo sát (mẫu kèm Văn bản 149/BTTTT-CĐSQG).

Turns an official Vietnamese paper form into a guided interview and checkable files.

Mã thoát / exit codes: 0 hợp lệ (ok), 1 không hợp lệ (invalid), 2 sai cách dùng (usage), 130 bị ngắt (interrupted).
"""

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
schema_app = typer.Typer(
    help="Mẫu phiếu (YAML): kiểm tra, xuất JSON Schema và XLSForm, đọc XLSForm. Form schemas: check, export, XLSForm in and out.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(schema_app, name="schema")

LangOption = Annotated[
    str,
    typer.Option(
        "--lang",
        help="Ngôn ngữ: vi (mặc định) hoặc en (nhãn từ các trường *_en của mẫu phiếu). Language.",
        metavar="vi|en",
    ),
]


def _use_language(lang: str) -> None:
    """The language of every message and label of this command (common.messages), chosen once here."""
    from phieu_cli.common.messages import LANGUAGES, set_language

    if lang not in LANGUAGES:
        raise typer.BadParameter(f"'{lang}' không hợp lệ; dùng vi hoặc en.", param_hint="--lang")
    set_language(lang)


SchemaFile = Annotated[
    Path | None,
    typer.Argument(help="Tệp mẫu phiếu YAML (mặc định: mẫu 149 kèm theo phieu).", show_default=False),
]


def _version(value: bool) -> None:
    if value:
        print(f"phieu {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát.")
    ] = False,
) -> None:
    """phieu"""


@schema_app.command("check")
def schema_check(
    file: SchemaFile = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text (mặc định) hoặc json.", metavar="text|json")
    ] = "text",
) -> None:
    """Kiểm tra một mẫu phiếu YAML: liệt kê mọi lỗi kèm tệp:dòng:cột. Exit 0 sạch, 1 có lỗi, 2 không đọc được.

    Nhãn chưa có tiếng Anh (*_en) là cảnh báo, không phải lỗi (exit 0): --lang en hiện chúng bằng tiếng Việt.
    """
    from phieu_cli.form.check import bundled_form_path, check_form_report
    from phieu_cli.terminal.report import print_problems

    fmt = _choose_format(output_format)
    path = file or bundled_form_path()
    problems, untranslated = check_form_report(path)
    print_problems(
        problems,
        fmt,
        ok_message=f"{path}: mẫu phiếu hợp lệ.",
        warnings=untranslated,
        warnings_note="nhãn chưa có tiếng Anh, --lang en hiện tiếng Việt đánh dấu [vi] (không phải lỗi)",
    )
    if problems:
        raise typer.Exit(EXIT_INVALID)


@app.command("fill")
def fill(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Tệp trả lời sẽ ghi (mặc định: tra_loi.json).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    schema: Annotated[
        Path | None,
        typer.Option(
            "--schema",
            help="Mẫu phiếu YAML (mặc định: mẫu 149 kèm theo phieu).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume", help="Làm tiếp một bản nháp (TÊN.draft.json).", metavar="DRAFT", show_default=False
        ),
    ] = None,
    edit: Annotated[
        Path | None,
        typer.Option(
            "--edit",
            help="Sửa một phiếu đã điền; câu trả lời cũ hiện sẵn.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Không hỏi: lấy câu trả lời từ tệp YAML (xem docs/answers-file.md).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp kết quả đã có mà không hỏi.")] = False,
    lang: LangOption = "vi",
) -> None:
    """Điền phiếu: hỏi từng câu theo số in trên phiếu, lưu nháp sau mỗi câu, xem lại rồi ghi tệp trả lời.

    Phím: Enter xác nhận; Esc hoặc "← Quay lại" về câu trước; ô nhiều dòng: Enter hai lần để kết thúc;
    Ctrl-C dừng và lưu nháp (làm tiếp: phieu fill --resume TÊN.draft.json, hoặc chạy lại với cùng -o).
    Không có terminal: dùng --answers. Exit 0 đã ghi, 1 câu trả lời không hợp lệ, 2 sai cách dùng, 130 Ctrl-C.
    """
    from phieu_cli.interview.fill import FillOptions, run

    _use_language(lang)
    run(FillOptions(output=output, schema=schema, resume=resume, edit=edit, answers=answers, force=force))


# --- responses: validate, show, schema json-schema -------------------------------------------------------

SchemaOption = Annotated[
    Path | None,
    typer.Option(
        "--schema", help="Mẫu phiếu YAML để đối chiếu (mặc định: mẫu 149 kèm theo phieu).", metavar="FILE"
    ),
]


@app.command("validate")
def validate(
    paths: Annotated[
        # str, not Path: typer builds a pydantic adapter for every Path argument (~50 µs each, 10,000 files).
        list[str],
        typer.Argument(
            help="Tệp trả lời .json, hoặc thư mục (mọi *.json bên trong).",
            show_default=False,
            metavar="FILE|DIR...",
        ),
    ],
    schema: SchemaOption = None,
    complete: Annotated[
        bool, typer.Option("--complete", help="Coi mọi phiếu (cả bản nháp) như phải trả lời đủ.")
    ] = False,
    output_format: Annotated[
        str, typer.Option("--format", help="text (mặc định) hoặc json.", metavar="text|json")
    ] = "text",
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Chỉ in các lỗi, cảnh báo và dòng tổng cộng.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Coi cảnh báo chưa xác nhận lý do là lỗi (exit 1)."),
    ] = False,
) -> None:
    """Kiểm tra tệp trả lời phiếu. Exit 0 tất cả hợp lệ, 1 có tệp không hợp lệ, 2 sai cách dùng.

    Check response files against the form: each file gets a verdict line, each problem names the question
    as printed ("Câu 3đ") and the JSON path. A warning of the form that an answer fires and no reason
    confirms is printed with "!" and is not an error, unless --strict.
    """
    from phieu_cli.responses.checkfiles import run_validate

    fmt = _choose_format(output_format)
    code = run_validate(
        schema, [Path(p) for p in paths], require_complete=complete, fmt=fmt, quiet=quiet, strict=strict
    )
    if code:
        raise typer.Exit(code)


@app.command("show")
def show(
    file: Annotated[Path, typer.Argument(help="Tệp trả lời .json.", show_default=False, metavar="FILE")],
    schema: SchemaOption = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Không tô màu (như biến NO_COLOR).")] = False,
    lang: LangOption = "vi",
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            help="Số cột, 40–400 (mặc định: bề rộng cửa sổ, tối đa 100; ra tệp: biến COLUMNS, không có thì 100).",
            min=40,
            max=400,
            metavar="N",
        ),
    ] = None,
) -> None:
    """In phiếu trả lời trình bày như phiếu giấy: mọi lựa chọn ☒/☐, câu không áp dụng, câu còn thiếu.

    Print a response laid out like the paper form. Exit 1 if the file is not valid (what can be shown is shown).
    """
    from phieu_cli.documents.show import run_show

    _use_language(lang)
    code = run_show(schema, file, lang=lang, width=width, no_color=no_color)
    if code:
        raise typer.Exit(code)


@schema_app.command("json-schema")
def schema_json_schema(
    file: SchemaFile = None,
    complete: Annotated[
        bool, typer.Option("--complete", help="Như validate --complete: mọi phiếu phải trả lời đủ.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Ghi ra tệp (UTF-8) thay vì in ra.", metavar="FILE")
    ] = None,
) -> None:
    """In JSON Schema (draft 2020-12) của tệp trả lời cho mẫu phiếu này, gồm cả các điều kiện (if/then).

    Print a JSON Schema of response files (complete and draft) for the form. See docs/response-format.md for
    the few rules a JSON Schema cannot express.
    """
    from phieu_cli.form.check import load_form_for_use
    from phieu_cli.responses.json_schema import dump_schema, response_schema

    text = dump_schema(response_schema(load_form_for_use(file), require_complete=complete))
    if output is None:
        sys.stdout.write(text)
        return
    from phieu_cli.common.errors import UsageError
    from phieu_cli.common.files import atomic_write_text, write_error

    try:
        atomic_write_text(output, text)
    except OSError as exc:
        raise UsageError(f"Không ghi được {output}: {write_error(exc)}") from None
    print(f"Đã ghi {output}", file=sys.stderr)


@schema_app.command("xlsform")
def schema_xlsform(
    file: SchemaFile = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Tệp XLSForm sẽ ghi (.xlsx).", metavar="FILE", show_default=False
        ),
    ] = Path("form.xlsx"),
    force: Annotated[bool, typer.Option("--force", "-f", help="Ghi đè nếu tệp ra đã có.")] = False,
) -> None:
    """Xuất mẫu phiếu thành XLSForm (survey, choices, settings) để đăng trên KoBoToolbox, ODK, SurveyCTO.

    Write the form as an XLSForm workbook: printed numbers in the labels, Vietnamese and English labels,
    conditions as relevant, bounds as constraints. Submissions come back with `phieu import`.
    Exit 0 written, 1 the form cannot be expressed, 2 usage (unreadable form, output exists without --force).
    """
    from phieu_cli.xlsform.commands import run_xlsform

    run_xlsform(file, output, force=force)


@schema_app.command("from-xlsform")
def schema_from_xlsform(
    workbook: Annotated[
        Path, typer.Argument(help="Tệp XLSForm (.xlsx).", metavar="FORM.xlsx", show_default=False)
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Tệp mẫu phiếu YAML sẽ ghi (mặc định: in ra).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", "-f", help="Ghi đè nếu tệp ra đã có.")] = False,
) -> None:
    """Đọc một XLSForm thành mẫu phiếu YAML của phieu; mọi phần phieu không biểu diễn được bị từ chối
    kèm tệp:sheet:dòng và lý do, không bỏ qua lặng lẽ.

    Read an XLSForm into phieu's form language. Exit 0 written, 1 something cannot be expressed (nothing is
    written), 2 usage.
    """
    from phieu_cli.xlsform.commands import run_from_xlsform

    run_from_xlsform(workbook, output, force=force)


@app.command("import")
def import_command(
    submissions: Annotated[
        Path,
        typer.Argument(
            help="Dữ liệu xuất từ KoBoToolbox/ODK: .json, .csv hoặc .xlsx.",
            metavar="SUBMISSIONS",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Thư mục ghi các tệp trả lời.", metavar="DIR", show_default=False
        ),
    ],
    schema: SchemaOption = None,
    force: Annotated[bool, typer.Option("--force", "-f", help="Ghi đè tệp trả lời đã có.")] = False,
) -> None:
    """Chuyển các bản nộp từ nền tảng XLSForm (KoBoToolbox, ODK) thành tệp trả lời phieu, mỗi bản nộp một tệp.

    Bản nộp không khớp mẫu được báo kèm số dòng / instanceID, các bản khác vẫn được chuyển.
    Exit 0 tất cả đã chuyển, 1 có bản nộp không chuyển được, 2 sai cách dùng (tệp không đọc được, tệp ra đã có).
    """
    from phieu_cli.xlsform.commands import run_import

    code = run_import(submissions, output, schema=schema, force=force)
    if code:
        raise typer.Exit(code)


# --- end responses ----------------------------------------------------------------------------------------


def _choose_format(value: str) -> str:
    if value not in ("text", "json"):
        raise typer.BadParameter(f"'{value}' không hợp lệ; dùng text hoặc json.", param_hint="--format")
    return value


# --- export and summary (issue 5): the signed reply, and the roll-up for the ministry -------------------
_SchemaOption = Annotated[
    Path | None,
    typer.Option(
        "--schema",
        help="Tệp mẫu phiếu YAML (mặc định: mẫu 149 kèm theo phieu).",
        metavar="MẪU.yaml",
        show_default=False,
    ),
]
_ForceOption = Annotated[bool, typer.Option("--force", "-f", help="Ghi đè nếu tệp ra đã có.")]
_SharedOption = Annotated[
    bool,
    typer.Option(
        "--shared",
        help="Cho người khác trên máy đọc tệp ra (mặc định chỉ chủ tệp đọc được: tệp có họ tên, số điện thoại).",
    ),
]


@app.command("export")
def export_command(
    response: Annotated[
        Path | None,
        typer.Argument(
            help="Tệp trả lời (JSON); không dùng với --blank.", metavar="TỆP_TRẢ_LỜI", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Tệp ra: .docx, .pdf, .md hoặc .html (mặc định: tên tệp trả lời, đuôi .docx). '-': in ra màn hình (md, html).",
            metavar="TỆP",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="Định dạng, khi đuôi tệp không nói rõ.", metavar="docx|pdf|md|html"),
    ] = None,
    schema: _SchemaOption = None,
    signer: Annotated[
        str | None,
        typer.Option(
            "--signer", help="Họ tên người ký, in dưới chữ ký.", metavar="HỌ_TÊN", show_default=False
        ),
    ] = None,
    signer_title: Annotated[
        str | None,
        typer.Option(
            "--signer-title",
            help="Chức danh người ký (mặc định CHỦ TỊCH với mẫu gửi các tỉnh, THỦ TRƯỞNG CƠ QUAN với mẫu khác); "
            '" - " xuống dòng: "KT. CHỦ TỊCH - PHÓ CHỦ TỊCH".',
            metavar="CHỨC_DANH",
            show_default=False,
        ),
    ] = None,
    force: _ForceOption = False,
    shared: _SharedOption = False,
    blank: Annotated[
        bool,
        typer.Option(
            "--blank",
            help="Phiếu trống như bản in (ô ☐, dòng chấm) để điền tay hoặc so với bản giấy; không cần tệp trả lời (mặc định -o <mã phiếu>_trong.docx).",
        ),
    ] = False,
    lang: LangOption = "vi",
) -> None:
    """Xuất phiếu trả lời thành văn bản để in, ký, gửi (DOCX theo Nghị định 30/2020/NĐ-CP; PDF; MD; HTML).

    Bản nháp có dấu DỰ THẢO. Phiếu có lỗi không được xuất (exit 1). Exit 2: sai cách dùng, tệp ra đã có.
    --blank: phiếu trống, chưa điền.
    """
    from phieu_cli.common.errors import UsageError
    from phieu_cli.common.messages import t
    from phieu_cli.documents.export import export_blank, export_response, print_result

    _use_language(lang)
    if blank:
        if response is not None:
            raise UsageError(
                t(
                    "--blank xuất phiếu trống, không dùng kèm tệp trả lời ({file}): bỏ tệp trả lời, "
                    "hoặc bỏ --blank để xuất phiếu đã điền.",
                    file=response,
                )
            )
        if signer is not None or signer_title is not None:
            raise UsageError(t("phiếu trống (--blank) không có khối ký: bỏ --signer và --signer-title."))
        print_result(export_blank(output=output, to=to, schema=schema, force=force))
        return
    if response is None:
        raise UsageError(
            t("thiếu TỆP_TRẢ_LỜI: phieu export tra_loi.json (hoặc phieu export --blank để in phiếu trống).")
        )
    result = export_response(
        response,
        output=output,
        to=to,
        schema=schema,
        force=force,
        signer=signer,
        signer_title=signer_title,
        shared=shared,
    )
    print_result(result)


@app.command("summary")
def summary_command(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Tệp trả lời, hoặc thư mục (đọc mọi tệp *.json, cả trong thư mục con).",
            metavar="TỆP|THƯ_MỤC",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Ghi bảng tổng hợp: .xlsx (mọi bảng) hoặc .csv (một bảng).",
            metavar="TỆP",
            show_default=False,
        ),
    ] = None,
    view: Annotated[
        str | None,
        typer.Option(
            "--view",
            help="Bảng ghi ra CSV (mặc định answers: câu trả lời từng đơn vị; units: theo tỉnh mới, cùng --by).",
            metavar="status|answers|options|numbers|warnings|texts|files|units",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Gộp theo bộ tỉnh, thành phố khác: vn_provinces_2025 (34 tỉnh, thành phố từ 01/07/2025) "
            "cho phiếu của 63 tỉnh năm 2023.",
            metavar="BỘ",
            show_default=False,
        ),
    ] = None,
    schema: _SchemaOption = None,
    force: _ForceOption = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Không tô màu.")] = False,
    shared: _SharedOption = False,
) -> None:
    """Tổng hợp phiếu theo đơn vị trả lời của mẫu (mẫu 149: 63 tỉnh, thành phố): đơn vị nào đã nộp (N/tổng số),
    đơn vị nào thiếu, tệp nào lỗi, và số liệu từng câu.

    Chỉ tính phiếu hợp lệ đã hoàn thành; một đơn vị nhiều phiếu thì tính phiếu hoàn thành sau cùng.
    Exit 0 khi đã tổng hợp (kể cả khi có tệp lỗi); 2 sai cách dùng.
    """
    from phieu_cli.rollup.report import run_summary

    run_summary(
        inputs,
        output=output,
        view=view,
        schema=schema,
        force=force,
        no_color=no_color,
        by=by,
        shared=shared,
    )


def fit_to_terminal(message: str) -> str:
    """*message* with its sentences wrapped at spaces to the terminal it goes to (the terminal would cut them
    inside a word); indented lines (a path, a command to copy, the text a person typed) stay whole. Unchanged
    when stderr is not a terminal."""
    try:
        if not sys.stderr.isatty():
            return message
    except (AttributeError, ValueError):  # closed or replaced stream
        return message
    import shutil

    from phieu_cli.common.text import wrap

    width = max(40, shutil.get_terminal_size().columns - 1)
    return "\n".join(
        line if line.startswith(" ") else "\n".join(wrap(line, width)) for line in message.split("\n")
    )


# The commands that speak English under `--lang en` (issue 13 §3); validate, summary and schema stay Vietnamese.
LANG_COMMANDS = frozenset({"fill", "show", "export"})


def language_asked(argv: list[str]) -> str:
    """ "en" when *argv* runs fill, show or export with `--lang en` (or `--lang=en`) before any "--"; else "vi".

    Read before Click parses, so that its usage errors (an unknown option, a missing file) are in English."""
    if not argv or argv[0] not in LANG_COMMANDS:
        return "vi"
    args = argv[1 : argv.index("--")] if "--" in argv else argv[1:]
    asked = "vi"
    for i, arg in enumerate(args):  # the last one counts, as Click takes it
        if arg.startswith("--lang="):
            asked = arg.removeprefix("--lang=")
        elif arg == "--lang" and i + 1 < len(args):
            asked = args[i + 1]
    return "en" if asked == "en" else "vi"


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app and turns every outcome into a documented exit code."""
    from phieu_cli.common.errors import Interrupted
    from phieu_cli.common.messages import set_language

    utf8_stdio()
    # Until a command chooses (--lang): a usage error Click finds before the command runs is said in the
    # language asked for when the command line already says it.
    set_language(language_asked(sys.argv[1:] if argv is None else argv))
    code = EXIT_OK
    try:
        result = app(args=argv, prog_name="phieu", standalone_mode=False)
        code = result if isinstance(result, int) else EXIT_OK
    except Interrupted as exc:  # Ctrl-C inside a command that kept the work: its message says where
        with contextlib.suppress(OSError):  # a closed terminal (SIGHUP): the work is kept, nowhere to say so
            print(f"\n{fit_to_terminal(str(exc))}", file=sys.stderr, flush=True)
        code = exc.exit_code
    except PhieuError as exc:
        from phieu_cli.terminal.report import print_error

        print_error(exc)
        code = exc.exit_code
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.TyperException as exc:  # Click's usage errors: unknown option, missing argument…
        from phieu_cli.terminal.report import print_usage_error

        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            print(ctx.get_help(), file=sys.stderr)  # `phieu` or `phieu schema` alone: the help itself
        else:
            usage = ctx.get_usage() if ctx is not None else None
            print_usage_error(exc.format_message(), usage, ctx.command_path if ctx is not None else None)
        code = EXIT_USAGE
    except (typer.Abort, KeyboardInterrupt):
        from phieu_cli.common.messages import t

        print("\n" + t("Đã dừng theo yêu cầu (Ctrl-C)."), file=sys.stderr)
        code = EXIT_INTERRUPTED
    with contextlib.suppress(OSError):
        sys.stdout.flush()
    sys.exit(code)


__all__ = ["InvalidInput", "app", "main"]
