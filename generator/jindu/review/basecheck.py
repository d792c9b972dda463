"""Base check: the rules a change must follow, judged against the plans at a base revision.

`check_against(base, head)` adds to the head portfolio's diagnostics: a moved deadline
or rewritten target without a new `reason` is an error at the changed line
(E-CHANGE-REASON); a removed task, milestone or indicator, and a milestone whose id
moved (with its period, or renamed by hand), are warnings. `jindu check --base REV` runs it; the diagnostics
print and annotate like every other.
"""

from __future__ import annotations

from jindu.diagnostics.diagnostic import Mark
from jindu.history.changes import Change, Kind, Subject, compare_plans
from jindu.history.pairing import MovedId, moved_ids
from jindu.plans.loader import DataPath, LoadedFile
from jindu.plans.portfolio import Portfolio
from jindu.words.changes import ChangeWords


def check_against(base: Portfolio, head: Portfolio) -> None:
    """Compare every plan in both portfolios and report what a change may not do silently."""
    words = ChangeWords("en")
    for plan_id, doc in head.plans.items():
        if plan_id not in base.plans:
            continue
        for change in compare_plans(base.plan(plan_id), head.plan(plan_id)):
            if change.missing_reason:
                _reason_missing(head, doc.source, change, words)
            elif change.kind is Kind.REMOVED and change.subject in (Subject.TASK, Subject.MILESTONE, Subject.INDICATOR):
                _removed(head, doc.source, change, words)
        for moved in moved_ids(base.plan(plan_id), head.plan(plan_id)):
            _moved(head, doc.source, moved)


def _mark(source: LoadedFile, path: DataPath) -> Mark:
    """The mark of a data path, or of its nearest ancestor the file still has."""
    while path:
        if path in source.marks:
            return source.mark_for(path)
        path = path[:-1]
    return Mark(source.display_path, 1, 1)


def _reason_missing(head: Portfolio, source: LoadedFile, change: Change, words: ChangeWords) -> None:
    mark = _mark(source, change.path)
    what = {"period": "deadline", "target": "target", "targets": "target values", "steps": "steps"}[change.field or ""]
    item = f" {change.item!r}" if change.item else ""
    if change.old_item:
        item = f" {change.old_item!r} (now {change.item!r})"
    message = (
        f"the {what} of {change.subject.value}{item} of task {change.task!r} changed "
        f"({words.value(change.field, change.old)} → {words.value(change.field, change.new)}) without a reason"
    )
    if change.stale_reason:
        hint = (
            "its `reason` is the one given for an earlier change; rewrite it to say why this change is made (变更理由)"
        )
    else:
        hint = f"add `reason:` (变更理由) to the {change.subject.value}, saying why the {what} changed"
    head.diagnostics.add(
        "E-CHANGE-REASON",
        message,
        mark,
        breadcrumb=f"plan {change.plan} › task {change.task}",
        hint=hint,
        source_line=source.line_text(mark.line),
    )


def _removed(head: Portfolio, source: LoadedFile, change: Change, words: ChangeWords) -> None:
    # The removed object is not in the new file: point at its parent, which is.
    parent = change.path[:-2] if change.subject is not Subject.TASK else change.path[:2]
    mark = _mark(source, parent)
    item = change.item or change.task
    head.diagnostics.add(
        "W-REMOVED",
        f"{change.subject.value} {item!r} ({change.name}) was removed from plan {change.plan!r}",
        mark,
        breadcrumb=f"plan {change.plan}" + (f" › task {change.task}" if change.subject is not Subject.TASK else ""),
        hint="to drop work mid-year, keep it and report it `cancelled` with a note, so its page says why",
        source_line=source.line_text(mark.line),
    )


def _moved(head: Portfolio, source: LoadedFile, moved: MovedId) -> None:
    mark = _mark(source, moved.path)
    if moved.written:
        message = (
            f"milestone {moved.old!r} of task {moved.task!r} is now {moved.new!r} (its id was rewritten); "
            f"progress reports that name {moved.old!r} no longer find it"
        )
        hint = f"change `milestone: {moved.old}` to `milestone: {moved.new}` in the progress reports of task {moved.task!r}"
    else:
        message = (
            f"milestone {moved.old!r} of task {moved.task!r} is now {moved.new!r} (its id follows its period); "
            f"progress reports that name {moved.old!r} no longer find it"
        )
        hint = f"keep the id: add `id: {moved.old}` to the milestone"
    head.diagnostics.add(
        "W-MILESTONE-ID",
        message,
        mark,
        breadcrumb=f"plan {moved.plan} › task {moved.task}",
        hint=hint,
        source_line=source.line_text(mark.line),
    )
