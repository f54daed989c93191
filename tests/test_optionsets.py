"""The built-in dated sets of provinces and the 2023 -> 2025 mapping (Resolution 202/2025/QH15)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from phieu_cli.form.optionsets import (
    OPTION_SET_TITLES,
    OPTION_SETS,
    mapping_targets,
    option_set,
    set_mapping,
)

UNCHANGED_2025 = {
    "ha_noi": "ha_noi",
    "hue": "thua_thien_hue",
    "lai_chau": "lai_chau",
    "dien_bien": "dien_bien",
    "son_la": "son_la",
    "lang_son": "lang_son",
    "quang_ninh": "quang_ninh",
    "thanh_hoa": "thanh_hoa",
    "nghe_an": "nghe_an",
    "ha_tinh": "ha_tinh",
    "cao_bang": "cao_bang",
}


def _ids(name: str) -> dict[str, str]:
    return dict(option_set(name))


def test_2025_set_has_the_34_official_names():
    units = _ids("vn_provinces_2025")
    assert len(units) == 34
    assert units["ha_noi"] == "Thành phố Hà Nội"
    assert units["hue"] == "Thành phố Huế"
    assert units["ho_chi_minh"] == "Thành phố Hồ Chí Minh"
    assert units["tuyen_quang"] == "Tỉnh Tuyên Quang"
    assert units["dak_lak"] == "Tỉnh Đắk Lắk"
    cities = sorted(i for i, label in units.items() if label.startswith("Thành phố "))
    assert cities == ["can_tho", "da_nang", "ha_noi", "hai_phong", "ho_chi_minh", "hue"]
    assert sum(label.startswith("Tỉnh ") for label in units.values()) == 28
    for id_, label in units.items():
        assert id_.isascii() and id_ == id_.lower()
        assert unicodedata.is_normalized("NFC", label)


def test_mapping_is_total_and_hits_every_2025_unit():
    mapping = set_mapping("vn_provinces_2023", "vn_provinces_2025")
    assert mapping is not None
    old, new = _ids("vn_provinces_2023"), _ids("vn_provinces_2025")
    assert set(mapping) == set(old) and len(mapping) == 63
    assert set(mapping.values()) == set(new)
    sizes = Counter(mapping.values())
    assert sum(1 for n in sizes.values() if n == 1) == 11  # the units Resolution 202 left as they were
    assert sum(1 for n in sizes.values() if n > 1) == 23  # the units formed by merging 52 of the 63
    assert sum(n for n in sizes.values() if n > 1) == 52


def test_the_eleven_unchanged_units():
    mapping = set_mapping("vn_provinces_2023", "vn_provinces_2025")
    assert mapping is not None
    sizes = Counter(mapping.values())
    unchanged = {new for new, n in sizes.items() if n == 1}
    assert unchanged == set(UNCHANGED_2025)
    for new, old in UNCHANGED_2025.items():
        assert mapping[old] == new


def test_merger_groups():
    mapping = set_mapping("vn_provinces_2023", "vn_provinces_2025")
    assert mapping is not None
    groups: dict[str, set[str]] = {}
    for old, new in mapping.items():
        groups.setdefault(new, set()).add(old)
    assert groups["tuyen_quang"] == {"tuyen_quang", "ha_giang"}
    assert groups["phu_tho"] == {"phu_tho", "vinh_phuc", "hoa_binh"}
    assert groups["ho_chi_minh"] == {"ho_chi_minh", "binh_duong", "ba_ria_vung_tau"}
    assert groups["hai_phong"] == {"hai_phong", "hai_duong"}
    assert groups["lam_dong"] == {"lam_dong", "dak_nong", "binh_thuan"}
    assert groups["can_tho"] == {"can_tho", "soc_trang", "hau_giang"}
    assert groups["quang_ngai"] == {"quang_ngai", "kon_tum"}
    # A unit that kept a 2023 name kept that unit's id, so the id reads the same in both sets.
    for new, olds in groups.items():
        assert new in olds or new == "hue"


def test_sets_are_described_and_unknown_mappings_are_none():
    assert set(OPTION_SET_TITLES) == set(OPTION_SETS)
    assert mapping_targets("vn_provinces_2023") == ["vn_provinces_2025"]
    assert mapping_targets("vn_provinces_2025") == []
    assert set_mapping("vn_provinces_2025", "vn_provinces_2023") is None
    assert set_mapping("vn_provinces_2023", "khong_co") is None


def test_the_table_in_schema_docs_is_the_data():
    """docs/schema.md writes the mapping out for authors; it must say what the code does."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "schema.md").read_text(encoding="utf-8")
    old_by_name = {
        label.removeprefix("Tỉnh ").removeprefix("Thành phố "): id_
        for id_, label in option_set("vn_provinces_2023")
    }
    mapping = set_mapping("vn_provinces_2023", "vn_provinces_2025")
    assert mapping is not None
    merged = re.findall(r"^\| (?:Tỉnh|Thành phố) [^|]+ \(`(\w+)`\) \| ([^|]+) \|$", doc, re.MULTILINE)
    assert len(merged) == 23
    for new, formers in merged:
        olds = {old_by_name[name.strip()] for name in formers.split(",")}
        assert olds == {old for old, unit in mapping.items() if unit == new}, new
    unchanged = re.search(r"^\| unchanged \| ([^|]+) \|$", doc, re.MULTILINE)
    assert unchanged is not None
    assert len(unchanged.group(1).split(",")) == len(UNCHANGED_2025)
