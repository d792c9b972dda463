"""Battle map (挂图作战): tasks × months, spans by state, milestones by kind and fill, the
as-of line and the legends, drawn with matplotlib from a BattleMapSpec.

Elements that tests and tooltips need to find get ids (`set_gid`) under the chart's id:
`<id>-b-<row>` bars, `<id>-l-<row>` row labels, `<id>-m-<row>-<k>` milestone markers,
`<id>-asof` the as-of line, `<id>-month-<date>` month grid lines.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from matplotlib.artist import Artist
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from jindu.charts.canvas import FONT_PT, day, fit_text
from jindu.charts.specs import BattleMapSpec, Group, Row
from jindu.charts.style import (
    AS_OF_COLOUR,
    GRID_COLOUR,
    KIND_MARKERS,
    MUTED_COLOUR,
    QUARTER_GRID_COLOUR,
    SECTION_BAND,
    STATE_STYLES,
    TEXT_COLOUR,
)
from jindu.plans.periods import month_starts

BM_WIDTH_IN = 11.0
BM_LABEL_IN = 3.4  # the task-name column left of the chart area
BM_RIGHT_IN = 0.25
BM_ROW_IN = 0.26
BM_TOP_IN = 0.75  # title and month names
BM_BOTTOM_IN = 1.35  # as-of label and legends
MARKER_PT = 6.5


def battle_map_layout(rows: int) -> tuple[float, tuple[float, float, float, float]]:
    """Figure height (inches) and the axes rectangle (figure fractions) for `rows` lines."""
    height = BM_TOP_IN + rows * BM_ROW_IN + BM_BOTTOM_IN
    chart_w = BM_WIDTH_IN - BM_LABEL_IN - BM_RIGHT_IN
    return height, (BM_LABEL_IN / BM_WIDTH_IN, BM_BOTTOM_IN / height, chart_w / BM_WIDTH_IN, rows * BM_ROW_IN / height)


def _marker_style(state: str) -> dict:
    style = STATE_STYLES[state]
    common = {
        "marker": "o",
        "markersize": MARKER_PT,
        "markeredgecolor": style.colour,
        "markeredgewidth": 1.1,
        "linestyle": "none",
    }
    if style.fill in ("full", "cross"):
        return {**common, "markerfacecolor": style.colour}
    if style.fill == "half":
        return {**common, "markerfacecolor": style.colour, "fillstyle": "bottom", "markerfacecoloralt": "white"}
    return {**common, "markerfacecolor": "white"}


def _dot_style(state: str) -> dict:
    return {
        "marker": "o",
        "markersize": MARKER_PT * 0.35,
        "markerfacecolor": STATE_STYLES[state].colour,
        "markeredgewidth": 0,
        "linestyle": "none",
    }


def _draw_marker(ax, x: float, y: float, kind: str, state: str, gid: str, url: str) -> None:
    style = _marker_style(state)
    style["marker"] = KIND_MARKERS[kind]
    if kind == "year":
        style["markersize"] = MARKER_PT * 1.5
    (line,) = ax.plot([x], [y], zorder=4, clip_on=False, **style)
    line.set_gid(gid)
    line.set_url(url or None)
    if STATE_STYLES[state].fill == "cross":
        (cross,) = ax.plot(
            [x],
            [y],
            marker="x",
            markersize=MARKER_PT * 0.55,
            markeredgecolor="white",
            markeredgewidth=1.3,
            linestyle="none",
            zorder=5,
            clip_on=False,
        )
        cross.set_gid(gid.replace("-m-", "-x-"))
    if STATE_STYLES[state].fill == "dot":
        (dot,) = ax.plot([x], [y], zorder=5, clip_on=False, **_dot_style(state))
        dot.set_gid(gid.replace("-m-", "-d-"))


def draw_battle_map(spec: BattleMapSpec) -> tuple[Figure, dict[str, str]]:
    lines: list[Group | Row] = []
    for group in spec.groups:
        lines.append(group)
        lines.extend(group.rows)
    n = len(lines)
    height, rect = battle_map_layout(n)
    fig = Figure(figsize=(BM_WIDTH_IN, height))
    ax = fig.add_axes(rect)
    tips: dict[str, str] = {}
    cid = spec.chart_id
    start, end, as_of = day(spec.start), day(spec.end), day(spec.as_of)
    x0, x1 = date2num(start), date2num(end + timedelta(days=1))
    ax.set_xlim(x0, x1)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_color(QUARTER_GRID_COLOUR)
        ax.spines[side].set_linewidth(0.6)
    top = blended_transform_factory(ax.transData, ax.transAxes)
    months = month_starts(start, end)
    for i, first in enumerate(months):
        following = months[i + 1] if i + 1 < len(months) else end + timedelta(days=1)
        quarter = first.month in (1, 4, 7, 10)
        grid = ax.axvline(
            date2num(first),
            color=QUARTER_GRID_COLOUR if quarter else GRID_COLOUR,
            linewidth=0.8 if quarter else 0.5,
            zorder=1,
        )
        grid.set_gid(f"{cid}-month-{first.isoformat()}")
        middle = (date2num(max(first, start)) + date2num(following)) / 2
        ax.text(
            middle,
            1.0 + 0.06 / (n * BM_ROW_IN),
            spec.words.get(f"month_{first.isoformat()}", str(first.month)),
            transform=top,
            ha="center",
            va="bottom",
            color=TEXT_COLOUR,
            fontsize=FONT_PT,
        )
    fig.text(
        0.08 / BM_WIDTH_IN,
        1 - 0.12 / height,
        fit_text(spec.title, 80),
        ha="left",
        va="top",
        fontsize=11.5,
        fontweight="bold",
        color=TEXT_COLOUR,
    )
    label_x = -(BM_LABEL_IN - 0.1) / (BM_WIDTH_IN - BM_LABEL_IN - BM_RIGHT_IN)
    left = blended_transform_factory(ax.transAxes, ax.transData)
    label_em = (BM_LABEL_IN - 0.2) * 72 / FONT_PT
    states_seen: list[str] = []
    kinds_seen: set[str] = set()
    fills_seen: set[str] = set()
    for i, item in enumerate(lines):
        if isinstance(item, Group):
            ax.axhspan(i - 0.5, i + 0.5, color=SECTION_BAND, zorder=0, linewidth=0)
            full_em = (BM_WIDTH_IN - 0.3) * 72 / FONT_PT
            ax.text(
                label_x,
                i,
                fit_text(item.label, full_em),
                transform=left,
                ha="left",
                va="center",
                fontweight="bold",
                color=TEXT_COLOUR,
                zorder=6,
                bbox={"facecolor": SECTION_BAND, "edgecolor": "none", "pad": 0.5},
            )
            continue
        row = item
        indent = 1.5 if row.depth else 0.0
        prefix = f"{row.number} " if row.number else ""
        text = ax.text(
            label_x + indent * FONT_PT / 72 / (BM_WIDTH_IN - BM_LABEL_IN - BM_RIGHT_IN),
            i,
            fit_text(prefix + row.title, label_em - indent),
            transform=left,
            ha="left",
            va="center",
            color=TEXT_COLOUR if row.depth == 0 else MUTED_COLOUR,
        )
        text.set_gid(f"{cid}-l-{i}")
        text.set_url(row.href or None)
        tips[f"{cid}-l-{i}"] = row.tip
        style = STATE_STYLES[row.state]
        if row.start and row.end:
            bar = ax.barh(
                i,
                date2num(day(row.end) + timedelta(days=1)) - date2num(day(row.start)),
                left=date2num(day(row.start)),
                height=0.28 if row.summary else 0.5,
                color=style.light,
                edgecolor=style.colour,
                hatch=style.hatch or None,
                linewidth=0.8,
                zorder=2,
            )[0]
            bar.set_gid(f"{cid}-b-{i}")
            bar.set_url(row.href or None)
            tips[f"{cid}-b-{i}"] = row.tip
            if row.state not in states_seen:
                states_seen.append(row.state)
        else:
            ax.text(
                x0 + (x1 - x0) * 0.01,
                i,
                spec.words["chart_no_schedule"],
                ha="left",
                va="center",
                color=MUTED_COLOUR,
                fontsize=FONT_PT - 0.5,
                zorder=6,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3},
            )
        for k, mark in enumerate(row.marks):
            gid = f"{cid}-m-{i}-{k}"
            x = date2num(day(mark.due)) + 0.5
            _draw_marker(ax, x, i, mark.kind, mark.state, gid, mark.href)
            tips[gid] = mark.tip
            kinds_seen.add(mark.kind)
            fills_seen.add(STATE_STYLES[mark.state].fill)
        if row.unscheduled:
            ax.text(
                x1 - (x1 - x0) * 0.025,
                i,
                spec.words["chart_unscheduled"].format(n=row.unscheduled),
                ha="right",
                va="center",
                color=MUTED_COLOUR,
                fontsize=FONT_PT - 1,
                zorder=6,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3, "alpha": 0.85},
            )
    as_of_box = {"facecolor": "white", "edgecolor": AS_OF_COLOUR, "pad": 1.5, "linewidth": 0.6}
    below = -0.04 / (n * BM_ROW_IN)
    if x0 <= date2num(as_of) < x1:
        x = date2num(as_of) + 0.5
        line = ax.axvline(x, color=AS_OF_COLOUR, linewidth=1.3, linestyle=(0, (4, 2)), zorder=7)
        line.set_gid(f"{cid}-asof")
        ax.text(
            x,
            below,
            spec.words["as_of"],
            transform=top,
            ha="center",
            va="top",
            fontsize=FONT_PT,
            fontweight="bold",
            color=AS_OF_COLOUR,
            bbox=as_of_box,
        )
    else:  # the plan year is over or has not begun: say so where the line would be
        after = date2num(as_of) >= x1
        ax.text(
            x1 if after else x0,
            below,
            f"{spec.words['as_of']} →" if after else f"← {spec.words['as_of']}",
            transform=top,
            ha="right" if after else "left",
            va="top",
            fontsize=FONT_PT,
            fontweight="bold",
            color=AS_OF_COLOUR,
            bbox=as_of_box,
        )
    _battle_legends(fig, spec, height, states_seen, kinds_seen, fills_seen)
    return fig, tips


def _battle_legends(
    fig: Figure, spec: BattleMapSpec, height: float, states: list[str], kinds: set[str], fills: set[str]
) -> None:
    words = spec.words
    y = (BM_BOTTOM_IN - 0.42) / height
    common: dict[str, Any] = {
        "loc": "upper left",
        "frameon": False,
        "fontsize": FONT_PT - 0.5,
        "title_fontsize": FONT_PT,
        "alignment": "left",
        "handlelength": 1.6,
        "columnspacing": 1.2,
    }
    order = [s for s in STATE_STYLES if s in states]
    if order:
        state_handles: list[Artist] = [
            Patch(
                facecolor=STATE_STYLES[s].light,
                edgecolor=STATE_STYLES[s].colour,
                hatch=STATE_STYLES[s].hatch or None,
                label=words[f"state_{s}"],
            )
            for s in order
        ]
        legend = fig.legend(
            handles=state_handles,
            title=words["legend_states"],
            ncol=min(3, len(state_handles)),
            bbox_to_anchor=(0.08 / BM_WIDTH_IN, y),
            **common,
        )
        legend.set_gid(f"{spec.chart_id}-legend-states")
    kind_order = [k for k in KIND_MARKERS if k in kinds]
    if kind_order:
        kind_handles: list[Artist] = [
            Line2D(
                [],
                [],
                marker=KIND_MARKERS[k],
                linestyle="none",
                markersize=MARKER_PT,
                markerfacecolor="white",
                markeredgecolor=MUTED_COLOUR,
                label=words[f"kind_{k}"],
            )
            for k in kind_order
        ]
        legend = fig.legend(
            handles=kind_handles,
            title=words["legend_kinds"],
            ncol=min(2, len(kind_handles)),
            bbox_to_anchor=(0.47, y),
            **common,
        )
        legend.set_gid(f"{spec.chart_id}-legend-kinds")
    examples = {"full": "done", "cross": "overdue", "dot": "not_reported", "half": "due_soon", "hollow": "on_track"}
    fill_order = [f for f in examples if f in fills]
    if fill_order:
        fill_handles: list[Any] = []  # a tuple of two lines draws them on top of each other
        for fill in fill_order:
            marker: Any = Line2D([], [], **_marker_style(examples[fill]))
            if fill == "cross":  # the same white cross the chart draws over overdue markers
                marker = (
                    marker,
                    Line2D(
                        [],
                        [],
                        marker="x",
                        markersize=MARKER_PT * 0.55,
                        markeredgecolor="white",
                        markeredgewidth=1.3,
                        linestyle="none",
                    ),
                )
            if fill == "dot":  # the centre dot the chart draws in a marker with no report
                marker = (marker, Line2D([], [], **_dot_style(examples[fill])))
            fill_handles.append(marker)
        labels = [words[f"fill_{fill}"] for fill in fill_order]
        legend = fig.legend(
            fill_handles,
            labels,
            title=words["legend_fills"],
            ncol=min(2, len(fill_handles)),
            bbox_to_anchor=(0.72, y),
            **common,
        )
        legend.set_gid(f"{spec.chart_id}-legend-fills")
