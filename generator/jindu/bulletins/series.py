"""Series: which periods a plan's bulletin series has, and the number of each issue.

A plan's bulletin series is every period of the kinds its organization publishes (month,
quarter, half year, year; `bulletin.periods` in the directory file, default quarter and
year) inside the plan year. Issues are numbered per plan per year in the order their
periods end, the shorter period first when two end on the same day: with the default
series, 第1期 to 第4期 are the quarters and 第5期 the year. The numbering depends on the
series only, never on what a period contains, so a reader can tell from the number alone
which issue is missing. A correction (更正) keeps the number of the issue it corrects and
says 更正 beside it.

An issue reports its period as of an as-of date: the period's last day once it has ended,
else the date given. `draft_issue` picks the one period per plan the site prints a draft
of (see its docstring); issued bulletins are kept in the archive (archive.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from jindu.plans.model import BulletinPeriod, BulletinSettings
from jindu.plans.periods import Period, PeriodError, PeriodKind, parse_period
from jindu.status.verdicts import PlanStatus
from jindu.words.locale import file_suffix

if TYPE_CHECKING:
    from jindu.plans.index import PlanIndex

KIND_ORDER = {PeriodKind.MONTH: 0, PeriodKind.QUARTER: 1, PeriodKind.HALF: 2, PeriodKind.YEAR: 3}
_KINDS = {
    BulletinPeriod.MONTH: PeriodKind.MONTH,
    BulletinPeriod.QUARTER: PeriodKind.QUARTER,
    BulletinPeriod.HALF: PeriodKind.HALF,
    BulletinPeriod.YEAR: PeriodKind.YEAR,
}


class BulletinError(ValueError):
    """A bulletin was asked for that cannot exist; the message says why and what would."""


@dataclass(frozen=True)
class Issue:
    """One issue of a plan's bulletin: its period, its number and the date it reports as of."""

    plan_id: str
    period: Period
    number: int
    as_of: date
    draft: bool = False  # a draft of an issue not yet issued: marked 草稿 on every page
    correction: int = 0  # 1, 2…: the n-th correction (更正) of the issue with this number
    lang: str = "zh"
    issued_on: date | None = None  # the day it is issued (版记); None for a draft or a preview
    sample: bool = False  # issued with --sample: 示例数据 on every page, whatever its figures

    @property
    def slug(self) -> str:
        """The period as a file name: 2023-06, 2023-q2, 2023-h1, 2023."""
        return self.period.text.lower()

    @property
    def name(self) -> str:
        """The file name without suffix: 2023-q2, 2023-q2-c1 (a correction), 2023-q3-draft,
        with `.en` for the English edition."""
        stem = self.slug + (f"-c{self.correction}" if self.correction else "") + ("-draft" if self.draft else "")
        return stem + file_suffix(self.lang)

    @property
    def path(self) -> str:
        return f"plans/{self.plan_id}/bulletins/{self.name}.pdf"


def _year_period(index: PlanIndex) -> Period:
    """The whole plan year, ending on the plan's own end date."""
    return Period(str(index.plan.year), PeriodKind.YEAR, index.start, index.end)


def series(index: PlanIndex, kinds: list[BulletinPeriod]) -> list[Period]:
    """Every period of the series in the plan year, in issue order (1, 2, 3…)."""
    year = index.plan.year
    wanted = {_KINDS[k] for k in kinds}
    periods: list[Period] = []
    if PeriodKind.MONTH in wanted:
        periods += [parse_period(f"{year}-{m:02d}") for m in range(1, 13)]
    if PeriodKind.QUARTER in wanted:
        periods += [parse_period(f"{year}-Q{q}") for q in range(1, 5)]
    if PeriodKind.HALF in wanted:
        periods += [parse_period(f"{year}-H{h}") for h in (1, 2)]
    if PeriodKind.YEAR in wanted:
        periods.append(_year_period(index))
    periods = [p for p in periods if p.first_day <= index.end and p.last_day >= index.start]
    return sorted(periods, key=lambda p: (min(p.last_day, index.end), KIND_ORDER[p.kind]))


def has_schedule(ps: PlanStatus) -> bool:
    """A bulletin reports against dates: a plan with no dated milestone gets none."""
    return any(m.due for m in ps.milestones())


def elapsed_issues(index: PlanIndex, settings: BulletinSettings, as_of: date) -> list[Issue]:
    """The issues whose period has ended by `as_of`, each as of its period's last day."""
    issues = []
    for number, period in enumerate(series(index, settings.periods), start=1):
        end = min(period.last_day, index.end)
        if end <= as_of:
            issues.append(Issue(index.plan.id, period, number, end))
    return issues


def draft_issue(index: PlanIndex, settings: BulletinSettings, as_of: date, issued: set[str]) -> Issue | None:
    """The one issue of the plan the site prints as a draft, or None.

    Among the periods of the series that have begun by `as_of` and come after the last one
    in `issued` (period texts, lower case; an office that issued Q2 will not go back to
    Q1): the one that ended last, when any has ended (a secretariat drafts the
    period just closed until it issues it); else the running one that ends first. The
    draft reports as of `as_of` or the period's last day, whichever is earlier."""
    periods = series(index, settings.periods)
    # Issue numbers of the issued periods; a draft comes after the last of them.
    last = max((n for n, p in enumerate(periods, start=1) if p.text.lower() in issued), default=0)
    ended: list[Issue] = []
    running: list[Issue] = []
    for number, period in enumerate(periods, start=1):
        end = min(period.last_day, index.end)
        if period.first_day > as_of or number <= last:
            continue
        issue = Issue(index.plan.id, period, number, min(end, as_of), draft=True)
        (ended if end <= as_of else running).append(issue)
    if ended:
        return ended[-1]
    return running[0] if running else None


def find_issue(
    index: PlanIndex, settings: BulletinSettings, period_text: str, as_of: date | None, today: date
) -> Issue:
    """The issue for `period_text` (2023-06, 2023-Q2, 2023-H1, 2023). As of `as_of` when given,
    else as of the period's last day or `today`, whichever comes first."""
    try:
        period = parse_period(period_text)
    except PeriodError as error:
        raise BulletinError(str(error)) from None
    if period.kind not in KIND_ORDER:
        raise BulletinError(
            f"{period_text!r} is not a bulletin period; write a month (2023-06), a quarter "
            "(2023-Q2), a half year (2023-H1) or a year (2023)"
        )
    plan = index.plan
    periods = series(index, settings.periods)
    for number, candidate in enumerate(periods, start=1):
        if candidate.text.lower() == period.text.lower():
            end = min(candidate.last_day, index.end)
            day = as_of or min(end, today)
            if day < candidate.first_day:
                raise BulletinError(f"{period_text} has not begun on {day}; give --as-of a date inside or after it")
            return Issue(plan.id, candidate, number, day)
    kinds = ", ".join(k.value for k in settings.periods)
    if period.first_day.year != plan.year:
        raise BulletinError(f"{period_text} is outside the plan year {plan.year} of {plan.id}")
    raise BulletinError(
        f"{period_text} is a {period.kind.value}, but the bulletin series of {plan.organization} "
        f"publishes {kinds}; add {period.kind.value} to bulletin.periods in its directory file"
    )


def next_period(period: Period, index: PlanIndex) -> Period | None:
    """The period of the same kind that follows, when it starts inside the plan."""
    start = period.last_day + timedelta(days=1)
    if period.kind is PeriodKind.YEAR or start > index.end:
        return None
    if period.kind is PeriodKind.MONTH:
        return parse_period(f"{start.year}-{start.month:02d}")
    if period.kind is PeriodKind.QUARTER:
        return parse_period(f"{start.year}-Q{(start.month - 1) // 3 + 1}")
    return parse_period(f"{start.year}-H{1 if start.month <= 6 else 2}")
