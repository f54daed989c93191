"""`phieu show`: a response laid out like the paper form (layout.build), in colour on a terminal.

A file that is not valid is still shown as far as it can be, followed by its problems (exit 1); a file that
cannot be shown at all (not JSON, not a response, another form) says why in one line.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any, TextIO

from phieu_cli.common.errors import EXIT_INVALID, EXIT_OK, InvalidInput
from phieu_cli.common.messages import t
from phieu_cli.common.text import inert, nfc_deep, wrap
from phieu_cli.documents.layout import Document, Style, build, to_lines
from phieu_cli.form.check import load_form_for_use
from phieu_cli.responses.format import FORMAT
from phieu_cli.responses.jsonfile import JsonFileError, load_json_file
from phieu_cli.responses.validation import check_response

MAX_WIDTH = 100  # a terminal wider than this still gets lines a person can read
PIPED_WIDTH = 100


def run_show(
    schema: Path | None,
    file: Path,
    *,
    lang: str | None = None,
    width: int | None = None,
    no_color: bool = False,
    out: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    loaded = load_form_for_use(schema)
    name = str(file)
    try:
        raw = load_json_file(file, label=name)
    except JsonFileError as exc:
        raise InvalidInput(t("Không hiển thị được {file}", file=name), [exc.problem]) from None
    data: dict[str, Any] = nfc_deep(raw)
    report = check_response(loaded, raw, file=name)  # judges the text too (lone surrogates, controls)
    if data.get("format") != FORMAT:
        raise InvalidInput(
            t("Không hiển thị được {file}: không phải tệp trả lời phiếu", file=name), report.problems
        )
    form_ref = data.get("form")
    form_id = form_ref.get("id") if isinstance(form_ref, dict) else None
    if form_id != loaded.form.form.id:
        raise InvalidInput(
            t(
                'Không hiển thị được {file}: tệp trả lời mẫu phiếu "{found}", không phải mẫu "{form}" '
                "(chọn mẫu bằng --schema)",
                file=name,
                found=form_id,
                form=loaded.form.form.id,
            )
        )
    doc = _document(loaded.form, data, lang)
    interactive = _is_terminal(out)
    columns = width or (min(shutil.get_terminal_size().columns, MAX_WIDTH) if interactive else piped_width())
    # What the file holds is printed inert: an invalid file is still shown, its escapes and surrogates visible.
    lines = [(inert(text), style) for text, style in to_lines(doc, columns)]
    if report.problems:
        lines.append(("", Style.PLAIN))
        lines.append((t("Tệp chưa hợp lệ ({count} lỗi):", count=len(report.problems)), "error"))
        lines += [(line, "error") for p in report.problems for line in wrap(p.render(), columns, "", "    ")]
    if interactive and not no_color and not os.environ.get("NO_COLOR") and out is sys.stdout:
        from phieu_cli.terminal.console import print_styled

        print_styled(lines, no_color=no_color)
    else:
        out.write("\n".join(text for text, _ in lines) + "\n")
    return EXIT_INVALID if report.problems else EXIT_OK


def piped_width() -> int:
    """The width of text written to a file or a pipe: COLUMNS when it says one (as other tools honour it),
    else PIPED_WIDTH."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return PIPED_WIDTH
    return min(max(40, columns), 400) if columns > 0 else PIPED_WIDTH


def _document(form: Any, data: dict[str, Any], lang: str | None) -> Document:
    """Lay out what the file holds, taking each part only if it has the right shape."""
    answers = data.get("answers")
    respondent = data.get("respondent")
    respondent = respondent if isinstance(respondent, dict) else {}
    status = data.get("status")
    confirmations = data.get("confirmations")
    return build(
        form,
        answers if isinstance(answers, dict) else {},
        respondent={k: v for k, v in respondent.items() if isinstance(v, str) and v.strip()},
        confirmations=confirmations if isinstance(confirmations, dict) else None,
        status=status if status in ("draft", "complete") else "draft",
        lang=lang,
    )


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
