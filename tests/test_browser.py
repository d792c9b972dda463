"""The built site in headless Chromium (Debian's chromium + chromedriver), external network blocked.

Opens the home page and a task page, searches in Chinese through the search box, checks
that every request the pages made went to the local server, and that the XSS probes do
not run. Screenshots go to .cache/screenshots/ for people to look at.
"""

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from chromium import CHROMEDRIVER, CHROMIUM, serve, shot  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver (make setup installs them)"
)


def requested_hosts(driver) -> set[str]:
    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http://", "https://", "ws://", "wss://")):
                hosts.add(urlparse(url).hostname)
    return hosts


def search(driver, query: str) -> list[str]:
    """Type a query into Material's search box and return the result links."""
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    driver.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
    box.clear()
    box.send_keys(query)
    # Results update as each character arrives: wait until they stop changing.
    seen: list = []

    def settled(d):
        # Read the hrefs in one script: the list is re-rendered while the
        # worker answers, and element handles taken in Python go stale.
        links = d.execute_script(
            "return Array.from(document.querySelectorAll('.md-search-result__item a'), a => a.href);"
        )
        stable = bool(links) and links == (seen[-1] if seen else None)
        seen.append(links)
        return links if stable else False

    return WebDriverWait(driver, 20, poll_frequency=0.7).until(settled)


def test_home_and_task_page_load_offline(browser, seed_server):
    browser.get(seed_server)
    assert "工作计划" in browser.find_element(By.TAG_NAME, "h1").text
    shot(browser, "home.png")
    browser.get(seed_server + "plans/2023-qingpu/i14/")
    assert browser.find_element(By.CSS_SELECTOR, ".jd-verdict .jd-reason").text.startswith(
        "第一季度节点3月31日到期，未报送进展"
    )
    shot(browser, "task-i14.png")
    assert requested_hosts(browser) == {"127.0.0.1"}


@pytest.mark.parametrize(
    "query, expected, within",
    [
        # A word jieba alone splits (医 + 联体): found in a title and in a description.
        # (pages with it in their title come first: t04 has it in its text.)
        ("医联体", ["/plans/2023-minhang/t01/", "/plans/2023-qingpu/t04/"], 10),
        # Part of a longer phrase, and the phrase, which no segmenter keeps as one word.
        ("签约", ["/plans/2023-minhang/t02/"], 10),
        ("签约服务", ["/plans/2023-minhang/t02/"], 5),
        # The exact title match first, before pages with only parts of the query.
        ("家庭医生", ["/plans/2023-minhang/t02/"], 1),
        ("疫苗接种", ["/plans/2023-qingpu/i14/"], 5),
        # A person's or a department's page first.
        ("胡炯", ["/people/qingpu/hu-jiong/"], 1),
        ("疾病预防科", ["/units/qingpu/jibing-yufang-ke/"], 1),
    ],
)
def test_chinese_search_finds_the_page(browser, seed_server, query, expected, within):
    browser.get(seed_server + "plans/2023-qingpu/")
    paths = [urlparse(link).path for link in search(browser, query)]
    for path in expected:
        assert path in paths[:within], (query, paths[:10])
    shot(browser, f"search-{query}.png")
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_english_edition_search_finds_the_page(browser, seed_server):
    browser.get(seed_server + "en/plans/2023-qingpu/")
    paths = [urlparse(link).path for link in search(browser, "Departments")]
    assert paths[0] == "/en/units/", paths[:5]
    paths = [urlparse(link).path for link in search(browser, "疫苗接种")]
    assert "/en/plans/2023-qingpu/i14/" in paths[:5], paths[:10]
    shot(browser, "search-en.png")
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_every_engine_answers_the_same_searches(browser, engine_site):
    """The site themed by ProperDocs or Zensical: jindu's search box, the same answers."""
    name, site = engine_site
    server = serve(site)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        browser.get(base + "plans/2023-qingpu/")
        for query, expected, within in (
            ("医联体", "/plans/2023-minhang/t01/", 10),
            ("家庭医生", "/plans/2023-minhang/t02/", 1),
            ("胡炯", "/people/qingpu/hu-jiong/", 1),
        ):
            paths = [urlparse(link).path for link in search(browser, query)]
            assert expected in paths[:within], (name, query, paths[:10])
        shot(browser, f"search-{name}.png")
        browser.get(base + "en/plans/2023-qingpu/")
        paths = [urlparse(link).path for link in search(browser, "Departments")]
        assert paths[0] == "/en/units/", (name, paths[:5])
        assert requested_hosts(browser) == {"127.0.0.1"}
    finally:
        server.shutdown()


PARTS_SHELL = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>parts</title></head><body>
<input type="checkbox" id="__search"><form><input type="search" class="md-search__input" id="jd-search-input"
 data-count="{n}" data-none="none" data-type="type" data-loading="loading" data-failed="failed" data-more="more"></form>
<div id="jd-search-results"><div class="md-search-result__meta"></div><ol class="md-search-result__list"></ol></div>
<script src="assets/jindu-search.js"></script></body></html>"""


def test_the_search_box_merges_an_index_written_in_parts(browser, tmp_path):
    """A portfolio past `PART_RECORDS` records gets its index in parts: the search box finds
    the pages of every part, and a word in all of them brings the pages of all of them."""
    from jindu.site.bundles import write_index
    from jindu.site.search import RecordCache, SearchRecord
    from jindu.site.vocabulary import Segmenter

    words = {"p1": "医联体", "p2": "疫苗接种", "p3": "环境整治"}
    records = [
        SearchRecord(f"plans/{plan}/t{n}/", f"推进{word}工作{n}", "计划", f"{word} 督办 第{n}项", "whole")
        for plan, word in words.items()
        for n in (1, 2)
    ] + [SearchRecord("units/jibing/", "疾病预防科", "部门", "督办", "summary")]
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "jindu-search.js").write_bytes((ROOT / "site_templates/assets/jindu-search.js").read_bytes())
    (site / "index.html").write_text(PARTS_SHELL, encoding="utf-8")
    write_index(site, records, Segmenter(list(words.values())), "zh", RecordCache(None, "salt"), per_part=2)
    assert json.loads((site / "pagefind" / "jindu-parts.json").read_text()) == ["part-2/", "part-3/", "part-4/"]
    server = serve(site)
    try:
        browser.get(f"http://127.0.0.1:{server.server_address[1]}/")
        for plan, word in words.items():
            paths = sorted(urlparse(link).path for link in search(browser, word))
            assert paths == [f"/plans/{plan}/t1/", f"/plans/{plan}/t2/"], (word, paths)
        paths = sorted(urlparse(link).path for link in search(browser, "督办"))
        assert paths == sorted(["/units/jibing/", *(f"/plans/{p}/t{n}/" for p in words for n in (1, 2))]), paths
        assert requested_hosts(browser) == {"127.0.0.1"}
    finally:
        server.shutdown()


def test_probes_do_not_run_in_the_browser(browser, hostile_site):
    server = serve(hostile_site)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        browser.get(base + "plans/evil-plan/t1/")
        assert "<img src=x onerror=alert(1)>" in browser.find_element(By.TAG_NAME, "h1").text
        assert "＜img" in browser.title
        links = search(browser, "onerror")
        assert links
        shot(browser, "xss-search.png")
        with pytest.raises(TimeoutException):
            WebDriverWait(browser, 1.5).until(EC.alert_is_present())
        assert browser.execute_script("return document.querySelectorAll('img[src=\"x\"], [onerror]').length") == 0
    finally:
        server.shutdown()


def test_a_battle_map_bar_opens_its_task_in_the_same_tab(browser, seed_server):
    browser.get(seed_server + "plans/2023-minhang/")
    link = browser.find_element(By.CSS_SELECTOR, "svg#bm-2023-minhang g#bm-2023-minhang-b-1 a")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    shot(browser, "battle-map-minhang.png")
    link.click()
    WebDriverWait(browser, 10).until(lambda d: urlparse(d.current_url).path == "/plans/2023-minhang/t01/")
    assert len(browser.window_handles) == 1
    assert browser.find_element(By.CSS_SELECTOR, "svg#tl-2023-minhang-t01").is_displayed()
    shot(browser, "task-t01-timeline.png")
    assert requested_hosts(browser) == {"127.0.0.1"}
