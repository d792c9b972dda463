"""Store: files a build keeps by the hash of what made them, so the next build reads them back.

Every artefact jindu caches on disk is kept in a `Store`: a folder where the files of one key
are `KEY[:2]/KEY.SUFFIX`. A key is the SHA-256 of everything that determines the files (each
caller makes its key next to the code that makes the files); so an entry is never stale, only
unused, and any folder can be deleted at any time. Files are written to a temporary name and
renamed (an interrupted build never leaves half a file); a missing, unreadable or full folder
costs speed, never the build.

What each cache folder holds (jindu.yml `caches:`, or JINDU_*_CACHE), and what its keys hash:

| folder      | suffix             | what                          | key: SHA-256 of                                                        |
|-------------|--------------------|-------------------------------|------------------------------------------------------------------------|
| `charts`    | `svg`, `png`       | a drawn chart                 | renderer and matplotlib versions, font file, the spec's JSON (charts/cache.py) |
|             | `strips.json`      | a plan's monthly status strips | the plan's files, the as-of date, the status rules (site/strips.py)   |
|             | `xlsx`             | a data export (workbook)      | the export's version, jindu's version, its kind and content (exports/files.py) |
|             | `vevent`, `ics`    | a calendar event, a calendar  | jindu's version and the event's fields (exports/calendars.py)          |
| `bulletins` | `pdf`, `json`      | a printed draft and its facts | the bulletin's HTML, fonts, printer versions (bulletins/press.py)      |
| `pages`     | `json`             | a page MkDocs converted       | its Markdown, address, converter versions and settings (site/rendered.py) |
|             | `md`               | a generated page's Markdown, or a kept part of a list page | what the page (part) shows: its task, lists and counts, templates, words (site/pagekeys.py, site/pieces.py) |
|             | `svg.html`         | a chart made inline markup    | the sanitizer's source and the chart's bytes (site/inlining.py)        |
| `history`   | `json`             | a plan parsed from a git blob | the blob id; entries of another jindu version are misses (history/snapshot.py) |
| `search`    | `records-LANG.json`, `records-LANG-runs.json`, a Pagefind bundle a part | search records, the cut runs of Chinese text, the index | the page's HTML, the vocabulary (site/search.py) |

Beside the `pages` folder, `jindu site` keeps the folder each edition's engine builds from
(`PAGES-tree/LANG/`: its configuration, overrides and docs tree — the office's docs, generated files
and page stubs, with a manifest of their digests), so that the next build writes only the files
that changed (folder.py); it is not a `Store`, and as safe to delete.

The `history` and `search` folders keep their own layout (the blob id is already a hash; the search
records are one file per edition); `survey` reports every folder alike. `jindu cache info` prints it.

Entries are never stale, but every change adds some that no later build asks for (a progress edit:
a draft PDF, a few pages, a few chart pieces), so a folder that is only ever added to grows for as
long as the office reports: past what a CI cache may hold within a year. Reading or writing an
entry sets its modification time, and each `jindu site` notes when it started in the folder
(`.builds.json`); after a build, `prune` removes the entries that none of the last `caches.keep`
builds used (`jindu cache prune` does it by hand). The history folder's entries are touched the
same way; the search folder keeps only its last two sets of records and bundles by itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BUILDS = ".builds.json"  # in a store's folder: when the latest `jindu site` builds started
LOCK = ".builds.lock"  # shared by the builds using a folder, taken alone by prune
BUILDS_FORMAT = "jindu-cache-builds/1"
REMEMBERED = 64  # build starts a folder remembers
# A cache restored from an archive may round its times down (tar keeps whole seconds, zip even
# ones): an entry used just after a build started must not look older than that start.
SLACK = 2.0
# What prune may remove: entries (a SHA-256 key or a git blob id, in the folder of its first two
# digits) and the temporary files of an interrupted write. Nothing else, whatever folder the
# configuration names.
_ENTRY = re.compile(r"[0-9a-f]{38,126}\.[0-9A-Za-z.-]+|\.tmp-.*")
_SUBFOLDER = re.compile(r"[0-9a-f]{2}")


def touch(path: Path) -> None:
    """Mark a cache entry as used now (its modification time), for `prune`; a read-only folder
    is left as it is."""
    with contextlib.suppress(OSError):
        os.utime(path)


class Store:
    """Files by key in a folder (None: no store; nothing is kept, everything is made)."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def _path(self, key: str, suffix: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.{suffix}"

    def get(self, key: str, suffixes: list[str]) -> dict[str, bytes] | None:
        """Every file of `key` with these suffixes, or None when one is missing."""
        if self.folder is None:
            return None
        try:
            found = {s: self._path(key, s).read_bytes() for s in suffixes}
        except OSError:
            return None
        for suffix in suffixes:
            touch(self._path(key, suffix))
        return found

    def get_or_make(self, key: str, suffix: str, make: Callable[[], bytes]) -> tuple[bytes, bool]:
        """The file `suffix` under `key`, made by `make()` and kept when missing; and whether
        it came from the store."""
        found = self.get(key, [suffix])
        if found is not None:
            return found[suffix], True
        data = make()
        self.put(key, {suffix: data})
        return data, False

    def put(self, key: str, files: dict[str, bytes]) -> None:
        if self.folder is None:
            return
        for suffix, data in files.items():
            target = self._path(key, suffix)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, target)
            except OSError:  # a read-only or full disk costs speed, not the build
                return


@dataclass
class Survey:
    """What a cache folder holds: files and bytes, in all and by kind (the suffix after the key)."""

    folder: Path
    files: int = 0
    bytes: int = 0
    kinds: dict[str, list[int]] = field(default_factory=dict)  # kind → [files, bytes]

    def to_json(self) -> dict:
        return {
            "folder": str(self.folder),
            "files": self.files,
            "bytes": self.bytes,
            "kinds": {kind: {"files": n, "bytes": size} for kind, (n, size) in sorted(self.kinds.items())},
        }


def _kind(name: str) -> str:
    """`ab12….svg.html` → `svg.html`; `records-zh.json` → `json`."""
    stem, _, rest = name.partition(".")
    return rest if len(stem) >= 32 and rest else name.rpartition(".")[2] or name


def survey(folder: Path) -> Survey:
    """Count what `folder` holds (symbolic links are not followed; a missing folder is empty)."""
    found = Survey(folder)
    if not folder.is_dir():
        return found
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
        for name in files:
            path = os.path.join(root, name)
            if os.path.islink(path) or name.startswith(".tmp-"):
                continue
            try:
                size = os.stat(path).st_size
            except OSError:
                continue
            kind = _kind(name)
            entry = found.kinds.setdefault(kind, [0, 0])
            entry[0] += 1
            entry[1] += size
            found.files += 1
            found.bytes += size
    return found


def share(folder: Path) -> int | None:
    """Take a shared lock on `folder` for the length of a build: `prune` skips a folder that
    another build holds, so no build loses an entry it found at its start and reads again at its
    end. Returns the descriptor to close when the build ends (None: the folder cannot be locked,
    and its builds go on unlocked)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_SH)  # waits out a prune only: a sweep of one folder
    except OSError:
        os.close(handle)
        return None
    return handle


def note_build(folder: Path, started: float) -> None:
    """Note in `folder` that a build using it started at `started` (seconds since the epoch:
    `jindu site` reads the clock once, at its start, for this and nothing else). A folder that
    cannot be written is left as it is."""
    starts = build_starts(folder) + [started]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"format": BUILDS_FORMAT, "starts": starts[-REMEMBERED:]}, handle)
        os.replace(tmp, folder / BUILDS)
    except OSError:
        return


def build_starts(folder: Path) -> list[float]:
    """The noted starts of the latest builds that used `folder`, oldest first (none when the
    note is missing or damaged)."""
    try:
        data = json.loads((folder / BUILDS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    starts = data.get("starts") if isinstance(data, dict) and data.get("format") == BUILDS_FORMAT else None
    if not isinstance(starts, list):
        return []
    return sorted(s for s in starts if isinstance(s, (int, float)) and not isinstance(s, bool))


@dataclass
class Pruned:
    """What `prune` removed."""

    files: int = 0
    bytes: int = 0
    waiting: int = 0  # folders left alone: fewer builds noted in them than the builds to keep
    busy: int = 0  # folders left alone: another build is using them

    def add(self, other: Pruned) -> None:
        self.files += other.files
        self.bytes += other.bytes
        self.waiting += other.waiting
        self.busy += other.busy


def prune(folder: Path, keep: int) -> Pruned:
    """Remove from `folder` every entry that none of its last `keep` noted builds read or wrote
    (its modification time is older than the oldest of their starts), and the empty folders
    left. Nothing is removed before `keep` builds are noted, nor when `keep` is 0, nor while
    another build holds the folder (`share`). An entry removed that a later build wants costs
    that build the time to make it again, nothing else."""
    starts = build_starts(folder)
    removed = Pruned()
    if keep <= 0:
        return removed
    if len(starts) < keep:
        removed.waiting = 1
        return removed
    try:
        lock = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return removed
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock)
        removed.busy = 1
        return removed
    try:
        _sweep(folder, starts[-keep] - SLACK, removed)
    finally:
        os.close(lock)
    return removed


def _sweep(folder: Path, before: float, removed: Pruned) -> None:
    """Remove the entries of `folder` last used before `before`, counting them in `removed`."""
    try:
        subfolders = [e for e in os.scandir(folder) if _SUBFOLDER.fullmatch(e.name) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for subfolder in subfolders:
        left = 0
        try:
            entries = list(os.scandir(subfolder.path))
        except OSError:
            continue
        for entry in entries:
            try:
                ours = entry.name.startswith((subfolder.name, ".tmp-")) and _ENTRY.fullmatch(entry.name)
                if not (ours and entry.is_file(follow_symlinks=False)):
                    left += 1
                    continue
                stat = entry.stat(follow_symlinks=False)
                if stat.st_mtime >= before:
                    left += 1
                    continue
                os.unlink(entry.path)
            except OSError:
                left += 1
                continue
            removed.files += 1
            removed.bytes += stat.st_size
        if not left:
            with contextlib.suppress(OSError):
                os.rmdir(subfolder.path)
