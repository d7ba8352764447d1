"""Text made inert for display: what every text output, error line, report and the TUI show of stored text.

Stored text is checked at the door (tracker.domain.inputs refuses control characters), but a
database can be written by other means, and some harmless-looking characters change how text
*reads*: a bidi override (U+202E) reorders what follows it, and zero-width characters make two
names that look the same differ. A verification tool shows them, as editors do:

* C0 and C1 control characters (ESC, BEL, CR, U+009B ...) become ``\\x1b``-style codes;
* bidi controls (U+061C, U+200E/F, U+202A-E, U+2066-9) and invisible characters (U+200B, U+2060-4,
  U+FEFF, U+180E, U+00AD) become ``\\u202e``-style codes;
* the joiners U+200C/U+200D stay only where a script needs them: between two characters that are
  neither ASCII nor Latin, Greek or Cyrillic, nor themselves invisible (Persian and Indic words, emoji
  sequences); anywhere else (``Tr\\u200dump``) they are shown as codes too.

`visible` keeps newlines and tabs (for multi-line text); `visible_line` folds every whitespace run to
one space. `inert_json` is `json.dumps` whose output carries none of these characters raw.
Pure functions, no dependencies: the CLI, the report and the TUI share them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

_C0_C1 = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_FORMAT = "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_JOINERS = "\u200c\u200d"
_SEPARATORS = "\u2028\u2029"

_SHOWN = re.compile(f"[{_C0_C1}{_FORMAT}{_JOINERS}{_SEPARATORS}]")
_SHOWN_LINE = re.compile(f"[\t\n{_C0_C1}{_FORMAT}{_JOINERS}{_SEPARATORS}]")
_JSON_RAW = re.compile(f"[\x7f-\x9f{_FORMAT}{_JOINERS}{_SEPARATORS}]")
_LATIN_LIKE = ("LATIN", "GREEK", "CYRILLIC")


def _code(char: str) -> str:
    point = ord(char)
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def _needs_joiner(before: str, after: str) -> bool:
    """True when a zero-width joiner between `before` and `after` is a script's own (not a disguise)."""
    for char in (before, after):
        if not char or ord(char) < 0x80 or char.isspace() or _SHOWN.match(char):
            return False
        name = unicodedata.name(char, "")
        if name.startswith(_LATIN_LIKE):
            return False
    return True


def _show(text: str, pattern: re.Pattern[str]) -> str:
    def one(match: re.Match[str]) -> str:
        char = match.group()
        if char in _JOINERS:
            at = match.start()
            before = text[at - 1] if at > 0 else ""
            after = text[at + 1] if at + 1 < len(text) else ""
            if _needs_joiner(before, after):
                return char
        return _code(char)

    return pattern.sub(one, text)


def visible(text: object) -> str:
    """`text` safe for a terminal or a page: controls, bidi and invisible characters as visible codes.

    Newlines and tabs are kept; None is the empty string.
    """
    raw = "" if text is None else str(text)
    return _show(raw, _SHOWN) if _SHOWN.search(raw) else raw


def visible_line(text: object) -> str:
    """`visible` text on one line: each whitespace run (newlines, tabs) folded to one space."""
    raw = " ".join(("" if text is None else str(text)).split())
    return _show(raw, _SHOWN_LINE) if _SHOWN_LINE.search(raw) else raw


def inert_json(data: Any, *, indent: int | None = None) -> str:
    """`json.dumps` (UTF-8 text kept readable) with DEL, C1 controls, bidi and invisible characters escaped.

    Those characters can only occur inside JSON strings, so ``\\uXXXX`` escapes decode to the same data.
    """
    separators = (",", ":") if indent is None else (",", ": ")
    return inert_json_text(json.dumps(data, ensure_ascii=False, indent=indent, separators=separators))


def inert_json_text(text: str) -> str:
    """JSON text already encoded (a stored payload, a line built by hand) with the characters `inert_json`
    escapes, escaped: the same data, and nothing in it that reorders or hides what a terminal shows."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _JSON_RAW.search(text) else text
