"""Placeholders: a generated page's large raw-HTML blocks kept out of the engine's Markdown.

jindu's page templates write mostly raw HTML (the tables of a plan's 240 tasks, say). Python-
Markdown passes such a block through unchanged, but finds its end by running an HTML parser
written in Python over it, and MkDocs runs a second one to collect its anchors: that was most
of the cost of converting a changed list page. `hold` swaps each large block for a one-line
placeholder that carries the block's anchors (so the engine still validates links to them);
`put_back` swaps the placeholders in the engine's HTML for the blocks, before the page is
sanitized. The MkDocs plugin does both around each conversion; `jindu site` holds the pages it
writes into the engine's tree (`publish/tree.py`) and puts the blocks back as it finishes them.

A block is held only where the result is certain to be the same: it starts a line with the
start tag of an element Python-Markdown treats as a block, ends with that element's end tag with
nothing after it on its line, is not in a page with fenced code, and holds nothing the parser
reads otherwise (comments, scripts, styles, CDATA, `markdown=` attributes, an angle bracket in an
attribute's value, tabs, carriage returns, lines of spaces that Markdown would empty). Anything
else is left for the engine, as before.
"""

from __future__ import annotations

import re

# Elements that both Python-Markdown and CommonMark start a raw block with; enough for
# jindu's templates (an office's copy of a template may write others: those go to the engine).
_HELD = "address article aside blockquote details dl div fieldset figure footer form header nav ol p section table ul"
HELD_TAGS = frozenset(_HELD.split())
# Python-Markdown's block-level elements (markdown.util.BLOCK_LEVEL_ELEMENTS, 3.x): a line that
# starts with one starts a raw block, held or not.
_OTHER_BLOCKS = (
    "body canvas center colgroup dd dt figcaption group h1 h2 h3 h4 h5 h6 hgroup hr html iframe legend li main "
    "map math menu noscript object option output pre progress script style summary tbody td textarea tfoot th "
    "thead tr video"
)
BLOCK_LEVEL = HELD_TAGS | frozenset(_OTHER_BLOCKS.split())
SMALLEST = 512  # characters: a smaller block costs the parser less than its placeholder saves

_START = re.compile(r"<([a-z][a-z0-9]*)(?=[\s/>])", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>")
_UNSURE = re.compile(  # what an HTML parser reads otherwise than _TAG, or Markdown changes first
    r"<!|<\?|<script|<style|<textarea|<title|\bmarkdown=|[\t\r\x02\x03]|\n +\n|=\s*\"[^\"]*[<>]|=\s*'[^']*[<>]",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^ {0,3}(```|~~~)", re.MULTILINE)
_ID = re.compile(r'<[a-zA-Z][^<>]*?\sid="([^"<>]*)"')
_NAME = re.compile(r'<a\s[^<>]*?\bname="([^"<>]*)"')
_VOIDS = "area base br col embed hr img input link meta param source track wbr"
_VOID = frozenset(_VOIDS.split())
PLACEHOLDER = re.compile(
    r'<div class="jd-held" data-held="(\d+)">((?:<i id="[^"<>]*"></i>|<a name="[^"<>]*"></a>)*)</div>'
)


class PlaceholderError(ValueError):
    """The engine's HTML lost or repeated a held block's placeholder."""


def hold(markdown: str) -> tuple[str, list[str]]:
    """`markdown` with its large raw-HTML blocks replaced by placeholders, and the blocks in
    the placeholders' order. A page without such blocks comes back as it is, with no blocks."""
    blocks: list[str] = []
    parts: list[str] = []
    if _FENCE.search(markdown):  # a fenced block is read before raw HTML: what it holds is not a block
        return markdown, []
    done = 0  # where the text not yet copied to `parts` starts
    at = 0  # the start of the line looked at
    size = len(markdown)
    while at < size:
        found = _block_end(markdown, at)
        if found is None:
            newline = markdown.find("\n", at)
            at = size if newline < 0 else newline + 1
            continue
        name, end = found
        if end < 0:  # a block whose end is uncertain: the rest goes to the engine as it is
            break
        block = markdown[at:end]
        if name in HELD_TAGS and len(block) >= SMALLEST and not _UNSURE.search(block):
            parts.append(markdown[done:at])
            parts.append(_placeholder(len(blocks), block))
            blocks.append(block)
            done = end
        at = end
    if not blocks:
        return markdown, []
    parts.append(markdown[done:])
    return "".join(parts), blocks


def put_back(page_html: str, blocks: list[str]) -> str:
    """The engine's HTML of a held page with each placeholder replaced by its block; every
    block must come back exactly once (`PlaceholderError` if not: a page is never published
    with a placeholder instead of its content)."""
    if not blocks:
        return page_html
    seen: list[int] = []

    def swap(match: re.Match) -> str:
        number = int(match.group(1))
        if number >= len(blocks):
            raise PlaceholderError(
                f"the engine's HTML has a placeholder for held block {number}; the page has {len(blocks)}"
            )
        seen.append(number)
        return blocks[number]

    restored = PLACEHOLDER.sub(swap, page_html)
    if len(seen) != len(blocks) or len(set(seen)) != len(blocks):
        lost = [str(n) for n in range(len(blocks)) if n not in seen]
        twice = [str(n) for n in sorted(set(seen)) if seen.count(n) > 1]
        what = " and ".join(
            part
            for part in (f"lost {', '.join(lost)}" if lost else "", f"repeated {', '.join(twice)}" if twice else "")
            if part
        )
        raise PlaceholderError(
            f"the engine's HTML {what} of the page's {len(blocks)} held HTML blocks: a Markdown extension changed "
            f'their placeholders (<div class="jd-held">), and jindu publishes no page without its content'
        )
    return restored


def _placeholder(number: int, block: str) -> str:
    """One line that Markdown passes through as it is, with the block's anchors (as written)."""
    ids = "".join(f'<i id="{value}"></i>' for value in _ID.findall(block))
    names = "".join(f'<a name="{value}"></a>' for value in _NAME.findall(block))
    return f'<div class="jd-held" data-held="{number}">{ids}{names}</div>'


def _block_end(markdown: str, at: int) -> tuple[str, int] | None:
    """The element that starts a raw block at the line at `at`, and where the block ends (after
    its end tag, before the line's newline; -1 when this module cannot be sure of its end:
    then nothing after it is held); None when the line starts no raw block."""
    if not markdown.startswith("<", at):
        return None
    start = _START.match(markdown, at)
    if start is None:
        return None
    name = start.group(1).lower()
    if name not in BLOCK_LEVEL:
        return None
    if name in _VOID:
        tag = _TAG.match(markdown, at)
        return name, -1 if tag is None else _line_ends(markdown, tag.end())
    if name in ("script", "style", "textarea", "pre"):
        return name, -1
    depth = 0
    for tag in _TAG.finditer(markdown, at):
        if tag.group(2).lower() != name:
            continue
        if tag.group(1):
            depth -= 1
            if depth == 0:
                return name, _line_ends(markdown, tag.end())
        elif not tag.group(0).endswith("/>"):
            depth += 1
    return name, -1


def _line_ends(markdown: str, end: int) -> int:
    """`end` if only white space follows it on its line, else -1 (Markdown reads such a tail
    on its own terms)."""
    newline = markdown.find("\n", end)
    return end if not markdown[end : newline if newline >= 0 else len(markdown)].strip() else -1
