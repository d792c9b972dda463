"""The outputs of a build: kept by path, their bytes in an unnamed temporary file (the spool),
read back whole; nothing left behind."""

from __future__ import annotations

import os
import threading

import pytest

from jindu.outputs import DuplicateOutput, Outputs, Spool


def test_outputs_read_back_what_was_added(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR is read once per process
    outputs = Outputs()
    big = os.urandom(3 * 2**20)  # more than one read of a pipe or a short pread returns
    outputs.add("plans/p/index.md", "# 标题\n", "page")
    outputs.add("data/p.xlsx", big, "data")
    outputs.add("assets/empty.css", b"", "asset")
    assert [o.path for o in outputs] == ["plans/p/index.md", "data/p.xlsx", "assets/empty.css"]
    assert outputs.get("plans/p/index.md").text == "# 标题\n"
    assert outputs.get("data/p.xlsx").content == big
    assert outputs.get("data/p.xlsx").size == len(big)
    assert outputs.get("assets/empty.css").content == b""
    assert os.listdir(tmp_path) == []  # the spool has no name
    outputs.release(keep=("data",))
    assert outputs.paths() == ["data/p.xlsx"]
    assert outputs.get("data/p.xlsx").content == big
    outputs.close()
    assert len(outputs) == 0


def test_outputs_refuse_a_second_file_at_one_path_and_paths_outside():
    outputs = Outputs()
    outputs.add("a.md", "x", "page")
    with pytest.raises(DuplicateOutput) as twice:
        outputs.add("a.md", "y", "data")
    assert str(twice.value) == "two outputs for 'a.md' (page and data)"
    with pytest.raises(ValueError) as refused:
        outputs.add("../a.md", "y", "page")
    assert str(refused.value) == "output path must stay inside the site: '../a.md'"
    assert outputs.get("a.md").text == "x"


def test_outputs_in_memory_match_the_spooled():
    held, spooled = Outputs(spool=False), Outputs()
    for n in range(50):
        for outputs in (held, spooled):
            outputs.add(f"p{n}.md", f"第{n}页" * n, "page")
    assert [(o.path, o.kind, o.content) for o in held] == [(o.path, o.kind, o.content) for o in spooled]


def test_spool_keeps_what_threads_put_at_once():
    spool = Spool()
    found: dict[int, tuple[int, bytes]] = {}

    def put(n: int) -> None:
        data = bytes([n]) * (1000 + n * 37)
        found[n] = (spool.put(data), data)

    threads = [threading.Thread(target=put, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert spool.size == sum(len(data) for _, data in found.values())
    for at, data in found.values():
        assert spool.read(at, len(data)) == data
    spool.close()


def test_a_dropped_spool_closes_its_file_without_a_warning(monkeypatch):
    """A live preview drops one build's outputs per save: the spool's file is closed then, not
    left to the collector (which warns, ResourceWarning, from inside a finalizer)."""
    import gc
    import sys
    import warnings

    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", lambda found: unraisable.append(found.exc_value))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        outputs = Outputs()
        outputs.add("a.md", "x", "page")
        fd = outputs._spool._file.fileno()
        del outputs
        gc.collect()
    assert unraisable == []
    with pytest.raises(OSError):
        os.fstat(fd)  # closed
