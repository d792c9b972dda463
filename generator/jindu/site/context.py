"""Context: what every page template is given besides its own values — words, links, lookups.

`page_context` is made per page (links are relative to the page's address). Everything in it
is a function of the build's language, link style, as-of date, chart specs and names, which is
why a page's key (site/pagekeys.py) holds those in its salt and not per page.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from jindu.charts.specs import ChartSet
from jindu.site.attention import by_state
from jindu.site.chartdata import battle_months, trajectory_rows
from jindu.status.verdicts import ATTENTION, URGENT, State, outcome_of
from jindu.words.addresses import SiteMap
from jindu.words.locale import Words
from jindu.words.names import Names, task_heading

STATE_ORDER = list(State)


def data_formats(at, feed: bool) -> list[str]:
    """The data files a page links (exports/files.py): a department has no CSV of its own (its
    rows are the plans' CSV rows) and no feed."""
    department = at == SiteMap.unit_data
    return [
        f
        for f in ("xlsx", "csv", "json", "ics", "atom")
        if not ((f == "atom" and not feed) or (f == "csv" and department))
    ]


def page_context(here: str, words: Words, sitemap: SiteMap, as_of: date, charts: ChartSet, names: Names) -> dict:
    """The names a page template at `here` may use (see site_templates/pages/)."""
    lang = words.lang

    def link(target: str, fragment: str = "") -> str:
        return sitemap.link(here, target, fragment)

    def t(key: str, **values) -> str:
        return words(key, **values)

    def reason(verdict) -> str:
        return verdict.reason.text(words)

    def asset(path: str) -> str:
        return sitemap.asset(here, path)

    return {
        "lang": lang,
        "as_of": as_of,
        "t": t,
        "link": link,
        "asset": asset,
        "sm": sitemap,
        "charts": charts,
        "state_label_of": words.state,
        "trajectory_rows": trajectory_rows,
        "battle_months": battle_months,
        "as_state": State,
        "month_label": lambda day: words.month(day, with_year=True),
        "chart_spec": lambda path: charts.specs[path],
        "fmt_iso": lambda text: words.day(date.fromisoformat(text)) if text else "—",
        "reason": reason,
        "state_label": words.state,
        "state_icon": words.state_icon,
        "indicator_words": words.indicator,
        "role_label": words.role,
        "unit_name": lambda org, uid: names.units.get((org, uid), uid),
        "data_files": lambda at, *key, feed=False: [(fmt, at(*key, fmt)) for fmt in data_formats(at, feed)],
        "is_group": lambda org, uid: names.unit_kinds.get((org, uid)) == "group",
        "unit_kind": lambda org, uid: words(f"unit_kind_{names.unit_kinds.get((org, uid), 'department')}"),
        "person_name": lambda org, pid: names.people.get((org, pid), pid),
        "person_title": lambda org, pid: names.titles.get((org, pid), ""),
        "org_name": lambda org: names.orgs.get(org, org),
        "period_label": words.period,
        "short_period": words.short_period,
        "fmt_date": words.day,
        "fmt_num": words.figure,
        "target_text": lambda ind, period, value: words.target(
            value, ind.unit or "", ind.qualifier, ind.upper.get(period)
        ),
        "loc": words,
        "heading": task_heading,
        "STATES": STATE_ORDER,
        "URGENT": URGENT,
        "ATTENTION": ATTENTION,
        "outcome_label": words.outcome,
        "outcome_of": outcome_of,
        "by_state_counts": by_state,
        "count_states": lambda items: Counter(i.state.value for i in items),
    }
