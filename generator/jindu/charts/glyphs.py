"""Glyphs: every text a chart draws must be drawable in the chart font.

A character the font lacks would come out as an empty box in the SVG and PNG. Rather than
let matplotlib warn in the middle of a parallel render, the build checks every title and
name that charts show before drawing, and reports each unknown character as an error at
the file, line and column of the text, with the character's code point.
"""

from __future__ import annotations

import unicodedata

from jindu.charts.fonts import ChartFont
from jindu.plans.checks import Reporter
from jindu.plans.portfolio import Portfolio


def _describe(chars: list[str]) -> str:
    return ", ".join(f"{c!r} U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in chars)


def check_chart_text(portfolio: Portfolio, font: ChartFont) -> None:
    """Add an E-GLYPH error for every chart text with characters `font` cannot draw."""
    hint = (
        f"replace the character, or configure a chart font that has it (now {font.family}); "
        "charts would show an empty box"
    )

    def check(reporter: Reporter, text: str | None, path: tuple) -> None:
        missing = font.missing(text or "")
        if missing:
            reporter.add("E-GLYPH", f"the chart font cannot draw {_describe(missing)}", path, hint)

    for plan_doc in portfolio.plans.values():
        plan = plan_doc.model
        reporter = Reporter(plan_doc.source, portfolio.diagnostics)
        check(reporter, plan.title, ("title",))
        for s, section in enumerate(plan.sections):
            check(reporter, section.title, ("sections", s, "title"))
            for t, task in enumerate(section.tasks):
                for path, item in [(("sections", s, "tasks", t), task)] + [
                    (("sections", s, "tasks", t, "subtargets", u), sub) for u, sub in enumerate(task.subtargets)
                ]:
                    check(reporter, item.title, path + ("title",))
                    for m, milestone in enumerate(item.milestones):
                        check(reporter, milestone.label, path + ("milestones", m, "label"))
                    for i, indicator in enumerate(item.indicators):
                        check(reporter, indicator.name, path + ("indicators", i, "name"))
                        check(reporter, indicator.unit, path + ("indicators", i, "unit"))
    for directory_doc in portfolio.directories.values():
        directory = directory_doc.model
        reporter = Reporter(directory_doc.source, portfolio.diagnostics)
        for u, unit in enumerate(directory.units):
            check(reporter, unit.name, ("units", u, "name"))
