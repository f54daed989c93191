"""When a question, option or blank applies: evaluating `when:` conditions against answers.

Conditions are data (see form.Condition), never evaluated strings. A question that does not apply has no
effective answer, so a later condition that looks at it sees it as unanswered.
"""

from __future__ import annotations

from phieu_cli.common.messages import label, t
from phieu_cli.form.values import is_blank

TYPE_CHECKING = False
if TYPE_CHECKING:  # the models (pydantic) and typing stay out of `phieu validate`'s start-up
    from collections.abc import Iterable, Iterator, Mapping
    from typing import Any, TypeVar

    from phieu_cli.form.model import Blank, Condition, Form, Option, Question, Section
    from phieu_cli.form.plain import PlainCondition, PlainForm, PlainQuestion

    Q = TypeVar("Q", bound="Question | PlainQuestion")


def holds(cond: Condition | PlainCondition | None, answers: Mapping[str, Any]) -> bool:
    """Whether *cond* holds for the effective *answers* (question id -> stored answer). No condition: True."""
    if cond is None:
        return True
    if cond.all is not None:
        return all(holds(c, answers) for c in cond.all)
    if cond.any is not None:
        return any(holds(c, answers) for c in cond.any)
    if cond.not_ is not None:
        return not holds(cond.not_, answers)
    value = answers.get(cond.question or "")
    answered = not is_blank(value)
    result = True
    if cond.answered is not None:
        result = result and answered == cond.answered
    if cond.is_ is not None:
        result = result and isinstance(value, dict) and any(o in value for o in cond.option_ids)
    if cond.min is not None or cond.max is not None:
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        result = (
            result and (cond.min is None or value >= cond.min) and (cond.max is None or value <= cond.max)
        )
    return result


class QuestionState:
    """A question as it stands for one response: does it apply, and its answer (None when unanswered)."""

    __slots__ = ("answer", "applies", "question", "section")

    def __init__(self, section: Section, question: Question, applies: bool, answer: Any) -> None:
        self.section = section
        self.question = question
        self.applies = applies
        self.answer = answer

    @property
    def answered(self) -> bool:
        return not is_blank(self.answer)


def walk(form: Form, answers: Mapping[str, Any]) -> list[QuestionState]:
    """Every question in printed order with its applicability, evaluating conditions as the interview would."""
    return [QuestionState(*state) for state in applicability(form, answers)]


def applicability(form: Form, answers: Mapping[str, Any]) -> Iterator[tuple[Section, Question, bool, Any]]:
    """walk() as plain tuples (section, question, applies, answer)."""
    sections = [s for s in form.sections for _ in s.questions]
    for section, (question, applies, answer) in zip(
        sections, applies_in_order(form.questions, answers), strict=True
    ):
        yield section, question, applies, answer


def applies_in_order(questions: Iterable[Q], answers: Mapping[str, Any]) -> Iterator[tuple[Q, bool, Any]]:
    """(question, applies, answer) for *questions* in printed order; the validator's hot loop."""
    effective: dict[str, Any] = {}
    for question in questions:
        applies = question.when is None or holds(question.when, effective)
        answer = answers.get(question.id) if applies else None
        if applies and answer is not None:
            effective[question.id] = answer
        yield question, applies, answer


def effective_answers(form: Form, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Only the answers of questions that apply."""
    return {s.question.id: s.answer for s in walk(form, answers) if s.applies and s.answer is not None}


def options_offered(question: Question, answers: Mapping[str, Any]) -> list[Option]:
    return [o for o in question.options or [] if holds(o.when, answers)]


def blanks_asked(blanks: list[Blank], answers: Mapping[str, Any]) -> list[Blank]:
    return [b for b in blanks if holds(b.when, answers)]


def describe(cond: Condition | PlainCondition, form: Form | PlainForm) -> str:
    """A condition in words: "Câu 1 là “Chưa quy định…”" (in English: "Question 1 is “Not yet set…”")."""
    if cond.all is not None:
        return t(" và ").join(describe(c, form) for c in cond.all)
    if cond.any is not None:
        return "(" + t(" hoặc ").join(describe(c, form) for c in cond.any) + ")"
    if cond.not_ is not None:
        return t("không phải ({condition})", condition=describe(cond.not_, form))
    question = form.by_id.get(cond.question or "")
    name = question.ref if question else str(cond.question)
    parts: list[str] = []
    if cond.is_ is not None and question is not None:
        labels = [
            f"“{label(o.label, getattr(o, 'label_en', None))}”"
            for o in question.options or []
            if o.id in cond.option_ids
        ]
        options = t(" hoặc ").join(labels)
        if question.kind == "multiple":
            parts.append(t("{question} có chọn {options}", question=name, options=options))
        else:
            parts.append(t("{question} là {options}", question=name, options=options))
    if cond.answered is True:
        parts.append(t("{question} đã được trả lời", question=name))
    elif cond.answered is False:
        parts.append(t("{question} chưa được trả lời", question=name))
    if cond.min is not None:
        parts.append(f"{name} ≥ {cond.min}")
    if cond.max is not None:
        parts.append(f"{name} ≤ {cond.max}")
    return t(" và ").join(parts)
