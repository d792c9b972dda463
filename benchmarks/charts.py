"""Chart benchmark: how long the seed plans' charts take, cold and warm, and per kind.

    .venv/bin/python benchmarks/charts.py [--as-of 2023-07-15] [--workers N]

Prints figures; asserts nothing (timings on a shared 2-core machine vary, so no test is
timed). Cold = an empty cache folder; warm = the same folder again.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))

from jindu.charts.cache import ChartCache, render_charts  # noqa: E402
from jindu.charts.figures import render  # noqa: E402
from jindu.charts.fonts import find_chart_font  # noqa: E402
from jindu.charts.planner import plan_charts  # noqa: E402
from jindu.charts.strip import timeline_svg  # noqa: E402
from jindu.plans.loading import load_portfolio  # noqa: E402
from jindu.status.engine import compute_status  # noqa: E402
from jindu.words.addresses import SiteMap  # noqa: E402
from jindu.words.names import Names  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--as-of", default="2023-07-15")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    portfolio = load_portfolio([ROOT / "plans"])
    report = compute_status(portfolio, date.fromisoformat(args.as_of))
    font = find_chart_font()
    charts = plan_charts(report, Names.build(portfolio), SiteMap(), "zh")
    kinds: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, list[int]] = defaultdict(list)
    for spec in charts.specs.values():
        began = time.perf_counter()
        files = {"svg": timeline_svg(spec)} if spec.kind == "timeline" else render(spec, font)
        kinds[spec.kind].append(time.perf_counter() - began)
        sizes[spec.kind].append(sum(len(b) for b in files.values()))
    print(f"charts per edition: {len(charts.specs)}")
    for kind, times in kinds.items():
        print(
            f"  {kind:11} n={len(times):4}  median {statistics.median(times) * 1000:7.1f} ms  "
            f"max {max(times) * 1000:7.1f} ms  total {sum(times):6.2f} s  median size {statistics.median(sizes[kind]) / 1024:6.1f} KiB"
        )
    with tempfile.TemporaryDirectory() as folder:
        cache = ChartCache(Path(folder))
        _, cold = render_charts(charts, font, cache, args.workers)
        _, warm = render_charts(charts, font, cache, args.workers)
    print(f"cold cache, pool: {cold.summary()}")
    print(f"warm cache:       {warm.summary()}")


if __name__ == "__main__":
    main()
