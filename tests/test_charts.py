"""Charts: real matplotlib renders and hand-made strips, inspected as SVG.

Structure checks count bars and markers against the status report (not against the spec
the chart was drawn from), follow links, and measure the as-of line against the month grid.
"""

import dataclasses
import re
import shutil
import warnings
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from jindu.charts.cache import render_charts
from jindu.charts.canvas import ChartError
from jindu.charts.figures import render
from jindu.charts.fonts import FontError, find_chart_font
from jindu.charts.glyphs import check_chart_text
from jindu.charts.planner import plan_charts
from jindu.charts.specs import MAX_BATTLE_MAP_ROWS
from jindu.charts.strip import timeline_svg
from jindu.charts.style import KIND_MARKERS, STATE_STYLES
from jindu.plans.loading import load_portfolio
from jindu.status.engine import compute_status
from jindu.store import Store
from jindu.words.addresses import SiteMap
from jindu.words.names import Names

AS_OF = date(2023, 7, 15)
NS = {"s": "http://www.w3.org/2000/svg"}
XLINK = "{http://www.w3.org/1999/xlink}href"


def build(plans: Path, lang: str = "zh"):
    portfolio = load_portfolio([plans])
    assert portfolio.ok, [str(d) for d in portfolio.diagnostics]
    report = compute_status(portfolio, AS_OF)
    return portfolio, report, plan_charts(report, Names.build(portfolio), SiteMap(), lang)


@pytest.fixture(scope="module")
def seeds():
    return build(ROOT / "plans")


@pytest.fixture(scope="module")
def font():
    return find_chart_font()


def groups(root: ET.Element, prefix: str) -> list[ET.Element]:
    return [g for g in root.iter() if (g.get("id") or "").startswith(prefix)]


def vertical_x(element: ET.Element) -> float:
    """The x of a vertical line drawn as a path (matplotlib's axvline)."""
    path = next(p for p in element.iter("{http://www.w3.org/2000/svg}path"))
    xs = [float(v) for v in re.findall(r"[ML]\s*([\d.]+)\s", path.get("d") + " ")]
    assert len({round(x, 3) for x in xs}) == 1, path.get("d")
    return xs[0]


def test_an_undated_plan_has_no_battle_map(seeds):
    _, report, charts = seeds
    assert not report.plans["2022-qingpu"].dated
    assert charts.battle_maps["2022-qingpu"] == []
    assert not [k for k in charts.timelines if k[0] == "2022-qingpu"]


@pytest.mark.parametrize("plan_id", ["2023-qingpu", "2023-minhang", "2020-xinbei"])
def test_battle_map_has_a_bar_per_scheduled_task_and_a_marker_per_dated_milestone(seeds, font, plan_id):
    _, report, charts = seeds
    [path] = charts.battle_maps[plan_id]
    spec = charts.specs[path]
    root = ET.fromstring(render(spec, font)["svg"])
    ps = report.plans[plan_id]
    own_dates = [t for t in ps.tasks.values() if any(m.due for m in t.milestones)]
    summary = [
        t
        for t in ps.tasks.values()
        if t.children and not any(m.due for m in t.milestones) and any(m.due for c in t.children for m in c.milestones)
    ]
    bars = groups(root, f"{spec.chart_id}-b-")
    assert len(bars) == len(own_dates) + len(summary)
    dated = sum(1 for t in ps.tasks.values() for m in t.milestones if m.due)
    assert len(groups(root, f"{spec.chart_id}-m-")) == dated
    # Every bar links (same tab) to its task's page, relative to the plan page.
    expected = {SiteMap().link(SiteMap.plan(plan_id), SiteMap.task(plan_id, t.task_id)) for t in own_dates + summary}
    hrefs = {a.get(XLINK) for bar in bars for a in bar.iter("{http://www.w3.org/2000/svg}a")}
    assert hrefs == expected
    assert all(a.get("target") is None for a in root.iter("{http://www.w3.org/2000/svg}a"))
    # Tooltips carry the full title even when the label is shortened.
    tip = bars[0].find("s:title", NS) if bars else None
    assert bars == [] or (tip is not None and tip.text.strip())


def test_as_of_line_sits_at_its_date_between_the_month_lines(seeds, font):
    _, _, charts = seeds
    spec = charts.specs[charts.battle_maps["2023-qingpu"][0]]
    root = ET.fromstring(render(spec, font)["svg"])
    cid = spec.chart_id
    july = vertical_x(groups(root, f"{cid}-month-2023-07-01")[0])
    august = vertical_x(groups(root, f"{cid}-month-2023-08-01")[0])
    as_of = vertical_x(groups(root, f"{cid}-asof")[0])
    assert as_of == pytest.approx(july + (august - july) * 14.5 / 31, abs=0.05)
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "数据截至 2023年7月15日" in texts


def test_legend_explains_states_kinds_and_fills_in_words(seeds, font):
    _, _, charts = seeds
    spec = charts.specs[charts.battle_maps["2023-qingpu"][0]]
    root = ET.fromstring(render(spec, font)["svg"])
    words = {
        name: [
            t.text
            for g in groups(root, f"{spec.chart_id}-legend-{name}")
            for t in g.iter("{http://www.w3.org/2000/svg}text")
        ]
        for name in ("states", "kinds", "fills")
    }
    # Each legend names what the map shows, and only that.
    rows = [row for group in spec.groups for row in group.rows]
    assert words["states"] == [
        "任务状态（条）",
        *(spec.words[f"state_{s}"] for s in STATE_STYLES if s in {r.state for r in rows}),
    ]
    assert {"超期", "正常推进"} <= set(words["states"])
    kinds = {mark.kind for row in rows for mark in row.marks}
    assert words["kinds"] == ["节点类型（形状）", *(spec.words[f"kind_{k}"] for k in KIND_MARKERS if k in kinds)]
    assert "季度节点" in words["kinds"]
    assert {"节点状态（填充）", "已完成", "超期", "未到期"} <= set(words["fills"])


def test_english_charts_use_english_words(font):
    _, _, charts = build(ROOT / "plans", "en")
    spec = charts.specs[charts.battle_maps["2023-minhang"][0]]
    svg = render(spec, font)["svg"].decode()
    assert "Data as of 2023-07-15" in svg and "Task status (bars)" in svg and ">Jan<" in svg


def test_chinese_titles_render_without_missing_glyph_warnings_and_dollars_stay_literal(seeds, font):
    _, _, charts = seeds
    spec = charts.specs[charts.battle_maps["2023-qingpu"][0]]
    row = spec.groups[0].rows[0]
    money = dataclasses.replace(row, title="预算$5 to $10，Ba$$in 卫生健康", number="1")
    group = dataclasses.replace(spec.groups[0], rows=[money])
    tricky = dataclasses.replace(spec, groups=[group], title="挂图 $x^2$ 作战")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg = render(tricky, font)["svg"].decode()
    assert "预算$5 to $10，Ba$$in 卫生健康" in svg.replace("1 预算", "预算")
    assert "挂图 $x^2$ 作战" in svg


def test_a_character_the_font_lacks_is_an_error_not_a_box(seeds, font, tmp_path):
    _, _, charts = seeds
    spec = charts.specs[charts.battle_maps["2023-minhang"][0]]
    odd = dataclasses.replace(spec, title="\U00010000 Linear B")
    with pytest.raises(ChartError, match="bm-2023-minhang"):
        render(odd, font)
    # The build finds it first, at the file and line of the text.
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    plan = plans / "minhang" / "2023-key-work.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("title: 手术分级管理预考核", "title: 手术分级\U00010000管理"),
        encoding="utf-8",
    )
    portfolio = load_portfolio([plans])
    check_chart_text(portfolio, font)
    [error] = [d for d in portfolio.diagnostics if d.code == "E-GLYPH"]
    lines = plan.read_text(encoding="utf-8").splitlines()
    assert "\U00010000" in lines[error.mark.line - 1]
    assert "U+10000" in error.message and error.mark.path.endswith("2023-key-work.yaml")


def test_a_missing_font_names_the_package_to_install():
    with pytest.raises(FontError, match="fonts-noto-cjk"):
        find_chart_font("No Such Font Family 42")


def test_two_renders_give_identical_bytes(seeds, font):
    _, _, charts = seeds
    for path in (
        charts.battle_maps["2023-qingpu"][0],
        charts.trajectories[("2023-qingpu", "i14")][0],
        charts.summaries["2023-minhang"],
    ):
        spec = dataclasses.replace(charts.specs[path], png=True)
        first, second = render(spec, font), render(spec, font)
        assert first == second
        assert b"<dc:date" not in first["svg"] and b"Date" not in first["svg"]


def test_a_png_has_a_palette_and_shows_the_same_picture(seeds, font):
    """The battle map's PNG is paletted (a quarter of the bytes) and differs from matplotlib's own
    RGBA image by less than a level in 255 on average, nowhere by a visible colour."""
    import io

    import matplotlib
    from PIL import Image, ImageChops

    from jindu.charts.canvas import PNG_DPI, rc_params
    from jindu.charts.figures import draw
    from jindu.charts.figures import paletted as paletted_png

    _, _, charts = seeds
    spec = charts.specs[charts.battle_maps["2023-qingpu"][0]]
    paletted = Image.open(io.BytesIO(render(spec, font)["png"]))
    with matplotlib.rc_context(rc_params(font)):
        fig, _ = draw(spec)
        raw = io.BytesIO()
        fig.savefig(raw, format="png", dpi=PNG_DPI)
    original = Image.open(raw).convert("RGB")
    assert paletted.mode == "P" and paletted.size == original.size
    difference = ImageChops.difference(original, paletted.convert("RGB")).convert("L")
    histogram = difference.histogram()
    mean = sum(level * count for level, count in enumerate(histogram)) / sum(histogram)
    assert mean < 1.0 and max(level for level, count in enumerate(histogram) if count) < 64
    assert len(render(spec, font)["png"]) < len(raw.getvalue()) / 2
    # Made from the raw pixels, the same bytes as matplotlib's PNG given a palette.
    assert render(spec, font)["png"] == paletted_png(raw.getvalue())


def test_cache_redraws_only_the_charts_that_show_a_changed_task(tmp_path, font):
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    cache = Store(tmp_path / "cache")
    _, _, charts = build(plans)
    files, cold = render_charts(charts, font, cache, workers=2)
    assert cold.drawn == cold.total - cold.strips and cold.cached == 0
    again, warm = render_charts(charts, font, cache, workers=2)
    assert warm.drawn == 0 and warm.cached == cold.drawn and again == files
    plan = plans / "minhang" / "2023-key-work.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("title: 手术分级管理预考核", "title: 手术分级管理考核"),
        encoding="utf-8",
    )
    _, _, changed = build(plans)
    _, after = render_charts(changed, font, cache, workers=1)
    assert after.drawn_paths == ["plans/2023-minhang/battle-map"]


def test_a_few_charts_are_drawn_in_the_builds_own_process_many_in_its_workers(tmp_path):
    """Starting a worker (a new Python importing matplotlib) costs more than drawing a progress
    edit's few charts: up to DRAWN_HERE jobs run in the build's process while no pool runs;
    more go to the pool, and so does every job once the pool runs (a live preview keeps it)."""
    import subprocess
    import sys

    from jindu.charts.cache import DRAWN_HERE

    (tmp_path / "whose.py").write_text("import os\n\ndef whose(job):\n    return os.getpid()\n", encoding="utf-8")
    script = (
        "import os\n"
        "from whose import whose\n"
        "from jindu.charts.cache import DRAWN_HERE, start_in_processes\n"
        "if __name__ == '__main__':\n"
        "    me = os.getpid()\n"
        "    few = start_in_processes(whose, list(range(DRAWN_HERE)), 2, DRAWN_HERE)()\n"
        "    many = start_in_processes(whose, list(range(DRAWN_HERE + 1)), 2, DRAWN_HERE)()\n"
        "    one = start_in_processes(whose, [0], 2, DRAWN_HERE)()\n"
        "    print([p == me for p in few], [p == me for p in many], [p == me for p in one])\n"
    )
    (tmp_path / "probe.py").write_text(script, encoding="utf-8")
    ran = subprocess.run([sys.executable, "probe.py"], cwd=tmp_path, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    here, there = str([True] * DRAWN_HERE), str([False] * (DRAWN_HERE + 1))
    assert ran.stdout == f"{here} {there} [False]\n"


def test_a_timeline_comes_from_the_cache_by_its_specs_content(tmp_path, font, seeds):
    """Timelines are hand-made SVG, made in the build's own process: a build takes each from the
    chart cache by the JSON of its spec instead of making it again (the same bytes)."""
    _, _, charts = seeds
    timelines = {path: spec for path, spec in charts.specs.items() if type(spec).__name__ == "TimelineSpec"}
    only = dataclasses.replace(charts, specs=timelines)
    cache = Store(tmp_path / "cache")
    files, made = render_charts(only, font, cache, workers=1)
    assert made.strips == len(timelines) > 50 and made.drawn == 0
    assert files == {f"{path}.svg": timeline_svg(spec) for path, spec in timelines.items()}
    # Each one is in the cache under its content's key: what is stored there is what a build shows.
    path = sorted(timelines)[0]
    stored = sorted((tmp_path / "cache").rglob("*.svg"))
    assert len(stored) == len(timelines)
    for file in stored:
        file.write_bytes(file.read_bytes().replace(b"</svg>", b"<!-- cached --></svg>"))
    again, _ = render_charts(only, font, cache, workers=1)
    assert again[f"{path}.svg"] == files[f"{path}.svg"].replace(b"</svg>", b"<!-- cached --></svg>")
    assert all(b"<!-- cached --></svg>" in data for data in again.values())


def test_the_timeline_strip_marks_every_dated_milestone_and_today(seeds):
    _, report, charts = seeds
    status = report.plans["2023-qingpu"].tasks["i19"]
    spec = charts.specs[charts.timelines[("2023-qingpu", "i19")]]
    root = ET.fromstring(timeline_svg(spec))
    marks = groups(root, f"{spec.chart_id}-m-")
    assert len(marks) == sum(1 for m in status.milestones if m.due)
    hrefs = [m.get("href") for m in marks]
    assert all(h.startswith("#m-") for h in hrefs) and "#m-q3" in hrefs
    assert all(m.find("s:title", NS) is not None for m in marks)
    line = groups(root, f"{spec.chart_id}-asof")[0]
    x = float(line.get("x1"))
    assert pytest.approx(x, abs=0.1) == 8 + 984 * (195.5 / 365)  # 15 July is day 196 of 365


def test_trajectory_draws_targets_pace_and_actuals(seeds, font):
    _, report, charts = seeds
    paths = charts.trajectories[("2023-qingpu", "i14")]
    assert len(paths) == len(report.plans["2023-qingpu"].tasks["i14"].indicators) == 5
    spec = charts.specs[paths[0]]
    root = ET.fromstring(render(spec, font)["svg"])
    assert len(groups(root, f"{spec.chart_id}-t-")) == 4  # four quarterly targets
    assert len(groups(root, f"{spec.chart_id}-a-")) == 2  # Q1 and Q2 actuals
    assert groups(root, f"{spec.chart_id}-pace")
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"88.5%", "第二季度 90%", "序时目标", "%"} <= texts


def test_a_large_plan_gets_one_battle_map_per_section(tmp_path, font):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(ROOT / "plans" / "minhang" / "directory.yaml", plans / "directory.yaml")
    lines = ["kind: plan", "id: big", "organization: minhang", "title: 八十项任务的计划", "year: 2023", "sections:"]
    for s in range(8):
        lines += [f"  - id: s{s}", f"    title: 第{s + 1}板块", "    tasks:"]
        for t in range(10):
            lines += [
                f"      - id: t{s}{t}",
                f'        number: "{s * 10 + t + 1}"',
                f"        title: 很长的任务名称用来检查缩短后的标签不会重叠也不会溢出第{s}{t}项",
                "        milestones:",
                "          - {period: 2023-Q2, target: 完成一半}",
                "          - {period: 2023-Q4, target: 全部完成}",
            ]
    (plans / "big.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, _, charts = build(plans)
    paths = charts.battle_maps["big"]
    assert MAX_BATTLE_MAP_ROWS < 8 * 11 and len(paths) == 8
    svg = ET.fromstring(render(charts.specs[paths[0]], font)["svg"])
    labels = list(groups(svg, "bm-big-s0-l-"))
    assert len(labels) == 10
    for label in labels:
        text = label.find(".//s:text", NS).text
        assert text.endswith("…") and len(text) < 40
        assert label.find("s:title", NS).text.startswith(text[:-1])  # the full title is the tooltip


def test_chart_svg_never_contains_script_or_handlers(seeds, font):
    _, _, charts = seeds
    spec = charts.specs[charts.battle_maps["2023-qingpu"][0]]
    row = dataclasses.replace(
        spec.groups[0].rows[0],
        title='<script>alert(1)</script>" onload="alert(2)',
        tip="</title><script>alert(3)</script>",
    )
    hostile = dataclasses.replace(spec, groups=[dataclasses.replace(spec.groups[0], rows=[row])])
    svg = render(hostile, font)["svg"].decode()
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert not [k for e in root.iter() for k in e.attrib if k.startswith("on")]
    assert "&lt;/title&gt;&lt;script&gt;" in svg


def test_inline_svg_keeps_only_safe_svg():
    from jindu.charts.svgdoc import inline_svg

    bad = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<script>alert(1)</script><a xlink:href="javascript:alert(1)" onclick="x">'
        b'<path d="M0 0" style="fill: url(http://evil.example/x)"/></a><foreignObject><div/></foreignObject>'
        b'<use xlink:href="http://evil.example/#x"/><a href="//evil.example/"><text>bad</text></a>'
        b'<a href="../i01/#m-q2"><text>ok</text></a></svg>'
    )
    out = inline_svg(bad)
    for word in ("script", "javascript", "onclick", "evil", "foreignObject"):
        assert word not in out
    assert 'href="../i01/#m-q2"' in out and ">ok<" in out


def test_inline_svg_gives_matplotlibs_ids_the_charts_prefix():
    """Two charts in one page drew the same hatch: matplotlib names its pattern by a hash of
    it, so both used one id. Inlined, each chart's own ids and references carry its id."""
    from jindu.charts.svgdoc import inline_svg

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" id="bm-p">'
        b'<defs><pattern id="h1a2b" width="4" height="4"><rect width="1" height="1"/></pattern>'
        b'<clipPath id="p9"><rect width="5" height="5"/></clipPath></defs>'
        b'<g id="bm-p-b-1" clip-path="url(#p9)"><rect style="fill: url(#h1a2b)" width="2" height="2"/>'
        b'<use xlink:href="#h1a2b"/></g></svg>'
    )
    out = inline_svg(svg)
    assert 'id="bm-p-h1a2b"' in out and 'id="bm-p-p9"' in out and 'id="bm-p-b-1"' in out
    assert "url(#bm-p-p9)" in out and "url(#bm-p-h1a2b)" in out and 'href="#bm-p-h1a2b"' in out
    assert 'id="h1a2b"' not in out and "url(#p9)" not in out
