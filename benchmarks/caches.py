"""Cache size over a run of progress edits: does `.cache/` grow with every change, or level off?

    .venv/bin/python benchmarks/caches.py                      # 1,000 tasks, 6 edits, keep 0 then 5
    .venv/bin/python benchmarks/caches.py --size 300 --edits 6 --keep 0 2

For each `--keep` value (caches.keep, through JINDU_CACHE_KEEP; 0 never removes anything, as jindu
did before pruning), it starts an office repository of `--size` synthetic tasks (benchmarks/scale.py's
make_office), builds it once, then makes `--edits` progress edits (each another milestone, never a
state built before) and builds after each. After every build it prints the size of the pruned
caches (charts, bulletins, pages, history), of the whole `.cache/` and what the build said it
removed; at the end, the mean growth per edit over the last half of the edits. Printed figures
only; no test asserts a size.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import edit_progress, make_office

PRUNED = ("charts", "bulletins", "pages", "history")


def megabytes(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6 if folder.is_dir() else 0.0


def run(size: int, edits: int, keep: int) -> None:
    """One office: a build, then `edits` progress edits each built; the caches after each."""
    with tempfile.TemporaryDirectory(prefix=f"jindu-caches-{size}-") as folder:
        root, env = make_office(Path(folder), size)
        env = dict(env, JINDU_CACHE_KEEP=str(keep))
        print(f"\n## {size:,} tasks, caches.keep {keep}\n")
        print("| build | pruned caches | all of .cache | removed by the build |")
        print("|---|---:|---:|---|")
        sizes = []
        for step in range(edits + 1):
            if step:
                edit_progress(root)
            done = subprocess.run(
                [sys.executable, "-m", "jindu", "site"], cwd=root, env=env, capture_output=True, text=True
            )
            if done.returncode != 0:
                raise SystemExit(f"jindu site failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
            stores = sum(megabytes(root / ".cache" / f"jindu-{name}") for name in PRUNED)
            sizes.append(stores)
            said = [line.split("caches: ", 1)[1] for line in done.stdout.splitlines() if "jindu site: caches: " in line]
            label = "first" if not step else f"edit {step}"
            print(
                f"| {label} | {stores:.1f} MB | {megabytes(root / '.cache'):.1f} MB | {said[0] if said else ''} |",
                flush=True,
            )
        half = sizes[len(sizes) // 2 :]
        growth = statistics.mean(b - a for a, b in itertools.pairwise(half)) if len(half) > 1 else 0.0
        print(f"\ngrowth per edit over the last {len(half) - 1} edits: {growth:+.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--keep", type=int, nargs="+", default=[0, 5])
    args = parser.parse_args()
    for keep in args.keep:
        run(args.size, args.edits, keep)


if __name__ == "__main__":
    main()
