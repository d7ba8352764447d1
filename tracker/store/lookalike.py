"""Candidates for "looks like the same claim": claims sharing words with a text, from the full-text index.

The candidates are the newest `limit` claims that share at least one content word with the text
(an OR of the words, walked in id order from the newest, so the cost does not grow with the
desk), among open claims and claims logged since `since`. Names (capitalised words) are also
looked up by their first five letters, so "Zelensky" finds "Zelenskyy". On PostgreSQL the
claims whose text is trigram-similar (`pg_trgm`, `%`) are added: a spelling the words miss.
The score itself is computed in Python (tracker.domain.similarity), the same on both engines.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from tracker.domain.rules import DEADLINE_STATUSES
from tracker.store.tables import Claim

_CLAIM = Claim.__table__  # type: ignore[attr-defined]
_OPEN = tuple(s.value for s in DEADLINE_STATUSES)
_FTS = sa.table("claim_fts", sa.column("rowid"))
_PG = sa.table("claim_search", sa.column("claim_id"), sa.column("tsv"), sa.column("text_norm"))


class Candidate(NamedTuple):
    """A claim that may read like the text looked up."""

    id: int
    text: str
    status: str


def _fts5_any(words: Sequence[str], prefixes: Sequence[str]) -> str:
    parts = [f'"{w}"' for w in words] + [f'"{p}"*' for p in prefixes]
    return " OR ".join(parts)


def candidates(session: Session, words: Sequence[str], prefixes: Sequence[str], text: str, *,
               since: datetime, exclude: int | None = None, limit: int = 100) -> list[Candidate]:
    """The newest `limit` open or recent claims sharing a word (or a name's first letters) with the
    text; `words` and `prefixes` hold letters and digits only (tracker.domain.similarity)."""
    if not words and not prefixes:
        return []
    c = _CLAIM.c
    scope = [sa.or_(c.status.in_(_OPEN), c.created_at >= since)]
    if exclude is not None:
        scope.append(c.id != exclude)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        query = (
            sa.select(c.id, c.text, c.status).select_from(_FTS).join(_CLAIM, c.id == _FTS.c.rowid)
            .where(sa.literal_column("claim_fts").op("MATCH")(_fts5_any(words, prefixes)), *scope)
            .order_by(_FTS.c.rowid.desc()).limit(limit)
        )
        return [Candidate(*row) for row in session.connection().execute(query)]
    terms = "\n".join([*words, *(f"*{p}" for p in prefixes)])
    by_words = (
        sa.select(c.id, c.text, c.status).select_from(_PG).join(_CLAIM, c.id == _PG.c.claim_id)
        .where(_PG.c.tsv.op("@@")(sa.func.tracker_search_any(terms)), *scope)
        .order_by(c.id.desc()).limit(limit)
    )
    norm = sa.func.tracker_search_norm(text)
    by_trigrams = (
        sa.select(c.id, c.text, c.status).select_from(_PG).join(_CLAIM, c.id == _PG.c.claim_id)
        .where(_PG.c.text_norm.op("%")(norm), *scope)
        .order_by(sa.func.similarity(_PG.c.text_norm, norm).desc(), c.id.desc()).limit(limit // 4 or 1)
    )
    found: dict[int, Candidate] = {}
    for query in (by_words, by_trigrams):
        for row in session.connection().execute(query):
            found.setdefault(row[0], Candidate(*row))
    return list(found.values())
