"""`jindu bulletin`: print a preview, issue, withdraw or reproduce a bulletin (工作简报)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from jindu import __version__
from jindu.commands.shared import (
    CHART_CACHE_OPTION,
    ISSUED_OPTION,
    LANG_OPTION,
    PDF_VARIANT_OPTION,
    TEMPLATES_OPTION,
    archive_folder,
    as_of_date,
    chosen_paths,
    current_project,
    history_for,
    source_date,
    templates_for,
)
from jindu.diagnostics.formats import format_text
from jindu.plans.loading import display_path, load_portfolio


class _BulletinGroup(click.Group):
    """`jindu bulletin PLAN --period P` (before subcommands existed) still prints a preview."""

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["print", *args]
        return super().resolve_command(ctx, args)


@click.group(cls=_BulletinGroup)
def bulletin() -> None:
    """Bulletins (工作简报): issue one into the archive, reproduce one, or print a preview.

    An issued bulletin is printed once from a commit of the plans and kept in issued/
    with its record; the site publishes it byte for byte and never prints it again.
    """


@bulletin.command("print")
@click.argument("plan")
@click.option(
    "--period",
    required=True,
    metavar="PERIOD",
    help="The period reported: a month 2023-06, a quarter 2023-Q2, a half year 2023-H1 or the year 2023.",
)
@click.option(
    "--plans", "paths", multiple=True, type=click.Path(path_type=Path), help="Plan files or folders (default: plans/)."
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Report as of this date (YYYY-MM-DD). Default: the period's last day, or today if earlier.",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The PDF to write (default: PLAN-PERIOD.pdf in the current folder).",
)
@LANG_OPTION
@PDF_VARIANT_OPTION
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help="Address of the published site, for links and the QR code (e.g. https://example.gov.cn/jindu/).",
)
@CHART_CACHE_OPTION
@TEMPLATES_OPTION
def print_bulletin(
    plan: str,
    period: str,
    paths: tuple[Path, ...],
    as_of: str | None,
    out: Path | None,
    lang: str,
    pdf_variant: str | None,
    base_url: str | None,
    chart_cache: Path | None,
    overrides: Path | None,
) -> None:
    """Print a preview of PLAN's bulletin (工作简报) for one period from the working tree.

    A preview is not an issued document (see `jindu bulletin issue`). The issue number (第X期) is the period's place in the plan's bulletin series, set by
    `bulletin.periods` in the organization's directory file. The PDF's date is
    SOURCE_DATE_EPOCH when set, else the as-of date, so the same inputs give the same bytes.
    """
    from jindu.build import press_options
    from jindu.bulletins.press import Press, bulletin_settings
    from jindu.bulletins.printing import SLOW_SUBSETTER, PrintError, subsetter
    from jindu.bulletins.series import BulletinError, find_issue
    from jindu.charts.fonts import FontError, find_chart_font
    from jindu.history.revision import read_revision
    from jindu.settings import SettingsError, parse_as_of
    from jindu.templating import TemplateError
    from jindu.words.locale import Words

    plan_paths = chosen_paths(paths)
    portfolio = load_portfolio(plan_paths)
    if not portfolio.ok:
        click.echo(format_text(portfolio.diagnostics.sorted()), err=True)
        click.echo("jindu bulletin print: fix the errors above first (jindu check)", err=True)
        sys.exit(1)
    if plan not in portfolio.plans:
        known = ", ".join(sorted(portfolio.plans)) or "none"
        raise click.BadParameter(f"no plan has the id {plan!r}; the plans are: {known}", param_hint="PLAN")
    project = current_project()
    try:
        day = parse_as_of(as_of, "--as-of") if as_of else None
        today = project.as_of()
        issue = find_issue(portfolio.index(plan), bulletin_settings(portfolio, plan), period, day, today)
    except (SettingsError, BulletinError) as error:
        raise click.BadParameter(
            str(error), param_hint="--period" if isinstance(error, BulletinError) else "--as-of"
        ) from None
    settings = project.settings(
        issue.as_of,
        lang,
        plans=tuple(plan_paths),
        chart_cache=chart_cache,
        pdf_variant=pdf_variant or project.config.bulletins.pdf_variant,
        pdf_date=source_date(),
        base_url=base_url or project.config.site_url,
        revision=read_revision(Path.cwd(), plan_paths),
        templates=templates_for(plan_paths, overrides, "bulletin print"),
        history=history_for(plan_paths, "bulletin"),
    )
    if subsetter() == "fonttools":
        click.echo(f"jindu bulletin print: warning: {SLOW_SUBSETTER}", err=True)
    try:
        printed, stats = Press(portfolio, press_options(settings), find_chart_font(settings.chart_font)).run([issue])
    except (FontError, PrintError, TemplateError) as error:
        click.echo(f"jindu bulletin print: {error}", err=True)
        sys.exit(1)
    target = out or Path(f"{plan}-{issue.slug}.pdf")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.tmp")
    staging.write_bytes(printed[0].pdf)
    staging.replace(target)  # a reader never sees half a file
    click.echo(
        f"jindu bulletin print: wrote {target}: {printed[0].bulletin.name} {printed[0].bulletin.words['issue_no']}, "
        f"{Words(lang).period(issue.period)}, as of {issue.as_of}; {printed[0].pages} pages, "
        f"{len(printed[0].pdf) / 1024:.0f} KB, {stats.seconds:.1f} s"
    )


def issued_files(folder: Path, command: str):
    """The archive's issued files; an archive with errors stops the command, listing them."""
    from jindu.bulletins.archive import read_archive
    from jindu.diagnostics.diagnostic import Diagnostics

    diagnostics = Diagnostics()
    issued = read_archive(folder, diagnostics)
    if diagnostics.errors:
        click.echo(format_text(diagnostics.sorted()), err=True)
        click.echo(f"jindu {command}: fix the archive first", err=True)
        sys.exit(1)
    return issued


@bulletin.command("issue")
@click.argument("plan")
@click.option("--period", required=True, metavar="PERIOD", help="The period: 2023-Q2, 2023-H1, 2023-06 or 2023.")
@click.option(
    "--plans", "paths", multiple=True, type=click.Path(path_type=Path), help="Plan files or folders (default: plans/)."
)
@click.option("--commit", default="HEAD", show_default=True, help="The commit of the plans to print from.")
@click.option("--as-of", "as_of", metavar="DATE", help="The data date (default: the period's last day).")
@click.option("--date", "issued_on", metavar="DATE", help="The date of issue (印发日期; default: today).")
@LANG_OPTION
@click.option("--correction", is_flag=True, help="Issue a correction (更正) of an issue already issued.")
@click.option(
    "--sample",
    is_flag=True,
    help="Issue even though the figures include sample reports (`sample: true`); every page then says 示例数据.",
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help="Address of the published site, for links and the QR code (default: jindu.yml's site_url).",
)
@PDF_VARIANT_OPTION
@ISSUED_OPTION
@CHART_CACHE_OPTION
@TEMPLATES_OPTION
def issue_bulletin(
    plan: str,
    period: str,
    paths: tuple[Path, ...],
    commit: str,
    as_of: str | None,
    issued_on: str | None,
    lang: str,
    correction: bool,
    sample: bool,
    base_url: str | None,
    pdf_variant: str | None,
    archive: Path | None,
    chart_cache: Path | None,
    overrides: Path | None,
) -> None:
    """Issue PLAN's bulletin for PERIOD: print it once from a commit into the archive.

    Writes issued/PLAN/PERIOD.pdf and its record (PERIOD.json: the commit, the as-of date,
    the jindu version, the SHA-256). Commit both; the site publishes the file as committed.
    Uncommitted edits are never in an issued bulletin.
    """
    from jindu.bulletins.archive import ArchiveError, write_issue
    from jindu.bulletins.issuing import IssueError, IssueRequest, correction_number, print_issue
    from jindu.bulletins.printing import PrintError
    from jindu.charts.fonts import FontError
    from jindu.settings import SettingsError, parse_as_of
    from jindu.templating import TemplateError

    plan_paths = chosen_paths(paths)
    folder = archive_folder(plan_paths, archive)
    issued = issued_files(folder, "bulletin issue")
    try:
        day = parse_as_of(issued_on, "--date") if issued_on else as_of_date(None)
        request = IssueRequest(
            plans=tuple(plan_paths),
            plan_id=plan,
            period=period,
            issued_on=day,
            commit=commit,
            as_of=parse_as_of(as_of, "--as-of") if as_of else None,
            lang=lang,
            base_url=(current_project().config.site_url or "") if base_url is None else base_url,
            pdf_variant=pdf_variant or current_project().config.bulletins.pdf_variant or "",
            chart_cache=chart_cache,
            rules=current_project().rules,
            chart_font=current_project().config.charts.font,
            templates=templates_for(plan_paths, overrides, "bulletin issue"),
            sample=sample,
        )
        request = dataclasses.replace(request, correction=correction_number(issued, request, correction))
        record, printed = print_issue(request)
        pdf_path, record_path = write_issue(folder, record, printed.pdf)
    except (SettingsError, IssueError, ArchiveError, FontError, PrintError, TemplateError) as error:
        click.echo(f"jindu bulletin issue: {error}", err=True)
        sys.exit(1)
    click.echo(
        f"jindu bulletin issue: issued {display_path(pdf_path)} ({printed.bulletin.words['issue_no']}, as of {record.as_of}, "
        f"commit {record.commit[:7]}, {record.pages} pages, {record.bytes / 1024:.0f} KB) and {record_path.name}; "
        "commit both"
    )


@bulletin.command("withdraw")
@click.argument("plan")
@click.option("--period", required=True, metavar="PERIOD", help="The period of the issue to withdraw: 2023-Q2 …")
@click.option("--reason", required=True, help="Why it is withdrawn (撤回理由); kept in the withdrawal record for good.")
@click.option("--date", "day", metavar="DATE", help="The date of withdrawal (default: today).")
@LANG_OPTION
@click.option("--correction", type=int, default=0, show_default=True, help="Which correction of it (0: the issue).")
@click.option(
    "--plans", "paths", multiple=True, type=click.Path(path_type=Path), help="Plan files or folders (default: plans/)."
)
@ISSUED_OPTION
def withdraw_bulletin(
    plan: str,
    period: str,
    reason: str,
    day: str | None,
    lang: str,
    correction: int,
    paths: tuple[Path, ...],
    archive: Path | None,
) -> None:
    """Withdraw an issued bulletin (撤回): a withdrawal record takes its place in the archive.

    The record (PERIOD.withdrawn.json: the withdrawn file's SHA-256, the date and the reason) is
    itself permanent; the PDF and its record leave the tree (git keeps them), and the period may
    then be issued again. Commit the three changes together.
    """
    from jindu.bulletins.archive import ArchiveError, withdraw_issue
    from jindu.settings import SettingsError, parse_as_of

    folder = archive_folder(chosen_paths(paths), archive)
    issued = issued_files(folder, "bulletin withdraw")
    found = [
        f
        for f in issued
        if (f.record.plan, f.record.period.lower(), f.record.lang, f.record.correction)
        == (plan, period.lower(), lang, correction)
    ]
    if not found:
        click.echo(f"jindu bulletin withdraw: {plan} {period} ({lang}) is not in {folder}", err=True)
        sys.exit(1)
    try:
        when = parse_as_of(day, "--date") if day else as_of_date(None)
        path = withdraw_issue(folder, found[0], reason, when, __version__)
    except (SettingsError, ArchiveError) as error:
        click.echo(f"jindu bulletin withdraw: {error}", err=True)
        sys.exit(1)
    click.echo(f"jindu bulletin withdraw: wrote {display_path(path)} and removed {found[0].record.name}.pdf and "
               f"its record; commit the three changes together")  # fmt: skip


@bulletin.command("reproduce")
@click.argument("record", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--plans", "paths", multiple=True, type=click.Path(path_type=Path), help="Plan files or folders (default: plans/)."
)
@click.option(
    "-o", "--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Keep the reprint here."
)
@TEMPLATES_OPTION
def reproduce_bulletin(record: Path, paths: tuple[Path, ...], out: Path | None, overrides: Path | None) -> None:
    """Print an issued bulletin again from its RECORD (issued/PLAN/PERIOD.json) and compare.

    Exit 0 when the reprint is byte-identical to the archived file, 1 when it differs.
    """
    from jindu.bulletins.archive import fingerprint, load_record
    from jindu.bulletins.issuing import IssueError, print_issue, request_for, same_version
    from jindu.templating import TemplateError

    try:
        pinned = load_record(record)
    except ValueError as error:
        raise click.BadParameter(f"{record} is not an issue record: {error}", param_hint="RECORD") from None
    templates = templates_for(chosen_paths(paths), overrides, "bulletin reproduce")
    try:
        request = dataclasses.replace(
            request_for(pinned, tuple(chosen_paths(paths)), templates=templates),
            chart_font=current_project().config.charts.font,
        )
        _, printed = print_issue(request)
    except (IssueError, TemplateError) as error:
        click.echo(f"jindu bulletin reproduce: {error}", err=True)
        sys.exit(1)
    if out is not None:
        out.write_bytes(printed.pdf)
    if fingerprint(printed.pdf) == pinned.sha256:
        click.echo(f"jindu bulletin reproduce: {record.with_suffix('.pdf').name} reproduced byte for byte")
        return
    why = same_version(pinned, templates)
    click.echo(
        f"jindu bulletin reproduce: the reprint differs from {record.with_suffix('.pdf').name}"
        + (f"; {why}" if why else ""),
        err=True,
    )
    sys.exit(1)
