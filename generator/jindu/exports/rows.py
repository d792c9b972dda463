"""Rows: the 台账 (ledger) as rows, one per milestone, in plan order. The XLSX workbook and
the CSV write these rows; their columns are documented in docs/reference/exports.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from jindu.plans.index import task_units
from jindu.status.verdicts import MilestoneStatus, PlanStatus, TaskStatus, outcome_of
from jindu.words.locale import Words
from jindu.words.names import Names, task_heading

COLUMNS = (
    "ledger_plan",
    "ledger_section",
    "ledger_number",
    "ledger_task",
    "ledger_lead",
    "ledger_cooperating",
    "ledger_people",
    "ledger_period",
    "ledger_due",
    "ledger_target",
    "ledger_acceptance",
    "ledger_status",
    "ledger_reason",
    "ledger_report_date",
    "ledger_report_note",
    "ledger_sample",
    "ledger_link",
)


@dataclass(frozen=True)
class LedgerRow:
    """One milestone as the ledger shows it: every value is text (dates as YYYY-MM-DD)."""

    cells: tuple[str, ...]
    state: str  # the state value, for summaries
    unit_ids: tuple[str, ...]  # the units that lead or co-operate on its task


def plan_rows(ps: PlanStatus, names: Names, words: Words, link) -> list[LedgerRow]:
    """The rows of one plan; `link(plan_id, task_id)` gives a task page's address."""
    org = ps.plan.organization
    rows = []
    for status in ps.tasks.values():
        leads, others = task_units(status.entry)
        units = tuple(leads) + tuple(others)
        for ms in status.milestones:
            rows.append(
                LedgerRow(
                    _cells(ps, status, ms, names, words, org, leads, others, link(ps.plan.id, status.task_id)),
                    ms.state.value,
                    units,
                )
            )
    return rows


def _cells(
    ps: PlanStatus,
    status: TaskStatus,
    ms: MilestoneStatus,
    names: Names,
    words: Words,
    org: str,
    leads: list[str],
    others: list[str],
    link: str,
) -> tuple[str, ...]:
    entry, milestone = status.entry, ms.milestone
    section = entry.section
    sep = words.marks.list_sep
    person_ids = [*entry.task.lead_leaders, *(a.person for a in entry.task.people)]
    people = [names.people.get((org, p), p) for p in person_ids]
    word = words.outcome(outcome_of(ms.state)) if ps.closed else words.state(ms.state)
    report = ms.report
    return (
        ps.plan.title,
        f"{section.number}、{section.title}" if section.number else section.title,
        entry.task.number or entry.task.id,
        task_heading(entry),
        sep.join(names.units.get((org, u), u) for u in leads),
        sep.join(names.units.get((org, u), u) for u in others),
        sep.join(dict.fromkeys(people)),
        milestone.label or words.period(milestone.period),
        ms.due.isoformat() if ms.due else "",
        milestone.target or "\n".join(step.text for step in milestone.steps),
        milestone.acceptance or "",
        word,
        ms.verdict.reason.text(words),
        report.date.isoformat() if report else "",
        (report.note or "") if report else "",
        words("sample_tag") if status.sample else "",
        link,
    )
