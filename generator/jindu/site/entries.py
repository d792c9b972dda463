"""Entries: the search index entries of each page, kept by the page's content across builds.

Material's search plugin parses every page's HTML into sections and segments their Chinese
text with jieba on every build: at 200 tasks that is half a warm build, for pages that did
not change. `EntryCache` keeps each page's entries under the SHA-256 of everything they are
made of (the page's HTML, address, title, table of contents and search settings, and the
versions of Material and jieba), so an unchanged page is indexed once and read back after;
`MemoCut` segments each distinct run of Chinese characters once per build (generated pages
repeat the same words thousands of times). The index written is byte for byte the one an
uncached build writes.

The cache is one JSON file per site edition; each build writes back only the entries it
used, so the file never grows beyond one site's index.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

CACHE_VERSION = "2"  # 2: entries are kept refined (search.refine_entry)


def page_key(parts: Iterable[Any], salt: str) -> str:
    """The key of one page's entries: a hash of `parts` (JSON-able values) and `salt`."""
    text = json.dumps([CACHE_VERSION, salt, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EntryCache:
    """Search entries by page key, read from and written back to one JSON file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.stored: dict[str, list[dict]] = {}
        self.used: dict[str, list[dict]] = {}
        self.hits = 0
        self.misses = 0
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    self.stored = data
            except (OSError, ValueError):
                self.stored = {}  # a damaged cache is an empty one

    def get(self, key: str) -> list[dict] | None:
        entries = self.stored.get(key)
        if entries is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used[key] = entries
        return [dict(e) for e in entries]

    def put(self, key: str, entries: list[dict]) -> None:
        self.used[key] = [dict(e) for e in entries]

    def save(self) -> None:
        """Write the entries this build used (atomically); nothing when the cache is off."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=".entries-", dir=self.path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(
                self.used, out, ensure_ascii=False, separators=(",", ":")
            )  # key order kept: the index is written as read
        os.replace(staging, self.path)


class MemoCut:
    """Stands in for the jieba module inside Material's search plugin: `cut` answers each
    distinct text once per build (as a list, which the plugin joins like the generator
    jieba returns); everything else is jieba's own."""

    def __init__(self, jieba: Any) -> None:
        self._jieba = jieba
        self._cut: Callable = jieba.cut
        self._memo: dict[Any, list[str]] = {}

    def cut(self, sentence: Any, *args: Any, **kwargs: Any) -> list[str]:
        if args or kwargs:
            return list(self._cut(sentence, *args, **kwargs))
        found = self._memo.get(sentence)
        if found is None:
            found = self._memo[sentence] = list(self._cut(sentence))
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._jieba, name)
