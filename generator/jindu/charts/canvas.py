"""Canvas: what every matplotlib chart shares — the rc parameters that keep text as text and
bytes reproducible, the font size, and fitting a label into its column.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from jindu.charts.fonts import ChartFont

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
