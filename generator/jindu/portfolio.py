"""Portfolio: every plan, directory and progress file under the given paths, validated.

`load_portfolio` is the front of the pipeline: it finds YAML files, loads each with the
positioned loader, validates it against the model and runs the cross-object checks. It
never raises on user data; the returned `Portfolio` carries every diagnostic found.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostics, Mark
from .index import PlanIndex
from .loader import LoadedFile, load_bytes, load_file
from .model import DirectoryFile, Model, PlanFile, ProgressFile
from .validation import validate

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Document:
    """A file that loaded and validated: its model object and where it came from."""

    source: LoadedFile
    model: Model


@dataclass
class Portfolio:
    directories: dict[str, Document] = field(default_factory=dict)
    plans: dict[str, Document] = field(default_factory=dict)
    progress: list[Document] = field(default_factory=list)
    files: list[LoadedFile] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    indexes: dict[str, PlanIndex] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors

    def plan(self, plan_id: str) -> PlanFile:
        return self.plans[plan_id].model  # type: ignore[return-value]

    def directory_for(self, plan: PlanFile) -> DirectoryFile | None:
        doc = self.directories.get(plan.organization)
        return doc.model if doc else None  # type: ignore[return-value]

    def progress_for(self, plan_id: str) -> list[Document]:
        return [d for d in self.progress if d.model.plan == plan_id]  # type: ignore[attr-defined]

    def index(self, plan_id: str) -> PlanIndex:
        if plan_id not in self.indexes:
            self.indexes[plan_id] = PlanIndex.build(self.plan(plan_id))
        return self.indexes[plan_id]


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if not os.path.relpath(path).startswith("..") else path.as_posix()
    except ValueError:  # different drive on Windows
        return path.as_posix()


def discover(paths: list[Path], diagnostics: Diagnostics) -> list[Path]:
    """YAML files named directly or found below the given directories, sorted, no dot-folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                        found.append(Path(root) / name)
        elif path.is_file():
            found.append(path)
        else:
            diagnostics.add("E-READ", "no such file or directory", Mark(display_path(path)),
                            hint="give a plan file or the folder holding the plans (default: plans/)")
    unique = sorted(dict.fromkeys(p.resolve() for p in found))
    return unique


def load_portfolio(paths: list[Path]) -> Portfolio:
    """Load, validate and check every file; collect all diagnostics."""
    portfolio = Portfolio()
    for path in discover(paths, portfolio.diagnostics):
        _add_file(portfolio, load_file(path, display_path(path), portfolio.diagnostics))
    return _checked(portfolio)


def load_snapshot(files: dict[Path, bytes]) -> Portfolio:
    """Load, validate and check files given as bytes by path: the plans at a git revision.

    Paths are where the files would be in the working tree, so marks read the same as
    those of `load_portfolio`."""
    portfolio = Portfolio()
    for path in sorted(files):
        _add_file(portfolio, load_bytes(files[path], display_path(path), portfolio.diagnostics, path))
    return _checked(portfolio)


def _add_file(portfolio: Portfolio, loaded: LoadedFile) -> None:
    portfolio.files.append(loaded)
    if not loaded.ok:
        return
    model = validate(loaded, portfolio.diagnostics)
    if model is not None:
        _register(portfolio, Document(loaded, model))


def _checked(portfolio: Portfolio) -> Portfolio:
    from .checks import check_portfolio

    check_portfolio(portfolio)
    return portfolio


def _register(portfolio: Portfolio, doc: Document) -> None:
    model = doc.model
    if isinstance(model, PlanFile):
        key, table, what = model.id, portfolio.plans, "plan"
    elif isinstance(model, DirectoryFile):
        key, table, what = model.organization.id, portfolio.directories, "directory for organization"
    else:
        assert isinstance(model, ProgressFile)
        portfolio.progress.append(doc)
        return
    if key in table:
        first = table[key].source
        field_path = ("id",) if isinstance(model, PlanFile) else ("organization", "id")
        mark = doc.source.mark_for(field_path)
        portfolio.diagnostics.add(
            "E-DUP-ID",
            f"{what} {key!r} is defined twice (first in {first.display_path}:{first.mark_for(field_path).line})",
            mark,
            hint="give each plan its own id; keep one directory file per organization",
            source_line=doc.source.line_text(mark.line),
        )
        return
    table[key] = doc
