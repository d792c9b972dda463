"""Press: print the bulletins of a build (drafts) or of one issue, in parallel, once.

    issues → status as of each issue's date → Bulletin (bulletin.py) → battle map pages
    (chartspecs + chartcache) → HTML (site_templates/print/) → PDF (printing.py)

Each PDF is cached under the SHA-256 of everything it is made of: the press version, the
WeasyPrint version, the font files, the stylesheet, the variant, the date written into
the PDF and the finished HTML (which holds every word, number, chart and link). A draft
prints no commit, so a commit that changes another plan leaves it (and its cache entry)
as it was. Misses print in a spawned process pool, like the charts; `start(background=True)`
lets them print while the caller goes on (MkDocs converting the pages) until `PressRun.finish`.
Issued bulletins are never printed by a build: the site publishes the archived files (archive.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from jindu.bulletins.compose import Bulletin, compose_bulletin
from jindu.bulletins.printing import Printed, PrintOptions, data_url, print_pdf
from jindu.bulletins.series import Issue, draft_issue, has_schedule
from jindu.charts.cache import map_in_processes, render_charts
from jindu.charts.fonts import ChartFont, find_chart_font
from jindu.charts.planner import ChartPlanner
from jindu.charts.specs import ChartSet
from jindu.history.record import Entry, History
from jindu.plans.forms import form_tables
from jindu.plans.model import BulletinSettings, DirectoryFile
from jindu.plans.periods import PeriodKind
from jindu.plans.portfolio import Portfolio
from jindu.processes import worker_pool
from jindu.status.engine import compute_status
from jindu.status.verdicts import StatusReport, StatusRules
from jindu.store import Store
from jindu.templating import Templates, render
from jindu.words.addresses import SiteMap
from jindu.words.locale import Words
from jindu.words.names import Names

# Bump when the print templates' meaning changes in a way the HTML does not show.
PRESS_VERSION = "1"
BODY_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"


@dataclass
class PrintedBulletin:
    issue: Issue
    bulletin: Bulletin
    pdf: bytes
    pages: int
    pending: bool = False  # still printing in the background: no PDF, pages or size yet

    @property
    def path(self) -> str:
        return self.issue.path


@dataclass
class PressStats:
    total: int = 0
    printed: int = 0
    cached: int = 0
    pages: int = 0
    bytes: int = 0
    seconds: float = 0.0
    subsetter: str = ""
    printed_paths: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.total} bulletins ({self.pages} pages, {self.bytes / 1e6:.1f} MB): {self.printed} printed, "
            f"{self.cached} from cache, {self.seconds:.1f} s"
        )


def bulletin_settings(portfolio: Portfolio, plan_id: str) -> BulletinSettings:
    directory = portfolio.directory_for(portfolio.plan(plan_id))
    return directory.bulletin if directory else BulletinSettings()


def organization_name(portfolio: Portfolio, plan_id: str) -> str:
    plan = portfolio.plan(plan_id)
    directory: DirectoryFile | None = portfolio.directory_for(plan)
    return directory.organization.name if directory else plan.organization


def draft_issues(portfolio: Portfolio, report: StatusReport, issued: dict[str, set[str]], lang: str) -> list[Issue]:
    """The drafts a site prints: at most one per plan with dates (`series.draft_issue`),
    skipping the periods in `issued` (plan id → period texts, lower case)."""
    issues = []
    for plan_id, ps in report.plans.items():
        if not has_schedule(ps):
            continue
        issue = draft_issue(ps.index, bulletin_settings(portfolio, plan_id), report.as_of, issued.get(plan_id, set()))
        if issue is not None:
            issues.append(replace(issue, lang=lang))
    return issues


def print_identity() -> str:
    """What every bulletin's cache key shares: press and WeasyPrint versions and the font files.
    Reads WeasyPrint's version from its metadata: importing it costs a second and a half, which
    a build whose drafts all come from the cache need not pay."""
    parts = [PRESS_VERSION, importlib.metadata.version("weasyprint")]
    for family in (BODY_FONT, HEADING_FONT):
        font = find_chart_font(family)
        parts += [font.family, font.path, str(Path(font.path).stat().st_size)]
    return "\x00".join(parts)


@dataclass(frozen=True)
class PressOptions:
    """What the press needs, and nothing else: made from the settings by `build.press_options`
    (the build's and `jindu bulletin print`'s), or by `issuing` from an issue request."""

    lang: str = "zh"
    use_directory_urls: bool = True
    templates: Templates = field(default_factory=Templates)
    rules: StatusRules = field(default_factory=StatusRules)
    base_url: str | None = None  # the published site, for the link and the QR code
    revision: str = ""  # the commit an issued bulletin is printed from, in its 版记 (drafts: none)
    pdf_date: dt.datetime | None = None  # None: each bulletin's as-of date
    pdf_variant: str | None = None
    chart_cache: Path | None = None
    bulletin_cache: Path | None = None
    workers: int | None = None  # None: one per core
    history: History | None = field(default=None, compare=False)


class Press:
    """Composes, typesets and prints the bulletins of one build."""

    def __init__(
        self,
        portfolio: Portfolio,
        options: PressOptions,
        font: ChartFont,
        names: Names | None = None,
        history: History | None = None,
        known: StatusReport | None = None,
    ):
        self.portfolio = portfolio
        self.known = known  # the site's report of the same build, if any (see `report`)
        # The build passes the history with the working tree's changes; the CLI, the options'.
        self.history = history if history is not None else options.history
        self.options = options
        self.font = font
        self.names = names or Names.build(portfolio)
        self.sitemap = SiteMap(options.use_directory_urls)
        self.lang = options.lang
        self.words = Words(options.lang)
        self.reports: dict[dt.date, StatusReport] = {}
        self.env = jinja2.Environment(
            loader=options.templates.loader("print"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.css = options.templates.read_text("print/bulletin.css")

    def report(self, day: dt.date) -> StatusReport:
        if day not in self.reports:
            # A bulletin reports its day as closed: nothing due that day is "due today".
            rules = replace(self.options.rules, close_of_day=True)
            known = self.known
            if (
                known is not None
                and known.as_of == day
                and replace(known.rules, close_of_day=True) == rules
                and not any(m.due == day for m in known.milestones())
            ):
                # The closed day changes only the milestones due that very day: with none, the
                # site's report is the bulletin's (at 10,000 tasks, 2-3 s of every build).
                self.reports[day] = replace(known, rules=rules)
            else:
                self.reports[day] = compute_status(self.portfolio, day, rules)
        return self.reports[day]

    def compose(self, issues: list[Issue]) -> tuple[list[Bulletin], ChartSet]:
        """The bulletins of `issues`, and the chart specs of their battle maps."""
        charts = ChartSet()
        bulletins = []
        for issue in issues:
            report = self.report(issue.as_of)
            ps = report.plans[issue.plan_id]
            planner = ChartPlanner(report, self.names, self.sitemap, self.lang)
            period = issue.period
            end = min(period.last_day, ps.index.end)
            title = f"{ps.plan.title} · {self.words('bulletin_chart')} · {self.words.period(period)}"
            specs = planner.period_battle_maps(ps, period.first_day, end, f"bb-{issue.plan_id}-{issue.slug}", title)
            for n, spec in enumerate(specs, start=1):
                charts.add(f"bulletins/{issue.plan_id}/{issue.slug}-map-{n}", spec)
            bulletins.append(
                compose_bulletin(
                    report,
                    issue,
                    bulletin_settings(self.portfolio, issue.plan_id),
                    self.names,
                    self.sitemap,
                    self.lang,
                    organization_name(self.portfolio, issue.plan_id),
                    self.options.base_url,
                    self.options.revision,
                    specs,
                    self.adjustments(issue),
                )
            )
            if period.kind is PeriodKind.YEAR:  # the year's issue carries the 考核自评表
                org = ps.plan.organization
                bulletins[-1].forms = form_tables(self.portfolio, issue.plan_id)
                bulletins[-1].unit_names = {u: n for (o, u), n in self.names.units.items() if o == org}
        return bulletins, charts

    def adjustments(self, issue: Issue) -> list[Entry] | None:
        """The plan's changes committed from the period's start to the issue's date."""
        if self.history is None or not self.history.available:
            return None
        ph = self.history.plan(issue.plan_id)
        return ph.between(issue.period.first_day, issue.as_of) if ph else []

    def typeset(self, bulletin: Bulletin, chart_files: dict[str, bytes]) -> str:
        """The HTML of one bulletin, with its charts and QR code embedded as data: URLs."""
        issue = bulletin.issue
        urls = [
            data_url(chart_files[f"bulletins/{issue.plan_id}/{issue.slug}-map-{n}.svg"], "image/svg+xml")
            for n in range(1, len(bulletin.charts) + 1)
        ]
        return render(
            self.env,
            "bulletin.html.j2",
            b=bulletin,
            chart_urls=urls,
            qr=qr_data_url(bulletin.plan_link) if bulletin.plan_link else "",
            loc=self.words,
            t=self.words,
        )

    def print_options(self, issue: Issue) -> PrintOptions:
        created = self.options.pdf_date or dt.datetime.combine(issue.as_of, dt.time(), ZoneInfo("Asia/Shanghai"))
        return PrintOptions(created=created, variant=self.options.pdf_variant)

    def run(self, issues: list[Issue]) -> tuple[list[PrintedBulletin], PressStats]:
        """Print `issues`: every PDF, in issue order, and what it cost."""
        return self.start(issues).finish()

    def start(self, issues: list[Issue], background: bool = False) -> PressRun:
        """Compose and typeset `issues` and take every PDF the cache has; the rest print in
        `finish`, or, with `background`, in worker processes from now on, so that the caller
        can build its pages meanwhile (their rows show the pending drafts, see PressRun)."""
        began = time.perf_counter()
        stats = PressStats(total=len(issues))
        bulletins, charts = self.compose(issues)
        chart_files, _ = render_charts(charts, self.font, Store(self.options.chart_cache), self.options.workers)
        cache = Store(self.options.bulletin_cache)
        identity = print_identity() if issues else ""
        found: dict[int, Printed] = {}
        misses: list[tuple[int, str, tuple[str, str, PrintOptions]]] = []
        for i, bulletin in enumerate(bulletins):
            html = self.typeset(bulletin, chart_files)
            options = self.print_options(bulletin.issue)
            key = hashlib.sha256("\x00".join([identity, self.css, repr(options), html]).encode("utf-8")).hexdigest()
            hit = cache.get(key, ["pdf", "json"])
            if hit is not None:
                meta = json.loads(hit["json"])
                found[i] = Printed(hit["pdf"], meta["pages"], tuple(meta["warnings"]))
                stats.cached += 1
            else:
                misses.append((i, key, (html, self.css, options)))
        stats.seconds = time.perf_counter() - began  # composing and looking up; printing adds to it
        run = PressRun(bulletins, found, misses, cache, stats, time.perf_counter(), self.options.workers)
        if background and misses:
            run.pool = worker_pool(min(self.options.workers or os.cpu_count() or 1, len(misses)))
            run.futures = [run.pool.submit(_print, job) for _, _, job in misses]
            for future in run.futures:
                future.add_done_callback(run.printed_one)
        return run


@dataclass
class PressRun:
    """Bulletins being printed. `ready` are those already printed (from the cache); `pending`
    those still printing, whose PDF, pages and size are known only when `finish` returns."""

    bulletins: list[Bulletin]
    found: dict[int, Printed]
    misses: list[tuple[int, str, tuple[str, str, PrintOptions]]]
    cache: Store
    stats: PressStats
    began: float  # when printing began (the misses sent to the workers, or not yet)
    workers: int | None = None
    pool: ProcessPoolExecutor | None = None
    futures: list[Future] = field(default_factory=list)
    last_printed: float = 0.0  # when the background's last PDF was done
    done: int = 0  # the background PDFs done

    def printed_one(self, _: Future) -> None:
        """A background PDF is done (called in the pool's thread)."""
        self.last_printed = max(self.last_printed, time.perf_counter())
        self.done += 1

    @property
    def ready(self) -> list[PrintedBulletin]:
        return [
            PrintedBulletin(b.issue, b, self.found[i].pdf, self.found[i].pages)
            for i, b in enumerate(self.bulletins)
            if i in self.found
        ]

    @property
    def pending(self) -> list[PrintedBulletin]:
        return [
            PrintedBulletin(b.issue, b, b"", 0, pending=True)
            for i, b in enumerate(self.bulletins)
            if i not in self.found
        ]

    def finish(self) -> tuple[list[PrintedBulletin], PressStats]:
        """Every PDF, in issue order, and what it cost: waits for the background printing,
        or prints the misses now. Raises what printing raised (PrintError, UnsafeFetch)."""
        stats = self.stats
        try:
            if self.pool is not None:
                results = [future.result() for future in self.futures]
                # The press's time is the printing's, not the pages' it overlapped. (A future's
                # callback runs just after its result is out: one not run yet is done now.)
                last = self.last_printed if self.done == len(self.futures) else time.perf_counter()
                printing = max(last, self.began) - self.began
            elif self.misses:
                waited = time.perf_counter()
                results = map_in_processes(_print, [job for _, _, job in self.misses], self.workers)
                printing = time.perf_counter() - waited
            else:  # every PDF from the cache: no printing to time
                results, printing = [], 0.0
        finally:
            self.cancel()
        for (i, key, _), printed in zip(self.misses, results, strict=True):
            self.cache.put(
                key,
                {
                    "pdf": printed.pdf,
                    "json": json.dumps({"pages": printed.pages, "warnings": list(printed.warnings)}).encode("utf-8"),
                },
            )
            self.found[i] = printed
            stats.subsetter = printed.subsetter  # told by the worker: the build need not import WeasyPrint
            stats.printed += 1
            stats.printed_paths.append(self.bulletins[i].issue.path)
        result = []
        for i, bulletin in enumerate(self.bulletins):
            printed = self.found[i]
            stats.pages += printed.pages
            stats.bytes += len(printed.pdf)
            stats.warnings += [f"{bulletin.issue.path}: {w}" for w in printed.warnings]
            result.append(PrintedBulletin(bulletin.issue, bulletin, printed.pdf, printed.pages))
        stats.seconds += printing
        return result, stats

    def cancel(self) -> None:
        """Stop the background printing: after `finish`, or when a build fails (its workers
        are killed then, not waited for)."""
        if self.pool is None:
            return
        if any(not future.done() for future in self.futures):
            # ProcessPoolExecutor can only wait for a running job (terminate_workers() is
            # Python 3.14); a failed build should not wait half a minute for a PDF it drops.
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = None


def _print(job: tuple[str, str, PrintOptions]) -> Printed:
    html, css, options = job
    return print_pdf(html, css, options)


def qr_data_url(url: str) -> str:
    """A QR code of `url` as an SVG data: URL (segno writes the same bytes for the same text)."""
    import segno

    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=0, dark="#000")
