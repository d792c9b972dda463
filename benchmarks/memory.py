"""Peak memory of a command's processes, by kind, for benchmarks/scale.py (Linux: /proc).

    with MemoryWatch(pid) as watch:   # pid: the jindu process just started
        ...wait for it...
    watch.peaks()    # {"jindu": 1845.2, "engine": 612.0, "chart workers": 148.3, ...} in MiB
    watch.at_once    # the largest sum of resident memory of the whole tree at one moment, MiB

`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` only says how large the largest process of all
runs so far grew: not which process, nor what the build held at once (jindu, the engine, the
chart and press workers and Pagefind overlap; a runner's memory limit is on their sum). A thread
reads every process below `pid` every SAMPLE seconds: its kernel high-water mark (VmHWM, so a
peak between two samples is still seen) and its resident size now (VmRSS, summed over the tree for
`at_once`, which a sample can miss by up to SAMPLE seconds). A worker that starts and ends between
two samples is not seen at all; at the sizes this benchmark runs, jindu's workers live for the build.
"""

from __future__ import annotations

import threading
from pathlib import Path

SAMPLE = 0.2  # seconds between two readings of the tree

# jindu starts its workers with multiprocessing's "spawn": their command lines are all alike, so a
# worker is told by the libraries it has mapped (the press loads Pango through WeasyPrint).
WORKER_LIBRARIES = (("libpango", "press workers"), ("matplotlib", "chart workers"))
ENGINES = ("mkdocs", "properdocs", "zensical")
FIND_LIBRARY = frozenset({"sh", "gcc", "cc", "collect2", "ld", "ld.bfd", "ldconfig", "ldconfig.real", "objdump"})


def status_of(pid: int) -> dict[str, int]:
    """VmHWM and VmRSS of `pid` in KiB (empty when it has ended or is a zombie)."""
    found = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                found[name] = int(value.split()[0])
    except (OSError, ValueError):
        return {}
    return found


def _parents() -> dict[int, int]:
    """Every process's parent, from /proc/*/stat."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    return parents


def kind_of(pid: int, root: int) -> str | None:
    """What process `pid` is ("jindu", "engine", "chart workers", …), or None while a spawned
    worker has not yet loaded the library that tells what it is."""
    if pid == root:
        return "jindu"
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "other"
    words = [a.decode("utf-8", "replace") for a in argv if a]
    program = Path(words[0]).name if words else "other"
    code = " ".join(words)
    if "resource_tracker" in code:  # multiprocessing's own helper
        return "other"
    if "multiprocessing" in code:
        try:
            maps = Path(f"/proc/{pid}/maps").read_text()
        except OSError:
            return None
        for library, kind in WORKER_LIBRARIES:
            if library in maps:
                return kind
        return None
    if program.startswith("python") and "-m" in words[:-1]:  # python -m MODULE: the engine, or a tool
        module = words[words.index("-m") + 1]
        return "engine" if module in ENGINES else "Pagefind" if module == "pagefind" else module
    if "pagefind" in program:
        return "Pagefind"
    # ctypes.util.find_library runs these to find a shared library (WeasyPrint's start does).
    return "other" if program in FIND_LIBRARY else program


class MemoryWatch:
    """Samples the process tree under `root` in a thread until the `with` block ends."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.high: dict[int, int] = {}  # pid → its largest VmHWM seen, KiB
        self.kinds: dict[int, str] = {}
        self.at_once = 0.0  # MiB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(SAMPLE):
                return

    def sample(self) -> None:
        """Read every process below the root once."""
        parents = _parents()
        tree = {self.root}
        for _ in range(8):  # jindu, its engine and workers, theirs: a few levels at most
            tree |= {pid for pid, parent in parents.items() if parent in tree}
        total = 0
        for pid in tree:
            status = status_of(pid)
            if not status:
                continue
            total += status.get("VmRSS", 0)
            self.high[pid] = max(self.high.get(pid, 0), status.get("VmHWM", 0))
            if pid not in self.kinds:
                kind = kind_of(pid, self.root)
                if kind is not None:
                    self.kinds[pid] = kind
        self.at_once = max(self.at_once, total / 1024)

    def peaks(self) -> dict[str, tuple[float, int]]:
        """By kind of process: (the largest peak of its processes in MiB, how many there were),
        largest first."""
        found: dict[str, tuple[float, int]] = {}
        for pid, high in self.high.items():
            kind = self.kinds.get(pid, "workers")
            peak, count = found.get(kind, (0.0, 0))
            found[kind] = (max(peak, high / 1024), count + 1)
        return dict(sorted(found.items(), key=lambda item: -item[1][0]))


def describe(watch: MemoryWatch) -> str:
    """One line: each kind's peak, then the tree's largest sum at one moment."""
    parts = []
    for kind, (peak, count) in watch.peaks().items():
        many = f" (largest of {count})" if count > 1 else ""
        parts.append(f"{kind} {peak:,.0f}{many}")
    return f"peak RSS by process, MiB: {', '.join(parts)}; all at once {watch.at_once:,.0f} MiB"
