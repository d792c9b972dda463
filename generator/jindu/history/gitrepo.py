"""GitRepo: the plan files as git has them, read with the `git` command at the edge.

`jindu diff`, `jindu check --base` and the change history need the plans at earlier
revisions. This module runs `git` (never a shell) and returns plain data: commits, file
bytes by path, changed paths. A missing git, a folder outside a repository, an unknown
revision or a shallow clone that lacks a commit become a `GitError` whose message says
what to do; nothing here crashes on them.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Shanghai")
# Branches tried, in order, as "the main branch" a change is compared with by default.
MAIN_BRANCHES = ("origin/main", "origin/master", "main", "master")
FIELD = "\x1f"  # unit separator between log fields: never in a hash, date or name we print


class GitError(Exception):
    """git could not answer; the message says why and what to do."""


@dataclass(frozen=True)
class Commit:
    """One commit: full and short hash, the day it was committed (Asia/Shanghai), author, subject."""

    sha: str
    short: str
    date: dt.date
    author: str
    subject: str

    def to_json(self) -> dict:
        return {
            "sha": self.sha,
            "short": self.short,
            "date": self.date.isoformat(),
            "author": self.author,
            "subject": self.subject,
        }


class GitRepo:
    """A git working tree, found from a folder inside it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def find(cls, start: Path) -> GitRepo:
        """The repository holding `start`; GitError when there is none or git is missing."""
        folder = start if start.is_dir() else start.parent
        try:
            out = _run(["git", "-C", str(folder), "rev-parse", "--show-toplevel"])
        except GitError as error:
            raise GitError(f"{folder} is not in a git repository ({error})") from None
        return cls(Path(out.decode().strip()))

    def git(self, *args: str, stdin: bytes | None = None) -> bytes:
        return _run(["git", "-C", str(self.root), *args], stdin)

    # ------------------------------------------------------------------ revisions

    def resolve(self, revision: str) -> str:
        """The full hash of a commit named by any revision (branch, tag, hash, HEAD~2)."""
        if revision.startswith("-"):
            raise GitError(f"{revision!r} is not a revision")
        try:
            return (
                self.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
                .decode()
                .strip()
            )
        except GitError:
            hint = ""
            if self.is_shallow():
                hint = (
                    " This is a shallow clone, which may lack it: fetch the history "
                    "(git fetch --unshallow, or actions/checkout with fetch-depth: 0)."
                )
            raise GitError(f"no commit {revision!r} in {self.root}.{hint}") from None

    def is_shallow(self) -> bool:
        try:
            return self.git("rev-parse", "--is-shallow-repository").strip() == b"true"
        except GitError:
            return False

    def shallow_roots(self) -> set[str]:
        """The commits a shallow clone was cut at (their parents are missing)."""
        try:
            path = Path(self.git("rev-parse", "--git-path", "shallow").decode().strip())
        except GitError:
            return set()
        path = path if path.is_absolute() else self.root / path
        return set(path.read_text().split()) if path.exists() else set()

    def main_base(self, head: str = "HEAD") -> str:
        """The merge base of `head` with the main branch: what a pull request changes from."""
        for branch in MAIN_BRANCHES:
            try:
                main = self.resolve(branch)
            except GitError:
                continue
            try:
                return self.git("merge-base", main, self.resolve(head)).decode().strip()
            except GitError:
                shallow = " (a shallow clone: fetch more history)" if self.is_shallow() else ""
                raise GitError(f"{branch} and {head} have no common commit{shallow}; name the base revision") from None
        raise GitError("found no main branch (" + ", ".join(MAIN_BRANCHES) + "); name the base revision")

    def commit(self, revision: str) -> Commit:
        out = self.git("log", "-1", f"--format={_LOG_FORMAT}", self.resolve(revision), "--")
        return _parse_commit(out.decode().strip("\n"))

    def log(self, paths: list[str], head: str = "HEAD") -> list[Commit]:
        """Commits on the first-parent line of `head` touching `paths`, oldest first.

        First parent only: on a main branch that merges pull requests, each entry is one
        state of main, so consecutive entries compare cleanly (a side branch's commits
        would interleave with main's and show changes undone and redone)."""
        try:
            sha = self.resolve(head)
        except GitError:
            if head != "HEAD":
                raise
            return []  # a repository with no commit yet
        out = self.git("log", "--first-parent", "--reverse", f"--format={_LOG_FORMAT}", sha, "--", *paths)
        return [_parse_commit(line) for line in out.decode().splitlines() if line]

    # ------------------------------------------------------------------ contents

    def files_at(self, revision: str, paths: list[str]) -> dict[str, bytes]:
        """The bytes of every file under `paths` (relative to the root) at `revision`."""
        return self.read_blobs(self.blob_ids(revision, paths))

    def blob_ids(self, revision: str, paths: list[str]) -> dict[str, str]:
        """Path → blob hash of every file under `paths` at `revision`."""
        sha = self.resolve(revision)
        out = self.git("ls-tree", "-r", "-z", "--full-tree", sha, "--", *paths)
        result = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode, kind, blob = meta.decode().split()
            if kind == "blob" and mode != "120000":  # symlinks are not followed
                result[name.decode("utf-8", "surrogateescape")] = blob
        return result

    def read_blobs(self, ids: dict[str, str]) -> dict[str, bytes]:
        """Path → bytes for blob hashes, read with one `git cat-file --batch`."""
        if not ids:
            return {}
        order = list(ids.items())
        out = self.git("cat-file", "--batch", stdin="".join(f"{blob}\n" for _, blob in order).encode())
        result, at = {}, 0
        for path, _ in order:
            header_end = out.index(b"\n", at)
            size = int(out[at:header_end].split()[2])
            result[path] = out[header_end + 1 : header_end + 1 + size]
            at = header_end + 1 + size + 1
        return result

    def file_history(self, paths: list[str]) -> dict[str, list[tuple[Commit, str, int]]]:
        """Path → (commit, status, rank) of every commit that added (A), modified (M) or deleted
        (D) it, oldest first, for every file ever under `paths`: one `git log` for them all. The
        rank orders commits across paths (0 the oldest). A shallow clone answers for the commits it has."""
        out = self.git(
            "log", "--reverse", "--no-renames", "-z", "--name-status",
            f"--format={FIELD}%H{FIELD}%h{FIELD}%ct{FIELD}%an{FIELD}%s", "--", *paths,
        ).decode("utf-8", "surrogateescape")  # fmt: skip
        found: dict[str, list[tuple[Commit, str, int]]] = {}
        commit, status, rank = None, "", -1
        # -z: "<header>\0\n<status>\0<name>\0<status>\0<name>\0<header>\0…"
        for part in out.split("\0"):
            if part.startswith(FIELD):
                _, sha, short, stamp, author, subject = part.split(FIELD, 5)
                commit = Commit(sha, short, dt.datetime.fromtimestamp(int(stamp), TIMEZONE).date(), author, subject)
                rank += 1
            elif not status and part.strip("\n"):
                status = part.strip("\n")[:1]
            elif status and commit is not None:
                found.setdefault(part, []).append((commit, status, rank))
                status = ""
        return found

    def worktree_blob_ids(self, paths: list[str]) -> dict[str, str]:
        """Path → the blob hash the working tree's file would have (git hash-object)."""
        if not paths:
            return {}
        out = self.git("hash-object", "--no-filters", "--stdin-paths", stdin="".join(p + "\n" for p in paths).encode())
        return dict(zip(paths, out.decode().split(), strict=True))

    def changed_paths(self, base: str, head: str | None) -> list[str]:
        """Paths that differ between `base` and `head` (None: the working tree, untracked files too)."""
        args = ["diff", "--name-only", "-z", "--no-renames", self.resolve(base)]
        if head is not None:
            args.append(self.resolve(head))
        names = set(self.git(*args, "--").split(b"\0"))
        if head is None:
            names |= set(self.git("ls-files", "-z", "--others", "--exclude-standard").split(b"\0"))
        return sorted(n.decode("utf-8", "surrogateescape") for n in names if n)

    def relative(self, path: Path) -> str:
        """A path as git names it: relative to the root, with forward slashes ("" for the root)."""
        rel = os.path.relpath(path.resolve(), self.root.resolve())
        if rel.startswith(".."):
            raise GitError(f"{path} is outside the repository {self.root}")
        return "" if rel == "." else Path(rel).as_posix()


_LOG_FORMAT = FIELD.join(["%H", "%h", "%cI", "%an", "%s"])


def _parse_commit(line: str) -> Commit:
    sha, short, when, author, subject = line.split(FIELD, 4)
    day = dt.datetime.fromisoformat(when).astimezone(TIMEZONE).date()
    return Commit(sha, short, day, author, subject)


def _run(command: list[str], stdin: bytes | None = None) -> bytes:
    env = dict(os.environ, LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    try:
        result = subprocess.run(command, input=stdin, capture_output=True, timeout=120, env=env)
    except FileNotFoundError:
        raise GitError("git is not installed (apt-get install git)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"{' '.join(command[:4])} took longer than 120 s") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git exited with {result.returncode}")
    return result.stdout
