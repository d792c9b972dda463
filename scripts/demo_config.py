"""Write jindu's demo office from the scaffold: the demo builds the way an office's repository does.

    python scripts/demo_config.py

jindu's repository is also a demo office: plans/ and issued/ at the root, like an office's, and
the configuration (jindu.yml, mkdocs.yml, mkdocs.en.yml) and help pages (demo/docs/) exactly as
`jindu new` writes them, with the demo's name and its docs folder. The demo's about pages
(demo/docs/about.md, demo/docs/en/about.md) are its own, as an office's are. Run this after a
change to site_templates/scaffold/; tests/test_office.py fails until the demo matches.
"""

from __future__ import annotations

from pathlib import Path

from jindu.scaffold import Office, render_office

ROOT = Path(__file__).resolve().parents[1]
DEMO = Office(
    organization="demo", name="jindu 示例站点", year=2023, name_en="jindu demo site", english=True, docs_dir="demo/docs"
)
OWN = ("demo/docs/about.md", "demo/docs/en/about.md")  # the office's own words, kept as written


def demo_files() -> dict[str, str]:
    """The demo's files that must equal the scaffold's: path → text."""
    files = render_office(DEMO)
    return {
        path: text
        for path, text in files.items()
        if path in ("mkdocs.yml", "mkdocs.en.yml", "jindu.yml") or (path.startswith("demo/docs/") and path not in OWN)
    }


def main() -> None:
    for path, text in demo_files().items():
        target = ROOT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"demo_config: wrote {path}")


if __name__ == "__main__":
    main()
