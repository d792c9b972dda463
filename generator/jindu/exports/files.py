"""Files: every export of a build, by site path: per plan an XLSX 台账, its CSV, JSON open data,
an ICS calendar and an Atom feed; per department its XLSX 台账, its ICS calendar and a JSON file
of its tasks that points into the plans' files (their rows and tasks are not repeated: at 10,000
tasks the per-department copies were most of the data files); an index of the plans and the
JSON Schema.

Each file is kept in the chart cache folder under the digest of what it shows, so a warm
build or a progress edit re-encodes only the files whose content changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jindu import __version__
from jindu.charts.cache import DRAWN_HERE, start_in_processes
from jindu.exports.calendars import EventStore, task_events
from jindu.exports.delimited import ledger_csv
from jindu.exports.feeds import SITE_ENTRIES, TAG, atom, change_entries, report_entries
from jindu.exports.opendata import (
    SCHEMA_PATH,
    IndexData,
    IndexEntry,
    Named,
    UnitData,
    UnitTask,
    dump,
    plan_data,
    schema,
)
from jindu.exports.rows import LedgerRow, plan_rows
from jindu.exports.workbook import ledger_workbook
from jindu.history.record import History
from jindu.status.verdicts import StatusReport
from jindu.store import Store
from jindu.words.addresses import SiteMap
from jindu.words.locale import Words
from jindu.words.names import Names

SITE_FEED = "data/updates.atom"
EXPORT_VERSION = "1"  # bump when an encoder changes what the same content gives
FORMATS = ("xlsx", "csv", "json", "ics")


@dataclass
class ExportStats:
    files: int = 0
    encoded: int = 0
    from_cache: int = 0
    events_encoded: int = 0  # calendar events encoded (not read from the cache)


class _Encoder:
    """Encodes a ledger workbook once per content digest (the cache folder may be None: no cache)."""

    def __init__(self, folder: Path | None, stats: ExportStats, workers: int | None = 1):
        self.cache = Store(folder)
        self.stats = stats
        self.workers = workers
        self.pending: list[tuple[str, str, tuple]] = []  # (path, key, workbook job) not in the cache

    def key(self, kind: str, content: bytes) -> str:
        return hashlib.sha256(
            b"\x00".join([EXPORT_VERSION.encode(), __version__.encode(), kind.encode(), content])
        ).hexdigest()

    def workbook(self, path: str, title: str, rows: list[LedgerRow], words: Words, as_of: date) -> None:
        """The XLSX ledger at `path`: handed out in `finish`. Its key is everything the workbook
        shows: a department that leads every task has the plan's rows, not its title."""
        content = b"\x1d".join(
            [words.lang.encode(), title.encode("utf-8"), as_of.isoformat().encode(), _rows_bytes(rows)]
        )
        self.pending.append((path, self.key("xlsx", content), (title, rows, words, as_of)))

    def finish(self, out: Callable[[str, bytes], object]) -> None:
        """Hand every ledger to `out` in the order asked, each from the cache or encoded. The
        encoding runs in the shared worker pool past a few: a department's ledger of thousands
        of milestones takes XlsxWriter a few hundred MiB, which a build's own process would
        keep from the system once freed (the cold 10,000-task build's peak)."""
        pending, self.pending = self.pending, []
        found = {key: hit["xlsx"] for _, key, _ in pending if (hit := self.cache.get(key, ["xlsx"])) is not None}
        misses = [(key, job) for _, key, job in pending if key not in found]
        encoded = start_in_processes(_encode, [job for _, job in misses], self.workers, DRAWN_HERE)
        for (key, _), data in zip(misses, encoded(), strict=True):
            self.cache.put(key, {"xlsx": data})
            found[key] = data
        for path, key, _ in pending:
            out(path, found[key])
        self.stats.files += len(pending)
        self.stats.encoded += len(misses)
        self.stats.from_cache += len(pending) - len(misses)


def _encode(job: tuple) -> bytes:
    """One ledger workbook (in a worker process, or in the build's)."""
    return ledger_workbook(*job)


def export_files(
    report: StatusReport,
    names: Names,
    sitemap: SiteMap,
    words: Words,
    base_url: str | None,
    cache: Path | None,
    history: History | None = None,
    site_name: str = "jindu",
    put: Callable[[str, bytes], object] | None = None,
    workers: int | None = 1,
) -> tuple[dict[str, bytes], ExportStats]:
    """Every export file of the site (path → bytes) and what it cost; `history` (the plans'
    git history) adds plan changes to the Atom feeds. With `put`, each file is handed to it
    as soon as it is made and the dict returned is empty: a build spools them rather than hold
    them all (195 MB an edition at 10,000 tasks). The ledger workbooks the cache lacks come
    last, encoded by up to `workers` processes."""
    as_of = report.as_of
    stats = ExportStats()
    encoder = _Encoder(cache, stats, workers)
    events = EventStore(cache)
    files: dict[str, bytes] = {}
    out = put or files.__setitem__

    def url(plan_id: str, task_id: str | None) -> str:
        path = sitemap.url(sitemap.task(plan_id, task_id) if task_id else sitemap.plan(plan_id))
        return (base_url.rstrip("/") + "/" + path) if base_url else path

    def ics_url(plan_id: str, task_id: str) -> str:
        return url(plan_id, task_id) if base_url else ""  # a calendar needs an absolute address

    entries: list[IndexEntry] = []
    unit_rows: dict[tuple[str, str], list[LedgerRow]] = {}
    unit_tasks: dict[tuple[str, str], list[UnitTask]] = {}
    plan_events: dict[str, dict[str, list[tuple[str, ...]]]] = {}  # plan → task → its events' fields
    for plan_id, ps in report.plans.items():
        data = plan_data(ps, names, words, as_of, url)
        out(sitemap.data(plan_id, "json"), dump(data))
        rows = plan_rows(ps, names, words, url)
        encoder.workbook(sitemap.data(plan_id, "xlsx"), ps.plan.title, rows, words, as_of)
        out(sitemap.data(plan_id, "csv"), ledger_csv(rows, words))

        plan_events[plan_id] = task_events(ps, words, ics_url)
        plan_calendar = [fields for found in plan_events[plan_id].values() for fields in found]
        out(sitemap.data(plan_id, "ics"), events.calendar(ps.plan.title, words, plan_calendar))
        entries.append(
            IndexEntry(
                id=plan_id,
                title=ps.plan.title,
                year=ps.plan.year,
                state=ps.rollup.verdict.state.value,
                **{fmt: sitemap.data(plan_id, fmt) for fmt in FORMATS},
            )
        )
        org = ps.plan.organization
        by_task = {t.id: t for t in data.tasks}
        for row in rows:
            for unit in row.unit_ids:
                unit_rows.setdefault((org, unit), []).append(row)
        for (u_org, unit), involvements in report.units.items():
            for inv in involvements:
                if inv.plan_id == plan_id and u_org == org:
                    task = by_task[inv.task_id]
                    unit_tasks.setdefault((org, unit), []).append(
                        UnitTask(
                            plan=Named(id=plan_id, name=ps.plan.title),
                            role=inv.role,
                            task=task.id,
                            title=task.title,
                            state=task.state,
                            url=task.url,
                            data=sitemap.data(plan_id, "json"),
                        )
                    )
    for org, unit in report.units:
        _unit_files(out, encoder, events, report, names, sitemap, words, org, unit, unit_rows, unit_tasks, plan_events)

    def feed_url(plan_id: str, task_id: str | None) -> str:
        # A relative link in a feed resolves against the feed's own address, in data/.
        return url(plan_id, task_id) if base_url else "../" + url(plan_id, task_id)

    feed_entries = report_entries(report, words, feed_url)
    feed_entries += change_entries(report, history, names, words, feed_url)
    home = (base_url.rstrip("/") + "/") if base_url else "../"
    for plan_id, ps in report.plans.items():
        mine = [e for e in feed_entries if e.plan_id == plan_id]
        feed_id = f"{TAG}:plan/{plan_id}"
        title = words("feed_plan", plan=ps.plan.title)
        out(sitemap.data(plan_id, "atom"), atom(title, feed_id, feed_url(plan_id, None), mine, words))
    site_title = words("feed_site", site=site_name)
    out(SITE_FEED, atom(site_title, f"{TAG}:site", home, feed_entries, words, SITE_ENTRIES))
    index = IndexData(generator=f"jindu {__version__}", as_of=as_of, lang=words.lang, plans=entries)
    out("data/index.json", dump(index))
    out(SCHEMA_PATH, schema())
    encoder.finish(out)
    stats.events_encoded = events.encoded
    return files, stats


def _unit_files(
    out, encoder, events, report, names, sitemap, words, org, unit, unit_rows, unit_tasks, plan_events
) -> None:
    as_of = report.as_of
    name = names.units.get((org, unit), unit)
    rows: list[LedgerRow] = [r for r in unit_rows.get((org, unit), []) if unit in r.unit_ids]
    title = f"{names.orgs.get(org, org)} · {name}"
    encoder.workbook(sitemap.unit_data(org, unit, "xlsx"), title, rows, words, as_of)
    tasks: list[UnitTask] = unit_tasks.get((org, unit), [])
    data = UnitData(
        generator=f"jindu {__version__}",
        as_of=as_of,
        lang=words.lang,
        organization=Named(id=org, name=names.orgs.get(org, org)),
        unit=Named(id=unit, name=name),
        tasks=tasks,
    )
    out(sitemap.unit_data(org, unit, "json"), dump(data))

    found: list[tuple[str, ...]] = []
    for plan_id in report.plans:
        ids = {t.task for t in tasks if t.plan.id == plan_id}
        if ids:
            found += [fields for task, fields_of in plan_events[plan_id].items() if task in ids for fields in fields_of]
    out(sitemap.unit_data(org, unit, "ics"), events.calendar(title, words, found))


def _rows_bytes(rows: list[LedgerRow]) -> bytes:
    return "\x1e".join("\x1f".join(row.cells) for row in rows).encode("utf-8")
