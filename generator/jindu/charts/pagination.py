"""Pagination: a battle map's sections cut into printed pages of a bulletin.

A bulletin prints its battle map one landscape page at a time; `balance` packs the sections
into as few pages as fit and spreads the lines evenly over them.
"""

from __future__ import annotations

from jindu.charts.specs import Group


def paginate(groups: list[Group], max_lines: int, continued: str) -> list[list[Group]]:
    """Pack sections into pages of at most `max_lines` lines (a section heading is a line);
    a section longer than a page goes on over several, its heading repeated with `continued`."""
    pages: list[list[Group]] = []
    page: list[Group] = []
    used = 0
    for group in groups:
        rows, first = list(group.rows), True
        while rows:
            room = max_lines - used - 1
            if room < min(2, len(rows)) and page:  # no orphaned heading at the foot of a page
                pages.append(page)
                page, used = [], 0
                continue
            chunk, rows = rows[:room], rows[room:]
            page.append(Group(group.key, group.label if first else f"{group.label}{continued}", chunk))
            used += len(chunk) + 1
            first = False
            if rows:
                pages.append(page)
                page, used = [], 0
    if page:
        pages.append(page)
    return pages


def balance(groups: list[Group], max_lines: int, continued: str) -> list[list[Group]]:
    """`paginate`, with the lines spread evenly over the same number of pages: 22 + 3 lines
    become 13 + 12, so no printed page holds a sliver of a chart."""
    pages = paginate(groups, max_lines, continued)
    if len(pages) < 2:
        return pages
    lines = sum(len(g.rows) + 1 for g in groups)
    for limit in range(-(-lines // len(pages)), max_lines):
        trial = paginate(groups, limit, continued)
        if len(trial) == len(pages):
            return trial
    return pages
