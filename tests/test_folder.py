"""The kept tree (folder.py): a build writes only the files whose bytes changed, and the
folder then holds exactly what the build wrote — no file of an earlier build, of a build that
stopped half way, or changed by hand since."""

from __future__ import annotations

import json
import os

from jindu.folder import Folder


def build(home, files: dict[str, bytes]) -> Folder:
    """One build's writing: every file of `files` into the folder kept at `home`."""
    folder = Folder.kept(home, home.parent / "fresh")
    assert folder.manifest is not None, "the kept folder was refused"
    for path, content in files.items():
        folder.write(path, content)
    folder.close()
    folder.release()
    return folder


def held(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


FILES = {
    "about.md": "关于".encode(),
    "plans/p/index.md": b"# plan",
    "plans/p/t01/index.md": b"# t01",
    "data/p.json": b"{}",
}


def test_an_unchanged_build_writes_nothing_and_a_change_writes_its_file_only(tmp_path):
    home = tmp_path / "tree"
    first = build(home, FILES)
    assert first.summary() == "tree: 4 of 4 files written"
    assert held(home / "docs") == FILES
    before = os.stat(home / "docs" / "plans/p/index.md").st_mtime_ns
    second = build(home, FILES)
    assert second.summary() == "tree: 0 of 4 files written"
    assert os.stat(home / "docs" / "plans/p/index.md").st_mtime_ns == before
    changed = dict(FILES, **{"plans/p/t01/index.md": b"# t01, edited"})
    assert build(home, changed).summary() == "tree: 1 of 4 files written"
    assert held(home / "docs") == changed


def test_what_a_build_no_longer_writes_leaves_the_folder_with_its_empty_folders(tmp_path):
    home = tmp_path / "tree"
    build(home, FILES)
    fewer = {k: v for k, v in FILES.items() if not k.startswith("plans/p/t01/")}
    build(home, fewer)
    assert held(home / "docs") == fewer
    assert not (home / "docs" / "plans" / "p" / "t01").exists()
    assert sorted(json.loads((home / "manifest.json").read_text(encoding="utf-8"))["files"]) == sorted(fewer)


def test_a_file_changed_since_or_left_by_a_build_that_stopped_is_not_kept(tmp_path):
    home = tmp_path / "tree"
    build(home, FILES)
    docs = home / "docs"
    (docs / "about.md").write_bytes("改过".encode())  # the same size, another time: written again
    (docs / "plans" / "p" / "stray.md").write_bytes(b"# not written by any build")
    (docs / "junk").mkdir()
    (docs / "junk" / "half.json").write_bytes(b"{")
    again = build(home, FILES)
    assert again.summary() == "tree: 1 of 4 files written"
    assert held(docs) == FILES and not (docs / "junk").exists()


def test_a_file_where_a_folder_was_and_a_folder_where_a_file_was(tmp_path):
    home = tmp_path / "tree"
    build(home, {"a/index.md": b"a", "b": b"b"})
    build(home, {"a": b"now a file", "b/index.md": b"now a folder"})
    assert held(home / "docs") == {"a": b"now a file", "b/index.md": b"now a folder"}


def test_a_missing_or_broken_manifest_writes_everything_again(tmp_path):
    home = tmp_path / "tree"
    build(home, FILES)
    (home / "manifest.json").write_text("{not json", encoding="utf-8")
    assert build(home, FILES).summary() == "tree: 4 of 4 files written"
    (home / "manifest.json").write_text('{"version": 0, "files": {}}', encoding="utf-8")
    assert build(home, FILES).summary() == "tree: 4 of 4 files written"
    assert held(home / "docs") == FILES


def test_a_second_build_at_the_same_time_writes_a_fresh_folder(tmp_path):
    home = tmp_path / "tree"
    first = Folder.kept(home, tmp_path / "one")
    second = Folder.kept(home, tmp_path / "two")
    assert first.dest == home / "docs" and second.dest == tmp_path / "two" and second.manifest is None
    second.write("about.md", b"x")
    second.close()  # nothing kept: no manifest, the kept folder untouched
    assert not (home / "manifest.json").exists() and held(tmp_path / "two") == {"about.md": b"x"}
    first.release()
    third = Folder.kept(home, tmp_path / "three")
    assert third.dest == home / "docs"
    third.release()


def test_which_files_a_build_wrote_is_known_for_collisions(tmp_path):
    folder = Folder.fresh(tmp_path / "docs")
    folder.write("plans/p/index.md", b"# plan")
    assert folder.has("plans/p/index.md") and folder.has("plans/p") and folder.has("plans")
    assert not folder.has("plans/q") and not folder.has("plans/p/index")


def test_a_docs_folder_linked_into_itself_is_refused_with_its_name(tmp_path):
    import pytest

    from jindu.outputs import Outputs
    from jindu.publish.tree import TreeError, write_tree

    docs = tmp_path / "docs"
    (docs / "help").mkdir(parents=True)
    (docs / "help" / "status.md").write_text("# 状态\n", encoding="utf-8")
    (docs / "help" / "again").symlink_to("..")  # docs/help/again → docs
    with pytest.raises(TreeError) as error:
        write_tree(docs, Outputs(), Folder.fresh(tmp_path / "tree"), True, tmp_path)
    assert str(error.value) == (
        "docs/help/again is a symbolic link to a folder it is in, so its pages would be copied without "
        "end: replace the link with the files it should show"
    )
    (docs / "help" / "again").unlink()
    (docs / "shared").symlink_to("help")  # the same files twice is no loop
    tree = write_tree(docs, Outputs(), Folder.fresh(tmp_path / "tree2"), True, tmp_path)
    assert sorted(tree.pages.values()) == ["help/status.md", "shared/status.md"]
