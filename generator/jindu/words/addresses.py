"""Addresses: where each generated page lives, and the relative links between pages.

Pages, charts (whose bars link to tasks) and bulletins (which print page addresses) all
need the same addresses, so they live here, below every renderer.
"""

from __future__ import annotations

import posixpath


class SiteMap:
    """Where each generated page lives, and relative links between them."""

    def __init__(self, use_directory_urls: bool = True):
        self.directory_urls = use_directory_urls

    home = "index.md"
    attention = "attention.md"
    units_index = "units/index.md"
    people_index = "people/index.md"
    calendar_index = "calendar/index.md"
    bulletins = "bulletins.md"

    @staticmethod
    def plan(plan_id: str) -> str:
        return f"plans/{plan_id}/index.md"

    @staticmethod
    def task(plan_id: str, task_id: str) -> str:
        return f"plans/{plan_id}/{task_id}.md"

    @staticmethod
    def form(plan_id: str, form_id: str) -> str:
        """A plan's self-assessment form (考核自评表)."""
        return f"plans/{plan_id}/forms/{form_id}.md"

    @staticmethod
    def data(plan_id: str, fmt: str) -> str:
        """A plan's export file: xlsx, csv, json or ics."""
        return f"data/{plan_id}.{fmt}"

    @staticmethod
    def unit_data(org: str, unit_id: str, fmt: str) -> str:
        """A department's export file."""
        return f"data/units/{org}/{unit_id}.{fmt}"

    @staticmethod
    def unit(org: str, unit_id: str) -> str:
        return f"units/{org}/{unit_id}.md"

    @staticmethod
    def person(org: str, person_id: str) -> str:
        return f"people/{org}/{person_id}.md"

    @staticmethod
    def month(year: int, month: int) -> str:
        return f"calendar/{year}-{month:02d}.md"

    @staticmethod
    def month_of(key: str) -> str:
        """The month page of a month key such as "2023-06" (chart bars carry these)."""
        year, month = key.split("-")[:2]
        return f"calendar/{int(year)}-{int(month):02d}.md"

    @staticmethod
    def quarter(year: int, quarter: int) -> str:
        return f"calendar/{year}-q{quarter}.md"

    def url(self, path: str) -> str:
        """The URL (relative to the site root) MkDocs gives the page at `path`."""
        stem = path[:-3]
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def asset(self, here: str, path: str) -> str:
        """A relative link from page `here` to a file (chart, CSS) at `path` in the site."""
        here_url = self.url(here)
        base = here_url if here_url.endswith("/") or here_url == "" else posixpath.dirname(here_url)
        return relative_path(path, base)

    def link(self, here: str, target: str, fragment: str = "") -> str:
        """A relative link from page `here` to page `target`."""
        if here == target and fragment:
            return f"#{fragment}"
        here_url, target_url = self.url(here), self.url(target)
        base = here_url if here_url.endswith("/") or here_url == "" else posixpath.dirname(here_url)
        rel = relative_path(target_url, base)
        if target_url == "" or target_url.endswith("/"):
            rel = "./" if rel == "." else rel + "/"
        return rel + (f"#{fragment}" if fragment else "")


def relative_path(target: str, base: str) -> str:
    """`posixpath.relpath(target, base)` for the site's own addresses (relative, no `..`;
    "" is the root). Every page links to dozens of others, and relpath, which makes both
    paths absolute against the working directory first, was a tenth of rendering the pages."""
    to = [part for part in target.split("/") if part and part != "."]
    start = [part for part in base.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."
