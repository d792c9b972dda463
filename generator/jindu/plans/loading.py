"""Loading: find the YAML files under the given paths and turn them into a checked Portfolio.

`load_portfolio` is the front of the pipeline: it finds YAML files, loads each with the
positioned loader, validates it against the model and runs the cross-object checks. It
never raises on user data; the returned `Portfolio` carries every diagnostic found.
`load_snapshot` does the same for files given as bytes (the plans at a git revision).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from jindu.diagnostics.diagnostic import Diagnostics, Mark
from jindu.plans.characters import UNPRINTABLE_IN_NAME
from jindu.plans.checks import check_portfolio
from jindu.plans.index import PlanIndex
from jindu.plans.loader import MAX_FILE_BYTES, LoadedFile, load_bytes, load_file
from jindu.plans.model import DirectoryFile, PlanFile, ProgressFile
from jindu.plans.portfolio import Document, FileModel, Portfolio
from jindu.plans.salvage import salvage
from jindu.plans.validation import validate_file

if TYPE_CHECKING:
    from jindu.recall import Recall

YAML_SUFFIXES = (".yaml", ".yml")


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it,
    with control characters in names written as escapes (\\n, \\u202e)."""
    try:
        shown = (
            Path(os.path.relpath(path)).as_posix() if not os.path.relpath(path).startswith("..") else path.as_posix()
        )
    except ValueError:  # different drive on Windows
        shown = path.as_posix()
    return UNPRINTABLE_IN_NAME.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), shown)


def discover(paths: list[Path], diagnostics: Diagnostics) -> list[Path]:
    """YAML files named directly or found below the given directories, sorted, no dot-folders.

    A symbolic link is followed only when its target lies inside the folder being searched
    (for a file named directly: inside the working directory). A link that leads out of it,
    dangles or loops is reported as E-SYMLINK at the link's own path, and its target is
    never opened: a pull request must not be able to make `jindu check` print, or the site
    publish, a file from elsewhere on the machine (a CI runner's secrets, /etc/passwd)."""
    found: list[Path] = []
    for path in paths:
        if path.is_symlink() and not path.is_dir():
            target = _link_target(path, Path.cwd(), diagnostics)
            if target is not None:
                found.append(target)
        elif path.is_dir():
            boundary = _safe_resolve(path)
            if boundary is None:
                _refuse_link(path, "loops back on itself", diagnostics)
                continue
            for root, dirs, files in os.walk(path):
                for name in [d for d in dirs if not d.startswith(".") and os.path.islink(os.path.join(root, d))]:
                    # os.walk does not descend into linked folders; say so unless the link stays
                    # inside (its files are then found through their real path).
                    _link_target(Path(root) / name, boundary, diagnostics)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    # .YAML and .Yml too: a file saved by an editor that upper-cases is not skipped unseen.
                    if not name.lower().endswith(YAML_SUFFIXES) or name.startswith("."):
                        continue
                    file = Path(root) / name
                    if file.is_symlink():
                        target = _link_target(file, boundary, diagnostics)
                        if target is not None:
                            found.append(target)
                    else:
                        found.append(file.absolute())
        elif path.is_file():
            found.append(path.absolute())
        else:
            diagnostics.add(
                "E-READ",
                "no such file or directory",
                Mark(display_path(path)),
                hint="give a plan file or the folder holding the plans (default: plans/)",
            )
    resolved: dict[Path, Path] = {}
    for file in found:
        real = _safe_resolve(file)
        if real is not None:
            resolved.setdefault(real, file)
    return sorted(resolved)


def _safe_resolve(path: Path) -> Path | None:
    """The real path, or None when links loop (Path.resolve raises RuntimeError on a loop)."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def _link_target(link: Path, boundary: Path, diagnostics: Diagnostics) -> Path | None:
    """Where a symbolic link leads when that is inside `boundary`; otherwise report it."""
    target = _safe_resolve(link)
    if target is None:
        try:
            os.stat(link)
        except FileNotFoundError:
            _refuse_link(link, "points to a file that does not exist", diagnostics)
            return None
        except OSError:
            pass
        _refuse_link(link, "loops back on itself", diagnostics)
        return None
    if not target.is_relative_to(boundary):
        _refuse_link(link, "leads outside the plans folder", diagnostics)
        return None
    return target


def _refuse_link(link: Path, why: str, diagnostics: Diagnostics) -> None:
    diagnostics.add(
        "E-SYMLINK",
        f"symbolic link {why}; it was not read",
        Mark(display_path(link.absolute()), 1, 1),
        hint="replace the link with the file itself, or with a link to a file inside the plans folder",
    )


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while files load. Loading makes millions of small
    objects that all stay alive (nodes, values, marks), and each collection of the oldest
    generation walks every one of them: at 10,000 tasks that was a third of `jindu check`.
    Loading makes no garbage cycles worth collecting; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_portfolio(paths: list[Path], recall: Recall | None = None) -> Portfolio:
    """Load, validate and check every file; collect all diagnostics.

    With a `recall` (a live preview's), a file whose bytes did not change since the last build
    gives the same parsed model and the same diagnostics without being parsed again, and an
    unchanged plan its index; the checks across files run every time."""
    portfolio = Portfolio()
    with _no_cycle_collection():
        for path in discover(paths, portfolio.diagnostics):
            shown = display_path(path)
            raw = _read(path) if recall is not None else None
            if recall is None or raw is None:
                _add_file(portfolio, load_file(path, shown, portfolio.diagnostics))
                continue
            key = (path, shown, raw)
            loaded, validated, found = recall.once("files", key, functools.partial(_load, raw, shown, path))
            portfolio.diagnostics.extend(found)
            _place(portfolio, loaded, validated)
        if recall is not None:
            for plan_id, doc in portfolio.plans.items():
                # By the model's identity, which the entry keeps alive (so it is never reused).
                kept = recall.once("indexes", id(doc.model), functools.partial(_indexed, doc.model))
                portfolio.indexes[plan_id] = kept[1]
        return _checked(portfolio)


def _indexed(plan: PlanFile) -> tuple[PlanFile, PlanIndex]:
    return plan, PlanIndex.build(plan)


def _read(path: Path) -> bytes | None:
    """The file's bytes for a recall's key; None when it cannot be read or is over the size
    limit, so that `load_file` reports it."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    return raw if len(raw) <= MAX_FILE_BYTES else None  # too large: load_file says how large


def _load(raw: bytes, shown: str, path: Path) -> tuple[LoadedFile, tuple, list]:
    """A file parsed and validated on its own: what `load_portfolio` keeps in a recall."""
    diagnostics = Diagnostics()
    loaded = load_bytes(raw, shown, diagnostics, path)
    validated = validate_file(loaded, diagnostics) if loaded.ok else (None, [])
    return loaded, validated, list(diagnostics)


def load_snapshot(files: dict[Path, bytes]) -> Portfolio:
    """Load, validate and check files given as bytes by path: the plans at a git revision.

    Paths are where the files would be in the working tree, so marks read the same as
    those of `load_portfolio`."""
    portfolio = Portfolio()
    with _no_cycle_collection():
        for path in sorted(files):
            _add_file(portfolio, load_bytes(files[path], display_path(path), portfolio.diagnostics, path))
        return _checked(portfolio)


def _add_file(portfolio: Portfolio, loaded: LoadedFile) -> None:
    _place(portfolio, loaded, validate_file(loaded, portfolio.diagnostics) if loaded.ok else (None, []))


def _place(portfolio: Portfolio, loaded: LoadedFile, validated: tuple) -> None:
    """Put a loaded file and its model (or its validation errors) where the portfolio keeps it."""
    portfolio.files.append(loaded)
    if not loaded.ok:
        return
    model, errors = validated
    if model is None:
        _note_failed(portfolio, loaded, errors)
        return
    if isinstance(model, ProgressFile):
        portfolio.progress.append(Document(loaded, model))
    elif isinstance(model, PlanFile):
        _register(portfolio.plans, model.id, Document(loaded, model), ("id",), "plan", portfolio.diagnostics)
    elif isinstance(model, DirectoryFile):
        _register(
            portfolio.directories,
            model.organization.id,
            Document(loaded, model),
            ("organization", "id"),
            "directory for organization",
            portfolio.diagnostics,
        )


def _note_failed(portfolio: Portfolio, loaded: LoadedFile, errors: list[dict]) -> None:
    """Remember the id a failed plan or directory gives, and keep a failed plan's valid rest
    for the reference checks, so one run reports its other problems too."""
    data = loaded.data if isinstance(loaded.data, dict) else {}
    kind = data.get("kind")
    if kind == "plan" and isinstance(data.get("id"), str):
        portfolio.failed_plans.add(data["id"])
        rest = salvage(loaded, errors)
        if rest is not None and isinstance(rest[1], PlanFile):
            portfolio.salvaged.append(Document(rest[0], rest[1]))
    elif kind == "directory" and isinstance(data.get("organization"), dict):
        org = data["organization"].get("id")
        if isinstance(org, str):
            portfolio.failed_directories.add(org)


def _checked(portfolio: Portfolio) -> Portfolio:
    check_portfolio(portfolio)
    _suggest_ids(portfolio)
    return portfolio


_NAME_IN_ID = re.compile(r"the text '([^']+)' is not a valid id")


def _suggest_ids(portfolio: Portfolio) -> None:
    """A name written where an id belongs (lead_departments: [疾控处]) gets the id the
    directory gives that name, or one of its aliases, as its hint."""
    ids: dict[str, str] = {}
    for doc in portfolio.directories.values():
        for unit in doc.model.units:
            for name in (unit.name, *unit.aliases):
                ids.setdefault(name, unit.id)
        for person in doc.model.people:
            ids.setdefault(person.name, person.id)
    items = portfolio.diagnostics.items
    for k, diagnostic in enumerate(items):
        match = _NAME_IN_ID.search(diagnostic.message) if diagnostic.code == "E-ID" else None
        if match and match[1] in ids:
            items[k] = replace(diagnostic, hint=f"did you mean {ids[match[1]]!r} ({match[1]})?")


def _register(
    table: dict[str, Document[FileModel]],
    key: str,
    doc: Document[FileModel],
    field_path: tuple[str, ...],
    what: str,
    diagnostics: Diagnostics,
) -> None:
    """Add a plan or directory under its id, or report E-DUP-ID when the id is taken."""
    if key in table:
        first = table[key].source
        mark = doc.source.mark_for(field_path)
        diagnostics.add(
            "E-DUP-ID",
            f"{what} {key!r} is defined twice (first in {first.display_path}:{first.mark_for(field_path).line})",
            mark,
            hint="give each plan its own id; keep one directory file per organization",
            source_line=doc.source.line_text(mark.line),
        )
        return
    table[key] = doc
