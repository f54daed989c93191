"""What the roll-up says first, and in which order: the "Tổng quan" overview (N/63, counts per status, the
missing provinces, when and from which files), provinces in Vietnamese alphabetical order, and the file a
province may have sent that could not be read (its name points at the province).

Plain data only: the terminal report and the XLSX/CSV writers present it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from phieu_cli.rollup.analysis import AnyOption, Summary

# ------------------------------------------------------------------------------ Vietnamese alphabetical

# Tone marks, in the order dictionaries use: none, huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
# Letter marks: breve (ă), circumflex (â ê ô), horn (ơ ư), and the stroke of đ.
_MODIFIERS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}
_STROKE = 4


def _letters(word: str) -> list[tuple[str, int, int]]:
    """Each letter of *word* as (base letter, letter mark, tone); other characters kept as they are."""
    out: list[tuple[str, int, int]] = []
    for ch in unicodedata.normalize("NFD", word.casefold()):
        if ch in _TONES and out:
            base, modifier, _ = out[-1]
            out[-1] = (base, modifier, _TONES[ch])
        elif ch in _MODIFIERS and out:
            base, _, tone = out[-1]
            out[-1] = (base, _MODIFIERS[ch], tone)
        elif unicodedata.combining(ch):
            continue
        elif ch == "đ":
            out.append(("d", _STROKE, 0))
        else:
            out.append((ch, 0, 0))
    return out


def vietnamese_key(text: str) -> tuple[tuple[str, tuple[int, ...], tuple[int, ...]], ...]:
    """Sort key, word by word: first the base letters, then the tones, then the letter marks (ă â ê ô ơ ư đ),
    so "Bắc Giang" < "Bắc Kạn" < "Bắc Ninh" < "Bạc Liêu" < "Bến Tre"."""
    key = []
    for word in re.split(r"[\s\-–]+", text.strip()):
        if not word:
            continue
        letters = _letters(word)
        key.append(
            (
                "".join(ch for ch, _, _ in letters),
                tuple(tone for _, _, tone in letters),
                tuple(modifier for _, modifier, _ in letters),
            )
        )
    return tuple(key)


_PREFIXES = ("Thành phố ", "Tỉnh ")


def province_name(label: str) -> str:
    """The name a province is sorted by: "Thành phố Cần Thơ" -> "Cần Thơ", "Tỉnh Bắc Kạn" -> "Bắc Kạn"."""
    for prefix in _PREFIXES:
        if label.startswith(prefix):
            return label[len(prefix) :]
    return label


T = TypeVar("T")


def by_province_name(items: Iterable[T], label: Any) -> list[T]:
    """*items* sorted by label(item) in Vietnamese alphabetical order of the province's name."""
    return sorted(items, key=lambda item: vietnamese_key(province_name(label(item))))


def sorted_provinces(options: Sequence[AnyOption]) -> list[AnyOption]:
    return by_province_name(options, lambda option: option.label)


# ----------------------------------------------------------------------- a file whose province is unread


def _fold(text: str) -> str:
    """Lower case, no marks, đ -> d, every run of other characters one "_": "Hà Nội (2).json" -> "ha_noi_2_json"."""
    text = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d").replace("\u0111", "d")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def guess_province(file: str, options: Sequence[AnyOption]) -> str | None:
    """The province a file's name points at ("ha_noi.json", "Hà Nội - báo cáo.json", "UBND_Lao_Cai_2023"),
    or None. The longest match wins (so "bac_kan" is not taken for "bac"); a name must match whole words."""
    name = f"_{_fold(Path(file).stem)}_"
    best: tuple[int, str] | None = None
    for option in options:
        for candidate in {option.id, _fold(province_name(option.label))}:
            if f"_{candidate}_" in name and (best is None or len(candidate) > best[0]):
                best = (len(candidate), option.id)
    return best[1] if best else None


def unread_files(summary: Summary) -> dict[str, list[str]]:
    """Province id -> the invalid files whose province could not be read but whose name points at it."""
    from phieu_cli.rollup.analysis import INVALID

    out: dict[str, list[str]] = {}
    for entry in summary.entries:
        if entry.verdict == INVALID and not entry.unit:
            guess = guess_province(entry.file, summary.units)
            if guess is not None:
                out.setdefault(guess, []).append(entry.file)
    return out


# ----------------------------------------------------------------------------------------- overview

STATUS_COUNTS = (
    ("in", "Đã nộp (phiếu hợp lệ, hoàn thành)"),
    ("draft", "Chỉ có bản nháp"),
    ("invalid", "Chỉ có tệp lỗi"),
    ("missing", "Chưa nộp"),
)


def headline(summary: Summary) -> str:
    """ "…: 12/63 tỉnh, thành phố." over the form's list; for free-text units only the count."""
    done = f"{len(summary.counted)}/{len(summary.units)}" if summary.listed else str(len(summary.counted))
    return f"Đã có phiếu hợp lệ, hoàn thành: {done} {summary.noun}."


Row = tuple[str | None, Any]


def overview(summary: Summary, inputs: Sequence[Path], made_at: dt.datetime) -> list[Row]:
    """The "Tổng quan" sheet as (label, value) rows: the headline figures first, then what it was made from.
    A value of None is a blank row; a label with value "" is a heading."""
    from phieu_cli.rollup.analysis import DRAFT, INVALID, SUPERSEDED, UNIT_STATES, capitalised, unit_state

    total = len(summary.units)
    states = [unit_state(summary, p.id) for p in summary.units]
    unread = unread_files(summary)
    rows: list[Row] = [
        ("Đã nộp", f"{len(summary.counted)}/{total}" if summary.listed else len(summary.counted)),
    ]
    if summary.listed:  # free-text units: who is missing is unknown
        rows += [(label, states.count(UNIT_STATES[key])) for key, label in STATUS_COUNTS]
    rows.append((None, None))
    missing = [p for p in summary.units if p.id not in summary.counted]
    names = []
    for option in missing:
        state = unit_state(summary, option.id)
        note = "" if state == UNIT_STATES["missing"] else f" ({state})"
        if option.id in unread:
            note += f" (có tệp không đọc được: {', '.join(Path(f).name for f in unread[option.id])})"
        names.append(f"{province_name(option.label)}{note}")
    if summary.listed:
        title = f"{capitalised(summary.noun)} chưa có phiếu ({len(missing)})"
        rows += [(title, "; ".join(names) or "không có"), (None, None)]
    rows += [
        ("Tổng hợp lúc", made_at.replace(microsecond=0, tzinfo=None)),
        ("Từ", "; ".join(str(p) for p in inputs)),
        ("Số tệp đã đọc", len(summary.entries)),
        ("Tệp được tính", len(summary.counted)),
        ("Tệp bản nháp", len(summary.by_verdict(DRAFT))),
        ("Tệp lỗi", len(summary.by_verdict(INVALID))),
        ("Tệp hoàn thành cũ hơn, không tính", len(summary.by_verdict(SUPERSEDED))),
        ("Mẫu phiếu", f"{summary.form.form.id} (phiên bản {summary.form.form.version})"),
    ]
    return rows
