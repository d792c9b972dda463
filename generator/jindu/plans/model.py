"""The plan format: one declarative description, the source of truth.

These pydantic models validate plan files, export the JSON Schema that editors use
(`schema/jindu.schema.json`), and generate the format reference (`docs/reference/`). Every
field has a description: the Chinese term the seed documents use, then what it means.

A repository holds three kinds of YAML file, told apart by `kind`:

* ``directory`` — an organization's people and units (departments, affiliated units,
  outside bodies), written once and referenced by id from its plans;
* ``plan`` — one plan document: metadata, attachments, sections → tasks → sub-targets,
  milestones, indicators, and a self-assessment form;
* ``progress`` — a progress report: milestone statuses, dated updates and indicator
  actuals, usually one file per department per period, so a report is a small pull
  request that never touches the plan.

Models are frozen and forbid unknown keys. Cross-object rules (ids, references, periods
inside the plan year) live in `checks.py`; these models only check each value's shape.

Why one module: the format is reviewed, documented and turned into the JSON Schema as one
description; splitting it would scatter one file's fields over several.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from enum import Enum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from jindu.plans.periods import PeriodError, Recurrence, parse_period

# --------------------------------------------------------------------------- value types

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(description="An identifier: lower-case ASCII letters, digits and '-', e.g. `t07` or `hu-jiong`."),
]
Text = Annotated[str, StringConstraints(min_length=1)]
# Numbering as written ("1", "(3)", "一"). The loader keeps unquoted `1` as text; the JSON
# Schema also admits integers so editors do not flag `number: 1`.
Label = Annotated[str, WithJsonSchema({"type": ["string", "integer"]})]


def _check_period(value: str) -> str:
    try:
        parse_period(value)
    except PeriodError as exc:
        raise PydanticCustomError("period", str(exc)) from None
    return value


PERIOD_PATTERN = r"^(unscheduled|\d{4}(-(H[12]|Q[1-4]|\d{2}(-\d{2})?))?(\.\.\d{4}(-(H[12]|Q[1-4]|\d{2}(-\d{2})?))?)?)$"
PeriodText = Annotated[
    str,
    AfterValidator(_check_period),
    WithJsonSchema({"type": ["string", "integer"], "pattern": PERIOD_PATTERN}),
    Field(
        description="A period: `2023`, `2023-H1`, `2023-Q2`, `2023-06`, `2023-06-30`, a range "
        "`2023-Q2..2023-Q3`, or `unscheduled`.",
        examples=["2023-Q2", "2023-06", "2023-Q2..2023-Q3", "unscheduled"],
    ),
]


def _check_url(value: str) -> str:
    lowered = value.strip().lower()
    if not lowered.startswith(("https://", "http://")):
        raise PydanticCustomError(
            "url", "links must start with https:// or http:// (got {value})", {"value": repr(value[:80])}
        )
    if any(ch in value for ch in " \t\r\n<>\"'`"):
        raise PydanticCustomError("url", "a link cannot contain spaces, quotes or angle brackets")
    return value.strip()


def _check_time_zone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "timezone", "unknown time zone {value}; use a name such as Asia/Shanghai", {"value": repr(value[:80])}
        ) from None
    return value


TimeZone = Annotated[str, AfterValidator(_check_time_zone)]

# The schema's view of `_check_url`, for editors (case-insensitive http or https).
URL_PATTERN = r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s<>\"'`]+\s*$"
Url = Annotated[
    str,
    AfterValidator(_check_url),
    WithJsonSchema({"type": "string", "pattern": URL_PATTERN}),
    Field(description="An http(s) link."),
]

# An e-mail address as directories write it: one @, no spaces or angle brackets (a display
# name belongs to the person's `name`). The reserved .invalid domain marks example addresses.
EMAIL_PATTERN = (
    r"^[^@\s<>\"',;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
Email = Annotated[
    str,
    StringConstraints(pattern=EMAIL_PATTERN, max_length=254),
    Field(description="An e-mail address, e.g. `duchashi@example.gov.cn`."),
]


class Role(str, Enum):
    """The title a responsible person holds on a task, as the plan writes it."""

    FU_ZE_REN = "负责人"
    XIANG_MU_FU_ZE_REN = "项目负责人"
    ZE_REN_REN = "责任人"
    JU_TI_FU_ZE_REN = "具体负责人"


class Level(str, Enum):
    """级别: a district-level or department-level task (挂图作战)."""

    DISTRICT = "区级"
    DEPARTMENT = "部门级"


class UnitKind(str, Enum):
    DEPARTMENT = "department"
    AFFILIATED = "affiliated"
    EXTERNAL = "external"
    GROUP = "group"


class Status(str, Enum):
    """A milestone's reported status (进展状态)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DELAYED = "delayed"
    CANCELLED = "cancelled"


class View(str, Enum):
    """How an attachment presents the plan."""

    TARGET_LIST = "target-list"
    BATTLE_MAP = "battle-map"
    SCHEDULE = "schedule"
    ASSESSMENT = "assessment"


class Direction(str, Enum):
    INCREASE = "increase"
    DECREASE = "decrease"


class Qualifier(str, Enum):
    """How a target is worded: 90%以上, 5家左右, 力争50000人次 …"""

    AT_LEAST = "at_least"  # 以上 / 不低于
    AT_MOST = "at_most"  # 以下 / 不超过 (with `direction: decrease`)
    ABOUT = "about"  # 左右 / 约: met within `about_tolerance`
    STRIVE = "strive"  # 力争: an aim; falling short is shown, never counted as lagging


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


# --------------------------------------------------------------------------- directory


class Organization(Model):
    id: Id = Field(description="机构标识 — the organization's id; plans name it in `organization`.")
    name: Text = Field(description="机构名称 — full name, e.g. 上海市闵行区卫生健康委员会.")
    short_name: str | None = Field(None, description="简称 — short name used in headers, e.g. 闵行区卫健委.")


class Person(Model):
    id: Id = Field(description="人员标识 — stable id, usually the name in pinyin (`hu-jiong`).")
    name: Text = Field(description="姓名 — the person's name as the plan writes it.")
    title: str | None = Field(None, description="职务 — position, e.g. 副主任, 书记.")
    unit: Id | None = Field(None, description="所在单位 — the unit (by id) the person belongs to, where known.")
    email: Email | None = Field(
        None, description="电子邮箱 — where `jindu remind` writes to the person about the tasks they are named on."
    )
    note: str | None = Field(None, description="备注 — remarks.")


class Unit(Model):
    id: Id = Field(description="单位标识 — stable id, survives renaming.")
    name: Text = Field(description="单位名称 — name as written in the plan, e.g. 计划财务科.")
    kind: UnitKind = Field(
        UnitKind.DEPARTMENT,
        description="类型 — `department` (机关科室/处室), `affiliated` (直属单位, e.g. 区疾控中心), "
        "`external` (outside body, e.g. 区财政局) or `group` (a collective such as 各社区卫生服务中心).",
    )
    aliases: list[Text] = Field(default_factory=list, description="别名 — other spellings used in the plans.")
    email: list[Email] = Field(
        default_factory=list, description="电子邮箱 — the unit's mailboxes; `jindu remind` writes its reminders there."
    )
    members: list[Id] = Field(
        default_factory=list,
        description="成员单位 — for a `group`: the units (ids) it stands for; reminders to the group go to each.",
    )
    note: str | None = Field(None, description="备注 — remarks.")


class BulletinPeriod(str, Enum):
    """The period kinds a bulletin series can report on."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


class BulletinSettings(Model):
    """How the organization's 工作简报 look and who receives them. Every field has a default."""

    name: Text | None = Field(
        None,
        description="简报名称 — the masthead title; default 重点工作进展简报 "
        "(Key Work Progress Bulletin in the English edition).",
    )
    issuer: Text | None = Field(
        None, description="编发单位 — the office named under the masthead; default the organization's name."
    )
    periods: list[BulletinPeriod] = Field(
        default_factory=lambda: [BulletinPeriod.QUARTER, BulletinPeriod.YEAR],
        min_length=1,
        description="期次 — which periods get a bulletin: `month`, `quarter`, `half`, `year` (default: "
        "quarter and year). Issues are numbered 第1期, 第2期… per plan per year in the order the periods end.",
    )
    report_to: list[Text] = Field(default_factory=list, description="报 — offices the bulletin is reported to.")
    copy_to: list[Text] = Field(default_factory=list, description="送 — offices it is sent to.")
    cc: list[Text] = Field(default_factory=list, description="抄送 — offices that receive a copy for information.")
    distribute_to: list[Text] = Field(default_factory=list, description="发 — units it is distributed to.")
    copies: int | None = Field(None, ge=1, description="共印份数 — number of printed copies.")
    email: list[Email] = Field(
        default_factory=list,
        description="发送邮箱 — the mailboxes of the offices above; `jindu bulletin deliver` e-mails each issued "
        "bulletin there once.",
    )


class DirectoryFile(Model):
    kind: Literal["directory"] = Field(description="File kind: `directory`.")
    organization: Organization = Field(description="机构 — the organization this directory belongs to.")
    people: list[Person] = Field(default_factory=list, description="人员 — people named in the plans.")
    units: list[Unit] = Field(default_factory=list, description="单位 — departments and other units.")
    bulletin: BulletinSettings = Field(
        default_factory=BulletinSettings, description="工作简报 — masthead, series and recipients of the PDF bulletins."
    )


# --------------------------------------------------------------------------- plan


class DocumentInfo(Model):
    number: str | None = Field(None, description="文号 — document number, e.g. 闵卫发〔2023〕25号.")
    issuer: str | None = Field(None, description="发文机关 — issuing office as signed.")
    issued: dt.date | None = Field(None, description="成文日期 — date of issue.")
    printed_by: str | None = Field(None, description="印发机关 — office that printed it.")
    printed: dt.date | None = Field(None, description="印发日期 — print date.")
    disclosure: str | None = Field(None, description="公开属性 — disclosure attribute, e.g. 主动公开.")
    notice_title: str | None = Field(None, description="通知标题 — title of the covering notice.")
    addressees: str | None = Field(None, description="主送 — addressees of the notice.")
    notice_body: str | None = Field(None, description="通知正文 — text of the covering notice.")
    source: Url | None = Field(None, description="来源 — where the document is published (an http(s) link).")


class AttachmentRow(Model):
    number: Label | None = Field(None, description="序号 — row number as written.")
    task: Id = Field(description="任务 — id of the task or sub-target this row plans month by month.")
    title: str | None = Field(None, description="任务名称 — the row's own wording of the task name.")
    target: str | None = Field(None, description="年度目标 — the row's own wording of the annual target.")


class Attachment(Model):
    id: Id = Field(description="附件标识 — id other fields use to name this attachment.")
    number: Label | None = Field(None, description="附件编号 — number as written (1, 2).")
    title: Text = Field(description="附件标题 — title as written.")
    view: View = Field(
        description="视图 — `target-list` (目标管理任务清单: tasks with quarterly requirements), "
        "`battle-map` (挂图作战: tasks × months), `schedule` (推进计划表/工作计划表), "
        "`assessment` (考核自评表)."
    )
    rows: list[AttachmentRow] = Field(
        default_factory=list,
        description="行 — for a battle map: its rows, each naming the task whose monthly plan it is.",
    )
    assessment: Id | None = Field(None, description="考核表 — for an assessment view: the form's id.")


class AltTitle(Model):
    source: Id = Field(description="出处 — id of the attachment that words the title differently.")
    title: Text = Field(description="标题 — the title as that attachment writes it.")


class Step(Model):
    period: PeriodText = Field(description="时间 — when this step falls, e.g. `2020-04`.")
    text: Text = Field(description="内容 — the step as written, e.g. 4月份：出台文件…")


class Milestone(Model):
    id: Id | None = Field(
        None,
        description="节点标识 — optional; by default derived from the period (`q2`, `m06`, `y`, `q2-q3`, "
        "`unscheduled`), with `-2`, `-3` added when a task has several in one period.",
    )
    period: PeriodText = Field(description="工作节点 — when it falls due; the last day of the period is the due date.")
    recurrence: Recurrence | None = Field(
        None,
        description="重复 — for milestones that repeat inside their period: `first-month-of-quarter` "
        "(每季度第一个月), `monthly` (每月), `quarterly` (每季度).",
    )
    label: str | None = Field(
        None,
        description="节点名称 — the period as the plan writes it, when it says more "
        "than the period does (第二、三季度, 重要敏感时点).",
    )
    target: Text | None = Field(
        None,
        description="节点目标 / 进度要求 / 工作措施 — what is to be achieved by then. Required unless `steps` "
        "spell it out month by month.",
    )
    acceptance: str | None = Field(None, description="验收标准 — how the milestone is judged done.")
    responsible: list[Id] = Field(default_factory=list, description="责任主体 — responsible units (ids).")
    steps: list[Step] = Field(default_factory=list, description="分步 — month-by-month steps inside the period.")
    source: Id | None = Field(None, description="出处 — id of the attachment this milestone comes from.")
    note: str | None = Field(None, description="备注 — remarks.")
    reason: str | None = Field(
        None,
        description="变更理由 — why the period or target last changed. When a change moves the period or rewrites the target, write here why (a new reason with each change); `jindu check --base` refuses the change without one, and the task page and the bulletin show it.",
    )

    # Editors know it too: a milestone without `target` needs at least one step.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [{"required": ["target"]}, {"required": ["steps"], "properties": {"steps": {"minItems": 1}}}]
        }
    )

    @model_validator(mode="after")
    def _target_or_steps(self) -> Milestone:
        if self.target is None and not self.steps:
            raise PydanticCustomError("missing_target", "a milestone needs a `target` (or month-by-month `steps`)")
        return self


class Indicator(Model):
    id: Id = Field(description="指标标识 — id, unique within the task.")
    name: Text = Field(description="指标名称 — e.g. 60-79岁老年人全程接种率.")
    unit: str | None = Field(None, description="单位 — %, 台, 名, 家…")
    baseline: float | None = Field(None, allow_inf_nan=False, description="基线 — value at the start.")
    direction: Direction = Field(Direction.INCREASE, description="方向 — `increase` (higher is better) or `decrease`.")
    targets: dict[PeriodText, Annotated[float, Field(allow_inf_nan=False)]] = Field(
        description="目标值 — target per period, e.g. `{2023-Q1: 87, 2023-Q2: 90}`; the last is the annual target."
    )
    upper: dict[PeriodText, Annotated[float, Field(allow_inf_nan=False)]] = Field(
        default_factory=dict,
        description="目标上限 — for a range target such as 2–3家: the upper end per period (`targets` holds the lower).",
    )
    qualifier: Qualifier | None = Field(
        None,
        description="限定 — `at_least` (以上), `at_most` (以下), `about` (左右) or `strive` (力争); pages print it "
        "and the status rules respect it.",
    )
    source: str | None = Field(None, description="出处 — where in the plan text the target is stated.")
    note: str | None = Field(None, description="备注 — remarks.")
    reason: str | None = Field(
        None,
        description="变更理由 — why the targets last changed. When a change moves a target value, write here why (a new reason with each change); `jindu check --base` refuses the change without one, and the task page and the bulletin show it.",
    )


class Assignment(Model):
    person: Id = Field(description="人员 — id of the person.")
    role: Role = Field(description="职责 — 负责人, 项目负责人, 责任人 or 具体负责人, as the plan calls it.")


class Task(Model):
    id: Id = Field(description="任务标识 — unique within the plan; progress reports and links use it.")
    number: Label | None = Field(None, description="编号 — numbering as written: 1, 12, (3).")
    title: Text = Field(description="任务名称 / 二级目标 / 三级目标 / 项目内容 — the task as the plan names it.")
    alt_titles: list[AltTitle] = Field(default_factory=list, description="其他表述 — other wordings in attachments.")
    description: str | None = Field(None, description="任务内容 — the prose of the task.")
    target: str | None = Field(None, description="年度目标 / 项目目标 / 目标任务 — the annual target.")
    annual_plan: str | None = Field(None, description="年度计划 — the annual plan text.")
    level: Level | None = Field(None, description="级别 — 区级 or 部门级.")
    leadership_note: str | None = Field(
        None, description="分工说明 — the plan's own words on who leads, e.g. (由胡炯副主任牵头实施)."
    )
    lead_leaders: list[Id] = Field(default_factory=list, description="牵头领导 / 责任领导 — lead leaders (people ids).")
    cooperating_leaders: list[Id] = Field(
        default_factory=list, description="配合领导 — leaders who assist (people ids)."
    )
    lead_departments: list[Id] = Field(
        default_factory=list, description="牵头科室 / 牵头部门 / 责任处室 — lead departments (unit ids)."
    )
    people: list[Assignment] = Field(default_factory=list, description="负责人 — responsible persons with their role.")
    cooperating_units: list[Id] = Field(default_factory=list, description="配合部门 — cooperating units (unit ids).")
    responsible_units: list[Id] = Field(default_factory=list, description="责任单位 — responsible units (unit ids).")
    milestones: list[Milestone] = Field(default_factory=list, description="工作节点 — milestones.")
    indicators: list[Indicator] = Field(default_factory=list, description="量化指标 — quantitative indicators.")
    subtargets: list[Task] = Field(
        default_factory=list, description="三级目标 — sub-targets; same fields as a task, one level deep."
    )
    notes: str | None = Field(None, description="备注 — remarks.")
    reason: str | None = Field(
        None,
        description="变更理由 — why the annual `target` last changed. When a change "
        "rewrites the target, write here why (a new reason with each change); `jindu check "
        "--base` refuses the change without one, and the task page and the bulletin show it.",
    )


class Section(Model):
    id: Id = Field(description="板块标识 — unique within the plan.")
    number: Label | None = Field(None, description="编号 — numbering as written: 一, 二.")
    title: Text = Field(description="一级目标 / 重点工作 / 责任处室 — the section heading.")
    alt_titles: list[AltTitle] = Field(default_factory=list, description="其他表述 — other wordings in attachments.")
    lead_departments: list[Id] = Field(
        default_factory=list, description="责任处室 — the department a section belongs to."
    )
    tasks: list[Task] = Field(default_factory=list, description="任务 — tasks (二级目标 / 项目).")
    notes: str | None = Field(None, description="备注 — remarks.")


class ScoreCategory(Model):
    id: Id = Field(description="类别标识.")
    name: Text = Field(description="评分项目 — e.g. 基础工作.")
    max_points: float | None = Field(None, ge=0, description="分值 — maximum points.")
    subcategories: list[ScoreCategory] = Field(default_factory=list, description="子项 — sub-items.")


class Score(Model):
    unit: Id = Field(description="单位 — the unit rated.")
    category: Id = Field(description="类别 — the category (or sub-item) id.")
    points: float = Field(ge=0, description="得分 — points given.")


class Assessment(Model):
    id: Id = Field(description="考核表标识.")
    title: Text = Field(description="标题 — e.g. 新北区卫生健康局2020年度考核自评表.")
    categories: list[ScoreCategory] = Field(description="评分项目和分值 — categories with maximum points.")
    total_points: float | None = Field(None, ge=0, description="总分 — maximum total.")
    units: list[Id] = Field(default_factory=list, description="处室和单位 — the units rated, in order.")
    scores: list[Score] = Field(default_factory=list, description="得分 — scores, when given.")


class RoleLabels(Model):
    """The plan's own words for its roles; the Chinese pages use them instead of jindu's."""

    lead_departments: str | None = Field(None, description="牵头部门 — as the plan says: 牵头处室, 牵头科室, 责任处室…")
    cooperating_units: str | None = Field(None, description="配合部门 — e.g. 配合处室, 配合科室.")
    responsible_units: str | None = Field(None, description="责任单位 — e.g. 责任主体.")
    lead_leaders: str | None = Field(None, description="牵头领导 — e.g. 责任领导, 分管领导.")
    cooperating_leaders: str | None = Field(None, description="配合领导 — e.g. 协管领导.")


class PlanFile(Model):
    kind: Literal["plan"] = Field(description="File kind: `plan`.")
    id: Id = Field(description="计划标识 — unique across the repository, e.g. `2023-minhang`.")
    organization: Id = Field(description="机构 — id of the organization (its directory file).")
    title: Text = Field(description="标题 — the plan's title.")
    genre: str | None = Field(None, description="文种 — 重点工作安排, 推进计划表, 工作要点, 重点工作计划表…")
    year: int = Field(ge=1990, le=2100, description="年度 — the plan year.")
    start: dt.date | None = Field(None, description="开始 — first day covered; default 1 January of `year`.")
    end: dt.date | None = Field(None, description="结束 — last day covered; default 31 December of `year`.")
    timezone: TimeZone = Field(
        "Asia/Shanghai",
        description="时区 — not read (W-TIMEZONE): whose today the statuses are for is `timezone` in jindu.yml.",
    )
    document: DocumentInfo | None = Field(None, description="公文信息 — document number, dates, disclosure.")
    preamble: str | None = Field(None, description="导语 — the plan's opening paragraph.")
    attachments: list[Attachment] = Field(default_factory=list, description="附件 — attachments, as named views.")
    sections: list[Section] = Field(default_factory=list, description="板块 — sections (一级目标).")
    assessments: list[Assessment] = Field(default_factory=list, description="考核表 — self-assessment forms.")
    labels: RoleLabels | None = Field(
        None, description="称谓 — the plan's own words for roles (牵头处室, 责任领导…), shown on the Chinese pages."
    )
    notes: str | None = Field(None, description="备注 — remarks.")


# --------------------------------------------------------------------------- progress


class MilestoneReport(Model):
    task: Id = Field(description="任务 — task or sub-target id.")
    milestone: Id = Field(description="节点 — milestone id within the task (`q2`, `m06`…).")
    status: Status = Field(description="状态 — not_started, in_progress, done, delayed or cancelled.")
    date: dt.date = Field(description="日期 — when the status was reached (for `done`: the completion date).")
    evidence: Url | None = Field(None, description="佐证 — link to evidence.")
    note: str | None = Field(None, description="说明 — explanation, e.g. why it is delayed.")


class Update(Model):
    task: Id = Field(description="任务 — task or sub-target id.")
    date: dt.date = Field(description="日期.")
    text: Text = Field(description="进展 — what happened.")
    evidence: Url | None = Field(None, description="佐证 — link to evidence.")


class IndicatorActual(Model):
    task: Id = Field(description="任务 — task or sub-target id.")
    indicator: Id = Field(description="指标 — indicator id within the task.")
    period: PeriodText = Field(description="期间 — the period the value is for.")
    value: float = Field(allow_inf_nan=False, description="实际值 — the measured value.")
    date: dt.date | None = Field(None, description="日期 — when it was measured.")
    evidence: Url | None = Field(None, description="佐证 — link to evidence.")
    note: str | None = Field(None, description="说明.")


class ReportedScore(Model):
    assessment: Id = Field(description="考核表 — id of the plan's self-assessment form.")
    unit: Id = Field(description="单位 — the unit rated (one the form lists).")
    category: Id = Field(description="评分项目 — the category or sub-item id.")
    points: float = Field(ge=0, allow_inf_nan=False, description="得分 — points given, at most the item's maximum.")
    note: str | None = Field(None, description="说明 — e.g. why points were taken off.")


class ProgressFile(Model):
    kind: Literal["progress"] = Field(description="File kind: `progress`.")
    plan: Id = Field(description="计划 — id of the plan reported on.")
    reporter: Id | None = Field(None, description="报送单位 — the reporting unit (unit id).")
    period: PeriodText | None = Field(None, description="报告期 — the period reported, e.g. `2023-Q2`.")
    reported: dt.date | None = Field(None, description="报送日期 — date of the report.")
    sample: Annotated[bool, Strict()] = Field(
        False, description="示例数据 — true when the report is invented for demonstration; pages label it."
    )
    milestones: list[MilestoneReport] = Field(default_factory=list, description="节点进展 — milestone statuses.")
    updates: list[Update] = Field(default_factory=list, description="工作动态 — dated free-text updates.")
    indicators: list[IndicatorActual] = Field(default_factory=list, description="指标实际值 — indicator actuals.")
    scores: list[ReportedScore] = Field(
        default_factory=list, description="考核得分 — scores on the plan's self-assessment form (考核自评表)."
    )
    note: str | None = Field(None, description="说明 — remarks on the whole report.")


AnyFile = Annotated[PlanFile | DirectoryFile | ProgressFile, Field(discriminator="kind")]

FILE_MODELS: dict[str, type[Model]] = {"plan": PlanFile, "directory": DirectoryFile, "progress": ProgressFile}
