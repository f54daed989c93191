"""The form schema language: a paper form as plain data (pydantic models read from YAML).

See docs/schema.md. The models check shape (types, unknown keys); check.py checks meaning (ids,
references, bounds) and reports both with file:line:column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from phieu_cli.common.messages import t
from phieu_cli.common.text import slug
from phieu_cli.form.optionsets import option_set, option_set_noun
from phieu_cli.form.plain import CHOICE_KINDS as CHOICE_KINDS  # the constants live with the plain form
from phieu_cli.form.plain import DEFAULT_MAX_LENGTH as DEFAULT_MAX_LENGTH
from phieu_cli.form.plain import OTHER_TEXT_KEY as OTHER_TEXT_KEY
from phieu_cli.form.plain import PERSON_PART_LABELS as PERSON_PART_LABELS

ID_PATTERN, ID_MAX, TEXT_MAX = r"^[a-z][a-z0-9_]*$", 64, 4000  # also what a list in a CSV file must hold
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=TEXT_MAX)]

ChoiceKind = Literal["single", "multiple"]
BlankKind = Literal["text", "long_text", "integer", "phone", "date", "person"]
QuestionKind = Literal[
    "single", "multiple", "text", "long_text", "integer", "phone", "date", "person", "group"
]
PersonPart = Literal["name", "position", "phone"]

DEFAULT_PERSON_PARTS: tuple[PersonPart, ...] = ("name", "phone")
PERSON_PART_LABELS_EN = {"name": "Full name", "position": "Position", "phone": "Mobile phone"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Condition(_Model):
    """When something applies. A leaf tests one earlier question; all/any/not combine leaves.

    `{question: q1, is: chua_quy_dinh}` — the answer is that option (for multiple choice: includes it);
    `is` may be a list (any of them). `{question: q3dd, min: 1}` — a whole number within bounds.
    `{question: q2d, answered: true}`.
    """

    question: Id | None = None
    is_: Id | list[Id] | None = Field(default=None, alias="is")
    answered: bool | None = None
    min: int | None = None
    max: int | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    @property
    def option_ids(self) -> list[str]:
        if self.is_ is None:
            return []
        return [self.is_] if isinstance(self.is_, str) else list(self.is_)

    def leaves(self) -> Iterator[Condition]:
        if self.question is not None:
            yield self
        for child in (self.all or []) + (self.any or []) + ([self.not_] if self.not_ else []):
            yield from child.leaves()


class Messages(_Model):
    """Custom messages shown instead of the generic ones."""

    required: Text | None = None
    required_en: Text | None = None
    invalid: Text | None = None
    invalid_en: Text | None = None


class SoftCheck(_Model):
    """A warning on an answer (issue 13 §2): plausible values the paper can only hint at. It fires when the
    answer is outside `min`/`max` and (when given) `when` holds; a fired warning is not an error: the person
    corrects the answer or confirms it with a reason. `id` defaults to "w1", "w2"… by position."""

    id: Id | None = None
    min: int | dt.date | None = None
    max: int | dt.date | None = None
    when: Condition | None = None
    message: Text
    message_en: Text | None = None


def warning_id(check: SoftCheck, index: int) -> str:
    """The id a confirmation names: the one written, or "w1", "w2"… by position."""
    return check.id or f"w{index + 1}"


class _Answerable(_Model):
    """What a question and a blank share: kind, required, bounds, help, condition, warnings."""

    required: bool = True
    help: Text | None = None
    help_en: Text | None = None
    when: Condition | None = None
    min: int | dt.date | None = None
    max: int | dt.date | None = None
    max_length: Annotated[int, Field(gt=0, le=100_000)] | None = None
    person_fields: list[PersonPart] | None = None
    messages: Messages | None = None
    warnings: list[SoftCheck] | None = None

    @property
    def parts(self) -> tuple[PersonPart, ...]:
        return tuple(self.person_fields) if self.person_fields else DEFAULT_PERSON_PARTS

    def length_limit(self, kind: str) -> int | None:
        return self.max_length or DEFAULT_MAX_LENGTH.get(kind)


class Blank(_Answerable):
    """A blank on the paper: "Tên gọi: ....", "Lý do: ....". Belongs to an option or to a group question."""

    id: Id
    label: Text
    label_en: Text | None = None
    kind: BlankKind = "text"


class Option(_Model):
    """A checkbox. `other: true` makes it "Khác: ....." (its text is then required)."""

    id: Id
    label: Text
    label_en: Text | None = None
    other: bool = False
    exclusive: bool = False
    help: Text | None = None
    when: Condition | None = None
    followups: list[Blank] = Field(default_factory=list)


class Question(_Answerable):
    """A printed question: its number as printed ("3đ"), its wording, and the kind of answer."""

    id: Id
    number: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    text: Text
    text_en: Text | None = None
    kind: QuestionKind
    options: list[Option] | None = None
    min_choices: Annotated[int, Field(ge=0)] | None = None
    max_choices: Annotated[int, Field(ge=1)] | None = None
    fields: list[Blank] | None = None

    @model_validator(mode="before")
    @classmethod
    def _id_from_number(cls, data: object) -> object:
        # The stable id defaults to the printed number: "3đ" -> "q3dd", "6b.1" -> "q6b_1".
        if isinstance(data, dict) and "id" not in data and isinstance(data.get("number"), (str, int)):
            return {"id": "q" + slug(str(data["number"])), **data}
        return data

    @property
    def ref(self) -> str:
        """How the question is named to people: "Câu 3đ" ("Question 3đ" in English)."""
        return t("Câu {number}", number=self.number)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options or [] if o.id == option_id), None)


class Section(_Model):
    id: Id
    number: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    title: Text
    title_en: Text | None = None
    intro: Text | None = None
    questions: list[Question] = Field(min_length=1)


class Letter(_Model):
    number: Text
    date: dt.date
    place: Text | None = None
    subject: Text | None = None
    signer: Text | None = None
    signer_title: Text | None = None
    # The issuer as a sentence names it ("Bộ Thông tin và Truyền thông"): the reply's opening cites the
    # letter "của" this body. `issuer` is the capitalised line of the letterhead.
    issued_by: Text | None = None
    issued_by_en: Text | None = None


class Reply(_Model):
    """What the reply to the letter says besides the answers: whom it is addressed to ("Kính gửi: …") and
    who else receives a copy ("Nơi nhận", between "Như trên;" and "Lưu: VT, …")."""

    to: Text
    to_en: Text | None = None
    copies: list[Text] = Field(default_factory=list)
    copies_en: list[Text] | None = None  # the same copies in English, in the same order


class FormMeta(_Model):
    id: Id
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    title: Text
    title_en: Text | None = None
    issuer: Text
    issuer_en: Text | None = None
    issuer_unit: Text | None = None
    letter: Letter | None = None  # no cover letter: no reply letter, no "Kèm theo …" line
    annex_note: Text | None = None
    annex_note_en: Text | None = None
    deadline: dt.date | None = None
    addressees: list[Text] = Field(default_factory=list)
    contact: Text | None = None
    reply: Reply | None = None


class RespondentField(_Model):
    """One thing the respondent states about itself ("Tỉnh, thành phố…", "Cơ quan…", "Người liên hệ").

    A list (`options_from` a built-in set, `options` written out, or `options_file` a CSV beside the schema)
    or free text. `unit: true` marks the field the roll-up counts by (default: the first field with a list);
    `noun` is how documents and the summary name one unit ("tỉnh, thành phố", "bộ, ngành").
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True, ignored_types=(cached_property,))

    label: Text
    label_en: Text | None = None
    help: Text | None = None
    help_en: Text | None = None
    required: bool = True
    max_length: Annotated[int, Field(gt=0, le=1000)] | None = None  # free text; default values.NAME_MAX
    options_from: Id | None = None
    options: list[Option] | None = None
    options_file: Annotated[str, StringConstraints(min_length=1, max_length=255)] | None = None
    unit: bool | None = None
    noun: Text | None = None
    noun_en: Text | None = None
    _file_options: list[Option] | None = PrivateAttr(default=None)

    @property
    def listed(self) -> bool:
        """A field answered from a list (not free text)."""
        return bool(self.options or self.options_from or self.options_file)

    def use_file_options(self, options: list[Option]) -> None:
        """The options read from `options_file` (form.check reads the CSV beside the schema)."""
        self._file_options = options
        self.__dict__.pop("choices", None)

    @cached_property
    def choices(self) -> list[Option]:
        """The options of a listed field, in the form's order ([] for free text)."""
        if self.options:
            return list(self.options)
        if self.options_file:
            return list(self._file_options or [])
        return [Option(id=id_, label=label) for id_, label in option_set(self.options_from or "")]

    def choice_label(self, value: str) -> str | None:
        return next((o.label for o in self.choices if o.id == value), None)


class Form(_Model):
    """A whole form. `phieu_schema` is the version of this schema language."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, ignored_types=(cached_property,))

    phieu_schema: Literal[1]
    form: FormMeta
    respondent: dict[Id, RespondentField] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)

    @cached_property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def by_number(self) -> dict[str, Question]:
        return {q.number: q for q in self.questions}

    @cached_property
    def unit_id(self) -> str:
        """The respondent field the roll-up counts by: the one marked `unit: true`, else the first with a
        list, else the first field (a field marked `unit: false` only when nothing else is left)."""
        fields = self.respondent
        marked = [key for key, field in fields.items() if field.unit]
        listed = [key for key, field in fields.items() if field.listed and field.unit is not False]
        free = [key for key, field in fields.items() if field.unit is not False]
        return (marked or listed or free or list(fields))[0]

    @property
    def unit_field(self) -> RespondentField:
        return self.respondent[self.unit_id]

    @property
    def unit_noun(self) -> str:
        """How one unit is named: "tỉnh, thành phố" (a built-in province set), the field's `noun`, "đơn vị"."""
        return self.unit_field.noun or option_set_noun(self.unit_field.options_from)[0]

    @property
    def unit_noun_en(self) -> str:
        return self.unit_field.noun_en or option_set_noun(self.unit_field.options_from)[1]

    @property
    def unit_options(self) -> list[Option]:
        """Every unit the form goes to, in the form's order; [] when the unit is free text."""
        return self.unit_field.choices

    def unit_label(self, unit: str) -> str | None:
        return self.unit_field.choice_label(unit)
