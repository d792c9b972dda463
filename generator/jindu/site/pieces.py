"""Pieces: parts of a list page kept under keys of their own.

A page that lists the whole portfolio or a whole plan (the home page, the attention page, a plan
page, the month and quarter lists) has a key that changes with any status of it, so every progress
edit renders it again. Its template marks the parts that show one plan, one department, one section
or one run of milestones with a `keep` call block:

    {% call keep("group", group, plan_titles) %} … {% endcall %}   (attention.md.j2: one department)

`keep(name, *parts)` digests the page's template, address and date, the piece's name and the
`parts` it is given (the same digests as page keys, see site/pagekeys.py), and returns the
piece's Markdown from the pages cache when that key was rendered before; only otherwise does it
render the block's body. The parts must name everything the body shows that is not the same for
the whole page (its loop variables, above all); what the page's salt holds (templates, words,
names, link style) is in every key already.

An office's copy of a page template that has no `keep` renders as before: pieces only save time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import markupsafe

from jindu.site.pagekeys import PageKeys
from jindu.store import Store


class Pieces:
    """The kept pieces of one build's pages, and which of them were rendered."""

    def __init__(self, keys: PageKeys, store: Store):
        self.keys = keys
        self.store = store
        self.rendered: list[str] = []  # "page#name" of each piece rendered, in order

    def keeper(self, template: str, here: str, dated: tuple) -> Callable[..., markupsafe.Markup]:
        """The `keep` a page's template is given: `dated` is the page's as-of date, when it shows one."""

        def keep(name: str, *parts: Any, caller: Callable[[], str]) -> markupsafe.Markup:
            key = self.keys.of(f"{template}#{name}", here, [*dated, *parts])
            found = self.store.get(key, ["md"])
            if found is not None:
                return markupsafe.Markup(found["md"].decode("utf-8"))
            text = caller()
            self.rendered.append(f"{here}#{name}")
            self.store.put(key, {"md": str(text).encode("utf-8")})
            return markupsafe.Markup(text)

        return keep


RUN = 64  # rows of a milestone list kept as one piece: a changed milestone renders at most this many


def runs_of(items: list, plans: dict) -> list[tuple[list, list]]:
    """A sorted list of milestones (a month's, a quarter's, the ones due soon) cut into runs of
    consecutive milestones of one plan and due date, at most RUN long; each run with what its
    rows show besides the milestones: its plan's title and whether it is closed, and each task's
    entry and sample mark (the parts of its `keep`)."""
    runs: list[tuple[list, list]] = []
    last = None
    for m in items:
        ps = plans[m.plan_id]
        if (m.plan_id, m.due) != last or len(runs[-1][0]) >= RUN:
            runs.append(([], [ps.plan.title, ps.closed]))
            last = (m.plan_id, m.due)
        task = ps.tasks[m.task_id]
        runs[-1][0].append(m)
        runs[-1][1].append((task.entry, task.sample))
    return runs


def section_statuses(ps, section) -> list:
    """The statuses a plan page's section lists: its tasks' (each with its sub-targets')."""
    return [ps.tasks[task.id] for task in section.tasks]


# What templates are given beside `keep`, to name a piece's parts.
HELPERS = {"runs": runs_of, "section_statuses": section_statuses}
