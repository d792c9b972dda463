"""Listing: the bulletins a site publishes, issued and draft, as rows of the 简报 tables.

An issued bulletin comes from the archive (its record says what it is); a draft from this
build's press. Both become a `Listed` row in the site's language, so the pages need not
know where a file came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from jindu.bulletins.archive import IssuedFile
from jindu.bulletins.press import PrintedBulletin
from jindu.plans.periods import PeriodKind, parse_period
from jindu.words.locale import Words


@dataclass(frozen=True)
class Listed:
    """One published bulletin: a row of the plan's and the site's 简报 tables."""

    plan_id: str
    path: str  # where the site serves the PDF
    number: str  # 第2期, 第2期（更正）
    period: str  # 2023年第二季度
    as_of: str  # the data date, formatted
    pages: int
    size: int  # bytes
    issued: bool  # False: a draft
    lang: str  # the PDF's language: zh or en
    commit: str = ""  # the plans' commit an issued bulletin was printed from, short
    order: tuple = ()


def period_label(words: Words, text: str) -> str:
    period = parse_period(text)
    return (
        words("bulletin_year", year=period.first_day.year) if period.kind is PeriodKind.YEAR else words.period(period)
    )


def published(issued: list[IssuedFile], drafts: list[PrintedBulletin], words: Words) -> dict[str, list[Listed]]:
    """Plan id → its published bulletins: the issued ones (the build has kept those whose
    data date is on or before its own), in number order, then the draft."""
    rows: dict[str, list[Listed]] = {}
    for file in issued:
        record = file.record
        rows.setdefault(record.plan, []).append(
            Listed(
                record.plan,
                file.path,
                words.issue_no(record.number, record.correction),
                period_label(words, record.period),
                words.long_day(record.as_of_date),
                record.pages,
                record.bytes,
                True,
                record.lang,
                record.commit[:7],
                (record.number, record.correction, record.lang),
            )
        )
    for printed in drafts:
        issue = printed.issue
        rows.setdefault(issue.plan_id, []).append(
            Listed(
                issue.plan_id,
                issue.path,
                words.issue_no(issue.number),
                printed.bulletin.period_label,
                printed.bulletin.as_of,
                printed.pages,
                len(printed.pdf),
                False,
                issue.lang,
                "",
                (issue.number, 99, issue.lang),
            )
        )
    return {plan: sorted(items, key=lambda row: row.order) for plan, items in rows.items()}


def issued_periods(issued: list[IssuedFile]) -> dict[str, set[str]]:
    """Plan id → the periods (lower case) of `issued`."""
    periods: dict[str, set[str]] = {}
    for file in issued:
        periods.setdefault(file.record.plan, set()).add(file.record.period.lower())
    return periods
