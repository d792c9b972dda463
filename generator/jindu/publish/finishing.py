"""Finishing: what jindu does to an engine's output before it is a jindu site.

For each page the engine built: a generated page's content (from its <h1> to the end of the
theme's <article>) is sanitized (`markup.sanitize_html`) and its chart slots replaced by the
charts' SVG (`site/inlining.py`), exactly as the MkDocs plugin does while MkDocs converts it;
every page gives its search record. Then the Pagefind index is written, and the drafts that
printed while the engine ran are written and filled into the pages that list them.

The content is found by the theme's `<article class="md-content__inner …">`, which Material
for MkDocs and Zensical's theme both write; a generated page without it stops the build
(`FinishError`): jindu does not publish a page it could not sanitize.
"""

from __future__ import annotations

import functools
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from jindu.build import BuildResult
from jindu.bulletins.listing import PENDING, publish_pending
from jindu.bulletins.press import PressStats
from jindu.markup import sanitize_html
from jindu.publish.carried import CarriedPages
from jindu.publish.tree import Tree
from jindu.site.bundles import SearchIndexError, write_index
from jindu.site.indentation import drop_indentation
from jindu.site.inlining import ChartInliner, InlineError
from jindu.site.placeholders import PlaceholderError, put_back
from jindu.site.search import RecordCache, SearchRecord, cache_salt, scope_of
from jindu.site.vocabulary import Segmenter, vocabulary_of
from jindu.store import Store

ARTICLE = re.compile(r'(<article\b[^>]*\bclass="[^"]*\bmd-content__inner\b[^"]*"[^>]*>)(.*?)(</article>)', re.DOTALL)
TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


class FinishError(RuntimeError):
    """The engine's output cannot be finished (a page without content, a chart, the index)."""


@dataclass
class Finished:
    pages: int = 0
    generated: int = 0
    search_hits: int = 0
    search_misses: int = 0
    carried: int = 0  # generated pages carried over from an earlier build (publish/carried.py)
    press: PressStats | None = None

    def summary(self) -> str:
        drafts = self.press.summary() if self.press else "no drafts printing"
        return (
            f"{self.pages} pages finished ({self.generated} generated, {self.carried} carried over); search index: "
            f"{self.search_hits} from cache, {self.search_misses} segmented; {drafts}"
        )


def _url(html_path: str) -> str:
    """The page's address relative to the site, as MkDocs' `page.url` gives it."""
    if html_path == "index.html":
        return ""
    return html_path.removesuffix("index.html")


def _title(page: str, site_name: str) -> str:
    found = TITLE.search(page)
    title = html.unescape(TAG.sub("", found.group(1))).strip() if found else ""
    return title.removesuffix(f" - {site_name}")


def frontmatter_title(markdown: bytes) -> str | None:
    """The `title:` a generated page's front matter gives (jindu writes it as a JSON string)."""
    head = markdown[:4096].decode("utf-8", "replace")
    match = re.match(r'---\ntitle: ("(?:[^"\\]|\\.)*")\n', head)
    return json.loads(match.group(1)) if match else None


_HREF = re.compile(r'(href=")([^"#?:]*)(["#?])')


def link_files(site: Path) -> int:
    """Every relative link to a folder made a link to its `index.html`, in every page: a preview
    opened from disk (file://) shows pages, not folder listings. Returns the links changed."""
    changed = 0
    for file in sorted(site.rglob("*.html")):
        page = file.read_text(encoding="utf-8")
        linked = _HREF.sub(functools.partial(_to_file, here=file.parent), page)
        if linked != page:
            changed += sum(1 for a, b in zip(_HREF.findall(page), _HREF.findall(linked), strict=True) if a != b)
            file.write_text(linked, encoding="utf-8")
    return changed


def _to_file(match: re.Match, *, here: Path) -> str:
    target = match.group(2)  # "" is the page itself, not its folder
    if not target or target.startswith("/") or not (target.endswith("/") or target in (".", "..")):
        return match.group(0)
    if not ((here / target) / "index.html").is_file():
        return match.group(0)
    joined = target if target.endswith("/") else target + "/"
    return f"{match.group(1)}{joined}index.html{match.group(3)}"


def finish_site(
    site: Path,
    tree: Tree,
    result: BuildResult,
    lang: str,
    site_name: str,
    search_cache: Path | None,
    page_cache: Store | None,
    carried: CarriedPages | None,
    titles: dict[str, str],
) -> Finished:
    """Finish the engine's output in `site` (see the module docstring). A page `carried` over
    from an earlier build replaces the engine's stub of it, and each page finished here is
    kept in `carried` for the next build. `titles`: the generated pages' front-matter titles
    (`result.outputs` holds only the charts by now)."""
    finished = Finished()
    inliner = ChartInliner(result.outputs, page_cache)
    vocabulary = vocabulary_of(result.portfolio)
    search = RecordCache(search_cache / f"records-{lang}.json" if search_cache else None, cache_salt(vocabulary))
    records: list[SearchRecord] = []
    to_fill: list[Path] = []
    for html_path, source in sorted(tree.pages.items()):
        file = site / html_path
        if not file.is_file():
            continue  # excluded by the site configuration (exclude_docs, drafts)
        generated = html_path in tree.generated
        if carried is not None and html_path in carried.found:
            page, content = carried.found[html_path]
            file.write_text(page, encoding="utf-8")
            title = titles.get(source) or _title(page, site_name)
            records.append(search.record(_url(html_path), title, content, scope_of(source, generated)))
            if PENDING in page:
                to_fill.append(file)
            finished.pages += 1
            finished.generated += 1
            finished.carried += 1
            continue
        page = file.read_text(encoding="utf-8")
        found = ARTICLE.search(page)
        if found is None:
            if generated:
                raise FinishError(f'{html_path}: the engine wrote no <article class="md-content__inner">')
            continue  # a page of the office's own theme layout: nothing of jindu's to finish
        article = found.group(2)
        title = _title(page, site_name)
        if generated:
            try:
                article = put_back(article, tree.held.get(html_path))
            except PlaceholderError as error:
                raise FinishError(f"{html_path}: {error}") from None
            start = article.find("<h1")
            content = sanitize_html(article[start:] if start >= 0 else article)
            title = titles.get(source) or title
            try:
                shown = inliner.inline(content)
            except InlineError as error:
                raise FinishError(f"{html_path}: {error}") from None
            lead = article[: start if start >= 0 else 0]
            page = drop_indentation(page[: found.start(2)] + lead + shown + page[found.end(2) :])
            file.write_text(page, encoding="utf-8")
            finished.generated += 1
            if carried is not None:
                carried.keep(html_path, page, content)
        else:
            content = article
        records.append(search.record(_url(html_path), title, content, scope_of(source, generated)))
        if PENDING in page:
            to_fill.append(file)
        finished.pages += 1
    try:
        write_index(site, records, Segmenter(vocabulary), lang, search)
    except SearchIndexError as error:
        raise FinishError(str(error)) from None
    search.save()
    finished.search_hits, finished.search_misses = search.hits, search.misses
    if result.printing is not None:
        printed, stats = publish_pending(site, result.printing, to_fill)
        result.printing, result.bulletins, result.press_stats = None, printed, stats
        finished.press = stats
    return finished
