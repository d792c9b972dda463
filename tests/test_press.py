"""Drafts printing while MkDocs converts the pages (`build_outputs(print_later=True)`): the
site is the same, byte for byte, as one whose drafts came from the cache; a failed build
leaves no printer running."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, site_config
from jindu.build import _prepare, press_options
from jindu.bulletins.listing import PENDING, fill_pending, pending_mark, published
from jindu.bulletins.press import Press, PrintedBulletin
from jindu.markup import sanitize_html
from jindu.settings import Settings
from jindu.words.locale import Words

AS_OF = "2023-07-15"


def project(tmp_path: Path) -> Path:
    """One seed plan (Qingpu, which has a quarterly bulletin) as a site of its own."""
    work = tmp_path / "work"
    shutil.copytree(ROOT / "plans" / "qingpu", work / "plans" / "qingpu")
    (work / "docs").mkdir()
    (work / "mkdocs.yml").write_text(site_config(ROOT, "press test"), encoding="utf-8")
    (work / "jindu.yml").write_text('caches:\n  search: ""\n', encoding="utf-8")
    return work


def mkdocs_build(work: Path, out: Path, bulletins: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, JINDU_AS_OF=AS_OF, JINDU_BULLETIN_CACHE=str(bulletins), NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(out)], cwd=work, env=env, capture_output=True, text=True
    )


@pytest.mark.site
def test_drafts_printed_meanwhile_are_listed_with_their_pages_and_size(tmp_path):
    work = project(tmp_path)
    bulletins = tmp_path / "bulletin-cache"
    first = mkdocs_build(work, tmp_path / "first", bulletins)
    assert first.returncode == 0, first.stderr
    assert "jindu: as of 2023-07-15: " in first.stderr and "; 1 of 1 bulletins printing meanwhile" in first.stderr, (
        first.stderr
    )
    assert re.search(r"jindu: 1 bulletins \(\d+ pages, [\d.]+ MB\): 1 printed, 0 from cache", first.stderr)
    site = tmp_path / "first"
    [pdf] = list(site.rglob("*.pdf"))
    pages = len(PdfReader(pdf).pages)
    assert pages > 1
    listing = (site / "bulletins" / "index.html").read_text(encoding="utf-8")
    row = re.search(rf'<a href="[^"]*{pdf.name}"[^>]*>.*?</tr>', listing, re.S)
    assert row, listing
    cells = re.findall(r'<td class="jd-n">([^<]*)</td>', row.group(0))
    assert cells == [str(pages), f"{pdf.stat().st_size / 1024:.0f} KB"]
    assert not [p for p in site.rglob("*.html") if PENDING in p.read_text(encoding="utf-8")]

    second = mkdocs_build(work, tmp_path / "second", bulletins)  # the draft now comes from the cache
    assert second.returncode == 0, second.stderr
    assert "; 0 of 1 bulletins printing meanwhile" in second.stderr
    assert re.search(r"generated pages: [1-9]\d* from cache, 0 converted", second.stderr), second.stderr
    one = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "second"): p.read_bytes() for p in (tmp_path / "second").rglob("*") if p.is_file()}
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []


def test_a_plan_cannot_forge_a_pending_mark():
    """Plan text is escaped in the pages, so a mark can only come from the listing."""
    mark = pending_mark("plans/x/bulletins/2023-q2-draft.pdf", "pages")
    assert mark == '<span class="jd-pending">pages plans/x/bulletins/2023-q2-draft.pdf</span>'
    row = "<table><tbody><tr><td>{}</td></tr></tbody></table>"
    assert sanitize_html(row.format(mark)) == row.format(mark)  # kept as written
    assert PENDING not in sanitize_html(row.format(html.escape(mark)))  # plan text stays text


def seed_press(tmp_path: Path) -> tuple[Settings, object, Press]:
    """The seed plans' settings as of 2023-07-15 with caches of the test's own, what the build
    prepares from them, and a press for them."""
    settings = Settings(
        plans=(ROOT / "plans",),
        as_of=dt.date(2023, 7, 15),
        bulletin_cache=tmp_path / "bulletins",
        chart_cache=tmp_path / "charts",
        history=None,
    )
    prepared = _prepare(settings)
    return settings, prepared, Press(prepared.portfolio, press_options(settings), prepared.font, prepared.names)


def test_cancelled_printing_leaves_no_worker_and_no_cache_entry(tmp_path):
    settings, prepared, press = seed_press(tmp_path)
    run = press.start(prepared.drafts(settings), background=True)
    assert run.pending and run.pool is not None
    workers = list(run.pool._processes.values())
    assert workers
    run.cancel()
    assert run.pool is None
    assert not any(worker.is_alive() for worker in workers)
    assert not list((tmp_path / "bulletins").rglob("*.pdf"))


def test_fill_pending_writes_what_the_table_shows_for_a_printed_draft():
    settings = Settings(plans=(ROOT / "plans",), as_of=dt.date(2023, 7, 15), history=None)
    prepared = _prepare(settings)
    press = Press(prepared.portfolio, press_options(settings), prepared.font, prepared.names)
    issue = prepared.drafts(settings)[0]
    [bulletin], _ = press.compose([issue])
    printed = PrintedBulletin(issue, bulletin, b"x" * 5000, 12)
    words = Words("zh")
    [marked] = published([], [printed], words, marks=True)[issue.plan_id]
    [plain] = published([], [printed], words)[issue.plan_id]
    assert (plain.pages_text, plain.size_text) == ("12", "5 KB")
    page = f"<td>{marked.pages_text}</td><td>{marked.size_text}</td>"
    assert fill_pending(page, [printed]) == "<td>12</td><td>5 KB</td>"


def test_the_press_counts_its_own_seconds_not_the_pages_it_overlapped(tmp_path):
    """The summary's seconds are the press's: composing the drafts and looking them up, then
    printing. A build that takes every draft from the cache renders its pages between start
    and finish; that time is not the press's (at 10,000 tasks it said "50 from cache, 224.5 s")."""
    import time

    settings, prepared, press = seed_press(tmp_path)
    _, printed = press.start(prepared.drafts(settings), background=True).finish()
    assert printed.printed == len(prepared.drafts(settings)) and printed.seconds > 0
    began = time.perf_counter()
    run = press.start(prepared.drafts(settings), background=True)
    started = time.perf_counter() - began
    time.sleep(1)  # the pages render meanwhile
    _, cached = run.finish()
    assert cached.printed == 0 and cached.cached == printed.printed
    assert 0 < cached.seconds <= started


def test_a_draft_reuses_the_sites_report_unless_a_milestone_falls_due_that_day():
    """A bulletin reports its day as closed; that changes only the milestones due that very day.
    With none, the press takes the site's report (the same verdicts as its own computation);
    with one, it computes its own, in which that milestone has fallen due."""
    from dataclasses import replace

    from jindu.status.engine import compute_status

    def verdicts(report):
        return [(m.plan_id, m.task_id, m.milestone_id, m.verdict) for m in report.milestones()]

    def press_for(day):
        settings = Settings(plans=(ROOT / "plans",), as_of=day, history=None)
        prepared = _prepare(settings)
        press = Press(prepared.portfolio, press_options(settings), prepared.font, prepared.names, known=prepared.report)
        closed = compute_status(prepared.portfolio, day, replace(settings.rules, close_of_day=True))
        return prepared.report, press.report(day), closed

    quiet = dt.date(2023, 7, 15)
    site, draft, closed = press_for(quiet)
    assert not any(m.due == quiet for m in site.milestones())
    assert draft.plans is site.plans and draft.rules.close_of_day
    assert verdicts(draft) == verdicts(closed)

    due = max(m.due for m in site.milestones() if m.due and m.due < quiet)  # a day something fell due
    site, draft, closed = press_for(due)
    assert draft.plans is not site.plans
    assert verdicts(draft) == verdicts(closed) != verdicts(site)
    today = [m for m in site.milestones() if m.due == due]
    assert today and all(m.verdict.state.value == "due_soon" for m in today if m.report is None)
