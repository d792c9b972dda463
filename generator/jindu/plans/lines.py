"""Lines: where a character offset is, counted as editors, git and GitHub count lines."""

from __future__ import annotations

import bisect

from jindu.diagnostics.diagnostic import Mark


def editor_lines(text: str) -> list[str]:
    """The lines of a text as editors and git count them: split at "\n" only (str.splitlines
    also splits at form feed, U+0085, U+2028 …, which would quote the wrong line)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


class Lines:
    """Line and column of a character offset, counted as editors, git and GitHub count them.

    PyYAML also breaks lines at U+0085, U+2028 and U+2029, so its own line numbers drift by
    one after each such character inside a string; jindu takes PyYAML's character offset
    instead and counts only "\n" (a "\r\n" ends one line, as everywhere)."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        find, at = text.find, text.find("\n")
        while at != -1:  # str.find runs in C: a character loop in Python cost seconds at 10,000 tasks
            self.starts.append(at + 1)
            at = find("\n", at + 1)

    def mark(self, display_path: str, index: int) -> Mark:
        line = bisect.bisect_right(self.starts, index)
        return Mark(display_path, line, index - self.starts[line - 1] + 1)
