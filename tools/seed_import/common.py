"""Shared pieces of the seed converters: directory building, text repair, unit lists."""

from __future__ import annotations

import re
from pathlib import Path

from emit import Comment, dump
from ids import person_id, unit_id, unit_kind

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
PLANS = Path(__file__).resolve().parents[2] / "plans"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/jindu.schema.json\n"


def read_seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


class DirectoryBuilder:
    """Collects the people and units a seed names, giving each a stable id once."""

    def __init__(self, org_id: str, name: str, short_name: str | None = None):
        self.org = {"id": org_id, "name": name, "short_name": short_name}
        self.people: dict[str, dict] = {}
        self.units: dict[str, dict] = {}
        self.alias_of: dict[str, str] = {}
        self.notes: dict[str, str] = {}

    def person(self, name: str, title: str | None = None) -> str:
        name = re.sub(r"\s+", "", name)
        if name not in self.people:
            ident = person_id(name)
            while ident in {p["id"] for p in self.people.values()}:
                ident += "-2"
            self.people[name] = {"id": ident, "name": name, "title": title}
        elif title and not self.people[name].get("title"):
            self.people[name]["title"] = title
        return self.people[name]["id"]

    def alias(self, canonical: str, *aliases: str, note: str | None = None) -> None:
        self.unit(canonical)
        for alias in aliases:
            self.alias_of[alias] = canonical
            self.units[canonical].setdefault("aliases", []).append(alias)
        if note:
            self.notes[canonical] = note

    def unit(self, name: str) -> str:
        name = name.strip()
        name = self.alias_of.get(name, name)
        if name not in self.units:
            ident = unit_id(name)
            taken = {u["id"] for u in self.units.values()}
            base, n = ident, 2
            while ident in taken:
                ident = f"{base}-{n}"
                n += 1
            self.units[name] = {"id": ident, "name": name, "kind": unit_kind(name)}
        return self.units[name]["id"]

    def units_in(self, text: str, protected: tuple[str, ...] = ()) -> list[str]:
        return [self.unit(n) for n in split_units(text, protected)]

    def document(self) -> dict:
        people = [dict(p) for p in self.people.values()]
        units = []
        for name, unit in self.units.items():
            entry = {"id": unit["id"], "name": name, "kind": unit["kind"]}
            if unit.get("aliases"):
                entry["aliases"] = unit["aliases"]
            if name in self.notes:
                entry["note"] = self.notes[name]
            units.append(entry)
        return {
            "kind": "directory",
            "organization": {k: v for k, v in self.org.items() if v},
            "people": people,
            "units": units,
        }

    def write(self, folder: Path, header: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "directory.yaml").write_text(SCHEMA_LINE + header + dump(self.document()), encoding="utf-8")


def split_units(text: str, protected: tuple[str, ...] = ()) -> list[str]:
    """Split a cell listing units (、，, newlines, runs of spaces) keeping protected phrases whole."""
    placeholders = {}
    for i, phrase in enumerate(sorted(protected, key=len, reverse=True)):
        if phrase in text:
            key = f"\x00{i}\x00"
            placeholders[key] = phrase
            text = text.replace(phrase, key)
    parts = re.split(r"[、，,\n]|\s{2,}|(?<=[\u4e00-\u9fff）)])\s+(?=[\u4e00-\u9fff])", text)
    result = []
    for part in parts:
        part = part.strip()
        for key, phrase in placeholders.items():
            part = part.replace(key, phrase)
        if part:
            result.append(part)
    return result


def strip_html(text: str) -> str:
    """Turn the <ol>/<p> fragments the extraction left in seed 001 into plain lines."""
    text = re.sub(r"</p>\s*<p>", "\n", text)
    text = re.sub(r"<ol[^>]*>\s*", "", text)
    text = re.sub(r"\s*</ol>", "", text)
    text = re.sub(r"</?p>", "", text)
    text = re.sub(r"(?<=[。；;])\s+(?=\d+\.)", "\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def join_wrapped(text: str) -> str:
    """Join lines a PDF wrapped mid-sentence; keep a line break before numbered items and
    month steps; drop the padding spaces of table cells."""
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        pieces = re.split(r"\s{2,}(?=\d{1,2}(?:[.、](?!\d)|月份))", line)
        for k, piece in enumerate(pieces):
            piece = re.sub(
                r"(?<=[\u4e00-\u9fff，。；、：“”（）])\s{2,}|\s{2,}(?=[\u4e00-\u9fff“（])", "", piece
            ).strip()
            starts_item = re.match(r"^\d{1,2}(?:[.、](?!\d)|月份)", piece) is not None
            if out and not starts_item and k == 0:
                out[-1] += piece
            else:
                out.append(piece)
    return "\n".join(out)


def names(text: str) -> list[str]:
    return [re.sub(r"\s+", "", n) for n in re.split(r"[、，,\n]", text) if n.strip()]


__all__ = [
    "PLANS",
    "SCHEMA_LINE",
    "Comment",
    "DirectoryBuilder",
    "dump",
    "join_wrapped",
    "names",
    "read_seed",
    "split_units",
    "strip_html",
]
