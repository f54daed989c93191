"""How a phieu form maps onto XLSForm fields: the names, the field list, and conditions as XPath.

Shared by the writer (form -> workbook), the submissions import (platform data -> response files) and the
reader (workbook -> form), so that all three agree on one naming scheme (docs/xlsform.md):

- a question is the field named after its id (`q3dd`); a choice question's list is named after it too;
- the text of an `other` option ("Khác: …") is `{question}__{option}__text`;
- a follow-up blank of an option is `{question}__{option}__{blank}`;
- a `person` is a group named after it with one text field per part: `q7_1__name`, `q7_1__phone`;
- a `group` question is a group named after it with a field per blank: `q2d__thuong_truc_bbt`, and a person
  blank in it one field per part: `q2d__chiu_trach_nhiem__name`;
- the respondent comes first, in the group `respondent`: a field per respondent field, named by its id, a list
  a select_one over the list of the same name (form 149: `province`, a choice, and `agency`, text).
"""

from __future__ import annotations

from dataclasses import dataclass

from phieu_cli.form.model import OTHER_TEXT_KEY, Blank, Condition, Form, Question

SEP = "__"
RESPONDENT_GROUP = "respondent"
PHONE_REGEX = "^0[35789][0-9]{8}$"
LANG_VI = "Tiếng Việt (vi)"
LANG_EN = "English (en)"
SCALAR_KINDS = ("text", "long_text", "integer", "phone", "date")


@dataclass(frozen=True)
class Field:
    """One XLSForm field that holds (part of) a phieu answer.

    *path* says where its value goes inside the question's answer: `()` the answer itself (a scalar or the
    choice), `(option, blank)` a follow-up, `(option, "text")` the "Khác" text, `(part,)` a person's part,
    `(blank,)` a group's blank, `(blank, part)` a person blank's part. *kind* is the kind of the value.
    """

    name: str
    question: Question
    path: tuple[str, ...]
    kind: str
    item: Question | Blank


def other_text_name(question: Question, option_id: str) -> str:
    return SEP.join((question.id, option_id, OTHER_TEXT_KEY))


def followup_name(question: Question, option_id: str, blank: Blank) -> str:
    return SEP.join((question.id, option_id, blank.id))


def fields_of(question: Question) -> list[Field]:
    """The fields of one question, in the order they are asked."""
    q = question
    found: list[Field] = []
    if q.kind in ("single", "multiple"):
        found.append(Field(q.id, q, (), q.kind, q))
        for option in q.options or []:
            if option.other:
                found.append(Field(other_text_name(q, option.id), q, (option.id, OTHER_TEXT_KEY), "text", q))
            for blank in option.followups:
                base = followup_name(q, option.id, blank)
                found.extend(_blank_fields(q, base, (option.id, blank.id), blank))
    elif q.kind == "person":
        found.extend(_person_fields(q, q.id, (), q))
    elif q.kind == "group":
        for blank in q.fields or []:
            found.extend(_blank_fields(q, SEP.join((q.id, blank.id)), (blank.id,), blank))
    else:
        found.append(Field(q.id, q, (), q.kind, q))
    return found


def _blank_fields(q: Question, base: str, path: tuple[str, ...], blank: Blank) -> list[Field]:
    if blank.kind == "person":
        return _person_fields(q, base, path, blank)
    return [Field(base, q, path, blank.kind, blank)]


def _person_fields(q: Question, base: str, path: tuple[str, ...], item: Question | Blank) -> list[Field]:
    kinds = {"name": "name", "position": "name", "phone": "phone"}
    return [Field(SEP.join((base, part)), q, (*path, part), kinds[part], item) for part in item.parts]


def all_fields(form: Form) -> list[Field]:
    return [f for q in form.questions for f in fields_of(q)]


# --- conditions as XPath ------------------------------------------------------------------------------------


def ref(name: str) -> str:
    return "${" + name + "}"


def literal(text: str) -> str:
    return "'" + text + "'" if "'" not in text else '"' + text + '"'


def answered_expr(question: Question) -> str:
    """The question has an answer: its field is not empty (a person or group: any of its fields)."""
    names = [f.name for f in fields_of(question)] if question.kind in ("person", "group") else [question.id]
    parts = [f"{ref(n)} != ''" for n in names]
    return parts[0] if len(parts) == 1 else "(" + " or ".join(parts) + ")"


def condition_xpath(cond: Condition, form: Form) -> str:
    """A `when:` condition as an XLSForm `relevant` expression, with phieu's meaning.

    phieu sees a question that does not apply as unanswered; a platform may keep a value typed before the
    question stopped applying, so a test of such a question is guarded by the question's own condition.
    """
    if cond.all is not None:
        return "(" + " and ".join(condition_xpath(c, form) for c in cond.all) + ")"
    if cond.any is not None:
        return "(" + " or ".join(condition_xpath(c, form) for c in cond.any) + ")"
    if cond.not_ is not None:
        return f"not({condition_xpath(cond.not_, form)})"
    question = form.by_id[cond.question or ""]
    parts: list[str] = []
    if cond.answered is not None:
        parts.append(answered_expr(question) if cond.answered else f"not({answered_expr(question)})")
    if cond.is_ is not None:
        tests = [f"selected({ref(question.id)}, {literal(o)})" for o in cond.option_ids]
        parts.append(tests[0] if len(tests) == 1 else "(" + " or ".join(tests) + ")")
    if cond.min is not None:
        parts.append(f"{ref(question.id)} >= {cond.min}")
    if cond.max is not None:
        parts.append(f"{ref(question.id)} <= {cond.max}")
    expr = " and ".join(parts) if parts else "true()"
    if len(parts) > 1:
        expr = "(" + expr + ")"
    if question.when is None:
        return expr
    guard = condition_xpath(question.when, form)
    if cond.answered is False and cond.is_ is None and cond.min is None and cond.max is None:
        return f"(not({guard}) or {expr})"
    return f"({guard} and {expr})"
