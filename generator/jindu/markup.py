"""Markup safety: plan text comes from pull requests and is untrusted everywhere.

Three defences, each for a place where text can turn into code:

* `safe_title` — for page titles. MkDocs and Material put `page.meta.title` into
  `<title>`, the navigation and the search index without escaping, so a title keeps no
  `<`, `>`, `&` or quotes at all: they become their full-width forms (＜ ＞ ＆ ＂ ＇), which
  read the same and can never form a tag or an entity.
* Jinja2 autoescaping in the page templates, which write plan text only inside raw HTML
  blocks, where Python-Markdown does not look for links, emphasis or attribute lists.
* `sanitize_html` — the rendered HTML of every generated page passes through nh3 with an
  allow-list of the tags, attributes and URL schemes the templates use. Whatever slips
  past the first two (a `javascript:` URL, an event handler) is removed here.
"""

from __future__ import annotations

import re
import unicodedata

import nh3

_TITLE_MAP = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "\n": " ", "\r": " "})

ALLOWED_TAGS = {
    "a",
    "abbr",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "nav",
    "ol",
    "p",
    "section",
    "small",
    "span",
    "strong",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "time",
    "del",
    "figure",
    "figcaption",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "aria-label", "aria-hidden", "role"},
    "a": {"href", "hreflang", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "div": {"data-chart"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "time": {"datetime"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def safe_title(text: str) -> str:
    """A title that stays inert text in <title>, nav, search and the browser tab."""
    return " ".join(text.translate(_TITLE_MAP).split())


def sanitize_html(html: str) -> str:
    """Keep only the markup the page templates produce; drop scripts, handlers, bad URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Markdown written for CI (job summaries, merge request notes): inline syntax that untrusted
# text could use — emphasis, code, links and images (a `[` starts both), table cells,
# strikethrough. The text never starts a line (it follows "| ", "- " or "### "), so block
# syntax (#, -, >) stays inert.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _one_line(text: object) -> str:
    """Whitespace runs (newlines too) as one space; other control characters (an ANSI escape
    that would recolour a CI log or a terminal) as U+FFFD."""
    flat = " ".join(str(text).split())
    return "".join("\ufffd" if unicodedata.category(ch) == "Cc" else ch for ch in flat)


def md_text(text: object) -> str:
    """Untrusted text as inert Markdown: one line, HTML escaped, inline syntax escaped."""
    flat = _one_line(text)
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def md_code(text: object) -> str:
    """Untrusted text as a Markdown code span: shown literally; backticks become quotes."""
    flat = _one_line(text).replace("`", "'")
    return f"`{flat}`"
