"""What the commands share: the project, the plans and archive they act on, the templates, the
as-of date, the history, and the options several commands take, each defined once."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from pathlib import Path

import click

from jindu import __version__

AS_OF_HELP = (
    "Compute statuses as of this date (YYYY-MM-DD). Default: $JINDU_AS_OF, the config, else today in Asia/Shanghai."
)


@functools.cache
def current_project():
    """The project in the current folder: jindu.yml (or its defaults), read once per command, the
    same way the site plugin reads it. A jindu.yml with errors stops the command, listing them all."""
    from jindu.configuration import CONFIG_FILE, ConfigurationError, load_project

    try:
        return load_project(Path.cwd())
    except ConfigurationError as error:
        click.echo(str(error), err=True)
        click.echo(f"jindu: {CONFIG_FILE} has errors; fix them first", err=True)
        sys.exit(1)


def chosen_paths(paths: tuple[Path, ...]) -> list[Path]:
    """The plan files or folders named on the command line, else those jindu.yml names (plans/)."""
    return list(paths) if paths else [Path(p) for p in current_project().config.plans]


def is_configured(paths: list[Path]) -> bool:
    """Whether `paths` are the project's own plans (so its archive and templates apply)."""
    return [p.resolve() for p in paths] == [p.resolve() for p in current_project().plans]


LANG_OPTION = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
AS_OF_OPTION = click.option("--as-of", "as_of", metavar="DATE", help=AS_OF_HELP)

CHART_CACHE_OPTION = click.option(
    "--chart-cache",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    envvar="JINDU_CHART_CACHE",
    help="Folder that keeps drawn charts by content hash (default: $JINDU_CHART_CACHE, else none: draw every chart).",
)
PDF_VARIANT_OPTION = click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/a-3b", "pdf/a-3u", "pdf/ua-1"]),
    default=None,
    help="Write an archival PDF/A-3 (or PDF/UA-1) file (default: jindu.yml's, else tagged PDF 1.7).",
)


def summary_option(what: str):
    """--summary FILE: a command's Markdown for a CI job summary, appended to FILE; `what` says
    what the command appends ("the whole report", "the day's digest" …)."""
    return click.option(
        "--summary",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help=f"Append {what} (Markdown) to this file (in GitHub Actions: $GITHUB_STEP_SUMMARY).",
    )


ISSUED_HELP = "The archive of issued bulletins (default: jindu.yml's `issued`, else issued/ beside the plans)."


ISSUED_OPTION = click.option(
    "--issued", "archive", type=click.Path(path_type=Path, file_okay=False), default=None, help=ISSUED_HELP
)


def archive_folder(paths: list[Path], archive: Path | None) -> Path:
    """The archive folder: as given, jindu.yml's for the project's plans, else issued/ beside the first plans folder."""
    if archive is not None:
        return archive
    configured = current_project().issued
    if configured is not None and is_configured(paths):
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


def templates_for(paths: list[Path], folder: Path | None, command: str):
    """The templates a command renders with: the office's overrides (if any), then jindu's own.
    Templates that do not fit this jindu stop the command with every problem listed."""
    from jindu.templating import Templates

    if folder is None:
        if is_configured(paths):
            folder = current_project().root / current_project().config.templates
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
        except BrokenPipeError:
            raise
        except OSError as error:
            # A folder that cannot be made, a full disk, a file that vanished: what and where,
            # not a traceback. (Errors in the plans are diagnostics, never OSErrors.)
            where = f": {error.filename}" if error.filename else ""
            click.echo(f"jindu {ctx.invoked_subcommand}: {error.strerror or error}{where}", err=True)
            sys.exit(1)


def as_of_date(value: str | None):
    """--as-of, JINDU_AS_OF, jindu.yml's as_of, else today in jindu.yml's time zone."""
    from jindu.settings import SettingsError

    try:
        return current_project().as_of(value)
    except SettingsError as error:
        raise click.BadParameter(str(error), param_hint="--as-of") from None


def history_for(plan_paths: list[Path], command: str):
    """The plans' change history from git as jindu.yml configures it (the site reads the same),
    noting on stderr when it is short or missing."""
    from jindu.configuration import ConfigurationError

    try:
        history = current_project().history(plan_paths)
    except ConfigurationError as error:
        click.echo(f"jindu {command}: {error}", err=True)
        sys.exit(1)
    if history is not None and history.note:
        click.echo(f"jindu {command}: change history: {history.note}", err=True)
    return history


def source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as the PDF's date, when set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except ValueError:
        raise click.BadParameter(f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds") from None
