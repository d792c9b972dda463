"""Page keys: each generated page's inputs as one digest, so a build renders only changed pages.

A page's Markdown is a function of the values its template is given (and the templates, the
words and the build's options). `PageKeys` digests those values: `of(template, here, parts)` is
a SHA-256 over the build's salt (jindu's version and the source of the page code, every template
file, language, link style, status rules, the directory's names), the page's template and
address, and the `parts` the renderer names for that page — the as-of date where the page shows
it, the task's status with its milestones and reports, the headings of its neighbours, the chart
specs it shows, the counts a list page shows. `PageRenderer` keeps a rendered page in the pages
cache under its key and takes it from there while the key is unchanged, so a progress edit
renders the task's page and the pages that list it or count it (its plan, departments, people,
months, the roll-ups), and nothing else.

The parts are digested by value, walked field by field (dataclasses, containers, enums, dates;
a pydantic model of the plans by its JSON); an object met twice in one build is digested once (memo by id:
every object lives as long as the build's status report). A section is digested without its
tasks, and a sub-target's parent task without its other sub-targets, so a task's key does not
hold its siblings'. When the office overrides a page template its copy may show anything it is
given, so every page's key then also holds the whole status report (`coarse`): an unchanged
build still renders nothing, a change renders every page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

import jindu
from jindu.plans.index import TaskEntry
from jindu.plans.model import Section
from jindu.words.names import task_heading

if TYPE_CHECKING:
    from jindu.groundwork import Groundwork
    from jindu.recall import Recall

KEY_VERSION = "1"  # bump when what a page is given changes without a template changing


class UndigestibleValue(TypeError):
    """A value a page is given that cannot be digested (a function, say): a bug in the renderer."""


class Fingerprints:
    """Digests of values, each object digested once per build."""

    def __init__(self) -> None:
        self._memo: dict[int, bytes] = {}
        self._alive: list[Any] = []  # keeps memoized objects alive, so an id is never reused
        self._kinds: dict[type, Any] = {}
        self._partial: dict[tuple[int, str], bytes] = {}
        self._first: int | None = None  # how many objects the first build digested (settle)

    def settle(self) -> None:
        """After a build: a live preview keeps its digests for the next save (the objects that
        did not change are the same objects), until they are thrice what one build needs."""
        if self._first is None:
            self._first = len(self._alive)
        elif len(self._alive) > 3 * self._first:
            self.__init__()  # type: ignore[misc]

    def of(self, value: Any) -> bytes:
        """The SHA-256 digest of `value`'s content."""
        digest = hashlib.sha256()
        self._feed(digest, value)
        return digest.digest()

    def _object(self, value: Any, names: list[str]) -> bytes:
        found = self._memo.get(id(value))
        if found is None:
            digest = hashlib.sha256(type(value).__qualname__.encode())
            for name in names:
                digest.update(name.encode())
                self._feed(digest, getattr(value, name))
            found = self._memo[id(value)] = digest.digest()
            self._alive.append(value)
        return found

    def _feed(self, digest, value: Any) -> None:
        kind = type(value)
        feed = self._kinds.get(kind)
        if feed is None:
            feed = self._kinds[kind] = self._kind_of(value)
        feed(digest, value)

    def _kind_of(self, value: Any):
        """How values of `value`'s type are fed to a digest (looked up once per type)."""
        if value is None or isinstance(value, (bool, int, float)):
            return lambda digest, v: digest.update(f"{type(v).__name__}:{v!r};".encode())
        if isinstance(value, str):
            return _feed_text
        if isinstance(value, enum.Enum):
            return lambda digest, v: digest.update(f"e:{type(v).__qualname__}.{v.name};".encode())
        if isinstance(value, (dt.date, dt.datetime)):
            return lambda digest, v: digest.update(f"d:{v.isoformat()};".encode())
        if isinstance(value, (list, tuple)):
            return self._feed_sequence
        if isinstance(value, dict):
            return self._feed_mapping
        if isinstance(value, (set, frozenset)):
            return lambda digest, v: self._feed_sequence(digest, sorted(v, key=repr))
        if isinstance(value, Section):  # without its tasks: each is digested where it is shown
            return lambda digest, v: digest.update(self._without(v, "tasks"))
        if isinstance(value, TaskEntry):  # its parent task without the parent's other sub-targets
            names = [f.name for f in dataclasses.fields(value) if f.name != "parent"]

            def entry(digest, v: TaskEntry) -> None:
                digest.update(self._object(v, names))
                digest.update(self._without(v.parent, "subtargets") if v.parent is not None else b"-")

            return entry
        if isinstance(value, BaseModel):  # the plans' models: their JSON, which pydantic writes fast
            return lambda digest, v: digest.update(self._model(v))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = [f.name for f in dataclasses.fields(value)]
            return lambda digest, v: digest.update(self._object(v, names))
        if isinstance(value, PurePath):
            return lambda digest, v: digest.update(f"p:{v.as_posix()};".encode())
        raise UndigestibleValue(f"a page is given a {type(value).__qualname__}, which has no digest")

    def _model(self, model: BaseModel) -> bytes:
        """The digest of a model's JSON (every field, nested models included)."""
        found = self._memo.get(id(model))
        if found is None:
            data = type(model).__qualname__.encode() + b"\x00" + model.model_dump_json().encode("utf-8")
            found = self._memo[id(model)] = hashlib.sha256(data).digest()
            self._alive.append(model)
        return found

    def _without(self, model: BaseModel, left_out: str) -> bytes:
        """The digest of a model's JSON without one field (memoized apart from the whole model's)."""
        key = (id(model), left_out)
        found = self._partial.get(key)
        if found is None:
            data = model.model_dump_json(exclude={left_out}).encode("utf-8")
            found = self._partial[key] = hashlib.sha256(
                f"{type(model).__qualname__}-{left_out}\x00".encode() + data
            ).digest()
            self._alive.append(model)
        return found

    def _feed_sequence(self, digest, value) -> None:
        digest.update(b"[%d" % len(value))
        for item in value:
            self._feed(digest, item)
        digest.update(b"]")

    def _feed_mapping(self, digest, value) -> None:
        digest.update(b"{%d" % len(value))  # in order: the pages list in it
        for key, item in value.items():
            self._feed(digest, key)
            self._feed(digest, item)
        digest.update(b"}")


def _feed_text(digest, value: str) -> None:
    data = value.encode("utf-8")
    digest.update(b"s%d:" % len(data))
    digest.update(data)


# The code a page's Markdown comes from besides the templates: its words, its context and the
# values the renderer computes for it. Digested with jindu's version, so a change to any of it in
# a development checkout (same version) renders every page again.
_PAGE_CODE = ("words", "site/pages.py", "site/context.py", "site/chartdata.py", "site/attention.py",
              "site/changelog.py", "site/strips.py", "site/pagekeys.py", "site/pieces.py", "markup.py")  # fmt: skip


def code_digest() -> bytes:
    """A SHA-256 over the source of the modules in `_PAGE_CODE`."""
    package = Path(jindu.__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _PAGE_CODE:
        path = package / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(package).as_posix().encode() + b"\x00" + file.read_bytes())
    return digest.digest()


def shared_digests(recall: Recall | None, groundwork: Groundwork | None) -> Fingerprints | None:
    """The digests a build shares: a live preview's from its last save, or those of the other
    editions of the same site (digests are of values, not words, and the editions' status
    objects are the same); None: the build's own."""
    if recall is not None:
        return recall.once("digests", None, Fingerprints)
    if groundwork is not None:
        return groundwork.once("digests", Fingerprints)
    return None


class PageKeys:
    """The key of every page of one build (see the module docstring)."""

    def __init__(self, salt: Iterable[Any], coarse: Any = None, values: Fingerprints | None = None):
        self.values = values if values is not None else Fingerprints()
        head = hashlib.sha256(f"jindu-page {KEY_VERSION} {jindu.__version__}".encode())
        head.update(code_digest())
        for part in salt:
            self.values._feed(head, part)
        if coarse is not None:
            self.values._feed(head, coarse)
        self._salt = head.digest()

    def of(self, template: str, here: str, parts: Iterable[Any]) -> str:
        """The key of the page at `here` rendered from `template` with inputs `parts`."""
        digest = hashlib.sha256(self._salt)
        self.values._feed(digest, template)
        self.values._feed(digest, here)
        for part in parts:
            self.values._feed(digest, part)
        return digest.hexdigest()


def involved_rows(involvements) -> list:
    """What a list of involvements shows (involvement_table): each task's heading, role, sample
    mark, verdict, next milestone and the milestones past due."""
    return [
        (
            i.plan_id,
            i.task_id,
            i.role,
            task_heading(i.status.entry),
            i.status.sample,
            i.status.verdict,
            i.status.upcoming_milestone(),
            i.status.past_due(),
        )
        for i in involvements
    ]


def listed_rows(report, items) -> list:
    """What a list of milestones shows (milestone_rows): each milestone, its task's heading and sample mark."""
    listed = []
    for m in items:
        task = report.plans[m.plan_id].tasks[m.task_id]
        listed.append((m, task_heading(task.entry), task.sample))
    return listed
