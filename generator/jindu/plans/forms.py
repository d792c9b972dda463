"""Forms: a plan's self-assessment form (考核自评表) laid out as a table of units by items,
with the scores the plan or the progress files give, and 未评分 where none is given yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jindu.plans.model import Assessment, ScoreCategory
from jindu.plans.portfolio import Portfolio


@dataclass(frozen=True)
class Column:
    """One scored item: a category without sub-items, or a sub-item."""

    id: str
    name: str
    max_points: float | None
    parent: str | None  # the category a sub-item belongs to


@dataclass(frozen=True)
class Heading:
    """A category over its columns (one column when it has no sub-items)."""

    name: str
    max_points: float | None
    span: int
    has_sub: bool


@dataclass
class FormRow:
    unit: str
    scores: dict[str, float] = field(default_factory=dict)  # column id → points
    notes: list[str] = field(default_factory=list)

    def total(self, columns: list[Column]) -> float | None:
        """The sum over every column, or None while any item is unscored."""
        if not columns or any(c.id not in self.scores for c in columns):
            return None
        return sum(self.scores[c.id] for c in columns)


@dataclass
class FormTable:
    assessment: Assessment
    headings: list[Heading]
    columns: list[Column]
    rows: list[FormRow]

    @property
    def scored(self) -> int:
        """How many cells carry a score."""
        return sum(len(row.scores) for row in self.rows)

    @property
    def cells(self) -> int:
        return len(self.rows) * len(self.columns)


def _columns(categories: list[ScoreCategory]) -> tuple[list[Heading], list[Column]]:
    headings, columns = [], []
    for category in categories:
        subs = [Column(s.id, s.name, s.max_points, category.id) for s in category.subcategories]
        columns.extend(subs or [Column(category.id, category.name, category.max_points, None)])
        headings.append(Heading(category.name, category.max_points, len(subs) or 1, bool(subs)))
    return headings, columns


def form_tables(portfolio: Portfolio, plan_id: str) -> list[FormTable]:
    """Every self-assessment form of a plan, with the scores the plan and its progress files
    give (`jindu check` has made sure each names a rated unit and a scored item once)."""
    plan = portfolio.plan(plan_id)
    reported = [s for d in portfolio.progress_for(plan_id) for s in d.model.scores]
    tables = []
    for form in plan.assessments:
        headings, columns = _columns(form.categories)
        known = {c.id for c in columns}
        rows = {unit: FormRow(unit) for unit in form.units}
        given: list[tuple[str, str, float, str | None]] = [(s.unit, s.category, s.points, None) for s in form.scores]
        given += [(s.unit, s.category, s.points, s.note) for s in reported if s.assessment == form.id]
        for unit, category, points, note in given:
            if unit in rows and category in known:
                rows[unit].scores[category] = points
                if note:
                    rows[unit].notes.append(note)
        tables.append(FormTable(form, headings, columns, list(rows.values())))
    return tables
