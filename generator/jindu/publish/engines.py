"""Engines: the programs that turn jindu's rendered tree into themed HTML.

An engine reads a MkDocs-style configuration and a docs folder and writes a site. jindu knows
three, each run as a child process of its own Python package (the one installed beside jindu):

- **mkdocs** — MkDocs 1.6 with Material for MkDocs. The default while Material is maintained
  (its end of life: 5 May 2027).
- **properdocs** — ProperDocs, a maintained fork of MkDocs 1.x that reads the same
  configuration and runs the same theme.
- **zensical** — Zensical, the Material team's successor: it reads mkdocs.yml, ignores plugins
  it does not know, and rewrites every relative link in a page's raw HTML as if it were
  relative to the page's source file (MkDocs leaves raw HTML alone), which is why jindu writes
  each generated page as `NAME/index.md` for it (`publish/tree.py`).

The engine is chosen by `engine:` in jindu.yml or `jindu site --engine`.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from jindu.processes import child_preexec


class EngineError(RuntimeError):
    """The engine is not installed, or its build failed."""


@dataclass(frozen=True)
class Engine:
    name: str
    module: str  # the Python module run with `python -m`
    extra: str  # the pip extra of jindu that installs it

    @property
    def installed(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    def command(self, config: Path, site: Path) -> list[str]:
        """The build command for `config`, writing into `site`."""
        if self.name == "zensical":  # site_dir comes from the configuration; it must lie inside its folder
            return [sys.executable, "-m", self.module, "build", "--strict", "--config-file", str(config)]
        return [
            sys.executable,
            "-m",
            self.module,
            "build",
            "--strict",
            "--config-file",
            str(config),
            "--site-dir",
            str(site),
        ]


ENGINES = {
    "mkdocs": Engine("mkdocs", "mkdocs", "site"),
    "properdocs": Engine("properdocs", "properdocs", "properdocs"),
    "zensical": Engine("zensical", "zensical", "zensical"),
}
DEFAULT_ENGINE = "mkdocs"


def find_engine(name: str) -> Engine:
    """The engine called `name`, installed; EngineError saying how to install it otherwise."""
    engine = ENGINES.get(name)
    if engine is None:
        raise EngineError(f"unknown engine {name!r}; choose one of {', '.join(sorted(ENGINES))}")
    if not engine.installed:
        raise EngineError(
            f"the engine {name!r} is not installed; install it beside jindu with "
            f"`pip install 'jindu[{engine.extra}]'` (or choose another with `engine:` in jindu.yml)"
        )
    return engine


def run_engine(engine: Engine, config: Path, site: Path, cwd: Path, env: dict[str, str]) -> None:
    """Build the site with `engine`; its output goes to the terminal as it comes. The child
    ends with this process. EngineError when the engine fails."""
    env = dict(env, NO_MKDOCS_2_WARNING="1")
    env.setdefault("PYTHONIOENCODING", "utf-8")
    result = subprocess.run(engine.command(config, site), cwd=cwd, env=env, preexec_fn=child_preexec)
    if result.returncode != 0:
        raise EngineError(
            f"{engine.name} could not build the site (exit status {result.returncode}); see its messages above"
        )
    if not (site / "index.html").is_file():
        raise EngineError(f"{engine.name} wrote no {os.path.join(site.name, 'index.html')}")
