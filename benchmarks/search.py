"""Search benchmark: jindu's Pagefind index at N tasks, and the first results in Chromium.

    .venv/bin/python benchmarks/search.py                    # N = 1,000 and 10,000
    .venv/bin/python benchmarks/search.py --sizes 10000 --floor   # and bare Material's search

For each size it loads the synthetic portfolio (tests/synthetic.py), makes one search record per
task, department and person the way the site does (title, context, text; each task's text also
carries a sentence of the seed plans, cycling, so the vocabulary is a real one and not the
generator's fifteen phrases) and writes the index with `site.bundles.write_index` twice: as one
Pagefind bundle (as before 0.4.0) and in parts of `PART_RECORDS` records. For each it prints how
long writing took and Pagefind's peak memory (benchmarks/memory.py), the same after one task's text
changed (what a progress report changes; its part alone is indexed again), and the index's bytes
per page. Then it opens a page with jindu's search box in headless Chromium (Debian's chromium,
network off, served on localhost), types five queries one after another into a fresh page each and
prints the median time from the keystroke to the first results on screen (including the box's 120 ms pause for typing), the first query's time
(which loads Pagefind and merges the parts), the page's JS heap and the renderer processes'
private memory (beyond shared libraries).

`--floor` builds the same number of plain Chinese pages with bare mkdocs-material and its lunr
search (scale.py's floor) and measures the same queries in its search box, in the same run.

Printed figures only; no test asserts a time (this machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "generator"))

from chromium import CHROMEDRIVER, CHROMIUM, serve  # noqa: E402
from jindu.plans.loading import load_portfolio  # noqa: E402
from jindu.site.bundles import PART_RECORDS, write_index  # noqa: E402
from jindu.site.search import RecordCache, SearchRecord, cache_salt  # noqa: E402
from jindu.site.vocabulary import Segmenter, vocabulary_of  # noqa: E402
from memory import MemoryWatch  # noqa: E402
from synthetic import default_shape, write_portfolio  # noqa: E402

QUERIES = ["医联体", "签约服务", "家庭医生", "疫苗接种", "疾病预防控制科"]
SHELL = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>search</title></head><body>
<input type="checkbox" id="__search">
<form><input type="search" id="jd-search-input" data-count="找到 {n} 个符合条件的结果" data-none="没有找到符合条件的结果" data-type="type"
 data-loading="loading" data-failed="failed" data-more="more"></form>
<div id="jd-search-results"><div class="md-search-result__meta"></div><ol class="md-search-result__list"></ol></div>
<script src="assets/jindu-search.js"></script></body></html>"""


def seed_sentences() -> list[str]:
    """The sentences of the seed plans' descriptions and milestones, for realistic text."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "plans").rglob("*.yaml")))
    runs = re.findall(r"[\u4e00-\u9fff，、；：（）0-9%]{12,}", text)
    return sorted(set(runs))


def records_of(folder: Path, size: int) -> tuple[list[SearchRecord], Segmenter]:
    write_portfolio(folder, default_shape(size))
    portfolio = load_portfolio([folder / "plans"])
    assert portfolio.ok, portfolio.diagnostics
    sentences = seed_sentences()
    records: list[SearchRecord] = []
    n = 0
    for plan_id, doc in portfolio.plans.items():
        plan = doc.model
        for entry in portfolio.index(plan_id).entries:
            task = entry.task
            steps = " ".join(f"{m.period} {m.target or ''}" for m in task.milestones)
            text = f"{task.description or ''} {steps} {sentences[n % len(sentences)]}"
            records.append(SearchRecord(f"plans/{plan_id}/{task.id}/", task.title, plan.title, text, "whole"))
            n += 1
    for doc in portfolio.directories.values():
        org = doc.model.organization.name
        records += [SearchRecord(f"units/{u.id}/", u.name, f"部门 › {org}", "", "summary") for u in doc.model.units]
        records += [SearchRecord(f"people/{p.id}/", p.name, f"人员 › {org}", "", "summary") for p in doc.model.people]
    return records, Segmenter(vocabulary_of(portfolio))


def private_kib(pid: str) -> int:
    """A process's private memory (KiB): what it uses beyond the libraries it shares."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return sum(
        int(line.split()[1]) for line in text.splitlines() if line.startswith(("Private_Clean", "Private_Dirty"))
    )


def renderer_memory(driver) -> float:
    """Private MiB of the Chromium renderer processes under this driver (one page open)."""
    rows = [
        line.split(None, 3)
        for line in subprocess.run(
            ["ps", "-eo", "pid=,ppid=,rss=,args="], capture_output=True, text=True
        ).stdout.splitlines()
    ]
    children: dict[str, list[list[str]]] = {}
    for row in rows:
        children.setdefault(row[1], []).append(row)
    total, todo = 0, [str(driver.service.process.pid)]
    while todo:
        for row in children.get(todo.pop(), []):
            todo.append(row[0])
            if len(row) > 3 and "--type=renderer" in row[3]:
                total += private_kib(row[0])
    return total / 1024


def browse(site: Path, queries: list[str], box: str, results: str) -> tuple[list[float], float, float]:
    """Seconds to first results per query (a fresh page each), JS heap MiB and renderer MiB
    after the last query."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"):
        options.add_argument(flag)
    server = serve(site)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    times = []
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for query in queries:
            driver.get(base)
            began = time.perf_counter()
            driver.execute_script(
                "const box = document.querySelector(arguments[0]); box.focus(); box.value = arguments[1];"
                "box.dispatchEvent(new Event('input', {bubbles: true}));",
                box,
                query,
            )
            # Done when results show, or the box says it found none (Material's words and jindu's).
            done = (
                f"return document.querySelectorAll({results!r}).length > 0 || "
                "/结果/.test(document.querySelector('.md-search-result__meta').textContent)"
            )
            while not driver.execute_script(done):
                if time.perf_counter() - began > 120:
                    raise SystemExit(f"no results for {query} after 120 s")
                time.sleep(0.02)
            times.append(time.perf_counter() - began)
        driver.execute_cdp_cmd("Performance.enable", {})
        metrics = {m["name"]: m["value"] for m in driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]}
        heap = metrics.get("JSHeapUsedSize", 0) / 2**20
        return times, heap, renderer_memory(driver)
    finally:
        driver.quit()
        server.shutdown()


def floor_site(folder: Path, pages: int) -> Path:
    from scale import floor_project

    floor_project(folder, pages)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(folder / "site")], cwd=folder, check=True)
    return folder / "site"


def write_measured(site: Path, records: list[SearchRecord], segmenter: Segmenter, cache: Path, per_part: int):
    """Write the index (a record cache at `cache`), then again with one task's text changed:
    (parts, seconds, Pagefind's peak MiB, seconds for the edit, its Pagefind peak MiB)."""
    salt = cache_salt(segmenter.vocabulary)
    began = time.perf_counter()
    with MemoryWatch(os.getpid()) as watch:
        write_index(site, records, segmenter, "zh", RecordCache(cache, salt), per_part)
    written = time.perf_counter() - began
    parts = 1 + len(json.loads((site / "pagefind" / "jindu-parts.json").read_text()))
    middle = len(records) // 2  # a task in the middle of the portfolio reports progress
    edited = list(records)
    edited[middle] = replace(edited[middle], text=edited[middle].text + " 已完成")
    began = time.perf_counter()
    with MemoryWatch(os.getpid()) as edit_watch:
        write_index(site, edited, segmenter, "zh", RecordCache(cache, salt), per_part)
    edit = time.perf_counter() - began
    write_index(site, records, segmenter, "zh", RecordCache(cache, salt), per_part)  # as first written

    def pagefind(w: MemoryWatch) -> float:
        return w.peaks().get("Pagefind", (0.0, 0))[0]

    return parts, written, pagefind(watch), edit, pagefind(edit_watch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--floor", action="store_true", help="also bare mkdocs-material's lunr search")
    args = parser.parse_args()
    if not (CHROMIUM and CHROMEDRIVER):
        raise SystemExit("needs Debian's chromium and chromium-driver (make setup installs them)")
    print(
        "| tasks | records | index | write | Pagefind peak | one task edited: write, Pagefind peak "
        "| index bytes/page | first query | median query | JS heap | renderer |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as temp:
            folder = Path(temp)
            records, segmenter = records_of(folder / "portfolio", size)
            # The index as one bundle (as before 0.4.0), then in parts of PART_RECORDS records.
            for label, per_part in (("one bundle", len(records) + 1), ("in parts", PART_RECORDS)):
                site = folder / label.replace(" ", "-")
                (site / "assets").mkdir(parents=True)
                (site / "assets" / "jindu-search.js").write_bytes(
                    (ROOT / "site_templates/assets/jindu-search.js").read_bytes()
                )
                (site / "index.html").write_text(SHELL, encoding="utf-8")
                cache = folder / f"cache-{per_part}" / "records-zh.json"
                parts, written, peak, edit, edit_peak = write_measured(site, records, segmenter, cache, per_part)
                size_bytes = sum(p.stat().st_size for p in (site / "pagefind").rglob("*.pf_*"))
                times, heap, rss = browse(site, QUERIES, "#jd-search-input", ".md-search-result__item")
                print(
                    f"| {size:,} | {len(records):,} | {label}: {parts} | {written:.1f} s | {peak:,.0f} MiB "
                    f"| {edit:.1f} s, {edit_peak:,.0f} MiB | {size_bytes / len(records) / 1000:.2f} KB "
                    f"| {times[0]:.2f} s | {statistics.median(times):.2f} s | {heap:.0f} MiB | {rss:.0f} MiB |",
                    flush=True,
                )
            if args.floor:
                floor = floor_site(folder / "floor", len(records))
                index = floor / "search" / "search_index.json"
                times, heap, rss = browse(floor, QUERIES, "input.md-search__input", ".md-search-result__item")
                print(
                    f"| floor: bare Material, {len(records):,} plain pages | {len(records):,} | – | – | – | – "
                    f"| {index.stat().st_size / len(records) / 1000:.2f} KB | {times[0]:.2f} s "
                    f"| {statistics.median(times):.2f} s | {heap:.0f} MiB | {rss:.0f} MiB |"
                )


if __name__ == "__main__":
    main()
