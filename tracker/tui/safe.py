"""Showing stored text literally: no markup parsing, no terminal control characters.

Claim text, speakers, sources, URLs and reasons come from people and scripts. They are
wrapped in `rich.text.Text` (never parsed as Textual/Rich markup, so `[bold]` or
`[link=...]` stay as typed) and control characters are replaced by visible stand-ins,
so an escape sequence stored by some other tool cannot restyle or hijack the terminal.
"""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKS = re.compile(r"[\r\n\t]+")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x1B:
        return "␛"
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture" for the character
    return "�"


def clean(value: object, *, one_line: bool = False) -> str:
    """`value` as plain text with control characters made visible (and line breaks folded when `one_line`)."""
    text = "" if value is None else str(value)
    if one_line:
        text = _BREAKS.sub(" ", text)
    return _CONTROL.sub(_stand_in, text)


def literal(value: object, style: str = "", *, one_line: bool = False) -> Text:
    """A `Text` that shows `value` exactly as stored (markup is not interpreted)."""
    return Text(clean(value, one_line=one_line), style=style)


def clip(value: object, width: int, style: str = "") -> Text:
    """One line of `value`, cut to `width` cells with an ellipsis."""
    text = literal(value, style, one_line=True)
    text.truncate(max(width, 1), overflow="ellipsis")
    return text
