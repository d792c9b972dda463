"""Carried: generated pages the engine need not convert again, carried over from an earlier build.

An engine converts and themes every page on every build; a generated page whose Markdown, the
charts it shows and everything the theme puts around it are unchanged comes out the same bytes.
So `jindu site` keeps each finished generated page (sanitized, charts inlined) in the pages cache
under a key of all of that, and on the next build hands the engine a stub in its place — the
same front matter (title), no body — so the engine still knows the page (its address, links to
it, the sitemap) at the cost of a blank page, and the finished page is put back over the stub's
output (`finishing.finish_site`).

The key (`edition_key` + the page's own) holds: the engine and theme versions, the derived
configuration as written (nav, theme, extra with the as-of date), every file of the stacked
theme overrides and of the office's docs folder, the address and source of every page, the
titles of the generated pages the nav names (all of them when there is no nav), jindu's
finishing code (sanitizer, inliner, indentation, SVG allow-list), SOURCE_DATE_EPOCH when an override
template shows the build date; and per page its address, its Markdown and the bytes of each
chart it inlines.

Only an edition without engine plugins carries pages over: a plugin (a search index, say) may
read a page's content, and would read the stub. The office's own pages are always converted.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jindu
from jindu.outputs import Outputs
from jindu.publish.tree import Tree
from jindu.store import Store

CARRY_VERSION = "1"
PAGE, CONTENT = "page.html", "content.html"  # the finished page; its content as the search index reads it
# The code whose output a finished page is: a change to it is a change to every page.
_FINISHING = ("publish/finishing.py", "markup.py", "site/inlining.py", "site/indentation.py", "charts/svgdoc.py")
_DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "properdocs", "zensical", "pymdown-extensions", "markdown")
_CHART = re.compile(rb'data-chart="([^"<>]+)"')
_FRONT = re.compile(rb"\A---\n.*?\n---\n", re.DOTALL)


class StoredPages(Mapping[str, tuple[str, str]]):
    """html path → (page, content) of the pages found in the store, read when asked for: at
    10,000 tasks holding them all until the engine is done would be gigabytes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.hits: dict[str, str] = {}  # html path → key

    def __getitem__(self, html_path: str) -> tuple[str, str]:
        stored = self.store.get(self.hits[html_path], [PAGE, CONTENT])
        if stored is None:
            raise CarryError(f"{html_path}: its finished page left the pages cache while the site was built")
        return stored[PAGE].decode("utf-8"), stored[CONTENT].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)


class CarryError(RuntimeError):
    """A finished page found at the start of a build could not be read at its end."""


@dataclass
class CarriedPages:
    """The finished pages of one edition that an earlier build left in `store`."""

    store: Store
    salt: bytes
    keys: dict[str, str] = field(default_factory=dict)  # html path → key, for every generated page
    found: StoredPages = field(init=False)  # the pages the engine gets a stub for

    def __post_init__(self) -> None:
        self.found = StoredPages(self.store)

    def stub(self, tree: Tree, outputs: Outputs) -> dict[str, bytes]:
        """The stub of every generated page the store holds, by where its source is written in
        the tree (`tree.write_pages` writes them instead of the pages' Markdown)."""
        stubs: dict[str, bytes] = {}
        for html_path in sorted(tree.generated):
            source = tree.pages[html_path]
            markdown = outputs.get(source).content
            key = self._page_key(html_path, markdown, outputs)
            self.keys[html_path] = key
            stored = self.store.get(key, [PAGE, CONTENT])
            if stored is None:
                continue
            try:  # read now to know it is whole, and again when it is put back (nothing held meanwhile)
                stored[PAGE].decode("utf-8"), stored[CONTENT].decode("utf-8")
            except UnicodeDecodeError:
                continue  # a damaged entry is a miss
            self.found.hits[html_path] = key
            front = _FRONT.match(markdown)
            stubs[_written(source, tree)] = (front.group(0) if front else b"") + b"\n"
        return stubs

    def keep(self, html_path: str, page: str, content: str) -> None:
        """Store a page finished in this build, for the next."""
        key = self.keys.get(html_path)
        if key is not None and html_path not in self.found:
            self.store.put(key, {PAGE: page.encode("utf-8"), CONTENT: content.encode("utf-8")})

    def _page_key(self, html_path: str, markdown: bytes, outputs: Outputs) -> str:
        digest = hashlib.sha256(self.salt)
        for part in (html_path.encode("utf-8"), markdown):
            digest.update(b"%d:" % len(part) + part)
        for chart in _CHART.findall(markdown):
            path = chart.decode("utf-8")
            content = outputs.get(path).content if path in outputs else b""
            digest.update(path.encode("utf-8") + b"\x00" + hashlib.sha256(content).digest())
        return digest.hexdigest()


def _written(source: str, tree: Tree) -> str:
    """Where a generated page's source was written in the tree (publish/tree.py relocates it)."""
    return tree.relocated.get(source, source)


def edition_key(
    engine: str,
    config_text: str,
    overrides: Path,
    docs: Path | None,
    tree: Tree,
    titles: dict[str, str],
    nav_sources: set[str] | None,
    build_date: str | None,
) -> bytes:
    """What every finished page of an edition shares (see the module docstring). `titles`: each
        generated page's source → its title; `nav_sources`: the sources the nav names (None: no nav,
        so every page is in it); `build_date`: SOURCE_DATE_EPOCH when the theme shows it. `titles`
    are keyed by the generated page's path (as in `tree.pages`), the nav by where pages are written."""
    digest = hashlib.sha256(f"jindu-carried {CARRY_VERSION} {jindu.__version__} {engine}".encode())
    for name in _DISTRIBUTIONS:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)};".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=-;".encode())
    package = Path(jindu.__file__).resolve().parent
    for relative in _FINISHING:
        digest.update(hashlib.sha256((package / relative).read_bytes()).digest())
    digest.update(config_text.encode("utf-8"))
    for folder in (overrides, docs):
        digest.update(b"folder")
        if folder is None:
            continue
        for file in _files(folder):
            digest.update(file.relative_to(folder).as_posix().encode("utf-8") + b"\x00")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    for html_path, source in sorted(tree.pages.items()):
        digest.update(f"{html_path}\x00{source}\x00".encode())
        written = tree.relocated.get(source, source)
        if source in titles and (nav_sources is None or source in nav_sources or written in nav_sources):
            digest.update(titles[source].encode("utf-8") + b"\x00")
    digest.update(f"date={build_date or ''}".encode())
    return digest.digest()


def _files(folder: Path | None) -> Iterable[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file())


def nav_sources(nav) -> set[str] | None:
    """Every file path a MkDocs nav names (None when there is no nav)."""
    if nav is None:
        return None
    found: set[str] = set()

    def walk(item) -> None:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, list):
            for entry in item:
                walk(entry)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)

    walk(nav)
    return found
