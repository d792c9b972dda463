"""Characters: what a plan file must not hold, and what typing Chinese slips in.

Bidirectional controls are allowed by YAML but make a line read differently from what it
holds; full-width colons and spaces come from Chinese input methods and make YAML syntax
errors whose cause is invisible. The loader uses both to say what is wrong.
"""

from __future__ import annotations

import re

# Bidirectional embedding, override and isolate controls: YAML allows them, but they make a
# line read differently from what it holds ("Trojan source"), in a review or a CI log.
BIDI_NAMES = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
}
BIDI = re.compile("[" + "".join(BIDI_NAMES) + "]")
# What a file name may hold that would break a diagnostic's line (a newline splits
# `file:line:col` over two lines in a CI log) or reorder it: shown as escapes.
UNPRINTABLE_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + "".join(BIDI_NAMES) + "]")


# Chinese input methods type these where YAML wants ASCII: the commonest syntax errors in a
# plan typed by hand.
_FULL_WIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*：")


def syntax_hint(above: str, line: str) -> str:
    """What to look for in a YAML syntax error, naming a full-width colon or space when the
    line (or the one above) has one."""
    for text in (line, above):
        key = _FULL_WIDTH_KEY.match(text)
        if key:
            return (
                f"'{key.group(1)}' is followed by a full-width colon '：'; a key needs the ASCII colon ':' and a space"
            )
        if text[: len(text) - len(text.lstrip())].count("\u3000"):
            return "the line is indented with full-width spaces (U+3000); indent with ASCII spaces"
    return "check indentation, colons and quotes on this line and the one above"
