"""Messages: a department's reminder worded for one channel, and the day's digest.

One text serves mail and work chat: a subject line, the items by kind (超期, 未报送, 即将到期), each
with its milestone, due date, days, last report and link on the site, then how to report. Plan
text is untrusted here as everywhere: it is put on one line, and anything a mail reader or a
work-chat client would turn into a link (http://…, www.example.com) is defanged (hxxp://,
www[.]example[.]com), so a task title can never carry a link or a mention in jindu's name.
The Markdown digest escapes it as Markdown (markup.md_text).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from jindu.markup import md_text
from jindu.plans.portfolio import Portfolio
from jindu.reminders.schedule import KINDS, Item, Reminder
from jindu.words.addresses import SiteMap
from jindu.words.locale import Words, edition_folder
from jindu.words.names import Names, task_heading

# Byte limits of one message body, by channel type: 企业微信 text 2048 bytes; 钉钉 and 飞书 keep
# well under their 20 KB request limit.
LIMITS = {"wecom": 2048, "dingtalk": 18000, "feishu": 18000}
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{1,15})://")
_DOMAIN = re.compile(r"(?i)\b((?:[a-z0-9-]+\.)+[a-z]{2,})\b")


@functools.lru_cache(maxsize=65536)  # a task's heading recurs in every message naming it
def inert(text: object) -> str:
    """Plan text as one line of plain text that no client turns into a link or markup."""
    flat = " ".join(str(text).split())
    if not flat.isprintable():  # rare: only then look at each character
        flat = "".join(ch for ch in flat if unicodedata.category(ch) not in ("Cc", "Cf"))
    flat = _SCHEME.sub(lambda m: m[1].replace("t", "x", 2) + "[:]//", flat)
    return _DOMAIN.sub(lambda m: m[1].replace(".", "[.]"), flat)


@dataclass(frozen=True)
class Contacts:
    """Who a department's mail goes to: its mailboxes, and the people on its tasks who work there."""

    unit_emails: dict[tuple[str, str], list[str]]
    people: dict[tuple[str, str], tuple[str | None, str | None]]  # person → (unit, email)
    members: dict[tuple[str, str], list[str]]  # group → member units

    @classmethod
    def of(cls, portfolio: Portfolio) -> Contacts:
        unit_emails, people, members = {}, {}, {}
        for org, doc in portfolio.directories.items():
            for unit in doc.model.units:
                unit_emails[(org, unit.id)] = list(unit.email)
                if unit.members:
                    members[(org, unit.id)] = list(unit.members)
            for person in doc.model.people:
                people[(org, person.id)] = (person.unit, person.email)
        return cls(unit_emails, people, members)

    def recipients(self, reminder: Reminder) -> list[str]:
        """The unit's mailboxes, then the e-mail of each person on the items' tasks who belongs to it."""
        org, unit = reminder.organization, reminder.unit
        found = list(self.unit_emails.get((org, unit), []))
        for item in reminder.items:
            for assignment in item.status.entry.task.people:
                person_unit, email = self.people.get((org, assignment.person), (None, None))
                if email and person_unit == unit:
                    found.append(email)
        return list(dict.fromkeys(found))


@dataclass
class Message:
    """One department's reminder for one channel: what `--dry-run --format json` prints."""

    channel: str
    channel_type: str
    organization: str
    unit: str
    unit_name: str
    recipients: list[str]
    subject: str
    text: str
    items: list[dict]
    as_of: date
    lang: str = "zh"
    attachment: tuple[str, bytes] | None = field(default=None, repr=False)
    receipt: str = ""  # the receipt key when it is not the day's (an issued bulletin's: once ever)

    @property
    def receipt_key(self) -> str:
        """The same department, channel and day give the same key: what a re-run finds sent."""
        return self.receipt or f"{self.as_of.isoformat()}/{self.channel}/{self.organization}/{self.unit}"

    @property
    def message_id(self) -> str:
        """A Message-ID that is the same on a re-run, so mail systems can drop a duplicate too."""
        digest = hashlib.sha256(self.receipt_key.encode("utf-8")).hexdigest()[:24]
        return f"<jindu-remind-{digest}@jindu.invalid>"

    def as_json(self) -> dict:
        return {
            "channel": self.channel,
            "type": self.channel_type,
            "organization": self.organization,
            "unit": self.unit,
            "unit_name": self.unit_name,
            "recipients": self.recipients,
            "subject": self.subject,
            "text": self.text,
            "items": self.items,
            "attachment": self.attachment[0] if self.attachment else None,
        }

    def parts(self) -> list[str]:
        """The text cut at line ends into bodies within the channel's byte limit; each part
        after the first starts with the subject and its number (（续2/3）)."""
        limit = LIMITS.get(self.channel_type)
        if limit is None or len(self.text.encode("utf-8")) <= limit:
            return [self.text]
        words = Words(self.lang)
        header = len(f"{self.subject}{words('remind_continued', k=99, n=99)}\n".encode())
        room = max(limit - header, 256)
        cuts, current = [], ""
        for line in self.text.splitlines(keepends=True):
            while len(line.encode("utf-8")) > room:  # one very long line: cut by characters
                cut = _fit(line, room - len(current.encode("utf-8")))
                cuts.append(current + line[:cut])
                current, line = "", line[cut:]
            if current and len((current + line).encode("utf-8")) > room:
                cuts.append(current)
                current = ""
            current += line
        if current:
            cuts.append(current)
        n = len(cuts)
        return [cuts[0]] + [
            f"{self.subject}{words('remind_continued', k=k, n=n)}\n{part}" for k, part in enumerate(cuts[1:], 2)
        ]


def _fit(text: str, room: int) -> int:
    """How many characters of `text` fit in `room` bytes (at least one)."""
    size = 0
    for k, ch in enumerate(text):
        size += len(ch.encode("utf-8"))
        if size > room:
            return max(k, 1)
    return len(text)


class Composer:
    """Words each department's reminder (one language, one site address)."""

    def __init__(self, portfolio: Portfolio, words: Words, site_url: str | None, as_of: date) -> None:
        self.names = Names.build(portfolio)
        self.words = words
        self.site = SiteMap()
        self.base = (site_url.rstrip("/") + "/") if site_url else ""
        self.edition = edition_folder(words.lang)
        self.as_of = as_of
        self.plans = {plan_id: doc.model for plan_id, doc in portfolio.plans.items()}

    def unit_name(self, reminder: Reminder) -> str:
        return self.names.units.get((reminder.organization, reminder.unit), reminder.unit)

    def link(self, item: Item) -> str:
        """The milestone's row on its task page: absolute with a site_url, else from the site's root."""
        page = self.site.url(self.site.task(item.plan_id, item.task_id))
        return f"{self.base}{self.edition}{page}#m-{item.milestone_id}"

    def unit_link(self, reminder: Reminder) -> str:
        """The department's page: every task it leads or co-operates on, and its 台账 to download."""
        page = self.site.url(self.site.unit(reminder.organization, reminder.unit))
        return f"{self.base}{self.edition}{page}"

    def subject(self, reminder: Reminder) -> str:
        w = self.words
        counts = [w(f"remind_count_{kind}", n=reminder.count(kind)) for kind in KINDS if reminder.count(kind)]
        return w(
            "remind_subject",
            unit=inert(self.unit_name(reminder)),
            counts=w.join(counts),
            day=w.day(self.as_of),
        )

    def text(self, reminder: Reminder, ledger: str) -> str:
        """The message body (its first line is the subject, which 钉钉 keyword checks look for)."""
        w = self.words
        lines = [
            self.subject(reminder),
            "",
            w("remind_intro", unit=inert(self.unit_name(reminder)), day=w.day(self.as_of)),
        ]
        several = len({item.plan_id for item in reminder.items}) > 1
        for kind in KINDS:
            items = [item for item in reminder.items if item.kind == kind]
            if not items:
                continue
            lines += ["", w(f"remind_head_{kind}", n=len(items))]
            for n, item in enumerate(items, start=1):
                plan = w("remind_plan", plan=inert(self.plans[item.plan_id].title)) if several else ""
                role = w("remind_cooperating") if item.role != "lead" else ""
                lines.append(f"{n}. {plan}{inert(task_heading(item.status.entry))}{role}")
                lines.append(f"   {self._line(item)}")
                report = item.milestone.report
                if report is not None:
                    said = w("remind_last_report", state=w(f"reported_{report.status.value}"), day=w.day(report.date))
                    note = f"{w.marks.colon}{inert(report.note)}" if report.note else ""
                    lines.append(f"   {said}{note}")
                lines.append(f"   {w('remind_link', url=self.link(item))}")
        lines += ["", w("remind_unit_page", url=self.unit_link(reminder))]
        lines += [w("remind_how", ledger=ledger), w("remind_footer")]
        return "\n".join(lines) + "\n"

    def _line(self, item: Item) -> str:
        w = self.words
        name = inert(self._name(item))
        due, window = w.day(item.due), w.day(item.window_end)
        if item.kind == "due":
            if item.due < self.as_of:
                return w("remind_line_awaited", milestone=name, due=due, window=window)
            key = "remind_line_due_today" if item.days == 0 else "remind_line_due"
            return w(key, milestone=name, due=due, days=item.days)
        if item.kind == "not_reported" and item.window_end == item.due:
            return w("remind_line_unreported", milestone=name, due=due, days=item.days)
        return w(f"remind_line_{item.kind}", milestone=name, due=due, days=item.days, window=window)

    def _name(self, item: Item) -> str:
        """The milestone as the site names it: its label, else its period (第二季度)."""
        milestone = item.milestone.milestone
        return milestone.label or self.words.period(milestone.period)

    def items(self, reminder: Reminder) -> list[dict]:
        return [
            {
                "plan": item.plan_id,
                "task": item.task_id,
                "milestone": item.milestone_id,
                "kind": item.kind,
                "state": item.state.value,
                "due": item.due.isoformat(),
                "days": item.days,
                "role": item.role,
                "link": self.link(item),
            }
            for item in reminder.items
        ]


def digest(messages: list[Message], outcomes: dict[str, str], words: Words, as_of: date) -> str:
    """The day's reminders as Markdown for a CI job summary: a row per department."""
    w = words
    lines = [f"## {w('remind_digest_title', day=w.day(as_of))}", ""]
    by_unit: dict[tuple[str, str], list[Message]] = {}
    for message in messages:
        by_unit.setdefault((message.organization, message.unit), []).append(message)
    if not by_unit:
        return "\n".join([*lines, w("remind_digest_none"), ""])
    head = [
        w("remind_digest_unit"),
        w.state("overdue"),
        w.state("not_reported"),
        w("remind_digest_due"),
        w("remind_digest_channels"),
    ]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for (_, _), group in by_unit.items():
        first = group[0]
        counts = [str(sum(1 for i in first.items if i["kind"] == kind)) for kind in KINDS]
        sent = w.join([f"{m.channel} {outcomes.get(m.receipt_key, '')}".strip() for m in group])
        lines.append(f"| {md_text(inert(first.unit_name))} | " + " | ".join(counts) + f" | {md_text(sent)} |")
    return "\n".join(lines) + "\n"
