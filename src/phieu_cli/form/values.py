"""Single values: how people type them (parse_*) and what a stored value must be (check_*).

Shared by the interview, the answers file and the validator so that all three agree.
"""

from __future__ import annotations

import datetime as dt
import re

from phieu_cli.common.messages import label, t
from phieu_cli.common.text import nfc
from phieu_cli.form.plain import PERSON_PART_LABELS

TYPE_CHECKING = False
if TYPE_CHECKING:  # the models (pydantic) and typing stay out of `phieu validate`'s start-up
    from typing import Any

    from phieu_cli.form.model import Blank, Question
    from phieu_cli.form.plain import PlainBlank, PlainQuestion

    Item = Question | Blank | PlainQuestion | PlainBlank

# Vietnamese mobile numbers since the 2018 renumbering: 10 digits, 03x/05x/07x/08x/09x.
PHONE_RE = re.compile(r"^0[35789][0-9]{8}$")
PHONE_EXAMPLE = "0912345678"
_PHONE_JUNK = re.compile(r"[\s.\-()/]")
NAME_MAX = 200
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def normalize_phone(text: str) -> str | None:
    """ "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678" -> "0912345678"; None if not one."""
    digits = _PHONE_JUNK.sub("", nfc(text).strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if PHONE_RE.fullmatch(digits) else None


def is_blank(value: Any) -> bool:
    """No answer: absent, null, an empty or all-space string, an empty object or list.

    `{"so_tttt": {}}` is an answer (that option, no blanks); `{}` is none.
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (dict, list)):
        return not value
    return False


def _invalid(item: Item, default: str) -> str:
    messages = item.messages
    if messages and messages.invalid:  # the form's own words, in English when it has them
        return label(messages.invalid, getattr(messages, "invalid_en", None))
    return default


def check_scalar(kind: str, item: Item, value: Any) -> str | None:
    """Why a stored value of *kind* is wrong (Vietnamese), or None. Not for person/group/choices."""
    if kind in ("text", "long_text"):
        if not isinstance(value, str):
            return t("phải là chuỗi văn bản")
        limit = item.length_limit(kind)
        if limit is not None and len(value) > limit:
            return _invalid(item, t("dài {length:,} ký tự, tối đa {limit:,}", length=len(value), limit=limit))
        if kind == "text" and ("\n" in value or "\r" in value):
            return t("chỉ được một dòng (dùng loại long_text cho văn bản nhiều dòng)")
        return None
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return t("phải là số nguyên")
        return _bounds(item, value)
    if kind == "phone":
        if not isinstance(value, str):
            return t("phải là chuỗi số điện thoại")
        if not PHONE_RE.fullmatch(value):  # fullmatch: "$" alone would let a final newline through
            normalized = normalize_phone(value)
            hint = t(' (viết là "{normalized}")', normalized=normalized) if normalized else ""
            return _invalid(
                item,
                t(
                    'số điện thoại di động không hợp lệ: "{value}"; cần 10 chữ số, ví dụ {example}{hint}',
                    value=value,
                    example=PHONE_EXAMPLE,
                    hint=hint,
                ),
            )
        return None
    if kind == "date":
        if not isinstance(value, str):
            return t("phải là ngày dạng YYYY-MM-DD")
        # fromisoformat alone also reads "20230117" and week dates such as "2023-W03-2".
        if not _ISO_DATE.fullmatch(value):
            return t('ngày không hợp lệ: "{value}" (cần dạng YYYY-MM-DD)', value=value)
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return t('ngày không hợp lệ: "{value}" (cần dạng YYYY-MM-DD)', value=value)
        return _bounds(item, day)
    raise ValueError(f"not a scalar kind: {kind}")


def _bounds(item: Item, value: int | dt.date) -> str | None:
    low, high = item.min, item.max
    if low is not None and type(low) is type(value) and value < low:  # type: ignore[operator]
        return _invalid(
            item, t("{value} nhỏ hơn giá trị tối thiểu {low}", value=_show(value), low=_show(low))
        )
    if high is not None and type(high) is type(value) and value > high:  # type: ignore[operator]
        return _invalid(
            item, t("{value} lớn hơn giá trị tối đa {high}", value=_show(value), high=_show(high))
        )
    return None


def _show(value: int | dt.date) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)


def parse_scalar(kind: str, item: Item, text: str) -> tuple[Any, str | None]:
    """Turn what a person typed into the stored value: (value, None) or (None, Vietnamese message)."""
    text = nfc(text)
    if kind in ("text", "long_text"):
        value = text.strip() if kind == "text" else text.strip("\n").rstrip()
        return value, check_scalar(kind, item, value)
    stripped = text.strip()
    if kind == "integer":
        compact = (
            stripped.replace(" ", "").replace(".", "").replace(",", "")
            if re.fullmatch(r"[0-9]{1,3}([ .,][0-9]{3})+", stripped)
            else stripped
        )
        if not re.fullmatch(r"[+-]?[0-9]{1,12}", compact):
            return None, _invalid(item, t('"{text}" không phải số nguyên', text=stripped))
        number = int(compact)
        return number, check_scalar(kind, item, number)
    if kind == "phone":
        normalized = normalize_phone(stripped)
        if normalized is None:
            return None, _invalid(
                item,
                # Short enough for the one-line error bar of a prompt on an 80-column terminal.
                t(
                    'số di động không hợp lệ: "{text}" (cần 10 chữ số, đầu 03/05/07/08/09, ví dụ {example})',
                    text=stripped,
                    example=PHONE_EXAMPLE,
                ),
            )
        return normalized, None
    if kind == "date":
        day = parse_date(stripped)
        if day is None:
            return None, t(
                'ngày không hợp lệ: "{text}" (nhập dạng ngày/tháng/năm, ví dụ 17/01/2023)', text=stripped
            )
        iso = day.isoformat()
        return iso, check_scalar(kind, item, iso)
    raise ValueError(f"not a scalar kind: {kind}")


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy (as Vietnamese write dates), dd-mm-yyyy, dd.mm.yyyy or ISO yyyy-mm-dd."""
    match = re.fullmatch(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})", text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        return None
    return None


def person_part_label(part: str) -> str:
    """ "Họ và tên", "Chức vụ", "Số điện thoại di động" (in English: "Full name", …)."""
    return t(PERSON_PART_LABELS[part])


def check_name(value: Any, limit: int | None = None) -> str | None:
    """A name, a position, a respondent's free-text field: one line of at most *limit* (NAME_MAX) characters."""
    limit = limit or NAME_MAX
    if not isinstance(value, str):
        return t("phải là chuỗi văn bản")
    if len(value) > limit or "\n" in value:
        return t("tối đa {limit} ký tự, một dòng", limit=limit)
    return None
