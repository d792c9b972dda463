"""The MkDocs plugin: a thin shell around `build.build_outputs`.

It runs the pipeline once per build in `on_files` and hands every page and asset to MkDocs
as an in-memory file (`File.generated`); nothing is written into docs/. Plan problems are
logged with file, line and column and abort the build, warnings go through the plugin
logger so `mkdocs build --strict` fails on them, and `mkdocs serve` watches the plans and
templates. Generated HTML is sanitized in `on_page_content`.

This is the only module that imports mkdocs; the core stays usable without it.

    plugins:
      - jindu:
          plans: [plans]          # folders or files, relative to mkdocs.yml
          as_of: 2023-07-15       # optional; JINDU_AS_OF overrides; default today (Asia/Shanghai)
          lang: zh                # zh or en: the language of generated pages
          due_soon_days: 30       # 临期 threshold
          chart_font: Noto Sans CJK SC    # a CJK font family installed on the build machine
          chart_cache: .cache/jindu-charts  # drawn charts by content hash; "" turns it off
          chart_workers: 0        # processes drawing charts and printing bulletins; 0 = one per core
          bulletins: true         # print one draft bulletin per plan (the period not yet issued)
          english_bulletins: false  # the English edition prints its drafts too (default: none)
          serve_bulletins: false  # `mkdocs serve` prints drafts too (default: none, for speed)
          issued: issued          # the archive of issued bulletins, published as committed
          bulletin_cache: .cache/jindu-bulletins  # printed drafts by content hash; "" turns it off
          pdf_variant: pdf/a-3b   # optional: archival PDF/A-3b (or pdf/a-3u, pdf/ua-1)

The site's `site_url` is the base of the links and QR codes printed in bulletins. Issued
bulletins are never printed by a build: `jindu bulletin issue` prints them once into the
archive, and the site publishes those files byte for byte.

Charts are inlined into their pages here, after sanitizing (links inside an SVG work only
when it is part of the page, not in an <img>); each SVG passes its own allow-list
(`svgdoc.inline_svg`) on the way in.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from jindu.build import BuildResult, build_outputs
from jindu.bulletins.printing import SLOW_SUBSETTER
from jindu.charts.fonts import DEFAULT_FAMILY, FontError
from jindu.charts.svgdoc import UnsafeSvg, inline_svg
from jindu.diagnostics.formats import format_text
from jindu.history.gitrepo import GitError
from jindu.history.record import History, read_history
from jindu.history.revision import read_revision
from jindu.markup import sanitize_html
from jindu.settings import (
    BULLETIN_CACHE_ENV,
    CHART_CACHE_ENV,
    DEFAULT_BULLETIN_CACHE,
    DEFAULT_CHART_CACHE,
    Settings,
    SettingsError,
    resolve_as_of,
)
from jindu.status.verdicts import StatusRules
from jindu.words.locale import Words

log = get_plugin_logger(__name__)

# The chart slot as the page template writes it and nh3 leaves it (attribute order kept).
CHART_SLOT = re.compile(r'<div class="jd-chart-slot" data-chart="([^"<>]+)">.*?</div>', re.DOTALL)


def _cache(root: Path, configured: str, variable: str) -> Path | None:
    """A cache folder: the environment variable when set (CI caches, test runs), else the
    configured folder relative to the project; "" in either turns the cache off."""
    value = os.environ.get(variable, configured)
    return root / value if value else None


class JinduConfig(Config):
    plans = opt.ListOfItems(opt.Type(str), default=["plans"])
    as_of = opt.Optional(opt.Type(str))
    lang = opt.Choice(("zh", "en"), default="zh")
    due_soon_days = opt.Type(int, default=StatusRules.due_soon_days)
    templates = opt.Type(str, default="site_templates")
    timezone = opt.Type(str, default="Asia/Shanghai")
    chart_font = opt.Type(str, default=DEFAULT_FAMILY)
    chart_cache = opt.Type(str, default=str(DEFAULT_CHART_CACHE))
    chart_workers = opt.Type(int, default=0)
    bulletins = opt.Type(bool, default=True)
    english_bulletins = opt.Type(bool, default=False)
    serve_bulletins = opt.Type(bool, default=False)
    issued = opt.Type(str, default="issued")
    bulletin_cache = opt.Type(str, default=str(DEFAULT_BULLETIN_CACHE))
    pdf_variant = opt.Optional(opt.Choice(("pdf/a-3b", "pdf/a-3u", "pdf/ua-1")))
    history = opt.Type(bool, default=True)
    baseline = opt.Optional(opt.Type(str))


class JinduPlugin(BasePlugin[JinduConfig]):
    def __init__(self) -> None:
        self.result: BuildResult | None = None
        self.generated: set[str] = set()
        self.settings: Settings | None = None
        self.command = "build"

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`: a preview prints no drafts unless asked."""
        self.command = command

    def _drafts(self) -> bool:
        if not self.config.bulletins:
            return False
        if self.config.lang != "zh" and not self.config.english_bulletins:
            return False
        return self.command != "serve" or self.config.serve_bulletins

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            as_of = resolve_as_of(configured=self.config.as_of, timezone=self.config.timezone)
        except SettingsError as error:
            raise PluginError(f"jindu: {error}") from None
        self.settings = Settings(
            plans=tuple(root / p for p in self.config.plans),
            as_of=as_of,
            lang=self.config.lang,
            rules=StatusRules(due_soon_days=self.config.due_soon_days),
            use_directory_urls=config.use_directory_urls,
            templates=root / self.config.templates,
            chart_font=self.config.chart_font,
            chart_cache=_cache(root, self.config.chart_cache, CHART_CACHE_ENV),
            chart_workers=self.config.chart_workers or None,
            bulletins=self._drafts(),
            issued=(root / self.config.issued) if self.config.issued else None,
            bulletin_cache=_cache(root, self.config.bulletin_cache, BULLETIN_CACHE_ENV),
            pdf_variant=self.config.pdf_variant,
            base_url=config.site_url or None,
            revision=read_revision(root, [root / p for p in self.config.plans]),
            history=self._history([root / p for p in self.config.plans]),
        )
        if "assets/jindu.css" not in config.extra_css:
            config.extra_css.append("assets/jindu.css")
        config.extra["jindu_as_of"] = as_of.isoformat()
        words = Words(self.config.lang)
        config.extra["jindu_words"] = {
            "as_of": words("as_of"),
            "host": words("footer_host"),
            "site_code": words("footer_site_code"),
            "colon": words.marks.colon,
        }
        return config

    def _history(self, plans: list[Path]) -> History | None:
        """The plans' change history from git; a shallow clone or no repository is logged, not fatal."""
        if not self.config.history:
            return None
        try:
            history = read_history(plans, baseline=self.config.baseline)
        except GitError as error:
            raise PluginError(f"jindu: {error}; fix `baseline` in the jindu plugin config") from None
        if history.note:
            log.info(f"jindu: change history: {history.note}")
        return history

    def on_files(self, files: Files, config) -> Files:
        assert self.settings is not None
        try:
            result = build_outputs(self.settings)
        except FontError as error:
            raise PluginError(f"jindu: {error}") from None
        self.result = result
        diagnostics = result.diagnostics.sorted()
        if not result.ok:
            raise PluginError("jindu: the plans have errors; nothing was built\n\n" + format_text(diagnostics))
        for diagnostic in diagnostics:  # warnings only, since the build went on
            log.warning(format_text([diagnostic]))
        self.generated = set()
        for output in result.outputs:
            existing = files.get_file_from_path(output.path)
            if existing is not None and not existing.generated_by:
                raise PluginError(f"jindu: docs/{output.path} collides with a generated page; rename or remove it")
            if existing is not None:
                files.remove(existing)
            # Generated pages are linked from the overview tables, not listed in the nav (a nav
            # entry per task would make every page carry the whole tree).
            files.append(
                File.generated(config, output.path, content=output.content, inclusion=InclusionLevel.NOT_IN_NAV)
            )
            self.generated.add(output.path)
        log.info(
            f"as of {self.settings.as_of}: {len(result.outputs)} generated files; "
            f"{result.chart_stats.summary() if result.chart_stats else 'no charts'}; "
            f"{result.press_stats.summary() if result.press_stats else 'no bulletins'}"
        )
        if result.press_stats and result.press_stats.printed and result.press_stats.subsetter == "fonttools":
            log.info(f"jindu: {SLOW_SUBSETTER}")
        return files

    def on_page_content(self, html: str, page, config, files) -> str:
        if page.file.src_uri in self.generated:
            return self._inline_charts(sanitize_html(html))
        return html

    def _inline_charts(self, page_html: str) -> str:
        assert self.result is not None
        outputs = self.result.outputs

        def swap(match: re.Match) -> str:
            path = html.unescape(match.group(1))
            if path not in outputs:
                raise PluginError(f"jindu: a page shows chart {path!r}, which was not built")
            try:
                svg = inline_svg(outputs.get(path).content)
            except (UnsafeSvg, SyntaxError) as error:
                raise PluginError(f"jindu: chart {path!r} cannot be inlined: {error}") from None
            return f'<div class="jd-chart-slot">{svg}</div>'

        return CHART_SLOT.sub(swap, page_html)

    def on_post_build(self, config) -> None:
        """Runs after the search plugin wrote its index (plugins run in config order)."""
        from jindu.site.search import refine_index

        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.exists():
            refine_index(index)

    def on_serve(self, server, config, builder):
        assert self.settings is not None
        for path in (*self.settings.plans, self.settings.templates, self.settings.issued):
            if path is None:
                continue
            if path.exists():
                server.watch(str(path))
        return server
