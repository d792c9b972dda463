"""The positioned YAML loader: bytes on disk → plain Python data plus a mark for every node.

Why not `yaml.safe_load`: it forgets where each value came from, silently keeps the last
of two equal keys, expands aliases without limit and applies YAML 1.1's surprising
coercions (`NO` → False, `0755` → 493, `12:30` → 750, `2023-03-15` → date). Plans are
written by people in pull requests, so this loader:

* reads at most ``MAX_FILE_BYTES``; rejects non-UTF-8 input (naming the line of the first
  bad byte), warns about a byte-order mark, and reports tabs and empty files clearly;
* composes the YAML node graph with PyYAML (safe constructors only, never Python tags);
* converts nodes to data itself, refusing duplicate keys, merge keys (`<<`), custom tags,
  and alias expansion beyond ``MAX_NODES`` ("billion laughs");
* resolves plain scalars deliberately: only ``null``/``~``/empty and ``true``/``false``
  are special, everything else stays text. The model then converts text to numbers or
  dates only where the field's type asks for one, so ``NO``, ``on``, ``0755`` and
  ``12:30`` keep their spelling wherever text is expected.

`load_file` returns a `LoadedFile` whose `marks` map a data path such as
``("sections", 0, "tasks", 2, "title")`` to where that value (and its key) start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from jindu.diagnostics.diagnostic import Diagnostics, Mark
from jindu.plans.characters import BIDI, BIDI_NAMES, syntax_hint
from jindu.plans.composer import MAX_DEPTH, PlanLoader, TooDeep, make_loader
from jindu.plans.lines import Lines, byte_position, editor_lines

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NODES = 200_000

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
# What a plain scalar means when it is not text: the canonical nulls and booleans only.
_PLAIN: dict[str, Any] = {**dict.fromkeys(_NULLS), **dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
_STANDARD_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
# Tags PyYAML's resolver gives untagged plain scalars; an explicit tag outside this set
# (`!!python/object`, `!!binary`, `!custom`) is refused.
_SCALAR_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "null", "bool", "int", "float", "timestamp", "merge", "value")
}

DataPath = tuple[Any, ...]


@dataclass
class NodeMarks:
    """Where a value starts and, for mapping entries, where its key starts. Kept as character
    offsets and turned into line and column only when asked: a file has a node per value,
    and a diagnostic needs a handful of them."""

    __slots__ = ("_display_path", "_key", "_lines", "_value")

    def __init__(self, display_path: str, lines: Lines, value: int, key: int | None = None) -> None:
        self._display_path, self._lines, self._value, self._key = display_path, lines, value, key

    @property
    def value(self) -> Mark:
        return self._lines.mark(self._display_path, self._value)

    @property
    def key(self) -> Mark | None:
        return None if self._key is None else self._lines.mark(self._display_path, self._key)


@dataclass
class LoadedFile:
    path: Path
    display_path: str
    text: str
    data: Any = None
    marks: dict[DataPath, NodeMarks] = field(default_factory=dict)
    ok: bool = False

    @property
    def lines(self) -> list[str]:
        return editor_lines(self.text)

    def line_text(self, line: int) -> str:
        lines = self.lines
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def mark_for(self, path: DataPath, *, prefer_key: bool = False) -> Mark:
        """The closest known mark for a data path (walking up to the nearest ancestor)."""
        probe = tuple(path)
        while True:
            found = self.marks.get(probe)
            if found is not None:
                if prefer_key and found.key is not None:
                    return found.key
                return found.value
            if not probe:
                return Mark(self.display_path, 1, 1)
            probe = probe[:-1]


class _Expansion:
    """Counts nodes visited while converting, so aliases cannot explode."""

    def __init__(self) -> None:
        self.count = 0


class _LoadError(Exception):
    def __init__(self, code: str, message: str, mark: Mark, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.mark = mark
        self.hint = hint


def _mark(display_path: str, yaml_mark, lines: Lines) -> Mark:
    return lines.mark(display_path, yaml_mark.index)


_CONTROL_NAMES = {0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x1B: "ESCAPE", 0x7F: "DELETE"}


# What YAML 1.1 allows in a stream (PyYAML's Reader.NON_PRINTABLE): checked here, before either
# parser, so both report a control character at the same character offset.
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _control_error(text: str, index: int, display_path: str, lines: Lines) -> _LoadError:
    code = ord(text[index])
    name = _CONTROL_NAMES.get(code, "")
    hint = "delete it; it is invisible in most editors"
    if code == 0x1B:
        hint += " and usually comes from pasting coloured terminal output"
    return _LoadError(
        "E-YAML-CHAR",
        f"the file contains U+{code:04X}{' ' + name if name else ''}, a control character YAML does not allow",
        lines.mark(display_path, index),
        hint=hint,
    )


def _decode(raw: bytes, display_path: str, diagnostics: Diagnostics) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        diagnostics.add(
            "W-BOM",
            "file starts with a UTF-8 byte-order mark (BOM); it was ignored",
            Mark(display_path, 1, 1),
            hint="save the file as 'UTF-8' rather than 'UTF-8 with BOM'",
        )
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line, start = byte_position(before)
        column = len(start.decode("utf-8", "replace")) + 1
        hint = "save the file as UTF-8"
        try:
            raw.decode("gb18030")
            hint = "the file looks like GBK/GB18030; save it as UTF-8 (in most editors: Save As → Encoding: UTF-8)"
        except UnicodeDecodeError:
            pass
        diagnostics.add(
            "E-ENCODING",
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            Mark(display_path, line, column),
            hint=hint,
        )
        return None


def _syntax_error(exc: yaml.MarkedYAMLError, display_path: str, text: str, lines: Lines) -> _LoadError:
    yaml_mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and "end of stream" in (exc.problem or ""):
        yaml_mark = exc.context_mark  # an unclosed quote or bracket: point where it opens
    mark = _mark(display_path, yaml_mark, lines) if yaml_mark else Mark(display_path, 1, 1)
    problem = exc.problem or str(exc)
    context = f" ({exc.context})" if exc.context else ""
    line_text = _line(text, mark.line)
    if "'\\t'" in problem or (line_text[: mark.column].strip() == "" and "\t" in line_text[: mark.column]):
        return _LoadError(
            "E-YAML-TAB",
            "tab character used for indentation; YAML allows only spaces",
            mark,
            hint="replace the tab with spaces (two spaces per level are usual)",
        )
    if "expected a single document" in problem or "but found another document" in str(exc):
        return _LoadError(
            "E-YAML-MULTIDOC",
            "file holds more than one YAML document ('---' separator)",
            mark,
            hint="keep one document per file; split the rest into another file",
        )
    return _LoadError(
        "E-YAML-SYNTAX",
        f"YAML syntax error: {problem}{context}",
        mark,
        hint=syntax_hint(_line(text, mark.line - 1) if mark.line > 1 else "", line_text),
    )


def _scalar(node: ScalarNode) -> Any:
    tag = node.tag
    if tag not in _SCALAR_TAGS:
        raise ValueError(tag)
    value = node.value
    # quoted or block scalar: always text (plain is None in PyYAML, "" in libyaml)
    if node.style or tag == "tag:yaml.org,2002:str":
        return value
    return _PLAIN.get(value, value)


class _Converter:
    def __init__(self, display_path: str, marks: dict[DataPath, NodeMarks], lines: Lines) -> None:
        self.display_path = display_path
        self.lines = lines
        self.marks = marks
        self.expansion = _Expansion()
        self.active: set[int] = set()

    def mark(self, node: Node) -> Mark:
        return _mark(self.display_path, node.start_mark, self.lines)

    def convert(self, node: Node, path: DataPath, key_index: int | None = None) -> Any:
        # Runs once per value (a million times at 10,000 tasks): the scalar path comes first
        # and does as little as it can. Data paths are unique within a file (a duplicate key
        # stops the file), so each mark is stored once, as offsets.
        expansion = self.expansion
        expansion.count += 1
        if expansion.count > MAX_NODES:
            raise _LoadError(
                "E-YAML-ALIAS-BOMB",
                f"file expands to more than {MAX_NODES:,} values (aliases repeating aliases?)",
                self.mark(node),
                hint="write the data out instead of nesting anchors and aliases",
            )
        if len(path) > MAX_DEPTH:
            raise _LoadError("E-YAML-DEPTH", f"nesting deeper than {MAX_DEPTH} levels", self.mark(node))
        self.marks[path] = NodeMarks(self.display_path, self.lines, node.start_mark.index, key_index)
        if type(node) is ScalarNode:
            try:
                return _scalar(node)
            except ValueError:
                raise _LoadError(
                    "E-YAML-TAG",
                    f"custom YAML tag {node.tag!r} is not allowed",
                    self.mark(node),
                    hint="remove the tag; plan files hold plain text, numbers, lists and mappings",
                ) from None
        if id(node) in self.active:
            raise _LoadError(
                "E-YAML-RECURSIVE",
                "an alias refers to the structure that contains it",
                self.mark(node),
                hint="remove the recursive alias",
            )
        self._check_tag(node)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.convert(child, (*path, i)) for i, child in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
        finally:
            self.active.discard(id(node))
        raise _LoadError("E-YAML-SYNTAX", "unsupported YAML node", self.mark(node))  # pragma: no cover

    def _check_tag(self, node: Node) -> None:
        if node.tag not in _STANDARD_TAGS:
            raise _LoadError(
                "E-YAML-TAG",
                f"custom YAML tag {node.tag!r} is not allowed",
                self.mark(node),
                hint="remove the tag; plan files hold plain text, numbers, lists and mappings",
            )

    def _mapping(self, node: MappingNode, path: DataPath) -> dict:
        result: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _LoadError(
                    "E-YAML-KEY",
                    "mapping keys must be plain text",
                    self.mark(key_node),
                    hint="use a simple word as the key",
                )
            if key_node.tag == "tag:yaml.org,2002:merge" or (key_node.value == "<<" and key_node.style is None):
                raise _LoadError(
                    "E-YAML-MERGE",
                    "merge keys ('<<') are not supported in plan files",
                    self.mark(key_node),
                    hint="write the keys out; merged keys hide where a value comes from",
                )
            key = key_node.value
            if key in seen:
                first = self.mark(seen[key])
                raise _LoadError(
                    "E-DUP-KEY",
                    f"key {key!r} appears twice in the same mapping (first at line {first.line}); "
                    "YAML would silently keep only the last one",
                    self.mark(key_node),
                    hint="remove one of the two, or merge their contents (a git merge may have duplicated it)",
                )
            seen[key] = key_node
            result[key] = self.convert(value_node, path + (key,), key_node.start_mark.index)
        return result


def load_text(text: str, display_path: str, diagnostics: Diagnostics, path: Path | None = None) -> LoadedFile:
    """Parse already-decoded text (used by `load_file` and by tests)."""
    loaded = LoadedFile(path or Path(display_path), display_path, text)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        diagnostics.add(
            "E-EMPTY",
            "file is empty (no YAML content)",
            Mark(display_path, 1, 1),
            hint="add content, or delete the file",
        )
        return loaded
    lines = Lines(text)
    if "\x00" in text:
        mark = lines.mark(display_path, text.index("\x00"))
        diagnostics.add("E-ENCODING", "file contains a NUL byte; is it a binary file?", mark)
        return loaded
    bad = _NON_PRINTABLE.search(text)
    if bad:
        err = _control_error(text, bad.start(), display_path, lines)
        diagnostics.add(err.code, err.message, err.mark, hint=err.hint, source_line=_line(text, err.mark.line))
        return loaded
    for bidi in BIDI.finditer(text):
        mark = lines.mark(display_path, bidi.start())
        diagnostics.add(
            "E-BIDI",
            f"the file contains U+{ord(bidi.group()):04X} {BIDI_NAMES[bidi.group()]}, an invisible control that "
            "reorders how the text around it is shown (in editors, CI logs and pages)",
            mark,
            hint="delete it; Chinese and English text never needs it",
            # shown, not obeyed: the line as it is, each control as its code point
            source_line=BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", _line(text, mark.line)),
        )
    if BIDI.search(text):
        return loaded
    loader = make_loader(text)
    try:
        try:
            try:
                root = loader.get_single_node()
            except yaml.YAMLError:
                if isinstance(loader, PlanLoader):
                    raise
                # A broken file: read it again with PyYAML's own parser, whose messages and
                # positions the diagnostics (and their goldens) are written against. libyaml
                # also stops at 1,000 levels of nesting while scanning ahead, before the
                # composer's 64-level bound could speak.
                loader.dispose()
                loader = PlanLoader(text)
                root = loader.get_single_node()
        except TooDeep as exc:
            raise _LoadError(
                "E-YAML-DEPTH",
                f"nesting deeper than {MAX_DEPTH} levels",
                _mark(display_path, exc.mark, lines),
                hint="plans nest a few levels (sections, tasks, sub-targets); flatten the structure",
            ) from None
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(exc, display_path, text, lines) from None
        except yaml.YAMLError as exc:  # pragma: no cover - defensive
            raise _LoadError("E-YAML-SYNTAX", f"YAML error: {exc}", Mark(display_path, 1, 1)) from None
        if root is None:
            raise _LoadError(
                "E-EMPTY",
                "file is empty (no YAML content)",
                Mark(display_path, 1, 1),
                hint="add content, or delete the file",
            )
        converter = _Converter(display_path, loaded.marks, lines)
        loaded.data = converter.convert(root, ())
        loaded.ok = True
    except _LoadError as err:
        diagnostics.add(err.code, err.message, err.mark, hint=err.hint, source_line=_line(text, err.mark.line))
    finally:
        loader.dispose()
    return loaded


def _line(text: str, line: int) -> str:
    lines = editor_lines(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def load_file(path: Path, display_path: str, diagnostics: Diagnostics) -> LoadedFile:
    """Read, decode and parse one YAML file, reporting every problem into `diagnostics`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        diagnostics.add("E-READ", f"cannot read file: {exc.strerror}", Mark(display_path))
        return LoadedFile(path, display_path, "")
    if _too_large(size, display_path, diagnostics):  # before reading it
        return LoadedFile(path, display_path, "")
    with path.open("rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    return load_bytes(raw, display_path, diagnostics, path)


def load_bytes(raw: bytes, display_path: str, diagnostics: Diagnostics, path: Path | None = None) -> LoadedFile:
    """Decode and parse a file's bytes (read from disk, or from git for an earlier revision)."""
    path = path or Path(display_path)
    if _too_large(len(raw), display_path, diagnostics):
        return LoadedFile(path, display_path, "")
    text = _decode(raw, display_path, diagnostics)
    if text is None:
        return LoadedFile(path, display_path, "")
    return load_text(text, display_path, diagnostics, path)


def _too_large(size: int, display_path: str, diagnostics: Diagnostics) -> bool:
    if size <= MAX_FILE_BYTES:
        return False
    diagnostics.add(
        "E-FILE-SIZE",
        f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
        Mark(display_path, 1, 1),
        hint="split the plan or the progress report into several files",
    )
    return True


_SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)")


def schema_modeline(text: str) -> str | None:
    """The `$schema` named on a `# yaml-language-server:` line near the top, if any."""
    for line in text.splitlines()[:5]:
        match = _SCHEMA_LINE.match(line.strip())
        if match:
            return match.group(1)
    return None
