"""Recall: what a live preview keeps from one save to the next.

`mkdocs serve` builds the site again at every save, and a save usually changes one file. The
plugin keeps one `Recall` for as long as the server runs and hands it to each build: loading
takes an unchanged file's parsed and checked model from it, the status engine an unchanged
plan's statuses, the page keys the digests of objects it has met before. A build without a
recall (`jindu site`, `mkdocs build`, every test of the stages) makes everything afresh.

Each result is kept under a key that names all it was made from: a file by its bytes, a plan's
statuses by the identity of the models it was computed from (kept alive with the entry, so an
identity is never reused while its entry lives). After each build `sweep()` drops what that
build did not use, so the recall holds one site's worth of results, not one per save.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Recall:
    """Results kept across the builds of one live preview, by table and key (see the module docstring)."""

    def __init__(self) -> None:
        self._tables: dict[str, dict[Hashable, Any]] = {}
        self._used: dict[str, set[Hashable]] = {}
        self.made: dict[str, int] = {}  # results made since the last sweep, by table (the log says)
        self.kept: dict[str, int] = {}  # results taken from the recall since the last sweep, by table

    def once(self, table: str, key: Hashable, make: Callable[[], T]) -> T:
        """The result kept under `key`, or `make()`'s, kept for the next build."""
        entries = self._tables.setdefault(table, {})
        self._used.setdefault(table, set()).add(key)
        if key in entries:
            self.kept[table] = self.kept.get(table, 0) + 1
            return entries[key]
        self.made[table] = self.made.get(table, 0) + 1
        result = entries[key] = make()
        return result

    def sweep(self) -> str:
        """Forget what the build just done did not use; a summary of what it made and kept."""
        for table, entries in self._tables.items():
            used = self._used.get(table, set())
            for key in [k for k in entries if k not in used]:
                del entries[key]
        summary = ", ".join(
            f"{table} {self.kept.get(table, 0)} kept, {self.made.get(table, 0)} made" for table in sorted(self._tables)
        )
        self._used, self.made, self.kept = {}, {}, {}
        return summary
