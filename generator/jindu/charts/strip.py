"""Strip: the small timeline on every task page, drawn as SVG by hand.

A matplotlib figure costs 100–250 ms here and every task page has a timeline, so this one
is built directly with ElementTree (well under a millisecond; ElementTree escapes all text).
It uses the battle map's vocabulary (chartstyle.py): the task's span as a bar, its
milestones as shaped markers at their due dates filled by state, month ticks, and the
as-of date as a dashed line. Each marker links to its row in the milestone table and has a
tooltip; the table under the strip lists the same milestones for screen readers.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from jindu.charts.specs import TimelineSpec
from jindu.charts.style import AS_OF_COLOUR, GRID_COLOUR, MUTED_COLOUR, STATE_STYLES, TEXT_COLOUR
from jindu.charts.svgdoc import SVG_NS, svg_text

WIDTH, HEIGHT = 1000, 70
LEFT, RIGHT = 8, 992
BAR_Y, BAR_H = 34, 14
SIZE = 7  # marker half-size


def _e(parent: ET.Element, tag: str, **attrs: object) -> ET.Element:
    return ET.SubElement(parent, f"{{{SVG_NS}}}{tag}", {k.replace("_", "-"): str(v) for k, v in attrs.items()})


def _shape(parent: ET.Element, kind: str, x: float, y: float, **style: object) -> ET.Element:
    s = SIZE
    if kind == "month":
        return _e(parent, "circle", cx=f"{x:.1f}", cy=y, r=s - 1, **style)
    if kind == "half":
        return _e(parent, "rect", x=f"{x - s + 1:.1f}", y=y - s + 1, width=2 * s - 2, height=2 * s - 2, **style)
    if kind == "year":
        points = []
        for i in range(10):
            radius = s + 2 if i % 2 == 0 else (s + 2) * 0.45
            angle = math.pi / 2 + i * math.pi / 5
            points.append(f"{x + radius * math.cos(angle):.1f},{y - radius * math.sin(angle):.1f}")
        return _e(parent, "polygon", points=" ".join(points), **style)
    if kind == "quarter":
        pts = [(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
    else:  # other dates: a triangle
        pts = [(x, y - s), (x + s, y + s - 1), (x - s, y + s - 1)]
    return _e(parent, "polygon", points=" ".join(f"{px:.1f},{py:.1f}" for px, py in pts), **style)


# The battle map's hatch patterns, as line directions in a 6×6 tile.
_HATCH_LINES = {
    "x": ("M0 0L6 6", "M0 6L6 0"),
    "\\": ("M0 0L6 6",),
    "/": ("M0 6L6 0",),
    "+": ("M3 0V6", "M0 3H6"),
    "-": ("M0 3H6",),
    "|": ("M3 0V6",),
}


def _hatch(defs: ET.Element, pattern_id: str, hatch: str, colour: str, fill: str) -> None:
    pattern = _e(defs, "pattern", id=pattern_id, width=6, height=6, patternUnits="userSpaceOnUse")
    _e(pattern, "rect", width=6, height=6, fill=fill)
    for d in _HATCH_LINES.get(hatch[:1], ()):
        _e(pattern, "path", d=d, stroke=colour, stroke_width=0.8)


def timeline_svg(spec: TimelineSpec) -> bytes:
    """The strip as a standalone SVG document."""
    start, end, as_of = (date.fromisoformat(spec.start), date.fromisoformat(spec.end), date.fromisoformat(spec.as_of))
    days = (end - start).days + 1

    def x_of(day: date, within: float = 0.0) -> float:
        return LEFT + (RIGHT - LEFT) * ((day - start).days + within) / days

    cid = spec.chart_id
    root = ET.Element(
        f"{{{SVG_NS}}}svg",
        {
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "id": cid,
            "class": "jd-chart-svg jd-strip",
            "role": "group" if any(mark.href for mark in spec.row.marks) else "img",  # see svgdoc.finish_svg
            "aria-label": spec.alt,
            "font-size": "13",
        },
    )
    _e(root, "title").text = spec.alt
    defs = _e(root, "defs")
    for k, first in enumerate(spec.months):
        day = date.fromisoformat(first)
        following = date.fromisoformat(spec.months[k + 1]) if k + 1 < len(spec.months) else end + timedelta(days=1)
        x = x_of(day)
        _e(root, "line", x1=f"{x:.1f}", y1=14, x2=f"{x:.1f}", y2=HEIGHT - 6, stroke=GRID_COLOUR, stroke_width=1)
        label = _e(root, "text", x=f"{(x + x_of(following)) / 2:.1f}", y=14, fill=MUTED_COLOUR, text_anchor="middle")
        label.text = spec.words.get(f"month_{first}", str(day.month))
    _e(root, "line", x1=RIGHT, y1=14, x2=RIGHT, y2=HEIGHT - 6, stroke=GRID_COLOUR, stroke_width=1)
    row = spec.row
    style = STATE_STYLES[row.state]
    if row.start and row.end:
        a, b = x_of(date.fromisoformat(row.start)), x_of(date.fromisoformat(row.end), 1)
        fill = style.light
        if style.hatch:  # not by colour alone: the same hatching as the battle map
            _hatch(defs, f"{cid}-p", style.hatch, style.colour, style.light)
            fill = f"url(#{cid}-p)"
        bar = _e(
            root,
            "rect",
            id=f"{cid}-b",
            x=f"{a:.1f}",
            y=BAR_Y,
            width=f"{max(b - a, 2):.1f}",
            height=BAR_H,
            fill=fill,
            stroke=style.colour,
            stroke_width=1.2,
            rx=2,
        )
        _e(bar, "title").text = row.tip
    else:
        note = _e(root, "text", x=LEFT + 6, y=BAR_Y + BAR_H - 3, fill=MUTED_COLOUR)
        note.text = spec.words["chart_no_schedule"]
    y = BAR_Y + BAR_H / 2
    for k, mark in enumerate(row.marks):
        m_style = STATE_STYLES[mark.state]
        x = x_of(date.fromisoformat(mark.due), 0.5)
        link = _e(root, "a", id=f"{cid}-m-{k}", href=mark.href)
        _e(link, "title").text = mark.tip
        colour = m_style.colour
        if m_style.fill in ("full", "cross"):
            _shape(link, mark.kind, x, y, fill=colour, stroke=colour, stroke_width=1.5)
        else:
            _shape(link, mark.kind, x, y, fill="white", stroke=colour, stroke_width=1.5)
        if m_style.fill == "half":
            clip = _e(defs, "clipPath", id=f"{cid}-h-{k}")
            _e(clip, "rect", x=f"{x - 12:.1f}", y=y, width=24, height=12)
            _shape(link, mark.kind, x, y, fill=colour, clip_path=f"url(#{cid}-h-{k})")
        if m_style.fill == "dot":
            _e(link, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=f"{SIZE * 0.3:.1f}", fill=colour)
        if m_style.fill == "cross":
            d = SIZE * 0.45
            _e(
                link,
                "path",
                d=f"M{x - d:.1f} {y - d:.1f}L{x + d:.1f} {y + d:.1f}M{x - d:.1f} {y + d:.1f}L{x + d:.1f} {y - d:.1f}",
                stroke="white",
                stroke_width=1.8,
            )
    if row.unscheduled:
        note = _e(root, "text", x=RIGHT - 4, y=HEIGHT - 6, fill=MUTED_COLOUR, text_anchor="end")
        note.text = spec.words["chart_unscheduled"].format(n=row.unscheduled)
    if start <= as_of <= end:
        x = x_of(as_of, 0.5)
        _e(
            root,
            "line",
            id=f"{cid}-asof",
            x1=f"{x:.1f}",
            y1=20,
            x2=f"{x:.1f}",
            y2=HEIGHT - 4,
            stroke=AS_OF_COLOUR,
            stroke_width=1.5,
            stroke_dasharray="4 3",
        )
        anchor = "start" if x < WIDTH * 0.75 else "end"
        label = _e(
            root,
            "text",
            x=f"{x + (4 if anchor == 'start' else -4):.1f}",
            y=HEIGHT - 4,
            fill=TEXT_COLOUR,
            text_anchor=anchor,
            font_weight="bold",
        )
        label.text = spec.words["as_of"]
    body = svg_text(root)
    return ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + body + "\n").encode("utf-8")
