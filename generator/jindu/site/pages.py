"""Pages: the Markdown pages of the public site, rendered from the status report.

One page per plan, task and sub-target, unit, person, month and quarter, plus the home
page and the overdue/due-soon list. Templates live in `site_templates/pages/`; they write
plan text only inside HTML blocks with Jinja2 autoescaping, and page titles go through
`markup.safe_title` (see markup.py for why).

Every link between generated pages is computed here as a relative URL (`SiteMap`), so
the same Markdown works under any base path and in `jindu render --out`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import markupsafe

from jindu.bulletins.series import has_schedule
from jindu.history.changes import Change
from jindu.markup import safe_title
from jindu.outputs import Outputs
from jindu.plans.portfolio import Portfolio
from jindu.settings import Settings
from jindu.status.verdicts import URGENT, MilestoneStatus, PlanStatus, State, StatusReport, TaskStatus
from jindu.words.addresses import SiteMap
from jindu.words.changes import ChangeWords
from jindu.words.locale import Words
from jindu.words.names import Names, task_heading

if TYPE_CHECKING:
    from jindu.bulletins.listing import Listed
    from jindu.charts.specs import ChartSet
    from jindu.history.record import History

STATE_ORDER = list(State)


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates / "pages")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # safe_title leaves no quote, angle bracket or ampersand, so the JSON string is valid YAML
    # front matter and needs no further escaping.
    env.filters["tojson_title"] = lambda s: markupsafe.Markup(json.dumps(safe_title(str(s)), ensure_ascii=False))
    return env


def trajectory_rows(spec) -> list[dict]:
    """The data table of a trajectory chart: one row per date that has a target, a 序时
    knot or an actual."""
    rows: dict[str, dict] = {}

    def row(day: str) -> dict:
        return rows.setdefault(day, {"day": day, "target": "", "pace": "", "actual": ""})

    for step in spec.steps:
        row(step.end)["target"] = step.label
    for point in spec.pace:
        row(point.day)["pace"] = f"{point.value:g}{spec.unit}"
    for point in spec.actuals:
        row(point.day)["actual"] = point.label
    return [rows[day] for day in sorted(rows)]


def _months_of(index) -> list[tuple[int, int]]:
    result = []
    year, month = index.start.year, index.start.month
    while date(year, month, 1) <= index.end:
        result.append((year, month))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return result


class PageRenderer:
    """Renders every page of the site for one language into an `Outputs`."""

    def __init__(
        self,
        portfolio: Portfolio,
        report: StatusReport,
        settings: Settings,
        charts: ChartSet,
        bulletins: dict[str, list[Listed]] | None = None,
        history: History | None = None,
    ):
        self.portfolio = portfolio
        self.history = history
        self.charts = charts
        self.bulletins: dict[str, list[Listed]] = bulletins or {}
        self.report = report
        self.settings = settings
        self.lang = settings.lang
        self.words = Words(settings.lang)
        self._changes_by_plan: dict[str, tuple[dict, dict]] = {}
        self.sitemap = SiteMap(settings.use_directory_urls)
        self.names = Names.build(portfolio)
        self.env = _environment(settings.templates)

    # ----------------------------------------------------------------- helpers for templates

    def _context(self, here: str) -> dict:
        lang = self.lang
        words = self.words
        sitemap = self.sitemap

        def link(target: str, fragment: str = "") -> str:
            return sitemap.link(here, target, fragment)

        def t(key: str, **values) -> str:
            return words(key, **values)

        def reason(verdict) -> str:
            return verdict.reason.text(words)

        def asset(path: str) -> str:
            return sitemap.asset(here, path)

        return {
            "lang": lang,
            "as_of": self.report.as_of,
            "t": t,
            "link": link,
            "asset": asset,
            "sm": sitemap,
            "charts": self.charts,
            "state_label_of": words.state,
            "trajectory_rows": trajectory_rows,
            "chart_spec": lambda path: self.charts.specs[path],
            "fmt_iso": lambda text: words.day(date.fromisoformat(text)) if text else "—",
            "reason": reason,
            "state_label": words.state,
            "state_icon": words.state_icon,
            "indicator_words": words.indicator,
            "role_label": words.role,
            "unit_name": lambda org, uid: self.names.units.get((org, uid), uid),
            "unit_kind": lambda org, uid: words(f"unit_kind_{self.names.unit_kinds.get((org, uid), 'department')}"),
            "person_name": lambda org, pid: self.names.people.get((org, pid), pid),
            "person_title": lambda org, pid: self.names.titles.get((org, pid), ""),
            "org_name": lambda org: self.names.orgs.get(org, org),
            "period_label": words.period,
            "short_period": words.short_period,
            "fmt_date": words.day,
            "fmt_num": words.figure,
            "loc": words,
            "heading": task_heading,
            "STATES": STATE_ORDER,
            "URGENT": URGENT,
        }

    def _render(self, outputs: Outputs, template: str, here: str, **values) -> None:
        context = self._context(here)
        context.update(values)
        text = self.env.get_template(template).render(**context)
        outputs.add(here, text, "page")

    # ----------------------------------------------------------------- pages

    def render(self) -> Outputs:
        outputs = Outputs()
        plans = list(self.report.plans.values())
        self._render(
            outputs,
            "home.md.j2",
            self.sitemap.home,
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
        self._render(
            outputs, "attention.md.j2", self.sitemap.attention, groups=self._attention_groups(), plans=self.report.plans
        )
        self._render(
            outputs,
            "bulletins.md.j2",
            self.sitemap.bulletins,
            plans=plans,
            by_plan=self.bulletins,
            enabled=self.settings.bulletins,
            unscheduled={ps.plan.id for ps in plans if not has_schedule(ps)},
        )
        return outputs

    def _current_plans(self) -> list[str]:
        as_of = self.report.as_of
        return [pid for pid, ps in self.report.plans.items() if ps.index.start <= as_of <= ps.index.end]

    def _upcoming(self) -> list[MilestoneStatus]:
        items = [m for m in self.report.milestones() if m.state is State.DUE_SOON]
        return sorted(items, key=lambda m: (m.due, m.plan_id, m.task_id))

    def _plan_pages(self, outputs: Outputs, ps: PlanStatus) -> None:
        plan_id = ps.plan.id
        org = ps.plan.organization
        self._render(
            outputs,
            "plan.md.j2",
            self.sitemap.plan(plan_id),
            ps=ps,
            plan=ps.plan,
            org=org,
            bulletins=self.bulletins.get(plan_id, []),
        )
        ordered = list(ps.tasks.values())
        for i, status in enumerate(ordered):
            previous = ordered[i - 1] if i > 0 else None
            following = ordered[i + 1] if i + 1 < len(ordered) else None
            parent = ps.tasks.get(status.entry.parent.id) if status.entry.parent else None
            self._render(
                outputs,
                "task.md.j2",
                self.sitemap.task(plan_id, status.task_id),
                ps=ps,
                plan=ps.plan,
                org=org,
                s=status,
                task=status.entry.task,
                parent=parent,
                previous=previous,
                following=following,
                timeline=self._timeline(status),
                changes=self._changes(ps, status),
            )

    def _changes(self, ps: PlanStatus, status: TaskStatus) -> dict:
        """The task's change log (newest first) and its baseline beside the current plan."""
        history = self.history
        empty = {"shown": False, "note": "", "log": [], "baseline": [], "was": {}, "baseline_label": ""}
        if history is None:
            return empty
        if not history.available:
            return dict(empty, shown=True, note=self.words("history_unavailable"))
        words = ChangeWords(self.lang, self.names, ps.plan.organization)
        task_id = status.task_id
        ph = history.plan(ps.plan.id)
        log_by_task, baseline_by_task = self._plan_changes(ps)
        log = []
        for entry in log_by_task.get(task_id, []):
            for change in entry.changes:
                log.append(
                    {
                        "date": entry.date,
                        "commit": entry.commit,
                        "where": words.where(change),
                        "line": words.line(change),
                        "reason": change.reason,
                        "missing": change.missing_reason,
                    }
                )
        baseline, was = [], {}
        for change in baseline_by_task.get(task_id, []):
            # Beside the baseline: moved deadlines, changed targets, milestones and indicators
            # added or removed (wording and owners are in the log below).
            whole = change.kind.value != "changed" and change.subject.value in ("milestone", "indicator")
            if not (change.is_target or change.is_deadline or whole):
                continue
            baseline.append(
                {
                    "where": words.where(change),
                    "field": words.field(change.field) if change.field else words.kind(change.kind),
                    "old": words.value(change.field, change.old),
                    "new": words.value(change.field, change.new),
                }
            )
            if change.is_deadline and change.item:
                was[change.item] = change.old
        note = ""
        if history.completeness.value == "shallow":
            note = self.words("history_shallow", date=self.words.day(history.since))
        commit = ph.baseline_commit if ph else None
        return {
            "shown": True,
            "note": note,
            "log": log,
            "baseline": baseline,
            "was": was,
            "baseline_label": self.words("baseline_of", date=self.words.day(commit.date), commit=commit.short)
            if commit
            else "",
        }

    def _plan_changes(self, ps: PlanStatus) -> tuple[dict, dict]:
        """A plan's change log and its changes since the baseline, grouped by task: computed
        once per plan (the plan is compared with its baseline once, not once per task page)."""
        plan_id = ps.plan.id
        if plan_id not in self._changes_by_plan:
            assert self.history is not None
            ph = self.history.plan(plan_id)
            baseline: dict[str | None, list[Change]] = {}
            for change in self.history.baseline_changes(ps.plan):
                baseline.setdefault(change.task, []).append(change)
            self._changes_by_plan[plan_id] = (ph.by_task() if ph else {}, baseline)
        return self._changes_by_plan[plan_id]

    def _timeline(self, status: TaskStatus) -> list[dict]:
        """Milestone reports and free-text updates of one task, in date order."""
        rows = []
        for m in status.milestones:
            for r in m.history:
                rows.append(
                    {
                        "date": r.date,
                        "what": m.milestone.label or self.words.period(m.milestone.period),
                        "status": self.words(f"reported_{r.status.value}"),
                        "text": r.note or "",
                        "evidence": r.evidence,
                        "order": (0, m.milestone_id),
                    }
                )
        for u in status.updates:
            rows.append(
                {
                    "date": u.date,
                    "what": self.words("updates"),
                    "status": "—",
                    "text": u.text,
                    "evidence": u.evidence,
                    "order": (1, ""),
                }
            )
        return sorted(rows, key=lambda row: (row["date"], row["order"]))

    def _unit_pages(self, outputs: Outputs) -> None:
        rows = []
        for (org, unit_id), involvements in self.report.units.items():
            lead = [i for i in involvements if i.role == "lead"]
            coop = [i for i in involvements if i.role != "lead"]
            counts = Counter(i.status.state for i in lead)
            rows.append({"org": org, "id": unit_id, "lead": len(lead), "coop": len(coop), "counts": counts})
            self._render(
                outputs,
                "unit.md.j2",
                self.sitemap.unit(org, unit_id),
                org=org,
                unit_id=unit_id,
                lead=lead,
                coop=coop,
                counts=counts,
                plans=self.report.plans,
            )
        self._render(outputs, "units_index.md.j2", self.sitemap.units_index, rows=rows)

    def _people_pages(self, outputs: Outputs) -> None:
        rows = []
        for (org, person_id), involvements in self.report.people.items():
            counts = Counter(i.status.state for i in involvements)
            rows.append({"org": org, "id": person_id, "count": len(involvements), "counts": counts})
            self._render(
                outputs,
                "person.md.j2",
                self.sitemap.person(org, person_id),
                org=org,
                person_id=person_id,
                involvements=involvements,
                counts=counts,
                plans=self.report.plans,
            )
        self._render(outputs, "people_index.md.j2", self.sitemap.people_index, rows=rows)

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
        for year, month in sorted(months):
            key = (year, month)
            self._render(
                outputs,
                "period.md.j2",
                self.sitemap.month(year, month),
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
                title=self.words.period(f"{year}-Q{quarter}"),
                due=self._sorted(q_due),
                done=self._sorted(q_done),
                plans=self.report.plans,
            )
            index_rows.append(("quarter", year, quarter, len(q_due), len(q_done)))
        self._render(outputs, "calendar_index.md.j2", self.sitemap.calendar_index, rows=index_rows)

    @staticmethod
    def _sorted(items: list[MilestoneStatus]) -> list[MilestoneStatus]:
        return sorted(items, key=lambda m: (m.due or date.max, m.plan_id, m.task_id, m.milestone_id))

    def _attention_groups(self) -> list[tuple[tuple[str, str] | None, list[tuple]]]:
        """Overdue, lagging and due-soon items grouped by the lead department of their task."""
        groups: dict[tuple[str, str] | None, list] = defaultdict(list)
        for ps in self.report.plans.values():
            org = ps.plan.organization
            for status in ps.tasks.values():
                entry = status.entry
                leads = entry.lead_departments
                items: list = [(m, status, None) for m in status.milestones if m.state in URGENT]
                items += [(None, status, ind) for ind in status.indicators if ind.state.value == "behind"]
                if not items:
                    continue
                owners: list[str | None] = list(leads) or [None]
                for unit in owners:
                    key = (org, unit) if unit else None
                    groups[key].extend(items)
        ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or ("", "")))
        return ordered
