"""Build: the one function that runs the pipeline, for the plugin, the CLI and the tests.

`build_outputs(settings)` loads and checks the plans, computes the status report as of
`settings.as_of` and renders every page and asset. It never writes files: the caller
decides (MkDocs keeps them in memory, `jindu render --out` writes a tree). When the plans
have errors it returns no outputs and the diagnostics, so nothing half-built is published.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from jindu.bulletins.archive import IssuedFile, check_permanence, read_archive
from jindu.bulletins.listing import Listed, issued_periods, published
from jindu.bulletins.press import Press, PressOptions, PressRun, PressStats, PrintedBulletin, draft_issues
from jindu.bulletins.series import Issue
from jindu.charts.cache import ChartStats, render_charts, start_charts
from jindu.charts.fonts import ChartFont, find_chart_font
from jindu.charts.glyphs import check_chart_text
from jindu.charts.planner import plan_charts
from jindu.charts.specs import ChartSet
from jindu.diagnostics.diagnostic import Diagnostics
from jindu.exports.files import export_files
from jindu.history.record import History
from jindu.outputs import Outputs
from jindu.plans.loading import load_portfolio
from jindu.plans.portfolio import Portfolio
from jindu.settings import Settings
from jindu.site.pages import PageOptions, PageRenderer
from jindu.site.theme import SCRIPTS, STYLESHEETS
from jindu.status.engine import compute_status
from jindu.status.verdicts import StatusReport
from jindu.store import Store
from jindu.words.addresses import SiteMap
from jindu.words.locale import Words
from jindu.words.names import Names

ASSETS = (*STYLESHEETS, *SCRIPTS)  # the theme partials link them (site/theme.py)


@dataclass
class BuildResult:
    outputs: Outputs
    diagnostics: Diagnostics
    report: StatusReport | None
    portfolio: Portfolio
    charts: ChartSet | None = None
    chart_stats: ChartStats | None = None
    bulletins: list[PrintedBulletin] | None = None  # the drafts printed
    press_stats: PressStats | None = None
    issued: list[IssuedFile] | None = None  # the archive's bulletins published
    printing: PressRun | None = None  # drafts still printing (build_outputs(print_later=True))
    rendered: list[str] | None = None  # the pages whose templates ran (the others came from the page cache)
    reused: int = 0  # pages taken from the page cache
    # The data files by path, made when called (build_outputs(exports_later=True)); None: in outputs.
    exports_later: Callable[[], dict[str, bytes]] | None = None
    pieces: list[str] | None = None  # the kept parts of list pages rendered, "page#name" (site/pieces.py)

    @property
    def ok(self) -> bool:
        return self.report is not None


@dataclass
class _Prepared:
    """What every build computes before it draws or prints anything."""

    portfolio: Portfolio
    font: ChartFont
    report: StatusReport
    history: History | None
    names: Names
    charts: ChartSet
    issued: list[IssuedFile]

    def drafts(self, settings: Settings) -> list[Issue]:
        if not settings.bulletins:
            return []
        return draft_issues(self.portfolio, self.report, issued_periods(self.issued), settings.lang)


@dataclass
class _Ground:
    """The language-neutral part of `_Prepared`: the same for every edition of a site."""

    portfolio: Portfolio
    archive: list[IssuedFile]
    font: ChartFont
    report: StatusReport
    history: History | None
    names: Names


def _ground(settings: Settings) -> _Ground | BuildResult:
    """Load → check → status; a BuildResult without outputs on plan errors. Made once per
    `settings.groundwork` for the same plans, archive, date, rules, font and history."""
    key = (settings.plans, settings.issued, settings.as_of, settings.rules, settings.chart_font, id(settings.history))
    if settings.groundwork is not None:
        return settings.groundwork.once(("ground", key), lambda: _lay_ground(settings))
    return _lay_ground(settings)


def _lay_ground(settings: Settings) -> _Ground | BuildResult:
    portfolio = load_portfolio(list(settings.plans), settings.recall)
    archive = read_archive(settings.issued, portfolio.diagnostics)
    if settings.history is not None:  # built from a git repository: hold the archive to its history
        check_permanence(settings.issued, portfolio.diagnostics)
    if not portfolio.ok:
        return BuildResult(Outputs(), portfolio.diagnostics, None, portfolio)
    font = find_chart_font(settings.chart_font)
    check_chart_text(portfolio, font)
    if not portfolio.ok:
        return BuildResult(Outputs(), portfolio.diagnostics, None, portfolio)
    report = compute_status(portfolio, settings.as_of, settings.rules, settings.recall)
    history = settings.history.with_worktree(portfolio, settings.recall) if settings.history else None
    return _Ground(portfolio, archive, font, report, history, Names.build(portfolio))


def _prepare(settings: Settings) -> _Prepared | BuildResult:
    """Load → check → status → the chart specs; a BuildResult without outputs on plan errors.
    Raises `templating.TemplateError` when the office's templates do not fit this jindu."""
    settings.templates.check()
    ground = _ground(settings)
    if isinstance(ground, BuildResult):
        return ground
    portfolio, report = ground.portfolio, ground.report
    charts = plan_charts(report, ground.names, SiteMap(settings.use_directory_urls), settings.lang, settings.recall)
    # A site as of a day lists what had been issued by that day, not what was issued later about it.
    issued = [
        f for f in ground.archive if f.record.plan in portfolio.plans and f.record.issued_on_date <= settings.as_of
    ]
    return _Prepared(portfolio, ground.font, report, ground.history, ground.names, charts, issued)


def press_options(settings: Settings) -> PressOptions:
    """The press's options from the settings: the one place they are made for a build."""
    return PressOptions(
        lang=settings.lang,
        use_directory_urls=settings.use_directory_urls,
        templates=settings.templates,
        rules=settings.rules,
        base_url=settings.base_url,
        revision=settings.revision,
        pdf_date=settings.pdf_date,
        pdf_variant=settings.pdf_variant,
        chart_cache=settings.chart_cache,
        bulletin_cache=settings.bulletin_cache,
        workers=settings.chart_workers,
        history=settings.history,
    )


def page_options(settings: Settings) -> PageOptions:
    """The pages' options from the settings (see `press_options`)."""
    return PageOptions(
        lang=settings.lang,
        use_directory_urls=settings.use_directory_urls,
        templates=settings.templates,
        drafts=settings.bulletins,
        store=settings.chart_cache,
        pages=settings.page_cache,
        groundwork=settings.groundwork,
        recall=settings.recall,
    )


def build_outputs(settings: Settings, print_later: bool = False, exports_later: bool = False) -> BuildResult:
    """Load → check → status → charts, bulletins, pages and assets. Outputs are empty when
    the plans have errors. Raises `fonts.FontError` when no CJK font is installed.

    With `print_later`, drafts the cache does not have print in worker processes while the
    caller goes on: their outputs are empty until then, the drafts' rows in the pages carry
    marks for pages and size (`listing.fill_pending`; marks for every draft, printed or not,
    so a page's Markdown does not depend on the cache), and `result.printing.finish()` gives
    the PDFs. MkDocs converts the pages meanwhile: a progress edit waits for its draft once.

    With `exports_later`, the data files are not in the outputs: `result.exports_later()` makes
    them (a live preview writes them after the browser has reloaded)."""
    prepared = _prepare(settings)
    if isinstance(prepared, BuildResult):
        return prepared
    portfolio, font, report, history, names, charts, issued = (
        prepared.portfolio,
        prepared.font,
        prepared.report,
        prepared.history,
        prepared.names,
        prepared.charts,
        prepared.issued,
    )
    bulletins: list[PrintedBulletin] = []
    press_stats = None
    printing = None
    if settings.bulletins:  # first, so that drafts printing later overlap the charts too
        run = Press(portfolio, press_options(settings), font, names, history, report).start(
            prepared.drafts(settings), print_later
        )
        if print_later:
            printing, bulletins = run, run.ready + run.pending
        else:
            bulletins, press_stats = run.finish()
    try:
        # The pages show the charts' specs, not their files: they render while the workers draw.
        drawing = start_charts(charts, font, Store(settings.chart_cache), settings.chart_workers, settings.recall)
        listed: dict[str, list[Listed]] = published(issued, bulletins, Words(settings.lang), printing is not None)
        renderer = PageRenderer(portfolio, report, page_options(settings), charts, listed, history)
        outputs = renderer.render()
        chart_files, stats = drawing()
        for path, drawn in chart_files.items():
            # A chart with no download link is seen only inline: a finished site needs no file of it.
            spec = charts.specs.get(path.rpartition(".")[0])
            outputs.add(path, drawn, "chart" if spec is None or spec.png else "inline")
        del chart_files  # in the outputs' spool now
        for file in issued:
            outputs.add(file.path, file.pdf, "bulletin")
        for bulletin in bulletins:  # a pending draft is an empty file until printing.finish()
            outputs.add(bulletin.path, bulletin.pdf, "bulletin")
        for asset in ASSETS:
            outputs.add(asset, settings.templates.read_bytes(asset), "asset")
        exporting = functools.partial(_exports, settings, report, names, history)
        if not exports_later:
            exporting(put=lambda path, content: outputs.add(path, content, "data"))
    except BaseException:
        if printing is not None:  # no one will wait for it
            printing.cancel()
        raise
    return BuildResult(
        outputs,
        portfolio.diagnostics,
        report,
        portfolio,
        charts,
        stats,
        bulletins,
        press_stats,
        issued,
        printing,
        renderer.rendered,
        renderer.reused,
        exporting if exports_later else None,
        renderer.pieces.rendered,
    )


def _exports(
    settings: Settings,
    report: StatusReport,
    names: Names,
    history: History | None,
    put: Callable[[str, bytes], object] | None = None,
) -> dict[str, bytes]:
    """The data files of a build (tables, open data, calendars, feeds) by path; with `put`,
    handed to it one by one instead (see `export_files`)."""
    sitemap, words = SiteMap(settings.use_directory_urls), Words(settings.lang)
    exports, _ = export_files(
        report,
        names,
        sitemap,
        words,
        settings.base_url,
        settings.chart_cache,
        history,
        settings.site_name,
        put,
        settings.chart_workers,
    )
    return exports


def shard_of(path: str, shards: int) -> int:
    """The shard (1…shards) a chart or draft belongs to, by a hash of its output path: the same
    on every machine and run (Python's hash() is salted per process)."""
    return int(hashlib.sha256(path.encode("utf-8")).hexdigest()[:12], 16) % shards + 1


def warm_caches(settings: Settings, shard: int, shards: int) -> BuildResult:
    """Draw the charts and print the drafts of one shard into the caches, and nothing else.

    A CI matrix runs one shard per job (`jindu warm --shard K/N`), each into its own cache
    folders; merged (the caches are content-addressed, so folders simply combine), they let a
    final build draw and print nothing. The result has no outputs, only the costs."""
    prepared = _prepare(settings)
    if isinstance(prepared, BuildResult):
        return prepared
    subset = ChartSet()
    for path, spec in prepared.charts.specs.items():
        if shard_of(path, shards) == shard:
            subset.add(path, spec)
    _, stats = render_charts(subset, prepared.font, Store(settings.chart_cache), settings.chart_workers)
    drafts = [issue for issue in prepared.drafts(settings) if shard_of(issue.path, shards) == shard]
    press = Press(
        prepared.portfolio, press_options(settings), prepared.font, prepared.names, prepared.history, prepared.report
    )
    printed, press_stats = press.run(drafts)
    return BuildResult(
        Outputs(),
        prepared.portfolio.diagnostics,
        prepared.report,
        prepared.portfolio,
        subset,
        stats,
        printed,
        press_stats,
    )
