"""Salvage: the valid rest of a file that failed validation, so one run reports everything.

A plan with one bad milestone used to be dropped whole: its unit and people references went
unchecked until the shape error was fixed, and a second run found them. `salvage` removes what
each validation error points into (the list item holding it — a milestone, a task — or an
unknown key) and validates the rest. The salvaged plan is checked like any other but never
built; its marks are remapped, so diagnostics keep the lines of the file as written.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from jindu.plans.loader import DataPath, LoadedFile
from jindu.plans.model import Model
from jindu.plans.validation import ADAPTER


def _cut(loc: DataPath, unknown_key: bool) -> DataPath | None:
    """What to remove for one error: the unknown key, or the innermost list item around it."""
    if unknown_key:
        return loc
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            return loc[:end]
    return None  # an error in the file's own keys: nothing smaller to drop


def _remap(path: DataPath, cuts: set[DataPath]) -> DataPath | None:
    """`path` in the data after `cuts` are removed; None when it was removed."""
    out: list = []
    for depth, step in enumerate(path):
        prefix = path[:depth]
        if prefix + (step,) in cuts:
            return None
        if isinstance(step, int):
            step -= sum(1 for c in cuts if len(c) == depth + 1 and c[:depth] == prefix and c[depth] < path[depth])
        out.append(step)
    return tuple(out)


def _remove(data: Any, cuts: set[DataPath]) -> Any:
    data = copy.deepcopy(data)
    for cut in sorted(cuts, key=lambda c: (len(c), c), reverse=True):  # deepest, then highest index first
        parent = data
        for step in cut[:-1]:
            parent = parent[step]
        del parent[cut[-1]]
    return data


def salvage(loaded: LoadedFile, errors: list[dict]) -> tuple[LoadedFile, Model] | None:
    """The file without what `errors` (pydantic's, with paths inside the file) point into,
    and its model; None when an error is in the file's own keys or the rest still fails."""
    cuts: set[DataPath] = set()
    for error in errors:
        cut = _cut(tuple(error["loc"]), error["type"] == "extra_forbidden")
        if cut is None:
            return None
        cuts.add(cut)
    cuts = {c for c in cuts if not any(c[: len(o)] == o and c != o for o in cuts)}  # inside another cut
    try:
        data = _remove(loaded.data, cuts)
    except (KeyError, IndexError, TypeError):
        return None
    marks = {new: m for path, m in loaded.marks.items() if (new := _remap(path, cuts)) is not None}
    try:
        model = ADAPTER.validate_python(data)
    except ValidationError:
        return None
    return replace(loaded, data=data, marks=marks), model
