"""The form as plain objects: what checking a response (and `phieu summary`'s report) needs, without pydantic.

form/model.py (pydantic) checks a schema when its YAML is loaded; plain_form() then copies what validation
reads into these small classes, with the same attribute names, so responses/validation.py (the one validator),
form/conditions.py and form/values.py run on them unchanged. to_data()/from_data() turn a PlainForm into JSON
data and back: form/cache.py keeps it per schema file, so `phieu validate` need not load YAML or pydantic.

Imports nothing heavy on purpose (no typing, dataclasses, pathlib): it is on the start-up path of validate.
"""

from __future__ import annotations

import datetime as dt
import os

from phieu_cli.common.messages import t

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from phieu_cli.form.model import Blank, Condition, Form, Messages, Option, Question, SoftCheck

# Constants of the form language, here so that the light modules need not import the models.
CHOICE_KINDS: frozenset[str] = frozenset({"single", "multiple"})
DEFAULT_MAX_LENGTH = {"text": 500, "long_text": 20_000}
DEFAULT_PERSON_PARTS: tuple[str, ...] = ("name", "phone")
PERSON_PART_LABELS = {"name": "Họ và tên", "position": "Chức vụ", "phone": "Số điện thoại di động"}
OTHER_TEXT_KEY = "text"
BUNDLED_FORM = "phieu_149.yaml"


def bundled_form_file() -> str:
    """The form shipped with phieu: inside the installed package, or schema/ in a source checkout."""
    here = os.path.dirname(os.path.realpath(__file__))
    packaged = os.path.join(here, "bundled", BUNDLED_FORM)
    if os.path.isfile(packaged):
        return packaged
    # src/phieu_cli/form/plain.py -> the checkout
    return os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(here))), "schema", BUNDLED_FORM)


class PlainMessages:
    __slots__ = ("invalid", "invalid_en", "required", "required_en")

    def __init__(
        self,
        required: str | None,
        invalid: str | None,
        required_en: str | None = None,
        invalid_en: str | None = None,
    ) -> None:
        self.required = required
        self.invalid = invalid
        self.required_en = required_en
        self.invalid_en = invalid_en


class PlainCondition:
    __slots__ = ("all", "answered", "any", "is_", "max", "min", "not_", "question")

    def __init__(
        self,
        question: str | None = None,
        is_: str | list[str] | None = None,
        answered: bool | None = None,
        min: int | None = None,
        max: int | None = None,
        all: list[PlainCondition] | None = None,
        any: list[PlainCondition] | None = None,
        not_: PlainCondition | None = None,
    ) -> None:
        self.question = question
        self.is_ = is_
        self.answered = answered
        self.min = min
        self.max = max
        self.all = all
        self.any = any
        self.not_ = not_

    @property
    def option_ids(self) -> list[str]:
        if self.is_ is None:
            return []
        return [self.is_] if isinstance(self.is_, str) else list(self.is_)

    def leaves(self) -> Iterator[PlainCondition]:
        if self.question is not None:
            yield self
        for child in (self.all or []) + (self.any or []) + ([self.not_] if self.not_ else []):
            yield from child.leaves()


Bound = int | dt.date | None


class PlainWarning:
    """A soft check (form.model.SoftCheck) with its id settled ("w1", "w2"… when the form gives none)."""

    __slots__ = ("id", "max", "message", "message_en", "min", "when")

    def __init__(
        self,
        id: str,
        message: str,
        message_en: str | None = None,
        min: Bound = None,
        max: Bound = None,
        when: PlainCondition | None = None,
    ) -> None:
        self.id = id
        self.message = message
        self.message_en = message_en
        self.min = min
        self.max = max
        self.when = when


class _PlainAnswerable:
    """What a question and a blank share (as form.model._Answerable)."""

    __slots__ = (
        "id",
        "kind",
        "max",
        "max_length",
        "messages",
        "min",
        "person_fields",
        "required",
        "warnings",
        "when",
    )

    id: str
    kind: str
    required: bool
    when: PlainCondition | None
    min: Bound
    max: Bound
    max_length: int | None
    person_fields: list[str] | None
    messages: PlainMessages | None
    warnings: list[PlainWarning] | None

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.person_fields) if self.person_fields else DEFAULT_PERSON_PARTS

    def length_limit(self, kind: str) -> int | None:
        return self.max_length or DEFAULT_MAX_LENGTH.get(kind)


class PlainBlank(_PlainAnswerable):
    __slots__ = ("label", "label_en")

    def __init__(self, id: str, label: str, kind: str = "text", label_en: str | None = None) -> None:
        self.id = id
        self.label = label
        self.label_en = label_en  # messages name the blank in English with it (common.messages.label)
        self.kind = kind
        self.required = True
        self.when = None
        self.min = self.max = None
        self.max_length = None
        self.person_fields = None
        self.messages = None
        self.warnings = None


class PlainOption:
    __slots__ = ("exclusive", "followups", "id", "label", "label_en", "other", "when")

    def __init__(
        self,
        id: str,
        label: str,
        other: bool = False,
        exclusive: bool = False,
        when: PlainCondition | None = None,
        followups: list[PlainBlank] | None = None,
        label_en: str | None = None,
    ) -> None:
        self.id = id
        self.label = label
        self.label_en = label_en
        self.other = other
        self.exclusive = exclusive
        self.when = when
        self.followups: list[PlainBlank] = followups if followups is not None else []


class PlainQuestion(_PlainAnswerable):
    __slots__ = ("fields", "max_choices", "min_choices", "number", "options", "text")

    def __init__(self, id: str, number: str, kind: str, text: str = "") -> None:
        self.id = id
        self.number = number
        self.kind = kind
        self.text = text  # the wording, as printed: `phieu summary` titles its tables with it
        self.required = True
        self.when = None
        self.min = self.max = None
        self.max_length = None
        self.person_fields = None
        self.messages = None
        self.warnings = None
        self.options: list[PlainOption] | None = None
        self.min_choices: int | None = None
        self.max_choices: int | None = None
        self.fields: list[PlainBlank] | None = None

    @property
    def ref(self) -> str:
        """How the question is named to people: "Câu 3đ" ("Question 3đ" in English)."""
        return t("Câu {number}", number=self.number)


class PlainSection:
    __slots__ = ("id", "questions")

    def __init__(self, id: str, questions: list[PlainQuestion]) -> None:
        self.id = id
        self.questions = questions


class PlainMeta:
    __slots__ = ("id", "version")

    def __init__(self, id: str, version: str) -> None:
        self.id = id
        self.version = version


class PlainRespondentField:
    """A respondent field (form.model.RespondentField): its label (and English), whether it is required, and
    its list as (id, label) pairs (None: free text)."""

    __slots__ = ("_labels", "choices", "id", "label", "label_en", "max_length", "required")

    def __init__(
        self,
        id: str,
        label: str,
        required: bool,
        max_length: int | None,
        choices: list[tuple[str, str]] | None,
        label_en: str | None = None,
    ) -> None:
        self.id = id
        self.label = label
        self.label_en = label_en
        self.required = required
        self.max_length = max_length
        self.choices = choices
        self._labels: dict[str, str] | None = None

    @property
    def listed(self) -> bool:
        return self.choices is not None

    def choice_label(self, value: str) -> str | None:
        if self._labels is None:
            labels: dict[str, str] = {}
            for id_, label in self.choices or []:
                labels.setdefault(id_, label)  # the first, as RespondentField.choice_label
            self._labels = labels
        return self._labels.get(value)


class PlainForm:
    """The parts of a Form that checking a response and the summary's text report read, under the same names."""

    __slots__ = (
        "_unit_options",
        "by_id",
        "form",
        "questions",
        "respondent",
        "sections",
        "unit_id",
        "unit_noun",
        "unit_noun_en",
    )

    def __init__(
        self,
        form: PlainMeta,
        respondent: list[PlainRespondentField],
        sections: list[PlainSection],
        unit_id: str,
        unit_noun: str,
        unit_noun_en: str,
    ) -> None:
        self.form = form
        self.respondent = {field.id: field for field in respondent}  # in the form's order
        self.sections = sections
        self.unit_id = unit_id  # the respondent field the roll-up counts by
        self.unit_noun = unit_noun  # "tỉnh, thành phố", "đơn vị"
        self.unit_noun_en = unit_noun_en  # "province", "unit"
        self.questions = [q for s in sections for q in s.questions]
        self.by_id = {q.id: q for q in self.questions}
        self._unit_options: list[PlainOption] | None = None

    @property
    def unit_field(self) -> PlainRespondentField:
        return self.respondent[self.unit_id]

    @property
    def unit_options(self) -> list[PlainOption]:
        """Every unit the form goes to, in the form's order; [] when the unit is free text (Form.unit_options)."""
        if self._unit_options is None:
            self._unit_options = [PlainOption(id_, label) for id_, label in self.unit_field.choices or []]
        return self._unit_options

    def unit_label(self, unit: str) -> str | None:
        return self.unit_field.choice_label(unit)


# --- from the pydantic models -----------------------------------------------------------------------------


def plain_form(form: Form | PlainForm) -> PlainForm:
    """The plain copy of *form* (made once per Form object, kept with it)."""
    if isinstance(form, PlainForm):
        return form
    hit = _FROM_MODEL.get(id(form))
    if hit is not None and hit[0] is form:
        return hit[1]
    made = _from_model(form)
    _FROM_MODEL[id(form)] = (form, made)
    return made


# Keyed by id() with the object kept alongside, so an id is never reused while its entry lives.
_FROM_MODEL: dict[int, tuple[object, PlainForm]] = {}


def _from_model(form: Form) -> PlainForm:
    def cond(c: Condition | None) -> PlainCondition | None:
        if c is None:
            return None
        return PlainCondition(
            question=c.question,
            is_=c.is_ if isinstance(c.is_, str) or c.is_ is None else list(c.is_),
            answered=c.answered,
            min=c.min,
            max=c.max,
            all=[x for x in map(cond, c.all) if x is not None] if c.all is not None else None,
            any=[x for x in map(cond, c.any) if x is not None] if c.any is not None else None,
            not_=cond(c.not_),
        )

    def messages(m: Messages | None) -> PlainMessages | None:
        return None if m is None else PlainMessages(m.required, m.invalid, m.required_en, m.invalid_en)

    def warning(index: int, w: SoftCheck) -> PlainWarning:
        return PlainWarning(w.id or f"w{index + 1}", w.message, w.message_en, w.min, w.max, cond(w.when))

    def answerable(target: _PlainAnswerable, item: Question | Blank) -> None:
        target.warnings = [warning(i, w) for i, w in enumerate(item.warnings)] if item.warnings else None
        target.required = item.required
        target.when = cond(item.when)
        target.min = item.min
        target.max = item.max
        target.max_length = item.max_length
        target.person_fields = list(item.person_fields) if item.person_fields is not None else None
        target.messages = messages(item.messages)

    def blank(b: Blank) -> PlainBlank:
        out = PlainBlank(b.id, b.label, b.kind, b.label_en)
        answerable(out, b)
        return out

    def option(o: Option) -> PlainOption:
        followups = [blank(b) for b in o.followups]
        return PlainOption(o.id, o.label, o.other, o.exclusive, cond(o.when), followups, o.label_en)

    def question(q: Question) -> PlainQuestion:
        out = PlainQuestion(q.id, q.number, q.kind, q.text)
        answerable(out, q)
        out.options = [option(o) for o in q.options] if q.options is not None else None
        out.min_choices = q.min_choices
        out.max_choices = q.max_choices
        out.fields = [blank(b) for b in q.fields] if q.fields is not None else None
        return out

    return PlainForm(
        PlainMeta(form.form.id, form.form.version),
        [
            PlainRespondentField(
                key,
                field.label,
                field.required,
                field.max_length,
                [(o.id, o.label) for o in field.choices] if field.listed else None,
                field.label_en,
            )
            for key, field in form.respondent.items()
        ],
        [PlainSection(s.id, [question(q) for q in s.questions]) for s in form.sections],
        form.unit_id,
        form.unit_noun,
        form.unit_noun_en,
    )


# --- as JSON data and back (form/cache.py) ----------------------------------------------------------------


def to_data(form: PlainForm) -> dict[str, Any]:
    """*form* as JSON-ready data; from_data() gives an equal PlainForm back."""

    def cond(c: PlainCondition | None) -> Any:
        if c is None:
            return None
        return [
            c.question,
            c.is_,
            c.answered,
            c.min,
            c.max,
            [cond(x) for x in c.all] if c.all is not None else None,
            [cond(x) for x in c.any] if c.any is not None else None,
            cond(c.not_),
        ]

    def bound(value: Bound) -> Any:
        return {"date": value.isoformat()} if isinstance(value, dt.date) else value

    def answerable(item: _PlainAnswerable) -> list[Any]:
        m = item.messages
        return [
            item.id,
            item.kind,
            item.required,
            cond(item.when),
            bound(item.min),
            bound(item.max),
            item.max_length,
            item.person_fields,
            None if m is None else [m.required, m.invalid, m.required_en, m.invalid_en],
        ]

    def warnings(item: _PlainAnswerable) -> Any:
        if not item.warnings:
            return None
        return [
            [w.id, w.message, w.message_en, bound(w.min), bound(w.max), cond(w.when)] for w in item.warnings
        ]

    def blank(b: PlainBlank) -> list[Any]:
        return [*answerable(b), b.label, warnings(b), b.label_en]

    def option(o: PlainOption) -> list[Any]:
        return [
            o.id,
            o.label,
            o.other,
            o.exclusive,
            cond(o.when),
            [blank(b) for b in o.followups],
            o.label_en,
        ]

    def question(q: PlainQuestion) -> list[Any]:
        return [
            *answerable(q),
            q.number,
            [option(o) for o in q.options] if q.options is not None else None,
            q.min_choices,
            q.max_choices,
            [blank(b) for b in q.fields] if q.fields is not None else None,
            warnings(q),
            q.text,
        ]

    return {
        "form": [form.form.id, form.form.version],
        "respondent": [
            [
                f.id,
                f.label,
                f.required,
                f.max_length,
                [list(c) for c in f.choices] if f.choices is not None else None,
                f.label_en,
            ]
            for f in form.respondent.values()
        ],
        "sections": [[s.id, [question(q) for q in s.questions]] for s in form.sections],
        "unit": [form.unit_id, form.unit_noun, form.unit_noun_en],
    }


def from_data(data: dict[str, Any]) -> PlainForm:
    """The PlainForm that to_data() wrote. Raises (KeyError, TypeError, ValueError…) on anything else."""

    def cond(c: Any) -> PlainCondition | None:
        if c is None:
            return None
        question, is_, answered, low, high, all_, any_, not_ = c
        return PlainCondition(
            question,
            is_,
            answered,
            low,
            high,
            [x for x in map(cond, all_) if x is not None] if all_ is not None else None,
            [x for x in map(cond, any_) if x is not None] if any_ is not None else None,
            cond(not_),
        )

    def bound(value: Any) -> Bound:
        return dt.date.fromisoformat(value["date"]) if isinstance(value, dict) else value

    def answerable(target: _PlainAnswerable, row: list[Any]) -> None:
        _, _, required, when, low, high, max_length, person_fields, messages = row[:9]
        target.required = required
        target.when = cond(when)
        target.min = bound(low)
        target.max = bound(high)
        target.max_length = max_length
        target.person_fields = person_fields
        target.messages = None if messages is None else PlainMessages(*messages)

    def warnings(rows: Any) -> list[PlainWarning] | None:
        if rows is None:
            return None
        return [
            PlainWarning(id_, message, message_en, bound(low), bound(high), cond(when))
            for id_, message, message_en, low, high, when in rows
        ]

    def blank(row: list[Any]) -> PlainBlank:
        out = PlainBlank(row[0], row[9], row[1], row[11])
        answerable(out, row)
        out.warnings = warnings(row[10])
        return out

    def option(row: list[Any]) -> PlainOption:
        id_, label, other, exclusive, when, followups, label_en = row
        return PlainOption(id_, label, other, exclusive, cond(when), [blank(b) for b in followups], label_en)

    def question(row: list[Any]) -> PlainQuestion:
        out = PlainQuestion(row[0], row[9], row[1], row[15])
        answerable(out, row)
        options, low, high, fields = row[10:14]
        out.options = [option(o) for o in options] if options is not None else None
        out.min_choices = low
        out.max_choices = high
        out.fields = [blank(b) for b in fields] if fields is not None else None
        out.warnings = warnings(row[14])
        return out

    def respondent_field(row: list[Any]) -> PlainRespondentField:
        id_, label, required, max_length, choices, label_en = row
        listed = [(c_id, c_label) for c_id, c_label in choices] if choices is not None else None
        return PlainRespondentField(id_, label, required, max_length, listed, label_en)

    form_id, version = data["form"]
    unit_id, unit_noun, unit_noun_en = data["unit"]
    return PlainForm(
        PlainMeta(form_id, version),
        [respondent_field(row) for row in data["respondent"]],
        [PlainSection(s_id, [question(q) for q in questions]) for s_id, questions in data["sections"]],
        unit_id,
        unit_noun,
        unit_noun_en,
    )
