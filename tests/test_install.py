"""What an install holds: the light core checks plans without the site packages (the pre-commit
hook installs only the core), a site command in a light install says what to add, and
requirements.lock pins every dependency with hashes (`make` installs from it)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from jindu.cli import SITE_PACKAGES

ROOT = Path(__file__).resolve().parents[1]

# Runs jindu's CLI as a light install would: importing any site package fails.
LIGHT = """
import sys
from importlib.abc import MetaPathFinder
blocked = set(sys.argv.pop(1).split(","))
class Light(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Light())
from jindu.cli import main
main()
"""


def light(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", LIGHT, ",".join(sorted(SITE_PACKAGES)), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


def test_check_runs_without_the_site_packages():
    done = light("check", "--strict", "plans")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_a_site_command_in_a_light_install_says_what_to_add(tmp_path):
    done = light("render", "--out", str(tmp_path / "out"), "--as-of", "2023-07-15", "plans")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert re.fullmatch(
        r"Error: this command builds the site, charts or bulletins and needs the site packages "
        r"\((\w+)[\w.]* is not installed\): pip install 'jindu\[site\]'\n",
        done.stderr,
    ), done.stderr


def requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!\[ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_the_core_dependencies_leave_out_the_site_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = requirement_names(project["dependencies"])
    site = requirement_names(project["optional-dependencies"]["site"])
    assert core == {"pyyaml", "pydantic", "click", "xlsxwriter", "openpyxl"}
    assert {"mkdocs", "matplotlib", "weasyprint", "pagefind", "jieba"} <= site


def test_the_lock_pins_every_dependency_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = requirement_names(project["dependencies"])
    for extra in ("site", "test"):
        wanted |= requirement_names(project["optional-dependencies"][extra])
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+) \\$", text, flags=re.MULTILINE))
    assert wanted <= set(pins), sorted(wanted - set(pins))
    for name in pins:
        assert re.search(rf"^{re.escape(name)}==\S+ \\\n    --hash=sha256:[0-9a-f]{{64}}", text, re.MULTILINE), name
    assert "--index-url" not in text and "--find-links" not in text and "file://" not in text
