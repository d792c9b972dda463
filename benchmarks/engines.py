"""What each engine costs `jindu site`, on the same project, with warm caches.

    .venv/bin/python benchmarks/engines.py [rounds]

Run from a project's root (jindu's own: the demo office). Builds the site (both editions) as of
2023-07-15 with every installed engine, `rounds` times each after one warm-up, and prints the
median wall time and CPU time (this process's children: the engine, Pagefind, workers) with the
size of the site. The floor, measured in the same run, is the MkDocs plugin's build of the same
two editions (`mkdocs build` with the jindu plugin, page cache warm): the route `jindu site` took
before it rendered the tree itself.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2023-07-15"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(commands: list[list[str]], env: dict[str, str], rounds: int, out: Path) -> tuple[float, float, int]:
    """Median wall and CPU seconds of running `commands` in turn, and the size of `out` after."""
    walls, cpus = [], []
    for round_ in range(rounds + 1):
        shutil.rmtree(out, ignore_errors=True)
        began, cpu = time.perf_counter(), _children_cpu()
        for command in commands:
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if round_:  # the first round fills the caches
            walls.append(time.perf_counter() - began)
            cpus.append(_children_cpu() - cpu)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return statistics.median(walls), statistics.median(cpus), size


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    work = Path(tempfile.mkdtemp(prefix="jindu-engines-"))
    env = dict(os.environ, JINDU_AS_OF=AS_OF, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1689379200")
    for name in ("CHART", "BULLETIN", "SEARCH", "PAGE", "HISTORY"):
        env[f"JINDU_{name}_CACHE"] = str(work / "caches" / name.lower())
    python = sys.executable
    rows = []
    out = work / "plugin"
    plugin = [
        [python, "-m", "mkdocs", "build", "-q", "-d", str(out)],
        [python, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.en.yml", "-d", str(out / "en")],
    ]
    floor = measure(plugin, env, rounds, out)
    rows.append(("mkdocs plugin (floor)", *floor))
    for engine in ("mkdocs", "properdocs", "zensical"):
        try:
            __import__(engine)
        except ImportError:
            print(f"{engine}: not installed, skipped")
            continue
        out = work / engine
        command = [python, "-m", "jindu", "site", "--engine", engine, "--out", str(out), "--as-of", AS_OF]
        rows.append((f"jindu site --engine {engine}", *measure([command], env, rounds, out)))
    print(f"both editions as of {AS_OF}, warm caches, median of {rounds}")
    print(f"{'route':<32}{'wall s':>8}{'CPU s':>8}{'× floor CPU':>13}{'site MB':>10}")
    for name, wall, cpu, size in rows:
        print(f"{name:<32}{wall:>8.1f}{cpu:>8.1f}{cpu / floor[1]:>13.2f}{size / 1e6:>10.1f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
