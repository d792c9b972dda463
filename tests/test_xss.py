"""Plan text is untrusted: a probe in every text field stays inert text in the built site."""

import json
from pathlib import Path

from bs4 import BeautifulSoup

from probes import hostile_files
from search_bundle import search_fragments


def pages(out: Path):
    return [(p, BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")) for p in out.rglob("*.html")]


def test_probe_is_checked_and_accepted(tmp_path):
    """The probe is valid plan data (so the build really renders it), except javascript: evidence."""
    from jindu.plans.loading import load_portfolio

    hostile_files(tmp_path)
    assert load_portfolio([tmp_path]).ok


def test_no_markup_from_plan_text(hostile_site):
    checked = 0
    for path, soup in pages(hostile_site):
        for element in soup.find_all(True):
            for attr, value in element.attrs.items():
                assert not attr.startswith("on"), f"{path}: {element.name} {attr}"
                if attr in ("href", "src", "action"):
                    assert not str(value).strip().lower().startswith("javascript:"), f"{path}: {value}"
        for img in soup.find_all("img"):
            assert img.get("src") != "x", path
        for script in soup.find_all("script"):
            assert "alert(" not in (script.string or ""), path
        checked += 1
    assert checked >= 8


def test_probe_is_shown_as_text(hostile_site):
    soup = BeautifulSoup((hostile_site / "plans/evil-plan/t1/index.html").read_text(encoding="utf-8"), "html.parser")
    text = soup.get_text(" ", strip=True)
    assert "<img src=x onerror=alert(1)>" in text
    assert "</title><script>alert(4)</script>" in text
    assert "*e*" in text  # Markdown syntax in plan text is not interpreted
    title = soup.title.get_text()
    assert "<" not in title and "＜img src=x onerror=alert(1)＞" in title
    footer = soup.select_one(".jd-footer-reg")
    assert footer is not None and "<img src=x" in footer.get_text()
    assert [a["href"] for a in footer.find_all("a")] == ["https://beian.miit.gov.cn/"]  # not javascript:


def test_search_index_holds_the_probe_as_text(hostile_site):
    """The search records keep titles and text as plain text (the browser puts them on the
    page with textContent), and nothing of the markup around them."""
    records = {r["url"]: r for r in search_fragments(hostile_site)}
    task = records["/plans/evil-plan/t1/"]
    assert "<img src=x onerror=alert(1)>" in task["meta"]["title"]  # as written, not made full-width
    assert "<img src=x onerror=alert(1)>" in task["meta"]["text"]
    assert "class=" not in task["meta"]["text"] and "<td" not in task["meta"]["text"]


def test_new_fields_show_the_probe_as_text(hostile_site):
    """Fields the pages began to show with issue 16 (labels, notes, groups, the form, who reported)."""
    for page in ("plans/evil-plan/index.html", "plans/evil-plan/forms/form/index.html"):
        soup = BeautifulSoup((hostile_site / page).read_text(encoding="utf-8"), "html.parser")
        assert "<img src=x onerror=alert(1)>" in soup.get_text(" ", strip=True), page
    task = BeautifulSoup((hostile_site / "plans/evil-plan/t1/index.html").read_text(encoding="utf-8"), "html.parser")
    group = task.select_one(".jd-unit-group")
    assert group is not None and group.get_text().startswith("<img src=x")  # a group is text, no link


def test_data_files_carry_the_probe_as_data(hostile_site):
    import xml.etree.ElementTree as ET

    import icalendar

    atom = ET.fromstring((hostile_site / "data" / "evil-plan.atom").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in atom.findall("a:entry", ns)]
    assert any("<img src=x onerror=alert(1)>" in t for t in titles)  # escaped in XML, text when read
    calendar = icalendar.Calendar.from_ical((hostile_site / "data" / "evil-plan.ics").read_bytes())
    assert any("<img src=x" in str(e["summary"]) for e in calendar.walk("VEVENT"))
    data = json.loads((hostile_site / "data" / "evil-plan.json").read_text(encoding="utf-8"))
    assert data["title"].startswith("<img src=x")
