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

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from jindu.plans.index import PlanIndex, TaskEntry, task_units
from jindu.plans.model import IndicatorActual, MilestoneReport, ProgressFile, UnitKind, Update
from jindu.plans.periods import month_starts
from jindu.plans.portfolio import Document, Portfolio
from jindu.status.indicators import counts_as_lagging, judge_indicator
from jindu.status.milestones import _milestone_statuses
from jindu.status.rollup import _count_rollup, _task_due, roll_up
from jindu.status.verdicts import (
    HistoryPoint,
    Involvement,
    PlanStatus,
    ReportSource,
    State,
    StatusReport,
    StatusRules,
    TaskStatus,
    Verdict,
)
from jindu.words.reasons import reason

if TYPE_CHECKING:
    from jindu.recall import Recall


@dataclass
class _PlanProgress:
    """A plan's progress reports grouped by what they are about, built once per plan so that
    each task looks its reports up instead of scanning every file."""

    milestones: dict[tuple[str, str], list[MilestoneReport]] = field(default_factory=dict)
    updates: dict[str, list[Update]] = field(default_factory=dict)
    actuals: dict[tuple[str, str], list[IndicatorActual]] = field(default_factory=dict)
    sample_tasks: set[str] = field(default_factory=set)  # tasks named by a `sample: true` report
    sample: bool = False
    # Who sent each report and in which file, by the report object's id (reports are frozen
    # models that live as long as the portfolio, so their ids are stable for one computation).
    sources: dict[int, ReportSource] = field(default_factory=dict)

    @classmethod
    def group(cls, docs: list[Document]) -> _PlanProgress:
        grouped = cls()
        for doc in docs:
            file: ProgressFile = doc.model
            source = ReportSource(file.reporter, doc.source.display_path)
            for item in (*file.milestones, *file.updates, *file.indicators):
                grouped.sources[id(item)] = source
            for report in file.milestones:
                grouped.milestones.setdefault((report.task, report.milestone), []).append(report)
            for update in file.updates:
                grouped.updates.setdefault(update.task, []).append(update)
            for actual in file.indicators:
                grouped.actuals.setdefault((actual.task, actual.indicator), []).append(actual)
            if file.sample:
                grouped.sample = True
                grouped.sample_tasks.update(
                    [m.task for m in file.milestones]
                    + [u.task for u in file.updates]
                    + [a.task for a in file.indicators]
                )
        return grouped


def _task_status(
    plan_id: str,
    entry: TaskEntry,
    index: PlanIndex,
    progress: _PlanProgress,
    children: list[TaskStatus],
    as_of: date,
    rules: StatusRules,
) -> TaskStatus:
    milestones = _milestone_statuses(plan_id, entry, index, progress.milestones, as_of, rules)
    for ms in milestones:
        ms.sources = [progress.sources[id(r)] for r in ms.history]
    task_id = entry.task.id
    indicators = [
        judge_indicator(ind, progress.actuals.get((task_id, ind.id), []), index, as_of, rules)
        for ind in entry.task.indicators
    ]
    updates = sorted((u for u in progress.updates.get(task_id, []) if u.date <= as_of), key=lambda u: u.date)
    update_sources = [progress.sources[id(u)] for u in updates]
    items: list[tuple[Verdict, date | None]] = [(m.verdict, m.due) for m in milestones]
    for child in children:
        if child.state is not State.NO_SCHEDULE:
            number = f"{child.entry.task.number or child.entry.task.id}"
            said = reason("subtarget", number=number, lead=child.verdict.lead)
            items.append((Verdict(child.state, said), _task_due(child)))
    for ind in indicators:
        if counts_as_lagging(ind):
            items.append((Verdict(State.LAGGING, ind.reason, indicator=True), None))
    noun = "subtargets" if children and not milestones else "milestones"
    if children and milestones:
        noun = "milestones_subtargets"
    sample = task_id in progress.sample_tasks or any(c.sample for c in children)
    status = TaskStatus(
        plan_id, entry, roll_up(items, noun, as_of > index.end), milestones, indicators, children, updates, sample
    )
    status.update_sources = update_sources
    return status


def compute_status(
    portfolio: Portfolio, as_of: date, rules: StatusRules | None = None, recall: Recall | None = None
) -> StatusReport:
    """Compute every status as of a date. Pure: the same portfolio and date give the same report.
    With a `recall` (a live preview's), a plan whose plan and progress models are the ones the
    last build had (loading gives the same model for unchanged bytes) keeps its statuses."""
    rules = rules or StatusRules()
    plans = {}
    for plan_id in sorted(portfolio.plans):
        if recall is None:
            plans[plan_id] = plan_status(portfolio, plan_id, as_of, rules)
            continue
        models = portfolio.models_of(plan_id)
        shown = tuple(doc.source.display_path for doc in portfolio.progress_for(plan_id))
        key = (tuple(id(model) for model in models), shown, as_of, rules)
        # The entry holds the models, so their ids are not reused while it is kept.
        made = recall.once("plans", key, lambda: (models, plan_status(portfolio, plan_id, as_of, rules)))  # noqa: B023
        plans[plan_id] = made[1]
    units, people = _involvements(portfolio, plans)
    return StatusReport(as_of, rules, plans, units, people)


def plan_status(portfolio: Portfolio, plan_id: str, as_of: date, rules: StatusRules) -> PlanStatus:
    """One plan's statuses as of a date (what compute_status does for each plan)."""
    plan = portfolio.plan(plan_id)
    index = portfolio.index(plan_id)
    progress = _PlanProgress.group(portfolio.progress_for(plan_id))
    subtargets: dict[str, list[TaskEntry]] = {}
    for sub_entry in index.subtargets:
        if sub_entry.parent is not None:  # always set on a sub-target
            subtargets.setdefault(sub_entry.parent.id, []).append(sub_entry)
    tasks: dict[str, TaskStatus] = {}
    for entry in index.tasks:
        children = [
            _task_status(plan_id, sub, index, progress, [], as_of, rules) for sub in subtargets.get(entry.task.id, [])
        ]
        tasks[entry.task.id] = _task_status(plan_id, entry, index, progress, children, as_of, rules)
        for child in children:
            tasks[child.task_id] = child
    top = [t for t in tasks.values() if not t.entry.is_subtarget]
    closed_on = index.end if as_of > index.end else None
    noun = "tasks"
    sections = {s.id: _count_rollup([t for t in top if t.entry.section is s], noun, closed_on) for s in plan.sections}
    return PlanStatus(plan, index, tasks, _count_rollup(top, noun, closed_on), sections, progress.sample, closed_on)


def status_history(portfolio: Portfolio, plan_id: str, as_of: date, rules: StatusRules) -> list[HistoryPoint]:
    """A plan's statuses at the end of each month of its period that has ended by `as_of`,
    computed from the reports dated up to then (the status strip of a task page)."""
    index = portfolio.index(plan_id)
    rules = replace(rules, close_of_day=True)  # a month's end is over: what fell due then and is open is late
    points = []
    for start in month_starts(index.start, index.end):
        end = min(month_end(start), index.end)
        if end >= as_of:
            break
        points.append(HistoryPoint(end, plan_status(portfolio, plan_id, end, rules)))
    return points


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _involvements(portfolio: Portfolio, plans: dict[str, PlanStatus]):
    units: dict[tuple[str, str], list[Involvement]] = {}
    people: dict[tuple[str, str], list[Involvement]] = {}
    groups: set[tuple[str, str]] = set()  # 各相关处室-style collectives: shown as written, never a unit
    for org, doc in sorted(portfolio.directories.items()):
        for unit in doc.model.units:
            if unit.kind is UnitKind.GROUP:
                groups.add((org, unit.id))
            else:
                units[(org, unit.id)] = []
        for person in doc.model.people:
            people[(org, person.id)] = []

    seen: set[tuple] = set()  # (table, org, key, plan, task, role) already listed

    def add(table, org, key, inv):
        if table is units and (org, key) in groups:
            return
        mark = (id(table), org, key, inv.plan_id, inv.task_id, inv.role)
        if mark not in seen:
            seen.add(mark)
            table.setdefault((org, key), []).append(inv)

    for plan_id, plan_status in plans.items():
        org = plan_status.plan.organization
        for status in plan_status.tasks.values():
            task = status.entry.task
            leads, others = task_units(status.entry)
            for unit_id in leads:
                add(units, org, unit_id, Involvement(plan_id, task.id, "lead", status))
            for unit_id in others:
                add(units, org, unit_id, Involvement(plan_id, task.id, "cooperate", status))
            for person_id in task.lead_leaders:
                add(people, org, person_id, Involvement(plan_id, task.id, "leader", status))
            for person_id in task.cooperating_leaders:
                add(people, org, person_id, Involvement(plan_id, task.id, "co-leader", status))
            for assignment in task.people:
                add(people, org, assignment.person, Involvement(plan_id, task.id, assignment.role.value, status))
    return units, people
