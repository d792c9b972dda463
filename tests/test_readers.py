"""Pages an older reader and a phone can use: axe-core finds no violation in jindu's pages,
the larger-text and high-contrast toggles hold across pages, and tables keep readable
columns at 390 px. Runs in Debian's headless Chromium; axe-core comes from tests/axe
(`make test-setup` installs the version its package-lock.json pins).
"""

import json
from pathlib import Path

import pytest

from chromium import CHROMEDRIVER, CHROMIUM, shot

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver"),
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core: make test-setup installs it into tests/axe"),
]

PAGES = [
    "",  # home
    "plans/2023-qingpu/",
    "plans/2023-qingpu/i02/",
    "plans/2022-qingpu/",
    "units/qingpu/jihua-caiwuke/",
    "people/qingpu/zhang-ming/",
    "attention/",
    "plans/2020-xinbei/forms/self-assessment/",
    "en/plans/2023-minhang/",
]


def axe_violations(driver) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on what jindu writes into the open page: the
    page content and the footer (the theme's header and navigation are Material's)."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(120)
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run({include: [['.md-content'], ['.md-copyright']]}, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
          .then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{id: 'error', help: String(e)}])));
        """
    )
    return json.loads(result)


def nodes(violation: dict) -> list[str]:
    """The offending elements, as axe's selectors."""
    return [" ".join(map(str, node["target"])) for node in violation.get("nodes", [])]


@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_violation_in_our_markup(browser, seed_server, page):
    browser.get(seed_server + page)
    found = {v["id"]: (v["help"], nodes(v)) for v in axe_violations(browser)}
    assert found == {}


def test_axe_would_report_a_fault_in_our_markup(browser, seed_server):
    """The check above can fail: a status light with too little contrast and an unlabelled
    image, added to a real page, are reported against jindu's markup."""
    browser.get(seed_server + "plans/2023-qingpu/")
    browser.execute_script(
        """
        const p = document.createElement('p');
        p.innerHTML = '<span class="jd-status" style="color:#ddd;background:#fff">超期</span><img class="jd-bad" src="x.png">';
        document.querySelector('.md-content').appendChild(p);
        """
    )
    found = {v["id"]: nodes(v) for v in axe_violations(browser)}
    assert found.get("color-contrast") and found.get("image-alt")


def test_unit_and_person_pages_exist_for_the_axe_run(seed_site):
    # The parametrised pages above are real pages: a renamed id must not turn the test into a 404 check.
    for page in PAGES:
        assert (seed_site / page / "index.html").is_file(), page


def test_reading_aids_are_kept_across_pages(browser, seed_server):
    browser.get(seed_server)
    browser.execute_script("localStorage.clear()")
    browser.get(seed_server)
    size = browser.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
    large = browser.find_element(By.CSS_SELECTOR, "[data-jd-toggle=large]")
    contrast = browser.find_element(By.CSS_SELECTOR, "[data-jd-toggle=contrast]")
    assert large.text == "大字" and contrast.text == "高对比度"
    assert large.get_attribute("aria-pressed") == "false"
    large.click()
    contrast.click()
    browser.get(seed_server + "plans/2023-qingpu/i02/")
    classes = browser.execute_script("return document.documentElement.className")
    assert "jd-large" in classes and "jd-contrast" in classes
    bigger = browser.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert bigger >= size * 1.2
    pressed = browser.find_element(By.CSS_SELECTOR, "[data-jd-toggle=large]").get_attribute("aria-pressed")
    assert pressed == "true"
    light = browser.find_element(By.CSS_SELECTOR, ".jd-verdict .jd-status")
    assert light.value_of_css_property("background-color") in ("rgba(255, 255, 255, 1)", "rgb(255, 255, 255)")
    shot(browser, "task-large-contrast.png")
    browser.find_element(By.CSS_SELECTOR, "[data-jd-toggle=large]").click()
    browser.find_element(By.CSS_SELECTOR, "[data-jd-toggle=contrast]").click()
    assert "jd-large" not in browser.execute_script("return document.documentElement.className")


@pytest.mark.parametrize("page", ["people/qingpu/zhang-ming/", "plans/2023-qingpu/", "attention/"])
def test_tables_keep_readable_columns_on_a_phone(browser, seed_server, page):
    browser.set_window_size(390, 844)
    try:
        browser.get(seed_server + page)
        narrowest = browser.execute_script(
            """
            const cells = Array.from(document.querySelectorAll('.jd-table td, .jd-table th'))
              .filter(c => c.offsetParent !== null && c.textContent.trim().length > 1);
            return Math.min(...cells.map(c => c.getBoundingClientRect().width));
            """
        )
        # Wider than two Chinese characters at the body size: never one character a line.
        assert narrowest >= 40
        shot(browser, "phone-" + (page.strip("/").replace("/", "-") or "home") + ".png")
    finally:
        browser.set_window_size(1280, 1000)


@pytest.mark.parametrize(
    "page",
    [
        "plans/2023-qingpu/",
        "plans/2023-qingpu/i01/",
        "units/qingpu/jibing-yufang-ke/",
        "people/qingpu/zhang-ming/",
        "attention/",
        "calendar/2023-06/",
        "",
    ],
)
def test_the_status_column_stays_on_a_phone_screen(browser, seed_server, page):
    """At 390 px every status in a table is on the screen without scrolling sideways: the
    columns a phone leaves out (jd-opt) make room; the rest is on the task pages."""
    browser.set_window_size(390, 844)
    try:
        browser.get(seed_server + page)
        found = browser.execute_script(
            """
            const width = document.documentElement.clientWidth;
            const lights = Array.from(document.querySelectorAll('.jd-table .jd-status'))
              .filter(s => s.offsetParent !== null);
            return [lights.length, lights.filter(s => {
              const r = s.getBoundingClientRect();
              return r.left < 0 || r.right > width;
            }).map(s => s.textContent.trim())];
            """
        )
        shown, off_screen = found
        assert shown > 0 and off_screen == [], (page, shown, off_screen[:3])
        shot(browser, "phone-status-" + (page.strip("/").replace("/", "-") or "home") + ".png")
    finally:
        browser.set_window_size(1280, 1000)


WHOLE_PAGES = [
    "",
    "plans/2023-qingpu/",
    "plans/2023-minhang/t01/",
    "plans/2023-qingpu/i01/",
    "units/qingpu/jihua-caiwuke/",
    "attention/",
]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("edition", ["", "en/"])
def test_axe_finds_no_violation_on_whole_pages(browser, seed_server, edition, width):
    """The whole page, the theme's header, navigation and footer included, on a desktop and a
    phone, in both editions (small print was 75 % opaque in the theme: links in it fell to 3.8:1)."""
    browser.set_window_size(width, 1000)
    try:
        found = {}
        for page in WHOLE_PAGES:
            browser.get(seed_server + edition + page)
            browser.execute_script(AXE.read_text(encoding="utf-8"))
            browser.set_script_timeout(120)
            result = browser.execute_async_script(
                """
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                  .then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{id: 'error', help: String(e)}])));
                """
            )
            violations = json.loads(result)
            if violations:
                found[edition + page] = {v["id"]: nodes(v)[:3] for v in violations}
        assert found == {}
    finally:
        browser.set_window_size(1280, 1000)


@pytest.mark.parametrize("width", [1280, 390])
def test_reading_aids_sit_at_the_top_and_apply_before_the_first_paint(browser, seed_server, width):
    """The first reading-aid button of a page is in its header, on a desktop and a phone; and a
    page opened with larger text chosen earlier is large before jindu-readers.js (at the end of
    the page) runs: with that script blocked, the head's own lines still apply it (no flash)."""
    browser.set_window_size(width, 900)
    try:
        browser.get(seed_server + "plans/2023-qingpu/")
        first = browser.find_element(By.CSS_SELECTOR, "[data-jd-toggle]")
        assert browser.execute_script("return !!arguments[0].closest('header')", first)
        assert first.is_displayed() and first.rect["y"] < 60
        browser.execute_script('localStorage.setItem("jindu-readers", JSON.stringify({large: true}))')
        browser.execute_cdp_cmd("Network.enable", {})
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*jindu-readers.js"]})
        browser.get(seed_server + "plans/2023-qingpu/i02/")
        assert "jd-large" in browser.execute_script("return document.documentElement.className")
    finally:
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        browser.execute_script("localStorage.clear()")
        browser.set_window_size(1280, 1000)


def smallest_text(browser) -> tuple[float, str]:
    """The smallest font size of any visible element with text of its own, and that element."""
    return tuple(
        browser.execute_script(
            """
            let min = 1e9, which = '';
            for (const e of document.querySelectorAll('body *')) {
              if (!e.offsetParent || e.closest('svg')) continue;
              if (!Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
              const size = parseFloat(getComputedStyle(e).fontSize);
              if (size < min) { min = size; which = e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 20); }
            }
            return [min, which];
            """
        )
    )


@pytest.mark.parametrize(
    "page", ["", "plans/2023-qingpu/i01/", "units/qingpu/jihua-caiwuke/", "en/plans/2023-minhang/t01/"]
)
def test_no_text_smaller_than_12px_or_14px_with_larger_text(browser, seed_server, page):
    """适老化: every text on the page, footer and small print included, is at least 12 px, and
    at least 14 px once larger text is chosen (charts' own SVG text aside: they scale with the page)."""
    try:
        browser.get(seed_server)
        browser.execute_script("localStorage.clear()")
        browser.get(seed_server + page)
        size, where = smallest_text(browser)
        assert size >= 12, (page, size, where)
        browser.execute_script('localStorage.setItem("jindu-readers", JSON.stringify({large: true}))')
        browser.get(seed_server + page)
        size, where = smallest_text(browser)
        assert size >= 14, (page, size, where)
    finally:
        browser.execute_script("localStorage.clear()")


def test_a_keyboard_skips_past_a_chart_of_links(browser, seed_server):
    """The battle map's links (a few hundred) come after a skip link to its data table; the skip
    link is out of sight until a keyboard reaches it."""
    browser.get(seed_server + "plans/2023-qingpu/")
    figure = browser.find_element(By.CSS_SELECTOR, "figure.jd-chart-battle_map")
    skip = figure.find_element(By.CSS_SELECTOR, "a.jd-skip-chart")
    links = browser.execute_script("return arguments[0].querySelectorAll('svg a').length", figure)
    assert links > 20
    first_link = browser.execute_script("return arguments[0].querySelector('svg a')", figure)
    assert browser.execute_script(
        "return !!(arguments[0].compareDocumentPosition(arguments[1]) & Node.DOCUMENT_POSITION_FOLLOWING)",
        skip,
        first_link,
    )
    assert skip.rect["x"] < 0  # out of sight
    browser.execute_script("arguments[0].focus()", skip)
    assert skip.is_displayed() and skip.rect["x"] >= 0 and skip.text == "跳过图表，转到数据表"
    skip.click()
    target = skip.get_attribute("href").split("#")[1]
    assert browser.execute_script("return location.hash") == "#" + target
    assert browser.find_element(By.ID, target).tag_name == "details"


def test_a_phone_reads_the_battle_map_as_a_list_by_month(browser, seed_server):
    """At 390 px the battle map starts with its milestones by month (one collapsible month each,
    every milestone a link to its row on the task page, with its status); on a desktop the list
    is not shown and the chart is."""
    browser.set_window_size(390, 844)
    try:
        browser.get(seed_server + "plans/2023-qingpu/")
        months = browser.find_element(By.CSS_SELECTOR, "figure.jd-chart-battle_map .jd-chart-months")
        assert months.is_displayed()
        found = browser.execute_script(
            """
            const list = arguments[0], figure = list.closest('figure');
            const width = document.documentElement.clientWidth;
            const items = Array.from(list.querySelectorAll('li'));
            list.querySelectorAll('details').forEach(d => d.open = true);
            return {
              months: Array.from(list.querySelectorAll('summary')).map(s => s.textContent.split(' · ')[0]),
              items: items.length,
              markers: figure.querySelectorAll('svg g[id*="-m-"]').length,
              statuses: items.filter(li => li.querySelector('.jd-status')).length,
              wide: items.filter(li => li.getBoundingClientRect().right > width).length,
              first: items[0].querySelector('a').getAttribute('href'),
            };
            """,
            months,
        )
        assert found["months"] == ["2023年3月", "2023年6月", "2023年9月", "2023年12月"]
        assert found["items"] == found["markers"] == found["statuses"] and found["wide"] == 0
        browser.get(seed_server + "plans/2023-qingpu/" + found["first"])
        anchor = found["first"].split("#")[1]
        assert browser.find_element(By.ID, anchor).is_displayed()
        shot(browser, "phone-battle-map-months.png")
    finally:
        browser.set_window_size(1280, 1000)
    browser.get(seed_server + "plans/2023-qingpu/")
    assert not browser.find_element(By.CSS_SELECTOR, ".jd-chart-months").is_displayed()


def test_a_click_anywhere_on_a_marker_follows_its_link(browser, seed_server):
    """A marker's overlay (the cross of 已取消, the dot of 推进中) is drawn over it; a click on
    the overlay's middle still reaches the marker's link."""
    browser.get(seed_server + "plans/2023-qingpu/")
    found = browser.execute_script(
        """
        const overlays = Array.from(document.querySelectorAll('svg g[id*="-x-"], svg g[id*="-d-"]'));
        return overlays.map(g => {
          g.scrollIntoView({block: 'center', inline: 'center'});
          const r = g.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          const link = hit && hit.closest('a');
          return [g.id, link ? link.getAttribute('xlink:href') || link.getAttribute('href') : null];
        });
        """
    )
    assert found and all(href for _, href in found), found[:3]
