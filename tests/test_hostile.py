"""The hostile corpus: each bad file is reported with the exact code and line, exit 1, no traceback."""

import re
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from jindu.cli import main
from jindu.plans.loading import load_portfolio

HERE = Path(__file__).parent / "hostile"
BASE = HERE / "_base"
CASES = sorted(HERE.glob("*.yaml"))


def expectation(path: Path) -> tuple[str, int]:
    head = path.read_bytes()[:200].decode("utf-8", "replace")
    match = re.search(r"expect: ([A-Z-]+) (\d+)", head)
    assert match, f"{path.name} lacks an '# expect: CODE LINE' header"
    return match.group(1), int(match.group(2))


def test_corpus_is_large_enough():
    assert len(CASES) >= 25


def test_base_fixture_is_clean():
    portfolio = load_portfolio([BASE])
    assert portfolio.diagnostics.items == []


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_hostile_file_reports_code_and_line(path):
    code, line = expectation(path)
    portfolio = load_portfolio([BASE, path])
    found = [(d.code, d.mark.line) for d in portfolio.diagnostics if d.mark and d.mark.path.endswith(path.name)]
    assert (code, line) in found, found


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_cli_exits_nonzero_without_traceback(path):
    # In this process: `python -m jindu` runs the same click command (test_symlinks.py and the
    # build tests run the real executable).
    code, _ = expectation(path)
    result = CliRunner().invoke(main, ["check", "--strict", str(BASE), str(path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert f"[{code}]" in result.output


def test_billion_laughs_fails_fast():
    # Bounded by memory, not by a clock: a timed assertion flakes on a busy 2-core runner,
    # while an expansion that was not stopped early would need gigabytes.
    tracemalloc.start()
    try:
        portfolio = load_portfolio([HERE / "02-billion-laughs.yaml"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.code for d in portfolio.diagnostics] == ["E-YAML-ALIAS-BOMB"]
    assert peak < 256 * 2**20, peak  # the 200,000-value limit costs about 70 MB here


def test_all_errors_reported_at_once(tmp_path):
    bad = tmp_path / "many.yaml"
    bad.write_text(
        "kind: plan\nid: Bad\norganization: test-org\ntitle: t\nyear: 2023\nstart: 2023-13-01\ntitel: x\n",
        encoding="utf-8",
    )
    other = tmp_path / "dup.yaml"
    other.write_text("a: 1\na: 2\n", encoding="utf-8")
    codes = sorted(d.code for d in load_portfolio([BASE, tmp_path]).diagnostics)
    assert codes == ["E-DATE", "E-DUP-KEY", "E-ID", "E-UNKNOWN-KEY"]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def lines_of(portfolio, name: str) -> list[tuple[str, int, str]]:
    return [(d.code, d.mark.line, d.message) for d in portfolio.diagnostics if d.mark.path.endswith(name)]


PLAN = """kind: plan
id: rounds
organization: test-org
title: 一次报告全部问题
year: 2023
sections:
  - id: s1
    title: 一、测试
    tasks:
      - id: t1
        title: [标题写成了列表]
        lead_departments: [bangongshi]
      - id: t2
        title: 任务二
        lead_departments: [bangongshl]
"""


def test_a_removed_task_keeps_the_lines_of_the_tasks_after_it(tmp_path):
    """The salvaged plan lost t1 (its title is a list); t2 is now the first task, and its
    typo is still reported on its own line (15), not on t1's."""
    write(tmp_path, "plan.yaml", PLAN)
    found = lines_of(load_portfolio([BASE, tmp_path]), "plan.yaml")
    assert found == [
        ("E-TYPE", 11, "'title': expected text, got a list"),
        ("E-REF", 15, "unknown unit 'bangongshl'"),
    ]


def test_a_report_on_a_plan_with_errors_is_not_guessed_at(tmp_path):
    """Before: E-REF "unknown plan 'rounds'", with a did-you-mean naming another plan."""
    write(tmp_path, "plan.yaml", PLAN)
    write(tmp_path, "report.yaml", "kind: progress\nplan: rounds\nreported: 2023-07-01\nmilestones: []\n")
    portfolio = load_portfolio([BASE, tmp_path])
    found = [d for d in portfolio.diagnostics if d.mark.path.endswith("report.yaml")]
    assert [(d.code, d.mark.line, d.message, d.hint) for d in found] == [
        (
            "W-UNCHECKED",
            2,
            "plan 'rounds' has errors (see above)",
            "this file is checked against the plan once they are fixed",
        )
    ]


def test_a_plan_of_a_directory_with_errors_is_not_told_its_organization_is_unknown(tmp_path):
    write(tmp_path, "directory.yaml", "kind: directory\norganization: {id: other-org, name: 其他}\nunits: [{id: x}]\n")
    write(tmp_path, "plan.yaml", PLAN.replace("test-org", "other-org").replace("[标题写成了列表]", "任务一"))
    found = lines_of(load_portfolio([BASE, tmp_path]), "plan.yaml")
    assert found == [("W-UNCHECKED", 3, "the directory for organization 'other-org' has errors (see above)")]


def test_a_newline_in_a_file_name_keeps_each_diagnostic_on_one_line(tmp_path, monkeypatch):
    """A file name may hold a newline (git allows it); in a CI log it would split
    `file:line:col` over two lines, so names are shown with escapes."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "bad\nname.yaml").write_bytes((HERE / "62-capital-key.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", str(BASE), "plans"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first == "plans/bad\\nname.yaml:7:1: error[E-UNKNOWN-KEY]: unknown key 'Title' (in PlanFile)"
