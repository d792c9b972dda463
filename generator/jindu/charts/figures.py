"""Figures: matplotlib drawings of chart specs — battle maps, trajectories, stacked summaries.

`draw(spec, font)` returns the figure and a map of element ids to tooltips; `render(spec,
font)` exports it to SVG (and PNG when the spec asks) with everything that makes the bytes
reproducible and the text safe: math text off (a title with `$5 to $10` stays literal),
text kept as text in the SVG (`svg.fonttype: none`, so it is selectable, searchable and
small), a fixed hash salt for ids, no dates in metadata, and missing-glyph warnings raised
as errors. Figures are built with `matplotlib.figure.Figure`, never pyplot, so nothing
global is left behind between charts.

Elements that tests and tooltips need to find get ids (`set_gid`) under the chart's id:
`<id>-b-<row>` bars, `<id>-l-<row>` row labels, `<id>-m-<row>-<k>` milestone markers,
`<id>-asof` the as-of line, `<id>-month-<date>` month grid lines.
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from datetime import date, timedelta

import matplotlib
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from jindu.charts.fonts import ChartFont
from jindu.charts.planner import month_starts
from jindu.charts.specs import BattleMapSpec, ChartSpec, Row, SummarySpec, TrajectorySpec
from jindu.charts.style import (
    ACTUAL_COLOUR,
    AS_OF_COLOUR,
    GRID_COLOUR,
    KIND_MARKERS,
    MUTED_COLOUR,
    PACE_COLOUR,
    QUARTER_GRID_COLOUR,
    SECTION_BAND,
    STATE_STYLES,
    TARGET_COLOUR,
    TEXT_COLOUR,
)
from jindu.charts.svgdoc import finish_svg

PNG_DPI = 144
FONT_PT = 8.5


class ChartError(RuntimeError):
    """A chart could not be drawn; the message names the chart."""


def rc_params(font: ChartFont) -> dict:
    return {
        "font.family": font.families,
        "font.size": FONT_PT,
        "text.parse_math": False,
        "svg.fonttype": "none",
        "svg.hashsalt": "jindu",
        "axes.unicode_minus": False,
        "hatch.linewidth": 0.6,
        "path.simplify": True,
    }


def day(text: str) -> date:
    return date.fromisoformat(text)


def text_width_em(text: str) -> float:
    """Approximate width in em: CJK and full-width characters are 1 em, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.56 for c in text)


def fit_text(text: str, max_em: float) -> str:
    """`text` shortened with an ellipsis to at most `max_em` wide; labels never overlap."""
    text = " ".join(text.split())
    if text_width_em(text) <= max_em:
        return text
    width, out = 1.0, []  # room for the ellipsis
    for char in text:
        width += text_width_em(char)
        if width > max_em:
            break
        out.append(char)
    return "".join(out).rstrip() + "…"


# --------------------------------------------------------------------------- battle map

BM_WIDTH_IN = 11.0
BM_LABEL_IN = 3.4  # the task-name column left of the chart area
BM_RIGHT_IN = 0.25
BM_ROW_IN = 0.26
BM_TOP_IN = 0.75  # title and month names
BM_BOTTOM_IN = 1.35  # as-of label and legends
MARKER_PT = 6.5


def battle_map_layout(rows: int) -> tuple[float, list[float]]:
    """Figure height (inches) and the axes rectangle (figure fractions) for `rows` lines."""
    height = BM_TOP_IN + rows * BM_ROW_IN + BM_BOTTOM_IN
    chart_w = BM_WIDTH_IN - BM_LABEL_IN - BM_RIGHT_IN
    return height, [BM_LABEL_IN / BM_WIDTH_IN, BM_BOTTOM_IN / height, chart_w / BM_WIDTH_IN, rows * BM_ROW_IN / height]


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


def draw_battle_map(spec: BattleMapSpec) -> tuple[Figure, dict[str, str]]:
    lines: list[tuple[str, object]] = []
    for group in spec.groups:
        lines.append(("group", group))
        lines.extend(("row", row) for row in group.rows)
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
    for i, (what, item) in enumerate(lines):
        if what == "group":
            ax.axhspan(i - 0.5, i + 0.5, color=SECTION_BAND, zorder=0, linewidth=0)
            full_em = (BM_WIDTH_IN - 0.3) * 72 / FONT_PT
            ax.text(
                label_x,
                i,
                fit_text(item.label, full_em),
                transform=left,
                ha="left",
                va="center",  # type: ignore[attr-defined]
                fontweight="bold",
                color=TEXT_COLOUR,
                zorder=6,
                bbox={"facecolor": SECTION_BAND, "edgecolor": "none", "pad": 0.5},
            )
            continue
        row: Row = item  # type: ignore[assignment]
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
    common = {
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
        handles = [
            Patch(
                facecolor=STATE_STYLES[s].light,
                edgecolor=STATE_STYLES[s].colour,
                hatch=STATE_STYLES[s].hatch or None,
                label=words[f"state_{s}"],
            )
            for s in order
        ]
        legend = fig.legend(
            handles=handles,
            title=words["legend_states"],
            ncol=min(3, len(handles)),
            bbox_to_anchor=(0.08 / BM_WIDTH_IN, y),
            **common,
        )
        legend.set_gid(f"{spec.chart_id}-legend-states")
    kind_order = [k for k in KIND_MARKERS if k in kinds]
    if kind_order:
        handles = [
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
            handles=handles, title=words["legend_kinds"], ncol=min(2, len(handles)), bbox_to_anchor=(0.47, y), **common
        )
        legend.set_gid(f"{spec.chart_id}-legend-kinds")
    examples = {"full": "done", "cross": "overdue", "half": "due_soon", "hollow": "on_track"}
    fill_order = [f for f in examples if f in fills]
    if fill_order:
        handles: list = []
        for fill in fill_order:
            marker = Line2D([], [], **_marker_style(examples[fill]))
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
            handles.append(marker)
        labels = [words[f"fill_{fill}"] for fill in fill_order]
        legend = fig.legend(
            handles, labels, title=words["legend_fills"], ncol=min(2, len(handles)), bbox_to_anchor=(0.72, y), **common
        )
        legend.set_gid(f"{spec.chart_id}-legend-fills")


# --------------------------------------------------------------------------- trajectory


def _month_axis(ax, spec_start: str, spec_end: str, words: dict[str, str]) -> tuple[float, float]:
    start, end = day(spec_start), day(spec_end)
    x0, x1 = date2num(start), date2num(end + timedelta(days=1))
    ax.set_xlim(x0, x1)
    months = month_starts(start, end)
    ax.set_xticks([date2num(m) for m in months])
    ax.set_xticklabels([words.get(f"month_{m.isoformat()}", str(m.month)) for m in months], fontsize=FONT_PT - 1)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("left")
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.5)
    ax.grid(axis="y", color=GRID_COLOUR, linewidth=0.4)
    ax.set_axisbelow(True)
    return x0, x1


def draw_trajectory(spec: TrajectorySpec) -> tuple[Figure, dict[str, str]]:
    fig = Figure(figsize=(7.6, 3.0))
    ax = fig.add_axes([0.09, 0.22, 0.88, 0.63])
    cid = spec.chart_id
    tips: dict[str, str] = {}
    x0, x1 = _month_axis(ax, spec.start, spec.end, spec.words)
    values = [s.value for s in spec.steps] + [p.value for p in spec.pace] + [p.value for p in spec.actuals]
    for k, step in enumerate(spec.steps):
        a, b = date2num(day(step.start)), date2num(day(step.end) + timedelta(days=1))
        line = ax.hlines(step.value, a, b, color=TARGET_COLOUR, linewidth=2.2, zorder=3)
        line.set_gid(f"{cid}-t-{k}")
        tips[f"{cid}-t-{k}"] = f"{spec.words['period_target']} {step.label}"
        ax.annotate(
            step.label,
            (b, step.value),
            xytext=(-2, 3),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=FONT_PT - 1,
            color=TARGET_COLOUR,
        )
    if spec.pace:
        (pace,) = ax.plot(
            [date2num(day(p.day)) for p in spec.pace],
            [p.value for p in spec.pace],
            linestyle=(0, (5, 3)),
            color=PACE_COLOUR,
            linewidth=1.2,
            zorder=2,
        )
        pace.set_gid(f"{cid}-pace")
    for k, point in enumerate(spec.actuals):
        x = date2num(day(point.day)) + 0.5
        (dot,) = ax.plot([x], [point.value], marker="o", markersize=6, color=ACTUAL_COLOUR, linestyle="none", zorder=5)
        dot.set_gid(f"{cid}-a-{k}")
        tips[f"{cid}-a-{k}"] = f"{spec.words['actual_value']} {point.label} ({point.day})"
        ax.annotate(
            point.label,
            (x, point.value),
            xytext=(0, -11),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=FONT_PT - 0.5,
            color=ACTUAL_COLOUR,
            fontweight="bold",
        )
    if len(spec.actuals) > 1:
        ax.plot(
            [date2num(day(p.day)) + 0.5 for p in spec.actuals],
            [p.value for p in spec.actuals],
            color=ACTUAL_COLOUR,
            linewidth=1,
            zorder=4,
        )
    if values:
        low, high = min(values), max(values)
        pad = (high - low) * 0.25 or abs(high) * 0.1 or 1
        ax.set_ylim(low - pad, high + pad)
    as_of = date2num(day(spec.as_of))
    if x0 <= as_of < x1:
        line = ax.axvline(as_of + 0.5, color=AS_OF_COLOUR, linewidth=1.1, linestyle=(0, (4, 2)), zorder=6)
        line.set_gid(f"{cid}-asof")
        ax.text(
            as_of + 0.5,
            1.02,
            spec.words["as_of"],
            transform=blended_transform_factory(ax.transData, ax.transAxes),
            ha="center",
            va="bottom",
            fontsize=FONT_PT - 1,
            color=AS_OF_COLOUR,
        )
    if spec.unit:
        ax.set_ylabel(spec.unit, fontsize=FONT_PT)
    ax.tick_params(labelsize=FONT_PT - 1)
    fig.text(
        0.01, 0.97, fit_text(spec.title, 84), ha="left", va="top", fontsize=10, fontweight="bold", color=TEXT_COLOUR
    )
    handles = [
        Line2D([], [], color=TARGET_COLOUR, linewidth=2.2, label=spec.words["period_target"]),
        Line2D([], [], color=PACE_COLOUR, linewidth=1.2, linestyle=(0, (5, 3)), label=spec.words["pace_line"]),
        Line2D([], [], color=ACTUAL_COLOUR, marker="o", linestyle="none", label=spec.words["actual_value"]),
    ]
    legend = fig.legend(
        handles=handles, loc="lower left", bbox_to_anchor=(0.08, 0.0), ncol=3, frameon=False, fontsize=FONT_PT - 0.5
    )
    legend.set_gid(f"{cid}-legend")
    return fig, tips


# --------------------------------------------------------------------------- stacked summaries


def draw_summary(spec: SummarySpec) -> tuple[Figure, dict[str, str]]:
    cid = spec.chart_id
    tips: dict[str, str] = {}
    n = max(len(spec.bars), 1)
    if spec.horizontal:
        height = 0.45 + n * 0.36 + 0.7
        fig = Figure(figsize=(7.6, height))
        ax = fig.add_axes([3.0 / 7.6, 0.7 / height, 4.3 / 7.6, n * 0.36 / height])
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_yticks(range(len(spec.bars)))
        ax.set_yticklabels([fit_text(b.label, 3.0 * 72 / FONT_PT - 2) for b in spec.bars], fontsize=FONT_PT)
        ax.set_xlabel(spec.axis_label, fontsize=FONT_PT - 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
    else:
        height = 3.0
        fig = Figure(figsize=(7.6, height))
        ax = fig.add_axes([0.08, 0.3, 0.9, 0.55])
        ax.set_xlim(-0.6, n - 0.4)
        ax.set_xticks(range(len(spec.bars)))
        ax.set_xticklabels([b.label for b in spec.bars], fontsize=FONT_PT - 1)
        ax.set_ylabel(spec.axis_label, fontsize=FONT_PT - 0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(labelsize=FONT_PT - 1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x" if spec.horizontal else "y", color=GRID_COLOUR, linewidth=0.5)
    ax.set_axisbelow(True)
    for i, bar in enumerate(spec.bars):
        offset = 0
        for state in spec.states:
            count = bar.counts.get(state, 0)
            if not count:
                continue
            style = STATE_STYLES[state]
            kwargs = {"color": style.light, "edgecolor": style.colour, "hatch": style.hatch or None, "linewidth": 0.8}
            if spec.horizontal:
                patch = ax.barh(i, count, left=offset, height=0.6, **kwargs)[0]
                ax.text(
                    offset + count / 2,
                    i,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=FONT_PT,
                    fontweight="bold",
                    color=TEXT_COLOUR,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4, "alpha": 0.9},
                )
            else:
                patch = ax.bar(i, count, bottom=offset, width=0.7, **kwargs)[0]
            gid = f"{cid}-s-{i}-{state}"
            patch.set_gid(gid)
            tips[gid] = f"{bar.label} · {spec.state_names[state]} {count}"
            if bar.href:
                patch.set_url(bar.href or None)
            offset += count
    fig.text(
        0.01,
        1 - 0.08 / height,
        fit_text(spec.title, 84),
        ha="left",
        va="top",
        fontsize=10,
        fontweight="bold",
        color=TEXT_COLOUR,
    )
    handles = [
        Patch(
            facecolor=STATE_STYLES[s].light,
            edgecolor=STATE_STYLES[s].colour,
            hatch=STATE_STYLES[s].hatch or None,
            label=spec.state_names[s],
        )
        for s in spec.states
    ]
    if handles:
        legend = fig.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0.0, 0.0),
            ncol=min(len(handles), 5),
            frameon=False,
            fontsize=FONT_PT - 0.5,
        )
        legend.set_gid(f"{cid}-legend")
    return fig, tips


# --------------------------------------------------------------------------- export

DRAWERS = {"battle_map": draw_battle_map, "trajectory": draw_trajectory, "summary": draw_summary}


def render(spec: ChartSpec, font: ChartFont) -> dict[str, bytes]:
    """The chart's files by suffix: always ``svg``, and ``png`` when the spec asks for it."""
    with matplotlib.rc_context(rc_params(font)), warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph.*missing")
        try:
            fig, tips = DRAWERS[spec.kind](spec)  # type: ignore[operator]
            svg = io.BytesIO()
            fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
            files = {"svg": finish_svg(svg.getvalue(), spec.chart_id, spec.alt, tips)}
            if spec.png:
                png = io.BytesIO()
                fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
                files["png"] = png.getvalue()
        except UserWarning as warning:
            raise ChartError(f"chart {spec.chart_id}: {warning}") from None
    return files
