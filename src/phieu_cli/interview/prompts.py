"""The terminal side of `phieu fill`: questionary prompts for the steps of an Interview.

Thin on purpose: what to ask and what an answer means live in machine.py; this module only draws and reads.
Imported by fill.make_ui() alone, so that other commands never pay for questionary.

Keys, the same in every prompt: Enter confirms; Esc (or the "← Quay lại" choice) goes back one step; Ctrl-C
stops (fill saves the draft and says how to resume). Checkboxes: Space ticks, Enter confirms. Long text:
Enter starts a new line, Enter on an empty line (Enter twice) finishes.

Vietnamese typed in decomposed form (NFD, some input methods and macOS) is turned into NFC in the buffer as it
is typed, so that Backspace removes a whole letter and the value stored is NFC.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import questionary
from prompt_toolkit.application import get_app
from prompt_toolkit.application.current import get_app_session
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyBindingsBase, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.styles import Style
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl

from phieu_cli.common.text import display_width, wrap
from phieu_cli.form.model import Option
from phieu_cli.interview.machine import BACK, Interview, Step, province_key

ESC_TIMEOUT = 0.1  # seconds to tell a lone Esc from the start of an arrow key's escape sequence
_BACK_CHOICE = "__phieu_back__"
_SKIP_CHOICE = "__phieu_skip__"

STYLE = Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansiyellow bold"),
        ("instruction", "fg:ansibrightblack"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansigreen"),
        ("title", "bold"),
        ("section", "fg:ansicyan bold"),
        ("progress", "fg:ansibrightblack"),
        ("help", "fg:ansibrightblack italic"),
        ("notice", "fg:ansiyellow"),
        ("error", "fg:ansired bold"),
        ("done", "fg:ansigreen bold"),
    ]
)

HINT_SELECT = "(↑↓ rồi Enter; Esc: quay lại)"
HINT_CHECKBOX = "(↑↓ di chuyển, Space: chọn/bỏ chọn, Enter: xong; Esc: quay lại)"
HINT_TEXT = "Enter: xong; Esc: quay lại"
HINT_LONG = "nhiều dòng: Enter để xuống dòng, Enter hai lần (một dòng trống) để kết thúc; Esc: quay lại"
HINT_OPTIONAL = "không bắt buộc, Enter để bỏ qua"
HINT_KIND = {
    "integer": "số nguyên",
    "date": "ngày/tháng/năm, ví dụ 17/01/2023",
    "phone": "số di động, ví dụ 0905 123 456",
    "province": "gõ tên có dấu hoặc không, ví dụ: da nang; ↓ hoặc Tab để chọn gợi ý",
}


class QuestionaryUI:
    """Asks the steps with questionary; every prompt goes through _run() (the seam the tests use)."""

    def __init__(self) -> None:
        self._section: str | None = None
        self._typed: dict[tuple[str, ...], str] = {}  # text typed before Esc, offered again
        self.unsaved: tuple[str, str] | None = None  # (step, text) being typed when Ctrl-C came

    # --- the seam ----------------------------------------------------------------------------------

    def _run(self, question: questionary.Question, label: str) -> Any:
        """Run one prompt. Ctrl-C raises KeyboardInterrupt (never questionary's English "Cancelled")."""
        return question.unsafe_ask()

    # --- output ------------------------------------------------------------------------------------

    def width(self) -> int:
        try:
            columns = get_app_session().output.get_size().columns
        except Exception:  # a console that cannot say its size
            columns = 80
        return max(40, min(columns - 1, 110))

    def notice(self, text: str, style: str = "") -> None:
        lines = [line for part in text.splitlines() or [""] for line in wrap(part, self.width())]
        self._print([(style, "\n".join(lines))])

    def _print(self, fragments: list[tuple[str, str]]) -> None:
        print_formatted_text(FormattedText(fragments), style=STYLE)

    def show_step(self, interview: Interview, step: Step) -> None:
        """Section heading (when it changes), the printed number and wording, progress and help."""
        width = self.width()
        progress = interview.progress(step)
        q, section = step.question, step.section
        if q is None or section is None:
            if self._section != "@respondent":
                self._print([("", "\n"), ("class:section", "── Thông tin chung về cơ quan trả lời ──")])
                self._section = "@respondent"
            return
        if section.id != self._section:
            title = f"{section.number}. {section.title}" if section.number else section.title
            head = f"── Phần {progress.section_number}/{progress.section_count}: {' '.join(title.split())} "
            head += "─" * max(2, width - display_width(head))
            self._print([("", "\n"), ("class:section", "\n".join(wrap(head, width)))])
            self._section = section.id
        count = (
            f"phần {progress.section_number}/{progress.section_count} · "
            f"câu {progress.question_number}/{progress.question_count}"
        )
        self._print([("", "\n"), ("class:progress", f"[{count}]")])
        self._print([("class:title", "\n".join(wrap(f"{q.ref}. {' '.join(q.text.split())}", width)))])
        if q.help:
            self._print([("class:help", "\n".join(wrap(f"Gợi ý: {q.help}", width, "  ", "  ")))])

    # --- asking ------------------------------------------------------------------------------------

    def ask(self, interview: Interview, step: Step) -> Any:
        """The answer to *step*: an option id, a list of ids, or a parsed value (None: skipped); or BACK."""
        if step.kind == "single":
            return self._single(interview, step)
        if step.kind == "multiple":
            return self._multiple(interview, step)
        return self._text_step(interview, step)

    def _single(self, interview: Interview, step: Step) -> Any:
        current = interview.default(step)
        chosen = next(iter(current), None) if isinstance(current, dict) else None
        options = interview.options(step)
        choices: list[Any] = [Choice(self._wrap_choice(_option_title(o), 3), value=o.id) for o in options]
        if not step.required:
            choices.append(Choice("(bỏ qua, không trả lời câu này)", value=_SKIP_CHOICE))
        if interview.can_go_back():
            choices += [Separator(" "), Choice("← Quay lại", value=_BACK_CHOICE)]
        ids = [o.id for o in options]
        question = questionary.select(
            f"{step.ref}:",
            choices=choices,
            default=chosen if chosen in ids else None,
            instruction=HINT_SELECT,
            style=STYLE,
        )
        answer = self._run(_backable(question), step.ref)
        if answer is BACK or answer == _BACK_CHOICE:
            return BACK
        return None if answer == _SKIP_CHOICE else answer

    def _multiple(self, interview: Interview, step: Step) -> Any:
        current = interview.default(step)
        chosen = set(current) if isinstance(current, dict) else set()
        options = interview.options(step)
        choices = [
            Choice(self._wrap_choice(_option_title(o), 5), value=o.id, checked=o.id in chosen)
            for o in options
        ]
        q = step.question
        hint = HINT_CHECKBOX
        if q is not None and q.min_choices and q.max_choices:
            hint = f"(chọn {q.min_choices}–{q.max_choices}) " + hint
        elif q is not None and q.min_choices:
            hint = f"(chọn ít nhất {q.min_choices}) " + hint
        question = questionary.checkbox(
            f"{step.ref}:",
            choices=choices,
            validate=lambda ids: interview.check_choices(step, ids) or True,
            instruction=hint,
            style=STYLE,
        )
        app = question.application
        bindings = app.key_bindings
        # "a" (all) and "i" (invert) would tick options behind the person's back at a stray key.
        for key in ("a", "i"):
            if isinstance(bindings, KeyBindings):
                with contextlib.suppress(ValueError):
                    bindings.remove(key)
        control = next(
            w.content for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)
        )
        finish = KeyBindings()

        # questionary's own Enter marks the prompt answered, which prints an English "done (2 selections)";
        # this one checks the same rules and leaves the line in Vietnamese (the choice is said just below).
        @finish.add(Keys.Enter, eager=True)
        def _finish(event: KeyPressEvent) -> None:
            selected = [str(c.value) for c in control.get_selected_values()]
            message = interview.check_choices(step, selected)
            control.submission_attempted = True
            if message is not None:
                error = FormattedText([("class:validation-toolbar", message)])
                control.error_message = error  # type: ignore[assignment]  # questionary types it as None
                return
            event.app.exit(result=selected)

        app.key_bindings = merge_key_bindings([bindings or KeyBindings(), finish])
        answer = self._run(_backable(question), step.ref)
        if answer is BACK:
            return BACK
        labels = [o.label for o in options if o.id in answer]
        self.notice("  Đã chọn: " + ("; ".join(labels) if labels else "(không chọn)"), "class:answer")
        return list(answer)

    def _text_step(self, interview: Interview, step: Step) -> Any:
        stored = interview.default(step)
        default = self._typed.pop(step.key, None)
        if default is None:
            default = _default_text(interview, step, stored)
        hints = [HINT_KIND[step.kind]] if step.kind in HINT_KIND else []
        if step.kind == "integer" and step.item is not None:
            low, high = step.item.min, step.item.max
            if isinstance(low, int) and isinstance(high, int):
                hints = [f"số nguyên từ {low} đến {high}"]
        if not step.required:
            hints.append(HINT_OPTIONAL)
        if step.help:
            self._print([("class:help", "\n".join(wrap(f"Gợi ý: {step.help}", self.width(), "  ", "  ")))])
        long = step.kind == "long_text"
        hints.append(HINT_LONG if long else HINT_TEXT)
        self._print(
            [("class:instruction", "\n".join(wrap("(" + "; ".join(hints) + ")", self.width(), "  ", "  ")))]
        )
        completer = ProvinceCompleter(interview.form.province_options) if step.kind == "province" else None
        answer = self._text(
            f"{step.ref}:",
            default=default,
            validate=lambda text: interview.parse(step, text)[1] or True,
            instruction="\n" if long else "",
            multiline=long,
            completer=completer,
            key=step.key,
            label=step.ref,
        )
        if answer is BACK:
            return BACK
        value, message = interview.parse(step, answer)
        if message is not None:  # the prompt validated it already; never store what the validator rejects
            self.notice(message, "class:error")
            return self._text_step(interview, step)
        if step.kind == "province" and value is not None:
            self.notice(f"  → {interview.form.province_label(value)}", "class:done")
        return value

    def _text(
        self,
        message: str,
        *,
        default: str,
        validate: Callable[[str], bool | str],
        instruction: str,
        multiline: bool = False,
        completer: Completer | None = None,
        key: tuple[str, ...] | None = None,
        label: str = "",
    ) -> Any:
        bindings: KeyBindingsBase = _back_bindings()
        if multiline:
            bindings = merge_key_bindings([bindings, _finish_on_empty_line()])
        extra: dict[str, Any] = {}
        if completer is not None:
            extra = {"completer": completer, "complete_while_typing": True}
        question = questionary.text(
            message,
            default=default,
            validate=validate,
            multiline=multiline,
            instruction=instruction,
            style=STYLE,
            key_bindings=bindings,
            **extra,
        )
        question.application.ttimeoutlen = ESC_TIMEOUT
        buffer = question.application.current_buffer
        _keep_nfc(buffer)
        try:
            answer = self._run(question, label)
        except KeyboardInterrupt:
            if buffer.text.strip() and buffer.text != default:
                self.unsaved = (label, buffer.text)
            raise
        if answer is BACK and key is not None and buffer.text != default:
            self._typed[key] = buffer.text
        return answer

    def _wrap_choice(self, title: str, indent: int) -> str:
        room = max(20, self.width() - indent - 1)
        return "\n".join(wrap(title, room, "", " " * (indent + 2)))

    # --- review, edit, decisions -------------------------------------------------------------------

    def review(self, text: str, *, complete: bool, output: str) -> str | object:
        self._section = None
        self._print([("", "\n"), ("class:section", "── XEM LẠI PHIẾU " + "─" * max(2, self.width() - 17))])
        self._print([("", text.rstrip("\n"))])
        self._print([("class:section", "─" * self.width())])
        if complete:
            first = Choice(f"Lưu phiếu vào {output}", value="save")
            message = "Phiếu đã đủ câu trả lời. Bạn muốn:"
        else:
            first = Choice("Trả lời các câu còn thiếu", value="continue")
            message = "Phiếu còn câu chưa trả lời. Bạn muốn:"
        choices = [
            first,
            Choice("Sửa một câu trả lời (chọn theo số câu in ở trên)", value="edit"),
            Choice("← Quay lại câu cuối", value="back"),
        ]
        question = questionary.select(message, choices=choices, instruction=HINT_SELECT, style=STYLE)
        answer: str | object = self._run(_backable(question), "review")
        return answer

    def ask_target(self, interview: Interview) -> Step | object:
        numbers = []
        for step in interview.steps:
            if step.question is not None and step.question.number not in numbers:
                numbers.append(step.question.number)
        hint = (
            "(gõ số câu in trên phiếu, ví dụ 3đ hoặc 6b.1; “tỉnh” hoặc “cơ quan” cho phần đầu; "
            "Esc: về màn hình xem lại)"
        )
        self._print([("class:instruction", "\n".join(wrap(hint, self.width(), "  ", "  ")))])
        answer: object = self._text(
            "Sửa câu số:",
            default="",
            validate=lambda text: interview.find_target(text)[1] or True,
            instruction="",
            completer=_NumberCompleter(numbers),
            label="edit",
        )
        if answer is BACK:
            return BACK
        target: Step | None = interview.find_target(str(answer))[0]
        return target if target is not None else BACK

    def choose(self, message: str, choices: Sequence[tuple[str, str]]) -> str | object:
        question = questionary.select(
            message,
            choices=[Choice(title, value=value) for value, title in choices],
            instruction=HINT_SELECT,
            style=STYLE,
        )
        answer: str | object = self._run(_backable(question), message)
        return answer

    def unsaved_text(self) -> tuple[str, str] | None:
        return self.unsaved


# --- helpers -----------------------------------------------------------------------------------------


def _option_title(option: Option) -> str:
    return f"{option.label} (ghi rõ)" if option.other else option.label


def _default_text(interview: Interview, step: Step, value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    if step.kind == "province":
        return interview.form.province_label(str(value)) or str(value)
    if step.kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def _back_bindings() -> KeyBindings:
    """Esc -> BACK. Eager, so that it does not wait for an Esc-prefixed key combination."""
    bindings = KeyBindings()

    @bindings.add(Keys.Escape, eager=True)
    def _back(event: KeyPressEvent) -> None:
        event.app.exit(result=BACK)

    return bindings


def _backable(question: questionary.Question) -> questionary.Question:
    """Add Esc -> BACK to a select or checkbox (their key bindings are fixed when they are built)."""
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), _back_bindings()])
    app.ttimeoutlen = ESC_TIMEOUT
    return question


def _finish_on_empty_line() -> KeyBindings:
    """Long text: Enter on an empty last line (or in an empty box) submits; elsewhere Enter is a new line."""
    bindings = KeyBindings()

    @Condition
    def on_empty_last_line() -> bool:
        document = get_app().current_buffer.document
        return document.is_cursor_at_the_end and (not document.text or document.text.endswith("\n"))

    @bindings.add(Keys.Enter, filter=on_empty_last_line, eager=True)
    def _finish(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.text.endswith("\n"):
            buffer.text = buffer.text[:-1]
        buffer.validate_and_handle()

    return bindings


def _keep_nfc(buffer: Buffer) -> None:
    """Normalise the buffer to NFC as it is typed (prompt-toolkit#274: NFD edits wrongly)."""

    def normalise(buf: Buffer) -> None:
        text = buf.text
        if unicodedata.is_normalized("NFC", text):
            return
        before = unicodedata.normalize("NFC", buf.document.text_before_cursor)
        buf.set_document(Document(unicodedata.normalize("NFC", text), len(before)), bypass_readonly=True)

    buffer.on_text_changed += normalise
    normalise(buffer)


class ProvinceCompleter(Completer):
    """Suggests provinces whose name contains what was typed, diacritics or not ("da nang" -> Đà Nẵng)."""

    def __init__(self, options: Iterable[Option]) -> None:
        self.items = [(province_key(o.label), o.label) for o in options]

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        typed = document.text_before_cursor
        key = province_key(typed)
        for folded, label in self.items:
            if f" {key}" in f" {folded}" and label != typed:
                yield Completion(label, start_position=-len(typed))


class _NumberCompleter(Completer):
    def __init__(self, numbers: list[str]) -> None:
        self.numbers = numbers

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        typed = document.text_before_cursor.strip().lower()
        for number in self.numbers:
            if number.lower().startswith(typed) and number != document.text_before_cursor:
                yield Completion(number, start_position=-len(document.text_before_cursor))
