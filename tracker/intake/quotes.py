"""Quotation spans in a paragraph: curly and straight double quotes, and single-quote style when a
paragraph has no double quotes ('It is over,' he said). An opening quote left open at the end of a
paragraph is a quote continued in the next paragraph (wire style)."""

from __future__ import annotations

from dataclasses import dataclass

_OPENERS_BEFORE = " \t([{—–-/:;,"
_CLOSE_AFTER = " \t.,;:!?)]}—–-…"


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: `start`/`end` include the marks, `inner_start`/`inner_end` the quoted words only."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True

    def words(self, text: str) -> int:
        return len(text[self.inner_start:self.inner_end].split())


def find_quotes(text: str) -> list[Quote]:
    """The top-level quotations in `text`, in order."""
    quotes = _double(text)
    if not quotes and ('‘' in text or "'" in text):
        quotes = _single(text)
    return quotes


def _double(text: str) -> list[Quote]:
    found: list[Quote] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == "“" or (ch == '"' and open_at is None and _opens(text, i)):
            if open_at is None:
                open_at = i
        elif ch in "”\"" and open_at is not None:
            found.append(Quote(open_at, i + 1, open_at + 1, i))
            open_at = None
        elif ch == '"' and open_at is None and not found:  # a stray closing mark: the quote began the paragraph
            found.append(Quote(0, i + 1, 0, i))
    if open_at is not None:
        found.append(Quote(open_at, len(text), open_at + 1, len(text), closed=False))
    return found


def _opens(text: str, i: int) -> bool:
    return (i == 0 or text[i - 1] in _OPENERS_BEFORE) and i + 1 < len(text) and not text[i + 1].isspace()


def _single(text: str) -> list[Quote]:
    found: list[Quote] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch not in "‘’'":
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if open_at is None:
            if ch in "‘'" and before in _OPENERS_BEFORE and not after.isspace():
                open_at = i
        elif ch in "’'" and not before.isspace() and after in _CLOSE_AFTER:
            if i - open_at > 2:
                found.append(Quote(open_at, i + 1, open_at + 1, i))
            open_at = None
    return found


def inside(quotes: list[Quote], position: int) -> Quote | None:
    """The quotation that holds `position`, if any."""
    for quote in quotes:
        if quote.start <= position < quote.end:
            return quote
    return None
