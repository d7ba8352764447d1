"""What a search typed by a person means, in plain Python (no query syntax reaches the database).

A search is a list of *terms*; a claim matches when every term matches. A term is a word,
a hyphenated or punctuated run (``one-week``, ``U.S.``) or a "quoted phrase" (an opening
quote without its closing one runs to the end, as while typing). Each term is split into
*tokens*: runs of letters and digits in any script; everything else (hyphens, punctuation,
symbols, FTS operators such as ``NEAR(``, ``"``, ``*``) is a separator. The tokens of one
term must appear in that order, next to each other, so ``one-week`` finds "one week" and
"one-week". The engines compare tokens case-folded in every script (``ЗЕЛЕНСЬКИЙ`` is
``зеленський``), without diacritics (``Café`` is ``cafe``) and, for English, by stem
(``strikes`` finds "strike", ``paused`` finds "pause").

The *last* term is the one being typed: its last word may be the start of a longer word
(``zelensk`` and ``zelensky`` find "Zelenskyy"), unless the search ends with a space or a closing
quote.
The other words match whole words (a prefix of every word would make a common word cost
a scan of the index). A search with no letters or digits has no terms and matches nothing.

The store turns terms into each engine's query language (tracker/store/search.py) from
these tokens only, so nothing a user types is ever read as syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from tracker.domain.errors import InvalidInput

MAX_TERMS = 32
"""More terms than this in one search is refused (each one costs an index look-up)."""

_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')
_TOKEN = re.compile(r"[^\W_]+")
_TAIL = re.compile(r"[\W_]*$")



@dataclass(frozen=True, slots=True)
class Term:
    """One term of a search: its tokens in order; `prefix` when the last token may be a word's start."""

    tokens: tuple[str, ...]
    prefix: bool = False


def fold(text: str) -> str:
    """Lower-case and strip diacritics (``ЗЕЛЕНСЬКИЙ`` -> ``зеленський``, ``Café`` -> ``cafe``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare.lower())


def tokens(text: str) -> list[str]:
    """The words of `text` as typed (NFC): runs of letters and digits of any script; the rest separates.

    Not folded: each engine folds them the way it folds the indexed text, so both sides agree."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text))


def words(text: str) -> list[str]:
    """The folded words of `text` (for comparing texts in Python: similar claims)."""
    return _TOKEN.findall(fold(text))


def search_terms(search: str | None) -> list[Term]:
    """The terms of a search (see the module docstring); raise InvalidInput past `MAX_TERMS`."""
    if not search:
        return []
    terms: list[Term] = []
    seen: set[tuple[str, ...]] = set()
    for phrase, word in _CHUNK.findall(search):
        found = tuple(tokens(phrase or word))
        key = tuple(fold(t) for t in found)
        if found and key not in seen:
            seen.add(key)
            terms.append(Term(found))
    if len(terms) > MAX_TERMS:
        raise InvalidInput(f"search has {len(terms)} words or phrases; the limit is {MAX_TERMS}")
    found_tail = _TAIL.search(search)
    tail = found_tail.group() if found_tail else ""
    closed = '"' in tail and search.count('"') % 2 == 0
    typing = not search[-1].isspace() and not closed
    if terms and typing:
        last = terms[-1]
        terms[-1] = replace(last, tokens=(*last.tokens[:-1], _typed_prefix(last.tokens[-1])), prefix=True)
    return terms


def _typed_prefix(token: str) -> str:
    """The start of a word being typed, as the index can find it.

    English stemming rewrites a final y as i, in the index and in the query alike: "Zelenskyy" is kept
    as ``zelenskyi`` and a typed ``zelensky`` is read ``zelenski``, which starts no word of the index.
    Without its last y (``zelensk``) the prefix finds both spellings, as it does while the y is not yet
    typed. So is a doubled one (``zelenskyy`` is read ``zelensky``, then ``zelenski``, again no start)."""
    bare = token.rstrip("yY")
    return bare if bare != token and len(bare) >= 3 and bare[-1].isalpha() else token
