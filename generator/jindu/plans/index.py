"""PlanIndex: a validated plan's tasks, sub-targets and milestones, found by id.

Every later stage (checks, statistics, status, pages) needs to walk the hierarchy and to
know each object's data path (for marks in diagnostics) and each milestone's id. This
module computes that once per plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jindu.plans.loader import DataPath
from jindu.plans.model import Milestone, PlanFile, Section, Task
from jindu.plans.periods import Period, PeriodKind, parse_period


def _base_milestone_id(milestone: Milestone) -> str:
    if milestone.recurrence is not None:
        return milestone.recurrence.value
    period = parse_period(milestone.period)
    return _period_slug(period)


def _period_slug(period: Period) -> str:
    if period.kind is PeriodKind.UNSCHEDULED:
        return "unscheduled"
    assert period.start is not None
    if period.kind is PeriodKind.YEAR:
        return "y"
    if period.kind is PeriodKind.HALF:
        return f"h{1 if period.start.month == 1 else 2}"
    if period.kind is PeriodKind.QUARTER:
        return f"q{(period.start.month - 1) // 3 + 1}"
    if period.kind is PeriodKind.MONTH:
        return f"m{period.start.month:02d}"
    if period.kind is PeriodKind.DAY:
        return f"d{period.start.month:02d}{period.start.day:02d}"
    first, _, last = period.text.partition("..")
    return f"{_period_slug(parse_period(first))}-{_period_slug(parse_period(last))}"


def milestone_ids(task: Task) -> list[str]:
    """Ids of a task's milestones in order: explicit ones as written, others derived from
    the period (`q2`, `m06`, `y`, `q2-q3`), with `-2`, `-3`… for repeats."""
    taken = {m.id for m in task.milestones if m.id}
    counts: dict[str, int] = {}
    result = []
    for milestone in task.milestones:
        if milestone.id:
            result.append(milestone.id)
            continue
        base = _base_milestone_id(milestone)
        counts[base] = counts.get(base, 0) + 1
        candidate = base if counts[base] == 1 else f"{base}-{counts[base]}"
        while candidate in taken:
            counts[base] += 1
            candidate = f"{base}-{counts[base]}"
        taken.add(candidate)
        result.append(candidate)
    return result


@dataclass
class TaskEntry:
    task: Task
    section: Section
    parent: Task | None
    path: DataPath
    milestone_ids: list[str]

    @property
    def is_subtarget(self) -> bool:
        return self.parent is not None

    @property
    def lead_departments(self) -> list[str]:
        """Who leads this task: its own lead departments, else (for a sub-target) its parent
        task's, else its section's. The one rule for pages, bulletins, charts and unit pages."""
        return list(
            self.task.lead_departments
            or (self.parent.lead_departments if self.parent else [])
            or self.section.lead_departments
        )

    def milestone(self, milestone_id: str) -> Milestone | None:
        for mid, milestone in zip(self.milestone_ids, self.task.milestones, strict=True):
            if mid == milestone_id:
                return milestone
        return None


@dataclass
class PlanIndex:
    plan: PlanFile
    entries: list[TaskEntry] = field(default_factory=list)
    by_id: dict[str, TaskEntry] = field(default_factory=dict)

    @classmethod
    def build(cls, plan: PlanFile) -> PlanIndex:
        index = cls(plan)
        for s, section in enumerate(plan.sections):
            for t, task in enumerate(section.tasks):
                path = ("sections", s, "tasks", t)
                index._add(TaskEntry(task, section, None, path, milestone_ids(task)))
                for u, sub in enumerate(task.subtargets):
                    index._add(TaskEntry(sub, section, task, path + ("subtargets", u), milestone_ids(sub)))
        return index

    def _add(self, entry: TaskEntry) -> None:
        self.entries.append(entry)
        self.by_id.setdefault(entry.task.id, entry)

    @property
    def start(self) -> date:
        return self.plan.start or date(self.plan.year, 1, 1)

    @property
    def end(self) -> date:
        return self.plan.end or date(self.plan.year, 12, 31)

    @property
    def period(self) -> Period:
        return Period(f"{self.start}..{self.end}", PeriodKind.RANGE, self.start, self.end)

    @property
    def tasks(self) -> list[TaskEntry]:
        return [e for e in self.entries if not e.is_subtarget]

    @property
    def subtargets(self) -> list[TaskEntry]:
        return [e for e in self.entries if e.is_subtarget]


def task_units(entry: TaskEntry) -> tuple[list[str], list[str]]:
    """The units that lead a task and the units that co-operate on it (cooperating and
    responsible units, and those named on its milestones), each in plan order."""
    leads = list(entry.lead_departments)
    task = entry.task
    others = [*task.cooperating_units, *task.responsible_units, *(u for m in task.milestones for u in m.responsible)]
    return leads, [u for u in dict.fromkeys(others) if u not in leads]
