"""`jindu import text`: start a new office's plans from the text it already has."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jindu.diagnostics.formats import format_text
from jindu.importers.prose import dump_yaml, import_prose
from jindu.importers.table import import_table
from jindu.plans.loading import load_portfolio


@click.group(name="import")
def import_group() -> None:
    """Turn an office's existing plan into jindu files: a plan table workbook or a prose text."""


def _plan_options(command):
    """The options both importers take: the source file, the new plan's id, its organization and year."""
    for option in reversed(
        (
            click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
            click.option("--id", "plan_id", required=True, help="The plan's id, e.g. 2024-qingpu."),
            click.option("--organization", required=True, help="The organization's id, e.g. qingpu."),
            click.option(
                "--organization-name", "org_name", required=True, help="Its full name, e.g. 青浦区卫生健康委员会."
            ),
            click.option("--year", type=int, required=True, help="The plan year."),
            click.option(
                "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("plans"), show_default=True
            ),
        )
    ):
        command = option(command)
    return command


def _write(
    folder: Path, plan_id: str, plan: dict, directory: dict, source: Path, comments=None, unit_comments=None
) -> tuple[Path, Path]:
    plan_file, directory_file = folder / f"{plan_id}.yaml", folder / "directory.yaml"
    taken = [p for p in (plan_file, directory_file) if p.exists()]
    if taken:
        raise click.UsageError(f"{', '.join(map(str, taken))} already exists; choose another --out")
    folder.mkdir(parents=True, exist_ok=True)
    said = f"Imported by `jindu import` from {source.name}. Review the titles, units and milestones."
    plan_file.write_text(dump_yaml(plan, said, comments), encoding="utf-8")
    ids = "Unit and person ids were made up (unit-01, person-01 …): rename them to stable ids."
    directory_file.write_text(dump_yaml(directory, ids, unit_comments), encoding="utf-8")
    return plan_file, directory_file


def _finish(folder: Path, source: Path, notes: list[str], summary: str) -> None:
    for note in notes:
        click.echo(f"{source}: note: {note}", err=True)
    portfolio = load_portfolio([folder])
    if portfolio.diagnostics:
        click.echo(format_text(list(portfolio.diagnostics)), err=True)
    click.echo(summary)
    sys.exit(0 if portfolio.ok else 1)


@import_group.command("table")
@_plan_options
@click.option("--title", default="", help="The plan's title (default: the text above the header row).")
def table(source: Path, plan_id: str, organization: str, org_name: str, year: int, title: str, out: Path) -> None:
    """Write OUT/ORG/PLAN.yaml and OUT/ORG/directory.yaml from a plan table workbook (XLSX)."""
    try:
        result = import_table(source, plan_id, organization, org_name, year, title)
    except ValueError as error:
        raise click.UsageError(f"{source}: {error}") from None
    except Exception as error:  # not a workbook: the user's input, never a traceback
        raise click.UsageError(f"{source} cannot be read as an XLSX workbook ({type(error).__name__})") from None
    folder = out / organization
    plan_file, directory_file = _write(
        folder, plan_id, result.plan, result.directory, source, result.comments, result.directory_comments
    )
    sections = result.plan["sections"]
    tasks = [t for s in sections for t in s["tasks"]]
    milestones = sum(len(t.get("milestones", [])) for t in tasks)
    units, people = len(result.directory["units"]), len(result.directory["people"])
    summary = (
        f"jindu import table: wrote {plan_file} and {directory_file}: {len(sections)} sections, {len(tasks)} tasks, "
        f"{milestones} milestones, {units} units, {people} people"
    )
    _finish(folder, source, result.notes, summary)


@import_group.command("text")
@_plan_options
def text(source: Path, plan_id: str, organization: str, org_name: str, year: int, out: Path) -> None:
    """Write OUT/ORG/PLAN.yaml and OUT/ORG/directory.yaml from a 工作要点 SOURCE text, check
    them, and list what could not be placed. Existing files are never overwritten."""
    try:
        content = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise click.UsageError(f"{source} is not UTF-8 text; save it as UTF-8 first") from None
    result = import_prose(content, plan_id, organization, org_name, year)
    folder = out / organization
    plan_file, directory_file = _write(
        folder, plan_id, result.plan, result.directory, source, result.comments, result.directory_comments
    )
    tasks = sum(len(s["tasks"]) for s in result.plan["sections"])
    dated = sum(1 for s in result.plan["sections"] for t in s["tasks"] if "milestones" in t)
    summary = (
        f"jindu import text: wrote {plan_file} and {directory_file}: {len(result.plan['sections'])} sections, "
        f"{tasks} tasks ({dated} with a dated milestone), {len(result.directory['units'])} units"
    )
    _finish(folder, source, result.notes, summary)
