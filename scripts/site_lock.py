"""Write requirements-site.lock: the part of requirements.lock that `jindu[site]` needs at run time,
and the other engines (`jindu[properdocs]`, `jindu[zensical]`), so that an office switches engine
with one line of jindu.yml and no new install.

Run by `make lock` after pip-compile, with the project's virtual environment (which holds exactly
requirements.lock): the closure of jindu's core and `site` requirements is walked through the
installed distributions' metadata, markers evaluated for this Python, and each package's block
(version and hashes) is copied from requirements.lock. So the site lock never differs in a
version from what the test suite ran, and it is a pure function of the development lock.

    python scripts/site_lock.py [requirements.lock] [requirements-site.lock]

The same text also goes to site_templates/scaffold/requirements-site.lock, the copy the
package carries for `jindu new`.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
HEADER = """#
# What `jindu[site]` needs at run time, and the other engines (`jindu[properdocs]`,
# `jindu[zensical]`), with hashes: the part of requirements.lock that scripts/site_lock.py
# takes for the closure of jindu's core and those extras (make lock).
# Install with: pip install --require-hashes -r requirements-site.lock
#
"""


SITE_EXTRAS = ("site", "properdocs", "zensical")


def closure(extras: tuple[str, ...] = ("site",)) -> set[str]:
    """The canonical names of every distribution jindu with `extras` needs, jindu left out."""
    found: set[str] = set()
    todo = [(req, extras) for req in _requires("jindu")]
    while todo:
        text, active = todo.pop()
        req = Requirement(text)
        environments = [{"extra": extra} for extra in active] or [{"extra": ""}]
        if req.marker is not None and not any(req.marker.evaluate(env) for env in environments):
            continue
        name = canonicalize_name(req.name)
        key = name + "[" + ",".join(sorted(req.extras)) + "]"
        if key in found:
            continue
        found.add(key)
        todo.extend((sub, tuple(req.extras)) for sub in _requires(name))
    return {key.split("[")[0] for key in found}


def _requires(name: str) -> list[str]:
    try:
        return importlib.metadata.requires(name) or []
    except importlib.metadata.PackageNotFoundError:
        raise SystemExit(f"site_lock: {name} is not installed here; run `make setup` first") from None


def blocks(lock: str) -> dict[str, str]:
    """requirements.lock's package blocks (the pin and its hashes) by name. The `# via` lines are
    left out: they name development packages that the site lock does not have."""
    found: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", lock):
        head = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==", block)
        if head:
            lines = [line for line in block.splitlines() if not line.lstrip().startswith("#")]
            found[canonicalize_name(head.group(1))] = "\n".join(lines).rstrip() + "\n"
    return found


def site_lock(lock: str) -> str:
    available = blocks(lock)
    needed = closure(SITE_EXTRAS)
    missing = sorted(needed - set(available))
    if missing:
        raise SystemExit(f"site_lock: requirements.lock lacks {', '.join(missing)}; run `make lock`")
    return HEADER + "\n" + "".join(available[name] for name in sorted(needed))


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "requirements.lock"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "requirements-site.lock"
    text = site_lock(source.read_text(encoding="utf-8"))
    for path in (target, ROOT / "site_templates" / "scaffold" / "requirements-site.lock"):
        path.write_text(text, encoding="utf-8")
    print(f"site_lock: wrote {target} ({text.count('==')} packages)")


if __name__ == "__main__":
    main()
