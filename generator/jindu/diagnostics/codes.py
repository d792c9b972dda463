"""Every diagnostic code jindu emits, what it means, and how to fix it.

The diagnostics reference (`docs/reference/diagnostics.md`) is generated from this table,
and a test fails when the source emits a code that is not listed here.
"""

CODES: dict[str, tuple[str, str]] = {
    # reading files
    "E-READ": ("The file or folder cannot be read or does not exist.", "Check the path."),
    "E-SYMLINK": (
        (
            "A symbolic link leads outside the plans folder, dangles or loops. Its target is never read, "
            "so a change cannot make jindu print or publish a file from elsewhere on the machine."
        ),
        "Put the file itself in the plans folder, or link to a file inside it.",
    ),
    "E-LEDGER": (
        (
            "A filled 台账 workbook (`jindu ledger import`, `jindu inbox`) has a cell jindu cannot take in: a status "
            "not in the list, a date that is not a day, a value that is not a number, an evidence link that is not "
            "http(s), a row that lost its ids, or a file that is not a workbook (or is a link)."
        ),
        (
            "Correct the cell the message names (sheet!cell) as it says, or start again from a fresh form "
            "(`jindu ledger export`); commit the workbook itself, never a link to it."
        ),
    ),
    "E-ISSUED": (
        (
            "An issued bulletin in the archive (issued/) is missing, unreadable, a symbolic link, without "
            "its record, or no longer matches the SHA-256 its record pins; or a file committed to the archive "
            "was deleted or changed in a later commit. An issued document never changes."
        ),
        "Restore it from git; to correct an issued bulletin, issue a correction (jindu bulletin issue --correction).",
    ),
    "E-FILE-SIZE": ("The file is larger than the 4 MiB limit.", "Split the plan or report into several files."),
    "E-ENCODING": (
        "The file is not UTF-8 (often GBK from an older editor) or contains NUL bytes.",
        "Save it as UTF-8.",
    ),
    "W-BOM": (
        "The file starts with a UTF-8 byte-order mark. It is ignored, but other tools show it.",
        "Save as 'UTF-8' rather than 'UTF-8 with BOM'.",
    ),
    "E-EMPTY": ("The file has no YAML content.", "Add content or delete the file."),
    # YAML
    "E-YAML-SYNTAX": ("The text is not valid YAML.", "Check indentation, colons and quotes at the line shown."),
    "E-YAML-TAB": ("A tab is used for indentation; YAML allows only spaces.", "Replace tabs with spaces."),
    "E-YAML-MULTIDOC": ("The file holds several YAML documents separated by '---'.", "Keep one per file."),
    "E-YAML-ALIAS-BOMB": (
        "Anchors and aliases expand to more than 200,000 values ('billion laughs').",
        "Write the data out without nested aliases.",
    ),
    "E-YAML-CHAR": (
        "The file contains a control character YAML does not allow (a form feed, ESC from pasted terminal colours, DEL).",
        "Delete the character at the position shown; most editors do not show it.",
    ),
    "E-BIDI": (
        (
            "The file contains a bidirectional control (U+202A–U+202E, U+2066–U+2069): invisible, it makes a "
            "line read differently from what it holds, in a review, a CI log or a page."
        ),
        "Delete the character at the position shown; plan text never needs it.",
    ),
    "E-YAML-DEPTH": ("Nesting is deeper than 64 levels.", "Flatten the structure."),
    "E-YAML-RECURSIVE": ("An alias refers to the structure that contains it.", "Remove the recursive alias."),
    "E-YAML-TAG": ("A YAML tag such as !!python/object or !custom is used.", "Remove the tag."),
    "E-YAML-KEY": ("A mapping key is a list or mapping.", "Use plain text keys."),
    "E-YAML-MERGE": ("A merge key '<<' is used; it hides where values come from.", "Write the keys out."),
    "E-DUP-KEY": (
        "A key appears twice in one mapping; YAML would silently keep only the last.",
        "Remove or merge the duplicate (a git merge may have produced it).",
    ),
    # one file against the format
    "E-KIND": ("`kind` is missing or not plan, directory or progress.", "Add or correct the `kind:` line."),
    "E-UNKNOWN-KEY": ("A key the format does not know (often a typo).", "Use the suggested key."),
    "E-MISSING": ("A required key is missing.", "Add it; the hint says what it holds."),
    "E-TYPE": ("A value has the wrong shape (text, list, mapping, true/false).", "Follow the hint."),
    "E-DATE": ("A date is malformed or does not exist (2023-02-30).", "Write YYYY-MM-DD with a real day."),
    "E-PERIOD": (
        "A period is not in the period grammar.",
        "Write 2023, 2023-H1, 2023-Q2, 2023-06, 2023-06-30, 2023-Q2..2023-Q3 or unscheduled.",
    ),
    "E-URL": ("An evidence link is not an http(s) link.", "Give a full https:// address."),
    "E-ID": (
        "An id uses characters other than lower-case ASCII letters, digits and '-'.",
        "Use an ASCII id; the Chinese name goes in `name` or `title`.",
    ),
    "E-VALUE": ("A value is not one of the allowed choices.", "Use one of the listed values."),
    "E-EMPTY-VALUE": ("A text that must not be empty is empty.", "Fill it in or remove the key."),
    "E-NUMBER": ("A number is malformed, out of range, or has a unit attached.", "Write a plain number."),
    "E-INVALID": ("Any other value problem.", "Follow the message."),
    # across objects and files
    "E-DUP-ID": ("An id is used twice where it must be unique.", "Rename one of them."),
    "E-REF": (
        "A reference names a person, unit, task, milestone, plan or attachment that does not exist.",
        "Correct the id (see the did-you-mean hint) or add the entry to the directory.",
    ),
    "E-PLAN-PERIOD": ("The plan's start and end dates contradict each other or the year.", "Fix start/end."),
    "E-DEPTH": ("A sub-target has sub-targets; plans have three levels at most.", "Move them up a level."),
    "E-PERIOD-RANGE": ("A period lies outside the plan (or a step outside its milestone).", "Check the year."),
    "E-RECURRENCE": (
        "A recurring milestone has no dated period, or its period is too short to repeat in (quarterly in one month).",
        "Give it the period it repeats in, e.g. the plan year.",
    ),
    "E-QUALIFIER": (
        "An indicator's direction contradicts its target's wording: 以下 (at_most) with `direction: increase`.",
        "Write the direction the wording means, or leave it out: the wording decides.",
    ),
    "E-TARGET-OVERLAP": (
        "Two targets of one indicator fall due on the same day (2023-Q2 and 2023-04..2023-06).",
        "Keep one target per period end.",
    ),
    "E-DUP-REPORT": ("The same milestone is reported twice for the same day.", "Keep one report."),
    "E-NUMBER-RANGE": (
        "An indicator's target, baseline or value is beyond ±1e15: no plan counts that high, and charts cannot draw it.",
        "Check the digits, or give the value in a larger unit (万, 亿).",
    ),
    "E-REPORT-DATE": (
        "A report is dated before its plan begins, after the file's `reported` date, or more than a year after the plan ends.",
        "Check the year and the day; a status is reported once it is reached.",
    ),
    "W-PERCENT": (
        "A target or value in % lies outside 0–100.",
        "Check the value; only a growth rate can pass 100%.",
    ),
    "E-TARGET-RANGE": (
        "A range target's upper end is below its lower end, or names a period with no target.",
        "Write the lower end under `targets` and the upper end under `upper`, for the same period.",
    ),
    "E-DUP-SCORE": ("A unit is scored twice on the same item of a self-assessment form.", "Keep one score."),
    "E-SCORE-RANGE": ("A score is more than the item's maximum points.", "Check the points, or the form's maximum."),
    "E-GLYPH": (
        ("A title or name shown in charts has a character the chart font cannot draw (it would be an empty box)."),
        "Replace the character, or configure a chart font that has it.",
    ),
    "W-TIMEZONE": (
        "A plan names a time zone; the time zone is one setting of the project (jindu.yml), not of a plan.",
        "Move it to jindu.yml as `timezone:`.",
    ),
    "W-NO-TASKS": (
        "A plan has no tasks, so its pages, charts and bulletins are empty.",
        "Add tasks, or leave the file out.",
    ),
    "W-UNCHECKED": (
        "A file refers to a plan or directory that has errors, so it could not be checked against it.",
        "Fix the errors reported above in that file; the next run checks this one too.",
    ),
    "W-REPORTER": (
        "A progress report is about a task that its reporting unit (`reporter`) neither leads nor co-operates on.",
        "Check the task id, or the file's `reporter`; a report for another department's task goes in its file.",
    ),
    "W-ASSESSMENT-TOTAL": (
        "An assessment form's category points do not add up to its total.",
        "Check the maximum points.",
    ),
    # against a base revision (jindu check --base)
    "E-BASE": (
        (
            "The base revision cannot be read: not a git repository, an unknown revision, or a shallow "
            "clone that lacks it."
        ),
        "Name a commit the clone has, or fetch the history (fetch-depth: 0).",
    ),
    "E-CHANGE-REASON": (
        (
            "A change moves a deadline or rewrites a target (of a milestone, task or indicator) and "
            "the object carries no new `reason`."
        ),
        (
            "Add `reason:` (变更理由) to the changed object saying why; a reason left from an earlier "
            "change does not count."
        ),
    ),
    "W-NESTED-SCHEDULE": (
        (
            "Two attachments of the plan schedule the same work at two grains (附件1 by quarter, 附件2 by "
            "month): each month is a milestone of its own beside its quarter, so a department that reports "
            "the quarter is told its months are 未报送, and the task's counts double."
        ),
        (
            "Make the finer milestones `steps:` of the milestone they fall in (period and text); the work is "
            "then reported once, and the page shows the months under their quarter."
        ),
    ),
    "W-UNIT-SIMILAR": (
        (
            "Two units of one directory have names that differ only by spacing, punctuation or a filler word "
            "(4家 / 4 家, 各镇、街道 / 各镇（街道）, 监督所 / 卫生监督所), or one unit is named as another's alias: "
            "likely one department spelled two ways, so its work is split over two pages and two counts."
        ),
        (
            "Keep one unit, add the other spelling to its `aliases:`, and name the kept id in the plans; if they "
            "really are two units, give one its full name."
        ),
    ),
    "W-REMOVED": (
        (
            "A task, milestone or indicator of the plan was removed. The published plan loses it without a "
            "trace on its page."
        ),
        "To drop work mid-year, keep it and report it `cancelled` with a note.",
    ),
    "W-MILESTONE-ID": (
        (
            "A milestone's id changed: ids follow the period unless written, so moving a milestone "
            "(or another one onto its period) renames it (q3 → q4, q3 → q3-2); progress reports naming "
            "the old id no longer find it. A written id rewritten by hand is the same warning."
        ),
        "Keep the id: add `id: <old id>` to the milestone; or, for a rename meant, change the reports to the new id.",
    ),
}


def render_reference() -> str:
    lines = [
        "# Diagnostic codes / 诊断代码",
        "",
        "<!-- Generated by `jindu schema --write` from generator/jindu/diagnostics/codes.py. Do not edit by hand. -->",
        "",
        "`jindu check` prints each problem as `path:line:col: error[CODE]: message`, the source line, where",
        "it is in the plan, and a hint. Codes starting with `E-` are errors (exit 1); `W-` are warnings",
        "(exit 1 only with `--strict`, as CI runs it). The last four come from `jindu check --base REV`, which",
        "compares the plans with an earlier revision.",
        "",
        "| code | meaning | fix |",
        "|---|---|---|",
    ]
    for code, (meaning, fix) in CODES.items():
        lines.append(f"| `{code}` | {meaning} | {fix} |")
    return "\n".join(lines) + "\n"
