"""Templates: jindu's own, shipped in the package, and an office's overrides of single files.

Every command finds the templates here and nowhere else. The lookup is the office's templates
folder first (``templates/`` beside mkdocs.yml, or ``--templates``), then jindu's own
(the package data `jindu.site_templates`, which the source tree keeps in site_templates/).
An office copies one file (``jindu templates copy pages/task.md.j2``), edits it, and
everything it did not copy follows jindu's upgrades.

An override names the templates' format it was written for in a comment on its first lines
(``jindu-templates: 1``, in whatever comment syntax the file has); one without it, one
written for another format, one that overrides no file of jindu's, and a page template with
a syntax error are refused before anything is built, every problem in one message, so a copy
one change old never prints a silently wrong page.
"""

from __future__ import annotations

import hashlib
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jindu.site_templates as packaged
from jindu.plans.loading import display_path

PACKAGE = Path(packaged.__file__).resolve().parent
FORMAT: int = packaged.FORMAT
# The folders an office may override files in; scaffold/ is what `jindu new` writes, not a template.
KINDS = ("pages", "print", "assets", "overrides")
MARK = re.compile(rb"jindu-templates:\s*(\d+)")
MARK_WINDOW = 400  # bytes from the top of a file where the mark is looked for
SKIP = frozenset({"__init__.py", "__pycache__"})


class TemplateError(ValueError):
    """The templates cannot be used together with this jindu; the message says what to do."""


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not SKIP & set(path.parts) and path.suffix != ".pyc":
            yield path


def packaged_files() -> list[str]:
    """jindu's own template files, as paths relative to the templates folder (e.g. pages/task.md.j2)."""
    return [
        path.relative_to(PACKAGE).as_posix()
        for kind in KINDS
        if (PACKAGE / kind).is_dir()
        for path in _files_under(PACKAGE / kind)
    ]


def mark_line(relative: str) -> str:
    """The first line an office's copy of a template starts with, in that file's comment syntax."""
    text = f"jindu-templates: {FORMAT}"
    if relative.endswith((".j2", ".html")):
        return "{# " + text + " #}\n" if relative.endswith(".j2") else "{#- " + text + " -#}\n"
    if relative.endswith((".css", ".js")):
        return f"/* {text} */\n"
    return f"# {text}\n"


@dataclass(frozen=True)
class Templates:
    """Where the templates of one build are looked up: the office's folder (if any), then jindu's."""

    office: Path | None = None

    def folders(self, kind: str) -> list[Path]:
        """The folders of one kind (pages, print, assets, overrides), the office's first."""
        found = [self.office / kind] if self.office is not None and (self.office / kind).is_dir() else []
        return [*found, PACKAGE / kind]

    def path(self, relative: str) -> Path:
        """The file a build uses for `relative`: the office's copy when there is one."""
        if self.office is not None and (self.office / relative).is_file():
            return self.office / relative
        return PACKAGE / relative

    def read_bytes(self, relative: str) -> bytes:
        return self.path(relative).read_bytes()

    def read_text(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def loader(self, kind: str):
        """A Jinja2 loader over the folders of one kind (jinja2 is a site package: imported here)."""
        import jinja2

        return jinja2.FileSystemLoader([str(folder) for folder in self.folders(kind)])

    def overrides(self) -> list[str]:
        """The office's template files, relative to its templates folder."""
        if self.office is None or not self.office.is_dir():
            return []
        return [path.relative_to(self.office).as_posix() for path in _files_under(self.office)]

    def problems(self) -> list[str]:
        """Every reason these templates cannot be used together with this jindu, one line each."""
        if not (PACKAGE / "pages").is_dir() or not (PACKAGE / "print").is_dir():
            missing = f"jindu's own templates are missing from {PACKAGE}: the package is incomplete; "
            return [missing + "reinstall it (pip install --force-reinstall 'jindu[site]')"]
        if self.office is None or not self.office.is_dir():
            return []
        own = set(packaged_files())
        found = []
        for relative in self.overrides():
            where = display_path(self.office / relative)
            if relative not in own:
                found.append(
                    f"{where}: overrides no template of jindu's; rename it to one of the files "
                    f"`jindu templates list` shows, or move it out of {display_path(self.office)}"
                )
                continue
            head = (self.office / relative).read_bytes()[:MARK_WINDOW]
            mark = MARK.search(head)
            if mark is None:
                found.append(
                    f"{where}: does not say which templates' format it was written for; compare it with "
                    f"`jindu templates show {relative}`, then make its first line {mark_line(relative).strip()}"
                )
            elif int(mark.group(1)) != FORMAT:
                found.append(
                    f"{where}: written for jindu templates format {int(mark.group(1))}, but this jindu reads "
                    f"format {FORMAT}; compare it with `jindu templates show {relative}`, carry your changes "
                    f"over, then make its first line {mark_line(relative).strip()}"
                )
            elif relative.endswith(".j2"):
                found.extend(_syntax(self.office / relative))
        return found

    def check(self) -> None:
        """Raise TemplateError naming every problem (see `problems`)."""
        found = self.problems()
        if found:
            raise TemplateError("the templates cannot be used with this jindu:\n" + "\n".join(found))

    def digest(self) -> str:
        """A SHA-256 over every template file a build uses (office copies in place of jindu's)."""
        digest = hashlib.sha256()
        for relative in sorted(set(packaged_files()) | set(self.overrides())):
            digest.update(relative.encode("utf-8") + b"\x00" + self.read_bytes(relative) + b"\x00")
        return digest.hexdigest()


def render(env, name: str, **context) -> str:
    """Render one template; a template that fails (an override naming a variable this jindu does
    not give, say) raises TemplateError with the template's file and line, never a traceback."""
    import jinja2

    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateError as error:
        where = name
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename.endswith((".j2", ".html")):
                where = f"{display_path(Path(frame.filename))}:{frame.lineno}"
                break
        message = error.message or type(error).__name__
        raise TemplateError(f"{where}: {message}; the template does not fit this jindu's data") from None


JINDUS_OWN = Templates()  # no office overrides: jindu's templates alone


def _syntax(path: Path) -> list[str]:
    """A page or print template that Jinja2 cannot parse, as path:line: message."""
    import jinja2

    try:
        jinja2.Environment().parse(path.read_text(encoding="utf-8"))
    except jinja2.TemplateSyntaxError as error:
        return [f"{display_path(path)}:{error.lineno}: {error.message}; fix the template"]
    except UnicodeDecodeError:
        return [f"{display_path(path)}: is not UTF-8 text; save it as UTF-8"]
    return []
