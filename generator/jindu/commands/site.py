"""The commands that build: `jindu render`, `warm`, `build-env` and `site`."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import click

from jindu.commands.cache import end_site_build, keep_of, prune_caches, pruned_line, start_site_build
from jindu.commands.shared import (
    AS_OF_OPTION,
    CHART_CACHE_OPTION,
    ISSUED_OPTION,
    LANG_OPTION,
    TEMPLATES_OPTION,
    archive_folder,
    as_of_date,
    chosen_paths,
    current_project,
    history_for,
    summary_option,
    templates_for,
)
from jindu.diagnostics.formats import format_text


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to write the generated Markdown pages and assets into (replaced on success).",
)
@AS_OF_OPTION
@LANG_OPTION
@CHART_CACHE_OPTION
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
@ISSUED_OPTION
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

    plan_paths = chosen_paths(paths)
    project = current_project()
    settings = project.settings(
        as_of_date(as_of),
        lang,
        plans=tuple(plan_paths),
        chart_cache=chart_cache,
        bulletins=project.drafts(lang) if bulletins is None else bulletins,
        issued=archive_folder(plan_paths, archive),
        bulletin_cache=bulletin_cache,
        templates=templates_for(plan_paths, overrides, "render"),
        history=history_for(plan_paths, "render"),
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


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--shard", required=True, metavar="K/N", help="This job's shard: 1/4, 2/4, … of N jobs.")
@AS_OF_OPTION
@click.option(
    "--lang", "langs", type=click.Choice(["zh", "en"]), multiple=True, help="Editions to warm (default: both)."
)
@click.option("--base-url", metavar="URL", default=None, help="The site_url of the site's config (drafts print it).")
@click.option("--english-bulletins", is_flag=True, help="Print English drafts too (the plugin's english_bulletins).")
@ISSUED_OPTION
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
    plan_paths = chosen_paths(paths)
    day = as_of_date(as_of)
    history = history_for(plan_paths, "warm")
    templates = templates_for(plan_paths, overrides, "warm")
    project = current_project()
    for lang in langs or ("zh", "en"):
        settings = project.settings(
            day,
            lang,
            plans=tuple(plan_paths),
            chart_cache=Path(charts),
            bulletins=project.drafts(lang) or english_bulletins,
            issued=archive_folder(plan_paths, archive),
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


@click.command("build-env")
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

    timezone = timezone or current_project().config.timezone
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


@click.command()
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
@AS_OF_OPTION
@click.option(
    "--engine",
    type=click.Choice(["mkdocs", "properdocs", "zensical"]),
    default=None,
    help="The engine that themes the pages (default: jindu.yml's engine, else mkdocs).",
)
@click.option(
    "--preview",
    is_flag=True,
    help="A preview to open from disk: pages linked by file (…/index.html), not by folder.",
)
@summary_option("how to open the site")
def site(out: Path, config: Path, as_of: str | None, engine: str | None, preview: bool, summary: Path | None) -> None:
    """Build the public site into OUT, replacing it only when every edition is built.

    jindu renders every page, chart and data file, the engine (MkDocs, ProperDocs or Zensical)
    themes them, and jindu finishes the result (search index, drafts, inline charts). The
    as-of date is fixed once for every edition, and SOURCE_DATE_EPOCH defaults to that date,
    so the same plans and date give the same bytes.
    """
    from jindu.charts.fonts import FontError
    from jindu.groundwork import Groundwork
    from jindu.outputs import swap_in
    from jindu.publish.carried import CarryError
    from jindu.publish.edition import EditionError, build_edition
    from jindu.publish.engineconfig import EngineConfigError
    from jindu.publish.engines import EngineError, find_engine
    from jindu.publish.finishing import FinishError, link_files
    from jindu.publish.tree import TreeError
    from jindu.templating import TemplateError

    project = current_project()
    keep = keep_of(project)  # a wrong JINDU_CACHE_KEEP stops the build before it starts, not after
    # The one reading of the clock in a site build: when it started, for pruning the caches.
    held = start_site_build(project, time.time())
    day = as_of_date(as_of)
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
        history = history_for([Path(p) for p in project.config.plans], "site")
        final = staging / "site"
        groundwork = Groundwork()  # the editions share the plans, their status and the strips
        for edition_config, folder in editions:
            built = build_edition(
                project,
                edition_config,
                chosen,
                day,
                staging / f"work-{folder or 'main'}",
                history,
                env,
                preview,
                groundwork,
            )
            click.echo(f"jindu site: {edition_config}: {built_summary(built)}")
            target = final / folder if folder else final
            if folder:
                shutil.rmtree(target, ignore_errors=True)  # the main edition's own copy of it
            os.rename(built.site, target)
            # Its outputs (every page, chart and file) are on disk now: the next edition's
            # build should not hold them too (the peak memory of a two-edition site).
            del built
        if preview:  # once both editions are in place: the language switch links across them
            link_files(final)
    except (
        EditionError,
        EngineError,
        EngineConfigError,
        FinishError,
        CarryError,
        TreeError,
        FontError,
        TemplateError,
    ) as error:
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
    end_site_build(held)
    removed = prune_caches(project, keep)
    if removed.files or removed.busy:
        click.echo(f"jindu site: caches: {pruned_line(removed, keep)}")
    if summary is not None:
        with summary.open("a", encoding="utf-8") as handle:
            handle.write(opening_note(preview))


def built_summary(built) -> str:
    """What one edition cost: pages rendered and taken from the page cache, charts, the files
    written for the engine, the finish."""
    result = built.result
    rendered = len(result.rendered or [])
    charts = result.chart_stats.summary() if result.chart_stats else "no charts"
    return f"{rendered} pages rendered, {result.reused} from cache; {charts}; {built.tree}; {built.finished.summary()}"


def opening_note(preview: bool) -> str:
    """How a reviewer opens the built site (Markdown, for a CI job summary)."""
    from jindu.words.locale import every_language

    key = "site_preview_note" if preview else "site_served_note"
    return "\n".join(f"{text}\n" for text in every_language(key))
