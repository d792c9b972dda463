"""Roll-up: a task, section, plan, unit or person takes the most urgent state of what it
holds; the reason names the first item and counts the rest.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from jindu.status.verdicts import FINISHED, URGENT, Reason, Rollup, State, TaskStatus, Verdict
from jindu.words.locale import EN, ZH


def _by_due(item: tuple[Verdict, date | None]) -> date:
    """Sort key: the earliest due part decides a roll-up's reason; undated parts come last."""
    return item[1] or date.max


def roll_up(items: list[tuple[Verdict, date | None]], noun: tuple[str, str]) -> Verdict:
    """Combine the verdicts of a task's parts (milestones, sub-targets, indicators).

    `items` pairs each verdict with its due date (earliest urgent one is named in the
    reason); `noun` names the parts in the reason (节点/milestones)."""
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
            if len(hits) == 1:
                return Verdict(state, first, first)
            more_zh, more_en = (
                f"；另有{len(hits) - 1}项{nz}{ZH.state(state)}",
                f"; {len(hits) - 1} more {ne} {EN.state(state)}",
            )
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


def _count_rollup(statuses: list[TaskStatus], noun: tuple[str, str]) -> Rollup:
    counts = Counter(s.state for s in statuses)
    return Rollup(counts, roll_up([(s.verdict, _task_due(s)) for s in statuses], noun))


def _task_due(status: TaskStatus) -> date | None:
    nxt = status.next_milestone()
    return nxt.due if nxt else None
