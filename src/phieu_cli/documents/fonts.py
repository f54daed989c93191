"""The fonts shipped with phieu (fontfiles/, with their licences): Liberation Serif, metric-compatible with
Times New Roman, and DejaVu Sans for the ballot boxes. The PDF embeds them; the DOCX measures header lines
with them (same widths as Times New Roman) so that a line is never wrapped in Word.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fontfiles"
SERIF = "LiberationSerif"
SYMBOL = "DejaVuSans"
# style -> (registered name, file)
FACES = {
    "regular": (SERIF, "LiberationSerif-Regular.ttf"),
    "bold": (f"{SERIF}-Bold", "LiberationSerif-Bold.ttf"),
    "italic": (f"{SERIF}-Italic", "LiberationSerif-Italic.ttf"),
    "bolditalic": (f"{SERIF}-BoldItalic", "LiberationSerif-BoldItalic.ttf"),
    "symbol": (SYMBOL, "DejaVuSans.ttf"),
}
POINTS_PER_MM = 72 / 25.4


@cache
def register() -> dict[str, str]:
    """Register the bundled fonts with reportlab once per process; style -> font name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {}
    for style, (name, filename) in FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        names[style] = name
    # <b>, <i> inside a reportlab paragraph pick the right face.
    addMapping(SERIF, 0, 0, names["regular"])
    addMapping(SERIF, 1, 0, names["bold"])
    addMapping(SERIF, 0, 1, names["italic"])
    addMapping(SERIF, 1, 1, names["bolditalic"])
    return names


def width_mm(text: str, style: str, size: float) -> float:
    """The width of *text* set on one line in the bundled serif face *style* at *size* points."""
    from reportlab.pdfbase import pdfmetrics

    return float(pdfmetrics.stringWidth(text, register()[style], size)) / POINTS_PER_MM


def fit_size(text: str, style: str, room_mm: float, *, largest: float, smallest: float) -> float:
    """The largest size, in half points from *largest* down to *smallest*, at which *text* fits on one line
    of *room_mm* ("Thành phố Hồ Chí Minh, ngày …… tháng …… năm 2023" does not at 13 pt in the header)."""
    size = largest
    while size > smallest and width_mm(text, style, size) > room_mm:
        size -= 0.5
    return size


def last_line_room_mm(text: str, size: float, first_mm: float, rest_mm: float) -> float:
    """What is left of the last line when *text* is set in the regular serif at *size* points, the first
    line *first_mm* wide and the others *rest_mm*, broken at spaces (as Word and reportlab break a line).
    A blank form's dotted line after a label starts on a new line when too little is left."""
    space = width_mm(" ", "regular", size)
    room, used = first_mm, None
    for word in text.split(" "):
        width = width_mm(word, "regular", size)
        if used is None:
            used = width
        elif used + space + width <= room:
            used += space + width
        else:
            room, used = rest_mm, width
    return room - (used or 0.0)
