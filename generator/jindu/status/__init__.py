"""Status: what state every milestone, task, plan, unit and person is in on a given day.

`engine.compute_status(portfolio, as_of, rules)` is pure (no clock, no I/O) and returns a
`verdicts.StatusReport`. The rules are split by job: `milestones` (rules 1-8 of
docs/reference/status.md), `indicators` (序时 targets), `rollup` (the most urgent state
wins, with the reason), and `engine` ties them together per plan, unit and person.
"""
