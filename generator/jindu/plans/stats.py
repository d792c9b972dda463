"""Counts of what a plan holds, for `jindu stats` and for checking conversions."""

from __future__ import annotations

from jindu.plans.index import PlanIndex
from jindu.plans.model import ScoreCategory
from jindu.plans.periods import PeriodKind, parse_period
from jindu.plans.portfolio import Portfolio

KEYS = (
    "sections",
    "tasks",
    "subtargets",
    "leaves",
    "milestones",
    "steps",
    "indicators",
    "people",
    "departments",
    "attachments",
    "assessment_units",
    "progress_reports",
    "progress_entries",
)


def _milestone_kind(period_text: str, recurring: bool) -> str:
    if recurring:
        return "other"
    kind = parse_period(period_text).kind
    if kind is PeriodKind.QUARTER:
        return "quarter"
    if kind is PeriodKind.MONTH:
        return "month"
    return "other"


def _walk_categories(categories: list[ScoreCategory]):
    for category in categories:
        yield category
        yield from _walk_categories(category.subcategories)


def plan_stats(portfolio: Portfolio, plan_id: str) -> dict:
    """Counts for one plan: the keys of `jindu stats --json`."""
    index: PlanIndex = portfolio.index(plan_id)
    plan = index.plan
    milestones = {"total": 0, "quarter": 0, "month": 0, "other": 0}
    people: set[str] = set()
    units: set[str] = set()
    steps = indicators = 0
    for section in plan.sections:
        units.update(section.lead_departments)
    for entry in index.entries:
        task = entry.task
        people.update(task.lead_leaders, task.cooperating_leaders, (a.person for a in task.people))
        units.update(task.lead_departments, task.cooperating_units, task.responsible_units)
        indicators += len(task.indicators)
        for milestone in task.milestones:
            milestones["total"] += 1
            milestones[_milestone_kind(milestone.period, milestone.recurrence is not None)] += 1
            steps += len(milestone.steps)
            units.update(milestone.responsible)
    assessment_units = set()
    for assessment in plan.assessments:
        assessment_units.update(assessment.units)
    units.update(assessment_units)
    reports = portfolio.progress_for(plan_id)
    entries = sum(len(d.model.milestones) + len(d.model.updates) + len(d.model.indicators) for d in reports)
    return {
        "id": plan.id,
        "title": plan.title,
        "organization": plan.organization,
        "year": plan.year,
        "sections": len(plan.sections),
        "tasks": len(index.tasks),
        "subtargets": len(index.subtargets),
        "leaves": sum(1 for e in index.entries if not e.task.subtargets),
        "milestones": milestones,
        "steps": steps,
        "indicators": indicators,
        "people": len(people),
        "departments": len(units),
        "attachments": len(plan.attachments),
        "assessment_units": len(assessment_units),
        "progress_reports": len(reports),
        "progress_entries": entries,
    }


def portfolio_stats(portfolio: Portfolio) -> dict:
    """Per-plan counts and their totals."""
    plans = [plan_stats(portfolio, plan_id) for plan_id in sorted(portfolio.plans)]
    total: dict = dict.fromkeys(KEYS, 0)
    total["milestones"] = {"total": 0, "quarter": 0, "month": 0, "other": 0}
    for stats in plans:
        for key in KEYS:
            if key == "milestones":
                for kind, count in stats[key].items():
                    total[key][kind] += count
            else:
                total[key] += stats[key]
    return {"plans": plans, "total": total}
