"""The `jindu` command line: check plans, print statistics, regenerate the schema, build the site.

This is the edge of the program: it reads arguments and the environment, prints, and
chooses the exit status. Everything it calls is pure or writes only where told.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .diagnostics import format_github, format_json, format_text, summary_line
from .portfolio import load_portfolio

DEFAULT_PLANS = Path("plans")


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) if paths else [DEFAULT_PLANS]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jindu")
def main() -> None:
    """jindu (进度): plans as code for public work plans."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True, help="text for people, github for Actions annotations, json for tools.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
def check(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Validate plan, directory and progress files (default: plans/).

    Reports every problem at once as PATH:LINE:COL: error[CODE]: message, and exits 1
    when there is an error (or, with --strict, a warning).
    """
    portfolio = load_portfolio(_paths(paths))
    diagnostics = portfolio.diagnostics.sorted()
    if fmt == "json":
        click.echo(format_json(diagnostics))
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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats(paths: tuple[Path, ...], as_json: bool) -> None:
    """Count sections, tasks, milestones, indicators, people and units per plan."""
    from .stats import portfolio_stats

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
        click.echo(f"{row['id']:<28} {row['sections']:>4} {row['tasks']:>5} {row['subtargets']:>4} "
                   f"{ms['total']:>5} {ms['quarter']:>4} {ms['month']:>4} {ms['other']:>4} {row['indicators']:>4}")


@main.command()
@click.option("--write", "mode", flag_value="write", help="Regenerate schema/ and docs/reference/.")
@click.option("--check", "mode", flag_value="check", help="Exit 1 if the generated files are stale.")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              show_default=True, help="Repository root.")
def schema(mode: str | None, root: Path) -> None:
    """Print the JSON Schema of the plan format, or regenerate the committed copies."""
    from . import schema as schema_module

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


AS_OF_HELP = "Compute statuses as of this date (YYYY-MM-DD). Default: $JINDU_AS_OF, the config, else today in Asia/Shanghai."


def _as_of(value: str | None, configured: str | None = None):
    from .settings import SettingsError, resolve_as_of

    try:
        return resolve_as_of(explicit=value, configured=configured)
    except SettingsError as error:
        raise click.BadParameter(str(error), param_hint="--as-of") from None


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write the generated Markdown pages and assets into (replaced on success).")
@click.option("--as-of", "as_of", metavar="DATE", help=AS_OF_HELP)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--chart-cache", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder that keeps drawn charts by content hash (default: none, draw every chart).")
def render(paths: tuple[Path, ...], out: Path, as_of: str | None, lang: str, chart_cache: Path | None) -> None:
    """Write the generated pages and charts (the same the site plugin builds) as files, without MkDocs."""
    from .build import build_outputs
    from .fonts import FontError
    from .outputs import write_tree
    from .settings import Settings

    settings = Settings(plans=tuple(_paths(paths)), as_of=_as_of(as_of), lang=lang, chart_cache=chart_cache)
    try:
        result = build_outputs(settings)
    except FontError as error:
        click.echo(f"jindu render: {error}", err=True)
        sys.exit(1)
    if not result.ok:
        click.echo(format_text(result.diagnostics.sorted()), err=True)
        click.echo(f"jindu render: the plans have errors; {out} was left as it was", err=True)
        sys.exit(1)
    write_tree(result.outputs, out)
    click.echo(f"jindu render: wrote {len(result.outputs)} files to {out} (as of {settings.as_of}); "
               f"{result.chart_stats.summary() if result.chart_stats else ''}")


@main.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("site"),
              show_default=True, help="Where the built site goes.")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False), default=Path("mkdocs.yml"),
              show_default=True, help="The MkDocs config; a sibling mkdocs.en.yml adds the English edition in OUT/en.")
@click.option("--as-of", "as_of", metavar="DATE", help=AS_OF_HELP)
def site(out: Path, config: Path, as_of: str | None) -> None:
    """Build the public site with MkDocs into OUT, replacing it only when every build succeeds.

    The as-of date is fixed once and passed to each edition, and SOURCE_DATE_EPOCH defaults
    to that date, so the same plans and date give the same bytes.
    """
    from .outputs import swap_in

    day = _as_of(as_of)
    env = dict(os.environ, JINDU_AS_OF=day.isoformat(), NO_MKDOCS_2_WARNING="1")
    env.setdefault("SOURCE_DATE_EPOCH", str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())))
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=out.parent))
    editions = [(config, staging)]
    english = config.with_name(config.stem + ".en" + config.suffix)
    if english.exists():
        editions.append((english, staging / "en"))
    for edition_config, target in editions:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                   str(edition_config), "--site-dir", str(target)]
        result = subprocess.run(command, env=env)
        if result.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            click.echo(f"jindu site: building {edition_config} failed; {out} was left as it was", err=True)
            sys.exit(result.returncode)
    swap_in(staging, out)
    click.echo(f"jindu site: built {out} as of {day}")
