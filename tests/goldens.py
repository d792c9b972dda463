"""Golden outputs: the generated pages, the chart specs and every hostile-input diagnostic.

`python tests/goldens.py --write` (or `make goldens`) regenerates `tests/golden/`; the
tests compare a fresh run with it byte for byte (`test_goldens.py`). A change to a page,
a chart or a message therefore shows up as a diff of that folder, which a reviewer reads.

What is kept, and what is not:

* `render/<lang>/`: every generated Markdown page of the seed plans as of `AS_OF`,
  exactly as `jindu render --out` writes it, and `outputs.txt` listing every output
  (assets, charts and bulletins included) with its kind. Charts are kept as their specs
  (`charts/<lang>/*.json`): the spec holds everything a chart shows, while the drawn
  SVG/PNG bytes belong to matplotlib. The issued bulletins of `issued/` are listed (drafts are
  not printed here); PDFs are read back by their own tests.
  The build reads no git history, so the goldens do not move with every commit.
* `diagnostics/<case>.txt`: the exact text `jindu check` prints for each file of the
  hostile corpus (tests/hostile/) checked beside the clean base portfolio.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
HOSTILE = ROOT / "tests" / "hostile"
AS_OF = dt.date(2023, 7, 15)
LANGS = ("zh", "en")


def render_goldens(out: Path, chart_cache: Path | None) -> None:
    """Write the page and chart-spec goldens of both editions below `out`."""
    from jindu.build import build_outputs
    from jindu.charts.specs import spec_json
    from jindu.settings import Settings

    for lang in LANGS:
        settings = Settings(
            plans=(ROOT / "plans",),
            as_of=AS_OF,
            lang=lang,
            bulletins=False,
            issued=ROOT / "issued",
            chart_cache=chart_cache,
        )
        result = build_outputs(settings)
        if not result.ok:
            raise SystemExit(f"the seed plans do not build: {result.diagnostics.items[:3]}")
        pages = out / "render" / lang
        listing = []
        for output in result.outputs:
            listing.append(f"{output.kind}\t{output.path}")
            if output.kind == "page":  # assets are copied verbatim from site_templates/
                target = pages / output.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(output.content)
        (pages / "outputs.txt").write_text("\n".join(sorted(listing)) + "\n", encoding="utf-8")
        charts = out / "charts" / lang
        assert result.charts is not None
        for path, spec in result.charts.specs.items():
            target = charts / (path.replace("/", "__") + ".json")
            target.parent.mkdir(parents=True, exist_ok=True)
            data = json.loads(spec_json(spec))
            target.write_text(
                json.dumps({"type": type(spec).__name__, "spec": data}, ensure_ascii=False, indent=1, sort_keys=True)
                + "\n",
                encoding="utf-8",
            )


def diagnostic_goldens(out: Path) -> None:
    """Write the exact `jindu check` text for every hostile case below `out`."""
    from jindu.diagnostics.formats import format_text
    from jindu.plans.loading import load_portfolio

    folder = out / "diagnostics"
    folder.mkdir(parents=True, exist_ok=True)
    previous = Path.cwd()
    os.chdir(ROOT)  # paths print relative to the working folder, as a user sees them
    try:
        for case in sorted(HOSTILE.glob("*.yaml")):
            portfolio = load_portfolio([HOSTILE / "_base", case])
            text = format_text(portfolio.diagnostics.sorted()) if portfolio.diagnostics.items else "(clean)"
            (folder / f"{case.stem}.txt").write_text(text + "\n", encoding="utf-8")
    finally:
        os.chdir(previous)


def generate(out: Path, chart_cache: Path | None = None) -> None:
    render_goldens(out, chart_cache)
    diagnostic_goldens(out)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print("usage: python tests/goldens.py --write   (regenerates tests/golden/; read the diff)")
        return 2
    cache = Path(os.environ.get("JINDU_GOLDEN_CHART_CACHE", ROOT / ".cache" / "jindu-charts"))
    staging = Path(tempfile.mkdtemp(prefix=".golden-", dir=GOLDEN.parent))
    try:
        generate(staging, cache)
        shutil.rmtree(GOLDEN, ignore_errors=True)
        staging.rename(GOLDEN)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(
        f"wrote {len(tree(GOLDEN))} files to {GOLDEN.relative_to(ROOT)}; review them with: git diff --stat tests/golden"
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "generator"))
    raise SystemExit(main(sys.argv[1:]))
