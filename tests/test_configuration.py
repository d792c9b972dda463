"""One configuration (jindu.yml) for every entry point: the site, `jindu render`, `jindu warm` and
an issued bulletin agree under rules that are not the defaults, and a bad jindu.yml is reported
at its lines, all at once, by every command."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from test_history import git

ROOT = Path(__file__).resolve().parents[1]
GRACE = (
    "status:\n  report_grace_days: 20\n"  # 报送时限: Q2's milestones (due 30 June) await their reports until 20 July
)


def jindu(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jindu", *args], cwd=repo, capture_output=True, text=True, env=env or dict(os.environ)
    )


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    """Minhang's 2023 plan (no progress reports) in a repository of its own, with a grace period."""
    repo = tmp_path_factory.mktemp("graced")
    shutil.copytree(ROOT / "plans" / "minhang", repo / "plans" / "minhang")
    (repo / "jindu.yml").write_text(GRACE, encoding="utf-8")
    (repo / "docs").mkdir()
    (repo / "docs" / "about.md").write_text("# 关于\n", encoding="utf-8")
    (repo / "mkdocs.yml").write_text(
        "site_name: 闵行\nstrict: true\ntheme: {name: material, language: zh, font: false}\n"
        "plugins:\n  - jindu:\n      lang: zh\n",
        encoding="utf-8",
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan", date="2023-03-01")
    return repo


def states(text: str) -> dict[str, int]:
    """The counts a page's status badges show."""
    return {word: text.count(f"</span> {word}</span>") for word in ("未报送", "临期", "超期")}


def test_the_site_render_warm_and_an_issued_bulletin_follow_jindu_yml(office, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JINDU_")} | {"JINDU_AS_OF": "2023-07-15"}
    caches = {"JINDU_CHART_CACHE": str(tmp_path / "charts"), "JINDU_BULLETIN_CACHE": str(tmp_path / "bulletins")}
    rendered = jindu(office, "render", "--out", str(tmp_path / "render"), env=env)
    assert rendered.returncode == 0, rendered.stderr
    plan = (tmp_path / "render" / "plans" / "2023-minhang" / "index.md").read_text(encoding="utf-8")
    task = (tmp_path / "render" / "plans" / "2023-minhang" / "t01.md").read_text(encoding="utf-8")
    # Inside the window, Q2 awaits its report: no longer 未报送 (under the default rules it is).
    assert "第二季度节点6月30日到期，报送期至7月20日" in task or "报送期" in task, task
    plain = jindu(
        office,
        "render",
        "--out",
        str(tmp_path / "plain"),
        env=env | {"HOME": str(tmp_path)},
    )
    assert plain.returncode == 0
    site = jindu(office, "site", "--out", str(tmp_path / "site"), env=env)
    assert site.returncode == 0, site.stderr
    page = (tmp_path / "site" / "plans" / "2023-minhang" / "index.html").read_text(encoding="utf-8")
    assert states(page) == states(plan)  # the site and `jindu render` count the same states
    # warm fills the caches under the same rules, so the build after it prints nothing again.
    warmed = jindu(office, "warm", "--shard", "1/1", "--lang", "zh", env=env | caches)
    assert warmed.returncode == 0, warmed.stderr
    after = jindu(office, "render", "--out", str(tmp_path / "after"), env=env | caches)
    assert after.returncode == 0 and "1 bulletins" in after.stdout and "0 printed, 1 from cache" in after.stdout, (
        after.stdout
    )
    issued = jindu(office, "bulletin", "issue", "2023-minhang", "--period", "2023-Q2", "--date", "2023-07-16", env=env)
    assert issued.returncode == 0, issued.stderr
    record = json.loads((office / "issued" / "2023-minhang" / "2023-q2.json").read_text(encoding="utf-8"))
    assert record["rules"] == "due_soon_days=30 report_grace_days=20 about_tolerance=0.05"
    graced = pdf_text((office / "issued" / "2023-minhang" / "2023-q2.pdf").read_bytes())
    (office / "jindu.yml").write_text("", encoding="utf-8")  # the defaults: no reporting window
    preview = tmp_path / "default.pdf"
    printed = jindu(office, "bulletin", "print", "2023-minhang", "--period", "2023-Q2", "-o", str(preview), env=env)
    (office / "jindu.yml").write_text(GRACE, encoding="utf-8")
    assert printed.returncode == 0, printed.stderr
    assert graced.count("未报送") < pdf_text(preview.read_bytes()).count("未报送")
    # The record keeps its rules: it reproduces whatever jindu.yml says now.
    (office / "jindu.yml").write_text("status:\n  report_grace_days: 3\n", encoding="utf-8")
    again = jindu(office, "bulletin", "reproduce", "issued/2023-minhang/2023-q2.json", env=env)
    (office / "jindu.yml").write_text(GRACE, encoding="utf-8")
    assert again.returncode == 0 and "reproduced byte for byte" in again.stdout, again.stderr


def test_a_bad_jindu_yml_stops_every_command_with_every_problem(tmp_path):
    shutil.copytree(ROOT / "plans" / "minhang", tmp_path / "plans" / "minhang")
    (tmp_path / "jindu.yml").write_text(
        "status:\n  due_soon_dayz: 10\n  report_grace_days: -3\ntimezone: Mars/Base\n", encoding="utf-8"
    )
    expected = (
        "jindu.yml:2:3: error[E-UNKNOWN-KEY]: unknown key 'due_soon_dayz' (in status)",
        "jindu.yml:3:22: error[E-NUMBER]: 'report_grace_days': the text '-3' is less than 0",
        "jindu.yml:4:11: error[E-VALUE]: 'timezone': unknown time zone 'Mars/Base'; use a name such as Asia/Shanghai",
    )
    for command in (
        ["check"],
        ["render", "--out", "x"],
        ["build-env"],
        ["bulletin", "print", "2023-minhang", "--period", "2023-Q1"],
    ):
        run = jindu(tmp_path, *command)
        assert run.returncode == 1, command
        assert "Traceback" not in run.stderr
        found = [line for line in run.stderr.splitlines() if line.startswith("jindu.yml:")]
        assert tuple(found) == expected, (command, run.stderr)
        assert run.stderr.rstrip().endswith("jindu: jindu.yml has errors; fix them first")
    assert not (tmp_path / "x").exists()


def test_the_plugin_says_where_its_old_options_go(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ntheme: {name: material}\nplugins:\n  - jindu:\n      lang: zh\n      due_soon_days: 14\n",
        encoding="utf-8",
    )
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "these options of the jindu plugin are read from jindu.yml beside mkdocs.yml now" in built.stderr
    assert re.search(r"due_soon_days → jindu.yml:\n\s+status:\n\s+due_soon_days: 30", built.stderr), built.stderr
