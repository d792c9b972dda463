"""Build: the one function that runs the pipeline, for the plugin, the CLI and the tests.

`build_outputs(settings)` loads and checks the plans, computes the status report as of
`settings.as_of` and renders every page and asset. It never writes files: the caller
decides (MkDocs keeps them in memory, `jindu render --out` writes a tree). When the plans
have errors it returns no outputs and the diagnostics, so nothing half-built is published.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostics
from .outputs import Outputs
from .pages import PageRenderer
from .portfolio import Portfolio, load_portfolio
from .settings import Settings
from .status import StatusReport, compute_status

ASSETS = ("assets/jindu.css",)


@dataclass
class BuildResult:
    outputs: Outputs
    diagnostics: Diagnostics
    report: StatusReport | None
    portfolio: Portfolio

    @property
    def ok(self) -> bool:
        return self.report is not None


def build_outputs(settings: Settings) -> BuildResult:
    """Load → check → status → pages and assets. Outputs are empty when the plans have errors."""
    portfolio = load_portfolio(list(settings.plans))
    if not portfolio.ok:
        return BuildResult(Outputs(), portfolio.diagnostics, None, portfolio)
    report = compute_status(portfolio, settings.as_of, settings.rules)
    outputs = PageRenderer(portfolio, report, settings).render()
    for asset in ASSETS:
        outputs.add(asset, (settings.templates / asset).read_bytes(), "asset")
    return BuildResult(outputs, portfolio.diagnostics, report, portfolio)
