"""Symbolic links in the plans folder: a link that leads out of it, dangles or loops is an
E-SYMLINK error at the link, and its target is never read or printed."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jindu.plans.loading import load_portfolio

BASE = Path(__file__).parent / "hostile" / "_base"
SECRET = "SECRET-7f3a-never-print-me"
# Valid YAML, and a valid plan: if the loader ever read it, the plan id or the marker would
# show up in the portfolio or in the output.
SECRET_PLAN = f"kind: plan\nid: leaked\norganization: test-org\ntitle: {SECRET}\nyear: 2023\nsections: []\n"


@pytest.fixture
def tree(tmp_path):
    """plans/ (a copy of the clean base portfolio) beside outside/secret.yaml."""
    plans = tmp_path / "plans"
    shutil.copytree(BASE, plans)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(SECRET_PLAN, encoding="utf-8")
    return plans, outside


def check(plans: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jindu", "check", "--strict", *args], cwd=plans.parent, capture_output=True, text=True
    )


def symlink_lines(portfolio) -> list[str]:
    return [f"{d.mark}: {d.message}" for d in portfolio.diagnostics if d.code == "E-SYMLINK"]


def test_file_link_out_of_the_tree_is_refused_unread(tree):
    plans, outside = tree
    (plans / "leak.yaml").symlink_to(outside / "secret.yaml")
    result = check(plans, "plans")
    assert result.returncode == 1
    assert SECRET not in result.stdout + result.stderr
    assert "outside/secret.yaml" not in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        "plans/leak.yaml:1:1: error[E-SYMLINK]: symbolic link leads outside the plans folder; it was not read"
    ) in result.stdout
    portfolio = load_portfolio([plans])
    assert "leaked" not in portfolio.plans
    assert [f.display_path for f in portfolio.files if "secret" in f.display_path] == []


def test_link_to_a_system_file_is_refused(tree):
    plans, _ = tree
    (plans / "passwd.yaml").symlink_to("/etc/passwd")
    result = check(plans, "plans")
    assert result.returncode == 1
    assert "root:" not in result.stdout
    assert "/etc/passwd" not in result.stdout
    assert "plans/passwd.yaml:1:1: error[E-SYMLINK]" in result.stdout


def test_folder_link_out_of_the_tree_is_refused(tree):
    plans, outside = tree
    (plans / "more").symlink_to(outside, target_is_directory=True)
    portfolio = load_portfolio([plans])
    assert "leaked" not in portfolio.plans
    assert [line.split(": ", 1)[1] for line in symlink_lines(portfolio)] == [
        "symbolic link leads outside the plans folder; it was not read"
    ]


def test_dangling_and_looping_links_are_errors_not_tracebacks(tree):
    plans, _ = tree
    (plans / "gone.yaml").symlink_to(plans / "nowhere.yaml")
    (plans / "self.yaml").symlink_to(plans / "self.yaml")
    (plans / "a.yaml").symlink_to(plans / "b.yaml")
    (plans / "b.yaml").symlink_to(plans / "a.yaml")
    result = check(plans, "plans")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    messages = sorted(line for line in result.stdout.splitlines() if "E-SYMLINK" in line)
    assert messages == [
        "plans/a.yaml:1:1: error[E-SYMLINK]: symbolic link loops back on itself; it was not read",
        "plans/b.yaml:1:1: error[E-SYMLINK]: symbolic link loops back on itself; it was not read",
        "plans/gone.yaml:1:1: error[E-SYMLINK]: symbolic link points to a file that does not exist; it was not read",
        "plans/self.yaml:1:1: error[E-SYMLINK]: symbolic link loops back on itself; it was not read",
    ]


def test_link_inside_the_tree_is_read_once(tree):
    plans, _ = tree
    (plans / "alias.yaml").symlink_to(plans / "plan.yaml")
    (plans / "sub").symlink_to(plans, target_is_directory=True)
    portfolio = load_portfolio([plans])
    assert portfolio.diagnostics.items == []
    assert len(portfolio.files) == 2  # directory.yaml and plan.yaml, each once


def test_named_file_link_leading_out_of_the_working_folder_is_refused(tree):
    plans, outside = tree
    link = plans / "named.yaml"
    link.symlink_to(outside / "secret.yaml")
    # A file named on the command line may not lead out of the working folder.
    result = subprocess.run(
        [sys.executable, "-m", "jindu", "check", "named.yaml"], cwd=plans, capture_output=True, text=True
    )
    assert SECRET not in result.stdout + result.stderr
    assert "named.yaml:1:1: error[E-SYMLINK]: symbolic link leads outside the plans folder" in result.stdout


def test_jindu_site_refuses_a_docs_link_out_of_the_project(tmp_path):
    """The site's docs folder: a link out of the project stops `jindu site` before anything is
    read through it (MkDocs itself would publish the target)."""
    project = tmp_path / "office"
    (project / "plans").mkdir(parents=True)
    shutil.copytree(BASE, project / "plans", dirs_exist_ok=True)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    outside = tmp_path / "outside.md"
    outside.write_text(f"# {SECRET}\n", encoding="utf-8")
    (project / "docs" / "leak.md").symlink_to(outside)
    (project / "mkdocs.yml").write_text(
        "site_name: t\ntheme:\n  name: material\nplugins:\n  - jindu\n", encoding="utf-8"
    )
    run = subprocess.run(
        [sys.executable, "-m", "jindu", "site", "--out", str(tmp_path / "site"), "--as-of", "2023-07-15"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert (
        "jindu site: docs/leak.md is a symbolic link that leads out of the project (or nowhere); jindu never "
        "publishes a file through it: replace the link with the file itself"
    ) in run.stderr
    assert SECRET not in run.stdout + run.stderr and not (tmp_path / "site").exists()
