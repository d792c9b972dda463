"""Change words: a `Change` said in Chinese or English, for pages, bulletins and `jindu diff`.

`ChangeWords(lang, names, organization)` turns field names into the plan's own words
(工作节点, 牵头部门), unit and person ids into names, and a change into one line:
"工作节点：2023-Q3 → 2023-Q4". The text is plain; each caller escapes it for where it
goes (HTML autoescaping, Markdown, PDF).
"""

from __future__ import annotations

from typing import Any

from jindu.history.changes import OWNER_FIELDS, Change, Kind, Subject
from jindu.words.locale import Words

FIELD_WORDS = {
    "title": ("名称", "title"),
    "year": ("年度", "year"),
    "start": ("开始日期", "start"),
    "end": ("结束日期", "end"),
    "target": ("目标", "target"),
    "description": ("任务内容", "description"),
    "annual_plan": ("年度计划", "annual plan"),
    "lead_leaders": ("牵头领导", "lead leaders"),
    "cooperating_leaders": ("配合领导", "cooperating leaders"),
    "lead_departments": ("牵头部门", "lead departments"),
    "cooperating_units": ("配合部门", "cooperating units"),
    "responsible_units": ("责任单位", "responsible units"),
    "people": ("负责人", "responsible persons"),
    "period": ("工作节点", "deadline"),
    "id": ("标识", "id"),  # said with its subject: 任务标识, 节点标识, 指标标识
    "label": ("节点名称", "milestone name"),
    "acceptance": ("验收标准", "acceptance"),
    "responsible": ("责任主体", "responsible"),
    "steps": ("分步安排", "steps"),
    "name": ("指标名称", "indicator name"),
    "unit": ("单位", "unit"),
    "baseline": ("基线", "baseline"),
    "direction": ("方向", "direction"),
    "targets": ("目标值", "target values"),
    "upper": ("目标上限", "upper target values"),
    "qualifier": ("目标表述（以上/以下/左右/力争）", "target wording (at least / at most / about / strive)"),
}
SUBJECT_WORDS = {
    Subject.PLAN: ("计划", "plan"),
    Subject.SECTION: ("板块", "section"),
    Subject.TASK: ("任务", "task"),
    Subject.MILESTONE: ("节点", "milestone"),
    Subject.INDICATOR: ("指标", "indicator"),
}
KIND_WORDS = {Kind.ADDED: ("新增", "added"), Kind.REMOVED: ("删除", "removed"), Kind.CHANGED: ("调整", "changed")}
PEOPLE_FIELDS = {"lead_leaders", "cooperating_leaders"}
LONG = 120  # characters of long prose (descriptions) quoted before "…"


class ChangeWords:
    """Says changes in one language, with the names of one organization's units and people."""

    def __init__(self, lang: str = "zh", names: Any = None, organization: str = "") -> None:
        self.lang = lang
        self.words = Words(lang)
        self.names = names
        self.organization = organization

    def _pick(self, pair: tuple[str, str]) -> str:
        return self.words.pick(*pair)

    def field(self, name: str | None) -> str:
        return self._pick(FIELD_WORDS.get(name or "", (name or "", name or "")))

    def subject(self, subject: Subject) -> str:
        return self._pick(SUBJECT_WORDS[subject])

    def kind(self, kind: Kind) -> str:
        return self._pick(KIND_WORDS[kind])

    def _name(self, field_name: str, ident: str) -> str:
        if self.names is None:
            return ident
        if field_name in PEOPLE_FIELDS or field_name == "people":
            person, _, role = ident.partition(":")
            name = self.names.people.get((self.organization, person), person)
            return f"{name}{self.words.aside(role)}" if role else name
        if field_name in OWNER_FIELDS:
            return self.names.units.get((self.organization, ident), ident)
        return ident

    def value(self, field_name: str | None, value: Any) -> str:
        """A field's value as text: names for ids, periods with their targets, long prose cut."""
        if value is None or value == [] or value == {} or value == "":
            return self.words("change_none")
        if isinstance(value, list) and field_name == "steps":  # steps hold 、 themselves
            return self.words.marks.clause_sep.join(str(v) for v in value)
        if isinstance(value, list):
            return self.words.join([self._name(field_name or "", str(v)) for v in value])
        if isinstance(value, dict):
            if set(value) <= {"period", "target"}:  # a whole milestone
                target = value.get("target")
                return self.words.labelled(value.get("period"), target) if target else str(value.get("period"))
            return self.words.marks.clause_sep.join(f"{k}: {_number(v)}" for k, v in value.items())
        text = str(value) if not isinstance(value, float) else _number(value)
        if field_name == "description" and len(text) > LONG:
            text = text[:LONG] + "…"
        return text

    def where(self, change: Change) -> str:
        """What changed, short: 节点 q3, 指标 rate, 任务 (the task itself)."""
        if change.subject is Subject.MILESTONE:
            item = change.item if not change.old_item else f"{change.old_item}→{change.item}"
            return f"{self.subject(change.subject)} {item}"
        if change.subject in (Subject.INDICATOR, Subject.SECTION):
            return f"{self.subject(change.subject)} {change.item}"
        return self.subject(change.subject)

    def line(self, change: Change) -> str:
        """One line: "工作节点：2023-Q3 → 2023-Q4", "新增节点 2023-Q4：全面运营"."""
        colon = self.words.marks.colon
        if change.kind is Kind.CHANGED:
            what = self.field(change.field)
            if change.field == "id":
                what = self.words.pick(
                    f"{self.subject(change.subject)}{what}", f"{self.subject(change.subject)} {what}"
                )
            return f"{what}{colon}{self.value(change.field, change.old)} → {self.value(change.field, change.new)}"
        value = change.new if change.kind is Kind.ADDED else change.old
        what = self.words("change_kind_subject", kind=self.kind(change.kind), subject=self.subject(change.subject))
        detail = self.value(None, value) if value not in (None, "", [], {}) else ""
        return f"{what} {detail}".strip()


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
