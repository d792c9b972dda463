"""`jindu bulletin deliver`: each issued bulletin to its recipients, once (简报分发).

The edge of delivery: picks the issued records (named, or brought by the commits since one),
words a message per channel (`reminders.bulletins`) and sends it through the reminders'
channels, with the receipts that keep one issued file from going to one channel twice.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jindu.commands.bulletin import issued_files
from jindu.commands.shared import ISSUED_OPTION, archive_folder, chosen_paths, current_project
from jindu.plans.loading import load_portfolio


@click.command("deliver")
@click.argument("records", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--since",
    metavar="REV",
    help="Deliver the issues whose record was added or re-issued after this commit (what a push brought).",
)
@click.option("--dry-run", is_flag=True, help="Print the messages; send nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default=None, help="How to print the messages.")
@click.option("--channel", "names", multiple=True, metavar="NAME", help="Only this channel (repeatable).")
@click.option(
    "--plans", "paths", multiple=True, type=click.Path(path_type=Path), help="Plan files or folders (default: plans/)."
)
@ISSUED_OPTION
def deliver_bulletin(
    records: tuple[Path, ...],
    since: str | None,
    dry_run: bool,
    fmt: str | None,
    names: tuple[str, ...],
    paths: tuple[Path, ...],
    archive: Path | None,
) -> None:
    """Deliver issued bulletins (简报分发): e-mail each to its directory's `bulletin: email:` with
    the PDF attached, and post its link to the work-chat channels of jindu.yml's `reminders:`.
    Name the RECORDS (issued/PLAN/PERIOD.json), or --since a commit to deliver what was issued
    after it (the deliver workflow passes the commit before the push). Each issued file goes to
    each channel once; drafts, the English edition and issues printed from sample data never."""
    import json

    from jindu.commands.remind import send_messages
    from jindu.history.gitrepo import GitError, GitRepo
    from jindu.reminders.bulletins import bulletin_message
    from jindu.reminders.receipts import Receipts
    from jindu.words.locale import PRIMARY, Words

    if not records and not since:
        raise click.UsageError("name the records to deliver, or --since REV (the commit before the issue was added)")
    project = current_project()
    config = project.config.reminders
    channels = [c for c in config.channels if not names or (c.name or c.type) in names]
    known = [c.name or c.type for c in config.channels]
    if [n for n in names if n not in known]:
        raise click.UsageError(
            f"no channel named {', '.join(n for n in names if n not in known)} (configured: {', '.join(known) or 'none'})"
        )
    plans = chosen_paths(paths)
    folder = archive_folder(plans, archive)
    issued = issued_files(folder, "bulletin deliver")
    chosen = []
    if since:
        try:
            repo = GitRepo.find(folder.resolve() if folder.exists() else Path.cwd())
            changed = set(repo.changed_paths(since, "HEAD"))
        except GitError as error:
            raise click.UsageError(f"--since {since}: {error}") from None
        chosen += [f for f in issued if repo.relative(f.record_path.resolve()) in changed]
    wanted = {r.resolve() for r in records}
    chosen += [f for f in issued if f.record_path.resolve() in wanted and f not in chosen]
    missing = wanted - {f.record_path.resolve() for f in issued}
    if missing:
        raise click.UsageError(f"not an issued record in {folder}: {', '.join(sorted(map(str, missing)))}")
    portfolio = load_portfolio(plans)
    words = Words(config.lang)
    messages = []
    for item in chosen:
        record = item.record
        why = "sample" if record.sample else "english" if record.lang != PRIMARY else ""
        if why:
            click.echo(
                f"jindu bulletin deliver: {record.plan} {record.name}: not delivered ({'printed from sample data' if why == 'sample' else 'the English edition'})",
                err=True,
            )
            continue
        plan = portfolio.plans.get(record.plan)
        directory = portfolio.directory_for(plan.model) if plan else None
        if directory is None:
            click.echo(f"jindu bulletin deliver: {record.plan}: no plan or directory for it; not delivered", err=True)
            continue
        for channel in channels:
            name = channel.name or channel.type
            messages.append(bulletin_message(item, directory, name, channel.type, project.config.site_url, words))
    if dry_run or not channels:
        outcomes: dict[str, str] = {m.receipt_key: words("remind_outcome_dry") for m in messages}
        failed: list[str] = []
    else:
        receipts = Receipts(project.root / config.receipts if config.receipts else None, "bulletins")
        outcomes, failed = send_messages(
            messages,
            channels,
            receipts,
            config,
            words,
            "jindu bulletin deliver",
            "under `bulletin:`",
            "deliver_already",
        )
    if fmt == "json":
        click.echo(json.dumps([m.as_json() for m in messages], ensure_ascii=False, indent=1))
    elif fmt == "text" or dry_run:
        for m in messages:
            click.echo(
                f"=== {m.channel} ({', '.join(m.recipients) or '-'}) · {outcomes.get(m.receipt_key, '')}\n{m.text}"
            )
    else:
        for m in messages:
            click.echo(f"{m.channel} → {m.unit}: {outcomes.get(m.receipt_key, '')}")
    for line in failed:
        click.echo(f"jindu bulletin deliver: failed: {line}", err=True)
    click.echo(f"jindu bulletin deliver: {len(chosen)} issued files, {len(messages)} messages", err=True)
    sys.exit(1 if failed else 0)
