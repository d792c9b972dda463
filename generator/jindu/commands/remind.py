"""`jindu remind`: write to each department about what falls due, is 未报送 or 超期 (催办).

The edge of the reminders stage: reads the project, the plans and the environment (secrets,
the SMTP overrides), prints the messages or delivers them, and says what failed in its exit
status: 0 when every message went out (or was already sent today), 1 when a channel failed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from jindu.commands.shared import AS_OF_OPTION, as_of_date, chosen_paths, current_project, summary_option

FORMATS = ("text", "json", "markdown")


def _ledger_attachment(report, org: str, unit: str, unit_name: str, words, as_of):
    """The department's fill-in 台账 for the quarter of `as_of`, as (file name, bytes)."""
    from jindu.ledger.form import form_rows, indicator_rows, ledger_form
    from jindu.plans.periods import parse_period

    period = parse_period(f"{as_of.year}-Q{(as_of.month - 1) // 3 + 1}")
    rows = form_rows(report, org, unit, period)
    values = indicator_rows(report, org, unit, period)
    data = ledger_form(rows, words, org, unit, unit_name, period, as_of, values)
    return f"{unit_name}-{period.text}.xlsx", period.text, data


@click.command()
@AS_OF_OPTION
@click.option("--dry-run", is_flag=True, help="Print the messages; send nothing.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="How to print the messages (default: text for --dry-run; when sending, a line per message).",
)
@click.option("--channel", "names", multiple=True, metavar="NAME", help="Only this channel (repeatable).")
@summary_option("the day's digest")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def remind(
    as_of: str | None, dry_run: bool, fmt: str | None, names: tuple[str, ...], summary: Path | None, paths
) -> None:
    """Remind each department of its milestones falling due, 未报送 or 超期 — one message per
    department and channel, on the days jindu.yml's `reminders:` schedule says (7 and 1 days
    before a due date; the day after one turns 未报送 or 超期, then every Monday). Channels
    (e-mail, 企业微信, 钉钉, 飞书) are configured in jindu.yml; their secrets come from environment
    variables. A message already sent today is not sent again."""
    from jindu.diagnostics.formats import format_text
    from jindu.plans.loading import load_portfolio
    from jindu.reminders.messages import Composer, Contacts, Message, digest
    from jindu.reminders.receipts import Receipts
    from jindu.reminders.schedule import Policy, reminders
    from jindu.status.engine import compute_status
    from jindu.words.locale import Words

    project = current_project()
    config = project.config.reminders
    day = as_of_date(as_of)
    channels = list(config.channels)
    known = [c.name or c.type for c in channels]
    unknown = [n for n in names if n not in known]
    if unknown:
        listed = ", ".join(known) or "none: add `reminders: channels:` to jindu.yml"
        raise click.UsageError(f"no channel named {', '.join(unknown)} (configured: {listed})")
    if names:
        channels = [c for c in channels if (c.name or c.type) in names]
    portfolio = load_portfolio(chosen_paths(paths))
    if not portfolio.ok:
        click.echo(format_text(list(portfolio.diagnostics.errors)), err=True)
        click.echo("jindu remind: the plans have errors; no reminder was sent", err=True)
        sys.exit(1)
    rules = project.rules
    report = compute_status(portfolio, day, rules)
    policy = Policy(tuple(config.before), config.chase_every, rules.report_grace_days)
    contacts = Contacts.of(portfolio)
    due = reminders(report, policy, contacts.members)
    words = Words(config.lang)
    composer = Composer(portfolio, words, project.config.site_url, day)
    messages: list[Message] = []
    for reminder in due:
        name = composer.unit_name(reminder)
        mailed = any(c.type == "email" for c in channels) and contacts.recipients(reminder)
        file_name, period, data = _ledger_attachment(report, reminder.organization, reminder.unit, name, words, day)
        for channel in channels or [None]:
            is_mail = channel is not None and channel.type == "email"
            if is_mail:
                ledger = words("remind_ledger_attached", file=file_name)
            elif mailed:
                ledger = words("remind_ledger_mailed")
            else:
                ledger = words("remind_ledger_command", unit=reminder.unit, period=period)
            messages.append(
                Message(
                    channel=(channel.name or channel.type) if channel else "digest",
                    channel_type=channel.type if channel else "digest",
                    organization=reminder.organization,
                    unit=reminder.unit,
                    unit_name=name,
                    recipients=contacts.recipients(reminder) if is_mail else [],
                    subject=composer.subject(reminder),
                    text=composer.text(reminder, ledger),
                    items=composer.items(reminder),
                    as_of=day,
                    lang=words.lang,
                    attachment=(file_name, data) if is_mail else None,
                )
            )
    if dry_run or not channels:
        outcomes: dict[str, str] = {m.receipt_key: words("remind_outcome_dry") for m in messages}
        failed: list[str] = []
    else:
        receipts = Receipts(project.root / config.receipts if config.receipts else None, day)
        outcomes, failed = send_messages(messages, channels, receipts, config, words)
    _print(messages, outcomes, fmt or ("text" if dry_run or not channels else None), words, day)
    if summary is not None:
        with summary.open("a", encoding="utf-8") as out:
            out.write(digest(messages, outcomes, words, day))
    for line in failed:
        click.echo(f"jindu remind: failed: {line}", err=True)
    sent = sum(1 for m in messages if outcomes.get(m.receipt_key) == words("remind_outcome_sent"))
    click.echo(
        f"jindu remind: {len(due)} department{'' if len(due) == 1 else 's'}, {len(messages)} messages"
        + ("" if dry_run or not channels else f", {sent} sent, {len(failed)} failed"),
        err=True,
    )
    sys.exit(1 if failed else 0)


def _print(messages, outcomes: dict[str, str], fmt: str | None, words, day) -> None:
    from jindu.reminders.messages import digest, inert

    if fmt is None:  # sending: what happened to each message, one line each, for the job's log
        for m in messages:
            click.echo(
                f"{m.channel} → {inert(m.unit_name)} ({m.organization}/{m.unit}): {outcomes.get(m.receipt_key, '')}"
            )
    elif fmt == "json":
        click.echo(json.dumps([m.as_json() for m in messages], ensure_ascii=False, indent=1))
    elif fmt == "markdown":
        click.echo(digest(messages, outcomes, words, day), nl=False)
    else:
        for message in messages:
            head = f"=== {message.channel} → {inert(message.unit_name)} ({', '.join(message.recipients) or '-'})"
            click.echo(f"{head} · {outcomes.get(message.receipt_key, '')}\n{message.text}")


def send_messages(
    messages,
    channels,
    receipts,
    config,
    words,
    command: str = "jindu remind",
    fix: str = "to the unit",
    already: str = "remind_outcome_already",
) -> tuple[dict[str, str], list[str]]:
    """Deliver each message not yet in `receipts` on its channel, recording each that goes out:
    (outcome by receipt key, a line for each failure, secrets masked)."""
    import os

    from jindu.reminders.channels import deliver, mask, secrets_of

    environ = os.environ
    secrets = secrets_of(channels, environ)
    by_name = {(c.name or c.type): c for c in channels}
    outcomes: dict[str, str] = {}
    failed: list[str] = []
    for message in messages:
        key = message.receipt_key
        if receipts.has(key):
            outcomes[key] = words(already)
            continue
        if message.channel_type == "email" and not message.recipients:
            outcomes[key] = words("remind_outcome_unaddressed")
            click.echo(
                f"{command}: {message.channel}: no e-mail address for {message.unit_name} "
                f"({message.organization}/{message.unit}); add `email:` {fix} in its directory",
                err=True,
            )
            continue
        problem = deliver(message, by_name[message.channel], environ, config.retries, config.backoff_seconds)
        if problem is None:
            receipts.record(key, message.subject)
            outcomes[key] = words("remind_outcome_sent")
        else:
            outcomes[key] = words("remind_outcome_failed")
            failed.append(f"{message.channel} → {message.unit}: {mask(problem, secrets)}")
    return outcomes, failed
