"""A JSON Schema (draft 2020-12) of the response files of one form: `phieu schema json-schema`.

It says what `phieu validate` says, in a language any validator speaks, so that a ministry's own tools can
check returns without phieu. tests/test_jsonschema_agreement.py runs the `jsonschema` library with it over
every example and every invalid case and asserts the same verdict as `phieu validate`.

How the rules are expressed:
- "No answer" is one definition (`#/$defs/blank`): absent, null, an all-space string, {} or []. Every answer
  is "blank, or a well-formed answer"; a complete response adds "not blank" where an answer is required.
- A condition (`when:`) is a schema of the answers object (`#/$defs/applies_<id>` for a question's). It tests
  the answers as written: phieu tests an earlier question only if that one applies itself, but a question
  that does not apply must be blank (else the file is invalid anyway), and a blank answer tests exactly like
  an absent one, so the verdict is the same.
- Rules nested in a question (an option offered only when…, a blank asked only when…) are placed on the
  answers object too, reaching down with `properties`: JSON Schema cannot look sideways from inside a value.
- Patterns are anchored with `^…(?![\\s\\S])` rather than `^…$`: in Python's `re` (which the jsonschema
  library uses) `$` also matches before a final newline. They mean the same in ECMA-262.

What a JSON Schema cannot say, and phieu checks (docs/response-format.md, "JSON Schema"): text is read as
NFC before lengths are counted; `updated_at` is not earlier than `created_at`; a whole number is written
without a fraction (JSON Schema's "integer" accepts 7.0); date bounds (`min`/`max` on a date); duplicate keys,
NaN, a byte-order mark, the size limit and the nesting limit are properties of the file, not of its data.
"""

from __future__ import annotations

import json
from typing import Any

from phieu_cli import __version__
from phieu_cli.common.text import FORBIDDEN_RANGES
from phieu_cli.form.check import LoadedForm
from phieu_cli.form.conditions import holds
from phieu_cli.form.model import CHOICE_KINDS, OTHER_TEXT_KEY, Blank, Condition, Form, Option, Question
from phieu_cli.form.values import NAME_MAX, PHONE_RE
from phieu_cli.responses.format import (
    DATE_PATTERN,
    FORMAT,
    FORMAT_VERSION,
    REQUIRED_FIELDS,
    TIMESTAMP_PATTERN,
)
from phieu_cli.responses.validation import REASON_MAX, warned_answers

# The text rule of common/text.py as a pattern, less the lone surrogates: Rust's regex (jsonschema-rs) refuses
# a \ud800 escape, so a schema holding one cannot be used there at all; a lone surrogate is a documented gap.
SCHEMA_FORBIDDEN = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in FORBIDDEN_RANGES if not 0xD800 <= a <= 0xDFFF)

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
BLANK = {"$ref": "#/$defs/blank"}
NOT_BLANK = {"not": BLANK}
OTHER_TEXT = Blank(id=OTHER_TEXT_KEY, label="Nội dung khác")

Schema = dict[str, Any]


def anchored(pattern: str) -> str:
    """The whole string matches *pattern*, in Python's re and in ECMA-262 alike."""
    return f"^(?:{pattern})(?![\\s\\S])"


def dump_schema(schema: Schema) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def response_schema(loaded: LoadedForm, *, require_complete: bool = False) -> Schema:
    """The schema of response files for *loaded*. *require_complete*: like `phieu validate --complete`."""
    return _Exporter(loaded).schema(require_complete)


class _Exporter:
    def __init__(self, loaded: LoadedForm) -> None:
        self.loaded = loaded
        self.form: Form = loaded.form
        self.defs: dict[str, Schema] = {}

    # --- the envelope ------------------------------------------------------------------------------------

    def schema(self, require_complete: bool) -> Schema:
        meta = self.form.form
        self.defs.update(
            blank={
                "description": "Không có câu trả lời / no answer: null, chuỗi chỉ có khoảng trắng, {} hoặc [].",
                # Each keyword applies to its own type only: one schema, no anyOf to try.
                "type": ["null", "string", "object", "array"],
                "pattern": anchored(r"\s*"),
                "maxProperties": 0,
                "maxItems": 0,
            },
            plain_text={
                "description": (
                    "Mọi chuỗi và mọi tên khóa, ở mọi cấp: không có ký tự điều khiển (trừ xuống dòng và tab), "
                    "U+FFFE/U+FFFF (phieu còn từ chối nửa cặp thay thế UTF-16 đứng lẻ). Every string and key, "
                    "at any depth: no control character but newline and tab, no U+FFFE/U+FFFF (phieu also "
                    "refuses a lone surrogate)."
                ),
                "pattern": anchored(f"[^{SCHEMA_FORBIDDEN}]*"),
                "propertyNames": {"$ref": "#/$defs/plain_text"},
                "additionalProperties": {"$ref": "#/$defs/plain_text"},
                "items": {"$ref": "#/$defs/plain_text"},
            },
            timestamp={
                "description": "RFC 3339 có múi giờ / with an offset, e.g. 2023-01-16T09:30:00+07:00",
                "type": "string",
                "pattern": anchored(TIMESTAMP_PATTERN),
            },
        )
        for question in self.form.questions:
            if question.when is not None:
                self.defs[f"applies_{question.id}"] = self.condition(question.when)
        self.defs["answers_draft"] = self.answers(whole=False)
        self.defs["answers_complete"] = self.answers(whole=True)
        self.defs["respondent_draft"] = self.respondent(whole=False)
        self.defs["respondent_complete"] = self.respondent(whole=True)
        complete_rules: Schema = {
            "properties": {
                "answers": {"$ref": "#/$defs/answers_complete"},
                "respondent": {"$ref": "#/$defs/respondent_complete"},
            }
        }
        is_complete = {"properties": {"status": {"const": "complete"}}, "required": ["status"]}
        rules: list[Schema] = [
            {"$ref": "#/$defs/plain_text"},
            {
                "if": is_complete,
                "then": {
                    "required": ["completed_at"],
                    "properties": {"completed_at": {"$ref": "#/$defs/timestamp"}},
                },
                "else": {"properties": {"completed_at": {"type": "null"}}},
            },
            {"if": is_complete, "then": {"properties": {"unconfirmed": {"maxProperties": 0}}}},
            complete_rules if require_complete else {"if": is_complete, "then": complete_rules},
        ]
        return {
            "$schema": DRAFT_2020_12,
            "title": f"Tệp trả lời phiếu {meta.id} {meta.version}",
            "description": (
                meta.title
                + (f" — {meta.letter.number}" if meta.letter else "")
                + f". Response file (format {FORMAT} {FORMAT_VERSION})"
                + (", checked as complete" if require_complete else ", complete or draft")
                + ". See docs/response-format.md."
            ),
            "$comment": f"Generated by phieu {__version__} from the form with hash {self.loaded.hash}.",
            "type": "object",
            "required": list(REQUIRED_FIELDS),
            "additionalProperties": False,
            "properties": {
                "format": {"const": FORMAT},
                "format_version": {"const": FORMAT_VERSION},
                "form": {
                    "type": "object",
                    "required": ["id", "version", "hash"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"const": meta.id},
                        "version": {"const": meta.version},
                        "hash": {"const": self.loaded.hash},
                    },
                },
                "respondent": {"$ref": "#/$defs/respondent_draft"},
                "status": {"enum": ["draft", "complete"]},
                "created_at": {"$ref": "#/$defs/timestamp"},
                "updated_at": {"$ref": "#/$defs/timestamp"},
                "completed_at": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/timestamp"}]},
                "generator": {"type": "string"},
                "answers": {"$ref": "#/$defs/answers_draft"},
                "unconfirmed": {
                    "description": (
                        "Chỉ trong bản nháp: nội dung đang gõ dở, chưa xác nhận, theo đường dẫn JSON của câu "
                        "trả lời; không phải câu trả lời. / Drafts only: text typed and not confirmed."
                    ),
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                },
                "confirmations": self.confirmations(),
            },
            "allOf": rules,
            "$defs": self.defs,
        }

    def confirmations(self) -> Schema:
        """Warnings confirmed with a reason: the answer paths of the form that carry warnings, each with the
        ids of its warnings; a reason is one line, not blank. Whether the warning fires is phieu's to say."""
        reason: Schema = {
            "type": "string",
            "maxLength": REASON_MAX,
            "not": {"anyOf": [{"pattern": "\\n"}, {"pattern": anchored(r"\s*")}]},
        }
        paths = warned_answers(self.form)
        return {
            "description": (
                "Cảnh báo đã được xác nhận kèm lý do: đường dẫn JSON của câu trả lời -> mã cảnh báo -> lý do. "
                "/ Warnings confirmed with a reason: answer path -> warning id -> reason."
            ),
            "type": "object",
            "additionalProperties": False,
            "properties": {
                where: {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {w.id: reason for w in item.warnings or []},
                }
                for where, item in paths.items()
            },
        }

    def respondent(self, *, whole: bool) -> Schema:
        """The form's respondent fields (validation.check_respondent): a listed field's ids, or one line of
        free text; in a complete response every required field is there and not blank."""
        # The envelope model takes a string or null here: {} and [] are wrong types, not "no answer".
        blank = {"type": ["null", "string"], "pattern": anchored(r"\s*")}
        properties: dict[str, Schema] = {}
        for key, field in self.form.respondent.items():
            if field.listed:
                self.defs[f"respondent_{key}_options"] = {"enum": [o.id for o in field.choices]}
                value: Schema = {"$ref": f"#/$defs/respondent_{key}_options"}
            else:
                value = _name(field.max_length or NAME_MAX)
            prop: Schema = {"title": field.label, "anyOf": [value, blank]}
            if whole and field.required:
                prop["not"] = blank
            properties[key] = prop
        schema: Schema = {"type": "object", "additionalProperties": False, "properties": properties}
        if whole:
            schema["required"] = [key for key, field in self.form.respondent.items() if field.required]
        return schema

    # --- answers -----------------------------------------------------------------------------------------

    def answers(self, *, whole: bool) -> Schema:
        rules: list[Schema] = []
        for q in self.form.questions:
            own = self.question_rules(q, whole)
            if q.when is None:
                rules.extend(own)
            else:
                rules.append(
                    {
                        "if": {"$ref": f"#/$defs/applies_{q.id}"},
                        "then": {"allOf": own},
                        "else": {"properties": {q.id: BLANK}},
                    }
                )
        return {
            "type": "object",
            "propertyNames": {"enum": [q.id for q in self.form.questions]},
            "allOf": rules,
        }

    def question_rules(self, q: Question, whole: bool) -> list[Schema]:
        """Rules on the answers object for *q* when it applies."""
        value = {"title": q.ref, "description": q.text, "anyOf": [self.question_value(q, whole), BLANK]}
        rules: list[Schema] = [{"properties": {q.id: value}}]
        if whole and q.required:
            rules.append({"required": [q.id], "properties": {q.id: NOT_BLANK}})
        if q.kind in CHOICE_KINDS:
            for option in q.options or []:
                if option.when is not None:
                    # Not offered: the option may not be chosen.
                    rules.append(
                        {
                            "if": {"not": self.condition(option.when)},
                            "then": {
                                "properties": {q.id: {"not": {"type": "object", "required": [option.id]}}}
                            },
                        }
                    )
                rules += self.conditional_blanks(option.followups, whole, [q.id, option.id])
        elif q.kind == "group":
            rules += self.conditional_blanks(q.fields or [], whole, [q.id])
        return rules

    def conditional_blanks(self, blanks: list[Blank], whole: bool, path: list[str]) -> list[Schema]:
        """Rules on the answers object for the blanks asked only when…, held at *path* below it.

        The holder is an option's detail ([question, option]; null there stands for {}, which cannot hold a
        required blank) or a group's value ([question]; a group that is itself blank is the question's
        business).
        """
        rules: list[Schema] = []
        for blank in blanks:
            if blank.when is None:
                continue
            rule: Schema = {
                "if": self.condition(blank.when),
                "else": _under([*path, blank.id], BLANK),  # not asked: no answer
            }
            if whole and blank.required:
                present: Schema = {
                    "type": "object",
                    "required": [blank.id],
                    "properties": {blank.id: NOT_BLANK},
                }
                rule["then"] = _under(path, present if len(path) == 2 else {"anyOf": [BLANK, present]})
            rules.append(rule)
        return rules

    def question_value(self, q: Question, whole: bool) -> Schema:
        """What a non-blank answer to *q* must be (the question applies)."""
        if q.kind in CHOICE_KINDS:
            return self.choice(q, whole)
        if q.kind == "group":
            return self.holder(q.fields or [], whole)
        return self.item(q, q.kind, whole)

    def choice(self, q: Question, whole: bool) -> Schema:
        options = q.options or []
        schema: Schema = {
            "type": "object",
            "propertyNames": {"enum": [o.id for o in options]},
            "properties": {o.id: self.detail(o, whole) for o in options},
        }
        if q.kind == "single":
            schema["maxProperties"] = 1
        else:
            if q.max_choices is not None:
                schema["maxProperties"] = q.max_choices
            if whole and q.min_choices is not None:
                schema["minProperties"] = q.min_choices
            exclusive = [
                {"if": {"required": [o.id]}, "then": {"maxProperties": 1}} for o in options if o.exclusive
            ]
            if exclusive:
                schema["allOf"] = exclusive
        return schema

    def detail(self, option: Option, whole: bool) -> Schema:
        """The detail of a chosen option: its blanks (and "text" for "Khác"); null stands for {}."""
        holder = self.holder(option.followups, whole, other=option.other)
        title = {"title": option.label}
        empty_is_enough = not whole or (
            not option.other and not any(b.required and b.when is None for b in option.followups)
        )
        return {**title, "anyOf": [holder, {"type": "null"}]} if empty_is_enough else {**title, **holder}

    def holder(self, blanks: list[Blank], whole: bool, *, other: bool = False) -> Schema:
        """An object of blanks by id: unknown ids refused, each blank "blank or well-formed"."""
        names = [b.id for b in blanks] + ([OTHER_TEXT_KEY] if other else [])
        properties = {b.id: {"title": b.label, "anyOf": [self.item(b, b.kind, whole), BLANK]} for b in blanks}
        schema: Schema = {"type": "object", "properties": properties}
        if names:
            schema["propertyNames"] = {"enum": names}
        else:
            schema["maxProperties"] = 0
        required = [b.id for b in blanks if whole and b.required and b.when is None]
        if other:
            properties[OTHER_TEXT_KEY] = {
                "title": "Khác: nội dung",
                "anyOf": [self.item(OTHER_TEXT, "text", whole), BLANK],
            }
            if whole:
                required.append(OTHER_TEXT_KEY)
        if required:
            schema["required"] = required
            schema["allOf"] = [{"properties": {name: NOT_BLANK for name in required}}]
        return schema

    def item(self, item: Question | Blank, kind: str, whole: bool) -> Schema:
        """A non-blank value of a text, number, phone, date or person."""
        if kind in ("text", "long_text"):
            schema: Schema = {"type": "string"}
            limit = item.length_limit(kind)
            if limit is not None:
                schema["maxLength"] = limit
            if kind == "text":
                schema["not"] = {"pattern": "[\\n\\r]"}
            return schema
        if kind == "integer":
            schema = {"type": "integer"}
            if isinstance(item.min, int):
                schema["minimum"] = item.min
            if isinstance(item.max, int):
                schema["maximum"] = item.max
            return schema
        if kind == "phone":
            return {"type": "string", "pattern": anchored(PHONE_RE.pattern.strip("^$"))}
        if kind == "date":
            schema = {"type": "string", "format": "date", "pattern": anchored(DATE_PATTERN)}
            if item.min is not None or item.max is not None:
                schema["$comment"] = (
                    f"phieu also checks the bounds {item.min} … {item.max}, which JSON Schema cannot compare"
                )
            return schema
        if kind == "person":
            parts = item.parts
            person: Schema = {
                "type": "object",
                "propertyNames": {"enum": list(parts)},
                "properties": {
                    part: {"anyOf": [self.item(item, "phone", whole) if part == "phone" else _name(), BLANK]}
                    for part in parts
                },
            }
            if whole and item.required:
                person["required"] = list(parts)
                person["allOf"] = [{"properties": {part: NOT_BLANK for part in parts}}]
            return person
        raise ValueError(f"no JSON Schema for kind {kind!r}")

    # --- conditions --------------------------------------------------------------------------------------

    def condition(self, cond: Condition) -> Schema:
        """A schema of the answers object that holds exactly when conditions.holds(cond, effective answers)."""
        if cond.all is not None:
            return {"allOf": [self.condition(c) for c in cond.all]}
        if cond.any is not None:
            return {"anyOf": [self.condition(c) for c in cond.any]}
        if cond.not_ is not None:
            return {"not": self.condition(cond.not_)}
        qid = cond.question or ""
        tests: list[Schema] = []
        if cond.answered is not None:
            tests.append(NOT_BLANK if cond.answered else BLANK)
        if cond.is_ is not None:
            ids = cond.option_ids
            chosen: Schema = (
                {"required": ids} if len(ids) == 1 else {"anyOf": [{"required": [i]} for i in ids]}
            )
            tests.append({"type": "object", **chosen})
        if cond.min is not None or cond.max is not None:
            number: Schema = {"type": "integer"}
            if cond.min is not None:
                number["minimum"] = cond.min
            if cond.max is not None:
                number["maximum"] = cond.max
            tests.append(number)
        value: Schema = tests[0] if len(tests) == 1 else {"allOf": tests}
        schema: Schema = {"properties": {qid: value}}
        if not holds(cond, {}):  # the test fails on an unanswered question: the answer must be there
            schema["required"] = [qid]
        return schema


def _name(limit: int = NAME_MAX) -> Schema:
    """A name, a position, a respondent's free text: one line of at most *limit* characters (values.check_name)."""
    return {"type": "string", "maxLength": limit, "not": {"pattern": "\\n"}}


def _under(path: list[str], rule: Schema) -> Schema:
    """*rule* applied at *path* below the answers object (vacuous where the path is absent)."""
    for key in reversed(path):
        rule = {"properties": {key: rule}}
    return rule
