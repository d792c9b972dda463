"""Figures: matplotlib drawings of chart specs — trajectories and stacked summaries here,
battle maps in battlemap.py — and their export.

`draw(spec, font)` returns the figure and a map of element ids to tooltips; `render(spec,
font)` exports it to SVG (and PNG when the spec asks) with everything that makes the bytes
reproducible and the text safe: math text off (a title with `$5 to $10` stays literal),
text kept as text in the SVG (`svg.fonttype: none`, so it is selectable, searchable and
small), a fixed hash salt for ids, no dates in metadata, and missing-glyph warnings raised
as errors. Figures are built with `matplotlib.figure.Figure`, never pyplot, so nothing
global is left behind between charts.
"""

from __future__ import annotations

import io
import math
import warnings
from datetime import timedelta
from typing import Any

import matplotlib
from matplotlib.axis import Axis
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory

from jindu.charts.battlemap import draw_battle_map
from jindu.charts.canvas import FONT_PT, PNG_DPI, ChartError, day, fit_text, rc_params
from jindu.charts.fonts import ChartFont
from jindu.charts.specs import BattleMapSpec, ChartSpec, SummarySpec, TrajectorySpec
from jindu.charts.style import (
    ACTUAL_COLOUR,
    AS_OF_COLOUR,
    GRID_COLOUR,
    PACE_COLOUR,
    STATE_STYLES,
    TARGET_COLOUR,
    TEXT_COLOUR,
)
from jindu.charts.svgdoc import finish_svg
from jindu.plans.periods import month_starts

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
    ax = fig.add_axes((0.09, 0.22, 0.88, 0.63))
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
        if math.isfinite(low - pad) and math.isfinite(high + pad):  # else matplotlib's own limits
            ax.set_ylim(low - pad, high + pad)
    as_of = date2num(day(spec.as_of))
    if x0 <= as_of < x1:
        as_of_line = ax.axvline(as_of + 0.5, color=AS_OF_COLOUR, linewidth=1.1, linestyle=(0, (4, 2)), zorder=6)
        as_of_line.set_gid(f"{cid}-asof")
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


def _integer_ticks(axis: Axis) -> None:
    """Counts are whole numbers: keep the default locator, but only at integers."""
    locator = axis.get_major_locator()
    if isinstance(locator, MaxNLocator):
        locator.set_params(integer=True)


def draw_summary(spec: SummarySpec) -> tuple[Figure, dict[str, str]]:
    cid = spec.chart_id
    tips: dict[str, str] = {}
    n = max(len(spec.bars), 1)
    if spec.horizontal:
        height = 0.45 + n * 0.36 + 0.7
        fig = Figure(figsize=(7.6, height))
        ax = fig.add_axes((3.0 / 7.6, 0.7 / height, 4.3 / 7.6, n * 0.36 / height))
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_yticks(range(len(spec.bars)))
        ax.set_yticklabels([fit_text(b.label, 3.0 * 72 / FONT_PT - 2) for b in spec.bars], fontsize=FONT_PT)
        ax.set_xlabel(spec.axis_label, fontsize=FONT_PT - 0.5)
        _integer_ticks(ax.xaxis)
    else:
        height = 3.0
        fig = Figure(figsize=(7.6, height))
        ax = fig.add_axes((0.08, 0.3, 0.9, 0.55))
        ax.set_xlim(-0.6, n - 0.4)
        ax.set_xticks(range(len(spec.bars)))
        ax.set_xticklabels([b.label for b in spec.bars], fontsize=FONT_PT - 1)
        ax.set_ylabel(spec.axis_label, fontsize=FONT_PT - 0.5)
        _integer_ticks(ax.yaxis)
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
            kwargs: dict[str, Any] = {
                "color": style.light,
                "edgecolor": style.colour,
                "hatch": style.hatch or None,
                "linewidth": 0.8,
            }
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


def draw(spec: ChartSpec) -> tuple[Figure, dict[str, str]]:
    """The matplotlib figure of a spec and the tooltip of each element by its id."""
    if isinstance(spec, BattleMapSpec):
        return draw_battle_map(spec)
    if isinstance(spec, TrajectorySpec):
        return draw_trajectory(spec)
    if isinstance(spec, SummarySpec):
        return draw_summary(spec)
    raise ValueError(f"matplotlib draws no {spec.kind} chart (timelines are drawn by strip.py)")


def paletted(png: bytes) -> bytes:
    """The PNG with a palette of at most 256 colours instead of 8-bit RGBA: a chart is flat colours
    and their anti-aliased edges, and a battle map's image is a quarter of the size (same pixels to
    the eye; no dithering, so the same chart gives the same bytes)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return _quantized(image)


def _quantized(image) -> bytes:
    from PIL import Image

    flat = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    flat.save(out, format="PNG", optimize=True)
    return out.getvalue()


def png_of(fig: Figure) -> bytes:
    """The figure's paletted PNG at PNG_DPI: its raw pixels go straight to the palette (a PNG
    written, read back and written again cost a battle map a third of its drawing); the same
    bytes as `paletted` of matplotlib's PNG."""
    from PIL import Image

    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=PNG_DPI)
    size = (int(fig.get_figwidth() * PNG_DPI), int(fig.get_figheight() * PNG_DPI))
    if size[0] * size[1] * 4 != len(raw.getbuffer()):  # a matplotlibrc that crops (savefig.bbox: tight)
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
        return paletted(png.getvalue())
    return _quantized(Image.frombuffer("RGBA", size, raw.getvalue(), "raw", "RGBA", 0, 1))


def render(spec: ChartSpec, font: ChartFont) -> dict[str, bytes]:
    """The chart's files by suffix: always ``svg``, and ``png`` when the spec asks for it."""
    with matplotlib.rc_context(rc_params(font)), warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph.*missing")
        try:
            fig, tips = draw(spec)
            svg = io.BytesIO()
            fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
            files = {"svg": finish_svg(svg.getvalue(), spec.chart_id, spec.alt, tips)}
            if spec.png:
                files["png"] = png_of(fig)
        except UserWarning as warning:
            raise ChartError(f"chart {spec.chart_id}: {warning}") from None
    return files
