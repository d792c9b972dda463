"""Seed 003: 2020 Xinbei key-work plan table (附件2) and self-assessment form (附件1)."""

from __future__ import annotations

import re

from common import PLANS, SCHEMA_LINE, Comment, DirectoryBuilder, dump, join_wrapped, names, read_seed

YEAR = 2020
DEPARTMENTS = [
    "综合计财处",
    "卫健一处",
    "卫健二处",
    "卫健三处",
    "卫健四处",
    "老龄办",
    "爱卫办",
    "疾控中心",
    "卫生监督所",
    "妇计中心",
]
PROTECTED = ("各镇、街道安监部门", "各镇、街道", "各镇（街道）", "民政、财政等部门")


def cells_of(text: str) -> list[str]:
    cells: list[str] = []
    for line in text.split("\n"):
        if re.match(r"^\s*\t", line):
            cells.append(line.split("\t", 1)[1])
        elif cells:
            cells[-1] += "\n" + line
    return cells


def rows_of(cells: list[str]) -> list[list[str]]:
    """Group cells into 13-cell rows. Where the extraction dropped trailing cells (配合部门,
    备注) the next row's 序号 and 责任处室 follow at once; the row is padded with blanks."""
    rows: list[list[str]] = []
    row: list[str] = []
    i = 0
    while i < len(cells):
        cell = cells[i].strip()
        if cell == "序号":
            i += 10 + 13  # the two header rows repeated on each page
            continue
        starts_row = cell.isdigit() and i + 1 < len(cells) and cells[i + 1].strip() in DEPARTMENTS
        if row and (len(row) == 13 or (starts_row and len(row) >= 11)):
            rows.append(row + [""] * (13 - len(row)))
            row = []
        row.append(cells[i])
        i += 1
    if row:
        rows.append(row + [""] * (13 - len(row)))
    return rows


def directory() -> DirectoryBuilder:
    d = DirectoryBuilder("xinbei", "新北区卫生健康局", "新北区卫健局")
    for dept in DEPARTMENTS:
        d.unit(dept)
    d.alias("卫健一处", "一处")
    d.alias("卫健二处", "二处")
    d.alias("卫健三处", "三处")
    d.alias("卫健四处", "四处")
    d.alias("疾控中心", "疾控")
    d.alias("卫生监督所", "监督")
    d.alias("妇计中心", "妇计")
    d.alias("区财政局", "财政局", note="计划表中亦写作“财政局”")
    d.alias("区人社局", "人社局", note="计划表中亦写作“人社局”")
    return d


def convert() -> None:
    text = read_seed("003_2fbd95218b349ea4.txt")
    d = directory()
    table = text[text.index("附件2") :]
    rows = rows_of(cells_of(table.split("\n", 2)[2]))
    sections: list[dict] = []
    task_no = 0
    leader = person = None
    current_dept = None
    for row in rows:
        number, dept, project, target, q1, q2, q3, q4, lead, resp, specific, coop, remark = row
        dept = dept.strip()
        if dept:
            if dept != current_dept:
                current_dept = dept
                sections.append(
                    {
                        "id": f"s{len(sections) + 1:02d}",
                        "number": number.strip(),
                        "title": dept,
                        "lead_departments": [d.unit(dept)],
                        "tasks": [],
                    }
                )
                leader = person = None
            else:
                sections[-1].setdefault("_page_repeat", []).append(number.strip())
        section = sections[-1]
        comments = []
        if lead.strip():
            leader = names(lead)
        elif leader:
            comments.append(f"责任领导 cell blank here: merged with the row above ({'、'.join(leader)})")
        if resp.strip():
            person = names(resp)
        elif person:
            comments.append(f"责任人 cell blank here: merged with the row above ({'、'.join(person)})")
        milestones = []
        for q, cell in enumerate((q1, q2, q3, q4), start=1):
            body = join_wrapped(cell)
            pieces = [x.strip() for x in re.split(r"(?=(?<!\d)\d{1,2}月份：)", body) if x.strip()]
            if pieces and all(re.match(r"^\d{1,2}月份：", x) for x in pieces):
                # the cell is nothing but month steps: keep them as steps, not twice
                milestone = {
                    "period": f"{YEAR}-Q{q}",
                    "steps": [{"period": f"{YEAR}-{int(x.split('月')[0]):02d}", "text": x} for x in pieces],
                }
            else:
                milestone = {"period": f"{YEAR}-Q{q}", "target": body}
            milestones.append(milestone)
        coop_units = [d.unit(n) for n in _units(coop)]
        people = [{"person": d.person(n), "role": "具体负责人"} for n in names(specific)]
        row_data = {"target": join_wrapped(target), "milestones": milestones}
        if project.strip():
            task_no += 1
            task = {
                Comment("c"): "\n".join(comments) if comments else None,
                "id": f"t{task_no:02d}",
                "title": re.sub(r"\s+", "", project),
                "lead_leaders": [d.person(n, None) for n in (leader or [])],
                "people": [{"person": d.person(n), "role": "责任人"} for n in (person or [])] + people,
                "cooperating_units": coop_units,
                "notes": remark.strip() or None,
                **row_data,
            }
            if not comments:
                del task[Comment("c")]
            section["tasks"].append(task)
        else:
            # another 目标任务 row of the same project: a sub-target (三级)
            task = section["tasks"][-1]
            if "subtargets" not in task:
                first = {
                    "id": f"{task['id']}-1",
                    "title": task.pop("target"),
                    "milestones": task.pop("milestones"),
                    "people": [p for p in task["people"] if p["role"] == "具体负责人"],
                    "cooperating_units": task.pop("cooperating_units"),
                }
                task["people"] = [p for p in task["people"] if p["role"] != "具体负责人"]
                task[Comment("s")] = (
                    "This project has several 目标任务 rows; each is a sub-target with its own quarters."
                )
                task["subtargets"] = [first]
            sub_no = len(task["subtargets"]) + 1
            task["subtargets"].append(
                {
                    "id": f"{task['id']}-{sub_no}",
                    "title": row_data["target"],
                    "people": people,
                    "cooperating_units": coop_units,
                    "milestones": row_data["milestones"],
                }
            )
    for section in sections:
        section.pop("_page_repeat", None)  # 序号 repeated after a page break: same section
    plan = {
        "kind": "plan",
        "id": "2020-xinbei",
        "organization": "xinbei",
        "title": "2020年新北区卫生健康局重点工作计划表",
        "genre": "重点工作计划表",
        "year": YEAR,
        "attachments": [
            {
                "id": "annex-1",
                "number": "1",
                "title": "新北区卫生健康局2020年度考核自评表",
                "view": "assessment",
                "assessment": "self-assessment",
            },
            {"id": "annex-2", "number": "2", "title": "2020年新北区卫生健康局重点工作计划表", "view": "schedule"},
        ],
        "sections": sections,
        "assessments": [assessment(d)],
    }
    header = (
        "# Converted from seed 003 (2020 Xinbei key-work plan table and self-assessment form).\n"
        "# Sections are the 责任处室 blocks of 附件2; 序号 4 (卫健三处) and 8 (疾控中心) repeat after a page\n"
        "# break and are merged into one section each. Cell text: PDF line wraps joined, padding spaces\n"
        "# removed, numbered items kept one per line; wording unchanged.\n"
        "# 工作措施及完成目标序时进度 → one milestone per quarter; 爱卫办's 'N月份：' lines are also steps.\n"
    )
    folder = PLANS / "xinbei"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2020-key-work.yaml").write_text(SCHEMA_LINE + header + dump(plan), encoding="utf-8")
    d.write(folder, "# People and units named in the 2020 Xinbei plan (seed 003).\n")


def _units(cell: str) -> list[str]:
    from common import split_units

    cell = cell.replace("爱卫办疾控", "爱卫办、疾控")  # two units run together in the extraction
    cell = cell.replace("各基层医疗机构民政", "各基层医疗机构\n民政")
    return split_units(cell, PROTECTED)


def assessment(d: DirectoryBuilder) -> dict:
    return {
        Comment("a"): "附件1: the form as printed; no scores are given in the source, so `scores` is empty.\n"
        "综合工作 has no printed maximum; its five sub-items of 5 points each add up to 25.",
        "id": "self-assessment",
        "title": "新北区卫生健康局2020年度考核自评表",
        "categories": [
            {"id": "basic", "name": "基础工作", "max_points": 40},
            {"id": "key", "name": "重点工作", "max_points": 15},
            {
                "id": "general",
                "name": "综合工作",
                "max_points": 25,
                "subcategories": [
                    {"id": "news", "name": "信息报道", "max_points": 5},
                    {"id": "safety", "name": "安全生产", "max_points": 5},
                    {"id": "petitions", "name": "信访处置", "max_points": 5},
                    {"id": "conduct", "name": "政风行风", "max_points": 5},
                    {"id": "other", "name": "其他工作", "max_points": 5},
                ],
            },
        ],
        "total_points": 80,
        "units": [d.unit(n) for n in DEPARTMENTS],
    }


if __name__ == "__main__":
    convert()
