"""Charts in the built site: inlined, linked, with a data table, and every link resolving."""

import posixpath
from pathlib import Path

from bs4 import BeautifulSoup


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def resolve(site: Path, page_url: str, href: str) -> Path:
    """The file a relative link from the page at `page_url` (a folder) opens."""
    target = posixpath.normpath(posixpath.join(page_url + "/", href.split("#")[0] or "."))
    return site / target if posixpath.splitext(target)[1] else site / target / "index.html"


def test_every_seed_plan_page_shows_its_battle_map_with_a_data_table(seed_site):
    # 2022-qingpu gives no dates: it has no battle map (tests/test_reporting.py).
    assert page(seed_site, "plans/2022-qingpu").select_one("svg#bm-2022-qingpu") is None
    for plan_id in ("2023-qingpu", "2023-minhang", "2020-xinbei"):
        soup = page(seed_site, f"plans/{plan_id}")
        svg = soup.select_one(f"svg#bm-{plan_id}")
        # Its marks link to task pages: a group of links (links inside role="img" are hidden).
        assert svg is not None and svg.get("role") == "group" and svg.get("aria-label")
        figure = svg.find_parent("figure")
        table = figure.select_one("details.jd-chart-data table")
        assert table is not None and len(table.select("tbody tr")) > 5
        assert (
            figure.select_one('a[href="battle-map.png"]') and (seed_site / f"plans/{plan_id}/battle-map.png").exists()
        )
        assert soup.select_one(f"svg#sum-{plan_id}") is not None
        assert not svg.select("[target]") and not svg.select("script, foreignObject, style")


def test_every_link_inside_a_chart_resolves_to_a_built_page(seed_site):
    checked = 0
    for html in seed_site.rglob("index.html"):
        if "/en/" in str(html.relative_to(seed_site.parent)):
            continue
        url = str(html.parent.relative_to(seed_site))
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for svg in soup.select("svg.jd-chart-svg"):
            for a in svg.find_all("a"):
                href = a.get("href") or a.get("xlink:href")
                assert href and "://" not in href, href
                if href.startswith("#"):
                    assert soup.find(id=href[1:]) is not None, (url, href)
                else:
                    assert resolve(seed_site, url, href).exists(), (url, href)
                    fragment = href.partition("#")[2]
                    if fragment:
                        target = BeautifulSoup(resolve(seed_site, url, href).read_text(encoding="utf-8"), "html.parser")
                        assert target.find(id=fragment) is not None, (url, href)
                checked += 1
    assert checked > 500


def test_task_pages_show_the_timeline_and_indicator_trajectories(seed_site):
    soup = page(seed_site, "plans/2023-qingpu/i14")
    assert soup.select_one("svg#tl-2023-qingpu-i14") is not None
    trajectories = soup.select("figure.jd-chart-trajectory")
    assert len(trajectories) == 5
    assert all(f.select_one("svg.jd-chart-svg") and f.select_one("details table") for f in trajectories)
    assert "88.5%" in trajectories[0].select_one("details table").get_text()
    # Every task page with a dated milestone has its timeline; the others say why they have none.
    tasks = [p for p in (seed_site / "plans").glob("*/*/index.html") if p.parent.name != "forms"]
    assert len(tasks) == 105
    undated = [p for p in tasks if "本任务未列出时间节点，不绘制进度图。" in p.read_text(encoding="utf-8")]
    assert {p.parent.parent.name for p in undated} == {"2022-qingpu"} and len(undated) == 17
    assert all("jd-chart-timeline" in p.read_text(encoding="utf-8") for p in tasks if p not in undated)


def test_unit_pages_show_their_workload(seed_site):
    soup = page(seed_site, "units/qingpu/jihua-caiwuke")
    figure = soup.select_one("figure.jd-chart-summary")
    assert figure.select_one("svg#wl-qingpu-jihua-caiwuke") is not None
    months = figure.select("details table tbody th a")
    assert len(months) == 12 and months[0]["href"].endswith("calendar/2023-01/")


def test_the_english_edition_draws_english_charts(seed_site):
    svg = page(seed_site, "en/plans/2023-minhang").select_one("svg#bm-2023-minhang")
    assert "Data as of 2023-07-15" in svg.get_text() and "Task status (bars)" in svg.get_text()
