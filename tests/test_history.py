"""Plan changes from git: `jindu diff`, `jindu check --base`, task-page history, the bulletin's
本期计划调整, and shallow clones. Every test runs the real git on a small repository built here
from the seed plans, with commits dated in 2023 so they fall inside the plans' periods."""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jindu.build import build_outputs
from jindu.history.changes import Kind, compare_plans
from jindu.history.pairing import moved_ids
from jindu.history.record import Completeness, read_history
from jindu.plans.index import PlanIndex
from jindu.plans.loading import load_portfolio
from jindu.settings import Settings
from jindu.words.changes import ChangeWords

ROOT = Path(__file__).resolve().parents[1]
PLAN = "plans/qingpu/2023-key-work.yaml"
# i01's third milestone, as the seed writes it.
Q3 = """              - period: 2023-Q3
                target: 全面运营
                source: annex-1
                steps:  # 附件2 逐月安排
                  - period: 2023-07
                    text: 试运营
                  - period: 2023-08
                    text: 试运营
                  - period: 2023-09
                    text: 全面运营
                reason: 附件2的逐月安排并入同季度的附件1节点，作为分步安排（录入方式更正，计划内容未变）
"""
# Moved to Q4, its monthly steps (July to September) go with the quarter they no longer fall in.
Q4_WITH_REASON = """              - id: q3
                period: 2023-Q4
                target: 全面运营
                source: annex-1
                reason: 医疗设备到货延迟，全面运营推迟至第四季度
"""
Q4_NO_REASON = """              - period: 2023-Q4
                target: 全面运营
                source: annex-1
"""
NEW_TASK = """      - id: t99
        number: "99"
        title: 新增急救站点建设
        lead_departments: [yizheng-ke]
        milestones:
          - period: 2023-Q4
            target: 建成2个急救站点
"""
PROGRESS = """kind: progress
plan: 2023-qingpu
period: 2023-Q2
reported: 2023-07-06
milestones:
  - task: i02
    milestone: q2
    status: done
    date: 2023-07-05
"""


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="科室",
        GIT_AUTHOR_EMAIL="k@example.org",
        GIT_COMMITTER_NAME="科室",
        GIT_COMMITTER_EMAIL="k@example.org",
    )
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T10:00:00+08:00"
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def jindu(repo: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jindu", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=dict(os.environ, **(env or {})),
    )


def first_unit(repo: Path) -> str:
    return load_portfolio([repo / "plans/qingpu/directory.yaml"]).directories["qingpu"].model.units[0].id


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Commits: the plans (2023-03-15), a new task (05-10), i01's Q3 moved to Q4 with a reason
    (05-20), a progress report (06-28), a README edit (07-02)."""
    repo = tmp_path_factory.mktemp("history") / "plans-repo"
    repo.mkdir()
    shutil.copytree(ROOT / "plans", repo / "plans")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "印发2023年重点工作安排", date="2023-03-15")
    edit(repo, PLAN, "    tasks:\n", "    tasks:\n" + NEW_TASK.replace("yizheng-ke", first_unit(repo)))
    git(repo, "commit", "-qam", "新增急救站点建设任务", date="2023-05-10")
    edit(repo, PLAN, Q3, Q4_WITH_REASON)
    git(repo, "commit", "-qam", "调整妇产科医院青浦分院运营节点", date="2023-05-20")
    (repo / "plans/qingpu/progress/2023-q2-yizheng.yaml").write_text(PROGRESS, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "医政科报送第二季度进展", date="2023-06-28")
    (repo / "README.md").write_text("plans\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "README", date="2023-07-02")
    return repo


@pytest.fixture
def work(repo, tmp_path) -> Path:
    """A fresh clone of `repo` to edit (on a branch, as a pull request would)."""
    clone = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    git(clone, "checkout", "-qb", "pr")
    return clone


# --------------------------------------------------------------------------- jindu diff


def test_diff_shows_the_moved_deadline_with_its_reason(repo):
    run = jindu(repo, "diff", "HEAD~3", "HEAD~2", "--format", "json", "--as-of", "2023-10-15")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    [plan] = report["plans"]
    [change] = [c for c in plan["changes"] if c["field"] == "period"]
    assert (change["task"], change["item"], change["old"], change["new"]) == ("i01", "q3", "2023-Q3", "2023-Q4")
    assert change["reason"] == "医疗设备到货延迟，全面运营推迟至第四季度" and not change["missing_reason"]
    # As of mid-October the moved milestone is no longer past due (it was: reported in progress in July, 超期).
    assert {"task": "i01", "milestone": "q3", "old": "overdue"}.items() <= next(
        s for s in report["status_changes"] if s["milestone"] == "q3"
    ).items()

    markdown = jindu(repo, "diff", "HEAD~3", "HEAD~2", "--as-of", "2023-10-15").stdout
    assert "复旦大学附属妇产科医院青浦分院全面运营" in markdown
    assert "工作节点：2023-Q3 → 2023-Q4" in markdown
    assert "医疗设备到货延迟，全面运营推迟至第四季度" in markdown
    assert "状态变化" in markdown and "| 超期 | 正常推进 |" in markdown


def test_diff_lists_added_tasks_progress_and_other_files(repo):
    added = json.loads(jindu(repo, "diff", "HEAD~4", "HEAD~3", "--format", "json").stdout)
    kinds = [(c["subject"], c["kind"], c["task"]) for c in added["plans"][0]["changes"]]
    assert ("task", "added", "t99") in kinds

    progress = json.loads(jindu(repo, "diff", "HEAD~2", "HEAD~1", "--format", "json", "--as-of", "2023-07-15").stdout)
    assert progress["plans"] == []
    assert progress["data_files"] == ["plans/qingpu/progress/2023-q2-yizheng.yaml"]
    assert progress["head_errors"] == 0
    assert any(
        s["task"] == "i02" and s["milestone"] == "q2" and s["new"] == "done_late" for s in progress["status_changes"]
    ), progress["status_changes"]

    other = json.loads(jindu(repo, "diff", "HEAD~1", "HEAD", "--format", "json").stdout)
    assert other["other_files"] == ["README.md"] and other["plans"] == [] and other["data_files"] == []


def test_diff_defaults_to_the_merge_base_and_the_working_tree(work):
    edit(work, PLAN, "建成2个急救站点", "建成3个急救站点")
    run = jindu(work, "diff", "--format", "json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["head"] == "working tree" and report["base"].startswith(git(work, "rev-parse", "--short", "main"))
    [change] = report["plans"][0]["changes"]
    assert (change["field"], change["old"], change["new"], change["missing_reason"]) == (
        "target",
        "建成2个急救站点",
        "建成3个急救站点",
        True,
    )


def test_diff_markdown_keeps_plan_text_inert(work):
    edit(
        work,
        PLAN,
        "建成2个急救站点",
        '"建成[钓鱼](https://evil.example) <img src=x onerror=alert(1)> *粗* | 管道 \\e[31m红"',
    )
    markdown = jindu(work, "diff").stdout
    assert "\x1b" not in markdown and "\ufffd\\[31m红" in markdown  # no terminal escape reaches a log
    line = next(ln for ln in markdown.splitlines() if "钓鱼" in ln)
    assert "\\[钓鱼\\](https://evil.example)" in line  # not a link
    assert "<img" not in line and "&lt;img src=x onerror=alert(1)&gt;" in line
    assert "\\*粗\\*" in line and "\\| 管道" in line  # no emphasis, no extra table cell


# --------------------------------------------------------------------------- jindu check --base


def test_check_base_fails_on_the_changed_line_without_a_reason(work):
    edit(
        work,
        PLAN,
        "period: 2023-Q4\n                target: 全面运营\n",
        "period: 2023-Q3\n                target: 全面运营\n",
    )
    run = jindu(work, "check", "--base", "main")
    assert run.returncode == 1
    line = next(
        n
        for n, text in enumerate((work / PLAN).read_text(encoding="utf-8").splitlines(), 1)
        if text.strip() == "period: 2023-Q3" and n > 80
    )
    assert (
        f"{PLAN}:{line}:25: error[E-CHANGE-REASON]: the deadline of milestone 'q3' of task 'i01' changed "
        f"(2023-Q4 → 2023-Q3) without a reason"
    ) in run.stdout
    # The reason left from the earlier move does not explain this one.
    assert "earlier change" in run.stdout

    github = jindu(work, "check", "--base", "main", "--format", "github")
    assert f"::error file={PLAN},line={line},col=25,title=E-CHANGE-REASON::" in github.stdout

    edit(work, PLAN, "reason: 医疗设备到货延迟，全面运营推迟至第四季度", "reason: 设备已到货，恢复原定第三季度运营")
    fixed = jindu(work, "check", "--base", "main")
    assert fixed.returncode == 0, fixed.stdout


def test_check_base_warns_of_removals_and_moved_ids(work):
    edit(work, PLAN, NEW_TASK.replace("yizheng-ke", first_unit(work)), "")  # drop the task added in May
    # Move i02's first milestone onto the second one's quarter, without keeping ids.
    edit(
        work,
        PLAN,
        "              - period: 2023-Q1\n                target: 施工招标",
        "              - period: 2023-Q2\n                target: 施工招标",
    )
    run = jindu(work, "check", "--base", "main", "--format", "json")
    assert run.returncode == 1
    found = json.loads(run.stdout)["diagnostics"]
    codes = sorted(d["code"] for d in found)
    # E-REF: the sample progress report names i02/q1, which the move renamed — what the warning foretells.
    assert codes == ["E-CHANGE-REASON", "E-REF", "W-MILESTONE-ID", "W-MILESTONE-ID", "W-REMOVED"], codes
    assert "q1" in next(d["message"] for d in found if d["code"] == "E-REF")
    renamed = sorted(d["message"].split(" is now ")[0] for d in found if d["code"] == "W-MILESTONE-ID")
    assert renamed == ["milestone 'q1' of task 'i02'", "milestone 'q2' of task 'i02'"]
    removed = next(d for d in found if d["code"] == "W-REMOVED")
    assert "task 't99' (新增急救站点建设) was removed" in removed["message"] and removed["line"] > 0


def test_check_base_warns_of_a_milestone_id_rewritten(work):
    """A written id put on a milestone whose reports name its derived id: the warning says
    it was rewritten and how to fix the reports (not "keep the id")."""
    edit(
        work,
        PLAN,
        "              - period: 2023-Q1\n                target: 医院运维物业进场",
        "              - id: begin\n                period: 2023-Q1\n                target: 医院运维物业进场",
    )
    run = jindu(work, "check", "--base", "main", "--format", "json")
    found = [d for d in json.loads(run.stdout)["diagnostics"] if d["code"] == "W-MILESTONE-ID"]
    assert [(d["message"], d["hint"]) for d in found] == [
        (
            (
                "milestone 'q1' of task 'i01' is now 'begin' (its id was rewritten); progress reports that name "
                "'q1' no longer find it"
            ),
            "change `milestone: q1` to `milestone: begin` in the progress reports of task 'i01'",
        )
    ]


def test_a_renamed_task_keeps_its_history():
    """The entries written under a task's old id are the renamed task's history."""
    from jindu.history.changes import Change, Subject
    from jindu.history.record import Entry, PlanHistory

    moved = Change(
        "p", Subject.MILESTONE, Kind.CHANGED, task="t1", item="q3", field="period", old="2023-Q3", new="2023-Q4"
    )
    rename = Change("p", Subject.TASK, Kind.CHANGED, task="t1a", field="id", old="t1", new="t1a")
    again = Change("p", Subject.TASK, Kind.CHANGED, task="t1b", field="id", old="t1a", new="t1b")
    other = Change("p", Subject.TASK, Kind.CHANGED, task="t2", field="title", old="a", new="b")
    ph = PlanHistory("p", [Entry(None, (moved, other)), Entry(None, (rename,)), Entry(None, (again,))])
    assert [e.changes for e in ph.for_task("t1b")] == [(again,), (rename,), (moved,)]
    assert [e.changes for e in ph.for_task("t2")] == [(other,)]
    assert ph.for_task("t1") == [] and ph.for_task("t1a") == []


def test_check_base_names_a_missing_revision(work):
    run = jindu(work, "check", "--base", "no-such-branch")
    assert run.returncode == 1
    assert "error[E-BASE]: cannot compare with 'no-such-branch'" in run.stdout
    assert "Traceback" not in run.stderr


def test_check_summary_is_markdown_for_the_job_summary(work, tmp_path):
    edit(work, PLAN, "title: 新增急救站点建设", "title: 新增*急救*站点")
    edit(work, PLAN, "建成2个急救站点", "建成3个急救站点")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    run = jindu(work, "check", "--base", "main", "--format", "github", "--summary", str(summary))
    assert run.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## ❌ jindu check: 1 error, 0 warnings")
    assert f"`{PLAN}:" in text and "`E-CHANGE-REASON`" in text


# --------------------------------------------------------------------------- history on pages and in bulletins


def test_task_page_shows_the_change_and_the_baseline(repo):
    history = read_history([repo / "plans"], baseline=None)
    assert history.completeness is Completeness.COMPLETE
    result = build_outputs(
        Settings(plans=(repo / "plans",), as_of=dt.date(2023, 7, 15), bulletins=False, history=history)
    )
    page = result.outputs.get("plans/2023-qingpu/i01.md").text
    section = page[page.index("## 计划变更记录") :]
    assert "基线（2023年3月15日印发，版本" in section  # the plan's date of issue, not its first commit
    assert "<td>2023-Q3</td><td>2023-Q4</td>" in section  # baseline beside current
    assert "2023年5月20日" in section and "工作节点：2023-Q3 → 2023-Q4" in section
    assert "医疗设备到货延迟，全面运营推迟至第四季度" in section
    assert 'title="调整妇产科医院青浦分院运营节点"' in section
    assert "原定 <del>第三季度</del>" in page  # in the milestone table too
    added = result.outputs.get("plans/2023-qingpu/t99.md").text
    assert "新增任务" in added or "新增" in added[added.index("## 计划变更记录") :]
    untouched = result.outputs.get("plans/2023-qingpu/i05.md").text
    assert "自基线以来，本任务未作调整。" in untouched


def test_a_baseline_without_a_date_of_issue_says_when_it_was_recorded(work):
    """A plan that gives no date of issue (the 2020 table) is not dated by its first commit
    as if it had been issued then: the label says what the date is."""
    xinbei = "plans/xinbei/2020-key-work.yaml"
    edit(work, xinbei, "          - period: 2020-Q3\n", "          - period: 2020-Q4\n            reason: 调整\n")
    git(work, "commit", "-qam", "调整", date="2023-08-01")
    history = read_history([work / "plans"])
    result = build_outputs(
        Settings(plans=(work / "plans",), as_of=dt.date(2023, 8, 2), bulletins=False, history=history)
    )
    page = result.outputs.get("plans/2020-xinbei/t01.md").text
    assert '<th scope="col">基线（2023年3月15日首次录入，版本 ' in page
    assert "；计划未载明印发日期）</th>" in page


def test_history_counts_uncommitted_changes(work):
    edit(work, PLAN, "建成2个急救站点", "建成3个急救站点")
    current = load_portfolio([work / "plans"])
    history = read_history([work / "plans"], current)
    [latest] = history.plan("2023-qingpu").for_task("t99")[:1]
    assert latest.commit is None and latest.changes[0].new == "建成3个急救站点"


def test_a_named_baseline_revision(repo):
    history = read_history([repo / "plans"], baseline="HEAD~2")  # after the move
    assert history.baseline_changes(load_portfolio([repo / "plans"]).plan("2023-qingpu")) == []
    with pytest.raises(Exception, match="baseline"):
        read_history([repo / "plans"], baseline="no-such-tag")


def test_bulletin_lists_the_period_changes(repo, tmp_path):
    out = tmp_path / "q2.pdf"
    run = jindu(repo, "bulletin", "2023-qingpu", "--period", "2023-Q2", "-o", str(out))
    assert run.returncode == 0, run.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    section = text[text.index("本期计划调整", text.index("本期计划调整") + 1) :]  # after the table of contents
    assert "新增急救站点建设" in section and "医疗设备到货延迟" in " ".join(section.split())
    q1 = tmp_path / "q1.pdf"
    assert jindu(repo, "bulletin", "2023-qingpu", "--period", "2023-Q1", "-o", str(q1)).returncode == 0
    q1_text = subprocess.run(["pdftotext", str(q1), "-"], capture_output=True, text=True, check=True).stdout
    after = q1_text[q1_text.index("本期计划调整", q1_text.index("本期计划调整") + 1) :]
    assert "医疗设备到货延迟" not in after  # a May change is not in the first quarter's issue


# --------------------------------------------------------------------------- shallow clones and no git


def test_shallow_clone_says_so_and_never_crashes(repo, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    history = read_history([shallow / "plans"])
    assert history.completeness is Completeness.SHALLOW and "shallow" in history.note
    assert history.plan("2023-qingpu").baseline is None  # the first version is not in the clone

    check = jindu(shallow, "check", "--base", "HEAD~2")
    assert check.returncode == 1 and "E-BASE" in check.stdout and "shallow clone" in check.stdout
    assert "Traceback" not in check.stderr
    diff = jindu(shallow, "diff", "HEAD~2")
    assert diff.returncode == 2 and "shallow clone" in diff.stderr and "Traceback" not in diff.stderr

    render = jindu(shallow, "render", "--no-bulletins", "--out", str(tmp_path / "pages"), "--as-of", "2023-07-15")
    assert render.returncode == 0, render.stderr
    assert "change history: a shallow clone" in render.stderr
    page = (tmp_path / "pages/plans/2023-qingpu/i01.md").read_text(encoding="utf-8")
    assert "本站由浅克隆构建，变更记录自 2023年7月2日 起，未显示基线。" in page
    # A bulletin's 本期计划调整 reads the same short history (one bulletin: the site prints the
    # rest the same way, and every build test prints them all).
    printed = jindu(shallow, "bulletin", "2023-qingpu", "--period", "2023-Q2", "-o", str(tmp_path / "q2.pdf"))
    assert printed.returncode == 0, printed.stderr
    assert "Traceback" not in printed.stderr and (tmp_path / "q2.pdf").read_bytes().startswith(b"%PDF-")


def test_outside_a_repository_history_is_unavailable(tmp_path):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    history = read_history([tmp_path / "plans"])
    assert history.completeness is Completeness.UNAVAILABLE and not history.plans
    run = jindu(tmp_path, "diff")
    assert run.returncode == 2 and "not in a git repository" in run.stderr


# --------------------------------------------------------------------------- pairing milestones


def test_a_deadline_moved_onto_another_milestones_period_pairs_with_itself():
    portfolio = load_portfolio([ROOT / "plans"])
    old = portfolio.plan("2023-qingpu")
    task = old.sections[0].tasks[0].subtargets[0]
    assert [m.period for m in task.milestones[:3]] == ["2023-Q1", "2023-Q2", "2023-Q3"]
    moved = task.model_copy(
        update={
            "milestones": [
                task.milestones[0],
                task.milestones[1].model_copy(update={"period": "2023-Q3"}),
                *task.milestones[2:],
            ]
        }
    )
    new = _replace_subtarget(old, moved)
    changes = compare_plans(old, new)
    # One change, said with the id it had: the ids that moved with it are not changes of their own.
    assert [(c.kind, c.item, c.old_item, c.field, c.old, c.new) for c in changes] == [
        (Kind.CHANGED, "q3", "q2", "period", "2023-Q2", "2023-Q3"),
    ]
    assert ChangeWords("zh").where(changes[0]) == "节点 q2→q3"
    # …but progress reports name ids: both moves are listed for `check --base` to warn of.
    assert [(m.task, m.old, m.new, m.written) for m in moved_ids(old, new)] == [
        (task.id, "q2", "q3", False),
        (task.id, "q3", "q3-2", False),  # the one that stayed lost its id
    ]


def _edit_task(plan, edit):
    """The plan with its first section's first task replaced by `edit(task)`."""
    section = plan.sections[0]
    tasks = [edit(section.tasks[0]), *section.tasks[1:]]
    return plan.model_copy(update={"sections": [section.model_copy(update={"tasks": tasks}), *plan.sections[1:]]})


def test_renames_are_one_change_each():
    """A task, an indicator or a written milestone id renamed is one change (标识：a → b),
    not a removal and an addition with everything in them."""
    old = load_portfolio([ROOT / "plans"]).plan("2023-qingpu")
    first = old.sections[0].tasks[0]
    assert first.subtargets and first.subtargets[0].milestones

    def rename(task):
        sub = task.subtargets[0]
        ms = sub.milestones
        sub = sub.model_copy(
            update={
                "id": sub.id + "x",
                "milestones": [ms[0].model_copy(update={"id": "start"}), *ms[1:]],
            }
        )
        return task.model_copy(update={"id": task.id + "x", "subtargets": [sub, *task.subtargets[1:]]})

    written = _edit_task(
        old,
        lambda t: t.model_copy(
            update={
                "subtargets": [
                    t.subtargets[0].model_copy(
                        update={
                            "milestones": [
                                t.subtargets[0].milestones[0].model_copy(update={"id": "begin"}),
                                *t.subtargets[0].milestones[1:],
                            ]
                        }
                    ),
                    *t.subtargets[1:],
                ]
            }
        ),
    )
    new = _edit_task(written, rename)
    changes = compare_plans(written, new)
    sub = first.subtargets[0]
    words = ChangeWords("zh")
    assert [(c.subject.value, c.task, c.field, c.old, c.new) for c in changes] == [
        ("task", first.id + "x", "id", first.id, first.id + "x"),
        ("task", sub.id + "x", "id", sub.id, sub.id + "x"),
        ("milestone", sub.id + "x", "id", "begin", "start"),
    ], changes
    assert [words.line(c) for c in changes] == [
        f"任务标识：{first.id} → {first.id}x",
        f"任务标识：{sub.id} → {sub.id}x",
        "节点标识：begin → start",
    ]
    assert ChangeWords("en").line(changes[2]) == "milestone id: begin → start"
    moved = moved_ids(written, new)
    assert [(m.task, m.old, m.new, m.written) for m in moved] == [(sub.id + "x", "begin", "start", True)]

    # An indicator keeps its name when its id is rewritten.
    with_indicator = next((e for e in PlanIndex.build(old).entries if e.task.indicators), None)
    assert with_indicator is not None
    ind = with_indicator.task.indicators[0]
    renamed = old.model_copy(deep=True)
    target = PlanIndex.build(renamed).by_id[with_indicator.task.id].task
    target.indicators[0] = ind.model_copy(update={"id": ind.id + "-new"})
    changes = compare_plans(old, renamed)
    assert [(c.subject.value, c.item, c.field, c.old, c.new) for c in changes] == [
        ("indicator", ind.id + "-new", "id", ind.id, ind.id + "-new")
    ]
    # A task whose title changed too is not the same task: removed and added.
    retitled = _edit_task(old, lambda t: t.model_copy(update={"id": t.id + "y", "title": t.title + "（调整）"}))
    kinds = {(c.subject.value, c.kind.value) for c in compare_plans(old, retitled)}
    assert kinds == {("task", "added"), ("task", "removed")}


def _replace_subtarget(plan, subtarget):
    section = plan.sections[0]
    task = section.tasks[0]
    task = task.model_copy(update={"subtargets": [subtarget, *task.subtargets[1:]]})
    section = section.model_copy(update={"tasks": [task, *section.tasks[1:]]})
    return plan.model_copy(update={"sections": [section, *plan.sections[1:]]})


def test_history_parses_each_plan_blob_once_across_builds(repo, tmp_path):
    """With a cache folder, a blob parsed by one build is read back by the next (a 50-commit
    history is not parsed again on every build); the history is the same either way."""
    cache = tmp_path / "blobs"

    def entries(history):
        return {pid: [(e.commit.sha, e.changes) for e in ph.entries] for pid, ph in history.plans.items()}

    plain = read_history([repo / "plans"])
    first = read_history([repo / "plans"], cache=cache)
    second = read_history([repo / "plans"], cache=cache)
    assert first.parses == plain.parses > 0 and second.parses == 0
    assert entries(plain) == entries(first) == entries(second)
    assert {pid: ph.baseline for pid, ph in second.plans.items()} == {
        pid: ph.baseline for pid, ph in plain.plans.items()
    }
    stored = sorted(cache.rglob("*.json"))
    stored[0].write_text("{damaged", encoding="utf-8")  # a damaged entry is a miss, not an error
    assert read_history([repo / "plans"], cache=cache).parses == 1


def test_a_reason_written_in_a_later_commit_explains_the_earlier_change(work):
    """A deadline moved in one commit and explained in the next (or in a later pull request)
    shows the reason on the task page's history, not 未说明."""
    before = "              - period: 2023-Q3\n                target: 基坑围护施工\n                source: annex-1\n"
    moved = "              - id: q3\n                period: 2023-Q4\n                target: 基坑围护施工\n                source: annex-1\n"
    edit(work, PLAN, before, moved)
    git(work, "commit", "-qam", "推迟基坑围护节点", date="2023-08-01")
    changes = [c for e in read_history([work / "plans"]).plans["2023-qingpu"].entries for c in e.changes]
    assert [c.missing_reason for c in changes if c.is_deadline and c.task == "i02"] == [True]
    edit(work, PLAN, moved, moved + "                reason: 基坑设计变更待审批\n")
    git(work, "commit", "-qam", "补充推迟理由", date="2023-08-03")
    history = read_history([work / "plans"])
    entries = history.plans["2023-qingpu"].entries
    changes = [c for e in entries for c in e.changes if c.is_deadline and c.task == "i02"]
    assert [(c.reason, c.missing_reason) for c in changes] == [("基坑设计变更待审批", False)]
    assert [e.commit.subject for e in entries if e.commit][-1] == "推迟基坑围护节点"  # the reason adds no entry
    result = build_outputs(
        Settings(plans=(work / "plans",), as_of=dt.date(2023, 8, 15), bulletins=False, history=history)
    )
    page = result.outputs.get("plans/2023-qingpu/i02.md").text
    assert "基坑设计变更待审批" in page


def test_loosening_a_target_by_its_wording_needs_a_reason():
    """以上 → 左右 is a looser promise than before, like a lower value: it needs a reason."""
    from jindu.plans.model import PlanFile

    def plan(qualifier: str, reason: str = "") -> PlanFile:
        indicator = {"id": "rate", "name": "签约率", "unit": "%", "targets": {"2023": 75}, "qualifier": qualifier}
        if reason:
            indicator["reason"] = reason
        return PlanFile.model_validate(
            {"kind": "plan", "id": "p", "organization": "o", "title": "t", "year": 2023,
             "sections": [{"id": "s", "title": "s", "tasks": [{"id": "t1", "title": "t", "indicators": [indicator]}]}]}
        )  # fmt: skip

    [change] = compare_plans(plan("at_least"), plan("about"))
    assert (change.field, change.old, change.new, change.missing_reason) == ("qualifier", "at_least", "about", True)
    [explained] = compare_plans(plan("at_least"), plan("about", "区级考核口径调整"))
    assert explained.reason == "区级考核口径调整" and not explained.missing_reason
