"""Indicators: the 序时 (time-proportional) target on a day and an indicator's state against it."""

from __future__ import annotations

from datetime import date

from jindu.plans.index import PlanIndex
from jindu.plans.model import Direction, Indicator, IndicatorActual, Qualifier
from jindu.plans.periods import Period, parse_period
from jindu.status.milestones import due_date
from jindu.status.verdicts import IndicatorState, IndicatorStatus, StatusRules
from jindu.words.reasons import NONE, reason


def _target_points(indicator: Indicator, index: PlanIndex) -> list[tuple[date, float, Period]]:
    points = []
    for text, value in indicator.targets.items():
        period = parse_period(text)
        due = due_date(period, index)
        if due is not None:
            points.append((due, value, period))
    return sorted(points, key=lambda p: p[0])


def pace_target(indicator: Indicator, index: PlanIndex, day: date) -> float | None:
    """The 序时 target on `day`: period targets hold at their period ends; between two, the
    straight line from one to the next (from the baseline at the plan start for the first)."""
    points = _target_points(indicator, index)
    if not points:
        return None
    if indicator.baseline is not None:
        points.insert(0, (index.start, indicator.baseline, index.period))
    previous = None
    for due, value, _ in points:
        if day == due:
            return value
        if day < due:
            if previous is None:
                return value
            p_due, p_value = previous
            share = (day - p_due).days / (due - p_due).days
            return p_value + (value - p_value) * share
        previous = (due, value)
    return points[-1][1]


def lower_is_better(indicator: Indicator) -> bool:
    """A falling value is progress: `direction: decrease`, or a target worded 以下 (at_most),
    which is a ceiling whatever the direction says (check refuses the contradiction)."""
    return indicator.direction is Direction.DECREASE or indicator.qualifier is Qualifier.AT_MOST


def judge_indicator(
    indicator: Indicator, actuals: list[IndicatorActual], index: PlanIndex, as_of: date, rules: StatusRules
) -> IndicatorStatus:
    """Compare the latest actual (dated on or before as_of) with the 序时 target at its date."""
    unit = indicator.unit or ""
    dated = []
    for actual in actuals:
        period = parse_period(actual.period)
        when = actual.date or due_date(period, index) or as_of
        if when <= as_of:
            dated.append((when, actual))
    dated.sort(key=lambda p: p[0])
    points = _target_points(indicator, index)
    if not dated:
        passed = [p for p in points if p[0] <= as_of]
        if passed:
            _, value, period = passed[-1]
            return IndicatorStatus(
                indicator,
                IndicatorState.NO_DATA,
                reason(
                    "ind_no_data_target",
                    name=indicator.name,
                    period=period,
                    year=index.plan.year,
                    target=value,
                    unit=unit,
                ),
                target=value,
            )
        return IndicatorStatus(
            indicator,
            IndicatorState.NO_DATA,
            reason("ind_no_data", name=indicator.name),
        )
    when, actual = dated[-1]
    reference = due_date(parse_period(actual.period), index) or when
    pace = pace_target(indicator, index, reference)
    target = indicator.targets.get(actual.period, pace)
    base = IndicatorStatus(
        indicator,
        IndicatorState.NO_DATA,
        NONE,
        actual=actual,
        target=target,
        pace_target=pace,
        actuals=[a for _, a in dated],
    )
    falling = lower_is_better(indicator)
    ceiling = indicator.qualifier is Qualifier.AT_MOST
    if pace is None or pace == 0 or (actual.value == 0 and falling and not ceiling):
        base.reason = reason("ind_no_target", name=indicator.name, actual=actual.value, unit=unit)
        return base
    if actual.value == 0:  # a ceiling, and nothing at all: as far below it as a value can be
        ratio = float("inf")
    else:
        ratio = pace / actual.value if falling else actual.value / pace
    base.ratio = ratio
    # Amounts as the plan writes them (300, 98.5), the same in both languages.
    a, p = f"{actual.value:g}{unit}", f"{round(pace, 2):g}{unit}"
    said = {"name": indicator.name, "actual": a, "pace": p}
    top = _upper_pace(indicator, index, reference, pace)
    within = top is not None and _inside(actual.value, pace, top)
    tolerance = rules.about_tolerance if indicator.qualifier is Qualifier.ABOUT else rules.met_tolerance
    if within:
        assert top is not None
        base.state = IndicatorState.MET
        base.reason = reason("ind_within", top=f"{round(top, 2):g}{unit}", **said)
    elif ceiling and ratio >= 1 - tolerance:
        # 以下: at or under the ceiling is the target met, however far under (never "250% exceeded").
        base.state = IndicatorState.MET
        base.ratio = min(ratio, 1.0)
        base.reason = reason("ind_under_ceiling", **said)
    elif abs(ratio - 1) <= tolerance:
        base.state = IndicatorState.MET
        base.reason = reason("ind_met", **said)
    elif ratio > 1:
        base.state = IndicatorState.EXCEEDED
        base.reason = reason("ind_exceeded", ratio=ratio, **said)
    else:
        sign = ">" if falling else "<"
        base.state = IndicatorState.BEHIND
        base.reason = reason("ind_behind", sign=sign, aim=indicator.qualifier is Qualifier.STRIVE, **said)
    return base


def counts_as_lagging(status: IndicatorStatus) -> bool:
    """An indicator behind its target makes its task lagging, unless the target is an aim (力争)."""
    return status.state is IndicatorState.BEHIND and status.indicator.qualifier is not Qualifier.STRIVE


def _upper_pace(indicator: Indicator, index: PlanIndex, day: date, low: float) -> float | None:
    """The 序时 upper end of a range target on `day` (the lower end's line, raised by the range)."""
    if not indicator.upper:
        return None
    widths = {
        period: high - indicator.targets[period]
        for period, high in indicator.upper.items()
        if period in indicator.targets
    }
    if not widths:
        return None
    points = [(d, widths.get(text, 0.0)) for d, _, _, text in _target_texts(indicator, index)]
    width = next((w for d, w in points if d >= day), points[-1][1] if points else 0.0)
    return low + width


def _target_texts(indicator: Indicator, index: PlanIndex) -> list[tuple[date, float, Period, str]]:
    points = []
    for text, value in indicator.targets.items():
        period = parse_period(text)
        due = due_date(period, index)
        if due is not None:
            points.append((due, value, period, text))
    return sorted(points, key=lambda p: p[0])


def _inside(value: float, low: float, high: float) -> bool:
    return low <= value <= high
