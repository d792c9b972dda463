"""`jindu shards`: how many jobs the publish workflows warm the caches in, for this portfolio."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from jindu.commands.shared import chosen_paths, current_project


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--jobs",
    type=click.IntRange(2, 64),
    default=None,
    help="Jobs to shard into (default: jindu.yml's sharding.jobs; GitLab passes its $CI_NODE_TOTAL).",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="text: one shard a line (K/N); github: `shards=` and `count=` lines for $GITHUB_OUTPUT.",
)
def shards(paths: tuple[Path, ...], jobs: int | None, output: str) -> None:
    """Print the shards of `jindu warm` the publish workflow runs before the site build.

    A portfolio with more tasks (sub-targets count) than jindu.yml's `sharding.above` is warmed
    in `sharding.jobs` jobs: each draws the charts and prints the drafts of its shard
    (`jindu warm --shard K/N`), and the site build then finds them in the merged caches. A
    smaller one prints no shard: the site build does everything itself, in one job.
    """
    from jindu.diagnostics.formats import format_text
    from jindu.plans.loading import load_portfolio

    project = current_project()
    portfolio = load_portfolio(chosen_paths(paths))
    if not portfolio.ok:
        click.echo(format_text(portfolio.diagnostics.sorted()), err=True)
        click.echo("jindu shards: the plans have errors; fix them first", err=True)
        sys.exit(1)
    tasks = sum(len(portfolio.index(plan).entries) for plan in portfolio.plans)
    sharding = project.config.sharding
    total = jobs or sharding.jobs
    listed = [f"{k}/{total}" for k in range(1, total + 1)] if tasks > sharding.above else []
    reason = (
        f"{tasks} tasks, more than sharding.above ({sharding.above}): {total} jobs"
        if listed
        else f"{tasks} tasks, not more than sharding.above ({sharding.above}): no sharding"
    )
    click.echo(f"jindu shards: {reason}", err=True)
    if output == "github":
        click.echo(f"shards={json.dumps(listed)}")
        click.echo(f"count={len(listed)}")
    else:
        for shard in listed:
            click.echo(shard)
