"""A small YAML emitter for the converted seed plans: block style, comments, readable text.

PyYAML's dumper cannot write comments and folds Chinese text awkwardly; plans are read
by people in pull requests, so the converter writes them with this instead.
"""

from __future__ import annotations

import json

import yaml


class Comment(str):
    """A comment line written above the next key or item."""


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text:
        return False
    if text[0] in "!&*-?{}[],#|>@`\"'%:" or ": " in text or " #" in text or text.endswith(":"):
        return False
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False


def scalar(value, indent: str) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    if "\n" in text:
        body = "\n".join((indent + "  " + line) if line else "" for line in text.split("\n"))
        return "|-\n" + body
    if _plain_ok(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _is_flow_list(value) -> bool:
    return (
        isinstance(value, list)
        and all(isinstance(v, str) and "\n" not in v for v in value)
        and len(", ".join(value)) < 90
        and all(_plain_ok(v) for v in value)
    )


def emit(node, indent: str = "") -> list[str]:
    lines: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, Comment):
                lines += [f"{indent}# {line}".rstrip() for line in str(value).split("\n")]
                continue
            if value is None or value == [] or value == {}:
                continue
            if isinstance(value, dict):
                lines.append(f"{indent}{key}:")
                lines += emit(value, indent + "  ")
            elif isinstance(value, list):
                if _is_flow_list(value):
                    lines.append(f"{indent}{key}: [{', '.join(value)}]")
                else:
                    lines.append(f"{indent}{key}:")
                    lines += emit(value, indent + "  ")
            else:
                lines.append(f"{indent}{key}: {scalar(value, indent)}")
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, Comment):
                lines += [f"{indent}# {line}".rstrip() for line in str(item).split("\n")]
                continue
            if isinstance(item, dict):
                inner = emit(item, indent + "  ")
                # first non-comment line gets the dash
                for i, line in enumerate(inner):
                    if not line.lstrip().startswith("#"):
                        inner[i] = indent + "- " + line[len(indent) + 2 :]
                        break
                lines += inner
            else:
                lines.append(f"{indent}- {scalar(item, indent + '  ')}")
    return lines


def dump(document: dict, header: str = "") -> str:
    return header + "\n".join(emit(document)) + "\n"
