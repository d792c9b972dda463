"""Generated pages, without MkDocs: the page set, links between pages, `jindu render`."""

import posixpath
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from jindu.build import build_outputs
from jindu.history.record import read_history
from jindu.settings import Settings
from jindu.words.addresses import SiteMap, relative_path

AS_OF = date(2023, 7, 15)


@pytest.fixture(scope="module")
def result(request, chart_cache, bulletin_cache):
    root = request.config.rootpath
    # The plans' git history and the issued archive too, as the plugin and `jindu render` read
    # them, so the drafts are the same files as the site's and come from the shared cache.
    plans = [root / "plans"]
    settings = Settings(
        plans=tuple(plans),
        as_of=AS_OF,
        history=read_history(plans),
        issued=root / "issued",
        chart_cache=chart_cache,
        bulletin_cache=bulletin_cache,
    )
    built = build_outputs(settings)
    assert built.ok
    return built


def test_every_task_unit_and_person_has_a_page(result):
    paths = set(result.outputs.paths())
    portfolio = result.portfolio
    for plan_id in portfolio.plans:
        assert SiteMap.plan(plan_id) in paths
        for entry in portfolio.index(plan_id).entries:
            assert SiteMap.task(plan_id, entry.task.id) in paths
    for org, doc in portfolio.directories.items():
        for unit in doc.model.units:
            # A collective (各相关处室, kind: group) is shown as written and has no page.
            assert (SiteMap.unit(org, unit.id) in paths) is (unit.kind.value != "group")
        for person in doc.model.people:
            assert SiteMap.person(org, person.id) in paths
    for fixed in (
        "index.md",
        "attention.md",
        "units/index.md",
        "people/index.md",
        "calendar/index.md",
        "calendar/2023-06.md",
        "calendar/2023-q2.md",
        "calendar/2020-q1.md",
    ):
        assert fixed in paths
    counts = {"plans": 4, "tasks": sum(len(portfolio.index(p).entries) for p in portfolio.plans)}
    assert counts == {"plans": 4, "tasks": 105}


@pytest.mark.parametrize(
    "here, target, expected",
    [
        ("index.md", "plans/p/t1.md", "plans/p/t1/"),
        ("plans/p/t1.md", "plans/p/t2.md", "../t2/"),
        ("plans/p/t1.md", "plans/p/index.md", "../"),
        ("plans/p/index.md", "plans/p/t1.md", "t1/"),
        ("units/o/u.md", "index.md", "../../../"),
        ("index.md", "index.md", "./"),
    ],
)
def test_relative_links(here, target, expected):
    assert SiteMap().link(here, target) == expected


def test_relative_path_agrees_with_posixpath_relpath(result):
    """The site's own relpath (words/addresses.py) on every pair of the seed site's folders."""
    sitemap = SiteMap()
    urls = sorted({sitemap.url(p) for p in result.outputs.paths() if p.endswith(".md")})
    folders = sorted({url if url.endswith("/") or url == "" else posixpath.dirname(url) for url in urls})
    targets = urls + sorted(p for p in result.outputs.paths() if not p.endswith(".md"))[:200]
    for base in folders:
        for target in targets[:: max(1, len(targets) // 150)]:
            expected = posixpath.relpath(target or ".", base.rstrip("/") or ".")
            assert relative_path(target, base) == expected, (target, base)


def test_every_link_between_generated_pages_resolves(result):
    sitemap = SiteMap()
    urls = {sitemap.url(p) for p in result.outputs.paths() if p.endswith(".md")}
    checked = 0
    for output in result.outputs:
        if not output.path.endswith(".md"):
            continue
        base = sitemap.url(output.path)
        for href in re.findall(r'href="([^"#]*)(?:#[^"]*)?"', output.text):
            if not href or href.startswith(("http://", "https://")):
                continue
            resolved = posixpath.normpath(posixpath.join(base, href))
            if href.endswith((".svg", ".png", ".pdf", ".xlsx", ".csv", ".json", ".ics", ".atom")):  # files, not pages
                assert resolved in result.outputs, f"{output.path}: {href}"
                checked += 1
                continue
            resolved = "" if resolved == "." else resolved + "/"
            assert resolved in urls, f"{output.path}: {href}"
            checked += 1
    assert checked > 2000


def test_sample_warning_and_no_schedule_note(result):
    assert "示例数据" in result.outputs.get("plans/2023-qingpu/index.md").text
    assert "示例数据" in result.outputs.get("plans/2023-qingpu/i16.md").text
    # Minhang's figures hold no sample report: no warning (its issued demo bulletins are tagged in the table).
    assert 'class="jd-sample"' not in result.outputs.get("plans/2023-minhang/index.md").text
    assert "不代表正常推进" in result.outputs.get("plans/2022-qingpu/index.md").text


def test_english_pages_use_english_labels(root, chart_cache):
    settings = Settings(plans=(root / "plans",), as_of=AS_OF, lang="en", chart_cache=chart_cache, bulletins=False)
    built = build_outputs(settings)
    text = built.outputs.get("plans/2023-qingpu/i14.md").text
    assert "Data as of" in text and "Milestones" in text and "Q2 milestone" in text
    assert "数据截至" not in text and "工作节点" not in text


def test_an_edited_template_copy_renders_in_the_same_process(root, chart_cache, tmp_path):
    """Compiled templates are kept per set of template files: a live preview that sees the office
    edit its copy of a page template renders the new copy, and the old one again after an undo."""
    from jindu.templating import Templates, mark_line

    copy = tmp_path / "templates" / "pages" / "bulletins.md.j2"
    copy.parent.mkdir(parents=True)
    own = (Path(__file__).parents[1] / "site_templates" / "pages" / "bulletins.md.j2").read_text(encoding="utf-8")
    shown = []
    for extra in ("第一稿", "第二稿", "第一稿"):
        copy.write_text(mark_line("pages/bulletins.md.j2") + own + f"\n<p>{extra}</p>\n", encoding="utf-8")
        settings = Settings(
            plans=(root / "plans",),
            as_of=AS_OF,
            chart_cache=chart_cache,
            bulletins=False,
            templates=Templates(tmp_path / "templates"),
        )
        text = build_outputs(settings).outputs.get("bulletins.md").text
        shown.append([word for word in ("第一稿", "第二稿") if word in text])
    assert shown == [["第一稿"], ["第二稿"], ["第一稿"]]


def test_editions_sharing_their_groundwork_give_the_same_outputs(root, chart_cache):
    """`jindu site` builds its editions with one Groundwork: the second takes the plans and their
    status from the first, and its outputs are those it would make on its own; another date is
    another status."""
    from jindu.groundwork import Groundwork

    shared = Groundwork()

    def built(lang, groundwork, as_of=AS_OF):
        settings = Settings(
            plans=(root / "plans",), as_of=as_of, lang=lang, chart_cache=chart_cache, bulletins=False,
            groundwork=groundwork,
        )  # fmt: skip
        return build_outputs(settings)

    zh, en = built("zh", shared), built("en", shared)
    assert en.portfolio is zh.portfolio and en.report is zh.report
    alone = built("en", None)
    assert alone.report is not zh.report
    assert [(o.path, o.content) for o in en.outputs] == [(o.path, o.content) for o in alone.outputs]
    later = built("en", shared, date(2023, 9, 30))
    assert later.report is not zh.report and later.report.as_of == date(2023, 9, 30)


def test_render_cli_writes_the_same_pages(root, tmp_path, result):
    out = tmp_path / "pages"
    run = subprocess.run(
        [sys.executable, "-m", "jindu", "render", "--out", str(out), "--as-of", "2023-07-15"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(result.outputs.paths())
    assert (out / "plans/2023-qingpu/i14.md").read_bytes() == result.outputs.get("plans/2023-qingpu/i14.md").content


def test_render_refuses_a_bad_date(root, tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "jindu", "render", "--out", str(tmp_path / "x"), "--as-of", "2023-13-01"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "YYYY-MM-DD" in run.stderr
    assert not (tmp_path / "x").exists()


def test_editions_sharing_their_digests_give_every_page_the_key_it_has_alone(root, chart_cache, monkeypatch):
    """The English edition takes the Chinese edition's digests of the shared status objects; a
    page's key is the one the edition computes on its own (a wrong key would keep a stale page)."""
    from jindu.groundwork import Groundwork
    from jindu.site.pagekeys import PageKeys

    keys: dict[tuple[int, str], str] = {}
    run = [0]
    original = PageKeys.of

    def recorded(self, template, here, parts):
        keys[(run[0], here)] = key = original(self, template, here, parts)
        return key

    monkeypatch.setattr(PageKeys, "of", recorded)

    def built(lang, groundwork):
        settings = Settings(
            plans=(root / "plans",), as_of=AS_OF, lang=lang, chart_cache=chart_cache, bulletins=False,
            groundwork=groundwork,
        )  # fmt: skip
        return build_outputs(settings)

    shared = Groundwork()
    built("zh", shared)
    run[0] = 1
    built("en", shared)
    run[0] = 2
    built("en", None)
    alone = {here: key for (n, here), key in keys.items() if n == 2}
    together = {here: key for (n, here), key in keys.items() if n == 1}
    assert len(alone) > 100 and together == alone
