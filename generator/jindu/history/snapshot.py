"""Snapshot: the plans as they were at a git revision, loaded like the working tree.

`portfolio_at` reads every YAML file under the plan paths at a revision and loads it with
the same loader, validation and checks as `load_portfolio`, with marks that name the file
where it is in the working tree. `PlanReader` is the light version for the history: plan
files only, parsed once per blob however many commits share it.
"""

from __future__ import annotations

from pathlib import Path

from jindu.diagnostics.diagnostic import Diagnostics
from jindu.history.gitrepo import GitRepo
from jindu.plans.loader import load_bytes
from jindu.plans.loading import YAML_SUFFIXES, display_path, load_snapshot
from jindu.plans.model import PlanFile
from jindu.plans.portfolio import Portfolio
from jindu.plans.validation import validate


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


class PlanReader:
    """Plan files at many revisions, each distinct blob parsed and validated once."""

    def __init__(self, repo: GitRepo, paths: list[Path]) -> None:
        self.repo = repo
        self.specs = pathspecs(repo, paths)
        self.parsed: dict[str, PlanFile | None] = {}

    def plans_at(self, revision: str) -> dict[str, PlanFile]:
        """Plan id → plan at `revision`; files that are not plans or do not validate are left out."""
        ids = {name: blob for name, blob in self.repo.blob_ids(revision, self.specs).items() if is_plan_data(name)}
        missing = {name: blob for name, blob in ids.items() if blob not in self.parsed}
        for name, data in self.repo.read_blobs(missing).items():
            self.parsed[missing[name]] = _plan_of(data, self.repo.root / name)
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
