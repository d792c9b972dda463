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


def export_indicators(office: Path) -> openpyxl.Workbook:
    """The 2023-Q3 form of 疾病预防科, whose vaccination task has five indicators."""
    run = jindu(
        office,
        "ledger",
        "export",
        "--department",
        "jibing-yufang-ke",
        "--period",
        "2023-Q3",
        "--as-of",
        "2023-10-08",
        "-o",
        "ind.xlsx",
        "plans",
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("milestones and 5 indicators of 疾病预防科 for 2023-Q3")
    return openpyxl.load_workbook(office / "ind.xlsx")


def test_the_form_has_an_indicator_sheet_with_targets_and_latest_values(office):
    sheet = export_indicators(office)["指标"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "计划标识",
        "任务标识",
        "指标标识",
        "任务",
        "指标",
        "目标值",
        "最近实际值",
        "报送期间",
        "实际值",
        "日期",
        "说明",
        "佐证链接",
    )
    first = rows[1]
    assert first[:3] == ("2023-qingpu", "i14", "full-60-79") and first[4] == "60-79岁老年人全程接种率（%）"
    assert first[5] == "2023年第一季度：87%；2023年第二季度：90%；2023年第三季度：93%；2023年第四季度：95%"
    assert first[6] == "88.5%（2023年第二季度）" and first[7] == "2023-Q3" and first[8:] == (None,) * 4
    assert [r[2] for r in rows[1:]] == ["full-60-79", "booster-60-79", "first-80", "full-80", "booster-80"]
    [number] = [v for v in sheet.data_validations.dataValidation if v.type == "decimal"]
    assert str(number.sqref) == "I2:I6"
    assert sheet.protection.sheet  # ids and targets locked


def test_indicator_values_round_trip_with_the_checks_of_a_progress_file(office):
    book = export_indicators(office)
    sheet = book["指标"]
    sheet["I2"], sheet["J2"], sheet["K2"] = 92.6, dt.date(2023, 9, 30), "九月底统计"
    sheet["I3"], sheet["J3"] = "８９.２%", "2023/9/30"  # text, full-width digits, a percent sign
    sheet["I4"], sheet["J4"] = 135, "2023-09-30"  # accepted with the W-PERCENT warning, at its cell
    book.save(office / "filled.xlsx")
    run = jindu(office, "ledger", "import", "filled.xlsx", "--date", "2023-10-08")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 milestone reports, 3 indicator values" in run.stdout
    assert run.stderr.splitlines()[0] == ("filled.xlsx:指标!I4: warning[W-PERCENT]: 135% is outside 0–100%")
    written = office / "plans" / "qingpu" / "progress" / "2023-qingpu-2023-q3-jibing-yufang-ke.yaml"
    assert "indicators:\n- task: i14\n  indicator: full-60-79\n  period: 2023-Q3\n  value: 92.6\n" in written.read_text(
        encoding="utf-8"
    )
    report = compute_status(load_portfolio([office / "plans"]), dt.date(2023, 10, 8))
    latest = {i.indicator.id: i.actual for i in report.task("2023-qingpu", "i14").indicators}
    assert (latest["full-60-79"].value, latest["full-60-79"].note) == (92.6, "九月底统计")
    assert latest["booster-60-79"].value == 89.2 and latest["booster-60-79"].date == dt.date(2023, 9, 30)


def test_bad_indicator_values_are_reported_at_their_cells_and_nothing_is_written(office):
    book = export_indicators(office)
    sheet = book["指标"]
    sheet["I2"], sheet["J2"] = "约九成", "2023-09-30"
    sheet["I3"] = 89  # no date
    sheet["I4"], sheet["J4"] = 1e16, "2023-09-30"
    sheet["I5"], sheet["J5"] = 80, "2023-10-20"  # after the report's date: refused by the progress checks
    book.save(office / "bad.xlsx")
    first = jindu(office, "ledger", "import", "bad.xlsx", "--date", "2023-10-08")
    assert first.returncode == 1
    assert first.stderr.splitlines() == [
        "bad.xlsx:指标!I2: error[E-LEDGER]: '约九成' is not a number; write a number such as 92.5",
        "bad.xlsx:指标!J3: error[E-LEDGER]: give the date the value was measured",
        "bad.xlsx:指标!I4: error[E-LEDGER]: '1e+16' is not a usable number; write a number such as 92.5",
    ]
    for cell in ("I2", "I3", "I4"):
        sheet[cell] = None
    book.save(office / "bad.xlsx")
    second = jindu(office, "ledger", "import", "bad.xlsx", "--date", "2023-10-08")
    assert second.returncode == 1
    assert second.stderr.splitlines()[:2] == [
        "bad.xlsx:指标!I5: error[E-REPORT-DATE]: 2023-10-20 is after the report was sent (reported: 2023-10-08)",
        "  hint: a status is reported once it is reached: check the date, or the file's `reported`",
    ]
    assert "nothing written; correct bad.xlsx and import it again" in second.stderr
    assert not list((office / "plans" / "qingpu" / "progress").glob("*jibing-yufang-ke*"))


def test_the_inbox_takes_in_filled_workbooks_as_checked_progress_files(office):
    """A workbook from `jindu ledger export`, filled and put in inbox/, becomes a progress file
    that checks clean; the workbook leaves the inbox; a second, broken one stops everything."""
    book = export(office)
    sheet = book["报送"]
    sheet["I2"], sheet["J2"] = "已完成", dt.date(2023, 9, 20)
    (office / "inbox" / "财务").mkdir(parents=True)
    book.save(office / "inbox" / "财务" / "计划财务科-2023Q3.xlsx")
    (office / "inbox" / ".gitkeep").write_text("", encoding="utf-8")
    broken = export_indicators(office)
    broken["指标"]["I2"], broken["指标"]["J2"] = "约九成", "2023-09-30"
    broken.save(office / "inbox" / "疾病预防科.xlsx")
    summary = office / "summary.md"
    run = jindu(office, "inbox", "--date", "2023-10-08", "--format", "github", "--summary", str(summary))
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        "::error file=inbox/疾病预防科.xlsx,title=E-LEDGER::指标!I2: '约九成' is not a number; write a number such as 92.5"
    ]
    assert run.stderr.splitlines() == [
        "inbox/疾病预防科.xlsx:指标!I2: error[E-LEDGER]: '约九成' is not a number; write a number such as 92.5",
        "jindu inbox: nothing written and no workbook removed; correct the workbooks and push them again",
    ]
    assert "| `inbox/疾病预防科.xlsx` | error `E-LEDGER` |" in summary.read_text(encoding="utf-8")
    progress = office / "plans" / "qingpu" / "progress"
    assert not list(progress.glob("*-2023-q3-*")) and (office / "inbox" / "疾病预防科.xlsx").exists()
    (office / "inbox" / "疾病预防科.xlsx").unlink()
    took = jindu(office, "inbox", "--date", "2023-10-08")
    assert took.returncode == 0, took.stderr
    written = progress / "2023-qingpu-2023-q3-jihua-caiwuke.yaml"
    assert (
        took.stdout.strip()
        == f"jindu inbox: took in 1 workbooks from inbox/: wrote plans/qingpu/progress/{written.name}"
    )
    assert (
        not (office / "inbox" / "财务" / "计划财务科-2023Q3.xlsx").exists() and (office / "inbox" / ".gitkeep").exists()
    )
    assert jindu(office, "check", "--strict", "plans").returncode == 0
    assert "status: done\n  date: 2023-09-20\n" in written.read_text(encoding="utf-8")
    empty = jindu(office, "inbox")
    assert empty.returncode == 0 and empty.stdout.strip() == "jindu inbox: no filled workbook in inbox/"


def test_the_inbox_reads_no_file_through_a_link(office, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.xlsx"
    outside.write_bytes(b"PK")
    (office / "inbox").mkdir()
    (office / "inbox" / "a.xlsx").symlink_to(outside)
    run = jindu(office, "inbox")
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == (
        "inbox/a.xlsx: error[E-LEDGER]: is a symbolic link; jindu reads no file from outside the repository: "
        "commit the workbook itself"
    )


def test_cell_text_reaches_the_log_inert(office):
    """A cell's text is quoted in the problem it causes; a line break or an escape in it must not
    start a workflow command or recolour the log (GitHub reads commands from stderr too)."""
    book = export(office)
    # (a workbook cannot hold ESC itself: XML refuses it; CR, LF and the C1 CSI it can)
    book["报送"]["I2"], book["报送"]["J2"] = "完成\n::error::forged\r\x9b31m", "2023-09-20"
    (office / "inbox").mkdir()
    book.save(office / "inbox" / "a.xlsx")
    for run in (jindu(office, "inbox"), jindu(office, "ledger", "import", "inbox/a.xlsx")):
        assert run.returncode == 1
        line = next(ln for ln in run.stderr.splitlines() if "unknown status" in ln)
        assert "完成\\x0a::error::forged\\x0d\\x9b31m" in line
        assert not any(ln.startswith("::") for ln in run.stderr.splitlines()) and "\x9b" not in run.stderr
