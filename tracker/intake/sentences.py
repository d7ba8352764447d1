"""Sentences of a paragraph with their offsets; a quotation is never cut in two.

A full stop ends a sentence unless it closes an abbreviation ("Mr.", "Gen.", "Jan."), an initial
("J. Smith") or a dotted acronym ("U.N.", "a.m.") that the next word does not clearly follow as a
new sentence. An ellipsis never ends one.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.intake.quotes import Quote, find_quotes

ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "gov", "sen", "rep", "prof", "st", "jr", "sr", "rev", "fr", "no", "nos", "vs", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "approx", "dept", "est", "fig", "pres", "supt", "maj", "brig", "messrs", "hon", "amb", "atty", "sec", "cpl", "pvt", "insp", "det", "lieut"]
)
OPENERS = frozenset(
    ["the", "he", "she", "it", "they", "we", "i", "but", "and", "in", "a", "an", "this", "that", "there", "his", "her", "their", "our", "on", "at", "after", "before", "while", "when", "if", "as", "its", "so", "yet", "one", "some", "many", "most", "officials"]
)
_CLOSERS = "”\"’')]"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its text, its offsets inside the paragraph, and the quotations it holds."""

    start: int
    end: int
    text: str
    quotes: tuple[Quote, ...]


def split(paragraph: str) -> list[Sentence]:
    """The sentences of `paragraph`, in order, covering it (less surrounding spaces)."""
    quotes = find_quotes(paragraph)
    cuts: list[int] = []
    i, n = 0, len(paragraph)
    while i < n:
        ch = paragraph[i]
        if ch in ".!?" and not _in_quote(quotes, i):
            end = i + 1
            while end < n and paragraph[end] in ".!?":
                end += 1
            while end < n and paragraph[end] in _CLOSERS and not _opens_quote(quotes, end):
                end += 1
            if end < n and paragraph[end] == " " and _starts_sentence(paragraph, end + 1) and \
                    not (ch == "." and _abbreviation(paragraph, i, end + 1)):
                cuts.append(end)
            i = end
            continue
        # “... over.” He said -> a sentence ends after the closing mark when the quote ends with a stop.
        if ch in "”\"" and _closes_quote(quotes, i) and i > 0 and paragraph[i - 1] in ".!?" and i + 2 < n \
                and paragraph[i + 1] == " " and _starts_sentence(paragraph, i + 2):
            cuts.append(i + 1)
        i += 1
    pieces: list[Sentence] = []
    start = 0
    for cut in cuts + [n]:
        lead = len(paragraph[start:cut]) - len(paragraph[start:cut].lstrip())
        s, e = start + lead, len(paragraph[:cut].rstrip())
        if e > s:
            inner = tuple(Quote(q.start - s, q.end - s, q.inner_start - s, q.inner_end - s, q.closed)
                          for q in quotes if s <= q.start and q.end <= e)
            pieces.append(Sentence(s, e, paragraph[s:e], inner))
        start = cut
    return pieces


def _in_quote(quotes: list[Quote], i: int) -> bool:
    return any(q.inner_start <= i < q.inner_end for q in quotes)


def _opens_quote(quotes: list[Quote], i: int) -> bool:
    return any(q.start == i for q in quotes)


def _closes_quote(quotes: list[Quote], i: int) -> bool:
    return any(q.end - 1 == i and q.closed for q in quotes)


def _starts_sentence(text: str, j: int) -> bool:
    while j < len(text) and text[j] == " ":
        j += 1
    return j < len(text) and (text[j].isupper() or text[j].isdigit() or text[j] in "“\"‘'(")


def _abbreviation(text: str, dot: int, next_word_at: int) -> bool:
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(“\"":
        start -= 1
    word = text[start:dot]
    nxt = text[next_word_at:].split(" ", 1)[0].strip("“\"‘'(").lower()
    if word.lower().rstrip(".") in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    if "." in word and all(len(part) <= 2 for part in word.split(".")):  # U.N., a.m., U.S.
        return nxt not in OPENERS
    return False
