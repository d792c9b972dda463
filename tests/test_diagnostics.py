from jindu.diagnostics.diagnostic import Diagnostic, Mark, Severity
from jindu.diagnostics.formats import format_github, format_text


def test_github_annotation_escapes_plan_text():
    d = Diagnostic(Severity.ERROR, "E-REF", "unknown 100%\r\n::error::injected", Mark("plans/a,b.yaml", 3, 5))
    line = format_github([d])
    assert line.count("\n") == 0
    assert line.startswith("::error file=plans/a%2Cb.yaml,line=3,col=5,title=E-REF::")
    assert "100%25%0D%0A::error::injected" in line


def test_text_format_caret_under_cjk():
    d = Diagnostic(
        Severity.ERROR, "E-REF", "unknown person", Mark("p.yaml", 2, 7), source_line="牵头领导: x", hint="did you mean?"
    )
    out = format_text([d]).splitlines()
    assert out[0] == "p.yaml:2:7: error[E-REF]: unknown person"
    # '牵头领导: ' is 4 wide characters and ': ' → the caret sits under x at display column 11
    assert out[2].index("^") - out[1].index("牵") == 10


def test_control_characters_are_shown_not_interpreted():
    d = Diagnostic(Severity.ERROR, "E-X", "evil \x1b[31mred\x1b[0m", Mark("p.yaml", 1, 1))
    assert "\x1b" not in format_text([d])


FIVE = """kind: plan
id: five
organization: test-org
title: 五处错误
year: 2023
sections:
  - id: s1
    title: 一、测试
    tasks:
      - id: t1
        title: 任务一
        titel: 拼错的键
        lead_leaders: [li-si]
        milestones:
          - period: 2023-Q5
            target: 完成
      - id: t1
        title: 任务二
        milestones:
          - period: 2023-06-31
            target: 完成
"""


def test_five_breakages_are_five_diagnostics_in_one_run(tmp_path):
    """An unknown key, an unknown person, an impossible period, a duplicate id and an impossible
    date in one plan: one run reports all five, so a clerk fixes them in one round."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    base = Path(__file__).resolve().parent / "hostile" / "_base"
    shutil.copy(base / "directory.yaml", tmp_path / "directory.yaml")
    (tmp_path / "five.yaml").write_text(FIVE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "jindu", "check", "."], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1
    lines = [line for line in run.stdout.splitlines() if ": error[" in line or line.startswith("checked")]
    assert lines == [
        "five.yaml:12:9: error[E-UNKNOWN-KEY]: unknown key 'titel' (in Task)",
        "five.yaml:13:24: error[E-REF]: unknown person 'li-si'",
        (
            "five.yaml:15:21: error[E-PERIOD]: '2023-Q5' is not a period; write 2023, 2023-H1, 2023-Q2, 2023-06, "
            "2023-06-30, a range like 2023-Q2..2023-Q3, or 'unscheduled'"
        ),
        "five.yaml:17:13: error[E-DUP-ID]: task id 't1' is used twice (first at line 10)",
        "five.yaml:20:21: error[E-PERIOD]: '2023-06-31' is not a real date: June 2023 has 30 days",
        "checked 2 files: 5 errors, 0 warnings",
    ]
