"""Seed 002: 2022 Qingpu work priorities (工作要点): prose only, no owners, no dates."""

from __future__ import annotations

import re

from common import PLANS, SCHEMA_LINE, dump, read_seed

YEAR = 2022


def convert(directory=None) -> None:
    text = read_seed("002_c7c8007b1d27f40b.txt")
    lines = [line.strip() for line in text.split("\n")]
    title_at = next(i for i, row in enumerate(lines) if row.endswith("年工作要点"))
    paragraphs: list[str] = []
    for line in lines[title_at + 1 :]:
        if not line:
            continue
        if re.match(r"^(\d+\.|[一二三四]、|二是)", line) or not paragraphs:
            paragraphs.append(line)
        else:
            paragraphs[-1] += line  # joined: the extraction broke these mid-sentence
    preamble = paragraphs.pop(0)
    sections: list[dict] = []
    for para in paragraphs:
        heading = re.match(r"^([一二三四])、(.+)$", para)
        if heading:
            sections.append(
                {"id": f"s{len(sections) + 1}", "number": heading.group(1), "title": heading.group(2), "tasks": []}
            )
            continue
        item = re.match(r"^(\d+)\.\s*(.+?)。(.*)$", para)
        if item:
            sections[-1]["tasks"].append(
                {
                    "id": f"t{int(item.group(1)):02d}",
                    "number": item.group(1),
                    "title": item.group(2),
                    "description": item.group(3),
                }
            )
        else:  # a second paragraph of the same point (二是…)
            task = sections[-1]["tasks"][-1]
            task["description"] += "\n\n" + para
    by_number = {t["number"]: t for s in sections for t in s["tasks"]}
    by_number["4"]["indicators"] = [
        {
            "id": "disabled-signing-rate",
            "name": "统一需求评估二到六级失能老人签约率",
            "unit": "%",
            "targets": {"2022": 90},
            "source": "实现统一需求评估二到六级失能老人签约率达到90%以上",
        }
    ]
    by_number["6"]["indicators"] = [
        {
            "id": "tertiary-hospitals-joined",
            "name": "新增入驻互联网医院平台的市级三级医院",
            "unit": "家",
            "targets": {"2022": 5},
            "source": "增加5家市级三级医院入驻互联网医院平台",
        },
        {
            "id": "online-visits",
            "name": "长三角（上海）智慧互联网医院年互联网业务量",
            "unit": "人次",
            "targets": {"2022": 50000},
            "source": "实现长三角（上海）智慧互联网医院年互联网业务量超50000人次",
        },
    ]
    by_number["10"]["indicators"] = [
        {"id": "aed", "name": "AED配置", "unit": "台", "targets": {"2022": 300}, "source": "完成300台AED配置"},
        {
            "id": "trained-medical-staff",
            "name": "医务人员急救技能培训",
            "unit": "名",
            "targets": {"2022": 1000},
            "source": "1000名医务人员……急救技能培训",
        },
        {
            "id": "trained-public",
            "name": "社会人员急救技能培训",
            "unit": "名",
            "targets": {"2022": 3000},
            "source": "3000名社会人员急救技能培训",
        },
    ]
    plan = {
        "kind": "plan",
        "id": "2022-qingpu",
        "organization": "qingpu",
        "title": lines[title_at],
        "genre": "工作要点",
        "year": YEAR,
        "preamble": preamble,
        "sections": sections,
    }
    header = (
        "# Converted from seed 002 (2022 Qingpu work priorities, 工作要点).\n"
        "# Prose only: no owners and no dates, so tasks have no milestones and pages say 'no schedule'.\n"
        "# Each point's first sentence is its title, the rest its description; paragraphs split\n"
        "# mid-sentence by the extraction are joined. Indicators are the numeric annual targets the\n"
        "# text states (each quotes its source sentence); no other targets were invented.\n"
    )
    folder = PLANS / "qingpu"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2022-work-priorities.yaml").write_text(SCHEMA_LINE + header + dump(plan), encoding="utf-8")


if __name__ == "__main__":
    convert()
