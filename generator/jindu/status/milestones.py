"""Milestones: when a milestone is due and what state it is in on a day (rules 1-8 of
docs/reference/status.md, first match wins).
"""

from __future__ import annotations

from datetime import date, timedelta

from jindu.plans.index import PlanIndex, TaskEntry
from jindu.plans.model import Milestone, MilestoneReport
from jindu.plans.model import Status as Reported
from jindu.plans.periods import Period, PeriodKind, occurrences, parse_period
from jindu.status.verdicts import MilestoneStatus, State, StatusRules, Verdict
from jindu.words.reasons import MilestoneName, reason


def due_date(period: Period, index: PlanIndex) -> date | None:
    """When a milestone of `period` is due: its last day; a whole plan year, the plan's end."""
    if not period.scheduled:
        return None
    if period.kind is PeriodKind.YEAR and period.first_day.year == index.plan.year:
        return index.end
    return period.end


def _latest(reports: list[MilestoneReport], as_of: date) -> tuple[MilestoneReport | None, list[MilestoneReport]]:
    seen = sorted((r for r in reports if r.date <= as_of), key=lambda r: r.date)  # stable: file order on ties
    return (seen[-1] if seen else None), seen


def judge_milestone(
    milestone: Milestone,
    name: MilestoneName,
    period: Period,
    due: date | None,
    report: MilestoneReport | None,
    as_of: date,
    rules: StatusRules,
    closed: bool = False,
) -> Verdict:
    """Apply the milestone rules (module docstring) to one milestone. `name` is how its reasons
    name it; `closed` says the plan's period has ended, so a milestone left open has its final outcome."""
    note = report.note if report and report.note else None
    if report and report.status is Reported.CANCELLED:
        return Verdict(State.CANCELLED, reason("ms_cancelled", name=name, note=note))
    if report and report.status is Reported.DONE:
        if due and report.date > due:
            late = (report.date - due).days
            return Verdict(State.DONE_LATE, reason("ms_done_late", name=name, day=report.date, late=late))
        return Verdict(State.DONE, reason("ms_done", name=name, day=report.date))
    if due is None:
        if report and report.status is Reported.DELAYED:
            return Verdict(State.LAGGING, reason("ms_delayed", name=name, note=note))
        return Verdict(State.NO_SCHEDULE, reason("ms_undated", name=name))
    fallen_due = as_of > due or (as_of == due and rules.close_of_day)
    if fallen_due:
        return _past_due(name, due, report, as_of, rules, closed)
    if report and report.status is Reported.DELAYED:
        return Verdict(State.LAGGING, reason("ms_delayed", name=name, note=note))
    left = (due - as_of).days
    if left <= rules.due_soon_days:
        return Verdict(State.DUE_SOON, reason("ms_due_soon", name=name, left=left, due=due))
    started = report is not None and report.status is Reported.IN_PROGRESS
    if as_of < period.first_day and not started:
        return Verdict(State.NOT_STARTED, reason("ms_not_started", name=name, begins=period.first_day))
    return Verdict(State.ON_TRACK, reason("ms_on_track", name=name, due=due, reported=report is not None))


def _past_due(
    name: MilestoneName, due: date, report: MilestoneReport | None, as_of: date, rules: StatusRules, closed: bool
) -> Verdict:
    """Rules 4-5: a milestone whose due date has passed and that is not reported done.

    No report is 未报送 (a reminder to report), never 超期: a missing report is not evidence that
    the work is late. A report saying it is not done is 超期. Inside the reporting window
    (`report_grace_days` after the due date) a milestone with no report, or only reports from
    before its due date, is still awaiting its report. Once the plan's period has ended the
    reason gives the final outcome instead of counting days for ever."""
    window_end = due + timedelta(days=rules.report_grace_days)
    if as_of <= window_end and rules.report_grace_days and (report is None or report.date <= due):
        return Verdict(State.DUE_SOON, reason("ms_awaited", name=name, due=due, window_end=window_end))
    if report is None:
        if closed:
            return Verdict(State.NOT_REPORTED, reason("ms_unreported_final", name=name, due=due))
        return Verdict(State.NOT_REPORTED, reason("ms_unreported", name=name, due=due))
    said = {"said_on": report.date, "said": f"reported_{report.status.value}"}
    # The note goes inside the parentheses, so its own closing stop would be doubled.
    note = (report.note or "").strip().rstrip("。.") or None
    if closed:
        return Verdict(State.OVERDUE, reason("ms_unfinished_final", name=name, due=due, note=note, **said))
    if as_of == due:
        return Verdict(State.OVERDUE, reason("ms_unfinished_today", name=name, due=due, note=note, **said))
    days = (as_of - due).days
    return Verdict(State.OVERDUE, reason("ms_overdue", name=name, days=days, note=note, **said))


def _milestone_statuses(
    plan_id: str, entry: TaskEntry, index: PlanIndex, reports: dict, as_of: date, rules: StatusRules
) -> list[MilestoneStatus]:
    result = []
    year = index.plan.year
    closed = as_of > index.end
    for mid, milestone in zip(entry.milestone_ids, entry.task.milestones, strict=True):
        period = parse_period(milestone.period)
        report, history = _latest(reports.get((entry.task.id, mid), []), as_of)
        name = MilestoneName(period, year, milestone.label or None)
        if milestone.recurrence is not None:
            occ = occurrences(period, milestone.recurrence)
            upcoming = [o for o in occ if o.last_day >= as_of]
            current = upcoming[0] if upcoming else (occ[-1] if occ else period)
            due = due_date(current, index)
            name = MilestoneName(period, year, milestone.label or None, current)
            verdict = judge_milestone(milestone, name, current, due, report, as_of, rules, closed)
        else:
            due = due_date(period, index)
            verdict = judge_milestone(milestone, name, period, due, report, as_of, rules, closed)
        result.append(MilestoneStatus(plan_id, entry.task.id, mid, milestone, period, due, verdict, report, history))
    return result
