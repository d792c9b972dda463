"""Targets: the quantities a plan's wording promises, read as indicators when a plan is imported.

Offices write quantified targets inside sentences: 签约率达到90%以上, 孕产妇死亡率控制在10/10万以下,
满意度80%左右, 力争引进紧缺专业人才30名, 新建2～3家. Each such clause becomes an indicator guess
(name, unit, target, and the wording as `qualifier`), which the importer writes with a YAML
comment quoting the clause, for a person to confirm.

A number is read as a target only when the clause says it is one: a verb of reaching (达到, 控制在,
不低于 …), a qualifier after it (以上, 以下, 左右, 以内), 力争 before it or a range (2～3家), and
a unit of measure after it. Where only an action comes before the count (建成2～3家胸痛中心), the
indicator is named by the action and what follows the unit (建成胸痛中心). Ages and other conditions (60岁以上老年人, 3岁以下婴幼儿) have no such unit and
are never read as targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Reaching verbs, and the qualifier a verb implies on its own (不低于 90% is 90%以上).
_VERBS: dict[str, str | None] = {
    "达到": None,
    "达": None,
    "提高到": None,
    "提高至": None,
    "提升到": None,
    "提升至": None,
    "增加到": None,
    "增至": None,
    "保持在": None,
    "稳定在": None,
    "不低于": "at_least",
    "不少于": "at_least",
    "超过": "at_least",
    "控制在": None,
    "降至": "at_most",
    "降低到": "at_most",
    "降低至": "at_most",
    "下降到": "at_most",
    "下降至": "at_most",
    "不高于": "at_most",
    "不超过": "at_most",
    "低于": "at_most",
    "≥": "at_least",
    "≤": "at_most",
}
_AFTER: dict[str, str] = {
    "以上": "at_least",
    "及以上": "at_least",
    "以下": "at_most",
    "以内": "at_most",
    "左右": "about",
}
# Units a target is counted in (longest first, so 万人次 is not read as 万人).
_UNITS = sorted(
    (
        "%",
        "％",
        "‰",
        "/10万",
        "/万",
        "万人次",
        "万人",
        "万元",
        "亿元",
        "人次",
        "个",
        "家",
        "名",
        "人",
        "所",
        "张",
        "台",
        "项",
        "次",
        "元",
        "天",
        "分钟",
        "小时",
        "床",
        "户",
        "辆",
        "套",
        "场",
        "篇",
        "批",
        "条",
        "支",
        "座",
        "件",
        "份",
        "分",
    ),
    key=len,
    reverse=True,
)
_NUMBER = r"\d+(?:\.\d+)?"
_CLAUSE = re.compile(
    r"(?P<strive>力争)?(?P<name>[^，,。；;：:、\s]*?)\s*"
    rf"(?P<verb>{'|'.join(sorted(map(re.escape, _VERBS), key=len, reverse=True))})?\s*"
    r"(?P<strive2>力争)?(?P<about>约)?\s*"
    rf"(?P<value>{_NUMBER})(?:\s*[-－~～至到]\s*(?P<upper>{_NUMBER}))?\s*"
    rf"(?P<unit>{'|'.join(map(re.escape, _UNITS))})"
    rf"(?P<after>{'|'.join(sorted(map(re.escape, _AFTER), key=len, reverse=True))})?"
    r"(?P<tail>[^，,。；;：:、\s]*)"
)
_CLAUSES = re.compile(r"[，,。；;、\n]")
# Verbs that come before a count of the thing named after it (新建3家社区医院).
_ACTIONS = {
    "建成",
    "新建",
    "完成",
    "引进",
    "培养",
    "新增",
    "开展",
    "创建",
    "打造",
    "培育",
    "组建",
    "设立",
    "开设",
    "招录",
}
# Words that open a clause but are not the indicator's name.
_LEADING = re.compile(r"^(?:力争|实现|确保|全年|年内|年底前|全区|使|并|且|其中|力求|努力|进一步|推动|全面)+")


@dataclass(frozen=True)
class TargetGuess:
    """One quantity read from a clause: the indicator it names and the clause it came from."""

    name: str
    value: float
    unit: str
    clause: str
    qualifier: str | None = None
    upper: float | None = None

    @property
    def wording(self) -> str:
        """What the comment above the task says was read, and how."""
        read = f"{self.name}：{_number(self.value)}"
        if self.upper is not None:
            read += f"–{_number(self.upper)}"
        read += self.unit
        return f"“{self.clause}” → {read}" + (f"（{self.qualifier}）" if self.qualifier else "")


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def read_targets(text: str) -> list[TargetGuess]:
    """Every quantified target the text states, in the order written (see the module's rule)."""
    found: list[TargetGuess] = []
    for clause in (c.strip() for c in _CLAUSES.split(text or "")):
        match = _CLAUSE.search(clause)
        if not match:
            continue
        verb, after = match["verb"], match["after"]
        strive = bool(match["strive"] or match["strive2"] or clause.startswith("力争"))
        if not (verb or after or strive or match["about"] or match["upper"]):
            continue
        name = _LEADING.sub("", match["name"]).strip()
        if not verb and (len(name) < 2 or name in _ACTIONS):  # 建成2～3家胸痛中心: the thing counted follows
            name += match["tail"]
        if len(name) < 2 or re.fullmatch(r"[\d.\-－~～至到]+", name):
            continue
        qualifier = _AFTER.get(after or "") or _VERBS.get(verb or "") or ("about" if match["about"] else None)
        if strive and qualifier is None:
            qualifier = "strive"
        unit = "%" if match["unit"] == "％" else match["unit"]
        upper = float(match["upper"]) if match["upper"] else None
        found.append(TargetGuess(name, float(match["value"]), unit, clause, qualifier, upper))
    return found


def indicators_from(targets: list[tuple[str, TargetGuess]]) -> tuple[list[dict], list[str]]:
    """Indicators (as plan data) from (period, guess) pairs, one per name with a target per
    period, and a comment line per guess; a qualifier that differs between periods keeps the
    first and says so."""
    indicators: dict[str, dict] = {}
    comments: list[str] = []
    for period, guess in targets:
        indicator = indicators.get(guess.name)
        if indicator is None:
            indicator = indicators[guess.name] = {"id": f"i{len(indicators) + 1:02d}", "name": guess.name}
            indicator["unit"] = guess.unit
            indicator["targets"] = {}
            if guess.qualifier:
                indicator["qualifier"] = guess.qualifier
        comment = f"指标 {indicator['id']} 由文字推断：{guess.wording}"
        if indicator["unit"] != guess.unit or period in indicator["targets"]:
            comments.append(f"{comment}；单位或期间与前文重复，未计入指标，请核对")
            continue
        if guess.qualifier != indicator.get("qualifier"):
            comment += f"；表述与前一期不同，保留 {indicator.get('qualifier') or '无限定'}"
        indicator["targets"][period] = _plain(guess.value)
        if guess.upper is not None:
            indicator.setdefault("upper", {})[period] = _plain(guess.upper)
        comments.append(comment)
    return list(indicators.values()), comments


def _plain(value: float) -> float | int:
    """A value as YAML should show it: 90, not 90.0."""
    return int(value) if value == int(value) else value
