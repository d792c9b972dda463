"""Portfolio: every plan, directory and progress file of one build, validated.

A `Portfolio` is what `loading.load_portfolio` returns: the documents that loaded and
validated, every file read, and every diagnostic found on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from jindu.diagnostics.diagnostic import Diagnostics
from jindu.plans.index import PlanIndex
from jindu.plans.loader import LoadedFile
from jindu.plans.model import DirectoryFile, PlanFile, ProgressFile

FileModel = TypeVar("FileModel", PlanFile, DirectoryFile, ProgressFile)


@dataclass
class Document(Generic[FileModel]):
    """A file that loaded and validated: its model object and where it came from."""

    source: LoadedFile
    model: FileModel


@dataclass
class Portfolio:
    directories: dict[str, Document[DirectoryFile]] = field(default_factory=dict)
    plans: dict[str, Document[PlanFile]] = field(default_factory=dict)
    progress: list[Document[ProgressFile]] = field(default_factory=list)
    files: list[LoadedFile] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    indexes: dict[str, PlanIndex] = field(default_factory=dict)
    # Files that failed validation, by the id they give: what refers to them is not guessed at.
    failed_plans: set[str] = field(default_factory=set)
    failed_directories: set[str] = field(default_factory=set)
    # The valid rest of failed plans (plans/salvage.py): checked for references, never built.
    salvaged: list[Document[PlanFile]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors

    def plan(self, plan_id: str) -> PlanFile:
        return self.plans[plan_id].model

    def directory_for(self, plan: PlanFile) -> DirectoryFile | None:
        doc = self.directories.get(plan.organization)
        return doc.model if doc else None

    def progress_for(self, plan_id: str) -> list[Document[ProgressFile]]:
        return [d for d in self.progress if d.model.plan == plan_id]

    def models_of(self, plan_id: str) -> tuple:
        """The plan's model and its progress reports' models: what its statuses are computed from."""
        return (self.plan(plan_id), *(doc.model for doc in self.progress_for(plan_id)))

    def index(self, plan_id: str) -> PlanIndex:
        if plan_id not in self.indexes:
            self.indexes[plan_id] = PlanIndex.build(self.plan(plan_id))
        return self.indexes[plan_id]
