"""PDF bulletins (工作简报): real WeasyPrint output, read back with pypdf and pdftotext."""

import datetime as dt
import http.server
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader

from jindu.build import press_options
from jindu.bulletins.press import Press, bulletin_settings
from jindu.bulletins.printing import PrintOptions, UnsafeFetch, print_pdf, subsetter
from jindu.bulletins.series import BulletinError, draft_issue, find_issue, series
from jindu.charts.fonts import find_chart_font
from jindu.plans.loading import load_portfolio
from jindu.plans.model import BulletinPeriod, BulletinSettings
from jindu.settings import Settings
from jindu.status.engine import compute_status
from jindu.status.verdicts import FINISHED, State, StatusRules
from jindu.words.locale import chinese_number

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
BASE = "https://wsjkw.example.gov.cn/jindu/"
MONTHLY = BulletinSettings(
    periods=[BulletinPeriod.MONTH, BulletinPeriod.QUARTER, BulletinPeriod.HALF, BulletinPeriod.YEAR]
)


def squash(text: str) -> str:
    """PDF text without the line breaks and spaces layout puts into it."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def q2(tmp_path_factory) -> Path:
    """The second-quarter bulletin of the 2023 Qingpu plan, printed by the command line."""
    out = tmp_path_factory.mktemp("bulletin") / "q2.pdf"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "jindu",
            "bulletin",
            "2023-qingpu",
            "--period",
            "2023-Q2",
            "--plans",
            str(PLANS),
            "--base-url",
            BASE,
            "-o",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "第2期" in result.stdout and "as of 2023-06-30" in result.stdout
    return out


def press(lang="zh", **settings) -> Press:
    portfolio = load_portfolio([PLANS])
    options = dict(plans=(PLANS,), as_of=dt.date(2023, 7, 15), lang=lang)
    options.update(settings)
    return Press(portfolio, press_options(Settings(**options)), find_chart_font())


def test_masthead_number_date_and_counts_match_the_status_engine(q2):
    text = squash(pdf_text(q2))
    for words in (
        "重点工作进展简报",
        "第2期",
        "上海市青浦区卫生健康委员会",
        "2023年第二季度重点工作推进情况",
        "数据截至：2023年6月30日",
        "发：各卫生健康单位，机关各科室",
    ):
        assert squash(words) in text, words
    portfolio = load_portfolio([PLANS])
    ps = compute_status(portfolio, dt.date(2023, 6, 30), StatusRules(close_of_day=True)).plans["2023-qingpu"]
    top = ps.top_level()
    done = sum(1 for t in top if t.state in FINISHED)
    q2_start, q2_end = dt.date(2023, 4, 1), dt.date(2023, 6, 30)
    live = [m for m in ps.milestones() if m.state is not State.CANCELLED]
    due = [m for m in live if m.due and q2_start <= m.due <= q2_end]
    on_time = sum(1 for m in due if m.state is State.DONE)
    late = sum(1 for m in due if m.state is State.DONE_LATE)
    carried = [
        m
        for m in live
        if m.due and m.due < q2_start and not (m.state in FINISHED and m.completed_on and m.completed_on < q2_start)
    ]
    still = sum(1 for m in carried if m.state not in FINISHED)
    still_unreported = sum(1 for m in carried if m.state is State.NOT_REPORTED)
    unreported = sum(1 for m in due if m.state is State.NOT_REPORTED)
    assert 0 < unreported < len(due) - on_time - late  # some reported not done, most not reported
    assert (
        f"共{len(top)}项任务，已完成{done}项。本期到期节点{len(due)}项：按期完成{on_time}项，逾期完成{late}项，"
        f"未完成{len(due) - on_time - late}项（其中未报送{unreported}项）。此前已到期未完成的节点{len(carried)}项，"
        f"本期完成{len(carried) - still}项，仍未完成{still}项（其中未报送{still_unreported}项）。"
    ) in text
    assert still_unreported > 0  # 未报送 before the period is not called 超期 (此前超期): the heading says 到期
    assert "此前到期仍未完成" in text and "此前超期" not in text
    assert on_time + late > 0 and len(carried) > 0  # the sample reports complete some of each
    # every task with a milestone due in Q2 and not done is named (tables shorten titles to 48 characters)
    for m in due:
        if m.state not in FINISHED:
            assert squash(ps.tasks[m.task_id].entry.task.title)[:20] in text, m.task_id
    # A bulletin dated the period's last day says nothing is "due today" (今天到期) or 临期 then.
    assert "今天到期" not in text


def test_sample_data_is_marked_on_every_page_and_in_the_lead(q2):
    """The Q2 bulletin counts the invented `sample: true` reports: every page says 示例数据."""
    pages = PdfReader(q2).pages
    for number in range(1, len(pages) + 1):
        page = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(q2), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "示例数据" in squash(page), f"page {number}"
    lead = squash(pdf_text(q2))
    assert "特别说明：本期简报所引用的进展报告含虚构的示例数据" in lead


def test_every_character_of_the_plan_text_comes_back_out(q2):
    """No tofu: the text layer holds the titles exactly, so every glyph had a font."""
    text = squash(PdfReader(q2).pages[0].extract_text()) + squash(pdf_text(q2))
    assert "2023年青浦区卫生健康委重点工作安排" in text
    assert "\ufffd" not in text


def test_fonts_are_embedded_subsets_and_the_file_is_small(q2):
    listing = subprocess.run(["pdffonts", str(q2)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows
    for row in rows:  # name … emb sub uni object generation
        name, emb, sub, uni = row[0], row[-5], row[-4], row[-3]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert re.match(r"[A-Z]{6}\+", name), row  # the subset tag
    names = " ".join(row[0] for row in rows)
    assert "Noto-Serif-CJK-SC" in names and "Noto-Sans-CJK-SC-Bold" in names
    assert q2.stat().st_size < 2_000_000
    assert 4 <= len(PdfReader(q2).pages) <= 30


def test_contents_bookmarks_links_and_page_numbers(q2):
    reader = PdfReader(q2)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert any("2023年第二季度重点工作推进情况" in t for t in titles)
    flat = str(reader.outline)
    for heading in ("总体情况", "本期完成事项", "需关注事项", "各牵头部门推进情况", "下期工作安排"):
        assert heading in flat, heading
    uris = {
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/URI" in annot.get_object().get("/A", {})
    }
    assert f"{BASE}plans/2023-qingpu/" in uris
    assert any(re.fullmatch(re.escape(BASE) + r"plans/2023-qingpu/[a-z0-9-]+/", u) for u in uris)
    text = pdf_text(q2)
    assert re.search(r"—\s*1\s*—", text) and re.search(r"—\s*2\s*—", text)
    # the table of contents gives page numbers that exist
    toc = re.findall(r"(一|二|三)、[^.\n]+?\s*\.{3,}\s*(\d+)", text)
    assert toc and all(1 <= int(n) <= len(reader.pages) for _, n in toc)
    assert reader.trailer["/Root"].get("/MarkInfo", {}).get("/Marked")  # tagged PDF


def test_page_one_has_a_red_masthead_over_a_red_rule(q2, tmp_path):
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(q2), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    width, height = image.size

    def red_rows(top: float, bottom: float) -> int:
        rows = 0
        for y in range(int(top * height), int(bottom * height)):
            reds = sum(
                1 for x in range(width) if (lambda p: p[0] > 180 and p[1] < 80 and p[2] < 80)(image.getpixel((x, y)))
            )
            rows += reds > width * 0.05
        return rows

    assert red_rows(0.10, 0.22) >= 5  # the masthead letters: the top quarter is red
    assert red_rows(0.55, 1.0) == 0  # the body is black


def test_the_same_inputs_give_the_same_bytes():
    first, _ = press().run(
        [find_issue(load_portfolio([PLANS]).index("2023-minhang"), MONTHLY, "2023-05", None, dt.date(2023, 7, 15))]
    )
    second, _ = press().run([first[0].issue])
    assert first[0].pdf == second[0].pdf
    metadata = PdfReader(__import__("io").BytesIO(first[0].pdf)).metadata
    assert metadata.creation_date_raw.startswith("D:20230531000000+08")  # the as-of date, not the clock
    assert metadata.title.startswith("重点工作进展简报 第6期")  # monthly series: Jan, Feb, Mar, Q1, Apr, May


def test_pdf_a3b_variant_declares_its_conformance():
    issue = find_issue(load_portfolio([PLANS]).index("2023-minhang"), MONTHLY, "2023-02", None, dt.date(2023, 7, 15))
    printed, _ = press(pdf_variant="pdf/a-3b").run([issue])
    reader = PdfReader(__import__("io").BytesIO(printed[0].pdf))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in metadata or "<pdfaid:part>3</pdfaid:part>" in metadata
    assert "B" in re.search(r"pdfaid:conformance(?:=\"|>)(\w)", metadata).group(1)
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_english_bulletin_uses_english_labels():
    issue = find_issue(
        load_portfolio([PLANS]).index("2020-xinbei"), BulletinSettings(), "2020-Q3", None, dt.date(2023, 7, 15)
    )
    printed, _ = press(lang="en").run([issue])
    text = squash(PdfReader(__import__("io").BytesIO(printed[0].pdf)).pages[0].extract_text())
    for words in ("KeyWorkProgressBulletin", "No.3", "30September2020", "Contents", "Overview"):
        assert words in text, words
    assert "重点工作进展简报" not in text


def test_issue_numbers_follow_the_series():
    index = load_portfolio([PLANS]).index("2023-qingpu")
    default = [p.text for p in series(index, BulletinSettings().periods)]
    assert default == ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2023"]  # quarterly plus annual
    every = [p.text for p in series(index, MONTHLY.periods)]
    assert every[:4] == ["2023-01", "2023-02", "2023-03", "2023-Q1"]
    assert every.index("2023-Q2") + 1 == 8 and every.index("2023-H1") + 1 == 9 and len(every) == 19
    quarterly = BulletinSettings(periods=[BulletinPeriod.QUARTER])
    assert find_issue(index, quarterly, "2023-Q3", None, dt.date(2024, 1, 1)).number == 3
    with pytest.raises(BulletinError, match=r"add month to bulletin\.periods"):
        find_issue(index, quarterly, "2023-06", None, dt.date(2024, 1, 1))
    with pytest.raises(BulletinError, match="outside the plan year"):
        find_issue(index, BulletinSettings(), "2024-Q1", None, dt.date(2024, 6, 1))
    with pytest.raises(BulletinError, match="has not begun"):
        find_issue(index, BulletinSettings(), "2023-Q4", dt.date(2023, 7, 1), dt.date(2023, 7, 1))
    # today before the period's end: as of today; after: as of the period's last day
    assert find_issue(index, BulletinSettings(), "2023-Q3", None, dt.date(2023, 8, 10)).as_of == dt.date(2023, 8, 10)
    assert find_issue(index, BulletinSettings(), "2023-Q3", None, dt.date(2024, 1, 1)).as_of == dt.date(2023, 9, 30)


def test_the_draft_is_the_period_just_closed_or_the_running_one():
    index = load_portfolio([PLANS]).index("2023-qingpu")
    settings = BulletinSettings()

    def draft(day, issued=()):
        found = draft_issue(index, settings, day, set(issued))
        return (found.period.text, found.number, found.as_of) if found else None

    # Q2 ended and is not issued: the secretariat drafts Q2
    assert draft(dt.date(2023, 7, 15)) == ("2023-Q2", 2, dt.date(2023, 6, 30))
    # Q2 issued (Q1 never was, and nobody goes back to it): the running Q3, as of today
    assert draft(dt.date(2023, 7, 15), {"2023-q2"}) == ("2023-Q3", 3, dt.date(2023, 7, 15))
    # the closed year with Q4 issued: the annual issue; with the year issued too: nothing
    assert draft(dt.date(2026, 11, 30), {"2023-q4"}) == ("2023", 5, dt.date(2023, 12, 31))
    assert draft(dt.date(2026, 11, 30), {"2023-q4", "2023"}) is None
    # before the plan year: nothing has begun
    assert draft(dt.date(2022, 12, 1)) is None


def test_issue_numbers_and_corrections_in_words():
    from jindu.words.locale import Words

    assert [Words("zh").issue_no(2, c) for c in (0, 1, 2)] == ["第2期", "第2期（更正）", "第2期（第2次更正）"]
    assert [Words("en").issue_no(2, c) for c in (0, 1, 2)] == ["No. 2", "No. 2 (correction)", "No. 2 (correction 2)"]


def test_chinese_heading_numbers():
    assert [chinese_number(n) for n in (1, 6, 10, 11, 20, 23)] == ["一", "六", "十", "十一", "二十", "二十三"]


def test_fast_subsetter_is_installed():
    """scripts/system-deps.sh installs libharfbuzz-subset0; without it printing is ~10× slower."""
    assert subsetter() == "harfbuzz"


# --------------------------------------------------------------------------- safety


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"")

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Recorder.hits
    server.shutdown()


OPTIONS = PrintOptions(created=dt.datetime(2023, 7, 1, tzinfo=dt.UTC))


@pytest.mark.parametrize(
    "html",
    [
        '<html><head></head><body><img src="file:///etc/passwd"></body></html>',
        '<html><head><link rel="stylesheet" href="{web}/a.css"></head><body>x</body></html>',
        '<html><head></head><body><img src="{web}/b.png"></body></html>',
        '<html><head></head><body><p style="background: url({web}/c.png)">x</p></body></html>',
        '<html><head><style>@import url("{web}/d.css");</style></head><body>x</body></html>',
    ],
)
def test_the_fetcher_refuses_every_url_outside_the_build(web, html):
    url, hits = web
    with pytest.raises(UnsafeFetch):
        print_pdf(html.replace("{web}", url), "", OPTIONS)
    assert hits == []


def test_the_fetcher_serves_data_urls():
    pixel = (
        "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxIiBoZWlnaHQ9IjEiLz4="
    )
    printed = print_pdf(f'<html><head></head><body><p>进度</p><img src="{pixel}"></body></html>', "", OPTIONS)
    assert printed.pages == 1 and printed.pdf.startswith(b"%PDF-")


def test_hostile_plan_text_is_printed_as_text_and_fetches_nothing(tmp_path, web):
    from probes import hostile_files

    url, hits = web
    probe = (
        f'<img src="file:///etc/passwd"><img src="{url}/x.png"><link rel=stylesheet href="{url}/y.css">'
        f'<style>@import "{url}/z.css";</style>url({url}/w.png)</td></table>'
    )
    hostile_files(tmp_path, probe)
    portfolio = load_portfolio([tmp_path])
    assert portfolio.ok, portfolio.diagnostics
    settings = Settings(plans=(tmp_path,), as_of=dt.date(2023, 7, 15), base_url=BASE)
    issue = find_issue(
        portfolio.index("evil-plan"), bulletin_settings(portfolio, "evil-plan"), "2023-Q2", None, dt.date(2023, 7, 15)
    )
    printed, _ = Press(portfolio, press_options(settings), find_chart_font()).run([issue])
    assert hits == []
    path = tmp_path / "evil.pdf"
    path.write_bytes(printed[0].pdf)
    text = squash(pdf_text(path))
    assert squash('<img src="file:///etc/passwd">') in text  # shown, not loaded
    assert "root:x:0:0" not in text


# --------------------------------------------------------------------------- on the site


def test_site_publishes_the_issued_bulletins_and_one_draft_per_plan(seed_site):
    from bs4 import BeautifulSoup

    archive = ROOT / "issued"
    for edition, drafts in ((seed_site, 2), (seed_site / "en", 0)):
        page = BeautifulSoup((edition / "bulletins" / "index.html").read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in page.select("table.jd-bulletins a[href$='.pdf']")]
        # as of 2023-07-15: Q1 and Q2 of both 2023 plans and all five issues of 2020 are issued;
        # the Chinese edition drafts the running Q3 of each 2023 plan, the English one prints nothing
        issued = [h for h in links if not h.endswith("-draft.pdf")]
        assert len(issued) == 2 + 2 + 5 and len(links) - len(issued) == drafts
        for href in issued:  # byte for byte the committed file
            pdf = (edition / "bulletins" / href).resolve()
            plan, name = pdf.parent.parent.name, pdf.name
            assert pdf.read_bytes() == (archive / plan / name).read_bytes(), href
        for href in links:
            assert (edition / "bulletins" / href).resolve().read_bytes().startswith(b"%PDF-")
        plan = BeautifulSoup(
            (edition / "plans" / "2023-qingpu" / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        assert len(plan.select("table.jd-bulletins a[href$='.pdf']")) == 2 + (1 if drafts else 0)
    draft = PdfReader(seed_site / "plans" / "2023-qingpu" / "bulletins" / "2023-q3-draft.pdf")
    assert draft.metadata.title.startswith("重点工作进展简报 第3期（草稿） · 2023年第三季度")
    english = (seed_site / "en" / "bulletins" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="zh-CN"' in english and "Chinese" in english  # the issued Chinese documents
    text = (seed_site / "bulletins" / "index.html").read_text(encoding="utf-8")
    assert "本计划没有带日期的工作节点，不生成简报。" in text  # 2022-qingpu: prose only


def test_inlined_charts_keep_svg_as_the_default_namespace_after_weasyprint_is_imported():
    """WeasyPrint re-registers ElementTree's empty prefix on import; charts inlined in the same
    build must still come out as <svg>, not <ns0:svg> (which browsers do not draw)."""
    import weasyprint.pdf.metadata  # noqa: F401

    from jindu.charts.svgdoc import inline_svg

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<g id="a"><a xlink:href="t01/"><path d="M0 0"/></a></g></svg>'
    )
    out = inline_svg(svg)
    assert out.startswith("<svg ") and "ns0:" not in out and 'xlink:href="t01/"' in out


def test_a_short_battle_map_prints_in_the_text_not_on_a_page_of_its_own(tmp_path):
    """Three tasks: the chart of the quarter is a few lines, so it stays on a portrait page
    and the closing block (版记) follows the text; no landscape page holds a sliver."""
    from synthetic import Shape, write_portfolio

    write_portfolio(tmp_path, Shape(tasks=3, plans=1, orgs=1, sections=1))
    portfolio = load_portfolio([tmp_path / "plans"])
    assert portfolio.ok, portfolio.diagnostics.items
    plan_id = next(iter(portfolio.plans))
    issue = find_issue(portfolio.index(plan_id), BulletinSettings(), "2023-Q2", None, dt.date(2023, 7, 15))
    settings = Settings(plans=(tmp_path / "plans",), as_of=dt.date(2023, 7, 15))
    printed, _ = Press(portfolio, press_options(settings), find_chart_font()).run([issue])
    bulletin = printed[0].bulletin
    assert len(bulletin.charts) == 1 and bulletin.inline_chart
    reader = PdfReader(__import__("io").BytesIO(printed[0].pdf))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    assert all(w < h for w, h in sizes), sizes  # every page portrait
    text = squash("".join(p.extract_text() for p in reader.pages))
    assert "本期挂图作战：" in text and "附图" not in text


def test_a_draft_of_a_running_period_counts_only_what_has_fallen_due():
    """As of 15 July, Q3's milestones due in August and September have not fallen due: a draft
    must not count them as 本期到期未完成."""
    index = load_portfolio([PLANS]).index("2023-qingpu")
    issue = draft_issue(index, BulletinSettings(), dt.date(2023, 7, 15), {"2023-q2"})
    assert issue is not None and issue.period.text == "2023-Q3" and issue.draft
    bulletins, _ = press().compose([issue])
    summary = bulletins[0].summary
    ps = compute_status(load_portfolio([PLANS]), dt.date(2023, 7, 15), StatusRules(close_of_day=True))
    live = [m for m in ps.plans["2023-qingpu"].milestones() if m.state is not State.CANCELLED and m.due]
    fallen = [m for m in live if dt.date(2023, 7, 1) <= m.due <= dt.date(2023, 7, 15)]
    later = [m for m in live if dt.date(2023, 7, 15) < m.due <= dt.date(2023, 9, 30)]
    assert later and summary.due == len(fallen)
    assert summary.due_open == sum(1 for m in fallen if m.state not in FINISHED)


def test_indicator_lines_show_the_sites_pro_rata_target_and_the_plans_wording():
    """The bulletin's 序时目标 is the one the status was judged against (the site's), not one
    recomputed for the bulletin's own date; targets keep their wording (以上, 以下 …)."""
    from jindu.words.locale import Words

    p = press()
    issue = find_issue(  # the running Q3's draft, as of a day after the last actual's date
        p.portfolio.index("2023-qingpu"), bulletin_settings(p.portfolio, "2023-qingpu"), "2023-Q3",
        dt.date(2023, 7, 15), dt.date(2023, 7, 15),
    )  # fmt: skip
    [bulletin], _ = p.compose([issue])
    report = compute_status(p.portfolio, issue.as_of, StatusRules(close_of_day=True))
    judged = {
        (s.task_id, i.indicator.name): i for s in report.plans["2023-qingpu"].tasks.values() for i in s.indicators
    }
    assert bulletin.indicators
    words = Words("zh")
    for line in bulletin.indicators:
        ind = judged[(line.key, line.name)]
        if ind.pace_target is not None:
            assert line.pace == words.measure(ind.pace_target, ind.indicator.unit or "")
        if ind.indicator.qualifier is not None:
            assert line.target.endswith(("以上", "以下", "左右")) or line.target.startswith("力争")
    assert any(line.pace == "90%" for line in bulletin.indicators)  # 60-79岁老年人全程接种率, as on the site
