"""The `jindu` command line: check plans, print statistics, regenerate the schema, build the site.

This is the edge of the program: it reads arguments and the environment, prints, and
chooses the exit status. Everything it calls is pure or writes only where told.

Why one module: it is the whole command-line surface in the order `jindu --help` lists it;
most of its lines are click options and their help texts, and the work is in the stages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import click

from jindu import __version__
from jindu.diagnostics.formats import (
    format_github,
    format_gitlab,
    format_json,
    format_markdown,
    format_text,
    summary_line,
)
from jindu.importers.commands import import_group
from jindu.ledger.commands import ledger
from jindu.plans.composer import FAST, SLOW_YAML
from jindu.plans.loading import display_path, load_portfolio

AS_OF_HELP = (
    "Compute statuses as of this date (YYYY-MM-DD). Default: $JINDU_AS_OF, the config, else today in Asia/Shanghai."
)


@functools.cache
def _project():
    """The project in the current folder: jindu.yml (or its defaults), read once per command, the
    same way the site plugin reads it. A jindu.yml with errors stops the command, listing them all."""
    from jindu.configuration import CONFIG_FILE, ConfigurationError, load_project

    try:
        return load_project(Path.cwd())
    except ConfigurationError as error:
        click.echo(str(error), err=True)
        click.echo(f"jindu: {CONFIG_FILE} has errors; fix them first", err=True)
        sys.exit(1)


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    """The plan files or folders named on the command line, else those jindu.yml names (plans/)."""
    return list(paths) if paths else [Path(p) for p in _project().config.plans]


def _configured(paths: list[Path]) -> bool:
    """Whether `paths` are the project's own plans (so its archive and templates apply)."""
    return [p.resolve() for p in paths] == [p.resolve() for p in _project().plans]


ISSUED_HELP = "The archive of issued bulletins (default: jindu.yml's `issued`, else issued/ beside the plans)."


def _archive(paths: list[Path], archive: Path | None) -> Path:
    """The archive folder: as given, jindu.yml's for the project's plans, else issued/ beside the first plans folder."""
    if archive is not None:
        return archive
    configured = _project().issued
    if configured is not None and _configured(paths):
        return configured
    first = paths[0].resolve()
    return (first if first.is_dir() else first.parent).parent / "issued"


TEMPLATES_HELP = (
    "The office's template overrides, one file each (default: templates/ beside the first plans folder, if there is "
    "one); see `jindu templates`."
)
TEMPLATES_OPTION = click.option(
    "--templates", "overrides", type=click.Path(path_type=Path, file_okay=False), default=None, help=TEMPLATES_HELP
)


def _templates(paths: list[Path], folder: Path | None, command: str):
    """The templates a command renders with: the office's overrides (if any), then jindu's own.
    Templates that do not fit this jindu stop the command with every problem listed."""
    from jindu.templating import Templates

    if folder is None:
        if _configured(paths):
            folder = _project().root / _project().config.templates
        else:
            first = paths[0].resolve()
            folder = (first if first.is_dir() else first.parent).parent / "templates"
        folder = folder if folder.is_dir() else None
    elif not folder.is_dir():
        raise click.BadParameter(f"{folder} is not a folder", param_hint="--templates")
    templates = Templates(folder)
    problems = templates.problems()
    if problems:
        click.echo("\n".join(problems), err=True)
        click.echo(
            f"jindu {command}: the templates do not fit this jindu ({__version__}); nothing was written", err=True
        )
        sys.exit(1)
    return templates


# What the `site` extra installs: the commands that build pages, charts, bulletins or search
# import them when they run, so a light install (`pip install jindu`) still checks plans.
SITE_PACKAGES = frozenset(
    {"jinja2", "mkdocs", "material", "jieba", "pagefind", "lxml", "nh3", "matplotlib", "weasyprint", "segno",
     "icalendar", "feedgen"}
)  # fmt: skip


class Commands(click.Group):
    """jindu's commands; one that needs the site packages in a light install says how to add them."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ModuleNotFoundError as error:
            if (error.name or "").split(".")[0] not in SITE_PACKAGES:
                raise
            raise click.ClickException(
                f"this command builds the site, charts or bulletins and needs the site packages "
                f"({error.name} is not installed): pip install 'jindu[site]'"
            ) from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jindu")
def main() -> None:
    """jindu (进度): plans as code for public work plans."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "gitlab", "json"]),
    default="text",
    show_default=True,
    help="text for people, github for Actions annotations, gitlab for a Code Quality report, json for tools.",
)
@click.option(
    "--summary",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also append the whole report as Markdown to this file (in GitHub Actions: $GITHUB_STEP_SUMMARY).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.option(
    "--base",
    metavar="REV",
    default=None,
    help="Also compare with the plans at this git revision (e.g. main, origin/main): a moved deadline or "
    "changed target needs a new `reason`. Use `merge-base` for the merge base with the main branch.",
)
def check(paths: tuple[Path, ...], fmt: str, summary: Path | None, strict: bool, base: str | None) -> None:
    """Validate plan, directory and progress files (default: plans/).

    Reports every problem at once as PATH:LINE:COL: error[CODE]: message, and exits 1
    when there is an error (or, with --strict, a warning).
    """
    plan_paths = _paths(paths)
    if not FAST:
        click.echo(f"jindu check: warning: {SLOW_YAML}", err=True)
    portfolio = load_portfolio(plan_paths)
    _check_archive(portfolio, plan_paths)
    if base:
        _check_base(portfolio, plan_paths, base)
    diagnostics = portfolio.diagnostics.sorted()
    if summary is not None:
        with summary.open("a", encoding="utf-8") as handle:
            handle.write(format_markdown(diagnostics, len(portfolio.files)))
    if fmt == "json":
        click.echo(format_json(diagnostics))
    elif fmt == "gitlab":
        click.echo(format_gitlab(diagnostics))
    elif fmt == "github":
        if diagnostics:
            click.echo(format_github(diagnostics))
    else:
        if diagnostics:
            click.echo(format_text(diagnostics))
            click.echo("")
        files = len(portfolio.files)
        click.echo(f"checked {files} file{'s' if files != 1 else ''}: {summary_line(diagnostics)}")
    failed = any(d.is_error for d in diagnostics) or (strict and diagnostics)
    sys.exit(1 if failed else 0)


def _check_archive(portfolio, plan_paths: list[Path]) -> None:
    """The archive of issued bulletins beside the plans: every record matches its PDF, and
    nothing ever issued has been deleted or changed (against git history)."""
    from jindu.bulletins.archive import check_permanence, read_archive

    folder = _archive(plan_paths, None)
    read_archive(folder, portfolio.diagnostics)
    check_permanence(folder, portfolio.diagnostics)


def _check_base(portfolio, plan_paths: list[Path], base: str) -> None:
    """Add the base comparison's diagnostics, or E-BASE when the base cannot be read."""
    from jindu.diagnostics.diagnostic import Mark
    from jindu.history.gitrepo import GitError, GitRepo
    from jindu.history.snapshot import portfolio_at
    from jindu.review.basecheck import check_against

    try:
        repo = GitRepo.find(plan_paths[0].resolve())
        revision = repo.main_base() if base == "merge-base" else repo.resolve(base)
        before = portfolio_at(repo, revision, plan_paths)
    except GitError as error:
        portfolio.diagnostics.add(
            "E-BASE",
            f"cannot compare with {base!r}: {error}",
            Mark(str(plan_paths[0])),
            hint="name a commit this clone has; in CI, check out with the whole history (fetch-depth: 0)",
        )
        return
    check_against(before, portfolio)


def _revision_name(repo, revision: str | None) -> str:
    from jindu.review.diffreport import describe_commit

    return describe_commit(repo.commit(revision), revision) if revision else "working tree"


@main.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--plans", "paths", multiple=True, type=click.Path(path_type=Path), help="Plan files or folders (default: plans/)."
)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option(
    "--as-of", "as_of", metavar="DATE", help="Compare statuses as of this date. " + AS_OF_HELP.split(". ", 1)[1]
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the report to this file (default: print it).",
)
def diff(
    base: str | None,
    head: str | None,
    paths: tuple[Path, ...],
    fmt: str,
    as_of: str | None,
    lang: str,
    out: Path | None,
) -> None:
    """Report what a change does to the plans: BASE (default: the merge base with the main
    branch) against HEAD (default: the working tree).

    Lists tasks, milestones and indicators added or removed; targets, deadlines and owners
    changed (old → new, with the reason); statuses that change as of the date; and the
    files touched that are not plans. Exits 0 whatever it finds; `jindu check --base` judges.
    """
    from jindu.history.gitrepo import GitError, GitRepo
    from jindu.history.snapshot import is_plan_data, pathspecs, portfolio_at
    from jindu.review.diffreport import build_diff, to_json, to_markdown
    from jindu.words.names import Names

    plan_paths = _paths(paths)
    day = _as_of(as_of)
    try:
        repo = GitRepo.find(plan_paths[0].resolve())
        base_rev = repo.resolve(base) if base else repo.main_base()
        head_rev = repo.resolve(head) if head else None
        before = portfolio_at(repo, base_rev, plan_paths)
        after = portfolio_at(repo, head_rev, plan_paths) if head_rev else load_portfolio(plan_paths)
        specs = pathspecs(repo, plan_paths)
        touched = repo.changed_paths(base_rev, head_rev)
        base_name, head_name = _revision_name(repo, base_rev), _revision_name(repo, head_rev)
    except GitError as error:
        click.echo(f"jindu diff: {error}", err=True)
        sys.exit(2)
    data = {
        p
        for p in touched
        if is_plan_data(p) and any(s == "." or p == s or p.startswith(s.rstrip("/") + "/") for s in specs)
    }
    report = build_diff(
        before,
        after,
        day,
        base_name=base_name,
        head_name=head_name,
        changed_paths=touched,
        progress_paths=data,
        lang=lang,
    )
    organizations = {pid: after.plan(pid).organization for pid in after.plans}
    organizations.update({pid: before.plan(pid).organization for pid in before.plans if pid not in organizations})
    names = Names.build(after)
    text = to_json(report) if fmt == "json" else to_markdown(report, names, organizations, lang)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    else:
        click.echo(text)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats(paths: tuple[Path, ...], as_json: bool) -> None:
    """Count sections, tasks, milestones, indicators, people and units per plan."""
    from jindu.plans.stats import portfolio_stats

    portfolio = load_portfolio(_paths(paths))
    if not portfolio.ok:
        click.echo(format_text(portfolio.diagnostics.errors), err=True)
        click.echo("jindu stats: fix the errors above first (jindu check)", err=True)
        sys.exit(1)
    result = portfolio_stats(portfolio)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    header = f"{'plan':<28} {'sec':>4} {'task':>5} {'sub':>4} {'mile':>5} {'Q':>4} {'M':>4} {'oth':>4} {'ind':>4}"
    click.echo(header)
    for row in result["plans"] + [dict(result["total"], id="total")]:
        ms = row["milestones"]
        click.echo(
            f"{row['id']:<28} {row['sections']:>4} {row['tasks']:>5} {row['subtargets']:>4} "
            f"{ms['total']:>5} {ms['quarter']:>4} {ms['month']:>4} {ms['other']:>4} {row['indicators']:>4}"
        )


@main.command()
@click.option("--write", "mode", flag_value="write", help="Regenerate schema/ and docs/reference/.")
@click.option("--check", "mode", flag_value="check", help="Exit 1 if the generated files are stale.")
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Repository root.",
)
def schema(mode: str | None, root: Path) -> None:
    """Print the JSON Schema of the plan format, or regenerate the committed copies."""
    import jindu.plans.schema as schema_module

    if mode == "write":
        for path in schema_module.write(root):
            click.echo(f"wrote {path}")
    elif mode == "check":
        stale = schema_module.stale(root)
        for path in stale:
            click.echo(f"stale: {path} (run `make schema`)", err=True)
        sys.exit(1 if stale else 0)
    else:
        click.echo(schema_module.render_schema(), nl=False)


def _as_of(value: str | None):
    """--as-of, JINDU_AS_OF, jindu.yml's as_of, else today in jindu.yml's time zone."""
    from jindu.settings import SettingsError

    try:
        return _project().as_of(value)
    except SettingsError as error:
        raise click.BadParameter(str(error), param_hint="--as-of") from None


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write the generated Markdown pages and assets into (replaced on success).",
)
@click.option("--as-of", "as_of", metavar="DATE", help=AS_OF_HELP)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "--chart-cache",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    envvar="JINDU_CHART_CACHE",
    help="Folder that keeps drawn charts by content hash (default: $JINDU_CHART_CACHE, else none: draw every chart).",
)
@click.option(
    "--bulletin-cache",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    envvar="JINDU_BULLETIN_CACHE",
    help="Folder that keeps printed bulletins by content hash (default: $JINDU_BULLETIN_CACHE, else none).",
)
@click.option(
    "--bulletins/--no-bulletins", default=None, help="Print a draft bulletin per plan (default: jindu.yml's drafts)."
)
@click.option("--issued", "archive", type=click.Path(path_type=Path, file_okay=False), default=None, help=ISSUED_HELP)
@TEMPLATES_OPTION
def render(
    paths: tuple[Path, ...],
    out: Path,
    as_of: str | None,
    lang: str,
    chart_cache: Path | None,
    bulletin_cache: Path | None,
    bulletins: bool | None,
    archive: Path | None,
    overrides: Path | None,
) -> None:
    """Write the generated pages and charts (the same the site plugin builds) as files, without MkDocs."""
    from jindu.build import build_outputs
    from jindu.charts.fonts import FontError
    from jindu.outputs import write_tree
    from jindu.templating import TemplateError

    plan_paths = _paths(paths)
    project = _project()
    settings = project.settings(
        _as_of(as_of),
        lang,
        plans=tuple(plan_paths),
        chart_cache=chart_cache,
        bulletins=project.drafts(lang) if bulletins is None else bulletins,
        issued=_archive(plan_paths, archive),
        bulletin_cache=bulletin_cache,
        templates=_templates(plan_paths, overrides, "render"),
        history=_history(plan_paths, "render"),
    )
    try:
        result = build_outputs(settings)
    except (FontError, TemplateError) as error:
        click.echo(f"jindu render: {error}", err=True)
        sys.exit(1)
    if not result.ok:
        click.echo(format_text(result.diagnostics.sorted()), err=True)
        click.echo(f"jindu render: the plans have errors; {out} was left as it was", err=True)
        sys.exit(1)
    write_tree(result.outputs, out)
    click.echo(
        f"jindu render: wrote {len(result.outputs)} files to {out} (as of {settings.as_of}); "
        f"{result.chart_stats.summary() if result.chart_stats else ''}; "
        f"{result.press_stats.summary() if result.press_stats else 'no drafts'}"
    )


def _history(plan_paths: list[Path], command: str):
    """The plans' change history from git as jindu.yml configures it (the site reads the same),
    noting on stderr when it is short or missing."""
    from jindu.configuration import ConfigurationError

    try:
        history = _project().history(plan_paths)
    except ConfigurationError as error:
        click.echo(f"jindu {command}: {error}", err=True)
        sys.exit(1)
    if history is not None and history.note:
        click.echo(f"jindu {command}: change history: {history.note}", err=True)
    return history


def _source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as the PDF's date, when set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except ValueError:
        raise click.BadParameter(f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds") from None


class _BulletinGroup(click.Group):
    """`jindu bulletin PLAN --period P` (before subcommands existed) still prints a preview."""

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["print", *args]
        return super().resolve_command(ctx, args)


@main.group(cls=_BulletinGroup)
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
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/a-3b", "pdf/a-3u", "pdf/ua-1"]),
    default=None,
    help="Write an archival PDF/A-3 (or PDF/UA-1) file; default: tagged PDF 1.7.",
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help="Address of the published site, for links and the QR code (e.g. https://example.gov.cn/jindu/).",
)
@click.option(
    "--chart-cache",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    envvar="JINDU_CHART_CACHE",
    help="Folder that keeps drawn charts by content hash (default: $JINDU_CHART_CACHE, else none).",
)
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
    from jindu.bulletins.press import Press, bulletin_settings
    from jindu.bulletins.printing import SLOW_SUBSETTER, PrintError, subsetter
    from jindu.bulletins.series import BulletinError, find_issue
    from jindu.charts.fonts import FontError, find_chart_font
    from jindu.history.revision import read_revision
    from jindu.settings import SettingsError, parse_as_of
    from jindu.templating import TemplateError
    from jindu.words.locale import Words

    plan_paths = _paths(paths)
    portfolio = load_portfolio(plan_paths)
    if not portfolio.ok:
        click.echo(format_text(portfolio.diagnostics.sorted()), err=True)
        click.echo("jindu bulletin print: fix the errors above first (jindu check)", err=True)
        sys.exit(1)
    if plan not in portfolio.plans:
        known = ", ".join(sorted(portfolio.plans)) or "none"
        raise click.BadParameter(f"no plan has the id {plan!r}; the plans are: {known}", param_hint="PLAN")
    project = _project()
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
        pdf_date=_source_date(),
        base_url=base_url or project.config.site_url,
        revision=read_revision(Path.cwd(), plan_paths),
        templates=_templates(plan_paths, overrides, "bulletin print"),
        history=_history(plan_paths, "bulletin"),
    )
    if subsetter() == "fonttools":
        click.echo(f"jindu bulletin print: warning: {SLOW_SUBSETTER}", err=True)
    try:
        printed, stats = Press(portfolio, settings, find_chart_font(settings.chart_font)).run([issue])
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


def _issued(folder: Path, command: str):
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
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
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
@click.option("--pdf-variant", type=click.Choice(["pdf/a-3b", "pdf/a-3u", "pdf/ua-1"]), default=None)
@click.option("--issued", "archive", type=click.Path(path_type=Path, file_okay=False), default=None, help=ISSUED_HELP)
@click.option(
    "--chart-cache", type=click.Path(path_type=Path, file_okay=False), default=None, envvar="JINDU_CHART_CACHE"
)
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

    plan_paths = _paths(paths)
    folder = _archive(plan_paths, archive)
    issued = _issued(folder, "bulletin issue")
    try:
        day = parse_as_of(issued_on, "--date") if issued_on else _as_of(None)
        request = IssueRequest(
            plans=tuple(plan_paths),
            plan_id=plan,
            period=period,
            issued_on=day,
            commit=commit,
            as_of=parse_as_of(as_of, "--as-of") if as_of else None,
            lang=lang,
            base_url=(_project().config.site_url or "") if base_url is None else base_url,
            pdf_variant=pdf_variant or _project().config.bulletins.pdf_variant or "",
            chart_cache=chart_cache,
            rules=_project().rules,
            chart_font=_project().config.charts.font,
            templates=_templates(plan_paths, overrides, "bulletin issue"),
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
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--correction", type=int, default=0, show_default=True, help="Which correction of it (0: the issue).")
@click.option(
    "--plans", "paths", multiple=True, type=click.Path(path_type=Path), help="Plan files or folders (default: plans/)."
)
@click.option("--issued", "archive", type=click.Path(path_type=Path, file_okay=False), default=None, help=ISSUED_HELP)
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

    folder = _archive(_paths(paths), archive)
    issued = _issued(folder, "bulletin withdraw")
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
        when = parse_as_of(day, "--date") if day else _as_of(None)
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
    templates = _templates(_paths(paths), overrides, "bulletin reproduce")
    try:
        request = dataclasses.replace(
            request_for(pinned, tuple(_paths(paths)), templates=templates), chart_font=_project().config.charts.font
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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--shard", required=True, metavar="K/N", help="This job's shard: 1/4, 2/4, … of N jobs.")
@click.option("--as-of", "as_of", metavar="DATE", help=AS_OF_HELP)
@click.option(
    "--lang", "langs", type=click.Choice(["zh", "en"]), multiple=True, help="Editions to warm (default: both)."
)
@click.option("--base-url", metavar="URL", default=None, help="The site_url of the site's config (drafts print it).")
@click.option("--english-bulletins", is_flag=True, help="Print English drafts too (the plugin's english_bulletins).")
@click.option("--issued", "archive", type=click.Path(path_type=Path, file_okay=False), default=None, help=ISSUED_HELP)
@TEMPLATES_OPTION
def warm(
    paths: tuple[Path, ...],
    shard: str,
    as_of: str | None,
    langs: tuple[str, ...],
    base_url: str | None,
    english_bulletins: bool,
    archive: Path | None,
    overrides: Path | None,
) -> None:
    """Draw the charts and print the drafts of one shard into the caches, for a CI matrix.

    Each job of the matrix runs `jindu warm --shard K/N` with its own JINDU_CHART_CACHE and
    JINDU_BULLETIN_CACHE folders and uploads them; the final job merges the folders (they are
    content-addressed) and builds the site, drawing and printing nothing. Pass the options
    the site's config uses (as-of date, site_url), or the final build misses the cache.
    """
    from jindu.build import warm_caches
    from jindu.charts.fonts import FontError
    from jindu.settings import BULLETIN_CACHE_ENV, CHART_CACHE_ENV
    from jindu.templating import TemplateError

    try:
        k, n = (int(part) for part in shard.split("/"))
        if not 1 <= k <= n:
            raise ValueError
    except ValueError:
        raise click.BadParameter(f"{shard!r} is not K/N with 1 ≤ K ≤ N, e.g. 2/4", param_hint="--shard") from None
    charts, bulletins = os.environ.get(CHART_CACHE_ENV), os.environ.get(BULLETIN_CACHE_ENV)
    if not charts or not bulletins:
        click.echo(
            f"jindu warm: set {CHART_CACHE_ENV} and {BULLETIN_CACHE_ENV}: the caches are what it makes", err=True
        )
        sys.exit(2)
    plan_paths = _paths(paths)
    day = _as_of(as_of)
    history = _history(plan_paths, "warm")
    templates = _templates(plan_paths, overrides, "warm")
    project = _project()
    for lang in langs or ("zh", "en"):
        settings = project.settings(
            day,
            lang,
            plans=tuple(plan_paths),
            chart_cache=Path(charts),
            bulletins=project.drafts(lang) or english_bulletins,
            issued=_archive(plan_paths, archive),
            bulletin_cache=Path(bulletins),
            base_url=base_url or project.config.site_url,
            templates=templates,
            history=history,
        )
        try:
            result = warm_caches(settings, k, n)
        except (FontError, TemplateError) as error:
            click.echo(f"jindu warm: {error}", err=True)
            sys.exit(1)
        if not result.ok:
            click.echo(format_text(result.diagnostics.sorted()), err=True)
            click.echo("jindu warm: the plans have errors", err=True)
            sys.exit(1)
        click.echo(
            f"jindu warm: shard {k}/{n}, {lang}: {result.chart_stats.summary() if result.chart_stats else ''}; "
            f"{result.press_stats.summary() if result.press_stats else 'no drafts'}"
        )


@main.command("build-env")
@click.option(
    "--timezone", default=None, help="Whose today the statuses are for (default: jindu.yml's timezone, Asia/Shanghai)."
)
def build_env(timezone: str | None) -> None:
    """Print JINDU_AS_OF and SOURCE_DATE_EPOCH as NAME=value lines for a scheduled build.

    JINDU_AS_OF is today in TIMEZONE (a runner's clock is UTC: at 07:00 in Shanghai it is
    still yesterday there); SOURCE_DATE_EPOCH is the time of the last commit. A value
    already set in the environment is kept. Append the output to $GITHUB_ENV, or eval it.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from jindu.history.gitrepo import GitError, GitRepo
    from jindu.settings import AS_OF_ENV, SettingsError, parse_as_of

    timezone = timezone or _project().config.timezone
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(
            f"{timezone!r} is not a time zone (e.g. Asia/Shanghai)", param_hint="--timezone"
        ) from None
    as_of = os.environ.get(AS_OF_ENV) or dt.datetime.now(zone).date().isoformat()
    try:
        parse_as_of(as_of, AS_OF_ENV)  # refuse a malformed JINDU_AS_OF here rather than in the build
    except SettingsError as error:
        raise click.UsageError(str(error)) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        try:
            epoch = GitRepo.find(Path.cwd()).git("log", "-1", "--format=%ct").decode().strip()
        except GitError as error:
            click.echo(f"jindu build-env: {error}; SOURCE_DATE_EPOCH left unset", err=True)
    click.echo(f"{AS_OF_ENV}={as_of}")
    if epoch:
        click.echo(f"SOURCE_DATE_EPOCH={epoch}")


@main.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="Where the built site goes.",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The site configuration (mkdocs.yml); a sibling mkdocs.en.yml adds the English edition in OUT/en.",
)
@click.option("--as-of", "as_of", metavar="DATE", help=AS_OF_HELP)
@click.option(
    "--engine",
    type=click.Choice(["mkdocs", "properdocs", "zensical"]),
    default=None,
    help="The engine that themes the pages (default: jindu.yml's engine, else mkdocs).",
)
def site(out: Path, config: Path, as_of: str | None, engine: str | None) -> None:
    """Build the public site into OUT, replacing it only when every edition is built.

    jindu renders every page, chart and data file, the engine (MkDocs, ProperDocs or Zensical)
    themes them, and jindu finishes the result (search index, drafts, inline charts). The
    as-of date is fixed once for every edition, and SOURCE_DATE_EPOCH defaults to that date,
    so the same plans and date give the same bytes.
    """
    from jindu.charts.fonts import FontError
    from jindu.outputs import swap_in
    from jindu.publish.edition import EditionError, build_edition
    from jindu.publish.engineconfig import EngineConfigError
    from jindu.publish.engines import EngineError, find_engine
    from jindu.publish.finishing import FinishError
    from jindu.publish.tree import TreeError
    from jindu.templating import TemplateError

    project = _project()
    day = _as_of(as_of)
    env = dict(os.environ, JINDU_AS_OF=day.isoformat())
    env.setdefault("SOURCE_DATE_EPOCH", str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())))
    os.environ.setdefault("SOURCE_DATE_EPOCH", env["SOURCE_DATE_EPOCH"])  # the drafts printed here
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=out.parent))
    editions = [(config, "")]
    english = config.with_name(config.stem + ".en" + config.suffix)
    if english.exists():
        editions.append((english, "en"))
    try:
        chosen = find_engine(engine or project.config.engine)
        history = _history([Path(p) for p in project.config.plans], "site")
        final = staging / "site"
        for edition_config, folder in editions:
            built = build_edition(
                project, edition_config, chosen, day, staging / f"work-{folder or 'main'}", history, env
            )
            click.echo(f"jindu site: {edition_config}: {built.finished.summary()}")
            target = final / folder if folder else final
            if folder:
                shutil.rmtree(target, ignore_errors=True)  # the main edition's own copy of it
            os.rename(built.site, target)
    except (EditionError, EngineError, EngineConfigError, FinishError, TreeError, FontError, TemplateError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        click.echo(f"jindu site: {error}", err=True)
        click.echo(f"jindu site: {out} was left as it was", err=True)
        sys.exit(1)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(final, out)
    shutil.rmtree(staging, ignore_errors=True)
    click.echo(f"jindu site: built {out} as of {day} with {chosen.name}")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--organization", required=True, help="The organization's id: lower-case letters, digits, '-' (qingpu).")
@click.option("--name", required=True, help="Its full name (上海市青浦区卫生健康委员会): the site's name and 主办单位.")
@click.option("--year", type=int, default=None, help="The plan year (default: this year in Asia/Shanghai).")
@click.option("--name-en", default="", help="Its name in English, for the English edition.")
@click.option("--english/--no-english", default=True, show_default=True, help="Also an English edition of the site.")
@click.option(
    "--from-table",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Start the plan from the office's plan table (XLSX), as `jindu import table` reads it.",
)
@click.option(
    "--from-text",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Start the plan from the office's 工作要点 text (UTF-8), as `jindu import text` reads it.",
)
def new(
    folder: Path,
    organization: str,
    name: str,
    year: int | None,
    name_en: str,
    english: bool,
    from_table: Path | None,
    from_text: Path | None,
) -> None:
    """Start an office's own repository in FOLDER: plans, site, help pages, CI, all from this jindu.

    FOLDER must be new, or empty but for .git (a clone of a new repository); nothing is ever
    overwritten. The result passes `jindu check` and builds with `jindu site` at once.
    """
    from jindu.importers.prose import dump_yaml
    from jindu.scaffold import Office, ScaffoldError, jindu_requirement, with_schema_line, write_office

    if from_table and from_text:
        raise click.UsageError("give --from-table or --from-text, not both")
    office = Office(organization, name.strip(), year or _as_of(None).year, name_en.strip(), english)
    plans: dict[str, str] = {}
    source = from_table or from_text
    if source is not None and not office.problems():
        result, notes = _imported(source, office, from_table is not None)
        said = f"Imported by `jindu new` from {source.name}. Review the titles, units and milestones."
        ids = "Unit and person ids were made up (unit-01, person-01 …): rename them to stable ids."
        comments = getattr(result, "comments", None)
        plans = {
            f"{office.plan_id}.yaml": with_schema_line(dump_yaml(result.plan, said, comments)),
            "directory.yaml": with_schema_line(dump_yaml(result.directory, ids)),
        }
        for note in notes:
            click.echo(f"{source}: note: {note}", err=True)
    try:
        written = write_office(folder, office, plans)
    except ScaffoldError as error:
        click.echo(f"jindu new: {error}", err=True)
        sys.exit(1)
    portfolio = load_portfolio([folder / "plans"])
    if portfolio.diagnostics:
        click.echo(format_text(portfolio.diagnostics.sorted()), err=True)
    _, hashed = jindu_requirement()
    if not hashed:
        click.echo(
            f"jindu new: note: this jindu ({__version__}) was not installed from a release file, so "
            "requirements.txt pins its version without the file's hash; pip's hash check names the hash to add "
            "(or install jindu from its release file and run jindu new again)",
            err=True,
        )
    click.echo(
        f"jindu new: wrote {len(written)} files into {folder} for {office.name} ({office.plan_id}); next:\n"
        f"  cd {folder} && git init -q -b main && git add -A && git commit -qm 'jindu new'\n"
        "  python3 -m venv .venv && .venv/bin/pip install --require-hashes -r requirements.txt\n"
        "  .venv/bin/jindu check plans && .venv/bin/jindu site"
    )
    sys.exit(0 if portfolio.ok else 1)


def _imported(source: Path, office, table: bool):
    """The importers' plan and directory for `jindu new --from-table/--from-text`, and their notes."""
    from jindu.importers.prose import import_prose
    from jindu.importers.table import import_table

    args = (office.plan_id, office.organization, office.name, office.year)
    if table:
        try:
            result = import_table(source, *args)
        except ValueError as error:
            raise click.UsageError(f"{source}: {error}") from None
        except Exception as error:  # not a workbook: the user's input, never a traceback
            raise click.UsageError(f"{source} cannot be read as an XLSX workbook ({type(error).__name__})") from None
        return result, result.notes
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise click.UsageError(f"{source} is not UTF-8 text; save it as UTF-8 first") from None
    prose = import_prose(text, *args)
    return prose, prose.notes


@main.group()
def templates() -> None:
    """The templates jindu renders with, and an office's overrides of single files.

    An office overrides one file by copying it into its templates/ folder (beside mkdocs.yml)
    and editing the copy; every file it did not copy follows jindu's upgrades. A copy names the
    templates' format it was written for on its first line, so an upgrade that changes the
    format stops the build with a message instead of printing a wrong page.
    """


@templates.command("list")
def list_templates() -> None:
    """List jindu's template files (the names an override may take)."""
    from jindu.templating import packaged_files

    for relative in packaged_files():
        click.echo(relative)


@templates.command("show")
@click.argument("name")
def show_template(name: str) -> None:
    """Print jindu's own copy of the template NAME (e.g. pages/task.md.j2)."""
    from jindu.templating import PACKAGE, packaged_files

    if name not in packaged_files():
        raise click.BadParameter(f"{name!r} is not one of jindu's templates; `jindu templates list` lists them")
    click.echo((PACKAGE / name).read_text(encoding="utf-8"), nl=False)


@templates.command("copy")
@click.argument("name")
@click.option(
    "--to",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("templates"),
    show_default=True,
    help="The office's templates folder.",
)
def copy_template(name: str, folder: Path) -> None:
    """Copy jindu's template NAME into the office's templates folder, to edit it there."""
    from jindu.templating import PACKAGE, mark_line, packaged_files

    if name not in packaged_files():
        raise click.BadParameter(f"{name!r} is not one of jindu's templates; `jindu templates list` lists them")
    target = folder / name
    if target.exists():
        click.echo(f"jindu templates copy: {target} exists already; it was left as it was", err=True)
        sys.exit(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(mark_line(name) + (PACKAGE / name).read_text(encoding="utf-8"), encoding="utf-8")
    click.echo(f"jindu templates copy: wrote {target}; edit it there, and commit it")


main.add_command(ledger)
main.add_command(import_group)
