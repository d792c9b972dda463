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
unchanged page is not segmented again; site/bundles.py hands the records to Pagefind, in parts
past a few thousand. Nothing here imports MkDocs: the plugin hands each
page's HTML to `record_of` and the records to `bundles.write_index`.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jieba
import lxml.html

from jindu.site.vocabulary import Segmenter

CACHE_VERSION = "4"  # bump when `_document` changes what it writes
# Pagefind stems and segments by language; jindu's tokens need neither for Chinese.
# English pages keep Pagefind's English stemmer for their English words.
TOKEN_LANGUAGE = {"zh": "zxx", "en": "en"}
TEXT_LIMIT = 2000  # characters of readable text kept for snippets
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
