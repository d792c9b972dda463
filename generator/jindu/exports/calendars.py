"""Calendars: due dates as an ICS calendar (RFC 5545; every event written by `icalendar`).

Every dated milestone is an all-day event on its due date (each occurrence of a recurring one).
An event's UID is made of the plan, task and milestone ids (and the occurrence), so a
subscribed calendar updates an event when its status or date changes instead of adding a
second one. An event says its state, not the day-counting reason, and its DTSTAMP is the date
of the last report on it (else the plan's start): an event changes only when its milestone
does, and the same data gives the same bytes on any day.

Encoding an event is the costly part: a calendar whose events did not change is read whole
from the cache folder, and otherwise each event is encoded once per build (a plan's calendar and
its departments' share them) and kept in the cache by its content.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from jindu import __version__
from jindu.plans.periods import occurrences, parse_period
from jindu.status.milestones import due_date
from jindu.status.verdicts import MilestoneStatus, PlanStatus, TaskStatus, outcome_of
from jindu.store import Store
from jindu.words.locale import Words
from jindu.words.names import task_heading

UID_DOMAIN = "jindu.invalid"  # ids are ours, not an address anyone resolves
_END = b"END:VCALENDAR\r\n"


class EventStore:
    """Encoded events by content: in memory for one build, and in the cache folder."""

    def __init__(self, folder: Path | None):
        self.cache = Store(folder)
        self.memo: dict[str, bytes] = {}
        self.encoded = 0

    def calendar(self, name: str, words: Words, events: list[tuple[str, ...]]) -> bytes:
        """A calendar of `events` (their fields), read whole from the cache when none changed."""
        digest = hashlib.sha256("\x1f".join(("ics", __version__, words.lang, name)).encode("utf-8"))
        for fields in events:
            digest.update("\x1e".join(fields).encode("utf-8"))
        data, _ = self.cache.get_or_make(
            digest.hexdigest(), "ics", lambda: calendar_bytes(name, words, [self.get(f) for f in events])
        )
        return data

    def get(self, fields: tuple[str, ...]) -> bytes:
        key = hashlib.sha256("\x1f".join(("ics-event", __version__, *fields)).encode("utf-8")).hexdigest()
        if key in self.memo:
            return self.memo[key]
        data, hit = self.cache.get_or_make(key, "vevent", lambda: _encode(fields))
        self.encoded += not hit
        self.memo[key] = data
        return data


def _encode(fields: tuple[str, ...]) -> bytes:
    uid, stamp, due, summary, description, url = fields
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime.combine(date.fromisoformat(stamp), time(0, 0), tzinfo=UTC))
    day = date.fromisoformat(due)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    if url:
        event.add("url", url)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event.to_ical()


def calendar_bytes(name: str, words: Words, events: list[bytes]) -> bytes:
    """A calendar named `name` holding the encoded `events`."""
    calendar = Calendar()
    calendar.add("prodid", f"-//jindu//jindu {__version__}//{words.lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    head = calendar.to_ical()
    assert head.endswith(_END)
    return head[: -len(_END)] + b"".join(events) + _END


def task_events(ps: PlanStatus, words: Words, url) -> dict[str, list[tuple[str, ...]]]:
    """The events (as their fields) of a plan's milestones by task, in the plan's order; a plan's
    calendar has them all, a department's those of its tasks (made once for both).
    `url(plan_id, task_id)` gives a task page's absolute address, or ""."""
    return {
        status.task_id: [fields for ms in status.milestones for fields in _fields(ps, status, ms, words, url)]
        for status in ps.tasks.values()
    }


def _fields(ps: PlanStatus, status: TaskStatus, ms: MilestoneStatus, words: Words, url) -> list[tuple[str, ...]]:
    state = words.outcome(outcome_of(ms.state)) if ps.closed else words.state(ms.state)
    label = ms.milestone.label or words.short_period(ms.period)
    sample = f"[{words('sample_tag')}] " if status.sample else ""
    summary = f"{sample}[{state}] {task_heading(status.entry)} · {label}"
    link = url(ps.plan.id, status.task_id)
    description = "\n".join(line for line in (ms.milestone.target or "", ps.plan.title, link) if line)
    stamp = (ms.report.date if ms.report else ps.index.start).isoformat()
    uid = f"{ps.plan.id}.{status.task_id}.{ms.milestone_id}"
    return [
        (f"{uid}{key}@{UID_DOMAIN}", stamp, due.isoformat(), summary, description, link) for key, due in _dues(ps, ms)
    ]


def _dues(ps: PlanStatus, ms: MilestoneStatus) -> list[tuple[str, date]]:
    """(uid suffix, due date) of a milestone: one, or one per occurrence of a recurring one."""
    if ms.milestone.recurrence is None:
        return [("", ms.due)] if ms.due else []
    dues = []
    for occurrence in occurrences(parse_period(ms.milestone.period), ms.milestone.recurrence):
        due = due_date(occurrence, ps.index)
        if due:
            dues.append((f".{occurrence.first_day.isoformat()}", due))
    return dues
