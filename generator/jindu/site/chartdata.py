"""Chart data: what a page shows beside a chart, in words — a trajectory's data table, a battle
map as a list by month (the phone's view). The same facts as the chart, for screen readers,
copying and small screens.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from jindu.status.verdicts import State


def trajectory_rows(spec) -> list[dict]:
    """The data table of a trajectory chart: one row per date that has a target, a 序时
    knot or an actual."""
    rows: dict[str, dict] = {}

    def row(day: str) -> dict:
        return rows.setdefault(day, {"day": day, "target": "", "pace": "", "actual": ""})

    for step in spec.steps:
        row(step.end)["target"] = step.label
    for point in spec.pace:
        row(point.day)["pace"] = f"{point.value:g}{spec.unit}"
    for point in spec.actuals:
        row(point.day)["actual"] = point.label
    return [rows[day] for day in sorted(rows)]


@dataclass(frozen=True)
class MonthOfMap:
    """One month of a battle map read as a list (the phone's view): its milestones, in order."""

    month: date
    current: bool  # the as-of date falls in it: shown open
    items: list  # (row, mark) pairs

    @property
    def counts(self) -> Counter:
        """Its milestones by state, for the month's summary line."""
        return Counter(State(mark.state) for _, mark in self.items)


def battle_months(spec) -> list[MonthOfMap]:
    """A battle map's dated milestones by the month they fall due, in date order, each with the
    task row it belongs to; the month of the as-of date is marked current."""
    by_month: dict[date, list] = defaultdict(list)
    for row in spec.rows:
        for mark in row.marks:
            due = date.fromisoformat(mark.due)
            by_month[date(due.year, due.month, 1)].append((due, row, mark))
    as_of = date.fromisoformat(spec.as_of)
    return [
        MonthOfMap(
            month,
            (month.year, month.month) == (as_of.year, as_of.month),
            [(r, m) for _, r, m in sorted(by_month[month], key=lambda item: item[0])],
        )
        for month in sorted(by_month)
    ]
