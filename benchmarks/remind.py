"""What `jindu remind` costs as a portfolio grows: choosing and wording the day's messages.

    .venv/bin/python benchmarks/remind.py [rounds]

Writes synthetic portfolios (tests/synthetic.py) of 1,000, 4,000 and 10,000 tasks, and for each
measures, in this process, the median of `rounds` runs of: the floor — loading the plans and
computing the statuses, which every command pays — and the reminders on top of it (the
schedule, then each department's text and JSON items). It prints both, the reminders' share of
the floor, and the reminders' cost per task and per listed item (a milestone in a message),
which stays flat when the work is linear.
A Monday is used: the chase day, when every department with something open is written to.
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from jindu.plans.loading import load_portfolio  # noqa: E402
from jindu.reminders.messages import Composer, Contacts  # noqa: E402
from jindu.reminders.schedule import Policy, reminders  # noqa: E402
from jindu.status.engine import compute_status  # noqa: E402
from jindu.words.locale import Words  # noqa: E402
from synthetic import default_shape, write_portfolio  # noqa: E402

MONDAY = date(2023, 7, 10)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(
        f"{'tasks':>7} {'floor s':>9} {'remind s':>9} {'share':>7} {'µs/task':>8} {'messages':>9} {'items':>7} {'µs/item':>8}"
    )
    for tasks in (1000, 4000, 10000):
        with tempfile.TemporaryDirectory() as work:
            write_portfolio(Path(work), default_shape(tasks))
            floors, costs, count, items = [], [], 0, 0
            for _ in range(rounds):
                gc.collect()  # the previous round's garbage is not this round's cost
                began = time.perf_counter()
                portfolio = load_portfolio([Path(work) / "plans"])
                report = compute_status(portfolio, MONDAY)
                floors.append(time.perf_counter() - began)
                gc.collect()  # the floor's garbage is the floor's
                middle = time.perf_counter()
                contacts = Contacts.of(portfolio)
                due = reminders(report, Policy(), contacts.members)
                composer = Composer(portfolio, Words("zh"), "https://example.gov.cn/", MONDAY)
                for reminder in due:
                    composer.text(reminder, "")
                    composer.items(reminder)
                    contacts.recipients(reminder)
                ended = time.perf_counter()
                costs.append(ended - middle)
                count, items = len(due), sum(len(r.items) for r in due)
            floor, cost = statistics.median(floors), statistics.median(costs)
            print(
                f"{tasks:>7} {floor:>9.2f} {cost:>9.3f} {cost / floor:>7.1%} {cost / tasks * 1e6:>8.0f} {count:>9} "
                f"{items:>7} {cost / max(items, 1) * 1e6:>8.0f}"
            )


if __name__ == "__main__":
    main()
