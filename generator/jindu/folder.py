"""Folder: files a build writes for another program to read, kept from one build to the next.

A site build writes the office's docs folder, every generated file and a stub or Markdown for
every page for the engine (publish/tree.py), and a document per page for Pagefind
(site/bundles.py): thousands of files for each edition, most of them the same bytes as the build
before. Making a folder and a file costs the kernel more than writing its bytes
(on the build machine, 0.4 to 2.4 s of CPU for the 1,300 pages of one edition of a
1,000-task office). A kept folder remembers what it holds — each file's digest, size and
modification time in `manifest.json` beside it — and a build writes only the files whose bytes
changed, then removes the files it did not write. A file changed on disk since (its size or
time differs) is written again, so the folder never holds what the build did not write.

One build at a time uses a kept folder (an advisory lock beside it); a second build at the same
time writes a fresh folder of its own, as does a build without a pages cache.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from pathlib import Path

MANIFEST_VERSION = 1


class Folder:
    """Files written below `dest` by relative POSIX path; see the module docstring."""

    def __init__(self, dest: Path, manifest: Path | None = None, lock: int | None = None):
        self.dest = dest
        self.manifest = manifest  # None: a fresh folder, nothing kept
        self._lock = lock
        self._before: dict[str, list] = {}
        self._written: dict[str, list] = {}
        self._parents: set[str] = set()  # every folder of a written file, relative
        self._made: set[Path] = set()
        self.rewritten = 0  # files whose bytes were written by this build
        if manifest is not None:
            self._before = _read_manifest(manifest)

    @classmethod
    def fresh(cls, dest: Path) -> Folder:
        """A new, empty folder at `dest` (which must not exist)."""
        dest.mkdir(parents=True)
        return cls(dest)

    @classmethod
    def kept(cls, home: Path, fallback: Path, name: str = "docs") -> Folder:
        """The folder kept at `home`/`name`, or a fresh one at `fallback` while another build
        holds it (or `home` cannot be made)."""
        try:
            home.mkdir(parents=True, exist_ok=True)
            lock = os.open(home / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return cls.fresh(fallback)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(lock)
            return cls.fresh(fallback)
        (home / name).mkdir(exist_ok=True)
        return cls(home / name, home / "manifest.json", lock)

    def has(self, path: str) -> bool:
        """Whether this build wrote `path`, or a file below it."""
        return path in self._written or path in self._parents

    def write(self, path: str, content: bytes) -> None:
        """`content` at `path`, unless the folder already holds those bytes there."""
        # A fresh folder keeps no manifest: its files need no digest.
        digest = "" if self.manifest is None else hashlib.blake2b(content, digest_size=16).hexdigest()
        target = self.dest / path
        old = self._before.get(path)
        if old is not None and old[0] == digest:
            try:
                stat = os.stat(target)
            except OSError:
                stat = None
            if stat is not None and [stat.st_size, stat.st_mtime_ns] == old[1:]:
                self._note(path, old)
                return
        if target.parent not in self._made:
            _make_folder(target.parent, self.dest)
            self._made.add(target.parent)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)  # a folder the last build wrote where this one writes a file
        target.write_bytes(content)
        stat = os.stat(target)
        self.rewritten += 1
        self._note(path, [digest, stat.st_size, stat.st_mtime_ns])

    def summary(self) -> str:
        """How much of the tree this build wrote, for the build's summary line."""
        return f"tree: {self.rewritten} of {len(self._written)} files written"

    def _note(self, path: str, entry: list) -> None:
        self._written[path] = entry
        parent = path.rpartition("/")[0]
        while parent and parent not in self._parents:
            self._parents.add(parent)
            parent = parent.rpartition("/")[0]

    def close(self) -> None:
        """Remove what the last build wrote and this one did not, and keep the manifest. Call
        once every file is written, before the engine reads the folder."""
        if self.manifest is None:
            return
        # Every folder is read (not only the manifest's files): a build that stopped half way
        # may have written files no manifest names.
        for folder, _dirs, files in os.walk(self.dest, topdown=False):
            relative = Path(folder).relative_to(self.dest).as_posix()
            for name in files:  # what this build did not write
                path = name if relative == "." else f"{relative}/{name}"
                if path not in self._written:
                    os.unlink(os.path.join(folder, name))
            if relative != "." and relative not in self._parents:
                with contextlib.suppress(OSError):  # a file this build wrote is below it after all
                    os.rmdir(folder)
        data = {"version": MANIFEST_VERSION, "files": self._written}
        temp = self.manifest.with_name(self.manifest.name + ".tmp")
        temp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(temp, self.manifest)

    def release(self) -> None:
        """Let the next build use the folder (after the engine has read it)."""
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _read_manifest(path: Path) -> dict[str, list]:
    """The files the last build wrote; nothing when the manifest is missing or not this
    version's (every file is then written again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION or not isinstance(data.get("files"), dict):
        return {}
    return data["files"]


def _make_folder(folder: Path, top: Path) -> None:
    """`folder` and its parents below `top`, replacing a file the last build wrote where a
    folder goes now."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    current = top
    for part in folder.relative_to(top).parts:
        current = current / part
        if current.is_symlink() or current.is_file():
            current.unlink()
        current.mkdir(exist_ok=True)
