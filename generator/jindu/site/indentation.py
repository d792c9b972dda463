"""Indentation: the white space around line breaks of a finished page, left out.

The theme writes every page with its templates' indentation: a quarter of the shell around the
content (header, navigation, search box, footer) is spaces, about a tenth of the site's HTML,
and at 10,000 tasks over 100 MB. A page loses it as it is written, by the plugin
(`mkdocs build`, `mkdocs serve`) and by `jindu site` alike, so both give the same bytes.

What the browser shows does not change: only a run of white space that holds a line break and
touches a tag is made one line break, and outside preformatted text such a run renders as one
space (or as nothing between blocks) either way. White space inside text (plan text with its own
line breaks) is left as it is, and so are the elements whose white space is content — `pre`,
`textarea`, `script`, `style`, and `code` and `kbd`, which the theme sets to `pre-wrap`.
"""

from __future__ import annotations

import re

# An element whose white space is kept (copied as it is), or white space with a line break.
_PARTS = re.compile(
    r"(<(pre|textarea|script|style|code|kbd)\b.*?</\2\s*>)|[ \t\r\n\f]*\n[ \t\r\n\f]*",
    re.IGNORECASE | re.DOTALL,
)


def _part(match: re.Match) -> str:
    """A kept element as it is; white space after a tag's end or before a tag's start as one
    line break; white space inside text as it is."""
    if match.group(1):
        return match.group(1)
    page, start, end = match.string, match.start(), match.end()
    if (start > 0 and page[start - 1] == ">") or page.startswith("<", end):
        return "\n"
    return match.group(0)


def drop_indentation(page: str) -> str:
    """`page` with every run of white space that holds a line break and touches a tag made one
    line break, except inside the elements whose white space is content."""
    return _PARTS.sub(_part, page)
