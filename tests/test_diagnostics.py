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
