"""Search index: make Material's Chinese search find compound words.

Material segments Chinese text with jieba at build time (tokens joined by U+200B), and in
the browser it splits a query greedily into tokens it finds in the index. That split never
tries the whole query (mkdocs-material 9.x, `query/segment`: the inner loop stops one
character short), so 家庭医生 becomes 家庭 + 医…, which misses a page whose index holds
the single token 家庭医生. `refine_index` rewrites search_index.json after the search
plugin wrote it: each Chinese token that jieba's search mode splits into shorter words
covering it exactly is replaced by those words (家庭医生 → 家庭 U+200B 医生). The text
shown in results is unchanged, as U+200B is invisible.
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)

_HAN_RUN = re.compile(r"[\u3400-\u9fff]{3,}")


@lru_cache(maxsize=65536)
def split_compound(word: str) -> str:
    """Shorter words that tile `word` exactly, joined by U+200B; the word itself if none do."""
    spans: dict[int, int] = {}
    for _, start, end in jieba.tokenize(word, mode="search"):
        if end - start < len(word):
            spans[start] = max(spans.get(start, start), end)
    cuts, position = [], 0
    while position < len(word):
        end = spans.get(position)
        if end is None:
            return word
        cuts.append(word[position:end])
        position = end
    return "\u200b".join(cuts)


def refine_text(text: str) -> str:
    return _HAN_RUN.sub(lambda m: split_compound(m.group(0)), text)


def refine_entry(entry: dict) -> int:
    """Refine one index entry's title and text in place; returns how many fields changed."""
    changed = 0
    for field in ("title", "text"):
        value = entry.get(field)
        if isinstance(value, str):
            refined = refine_text(value)
            if refined != value:
                entry[field] = refined
                changed += 1
    return changed


def refine_index(path: Path, refined: bool = False) -> int:
    """Rewrite a Material search_index.json in place; returns how many fields changed.
    `refined`: the entries were refined as they were made (the plugin's entry cache keeps
    them so), and the file is only written again in jindu's compact encoding."""
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = 0
    if not refined:
        for doc in data.get("docs", []):
            changed += refine_entry(doc)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return changed
