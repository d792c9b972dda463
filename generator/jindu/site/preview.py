"""Preview: what `mkdocs serve --dirty` may leave as it is between two rebuilds.

MkDocs rebuilds every page on every save, even under `--dirty`, for files a plugin made:
a generated file counts as modified. At a thousand tasks that is 1,300 pages through
Markdown and the theme for one changed progress report. Under `--dirty` the plugin tells
MkDocs which generated files are unchanged since the last rebuild of this server, by a
fingerprint of everything the file's HTML is made of: its own bytes and, for a page, the
bytes of every chart it shows (charts are inlined when the page is written).

A page MkDocs skips gives no search record, so the preview keeps the last record of every
page and writes the index from those plus this build's (`records`). Theme templates are not
in the fingerprint: as with MkDocs' own `--dirty`, a template edit needs a full rebuild.
"""

from __future__ import annotations

import hashlib
import re

from jindu.outputs import Outputs
from jindu.site.search import SearchRecord

CHART_PATH = re.compile(rb'<div class="jd-chart-slot" data-chart="([^"<>]+)">')


class Preview:
    """The fingerprints and search records of the last rebuild of one `mkdocs serve`."""

    def __init__(self) -> None:
        self.prints: dict[str, str] = {}  # generated path → fingerprint as last written
        self.kept: dict[str, SearchRecord] = {}  # url → the page's last search record

    @staticmethod
    def fingerprint(path: str, content: bytes, outputs: Outputs) -> str:
        """What the written file of `path` depends on: its bytes, and a page's charts."""
        digest = hashlib.sha256(content)
        if path.endswith(".md"):
            for chart in CHART_PATH.findall(content):
                name = chart.decode("utf-8")
                digest.update(b"\x00" + chart + b"\x00")
                if name in outputs:
                    digest.update(hashlib.sha256(outputs.get(name).content).digest())
        return digest.hexdigest()

    def unchanged(self, path: str, fingerprint: str) -> bool:
        return self.prints.get(path) == fingerprint

    def remember(self, prints: dict[str, str]) -> None:
        """The fingerprints of the files this rebuild handed to MkDocs."""
        self.prints = prints

    def forget(self) -> None:
        """After a rebuild that did not finish: everything is written again next time."""
        self.prints = {}

    def records(self, built: list[SearchRecord], pages: set[str]) -> list[SearchRecord]:
        """The search records of every page in `pages` (urls): this build's, else the last."""
        for record in built:
            self.kept[record.url] = record
        self.kept = {url: record for url, record in self.kept.items() if url in pages}
        return [self.kept[url] for url in sorted(self.kept)]
