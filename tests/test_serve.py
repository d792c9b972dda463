"""`mkdocs serve` as an editor uses it: a progress edit shows up, a broken plan shows its
errors in the browser (not a stale or hung page), the next good save recovers, and the
preview prints no bulletins. A real server on a free port, read over HTTP."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from jindu.processes import child_preexec

ROOT = Path(__file__).resolve().parents[1]
PATIENCE = 900  # seconds a busy 2-core machine may need for a rebuild; CI bounds the whole run


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(url: str, found, server: subprocess.Popen) -> float:
    """Seconds until the page at `url` satisfies `found(status, text)`."""
    began = time.monotonic()
    while time.monotonic() - began < PATIENCE:
        if server.poll() is not None:
            raise AssertionError(f"mkdocs serve ended: {server.stdout.read() if server.stdout else ''}")
        status, text = fetch(url)
        if found(status, text):
            return time.monotonic() - began
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed what was expected")


def stoppable() -> None:
    """In the server, before it starts: die with the test (`child_preexec`), and take Ctrl-C
    as a user's terminal gives it. A shell's background job ignores SIGINT, and so would every
    child it starts: the server would never stop (make test run with `&`)."""
    child_preexec()
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop(server: subprocess.Popen) -> None:
    """Stop `server` as a user does, with Ctrl-C: MkDocs then removes the temporary folder it
    served from (a terminated server leaves it behind, 100 MB for the 1,000-task office)."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=120)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(params=[False, True], ids=["serve", "serve --dirty"])
def served(tmp_path, request):
    project = tmp_path / "project"
    for name in ("plans", "demo", "issued"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    port = free_port()
    temp = tmp_path / "tmp"  # where MkDocs serves from: empty again once the server stops
    temp.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", "mkdocs.yml"]
        + (["--dirty"] if request.param else []),
        cwd=project,
        env=dict(os.environ, JINDU_AS_OF="2023-07-15", NO_MKDOCS_2_WARNING="1", TMPDIR=str(temp)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=stoppable,
    )
    try:
        yield project, f"http://127.0.0.1:{port}/", server
    finally:
        stop(server)


def test_serve_shows_edits_errors_and_recovers(served):
    project, base, server = served
    task = base + "plans/2023-qingpu/i01/"
    wait_for(task, lambda status, text: status == 200 and "医院试运行推迟一周" in text, server)
    # the preview prints no bulletin: the draft the site build would print does not exist
    assert fetch(base + "plans/2023-qingpu/bulletins/2023-q3-draft.pdf")[0] == 404
    assert fetch(base + "plans/2023-qingpu/bulletins/2023-q2.pdf")[0] == 200  # issued: published as is

    report = project / "plans" / "qingpu" / "progress" / "2023-q2-sample.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("推迟一周", "推迟两周"), encoding="utf-8")
    seconds = wait_for(task, lambda status, text: "医院试运行推迟两周" in text, server)
    print(f"progress edit visible after {seconds:.1f} s")
    # the data files are written after the browser reloads, and carry the edit too
    wait_for(base + "data/2023-qingpu.json", lambda status, text: status == 200 and "推迟两周" in text, server)

    plan = project / "plans" / "qingpu" / "2023-key-work.yaml"
    good = plan.read_text(encoding="utf-8")
    plan.write_text(good.replace("kind: plan", "kind: plan\nkind: plan", 1), encoding="utf-8")
    seconds = wait_for(task, lambda status, text: "计划文件有错误" in text, server)
    print(f"plan error visible after {seconds:.1f} s")
    _, text = fetch(task)
    assert "plans/qingpu/2023-key-work.yaml:" in text and "E-DUP-KEY" in text

    plan.write_text(good, encoding="utf-8")
    seconds = wait_for(task, lambda status, text: "医院试运行推迟两周" in text and "计划文件有错误" not in text, server)
    print(f"recovered after {seconds:.1f} s")
    other = base + "plans/2023-minhang/t01/"  # another plan's page, written by the first build only
    assert fetch(other)[0] == 200 and "jd-chart-slot" in fetch(base + "plans/2023-qingpu/")[1]

    server.send_signal(signal.SIGINT)
    log = server.communicate(timeout=120)[0]
    assert server.returncode == 0, log
    # nothing left behind but jieba's dictionary, which it keeps in the temporary folder on purpose
    assert sorted(p.name for p in (project.parent / "tmp").iterdir() if p.name != "jieba.cache") == []
    unchanged = [int(n) for n in re.findall(r"preview: (\d+) generated files unchanged", log)]
    if "--dirty" in server.args:
        # first build: all written; after the progress edit most files were left as written;
        # after the error pages (which log no such line), all written again
        assert len(unchanged) == 3 and unchanged[0] == 0 and unchanged[1] > 300 and unchanged[2] == 0, log
        pages = [int(n) for n in re.findall(r"search index: (\d+) pages", log)]
        assert len(set(pages)) == 1, log  # every page keeps its search record
    else:
        assert unchanged == [], log
    # the second build took every file but the edited one from the first, and its unchanged plans
    kept = re.findall(r"kept from the last save: (.*)", log)
    for part in ("digests 1 kept, 0 made", "files 7 kept, 1 made", "history 1 kept, 0 made", "indexes 4 kept, 0 made"):
        assert part in kept[1], log
