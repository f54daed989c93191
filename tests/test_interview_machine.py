"""The interview state machine on form 149, without a terminal."""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

import pytest

from phieu_cli.interview.machine import BACK, RESPONDENT, Interview, Step, match_provinces
from phieu_cli.responses.validation import check_response
from samples import CHUA_QUY_DINH, DA_QUY_DINH, response_dict

PROVINCE_KEY = (RESPONDENT, "province")
AGENCY_KEY = (RESPONDENT, "agency")


def value_for(step: Step, target: dict[str, Any], province: str = "da_nang", agency: str = "Sở TT&TT") -> Any:
    """What a person aiming at *target* answers at *step* (None: skips it)."""
    if step.key == PROVINCE_KEY:
        return province
    if step.key == AGENCY_KEY:
        return agency
    node: Any = target
    for part in step.key:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    if step.kind == "single":
        return next(iter(node))
    if step.kind == "multiple":
        return list(node)
    return node


def play(iv: Interview, target: dict[str, Any], limit: int = 200) -> list[Step]:
    asked = []
    while (step := iv.current) is not None and limit:
        asked.append(step)
        iv.answer(value_for(step, target))
        limit -= 1
    return asked


def keys(iv: Interview) -> list[tuple[str, ...]]:
    return [s.key for s in iv.steps]


def test_steps_follow_the_form_and_the_options_chosen(form149):
    iv = Interview(form149.form)
    assert keys(iv)[:6] == [PROVINCE_KEY, AGENCY_KEY, ("qbc1",), ("qbc2",), ("qbc3",), ("qbc4",)]
    assert ("q4",) not in keys(iv) and ("q6b_2",) not in keys(iv)
    assert ("q7_1", "name") in keys(iv) and ("q7_1", "phone") in keys(iv)
    assert ("q2d", "chiu_trach_nhiem", "position") in keys(iv)
    iv.set(iv.step_for(("q1",)), "chua_quy_dinh")
    found = keys(iv)
    assert found.index(("q1", "chua_quy_dinh", "ly_do")) == found.index(("q1",)) + 1
    assert ("q4",) in found
    iv.set(iv.step_for(("q2b",)), "khac")
    assert ("q2b", "khac", "text") in keys(iv)


@pytest.mark.parametrize("target", [CHUA_QUY_DINH, DA_QUY_DINH], ids=["chua_quy_dinh", "da_quy_dinh"])
def test_answering_every_step_gives_the_sample_back(form149, target):
    iv = Interview(form149.form)
    asked = play(iv, target)
    assert iv.current is None  # the review screen
    assert iv.clean_answers() == target
    assert iv.problems() == []
    data = response_dict(form149, iv.clean_answers())
    assert check_response(form149, data, require_complete=True).problems == []
    refs = [s.ref for s in asked]
    assert ("Câu 4" in refs) == (target is CHUA_QUY_DINH)
    assert len(refs) == len(set(s.key for s in asked))  # no step asked twice


@pytest.mark.parametrize("target", [CHUA_QUY_DINH, DA_QUY_DINH], ids=["chua_quy_dinh", "da_quy_dinh"])
def test_the_draft_is_a_valid_draft_after_every_answer(form149, target):
    iv = Interview(form149.form)
    while (step := iv.current) is not None:
        iv.answer(value_for(step, target))
        data = response_dict(
            form149, iv.answers, status="draft", province=iv.respondent.get("province") or "da_nang"
        )
        data["respondent"]["province"] = iv.respondent.get("province")
        data["respondent"]["agency"] = iv.respondent.get("agency")
        assert check_response(form149, data).problems == [], step.ref


def test_back_returns_to_the_previous_step_with_its_answer_as_default(form149):
    iv = Interview(form149.form)
    assert not iv.can_go_back()
    assert iv.back() is False  # nothing before the first step
    iv.answer("ha_noi")
    iv.answer("Sở TT&TT")
    assert iv.current.key == ("qbc1",)
    assert iv.back() and iv.current.key == AGENCY_KEY
    assert iv.default(iv.current) == "Sở TT&TT"
    assert iv.back() and iv.current.key == PROVINCE_KEY
    assert iv.default(iv.current) == "ha_noi"
    iv.answer("da_nang")
    assert iv.current.key == AGENCY_KEY  # forward again, one step at a time
    assert iv.respondent["province"] == "da_nang"


def test_back_from_a_follow_up_goes_to_its_question(form149):
    iv = Interview(
        form149.form, copy.deepcopy(CHUA_QUY_DINH), respondent={"province": "da_nang", "agency": "Sở"}
    )
    iv.go_to(iv.step_for(("q1",)))
    iv.answer("chua_quy_dinh")
    assert iv.current.key == ("q1", "chua_quy_dinh", "ly_do")
    assert iv.back() and iv.current.key == ("q1",)
    assert iv.default(iv.current) == {"chua_quy_dinh": {"ly_do": "Đang trình UBND tỉnh ban hành quyết định."}}


def test_a_change_that_makes_answers_not_applicable_removes_them_and_says_which(form149):
    iv = Interview(
        form149.form, copy.deepcopy(CHUA_QUY_DINH), respondent={"province": "da_nang", "agency": "Sở"}
    )
    iv.go_to(iv.step_for(("q1",)))
    removed = iv.answer("da_quy_dinh")
    said = [str(r) for r in removed]
    assert any(r.startswith("Câu 1 – Lý do") for r in said)
    assert any(r.startswith("Câu 4 (") for r in said)
    assert "q4" not in iv.answers and ("q4",) not in keys(iv)
    assert iv.answers["q1"] == {"da_quy_dinh": {}}
    assert iv.current.key == ("q1", "da_quy_dinh", "qd_so_tttt")
    # Changing back offers what was typed before.
    iv.go_to(iv.step_for(("q1",)))
    iv.answer("chua_quy_dinh")
    assert iv.default(iv.current) == "Đang trình UBND tỉnh ban hành quyết định."
    assert iv.default(iv.step_for(("q4",))) == CHUA_QUY_DINH["q4"]


def test_unticking_an_option_drops_its_blanks(form149):
    iv = Interview(
        form149.form, copy.deepcopy(CHUA_QUY_DINH), respondent={"province": "da_nang", "agency": "Sở"}
    )
    iv.go_to(iv.step_for(("q6b",)))
    removed = iv.answer(["so_tttt_ky_thuat"])
    assert [str(r) for r in removed] == ["Câu 6b – Văn phòng UBND tỉnh chịu trách nhiệm… – Lý do"]
    assert iv.answers["q6b"] == {"so_tttt_ky_thuat": {"ly_do": "Sở có đội ngũ kỹ thuật."}}


def test_skipped_optional_steps_are_visited_and_left_out_of_the_file(form149):
    iv = Interview(form149.form)
    iv.answer("ha_noi")
    iv.answer("Sở")
    iv.answer("Báo cáo")  # BC1
    iv.answer("Tình hình")  # BC2
    assert iv.current.key == ("qbc3",) and not iv.current.required
    iv.answer(None)  # BC3 skipped
    assert iv.answers["qbc3"] is None
    assert "qbc3" not in iv.clean_answers()
    resumed = Interview(form149.form, iv.answers, respondent={"province": "ha_noi", "agency": "Sở"})
    assert resumed.current.key == ("qbc4",)  # resume does not ask the skipped one again


def test_resume_goes_to_the_first_unanswered_step(form149):
    answers = copy.deepcopy(CHUA_QUY_DINH)
    del answers["q3a"]["dvsn_so_tttt"]["ten_goi"]
    iv = Interview(form149.form, answers, respondent={"province": "da_nang", "agency": "Sở"})
    assert iv.current.key == ("q3a", "dvsn_so_tttt", "ten_goi")
    answers["q3a"]["dvsn_so_tttt"]["ten_goi"] = None  # a required step stored empty is still unanswered
    assert (
        Interview(form149.form, answers, respondent={"province": "da_nang", "agency": "Sở"}).current.key
        == iv.current.key
    )
    assert Interview(form149.form).current.key == PROVINCE_KEY
    done = Interview(form149.form, CHUA_QUY_DINH, respondent={"province": "da_nang", "agency": "Sở"})
    assert done.current is None and done.at_review


def test_edit_from_the_review_asks_that_question_then_what_became_applicable(form149):
    iv = Interview(
        form149.form, copy.deepcopy(DA_QUY_DINH), respondent={"province": "da_nang", "agency": "Sở"}
    )
    assert iv.at_review
    step, message = iv.find_target("1")
    assert message is None
    iv.edit(step)
    iv.answer("chua_quy_dinh")
    assert iv.current.key == ("q1", "chua_quy_dinh", "ly_do")
    iv.answer("Chưa ban hành")
    assert iv.current.key == ("q4",)  # newly applicable, unanswered
    iv.answer("khong_thay_doi")
    assert iv.at_review
    assert iv.problems() == []


def test_edit_one_answer_then_back_to_review_and_back_out_of_an_edit(form149):
    iv = Interview(
        form149.form, copy.deepcopy(DA_QUY_DINH), respondent={"province": "da_nang", "agency": "Sở"}
    )
    step, _ = iv.find_target("3d")
    iv.edit(step)
    assert iv.current.ref == "Câu 3đ"
    iv.answer(12)
    assert iv.at_review and iv.answers["q3dd"] == 12
    iv.edit(iv.find_target("Câu 7.1")[0])
    assert iv.current.key == ("q7_1", "name")
    assert iv.back() and iv.at_review  # back from the first step of the edit: the review again
    assert iv.back() and iv.current.key == iv.steps[-1].key  # back from the review: the last step


def test_find_target(form149):
    iv = Interview(
        form149.form, copy.deepcopy(DA_QUY_DINH), respondent={"province": "da_nang", "agency": "Sở"}
    )
    assert iv.find_target("tỉnh")[0].key == PROVINCE_KEY
    assert iv.find_target("Co quan")[0].key == AGENCY_KEY
    assert iv.find_target("câu 6b.1")[0].key == ("q6b_1",)
    assert iv.find_target("BC2")[0].key == ("qbc2",)
    step, message = iv.find_target("4")
    assert step is None and "Câu 4 không áp dụng" in message and "Câu 1 là" in message
    step, message = iv.find_target("9z")
    assert step is None and "Không có câu “9z”" in message and "6b.1" in message


def test_parse_uses_the_shared_value_rules(form149):
    iv = Interview(form149.form)
    phone = iv.step_for(("q7_1", "phone"))
    assert iv.parse(phone, "0905 123 456") == ("0905123456", None)
    assert iv.parse(phone, "+84 912.345.678") == ("0912345678", None)
    value, message = iv.parse(phone, "12345")
    assert value is None and "không hợp lệ" in message
    number = iv.step_for(("q3dd",))
    assert iv.parse(number, " 7 ") == (7, None)
    assert iv.parse(number, "-1")[1] == "-1 nhỏ hơn giá trị tối thiểu 0"
    assert "không phải số nguyên" in iv.parse(number, "bảy")[1]
    assert iv.parse(number, "")[1].startswith("Câu này bắt buộc")
    assert iv.parse(iv.step_for(("qbc3",)), "  ") == (None, None)  # optional: empty is a skip
    assert iv.parse(iv.step_for(("qbc1",)), "a\nb\n\n") == ("a\nb", None)
    name = iv.step_for(("q7_1", "name"))
    assert iv.parse(name, "Trần   Thị\nBình") == ("Trần Thị Bình", None)  # a pasted line break
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Nữ")
    value, _ = iv.parse(name, nfd)
    assert value == "Nguyễn Thị Nữ" and unicodedata.is_normalized("NFC", value)
    assert iv.parse(iv.step_for(PROVINCE_KEY), "da nang") == ("da_nang", None)


def test_check_choices_follows_the_schema(form149):
    iv = Interview(form149.form)
    step = iv.step_for(("q6b",))
    assert iv.check_choices(step, ["so_tttt_ky_thuat", "van_phong_noi_dung"]) is None
    assert "ít nhất một" in iv.check_choices(step, [])
    assert "Phải chọn riêng" in iv.check_choices(step, ["thong_nhat_so_tttt", "so_tttt_ky_thuat"])


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("da nang", "da_nang"),
        ("Đà Nẵng", "da_nang"),
        (unicodedata.normalize("NFD", "đà nẵng"), "da_nang"),
        ("Thành phố Hồ Chí Minh", "ho_chi_minh"),
        ("TP.HCM", "ho_chi_minh"),
        ("tinh dak lak", "dak_lak"),
        ("ha nam", "ha_nam"),
        ("hà", None),  # Hà Nội, Hà Nam, Hà Giang, Hà Tĩnh…
        ("Paris", None),
    ],
)
def test_provinces_are_found_with_or_without_diacritics(form149, typed, found):
    matches = match_provinces(form149.form.unit_options, typed)
    if found is None:
        assert len(matches) != 1
    else:
        assert [o.id for o in matches] == [found]


def test_province_messages(form149):
    iv = Interview(form149.form)
    step = iv.step_for(PROVINCE_KEY)
    assert "Có" in iv.parse(step, "ha")[1] and "Hãy gõ rõ hơn" in iv.parse(step, "ha")[1]
    assert iv.parse(step, "Paris")[1] == "Không có tỉnh, thành phố nào khớp với “Paris”."


def test_progress_counts_sections_and_the_questions_that_apply(form149):
    iv = Interview(form149.form)
    first = iv.progress(iv.step_for(PROVINCE_KEY))
    assert first.section_number is None and first.section_count == 7  # the parts numbered on the form
    assert iv.progress(iv.step_for(("qbc1",))).section_number is None  # the report block has no number
    progress = iv.progress(iv.step_for(("q3a",)))
    assert (progress.section_number, progress.section_count) == ("3", 7)  # "3. Công tác tổ chức…"
    before = progress.question_count
    iv.set(iv.step_for(("q1",)), "chua_quy_dinh")
    assert iv.progress(iv.step_for(("q3a",))).question_count == before + 1  # question 4 now applies


def test_back_sentinel_is_not_an_answer():
    assert repr(BACK) == "BACK"


def test_review_items_mark_missing_answers_and_what_does_not_apply(form149):
    from phieu_cli.documents.layout import build
    from phieu_cli.interview.review import MISSING, NOT_APPLICABLE, review_items
    from samples import DA_QUY_DINH

    answers = {k: v for k, v in DA_QUY_DINH.items() if k != "q2b"}
    doc = build(form149.form, answers, respondent={"province": "da_nang"}, status="draft")
    items = {item.number: item for item in review_items(doc, 80)}
    assert items["2b"].mark == MISSING and items["2b"].short.startswith("CHƯA TRẢ LỜI")
    assert items["Cơ quan"].mark == MISSING and items["Cơ quan"].ref == "Cơ quan"
    assert items["4"].mark == NOT_APPLICABLE  # only when question 1 is "chưa quy định"
    assert items["2b"].ref == "Câu 2b" and items["2b"].full[0].startswith("2b) ")
    assert all(len(item.line(60)) <= 60 for item in items.values())
