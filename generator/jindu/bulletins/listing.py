"""Listing: the bulletins a site publishes, issued and draft, as rows of the 简报 tables.

An issued bulletin comes from the archive (its record says what it is); a draft from this
build's press. Both become a `Listed` row in the site's language, so the pages need not
know where a file came from.

When drafts print in the background (`PressRun`, while MkDocs converts the pages), a draft
has no pages or size yet: its row shows a mark in their place, a `<span class="jd-pending">`
element (plan text is escaped, so no plan can forge an element; the sanitizer keeps it as
written), which `fill_pending` replaces in the written page once the PDF exists. Every draft row of such a build is marked, printed or not, so a page's
Markdown (and its cache entry) does not depend on the bulletin cache; the finished page has
the same bytes as if the drafts had been printed first.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from jindu.bulletins.archive import IssuedFile
from jindu.bulletins.press import PressRun, PressStats, PrintedBulletin
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
    pending: bool = False  # a draft of a build that prints while pages convert: filled in later
    sample: bool = False  # issued marked 示例数据 (its record says sample)

    @property
    def pages_text(self) -> str:
        """The pages cell as HTML: the count, or a pending draft's mark."""
        return pending_mark(self.path, "pages") if self.pending else str(self.pages)

    @property
    def size_text(self) -> str:
        """The size cell as HTML: kilobytes, or a pending draft's mark."""
        return pending_mark(self.path, "size") if self.pending else size_text(self.size)


def size_text(size: int) -> str:
    return f"{size / 1024:.0f} KB"


PENDING = '<span class="jd-pending">'


def pending_mark(path: str, field: str) -> str:
    """What a pending draft's row shows in place of `field` (pages or size), written as the
    sanitizer writes it back (a bulletin's path is ASCII: plan ids and period slugs)."""
    return f"{PENDING}{field} {html.escape(path, quote=False)}</span>"


def publish_pending(site: Path, printing: PressRun, pages: list[Path]) -> tuple[list[PrintedBulletin], PressStats]:
    """Wait for `printing`, write the drafts that were pending into the built `site` and
    fill their marks in `pages` (written HTML files). Raises what printing raised."""
    pending = {bulletin.path for bulletin in printing.pending}
    printed, stats = printing.finish()
    for bulletin in printed:
        if bulletin.path in pending:
            target = site / bulletin.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(bulletin.pdf)
    for page in pages:
        page.write_text(fill_pending(page.read_text(encoding="utf-8"), printed), encoding="utf-8")
    return printed, stats


def fill_pending(page: str, printed: list[PrintedBulletin]) -> str:
    """`page` with the marks of the drafts in `printed` replaced by their pages and sizes."""
    for bulletin in printed:
        page = page.replace(pending_mark(bulletin.path, "pages"), str(bulletin.pages))
        page = page.replace(pending_mark(bulletin.path, "size"), size_text(len(bulletin.pdf)))
    return page


def period_label(words: Words, text: str) -> str:
    period = parse_period(text)
    return (
        words("bulletin_year", year=period.first_day.year) if period.kind is PeriodKind.YEAR else words.period(period)
    )


def published(
    issued: list[IssuedFile], drafts: list[PrintedBulletin], words: Words, marks: bool = False
) -> dict[str, list[Listed]]:
    """Plan id → its published bulletins: the issued ones (the build has kept those whose
    data date is on or before its own), in number order, then the draft. With `marks`, the
    drafts' pages and sizes are marks that `fill_pending` replaces (drafts still printing)."""
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
                sample=record.sample,
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
                # Marked rows show marks, whether the draft came from the cache or is printing:
                # the row (a page's key holds it) must not say which either.
                0 if marks else printed.pages,
                0 if marks else len(printed.pdf),
                False,
                issue.lang,
                "",
                (issue.number, 99, issue.lang),
                marks,
            )
        )
    return {plan: sorted(items, key=lambda row: row.order) for plan, items in rows.items()}


def issued_periods(issued: list[IssuedFile]) -> dict[str, set[str]]:
    """Plan id → the periods (lower case) of `issued`."""
    periods: dict[str, set[str]] = {}
    for file in issued:
        periods.setdefault(file.record.plan, set()).add(file.record.period.lower())
    return periods
