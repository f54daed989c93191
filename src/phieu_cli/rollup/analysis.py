"""`phieu summary`: the ministry's roll-up of the units' response files (form 149: the provinces').

The units are the values of the form's unit field (form.model.Form.unit_id: the provinces of form 149, the
ministries of another form) and are named by its noun ("tỉnh, thành phố"). Each file gets the verdict
`phieu validate` gives it (validation.check_file). A unit is counted when it
has a valid response whose status is "complete"; of several, the newest (completed_at, then updated_at) is
counted and the others are reported. Drafts and invalid files are listed and left out.

The result is plain data: a Summary, and views of it as Tables (rows and typed columns) that the terminal,
XLSX and CSV writers present. Nothing here imports rich, openpyxl or csv.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from phieu_cli.common.errors import UsageError
from phieu_cli.common.text import display_width, fold
from phieu_cli.form.conditions import applies_in_order
from phieu_cli.form.plain import CHOICE_KINDS, OTHER_TEXT_KEY, PERSON_PART_LABELS
from phieu_cli.form.values import is_blank
from phieu_cli.responses.validation import FiredWarning, warned_answers

if TYPE_CHECKING:
    from phieu_cli.form.cache import PlainLoaded
    from phieu_cli.form.check import LoadedForm
    from phieu_cli.form.model import Blank, Form, Option, Question
    from phieu_cli.form.plain import PlainBlank, PlainForm, PlainOption, PlainQuestion
    from phieu_cli.responses.validation import Loaded

    # The summary runs on the whole form (pydantic, for the XLSX/CSV files and --by) or on the plain form
    # that checking reads (form/plain.py, from the cache: the text report starts without YAML or pydantic).
    AnyLoaded = LoadedForm | PlainLoaded
    AnyForm = Form | PlainForm
    AnyQuestion = Question | PlainQuestion
    AnyOption = Option | PlainOption
    AnyBlank = Blank | PlainBlank

NOT_APPLICABLE = "không áp dụng"


class _NotApplicable:
    """The value of a question that does not apply to a province (shown as "không áp dụng")."""

    def __repr__(self) -> str:
        return "NA"


NA = _NotApplicable()
NO_ANSWER = "(không trả lời)"

# What happened to each file.
COUNTED, SUPERSEDED, DRAFT, INVALID = "counted", "superseded", "draft", "invalid"
VERDICT_LABELS = {
    COUNTED: "được tính",
    SUPERSEDED: "không tính: {word} đã có phiếu hoàn thành mới hơn",
    DRAFT: "không tính: bản nháp (chưa hoàn thành)",
    INVALID: "không tính: có lỗi",
}


# ------------------------------------------------------------------------------------------- the files


@dataclass
class FileEntry:
    """One input file and what the summary did with it."""

    file: str
    verdict: str
    unit: str | None = None  # the unit field's value (an id, or free text), when the file could be read
    status: str | None = None  # "complete" | "draft"
    respondent: dict[str, str | None] = field(default_factory=dict)  # the response's respondent fields
    completed_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    problems: int = 0
    first_error: str | None = None

    @property
    def stamp(self) -> tuple[dt.datetime, dt.datetime, str]:
        """What "newest" means: completed_at, then updated_at; at the same instant the file name decides, so
        the outcome never depends on the order the files were named in."""
        low = dt.datetime.min.replace(tzinfo=dt.UTC)
        return (self.completed_at or low, self.updated_at or low, self.file)


class Counted:
    """The response counted for a unit: its file's entry, its answers, and the warnings its answers fire
    (confirmed or not).

    From a worker process the answers come as JSON text (common/workers.py), decoded when first read: only the
    newest response of each unit ever is, and decoding JSON costs the parent less than unpickling."""

    __slots__ = ("_answers", "entry", "warnings")

    def __init__(
        self, entry: FileEntry, answers: dict[str, Any] | str, warnings: list[FiredWarning] | None = None
    ) -> None:
        self.entry = entry
        self._answers = answers
        self.warnings = warnings if warnings is not None else []

    @property
    def answers(self) -> dict[str, Any]:
        if isinstance(self._answers, str):
            decoded: dict[str, Any] = json.loads(self._answers)
            self._answers = decoded
            return decoded
        return self._answers


def find_files(inputs: Iterable[Path]) -> list[Path]:
    """The files to read: each FILE as given, each DIR searched (sub-folders too) for *.json files.

    Hidden files and folders (".", as the atomic writer's temporary files) are skipped; a file named twice
    is read once. A missing path, or nothing to read at all, is a usage error.
    """
    found: list[Path] = []
    seen: set[str] = set()
    for given in inputs:
        if given.is_dir():
            candidates = _json_files(given)
        elif given.exists():
            candidates = [given]
        else:
            raise UsageError(f"Không tìm thấy tệp hoặc thư mục: {given}")
        for path in candidates:
            key = os.path.normcase(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                found.append(path)
    if not found:
        raise UsageError("Không có tệp trả lời (.json) nào để tổng hợp trong: " + ", ".join(map(str, inputs)))
    return found


def _json_files(folder: Path) -> list[Path]:
    """*.json files under *folder*, hidden ones skipped, sorted by their path inside it (case-folded)."""
    out: list[tuple[str, Path]] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(root)
        inside = base.relative_to(folder).as_posix()
        for name in names:
            if name.lower().endswith(".json") and not name.startswith("."):
                key = f"{inside}/{name}" if inside != "." else name
                out.append((key.casefold(), base / name))
    return [path for _, path in sorted(out)]


# ---------------------------------------------------------------------------------------- the summary


@dataclass
class Summary:
    loaded: AnyLoaded
    entries: list[FileEntry] = field(default_factory=list)
    counted: dict[str, Counted] = field(default_factory=dict)  # unit -> the response counted
    _by_unit: dict[str, list[FileEntry]] = field(default_factory=dict, repr=False)
    _sorted: list[AnyOption] | None = field(default=None, repr=False)
    # A free-text unit, by its folded spelling ("bo tu phap") -> the first spelling met ("Bộ Tư pháp").
    _spellings: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def form(self) -> AnyForm:
        return self.loaded.form

    @property
    def noun(self) -> str:
        """How one unit is named: "tỉnh, thành phố", "bộ, cơ quan ngang bộ", "đơn vị" (the form's noun)."""
        return self.form.unit_noun

    @property
    def word(self) -> str:
        """The noun's first word, for column titles and counts: "tỉnh", "bộ", "đơn vị"."""
        return self.noun.split(",")[0].strip()

    @property
    def listed(self) -> bool:
        """Whether the units are a list (who is missing is known), not free text."""
        return self.form.unit_field.listed

    @property
    def units(self) -> list[AnyOption]:
        """The form's units in Vietnamese alphabetical order of their names (rollup/overview.py); [] when the
        unit is free text."""
        from phieu_cli.rollup.overview import sorted_provinces

        if self._sorted is None:
            self._sorted = sorted_provinces(self.form.unit_options)
        return self._sorted

    @property
    def missing(self) -> list[AnyOption]:
        return [p for p in self.units if p.id not in self.counted]

    def by_verdict(self, verdict: str) -> list[FileEntry]:
        return [e for e in self.entries if e.verdict == verdict]

    def named_units(self) -> list[str]:
        """Every unit some readable file names (the form's or not)."""
        return list(self._by_unit)

    def entries_of(self, province: str) -> list[FileEntry]:
        """The files that name *province*, in reading order."""
        return self._by_unit.get(province, [])

    def unit_label(self, province: str | None) -> str:
        if not province:
            return ""
        return self.form.unit_label(province) or province

    def add(
        self,
        entry: FileEntry,
        answers: dict[str, Any] | str | None = None,
        warnings: list[FiredWarning] | None = None,
    ) -> None:
        """Record one file; for a valid complete response, keep the newest per province (*answers*: the
        response's answers, or their JSON text)."""
        self.entries.append(entry)
        if entry.unit is not None and not self.listed:
            # Typed by people: "Bộ Tư pháp", "bộ tư pháp " and "Bo Tu phap" are one unit, named as first met.
            key = unit_key(entry.unit, listed=False)
            entry.unit = self._spellings.setdefault(key, " ".join(entry.unit.split()))
        if entry.unit is not None:
            self._by_unit.setdefault(entry.unit, []).append(entry)
        if entry.verdict != COUNTED or entry.unit is None:
            return
        best = self.counted.get(entry.unit)
        if best is None or entry.stamp > best.entry.stamp:
            if best is not None:
                best.entry.verdict = SUPERSEDED
            self.counted[entry.unit] = Counted(entry, answers or {}, warnings or [])
        else:
            entry.verdict = SUPERSEDED


def unit_key(unit: str, *, listed: bool) -> str:
    """How the summary tells units apart: a unit of the form's list by its id, a free-text unit by its folded
    spelling (Summary.add, and the workers that send only each unit's newest answers)."""
    return unit if listed else fold(unit)


def summarise(loaded: AnyLoaded, files: list[Path], advance: Callable[[], None] = lambda: None) -> Summary:
    """Check every file as `phieu validate` does and keep what counts (a large folder in several processes,
    as `phieu validate` shares it: common/workers.py)."""
    from phieu_cli.common.workers import in_order, job_count
    from phieu_cli.form.cache import PlainLoaded
    from phieu_cli.form.plain import plain_form

    summary = Summary(loaded)
    jobs = job_count(len(files))
    if jobs == 1:
        for path in files:
            summary.add(*read_file(loaded, path))
            advance()
        return summary
    # What the workers need: the plain form that checking reads (small to send to a spawned worker).
    checking = PlainLoaded(plain_form(loaded.form), str(loaded.path), loaded.hash)
    for entry, answers, fired in in_order(read_files_to_send, checking, files, jobs):
        summary.add(entry, answers, fired)
        advance()
    return summary


Read = tuple["FileEntry", "dict[str, Any] | None", "list[FiredWarning] | None"]


def read_files_to_send(
    loaded: Loaded, files: list[Path]
) -> list[tuple[FileEntry, str | None, list[FiredWarning] | None]]:
    """In a worker process: read_file for each file, the answers as JSON text (see Counted).

    Only the newest valid complete response of each unit in this run can be the one counted (Summary.add keeps
    the newest of all), so only its answers and warnings are sent: the others' would cross the pipe for
    nothing, and at 10,000 files that is most of what the parent spends (issue 12)."""
    read = [read_file(loaded, path) for path in files]
    listed = loaded.form.unit_field.listed
    newest: dict[str, int] = {}  # the unit as Summary.add keys it -> the index of its newest counted entry
    for index, (entry, _, _) in enumerate(read):
        if entry.verdict == COUNTED and entry.unit is not None:
            key = unit_key(entry.unit, listed=listed)
            best = newest.get(key)
            if best is None or entry.stamp > read[best][0].stamp:
                newest[key] = index
    keep = set(newest.values())
    sent: list[tuple[FileEntry, str | None, list[FiredWarning] | None]] = []
    for index, (entry, answers, fired) in enumerate(read):
        if index not in keep or answers is None:
            sent.append((entry, None, None))
            continue
        sent.append((entry, json.dumps(answers, ensure_ascii=False, separators=(",", ":")), fired))
    return sent


def read_file(loaded: Loaded, path: Path) -> Read:
    """One file as the summary records it: its entry, and for a valid response its answers and the warnings
    they fire."""
    from phieu_cli.responses.validation import check_file

    try:
        report = check_file(loaded, path)
    except UsageError as exc:  # unreadable (permissions, removed meanwhile): one bad file, not the run
        return FileEntry(file=str(path), verdict=INVALID, problems=1, first_error=str(exc)), None, None
    response = report.envelope  # the read path: plain data, no model per file
    if report.problems or response is None:
        # The first problem in the order `phieu validate` prints them (printed question order).
        first = report.problems[0] if report.problems else None
        entry = FileEntry(
            file=str(path),
            verdict=INVALID,
            unit=_unit(loaded, response.respondent) if response else None,
            status=response.status if response else None,
            problems=len(report.problems),
            first_error=_short(first.render(), report.file) if first else "không đọc được",
        )
        return entry, None, None
    entry = FileEntry(
        file=str(path),
        verdict=COUNTED if response.status == "complete" else DRAFT,
        unit=_unit(loaded, response.respondent),
        status=response.status,
        respondent=dict(response.respondent),
        completed_at=response.completed_at,
        updated_at=response.updated_at,
    )
    return entry, response.answers, report.fired


def _unit(loaded: Loaded, respondent: Mapping[str, Any]) -> str | None:
    value = respondent.get(loaded.form.unit_id)
    return value if isinstance(value, str) and value.strip() else None


def verdict_label(summary: Summary, verdict: str) -> str:
    return VERDICT_LABELS[verdict].format(word=summary.word)


def _short(rendered: str, file: str) -> str:
    """A problem without its file name (the file is the row's first column); "1:2: …" keeps line:column."""
    for prefix in (f"{file}: ", f"{file}:"):
        if rendered.startswith(prefix):
            return rendered[len(prefix) :]
    return rendered


# ------------------------------------------------------------------------------------------ the fields


@dataclass(frozen=True)
class Field:
    """One column of the per-province table: a question, a blank of it, or a part of a person."""

    key: str
    question: AnyQuestion
    header: str  # "Câu 1", "Câu 1 · Lý do", "Câu 7.1 · Họ và tên"
    kind: str  # "choice" | "integer" | "text"
    get: Callable[[Any], Any]  # the question's answer -> this column's value (None: empty)
    main: bool = False  # the question's own column (says "không áp dụng")
    label: str = ""  # what it is, without the question's number: the wording, "Lý do", "Họ và tên"

    @property
    def what(self) -> str:
        return self.label or self.question.text


def fields(form: AnyForm) -> list[Field]:
    """Every column, in printed order."""
    out: list[Field] = []
    for q in form.questions:
        out += _question_fields(q)
    return out


def _question_fields(q: AnyQuestion) -> list[Field]:
    ref = q.ref
    if q.kind in CHOICE_KINDS:
        out = [Field(q.id, q, ref, "choice", _chosen_labels(q), main=True)]
        for option in q.options or []:
            if option.other:
                out.append(
                    Field(
                        f"{q.id}.{option.id}.text",
                        q,
                        f"{ref} · {option.label}",
                        "text",
                        _other(option.id),
                        label=option.label,
                    )
                )
        if q.kind == "single":
            # One option at most: blanks with the same id under different options share a column.
            merged: dict[str, tuple[AnyBlank, list[str]]] = {}
            for option in q.options or []:
                for blank in option.followups:
                    merged.setdefault(blank.id, (blank, []))[1].append(option.id)
            for blank_id, (blank, option_ids) in merged.items():
                out += _blank_fields(
                    q, f"{q.id}.{blank_id}", blank.label, blank, _followup(option_ids, blank_id)
                )
        else:
            for option in q.options or []:
                for blank in option.followups:
                    label = f"{blank.label} ({_clip(option.label)})"
                    key = f"{q.id}.{option.id}.{blank.id}"
                    out += _blank_fields(q, key, label, blank, _followup([option.id], blank.id))
        return out
    if q.kind == "person":
        return [
            Field(
                f"{q.id}.{part}",
                q,
                f"{ref} · {PERSON_PART_LABELS[part]}",
                "text",
                _part(part),
                main=i == 0,
                label=PERSON_PART_LABELS[part],
            )
            for i, part in enumerate(q.parts)
        ]
    if q.kind == "group":
        out = []
        for blank in q.fields or []:
            out += _blank_fields(q, f"{q.id}.{blank.id}", blank.label, blank, _member(blank.id))
        if out:
            out[0] = replace(out[0], main=True)
        return out
    kind = "integer" if q.kind == "integer" else "text"
    return [Field(q.id, q, ref, kind, _scalar, main=True)]


def _blank_fields(
    q: AnyQuestion, key: str, label: str, blank: AnyBlank, get: Callable[[Any], Any]
) -> list[Field]:
    """The column(s) of a blank: one, or one per part of a person."""
    if blank.kind == "person":
        return [
            Field(
                f"{key}.{part}",
                q,
                f"{q.ref} · {label} · {PERSON_PART_LABELS[part]}",
                "text",
                _then(get, _part(part)),
                label=f"{label} · {PERSON_PART_LABELS[part]}",
            )
            for part in blank.parts
        ]
    kind = "integer" if blank.kind == "integer" else "text"
    return [Field(key, q, f"{q.ref} · {label}", kind, _then(get, _scalar), label=label)]


def _clip(text: str, width: int = 40) -> str:
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            break
        out += ch
    return out.rstrip(" ,;:") + "…"


def _scalar(value: Any) -> Any:
    if is_blank(value):
        return None
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return value
    return str(value)


def _then(first: Callable[[Any], Any], second: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def get(answer: Any) -> Any:
        value = first(answer)
        return None if value is None else second(value)

    return get


def _chosen_labels(q: AnyQuestion) -> Callable[[Any], Any]:
    def get(answer: Any) -> Any:
        if not isinstance(answer, Mapping) or not answer:
            return None
        labels = [o.label for o in q.options or [] if o.id in answer]
        return "; ".join(labels) or None

    return get


def _other(option_id: str) -> Callable[[Any], Any]:
    def get(answer: Any) -> Any:
        detail = answer.get(option_id) if isinstance(answer, Mapping) else None
        return _scalar(detail.get(OTHER_TEXT_KEY)) if isinstance(detail, Mapping) else None

    return get


def _followup(option_ids: list[str], blank_id: str) -> Callable[[Any], Any]:
    def get(answer: Any) -> Any:
        if not isinstance(answer, Mapping):
            return None
        for option_id in option_ids:
            detail = answer.get(option_id)
            if isinstance(detail, Mapping) and not is_blank(detail.get(blank_id)):
                return detail.get(blank_id)
        return None

    return get


def _member(blank_id: str) -> Callable[[Any], Any]:
    def get(answer: Any) -> Any:
        value = answer.get(blank_id) if isinstance(answer, Mapping) else None
        return None if is_blank(value) else value

    return get


def _part(part: str) -> Callable[[Any], Any]:
    def get(answer: Any) -> Any:
        return _scalar(answer.get(part)) if isinstance(answer, Mapping) else None

    return get


# ------------------------------------------------------------------------------------ answers and stats


@dataclass
class ChoiceStat:
    """A choice question over the counted provinces. Percentages are of the provinces it applied to."""

    question: AnyQuestion
    applied: int
    answered: int
    counts: list[tuple[AnyOption, int]]


@dataclass
class NumberStat:
    field: Field
    values: list[int]

    @property
    def median(self) -> float | int | None:
        if not self.values:
            return None
        middle = statistics.median(self.values)
        return int(middle) if float(middle).is_integer() else middle


@dataclass
class WarningStat:
    """One warning of the form over the counted provinces: where it fired, confirmed with a reason or not."""

    ref: str  # "Câu 3đ"
    where: str  # the answer's JSON path
    id: str
    message: str
    confirmed: list[str] = field(default_factory=list)  # units, in the units' order
    unconfirmed: list[str] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything computed from the counted responses (one per province)."""

    fields: list[Field]
    rows: dict[str, dict[str, Any]]  # province id -> field key -> value
    choices: list[ChoiceStat]
    numbers: list[NumberStat]
    texts: list[tuple[Field, str, Any]]  # (field, province id, value), printed order then province order
    warnings: list[WarningStat] = field(default_factory=list)  # every warning of the form, printed order


def analyse(summary: Summary) -> Analysis:
    form = summary.form
    all_fields = fields(form)
    by_question: dict[str, list[Field]] = {}
    for f in all_fields:
        by_question.setdefault(f.question.id, []).append(f)
    order = [p.id for p in summary.units if p.id in summary.counted]
    order += sorted(set(summary.counted) - set(order))  # a province id the form's list does not know
    rows: dict[str, dict[str, Any]] = {}
    applied: dict[str, int] = {}
    answered: dict[str, int] = {}
    chosen: dict[tuple[str, str], int] = {}
    for province in order:
        row: dict[str, Any] = {}
        questions: list[AnyQuestion] = list(form.questions)
        for q, applies, answer in applies_in_order(questions, summary.counted[province].answers):
            is_answered = not is_blank(answer)
            if applies:
                applied[q.id] = applied.get(q.id, 0) + 1
                if is_answered:
                    answered[q.id] = answered.get(q.id, 0) + 1
                    if q.kind in CHOICE_KINDS and isinstance(answer, Mapping):
                        for option_id in answer:
                            chosen[(q.id, option_id)] = chosen.get((q.id, option_id), 0) + 1
            for f in by_question.get(q.id, []):
                if not applies:
                    row[f.key] = NA if f.main else None
                else:
                    row[f.key] = f.get(answer) if is_answered else None
        rows[province] = row
    choices = [
        ChoiceStat(
            q,
            applied.get(q.id, 0),
            answered.get(q.id, 0),
            [(o, chosen.get((q.id, o.id), 0)) for o in q.options or []],
        )
        for q in form.questions
        if q.kind in CHOICE_KINDS
    ]
    numbers = [
        NumberStat(
            f, [v for p in order if isinstance(v := rows[p].get(f.key), int) and not isinstance(v, bool)]
        )
        for f in all_fields
        if f.kind == "integer"
    ]
    texts = [
        (f, p, value)
        for f in all_fields
        if f.kind == "text"
        for p in order
        if (value := rows[p].get(f.key)) is not None and value is not NA
    ]
    return Analysis(all_fields, rows, choices, numbers, texts, _warning_stats(summary, order))


def _warning_stats(summary: Summary, order: list[str]) -> list[WarningStat]:
    """Per warning of the form (in printed order), the provinces whose counted response fires it."""
    stats: dict[tuple[str, str], WarningStat] = {}
    for where, item in warned_answers(summary.form).items():
        question = summary.form.by_id[where.split(".")[2]]
        for warning in item.warnings or []:
            stats[(where, warning.id)] = WarningStat(question.ref, where, warning.id, warning.message)
    for province in order:
        for fired in summary.counted[province].warnings:
            stat = stats.get((fired.where, fired.id))
            if stat is not None:
                (stat.confirmed if fired.reason is not None else stat.unconfirmed).append(province)
    return list(stats.values())


# ------------------------------------------------------------------------------------------- the views


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"  # text | int | number | percent | datetime
    wide: bool = False  # free text: wrapped in a spreadsheet


@dataclass
class Table:
    key: str  # the name `--view` takes
    title: str  # the sheet's name
    columns: list[Column]
    rows: list[list[Any]]
    frozen_columns: int = 0  # besides the header row


VIEWS = {
    "status": "Tình trạng",
    "answers": "Theo tỉnh",
    "options": "Lựa chọn",
    "numbers": "Số liệu",
    "warnings": "Cảnh báo",
    "texts": "Văn bản",
    "files": "Tệp",
}
DEFAULT_CSV_VIEW = "answers"
UNITS_VIEW = "units"  # the view `--by` adds (rollup/regroup.py)
UNIT_STATES = {
    "in": "đã nộp",
    "missing": "chưa nộp",
    "draft": "chỉ có bản nháp",
    "invalid": "chỉ có tệp lỗi",
}


def unit_state(summary: Summary, province: str) -> str:
    if province in summary.counted:
        return UNIT_STATES["in"]
    verdicts = {e.verdict for e in summary.entries_of(province)}
    if DRAFT in verdicts:
        return UNIT_STATES["draft"]
    if INVALID in verdicts:
        return UNIT_STATES["invalid"]
    return UNIT_STATES["missing"]


def tables(summary: Summary, analysis: Analysis | None = None) -> list[Table]:
    analysis = analysis or analyse(summary)
    return [
        _status_table(summary),
        _answers_table(summary, analysis),
        _options_table(summary, analysis),
        _numbers_table(summary, analysis),
        _warnings_table(summary, analysis),
        _texts_table(summary, analysis),
        _files_table(summary),
    ]


def view_title(summary: Summary, key: str) -> str:
    """A view's sheet name: "Theo tỉnh" names the form's unit ("Theo bộ")."""
    return f"Theo {summary.word}" if key == "answers" else VIEWS[key]


def _other_columns(summary: Summary) -> list[Column]:
    """The respondent fields besides the unit (form 149: "Cơ quan cung cấp thông tin"), as columns."""
    return [Column(f.label) for key, f in summary.form.respondent.items() if key != summary.form.unit_id]


def _other_cells(summary: Summary, entry: FileEntry | None) -> list[Any]:
    """The respondent fields besides the unit of *entry* (None: empty cells), a listed value by its label."""
    form = summary.form
    cells = []
    for key, f in form.respondent.items():
        if key == form.unit_id:
            continue
        value = entry.respondent.get(key) if entry is not None else None
        cells.append((f.choice_label(value) or value) if value and f.listed else value)
    return cells


def capitalised(noun: str) -> str:
    return noun[:1].upper() + noun[1:]


def _unit_rows(summary: Summary) -> Iterator[tuple[str, str]]:
    """(id, label) of every unit of the form, then any unit found in files that the form does not know (every
    unit, when the unit is free text)."""
    known = {p.id for p in summary.units}
    for option in summary.units:
        yield option.id, option.label
    extra = sorted(p for p in summary.named_units() if p not in known)
    for province in extra:
        yield province, province


STATUS_WORDS = {"complete": "hoàn thành", "draft": "bản nháp"}


def _status_table(summary: Summary) -> Table:
    from phieu_cli.rollup.overview import unread_files

    unread = unread_files(summary)
    columns = [
        Column("Mã"),
        Column(capitalised(summary.noun)),
        Column("Tình trạng"),
        Column("Tệp được tính"),
        *_other_columns(summary),
        Column("Hoàn thành lúc", "datetime"),
        Column("Ghi chú", wide=True),
    ]
    rows = []
    for province, label in _unit_rows(summary):
        counted = summary.counted.get(province)
        others = [e for e in summary.entries_of(province) if e.verdict != COUNTED]
        notes = []
        for verdict, words in (
            (SUPERSEDED, "tệp hoàn thành cũ hơn"),
            (DRAFT, "bản nháp"),
            (INVALID, "tệp lỗi"),
        ):
            names = [e.file for e in others if e.verdict == verdict]
            if names:
                notes.append(f"{len(names)} {words} không tính: {_names(names)}")
        if province in unread and province not in summary.counted:
            word = summary.word
            notes.append(
                f"tệp lỗi, không đọc được {word}, tên tệp chỉ {word} này: {_names(unread[province])}"
            )
        entry = counted.entry if counted else None
        rows.append(
            [
                province,
                label,
                unit_state(summary, province),
                entry.file if entry else None,
                *_other_cells(summary, entry),
                entry.completed_at if entry else None,
                "; ".join(notes) or None,
            ]
        )
    return Table("status", VIEWS["status"], columns, rows, frozen_columns=2)


def _names(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" và {len(names) - limit} tệp khác" if len(names) > limit else "")


def _answers_table(summary: Summary, analysis: Analysis) -> Table:
    columns = [
        Column("Mã"),
        Column(capitalised(summary.noun)),
        Column("Tình trạng"),
        *_other_columns(summary),
        Column("Tệp"),
        Column("Hoàn thành lúc", "datetime"),
    ]
    columns += [
        Column(
            f.header,
            "int" if f.kind == "integer" else "text",
            wide=f.kind == "text" and f.question.kind == "long_text",
        )
        for f in analysis.fields
    ]
    rows = []
    for province, label in _unit_rows(summary):
        counted = summary.counted.get(province)
        values = analysis.rows.get(province, {})
        entry = counted.entry if counted else None
        rows.append(
            [
                province,
                label,
                unit_state(summary, province),
                *_other_cells(summary, entry),
                entry.file if entry else None,
                entry.completed_at if entry else None,
                *(_cell(values.get(f.key)) for f in analysis.fields),
            ]
        )
    return Table("answers", view_title(summary, "answers"), columns, rows, frozen_columns=2)


def _cell(value: Any) -> Any:
    return NOT_APPLICABLE if value is NA else value


def _options_table(summary: Summary, analysis: Analysis) -> Table:
    columns = [
        Column("Câu"),
        Column("Câu hỏi", wide=True),
        Column("Loại"),
        Column("Lựa chọn", wide=True),
        Column(f"Số {summary.word}", "int"),
        Column("Tỷ lệ (%)", "percent"),
        Column(f"Số {summary.word} áp dụng", "int"),
    ]
    rows: list[list[Any]] = []
    for stat in analysis.choices:
        q = stat.question
        kind = "nhiều lựa chọn" if q.kind == "multiple" else "một lựa chọn"
        counts: list[tuple[str, int]] = [(o.label, n) for o, n in stat.counts]
        if stat.applied > stat.answered:
            counts.append((NO_ANSWER, stat.applied - stat.answered))
        for label, count in counts:
            share = count / stat.applied if stat.applied else None
            rows.append([q.ref, q.text, kind, label, count, share, stat.applied])
    return Table("options", VIEWS["options"], columns, rows, frozen_columns=1)


def _numbers_table(summary: Summary, analysis: Analysis) -> Table:
    columns = [
        Column("Câu"),
        Column("Nội dung", wide=True),
        Column(f"Số {summary.word} trả lời", "int"),
        Column("Nhỏ nhất", "int"),
        Column("Trung vị", "number"),
        Column("Lớn nhất", "int"),
        Column("Tổng", "int"),
    ]
    rows = []
    for stat in analysis.numbers:
        values = stat.values
        rows.append(
            [
                stat.field.question.ref,
                stat.field.what,
                len(values),
                min(values) if values else None,
                stat.median,
                max(values) if values else None,
                sum(values) if values else None,
            ]
        )
    return Table("numbers", VIEWS["numbers"], columns, rows, frozen_columns=1)


def _warnings_table(summary: Summary, analysis: Analysis) -> Table:
    """One row per warning of the form: how many counted units fire it, with and without a reason."""
    columns = [
        Column("Câu"),
        Column("Mã cảnh báo"),
        Column("Cảnh báo", wide=True),
        Column("Đã xác nhận", "int"),
        Column("Chưa xác nhận", "int"),
        Column(f"{capitalised(summary.word)} chưa xác nhận", wide=True),
        Column("Đường dẫn"),
    ]
    rows = [
        [
            stat.ref,
            stat.id,
            stat.message,
            len(stat.confirmed),
            len(stat.unconfirmed),
            ", ".join(summary.unit_label(p) for p in stat.unconfirmed) or None,
            stat.where,
        ]
        for stat in analysis.warnings
    ]
    return Table("warnings", VIEWS["warnings"], columns, rows, frozen_columns=1)


def _texts_table(summary: Summary, analysis: Analysis) -> Table:
    columns = [
        Column("Câu"),
        Column("Mục"),
        Column("Mã"),
        Column(capitalised(summary.noun)),
        Column("Nội dung trả lời", wide=True),
    ]
    rows = [
        [f.question.ref, f.what, province, summary.unit_label(province), value]
        for f, province, value in analysis.texts
    ]
    return Table("texts", VIEWS["texts"], columns, rows, frozen_columns=1)


def _files_table(summary: Summary) -> Table:
    columns = [
        Column("Tệp"),
        Column("Mã"),
        Column(capitalised(summary.noun)),
        Column("Trạng thái phiếu"),
        Column("Kết quả"),
        Column("Số lỗi", "int"),
        Column("Lỗi đầu tiên", wide=True),
        Column("Hoàn thành lúc", "datetime"),
        Column("Cập nhật lúc", "datetime"),
    ]
    rows = [
        [
            e.file,
            e.unit,
            summary.unit_label(e.unit) or None,
            STATUS_WORDS.get(e.status or "", e.status),
            verdict_label(summary, e.verdict),
            e.problems,
            e.first_error,
            e.completed_at,
            e.updated_at,
        ]
        for e in summary.entries
    ]
    return Table("files", VIEWS["files"], columns, rows, frozen_columns=1)
