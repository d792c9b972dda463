"""The `jindu` command line: check plans, print statistics, regenerate the schema, build the site.

This is the edge of the program: it reads arguments and the environment, prints, and
chooses the exit status. Everything it calls is pure or writes only where told. Each group
of commands is a module of `jindu.commands` (the plans, the site, bulletins, an office's
repository; the ledger and the importers keep theirs beside their stages); what several
commands share — the project, the paths, the as-of date, the options — is defined once in
`jindu.commands.shared`. This module only puts them together under `jindu`.
"""

from __future__ import annotations

import click

from jindu import __version__
from jindu.commands.bulletin import bulletin
from jindu.commands.cache import cache
from jindu.commands.deliver import deliver_bulletin
from jindu.commands.office import new, templates
from jindu.commands.plans import check, diff, schema, stats
from jindu.commands.remind import remind
from jindu.commands.shards import shards
from jindu.commands.shared import SITE_PACKAGES, Commands
from jindu.commands.site import build_env, render, site, warm
from jindu.importers.commands import import_group
from jindu.ledger.commands import inbox, ledger

__all__ = ["SITE_PACKAGES", "main"]


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jindu")
def main() -> None:
    """jindu (进度): plans as code for public work plans."""


for command in (
    check,
    diff,
    stats,
    schema,
    render,
    bulletin,
    warm,
    shards,
    build_env,
    site,
    cache,
    new,
    templates,
    ledger,
    import_group,
    remind,
    inbox,
):
    main.add_command(command)
bulletin.add_command(deliver_bulletin)
