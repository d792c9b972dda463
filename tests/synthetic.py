"""A synthetic portfolio in jindu's own format, for scale tests and benchmarks/scale.py.

Shaped like the seeds: organizations with a directory of units and people, plans with
sections → tasks → sub-targets, quarter milestones with 验收标准 and 责任主体 on every task,
month milestones on a quarter of them, indicators on one task in ten, and one progress file
per lead unit per quarter reporting about half of the milestones that fell due. Everything is
derived from the task number, so the same arguments always write the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

_VERBS = ["推进", "完善", "加强", "深化", "落实", "提升", "建设", "优化", "规范", "健全"]
_OBJECTS = [
    "家庭医生签约服务",
    "医联体建设",
    "公共卫生应急体系",
    "疫苗接种管理",
    "院前急救网络",
    "社区卫生服务中心",
    "中医药传承创新",
    "老年健康服务",
    "智慧医疗平台",
    "卫生监督执法",
    "妇幼健康服务",
    "精神卫生服务",
    "健康促进行动",
    "医疗质量安全",
    "人才队伍建设",
]
_UNITS = [
    "办公室",
    "医政医管科",
    "疾病预防控制科",
    "基层卫生科",
    "中医药科",
    "妇幼健康科",
    "规划财务科",
    "人事科",
    "信息中心",
    "卫生监督所",
    "老龄健康科",
    "宣传科",
]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超"]


@dataclass(frozen=True)
class Shape:
    """How many of everything: `tasks` in all, spread over `plans` plans of `orgs` organizations."""

    tasks: int
    plans: int
    orgs: int
    year: int = 2023
    sections: int = 5


def default_shape(tasks: int) -> Shape:
    """About 200 tasks per plan (a city plan), two plans per organization."""
    plans = max(1, round(tasks / 200))
    return Shape(tasks=tasks, plans=plans, orgs=max(1, plans // 2))


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML flow scalar


def write_portfolio(root: Path, shape: Shape) -> list[Path]:
    """Write `root/plans/...` for `shape`; returns the files written, in order."""
    plans_dir = root / "plans"
    written = []
    per_plan = [shape.tasks // shape.plans + (1 if i < shape.tasks % shape.plans else 0) for i in range(shape.plans)]
    for o in range(shape.orgs):
        org = f"org{o:02d}"
        folder = plans_dir / org
        (folder / "progress").mkdir(parents=True, exist_ok=True)
        written.append(_write(folder / "directory.yaml", _directory(org, o)))
    start = 0
    for p, count in enumerate(per_plan):
        org = f"org{p % shape.orgs:02d}"
        plan_id = f"{shape.year}-p{p:03d}"
        text, reports = _plan(plan_id, org, shape, start, count)
        written.append(_write(plans_dir / org / f"{plan_id}.yaml", text))
        for name, body in reports.items():
            written.append(_write(plans_dir / org / "progress" / name, body))
        start += count
    return written


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _unit_id(u: int) -> str:
    return f"unit{u:02d}"


def _person_id(n: int) -> str:
    return f"person{n:02d}"


def _directory(org: str, o: int) -> str:
    lines = [
        "kind: directory",
        "organization:",
        f"  id: {org}",
        f"  name: {_q(f'合成测试区{o + 1}卫生健康委员会')}",
        "people:",
    ]
    for n in range(20):
        name = _SURNAMES[(n + o) % len(_SURNAMES)] + _GIVEN[(n * 7 + o) % len(_GIVEN)]
        lines += [
            f"  - id: {_person_id(n)}",
            f"    name: {_q(name)}",
            f"    title: {_q('副主任' if n < 5 else '科长')}",
        ]
    lines.append("units:")
    for u, name in enumerate(_UNITS):
        lines += [f"  - id: {_unit_id(u)}", f"    name: {_q(name)}"]
    return "\n".join(lines) + "\n"


def _title(n: int) -> str:
    return f"{_VERBS[n % len(_VERBS)]}{_OBJECTS[(n // len(_VERBS)) % len(_OBJECTS)]}（第{n + 1}项）"


def _milestones(n: int, year: int, indent: str, monthly: bool) -> list[str]:
    lead = _unit_id(n % len(_UNITS))
    lines = [f"{indent}milestones:"]
    for q in range(1, 5):
        lines += [
            f"{indent}  - period: {year}-Q{q}",
            f"{indent}    target: {_q(f'完成第{q}季度工作：{_title(n)}阶段任务{q}。')}",
            f"{indent}    acceptance: {_q(f'第{q}季度工作报告及相关佐证材料')}",
            f"{indent}    responsible: [{lead}]",
        ]
    if monthly:
        for m in range(1, 13):
            if m % 3:  # the quarter ends are quarter milestones already
                lines += [f"{indent}  - period: {year}-{m:02d}", f"{indent}    target: {_q(f'{m}月份节点任务。')}"]
    return lines


def _plan(plan_id: str, org: str, shape: Shape, start: int, count: int) -> tuple[str, dict[str, str]]:
    year = shape.year
    lines = [
        "kind: plan",
        f"id: {plan_id}",
        f"organization: {org}",
        f"title: {_q(f'{year}年合成测试重点工作安排（{plan_id}）')}",
        f"year: {year}",
        "sections:",
    ]
    per_section = max(1, -(-count // shape.sections))
    reports: dict[tuple[str, int], list[str]] = {}
    for s in range(shape.sections):
        chunk = range(start + s * per_section, min(start + count, start + (s + 1) * per_section))
        if not chunk:
            break
        lines += [f"  - id: s{s + 1}", f"    title: {_q(f'板块{s + 1}：{_OBJECTS[s % len(_OBJECTS)]}')}", "    tasks:"]
        for n in chunk:
            task = f"t{n - start + 1:04d}"
            lead = n % len(_UNITS)
            lines += [
                f"      - id: {task}",
                f'        number: "{n - start + 1}"',
                f"        title: {_q(_title(n))}",
                f"        lead_leaders: [{_person_id(n % 5)}]",
                "        people:",
                f"          - person: {_person_id(5 + n % 15)}",
                "            role: 项目负责人",
                f"        lead_departments: [{_unit_id(lead)}]",
                f"        cooperating_units: [{_unit_id((lead + 1) % len(_UNITS))}, {_unit_id((lead + 5) % len(_UNITS))}]",
                f"        target: {_q(f'全年完成{_title(n)}各项目标任务。')}",
            ]
            lines += _milestones(n, year, "        ", monthly=n % 4 == 0)
            if n % 10 == 3:
                lines += [
                    "        indicators:",
                    "          - id: rate",
                    f"            name: {_q(f'{_OBJECTS[n % len(_OBJECTS)]}覆盖率')}",
                    '            unit: "%"',
                    "            targets:",
                    *[f"              {year}-Q{q}: {60 + 10 * q}" for q in range(1, 5)],
                ]
            if n % 10 == 7:
                lines.append("        subtargets:")
                for k in range(2):
                    lines += [
                        f"          - id: {task}-{k + 1}",
                        f"            title: {_q(f'{_title(n)}子目标{k + 1}')}",
                        f"            lead_departments: [{_unit_id(lead)}]",
                    ]
                    lines += _milestones(n + k, year, "            ", monthly=False)
            # About half the quarter milestones are reported by the lead unit.
            for q in range(1, 5):
                if (n + q) % 2 == 0:
                    status = "done" if (n + q) % 6 else "delayed"
                    reports.setdefault((_unit_id(lead), q), []).append(
                        f"  - task: {task}\n    milestone: q{q}\n    status: {status}\n"
                        f"    date: {year}-{3 * q:02d}-{20 + n % 8}"
                        + ("\n    note: 受客观因素影响，进度滞后。" if status == "delayed" else "")
                    )
    texts = {}
    for (unit, q), items in sorted(reports.items()):
        texts[f"{plan_id}-q{q}-{unit}.yaml"] = (
            f"kind: progress\nplan: {plan_id}\nreporter: {unit}\nperiod: {year}-Q{q}\n"
            f"reported: {year}-{3 * q:02d}-28\nmilestones:\n" + "\n".join(items) + "\n"
        )
    return "\n".join(lines) + "\n", texts
