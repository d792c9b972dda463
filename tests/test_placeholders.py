"""Held blocks: a generated page converts to the same HTML with its large HTML blocks held back
and put back (site/placeholders.py), and keeps the same anchors for the engine's link checks."""

from __future__ import annotations

import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from jindu.build import build_outputs
from jindu.settings import Settings
from jindu.site.placeholders import PlaceholderError, hold, put_back
from probes import hostile_files

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import Shape, write_portfolio

# The scaffold's extensions and the ones Material's users add most: any of them may read raw HTML.
EXTENSIONS = [
    "tables",
    "toc",
    "attr_list",
    "md_in_html",
    "admonition",
    "footnotes",
    "def_list",
    "abbr",
    "pymdownx.details",
    "pymdownx.superfences",
]


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


class Anchors(HTMLParser):
    """The anchors MkDocs collects from a page's Markdown to check links (ids, and names of <a>)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.found: set[str] = set()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key == "id" or (key == "name" and tag == "a"):
                self.found.add(value)


def body(page: bytes) -> str:
    text = page.decode("utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def pages_of(plans: Path, lang: str, chart_cache: Path) -> list[tuple[str, str]]:
    settings = Settings(plans=(plans,), as_of=date(2023, 7, 15), lang=lang, bulletins=False, chart_cache=chart_cache)
    built = build_outputs(settings)
    assert built.ok
    return [(o.path, body(o.content)) for o in built.outputs if o.kind == "page" and o.path.endswith(".md")]


@pytest.fixture(scope="module", params=["demo-zh", "demo-en", "synthetic", "hostile"])
def pages(request, chart_cache, tmp_path_factory) -> list[tuple[str, str]]:
    root = request.config.rootpath
    if request.param.startswith("demo"):
        return pages_of(root / "plans", request.param[-2:], chart_cache)
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "synthetic":
        write_portfolio(folder, Shape(tasks=300, plans=3, orgs=2))
        return pages_of(folder / "plans", "zh", chart_cache)
    hostile_files(folder)
    return pages_of(folder, "zh", chart_cache)


def test_held_pages_convert_to_the_same_html_and_anchors(pages):
    held_chars = total_chars = 0
    for path, text in pages:
        held, blocks = hold(text)
        assert put_back(convert(held), blocks) == convert(text), path
        assert Anchors(held).found == Anchors(text).found, path
        held_chars += sum(map(len, blocks))
        total_chars += len(text)
    # Most of what the templates write is held: the test compares real placeholders, not none.
    assert held_chars > 0.6 * total_chars, (held_chars, total_chars)


TABLE = "<table>\n" + "".join(f'<tr><td id="r{n}">第{n}行</td></tr>\n' for n in range(40)) + "</table>"
UNSURE = {
    "a comment": (f"<div>\n<!-- x -->\n{TABLE}\n</div>\n\n{TABLE}\n", 1),
    "a fence": (f"```\n{TABLE}\n```\n\n{TABLE}\n", 0),
    "text after the end tag": (f"{TABLE} *tail*\n\n{TABLE}\n", 0),
    "no end tag": (f"<div>\n{TABLE}\n\n{TABLE}\n", 0),
    "markdown inside": (f'<div markdown="1">\n\n*a*\n\n{TABLE}\n</div>\n', 0),
    "a tab": (TABLE.replace("第1行", "第\t1行") + "\n", 0),
    "a line of spaces": (TABLE.replace("</tr>\n<tr>", "</tr>\n   \n<tr>", 1) + "\n", 0),
    "a small block": ("<p>短</p>\n", 0),
    "an angle bracket in a value": (TABLE.replace("<td ", '<td title="a > b" ', 1) + "\n", 0),
    "an unheld block before": (f"<pre>\n{TABLE}\n</pre>\n\n{TABLE}\n", 0),
    "nested and upper case": (f"<DIV><div>\n{TABLE}\n</div></DIV>\n\n*b*\n\n{TABLE}\n", 2),
    "a block in a paragraph's line": (f"some *text*\n{TABLE}\nmore\n", 1),
    "a heading between": (f"# 标题\n\n<h2>二</h2>\n{TABLE}\n\n## 三\n\n{TABLE}", 2),
}


@pytest.mark.parametrize("case", UNSURE, ids=list(UNSURE))
def test_a_block_is_held_only_where_the_html_stays_the_same(case):
    text, expected = UNSURE[case]
    held, blocks = hold(text)
    assert len(blocks) == expected
    assert put_back(convert(held), blocks) == convert(text)
    assert Anchors(held).found == Anchors(text).found


def test_a_lost_placeholder_stops_the_page():
    held, blocks = hold(f"{TABLE}\n\n{TABLE}\n")
    assert len(blocks) == 2
    html = convert(held)
    with pytest.raises(PlaceholderError) as error:
        put_back(html.replace('data-held="1"', 'data-held="0"'), blocks)
    assert str(error.value) == (
        "the engine's HTML lost 1 and repeated 0 of the page's 2 held HTML blocks: a Markdown extension changed "
        'their placeholders (<div class="jd-held">), and jindu publishes no page without its content'
    )
    with pytest.raises(PlaceholderError) as error:
        put_back(html.replace('data-held="1"', 'data-held="7"'), blocks)
    assert str(error.value) == "the engine's HTML has a placeholder for held block 7; the page has 2"


def test_held_blocks_come_back_as_they_went_from_the_file_or_memory(tmp_path):
    from jindu.publish.tree import HeldBlocks

    blocks = {
        "plans/p/index.html": ['<table><tr><td>"引号" &amp; \\反斜杠\n换行</td></tr></table>', "<ul><li>二</li></ul>"],
        "index.html": ["<div>\u2028\x00</div>"],
    }
    for held in (HeldBlocks(tmp_path / "held.json"), HeldBlocks()):
        for path, found in blocks.items():
            held.put(path, found)
        assert [held.get(path) for path in reversed(blocks)] == [blocks[p] for p in reversed(blocks)]
        assert held.get("units/u/index.html") == []
        held.close()
    assert (tmp_path / "held.json").stat().st_size > 0  # they were in the file, not in memory
