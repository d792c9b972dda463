"""Edition: one language of the site, built by jindu and an engine in three stages.

1. **Render**: `build.build_outputs` makes every generated page, chart, data file and issued
   bulletin (drafts print in worker processes meanwhile); the tree (`publish/tree.py`) gets the
   office's docs folder, those files and the stacked theme overrides, and the engine its
   configuration (`publish/engineconfig.py`).
2. **Convert**: the engine (`publish/engines.py`) turns the tree into themed HTML.
3. **Finish**: jindu sanitizes its pages, inlines the charts, writes the search index and the
   drafts (`publish/finishing.py`).

Everything happens in a work folder, but for the engine's own folder (its configuration, the tree
and the overrides) when there is a pages cache: that folder is kept beside the cache, and only the
tree's changed files are written (`folder.py`). The caller moves the finished site into
place.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from jindu.build import BuildResult, build_outputs
from jindu.configuration import Project
from jindu.diagnostics.formats import format_text
from jindu.folder import Folder
from jindu.groundwork import Groundwork
from jindu.history.record import History
from jindu.publish.carried import CarriedPages, edition_key, nav_sources
from jindu.publish.engineconfig import (
    custom_dir,
    derive,
    docs_dir,
    edition_lang,
    read_config,
    uses_directory_urls,
    write_config,
)
from jindu.publish.engines import Engine, run_engine
from jindu.publish.finishing import Finished, finish_site, frontmatter_title
from jindu.publish.tree import HeldBlocks, Tree, relocate_nav, write_overrides, write_pages, write_tree
from jindu.store import Store


def kept_trees(pages: Path) -> Path:
    """Where the editions' trees are kept between builds (folder.py): beside the pages cache."""
    return pages.with_name(pages.name + "-tree")


def kept_tree(pages: Path | None, lang: str, directory_urls: bool) -> Path | None:
    """Where the tree of an edition is kept: one folder per language and link style (a
    preview's pages are other files); None without a pages cache."""
    if pages is None:
        return None
    return kept_trees(pages) / (lang if directory_urls else f"{lang}-files")


def carry_over(
    engine: Engine,
    derived: dict,
    work: Path,
    docs: Path,
    tree: Tree,
    titles: dict[str, str],
    environ: dict[str, str],
    store: Store,
) -> CarriedPages:
    """The finished pages an earlier build of this edition left in `store` (publish/carried.py);
    `CarriedPages.stub` tells which pages the engine gets a stub for. `titles`: each generated
    page's title from its front matter ("" for none)."""
    overrides = work / "overrides"
    theme = derived.get("theme") or {}
    shows_date = theme.get("name") != "material" or any(
        b"build_date_utc" in f.read_bytes() for f in overrides.rglob("*") if f.is_file()
    )
    salt = edition_key(
        engine.name,
        (work / "mkdocs.yml").read_text(encoding="utf-8"),
        overrides,
        docs,
        tree,
        titles,
        nav_sources(derived.get("nav")),
        environ.get("SOURCE_DATE_EPOCH") if shows_date else None,
    )
    return CarriedPages(store, salt)


class EditionError(RuntimeError):
    """The edition cannot be built: the plans have errors, or a stage failed (the message says which)."""


@dataclass
class Edition:
    lang: str
    site: Path  # the finished site, inside the work folder
    result: BuildResult
    finished: Finished
    tree: str = ""  # how much of the tree was written (Folder.summary)


def build_edition(
    project: Project,
    config_path: Path,
    engine: Engine,
    as_of,
    work: Path,
    history: History | None,
    env: dict[str, str] | None = None,
    preview: bool = False,
    groundwork: Groundwork | None = None,
) -> Edition:
    """Build the edition that `config_path` (an engine configuration) describes, in `work`.
    A `preview` links every page by its file (`…/index.html`), so it reads from disk, unserved.
    Editions built with the same `groundwork` load the plans and compute their status once."""
    config = read_config(config_path)
    if preview:
        config = dict(config, use_directory_urls=False)
    root = config_path.resolve().parent
    lang = edition_lang(config)
    directory_urls = uses_directory_urls(config)
    site_url = project.config.site_url or config.get("site_url") or None
    templates = project.templates()
    problems = templates.problems()
    if problems:
        raise EditionError("the templates do not fit this jindu:\n" + "\n".join(problems))
    settings = project.settings(
        as_of,
        lang,
        use_directory_urls=directory_urls,
        templates=templates,
        base_url=site_url,
        site_name=str(config.get("site_name") or "jindu"),
        history=history,
        groundwork=groundwork,
    )
    result = build_outputs(settings, print_later=True)
    if not result.ok:
        raise EditionError("the plans have errors; nothing was built\n\n" + format_text(result.diagnostics.sorted()))
    work.mkdir(parents=True)
    pages = project.cache("pages")
    home = kept_tree(pages, lang, directory_urls)
    folder = Folder.kept(home, work / "docs") if home else Folder.fresh(work / "docs")
    # The engine's folder: the configuration, docs, overrides and site side by side (Zensical
    # wants docs and site below the configuration's folder) — `work`, or the kept tree's.
    engine_dir = folder.dest.parent
    try:
        tree = write_tree(docs_dir(config, root), result.outputs, folder, directory_urls, project.root)
        own = custom_dir(config, root)
        for old in (engine_dir / "overrides", engine_dir / "site"):  # a kept tree's last build's
            shutil.rmtree(old, ignore_errors=True)
        write_overrides(
            [*reversed(templates.folders("overrides")), *([own] if own else [])],
            engine_dir / "overrides",
        )
        if "nav" in config:
            config = dict(config, nav=relocate_nav(config["nav"], tree.relocated))
        derived = derive(
            config,
            lang=lang,
            as_of=as_of,
            site_url=site_url,
            generated=(o.path for o in result.outputs if o.kind == "page"),
        )  # docs, site and overrides: folders beside the configuration
        write_config(derived, engine_dir / "mkdocs.yml")
        environ = dict(env if env is not None else os.environ)
        carried = None
        stubs: dict[str, bytes] = {}
        titles = {
            o.path: frontmatter_title(o.content) or ""
            for o in result.outputs
            if o.kind == "page" and o.path.endswith(".md")
        }
        if pages is not None and not derived["plugins"]:  # a plugin may read the pages: see publish/carried.py
            carried = carry_over(
                engine, derived, engine_dir, docs_dir(config, root), tree, titles, environ, Store(pages)
            )
            stubs = carried.stub(tree, result.outputs)
        tree.held = HeldBlocks(work / "held.json")  # a JSON list per page, read back by finishing
        write_pages(folder, tree, result.outputs, stubs)
        result.outputs.release(keep=("chart", "inline"))  # finishing inlines the charts
        run_engine(engine, engine_dir / "mkdocs.yml", engine_dir / "site", root, environ)
        if engine_dir != work:
            shutil.move(engine_dir / "site", work / "site")  # a rename on one file system
        folder.release()
        finished = finish_site(
            work / "site",
            tree,
            result,
            lang,
            str(config.get("site_name") or ""),
            project.cache("search"),
            Store(pages) if pages else None,
            carried,
            titles,
        )
        tree.held.close()
    except BaseException:
        folder.release()
        if result.printing is not None:
            result.printing.cancel()
        raise
    return Edition(lang, work / "site", result, finished, folder.summary())
