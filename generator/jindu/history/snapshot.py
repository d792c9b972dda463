"""Snapshot: the plans as they were at a git revision, loaded like the working tree.

`portfolio_at` reads every YAML file under the plan paths at a revision and loads it with
the same loader, validation and checks as `load_portfolio`, with marks that name the file
where it is in the working tree. `PlanReader` is the light version for the history: plan
files only, parsed once per blob however many commits share it, and — with a `BlobStore` —
once per blob across builds: a blob id names its bytes for ever, so the plan parsed from it
is kept on disk (as JSON, never pickle: a CI cache is not trusted with code) and read back
by later builds instead of parsing the YAML again.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from jindu import __version__
from jindu.diagnostics.diagnostic import Diagnostics
from jindu.history.gitrepo import GitRepo
from jindu.plans.loader import load_bytes
from jindu.plans.loading import YAML_SUFFIXES, display_path, load_snapshot
from jindu.plans.model import PlanFile
from jindu.plans.portfolio import Portfolio
from jindu.plans.validation import validate
from jindu.store import touch


def pathspecs(repo: GitRepo, paths: list[Path]) -> list[str]:
    """The plan paths as git pathspecs (relative to the repository root)."""
    return [repo.relative(p) or "." for p in paths]


def is_plan_data(name: str) -> bool:
    """Whether a repository path is a YAML file the loader would find (no dot-folders)."""
    parts = name.split("/")
    return name.endswith(YAML_SUFFIXES) and not any(p.startswith(".") for p in parts)


def portfolio_at(repo: GitRepo, revision: str, paths: list[Path]) -> Portfolio:
    """Every plan, directory and progress file under `paths` at `revision`, checked."""
    files = repo.files_at(revision, pathspecs(repo, paths))
    return load_snapshot({repo.root / name: data for name, data in files.items() if is_plan_data(name)})


_MISSING = object()


class BlobStore:
    """The plan parsed from each blob id, in a folder (`<id[:2]>/<id>.json`); entries written by
    another jindu version are misses. A damaged or unreadable entry is a miss, never an error."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, blob: str) -> Path:
        return self.folder / blob[:2] / f"{blob}.json"

    def get(self, blob: str) -> object:
        """The plan (or None: not a plan) stored for `blob`, or `_MISSING`."""
        try:
            entry = json.loads(self._path(blob).read_text(encoding="utf-8"))
            if entry.get("jindu") != __version__:
                return _MISSING
            found = None if entry["plan"] is None else PlanFile.model_validate_json(entry["plan"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return _MISSING
        touch(self._path(blob))  # used: kept by the next prune (store.py)
        return found

    def put(self, blob: str, plan: PlanFile | None) -> None:
        entry = {"jindu": __version__, "plan": None if plan is None else plan.model_dump_json()}
        target = self._path(blob)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, staging = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(entry, out, ensure_ascii=False)
            os.replace(staging, target)
        except OSError:  # a read-only or full disk costs speed, not the build
            return


class PlanReader:
    """Plan files at many revisions, each distinct blob parsed and validated once (and, with
    a store, once across builds). `parses` counts the blobs parsed from YAML."""

    def __init__(self, repo: GitRepo, paths: list[Path], store: BlobStore | None = None) -> None:
        self.repo = repo
        self.specs = pathspecs(repo, paths)
        self.parsed: dict[str, PlanFile | None] = {}
        self.store = store
        self.parses = 0

    def plans_at(self, revision: str) -> dict[str, PlanFile]:
        """Plan id → plan at `revision`; files that are not plans or do not validate are left out."""
        ids = {name: blob for name, blob in self.repo.blob_ids(revision, self.specs).items() if is_plan_data(name)}
        missing = {name: blob for name, blob in ids.items() if blob not in self.parsed}
        if self.store is not None:
            for name, blob in list(missing.items()):
                stored = self.store.get(blob)
                if stored is not _MISSING:
                    self.parsed[blob] = stored  # type: ignore[assignment]
                    del missing[name]
        for name, data in self.repo.read_blobs(missing).items():
            plan = self.parsed[missing[name]] = _plan_of(data, self.repo.root / name)
            self.parses += 1
            if self.store is not None:
                self.store.put(missing[name], plan)
        plans: dict[str, PlanFile] = {}
        for name in sorted(ids):
            plan = self.parsed[ids[name]]
            if plan is not None:
                plans.setdefault(plan.id, plan)
        return plans


def _plan_of(data: bytes, path: Path) -> PlanFile | None:
    """The plan in a file's bytes, or None for other kinds and for versions that do not validate."""
    diagnostics = Diagnostics()
    loaded = load_bytes(data, display_path(path), diagnostics, path)
    if not loaded.ok:
        return None
    model = validate(loaded, diagnostics)
    return model if isinstance(model, PlanFile) else None
