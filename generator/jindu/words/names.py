"""Names: the display names of units, people and organizations, and a task's heading."""

from __future__ import annotations

from dataclasses import dataclass

from jindu.plans.index import TaskEntry
from jindu.plans.model import DirectoryFile
from jindu.plans.portfolio import Portfolio


@dataclass
class Names:
    """Display names of units and people per organization."""

    units: dict[tuple[str, str], str]
    unit_kinds: dict[tuple[str, str], str]
    people: dict[tuple[str, str], str]
    titles: dict[tuple[str, str], str]
    orgs: dict[str, str]

    @classmethod
    def build(cls, portfolio: Portfolio) -> Names:
        units, kinds, people, titles, orgs = {}, {}, {}, {}, {}
        for org, doc in portfolio.directories.items():
            directory: DirectoryFile = doc.model
            orgs[org] = directory.organization.short_name or directory.organization.name
            for unit in directory.units:
                units[(org, unit.id)] = unit.name
                kinds[(org, unit.id)] = unit.kind.value
            for person in directory.people:
                people[(org, person.id)] = person.name
                titles[(org, person.id)] = person.title or ""
        return cls(units, kinds, people, titles, orgs)


def task_heading(entry: TaskEntry) -> str:
    number = entry.task.number
    return f"{number} {entry.task.title}" if number not in (None, "") else entry.task.title
