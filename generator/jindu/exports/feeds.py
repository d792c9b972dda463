"""Feeds: what changed, as Atom (RFC 4287, written by `feedgen`): new progress reports (each
milestone report dated on or before the as-of date) and plan changes (each commit that changed
the plan, from the git history), per plan and for the whole site.

Entry ids are tag URIs made of the plan, task, milestone and report date, or the commit: a
feed reader shows each once. Dates come from the data (a report's date, a commit's day); the
feed's `updated` is its newest entry, so the same data gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from feedgen.feed import FeedGenerator

from jindu import __version__
from jindu.history.record import History
from jindu.status.verdicts import StatusReport
from jindu.words.changes import ChangeWords
from jindu.words.locale import Words, content_language
from jindu.words.names import Names, task_heading

TAG = "tag:jindu.invalid,2020"
SITE_ENTRIES = 200  # the site feed keeps the newest entries; plan feeds keep all


@dataclass(frozen=True)
class FeedEntry:
    id: str
    day: date
    title: str
    text: str
    link: str  # the page, relative to the site root or absolute
    plan_id: str


def report_entries(report: StatusReport, words: Words, url) -> list[FeedEntry]:
    """One entry per milestone report, newest first."""
    entries = []
    for plan_id, ps in report.plans.items():
        for status in ps.tasks.values():
            for ms in status.milestones:
                label = ms.milestone.label or words.short_period(ms.period)
                for r in ms.history:
                    said = words(f"reported_{r.status.value}")
                    entries.append(
                        FeedEntry(
                            f"{TAG}:report/{plan_id}/{status.task_id}/{ms.milestone_id}/{r.date.isoformat()}",
                            r.date,
                            f"{_sample(status, words)}[{said}] {task_heading(status.entry)} · {label}",
                            "\n".join(x for x in (r.note or "", ps.plan.title) if x),
                            url(plan_id, status.task_id),
                            plan_id,
                        )
                    )
    return entries


def _sample(status, words: Words) -> str:
    """The mark a title carries when the task's figures come from sample reports."""
    return f"[{words('sample_tag')}] " if status.sample else ""


def change_entries(report: StatusReport, history: History | None, names: Names, words: Words, url) -> list[FeedEntry]:
    """One entry per commit that changed a plan (uncommitted edits have no entry)."""
    if history is None or not history.available:
        return []
    entries = []
    for plan_id, ps in report.plans.items():
        ph = history.plan(plan_id)
        if ph is None:
            continue
        said = ChangeWords(words.lang, names, ps.plan.organization)
        for entry in ph.entries:
            if entry.commit is None or not entry.changes or entry.commit.date > report.as_of:
                continue  # uncommitted, empty, or later than the site's date
            lines = [f"{said.where(c)}{words.marks.colon}{said.line(c)}" for c in entry.changes]
            entries.append(
                FeedEntry(
                    f"{TAG}:change/{plan_id}/{entry.commit.sha}",
                    entry.commit.date,
                    f"{words('feed_change')}{words.marks.colon}{entry.commit.subject}",
                    "\n".join(lines),
                    url(plan_id, None),
                    plan_id,
                )
            )
    return entries


def atom(
    title: str, feed_id: str, link: str, entries: list[FeedEntry], words: Words, limit: int | None = None
) -> bytes:
    """An Atom feed of `entries`, newest first (ties in a stable order)."""
    ordered = sorted(entries, key=lambda e: (e.day, e.id), reverse=True)[:limit]
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.link(href=link, rel="alternate")
    feed.language(content_language(words.lang))
    feed.generator("jindu", version=__version__)
    newest = ordered[0].day if ordered else date(2000, 1, 1)
    feed.updated(_stamp(newest))
    for item in reversed(ordered):  # feedgen prepends: add oldest first to list newest first
        entry = feed.add_entry()
        entry.id(item.id)
        entry.title(item.title)
        entry.updated(_stamp(item.day))
        entry.link(href=item.link, rel="alternate")
        entry.content(item.text, type="text")
    return feed.atom_str(pretty=True)


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)
