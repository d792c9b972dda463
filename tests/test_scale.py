"""Work is done once per plan, never once per page: call counts on a generated 2,000-task plan.

Counts, not times: the real functions run, wrapped to count their calls, so the test says the
same on a quiet machine and a loaded one (timings belong in benchmarks, never in tests)."""

import datetime as dt
import subprocess

import pytest

from jindu.build import page_options
from jindu.charts.planner import plan_charts
from jindu.history import record
from jindu.history.record import read_history
from jindu.plans.loading import load_portfolio
from jindu.settings import Settings
from jindu.site.pages import PageRenderer
from jindu.status.engine import compute_status
from jindu.words.addresses import SiteMap
from jindu.words.names import Names
from synthetic import Shape, write_portfolio

TASKS = 2000


def git(repo, *args):
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """One 2,000-task plan in a repository with two commits: the plan, then a moved deadline."""
    repo = tmp_path_factory.mktemp("big")
    write_portfolio(repo, Shape(tasks=TASKS, plans=1, orgs=1))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    plan = next((repo / "plans").rglob("2023-p000.yaml"))
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("- period: 2023-Q3", "- period: 2023-Q4", 1), encoding="utf-8")
    git(repo, "commit", "-qam", "move a deadline")
    return repo


@pytest.mark.site
def test_pages_compare_each_plan_with_its_baseline_once(big, monkeypatch):
    plans = [big / "plans"]
    portfolio = load_portfolio(plans)
    assert portfolio.ok, portfolio.diagnostics.items[:3]
    assert sum(len(portfolio.index(p).entries) for p in portfolio.plans) > TASKS  # sub-targets too
    history = read_history(plans)
    report = compute_status(portfolio, dt.date(2023, 7, 15))
    charts = plan_charts(report, Names.build(portfolio), SiteMap(), "zh")  # specs only, nothing drawn

    calls = []
    real = record.compare_plans
    monkeypatch.setattr(record, "compare_plans", lambda old, new: calls.append(new.id) or real(old, new))
    settings = Settings(plans=tuple(plans), as_of=report.as_of, bulletins=False)
    outputs = PageRenderer(portfolio, report, page_options(settings), charts, history=history).render()

    assert len(outputs) > TASKS
    assert calls == ["2023-p000"]  # once for the plan, not once per task page
    moved = outputs.get("plans/2023-p000/t0001.md").text
    assert "2023-Q3" in moved and "2023-Q4" in moved  # the task page shows the moved deadline
