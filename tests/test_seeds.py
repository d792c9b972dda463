"""The four converted seed plans: clean, complete, and counted as the documents count them.

Expected counts, derived from the seeds in shared/seeds:
- 000 Qingpu 2023: 4 sections, 12 prose tasks, 23 附件1 items; 23 items × 4 quarters − 1 (item (6)
  gives only three) = 91 quarterly milestones; 附件2's 7 rows × 12 months − 1 (row 1 has no January)
  = 83 monthly; 5 vaccination indicators from item (14).
- 001 Minhang 2023: 5 sections, 20 tasks, 77 工作节点 rows: 64 single quarters, 13 other (第二、三季度,
  每季度第一个月, 全年 ×10, 重要敏感时点), every one with its 验收标准.
- 002 Qingpu 2022: 4 sections, 17 points, no schedule.
- 003 Xinbei 2020: 10 department sections, 28 projects in 31 target rows (two projects have 3 and
  2 rows → 5 sub-targets), 31 × 4 = 124 quarterly entries, 爱卫办's months as steps; a 10-unit form.
"""

import json
import subprocess
import sys

import pytest

from jindu.plans.loader import schema_modeline
from jindu.plans.loading import load_portfolio
from jindu.plans.stats import portfolio_stats

EXPECTED = {
    "2023-qingpu": dict(
        sections=4,
        tasks=12,
        subtargets=23,
        milestones=dict(total=91, quarter=91, month=0, other=0),  # 附件2's months are steps
        indicators=5,
        progress_reports=1,
    ),
    "2023-minhang": dict(sections=5, tasks=20, subtargets=0, milestones=dict(total=77, quarter=64, month=0, other=13)),
    "2022-qingpu": dict(
        sections=4, tasks=17, subtargets=0, milestones=dict(total=0, quarter=0, month=0, other=0), indicators=6
    ),
    "2020-xinbei": dict(
        sections=10,
        tasks=28,
        subtargets=5,
        leaves=31,
        milestones=dict(total=124, quarter=124, month=0, other=0),
        assessment_units=10,
    ),
}


@pytest.fixture(scope="module")
def portfolio(request):
    from pathlib import Path

    return load_portfolio([Path(__file__).resolve().parents[1] / "plans"])


def test_seed_plans_have_no_diagnostics(portfolio):
    assert [str(d.mark) + " " + d.code for d in portfolio.diagnostics] == []
    assert sorted(portfolio.plans) == sorted(EXPECTED)


@pytest.mark.parametrize("plan_id", sorted(EXPECTED))
def test_counts_match_documents(portfolio, plan_id):
    stats = {p["id"]: p for p in portfolio_stats(portfolio)["plans"]}[plan_id]
    for key, value in EXPECTED[plan_id].items():
        assert stats[key] == value, key


def test_every_minhang_milestone_has_acceptance(portfolio):
    index = portfolio.index("2023-minhang")
    milestones = [m for e in index.entries for m in e.task.milestones]
    assert len(milestones) == 77 and all(m.acceptance for m in milestones)


def test_battle_map_rows_link_to_subtargets(portfolio):
    plan = portfolio.plan("2023-qingpu")
    index = portfolio.index("2023-qingpu")
    [battle_map] = [a for a in plan.attachments if a.view.value == "battle-map"]
    assert [r.task for r in battle_map.rows] == ["i01", "i04", "i03", "i09", "i17", "i19", "i07"]
    for row in battle_map.rows:
        entry = index.by_id[row.task]
        assert entry.is_subtarget
        # 附件2's months are the steps of 附件1's quarters (one node reported per quarter).
        assert all(m.source == "annex-1" for m in entry.task.milestones)
        monthly = [s.period for m in entry.task.milestones for s in m.steps]
        assert len(monthly) == (11 if row.task == "i01" else 12) and monthly == sorted(monthly)
        assert entry.task.level is not None


def test_prose_only_plan_has_no_owners(portfolio):
    index = portfolio.index("2022-qingpu")
    assert all(not e.task.lead_leaders and not e.task.milestones for e in index.entries)


def test_assessment_form(portfolio):
    [form] = portfolio.plan("2020-xinbei").assessments
    assert form.total_points == 80 and len(form.units) == 10 and form.scores == []


def test_text_is_verbatim(portfolio):
    plan = portfolio.plan("2023-minhang")
    task = plan.sections[0].tasks[0]
    assert task.title == "推动公立医院高质量发展，深化医联体建设，建立健全重大疫情救治系统"
    assert "<" not in json.dumps(plan.model_dump(mode="json"), ensure_ascii=False)  # HTML noise removed
    qingpu = portfolio.plan("2023-qingpu")
    assert "依托长三角（上海）智慧互联网医院建设" in qingpu.sections[0].tasks[2].description  # page break joined


def test_sample_progress_is_flagged(portfolio):
    [report] = portfolio.progress
    assert report.model.sample is True and "示例数据" in report.model.note


def test_every_file_names_the_schema(root):
    for path in (root / "plans").rglob("*.yaml"):
        target = schema_modeline(path.read_text(encoding="utf-8"))
        assert target, path
        assert (path.parent / target).resolve() == (root / "schema" / "jindu.schema.json").resolve(), path


def test_stats_json_shape(root):
    result = subprocess.run(
        [sys.executable, "-m", "jindu", "stats", "--json", str(root / "plans")],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(result.stdout)
    keys = {
        "id",
        "title",
        "sections",
        "tasks",
        "subtargets",
        "milestones",
        "indicators",
        "people",
        "departments",
        "progress_reports",
    }
    assert all(keys <= set(p) for p in data["plans"]) and keys - {"id", "title"} <= set(data["total"])
    assert data["total"]["milestones"] == {"total": 292, "quarter": 279, "month": 0, "other": 13}


def test_check_exits_zero_on_seeds(root):
    result = subprocess.run(
        [sys.executable, "-m", "jindu", "check", "--strict", str(root / "plans")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert "0 errors, 0 warnings" in result.stdout
