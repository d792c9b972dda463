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

from dataclasses import dataclass, field
from datetime import date

from jindu.plans.index import PlanIndex, TaskEntry
from jindu.plans.model import IndicatorActual, MilestoneReport, ProgressFile, Update
from jindu.plans.portfolio import Portfolio
from jindu.status.indicators import judge_indicator
from jindu.status.milestones import _milestone_statuses
from jindu.status.rollup import _count_rollup, _task_due, roll_up
from jindu.status.verdicts import (
    IndicatorState,
    Involvement,
    PlanStatus,
    Reason,
    State,
    StatusReport,
    StatusRules,
    TaskStatus,
    Verdict,
)


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
    def group(cls, files: list[ProgressFile]) -> _PlanProgress:
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
    task_id = entry.task.id
    indicators = [
        judge_indicator(ind, progress.actuals.get((task_id, ind.id), []), index, as_of, rules)
        for ind in entry.task.indicators
    ]
    updates = sorted((u for u in progress.updates.get(task_id, []) if u.date <= as_of), key=lambda u: u.date)
    items: list[tuple[Verdict, date | None]] = [(m.verdict, m.due) for m in milestones]
    for child in children:
        if child.state is not State.NO_SCHEDULE:
            prefix = f"{child.entry.task.number or child.entry.task.id}"
            lead = child.verdict.lead
            items.append(
                (
                    Verdict(child.state, Reason(f"子目标{prefix}：{lead.zh}", f"sub-target {prefix}: {lead.en}")),
                    _task_due(child),
                )
            )
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
        progress = _PlanProgress.group([d.model for d in portfolio.progress_for(plan_id)])
        subtargets: dict[str, list[TaskEntry]] = {}
        for sub_entry in index.subtargets:
            if sub_entry.parent is not None:  # always set on a sub-target
                subtargets.setdefault(sub_entry.parent.id, []).append(sub_entry)
        tasks: dict[str, TaskStatus] = {}
        for entry in index.tasks:
            children = [
                _task_status(plan_id, sub, index, progress, [], as_of, rules)
                for sub in subtargets.get(entry.task.id, [])
            ]
            tasks[entry.task.id] = _task_status(plan_id, entry, index, progress, children, as_of, rules)
            for child in children:
                tasks[child.task_id] = child
        top = [t for t in tasks.values() if not t.entry.is_subtarget]
        sections = {
            s.id: _count_rollup([t for t in top if t.entry.section is s], ("任务", "tasks")) for s in plan.sections
        }
        plans[plan_id] = PlanStatus(
            plan, index, tasks, _count_rollup(top, ("任务", "tasks")), sections, progress.sample
        )
    units, people = _involvements(portfolio, plans)
    return StatusReport(as_of, rules, plans, units, people)


def _involvements(portfolio: Portfolio, plans: dict[str, PlanStatus]):
    units: dict[tuple[str, str], list[Involvement]] = {}
    people: dict[tuple[str, str], list[Involvement]] = {}
    for org, doc in sorted(portfolio.directories.items()):
        for unit in doc.model.units:
            units[(org, unit.id)] = []
        for person in doc.model.people:
            people[(org, person.id)] = []

    def add(table, org, key, inv):
        bucket = table.setdefault((org, key), [])
        if not any(i.task_id == inv.task_id and i.plan_id == inv.plan_id and i.role == inv.role for i in bucket):
            bucket.append(inv)

    for plan_id, plan_status in plans.items():
        org = plan_status.plan.organization
        for status in plan_status.tasks.values():
            task = status.entry.task
            leads = status.entry.lead_departments
            for unit_id in leads:
                add(units, org, unit_id, Involvement(plan_id, task.id, "lead", status))
            others = list(task.cooperating_units) + list(task.responsible_units)
            others += [u for m in task.milestones for u in m.responsible]
            for unit_id in others:
                if unit_id not in leads:
                    add(units, org, unit_id, Involvement(plan_id, task.id, "cooperate", status))
            for person_id in task.lead_leaders:
                add(people, org, person_id, Involvement(plan_id, task.id, "leader", status))
            for person_id in task.cooperating_leaders:
                add(people, org, person_id, Involvement(plan_id, task.id, "co-leader", status))
            for assignment in task.people:
                add(people, org, assignment.person, Involvement(plan_id, task.id, assignment.role.value, status))
    return units, people
