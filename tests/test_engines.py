"""Engines: the same site from MkDocs, ProperDocs and Zensical.

`jindu site --engine NAME` renders the tree, the engine themes it, jindu finishes it: every
generated page reads the same, every file of jindu's is the same bytes, links resolve, the
footer and the language switch are there, and search answers the same (test_browser.py).
And the tree `jindu render --out` writes is a plain MkDocs docs folder: built by MkDocs without
the jindu plugin it gives the pages the plugin gives (charts as <img> instead of inline SVG)."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

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


def test_the_generated_pages_are_named_to_the_engine_as_outside_the_nav():
    from jindu.publish.engineconfig import derive

    pages = ["index.md", "plans/2023-a/t01.md", "plans/2023-a/index.md", "units/o/u/index.md", "attention.md"]
    derived = derive({"site_name": "x"}, lang="zh", as_of=dt.date(2023, 7, 15), site_url=None, generated=pages)
    assert derived["not_in_nav"] == "/attention.md\n/index.md\n/plans/\n/units/\n"
    own = {"site_name": "x", "not_in_nav": "/drafts/\n"}
    derived = derive(own, lang="zh", as_of=dt.date(2023, 7, 15), site_url=None, generated=pages[1:2])
    assert derived["not_in_nav"] == "/drafts/\n/plans/\n"  # the office's own patterns first
    assert "not_in_nav" not in derive({}, lang="zh", as_of=dt.date(2023, 7, 15), site_url=None)


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


# --------------------------------------------------------------------------- jindu site --engine

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
# What an engine writes of its own (its theme's scripts and styles, its sitemap): not jindu's.
ENGINE_OWN = re.compile(r"(^|/)(assets/(javascripts|stylesheets|images)/|search/|sitemap\.xml|404\.html)")


def pages(site: Path) -> dict[str, str]:
    """Every page with an article: its path → the article's text."""
    found = {}
    for path in site.rglob("*.html"):
        match = ARTICLE.search(path.read_text(encoding="utf-8"))
        if match:
            found[path.relative_to(site).as_posix()] = BeautifulSoup(match.group(1), "html.parser").get_text(
                " ", strip=True
            )
    return found


def test_every_engine_builds_the_same_pages_and_files(seed_site, engine_site):
    name, site = engine_site
    expected, built = pages(seed_site), pages(site)
    assert len(expected) > 600  # both editions
    assert built.keys() == expected.keys()
    differ = [path for path in expected if built[path] != expected[path]]
    assert differ == [], f"{name}: {len(differ)} pages read differently, first {differ[:5]}"
    # jindu's files (charts, data files, PDFs, the search index, the theme's assets) are the same bytes.
    ours = [
        p.relative_to(seed_site).as_posix()
        for p in seed_site.rglob("*")
        if p.is_file() and p.suffix != ".html" and not ENGINE_OWN.search(p.relative_to(seed_site).as_posix())
    ]
    assert any(p.startswith("pagefind/") for p in ours) and any(p.endswith(".pdf") for p in ours)
    assert any(p.startswith("data/") for p in ours) and "assets/jindu.css" in ours
    changed = [p for p in ours if not (site / p).is_file() or (site / p).read_bytes() != (seed_site / p).read_bytes()]
    assert changed == [], f"{name}: {changed[:5]}"


def test_every_engine_links_resolve_and_keep_the_footer_and_language_switch(seed_site, engine_site):
    """Zensical rewrites relative links in raw HTML against the source file: jindu writes each
    generated page as NAME/index.md for it, so every link in every page still resolves."""
    name, site = engine_site
    broken = set()
    for path in site.rglob("*.html"):
        match = ARTICLE.search(path.read_text(encoding="utf-8"))
        if not match:
            continue
        for link in re.findall(r'(?:href|src)="([^"#?]+)', match.group(1)):
            if "://" in link or link.startswith(("/", "mailto:", "data:")):
                continue
            target = (path.parent / unquote(link)).resolve()
            if not (target / "index.html" if target.is_dir() else target).is_file():
                broken.add((path.relative_to(site).as_posix(), link))
    assert broken == set(), f"{name}: {sorted(broken)[:5]}"
    for page in ("index.html", "plans/2023-qingpu/i01/index.html", "en/index.html"):
        ours = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        theirs = BeautifulSoup((seed_site / page).read_text(encoding="utf-8"), "html.parser")
        footer = ours.select_one(".jd-footer-reg")
        assert footer is not None and footer.get_text(" ", strip=True) == theirs.select_one(".jd-footer-reg").get_text(
            " ", strip=True
        )
        # The same targets (Zensical writes ./en/ for en/).
        switch = {a["hreflang"]: posixpath.normpath(a["href"]) for a in ours.select("a[hreflang]")}
        assert switch == {a["hreflang"]: posixpath.normpath(a["href"]) for a in theirs.select("a[hreflang]")}, page
        for href in switch.values():
            assert ((site / page).parent / href / "index.html").resolve().is_file(), (name, page, href)
        assert ours.select_one('script[src$="assets/jindu-search.js"]') is not None


def test_the_plugin_and_jindu_site_give_the_same_bytes(seed_site, tmp_path):
    """`mkdocs build` with the jindu plugin (what `mkdocs serve` and an office's own `mkdocs build`
    run) and `jindu site` (render, MkDocs without the plugin, finish) write the same site."""
    out = tmp_path / "plugin"
    day = dt.date.fromisoformat(AS_OF)
    env = dict(
        os.environ,
        JINDU_AS_OF=AS_OF,
        NO_MKDOCS_2_WARNING="1",
        SOURCE_DATE_EPOCH=str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())),
    )
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert built.returncode == 0, built.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert len(files) > 1000
    differ = [f for f in files if (seed_site / f).read_bytes() != (out / f).read_bytes()]
    assert differ == [], differ[:10]


def test_a_preview_opens_from_disk_and_says_how(tmp_path):
    """`jindu site --preview`: every relative link of every page names a file (…/index.html), so
    the downloaded artifact reads from disk without a server; the job summary says how to open it."""
    out, summary = tmp_path / "preview", tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "jindu",
            "site",
            "--out",
            str(out),
            "--as-of",
            AS_OF,
            "--preview",
            "--summary",
            str(summary),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert (out / "plans" / "2023-qingpu" / "i01.html").is_file() and (out / "en" / "index.html").is_file()
    to_folders, broken = set(), set()
    for page in out.rglob("*.html"):
        for link in re.findall(r'href="([^"#?]*)', page.read_text(encoding="utf-8")):
            if not link or "://" in link or link.startswith(("/", "mailto:", "data:")):
                continue  # "" is the page itself
            target = (page.parent / unquote(link)).resolve()
            if target.is_dir():
                to_folders.add((page.relative_to(out).as_posix(), link))
            elif not target.is_file():
                broken.add((page.relative_to(out).as_posix(), link))
    assert to_folders == set() and broken == set(), (sorted(to_folders)[:5], sorted(broken)[:5])
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(
        "earlier step\n### 预览网站\n\n下载本次运行的 `site-preview` 附件并解压，用浏览器打开其中的 `index.html`"
    )
    assert "### The preview\n\nDownload this run's `site-preview` artifact, unzip it and open its `index.html`" in text
    assert "python3 -m http.server 8000" in text
