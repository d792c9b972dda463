"""History: the plans' change history from git, read at the edge like the date.

`gitrepo` runs git (never a shell) and says what to do when it fails; `revision` names the
last commit touching the plans; `snapshot` loads the plans as they stood at a revision,
each blob parsed once; `changes` compares two versions of a plan; `record` walks the
first-parent line of HEAD into per-plan entries and a baseline.
"""
