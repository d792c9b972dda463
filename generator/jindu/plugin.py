"""The MkDocs plugin: a thin shell around `build.build_outputs`.

It runs the pipeline once per build in `on_files` and hands every page and asset to MkDocs
as an in-memory file (`File.generated`); nothing is written into docs/. Plan problems are
logged with file, line and column and abort the build (under `mkdocs serve` they replace
every generated page instead, until the next good save), warnings go through the plugin
logger so `mkdocs build --strict` fails on them, and `mkdocs serve` watches the plans,
templates and issued bulletins. Generated HTML is sanitized in `on_page_content`.

This is the only module that imports mkdocs; the core stays usable without it.
Why one module: for that reason every MkDocs event handler lives here; what they call
(pages, search records, the page cache's records, drafts) lives in the core.

    plugins:
      - jindu:
          lang: zh                # zh or en: the language of this edition's generated pages
          serve_bulletins: false  # `mkdocs serve` prints drafts too (default: none, for speed)

Everything else (plans, archive, status rules, time zone, caches, drafts) is read from jindu.yml
beside mkdocs.yml by `configuration.load_project`, the loader every command uses, so the site,
`jindu render`, `warm` and an issued bulletin share one set of rules; the options the plugin used
to take are refused with the lines to move into jindu.yml (`MOVED`).

The site's `site_url` (from jindu.yml, or mkdocs.yml) is the base of the links and QR codes printed in bulletins. Issued
bulletins are never printed by a build: `jindu bulletin issue` prints them once into the
archive, and the site publishes those files byte for byte.

Search is jindu's own (`site/search.py`): after each build the pages' records go into a
Pagefind index at `pagefind/`, which the header's search box (`partials/jindu-search.html`,
`assets/jindu-search.js`) queries; Material's search plugin is not used. Records are kept by
content across builds in `search_cache`, so an unchanged page is not segmented again.
JINDU_SEARCH_CACHE overrides `search_cache`, like the other caches.
Likewise a generated page whose Markdown, address and link targets did not change is not
converted to HTML again (`site/rendered.py`; JINDU_PAGE_CACHE overrides `page_cache`).

Under `mkdocs serve` the plugin keeps a `Recall` across saves: unchanged files are not parsed
again, unchanged plans keep their statuses, chart specs, strips and page-key digests.

Drafts the bulletin cache lacks print in worker processes while MkDocs converts the pages
(`build_outputs(print_later=True)`); `on_post_build` writes them and fills their pages and
sizes into the pages that list them (`listing.publish_pending`).

Charts are inlined into their pages here, after sanitizing (`site/inlining.py`). `jindu site`
builds without this plugin: it renders the tree, hands it to an engine (MkDocs, ProperDocs or
Zensical) and finishes the engine's output (`publish/`); this plugin stays for `mkdocs serve`
and for offices that run `mkdocs build` themselves.
"""

from __future__ import annotations

import functools
import html
import importlib.metadata
import json
import logging
import os
import threading
from pathlib import Path
from typing import cast

import markdown as markdown_module
import mkdocs
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from jindu.build import BuildResult, build_outputs
from jindu.bulletins.listing import PENDING, publish_pending
from jindu.bulletins.press import PressRun
from jindu.bulletins.printing import SLOW_SUBSETTER, PrintError
from jindu.charts.cache import warm_workers
from jindu.charts.fonts import FontError, find_chart_font
from jindu.configuration import CONFIG_FILE, ConfigurationError, Project, load_project
from jindu.diagnostics.formats import format_text
from jindu.history.record import History
from jindu.logtrap import warnings_of
from jindu.markup import sanitize_html
from jindu.recall import Recall
from jindu.settings import (
    Settings,
    SettingsError,
)
from jindu.site.bundles import SearchIndexError, write_index
from jindu.site.indentation import drop_indentation
from jindu.site.inlining import ChartInliner, InlineError
from jindu.site.placeholders import PlaceholderError, hold, put_back
from jindu.site.preview import Preview
from jindu.site.rendered import RenderRecord, build_salt, render_key, toc_tokens
from jindu.site.search import RecordCache, SearchRecord, cache_salt, scope_of
from jindu.site.theme import SCRIPTS, STYLESHEETS, theme_extra
from jindu.site.vocabulary import Segmenter, vocabulary_of
from jindu.store import Store
from jindu.templating import TemplateError, Templates
from jindu.words.locale import Words

log = get_plugin_logger(__name__)

# The pages the last good build generated, per configuration: under `mkdocs serve` an error
# page takes each of their places, so whichever page the browser shows reloads into it.
_LAST_GENERATED: dict[str, set[str]] = {}


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


class JinduConfig(Config):
    lang = opt.Choice(("zh", "en"), default="zh")  # this edition's language
    serve_bulletins = opt.Type(bool, default=False)  # `mkdocs serve` prints drafts too (default: none, for speed)


# Options the plugin took before jindu.yml held them: each says where it goes now, instead of
# MkDocs' bare "unrecognised configuration name".
MOVED = {
    "plans": "plans: [plans]",
    "as_of": "as_of: 2023-07-15",
    "due_soon_days": "status:\n  due_soon_days: 30",
    "report_grace_days": "status:\n  report_grace_days: 0",
    "templates": "templates: templates",
    "timezone": "timezone: Asia/Shanghai",
    "chart_font": "charts:\n  font: Noto Sans CJK SC",
    "chart_cache": "caches:\n  charts: .cache/jindu-charts",
    "chart_workers": "charts:\n  workers: 0",
    "bulletins": "bulletins:\n  drafts: true",
    "english_bulletins": "bulletins:\n  english: true",
    "issued": "issued: issued",
    "bulletin_cache": "caches:\n  bulletins: .cache/jindu-bulletins",
    "search_cache": "caches:\n  search: .cache/jindu-search",
    "page_cache": "caches:\n  pages: .cache/jindu-pages",
    "history_cache": "caches:\n  history: .cache/jindu-history",
    "pdf_variant": "bulletins:\n  pdf_variant: pdf/a-3b",
    "history": "history:\n  enabled: true",
    "baseline": "history:\n  baseline: <revision>",
}


def _dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns at every `--dirty` build that navigation may be stale, which `strict: true`
    turns into an abort. jindu's pages are outside the navigation and it tracks what changed
    (site/preview.py), so under jindu the notice is information, not a warning."""
    if record.levelno == logging.WARNING and str(record.msg).startswith("A 'dirty' build is being performed"):
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


class _Generated(File):
    """A generated file that can tell `mkdocs serve --dirty` it is as last written."""

    unchanged = False

    def is_modified(self) -> bool:
        return not (self.unchanged and os.path.isfile(self.abs_dest_path))


def _press_summary(result: BuildResult) -> str:
    if result.printing is not None:
        return f"{len(result.printing.misses)} of {result.printing.stats.total} bulletins printing meanwhile"
    return result.press_stats.summary() if result.press_stats else "no bulletins"


def _write_files(site: Path, files: dict[str, bytes]) -> None:
    """Write generated files (the data files, by their paths in the site) into the built site."""
    for path, content in files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


class JinduPlugin(BasePlugin[JinduConfig]):
    def __init__(self) -> None:
        self.result: BuildResult | None = None
        self.generated: set[str] = set()
        self.settings: Settings | None = None
        self.command = "build"
        self.records: list[SearchRecord] = []
        self.seen: list[tuple] = []  # serve: the pages whose records are made after the reload
        self.search_cache: Path | None = None
        self.search: RecordCache | None = None  # set by a good build's on_files
        self.segmenter = Segmenter([])
        self.page_cache: Store | None = None
        self.render_salt: str | None = None
        self.rendered = [0, 0]  # pages from the cache, pages converted
        self.to_fill: list[Path] = []  # written pages that show a draft still printing
        self.indexing: threading.Thread | None = None  # serve writes the search index meanwhile
        self.preview: Preview | None = None  # `mkdocs serve --dirty`: what is left as it was
        self.recall: Recall | None = None  # `mkdocs serve`: what one save's build keeps for the next
        self.prints: dict[str, str] = {}
        self.warmed = False  # serve: the chart workers are started
        self.page_urls: set[str] = set()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`: a preview prints no drafts unless asked,
        and under `--dirty` rewrites only the generated files that changed (site/preview.py)."""
        self.command = command
        self.preview = Preview() if command == "serve" and dirty else None
        self.recall = Recall() if command == "serve" else None
        if self.preview is not None:
            logging.getLogger("mkdocs.commands.build").addFilter(_dirty_notice)

    def _drafts(self, project: Project) -> bool:
        if not project.drafts(self.config.lang):
            return False
        return self.command != "serve" or self.config.serve_bulletins

    def load_config(self, options, config_file_path=None):
        """Options jindu.yml holds now are refused here, each with the lines to put there."""
        moved = [key for key in options if key in MOVED]
        if moved:
            where = "\n".join(f"  {key} → {CONFIG_FILE}:\n    " + MOVED[key].replace("\n", "\n    ") for key in moved)
            raise PluginError(
                f"jindu: these options of the jindu plugin are read from {CONFIG_FILE} beside mkdocs.yml now, so that "
                f"the site, the command line and issued bulletins use one configuration; move them there and "
                f"leave only `lang` (and `serve_bulletins`) in mkdocs.yml:\n{where}"
            )
        return super().load_config(options, config_file_path)

    def on_config(self, config):
        if self.indexing is not None:  # the previous preview's search index (see on_post_build)
            self.indexing.join()
            self.indexing = None
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            project = load_project(root)
            as_of = project.as_of()
        except (ConfigurationError, SettingsError) as error:
            raise PluginError(f"jindu: {CONFIG_FILE} cannot be used:\n{error}") from None
        templates = project.templates()
        problems = templates.problems()
        if problems:
            raise PluginError("jindu: the templates do not fit this jindu:\n" + "\n".join(problems))
        self._theme_overrides(config, templates)
        site_url = project.config.site_url
        if site_url and config.site_url and site_url.rstrip("/") != config.site_url.rstrip("/"):
            raise PluginError(
                f"jindu: site_url is {config.site_url} in mkdocs.yml but {site_url} in {CONFIG_FILE}; "
                f"keep it in {CONFIG_FILE} alone"
            )
        if site_url and not config.site_url:
            config.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.settings = project.settings(
            as_of,
            self.config.lang,
            use_directory_urls=config.use_directory_urls,
            templates=templates,
            bulletins=self._drafts(project),
            base_url=config.site_url or None,
            site_name=config.site_name or "jindu",
            history=self._history(project),
            recall=self.recall,
        )
        self.search_cache = project.cache("search")
        if "material/search" in config.plugins or "search" in config.plugins:
            log.info("search is jindu's own (pagefind/); Material's search plugin can be removed from mkdocs.yml")
        self.records, self.seen = [], []
        pages = project.cache("pages")
        self.page_cache = Store(pages) if pages else None
        self.render_salt = None
        self.rendered = [0, 0]
        for sheet in STYLESHEETS:
            if sheet not in config.extra_css:
                config.extra_css.append(sheet)
        for script in SCRIPTS:
            if script not in config.extra_javascript:
                config.extra_javascript.append(script)
        config.extra.update(theme_extra(self.config.lang, as_of))
        return config

    @staticmethod
    def _theme_overrides(config, templates: Templates) -> None:
        """jindu's theme partials (footer, header, search box) go right below the site's own
        `custom_dir`, and the office's templates/overrides/ (if any) above jindu's, so a site
        overrides one partial without copying the rest."""
        dirs = config.theme.dirs
        custom = config.theme.custom_dir
        at = 1 if custom and dirs and dirs[0] == custom else 0
        for folder in reversed(templates.folders("overrides")):
            if str(folder) not in dirs:
                dirs.insert(at, str(folder))

    def _history(self, project: Project) -> History | None:
        """The plans' change history from git; a shallow clone or no repository is logged, not fatal."""
        try:
            history = project.history(recall=self.recall)
        except ConfigurationError as error:
            raise PluginError(f"jindu: {error}") from None
        if history is not None and history.note:
            log.info(f"change history: {history.note}")
        return history

    def on_files(self, files: Files, config) -> Files:
        assert self.settings is not None
        try:
            # `mkdocs build` converts the pages while the drafts print; serve waits (its
            # rebuilds are cancelled and restarted, and it prints no drafts by default).
            # Serve writes the data files after the browser reloads (on_post_build).
            serve = self.command == "serve"
            result = build_outputs(self.settings, print_later=not serve, exports_later=serve)
        except (FontError, TemplateError) as error:
            raise PluginError(f"jindu: {error}") from None
        self.result = result
        if self.recall is not None and result.ok:  # kept through a bad save, for the good one after it
            log.info(f"kept from the last save: {self.recall.sweep()}")
        diagnostics = result.diagnostics.sorted()
        if not result.ok and self.command == "serve":
            return self._error_pages(files, config, diagnostics)
        if not result.ok:
            raise PluginError("jindu: the plans have errors; nothing was built\n\n" + format_text(diagnostics))
        for diagnostic in diagnostics:  # warnings only, since the build went on
            log.warning(format_text([diagnostic]))
        self.generated = set()
        self.to_fill = []
        self._start_search(result)
        prints: dict[str, str] = {}
        for output in result.outputs:
            if output.kind == "inline":  # shown inline by its pages (on_page_content), linked by none
                continue
            existing = files.get_file_from_path(output.path)
            if existing is not None and not existing.generated_by:
                raise PluginError(f"jindu: docs/{output.path} collides with a generated page; rename or remove it")
            if existing is not None:
                files.remove(existing)
            # Generated pages are linked from the overview tables, not listed in the nav (a nav
            # entry per task would make every page carry the whole tree).
            file = cast(
                _Generated,
                _Generated.generated(config, output.path, content=output.content, inclusion=InclusionLevel.NOT_IN_NAV),
            )
            if self.preview is not None:
                prints[output.path] = self.preview.fingerprint(output.path, output.content, result.outputs)
                file.unchanged = self.preview.unchanged(output.path, prints[output.path])
            files.append(file)
            self.generated.add(output.path)
        self.prints = prints
        self.page_urls = {f.url for f in files if f.is_documentation_page()}
        _LAST_GENERATED[str(config.config_file_path)] = set(self.generated)
        log.info(
            f"as of {self.settings.as_of}: {len(result.outputs)} generated files; "
            f"{result.chart_stats.summary() if result.chart_stats else 'no charts'}; "
            f"{_press_summary(result)}"
        )
        if result.press_stats and result.press_stats.printed and result.press_stats.subsetter == "fonttools":
            log.info(SLOW_SUBSETTER)
        return files

    def _start_search(self, result: BuildResult) -> None:
        """The search records' cache for this build: keyed by the portfolio's vocabulary."""
        vocabulary = vocabulary_of(result.portfolio)
        folder = self.search_cache
        path = folder / f"records-{self.config.lang}.json" if folder else None
        self.search = RecordCache(path, cache_salt(vocabulary))
        self.segmenter = Segmenter(vocabulary)
        self.records, self.seen = [], []

    def _error_pages(self, files: Files, config, diagnostics) -> Files:
        """Under `mkdocs serve`, plans with errors replace every generated page with a page
        that lists the errors (file:line:col, as `jindu check` prints them), so the browser
        shows what to fix instead of an old page; the next good save rebuilds the site."""
        report = format_text(diagnostics)
        if self.preview is not None:  # the error pages overwrite what the fingerprints describe
            self.preview.forget()
            self.prints = {}
        log.info("the plans have errors; the preview shows them until they are fixed\n\n" + report)
        words = Words(self.config.lang)
        body = (
            f"---\ntitle: {json.dumps(words('serve_error_title'), ensure_ascii=False)}\n---\n\n"
            f"<h1>{html.escape(words('serve_error_title'))}</h1>\n\n"
            f'<p class="jd-note">{html.escape(words("serve_error_hint"))}</p>\n\n'
            f'<pre class="jd-errors">{html.escape(report)}</pre>\n'
        )
        paths = _LAST_GENERATED.get(str(config.config_file_path)) or {"index.md"}
        self.generated = set()
        for path in sorted(paths):
            if not path.endswith(".md"):
                continue
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, path, content=body, inclusion=InclusionLevel.NOT_IN_NAV))
            self.generated.add(path)
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """A generated page renders through `_render_page` (an instance attribute shadows
        `Page.render` for this page only): from the page cache, or converted with its large
        HTML blocks held back (site/placeholders.py)."""
        if page.file.src_uri in self.generated:
            page.render = functools.partial(self._render_page, page)
        return markdown

    def _render_page(self, page, config, files) -> None:
        """The page's HTML from the page cache (keyed by its whole Markdown), else converted by
        MkDocs with the large HTML blocks held back and put back, and kept unless MkDocs warned."""
        key = None
        if self.page_cache is not None:
            if self.render_salt is None:
                versions = [mkdocs.__version__, markdown_module.__version__, _version("pymdown-extensions")]
                settings = [config["markdown_extensions"], config["mdx_configs"], config.use_directory_urls]
                # Pages only: Markdown links resolve against pages (jindu's templates link to
                # charts, PDFs and data files in raw HTML), and serve, which prints no drafts, has
                # fewer files than the build that filled the cache.
                pages = [(f.src_uri, f.url) for f in files if f.is_documentation_page()]
                self.render_salt = build_salt(versions, settings, pages)
            key = render_key(page.markdown, page.file.src_uri, self.render_salt)
            hit = self.page_cache.get(key, ["json"])
            record = RenderRecord.from_bytes(hit["json"]) if hit else None
            if record is not None:
                page.content = record.content
                page.toc = get_toc(record.toc)  # type: ignore[arg-type]  # the tokens get_toc made it from
                page._title_from_render = record.title
                page.present_anchor_ids = set(record.anchors)
                if record.links is not None:
                    page.links_to_anchors = {
                        target: links
                        for src, links in record.links.items()
                        if (target := files.get_file_from_path(src)) is not None
                    }
                self.rendered[0] += 1
                return
        full = page.markdown
        page.markdown, blocks = hold(full)
        try:
            with warnings_of("mkdocs") as warned:
                type(page).render(page, config, files)
        finally:
            page.markdown = full
        try:
            page.content = put_back(page.content, blocks)
        except PlaceholderError as error:
            raise PluginError(f"jindu: {page.file.src_uri}: {error}") from None
        self.rendered[1] += 1
        log.debug(f"converted {page.file.src_uri}")
        if warned or key is None or self.page_cache is None:
            return  # a render that warned is never kept: the next build must warn again
        links = page.links_to_anchors
        record = RenderRecord(
            page.content,
            toc_tokens(page.toc),
            page._title_from_render,
            sorted(page.present_anchor_ids or ()),
            None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        )
        self.page_cache.put(key, {"json": record.to_bytes()})

    def on_page_content(self, html: str, page, config, files) -> str:
        generated = page.file.src_uri in self.generated
        if generated:
            html = sanitize_html(html)
        if self.search is not None:
            scope = scope_of(page.file.src_uri, generated)
            if self.command == "serve":  # its record is made after the browser reloads
                self.seen.append((page.url, page.title or "", html, scope))
            else:
                self.records.append(self.search.record(page.url, page.title or "", html, scope))
        if not generated:
            return html
        assert self.result is not None
        try:
            return ChartInliner(self.result.outputs, self.page_cache).inline(html)
        except InlineError as error:
            raise PluginError(f"jindu: {error}") from None

    def on_post_page(self, output: str, page, config) -> str:
        """A generated page without the theme's indentation (as `jindu site` writes it); remember
        the pages whose bulletin tables wait for a draft still printing."""
        if page.file.src_uri in self.generated:
            output = drop_indentation(output)
        if self.result is not None and self.result.printing is not None and PENDING in output:
            self.to_fill.append(Path(page.file.abs_dest_path))
        return output

    def on_build_error(self, error) -> None:
        if self.result is not None and self.result.printing is not None:
            self.result.printing.cancel()
        if self.preview is not None:
            self.preview.forget()
            self.prints = {}

    def on_post_build(self, config) -> None:
        """Writes the search index once every page has given its record, then the drafts
        that printed meanwhile, and their pages and sizes into the pages that list them."""
        if self.preview is not None and self.prints:
            unchanged = sum(self.preview.unchanged(path, fp) for path, fp in self.prints.items())
            self.preview.remember(self.prints)
            log.info(f"preview: {unchanged} generated files unchanged since the last rebuild, left as they were")
        site = Path(config.site_dir)
        if self.search is not None and self.command == "serve":
            # The preview reloads without waiting for the data files (build_outputs left them
            # for later under serve), the changed pages' search records and the index (Pagefind
            # takes seconds at a thousand pages); the next build waits for them before MkDocs
            # cleans site_dir.
            later = self.result.exports_later if self.result is not None else None
            job = functools.partial(self._after_reload, site, later, self.seen, self.search)
            self.indexing = threading.Thread(target=job, name="jindu-search")
            self.indexing.start()
        elif self.search is not None:
            self._write_index(site, self.records, self.search)
        self.records, self.seen = [], []
        self.search = None
        if self.result is not None and self.result.printing is not None:
            self._finish_printing(Path(config.site_dir), self.result.printing)
        if self.page_cache is not None:
            log.info(f"generated pages: {self.rendered[0]} from cache, {self.rendered[1]} converted")

    def _after_reload(self, site: Path, exports, seen: list[tuple], search: RecordCache) -> None:
        """Serve's work after the browser reloads: the data files, then the search records of
        the pages this build converted (with the last build's of the others, under --dirty)
        and the search index."""
        try:
            if exports is not None:
                _write_files(site, exports())
        except OSError as error:
            log.error(f"the data files could not be written: {error}")
        records = [search.record(*page) for page in seen]
        if self.preview is not None:
            records = self.preview.records(records, self.page_urls)
        self._write_index(site, records, search, fail=log.error)
        if not self.warmed and self.settings is not None:
            # The first build drew nothing (the charts came from the cache): start the chart
            # workers now, while the editor reads, not at the first save that redraws a chart.
            warm_workers(find_chart_font(self.settings.chart_font), self.settings.chart_workers)
            self.warmed = True

    def _write_index(self, site: Path, records: list[SearchRecord], search: RecordCache, fail=None) -> None:
        try:
            write_index(site, records, self.segmenter, self.config.lang, search)
        except SearchIndexError as error:
            if fail is None:
                raise PluginError(f"jindu: {error}") from None
            fail(str(error))  # the plugin logger says "jindu:" itself
            return
        search.save()
        log.info(f"search index: {len(records)} pages, {search.hits} from cache, {search.misses} segmented")

    def _finish_printing(self, site: Path, printing: PressRun) -> None:
        assert self.result is not None
        try:
            printed, stats = publish_pending(site, printing, self.to_fill)
        except PrintError as error:
            raise PluginError(f"jindu: a draft bulletin could not be printed: {error}") from None
        self.result.printing, self.result.bulletins, self.result.press_stats = None, printed, stats
        log.info(stats.summary())
        if stats.printed and stats.subsetter == "fonttools":
            log.info(SLOW_SUBSETTER)

    def on_shutdown(self) -> None:
        """MkDocs ends (under serve: after Ctrl-C, before it removes the folder it served): the
        data files and search index still being written there are waited for, so that MkDocs
        does not fail removing a folder they write into; drafts still printing are stopped."""
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None
        if self.result is not None and self.result.printing is not None:
            self.result.printing.cancel()

    def on_serve(self, server, config, builder):
        assert self.settings is not None
        for path in (*self.settings.plans, self.settings.templates.office, self.settings.issued):
            if path is None:
                continue
            if path.exists():
                server.watch(str(path))
        return server
