"""Pages: the Markdown pages of the public site, rendered from the status report.

One page per plan, task and sub-target, unit, person, month and quarter, plus the home
page and the overdue/due-soon list. Templates live in `site_templates/pages/`; they write
plan text only inside HTML blocks with Jinja2 autoescaping, and page titles go through
`markup.safe_title` (see markup.py for why).

Every link between generated pages is computed here as a relative URL (`SiteMap`), so
the same Markdown works under any base path and in `jindu render --out`.
"""

from __future__ import annotations

import functools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import markupsafe

from jindu.bulletins.series import has_schedule
from jindu.markup import safe_title
from jindu.outputs import Outputs
from jindu.plans.forms import form_tables
from jindu.plans.portfolio import Portfolio
from jindu.site.attention import attention_groups, attention_totals, by_state
from jindu.site.changelog import ChangeLog
from jindu.site.context import page_context
from jindu.site.pagekeys import PageKeys, involved_rows, listed_rows, shared_digests
from jindu.site.pieces import HELPERS as PIECE_HELPERS
from jindu.site.pieces import Pieces
from jindu.site.strips import task_strips
from jindu.status.verdicts import MilestoneStatus, PlanStatus, State, StatusReport, TaskStatus
from jindu.store import Store
from jindu.templating import Templates, render
from jindu.words.addresses import SiteMap
from jindu.words.locale import PRIMARY, Words
from jindu.words.names import Names, task_heading

if TYPE_CHECKING:
    from jindu.bulletins.listing import Listed
    from jindu.charts.specs import ChartSet
    from jindu.groundwork import Groundwork
    from jindu.history.record import History
    from jindu.recall import Recall

UNDATED = {"assessment.md.j2", "bulletins.md.j2"}  # page templates that do not show the as-of date
# Label keys a plan may word its own way (PlanFile.labels), and the field that words each.
ROLE_FIELDS = {
    "lead_departments": "lead_departments",
    "cooperating_units": "cooperating_units",
    "responsible_units": "responsible_units",
    "leaders": "lead_leaders",
    "cooperating_leaders": "cooperating_leaders",
}


@functools.lru_cache(maxsize=4)
def _environment(templates: Templates, digest: str) -> jinja2.Environment:
    """The page templates' environment per set of template files (`digest`), compiled once (0.1 s)."""
    env = jinja2.Environment(
        loader=templates.loader("pages"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # safe_title leaves no quote, angle bracket or ampersand: the JSON string is valid YAML front matter.
    env.filters["tojson_title"] = lambda s: markupsafe.Markup(json.dumps(safe_title(str(s)), ensure_ascii=False))
    return env


def _months_of(index) -> list[tuple[int, int]]:
    result = []
    year, month = index.start.year, index.start.month
    while date(year, month, 1) <= index.end:
        result.append((year, month))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return result


@dataclass(frozen=True)
class PageOptions:
    """What the pages need, and nothing else: made from the settings by `build.page_options`."""

    lang: str = "zh"
    use_directory_urls: bool = True
    templates: Templates = field(default_factory=Templates)
    drafts: bool = True  # the plans' drafts are printed: their rows are listed
    store: Path | None = None  # where the monthly status strips are kept (None: computed each time)
    pages: Path | None = None  # where rendered pages are kept by their key (None: every page rendered)
    groundwork: Groundwork | None = field(default=None, compare=False)  # shared with the other editions
    recall: Recall | None = field(default=None, compare=False)  # kept across a live preview's saves


class PageRenderer:
    """Renders every page of the site for one language into an `Outputs`."""

    def __init__(
        self,
        portfolio: Portfolio,
        report: StatusReport,
        options: PageOptions,
        charts: ChartSet,
        bulletins: dict[str, list[Listed]] | None = None,
        history: History | None = None,
    ):
        self.portfolio = portfolio
        self.history = history
        self.charts = charts
        self.bulletins: dict[str, list[Listed]] = bulletins or {}
        self.report = report
        self.options = options
        self.lang = options.lang
        self.words = Words(options.lang)
        self.sitemap = SiteMap(options.use_directory_urls)
        self.names = Names.build(portfolio)
        self.template_digest = options.templates.digest()  # read once: the environment and the keys
        self.env = _environment(options.templates, self.template_digest)
        self.changelog = ChangeLog(history, self.words, self.names, options.recall)
        self.store = Store(options.pages)
        self.keys = self._page_keys()
        self.pieces = Pieces(self.keys, self.store)  # the parts of list pages kept by their own keys
        self.rendered: list[str] = []  # the pages whose templates this build rendered, in order
        self.reused = 0  # the pages taken from the store

    def _page_keys(self) -> PageKeys:
        """What every page's key shares (see site/pagekeys.py); the whole report too when the
        office overrides a page template (its copy may show anything it is given)."""
        options, report = self.options, self.report
        overridden = any(name.startswith("pages/") for name in options.templates.overrides())
        salt = (
            self.template_digest,
            options.lang,
            options.use_directory_urls,
            options.drafts,
            report.rules,
            self.names,
        )
        coarse = (report, self.charts.specs, self.bulletins) if overridden else None
        return PageKeys(salt, coarse, shared_digests(options.recall, options.groundwork))

    def _plan_heads(self) -> list:
        """What pages listing tasks of several plans show of each plan: its title and whether it is closed."""
        return [(pid, ps.plan.title, ps.closed_on, ps.sample) for pid, ps in self.report.plans.items()]

    def _specs(self, paths) -> list:
        return [(path, self.charts.specs[path]) for path in paths]

    # ----------------------------------------------------------------- helpers for templates

    def _context(self, here: str) -> dict:
        return page_context(here, self.words, self.sitemap, self.report.as_of, self.charts, self.names)

    def _render(self, outputs: Outputs, template: str, here: str, parts: list, **values) -> None:
        """Render the page at `here` unless the store has it under its key: `parts` are the
        inputs it shows beyond `values`' names (see site/pagekeys.py)."""
        dated = (self.report.as_of,) if template not in UNDATED else ()  # the as-of line (m.as_of_line)
        key = self.keys.of(template, here, [*dated, *parts])
        found = self.store.get(key, ["md"])
        if found is not None:
            outputs.add(here, found["md"], "page")
            self.reused += 1
            return
        context = self._context(here)
        context.update(values, keep=self.pieces.keeper(template, here, dated), **PIECE_HELPERS)
        text = render(self.env, template, **context)
        self.rendered.append(here)
        data = text.encode("utf-8")
        outputs.add(here, data, "page")
        self.store.put(key, {"md": data})

    # ----------------------------------------------------------------- pages

    def render(self) -> Outputs:
        outputs = Outputs()
        plans = list(self.report.plans.values())
        self._render(
            outputs,
            "home.md.j2",
            self.sitemap.home,
            [self.report, self.bulletins],
            plans=plans,
            plans_by_id=self.report.plans,
            upcoming=self._upcoming(),
            current=self._current_plans(),
            due_soon_days=self.report.rules.due_soon_days,
        )
        for plan_status in plans:
            self._plan_pages(outputs, plan_status)
        self._unit_pages(outputs)
        self._people_pages(outputs)
        self._calendar_pages(outputs)
        groups = attention_groups(self.report)
        self._render(
            outputs,
            "attention.md.j2",
            self.sitemap.attention,
            [self.report],
            groups=groups,
            totals=by_state(attention_totals(groups)),
            plans=self.report.plans,
            plan_titles=[(pid, ps.plan.title) for pid, ps in self.report.plans.items()],
        )
        self._render(
            outputs,
            "bulletins.md.j2",
            self.sitemap.bulletins,
            [self.report, self.bulletins],
            plans=plans,
            by_plan=self.bulletins,
            enabled=self.options.drafts,
            unscheduled={ps.plan.id for ps in plans if not has_schedule(ps)},
        )
        self.keys.values.settle()
        return outputs

    def _current_plans(self) -> list[str]:
        as_of = self.report.as_of
        return [pid for pid, ps in self.report.plans.items() if ps.index.start <= as_of <= ps.index.end]

    def _upcoming(self) -> list[MilestoneStatus]:
        items = [m for m in self.report.milestones() if m.state is State.DUE_SOON]
        return sorted(items, key=lambda m: (m.due, m.plan_id, m.task_id))

    def _plan_words(self, plan):
        """`t` for a plan's pages: its own role words (labels, written in the plan's language) on
        the main edition."""
        own = {key: getattr(plan.labels, field) for key, field in ROLE_FIELDS.items()} if plan.labels else {}
        words = self.words
        if self.lang != PRIMARY:
            own = {}

        def t(key: str, **values) -> str:
            if own.get(key):
                return own[key]
            return words(key, **values)

        return t

    def _plan_pages(self, outputs: Outputs, ps: PlanStatus) -> None:
        plan_id = ps.plan.id
        org = ps.plan.organization
        t = self._plan_words(ps.plan)
        forms = form_tables(self.portfolio, plan_id)
        head = (
            plan_id,
            ps.plan.title,
            org,
            ps.plan.labels,
            ps.closed_on,
            ps.sample,
        )  # what a task page shows of its plan
        charts = self.charts
        shown = [
            *charts.battle_maps.get(plan_id, []),
            *([charts.summaries[plan_id]] if plan_id in charts.summaries else []),
        ]
        self._render(
            outputs,
            "plan.md.j2",
            self.sitemap.plan(plan_id),
            [ps, self.bulletins.get(plan_id, []), [f.assessment for f in forms], self._specs(shown)],
            ps=ps,
            plan=ps.plan,
            org=org,
            t=t,
            bulletins=self.bulletins.get(plan_id, []),
            forms=[f.assessment for f in forms],
        )
        for form in forms:
            here = self.sitemap.form(plan_id, form.assessment.id)
            self._render(outputs, "assessment.md.j2", here, [form, head], form=form, plan=ps.plan, org=org)
        ordered = list(ps.tasks.values())
        as_of, rules, o = self.report.as_of, self.report.rules, self.options
        strips = task_strips(self.portfolio, plan_id, as_of, rules, o.store, o.groundwork, o.recall) if ps.dated else {}
        for i, status in enumerate(ordered):
            previous = ordered[i - 1] if i > 0 else None
            following = ordered[i + 1] if i + 1 < len(ordered) else None
            parent = ps.tasks.get(status.entry.parent.id) if status.entry.parent else None
            strip = strips.get(status.task_id, [])
            changes = self.changelog.task(ps, status)
            task_charts = [
                *(
                    [charts.timelines[(plan_id, status.task_id)]]
                    if (plan_id, status.task_id) in charts.timelines
                    else []
                ),
                *charts.trajectories.get((plan_id, status.task_id), []),
            ]
            self._render(
                outputs,
                "task.md.j2",
                self.sitemap.task(plan_id, status.task_id),
                [
                    head,
                    status,
                    [(n.task_id, task_heading(n.entry)) if n else None for n in (parent, previous, following)],
                    strip,
                    changes,
                    self._specs(task_charts),
                ],
                ps=ps,
                plan=ps.plan,
                org=org,
                s=status,
                t=t,
                task=status.entry.task,
                parent=parent,
                previous=previous,
                following=following,
                timeline=self._timeline(status),
                strip=strip,
                changes=changes,
            )

    def _timeline(self, status: TaskStatus) -> list[dict]:
        """Milestone reports and free-text updates of one task, in date order, each with the
        unit that sent it and the file it is in."""
        org = self.report.plans[status.plan_id].plan.organization
        rows = []

        def row(item, what: str, state: str, text: str, source, order: tuple) -> dict:
            reporter = source.reporter
            return {
                "date": item.date,
                "what": what,
                "status": state,
                "text": text,
                "evidence": item.evidence,
                "reporter": (org, reporter) if reporter else None,
                "file": source.path,
                "order": order,
            }

        for m in status.milestones:
            what = m.milestone.label or self.words.period(m.milestone.period)
            for r, source in zip(m.history, m.sources, strict=True):
                status_word = self.words(f"reported_{r.status.value}")
                rows.append(row(r, what, status_word, r.note or "", source, (0, m.milestone_id)))
        for u, source in zip(status.updates, status.update_sources, strict=True):
            rows.append(row(u, self.words("updates"), "—", u.text, source, (1, "")))
        return sorted(rows, key=lambda r: (r["date"], r["order"]))

    def _unit_pages(self, outputs: Outputs) -> None:
        rows = []
        heads = self._plan_heads()
        for (org, unit_id), involvements in self.report.units.items():
            lead = [i for i in involvements if i.role == "lead"]
            coop = [i for i in involvements if i.role != "lead"]
            counts = Counter(i.status.state for i in lead)
            rows.append({"org": org, "id": unit_id, "lead": len(lead), "coop": len(coop), "counts": counts})
            self._render(
                outputs,
                "unit.md.j2",
                self.sitemap.unit(org, unit_id),
                [
                    involved_rows(involvements),
                    heads,
                    self._specs(
                        [self.charts.workloads[(org, unit_id)]] if (org, unit_id) in self.charts.workloads else []
                    ),
                ],
                org=org,
                unit_id=unit_id,
                lead=lead,
                coop=coop,
                counts=counts,
                plans=self.report.plans,
            )
        self._render(outputs, "units_index.md.j2", self.sitemap.units_index, [rows], rows=rows)

    def _people_pages(self, outputs: Outputs) -> None:
        rows = []
        heads = self._plan_heads()
        for (org, person_id), involvements in self.report.people.items():
            counts = Counter(i.status.state for i in involvements)
            rows.append({"org": org, "id": person_id, "count": len(involvements), "counts": counts})
            self._render(
                outputs,
                "person.md.j2",
                self.sitemap.person(org, person_id),
                [involved_rows(involvements), heads],
                org=org,
                person_id=person_id,
                involvements=involvements,
                counts=counts,
                plans=self.report.plans,
            )
        self._render(outputs, "people_index.md.j2", self.sitemap.people_index, [rows], rows=rows)

    def _calendar_pages(self, outputs: Outputs) -> None:
        months: set[tuple[int, int]] = set()
        for ps in self.report.plans.values():
            months.update(_months_of(ps.index))
        due: dict[tuple[int, int], list[MilestoneStatus]] = defaultdict(list)
        done: dict[tuple[int, int], list[MilestoneStatus]] = defaultdict(list)
        for m in self.report.milestones():
            if m.due:
                due[(m.due.year, m.due.month)].append(m)
            if m.completed_on:
                done[(m.completed_on.year, m.completed_on.month)].append(m)
        index_rows = []
        heads = self._plan_heads()
        for year, month in sorted(months):
            key = (year, month)
            self._render(
                outputs,
                "period.md.j2",
                self.sitemap.month(year, month),
                [
                    listed_rows(self.report, self._sorted(due[key])),
                    listed_rows(self.report, self._sorted(done[key])),
                    heads,
                ],
                title=self.words.period(f"{year}-{month:02d}"),
                due=self._sorted(due[key]),
                done=self._sorted(done[key]),
                plans=self.report.plans,
            )
            index_rows.append(("month", year, month, len(due[key]), len(done[key])))
        quarters = sorted({(y, (m - 1) // 3 + 1) for y, m in months})
        for year, quarter in quarters:
            keys = [(year, 3 * quarter - 2 + k) for k in range(3)]
            q_due = [m for k in keys for m in due[k]]
            q_done = [m for k in keys for m in done[k]]
            self._render(
                outputs,
                "period.md.j2",
                self.sitemap.quarter(year, quarter),
                [listed_rows(self.report, self._sorted(q_due)), listed_rows(self.report, self._sorted(q_done)), heads],
                title=self.words.period(f"{year}-Q{quarter}"),
                due=self._sorted(q_due),
                done=self._sorted(q_done),
                plans=self.report.plans,
            )
            index_rows.append(("quarter", year, quarter, len(q_due), len(q_done)))
        self._render(outputs, "calendar_index.md.j2", self.sitemap.calendar_index, [index_rows], rows=index_rows)

    @staticmethod
    def _sorted(items: list[MilestoneStatus]) -> list[MilestoneStatus]:
        return sorted(items, key=lambda m: (m.due or date.max, m.plan_id, m.task_id, m.milestone_id))
