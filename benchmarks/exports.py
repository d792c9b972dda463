"""Status and export benchmark: the status engine, the monthly status strips and the data files
(XLSX, CSV, JSON, ICS) for synthetic portfolios, cold (empty cache) and warm.

    .venv/bin/python benchmarks/exports.py [--sizes 1000 5000] [--repeat 3]

Prints CPU seconds (medians), sizes and the cold run's peak memory in this process (the
workbooks are encoded by `--workers` processes; with 1, here); asserts nothing (a shared
2-core machine is noisy, so no test is timed).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from jindu.exports.files import export_files  # noqa: E402
from jindu.plans.loading import load_portfolio  # noqa: E402
from jindu.site.strips import task_strips  # noqa: E402
from jindu.status.engine import compute_status  # noqa: E402
from jindu.status.verdicts import StatusRules  # noqa: E402
from jindu.words.addresses import SiteMap  # noqa: E402
from jindu.words.locale import Words  # noqa: E402
from jindu.words.names import Names  # noqa: E402
from memory import status_of  # noqa: E402
from synthetic import default_shape, write_portfolio  # noqa: E402

AS_OF = date(2023, 7, 15)


def cpu(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def bench(size: int, repeat: int, workers: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="jindu-exports-"))
    write_portfolio(folder, default_shape(size))
    portfolio = load_portfolio([folder])
    rules = StatusRules()
    status = statistics.median(cpu(lambda: compute_status(portfolio, AS_OF, rules)) for _ in range(repeat))
    report = compute_status(portfolio, AS_OF, rules)
    milestones = sum(len(ps.milestones()) for ps in report.plans.values())
    print(f"{size} tasks, {len(report.plans)} plans, {milestones} milestones, as of {AS_OF}")
    print(f"  compute_status                 {status:6.2f} s CPU")
    strips = Path(tempfile.mkdtemp(prefix="jindu-strips-"))
    cold = cpu(lambda: [task_strips(portfolio, p, AS_OF, rules, strips) for p in report.plans])
    warm = statistics.median(
        cpu(lambda: [task_strips(portfolio, p, AS_OF, rules, strips) for p in report.plans]) for _ in range(repeat)
    )
    print(f"  status strips   cold {cold:6.2f} s   warm {warm:6.2f} s CPU")
    names, sitemap, words = Names.build(portfolio), SiteMap(), Words("zh")
    cache = Path(tempfile.mkdtemp(prefix="jindu-export-cache-"))
    sizes: Counter = Counter()
    count: Counter = Counter()

    def put(path: str, data: bytes) -> None:  # as a build spools them: none held here
        sizes[path.rsplit(".", 1)[1]] += len(data)
        count[path] += 1

    def run() -> None:
        sizes.clear()
        export_files(report, names, sitemap, words, None, cache, put=put, workers=workers)

    gc.collect()
    before = memory("VmRSS")
    reset_peak()
    cold = cpu(run)
    peak, after = memory("VmHWM"), memory("VmRSS")
    warm = statistics.median(cpu(run) for _ in range(repeat))
    shown = ", ".join(f"{kind} {n / 1e6:.1f} MB" for kind, n in sorted(sizes.items()))
    print(f"  exports         cold {cold:6.2f} s   warm {warm:6.2f} s CPU; {len(count)} files: {shown}")
    print(
        f"  exports, cold, this process: {before} MiB before, peak {peak} MiB (+{peak - before}), "
        f"{after} MiB after ({workers} worker{'s' if workers != 1 else ''}: their CPU is not counted above)"
    )


def memory(field: str) -> int:
    """This process's VmRSS or VmHWM (its high-water mark) in MiB."""
    return status_of(os.getpid()).get(field, 0) // 1024


def reset_peak() -> None:
    """Start VmHWM again from the current resident size (Linux: clear_refs 5)."""
    Path("/proc/self/clear_refs").write_text("5")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="processes that encode the workbooks (1: this one)")
    args = parser.parse_args()
    for size in args.sizes:
        bench(size, args.repeat, args.workers)


if __name__ == "__main__":
    main()
