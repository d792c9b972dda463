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
