"""Review: what a change to the plans does, for the pull request that makes it.

`basecheck` is `jindu check --base REV`: a moved deadline or rewritten target needs a new
`reason` at the changed line, and removals or renamed milestone ids are warned about;
`diffreport` is `jindu diff`: the changes and the statuses they shift, as Markdown or JSON.
"""
