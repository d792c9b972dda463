"""Pairing: which object of one version of a plan is which of the next.

Milestones have no required id, and a moved deadline changes the derived one (`q2` → `q3`),
so `pair_milestones` pairs them in rounds, strongest first: equal written ids; the same
period, target and steps (a written id rewritten by hand); the same target (the deadline
moved); the same id (the target was reworded); then whatever is left, in order (both
changed). Tasks whose id changed are paired by title under the same parent
(`renamed_tasks`). `moved_ids` lists every milestone whose id differs between the versions,
for the warning that progress reports naming the old id no longer find it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jindu.plans.index import PlanIndex, TaskEntry
from jindu.plans.loader import DataPath
from jindu.plans.model import Milestone, PlanFile, Task


def renamed_tasks(old: PlanIndex, new: PlanIndex) -> dict[str, TaskEntry]:
    """New task id → the old entry it renames: tasks only one side has, under the same
    parent (section, or parent task by its id on either side), with the same title."""
    gone = [e for e in old.entries if e.task.id not in new.by_id]
    came = [e for e in new.entries if e.task.id not in old.by_id]
    if not gone or not came:
        return {}
    pairs: dict[str, TaskEntry] = {}
    # Parents are compared by id: a renamed parent pairs first (entries list parents first).
    parent_of: dict[str, str] = {}

    def parent(entry: TaskEntry, side: str) -> tuple[str, str | None]:
        pid = entry.parent.id if entry.parent else None
        if side == "new" and pid is not None:
            pid = parent_of.get(pid, pid)
        return entry.section.id, pid

    for entry in came:
        for candidate in gone:
            if candidate.task.title == entry.task.title and parent(candidate, "old") == parent(entry, "new"):
                pairs[entry.task.id] = candidate
                parent_of[entry.task.id] = candidate.task.id
                gone.remove(candidate)
                break
    return pairs


@dataclass(frozen=True)
class MovedId:
    """A milestone that kept its place in the plan but not its id: progress reports that
    name `old` no longer find it (or find another milestone)."""

    plan: str
    task: str
    old: str
    new: str
    path: DataPath
    written: bool  # the id was written (renamed by hand), not derived from the period


def moved_ids(old: PlanFile, new: PlanFile) -> list[MovedId]:
    """Every milestone of a task both versions have whose id differs between them."""
    old_index, new_index = PlanIndex.build(old), PlanIndex.build(new)
    renamed = renamed_tasks(old_index, new_index)
    found = []
    for entry in new_index.entries:
        before = old_index.by_id.get(entry.task.id) or renamed.get(entry.task.id)
        if before is None:
            continue
        for i, j in pair_milestones(before, entry)[0]:
            if before.milestone_ids[i] != entry.milestone_ids[j]:
                written = bool(before.task.milestones[i].id or entry.task.milestones[j].id)
                path = entry.path + ("milestones", j)
                found.append(
                    MovedId(new.id, entry.task.id, before.milestone_ids[i], entry.milestone_ids[j], path, written)
                )
    return found


def step_set(task: Task) -> set[tuple[str, str]]:
    """(period, text) of every step of a task's milestones."""
    return {(step.period, step.text) for m in task.milestones for step in m.steps or ()}


def pair_milestones(old: TaskEntry, new: TaskEntry) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs (old index, new index) of the same milestone, then the old ones removed and
    the new ones added (see the module docstring for the rounds)."""
    om, nm = old.task.milestones, new.task.milestones
    left_old, left_new = list(range(len(om))), list(range(len(nm)))
    pairs: list[tuple[int, int]] = []

    def match(same: Callable[[int, int], bool]) -> None:
        for i in list(left_old):
            for j in left_new:
                if same(i, j):
                    pairs.append((i, j))
                    left_old.remove(i)
                    left_new.remove(j)
                    break

    def content(m: Milestone) -> tuple:
        return (m.period, m.recurrence, m.target, tuple((step.period, step.text) for step in m.steps))

    match(lambda i, j: bool(om[i].id) and om[i].id == nm[j].id)
    match(lambda i, j: content(om[i]) == content(nm[j]))  # both ids written: renamed by hand
    match(lambda i, j: not (om[i].id and nm[j].id) and bool(om[i].target) and om[i].target == nm[j].target)
    match(lambda i, j: not (om[i].id and nm[j].id) and old.milestone_ids[i] == new.milestone_ids[j])
    match(lambda i, j: not (om[i].id and nm[j].id))
    return sorted(pairs, key=lambda p: p[1]), left_old, left_new
