"""Engine-neutral: the tree `jindu render --out` writes is a plain MkDocs docs folder. Built by
MkDocs without the jindu plugin it gives the pages the plugin gives (charts as <img> instead of
inline SVG; the footer's data date comes from the plugin), so another engine stays open."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import AS_OF
from jindu.templating import PACKAGE

ROOT = Path(__file__).resolve().parents[1]


def article(path: Path) -> str:
    """The page's article text, charts left out (inline SVG in one build, <img> in the other)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    node = soup.select_one("article")
    assert node is not None, path
    for slot in node.select(".jd-chart-slot"):
        slot.decompose()
    return node.get_text(" ", strip=True)


def test_plain_mkdocs_builds_the_rendered_tree_into_the_same_pages(seed_site, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "demo" / "docs", docs, ignore=shutil.ignore_patterns("en"))
    generated = tmp_path / "generated"
    run = subprocess.run(
        [sys.executable, "-m", "jindu", "render", "--out", str(generated), "--as-of", AS_OF],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    shutil.copytree(generated, docs, dirs_exist_ok=True)
    # The site's own config without the jindu plugin (a child config replaces the plugin list).
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        "theme:\n"
        "  name: material\n"
        f"  custom_dir: {PACKAGE / 'overrides'}\n"
        "extra_css: [assets/jindu.css]\n"
        "plugins:\n"
        "  - search:\n"
        "      lang: [zh, en]\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert built.returncode == 0, built.stderr
    pages = sorted(p.relative_to(generated).with_suffix("").as_posix() for p in generated.rglob("*.md"))
    assert len(pages) > 300
    for page in pages:
        target = "" if page == "index" else page.removesuffix("/index").removesuffix("index")
        plain, plugin = out / target / "index.html", seed_site / target / "index.html"
        assert article(plain) == article(plugin), page
    for chart in generated.rglob("*.svg"):  # every chart is there, as a file the pages link
        assert (out / chart.relative_to(generated)).read_bytes() == chart.read_bytes()
