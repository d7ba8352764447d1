"""Candidates for "looks like the same claim": claims sharing words with a text, from the full-text index.

One query per look-up, with a LIMIT: the newest `limit` claims whose *text* shares at least one
content word with the text (an OR of the words, read from the index in id order from the newest,
so the cost does not grow with the desk), among open claims and claims logged since `since`; a claim
linked as a duplicate is no candidate (its primary stands for it).
Names (capitalised words) are also looked up by their first five letters, so "Zelensky" finds
"Zelenskyy". On PostgreSQL the claims whose text is trigram-similar (`pg_trgm`, `%`) are added
in the same statement: a spelling the words miss. The score itself is computed in Python, only
for these candidates (tracker.domain.similarity), the same on both engines.

The SQL is plain text run through the write path's `Executor` (tracker/store/writer.py), so an
`add` planned on a bare sqlite3 connection looks its candidates up on that connection, inside
the transaction that will write it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from tracker.domain.rules import DEADLINE_STATUSES

if TYPE_CHECKING:
    from tracker.store.writer import Executor

_OPEN = ", ".join(f"'{s.value}'" for s in sorted(DEADLINE_STATUSES, key=lambda s: s.value))
_SCOPE = f"(c.status IN ({_OPEN}) OR c.created_at >= :since) AND c.id <> :exclude AND c.duplicate_of IS NULL"

_SQLITE = (
    "SELECT c.id, c.text, c.status FROM claim_fts JOIN claim AS c ON c.id = claim_fts.rowid "
    f"WHERE claim_fts MATCH :match AND {_SCOPE} ORDER BY claim_fts.rowid DESC LIMIT :limit"
)
# The query and the normalised text are scalar subqueries, built once per statement: called bare, the
# STABLE functions ran again for every row a walk or a recheck read (a text of rare words walked all of
# claim_search, 5.9 s at 100k claims; docs/performance.md, "PostgreSQL at scale").
_PG_QUERY = "(SELECT tracker_search_any(:terms, 'A'))"
_PG_TEXT = "(SELECT tracker_search_norm(:text))"
_POSTGRES = (
    "SELECT id, text, status FROM ("
    "(SELECT c.id, c.text, c.status FROM claim_search AS s JOIN claim AS c ON c.id = s.claim_id "
    f"WHERE s.tsv @@ {_PG_QUERY} AND {_SCOPE} ORDER BY c.id DESC LIMIT :limit) "
    "UNION "
    "(SELECT c.id, c.text, c.status FROM claim_search AS s JOIN claim AS c ON c.id = s.claim_id "
    f"WHERE s.text_norm % {_PG_TEXT} AND {_SCOPE} "
    f"ORDER BY similarity(s.text_norm, {_PG_TEXT}) DESC, c.id DESC LIMIT :few)"
    ") AS found ORDER BY id DESC"
)


TRIGRAM_CHARS = 2000
"""How much of the text the trigram look-up compares (a claim is a sentence or two; a pasted article is not)."""


class Candidate(NamedTuple):
    """A claim that may read like the text looked up."""

    id: int
    text: str
    status: str


def fts5_any(words: Sequence[str], prefixes: Sequence[str]) -> str:
    """FTS5 MATCH text: any of the words, or any word starting with one of the prefixes, in the claim's text.

    Words and prefixes hold letters and digits only (tracker.domain.similarity.lookup_terms), so
    no quote can appear inside one."""
    parts = [f'"{w}"' for w in words] + [f'"{p}"*' for p in prefixes]
    return "{text} : (" + " OR ".join(parts) + ")"


def candidates(executor: Executor, words: Sequence[str], prefixes: Sequence[str], text: str, *,
               since: datetime, exclude: int | None = None, limit: int = 100) -> list[Candidate]:
    """The newest `limit` open or recent claims sharing a word (or a name's first letters) with the
    text, newest first (PostgreSQL: plus the few closest by trigrams)."""
    if not words and not prefixes:
        return []
    params = {"since": executor.bind_time(since), "exclude": -1 if exclude is None else exclude, "limit": limit}
    if executor.dialect == "sqlite":
        rows = executor.rows(_SQLITE, {**params, "match": fts5_any(words, prefixes)})
    else:
        terms = "\n".join([*words, *(f"*{p}" for p in prefixes)])
        shown = " ".join(text[:TRIGRAM_CHARS].replace("\x00", " ").split())  # PostgreSQL text holds no NUL
        rows = executor.rows(_POSTGRES, {**params, "terms": terms, "text": shown, "few": max(1, limit // 4)})
    return [Candidate(int(cid), str(body), str(status)) for cid, body, status in rows]
