"""Validation of loaded data against the model, with errors mapped back to YAML marks.

pydantic reports an error location as a path (``('plan', 'sections', 0, 'title')``); the
loader knows where every path starts in the file. This module joins the two and rewrites
pydantic's messages into ones a plan author can act on, with a stable code, a breadcrumb
(``plan 2023-minhang › section 一 › task 7 › milestones[2] › period``) and a hint.
"""

from __future__ import annotations

import calendar
import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from jindu.diagnostics.diagnostic import Diagnostics
from jindu.plans.loader import DataPath, LoadedFile
from jindu.plans.model import FILE_MODELS, AnyFile, Model

ADAPTER: TypeAdapter = TypeAdapter(AnyFile)

_ITEM_LABELS = {
    "sections": "section",
    "tasks": "task",
    "subtargets": "sub-target",
    "people": "person",
    "units": "unit",
    "attachments": "attachment",
    "indicators": "indicator",
    "assessments": "assessment",
    "categories": "category",
}

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
}


def breadcrumb(data: Any, path: DataPath) -> str:
    """Readable location of `path` inside `data`: `plan x › section 一 › task 7 › period`."""
    parts: list[str] = []
    if isinstance(data, dict) and isinstance(data.get("kind"), str) and data["kind"] in FILE_MODELS:
        ident = data.get("id") or data.get("plan") or ""
        if isinstance(data.get("organization"), dict):
            ident = data["organization"].get("id", "")
        parts.append(f"{data['kind']} {ident}".strip())
    node = data
    previous_key: Any = None
    for step in path:
        if isinstance(step, int) and isinstance(node, list):
            item = node[step] if step < len(node) else None
            label = _ITEM_LABELS.get(previous_key)
            if label and isinstance(item, dict) and (item.get("number") or item.get("id")):
                name = item.get("number") or item.get("id")
                parts[-1:] = [f"{label} {name}"]
            else:
                parts[-1] = f"{parts[-1]}[{step + 1}]" if parts else f"[{step + 1}]"
            node = item
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
        previous_key = step
    return " › ".join(parts)


def _unwrap(annotation: Any) -> Any:
    """The model class inside `X | None`, `list[X]`, `dict[K, X]` or `Annotated[X, …]`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            candidates = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in candidates if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if len(models) == 1 else candidates[0]
            if len(candidates) > 1 and not models:
                return None
        elif origin in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        else:
            return annotation


def model_at(root: type[BaseModel], path: DataPath) -> type[BaseModel] | None:
    """The model class that validates the mapping found at `path`, if any."""
    current: Any = root
    for step in path:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(step)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


# Keys people write for a field by its meaning, where spelling alone suggests the wrong one
# (cooperating_departments is closest to cooperating_leaders by letters).
MEANT = {
    "cooperating_departments": "cooperating_units",
    "cooperating_department": "cooperating_units",
    "cooperating_unit": "cooperating_units",
    "co_units": "cooperating_units",
    "departments": "lead_departments",
    "lead_department": "lead_departments",
    "lead_units": "lead_departments",
    "lead_unit": "lead_departments",
    "leaders": "lead_leaders",
    "lead_leader": "lead_leaders",
    "leader": "lead_leaders",
    "responsible_unit": "responsible_units",
    "deadline": "period",
    "due": "period",
    "due_date": "period",
    "quarter": "period",
    "goal": "target",
    "goals": "targets",
    "subtasks": "subtargets",
    "sub_tasks": "subtargets",
    "person": "people",
    "owners": "people",
}


def _describe_input(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"the text {shown!r}"
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    return type(value).__name__


def validate(loaded: LoadedFile, diagnostics: Diagnostics) -> Model | None:
    """Validate one loaded file; on failure report every error and return None."""
    return validate_file(loaded, diagnostics)[0]


def validate_file(loaded: LoadedFile, diagnostics: Diagnostics) -> tuple[Model | None, list[dict]]:
    """Validate one loaded file: its model, or None and the errors (reported, and returned
    with paths inside the file for `salvage`)."""
    data = loaded.data
    if not isinstance(data, dict):
        diagnostics.add(
            "E-TYPE",
            f"a jindu file must be a mapping with a `kind` key, not {_describe_input(data)}",
            loaded.mark_for(()),
            hint="start the file with `kind: plan`, `kind: directory` or `kind: progress`",
            source_line=loaded.line_text(loaded.mark_for(()).line),
        )
        return None, []
    try:
        return ADAPTER.validate_python(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    kind = data.get("kind")
    root = FILE_MODELS.get(kind) if isinstance(kind, str) else None
    found = []
    for error in errors:
        loc = tuple(error["loc"])
        if loc and loc[0] == kind:
            loc = loc[1:]
        _report(loaded, root, loc, error, diagnostics)
        found.append({"loc": loc, "type": error["type"]})
    return None, found


_DATE_SHAPE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DATE_TIME = re.compile(r"^\s*\d{4}-\d\d?-\d\d?[ T]\d")


def _number_problem(kind: str, error: ErrorDetails) -> str:
    """What is wrong with a number, in the plan's terms (pydantic's words stay out)."""
    ctx = error.get("ctx") or {}
    if kind in ("int_parsing", "int_type"):
        return "is not a whole number"
    if kind == "int_from_float":
        return "is not a whole number (it has a fraction)"
    if kind == "finite_number":
        return "is not a finite number"
    if kind == "greater_than_equal":
        return f"is less than {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"is more than {ctx.get('le')}"
    return "is not a number"


def _date_problem(value: Any, kind: str) -> str:
    """Why a value is not a date, in the plan's terms (not the validation library's)."""
    if kind == "date_from_datetime_inexact" or (isinstance(value, str) and _DATE_TIME.match(value)):
        return "it has a time of day; a date is the day alone"
    match = _DATE_SHAPE.match(value) if isinstance(value, str) else None
    if match is None:
        return "write it as year-month-day"
    year, month, day = map(int, match.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{year}-{month:02d} has {days} days"
    return "write it as year-month-day"


def _report(
    loaded: LoadedFile, root: type[BaseModel] | None, loc: DataPath, error: ErrorDetails, diagnostics: Diagnostics
) -> None:
    kind = error["type"]
    value = error.get("input")
    field = loc[-1] if loc else ""
    where = loaded.mark_for(loc)
    hint = ""
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        code = "E-KIND"
        got = loaded.data.get("kind")
        if got is None:
            said = "missing `kind`"
        elif isinstance(got, str):
            said = f"unknown kind {got!r}"
        else:
            said = f"`kind` is {_TYPE_NAMES.get(type(got), 'a ' + type(got).__name__)}, not a word"
        message = said + "; a jindu file is `kind: plan`, `kind: directory` or `kind: progress`"
        where = loaded.mark_for(("kind",)) if got is not None else loaded.mark_for(())
        choice = difflib.get_close_matches(str(got), list(FILE_MODELS), n=1) if got else []
        hint = f"did you mean `kind: {choice[0]}`?" if choice else "add a `kind:` line at the top"
    elif kind == "extra_forbidden":
        code = "E-UNKNOWN-KEY"
        where = loaded.mark_for(loc, prefer_key=True)
        owner = model_at(root, loc[:-1]) if root else None
        known = list(owner.model_fields) if owner else []
        message = f"unknown key {field!r}"
        if owner:
            message += f" (in {owner.model_config.get('title') or owner.__name__})"
        meant = MEANT.get(str(field))
        close = [meant] if meant in known else difflib.get_close_matches(str(field), known, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean {close[0]!r}?"
        elif known:
            hint = "allowed keys here: " + ", ".join(known)
    elif kind == "missing":
        code = "E-MISSING"
        where = loaded.mark_for(loc[:-1], prefer_key=True)
        message = f"missing required key {field!r}"
        owner = model_at(root, loc[:-1]) if root else None
        if owner and field in owner.model_fields and owner.model_fields[field].description:
            hint = f"{field}: {owner.model_fields[field].description}"
    elif kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        code = "E-DATE"
        message = f"{field!r}: {_describe_input(value)} is not a valid date ({_date_problem(value, kind)})"
        hint = "write dates as YYYY-MM-DD, e.g. 2023-03-15, and check that the day exists"
    elif kind == "period":
        code = "E-PERIOD"
        message = error["msg"]
        if loc and isinstance(loc[-1], str) and len(loc) >= 2 and loc[-2] == "targets":
            where = loaded.mark_for(loc, prefer_key=True)
    elif kind == "missing_target":
        code = "E-MISSING"
        message = error["msg"]
        where = loaded.mark_for(loc, prefer_key=True)
    elif kind == "timezone":
        code = "E-VALUE"
        message = f"{field!r}: {error['msg']}"
    elif kind == "url":
        code = "E-URL"
        message = f"{field!r}: {error['msg']}"
    elif kind == "string_pattern_mismatch":
        code = "E-ID"
        # In a list (lead_departments: [办公室]) the last step is an index: name the key instead.
        named = next((step for step in reversed(loc) if isinstance(step, str)), field)
        message = f"{named!r}: {_describe_input(value)} is not a valid id"
        hint = "ids use lower-case ASCII letters, digits and '-' (e.g. t07, hu-jiong); the Chinese name goes in `name` or `title`"
    elif kind in ("literal_error", "enum"):
        code = "E-VALUE"
        expected = error.get("ctx", {}).get("expected", "")
        message = f"{field!r}: {_describe_input(value)} is not allowed; expected {expected}"
        choices = [c.strip(" '") for c in str(expected).replace(" or ", ",").split(",")]
        close = difflib.get_close_matches(str(value), choices, n=1)
        hint = f"did you mean {close[0]!r}?" if close else ""
    elif kind == "string_too_short":
        code = "E-EMPTY-VALUE"
        message = f"{field!r} must not be empty"
    elif kind in ("bool_type", "bool_parsing"):
        code = "E-TYPE"
        message = f"{field!r}: expected true or false, got {_describe_input(value)}"
        hint = "write exactly true or false (YAML's yes/no/on/off are not accepted)"
    elif kind in (
        "int_parsing",
        "int_type",
        "float_parsing",
        "float_type",
        "int_from_float",
        "finite_number",
        "greater_than_equal",
        "less_than_equal",
    ):
        code = "E-NUMBER"
        message = f"{field!r}: {_describe_input(value)} {_number_problem(kind, error)}"
        if field == "year":
            hint = "write the year in digits, e.g. 2023"
        else:
            hint = "write a plain number such as 87.5 (no % sign or unit; put the unit in `unit`)"
    elif kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
        code = "E-TYPE"
        expected = {"string_type": "text", "list_type": "a list", "dict_type": "a mapping"}.get(kind, "a mapping")
        message = f"{field!r}: expected {expected}, got {_describe_input(value)}"
        if kind == "string_type" and isinstance(value, bool):
            hint = 'quote the value ("yes", "no", "on") if you mean the word'
        elif kind == "list_type":
            hint = "write a list with one '- item' per line, or [a, b] on one line"
    elif kind == "string_unicode":
        code = "E-ENCODING"
        message = f"{field!r}: the text holds an escape that is not a character (a lone surrogate such as \\ud800)"
        hint = "write the character itself, or remove the \\u escape"
    else:
        code = "E-INVALID"
        message = f"{field!r}: {error['msg']}"
    diagnostics.add(
        code,
        message,
        where,
        breadcrumb=breadcrumb(loaded.data, loc),
        hint=hint,
        source_line=loaded.line_text(where.line),
    )


def report_error(
    loaded: LoadedFile, root: type[BaseModel] | None, loc: DataPath, error: ErrorDetails, diagnostics: Diagnostics
) -> None:
    """Report one validation error of a file whose root model is `root` (jindu.yml, for one),
    in the words and with the marks a plan's errors get."""
    _report(loaded, root, loc, error, diagnostics)
