"""History: each plan's change log and baseline, read from git at the edge of a build.

`read_history` walks the commits on the first-parent line of HEAD that touch the plan
files, oldest first, and compares each version of each plan with the one before
(`changes.compare_plans`). The result is plain data a build takes as input, like the
as-of date: the task pages print it, the bulletin quotes the changes of its period.

The baseline of a plan is its first committed version, or its version at a revision the
configuration names (a tag such as `baseline-2023`). On a shallow clone the oldest
commit present is not the first: history then says so (`shallow`) and claims no
baseline it cannot see. Outside a repository, or without git, it is `unavailable`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from jindu.history.changes import Change, Explanation, Subject, compare_plans, compare_with_explanations
from jindu.history.gitrepo import Commit, GitError, GitRepo
from jindu.history.snapshot import BlobStore, PlanReader
from jindu.plans.model import PlanFile
from jindu.plans.portfolio import Portfolio

if TYPE_CHECKING:
    from jindu.recall import Recall


class Completeness(str, Enum):
    COMPLETE = "complete"
    SHALLOW = "shallow"  # a shallow clone: the log starts at its cut
    UNAVAILABLE = "unavailable"  # no repository, no git


@dataclass(frozen=True)
class Entry:
    """The changes one commit made to one plan (`commit` None: uncommitted changes)."""

    commit: Commit | None
    changes: tuple[Change, ...]

    @property
    def date(self) -> dt.date | None:
        return self.commit.date if self.commit else None


@dataclass
class PlanHistory:
    plan_id: str
    entries: list[Entry] = field(default_factory=list)  # oldest first
    baseline: PlanFile | None = None
    baseline_commit: Commit | None = None
    first_seen: Commit | None = None

    def for_task(self, task_id: str) -> list[Entry]:
        """The entries that changed a task (or one of its milestones or indicators), newest first."""
        return self.by_task().get(task_id, [])

    def by_task(self) -> dict[str | None, list[Entry]]:
        """`for_task` of every task at once, grouped in one pass over the entries (a page per
        task asks; scanning every entry for each would be quadratic in tasks). A renamed
        task keeps the entries of its old id: they are grouped under the id it has now."""
        grouped: dict[str | None, list[Entry]] = {}
        now: dict[str | None, str | None] = {}  # an id at some commit → the id the task has now
        for entry in reversed(self.entries):
            per_task: dict[str | None, list[Change]] = {}
            for change in entry.changes:
                per_task.setdefault(now.get(change.task, change.task), []).append(change)
            for change in entry.changes:
                if change.subject is Subject.TASK and change.field == "id":
                    now[change.old] = now.get(change.task, change.task)
            for task_id, changes in per_task.items():
                grouped.setdefault(task_id, []).append(Entry(entry.commit, tuple(changes)))
        return grouped

    def between(self, start: dt.date, end: dt.date) -> list[Entry]:
        """Committed entries dated within [start, end], oldest first."""
        return [e for e in self.entries if e.commit and start <= e.commit.date <= end]


@dataclass
class History:
    completeness: Completeness
    note: str = ""  # why the history is short or missing, for logs
    plans: dict[str, PlanHistory] = field(default_factory=dict)
    baseline_revision: str | None = None  # the configured baseline, when one is
    since: dt.date | None = None  # the date of the oldest commit read
    last: dict[str, PlanFile] = field(default_factory=dict)  # the plans at the last commit read
    parses: int = 0  # plan blobs parsed from YAML (not read from the cache) in this read

    @property
    def available(self) -> bool:
        return self.completeness is not Completeness.UNAVAILABLE

    def plan(self, plan_id: str) -> PlanHistory | None:
        return self.plans.get(plan_id)

    def with_worktree(self, current: Portfolio, recall: Recall | None = None) -> History:
        """This history plus, per plan, the uncommitted changes of the working tree as a last
        entry without a commit (what a build from an edited checkout shows). A live preview's
        `recall` keeps the comparison of a plan whose committed and current models it has seen."""
        plans = {pid: replace(ph, entries=list(ph.entries)) for pid, ph in self.plans.items()}
        for plan_id, doc in current.plans.items():
            plan = doc.model
            assert isinstance(plan, PlanFile)
            if plan_id not in self.last:
                continue
            last = self.last[plan_id]
            if recall is None:
                changes, explained = compare_with_explanations(last, plan)
            else:  # by the models' identities: the entry keeps both alive
                kept = recall.once("worktree", (id(last), id(plan)), functools.partial(_compared, last, plan))
                changes, explained = kept[2], kept[3]
            if explained and plan_id in plans:
                _attach(plans[plan_id], explained)
            if changes:
                plans.setdefault(plan_id, PlanHistory(plan_id)).entries.append(Entry(None, tuple(changes)))
        return replace(self, plans=plans)

    def baseline_changes(self, current: PlanFile, recall: Recall | None = None) -> list[Change]:
        """How the current plan differs from its baseline (empty without a baseline). Compute
        it once per plan and build: every page of the plan reads the same list. A live
        preview's `recall` keeps it while both models are the ones it has seen."""
        ph = self.plans.get(current.id)
        if ph is None or ph.baseline is None:
            return []
        if recall is not None:
            base = ph.baseline
            kept = recall.once(
                "baselines", (id(base), id(current)), lambda: (base, current, compare_plans(base, current))
            )
            return kept[2]
        return compare_plans(ph.baseline, current)


def _compared(last: PlanFile, plan: PlanFile) -> tuple:
    """A committed plan and its working-tree version with their comparison, for a recall."""
    return (last, plan, *compare_with_explanations(last, plan))


def _attach(ph: PlanHistory, explained: list[Explanation]) -> None:
    """A reason written in a later commit (of the same pull request or another) explains the
    latest earlier change of the same object that still lacked one: the task page shows it there."""
    for explanation in explained:
        key = (explanation.subject, explanation.task, explanation.item)
        for at in range(len(ph.entries) - 1, -1, -1):
            entry = ph.entries[at]
            found = [
                i
                for i, c in enumerate(entry.changes)
                if c.needs_reason and not c.reason and (c.subject, c.task, c.item) == key
            ]
            if found:
                changes = list(entry.changes)
                for i in found:
                    changes[i] = replace(changes[i], reason=explanation.reason, stale_reason=False)
                ph.entries[at] = Entry(entry.commit, tuple(changes))
                break


def revisions(paths: list[Path], baseline: str | None = None) -> tuple[str, ...]:
    """The commits a history read at HEAD is made from: HEAD's and the baseline's (empty outside
    a repository or for a baseline that names no commit). A live preview keeps its history
    while they stay the same; a new commit or a moved baseline tag reads it again."""
    try:
        repo = GitRepo.find(paths[0].resolve())
        return (repo.resolve("HEAD"), *([repo.resolve(baseline)] if baseline else []))
    except (GitError, IndexError):
        return ()


def unavailable(note: str) -> History:
    return History(Completeness.UNAVAILABLE, note)


def read_history(
    paths: list[Path],
    current: Portfolio | None = None,
    baseline: str | None = None,
    head: str = "HEAD",
    cache: Path | None = None,
) -> History:
    """The change history of the plans under `paths` (files or folders in one repository),
    up to the commit `head` (an issued bulletin reads the history as it stood at its pin).
    `cache` is a folder that keeps the plan parsed from each blob across builds.

    `current` is the working tree's portfolio: when its plans differ from the last commit,
    the difference is a last entry without a commit. `baseline` names the revision whose
    plans are the baselines (default: each plan's first committed version). Raises
    GitError only for a `baseline` that does not name a commit in a full clone."""
    try:
        repo = GitRepo.find(paths[0].resolve())
        reader = PlanReader(repo, [p.resolve() for p in paths], BlobStore(cache) if cache else None)
        commits = repo.log(reader.specs, head)
    except GitError as error:
        return unavailable(str(error))
    shallow = repo.is_shallow()
    cut = repo.shallow_roots() if shallow else set()
    history = History(
        Completeness.SHALLOW if shallow else Completeness.COMPLETE,
        note=(
            "a shallow clone: the change history starts at its oldest commit; fetch the whole "
            "history (fetch-depth: 0) to show it all"
        )
        if shallow
        else "",
        baseline_revision=baseline,
        since=commits[0].date if commits else None,
    )
    previous: dict[str, PlanFile] = {}
    for commit in commits:
        plans = reader.plans_at(commit.sha)
        for plan_id in sorted(set(plans) | set(previous)):
            ph = history.plans.setdefault(plan_id, PlanHistory(plan_id))
            if plan_id in plans and ph.first_seen is None:
                ph.first_seen = commit
                if commit.sha not in cut:  # at a shallow cut, the plan may be older than what we see
                    ph.baseline, ph.baseline_commit = plans[plan_id], commit
                continue
            if plans.get(plan_id) is previous.get(plan_id):
                continue  # the same blob, hence the same parsed object: nothing changed
            changes, explained = compare_with_explanations(previous.get(plan_id), plans.get(plan_id))
            if explained:
                _attach(ph, explained)
            if changes:
                ph.entries.append(Entry(commit, tuple(changes)))
        previous = plans
    history.last = previous
    history.parses = reader.parses
    if current is not None:
        history = history.with_worktree(current)
    if baseline:
        try:
            sha = repo.resolve(baseline)
        except GitError as error:
            if shallow:
                history.note += f"; the baseline {baseline!r} is not in this clone"
                for ph in history.plans.values():
                    ph.baseline = ph.baseline_commit = None
                return history
            raise GitError(f"baseline: {error}") from None
        base_commit = repo.commit(sha)
        at_base = reader.plans_at(sha)
        for plan_id, ph in history.plans.items():
            if plan_id in at_base:  # a plan the baseline does not have keeps its first version
                ph.baseline, ph.baseline_commit = at_base[plan_id], base_commit
    return history
