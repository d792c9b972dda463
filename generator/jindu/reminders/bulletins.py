"""Bulletins: an issued bulletin (已印发的工作简报) worded for its recipients, once per record.

`jindu bulletin deliver` sends each newly issued file to the offices the directory's `bulletin:`
lists (by e-mail, the PDF attached, to `bulletin: email:`) and its link to the office's work-chat
groups. What is delivered is the archived file itself, never a new print; a record printed from
sample data, a draft or the English edition is not delivered. The receipt key is the file's
SHA-256 and the channel, so one issued file goes to one channel once, however often the job runs.
"""

from __future__ import annotations

from datetime import date

from jindu.bulletins.archive import IssuedFile
from jindu.plans.model import DirectoryFile
from jindu.reminders.messages import Message, inert
from jindu.words.locale import Words, edition_folder


def bulletin_message(
    issued: IssuedFile,
    directory: DirectoryFile,
    channel: str,
    channel_type: str,
    site_url: str | None,
    words: Words,
) -> Message:
    """The message that delivers one issued bulletin on one channel."""
    record, settings = issued.record, directory.bulletin
    w = words
    title = inert(words.own_name(settings.name) or w("bulletin_name"))
    issuer = inert(settings.issuer or directory.organization.name)
    issue = w.issue_no(record.number, record.correction)
    period = w.period(record.period)
    subject = w("deliver_subject", name=title, issue=issue, period=period)
    lines = [
        subject,
        "",
        w(
            "deliver_intro",
            issuer=issuer,
            day=w.day(record.issued_on_date),
            name=title,
            issue=issue,
            period=period,
            as_of=w.day(record.as_of_date),
        ),
    ]
    if site_url:
        lines.append(w("deliver_link", url=f"{site_url.rstrip('/')}/{edition_folder(record.lang)}{issued.path}"))
    else:
        lines.append(w("deliver_no_link"))
    for key, names in (
        ("report_to", settings.report_to),
        ("copy_to", settings.copy_to),
        ("cc", settings.cc),
        ("distribute_to", settings.distribute_to),
    ):
        if names:
            lines.append(w.labelled(w(f"deliver_{key}"), w.join([inert(n) for n in names])))
    lines.append(w("deliver_footer"))
    is_mail = channel_type == "email"
    return Message(
        channel=channel,
        channel_type=channel_type,
        organization=directory.organization.id,
        unit=f"{record.plan}/{record.name}",
        unit_name=f"{title}{issue}",
        recipients=list(settings.email) if is_mail else [],
        subject=subject,
        text="\n".join(lines) + "\n",
        items=[
            {"plan": record.plan, "period": record.period, "number": record.number, "correction": record.correction}
        ],
        as_of=date.fromisoformat(record.issued_on),
        lang=words.lang,
        attachment=(f"{record.plan}-{record.name}.pdf", issued.pdf) if is_mail else None,
        receipt=f"bulletin/{record.sha256}/{channel}",
    )
