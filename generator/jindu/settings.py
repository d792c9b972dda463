"""Settings: everything a build depends on, gathered at the edge and passed in.

`resolve_as_of` is the one place that may read the clock: an explicit date (``--as-of``)
wins, then the ``JINDU_AS_OF`` environment variable, then the configured date, and only
then today's date in the plans' time zone. Everything downstream takes the date as input.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from jindu.charts.fonts import DEFAULT_FAMILY
from jindu.groundwork import Groundwork
from jindu.history.record import History
from jindu.recall import Recall
from jindu.status.verdicts import StatusRules
from jindu.templating import Templates
from jindu.words.labels import LANGS

AS_OF_ENV = "JINDU_AS_OF"
CHART_CACHE_ENV = "JINDU_CHART_CACHE"  # overrides the configured cache folders (CI caches, tests)
BULLETIN_CACHE_ENV = "JINDU_BULLETIN_CACHE"
SEARCH_CACHE_ENV = "JINDU_SEARCH_CACHE"
PAGE_CACHE_ENV = "JINDU_PAGE_CACHE"
HISTORY_CACHE_ENV = "JINDU_HISTORY_CACHE"
CACHE_KEEP_ENV = "JINDU_CACHE_KEEP"  # overrides caches.keep (the test suite's shared caches: 0)
DEFAULT_TIMEZONE = "Asia/Shanghai"
DEFAULT_CHART_CACHE = Path(".cache") / "jindu-charts"  # relative to the project (mkdocs.yml's folder)
DEFAULT_BULLETIN_CACHE = Path(".cache") / "jindu-bulletins"


class SettingsError(ValueError):
    """A setting has a value the build cannot use; the message says which and how to fix it."""


def parse_as_of(text: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise SettingsError(f"{where}: {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2023-07-15") from None


def resolve_as_of(
    explicit: str | dt.date | None = None,
    configured: str | dt.date | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    environ: Mapping[str, str] | None = None,
) -> dt.date:
    """The date statuses are computed for. Reads the clock only when nothing names a date."""
    env: Mapping[str, str] = os.environ if environ is None else environ
    for value, where in (
        (explicit, "--as-of"),
        (env.get(AS_OF_ENV) or None, AS_OF_ENV),
        (configured, "as_of in the jindu plugin config"),
    ):
        if value:
            return value if isinstance(value, dt.date) else parse_as_of(value, where)
    return dt.datetime.now(ZoneInfo(timezone)).date()


@dataclass(frozen=True)
class Settings:
    """What one build of the pages needs to know."""

    plans: tuple[Path, ...]
    as_of: dt.date
    lang: str = "zh"
    rules: StatusRules = field(default_factory=StatusRules)
    use_directory_urls: bool = True
    templates: Templates = field(default_factory=Templates)  # jindu's own, after the office's overrides
    chart_font: str = DEFAULT_FAMILY
    chart_cache: Path | None = None  # None: draw every chart (no cache)
    chart_workers: int | None = None  # None: one per core; also the processes printing bulletins
    bulletins: bool = True  # print a draft bulletin per plan (the period not yet issued)
    issued: Path | None = None  # the archive of issued bulletins (issued/); None: none published
    bulletin_cache: Path | None = None  # None: print every bulletin (no cache)
    page_cache: Path | None = None  # rendered pages by key (site/pagekeys.py); None: every page rendered
    pdf_variant: str | None = None  # pdf/a-3b, pdf/a-3u or pdf/ua-1
    pdf_date: dt.datetime | None = None  # the PDF's date; None: each bulletin's as-of date
    base_url: str | None = None  # the published site's address, for links and QR codes in bulletins
    site_name: str = "jindu"  # the site's name (MkDocs' site_name), for the Atom feed's title
    revision: str = ""  # the plans' commit, printed in an issued bulletin (drafts print none)
    # The plans' change history from git (history.read_history), read at the edge like the
    # date; None: pages and bulletins show no change log.
    history: History | None = field(default=None, compare=False)
    # Work shared by the builds of one run (`jindu site`'s editions); None: each build its own.
    groundwork: Groundwork | None = field(default=None, compare=False)
    # What a live preview keeps from one save to the next (`mkdocs serve`); None: all made afresh.
    recall: Recall | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise SettingsError(f"lang: {self.lang!r} is not supported; use zh or en")
