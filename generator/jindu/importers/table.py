"""Table: a plan table workbook (推进计划表, 目标管理表, 重点工作计划表) as a plan and a directory.

The header row is found among the first rows by the names offices use, in any order and with
their variants (HEADERS). Merged cells are carried into every cell they cover, so a task title
merged over its milestone rows names each of them. Two layouts are read, and may mix:

- a row per task with period columns (一季度…四季度 / 第一季度…, 1月…12月): each filled period
  cell is a milestone of that period;
- a row per milestone with a 工作节点 column (第一季度, 第二、三季度, 全年, 重要敏感时点 …): rows
  with the same title are one task, each row one milestone (节点目标, 验收标准, 责任主体).

Rows with text in their first cell only are section headings (or a 一级目标/板块 column names
the section). Units and people are split on 、，, ; and go into the directory with generated ids.
Every cell read in a way that needed a guess is named in a YAML comment above its task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号"),
    "section": ("一级目标", "板块", "工作类别", "类别", "重点工作一级目标"),
    "title": ("项目内容", "工作任务", "任务名称", "二级目标", "重点任务", "项目名称", "工作内容", "目标任务名称"),
    "target": ("目标任务", "项目目标", "年度目标", "三级目标"),
    "annual_plan": ("年度计划",),
    "lead_leaders": ("牵头领导", "责任领导", "分管领导"),
    "lead_departments": ("牵头部门", "牵头科室", "牵头处室", "责任处室", "责任科室", "牵头单位", "牵头科室单位"),
    "cooperating_units": ("配合部门", "配合处室", "配合科室", "配合单位", "责任单位", "协办单位"),
    "people": ("项目负责人", "责任人", "具体负责人", "负责人"),
    "node": ("工作节点", "时间节点", "完成时限", "时间"),
    "node_target": ("节点目标", "进度要求", "工作措施", "序时进度"),
    "acceptance": ("验收标准",),
    "responsible": ("责任主体",),
    "notes": ("备注",),
}
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_CN_MONTHS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_SPLIT = re.compile(r"\s*[、，,;；/\n]\s*")
_TAGS = re.compile(r"<[^>]+>")


def _norm(text: Any) -> str:
    """A header cell without spaces, line breaks and a parenthetical: 牵头科室(单位) → 牵头科室单位."""
    value = re.sub(r"\s+", "", str(text or ""))
    return value.replace("（", "").replace("）", "").replace("(", "").replace(")", "")


def _clean(value: Any) -> str:
    """A cell's text: HTML fragments left by an extraction removed, spaces trimmed."""
    if value is None:
        return ""
    text = _TAGS.sub(" ", str(value)) if "<" in str(value) else str(value)
    return re.sub(r"[ \t]+", " ", text).strip()


def period_of(text: str, year: int) -> tuple[str, str | None]:
    """The period a 工作节点 or column heading names, and a note when it was a guess."""
    t = _norm(text).replace("份", "")
    m = re.fullmatch(r"第?([一二三四1-4])、?([一二三四1-4])?季度", t)
    if m:
        first = _QUARTERS[m[1]]
        if m[2]:
            return f"{year}-Q{first}..{year}-Q{_QUARTERS[m[2]]}", None
        return f"{year}-Q{first}", None
    m = re.fullmatch(r"(\d{1,2}|[一二三四五六七八九十]|十[一二])月", t)
    if m:
        month = int(m[1]) if m[1].isdigit() else _CN_MONTHS[m[1]]
        if 1 <= month <= 12:
            return f"{year}-{month:02d}", None
    if t in ("全年", "年度", "全年度", "年底", "年底前"):
        return str(year), None
    if t in ("上半年",):
        return f"{year}-H1", None
    if t in ("下半年",):
        return f"{year}-H2", None
    return "unscheduled", f"工作节点“{text}”不是一个期间，按不定期节点导入"


@dataclass
class TableImport:
    plan: dict
    directory: dict
    comments: dict[str, list[str]] = field(default_factory=dict)  # task id → comment lines
    notes: list[str] = field(default_factory=list)


def _grid(path: Path) -> list[list[Any]]:
    """The first sheet's values, every merged range's value copied into all its cells."""
    import openpyxl

    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    grid = [[cell.value for cell in row] for row in sheet.iter_rows()]
    for merged in sheet.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = value
    return grid


def _header(grid: list[list[Any]]) -> tuple[int, dict[str, int], dict[int, str]]:
    """The header row's index, column by field, and the period columns (index → period text)."""
    for index, row in enumerate(grid[:15]):
        names = [_norm(v) for v in row]
        columns: dict[str, int] = {}
        for col, name in enumerate(names):
            for key, variants in HEADERS.items():
                if name in variants and key not in columns:
                    columns[key] = col
        periods = {col: str(row[col]) for col, name in enumerate(names) if name and period_of(name, 2000)[1] is None}
        if "title" not in columns and "target" in columns:  # 目标任务 names the task where no other column does
            columns["title"] = columns.pop("target")
        if "title" in columns and len(columns) + len(periods) >= 3:
            return index, columns, periods
    raise ValueError("no header row: none of the first 15 rows names a task column (项目内容, 工作任务, 任务名称 …)")


def import_table(path: Path, plan_id: str, organization: str, org_name: str, year: int, title: str = "") -> TableImport:
    """The plan and directory of a plan table workbook (its first sheet)."""
    grid = _grid(path)
    head, columns, periods = _header(grid)
    result = TableImport({}, {})
    above = [_clean(v) for row in grid[:head] for v in row if _clean(v)]
    title = title or (above[0] if above else f"{org_name}{year}年重点工作")
    units: dict[str, str] = {}
    people: dict[str, str] = {}
    sections: list[dict] = []
    current: dict | None = None
    width = len(grid[head])

    def cell(row: list[Any], key: str) -> str:
        col = columns.get(key)
        return _clean(row[col]) if col is not None and col < len(row) else ""

    def ids(text: str, table: dict[str, str], prefix: str) -> list[str]:
        found = []
        for name in (n.strip() for n in _SPLIT.split(text)):
            if name:
                table.setdefault(name, f"{prefix}-{len(table) + 1:02d}")
                found.append(table[name])
        return list(dict.fromkeys(found))

    for r, row in enumerate(grid[head + 1 :], start=head + 2):
        row = list(row) + [None] * (width - len(row))
        texts = [_clean(v) for v in row]
        if not any(texts):
            continue
        section_name = cell(row, "section")
        filled = [t for t in texts if t]
        if not section_name and len(set(filled)) == 1 and not cell(row, "node"):
            sections.append({"id": f"s{len(sections) + 1}", "title": filled[0], "tasks": []})
            current = None
            continue
        if section_name and (not sections or sections[-1]["title"] != section_name):
            sections.append({"id": f"s{len(sections) + 1}", "title": section_name, "tasks": []})
            current = None
        if not sections:
            sections.append({"id": "s1", "title": title, "tasks": []})
            result.notes.append(f"row {r}: no section heading before the first task; one section was made")
        task_title = cell(row, "title")
        if not task_title:
            result.notes.append(f"row {r}: no task title; the row was left out")
            continue
        if current is None or current["title"] != task_title:
            number = cell(row, "number")
            current = {"id": f"t{sum(len(s['tasks']) for s in sections) + 1:02d}", "title": task_title}
            if number:
                current["number"] = number
            for key in ("target", "annual_plan", "notes"):
                if cell(row, key):
                    current[key] = cell(row, key)
            for key, prefix, table in (
                ("lead_departments", "unit", units),
                ("cooperating_units", "unit", units),
                ("lead_leaders", "person", people),
            ):
                if cell(row, key):
                    current[key] = ids(cell(row, key), table, prefix)
            if cell(row, "people"):
                current["people"] = [
                    {"person": p, "role": "负责人"} for p in ids(cell(row, "people"), people, "person")
                ]
                if _norm(grid[head][columns["people"]]) in ("项目负责人", "责任人", "具体负责人"):
                    role = _norm(grid[head][columns["people"]])
                    current["people"] = [{"person": p["person"], "role": role} for p in current["people"]]
            current["milestones"] = []
            sections[-1]["tasks"].append(current)
            result.comments[current["id"]] = [f"第{r}行"]
        for col, heading in periods.items():
            text = texts[col] if col < len(texts) else ""
            if text:
                period, _ = period_of(heading, year)
                current["milestones"].append({"period": period, "target": text})
        node = cell(row, "node")
        if node:
            period, guess = period_of(node, year)
            if guess:
                result.comments[current["id"]].append(guess)
            milestone: dict = {"period": period, "target": cell(row, "node_target") or node}
            if period == "unscheduled":
                milestone["label"] = node
            if cell(row, "acceptance"):
                milestone["acceptance"] = cell(row, "acceptance")
            if cell(row, "responsible"):
                milestone["responsible"] = ids(cell(row, "responsible"), units, "unit")
            current["milestones"].append(milestone)
    for k, section in enumerate(sections):
        numbered = re.match(r"^([一二三四五六七八九十]+)[、.．]\s*(\S.*)$", section["title"])
        if numbered:  # 一、紧扣… → number 一, title 紧扣… (keys in the order a person writes them)
            sections[k] = section = {
                "id": section["id"],
                "number": numbered[1],
                "title": numbered[2],
                "tasks": section["tasks"],
            }
        for task in section["tasks"]:
            if not task["milestones"]:
                del task["milestones"]
            else:
                _unique_ids(task, result.comments[task["id"]])
    result.plan = {"kind": "plan", "id": plan_id, "organization": organization, "title": title, "year": year}
    result.plan["sections"] = sections
    result.directory = {
        "kind": "directory",
        "organization": {"id": organization, "name": org_name},
        "people": [{"id": i, "name": n} for n, i in people.items()],
        "units": [{"id": i, "name": n} for n, i in units.items()],
    }
    return result


def _unique_ids(task: dict, comments: list[str]) -> None:
    """Two milestones of one period in a task: the second keeps the plan's order (ids -2, -3
    are generated from the period by the loader), nothing to do but say so."""
    periods = [m["period"] for m in task["milestones"]]
    for period in sorted(set(periods)):
        if periods.count(period) > 1:
            comments.append(f"{periods.count(period)} milestones for {period}")
