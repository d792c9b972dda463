"""Units: the directory's departments and groups, named as an imported plan writes them.

Both importers split a cell or a parenthesis of unit names and give each new name an id. A name
that stands for several bodies at once (各相关处室, 各街镇, 相关科室, 各社区卫生服务中心, 区各有关部门)
is a `group`: it gets a page of its own but is not one department, and progress reports name a
real unit on its behalf. A name ending in 中心, 医院, 所, 站 (区疾控中心, 卫生监督所) is an
`affiliated` unit (直属单位) rather than a 科室. Both are guesses, written as comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# 各… / 相关… / 有关… / 全区… collectives, and names that end in 等 (医政科等).
_GROUP = re.compile(
    r"^(?:区)?(?:各|相关|有关|全区|全市|各级)|等$|(?:各|相关|有关)(?:处室|科室|部门|单位|街镇|医疗机构)"
)
_AFFILIATED = re.compile(r"(?:中心|医院|卫生院|所|站|院)(?:[（(][^）)]*[）)])?$")
_DEPARTMENT = re.compile(r"(?:科|处|室|办|办公室|组)$")


def unit_kind(name: str) -> str | None:
    """`group`, `affiliated`, or None for a department (the directory's default)."""
    if _GROUP.search(name):
        return "group"
    if _AFFILIATED.search(name) and not _DEPARTMENT.search(name):
        return "affiliated"
    return None


_KIND_WORDS = {"group": "集体（group）", "affiliated": "直属单位（affiliated）"}


@dataclass
class UnitNames:
    """The units an import names, in order of first mention, with generated ids."""

    ids: dict[str, str] = field(default_factory=dict)  # name → id

    def id_of(self, name: str) -> str:
        """The id of `name`, made (unit-01, unit-02 …) the first time it is named."""
        if name not in self.ids:
            self.ids[name] = f"unit-{len(self.ids) + 1:02d}"
        return self.ids[name]

    def directory_units(self) -> list[dict]:
        """The directory's `units:` entries, each with its guessed kind."""
        units = []
        for name, uid in self.ids.items():
            unit = {"id": uid, "name": name}
            kind = unit_kind(name)
            if kind:
                unit["kind"] = kind
            units.append(unit)
        return units

    def comments(self) -> dict[str, list[str]]:
        """unit id → the comment saying which kind was guessed from the name."""
        return {
            uid: [f"“{name}”按名称推断为{_KIND_WORDS[kind]}，请核对"]
            for name, uid in self.ids.items()
            if (kind := unit_kind(name))
        }
