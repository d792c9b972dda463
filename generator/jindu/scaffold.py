"""The scaffold: a new office repository, as `jindu new` writes it.

`write_office` renders the files under site_templates/scaffold/ (shipped in the package) for one
office: its site configuration (Chinese, and an English edition unless left out), the clerk-facing
help pages, CI for GitHub and GitLab that installs the pinned jindu and needs nothing else, a
pre-commit hook, .gitignore, README, the requirements file (the site lock and jindu, hashed), the
JSON Schema the plan files name for editors, and the plans: a skeleton for the year, or what an
importer made of the office's own table or text. The result passes `jindu check` and builds.

Nothing is ever overwritten: the target must not exist, or hold nothing but `.git` (a fresh clone
of an empty repository); the files are written to a staging folder beside it and moved in at the
end, so a failure leaves no half-written repository.

The scaffold's templates use [[ ]] and [% %] as delimiters, so that the GitHub workflows'
own ${{ }} expressions are left as written.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from jindu import __version__
from jindu.markup import md_text
from jindu.plans.model import ID_PATTERN
from jindu.templating import PACKAGE

SCAFFOLD = PACKAGE / "scaffold"
SITE_LOCK = "requirements-site.lock"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/jindu.schema.json\n"
ENGLISH_ONLY = ("mkdocs.en.yml", "docs/en/")


class ScaffoldError(ValueError):
    """The office repository cannot be written as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Office:
    """Who the repository is for."""

    organization: str  # the organization's id, e.g. qingpu
    name: str  # its full name, e.g. 上海市青浦区卫生健康委员会
    year: int
    name_en: str = ""
    english: bool = True  # also an English edition (mkdocs.en.yml, docs/en/)
    docs_dir: str = "docs"

    @property
    def plan_id(self) -> str:
        return f"{self.year}-{self.organization}"

    def problems(self) -> list[str]:
        found = []
        if not re.match(ID_PATTERN, self.organization) or len(self.organization) > 64:
            found.append(
                f"--organization {self.organization!r} is not an id: use lower-case letters, digits and '-', "
                "e.g. qingpu or xuhui-health"
            )
        if not self.name.strip() or _breaks(self.name):
            found.append(
                "--name must be the organization's full name on one line, without < > \" or `, "
                "e.g. 上海市青浦区卫生健康委员会"
            )
        if _breaks(self.name_en):
            found.append(
                '--name-en must be one line of text without < > " or `, e.g. Qingpu District Health Commission'
            )
        if not 1990 <= self.year <= 2100:
            found.append(f"--year {self.year} is not a plan year between 1990 and 2100")
        return found


def _breaks(text: str) -> bool:
    """Control characters, the line and paragraph separators YAML and editors break lines at, and
    the characters of markup: the name is the site's name, which the theme prints unescaped in places."""
    return any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in '<>"`' for ch in text)


def jindu_requirement() -> tuple[str, bool]:
    """The requirements line that pins this jindu, and whether it carries the wheel's hash.

    The hash is known when this jindu was installed from a release file (pip records it in
    direct_url.json); installed from an index or from source, the line pins the version alone
    and pip's hash-checking mode names the hash to add."""
    line = f"jindu[site]=={__version__}"
    try:
        text = importlib.metadata.distribution("jindu").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        text = None
    info = json.loads(text).get("archive_info", {}) if text else {}
    digest = (info.get("hashes") or {}).get("sha256") or (info.get("hash") or "").removeprefix("sha256=")
    if re.fullmatch(r"[0-9a-f]{64}", digest or ""):
        return f"{line} \\\n    --hash=sha256:{digest}\n", True
    return line + "\n", False


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SCAFFOLD)),
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML, Markdown and shell, not HTML: values go through |yaml where YAML needs it
    )
    # A YAML scalar on one line: JSON's string syntax is valid YAML, and quotes whatever needs it.
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    # Text in Markdown (help pages, README): HTML and inline syntax escaped, as plan text is.
    env.filters["md"] = md_text
    return env


def _target_name(relative: str) -> str:
    """A scaffold file's place in the repository: dot-github → .github (package data globs skip dotfiles)."""
    return "/".join("." + part[4:] if part.startswith("dot-") else part for part in relative.split("/"))


def scaffold_files() -> list[str]:
    """The scaffold's template files, relative to its folder."""
    return sorted(
        path.relative_to(SCAFFOLD).as_posix()
        for path in SCAFFOLD.rglob("*")
        if path.is_file() and path.name != SITE_LOCK and "__pycache__" not in path.parts
    )


def render_office(office: Office, plans: dict[str, str] | None = None) -> dict[str, str]:
    """Every file of the office's repository: path → text. `plans` are the plan files to write
    under plans/ORG/ (file name → text; default: the skeleton)."""
    found = office.problems()
    if found:
        raise ScaffoldError("\n".join(found))
    from jindu.plans.schema import render_schema

    env = _environment()
    context = {
        "name": office.name,
        "name_en": office.name_en,
        "organization": office.organization,
        "year": office.year,
        "plan_id": office.plan_id,
        "english": office.english,
        "docs_dir": office.docs_dir,
        "version": __version__,
    }
    files: dict[str, str] = {}
    for relative in scaffold_files():
        if not office.english and relative.startswith(ENGLISH_ONLY):
            continue
        if relative.startswith("plans/"):
            continue
        target = _target_name(relative)
        if target.startswith("docs/"):
            target = office.docs_dir + target[len("docs") :]
        files[target] = env.get_template(relative).render(context)
    folder = f"plans/{office.organization}/"
    given = plans or {}
    if given:
        files.update({folder + name: text for name, text in given.items()})
    else:
        files[folder + "directory.yaml"] = env.get_template("plans/directory.yaml").render(context)
        files[folder + f"{office.plan_id}.yaml"] = env.get_template("plans/plan.yaml").render(context)
    requirement, _ = jindu_requirement()
    lock = (SCAFFOLD / SITE_LOCK).read_text(encoding="utf-8")
    files["requirements.txt"] = (
        f"# jindu {__version__} and what it needs to build the site, every file hash-checked:\n"
        f"#   pip install --require-hashes -r requirements.txt\n"
        f"# To upgrade, replace this file as the upgrade notes of the new version say.\n"
        f"{requirement}{lock}"
    )
    files["schema/jindu.schema.json"] = render_schema()
    return files


def write_office(target: Path, office: Office, plans: dict[str, str] | None = None) -> list[str]:
    """Write the office's repository into `target` (new, or holding nothing but .git); the paths written."""
    if target.exists() and (not target.is_dir() or {p.name for p in target.iterdir()} - {".git"}):
        raise ScaffoldError(f"{target} exists and is not empty; jindu new never overwrites anything: name a new folder")
    files = render_office(office, plans)
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".jindu-new-", dir=parent))
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if target.exists():  # an empty clone: move the files in beside .git
            for entry in staging.iterdir():
                entry.rename(target / entry.name)
            staging.rmdir()
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(files)


def with_schema_line(text: str) -> str:
    """An imported plan or directory with the editor's schema reference as its first line."""
    return text if text.startswith("# yaml-language-server:") else SCHEMA_LINE + text
