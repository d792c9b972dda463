import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2023-07-15"


@pytest.fixture
def root() -> Path:
    return ROOT


def run_site(root, out, config="mkdocs.yml", *extra, cwd=None):
    """`jindu site` in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "jindu", "site", "--out", str(out), "--config", str(config), *extra],
        cwd=cwd or root,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def chart_cache(tmp_path_factory) -> Path:
    """One chart cache for the whole test run, never the checkout's .cache/."""
    return tmp_path_factory.mktemp("chart-cache")


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The seed plans built once per session, both editions, as of 2023-07-15."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = run_site(ROOT, out, "mkdocs.yml", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A site built from plans with an XSS probe in every text field (see probes.py)."""
    from probes import build_hostile_site

    return build_hostile_site(ROOT, tmp_path_factory.mktemp("xss"))
