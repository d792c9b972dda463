"""`jindu ledger export|import`: the department's spreadsheet path to a progress report.

The edge of the ledger stage: reads arguments, the plans and the workbook, writes the files
it is told to, prints problems as FILE:sheet!cell lines and chooses the exit status.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from jindu.diagnostics.diagnostic import Mark
from jindu.diagnostics.formats import format_text
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
        click.echo(f"{where}: error[E-LEDGER]: {problem.message}", err=True)
    if intake.problems:
        sys.exit(1)
    if not intake.reports and not intake.actuals:
        click.echo(f"jindu ledger import: {workbook} has no filled 报送状态 or 实际值; nothing to import", err=True)
        sys.exit(1)
    folder = plans_dir / intake.organization / "progress"
    written = []
    for plan_id in intake.plans:
        target = folder / f"{plan_id}-{intake.period.lower()}-{intake.unit}.yaml"
        if target.exists() and not force:
            click.echo(f"jindu ledger import: {target} exists; use --force to replace it", err=True)
            sys.exit(1)
        text, spans = intake.progress_yaml(plan_id, day, workbook.name)
        written.append((target, text, spans, target.read_bytes() if target.exists() else None))
    folder.mkdir(parents=True, exist_ok=True)
    for target, text, _, _ in written:
        target.write_text(text, encoding="utf-8")
    # The same checks as a progress file written by hand; a value they refuse is reported at its
    # cell and nothing stays written.
    portfolio = load_portfolio([plans_dir])
    mine = {t.resolve(): spans for t, _, spans, _ in written}
    problems = [d for d in portfolio.diagnostics if d.mark and Path(d.mark.path).resolve() in mine]
    shown = []
    for d in problems:
        spans = mine[Path(d.mark.path).resolve()]
        cell = next((c for first, last, c in spans if first <= d.mark.line <= last and c), "")
        shown.append(replace(d, mark=Mark(f"{workbook}:{cell}"), source_line="", breadcrumb="") if cell else d)
    if shown:
        click.echo(format_text(shown), err=True)
    if any(d.is_error for d in problems):
        for target, _, _, before in written:
            if before is None:
                target.unlink()
            else:
                target.write_bytes(before)
        click.echo(f"jindu ledger import: nothing written; correct {workbook} and import it again", err=True)
        sys.exit(1)
    names = ", ".join(str(t) for t, _, _, _ in written)
    milestones = sum(len(r) for r in intake.reports.values())
    values = sum(len(r) for r in intake.actuals.values())
    click.echo(f"jindu ledger import: wrote {names}: {milestones} milestone reports, {values} indicator values")
    sys.exit(1 if not portfolio.ok else 0)
