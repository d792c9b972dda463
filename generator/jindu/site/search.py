"""Search: a Pagefind index of the pages a reader searches, in the portfolio's own words.

Pagefind (PyPI `pagefind`) writes a chunked index: the browser loads only the chunks of the
words it looks up, so the first results come as fast at 10,000 tasks as at 100. jindu gives
Pagefind one small record per page instead of the page itself:

- the tokens of its title (weighted as a heading) and of its text (`vocabulary.Segmenter`),
  under a private language code, so Pagefind does not segment them again;
- meta data the results show: the title, the page's context (its breadcrumbs: the plan and
  section, or the organization) and the readable text, from which the browser cuts a
  snippet around the query.

What goes in depends on the page (`scope_of`): task, sub-target and hand-written pages give
all their text; plan, unit and person pages give their headings and paragraphs but not
their tables and lists (which list other pages); listings (months, quarters, indexes, the attention
list, forms) give their title only. Records are kept by content (`RecordCache`), so an
unchanged page is not segmented again. Past `PART_RECORDS` records the index is written in
parts (`parts_of`: a plan's pages stay together), one Pagefind run each, which the search box
merges; an edit indexes its own part again. Nothing here imports MkDocs: the plugin hands each
page's HTML to `record_of` and the records to `write_index`.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jieba
import lxml.html

from jindu.folder import Folder
from jindu.site.vocabulary import Segmenter

CACHE_VERSION = "4"  # bump when `_document` changes what it writes
# Pagefind stems and segments by language; jindu's tokens need neither for Chinese.
# English pages keep Pagefind's English stemmer for their English words.
TOKEN_LANGUAGE = {"zh": "zxx", "en": "en"}
TEXT_LIMIT = 2000  # characters of readable text kept for snippets
OUTPUT_DIR = "pagefind"
# Records one Pagefind run indexes at most. Its memory grows with the records it holds: 2.6 GiB
# for the 12,877 of one edition at 10,000 tasks written at once, 0.42 GiB at most in parts of
# this size (benchmarks/scale.py, 2026-12-04). A reader's search asks each part: one more
# request per word and part.
PART_RECORDS = 2000
PARTS_FILE = "jindu-parts.json"  # the parts after the first, for the search box to merge
# Pagefind's own search interfaces: jindu's search box (assets/jindu-search.js) uses none.
UNUSED_FILES = tuple(
    f"pagefind-{ui}.{ext}" for ui in ("ui", "modular-ui", "component-ui", "highlight") for ext in ("js", "css")
)
# The words the search box shows, passed to the page template (config.extra.jindu_words).
SEARCH_WORDS = (
    "search",
    "search_reset",
    "search_loading",
    "search_type",
    "search_none",
    "search_count",
    "search_more",
    "search_failed",
)

# Whole pages (tasks, sub-targets) and the generated pages that list others.
_TASK_PAGE = re.compile(r"^plans/[^/]+/[^/]+\.md$")
_PLAN_PAGE = re.compile(r"^plans/[^/]+/index\.md$")
_OWNER_PAGE = re.compile(r"^(units|people)/[^/]+/[^/]+\.md$")
# Left out: what repeats elsewhere or changes with the as-of date (statuses, reasons, counts),
# which would also make every record new each day.
_LEFT_OUT_CLASSES = (
    "jd-strip",
    "jd-asof",
    "jd-crumbs",
    "jd-downloads",
    "jd-verdict",
    "jd-status",
    "jd-reason",
    "jd-counts",
    "jd-badges",
    "jd-icon",
    "jd-sample",
)
_SPACED = ("p", "div", "li", "tr", "td", "th", "dt", "dd", "br", "h2", "h3", "h4", "h5", "h6", "caption")
_LEFT_OUT_TAGS = ("figure", "script", "style", "svg", "nav")


def _xpath(classes: tuple[str, ...], tags: tuple[str, ...]) -> str:
    has = 'contains(concat(" ", normalize-space(@class), " "), " {} ")'
    return " | ".join([f"//*[{has.format(c)}]" for c in classes] + [f"//{t}" for t in tags])


_CRUMBS = _xpath(("jd-crumbs",), ())
_LEFT_OUT = _xpath(_LEFT_OUT_CLASSES, _LEFT_OUT_TAGS)
_LEFT_OUT_OF_SUMMARY = _xpath(_LEFT_OUT_CLASSES, (*_LEFT_OUT_TAGS, "table", "h2", "h3", "h4", "ul", "ol"))


class SearchIndexError(RuntimeError):
    pass


@dataclass(frozen=True)
class SearchRecord:
    url: str  # site-relative, e.g. "plans/2023-qingpu/i14/"
    title: str
    context: str
    text: str
    scope: str  # whole, summary, title


def scope_of(src_path: str, generated: bool) -> str:
    """How much of a page goes into the index: "whole", "summary" (no tables) or "title"."""
    if not generated:
        return "whole"
    if src_path.endswith("index.md") and not _PLAN_PAGE.match(src_path):
        return "title"
    if _PLAN_PAGE.match(src_path) or _OWNER_PAGE.match(src_path):
        return "summary"
    if _TASK_PAGE.match(src_path):
        return "whole"
    return "title"


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.text_content()).strip()


def record_of(url: str, title: str, page_html: str, scope: str) -> SearchRecord:
    """A page's search record from its content HTML (before charts are inlined); `title`
    is used when the page has no h1."""
    if not page_html.strip():
        return SearchRecord(url, title, "", "", scope)
    root = lxml.html.fragment_fromstring(page_html, create_parent="div")
    headings = root.xpath("//h1")
    if headings:  # the heading as written; a page title has <>& made full-width (markup.py)
        title = _text(headings[0]) or title
    crumbs = root.xpath(_CRUMBS)
    context = _text(crumbs[0]) if crumbs else ""
    text = ""
    if scope != "title":
        for node in root.xpath(_LEFT_OUT_OF_SUMMARY if scope == "summary" else _LEFT_OUT):
            if node.getparent() is not None:
                node.drop_tree()
        for heading in root.xpath("//h1"):
            heading.drop_tree()  # the title is indexed on its own, weighted
        for node in root.iter(*_SPACED):
            node.tail = " " + (node.tail or "")  # table cells and paragraphs stay apart
        text = _text(root)
    return SearchRecord(url, title, context, text, scope)


def _document(record: SearchRecord, segmenter: Segmenter, lang: str) -> str:
    """The HTML Pagefind indexes for one record: tokens to match, meta data to show."""
    meta = {"title": record.title, "context": record.context, "text": record.text[:TEXT_LIMIT]}
    head = "".join(
        f'<meta data-pagefind-meta="{name}[content]" content="{html.escape(value)}">'
        for name, value in meta.items()
        if value
    )
    # "|" takes word position 0 and indexes nothing: Pagefind 1.5.2 misses an exact match
    # of a word at position 0 (a person's page, whose title is one word, was not found).
    body = f"<h1>| {html.escape(segmenter.tokens(record.title))}</h1>"
    if record.text:
        body += f"<p>{html.escape(segmenter.tokens(record.text))}</p>"
    return f'<!doctype html><html lang="{TOKEN_LANGUAGE[lang]}"><head>{head}</head><body>{body}</body></html>'


RECORDS_FORMAT = "jindu-search-records/2"  # a header line, then one JSON array per entry


class RecordCache:
    """The Pagefind documents of records, by a hash of the record and the vocabulary, in
    one file per site edition; each build keeps only what it used.

    The file is JSON Lines: a header, then `["d", key, document]` and `["r", key, record]`, read
    and written one line at a time. (As one JSON object it was read and written whole: at 10,000
    tasks 74 MB of text, decoded, parsed and encoded again, the peak of a build's memory.)"""

    def __init__(self, path: Path | None, salt: str) -> None:
        self.path = path
        self.salt = salt
        self.stored: dict[str, str] = {}
        self.used: dict[str, str] = {}
        self.stored_records: dict[str, list] = {}
        self.used_records: dict[str, list] = {}
        self.hits = self.misses = 0
        self.segmenter: Segmenter | None = None  # the segmenter of the first miss
        if path is not None and path.is_file():
            try:
                self._load(path)
            except (OSError, ValueError):
                self.stored, self.stored_records = {}, {}

    def _load(self, path: Path) -> None:
        with path.open(encoding="utf-8") as handle:
            try:
                header = json.loads(handle.readline(1024))
            except ValueError:
                header = None
            if not isinstance(header, dict) or header.get("format") != RECORDS_FORMAT:
                handle.seek(0)  # the file of an earlier jindu, one JSON object: read once more
                data = json.load(handle)
                if isinstance(data, dict) and data.get("version") == CACHE_VERSION:
                    self._keep(("d", k, v) for k, v in data.get("documents", {}).items())
                    self._keep(("r", k, v) for k, v in data.get("records", {}).items())
                return
            if header.get("version") != CACHE_VERSION:
                return
            self._keep(json.loads(line) for line in handle)

    def _keep(self, entries) -> None:
        for entry in entries:
            if not (isinstance(entry, (list, tuple)) and len(entry) == 3 and isinstance(entry[1], str)):
                continue
            kind, key, value = entry
            if kind == "d" and isinstance(value, str):
                self.stored[key] = value
            elif kind == "r" and isinstance(value, list) and len(value) == 5 and all(isinstance(f, str) for f in value):
                self.stored_records[key] = value

    def record(self, url: str, title: str, page_html: str, scope: str) -> SearchRecord:
        """`record_of` the page, or the record its same HTML gave before (parsing every
        page's HTML again was a tenth of a warm build)."""
        key = hashlib.sha256("\x00".join([CACHE_VERSION, url, title, scope, page_html]).encode("utf-8")).hexdigest()
        found = self.stored_records.get(key)
        made = SearchRecord(*found) if found else record_of(url, title, page_html, scope)
        self.used_records[key] = [made.url, made.title, made.context, made.text, made.scope]
        return made

    def bundle(self, key: str, part: str) -> Path | None:
        """Where the Pagefind bundle of one part's documents is kept (None: no cache)."""
        return None if self.path is None else self.path.parent / f"{self.path.stem}-bundle" / part / key

    def sources(self) -> Path | None:
        """Where the documents Pagefind indexes are kept between builds, a folder a part (None:
        no cache)."""
        return None if self.path is None else self.path.parent / f"{self.path.stem}-source"

    def tidy(self, parts: list[str]) -> None:
        """Remove the kept bundles and documents of parts this build does not have (the index
        of fewer records, or the single bundle an earlier jindu kept)."""
        if self.path is None:
            return
        for home in (self.path.parent / f"{self.path.stem}-bundle", self.sources()):
            if home is None or not home.is_dir():
                continue
            for entry in home.iterdir():
                if entry.name not in parts:
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)

    def document(self, record: SearchRecord, segmenter: Segmenter, lang: str) -> str:
        key = hashlib.sha256(json.dumps([self.salt, lang, *record.__dict__.values()]).encode()).hexdigest()
        found = self.stored.get(key)
        if found is None:
            if self.segmenter is None:  # the first miss: the runs cut before, read only now
                self.segmenter = segmenter
                segmenter.known = self._stored_runs()
            found = _document(record, segmenter, lang)
            self.misses += 1
        else:
            self.hits += 1
        self.used[key] = found
        return found

    def _runs_path(self) -> Path | None:
        return None if self.path is None else self.path.with_name(f"{self.path.stem}-runs.json")

    def _runs_salt(self) -> str:
        return f"{CACHE_VERSION}:{self.salt}"  # the way runs are cut, the vocabulary and jieba

    def _stored_runs(self) -> dict[str, str]:
        """The tokens of every run of Chinese characters earlier builds cut with this salt."""
        path = self._runs_path()
        if path is None or not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if (
            not isinstance(data, dict)
            or data.get("salt") != self._runs_salt()
            or not isinstance(data.get("runs"), dict)
        ):
            return {}
        return {k: v for k, v in data["runs"].items() if isinstance(v, str)}

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        documents, records = _last_two(self.used, self.stored), _last_two(self.used_records, self.stored_records)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps({"format": RECORDS_FORMAT, "version": CACHE_VERSION}) + "\n")
            for kind, entries in (("d", documents), ("r", records)):
                for key, value in entries.items():
                    handle.write(json.dumps([kind, key, value], ensure_ascii=False) + "\n")
        os.replace(temp, self.path)  # whole or not at all
        runs = self._runs_path()
        if self.segmenter is not None and runs is not None and self.segmenter.made:
            # Runs only accumulate while the salt (the vocabulary) stays: a year's edits add a few
            # thousand; a new vocabulary starts the file again.
            _write_json(runs, {"salt": self._runs_salt(), "runs": {**self.segmenter.known, **self.segmenter.made}})


def _last_two(used: dict, stored: dict) -> dict:
    """What this build used, then what the cache held from before, up to as many entries again:
    an office that previews with `make serve` and builds with `make site` (whose pages differ:
    no drafts in the preview) keeps both builds' entries instead of each evicting the other's."""
    kept = dict(used)
    for key, value in stored.items():
        if len(kept) >= 2 * len(used):
            break
        kept.setdefault(key, value)
    return kept


def _write_json(path: Path, data: dict) -> None:
    """`data` into `path`, whole or not at all (a temporary file renamed)."""
    fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(data, ensure_ascii=False))
    os.replace(temp, path)


def cache_salt(vocabulary: list[str]) -> str:
    """What every cached document depends on besides its record: the vocabulary and jieba."""
    text = json.dumps([getattr(jieba, "__version__", ""), vocabulary], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _source_path(url: str) -> str:
    """The file whose address Pagefind derives as `url` ("a/b/" ← a/b/index.html)."""
    return url + "index.html" if url.endswith("/") or not url else url


def _pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return ""


def write_index(
    site_dir: Path,
    records: list[SearchRecord],
    segmenter: Segmenter,
    lang: str,
    cache: RecordCache,
    per_part: int = PART_RECORDS,
) -> Path:
    """Write the Pagefind index of `records` into `site_dir`/pagefind, replacing an older one;
    returns the folder. Past `per_part` records the index is written in parts (`parts_of`): the
    first at pagefind/, the others at pagefind/part-N/, listed in pagefind/jindu-parts.json for
    the search box to merge. A part whose documents an earlier build indexed is copied from the
    cache instead of indexed again. Raises `SearchIndexError` when Pagefind fails."""
    folder = site_dir / OUTPUT_DIR
    documents = [(r.url, cache.document(r, segmenter, lang)) for r in sorted(records, key=lambda r: r.url)]
    parts = parts_of(documents, per_part)
    if folder.exists():
        shutil.rmtree(folder)
    names = [f"part-{n}" for n in range(1, len(parts) + 1)]
    cache.tidy(names)
    for n, (name, part) in enumerate(zip(names, parts, strict=True)):
        _write_part(folder if n == 0 else folder / name, part, cache, name)
    (folder / PARTS_FILE).write_text(json.dumps([name + "/" for name in names[1:]]), encoding="utf-8")
    return folder


def parts_of(documents: list[tuple[str, str]], per_part: int) -> list[list[tuple[str, str]]]:
    """`documents` (sorted by address) cut into parts of at most `per_part`, each plan's pages
    together where the plan fits in a part: an edit to one plan changes one part, and Pagefind's
    memory follows the largest part, not the portfolio. Always at least one part."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for url, document in documents:
        head = url.split("/")
        groups.setdefault("/".join(head[:2]) if head[0] == "plans" else head[0], []).append((url, document))
    parts: list[list[tuple[str, str]]] = [[]]
    for group in groups.values():
        if parts[-1] and len(parts[-1]) + len(group) > per_part:
            parts.append([])
        for start in range(0, len(group), per_part):  # a plan larger than a part fills several
            if start:
                parts.append([])
            parts[-1].extend(group[start : start + per_part])
    return parts


def _write_part(folder: Path, documents: list[tuple[str, str]], cache: RecordCache, name: str) -> None:
    """One Pagefind bundle of `documents` at `folder`, from the cache or indexed now."""
    digest = hashlib.sha256(_pagefind_version().encode("utf-8"))
    for url, document in documents:
        digest.update(f"\x00{url}\x00{document}".encode())
    kept = cache.bundle(digest.hexdigest(), name)
    if kept is not None and kept.is_dir():
        shutil.copytree(kept, folder, copy_function=_link_or_copy)
        os.utime(kept)  # the most recently used: kept by _keep_bundle beside a new one
        return
    with tempfile.TemporaryDirectory(prefix="jindu-search-") as temp:
        # The documents Pagefind reads are kept beside the cache, and only the changed ones are
        # written (a progress edit changes a few of some 1,300 files an edition; jindu/folder.py).
        home = cache.sources()
        source = Folder.kept(home / name, Path(temp) / "site", "site") if home else Folder.fresh(Path(temp) / "site")
        try:
            for url, document in documents:
                source.write(_source_path(url), document.encode("utf-8"))
            source.close()
            # The command-line indexer, not Pagefind's Python API: the API waits 0.1 s for each
            # answer of its service (about 10 pages a second), the command indexes in parallel.
            staged = Path(temp) / OUTPUT_DIR
            command = [
                *(sys.executable, "-m", "pagefind", "--site", str(source.dest)),
                *("--output-path", str(staged), "--silent"),
            ]
            done = subprocess.run(command, capture_output=True, text=True)
        finally:
            source.release()
        if done.returncode != 0:
            raise SearchIndexError(
                f"Pagefind could not index the pages: {(done.stderr or done.stdout).strip()[-2000:]}"
            )
        for unused in UNUSED_FILES:
            (staged / unused).unlink(missing_ok=True)
        if kept is not None:
            _keep_bundle(staged, kept)
        shutil.move(str(staged), folder)


def _link_or_copy(source: str, target: str) -> None:
    """A hard link where the file system allows one, else a copy: a bundle's files are never
    written in place (a newer bundle replaces the folder), so the cache and the site can share them."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _keep_bundle(staged: Path, kept: Path) -> None:
    """Keep this bundle for the next build, beside the most recently used other one (a preview
    and a site build alternate between two sets of pages); a full disk costs speed only."""
    try:
        others = sorted(kept.parent.iterdir(), key=lambda p: p.stat().st_mtime) if kept.parent.is_dir() else []
        for old in others[:-1]:
            shutil.rmtree(old)
        shutil.copytree(staged, kept, copy_function=_link_or_copy)
    except OSError:
        shutil.rmtree(kept.parent, ignore_errors=True)
