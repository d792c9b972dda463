"""Attention: what needs following up, grouped by the department that leads it.

The attention page and the home page's list show plans still running only: once a plan period
has ended its tasks have final outcomes (on the plan page), not follow-ups.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from jindu.status.indicators import counts_as_lagging
from jindu.status.verdicts import URGENT, IndicatorStatus, MilestoneStatus, StatusReport, TaskStatus


@dataclass
class AttentionGroup:
    """The items of one lead department (`unit` is None for tasks that name none)."""

    unit: tuple[str, str] | None
    items: list[tuple[MilestoneStatus | None, TaskStatus, IndicatorStatus | None]] = field(default_factory=list)

    def counts(self) -> Counter:
        """Items by state value (indicators behind target count as lagging)."""
        return Counter(ms.state.value if ms else "lagging" for ms, _, _ in self.items)


def _order(item: tuple) -> tuple:
    ms, status, _ = item
    rank = URGENT.index(ms.state) if ms else URGENT.index(URGENT[2])
    return (rank, (ms.due if ms else None) or date.max, status.plan_id, status.task_id)


def attention_groups(report: StatusReport) -> list[AttentionGroup]:
    """Overdue, not reported, lagging and due-soon milestones and indicators behind target in
    running plans, grouped by the lead department of their task, most urgent first."""
    groups: dict[tuple[str, str] | None, AttentionGroup] = {}
    for ps in report.plans.values():
        if ps.closed:
            continue
        org = ps.plan.organization
        for status in ps.tasks.values():
            items: list = [(m, status, None) for m in status.milestones if m.state in URGENT]
            items += [(None, status, ind) for ind in status.indicators if counts_as_lagging(ind)]
            if not items:
                continue
            # A collective (各相关处室) has no page and leads nothing on its own: such items are
            # listed with the tasks that name no lead department.
            leads = [u for u in status.entry.lead_departments if (org, u) in report.units]
            owners: list[str | None] = list(leads) or [None]
            for unit in owners:
                key = (org, unit) if unit else None
                groups.setdefault(key, AttentionGroup(key)).items.extend(items)
    for group in groups.values():
        group.items.sort(key=_order)
    return sorted(groups.values(), key=lambda g: (g.unit is None, g.unit or ("", "")))


def attention_totals(groups: list[AttentionGroup]) -> Counter:
    """Distinct items by state over all groups (an item shared by two lead departments counts once)."""
    seen: dict[tuple, str] = {}
    for group in groups:
        for ms, status, ind in group.items:
            key = (status.plan_id, status.task_id, ms.milestone_id if ms else None, ind.indicator.id if ind else None)
            seen[key] = ms.state.value if ms else "lagging"
    return Counter(seen.values())


def by_state(counts: Counter) -> list[tuple[str, int]]:
    """(state value, count) in display order, leaving out zeros."""
    return [(s.value, counts[s.value]) for s in URGENT if counts.get(s.value)]
