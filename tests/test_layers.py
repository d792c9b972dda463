"""The package's import layers: data types sit low, nothing imports upward, no cycles.

Every import counts, including those inside functions and under TYPE_CHECKING: a cycle
hidden in a function is still a cycle a reader has to untangle. The layers, low to high,
are the stages of the pipeline (docs/architecture.md)."""

import ast
import functools
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator" / "jindu"

# Low to high. A module may import from its own layer or any lower one.
LAYERS = [
    [
        "jindu",
        "jindu.markup",
        "jindu.outputs",
        "jindu.processes",
        "jindu.logtrap",
        "jindu.site_templates",
        "jindu.store",
        "jindu.folder",
        "jindu.groundwork",
        "jindu.recall",
    ],
    ["jindu.diagnostics"],
    ["jindu.plans"],
    ["jindu.history"],
    ["jindu.words"],
    ["jindu.status"],
    ["jindu.charts"],
    ["jindu.settings", "jindu.configuration", "jindu.templating"],
    [
        "jindu.review",
        "jindu.bulletins",
        "jindu.exports",
        "jindu.ledger",
        "jindu.importers",
        "jindu.scaffold",
        "jindu.reminders",
    ],
    ["jindu.site"],
    ["jindu.build"],
    ["jindu.publish"],
    ["jindu.plugin", "jindu.cli", "jindu.commands", "jindu.__main__"],
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    best = None
    for rank, names in enumerate(LAYERS):
        for name in names:
            inside = module == name or (name != "jindu" and module.startswith(name + "."))
            if inside and (best is None or len(name) > len(best[1])):
                best = (rank, name)
    assert best is not None, f"{module} is in no layer: add it to LAYERS in {Path(__file__).name}"
    return best[0]


@functools.cache
def imports() -> dict[str, list[tuple[str, int]]]:
    """Module → [(imported jindu module, line)], every import statement anywhere in the file."""
    modules = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
    found: dict[str, list[tuple[str, int]]] = {}
    for name, path in modules.items():
        edges = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path}:{node.lineno}: use absolute imports (from jindu.… import …)"
                base = node.module or ""
                # `from jindu.plans import schema` imports the module jindu.plans.schema
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            edges += [(t, node.lineno) for t in targets if t == "jindu" or t.startswith("jindu.")]
        found[name] = edges
    return found


def test_every_module_is_in_a_layer():
    for module in imports():
        layer_of(module)


def test_nothing_imports_upward():
    upward = [
        f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)}) at line {line}"
        for module, edges in imports().items()
        for target, line in edges
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_no_import_cycles():
    found = imports()
    graph = {module: {target for target, _ in edges if target in found} for module, edges in found.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(
                    " → ".join(stack[stack.index(nxt) :] + [node, nxt]) if nxt in stack else f"{node} → {nxt}"
                )
            elif nxt not in state:
                visit(nxt, stack + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycles == []


@pytest.mark.parametrize("limit", [450])
def test_modules_are_small_or_say_why(limit):
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(text)) or ""
        if len(text.splitlines()) > limit and "Why one module" not in doc:
            long.append(f"{path.relative_to(PACKAGE)}: {len(text.splitlines())} lines")
    assert long == [], "split the module, or say in its docstring ('Why one module: …') why it stays whole"


# A language branch: comparing a language with a literal, choosing between two texts, or the
# module-wide Chinese and English word sets. Words belong to words/; elsewhere a text is asked of
# a `Words` (the edition's), and a status carries a reason code (words/reasons.py), not its words.
LANGUAGE_BRANCH = re.compile(
    r"""\blang\w*\s*(==|!=)\s*["']|["'](zh|en)["']\s+if\b|\bin\s+\(["']zh["'],\s*["']en["']\)|\.pick\(|\b(ZH|EN)\b"""
)


def test_no_language_branch_outside_words():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] == "words":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if LANGUAGE_BRANCH.search(code):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert found == [], "move the choice into words/ (a Words method or a reason code):\n" + "\n".join(found)


def test_the_branch_pattern_finds_what_it_forbids():
    for line in (
        'if lang == "zh":',
        "x = 'zh' if a else 'en'",
        "words.pick(a, b)",
        "ZH.month_day(d)",
        'lang in ("zh", "en")',
    ):
        assert LANGUAGE_BRANCH.search(line), line
    for line in ('lang: str = "zh"', "Words(lang)", "zh_name = 1", "self.lang = lang"):
        assert not LANGUAGE_BRANCH.search(line), line


# The settings are the entry points' (the configuration's loader, the build that hands each stage
# its own options, the commands, the plugin); a stage takes its narrow options (PressOptions,
# PageOptions …) and never the whole Settings.
SETTINGS_READERS = (
    "jindu.configuration",
    "jindu.build",
    "jindu.publish",
    "jindu.plugin",
    "jindu.cli",
    "jindu.commands",
)


def test_only_entry_points_import_the_settings():
    readers = [
        f"{module}:{line}"
        for module, edges in imports().items()
        for target, line in edges
        if target == "jindu.settings"
        and module != "jindu.settings"
        and not module.endswith(".commands")
        and not any(module == r or module.startswith(r + ".") for r in SETTINGS_READERS)
    ]
    assert readers == [], "take the stage's own options object instead of Settings: " + ", ".join(readers)
