"""Search bundles: the Pagefind index of an edition's search records, written in parts.

`write_index` hands Pagefind the documents `search.RecordCache` made of the records (tokens and
meta data, see site/search.py). Pagefind holds every record of a run in memory, so past
`PART_RECORDS` records an edition the index is written in parts (`parts_of`), each a bundle of
its own: the first at pagefind/, the others at pagefind/part-N/, listed in pagefind/jindu-parts.json
for the search box (assets/jindu-search.js) to merge. A plan's pages share a part, so a progress
report changes one part; a part whose documents an earlier build indexed is copied from the cache.
Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jindu.folder import Folder
from jindu.site.search import RecordCache, SearchRecord
from jindu.site.vocabulary import Segmenter

OUTPUT_DIR = "pagefind"
# Records one Pagefind run indexes at most. Its memory grows with the records it holds: 2.6 GiB
# for the 12,877 of one edition at 10,000 tasks written at once, 0.42 GiB at most in parts of
# this size (benchmarks/scale.py, 2026-12-04). A reader's search asks each part: one more
# request per word and part.
PART_RECORDS = 2000
PARTS_FILE = "jindu-parts.json"  # the parts after the first, for the search box to merge
# Pagefind's own search interfaces: jindu's search box (assets/jindu-search.js) uses none.
UNUSED_FILES = tuple(
    f"pagefind-{ui}.{ext}" for ui in ("ui", "modular-ui", "component-ui", "highlight") for ext in ("js", "css")
)


class SearchIndexError(RuntimeError):
    pass


def _source_path(url: str) -> str:
    """The file whose address Pagefind derives as `url` ("a/b/" ← a/b/index.html)."""
    return url + "index.html" if url.endswith("/") or not url else url


def _pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return ""


def write_index(
    site_dir: Path,
    records: list[SearchRecord],
    segmenter: Segmenter,
    lang: str,
    cache: RecordCache,
    per_part: int = PART_RECORDS,
) -> Path:
    """Write the Pagefind index of `records` into `site_dir`/pagefind, replacing an older one;
    returns the folder. Past `per_part` records the index is written in parts (`parts_of`): the
    first at pagefind/, the others at pagefind/part-N/, listed in pagefind/jindu-parts.json for
    the search box to merge. A part whose documents an earlier build indexed is copied from the
    cache instead of indexed again. Raises `SearchIndexError` when Pagefind fails."""
    folder = site_dir / OUTPUT_DIR
    documents = [(r.url, cache.document(r, segmenter, lang)) for r in sorted(records, key=lambda r: r.url)]
    parts = parts_of(documents, per_part)
    if folder.exists():
        shutil.rmtree(folder)
    names = [f"part-{n}" for n in range(1, len(parts) + 1)]
    cache.tidy(names)
    for n, (name, part) in enumerate(zip(names, parts, strict=True)):
        _write_part(folder if n == 0 else folder / name, part, cache, name)
    (folder / PARTS_FILE).write_text(json.dumps([name + "/" for name in names[1:]]), encoding="utf-8")
    return folder


def parts_of(documents: list[tuple[str, str]], per_part: int) -> list[list[tuple[str, str]]]:
    """`documents` (sorted by address) cut into parts of at most `per_part`, each plan's pages
    together where the plan fits in a part: an edit to one plan changes one part, and Pagefind's
    memory follows the largest part, not the portfolio. Always at least one part."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for url, document in documents:
        head = url.split("/")
        groups.setdefault("/".join(head[:2]) if head[0] == "plans" else head[0], []).append((url, document))
    parts: list[list[tuple[str, str]]] = [[]]
    for group in groups.values():
        if parts[-1] and len(parts[-1]) + len(group) > per_part:
            parts.append([])
        for start in range(0, len(group), per_part):  # a plan larger than a part fills several
            if start:
                parts.append([])
            parts[-1].extend(group[start : start + per_part])
    return parts


def _write_part(folder: Path, documents: list[tuple[str, str]], cache: RecordCache, name: str) -> None:
    """One Pagefind bundle of `documents` at `folder`, from the cache or indexed now."""
    digest = hashlib.sha256(_pagefind_version().encode("utf-8"))
    for url, document in documents:
        digest.update(f"\x00{url}\x00{document}".encode())
    kept = cache.bundle(digest.hexdigest(), name)
    if kept is not None and kept.is_dir():
        shutil.copytree(kept, folder, copy_function=_link_or_copy)
        os.utime(kept)  # the most recently used: kept by _keep_bundle beside a new one
        return
    with tempfile.TemporaryDirectory(prefix="jindu-search-") as temp:
        # The documents Pagefind reads are kept beside the cache, and only the changed ones are
        # written (a progress edit changes a few of some 1,300 files an edition; jindu/folder.py).
        home = cache.sources()
        source = Folder.kept(home / name, Path(temp) / "site", "site") if home else Folder.fresh(Path(temp) / "site")
        try:
            for url, document in documents:
                source.write(_source_path(url), document.encode("utf-8"))
            source.close()
            # The command-line indexer, not Pagefind's Python API: the API waits 0.1 s for each
            # answer of its service (about 10 pages a second), the command indexes in parallel.
            staged = Path(temp) / OUTPUT_DIR
            command = [
                *(sys.executable, "-m", "pagefind", "--site", str(source.dest)),
                *("--output-path", str(staged), "--silent"),
            ]
            done = subprocess.run(command, capture_output=True, text=True)
        finally:
            source.release()
        if done.returncode != 0:
            raise SearchIndexError(
                f"Pagefind could not index the pages: {(done.stderr or done.stdout).strip()[-2000:]}"
            )
        for unused in UNUSED_FILES:
            (staged / unused).unlink(missing_ok=True)
        if kept is not None:
            _keep_bundle(staged, kept)
        shutil.move(str(staged), folder)


def _link_or_copy(source: str, target: str) -> None:
    """A hard link where the file system allows one, else a copy: a bundle's files are never
    written in place (a newer bundle replaces the folder), so the cache and the site can share them."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _keep_bundle(staged: Path, kept: Path) -> None:
    """Keep this bundle for the next build, beside the most recently used other one (a preview
    and a site build alternate between two sets of pages); a full disk costs speed only."""
    try:
        others = sorted(kept.parent.iterdir(), key=lambda p: p.stat().st_mtime) if kept.parent.is_dir() else []
        for old in others[:-1]:
            shutil.rmtree(old)
        shutil.copytree(staged, kept, copy_function=_link_or_copy)
    except OSError:
        shutil.rmtree(kept.parent, ignore_errors=True)
