"""`jindu ledger export|import`: the department's spreadsheet path to a progress report.

The edge of the ledger stage: reads arguments, the plans and the workbook, writes the files
it is told to, prints problems as FILE:sheet!cell lines and chooses the exit status.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from jindu.diagnostics.formats import format_text, printable
from jindu.ledger.filing import file_reports
from jindu.ledger.form import form_rows, indicator_rows, ledger_form
from jindu.ledger.intake import read_ledger
from jindu.plans.loading import load_portfolio
from jindu.plans.periods import PeriodError, parse_period
from jindu.settings import SettingsError, resolve_as_of
from jindu.status.engine import compute_status
from jindu.words.locale import Words


@click.group()
def ledger() -> None:
    """The 台账 round trip: export a department's fill-in workbook, import it as a progress file."""


def _plans(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) or [Path("plans")]


@ledger.command("export")
@click.option("--department", "unit", required=True, metavar="UNIT", help="The reporting unit's id (directory.yaml).")
@click.option("--period", required=True, metavar="PERIOD", help="The period reported, e.g. 2023-Q2 or 2023-06.")
@click.option("--organization", metavar="ORG", help="The organization, when the unit id is in several directories.")
@click.option("--as-of", "as_of", metavar="DATE", help="Current statuses as of this date (default: today).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="The workbook to write (default UNIT-PERIOD.xlsx)."
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def export(
    unit: str, period: str, organization: str | None, as_of: str | None, lang: str, output: Path | None, paths
) -> None:
    """Write the workbook UNIT fills in to report PERIOD: its milestones due in the period or
    still open, with a drop-down for the status."""
    try:
        chosen = parse_period(period)
        day = resolve_as_of(as_of)
    except (PeriodError, SettingsError) as error:
        raise click.UsageError(str(error)) from None
    portfolio = load_portfolio(_plans(paths))
    if not portfolio.ok:
        click.echo(format_text(list(portfolio.diagnostics)), err=True)
        sys.exit(1)
    orgs = [org for org, doc in portfolio.directories.items() if any(u.id == unit for u in doc.model.units)]
    if organization:
        orgs = [o for o in orgs if o == organization]
    if len(orgs) != 1:
        why = "is in no directory" if not orgs else f"is in several directories ({', '.join(orgs)}); add --organization"
        raise click.UsageError(f"unit '{unit}' {why}")
    org = orgs[0]
    name = next(u.name for u in portfolio.directories[org].model.units if u.id == unit)
    report = compute_status(portfolio, day)
    rows = form_rows(report, org, unit, chosen)
    indicators = indicator_rows(report, org, unit, chosen)
    target = output or Path(f"{unit}-{chosen.text}.xlsx")
    target.write_bytes(ledger_form(rows, Words(lang), org, unit, name, chosen, day, indicators))
    click.echo(
        f"jindu ledger export: wrote {target}: {len(rows)} milestones and {len(indicators)} indicators of {name} "
        f"for {chosen.text}"
    )


@ledger.command("import")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--plans", "plans_dir", type=click.Path(path_type=Path), default=Path("plans"), show_default=True)
@click.option("--date", "reported", metavar="DATE", help="The report's date (报送日期); default today.")
@click.option("--force", is_flag=True, help="Replace a progress file that already exists.")
def import_(workbook: Path, plans_dir: Path, reported: str | None, force: bool) -> None:
    """Turn a filled WORKBOOK into progress files (one per plan) under PLANS/ORG/progress/, then
    check them with the plans. Nothing is written while any cell has a problem."""
    try:
        day = resolve_as_of(reported)
    except SettingsError as error:
        raise click.UsageError(str(error)) from None
    intake = read_ledger(workbook)
    for problem in intake.problems:
        where = f"{workbook}:{problem.cell}" if problem.cell else f"{workbook}"
        click.echo(printable(f"{where}: error[E-LEDGER]: {problem.message}"), err=True)
    if intake.problems:
        sys.exit(1)
    if not intake.reports and not intake.actuals:
        click.echo(f"jindu ledger import: {workbook} has no filled 报送状态 or 实际值; nothing to import", err=True)
        sys.exit(1)
    filing = file_reports([(workbook, intake)], plans_dir, day, force)
    for clash in filing.clashes:
        click.echo(f"jindu ledger import: {clash}", err=True)
    if filing.findings:
        click.echo(format_text(filing.findings), err=True)
    if not filing.ok:
        if not filing.clashes:
            click.echo(f"jindu ledger import: nothing written; correct {workbook} and import it again", err=True)
        sys.exit(1)
    names = ", ".join(str(t) for t in filing.written)
    milestones = sum(len(r) for r in intake.reports.values())
    values = sum(len(r) for r in intake.actuals.values())
    click.echo(f"jindu ledger import: wrote {names}: {milestones} milestone reports, {values} indicator values")
    sys.exit(0 if filing.plans_ok else 1)


@dataclass(frozen=True)
class Finding:
    """A problem of a workbook in the inbox, at its sheet!cell where it has one."""

    path: Path
    cell: str
    code: str
    message: str
    hint: str = ""
    error: bool = True

    def line(self) -> str:
        where = f"{self.path}:{self.cell}" if self.cell else str(self.path)
        return printable(f"{where}: {'error' if self.error else 'warning'}[{self.code}]: {self.message}")

    def diagnostic(self):
        """As a diagnostic on the workbook (annotations name files, not cells: the cell leads the message)."""
        from jindu.diagnostics.diagnostic import Diagnostic, Mark, Severity

        message = f"{self.cell}: {self.message}" if self.cell else self.message
        severity = Severity.ERROR if self.error else Severity.WARNING
        return Diagnostic(severity, self.code, message, Mark(str(self.path)), hint=self.hint)


# Files an inbox may hold beside the workbooks, left alone without a word.
_QUIET = {".gitkeep", "README.md", "README.txt", "说明.txt"}


@click.command()
@click.option(
    "--inbox",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("inbox"),
    show_default=True,
    help="Where departments put their filled 台账 workbooks.",
)
@click.option("--plans", "plans_dir", type=click.Path(path_type=Path), default=Path("plans"), show_default=True)
@click.option("--date", "reported", metavar="DATE", help="The reports' date (报送日期); default today.")
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True)
@click.option(
    "--summary",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Append a Markdown report to this file, e.g. $GITHUB_STEP_SUMMARY.",
)
def inbox(folder: Path, plans_dir: Path, reported: str | None, fmt: str, summary: Path | None) -> None:
    """Take in every filled 台账 workbook under INBOX (what `jindu ledger export` wrote, filled in):
    write their progress files under PLANS, check the plans, and remove the workbooks taken in.
    Every problem is reported at its workbook's sheet!cell; nothing is written or removed while
    any remains. A report for a period already taken in is replaced (the pull request shows how)."""
    from jindu.diagnostics.formats import format_github, format_markdown

    try:
        day = resolve_as_of(reported)
    except SettingsError as error:
        raise click.UsageError(str(error)) from None
    problems: list[Finding] = []

    def problem(
        path: Path, cell: str, message: str, code: str = "E-LEDGER", hint: str = "", error: bool = True
    ) -> None:
        problems.append(Finding(path, cell, code, message, hint, error))

    books: list[Path] = []
    others: list[Path] = []
    if folder.is_dir() and not folder.is_symlink():
        inside = folder.resolve()
        for path in sorted(folder.rglob("*")):
            if path.is_symlink() or not path.resolve().is_relative_to(inside):
                problem(
                    path,
                    "",
                    "is a symbolic link; jindu reads no file from outside the repository: commit the workbook itself",
                )
            elif path.is_file() and path.suffix.lower() == ".xlsx" and not path.name.startswith("~$"):
                books.append(path)
            elif path.is_file() and path.name not in _QUIET:
                others.append(path)
    elif folder.is_symlink():
        problem(folder, "", "is a symbolic link; jindu reads no file from outside the repository")
    for path in others:
        click.echo(
            printable(
                f"jindu inbox: {path}: not a workbook jindu reads (.xlsx, from `jindu ledger export`); left in place"
            ),
            err=True,
        )
    intakes = []
    for book in books:
        intake = read_ledger(book)
        for p in intake.problems:
            problem(book, p.cell, p.message)
        if not intake.problems and not intake.reports and not intake.actuals:
            problem(book, "", "has no filled 报送状态 or 实际值; fill it in, or take it out of the inbox")
        elif not intake.problems:
            intakes.append((book, intake))
    filing = None
    if not problems and intakes:
        filing = file_reports(intakes, plans_dir, day, replace_existing=True)
        for clash in filing.clashes:
            problem(folder, "", clash)
        for d in filing.findings:
            where, _, cell = d.mark.path.rpartition(":") if d.mark and ".xlsx:" in d.mark.path else ("", "", "")
            path = Path(where) if cell else Path(d.mark.path if d.mark else folder)
            problem(path, cell, d.message, d.code, d.hint, d.is_error)
    shown = [f.diagnostic() for f in problems]
    if fmt == "github" and shown:
        click.echo(format_github(shown))
    for finding in problems:
        click.echo(finding.line(), err=True)
        if finding.hint:
            click.echo(printable(f"  hint: {finding.hint}"), err=True)
    if summary is not None:
        with summary.open("a", encoding="utf-8") as out:
            out.write(format_markdown(shown, len(books)).replace("jindu check", "jindu inbox", 1))
    errors = any(d.is_error for d in shown)
    if errors or (filing is not None and not filing.ok):
        click.echo(
            "jindu inbox: nothing written and no workbook removed; correct the workbooks and push them again", err=True
        )
        sys.exit(1)
    if filing is None:
        click.echo(f"jindu inbox: no filled workbook in {folder}/")
        sys.exit(0)
    for book, _ in intakes:
        book.unlink()
    names = ", ".join(str(t) for t in filing.written)
    click.echo(f"jindu inbox: took in {len(intakes)} workbooks from {folder}/: wrote {names}")
    sys.exit(0 if filing.plans_ok else 1)
