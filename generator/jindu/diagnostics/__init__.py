"""Diagnostics: what `jindu check` reports, as data, and the formats it is printed in.

`diagnostic` holds the data (Severity, Mark, Diagnostic and the Diagnostics list every stage
appends to), `codes` the table of stable codes with their meaning and fix, `formats` the
printers: text with the source line and a caret, GitHub annotations, GitLab Code Quality,
JSON and Markdown. This package imports nothing else of jindu but `markup`.
"""
