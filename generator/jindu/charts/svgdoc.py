"""SVG documents: finish matplotlib's SVG for the site, and check it before it is inlined.

`finish_svg` runs once per chart, when it is drawn. It removes the metadata block, gives
the root a title (the alt text) and `role="img"`, turns matplotlib's `target="_blank"`
links into same-tab links, adds a `<title>` tooltip to every element that has one, drops
the generic ids matplotlib gives every group (`text_1`, `line2d_3`…) so that several charts
can share a page without duplicate ids, cuts hatch patterns to their smallest tile
(hatches.py), and moves the global `<style>` rule onto the root
(inline, a `<style>` element would restyle the whole page).

`inline_svg` runs when a chart is put into a page. The chart's text came from plan files,
so the SVG is treated as untrusted even though matplotlib escaped it: it is re-parsed and
only known SVG elements and attributes survive; links must be relative, references local.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from jindu.charts.hatches import compact_hatches

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"


def svg_text(root: ET.Element) -> str:
    """Serialise an SVG tree with SVG as the default namespace (no `ns0:` prefixes).

    ElementTree's prefix map is global to the process and other libraries change it
    (WeasyPrint maps the empty prefix to no namespace on import), so it is set right here."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


_S = f"{{{SVG_NS}}}"
HREF = f"{{{XLINK_NS}}}href"

ALLOWED_ELEMENTS = {
    "svg",
    "g",
    "path",
    "text",
    "tspan",
    "a",
    "title",
    "desc",
    "defs",
    "use",
    "clipPath",
    "pattern",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
}
ALLOWED_ATTRIBUTES = {
    "id",
    "d",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "width",
    "height",
    "viewBox",
    "version",
    "style",
    "transform",
    "clip-path",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-linejoin",
    "stroke-linecap",
    "opacity",
    "points",
    "patternUnits",
    "role",
    "aria-label",
    "class",
    "preserveAspectRatio",
    HREF,
    "href",
    "stroke-dasharray",
    "text-anchor",
    "font-size",
    "font-weight",
    "font-family",
    "fill-opacity",
    "stroke-opacity",
}
_SAFE_STYLE = re.compile(r"^[\w\s#%.,:;'()\-\"]*$")
_LOCAL_URL = re.compile(r"url\(\s*#")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _referenced_ids(root: ET.Element) -> set[str]:
    ids = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            if name == HREF and value.startswith("#"):
                ids.add(value[1:])
            ids.update(re.findall(r"url\(#([^)]+)\)", value))
    return ids


def finish_svg(data: bytes, chart_id: str, alt: str, tips: dict[str, str]) -> bytes:
    """matplotlib's SVG → the chart file jindu publishes (see module docstring)."""
    root = ET.fromstring(data)
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) in ("metadata", "style"):
                parent.remove(child)
    compact_hatches(root)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.set("id", chart_id)
    # A chart whose marks link to pages is a group of links, not an image: an image's children
    # are presentational, so links inside role="img" are hidden from assistive technology.
    linked = any(_local(element.tag) == "a" for element in root.iter())
    root.set("role", "group" if linked else "img")
    root.set("aria-label", alt)
    root.set("class", "jd-chart-svg")
    title = ET.Element(f"{_S}title")
    title.text = alt
    root.insert(0, title)
    keep = _referenced_ids(root)
    for element in root.iter():
        if _local(element.tag) == "a":
            element.attrib.pop("target", None)
        ident = element.get("id")
        if ident is None or element is root:
            continue
        if ident in tips:
            tip = ET.Element(f"{_S}title")
            tip.text = tips[ident]
            element.insert(0, tip)
        elif ident not in keep and not ident.startswith(f"{chart_id}-"):
            del element.attrib["id"]
    body = svg_text(root)
    return ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + body + "\n").encode("utf-8")


class UnsafeSvg(ValueError):
    pass


def _safe_link(value: str) -> bool:
    """Relative links and fragments only: no scheme, no protocol-relative host."""
    value = value.strip()
    return not (re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", value) or value.startswith("//") or "\\" in value)


def _scope_ids(root: ET.Element, prefix: str) -> None:
    """Give the ids matplotlib made (patterns, clip paths, glyphs: hashes of what they draw,
    the same in two charts) the chart's own prefix, and follow them in every reference, so
    two charts inlined in one page never share an id. jindu's own ids (the chart's id and
    the ids under it) already start with the prefix and are kept."""
    renamed = {
        old: f"{prefix}-{old}"
        for element in root.iter()
        if (old := element.get("id")) and old != prefix and not old.startswith(prefix + "-")
    }
    if not renamed:
        return
    reference = re.compile(
        r"(url\(\s*#|^#)(" + "|".join(map(re.escape, sorted(renamed, key=len, reverse=True))) + r")(?![\w-])"
    )
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            if name == "id" and value in renamed:
                element.set(name, renamed[value])
            elif "#" in value:
                element.set(name, reference.sub(lambda m: m.group(1) + renamed[m.group(2)], value))


def inline_svg(data: bytes) -> str:
    """The chart as markup to put inside an HTML page, keeping only allowed SVG; ids that are
    not the chart's own get its id as a prefix (`_scope_ids`)."""
    root = ET.fromstring(data)
    if root.tag != f"{_S}svg":
        raise UnsafeSvg("not an SVG document")
    if root.get("id"):
        _scope_ids(root, root.get("id", ""))
    for parent in list(root.iter()):
        for child in list(parent):
            if not child.tag.startswith(_S) or _local(child.tag) not in ALLOWED_ELEMENTS:
                parent.remove(child)
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            ok = name in ALLOWED_ATTRIBUTES
            if ok and name == "style":
                ok = bool(_SAFE_STYLE.match(value)) and "url(" not in _LOCAL_URL.sub("", value)
            elif ok and name in (HREF, "href"):
                ok = value.startswith("#") if _local(element.tag) == "use" else _safe_link(value)
            elif ok and "url(" in value:
                ok = "url(" not in _LOCAL_URL.sub("", value)
            if not ok:
                del element.attrib[name]
    if root.get("id"):
        _let_clicks_through(root, root.get("id", ""))
    return svg_text(root)


def _let_clicks_through(root: ET.Element, chart_id: str) -> None:
    """A marker's overlays (the white cross of 已取消, the dot of 推进中 …) are drawn over its
    link; they let a click or tap through to it, so the whole marker is the link."""
    overlay = re.compile(rf"^{re.escape(chart_id)}-[xd]-\d+-\d+$")
    for element in root.iter():
        if overlay.match(element.get("id") or ""):
            element.set("pointer-events", "none")
