"""Chart style: how states and milestone kinds look in every chart, in one place.

A state is never shown by colour alone. Task bars carry a hatch pattern per state, and
milestone markers carry a fill style (filled = finished, a cross = overdue, a
centre dot = not reported, half-filled =
lagging or due soon, hollow = not yet due). Milestone *kinds* (quarter, month, whole year,
other dates) have their own marker shapes. The colours follow the status lights of the
site (assets/jindu.css), one step darker so that thin marks stay visible on white.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StateStyle:
    colour: str  # bar and marker colour
    light: str  # bar fill behind the hatch
    hatch: str  # matplotlib hatch for bars; "" = plain
    fill: str  # marker fill style: full, cross, half, hollow


STATE_STYLES: dict[str, StateStyle] = {
    "overdue": StateStyle("#c0392b", "#f6c9c5", "xxx", "cross"),
    "not_reported": StateStyle("#6d28d9", "#e4dcfb", "..", "dot"),
    "lagging": StateStyle("#d9731a", "#fbd9b4", "\\\\\\", "half"),
    "due_soon": StateStyle("#b8860b", "#f8e7a6", "++", "half"),
    "on_track": StateStyle("#2f7d57", "#c6ecd6", "", "hollow"),
    "not_started": StateStyle("#64748b", "#e2e8f0", "--", "hollow"),
    "done_late": StateStyle("#5b7f16", "#dcefb4", "//", "full"),
    "done": StateStyle("#14532d", "#a7e3bd", "///", "full"),
    "cancelled": StateStyle("#94a3b8", "#eef2f6", "||", "hollow"),
    "no_schedule": StateStyle("#94a3b8", "#ffffff", "", "hollow"),
}

# Marker shape per milestone kind (matplotlib marker codes) and their drawing order in legends.
KIND_MARKERS: dict[str, str] = {
    "month": "o",
    "quarter": "D",
    "half": "s",
    "year": "*",
    "other": "^",
}

AS_OF_COLOUR = "#1f2937"
GRID_COLOUR = "#d1d5db"
QUARTER_GRID_COLOUR = "#9ca3af"
TEXT_COLOUR = "#111827"
MUTED_COLOUR = "#4b5563"
SECTION_BAND = "#f3f4f6"

# Indicator trajectories
TARGET_COLOUR = "#1d4ed8"
PACE_COLOUR = "#6b7280"
ACTUAL_COLOUR = "#b91c1c"


def milestone_kind(period_kind: str) -> str:
    """The marker family of a period kind (`PeriodKind.value`)."""
    return period_kind if period_kind in KIND_MARKERS else "other"
