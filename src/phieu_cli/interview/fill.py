"""`phieu fill`: the guided interview around the state machine (machine.py), its drafts, resume and edit.

The terminal is reached only through a `UI` (prompts.py with questionary, or a test double): this module
decides what happens, never how it is drawn. questionary is imported only when a terminal interview starts.

Files:
- the response is written to OUTPUT (default `tra_loi.json`) once every required answer is there, after the
  review screen, atomically and owner-only;
- the draft is OUTPUT with `.json` replaced by `.draft.json` (`tra_loi.json` -> `tra_loi.draft.json`), written
  the same way after every answer; it is a valid response file with status "draft", removed once the
  response is written. `phieu fill -o OUTPUT` finds it and continues; so does `phieu fill --resume DRAFT`.
- text typed in a box and not confirmed (Esc, then Ctrl-C; a closed terminal: SIGHUP, or the Windows console's
  close event; SIGTERM) goes into the draft's `unconfirmed` field and is offered pre-filled on resume
  (docs/response-format.md).
"""

from __future__ import annotations

import _thread
import contextlib
import copy
import datetime as dt
import json
import os
import re
import shlex
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from phieu_cli import __version__
from phieu_cli.common.errors import Interrupted, InvalidInput, UsageError
from phieu_cli.common.files import atomic_write_text, remove_stale_temps, write_error
from phieu_cli.common.messages import label as form_text
from phieu_cli.common.messages import language, t
from phieu_cli.common.problems import Problem
from phieu_cli.form.check import LoadedForm, load_form_for_use
from phieu_cli.interview.machine import (
    BACK,
    CONFIRM,
    Interview,
    Removed,
    Step,
    StepKey,
    key_of,
    path_of,
)
from phieu_cli.interview.review import JUMP, ReviewItem, review_items, with_warnings
from phieu_cli.responses.format import Response, dump_response, new_response, now, respondent_values
from phieu_cli.responses.jsonfile import JsonFileError, load_json_file
from phieu_cli.responses.validation import check_response

DRAFT_SUFFIX = ".draft.json"
CONFIRMATION_PREFIX = '$.confirmations["'  # where validation names a confirmation's problems
GENERATOR = f"phieu {__version__}"
DEFAULT_OUTPUT = Path("tra_loi.json")

NO_TERMINAL = (
    "phieu fill hỏi từng câu nên cần một cửa sổ dòng lệnh (terminal), nhưng đầu vào hoặc đầu ra đang được "
    "chuyển hướng.\n"
    "Không có terminal? Viết câu trả lời vào một tệp YAML rồi chạy:\n"
    "  phieu fill --answers tra_loi.yaml -o tra_loi.json\n"
    "(cách viết tệp: docs/answers-file.md; ví dụ đầy đủ: examples/answers/ha_noi.yaml)"
)
NO_TERMINAL_WINDOWS = (
    "\nTrên Windows, hãy dùng Windows Terminal, PowerShell hoặc cmd; Git Bash (mintty) và cửa sổ chạy của "
    "IDE không phải là terminal mà phieu dùng được."
)


@dataclass(frozen=True)
class FillOptions:
    output: Path | None = None
    schema: Path | None = None
    resume: Path | None = None
    edit: Path | None = None
    answers: Path | None = None
    force: bool = False


class UI(Protocol):
    """What the interview needs from a terminal. prompts.QuestionaryUI is the real one."""

    def width(self) -> int: ...

    def notice(self, text: str, style: str = "") -> None: ...

    def show_step(self, interview: Interview, step: Step) -> None: ...

    def ask(self, interview: Interview, step: Step) -> Any: ...

    def review(self, items: list[ReviewItem], *, complete: bool, output: str) -> str | object: ...

    def ask_target(self, interview: Interview) -> Step | object: ...

    def choose(self, message: str, choices: Sequence[tuple[str, str]]) -> str | object: ...

    def unconfirmed(self) -> dict[StepKey, str]: ...

    def offer(self, typed: dict[StepKey, str]) -> None: ...


def interactive() -> bool:
    """Whether a person is at a terminal: stdin and stdout both. Tests patch this one function."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def make_ui() -> UI:
    """The questionary adapter, imported only now: `phieu --help` and `phieu validate` never load it."""
    from phieu_cli.interview.prompts import QuestionaryUI

    return QuestionaryUI()


def draft_path_for(output: Path) -> Path:
    """`tra_loi.json` -> `tra_loi.draft.json`; `tra_loi` -> `tra_loi.draft.json`."""
    name = output.name[: -len(".json")] if output.name.lower().endswith(".json") else output.name
    return output.with_name(name + DRAFT_SUFFIX)


def output_for_draft(draft: Path) -> Path | None:
    """`tra_loi.draft.json` -> `tra_loi.json`; None when the name does not say."""
    if draft.name.lower().endswith(DRAFT_SUFFIX) and len(draft.name) > len(DRAFT_SUFFIX):
        return draft.with_name(draft.name[: -len(DRAFT_SUFFIX)] + ".json")
    return None


def run(opts: FillOptions, ui: UI | None = None) -> None:
    """`phieu fill`. Returns when the response is written; raises PhieuError / Interrupted otherwise."""
    chosen = [
        name
        for name, value in (("--resume", opts.resume), ("--edit", opts.edit), ("--answers", opts.answers))
        if value
    ]
    if len(chosen) > 1:
        raise UsageError(t("Chỉ dùng một trong {options}.", options=", ".join(chosen)))
    loaded = load_form_for_use(opts.schema)
    if opts.answers is not None:
        from phieu_cli.interview.answersfile import write_from_answers_file

        write_from_answers_file(loaded, opts.answers, opts.output or DEFAULT_OUTPUT, force=opts.force)
        return
    if ui is None:
        if not interactive():
            raise UsageError(t(NO_TERMINAL) + (t(NO_TERMINAL_WINDOWS) if os.name == "nt" else ""))
        ui = make_ui()
    Filler(loaded, opts, ui).run()


class Filler:
    """One `phieu fill` at a terminal: open the draft or response, interview, review, write."""

    def __init__(self, loaded: LoadedForm, opts: FillOptions, ui: UI) -> None:
        self.loaded = loaded
        self.form = loaded.form
        self.opts = opts
        self.ui = ui
        self.output = opts.output or DEFAULT_OUTPUT
        self.draft = draft_path_for(self.output)
        self.response: Response = new_response(loaded)
        self.iv = Interview(self.form)
        self.overwrite_ok = opts.force
        self.draft_written = False  # a draft holds this session's answers (written now or found)
        self.dirty = False  # an answer not yet in the draft
        self.save_error: str | None = None
        self.edit_mode = False
        self.loaded_from: Path | None = None
        self.saved_unconfirmed: dict[StepKey, str] = {}  # the unconfirmed text the draft holds
        self.lock: Any = None  # common.locks.FileLock while this fill holds the output

    # --- the whole run -----------------------------------------------------------------------------

    def run(self) -> None:
        received: list[str] = []
        finished = threading.Event()  # set once the draft is saved (or there was nothing to save)
        try:
            with stop_on_signals(received, finished):
                self.open()
                self.interview()
                self.finish()
        except Stopped as exc:
            raise Interrupted(self.interrupted_message(exc.key)) from None
        except OSError:
            if not received:
                raise
            # The terminal closed (SIGHUP): drawing on it failed on the way out; the work is saved all the same.
            raise Interrupted(self.interrupted_message(received[0])) from None
        except KeyboardInterrupt:
            raise Interrupted(self.interrupted_message("Ctrl-C")) from None
        except EOFError:  # Ctrl-D in an empty box, or the terminal went away
            raise Interrupted(self.interrupted_message("Ctrl-D")) from None
        finally:
            self.release_lock()
            finished.set()  # a closing Windows console waits for this before the process is ended

    def open(self) -> None:
        opts = self.opts
        notes: list[str] = []
        source: Path | None = None
        if opts.resume is not None:
            self.draft = opts.resume
            guessed = output_for_draft(opts.resume)
            if opts.output is None and guessed is None:
                raise UsageError(
                    t(
                        "Không đoán được tệp kết quả từ tên bản nháp {draft} "
                        "(tên bản nháp thường là TÊN{suffix}): thêm -o TỆP.json.",
                        draft=opts.resume,
                        suffix=DRAFT_SUFFIX,
                    )
                )
            self.output = opts.output or guessed or DEFAULT_OUTPUT
            source = opts.resume
            notes.append(t("Làm tiếp bản nháp {draft}.", draft=opts.resume))
        else:
            if opts.edit is not None:
                self.output = opts.output or opts.edit
                self.draft = draft_path_for(self.output)
                self.edit_mode = True
            if self.draft.exists():
                source = self.draft
                notes.append(
                    t(
                        "Tìm thấy bản nháp {draft}: làm tiếp từ đó (xóa tệp này nếu muốn bắt đầu lại).",
                        draft=self.draft,
                    )
                )
            elif opts.edit is not None:
                source = opts.edit
                notes.append(t("Sửa phiếu {file}: câu trả lời cũ hiện sẵn, Enter để giữ.", file=opts.edit))
        self._check_paths()
        notes += self.take_lock()
        if source is not None:
            self.draft_written = source == self.draft
            notes += self._load(source)
        self._greet_header()  # who asks and how, before any question (the "Tệp … đã có" one included)
        if not self.overwrite_ok and self.output.exists() and not self._same_response(self.output):
            notes += self._confirm_overwrite(at_start=True)
        self._greet(notes)

    def _check_paths(self) -> None:
        for path, what in ((self.output, t("tệp kết quả")), (self.draft, t("bản nháp"))):
            if path.is_dir():
                raise UsageError(t("{path} là một thư mục; {what} phải là một tệp.", path=path, what=what))
            folder = path.parent if str(path.parent) else Path(".")
            if not folder.is_dir():
                raise UsageError(
                    t(
                        "Thư mục {folder} không tồn tại (cần cho {what} {path}).",
                        folder=folder,
                        what=what,
                        path=path,
                    )
                )
            if not os.access(folder, os.W_OK):
                raise UsageError(
                    t(
                        "Không ghi được vào thư mục {folder} (cần cho {what} {path}); dùng -o để chọn chỗ khác.",
                        folder=folder,
                        what=what,
                        path=path,
                    )
                )

    def _load(self, path: Path) -> list[str]:
        """Take the answers of a response or draft file; answers that are not valid are asked again."""
        response, bad, problems, complete = load_for_interview(self.loaded, path)
        if complete and path == self.draft:
            # Drafts are written over: never write one over a finished response.
            raise UsageError(
                t(
                    "{path} là phiếu đã hoàn thành, không phải bản nháp. Để sửa: phieu fill --edit {quoted}",
                    path=path,
                    quoted=_quote(str(path)),
                )
            )
        self.response = response
        self.loaded_from = path
        self.iv = Interview(
            self.form,
            response.answers,
            respondent=response.respondent,
            confirmations=response.confirmations,
        )
        self.iv.stash.update(bad)
        notes = self._offer_unconfirmed(response)
        if problems:
            notes.append(t("Một số câu trả lời trong {path} không hợp lệ và sẽ được hỏi lại:", path=path))
            notes += [f"  – {p.ref or ''} ({p.where}): {p.message}" for p in problems]
        return notes

    def _same_response(self, path: Path) -> bool:
        """Whether *path* holds the response being edited (same form and creation time): writing it back is
        what the person asked for."""
        if self.loaded_from is None:
            return False
        try:
            data = load_json_file(path)
        except (JsonFileError, UsageError):
            return False
        form = data.get("form")
        try:
            created = dt.datetime.fromisoformat(str(data.get("created_at")))
        except ValueError:
            return False
        return (
            isinstance(form, dict)
            and form.get("id") == self.response.form.id
            and created == self.response.created_at
        )

    def _confirm_overwrite(self, *, at_start: bool) -> list[str]:
        fresh = at_start and self.opts.resume is None and self.opts.edit is None and not self.draft_written
        choices = []
        if fresh and _is_response(self.loaded, self.output):
            choices.append(
                ("edit", t("Sửa phiếu đã có trong {output} (câu trả lời cũ hiện sẵn)", output=self.output))
            )
        choices += [
            ("overwrite", t("Điền tiếp, khi lưu sẽ ghi đè {output}", output=self.output)),
            ("quit", t("Thoát, không làm gì (dùng -o TÊN_KHÁC.json để lưu vào tệp khác)")),
        ]
        answer = self.ui.choose(t("Tệp {output} đã có.", output=self.output), choices)
        if answer == "edit":
            self.edit_mode = True
            self.overwrite_ok = True
            return [
                t("Sửa phiếu {file}: câu trả lời cũ hiện sẵn, Enter để giữ.", file=self.output),
                *self._load(self.output),
            ]
        if answer == "overwrite":
            self.overwrite_ok = True
            return []
        if at_start:
            raise UsageError(
                t("Không ghi đè {output}. Chọn tệp khác: phieu fill -o TÊN_KHÁC.json", output=self.output)
            )
        self.dirty = True
        self.save_draft()  # the answers stay: they can go to another file
        raise UsageError(
            t(
                "Không ghi đè {output}. Câu trả lời vẫn ở bản nháp {draft}; để lưu vào tệp khác:\n  {command}",
                output=self.output,
                draft=self.draft,
                command=self.resume_command(output=t("TÊN_KHÁC.json")),
            )
        )

    def _greet_header(self) -> None:
        meta = self.form.form
        issuer = form_text(meta.issuer, meta.issuer_en)
        self.ui.notice(issuer + (f" — {meta.letter.number}" if meta.letter else ""), "class:title")
        self.ui.notice(" ".join(form_text(meta.title, meta.title_en).split()), "class:title")
        self.ui.notice(
            t(
                "Phím: ↑↓ để chọn, Enter để xác nhận; Esc hoặc “← Quay lại” để về câu trước; "
                "Ctrl-U để xóa hết một ô; Ctrl-C để dừng (câu trả lời đã lưu nháp, làm tiếp sau)."
            )
        )
        self.ui.notice(t("Câu trả lời được lưu nháp sau mỗi câu vào: {draft}", draft=self.draft))

    def _greet(self, notes: list[str]) -> None:
        for note in notes:
            self.ui.notice(note, "class:notice")
        if self.edit_mode and self.iv.first_unanswered() is None:
            how = self.ui.choose(
                t("Phiếu đã đủ câu trả lời. Bạn muốn:"),
                [
                    ("review", t("Xem lại phiếu rồi chọn câu cần sửa theo số câu")),
                    ("all", t("Đi lần lượt từng câu từ đầu (Enter để giữ câu trả lời cũ)")),
                ],
            )
            if how == "all":
                self.iv.go_to(self.iv.steps[0])
        elif (step := self.iv.current) is not None and (self.iv.answers or any(self.iv.respondent.values())):
            self.ui.notice(t("Tiếp tục từ: {step}.", step=step.ref), "class:notice")

    # --- asking ------------------------------------------------------------------------------------

    def interview(self) -> None:
        iv, ui = self.iv, self.ui
        shown: object = None
        while True:
            step = iv.current
            if step is None:
                shown = None
                if self.review():
                    return
                continue
            header = step.question_id or "@respondent"
            if header != shown:
                ui.show_step(iv, step)
                shown = header
            value = ui.ask(iv, step)
            if value is BACK:
                self._keep_unconfirmed()
                if not iv.back():
                    ui.notice(t("Đây là câu đầu tiên."), "class:notice")
                continue
            removed = iv.answer(value)
            self.dirty = True
            self.save_draft()
            if removed:
                self._say_removed(removed)

    def _say_removed(self, removed: list[Removed]) -> None:
        listed = "; ".join(str(r) for r in removed)
        self.ui.notice(
            t(
                "Đã bỏ câu trả lời không còn áp dụng: {listed}. (Nếu chọn lại, nội dung cũ sẽ hiện sẵn.)",
                listed=listed,
            ),
            "class:notice",
        )

    def review(self) -> bool:
        """The review screen. True when the person confirmed saving."""
        from phieu_cli.documents.layout import build

        iv = self.iv
        fired = iv.fired()
        complete = not iv.problems(fired)
        doc = build(
            self.form,
            iv.clean_answers(),
            respondent=iv.respondent,
            status="complete" if complete else "draft",
        )
        width = self.ui.width()
        items = with_warnings(review_items(doc, width), fired, width)
        if fired:
            waiting = [w for w in fired if w.reason is None]
            self.ui.notice(
                t("Cảnh báo: {count} đã xác nhận lý do", count=len(fired) - len(waiting))
                + (
                    t(
                        ", {count} chưa ({questions})",
                        count=len(waiting),
                        questions=", ".join(w.ref for w in waiting),
                    )
                    if waiting
                    else ""
                )
                + t(" (⚠ trong danh sách)."),
                "class:notice",
            )
        action = self.ui.review(items, complete=complete, output=str(self.output))
        if action == "save":
            if complete:
                return True
            action = "continue"
        if action == "continue":
            iv.resume()
            if iv.current is None:  # nothing left to ask but still not complete: say why
                for problem in iv.problems():
                    self.ui.notice(problem.render(), "class:error")
        elif action == "edit":
            target = self.ui.ask_target(iv)
            if isinstance(target, Step):
                iv.edit(target)
        elif isinstance(action, str) and action.startswith(JUMP):  # a question picked in the review's list
            step, message = iv.find_target(action[len(JUMP) :])
            if step is not None:
                iv.edit(step)
            elif message:
                self.ui.notice(message, "class:notice")
        elif action == "back" or action is BACK:
            iv.back()
        return False

    # --- files -------------------------------------------------------------------------------------

    def _fill_envelope(self, response: Response) -> None:
        response.respondent = respondent_values(self.form, self.iv.respondent)
        response.generator = GENERATOR  # this phieu wrote it, whichever made the file first
        response.updated_at = max(now(), response.created_at)

    def _draft_response(self) -> Response:
        """The answers so far as a draft response (a copy: the interview goes on changing its own)."""
        response = self.response.model_copy(deep=True)
        self._fill_envelope(response)
        response.answers = json.loads(json.dumps(self.iv.answers, ensure_ascii=False))  # plain JSON values
        response.confirmations = copy.deepcopy(self.iv.confirmations)
        response.status = "draft"
        response.completed_at = None
        return response

    def save_draft(self) -> bool:
        """Write the draft now (atomic, owner-only). A failure is said, never raised: the interview goes on."""
        response = self._draft_response()
        typed = self.ui.unconfirmed()
        response.unconfirmed = {path_of(key): text for key, text in typed.items()}
        try:
            atomic_write_text(self.draft, dump_response(response), private=True)
        except OSError as exc:
            self.save_error = write_error(exc)
            self.say_draft_not_saved()
            return False
        if self.save_error is not None:
            self.ui.notice(
                t("Đã lưu được bản nháp {draft}: mọi câu trả lời đến giờ đã được giữ.", draft=self.draft),
                "class:done",
            )
        self.save_error = None
        self.draft_written = True
        self.dirty = False
        self.saved_unconfirmed = typed
        return True

    def finish(self) -> None:
        response = self.response.model_copy(deep=True)
        self._fill_envelope(response)
        response.answers = self.iv.clean_answers()
        response.confirmations = copy.deepcopy(self.iv.confirmations)
        response.status = "complete"
        response.completed_at = response.updated_at
        response.unconfirmed = {}
        text = dump_response(response)
        report = check_response(self.loaded, json.loads(text), file=str(self.output), require_complete=True)
        if report.problems:
            raise InvalidInput(
                t("Phiếu chưa hợp lệ nên chưa được ghi; {where}.", where=self.where_answers_are()),
                report.problems,
            )
        if self.output.exists() and not self.overwrite_ok and not self._same_response(self.output):
            self._confirm_overwrite(at_start=False)
        try:
            atomic_write_text(self.output, text, private=True)
        except OSError as exc:
            self.output = self.save_elsewhere(text, write_error(exc))
        if self.draft != self.output and self.draft.exists():
            try:
                self.draft.unlink()
            except OSError as exc:
                self.ui.notice(
                    t("Không xóa được bản nháp {draft}: {reason}", draft=self.draft, reason=write_error(exc)),
                    "class:error",
                )
        self.ui.notice(t("Đã lưu phiếu hoàn thành vào {output}.", output=self.output), "class:done")
        self.ui.notice(t("Kiểm tra lại bất cứ lúc nào: phieu validate {file}", file=_quote(str(self.output))))
        export = f"phieu export {_quote(str(self.output))} -o {_quote(str(self.output.with_suffix('.docx')))}"
        self.ui.notice(t("In văn bản để ký: {command}", command=export + _lang_words()))

    # --- interruption ------------------------------------------------------------------------------

    def interrupted_message(self, key: str = "Ctrl-C") -> str:
        typed = self.ui.unconfirmed()
        if typed != self.saved_unconfirmed:
            self.dirty = True  # the draft gets the text being typed, unconfirmed
        message = self._interrupted_message().replace("(Ctrl-C)", f"({key})", 1)
        if typed:
            if self.saved_unconfirmed == typed and self.save_error is None:
                message += "\n" + t(
                    "Nội dung đang gõ dở, chưa xác nhận, cũng được giữ trong bản nháp và sẽ hiện sẵn khi làm tiếp:"
                )
            else:
                message += "\n" + t("Nội dung đang gõ dở chưa được lưu (chép lại nếu cần):")
            for step_key, text in typed.items():
                message += f"\n  {self._ref(step_key)}: {text}"
        return message

    # --- text typed and not confirmed --------------------------------------------------------------

    def _ref(self, key: StepKey) -> str:
        step = self.iv.step_for(key)
        return step.ref if step is not None else path_of(key)

    def _offer_unconfirmed(self, response: Response) -> list[str]:
        """The unconfirmed text a draft holds goes back to the boxes it was typed in."""
        typed = {
            key: text for path, text in response.unconfirmed.items() if (key := key_of(path)) is not None
        }
        if not typed:
            return []
        self.ui.offer(typed)
        self.saved_unconfirmed = dict(typed)
        refs = ", ".join(self._ref(key) for key in typed)
        return [
            t(
                "Nội dung đang gõ dở, chưa xác nhận ({refs}) sẽ hiện sẵn ở câu đó: sửa nếu cần rồi Enter.",
                refs=refs,
            )
        ]

    def _keep_unconfirmed(self) -> None:
        """After Esc: text left in a box goes into the draft at once (a crash keeps it too)."""
        if self.ui.unconfirmed() != self.saved_unconfirmed:
            self.save_draft()

    def _interrupted_message(self) -> str:
        if self.dirty and not self.save_draft():
            fallback = Path(tempfile.gettempdir()) / self.draft.name
            try:
                self.draft = fallback
                self.save_draft()
            except (OSError, KeyboardInterrupt):  # pragma: no cover - disk gone as well
                pass
            if self.dirty:  # neither place took it: name no file, give the answers themselves
                return t(
                    "Đã dừng (Ctrl-C). Không lưu được bản nháp (cả ở thư mục tạm). Các câu trả lời lần này, "
                    "chép lại để không mất:\n{answers}",
                    answers=self.answers_text(),
                )
        if not self.draft_written:
            if self.edit_mode:
                return t("Đã dừng (Ctrl-C). Tệp {output} không thay đổi.", output=self.output)
            return t("Đã dừng (Ctrl-C). Chưa có câu trả lời nào nên chưa có bản nháp.")
        return t(
            "Đã dừng (Ctrl-C). Các câu trả lời đã được lưu trong bản nháp:\n  {draft}\n"
            "Để làm tiếp từ câu chưa trả lời, chạy:\n  {command}",
            draft=self.draft.resolve(),
            command=self.resume_command(),
        )

    def resume_command(self, output: str | None = None) -> str:
        """The command that continues this draft, as the person can copy it."""
        parts = [*program_words(), "fill", "--resume", str(self.draft)]
        if self.opts.schema is not None:
            parts += ["--schema", str(self.opts.schema)]
        if output is not None:
            parts += ["-o", output]
        elif output_for_draft(self.draft) != self.output:
            parts += ["-o", str(self.output)]
        return " ".join(_quote(p) for p in parts) + _lang_words()

    # --- one fill per output: the lock ---------------------------------------------------------------

    def take_lock(self) -> list[str]:
        """Hold OUTPUT's lock for the whole run (common.locks); then remove the temp files a killed run left.

        Refuses (UsageError) while another live phieu fills the same output; a lock whose process is gone
        (a crash, kill -9) is taken over. A folder that cannot hold the lock file is said, not fatal."""
        from phieu_cli.common.locks import FileLock, LockHeld

        lock = FileLock(self.output)
        try:
            lock.acquire()
        except LockHeld as exc:
            raise UsageError(
                t(
                    "Phiếu {output} đang được điền ở một cửa sổ khác ({holder}). Hai người "
                    "điền cùng một tệp thì câu trả lời của một người sẽ mất: hãy điền tiếp ở cửa sổ đó, hoặc dùng "
                    "-o TÊN_KHÁC.json. Nếu chắc chắn không còn ai điền (máy kia đã tắt), xóa tệp khóa {lock} "
                    "rồi chạy lại.",
                    output=self.output,
                    holder=exc.holder.describe(),
                    lock=exc.path,
                )
            ) from None
        except OSError as exc:
            return [
                t(
                    "Không tạo được tệp khóa {lock} ({reason}): đừng mở phiếu này ở cửa sổ khác.",
                    lock=lock.path,
                    reason=write_error(exc),
                )
            ]
        self.lock = lock
        notes = []
        if lock.took_over is not None:
            notes.append(
                t(
                    "Lần điền trước ({holder}) đã dừng đột ngột; tiếp tục từ bản nháp nếu có.",
                    holder=lock.took_over.describe(),
                )
            )
        for path in (self.draft, self.output):
            remove_stale_temps(path)
        return notes

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # --- when a file cannot be written (a full disk, a folder that became read-only) ----------------

    def say_draft_not_saved(self) -> None:
        """Said at every answer that could not be saved: the person must know before walking away."""
        self.ui.notice(
            t(
                "CHƯA LƯU ĐƯỢC bản nháp {draft}: {reason}. Các câu trả lời vẫn còn trong cửa sổ "
                "này (đừng đóng nó); phieu thử lưu lại sau mỗi câu, và khi xong sẽ cho chọn chỗ lưu khác.",
                draft=self.draft,
                reason=self.save_error,
            ),
            "class:error",
        )

    def where_answers_are(self) -> str:
        """Where this session's answers are kept, naming a file only when it exists and holds them all."""
        if not self.dirty and self.draft_written and self.draft.exists():
            return t(
                "câu trả lời vẫn ở bản nháp {draft}; làm tiếp: {command}",
                draft=self.draft,
                command=self.resume_command(),
            )
        return t(
            "bản nháp chưa lưu được; các câu trả lời, chép lại để không mất:\n{answers}",
            answers=self.answers_text(),
        )

    def answers_text(self) -> str:
        """The draft as JSON, to print when no file can hold it."""
        return dump_response(self._draft_response())

    def save_elsewhere(self, text: str, reason: str) -> Path:
        """OUTPUT could not be written: offer other places until one takes the response. Returns where it went.

        The last choice prints the response on the screen, so that even with every disk full nothing typed
        is lost."""
        self.ui.notice(t("Không ghi được {file}: {reason}.", file=self.output, reason=reason), "class:error")
        tried = reason
        while True:
            places = _other_places(self.output)
            choices = [("retry", t("Thử lại {output} (sau khi đã giải phóng chỗ trống)", output=self.output))]
            choices += [(str(p), t("Lưu vào {path}", path=p)) for p in places]
            choices.append(("print", t("In phiếu ra màn hình để chép lại (không lưu tệp)")))
            answer = self.ui.choose(
                t("Phiếu đã xong nhưng chưa lưu được ({tried}). Lưu vào đâu?", tried=tried), choices
            )
            if answer not in {key for key, _ in choices}:  # Esc: there is no question to go back to
                continue
            if answer == "print":
                raise UsageError(
                    t(
                        "Phiếu chưa được lưu vào tệp nào. Nội dung phiếu, chép lại vào một tệp .json:\n{text}",
                        text=text,
                    )
                )
            target = self.output if answer == "retry" else Path(str(answer))
            try:
                atomic_write_text(target, text, private=True)
            except OSError as exc:
                tried = f"{target}: {write_error(exc)}"
                self.ui.notice(
                    t("Không ghi được {file}: {reason}.", file=target, reason=write_error(exc)), "class:error"
                )
                continue
            return target


def _other_places(output: Path) -> list[Path]:
    """Folders other than OUTPUT's where a response may fit: the home folder (and its Documents), the temp
    folder. Each once, OUTPUT's own folder left out."""
    here = (output.parent if str(output.parent) else Path(".")).resolve()
    places: list[Path] = []
    home = Path.home()
    for folder in (home / "Documents", home, Path(tempfile.gettempdir())):
        with contextlib.suppress(OSError):
            resolved = folder.resolve()
            if folder.is_dir() and resolved != here and resolved not in {p.parent for p in places}:
                places.append(resolved / output.name)
    return places


class Stopped(KeyboardInterrupt):
    """The interview was stopped by a signal (a closed terminal window, SIGTERM): like Ctrl-C."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


STOP_SIGNALS = {"SIGHUP": "cửa sổ dòng lệnh đã đóng", "SIGTERM": "SIGTERM"}

# Windows console control events that end the process (SetConsoleCtrlHandler): what stopped the interview.
CONSOLE_CLOSE_EVENTS = {2: "cửa sổ dòng lệnh đã đóng", 5: "người dùng đăng xuất", 6: "máy đang tắt"}
CLOSE_WAIT = 4.5  # seconds: Windows ends a process about 5 s after a close event, whatever its handler does


class ConsoleClose:
    """Windows: closing the console window (CTRL_CLOSE_EVENT; logging off, shutting down) stops the interview
    as SIGHUP does on other systems, through the same path: the answers and the text being typed go into the
    draft.

    Windows calls the handler on a thread of its own, and ends the process as soon as it returns (or about
    5 s after the event). So the handler raises the stop in the main thread, as a SIGTERM there would
    (stop_on_signals' handler), then waits until *finished* says the draft is saved. Ctrl-C and Ctrl-Break
    are left to Python (False: not handled here), which turns them into KeyboardInterrupt.
    """

    def __init__(
        self,
        received: list[str],
        finished: threading.Event,
        interrupt: Callable[[signal.Signals], None] = _thread.interrupt_main,
    ) -> None:
        self.received = received
        self.finished = finished
        self.interrupt = interrupt

    def __call__(self, event: int) -> bool:
        if event not in CONSOLE_CLOSE_EVENTS:
            return False
        if not self.received:
            self.received.append(t(CONSOLE_CLOSE_EVENTS[event]))
            self.interrupt(signal.SIGTERM)
        self.finished.wait(CLOSE_WAIT)
        return True


def watch_console_close(handler: Callable[[int], bool]) -> Callable[[], None] | None:
    """Install *handler* as a Windows console control handler; returns what removes it. None elsewhere (or
    when the console refuses it: the interview goes on without)."""
    if sys.platform != "win32":
        return None
    import ctypes  # only on Windows, only for `phieu fill` at a terminal
    from ctypes import wintypes

    callback = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.DWORD)(lambda event: bool(handler(event)))
    kernel32 = ctypes.windll.kernel32
    if not kernel32.SetConsoleCtrlHandler(callback, True):
        return None
    return lambda: kernel32.SetConsoleCtrlHandler(callback, False)  # keeps *callback* alive until then


@contextlib.contextmanager
def stop_on_signals(received: list[str], finished: threading.Event | None = None) -> Iterator[None]:
    """SIGTERM, SIGHUP where it exists (not on Windows) and, on Windows, closing the console window
    (ConsoleClose) stop the interview the way Ctrl-C does: the answers and the text being typed go into the
    draft. A second signal while that happens is ignored. *received* gets what stopped it (the terminal may be
    gone: writing to it can fail afterwards); *finished* is set by the caller once the draft is saved."""
    names = [name for name in STOP_SIGNALS if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():  # signal handlers live in the main thread
        yield
        return
    previous: dict[str, Any] = {}

    def stop(signum: int, frame: object) -> None:
        for name in names:
            signal.signal(getattr(signal, name), signal.SIG_IGN)
        received.append(t(STOP_SIGNALS.get(signal.Signals(signum).name, "tín hiệu dừng")))
        raise Stopped(received[0])

    for name in names:
        previous[name] = signal.signal(getattr(signal, name), stop)
    unwatch = watch_console_close(ConsoleClose(received, finished or threading.Event()))
    try:
        yield
    finally:
        if unwatch is not None:
            unwatch()
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def load_for_interview(
    loaded: LoadedForm, path: Path
) -> tuple[Response, dict[tuple[str, ...], Any], list[Problem], bool]:
    """Read a response or draft to continue from. Raises InvalidInput when it is not one for this form.

    Answers the validator rejects are taken out (returned by path, so that the interview offers them as
    defaults and asks them again); missing answers are simply asked.
    """
    try:
        data = load_json_file(path)
    except JsonFileError as exc:
        raise InvalidInput(
            t("Không đọc được {path} (sửa, hoặc đổi tên tệp để bắt đầu lại).", path=path), [exc.problem]
        ) from None
    probe = dict(data)
    if probe.get("status") == "complete":  # checked as a draft: what is missing will be asked
        probe["status"] = "draft"
        probe["completed_at"] = None
    probe, dropped = _without_bad_text(loaded, probe, str(path))
    report = check_response(loaded, probe, file=str(path))
    report.problems[:0] = dropped
    answer_parts = ("$.answers", "$.respondent", CONFIRMATION_PREFIX)
    envelope = [p for p in report.problems if not (p.where or "").startswith(answer_parts)]
    if report.response is None or envelope:
        raise InvalidInput(
            t(
                "{path} không phải phiếu trả lời hay bản nháp dùng được cho mẫu “{form}” "
                "(sửa, hoặc đổi tên tệp để bắt đầu lại).",
                path=path,
                form=loaded.form.form.id,
            ),
            report.problems,
        )
    response = report.response
    bad: dict[tuple[str, ...], Any] = {}
    taken: list[Problem] = []
    for problem in report.problems:
        where = problem.where or ""
        if (key := key_of(where)) is not None and key[0] == CONFIRM:
            # A reason for a warning the answers do not fire (or an empty one): dropped; asked if it fires.
            response.confirmations.get(key[1], {}).pop(key[2], None)
            taken.append(problem)
            continue
        if where.startswith(CONFIRMATION_PREFIX):  # a path where the form has no warning
            response.confirmations.pop(where.split('"')[1], None)
            taken.append(problem)
            continue
        parts = tuple((problem.where or "").split(".")[1:])
        if parts[:1] == ("respondent",) and len(parts) == 2:
            value = response.respondent.pop(parts[1], None)
            if parts[1] in loaded.form.respondent:  # asked again, with what the file held as the default
                response.respondent[parts[1]] = None
                bad[("@respondent", parts[1])] = value
            taken.append(problem)
        elif parts[:1] == ("answers",) and len(parts) >= 2:
            value = _detach(response.answers, parts[1:])
            if value is not None:
                bad[parts[1:]] = value
            taken.append(problem)
    return response, bad, taken, data.get("status") == "complete"


def _without_bad_text(
    loaded: LoadedForm, data: dict[str, Any], file: str
) -> tuple[dict[str, Any], list[Problem]]:
    """*data* without the answers whose text no file may hold (a lone surrogate, a control character: see
    validation.text_problems), and those problems. Such an answer is asked again with no default: offered as
    a default, it would reach the terminal."""
    from phieu_cli.common.text import text_fault
    from phieu_cli.responses.validation import text_problems

    found = text_problems(loaded.form, data, file)
    if not found:
        return data, []

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: clean(v)
                for k, v in value.items()
                if text_fault(k) is None and not (isinstance(v, str) and text_fault(v) is not None)
            }
        if isinstance(value, list):
            return [clean(v) for v in value if not (isinstance(v, str) and text_fault(v) is not None)]
        return value

    cleaned = dict(data)
    for part in ("answers", "respondent"):
        if isinstance(cleaned.get(part), dict):
            cleaned[part] = clean(cleaned[part])
    # Outside the answers (the envelope) nothing is dropped: check_response reports it and the file is refused.
    return cleaned, [p for p in found if (p.where or "").startswith(("$.answers", "$.respondent"))]


def _is_response(loaded: LoadedForm, path: Path) -> bool:
    """Whether *path* is a response or draft of this form that fill can continue from."""
    try:
        load_for_interview(loaded, path)
    except (InvalidInput, UsageError):
        return False
    return True


def _detach(answers: dict[str, Any], path: Sequence[str]) -> Any:
    node: Any = answers
    for part in path[:-1]:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    if isinstance(node, dict):
        return node.pop(path[-1], None)
    return None


def _lang_words() -> str:
    """ " --lang en" when the command speaks English: the commands it suggests keep its language."""
    return "" if language() == "vi" else f" --lang {language()}"


def program_words() -> list[str]:
    """How this phieu was started, for a command to copy: `phieu`, `.venv/bin/phieu`, `python -m phieu_cli`."""
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else "phieu"
    path = Path(argv0)
    name = path.name.lower()
    if name == "__main__.py":
        return [_relative(Path(sys.executable)), "-m", "phieu_cli"]
    if name in ("phieu", "phieu.exe"):
        found = shutil.which("phieu")
        if found and Path(found).resolve() == path.resolve():
            return ["phieu"]
        return [argv0]
    return ["phieu"]


def _relative(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.relative_to(Path.cwd()))
    return str(path)


def _quote(word: str) -> str:
    """Quote *word* for the shell the person uses, only when needed ("Hà Nội.json" yes, "tra_lời.json" no)."""
    windows = os.name == "nt"
    if re.fullmatch(r"[\w@%+=:,./\\-]+" if windows else r"[\w@%+=:,./-]+", word):
        return word
    return f'"{word}"' if windows else shlex.quote(word)
