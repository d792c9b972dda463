"""Hostile plan data for the safety tests: an XSS probe in every text field."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import site_config

PROBE = (
    "<img src=x onerror=alert(1)>[x](javascript:alert(2)){onclick=alert(3)}</title><script>alert(4)</script>&amp;*e*"
)


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def hostile_files(folder: Path, probe: str = PROBE) -> None:
    p = q(probe)
    (folder / "directory.yaml").write_text(
        f"""kind: directory
organization: {{id: evil, name: {p}, short_name: {p}}}
people: [{{id: mallory, name: {p}, title: {p}}}]
units:
  - {{id: unit-x, name: {p}, aliases: [{p}]}}
  - {{id: group-x, name: {p}, kind: group}}
""",
        encoding="utf-8",
    )
    (folder / "plan.yaml").write_text(
        f"""kind: plan
id: evil-plan
organization: evil
title: {p}
year: 2023
genre: {p}
notes: {p}
labels: {{lead_departments: {p}, cooperating_units: {p}, lead_leaders: {p}}}
document: {{number: {p}, disclosure: {p}, issuer: {p}, notice_title: {p}, addressees: {p}, notice_body: {p}}}
preamble: {p}
sections:
  - id: s1
    number: {p}
    title: {p}
    lead_departments: [unit-x]
    tasks:
      - id: t1
        number: {p}
        title: {p}
        description: {p}
        target: {p}
        annual_plan: {p}
        leadership_note: {p}
        notes: {p}
        alt_titles: [{{source: a1, title: {p}}}]
        lead_leaders: [mallory]
        lead_departments: [unit-x]
        cooperating_units: [group-x]
        milestones:
          - period: 2023-Q2
            label: {p}
            target: {p}
            acceptance: {p}
            note: {p}
            steps: [{{period: 2023-05, text: {p}}}]
        indicators:
          - {{id: i1, name: {p}, unit: {p}, targets: {{2023-Q2: 90}}, upper: {{2023-Q2: 95}},
             qualifier: about, source: {p}, note: {p}}}
attachments:
  - {{id: a1, title: {p}, view: target-list}}
assessments:
  - id: form
    title: {p}
    categories:
      - {{id: c1, name: {p}, max_points: 10}}
    units: [unit-x]
""",
        encoding="utf-8",
    )
    (folder / "progress.yaml").write_text(
        f"""kind: progress
plan: evil-plan
reporter: unit-x
scores:
  - {{assessment: form, unit: unit-x, category: c1, points: 8, note: {p}}}
milestones:
  - {{task: t1, milestone: q2, status: delayed, date: 2023-05-01, note: {p}, evidence: "https://example.org/a?b=%3Cx%3E"}}
updates:
  - {{task: t1, date: 2023-05-02, text: {p}}}
indicators:
  - {{task: t1, indicator: i1, period: 2023-Q1, value: 50, note: {p}}}
""",
        encoding="utf-8",
    )


def build_hostile_site(root: Path, work: Path) -> Path:
    """Write the hostile plans and a site config into `work`, build it, return the site folder."""
    plans = work / "plans"
    plans.mkdir()
    hostile_files(plans)
    (work / "docs").mkdir()
    # site_name is site configuration, not plan text: Material writes it into attributes unescaped.
    (work / "mkdocs.yml").write_text(
        site_config(
            root,
            "probe site",
            plugins="  - search:\n      lang: [zh, en]\n",
            tail="extra:\n  generator: false\n"
            f'  footer: {{host: {q(PROBE)}, icp: {q(PROBE)}, police: {q(PROBE)}, police_link: "javascript:alert(5)"}}\n',
        ),
        encoding="utf-8",
    )
    out = work / "site"
    result = subprocess.run(
        [sys.executable, "-m", "jindu", "site", "--out", str(out), "--as-of", "2023-07-15"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return out
