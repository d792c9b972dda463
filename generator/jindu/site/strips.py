"""Strips: each task's status at the end of every elapsed month of its plan (the 状态变化 strip
of a task page), cached by content.

A past month's statuses depend only on the plan, its progress files and the rules, so they are
computed once and kept in the chart cache folder under a key made of those files' text, the
month ends, the rules and the status code itself: a daily rebuild reads them back, a progress
edit recomputes the one plan it touches.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jindu.plans.periods import month_starts
from jindu.plans.portfolio import Portfolio
from jindu.status.engine import month_end, status_history
from jindu.status.verdicts import State, StatusRules
from jindu.store import Store
from jindu.words.reasons import Reason, decode, encode

if TYPE_CHECKING:
    from jindu.groundwork import Groundwork
    from jindu.recall import Recall

Strip = list[tuple[date, State, Reason]]
_SUFFIX = "strips.json"


@cache
def _code_version() -> str:
    """A digest of the status rules' source and of the reasons' encoding: a rule change never
    reads an old strip."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in [*sorted((package / "status").glob("*.py")), package / "words" / "reasons.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _key(portfolio: Portfolio, plan_id: str, as_of: date, rules: StatusRules) -> str:
    digest = hashlib.sha256()
    index = portfolio.index(plan_id)
    parts = [_code_version(), repr(astuple(rules)), index.start.isoformat(), index.end.isoformat(), as_of.isoformat()]
    parts.append(portfolio.plans[plan_id].source.text)
    parts += [d.source.text for d in sorted(portfolio.progress_for(plan_id), key=lambda d: d.source.display_path)]
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _months_key(portfolio: Portfolio, plan_id: str, as_of: date, rules: StatusRules) -> str:
    """The key uses the last month end before `as_of`, not `as_of`: every day of a month reads
    the same strips."""
    points = [day for day in _month_ends(portfolio, plan_id) if day < as_of]
    return _key(portfolio, plan_id, points[-1] if points else date.min, rules)


def _month_ends(portfolio: Portfolio, plan_id: str) -> list[date]:
    index = portfolio.index(plan_id)
    return [min(month_end(start), index.end) for start in month_starts(index.start, index.end)]


def task_strips(
    portfolio: Portfolio,
    plan_id: str,
    as_of: date,
    rules: StatusRules,
    folder: Path | None,
    groundwork: Groundwork | None = None,
    recall: Recall | None = None,
) -> dict[str, Strip]:
    """Every task's strip (task id → [(month end, state, reason)]) of one plan as of a date; read
    once for the builds that share `groundwork` (the editions of a site), and kept by a live
    preview's `recall` while the plan's models are the same (loading keeps unchanged files')."""
    if groundwork is not None:
        shared = ("strips", id(portfolio), plan_id, as_of, rules, folder)
        return groundwork.once(shared, lambda: task_strips(portfolio, plan_id, as_of, rules, folder, None, recall))
    if recall is not None:
        models = portfolio.models_of(plan_id)
        kept = (tuple(id(model) for model in models), as_of, rules, folder)
        return recall.once("strips", kept, lambda: (models, task_strips(portfolio, plan_id, as_of, rules, folder)))[1]
    store = Store(folder)
    key = _months_key(portfolio, plan_id, as_of, rules)
    found = store.get(key, [_SUFFIX])
    if found is not None:
        try:
            return _decode(json.loads(found[_SUFFIX]))
        except (ValueError, KeyError, TypeError):
            pass  # an unreadable entry is computed again
    strips: dict[str, Strip] = {}
    for point in status_history(portfolio, plan_id, as_of, rules):
        for task_id, status in point.plan.tasks.items():
            strips.setdefault(task_id, []).append((point.day, status.state, status.verdict.reason))
    encoded = {t: [[d.isoformat(), s.value, encode(r)] for d, s, r in strip] for t, strip in strips.items()}
    store.put(key, {_SUFFIX: json.dumps(encoded, ensure_ascii=False, sort_keys=True).encode("utf-8")})
    return strips


def _decode(data: dict) -> dict[str, Strip]:
    return {task: [(date.fromisoformat(d), State(s), decode(r)) for d, s, r in strip] for task, strip in data.items()}
