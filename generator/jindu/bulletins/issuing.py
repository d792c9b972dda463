"""Issuing: print one bulletin from a commit of the plans into the archive, or reproduce one.

`issue_bulletin` is what `jindu bulletin issue` runs (on an office's machine or in the
manually dispatched CI workflow): it loads the plans, directory and reports as they stood
at a commit (default HEAD; uncommitted edits are never in an issued document), reads the
change history up to that commit (本期计划调整 as it was then), prints the issue and writes
the PDF and its record into the archive. `reproduce` prints an archived issue again from
its record, for a reader who wants to check that the file is what the data says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from jindu import __version__
from jindu.bulletins.archive import IssuedFile, IssueRecord, fingerprint, next_correction
from jindu.bulletins.press import Press, PressOptions, PrintedBulletin, bulletin_settings
from jindu.bulletins.series import BulletinError, find_issue, has_schedule
from jindu.charts.fonts import DEFAULT_FAMILY, find_chart_font
from jindu.diagnostics.formats import format_text
from jindu.history.gitrepo import GitError, GitRepo
from jindu.history.record import read_history
from jindu.history.snapshot import portfolio_at
from jindu.status.engine import compute_status
from jindu.status.verdicts import StatusRules
from jindu.templating import JINDUS_OWN, Templates

TIMEZONE = ZoneInfo("Asia/Shanghai")


class IssueError(ValueError):
    """An issue cannot be printed as asked; the message says why and what to do."""


@dataclass(frozen=True)
class IssueRequest:
    plans: tuple[Path, ...]  # plan files or folders, in the working tree
    plan_id: str
    period: str  # 2023-Q2
    issued_on: dt.date  # the office's date of issue (版记), also the PDF's date
    commit: str = "HEAD"
    as_of: dt.date | None = None  # default: the period's last day
    lang: str = "zh"
    base_url: str = ""
    pdf_variant: str = ""
    correction: int = 0
    chart_cache: Path | None = None
    templates: Templates = JINDUS_OWN
    sample: bool = False  # the office knows the figures include sample reports: print 示例数据 on every page
    # The configuration's status rules (jindu.yml); the record keeps them for `reproduce`.
    rules: StatusRules = field(default_factory=StatusRules)
    # Reproducing: the pinned plans were issued, so a check added since (an error today) does
    # not stop the reprint of a plan that still loads.
    reproducing: bool = False
    chart_font: str = DEFAULT_FAMILY  # jindu.yml's charts: font, as the site's drafts use it


def print_issue(request: IssueRequest) -> tuple[IssueRecord, PrintedBulletin]:
    """Print the issue `request` names from its commit; raises IssueError."""
    try:
        repo = GitRepo.find(request.plans[0].resolve())
        sha = repo.resolve(request.commit)
    except GitError as error:
        raise IssueError(f"an issued bulletin is printed from a commit: {error}") from None
    plans = [p.resolve() for p in request.plans]
    portfolio = portfolio_at(repo, sha, plans)
    if not portfolio.ok and not (request.reproducing and request.plan_id in portfolio.plans):
        raise IssueError(
            f"the plans at commit {sha[:7]} have errors; fix them and commit first:\n"
            + format_text(portfolio.diagnostics.sorted())
        )
    if request.plan_id not in portfolio.plans:
        known = ", ".join(sorted(portfolio.plans)) or "none"
        raise IssueError(f"no plan has the id {request.plan_id!r} at commit {sha[:7]}; the plans are: {known}")
    index = portfolio.index(request.plan_id)
    settings_ = bulletin_settings(portfolio, request.plan_id)
    try:
        issue = find_issue(index, settings_, request.period, request.as_of, request.issued_on)
    except BulletinError as error:
        raise IssueError(str(error)) from None
    end = min(issue.period.last_day, index.end)
    if request.as_of is None and end > request.issued_on:
        raise IssueError(
            f"{issue.period.text} ends on {end}, after the date of issue {request.issued_on}: an issue reports "
            "a whole period; issue it once the period has ended, or print a preview with `jindu bulletin print`"
        )
    status = compute_status(portfolio, issue.as_of, request.rules).plans[request.plan_id]
    if not has_schedule(status):
        raise IssueError(f"{request.plan_id} has no dated milestones, so it has no periodic bulletin")
    invented = sum(1 for t in status.tasks.values() if t.sample and not t.children) if status.sample else 0
    if invented and not request.sample:
        raise IssueError(
            f"the figures of {request.plan_id} as of {issue.as_of} include sample reports (示例数据, files marked "
            f"`sample: true`) for {invented} task(s); an issued bulletin is an official record: remove those "
            "reports and commit, or issue a bulletin marked 示例数据 on every page with --sample"
        )
    issue = replace(
        issue, lang=request.lang, correction=request.correction, issued_on=request.issued_on, sample=request.sample
    )
    options = PressOptions(
        lang=request.lang,
        chart_cache=request.chart_cache,
        pdf_variant=request.pdf_variant or None,
        pdf_date=dt.datetime.combine(request.issued_on, dt.time(), TIMEZONE),
        base_url=request.base_url or None,
        revision=sha[:7],
        rules=request.rules,
        templates=request.templates,
        history=read_history(plans, head=sha),
    )
    printed, _ = Press(portfolio, options, find_chart_font(request.chart_font)).run([issue])
    result = printed[0]
    record = IssueRecord(
        plan=request.plan_id,
        period=issue.period.text,
        number=issue.number,
        lang=request.lang,
        as_of=issue.as_of.isoformat(),
        issued_on=request.issued_on.isoformat(),
        commit=sha,
        jindu=__version__,
        sha256=fingerprint(result.pdf),
        bytes=len(result.pdf),
        pages=result.pages,
        correction=request.correction,
        base_url=request.base_url,
        pdf_variant=request.pdf_variant,
        sample=result.bulletin.sample,
        templates=request.templates.digest(),
        lock=packages_digest(),
        rules=rules_text(request.rules),
    )
    return record, result


def request_for(
    record: IssueRecord, plans: tuple[Path, ...], chart_cache: Path | None = None, templates: Templates = JINDUS_OWN
) -> IssueRequest:
    """The request that printed `record`: its pin, as `reproduce` replays it."""
    return IssueRequest(
        plans=plans,
        plan_id=record.plan,
        period=record.period,
        issued_on=dt.date.fromisoformat(record.issued_on),
        commit=record.commit,
        as_of=dt.date.fromisoformat(record.as_of),
        lang=record.lang,
        base_url=record.base_url,
        pdf_variant=record.pdf_variant,
        correction=record.correction,
        chart_cache=chart_cache,
        templates=templates,
        sample=record.sample,
        rules=rules_of(record.rules),
        reproducing=True,
    )


def correction_number(issued: list[IssuedFile], request: IssueRequest, correcting: bool) -> int:
    """0 for a first issue, n for the n-th correction; IssueError when the choice is wrong."""
    number = next_correction(issued, request.plan_id, request.period, request.lang)
    if number and not correcting:
        raise IssueError(
            f"{request.plan_id} {request.period} is issued already; an issued bulletin never changes: "
            "issue a correction (--correction) if it must be corrected"
        )
    if correcting and not number:
        raise IssueError(f"{request.plan_id} {request.period} was never issued, so it has nothing to correct")
    return number


def rules_text(rules: StatusRules) -> str:
    """The status rules as a record keeps them."""
    return (
        f"due_soon_days={rules.due_soon_days} report_grace_days={rules.report_grace_days} "
        f"about_tolerance={rules.about_tolerance:g}"
    )


def rules_of(text: str) -> StatusRules:
    """The rules a record was printed under ("" for a record from before they were kept: the defaults then)."""
    if not text:
        return StatusRules()
    values = dict(part.split("=", 1) for part in text.split())
    return StatusRules(
        due_soon_days=int(values["due_soon_days"]),
        report_grace_days=int(values["report_grace_days"]),
        about_tolerance=float(values["about_tolerance"]),
    )


def packages_digest() -> str:
    """SHA-256 of the installed packages as `name==version` lines, sorted (jindu left out, its
    version is recorded apart): two environments installed from the same lock give the same digest."""
    pins = sorted(
        {
            f"{(dist.metadata['Name'] or '').lower()}=={dist.version}"
            for dist in importlib.metadata.distributions()
            if (dist.metadata["Name"] or "").lower() not in ("jindu", "")
        }
    )
    return hashlib.sha256("".join(pin + "\n" for pin in pins).encode("utf-8")).hexdigest()


def same_version(record: IssueRecord, templates: Templates = JINDUS_OWN) -> str:
    """ "" when this jindu is the one that printed `record`, else why a reprint may differ."""
    if record.jindu == __version__:
        if record.lock and record.lock != packages_digest():
            return (
                "it was printed with other package versions than this environment has; install the "
                "requirements file of its commit (pip install --require-hashes -r requirements.txt) in a "
                "fresh virtual environment and reproduce it there"
            )
        if record.templates and record.templates != templates.digest():
            return (
                "it was printed with other templates than this repository's overrides now give; "
                "check out the overrides (templates/) as they were at its commit and reproduce it there"
            )
        return ""
    return (
        f"it was printed by jindu {record.jindu} and this is {__version__}: another version may print "
        f"the same data differently; to reproduce it byte for byte, install that version in a virtual "
        f"environment of its own (python3 -m venv .venv-{record.jindu} && "
        f".venv-{record.jindu}/bin/pip install 'jindu[site]=={record.jindu}') and run its "
        f"`jindu bulletin reproduce` there"
    )
