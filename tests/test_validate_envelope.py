"""The response envelope as read from a file: strict times and version, every field stated, NFC, bad JSON."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest

from phieu_cli.common.text import nfc_deep
from phieu_cli.form.values import check_scalar
from phieu_cli.responses.format import DATE_PATTERN, REQUIRED_FIELDS, TIMESTAMP_PATTERN
from phieu_cli.responses.jsonfile import JsonFileError, json_text_is_nfc, parse_json_text
from phieu_cli.responses.validation import check_response
from samples import CHUA_QUY_DINH, DA_QUY_DINH, response_dict


def _codes(form149, data, **kw):
    return [(p.where, p.code) for p in check_response(form149, data, **kw).problems]


@pytest.mark.parametrize(
    "stamp",
    [
        "2023-01-16T09:30:00+07:00",
        "2023-01-16T02:30:00Z",
        "2024-02-29T23:59:59.123-05:30",
        "2023-01-16T09:30:00.5+00:00",
    ],
)
def test_times_written_as_rfc3339_with_an_offset_are_read(form149, stamp):
    data = response_dict(form149, DA_QUY_DINH)
    data["created_at"] = data["updated_at"] = data["completed_at"] = stamp
    assert _codes(form149, data) == []


@pytest.mark.parametrize(
    "stamp",
    [
        "2023-01-16T09:30:00",  # no offset: which time zone?
        "2023-01-16 09:30:00+07:00",
        "2023-01-16T09:30+07:00",
        "2023-01-16t09:30:00z",
        "2023-02-29T09:30:00+07:00",
        "2023-01-16T24:00:00Z",
        "2023-01-16T09:30:00+0700",
        "2023-01-16T09:30:00+07:00\n",
        1673836200,
        None,
    ],
)
def test_other_ways_of_writing_a_time_are_refused(form149, stamp):
    data = response_dict(form149, DA_QUY_DINH)
    data["created_at"] = stamp
    problems = check_response(form149, data).problems
    assert [(p.where, p.code) for p in problems] == [("$.created_at", "shape")]
    assert "2023-01-16T09:30:00+07:00" in problems[0].message or stamp is None


@pytest.mark.parametrize("version", [True, 1.0, "1"])
def test_format_version_is_the_integer_1(form149, version):
    data = response_dict(form149, DA_QUY_DINH)
    data["format_version"] = version
    assert _codes(form149, data) == [("$.format_version", "shape")]


def test_a_newer_format_version_asks_for_a_newer_phieu(form149):
    data = response_dict(form149, DA_QUY_DINH)
    data["format_version"] = 2
    [problem] = check_response(form149, data).problems
    assert problem.code == "format_version" and "cập nhật phieu" in problem.message


@pytest.mark.parametrize("key", REQUIRED_FIELDS[1:])
def test_every_field_but_generator_must_be_stated(form149, key):
    data = response_dict(form149, DA_QUY_DINH)
    del data[key]
    assert (f"$.{key}", "shape") in _codes(form149, data)


def test_generator_may_be_left_out(form149):
    data = response_dict(form149, DA_QUY_DINH)
    del data["generator"]
    assert _codes(form149, data) == []


def test_completed_at_goes_with_status(form149):
    data = response_dict(form149, DA_QUY_DINH)
    data["completed_at"] = None
    assert _codes(form149, data) == [("$.completed_at", "shape")]
    draft = response_dict(form149, {}, status="draft")
    draft["completed_at"] = draft["created_at"]
    assert _codes(form149, draft) == [("$.completed_at", "shape")]


def test_unconfirmed_text_is_not_an_answer_and_only_in_a_draft(form149):
    draft = response_dict(form149, {"qbc1": "Báo cáo."}, status="draft")
    draft["unconfirmed"] = {"$.answers.qbc2": "Đang gõ dở", "$.respondent.agency": "Sở"}
    assert _codes(form149, draft) == []
    whole = _codes(form149, draft, require_complete=True)
    assert ("$.answers.qbc2", "required") in whole and ("$.respondent.agency", "required") not in whole
    draft["unconfirmed"] = {"$.answers.qbc2": 5}
    assert _codes(form149, draft) == [("$.unconfirmed.$.answers.qbc2", "shape")]
    done = response_dict(form149, DA_QUY_DINH)
    done["unconfirmed"] = {}
    assert _codes(form149, done) == []
    done["unconfirmed"] = {"$.answers.q5": "Thêm"}
    assert _codes(form149, done) == [("$.unconfirmed", "shape")]


def test_date_pattern_is_the_calendar():
    pattern = re.compile(DATE_PATTERN)
    day = dt.date(1896, 1, 1)
    while day.year < 2105:  # every day, leap years 1896, 2000 and the non-leap 1900, 2100 included
        assert pattern.fullmatch(day.isoformat()), day
        day += dt.timedelta(days=1)
    for text in [
        "2023-02-29",
        "1900-02-29",
        "2100-02-29",
        "2023-04-31",
        "2023-13-01",
        "2023-00-10",
        "0000-01-01",
    ]:
        assert not pattern.fullmatch(text), text
    for text in ["2000-02-29", "2400-02-29", "0400-02-29", "0001-01-01", "9999-12-31"]:
        assert pattern.fullmatch(text), text
        dt.date.fromisoformat(text)
    assert re.compile(TIMESTAMP_PATTERN).fullmatch("2000-02-29T00:00:00Z")


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        ("phone", "0905123456", True),
        ("phone", "0905123456\n", False),  # "$" alone would have let the newline through
        ("date", "2023-01-17", True),
        ("date", "2023-W03-2", False),  # fromisoformat alone reads ISO week dates
        ("date", "20230117", False),
        ("date", "2023-02-29", False),
    ],
)
def test_single_values_are_matched_whole(form149, kind, value, ok):
    question = form149.form.by_id["q3dd"].model_copy(update={"min": None, "max": None})
    assert (check_scalar(kind, question, value) is None) is ok


def test_nfd_text_is_read_as_nfc_on_every_path(form149, tmp_path: Path):
    from phieu_cli.responses.validation import check_file

    answers = copy.deepcopy(CHUA_QUY_DINH)
    answers["q5"] = "x" * 499 + unicodedata.normalize("NFD", "ữ")  # NFC: 500 characters
    answers["q2b"] = {"khac": {"text": "x" * 499 + unicodedata.normalize("NFD", "ữ")}}
    data = response_dict(form149, answers)
    for escaped in (False, True):
        path = tmp_path / f"nfd_{escaped}.json"
        path.write_text(json.dumps(data, ensure_ascii=escaped), encoding="utf-8")
        assert check_file(form149, path).problems == []


@pytest.mark.parametrize(
    ("text", "shortcut"),
    [
        ('{"a": "e\\u0301"}', False),  # an escape can spell a decomposed letter
        ('{"a": "\\n\u0301"}', False),  # a mark after an escape: not NFC as text (n + mark composes)
        ('{"a": "\\n\u031b"}', True),  # n + horn does not compose: NFC as text, and as a value
        ('{"a": "ữ", "b": "\\t\\"ơ"}', True),
        ('{"a": "' + unicodedata.normalize("NFD", "ữ") + '"}', False),
    ],
)
def test_nfc_shortcut_is_only_taken_when_it_is_right(text, shortcut):
    data = parse_json_text(text, "x")
    assert json_text_is_nfc(text) is shortcut
    if shortcut:
        assert nfc_deep(data) == data


def _nest(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


@pytest.mark.parametrize(
    ("text", "deep"),
    [
        ('{"a": ' + _nest(31) + "}", False),
        ('{"a": ' + _nest(32) + "}", True),
        ('{"a": "' + "[" * 100 + '", "b": ' + _nest(20) + "}", False),  # brackets in strings do not nest
        ('{"a": "\\"' + "{" * 50 + '", "b": ' + _nest(31) + "}", False),  # nor after an escaped quote
        ('{"a": "\\"]]]]", "b": ' + _nest(32) + "}", True),
        ('{"a": ' + _nest(100_000) + "}", True),  # deeper than Python's own recursion limit
    ],
)
def test_nesting_limit(text, deep):
    if deep:
        with pytest.raises(JsonFileError) as caught:
            parse_json_text(text, "x.json")
        assert caught.value.problem.code == "too_deep"
    else:
        parse_json_text(text, "x.json")


def test_duplicate_keys_are_named():
    with pytest.raises(JsonFileError) as caught:
        parse_json_text('{"a": {"b": 1, "c": 2, "b": 3}}', "x.json")
    assert '"b"' in caught.value.problem.message


# --- the read path's envelope (responses/envelope.py) against the model (responses/format.py) --------------

_ENVELOPE_VALUES = {
    "format": ["phieu-response", "other", 1, None],
    "format_version": [1, 0, 2, True, 1.0, "1", None],
    "form": [
        {"id": "phieu_149", "version": "2023.1", "hash": "sha256:" + "a" * 64},
        {"id": 1, "version": None, "hash": "sha256:" + "A" * 64},
        {"hash": "sha256:" + "a" * 64 + "\n", "extra": 1},
        {},
        [],
        "x",
    ],
    "respondent": [{"province": "da_nang", "agency": None}, {"province": 3, "x": 1}, {}, None, []],
    "status": ["draft", "complete", "done", 1, None],
    "created_at": ["2023-01-16T09:30:00+07:00", "2023-01-16T09:30:00", "2023-02-30T09:30:00Z", 1673836200],
    "updated_at": ["2023-01-16T09:30:00.123456789Z", None, "2023-01-16 09:30:00+07:00"],
    "completed_at": [None, "2023-01-16T09:30:00-00:00", "x"],
    "generator": ["phieu 1", 1, None],
    "answers": [{}, {"q1": 1}, [], None, "x"],
    "confirmations": [
        {},
        {"$.answers.q3dd": {"w1": "Lý do"}},
        {"$.answers.q3dd": "Lý do"},
        {"$.answers.q3dd": {"w1": 1, "w2": None}},
        [],
        None,
        {"a": {}, "b": [], "c": {"w": "x"}},
    ],
}


def _envelope_cases():
    import random

    rng = random.Random(12)
    keys = list(_ENVELOPE_VALUES)
    for _ in range(600):
        data = {}
        for key in keys:
            if rng.random() < 0.85:
                data[key] = rng.choice(_ENVELOPE_VALUES[key])
        if rng.random() < 0.2:
            data[rng.choice(["zzz", "aaa", "note"])] = 1
        order = list(data.items())
        rng.shuffle(order)
        yield dict(order)


def test_the_plain_envelope_reports_what_the_model_reports():
    from pydantic import ValidationError

    from phieu_cli.responses.envelope import envelope_errors
    from phieu_cli.responses.format import Response

    for data in _envelope_cases():
        try:
            Response.model_validate(data)
            expected = []
        except ValidationError as exc:
            expected = [(e["type"], e["loc"], e.get("ctx", {}).get("expected")) for e in exc.errors()]
        got = [(e["type"], e["loc"], e["ctx"].get("expected")) for e in envelope_errors(data)]
        assert got == expected, data


def test_the_plain_envelope_has_every_field_of_the_model_in_order():
    """A field added to format.Response (or FormRef) needs its row in envelope.py too."""
    from phieu_cli.responses import envelope
    from phieu_cli.responses.format import FormRef, Response

    for table, model in ((envelope.FIELDS, Response), (envelope.FORM_REF_FIELDS, FormRef)):
        assert [name for name, _, _ in table] == list(model.model_fields), model.__name__
        assert [name for name, _, required in table if required] == [
            name for name, info in model.model_fields.items() if info.is_required()
        ], model.__name__
