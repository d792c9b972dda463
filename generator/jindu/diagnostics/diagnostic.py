"""Diagnostic: what `jindu check` reports about plan files, as plain data.

A Diagnostic is plain data (severity, stable code, message, where, breadcrumb, hint).
Nothing in the pipeline raises on bad user data; every stage appends Diagnostics to a
list so that one run reports everything at once. `formats` prints them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Mark:
    """A position in a source file: 1-based line and column, as editors show them."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    mark: Mark | None = None
    breadcrumb: str = ""
    hint: str = ""
    source_line: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        mark = self.mark or Mark("")
        return (mark.path, mark.line, mark.column, self.code, self.message)


@dataclass
class Diagnostics:
    """An ordered collection that every pipeline stage appends to."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        mark: Mark | None = None,
        *,
        breadcrumb: str = "",
        hint: str = "",
        severity: Severity | None = None,
        source_line: str = "",
    ) -> Diagnostic:
        if severity is None:
            severity = Severity.WARNING if code.startswith("W-") else Severity.ERROR
        diagnostic = Diagnostic(severity, code, message, mark, breadcrumb, hint, source_line)
        self.items.append(diagnostic)
        return diagnostic

    def extend(self, others: Iterable[Diagnostic]) -> None:
        self.items.extend(others)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=Diagnostic.sort_key)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)
