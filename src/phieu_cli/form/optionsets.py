"""Built-in option sets a schema can name with `options_from:`.

`vn_provinces_2023`: the 63 provinces and centrally-run cities as they stood in January 2023 (the date of
letter 149). The list is dated on purpose: a form of another year names the set of its own year.
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


OPTION_SETS = {"vn_provinces_2023": _provinces_2023}


def option_set(name: str) -> list[tuple[str, str]]:
    """The (id, label) pairs of a built-in set; [] for an unknown name (form.check reports it).

    Plain pairs, not form.model.Option: the model builds its options from them, so this module sits below it."""
    factory = OPTION_SETS.get(name)
    return factory() if factory else []
