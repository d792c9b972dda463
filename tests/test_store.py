"""The store every cache is kept in, and `jindu cache info`, which reports what the caches hold."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import AS_OF
from jindu.store import Store, survey

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
