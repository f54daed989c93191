"""The terminal side of `phieu fill`: questionary prompts for the steps of an Interview.

Thin on purpose: what to ask and what an answer means live in machine.py; this module only draws and reads.
Imported by fill.make_ui() alone, so that other commands never pay for questionary.

Keys, the same in every prompt: Enter confirms; Esc (or the "← Quay lại" choice) goes back one step; Ctrl-C
stops (fill saves the draft and says how to resume). Checkboxes: Space ticks, Enter confirms. Long text:
Enter starts a new line, Enter on an empty line (Enter twice) finishes.

Esc and Alt: Alt/Option+key (and many other keys) arrive as Esc followed by more bytes. Only a lone Esc, one
that nothing followed within ESC_TIMEOUT, goes back; an Esc that starts a sequence is the sequence's (Alt+b is
a word left inside the box, an unknown one is ignored), so it never moves the interview nor reaches another
answer. See _back_bindings().

Text typed and not confirmed (Esc before Enter, then Ctrl-C or a closed terminal) is kept by step in
`typed`, offered again pre-filled, and saved by fill.py in the draft as unconfirmed.

Everything wraps at spaces, never inside a word: the text being typed (WordWrap pads the screen line, not the
text), the question line and long labels (_wrap_question_line), the options, notices and refusals.

Refusals are drawn under the question, wrapped to the window (never a one-line toolbar cut at the window's
width, nor on the window's last row far from the list), and judged on Enter, not while typing.

Vietnamese typed in decomposed form (NFD, some input methods and macOS) is turned into NFC in the buffer as it
is typed, so that Backspace removes a whole letter and the value stored is NFC.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import select
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import questionary
from prompt_toolkit.application import get_app
from prompt_toolkit.application.current import get_app_session
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition, is_done
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples, to_formatted_text
from prompt_toolkit.formatted_text.utils import fragment_list_width
from prompt_toolkit.key_binding import KeyBindings, KeyBindingsBase, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import BufferControl, ConditionalContainer, FormattedTextControl, HSplit, Window
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.layout.utils import explode_text_fragments
from prompt_toolkit.shortcuts import PromptSession, print_formatted_text
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl

from phieu_cli.common.messages import label as form_text
from phieu_cli.common.messages import t
from phieu_cli.common.text import display_width, wrap
from phieu_cli.form.model import Option
from phieu_cli.interview.machine import BACK, Interview, Step, StepKey, province_key, respondent_word
from phieu_cli.interview.review import ANSWERED, JUMP, MISSING, NOT_APPLICABLE, ReviewItem

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
        ("warning", "fg:ansiyellow bold"),
        ("done", "fg:ansigreen bold"),
    ]
)

HINT_SELECT = "(↑↓ rồi Enter; Esc: quay lại)"
HINT_CHOOSE = "(↑↓ rồi Enter)"  # a decision about files: no question before it to go back to
HINT_REVIEW = "(↑↓ PgUp PgDn, Enter; Esc: quay lại)"
HINT_CHECKBOX = "(↑↓ di chuyển, Space: chọn/bỏ chọn, Enter: xong; Esc: quay lại)"
HINT_TEXT = "Enter: xong; Esc: quay lại"
HINT_LONG = "nhiều dòng: Enter để xuống dòng, Enter hai lần (một dòng trống) để kết thúc; Esc: quay lại"
HINT_OPTIONAL = "không bắt buộc, Enter để bỏ qua"
HINT_CONFIRM = "câu trả lời đúng? ghi lý do rồi Enter; Esc: quay lại sửa câu trả lời"
HINT_KIND = {
    "integer": "số nguyên",
    "date": "ngày/tháng/năm, ví dụ 17/01/2023",
    "phone": "số di động, ví dụ 0905 123 456",
}
HINT_LISTED = "gõ tên có dấu hoặc không, ví dụ: {example}; ↓ hoặc Tab để chọn gợi ý"


class QuestionaryUI:
    """Asks the steps with questionary; every prompt goes through _run() (the seam the tests use)."""

    def __init__(self) -> None:
        self._section: str | None = None
        # Text typed in a step's box and not confirmed with Enter (Esc, Ctrl-C, a closed terminal): offered
        # again pre-filled, and kept in the draft by fill.py.
        self.typed: dict[StepKey, str] = {}

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
        """*text* wrapped at spaces to the window; a line's indent (a path or command under a sentence, "  Đã
        chọn: …") is kept on every line it wraps to."""
        lines = []
        for part in text.splitlines() or [""]:
            indent = part[: len(part) - len(part.lstrip(" "))]
            lines += wrap(part, self.width(), indent, indent)
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
                self._print([("", "\n"), ("class:section", t("── Thông tin chung về cơ quan trả lời ──"))])
                self._section = "@respondent"
            return
        if section.id != self._section:
            # The part's number as printed on the form ("3. Công tác tổ chức…"), never a count of our own.
            title = form_text(section.title, section.title_en)
            title = f"{section.number}. {title}" if section.number else title
            lines = wrap(" ".join(title.split()), width - 3)
            lines = [f"── {line}" for line in lines]
            lines[-1] += " " + "─" * max(2, width - display_width(lines[-1]) - 1)
            self._print([("", "\n"), ("class:section", "\n".join(lines))])
            self._section = section.id
        count = t("câu {number}/{count}", number=progress.question_number, count=progress.question_count)
        if progress.section_number:
            count += t(
                " · phần {number}/{count}", number=progress.section_number, count=progress.section_count
            )
        self._print([("", "\n"), ("class:progress", f"[{count}]")])
        text = " ".join(form_text(q.text, q.text_en).split())
        self._print([("class:title", "\n".join(wrap(f"{q.ref}. {text}", width)))])
        if q.help:
            hint = t("Gợi ý: {help}", help=form_text(q.help, q.help_en))
            self._print([("class:help", "\n".join(wrap(hint, width, "  ", "  ")))])

    # --- asking ------------------------------------------------------------------------------------

    def ask(self, interview: Interview, step: Step) -> Any:
        """The answer to *step*: an option id, a list of ids, or a parsed value (None: skipped); or BACK."""
        if step.kind == "single":
            value = self._single(interview, step)
        elif step.kind == "multiple":
            value = self._multiple(interview, step)
        else:
            value = self._text_step(interview, step)
        if value is BACK:  # the prompt left above would look answered: say it was left
            kept = t(": nội dung đang gõ được giữ, chưa phải câu trả lời") if step.key in self.typed else ""
            self.notice(f"  {t('← Quay lại')}{kept}", "class:progress")
        return value

    def _single(self, interview: Interview, step: Step) -> Any:
        current = interview.default(step)
        chosen = next(iter(current), None) if isinstance(current, dict) else None
        options = interview.options(step)
        choices: list[Any] = [Choice(self._wrap_choice(_option_title(o), 3), value=o.id) for o in options]
        if not step.required:
            choices.append(Choice(t("(bỏ qua, không trả lời câu này)"), value=_SKIP_CHOICE))
        if interview.can_go_back():
            choices += [Separator(" "), Choice(t("← Quay lại"), value=_BACK_CHOICE)]
        ids = [o.id for o in options]
        question = questionary.select(
            f"{step.ref}:",
            choices=choices,
            default=chosen if chosen in ids else None,
            instruction=t(HINT_SELECT),
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
        choices: list[Any] = [
            Choice(self._wrap_choice(_option_title(o), 5), value=o.id, checked=o.id in chosen)
            for o in options
        ]
        if interview.can_go_back():  # as in a single choice: Enter on it goes back, whatever is ticked
            choices += [Separator(" "), Choice(t("← Quay lại"), value=_BACK_CHOICE)]
        q = step.question
        hint = t(HINT_CHECKBOX)
        if q is not None and q.min_choices and q.max_choices:
            hint = t("(chọn {low}–{high}) ", low=q.min_choices, high=q.max_choices) + hint
        elif q is not None and q.min_choices:
            hint = t("(chọn ít nhất {low}) ", low=q.min_choices) + hint
        question = questionary.checkbox(
            f"{step.ref}:",
            choices=choices,
            validate=lambda ids: interview.check_choices(step, [i for i in ids if i != _BACK_CHOICE]) or True,
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
        on_back = Condition(lambda: control.get_pointed_at().value == _BACK_CHOICE)

        @finish.add(" ", eager=True, filter=on_back)
        def _no_tick(event: KeyPressEvent) -> None:
            """ "← Quay lại" is not an option to tick."""

        @finish.add(Keys.Enter, eager=True)
        def _finish(event: KeyPressEvent) -> None:
            if on_back():
                control.error_message = None
                event.app.exit(result=BACK)
                return
            selected = [str(c.value) for c in control.get_selected_values() if c.value != _BACK_CHOICE]
            message = interview.check_choices(step, selected)
            control.submission_attempted = True
            if message is not None:
                error = FormattedText([("class:error", message)])
                control.error_message = error  # type: ignore[assignment]  # questionary types it as None
                return
            control.error_message = None
            event.app.exit(result=selected)

        app.key_bindings = merge_key_bindings([bindings or KeyBindings(), finish])
        _refusal_under_question(app, control)
        answer = self._run(_backable(question), step.ref)
        if answer is BACK:
            return BACK
        labels = [form_text(o.label, o.label_en) for o in options if o.id in answer]
        self.notice(t("  Đã chọn: ") + ("; ".join(labels) if labels else t("(không chọn)")), "class:answer")
        return list(answer)

    def _text_step(self, interview: Interview, step: Step) -> Any:
        confirmed = _default_text(interview, step, interview.default(step))
        default = self.typed.get(step.key, confirmed)
        hints = [t(HINT_KIND[step.kind])] if step.kind in HINT_KIND else []
        choices = interview.form.respondent[step.key[1]].choices if step.kind == "listed" else []
        if choices:
            # Form 149's example ("da nang") where the list has it, else the first name of the list.
            example = next((o for o in choices if o.id == "da_nang"), choices[0])
            hints.append(t(HINT_LISTED, example=province_key(example.label)))
        if step.warning is not None:  # the warning, next to the answer it is about
            text = t("⚠ Cảnh báo ({id}): {message}", id=step.warning.id, message=step.warning.text)
            self._print([("class:warning", "\n".join(wrap(text, self.width(), "  ", "    ")))])
            hints = [t(HINT_CONFIRM)]
        if step.kind == "integer" and step.item is not None:
            low, high = step.item.min, step.item.max
            if isinstance(low, int) and isinstance(high, int):
                hints = [t("số nguyên từ {low} đến {high}", low=low, high=high)]
        if not step.required:
            hints.append(t(HINT_OPTIONAL))
        if step.help:
            hint = t("Gợi ý: {help}", help=step.help)
            self._print([("class:help", "\n".join(wrap(hint, self.width(), "  ", "  ")))])
        long = step.kind == "long_text"
        hint = t(HINT_LONG) if long else "" if step.kind == "confirm" else t(HINT_TEXT)
        if not interview.can_go_back():  # the first question: nowhere to go back to
            hint = hint.replace(t("; Esc: quay lại"), "")
        if default:
            hint += t("; Ctrl-U: xóa hết ô")
        if hint := hint.removeprefix("; "):
            hints.append(hint)
        self._print(
            [("class:instruction", "\n".join(wrap("(" + "; ".join(hints) + ")", self.width(), "  ", "  ")))]
        )
        completer = ChoiceCompleter(choices) if choices else None
        answer = self._text(
            f"{step.ref}:",
            default=default,
            validate=lambda text: interview.parse(step, text)[1] or True,
            instruction="\n" if long else "",
            multiline=long,
            completer=completer,
            key=step.key,
            confirmed=confirmed,
            label=step.ref,
        )
        if answer is BACK:
            return BACK
        value, message = interview.parse(step, answer)
        if message is not None:  # the prompt validated it already; never store what the validator rejects
            self.notice(message, "class:error")
            return self._text_step(interview, step)
        if step.kind == "listed" and value is not None:
            self.notice(f"  → {interview.form.respondent[step.key[1]].choice_label(value)}", "class:done")
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
        key: StepKey | None = None,
        confirmed: str = "",
        label: str = "",
    ) -> Any:
        bindings: KeyBindingsBase = merge_key_bindings([_back_bindings(), _box_bindings(multiline)])
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
            validate_while_typing=False,  # judged on Enter: no red phone number before its 10th digit
            input_processors=[WordWrap()],
            prompt_continuation=None if multiline else "  ",  # a one-line box's wrapped lines, as the label's
            **extra,
        )
        question.application.ttimeoutlen = ESC_TIMEOUT
        _wrap_question_line(question.application, keep_instruction=True)
        _wrap_validation_message(question.application)
        buffer = question.application.current_buffer
        _keep_nfc(buffer)
        try:
            answer = self._run(question, label)
        except BaseException:  # Ctrl-C, Ctrl-D, a closed terminal, a signal: the text typed is kept
            self._keep_typed(key, buffer.text, confirmed)
            raise
        if answer is BACK:
            self._keep_typed(key, buffer.text, confirmed)
        elif key is not None:
            self.typed.pop(key, None)  # confirmed: it is an answer now
        return answer

    def _keep_typed(self, key: StepKey | None, text: str, confirmed: str) -> None:
        if key is None:
            return
        if text.strip() and unicodedata.normalize("NFC", text) != confirmed:
            self.typed[key] = unicodedata.normalize("NFC", text)
        else:
            self.typed.pop(key, None)

    def _wrap_choice(self, title: str, indent: int) -> str:
        room = max(20, self.width() - indent - 1)
        return "\n".join(wrap(title, room, "", " " * (indent + 2)))

    # --- review, edit, decisions -------------------------------------------------------------------

    def review(self, items: list[ReviewItem], *, complete: bool, output: str) -> str | object:
        """The review on one screen: the actions, then one line per question that scrolls (↑↓, PgUp/PgDn),
        the full answer of the line under the pointer below the list; Enter on a line changes that answer."""
        self._section = None
        width = self.width()
        heading = t("── XEM LẠI PHIẾU ")
        self._print([("", "\n"), ("class:section", heading + "─" * max(2, width - display_width(heading)))])
        missing = [item.ref for item in items if item.mark == MISSING]
        if missing:
            self.notice(
                t(
                    "Còn {count} câu chưa trả lời (✗): {questions}.",
                    count=len(missing),
                    questions=", ".join(missing),
                ),
                "class:error",
            )
        if complete:
            first = Choice(t("Lưu phiếu vào {output}", output=output), value="save")
            message = t("Phiếu đã đủ câu trả lời. Bạn muốn:")
        else:
            first = Choice(t("Trả lời các câu còn thiếu"), value="continue")
            message = t("Phiếu còn câu chưa trả lời. Bạn muốn:")
        choices: list[Any] = [
            first,
            Choice(t("Sửa một câu trả lời (gõ số câu)"), value="edit"),
            Choice(t("← Quay lại câu cuối"), value="back"),
            Separator(
                t(
                    "   ── Các câu: {answered} đã trả lời, {missing} chưa trả lời, {na} không áp dụng ──",
                    answered=ANSWERED,
                    missing=MISSING,
                    na=NOT_APPLICABLE,
                )
            ),
        ]
        # The missing ones first, where the list opens: on a long form they would be pages down.
        for group in ([i for i in items if i.mark == MISSING], [i for i in items if i.mark != MISSING]):
            if group and len(choices) > 4:
                choices.append(Separator(t("   ── các câu khác, theo thứ tự trên phiếu ──")))
            choices += [Choice(item.line(width - 4), value=JUMP + item.target) for item in group]
        question = questionary.select(message, choices=choices, instruction=t(HINT_REVIEW), style=STYLE)
        _review_details(question, items)
        answer: str | object = self._run(_backable(question), "review")
        return answer

    def ask_target(self, interview: Interview) -> Step | object:
        numbers = []
        for step in interview.steps:
            if step.question is not None and step.question.number not in numbers:
                numbers.append(step.question.number)
        words = t(" hoặc ").join(
            f"“{respondent_word(interview.form, key)}”" for key in interview.form.respondent
        )
        hint = t(
            "(gõ số câu in trên phiếu, ví dụ 3đ hoặc 6b.1; {words} cho phần đầu; Esc: về màn hình xem lại)",
            words=words,
        )
        self._print([("class:instruction", "\n".join(wrap(hint, self.width(), "  ", "  ")))])
        answer: object = self._text(
            t("Sửa câu số:"),
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
            instruction=t(HINT_CHOOSE),
            style=STYLE,
        )
        answer: str | object = self._run(_backable(question), message)
        return answer

    def unconfirmed(self) -> dict[StepKey, str]:
        """Text typed in a box and not confirmed, by step (Esc then Ctrl-C loses none of it)."""
        return dict(self.typed)

    def offer(self, typed: dict[StepKey, str]) -> None:
        """Text kept unconfirmed in a draft: shown pre-filled when its step is asked."""
        self.typed.update(typed)


# --- helpers -----------------------------------------------------------------------------------------


def _option_title(option: Option) -> str:
    text = form_text(option.label, option.label_en)
    return t("{label} (ghi rõ)", label=text) if option.other else text


def _default_text(interview: Interview, step: Step, value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    if step.kind == "listed":
        return interview.form.respondent[step.key[1]].choice_label(str(value)) or str(value)
    if step.kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def _back_bindings() -> KeyBindings:
    """A lone Esc -> BACK; an Esc that starts a key sequence (Alt/Option+key, Alt+Backspace, Alt+←, an
    unknown function key) never goes back.

    The terminal sends Alt+b as the two bytes ESC b in one write. prompt_toolkit's input parser holds an ESC
    until the next byte or until ttimeoutlen (ESC_TIMEOUT) passes with none, then hands the keys over
    together. So when the Escape key is processed, a key still waiting in the queue behind it means a
    sequence; an empty queue means the Esc was alone. The eager binding fires only then (no second wait on
    prompt_toolkit's timeoutlen); otherwise the sequence goes to the box's own bindings (Alt+b: a word
    left, Alt+Backspace: delete the word before the cursor) or, when it has none, to a binding that drops it.
    """
    bindings = KeyBindings()
    alone = Condition(lambda: not get_app().key_processor.input_queue)
    in_csi = [False]

    @bindings.add(Keys.Escape, eager=True, filter=alone)
    def _back(event: KeyPressEvent) -> None:
        event.app.exit(result=BACK)

    @bindings.add(Keys.Escape, Keys.Any)
    def _ignore_alt(event: KeyPressEvent) -> None:
        """Alt+key that the prompt does not use: nothing happens (no back, no letter typed)."""

    @bindings.add(Keys.Escape, "[")
    def _unknown_sequence(event: KeyPressEvent) -> None:
        """ESC [ … that the parser did not know (a function key of some terminal): drop it to its end."""
        in_csi[0] = True

    @bindings.add(Keys.Any, eager=True, filter=Condition(lambda: in_csi[0]))
    def _sequence_byte(event: KeyPressEvent) -> None:
        data = event.data or ""
        if not data or not ("0" <= data <= "?" or " " <= data <= "/"):  # its final byte, or not one of it
            in_csi[0] = False

    return bindings


def _backable(question: questionary.Question) -> questionary.Question:
    """Add Esc -> BACK to a select or checkbox (their key bindings are fixed when they are built)."""
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), _back_bindings()])
    app.ttimeoutlen = ESC_TIMEOUT
    _wrap_question_line(app)
    return question


def _columns() -> int:
    """The running prompt's window width."""
    try:
        return int(get_app().output.get_size().columns)
    except Exception:  # a console that cannot say its size
        return 80


def _error_lines(message: str) -> list[str]:
    """A refusal wrapped to the window's width, under the prompt."""
    return wrap(message, max(20, _columns() - 3), "  ", "  ")


def _wrap_fragments(fragments: StyleAndTextTuples, width: int, indent: str = "  ") -> StyleAndTextTuples:
    """Styled text wrapped at spaces to *width* columns, the lines after the first indented; a line break in
    the text stays one. A word wider than a line is cut."""
    chars = [(fragment[0], char) for fragment in fragments for char in fragment[1]]
    wrapped: StyleAndTextTuples = []
    x = 0
    for index, (style, char) in enumerate(chars):
        if char == "\n":
            wrapped.append((style, char))
            x = 0
            continue
        if char == " " and x > len(indent):
            word = 0
            for _, following in chars[index + 1 :]:
                if following in " \n":
                    break
                word += get_cwidth(following)
            if word and x + 1 + word > width:  # the next word goes on the next line, this space with it
                wrapped.append((style, "\n" + indent))
                x = len(indent)
                continue
        if x + get_cwidth(char) > width:
            wrapped.append((style, "\n" + indent))
            x = len(indent)
        wrapped.append((style, char))
        x += get_cwidth(char)
    return wrapped


def _wrap_question_line(app: Any, *, keep_instruction: bool = False) -> None:
    """The question line ("? Câu 3a: (↑↓ rồi Enter…)", then "? Câu 3a: <the answer>") wrapped at spaces.

    prompt_toolkit wraps it at whatever character reaches the window's edge ("Họ và t" / "ên"), and an
    option's title, wrapped for the list, would keep its line breaks in the answer. Once answered, a checkbox's
    line drops its instruction (the choice is said below it; a text box keeps its own, *keep_instruction*) and
    a choice's title is one line again.
    """
    session = next(
        (
            owner
            for window in app.layout.find_all_windows()
            if isinstance(prefix := window.get_line_prefix, functools.partial)
            and isinstance(owner := getattr(prefix.func, "__self__", None), PromptSession)
        ),
        None,
    )
    if session is None:  # not a layout this knows
        return
    message = session.message

    def wrapped() -> StyleAndTextTuples:
        fragments: StyleAndTextTuples = to_formatted_text(message)
        if get_app().is_done:
            fragments = [
                (fragment[0], " ".join(fragment[1].split()) if "answer" in fragment[0] else fragment[1])
                for fragment in fragments
                if keep_instruction or "instruction" not in fragment[0]
            ]
        return _wrap_fragments(fragments, max(20, _columns() - 1))

    session.message = wrapped


def _refusal_under_question(app: Any, control: InquirerControl) -> None:
    """Draw a checkbox's refusal right under its question line, wrapped, in every terminal.

    questionary draws it as the bottom toolbar of a second prompt layout, which lands on the window's last row
    (or nowhere, when the terminal does not answer cursor-position requests): to the person Enter did nothing.
    """
    container = app.layout.container
    if not isinstance(container, HSplit) or len(container.children) != 4:  # not the layout this knows
        return

    def text() -> FormattedText:
        error = control.error_message
        message = "".join(part[1] for part in error) if error else ""
        return FormattedText([("class:error", "\n".join(_error_lines(message)))])

    refusal = ConditionalContainer(
        Window(FormattedTextControl(text), dont_extend_height=True, wrap_lines=True),
        filter=Condition(lambda: control.error_message is not None) & ~is_done,
    )
    question, choices, search, _toolbar = container.children
    container.children[:] = [question, refusal, choices, search]


def _review_details(question: questionary.Question, items: list[ReviewItem]) -> None:
    """Under the review's list: the full answer of the question under the pointer; PgUp/PgDn move by a page."""
    app = question.application
    container = app.layout.container
    control = next(
        (w.content for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)), None
    )
    if not isinstance(container, HSplit) or control is None:
        return
    by_value = {JUMP + item.target: item for item in items}

    def text() -> FormattedText:
        item = by_value.get(str(control.get_pointed_at().value))
        if item is None:
            return FormattedText([])
        try:
            rows = get_app().output.get_size().rows
        except Exception:  # a console that cannot say its size
            rows = 24
        return FormattedText([("class:help", "\n".join(item.excerpt(max(3, rows // 3))))])

    details = ConditionalContainer(
        Window(FormattedTextControl(text), dont_extend_height=True), filter=~is_done
    )
    container.children.insert(2, details)
    pages = KeyBindings()

    def move(step: int) -> None:  # by *step* lines, stopping at either end (no wrapping round)
        valid = [i for i, c in enumerate(control.choices) if not isinstance(c, Separator) and not c.disabled]
        position = valid.index(control.pointed_at) if control.pointed_at in valid else 0
        control.pointed_at = valid[min(max(position + step, 0), len(valid) - 1)]

    @pages.add(Keys.PageDown)
    def _page_down(event: KeyPressEvent) -> None:
        move(10)

    @pages.add(Keys.PageUp)
    def _page_up(event: KeyPressEvent) -> None:
        move(-10)

    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), pages])


def _wrap_validation_message(app: Any) -> None:
    """A text prompt's refusal on as many lines as it needs (prompt_toolkit's toolbar is one line, cut at the
    window's width: "Có 7 tỉnh, thành phố khớp: … Tỉnh Hà"), right under the box (the box does not stretch
    to the window's bottom and push the message away)."""
    for window in app.layout.find_all_windows():
        content = window.content
        if isinstance(content, BufferControl) and content.buffer is app.current_buffer:
            window.dont_extend_height = Condition(lambda: True)
        source = getattr(getattr(content, "text", None), "__qualname__", "")
        if isinstance(content, FormattedTextControl) and source.startswith("ValidationToolbar."):

            def text() -> FormattedText:
                error = get_app().current_buffer.validation_error
                message = error.message if error is not None else ""
                return FormattedText([("class:error", "\n".join(_error_lines(message)))])

            window.content = FormattedTextControl(text)
            window.height = None
            window.wrap_lines = Condition(lambda: True)
            window.dont_extend_height = Condition(lambda: True)


def _input_pending() -> bool:
    """Whether more keys are already waiting behind the one being handled: a paste, not a person typing."""
    app = get_app()
    if any(press.key != Keys.CPRResponse for press in app.key_processor.input_queue):
        return True
    if os.name != "posix":  # select() takes only sockets on Windows; the queue above is what is known
        return False
    try:
        ready, _, _ = select.select([app.input.fileno()], [], [], 0)
    except (OSError, ValueError, NotImplementedError):
        return False
    return bool(ready)


# A word for Alt+b / Alt+f / Alt+Backspace / Alt+d: letters of any script. prompt_toolkit's own word is ASCII
# ([a-zA-Z0-9_]+), so in "tốt" it stops at "ố": Alt+Backspace took one letter, Alt+b moved by one.
_WORD = re.compile(r"\w+|[^\w\s]+")


def _word_start_before(document: Document) -> int:
    """Where the word before the cursor starts, relative to the cursor (0 or less)."""
    before = document.text_before_cursor
    words = list(_WORD.finditer(before))
    return (words[-1].start() if words else 0) - len(before)


def _word_end_after(document: Document) -> int:
    """Where the word after the cursor ends, relative to the cursor (0 or more)."""
    after = document.text_after_cursor
    word = _WORD.search(after)
    return word.end() if word else len(after)


def _box_bindings(multiline: bool) -> KeyBindings:
    """Ctrl-U clears the whole box (a long pre-filled answer to replace); Alt/Option with b, f, ←, →,
    Backspace, d (and Ctrl-←/→) move or delete by Vietnamese words; in a one-line box, a line break inside a
    paste becomes a space instead of confirming a part of it."""
    bindings = KeyBindings()

    @bindings.add("c-u")
    def _clear(event: KeyPressEvent) -> None:
        event.current_buffer.text = ""

    @bindings.add("escape", "b")
    @bindings.add("escape", "left")
    @bindings.add("c-left")
    def _word_left(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        buffer.cursor_position += _word_start_before(buffer.document)

    @bindings.add("escape", "f")
    @bindings.add("escape", "right")
    @bindings.add("c-right")
    def _word_right(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        buffer.cursor_position += _word_end_after(buffer.document)

    @bindings.add("escape", "backspace")
    def _delete_word_before(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        buffer.delete_before_cursor(-_word_start_before(buffer.document))

    @bindings.add("escape", "d")
    def _delete_word_after(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        buffer.delete(_word_end_after(buffer.document))

    if not multiline:

        @bindings.add(Keys.Enter, eager=True, filter=Condition(_input_pending))
        def _pasted_line_break(event: KeyPressEvent) -> None:
            event.current_buffer.insert_text(" ")

    return bindings


def _finish_on_empty_line() -> KeyBindings:
    """Long text: Enter on an empty last line (or in an empty box) submits; elsewhere Enter is a new line."""
    bindings = KeyBindings()

    @Condition
    def on_empty_last_line() -> bool:
        document = get_app().current_buffer.document
        at_end = document.is_cursor_at_the_end and (not document.text or document.text.endswith("\n"))
        # A blank line inside a paste (a terminal without bracketed paste sends it as keys) is not the end:
        # the rest of the paste is waiting, and must not become the answers to the next questions.
        return at_end and not _input_pending()

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


class WordWrap(Processor):
    """A text box wraps at spaces: a word that would cross the window's right edge starts on the next line.

    prompt_toolkit 3.0 wraps a line at whatever character reaches the edge ("năm 202" / "0"). This pads the
    line with spaces before such a word, on the screen only: the padding has no place in the buffer, so the
    text saved, editing and the cursor's place in the text are unchanged (source_to_display and
    display_to_source step over it; a click on the padding lands at the word's start). A word wider than a
    whole line is still cut where the edge falls. The widths are the ones prompt_toolkit itself draws with
    (get_cwidth), and the prompt or continuation before each screen line (the window's line prefix) counts.
    """

    def apply_transformation(self, transformation_input: TransformationInput) -> Transformation:
        ti = transformation_input
        prefix = _line_prefix_width(ti.buffer_control, ti.lineno)
        chars = explode_text_fragments(ti.fragments)
        fragments: StyleAndTextTuples = []
        padding: list[tuple[int, int]] = []  # (position in the input line, spaces put before it)
        x, wraps = prefix(0), 0
        for index, fragment in enumerate(chars):
            style, char = fragment[0], fragment[1]
            if "[ZeroWidthEscape]" in style:
                fragments.append(fragment)
                continue
            if not char.isspace() and (index == 0 or chars[index - 1][1].isspace()):  # a word starts
                word, spaced = _word_width(chars, index)
                room = ti.width - x
                fits_next_line = prefix(wraps + 1) + word <= ti.width
                # A word that ends right at the edge with a space after it goes down too: the space would
                # open the next line, indenting it.
                if x > prefix(wraps) and word + spaced > room > 0 and fits_next_line:
                    fragments.append((chars[index - 1][0], " " * room))
                    padding.append((index, room))
                    x = ti.width
            width = get_cwidth(char)
            if x + width > ti.width:  # where the window wraps the line
                wraps += 1
                x = prefix(wraps)
            x += width
            fragments.append(fragment)
        if not padding:
            return Transformation(ti.fragments)

        def source_to_display(position: int) -> int:
            return position + sum(spaces for at, spaces in padding if at <= position)

        def display_to_source(position: int) -> int:
            shift = 0
            for at, spaces in padding:
                if position < at + shift:
                    break
                if position < at + shift + spaces:  # on the padding: the word it moved
                    return at
                shift += spaces
            return position - shift

        return Transformation(fragments, source_to_display, display_to_source)


def _word_width(chars: StyleAndTextTuples, start: int) -> tuple[int, int]:
    """The columns of the word at *start*, and 1 when a space follows it (0 at the end of the line)."""
    width = 0
    for fragment in chars[start:]:
        if fragment[1].isspace():
            return width, 1
        if "[ZeroWidthEscape]" not in fragment[0]:
            width += get_cwidth(fragment[1])
    return width, 0


def _line_prefix_width(control: Any, lineno: int) -> Callable[[int], int]:
    """The columns the window puts before each screen line of source line *lineno*, by wrap count: the
    prompt before the first, the continuation before the others."""
    get_prefix: Callable[[int, int], Any] | None = None
    with contextlib.suppress(Exception):  # no application running (the processor used on its own)
        get_prefix = next(
            (w.get_line_prefix for w in get_app().layout.find_all_windows() if w.content is control), None
        )
    widths: dict[int, int] = {}

    def width(wraps: int) -> int:
        if get_prefix is None:
            return 0
        if wraps not in widths:
            widths[wraps] = fragment_list_width(to_formatted_text(get_prefix(lineno, wraps)))
        return widths[wraps]

    return width


class ChoiceCompleter(Completer):
    """Suggests the names of a list (provinces, ministries…) that contain what was typed, diacritics or not
    ("da nang" -> Đà Nẵng)."""

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
