"""Carried pages: `jindu site` hands the engine a stub for each generated page an earlier build
finished, and the site it publishes is the same bytes as a build that converted every page.

An office (`jindu new`, the seed plans as its plans) is built with a page cache, built again (every
generated page carried over, the same site), then after a progress edit built with that cache and
with an empty one: the two sites must be equal file for file, and the edit must have converted
only the pages it changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, git_in, new_office

pytestmark = pytest.mark.site


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def office(tmp_path, root, chart_cache, bulletin_cache):
    return new_office(tmp_path, "fengxian", "奉贤区卫生健康委员会", "2023", plans=root / "plans")


def build(office: Path, out: Path, pages: Path, chart_cache: Path, bulletin_cache: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JINDU_")}
    env.update(
        JINDU_AS_OF=AS_OF,
        JINDU_PAGE_CACHE=str(pages),
        JINDU_CHART_CACHE=str(chart_cache),
        JINDU_BULLETIN_CACHE=str(bulletin_cache),
        JINDU_CACHE_KEEP="0",  # the chart and bulletin caches are the test run's: prune none of them
        SOURCE_DATE_EPOCH="1689379200",
    )
    done = subprocess.run(
        [sys.executable, "-m", "jindu", "site", "--out", str(out)], cwd=office, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def carried_counts(log: str) -> list[tuple[int, int]]:
    """(generated, carried over) per edition, from `jindu site`'s summary lines."""
    import re

    return [(int(g), int(c)) for g, c in re.findall(r"\((\d+) generated, (\d+) carried over\)", log)]


def tree_counts(log: str) -> list[tuple[int, int]]:
    """(written, in all) per edition: the files of the engine's kept tree this build wrote."""
    import re

    return [(int(w), int(n)) for w, n in re.findall(r"tree: (\d+) of (\d+) files written", log)]


def test_an_unchanged_build_carries_every_generated_page_and_publishes_the_same_bytes(
    office, tmp_path, chart_cache, bulletin_cache
):
    pages = tmp_path / "pages"
    first = build(office, tmp_path / "one", pages, chart_cache, bulletin_cache)
    assert [c for _, c in carried_counts(first)] == [0, 0]
    assert len(tree_counts(first)) == 2 and all(w == n > 300 for w, n in tree_counts(first)), first
    second = build(office, tmp_path / "two", pages, chart_cache, bulletin_cache)
    counts = carried_counts(second)
    assert len(counts) == 2 and all(generated == carried > 300 for generated, carried in counts), counts
    # the kept tree: each page converted last time is a stub now; else only the few files that
    # showed the drafts still printing in the first build are written again
    written = [w for w, _ in tree_counts(second)]
    assert len(written) == 2 and all(c <= w <= c + 5 for w, (_, c) in zip(written, counts, strict=True)), second
    assert files_of(tmp_path / "two") == files_of(tmp_path / "one")
    third = build(office, tmp_path / "three", pages, chart_cache, bulletin_cache)
    assert [w for w, _ in tree_counts(third)] == [0, 0], third
    assert files_of(tmp_path / "three") == files_of(tmp_path / "one")


def test_after_a_progress_edit_the_site_equals_one_converted_from_scratch(
    office, tmp_path, chart_cache, bulletin_cache
):
    pages = tmp_path / "pages"
    build(office, tmp_path / "before", pages, chart_cache, bulletin_cache)
    build(office, tmp_path / "before", pages, chart_cache, bulletin_cache)  # every page a stub in the kept tree
    report = office / "plans" / "qingpu" / "progress" / "2023-q2-sample.yaml"
    text = report.read_text(encoding="utf-8")
    old = "    milestone: q2\n    status: done"
    assert old in text
    report.write_text(text.replace(old, "    milestone: q2\n    status: delayed", 1), encoding="utf-8")
    git_in(office, "commit", "-qam", "a department's correction")
    carried = build(office, tmp_path / "carried", pages, chart_cache, bulletin_cache)
    fresh = build(office, tmp_path / "fresh", tmp_path / "empty-pages", chart_cache, bulletin_cache)
    assert [c for _, c in carried_counts(fresh)] == [0, 0]
    counts = carried_counts(carried)
    assert all(0 < generated - carried_over < 40 for generated, carried_over in counts), counts
    written = tree_counts(carried)  # the edited pages and files only
    assert len(written) == 2 and all(0 < w < 60 and n > 300 for w, n in written), written
    ours, theirs = files_of(tmp_path / "carried"), files_of(tmp_path / "fresh")
    assert ours.keys() == theirs.keys()
    assert [path for path in ours if ours[path] != theirs[path]] == []


def test_a_changed_page_of_the_office_or_an_engine_plugin_carries_nothing(
    office, tmp_path, chart_cache, bulletin_cache
):
    pages = tmp_path / "pages"
    build(office, tmp_path / "one", pages, chart_cache, bulletin_cache)
    config = office / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    docs = office / "docs" / "about.md"
    docs.write_text(docs.read_text(encoding="utf-8") + "\n更多说明。\n", encoding="utf-8")  # the office's own page
    renamed = build(office, tmp_path / "two", pages, chart_cache, bulletin_cache)
    (_, zh_carried), (en, en_carried) = carried_counts(renamed)
    assert zh_carried == 0 and en_carried == en  # the Chinese docs (in every page's nav) changed, the English did not
    config.write_text(text.replace("plugins:\n", "plugins:\n  - search\n", 1), encoding="utf-8")
    searched = build(office, tmp_path / "three", pages, chart_cache, bulletin_cache)
    assert carried_counts(searched)[0] == (carried_counts(searched)[0][0], 0)  # a plugin may read any page


def test_a_finished_page_that_left_the_cache_during_the_build_is_named(tmp_path):
    """The stub was built, the page must be put back: if the cache lost it meanwhile (a cleaner ran),
    `jindu site` stops with the page's address instead of publishing a blank page."""
    from jindu.publish.carried import CarryError, StoredPages
    from jindu.store import Store

    store = Store(tmp_path / "pages")
    store.put("ab" * 32, {"page.html": "<p>页</p>".encode(), "content.html": b"<p>x</p>"})
    found = StoredPages(store)
    found.hits.update({"plans/p/t01/index.html": "ab" * 32, "plans/p/t02/index.html": "cd" * 32})
    assert found["plans/p/t01/index.html"] == ("<p>页</p>", "<p>x</p>")
    assert list(found) == ["plans/p/t01/index.html", "plans/p/t02/index.html"] and len(found) == 2
    with pytest.raises(CarryError) as error:
        found["plans/p/t02/index.html"]
    assert str(error.value) == (
        "plans/p/t02/index.html: its finished page left the pages cache while the site was built"
    )
