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
    return t_in(_current[0], template, **fields)


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


def name_in(vi: str, en: str | None, lang: str | None = None) -> str:
    """A name (a ministry, a province): its English where the form gives one, else as written, unmarked."""
    return en if en and (lang or _current[0]) == "en" else vi


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
    # a warning of the form confirmed with a reason, printed under the answer it is about
    "Cảnh báo của mẫu phiếu: {warning}": "The form's warning: {warning}",
    "Giải trình: {reason}": "Explanation: {reason}",
    "chỉ chọn khi {condition}": "only when {condition}",  # an option of a blank form
    # a date written by hand on a blank form: "ngày …… tháng …… năm ……"
    "ngày": "day",
    "tháng": "month",
    "năm": "year",
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
    "Tệp chưa hợp lệ ({count} lỗi):": "The file is not valid ({count} problem(s)):",
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
        "{file} not exported: the response has {count} problem(s). Correct them below "
        "(see also: phieu validate {file}) and export again."
    ),
    "không ghi được {file}: không có quyền, hoặc tệp đang mở trong chương trình khác (Word, Excel).": (
        "cannot write {file}: no permission, or the file is open in another program (Word, Excel)."
    ),
    "không ghi được {file}: {reason}": "cannot write {file}: {reason}",
    "Đã xuất {file} ({format}).": "Exported {file} ({format}).",
    "Đã xuất phiếu trống {file} ({format}).": "Exported the blank form {file} ({format}).",
    "--blank xuất phiếu trống, không dùng kèm tệp trả lời ({file}): bỏ tệp trả lời, "
    "hoặc bỏ --blank để xuất phiếu đã điền.": (
        "--blank exports the blank form and takes no response file ({file}): leave out the response file, "
        "or leave out --blank to export the filled-in form."
    ),
    "phiếu trống (--blank) không có khối ký: bỏ --signer và --signer-title.": (
        "a blank form (--blank) has no signature block: leave out --signer and --signer-title."
    ),
    "thiếu TỆP_TRẢ_LỜI: phieu export tra_loi.json (hoặc phieu export --blank để in phiếu trống).": (
        "missing TỆP_TRẢ_LỜI (the response file): phieu export response.json (or phieu export --blank for "
        "the blank form)."
    ),
    "Lưu ý: phiếu còn là bản nháp; tài liệu mang dấu DỰ THẢO, không dùng để ký ban hành.": (
        "Note: the response is still a draft; the document is marked DRAFT, not for signing."
    ),
    " Còn {count} câu chưa trả lời đủ: {questions}.": " {count} question(s) not fully answered yet: {questions}.",
    # --- fill: the interview ---------------------------------------------------------------------------
    "Câu này bắt buộc: hãy nhập câu trả lời (Esc để quay lại câu trước).": (
        "This question is required: type an answer (Esc goes back to the previous question)."
    ),
    "Phải chọn riêng “{option}”, không kèm lựa chọn khác.": "“{option}” must be chosen alone, without other options.",
    "Chọn tối đa {limit} lựa chọn (đang chọn {count}).": "Choose at most {limit} options ({count} chosen).",
    "Chọn ít nhất {limit} lựa chọn (đang chọn {count}).": "Choose at least {limit} options ({count} chosen).",
    "Hãy chọn ít nhất một lựa chọn (Space để đánh dấu, rồi Enter).": "Choose at least one option (Space ticks it, then Enter).",
    "{old} nay là {new}.": "{old} is now {new}.",
    "{old} nay thuộc {new}.": "{old} is now part of {new}.",
    "{fault}: xóa ký tự đó rồi gõ lại": "{fault}: delete that character and type again",
    "Hãy gõ số câu in trên phiếu, ví dụ 3đ hoặc 6b.1.": "Type the question's number as printed on the form, e.g. 3đ or 6b.1.",
    "điều kiện của câu không thỏa": "the question's condition does not hold",
    "{question} không áp dụng (chỉ trả lời khi {condition}).": "{question} does not apply (only when {condition}).",
    "── Thông tin chung về cơ quan trả lời ──": "── About the responding body ──",
    "câu {number}/{count}": "question {number}/{count}",
    " · phần {number}/{count}": " · part {number}/{count}",
    "Gợi ý: {help}": "Hint: {help}",
    ": nội dung đang gõ được giữ, chưa phải câu trả lời": ": the text typed is kept, it is not an answer yet",
    "← Quay lại": "← Back",
    "(bỏ qua, không trả lời câu này)": "(skip, leave this question unanswered)",
    "(↑↓ rồi Enter; Esc: quay lại)": "(↑↓ then Enter; Esc: back)",
    "(↑↓ rồi Enter)": "(↑↓ then Enter)",
    "(↑↓ PgUp PgDn, Enter; Esc: quay lại)": "(↑↓ PgUp PgDn, Enter; Esc: back)",
    "(↑↓ di chuyển, Space: chọn/bỏ chọn, Enter: xong; Esc: quay lại)": (
        "(↑↓ move, Space: tick/untick, Enter: done; Esc: back)"
    ),
    "Enter: xong; Esc: quay lại": "Enter: done; Esc: back",
    "nhiều dòng: Enter để xuống dòng, Enter hai lần (một dòng trống) để kết thúc; Esc: quay lại": (
        "several lines: Enter starts a new line, Enter twice (an empty line) finishes; Esc: back"
    ),
    "không bắt buộc, Enter để bỏ qua": "optional, Enter skips it",
    "; Esc: quay lại": "; Esc: back",
    "; Ctrl-U: xóa hết ô": "; Ctrl-U: clear the box",
    "số nguyên": "whole number",  # a prompt's hint, and what a YAML value is not
    "số nguyên từ {low} đến {high}": "a whole number from {low} to {high}",
    "ngày/tháng/năm, ví dụ 17/01/2023": "day/month/year, e.g. 17/01/2023",
    "số di động, ví dụ 0905 123 456": "mobile number, e.g. 0905 123 456",
    "(chọn {low}–{high}) ": "(choose {low}–{high}) ",
    "(chọn ít nhất {low}) ": "(choose at least {low}) ",
    "  Đã chọn: ": "  Chosen: ",
    "(không chọn)": "(none)",
    # --- fill: the review ------------------------------------------------------------------------------
    "── XEM LẠI PHIẾU ": "── REVIEW THE FORM ",
    "Còn {count} câu chưa trả lời (✗): {questions}.": "{count} question(s) not answered yet (✗): {questions}.",
    "Lưu phiếu vào {output}": "Save the response to {output}",
    "Phiếu đã đủ câu trả lời. Bạn muốn:": "Every question is answered. You want to:",
    "Trả lời các câu còn thiếu": "Answer the missing questions",
    "Phiếu còn câu chưa trả lời. Bạn muốn:": "Some questions are not answered yet. You want to:",
    "Sửa một câu trả lời (gõ số câu)": "Change an answer (type the question's number)",
    "← Quay lại câu cuối": "← Back to the last question",
    "   ── Các câu: {answered} đã trả lời, {missing} chưa trả lời, {na} không áp dụng ──": (
        "   ── Questions: {answered} answered, {missing} not answered, {na} not applicable ──"
    ),
    "   ── các câu khác, theo thứ tự trên phiếu ──": "   ── the other questions, in the form's order ──",
    "Sửa câu số:": "Change question number:",
    "(để trống)": "(left empty)",
    "CHƯA TRẢ LỜI": "NOT ANSWERED",
    # --- fill: files, drafts, resuming -----------------------------------------------------------------
    "Chỉ dùng một trong {options}.": "Use only one of {options}.",
    "phieu fill hỏi từng câu nên cần một cửa sổ dòng lệnh (terminal), nhưng đầu vào hoặc đầu ra đang được chuyển hướng.\nKhông có terminal? Viết câu trả lời vào một tệp YAML rồi chạy:\n  phieu fill --answers tra_loi.yaml -o tra_loi.json\n(cách viết tệp: docs/answers-file.md; ví dụ đầy đủ: examples/answers/ha_noi.yaml)": (
        "phieu fill asks question by question, so it needs a terminal, but its input or output is "
        "redirected.\nNo terminal? Write the answers in a YAML file and run:\n"
        "  phieu fill --answers tra_loi.yaml -o tra_loi.json --lang en\n"
        "(how to write the file: docs/answers-file.md; a full example: examples/answers/ha_noi.yaml)"
    ),
    "\nTrên Windows, hãy dùng Windows Terminal, PowerShell hoặc cmd; Git Bash (mintty) và cửa sổ chạy của IDE không phải là terminal mà phieu dùng được.": (
        "\nOn Windows, use Windows Terminal, PowerShell or cmd; Git Bash (mintty) and the run window of an "
        "IDE are not terminals phieu can use."
    ),
    "Không đoán được tệp kết quả từ tên bản nháp {draft} (tên bản nháp thường là TÊN{suffix}): thêm -o TỆP.json.": (
        "The output file cannot be guessed from the draft's name {draft} (a draft is usually NAME{suffix}): "
        "add -o FILE.json."
    ),
    "Làm tiếp bản nháp {draft}.": "Continuing the draft {draft}.",
    "Tìm thấy bản nháp {draft}: làm tiếp từ đó (xóa tệp này nếu muốn bắt đầu lại).": (
        "Found the draft {draft}: continuing from it (delete that file to start again)."
    ),
    "Sửa phiếu {file}: câu trả lời cũ hiện sẵn, Enter để giữ.": (
        "Changing the response {file}: the earlier answers are shown, Enter keeps them."
    ),
    "tệp kết quả": "the output file",
    "bản nháp": "the draft",
    "{path} là một thư mục; {what} phải là một tệp.": "{path} is a folder; {what} must be a file.",
    "Thư mục {folder} không tồn tại (cần cho {what} {path}).": "The folder {folder} does not exist (needed for {what} {path}).",
    "Không ghi được vào thư mục {folder} (cần cho {what} {path}); dùng -o để chọn chỗ khác.": (
        "Cannot write in the folder {folder} (needed for {what} {path}); choose another place with -o."
    ),
    "{path} là phiếu đã hoàn thành, không phải bản nháp. Để sửa: phieu fill --edit {quoted}": (
        "{path} is a completed response, not a draft. To change it: phieu fill --edit {quoted}"
    ),
    "Một số câu trả lời trong {path} không hợp lệ và sẽ được hỏi lại:": (
        "Some answers in {path} are not valid and will be asked again:"
    ),
    "Sửa phiếu đã có trong {output} (câu trả lời cũ hiện sẵn)": "Change the response in {output} (earlier answers shown)",
    "Điền tiếp, khi lưu sẽ ghi đè {output}": "Go on; saving will overwrite {output}",
    "Thoát, không làm gì (dùng -o TÊN_KHÁC.json để lưu vào tệp khác)": (
        "Quit, do nothing (use -o OTHER_NAME.json to save to another file)"
    ),
    "Tệp {output} đã có.": "The file {output} exists.",
    "Không ghi đè {output}. Chọn tệp khác: phieu fill -o TÊN_KHÁC.json": (
        "{output} not overwritten. Choose another file: phieu fill -o OTHER_NAME.json"
    ),
    "Không ghi đè {output}. Câu trả lời vẫn ở bản nháp {draft}; để lưu vào tệp khác:\n  {command}": (
        "{output} not overwritten. The answers are still in the draft {draft}; to save them to another file:\n"
        "  {command}"
    ),
    "TÊN_KHÁC.json": "OTHER_NAME.json",
    "Phím: ↑↓ để chọn, Enter để xác nhận; Esc hoặc “← Quay lại” để về câu trước; Ctrl-U để xóa hết một ô; Ctrl-C để dừng (câu trả lời đã lưu nháp, làm tiếp sau).": (
        "Keys: ↑↓ to choose, Enter to confirm; Esc or “← Back” for the previous question; Ctrl-U clears a "
        "box; Ctrl-C stops (the answers are in the draft, continue later)."
    ),
    "Câu trả lời được lưu nháp sau mỗi câu vào: {draft}": "The answers are saved after every question in the draft: {draft}",
    "Xem lại phiếu rồi chọn câu cần sửa theo số câu": "Review the form, then pick the question to change by its number",
    "Đi lần lượt từng câu từ đầu (Enter để giữ câu trả lời cũ)": (
        "Go through every question from the start (Enter keeps the earlier answer)"
    ),
    "Tiếp tục từ: {step}.": "Continuing from: {step}.",
    "Đây là câu đầu tiên.": "This is the first question.",
    "Đã bỏ câu trả lời không còn áp dụng: {listed}. (Nếu chọn lại, nội dung cũ sẽ hiện sẵn.)": (
        "Answers that no longer apply were removed: {listed}. (Choose again and they are shown again.)"
    ),
    "Đã lưu được bản nháp {draft}: mọi câu trả lời đến giờ đã được giữ.": (
        "The draft {draft} is saved: every answer so far is kept."
    ),
    "Phiếu chưa hợp lệ nên chưa được ghi; {where}.": "The response is not valid, so it was not written; {where}.",
    "Không xóa được bản nháp {draft}: {reason}": "Cannot delete the draft {draft}: {reason}",
    "Đã lưu phiếu hoàn thành vào {output}.": "The completed response is saved in {output}.",
    "Kiểm tra lại bất cứ lúc nào: phieu validate {file}": "Check it again at any time: phieu validate {file}",
    "In văn bản để ký: {command}": "Print the document to sign: {command}",
    "Nội dung đang gõ dở, chưa xác nhận, cũng được giữ trong bản nháp và sẽ hiện sẵn khi làm tiếp:": (
        "The text being typed, not confirmed, is kept in the draft too and shown again when you continue:"
    ),
    "Nội dung đang gõ dở chưa được lưu (chép lại nếu cần):": "The text being typed was not saved (copy it if needed):",
    "Nội dung đang gõ dở, chưa xác nhận ({refs}) sẽ hiện sẵn ở câu đó: sửa nếu cần rồi Enter.": (
        "Text typed and not confirmed ({refs}) is shown in its question: correct it if needed, then Enter."
    ),
    "Đã dừng (Ctrl-C). Không lưu được bản nháp (cả ở thư mục tạm). Các câu trả lời lần này, chép lại để không mất:\n{answers}": (
        "Stopped (Ctrl-C). The draft could not be saved (not even in the temporary folder). This session's "
        "answers, copy them so that nothing is lost:\n{answers}"
    ),
    "Đã dừng (Ctrl-C). Tệp {output} không thay đổi.": "Stopped (Ctrl-C). The file {output} is unchanged.",
    "Đã dừng (Ctrl-C). Chưa có câu trả lời nào nên chưa có bản nháp.": (
        "Stopped (Ctrl-C). No answer yet, so there is no draft."
    ),
    "Đã dừng (Ctrl-C). Các câu trả lời đã được lưu trong bản nháp:\n  {draft}\nĐể làm tiếp từ câu chưa trả lời, chạy:\n  {command}": (
        "Stopped (Ctrl-C). The answers are saved in the draft:\n  {draft}\n"
        "To continue from the first unanswered question, run:\n  {command}"
    ),
    "Phiếu {output} đang được điền ở một cửa sổ khác ({holder}). Hai người điền cùng một tệp thì câu trả lời của một người sẽ mất: hãy điền tiếp ở cửa sổ đó, hoặc dùng -o TÊN_KHÁC.json. Nếu chắc chắn không còn ai điền (máy kia đã tắt), xóa tệp khóa {lock} rồi chạy lại.": (
        "The response {output} is being filled in another window ({holder}). Two people filling one file "
        "lose one person's answers: go on in that window, or use -o OTHER_NAME.json. If you are sure nobody "
        "is filling it any more (the other machine is off), delete the lock file {lock} and run again."
    ),
    "Không tạo được tệp khóa {lock} ({reason}): đừng mở phiếu này ở cửa sổ khác.": (
        "Cannot create the lock file {lock} ({reason}): do not open this response in another window."
    ),
    "Lần điền trước ({holder}) đã dừng đột ngột; tiếp tục từ bản nháp nếu có.": (
        "The previous fill ({holder}) stopped abruptly; continuing from the draft if there is one."
    ),
    "CHƯA LƯU ĐƯỢC bản nháp {draft}: {reason}. Các câu trả lời vẫn còn trong cửa sổ này (đừng đóng nó); phieu thử lưu lại sau mỗi câu, và khi xong sẽ cho chọn chỗ lưu khác.": (
        "The draft {draft} could NOT be saved: {reason}. The answers are still in this window (do not close "
        "it); phieu tries again after every question, and at the end offers another place to save."
    ),
    "câu trả lời vẫn ở bản nháp {draft}; làm tiếp: {command}": "the answers are still in the draft {draft}; continue: {command}",
    "bản nháp chưa lưu được; các câu trả lời, chép lại để không mất:\n{answers}": (
        "the draft could not be saved; the answers, copy them so that nothing is lost:\n{answers}"
    ),
    "Không ghi được {file}: {reason}.": "Cannot write {file}: {reason}.",
    "Thử lại {output} (sau khi đã giải phóng chỗ trống)": "Try {output} again (after freeing some space)",
    "Lưu vào {path}": "Save to {path}",
    "In phiếu ra màn hình để chép lại (không lưu tệp)": "Print the response on screen to copy it (no file saved)",
    "Phiếu đã xong nhưng chưa lưu được ({tried}). Lưu vào đâu?": (
        "The response is complete but could not be saved ({tried}). Where to save it?"
    ),
    "Phiếu chưa được lưu vào tệp nào. Nội dung phiếu, chép lại vào một tệp .json:\n{text}": (
        "The response was not saved in any file. Its content, to copy into a .json file:\n{text}"
    ),
    "cửa sổ dòng lệnh đã đóng": "the terminal window was closed",
    "người dùng đăng xuất": "the user logged off",
    "máy đang tắt": "the computer is shutting down",
    "SIGTERM": "SIGTERM",
    "tín hiệu dừng": "a stop signal",
    "Không đọc được {path} (sửa, hoặc đổi tên tệp để bắt đầu lại).": (
        "Cannot read {path} (correct it, or rename the file to start again)."
    ),
    "{path} không phải phiếu trả lời hay bản nháp dùng được cho mẫu “{form}” (sửa, hoặc đổi tên tệp để bắt đầu lại).": (
        "{path} is not a response or draft usable for form “{form}” (correct it, or rename the file to start "
        "again)."
    ),
    # --- fill --answers ---------------------------------------------------------------------------------
    "{output} là một thư mục; cần tên tệp kết quả, ví dụ -o tra_loi.json.": (
        "{output} is a folder; a file name is needed, e.g. -o tra_loi.json."
    ),
    "Thư mục {folder} không tồn tại (cần cho tệp kết quả {output}).": (
        "The folder {folder} does not exist (needed for the output file {output})."
    ),
    "Tệp {output} đã có. Dùng --force để ghi đè, hoặc -o để chọn tên khác.": (
        "The file {output} exists. Use --force to overwrite it, or -o to choose another name."
    ),
    "{path}: {count} lỗi; chưa ghi {output}.": "{path}: {count} problem(s); {output} not written.",
    "Không ghi được {output}: {reason}. Chưa ghi gì; dùng -o để chọn chỗ khác.": (
        "Cannot write {output}: {reason}. Nothing was written; choose another place with -o."
    ),
    "Đã ghi phiếu hoàn thành vào {output} (từ {path}).": "Wrote the completed response to {output} (from {path}).",
    "“{key}” là một câu hỏi: mọi câu trả lời phải nằm dưới khóa answers: (xem examples/answers/ha_noi.yaml)": (
        "“{key}” is a question: every answer goes under the key answers: (see examples/answers/ha_noi.yaml)"
    ),
    "khóa không được hỗ trợ: “{key}” (có: {known})": "unsupported key “{key}” (known: {known})",
    "tệp này dành cho mẫu “{found}”, không phải mẫu “{form}”": "this file is for form “{found}”, not form “{form}”",
    "answers phải là một ánh xạ: số câu -> câu trả lời": "answers must be a mapping: question number -> answer",
    "không có câu “{key}” trong mẫu phiếu (các câu: {numbers})": "the form has no question “{key}” (the questions: {numbers})",
    "{question} đã được trả lời ở khóa “{key}”": "{question} is answered already under the key “{key}”",
    "cần các ô: {names}": "the blanks are needed: {names}",
    "cần một giá trị, không phải danh sách hay ánh xạ": "one value is needed, not a list or a mapping",
    "cần dạng {shape}": "the shape {shape} is needed",
    "không có mục “{key}” (có: {known})": "there is no part “{key}” (known: {known})",
    "cần một dòng chữ": "one line of text is needed",
    "không có ô nào": "no blanks",
    "không có ô “{key}”{where} (có: {known})": "there is no blank “{key}”{where} (known: {known})",
    "mỗi mục là một lựa chọn: “ma_lua_chon” hoặc “ma_lua_chon: {…}”": (
        "each item is one option: “option_id” or “option_id: {…}”"
    ),
    "cần một lựa chọn": "an option is needed",
    "không có lựa chọn “{name}” (có: {known})": "there is no option “{name}” (known: {known})",
    "lựa chọn “{option}” bị lặp lại": "the option “{option}” is repeated",
    "không có ô nào để điền": "no blanks to fill",
    "lựa chọn “{option}” có các ô: {known}; viết dạng ô: nội dung": (
        "the option “{option}” has the blanks: {known}; write blank: text"
    ),
    "cần các ô của lựa chọn dạng ô: nội dung": "the option's blanks are needed as blank: text",
    " trong lựa chọn “{option}”": " in the option “{option}”",
    "nội dung “Khác” phải là một dòng chữ": "the “Other” text must be one line",
    "nội dung “Khác” dài {length:,} ký tự, tối đa {limit:,}": "the “Other” text is {length:,} characters long, at most {limit:,}",
    # --- responses: what makes an answer missing or wrong (validate itself stays Vietnamese) --------------
    "chưa trả lời (câu bắt buộc)": "not answered (required question)",
    "chưa chọn {label}": "no {label} chosen",
    "chưa ghi {label}": "no {label} written",
    "chưa điền “{blank}”": "“{blank}” not filled in",
    "đã chọn “{option}” nhưng chưa ghi rõ nội dung": "“{option}” is chosen but its text is not written",
    "chỉ được chọn một lựa chọn, đang có {count}": "only one option may be chosen, there are {count}",
    "“{option}” phải được chọn riêng, không kèm lựa chọn khác": "“{option}” must be chosen alone, without other options",
    "chọn tối đa {limit} lựa chọn, đang có {count}": "at most {limit} options, there are {count}",
    "cần chọn ít nhất {limit} lựa chọn, đang có {count}": "at least {limit} options are needed, there are {count}",
    "không áp dụng (chỉ trả lời khi {condition}) nhưng lại có câu trả lời": (
        "does not apply (only when {condition}) but has an answer"
    ),
    "lựa chọn “{option}” chỉ áp dụng khi {condition}": "the option “{option}” only applies when {condition}",
    "ô “{blank}” chỉ áp dụng khi {condition}": "the blank “{blank}” only applies when {condition}",
    # --- responses: a file that is not what phieu wrote (a hand-edited draft, a damaged file) --------------
    "tệp ghi {value}": "the file says {value}",
    "tệp không có trường này": "the file has no such field",
    'không phải tệp trả lời phiếu (cần "format": "{format}"; {written})': (
        'not a response file (needs "format": "{format}"; {written})'
    ),
    "tệp theo định dạng phiên bản {version}; phieu này chỉ đọc được phiên bản {supported}: hãy cập nhật phieu": (
        "the file is in format version {version}; this phieu reads only version {supported}: update phieu"
    ),
    "thiếu trường bắt buộc": "a required field is missing",
    'phiếu "{id}" không phải mẫu "{form}" đang dùng để kiểm tra (dùng --schema để chọn mẫu khác)': (
        'the response to "{id}" is not one of the form "{form}" used to check it (choose another with --schema)'
    ),
    'phiên bản mẫu "{version}" khác phiên bản đang dùng "{form}"': (
        'form version "{version}" differs from the version in use "{form}"'
    ),
    "mã băm mẫu phiếu không khớp: tệp được điền theo một bản mẫu khác nội dung (đã bị sửa?)": (
        "the form's hash does not match: the file was filled in with a form of other content (edited?)"
    ),
    'phiếu đã hoàn thành (status "complete") cần thời điểm completed_at': (
        'a complete response (status "complete") needs the time completed_at'
    ),
    'phiếu nháp (status "draft") không có completed_at': 'a draft (status "draft") has no completed_at',
    'phiếu đã hoàn thành (status "complete") không có nội dung chưa xác nhận': (
        'a complete response (status "complete") has nothing unconfirmed'
    ),
    "updated_at sớm hơn created_at": "updated_at is earlier than created_at",
    "tên khóa {fault}": "the key name {fault}",
    'mẫu phiếu không có trường người trả lời "{key}" (có: {known})': (
        'the form has no respondent field "{key}" (known: {known})'
    ),
    "lựa chọn ({label})": "option ({label})",
    'không có {what} mã "{value}" trong danh sách của mẫu phiếu': 'no {what} with the id "{value}" in the form\'s list',
    'không có câu hỏi mã "{key}" trong mẫu phiếu': 'the form has no question with the id "{key}"',
    'phải là một đối tượng gồm các ô trống {{"{id}": {value}}}': 'must be an object of blanks {{"{id}": {value}}}',
    "mã_ô": "blank_id",
    "phải là một đối tượng {{{shape}}}": "must be an object {{{shape}}}",
    'không có mục "{key}" (có: {known})': 'there is no part "{key}" (known: {known})',
    "phải là một đối tượng có khóa là mã lựa chọn, ví dụ {example}": (
        "must be an object whose keys are option ids, e.g. {example}"
    ),
    'không có lựa chọn "{key}" (có: {known})': 'there is no option "{key}" (known: {known})',
    "chi tiết của lựa chọn phải là một đối tượng ({} khi không có ô trống)": (
        "an option's detail must be an object ({} when it has no blanks)"
    ),
    'không có ô trống "{key}" ở đây (có: {known})': 'there is no blank "{key}" here (known: {known})',
    'không có ô trống "{key}": lựa chọn này không có ô trống nào': 'there is no blank "{key}": this option has none',
    "; “{key}” là ô của lựa chọn “{option}”": "; “{key}” is a blank of the option “{option}”",
    "không có": "none",
    "trường không được hỗ trợ": "a field phieu does not know",
    "phải là chuỗi": "must be text",
    "phải là một đối tượng": "must be an object",
    "giá trị không hợp lệ": "not a valid value",
    "thời điểm phải có múi giờ, ví dụ 2023-01-16T09:30:00+07:00": (
        "a time must have its time zone, e.g. 2023-01-16T09:30:00+07:00"
    ),
    "thời điểm không hợp lệ, cần dạng 2023-01-16T09:30:00+07:00": (
        "not a valid time, written like 2023-01-16T09:30:00+07:00"
    ),
    'không đúng định dạng (cần "sha256:" và 64 chữ số hex)': 'not well formed ("sha256:" and 64 hex digits needed)',
    "thời điểm phải có dạng 2023-01-16T09:30:00+07:00 (ngày giờ có thật, kèm múi giờ hoặc Z)": (
        "a time is written like 2023-01-16T09:30:00+07:00 (a real date and time, with a time zone or Z)"
    ),
    "phiên bản định dạng phải là số nguyên {version}": "the format version must be the whole number {version}",
    "{message}; cần {expected}": "{message}; {expected} needed",
    # --- JSON files people send -----------------------------------------------------------------------------
    "Không tìm thấy tệp: {path}": "File not found: {path}",
    "Đây là thư mục, không phải tệp: {path}": "This is a folder, not a file: {path}",
    "Không có quyền đọc tệp: {path}": "No permission to read the file: {path}",
    "Không đọc được tệp {path}: {error}": "Cannot read the file {path}: {error}",
    "tệp quá lớn ({size:,} byte; tối đa {limit:,} byte)": "the file is too large ({size:,} bytes; at most {limit:,})",
    "không phải tệp văn bản UTF-8 (byte lỗi ở vị trí {offset})": "not a UTF-8 text file (a wrong byte at {offset})",
    "tệp rỗng": "the file is empty",
    "tệp bị cắt cụt giữa chừng": "the file stops in the middle",
    "lỗi cú pháp JSON": "JSON syntax error",
    'khóa "{key}" xuất hiện hai lần trong cùng một đối tượng': 'the key "{key}" appears twice in one object',
    "lồng quá sâu (tối đa {limit} cấp)": "nested too deep (at most {limit} levels)",
    "số quá dài (tối đa {limit:,} chữ số)": "a number too long (at most {limit:,} digits)",
    "giá trị {value} không phải là số JSON hợp lệ": "the value {value} is not a valid JSON number",
    "phải là một đối tượng JSON {{...}}, không phải {kind}": "must be a JSON object {{...}}, not {kind}",
    "một danh sách": "a list",
    "một chuỗi": "a string",
    "một số": "a number",
    "thiếu dấu phẩy ','": "a comma ',' is missing",
    "thiếu dấu hai chấm ':'": "a colon ':' is missing",
    "tên khóa phải đặt trong dấu ngoặc kép": "a key's name must be in double quotes",
    "chuỗi chưa đóng ngoặc kép": "a string whose double quote is not closed",
    "có dữ liệu thừa sau đối tượng JSON": "extra data after the JSON object",
    "ký tự điều khiển trong chuỗi": "a control character in a string",
    "mã thoát sau dấu \\ không hợp lệ": "an invalid escape after \\",
    "mã thoát \\u cần đúng 4 chữ số hex": "the escape \\u needs exactly 4 hex digits",
    "dấu phẩy thừa trước '}'": "an extra comma before '}'",
    "dấu phẩy thừa trước ']'": "an extra comma before ']'",
    # --- loading a form (the schema's own checks stay Vietnamese: `phieu schema check`) ---------------------
    "Mẫu phiếu không đọc được: {path}": "The form cannot be read: {path}",
    "Mẫu phiếu có {count} lỗi: {path}": "The form has {count} error(s): {path}",
    "{error} (xem đủ bằng: {command})": "{error} (see them all with: {command})",
    "… và {count} lỗi khác": "… and {count} more error(s)",
    "tệp rỗng: cần một mẫu phiếu (phieu_schema, form, respondent, sections)": (
        "empty file: a form is needed (phieu_schema, form, respondent, sections)"
    ),
    "mẫu phiếu phải là một ánh xạ (mapping), không phải {kind}": "a form must be a mapping, not {kind}",
    "id '{id}' không hợp lệ: chỉ gồm chữ thường ASCII, số và '_', bắt đầu bằng chữ": (
        "the id '{id}' is not valid: only lowercase ASCII letters, digits and '_', starting with a letter"
    ),
    "giá trị '{value}' không hợp lệ; cho phép: {expected}": "the value '{value}' is not valid; allowed: {expected}",
    "giá trị {value} ngoài giới hạn (phải {sign} {bound})": "the value {value} is out of bounds (must be {sign} {bound})",
    "'{name}': cần đường dẫn tương đối, tính từ thư mục của mẫu phiếu": (
        "'{name}': a relative path is needed, from the form's folder"
    ),
    "tệp danh sách '{name}': {error}": "the list file '{name}': {error}",
    "tệp danh sách '{name}' quá lớn ({size:,} byte; tối đa {limit:,})": (
        "the list file '{name}' is too large ({size:,} bytes; at most {limit:,})"
    ),
    "thiếu khóa bắt buộc '{key}'": "the required key '{key}' is missing",
    "khóa không được hỗ trợ: '{key}'": "a key phieu does not know: '{key}'",
    "phải là true hoặc false": "must be true or false",
    "phải là danh sách": "must be a list",
    "phải là ánh xạ (mapping)": "must be a mapping",
    "không được để trống": "may not be empty",
    "phải là số": "must be a number",
    "quá dài": "too long",
    "quá nhiều mục": "too many items",
    "phải để trống": "must be left empty",
    "dòng CSV không đọc được ({error})": "a CSV line that cannot be read ({error})",
    "tệp danh sách rỗng: cần dòng tiêu đề id,label[,label_en] và ít nhất một dòng": "an empty list file: a header line id,label[,label_en] and at least one line are needed",
    "dòng tiêu đề phải là id,label hoặc id,label,label_en (tệp ghi: {columns})": "the header line must be id,label or id,label,label_en (the file says: {columns})",
    "cần {needed} cột ({columns}), dòng này có {count}": "{needed} columns are needed ({columns}), this line has {count}",
    "id '{id}' bị trùng với dòng {line}": "the id '{id}' repeats that of line {line}",
    "nhãn (label) không được để trống": "the label may not be empty",
    "nhãn quá dài (tối đa 4.000 ký tự)": "the label is too long (at most 4,000 characters)",
    "tệp danh sách không có lựa chọn nào dưới dòng tiêu đề": "the list file has no option under its header line",
    # the meaning checks of a form
    "id phần '{id}' bị trùng": "the section id '{id}' is repeated",
    "id câu hỏi '{id}' bị trùng với {question}": "the question id '{id}' repeats that of {question}",
    "số câu '{number}' bị trùng": "the question number '{number}' is repeated",
    '\'{copy}\' đã luôn có trong Nơi nhận ("- Như trên;", "- Lưu: VT, …"); bỏ dòng này': '\'{copy}\' is always in the copies list ("- Như trên;", "- Lưu: VT, …"); remove this line',
    "'{key}' là khóa dành riêng của tệp trả lời (--answers): đặt tên khác": "'{key}' is a key the answers file (--answers) keeps for itself: choose another name",
    "chỉ dùng một trong {keys} cho một trường": "use only one of {keys} for a field",
    "không có bộ lựa chọn '{name}' (có: {known})": "there is no option set '{name}' (known: {known})",
    "'options' không được là danh sách rỗng": "'options' may not be an empty list",
    "id lựa chọn '{id}' bị trùng": "the option id '{id}' is repeated",
    "'{key}' chỉ dùng cho câu hỏi": "'{key}' is only for questions",
    "chỉ một trường được đánh dấu 'unit: true' (đã có '{key}')": "only one field may be marked 'unit: true' (already '{key}')",
    "'{key}' chỉ dùng cho trường đơn vị ('{unit}', trường tổng hợp theo)": "'{key}' is only for the unit field ('{unit}', the one the summary counts by)",
    "câu hỏi loại '{kind}' cần danh sách 'options'": "a question of kind '{kind}' needs a list 'options'",
    "'{key}' chỉ dùng cho câu hỏi loại single/multiple": "'{key}' is only for questions of kind single/multiple",
    "'{key}' chỉ dùng cho câu hỏi loại multiple": "'{key}' is only for questions of kind multiple",
    "câu hỏi loại 'group' cần danh sách 'fields'": "a question of kind 'group' needs a list 'fields'",
    "'fields' chỉ dùng cho câu hỏi loại group": "'fields' is only for questions of kind group",
    "câu hỏi": "the question",
    "mỗi câu hỏi chỉ có một lựa chọn 'other' (Khác)": "a question has only one option 'other'",
    "'exclusive' chỉ có nghĩa ở câu hỏi loại multiple": "'exclusive' only means something on questions of kind multiple",
    "id '{id}' dành cho nội dung 'Khác'; đặt tên khác cho ô này": "the id '{id}' is kept for the 'Other' text; give this blank another name",
    "lựa chọn '{id}'": "the option '{id}'",
    "max_choices = {limit} lớn hơn số lựa chọn ({count})": "max_choices = {limit} is more than the number of options ({count})",
    "min_choices = {low} lớn hơn max_choices = {high}": "min_choices = {low} is more than max_choices = {high}",
    "min_choices = {limit} lớn hơn số lựa chọn ({count})": "min_choices = {limit} is more than the number of options ({count})",
    "id ô trống '{id}' bị trùng trong {owner}": "the blank id '{id}' is repeated in {owner}",
    "'{key}' của câu hỏi số nguyên phải là số nguyên": "'{key}' of an integer question must be a whole number",
    "'{key}' của câu hỏi ngày phải là ngày dạng YYYY-MM-DD": "'{key}' of a date question must be a date written YYYY-MM-DD",
    "'{key}' chỉ dùng cho loại integer hoặc date": "'{key}' is only for the kinds integer or date",
    "min ({low}) lớn hơn max ({high})": "min ({low}) is more than max ({high})",
    "'max_length' chỉ dùng cho loại text hoặc long_text": "'max_length' is only for the kinds text or long_text",
    "'person_fields' chỉ dùng cho loại person": "'person_fields' is only for the kind person",
    "'person_fields' không được trống hoặc lặp": "'person_fields' may not be empty or repeat a part",
    "id cảnh báo '{id}' bị trùng với cảnh báo thứ {index}": "the warning id '{id}' repeats that of warning {index}",
    "cảnh báo cần 'min', 'max' hoặc 'when'": "a warning needs 'min', 'max' or 'when'",
    "'{key}' của cảnh báo trên câu số nguyên phải là số nguyên": "'{key}' of a warning on an integer question must be a whole number",
    "'{key}' của cảnh báo trên câu ngày phải là ngày YYYY-MM-DD": "'{key}' of a warning on a date question must be a date YYYY-MM-DD",
    "'{key}' của cảnh báo chỉ dùng cho loại integer hoặc date (đây là '{kind}'); dùng 'when' cho loại khác": "'{key}' of a warning is only for the kinds integer or date (this is '{kind}'); use 'when' for other kinds",
    "min ({low}) lớn hơn max ({high}): cảnh báo luôn bật": "min ({low}) is more than max ({high}): the warning always fires",
    "điều kiện cần đúng một trong: question, all, any, not": "a condition needs exactly one of: question, all, any, not",
    "'is'/'answered'/'min'/'max' cần đi kèm 'question'": "'is'/'answered'/'min'/'max' need a 'question'",
    "'{key}' không được là danh sách rỗng": "'{key}' may not be an empty list",
    "điều kiện về câu hỏi cần 'is', 'answered' hoặc 'min'/'max'": "a condition on a question needs 'is', 'answered' or 'min'/'max'",
    "{question} đứng sau, chưa được hỏi": "{question} comes later, it is not asked yet",
    "không có câu hỏi này": "there is no such question",
    "điều kiện tham chiếu '{id}': {why}": "the condition refers to '{id}': {why}",
    "'is' chỉ dùng với câu hỏi có lựa chọn ({question} là '{kind}')": "'is' is only for questions with options ({question} is '{kind}')",
    "{question} không có lựa chọn '{id}' (có: {known})": "{question} has no option '{id}' (known: {known})",
    "'min'/'max' trong điều kiện chỉ dùng với câu hỏi số nguyên ({question} là '{kind}')": "'min'/'max' in a condition are only for integer questions ({question} is '{kind}')",
    # --- usage errors (Click's, in phieu's words) ---------------------------------------------------------
    "không có lệnh '{a}'": "no command '{a}'",
    "không có lệnh '{a}' (có phải: '{b}'?)": "no command '{a}' (did you mean '{b}'?)",
    "không có tùy chọn {a} (có phải: {b}?)": "no option {a} (did you mean {b}?)",
    "không có tùy chọn {a}": "no option {a}",
    "thiếu tham số {a}": "missing argument {a}",
    "thiếu tùy chọn {a}": "missing option {a}",
    "thiếu tên lệnh": "missing command",
    "tùy chọn {a} cần một giá trị": "option {a} needs a value",
    "thừa tham số: {a}": "unexpected extra argument: {a}",
    "giá trị của {a} phải là số nguyên": "the value of {a} must be a whole number",
    "giá trị không hợp lệ cho {a}: {b}": "invalid value for {a}: {b}",
    "Xem hướng dẫn: {command} --help": "See: {command} --help",
    # --- terminal ----------------------------------------------------------------------------------------
    "Lỗi: {message}": "Error: {message}",
    # --- common: what a text may hold, why a write failed, who holds a lock ------------------------------
    "nửa cặp thay thế UTF-16 {code} đứng lẻ (thường do mã thoát JSON/YAML như {escape})": (
        "a lone UTF-16 surrogate {code} (usually from a JSON/YAML escape such as {escape})"
    ),
    "ký tự {code} không phải là chữ": "the character {code}, which is not text",
    "ký tự điều khiển {code}": "the control character {code}",
    "tab dọc": "vertical tab",
    "sang trang": "form feed",
    "về đầu dòng": "carriage return",
    "chứa {what} ở vị trí {position}": "holds {what} at position {position}",
    "; văn bản chỉ được có chữ, dấu, xuống dòng và tab": "; a text may only hold letters, marks, line breaks and tabs",
    "ổ đĩa đã đầy": "the disk is full",
    "đã hết hạn mức dung lượng của bạn trên ổ đĩa": "your disk quota is used up",
    "ổ đĩa chỉ cho đọc": "the disk is read-only",
    "không có quyền ghi vào đây": "no permission to write here",
    "thư mục không còn tồn tại": "the folder no longer exists",
    "tệp vượt quá cỡ tối đa được phép": "the file exceeds the largest size allowed",
    "lỗi đọc ghi của ổ đĩa": "the disk had an input/output error",
    "không có quyền ghi, hoặc tệp đang mở trong chương trình khác": (
        "no permission to write, or the file is open in another program"
    ),
    "lỗi hệ thống {errno}": "system error {errno}",
    "lỗi hệ thống": "system error",
    "người dùng {user}": "user {user}",
    "máy {host}": "machine {host}",
    "tiến trình {pid}": "process {pid}",
    ", từ {time}": ", since {time}",
    "không rõ ai": "unknown",
    "Đã dừng theo yêu cầu (Ctrl-C).": "Stopped as asked (Ctrl-C).",
    # --- YAML files people write (answers files) -----------------------------------------------------------
    "tệp quá lớn ({size:,} byte; tối đa {limit:,})": "the file is too large ({size:,} bytes; at most {limit:,})",
    "không phải văn bản UTF-8 (byte thứ {offset})": "not UTF-8 text (byte {offset})",
    "lỗi cú pháp YAML: {reason}": "YAML syntax error: {reason}",
    "lỗi cú pháp YAML": "YAML syntax error",
    "khóa phải là chuỗi": "a key must be text",
    "khóa {fault}": "the key {fault}",
    "khóa '{key}' bị lặp lại": "the key '{key}' is repeated",
    "…({length:,} ký tự)": "…({length:,} characters)",
    "số quá dài ({length:,} ký tự): ghi trong dấu ngoặc kép nếu là văn bản": (
        "number too long ({length:,} characters): put it in quotes if it is text"
    ),
    "'{shown}' không phải là {what} hợp lệ (viết trong dấu ngoặc kép nếu là văn bản)": (
        "'{shown}' is not a valid {what} (put it in quotes if it is text)"
    ),
    "số": "number",
    "ngày hoặc thời điểm có thật": "real date or time",
    "true/false": "true/false",
    "giá trị": "value",
    "ký tự không được bắt đầu một giá trị (tab thay cho dấu cách? dấu ` @ %?)": (
        "a character that cannot start a value (a tab instead of spaces? a ` @ %?)"
    ),
    "dấu ':' không đúng chỗ (giá trị có dấu ':' cần đặt trong ngoặc kép)": (
        "a ':' out of place (a value holding ':' needs quotes)"
    ),
    "thiếu dấu ':' sau khóa": "a ':' is missing after the key",
    "alias (*tên) trỏ vào một neo (&tên) chưa có": "an alias (*name) points to an anchor (&name) not defined",
    "neo (&tên) bị đặt hai lần": "an anchor (&name) is defined twice",
    "lồng quá sâu": "nested too deep",
    "mã thoát không hợp lệ sau dấu \\ trong ngoặc kép": "an invalid escape after \\ in quotes",
    "mã thoát \\u… không phải một ký tự có thật": "the escape \\u… is not a real character",
    "tệp kết thúc khi chuỗi hoặc ngoặc chưa đóng": "the file ends before a string or bracket is closed",
    "thụt lề không khớp hoặc thiếu khóa": "the indentation does not match, or a key is missing",
    "thiếu giá trị": "a value is missing",
    "thiếu dấu ',' hoặc ']'": "a ',' or ']' is missing",
    "thiếu dấu ',' hoặc '}'": "a ',' or '}' is missing",
    "thụt lề của danh sách không khớp": "the list's indentation does not match",
    "có ký tự thừa sau giá trị": "extra characters after the value",
    "tên neo/alias trống": "an empty anchor or alias name",
    "có ký tự điều khiển": "holds a control character",
    "có ký tự không được phép": "holds a character that is not allowed",
    "dùng tab để thụt lề (YAML chỉ cho dấu cách)": "a tab used to indent (YAML allows only spaces)",
    "thụt lề không khớp": "the indentation does not match",
    "có nội dung thừa sau tài liệu": "extra content after the document",
    "không đọc được": "unreadable",
    "tài liệu YAML mở rộng quá {limit:,} nút (alias lồng nhau?)": (
        "the YAML document grows past {limit:,} nodes (nested aliases?)"
    ),
    "alias trỏ vào chính giá trị chứa nó (vòng lặp vô tận)": "an alias points into the value holding it (an endless loop)",
    "thẻ YAML không được hỗ trợ: {tag}": "a YAML tag phieu does not support: {tag}",
    "khóa gộp << chỉ ghép được một đối tượng hoặc một danh sách đối tượng": (
        "the merge key << merges only a mapping or a list of mappings"
    ),
    # --- soft checks: warnings confirmed with a reason --------------------------------------------------
    "⚠ Cảnh báo ({id}): {message}": "⚠ Warning ({id}): {message}",
    "câu trả lời đúng? ghi lý do rồi Enter; Esc: quay lại sửa câu trả lời": (
        "is the answer right? write why, then Enter; Esc: back to correct the answer"
    ),
    "Hãy ghi lý do câu trả lời vẫn đúng, hoặc Esc để quay lại sửa câu trả lời.": (
        "Write why the answer is right all the same, or Esc to go back and correct it."
    ),
    "lý do dài {length:,} ký tự, tối đa {limit:,}": "the reason is {length:,} characters long, at most {limit:,}",
    "Lý do giữ câu trả lời ({id})": "Reason to keep the answer ({id})",
    "đã xác nhận, lý do: {reason}": "confirmed, reason: {reason}",
    "CHƯA XÁC NHẬN": "NOT CONFIRMED",
    "Cảnh báo: {count} đã xác nhận lý do": "Warnings: {count} confirmed with a reason",
    ", {count} chưa ({questions})": ", {count} not yet ({questions})",
    " (⚠ trong danh sách).": " (⚠ in the list).",
    'cảnh báo {id}: {message} — chưa xác nhận (sửa câu trả lời, hoặc ghi lý do vào "confirmations")': (
        'warning {id}: {message} — not confirmed (correct the answer, or write a reason under "confirmations")'
    ),
    "{count} cảnh báo chưa xác nhận: sửa câu trả lời, hoặc ghi lý do dưới khóa confirmations (docs/answers-file.md).": (
        "{count} warning(s) not confirmed: correct the answer, or write a reason under the key confirmations "
        "(docs/answers-file.md)."
    ),
    "confirmations phải là một ánh xạ: câu -> mã cảnh báo -> lý do": (
        "confirmations must be a mapping: question -> warning id -> reason"
    ),
    "mẫu phiếu không có cảnh báo nào": "the form has no warnings",
    "không có cảnh báo nào ở “{key}” (có: {known})": "there is no warning at “{key}” (known: {known})",
    "cần dạng mã_cảnh_báo: lý do, ví dụ w1: …": "write warning_id: reason, e.g. w1: …",
    "lý do phải là một dòng chữ": "the reason must be one line of text",
    'không có câu hay ô trống nào có cảnh báo ở "{where}"': 'no question or blank has warnings at "{where}"',
    'không có cảnh báo "{id}" ở đây (có: {known})': 'there is no warning "{id}" here (known: {known})',
    "lý do xác nhận không được để trống": "a confirmation's reason may not be empty",
    "lý do xác nhận phải là một dòng, tối đa {limit} ký tự": "a confirmation's reason is one line of at most {limit} characters",
    "cảnh báo này không bật với câu trả lời hiện tại: bỏ xác nhận này": (
        "this warning does not fire with the answer as it is: remove this confirmation"
    ),
    # --- respondents: any list of units, any fields ----------------------------------------------------
    "Số: {dots}/{dots}": "No. {dots}/{dots}",
    "THỦ TRƯỞNG CƠ QUAN": "HEAD OF THE AGENCY",
    "tệp rỗng: cần {keys} và answers (xem docs/answers-file.md)": (
        "empty file: {keys} and answers are needed (see docs/answers-file.md)"
    ),
    "tệp trả lời phải là một ánh xạ với các khóa {keys}": "the answers file must be a mapping with the keys {keys}",
    "phải là tên {noun}": "must be the name of a {noun}",
    "“{value}” khớp nhiều {noun}: {names}": "“{value}” matches several of the form's {noun} list: {names}",
    "phải là văn bản một dòng ({label})": "must be one line of text ({label})",
    "không có {noun} “{value}”": "there is no {noun} “{value}”",
    "lựa chọn": "option",
    "Có {count} {noun} khớp: {names}. Hãy gõ rõ hơn.": "{count} matches ({noun}): {names}. Type more of the name.",
    "Không có {noun} nào khớp với “{text}”.": "No {noun} matches “{text}”.",
    "Không có câu “{text}”. Các câu: {numbers}; hoặc {fields}.": (
        "There is no question “{text}”. The questions: {numbers}; or {fields}."
    ),
    "(gõ số câu in trên phiếu, ví dụ 3đ hoặc 6b.1; {words} cho phần đầu; Esc: về màn hình xem lại)": (
        "(type the question's number as printed, e.g. 3đ or 6b.1; {words} for the first part; "
        "Esc: back to the review)"
    ),
    "gõ tên có dấu hoặc không, ví dụ: {example}; ↓ hoặc Tab để chọn gợi ý": (
        "type the name with or without diacritics, e.g. {example}; ↓ or Tab picks a suggestion"
    ),
}
