"""A live preview's recall (`mkdocs serve` keeps one across saves): a build that takes unchanged
files, plans, specs, strips and digests from the last build gives the outputs and diagnostics a
fresh build gives, after a progress edit, a broken save and the save that fixes it."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from jindu.build import build_outputs
from jindu.configuration import load_project
from jindu.recall import Recall
from jindu.settings import Settings

AS_OF = date(2023, 7, 15)


@pytest.fixture
def plans(root, tmp_path):
    shutil.copytree(root / "plans", tmp_path / "plans")
    return tmp_path / "plans"


def built(plans, chart_cache, recall, lang="zh"):
    settings = Settings(
        plans=(plans,), as_of=AS_OF, lang=lang, chart_cache=chart_cache, bulletins=False, recall=recall
    )  # fmt: skip
    return build_outputs(settings)


def same(kept, fresh) -> None:
    assert [(o.path, o.kind, o.content) for o in kept.outputs] == [(o.path, o.kind, o.content) for o in fresh.outputs]
    assert kept.diagnostics.sorted() == fresh.diagnostics.sorted()


def test_a_build_from_the_recall_is_a_fresh_build(plans, chart_cache):
    recall = Recall()
    first = built(plans, chart_cache, recall)
    assert first.ok
    assert recall.sweep() == (
        "digests 0 kept, 1 made, files 0 kept, 8 made, indexes 0 kept, 4 made, plan charts 0 kept, 4 made, "
        "plans 0 kept, 4 made, strips 0 kept, 3 made, timelines 0 kept, 88 made"
    )
    same(built(plans, chart_cache, recall), built(plans, chart_cache, None))
    assert recall.sweep() == (
        "digests 1 kept, 0 made, files 8 kept, 0 made, indexes 4 kept, 0 made, plan charts 4 kept, 0 made, "
        "plans 4 kept, 0 made, strips 3 kept, 0 made, timelines 88 kept, 0 made"
    )

    report = plans / "qingpu" / "progress" / "2023-q2-sample.yaml"
    good = report.read_text(encoding="utf-8")
    report.write_text(good.replace("status: done", "status: delayed", 1), encoding="utf-8")
    kept = built(plans, chart_cache, recall)
    same(kept, built(plans, chart_cache, None))
    assert kept.report is not None and kept.report.plans["2023-qingpu"].tasks != first.report.plans["2023-qingpu"].tasks
    assert kept.report.plans["2023-minhang"] is first.report.plans["2023-minhang"]  # another plan: kept
    # one file parsed again; its plan's statuses, specs and strips made again, the others kept
    summary = recall.sweep()
    assert summary.startswith("digests 1 kept, 0 made, files 7 kept, 1 made, indexes 4 kept, 0 made, "), summary
    assert "plan charts 3 kept, 1 made, plans 3 kept, 1 made, strips 2 kept, 1 made" in summary, summary

    report.write_text(good.replace("status: done", "status: finished", 1), encoding="utf-8")
    broken = built(plans, chart_cache, recall)
    fresh = built(plans, chart_cache, None)
    assert not broken.ok and broken.diagnostics.sorted() == fresh.diagnostics.sorted()
    report.write_text(good, encoding="utf-8")
    same(built(plans, chart_cache, recall), built(plans, chart_cache, None))


def test_the_english_edition_keeps_its_own_specs(plans, chart_cache):
    """One recall for both languages (as a test of the keys: serve runs one per edition) gives
    each edition its own charts and pages."""
    recall = Recall()
    zh, en = built(plans, chart_cache, recall), built(plans, chart_cache, recall, "en")
    same(en, built(plans, chart_cache, None, "en"))
    assert zh.outputs.get("plans/2023-qingpu/index.md").content != en.outputs.get("plans/2023-qingpu/index.md").content


def test_the_recall_forgets_what_the_last_build_did_not_use():
    recall = Recall()
    assert recall.once("t", "a", lambda: 1) == 1 and recall.once("t", "b", lambda: 2) == 2
    assert recall.sweep() == "t 0 kept, 2 made"
    assert recall.once("t", "a", lambda: 3) == 1
    assert recall.sweep() == "t 1 kept, 0 made"
    assert recall.once("t", "b", lambda: 4) == 4  # forgotten at the last sweep: made again


def git(repo, *args):
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


def test_a_preview_keeps_its_history_until_a_commit(root, tmp_path, chart_cache):
    """The history is read again when HEAD moves, not at every save; a plan edited and not
    committed shows the same change log as a fresh build's."""
    repo = tmp_path / "office"
    shutil.copytree(root / "plans", repo / "plans")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plans")
    project = load_project(repo)
    recall = Recall()

    def settings(history, kept):
        return project.settings(AS_OF, "zh", chart_cache=chart_cache, bulletins=False, history=history, recall=kept)

    first = project.history(recall=recall)
    assert first is not None and first.available
    build_outputs(settings(first, recall))
    recall.sweep()
    plan = repo / "plans" / "minhang" / "2023-key-work.yaml"
    text = plan.read_text(encoding="utf-8")
    at = text.index("title: ", text.index("tasks:"))
    plan.write_text(text[:at] + "title: 【修订】" + text[at + len("title: ") :], encoding="utf-8")
    assert project.history(recall=recall) is first  # nothing committed: the same history
    kept = build_outputs(settings(first, recall))
    same(kept, build_outputs(settings(project.history(), None)))
    assert "worktree 3 kept, 1 made" in recall.sweep()

    git(repo, "commit", "-qam", "a title")
    again = project.history(recall=recall)
    assert again is not first and again.plans["2023-minhang"].entries[-1].commit is not None
    same(build_outputs(settings(again, recall)), build_outputs(settings(project.history(), None)))
