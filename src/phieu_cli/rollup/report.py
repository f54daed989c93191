"""`phieu summary` as a command: read the files (with a progress bar on long runs), write the XLSX or CSV,
and say in the terminal who has answered, what is missing or wrong, and what the answers add up to.

Exit 0 whenever the summary was made, invalid files and missing provinces included (they are its
findings; `phieu validate` is the command whose exit code judges files); 2 for usage errors.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from phieu_cli.common.errors import UsageError
from phieu_cli.rollup.analysis import (
    DEFAULT_CSV_VIEW,
    DRAFT,
    INVALID,
    NO_ANSWER,
    SUPERSEDED,
    UNIT_STATES,
    UNITS_VIEW,
    VIEWS,
    Analysis,
    Summary,
    analyse,
    capitalised,
    find_files,
    summarise,
    tables,
    unit_state,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from phieu_cli.rollup.analysis import AnyLoaded
    from phieu_cli.rollup.regroup import Regrouping

TERMINAL_LIST_LIMIT = 50  # rows of a file list drawn on a terminal; piped output lists them all
OUTPUT_SUFFIXES = {".xlsx": "xlsx", ".csv": "csv"}


def run_summary(
    inputs: list[Path],
    *,
    output: Path | None = None,
    view: str | None = None,
    schema: Path | None = None,
    force: bool = False,
    no_color: bool = False,
    by: str | None = None,
    shared: bool = False,
) -> None:
    from phieu_cli.terminal.console import progress, report_console

    fmt = _output_format(output, view, by)
    loaded: AnyLoaded
    if output is None and by is None:
        # The report alone needs only what checking reads: the compiled form from the cache (form/cache.py),
        # no YAML or pydantic, so that summary starts as fast as `phieu validate` (issue 12).
        from phieu_cli.form.cache import load_for_checking

        loaded = load_for_checking(str(schema) if schema is not None else None)
        target = None
    else:
        from phieu_cli.documents.export import check_output
        from phieu_cli.form.check import load_form_for_use
        from phieu_cli.rollup.regroup import resolve_target

        if output is not None:
            check_output(output, force=force, inputs=[])
        full = load_form_for_use(schema)
        target = resolve_target(full.form, by) if by is not None else None
        loaded = full
    files = find_files(inputs)
    with progress(len(files), "Đang đọc phiếu") as advance:
        summary = summarise(loaded, files, advance)
    analysis = analyse(summary)
    regrouping = None
    if target is not None:
        from phieu_cli.rollup.regroup import regroup

        regrouping = regroup(summary, target)
    saved = None
    if output is not None:  # the tables are for the file: the terminal report prints from the analysis
        from phieu_cli.documents.export import write_file
        from phieu_cli.rollup import sheets
        from phieu_cli.rollup.regroup import regrouped_tables

        views = tables(summary, analysis)
        if regrouping is not None:
            views = regrouped_tables(summary, regrouping, views)

        if fmt == "xlsx":
            from phieu_cli.rollup.overview import overview

            made_at = dt.datetime.now().astimezone()
            charts = chart_data(summary, analysis)
            write_file(
                output, sheets.to_xlsx(views, overview(summary, inputs, made_at), charts), shared=shared
            )
            titles = [sheets.OVERVIEW_TITLE, *(t.title for t in views)] + (
                [sheets.CHARTS_TITLE] if charts else []
            )
            saved = f"Đã ghi {output}: {len(titles)} trang ({', '.join(titles)})."
        else:
            chosen = next(t for t in views if t.key == (view or DEFAULT_CSV_VIEW))
            write_file(output, sheets.to_csv(chosen), shared=shared)
            saved = (
                f"Đã ghi {output}: bảng “{chosen.title}” ({len(chosen.rows)} dòng; --view chọn bảng khác)."
            )
    console = report_console(no_color=no_color)
    print_report(console, summary, analysis, saved=saved, regrouping=regrouping)


def chart_data(summary: Summary, analysis: Analysis) -> list[Any]:
    """A bar chart per choice question, over the units it applied to."""
    from phieu_cli.rollup.sheets import ChartData

    out = []
    for stat in analysis.choices:
        if not stat.applied:
            continue
        q = stat.question
        bars = [(o.label, n) for o, n in stat.counts]
        if stat.applied > stat.answered:
            bars.append((NO_ANSWER, stat.applied - stat.answered))
        word = summary.word
        out.append(
            ChartData(
                f"{q.ref}. {q.text} (áp dụng cho {stat.applied} {word})",
                f"{q.ref} — {stat.applied} {word}",
                bars,
                f"Số {word}",
            )
        )
    return out


def _output_format(output: Path | None, view: str | None, by: str | None = None) -> str | None:
    if view == UNITS_VIEW and by is None:
        raise UsageError(f"--view {UNITS_VIEW} chỉ dùng cùng --by (ví dụ --by vn_provinces_2025).")
    if view is not None and view not in VIEWS and view != UNITS_VIEW:
        raise UsageError(f"--view '{view}' không hợp lệ; dùng một trong: {', '.join([*VIEWS, UNITS_VIEW])}.")
    if output is None:
        if view is not None:
            raise UsageError("--view chỉ dùng khi ghi CSV: -o tong_hop.csv --view " + view)
        return None
    fmt = OUTPUT_SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        raise UsageError(f"không biết ghi {output.name} theo định dạng nào: dùng đuôi .xlsx hoặc .csv.")
    if fmt == "xlsx" and view is not None:
        raise UsageError("--view chỉ dùng với .csv; tệp .xlsx có mọi bảng, mỗi bảng một trang.")
    return fmt


# ------------------------------------------------------------------------------------------- terminal


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}".replace(".", ",") + "%"


def print_report(
    console: Any,
    summary: Summary,
    analysis: Analysis,
    *,
    saved: str | None,
    regrouping: Regrouping | None = None,
) -> None:
    from phieu_cli.common.text import inert
    from phieu_cli.terminal.console import print_table

    def say(text: str = "") -> None:  # lines quote file names and schema labels: printed inert
        console.print(inert(text), soft_wrap=not console.is_terminal)

    def cap(rows: list[list[str]], what: str) -> list[list[str]]:
        if not console.is_terminal or len(rows) <= TERMINAL_LIST_LIMIT:
            return rows
        more = len(rows) - TERMINAL_LIST_LIMIT
        note = [f"… và {more} {what} khác (xem trang Tệp của tệp .xlsx)"] + [""] * (len(rows[0]) - 1)
        return [*rows[:TERMINAL_LIST_LIMIT], note]

    from phieu_cli.rollup.overview import headline, unread_files

    form = summary.form
    total = len(summary.units)
    say(f"Tổng hợp {len(summary.entries)} tệp theo mẫu {form.form.id} (phiên bản {form.form.version}).")
    say(headline(summary))
    if regrouping is not None:
        from phieu_cli.rollup.regroup import print_units

        print_units(console, say, summary, regrouping)

    invalid = summary.by_verdict(INVALID)
    if invalid:
        say()
        rows = [[e.file, e.first_error or "", str(e.problems)] for e in invalid]
        print_table(
            console,
            f"Tệp lỗi, không tính ({len(invalid)}) — xem đủ lỗi bằng: phieu validate TỆP",
            ["Tệp", "Lỗi đầu tiên", "Số lỗi"],
            cap(rows, "tệp lỗi"),
            right=[2],
        )
    drafts = summary.by_verdict(DRAFT)
    if drafts:
        say()
        rows = [[e.file, summary.unit_label(e.unit), _when(e.updated_at)] for e in drafts]
        print_table(
            console,
            f"Bản nháp, không tính vì chưa hoàn thành ({len(drafts)})",
            ["Tệp", capitalised(summary.noun), "Cập nhật lúc"],
            cap(rows, "bản nháp"),
        )
    superseded = summary.by_verdict(SUPERSEDED)
    if superseded:
        say()
        rows = []
        for province, counted in summary.counted.items():
            older = [e.file for e in summary.entries_of(province) if e.verdict == SUPERSEDED]
            if older:
                shown = ", ".join(older[:3]) + (f" và {len(older) - 3} tệp khác" if len(older) > 3 else "")
                rows.append(
                    [
                        summary.unit_label(province),
                        counted.entry.file,
                        _when(counted.entry.completed_at),
                        shown,
                    ]
                )
        print_table(
            console,
            f"{capitalised(summary.word)} có nhiều phiếu hoàn thành: tính phiếu hoàn thành sau cùng "
            f"({len(rows)} {summary.word})",
            [capitalised(summary.noun), "Tệp được tính", "Hoàn thành lúc", "Không tính"],
            cap(rows, summary.word),
        )

    if not summary.counted:
        say()
        say("Chưa có phiếu hợp lệ, hoàn thành nào: không có số liệu theo câu hỏi.")
    else:
        _print_questions(console, say, summary, analysis)
    say()
    if saved:
        say(saved)
    else:
        say(
            f"Bảng từng {summary.word} và văn bản tự do theo {summary.word} có trong tệp: "
            "phieu summary … -o tong_hop.xlsx "
            "(hoặc -o tong_hop.csv --view answers|texts|…)."
        )
    # The figures the analyst reads first come last, so a long report does not scroll them away.
    say()
    missing = summary.missing
    if missing:
        unread = unread_files(summary)
        names = []
        for option in missing:
            state = unit_state(summary, option.id)
            name = option.label if state == UNIT_STATES["missing"] else f"{option.label} ({state})"
            if option.id in unread:
                name += f" (có tệp không đọc được {summary.word}: {', '.join(unread[option.id])})"
            names.append(name)
        say(f"Còn thiếu {len(missing)}/{total}: " + ", ".join(names) + ".")
    elif summary.listed:  # free-text units: no list, so nobody is known to be missing
        say(f"Đủ {total}/{total} {summary.noun}.")
    say(headline(summary))


def _print_questions(console: Any, say: Any, summary: Summary, analysis: Analysis) -> None:
    from phieu_cli.terminal.console import print_table

    for stat in analysis.choices:
        q = stat.question
        say()
        title = f"{q.ref}. {q.text} — áp dụng cho {stat.applied} {summary.word}"
        if q.kind == "multiple":
            title += " (nhiều lựa chọn: tổng tỷ lệ có thể quá 100%)"
        rows = [
            [o.label, str(n), _percent(n / stat.applied if stat.applied else None)] for o, n in stat.counts
        ]
        if stat.applied > stat.answered:
            unanswered = stat.applied - stat.answered
            rows.append([NO_ANSWER, str(unanswered), _percent(unanswered / stat.applied)])
        print_table(console, title, ["Lựa chọn", f"Số {summary.word}", "Tỷ lệ"], rows, right=[1, 2])
    if analysis.numbers:
        say()
        rows = []
        for number in analysis.numbers:
            values = number.values
            label = number.field.what
            rows.append(
                [
                    number.field.question.ref,
                    label,
                    str(len(values)),
                    _number(min(values)) if values else "",
                    _number(number.median),
                    _number(max(values)) if values else "",
                    _number(sum(values)) if values else "",
                ]
            )
        print_table(
            console,
            "Số liệu",
            ["Câu", "Nội dung", f"Số {summary.word}", "Nhỏ nhất", "Trung vị", "Lớn nhất", "Tổng"],
            rows,
            right=[2, 3, 4, 5, 6],
        )
    fired = [w for w in analysis.warnings if w.confirmed or w.unconfirmed]
    if fired:
        say()
        rows = [
            [
                w.ref,
                f"{w.id}: {w.message}",
                str(len(w.confirmed)),
                str(len(w.unconfirmed)),
            ]
            for w in fired
        ]
        print_table(
            console,
            f"Cảnh báo (số {summary.word} có câu trả lời bật cảnh báo; {summary.word} chưa xác nhận: "
            "trang “Cảnh báo”)",
            ["Câu", "Cảnh báo", "Đã xác nhận lý do", "Chưa xác nhận"],
            rows,
            right=[2, 3],
        )
    if analysis.texts:
        counts: dict[str, int] = {}
        for f, _, _ in analysis.texts:
            counts[f.question.ref] = counts.get(f.question.ref, 0) + 1
        say()
        say(
            f"Văn bản tự do: {len(analysis.texts)} câu trả lời ("
            + ", ".join(f"{ref}: {n}" for ref, n in counts.items())
            + f"), theo {summary.word} trong trang “Văn bản”."
        )
