"""Hatch tiles (charts/hatches.py): matplotlib's one-inch hatch patterns cut to their
smallest repeating tile, checked on matplotlib's own SVG and on WeasyPrint's print of it."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import subprocess
import xml.etree.ElementTree as ET

import matplotlib
import pytest

from jindu.bulletins.printing import PrintOptions, print_pdf
from jindu.charts.hatches import compact_hatches
from jindu.charts.style import STATE_STYLES

matplotlib.use("Agg")
from matplotlib.figure import Figure

S = "{http://www.w3.org/2000/svg}"
for prefix, uri in (("", "http://www.w3.org/2000/svg"), ("xlink", "http://www.w3.org/1999/xlink")):
    ET.register_namespace(prefix, uri)


def bars_svg(hatches: list[str]) -> bytes:
    """matplotlib's SVG of one wide bar per hatch, coloured as the battle map colours the
    not-reported state."""
    style = STATE_STYLES["not_reported"]
    fig = Figure(figsize=(6, 2 * len(hatches)))
    ax = fig.add_axes((0, 0, 1, 1))
    for row, hatch in enumerate(hatches):
        ax.barh(row, 10, height=0.9, color=style.light, edgecolor=style.colour, hatch=hatch)
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.5, len(hatches) - 0.5)
    ax.set_axis_off()
    out = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "test"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def patterns(root: ET.Element) -> dict[str, ET.Element]:
    return {p.get("id"): p for p in root.iter(f"{S}pattern")}


def test_dot_hatch_becomes_a_six_by_twelve_tile_of_two_whole_dots():
    root = ET.fromstring(bars_svg([".."]))
    [before] = patterns(root).values()
    assert (before.get("width"), before.get("height")) == ("72", "72")
    dots_before = before.find(f"{S}path").get("d").count("z")
    compact_hatches(root)
    [after] = patterns(root).values()
    assert (after.get("width"), after.get("height")) == ("6", "12")
    path = after.find(f"{S}path")
    assert path.get("d").count("z") == 2 and dots_before > 150
    assert after.find(f"{S}rect") is None  # the background left the tile
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", path.get("d"))]
    assert min(numbers[0::2]) > 0 and max(numbers[0::2]) < 6  # no dot touches an edge: no seams
    assert min(numbers[1::2]) > 0 and max(numbers[1::2]) < 12


def test_each_shape_filled_with_a_cut_tile_gets_its_background_beneath_it():
    root = ET.fromstring(bars_svg([".."]))
    compact_hatches(root)
    [pattern_id] = patterns(root)
    for parent in root.iter():
        children = list(parent)
        for i, child in enumerate(children):
            if f"url(#{pattern_id})" in child.get("style", ""):
                under = children[i - 1]
                assert under.get("d") == child.get("d")
                assert under.get("style") == f"fill: {STATE_STYLES['not_reported'].light}; stroke: none"
                assert under.get("id") is None


@pytest.mark.parametrize("hatch", ["xxx", "///", "++", "--", "||", "\\\\\\"])
def test_line_hatches_are_left_as_matplotlib_drew_them(hatch):
    data = bars_svg([hatch])
    root = ET.fromstring(data)
    compact_hatches(root)
    assert ET.tostring(root) == ET.tostring(ET.fromstring(data))


def test_a_pattern_of_two_different_shapes_is_left_alone():
    tile = (
        '<svg xmlns="http://www.w3.org/2000/svg"><defs><pattern id="p" patternUnits="userSpaceOnUse" '
        'x="0" y="0" width="72" height="72"><rect x="0" y="0" width="73" height="73" fill="#fff"/>'
        '<path d="M 0 1 L 1 0 L 0 -1 z M 36 2 L 38 0 L 36 -2 z M 0 37 L 1 36 L 0 35 z M 36 38 L 38 36 L 36 34 z"/>'
        '</pattern></defs><rect width="10" height="10" style="fill: url(#p)"/></svg>'
    )
    root = ET.fromstring(tile)
    compact_hatches(root)
    assert patterns(root)["p"].get("width") == "72"


def test_a_lattice_of_squares_is_cut_to_its_period():
    squares = " ".join(
        f"M {x} {y} L {x + 1} {y} L {x + 1} {y + 1} L {x} {y + 1} z" for x in range(0, 73, 8) for y in range(0, 73, 24)
    )
    tile = (
        '<svg xmlns="http://www.w3.org/2000/svg"><defs><pattern id="p" patternUnits="userSpaceOnUse" '
        f'width="72" height="72"><rect width="73" height="73" fill="#abcdef"/><path d="{squares}"/></pattern></defs>'
        '<rect width="10" height="10" fill="url(#p)"/></svg>'
    )
    root = ET.fromstring(tile)
    compact_hatches(root)
    pattern = patterns(root)["p"]
    assert (pattern.get("width"), pattern.get("height")) == ("8", "24")
    assert pattern.find(f"{S}path").get("d").count("z") == 1
    under, filled = list(root)[1:]
    assert under.get("style") == "fill: #abcdef; stroke: none" and filled.get("fill") == "url(#p)"


def ink(svg: bytes, tmp_path, name: str) -> list[float]:
    """Print `svg` with WeasyPrint as a bulletin prints its maps, rasterize the page and
    return the mean darkness of each bar (its rows of pixels)."""
    url = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    html = f'<html lang="zh"><head></head><body><img src="{url}" alt="bars" style="width: 100%"></body></html>'
    created = dt.datetime(2023, 7, 15, tzinfo=dt.UTC)
    printed = print_pdf(html, "@page { size: A4 landscape; margin: 1cm }", PrintOptions(created))
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(printed.pdf)
    subprocess.run(
        ["pdftoppm", "-r", "100", "-gray", "-png", "-singlefile", str(pdf), str(tmp_path / name)], check=True
    )
    from PIL import Image

    image = Image.open(tmp_path / f"{name}.png").convert("L")
    width, height = image.size
    pixels = image.load()
    columns = range(width // 4, 3 * width // 4)  # inside the bar, away from its outline
    rows = [y for y in range(height) if pixels[width // 2, y] < 250]
    return [sum(255 - pixels[x, y] for x in columns) / len(columns) for y in rows]


def test_a_printed_dot_hatch_has_the_same_ink_as_matplotlibs(tmp_path):
    """The cut tile prints as many dots per bar as matplotlib's inch, and the bar's light
    background, without the tile seams matplotlib's pattern shows."""
    data = bars_svg([".."])
    root = ET.fromstring(data)
    compact_hatches(root)
    before = ink(data, tmp_path, "before")
    after = ink(ET.tostring(root), tmp_path, "after")
    assert before and after
    total_before, total_after = sum(before), sum(after)
    assert abs(total_after - total_before) / total_before < 0.03, (total_before, total_after)
