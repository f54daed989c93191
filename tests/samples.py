"""Sample answers for form 149, shared by the tests. Each is a complete, valid set for one branch."""

from __future__ import annotations

import copy
import json
from typing import Any

from phieu_cli.form.check import LoadedForm
from phieu_cli.responses.format import dump_response, new_response, now

# Branch "chưa quy định": question 4 applies.
CHUA_QUY_DINH: dict[str, Any] = {
    "qbc1": "Cổng TTĐT tỉnh được xây dựng năm 2015, nâng cấp năm 2021.",
    "qbc2": "Cổng hoạt động ổn định, trung bình 20.000 lượt truy cập mỗi ngày.",
    "qbc3": "Thiếu cán bộ kỹ thuật.",
    "qbc4": "Đề nghị Bộ ban hành hướng dẫn thống nhất.",
    "q1": {"chua_quy_dinh": {"ly_do": "Đang trình UBND tỉnh ban hành quyết định."}},
    "q2a": {"so_tttt": {}},
    "q2b": {"khac": {"text": "Trung tâm Giám sát, điều hành đô thị thông minh"}},
    "q2c": {"van_phong": {}},
    "q2d": {
        "thuong_truc_bbt": "Văn phòng UBND tỉnh",
        "chiu_trach_nhiem": {"name": "Nguyễn Văn An", "position": "Phó Chánh Văn phòng"},
    },
    "q3a": {"dvsn_so_tttt": {"ten_goi": "Trung tâm Công nghệ thông tin và Truyền thông"}},
    "q3b": {"nhieu_don_vi": {"don_vi_ky_thuat": "Sở TT&TT", "don_vi_noi_dung": "Văn phòng UBND tỉnh"}},
    "q3c": {"chu_tich_ubnd": {}},
    "q3dd": 7,
    "q3e": 3,
    "q4": {"co_thay_doi": {"co_quan_quan_ly": "Sở Thông tin và Truyền thông"}},
    "q5": "Kinh phí duy trì hạn chế; nhân lực kỹ thuật mỏng.",
    "q6a": {"dvsn_so_tttt": {}},
    "q6b": {
        "so_tttt_ky_thuat": {"ly_do": "Sở có đội ngũ kỹ thuật."},
        "van_phong_noi_dung": {"ly_do": "Văn phòng nắm thông tin chỉ đạo, điều hành."},
    },
    "q6b_1": {"co": {"ly_do": "Chuyên môn hóa."}},
    "q6b_2": "Bảo đảm kỹ thuật, an toàn thông tin.",
    "q6c": {"khong_dong_y": {}},
    "q7_1": {"name": "Trần Thị Bình", "phone": "0905123456"},
    "q7_2": {"name": "Lê Văn Cường", "phone": "0912345678"},
}

# Branch "đã quy định": question 4 does not apply.
DA_QUY_DINH: dict[str, Any] = {
    **copy.deepcopy(CHUA_QUY_DINH),
    "q1": {"da_quy_dinh": {"qd_so_tttt": "12/2022/QĐ-UBND", "qd_van_phong": "15/2022/QĐ-UBND"}},
    "q6b": {"thong_nhat_so_tttt": {"ly_do": "Một đầu mối rõ trách nhiệm."}},
    "q6b_1": {"khong": {}},
    "q6c": {"dong_y": {}},
}
del DA_QUY_DINH["q4"]
del DA_QUY_DINH["q6b_2"]


def response_dict(
    loaded: LoadedForm,
    answers: dict[str, Any],
    *,
    province: str = "da_nang",
    agency: str = "Sở Thông tin và Truyền thông",
    status: str = "complete",
) -> dict[str, Any]:
    """A response file's content (as json.loads would give it) for *answers*."""
    response = new_response(loaded)
    response.respondent.update(province=province, agency=agency)
    response.answers = copy.deepcopy(answers)
    response.status = status  # type: ignore[assignment]
    if status == "complete":
        response.completed_at = now()
    data: dict[str, Any] = json.loads(dump_response(response))
    return data
