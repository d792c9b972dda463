"""`jindu site`: real MkDocs builds (both editions) of the seed plans, read back as parsed HTML."""

import json
import re
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup

from conftest import AS_OF, run_site
from jindu.status.verdicts import State
from jindu.words.locale import ZH


def page(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_site_builds_both_editions(seed_site):
    home = page(seed_site, "")
    assert home.find("html")["lang"].startswith("zh")
    assert page(seed_site, "en").find("html")["lang"].startswith("en")
    assert "数据截至 2023-07-15" in home.get_text(" ", strip=True)
    assert "Data as of 2023-07-15" in page(seed_site, "en/plans/2023-qingpu/i14").get_text(" ", strip=True)
    # An office's site: its help pages, none of jindu's manual (docs/, built by mkdocs.manual.yml).
    assert page(seed_site, "help/status").find("table") is not None
    assert page(seed_site, "en/help/status").find("table") is not None
    for manual in ("reference", "architecture", "how-to", "en/reference", "en/architecture"):
        assert not (seed_site / manual).exists(), manual


def test_charts_shown_only_inline_are_in_their_pages_not_in_files(seed_site):
    """A task's timeline is part of its page (its links work only inline) and no page links to
    its SVG file, so the site has no such file; a battle map, which pages offer for download,
    keeps its SVG and PNG."""
    assert sorted(seed_site.glob("plans/*/charts/*.svg")) == []
    assert sorted(seed_site.glob("en/plans/*/charts/*.svg")) == []
    task = page(seed_site, "plans/2023-qingpu/i14")
    assert task.select_one("figure.jd-chart-timeline .jd-chart-slot svg") is not None
    assert task.select_one("figure.jd-chart-timeline img") is None
    plan = page(seed_site, "plans/2023-qingpu")
    for link in plan.select("figure.jd-chart-battle_map figcaption a[download]"):
        assert (seed_site / "plans/2023-qingpu" / link["href"]).is_file(), link["href"]
    assert plan.select("figure.jd-chart-battle_map figcaption a[download]")


def test_task_page_shows_leaders_milestones_and_reasons(seed_site):
    soup = page(seed_site, "plans/2023-qingpu/i14")
    assert soup.find("h1").get_text(strip=True).startswith("(14) 扩大老年人疫苗接种覆盖面")
    assert soup.title.get_text().startswith("(14) 扩大老年人疫苗接种覆盖面")
    text = soup.get_text(" ", strip=True)
    assert "胡炯" in text and "疾病预防科" in text
    rows = soup.select("table.jd-milestones tbody tr")
    assert len(rows) == 4
    # Nobody reported the first quarter: 未报送, never "overdue".
    assert "? 未报送 第一季度节点3月31日到期，未报送进展" in rows[0].get_text(" ", strip=True)
    assert "60-79岁老年人全程接种率88.5% < 序时目标90%" in text
    links = {a["href"] for a in soup.select("dl.jd-fields a")}
    assert "../../../people/qingpu/hu-jiong/" in links


def test_home_counts_match_task_pages(seed_site):
    home = page(seed_site, "")
    row = next(tr for tr in home.select("table.jd-home tbody tr") if "2023年青浦区" in tr.get_text())
    shown = {}
    for badge in row.select(".jd-status"):
        word = badge.get_text(" ", strip=True).split(" ", 1)[1]
        shown[word] = int(badge.find_next_sibling("span", class_="jd-count").get_text())
    plan = page(seed_site, "plans/2023-qingpu")
    counted: dict[str, int] = {}
    for tr in plan.select("table.jd-tasks tbody tr:not(.jd-sub)"):
        href = tr.find("a")["href"]
        task = page(seed_site, f"plans/2023-qingpu/{href.strip('/')}")
        word = task.select_one(".jd-verdict .jd-status").get_text(" ", strip=True).split(" ", 1)[1]
        counted[word] = counted.get(word, 0) + 1
    assert shown == counted
    # i19 is 正常推进: its quarter, reported in progress, covers July (附件2's months are its steps).
    assert shown == {ZH.state(State.OVERDUE): 2, ZH.state(State.NOT_REPORTED): 9, ZH.state(State.ON_TRACK): 1}


def test_each_headline_state_appears_with_a_reason(seed_site):
    seen = {}
    for task in ("2023-qingpu/i06", "2023-qingpu/i16", "2023-minhang/t15", "2023-qingpu/i02"):
        verdict = page(seed_site, f"plans/{task}").select_one(".jd-verdict")
        seen[verdict.select_one(".jd-status")["class"][1]] = verdict.select_one(".jd-reason").get_text()
    assert seen == {
        "jd-s-done": "全部3项节点已完成",
        "jd-s-on_track": "已完成2/4项节点；第三季度节点按计划推进，9月30日到期（尚无进展报告）",
        "jd-s-due_soon": "每季度第一个月（7月）节点16天后到期（7月31日），尚未完成",
        "jd-s-overdue": "第二季度节点超期15天（最近报告6月25日：滞后，施工许可办理延后，预计7月下旬开工）",
    }


def test_department_person_and_calendar_pages(seed_site):
    unit = page(seed_site, "units/qingpu/jibing-yufang-ke").get_text(" ", strip=True)
    assert "扩大老年人疫苗接种覆盖面" in unit
    person = page(seed_site, "people/qingpu/hu-jiong").get_text(" ", strip=True)
    assert "牵头领导" in person
    june = page(seed_site, "calendar/2023-06")
    assert len(june.select("table.jd-table")) == 2
    attention = page(seed_site, "attention").get_text(" ", strip=True)
    assert "疾病预防科" in attention and "超期" in attention


def test_readable_anchors_for_chinese_headings(seed_site):
    soup = page(seed_site, "help/report")
    ids = [h["id"] for h in soup.select("h2[id]")]
    assert ids and not any(re.fullmatch(r"_\d*", i) for i in ids)
    assert any(re.search(r"[\u4e00-\u9fff]", i) for i in ids)


# Attributes and CSS that make a browser fetch something. Links (<a href>) are navigation, not requests.
FETCHING = [
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("link", "href"),
    ("img", "srcset"),
]


def test_no_resource_from_an_external_host(seed_site):
    files = list(seed_site.rglob("*.html")) + list(seed_site.rglob("*.css"))
    assert len(files) > 650
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".css":
            for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
                assert not urlparse(url).netloc, f"{path}: {url}"
            continue
        soup = BeautifulSoup(text, "html.parser")
        for tag, attr in FETCHING:
            for element in soup.find_all(tag):
                value = element.get(attr)
                if value and (
                    tag != "link"
                    or ("alternate" not in element.get("rel", []) and "canonical" not in element.get("rel", []))
                ):
                    assert not urlparse(value.split()[0]).netloc, f"{path}: <{tag} {attr}={value}>"
        for style in soup.find_all(style=True):
            assert "http" not in style["style"], path
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text


def test_search_index_is_pagefind_and_smaller_than_the_floor(seed_site):
    """Both editions carry a Pagefind bundle of jindu's tokens (a private language code for
    Chinese, English for the English edition) and no Pagefind interface files; the index
    costs under the 4.45 KB a page that bare mkdocs-material's search index cost."""
    for edition, language in ((seed_site, "zxx"), (seed_site / "en", "en")):
        bundle = edition / "pagefind"
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [language]
        pages = entry["languages"][language]["page_count"]
        assert pages > 300
        assert not list(bundle.glob("pagefind-*ui*")) and not (bundle / "pagefind-highlight.js").exists()
        size = sum(p.stat().st_size for p in bundle.rglob("*.pf_*"))  # index, fragments, meta
        assert size / pages < 4450, size / pages
    assert not (seed_site / "search" / "search_index.json").exists()  # Material's search is off


def test_site_is_reproducible(root, seed_site, tmp_path):
    """Built again: every byte is the same as the first build's. Built a third time straight after,
    the search records and the drafts all come from the caches the second build left (other
    tests' builds share the caches, so the second build may have had to segment some pages)."""
    again = tmp_path / "again"
    result = run_site(root, again, "mkdocs.yml", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(seed_site): p.read_bytes() for p in seed_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    third = run_site(root, tmp_path / "third", "mkdocs.yml", "--as-of", AS_OF)
    assert third.returncode == 0, third.stderr
    # …and every generated page is carried over from the second build (publish/carried.py).
    pattern = (
        r"(\d+) pages finished \((\d+) generated, (\d+) carried over\); search index: (\d+) from cache, 0 segmented"
    )
    finished = re.findall(pattern, third.stdout)
    assert len(finished) == 2, third.stdout
    assert all(int(n) > 300 and n == hits and generated == carried for n, generated, carried, hits in finished)
    assert "0 printed, 2 from cache" in third.stdout


def test_failed_build_keeps_previous_site(root, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("old", encoding="utf-8")
    broken = tmp_path / "mkdocs.yml"
    broken.write_text(
        f"site_name: x\ndocs_dir: {root / 'docs'}\nnav:\n  - missing.md\nstrict: true\n", encoding="utf-8"
    )
    result = run_site(root, out, broken)
    assert result.returncode != 0
    assert (out / "keep.txt").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []
