"""The `jindu` command line: check plans, print statistics, regenerate the schema, build the site.

This is the edge of the program: it reads arguments and the environment, prints, and
chooses the exit status. Everything it calls is pure or writes only where told.
"""

from __future__ import annotations

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


@main.command()
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("site"),
              show_default=True, help="Where the built site goes.")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False), default=Path("mkdocs.yml"),
              show_default=True)
def site(out: Path, config: Path) -> None:
    """Build the public site with MkDocs into OUT, replacing it only when the build succeeds."""
    out = out.resolve()
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=parent))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
               "--site-dir", str(staging)]
    result = subprocess.run(command, env=os.environ.copy())
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        click.echo(f"jindu site: build failed; {out} was left as it was", err=True)
        sys.exit(result.returncode)
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=parent))
        out.rename(old / "site")
    staging.rename(out)
    if old:
        shutil.rmtree(old, ignore_errors=True)
    click.echo(f"jindu site: built {out}")
