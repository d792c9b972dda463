"""`jindu site`: a real MkDocs build into a temp dir; a failed build leaves the old site alone."""
import subprocess
import sys

from bs4 import BeautifulSoup


def run_site(root, out, config="mkdocs.yml"):
    return subprocess.run([sys.executable, "-m", "jindu", "site", "--out", str(out), "--config", str(config)],
                          cwd=root, capture_output=True, text=True, timeout=300)


def test_site_builds_strict(root, tmp_path):
    out = tmp_path / "site"
    result = run_site(root, out)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((out / "reference" / "format" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("html")["lang"].startswith("zh")
    assert soup.find(id="planfile") is not None
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html


def test_failed_build_keeps_previous_site(root, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("old", encoding="utf-8")
    broken = tmp_path / "mkdocs.yml"
    broken.write_text(f"site_name: x\ndocs_dir: {root / 'docs'}\nnav:\n  - missing.md\nstrict: true\n", encoding="utf-8")
    result = run_site(root, out, broken)
    assert result.returncode != 0
    assert (out / "keep.txt").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []
