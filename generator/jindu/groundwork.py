"""Groundwork: results the builds of one run share, made once.

`jindu site` builds an edition per language; the plans, their status report and the monthly
strips do not depend on the language, so the first edition makes them and the others take them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Groundwork:
    """What the builds of one run share: results that do not depend on the language (the loaded
    plans, the status report, the monthly strips), each made by the first build that needs it.
    Keys name every input of a result, so builds with other plans or another date make their own."""

    def __init__(self) -> None:
        self._made: dict[Hashable, Any] = {}

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()` the first time `key` is asked for, the same object after that."""
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]
