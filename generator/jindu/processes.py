"""Processes: child processes that end when the process that started them ends.

A build draws charts and prints bulletins in a pool of worker processes, and `jindu site`
runs MkDocs in a child. When the parent is killed (a CI job cancelled, a test runner's
timeout, Ctrl-C in the wrong place), Python runs no clean-up, and the children would go on
using both cores of a shared runner. On Linux the kernel can deliver a signal to a child
when its parent dies (`prctl(PR_SET_PDEATHSIG)`); every child jindu starts asks for that
first, so a killed build leaves nothing behind. Elsewhere these calls do nothing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """Ask the kernel to kill this process when its parent ends (Linux; elsewhere nothing).

    `parent` is the pid the caller expects as its parent: if that one is already gone (it
    died between starting us and this call), exit now rather than run orphaned."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A spawned process pool whose workers die with this process."""
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=die_with_parent, initargs=(os.getpid(),)
    )


_SHARED: dict[int, ProcessPoolExecutor] = {}


def shared_pool(workers: int) -> ProcessPoolExecutor:
    """A `worker_pool` kept for the life of this process and handed to every caller that
    asks for the same size: a build draws its bulletins' maps and its site's charts in the
    same workers, and `mkdocs serve` keeps them between rebuilds (a new worker imports
    matplotlib and loads the fonts again, a second or two). A broken pool is replaced."""
    pool = _SHARED.get(workers)
    if pool is None or getattr(pool, "_broken", False):
        pool = _SHARED[workers] = worker_pool(workers)
    return pool


def pool_running(workers: int) -> bool:
    """Whether `shared_pool(workers)` has a pool this process started and can still use."""
    pool = _SHARED.get(workers)
    return pool is not None and not getattr(pool, "_broken", False)


def child_preexec() -> None:
    """For `subprocess.Popen(preexec_fn=...)`: the child dies with this process. (It runs in the
    child between fork and exec; the setting survives the exec.)"""
    die_with_parent()
