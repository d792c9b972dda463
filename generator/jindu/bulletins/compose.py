"""Compose: what one issue of a plan's 工作简报 says, as plain data, before anything is printed.

`compose_bulletin` reads a status report computed as of the issue's date and returns a
`Bulletin`: counts, the period's battle map spec, and the lists a secretariat puts in a
bulletin (done, overdue, lagging, due soon, indicators, departments, next period). Every
word is in the UI language already, so the print template only lays it out.

Why one module: the content types and the writer that fills them in the order the bulletin
prints its sections belong together; the layout is in site_templates/print/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from jindu.bulletins.series import Issue, next_period
from jindu.plans.forms import FormTable
from jindu.plans.model import BulletinSettings
from jindu.plans.periods import PeriodKind, parse_period
from jindu.status.indicators import pace_target
from jindu.status.verdicts import FINISHED, MilestoneStatus, PlanStatus, State, StatusReport, TaskStatus
from jindu.words.changes import ChangeWords
from jindu.words.locale import Words

if TYPE_CHECKING:
    from jindu.charts.specs import BattleMapSpec
    from jindu.history.record import Entry
    from jindu.words.addresses import SiteMap
    from jindu.words.names import Names


INLINE_CHART_LINES = 6  # a battle map this short (rows and section headings) stays in the text


@dataclass
class Item:
    """One milestone line of a bulletin list."""

    key: str  # task id, the end of its short link
    task: str  # "3 推进…" with its number
    milestone: str  # 第二季度 / the plan's own label
    reason: str
    departments: str
    link: str  # absolute URL of the task page, or ""
    due_short: str = ""  # the due date without the plan's year: 6月30日 / 30 Jun


@dataclass
class TaskLines:
    """The items of one list that belong to one task: a table row with a line per milestone."""

    key: str
    task: str
    departments: str
    link: str
    lines: list[str]


@dataclass
class AdjustmentLine:
    """One change to the plan committed within the period (本期计划调整)."""

    date: str
    key: str  # the task id, or "" for a change to the plan itself
    task: str
    link: str
    what: str  # 节点 q3
    change: str  # 工作节点：2023-Q3 → 2023-Q4
    reason: str


def group_by_task(items: list[Item], line) -> list[TaskLines]:
    """One row per task, in the order tasks first appear; `line(item)` words each milestone."""
    rows: dict[str, TaskLines] = {}
    for item in items:
        row = rows.get(item.key)
        if row is None:
            row = rows[item.key] = TaskLines(item.key, item.task, item.departments, item.link, [])
        row.lines.append(line(item))
    return list(rows.values())


@dataclass
class IndicatorLine:
    key: str
    task: str
    name: str
    target: str
    pace: str
    actual: str
    state: str
    state_text: str
    link: str


@dataclass
class DepartmentLine:
    name: str
    tasks: int
    due: int
    done: int
    overdue: int
    lagging: int
    not_reported: int = 0


@dataclass
class Summary:
    """Page 1's figures. What fell due in the period (done on time, done late, not done) is
    kept apart from what was overdue before it began, so a reader sees what the period did."""

    counts: list[tuple[str, str, int]]  # (state, words, tasks) for the states that occur
    tasks: int
    tasks_done: int
    due: int  # milestones due in the period
    due_on_time: int  # of those, reported done by their due date
    due_late: int  # reported done after their due date, by the as-of date
    due_open: int  # not done by the as-of date (cancelled ones are left out)
    due_unreported: int  # of those, with no report at all (未报送), as opposed to reported not done
    carried: int  # milestones fallen due and not done when the period began (超期 or 未报送)
    carried_done: int  # of those, done during the period
    carried_unreported: int  # of those still open, with no report at all (未报送)
    completed: int  # milestones reported done during the period (whenever due)
    lagging: int
    due_soon: int  # due after the as-of date, within the look-ahead
    sample_tasks: int = 0  # tasks whose figures come from `sample: true` reports

    @property
    def due_done(self) -> int:
        return self.due_on_time + self.due_late

    @property
    def carried_open(self) -> int:
        return self.carried - self.carried_done

    @property
    def completion_rate(self) -> str:
        return f"{100 * self.tasks_done / self.tasks:.0f}%" if self.tasks else "—"

    @property
    def due_rate(self) -> str:
        return f"{100 * self.due_on_time / self.due:.0f}%" if self.due else "—"


@dataclass
class Bulletin:
    """Everything one issue prints, in its language."""

    issue: Issue
    lang: str
    name: str  # masthead: 重点工作进展简报
    issuer: str
    organization: str
    plan_title: str
    headline: str  # 2023年第二季度重点工作推进情况
    period_label: str
    as_of: str  # formatted
    as_of_iso: str
    revision: str
    summary: Summary
    completed: list[TaskLines]
    due_open: list[TaskLines]  # due in the period and not done
    carried: list[TaskLines]  # overdue before the period and still not done
    lagging: list[TaskLines]
    due_soon: list[TaskLines]
    indicators: list[IndicatorLine]
    departments: list[DepartmentLine]
    next_label: str  # the following period, or "" at the end of the plan
    upcoming: list[TaskLines]
    adjustments: list[AdjustmentLine] | None  # None: built without the plans' history
    settings: BulletinSettings
    plan_link: str  # absolute URL of the plan page, or ""
    link_pattern: str  # "https://…/plans/2023-qingpu/<编号>/" for readers of the printed copy
    charts: list[BattleMapSpec] = field(default_factory=list)  # the period's battle map, a page each
    words: dict[str, str] = field(default_factory=dict)
    issued_on: str = ""  # the day the office issued it (版记), formatted; "" for a draft
    draft: bool = False  # not issued: 草稿 on every page
    forms: list[FormTable] = field(default_factory=list)  # the year's self-assessment forms (year issue only)
    unit_names: dict[str, str] = field(default_factory=dict)  # unit id → name, for the forms
    sample: bool = False  # counts `sample: true` reports: 示例数据 on every page

    @property
    def inline_chart(self) -> bool:
        """A battle map of a few lines prints in the text, not on a landscape page of its own."""
        return len(self.charts) == 1 and sum(len(g.rows) + 1 for g in self.charts[0].groups) <= INLINE_CHART_LINES

    @property
    def title(self) -> str:
        """The document title: masthead, number and headline."""
        mark = self.words["bulletin_draft"] if self.draft else ""
        return f"{self.name} {self.words['issue_no']}{mark} · {self.headline}"


class BulletinWriter:
    """Composes the bulletins of one plan from status reports as of each issue's date."""

    def __init__(self, names: Names, sitemap: SiteMap, lang: str, base_url: str | None, revision: str):
        self.names = names
        self.sitemap = sitemap
        self.lang = lang
        self.locale = Words(lang)
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""
        self.revision = revision

    def t(self, key: str, **values) -> str:
        return self.locale(key, **values)

    def url(self, page: str, fragment: str = "") -> str:
        if not self.base_url:
            return ""
        return self.base_url + self.sitemap.url(page) + (f"#{fragment}" if fragment else "")

    def departments(self, org: str, status: TaskStatus) -> str:
        return self.locale.join([self.names.units.get((org, u), u) for u in status.entry.lead_departments])

    def item(self, ps: PlanStatus, ms: MilestoneStatus) -> Item:
        status = ps.tasks[ms.task_id]
        parent = ps.tasks.get(status.entry.parent.id) if status.entry.parent else None
        task = status.entry.task
        heading = f"{task.number} {task.title}" if task.number not in (None, "") else task.title
        if parent is not None:
            parent_task = parent.entry.task
            heading = f"{parent_task.number or ''}{'.' if parent_task.number else ''}{heading}"
        name = ms.milestone.label or self.locale.short_period(ms.period, ps.plan.year)
        return Item(
            key=ms.task_id,
            task=heading,
            milestone=name,
            reason=ms.verdict.reason.text(self.locale),
            departments=self.departments(ps.plan.organization, status),
            link=self.url(self.sitemap.task(ps.plan.id, ms.task_id)),
            due_short=self.locale.short_day(ms.due, ps.plan.year) if ms.due else "",
        )

    def attention_line(self, item: Item) -> str:
        return self.t("bulletin_attention_line", reason=item.reason, due=item.due_short)

    def upcoming_line(self, item: Item) -> str:
        return self.t("bulletin_upcoming_line", milestone=item.milestone, due=item.due_short)

    def compose(
        self,
        report: StatusReport,
        issue: Issue,
        settings: BulletinSettings,
        org_name: str,
        charts: list[BattleMapSpec],
        adjustments: list[Entry] | None = None,
    ) -> Bulletin:
        """The bulletin of `issue`, from `report` (computed as of `issue.as_of`)."""
        assert report.as_of == issue.as_of, "the status report must be as of the issue's date"
        ps = report.plans[issue.plan_id]
        period, lang = issue.period, self.lang
        # A draft of a running period counts only what has fallen due by its date; an issued
        # bulletin reports as of the period's last day, so this is the whole period.
        start, end = period.first_day, min(period.last_day, ps.index.end, issue.as_of)
        milestones = sorted(ps.milestones(), key=lambda m: (m.due or date.max, m.plan_id, m.task_id, m.milestone_id))

        def within(day: date | None) -> bool:
            return day is not None and start <= day <= end

        due = [m for m in milestones if within(m.due) and m.state is not State.CANCELLED]
        completed = sorted((m for m in milestones if within(m.completed_on)), key=lambda m: (m.completed_on, m.due))
        due_open = [m for m in due if m.state not in FINISHED]

        def done_before_start(m: MilestoneStatus) -> bool:
            return m.state in FINISHED and (m.completed_on is None or m.completed_on < start)

        # Open when the period began: due before it and not done before it (超期 and 未报送 alike).
        carried = [
            m
            for m in milestones
            if m.due and m.due < start and m.state is not State.CANCELLED and not done_before_start(m)
        ]
        carried_open = [m for m in carried if m.state not in FINISHED]
        lagging = [self.item(ps, m) for m in milestones if m.state is State.LAGGING]
        # In a bulletin dated the period's last day, a milestone due that day fell due in the
        # period: it is counted there, never as 临期 ("due today").
        due_soon = [self.item(ps, m) for m in milestones if m.state is State.DUE_SOON and m.due and m.due > issue.as_of]
        following = next_period(period, ps.index)
        upcoming = []
        if following is not None:
            upcoming = [
                self.item(ps, m)
                for m in milestones
                if m.due
                and following.first_day <= m.due <= following.last_day
                and m.state not in FINISHED + (State.CANCELLED,)
            ]
        top = ps.top_level()
        summary = Summary(
            counts=[(s.value, self.locale.state(s), ps.rollup.count(s)) for s in State if ps.rollup.count(s)],
            tasks=len(top),
            tasks_done=sum(1 for t in top if t.state in FINISHED),
            due=len(due),
            due_on_time=sum(1 for m in due if m.state is State.DONE),
            due_late=sum(1 for m in due if m.state is State.DONE_LATE),
            due_open=len(due_open),
            due_unreported=sum(1 for m in due_open if m.state is State.NOT_REPORTED),
            carried=len(carried),
            carried_done=len(carried) - len(carried_open),
            carried_unreported=sum(1 for m in carried_open if m.state is State.NOT_REPORTED),
            completed=len(completed),
            lagging=len(lagging),
            due_soon=len(due_soon),
            sample_tasks=sum(1 for t in ps.tasks.values() if t.sample and not t.children),
        )
        period_label = (
            self.locale.period(period)
            if period.kind is not PeriodKind.YEAR
            else self.t("bulletin_year", year=ps.plan.year)
        )
        # A Chinese masthead name stays in the Chinese edition; the English one says it in English.
        name = self.locale.own_name(settings.name) or self.t("bulletin_name")
        return Bulletin(
            issue=issue,
            lang=lang,
            name=name,
            issuer=settings.issuer or org_name,
            organization=org_name,
            plan_title=ps.plan.title,
            headline=self.t("bulletin_headline", period=period_label),
            period_label=period_label,
            as_of=self.locale.long_day(issue.as_of),
            as_of_iso=issue.as_of.isoformat(),
            revision="" if issue.draft else self.revision,
            summary=summary,
            completed=group_by_task([self.item(ps, m) for m in completed], lambda i: i.reason),
            due_open=group_by_task([self.item(ps, m) for m in due_open], self.attention_line),
            carried=group_by_task([self.item(ps, m) for m in carried_open], self.attention_line),
            lagging=group_by_task(lagging, self.attention_line),
            due_soon=group_by_task(due_soon, self.attention_line),
            indicators=self.indicators(ps, issue.as_of),
            departments=self.department_lines(report, ps, start, end),
            next_label=self.locale.period(following) if following else "",
            upcoming=group_by_task(upcoming, self.upcoming_line),
            adjustments=None if adjustments is None else self.adjustment_lines(ps, adjustments),
            settings=settings,
            plan_link=self.url(self.sitemap.plan(ps.plan.id)),
            link_pattern=self.url(self.sitemap.task(ps.plan.id, "ID")).replace("ID", self.t("bulletin_id_word")),
            charts=charts,
            words=self.words(issue),
            issued_on=self.locale.long_day(issue.issued_on) if issue.issued_on else "",
            draft=issue.draft,
            sample=issue.sample or (ps.sample and summary.sample_tasks > 0),
        )

    def adjustment_lines(self, ps: PlanStatus, entries: list[Entry]) -> list[AdjustmentLine]:
        """The plan's changes committed in the period, oldest first, a line per change."""
        words = ChangeWords(self.lang, self.names, ps.plan.organization)
        lines = []
        for entry in entries:
            for change in entry.changes:
                status = ps.tasks.get(change.task or "")
                title = status.entry.task.title if status else (change.name if change.task else ps.plan.title)
                link = self.url(self.sitemap.task(ps.plan.id, change.task)) if status and change.task else ""
                reason = change.reason or (self.t("change_reason_missing") if change.needs_reason else "")
                what = words.where(change) if change.subject.value not in ("task", "plan") else ""
                lines.append(
                    AdjustmentLine(
                        self.locale.short_day(entry.date, ps.plan.year) if entry.date else "",
                        change.task or "",
                        title,
                        link,
                        what,
                        words.line(change),
                        reason,
                    )
                )
        return lines

    def indicators(self, ps: PlanStatus, as_of: date) -> list[IndicatorLine]:
        lines = []
        for status in ps.tasks.values():
            for ind in status.indicators:
                indicator = ind.indicator
                unit = indicator.unit or ""
                key = next((k for k in reversed(indicator.targets) if parse_period(k).kind is PeriodKind.YEAR), None)
                key = key or (list(indicator.targets)[-1] if indicator.targets else None)
                target = indicator.targets[key] if key else None
                words, _ = self.locale.indicator(ind.state)
                lines.append(
                    IndicatorLine(
                        key=status.task_id,
                        task=status.entry.task.title,
                        name=indicator.name,
                        target=(
                            self.locale.target(target, unit, indicator.qualifier, indicator.upper.get(key or ""))
                            if target is not None
                            else "—"
                        ),
                        # the 序时目标 the status was judged against, as the site shows it
                        pace=self.locale.measure(
                            ind.pace_target if ind.pace_target is not None else pace_target(indicator, ps.index, as_of),
                            unit,
                        ),
                        actual=self.locale.measure(ind.actual.value, unit) if ind.actual else "—",
                        state=ind.state.value,
                        state_text=words,
                        link=self.url(self.sitemap.task(ps.plan.id, status.task_id)),
                    )
                )
        return lines

    def department_lines(self, report: StatusReport, ps: PlanStatus, start: date, end: date) -> list[DepartmentLine]:
        org = ps.plan.organization
        lines = []
        for (unit_org, unit_id), involvements in report.units.items():
            led = [i.status for i in involvements if unit_org == org and i.plan_id == ps.plan.id and i.role == "lead"]
            if not led:
                continue
            milestones = [m for s in led for m in s.milestones]
            due = [m for m in milestones if m.due and start <= m.due <= end]
            lines.append(
                DepartmentLine(
                    name=self.names.units.get((org, unit_id), unit_id),
                    tasks=len(led),
                    due=len(due),
                    done=sum(1 for m in due if m.state in FINISHED),
                    overdue=sum(1 for m in milestones if m.state is State.OVERDUE),
                    lagging=sum(1 for m in milestones if m.state is State.LAGGING),
                    not_reported=sum(1 for m in milestones if m.state is State.NOT_REPORTED),
                )
            )
        return sorted(lines, key=lambda line: (-line.overdue, -line.not_reported, -line.lagging, -line.due, line.name))

    def words(self, issue: Issue) -> dict[str, str]:
        keys = [
            "bulletin_toc",
            "bulletin_overview",
            "bulletin_completed",
            "bulletin_attention",
            "bulletin_due_open",
            "bulletin_carried",
            "bulletin_lagging",
            "bulletin_due_soon",
            "bulletin_indicators",
            "bulletin_departments",
            "bulletin_next",
            "bulletin_none",
            "bulletin_chart",
            "bulletin_report_to",
            "bulletin_copy_to",
            "bulletin_distribute_to",
            "bulletin_revision",
            "bulletin_scan",
            "bulletin_links",
            "bulletin_tasks",
            "bulletin_due",
            "bulletin_done",
            "bulletin_overdue_n",
            "bulletin_not_reported_n",
            "bulletin_of_which_unreported_n",
            "bulletin_on_time_n",
            "bulletin_late_n",
            "bulletin_open_n",
            "bulletin_carried_n",
            "bulletin_carried_open_n",
            "bulletin_lagging_n",
            "bulletin_rate",
            "bulletin_due_rate",
            "bulletin_completed_n",
            "bulletin_due_soon_n",
            "bulletin_id",
            "task",
            "milestone",
            "status",
            "reason",
            "lead_departments",
            "department",
            "indicator",
            "target",
            "pace_target",
            "actual",
            "count_total",
            "bulletin_chart_note",
            "bulletin_adjustments",
            "bulletin_adjustments_note",
            "date",
            "change_object",
            "change_what",
            "change_reason",
            "bulletin_draft",
            "sample_tag",
            "bulletin_cc",
            "forms",
            "form_unit",
            "form_unscored",
            "form_max",
        ]
        words = {k: self.t(k) for k in keys}
        words["issue_no"] = self.locale.issue_no(issue.number, issue.correction)
        return words


def compose_bulletin(
    report: StatusReport,
    issue: Issue,
    settings: BulletinSettings,
    names: Names,
    sitemap: SiteMap,
    lang: str,
    organization: str,
    base_url: str | None = None,
    revision: str = "",
    charts: list[BattleMapSpec] | None = None,
    adjustments: list[Entry] | None = None,
) -> Bulletin:
    """The bulletin of one issue; `report` must be computed as of `issue.as_of`. `organization`
    is the issuing organization's full name (the default issuer under the masthead);
    `adjustments` the plan's history entries committed in the period (None: no history)."""
    writer = BulletinWriter(names, sitemap, lang, base_url, revision)
    return writer.compose(report, issue, settings, organization, charts or [], adjustments)
