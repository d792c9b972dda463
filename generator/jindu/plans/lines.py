"""Lines: where a character offset is, counted as editors, git and GitHub count lines."""

from __future__ import annotations

import bisect
import re

from jindu.diagnostics.diagnostic import Mark

# A line ends at "\r\n", "\n" or a lone "\r" (classic Mac files, and files that mix them): as
# editors count lines, and as YAML breaks them too.
LINE_END = re.compile(r"\r\n|\r|\n")
_LINE_END_BYTES = re.compile(rb"\r\n|\r|\n")


def editor_lines(text: str) -> list[str]:
    """The lines of a text as editors count them: split at CR LF, LF or a lone CR only
    (str.splitlines also splits at form feed, U+0085, U+2028 …, which would quote the wrong line)."""
    lines = LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def byte_position(raw: bytes) -> tuple[int, bytes]:
    """The line (counted as `editor_lines` counts) that the end of `raw` is on, and that line's
    bytes so far."""
    ends = list(_LINE_END_BYTES.finditer(raw))
    return len(ends) + 1, raw[ends[-1].end() :] if ends else raw


class Lines:
    """Line and column of a character offset, counted as editors count them.

    PyYAML also breaks lines at U+0085, U+2028 and U+2029, so its own line numbers drift by
    one after each such character inside a string; jindu takes PyYAML's character offset
    instead and counts only CR LF, LF and a lone CR (each ends one line, as in editors)."""

    def __init__(self, text: str) -> None:
        # The regex runs in C: a character loop in Python cost seconds at 10,000 tasks.
        self.starts = [0, *(match.end() for match in LINE_END.finditer(text))]

    def mark(self, display_path: str, index: int) -> Mark:
        line = bisect.bisect_right(self.starts, index)
        return Mark(display_path, line, index - self.starts[line - 1] + 1)
