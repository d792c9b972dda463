"""Log trap: the warnings a library logs while one piece of work runs, as plain messages.

WeasyPrint reports a missing glyph or an ignored CSS rule only through `logging`; MkDocs reports
a broken link while rendering a page the same way. Callers that must know (a bulletin lists
them, the page cache never keeps a render that warned) wrap the work in `warnings_of`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator


class _Trap(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def warnings_of(logger: str) -> Iterator[list[str]]:
    """The messages of the warnings `logger` (and its children) log inside the block."""
    messages: list[str] = []
    trap = _Trap(messages)
    target = logging.getLogger(logger)
    target.addHandler(trap)
    try:
        yield messages
    finally:
        target.removeHandler(trap)
