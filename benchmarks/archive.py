"""What holding the archive to its git history costs `jindu check` and every build.

    .venv/bin/python benchmarks/archive.py [issued-folder] [rounds]

Prints the median time of `check_permanence` (git history of issued/) against a floor measured
in the same run: `read_archive` of the same folder (reading and hashing every record and PDF).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from jindu.bulletins.archive import check_permanence, read_archive
from jindu.diagnostics.diagnostic import Diagnostics


def median(job, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        job()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "issued")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    floor = median(lambda: read_archive(folder, Diagnostics()), rounds)
    history = median(lambda: check_permanence(folder, Diagnostics()), rounds)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    print(f"archive: {files} files in {folder}")
    print(f"read_archive (floor): {floor * 1000:.1f} ms median of {rounds}")
    print(f"check_permanence:     {history * 1000:.1f} ms median of {rounds} ({history / floor:.1f}x the floor)")


if __name__ == "__main__":
    main()
