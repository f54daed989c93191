"""The interview as a pure state machine: which steps there are, where we are, what an answer changes.

No terminal here. `phieu fill` asks the steps one by one through an adapter (prompts.py); the tests drive
the same machine directly.

A *step* is one thing a person types or picks: the province, a question's choice, a follow-up blank of a
chosen option, the text of "Khác", one part of a person (name, phone…), one blank of a group. Steps are derived
from the form *and the current answers* (a chosen option brings its blanks; a question whose condition does
not hold brings none), so the list is recomputed after every answer and the position is kept by the step's key
(its path in the answers), not by an index.

A warning of the form (a soft check) that an answer fires brings a *confirmation* step right after its
question's steps: the person types the reason the answer is right anyway, or goes back (Esc) to correct it.
Its key is (CONFIRM, the answer's JSON path, the warning's id); the reason is kept in `confirmations` (the
response's field of that name), and a reason whose warning no longer fires is dropped like an answer that no
longer applies.

A step is *visited* once its key is present in the answers. An optional step the person skipped is stored as
None: it counts as visited (a resumed interview does not ask it again) and as unanswered for the validator
(`is_blank`). `clean_answers()` drops those markers for the file written at the end.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from phieu_cli.common.messages import UNTRANSLATED_MARK, t
from phieu_cli.common.messages import label as form_text
from phieu_cli.common.problems import Problem
from phieu_cli.common.text import display_width, fold, nfc, shorten, text_fault
from phieu_cli.form.conditions import blanks_asked, describe, effective_answers, holds, options_offered, walk
from phieu_cli.form.model import (
    CHOICE_KINDS,
    OTHER_TEXT_KEY,
    Blank,
    Form,
    Option,
    Question,
    RespondentField,
    Section,
)
from phieu_cli.form.optionsets import mapping_sources, option_set, set_mapping
from phieu_cli.form.values import check_name, is_blank, parse_scalar, person_part_label
from phieu_cli.responses.validation import (
    REASON_MAX,
    FiredWarning,
    check_answers,
    check_respondent,
    fired_warnings,
)

RESPONDENT = "@respondent"
CONFIRM = "@confirm"  # the first part of a confirmation step's key

StepKey = tuple[str, ...]


class _Sentinel:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


BACK: Final[_Sentinel] = _Sentinel("BACK")
"""What an adapter returns when the person asks to go back (Esc, "← Quay lại")."""

_MISSING: Final[_Sentinel] = _Sentinel("MISSING")


@dataclass(frozen=True)
class Step:
    """One prompt. *kind* says how it is asked and parsed:

    listed (a respondent field answered from its list, searched by name), respondent_text (a respondent
    field in free text), single, multiple, text, long_text, integer, phone, date,
    name (a one-line name or position), other (the text of "Khác"), confirm (the reason a fired warning's
    answer is right: *warning* says which).
    """

    key: StepKey
    kind: str
    label: str
    required: bool
    section: Section | None = None
    question: Question | None = None
    item: Question | Blank | None = None
    option: Option | None = None
    help: str | None = None
    warning: FiredWarning | None = None

    @property
    def question_id(self) -> str | None:
        return self.question.id if self.question else None

    @property
    def ref(self) -> str:
        """How the step is named to people: "Câu 1 – Lý do", "Câu 3đ", "Tỉnh, thành phố…"."""
        if self.question is None:
            return self.label
        if len(self.key) == 1:
            return self.question.ref
        return f"{self.question.ref} – {self.label}"


@dataclass(frozen=True)
class Progress:
    """Where a step stands: part 3 of 7 as printed on the form, question 12 of 22 (of those that apply)."""

    section_number: str | None  # the part's printed number; None: the respondent block or an unnumbered part
    section_count: int  # the numbered parts (the report block BC1–BC4 before part 1 has no number)
    question_number: int | None
    question_count: int


@dataclass(frozen=True)
class Removed:
    """An answer removed because it no longer applies: shown to the person, kept for this session."""

    ref: str
    label: str

    def __str__(self) -> str:
        return f"{self.ref} ({self.label})" if self.label else self.ref


# The "Khác" text is one line, as in the validator.
OTHER_TEXT_MAX = 500

# Said through t(), in the command's language.
REQUIRED_MESSAGE = "Câu này bắt buộc: hãy nhập câu trả lời (Esc để quay lại câu trước)."
REASON_MESSAGE = "Hãy ghi lý do câu trả lời vẫn đúng, hoặc Esc để quay lại sửa câu trả lời."


class Interview:
    """The answers being built and the position in the form.

    `current` is the step to ask, or None when every step is visited: the review screen.
    """

    def __init__(
        self,
        form: Form,
        answers: Mapping[str, Any] | None = None,
        *,
        respondent: Mapping[str, str | None] | None = None,
        confirmations: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.form = form
        self.answers: dict[str, Any] = copy.deepcopy(dict(answers or {}))
        # answer path -> warning id -> reason: what the response's `confirmations` holds
        self.confirmations: dict[str, dict[str, str]] = {
            path: dict(reasons) for path, reasons in (confirmations or {}).items()
        }
        # The respondent's fields by id (None: not given yet), as the response's `respondent` holds them.
        self.respondent: dict[str, str | None] = {
            key: value for key, value in (respondent or {}).items() if key in form.respondent
        }
        self.stash: dict[StepKey, Any] = {}  # answers removed in this session, offered again as defaults
        self.focus: str | None = None  # the question being changed from the review screen
        self.returning = False  # asking only what a change from the review screen needs
        self._steps: list[Step] | None = None
        self.prune()
        self._key: StepKey | None = None
        self.resume()

    # --- the steps ---------------------------------------------------------------------------------

    @property
    def steps(self) -> list[Step]:
        if self._steps is None:
            self._steps = self._build_steps()
        return self._steps

    def _build_steps(self) -> list[Step]:
        out = [
            Step(
                (RESPONDENT, key),
                "listed" if field.listed else "respondent_text",
                _text(field),
                field.required,
                help=_help(field),
            )
            for key, field in self.form.respondent.items()
        ]
        effective: dict[str, Any] = {}
        fired: dict[str, list[FiredWarning]] = {}
        for warning in self.fired():
            fired.setdefault(warning.question_id, []).append(warning)
        for state in walk(self.form, self.answers):
            q, section = state.question, state.section
            if state.applies:
                out += self._question_steps(section, q, effective)
                for warning in fired.get(q.id, []):
                    out.append(_confirm_step(warning, section, q))
                if state.answer is not None:
                    effective[q.id] = state.answer
        return out

    def fired(self) -> list[FiredWarning]:
        """The warnings the answers fire now, with the reasons given (validation.fired_warnings)."""
        return fired_warnings(self.form, self.answers, self.confirmations)

    def _question_steps(self, section: Section, q: Question, effective: Mapping[str, Any]) -> list[Step]:
        if q.kind in CHOICE_KINDS:
            steps = [
                Step((q.id,), q.kind, q.ref, q.required, item=q, help=_help(q), section=section, question=q)
            ]
            value = self.answers.get(q.id)
            chosen = value if isinstance(value, dict) else {}
            for option in options_offered(q, effective):
                if option.id not in chosen:
                    continue
                if option.other:
                    steps.append(
                        Step(
                            (q.id, option.id, OTHER_TEXT_KEY),
                            "other",
                            t("{label} (ghi rõ)", label=_text(option)),
                            True,
                            option=option,
                            section=section,
                            question=q,
                        )
                    )
                for blank in blanks_asked(option.followups, effective):
                    steps += _blank_steps(blank, (q.id, option.id, blank.id), section, q, option)
            return steps
        if q.kind == "group":
            steps = []
            for blank in blanks_asked(q.fields or [], effective):
                steps += _blank_steps(blank, (q.id, blank.id), section, q, None)
            return steps
        if q.kind == "person":
            return [
                Step(
                    (q.id, part),
                    _part_kind(part),
                    person_part_label(part),
                    q.required,
                    item=q,
                    help=_help(q) if i == 0 else None,
                    section=section,
                    question=q,
                )
                for i, part in enumerate(q.parts)
            ]
        return [Step((q.id,), q.kind, q.ref, q.required, item=q, help=_help(q), section=section, question=q)]

    def options(self, step: Step) -> list[Option]:
        """The options a choice step offers now (an option's own condition may hide it)."""
        if step.question is None:
            return []
        return options_offered(step.question, effective_answers(self.form, self.answers))

    def step_for(self, key: StepKey) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    def _index(self, key: StepKey | None) -> int | None:
        return next((i for i, s in enumerate(self.steps) if s.key == key), None)

    # --- values ------------------------------------------------------------------------------------

    def stored(self, key: StepKey) -> Any:
        """The value at *key*, or _MISSING when the step was never visited."""
        if key[:1] == (RESPONDENT,):
            value = self.respondent.get(key[1])
            return _MISSING if value is None else value
        if key[:1] == (CONFIRM,):
            return self.confirmations.get(key[1], {}).get(key[2], _MISSING)
        node: Any = self.answers
        for part in key:
            if not isinstance(node, dict) or part not in node:
                return _MISSING
            node = node[part]
        return node

    def visited(self, step: Step) -> bool:
        return self.stored(step.key) is not _MISSING

    def answered(self, step: Step) -> bool:
        value = self.stored(step.key)
        return value is not _MISSING and not is_blank(value)

    def default(self, step: Step) -> Any:
        """What the prompt shows first: the stored answer, else one removed earlier in this session."""
        value = self.stored(step.key)
        if value is not _MISSING and value is not None:
            return value
        for cut in range(len(step.key), 0, -1):
            if step.key[:cut] in self.stash:
                node: Any = self.stash[step.key[:cut]]
                for part in step.key[cut:]:
                    node = node.get(part) if isinstance(node, dict) else None
                return node
        return None

    def first_unanswered(self) -> Step | None:
        """Where to continue: the first required step still empty, or else the first step after the last
        one visited. An optional step left out *before* that (a complete response file does not record
        skips) was skipped, not forgotten, and is not asked again.
        """
        steps = self.steps
        last_visited = max((i for i, s in enumerate(steps) if self.visited(s)), default=-1)
        for i, step in enumerate(steps):
            if (step.required and not self.answered(step)) or (i > last_visited and not self.visited(step)):
                return step
        return None

    # --- position ----------------------------------------------------------------------------------

    @property
    def current(self) -> Step | None:
        """The step to ask; None for the review screen."""
        if self._key is None:
            return None
        step = self.step_for(self._key)
        if step is None:  # its option or question went away: continue where the work is
            self._key = None
            self.resume()
            return None if self._key is None else self.step_for(self._key)
        return step

    @property
    def at_review(self) -> bool:
        return self.current is None

    def resume(self) -> None:
        """Go to the first unanswered step (the review screen when there is none). When steps after it are
        answered already (an answer asked again in a file being edited), each answer jumps to the next gap."""
        self.focus = None
        step = self.first_unanswered()
        self._key = step.key if step else None
        index = self._index(self._key)
        self.returning = index is not None and any(self.visited(s) for s in self.steps[index + 1 :])

    def go_to(self, step: Step) -> None:
        self._key = step.key

    def can_go_back(self) -> bool:
        if self._key is None:
            return bool(self.steps)
        index = self._index(self._key)
        return bool(index) or self.focus is not None

    def back(self) -> bool:
        """One step back (from the review screen: to the last step). False when already at the start."""
        if self._key is None:
            if not self.steps:
                return False
            self._key = self.steps[-1].key
            return True
        index = self._index(self._key) or 0
        if self.focus is not None:
            previous = self.steps[index - 1] if index else None
            if previous is None or previous.question_id != self.focus:
                self.review()  # back to the review screen the change started from
                return True
        if index == 0:
            return False
        self._key = self.steps[index - 1].key
        return True

    def review(self) -> None:
        self.focus = None
        self.returning = False
        self._key = None

    def edit(self, step: Step) -> None:
        """Change one answer from the review screen: ask its question's steps (and any question the change
        makes applicable), then back to the review."""
        self.focus = step.question_id
        self.returning = True
        self._key = step.key

    # --- answering ---------------------------------------------------------------------------------

    def answer(self, value: Any) -> list[Removed]:
        """Store *value* for the current step, drop what no longer applies, move on. Returns what was dropped.

        Choice steps take an option id (single) or a list of option ids (multiple); other steps take the
        value parse() returned (None: skipped).
        """
        step = self.current
        if step is None:
            raise RuntimeError("no current step: the interview is at the review screen")
        removed = self.set(step, value)
        removed += self.prune()
        self._advance(step)
        return removed

    def set(self, step: Step, value: Any) -> list[Removed]:
        """Store *value* for *step* without moving (the answers file and tests use it too)."""
        self._steps = None
        if step.key[:1] == (RESPONDENT,):
            self.respondent[step.key[1]] = value
            return []
        if step.key[:1] == (CONFIRM,):
            self.confirmations.setdefault(step.key[1], {})[step.key[2]] = nfc(value)
            return []
        if step.kind in CHOICE_KINDS and step.question is not None:
            ids = [value] if isinstance(value, str) else list(value or [])
            return self._choose(step.question, ids)
        if isinstance(value, str):
            value = nfc(value)
        self._put(step.key, value)
        return []

    def _put(self, key: StepKey, value: Any) -> None:
        node = self.answers
        for part in key[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[key[-1]] = value

    def _choose(self, q: Question, ids: list[str]) -> list[Removed]:
        old = self.answers.get(q.id)
        old = old if isinstance(old, dict) else {}
        new: dict[str, Any] = {}
        for option in q.options or []:
            if option.id in ids:
                detail = old.get(option.id)
                new[option.id] = detail if isinstance(detail, dict) else {}
        removed: list[Removed] = []
        for option_id, detail in old.items():
            if option_id not in new and isinstance(detail, dict):
                self.stash[(q.id, option_id)] = detail
                removed += _removed_blanks(q, q.option(option_id), detail)
        self.answers[q.id] = new
        return removed

    def _advance(self, step: Step) -> None:
        index = self._index(step.key)
        following = self.steps[index + 1] if index is not None and index + 1 < len(self.steps) else None
        crossing = following is None or following.question_id != step.question_id
        if self.focus is not None and crossing:
            self.focus = None
        if following is None or (self.returning and crossing and self.visited(following)):
            # A change made from the review screen: ask what it made applicable, then back to the review.
            following = self.first_unanswered()
        if following is None:
            self.returning = False
        self._key = following.key if following else None

    def prune(self) -> list[Removed]:
        """Remove answers that no longer apply (their question, option or blank's condition fails)."""
        self._steps = None
        removed: list[Removed] = []
        effective: dict[str, Any] = {}
        for section in self.form.sections:
            for q in section.questions:
                if q.id not in self.answers:
                    continue
                value = self.answers[q.id]
                if not holds(q.when, effective):
                    self.stash[(q.id,)] = self.answers.pop(q.id)
                    if not is_blank(value):
                        removed.append(Removed(q.ref, shorten(form_text(q.text, q.text_en), 70)))
                    continue
                if q.kind in CHOICE_KINDS and isinstance(value, dict):
                    offered = {o.id for o in options_offered(q, effective)}
                    for option_id in list(value):
                        option = q.option(option_id)
                        if option is not None and option_id not in offered:
                            self.stash[(q.id, option_id)] = value.pop(option_id)
                            removed.append(Removed(q.ref, f"“{shorten(_text(option), 70)}”"))
                        elif option is not None and isinstance(value[option_id], dict):
                            removed += self._prune_blanks(
                                q, option.followups, value[option_id], (q.id, option_id), effective
                            )
                elif q.kind == "group" and isinstance(value, dict):
                    removed += self._prune_blanks(q, q.fields or [], value, (q.id,), effective)
                if value is not None:
                    effective[q.id] = value
        self._prune_confirmations()
        return removed

    def _prune_confirmations(self) -> None:
        """A reason stays only while its warning fires (an answer corrected needs none); a dropped one is
        offered again should the warning fire again in this session."""
        firing = {(w.where, w.id) for w in self.fired()}
        for path in list(self.confirmations):
            reasons = self.confirmations[path]
            for warning_id in list(reasons):
                if (path, warning_id) not in firing:
                    self.stash[(CONFIRM, path, warning_id)] = reasons.pop(warning_id)
            if not reasons:
                del self.confirmations[path]

    def _prune_blanks(
        self,
        q: Question,
        blanks: list[Blank],
        values: dict[str, Any],
        path: StepKey,
        effective: Mapping[str, Any],
    ) -> list[Removed]:
        asked = {b.id for b in blanks_asked(blanks, effective)}
        removed: list[Removed] = []
        for blank in blanks:
            if blank.id in values and blank.id not in asked:
                value = values.pop(blank.id)
                self.stash[(*path, blank.id)] = value
                if not is_blank(value):
                    removed.append(Removed(f"{q.ref} – {_text(blank)}", ""))
        return removed

    # --- parsing what people type ------------------------------------------------------------------

    def parse(self, step: Step, text: str) -> tuple[Any, str | None]:
        """What a person typed for *step* -> (value, None) or (None, a Vietnamese message). Empty: None."""
        text = nfc(text)
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # a pasted Windows line break is a line break
        if (fault := text_fault(text, short=True)) is not None:  # pasted controls: never stored (text.py)
            return None, t("{fault}: xóa ký tự đó rồi gõ lại", fault=fault)
        if step.kind in CHOICE_KINDS:
            raise ValueError("choice steps are answered with option ids, not text")
        if step.kind != "long_text":
            text = " ".join(text.splitlines())  # a pasted line break in a one-line answer
        if step.kind == "confirm":
            reason = " ".join(text.split())
            if not reason:
                return None, t(REASON_MESSAGE)
            if len(reason) > REASON_MAX:
                return None, t(
                    "lý do dài {length:,} ký tự, tối đa {limit:,}", length=len(reason), limit=REASON_MAX
                )
            return reason, None
        if not text.strip():
            return None, _required_message(step) if step.required else None
        if step.kind == "listed":
            return self.find_choice(step.key[1], text)
        if step.kind in ("respondent_text", "name"):
            value = " ".join(text.split())
            limit = self.form.respondent[step.key[1]].max_length if step.kind == "respondent_text" else None
            message = check_name(value, limit)
            return (None, message) if message else (value, None)
        if step.kind == "other":
            value = text.strip()
            if len(value) > OTHER_TEXT_MAX:
                return None, t(
                    "dài {length:,} ký tự, tối đa {limit:,}", length=len(value), limit=OTHER_TEXT_MAX
                )
            return value, None
        if step.item is None:
            raise ValueError(f"step {step.key} has no item to parse against")
        value, message = parse_scalar(step.kind, step.item, text)
        return (None, message) if message else (value, None)

    def check_choices(self, step: Step, ids: list[str]) -> str | None:
        """Why a set of options cannot be the answer of a multiple-choice step (in words), or None."""
        q = step.question
        if q is None:
            return None
        chosen = [o for o in q.options or [] if o.id in ids]
        if not chosen:
            if step.required or (q.min_choices or 0) > 0:
                return t("Hãy chọn ít nhất một lựa chọn (Space để đánh dấu, rồi Enter).")
            return None
        exclusive = [o for o in chosen if o.exclusive]
        if exclusive and len(chosen) > 1:
            return t(
                "Phải chọn riêng “{option}”, không kèm lựa chọn khác.",
                option=shorten(_text(exclusive[0]), 40),
            )
        if q.max_choices is not None and len(chosen) > q.max_choices:
            return t(
                "Chọn tối đa {limit} lựa chọn (đang chọn {count}).", limit=q.max_choices, count=len(chosen)
            )
        if q.min_choices is not None and len(chosen) < q.min_choices:
            return t(
                "Chọn ít nhất {limit} lựa chọn (đang chọn {count}).", limit=q.min_choices, count=len(chosen)
            )
        return None

    def find_choice(self, field_id: str, text: str) -> tuple[str | None, str | None]:
        """A name from a respondent field's list (a province, a ministry…) typed with or without diacritics
        -> (its id, None) or (None, why not)."""
        field = self.form.respondent[field_id]
        matches = match_provinces(field.choices, text)
        if len(matches) == 1:
            return matches[0].id, None
        noun = choice_noun(self.form, field_id)
        if not matches:
            note = former_province_note(self.form, text, field_id)  # short: a prompt shows one line of it
            if note:
                return None, f"“{text.strip()}”: {note}"
            return None, t("Không có {noun} nào khớp với “{text}”.", noun=noun, text=text.strip())
        names = ", ".join(o.label for o in matches[:6]) + (", …" if len(matches) > 6 else "")
        return None, t(
            "Có {count} {noun} khớp: {names}. Hãy gõ rõ hơn.", count=len(matches), noun=noun, names=names
        )

    # --- review ------------------------------------------------------------------------------------

    def find_target(self, text: str) -> tuple[Step | None, str | None]:
        """The first step of the question printed as *text* ("3đ", "3d", "Câu 6b.1", "q3dd", "tỉnh")."""
        raw = nfc(text).strip()
        key = fold(raw).strip(" .):")
        key = re.sub(r"^cau\s*", "", key)
        if not key:
            return None, t("Hãy gõ số câu in trên phiếu, ví dụ 3đ hoặc 6b.1.")
        if key == "0":
            return self.step_for((RESPONDENT, self.form.unit_id)), None
        for field_id in self.form.respondent:
            if key in respondent_words(self.form, field_id):
                return self.step_for((RESPONDENT, field_id)), None
        question = find_question(self.form, raw)
        if question is None:
            numbers = ", ".join(q.number for q in self.form.questions)
            fields = ", ".join(f"“{respondent_word(self.form, k)}”" for k in self.form.respondent)
            return None, t(
                "Không có câu “{text}”. Các câu: {numbers}; hoặc {fields}.",
                text=raw,
                numbers=numbers,
                fields=fields,
            )
        step = next((s for s in self.steps if s.question_id == question.id), None)
        if step is None:
            why = describe(question.when, self.form) if question.when else t("điều kiện của câu không thỏa")
            return None, t(
                "{question} không áp dụng (chỉ trả lời khi {condition}).",
                question=question.ref,
                condition=why,
            )
        return step, None

    def problems(self, fired: list[FiredWarning] | None = None) -> list[Problem]:
        """What stops the response from being complete (the validator's own rules), and every fired warning
        not yet confirmed: `phieu fill` asks for a reason or a corrected answer before it saves. *fired*: the
        warnings, when the caller has just evaluated them (self.fired())."""
        return (
            check_respondent(self.form, self.respondent, whole=True)
            + check_answers(self.form, self.answers, whole=True)
            + [w.problem() for w in (self.fired() if fired is None else fired) if w.reason is None]
        )

    def clean_answers(self) -> dict[str, Any]:
        """The answers without the markers of skipped optional steps: what the response file holds."""
        out: dict[str, Any] = {}
        for q in self.form.questions:
            if q.id not in self.answers:
                continue
            value = _clean(q, self.answers[q.id])
            if not is_blank(value):
                out[q.id] = value
        return out

    def progress(self, step: Step) -> Progress:
        sections = self.form.sections
        applicable: list[str] = []
        for s in self.steps:
            if s.question_id is not None and s.question_id not in applicable:
                applicable.append(s.question_id)
        numbered = len([s for s in sections if s.number])
        if step.question is None or step.section is None:
            return Progress(None, numbered, None, len(applicable))
        return Progress(
            step.section.number or None, numbered, applicable.index(step.question.id) + 1, len(applicable)
        )


def path_of(key: StepKey) -> str:
    """The JSON path in a response file of a step's answer: ("q1", "chua_quy_dinh", "ly_do") ->
    "$.answers.q1.chua_quy_dinh.ly_do"; ("@respondent", "agency") -> "$.respondent.agency";
    ("@confirm", "$.answers.q3dd", "w1") -> '$.confirmations["$.answers.q3dd"].w1'."""
    if key[:1] == (RESPONDENT,):
        return "$.respondent." + ".".join(key[1:])
    if key[:1] == (CONFIRM,):
        return f'$.confirmations["{key[1]}"].{key[2]}'
    return "$.answers." + ".".join(key)


def key_of(path: str) -> StepKey | None:
    """The step key of a JSON path written by path_of(); None for any other text."""
    confirmation = re.fullmatch(r'\$\.confirmations\["(\$\.answers\.[^"]+)"\]\.([a-z][a-z0-9_]*)', path)
    if confirmation:
        return (CONFIRM, confirmation[1], confirmation[2])
    parts = tuple(path.split("."))
    if len(parts) < 3 or parts[0] != "$" or not all(parts[1:]):
        return None
    if parts[1] == "respondent" and len(parts) == 3:
        return (RESPONDENT, parts[2])
    if parts[1] == "answers":
        return parts[2:]
    return None


def find_question(form: Form, text: str) -> Question | None:
    """The question named *text* as people write it: its printed number ("3đ", "6b.1", "Câu 7.1"), the same
    without diacritics or case when that is unambiguous ("3d", "bc1"), or its id ("q3dd")."""
    raw = re.sub(r"^(?i:câu|cau)\s*", "", nfc(str(text)).strip()).strip(" .):")
    question = form.by_number.get(raw) or form.by_id.get(raw)
    if question is not None:
        return question
    for same in (lambda q: q.number.lower() == raw.lower(), lambda q: fold(q.number) == fold(raw)):
        candidates = [q for q in form.questions if same(q)]
        if len(candidates) == 1:
            return candidates[0]
    return None


def _confirm_step(warning: FiredWarning, section: Section, q: Question) -> Step:
    """The step that asks why the answer at *warning*'s path is right anyway."""
    return Step(
        (CONFIRM, warning.where, warning.id),
        "confirm",
        t("Lý do giữ câu trả lời ({id})", id=warning.id),
        True,
        section,
        q,
        warning=warning,
    )


def _part_kind(part: str) -> str:
    return "phone" if part == "phone" else "name"


def _blank_steps(
    blank: Blank, key: StepKey, section: Section, q: Question, option: Option | None
) -> list[Step]:
    label = _text(blank)
    if option is not None and q.kind == "multiple":
        # Several options may each have a "Lý do": the prompt says which option this one belongs to.
        label = f"{shorten(_text(option), 40)} – {label}"
    if blank.kind == "person":
        return [
            Step(
                (*key, part),
                _part_kind(part),
                f"{label} – {person_part_label(part)}",
                blank.required,
                section,
                q,
                blank,
                option,
                help=_help(blank) if i == 0 else None,
            )
            for i, part in enumerate(blank.parts)
        ]
    return [Step(key, blank.kind, label, blank.required, section, q, blank, option, help=_help(blank))]


def _text(item: Blank | Option | RespondentField) -> str:
    """A blank's, an option's or a respondent field's label in the command's language."""
    return form_text(item.label, item.label_en)


def _help(item: Question | Blank | RespondentField) -> str | None:
    return form_text(item.help, item.help_en) if item.help else None


def _required_message(step: Step) -> str:
    item = step.item
    if item is not None and item.messages and item.messages.required:
        return form_text(item.messages.required, item.messages.required_en)
    return t(REQUIRED_MESSAGE)


def _removed_blanks(q: Question, option: Option | None, detail: Mapping[str, Any]) -> list[Removed]:
    if option is None:
        return []
    labels = {b.id: _text(b) for b in option.followups}
    if option.other:
        labels[OTHER_TEXT_KEY] = t("{label} (ghi rõ)", label=_text(option))
    # In a multiple choice several options may have a "Lý do": name the option too.
    owner = f"{q.ref} – {shorten(_text(option), 40)}" if q.kind == "multiple" else q.ref
    return [
        Removed(f"{owner} – {labels.get(key, key)}", "")
        for key, value in detail.items()
        if not is_blank(value)
    ]


def _clean(q: Question, value: Any) -> Any:
    if q.kind in CHOICE_KINDS and isinstance(value, dict):
        # A chosen option stays even with no blanks filled: {"so_tttt": {}} is an answer.
        return {
            option_id: _clean_value(detail) if isinstance(detail, dict) else detail
            for option_id, detail in value.items()
        }
    return _clean_value(value)


def _clean_value(value: Any) -> Any:
    if isinstance(value, dict):
        cleaned = {k: _clean_value(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if not is_blank(v)}
    return value


# --- provinces -------------------------------------------------------------------------------------

_PREFIXES = ("thanh pho ", "tp ", "tinh ")
_ALIASES = {
    "hcm": "ho_chi_minh",
    "tphcm": "ho_chi_minh",
    "sai gon": "ho_chi_minh",
    "saigon": "ho_chi_minh",
    "hn": "ha_noi",
    "hue": "thua_thien_hue",
    "brvt": "ba_ria_vung_tau",
    "vung tau": "ba_ria_vung_tau",
}


def province_key(text: str) -> str:
    """The search key of a province name: folded, punctuation as spaces, without "Tỉnh"/"Thành phố"."""
    key = " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def choice_noun(form: Form, field_id: str) -> str:
    """How one item of a respondent field's list is named in a message: the unit's noun, else "lựa chọn"
    (in English: the unit's `noun_en`, else "option")."""
    if field_id == form.unit_id:
        return form_text(form.unit_noun, form.unit_noun_en)
    return t("lựa chọn")


def short_name(label: str) -> str:
    """A respondent field's label made short for the review screen: up to its first comma when that is short
    ("Tỉnh", "Bộ", "Người liên hệ"; in English up to " or ": "Province"), else its first two words ("Cơ quan",
    "Đơn vị")."""
    mark = UNTRANSLATED_MARK if label.startswith(UNTRANSLATED_MARK) else ""  # "[vi] Tỉnh", not "[vi] Tỉnh,"
    head = label.removeprefix(mark).split(",")[0].split(" or ")[0].strip()
    return mark + (head if display_width(head) <= 14 else " ".join(head.split()[:2]))


def respondent_word(form: Form, field_id: str) -> str:
    """What a person types to go back to a respondent field: "tỉnh", "cơ quan", "người liên hệ" (in English,
    from the field's `label_en`: "province or centrally-run city", "reporting agency")."""
    # Typed, not read: a label without English gives its Vietnamese word, unmarked.
    return short_name(_text(form.respondent[field_id])).removeprefix(UNTRANSLATED_MARK).lower()


def respondent_words(form: Form, field_id: str) -> set[str]:
    """What may be typed (folded) to go to a respondent field: its id, its label, its short name, and for
    the unit its noun ("tỉnh", "tỉnh, thành phố", "tỉnh/thành phố", "thành phố")."""
    field = form.respondent[field_id]
    words = {
        field_id,
        field_id.replace("_", " "),
        field.label,
        short_name(field.label).lower(),
        *((field.label_en, short_name(field.label_en).lower()) if field.label_en else ()),
    }
    if field_id == form.unit_id:
        parts = [part.strip() for part in form.unit_noun.split(",")]
        words.update([form.unit_noun, "/".join(parts), *parts])
    return {fold(word).strip(" .):") for word in words}


def former_province_note(form: Form, text: str, field_id: str | None = None) -> str:
    """When *text* names a province that is no longer in the form's dated set, where it is now:
    "Tỉnh Quảng Nam nay thuộc Thành phố Đà Nẵng." for a form on vn_provinces_2025; "" otherwise."""
    field = form.respondent[field_id or form.unit_id]
    target = field.options_from
    if not target:
        return ""
    for source in mapping_sources(target):
        mapping = set_mapping(source, target) or {}
        matches = match_provinces([Option(id=i, label=label) for i, label in option_set(source)], text)
        if len(matches) != 1:
            continue
        old = matches[0]
        new = mapping.get(old.id)
        label = field.choice_label(new) if new else None
        if new and label:
            if list(mapping.values()).count(new) == 1:
                return t("{old} nay là {new}.", old=old.label, new=label)
            return t("{old} nay thuộc {new}.", old=old.label, new=label)
    return ""


def match_provinces(options: list[Option], text: str) -> list[Option]:
    """Options matching *text*: an exact name (with or without diacritics, "Tỉnh"/"Thành phố", or the id)
    first; otherwise every name with a word that starts with it. "da nang" and "Đà Nẵng" both find
    "Thành phố Đà Nẵng".
    """
    key = province_key(text)
    if not key:
        return []
    alias = _ALIASES.get(key) or _ALIASES.get(key.replace(" ", ""))
    exact = [
        o
        for o in options
        if key in (province_key(o.label), o.id.replace("_", " ")) or o.id == text.strip() or o.id == alias
    ]
    if exact:
        return exact
    # Otherwise the words typed start words of the name: "nang" and "da n" find Đà Nẵng, "ha" does not
    # find Đồng Tháp.
    return [o for o in options if f" {key}" in f" {province_key(o.label)}"]
