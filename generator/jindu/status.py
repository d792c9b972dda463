"""Status: what state every milestone, task, plan, unit and person is in on a given day.

`compute_status(portfolio, as_of, rules)` is pure: no clock, no I/O. It reads the plans'
dates and the progress reports dated on or before `as_of`, and gives every object a
`Verdict` — a state and the reason in words (Chinese and English). The rules are
documented in docs/reference/status.md; tests in tests/test_status.py exercise each one.

Milestone rules, first match wins (a report is the latest one dated on or before as_of):

1. reported cancelled → cancelled;
2. reported done → done, or done late when the completion date is after the due date;
3. no due date (``unscheduled``) → no schedule; never red by date;
4. as_of after the due date → overdue (超期), counting days;
5. reported delayed → lagging (滞后), the department's own warning;
6. due within `rules.due_soon_days` → due soon (临期);
7. the period has not begun and nothing was reported → not started;
8. otherwise → on track (正常推进), saying when no report backs it.

A milestone is due on the last day of its period; a whole-year period in the plan's year
is due on the plan's end date. A recurring milestone is due at each occurrence: the next
one is shown, and it goes red only when its whole period has passed without `done`.

Tasks roll up their milestones, sub-targets and indicators: the most urgent state wins
(overdue, then lagging, then due soon); when nothing is urgent, all done gives done (or
done late), all not started gives not started, otherwise on track. An indicator behind its
序时 (time-proportional) target counts as lagging. A task with no dated milestone at all is
`no schedule`, never green.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from jindu.plans.index import PlanIndex, TaskEntry
from jindu.plans.model import (Direction, Indicator, IndicatorActual, Milestone, MilestoneReport, PlanFile, ProgressFile,
                    Status as Reported, Update)
from jindu.plans.periods import Period, PeriodKind, occurrences, parse_period
from jindu.plans.portfolio import Portfolio


class State(str, Enum):
    """A computed state. Order of members is display order (most urgent first)."""

    OVERDUE = "overdue"
    LAGGING = "lagging"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NOT_STARTED = "not_started"
    DONE_LATE = "done_late"
    DONE = "done"
    CANCELLED = "cancelled"
    NO_SCHEDULE = "no_schedule"


URGENT = (State.OVERDUE, State.LAGGING, State.DUE_SOON)
FINISHED = (State.DONE, State.DONE_LATE)


class IndicatorState(str, Enum):
    EXCEEDED = "exceeded"  # 超额完成: actual beyond the 序时 target
    MET = "met"  # 达到序时目标
    BEHIND = "behind"  # 落后序时目标
    NO_DATA = "no_data"  # 暂无实际值


@dataclass(frozen=True)
class Reason:
    """A reason in words, in both UI languages."""

    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Verdict:
    """A state and its reason. `headline` is the reason of the single part that decided a
    roll-up (without "and N more"), so a parent can quote a child without nesting counts."""

    state: State
    reason: Reason
    headline: Reason | None = None

    @property
    def lead(self) -> Reason:
        return self.headline or self.reason


@dataclass(frozen=True)
class StatusRules:
    """Thresholds; configurable in mkdocs.yml (plugin `jindu`, key `status`)."""

    # 临期: due within this many days and not done. A month, so that the "due in the next
    # 30 days" list on the home page and the yellow lights are the same set of milestones.
    due_soon_days: int = 30
    met_tolerance: float = 0.005  # |actual/target - 1| within this counts as exactly met


@dataclass
class MilestoneStatus:
    plan_id: str
    task_id: str
    milestone_id: str
    milestone: Milestone
    period: Period
    due: date | None
    verdict: Verdict
    report: MilestoneReport | None
    history: list[MilestoneReport]

    @property
    def state(self) -> State:
        return self.verdict.state

    @property
    def completed_on(self) -> date | None:
        if self.report and self.report.status is Reported.DONE:
            return self.report.date
        return None


@dataclass
class IndicatorStatus:
    indicator: Indicator
    state: IndicatorState
    reason: Reason
    actual: IndicatorActual | None = None
    target: float | None = None  # the target of the period the actual is for (or the current one)
    pace_target: float | None = None  # 序时目标 at the actual's date
    ratio: float | None = None  # completion rate against the 序时 target
    actuals: list[IndicatorActual] = field(default_factory=list)


@dataclass
class TaskStatus:
    plan_id: str
    entry: TaskEntry
    verdict: Verdict
    milestones: list[MilestoneStatus]
    indicators: list[IndicatorStatus]
    children: list["TaskStatus"]
    updates: list[Update]
    sample: bool  # some report behind this status is sample data

    @property
    def state(self) -> State:
        return self.verdict.state

    @property
    def task_id(self) -> str:
        return self.entry.task.id

    def next_milestone(self) -> MilestoneStatus | None:
        """The earliest open milestone (not done or cancelled) that has a due date."""
        open_ = [m for m in self.milestones if m.due and m.state not in FINISHED + (State.CANCELLED,)]
        return min(open_, key=lambda m: m.due) if open_ else None  # type: ignore[arg-type,return-value]


@dataclass
class Rollup:
    """Counts of task states, and the verdict they add up to."""

    counts: Counter
    verdict: Verdict

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, state: State) -> int:
        return self.counts.get(state, 0)


@dataclass
class PlanStatus:
    plan: PlanFile
    index: PlanIndex
    tasks: dict[str, TaskStatus]  # every entry (tasks and sub-targets) by id, in plan order
    rollup: Rollup  # over top-level tasks
    sections: dict[str, Rollup]
    sample: bool

    def top_level(self) -> list[TaskStatus]:
        return [t for t in self.tasks.values() if not t.entry.is_subtarget]

    def milestones(self) -> list[MilestoneStatus]:
        return [m for t in self.tasks.values() for m in t.milestones]


@dataclass
class Involvement:
    """One task a unit or person is named on, and in what capacity."""

    plan_id: str
    task_id: str
    role: str  # lead, cooperate, leader, co-leader, or an Assignment role value
    status: TaskStatus


@dataclass
class StatusReport:
    as_of: date
    rules: StatusRules
    plans: dict[str, PlanStatus]
    units: dict[tuple[str, str], list[Involvement]]  # (organization, unit id) → involvements
    people: dict[tuple[str, str], list[Involvement]]

    def task(self, plan_id: str, task_id: str) -> TaskStatus:
        return self.plans[plan_id].tasks[task_id]

    def milestones(self) -> list[MilestoneStatus]:
        return [m for p in self.plans.values() for m in p.milestones()]


# --------------------------------------------------------------------------- wording

_STATE_WORDS = {
    State.OVERDUE: ("超期", "overdue"),
    State.LAGGING: ("滞后", "lagging"),
    State.DUE_SOON: ("临期", "due soon"),
    State.ON_TRACK: ("正常推进", "on track"),
    State.NOT_STARTED: ("未开始", "not started"),
    State.DONE_LATE: ("逾期完成", "done late"),
    State.DONE: ("完成", "done"),
    State.CANCELLED: ("已取消", "cancelled"),
    State.NO_SCHEDULE: ("无时间节点", "no schedule"),
}


def state_label(state: State, lang: str = "zh") -> str:
    zh, en = _STATE_WORDS[state]
    return zh if lang == "zh" else en


def _d(day: date, lang: str) -> str:
    return f"{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def _num(value: float) -> str:
    return f"{value:g}"


# --------------------------------------------------------------------------- milestones


def _due_date(period: Period, index: PlanIndex) -> date | None:
    if not period.scheduled:
        return None
    if period.kind is PeriodKind.YEAR and period.start.year == index.plan.year:  # type: ignore[union-attr]
        return index.end
    return period.end


def _latest(reports: list[MilestoneReport], as_of: date) -> tuple[MilestoneReport | None, list[MilestoneReport]]:
    seen = sorted((r for r in reports if r.date <= as_of), key=lambda r: r.date)  # stable: file order on ties
    return (seen[-1] if seen else None), seen


def judge_milestone(milestone: Milestone, name: tuple[str, str], period: Period, due: date | None,
                    report: MilestoneReport | None, as_of: date, rules: StatusRules) -> Verdict:
    """Apply the milestone rules (module docstring) to one milestone. `name` is (zh, en)."""
    zh, en = name
    note_zh = f"（{report.note}）" if report and report.note else ""
    note_en = f" ({report.note})" if report and report.note else ""
    if report and report.status is Reported.CANCELLED:
        return Verdict(State.CANCELLED, Reason(f"{zh}节点已取消{note_zh}", f"{en} milestone cancelled{note_en}"))
    if report and report.status is Reported.DONE:
        if due and report.date > due:
            late = (report.date - due).days
            return Verdict(State.DONE_LATE, Reason(
                f"{zh}节点于{_d(report.date, 'zh')}完成，晚于期限{late}天",
                f"{en} milestone done on {report.date}, {late} days after its due date"))
        return Verdict(State.DONE, Reason(f"{zh}节点已于{_d(report.date, 'zh')}完成",
                                          f"{en} milestone done on {report.date}"))
    if due is None:
        if report and report.status is Reported.DELAYED:
            return Verdict(State.LAGGING, Reason(f"{zh}节点报告滞后{note_zh}", f"{en} milestone reported delayed{note_en}"))
        return Verdict(State.NO_SCHEDULE, Reason(f"{zh}节点无固定时间，不按日期判断",
                                                 f"{en} milestone has no date; not judged by date"))
    if as_of > due:
        days = (as_of - due).days
        unreported_zh = "" if report else "，未报告完成"
        unreported_en = "" if report else ", no completion reported"
        return Verdict(State.OVERDUE, Reason(f"{zh}节点超期{days}天{unreported_zh}{note_zh}",
                                             f"{en} milestone {days} days overdue{unreported_en}{note_en}"))
    if report and report.status is Reported.DELAYED:
        return Verdict(State.LAGGING, Reason(f"{zh}节点报告滞后{note_zh}", f"{en} milestone reported delayed{note_en}"))
    left = (due - as_of).days
    if left <= rules.due_soon_days:
        when_zh = "今天到期" if left == 0 else f"{left}天后到期（{_d(due, 'zh')}）"
        when_en = "due today" if left == 0 else f"due in {left} days ({due})"
        return Verdict(State.DUE_SOON, Reason(f"{zh}节点{when_zh}，尚未完成", f"{en} milestone {when_en}, not done"))
    started = report is not None and report.status is Reported.IN_PROGRESS
    if as_of < period.start and not started:  # type: ignore[operator]
        return Verdict(State.NOT_STARTED, Reason(f"{zh}节点尚未开始（{_d(period.start, 'zh')}起）",  # type: ignore[arg-type]
                                                 f"{en} milestone not started (begins {period.start})"))
    backing_zh = "" if report else "（尚无进展报告）"
    backing_en = "" if report else " (no progress report yet)"
    return Verdict(State.ON_TRACK, Reason(f"{zh}节点按计划推进，{_d(due, 'zh')}到期{backing_zh}",
                                          f"{en} milestone on track, due {due}{backing_en}"))


def _milestone_statuses(plan_id: str, entry: TaskEntry, index: PlanIndex, reports: dict, as_of: date,
                        rules: StatusRules) -> list[MilestoneStatus]:
    result = []
    year = index.plan.year
    for mid, milestone in zip(entry.milestone_ids, entry.task.milestones):
        period = parse_period(milestone.period)
        report, history = _latest(reports.get((entry.task.id, mid), []), as_of)
        name = (milestone.label or period.short_label("zh", year), period.short_label("en", year))
        if milestone.recurrence is not None:
            occ = occurrences(period, milestone.recurrence)
            upcoming = [o for o in occ if o.end >= as_of]  # type: ignore[operator]
            current = upcoming[0] if upcoming else (occ[-1] if occ else period)
            due = _due_date(current, index)
            name = (f"{name[0]}（{current.short_label('zh', year)}）", f"{name[1]} ({current.short_label('en', year)})")
            verdict = judge_milestone(milestone, name, current, due, report, as_of, rules)
        else:
            due = _due_date(period, index)
            verdict = judge_milestone(milestone, name, period, due, report, as_of, rules)
        result.append(MilestoneStatus(plan_id, entry.task.id, mid, milestone, period, due, verdict, report, history))
    return result


# --------------------------------------------------------------------------- indicators


def _target_points(indicator: Indicator, index: PlanIndex) -> list[tuple[date, float, Period]]:
    points = []
    for text, value in indicator.targets.items():
        period = parse_period(text)
        due = _due_date(period, index)
        if due is not None:
            points.append((due, value, period))
    return sorted(points, key=lambda p: p[0])


def pace_target(indicator: Indicator, index: PlanIndex, day: date) -> float | None:
    """The 序时 target on `day`: period targets hold at their period ends; between two, the
    straight line from one to the next (from the baseline at the plan start for the first)."""
    points = _target_points(indicator, index)
    if not points:
        return None
    if indicator.baseline is not None:
        points.insert(0, (index.start, indicator.baseline, index.period))
    previous = None
    for due, value, _ in points:
        if day == due:
            return value
        if day < due:
            if previous is None:
                return value
            p_due, p_value = previous
            share = (day - p_due).days / (due - p_due).days
            return p_value + (value - p_value) * share
        previous = (due, value)
    return points[-1][1]


def judge_indicator(indicator: Indicator, actuals: list[IndicatorActual], index: PlanIndex, as_of: date,
                    rules: StatusRules) -> IndicatorStatus:
    """Compare the latest actual (dated on or before as_of) with the 序时 target at its date."""
    unit = indicator.unit or ""
    dated = []
    for actual in actuals:
        period = parse_period(actual.period)
        when = actual.date or _due_date(period, index) or as_of
        if when <= as_of:
            dated.append((when, actual))
    dated.sort(key=lambda p: p[0])
    points = _target_points(indicator, index)
    if not dated:
        passed = [p for p in points if p[0] <= as_of]
        if passed:
            due, value, period = passed[-1]
            return IndicatorStatus(indicator, IndicatorState.NO_DATA, Reason(
                f"{indicator.name}暂无实际值（{period.short_label('zh', index.plan.year)}目标{_num(value)}{unit}）",
                f"{indicator.name}: no actual reported yet ({period.short_label('en', index.plan.year)} target "
                f"{_num(value)}{unit})"), target=value)
        return IndicatorStatus(indicator, IndicatorState.NO_DATA, Reason(
            f"{indicator.name}暂无实际值", f"{indicator.name}: no actual reported yet"))
    when, actual = dated[-1]
    reference = _due_date(parse_period(actual.period), index) or when
    pace = pace_target(indicator, index, reference)
    target = indicator.targets.get(actual.period, pace)
    base = IndicatorStatus(indicator, IndicatorState.NO_DATA, Reason("", ""), actual=actual, target=target,
                           pace_target=pace, actuals=[a for _, a in dated])
    if pace is None or pace == 0 or actual.value == 0 and indicator.direction is Direction.DECREASE:
        base.reason = Reason(f"{indicator.name}实际值{_num(actual.value)}{unit}（无目标值）",
                             f"{indicator.name}: actual {_num(actual.value)}{unit} (no target)")
        return base
    ratio = actual.value / pace if indicator.direction is Direction.INCREASE else pace / actual.value
    base.ratio = ratio
    a, p = f"{_num(actual.value)}{unit}", f"{_num(round(pace, 2))}{unit}"
    if abs(ratio - 1) <= rules.met_tolerance:
        base.state = IndicatorState.MET
        base.reason = Reason(f"{indicator.name}{a}，达到序时目标{p}", f"{indicator.name} {a} meets the pro-rata target {p}")
    elif ratio > 1:
        base.state = IndicatorState.EXCEEDED
        base.reason = Reason(f"{indicator.name}{a}，超额完成序时目标{p}（{ratio:.0%}）",
                             f"{indicator.name} {a} exceeds the pro-rata target {p} ({ratio:.0%})")
    else:
        sign = "<" if indicator.direction is Direction.INCREASE else ">"
        base.state = IndicatorState.BEHIND
        base.reason = Reason(f"{indicator.name}{a} {sign} 序时目标{p}",
                             f"{indicator.name} {a} {sign} pro-rata target {p}")
    return base


# --------------------------------------------------------------------------- roll-up


def _by_due(item: tuple[Verdict, date | None]) -> date:
    """Sort key: the earliest due part decides a roll-up's reason; undated parts come last."""
    return item[1] or date.max


def roll_up(items: list[tuple[Verdict, date | None]], noun: tuple[str, str]) -> Verdict:
    """Combine the verdicts of a task's parts (milestones, sub-targets, indicators).

    `items` pairs each verdict with its due date (earliest urgent one is named in the
    reason); `noun` names the parts in the reason (节点/milestones)."""
    nz, ne = noun
    if not items:
        return Verdict(State.NO_SCHEDULE, Reason("计划未列出时间节点，无法按日期判断进度",
                                                 "the plan gives no dated milestones; status cannot be judged by date"))
    scheduled = [(v, d) for v, d in items if v.state is not State.NO_SCHEDULE]
    if not scheduled:
        return Verdict(State.NO_SCHEDULE, Reason(f"所列{nz}均无固定时间，不按日期判断",
                                                 f"none of its {ne} has a date; not judged by date"))
    for state in URGENT:
        hits = sorted((p for p in scheduled if p[0].state is state), key=_by_due)
        if hits:
            first = hits[0][0].lead
            if len(hits) == 1:
                return Verdict(state, first, first)
            more_zh, more_en = f"；另有{len(hits) - 1}项{nz}{state_label(state)}", f"; {len(hits) - 1} more {ne} {state_label(state, 'en')}"
            return Verdict(state, Reason(first.zh + more_zh, first.en + more_en), first)
    active = [(v, d) for v, d in scheduled if v.state is not State.CANCELLED]
    if not active:
        return Verdict(State.CANCELLED, Reason(f"全部{nz}已取消", f"all {ne} cancelled"))
    done = [v for v, _ in active if v.state in FINISHED]
    late = [v for v in done if v.state is State.DONE_LATE]
    if len(done) == len(active):
        if late:
            return Verdict(State.DONE_LATE, Reason(f"全部{len(active)}项{nz}已完成，其中{len(late)}项逾期完成",
                                                   f"all {len(active)} {ne} done, {len(late)} of them late"))
        return Verdict(State.DONE, Reason(f"全部{len(active)}项{nz}已完成", f"all {len(active)} {ne} done"))
    if all(v.state is State.NOT_STARTED for v, _ in active):
        first = min(active, key=_by_due)[0]
        return Verdict(State.NOT_STARTED, first.reason)
    nxt = min(((v, d) for v, d in active if v.state not in FINISHED), key=_by_due)[0]
    return Verdict(State.ON_TRACK, Reason(f"已完成{len(done)}/{len(active)}项{nz}；{nxt.reason.zh}",
                                          f"{len(done)} of {len(active)} {ne} done; {nxt.reason.en}"))


def _count_rollup(statuses: list[TaskStatus], noun: tuple[str, str]) -> Rollup:
    counts = Counter(s.state for s in statuses)
    return Rollup(counts, roll_up([(s.verdict, _task_due(s)) for s in statuses], noun))


def _task_due(status: TaskStatus) -> date | None:
    nxt = status.next_milestone()
    return nxt.due if nxt else None


# --------------------------------------------------------------------------- portfolio


@dataclass
class _PlanProgress:
    """A plan's progress reports grouped by what they are about, built once per plan so that
    each task looks its reports up instead of scanning every file."""

    milestones: dict[tuple[str, str], list[MilestoneReport]] = field(default_factory=dict)
    updates: dict[str, list[Update]] = field(default_factory=dict)
    actuals: dict[tuple[str, str], list[IndicatorActual]] = field(default_factory=dict)
    sample_tasks: set[str] = field(default_factory=set)  # tasks named by a `sample: true` report
    sample: bool = False

    @classmethod
    def group(cls, files: list[ProgressFile]) -> "_PlanProgress":
        grouped = cls()
        for file in files:
            for report in file.milestones:
                grouped.milestones.setdefault((report.task, report.milestone), []).append(report)
            for update in file.updates:
                grouped.updates.setdefault(update.task, []).append(update)
            for actual in file.indicators:
                grouped.actuals.setdefault((actual.task, actual.indicator), []).append(actual)
            if file.sample:
                grouped.sample = True
                grouped.sample_tasks.update(r.task for r in (*file.milestones, *file.updates, *file.indicators))
        return grouped


def _task_status(plan_id: str, entry: TaskEntry, index: PlanIndex, progress: _PlanProgress,
                 children: list[TaskStatus], as_of: date, rules: StatusRules) -> TaskStatus:
    milestones = _milestone_statuses(plan_id, entry, index, progress.milestones, as_of, rules)
    task_id = entry.task.id
    indicators = [judge_indicator(ind, progress.actuals.get((task_id, ind.id), []), index, as_of, rules)
                  for ind in entry.task.indicators]
    updates = sorted((u for u in progress.updates.get(task_id, []) if u.date <= as_of), key=lambda u: u.date)
    items: list[tuple[Verdict, date | None]] = [(m.verdict, m.due) for m in milestones]
    for child in children:
        if child.state is not State.NO_SCHEDULE:
            prefix = f"{child.entry.task.number or child.entry.task.id}"
            lead = child.verdict.lead
            items.append((Verdict(child.state, Reason(f"子目标{prefix}：{lead.zh}", f"sub-target {prefix}: {lead.en}")),
                          _task_due(child)))
    for ind in indicators:
        if ind.state is IndicatorState.BEHIND:
            items.append((Verdict(State.LAGGING, ind.reason), None))
    noun = ("子目标", "sub-targets") if children and not milestones else ("节点", "milestones")
    if children and milestones:
        noun = ("节点和子目标", "milestones and sub-targets")
    sample = task_id in progress.sample_tasks or any(c.sample for c in children)
    return TaskStatus(plan_id, entry, roll_up(items, noun), milestones, indicators, children, updates, sample)


def compute_status(portfolio: Portfolio, as_of: date, rules: StatusRules | None = None) -> StatusReport:
    """Compute every status as of a date. Pure: the same portfolio and date give the same report."""
    rules = rules or StatusRules()
    plans: dict[str, PlanStatus] = {}
    for plan_id in sorted(portfolio.plans):
        plan = portfolio.plan(plan_id)
        index = portfolio.index(plan_id)
        progress = _PlanProgress.group([d.model for d in portfolio.progress_for(plan_id)])  # type: ignore[misc]
        subtargets: dict[str, list[TaskEntry]] = {}
        for sub_entry in index.subtargets:
            subtargets.setdefault(sub_entry.parent.id, []).append(sub_entry)  # type: ignore[union-attr]
        tasks: dict[str, TaskStatus] = {}
        for entry in index.tasks:
            children = [_task_status(plan_id, sub, index, progress, [], as_of, rules)
                        for sub in subtargets.get(entry.task.id, [])]
            tasks[entry.task.id] = _task_status(plan_id, entry, index, progress, children, as_of, rules)
            for child in children:
                tasks[child.task_id] = child
        top = [t for t in tasks.values() if not t.entry.is_subtarget]
        sections = {
            s.id: _count_rollup([t for t in top if t.entry.section is s], ("任务", "tasks")) for s in plan.sections
        }
        plans[plan_id] = PlanStatus(plan, index, tasks, _count_rollup(top, ("任务", "tasks")), sections,
                                    progress.sample)
    units, people = _involvements(portfolio, plans)
    return StatusReport(as_of, rules, plans, units, people)


def _involvements(portfolio: Portfolio, plans: dict[str, PlanStatus]):
    units: dict[tuple[str, str], list[Involvement]] = {}
    people: dict[tuple[str, str], list[Involvement]] = {}
    for org, doc in sorted(portfolio.directories.items()):
        for unit in doc.model.units:  # type: ignore[attr-defined]
            units[(org, unit.id)] = []
        for person in doc.model.people:  # type: ignore[attr-defined]
            people[(org, person.id)] = []

    def add(table, org, key, inv):
        bucket = table.setdefault((org, key), [])
        if not any(i.task_id == inv.task_id and i.plan_id == inv.plan_id and i.role == inv.role for i in bucket):
            bucket.append(inv)

    for plan_id, plan_status in plans.items():
        org = plan_status.plan.organization
        for status in plan_status.tasks.values():
            task, section = status.entry.task, status.entry.section
            leads = task.lead_departments or ([] if status.entry.is_subtarget else section.lead_departments)
            for unit in leads:
                add(units, org, unit, Involvement(plan_id, task.id, "lead", status))
            others = list(task.cooperating_units) + list(task.responsible_units)
            others += [u for m in task.milestones for u in m.responsible]
            for unit in others:
                if unit not in leads:
                    add(units, org, unit, Involvement(plan_id, task.id, "cooperate", status))
            for person in task.lead_leaders:
                add(people, org, person, Involvement(plan_id, task.id, "leader", status))
            for person in task.cooperating_leaders:
                add(people, org, person, Involvement(plan_id, task.id, "co-leader", status))
            for assignment in task.people:
                add(people, org, assignment.person, Involvement(plan_id, task.id, assignment.role.value, status))
    return units, people
