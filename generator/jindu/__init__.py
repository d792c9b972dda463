"""jindu (进度): plans as code for public work plans.

Pipeline: load (positioned YAML) → validate (model) → check (cross-object rules) →
status → render. See docs/architecture.md.
"""

__version__ = "0.4.0"  # the one place the version is written; CHANGELOG.md says what changed
