"""Templates come from the package; an office overrides single files, and a misfit stops the build.

Also the conventions of a column on a government portal: the meta tags on every page, the
footer's 党政机关网站标识 and 纠错 link, and the whole site (404 page included) under a sub-path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from jindu.templating import FORMAT, PACKAGE, Templates, mark_line, packaged_files

SUB_PATH = "https://www.example.gov.cn/zwgk/jindu/"
HOSTILE = '"><script>alert(1)</script>'


def jindu(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jindu", *args], cwd=cwd, capture_output=True, text=True)


def mkdocs_build(office: Path, out: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, JINDU_AS_OF="2025-07-15", NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=office,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def office(tmp_path) -> Path:
    """A new office from `jindu new`, drafts off (these tests are about the pages)."""
    made = jindu("new", "office", "--organization", "xuhui", "--name", "徐汇区卫健委", "--year", "2025",
                 "--no-english", cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "office"
    config = folder / "jindu.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  drafts: true ", "  drafts: false"), encoding="utf-8"
    )
    git = ["git", "-c", "user.name=clerk", "-c", "user.email=clerk@example.gov.cn.invalid"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "jindu new"]):
        assert subprocess.run([*git, *command], cwd=folder, capture_output=True).returncode == 0
    return folder


def test_every_command_finds_the_templates_in_the_package():
    assert PACKAGE.name == "site_templates" and (PACKAGE / "__init__.py").is_file()
    assert "pages/task.md.j2" in packaged_files() and "print/bulletin.css" in packaged_files()
    assert not any(name.startswith("scaffold/") for name in packaged_files())  # not a template to override
    assert Templates().problems() == []


def test_the_copy_command_marks_the_format(office):
    copied = jindu("templates", "copy", "pages/home.md.j2", cwd=office)
    assert copied.returncode == 0, copied.stderr
    copy = (office / "templates" / "pages" / "home.md.j2").read_text(encoding="utf-8")
    assert copy == f"{{# jindu-templates: {FORMAT} #}}\n" + (PACKAGE / "pages" / "home.md.j2").read_text(
        encoding="utf-8"
    )
    again = jindu("templates", "copy", "pages/home.md.j2", cwd=office)
    assert again.returncode == 1
    assert again.stderr == "jindu templates copy: templates/pages/home.md.j2 exists already; it was left as it was\n"
    unknown = jindu("templates", "show", "pages/nope.md.j2", cwd=office)
    assert unknown.returncode == 2 and "'pages/nope.md.j2' is not one of jindu's templates" in unknown.stderr
    assert mark_line("assets/jindu.css") == f"/* jindu-templates: {FORMAT} */\n"


def test_an_override_of_one_page_template_changes_that_page_only(office, tmp_path):
    plain = jindu("render", "--out", str(tmp_path / "plain"), "--as-of", "2025-07-15", "--no-bulletins", cwd=office)
    assert plain.returncode == 0, plain.stderr
    assert jindu("templates", "copy", "pages/home.md.j2", cwd=office).returncode == 0
    home = office / "templates" / "pages" / "home.md.j2"
    home.write_text(home.read_text(encoding="utf-8") + "\n本机构自定义的首页说明。\n", encoding="utf-8")
    mine = jindu("render", "--out", str(tmp_path / "mine"), "--as-of", "2025-07-15", "--no-bulletins", cwd=office)
    assert mine.returncode == 0, mine.stderr
    index = (tmp_path / "mine" / "index.md").read_text(encoding="utf-8")
    assert index.startswith("---\n") and index.endswith("本机构自定义的首页说明。\n")
    for page in (tmp_path / "plain").rglob("*.md"):
        if page.name != "index.md" or page.parent != tmp_path / "plain":
            assert (tmp_path / "mine" / page.relative_to(tmp_path / "plain")).read_bytes() == page.read_bytes()


def test_templates_that_do_not_fit_stop_every_command_with_every_problem(office, tmp_path):
    pages, printing = office / "templates" / "pages", office / "templates" / "print"
    pages.mkdir(parents=True)
    printing.mkdir()
    (pages / "home.md.j2").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (pages / "tsak.md.j2").write_text("{# jindu-templates: 1 #}\n", encoding="utf-8")
    (pages / "task.md.j2").write_text(f"{{# jindu-templates: {FORMAT} #}}\n---\n{{% if %}}\n", encoding="utf-8")
    (printing / "bulletin.css").write_text(f"/* jindu-templates: {FORMAT + 1} */\nbody {{}}\n", encoding="utf-8")
    expected = [
        (
            "templates/pages/home.md.j2: does not say which templates' format it was written for; compare it with "
            f"`jindu templates show pages/home.md.j2`, then make its first line {{# jindu-templates: {FORMAT} #}}"
        ),
        "templates/pages/task.md.j2:3: Expected an expression, got 'end of statement block'; fix the template",
        (
            "templates/pages/tsak.md.j2: overrides no template of jindu's; rename it to one of the files "
            "`jindu templates list` shows, or move it out of templates"
        ),
        (
            f"templates/print/bulletin.css: written for jindu templates format {FORMAT + 1}, but this jindu reads "
            f"format {FORMAT}; compare it with `jindu templates show print/bulletin.css`, carry your changes over, "
            f"then make its first line /* jindu-templates: {FORMAT} */"
        ),
    ]
    rendered = jindu("render", "--out", str(tmp_path / "out"), "--as-of", "2025-07-15", cwd=office)
    assert rendered.returncode == 1
    from jindu import __version__

    assert rendered.stderr.splitlines() == [
        *expected,
        f"jindu render: the templates do not fit this jindu ({__version__}); nothing was written",
    ]
    assert not (tmp_path / "out").exists()
    printed = jindu("bulletin", "print", "2025-xuhui", "--period", "2025-Q2", cwd=office)
    assert printed.returncode == 1 and printed.stderr.splitlines()[:4] == expected
    built = mkdocs_build(office, tmp_path / "site")
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    assert "jindu: the templates do not fit this jindu:\n" + "\n".join(expected) in built.stderr


def test_a_portal_column_under_a_sub_path(office, tmp_path):
    """Meta tags on every page, the footer's badge and 纠错 link, a theme partial overridden by the
    office, and every link of every page (the 404 page too) inside the sub-path."""
    (office / "docs" / "assets").mkdir()
    from PIL import Image

    Image.new("RGB", (55, 68), (200, 16, 46)).save(office / "docs" / "assets" / "dzjg.png")
    config = office / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    settings = office / "jindu.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "# site_url: https://www.example.gov.cn/zwgk/jindu/", f"site_url: {SUB_PATH}"
        ),
        encoding="utf-8",
    )
    text = text.replace("    # badge: assets/dzjg.png", "    badge: assets/dzjg.png")
    text = text.replace(
        "    # badge_link: https://bszs.conac.cn/sitename?method=show&id=0000", "    badge_link: javascript:alert(1)"
    )
    text = text.replace(
        "    # correction: https://www.example.gov.cn/jiucuo/", "    correction: https://www.example.gov.cn/jiucuo/"
    )
    text = text.replace("    # site_domain: www.example.gov.cn", "    site_domain: www.example.gov.cn")
    text = text.replace("    column_name: 重点工作进展", f"    column_name: {HOSTILE!r}")
    text = text.replace('    # site_code: "0000000000"', '    site_code: "3101040001"')
    config.write_text(text, encoding="utf-8")
    assert jindu("templates", "copy", "overrides/partials/copyright.html", cwd=office).returncode == 0
    partial = office / "templates" / "overrides" / "partials" / "copyright.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "<p>本机构页脚附注</p>\n", encoding="utf-8")
    out = tmp_path / "site"
    built = mkdocs_build(office, out)
    assert built.returncode == 0, built.stderr
    pages = sorted(out.rglob("*.html"))
    assert out / "404.html" in pages and len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        meta = {tag["name"]: tag["content"] for tag in soup.find_all("meta") if tag.get("name")}
        assert meta["SiteName"] == "徐汇区卫健委" and meta["SiteDomain"] == "www.example.gov.cn", page
        assert meta["SiteIDCode"] == "3101040001" and meta["ColumnName"] == HOSTILE, page
        assert meta["PubDate"] == "2025-07-15 00:00" and meta["ContentSource"] == "徐汇区卫健委", page
        assert "<script>alert(1)" not in html and "javascript:alert" not in html, page
        footer = soup.select_one("footer .md-copyright")
        assert footer is not None and "本机构页脚附注" in footer.parent.text, page
        badge = footer.select_one(".jd-footer-marks img")
        assert badge is not None and badge["alt"] == "党政机关网站标识" and badge.parent.name != "a", page
        assert footer.select_one("a.jd-correction")["href"] == "https://www.example.gov.cn/jiucuo/", page
        address = urljoin(SUB_PATH, page.relative_to(out).as_posix())
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for node in soup.find_all(tag):
                target = node.get(attribute)
                if not target or target.startswith(("#", "mailto:")) or "//" in target.split("#")[0][:8]:
                    continue
                path = urlsplit(urljoin(address, target)).path
                assert path.startswith("/zwgk/jindu/"), (page, target)
                local = out / path.removeprefix("/zwgk/jindu/")
                assert local.is_file() or (local / "index.html").is_file(), (page, target)
    assert "ArticleTitle" in (out / "index.html").read_text(encoding="utf-8")


def test_an_override_that_asks_for_data_jindu_does_not_give_names_its_line(office, tmp_path):
    pages = office / "templates" / "pages"
    pages.mkdir(parents=True)
    (pages / "home.md.j2").write_text(
        f"{{# jindu-templates: {FORMAT} #}}\n---\ntitle: x\n---\n{{{{ departments_of_the_office }}}}\n",
        encoding="utf-8",
    )
    rendered = jindu("render", "--out", str(tmp_path / "out"), "--as-of", "2025-07-15", "--no-bulletins", cwd=office)
    assert rendered.returncode == 1
    assert rendered.stderr == (
        "jindu render: templates/pages/home.md.j2:5: 'departments_of_the_office' is undefined; "
        "the template does not fit this jindu's data\n"
    )
    built = mkdocs_build(office, tmp_path / "site")
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "jindu: templates/pages/home.md.j2:5: 'departments_of_the_office' is undefined" in built.stderr
