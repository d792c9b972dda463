"""`jindu cache info`: what the project's caches hold (store.py says what each keeps and why)."""

from __future__ import annotations

import json

import click

from jindu.commands.shared import current_project

CACHES = ("charts", "bulletins", "pages", "search", "history")


def _size(count: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024  # type: ignore[assignment]
    return str(count)


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
