"""`phieu summary --by SET`: the returns of a form rolled up by another dated set of provinces.

Form 149 went to the 63 provinces of January 2023; since 1 July 2025 there are 34 (Resolution 202/2025/QH15).
`--by vn_provinces_2025` puts each 2023 return under the unit that now holds its territory, through the
mapping kept as data in form/optionsets.py: how many of a unit's former provinces have returned, which units
have no return from any of them, and the per-province tables with the new unit beside the old province.

Kept apart from analysis.py on purpose: the Summary and its tables are computed as without `--by`, then
regrouped here. Plain data, like analysis.py: nothing here imports rich, openpyxl or csv.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from phieu_cli.common.errors import UsageError
from phieu_cli.form.model import Form
from phieu_cli.form.optionsets import (
    OPTION_SET_TITLES,
    OPTION_SETS,
    mapping_targets,
    option_set,
    set_mapping,
)
from phieu_cli.rollup.analysis import UNIT_STATES, UNITS_VIEW, Column, Summary, Table, unit_state

TYPE_CHECKING = False
if TYPE_CHECKING:
    from phieu_cli.rollup.analysis import AnyOption

UNITS_TITLE = "Theo tỉnh mới"
REGROUPED_VIEWS = ("status", "answers")  # the per-province tables that get the new unit's columns
PROVINCE_ID_COLUMN = "Mã"
PROVINCE_LABEL_COLUMN = "Tỉnh, thành phố"

# A new unit's state.
ALL_IN, SOME_IN, NONE_IN = "đã nộp đủ", "còn thiếu", "chưa có phiếu"


@dataclass(frozen=True)
class Target:
    """The set named by `--by`, and how the form's set maps onto it."""

    source: str  # the form's set
    name: str
    short: str  # "2025"
    title: str  # "34 tỉnh, thành phố từ ngày 01/07/2025 (…)"
    mapping: dict[str, str]  # the form's province id -> the unit's id
    units: list[tuple[str, str]]  # (id, label) of the target set, in its order


def resolve_target(form: Form, name: str) -> Target:
    """The set `--by NAME` names, or a usage error (unknown set, a form without a built-in set, no mapping)."""
    if name not in OPTION_SETS:
        known = ", ".join(sorted(OPTION_SETS))
        raise UsageError(f"--by '{name}': không có bộ tỉnh, thành phố này (có: {known}).")
    source = form.unit_field.options_from
    if not source:
        raise UsageError(
            f"--by {name}: mẫu {form.form.id} tự liệt kê {form.unit_noun} (options:, options_file: hoặc ghi "
            "tự do), không theo một bộ có sẵn (options_from:), nên không có bảng chuyển sang bộ khác."
        )
    if source == name:
        raise UsageError(f"--by {name}: mẫu {form.form.id} đã dùng đúng bộ này; bỏ --by.")
    mapping = set_mapping(source, name)
    if mapping is None:
        targets = mapping_targets(source)
        hint = f" Có thể dùng: {', '.join(targets)}." if targets else ""
        raise UsageError(
            f"--by {name}: không có bảng chuyển từ bộ {source} của mẫu phiếu sang bộ {name}.{hint}"
        )
    short, title = OPTION_SET_TITLES.get(name, (name, name))
    return Target(source, name, short, title, mapping, option_set(name))


@dataclass
class Unit:
    """One unit of the target set and the form's provinces it took over."""

    id: str
    label: str
    former: list[AnyOption]  # in the form's order
    returned: list[AnyOption]  # those with a counted (valid, complete) response

    @property
    def state(self) -> str:
        if not self.returned:
            return NONE_IN
        return ALL_IN if len(self.returned) == len(self.former) else SOME_IN

    @property
    def not_returned(self) -> list[AnyOption]:
        done = {o.id for o in self.returned}
        return [o for o in self.former if o.id not in done]


@dataclass
class Regrouping:
    target: Target
    units: list[Unit]

    @property
    def with_return(self) -> list[Unit]:
        return [u for u in self.units if u.returned]

    @property
    def without_return(self) -> list[Unit]:
        """The units none of whose former provinces has a counted response."""
        return [u for u in self.units if not u.returned]

    def unit_of(self, province: str) -> Unit | None:
        unit_id = self.target.mapping.get(province)
        return next((u for u in self.units if u.id == unit_id), None)


def regroup(summary: Summary, target: Target) -> Regrouping:
    former: dict[str, list[AnyOption]] = {unit_id: [] for unit_id, _ in target.units}
    for option in summary.units:
        unit_id = target.mapping.get(option.id)
        if unit_id in former:
            former[unit_id].append(option)
    from phieu_cli.rollup.overview import by_province_name

    units = [
        Unit(unit_id, label, former[unit_id], [o for o in former[unit_id] if o.id in summary.counted])
        for unit_id, label in by_province_name(target.units, lambda unit: unit[1])  # Vietnamese order
    ]
    return Regrouping(target, units)


def missing_note(summary: Summary, option: AnyOption) -> str:
    """A former province without a counted response, with what it has instead ("… (chỉ có bản nháp)")."""
    state = unit_state(summary, option.id)
    return option.label if state == UNIT_STATES["missing"] else f"{option.label} ({state})"


# ------------------------------------------------------------------------------------------- the tables


def regrouped_tables(summary: Summary, regrouping: Regrouping, views: list[Table]) -> list[Table]:
    """The summary's tables for `--by`: the per-province ones (status, answers) with the new unit's id and
    name in front and their rows ordered by new unit, and the table of new units right after the status."""
    out: list[Table] = []
    for table in views:
        out.append(with_units(table, regrouping) if table.key in REGROUPED_VIEWS else table)
        if table.key == "status":
            out.append(units_table(summary, regrouping))
    if not any(t.key == UNITS_VIEW for t in out):
        out.insert(0, units_table(summary, regrouping))
    return out


def units_table(summary: Summary, regrouping: Regrouping) -> Table:
    short = regrouping.target.short
    columns = [
        Column(f"Mã {short}"),
        Column(f"{PROVINCE_LABEL_COLUMN} {short}"),
        Column("Tình trạng"),
        Column("Số tỉnh cũ", "int"),
        Column("Số tỉnh cũ đã nộp", "int"),
        Column("Tỉnh cũ đã nộp", wide=True),
        Column("Tỉnh cũ chưa nộp", wide=True),
    ]
    rows = [
        [
            unit.id,
            unit.label,
            unit.state,
            len(unit.former),
            len(unit.returned),
            ", ".join(o.label for o in unit.returned) or None,
            ", ".join(missing_note(summary, o) for o in unit.not_returned) or None,
        ]
        for unit in regrouping.units
    ]
    return Table(UNITS_VIEW, UNITS_TITLE, columns, rows, frozen_columns=2)


def with_units(table: Table, regrouping: Regrouping) -> Table:
    """*table* with the new unit's id and name before its province columns, rows ordered by new unit (then
    as they were); a row whose province the mapping does not know comes last with the new unit empty."""
    titles = [c.title for c in table.columns]
    if PROVINCE_ID_COLUMN not in titles:
        raise ValueError(f"table {table.key!r} has no {PROVINCE_ID_COLUMN!r} column")  # a programming error
    at = titles.index(PROVINCE_ID_COLUMN)
    source_short = OPTION_SET_TITLES.get(regrouping.target.source, ("", ""))[0]
    short = regrouping.target.short
    columns = list(table.columns)
    for i, column in enumerate(columns):
        if column.title in (PROVINCE_ID_COLUMN, PROVINCE_LABEL_COLUMN) and source_short:
            columns[i] = replace(column, title=f"{column.title} {source_short}")
    columns[at:at] = [Column(f"Mã {short}"), Column(f"{PROVINCE_LABEL_COLUMN} {short}")]
    order = {unit.id: index for index, unit in enumerate(regrouping.units)}
    labels = {unit.id: unit.label for unit in regrouping.units}

    def key(item: tuple[int, list[Any]]) -> tuple[int, int]:
        index, row = item
        unit_id = regrouping.target.mapping.get(row[at])
        return (order.get(unit_id, len(order)) if unit_id else len(order), index)

    rows = []
    for _, row in sorted(enumerate(table.rows), key=key):
        unit_id = regrouping.target.mapping.get(row[at])
        rows.append([*row[:at], unit_id, labels.get(unit_id) if unit_id else None, *row[at:]])
    return replace(table, columns=columns, rows=rows, frozen_columns=table.frozen_columns + 2)


# ----------------------------------------------------------------------------------------- the terminal


def print_units(console: Any, say: Any, summary: Summary, regrouping: Regrouping) -> None:
    """The returns by new unit, after the summary's N/63 lines."""
    from phieu_cli.terminal.console import print_table

    target = regrouping.target
    total = len(regrouping.units)
    say()
    say(f"Theo {target.title}: có phiếu từ {len(regrouping.with_return)}/{total} tỉnh, thành phố.")
    without = regrouping.without_return
    if without:
        say(
            f"Chưa có phiếu từ tỉnh cũ nào: {len(without)}/{total}: "
            + ", ".join(unit.label for unit in without)
            + "."
        )
    say()
    rows = [
        [
            unit.label,
            f"{len(unit.returned)}/{len(unit.former)}",
            ", ".join(missing_note(summary, o) for o in unit.not_returned),
        ]
        for unit in regrouping.units
    ]
    print_table(
        console,
        f"Phiếu theo tỉnh, thành phố {target.short} (số tỉnh cũ đã nộp / số tỉnh cũ)",
        [f"{PROVINCE_LABEL_COLUMN} {target.short}", "Đã nộp", "Tỉnh cũ chưa nộp"],
        rows,
        right=[1],
    )
