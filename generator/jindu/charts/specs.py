"""Chart specs: what each chart shows, as plain data, decided before anything is drawn.

`planner.plan_charts(...)` turns the status report into one spec per chart: the battle map of each
plan (one per section for a large plan), its status-by-section summary, the timeline strip
of every task, the trajectory of every indicator and the monthly workload of every unit
that leads a dated task. A spec holds every word, date, link and tooltip the drawing
needs, already in the UI language, so that

- the drawing code (figures.py, strip.py) knows nothing of plans or status rules;
- the data table under a chart is rendered from the same spec, so the two cannot disagree;
- a spec serialises to JSON, and the hash of that JSON is the chart's cache key: a chart
  is re-drawn exactly when something it shows has changed (chartcache.py).

Dates are ISO strings so the JSON is plain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

# Above this many rows (tasks, sub-targets and section headings) a plan gets one battle map
# per section: a wall chart taller than a printed page stops being readable.
MAX_BATTLE_MAP_ROWS = 45
# Lines (rows and section headings) of a bulletin's battle map that fit one landscape A4 page
# at a readable size (the figure is 11 in wide, printed 257 mm wide: 92 %).
PRINT_PAGE_LINES = 18


@dataclass
class Mark:
    """A milestone on a battle map row or a timeline."""

    due: str
    kind: str  # month, quarter, half, year, other (chartstyle.KIND_MARKERS)
    state: str
    name: str  # 第二季度 / Q2
    tip: str  # tooltip: name, state, due date and reason
    href: str  # the milestone's row on its task page


@dataclass
class Row:
    """One task or sub-target on a battle map."""

    key: str
    number: str
    title: str
    depth: int  # 0 task, 1 sub-target
    state: str
    state_text: str
    start: str | None  # span: first day of the earliest dated milestone period
    end: str | None  # span: the latest due date
    marks: list[Mark]
    unscheduled: int  # milestones without a date: listed, never placed on the axis
    href: str
    tip: str
    summary: bool = False  # the span is that of its sub-targets; the task has no dates of its own


@dataclass
class Group:
    key: str
    label: str
    rows: list[Row]


@dataclass
class BattleMapSpec:
    chart_id: str
    title: str
    start: str
    end: str
    as_of: str
    groups: list[Group]
    words: dict[str, str]
    alt: str
    kind: str = "battle_map"
    png: bool = True

    @property
    def rows(self) -> list[Row]:
        return [r for g in self.groups for r in g.rows]


@dataclass
class TimelineSpec:
    """The strip on a task page (drawn by strip.py, not matplotlib: one per task is cheap)."""

    chart_id: str
    start: str
    end: str
    as_of: str
    row: Row
    months: list[str]
    words: dict[str, str]
    alt: str
    kind: str = "timeline"
    png: bool = False


@dataclass
class TargetStep:
    start: str
    end: str
    value: float
    label: str


@dataclass
class Point:
    day: str
    value: float
    label: str = ""


@dataclass
class TrajectorySpec:
    chart_id: str
    title: str
    unit: str
    start: str
    end: str
    as_of: str
    steps: list[TargetStep]
    pace: list[Point]
    actuals: list[Point]
    words: dict[str, str]
    alt: str
    kind: str = "trajectory"
    png: bool = False


@dataclass
class Bar:
    """One bar of a stacked bar chart: counts per state."""

    label: str
    counts: dict[str, int]
    href: str = ""  # where the bar links to (plan summaries)
    key: str = ""  # what the data table links to (workloads: the month)


@dataclass
class SummarySpec:
    """Stacked bars by state: sections of a plan (horizontal) or months of a unit (vertical)."""

    chart_id: str
    title: str
    bars: list[Bar]
    states: list[str]  # the states shown, in display order
    state_names: dict[str, str]
    axis_label: str
    horizontal: bool
    alt: str
    kind: str = "summary"
    png: bool = False

    @property
    def total(self) -> int:
        return sum(sum(b.counts.values()) for b in self.bars)


ChartSpec = BattleMapSpec | TimelineSpec | TrajectorySpec | SummarySpec


def spec_json(spec: ChartSpec) -> str:
    """The canonical JSON of a spec: sorted keys, no whitespace; the cache key hashes it.

    Each nested dataclass is written by its `vars` (a spec's dataclasses hold their fields and
    nothing else): the same JSON as `dataclasses.asdict`, without its deep copy, a quarter of
    the time for every chart of every build."""
    return json.dumps(spec, default=vars, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass
class ChartSet:
    """Every chart of one build, by output path (without suffix), with lookups for pages."""

    specs: dict[str, ChartSpec] = field(default_factory=dict)
    battle_maps: dict[str, list[str]] = field(default_factory=dict)  # plan id → paths
    summaries: dict[str, str] = field(default_factory=dict)  # plan id → path
    timelines: dict[tuple[str, str], str] = field(default_factory=dict)  # (plan, task) → path
    trajectories: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (plan, task) → paths
    workloads: dict[tuple[str, str], str] = field(default_factory=dict)  # (org, unit) → path

    def merge(self, other: ChartSet) -> None:
        """Add another set's charts (a plan's, kept by a live preview) after this set's."""
        for path, spec in other.specs.items():
            self.add(path, spec)
        self.battle_maps.update(other.battle_maps)
        self.summaries.update(other.summaries)
        self.timelines.update(other.timelines)
        self.trajectories.update(other.trajectories)
        self.workloads.update(other.workloads)

    def add(self, path: str, spec: ChartSpec) -> str:
        if path in self.specs:
            raise ValueError(f"two charts for {path!r}")
        self.specs[path] = spec
        return path
