"""Scale benchmark: a synthetic portfolio of N tasks in jindu's format, and what jindu costs on it.

    .venv/bin/python benchmarks/scale.py                 # N = 1,000, 5,000 and 10,000
    .venv/bin/python benchmarks/scale.py --sizes 1000    # one size
    .venv/bin/python benchmarks/scale.py --repeat 5      # more runs per figure (median printed)

For each size it writes the portfolio (tests/synthetic.py: about 200 tasks per plan, sections,
sub-targets, quarter and month milestones with acceptance criteria, indicators on one task in
ten, progress files for half the quarter milestones) into a temporary folder and prints the
median wall time, CPU time and peak memory of `jindu check --strict` in a fresh process, with the
pure-Python YAML parser beside libyaml so the ratio is measured in the same run.

Printed figures only; no test asserts a time (this machine is shared and noisy). Site build
figures (cold, warm, after one edit, against bare mkdocs-material) are still to come: issue 13.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from synthetic import default_shape, write_portfolio  # noqa: E402

# Runs `jindu check` with libyaml switched off, to measure the pure-Python parser in the same run.
PURE = "import jindu.plans.composer as c; c.FAST = False; from jindu.cli import main; main()"


def measure(command: list[str], cwd: Path, repeat: int) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds and the largest peak RSS (MiB) over `repeat` runs."""
    walls, cpus, peaks = [], [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        # Each run is its own process, so RUSAGE_CHILDREN's peak is this run's (the largest so far).
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        walls.append(time.perf_counter() - began)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
        peaks.append(after.ru_maxrss / 1024)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return statistics.median(walls), statistics.median(cpus), max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    print(f"# jindu scale benchmark — {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"# median of {args.repeat} runs each; peak RSS is the largest seen\n")
    print("| tasks | plans | files | MB | check (libyaml) | CPU | peak RSS | check (pure Python) | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"jindu-scale-{size}-") as folder:
            root = Path(folder)
            shape = default_shape(size)
            files = write_portfolio(root, shape)
            megabytes = sum(f.stat().st_size for f in files) / 2**20
            fast = measure([python, "-m", "jindu", "check", "--strict", "plans"], root, args.repeat)
            pure = measure([python, "-c", PURE, "check", "--strict", "plans"], root, args.repeat)
            print(
                f"| {size:,} | {shape.plans} | {len(files)} | {megabytes:.1f} | {fast[0]:.1f} s | {fast[1]:.1f} s | "
                f"{fast[2]:.0f} MiB | {pure[0]:.1f} s | {pure[0] / fast[0]:.1f}× |",
                flush=True,
            )


if __name__ == "__main__":
    main()
