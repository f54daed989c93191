"""The language phieu speaks, and the one catalog of its messages in English (issue 13 §3).

A command chooses the language once (`set_language`, from `--lang vi|en`; Vietnamese by default) and every
message is written where it is used in Vietnamese, through `t()`: `t("Câu {number}", number="3đ")` gives
"Câu 3đ" in Vietnamese and, from the catalog `EN` below, "Question 3đ" in English. The Vietnamese template is
the key (as gettext does), so a message reads the same in the code and in `phieu validate`, whose output stays
Vietnamese. tests/test_messages.py checks that every template passed to `t()` has its English here.

What the form says (a question's text, an option's label) comes from the schema: `label(vi, en)` picks the
`*_en` text in English and, where the form has none, shows the Vietnamese marked "[vi] …" (`phieu schema
check` lists those labels as warnings).

Plain module, no typing or dataclasses: `phieu validate` imports it on its start-up path.
"""

from __future__ import annotations

LANGUAGES = ("vi", "en")
UNTRANSLATED_MARK = "[vi] "

_current = ["vi"]


def set_language(lang: str) -> None:
    """Choose the language of every message from now on (once per command). Raises ValueError otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current[0] = lang


def language() -> str:
    return _current[0]


def t(template: str, /, **fields: object) -> str:
    """*template* (Vietnamese, str.format fields) in the current language, its fields filled in.

    Without fields the template is returned as it is (braces need no doubling)."""
    if _current[0] == "en":
        template = EN.get(template, template)
    return template.format(**fields) if fields else template


def t_in(lang: str, template: str, /, **fields: object) -> str:
    """t() in a given language (a document carries its own)."""
    if lang == "en":
        template = EN.get(template, template)
    return template.format(**fields) if fields else template


def label(vi: str, en: str | None, lang: str | None = None) -> str:
    """A text of the form: its English (`*_en`) in English, else the Vietnamese marked "[vi] …"."""
    if (lang or _current[0]) != "en":
        return vi
    return en if en else UNTRANSLATED_MARK + vi


# Vietnamese template -> English template, grouped by the part that says it.
EN: dict[str, str] = {
    # --- form: how questions and conditions are named -------------------------------------------------
    "Câu {number}": "Question {number}",
    "Họ và tên": "Full name",
    "Chức vụ": "Position",
    "Số điện thoại di động": "Mobile phone",
    "{label} (ghi rõ)": "{label} (please specify)",
    " và ": " and ",
    " hoặc ": " or ",
    "không phải ({condition})": "not ({condition})",
    "{question} có chọn {options}": "{question} includes {options}",
    "{question} là {options}": "{question} is {options}",
    "{question} đã được trả lời": "{question} is answered",
    "{question} chưa được trả lời": "{question} is not answered",
    # --- form: values people type ----------------------------------------------------------------------
    "phải là chuỗi văn bản": "must be text",
    "dài {length:,} ký tự, tối đa {limit:,}": "{length:,} characters long, at most {limit:,}",
    "chỉ được một dòng (dùng loại long_text cho văn bản nhiều dòng)": (
        "must be one line (use the long_text kind for text of several lines)"
    ),
    "phải là số nguyên": "must be a whole number",
    "phải là chuỗi số điện thoại": "must be a phone number as text",
    'số điện thoại di động không hợp lệ: "{value}"; cần 10 chữ số, ví dụ {example}{hint}': (
        'not a valid mobile number: "{value}"; 10 digits are needed, e.g. {example}{hint}'
    ),
    ' (viết là "{normalized}")': ' (write "{normalized}")',
    "phải là ngày dạng YYYY-MM-DD": "must be a date written YYYY-MM-DD",
    'ngày không hợp lệ: "{value}" (cần dạng YYYY-MM-DD)': 'not a valid date: "{value}" (YYYY-MM-DD needed)',
    "{value} nhỏ hơn giá trị tối thiểu {low}": "{value} is less than the minimum {low}",
    "{value} lớn hơn giá trị tối đa {high}": "{value} is more than the maximum {high}",
    '"{text}" không phải số nguyên': '"{text}" is not a whole number',
    'số di động không hợp lệ: "{text}" (cần 10 chữ số, đầu 03/05/07/08/09, ví dụ {example})': (
        'not a valid mobile number: "{text}" (10 digits starting 03/05/07/08/09, e.g. {example})'
    ),
    'ngày không hợp lệ: "{text}" (nhập dạng ngày/tháng/năm, ví dụ 17/01/2023)': (
        'not a valid date: "{text}" (type day/month/year, e.g. 17/01/2023)'
    ),
    "tối đa {limit} ký tự, một dòng": "at most {limit} characters, one line",
    # --- documents: the fixed wording of show and export ------------------------------------------------
    "không áp dụng": "not applicable",
    "chưa trả lời": "not answered",
    "không trả lời": "left empty",
    "chỉ trả lời khi {condition}": "only when {condition}",
    "DỰ THẢO": "DRAFT",
    "DỰ THẢO — phiếu chưa hoàn thành, không dùng để ký ban hành": "DRAFT — not complete, not for signing",
    "DỰ THẢO — chưa hoàn thành": "DRAFT — not complete",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": "SOCIALIST REPUBLIC OF VIET NAM",
    "Độc lập - Tự do - Hạnh phúc": "Independence - Freedom - Happiness",
    "Số: {number}": "No. {number}",
    "ngày {day:02d} tháng {month:02d} năm {year}": "{day:02d}/{month:02d}/{year}",
    "Kính gửi: {to}": "To: {to}",
    "Nơi nhận:": "Recipients:",
    "Trân trọng./.": "Respectfully yours.",
    "(Ký, ghi rõ họ tên, đóng dấu)": "(Signature, full name and seal)",
    "ỦY BAN NHÂN DÂN": "PEOPLE'S COMMITTEE",
    "TỈNH/THÀNH PHỐ {dots}": "PROVINCE/CITY {dots}",
    "tỉnh/thành phố {dots}": "province/city {dots}",
    "Ủy ban nhân dân {province}": "the People's Committee of {province}",
    "Văn bản số {number} ngày {date}": "letter No. {number} of {date}",
    "Số: {dots}/UBND-{dots}": "No. {dots}/UBND-{dots}",
    "V/v trả lời {cited}": "Re: reply to {cited}",
    "{place}, ngày {dots} tháng {dots} năm {year}": "{place}, {dots}/{dots}/{year}",
    "Thực hiện {cited} của {issuer}, {committee} báo cáo như sau:": (
        "Pursuant to {cited} of {issuer}, {committee} reports as follows:"
    ),
    "CHỦ TỊCH": "CHAIRMAN",
    "TM. ỦY BAN NHÂN DÂN": "ON BEHALF OF THE PEOPLE'S COMMITTEE",
    "Như trên;": "As above;",
    "Lưu: VT, {dots}.": "Archived: Records, {dots}.",
    # --- show and export ------------------------------------------------------------------------------
    "Không hiển thị được {file}": "Cannot show {file}",
    "Không hiển thị được {file}: không phải tệp trả lời phiếu": "Cannot show {file}: not a response file",
    'Không hiển thị được {file}: tệp trả lời mẫu phiếu "{found}", không phải mẫu "{form}" (chọn mẫu bằng --schema)': (
        'Cannot show {file}: it answers form "{found}", not form "{form}" (choose the form with --schema)'
    ),
    "Tệp chưa hợp lệ ({count} lỗi):": "The file is not valid ({count} problems):",
    "--to '{to}' không hợp lệ; dùng docx, pdf, md hoặc html.": "--to '{to}' is not valid; use docx, pdf, md or html.",
    "-o - (in ra màn hình) chỉ dùng với --to md hoặc --to html.": (
        "-o - (print on screen) only goes with --to md or --to html."
    ),
    "--to {to} mâu thuẫn với đuôi tệp {name}; bỏ một trong hai.": (
        "--to {to} contradicts the file name {name}; drop one of the two."
    ),
    "không biết xuất {name} theo định dạng nào: dùng đuôi .docx, .pdf, .md hoặc .html, hoặc --to.": (
        "which format to export {name} in is not known: name it .docx, .pdf, .md or .html, or use --to."
    ),
    "tệp ra {output} trùng với tệp vào; chọn tên khác bằng -o.": (
        "the output {output} is the input file; choose another name with -o."
    ),
    "{output} là một thư mục; -o cần tên tệp, ví dụ -o tra_loi.docx.": (
        "{output} is a folder; -o needs a file name, e.g. -o tra_loi.docx."
    ),
    "{output} đã có; không ghi đè. Thêm --force để ghi đè, hoặc chọn tên khác bằng -o.": (
        "{output} exists; not overwritten. Add --force to overwrite it, or choose another name with -o."
    ),
    "không có thư mục {folder} để ghi {name}.": "there is no folder {folder} to write {name} in.",
    "Không xuất {file}: tệp trả lời có {count} lỗi. Sửa các lỗi dưới đây (xem thêm: phieu validate {file}) rồi xuất lại.": (
        "{file} not exported: the response has {count} problems. Correct those below "
        "(see also: phieu validate {file}) and export again."
    ),
    "không ghi được {file}: không có quyền, hoặc tệp đang mở trong chương trình khác (Word, Excel).": (
        "cannot write {file}: no permission, or the file is open in another program (Word, Excel)."
    ),
    "không ghi được {file}: {reason}": "cannot write {file}: {reason}",
    "Đã xuất {file} ({format}).": "Exported {file} ({format}).",
    "Lưu ý: phiếu còn là bản nháp; tài liệu mang dấu DỰ THẢO, không dùng để ký ban hành.": (
        "Note: the response is still a draft; the document is marked DRAFT, not for signing."
    ),
    " Còn {count} câu chưa trả lời đủ: {questions}.": " {count} questions not fully answered yet: {questions}.",
}
