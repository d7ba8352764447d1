"""Printing: JSON for machines, plain tables for people, colour only on a terminal without NO_COLOR."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from tracker.domain.display import inert_json, visible, visible_line

_STATUS_COLOURS = {"unconfirmed": "yellow", "confirmed": "green", "contradicted": "red", "expired": "bright_black"}


def safe(text: object) -> str:
    """Text fit for a terminal: control, bidi and invisible characters shown as visible codes (`visible`)."""
    return visible(text)


def one_line(text: object) -> str:
    """`safe` text folded onto one line."""
    return visible_line(text)


def note(message: str) -> None:
    """A note for the person at the terminal, on stderr (`tracker: ...`), never mixed into stdout."""
    sys.stderr.write(f"tracker: {visible_line(message)}\n")


def colour_on() -> bool:
    """Colour only when stdout is a terminal and NO_COLOR is unset."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def status_word(status: str) -> str:
    """A status, coloured when colour is on."""
    if not colour_on():
        return status
    import click

    return click.style(status, fg=_STATUS_COLOURS.get(status))


def emit_json(data: Any) -> None:
    """One JSON document on stdout."""
    sys.stdout.write(inert_json(data, indent=2) + "\n")


def emit_jsonl(items: Iterable[Any]) -> None:
    """One compact JSON object per line on stdout, flushed line by line."""
    for item in items:
        sys.stdout.write(inert_json(item) + "\n")
        sys.stdout.flush()


def emit_text(chunks: Iterable[str]) -> None:
    """Text chunks on stdout as they come (an export's rows), flushed at the end."""
    for chunk in chunks:
        sys.stdout.write(chunk)
    sys.stdout.flush()


def clip(text: str, width: int) -> str:
    """Cut `text` to `width` characters, marking the cut with an ellipsis."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def terminal_width() -> int | None:
    """The terminal's width in columns, or None when stdout is not a terminal (then nothing is clipped)."""
    if not sys.stdout.isatty():
        return None
    import shutil  # here: only a terminal pays for it (about 5 ms of a cold command's start-up)

    return shutil.get_terminal_size((120, 24)).columns


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, stretch: int | None = None) -> str:
    """A plain aligned table; on a terminal, column `stretch` takes the room left and is clipped to it.

    Piped or redirected output is never clipped: `tracker history 1 > audit.txt` keeps every character.
    """
    cells = [[one_line(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    room = terminal_width() if stretch is not None else None
    if stretch is not None and room is not None:
        fixed = sum(w for i, w in enumerate(widths) if i != stretch) + 2 * (len(widths) - 1)
        widths[stretch] = max(min(widths[stretch], room - fixed), len(headers[stretch]), 12)
        cells = [[clip(c, widths[i]) if i == stretch else c for i, c in enumerate(r)] for r in cells]
    lines = ["  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip()]
    lines += ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in cells]
    return "\n".join(lines)
