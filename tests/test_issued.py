"""Issued bulletins: printed once from a commit, kept in issued/, published byte for byte.

A real git repository holding the Minhang plan: Q1 and Q2 are issued with `jindu bulletin
issue`, then a progress report and a plan change are committed, and the site is rebuilt
with and without its cache. Real WeasyPrint output throughout, read back with pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from jindu.build import build_outputs
from jindu.settings import Settings
from test_history import git as history_git

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2023, 7, 15)


def git(repo: Path, *args: str, date: str = "2023-07-12") -> str:
    """git in `repo`, committing as one office on a fixed day (the history tests' helper)."""
    return history_git(repo, *args, date=date)


def jindu(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jindu", *args], cwd=repo, capture_output=True, text=True)


PROGRESS = """kind: progress
plan: 2023-minhang
period: 2023-Q3
reported: 2023-07-14
milestones:
  - task: t01
    milestone: q4
    status: in_progress
    date: 2023-07-14
"""


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    """A repository with Minhang's plan; Q1 and Q2 issued and committed, then a progress
    report and a plan change committed after them."""
    repo = tmp_path_factory.mktemp("office")
    shutil.copytree(ROOT / "plans" / "minhang", repo / "plans" / "minhang")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the 2023 plan", date="2023-03-01")
    for period, day in (("2023-Q1", "2023-04-10"), ("2023-Q2", "2023-07-10")):
        run = jindu(repo, "bulletin", "issue", "2023-minhang", "--period", period, "--date", day)
        assert run.returncode == 0, run.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "issue Q1 and Q2")
    issued_at = git(repo, "rev-parse", "HEAD~1")
    (repo / "plans" / "minhang" / "progress").mkdir()
    (repo / "plans" / "minhang" / "progress" / "2023-q3.yaml").write_text(PROGRESS, encoding="utf-8")
    plan = repo / "plans" / "minhang" / "2023-key-work.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "2023年闵行区卫生健康重点工作推进计划表" in text
    plan.write_text(
        text.replace("2023年闵行区卫生健康重点工作推进计划表", "闵行区2023年重点工作（修订）", 1), encoding="utf-8"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a report and a new title", date="2023-07-14")
    (repo / "pinned").write_text(issued_at, encoding="utf-8")
    return repo


def build(repo: Path, cache: Path | None, **options):
    settings = Settings(
        plans=(repo / "plans",),
        as_of=options.pop("as_of", AS_OF),
        issued=repo / "issued",
        bulletin_cache=cache,
        **options,
    )
    return build_outputs(settings)


def test_issue_writes_the_file_and_a_record_of_what_it_was_printed_from(office):
    record = json.loads((office / "issued" / "2023-minhang" / "2023-q2.json").read_text(encoding="utf-8"))
    pdf = (office / "issued" / "2023-minhang" / "2023-q2.pdf").read_bytes()
    import hashlib

    from jindu import __version__

    assert record["commit"] == (office / "pinned").read_text(encoding="utf-8")
    assert (record["plan"], record["period"], record["number"], record["lang"]) == ("2023-minhang", "2023-Q2", 2, "zh")
    assert (record["as_of"], record["issued_on"], record["jindu"]) == ("2023-06-30", "2023-07-10", __version__)
    assert record["sha256"] == hashlib.sha256(pdf).hexdigest() and record["bytes"] == len(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert record["pages"] == len(reader.pages)
    assert reader.metadata.title.startswith("重点工作进展简报 第2期 · 2023年第二季度")
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert "2023年7月10日印发" in text and "草稿" not in text
    assert record["commit"][:7] in text  # the data version an issued bulletin names


def test_later_commits_never_change_an_issued_bulletin(office, tmp_path):
    cache = tmp_path / "cache"
    for attempt in ("cold cache", "warm cache", "cache deleted"):
        if attempt == "cache deleted":
            shutil.rmtree(cache)
        result = build(office, cache)
        assert result.ok, result.diagnostics.items
        for period in ("2023-q1", "2023-q2"):
            published = result.outputs.get(f"plans/2023-minhang/bulletins/{period}.pdf").content
            assert published == (office / "issued" / "2023-minhang" / f"{period}.pdf").read_bytes(), attempt
        # the build prints only the draft of the running quarter, never an issued one
        assert [b.issue.path for b in result.bulletins] == ["plans/2023-minhang/bulletins/2023-q3-draft.pdf"]
        printed = result.press_stats.printed_paths
        assert printed == ([] if attempt == "warm cache" else ["plans/2023-minhang/bulletins/2023-q3-draft.pdf"])
    draft = PdfReader(io.BytesIO(result.outputs.get("plans/2023-minhang/bulletins/2023-q3-draft.pdf").content))
    for page in draft.pages:  # the draft says so on every page
        assert "草稿" in page.extract_text().replace(" ", ""), "a draft page without its mark"
    assert "闵行区2023年重点工作（修订）" in "".join(p.extract_text() for p in draft.pages).replace(" ", "")
    issued = PdfReader(io.BytesIO(result.outputs.get("plans/2023-minhang/bulletins/2023-q2.pdf").content))
    issued_text = "".join(p.extract_text() for p in issued.pages).replace(" ", "")
    assert "2023年闵行区卫生健康重点工作推进计划表" in issued_text  # the plan as it was at the pin
    assert "修订" not in issued_text
    # the list of bulletins names number, period, data date, status, commit and size
    page = result.outputs.get("plans/2023-minhang/index.md").content.decode("utf-8")
    pinned = (office / "pinned").read_text(encoding="utf-8")[:7]
    assert f"<td>已印发</td><td><code>{pinned}</code></td>" in page
    assert "<strong>草稿</strong>" in page


def test_a_site_as_of_an_earlier_date_publishes_only_what_existed(office, tmp_path):
    result = build(office, tmp_path / "cache", as_of=dt.date(2023, 5, 1), bulletins=False)
    paths = [o.path for o in result.outputs if o.kind == "bulletin"]
    assert paths == ["plans/2023-minhang/bulletins/2023-q1.pdf"]


def test_the_pin_reproduces_the_same_bytes(office):
    run = jindu(office, "bulletin", "reproduce", "issued/2023-minhang/2023-q2.json")
    assert run.returncode == 0, run.stderr
    assert run.stdout == "jindu bulletin reproduce: 2023-q2.pdf reproduced byte for byte\n"


def test_an_issued_bulletin_is_never_replaced_and_a_correction_is_a_new_issue(office, tmp_path):
    repo = tmp_path / "copy"
    shutil.copytree(office, repo)
    again = jindu(repo, "bulletin", "issue", "2023-minhang", "--period", "2023-Q2", "--date", "2023-07-20")
    assert again.returncode == 1
    assert again.stderr == (
        "jindu bulletin issue: 2023-minhang 2023-Q2 is issued already; an issued bulletin never changes: "
        "issue a correction (--correction) if it must be corrected\n"
    )
    nothing = jindu(repo, "bulletin", "issue", "2023-minhang", "--period", "2023-Q3", "--date", "2023-08-01")
    assert nothing.returncode == 1
    assert "2023-Q3 ends on 2023-09-30, after the date of issue 2023-08-01" in nothing.stderr
    fixed = jindu(
        repo, "bulletin", "issue", "2023-minhang", "--period", "2023-Q2", "--date", "2023-07-20", "--correction"
    )
    assert fixed.returncode == 0, fixed.stderr
    record = json.loads((repo / "issued" / "2023-minhang" / "2023-q2-c1.json").read_text(encoding="utf-8"))
    assert (record["number"], record["correction"]) == (2, 1)
    title = PdfReader(repo / "issued" / "2023-minhang" / "2023-q2-c1.pdf").metadata.title
    assert title.startswith("重点工作进展简报 第2期（更正） · ")
    # A site as of a day lists what had been issued by then: the correction from 20 July on.
    before = build(repo, tmp_path / "cache", bulletins=False)
    assert "第2期（更正）" not in before.outputs.get("bulletins.md").content.decode("utf-8")
    result = build(repo, tmp_path / "cache", bulletins=False, as_of=dt.date(2023, 7, 20))
    assert "第2期（更正）" in result.outputs.get("bulletins.md").content.decode("utf-8")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            "edit",
            (
                "issued/2023-minhang/2023-q1.pdf: error[E-ISSUED]: this issued bulletin no longer matches its "
                "record (SHA-256 or size differ): an issued document never changes"
            ),
        ),
        ("orphan", "issued/2023-minhang/2023-q9.pdf: error[E-ISSUED]: an issued bulletin without its record"),
        (
            "link",
            (
                "issued/2023-minhang/2023-h1.json: error[E-ISSUED]: a symbolic link in the archive; jindu never "
                "follows links there"
            ),
        ),
        ("record", "issued/2023-minhang/2023-q1.json: error[E-ISSUED]: this issue record cannot be read: not JSON"),
        (
            "forged",
            (
                "issued/2023-minhang/2023-q1.json: error[E-ISSUED]: this issue record cannot be read: the field "
                "'commit' is missing or malformed"
            ),
        ),
        (
            "date",
            (
                "issued/2023-minhang/2023-q1.json: error[E-ISSUED]: this issue record cannot be read: a date in "
                "it does not exist"
            ),
        ),
    ],
)
def test_a_damaged_archive_stops_the_build_with_the_file_named(office, tmp_path, damage, expected):
    repo = tmp_path / "copy"
    shutil.copytree(office, repo)
    folder = repo / "issued" / "2023-minhang"
    if damage == "edit":
        pdf = folder / "2023-q1.pdf"
        pdf.write_bytes(pdf.read_bytes().replace(b"%%EOF", b"%%EOF\n%", 1))
    elif damage == "orphan":
        (folder / "2023-q9.pdf").write_bytes(b"%PDF-1.7\n")
    elif damage == "link":
        (folder / "2023-h1.json").symlink_to("/etc/passwd")
        (folder / "2023-h1.pdf").symlink_to("/etc/passwd")
    elif damage in ("forged", "date"):  # text in a record reaches CI logs and pages: it is checked, never quoted
        record = json.loads((folder / "2023-q1.json").read_text(encoding="utf-8"))
        if damage == "forged":
            record["commit"] = "\x1b[31m<script>alert(1)</script>"
        else:
            record["as_of"] = "2023-02-30"
        (folder / "2023-q1.json").write_text(json.dumps(record), encoding="utf-8")
    else:
        (folder / "2023-q1.json").write_text("{not json", encoding="utf-8")
    run = jindu(repo, "render", "--out", str(tmp_path / "pages"), "--as-of", "2023-07-15", "--no-bulletins")
    assert run.returncode == 1
    assert expected in run.stderr
    assert "root:x:0:0" not in run.stderr + run.stdout
    assert "<script>" not in run.stderr + run.stdout and "\x1b" not in run.stderr + run.stdout
    assert not (tmp_path / "pages").exists()  # nothing half-built


@pytest.mark.parametrize(
    ("options", "configured", "command", "drafts"),
    [
        ({}, {}, "build", True),
        ({}, {}, "serve", False),  # a preview prints nothing unless asked
        ({"serve_bulletins": True}, {}, "serve", True),
        ({"lang": "en"}, {}, "build", False),  # English PDFs are opt-in
        ({"lang": "en"}, {"english": True}, "build", True),
        ({}, {"drafts": False}, "build", False),
    ],
)
def test_which_builds_print_drafts(options, configured, command, drafts, tmp_path):
    from jindu.configuration import BulletinSection, Configuration, Project
    from jindu.plugin import JinduPlugin

    plugin = JinduPlugin()
    errors, _ = plugin.load_config(options)
    assert errors == []
    plugin.on_startup(command=command, dirty=False)
    project = Project(tmp_path, Configuration(bulletins=BulletinSection(**configured)))
    assert plugin._drafts(project) is drafts


def test_the_seed_archive_reproduces_with_this_version():
    """The committed seed bulletins were printed by this jindu version from a commit on main:
    printing one again gives the same bytes. A change to what bulletins print must bump the
    version (a new version may print the same data differently; the archive keeps the file)."""
    from jindu import __version__

    record_path = ROOT / "issued" / "2023-minhang" / "2023-q2.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    if record["jindu"] != __version__:
        pytest.skip(f"printed by jindu {record['jindu']}, this is {__version__}")
    known = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", record["commit"]], capture_output=True)
    if known.returncode != 0:
        pytest.skip("the pinned commit is not in this clone (a shallow clone)")
    run = jindu(ROOT, "bulletin", "reproduce", str(record_path.relative_to(ROOT)))
    assert run.returncode == 0, run.stderr


def test_sample_figures_are_never_issued_as_official_by_accident(tmp_path):
    """Qingpu's 2023 Q2 figures come from a report marked `sample: true`: `issue` refuses them
    unless --sample is given, and then the record says sample and every page says 示例数据."""
    repo = tmp_path / "office"
    shutil.copytree(ROOT / "plans" / "qingpu", repo / "plans" / "qingpu")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plans and a sample report", date="2023-07-12")
    refused = jindu(repo, "bulletin", "issue", "2023-qingpu", "--period", "2023-Q2", "--date", "2023-07-13")
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        "jindu bulletin issue: the figures of 2023-qingpu as of 2023-06-30 include sample reports (示例数据, files "
        "marked `sample: true`) for "
    )
    assert refused.stderr.endswith(
        "task(s); an issued bulletin is an official record: remove those reports and commit, or issue a bulletin "
        "marked 示例数据 on every page with --sample\n"
    )
    assert not (repo / "issued").exists()
    marked = jindu(repo, "bulletin", "issue", "2023-qingpu", "--period", "2023-Q2", "--date", "2023-07-13", "--sample")
    assert marked.returncode == 0, marked.stderr
    record = json.loads((repo / "issued" / "2023-qingpu" / "2023-q2.json").read_text(encoding="utf-8"))
    assert record["sample"] is True
    pages = PdfReader(io.BytesIO((repo / "issued" / "2023-qingpu" / "2023-q2.pdf").read_bytes())).pages
    assert all("示例数据" in page.extract_text() for page in pages)
    again = jindu(repo, "bulletin", "reproduce", "issued/2023-qingpu/2023-q2.json")
    assert again.returncode == 0, again.stderr


def test_an_issued_pair_deleted_or_changed_in_a_later_commit_fails_check(tmp_path):
    """Issued means permanent: `jindu check` (the pull request step) and the build hold the
    archive to git history, so a deletion committed with its record still fails."""
    repo = tmp_path / "office"
    shutil.copytree(ROOT / "plans" / "minhang", repo / "plans" / "minhang")
    (repo / "issued" / "2023-minhang").mkdir(parents=True)
    for name in ("2023-q1.pdf", "2023-q1.json", "2023-q2.pdf", "2023-q2.json"):
        shutil.copy(ROOT / "issued" / "2023-minhang" / name, repo / "issued" / "2023-minhang" / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan and two issues", date="2023-07-10")
    first = git(repo, "rev-parse", "--short", "HEAD").strip()
    assert jindu(repo, "check", "--strict").returncode == 0
    git(repo, "rm", "-q", "issued/2023-minhang/2023-q1.pdf", "issued/2023-minhang/2023-q1.json")
    git(repo, "commit", "-q", "-m", "tidy up", date="2023-07-20")
    checked = jindu(repo, "check", "--strict")
    assert checked.returncode == 1
    for name in ("2023-q1.json", "2023-q1.pdf"):
        assert (
            f"issued/2023-minhang/{name}: error[E-ISSUED]: issued in commit {first} (2023-07-10) and deleted since; "
            "an issued bulletin and its record are permanent\n"
            f"  hint: restore it: git checkout {first} -- issued/2023-minhang/{name}; to correct an issue, issue a "
            "correction beside it (jindu bulletin issue … --correction)\n"
        ) in checked.stdout
    assert checked.stdout.endswith("checked 2 files: 2 errors, 0 warnings\n")
    git(repo, "checkout", "-q", first, "--", "issued/2023-minhang/2023-q1.pdf", "issued/2023-minhang/2023-q1.json")
    record = repo / "issued" / "2023-minhang" / "2023-q2.json"
    record.write_text(record.read_text(encoding="utf-8").replace('"base_url": ""', '"base_url": "x"'), encoding="utf-8")
    changed = jindu(repo, "check")
    assert changed.returncode == 1
    assert (
        f"issued/2023-minhang/2023-q2.json: error[E-ISSUED]: changed since it was issued in commit {first} "
        "(2023-07-10); an issued bulletin and its record never change\n"
    ) in changed.stdout


def test_a_check_added_after_an_issue_never_makes_it_unreproducible(tmp_path):
    """An issue's record pins a commit whose plans passed the checks of their day; a rule added
    since (here: E-QUALIFIER, a direction written against 以下) must not stop its reprint."""
    repo = tmp_path / "office"
    shutil.copytree(ROOT / "plans" / "minhang", repo / "plans" / "minhang")
    plan = repo / "plans" / "minhang" / "2023-key-work.yaml"
    text = plan.read_text(encoding="utf-8")
    first_task = text.index("        milestones:\n")
    plan.write_text(
        text[:first_task]
        + "        indicators:\n          - {id: infection, name: 院内感染率, unit: '%', qualifier: at_most, "
        + "direction: increase, targets: {2023: 0.5}}\n"
        + text[first_task:],
        encoding="utf-8",
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan, as checked in its day", date="2023-03-01")
    sha = git(repo, "rev-parse", "HEAD").strip()
    assert jindu(repo, "check").returncode == 1  # today's check refuses the pinned plan
    refused = jindu(repo, "bulletin", "issue", "2023-minhang", "--period", "2023-Q1", "--date", "2023-04-10")
    assert refused.returncode == 1 and "have errors; fix them and commit first" in refused.stderr
    # The record the issue of its day wrote (its PDF comes from the reprint itself).
    folder = repo / "issued" / "2023-minhang"
    folder.mkdir(parents=True)
    record = {
        "plan": "2023-minhang", "period": "2023-Q1", "number": 1, "lang": "zh", "as_of": "2023-03-31",
        "issued_on": "2023-04-10", "commit": sha, "jindu": __import__("jindu").__version__, "sha256": "0" * 64,
        "bytes": 1, "pages": 1, "correction": 0, "base_url": "", "pdf_variant": "", "sample": False, "version": 1,
    }  # fmt: skip
    (folder / "2023-q1.json").write_text(json.dumps(record), encoding="utf-8")
    first = jindu(repo, "bulletin", "reproduce", "issued/2023-minhang/2023-q1.json", "-o", str(tmp_path / "x.pdf"))
    assert first.returncode == 1 and "the reprint differs" in first.stderr  # printed, and compared
    pdf = (tmp_path / "x.pdf").read_bytes()
    record.update(sha256=__import__("hashlib").sha256(pdf).hexdigest(), bytes=len(pdf))
    (folder / "2023-q1.json").write_text(json.dumps(record), encoding="utf-8")
    again = jindu(repo, "bulletin", "reproduce", "issued/2023-minhang/2023-q1.json")
    assert again.returncode == 0 and "reproduced byte for byte" in again.stdout, again.stderr


def test_a_withdrawn_issue_leaves_a_permanent_record_and_may_be_issued_again(tmp_path):
    repo = tmp_path / "office"
    shutil.copytree(ROOT / "plans" / "minhang", repo / "plans" / "minhang")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "plan", date="2023-03-01")
    issue = ["bulletin", "issue", "2023-minhang", "--period", "2023-Q1", "--date", "2023-04-10"]
    assert jindu(repo, *issue).returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "issue Q1", date="2023-04-10")
    folder = repo / "issued" / "2023-minhang"
    first = json.loads((folder / "2023-q1.json").read_text(encoding="utf-8"))
    refused = jindu(repo, "bulletin", "withdraw", "2023-minhang", "--period", "2023-Q1", "--reason", " ")
    assert (
        refused.returncode == 1 and refused.stderr == "jindu bulletin withdraw: a withdrawal says why: give --reason\n"
    )
    withdrawn = jindu(
        repo,
        "bulletin",
        "withdraw",
        "2023-minhang",
        "--period",
        "2023-Q1",
        "--reason",
        "数据口径有误",
        "--date",
        "2023-04-20",
    )
    assert withdrawn.returncode == 0, withdrawn.stderr
    record = json.loads((folder / "2023-q1.withdrawn.json").read_text(encoding="utf-8"))
    assert (record["sha256"], record["reason"], record["withdrawn_on"]) == (
        first["sha256"],
        "数据口径有误",
        "2023-04-20",
    )
    assert not (folder / "2023-q1.pdf").exists() and not (folder / "2023-q1.json").exists()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "withdraw Q1", date="2023-04-20")
    assert jindu(repo, "check", "--strict").returncode == 0  # withdrawn: its removal is no error
    assert jindu(repo, *issue[:-1], "2023-04-21").returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "issue Q1 again", date="2023-04-21")
    assert jindu(repo, "check", "--strict").returncode == 0
    (folder / "2023-q1.pdf").write_bytes((folder / "2023-q1.pdf").read_bytes() + b"%")
    changed = jindu(repo, "check")
    assert (
        changed.returncode == 1 and "issued/2023-minhang/2023-q1.pdf: error[E-ISSUED]: changed since" in changed.stdout
    )
    forged = folder / "2023-q2.withdrawn.json"  # a record that is no withdrawal lets nothing leave
    forged.write_text('{"plan": "2023-minhang", "<script>": 1}', encoding="utf-8")
    refused_forgery = jindu(repo, "check")
    assert (
        refused_forgery.returncode == 1
        and ("issued/2023-minhang/2023-q2.withdrawn.json: error[E-ISSUED]: this withdrawal record cannot be read")
        in refused_forgery.stdout
    )
    assert "<script>" not in refused_forgery.stdout
    forged.unlink()
    (folder / "2023-q1.withdrawn.json").unlink()  # the withdrawal record itself is permanent
    gone = jindu(repo, "check")
    assert "issued/2023-minhang/2023-q1.withdrawn.json: error[E-ISSUED]: issued in commit" in gone.stdout
