"""The site's data files, opened with the libraries that read them: the XLSX 台账 with openpyxl,
the CSV with csv, the JSON against its published schema with jsonschema, the ICS calendar with
icalendar; counts compared with the status engine; plan text never becomes a formula."""

import csv
import io
import json
import os
import subprocess
from datetime import date
from pathlib import Path

import feedparser
import icalendar
import jsonschema
import openpyxl
import pytest

from jindu.build import build_outputs
from jindu.exports.files import export_files
from jindu.history.record import read_history
from jindu.settings import Settings
from jindu.status.verdicts import State
from jindu.words.addresses import SiteMap
from jindu.words.locale import Words
from jindu.words.names import Names

AS_OF = date(2023, 7, 15)


@pytest.fixture(scope="module")
def built(request, chart_cache):
    root = request.config.rootpath
    result = build_outputs(Settings(plans=(root / "plans",), as_of=AS_OF, chart_cache=chart_cache, bulletins=False))
    assert result.ok
    return result


def content(built, path: str) -> bytes:
    return built.outputs.get(path).content


def test_every_plan_and_unit_has_its_files_linked_from_its_page(built):
    paths = set(built.outputs.paths())
    for plan_id in built.report.plans:
        page = built.outputs.get(SiteMap.plan(plan_id)).text
        for fmt in ("xlsx", "csv", "json", "ics"):
            assert SiteMap.data(plan_id, fmt) in paths
            assert f'href="../../data/{plan_id}.{fmt}" download' in page
    for org, unit in built.report.units:
        page = built.outputs.get(SiteMap.unit(org, unit)).text
        for fmt in ("xlsx", "json", "ics"):
            assert SiteMap.unit_data(org, unit, fmt) in paths
            assert f'href="../../../data/units/{org}/{unit}.{fmt}" download' in page
        # No CSV of its own: its rows are the plans' CSV rows (the workbook has them for the clerk).
        assert SiteMap.unit_data(org, unit, "csv") not in paths and f"{unit}.csv" not in page


def test_the_xlsx_ledger_has_a_row_per_milestone(built):
    ps = built.report.plans["2023-qingpu"]
    milestones = ps.milestones()
    book = openpyxl.load_workbook(io.BytesIO(content(built, "data/2023-qingpu.xlsx")))
    assert book.sheetnames == ["台账", "汇总"]
    sheet = book["台账"]
    assert sheet.freeze_panes == "E2" and sheet.auto_filter.ref == f"A1:Q{len(milestones) + 1}"
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["计划", "板块", "序号", "任务"] and header[11] == "状态"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(milestones)
    i14 = [r for r in rows if r[2] == "(14)"]
    assert [r[8] for r in i14] == ["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"]
    assert i14[0][11] == "未报送" and i14[0][12] == "第一季度节点3月31日到期，未报送进展"
    # The figures of a task reported only in the sample file say so, in a column of their own.
    assert header[15] == "示例数据"
    sample = {r[2]: r[15] for r in rows}
    assert sample["(14)"] == "示例数据" and {r[15] for r in rows} == {"示例数据", ""}
    assert sample["(1)"] == ("示例数据" if ps.tasks["i01"].sample else "")
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert summary["未报送"] == sum(1 for m in milestones if m.state is State.NOT_REPORTED)
    assert summary["合计"] == len(milestones)
    assert book.properties.created.date() == AS_OF


def test_a_departments_ledger_lists_the_milestones_of_its_tasks(built):
    involvements = built.report.units[("qingpu", "jihua-caiwuke")]
    tasks = {(i.plan_id, i.task_id) for i in involvements}
    expected = sum(len(built.report.task(p, t).milestones) for p, t in tasks)
    book = openpyxl.load_workbook(io.BytesIO(content(built, "data/units/qingpu/jihua-caiwuke.xlsx")))
    assert book["台账"].max_row - 1 == expected
    data = json.loads(content(built, "data/units/qingpu/jihua-caiwuke.json"))
    assert data["format_version"] == 2
    assert {(t["plan"]["id"], t["task"]) for t in data["tasks"]} == tasks
    for entry in data["tasks"]:  # each points into its plan's file, where the task is given in full
        plan = json.loads(content(built, entry["data"]))
        task = next(t for t in plan["tasks"] if t["id"] == entry["task"])
        assert (task["title"], task["state"], task["url"]) == (entry["title"], entry["state"], entry["url"])


def test_csv_has_the_same_rows_with_a_bom(built):
    raw = content(built, "data/2023-qingpu.csv")
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(content(built, "data/2023-qingpu.xlsx")))
    assert rows == [[c or "" for c in r] for r in book["台账"].iter_rows(values_only=True)]


def test_json_follows_its_schema_and_the_status_engine(built):
    schema = json.loads(content(built, "data/schema.json"))
    index = json.loads(content(built, "data/index.json"))
    jsonschema.validate(index, schema)
    assert [p["id"] for p in index["plans"]] == list(built.report.plans)
    for entry in index["plans"]:
        data = json.loads(content(built, entry["json"]))
        jsonschema.validate(data, schema)
        ps = built.report.plans[entry["id"]]
        assert data["format_version"] == 1 and data["as_of"] == "2023-07-15"
        assert {t["id"]: t["state"] for t in data["tasks"]} == {k: t.state.value for k, t in ps.tasks.items()}
        assert sum(len(t["milestones"]) for t in data["tasks"]) == len(ps.milestones())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "format_version": "one"}, schema)


def test_ics_has_an_event_per_due_date_with_stable_uids(built, chart_cache, root):
    calendar = icalendar.Calendar.from_ical(content(built, "data/2023-minhang.ics"))
    events = list(calendar.walk("VEVENT"))
    ps = built.report.plans["2023-minhang"]
    single = [m for m in ps.milestones() if m.due and not m.milestone.recurrence]
    assert len(events) >= len(single) and len({e["uid"] for e in events}) == len(events)
    first = next(
        e for e in events if e["uid"].startswith(f"2023-minhang.{single[0].task_id}.{single[0].milestone_id}@")
    )
    assert first["dtstart"].dt == single[0].due and first["dtend"].dt.toordinal() == single[0].due.toordinal() + 1
    assert first["summary"].startswith("[")
    later = build_outputs(
        Settings(plans=(root / "plans",), as_of=date(2023, 9, 1), chart_cache=chart_cache, bulletins=False)
    )
    again = icalendar.Calendar.from_ical(later.outputs.get("data/2023-minhang.ics").content)
    assert {e["uid"] for e in again.walk("VEVENT")} == {e["uid"] for e in events}  # updates, never duplicates
    # An event changes only when its milestone does: a closed plan's calendar is the same file
    # on any later day (no day-counting reason, DTSTAMP from the data, not the clock).
    assert later.outputs.get("data/2020-xinbei.ics").content == content(built, "data/2020-xinbei.ics")


PLAN = """\
kind: plan
id: p
organization: org
title: '=HYPERLINK("http://evil.example/","点此")'
year: 2023
sections:
  - id: s1
    title: "+cmd|' /C calc'!A0"
    tasks:
      - id: t1
        title: "@SUM(1+1)*cmd"
        milestones:
          - period: 2023-Q1
            target: "-2+3"
"""


def test_plan_text_is_never_a_formula(tmp_path: Path, chart_cache):
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "directory.yaml").write_text("kind: directory\norganization: {id: org, name: 机构}\n", encoding="utf-8")
    result = build_outputs(Settings(plans=(tmp_path,), as_of=AS_OF, chart_cache=chart_cache, bulletins=False))
    assert result.ok, [d.message for d in result.diagnostics]
    book = openpyxl.load_workbook(io.BytesIO(result.outputs.get("data/p.xlsx").content))
    cells = [c for row in book["台账"].iter_rows(min_row=2) for c in row]
    assert {c.data_type for c in cells if c.value} == {"s"}  # strings, never formulas ("f")
    assert cells[0].value == '=HYPERLINK("http://evil.example/","点此")'
    rows = list(csv.reader(io.StringIO(result.outputs.get("data/p.csv").content.decode("utf-8-sig"))))
    assert rows[1][:4] == ['\'=HYPERLINK("http://evil.example/","点此")', "'+cmd|' /C calc'!A0", "t1", "'@SUM(1+1)*cmd"]
    assert rows[1][9] == "'-2+3"


def test_two_builds_give_the_same_bytes(built, root, tmp_path):
    again = build_outputs(Settings(plans=(root / "plans",), as_of=AS_OF, chart_cache=tmp_path, bulletins=False))
    for path in built.outputs.paths():
        if path.startswith("data/"):
            assert again.outputs.get(path).content == content(built, path), path


def test_atom_feeds_list_reports_and_plan_changes(built):
    site = feedparser.parse(content(built, "data/updates.atom"))
    assert not site.bozo, site.bozo_exception
    reports = [r for ps in built.report.plans.values() for m in ps.milestones() for r in m.history]
    assert len(site.entries) == min(len(reports), 200)
    newest = max(r.date for r in reports)
    assert site.feed.updated.startswith(newest.isoformat())
    ids = [e.id for e in site.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:jindu.invalid,2020:report/") for i in ids)
    first = site.entries[0]
    assert first.link.startswith("../plans/") and first.updated.startswith(newest.isoformat())
    plan = feedparser.parse(content(built, "data/2023-qingpu.atom"))
    assert {e.id for e in plan.entries} <= set(ids) | {e.id for e in plan.entries if ":change/" in e.id}
    assert "data/2023-qingpu.atom" in built.outputs.get(SiteMap.plan("2023-qingpu")).text


def test_a_plan_change_is_a_feed_entry(tmp_path, chart_cache):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (plans / "directory.yaml").write_text("kind: directory\norganization: {id: org, name: 机构}\n", encoding="utf-8")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]

    def commit(message: str, when: str) -> None:
        dated = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-qm", message], check=True, env=dated)

    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    commit("计划", "2023-03-01T10:00:00+08:00")
    moved = PLAN.replace("2023-Q1", "2023-Q2") + "            reason: 推迟\n"
    (plans / "plan.yaml").write_text(moved, encoding="utf-8")
    commit("调整节点", "2023-05-02T10:00:00+08:00")
    history = read_history([plans])
    settings = Settings(plans=(plans,), as_of=AS_OF, chart_cache=chart_cache, bulletins=False, history=history)
    result = build_outputs(settings)
    feed = feedparser.parse(result.outputs.get("data/p.atom").content)
    changes = [e for e in feed.entries if ":change/p/" in e.id]
    assert [e.title for e in changes] == ["计划调整：调整节点"]
    assert changes[0].updated.startswith("2023-05-02")
    assert "第一季度" in changes[0].summary or "2023-Q1" in changes[0].summary


def test_a_build_spools_each_data_file_as_export_files_makes_it(built, chart_cache):
    """build_outputs hands every data file to its outputs' spool when it is made instead of
    holding all of them (195 MB an edition at 10,000 tasks): the same files, bytes and order
    as the dict export_files returns without `put`."""
    args = (built.report, Names.build(built.portfolio), SiteMap(), Words("zh"), None, chart_cache)
    whole, _ = export_files(*args)
    handed: list[tuple[str, bytes]] = []
    kept, _ = export_files(*args, put=lambda path, data: handed.append((path, data)))
    assert kept == {} and handed == list(whole.items())
    assert [o.path for o in built.outputs if o.kind == "data"] == list(whole)
    assert all(content(built, path) == data for path, data in handed)


def test_a_department_with_the_plans_rows_gets_a_ledger_of_its_own(tmp_path: Path, chart_cache):
    """A department that leads every task has the plan's rows; its workbook still carries its
    own title (the cache key is the workbook's whole content, title and language included)."""
    plan = PLAN.replace("        milestones:", "        lead_departments: [office]\n        milestones:")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    (tmp_path / "directory.yaml").write_text(
        "kind: directory\norganization: {id: org, name: 机构}\nunits:\n  - {id: office, name: 办公室}\n",
        encoding="utf-8",
    )
    result = build_outputs(Settings(plans=(tmp_path,), as_of=AS_OF, chart_cache=chart_cache, bulletins=False))
    assert result.ok, [d.message for d in result.diagnostics]
    titles = {}
    for path in ("data/p.xlsx", SiteMap.unit_data("org", "office", "xlsx")):
        book = openpyxl.load_workbook(io.BytesIO(result.outputs.get(path).content))
        titles[path] = (book.properties.title, book["汇总"]["A1"].value)
    assert titles == {
        "data/p.xlsx": ('=HYPERLINK("http://evil.example/","点此")',) * 2,
        "data/units/org/office.xlsx": ("机构 · 办公室",) * 2,
    }
