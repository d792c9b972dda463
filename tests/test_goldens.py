"""The golden outputs (tests/golden/) match a fresh run byte for byte.

When a change moves them on purpose, run `make goldens` and read `git diff tests/golden`:
every changed page, chart spec or message is a change a user sees."""

import difflib

import pytest

from goldens import GOLDEN, generate, tree


@pytest.fixture(scope="session")
def fresh(tmp_path_factory, chart_cache):
    out = tmp_path_factory.mktemp("golden")
    generate(out, chart_cache)
    return tree(out)


def describe(name: str, expected: bytes, actual: bytes) -> str:
    diff = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(),
        actual.decode("utf-8", "replace").splitlines(),
        f"golden/{name}",
        f"fresh/{name}",
        lineterm="",
        n=1,
    )
    return "\n".join(list(diff)[:40])


@pytest.mark.parametrize("part", ["render/zh", "render/en", "charts/zh", "charts/en", "diagnostics"])
def test_goldens_match(fresh, part):
    golden = {k: v for k, v in tree(GOLDEN).items() if k.startswith(part + "/")}
    actual = {k: v for k, v in fresh.items() if k.startswith(part + "/")}
    assert golden, f"no goldens for {part}: run `make goldens`"
    missing, extra = sorted(golden.keys() - actual.keys()), sorted(actual.keys() - golden.keys())
    changed = [k for k in sorted(golden.keys() & actual.keys()) if golden[k] != actual[k]]
    report = [
        (
            f"{len(changed)} changed, {len(missing)} missing, {len(extra)} new; "
            "if intended, run `make goldens` and review `git diff tests/golden`"
        )
    ]
    report += [f"missing: {k}" for k in missing[:10]] + [f"new: {k}" for k in extra[:10]]
    report += [describe(k, golden[k], actual[k]) for k in changed[:3]]
    assert not (missing or extra or changed), "\n".join(report)
