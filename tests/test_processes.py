"""A killed build leaves no process behind: chart and bulletin workers, and the MkDocs child of
`jindu site`, end with the process that started them (processes.py)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status is left to collect


def descendants(pid: int) -> set[int]:
    pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p in pids if parent_of(p) in frontier} - found
        found |= frontier
    return found


@pytest.mark.site
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize(
    "command, workers",
    [
        (["render", "--no-bulletins", "--out", "{tmp}/pages"], 2),  # two chart workers
        (["site", "--out", "{tmp}/site"], 3),  # the MkDocs child and two workers
    ],
    ids=["render", "site"],
)
def test_killing_a_build_ends_its_workers(tmp_path, command, workers):
    # A cold chart cache, so the build draws charts in its worker pool.
    env = dict(os.environ, JINDU_CHART_CACHE=str(tmp_path / "cold"), JINDU_BULLETIN_CACHE=str(tmp_path / "cold-pdf"))
    args = [a.format(tmp=tmp_path) for a in command]
    build = subprocess.Popen(
        [sys.executable, "-m", "jindu", *args, "--as-of", "2023-07-15"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        children: set[int] = set()
        while build.poll() is None and len(children) < workers:
            time.sleep(0.2)
            children = {p for p in descendants(build.pid) if alive(p)}
        assert len(children) >= workers, "the build ended before it started its workers"
    finally:
        build.send_signal(signal.SIGKILL)  # no clean-up code runs in the build
        build.wait()
    # The kernel signals them at once; on a busy machine they may take a moment to go.
    for _ in range(300):
        if not any(alive(p) for p in children):
            break
        time.sleep(0.2)
    assert [p for p in children if alive(p)] == []
