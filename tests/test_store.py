"""The store every cache is kept in, and `jindu cache info`, which reports what the caches hold."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import AS_OF, new_office
from jindu.history.snapshot import BlobStore
from jindu.store import BUILDS, LOCK, REMEMBERED, SLACK, Pruned, Store, build_starts, note_build, prune, share, survey

ROOT = Path(__file__).resolve().parents[1]
KEY = "ab" + "0" * 62


def test_files_of_a_key_come_back_and_a_missing_one_is_a_miss(tmp_path):
    store = Store(tmp_path / "store")
    assert store.get(KEY, ["svg"]) is None
    store.put(KEY, {"svg": b"<svg/>", "png": b"\x89PNG"})
    assert store.get(KEY, ["svg", "png"]) == {"svg": b"<svg/>", "png": b"\x89PNG"}
    assert store.get(KEY, ["svg", "pdf"]) is None  # one missing: the whole entry is a miss
    assert (tmp_path / "store" / "ab" / f"{KEY}.svg").read_bytes() == b"<svg/>"
    made = []
    assert store.get_or_make(KEY, "svg", lambda: made.append(1) or b"x") == (b"<svg/>", True)
    assert store.get_or_make("cd" + KEY[2:], "svg", lambda: made.append(1) or b"x") == (b"x", False)
    assert made == [1]
    assert not list((tmp_path / "store").rglob(".tmp-*"))


def test_no_folder_keeps_nothing_and_a_read_only_one_costs_only_speed(tmp_path):
    assert Store(None).get_or_make(KEY, "svg", lambda: b"x") == (b"x", False)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root writes anyway: nothing to prove here
            return
        Store(folder).put(KEY, {"svg": b"x"})
        assert Store(folder).get(KEY, ["svg"]) is None
    finally:
        folder.chmod(0o700)


def test_survey_counts_files_by_kind_and_follows_no_link(tmp_path):
    store = Store(tmp_path / "s")
    store.put(KEY, {"svg": b"12345", "svg.html": b"123"})
    store.put("cd" + KEY[2:], {"svg": b"1"})
    (tmp_path / "s" / "records-zh.json").write_text("{}", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / ("ef" + KEY[2:] + ".svg")).write_bytes(b"x" * 1000)
    (tmp_path / "s" / "link").symlink_to(outside, target_is_directory=True)
    found = survey(tmp_path / "s")
    assert found.to_json() == {
        "folder": str(tmp_path / "s"),
        "files": 4,
        "bytes": 11,
        "kinds": {
            "json": {"files": 1, "bytes": 2},
            "svg": {"files": 2, "bytes": 6},
            "svg.html": {"files": 1, "bytes": 3},
        },
    }
    assert survey(tmp_path / "missing").files == 0


def test_cache_info_reports_what_a_build_kept(tmp_path):
    caches = {name: tmp_path / name for name in ("charts", "bulletins", "pages", "search", "history")}
    variables = {"charts": "CHART", "bulletins": "BULLETIN", "pages": "PAGE", "search": "SEARCH", "history": "HISTORY"}
    env = dict(os.environ, **{f"JINDU_{variables[name]}_CACHE": str(path) for name, path in caches.items()})
    run = subprocess.run(
        [sys.executable, "-m", "jindu", "render", "--out", str(tmp_path / "tree"), "--as-of", AS_OF],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    info = subprocess.run(
        [sys.executable, "-m", "jindu", "cache", "info", "--json"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert info.returncode == 0, info.stderr
    report = json.loads(info.stdout)
    assert set(report) == {*caches, "tree"}
    # the engine's tree, kept beside the pages cache by `jindu site` (render writes none)
    assert report["tree"] == {"folder": str(tmp_path / "pages-tree"), "files": 0, "bytes": 0, "kinds": {}}
    assert report["charts"]["folder"] == str(caches["charts"])
    assert {"svg", "png", "strips.json", "xlsx", "ics", "vevent"} <= set(report["charts"]["kinds"])
    assert set(report["bulletins"]["kinds"]) == {"pdf", "json"}
    # render converts no page (no MkDocs records): the pages cache holds the rendered Markdown by page key
    assert report["history"]["files"] > 0 and set(report["pages"]["kinds"]) == {"md"}
    text = subprocess.run(
        [sys.executable, "-m", "jindu", "cache", "info"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    lines = text.stdout.splitlines()
    assert [line.split()[0] for line in lines if not line.startswith(" ")] == [*caches, "tree", "total"]
    assert lines[0].startswith("charts ") and lines[0].endswith(str(caches["charts"]))


def aged(path: Path, when: float) -> Path:
    os.utime(path, (when, when))
    return path


def test_prune_removes_the_entries_the_last_builds_did_not_use_and_nothing_else(tmp_path):
    folder = tmp_path / "store"
    store = Store(folder)
    used, unused, alone = KEY, "ab" + "1" * 62, "cd" + "2" * 62
    store.put(used, {"svg": b"used", "png": b"u"})
    store.put(unused, {"svg": b"unused"})
    store.put(alone, {"pdf": b"old draft"})
    for build in (1000.0, 2000.0, 3000.0):
        note_build(folder, build)
    assert build_starts(folder) == [1000.0, 2000.0, 3000.0]
    aged(folder / "ab" / f"{used}.svg", 2500)  # read by the build of 2000
    aged(folder / "ab" / f"{used}.png", 2000 - SLACK)  # restored from an archive that rounds times down
    aged(folder / "ab" / f"{unused}.svg", 1500)
    aged(folder / "cd" / f"{alone}.pdf", 1500)
    (folder / "ab" / ".tmp-interrupted").write_bytes(b"half")
    aged(folder / "ab" / ".tmp-interrupted", 100)  # a write a killed build left behind
    # Not the store's: a file of another name, another folder, a link; all old, all kept.
    (folder / "ab" / "notes.txt").write_text("mine", encoding="utf-8")
    aged(folder / "ab" / "notes.txt", 100)
    (folder / "zz").mkdir()
    (folder / "zz" / f"{unused}.svg").write_bytes(b"elsewhere")
    aged(folder / "zz" / f"{unused}.svg", 100)
    outside = tmp_path / "outside.svg"
    outside.write_bytes(b"not ours")
    aged(outside, 100)
    (folder / "ef").mkdir()
    (folder / "ef" / ("ef" + KEY[2:] + ".svg")).symlink_to(outside)

    assert prune(folder, 4).files == 0 and prune(folder, 4).waiting == 1  # 3 builds noted: wait for a 4th
    assert prune(folder, 0).files == 0 and prune(folder, 0).waiting == 0  # 0: never
    removed = prune(folder, 2)  # what the builds of 2000 and 3000 used
    assert (removed.files, removed.bytes, removed.waiting) == (3, len(b"unused") + len(b"old draft") + len(b"half"), 0)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()) == [
        BUILDS,
        LOCK,
        f"ab/{used}.png",
        f"ab/{used}.svg",
        "ab/notes.txt",
        f"ef/ef{KEY[2:]}.svg",
        f"zz/{unused}.svg",
    ]
    assert not (folder / "cd").exists()  # emptied, so removed
    assert outside.read_bytes() == b"not ours"
    assert store.get(used, ["svg", "png"]) == {"svg": b"used", "png": b"u"}


def test_a_hit_marks_its_entry_used_and_the_builds_note_keeps_its_latest(tmp_path):
    store = Store(tmp_path / "store")
    store.put(KEY, {"svg": b"x", "png": b"y"})
    for suffix in ("svg", "png"):
        aged(tmp_path / "store" / "ab" / f"{KEY}.{suffix}", 1000)
    before = time.time() - SLACK
    assert store.get(KEY, ["svg"]) == {"svg": b"x"}
    assert (tmp_path / "store" / "ab" / f"{KEY}.svg").stat().st_mtime >= before
    assert (tmp_path / "store" / "ab" / f"{KEY}.png").stat().st_mtime == 1000  # not read: not used
    blobs = BlobStore(tmp_path / "history")
    blob = "cd" + "3" * 38
    blobs.put(blob, None)
    aged(tmp_path / "history" / "cd" / f"{blob}.json", 1000)
    assert blobs.get(blob) is None  # a blob that is not a plan: a hit all the same
    assert (tmp_path / "history" / "cd" / f"{blob}.json").stat().st_mtime >= before

    for start in range(REMEMBERED + 3):
        note_build(tmp_path / "store", float(start))
    assert build_starts(tmp_path / "store") == [float(s) for s in range(3, REMEMBERED + 3)]
    (tmp_path / "store" / BUILDS).write_text("{not json", encoding="utf-8")
    assert build_starts(tmp_path / "store") == []  # a damaged note: no builds, nothing pruned
    assert prune(tmp_path / "store", 1).waiting == 1


def test_prune_leaves_a_folder_alone_while_another_build_holds_it(tmp_path):
    folder = tmp_path / "store"
    Store(folder).put(KEY, {"pdf": b"a draft the other build found at its start"})
    aged(folder / "ab" / f"{KEY}.pdf", 1000)
    note_build(folder, 2000.0)
    held = share(folder)  # another build, still running
    assert held is not None
    try:
        assert prune(folder, 1) == Pruned(busy=1)
        assert (folder / "ab" / f"{KEY}.pdf").exists()
    finally:
        os.close(held)
    assert prune(folder, 1) == Pruned(files=1, bytes=len(b"a draft the other build found at its start"))


def test_a_wrong_jindu_cache_keep_stops_the_command_before_it_builds(tmp_path):
    for value in ("abc", "-1", "5 builds"):
        env = dict(os.environ, JINDU_CACHE_KEEP=value)
        expected = (
            f"Error: JINDU_CACHE_KEEP: {value!r} is not a number of builds; write a whole number, 0 or more "
            "(0: never remove a cache entry)\n"
        )
        for command in (["cache", "prune"], ["site", "--out", str(tmp_path / "site"), "--as-of", AS_OF]):
            done = subprocess.run(
                [sys.executable, "-m", "jindu", *command], cwd=ROOT, env=env, capture_output=True, text=True
            )
            assert (done.returncode, done.stdout, done.stderr) == (1, "", expected)
    assert not (tmp_path / "site").exists()


@pytest.mark.site
def test_jindu_site_prunes_what_the_last_builds_did_not_use_and_keeps_what_they_did(tmp_path):
    office = new_office(tmp_path, "wr", "测试区卫生健康委员会", "2025")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JINDU_")}  # the office's own .cache/
    env.update(JINDU_AS_OF="2025-07-15", JINDU_CACHE_KEEP="1", NO_MKDOCS_2_WARNING="1")
    drafts = office / ".cache" / "jindu-bulletins"

    def build() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "jindu", "site"], cwd=office, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        time.sleep(SLACK + 0.5)  # what this build used is older than the next one's start
        return done.stdout

    first = build()
    assert "caches:" not in first  # one build noted: nothing to compare with yet
    printed = {p.name for p in drafts.rglob("*.pdf")}
    assert len(printed) == 1
    plan = office / "plans" / "wr" / "2025-wr.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("示例任务", "改过的示例任务"), encoding="utf-8")
    edited = build()
    # The first build's draft and the pages the edit changed were used by it alone: removed.
    assert re.search(
        r"^jindu site: caches: removed [1-9]\d* files \(.+\) that the last build did not use$", edited, re.M
    )
    now = {p.name for p in drafts.rglob("*.pdf")}
    assert len(now) == 1 and not now & printed
    build()  # the pages that listed the draft as printing, rendered once more
    settled = build()
    # What an unchanged build needs survived every prune: nothing is made again.
    assert settled.count(" 0 pages rendered,") == 2, settled
    assert ", 0 drawn," in settled and "0 printed" in settled, settled

    def prune_by_hand(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "jindu", "cache", "prune", *args],
            cwd=office,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert prune_by_hand() == "jindu cache prune: removed 0 files (0 B) that the last build did not use\n"
    assert prune_by_hand("--keep", "9") == (
        "jindu cache prune: removed 0 files (0 B) that the last 9 builds did not use; "
        "4 folders kept whole until 9 builds have used them\n"
    )
    assert (office / "site" / "index.html").is_file()
