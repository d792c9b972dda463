"""Chart cache: draw every chart of a build once, in parallel, and skip unchanged ones.

Each chart's files are kept in a `store.Store` under the SHA-256 of what determines them: the renderer
version below, the matplotlib version, the font file, and the spec's canonical JSON (which
holds every word, date and link the chart shows). A chart is therefore re-drawn exactly
when something it shows changes; editing one task re-draws its plan's battle map and its
own charts, nothing else. The cache folder is safe to delete at any time; entries are
written to a temporary name and renamed, so an interrupted build never leaves half a file.

Charts are independent, so misses are drawn in a process pool (spawned, not forked: the
MkDocs dev server runs threads, and forking a threaded process can deadlock). Timelines
are cheap hand-made SVG (strip.py) and are drawn inline without the cache.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jindu.charts.fonts import ChartFont
from jindu.charts.specs import Bar, ChartSet, ChartSpec, SummarySpec, TimelineSpec, spec_json
from jindu.processes import pool_running, shared_pool
from jindu.store import Store

if TYPE_CHECKING:
    from jindu.recall import Recall

# Bump when the drawing code changes what a spec looks like, so old cache entries are ignored.
RENDERER_VERSION = "4"  # 4: PNGs with a palette (figures.paletted)

# Up to this many charts are drawn in the build's own process when no pool runs. A worker is a
# new Python that imports matplotlib and loads the font (about 0.8 s of CPU each, two or more
# per build) before its first chart (0.1-0.4 s): a progress edit's few charts cost less here.
DRAWN_HERE = 4


@dataclass
class ChartStats:
    total: int = 0
    strips: int = 0  # timelines: hand-made SVG, from the cache by content or made in this process
    drawn: int = 0
    cached: int = 0
    seconds: float = 0.0
    drawn_paths: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.total} charts: {self.strips} timelines, {self.drawn} drawn, {self.cached} from cache, "
            f"{self.seconds:.1f} s"
        )


def renderer_identity(font: ChartFont) -> str:
    """What every cache key shares: renderer and matplotlib versions and the font file."""
    import matplotlib

    font_file = Path(font.path)
    size = font_file.stat().st_size if font_file.exists() else 0
    return "\x00".join([RENDERER_VERSION, matplotlib.__version__, font.family, font.path, str(size)])


def cache_key(spec: ChartSpec, identity: str) -> str:
    return hashlib.sha256(f"{identity}\x00{spec_json(spec)}".encode()).hexdigest()


def map_in_processes(func, jobs: list, workers: int | None) -> list:
    """`func` over `jobs` in the process's shared pool of spawned workers (in this process
    for one job or one worker), results in job order. Charts and bulletins both print
    through here."""
    return start_in_processes(func, jobs, workers)()


def start_in_processes(func, jobs: list, workers: int | None, here_up_to: int = 1) -> Callable[[], list]:
    """`map_in_processes` started: the jobs are sent to the shared pool now, and the function
    returned waits for their results (in this process, it does the jobs when called). Up to
    `here_up_to` jobs are done in this process while no pool runs: starting the workers would
    cost more. Once the pool is running (a live preview keeps it) every job goes to it: its
    workers have matplotlib loaded, this process may not."""
    workers = workers or os.cpu_count() or 1
    if not jobs or workers <= 1 or (len(jobs) <= here_up_to and not pool_running(workers)):
        return lambda: [func(job) for job in jobs]
    pool = shared_pool(workers)
    results = pool.map(func, jobs, chunksize=max(1, len(jobs) // (workers * 4)))
    return lambda: list(results)


def warm_workers(font: ChartFont, workers: int | None = None) -> None:
    """Start the shared pool's workers and have each draw a small chart, so that the next
    charts drawn (a live preview's first edit) do not wait for workers to start, import
    matplotlib and load the font: about a second and a half at each editor's first save.
    Returns at once; the workers do it meanwhile."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1:
        return
    pool = shared_pool(workers)
    for _ in range(workers):  # each job still starting when the next is sent: one per worker
        pool.submit(_warm, font)


def _warm(font: ChartFont) -> None:
    from jindu.charts.figures import render

    bar = Bar(label="一", counts={"done": 1})
    render(SummarySpec("warm", "预热", [bar], ["done"], {"done": "已完成"}, "", horizontal=True, alt=""), font)


def _draw(job: tuple[ChartSpec, ChartFont]) -> dict[str, bytes]:
    from jindu.charts.figures import render

    spec, font = job
    return render(spec, font)


def _suffixes(spec: ChartSpec) -> list[str]:
    return ["svg", "png"] if spec.png else ["svg"]


def render_charts(
    charts: ChartSet, font: ChartFont, cache: Store, workers: int | None = None, recall: Recall | None = None
) -> tuple[dict[str, bytes], ChartStats]:
    """Every chart file by output path (`<path>.svg`, `<path>.png`), and what it cost. With a
    live preview's `recall`, a task's timeline whose spec did not change is not drawn again."""
    return start_charts(charts, font, cache, workers, recall)()


def start_charts(
    charts: ChartSet, font: ChartFont, cache: Store, workers: int | None = None, recall: Recall | None = None
) -> Callable[[], tuple[dict[str, bytes], ChartStats]]:
    """`render_charts` started: the charts the cache lacks are sent to the workers now, and the
    function returned waits for them, so that a build renders its pages while they are drawn."""
    from jindu.charts.strip import timeline_svg

    began = time.perf_counter()
    stats = ChartStats(total=len(charts.specs))
    files: dict[str, bytes] = {}
    misses: list[tuple[str, str, ChartSpec]] = []
    identity = renderer_identity(font)  # once per build, not per chart
    for path, spec in charts.specs.items():
        if isinstance(spec, TimelineSpec):
            # From the chart cache by the spec's content (its JSON is a tenth of drawing it); under
            # a live preview first by the spec's identity: a plan the recall kept gives the same
            # spec objects, and an edited plan's unchanged tasks give specs of the same content.
            def timeline(spec: TimelineSpec = spec) -> bytes:
                return cache.get_or_make(cache_key(spec, identity), "svg", lambda: timeline_svg(spec))[0]

            if recall is None:
                files[f"{path}.svg"] = timeline()
            else:
                files[f"{path}.svg"] = recall.once("timelines", id(spec), lambda: (spec, timeline()))[1]  # noqa: B023
            stats.strips += 1
            continue
        key = cache_key(spec, identity)
        hit = cache.get(key, _suffixes(spec))
        if hit is not None:
            stats.cached += 1
            for suffix, data in hit.items():
                files[f"{path}.{suffix}"] = data
        else:
            misses.append((path, key, spec))
    drawing = start_in_processes(_draw, [(spec, font) for _, _, spec in misses], workers, DRAWN_HERE)
    stats.seconds = time.perf_counter() - began

    def finish() -> tuple[dict[str, bytes], ChartStats]:
        waited = time.perf_counter()
        for (path, key, _), drawn in zip(misses, drawing(), strict=True):
            cache.put(key, drawn)
            stats.drawn += 1
            stats.drawn_paths.append(path)
            for suffix, data in drawn.items():
                files[f"{path}.{suffix}"] = data
        stats.seconds += time.perf_counter() - waited  # the time the build spent on charts
        ordered = dict(sorted(files.items()))
        files.clear()  # the caller holds them now: this function lives on in the caller's frame
        return ordered, stats

    return finish
