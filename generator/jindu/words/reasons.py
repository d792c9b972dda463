"""Reasons: why a status is what it is, as data, said in Chinese or English where it is shown.

The status engine decides; it never words. Each verdict carries a `Reason`: a code and its
parameters (a milestone's name, a date, a count, a note, another reason it quotes). `text(words)`
says it in the words' language, from the table below, one entry per code and language. A reason
that quotes another (a sub-target's reason in its task's, "and 2 more overdue") holds it as a
parameter and says it in the same language.

Dates inside a sentence are 7月15日 / 2023-07-15; plan numbers are written as the plan writes
them in both languages (300, 98.5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from jindu.plans.periods import Period, parse_period
from jindu.words.locale import Words


@dataclass(frozen=True)
class MilestoneName:
    """How a reason names a milestone: its label (Chinese only) or its period, and for a
    recurring one the occurrence it is judged on."""

    period: Period
    year: int
    label: str | None = None
    occurrence: Period | None = None

    def say(self, w: Words) -> str:
        name = (
            (self.label or w.short_period(self.period, self.year))
            if w.lang == "zh"
            else w.short_period(self.period, self.year)
        )
        if self.occurrence is not None:
            now = w.short_period(self.occurrence, self.year)
            name = f"{name}（{now}）" if w.lang == "zh" else f"{name} ({now})"
        return name


@dataclass(frozen=True)
class Reason:
    """A reason: `code` names its sentence, `args` fill it (see the module docstring)."""

    code: str
    args: tuple[tuple[str, Any], ...] = ()

    def text(self, words: Words) -> str:
        """The reason in `words`' language."""
        table = _ZH if words.lang == "zh" else _EN
        return table[self.code](words, dict(self.args))


def reason(code: str, **args: Any) -> Reason:
    """A reason with its parameters by name."""
    if code not in _ZH or code not in _EN:
        raise KeyError(f"no words for reason {code!r}")
    return Reason(code, tuple(args.items()))


NONE = Reason("none")

# The parts a roll-up counts, in both languages.
NOUNS = {
    "milestones": ("节点", "milestones"),
    "subtargets": ("子目标", "sub-targets"),
    "milestones_subtargets": ("节点和子目标", "milestones and sub-targets"),
    "tasks": ("任务", "tasks"),
}


def _n(value: float) -> str:
    return f"{value:g}"


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _note_zh(a: dict) -> str:
    return f"（{a['note']}）" if a.get("note") else ""


def _note_en(a: dict) -> str:
    return f" ({a['note']})" if a.get("note") else ""


def _when_zh(a: dict) -> str:
    left = a["left"]
    return "今天到期" if left == 0 else f"{left}天后到期（{_md(a['due'])}）"


def _when_en(a: dict) -> str:
    left = a["left"]
    return "due today" if left == 0 else f"due in {left} days ({a['due']})"


def _said_zh(w: Words, a: dict) -> str:
    note = f"，{a['note']}" if a.get("note") else ""
    return f"最近报告{_md(a['said_on'])}：{w(a['said'])}{note}"


def _said_en(w: Words, a: dict) -> str:
    note = f", {a['note']}" if a.get("note") else ""
    return f"last report {a['said_on']}: {w(a['said'])}{note}"


def _more_zh(w: Words, a: dict) -> str:
    noun = NOUNS[a["noun"]][0]
    text = "".join(
        f"；另有{n}项{noun}{w.outcome(key) if kind == 'outcome' else w.state(key)}" for n, kind, key in a["more"]
    )
    if a["behind"]:
        text += f"；另有{a['behind']}项指标落后序时目标"
    return a["first"].text(w) + text


def _more_en(w: Words, a: dict) -> str:
    noun = NOUNS[a["noun"]][1]
    text = "".join(
        f"; {n} more {noun} {w.outcome(key) if kind == 'outcome' else w.state(key)}" for n, kind, key in a["more"]
    )
    if a["behind"]:
        behind = a["behind"]
        text += f"; {behind} more indicator{'s' if behind > 1 else ''} behind target"
    return a["first"].text(w) + text


def _final_zh(w: Words, a: dict) -> str:
    parts = "，".join(f"{w(f'outcome_{outcome}')}{n}项" for outcome, n in a["outcomes"])
    return f"计划期已于{w.day(a['closed_on'])}结束：{parts}"


def _final_en(w: Words, a: dict) -> str:
    parts = ", ".join(f"{n} {w(f'outcome_{outcome}')}" for outcome, n in a["outcomes"])
    return f"the plan period ended on {a['closed_on']}: {parts} ({NOUNS[a['noun']][1]})"


Template = Callable[[Words, dict], str]

_ZH: dict[str, Template] = {
    "none": lambda w, a: "",
    # milestones (status/milestones.py)
    "ms_cancelled": lambda w, a: f"{a['name'].say(w)}节点已取消{_note_zh(a)}",
    "ms_done_late": lambda w, a: f"{a['name'].say(w)}节点于{_md(a['day'])}完成，晚于期限{a['late']}天",
    "ms_done": lambda w, a: f"{a['name'].say(w)}节点已于{_md(a['day'])}完成",
    "ms_delayed": lambda w, a: f"{a['name'].say(w)}节点报告滞后{_note_zh(a)}",
    "ms_undated": lambda w, a: f"{a['name'].say(w)}节点无固定时间，不按日期判断",
    "ms_due_soon": lambda w, a: f"{a['name'].say(w)}节点{_when_zh(a)}，尚未完成",
    "ms_not_started": lambda w, a: f"{a['name'].say(w)}节点尚未开始（{_md(a['begins'])}起）",
    "ms_on_track": lambda w, a: (
        f"{a['name'].say(w)}节点按计划推进，{_md(a['due'])}到期{'' if a['reported'] else '（尚无进展报告）'}"
    ),
    "ms_awaited": lambda w, a: (
        f"{a['name'].say(w)}节点已于{_md(a['due'])}到期，待报送（报送期至{_md(a['window_end'])}）"
    ),
    "ms_unreported_final": lambda w, a: f"{a['name'].say(w)}节点{_md(a['due'])}到期，至计划期结束未报送进展",
    "ms_unreported": lambda w, a: f"{a['name'].say(w)}节点{_md(a['due'])}到期，未报送进展",
    "ms_unfinished_final": lambda w, a: f"{a['name'].say(w)}节点逾期未完成（{_md(a['due'])}到期；{_said_zh(w, a)}）",
    "ms_unfinished_today": lambda w, a: f"{a['name'].say(w)}节点到期未完成（{_said_zh(w, a)}）",
    "ms_overdue": lambda w, a: f"{a['name'].say(w)}节点超期{a['days']}天（{_said_zh(w, a)}）",
    # indicators (status/indicators.py)
    "ind_no_data_target": lambda w, a: (
        f"{a['name']}暂无实际值（{w.short_period(a['period'], a['year'])}目标{_n(a['target'])}{a['unit']}）"
    ),
    "ind_no_data": lambda w, a: f"{a['name']}暂无实际值",
    "ind_no_target": lambda w, a: f"{a['name']}实际值{_n(a['actual'])}{a['unit']}（无目标值）",
    "ind_within": lambda w, a: f"{a['name']}{a['actual']}，在序时目标区间{a['pace']}–{a['top']}内",
    "ind_under_ceiling": lambda w, a: f"{a['name']}{a['actual']}，达到序时目标（{a['pace']}以下）",
    "ind_met": lambda w, a: f"{a['name']}{a['actual']}，达到序时目标{a['pace']}",
    "ind_exceeded": lambda w, a: f"{a['name']}{a['actual']}，超额完成序时目标{a['pace']}（{a['ratio']:.0%}）",
    "ind_behind": lambda w, a: (
        f"{a['name']}{a['actual']} {a['sign']} 序时目标{a['pace']}{'（力争目标，不计为滞后）' if a['aim'] else ''}"
    ),
    # roll-ups (status/rollup.py, status/engine.py)
    "subtarget": lambda w, a: f"子目标{a['number']}：{a['lead'].text(w)}",
    "no_dates": lambda w, a: "计划未列出时间节点，无法按日期判断进度",
    "all_undated": lambda w, a: f"所列{NOUNS[a['noun']][0]}均无固定时间，不按日期判断",
    "and_more": _more_zh,
    "all_cancelled": lambda w, a: f"全部{NOUNS[a['noun']][0]}已取消",
    "all_done_late": lambda w, a: f"全部{a['total']}项{NOUNS[a['noun']][0]}已完成，其中{a['late']}项逾期完成",
    "all_done": lambda w, a: f"全部{a['total']}项{NOUNS[a['noun']][0]}已完成",
    "some_done": lambda w, a: f"已完成{a['done']}/{a['total']}项{NOUNS[a['noun']][0]}；{a['next'].text(w)}",
    "few_dated": lambda w, a: f"{a['total']}项{NOUNS[a['noun']][0]}中仅{a['dated']}项列有时间节点，整体不按日期判断",
    "and_undated": lambda w, a: f"{a['reason'].text(w)}（另有{a['undated']}项{NOUNS[a['noun']][0]}无时间节点）",
    "closed": _final_zh,
}

_EN: dict[str, Template] = {
    "none": lambda w, a: "",
    "ms_cancelled": lambda w, a: f"{a['name'].say(w)} milestone cancelled{_note_en(a)}",
    "ms_done_late": lambda w, a: (
        f"{a['name'].say(w)} milestone done on {a['day']}, {a['late']} days after its due date"
    ),
    "ms_done": lambda w, a: f"{a['name'].say(w)} milestone done on {a['day']}",
    "ms_delayed": lambda w, a: f"{a['name'].say(w)} milestone reported delayed{_note_en(a)}",
    "ms_undated": lambda w, a: f"{a['name'].say(w)} milestone has no date; not judged by date",
    "ms_due_soon": lambda w, a: f"{a['name'].say(w)} milestone {_when_en(a)}, not done",
    "ms_not_started": lambda w, a: f"{a['name'].say(w)} milestone not started (begins {a['begins']})",
    "ms_on_track": lambda w, a: (
        f"{a['name'].say(w)} milestone on track, due {a['due']}{'' if a['reported'] else ' (no progress report yet)'}"
    ),
    "ms_awaited": lambda w, a: (
        f"{a['name'].say(w)} milestone fell due on {a['due']}; report awaited (reporting window until {a['window_end']})"
    ),
    "ms_unreported_final": lambda w, a: (
        f"{a['name'].say(w)} milestone fell due on {a['due']}; no report by the end of the plan period"
    ),
    "ms_unreported": lambda w, a: f"{a['name'].say(w)} milestone fell due on {a['due']}; no report received",
    "ms_unfinished_final": lambda w, a: f"{a['name'].say(w)} milestone not done (due {a['due']}; {_said_en(w, a)})",
    "ms_unfinished_today": lambda w, a: (
        f"{a['name'].say(w)} milestone fell due on {a['due']}, not done ({_said_en(w, a)})"
    ),
    "ms_overdue": lambda w, a: f"{a['name'].say(w)} milestone {a['days']} days overdue ({_said_en(w, a)})",
    "ind_no_data_target": lambda w, a: (
        f"{a['name']}: no actual reported yet ({w.short_period(a['period'], a['year'])} target {_n(a['target'])}{a['unit']})"
    ),
    "ind_no_data": lambda w, a: f"{a['name']}: no actual reported yet",
    "ind_no_target": lambda w, a: f"{a['name']}: actual {_n(a['actual'])}{a['unit']} (no target)",
    "ind_within": lambda w, a: f"{a['name']} {a['actual']} is within the pro-rata range {a['pace']}–{a['top']}",
    "ind_under_ceiling": lambda w, a: f"{a['name']} {a['actual']} meets the pro-rata target (at most {a['pace']})",
    "ind_met": lambda w, a: f"{a['name']} {a['actual']} meets the pro-rata target {a['pace']}",
    "ind_exceeded": lambda w, a: (
        f"{a['name']} {a['actual']} exceeds the pro-rata target {a['pace']} ({a['ratio']:.0%})"
    ),
    "ind_behind": lambda w, a: (
        f"{a['name']} {a['actual']} {a['sign']} pro-rata target {a['pace']}{' (an aim: not counted as lagging)' if a['aim'] else ''}"
    ),
    "subtarget": lambda w, a: f"sub-target {a['number']}: {a['lead'].text(w)}",
    "no_dates": lambda w, a: "the plan gives no dated milestones; status cannot be judged by date",
    "all_undated": lambda w, a: f"none of its {NOUNS[a['noun']][1]} has a date; not judged by date",
    "and_more": _more_en,
    "all_cancelled": lambda w, a: f"all {NOUNS[a['noun']][1]} cancelled",
    "all_done_late": lambda w, a: f"all {a['total']} {NOUNS[a['noun']][1]} done, {a['late']} of them late",
    "all_done": lambda w, a: f"all {a['total']} {NOUNS[a['noun']][1]} done",
    "some_done": lambda w, a: f"{a['done']} of {a['total']} {NOUNS[a['noun']][1]} done; {a['next'].text(w)}",
    "few_dated": lambda w, a: (
        f"only {a['dated']} of {a['total']} {NOUNS[a['noun']][1]} have dated milestones; not judged by date as a whole"
    ),
    "and_undated": lambda w, a: f"{a['reason'].text(w)} ({a['undated']} more {NOUNS[a['noun']][1]} have no schedule)",
    "closed": _final_en,
}


def encode(value: Any) -> Any:
    """A reason (or one of its parameters) as JSON data, for caches (`decode` reads it back)."""
    if isinstance(value, Reason):
        return {"r": value.code, "a": [[k, encode(v)] for k, v in value.args]}
    if isinstance(value, MilestoneName):
        return {"m": [value.period.text, value.year, value.label, value.occurrence.text if value.occurrence else None]}
    if isinstance(value, Period):
        return {"p": value.text}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, (tuple, list)):
        return {"t": [encode(v) for v in value]}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"a reason cannot hold {type(value).__name__}")


def decode(data: Any) -> Any:
    """What `encode` wrote. Raises ValueError, KeyError or TypeError for anything else."""
    if not isinstance(data, dict):
        if data is None or isinstance(data, (str, int, float, bool)):
            return data
        raise TypeError("not a reason")
    if "r" in data:
        code = data["r"]
        if code not in _ZH:
            raise KeyError(code)
        return Reason(code, tuple((str(k), decode(v)) for k, v in data["a"]))
    if "m" in data:
        period, year, label, occurrence = data["m"]
        return MilestoneName(
            parse_period(period), int(year), label, parse_period(occurrence) if occurrence is not None else None
        )
    if "p" in data:
        return parse_period(data["p"])
    if "d" in data:
        return date.fromisoformat(data["d"])
    if "t" in data:
        return tuple(decode(v) for v in data["t"])
    raise KeyError("not a reason")
