"""Seed 001: 2023 Minhang key-work implementation schedule (推进计划表), 闵卫发〔2023〕25号."""

from __future__ import annotations

import re

from common import PLANS, SCHEMA_LINE, Comment, DirectoryBuilder, dump, read_seed, split_units, strip_html

YEAR = 2023
PERIODS = {
    "第一季度": "2023-Q1",
    "一季度": "2023-Q1",
    "第二季度": "2023-Q2",
    "二季度": "2023-Q2",
    "第三季度": "2023-Q3",
    "三季度": "2023-Q3",
    "第四季度": "2023-Q4",
    "四季度": "2023-Q4",
    "第二、三季度": "2023-Q2..2023-Q3",
    "全年": "2023",
    "每季度第一个月": "2023",
    "重要敏感时点": "unscheduled",
}
LABELS = {"第二、三季度", "每季度第一个月", "重要敏感时点"}
PROTECTED = ("各筛查单位和社区卫生服务中心", "各街镇（工业区）")


def clean(cell: str) -> str:
    return strip_html(cell).strip()


def convert() -> None:
    text = read_seed("001_1424f7542a99d14c.txt")
    lines = text.split("\n")
    d = DirectoryBuilder("minhang", "上海市闵行区卫生健康委员会", "闵行区卫健委")
    d.alias("中医与科科长", note=None)
    d.notes["中医与科科长"] = "原文如此（任务18、19的配合部门、责任主体），疑为“中医与科教科”；未作改动。"

    body_start = lines.index("2023年闵行区卫生健康重点工作推进计划表")
    preamble = lines[body_start + 2].strip()
    # the section headings and task list (the table of contents)
    sections: list[dict] = []
    titles: dict[int, str] = {}
    i = body_start + 3
    while True:
        line = lines[i].strip().removeprefix("- ").strip()
        i += 1
        if not line:
            continue
        heading = re.match(r"^([一二三四五])、(.+)$", line)
        if heading:
            if sections and heading.group(1) == "一":
                break
            sections.append(
                {"id": f"s{len(sections) + 1}", "number": heading.group(1), "title": heading.group(2), "tasks": []}
            )
            continue
        item = re.match(r"^(\d+)\.\s*(.+)$", line)
        if item:
            titles[int(item.group(1))] = item.group(2).strip()
            sections[-1]["tasks"].append(int(item.group(1)))

    blocks = _task_blocks(lines)
    tasks = {number: _task(number, titles[number], block, d) for number, block in blocks.items()}
    for section in sections:
        section["tasks"] = [tasks[n] for n in section["tasks"]]

    plan = {
        "kind": "plan",
        "id": "2023-minhang",
        "organization": "minhang",
        "title": "2023年闵行区卫生健康重点工作推进计划表",
        "genre": "推进计划表",
        "year": YEAR,
        "document": {
            "number": "闵卫发〔2023〕25号",
            "issuer": "上海市闵行区卫生健康委员会",
            "issued": "2023-03-21",
            "printed_by": "上海市闵行区卫生健康委员会办公室",
            "printed": "2023-03-22",
            "disclosure": "主动公开",
            "notice_title": "关于印发《2023年闵行区卫生健康重点工作推进计划表》的通知",
            "addressees": "各医疗卫生单位",
            "notice_body": "现将《2023年闵行区卫生健康重点工作推进计划表》印发给你们，供参考学习。\n\n特此通知。",
        },
        "preamble": preamble,
        "sections": sections,
    }
    header = (
        "# Converted from seed 001 (2023 Minhang key-work implementation schedule, 闵卫发〔2023〕25号).\n"
        "# Each task: 牵头领导 → lead_leaders, 项目负责人 → people (role 项目负责人), 牵头部门 → lead_departments,\n"
        "# 配合部门 → cooperating_units, 项目目标 → target, 年度计划 → annual_plan; each 工作节点 row → a milestone\n"
        "# with 节点目标 → target, 验收标准 → acceptance, 责任主体 → responsible.\n"
        "# The extraction's HTML (<ol>, <p>) is removed: list items and paragraphs become lines.\n"
    )
    folder = PLANS / "minhang"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2023-key-work.yaml").write_text(SCHEMA_LINE + header + dump(plan), encoding="utf-8")
    d.write(folder, "# People and units named in the 2023 Minhang schedule (seed 001).\n")


def _task_blocks(lines: list[str]) -> dict[int, list[list[str]]]:
    """For each task number, the tab-separated rows of its two tables."""
    blocks: dict[int, list[list[str]]] = {}
    current = None
    seen_first_table = False
    for line in lines:
        if line.startswith("牵头领导\t"):
            seen_first_table = True
        if not seen_first_table and not line.startswith("牵头领导"):
            title = re.match(r"^(\d+)\.\s*\S", line.strip())
            if title and "\t" not in line:
                current = int(title.group(1))
            continue
        title = re.match(r"^(\d+)\.\s*\S", line.strip())
        if title and "\t" not in line:
            current = int(title.group(1))
            blocks[current] = []
            continue
        if "\t" in line and current is not None:
            blocks.setdefault(current, []).append(line.split("\t"))
    return blocks


def _task(number: int, title: str, rows: list[list[str]], d: DirectoryBuilder) -> dict:
    head = rows[1]
    leaders, owner, dept, coop = [c.strip() for c in head[:4]]
    node_rows = rows[3:]
    goal, plan_text = clean(node_rows[0][0]), clean(node_rows[0][1])
    milestones: list[dict] = []
    comments: list[str] = []
    period_cell = None
    responsible_prev: list[str] = []
    for row in node_rows:
        cells = list(row)
        # locate the 工作节点 cell
        idx = next((k for k, c in enumerate(cells) if clean(c) in PERIODS), None)
        if idx is None and len(cells) == 6 and clean(cells[2]) == "":
            idx = 2  # blank 工作节点: merged with the row above
        if idx is None:
            # row shifted left: the 节点目标 stands in the 工作节点 column
            idx = 2
            cells = cells[:2] + [""] + cells[2:]
            comments.append(
                f"a 工作节点 row of task {number} is shifted one column left in the source; "
                "its period is the one above (merged cell)"
            )
        lead_cells = [clean(c) for c in cells[:idx] if clean(c)]
        if lead_cells and milestones == []:
            pass
        elif lead_cells:
            # 年度计划 text continued in the first column of a later row
            plan_text += lead_cells[-1]
        written = clean(cells[idx])
        if written:
            period_cell = written
        else:
            comments.append(
                f"工作节点 blank in the source for one row of task {number}: same period as the row above (merged cell)"
            )
        rest = [clean(c) for c in cells[idx + 1 :]]
        target = rest[0] if rest else ""
        acceptance = rest[1] if len(rest) > 1 else ""
        responsible_text = rest[2] if len(rest) > 2 else ""
        if responsible_text:
            responsible = [d.unit(n) for n in split_units(responsible_text, PROTECTED)]
        else:
            responsible = responsible_prev
            if responsible_prev:
                comments.append(
                    f"责任主体 blank for the {period_cell} row of task {number}: same as the row above (merged cell)"
                )
        responsible_prev = responsible
        milestone = {"period": PERIODS[period_cell]}
        if period_cell == "每季度第一个月":
            milestone["recurrence"] = "first-month-of-quarter"
        if period_cell in LABELS:
            milestone["label"] = period_cell
        milestone.update({"target": target, "acceptance": acceptance or None, "responsible": responsible})
        milestones.append(milestone)
    task = {}
    if comments:
        task[Comment("c")] = "\n".join(dict.fromkeys(comments))
    task.update(
        {
            "id": f"t{number:02d}",
            "number": str(number),
            "title": title,
            "lead_leaders": [d.person(n, None) for n in split_units(leaders)],
            "people": [{"person": d.person(n), "role": "项目负责人"} for n in split_units(owner)],
            "lead_departments": [d.unit(n) for n in split_units(dept)],
            "cooperating_units": [d.unit(n) for n in split_units(coop, PROTECTED)],
            "target": goal,
            "annual_plan": plan_text,
            "milestones": milestones,
        }
    )
    return task


if __name__ == "__main__":
    convert()
