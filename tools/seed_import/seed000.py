"""Seed 000: 2023 Qingpu key-work arrangement (青卫健发〔2023〕2号), with 附件1 and 附件2."""

from __future__ import annotations

import re

from common import PLANS, SCHEMA_LINE, Comment, DirectoryBuilder, dump, read_seed, split_units

YEAR = 2023
TITLES = {
    "张明": "书记",
    "饶斐文": "主任",
    "郭正梁": "副书记",
    "沈利群": "副主任",
    "胡炯": "副主任",
    "吴金英": "副主任",
    "费凤英": "副主任",
}
# 附件1 item → prose task, following the 二级目标 column of the table.
ITEM_TASK = {
    1: 1,
    2: 1,
    3: 1,
    4: 2,
    5: 2,
    6: 3,
    7: 3,
    8: 4,
    9: 5,
    10: 5,
    11: 5,
    12: 6,
    13: 7,
    14: 8,
    15: 8,
    16: 8,
    17: 9,
    18: 9,
    19: 10,
    20: 11,
    21: 11,
    22: 11,
    23: 12,
}
# 附件2 row → 附件1 item whose monthly plan it is (same task, lead leader and lead department).
ROW_ITEM = {1: 1, 2: 4, 3: 3, 4: 9, 5: 17, 6: 19, 7: 7}
# Who the prose's trailing parenthetical names: (lead leaders, cooperating leaders).
LEADERSHIP = {
    1: (["张明", "饶斐文"], []),
    2: (["郭正梁", "沈利群"], []),
    3: (["沈利群"], ["胡炯"]),
    4: (["沈利群"], []),
    5: (["胡炯"], []),
    6: (["吴金英"], []),
    7: (["胡炯", "沈利群"], []),
    8: (["胡炯", "沈利群"], []),
    9: (["吴金英"], []),
    10: (["费凤英"], []),
    11: (["费凤英"], []),
    12: (["费凤英"], []),
}


def nospace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def convert() -> None:
    text = read_seed("000_78a781ecd5ac9eda.txt")
    lines = text.split("\n")
    d = DirectoryBuilder("qingpu", "上海市青浦区卫生健康委员会", "青浦区卫健委")
    for name, title in TITLES.items():
        d.person(name, title)

    # ---- prose: sections and tasks, joining paragraphs the extraction broke
    start = lines.index(
        "根据区委、区政府工作决策部署，按照区卫健工作党委工作要求，2023年青浦区卫健委重点工作安排如下："
    )
    preamble = lines[start]
    end = next(i for i, row in enumerate(lines) if row.startswith("- 附件："))
    paragraphs: list[str] = []
    for line in lines[start + 1 : end]:
        line = line.strip()
        if not line:
            continue
        if re.match(r"^(\d+\.|[一二三四]、)", line) or not paragraphs:
            paragraphs.append(line)
        else:
            paragraphs[-1] += line  # a paragraph the page break split mid-sentence
    sections: list[dict] = []
    tasks: dict[int, dict] = {}
    for para in paragraphs:
        heading = re.match(r"^([一二三四])、(.+)$", para)
        if heading:
            sections.append(
                {"id": f"s{len(sections) + 1}", "number": heading.group(1), "title": heading.group(2), "tasks": []}
            )
            continue
        item = re.match(r"^(\d+)\.\s*(.+?)。(.*)$", para)
        number, title, rest = int(item.group(1)), item.group(2), item.group(3)
        note = re.search(r"（(由[^（）]*)）$", rest)
        description = rest[: note.start()] if note else rest
        lead, coop = LEADERSHIP[number]
        task = {
            "id": f"t{number:02d}",
            "number": str(number),
            "title": title,
            "description": description,
            "leadership_note": note.group(1) if note else None,
            "lead_leaders": [d.person(n) for n in lead],
            "cooperating_leaders": [d.person(n) for n in coop],
            "subtargets": [],
        }
        tasks[number] = task
        sections[-1]["tasks"].append(task)

    # ---- 附件1: the target list
    a1 = lines.index("2023 年区卫健委目标管理工作任务清单")
    a2 = lines.index("附件 2")
    items: dict[int, dict] = {}
    section_alt: dict[int, str] = {}
    task_alt: dict[int, str] = {}
    current_section = 0
    for line in lines[a1 + 1 : a2]:
        cells = line.split("\t")
        idx = next((k for k, c in enumerate(cells) if re.fullmatch(r"\(\d+\)", c.strip())), None)
        if idx is None:
            continue
        number = int(cells[idx].strip()[1:-1])
        before = list(cells[:idx])
        if len(before) == 2 and before[0].strip():
            current_section += 1
            section_alt[current_section] = nospace(before[0])
        if before and before[-1].strip():
            task_alt[ITEM_TASK[number]] = nospace(before[-1])
        after = cells[idx + 1 :]
        title, leaders, dept, owner, units = (c.strip() for c in after[:5])
        quarters = [c.strip() for c in after[5:]]
        sub: dict = {}
        if len(quarters) == 3:
            sub[Comment("q")] = "附件1 gives three progress cells for this item; read as Q1–Q3 (no Q4 requirement)."
        sub.update(
            {
                "id": f"i{number:02d}",
                "number": f"({number})",
                "title": title,
                "lead_leaders": [d.person(n) for n in split_units(leaders)],
                "lead_departments": [d.unit(dept)],
                "people": [{"person": d.person(n), "role": "负责人"} for n in split_units(owner)],
                "responsible_units": [d.unit(n) for n in split_units(units)],
                "milestones": [
                    {"period": f"{YEAR}-Q{q}", "target": t, "source": "annex-1"}
                    for q, t in enumerate(quarters, start=1)
                    if t
                ],
            }
        )
        items[number] = sub
        tasks[ITEM_TASK[number]]["subtargets"].append(sub)

    # 附件1 item (14) states five vaccination rates per quarter; they become indicators.
    rates = [
        ("full-60-79", "60-79岁老年人全程接种率", [87, 90, 93, 95]),
        ("booster-60-79", "60-79岁老年人加强接种率", [74.2, 81.7, 89.2, 95]),
        ("first-80", "80岁以上老年人首针接种率", [77.7, 81.9, 86.1, 90]),
        ("full-80", "80岁以上老年人全程接种率", [64, 72.8, 81.6, 90]),
        ("booster-80", "80岁以上老年人加强接种率", [46.1, 60.8, 75.5, 90]),
    ]
    items[14]["indicators"] = [
        {
            "id": ident,
            "name": name,
            "unit": "%",
            "targets": {f"{YEAR}-Q{q}": v for q, v in enumerate(values, 1)},
            "source": "附件1 (14) 第一至第四季度进度要求",
        }
        for ident, name, values in rates
    ]

    for k, section in enumerate(sections, start=1):
        alt = section_alt.get(k)
        if alt and alt.replace(",", "，") != section["title"]:
            section["alt_titles"] = [{"source": "annex-1", "title": alt}]
    for number, alt in task_alt.items():
        if alt != tasks[number]["title"]:
            tasks[number]["alt_titles"] = [{"source": "annex-1", "title": alt}]
    tasks[8][Comment("p")] = (
        "附件1 lists items (14) 疫苗接种 and (15) 进博会 under 完善公共卫生体系建设 (task 8), while\n"
        "the prose names both under task 7; the table's grouping is kept."
    )

    # ---- 附件2: the battle map, one row per item, a milestone per month
    rows = []
    for line in lines[a2 + 1 :]:
        cells = line.split("\t")
        if not cells[0].strip().isdigit():
            continue
        row_no = int(cells[0])
        name, target, leaders, dept = (c.strip() for c in cells[1:5])
        months = [c.strip() for c in cells[5:]]
        while months and not months[-1]:
            months.pop()
        level = months.pop()
        sub = items[ROW_ITEM[row_no]]
        assert d.unit(dept) in sub["lead_departments"], (row_no, dept)
        comments = []
        if len(months) == 13:
            # row 6: nine copies of the same monthly text where eight fit April–November
            dup = "开展法治宣传、业务培训和法治和训"
            assert months.count(dup) == 9
            months.remove(dup)
            comments.append(
                "附件2 row 6 has 13 month cells: the repeated 开展法治宣传、业务培训和法治和训 stands nine times\n"
                "where April–November holds eight; one repeat is dropped so December keeps its own text."
            )
        assert len(months) == 12, (row_no, len(months))
        garbled = {
            2: "the June and September cells of 附件2 row 2 are garbled in the source (characters of two\n"
            "wrapped lines interleaved); kept verbatim. 附件1 item (4) words the same work cleanly."
        }
        if row_no in garbled:
            comments.append(garbled[row_no])
        if not months[0]:
            comments.append("附件2 row 1 gives no January target.")
        if comments:
            sub[Comment("m")] = "\n".join(comments)
        sub["level"] = level
        sub["milestones"] += [
            {"period": f"{YEAR}-{m:02d}", "target": t, "source": "annex-2"} for m, t in enumerate(months, start=1) if t
        ]
        row = {"number": str(row_no), "task": sub["id"]}
        if name != sub["title"]:
            row["title"] = name
        if target != sub["title"]:
            row["target"] = target
        rows.append(row)

    plan = {
        "kind": "plan",
        "id": "2023-qingpu",
        "organization": "qingpu",
        "title": "2023年青浦区卫生健康委重点工作安排",
        "genre": "重点工作安排",
        "year": YEAR,
        "document": {
            "number": "青卫健发〔2023〕2号",
            "issuer": "青浦区卫生健康委员会",
            "issued": "2023-03-15",
            "notice_title": "关于印发《2023年青浦区卫生健康委重点工作安排》的通知",
            "addressees": "各卫生健康单位、机关各科室",
            "notice_body": "现将《2023年青浦区卫生健康委重点工作安排》发给你们，请结合实际，认真贯彻落实。",
        },
        "preamble": preamble,
        "attachments": [
            {"id": "annex-1", "number": "1", "title": "2023年区卫健委目标管理工作任务清单", "view": "target-list"},
            {
                Comment("r"): "Each row is the month-by-month plan of a 附件1 item (sub-target); its 牵头领导 and\n"
                "牵头科室 are the item's and are not repeated. `title`/`target` are given where the row words them differently.",
                "id": "annex-2",
                "number": "2",
                "title": "2023年区卫健委挂图作战重点任务清单",
                "view": "battle-map",
                "rows": rows,
            },
        ],
        "sections": sections,
    }
    header = (
        "# Converted from seed 000 (2023 Qingpu key-work arrangement, 青卫健发〔2023〕2号).\n"
        "# Sections and tasks: the prose (一、… and 1.–12.); each task's trailing （由…牵头实施） is kept in\n"
        "# leadership_note and resolved to lead_leaders / cooperating_leaders.\n"
        "# Sub-targets: 附件1's items (1)–(23) with their quarterly 进度要求 (source annex-1).\n"
        "# 附件2 (battle map): monthly targets on the sub-target each row plans (source annex-2).\n"
        "# Paragraphs split by page breaks are joined; wording unchanged.\n"
    )
    folder = PLANS / "qingpu"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2023-key-work.yaml").write_text(SCHEMA_LINE + header + dump(plan), encoding="utf-8")
    return d


if __name__ == "__main__":
    directory = convert()
    from seed002 import convert as convert_002

    convert_002(directory)
    directory.write(PLANS / "qingpu", "# People and units named in the Qingpu plans (seeds 000 and 002).\n")
