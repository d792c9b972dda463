"""`jindu cache info` and `prune`: what the project's caches hold, and removing what no recent
build used (store.py says what each keeps and why)."""

from __future__ import annotations

import json
import os

import click

from jindu.commands.shared import current_project

CACHES = ("charts", "bulletins", "pages", "search", "history")
# The caches kept in the Store layout, which `jindu site` notes its builds in and prunes (the
# search cache keeps its last two sets by itself; the engine's trees are rewritten in place).
PRUNED = ("charts", "bulletins", "pages", "history")


def _size(count: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024  # type: ignore[assignment]
    return str(count)


def keep_of(project) -> int:
    """caches.keep, or JINDU_CACHE_KEEP; a variable that is not a number stops the command."""
    from jindu.settings import SettingsError

    try:
        return project.cache_keep()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


def start_site_build(project, started: float) -> list[int]:
    """Note in each pruned cache folder that a `jindu site` build started at `started`, and hold
    it for the build (store.share): the locks to pass to `end_site_build`. A build that ends
    otherwise releases them with its process."""
    from jindu.store import note_build, share

    held = []
    for name in PRUNED:
        folder = project.cache(name)
        if folder is not None:
            note_build(folder, started)
            lock = share(folder)
            if lock is not None:
                held.append(lock)
    return held


def end_site_build(held: list[int]) -> None:
    """Let go of the cache folders a build held, before it prunes them."""
    for lock in held:
        os.close(lock)


def prune_caches(project, keep: int):
    """Remove from each pruned cache folder the entries none of its last `keep` builds used;
    what was removed, in all."""
    from jindu.store import Pruned, prune

    removed = Pruned()
    for name in PRUNED:
        folder = project.cache(name)
        if folder is not None:
            removed.add(prune(folder, keep))
    return removed


def pruned_line(removed, keep: int) -> str:
    """What a prune removed, for a person: files, size and the rule that chose them."""
    builds = "build" if keep == 1 else f"{keep} builds"
    line = f"removed {removed.files} files ({_size(removed.bytes)}) that the last {builds} did not use"
    if removed.waiting:
        line += f"; {removed.waiting} folders kept whole until {keep} builds have used them"
    if removed.busy:
        line += f"; {removed.busy} folders left as they were while another build uses them"
    return line


@click.group()
def cache() -> None:
    """The caches a build keeps (jindu.yml `caches:`, or JINDU_*_CACHE): safe to delete at any time."""


@cache.command("info")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def cache_info(as_json: bool) -> None:
    """Each cache folder: its files and size, in all and by kind."""
    from jindu.publish.edition import kept_trees
    from jindu.store import survey

    project = current_project()
    surveys = {}
    for name in CACHES:
        folder = project.cache(name)
        surveys[name] = None if folder is None else survey(folder)
    pages = project.cache("pages")  # the trees the engine read, kept beside it
    surveys["tree"] = None if pages is None else survey(kept_trees(pages))
    if as_json:
        payload = {name: (found.to_json() if found else None) for name, found in surveys.items()}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    total = 0
    for name, found in surveys.items():
        if found is None:
            click.echo(f"{name:<10} off")
            continue
        total += found.bytes
        kinds = ", ".join(f"{kind} {n} ({_size(size)})" for kind, (n, size) in sorted(found.kinds.items()))
        click.echo(f"{name:<10} {found.files:>7} files {_size(found.bytes):>10}  {found.folder}")
        if kinds:
            click.echo(f"{'':<10} {kinds}")
    click.echo(f"{'total':<10} {'':>13} {_size(total):>10}")


@cache.command("prune")
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    default=None,
    help="Keep what the last N `jindu site` builds used (default: jindu.yml's caches.keep, else 5).",
)
def cache_prune(keep: int | None) -> None:
    """Remove the cache entries that none of the last builds used (each `jindu site` does this too)."""
    project = current_project()
    keep = keep or keep_of(project)
    if not keep:
        click.echo("jindu cache prune: caches.keep is 0 (never remove): give --keep N to prune")
        return
    removed = prune_caches(project, keep)
    click.echo(f"jindu cache prune: {pruned_line(removed, keep)}")
