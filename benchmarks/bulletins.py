"""Bulletin benchmark: pages, size and print time per bulletin, and what CJK subsetting costs.

    .venv/bin/python benchmarks/bulletins.py [--as-of 2023-07-15] [--workers N] [--no-fallback]

Prints figures; asserts nothing (timings on a shared 2-core machine vary, so no test is
timed). Part 1 prints one bulletin of each period kind of each dated seed plan, one at a
time, and reports pages, bytes and seconds each. Part 2 prints the drafts the site prints
as of the date (issued/ holds the rest, never reprinted), cold (empty cache, in parallel)
and warm, and counts the issued files the site publishes. Part 3 prints the
second-quarter Qingpu bulletin again with WeasyPrint's fontTools fallback forced, which is
what a machine without libharfbuzz-subset0 pays.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generator"))

from jindu.bulletins.archive import read_archive  # noqa: E402
from jindu.bulletins.listing import issued_periods  # noqa: E402
from jindu.bulletins.press import Press, bulletin_settings, draft_issues  # noqa: E402
from jindu.bulletins.printing import subsetter  # noqa: E402
from jindu.bulletins.series import find_issue  # noqa: E402
from jindu.charts.fonts import find_chart_font  # noqa: E402
from jindu.diagnostics.diagnostic import Diagnostics  # noqa: E402
from jindu.plans.loading import load_portfolio  # noqa: E402
from jindu.settings import Settings  # noqa: E402
from jindu.status.engine import compute_status  # noqa: E402

SAMPLES = {
    "2023-qingpu": ["2023-Q2", "2023"],
    "2023-minhang": ["2023-Q2"],
    "2020-xinbei": ["2020-Q2", "2020"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--as-of", default="2023-07-15")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--no-fallback", action="store_true", help="skip the slow fontTools run")
    args = parser.parse_args()
    as_of = date.fromisoformat(args.as_of)
    portfolio = load_portfolio([ROOT / "plans"])
    font = find_chart_font()
    with tempfile.TemporaryDirectory() as charts:
        base = Settings(
            plans=(ROOT / "plans",),
            as_of=as_of,
            chart_cache=Path(charts),
            chart_workers=args.workers,
            base_url="https://example.gov.cn/jindu/",
        )
        print(f"subsetter: {subsetter()}")
        print(f"{'bulletin':<28} {'pages':>5} {'KB':>6} {'s':>6}")
        for plan_id, periods in SAMPLES.items():
            for text in periods:
                issue = find_issue(
                    portfolio.index(plan_id), bulletin_settings(portfolio, plan_id), text, None, date(2100, 1, 1)
                )
                Press(portfolio, base, font).compose([issue])  # draw its charts first: time the printing only
                began = time.perf_counter()
                printed, _ = Press(portfolio, base, font).run([issue])
                seconds = time.perf_counter() - began
                print(
                    f"{plan_id + ' ' + text:<28} {printed[0].pages:>5} {len(printed[0].pdf) / 1024:>6.0f} {seconds:>6.2f}"
                )
        archive = [f for f in read_archive(ROOT / "issued", Diagnostics()) if f.record.as_of_date <= as_of]
        print(
            f"issued, published as committed: {len(archive)} files, "
            f"{sum(f.record.bytes for f in archive) / 1e6:.1f} MB, never printed by a build"
        )
        issues = draft_issues(portfolio, compute_status(portfolio, as_of), issued_periods(archive), "zh")
        with tempfile.TemporaryDirectory() as cache:
            settings = replace(base, bulletin_cache=Path(cache))
            for label in ("cold", "warm"):
                began = time.perf_counter()
                _, stats = Press(portfolio, settings, font).run(issues)
                print(f"site drafts, {label}: {stats.summary()} (wall {time.perf_counter() - began:.1f} s)")
        if not args.no_fallback:
            import weasyprint.pdf.fonts as pdf_fonts

            issue = find_issue(
                portfolio.index("2023-qingpu"),
                bulletin_settings(portfolio, "2023-qingpu"),
                "2023-Q2",
                None,
                date(2100, 1, 1),
            )
            for name in ("harfbuzz", "fonttools"):
                if name == "fonttools":
                    pdf_fonts.harfbuzz_subset = None  # what WeasyPrint does when the library is missing
                began = time.perf_counter()
                printed, _ = Press(portfolio, replace(base, chart_workers=1), font).run([issue])
                print(
                    f"2023-qingpu 2023-Q2 with {name}: {time.perf_counter() - began:.2f} s, "
                    f"{len(printed[0].pdf) / 1024:.0f} KB"
                )


if __name__ == "__main__":
    main()
