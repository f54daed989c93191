"""Built-in option sets a schema can name with `options_from:`, and the mappings between them.

`vn_provinces_2023`: the 63 provinces and centrally-run cities as they stood in January 2023 (the date of
letter 149). `vn_provinces_2025`: the 34 provincial-level units in force from 1 July 2025 (Resolution
202/2025/QH15 of the National Assembly, 12 June 2025). The sets are dated on purpose: a form of another year
names the set of its own year, and a mapping (`set_mapping`) rolls returns of one set up by another.

Ids are the ASCII form of the place's name (đ as d): a 2025 unit that kept the name of a 2023 unit keeps its
id ("ha_noi", "da_nang", "tuyen_quang"), so the id a response stores reads the same in both sets. The one
2025 unit whose name is new is Huế ("hue"), the former "thua_thien_hue" (a centrally-run city since 1 January
2025, Resolution 175/2024/QH15; left unchanged by Resolution 202). An id is read with the set its form names:
"da_nang" in a 2025 response is the city that now includes the former Quảng Nam.
"""

from __future__ import annotations

from phieu_cli.common.text import slug

_CITIES_2023 = ["Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"]
_PROVINCES_2023 = [
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Tĩnh",
    "Hải Dương",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
]


def _id(name: str) -> str:
    # Place names spell đ as d in their usual ASCII form ("da_nang"), unlike question numbers ("3dd").
    return slug(name.replace("Đ", "D").replace("đ", "d"))


def _provinces_2023() -> list[tuple[str, str]]:
    cities = [(_id(name), f"Thành phố {name}") for name in _CITIES_2023]
    provinces = [(_id(name), f"Tỉnh {name}") for name in _PROVINCES_2023]
    return sorted(cities + provinces)


# Resolution 202/2025/QH15, Article 1: each provincial-level unit from 1 July 2025, its kind, and the 2023
# units it was formed from (names as in the 2023 lists above; the first is the one whose name the unit kept).
# The 11 units the resolution left unchanged come first, then the 23 formed by merging 52 of the 2023 units.
UNITS_2025: list[tuple[str, str, tuple[str, ...]]] = [
    ("Thành phố", "Hà Nội", ("Hà Nội",)),
    ("Thành phố", "Huế", ("Thừa Thiên Huế",)),
    ("Tỉnh", "Lai Châu", ("Lai Châu",)),
    ("Tỉnh", "Điện Biên", ("Điện Biên",)),
    ("Tỉnh", "Sơn La", ("Sơn La",)),
    ("Tỉnh", "Lạng Sơn", ("Lạng Sơn",)),
    ("Tỉnh", "Quảng Ninh", ("Quảng Ninh",)),
    ("Tỉnh", "Thanh Hóa", ("Thanh Hóa",)),
    ("Tỉnh", "Nghệ An", ("Nghệ An",)),
    ("Tỉnh", "Hà Tĩnh", ("Hà Tĩnh",)),
    ("Tỉnh", "Cao Bằng", ("Cao Bằng",)),
    ("Tỉnh", "Tuyên Quang", ("Tuyên Quang", "Hà Giang")),
    ("Tỉnh", "Lào Cai", ("Lào Cai", "Yên Bái")),
    ("Tỉnh", "Thái Nguyên", ("Thái Nguyên", "Bắc Kạn")),
    ("Tỉnh", "Phú Thọ", ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình")),
    ("Tỉnh", "Bắc Ninh", ("Bắc Ninh", "Bắc Giang")),
    ("Tỉnh", "Hưng Yên", ("Hưng Yên", "Thái Bình")),
    ("Thành phố", "Hải Phòng", ("Hải Phòng", "Hải Dương")),
    ("Tỉnh", "Ninh Bình", ("Ninh Bình", "Hà Nam", "Nam Định")),
    ("Tỉnh", "Quảng Trị", ("Quảng Trị", "Quảng Bình")),
    ("Thành phố", "Đà Nẵng", ("Đà Nẵng", "Quảng Nam")),
    ("Tỉnh", "Quảng Ngãi", ("Quảng Ngãi", "Kon Tum")),
    ("Tỉnh", "Gia Lai", ("Gia Lai", "Bình Định")),
    ("Tỉnh", "Khánh Hòa", ("Khánh Hòa", "Ninh Thuận")),
    ("Tỉnh", "Lâm Đồng", ("Lâm Đồng", "Đắk Nông", "Bình Thuận")),
    ("Tỉnh", "Đắk Lắk", ("Đắk Lắk", "Phú Yên")),
    ("Thành phố", "Hồ Chí Minh", ("Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu")),
    ("Tỉnh", "Đồng Nai", ("Đồng Nai", "Bình Phước")),
    ("Tỉnh", "Tây Ninh", ("Tây Ninh", "Long An")),
    ("Thành phố", "Cần Thơ", ("Cần Thơ", "Sóc Trăng", "Hậu Giang")),
    ("Tỉnh", "Vĩnh Long", ("Vĩnh Long", "Bến Tre", "Trà Vinh")),
    ("Tỉnh", "Đồng Tháp", ("Đồng Tháp", "Tiền Giang")),
    ("Tỉnh", "Cà Mau", ("Cà Mau", "Bạc Liêu")),
    ("Tỉnh", "An Giang", ("An Giang", "Kiên Giang")),
]


def _provinces_2025() -> list[tuple[str, str]]:
    return sorted((_id(name), f"{kind} {name}") for kind, name, _ in UNITS_2025)


def _provinces_2023_to_2025() -> dict[str, str]:
    return {_id(old): _id(name) for _, name, formers in UNITS_2025 for old in formers}


OPTION_SETS = {"vn_provinces_2023": _provinces_2023, "vn_provinces_2025": _provinces_2025}

# What a set is, in a heading or a column title: (short tag, description).
OPTION_SET_TITLES = {
    "vn_provinces_2023": ("2023", "63 tỉnh, thành phố (tháng 1/2023)"),
    "vn_provinces_2025": ("2025", "34 tỉnh, thành phố từ ngày 01/07/2025 (Nghị quyết 202/2025/QH15)"),
}

# How one member of a set is named in a sentence ("N/63 tỉnh, thành phố"), in Vietnamese and English; a form's
# unit field names its own (`noun:`), and a list that is no built-in set defaults to DEFAULT_NOUN.
OPTION_SET_NOUNS = {
    "vn_provinces_2023": ("tỉnh, thành phố", "province"),
    "vn_provinces_2025": ("tỉnh, thành phố", "province"),
}
DEFAULT_NOUN = ("đơn vị", "unit")

# (from set, to set) -> every id of the first set to the id of the second that now holds its territory.
SET_MAPPINGS = {("vn_provinces_2023", "vn_provinces_2025"): _provinces_2023_to_2025}


def option_set(name: str) -> list[tuple[str, str]]:
    """The (id, label) pairs of a built-in set; [] for an unknown name (form.check reports it).

    Plain pairs, not form.model.Option: the model builds its options from them, so this module sits below it."""
    factory = OPTION_SETS.get(name)
    return factory() if factory else []


def option_set_noun(name: str | None) -> tuple[str, str]:
    """(Vietnamese, English) name of one member of the set *name*; DEFAULT_NOUN for any other list."""
    return OPTION_SET_NOUNS.get(name or "", DEFAULT_NOUN)


def set_mapping(source: str, target: str) -> dict[str, str] | None:
    """Every id of set *source* to the id of set *target* that took it over; None when there is no mapping."""
    factory = SET_MAPPINGS.get((source, target))
    return factory() if factory else None


def mapping_targets(source: str) -> list[str]:
    """The sets that ids of *source* can be rolled up by."""
    return sorted(target for (from_set, target) in SET_MAPPINGS if from_set == source)


def mapping_sources(target: str) -> list[str]:
    """The sets whose ids map onto *target* (older sets, for "that province is now part of …")."""
    return sorted(source for (source, to_set) in SET_MAPPINGS if to_set == target)
