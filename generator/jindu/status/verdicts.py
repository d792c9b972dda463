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
from jindu.words.reasons import Reason


class State(str, Enum):
    """A computed state. Order of members is display order (most urgent first)."""

    OVERDUE = "overdue"
    NOT_REPORTED = "not_reported"
    LAGGING = "lagging"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NOT_STARTED = "not_started"
    DONE_LATE = "done_late"
    DONE = "done"
    CANCELLED = "cancelled"
    NO_SCHEDULE = "no_schedule"


URGENT = (State.OVERDUE, State.NOT_REPORTED, State.LAGGING, State.DUE_SOON)
# What the attention list and the home page's "needs attention" list show: the department said the
# work is late or behind (超期, 滞后), or said nothing when a report was due (未报送).
ATTENTION = (State.OVERDUE, State.NOT_REPORTED, State.LAGGING)
FINISHED = (State.DONE, State.DONE_LATE)
PAST_DUE = (State.OVERDUE, State.NOT_REPORTED)  # fallen due and not done


# A closed period's final outcome per task (完成 / 逾期完成 / 未完成 / 未报送), and the states
# that end in it. A task still open when its plan period ended is 未完成 whatever its last state.
OUTCOMES = ("done", "done_late", "unfinished", "not_reported", "cancelled", "no_schedule")
OUTCOME_STATES: dict[str, tuple[State, ...]] = {
    "done": (State.DONE,),
    "done_late": (State.DONE_LATE,),
    "unfinished": (State.OVERDUE, State.LAGGING, State.DUE_SOON, State.ON_TRACK, State.NOT_STARTED),
    "not_reported": (State.NOT_REPORTED,),
    "cancelled": (State.CANCELLED,),
    "no_schedule": (State.NO_SCHEDULE,),
}


def outcome_of(state: State) -> str:
    """The final outcome a state ends in when its plan period has closed."""
    return next(o for o in OUTCOMES if state in OUTCOME_STATES[o])


class IndicatorState(str, Enum):
    EXCEEDED = "exceeded"  # 超额完成: actual beyond the 序时 target
    MET = "met"  # 达到序时目标
    BEHIND = "behind"  # 落后序时目标
    NO_DATA = "no_data"  # 暂无实际值


@dataclass(frozen=True)
class Verdict:
    """A state and its reason. `headline` is the reason of the single part that decided a
    roll-up (without "and N more"), so a parent can quote a child without nesting counts."""

    state: State
    reason: Reason
    headline: Reason | None = None
    indicator: bool = False  # the part is an indicator behind its target, not a milestone

    @property
    def lead(self) -> Reason:
        return self.headline or self.reason


@dataclass(frozen=True)
class StatusRules:
    """Thresholds; configured in jindu.yml under `status` (configuration.py)."""

    # 临期: due within this many days and not done. A month, so that the "due in the next
    # 30 days" list on the home page and the yellow lights are the same set of milestones.
    due_soon_days: int = 30
    met_tolerance: float = 0.005  # |actual/target - 1| within this counts as exactly met
    about_tolerance: float = 0.05  # a target worded 左右 (about) is met within 5%
    # The as-of day is over: a milestone due that day and not done has fallen due unmet. A
    # bulletin reports a period after it closed, so it never says "due today" on its last day.
    close_of_day: bool = False
    # 报送时限: days after a milestone's due date in which its report may still arrive. Inside
    # the window a milestone with no report is awaiting its report (临期), not 未报送.
    report_grace_days: int = 0


@dataclass(frozen=True)
class ReportSource:
    """Where a report came from: the reporting unit the file names (if any) and the file."""

    reporter: str | None
    path: str


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
    sources: list[ReportSource] = field(default_factory=list)  # beside `history`, one per report

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
    update_sources: list[ReportSource] = field(default_factory=list)  # beside `updates`

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

    def upcoming_milestone(self) -> MilestoneStatus | None:
        """The next milestone not yet fallen due (下一节点): the earliest open one that is not
        超期 or 未报送; those are past, and `past_due` names them."""
        open_ = [
            (m.due, i)
            for i, m in enumerate(self.milestones)
            if m.due and m.state not in (*FINISHED, State.CANCELLED, *PAST_DUE)
        ]
        return self.milestones[min(open_)[1]] if open_ else None

    def past_due(self) -> list[MilestoneStatus]:
        """The open milestones that have fallen due: 超期 or 未报送."""
        return [m for m in self.milestones if m.state in PAST_DUE]


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

    def outcomes(self) -> list[tuple[str, int]]:
        """Task counts by final outcome (完成, 逾期完成, 未完成, 未报送 …), for a closed period."""
        found = [(o, sum(self.counts.get(s, 0) for s in OUTCOME_STATES[o])) for o in OUTCOMES]
        return [(o, n) for o, n in found if n]


@dataclass
class PlanStatus:
    plan: PlanFile
    index: PlanIndex
    tasks: dict[str, TaskStatus]  # every entry (tasks and sub-targets) by id, in plan order
    rollup: Rollup  # over top-level tasks
    sections: dict[str, Rollup]
    sample: bool
    closed_on: date | None = None  # the plan period's end, once the as-of date is after it (已结束)

    @property
    def closed(self) -> bool:
        return self.closed_on is not None

    @property
    def dated(self) -> bool:
        """Whether any task of the plan has a dated milestone (a battle map has something to show)."""
        return any(t.state is not State.NO_SCHEDULE for t in self.tasks.values())

    def top_level(self) -> list[TaskStatus]:
        return [t for t in self.tasks.values() if not t.entry.is_subtarget]

    def milestones(self) -> list[MilestoneStatus]:
        return [m for t in self.tasks.values() for m in t.milestones]


@dataclass
class HistoryPoint:
    """A plan's statuses at the end of one elapsed month."""

    day: date
    plan: PlanStatus


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
