"""The CI definitions: GitHub workflows, GitLab CI, the pre-commit hook and the make targets
they run. No runner exists here, so the tests pin what can drift: every command a workflow
runs is a `make` target (or the system-deps script make itself uses), and each of those
targets is run for real below, or its recipe is the jindu command another test runs."""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import git_in

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
GITLAB = ROOT / ".gitlab-ci.yml"
SYSTEM_DEPS = "bash scripts/system-deps.sh"
# Each make target CI runs, and where the test suite runs it (or the jindu command it wraps).
TESTED_TARGETS = {
    "setup": "every test: `make test` depends on it",
    "ci-check": "test_ci_targets_run_in_a_pull_request",
    "ci-diff": "test_ci_targets_run_in_a_pull_request",
    "build-env": "test_build_env_target",
    "site": "test_site_recipe_is_what_the_site_tests_run + tests/test_site.py (jindu site)",
    "ci-issue": "test_issue_targets_issue_a_bulletin_and_push_a_branch",
    "ci-issue-pr": "test_issue_targets_issue_a_bulletin_and_push_a_branch",
    "release": "test_release_targets_build_the_files_a_release_attaches",
    "ci-release": "test_release_targets_build_the_files_a_release_attaches",
    "ci-remind": "test_remind_target_sends_the_days_reminders_once",
    "ci-inbox": "test_inbox_targets_take_a_workbook_in_and_push_a_branch",
    "ci-inbox-pr": "test_inbox_targets_take_a_workbook_in_and_push_a_branch",
    "ci-inbox-mr": "test_inbox_targets_take_a_workbook_in_and_push_a_branch",
    "ci-deliver": "test_issue_targets_issue_a_bulletin_and_push_a_branch",
}
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def github_steps():
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            for step in job.get("steps", []):
                yield path.name, name, step


def run_lines(text: str) -> list[str]:
    return [ln.split(" #")[0].strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def commands() -> list[tuple[str, str]]:
    found = [
        (f"{wf}:{job}", line) for wf, job, step in github_steps() if "run" in step for line in run_lines(step["run"])
    ]
    gitlab = load(GITLAB)
    for job, spec in [("default", gitlab.get("default", {}))] + [
        (k, v) for k, v in gitlab.items() if isinstance(v, dict)
    ]:
        for key in ("before_script", "script", "after_script"):
            for line in spec.get(key, []) or []:
                found.append((f".gitlab-ci.yml:{job}", run_lines(line)[0]))
    return found


def test_workflows_parse_and_trigger_safely():
    assert {p.name for p in WORKFLOWS} == {
        "check.yml",
        "publish.yml",
        "issue-bulletin.yml",
        "release.yml",
        "remind.yml",
        "inbox.yml",
        "deliver.yml",
    }
    remind, inbox = load(ROOT / ".github/workflows/remind.yml"), load(ROOT / ".github/workflows/inbox.yml")
    assert set(remind.get("on", remind.get(True))) == {"schedule", "workflow_dispatch"}
    assert remind["permissions"] == {"contents": "read"}
    secrets = remind["jobs"]["remind"]["env"]
    assert all(v.startswith("${{ secrets.") for k, v in secrets.items() if k.startswith("JINDU_"))
    inbox_on = inbox.get("on", inbox.get(True))
    assert inbox_on["push"] == {"branches-ignore": ["inbox/**"], "paths": ["inbox/**"]}
    assert inbox["permissions"] == {"contents": "write", "pull-requests": "write"}
    release = load(ROOT / ".github/workflows/release.yml")
    assert release.get("on", release.get(True)) == {"push": {"tags": ["v*"]}}
    issue = load(ROOT / ".github/workflows/issue-bulletin.yml")
    assert set(issue.get("on", issue.get(True))) == {"workflow_dispatch"}  # by hand only
    assert issue["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert all(job.get("timeout-minutes") for wf in WORKFLOWS for job in load(wf)["jobs"].values())
    check, publish = load(ROOT / ".github/workflows/check.yml"), load(ROOT / ".github/workflows/publish.yml")
    triggers = check.get("on", check.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers and "pull_request_target" not in triggers
    assert check["permissions"] == {"contents": "read"}
    publish_on = publish.get("on", publish.get(True))
    assert set(publish_on) == {"push", "schedule", "workflow_dispatch"}
    assert publish_on["push"]["branches"] == ["main"]
    assert publish["concurrency"]["cancel-in-progress"] is False
    deploy = publish["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"} and deploy["needs"] == "build"
    uses = [step["uses"].split("@")[0] for _, _, step in github_steps() if "uses" in step]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages", "actions/upload-artifact"} <= set(uses)


def test_actions_are_pinned_to_commits_and_checkouts_keep_history():
    for workflow, job, step in github_steps():
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{workflow}:{job}: {step['uses']} is not pinned to a commit"
            if step["uses"].startswith("actions/checkout@"):
                assert step["with"]["fetch-depth"] == 0  # history: base revision, change logs
                assert step["with"]["persist-credentials"] is False
    assert str(load(GITLAB)["variables"]["GIT_DEPTH"]) == "0"


def test_no_expression_is_interpolated_into_a_command():
    """`${{ … }}` in a run line would put pull request text into the shell; use env instead."""
    for workflow, job, step in github_steps():
        assert "${{" not in step.get("run", ""), f"{workflow}:{job}: {step.get('name')}"


def test_every_ci_command_is_a_tested_make_target():
    for where, line in commands():
        if line == SYSTEM_DEPS:
            continue
        match = re.fullmatch(r"make ([a-z-]+)", line)
        assert match, f"{where}: {line!r} is not `make <target>` (put the command in the Makefile and test it)"
        assert match.group(1) in TESTED_TARGETS, f"{where}: make {match.group(1)} is not run by the tests"


def test_publish_builds_with_the_date_fixed_first():
    steps = [s.get("run") for s in load(ROOT / ".github/workflows/publish.yml")["jobs"]["build"]["steps"]]
    assert steps.index("make build-env") < steps.index("make site")
    assert load(GITLAB)["pages"]["variables"]["SITE"] == "public"


def test_pre_commit_hook_runs_jindu_check(tmp_path):
    [hook] = load(ROOT / ".pre-commit-hooks.yaml")
    assert hook["id"] == "jindu-check" and hook["language"] == "python" and hook["pass_filenames"] is False
    program, *args = hook["entry"].split()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert program in scripts
    assert re.search(hook["files"], "plans/qingpu/2023-key-work.yaml")
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    ok = subprocess.run(
        [str(Path(sys.executable).with_name(program)), *args], cwd=tmp_path, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stdout
    (tmp_path / "plans/qingpu/directory.yaml").write_text("kind: directory\norganization: {}\n", encoding="utf-8")
    bad = subprocess.run(
        [str(Path(sys.executable).with_name(program)), *args], cwd=tmp_path, capture_output=True, text=True
    )
    assert bad.returncode == 1 and "plans/qingpu/directory.yaml:2:" in bad.stdout


# --------------------------------------------------------------------------- the targets, run


def make(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The repository's Makefile run in `cwd`, with this test run's virtual environment."""
    venv = Path(sys.executable).parent.parent
    return subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "-C", str(cwd), f"VENV={venv}", *args],
        capture_output=True,
        text=True,
        env={k: v for k, v in dict(os.environ, **(env or {})).items() if not k.startswith("GITHUB_")} | (env or {}),
    )


@pytest.fixture
def pull_request(tmp_path) -> Path:
    """A repository with the seed plans on main and a branch that moves a deadline without a reason."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "plans", repo / "plans")

    git_in(repo, "init", "-q", "-b", "main")
    git_in(repo, "add", "-A")
    git_in(repo, "commit", "-qm", "plans")
    git_in(repo, "checkout", "-qb", "move-deadline")
    plan = repo / "plans/minhang/2023-key-work.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "          - period: 2023-Q4\n" in text
    plan.write_text(text.replace("          - period: 2023-Q4\n", "          - period: 2023-12\n", 1), encoding="utf-8")
    git_in(repo, "commit", "-qam", "move a deadline")
    return repo


def test_ci_targets_run_in_a_pull_request(pull_request, tmp_path):
    summary = tmp_path / "summary.md"
    check = make(pull_request, "ci-check", env={"BASE": "main", "SUMMARY": str(summary)})
    assert check.returncode != 0
    assert re.search(
        r"^::error file=plans/minhang/2023-key-work\.yaml,line=\d+,col=\d+,title=E-CHANGE-REASON::", check.stdout, re.M
    ), check.stdout + check.stderr
    diff = make(pull_request, "ci-diff", env={"BASE": "main", "SUMMARY": str(summary)})
    assert diff.returncode == 0, diff.stderr
    text = summary.read_text(encoding="utf-8")
    assert "## ❌ jindu check: 1 error, 1 warning" in text and "## 计划变更" in text and "**缺少**" in text
    # On GitLab: a Code Quality report into a file, and the merge base found from main.
    report = tmp_path / "gl-code-quality.json"
    gitlab = make(pull_request, "ci-check", env={"FORMAT": "gitlab", "REPORT": str(report), "SUMMARY": os.devnull})
    assert gitlab.returncode != 0
    issues = json.loads(report.read_text(encoding="utf-8"))
    assert {(i["check_name"], i["severity"]) for i in issues} == {
        ("E-CHANGE-REASON", "major"),
        ("W-MILESTONE-ID", "minor"),
    }
    assert {i["location"]["path"] for i in issues} == {"plans/minhang/2023-key-work.yaml"}


def test_build_env_target(pull_request, tmp_path):
    env_file = tmp_path / "github_env"
    run = make(pull_request, "build-env", env={"GITHUB_ENV": str(env_file), "TZ": "UTC"})
    assert run.returncode == 0, run.stderr
    lines = env_file.read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(r"JINDU_AS_OF=\d{4}-\d\d-\d\d", lines[0])
    commit_time = subprocess.run(
        ["git", "-C", str(pull_request), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert lines[1] == f"SOURCE_DATE_EPOCH={commit_time}"
    fixed = make(pull_request, "build-env", env={"JINDU_AS_OF": "2023-07-15", "SOURCE_DATE_EPOCH": "1"})
    assert fixed.stdout.splitlines() == ["JINDU_AS_OF=2023-07-15", "SOURCE_DATE_EPOCH=1"]


def test_site_recipe_is_what_the_site_tests_run(tmp_path):
    dry = make(ROOT, "-n", "site", "SITE=public")
    venv = Path(sys.executable).parent.parent
    assert [ln for ln in dry.stdout.splitlines() if "jindu" in ln] == [
        f"{venv}/bin/jindu check --strict plans",
        f"{venv}/bin/jindu site --out public",
    ]
    preview = make(ROOT, "-n", "site", "PREVIEW=1", "SUMMARY=plan-diff.md")  # the check jobs
    assert f"{venv}/bin/jindu site --out site --preview --summary plan-diff.md" in preview.stdout.splitlines()
    canary = make(ROOT, "-n", "site", "JINDU_ENGINE=zensical")  # the engines job, matrix value in the environment
    assert f"{venv}/bin/jindu site --out site --engine zensical" in canary.stdout.splitlines()
    publish = make(ROOT, "-n", "publish")
    assert publish.returncode != 0 and "DEST is not set" in publish.stderr


def test_issue_targets_issue_a_bulletin_and_push_a_branch(tmp_path):
    """`make ci-issue` then `make ci-issue-pr` (the issue-bulletin workflow) against a local
    remote, with `true` standing in for the GitHub CLI; inputs arrive as environment only."""
    remote, repo = tmp_path / "remote.git", tmp_path / "repo"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    shutil.copytree(ROOT / "plans" / "minhang", repo / "plans" / "minhang")

    git_in(repo, "init", "-q", "-b", "main")
    git_in(repo, "add", "-A")
    git_in(repo, "commit", "-qm", "plans")
    git_in(repo, "remote", "add", "origin", str(remote))
    hostile = make(repo, "ci-issue", env={"ISSUE_PLAN": "$(touch pwned)`touch pwned`", "ISSUE_PERIOD": "2023-Q1"})
    assert hostile.returncode != 0 and not (repo / "pwned").exists()
    inputs = {"ISSUE_PLAN": "2023-minhang", "ISSUE_PERIOD": "2023-Q1", "ISSUE_DATE": "2023-04-10"}
    issued = make(repo, "ci-issue", env=inputs)
    assert issued.returncode == 0, issued.stderr
    assert (repo / "issued" / "2023-minhang" / "2023-q1.pdf").exists()
    pushed = make(repo, "ci-issue-pr", "GH=true", env=inputs | {"GITHUB_RUN_ID": "7"})
    assert pushed.returncode == 0, pushed.stderr
    files = subprocess.run(
        ["git", "-C", str(remote), "ls-tree", "-r", "--name-only", "issue/2023-minhang-2023-Q1-7"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {"issued/2023-minhang/2023-q1.pdf", "issued/2023-minhang/2023-q1.json"} <= set(files)
    # Merged: `make ci-deliver` (the deliver workflow) sends what the push issued, once.
    from smtpbox import Mailbox

    (repo / "jindu.yml").write_text(
        "reminders:\n  channels:\n    - {type: email, host: smtp.invalid, sender: d@example.gov.cn.invalid}\n",
        encoding="utf-8",
    )
    directory = repo / "plans" / "minhang" / "directory.yaml"
    text = directory.read_text(encoding="utf-8")
    directory.write_text(
        text.replace("\npeople:\n", "\nbulletin:\n  email: [ban@example.gov.cn.invalid]\npeople:\n", 1)
    )
    with Mailbox() as box:
        first = make(repo, "ci-deliver", env=box.env() | {"BEFORE": "0" * 40})
        assert first.returncode == 0 and "nothing delivered" in first.stdout and box.received == []
        sent = make(repo, "ci-deliver", env=box.env() | {"BEFORE": "HEAD~1"})
        assert sent.returncode == 0, sent.stderr
        assert [rcpt for rcpt, _ in box.received] == [["ban@example.gov.cn.invalid"]]
        assert make(repo, "ci-deliver", env=box.env() | {"BEFORE": "HEAD~1"}).returncode == 0
        assert len(box.received) == 1


def test_release_targets_build_the_files_a_release_attaches(tmp_path):
    """`make release` (the release workflow) builds the wheel, the sdist and the site lock with their
    sums, refuses a tag that names another version, and `make ci-release` attaches exactly those
    files (a script stands in for the GitHub CLI and records its arguments)."""
    from jindu import __version__

    dist = tmp_path / "dist"
    wrong = make(ROOT, "release", f"DIST={dist}", env={"TAG": "v0.0.1"})
    assert wrong.returncode != 0
    assert f"the tag is v0.0.1 but generator/jindu/__init__.py says {__version__}" in wrong.stderr
    built = make(ROOT, "release", f"DIST={dist}", env={"TAG": f"v{__version__}"})
    assert built.returncode == 0, built.stderr
    names = sorted(line.split()[1] for line in (dist / "SHA256SUMS").read_text().splitlines())
    assert names == sorted(
        [f"jindu-{__version__}-py3-none-any.whl", f"jindu-{__version__}.tar.gz", "requirements-site.lock"]
    )
    check = subprocess.run(["sha256sum", "--check", "SHA256SUMS"], cwd=dist, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    recorder = tmp_path / "gh"
    recorder.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {tmp_path / "gh-args"}\n', encoding="utf-8")
    recorder.chmod(0o755)
    attached = make(ROOT, "ci-release", f"DIST={dist}", f"GH={recorder}", env={"TAG": f"v{__version__}"})
    assert attached.returncode == 0, attached.stderr
    args = (tmp_path / "gh-args").read_text(encoding="utf-8").splitlines()
    assert args[:2] == ["release", "create"] and args[2] == f"v{__version__}"
    assert sorted(Path(a).name for a in args[3:5]) == sorted(
        [f"jindu-{__version__}-py3-none-any.whl", f"jindu-{__version__}.tar.gz"]
    )
    assert [Path(a).name for a in args[5:7]] == ["requirements-site.lock", "SHA256SUMS"]


def test_remind_target_sends_the_days_reminders_once(tmp_path):
    """`make ci-remind` (the remind workflow and GitLab job) on the demo office: DRY_RUN=1 shows
    the digest; sending delivers to a local SMTP server, and a second run of the day sends none."""
    from smtpbox import Mailbox

    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "plans", repo / "plans")
    shutil.copy(ROOT / "jindu.yml", repo / "jindu.yml")
    with Mailbox() as box:
        received = box.received
        summary = tmp_path / "summary.md"
        env = {"JINDU_AS_OF": "2023-07-10", "SUMMARY": str(summary), **box.env()}
        dry = make(repo, "ci-remind", env=env | {"DRY_RUN": "1"})
        assert dry.returncode == 0, dry.stderr
        assert received == [] and "| 计划财务科 | 2 | 2 | 0 | email 未发送（试运行） |" in dry.stdout
        sent = make(repo, "ci-remind", env=env)
        assert sent.returncode == 0, sent.stderr
        assert len(received) == 47
        assert "email → 计划财务科 (qingpu/jihua-caiwuke): 已发送" in sent.stdout.splitlines()
        again = make(repo, "ci-remind", env=env)
        assert again.returncode == 0 and len(received) == 47
        assert "| 计划财务科 | 2 | 2 | 0 | email 今天已发送 |" in summary.read_text(encoding="utf-8")


def test_inbox_targets_take_a_workbook_in_and_push_a_branch(tmp_path):
    """`make ci-inbox` then `make ci-inbox-pr` (GitHub, `true` standing in for its CLI) and
    `make ci-inbox-mr` (GitLab, push options to a local remote that accepts them)."""
    import openpyxl

    remote, repo = tmp_path / "remote.git", tmp_path / "repo"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    subprocess.run(["git", "-C", str(remote), "config", "receive.advertisePushOptions", "true"], check=True)
    shutil.copytree(ROOT / "plans", repo / "plans")

    git_in(repo, "init", "-q", "-b", "main")
    git_in(repo, "remote", "add", "origin", str(remote))
    exported = subprocess.run(
        [str(Path(sys.executable).with_name("jindu")), "ledger", "export", "--department", "jihua-caiwuke",
         "--period", "2023-Q3", "--as-of", "2023-10-08", "-o", str(tmp_path / "form.xlsx"), "plans"],
        cwd=repo, capture_output=True, text=True,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    book = openpyxl.load_workbook(tmp_path / "form.xlsx")
    book["报送"]["I2"], book["报送"]["J2"] = "已完成", "2023-09-20"
    (repo / "inbox").mkdir()
    book.save(repo / "inbox" / "计划财务科.xlsx")
    git_in(repo, "add", "-A")
    git_in(repo, "commit", "-qm", "a department's workbook")
    taken = make(repo, "ci-inbox", env={"SUMMARY": str(tmp_path / "summary.md"), "JINDU_AS_OF": "2023-10-08"})
    assert taken.returncode == 0, taken.stderr
    pushed = make(repo, "ci-inbox-pr", "GH=true", env={"GITHUB_RUN_ID": "9"})
    assert pushed.returncode == 0, pushed.stderr
    files = subprocess.run(
        ["git", "-C", str(remote), "ls-tree", "-r", "--name-only", "inbox/9"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "plans/qingpu/progress/2023-qingpu-2023-q3-jihua-caiwuke.yaml" in files
    assert not [f for f in files if f.startswith("inbox/")]  # the workbook left with the pull request
    # GitLab: the same commit pushed with merge request options.
    git_in(repo, "switch", "-q", "main")
    again = make(repo, "ci-inbox", env={"SUMMARY": os.devnull, "JINDU_AS_OF": "2023-10-08"})
    assert again.returncode == 0, again.stderr
    mr = make(repo, "ci-inbox-mr", env={"CI_PIPELINE_ID": "11", "JINDU_PUSH_URL": str(remote)})
    assert mr.returncode == 0, mr.stderr
    assert (
        "plans/qingpu/progress/2023-qingpu-2023-q3-jihua-caiwuke.yaml"
        in subprocess.run(
            ["git", "-C", str(remote), "ls-tree", "-r", "--name-only", "inbox/11"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    nothing = make(repo, "ci-inbox-pr", "GH=true")
    assert nothing.returncode == 0 and "jindu inbox: nothing taken in" in nothing.stdout
