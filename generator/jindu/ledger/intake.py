"""Intake: a filled ledger workbook back into progress files (`jindu ledger import`).

Reads the 报送 sheet by its header names (columns may be moved), the department and period from
the hidden `jindu` sheet, and every row with a 报送状态; then the 指标 sheet (when the form has
one) and every row with a 实际值. Each problem is reported at its sheet!cell with what to write
instead; nothing is written while any remains. Status words are accepted in Chinese or English
or as the format's values; dates as date cells or as text (2023-07-05, 2023/7/5, 2023年7月5日);
values as number cells or as text (92.5, ９２.５, 92.5%).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from jindu.ledger.form import COLUMNS, INDICATOR_COLUMNS, META_SHEET, STATUS_ORDER
from jindu.plans.model import Status
from jindu.words.labels import LANGS
from jindu.words.locale import Words, every_language

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


@dataclass
class Problem:
    cell: str  # 报送!J5, or "" for the whole file
    message: str


@dataclass
class Intake:
    organization: str = ""
    unit: str = ""
    period: str = ""
    reports: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # plan id → milestone reports
    actuals: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # plan id → indicator values
    cells: dict[int, str] = field(default_factory=dict)  # id() of a report or value → its sheet!cell
    problems: list[Problem] = field(default_factory=list)

    @property
    def plans(self) -> list[str]:
        """The plans the workbook reports on, in the order first met."""
        return list(dict.fromkeys([*self.reports, *self.actuals]))

    def progress_yaml(self, plan_id: str, reported: date, source: str) -> tuple[str, list[tuple[int, int, str]]]:
        """The progress file of one plan, in the documented format, and where each item went:
        (first line, last line, the workbook cell it came from), for pointing at the cell when a
        check finds something wrong in the item."""
        head = f"# Imported by `jindu ledger import` from {source}; review it like any other report.\n"
        data = {"kind": "progress", "plan": plan_id, "reporter": self.unit, "period": self.period}
        text = head + _dump({**data, "reported": reported})
        spans: list[tuple[int, int, str]] = []
        for key, items in (("milestones", self.reports.get(plan_id)), ("indicators", self.actuals.get(plan_id))):
            if not items:
                continue
            text += f"{key}:\n"
            for item in items:
                first = text.count("\n") + 1
                text += _dump([item])
                spans.append((first, text.count("\n"), self.cells.get(id(item), "")))
        return text, spans


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _status_words() -> dict[str, Status]:
    words: dict[str, Status] = {}
    for status in STATUS_ORDER:
        for w in (*every_language(f"reported_{status.value}"), status.value):
            words[w.strip().lower()] = status
    words["完成"] = Status.DONE
    words["进行中"] = Status.IN_PROGRESS
    return words


def _date(value: Any) -> date | str | None:
    """A date, None for an empty cell, or the reason it is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value))
    if not match:
        return f"'{value}' is not a date; write it as 2023-07-05"
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return f"'{value}' is not a day of the calendar"


def _cell(row: tuple, index: int) -> Any:
    """The cell at `index` of a row (None past its end: openpyxl trims empty trailing cells)."""
    return row[index] if index < len(row) else None


def _text(cell: Any) -> str:
    return str(cell.value or "").strip() if cell is not None else ""


def read_ledger(path: Path) -> Intake:
    """The reports of a filled ledger workbook, or the problems that stop it."""
    import openpyxl  # the reader, needed only here

    intake = Intake()
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # a broken or non-XLSX file is the user's input, not a crash
        intake.problems.append(Problem("", f"cannot be read as an XLSX workbook ({type(error).__name__})"))
        return intake
    # The form's sheet is named in the language it was exported in: read it in that language.
    editions = [Words(lang) for lang in LANGS]
    words = next((w for w in editions if w("ledger_form_sheet") in book.sheetnames), editions[0])
    sheet_name = words("ledger_form_sheet")
    if META_SHEET not in book.sheetnames or sheet_name not in book.sheetnames:
        intake.problems.append(
            Problem("", f"has no '{sheet_name}' and '{META_SHEET}' sheets; start from `jindu ledger export`")
        )
        return intake
    meta = {str(r[0].value): str(r[1].value or "") for r in book[META_SHEET].iter_rows(max_col=2) if r[0].value}
    intake.organization, intake.unit, intake.period = (
        meta.get("organization", ""),
        meta.get("unit", ""),
        meta.get("period", ""),
    )
    sheet = book[sheet_name]
    where = _columns(sheet, COLUMNS, words, intake, optional=("ledger_current",))
    if where is None:
        return intake
    statuses = _status_words()
    for row in sheet.iter_rows(min_row=2):
        state_cell = _cell(row, where["ledger_fill_status"])
        raw = state_cell.value if state_cell is not None else None
        if raw is None or not str(raw).strip():
            continue
        ref = f"{sheet_name}!{state_cell.coordinate}"
        found: list[Problem] = []  # every problem of the row, not only the first
        status = statuses.get(str(raw).strip().lower())
        if status is None:
            allowed = "、".join(words(f"reported_{s.value}") for s in STATUS_ORDER)
            found.append(Problem(ref, f"unknown status '{raw}'; use one of {allowed}"))
        when, evidence = _date_and_evidence(row, where, sheet_name, ref, found, "date_status")
        ids = [_text(_cell(row, where[k])) for k in ("ledger_plan_id", "ledger_task_id", "ledger_milestone_id")]
        if not all(ids):
            found.append(Problem(ref, "the row lost its plan, task or milestone id; copy it from a fresh export"))
        note_cell = _cell(row, where["ledger_fill_note"])
        if found or status is None or not isinstance(when, date):
            intake.problems.extend(found)
            continue
        report: dict[str, Any] = {"task": ids[1], "milestone": ids[2], "status": status.value, "date": when}
        if evidence:
            report["evidence"] = evidence
        note = _text(note_cell)
        if note:
            report["note"] = note
        intake.reports.setdefault(ids[0], []).append(report)
        intake.cells[id(report)] = ref
    indicators = words("ledger_indicator_sheet")
    if indicators in book.sheetnames:  # forms exported before indicators were reported have none
        _read_values(book[indicators], words, intake)
    return intake


_ASK_DATE = {
    "date_status": "give the date of the status (for 已完成: the day it was done)",
    "date_value": "give the date the value was measured",
}


def _date_and_evidence(row: tuple, where: dict, sheet: str, ref: str, found: list[Problem], ask: str):
    """A filled row's date (a date, or None with its problem in `found`) and evidence link
    (checked to be http(s)), the columns both sheets share."""
    date_cell = _cell(row, where["ledger_fill_date"])
    when = _date(date_cell.value if date_cell is not None else None)
    date_ref = f"{sheet}!{date_cell.coordinate}" if date_cell is not None else ref
    if when is None:
        found.append(Problem(date_ref, _ASK_DATE[ask]))
    elif isinstance(when, str):
        found.append(Problem(date_ref, when))
    evidence_cell = _cell(row, where["ledger_fill_evidence"])
    evidence = _text(evidence_cell)
    if evidence and not evidence.startswith(("http://", "https://")):
        found.append(Problem(f"{sheet}!{evidence_cell.coordinate}", "evidence must be an http(s) link"))
    return when, evidence


def _columns(sheet, columns: tuple, words: Words, intake: Intake, optional: tuple[str, ...] = ()) -> dict | None:
    """Column index by field key, found by the header's names in either language; None (and a
    problem) when a column the import needs is missing."""
    header = [str(c.value or "").strip() for c in sheet[1]]
    where: dict[str, int] = {}
    for key, _, _ in columns:
        for label in (words(key), Words("en")(key)):
            if label in header:
                where[key] = header.index(label)
    missing = [words(key) for key, _, _ in columns if key not in where and key not in optional]
    if missing:
        intake.problems.append(Problem(f"{sheet.title}!1", "missing columns: " + "、".join(missing)))
        return None
    return where


def _value(raw: Any) -> float | str:
    """A number from a cell, or the reason it is not one."""
    if isinstance(raw, bool):
        return f"'{raw}' is not a number; write a number such as 92.5"
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip().removesuffix("%").replace(",", "").strip()
        try:
            number = float(text)
        except ValueError:
            return f"'{raw}' is not a number; write a number such as 92.5"
    if not math.isfinite(number) or abs(number) > 1e15:
        return f"'{raw}' is not a usable number; write a number such as 92.5"
    return number


def _read_values(sheet, words: Words, intake: Intake) -> None:
    """The 指标 sheet's filled rows as indicator values for the form's period."""
    where = _columns(sheet, INDICATOR_COLUMNS, words, intake, optional=("ledger_indicator_latest",))
    if where is None:
        return
    for row in sheet.iter_rows(min_row=2):
        value_cell = _cell(row, where["ledger_fill_value"])
        raw = value_cell.value if value_cell is not None else None
        if raw is None or not str(raw).strip():
            continue
        ref = f"{sheet.title}!{value_cell.coordinate}"
        found: list[Problem] = []
        value = _value(raw)
        if isinstance(value, str):
            found.append(Problem(ref, value))
        when, evidence = _date_and_evidence(row, where, sheet.title, ref, found, "date_value")
        keys = ("ledger_plan_id", "ledger_task_id", "ledger_indicator_id", "ledger_indicator_period")
        ids = [_text(_cell(row, where[k])) for k in keys]
        if not all(ids):
            found.append(
                Problem(ref, "the row lost its plan, task or indicator id or its period; copy it from a fresh export")
            )
        if found or isinstance(value, str) or not isinstance(when, date):
            intake.problems.extend(found)
            continue
        actual: dict[str, Any] = {"task": ids[1], "indicator": ids[2], "period": ids[3], "value": _plain(value)}
        actual["date"] = when
        if evidence:
            actual["evidence"] = evidence
        note = _text(_cell(row, where["ledger_fill_note"]))
        if note:
            actual["note"] = note
        intake.actuals.setdefault(ids[0], []).append(actual)
        intake.cells[id(actual)] = ref


def _plain(value: float) -> float | int:
    """90, not 90.0, in the progress file."""
    return int(value) if value == int(value) else value
