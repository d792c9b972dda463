"""The configuration: one file, jindu.yml at the project's root, read the same way by every entry point.

The MkDocs plugin, `jindu render`, `warm`, `bulletin print|issue|reproduce`, `build-env` and `new`
all take their rules from `load_project` and their `Settings` from `Project.settings`, so a site,
a draft, a warmed cache and an issued bulletin can never be made under different rules.

Why a file of its own and not the plugin's entry in mkdocs.yml: the status rules, the time zone
and the archive are the office's, not a site engine's. MkDocs is one engine among those jindu
builds with (Zensical ignores plugin entries, MkDocs 2 drops plugins), and the command line must
read them without importing MkDocs or imitating its YAML (!!python tags, INHERIT). mkdocs.yml keeps
what is the engine's: the site's name and theme, and per edition, the plugin's `lang`.

    # jindu.yml
    plans: [plans]
    issued: issued
    templates: templates          # an office's overrides of single template files
    timezone: Asia/Shanghai       # whose "today" the statuses are for when no date is given
    site_url: https://www.example.gov.cn/zwgk/jindu/   # links and QR codes in bulletins
    engine: mkdocs                # mkdocs, properdocs or zensical: what themes the site
    status:
      due_soon_days: 30           # 临期
      report_grace_days: 0        # 报送时限: days after a due date before 未报送
      about_tolerance: 0.05       # 左右: a target worded "about" is met within 5%
    bulletins:
      drafts: true                # print the next issue of each plan as a draft
      english: false              # the English edition prints drafts too
      pdf_variant: null           # pdf/a-3b, pdf/a-3u or pdf/ua-1

A missing jindu.yml is the defaults. A problem is reported at its file:line:col, every one in
one run, like a plan's.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jindu.charts.fonts import DEFAULT_FAMILY
from jindu.diagnostics.diagnostic import Diagnostics
from jindu.diagnostics.formats import format_text
from jindu.history.gitrepo import GitError
from jindu.history.record import History, read_history, revisions
from jindu.plans.loader import load_file
from jindu.plans.loading import display_path
from jindu.plans.model import TimeZone, Url
from jindu.recall import Recall
from jindu.settings import (
    BULLETIN_CACHE_ENV,
    CACHE_KEEP_ENV,
    CHART_CACHE_ENV,
    HISTORY_CACHE_ENV,
    PAGE_CACHE_ENV,
    SEARCH_CACHE_ENV,
    Settings,
    SettingsError,
    resolve_as_of,
)
from jindu.status.verdicts import StatusRules
from jindu.templating import Templates
from jindu.words.locale import PRIMARY

CONFIG_FILE = "jindu.yml"


class ConfigurationError(ValueError):
    """jindu.yml cannot be used; the message lists every problem at its file:line:col."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatusSection(_Section):
    model_config = ConfigDict(extra="forbid", frozen=True, title="status")

    due_soon_days: int = Field(StatusRules.due_soon_days, ge=0, description="临期: due within this many days.")
    report_grace_days: int = Field(
        StatusRules.report_grace_days, ge=0, description="报送时限: days after a due date before 未报送."
    )
    about_tolerance: float = Field(
        StatusRules.about_tolerance, ge=0, lt=1, description="左右: a target worded 'about' is met within this share."
    )


class BulletinSection(_Section):
    model_config = ConfigDict(extra="forbid", frozen=True, title="bulletins")

    drafts: bool = Field(True, description="Print each plan's next issue as a draft.")
    english: bool = Field(False, description="The English edition prints its drafts too.")
    pdf_variant: Literal["pdf/a-3b", "pdf/a-3u", "pdf/ua-1"] | None = None


class ChartSection(_Section):
    model_config = ConfigDict(extra="forbid", frozen=True, title="charts")

    font: str = DEFAULT_FAMILY
    workers: int = Field(0, ge=0, description="Processes drawing charts and printing; 0: one per core.")


class CacheSection(_Section):
    """Folders relative to the project; "" turns a cache off. JINDU_*_CACHE override them."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="caches")

    charts: str = ".cache/jindu-charts"
    bulletins: str = ".cache/jindu-bulletins"
    search: str = ".cache/jindu-search"
    pages: str = ".cache/jindu-pages"
    history: str = ".cache/jindu-history"
    keep: int = Field(
        5,
        ge=0,
        description="After each `jindu site`, remove the cache entries that none of the last this many "
        "`jindu site` builds used; 0: never remove (JINDU_CACHE_KEEP overrides it).",
    )


class HistorySection(_Section):
    model_config = ConfigDict(extra="forbid", frozen=True, title="history")

    enabled: bool = Field(True, description="Show each plan's change history from git.")
    baseline: str | None = Field(None, description="The revision the baseline plan is read from.")


class EmailChannel(_Section):
    """E-mail over SMTP. JINDU_SMTP_HOST, JINDU_SMTP_PORT and JINDU_SMTP_STARTTLS=0 override the
    host, the port and STARTTLS; the user name and password come only from the variables named."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="email channel")

    name: str = Field("email", description="What `jindu remind --channel` calls it.")
    type: Literal["email"]
    host: str = Field("localhost", description="The SMTP server.")
    port: int = Field(587, ge=1, le=65535)
    starttls: bool = Field(True, description="Upgrade the connection with STARTTLS before logging in.")
    sender: str = Field(description="From: e.g. 督查室 <duchashi@example.gov.cn>.")
    copy_to: list[str] = Field(default_factory=list, description="Cc on every reminder, e.g. the 督查室's mailbox.")
    user_env: str = Field("JINDU_SMTP_USER", description="The variable holding the SMTP user name.")
    password_env: str = Field("JINDU_SMTP_PASSWORD", description="The variable holding the SMTP password.")


class RobotChannel(_Section):
    """A work-chat group robot (企业微信, 钉钉, 飞书): its webhook address, and for 钉钉 and 飞书 the
    signing secret, come only from the variables named."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="robot channel")

    name: str = Field("", description="What `jindu remind --channel` calls it (default: its type).")
    type: Literal["wecom", "dingtalk", "feishu"]
    webhook_env: str = Field(description="The variable holding the robot's webhook address (with its key).")
    secret_env: str | None = Field(None, description="钉钉/飞书: the variable holding the signing secret.")


class ReminderSection(_Section):
    """When `jindu remind` writes (a function of the date, so a daily job keeps no state) and where."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="reminders")

    before: list[int] = Field(
        default_factory=lambda: [7, 1], description="Remind this many days before a due date (临期提醒)."
    )
    chase_every: int = Field(
        7, ge=1, description="未报送 and 超期: remind the day after, then every this many days (催办)."
    )
    lang: Literal["zh", "en"] = Field("zh", description="The language of the messages.")
    retries: int = Field(3, ge=1, le=10, description="Attempts per message before a channel is reported failed.")
    backoff_seconds: float = Field(2.0, ge=0, le=300, description="Wait before the second attempt; doubled after.")
    receipts: str = Field(
        ".cache/jindu-reminders", description="Where delivered messages are recorded, so a re-run sends none twice."
    )
    channels: list[Annotated[EmailChannel | RobotChannel, Field(discriminator="type")]] = Field(
        default_factory=list, description="email, wecom, dingtalk, feishu."
    )


class ShardingSection(_Section):
    """When the publish workflows warm the caches in several jobs before the site build."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="sharding")

    above: int = Field(
        3000,
        ge=0,
        description="Shard when the plans hold more tasks than this (sub-targets count); 0: always.",
    )
    jobs: int = Field(
        4, ge=2, le=64, description="Jobs that draw the charts and print the drafts (`jindu warm --shard K/N`)."
    )


class Configuration(_Section):
    model_config = ConfigDict(extra="forbid", frozen=True, title="jindu.yml")

    plans: list[str] = Field(default_factory=lambda: ["plans"], min_length=1)
    issued: str = "issued"
    templates: str = "templates"
    timezone: TimeZone = "Asia/Shanghai"
    as_of: dt.date | None = None
    site_url: Url | None = None
    engine: Literal["mkdocs", "properdocs", "zensical"] = Field(
        "mkdocs", description="The engine `jindu site` themes the pages with."
    )
    status: StatusSection = StatusSection()
    bulletins: BulletinSection = BulletinSection()
    charts: ChartSection = ChartSection()
    caches: CacheSection = CacheSection()
    history: HistorySection = HistorySection()
    reminders: ReminderSection = ReminderSection()
    sharding: ShardingSection = ShardingSection()


_CACHE_ENV = {
    "charts": CHART_CACHE_ENV,
    "bulletins": BULLETIN_CACHE_ENV,
    "search": SEARCH_CACHE_ENV,
    "pages": PAGE_CACHE_ENV,
    "history": HISTORY_CACHE_ENV,
}


@dataclass(frozen=True)
class Project:
    """An office's project: its root folder and its configuration."""

    root: Path
    config: Configuration = field(default_factory=Configuration)
    environ: Mapping[str, str] | None = None  # None: the process environment (tests pass their own)

    def path(self, relative: str) -> Path:
        return self.root / relative

    @property
    def plans(self) -> tuple[Path, ...]:
        return tuple(self.root / p for p in self.config.plans)

    @property
    def issued(self) -> Path | None:
        return self.root / self.config.issued if self.config.issued else None

    @property
    def rules(self) -> StatusRules:
        status = self.config.status
        return StatusRules(
            due_soon_days=status.due_soon_days,
            report_grace_days=status.report_grace_days,
            about_tolerance=status.about_tolerance,
        )

    def templates(self) -> Templates:
        folder = self.root / self.config.templates if self.config.templates else None
        return Templates(folder if folder is not None and folder.is_dir() else None)

    def cache(self, name: str) -> Path | None:
        """A cache folder: its JINDU_*_CACHE variable when set, else the configured folder."""
        env = os.environ if self.environ is None else self.environ
        value = env.get(_CACHE_ENV[name], getattr(self.config.caches, name))
        return self.root / value if value else None

    def cache_keep(self) -> int:
        """How many `jindu site` builds' cache entries are kept: JINDU_CACHE_KEEP when set, else
        `caches.keep`. SettingsError when the variable is not a whole number."""
        env = os.environ if self.environ is None else self.environ
        value = env.get(CACHE_KEEP_ENV, "").strip()
        if not value:
            return self.config.caches.keep
        if not (value.isascii() and value.isdigit()):
            raise SettingsError(
                f"{CACHE_KEEP_ENV}: {value!r} is not a number of builds; write a whole number, 0 or more "
                "(0: never remove a cache entry)"
            )
        return int(value)

    def as_of(self, explicit: str | dt.date | None = None) -> dt.date:
        """The as-of date: --as-of, JINDU_AS_OF, the configured date, else today in the configured time zone."""
        return resolve_as_of(explicit, self.config.as_of, self.config.timezone, self.environ)

    def history(
        self, plans: tuple[Path, ...] | list[Path] | None = None, recall: Recall | None = None
    ) -> History | None:
        """The plans' change history from git as configured (`history:`; None when turned off),
        read with the history cache. A shallow clone or no repository is said in its `note`;
        a `baseline` that names no commit is a ConfigurationError. A live preview's `recall`
        keeps it while HEAD and the baseline name the same commits."""
        if not self.config.history.enabled:
            return None
        paths, baseline, cache = list(plans or self.plans), self.config.history.baseline, self.cache("history")
        read = functools.partial(read_history, paths, baseline=baseline, cache=cache)
        try:
            if recall is not None:
                return recall.once("history", (revisions(paths, baseline), tuple(paths), baseline, cache), read)
            return read()
        except GitError as error:
            raise ConfigurationError(f"{error}; fix `history: baseline:` in {CONFIG_FILE}") from None

    def drafts(self, lang: str) -> bool:
        bulletins = self.config.bulletins
        return bulletins.drafts and (lang == PRIMARY or bulletins.english)

    def settings(self, as_of: dt.date, lang: str = "zh", **overrides) -> Settings:
        """The one place Settings are made from the configuration; `overrides` are the entry point's
        own (plans given on the command line, a history read at a commit, no drafts for serve…)."""
        base = dict(
            plans=self.plans,
            as_of=as_of,
            lang=lang,
            rules=self.rules,
            templates=self.templates(),
            chart_font=self.config.charts.font,
            chart_cache=self.cache("charts"),
            chart_workers=self.config.charts.workers or None,
            bulletins=self.drafts(lang),
            issued=self.issued,
            bulletin_cache=self.cache("bulletins"),
            page_cache=self.cache("pages"),
            pdf_variant=self.config.bulletins.pdf_variant,
            base_url=self.config.site_url,
        )
        base.update(overrides)
        return Settings(**base)  # type: ignore[arg-type]


def load_project(root: Path, environ: Mapping[str, str] | None = None) -> Project:
    """The project at `root` (jindu.yml there, or the defaults); ConfigurationError listing every problem."""
    path = root / CONFIG_FILE
    if not path.exists():
        return Project(root, Configuration(), environ)
    if path.is_symlink() or not path.is_file():
        raise ConfigurationError(
            f"{CONFIG_FILE}: not a file (jindu never follows a symbolic link to its configuration)"
        )
    diagnostics = Diagnostics()
    raw = path.read_bytes()
    if all(not line.strip() or line.lstrip().startswith(b"#") for line in raw.splitlines()):
        return Project(root, Configuration(), environ)  # nothing but comments: the defaults
    loaded = load_file(path, display_path(path), diagnostics)
    config = None
    if loaded.ok and not diagnostics.errors:
        data = loaded.data if loaded.data is not None else {}
        if not isinstance(data, dict):
            diagnostics.add("E-TYPE", f"{CONFIG_FILE} must be a mapping of settings", loaded.mark_for(()))
        else:
            config = _validate(loaded, data, diagnostics)
    if diagnostics.errors or config is None:
        raise ConfigurationError(format_text(diagnostics.sorted()))
    return Project(root, config, environ)


def _validate(loaded, data: dict, diagnostics: Diagnostics) -> Configuration | None:
    from jindu.plans.validation import report_error

    try:
        return Configuration.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            report_error(loaded, Configuration, tuple(error["loc"]), error, diagnostics)
    return None
