"""The Nu HTML checker (npm vnu-jar, on Debian's Java) finds no error in jindu's markup on the
seed site's pages: home, plan, task, unit, person, month, attention, form, bulletins and an
English page. axe-core runs on the same kinds of page in test_readers.py.

Material's own template markup has two errors Nu reports on every page; they are listed
below, matched by their exact text and the element they come from, and nothing else is let
through."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parent / "axe" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
pytestmark = [
    pytest.mark.skipif(not VNU.exists(), reason="needs vnu-jar: make test-setup installs it into tests/axe"),
    pytest.mark.skipif(
        shutil.which("java") is None, reason="needs Java: make test-setup installs default-jre-headless"
    ),
]

PAGES = [
    "index.html",
    "plans/2023-minhang/index.html",  # two charts: ids must stay unique
    "plans/2023-qingpu/index.html",
    "plans/2023-minhang/t01/index.html",
    "plans/2023-qingpu/i14/index.html",
    "units/qingpu/jibing-yufang-ke/index.html",
    "people/qingpu/hu-jiong/index.html",
    "calendar/2023-07/index.html",
    "attention/index.html",
    "plans/2020-xinbei/forms/self-assessment/index.html",
    "bulletins/index.html",
    "en/plans/2023-minhang/index.html",
]

# Material's base template: its toggles are checkboxes with autocomplete="off", and the
# table-of-contents title is a label for a toggle Nu takes for hidden. Not jindu's markup.
MATERIAL = [
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
        'for="__toc"',
    ),
]


def nu_errors(files: list[Path]) -> list[dict]:
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
    )
    return json.loads(done.stderr or done.stdout)["messages"]


def ours(message: dict) -> bool:
    extract = message.get("extract", "")
    return not any(message["message"].startswith(text) and mark in extract for text, mark in MATERIAL)


def test_nu_finds_no_error_in_our_markup(seed_site):
    files = [seed_site / page for page in PAGES]
    assert all(f.exists() for f in files), [str(f) for f in files if not f.exists()]
    found = [
        (m.get("url", "").rsplit("/site/", 1)[-1], m["message"], m.get("extract", ""))
        for m in nu_errors(files)
        if ours(m)
    ]
    assert found == []


def test_nu_would_report_a_duplicate_id(seed_site, tmp_path):
    page = tmp_path / "page.html"
    text = (seed_site / "plans/2023-minhang/index.html").read_text(encoding="utf-8")
    page.write_text(text.replace("</h1>", '</h1><p id="dup">a</p><p id="dup">b</p>', 1), encoding="utf-8")
    messages = [m["message"] for m in nu_errors([page]) if ours(m)]
    assert messages == ["Duplicate ID “dup”."]
