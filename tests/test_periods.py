from datetime import date

import pytest

from jindu.plans.periods import PeriodError, PeriodKind, Recurrence, occurrences, parse_period
from jindu.words.locale import Words


@pytest.mark.parametrize(
    "text,kind,start,end",
    [
        ("2023", PeriodKind.YEAR, date(2023, 1, 1), date(2023, 12, 31)),
        ("2023-H1", PeriodKind.HALF, date(2023, 1, 1), date(2023, 6, 30)),
        ("2023-Q1", PeriodKind.QUARTER, date(2023, 1, 1), date(2023, 3, 31)),
        ("2024-Q1", PeriodKind.QUARTER, date(2024, 1, 1), date(2024, 3, 31)),
        ("2023-02", PeriodKind.MONTH, date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-02", PeriodKind.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-06-30", PeriodKind.DAY, date(2023, 6, 30), date(2023, 6, 30)),
        ("2023-Q2..2023-Q3", PeriodKind.RANGE, date(2023, 4, 1), date(2023, 9, 30)),
    ],
)
def test_parse(text, kind, start, end):
    period = parse_period(text)
    assert (period.kind, period.start, period.end) == (kind, start, end)


@pytest.mark.parametrize("text", ["2023-Q5", "2023-13", "2023-02-30", "Q2", "2023-Q3..2023-Q2", "soon", ""])
def test_rejects(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_unscheduled_has_no_dates():
    period = parse_period("unscheduled")
    assert not period.scheduled and period.start is None


def test_labels():
    assert Words("zh").period(parse_period("2023-Q2..2023-Q3")) == "2023年第二季度至第三季度"
    assert Words("en").period("2023-06") == "Jun 2023"
    assert Words("en").period("2023-Q2..2023-Q3") == "Q2 2023 – Q3 2023"
    assert Words("zh").period("unscheduled") == "不定期"


def test_first_month_of_quarter():
    months = [p.text for p in occurrences(parse_period("2023"), Recurrence.FIRST_MONTH_OF_QUARTER)]
    assert months == ["2023-01", "2023-04", "2023-07", "2023-10"]


@pytest.mark.parametrize(
    "text, lang, year, expected",
    [
        ("2023-Q2", "zh", None, "第二季度"),
        ("2023-06", "zh", None, "6月"),
        ("2023", "zh", 2023, "全年"),
        ("2023-Q2", "zh", 2024, "2023年第二季度"),  # another year keeps its number
        ("2023-Q2", "en", None, "Q2"),
        ("unscheduled", "zh", None, "不定期"),
    ],
)
def test_short_label_drops_the_plan_year(text, lang, year, expected):
    assert Words(lang).short_period(parse_period(text), year) == expected
