"""Read a built Pagefind bundle back: its fragments are gzip'd JSON behind a signature."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def search_fragments(site: Path) -> list[dict]:
    """Every record of the site's search index, of every part: url, meta (title, context, text),
    content."""
    records = []
    for path in sorted((site / "pagefind").glob("**/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        records.append(json.loads(data[len(SIGNATURE) :] if data.startswith(SIGNATURE) else data))
    return records
