"""The positioned loader: marks, deliberate scalar resolution, and its refusals."""

from pathlib import Path

import pytest

from jindu.diagnostics.diagnostic import Diagnostics
from jindu.plans import composer
from jindu.plans.loader import load_text

ROOT = Path(__file__).resolve().parents[1]


def load(text):
    diagnostics = Diagnostics()
    loaded = load_text(text, "t.yaml", diagnostics)
    return loaded, [d.code for d in diagnostics]


def test_yaml11_traps_stay_text():
    loaded, codes = load("a: NO\nb: on\nc: 0755\nd: 12:30\ne: 2023-03-15\nf: yes\ng: 1.10\n")
    assert codes == []
    assert loaded.data == {"a": "NO", "b": "on", "c": "0755", "d": "12:30", "e": "2023-03-15", "f": "yes", "g": "1.10"}


def test_only_canonical_null_and_bool():
    loaded, _ = load("a: ~\nb: null\nc:\nd: true\ne: False\nf: 'true'\n")
    assert loaded.data == {"a": None, "b": None, "c": None, "d": True, "e": False, "f": "true"}


def test_marks_point_at_keys_and_values():
    loaded, _ = load("top:\n  items:\n    - name: 甲\n    - name: 乙\n")
    marks = loaded.marks[("top", "items", 1, "name")]
    assert (marks.key.line, marks.key.column) == (4, 7)
    assert (marks.value.line, marks.value.column) == (4, 13)
    assert loaded.mark_for(("top", "items", 1, "missing")).line == 4


def test_duplicate_key_names_both_lines():
    diagnostics = Diagnostics()
    load_text("a: 1\nb: 2\na: 3\n", "t.yaml", diagnostics)
    [d] = diagnostics.items
    assert d.code == "E-DUP-KEY" and d.mark.line == 3 and "first at line 1" in d.message


def test_aliases_within_bounds_are_expanded():
    loaded, codes = load("x: &x [1, 2]\ny: *x\n")
    assert codes == [] and loaded.data["y"] == ["1", "2"]


def test_refusals():
    assert load("a: !!binary aGk=\n")[1] == ["E-YAML-TAG"]
    assert load("a: !custom x\n")[1] == ["E-YAML-TAG"]
    assert load("[1]: x\n")[1] == ["E-YAML-KEY"]
    assert load("")[1] == ["E-EMPTY"]
    assert load("a: 1\n---\nb: 2\n")[1] == ["E-YAML-MULTIDOC"]


def _tree(node, seen=None):
    """A node as plain data: kind, tag, value, plain or not, and where it starts. A node met
    again (an alias) is written as a reference, so an alias bomb stays small."""
    from yaml.nodes import MappingNode, SequenceNode

    seen = {} if seen is None else seen
    if id(node) in seen:
        return ("alias", seen[id(node)])
    where = seen[id(node)] = node.start_mark.index
    if isinstance(node, SequenceNode):
        return ("seq", node.tag, where, [_tree(n, seen) for n in node.value])
    if isinstance(node, MappingNode):
        return ("map", node.tag, where, [(_tree(k, seen), _tree(v, seen)) for k, v in node.value])
    return ("scalar", node.tag, where, node.value, bool(node.style))


@pytest.mark.skipif(not composer.FAST, reason="PyYAML without libyaml")
@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "plans").rglob("*.yaml")) + sorted((ROOT / "tests/hostile").rglob("*.yaml")),
    ids=lambda p: p.name,
)
def test_libyaml_and_pure_python_compose_the_same_nodes(path):
    import yaml

    # As the loader reads it: decoded, byte-order mark dropped (control characters are refused
    # before either parser runs; here they only show that both parsers refuse them too).
    text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    results = []
    for make in (composer.PlanLoader, composer.make_loader):
        try:
            loader = make(text)
            try:
                node = loader.get_single_node()
                results.append(None if node is None else _tree(node))
            finally:
                loader.dispose()
        except (yaml.YAMLError, composer.TooDeep) as error:
            results.append(type(error).__name__)  # a broken file is re-read by PyYAML (loader.py)
    pure, fast = results
    assert fast == pure or isinstance(fast, str)
