"""Mutation fuzzing, in process: every field of every seed file given every kind of YAML value.

For each distinct field of each seed file (its path with list positions left out: 330 fields),
the first place it occurs is replaced by each of the values below, the file is written back and
its folder checked, and (when the plans still load) the statuses computed. Nothing may raise:
a value of the wrong type is a diagnostic at its line, never a traceback. The values are the
kinds a hand-edited file or a fuzzer produces: another container, nothing, numbers no plan
holds, dates that do not exist, and text that looks like code.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pytest
import yaml

from jindu.diagnostics.formats import format_json, format_text
from jindu.plans.loading import load_portfolio
from jindu.status.engine import compute_status

ROOT = Path(__file__).resolve().parents[1]
MUTATIONS = {
    "list": ["progress", 1],
    "mapping": {"a": [1, {"b": None}]},
    "null": None,
    "huge": 10**40,
    "infinite": math.inf,
    "negative": -1,
    "boolean": True,
    "date": dt.date(2023, 2, 28),
    "odd text": "2023-02-30 <script>{{ x }}</script>\u202e\x00",
}


def fields(node, path=()):
    """(signature, path) of the first occurrence of every field below `node`."""
    seen: dict[tuple, tuple] = {}

    def walk(value, where, signature):
        seen.setdefault(signature, where)
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*where, key), (*signature, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*where, i), (*signature, "*"))

    walk(node, path, path)
    return [where for where in seen.values() if where]


def replaced(data, where, value):
    if len(where) == 1:
        data[where[0]] = value
        return data
    replaced(data[where[0]], where[1:], value)
    return data


SEEDS = sorted((ROOT / "plans").rglob("*.yaml"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.relative_to(ROOT / "plans").as_posix())
def test_no_value_in_any_field_raises(seed, tmp_path):
    org = seed.relative_to(ROOT / "plans").parts[0]
    folder = tmp_path / org
    shutil.copytree(ROOT / "plans" / org, folder)
    target = folder / seed.relative_to(ROOT / "plans" / org)
    original = yaml.safe_load(seed.read_text(encoding="utf-8"))
    tried = 0
    for where in fields(original):
        for name, value in MUTATIONS.items():
            data = replaced(yaml.safe_load(seed.read_text(encoding="utf-8")), where, value)
            target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            try:
                portfolio = load_portfolio([folder])
                format_text(portfolio.diagnostics.sorted())
                format_json(portfolio.diagnostics.sorted())
                if portfolio.ok:
                    compute_status(portfolio, dt.date(2023, 7, 15))
            except Exception as error:
                pytest.fail(f"{seed.name}: {'/'.join(map(str, where))} = {name} raised {error!r}")
            tried += 1
    assert tried >= len(MUTATIONS) * 10
