"""Page keys: a build renders the templates of the pages whose inputs changed, and nothing else.

Each test builds an office's plans (a copy of the seed plans in a temporary folder) with a page
cache, changes one thing, builds again, and compares with a build without any cache: the pages
must be the same bytes (no page is stale), and the pages whose templates ran must be exactly
the pages whose bytes changed, plus the three that roll up the whole portfolio."""

import datetime as dt
import re
import shutil

import pytest

from jindu.build import build_outputs
from jindu.settings import Settings
from jindu.site.attention import attention_groups
from jindu.site.pagekeys import Fingerprints, UndigestibleValue
from jindu.templating import Templates, mark_line
from jindu.words.addresses import SiteMap

AS_OF = dt.date(2023, 7, 15)
# Pages that count or list everything: their key is the whole status report.
ROLLUPS = {SiteMap.home, SiteMap.attention, SiteMap.bulletins}


@pytest.fixture
def office(tmp_path, root):
    """An office's plans, copied where the test may change them."""
    shutil.copytree(root / "plans", tmp_path / "plans")
    return tmp_path


def build(office, chart_cache, pages=None, as_of=AS_OF, templates=None):
    settings = Settings(
        plans=(office / "plans",),
        as_of=as_of,
        bulletins=False,
        chart_cache=chart_cache,
        page_cache=pages,
        templates=templates or Templates(),
    )
    result = build_outputs(settings)
    assert result.ok, result.diagnostics.sorted()[:3]
    return result


def pages_of(result) -> dict[str, bytes]:
    return {o.path: o.content for o in result.outputs if o.kind == "page"}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rebuild_after(change, office, chart_cache, tmp_path, **options):
    """Build with a page cache, `change()`, build again: (before, after, after without a cache)."""
    pages = tmp_path / "page-cache"
    before = build(office, chart_cache, pages, **options)
    assert before.reused == 0 and len(before.rendered) == len(pages_of(before))
    options.update(change() or {})
    after = build(office, chart_cache, pages, **options)
    fresh = build(office, chart_cache, None, **options)
    assert pages_of(after) == pages_of(fresh)  # nothing stale
    return before, after


def test_an_unchanged_build_renders_no_page(office, chart_cache, tmp_path):
    before, after = rebuild_after(lambda: None, office, chart_cache, tmp_path)
    assert after.rendered == []
    assert after.reused == len(pages_of(after)) > 300
    assert pages_of(after) == pages_of(before)


def test_a_build_whose_drafts_were_printing_leaves_nothing_to_render_once_they_are_printed(
    office, chart_cache, tmp_path
):
    """A build whose drafts print while its pages convert marks their rows; the next build finds
    them printed in the bulletin cache. The rows' Markdown is the same marks, and so must be the
    pages' keys: the second build renders nothing (it re-rendered the pages that list drafts)."""
    settings = Settings(
        plans=(office / "plans",),
        as_of=AS_OF,
        chart_cache=chart_cache,
        page_cache=tmp_path / "page-cache",
        bulletin_cache=tmp_path / "bulletin-cache",
    )
    first = build_outputs(settings, print_later=True)
    assert first.ok and first.printing is not None and first.printing.misses  # printing now
    first.printing.finish()
    second = build_outputs(settings, print_later=True)
    assert second.printing is not None and not second.printing.misses  # every draft from the cache
    second.printing.finish()
    assert second.rendered == []
    assert second.reused == len(pages_of(second)) > 300


def changed_pages(before, after) -> set[str]:
    """The pages whose Markdown changed, or that show a chart whose spec changed (its SVG is
    inlined into the page when the site is finished: the page a reader sees changed)."""
    old, new = pages_of(before), pages_of(after)
    changed = {path for path in new if old.get(path) != new[path]}
    for path, content in new.items():
        for chart in re.findall(r'data-chart="([^"]+)\.svg"', content.decode("utf-8")):
            was, now = before.charts.specs.get(chart), after.charts.specs[chart]
            if was is None or Fingerprints().of(was) != Fingerprints().of(now):
                changed.add(path)
    return changed


def test_a_progress_edit_renders_the_pages_that_show_the_task_and_nothing_more(office, chart_cache, tmp_path):
    report = office / "plans" / "qingpu" / "progress" / "2023-q2-sample.yaml"

    def change():  # i01's second quarter: done → delayed, as a department's correction would say
        edit(report, "    milestone: q2\n    status: done", "    milestone: q2\n    status: delayed")

    before, after = rebuild_after(change, office, chart_cache, tmp_path)
    changed = changed_pages(before, after)
    rendered = set(after.rendered)
    assert SiteMap.task("2023-qingpu", "i01") in changed
    assert SiteMap.plan("2023-qingpu") in changed
    assert rendered - ROLLUPS == changed - ROLLUPS  # every page rendered changed, every change rendered
    assert len(rendered) < 30 < len(pages_of(after))
    # Its unit and its quarter list it; another plan's pages and the neighbouring tasks do not.
    assert any(path.startswith("units/qingpu/") for path in rendered)
    assert SiteMap.quarter(2023, 2) in rendered
    assert not any(path.startswith("plans/2023-minhang/") for path in rendered)
    assert SiteMap.task("2023-qingpu", "i02") not in rendered


@pytest.mark.parametrize(
    "what",
    ["task title", "unit name", "as-of date", "section title"],
)
def test_other_changes_render_what_they_change(what, office, chart_cache, tmp_path):
    plan = office / "plans" / "qingpu" / "2023-key-work.yaml"
    directory = office / "plans" / "qingpu" / "directory.yaml"

    def change():
        if what == "task title":
            text = plan.read_text(encoding="utf-8")
            at = text.index("title: ", text.index("- id: i03"))
            plan.write_text(text[:at] + "title: 【修订】" + text[at + len("title: ") :], encoding="utf-8")
        elif what == "unit name":
            text = directory.read_text(encoding="utf-8")
            at = text.index("name: ", text.index("units:"))
            directory.write_text(text[:at] + "name: 改名" + text[at + len("name: ") :], encoding="utf-8")
        elif what == "section title":
            text = plan.read_text(encoding="utf-8")
            at = text.index("title: ", text.index("sections:"))
            plan.write_text(text[:at] + "title: 改" + text[at + len("title: ") :], encoding="utf-8")
        else:
            return {"as_of": AS_OF + dt.timedelta(days=1)}
        return None

    before, after = rebuild_after(change, office, chart_cache, tmp_path)
    if what == "unit name":  # the directory's names are every page's input (links, lists, headings)
        assert after.reused == 0
    else:
        assert set(after.rendered) - ROLLUPS == changed_pages(before, after) - ROLLUPS
        assert 0 < len(after.rendered) < len(pages_of(after))


def test_a_page_template_of_the_office_makes_every_key_hold_the_whole_report(office, chart_cache, tmp_path, root):
    """An office's copy of a page template may show anything it is given: a progress edit then
    renders every page again, and the pages are still those of a build without a cache."""
    own = tmp_path / "templates"
    (own / "pages").mkdir(parents=True)
    task = Templates().read_text("pages/task.md.j2")
    (own / "pages" / "task.md.j2").write_text(
        mark_line("pages/task.md.j2") + task + "\n{{ ps.rollup.counts | length }} {{ ps.tasks | length }}\n",
        encoding="utf-8",
    )
    report = office / "plans" / "qingpu" / "progress" / "2023-q2-sample.yaml"

    def change():
        edit(report, "    milestone: q2\n    status: done", "    milestone: q2\n    status: delayed")

    _, after = rebuild_after(change, office, chart_cache, tmp_path, templates=Templates(own))
    assert after.reused == 0


def test_a_value_without_a_digest_is_refused():
    with pytest.raises(UndigestibleValue, match=r"^a page is given a function, which has no digest$"):
        Fingerprints().of([1, "二", lambda: None])
    assert Fingerprints().of({"a": [1, 2.5, None]}) == Fingerprints().of({"a": [1, 2.5, None]})
    assert Fingerprints().of(["1"]) != Fingerprints().of([1])
    assert Fingerprints().of(["ab", "c"]) != Fingerprints().of(["a", "bc"])


def test_a_progress_edit_renders_the_list_pieces_of_its_plan_and_departments_only(office, chart_cache, tmp_path):
    """The home page and the attention page are rendered again at any status change, but the
    parts kept by key (site/pieces.py) are only those that show the edited task: its plan's list
    of flagged tasks and the lists of its lead departments."""
    report = office / "plans" / "qingpu" / "progress" / "2023-q2-sample.yaml"

    def change():
        edit(report, "    milestone: q2\n    status: done", "    milestone: q2\n    status: delayed")

    before, after = rebuild_after(change, office, chart_cache, tmp_path)  # the pages are a fresh build's

    def showing_i01(result) -> set:
        return {
            g.unit
            for g in attention_groups(result.report)
            if any((s.plan_id, s.task_id) == ("2023-qingpu", "i01") for _, s, _ in g.items)
        }

    def lists(pieces) -> list[str]:
        return sorted(p for p in pieces if p.endswith(("#flagged", "#group")))

    departments = showing_i01(before) | showing_i01(after)
    groups = len(attention_groups(before.report))
    # Two plans still run on 2023-07-15, both with flagged tasks: minhang's and qingpu's of 2023.
    assert lists(before.pieces) == sorted(["index.md#flagged"] * 2 + ["attention.md#group"] * groups)
    assert lists(after.pieces) == sorted(["index.md#flagged"] + ["attention.md#group"] * len(departments))
    assert 0 < len(departments) < groups
    # Month and quarter lists keep runs of one plan's milestones due the same day: the edited
    # milestone's run in its month and its quarter (it was done, so also where it was completed).
    rows = [p for p in after.pieces if p.endswith("#rows")]
    assert {SiteMap.month(2023, 6) + "#rows", SiteMap.quarter(2023, 2) + "#rows"} <= set(rows)
    assert len(rows) < len([p for p in before.pieces if p.endswith("#rows")]) / 10
    # The plan page keeps its sections: the edited task's section is rendered, not the others.
    assert [p for p in after.pieces if p.endswith("#section")] == [SiteMap.plan("2023-qingpu") + "#section"]
    assert before.pieces.count(SiteMap.plan("2023-qingpu") + "#section") > 1
