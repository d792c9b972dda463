"""Filing: filled workbooks' reports written as progress files, checked, or not written at all.

`jindu ledger import` files one workbook, `jindu inbox` every workbook in the inbox; both go
through `file_reports`: each report becomes PLANS/ORG/progress/PLAN-PERIOD-UNIT.yaml, the plans
are checked with the new files in place (the same checks as a progress file written by hand),
and the findings in those files are pointed back at the workbook cells they came from. When
any is an error every file goes back to what it was: nothing is written while an error remains.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from jindu.diagnostics.diagnostic import Diagnostic, Mark
from jindu.ledger.intake import Intake
from jindu.plans.loading import load_portfolio


@dataclass
class Filing:
    """What filing did: the files written (kept only when `ok`), the findings, any clash."""

    written: list[Path] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)  # at workbook cells where they came from one
    clashes: list[str] = field(default_factory=list)  # two workbooks for one file, or a file that exists
    ok: bool = True
    plans_ok: bool = True


def progress_path(plans_dir: Path, intake: Intake, plan_id: str) -> Path:
    return plans_dir / intake.organization / "progress" / f"{plan_id}-{intake.period.lower()}-{intake.unit}.yaml"


def file_reports(intakes: list[tuple[Path, Intake]], plans_dir: Path, reported: date, replace_existing: bool) -> Filing:
    """Write every intake's progress files, check them, keep them only if no error is found."""
    filing = Filing()
    planned: dict[Path, tuple[Path, str, list[tuple[int, int, str]]]] = {}
    for workbook, intake in intakes:
        for plan_id in intake.plans:
            target = progress_path(plans_dir, intake, plan_id)
            if target in planned:
                filing.clashes.append(
                    f"{workbook} and {planned[target][0]} both report {intake.unit} for {intake.period} ({target.name})"
                )
                continue
            if target.exists() and not replace_existing:
                filing.clashes.append(f"{target} exists; use --force to replace it")
                continue
            text, spans = intake.progress_yaml(plan_id, reported, workbook.name)
            planned[target] = (workbook, text, spans)
    if filing.clashes:
        filing.ok = False
        return filing
    before = {target: target.read_bytes() if target.exists() else None for target in planned}
    for target, (_, text, _) in planned.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    portfolio = load_portfolio([plans_dir])
    mine = {target.resolve(): (workbook, spans) for target, (workbook, _, spans) in planned.items()}
    for d in portfolio.diagnostics:
        key = Path(d.mark.path).resolve() if d.mark else None
        if key not in mine:
            continue
        workbook, spans = mine[key]
        line = d.mark.line if d.mark else 0
        cell = next((c for first, last, c in spans if first <= line <= last and c), "")
        moved = replace(d, mark=Mark(f"{workbook}:{cell}"), source_line="", breadcrumb="") if cell else d
        filing.findings.append(moved)
    filing.plans_ok = portfolio.ok
    if any(d.is_error for d in filing.findings):
        for target, old in before.items():
            if old is None:
                target.unlink()
            else:
                target.write_bytes(old)
        filing.ok = False
        return filing
    filing.written = list(planned)
    return filing
