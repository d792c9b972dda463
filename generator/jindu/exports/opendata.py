"""Open data: the plans, their statuses and reasons as JSON, one file per plan and an index,
with a JSON Schema generated from the models below (published beside the files).

`format_version` changes only when a field is removed or changes meaning; new fields may be
added within a version. Statuses are as of `as_of`; every reason is given in the edition's
language.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict, Field

from jindu import __version__
from jindu.plans.index import task_units
from jindu.status.verdicts import PlanStatus, TaskStatus
from jindu.words.locale import Words
from jindu.words.names import Names

FORMAT_VERSION = 1
UNIT_FORMAT_VERSION = 2  # a department's file: tasks point into the plans' files
SCHEMA_PATH = "data/schema.json"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Named(_Model):
    id: str = Field(description="Stable id from the plans' directory.")
    name: str = Field(description="Display name.")


class Report(_Model):
    date: dt.date = Field(description="Date of the latest report on or before as_of.")
    status: str = Field(description="Reported status: not_started, in_progress, done, delayed or cancelled.")
    note: str | None = Field(None, description="The report's note.")


class MilestoneData(_Model):
    id: str
    period: str = Field(description="The period as the plan writes it, e.g. 2023-Q2.")
    label: str = Field(description="The period in words.")
    due: dt.date | None = Field(description="Due date; null for a milestone without a date.")
    target: str
    acceptance: str | None
    state: str = Field(description="Computed state (see docs/reference/status.md).")
    reason: str
    last_report: Report | None


class IndicatorData(_Model):
    id: str
    name: str
    unit: str | None
    targets: dict[str, float]
    state: str = Field(description="exceeded, met, behind or no_data.")
    reason: str
    actual: float | None
    actual_period: str | None


class TaskData(_Model):
    id: str
    number: str | None
    title: str
    section: str
    parent: str | None = Field(description="The task a sub-target belongs to.")
    lead_units: list[Named]
    cooperating_units: list[Named]
    leaders: list[Named]
    state: str
    reason: str
    sample: bool = Field(
        False, description="True when the task's figures come from reports marked as invented sample data (示例数据)."
    )
    url: str = Field(description="The task's page, relative to the site root or absolute.")
    milestones: list[MilestoneData]
    indicators: list[IndicatorData]


class PlanData(_Model):
    format_version: int = Field(FORMAT_VERSION, description="Version of this format.")
    generator: str = Field(description="The jindu version that wrote the file.")
    as_of: dt.date = Field(description="The date the statuses are computed for.")
    lang: str = Field(description="Language of titles' translations and reasons: zh or en.")
    id: str
    title: str
    organization: Named
    year: int
    start: dt.date
    end: dt.date
    closed: bool = Field(description="The plan period has ended (已结束); states are final outcomes.")
    document_number: str | None
    state: str
    reason: str
    counts: dict[str, int] = Field(description="Top-level tasks by state.")
    tasks: list[TaskData]


class UnitTask(_Model):
    """A task the unit works on, pointing into its plan's file (where the task is given in full)."""

    plan: Named
    role: str = Field(description="lead or cooperate.")
    task: str = Field(description="The task's id in its plan's file (`tasks[].id`).")
    title: str
    state: str
    url: str = Field(description="The task's page, relative to the site root or absolute.")
    data: str = Field(description="The plan's JSON file, relative to the site root: the task in full.")


class UnitData(_Model):
    format_version: int = Field(
        UNIT_FORMAT_VERSION, description="2: each task points into its plan's file (1 repeated it whole)."
    )
    generator: str
    as_of: dt.date
    lang: str
    organization: Named
    unit: Named
    tasks: list[UnitTask] = Field(description="The tasks the unit leads or co-operates on.")


class IndexEntry(_Model):
    id: str
    title: str
    year: int
    state: str
    json_file: str = Field(alias="json", description="The plan's JSON file, relative to the site root.")
    xlsx: str
    csv: str
    ics: str


class IndexData(_Model):
    format_version: int = FORMAT_VERSION
    generator: str
    as_of: dt.date
    lang: str
    schema_url: str = Field(SCHEMA_PATH, alias="schema", description="The JSON Schema of these files.")
    plans: list[IndexEntry]


def plan_data(ps: PlanStatus, names: Names, words: Words, as_of: dt.date, url) -> PlanData:
    org = ps.plan.organization

    def named(ids, table) -> list[Named]:
        return [Named(id=i, name=table.get((org, i), i)) for i in ids]

    tasks = [_task(status, named, names, words, url(ps.plan.id, status.task_id)) for status in ps.tasks.values()]
    return PlanData(
        generator=f"jindu {__version__}",
        as_of=as_of,
        lang=words.lang,
        id=ps.plan.id,
        title=ps.plan.title,
        organization=Named(id=org, name=names.orgs.get(org, org)),
        year=ps.plan.year,
        start=ps.index.start,
        end=ps.index.end,
        closed=ps.closed,
        document_number=ps.plan.document.number if ps.plan.document else None,
        state=ps.rollup.verdict.state.value,
        reason=ps.rollup.verdict.reason.text(words),
        counts={state.value: n for state, n in sorted(ps.rollup.counts.items(), key=lambda kv: kv[0].value)},
        tasks=tasks,
    )


def _task(status: TaskStatus, named, names: Names, words: Words, url: str) -> TaskData:
    entry = status.entry
    leads, others = task_units(entry)
    section = entry.section
    return TaskData(
        id=entry.task.id,
        number=entry.task.number,
        title=entry.task.title,
        section=f"{section.number}、{section.title}" if section.number else section.title,
        parent=entry.parent.id if entry.parent else None,
        lead_units=named(leads, names.units),
        cooperating_units=named(others, names.units),
        leaders=named(entry.task.lead_leaders, names.people),
        state=status.state.value,
        reason=status.verdict.reason.text(words),
        sample=status.sample,
        url=url,
        milestones=[
            MilestoneData(
                id=ms.milestone_id,
                period=ms.milestone.period,
                label=ms.milestone.label or words.period(ms.milestone.period),
                due=ms.due,
                target=ms.milestone.target or "\n".join(s.text for s in ms.milestone.steps),
                acceptance=ms.milestone.acceptance,
                state=ms.state.value,
                reason=ms.verdict.reason.text(words),
                last_report=Report(date=ms.report.date, status=ms.report.status.value, note=ms.report.note)
                if ms.report
                else None,
            )
            for ms in status.milestones
        ],
        indicators=[
            IndicatorData(
                id=ind.indicator.id,
                name=ind.indicator.name,
                unit=ind.indicator.unit,
                targets=dict(ind.indicator.targets),
                state=ind.state.value,
                reason=ind.reason.text(words),
                actual=ind.actual.value if ind.actual else None,
                actual_period=ind.actual.period if ind.actual else None,
            )
            for ind in status.indicators
        ],
    )


def dump(model: BaseModel) -> bytes:
    """Canonical JSON: keys in model order, two-space indent, non-ASCII kept, a final newline."""
    return (model.model_dump_json(indent=2, by_alias=True) + "\n").encode("utf-8")


def schema() -> bytes:
    """The JSON Schema of a plan's, a unit's and the index file (as `$defs`, `oneOf` the three)."""
    tops = {model.__name__: model.model_json_schema(by_alias=True) for model in (PlanData, UnitData, IndexData)}
    defs: dict = {}
    for name, top in tops.items():
        defs.update(top.pop("$defs", {}))
        defs[name] = top
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "jindu open data",
        "description": f"Plans, statuses and reasons published by jindu (format version {FORMAT_VERSION}).",
        "oneOf": [{"$ref": f"#/$defs/{name}"} for name in tops],
        "$defs": defs,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
