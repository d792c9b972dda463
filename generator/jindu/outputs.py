"""Outputs: the files a build produces, as data, before anything is written.

Renderers return `Output`s; the MkDocs plugin turns them into in-memory files and
`jindu render --out` writes them to disk. Adding two outputs with the same path is a bug
in a renderer (two pages would silently overwrite each other), so it raises.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    path: str  # POSIX path relative to the docs root, e.g. "plans/2023-qingpu/i01.md"
    content: bytes
    kind: str  # page, asset, chart, inline (a chart only shown inline), data, bulletin

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")


class DuplicateOutput(ValueError):
    pass


class Outputs:
    """An ordered set of outputs keyed by path."""

    def __init__(self) -> None:
        self._items: dict[str, Output] = {}

    def add(self, path: str, content: str | bytes, kind: str) -> Output:
        if path in self._items:
            raise DuplicateOutput(f"two outputs for {path!r} ({self._items[path].kind} and {kind})")
        if path.startswith("/") or ".." in path.split("/"):
            raise ValueError(f"output path must stay inside the site: {path!r}")
        data = content.encode("utf-8") if isinstance(content, str) else content
        output = Output(path, data, kind)
        self._items[path] = output
        return output

    def __iter__(self):
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, path: str) -> bool:
        return path in self._items

    def get(self, path: str) -> Output:
        return self._items[path]

    def paths(self) -> list[str]:
        return list(self._items)

    def release(self, keep: tuple[str, ...]) -> None:
        """Forget every output but those of the `keep` kinds, once they are written where they
        go: a large portfolio's pages and files need not stay in memory while the engine and
        the finishing run."""
        self._items = {path: output for path, output in self._items.items() if output.kind in keep}


def write_tree(outputs: Outputs, out: Path) -> None:
    """Write every output below `out`, replacing it only once everything is written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for output in outputs:
            target = staging / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(output.content)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, out)


def swap_in(staging: Path, out: Path) -> None:
    """Replace `out` with the finished `staging` folder; the old tree is removed after."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        os.rename(out, old / "previous")
    os.rename(staging, out)
    if old:
        shutil.rmtree(old, ignore_errors=True)
