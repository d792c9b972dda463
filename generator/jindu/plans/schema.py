"""The JSON Schema and the format reference, both generated from `model.py`.

`jindu schema --write` regenerates `schema/jindu.schema.json` (named by the
`# yaml-language-server: $schema=` line at the top of every plan file, so editors
validate and complete) and `docs/reference/format.md`. Tests fail when either is stale
or when a model field is missing from the reference.
"""

from __future__ import annotations

import enum
import json
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

import jindu.plans.model as m

SCHEMA_PATH = Path("schema/jindu.schema.json")
REFERENCE_PATH = Path("docs/reference/format.md")
CODES_PATH = Path("docs/reference/diagnostics.md")

# Models in the order the reference presents them.
REFERENCE_MODELS: list[type[BaseModel]] = [
    m.PlanFile,
    m.DocumentInfo,
    m.Attachment,
    m.AttachmentRow,
    m.Section,
    m.Task,
    m.AltTitle,
    m.Assignment,
    m.Milestone,
    m.Step,
    m.Indicator,
    m.RoleLabels,
    m.Assessment,
    m.ScoreCategory,
    m.Score,
    m.DirectoryFile,
    m.Organization,
    m.Person,
    m.Unit,
    m.BulletinSettings,
    m.ProgressFile,
    m.MilestoneReport,
    m.Update,
    m.IndicatorActual,
    m.ReportedScore,
]


# What editors say for a value that does not match (yaml-language-server shows
# `patternErrorMessage` instead of the raw regular expression).
PATTERN_MESSAGES = {
    m.ID_PATTERN: "an id is lower-case letters, digits and '-', starting with a letter or digit: t07, hu-jiong",
    m.PERIOD_PATTERN: "a period is 2023, 2023-H1, 2023-Q2, 2023-06, 2023-06-30, a range 2023-Q2..2023-Q3, or unscheduled",
    m.URL_PATTERN: "a link starts with https:// or http:// and has no spaces, quotes or angle brackets",
}


def _explain_patterns(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("pattern") in PATTERN_MESSAGES:
            node["patternErrorMessage"] = PATTERN_MESSAGES[node["pattern"]]
        for value in node.values():
            _explain_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _explain_patterns(value)


def _bound_nesting(defs: dict[str, Any]) -> None:
    """Tasks hold sub-targets, which hold none (E-DEPTH): the schema says so too, instead of
    letting `subtargets` nest for ever."""
    task = defs["Task"]
    subtarget = json.loads(json.dumps(task))
    subtarget["title"] = "Subtarget"
    del subtarget["properties"]["subtargets"]
    defs["Subtarget"] = subtarget
    task["properties"]["subtargets"]["items"] = {"$ref": "#/$defs/Subtarget"}


def json_schema() -> dict[str, Any]:
    schema = TypeAdapter(m.AnyFile).json_schema(ref_template="#/$defs/{model}")
    _bound_nesting(schema["$defs"])
    _explain_patterns(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://jindu.invalid/schema/jindu.schema.json",
        "title": "jindu plan, directory or progress file",
        **schema,
    }


def render_schema() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        base, meta = args[0], args[1:]
        if base is str:
            return _string_kind(meta)
        return _type_name(base)
    if origin in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(names)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:
        return f"mapping {_type_name(args[0])} → {_type_name(args[1])}"
    if origin is typing.Literal:
        return " or ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
        if issubclass(annotation, enum.Enum):
            return " / ".join(f"`{e.value}`" for e in annotation)
        return {
            "str": "text",
            "int": "integer",
            "float": "number",
            "bool": "true/false",
            "date": "date (YYYY-MM-DD)",
        }.get(annotation.__name__, annotation.__name__)
    return str(annotation)


def _string_kind(metadata) -> str:
    """What a text field holds, from its validators: period, url, time zone, id or free text.
    (Free text has constraints too, `min_length`: only the id pattern makes an id.)"""
    said = " ".join(str(meta) for meta in metadata)
    for check, kind in (("_check_period", "period"), ("_check_url", "url"), ("_check_time_zone", "time zone")):
        if check in said:
            return kind
    if any(getattr(meta, "pattern", None) == m.ID_PATTERN for meta in metadata):
        return "id"
    return "text"


def render_reference() -> str:
    """The format reference in Markdown: one table per model, one row per field."""
    lines = [
        "# Plan format reference / 计划格式参考",
        "",
        "<!-- Generated by `jindu schema --write` from generator/jindu/model.py. Do not edit by hand. -->",
        "",
        "Every jindu file is YAML with a `kind`: `plan`, `directory` or `progress`. Unknown keys are",
        "errors. Ids use lower-case ASCII letters, digits and `-`. Periods are written `2023`, `2023-H1`,",
        "`2023-Q2`, `2023-06`, `2023-06-30`, `2023-Q2..2023-Q3` or `unscheduled`.",
        "",
        "每个文件都是带有 `kind` 字段的 YAML：`plan`（计划）、`directory`（人员与单位名录）或",
        "`progress`（进展报告）。下表列出每个对象的全部字段，说明中先写计划原文的用语。",
        "",
    ]
    for model in REFERENCE_MODELS:
        doc = (model.__doc__ or "").strip().splitlines()
        lines += [f"## {model.__name__}", ""]
        if doc and not doc[0].startswith("!!!") and model.__doc__ != BaseModel.__doc__:
            lines += [doc[0], ""]
        lines += ["| key | type | required | meaning |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            required = "yes" if field.is_required() else ""
            description = (field.description or "").replace("|", "\\|")
            type_name = _type_name(field.annotation)
            if field.metadata and type_name == "text":  # the field's own Annotated[str, …], unwrapped by pydantic
                type_name = _string_kind(field.metadata)
            lines.append(f"| `{name}` | {type_name.replace('|', '/')} | {required} | {description} |")
        lines.append("")
    return "\n".join(lines)


def generated() -> list[tuple[Path, str]]:
    """Every generated file: (path relative to the repository root, content)."""
    from jindu.diagnostics.codes import render_reference as render_codes

    return [(SCHEMA_PATH, render_schema()), (REFERENCE_PATH, render_reference()), (CODES_PATH, render_codes())]


def write(root: Path) -> list[Path]:
    """Regenerate the generated files under `root`; returns the paths that changed."""
    changed = []
    for rel, text in generated():
        target = root / rel
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            changed.append(rel)
    return changed


def stale(root: Path) -> list[Path]:
    """Generated files that differ from what the model would generate now."""
    result = []
    for rel, text in generated():
        target = root / rel
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            result.append(rel)
    return result
