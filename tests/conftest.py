import os
import subprocess
import sys
from pathlib import Path

import pytest

from chromium import browser, seed_server  # noqa: F401  (the browser tests' fixtures)

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2023-07-15"


@pytest.fixture
def root() -> Path:
    return ROOT


def site_config(root: Path, site_name: str, plugins: str = "", tail: str = "") -> str:
    """A mkdocs.yml for a project of its own (docs/, plans/), as an office writes it: the
    templates come from the installed package, the rest of jindu's settings from jindu.yml (its
    defaults when there is none). `plugins` go before jindu, `tail` ends the file."""
    return f"""site_name: {site_name}
docs_dir: docs
strict: true
theme:
  name: material
  language: zh
  font: false
plugins:
{plugins}  - jindu:
      lang: zh
{tail}"""


def run_site(root, out, config="mkdocs.yml", *extra, cwd=None):
    """`jindu site` in a subprocess, as a user runs it. No timeout: a loaded machine may take
    minutes, and CI bounds the whole run."""
    return subprocess.run(
        [sys.executable, "-m", "jindu", "site", "--out", str(out), "--config", str(config), *extra],
        cwd=cwd or root,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session", autouse=True)
def shared_caches(tmp_path_factory):
    """One chart, bulletin, page and search cache for the whole test run, never the checkout's
    .cache/: every build (in this process, `jindu render`, `jindu site` and the plugin)
    reads them through JINDU_*_CACHE, so a chart is drawn and a draft printed once per run,
    and a test starts from the same state on every machine."""
    folder = tmp_path_factory.mktemp("caches")
    caches = {
        "JINDU_CHART_CACHE": folder / "charts",
        "JINDU_BULLETIN_CACHE": folder / "bulletins",
        "JINDU_SEARCH_CACHE": folder / "search",
        "JINDU_PAGE_CACHE": folder / "pages",
        "JINDU_HISTORY_CACHE": folder / "history",
    }
    saved = {name: os.environ.get(name) for name in [*caches, "JINDU_CACHE_KEEP"]}
    os.environ.update({name: str(path) for name, path in caches.items()})
    # Builds of many portfolios share these caches: none of them prunes what the others use.
    os.environ["JINDU_CACHE_KEEP"] = "0"
    yield caches
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def chart_cache(shared_caches) -> Path:
    return shared_caches["JINDU_CHART_CACHE"]


@pytest.fixture(scope="session")
def bulletin_cache(shared_caches) -> Path:
    return shared_caches["JINDU_BULLETIN_CACHE"]


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The seed plans built once per session, both editions, as of 2023-07-15."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = run_site(ROOT, out, "mkdocs.yml", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    # The generated pages are outside the nav on purpose: MkDocs lists none of them.
    assert "not included in the" not in result.stderr, result.stderr[:2000]
    return out


OTHER_ENGINES = ["properdocs", "zensical"]


@pytest.fixture(scope="session", params=OTHER_ENGINES)
def engine_site(request, tmp_path_factory) -> tuple[str, Path]:
    """The seed site, both editions, built by `jindu site --engine NAME` (each engine but MkDocs)."""
    out = tmp_path_factory.mktemp(request.param) / "site"
    run = run_site(ROOT, out, "mkdocs.yml", "--as-of", AS_OF, "--engine", request.param)
    assert run.returncode == 0, run.stderr
    assert f"jindu site: built {out} as of {AS_OF} with {request.param}" in run.stdout
    return request.param, out


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A site built from plans with an XSS probe in every text field (see probes.py)."""
    from probes import build_hostile_site

    return build_hostile_site(ROOT, tmp_path_factory.mktemp("xss"))


SITE_FIXTURES = {"seed_site", "hostile_site", "engine_site", "result"}


def pytest_collection_modifyitems(items):
    """Mark every test that needs a whole build, so `-m "not site"` runs the quick ones."""
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)


def new_office(folder: Path, organization: str, name: str, year: str, plans: Path | None = None) -> Path:
    """`jindu new office` in `folder` (with `plans` copied over its sample plans when given),
    committed on a branch `main`: an office's repository as a user starts it."""
    import shutil

    made = subprocess.run(
        [sys.executable, "-m", "jindu", "new", "office", "--organization", organization, "--name", name, "--year", year],
        cwd=folder, capture_output=True, text=True,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    office = folder / "office"
    if plans is not None:
        shutil.rmtree(office / "plans")
        shutil.copytree(plans, office / "plans")
    git_in(office, "init", "-q", "-b", "main")
    git_in(office, "add", "-A")
    git_in(office, "commit", "-qm", "plans")
    return office


def git_in(repo: Path, *args: str) -> str:
    """Run git in `repo` as a committer of the tests; its output (it must succeed)."""
    import subprocess

    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=ci", "-c", "user.email=ci@example.org", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
