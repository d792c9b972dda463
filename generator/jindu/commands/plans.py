"""The commands on the plans: `jindu check`, `diff`, `stats` and `schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from jindu.commands.shared import AS_OF_HELP, LANG_OPTION, archive_folder, as_of_date, chosen_paths, summary_option
from jindu.diagnostics.formats import (
    format_github,
    format_gitlab,
    format_json,
    format_markdown,
    format_text,
    summary_line,
)
from jindu.plans.composer import FAST, SLOW_YAML
from jindu.plans.loading import load_portfolio


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "gitlab", "json"]),
    default="text",
    show_default=True,
    help="text for people, github for Actions annotations, gitlab for a Code Quality report, json for tools.",
)
@summary_option("the whole report")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@click.option(
    "--base",
    metavar="REV",
    default=None,
    help="Also compare with the plans at this git revision (e.g. main, origin/main): a moved deadline or "
    "changed target needs a new `reason`. Use `merge-base` for the merge base with the main branch.",
)
def check(paths: tuple[Path, ...], fmt: str, summary: Path | None, strict: bool, base: str | None) -> None:
    """Validate plan, directory and progress files (default: plans/).

    Reports every problem at once as PATH:LINE:COL: error[CODE]: message, and exits 1
    when there is an error (or, with --strict, a warning).
    """
    plan_paths = chosen_paths(paths)
    if not FAST:
        click.echo(f"jindu check: warning: {SLOW_YAML}", err=True)
    portfolio = load_portfolio(plan_paths)
    _check_archive(portfolio, plan_paths)
    if base:
        _check_base(portfolio, plan_paths, base)
    diagnostics = portfolio.diagnostics.sorted()
    if summary is not None:
        with summary.open("a", encoding="utf-8") as handle:
            handle.write(format_markdown(diagnostics, len(portfolio.files)))
    if fmt == "json":
        click.echo(format_json(diagnostics))
    elif fmt == "gitlab":
        click.echo(format_gitlab(diagnostics))
    elif fmt == "github":
        if diagnostics:
            click.echo(format_github(diagnostics))
    else:
        if diagnostics:
            click.echo(format_text(diagnostics))
            click.echo("")
        files = len(portfolio.files)
        click.echo(f"checked {files} file{'s' if files != 1 else ''}: {summary_line(diagnostics)}")
    failed = any(d.is_error for d in diagnostics) or (strict and diagnostics)
    sys.exit(1 if failed else 0)


def _check_archive(portfolio, plan_paths: list[Path]) -> None:
    """The archive of issued bulletins beside the plans: every record matches its PDF, and
    nothing ever issued has been deleted or changed (against git history)."""
    from jindu.bulletins.archive import check_permanence, read_archive

    folder = archive_folder(plan_paths, None)
    read_archive(folder, portfolio.diagnostics)
    check_permanence(folder, portfolio.diagnostics)


def _check_base(portfolio, plan_paths: list[Path], base: str) -> None:
    """Add the base comparison's diagnostics, or E-BASE when the base cannot be read."""
    from jindu.diagnostics.diagnostic import Mark
    from jindu.history.gitrepo import GitError, GitRepo
    from jindu.history.snapshot import portfolio_at
    from jindu.review.basecheck import check_against

    try:
        repo = GitRepo.find(plan_paths[0].resolve())
        revision = repo.main_base() if base == "merge-base" else repo.resolve(base)
        before = portfolio_at(repo, revision, plan_paths)
    except GitError as error:
        portfolio.diagnostics.add(
            "E-BASE",
            f"cannot compare with {base!r}: {error}",
            Mark(str(plan_paths[0])),
            hint="name a commit this clone has; in CI, check out with the whole history (fetch-depth: 0)",
        )
        return
    check_against(before, portfolio)


def _revision_name(repo, revision: str | None) -> str:
    from jindu.review.diffreport import describe_commit

    return describe_commit(repo.commit(revision), revision) if revision else "working tree"


@click.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--plans", "paths", multiple=True, type=click.Path(path_type=Path), help="Plan files or folders (default: plans/)."
)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option(
    "--as-of", "as_of", metavar="DATE", help="Compare statuses as of this date. " + AS_OF_HELP.split(". ", 1)[1]
)
@LANG_OPTION
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the report to this file (default: print it).",
)
def diff(
    base: str | None,
    head: str | None,
    paths: tuple[Path, ...],
    fmt: str,
    as_of: str | None,
    lang: str,
    out: Path | None,
) -> None:
    """Report what a change does to the plans: BASE (default: the merge base with the main
    branch) against HEAD (default: the working tree).

    Lists tasks, milestones and indicators added or removed; targets, deadlines and owners
    changed (old → new, with the reason); statuses that change as of the date; and the
    files touched that are not plans. Exits 0 whatever it finds; `jindu check --base` judges.
    """
    from jindu.history.gitrepo import GitError, GitRepo
    from jindu.history.snapshot import is_plan_data, pathspecs, portfolio_at
    from jindu.review.diffreport import build_diff, to_json, to_markdown
    from jindu.words.names import Names

    plan_paths = chosen_paths(paths)
    day = as_of_date(as_of)
    try:
        repo = GitRepo.find(plan_paths[0].resolve())
        base_rev = repo.resolve(base) if base else repo.main_base()
        head_rev = repo.resolve(head) if head else None
        before = portfolio_at(repo, base_rev, plan_paths)
        after = portfolio_at(repo, head_rev, plan_paths) if head_rev else load_portfolio(plan_paths)
        specs = pathspecs(repo, plan_paths)
        touched = repo.changed_paths(base_rev, head_rev)
        base_name, head_name = _revision_name(repo, base_rev), _revision_name(repo, head_rev)
    except GitError as error:
        click.echo(f"jindu diff: {error}", err=True)
        sys.exit(2)
    data = {
        p
        for p in touched
        if is_plan_data(p) and any(s == "." or p == s or p.startswith(s.rstrip("/") + "/") for s in specs)
    }
    report = build_diff(
        before,
        after,
        day,
        base_name=base_name,
        head_name=head_name,
        changed_paths=touched,
        progress_paths=data,
        lang=lang,
    )
    organizations = {pid: after.plan(pid).organization for pid in after.plans}
    organizations.update({pid: before.plan(pid).organization for pid in before.plans if pid not in organizations})
    names = Names.build(after)
    text = to_json(report) if fmt == "json" else to_markdown(report, names, organizations, lang)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    else:
        click.echo(text)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stats(paths: tuple[Path, ...], as_json: bool) -> None:
    """Count sections, tasks, milestones, indicators, people and units per plan."""
    from jindu.plans.stats import portfolio_stats

    portfolio = load_portfolio(chosen_paths(paths))
    if not portfolio.ok:
        click.echo(format_text(portfolio.diagnostics.errors), err=True)
        click.echo("jindu stats: fix the errors above first (jindu check)", err=True)
        sys.exit(1)
    result = portfolio_stats(portfolio)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    header = f"{'plan':<28} {'sec':>4} {'task':>5} {'sub':>4} {'mile':>5} {'Q':>4} {'M':>4} {'oth':>4} {'ind':>4}"
    click.echo(header)
    for row in result["plans"] + [dict(result["total"], id="total")]:
        ms = row["milestones"]
        click.echo(
            f"{row['id']:<28} {row['sections']:>4} {row['tasks']:>5} {row['subtargets']:>4} "
            f"{ms['total']:>5} {ms['quarter']:>4} {ms['month']:>4} {ms['other']:>4} {row['indicators']:>4}"
        )


@click.command()
@click.option("--write", "mode", flag_value="write", help="Regenerate schema/ and docs/reference/.")
@click.option("--check", "mode", flag_value="check", help="Exit 1 if the generated files are stale.")
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Repository root.",
)
def schema(mode: str | None, root: Path) -> None:
    """Print the JSON Schema of the plan format, or regenerate the committed copies."""
    import jindu.plans.schema as schema_module

    if mode == "write":
        for path in schema_module.write(root):
            click.echo(f"wrote {path}")
    elif mode == "check":
        stale = schema_module.stale(root)
        for path in stale:
            click.echo(f"stale: {path} (run `make schema`)", err=True)
        sys.exit(1 if stale else 0)
    else:
        click.echo(schema_module.render_schema(), nl=False)
