"""Schedule: which departments are reminded on a date, and of what — from that date's statuses alone.

A department is written to on a day when one of its milestones

- falls due in one of the `before` days (7 and 1 days before, by default: 临期提醒),
- turned 未报送 or 超期 the day before (the day after its reporting window closed, or the day
  after its due date), or
- is 未报送 or 超期, or falls due within the longest `before` window, and the day is a chase day:
  every `chase_every` days counted from Monday 5 January 1970, so every Monday by default
  (每周催办: the week's list).

The message then lists everything the department has open that needs it: all its 超期 and 未报送
milestones, and those falling due within the longest `before` window. Nothing is stored: the same
date and plans give the same messages, so a daily job needs no state of its own. (Not sending one
twice when a job is re-run the same day is the receipts' work, not the schedule's.)

Plans whose period has ended are not chased: their outcome is final. A `group` unit with
`members` in the directory is reminded through each member; one without members is reminded
itself, where it has an address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from jindu.status.verdicts import MilestoneStatus, State, StatusReport, TaskStatus

CHASE_ANCHOR = date(1970, 1, 5)  # a Monday
KINDS = ("overdue", "not_reported", "due")  # the order a message lists them in


@dataclass(frozen=True)
class Policy:
    """When reminders go out (jindu.yml `reminders:`)."""

    before: tuple[int, ...] = (7, 1)
    chase_every: int = 7
    report_grace_days: int = 0  # the status rules' 报送时限, for the 未报送 window

    @property
    def horizon(self) -> int:
        return max(self.before, default=0)


@dataclass(frozen=True)
class Item:
    """One milestone a message names."""

    kind: str  # overdue, not_reported or due
    plan_id: str
    task_id: str
    milestone_id: str
    status: TaskStatus
    milestone: MilestoneStatus
    due: date
    days: int  # overdue: days past due; not_reported: days past the window; due: days left
    window_end: date  # the last day to report (报送时限)
    role: str  # lead or cooperate (or group: named through a group it belongs to)

    @property
    def state(self) -> State:
        return self.milestone.state

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.plan_id, self.task_id, self.milestone_id)


@dataclass
class Reminder:
    """The items of one department on one day, and why it is written to today."""

    organization: str
    unit: str
    items: list[Item] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)  # before-7, fell-due, chase …

    def count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)


def is_chase_day(day: date, every: int) -> bool:
    """Whether `day` is a chase day (every `every` days from a Monday)."""
    return (day - CHASE_ANCHOR).days % every == 0


def _item(ms: MilestoneStatus, status: TaskStatus, plan_id: str, role: str, as_of: date, policy: Policy):
    """The milestone as an item of a message on `as_of`, with the trigger it fires today (or "")."""
    if ms.due is None:
        return None, ""
    window_end = ms.due + timedelta(days=policy.report_grace_days)

    due: date = ms.due

    def make(kind: str, days: int) -> Item:
        return Item(
            kind,
            plan_id,
            status.task_id,
            ms.milestone_id,
            status,
            ms,
            due,
            days,
            window_end,
            role,
        )

    chase = "chase" if is_chase_day(as_of, policy.chase_every) else ""
    if ms.state is State.OVERDUE:
        began = max(ms.due + timedelta(days=1), ms.report.date if ms.report else ms.due)
        days = (as_of - ms.due).days
        return make("overdue", days), "fell-due" if as_of == began else chase
    if ms.state is State.NOT_REPORTED:
        days = (as_of - window_end).days
        return make("not_reported", days), "fell-due" if days == 1 else chase
    if ms.state in (State.CANCELLED, State.DONE, State.DONE_LATE, State.NO_SCHEDULE):
        return None, ""
    left = (ms.due - as_of).days
    if left > policy.horizon or as_of > window_end:
        return None, ""
    return make("due", left), f"before-{left}" if left in policy.before else chase


def reminders(report: StatusReport, policy: Policy, members: dict[tuple[str, str], list[str]]) -> list[Reminder]:
    """The messages of `report.as_of`, one per department, in directory order of first mention.
    `members`: (organization, group id) → the units the group stands for."""
    as_of = report.as_of
    found: dict[tuple[str, str], Reminder] = {}
    fired: dict[tuple[str, str], list[str]] = {}
    listed: dict[tuple[str, str], set[tuple[str, str, str]]] = {}
    for (org, unit), involvements in report.units.items():
        targets = members.get((org, unit)) or [unit]
        for involvement in involvements:
            plan = report.plans[involvement.plan_id]
            if plan.closed:
                continue
            role = involvement.role if targets == [unit] else "group"
            for ms in involvement.status.milestones:
                item, trigger = _item(ms, involvement.status, involvement.plan_id, role, as_of, policy)
                if item is None:
                    continue
                for target in targets:
                    reminder = found.setdefault((org, target), Reminder(org, target))
                    seen = listed.setdefault((org, target), set())
                    if item.key not in seen:
                        seen.add(item.key)
                        reminder.items.append(item)
                    if trigger and trigger not in fired.setdefault((org, target), []):
                        fired[(org, target)].append(trigger)
    order = {(p, t): k for p, plan in report.plans.items() for k, t in enumerate(plan.tasks)}
    result = []
    for key, reminder in found.items():
        triggers = fired.get(key, [])
        if not triggers:
            continue
        reminder.triggers = sorted(triggers)
        reminder.items.sort(key=lambda i: (KINDS.index(i.kind), i.due, i.plan_id, order[(i.plan_id, i.task_id)]))
        result.append(reminder)
    return result
