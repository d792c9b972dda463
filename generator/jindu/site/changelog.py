"""Change log: a task's changes since its plan was issued, and the baseline beside the
current plan, as the task page shows them (from the plans' git history)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jindu.history.changes import Change
from jindu.status.verdicts import PlanStatus, TaskStatus
from jindu.words.changes import ChangeWords
from jindu.words.locale import Words
from jindu.words.names import Names

if TYPE_CHECKING:
    from jindu.history.record import History
    from jindu.recall import Recall


class ChangeLog:
    """The change tables of task pages; each plan is compared with its baseline once."""

    def __init__(self, history: History | None, words: Words, names: Names, recall: Recall | None = None):
        self.history = history
        self.recall = recall  # a live preview's: keeps a plan's comparison with its baseline
        self.words = words
        self.names = names
        self._by_plan: dict[str, tuple[dict, dict]] = {}

    def task(self, ps: PlanStatus, status: TaskStatus) -> dict:
        """The task's change log (newest first) and its baseline beside the current plan."""
        history = self.history
        empty = {"shown": False, "note": "", "log": [], "baseline": [], "was": {}, "baseline_label": ""}
        if history is None:
            return empty
        if not history.available:
            return dict(empty, shown=True, note=self.words("history_unavailable"))
        words = ChangeWords(self.words.lang, self.names, ps.plan.organization)
        task_id = status.task_id
        ph = history.plan(ps.plan.id)
        log_by_task, baseline_by_task = self._plan(ps)
        log = []
        for entry in log_by_task.get(task_id, []):
            for change in entry.changes:
                log.append(
                    {
                        "date": entry.date,
                        "commit": entry.commit,
                        "where": words.where(change),
                        "line": words.line(change),
                        "reason": change.reason,
                        "missing": change.missing_reason,
                    }
                )
        baseline, was = [], {}
        for change in baseline_by_task.get(task_id, []):
            # Beside the baseline: moved deadlines, changed targets, milestones and indicators
            # added or removed (wording and owners are in the log below).
            whole = change.kind.value != "changed" and change.subject.value in ("milestone", "indicator")
            if not (change.is_target or change.is_deadline or whole):
                continue
            baseline.append(
                {
                    "where": words.where(change),
                    "field": words.field(change.field) if change.field else words.kind(change.kind),
                    "old": words.value(change.field, change.old),
                    "new": words.value(change.field, change.new),
                }
            )
            if change.is_deadline and change.item:
                was[change.item] = change.old
        note = ""
        if history.completeness.value == "shallow":
            note = self.words("history_shallow", date=self.words.day(history.since))
        commit = ph.baseline_commit if ph else None
        return {
            "shown": True,
            "note": note,
            "log": log,
            "baseline": baseline,
            "was": was,
            "baseline_label": self._baseline_label(ps, commit) if commit else "",
        }

    def _baseline_label(self, ps: PlanStatus, commit) -> str:
        """The baseline is the plan as issued: named by the document's date of issue when the
        plan gives one (not the date the file reached the repository), and by its commit.
        Without one, the commit's date is said for what it is: when the plan was first recorded."""
        issued = ps.plan.document.issued if ps.plan.document else None
        if issued:
            return self.words("baseline_issued", date=self.words.day(issued), commit=commit.short)
        return self.words("baseline_of", date=self.words.day(commit.date), commit=commit.short)

    def _plan(self, ps: PlanStatus) -> tuple[dict, dict]:
        """A plan's change log and its changes since the baseline, grouped by task: computed
        once per plan (the plan is compared with its baseline once, not once per task page)."""
        plan_id = ps.plan.id
        if plan_id not in self._by_plan:
            assert self.history is not None
            ph = self.history.plan(plan_id)
            baseline: dict[str | None, list[Change]] = {}
            for change in self.history.baseline_changes(ps.plan, self.recall):
                baseline.setdefault(change.task, []).append(change)
            self._by_plan[plan_id] = (ph.by_task() if ph else {}, baseline)
        return self._by_plan[plan_id]
