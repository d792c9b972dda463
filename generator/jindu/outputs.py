"""Outputs: the files a build produces, as data, before anything is written.

Renderers return `Output`s; the MkDocs plugin turns them into in-memory files and
`jindu render --out` writes them to disk. Adding two outputs with the same path is a bug
in a renderer (two pages would silently overwrite each other), so it raises.

A build's outputs are kept in a `Spool`, an unnamed temporary file, not in memory: at
10,000 tasks an edition's pages, charts, data files and bulletins are some 700 MB, which
the build held from the first page rendered until the engine's folder was written. An
output reads its bytes back when asked (the page cache of the system keeps that cheap).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import weakref
from pathlib import Path


class Spool:
    """An unnamed temporary file that bytes are appended to and read back from by offset.
    The file has no name (O_TMPFILE where the system has it), so it leaves nothing behind
    when the build ends, however it ends. Safe to use from several threads."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="jindu-outputs-")  # noqa: SIM115 (closed by close())
        # Closed when the spool is dropped, too (a live preview drops one per save): quietly,
        # where a file object left to the collector warns.
        self._closing = weakref.finalize(self, self._file.close)
        self._end = 0
        self._lock = threading.Lock()

    def put(self, data: bytes) -> int:
        """Append `data`; its offset."""
        with self._lock:
            at = self._end
            self._end += len(data)
        view, done = memoryview(data), 0
        while done < len(data):
            done += os.pwrite(self._file.fileno(), view[done:], at + done)
        return at

    def read(self, at: int, size: int) -> bytes:
        parts, done = [], 0
        while done < size:
            part = os.pread(self._file.fileno(), size - done, at + done)
            if not part:
                raise OSError(f"the outputs' spool ended {size - done} bytes early")
            parts.append(part)
            done += len(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    @property
    def size(self) -> int:
        return self._end

    def close(self) -> None:
        self._closing()


class Output:
    """One generated file: its path relative to the docs root (POSIX, e.g.
    "plans/2023-qingpu/i01.md"), its kind (page, asset, chart, inline: a chart only shown
    inline, data, bulletin) and its bytes, held in memory or in the build's spool."""

    __slots__ = ("_at", "_data", "_spool", "kind", "path", "size")

    def __init__(self, path: str, content: bytes, kind: str, spool: Spool | None = None) -> None:
        self.path = path
        self.kind = kind
        self.size = len(content)
        self._spool = spool
        self._data = None if spool is not None else content
        self._at = spool.put(content) if spool is not None else 0

    @property
    def content(self) -> bytes:
        if self._spool is None:
            return self._data  # type: ignore[return-value]
        return self._spool.read(self._at, self.size)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")

    def __repr__(self) -> str:
        return f"Output({self.path!r}, {self.kind}, {self.size} bytes)"


class DuplicateOutput(ValueError):
    pass


class Outputs:
    """An ordered set of outputs keyed by path; their bytes in a `Spool` (`spool=False`:
    in memory, for a handful of files)."""

    def __init__(self, spool: bool = True) -> None:
        self._items: dict[str, Output] = {}
        self._spool = Spool() if spool else None

    def add(self, path: str, content: str | bytes, kind: str) -> Output:
        if path in self._items:
            raise DuplicateOutput(f"two outputs for {path!r} ({self._items[path].kind} and {kind})")
        if path.startswith("/") or ".." in path.split("/"):
            raise ValueError(f"output path must stay inside the site: {path!r}")
        data = content.encode("utf-8") if isinstance(content, str) else content
        output = Output(path, data, kind, self._spool)
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
        if self._spool is not None and not self._items:
            self._spool.close()
            self._spool = None

    def close(self) -> None:
        """Forget every output and remove their bytes (the spool's file) at once."""
        self.release(keep=())


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
