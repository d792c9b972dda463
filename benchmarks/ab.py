"""A/B benchmark: two jindus building the same office, interleaved, so that a busy machine slows both alike.

    .venv/bin/python benchmarks/ab.py --before /tmp/before/.venv/bin/python --rounds 5
    .venv/bin/python benchmarks/ab.py --before OLD_PYTHON --after NEW_PYTHON --size 1000 --edits 3

`--before` and `--after` are the Python interpreters of two environments with jindu installed (a
worktree of the older commit with its own virtual environment, say; `--after` defaults to this
one). Each gets its own copy of one office (benchmarks/scale.py's `make_office`: `jindu new` and
the synthetic portfolio) with the caches of one cold build, and builds it twice to settle. Then, per round: a warm `jindu site` with each, and the
floor (bare MkDocs building the same number of plain pages, twice). With `--edits N`, N rounds of
one progress edit built by each, each round another milestone (never a state built before). Printed: the
median CPU seconds (the builds' processes) of each, and their ratios to the floor and to the warm
build. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import edit_progress, floor_cpu, make_office, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="the older jindu's Python")
    parser.add_argument("--after", default=sys.executable, help="the newer jindu's Python (default: this one)")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jindu-ab-") as folder:
        base = Path(folder)
        root, env = make_office(base, args.size)
        timed([args.after, "-m", "jindu", "site", "--engine", "mkdocs", "--out", str(base / "site")], root, env)
        offices = {}
        for label, python in (("before", args.before), ("after", args.after)):
            office = base / label
            shutil.copytree(root, office, symlinks=True)  # with the cold build's caches
            offices[label] = (python, office, [python, "-m", "jindu", "site", "--engine", "mkdocs", "--out"])
            for _ in range(2):  # what this jindu keys differently is made again, then settles
                timed([*offices[label][2], str(base / f"site-{label}")], office, env)
        pages = sum(
            1 for p in (base / "site-after").rglob("*.html") if p.relative_to(base / "site-after").parts[0] != "en"
        )
        cpu: dict[str, list[float]] = {"before": [], "after": [], "floor": []}
        for _ in range(args.rounds):
            for label, (_, office, command) in offices.items():
                cpu[label].append(timed([*command, str(base / f"site-{label}")], office, env)[1])
            cpu["floor"].append(floor_cpu("mkdocs", pages, base, env)[1])
        edits: dict[str, list[float]] = {"edit before": [], "edit after": []}
        for _ in range(args.edits):
            for label, (_, office, command) in offices.items():
                edit_progress(office)
                # Not undone: an undone edit made again is a state the caches know (its pages,
                # its draft), so each round edits another milestone, as scale.py --serve does.
                edits[f"edit {label}"].append(timed([*command, str(base / f"site-{label}")], office, env)[1])
        floor = statistics.median(cpu["floor"])
        print(f"\n## {args.size:,} tasks, both editions, mkdocs: {args.rounds} rounds, {args.edits} edits\n")
        print("| CPU, median | before | after | floor |")
        print("|---|---:|---:|---:|")
        warm = {k: statistics.median(v) for k, v in cpu.items()}
        print(f"| warm | {warm['before']:.1f} s | {warm['after']:.1f} s | {floor:.1f} s |")
        print(f"| warm ÷ floor | {warm['before'] / floor:.2f}× | {warm['after'] / floor:.2f}× | |")
        if args.edits:
            edit = {k.split()[1]: statistics.median(v) for k, v in edits.items()}
            print(f"| one progress edit | {edit['before']:.1f} s | {edit['after']:.1f} s | |")
            print(f"| edit ÷ warm | {edit['before'] / warm['before']:.2f}× | {edit['after'] / warm['after']:.2f}× | |")
        print(f"\nruns (CPU s): { ({k: [round(x, 1) for x in v] for k, v in {**cpu, **edits}.items()}) }")


if __name__ == "__main__":
    main()
