"""Diff report: what a change to the plans does, for reviewers (`jindu diff`).

`build_diff(base, head, as_of)` compares two portfolios: every plan's changes
(`changes.compare_plans`), and the statuses that change as of one date because of them
or of progress reported. `to_markdown` writes it for a pull request's job summary or a
merge request comment, `to_json` for tools. Every plan text is escaped for Markdown, so a
title cannot add links, images or HTML to the report.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from jindu.history.changes import Change, compare_plans
from jindu.history.gitrepo import Commit
from jindu.history.pairing import pair_milestones
from jindu.markup import md_code as code
from jindu.markup import md_text as md
from jindu.plans.index import PlanIndex
from jindu.plans.model import PlanFile
from jindu.plans.portfolio import Portfolio
from jindu.status.engine import compute_status
from jindu.status.verdicts import StatusReport
from jindu.words.changes import ChangeWords
from jindu.words.locale import Words


@dataclass(frozen=True)
class StatusShift:
    """A milestone or task whose state as of the date differs between base and head."""

    plan: str
    task: str
    milestone: str | None  # None: the task's overall state
    name: str
    old: str  # state value
    new: str
    reason: str  # the head's reason, in the report's language

    def to_json(self) -> dict:
        return {
            "plan": self.plan,
            "task": self.task,
            "milestone": self.milestone,
            "name": self.name,
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
        }


@dataclass
class PlanDiff:
    plan: str
    title: str
    changes: list[Change]
    tasks: dict[str, str] = field(default_factory=dict)  # task id → title (new version, else old)


@dataclass
class DiffReport:
    base: str  # how the base is named (a short hash and subject)
    head: str
    as_of: dt.date
    plans: list[PlanDiff] = field(default_factory=list)
    shifts: list[StatusShift] = field(default_factory=list)
    progress_files: list[str] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)
    base_errors: int = 0  # the base did not load cleanly: status shifts are left out
    head_errors: int = 0

    @property
    def missing_reasons(self) -> list[Change]:
        return [c for p in self.plans for c in p.changes if c.missing_reason]

    @property
    def empty(self) -> bool:
        return not (self.plans or self.shifts or self.progress_files or self.other_files)


def describe_commit(commit: Commit | None, fallback: str) -> str:
    return f"{commit.short} ({commit.date}, {commit.subject})" if commit else fallback


def build_diff(
    base: Portfolio,
    head: Portfolio,
    as_of: dt.date,
    *,
    base_name: str,
    head_name: str,
    changed_paths: list[str] | None = None,
    progress_paths: set[str] | None = None,
    lang: str = "zh",
) -> DiffReport:
    """Compare two portfolios; `changed_paths` (repository paths) lists the files touched,
    and `progress_paths` those among them that hold plans, directories or progress."""
    report = DiffReport(
        base_name, head_name, as_of, base_errors=len(base.diagnostics.errors), head_errors=len(head.diagnostics.errors)
    )
    for plan_id in sorted(set(base.plans) | set(head.plans), key=lambda p: _plan_order(p, head, base)):
        old = base.plan(plan_id) if plan_id in base.plans else None
        new = head.plan(plan_id) if plan_id in head.plans else None
        changes = compare_plans(old, new)
        either = new or old
        if changes and either is not None:
            titles = {e.task.id: e.task.title for p in (old, new) if p is not None for e in PlanIndex.build(p).entries}
            report.plans.append(PlanDiff(plan_id, either.title, changes, titles))
    if not report.base_errors and not report.head_errors:
        report.shifts = status_shifts(compute_status(base, as_of), compute_status(head, as_of), lang)
    for path in changed_paths or []:
        (report.progress_files if path in (progress_paths or set()) else report.other_files).append(path)
    return report


def _plan_order(plan_id: str, *portfolios: Portfolio) -> tuple:
    for portfolio in portfolios:
        if plan_id in portfolio.plans:
            plan: PlanFile = portfolio.plan(plan_id)
            return (plan.organization, -plan.year, plan_id)
    return ("", 0, plan_id)


def status_shifts(old: StatusReport, new: StatusReport, lang: str = "zh") -> list[StatusShift]:
    """Milestones and tasks present in both reports whose state differs, in plan order."""
    words = Words(lang)
    shifts = []
    for plan_id, plan in new.plans.items():
        before = old.plans.get(plan_id)
        if before is None:
            continue
        for task_id, task in plan.tasks.items():
            was = before.tasks.get(task_id)
            if was is None:
                continue
            if was.state != task.state:
                shifts.append(
                    StatusShift(
                        plan_id,
                        task_id,
                        None,
                        task.entry.task.title,
                        was.state.value,
                        task.state.value,
                        task.verdict.lead.text(words),
                    )
                )
            # Pair milestones as the change list does, so a moved one compares with its old self.
            pairs, _, _ = pair_milestones(was.entry, task.entry)
            old_id = {task.entry.milestone_ids[j]: was.entry.milestone_ids[i] for i, j in pairs}
            old_ms = {m.milestone_id: m for m in was.milestones}
            for m in task.milestones:
                prior = old_ms.get(old_id.get(m.milestone_id, ""))
                if prior is not None and prior.state != m.state:
                    shifts.append(
                        StatusShift(
                            plan_id,
                            task_id,
                            m.milestone_id,
                            m.milestone.label or m.milestone.period,
                            prior.state.value,
                            m.state.value,
                            m.verdict.reason.text(words),
                        )
                    )
    return shifts


# --------------------------------------------------------------------------- output


def to_markdown(report: DiffReport, names=None, organizations: dict[str, str] | None = None, lang: str = "zh") -> str:
    """The report as GitHub-flavoured Markdown (also fine for GitLab)."""
    w = Words(lang)
    lines = [f"## {w('diff_title')}: {md(report.base)} → {md(report.head)}", ""]
    if report.empty:
        lines.append(w("diff_empty"))
        return "\n".join(lines) + "\n"
    missing = report.missing_reasons
    if missing:
        lines += [
            f"> **{w('diff_missing_reasons')}: {len(missing)}** — " + w("diff_reason_rule"),
            "",
        ]
    for plan in report.plans:
        words = ChangeWords(lang, names, (organizations or {}).get(plan.plan, ""))
        lines += [f"### {md(plan.title)} ({code(plan.plan)})", ""]
        header = w("diff_changes_header")
        lines += [header, "|---|---|---|---|"]
        for change in plan.changes:
            task = f"{code(change.task)} {md(plan.tasks.get(change.task, ''))}".strip() if change.task else "—"
            reason = md(change.reason) if change.reason else f"**{w('diff_missing')}**" if change.missing_reason else ""
            lines.append(f"| {task} | {md(words.where(change))} | {md(words.line(change))} | {reason} |")
        lines.append("")
    if report.shifts:
        lines += [f"### {w('diff_status_changes')} ({w('diff_as_of')} {report.as_of})", ""]
        lines += [w("diff_shifts_header"), "|---|---|---|---|---|---|"]
        for s in report.shifts:
            lines.append(
                f"| {code(s.plan)} | {code(s.task)} {md(s.name) if not s.milestone else ''} | "
                f"{code(s.milestone) + ' ' + md(s.name) if s.milestone else '—'} | "
                f"{w.state(s.old)} | {w.state(s.new)} | {md(s.reason)} |"
            )
        lines.append("")
    elif report.base_errors or report.head_errors:
        lines += [w("diff_not_computed"), ""]
    if report.progress_files:
        lines += [f"### {w('diff_data_files')}", ""]
        lines += [f"- {code(p)}" for p in report.progress_files] + [""]
    if report.other_files:
        lines += [f"### {w('diff_other_files')}", ""]
        lines += [f"- {code(p)}" for p in report.other_files] + [""]
    return "\n".join(lines)


def to_json(report: DiffReport) -> str:
    data = {
        "base": report.base,
        "head": report.head,
        "as_of": report.as_of.isoformat(),
        "plans": [
            {"plan": p.plan, "title": p.title, "changes": [c.to_json() for c in p.changes]} for p in report.plans
        ],
        "status_changes": [s.to_json() for s in report.shifts],
        "data_files": report.progress_files,
        "other_files": report.other_files,
        "missing_reasons": len(report.missing_reasons),
        "base_errors": report.base_errors,
        "head_errors": report.head_errors,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
