"""The one-line messages the time grammar refuses input with (each quotes what the person typed)."""

from __future__ import annotations

import re

from tracker.domain.errors import InvalidInput

ZONE_HINT = "use an IANA name like Europe/Kyiv or a phrase like 'Kyiv time'"
_WS = re.compile(r"\s+")


def echo(text: str, limit: int = 60) -> str:
    """User text inside a one-line message: whitespace collapsed, long text cut, quoted."""
    one_line = _WS.sub(" ", text).strip()
    if len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    return repr(one_line)


def unknown_zone(name: str) -> InvalidInput:
    """An unknown zone (never read as UTC)."""
    return InvalidInput(f"unknown time zone {echo(name)} ({ZONE_HINT})")


def cannot_read(text: str) -> InvalidInput:
    """Text that is no date/time the grammar knows."""
    return InvalidInput(f"cannot read {echo(text)} as a date/time")

