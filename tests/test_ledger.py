"""The 台账 round trip: a department exports its fill-in workbook, fills it in a spreadsheet
(openpyxl here), imports it as a progress file, and the statuses change as the rows say."""

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from jindu.plans.loading import load_portfolio
from jindu.status.engine import compute_status
from jindu.status.verdicts import State


def jindu(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jindu", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def office(root, tmp_path) -> Path:
    shutil.copytree(root / "plans", tmp_path / "plans")
    return tmp_path


def export(office: Path) -> openpyxl.Workbook:
    run = jindu(
        office,
        "ledger",
        "export",
        "--department",
        "jihua-caiwuke",
        "--period",
        "2023-Q3",
        "--as-of",
        "2023-10-08",
        "-o",
        "q3.xlsx",
        "plans",
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("jindu ledger export: wrote q3.xlsx: ")
    return openpyxl.load_workbook(office / "q3.xlsx")


def test_the_form_lists_the_departments_milestones_with_a_drop_down(office):
    book = export(office)
    sheet = book["报送"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "计划标识",
        "任务标识",
        "节点标识",
        "任务",
        "时间节点",
        "期限",
        "节点目标",
        "当前状态",
        "报送状态",
        "日期",
        "说明",
        "佐证链接",
    ]
    report = compute_status(load_portfolio([office / "plans"]), dt.date(2023, 10, 8))
    involved = {(i.plan_id, i.task_id) for i in report.units[("qingpu", "jihua-caiwuke")]}
    expected = [
        (p, m.task_id, m.milestone_id)
        for p, t in sorted(involved)
        for m in report.task(p, t).milestones
        if m.due
        and (
            dt.date(2023, 7, 1) <= m.due <= dt.date(2023, 9, 30)
            or (m.due < dt.date(2023, 7, 1) and m.state not in (State.DONE, State.DONE_LATE, State.CANCELLED))
        )
    ]
    rows = [tuple(r[:3]) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(rows) == sorted(expected) and rows
    [validation] = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert validation.formula1 == '"未开始,推进中,已完成,滞后,已取消"'
    assert book["jindu"].sheet_state == "hidden"


def test_round_trip_changes_the_statuses(office):
    book = export(office)
    sheet = book["报送"]
    rows = list(sheet.iter_rows(min_row=2))[:3]
    ids = [(r[0].value, r[1].value, r[2].value) for r in rows]
    rows[0][8].value, rows[0][9].value = "已完成", dt.date(2023, 9, 20)
    rows[1][8].value, rows[1][9].value, rows[1][10].value = "滞后", "2023/9/28", "设备到货延迟"
    rows[2][8].value, rows[2][9].value = "cancelled", "2023年9月30日"
    rows[2][11].value = "https://www.example.gov.cn/notice/1"
    book.save(office / "filled.xlsx")
    run = jindu(office, "ledger", "import", "filled.xlsx", "--date", "2023-10-08")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 milestone reports" in run.stdout
    assert jindu(office, "check", "--strict", "plans").returncode == 0
    report = compute_status(load_portfolio([office / "plans"]), dt.date(2023, 10, 8))
    states = [
        report.task(p, t).milestones[[m.milestone_id for m in report.task(p, t).milestones].index(m)] for p, t, m in ids
    ]
    assert states[0].state in (State.DONE, State.DONE_LATE) and states[0].report.date == dt.date(2023, 9, 20)
    assert states[1].report.note == "设备到货延迟" and states[1].report.status.value == "delayed"
    assert states[2].state is State.CANCELLED
    # Importing again does not overwrite the file silently.
    again = jindu(office, "ledger", "import", "filled.xlsx", "--date", "2023-10-08")
    assert again.returncode == 1 and "exists; use --force to replace it" in again.stderr


def test_bad_cells_are_reported_at_their_sheet_and_cell(office):
    book = export(office)
    sheet = book["报送"]
    sheet["I2"], sheet["J2"] = "完成了", "2023-02-30"
    sheet["I3"] = "已完成"  # no date
    sheet["I4"], sheet["J4"], sheet["L4"] = "推进中", "2023-09-01", "javascript:alert(1)"
    book.save(office / "bad.xlsx")
    run = jindu(office, "ledger", "import", "bad.xlsx")
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "bad.xlsx:报送!I2: error[E-LEDGER]: unknown status '完成了'; use one of 未开始、推进中、已完成、滞后、已取消",
        "bad.xlsx:报送!J2: error[E-LEDGER]: '2023-02-30' is not a day of the calendar",
        "bad.xlsx:报送!J3: error[E-LEDGER]: give the date of the status (for 已完成: the day it was done)",
        "bad.xlsx:报送!L4: error[E-LEDGER]: evidence must be an http(s) link",
    ]
    assert not list((office / "plans" / "qingpu" / "progress").glob("*jihua-caiwuke*"))  # nothing written


def test_a_file_that_is_not_a_workbook_is_refused(office):
    (office / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    run = jindu(office, "ledger", "import", "notes.xlsx")
    assert run.returncode == 1
    assert run.stderr.strip() == "notes.xlsx: error[E-LEDGER]: cannot be read as an XLSX workbook (BadZipFile)"
