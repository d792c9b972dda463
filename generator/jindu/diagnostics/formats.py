"""Formats: a list of Diagnostics as human text (with the source line and a caret),
GitHub Actions annotations, GitLab Code Quality JSON, JSON for tools and Markdown for a
job summary. Plan text reaching a log or a summary is made inert here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from jindu.diagnostics.diagnostic import Diagnostic, Mark


def printable(text: str) -> str:
    """Make untrusted plan text safe for a terminal or CI log.

    Control characters (ANSI escapes, carriage returns that overwrite a line) are shown
    as visible escapes instead of being interpreted by the log viewer.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\t":
            out.append("    ")
        elif code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _display_width(text: str) -> int:
    """Terminal width of text: CJK and full-width characters take two cells."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


SOURCE_CONTEXT = 60  # characters of a long source line shown on each side of the caret


def _window(line: str, column: int) -> tuple[str, str]:
    """The source line split at the caret, made printable; a long line (a minified list, 10,000
    nested brackets) is cut to SOURCE_CONTEXT characters either side, marked with "…"."""
    start, end = max(0, column - SOURCE_CONTEXT), column + SOURCE_CONTEXT
    before = ("…" if start else "") + line[start:column]
    after = line[column:end] + ("…" if len(line) > end else "")
    return printable(before), printable(after)


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """Human-readable report: `path:line:col: error[CODE]: message`, source line, caret."""
    blocks = []
    for d in diagnostics:
        where = f"{d.mark}: " if d.mark else ""
        lines = [f"{where}{d.severity.value}[{d.code}]: {printable(d.message)}"]
        if d.source_line and d.mark and d.mark.line > 0:
            gutter = str(d.mark.line)
            before, after = _window(d.source_line.rstrip("\n"), max(d.mark.column - 1, 0))
            lines.append(f" {gutter} | {before}{after}")
            lines.append(f" {' ' * len(gutter)} | {' ' * _display_width(before)}^")
        if d.breadcrumb:
            lines.append(f"  in: {printable(d.breadcrumb)}")
        if d.hint:
            lines.append(f"  hint: {printable(d.hint)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def summary_line(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


def _escape_github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, one per diagnostic.

    `%`, CR and LF are escaped in the message (and `:` and `,` in properties) so that plan
    text cannot end the command early or inject a second one.
    """
    lines = []
    for d in diagnostics:
        command = "error" if d.is_error else "warning"
        props = []
        if d.mark:
            props.append(f"file={_escape_github_property(d.mark.path)}")
            if d.mark.line > 0:
                props.append(f"line={d.mark.line}")
                props.append(f"col={d.mark.column}")
        props.append(f"title={_escape_github_property(d.code)}")
        message = d.message
        if d.breadcrumb:
            message += f"\nin: {d.breadcrumb}"
        if d.hint:
            message += f"\nhint: {d.hint}"
        lines.append(f"::{command} {','.join(props)}::{_escape_github_data(message)}")
    return "\n".join(lines)


def to_json(diagnostics: Iterable[Diagnostic]) -> list[dict]:
    out = []
    for d in diagnostics:
        out.append(
            {
                "severity": d.severity.value,
                "code": d.code,
                "message": d.message,
                "path": d.mark.path if d.mark else None,
                "line": d.mark.line if d.mark else None,
                "column": d.mark.column if d.mark else None,
                "breadcrumb": d.breadcrumb,
                "hint": d.hint,
            }
        )
    return out


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    return json.dumps(
        {
            "diagnostics": to_json(items),
            "errors": sum(d.is_error for d in items),
            "warnings": sum(not d.is_error for d in items),
        },
        ensure_ascii=False,
        indent=2,
    )


def format_markdown(diagnostics: Iterable[Diagnostic], files: int) -> str:
    """The whole report as Markdown, for a CI job summary (annotations are capped at a few
    per step; the summary is not). Plan text is escaped (markup.md_text)."""
    from jindu.markup import md_code, md_text

    items = list(diagnostics)
    icon = "❌" if any(d.is_error for d in items) else "⚠️" if items else "✅"
    lines = [f"## {icon} jindu check: {summary_line(items)} ({files} file{'s' if files != 1 else ''})", ""]
    if items:
        lines += ["| where | code | problem | how to fix |", "|---|---|---|---|"]
        for d in items:
            where = md_code(str(d.mark)) if d.mark else ""
            problem = md_text(d.message) + (f"<br>in: {md_text(d.breadcrumb)}" if d.breadcrumb else "")
            lines.append(f"| {where} | {d.severity.value} {md_code(d.code)} | {problem} | {md_text(d.hint)} |")
    return "\n".join(lines) + "\n"


def format_gitlab(diagnostics: Iterable[Diagnostic]) -> str:
    """A GitLab Code Quality report (a JSON list), which merge requests show on the changed lines."""
    import hashlib

    issues = []
    for d in diagnostics:
        mark = d.mark or Mark("")
        fingerprint = hashlib.sha256(f"{d.code}|{mark}|{d.message}".encode()).hexdigest()
        issues.append(
            {
                "description": f"{d.code}: {d.message}" + (f" (hint: {d.hint})" if d.hint else ""),
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": "major" if d.is_error else "minor",
                "location": {"path": mark.path, "lines": {"begin": max(mark.line, 1)}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)
