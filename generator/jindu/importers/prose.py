"""Prose: a 工作要点 (work priorities) text as a plan and a directory.

The text's layout, as offices publish it:

    青浦区卫生健康委员会 2022 年工作要点        ← the first line that names the plan
    2022 年是……                              ← the preamble, up to the first heading
    一、统筹做好……                            ← a section (一、二、…)
    1. 做好常态化疫情防控。以……（牵头处室：办公室；配合处室：财务处、人事处）
                                            ← a point: its first sentence is the title, the rest
                                              the description; lines that do not start a point or
                                              a heading continue the one before

Points may be grouped under （一）（二） inside a section: a （一） is then the task and its 1. 2.
points are its sub-targets; a section with （一） and no 1. has a task per （一）. Numbering that
restarts in each section gives ids that name the section (s2-t01). Text under a heading before
its first point is kept as the section's notes.

Units named in a trailing parenthesis (牵头/责任 → lead, 配合/协办 → co-operating, separated by
、，, or ;) go into the directory with generated ids, collectives (各相关处室, 各街镇) as groups; a
parenthesis that names no role list (由胡炯副主任牵头实施) is kept as the task's leadership_note.
Quantified targets (签约率达到90%以上, 力争引进人才30名) become indicator guesses (targets.py),
each quoted in a comment above its task. A month named in a point (8月份, 8月底前,
6月30日前) becomes a milestone of that month; 年底前/年内 are left as text (the whole year is the
plan's period anyway). Full- and half-width punctuation are both read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from jindu.importers.targets import indicators_from, read_targets
from jindu.importers.units import UnitNames

_NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(rf"^\s*([{_NUMERALS}]+)\s*[、．.]\s*(\S.*)$")
_SUB = re.compile(rf"^\s*[（(]([{_NUMERALS}]+)[）)]\s*(\S.*)$")
_POINT = re.compile(r"^\s*(\d{1,3})\s*[.．、](?!\d)\s*(\S.*)$")
_TRAILER = re.compile(r"[（(]([^（）()]*(?:牵头|责任|配合|协办)[^（）()]*)[）)]\s*[。.]?\s*$")
_ROLE = re.compile(r"(牵头|责任|配合|协办)[^：:]*[：:]\s*([^；;]+)")
_MONTH = re.compile(r"(\d{1,2})\s*月(?:份|底|末|中旬|上旬|下旬|\d{1,2}日)?(?:前|之前)?")
_SPLIT = re.compile(r"\s*[、，,/]\s*|\s*和\s*|\s*及\s*")


@dataclass
class ProseImport:
    plan: dict
    directory: dict
    notes: list[str] = field(default_factory=list)  # what could not be placed, for the user
    comments: dict[str, list[str]] = field(default_factory=dict)  # task id → guesses, written above it
    directory_comments: dict[str, list[str]] = field(default_factory=dict)  # unit id → guesses


@dataclass
class _Point:
    number: str
    text: str
    points: list[_Point] = field(default_factory=list)  # the 1. 2. points under a （一）


@dataclass
class _Section:
    number: str
    title: str
    points: list[_Point] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)  # text before the first point


def import_prose(text: str, plan_id: str, organization: str, org_name: str, year: int) -> ProseImport:
    """The plan and directory (as data to dump to YAML) of a 工作要点 text."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    title, preamble, sections, notes = "", [], [], []
    for line in lines:
        if not line:
            continue
        heading, sub, point = _HEADING.match(line), _SUB.match(line), _POINT.match(line)
        if heading:
            sections.append(_Section(heading[1], heading[2].rstrip("。")))
        elif sub and sections:
            sections[-1].points.append(_Point(f"（{sub[1]}）", sub[2]))
        elif point and sections:
            last = sections[-1].points[-1] if sections[-1].points else None
            into = last.points if last is not None and last.number.startswith("（") else sections[-1].points
            into.append(_Point(point[1], point[2]))
        elif sections and sections[-1].points:
            last = sections[-1].points[-1]
            (last.points[-1] if last.points else last).text += line  # a line broken by the extraction
        elif sections:
            sections[-1].intro.append(line)
            notes.append(f"text under 「{sections[-1].title}」 before its first point, kept as its notes: {line[:30]}…")
        elif not title and ("要点" in line or "计划" in line or "安排" in line):
            title = line
        elif title:
            preamble.append(line)
        else:
            notes.append(f"skipped before the title: {line[:30]}")
    result = ProseImport({}, {}, notes)
    units = UnitNames()
    plan_sections = []
    numbers = [point.number for section in sections for point in section.points]
    restarts = len(numbers) != len(set(numbers))  # 1. 2. (or （一）（二）) again under each 一、二、
    if restarts:
        notes.append(
            "the numbering restarts in each section: task ids name their section (s2-t01); numbers stay as written"
        )
    for s_index, section in enumerate(sections, start=1):
        prefix = f"s{s_index}-" if restarts else ""
        tasks = [_task(point, units, year, prefix, result.comments) for point in section.points]
        plan_section: dict = {"id": f"s{s_index}", "number": section.number, "title": section.title}
        if section.intro:
            plan_section["notes"] = "".join(section.intro)
        plan_section["tasks"] = tasks
        plan_sections.append(plan_section)
        if not tasks:
            notes.append(f"section {section.number}、{section.title} has no numbered points")
    plan: dict = {
        "kind": "plan",
        "id": plan_id,
        "organization": organization,
        "title": title or f"{org_name} {year} 年工作要点",
    }
    plan.update({"genre": "工作要点", "year": year})
    if preamble:
        plan["preamble"] = "".join(preamble)
    plan["sections"] = plan_sections
    result.plan = plan
    result.directory = {
        "kind": "directory",
        "organization": {"id": organization, "name": org_name},
        "units": units.directory_units(),
    }
    result.directory_comments = units.comments()
    if not title:
        notes.append("no line names the plan (…工作要点/计划/安排); the title is made up: check it")
    return result


def _arabic(number: str) -> int:
    """1, 12, 一, 十二, （三） as a number, for the task's id."""
    digits = number.strip("（）()")
    if digits.isdigit():
        return int(digits)
    tens, _, ones = digits.rpartition("十")
    if "十" not in digits:
        return _NUMERALS.index(digits) + 1
    return (_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (_NUMERALS.index(ones) + 1 if ones else 0)


def _task(
    point: _Point, units: UnitNames, year: int, prefix: str, comments: dict[str, list[str]], parent: str = ""
) -> dict:
    text = point.text
    trailer = _TRAILER.search(text)
    roles: dict[str, list[str]] = {}
    said = ""
    if trailer:
        text = text[: trailer.start()].rstrip()
        for role, names in _ROLE.findall(trailer[1]):
            key = "lead_departments" if role in ("牵头", "责任") else "cooperating_units"
            roles.setdefault(key, []).extend(units.id_of(n) for n in _SPLIT.split(names.strip(" 。.")) if n)
        if not roles:  # （由胡炯副主任牵头实施）: who leads, in the plan's words, not a list of units
            said = trailer[0].strip().rstrip("。.")
    first, _, rest = text.partition("。")
    task_id = f"{parent}-{_arabic(point.number)}" if parent else f"{prefix}t{_arabic(point.number):02d}"
    task: dict = {"id": task_id, "number": point.number, "title": first.strip()}
    if rest.strip():
        task["description"] = rest.strip()
    if said:
        task["leadership_note"] = said
    task.update(roles)
    months = sorted({int(m) for m in _MONTH.findall(text) if 1 <= int(m) <= 12})
    if months:
        task["milestones"] = [{"period": f"{year}-{m:02d}", "target": _sentence_with(text, m)} for m in months]
    indicators, guessed = indicators_from([(str(year), t) for t in read_targets(text)])
    if indicators:
        task["indicators"] = indicators
        comments[task_id] = guessed
    if point.points:
        task["subtargets"] = [_task(child, units, year, prefix, comments, task_id) for child in point.points]
    return task


def _sentence_with(text: str, month: int) -> str:
    """The sentence (or clause) of `text` that names `month`, as the milestone's target."""
    for sentence in re.split(r"(?<=[。；;])", text):
        if re.search(rf"(?<!\d){month}\s*月", sentence):
            return sentence.strip()
    return text.strip()


def dump_yaml(data: dict, comment: str, notes: dict[str, list[str]] | None = None) -> str:
    """YAML as a person would write it: keys in order, Chinese kept, a comment on top, and
    `notes` (task id → lines) as comments above each task."""
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    if not notes:
        return head + text
    out = []
    for line in text.splitlines(keepends=True):
        match = re.match(r"^(\s*)- id: (\S+)$", line.rstrip("\n"))
        if match and match[2] in notes:
            out += [f"{match[1]}# {note}\n" for note in notes[match[2]]]
        out.append(line)
    return head + "".join(out)
