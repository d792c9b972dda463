"""Inlining: a page's chart slots replaced by the charts' SVG, each through its allow-list.

Links inside an SVG work only when the SVG is part of the page, not in an <img>. A page
template writes a slot (`<div class="jd-chart-slot" data-chart="PATH"><img …></div>`); after
the page's HTML is sanitized, the slot's image is swapped for the chart's markup, which
passes `svgdoc.inline_svg` on the way in. The MkDocs plugin does it per page as MkDocs
converts it; `jindu site` does it on the engine's output (`publish/finishing.py`).
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from jindu.charts import svgdoc
from jindu.charts.svgdoc import UnsafeSvg, inline_svg
from jindu.outputs import Outputs
from jindu.store import Store

# Inlined charts are cached by the chart's bytes and the sanitizer's own source, so a change
# to svgdoc (what it allows) never serves markup an older version let through.
INLINE_VERSION = hashlib.sha256(Path(svgdoc.__file__).read_bytes()).digest()

# The chart slot as the page template writes it and nh3 leaves it (attribute order kept).
CHART_SLOT = re.compile(r'<div class="jd-chart-slot" data-chart="([^"<>]+)">.*?</div>', re.DOTALL)


class InlineError(ValueError):
    """A page shows a chart that was not built, or one that cannot be inlined safely."""


class ChartInliner:
    """Swaps chart slots for inline SVG; the markup of each chart is kept in `cache` by its bytes
    (sanitizing every chart of every page again was a fourteenth of a warm build)."""

    def __init__(self, outputs: Outputs, cache: Store | None = None) -> None:
        self.outputs = outputs
        self.cache = cache

    def inline(self, page_html: str) -> str:
        return CHART_SLOT.sub(self._swap, page_html)

    def _swap(self, match: re.Match) -> str:
        path = html.unescape(match.group(1))
        if path not in self.outputs:
            raise InlineError(f"a page shows chart {path!r}, which was not built")
        try:
            svg = self._markup(self.outputs.get(path).content)
        except (UnsafeSvg, SyntaxError) as error:
            raise InlineError(f"chart {path!r} cannot be inlined: {error}") from None
        return f'<div class="jd-chart-slot">{svg}</div>'

    def _markup(self, chart: bytes) -> str:
        if self.cache is None:
            return inline_svg(chart)
        key = hashlib.sha256(INLINE_VERSION + b"\x00" + chart).hexdigest()
        markup, _ = self.cache.get_or_make(key, "svg.html", lambda: inline_svg(chart).encode("utf-8"))
        return markup.decode("utf-8")
