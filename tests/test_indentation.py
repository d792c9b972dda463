"""Indentation: a generated page is written without the theme's indentation, and reads the same.

The pages of the office's own docs folder keep the theme's indentation (jindu does not finish
them), which makes them the indented pages these tests take apart and compare."""

from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from jindu.site.indentation import drop_indentation

KEPT = {"pre", "textarea", "script", "style", "code", "kbd"}


def test_white_space_touching_a_tag_becomes_one_line_break_and_nothing_else_changes():
    page = (
        '<body>\n    <div class="a">\n      <p>第一行\n        第二行  \n</p>\n\n\n'
        "  <pre>\n  缩进\n\n    保留\n</pre>\n <code>  a\n   b</code>  <kbd>\n k</kbd>\n"
        '  <textarea>\n  t\n</textarea>\n<script>\n  var s = "\n  ";\n</script>\n'
        "<STYLE>\n  p { }\n</STYLE>\n"
        '  <a title="上\n    下">链接</a> 文字 \n 文字\n  </div>\n</body>\n'
    )
    assert drop_indentation(page) == (
        '<body>\n<div class="a">\n<p>第一行\n        第二行\n</p>\n'
        "<pre>\n  缩进\n\n    保留\n</pre>\n<code>  a\n   b</code>  <kbd>\n k</kbd>\n"
        '<textarea>\n  t\n</textarea>\n<script>\n  var s = "\n  ";\n</script>\n'
        "<STYLE>\n  p { }\n</STYLE>\n"
        '<a title="上\n    下">链接</a> 文字 \n 文字\n</div>\n</body>\n'
    )
    assert drop_indentation(drop_indentation(page)) == drop_indentation(page)
    assert drop_indentation("") == "" and drop_indentation("a \n b") == "a \n b"


def _same_reading(a: Tag, b: Tag, kept: bool = False) -> None:
    """Two parse trees a browser renders alike: the same elements and attributes, the same text
    inside the elements whose white space is content, text equal up to white space elsewhere."""
    assert (a.name, a.attrs) == (b.name, b.attrs)
    kids_a, kids_b = list(a.children), list(b.children)
    assert len(kids_a) == len(kids_b), a.name
    for x, y in zip(kids_a, kids_b, strict=True):
        if isinstance(x, Tag):
            assert isinstance(y, Tag)
            _same_reading(x, y, kept or x.name in KEPT)
        else:
            assert isinstance(x, NavigableString) and isinstance(y, NavigableString)
            assert (str(x) == str(y)) if kept else (x.split() == y.split()), (str(x), str(y))


def _indented_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.relative_to(site).parts[-2:-1] and "help" in p.parts]


def test_a_page_of_the_theme_reads_the_same_without_its_indentation(seed_site):
    pages = _indented_pages(seed_site)
    assert len(pages) >= 4  # the help pages of both editions
    for path in pages:
        page = path.read_text(encoding="utf-8")
        dropped = drop_indentation(page)
        assert len(dropped) < 0.92 * len(page), path
        _same_reading(BeautifulSoup(page, "html.parser"), BeautifulSoup(dropped, "html.parser"))


def test_every_generated_page_is_written_without_indentation(seed_site, hostile_site):
    """The seed plans and the hostile probe (every text field an attack), both built by `jindu site`;
    the plugin gives the same bytes (test_engines)."""
    for site, least in ((seed_site, 100), (hostile_site, 4)):
        generated = [*(site / "plans").rglob("index.html"), site / "index.html", site / "attention/index.html"]
        assert len(generated) > least
        for path in generated:
            page = path.read_text(encoding="utf-8")
            assert drop_indentation(page) == page, path
