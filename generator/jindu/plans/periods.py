"""Periods: when a milestone falls due, written the way plans speak of time.

Grammar (all dates in the plan's own calendar):

=====================  ==============================  =====================
written                meaning                         seed wording
=====================  ==============================  =====================
``2023``               the whole year                  全年
``2023-H1``            first half-year                 上半年
``2023-Q2``            second quarter                  第二季度 / 二季度
``2023-06``            June                            6月
``2023-06-30``         a single day                    (a fixed deadline)
``2023-Q2..2023-Q3``   from the first to the second    第二、三季度
``unscheduled``        no date; never overdue by date  重要敏感时点
=====================  ==============================  =====================

A period has a first and a last day; a milestone is due on the last day. Recurring
milestones (每季度第一个月) are a period plus a `Recurrence`, see `occurrences`.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

UNSCHEDULED = "unscheduled"

_SINGLE = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:-(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?$"
)


class PeriodKind(str, Enum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"
    RANGE = "range"
    UNSCHEDULED = "unscheduled"


class PeriodError(ValueError):
    """The text is not a period; the message says what is wrong and how to write it."""


@dataclass(frozen=True)
class Period:
    text: str
    kind: PeriodKind
    start: date | None
    end: date | None

    @property
    def scheduled(self) -> bool:
        return self.kind is not PeriodKind.UNSCHEDULED

    @property
    def first_day(self) -> date:
        """The first day of a scheduled period. Call it only where the period is known to be
        scheduled: `unscheduled` has no days, and asking for one is a bug, not bad input."""
        if self.start is None:
            raise ValueError(f"period {self.text!r} has no dates")
        return self.start

    @property
    def last_day(self) -> date:
        """The last day of a scheduled period (see `first_day`)."""
        if self.end is None:
            raise ValueError(f"period {self.text!r} has no dates")
        return self.end

    def contains(self, other: Period) -> bool:
        if not (self.scheduled and other.scheduled):
            return True
        return self.first_day <= other.first_day and other.last_day <= self.last_day

    def __str__(self) -> str:
        return self.text


def _single(text: str) -> Period:
    match = _SINGLE.match(text)
    if not match:
        raise PeriodError(
            f"{text!r} is not a period; write 2023, 2023-H1, 2023-Q2, 2023-06, 2023-06-30, "
            "a range like 2023-Q2..2023-Q3, or 'unscheduled'"
        )
    year = int(match["year"])
    if match["half"]:
        half = int(match["half"][1])
        start = date(year, 1 if half == 1 else 7, 1)
        end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
        return Period(text, PeriodKind.HALF, start, end)
    if match["quarter"]:
        quarter = int(match["quarter"][1])
        first_month = 3 * quarter - 2
        last_month = first_month + 2
        return Period(
            text,
            PeriodKind.QUARTER,
            date(year, first_month, 1),
            date(year, last_month, calendar.monthrange(year, last_month)[1]),
        )
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise PeriodError(f"{text!r}: month {month} does not exist; months run 01 to 12")
        if match["day"]:
            day = int(match["day"])
            try:
                the_day = date(year, month, day)
            except ValueError:
                raise PeriodError(
                    f"{text!r} is not a real date: {calendar.month_name[month]} {year} has "
                    f"{calendar.monthrange(year, month)[1]} days"
                ) from None
            return Period(text, PeriodKind.DAY, the_day, the_day)
        return Period(
            text, PeriodKind.MONTH, date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        )
    return Period(text, PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31))


def parse_period(text: str) -> Period:
    """Parse a period; raises PeriodError with a message fit to show the plan's author."""
    if not isinstance(text, str):
        raise PeriodError(f"expected a period written as text (e.g. 2023-Q2), got {text!r}")
    return _parse(text)


@functools.lru_cache(maxsize=8192)
def _parse(text: str) -> Period:
    """A portfolio names the same few periods hundreds of thousands of times (a Period is
    immutable, so one parse serves them all); errors are raised again, never cached."""
    text = text.strip()
    if text == UNSCHEDULED:
        return Period(text, PeriodKind.UNSCHEDULED, None, None)
    if ".." in text:
        first_text, _, last_text = text.partition("..")
        if ".." in last_text:
            raise PeriodError(f"{text!r}: a range has exactly one '..'")
        first, last = _single(first_text.strip()), _single(last_text.strip())
        if first.last_day > last.last_day or first.first_day > last.first_day:
            raise PeriodError(f"{text!r}: the range ends before it starts")
        return Period(text, PeriodKind.RANGE, first.start, last.end)
    return _single(text)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


class Recurrence(str, Enum):
    """Milestones that repeat inside their period."""

    FIRST_MONTH_OF_QUARTER = "first-month-of-quarter"  # 每季度第一个月
    MONTHLY = "monthly"  # 每月
    QUARTERLY = "quarterly"  # 每季度


def occurrences(period: Period, recurrence: Recurrence) -> list[Period]:
    """The concrete periods a recurring milestone falls due in, in order."""
    if not period.scheduled:
        return []
    result: list[Period] = []
    assert period.start and period.end
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        key = f"{year}-{month:02d}"
        if recurrence is Recurrence.MONTHLY or (recurrence is Recurrence.FIRST_MONTH_OF_QUARTER and month % 3 == 1):
            result.append(_single(key))
        elif recurrence is Recurrence.QUARTERLY and month % 3 == 0:
            result.append(_single(f"{year}-Q{month // 3}"))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return result


def month_starts(start: date, end: date) -> list[date]:
    """The first day of every month from `start` to `end`."""
    result, day = [], date(start.year, start.month, 1)
    while day <= end:
        result.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return result
