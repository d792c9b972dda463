"""Planner: the status report → one chart spec per chart, in a stable order.

`plan_charts(...)` gives the battle map of each plan (one per section for a large plan),
its status-by-section summary, the timeline strip of every task, the trajectory of every
indicator and the monthly workload of every unit that leads a dated task, with every word
already in the UI language.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from jindu.charts.pagination import balance
from jindu.charts.specs import (
    MAX_BATTLE_MAP_ROWS,
    PRINT_PAGE_LINES,
    Bar,
    BattleMapSpec,
    ChartSet,
    Group,
    Mark,
    Point,
    Row,
    SummarySpec,
    TargetStep,
    TimelineSpec,
    TrajectorySpec,
)
from jindu.charts.style import milestone_kind
from jindu.plans.index import PlanIndex
from jindu.plans.periods import PeriodKind, month_starts, parse_period
from jindu.status.indicators import pace_target
from jindu.status.verdicts import (
    OUTCOME_STATES,
    IndicatorStatus,
    MilestoneStatus,
    PlanStatus,
    State,
    StatusReport,
    TaskStatus,
    outcome_of,
)
from jindu.words.addresses import SiteMap
from jindu.words.locale import Words
from jindu.words.names import Names, task_heading

if TYPE_CHECKING:
    from jindu.recall import Recall

STEP_TIP = 40  # characters of a step quoted in its milestone's tooltip


# Above this many rows (tasks, sub-targets and section headings) a plan gets one battle map
# per section: a wall chart taller than a printed page stops being readable.
def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def summarise(row: Row, children: list[Row]) -> Row:
    """A task with no dates of its own spans its sub-targets (a Gantt summary bar)."""
    if row.start or not children:
        return row
    starts = [c.start for c in children if c.start]
    ends = [c.end for c in children if c.end]
    if starts and ends:
        row.start, row.end, row.summary = min(starts), max(ends), True
    return row


class ChartPlanner:
    """Builds the `ChartSet` of one build from the status report."""

    def __init__(self, report: StatusReport, names: Names, sitemap: SiteMap, lang: str):
        self.report = report
        self.names = names
        self.sitemap = sitemap
        self.lang = lang
        self.words = Words(lang)
        self.as_of = report.as_of

    def t(self, key: str, **values) -> str:
        return self.words(key, **values)

    def plan(self, recall: Recall | None = None) -> ChartSet:
        """The specs of every plan, then of every unit's workload. With a live preview's
        `recall`, a plan whose statuses are the last build's keeps its specs (the same objects,
        so its timelines are not drawn and its pages' keys not digested again)."""
        charts = ChartSet()
        for ps in self.report.plans.values():
            if recall is None:
                self._plan_charts(charts, ps)
                continue
            key = (id(ps), self.lang, self.sitemap.directory_urls, self.as_of)
            charts.merge(recall.once("plan charts", key, lambda: (ps, self._charts_of(ps)))[1])  # noqa: B023
        self._workloads(charts)
        return charts

    def _charts_of(self, ps: PlanStatus) -> ChartSet:
        charts = ChartSet()
        self._plan_charts(charts, ps)
        return charts

    # ------------------------------------------------------------------ battle maps

    def _mark(self, ms: MilestoneStatus, here: str | None, task_page: str) -> Mark:
        name = ms.milestone.label or self.words.short_period(ms.period, self.report.plans[ms.plan_id].plan.year)
        state = self.words.state(ms.state)
        due = self.words.day(ms.due) if ms.due else ""
        tip = f"{name} · {state} · {due}\n{ms.verdict.reason.text(self.words)}"
        for step in ms.milestone.steps:  # the months of a quarter (附件2's monthly breakdown)
            tip += "\n· " + self.words.step(step.period, step.text[:STEP_TIP] + "…"[: len(step.text) > STEP_TIP])
        assert ms.due is not None, "only dated milestones are marked"
        return Mark(
            ms.due.isoformat(),
            milestone_kind(ms.period.kind.value),
            ms.state.value,
            name,
            tip,
            self.sitemap.link(here, task_page, f"m-{ms.milestone_id}") if here else "",
        )

    def _row(self, ps: PlanStatus, status: TaskStatus, here: str | None) -> Row:
        """A battle map row; `here` is the page the chart links from (None: a chart without links)."""
        plan_id = ps.plan.id
        page = self.sitemap.task(plan_id, status.task_id)
        dated = [m for m in status.milestones if m.due]
        dues = [m.due for m in status.milestones if m.due]
        starts = [min(m.period.start or m.due, m.due) for m in status.milestones if m.due]
        task = status.entry.task
        state = self.words.state(status.state)
        return Row(
            key=status.task_id,
            number=str(task.number) if task.number not in (None, "") else "",
            title=task.title,
            depth=1 if status.entry.is_subtarget else 0,
            state=status.state.value,
            state_text=state,
            start=_iso(min(starts)) if starts else None,
            end=_iso(max(dues)) if dues else None,
            marks=[self._mark(m, here, page) for m in sorted(dated, key=lambda m: (m.due, m.milestone_id))],
            unscheduled=len(status.milestones) - len(dated),
            href=self.sitemap.link(here, page) if here else "",
            tip=f"{task_heading(status.entry)}\n{self.words.labelled(state, status.verdict.reason.text(self.words))}",
        )

    def _battle_words(self) -> dict[str, str]:
        keys = ["legend_states", "legend_kinds", "legend_fills", "chart_no_schedule", "chart_unscheduled"]
        words = {k: self.t(k) for k in keys}
        words["as_of"] = self.t("chart_as_of", date=self.words.day(self.as_of))
        for kind in ("month", "quarter", "half", "year", "other"):
            words[f"kind_{kind}"] = self.t(f"kind_{kind}")
        for fill in ("full", "cross", "dot", "half", "hollow"):
            words[f"fill_{fill}"] = self.t(f"fill_{fill}")
        for state in State:
            words[f"state_{state.value}"] = self.words.state(state)
        return words

    def _month_words(self, index: PlanIndex) -> dict[str, str]:
        starts = month_starts(index.start, index.end)
        crosses = starts[0].year != starts[-1].year
        return {
            f"month_{d.isoformat()}": self.words.month(d, crosses and (d.month == 1 or d == starts[0])) for d in starts
        }

    def _plan_charts(self, charts: ChartSet, ps: PlanStatus) -> None:
        plan = ps.plan
        here = self.sitemap.plan(plan.id)
        base = here.rsplit("/", 1)[0]
        groups = []
        for section in plan.sections:
            rows = []
            for task in section.tasks:
                # A task with no dated milestone has nothing to draw: it is listed in the task
                # table instead, so a prose plan does not get pages of empty chart rows.
                top = ps.tasks[task.id]
                if top.state is State.NO_SCHEDULE:
                    continue
                dated = [child for child in top.children if child.state is not State.NO_SCHEDULE]
                children = [self._row(ps, child, here) for child in dated]
                rows.append(summarise(self._row(ps, top, here), children))
                rows.extend(children)
            if rows:
                heading = f"{section.number}、{section.title}" if section.number else section.title
                groups.append(Group(section.id, heading, rows))
        words = {**self._battle_words(), **self._month_words(ps.index)}
        title = self.t("battle_map_of", title=plan.title)
        total_rows = sum(len(g.rows) + 1 for g in groups)
        parts = [groups] if total_rows <= MAX_BATTLE_MAP_ROWS else [[g] for g in groups]
        if not groups:
            parts = []
        paths = []
        for part in parts:
            suffix = "" if len(parts) == 1 else f"-{part[0].key}"
            chart_id = f"bm-{plan.id}{suffix}"
            rows = [r for g in part for r in g.rows]
            part_title = title if len(parts) == 1 else f"{title} · {part[0].label}"
            alt = self.t(
                "battle_map_alt",
                title=part_title,
                rows=len(rows),
                marks=sum(len(r.marks) for r in rows),
                as_of=self.words.day(self.as_of),
            )
            spec = BattleMapSpec(
                chart_id,
                part_title,
                ps.index.start.isoformat(),
                ps.index.end.isoformat(),
                self.as_of.isoformat(),
                part,
                words,
                alt,
            )
            paths.append(charts.add(f"{base}/battle-map{suffix}", spec))
        charts.battle_maps[plan.id] = paths
        charts.summaries[plan.id] = charts.add(f"{base}/sections", self._section_summary(ps))
        for status in ps.tasks.values():
            self._task_charts(charts, ps, status, words)

    def period_battle_maps(
        self, ps: PlanStatus, start: date, end: date, chart_id: str, title: str
    ) -> list[BattleMapSpec]:
        """The battle map of a bulletin: the tasks with a milestone due from `start` to `end`,
        across the whole plan year, cut into pieces of at most PRINT_PAGE_LINES lines (one
        landscape page each), without links: links inside an SVG do not survive into a PDF,
        so the bulletin's lists carry them. Empty when nothing falls due."""
        plan = ps.plan
        lo, hi = start.isoformat(), end.isoformat()
        groups = []
        for section in plan.sections:
            rows = []
            for task in section.tasks:
                for status in [ps.tasks[task.id]] + ps.tasks[task.id].children:
                    row = self._row(ps, status, None)
                    if any(lo <= mark.due <= hi for mark in row.marks):
                        rows.append(row)
            if rows:
                heading = f"{section.number}、{section.title}" if section.number else section.title
                groups.append(Group(section.id, heading, rows))
        pages = balance(groups, PRINT_PAGE_LINES, self.t("continued"))
        words = {**self._battle_words(), **self._month_words(ps.index)}
        specs = []
        for n, page in enumerate(pages, start=1):
            rows = [r for g in page for r in g.rows]
            page_title = title if len(pages) == 1 else f"{title}（{n}/{len(pages)}）"
            alt = self.t(
                "battle_map_alt",
                title=page_title,
                rows=len(rows),
                marks=sum(len(r.marks) for r in rows),
                as_of=self.words.day(self.as_of),
            )
            specs.append(
                BattleMapSpec(
                    f"{chart_id}-{n}",
                    page_title,
                    ps.index.start.isoformat(),
                    ps.index.end.isoformat(),
                    self.as_of.isoformat(),
                    page,
                    words,
                    alt,
                    png=False,
                )
            )
        return specs

    def _section_summary(self, ps: PlanStatus) -> SummarySpec:
        bars = []
        for section in ps.plan.sections:
            rollup = ps.sections[section.id]
            text = f"{section.number}、{section.title}" if section.number else section.title
            counts = {s.value: rollup.count(s) for s in State if rollup.count(s)}
            if ps.closed:  # a closed plan counts final outcomes, drawn in the style of their lead state
                counts = {OUTCOME_STATES[o][0].value: n for o, n in rollup.outcomes()}
            bars.append(
                Bar(
                    text,
                    counts,
                    self.sitemap.link(
                        self.sitemap.plan(ps.plan.id), self.sitemap.plan(ps.plan.id), f"sec-{section.id}"
                    ),
                )
            )
        shown = [s.value for s in State if any(b.counts.get(s.value) for b in bars)]
        return SummarySpec(
            f"sum-{ps.plan.id}",
            f"{ps.plan.title} · {self.t('section_summary')}",
            bars,
            shown,
            {s.value: self.words.outcome(outcome_of(s)) if ps.closed else self.words.state(s) for s in State},
            self.t("task_count"),
            True,
            self.t("section_summary_alt", title=ps.plan.title),
        )

    # ------------------------------------------------------------------ task charts

    def _task_charts(self, charts: ChartSet, ps: PlanStatus, status: TaskStatus, words: dict[str, str]) -> None:
        plan_id = ps.plan.id
        here = self.sitemap.task(plan_id, status.task_id)
        folder = f"plans/{plan_id}/charts"
        row = self._row(ps, status, here)
        heading = task_heading(status.entry)
        if status.state is not State.NO_SCHEDULE:
            self._timeline(charts, ps, status, row, heading, words)
        paths = []
        for ind in status.indicators:
            spec = self._trajectory(ps, status, ind)
            paths.append(charts.add(f"{folder}/{status.task_id}-{ind.indicator.id}", spec))
        if paths:
            charts.trajectories[(plan_id, status.task_id)] = paths

    def _timeline(self, charts: ChartSet, ps: PlanStatus, status: TaskStatus, row, heading: str, words) -> None:
        plan_id = ps.plan.id
        folder = f"plans/{plan_id}/charts"
        timeline = TimelineSpec(
            f"tl-{plan_id}-{status.task_id}",
            ps.index.start.isoformat(),
            ps.index.end.isoformat(),
            self.as_of.isoformat(),
            row,
            [d.isoformat() for d in month_starts(ps.index.start, ps.index.end)],
            words,
            self.t("timeline_alt", title=heading, marks=len(row.marks), as_of=self.words.day(self.as_of)),
        )
        charts.timelines[(plan_id, status.task_id)] = charts.add(f"{folder}/{status.task_id}-timeline", timeline)

    def _trajectory(self, ps: PlanStatus, status: TaskStatus, ind: IndicatorStatus) -> TrajectorySpec:
        indicator, index = ind.indicator, ps.index
        unit = indicator.unit or ""
        year = ps.plan.year
        steps = []
        knots: set[date] = {index.start, index.end}
        for text, value in indicator.targets.items():
            period = parse_period(text)
            if not period.scheduled:
                continue
            due = index.end if period.kind is PeriodKind.YEAR and period.first_day.year == year else period.last_day
            steps.append(
                TargetStep(
                    period.first_day.isoformat(),
                    due.isoformat(),
                    value,
                    # as the plan words it: 全年 90%以上, not 全年 90% (the qualifier is the promise)
                    f"{self.words.short_period(period, year)} "
                    f"{self.words.target(value, unit, indicator.qualifier, indicator.upper.get(text))}",
                )
            )
            knots.add(due)
        pace = []
        for day in sorted(knots):
            paced = pace_target(indicator, index, day)
            if paced is not None:
                pace.append(Point(day.isoformat(), round(paced, 4)))
        actuals = []
        for actual in ind.actuals:
            period = parse_period(actual.period)
            when = actual.date or (period.end if period.scheduled else None) or self.as_of
            actuals.append(Point(when.isoformat(), actual.value, f"{self.words.number(actual.value)}{unit}"))
        words = {k: self.t(k) for k in ("period_target", "pace_line", "actual_value")}
        words["as_of"] = self.t("chart_as_of", date=self.words.day(self.as_of))
        words.update(self._month_words(index))
        title = f"{task_heading(status.entry)} · {indicator.name}"
        return TrajectorySpec(
            f"ind-{ps.plan.id}-{status.task_id}-{indicator.id}",
            title,
            unit,
            index.start.isoformat(),
            index.end.isoformat(),
            self.as_of.isoformat(),
            steps,
            pace,
            sorted(actuals, key=lambda p: p.day),
            words,
            self.t("trajectory_alt", name=indicator.name),
        )

    # ------------------------------------------------------------------ units

    def _workloads(self, charts: ChartSet) -> None:
        for (org, unit_id), involvements in self.report.units.items():
            per_month: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            span: set[date] = set()
            for inv in involvements:
                if inv.role != "lead":
                    continue
                ps = self.report.plans[inv.plan_id]
                span.update(month_starts(ps.index.start, ps.index.end))
                for m in inv.status.milestones:
                    if m.due:
                        per_month[date(m.due.year, m.due.month, 1)][m.state.value] += 1
            if not per_month:
                continue
            months = sorted(span)
            crosses = months[0].year != months[-1].year
            # No links in the bars: the SVG file lives beside the unit page, not in its URL
            # folder, so relative links would differ; the data table links each month instead.
            bars = [
                Bar(
                    self.words.month(d, crosses and (d.month == 1 or d == months[0])),
                    dict(sorted(per_month.get(d, {}).items())),
                    key=d.isoformat(),
                )
                for d in months
            ]
            shown = [s.value for s in State if any(b.counts.get(s.value) for b in bars)]
            name = self.names.units.get((org, unit_id), unit_id)
            total = sum(sum(b.counts.values()) for b in bars)
            spec = SummarySpec(
                f"wl-{org}-{unit_id}",
                self.t("workload_of", name=name),
                bars,
                shown,
                {s.value: self.words.state(s) for s in State},
                self.t("milestone_count"),
                False,
                self.t("workload_alt", name=name, n=total),
            )
            charts.workloads[(org, unit_id)] = charts.add(f"units/{org}/charts/{unit_id}-workload", spec)


def plan_charts(
    report: StatusReport, names: Names, sitemap: SiteMap, lang: str, recall: Recall | None = None
) -> ChartSet:
    """Every chart spec of one build, in a stable order."""
    return ChartPlanner(report, names, sitemap, lang).plan(recall)
