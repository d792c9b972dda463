"""An office adopts jindu without forking it: the real route, from the release files to a published site.

The wheel is built from this checkout (scripts/dist.py, as `make dist` does), installed into a new
virtual environment from requirements-site.lock alone, and that environment's `jindu new` starts an
office repository from an imported workbook, checks it, builds its site, issues a bulletin, and
runs the scaffold's own GitLab pipeline with gitlab-ci-local (shell executor): nothing from jindu's
repository is used by the office but the release files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from jindu import __version__

ROOT = Path(__file__).resolve().parents[1]
WHEEL = f"jindu-{__version__}-py3-none-any.whl"
SDIST = f"jindu-{__version__}.tar.gz"
GITLAB_CI_LOCAL = ROOT / "tests" / "axe" / "node_modules" / ".bin" / "gitlab-ci-local"
GIT = ["git", "-c", "user.name=clerk", "-c", "user.email=clerk@example.gov.cn.invalid", "-c", "init.defaultBranch=main"]
# jindu's own documentation: never part of an office's site.
DEVELOPER_PAGES = (
    "architecture",
    "reference/performance",
    "reference/diagnostics",
    "how-to/publish",
    "reference/format",
)


class _ConfigLoader(yaml.SafeLoader):
    """YAML as MkDocs reads mkdocs.yml: its !!python tags are names, not objects, here."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A command as a user runs it; no timeout (a busy machine may take minutes; CI bounds the run)."""
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def office_env(**extra: str) -> dict[str, str]:
    """The environment of an office's shell: no jindu caches of the test run, no virtualenv of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JINDU_") and k != "VIRTUAL_ENV"}
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Path:
    """The wheel and sdist of this checkout, built as `make dist` builds them."""
    out = tmp_path_factory.mktemp("dist")
    built = run([sys.executable, str(ROOT / "scripts" / "dist.py"), str(out)], ROOT)
    assert built.returncode == 0, built.stderr
    return out


@pytest.fixture(scope="session")
def site_venv(release, tmp_path_factory) -> Path:
    """A new environment with the site lock and the release wheel, and nothing else."""
    venv = tmp_path_factory.mktemp("office-venv") / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)], ROOT).returncode == 0
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    locked = run([*pip, "--require-hashes", "-r", str(ROOT / "requirements-site.lock")], ROOT, office_env())
    assert locked.returncode == 0, locked.stderr
    wheel = run([*pip, "--no-deps", str(release / WHEEL)], ROOT, office_env())
    assert wheel.returncode == 0, wheel.stderr
    return venv


def plan_table(path: Path) -> Path:
    """An office's plan table, as offices keep them: a title row, a header, a row per task."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某某区卫生健康委2025年重点工作安排"])
    sheet.append(["序号", "重点工作", "目标任务", "牵头科室", "第一季度", "第二季度", "第三季度", "第四季度"])
    sheet.append(["一、提升服务能力"])
    sheet.append(["1", "一、提升服务能力", "推进社区医院建设", "医政科", "完成设计", "开工建设", "", "主体完工"])
    sheet.append(["2", "一、提升服务能力", "做实家庭医生签约", "基层卫生科", "签约率60%", "", "", "签约率75%"])
    sheet.append(["二、加强公共卫生"])
    sheet.append(["3", "二、加强公共卫生", "开展慢病筛查", "疾控科", "", "完成方案", "完成筛查", ""])
    book.save(path)
    return path


# --- the package ------------------------------------------------------------------------------


def test_the_wheel_carries_every_template_and_the_scaffold(release):
    shipped = {
        path.relative_to(ROOT / "site_templates").as_posix()
        for path in (ROOT / "site_templates").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert {"pages/task.md.j2", "print/bulletin.css", "overrides/main.html", "scaffold/mkdocs.yml"} <= shipped
    with zipfile.ZipFile(release / WHEEL) as wheel:
        inside = {name.removeprefix("jindu/site_templates/") for name in wheel.namelist()}
    assert shipped <= inside, sorted(shipped - inside)
    with tarfile.open(release / SDIST) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {f"site_templates/{name}" for name in shipped} <= names
    assert "requirements-site.lock" in names or "setup.py" in names


def test_dist_is_reproducible_and_writes_nothing_into_the_source_tree(release, tmp_path):
    before = run(["git", "status", "--porcelain", "--ignored"], ROOT).stdout
    again = run([sys.executable, str(ROOT / "scripts" / "dist.py"), str(tmp_path)], ROOT)
    assert again.returncode == 0, again.stderr
    for name in (WHEEL, SDIST):
        assert (tmp_path / name).read_bytes() == (release / name).read_bytes(), name
    assert run(["git", "status", "--porcelain", "--ignored"], ROOT).stdout == before


def test_the_site_lock_is_the_development_lock_cut_to_the_site_extra():
    from scripts_site_lock import site_lock

    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    text = (ROOT / "requirements-site.lock").read_text(encoding="utf-8")
    assert text == site_lock(lock), "run `make lock` (or python scripts/site_lock.py)"
    assert (ROOT / "site_templates" / "scaffold" / "requirements-site.lock").read_text(encoding="utf-8") == text
    pins = set(re.findall(r"^([a-z0-9._-]+)==", text, re.MULTILINE))
    assert {"mkdocs", "mkdocs-material", "weasyprint", "matplotlib", "pagefind"} <= pins
    assert not {"pytest", "mypy", "selenium", "ruff", "build"} & pins


# --- the real route ------------------------------------------------------------------------------


def test_an_office_starts_builds_issues_and_publishes_from_the_release_alone(site_venv, release, tmp_path):
    jindu = str(site_venv / "bin" / "jindu")
    env = office_env()
    table = plan_table(tmp_path / "计划表.xlsx")
    began = time.monotonic()
    made = run(
        [jindu, "new", "xuhui", "--organization", "xuhui", "--name", "上海市徐汇区卫生健康委员会", "--year", "2025",
         "--from-table", str(table)],
        tmp_path,
        env,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stderr == ""  # installed from the release file: no note about a missing hash
    office = tmp_path / "xuhui"
    assert "wrote 26 files into xuhui" in made.stdout
    # Installed from the release file, so the requirements file pins jindu by the wheel's hash.
    requirements = (office / "requirements.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256((release / WHEEL).read_bytes()).hexdigest()
    assert f"jindu[site]=={__version__} \\\n    --hash=sha256:{digest}\n" in requirements
    assert run([*GIT, "init", "-q"], office).returncode == 0
    assert run([*GIT, "add", "-A"], office).returncode == 0
    assert run([*GIT, "commit", "-qm", "jindu new"], office).returncode == 0
    checked = run([jindu, "check", "--strict", "plans"], office, env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run([jindu, "site", "--as-of", "2025-07-15"], office, env)
    assert built.returncode == 0, built.stderr
    print(f"jindu new → built site: {time.monotonic() - began:.1f} s")
    site = office / "site"
    plan = site / "plans" / "2025-xuhui"
    tasks = sorted(p.parent.name for p in plan.glob("t*/index.html"))
    assert tasks == ["t01", "t02", "t03"]
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert list(plan.rglob("*.svg")), "the plan's charts"
    assert list(plan.rglob("*draft*.pdf")), "the draft bulletin"
    assert (site / "en" / "index.html").is_file()
    for page in DEVELOPER_PAGES:
        assert not (site / page).exists() and not (site / "en" / page).exists(), page
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert not any("jindu 进度" in text or "architecture" in text.lower() for text in pages)
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.title is not None and "上海市徐汇区卫生健康委员会" in home.title.text
    assert home.find("meta", attrs={"name": "SiteName"})["content"] == "上海市徐汇区卫生健康委员会"  # type: ignore[index]

    issued = run([jindu, "bulletin", "issue", "2025-xuhui", "--period", "2025-Q2", "--date", "2025-07-10"], office, env)
    assert issued.returncode == 0, issued.stderr
    record = json.loads((office / "issued" / "2025-xuhui" / "2025-q2.json").read_text(encoding="utf-8"))
    assert record["jindu"] == __version__ and re.fullmatch(r"[0-9a-f]{64}", record["templates"])
    assert re.fullmatch(r"[0-9a-f]{64}", record["lock"])
    again = run([jindu, "bulletin", "reproduce", "issued/2025-xuhui/2025-q2.json"], office, env)
    assert again.returncode == 0 and "reproduced byte for byte" in again.stdout, again.stderr
    assert run([*GIT, "add", "issued"], office).returncode == 0
    assert run([*GIT, "commit", "-qm", "issue 2025-Q2"], office).returncode == 0

    # The reminders from the release: the scaffold's e-mail channel, the office's departments (no
    # addresses yet, so each is named), on a Monday.
    listed = run([jindu, "remind", "--as-of", "2025-07-14", "--dry-run", "--format", "json"], office, env)
    assert listed.returncode == 0, listed.stderr
    messages = json.loads(listed.stdout)
    assert messages and {m["channel"] for m in messages} == {"email"} and all(m["recipients"] == [] for m in messages)
    assert all(m["subject"].startswith("【催办】") for m in messages)
    empty = run([jindu, "inbox"], office, env)
    assert empty.returncode == 0 and empty.stdout.strip() == "jindu inbox: no filled workbook in inbox/", empty.stderr

    # The scaffold's GitLab pipeline, in a fresh clone, with the release files as the package source.
    clone = tmp_path / "clone"
    assert run(["git", "clone", "-q", str(office), str(clone)], tmp_path).returncode == 0
    pipeline = run(
        [str(GITLAB_CI_LOCAL), "--force-shell-executor", "--variable", f"PIP_FIND_LINKS={release}", "pages"],
        clone,
        office_env(JINDU_AS_OF="2025-07-15"),
    )
    assert pipeline.returncode == 0, pipeline.stdout[-4000:] + pipeline.stderr[-2000:]
    assert "PASS  pages" in pipeline.stdout
    published = clone / "public"
    assert (published / "plans" / "2025-xuhui" / "t01" / "index.html").is_file()
    assert (published / "plans" / "2025-xuhui" / "bulletins" / "2025-q2.pdf").read_bytes() == (
        office / "issued" / "2025-xuhui" / "2025-q2.pdf"
    ).read_bytes()


# --- jindu new -----------------------------------------------------------------------------------


def jindu(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "jindu", *args], cwd)


def test_new_never_overwrites_and_names_what_is_wrong(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    refused = jindu("new", "taken", "--organization", "xuhui", "--name", "徐汇区卫健委", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == (
        "jindu new: taken exists and is not empty; jindu new never overwrites anything: name a new folder\n"
    )
    assert (tmp_path / "taken" / "notes.txt").read_text(encoding="utf-8") == "mine"
    bad = jindu("new", "x", "--organization", "Xu Hui", "--name", " ", "--year", "1900", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr == (
        "jindu new: --organization 'Xu Hui' is not an id: use lower-case letters, digits and '-', e.g. qingpu or "
        "xuhui-health\n"
        "--name must be the organization's full name on one line, without < > \" or `, e.g. 上海市青浦区卫生健康委员会\n"
        "--year 1900 is not a plan year between 1990 and 2100\n"
    )
    assert not (tmp_path / "x").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no staging folder left behind


def test_names_stay_text_wherever_the_scaffold_writes_them(tmp_path):
    hostile = jindu("new", "x", "--organization", "xuhui", "--name", "徐汇<script>alert(1)</script>", cwd=tmp_path)
    assert hostile.returncode == 1 and "--name must be the organization's full name on one line" in hostile.stderr
    separator = jindu("new", "x", "--organization", "xuhui", "--name", "徐汇\u2028site_url: x", cwd=tmp_path)
    assert separator.returncode == 1 and not (tmp_path / "x").exists()
    from jindu.scaffold import Office, render_office

    files = render_office(Office("xuhui", "徐汇*卫健委* [区](javascript:x) & 办", 2025, name_en="Xuhui_*bold*"))
    assert "徐汇\\*卫健委\\* \\[区\\](javascript:x) &amp; 办" in files["docs/about.md"]
    assert "Xuhui\\_\\*bold\\*" in files["docs/en/about.md"]
    config = yaml.load(files["mkdocs.yml"], Loader=_ConfigLoader)  # a SafeLoader
    assert config["site_name"] == "徐汇*卫健委* [区](javascript:x) & 办"


def test_new_into_a_clone_of_an_empty_repository_without_english(tmp_path):
    clone = tmp_path / "office"
    assert run([*GIT, "init", "-q", str(clone)], tmp_path).returncode == 0
    made = jindu(
        "new", str(clone), "--organization", "xuhui", "--name", "徐汇区卫健委", "--year", "2024", "--no-english",
        cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (clone / ".git").is_dir() and (clone / "mkdocs.yml").is_file()
    assert not (clone / "mkdocs.en.yml").exists() and not (clone / "docs" / "en").exists()
    assert "alternate" not in (clone / "mkdocs.yml").read_text(encoding="utf-8")
    plan = (clone / "plans" / "xuhui" / "2024-xuhui.yaml").read_text(encoding="utf-8")
    assert plan.startswith("# yaml-language-server: $schema=../../schema/jindu.schema.json\n")
    assert (clone / "schema" / "jindu.schema.json").is_file()  # the editor's reference resolves
    assert json.loads((clone / "schema" / "jindu.schema.json").read_text(encoding="utf-8"))
    assert jindu("check", "--strict", "plans", cwd=clone).returncode == 0


def test_new_from_text_imports_the_office_prose(tmp_path):
    text = tmp_path / "要点.txt"
    text.write_text(
        "某某区卫生健康委2025年工作要点\n一、提升服务能力\n1．推进社区医院建设。（医政科，6月底前）\n"
        "2．做实家庭医生签约。（基层卫生科，12月底前）\n",
        encoding="utf-8",
    )
    made = jindu("new", "o", "--organization", "moumou", "--name", "某某区卫健委", "--year", "2025",
                 "--from-text", str(text), cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    plan = (tmp_path / "o" / "plans" / "moumou" / "2025-moumou.yaml").read_text(encoding="utf-8")
    assert plan.startswith("# yaml-language-server: $schema=../../schema/jindu.schema.json\n# Imported by `jindu new`")
    assert "推进社区医院建设" in plan


def test_the_office_ci_needs_nothing_from_jindus_repository(tmp_path):
    from jindu.scaffold import Office, render_office

    files = render_office(Office("xuhui", "徐汇区卫健委", 2025))
    for name in (".gitlab-ci.yml", ".github/workflows/check.yml", ".github/workflows/publish.yml",
                 ".github/workflows/issue-bulletin.yml", ".github/workflows/remind.yml",
                 ".github/workflows/inbox.yml", ".github/workflows/deliver.yml", ".pre-commit-config.yaml"):  # fmt: skip
        text = files[name]
        assert "make " not in text and "scripts/" not in text and "site_templates" not in text, name
    for name, text in files.items():
        if name.endswith((".yml", ".yaml")):
            assert isinstance(yaml.load(text, Loader=_ConfigLoader), dict), name  # a SafeLoader
    assert "--require-hashes -r requirements.txt" in files[".gitlab-ci.yml"]
    assert "${{ github.token }}" in files[".github/workflows/issue-bulletin.yml"]  # left for GitHub to expand


def test_help_pages_name_every_status_as_the_site_does():
    from jindu.scaffold import Office, render_office
    from jindu.words.labels import STATE_WORDS

    files = render_office(Office("xuhui", "徐汇区卫健委", 2025))
    for zh, en in STATE_WORDS.values():
        assert f"| {zh} |" in files["docs/help/status.md"], zh
        assert f"| {en} |" in files["docs/en/help/status.md"], en


def test_the_demo_is_laid_out_as_jindu_new_lays_out_an_office():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from demo_config import demo_files
    finally:
        sys.path.pop(0)
    for path, text in demo_files().items():
        assert (ROOT / path).read_text(encoding="utf-8") == text, f"{path}: run python scripts/demo_config.py"
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_templates" not in config and "custom_dir" not in config


def test_the_manual_builds_apart_from_any_office_site(tmp_path):
    built = run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(ROOT / "mkdocs.manual.yml"),
            "-d",
            str(tmp_path),
        ],
        ROOT,
        dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "architecture" / "index.html").is_file()
    assert (tmp_path / "how-to" / "adopt" / "index.html").is_file()


@pytest.fixture(scope="module", autouse=True)
def _site_lock_module():
    """scripts/site_lock.py, importable as scripts_site_lock for the lock test."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("scripts_site_lock", ROOT / "scripts" / "site_lock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["scripts_site_lock"] = module
    spec.loader.exec_module(module)
    yield
    sys.modules.pop("scripts_site_lock", None)


def test_the_gitlab_pipeline_warms_the_caches_in_shards_then_builds_once(site_venv, release, tmp_path):
    """sharding.above 0 makes the smallest portfolio a large one: the scaffold's `warm` jobs (its
    `parallel:` cut to 2, as an office keeps it equal to sharding.jobs) draw the charts and print
    the draft of their shards, and `pages` draws and prints nothing itself."""
    env = office_env()
    made = run(
        [str(site_venv / "bin" / "jindu"), "new", "office", "--organization", "jiading", "--name", "嘉定区卫生健康委员会",
         "--year", "2025"],
        tmp_path,
        env,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    office = tmp_path / "office"
    config = (office / "jindu.yml").read_text(encoding="utf-8")
    assert "sharding:\n  above: 3000\n  jobs: 4\n" in config
    (office / "jindu.yml").write_text(config.replace("  above: 3000\n  jobs: 4\n", "  above: 0\n  jobs: 2\n"), "utf-8")
    pipeline_file = (office / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert pipeline_file.count("  parallel: 4\n") == 1
    (office / ".gitlab-ci.yml").write_text(pipeline_file.replace("  parallel: 4\n", "  parallel: 2\n"), "utf-8")
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "jindu new"]):
        assert run([*GIT, *command], office).returncode == 0
    clone = tmp_path / "clone"
    assert run(["git", "clone", "-q", str(office), str(clone)], tmp_path).returncode == 0
    pipeline = run(
        # --shell-isolation: each job in its own folder, so the caches reach `pages` only as the artifacts
        [
            str(GITLAB_CI_LOCAL),
            "--force-shell-executor",
            "--shell-isolation",
            "--variable",
            f"PIP_FIND_LINKS={release}",
            "warm",
            "pages",
        ],
        clone,
        office_env(JINDU_AS_OF="2025-07-15"),
    )
    log = pipeline.stdout
    assert pipeline.returncode == 0, log[-4000:] + pipeline.stderr[-2000:]
    for job in ("warm: [1/2]", "warm: [2/2]", "pages"):
        assert f"PASS  {job}" in log
    warmed = re.findall(r"jindu warm: shard (\d)/2, zh: \d+ charts: \d+ timelines, (\d+) drawn.*?(\d+) printed", log)
    assert sorted(shard for shard, _, _ in warmed) == ["1", "2"]
    assert sum(int(drawn) for _, drawn, _ in warmed) > 0 and sum(int(printed) for _, _, printed in warmed) == 1
    built = re.findall(r"pages > jindu site: mkdocs\.yml: .*", log)
    assert len(built) == 1 and ", 0 drawn," in built[0] and "0 printed, 1 from cache" in built[0], built
    assert (clone / "public" / "plans" / "2025-jiading" / "t01" / "index.html").is_file()


def run_github_job(job: dict, folder: Path, venv: Path, env: dict[str, str], matrix: dict[str, str], artifacts: Path):
    """One job of a GitHub workflow on this machine, as a runner would run it in `folder` (a
    checkout of its own): its `run:` steps in bash with the job's and step's `env:` (the
    expressions `${{ matrix.* }}` filled in), $GITHUB_ENV carried between steps; the Debian and
    pip installs left out (jindu is `venv`, from the release); upload-artifact copies its path into
    `artifacts`/NAME, download-artifact merges every `pattern` match into its path; any other
    expression is empty (a scheduled run: no commit before). Returns
    $GITHUB_OUTPUT as a mapping and the job's output."""

    def fill(text: str) -> str:
        text = re.sub(r"\$\{\{\s*matrix\.(\w+)\s*\}\}", lambda m: matrix[m.group(1)], str(text))
        text = re.sub(r"\$\{\{\s*strategy\.job-index\s*\}\}", matrix.get("index", "0"), text)
        return re.sub(r"\$\{\{.*?\}\}", "", text)  # any other expression: empty, as on a scheduled run

    if not (folder / ".venv").exists():  # a job run again in the same checkout
        (folder / ".venv").symlink_to(venv)
    outputs, environment, log = folder / ".github-output", folder / ".github-env", []
    carried: dict[str, str] = {}
    for step in job["steps"]:
        uses = step.get("uses", "")
        if uses.startswith("actions/upload-artifact@"):
            shutil.copytree(folder / step["with"]["path"], artifacts / fill(step["with"]["name"]), dirs_exist_ok=True)
        elif uses.startswith("actions/download-artifact@"):
            for found in sorted(artifacts.glob(step["with"]["pattern"])):
                shutil.copytree(found, folder / step["with"]["path"], dirs_exist_ok=True)
        elif "run" in step and not step.get("name", "").startswith("Install"):
            step_env = dict(
                env, **carried, **{k: fill(v) for k, v in {**job.get("env", {}), **step.get("env", {})}.items()}
            )
            step_env.update(GITHUB_OUTPUT=str(outputs), GITHUB_ENV=str(environment))
            done = run(["bash", "-euo", "pipefail", "-c", step["run"]], folder, step_env)
            log.append(done.stdout + done.stderr)
            assert done.returncode == 0, f"{step.get('name', step['run'])}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
            if environment.exists():
                carried.update(line.split("=", 1) for line in environment.read_text().splitlines() if "=" in line)
    found = outputs.read_text(encoding="utf-8").splitlines() if outputs.exists() else []
    return dict(line.split("=", 1) for line in found), "".join(log)


def test_the_github_publish_workflow_warms_the_caches_in_shards_then_builds_once(site_venv, tmp_path):
    """The scaffold's publish workflow, its jobs in order with the matrix the first one outputs:
    two shards warm the caches (each in a checkout of its own), the build takes their artifacts
    and draws and prints nothing itself; below sharding.above the matrix is empty."""
    env = office_env(JINDU_AS_OF="2025-07-15", BEFORE="")
    made = run(
        [str(site_venv / "bin" / "jindu"), "new", "office", "--organization", "songjiang", "--name",
         "松江区卫生健康委员会", "--year", "2025"],
        tmp_path,
        env,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    office = tmp_path / "office"
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "jindu new"]):
        assert run([*GIT, *command], office).returncode == 0
    workflow = yaml.safe_load((office / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    assert jobs["warm"]["needs"] == "shards" and jobs["build"]["needs"] == ["shards", "warm"]
    assert jobs["warm"]["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.shards.outputs.shards) }}"

    def checkout(name: str) -> Path:
        folder = tmp_path / "runner" / name
        assert run(["git", "clone", "-q", str(office), str(folder)], tmp_path).returncode == 0
        return folder

    small, _ = run_github_job(jobs["shards"], checkout("small"), site_venv, env, {}, tmp_path / "artifacts")
    assert small == {"shards": "[]", "count": "0"}  # 3 tasks, not more than 3000: the build does it all

    config = office / "jindu.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  above: 3000\n", "  above: 0\n"), "utf-8")
    assert run([*GIT, "commit", "-qam", "shard everything"], office).returncode == 0
    planned, _ = run_github_job(jobs["shards"], checkout("shards"), site_venv, env, {}, tmp_path / "artifacts")
    assert planned == {"shards": '["1/4", "2/4", "3/4", "4/4"]', "count": "4"}
    warmed = []
    for index, shard in enumerate(json.loads(planned["shards"])):
        matrix = {"shard": shard, "index": str(index)}
        _, log = run_github_job(jobs["warm"], checkout(f"warm-{index}"), site_venv, env, matrix, tmp_path / "artifacts")
        warmed += re.findall(r"jindu warm: shard \d/4, zh: .*? (\d+) drawn.*? (\d+) printed", log)
    assert sum(int(d) for d, _ in warmed) > 0 and sum(int(p) for _, p in warmed) == 1
    # A shard run again over its own cache reads (and so touches) every entry, and makes none:
    # its artifact carries nothing.
    busiest = max(range(4), key=lambda index: int(warmed[index][0]))
    again, matrix = tmp_path / "again", {"shard": f"{busiest + 1}/4", "index": str(busiest)}
    shutil.rmtree(tmp_path / "runner" / f"warm-{busiest}" / "warmed")  # a new runner: only .cache/ restored
    _, log = run_github_job(jobs["warm"], tmp_path / "runner" / f"warm-{busiest}", site_venv, env, matrix, again)
    assert re.findall(r"jindu warm: shard \d/4, zh: .*? (\d+) drawn", log) == ["0"], log
    assert [p for p in (again / f"warm-{busiest}").rglob("*") if p.is_file()] == []
    _, log = run_github_job(jobs["build"], checkout("build"), site_venv, env, {}, tmp_path / "artifacts")
    built = re.findall(r"jindu site: mkdocs\.yml: .*", log)
    assert len(built) == 1 and ", 0 drawn," in built[0] and "0 printed, 1 from cache" in built[0], built
    assert (tmp_path / "runner" / "build" / "site" / "plans" / "2025-songjiang" / "t01" / "index.html").is_file()


def test_a_help_page_where_a_progress_page_goes_stops_the_site(tmp_path):
    """The office's docs/attention.md would be replaced by the generated 需关注事项 page (written as
    attention/index.md): `jindu site` names the office's file and leaves the published site as it was."""
    made = jindu("new", "o", "--organization", "xuhui", "--name", "徐汇区卫健委", "--year", "2023", "--no-english",
                 cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    office = tmp_path / "o"
    (office / "docs" / "attention.md").write_text("# 我的页面\n", encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "kept.txt").write_text("the last good site", encoding="utf-8")
    built = run(
        [sys.executable, "-m", "jindu", "site", "--out", str(out)], office, office_env(JINDU_AS_OF="2023-07-15")
    )
    assert built.returncode == 1
    assert built.stderr.splitlines()[-2:] == [
        "jindu site: docs/attention.md collides with a generated page; rename or remove it",
        f"jindu site: {out} was left as it was",
    ]
    assert [p.name for p in out.iterdir()] == ["kept.txt"]


def test_a_folder_jindu_cannot_write_is_named_without_a_traceback(tmp_path):
    """The site's folder below a file (a mistyped --out, a full disk, a read-only mount): one
    line that says what and where, exit status 1, no traceback."""
    made = jindu("new", "o", "--organization", "xuhui", "--name", "徐汇区卫健委", "--year", "2023", "--no-english",
                 cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    (tmp_path / "report.txt").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "report.txt" / "site"
    built = run(
        [sys.executable, "-m", "jindu", "site", "--out", str(out)], tmp_path / "o", office_env(JINDU_AS_OF="2023-07-15")
    )
    assert built.returncode == 1
    assert built.stderr == f"jindu site: File exists: {tmp_path / 'report.txt'}\n"
