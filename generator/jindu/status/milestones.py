"""Milestones: when a milestone is due and what state it is in on a day (rules 1-8 of
docs/reference/status.md, first match wins).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from jindu.plans.index import PlanIndex, TaskEntry
from jindu.plans.model import Milestone, MilestoneReport
from jindu.plans.model import Status as Reported
from jindu.plans.periods import Period, PeriodKind, occurrences, parse_period
from jindu.status.verdicts import MilestoneStatus, Reason, State, StatusRules, Verdict
from jindu.words.locale import EN, ZH


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
    name: tuple[str, str],
    period: Period,
    due: date | None,
    report: MilestoneReport | None,
    as_of: date,
    rules: StatusRules,
    closed: bool = False,
) -> Verdict:
    """Apply the milestone rules (module docstring) to one milestone. `name` is (zh, en);
    `closed` says the plan's period has ended, so a milestone left open has its final outcome."""
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
    fallen_due = as_of > due or (as_of == due and rules.close_of_day)
    if fallen_due:
        return _past_due(name, due, report, as_of, rules, closed)
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


def _past_due(
    name: tuple[str, str], due: date, report: MilestoneReport | None, as_of: date, rules: StatusRules, closed: bool
) -> Verdict:
    """Rules 4-5: a milestone whose due date has passed and that is not reported done.

    No report is 未报送 (a reminder to report), never 超期: a missing report is not evidence that
    the work is late. A report saying it is not done is 超期. Inside the reporting window
    (`report_grace_days` after the due date) a milestone with no report, or only reports from
    before its due date, is still awaiting its report. Once the plan's period has ended the
    reason gives the final outcome instead of counting days for ever."""
    zh, en = name
    day_zh, day_en = ZH.month_day(due), due.isoformat()
    window_end = due + timedelta(days=rules.report_grace_days)
    if as_of <= window_end and rules.report_grace_days and (report is None or report.date <= due):
        return Verdict(
            State.DUE_SOON,
            Reason(
                f"{zh}节点已于{day_zh}到期，待报送（报送期至{ZH.month_day(window_end)}）",
                f"{en} milestone fell due on {day_en}; report awaited (reporting window until {window_end})",
            ),
        )
    if report is None:
        if closed:
            return Verdict(
                State.NOT_REPORTED,
                Reason(
                    f"{zh}节点{day_zh}到期，至计划期结束未报送进展",
                    f"{en} milestone fell due on {day_en}; no report by the end of the plan period",
                ),
            )
        return Verdict(
            State.NOT_REPORTED,
            Reason(f"{zh}节点{day_zh}到期，未报送进展", f"{en} milestone fell due on {day_en}; no report received"),
        )
    key = f"reported_{report.status.value}"
    said_zh = f"最近报告{ZH.month_day(report.date)}：{ZH(key)}"
    said_en = f"last report {report.date}: {EN(key)}"
    # The note goes inside the parentheses, so its own closing stop would be doubled.
    note = (report.note or "").strip().rstrip("。.")
    note_zh = f"，{note}" if note else ""
    note_en = f", {note}" if note else ""
    if closed:
        return Verdict(
            State.OVERDUE,
            Reason(
                f"{zh}节点逾期未完成（{day_zh}到期；{said_zh}{note_zh}）",
                f"{en} milestone not done (due {day_en}; {said_en}{note_en})",
            ),
        )
    if as_of == due:
        return Verdict(
            State.OVERDUE,
            Reason(
                f"{zh}节点到期未完成（{said_zh}{note_zh}）",
                f"{en} milestone fell due on {day_en}, not done ({said_en}{note_en})",
            ),
        )
    days = (as_of - due).days
    return Verdict(
        State.OVERDUE,
        Reason(
            f"{zh}节点超期{days}天（{said_zh}{note_zh}）",
            f"{en} milestone {days} days overdue ({said_en}{note_en})",
        ),
    )


@lru_cache(maxsize=8192)
def _names(period: Period, year: int) -> tuple[str, str]:
    """A period's short name in both languages (第二季度, Q2): a few dozen distinct periods name
    every milestone of a portfolio, so they are worded once."""
    return ZH.short_period(period, year), EN.short_period(period, year)


def _milestone_statuses(
    plan_id: str, entry: TaskEntry, index: PlanIndex, reports: dict, as_of: date, rules: StatusRules
) -> list[MilestoneStatus]:
    result = []
    year = index.plan.year
    closed = as_of > index.end
    for mid, milestone in zip(entry.milestone_ids, entry.task.milestones, strict=True):
        period = parse_period(milestone.period)
        report, history = _latest(reports.get((entry.task.id, mid), []), as_of)
        zh, en = _names(period, year)
        name = (milestone.label or zh, en)
        if milestone.recurrence is not None:
            occ = occurrences(period, milestone.recurrence)
            upcoming = [o for o in occ if o.last_day >= as_of]
            current = upcoming[0] if upcoming else (occ[-1] if occ else period)
            due = due_date(current, index)
            now_zh, now_en = _names(current, year)
            name = (f"{name[0]}（{now_zh}）", f"{name[1]} ({now_en})")
            verdict = judge_milestone(milestone, name, current, due, report, as_of, rules, closed)
        else:
            due = due_date(period, index)
            verdict = judge_milestone(milestone, name, period, due, report, as_of, rules, closed)
        result.append(MilestoneStatus(plan_id, entry.task.id, mid, milestone, period, due, verdict, report, history))
    return result
