"""Locale: `Words(lang)`, the one object that knows how a UI language writes things.

Every fixed word (the label table in `labels`), every date, period, number and list, the
punctuation around them, state and role names and heading numbers go through it. Nothing
else in jindu asks which language it is writing: a page, chart, bulletin, diff or message
takes a `Words` and calls it, so the English edition cannot pick up a Chinese colon or
list separator by accident, and a new language is one more table here.

Plan text is never translated; only jindu's own words are.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date
from enum import Enum

from jindu.plans.periods import Period, PeriodKind, parse_period, quarter_of
from jindu.words.labels import INDICATOR_WORDS, LABELS, LANGS, ROLE_WORDS, STATE_ICONS, STATE_WORDS

_CN_DIGITS = "零一二三四五六七八九"
_QUARTER_ZH = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
_HALF_ZH = {1: "上半年", 2: "下半年"}


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (heading numbers 一、 and （一）)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class _Marks:
    """How a language punctuates: what goes between list items, after a label, around a note."""

    list_sep: str
    clause_sep: str
    colon: str
    full_stop: str
    open_paren: str
    close_paren: str
    range_sep: str


_MARKS = {
    "zh": _Marks("、", "；", "：", "。", "（", "）", "至"),
    "en": _Marks(", ", "; ", ": ", ".", " (", ")", " – "),
}


class Words:
    """Every word and format of one UI language (zh or en)."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
        self.lang = lang
        self._zh = lang == "zh"
        self.marks = _MARKS[lang]
        # short_period's answers: a build asks for the same few periods hundreds of thousands of
        # times (every milestone's reason, at 10,000 tasks 8% of an edition's pages and charts).
        self._short: dict[tuple[Period | str, int | None], str] = {}

    def __repr__(self) -> str:
        return f"Words({self.lang!r})"

    # ------------------------------------------------------------------ vocabulary

    def __call__(self, key: str, **values: object) -> str:
        """The UI word for `key` (labels.LABELS), with `{name}` fields filled in."""
        text = self.pick(*LABELS[key])
        return text.format(**values) if values else text

    def pick(self, zh: str, en: str) -> str:
        """One of a pair written in both languages (a status reason, a word table entry)."""
        return zh if self._zh else en

    def state(self, state: str | Enum) -> str:
        """超期 / overdue …, for a status state or its value."""
        return self.pick(*STATE_WORDS[_value(state)])

    @staticmethod
    def state_icon(state: str | Enum) -> str:
        return STATE_ICONS[_value(state)]

    def outcome(self, outcome: str) -> str:
        """完成 / 逾期完成 / 未完成 / 未报送 …: a task's final outcome once its plan period closed."""
        return self(f"outcome_{outcome}")

    def indicator(self, state: str | Enum) -> tuple[str, str]:
        """An indicator state's word and icon (超额完成 ▲ / exceeded ▲ …)."""
        zh, en, icon = INDICATOR_WORDS[_value(state)]
        return self.pick(zh, en), icon

    def role(self, role: str) -> str:
        """Involvement roles (lead, cooperate, leader, co-leader) and the plan's own 负责人 roles."""
        key = f"role_{role}"
        if key in LABELS:
            return self(key)
        return self.pick(role, ROLE_WORDS.get(role, role))

    def own_name(self, name: str | None) -> str | None:
        """An office's own name for something (a bulletin series): always kept in the Chinese
        edition; in another only when it is written in that language's letters."""
        if not name:
            return None
        return name if self._zh or name.isascii() else None

    # ------------------------------------------------------------------ punctuation

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        """A list as prose: 甲、乙 / A, B."""
        return self.marks.list_sep.join(items)

    def labelled(self, label: object, value: object) -> str:
        """数据截至：2023年7月15日 / Data as of: 2023-07-15."""
        return f"{label}{self.marks.colon}{value}"

    def aside(self, text: object) -> str:
        """A note after a word: 超期（3项） / overdue (3)."""
        return f"{self.marks.open_paren}{text}{self.marks.close_paren}"

    def count(self, n: int) -> str:
        """A count after a heading: （3项） / (3)."""
        return self.aside(f"{n}项" if self._zh else n)

    # ------------------------------------------------------------------ numbers

    @staticmethod
    def number(value: float) -> str:
        """A value as written in plans: 300, 98.5, 0.25."""
        return f"{value:g}"

    @staticmethod
    def measure(value: float | None, unit: str = "") -> str:
        """A rounded amount with its unit, or a dash when there is none."""
        return "—" if value is None else f"{round(value, 2):g}{unit}"

    @staticmethod
    def figure(value: float | None) -> str:
        """A value for a table cell: three significant digits below one."""
        if value is None:
            return ""
        return f"{value:g}" if abs(value) >= 1 or value == 0 else f"{value:.3g}"

    def target(self, value: float, unit: str, qualifier: str | Enum | None = None, upper: float | None = None) -> str:
        """A target as the plan words it: 90%以上, 2–3家, 5家左右, 力争50000人次 (at least 90% …)."""
        low = self.figure(value)
        text = f"{low}–{self.figure(upper)}{unit}" if upper is not None else f"{low}{unit}"
        kind = _value(qualifier) if qualifier is not None else ""
        zh, en = _QUALIFIED.get(kind, ("{}", "{}"))
        return self.pick(zh, en).format(text)

    def issue_no(self, number: int, correction: int = 0) -> str:
        """第2期, 第2期（更正）, 第2期（第2次更正）: an issue number and its correction."""
        text = self("bulletin_issue_no", n=number)
        if correction == 1:
            return text + self("bulletin_correction")
        if correction > 1:
            return text + self("bulletin_correction_n", n=correction)
        return text

    def section_no(self, n: int) -> str:
        """The number of a level-1 heading: 一、 / 1."""
        return f"{chinese_number(n)}、" if self._zh else f"{n}. "

    def subsection_no(self, n: int) -> str:
        """The number of a level-2 heading: （一） / (a)."""
        return f"（{chinese_number(n)}）" if self._zh else f"({'abcdefghijklmnopqrstuvwxyz'[n - 1]}) "

    # ------------------------------------------------------------------ dates

    def day(self, day: date | None) -> str:
        """A day on a page or chart: 2023年7月15日 / 2023-07-15; a dash for none."""
        if day is None:
            return "—"
        return f"{day.year}年{day.month}月{day.day}日" if self._zh else day.isoformat()

    def month_day(self, day: date) -> str:
        """A day inside a sentence whose year is clear: 7月15日 / 2023-07-15."""
        return f"{day.month}月{day.day}日" if self._zh else day.isoformat()

    def long_day(self, day: date) -> str:
        """A day in a printed document: 2023年7月15日 / 15 July 2023."""
        if self._zh:
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {calendar.month_name[day.month]} {day.year}"

    def short_day(self, day: date, year: int) -> str:
        """A printed day without the year when it is `year`: 7月15日 / 15 Jul."""
        if day.year != year:
            return self.long_day(day)
        return f"{day.month}月{day.day}日" if self._zh else f"{day.day} {calendar.month_abbr[day.month]}"

    def month(self, day: date, with_year: bool = False) -> str:
        """A month on a chart axis: 7月 / Jul, with the year when asked: 2023年7月 / Jul 2023."""
        text = self("month_label", m=day.month, abbr=calendar.month_abbr[day.month])
        if not with_year:
            return text
        return f"{day.year}年{text}" if self._zh else f"{text} {day.year}"

    # ------------------------------------------------------------------ periods

    def period(self, period: Period | str) -> str:
        """A reader's name for a period: 2023年第二季度 / Q2 2023, 2023年6月 / Jun 2023."""
        # Pages name the same few periods over and over (a thousand tasks, four quarters):
        # the words are kept per language, as the period alone decides them.
        return _period_words(self.lang, period)

    def _period(self, period: Period | str) -> str:
        period = parse_period(period) if isinstance(period, str) else period
        if period.kind is PeriodKind.UNSCHEDULED:
            return self.pick("不定期", "unscheduled")
        start, end = period.first_day, period.last_day
        if period.kind is PeriodKind.RANGE:
            first, _, last = period.text.partition("..")
            last_words = self.period(last)
            if self._zh and end.year == start.year:
                last_words = last_words.removeprefix(f"{start.year}年")
            return f"{self.period(first)}{self.marks.range_sep}{last_words}"
        if self._zh:
            return {
                PeriodKind.YEAR: f"{start.year}年全年",
                PeriodKind.HALF: f"{start.year}年{_HALF_ZH[1 if start.month == 1 else 2]}",
                PeriodKind.QUARTER: f"{start.year}年{_QUARTER_ZH[quarter_of(start)]}",
                PeriodKind.MONTH: f"{start.year}年{start.month}月",
                PeriodKind.DAY: f"{start.year}年{start.month}月{start.day}日",
            }[period.kind]
        return {
            PeriodKind.YEAR: f"{start.year}",
            PeriodKind.HALF: f"H{1 if start.month == 1 else 2} {start.year}",
            PeriodKind.QUARTER: f"Q{quarter_of(start)} {start.year}",
            PeriodKind.MONTH: f"{calendar.month_abbr[start.month]} {start.year}",
            PeriodKind.DAY: start.isoformat(),
        }[period.kind]

    def step(self, period: str, text: str) -> str:
        """A milestone's step: "4月：text", unless the text names its month already (4月份：…)."""
        when = self.short_period(period)
        return text if text.startswith(when) else f"{when}{self.marks.colon}{text}"

    def short_period(self, period: Period | str, year: int | None = None) -> str:
        """The period without the year when it is `year` (default: its own year):
        第二季度 / Q2, 6月 / Jun, 全年."""
        found = self._short.get((period, year))
        if found is None:
            found = self._short[(period, year)] = self._short_period(period, year)
        return found

    def _short_period(self, period: Period | str, year: int | None) -> str:
        period = parse_period(period) if isinstance(period, str) else period
        full = self.period(period)
        if period.start is None:
            return full
        year = period.start.year if year is None else year
        return full.removeprefix(f"{year}年") if self._zh else full.removesuffix(f" {year}")


_QUALIFIED = {
    "at_least": ("{}以上", "at least {}"),
    "at_most": ("{}以下", "at most {}"),
    "about": ("{}左右", "about {}"),
    "strive": ("力争{}", "aim: {}"),
}


def _value(state: str | Enum) -> str:
    return state.value if isinstance(state, Enum) else state


ZH = Words("zh")
EN = Words("en")
PRIMARY = "zh"  # the main edition's language: drafts, file names without a suffix, the plan's own words


def file_suffix(lang: str) -> str:
    """What a file of `lang`'s edition adds to its name: nothing for the main edition, `.en` else."""
    return "" if lang == PRIMARY else f".{lang}"


def edition_folder(lang: str) -> str:
    """Where `lang`'s edition sits in the site: the root for the main edition, `en/` else."""
    return "" if lang == PRIMARY else f"{lang}/"


def content_language(lang: str) -> str:
    """The language tag documents and feeds declare: zh-CN, en."""
    return "zh-CN" if lang == "zh" else lang


def every_language(key: str) -> tuple[str, ...]:
    """A UI word in every language (what a form filled in either language may say)."""
    return tuple(Words(lang)(key) for lang in LANGS)


@functools.lru_cache(maxsize=8192)
def _period_words(lang: str, period: Period | str) -> str:
    return Words(lang)._period(period)
