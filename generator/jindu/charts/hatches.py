"""Hatches: matplotlib's hatch tiles cut down to their smallest repeating piece.

matplotlib writes every hatch as a `<pattern>` one inch square (72 × 72 user units). For
line hatches that is a few dozen segments, but a dot hatch (the "not reported" state) is
about 300 circles of eight Bézier curves each: 45 KB of path in every chart that shows it.
WeasyPrint parses and paints a pattern's content anew for every shape it fills, so a
bulletin's battle maps spent most of their printing time on those dots (a draft bulletin of
a 200-task plan: 24 s of 54 s), and every browser parsed the same 45 KB again.

`compact_hatches` runs in `svgdoc.finish_svg`, once per drawn chart. A pattern whose path is
made of closed shapes of one form lying on a lattice is replaced by the smallest tile that
repeats it (for ".." dots: 6 × 12 units, five dots), with the shapes on the tile's edges
copied so the tiles join as the original did. Patterns of any other kind are left as they
are, so the result always looks like matplotlib's drawing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_TOKEN = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[A-Za-z]")
_ROUND = 3  # decimals when comparing positions: matplotlib writes six
_FILL_URL = re.compile(r"fill:\s*url\(#([^)]+)\)")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _shapes(d: str) -> list[list[tuple[str, list[float]]]] | None:
    """The closed subpaths of `d` as (command, numbers) lists, or None when the path holds
    anything but absolute M/L/C commands each subpath closed by z."""
    shapes: list[list[tuple[str, list[float]]]] = []
    current: list[tuple[str, list[float]]] | None = None
    for token in _TOKEN.findall(d):
        if token in "MLC":
            if token == "M":
                if current is not None:
                    return None  # an open subpath: a line hatch, not shapes
                current = []
            elif current is None:
                return None
            current.append((token, []))
        elif token in "zZ":
            if not current:
                return None
            shapes.append(current)
            current = None
        elif token.isalpha():
            return None
        elif current:
            current[-1][1].append(float(token))
        else:
            return None
    if current is not None or not shapes:
        return None
    for shape in shapes:
        for command, numbers in shape:
            if len(numbers) != {"M": 2, "L": 2, "C": 6}[command]:
                return None
    return shapes


def _centre(shape: list[tuple[str, list[float]]]) -> tuple[float, float]:
    xs = [n for _, numbers in shape for n in numbers[0::2]]
    ys = [n for _, numbers in shape for n in numbers[1::2]]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _relative(shape: list[tuple[str, list[float]]]) -> list[tuple[str, list[float]]]:
    """The shape's commands with coordinates relative to its centre."""
    cx, cy = _centre(shape)
    return [(command, [n - (cx if i % 2 == 0 else cy) for i, n in enumerate(numbers)]) for command, numbers in shape]


def _form(shape: list[tuple[str, list[float]]]) -> tuple:
    """The shape relative to its centre, rounded: equal forms differ only by where they sit."""
    return tuple((command, tuple(round(n, _ROUND) for n in numbers)) for command, numbers in _relative(shape))


def _period(points: set[tuple[float, float]], size: float, axis: int) -> float:
    """The smallest size / k under which the lattice `points` (taken modulo the tile) repeats
    along `axis` (0: x, 1: y); `size` itself when nothing smaller does."""
    for k in range(int(size), 1, -1):
        step = size / k
        if step < 1:
            continue
        moved = set()
        for point in points:
            shifted = list(point)
            shifted[axis] = round((point[axis] + step) % size, _ROUND) % size
            moved.add((shifted[0], shifted[1]))
        if moved == points:
            return step
    return size


def _number(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _gap_start(values: list[float], step: float) -> float:
    """Where, along one axis of the tile, the widest gap between shapes begins: the tile's
    edge goes in the middle of it, so no shape is cut by an edge (a renderer draws a faint
    seam wherever a pattern tile's edge crosses a mark)."""
    positions = sorted(set(values))
    gaps = [((positions[(i + 1) % len(positions)] - p) % step or step, p) for i, p in enumerate(positions)]
    width, start = max(gaps)
    return start + width / 2


def _tile_path(shapes, step_x: float, step_y: float) -> str:
    """The shapes of one step_x × step_y tile, shifted so the tile's edges fall between
    them; a shape the edges still cross is drawn once per tile it touches."""
    form = _relative(shapes[0])
    reach_x = max(abs(n) for _, numbers in form for n in numbers[0::2])
    reach_y = max(abs(n) for _, numbers in form for n in numbers[1::2])
    centres = sorted(
        {(round(cx % step_x, _ROUND) % step_x, round(cy % step_y, _ROUND) % step_y) for cx, cy in map(_centre, shapes)}
    )
    edge_x = _gap_start([x for x, _ in centres], step_x)
    edge_y = _gap_start([y for _, y in centres], step_y)
    parts = []
    for cx, cy in centres:
        cx, cy = (cx - edge_x) % step_x, (cy - edge_y) % step_y
        for dx in (-step_x, 0.0, step_x):
            for dy in (-step_y, 0.0, step_y):
                x, y = cx + dx, cy + dy
                if x + reach_x <= 0 or x - reach_x >= step_x or y + reach_y <= 0 or y - reach_y >= step_y:
                    continue
                for command, numbers in form:
                    moved = (n + (x if i % 2 == 0 else y) for i, n in enumerate(numbers))
                    parts.append(command + " " + " ".join(_number(n) for n in moved))
                parts.append("z")
    return " ".join(parts)


def _fill_of(element: ET.Element) -> str | None:
    """The pattern id `element` is filled with (`fill: url(#id)`), if any."""
    match = _FILL_URL.search(element.get("style", "")) or _FILL_URL.search("fill:" + element.get("fill", ""))
    return match.group(1) if match else None


def _compact(pattern: ET.Element) -> str | None:
    """Cut one pattern to its tile; returns its background colour (now painted by the
    shapes it fills, see `compact_hatches`), or None when the pattern is left as it was."""
    if pattern.get("patternUnits") != "userSpaceOnUse" or "patternTransform" in pattern.attrib:
        return None
    paths = [child for child in pattern if _local(child.tag) == "path"]
    rects = [child for child in pattern if _local(child.tag) == "rect"]
    if len(paths) != 1 or len(rects) != 1 or len(pattern) != 2 or not rects[0].get("fill", "").startswith("#"):
        return None
    try:
        width, height = float(pattern.get("width", "")), float(pattern.get("height", ""))
    except ValueError:
        return None
    shapes = _shapes(paths[0].get("d", ""))
    if shapes is None or len({_form(shape) for shape in shapes}) != 1:
        return None
    points = {
        (round(cx % width, _ROUND) % width, round(cy % height, _ROUND) % height) for cx, cy in map(_centre, shapes)
    }
    step_x, step_y = _period(points, width, 0), _period(points, height, 1)
    if (step_x, step_y) == (width, height):
        return None
    paths[0].set("d", _tile_path(shapes, step_x, step_y))
    pattern.set("width", _number(step_x))
    pattern.set("height", _number(step_y))
    pattern.remove(rects[0])
    return rects[0].get("fill")


def compact_hatches(root: ET.Element) -> None:
    """Replace each lattice-of-shapes hatch pattern under `root` by its smallest tile.

    The tile's background colour leaves the pattern: every shape the pattern fills gets a
    plain copy beneath it in that colour, so the background has no tile edges to show."""
    backgrounds = {}
    for pattern in root.iter():
        if _local(pattern.tag) == "pattern" and pattern.get("id"):
            colour = _compact(pattern)
            if colour is not None:
                backgrounds[pattern.get("id")] = colour
    if not backgrounds:
        return
    for parent in list(root.iter()):
        for index in range(len(parent) - 1, -1, -1):
            element = parent[index]
            colour = backgrounds.get(_fill_of(element) or "")
            if colour is None:
                continue
            under = ET.Element(
                element.tag, {k: v for k, v in element.attrib.items() if k not in ("id", "style", "fill")}
            )
            under.set("style", f"fill: {colour}; stroke: none")
            parent.insert(index, under)
