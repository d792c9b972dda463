"""Fonts: find the CJK font charts are drawn with, and tell which characters it lacks.

Charts name tasks in Chinese, so a Latin-only default font would draw empty boxes ("tofu").
`find_chart_font` asks matplotlib's font manager for the configured family (default Noto
Sans CJK SC from Debian's fonts-noto-cjk) and refuses to fall back to another font; the
error names the package to install. `ChartFont.missing` lists the characters neither the
CJK font nor the Latin fallback can draw, so the build can report them as errors with the
file and line of the text instead of printing boxes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

DEFAULT_FAMILY = "Noto Sans CJK SC"
FALLBACK_FAMILY = "DejaVu Sans"  # ships with matplotlib; covers symbols the CJK font lacks
INSTALL_HINT = (
    "install Debian's fonts-noto-cjk (scripts/system-deps.sh, run by `make site`, does it), "
    "or name an installed CJK font in the jindu plugin option `chart_font`"
)


class FontError(RuntimeError):
    """No usable CJK font; the message says what to install."""


@dataclass(frozen=True)
class ChartFont:
    family: str
    path: str
    fallback_path: str
    coverage: frozenset[int] = field(repr=False, compare=False, default=frozenset())

    @property
    def families(self) -> list[str]:
        return [self.family, FALLBACK_FAMILY]

    def missing(self, text: str) -> list[str]:
        """Characters of `text` that no chart font can draw (controls and spaces excepted)."""
        result = []
        for char in dict.fromkeys(text):
            if ord(char) in self.coverage or char.isspace() or unicodedata.category(char).startswith("C"):
                continue
            result.append(char)
        return result


@lru_cache(maxsize=8)
def find_chart_font(family: str = DEFAULT_FAMILY) -> ChartFont:
    """The chart font for `family`, or FontError. Cached: the font manager scan is slow."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    try:
        # str(): findfont may return a path object that also names the face in a .ttc
        # collection; charts name the family, and the spec must pickle for worker processes.
        path = str(font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False))
    except ValueError:
        raise FontError(f"chart font {family!r} was not found; {INSTALL_HINT}") from None
    fallback = str(font_manager.findfont(font_manager.FontProperties(family=FALLBACK_FAMILY)))
    coverage: set[int] = set()
    for font_path in (path, fallback):
        coverage.update(FT2Font(font_path).get_charmap())
    # A font that cannot draw the commonest Chinese characters is not a CJK font: reject it
    # rather than draw boxes.
    if not all(ord(c) in coverage for c in "进度任务卫生"):
        raise FontError(f"chart font {family!r} ({path}) has no Chinese glyphs; {INSTALL_HINT}")
    return ChartFont(family, path, fallback, frozenset(coverage))
