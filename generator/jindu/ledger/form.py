"""Form: the XLSX a department fills in to report a period (`jindu ledger export`).

Sheet 报送 lists the department's milestones due in the period or still open from before it,
with their current status; the department fills 报送状态 (a drop-down), 日期, 说明 and 佐证链接.
Sheet 指标 lists the indicators of the department's tasks whose targets reach into the period,
with their targets and latest value; the department fills 实际值 (a number), 日期, 说明 and
佐证链接 for the period. The identifying columns (计划标识, 任务标识, 节点标识 / 指标标识) and the
hidden sheet `jindu` (department, period, format) are what the import reads back; they are
locked against accidental edits.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time

import xlsxwriter

from jindu.plans.index import task_units
from jindu.plans.model import Status
from jindu.plans.periods import Period, PeriodKind, parse_period
from jindu.status.verdicts import FINISHED, IndicatorStatus, MilestoneStatus, State, StatusReport, TaskStatus
from jindu.words.locale import Words
from jindu.words.names import task_heading

FORM_VERSION = "1"
META_SHEET = "jindu"
# (label key, width, filled by the department)
COLUMNS = (
    ("ledger_plan_id", 14, False),
    ("ledger_task_id", 10, False),
    ("ledger_milestone_id", 10, False),
    ("ledger_task", 40, False),
    ("ledger_period", 12, False),
    ("ledger_due", 11, False),
    ("ledger_target", 44, False),
    ("ledger_current", 14, False),
    ("ledger_fill_status", 12, True),
    ("ledger_fill_date", 12, True),
    ("ledger_fill_note", 40, True),
    ("ledger_fill_evidence", 30, True),
)
# The indicator sheet's columns, as COLUMNS.
INDICATOR_COLUMNS = (
    ("ledger_plan_id", 14, False),
    ("ledger_task_id", 10, False),
    ("ledger_indicator_id", 10, False),
    ("ledger_task", 36, False),
    ("ledger_indicator", 30, False),
    ("ledger_indicator_targets", 30, False),
    ("ledger_indicator_latest", 16, False),
    ("ledger_indicator_period", 12, False),
    ("ledger_fill_value", 12, True),
    ("ledger_fill_date", 12, True),
    ("ledger_fill_note", 36, True),
    ("ledger_fill_evidence", 30, True),
)
STATUS_ORDER = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE, Status.DELAYED, Status.CANCELLED)


@dataclass(frozen=True)
class FormRow:
    plan_id: str
    status: TaskStatus
    milestone: MilestoneStatus


def _involved(report: StatusReport, org: str, unit: str):
    """(plan id, task status) for each task and sub-target of `org`'s plans that `unit` leads or
    co-operates on, in plan order."""
    for plan_id, ps in report.plans.items():
        if ps.plan.organization != org:
            continue
        for status in ps.tasks.values():  # sub-targets are in it too
            leads, others = task_units(status.entry)
            if unit in leads or unit in others:
                yield plan_id, status


def form_rows(report: StatusReport, org: str, unit: str, period: Period) -> list[FormRow]:
    """The unit's milestones that fall due in `period`, or fell due before it and are still open."""
    rows = []
    for plan_id, status in _involved(report, org, unit):
        for ms in status.milestones:
            if ms.due is None:
                continue
            due_now = period.first_day <= ms.due <= period.last_day
            still_open = ms.due < period.first_day and ms.state not in (*FINISHED, State.CANCELLED)
            if due_now or still_open:
                rows.append(FormRow(plan_id, status, ms))
    return rows


@dataclass(frozen=True)
class IndicatorRow:
    plan_id: str
    status: TaskStatus
    indicator: IndicatorStatus


def indicator_rows(report: StatusReport, org: str, unit: str, period: Period) -> list[IndicatorRow]:
    """The indicators of the unit's tasks with a target period that reaches into `period`."""
    rows = []
    for plan_id, status in _involved(report, org, unit):
        for ind in status.indicators:
            spans = [parse_period(p) for p in ind.indicator.targets]
            dated = [s for s in spans if s.kind is not PeriodKind.UNSCHEDULED]
            reaches = dated and min(s.first_day for s in dated) <= period.last_day
            if reaches and max(s.last_day for s in dated) >= period.first_day:
                rows.append(IndicatorRow(plan_id, status, ind))
    return rows


def ledger_form(
    rows: list[FormRow],
    words: Words,
    org: str,
    unit: str,
    unit_name: str,
    period: Period,
    as_of: date,
    indicators: list[IndicatorRow] = (),  # type: ignore[assignment]
) -> bytes:
    """The fill-in workbook's bytes (the same rows give the same bytes)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties(
        {
            "title": f"{unit_name} · {words.period(period)}",
            "author": "jindu",
            "created": datetime.combine(as_of, time()),
        }
    )
    head = book.add_format(
        {"bold": True, "bg_color": "#E7ECF3", "border": 1, "text_wrap": True, "valign": "top", "locked": True}
    )
    fixed = book.add_format({"text_wrap": True, "valign": "top", "locked": True, "font_color": "#374151"})
    fill = book.add_format({"text_wrap": True, "valign": "top", "locked": False, "bg_color": "#FFFBEB", "border": 1})
    day = book.add_format(
        {"num_format": "yyyy-mm-dd", "valign": "top", "locked": False, "bg_color": "#FFFBEB", "border": 1}
    )
    sheet = book.add_worksheet(words("ledger_form_sheet"))
    for col, (key, width, filled) in enumerate(COLUMNS):
        sheet.write_string(0, col, words(key), head)
        sheet.set_column(col, col, width, fill if filled else fixed)
    choices = [words(f"reported_{s.value}") for s in STATUS_ORDER]
    for r, row in enumerate(rows, start=1):
        ms, status = row.milestone, row.status
        current = words.state(ms.state)
        values = (
            row.plan_id,
            status.task_id,
            ms.milestone_id,
            task_heading(status.entry),
            ms.milestone.label or words.period(ms.milestone.period),
            ms.due.isoformat() if ms.due else "",
            ms.milestone.target or "\n".join(s.text for s in ms.milestone.steps),
            current,
        )
        for col, value in enumerate(values):
            sheet.write_string(r, col, value, fixed)
        sheet.write_blank(r, 8, None, fill)
        sheet.write_blank(r, 9, None, day)
        sheet.write_blank(r, 10, None, fill)
        sheet.write_blank(r, 11, None, fill)
    last = max(len(rows), 1)
    sheet.data_validation(
        1, 8, last, 8, {"validate": "list", "source": choices, "error_message": words("ledger_pick_status")}
    )
    sheet.data_validation(
        1,
        9,
        last,
        9,
        {"validate": "date", "criteria": ">=", "value": date(2000, 1, 1), "error_message": words("ledger_pick_date")},
    )
    sheet.freeze_panes(1, 4)
    sheet.protect("", {"format_columns": True, "autofilter": True, "sort": False})
    _indicator_sheet(book, words, indicators, period, (head, fixed, fill, day))
    meta = book.add_worksheet(META_SHEET)
    for r, (key, value) in enumerate(
        (
            ("format", FORM_VERSION),
            ("organization", org),
            ("unit", unit),
            ("period", period.text),
            ("as_of", as_of.isoformat()),
        )
    ):
        meta.write_string(r, 0, key)
        meta.write_string(r, 1, value)
    meta.hide()
    book.close()
    return buffer.getvalue()


def _indicator_sheet(book, words: Words, rows: list[IndicatorRow], period: Period, formats: tuple) -> None:
    """Sheet 指标: a row per indicator, its targets and latest value, and cells for the period's value."""
    head, fixed, fill, day = formats
    number = book.add_format({"valign": "top", "locked": False, "bg_color": "#FFFBEB", "border": 1})
    sheet = book.add_worksheet(words("ledger_indicator_sheet"))
    for col, (key, width, filled) in enumerate(INDICATOR_COLUMNS):
        sheet.write_string(0, col, words(key), head)
        sheet.set_column(col, col, width, fill if filled else fixed)
    for r, row in enumerate(rows, start=1):
        ind, status = row.indicator.indicator, row.status
        unit = ind.unit or ""
        targets = "；".join(
            f"{words.period(p)}：{words.target(v, unit, ind.qualifier, ind.upper.get(p))}"
            for p, v in ind.targets.items()
        )
        latest = row.indicator.actual
        values = (
            row.plan_id,
            status.task_id,
            ind.id,
            task_heading(status.entry),
            f"{ind.name}（{unit}）" if unit else ind.name,
            targets,
            f"{words.figure(latest.value)}{unit}（{words.period(latest.period)}）" if latest else "",
            period.text,
        )
        for col, value in enumerate(values):
            sheet.write_string(r, col, value, fixed)
        sheet.write_blank(r, 8, None, number)
        sheet.write_blank(r, 9, None, day)
        sheet.write_blank(r, 10, None, fill)
        sheet.write_blank(r, 11, None, fill)
    last = max(len(rows), 1)
    sheet.data_validation(
        1,
        8,
        last,
        8,
        {
            "validate": "decimal",
            "criteria": "between",
            "minimum": -1e15,
            "maximum": 1e15,
            "error_message": words("ledger_pick_value"),
        },
    )
    sheet.data_validation(
        1,
        9,
        last,
        9,
        {"validate": "date", "criteria": ">=", "value": date(2000, 1, 1), "error_message": words("ledger_pick_date")},
    )
    sheet.freeze_panes(1, 5)
    sheet.protect("", {"format_columns": True, "autofilter": True, "sort": False})
