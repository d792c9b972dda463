"""The status engine: every rule, parametrised by the as-of date, on small plans written here."""

from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from jindu.plans.loading import load_portfolio
from jindu.status.engine import compute_status
from jindu.status.indicators import pace_target
from jindu.status.verdicts import IndicatorState, State, StatusRules
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
    tasks:
      - id: t1
        title: 季度任务
        lead_departments: [office]
        lead_leaders: [wang]
        milestones:
          - period: 2023-Q1
            target: 一季度要求
          - period: 2023-Q2
            target: 二季度要求
          - period: 2023
            target: 全年要求
      - id: t2
        title: 不定期任务
        milestones:
          - period: unscheduled
            target: 重要敏感时点
      - id: t3
        title: 无节点任务
      - id: t4
        title: 指标任务
        milestones:
          - period: 2023-Q4
            target: 全年
        indicators:
          - id: rate
            name: 接种率
            unit: "%"
            targets: {2023-Q1: 80, 2023-Q2: 90}
      - id: t5
        title: 每季度第一个月
        milestones:
          - period: 2023
            recurrence: first-month-of-quarter
            target: 召开会议
"""

DIRECTORY = """\
kind: directory
organization: {id: org, name: 测试机构}
people: [{id: wang, name: 王五}]
units: [{id: office, name: 办公室}]
"""


def portfolio(tmp_path: Path, reports: str = "", indicators: str = ""):
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "directory.yaml").write_text(DIRECTORY, encoding="utf-8")
    if reports or indicators:
        text = "kind: progress\nplan: p\n"
        if reports:
            text += "milestones:\n" + dedent(reports)
        if indicators:
            text += "indicators:\n" + dedent(indicators)
        (tmp_path / "progress.yaml").write_text(text, encoding="utf-8")
    result = load_portfolio([tmp_path])
    assert result.ok, [d.message for d in result.diagnostics]
    return result


def milestone(report, task, index):
    return report.task("p", task).milestones[index]


@pytest.mark.parametrize(
    "as_of, state, words",
    [
        ("2023-01-01", State.ON_TRACK, "按计划推进，3月31日到期（尚无进展报告）"),  # Q1 begun, 89 days left
        ("2023-03-01", State.DUE_SOON, "30天后到期（3月31日），尚未完成"),
        ("2023-03-31", State.DUE_SOON, "今天到期"),
        ("2023-04-12", State.NOT_REPORTED, "第一季度节点3月31日到期，未报送进展"),
    ],
)
def test_unreported_milestone_by_date(tmp_path, as_of, state, words):
    report = compute_status(portfolio(tmp_path), date.fromisoformat(as_of))
    verdict = milestone(report, "t1", 0).verdict
    assert verdict.state is state
    assert words in verdict.reason.text(ZH)


def test_not_started_before_its_period(tmp_path):
    report = compute_status(portfolio(tmp_path), date(2023, 1, 15))
    q2 = milestone(report, "t1", 1)
    assert q2.state is State.NOT_STARTED
    assert q2.verdict.reason.text(ZH) == "第二季度节点尚未开始（4月1日起）"


def test_whole_year_is_due_on_the_plan_end(tmp_path):
    report = compute_status(portfolio(tmp_path), date(2023, 5, 1))
    assert milestone(report, "t1", 2).due == date(2023, 12, 31)


REPORTS = """\
  - {task: t1, milestone: q1, status: done, date: 2023-03-20}
  - {task: t1, milestone: q2, status: done, date: 2023-07-12}
  - {task: t1, milestone: y, status: delayed, date: 2023-08-01, note: 资金未到位}
"""


@pytest.mark.parametrize(
    "as_of, index, state, words",
    [
        ("2023-04-01", 0, State.DONE, "第一季度节点已于3月20日完成"),
        ("2023-07-15", 1, State.DONE_LATE, "第二季度节点于7月12日完成，晚于期限12天"),
        (
            "2023-07-01",
            1,
            State.NOT_REPORTED,
            "第二季度节点6月30日到期，未报送进展",
        ),  # the done report is dated later: not yet known
        ("2023-08-02", 2, State.LAGGING, "全年节点报告滞后（资金未到位）"),
        # The plan year has ended: the final outcome, no days counted.
        ("2024-01-05", 2, State.OVERDUE, "全年节点逾期未完成（12月31日到期；最近报告8月1日：滞后，资金未到位）"),
    ],
)
def test_reported_milestones(tmp_path, as_of, index, state, words):
    report = compute_status(portfolio(tmp_path, REPORTS), date.fromisoformat(as_of))
    verdict = milestone(report, "t1", index).verdict
    assert verdict.state is state
    assert verdict.reason.text(ZH) == words


def test_cancelled_and_in_progress(tmp_path):
    reports = """\
      - {task: t1, milestone: q1, status: cancelled, date: 2023-02-01, note: 政策调整}
      - {task: t1, milestone: q2, status: in_progress, date: 2023-03-01}
    """
    report = compute_status(portfolio(tmp_path, reports), date(2023, 3, 2))
    assert milestone(report, "t1", 0).state is State.CANCELLED
    assert "政策调整" in milestone(report, "t1", 0).verdict.reason.text(ZH)
    # Reported in progress before its period began: on track, not "not started".
    assert milestone(report, "t1", 1).state is State.ON_TRACK


@pytest.mark.parametrize("as_of", ["2023-01-01", "2023-12-31", "2025-06-01"])
def test_unscheduled_never_goes_red(tmp_path, as_of):
    report = compute_status(portfolio(tmp_path), date.fromisoformat(as_of))
    task = report.task("p", "t2")
    assert task.milestones[0].due is None
    assert task.state is State.NO_SCHEDULE
    assert "不按日期判断" in task.verdict.reason.text(ZH)


def test_task_without_milestones_says_no_schedule_not_green(tmp_path):
    task = compute_status(portfolio(tmp_path), date(2023, 6, 1)).task("p", "t3")
    assert task.state is State.NO_SCHEDULE
    assert task.verdict.reason.text(ZH) == "计划未列出时间节点，无法按日期判断进度"


@pytest.mark.parametrize(
    "as_of, state, words",
    [
        ("2023-01-10", State.ON_TRACK, "已完成0/3项节点；第一季度节点按计划推进"),
        ("2023-04-12", State.NOT_REPORTED, "第一季度节点3月31日到期，未报送进展"),
        ("2023-08-20", State.NOT_REPORTED, "第一季度节点3月31日到期，未报送进展；另有1项节点未报送"),
    ],
)
def test_task_roll_up(tmp_path, as_of, state, words):
    task = compute_status(portfolio(tmp_path), date.fromisoformat(as_of)).task("p", "t1")
    assert task.state is state
    assert task.verdict.reason.text(ZH).startswith(words)


def test_task_all_done_and_done_late(tmp_path):
    reports = REPORTS.replace("status: delayed, date: 2023-08-01, note: 资金未到位", "status: done, date: 2023-11-01")
    task = compute_status(portfolio(tmp_path, reports), date(2023, 11, 2)).task("p", "t1")
    assert task.state is State.DONE_LATE
    assert task.verdict.reason.text(ZH) == "全部3项节点已完成，其中1项逾期完成"


def test_recurring_milestone_shows_the_next_occurrence(tmp_path):
    report = compute_status(portfolio(tmp_path), date(2023, 4, 10))
    ms = milestone(report, "t5", 0)
    assert ms.due == date(2023, 4, 30)
    assert ms.state is State.DUE_SOON
    after = milestone(compute_status(portfolio(tmp_path), date(2024, 1, 2)), "t5", 0)
    assert after.state is State.NOT_REPORTED


def test_pace_target_interpolates_between_periods(tmp_path):
    p = portfolio(tmp_path)
    index = p.index("p")
    indicator = index.by_id["t4"].task.indicators[0]
    assert pace_target(indicator, index, date(2023, 3, 31)) == 80
    assert pace_target(indicator, index, date(2023, 6, 30)) == 90
    middle = pace_target(indicator, index, date(2023, 5, 15))
    assert 84 < middle < 86  # 45 of 91 days from 80 to 90
    assert pace_target(indicator, index, date(2023, 1, 15)) == 80  # before the first: the first target


@pytest.mark.parametrize(
    "value, state, words",
    [
        (88, IndicatorState.BEHIND, "接种率88% < 序时目标90%"),
        (90, IndicatorState.MET, "接种率90%，达到序时目标90%"),
        (95, IndicatorState.EXCEEDED, "接种率95%，超额完成序时目标90%（106%）"),
    ],
)
def test_indicator_against_pace_target(tmp_path, value, state, words):
    actuals = f"""\
      - {{task: t4, indicator: rate, period: 2023-Q2, value: {value}, date: 2023-06-30}}
    """
    report = compute_status(portfolio(tmp_path, indicators=actuals), date(2023, 7, 15))
    task = report.task("p", "t4")
    ind = task.indicators[0]
    assert ind.state is state
    assert ind.reason.text(ZH) == words
    # An indicator behind its pro-rata target makes the task lagging.
    assert (task.state is State.LAGGING) == (state is IndicatorState.BEHIND)


def test_indicator_without_actual(tmp_path):
    ind = compute_status(portfolio(tmp_path), date(2023, 7, 15)).task("p", "t4").indicators[0]
    assert ind.state is IndicatorState.NO_DATA
    assert ind.reason.text(ZH) == "接种率暂无实际值（第二季度目标90%）"


def test_due_soon_threshold_is_configurable(tmp_path):
    p = portfolio(tmp_path)
    as_of = date(2023, 3, 20)  # Q1 due in 11 days
    assert milestone(compute_status(p, as_of, StatusRules(due_soon_days=7)), "t1", 0).state is State.ON_TRACK
    assert milestone(compute_status(p, as_of, StatusRules(due_soon_days=14)), "t1", 0).state is State.DUE_SOON


def test_involvements_of_units_and_people(tmp_path):
    report = compute_status(portfolio(tmp_path), date(2023, 6, 1))
    assert [(i.task_id, i.role) for i in report.units[("org", "office")]] == [("t1", "lead")]
    assert [(i.task_id, i.role) for i in report.people[("org", "wang")]] == [("t1", "leader")]


def test_seed_sample_has_every_headline_state(root):
    """The done-when of the site issue: as of 2023-07-15 the sample progress gives each state."""
    report = compute_status(load_portfolio([root / "plans"]), date(2023, 7, 15))
    states = {t.state for p in report.plans.values() for t in p.tasks.values()}
    assert {State.DONE, State.ON_TRACK, State.DUE_SOON, State.OVERDUE, State.NOT_REPORTED, State.NO_SCHEDULE} <= states
    qingpu = report.plans["2023-qingpu"]
    assert qingpu.tasks["i06"].state is State.DONE
    # i19's quarter reported in progress covers July: its months are steps, not nodes of their own.
    assert qingpu.tasks["i19"].state is State.ON_TRACK
    assert report.plans["2023-minhang"].tasks["t15"].state is State.DUE_SOON
    assert qingpu.tasks["i16"].state is State.ON_TRACK
    assert qingpu.sample and qingpu.tasks["i16"].sample
    assert all(t.state is State.NO_SCHEDULE for t in report.plans["2022-qingpu"].tasks.values())


def test_pure_same_input_same_report(root):
    p = load_portfolio([root / "plans"])
    first = compute_status(p, date(2023, 7, 15))
    second = compute_status(p, date(2023, 7, 15))

    def flat(r):
        return [(t.task_id, t.state, t.verdict.reason) for p in r.plans.values() for t in p.tasks.values()]

    assert flat(first) == flat(second)


@pytest.mark.parametrize(
    "value, state, words",
    [
        (0.2, IndicatorState.MET, "院内感染率0.2%，达到序时目标（0.5%以下）"),
        (0.5, IndicatorState.MET, "院内感染率0.5%，达到序时目标（0.5%以下）"),
        (0, IndicatorState.MET, "院内感染率0%，达到序时目标（0.5%以下）"),
        (0.8, IndicatorState.BEHIND, "院内感染率0.8% > 序时目标0.5%"),
    ],
)
def test_a_ceiling_worded_yixia_is_met_from_below(tmp_path, value, state, words):
    """以下 (at_most) is a ceiling: under it is met, never "behind" or "250% exceeded", and the
    direction need not be written (check refuses one written against the wording)."""
    plan = PLAN.replace(
        """            targets: {2023-Q1: 80, 2023-Q2: 90}""",
        """            targets: {2023-Q1: 80, 2023-Q2: 90}
          - id: infection
            name: 院内感染率
            unit: "%"
            qualifier: at_most
            targets: {2023: 0.5}""",
    )
    actuals = f"      - {{task: t4, indicator: infection, period: 2023-Q2, value: {value}, date: 2023-06-30}}\n"
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    (tmp_path / "directory.yaml").write_text(DIRECTORY, encoding="utf-8")
    (tmp_path / "progress.yaml").write_text("kind: progress\nplan: p\nindicators:\n" + actuals, encoding="utf-8")
    loaded = load_portfolio([tmp_path])
    assert loaded.ok, [d.message for d in loaded.diagnostics]
    ind = compute_status(loaded, date(2023, 7, 15)).task("p", "t4").indicators[1]
    assert (ind.state, ind.reason.text(ZH)) == (state, words)
    if state is IndicatorState.MET:
        assert ind.ratio == 1.0  # 完成率 100%, not 40%


def test_the_next_milestone_is_the_next_not_yet_due_and_past_ones_are_named_apart(tmp_path):
    """下一节点 is not a milestone months in the past: those are 超期 or 未报送, listed apart."""
    task = compute_status(portfolio(tmp_path), date(2023, 4, 12)).task("p", "t1")
    assert [m.state for m in task.past_due()] == [State.NOT_REPORTED]
    assert task.past_due()[0].due == date(2023, 3, 31)
    upcoming = task.upcoming_milestone()
    assert upcoming is not None and upcoming.due > date(2023, 4, 12)
    assert task.next_milestone() is task.past_due()[0]  # the roll-up still orders by the earliest open one
