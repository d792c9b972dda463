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
    Rollup,
    State,
    TaskStatus,
    Verdict,
    outcome_of,
)
from jindu.words.reasons import reason


def _by_due(item: tuple[Verdict, date | None]) -> date:
    """Sort key: the earliest due part decides a roll-up's reason; undated parts come last."""
    return item[1] or date.max


def roll_up(items: list[tuple[Verdict, date | None]], noun: str, closed: bool = False) -> Verdict:
    """Combine the verdicts of a task's parts (milestones, sub-targets, indicators).

    `items` pairs each verdict with its due date (earliest urgent one is named in the
    reason); `noun` names the parts in the reason (words.reasons.NOUNS: 节点/milestones); `closed` words the other
    parts by their final outcome (未完成 rather than 超期) once the plan period has ended."""
    if not items:
        return Verdict(State.NO_SCHEDULE, reason("no_dates"))
    scheduled = [(v, d) for v, d in items if v.state is not State.NO_SCHEDULE]
    if not scheduled:
        return Verdict(State.NO_SCHEDULE, reason("all_undated", noun=noun))
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
            # Once the period has closed, the others are counted by their final outcome (未完成).
            counted = [(n, "outcome", outcome_of(s)) if closed else (n, "state", s.value) for n, s in more]
            return Verdict(state, reason("and_more", first=first, noun=noun, more=tuple(counted), behind=behind), first)
    active = [(v, d) for v, d in scheduled if v.state is not State.CANCELLED]
    if not active:
        return Verdict(State.CANCELLED, reason("all_cancelled", noun=noun))
    done = [v for v, _ in active if v.state in FINISHED]
    late = [v for v in done if v.state is State.DONE_LATE]
    if len(done) == len(active):
        if late:
            return Verdict(State.DONE_LATE, reason("all_done_late", total=len(active), late=len(late), noun=noun))
        return Verdict(State.DONE, reason("all_done", total=len(active), noun=noun))
    if all(v.state is State.NOT_STARTED for v, _ in active):
        earliest = min(active, key=_by_due)[0]
        return Verdict(State.NOT_STARTED, earliest.reason)
    nxt = min(((v, d) for v, d in active if v.state not in FINISHED), key=_by_due)[0]
    return Verdict(State.ON_TRACK, reason("some_done", done=len(done), total=len(active), noun=noun, next=nxt.reason))


def _count_rollup(statuses: list[TaskStatus], noun: str, closed_on: date | None = None) -> Rollup:
    """A section's or plan's roll-up of its top-level tasks.

    Dates decide the summary only when at least half the tasks have dated milestones: one dated
    clause in a prose plan decides its task, never the plan's summary line. Once the plan period
    has ended (`closed_on`), the summary is the final outcome counted by task."""
    counts = Counter(s.state for s in statuses)
    undated = counts.get(State.NO_SCHEDULE, 0)
    dated = len(statuses) - undated
    if statuses and dated * 2 < len(statuses):
        if dated:
            verdict = Verdict(State.NO_SCHEDULE, reason("few_dated", total=len(statuses), dated=dated, noun=noun))
        else:
            verdict = roll_up([], noun)
        return Rollup(counts, verdict)
    verdict = roll_up([(s.verdict, _task_due(s)) for s in statuses], noun, closed_on is not None)
    if closed_on is not None and dated:
        verdict = _final(counts, verdict, closed_on, noun)
    elif undated:
        verdict = Verdict(
            verdict.state, reason("and_undated", reason=verdict.reason, undated=undated, noun=noun), verdict.lead
        )
    return Rollup(counts, verdict)


def _final(counts: Counter, verdict: Verdict, closed_on: date, noun: str) -> Verdict:
    """The summary of a closed period: how many tasks ended in each outcome."""
    outcomes = []
    for outcome in OUTCOMES:
        n = sum(counts.get(state, 0) for state in OUTCOME_STATES[outcome])
        if n:
            outcomes.append((outcome, n))
    return Verdict(
        verdict.state, reason("closed", closed_on=closed_on, outcomes=tuple(outcomes), noun=noun), verdict.lead
    )


def _task_due(status: TaskStatus) -> date | None:
    nxt = status.next_milestone()
    return nxt.due if nxt else None
