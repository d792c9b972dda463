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
