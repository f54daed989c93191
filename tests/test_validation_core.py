"""The validator's core rules on form 149 (the command `phieu validate` has its own tests)."""

from __future__ import annotations

import copy

import pytest

from phieu_cli.responses.validation import check_response
from samples import CHUA_QUY_DINH, DA_QUY_DINH, response_dict


@pytest.mark.parametrize("answers", [CHUA_QUY_DINH, DA_QUY_DINH], ids=["chua_quy_dinh", "da_quy_dinh"])
def test_sample_answers_are_valid_and_complete(form149, answers):
    report = check_response(form149, response_dict(form149, answers), require_complete=True)
    assert report.problems == []


def _problems(form149, answers, **kw):
    report = check_response(form149, response_dict(form149, answers, **kw), require_complete=True)
    return {(p.ref, p.where, p.code) for p in report.problems}


def test_question_4_applies_only_when_question_1_is_chua_quy_dinh(form149):
    answers = copy.deepcopy(DA_QUY_DINH)
    answers["q4"] = {"khong_thay_doi": {}}
    assert ("Câu 4", "$.answers.q4", "not_applicable") in _problems(form149, answers)
    answers = copy.deepcopy(CHUA_QUY_DINH)
    del answers["q4"]
    assert ("Câu 4", "$.answers.q4", "required") in _problems(form149, answers)


def test_other_needs_its_text_and_blanks_need_their_option(form149):
    answers = copy.deepcopy(CHUA_QUY_DINH)
    answers["q2b"] = {"khac": {}}
    answers["q2a"] = {"so_tttt": {"ten_goi": "x"}}
    found = _problems(form149, answers)
    assert ("Câu 2b", "$.answers.q2b.khac.text", "required") in found
    assert ("Câu 2a", "$.answers.q2a.so_tttt.ten_goi", "unknown_field") in found


def test_exclusive_option_stands_alone(form149):
    answers = copy.deepcopy(CHUA_QUY_DINH)
    answers["q6b"]["thong_nhat_van_phong"] = {"ly_do": "x"}
    assert ("Câu 6b", "$.answers.q6b", "exclusive") in _problems(form149, answers)


def test_bounds_and_phone_numbers(form149):
    answers = copy.deepcopy(CHUA_QUY_DINH)
    answers["q3dd"] = -1
    answers["q7_1"]["phone"] = "0905 123 456"
    found = _problems(form149, answers)
    assert ("Câu 3đ", "$.answers.q3dd", "invalid") in found
    assert ("Câu 7.1", "$.answers.q7_1.phone", "invalid") in found


def test_a_draft_may_miss_answers_but_not_be_wrong(form149):
    data = response_dict(form149, {"q3dd": 2}, status="draft")
    assert check_response(form149, data).problems == []
    data["answers"]["q3e"] = "ba"
    report = check_response(form149, data)
    assert [(p.ref, p.code) for p in report.problems] == [("Câu 3e", "type")]
    assert report.checked_as == "draft"
    assert check_response(form149, data, require_complete=True).checked_as == "complete"


def test_nfd_text_is_read_as_nfc(form149):
    import unicodedata

    answers = copy.deepcopy(CHUA_QUY_DINH)
    answers["q5"] = unicodedata.normalize("NFD", "Thiếu nhân lực")
    data = response_dict(form149, answers)
    data["respondent"]["agency"] = unicodedata.normalize("NFD", "Sở Thông tin và Truyền thông")
    assert check_response(form149, data, require_complete=True).problems == []
