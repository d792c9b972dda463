"""Tree: the folder an engine builds — the office's docs, jindu's generated files, the theme overrides.

Generated pages are written as `NAME/index.md` (not `NAME.md`) when the site uses directory
URLs: the page's source folder is then its address's folder, so a relative link in its raw
HTML means the same to an engine that leaves raw HTML alone (MkDocs, ProperDocs) and to one
that resolves it against the source file (Zensical). The addresses do not change.

Links to a relocated page keep working: the configuration's `nav` and the Markdown links
of the office's own pages (`[需关注事项](attention.md)`) are pointed at `attention/index.md`.

The overrides folder stacks jindu's theme partials, the office's `templates/overrides/` and
the office's own `custom_dir`, later ones over earlier ones: one folder, as every engine reads
`custom_dir`, instead of the list the MkDocs plugin inserts into MkDocs' theme.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from jindu.folder import Folder
from jindu.outputs import Outputs
from jindu.site.placeholders import hold


class TreeError(ValueError):
    """The tree cannot be written: a generated file would replace one of the office's."""


class HeldBlocks:
    """The HTML blocks held back from each page the engine converts (site/placeholders.py), until
    finishing puts them back: in a file when `path` is given (at 10,000 tasks they took 300 MiB of
    memory while the engine ran), else in memory."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._memory: dict[str, list[str]] = {}
        self._where: dict[str, tuple[int, int]] = {}  # html path → offset and length in the file
        self._file: BinaryIO | None = None

    def put(self, html_path: str, blocks: list[str]) -> None:
        if self.path is None:
            self._memory[html_path] = blocks
            return
        if self._file is None:
            self._file = self.path.open("w+b")
        data = json.dumps(blocks, ensure_ascii=False).encode("utf-8")
        self._file.seek(0, os.SEEK_END)
        self._where[html_path] = (self._file.tell(), len(data))
        self._file.write(data)

    def get(self, html_path: str) -> list[str]:
        """The blocks held back from `html_path` ([] for none)."""
        if html_path in self._memory:
            return self._memory[html_path]
        where = self._where.get(html_path)
        if where is None or self._file is None:
            return []
        self._file.seek(where[0])
        return json.loads(self._file.read(where[1]).decode("utf-8"))

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


@dataclass
class Tree:
    """What was written: the engine's source path of every page, and which pages are jindu's."""

    pages: dict[str, str] = field(default_factory=dict)  # html path in the site → source path in docs/
    generated: set[str] = field(default_factory=set)  # html paths of generated pages
    relocated: dict[str, str] = field(default_factory=dict)  # a generated page's path → where it is written
    held: HeldBlocks = field(default_factory=HeldBlocks)  # each page's HTML blocks held back (write_pages)


def page_source(path: str, directory_urls: bool) -> str:
    """Where a generated page is written in the tree."""
    if directory_urls and path.endswith(".md") and posixpath.basename(path) != "index.md":
        return path[: -len(".md")] + "/index.md"
    return path


def html_path(source: str, directory_urls: bool) -> str:
    """The built file of a page, as MkDocs names it."""
    stem = source[: -len(".md")]
    if posixpath.basename(stem) == "index":
        return stem + ".html"
    return stem + "/index.html" if directory_urls else stem + ".html"


# A Markdown link's or reference's target: ](target) or ]: target, with an optional #anchor.
_LINK = re.compile(r"(\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?)([^)\s>#]+\.md)(#[^)\s>]*)?", re.MULTILINE)


def relink(markdown: str, page: str, relocated: dict[str, str]) -> str:
    """`markdown` (the office's page at `page`) with its links to relocated pages pointed at
    where they are written."""

    def swap(match: re.Match) -> str:
        target = match.group(2)
        if "://" in target or target.startswith("/"):
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        moved = relocated.get(resolved)
        if moved is None:
            return match.group(0)
        new = posixpath.relpath(moved, posixpath.dirname(page) or ".")
        return match.group(1) + new + (match.group(3) or "")

    return _LINK.sub(swap, markdown)


def _relinked(content: bytes, page: str, relocated: dict[str, str]) -> bytes:
    """`relink` on a page's bytes; a page that is not UTF-8 is left to the engine to report."""
    try:
        return relink(content.decode("utf-8"), page, relocated).encode("utf-8")
    except UnicodeDecodeError:
        return content


def relocate_nav(nav: Any, relocated: dict[str, str]) -> Any:
    """The configuration's `nav` with entries naming relocated pages pointed at them."""
    if isinstance(nav, str):
        return relocated.get(nav, nav)
    if isinstance(nav, list):
        return [relocate_nav(item, relocated) for item in nav]
    if isinstance(nav, dict):
        return {key: relocate_nav(value, relocated) for key, value in nav.items()}
    return nav


def refuse_links_out(docs: Path, root: Path) -> None:
    """A symbolic link in the docs folder that leads out of the project (or dangles) is refused
    before anything is read through it: the site never publishes a file from outside."""
    root = root.resolve()
    for folder, dirs, files in os.walk(docs, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            target = path.resolve()
            if not target.exists() or not target.is_relative_to(root):
                shown = path.relative_to(docs.parent).as_posix()
                raise TreeError(
                    f"{shown} is a symbolic link that leads out of the project (or nowhere); jindu never "
                    f"publishes a file through it: replace the link with the file itself"
                )


def refuse_loop(folder: Path, docs: Path) -> None:
    """A folder of the docs folder that is (through a symbolic link) one of the folders it is in
    is refused: its files would be copied without end."""
    real = os.path.realpath(folder)
    for above in folder.parents:
        if os.path.realpath(above) == real:
            shown = folder.relative_to(docs.parent).as_posix()
            raise TreeError(
                f"{shown} is a symbolic link to a folder it is in, so its pages would be copied without end: "
                f"replace the link with the files it should show"
            )
        if above == docs:
            return


def write_tree(docs: Path, outputs: Outputs, dest: Folder, directory_urls: bool, root: Path | None = None) -> Tree:
    """The office's docs folder and every generated file but the pages (`write_pages`), in
    `dest`. `root` is the project: no link in the docs folder may lead out of it. Charts shown
    only inline (kind `inline`) are left out: the finished pages carry them (publish/finishing.py)
    and no link leads to their files, so the engine need not copy them nor the site publish them."""
    tree = Tree()
    if docs.is_dir():
        refuse_links_out(docs, root or docs.parent)
    for output in outputs:
        source = page_source(output.path, directory_urls)
        if source != output.path:
            tree.relocated[output.path] = source
    if docs.is_dir():
        for folder, dirs, files in os.walk(docs, followlinks=True):  # links inside the project only
            dirs.sort()
            refuse_loop(Path(folder), docs)
            for name in sorted(files):
                path = Path(folder) / name
                source = path.relative_to(docs).as_posix()
                content = path.read_bytes()
                if source.endswith(".md"):
                    tree.pages[html_path(source, directory_urls)] = source
                    if tree.relocated:
                        content = _relinked(content, source, tree.relocated)
                dest.write(source, content)
    taken: set[str] = set()  # the generated pages' sources
    for output in outputs:
        if output.kind == "inline":
            continue
        source = page_source(output.path, directory_urls)
        if dest.has(source) or dest.has(output.path) or source in taken:
            clash = output.path if dest.has(output.path) else source  # the office's file, as named
            raise TreeError(f"{docs.name}/{clash} collides with a generated page; rename or remove it")
        if source.endswith(".md"):  # written by write_pages, once the stubs are known
            built = html_path(source, directory_urls)
            tree.pages[built] = output.path
            tree.generated.add(built)
            taken.add(source)
            continue
        dest.write(source, output.content)
    return tree


def write_pages(dest: Folder, tree: Tree, outputs: Outputs, stubs: dict[str, bytes]) -> None:
    """Every generated page of `tree` in `dest`: its stub when `stubs` has one (by where it is
    written: publish/carried.py), else its Markdown with its large HTML blocks held back in
    `tree.held` (site/placeholders.py; finishing puts them back). Written once, after the stubs
    are known; then `dest` is complete (`Folder.close`)."""
    for built in sorted(tree.generated):
        path = tree.pages[built]
        source = tree.relocated.get(path, path)
        stub = stubs.get(source)
        if stub is None:
            markdown, blocks = hold(outputs.get(path).content.decode("utf-8"))
            if blocks:
                tree.held.put(built, blocks)
            stub = markdown.encode("utf-8")
        dest.write(source, stub)
    dest.close()


def write_overrides(folders: list[Path], dest: Path) -> None:
    """The theme overrides: each folder's files over the ones before (lowest first)."""
    dest.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        if folder.is_dir():
            shutil.copytree(folder, dest, dirs_exist_ok=True)
