"""Revision: which commit of the plan data a build shows, read from git at the edge.

A bulletin prints the commit its numbers come from, so a reader can find the exact data.
It is the last commit that touched the plan files, not HEAD: a commit that only changes
the documentation then leaves every bulletin (and its cache entry) as it was. Uncommitted
changes to the plans add a "+" ("04d0c49+"). Outside a git repository, or where git is
missing, the revision is "" and bulletins leave the line out.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def read_revision(root: Path, plans: list[Path]) -> str:
    """The short hash of the last commit touching `plans` (paths under `root`), or ""."""
    paths = [str(p) for p in plans]

    def git(*args: str) -> str:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise OSError(result.stderr.strip())
        return result.stdout.strip()

    try:
        commit = git("log", "-1", "--format=%h", "--", *paths)
        dirty = git("status", "--porcelain", "--", *paths)
    except (OSError, subprocess.SubprocessError):
        return ""
    return f"{commit}+" if commit and dirty else commit
