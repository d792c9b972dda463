"""Rendered: a generated page's Markdown → HTML result, kept by content across builds.

MkDocs converts every page's Markdown on every build; jindu's pages are mostly HTML tables,
which Python-Markdown parses twice (raw HTML, then anchors): at 200 tasks that was the
largest part of a warm build. A page's HTML depends only on its Markdown, its own address,
the addresses of the files it may link to, and the Markdown settings, so the plugin keeps
what `Page.render` produced under a hash of those (`render_key`) and restores it for an
unchanged page. A render that logged a warning is never kept, so a cached page cannot hide
one from `mkdocs build --strict`.

This module is plain data in and out (JSON); `plugin.py` reads and writes the MkDocs objects.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

RENDER_VERSION = "1"
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def render_key(markdown: str, page: str, salt: str) -> str:
    """The key of one page's render: its Markdown, its source path and the build's `salt`."""
    digest = hashlib.sha256()
    for part in (RENDER_VERSION, salt, page, markdown):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def build_salt(versions: list[str], markdown_settings: Any, addresses: list[tuple[str, str]]) -> str:
    """What every page's render shares: library versions, Markdown extensions and their
    settings, and the source path and URL of every page (links resolve against them)."""
    text = json.dumps([versions, markdown_settings, sorted(addresses)], ensure_ascii=False, default=_name)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _name(value: Any) -> str:
    """A setting that is not plain data (a slugify function, say), by its name: its repr holds
    a memory address that changes with every process."""
    qualname = getattr(value, "__qualname__", None)
    if qualname:
        return f"{getattr(value, '__module__', '')}.{qualname}"
    return _ADDRESS.sub("", repr(value))


@dataclass
class RenderRecord:
    """What `Page.render` leaves on a page, as JSON-able values."""

    content: str
    toc: list[dict]  # [{"name", "id", "level", "children"}], the shape MkDocs' get_toc reads
    title: str | None
    anchors: list[str]
    links: dict[str, dict[str, str]] | None = field(default=None)  # linked file → {anchor: link}

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> RenderRecord | None:
        """The record in `data`, or None when it cannot be read (a damaged entry is a miss)."""
        try:
            return cls(**json.loads(data.decode("utf-8")))
        except (ValueError, TypeError):
            return None


def toc_tokens(items: Any) -> list[dict]:
    """A table of contents (MkDocs AnchorLinks) back as the tokens it was made from."""
    return [{"name": i.title, "id": i.id, "level": i.level, "children": toc_tokens(i.children)} for i in items]
