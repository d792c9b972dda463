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

from jindu.importers.targets import TargetGuess, indicators_from, read_targets
from jindu.importers.units import UnitNames

HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号"),
    "section": ("一级目标", "板块", "工作类别", "类别", "重点工作一级目标", "重点工作", "工作板块"),
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
    "notes": ("备注", "备注说明", "附注"),
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
    directory_comments: dict[str, list[str]] = field(default_factory=dict)  # unit id → comment lines


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
        if "title" not in columns and "section" in columns and names[columns["section"]] == "重点工作":
            columns["title"] = columns.pop("section")  # a table whose only task column is 重点工作
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
    units = UnitNames()
    people: dict[str, str] = {}
    sections: list[dict] = []
    current: dict | None = None
    width = len(grid[head])
    unread = _unread_columns(grid[head], columns, periods)
    if unread:
        result.notes.append("columns not in jindu's format, kept in each row's notes: " + "、".join(unread.values()))
    targets: dict[str, list[tuple[str, TargetGuess]]] = {}  # task id → quantities its cells state

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

    def unit_ids(text: str) -> list[str]:
        return list(dict.fromkeys(units.id_of(n) for n in (n.strip() for n in _SPLIT.split(text)) if n))

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
        row_notes = [t for t in (cell(row, "notes"), *_unread_texts(row, unread)) if t]
        if current is None or current["title"] != task_title:
            number = cell(row, "number")
            current = {"id": f"t{sum(len(s['tasks']) for s in sections) + 1:02d}", "title": task_title}
            if number:
                current["number"] = number
            for key in ("target", "annual_plan"):
                if cell(row, key):
                    current[key] = cell(row, key)
            for key in ("lead_departments", "cooperating_units"):
                if cell(row, key):
                    current[key] = unit_ids(cell(row, key))
            if cell(row, "lead_leaders"):
                current["lead_leaders"] = ids(cell(row, "lead_leaders"), people, "person")
            if cell(row, "people"):
                role = _norm(grid[head][columns["people"]])
                role = role if role in ("项目负责人", "责任人", "具体负责人") else "负责人"
                current["people"] = [{"person": p, "role": role} for p in ids(cell(row, "people"), people, "person")]
            current["milestones"] = []
            current["_rows"] = []  # (row number, its notes, its milestones) until the task is finished
            sections[-1]["tasks"].append(current)
            result.comments[current["id"]] = [f"第{r}行"]
            targets[current["id"]] = [(str(year), t) for t in read_targets(current.get("target", ""))]
        else:
            _merge_later_row(current, r, row, cell, unit_ids, result.comments[current["id"]], row_notes)
        made: list[dict] = []
        for col, heading in periods.items():
            text = texts[col] if col < len(texts) else ""
            if text:
                period, _ = period_of(heading, year)
                made.append({"period": period, "target": text})
                targets[current["id"]] += [(period, t) for t in read_targets(text)]
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
                milestone["responsible"] = unit_ids(cell(row, "responsible"))
            made.append(milestone)
            counted = str(year) if period == "unscheduled" else period.split("..")[-1]
            quantities = read_targets(cell(row, "node_target")) + read_targets(cell(row, "acceptance"))
            targets[current["id"]] += [(counted, t) for t in quantities]
        current["milestones"] += made
        current["_rows"].append((r, row_notes, made))
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
            _place_notes(task, task.pop("_rows"), result.comments[task["id"]])
            indicators, said = indicators_from(targets[task["id"]])
            if indicators:
                task["indicators"] = indicators
                result.comments[task["id"]] += said
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
        "units": units.directory_units(),
    }
    result.directory_comments = units.comments()
    return result


def _unread_columns(header: list[Any], columns: dict[str, int], periods: dict[int, str]) -> dict[int, str]:
    """Headed columns the importer has no field for (完成情况, 联系电话 …): column → heading."""
    known = set(columns.values()) | set(periods)
    return {col: _clean(v) for col, v in enumerate(header) if _clean(v) and col not in known}


def _unread_texts(row: list[Any], unread: dict[int, str]) -> list[str]:
    """A row's text in the columns the importer has no field for, as "heading：text"."""
    return [f"{heading}：{_clean(row[col])}" for col, heading in unread.items() if _clean(row[col])]


def _merge_later_row(task: dict, r: int, row: list[Any], cell, unit_ids, comments: list[str], notes: list[str]) -> None:
    """A later row of a task whose own cells differ from the first row's: units and leaders
    named only there join the task's lists; a different target or annual plan is kept in the
    row's notes. Nothing a row says is dropped."""
    for key in ("lead_departments", "cooperating_units"):
        named = unit_ids(cell(row, key)) if cell(row, key) else []
        extra = [u for u in named if u not in task.get(key, [])]
        if extra:
            task[key] = task.get(key, []) + extra
            comments.append(f"第{r}行另列{HEADERS[key][0]}，已并入本任务")
    for key in ("target", "annual_plan"):
        text = cell(row, key)
        if text and text != task.get(key):
            label = HEADERS[key][0]
            if key not in task:
                task[key] = text
            else:
                notes.insert(0, f"{label}：{text}")
                comments.append(f"第{r}行的{label}与首行不同，已记入备注")


def _place_notes(task: dict, rows: list[tuple[int, list[str], list[dict]]], comments: list[str]) -> None:
    """Each row's 备注 where it belongs: the task's `notes` when every row says the same (a cell
    merged over the task) or the task has one row; otherwise the `note` of the milestone the
    row made, or the task's notes with the row named when the row made none."""
    said = [(r, "；".join(notes), made) for r, notes, made in rows if notes]
    if not said:
        return
    if len(rows) == 1 or (len(said) == len(rows) and len({text for _, text, _ in said}) == 1):
        task["notes"] = said[0][1]
        return
    loose = []
    for r, text, made in said:
        if len(made) == 1:
            made[0]["note"] = text
        else:
            loose.append(text if r == rows[0][0] else f"第{r}行：{text}")
            if r != rows[0][0]:
                comments.append(f"第{r}行的备注记入任务备注")
    if loose:
        task["notes"] = "；".join(loose)


def _unique_ids(task: dict, comments: list[str]) -> None:
    """Two milestones of one period in a task: the second keeps the plan's order (ids -2, -3
    are generated from the period by the loader), nothing to do but say so."""
    periods = [m["period"] for m in task["milestones"]]
    for period in sorted(set(periods)):
        if periods.count(period) > 1:
            comments.append(f"{periods.count(period)} milestones for {period}")
