"""Changes: what differs between two versions of a plan, object by object.

`compare_plans(old, new)` walks two versions of one plan and returns a `Change` per thing
that differs: a task, milestone or indicator added or removed, or one field changed (old →
new). It is pure and knows nothing of git; `jindu diff`, `jindu check --base`, the task
pages' change history and the bulletin's 本期计划调整 all read the same list.

A change that moves a deadline or rewrites a target `needs_reason`. The reason is the
object's `reason` field in the new version, and counts only when this change wrote it
(it differs from the old version's): a reason given for an earlier change does not
explain this one.

Objects are paired across the versions by `pairing` (milestones by id, content or place;
renamed tasks by title). A milestone that became a step of another (a month folded into
its quarter) is not a removal: the other's `steps` change says it. A derived id that moved
with its period (or shifted because a sibling moved) is not a change of its own: the
milestone's changes carry `old_item`, and `pairing.moved_ids` lists every id a progress
report may no longer find. A written id changed is one rename (field `id`).

A task or indicator whose id changed is a rename, not a removal and an addition, when
what is left unpaired on both sides has the same title (a task, under the same parent)
or the same name (an indicator): one change of field `id`, then its other changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import Any

from jindu.history.pairing import pair_milestones, renamed_tasks, step_set
from jindu.plans.index import PlanIndex, TaskEntry
from jindu.plans.loader import DataPath
from jindu.plans.model import Milestone, PlanFile

# Fields compared, in the order they are reported, and those that need a reason.
PLAN_FIELDS = ("title", "year", "start", "end")
SECTION_FIELDS = ("title", "lead_departments")
TASK_FIELDS = (
    "title",
    "target",
    "description",
    "annual_plan",
    "lead_leaders",
    "cooperating_leaders",
    "lead_departments",
    "cooperating_units",
    "responsible_units",
    "people",
)
MILESTONE_FIELDS = ("period", "target", "label", "acceptance", "responsible", "steps")
INDICATOR_FIELDS = ("name", "unit", "baseline", "direction", "targets", "upper", "qualifier")
# Whatever loosens or tightens what is promised: a deadline, a target's value, range, wording or direction.
NEEDS_REASON = {
    "task": {"target"},
    "milestone": {"period", "target", "steps"},
    "indicator": {"targets", "upper", "qualifier", "direction"},
}
# Owner fields: who answers for a task. Reported; no reason required.
OWNER_FIELDS = {
    "lead_leaders",
    "cooperating_leaders",
    "lead_departments",
    "cooperating_units",
    "responsible_units",
    "people",
    "responsible",
}


class Kind(str, Enum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class Subject(str, Enum):
    PLAN = "plan"
    SECTION = "section"
    TASK = "task"
    MILESTONE = "milestone"
    INDICATOR = "indicator"


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a plan.

    `task` is the task or sub-target id, `item` the milestone, indicator or section id;
    `old` and `new` are plain JSON values; `path` is the data path in the new version
    (in the old one for a removal), for marks; `name` says what the object is called."""

    plan: str
    subject: Subject
    kind: Kind
    task: str | None = None
    item: str | None = None
    field: str | None = None
    old: Any = None
    new: Any = None
    reason: str | None = None
    needs_reason: bool = False
    stale_reason: bool = False  # the object has a reason, but from an earlier change
    old_item: str | None = None  # a milestone's id before the change, when the change moved it
    path: DataPath = ()
    name: str = ""

    @property
    def missing_reason(self) -> bool:
        return self.needs_reason and not self.reason

    @property
    def is_deadline(self) -> bool:
        return self.subject is Subject.MILESTONE and self.field == "period"

    @property
    def is_target(self) -> bool:
        return self.field in ("target", "targets", "steps") and self.subject is not Subject.SECTION

    def to_json(self) -> dict:
        return {
            "plan": self.plan,
            "subject": self.subject.value,
            "kind": self.kind.value,
            "task": self.task,
            "item": self.item,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
            "needs_reason": self.needs_reason,
            "missing_reason": self.missing_reason,
            "name": self.name,
            "old_item": self.old_item,
        }


@dataclass(frozen=True)
class Explanation:
    """A reason written without changing what it explains: the `reason` of an object whose
    deadline or target changed in an earlier commit (the history attaches it there)."""

    subject: Subject
    task: str | None
    item: str | None
    reason: str


@dataclass
class _Collector:
    plan: str
    changes: list[Change] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)

    def add(
        self,
        subject: Subject,
        kind: Kind,
        path: DataPath,
        name: str,
        *,
        task: str | None = None,
        item: str | None = None,
        **fields: Any,
    ) -> None:
        self.changes.append(Change(self.plan, subject, kind, task, item, path=path, name=name, **fields))

    def fields(
        self,
        subject: Subject,
        names: tuple[str, ...],
        old: Any,
        new: Any,
        path: DataPath,
        name: str,
        *,
        task: str | None = None,
        item: str | None = None,
        old_item: str | None = None,
    ) -> None:
        """A CHANGED entry per differing field; the reason where the field needs one."""
        needs = NEEDS_REASON.get(subject.value, set())
        old_reason, new_reason = getattr(old, "reason", None), getattr(new, "reason", None)
        fresh = new_reason if new_reason and new_reason != old_reason else None
        if fresh and not any(plain(getattr(old, f)) != plain(getattr(new, f)) for f in names if f in needs):
            self.explanations.append(Explanation(subject, task, item, fresh))
        for field_name in names:
            before, after = plain(getattr(old, field_name)), plain(getattr(new, field_name))
            if before == after:
                continue
            needed = field_name in needs
            self.add(
                subject,
                Kind.CHANGED,
                path + (field_name,),
                name,
                task=task,
                item=item,
                field=field_name,
                old=before,
                new=after,
                reason=fresh if needed else None,
                needs_reason=needed,
                stale_reason=needed and not fresh and bool(new_reason),
                old_item=old_item if old_item != item else None,
            )


def plain(value: Any) -> Any:
    """A model value as plain JSON data (dates as text, people as "person:role")."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, Enum):
        return value.value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "person") and hasattr(value, "role"):
        return f"{value.person}:{plain(value.role)}"
    if hasattr(value, "period") and hasattr(value, "text"):  # a Step
        return f"{value.period}: {value.text}"
    return str(value)


def compare_plans(old: PlanFile | None, new: PlanFile | None) -> list[Change]:
    """Every difference between two versions of one plan (either may be None: added, removed)."""
    return compare_with_explanations(old, new)[0]


def compare_with_explanations(old: PlanFile | None, new: PlanFile | None) -> tuple[list[Change], list[Explanation]]:
    """`compare_plans`, and the reasons the new version writes without changing what they explain."""
    if old is None or new is None:
        plan = new or old
        if plan is None:
            return [], []
        out = _Collector(plan.id)
        out.add(Subject.PLAN, Kind.ADDED if old is None else Kind.REMOVED, (), plan.title)
        return out.changes, []
    out = _Collector(new.id)
    out.fields(Subject.PLAN, PLAN_FIELDS, old, new, (), new.title)
    old_sections = {s.id: (i, s) for i, s in enumerate(old.sections)}
    new_sections = {s.id: (i, s) for i, s in enumerate(new.sections)}
    for sid, (i, section) in new_sections.items():
        if sid not in old_sections:
            out.add(Subject.SECTION, Kind.ADDED, ("sections", i), section.title, item=sid)
        else:
            out.fields(
                Subject.SECTION, SECTION_FIELDS, old_sections[sid][1], section, ("sections", i), section.title, item=sid
            )
    old_index, new_index = PlanIndex.build(old), PlanIndex.build(new)
    renamed = renamed_tasks(old_index, new_index)
    for entry in new_index.entries:
        before = old_index.by_id.get(entry.task.id) or renamed.get(entry.task.id)
        if before is None:
            out.add(Subject.TASK, Kind.ADDED, entry.path, entry.task.title, task=entry.task.id)
            continue
        if before.task.id != entry.task.id:
            out.add(
                Subject.TASK,
                Kind.CHANGED,
                entry.path + ("id",),
                entry.task.title,
                task=entry.task.id,
                field="id",
                old=before.task.id,
                new=entry.task.id,
            )
        _compare_task(out, before, entry)
    renamed_from = {entry.task.id for entry in renamed.values()}
    for entry in old_index.entries:
        if entry.task.id not in new_index.by_id and entry.task.id not in renamed_from:
            out.add(Subject.TASK, Kind.REMOVED, entry.path, entry.task.title, task=entry.task.id)
    for sid, (i, section) in old_sections.items():
        if sid not in new_sections:
            out.add(Subject.SECTION, Kind.REMOVED, ("sections", i), section.title, item=sid)
    return out.changes, out.explanations


def _compare_task(out: _Collector, old: TaskEntry, new: TaskEntry) -> None:
    tid = new.task.id
    out.fields(Subject.TASK, TASK_FIELDS, old.task, new.task, new.path, new.task.title, task=tid)
    pairs, removed, added = pair_milestones(old, new)
    events: list[tuple[int, int, Callable[[], None]]] = []
    for i, j in pairs:
        m_old, m_new = old.task.milestones[i], new.task.milestones[j]
        path = new.path + ("milestones", j)
        name = milestone_name(m_new)
        events.append(
            (
                j,
                0,
                partial(
                    out.fields,
                    Subject.MILESTONE,
                    MILESTONE_FIELDS,
                    m_old,
                    m_new,
                    path,
                    name,
                    task=tid,
                    item=new.milestone_ids[j],
                    old_item=old.milestone_ids[i],
                ),
            )
        )
        if m_old.id and m_new.id and m_old.id != m_new.id:
            # A written id rewritten is a rename of its own; a derived one that moved with
            # its period is said by the period change (`old_item`), and `moved_ids` lists both.
            events.append(
                (
                    j,
                    0,
                    partial(
                        out.add,
                        Subject.MILESTONE,
                        Kind.CHANGED,
                        path,
                        name,
                        task=tid,
                        item=new.milestone_ids[j],
                        field="id",
                        old=old.milestone_ids[i],
                        new=new.milestone_ids[j],
                        old_item=old.milestone_ids[i],
                    ),
                )
            )
    for j in added:
        m = new.task.milestones[j]
        events.append(
            (
                j,
                1,
                partial(
                    out.add,
                    Subject.MILESTONE,
                    Kind.ADDED,
                    new.path + ("milestones", j),
                    milestone_name(m),
                    task=tid,
                    item=new.milestone_ids[j],
                    new=_milestone_value(m),
                ),
            )
        )
    folded = step_set(new.task) - step_set(old.task)
    for i in removed:
        m = old.task.milestones[i]
        if (m.period, m.target) in folded:
            continue  # made a step of another milestone: said by that milestone's `steps` change
        events.append(
            (
                len(new.task.milestones) + i,
                2,
                partial(
                    out.add,
                    Subject.MILESTONE,
                    Kind.REMOVED,
                    old.path + ("milestones", i),
                    milestone_name(m),
                    task=tid,
                    item=old.milestone_ids[i],
                    old=_milestone_value(m),
                ),
            )
        )
    for _, _, emit in sorted(events, key=lambda e: (e[0], e[1])):
        emit()
    old_ind = {ind.id: ind for ind in old.task.indicators}
    new_ids = {ind.id for ind in new.task.indicators}
    gone = {ind.name: ind for ind in reversed(old.task.indicators) if ind.id not in new_ids}
    renamed: set[str] = set()
    for k, indicator in enumerate(new.task.indicators):
        path = new.path + ("indicators", k)
        before = old_ind.get(indicator.id)
        if before is None and indicator.name in gone:
            before = gone.pop(indicator.name)
            renamed.add(before.id)
            out.add(
                Subject.INDICATOR,
                Kind.CHANGED,
                path + ("id",),
                indicator.name,
                task=tid,
                item=indicator.id,
                field="id",
                old=before.id,
                new=indicator.id,
            )
        if before is not None:
            out.fields(
                Subject.INDICATOR,
                INDICATOR_FIELDS,
                before,
                indicator,
                path,
                indicator.name,
                task=tid,
                item=indicator.id,
            )
        else:
            out.add(
                Subject.INDICATOR,
                Kind.ADDED,
                path,
                indicator.name,
                task=tid,
                item=indicator.id,
                new=plain(indicator.targets),
            )
    for k, indicator in enumerate(old.task.indicators):
        if indicator.id not in new_ids and indicator.id not in renamed:
            out.add(
                Subject.INDICATOR,
                Kind.REMOVED,
                old.path + ("indicators", k),
                indicator.name,
                task=tid,
                item=indicator.id,
                old=plain(indicator.targets),
            )


def milestone_name(milestone: Milestone) -> str:
    return milestone.label or milestone.period


def _milestone_value(milestone: Milestone) -> dict:
    return {"period": milestone.period, "target": milestone.target}
