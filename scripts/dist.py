"""Build jindu's wheel and sdist reproducibly (`make dist`): the same commit gives the same bytes.

    python scripts/dist.py OUTDIR

The files git knows (tracked, and new ones it does not ignore) are copied into a temporary folder
and built there, so nothing (build/, *.egg-info) is written into the source tree; the build runs
without isolation, from the locked setuptools and wheel of the environment; SOURCE_DATE_EPOCH is
the last commit's time unless set. The wheel's entries are then dated SOURCE_DATE_EPOCH by `wheel`
itself; the sdist is rewritten with sorted entries, fixed owners, modes and dates, and a gzip
header without a time, which setuptools does not do.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def source_files() -> list[str]:
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    return sorted(name for name in listed.split("\0") if name and (ROOT / name).is_file())


def epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        return int(value)
    out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], check=True, capture_output=True)
    return int(out.stdout.strip())


def normalize_sdist(path: Path, when: int) -> None:
    """Rewrite a .tar.gz with sorted entries, root owners, fixed modes and dates, no gzip time."""
    with tarfile.open(path, "r:gz") as source:
        members = sorted(source.getmembers(), key=lambda m: m.name)
        payload = [(m, source.extractfile(m).read() if m.isfile() else None) for m in members]  # type: ignore[union-attr]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as target:
        for member, data in payload:
            member.mtime, member.uid, member.gid, member.uname, member.gname = when, 0, 0, "root", "root"
            member.mode = 0o755 if member.isdir() or member.mode & 0o111 else 0o644
            member.pax_headers = {}
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
        packed.write(buffer.getvalue())


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "dist").resolve()
    out.mkdir(parents=True, exist_ok=True)
    when = epoch()
    with tempfile.TemporaryDirectory(prefix="jindu-dist-") as work:
        for name in source_files():
            target = Path(work) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
        built = Path(work) / "out"
        subprocess.run(
            [sys.executable, "-m", "build", "--no-isolation", "--quiet", "--outdir", str(built), work],
            check=True,
            env=dict(os.environ, SOURCE_DATE_EPOCH=str(when)),
        )
        for path in sorted(built.iterdir()):
            if path.name.endswith(".tar.gz"):
                normalize_sdist(path, when)
            shutil.copy(path, out / path.name)
            print(f"dist: {out / path.name} ({path.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
