"""Cross-object rules, run once every file has validated on its own.

Each rule walks the validated models with their data paths, so every diagnostic points
at the exact key or list item in the YAML file. Rules never stop at the first problem.

Codes: E-DUP-ID (an id used twice), E-REF (a reference to nothing), E-PERIOD-RANGE (a
period outside the plan's or milestone's), E-DEPTH (sub-targets nested too deep),
E-RECURRENCE, E-DUP-REPORT (one milestone reported twice for one day), W-ASSESSMENT-TOTAL
(category points do not add up), E-PLAN-PERIOD (start after end), W-REPORTER (a report on
another department's task), E-SCORE-RANGE and E-DUP-SCORE (self-assessment scores),
E-NUMBER-RANGE and W-PERCENT (indicator values), E-QUALIFIER (a direction against its wording), E-REPORT-DATE (a report's date), E-TARGET-RANGE,
E-TARGET-OVERLAP (two targets due the same day).

Why one module: the rules share the Reporter, the name tables and the walk over a plan's
objects, and a reviewer checks them against docs/reference/diagnostics.md in one place.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from jindu.diagnostics.diagnostic import Diagnostics
from jindu.plans.index import PlanIndex, TaskEntry, task_units
from jindu.plans.loader import DataPath, LoadedFile
from jindu.plans.model import (
    Direction,
    DirectoryFile,
    Indicator,
    Milestone,
    PlanFile,
    ProgressFile,
    Qualifier,
    ScoreCategory,
    Task,
    UnitKind,
)
from jindu.plans.periods import occurrences, parse_period
from jindu.plans.portfolio import Document, Portfolio
from jindu.plans.validation import breadcrumb


@dataclass
class Reporter:
    source: LoadedFile
    diagnostics: Diagnostics

    def add(self, code: str, message: str, path: DataPath, hint: str = "", *, prefer_key: bool = False) -> None:
        mark = self.source.mark_for(path, prefer_key=prefer_key)
        self.diagnostics.add(
            code,
            message,
            mark,
            breadcrumb=breadcrumb(self.source.data, path),
            hint=hint,
            source_line=self.source.line_text(mark.line),
        )

    def once(self, code: str, seen: dict, key: tuple, path: DataPath, what: str, hint: str) -> None:
        """Report `code` when `key` was seen before (naming where), else remember it here."""
        if key in seen:
            where, line = seen[key]
            self.add(code, f"{what} ({where}:{line})", path, hint=hint)
        else:
            seen[key] = (self.source.display_path, self.source.mark_for(path).line)

    def reference(self, what: str, value: str, known: dict[str, str], path: DataPath) -> bool:
        """Report `value` if it is not a key of `known` (id → display name); True when found."""
        if value in known:
            return True
        close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
        if close:
            hint = f"did you mean {close[0]!r} ({known[close[0]]})?"
        elif known and len(known) <= 20:
            hint = "known here: " + ", ".join(known)
        elif known and what in ("person", "unit"):
            hint = f"add it to the directory, or use one of the {len(known)} known ids"
        elif known:
            hint = f"none of the {len(known)} known ids is close; check the spelling"
        else:
            hint = "no directory defines any; add a `kind: directory` file for the organization"
        self.add("E-REF", f"unknown {what} {value!r}", path, hint)
        return False

    def unique(self, what: str, items: Iterable[tuple[str, DataPath]]) -> None:
        seen: dict[str, DataPath] = {}
        for ident, path in items:
            if ident in seen:
                first = self.source.mark_for(seen[ident])
                self.add(
                    "E-DUP-ID",
                    f"{what} id {ident!r} is used twice (first at line {first.line})",
                    path,
                    hint=f"give each {what} its own id",
                )
            else:
                seen[ident] = path


def check_portfolio(portfolio: Portfolio) -> None:
    """Run every cross-object rule over the portfolio, adding to its diagnostics."""
    for directory_doc in portfolio.directories.values():
        _check_directory(directory_doc, portfolio.diagnostics)
    for plan_id, plan_doc in portfolio.plans.items():
        _check_plan(portfolio, plan_doc, portfolio.index(plan_id))
    for plan_doc in portfolio.salvaged:  # the valid rest of a plan with errors (plans/salvage.py)
        if plan_doc.model.id not in portfolio.plans:
            _check_plan(portfolio, plan_doc, PlanIndex.build(plan_doc.model), salvaged=True)
    _check_progress(portfolio)


# --------------------------------------------------------------------------- directory


def _check_directory(doc: Document[DirectoryFile], diagnostics: Diagnostics) -> None:
    directory: DirectoryFile = doc.model
    report = Reporter(doc.source, diagnostics)
    report.unique("person", ((p.id, ("people", i, "id")) for i, p in enumerate(directory.people)))
    report.unique("unit", ((u.id, ("units", i, "id")) for i, u in enumerate(directory.units)))
    units = {u.id: u.name for u in directory.units}
    for i, person in enumerate(directory.people):
        if person.unit:
            report.reference("unit", person.unit, units, ("people", i, "unit"))
    for i, unit in enumerate(directory.units):
        for k, member in enumerate(unit.members):
            report.reference("unit", member, units, ("units", i, "members", k))
    _check_similar_units(report, directory)


# Written between the words of a unit's name without changing which unit it is: spaces and
# punctuation (4 家, 各镇（街道）) always; these words when one spelling has them and the other
# does not (中医与科教科 / 中医科教科, 卫生监督所 / 监督所, 公共卫生管理科 / 公共卫生科).
_NAME_NOISE = re.compile(r"[\s\u3000、，,。．.·（）()【】\[\]《》<>\-—_/]+")
_FILLERS = ("与", "和", "及", "卫生", "管理")


def _name_key(name: str) -> str:
    return _NAME_NOISE.sub("", name)


def _reductions(key: str) -> set[str]:
    """`key` with filler words left out: each filler at most once, in any combination."""
    found = {key}
    for filler in _FILLERS:
        found |= {variant.replace(filler, "", 1) for variant in found if filler in variant}
    return found - {key}


def _check_similar_units(report: Reporter, directory: DirectoryFile) -> None:
    """W-UNIT-SIMILAR: two units of one directory whose names (or a name and the other's alias)
    differ only by spacing, punctuation or a filler word are likely one department spelled two
    ways: two pages, each with part of its work. Linear in units: each spelling is looked up,
    and its few reductions."""
    first: dict[tuple[bool, str], int] = {}  # (group, name key) → the first unit with it
    for j, unit in enumerate(directory.units):
        group = unit.kind is UnitKind.GROUP
        spellings = [_name_key(name) for name in (unit.name, *unit.aliases)]
        candidates = [first.get((group, k)) for key in spellings for k in (key, *sorted(_reductions(key)))]
        match = next((i for i in candidates if i is not None and i != j), None)
        if match is not None:
            other = directory.units[match]
            if _name_key(unit.name) in {_name_key(a) for a in other.aliases}:
                hint = (
                    f"{unit.name} is already an alias of {other.id!r}: name {other.id!r} instead of "
                    f"{unit.id!r} in the plans and remove {unit.id!r}"
                )
            else:
                hint = (
                    f"if they are one, keep {other.id!r}, add `aliases: [{unit.name}]` to it and name it "
                    f"instead of {unit.id!r} in the plans; if not, give one of them its full name"
                )
            report.add(
                "W-UNIT-SIMILAR",
                f"units {other.id!r} ({other.name}) and {unit.id!r} ({unit.name}) look like one "
                f"department spelled two ways: each gets a page with part of its work",
                ("units", j, "name"),
                hint=hint,
            )
        for key in spellings:  # a fuller spelling listed first is found from the short one
            for k in (key, *_reductions(key)):
                first.setdefault((group, k), j)


def _names(directory: DirectoryFile | None) -> tuple[dict[str, str], dict[str, str]]:
    if directory is None:
        return {}, {}
    return {p.id: p.name for p in directory.people}, {u.id: u.name for u in directory.units}


# --------------------------------------------------------------------------- plan


def _check_plan(portfolio: Portfolio, doc: Document[PlanFile], index: PlanIndex, salvaged: bool = False) -> None:
    """The rules of one plan; `salvaged`: the valid rest of a plan with errors, whose missing
    parts were cut (so it is not told it has no tasks)."""
    plan: PlanFile = doc.model
    report = Reporter(doc.source, portfolio.diagnostics)
    directory = portfolio.directory_for(plan)
    if directory is None and plan.organization in portfolio.failed_directories:
        report.add(
            "W-UNCHECKED",
            f"the directory for organization {plan.organization!r} has errors (see above)",
            ("organization",),
            hint="this plan's units and people are checked once they are fixed",
        )
    elif directory is None:
        known = {k: d.model.organization.name for k, d in portfolio.directories.items()}
        report.reference("organization", plan.organization, known, ("organization",))
    people, units = _names(directory)
    check_refs = directory is not None
    if directory is None and plan.organization not in portfolio.failed_directories and portfolio.directories:
        # A wrong organization id must not hide the unit and people typos until it is fixed:
        # meanwhile an id that no directory knows is reported (one known anywhere passes).
        for other in portfolio.directories.values():
            more_people, more_units = _names(other.model)
            people, units = {**more_people, **people}, {**more_units, **units}
        check_refs = True

    if "timezone" in plan.model_fields_set:
        report.add(
            "W-TIMEZONE",
            f"a plan's timezone ({plan.timezone}) is not read: whose today the statuses are for is set once, "
            "for every plan and command, in jindu.yml",
            ("timezone",),
            hint=f"remove this line and write `timezone: {plan.timezone}` in jindu.yml",
            prefer_key=True,
        )
    if not index.entries and not salvaged:
        report.add(
            "W-NO-TASKS",
            "the plan has no tasks: its pages, charts and bulletins will be empty",
            ("sections",),
            hint="add sections with tasks, or keep the file out of plans/ until it has some",
        )
    if plan.start and plan.end and plan.start > plan.end:
        report.add("E-PLAN-PERIOD", f"plan starts ({plan.start}) after it ends ({plan.end})", ("start",))
    if plan.start and plan.start.year != plan.year and not plan.end:
        report.add(
            "E-PLAN-PERIOD",
            f"start {plan.start} is not in the plan year {plan.year}",
            ("start",),
            hint="set `end` as well when a plan does not follow the calendar year",
        )

    attachments = {a.id: a.title for a in plan.attachments}
    assessments = {a.id: a.title for a in plan.assessments}
    report.unique("attachment", ((a.id, ("attachments", i, "id")) for i, a in enumerate(plan.attachments)))
    report.unique("section", ((s.id, ("sections", i, "id")) for i, s in enumerate(plan.sections)))
    report.unique("task", ((e.task.id, e.path + ("id",)) for e in index.entries))
    report.unique("assessment", ((a.id, ("assessments", i, "id")) for i, a in enumerate(plan.assessments)))
    tasks = {e.task.id: e.task.title for e in index.entries}

    def person_refs(ids: list[str], path: DataPath) -> None:
        if check_refs:
            for k, ident in enumerate(ids):
                report.reference("person", ident, people, path + (k,))

    def unit_refs(ids: list[str], path: DataPath) -> None:
        if check_refs:
            for k, ident in enumerate(ids):
                report.reference("unit", ident, units, path + (k,))

    for s, section in enumerate(plan.sections):
        unit_refs(section.lead_departments, ("sections", s, "lead_departments"))
        for k, alt in enumerate(section.alt_titles):
            report.reference("attachment", alt.source, attachments, ("sections", s, "alt_titles", k, "source"))

    for entry in index.entries:
        task, path = entry.task, entry.path
        if entry.is_subtarget and task.subtargets:
            report.add(
                "E-DEPTH",
                "sub-targets cannot have sub-targets of their own (three levels at most)",
                path + ("subtargets",),
                hint="move them up to the task, or make this a task",
                prefer_key=True,
            )
        person_refs(task.lead_leaders, path + ("lead_leaders",))
        person_refs(task.cooperating_leaders, path + ("cooperating_leaders",))
        for k, assignment in enumerate(task.people):
            if check_refs:
                report.reference("person", assignment.person, people, path + ("people", k, "person"))
        unit_refs(task.lead_departments, path + ("lead_departments",))
        unit_refs(task.cooperating_units, path + ("cooperating_units",))
        unit_refs(task.responsible_units, path + ("responsible_units",))
        for k, alt in enumerate(task.alt_titles):
            report.reference("attachment", alt.source, attachments, path + ("alt_titles", k, "source"))
        _check_milestones(report, index, entry.task, entry.milestone_ids, path, unit_refs, attachments)
        _check_indicators(report, index, task, path)

    for a, attachment in enumerate(plan.attachments):
        for r, row in enumerate(attachment.rows):
            report.reference("task", row.task, tasks, ("attachments", a, "rows", r, "task"))
        if attachment.assessment:
            report.reference("assessment", attachment.assessment, assessments, ("attachments", a, "assessment"))

    for a, assessment in enumerate(plan.assessments):
        _check_assessment(report, assessment, ("assessments", a), unit_refs, units if check_refs else None)


def _check_milestones(
    report: Reporter,
    index: PlanIndex,
    task: Task,
    ids: list[str],
    path: DataPath,
    unit_refs,
    attachments: dict[str, str],
) -> None:
    explicit = [(m.id, path + ("milestones", k, "id")) for k, m in enumerate(task.milestones) if m.id]
    report.unique("milestone", explicit)
    plan_period = index.period
    for k, milestone in enumerate(task.milestones):
        mpath = path + ("milestones", k)
        period = parse_period(milestone.period)
        if not plan_period.contains(period):
            report.add(
                "E-PERIOD-RANGE",
                f"milestone period {milestone.period} lies outside the plan ({index.start} to {index.end})",
                mpath + ("period",),
                hint="check the year; a plan covers one year unless `start`/`end` say otherwise",
            )
        if milestone.recurrence and not period.scheduled:
            report.add(
                "E-RECURRENCE",
                "a recurring milestone needs a dated period (e.g. the plan year)",
                mpath + ("recurrence",),
            )
        elif milestone.recurrence and len(occurrences(period, milestone.recurrence)) < 2:
            report.add(
                "E-RECURRENCE",
                f"`{milestone.recurrence.value}` repeats nothing inside {milestone.period}",
                mpath + ("recurrence",),
                hint="give the period it repeats in (e.g. the plan year), or remove `recurrence`",
            )
        for j, step in enumerate(milestone.steps):
            step_period = parse_period(step.period)
            if not step_period.scheduled or not period.contains(step_period):
                report.add(
                    "E-PERIOD-RANGE",
                    f"step period {step.period} lies outside its milestone's {milestone.period}",
                    mpath + ("steps", j, "period"),
                )
        unit_refs(milestone.responsible, mpath + ("responsible",))
        if milestone.source:
            report.reference("attachment", milestone.source, attachments, mpath + ("source",))
    _check_nested(report, task, path)


def _check_nested(report: Reporter, task: Task, path: DataPath) -> None:
    """W-NESTED-SCHEDULE: two attachments schedule the same work at two grains (附件1 by
    quarter, 附件2 by month), so every month would be reported beside its quarter."""
    periods = [(k, m, parse_period(m.period)) for k, m in enumerate(task.milestones)]
    dated = [(k, m, p) for k, m, p in periods if p.scheduled and not m.recurrence and m.source]
    inner: dict[int, tuple[Milestone, Milestone]] = {}
    for k, m, p in dated:
        for _, outer, q in dated:
            if outer.source != m.source and q.contains(p) and (q.start, q.end) != (p.start, p.end):
                inner.setdefault(k, (m, outer))
    if not inner:
        return
    k, (first, outer) = next(iter(inner.items()))
    report.add(
        "W-NESTED-SCHEDULE",
        f"task {task.id!r} schedules the same work twice: {len(inner)} milestones of {first.source} fall inside "
        f"milestones of {outer.source} ({first.period} inside {outer.period}), so a department that reports "
        f"{outer.period} is still asked for {first.period}",
        path + ("milestones", k, "period"),
        hint=(
            f"make them `steps:` of the milestone they fall in (`- period: {first.period}` and `text:` under "
            f"{outer.period}'s `steps`), so the work is reported once"
        ),
    )


# Values beyond this are no indicator of a public plan (and cannot be drawn or summed safely).
LARGEST = 1e15


def check_magnitude(report: Reporter, value: float | None, path: DataPath) -> None:
    """E-NUMBER-RANGE: a value too large to be a target or a measurement."""
    if value is not None and abs(value) > LARGEST:
        report.add(
            "E-NUMBER-RANGE",
            f"{value:g} is out of range for an indicator value (±{LARGEST:g} at most)",
            path,
            hint="check the digits; write the value in the indicator's unit (万, 亿 …) if it is this large",
        )


def check_percent(report: Reporter, value: float | None, unit: str | None, path: DataPath) -> None:
    """W-PERCENT: a value in % outside 0–100 (a rate above 100% is possible, but rarely meant)."""
    if value is not None and unit == "%" and not 0 <= value <= 100:
        report.add(
            "W-PERCENT",
            f"{value:g}% is outside 0–100%",
            path,
            hint="check the value; a growth rate above 100% is possible, a coverage rate is not",
        )


def _check_indicators(report: Reporter, index: PlanIndex, task: Task, path: DataPath) -> None:
    report.unique("indicator", ((ind.id, path + ("indicators", k, "id")) for k, ind in enumerate(task.indicators)))
    for k, indicator in enumerate(task.indicators):
        here = path + ("indicators", k)
        check_magnitude(report, indicator.baseline, here + ("baseline",))
        _check_wording(report, indicator, here)
        due: dict[date, str] = {}
        for period_text in indicator.targets:
            period = parse_period(period_text)
            if period.scheduled and period.last_day in due:
                report.add(
                    "E-TARGET-OVERLAP",
                    f"targets for {due[period.last_day]} and {period_text} both fall due on {period.last_day}",
                    here + ("targets", period_text),
                    hint="keep one target per period end",
                    prefer_key=True,
                )
            elif period.scheduled:
                due[period.last_day] = period_text
        for key, values in (("targets", indicator.targets), ("upper", indicator.upper)):
            for period_text, value in values.items():
                check_magnitude(report, value, here + (key, period_text))
                check_percent(report, value, indicator.unit, here + (key, period_text))
        for period_text in indicator.targets:
            period = parse_period(period_text)
            if not period.scheduled or not index.period.contains(period):
                report.add(
                    "E-PERIOD-RANGE",
                    f"target period {period_text} lies outside the plan ({index.start} to {index.end})",
                    path + ("indicators", k, "targets", period_text),
                    prefer_key=True,
                )
        for period_text, high in indicator.upper.items():
            low = indicator.targets.get(period_text)
            where = path + ("indicators", k, "upper", period_text)
            if low is None:
                report.add(
                    "E-TARGET-RANGE",
                    f"upper end given for {period_text}, which has no target",
                    where,
                    hint=f"add `{period_text}: <lower end>` under targets",
                    prefer_key=True,
                )
            elif high < low:
                report.add("E-TARGET-RANGE", f"upper end {high:g} is below the target {low:g} for {period_text}", where)


# A target's wording names which way is better: 以下 (at most) is a ceiling, 以上 (at least) a floor.
_WORDED = {
    Qualifier.AT_MOST: (Direction.INCREASE, "以下", "decrease"),
    Qualifier.AT_LEAST: (Direction.DECREASE, "以上", "increase"),
}


def _check_wording(report: Reporter, indicator: Indicator, here: DataPath) -> None:
    """A direction written against the target's wording (以下 with `direction: increase`)."""
    if indicator.qualifier not in _WORDED or "direction" not in indicator.model_fields_set:
        return
    against, word, meant = _WORDED[indicator.qualifier]
    if indicator.direction is against:
        report.add(
            "E-QUALIFIER",
            f"the target is worded {word} ({indicator.qualifier.value}), but direction says {against.value}",
            here + ("direction",),
            hint=f"write `direction: {meant}` or leave direction out: {word} already says which way is better",
        )


def _category_ids(categories: list[ScoreCategory]) -> Iterable[str]:
    for category in categories:
        yield category.id
        yield from _category_ids(category.subcategories)


def _check_assessment(report: Reporter, assessment, path: DataPath, unit_refs, units) -> None:
    unit_refs(assessment.units, path + ("units",))
    categories = {ident: ident for ident in _category_ids(assessment.categories)}
    rated = {u: u for u in assessment.units}
    for k, score in enumerate(assessment.scores):
        report.reference("unit rated on this form", score.unit, rated, path + ("scores", k, "unit"))
        report.reference("category", score.category, categories, path + ("scores", k, "category"))
    maxima = [c.max_points for c in assessment.categories]
    total = assessment.total_points
    points = [m for m in maxima if m is not None]
    if total is not None and len(points) == len(maxima) and abs(sum(points) - total) > 1e-9:
        report.add(
            "W-ASSESSMENT-TOTAL",
            f"category points add up to {sum(points):g}, not the total {total:g}",
            path + ("total_points",),
        )
    for c, category in enumerate(assessment.categories):
        sub = [s.max_points for s in category.subcategories]
        parts = [m for m in sub if m is not None]
        most = category.max_points
        if sub and most is not None and len(parts) == len(sub) and abs(sum(parts) - most) > 1e-9:
            report.add(
                "W-ASSESSMENT-TOTAL",
                f"sub-items of {category.name} add up to {sum(parts):g}, not {most:g}",
                path + ("categories", c, "max_points"),
            )


# --------------------------------------------------------------------------- progress


def _check_progress(portfolio: Portfolio) -> None:
    plans = {k: d.model.title for k, d in portfolio.plans.items()}
    seen_reports: dict[tuple[str, str, str, date], tuple[str, int]] = {}
    seen_scores: dict[tuple[str, str, str, str], tuple[str, int]] = {}
    for doc in portfolio.progress:
        progress: ProgressFile = doc.model
        report = Reporter(doc.source, portfolio.diagnostics)
        if progress.plan not in plans and progress.plan in portfolio.failed_plans:
            report.add(
                "W-UNCHECKED",
                f"plan {progress.plan!r} has errors (see above)",
                ("plan",),
                hint="this file is checked against the plan once they are fixed",
            )
            continue
        if not report.reference("plan", progress.plan, plans, ("plan",)):
            continue
        index = portfolio.index(progress.plan)
        plan = index.plan
        _, units = _names(portfolio.directory_for(plan))
        if progress.reporter:
            report.reference("unit", progress.reporter, units, ("reporter",))
        if progress.period:
            period = parse_period(progress.period)
            if not period.scheduled or not index.period.contains(period):
                report.add(
                    "E-PERIOD-RANGE",
                    f"report period {progress.period} lies outside the plan ({index.start} to {index.end})",
                    ("period",),
                )
        tasks = {e.task.id: e.task.title for e in index.entries}
        about: list[tuple[str, DataPath]] = []  # (task, where the file names it), for W-REPORTER
        dated = [(("milestones", k, "date"), m.date) for k, m in enumerate(progress.milestones)]
        dated += [(("updates", k, "date"), u.date) for k, u in enumerate(progress.updates)]
        dated += [(("indicators", k, "date"), a.date) for k, a in enumerate(progress.indicators) if a.date]
        for where, day in dated:
            _check_report_date(report, day, progress.reported, index, where)
        for k, item in enumerate(progress.milestones):
            path = ("milestones", k)
            if not report.reference("task", item.task, tasks, path + ("task",)):
                continue
            about.append((item.task, path + ("task",)))
            entry = index.by_id[item.task]
            known = {
                mid: (m.label or m.period) for mid, m in zip(entry.milestone_ids, entry.task.milestones, strict=True)
            }
            if not report.reference(f"milestone of task {item.task}", item.milestone, known, path + ("milestone",)):
                continue
            key = (progress.plan, item.task, item.milestone, item.date)
            what = f"milestone {item.task}/{item.milestone} is already reported for {item.date}"
            report.once("E-DUP-REPORT", seen_reports, key, path, what, "keep one report per milestone per day")
        for k, update in enumerate(progress.updates):
            if report.reference("task", update.task, tasks, ("updates", k, "task")):
                about.append((update.task, ("updates", k, "task")))
        for k, actual in enumerate(progress.indicators):
            path = ("indicators", k)
            if not report.reference("task", actual.task, tasks, path + ("task",)):
                continue
            about.append((actual.task, path + ("task",)))
            entry = index.by_id[actual.task]
            known = {ind.id: ind.name for ind in entry.task.indicators}
            report.reference(f"indicator of task {actual.task}", actual.indicator, known, path + ("indicator",))
            check_magnitude(report, actual.value, path + ("value",))
            unit = next((i.unit for i in entry.task.indicators if i.id == actual.indicator), None)
            check_percent(report, actual.value, unit, path + ("value",))
            period = parse_period(actual.period)
            if not period.scheduled or not index.period.contains(period):
                report.add("E-PERIOD-RANGE", f"period {actual.period} lies outside the plan", path + ("period",))
        _check_scores(report, plan, progress, seen_scores)
        if progress.reporter in units:
            directory = portfolio.directory_for(plan)
            groups = {u.id for u in directory.units if u.kind is UnitKind.GROUP} if directory else set()
            checked: set[str] = set()
            for task_id, named_at in about:  # each task once, at the first line that names it
                if task_id not in checked:
                    checked.add(task_id)
                    _check_reporter(report, progress.reporter, index.by_id[task_id], units, groups, named_at)


def _check_reporter(
    report: Reporter, reporter: str, entry: TaskEntry, units: dict[str, str], groups: set[str], path: DataPath
) -> None:
    """W-REPORTER: a department reports only on tasks it leads or co-operates on."""
    leads, others = task_units(entry)
    if (not leads and not others) or reporter in leads or reporter in others:
        return
    named = [f"{units.get(u, u)} ({u})" for u in leads]
    hint = f"task {entry.task.id} is led by {', '.join(named) or 'no unit'}"
    if others:
        hint += "; co-operating: " + ", ".join(f"{units.get(u, u)} ({u})" for u in others)
    report.add(
        "W-REPORTER",
        f"{units[reporter]} ({reporter}) reports on task {entry.task.id}, which it neither leads nor co-operates on",
        path,
        hint=hint + "; check `reporter` or the task id",
    )


def _maxima(categories: list[ScoreCategory]) -> dict[str, float | None]:
    """The items a form scores (categories without sub-items, and sub-items) with their
    maximum points: a category with sub-items is scored through them."""
    found: dict[str, float | None] = {}
    for category in categories:
        found.update(_maxima(category.subcategories) if category.subcategories else {category.id: category.max_points})
    return found


def _check_scores(report: Reporter, plan: PlanFile, progress: ProgressFile, seen: dict) -> None:
    """Scores on a self-assessment form: the form, unit and item exist, the points are within
    the item's maximum, and no unit is scored twice on an item (across files)."""
    forms = {a.id: a for a in plan.assessments}
    for k, score in enumerate(progress.scores):
        path = ("scores", k)
        if not report.reference(
            "assessment", score.assessment, {f: forms[f].title for f in forms}, path + ("assessment",)
        ):
            continue
        form = forms[score.assessment]
        maxima = _maxima(form.categories)
        rated = report.reference("unit rated on this form", score.unit, {u: u for u in form.units}, path + ("unit",))
        if not report.reference("scored item", score.category, {c: c for c in maxima}, path + ("category",)):
            continue
        most = maxima[score.category]
        if most is not None and score.points > most + 1e-9:
            report.add(
                "E-SCORE-RANGE",
                f"{score.points:g} points on {score.category}, whose maximum is {most:g}",
                path + ("points",),
            )
        if not rated:
            continue
        key = (plan.id, score.assessment, score.unit, score.category)
        what = f"{score.unit} is already scored on {score.category}"
        report.once("E-DUP-SCORE", seen, key, path, what, "keep one score per unit and item")


def _check_report_date(report: Reporter, day: date, sent: date | None, index: PlanIndex, path: DataPath) -> None:
    """E-REPORT-DATE: a report dated before its plan begins, after the file was sent, or more
    than a year after the plan ends (it would count nowhere, or on the wrong day)."""
    if day < index.start:
        report.add("E-REPORT-DATE", f"{day} is before the plan begins ({index.start})", path, hint="check the year")
    elif sent is not None and day > sent:
        report.add(
            "E-REPORT-DATE",
            f"{day} is after the report was sent (reported: {sent})",
            path,
            hint="a status is reported once it is reached: check the date, or the file's `reported`",
        )
    elif (day - index.end).days > 366:
        report.add(
            "E-REPORT-DATE",
            f"{day} is more than a year after the plan ends ({index.end})",
            path,
            hint="check the year",
        )
