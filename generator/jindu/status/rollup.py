"""Roll-up: a task, section, plan, unit or person takes the most urgent state of what it
holds; the reason names the first item and counts the rest.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from jindu.status.verdicts import (
    FINISHED,
    OUTCOME_STATES,
    OUTCOMES,
    URGENT,
    Reason,
    Rollup,
    State,
    TaskStatus,
    Verdict,
    outcome_of,
)
from jindu.words.locale import EN, ZH


def _by_due(item: tuple[Verdict, date | None]) -> date:
    """Sort key: the earliest due part decides a roll-up's reason; undated parts come last."""
    return item[1] or date.max


def roll_up(items: list[tuple[Verdict, date | None]], noun: tuple[str, str], closed: bool = False) -> Verdict:
    """Combine the verdicts of a task's parts (milestones, sub-targets, indicators).

    `items` pairs each verdict with its due date (earliest urgent one is named in the
    reason); `noun` names the parts in the reason (节点/milestones); `closed` words the other
    parts by their final outcome (未完成 rather than 超期) once the plan period has ended."""
    nz, ne = noun
    if not items:
        return Verdict(
            State.NO_SCHEDULE,
            Reason(
                "计划未列出时间节点，无法按日期判断进度",
                "the plan gives no dated milestones; status cannot be judged by date",
            ),
        )
    scheduled = [(v, d) for v, d in items if v.state is not State.NO_SCHEDULE]
    if not scheduled:
        return Verdict(
            State.NO_SCHEDULE,
            Reason(f"所列{nz}均无固定时间，不按日期判断", f"none of its {ne} has a date; not judged by date"),
        )
    for state in URGENT:
        hits = sorted((p for p in scheduled if p[0].state is state), key=_by_due)
        if hits:
            first = hits[0][0].lead
            # The other urgent parts, by state: "另有1项节点超期；另有2项节点未报送"; indicators
            # behind their targets are counted apart, in their own words ("另有1项指标落后序时目标").
            parts = [p for p in scheduled if not p[0].indicator]
            behind = sum(1 for p in scheduled if p[0].indicator) - (1 if hits[0][0].indicator else 0)
            more = [(sum(1 for p in parts if p[0].state is s) - (0 if hits[0][0].indicator or s is not state else 1), s)
                    for s in (state, *(other for other in URGENT if other is not state))]  # fmt: skip
            more = [(n, s) for n, s in more if n]
            if not more and not behind:
                return Verdict(state, first, first)
            word = (
                (lambda s: ZH.outcome(outcome_of(s)), lambda s: EN.outcome(outcome_of(s)))
                if closed
                else (
                    ZH.state,
                    EN.state,
                )
            )
            more_zh = "".join(f"；另有{n}项{nz}{word[0](s)}" for n, s in more)
            more_en = "".join(f"; {n} more {ne} {word[1](s)}" for n, s in more)
            if behind:
                more_zh += f"；另有{behind}项指标落后序时目标"
                more_en += f"; {behind} more indicator{'s' if behind > 1 else ''} behind target"
            return Verdict(state, Reason(first.zh + more_zh, first.en + more_en), first)
    active = [(v, d) for v, d in scheduled if v.state is not State.CANCELLED]
    if not active:
        return Verdict(State.CANCELLED, Reason(f"全部{nz}已取消", f"all {ne} cancelled"))
    done = [v for v, _ in active if v.state in FINISHED]
    late = [v for v in done if v.state is State.DONE_LATE]
    if len(done) == len(active):
        if late:
            return Verdict(
                State.DONE_LATE,
                Reason(
                    f"全部{len(active)}项{nz}已完成，其中{len(late)}项逾期完成",
                    f"all {len(active)} {ne} done, {len(late)} of them late",
                ),
            )
        return Verdict(State.DONE, Reason(f"全部{len(active)}项{nz}已完成", f"all {len(active)} {ne} done"))
    if all(v.state is State.NOT_STARTED for v, _ in active):
        earliest = min(active, key=_by_due)[0]
        return Verdict(State.NOT_STARTED, earliest.reason)
    nxt = min(((v, d) for v, d in active if v.state not in FINISHED), key=_by_due)[0]
    return Verdict(
        State.ON_TRACK,
        Reason(
            f"已完成{len(done)}/{len(active)}项{nz}；{nxt.reason.zh}",
            f"{len(done)} of {len(active)} {ne} done; {nxt.reason.en}",
        ),
    )


def _count_rollup(statuses: list[TaskStatus], noun: tuple[str, str], closed_on: date | None = None) -> Rollup:
    """A section's or plan's roll-up of its top-level tasks.

    Dates decide the summary only when at least half the tasks have dated milestones: one dated
    clause in a prose plan decides its task, never the plan's summary line. Once the plan period
    has ended (`closed_on`), the summary is the final outcome counted by task."""
    counts = Counter(s.state for s in statuses)
    nz, ne = noun
    undated = counts.get(State.NO_SCHEDULE, 0)
    dated = len(statuses) - undated
    if statuses and dated * 2 < len(statuses):
        if dated:
            verdict = Verdict(
                State.NO_SCHEDULE,
                Reason(
                    f"{len(statuses)}项{nz}中仅{dated}项列有时间节点，整体不按日期判断",
                    f"only {dated} of {len(statuses)} {ne} have dated milestones; not judged by date as a whole",
                ),
            )
        else:
            verdict = roll_up([], noun)
        return Rollup(counts, verdict)
    verdict = roll_up([(s.verdict, _task_due(s)) for s in statuses], noun, closed_on is not None)
    if closed_on is not None and dated:
        verdict = _final(counts, verdict, closed_on, noun)
    elif undated:
        verdict = Verdict(
            verdict.state,
            Reason(
                f"{verdict.reason.zh}（另有{undated}项{nz}无时间节点）",
                f"{verdict.reason.en} ({undated} more {ne} have no schedule)",
            ),
            verdict.lead,
        )
    return Rollup(counts, verdict)


def _final(counts: Counter, verdict: Verdict, closed_on: date, noun: tuple[str, str]) -> Verdict:
    """The summary of a closed period: how many tasks ended in each outcome."""
    ne = noun[1]
    parts_zh, parts_en = [], []
    for outcome in OUTCOMES:
        n = sum(counts.get(state, 0) for state in OUTCOME_STATES[outcome])
        if n:
            parts_zh.append(f"{ZH(f'outcome_{outcome}')}{n}项")
            parts_en.append(f"{n} {EN(f'outcome_{outcome}')}")
    return Verdict(
        verdict.state,
        Reason(
            f"计划期已于{ZH.day(closed_on)}结束：{'，'.join(parts_zh)}",
            f"the plan period ended on {closed_on}: {', '.join(parts_en)} ({ne})",
        ),
        verdict.lead,
    )


def _task_due(status: TaskStatus) -> date | None:
    nxt = status.next_milestone()
    return nxt.due if nxt else None
