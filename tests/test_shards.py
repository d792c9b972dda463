"""Beyond one machine: charts and drafts drawn by shard jobs (`jindu warm --shard K/N`), their
cache folders merged, and a final build that draws and prints nothing gives the same pages,
charts and PDFs as one build on one machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2023-07-15"


def jindu(*args: str, caches: Path) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        JINDU_CHART_CACHE=str(caches / "charts"),
        JINDU_BULLETIN_CACHE=str(caches / "bulletins"),
    )
    return subprocess.run([sys.executable, "-m", "jindu", *args], cwd=ROOT, capture_output=True, text=True, env=env)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_two_shards_and_a_final_build_give_the_same_site(tmp_path):
    one = jindu("render", "--out", str(tmp_path / "one"), "--as-of", AS_OF, caches=tmp_path / "single")
    assert one.returncode == 0, one.stderr
    for k in (1, 2):
        shard = jindu("warm", "--shard", f"{k}/2", "--lang", "zh", "--as-of", AS_OF, caches=tmp_path / f"shard{k}")
        assert shard.returncode == 0, shard.stderr
        assert shard.stdout.startswith(f"jindu warm: shard {k}/2, zh: "), shard.stdout
    merged = tmp_path / "merged"
    for k in (1, 2):  # what a final job does with the shard jobs' artifacts
        shutil.copytree(tmp_path / f"shard{k}", merged, dirs_exist_ok=True)
    final = jindu("render", "--out", str(tmp_path / "final"), "--as-of", AS_OF, caches=merged)
    assert final.returncode == 0, final.stderr
    assert " 0 drawn, " in final.stdout and ": 0 printed, " in final.stdout, final.stdout
    assert tree(tmp_path / "final") == tree(tmp_path / "one")
    bad = jindu("warm", "--shard", "3/2", caches=merged)
    assert bad.returncode == 2 and "'3/2' is not K/N with 1 ≤ K ≤ N, e.g. 2/4" in bad.stderr


def shards_in(office: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jindu", "shards", *args], cwd=office, capture_output=True, text=True)


def test_jindu_shards_lists_shards_only_above_the_configured_size(tmp_path):
    """What the publish workflows ask before they shard: nothing below `sharding.above`."""
    office = tmp_path / "office"
    shutil.copytree(ROOT / "plans", office / "plans")
    tasks = "tasks, not more than sharding.above (3000): no sharding"
    small = shards_in(office)
    assert (small.returncode, small.stdout) == (0, "")
    counted = small.stderr.removeprefix("jindu shards: ").split(" ", 1)
    assert int(counted[0]) > 100 and counted[1] == tasks + "\n"
    github = shards_in(office, "--format", "github")
    assert github.stdout == "shards=[]\ncount=0\n"

    (office / "jindu.yml").write_text("sharding:\n  above: 100\n  jobs: 3\n", encoding="utf-8")
    large = shards_in(office)
    assert large.stdout == "1/3\n2/3\n3/3\n"
    assert large.stderr.endswith(" tasks, more than sharding.above (100): 3 jobs\n")
    assert shards_in(office, "--jobs", "2").stdout == "1/2\n2/2\n"  # GitLab: its parallel: count
    assert shards_in(office, "--format", "github").stdout == 'shards=["1/3", "2/3", "3/3"]\ncount=3\n'

    (office / "plans" / "xinbei" / "2020-key-work.yaml").write_text("kind: plan\nid: [\n", encoding="utf-8")
    broken = shards_in(office)
    assert broken.returncode == 1 and broken.stdout == ""
    assert broken.stderr.endswith("jindu shards: the plans have errors; fix them first\n")
    assert broken.stderr.startswith("plans/xinbei/2020-key-work.yaml:3:1: error[E-YAML-SYNTAX]: ")
