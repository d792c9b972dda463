"""Generated files stay in step with the model; every field and code is documented."""

import re

from jindu.diagnostics.codes import CODES
from jindu.plans import schema


def test_generated_files_are_current(root):
    assert schema.stale(root) == [], "run `make schema` and commit the result"


def test_every_model_field_is_in_the_reference(root):
    text = (root / schema.REFERENCE_PATH).read_text(encoding="utf-8")
    for model in schema.REFERENCE_MODELS:
        section = text.split(f"## {model.__name__}\n", 1)[1].split("\n## ", 1)[0]
        for name, field in model.model_fields.items():
            assert f"| `{name}` |" in section, f"{model.__name__}.{name} missing from the reference"
            assert field.description, f"{model.__name__}.{name} has no description"


def test_every_model_is_in_the_reference():
    from pydantic import BaseModel

    from jindu.plans import model

    models = {
        obj
        for obj in vars(model).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == model.__name__
        and obj is not model.Model
    }
    assert models == set(schema.REFERENCE_MODELS)


def test_every_emitted_code_is_documented(root):
    used = set()
    for path in (root / "generator" / "jindu").rglob("*.py"):
        used |= set(re.findall(r'"([EW]-[A-Z-]+)"', path.read_text(encoding="utf-8")))
    assert used - set(CODES) == set()
    assert set(CODES) - used == set(), "documented codes that nothing emits"


def test_schema_validates_kinds():
    data = schema.json_schema()
    assert set(data["discriminator"]["mapping"]) == {"plan", "directory", "progress"}


def _why(document):
    """The error an editor shows for `document` (the best match), or None when it is valid."""
    import json as _json

    import jsonschema
    from jsonschema.exceptions import best_match

    validator = jsonschema.Draft202012Validator(_json.loads(_json.dumps(schema.json_schema())))
    error = best_match(validator.iter_errors(document))
    return (
        None if error is None else (list(error.absolute_path), error.message, error.schema.get("patternErrorMessage"))
    )


BASE_PLAN = {
    "kind": "plan",
    "id": "base",
    "organization": "test-org",
    "title": "测试计划",
    "year": 2023,
    "sections": [
        {
            "id": "s1",
            "title": "一、测试",
            "tasks": [{"id": "t1", "title": "任务", "milestones": [{"period": "2023-Q2", "target": "完成"}]}],
        }
    ],
}


def _plan(change):
    import copy

    plan = copy.deepcopy(BASE_PLAN)
    change(plan)
    return plan


def test_the_schema_refuses_what_check_refuses():
    """Editors flag what `jindu check` would: a javascript: link, a milestone with neither
    target nor steps, sub-targets under a sub-target; and say what a pattern means."""
    task = lambda p: p["sections"][0]["tasks"][0]  # noqa: E731
    assert _why(BASE_PLAN) is None
    path, message, explained = _why(_plan(lambda p: p.update(document={"source": "javascript:alert(1)"})))
    assert path == ["document", "source"]
    assert explained == "a link starts with https:// or http:// and has no spaces, quotes or angle brackets"
    assert _why(_plan(lambda p: task(p)["milestones"][0].pop("target")))[0] == [
        "sections",
        0,
        "tasks",
        0,
        "milestones",
        0,
    ]
    assert (
        _why(
            _plan(
                lambda p: (
                    task(p)["milestones"][0].update(steps=[{"period": "2023-04", "text": "4月份：出台文件"}])
                    or task(p)["milestones"][0].pop("target")
                )
            )
        )
        is None
    )
    nested = [{"id": "a", "title": "子目标", "subtargets": [{"id": "b", "title": "再下一级"}]}]
    path, message, _ = _why(_plan(lambda p: task(p).update(subtargets=nested)))
    assert (path, message) == (
        ["sections", 0, "tasks", 0, "subtargets", 0],
        "Additional properties are not allowed ('subtargets' was unexpected)",
    )
    assert _why(_plan(lambda p: task(p).update(subtargets=nested[:1] and [{"id": "a", "title": "子目标"}]))) is None
    path, _, explained = _why(_plan(lambda p: task(p).update(id="T 1")))
    assert explained == "an id is lower-case letters, digits and '-', starting with a letter or digit: t07, hu-jiong"
    path, _, explained = _why(_plan(lambda p: task(p)["milestones"][0].update(period="Q2 2023")))
    assert explained.startswith("a period is 2023, 2023-H1")


def test_the_reference_says_what_each_field_holds():
    """Free text, links, periods and ids are told apart (free text has constraints too; only the
    id pattern makes an id)."""
    from jindu.plans.schema import render_reference

    rows = {}
    section = ""
    for line in render_reference().splitlines():
        if line.startswith("## "):
            section = line[3:]
        elif line.startswith("| `"):
            name, kind = (cell.strip(" `") for cell in line.split("|")[1:3])
            rows[(section, name)] = kind
    assert rows[("Milestone", "target")] == "text"
    assert rows[("Milestone", "period")] == "period"
    assert rows[("Milestone", "responsible")] == "list of id"
    assert rows[("Task", "id")] == "id" and rows[("Task", "lead_departments")] == "list of id"
    assert rows[("Unit", "aliases")] == "list of text"
    assert rows[("DocumentInfo", "source")] == "url"
    assert rows[("Indicator", "targets")] == "mapping period → number"
    assert "url" in {kind for (model, name), kind in rows.items() if name == "evidence"}
