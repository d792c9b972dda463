"""Verdicts: the states, reasons and status objects that compute_status returns, and the
state words (超期, overdue …) in both languages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from jindu.plans.index import PlanIndex, TaskEntry
from jindu.plans.model import Indicator, IndicatorActual, Milestone, MilestoneReport, PlanFile, Update
from jindu.plans.model import Status as Reported
from jindu.plans.periods import Period
from jindu.words.locale import Words


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

    def text(self, words: Words) -> str:
        return words.pick(self.zh, self.en)


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
    # The as-of day is over: a milestone due that day and not done has fallen due unmet. A
    # bulletin reports a period after it closed, so it never says "due today" on its last day.
    close_of_day: bool = False


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
    children: list[TaskStatus]
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
        open_ = [
            (m.due, i) for i, m in enumerate(self.milestones) if m.due and m.state not in (*FINISHED, State.CANCELLED)
        ]
        return self.milestones[min(open_)[1]] if open_ else None


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
