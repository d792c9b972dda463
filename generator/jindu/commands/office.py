"""An office's repository: `jindu new` and `jindu templates`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jindu import __version__
from jindu.commands.shared import as_of_date
from jindu.diagnostics.formats import format_text
from jindu.plans.loading import load_portfolio


@click.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--organization", required=True, help="The organization's id: lower-case letters, digits, '-' (qingpu).")
@click.option("--name", required=True, help="Its full name (上海市青浦区卫生健康委员会): the site's name and 主办单位.")
@click.option("--year", type=int, default=None, help="The plan year (default: this year in Asia/Shanghai).")
@click.option("--name-en", default="", help="Its name in English, for the English edition.")
@click.option("--english/--no-english", default=True, show_default=True, help="Also an English edition of the site.")
@click.option(
    "--from-table",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Start the plan from the office's plan table (XLSX), as `jindu import table` reads it.",
)
@click.option(
    "--from-text",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Start the plan from the office's 工作要点 text (UTF-8), as `jindu import text` reads it.",
)
def new(
    folder: Path,
    organization: str,
    name: str,
    year: int | None,
    name_en: str,
    english: bool,
    from_table: Path | None,
    from_text: Path | None,
) -> None:
    """Start an office's own repository in FOLDER: plans, site, help pages, CI, all from this jindu.

    FOLDER must be new, or empty but for .git (a clone of a new repository); nothing is ever
    overwritten. The result passes `jindu check` and builds with `jindu site` at once.
    """
    from jindu.importers.prose import dump_yaml
    from jindu.scaffold import Office, ScaffoldError, jindu_requirement, with_schema_line, write_office

    if from_table and from_text:
        raise click.UsageError("give --from-table or --from-text, not both")
    office = Office(organization, name.strip(), year or as_of_date(None).year, name_en.strip(), english)
    plans: dict[str, str] = {}
    source = from_table or from_text
    if source is not None and not office.problems():
        result, notes = _imported(source, office, from_table is not None)
        said = f"Imported by `jindu new` from {source.name}. Review the titles, units and milestones."
        ids = "Unit and person ids were made up (unit-01, person-01 …): rename them to stable ids."
        comments = getattr(result, "comments", None)
        plans = {
            f"{office.plan_id}.yaml": with_schema_line(dump_yaml(result.plan, said, comments)),
            "directory.yaml": with_schema_line(dump_yaml(result.directory, ids)),
        }
        for note in notes:
            click.echo(f"{source}: note: {note}", err=True)
    try:
        written = write_office(folder, office, plans)
    except ScaffoldError as error:
        click.echo(f"jindu new: {error}", err=True)
        sys.exit(1)
    portfolio = load_portfolio([folder / "plans"])
    if portfolio.diagnostics:
        click.echo(format_text(portfolio.diagnostics.sorted()), err=True)
    _, hashed = jindu_requirement()
    if not hashed:
        click.echo(
            f"jindu new: note: this jindu ({__version__}) was not installed from a release file, so "
            "requirements.txt pins its version without the file's hash; pip's hash check names the hash to add "
            "(or install jindu from its release file and run jindu new again)",
            err=True,
        )
    click.echo(
        f"jindu new: wrote {len(written)} files into {folder} for {office.name} ({office.plan_id}); next:\n"
        f"  cd {folder} && git init -q -b main && git add -A && git commit -qm 'jindu new'\n"
        "  python3 -m venv .venv && .venv/bin/pip install --require-hashes -r requirements.txt\n"
        "  .venv/bin/jindu check plans && .venv/bin/jindu site"
    )
    sys.exit(0 if portfolio.ok else 1)


def _imported(source: Path, office, table: bool):
    """The importers' plan and directory for `jindu new --from-table/--from-text`, and their notes."""
    from jindu.importers.prose import import_prose
    from jindu.importers.table import import_table

    args = (office.plan_id, office.organization, office.name, office.year)
    if table:
        try:
            result = import_table(source, *args)
        except ValueError as error:
            raise click.UsageError(f"{source}: {error}") from None
        except Exception as error:  # not a workbook: the user's input, never a traceback
            raise click.UsageError(f"{source} cannot be read as an XLSX workbook ({type(error).__name__})") from None
        return result, result.notes
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise click.UsageError(f"{source} is not UTF-8 text; save it as UTF-8 first") from None
    prose = import_prose(text, *args)
    return prose, prose.notes


@click.group()
def templates() -> None:
    """The templates jindu renders with, and an office's overrides of single files.

    An office overrides one file by copying it into its templates/ folder (beside mkdocs.yml)
    and editing the copy; every file it did not copy follows jindu's upgrades. A copy names the
    templates' format it was written for on its first line, so an upgrade that changes the
    format stops the build with a message instead of printing a wrong page.
    """


@templates.command("list")
def list_templates() -> None:
    """List jindu's template files (the names an override may take)."""
    from jindu.templating import packaged_files

    for relative in packaged_files():
        click.echo(relative)


@templates.command("show")
@click.argument("name")
def show_template(name: str) -> None:
    """Print jindu's own copy of the template NAME (e.g. pages/task.md.j2)."""
    from jindu.templating import PACKAGE, packaged_files

    if name not in packaged_files():
        raise click.BadParameter(f"{name!r} is not one of jindu's templates; `jindu templates list` lists them")
    click.echo((PACKAGE / name).read_text(encoding="utf-8"), nl=False)


@templates.command("copy")
@click.argument("name")
@click.option(
    "--to",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("templates"),
    show_default=True,
    help="The office's templates folder.",
)
def copy_template(name: str, folder: Path) -> None:
    """Copy jindu's template NAME into the office's templates folder, to edit it there."""
    from jindu.templating import PACKAGE, mark_line, packaged_files

    if name not in packaged_files():
        raise click.BadParameter(f"{name!r} is not one of jindu's templates; `jindu templates list` lists them")
    target = folder / name
    if target.exists():
        click.echo(f"jindu templates copy: {target} exists already; it was left as it was", err=True)
        sys.exit(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(mark_line(name) + (PACKAGE / name).read_text(encoding="utf-8"), encoding="utf-8")
    click.echo(f"jindu templates copy: wrote {target}; edit it there, and commit it")
