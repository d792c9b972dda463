"""Milestones: when a milestone is due and what state it is in on a day (rules 1-8 of
docs/reference/status.md, first match wins).
"""

from __future__ import annotations

from datetime import date

from jindu.plans.index import PlanIndex, TaskEntry
from jindu.plans.model import Milestone, MilestoneReport
from jindu.plans.model import Status as Reported
from jindu.plans.periods import Period, PeriodKind, occurrences, parse_period
from jindu.status.verdicts import MilestoneStatus, Reason, State, StatusRules, Verdict
from jindu.words.locale import EN, ZH


def _due_date(period: Period, index: PlanIndex) -> date | None:
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
    name: tuple[str, str],
    period: Period,
    due: date | None,
    report: MilestoneReport | None,
    as_of: date,
    rules: StatusRules,
) -> Verdict:
    """Apply the milestone rules (module docstring) to one milestone. `name` is (zh, en)."""
    zh, en = name
    note_zh = f"（{report.note}）" if report and report.note else ""
    note_en = f" ({report.note})" if report and report.note else ""
    if report and report.status is Reported.CANCELLED:
        return Verdict(State.CANCELLED, Reason(f"{zh}节点已取消{note_zh}", f"{en} milestone cancelled{note_en}"))
    if report and report.status is Reported.DONE:
        if due and report.date > due:
            late = (report.date - due).days
            return Verdict(
                State.DONE_LATE,
                Reason(
                    f"{zh}节点于{ZH.month_day(report.date)}完成，晚于期限{late}天",
                    f"{en} milestone done on {report.date}, {late} days after its due date",
                ),
            )
        return Verdict(
            State.DONE, Reason(f"{zh}节点已于{ZH.month_day(report.date)}完成", f"{en} milestone done on {report.date}")
        )
    if due is None:
        if report and report.status is Reported.DELAYED:
            return Verdict(
                State.LAGGING, Reason(f"{zh}节点报告滞后{note_zh}", f"{en} milestone reported delayed{note_en}")
            )
        return Verdict(
            State.NO_SCHEDULE,
            Reason(f"{zh}节点无固定时间，不按日期判断", f"{en} milestone has no date; not judged by date"),
        )
    if as_of == due and rules.close_of_day:
        return Verdict(
            State.OVERDUE,
            Reason(
                f"{zh}节点到期未完成{'' if report else '（未报告完成）'}{note_zh}",
                f"{en} milestone fell due on {due}, not done{'' if report else ' (no completion reported)'}{note_en}",
            ),
        )
    if as_of > due:
        days = (as_of - due).days
        unreported_zh = "" if report else "，未报告完成"
        unreported_en = "" if report else ", no completion reported"
        return Verdict(
            State.OVERDUE,
            Reason(
                f"{zh}节点超期{days}天{unreported_zh}{note_zh}",
                f"{en} milestone {days} days overdue{unreported_en}{note_en}",
            ),
        )
    if report and report.status is Reported.DELAYED:
        return Verdict(State.LAGGING, Reason(f"{zh}节点报告滞后{note_zh}", f"{en} milestone reported delayed{note_en}"))
    left = (due - as_of).days
    if left <= rules.due_soon_days:
        when_zh = "今天到期" if left == 0 else f"{left}天后到期（{ZH.month_day(due)}）"
        when_en = "due today" if left == 0 else f"due in {left} days ({due})"
        return Verdict(State.DUE_SOON, Reason(f"{zh}节点{when_zh}，尚未完成", f"{en} milestone {when_en}, not done"))
    started = report is not None and report.status is Reported.IN_PROGRESS
    if as_of < period.first_day and not started:
        return Verdict(
            State.NOT_STARTED,
            Reason(
                f"{zh}节点尚未开始（{ZH.month_day(period.first_day)}起）",
                f"{en} milestone not started (begins {period.start})",
            ),
        )
    backing_zh = "" if report else "（尚无进展报告）"
    backing_en = "" if report else " (no progress report yet)"
    return Verdict(
        State.ON_TRACK,
        Reason(
            f"{zh}节点按计划推进，{ZH.month_day(due)}到期{backing_zh}",
            f"{en} milestone on track, due {due}{backing_en}",
        ),
    )


def _milestone_statuses(
    plan_id: str, entry: TaskEntry, index: PlanIndex, reports: dict, as_of: date, rules: StatusRules
) -> list[MilestoneStatus]:
    result = []
    year = index.plan.year
    for mid, milestone in zip(entry.milestone_ids, entry.task.milestones, strict=True):
        period = parse_period(milestone.period)
        report, history = _latest(reports.get((entry.task.id, mid), []), as_of)
        name = (milestone.label or ZH.short_period(period, year), EN.short_period(period, year))
        if milestone.recurrence is not None:
            occ = occurrences(period, milestone.recurrence)
            upcoming = [o for o in occ if o.last_day >= as_of]
            current = upcoming[0] if upcoming else (occ[-1] if occ else period)
            due = _due_date(current, index)
            name = (f"{name[0]}（{ZH.short_period(current, year)}）", f"{name[1]} ({EN.short_period(current, year)})")
            verdict = judge_milestone(milestone, name, current, due, report, as_of, rules)
        else:
            due = _due_date(period, index)
            verdict = judge_milestone(milestone, name, period, due, report, as_of, rules)
        result.append(MilestoneStatus(plan_id, entry.task.id, mid, milestone, period, due, verdict, report, history))
    return result
