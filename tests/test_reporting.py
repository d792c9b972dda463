"""The supervision year: 未报送 apart from 超期, the reporting window, a closed year, undated
plans, who reports what, the self-assessment form and the status history of a task."""

import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from jindu.build import build_outputs
from jindu.plans.loading import load_portfolio
from jindu.settings import Settings
from jindu.status.engine import compute_status
from jindu.status.verdicts import State, StatusRules
from jindu.words.locale import ZH

PLAN = """\
kind: plan
id: p
organization: org
title: 测试计划
year: 2023
sections:
  - id: s1
    title: 板块一
    lead_departments: [office]
    tasks:
      - id: t1
        title: 季度任务
        cooperating_units: [finance]
        milestones:
          - period: 2023-Q1
            target: 一季度要求
          - period: 2023-Q2
            target: 二季度要求
      - id: t2
        title: 全年任务
        milestones:
          - period: 2023
            target: 全年要求
"""

DIRECTORY = """\
kind: directory
organization: {id: org, name: 测试机构}
units:
  - {id: office, name: 办公室}
  - {id: finance, name: 财务科}
  - {id: health, name: 公共卫生科}
"""


def write(folder: Path, reports: str = "", plan: str = PLAN, head: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    (folder / "directory.yaml").write_text(DIRECTORY, encoding="utf-8")
    if reports or head:
        text = "kind: progress\nplan: p\n" + head + ("milestones:\n" + dedent(reports) if reports else "")
        (folder / "progress.yaml").write_text(text, encoding="utf-8")
    return folder


def status(folder: Path, as_of: str, grace: int = 0):
    portfolio = load_portfolio([folder])
    assert portfolio.ok, [d.message for d in portfolio.diagnostics]
    return compute_status(portfolio, date.fromisoformat(as_of), StatusRules(report_grace_days=grace))


def q1(report):
    return report.task("p", "t1").milestones[0].verdict


@pytest.mark.parametrize(
    "reports, as_of, grace, state, words",
    [
        # No report at all: 未报送 the day after the due date, never 超期.
        ("", "2023-04-01", 0, State.NOT_REPORTED, "第一季度节点3月31日到期，未报送进展"),
        ("", "2023-09-30", 0, State.NOT_REPORTED, "第一季度节点3月31日到期，未报送进展"),
        # A reporting window of five days: awaiting the report until 5 April, 未报送 after.
        ("", "2023-04-05", 5, State.DUE_SOON, "第一季度节点已于3月31日到期，待报送（报送期至4月5日）"),
        ("", "2023-04-06", 5, State.NOT_REPORTED, "第一季度节点3月31日到期，未报送进展"),
        # Reported not done: 超期, with what the department said.
        (
            "  - {task: t1, milestone: q1, status: delayed, date: 2023-04-02, note: 资金未到位。}\n",
            "2023-04-12",
            0,
            State.OVERDUE,
            "第一季度节点超期12天（最近报告4月2日：滞后，资金未到位）",
        ),
        (
            "  - {task: t1, milestone: q1, status: in_progress, date: 2023-03-10}\n",
            "2023-04-12",
            0,
            State.OVERDUE,
            "第一季度节点超期12天（最近报告3月10日：推进中）",
        ),
        # Inside the window a report from before the due date is not the period's report yet;
        # a report after the due date that says "not done" is 超期 at once.
        (
            "  - {task: t1, milestone: q1, status: in_progress, date: 2023-03-10}\n",
            "2023-04-03",
            5,
            State.DUE_SOON,
            "第一季度节点已于3月31日到期，待报送（报送期至4月5日）",
        ),
        (
            "  - {task: t1, milestone: q1, status: delayed, date: 2023-04-02}\n",
            "2023-04-03",
            5,
            State.OVERDUE,
            "第一季度节点超期3天（最近报告4月2日：滞后）",
        ),
        # Done within the window, dated by the completion date: done on time.
        (
            "  - {task: t1, milestone: q1, status: done, date: 2023-03-30}\n",
            "2023-04-03",
            5,
            State.DONE,
            "第一季度节点已于3月30日完成",
        ),
    ],
)
def test_not_reported_apart_from_overdue(tmp_path, reports, as_of, grace, state, words):
    verdict = q1(status(write(tmp_path, reports), as_of, grace))
    assert verdict.state is state
    assert verdict.reason.text(ZH) == words


def test_roll_up_counts_not_reported_apart(tmp_path):
    report = status(write(tmp_path, "  - {task: t1, milestone: q1, status: delayed, date: 2023-04-02}\n"), "2023-07-10")
    task = report.task("p", "t1")
    assert task.state is State.OVERDUE  # a reported problem outranks a missing report
    assert task.verdict.reason.text(ZH) == "第一季度节点超期101天（最近报告4月2日：滞后）；另有1项节点未报送"
    assert report.plans["p"].rollup.counts == {State.OVERDUE: 1, State.ON_TRACK: 1}


def test_a_closed_year_gives_final_outcomes(tmp_path):
    reports = """\
      - {task: t1, milestone: q1, status: done, date: 2023-03-20}
      - {task: t1, milestone: q2, status: in_progress, date: 2023-06-01}
    """
    report = status(write(tmp_path, reports), "2026-11-30")
    plan = report.plans["p"]
    assert plan.closed and plan.closed_on == date(2023, 12, 31)
    q2 = report.task("p", "t1").milestones[1].verdict
    assert q2.state is State.OVERDUE
    # No days counted for ever: the final outcome and what was last reported.
    assert q2.reason.text(ZH) == "第二季度节点逾期未完成（6月30日到期；最近报告6月1日：推进中）"
    year = report.task("p", "t2").milestones[0].verdict
    assert (year.state, year.reason.text(ZH)) == (State.NOT_REPORTED, "全年节点12月31日到期，至计划期结束未报送进展")
    assert plan.rollup.verdict.reason.text(ZH) == "计划期已于2023年12月31日结束：未完成1项，未报送1项"
    assert plan.rollup.outcomes() == [("unfinished", 1), ("not_reported", 1)]


def test_one_dated_clause_never_decides_an_undated_plan(tmp_path):
    prose = (
        PLAN.split("    tasks:")[0]
        + "    tasks:\n"
        + "".join(f"      - id: u{n}\n        title: 要点{n}\n" for n in range(1, 8))
    )
    prose += "      - id: d1\n        title: 有日期的一项\n        milestones:\n          - period: 2023-08\n            target: 8月份完成\n"
    report = status(write(tmp_path, plan=prose), "2023-07-15")
    assert report.task("p", "d1").state is State.NOT_STARTED  # the clause decides its own task
    summary = report.plans["p"].rollup.verdict
    assert summary.state is State.NO_SCHEDULE
    assert summary.reason.text(ZH) == "8项任务中仅1项列有时间节点，整体不按日期判断"


def test_seed_site_today_calls_no_missing_report_overdue(root):
    report = compute_status(load_portfolio([root / "plans"]), date(2026, 11, 30))
    overdue = [m for m in report.milestones() if m.state is State.OVERDUE]
    assert overdue and all(m.report is not None for m in overdue)
    assert all(not m.verdict.reason.text(ZH).startswith("超期") for m in overdue)
    not_reported = [m for m in report.milestones() if m.state is State.NOT_REPORTED]
    assert not_reported and all(m.report is None for m in not_reported)
    assert all(ps.closed for pid, ps in report.plans.items())


# --------------------------------------------------------------------------- pages


@pytest.fixture(scope="module")
def today(request, chart_cache):
    root = request.config.rootpath
    settings = Settings(plans=(root / "plans",), as_of=date(2026, 11, 30), chart_cache=chart_cache, bulletins=False)
    built = build_outputs(settings)
    assert built.ok
    return built.outputs


def test_closed_year_pages(today):
    plan = today.get("plans/2023-qingpu/index.md").text
    assert "计划期已于2023年12月31日结束（已结束）" in plan
    assert "最终结果" in plan and "未完成" in plan and "未报送" in plan
    assert "超期" not in re.sub(r"<[^>]+>", "", plan.split("## 任务")[1].split("## ")[0])  # outcomes, not 超期
    home = today.get("index.md").text
    assert home.count("已结束") >= 4
    task = today.get("plans/2023-qingpu/i02.md").text
    milestones = task.split('<table class="jd-table jd-milestones">')[1].split("</table>")[0]
    assert "✖</span> 未完成</span>" in milestones and "超期" not in re.sub(r"<[^>]+>", "", milestones)
    attention = today.get("attention.md").text
    assert "jd-attention" not in attention  # closed plans have outcomes, not follow-ups


def test_undated_plan_reads_cleanly(today):
    text = today.get("plans/2022-qingpu/index.md").text
    assert "jd-chart-battle_map" not in text and "jd-chart-summary" not in text
    assert "不代表正常推进" in text
    table = text.split("## 任务")[1]
    assert '<th scope="col">牵头部门</th>' not in table and "下一节点" not in table and "最终结果" not in table
    task = today.get("plans/2022-qingpu/t04.md").text
    assert "jd-chart-timeline" not in task and "本任务未列出时间节点，不绘制进度图。" in task


def test_status_history_of_qingpu_i02(today):
    text = today.get("plans/2023-qingpu/i02.md").text
    strip = re.findall(r'<li class="jd-s-(\w+)[^"]*"[^>]*><span class="jd-strip-month">([^<]+)</span>', text)
    states = {month: state for state, month in strip}
    # Reports: Q1 done 3月20日, Q2 delayed 6月25日 and nothing since (see the sample file).
    assert states["2月"] == "on_track"
    assert states["5月"] == "due_soon"
    assert states["6月"] == "overdue"  # reported delayed, then the quarter ended
    assert states["12月"] == "overdue"
    assert states["现在"] == "overdue"
    assert len(strip) == 13


def test_progress_table_names_who_reported_and_the_file(today):
    text = today.get("plans/2023-qingpu/i02.md").text
    table = text.split("jd-history")[1].split("</table>")[0]
    assert "<code>plans/qingpu/progress/2023-q2-sample.yaml</code>" in table


def test_xinbei_form_page(today):
    text = today.get("plans/2020-xinbei/forms/self-assessment.md").text
    rows = re.findall(r"<tr><th scope=\"row\">", text)
    assert len(rows) == 10
    assert "80分" in text and "未评分" in text
    assert "forms/self-assessment" in today.get("plans/2020-xinbei/index.md").text


# --------------------------------------------------------------------------- check


def check(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jindu", "check", *args, str(folder)], capture_output=True, text=True, cwd=folder
    )


def test_a_report_on_another_departments_task_warns_at_its_line(tmp_path):
    reports = """\
      - {task: t1, milestone: q1, status: done, date: 2023-03-20}
      - {task: t2, milestone: y, status: done, date: 2023-03-20}
    """
    folder = write(tmp_path / "plans", reports, head="reporter: health\n")
    run = check(folder)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = [line for line in run.stdout.splitlines() if "W-REPORTER" in line]
    said = "which it neither leads nor co-operates on"
    assert lines == [
        f"progress.yaml:5:10: warning[W-REPORTER]: 公共卫生科 (health) reports on task t1, {said}",
        f"progress.yaml:6:10: warning[W-REPORTER]: 公共卫生科 (health) reports on task t2, {said}",
    ]
    assert (
        "hint: task t1 is led by 办公室 (office); co-operating: 财务科 (finance); check `reporter` or the task id"
        in (run.stdout)
    )
    assert check(folder, "--strict").returncode != 0
    # The co-operating unit may report.
    write(tmp_path / "ok", reports.splitlines()[0] + "\n", head="reporter: finance\n")
    assert "W-REPORTER" not in check(tmp_path / "ok").stdout


FORM = """\
assessments:
  - id: form
    title: 考核自评表
    categories:
      - {id: basic, name: 基础工作, max_points: 40}
      - id: general
        name: 综合工作
        max_points: 10
        subcategories:
          - {id: news, name: 信息报道, max_points: 5}
          - {id: safety, name: 安全生产, max_points: 5}
    total_points: 50
    units: [office, finance]
"""


def test_scores_are_checked_and_shown(tmp_path, chart_cache):
    scores = """\
scores:
  - {assessment: form, unit: office, category: basic, points: 38}
  - {assessment: form, unit: office, category: news, points: 5}
  - {assessment: form, unit: office, category: safety, points: 4, note: 扣1分}
  - {assessment: form, unit: finance, category: basic, points: 41}
  - {assessment: form, unit: finance, category: general, points: 9}
  - {assessment: form, unit: office, category: basic, points: 30}
"""
    folder = write(tmp_path / "plans", plan=PLAN + FORM, head=scores)
    run = check(folder)
    assert run.returncode == 1
    found = [line for line in run.stdout.splitlines() if "error[" in line]
    assert found == [
        "progress.yaml:7:64: error[E-SCORE-RANGE]: 41 points on basic, whose maximum is 40",
        "progress.yaml:8:49: error[E-REF]: unknown scored item 'general'",
        "progress.yaml:9:5: error[E-DUP-SCORE]: office is already scored on basic (progress.yaml:4)",
    ]
    good = "\n".join(scores.splitlines()[:4]) + "\n"
    folder = write(tmp_path / "good", plan=PLAN + FORM, head=good)
    assert check(folder).returncode == 0
    settings = Settings(plans=(folder,), as_of=date(2023, 7, 15), chart_cache=chart_cache, bulletins=False)
    text = build_outputs(settings).outputs.get("plans/p/forms/form.md").text
    office = text.split('<th scope="row">')[1]
    assert re.findall(r'<td class="jd-n">([^<]+)</td>', office) == ["38", "5", "4", "47"]
    assert "扣1分" in office
    finance = text.split('<th scope="row">')[2]
    assert finance.count("未评分") == 3


def test_the_year_bulletin_prints_the_form(root, tmp_path):
    out = tmp_path / "year.pdf"
    run = subprocess.run(
        [sys.executable, "-m", "jindu", "bulletin", "print", "2020-xinbei", "--period", "2020", "-o", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    form = text[text.index("六、考核自评表", text.index("六、考核自评表") + 1) :]
    assert "新北区卫生健康局2020年度考核自评表" in form and "80分" in form
    assert form.count("未评分") == 10 * 7  # ten units, seven scored items, none scored yet
    quarter = tmp_path / "q4.pdf"
    subprocess.run(
        [sys.executable, "-m", "jindu", "bulletin", "print", "2020-xinbei", "--period", "2020-Q4", "-o", str(quarter)],
        cwd=root,
        check=True,
        capture_output=True,
    )
    q4 = subprocess.run(["pdftotext", str(quarter), "-"], capture_output=True, text=True, check=True).stdout
    assert "考核自评表" not in q4  # only the year's issue carries it


QUALIFIED = (
    PLAN.split("    lead_departments")[0]
    + """\
    tasks:
      - id: t1
        title: 指标任务
        milestones:
          - period: 2023-Q4
            target: 全年
        indicators:
          - {id: about, name: 约数指标, unit: 家, targets: {2023-Q2: 100}, qualifier: about}
          - {id: aim, name: 力争指标, unit: 人次, targets: {2023-Q2: 50000}, qualifier: strive}
          - {id: range, name: 区间指标, unit: 家, targets: {2023-Q2: 2}, upper: {2023-Q2: 3}}
          - {id: least, name: 下限指标, unit: "%", targets: {2023-Q2: 90}, qualifier: at_least}
"""
)


def actuals(values: dict[str, float]) -> str:
    lines = [f"  - {{task: t1, indicator: {k}, period: 2023-Q2, value: {v}}}" for k, v in values.items()]
    return "kind: progress\nplan: p\nindicators:\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "values, states, task",
    [
        # 左右 is met within 5%; 力争 short of its aim is shown but never lags the task; a range is
        # met anywhere inside it; 以上 is met from the target up.
        (
            {"about": 96, "aim": 40000, "range": 3, "least": 90},
            {"about": "met", "aim": "behind", "range": "met", "least": "met"},
            State.NOT_STARTED,  # its only milestone is in Q4; the missed aim does not lag it
        ),
        (
            {"about": 94, "aim": 50000, "range": 4, "least": 89},
            {"about": "behind", "aim": "met", "range": "exceeded", "least": "behind"},
            State.LAGGING,
        ),
    ],
)
def test_indicator_qualifiers(tmp_path, values, states, task):
    folder = write(tmp_path, plan=QUALIFIED)
    (folder / "progress.yaml").write_text(actuals(values), encoding="utf-8")
    status = compute_status(load_portfolio([folder]), date(2023, 7, 10)).task("p", "t1")
    assert {i.indicator.id: i.state.value for i in status.indicators} == states
    assert status.state is task
    aim = next(i for i in status.indicators if i.indicator.id == "aim")
    if aim.state.value == "behind":
        assert aim.reason.text(ZH) == "力争指标40000人次 < 序时目标50000人次（力争目标，不计为滞后）"


def test_qualified_targets_are_printed_as_the_plan_words_them(tmp_path, chart_cache):
    folder = write(tmp_path, plan=QUALIFIED)
    settings = Settings(plans=(folder,), as_of=date(2023, 7, 10), chart_cache=chart_cache, bulletins=False)
    text = build_outputs(settings).outputs.get("plans/p/t1.md").text
    for words in ("第二季度 100家左右", "第二季度 力争50000人次", "第二季度 2–3家", "第二季度 90%以上"):
        assert words in text


def test_a_range_below_its_target_is_an_error(tmp_path):
    bad = QUALIFIED.replace("upper: {2023-Q2: 3}", "upper: {2023-Q2: 1, 2023-Q3: 4}")
    run = check(write(tmp_path / "plans", plan=bad))
    found = [line for line in run.stdout.splitlines() if "E-TARGET-RANGE" in line]
    assert found == [
        "plan.yaml:18:86: error[E-TARGET-RANGE]: upper end 1 is below the target 2 for 2023-Q2",
        "plan.yaml:18:89: error[E-TARGET-RANGE]: upper end given for 2023-Q3, which has no target",
    ]


def test_strips_are_cached_by_content(tmp_path):
    from jindu.site.strips import task_strips

    folder = write(tmp_path / "plans", "  - {task: t1, milestone: q1, status: done, date: 2023-03-20}\n")
    cache = tmp_path / "cache"
    portfolio = load_portfolio([folder])
    rules = StatusRules()
    first = task_strips(portfolio, "p", date(2023, 7, 15), rules, cache)
    states = [s.value for _, s, _ in first["t1"]]
    assert states == ["on_track", "on_track", "on_track", "on_track", "due_soon", "not_reported"]
    assert first == task_strips(portfolio, "p", date(2023, 7, 15), rules, None)  # the same without a cache
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == 1
    # Any day of the same month reads the same entry; a new month end or a changed report does not.
    assert task_strips(portfolio, "p", date(2023, 7, 30), rules, cache) == first
    assert len(list(cache.rglob("*.json"))) == 1
    task_strips(portfolio, "p", date(2023, 8, 2), rules, cache)
    assert len(list(cache.rglob("*.json"))) == 2
    both = "  - {task: t1, milestone: q1, status: done, date: 2023-03-20}\n"
    both += "  - {task: t1, milestone: q2, status: done, date: 2023-06-20}\n"
    edited = write(tmp_path / "plans", both)
    again = task_strips(load_portfolio([edited]), "p", date(2023, 7, 15), rules, cache)
    assert again["t1"][-1][1] is State.DONE and len(list(cache.rglob("*.json"))) == 3


def test_a_plan_without_sections_builds(tmp_path, chart_cache):
    empty = PLAN.split("sections:")[0] + "sections: []\n"
    folder = write(tmp_path / "plans", plan=empty)
    built = build_outputs(Settings(plans=(folder,), as_of=date(2023, 7, 15), chart_cache=chart_cache, bulletins=False))
    assert built.ok
    page = built.outputs.get("plans/p/index.md").text
    assert "jd-chart-battle_map" not in page and "不代表正常推进" in page


def test_upper_case_yaml_files_are_read(tmp_path):
    folder = write(tmp_path / "plans")
    (folder / "plan.yaml").rename(folder / "PLAN.YAML")
    (folder / "directory.yaml").rename(folder / "directory.Yml")
    portfolio = load_portfolio([folder])
    assert portfolio.ok and list(portfolio.plans) == ["p"] and list(portfolio.directories) == ["org"]
