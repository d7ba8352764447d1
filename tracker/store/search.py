"""The full-text index of claims, on both engines, and the search conditions built on it.

One document per claim, in five parts: the claim's text, its speaker, its tags, its source, and
its evidence (every item's source and note). The database keeps it in step by itself: triggers
on the projection tables (`claim`, `claim_tag`, `evidence`) rewrite a claim's document in the
same transaction as whatever statement changed those rows, whichever code wrote them.

* **SQLite**: an FTS5 table `claim_fts` (rowid = claim id), tokenizer
  `porter unicode61 remove_diacritics 2`: words are runs of letters and digits in any script,
  folded to lower case (Cyrillic and Greek too), without diacritics, English words by stem;
  hyphens and punctuation separate words.
* **PostgreSQL**: a table `claim_search` (claim id, weighted `tsvector`, normalised claim text)
  with a GIN index on the vector and a `pg_trgm` GIN index on the text (similar claims). Text
  is normalised by `tracker_search_norm` (unaccent, punctuation to spaces, lower) on both
  sides, document and query, so they always agree; the configuration `tracker_search` stems
  English words (Snowball) and keeps every word (no stop words: "not" matters in a claim).

User text never reaches either query language as syntax: a search is first split into terms
of letters-and-digits tokens (tracker.domain.search_text), and only those tokens are placed,
quoted, into the engine's query.

Relevance (docs/cli.md, "Search"): claims whose own words (text or speaker) match every term
come first, then claims matched through their tags, source or evidence; newest first within
each. Each part is read from the index in id order and stops at the page's end, so a page
costs the same whatever the number of matches; a score such as bm25 has to visit every match
first (250-800 ms for 20k-100k matches at 1M claims; docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from tracker.domain.search_text import Term

if TYPE_CHECKING:
    from tracker.store.writer import Executor

# ------------------------------------------------------------------ SQLite

_TAGS = "(SELECT group_concat(tag, ' ') FROM claim_tag WHERE claim_id = {id})"
_EVIDENCE = ("(SELECT group_concat(source || coalesce(' ' || note, ''), ' ') FROM evidence "
             "WHERE claim_id = {id})")

_SQLITE = (
    ("CREATE VIRTUAL TABLE IF NOT EXISTS claim_fts USING fts5("
     "text, speaker, tags, source, evidence, tokenize = 'porter unicode61 remove_diacritics 2')"),
    ("CREATE TRIGGER IF NOT EXISTS claim_search_insert AFTER INSERT ON claim BEGIN "
     "INSERT INTO claim_fts (rowid, text, speaker, tags, source, evidence) VALUES (NEW.id, NEW.text, "
     f"NEW.speaker, {_TAGS.format(id='NEW.id')}, NEW.source, {_EVIDENCE.format(id='NEW.id')}); END"),
    ("CREATE TRIGGER IF NOT EXISTS claim_search_update AFTER UPDATE OF text, speaker, source ON claim BEGIN "
     "UPDATE claim_fts SET text = NEW.text, speaker = NEW.speaker, source = NEW.source WHERE rowid = NEW.id; END"),
    ("CREATE TRIGGER IF NOT EXISTS claim_search_delete AFTER DELETE ON claim BEGIN "
     "DELETE FROM claim_fts WHERE rowid = OLD.id; END"),
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_search_{op.lower()} AFTER {op} ON {table} BEGIN "
        + "".join(f"UPDATE claim_fts SET {column} = {sub.format(id=row + '.claim_id')} "
                  f"WHERE rowid = {row}.claim_id; " for row in rows)
        + "END"
        for table, column, sub in (("claim_tag", "tags", _TAGS), ("evidence", "evidence", _EVIDENCE))
        for op, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("OLD", "NEW")))
    ),
)

_SQLITE_REBUILD = (
    "DELETE FROM claim_fts",
    ("INSERT INTO claim_fts (rowid, text, speaker, tags, source, evidence) "
     "SELECT c.id, c.text, c.speaker, t.tags, c.source, e.evidence FROM claim AS c "
     "LEFT JOIN (SELECT claim_id, group_concat(tag, ' ') AS tags FROM claim_tag GROUP BY claim_id) AS t "
     "ON t.claim_id = c.id "
     "LEFT JOIN (SELECT claim_id, group_concat(source || coalesce(' ' || note, ''), ' ') AS evidence "
     "FROM evidence GROUP BY claim_id) AS e ON e.claim_id = c.id"),
    "INSERT INTO claim_fts (claim_fts) VALUES ('optimize')",
)

SQLITE_TRIGGERS = tuple(s.split()[5] for s in _SQLITE if s.startswith("CREATE TRIGGER"))
"""The names of the SQLite triggers (a bulk loader drops and re-creates them around its load)."""

# ------------------------------------------------------------------ PostgreSQL

_PG_VECTOR = (
    "setweight(to_tsvector('tracker_search', tracker_search_norm(c.text)), 'A') || "
    "setweight(to_tsvector('tracker_search', tracker_search_norm(c.speaker)), 'B') || "
    "setweight(to_tsvector('tracker_search', tracker_search_norm(concat_ws(' ', {tags}, c.source))), 'C') || "
    "setweight(to_tsvector('tracker_search', tracker_search_norm({evidence})), 'D')"
)

def _pg_terms_function(name: str, join: str) -> str:
    """A PL/pgSQL function turning the terms into one tsquery, each term's phrase joined to the others by
    `join` (``&&``: every term must match; ``||``: any may)."""
    return (
        f"CREATE OR REPLACE FUNCTION {name}(terms text, weights text) RETURNS tsquery "
        "LANGUAGE plpgsql STABLE AS $$ "
        "DECLARE term text; phrase text; one tsquery; result tsquery; "
        "BEGIN "
        "FOREACH term IN ARRAY string_to_array(terms, E'\\n') LOOP "
        "SELECT string_agg('''' || w || ''':' || weights, ' <-> ' ORDER BY n) INTO phrase "
        "FROM unnest(string_to_array(tracker_search_norm(ltrim(term, '*')), ' ')) WITH ORDINALITY AS u (w, n) "
        "WHERE w <> ''; "
        "IF phrase IS NULL THEN CONTINUE; END IF; "
        "IF left(term, 1) = '*' THEN phrase := phrase || '*'; END IF; "
        "one := to_tsquery('tracker_search', phrase); "
        f"result := CASE WHEN result IS NULL THEN one ELSE result {join} one END; "
        "END LOOP; "
        "RETURN result; END $$"
    )


# Terms arrive as one text: a term per line, "*" first when its last word may be a prefix,
# then its tokens separated by spaces. Each token is normalised here exactly as the document
# was, then quoted; a term is a phrase; `weights` restricts where ('AB': the text or the speaker;
# 'ABCD': anywhere; 'A': the claim's text). No letters or digits left: NULL, which matches nothing.
_PG_QUERY = _pg_terms_function("tracker_search_query", "&&")
"""Every term must match (list and report searches)."""
_PG_ANY = _pg_terms_function("tracker_search_any", "||")
"""Any term may match: the candidates of similar claims (tracker.store.lookalike)."""
PG_ANY = _PG_ANY
"""The look-alike query function alone (schema v7 installs it on databases indexed before it existed)."""

_POSTGRES = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    ("DO $$ BEGIN "
     "IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'tracker_english_stem') THEN "
     "CREATE TEXT SEARCH DICTIONARY tracker_english_stem (TEMPLATE = snowball, Language = english); END IF; "
     "IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'tracker_search') THEN "
     "CREATE TEXT SEARCH CONFIGURATION tracker_search (COPY = simple); "
     "ALTER TEXT SEARCH CONFIGURATION tracker_search ALTER MAPPING FOR asciiword, word, numword, asciihword, "
     "hword, numhword, hword_part, hword_asciipart, hword_numpart WITH tracker_english_stem; END IF; "
     "END $$"),
    ("CREATE TABLE IF NOT EXISTS claim_search ("
     "claim_id integer PRIMARY KEY REFERENCES claim (id) ON DELETE CASCADE, "
     "text_norm text NOT NULL, tsv tsvector NOT NULL)"),
    "CREATE INDEX IF NOT EXISTS ix_claim_search_tsv ON claim_search USING gin (tsv)",
    "CREATE INDEX IF NOT EXISTS ix_claim_search_trgm ON claim_search USING gin (text_norm gin_trgm_ops)",
    # The one normalisation, applied to the indexed text and to every query term.
    ("CREATE OR REPLACE FUNCTION tracker_search_norm(t text) RETURNS text LANGUAGE sql STABLE AS $$ "
     "SELECT lower(btrim(regexp_replace(unaccent(coalesce(t, '')), '[[:punct:][:space:][:cntrl:]]+', ' ', 'g'))) "
     "$$"),
    ("CREATE OR REPLACE FUNCTION tracker_search_refresh(cid integer) RETURNS void LANGUAGE plpgsql AS $$ "
     "BEGIN "
     "IF NOT EXISTS (SELECT 1 FROM claim WHERE id = cid) THEN "
     "DELETE FROM claim_search WHERE claim_id = cid; RETURN; END IF; "
     "INSERT INTO claim_search (claim_id, text_norm, tsv) "
     "SELECT c.id, tracker_search_norm(c.text), "
     + _PG_VECTOR.format(
         tags="(SELECT string_agg(tag, ' ') FROM claim_tag WHERE claim_id = cid)",
         evidence="(SELECT string_agg(concat_ws(' ', source, note), ' ') FROM evidence WHERE claim_id = cid)",
     )
     + " FROM claim AS c WHERE c.id = cid "
     "ON CONFLICT (claim_id) DO UPDATE SET text_norm = EXCLUDED.text_norm, tsv = EXCLUDED.tsv; "
     "END $$"),
    ("CREATE OR REPLACE FUNCTION tracker_search_claim_sync() RETURNS trigger LANGUAGE plpgsql AS $$ "
     "BEGIN PERFORM tracker_search_refresh(NEW.id); RETURN NULL; END $$"),
    ("CREATE OR REPLACE FUNCTION tracker_search_child_sync() RETURNS trigger LANGUAGE plpgsql AS $$ "
     "BEGIN "
     "IF TG_OP <> 'INSERT' THEN PERFORM tracker_search_refresh(OLD.claim_id); END IF; "
     "IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.claim_id <> OLD.claim_id) "
     "THEN PERFORM tracker_search_refresh(NEW.claim_id); END IF; "
     "RETURN NULL; END $$"),
    "DROP TRIGGER IF EXISTS claim_search_sync ON claim",
    ("CREATE TRIGGER claim_search_sync AFTER INSERT OR UPDATE OF text, speaker, source ON claim "
     "FOR EACH ROW EXECUTE FUNCTION tracker_search_claim_sync()"),
    "DROP TRIGGER IF EXISTS claim_tag_search_sync ON claim_tag",
    ("CREATE TRIGGER claim_tag_search_sync AFTER INSERT OR UPDATE OR DELETE ON claim_tag "
     "FOR EACH ROW EXECUTE FUNCTION tracker_search_child_sync()"),
    "DROP TRIGGER IF EXISTS evidence_search_sync ON evidence",
    ("CREATE TRIGGER evidence_search_sync AFTER INSERT OR UPDATE OR DELETE ON evidence "
     "FOR EACH ROW EXECUTE FUNCTION tracker_search_child_sync()"),
    _PG_QUERY,
    _PG_ANY,
)

_POSTGRES_REBUILD = (
    "TRUNCATE claim_search",
    ("INSERT INTO claim_search (claim_id, text_norm, tsv) SELECT c.id, tracker_search_norm(c.text), "
     + _PG_VECTOR.format(tags="t.tags", evidence="e.evidence")
     + " FROM claim AS c "
     "LEFT JOIN (SELECT claim_id, string_agg(tag, ' ') AS tags FROM claim_tag GROUP BY claim_id) AS t "
     "ON t.claim_id = c.id "
     "LEFT JOIN (SELECT claim_id, string_agg(concat_ws(' ', source, note), ' ') AS evidence FROM evidence "
     "GROUP BY claim_id) AS e ON e.claim_id = c.id"),
)


def install(conn: Connection) -> None:
    """Create the index and the triggers that keep it in step (idempotent)."""
    for statement in _SQLITE if conn.dialect.name == "sqlite" else _POSTGRES:
        conn.exec_driver_sql(statement)


def rebuild_statements(dialect: str) -> tuple[str, ...]:
    """The SQL that indexes every claim from the tables as they are now."""
    return _SQLITE_REBUILD if dialect == "sqlite" else _POSTGRES_REBUILD


def rebuild(conn: Connection) -> None:
    """Index every claim from the tables as they are now (a migration, or after a bulk load)."""
    for statement in rebuild_statements(conn.dialect.name):
        conn.exec_driver_sql(statement)


# ------------------------------------------------------------------ the conditions

PARTS = ("all", "own", "other")
"""Where every term must match: anywhere; in the claim's own words (text or speaker); anywhere but
not all in its own words (so through tags, source or evidence). Relevance lists "own" first."""


def fts5_query(terms: Sequence[Term], part: str = "all") -> str:
    """FTS5 MATCH text: each term a quoted phrase (its last word a prefix when the term says so).

    Tokens hold letters and digits only, so a quote can never appear inside one."""
    query = " ".join('"' + " ".join(term.tokens) + '"' + ("*" if term.prefix else "") for term in terms)
    own = "{text speaker} : (" + query + ")"
    return {"all": query, "own": own, "other": f"({query}) NOT ({own})"}[part]


def pg_terms(terms: Sequence[Term]) -> str:
    """The text `tracker_search_query` takes: a term per line, "*" first for a prefix, tokens by spaces."""
    return "\n".join(("*" if term.prefix else "") + " ".join(term.tokens) for term in terms)


_FTS = sa.table("claim_fts", sa.column("rowid"))
_PG = sa.table("claim_search", sa.column("claim_id"), sa.column("tsv"))


def _pg_match(terms: Sequence[Term], weights: str) -> sa.ColumnElement[bool]:
    """`tsv @@ (SELECT tracker_search_query(...))`: the query is built once per statement (an InitPlan).

    Called bare, the function is STABLE, so a plan that walks claim_search in id order (a page of a
    search) calls it again for every row it reads, ~25 us each: `list --search reuters` at 1M claims,
    whose own-words part matches nothing and so reads every row, took 24 s; as a subquery, 0.9 s
    (docs/performance.md, "PostgreSQL at scale")."""
    query = sa.select(sa.func.tracker_search_query(pg_terms(terms), weights)).scalar_subquery()
    return _PG.c.tsv.op("@@")(query)


def matching(dialect: str, terms: Sequence[Term]) -> sa.Select[tuple[int]]:
    """SELECT of the ids of the claims every term matches (for IN: counts, and sorts other than id)."""
    if dialect == "sqlite":
        return sa.select(_FTS.c.rowid).where(sa.literal_column("claim_fts").op("MATCH")(fts5_query(terms)))
    return sa.select(_PG.c.claim_id).where(_pg_match(terms, "ABCD"))


Driving = tuple[sa.TableClause, sa.ColumnElement[int], sa.ColumnElement[bool]]
"""(index table, its claim id column, the match condition)."""


def driving(dialect: str, terms: Sequence[Term], part: str = "all") -> Driving:
    """What to join `claim` to so that a page in id order is read from the index in id order and
    stops at its limit: order by the returned id column, not by claim.id (SQLite would sort)."""
    if dialect == "sqlite":
        return _FTS, _FTS.c.rowid, sa.literal_column("claim_fts").op("MATCH")(fts5_query(terms, part))
    if part == "all":
        cond = _pg_match(terms, "ABCD")
    elif part == "own":
        cond = _pg_match(terms, "AB")
    else:
        cond = sa.and_(_pg_match(terms, "ABCD"), sa.not_(_pg_match(terms, "AB")))
    return _PG, _PG.c.claim_id, cond


# ------------------------------------------------------------------ texts that are not rows (as-of views)

Document = tuple[int, str, str, str, str, str]
"""(key, text, speaker, tags, source, evidence) of a claim as it stood: the five parts the index holds."""

_PG_DOCUMENTS = (
    "SELECT c.id FROM unnest(CAST(:ids AS integer[]), CAST(:texts AS text[]), CAST(:speakers AS text[]), "
    "CAST(:tags AS text[]), CAST(:sources AS text[]), CAST(:evidence AS text[])) "
    "AS c (id, text, speaker, tags, source, evidence) WHERE "
    + _PG_VECTOR.format(tags="c.tags", evidence="c.evidence")
    + " @@ (SELECT tracker_search_query(:terms, 'ABCD'))"
)


def matching_documents(executor: Executor, documents: Sequence[Document], terms: Sequence[Term]) -> set[int]:
    """The keys of the documents every term matches, folded and stemmed exactly as the index folds and stems
    (the same tokenizer on SQLite, in a private in-memory FTS5 table; the same functions on PostgreSQL)."""
    if not documents or not terms:
        return set()
    if executor.dialect == "sqlite":
        import sqlite3

        scratch = sqlite3.connect(":memory:")
        try:
            scratch.execute(_SQLITE[0].replace("IF NOT EXISTS claim_fts", "doc"))
            scratch.executemany("INSERT INTO doc (rowid, text, speaker, tags, source, evidence) VALUES (?, ?, ?, ?, ?, ?)",
                                documents)
            return {int(key) for (key,) in scratch.execute("SELECT rowid FROM doc WHERE doc MATCH ?",
                                                           (fts5_query(terms),))}
        finally:
            scratch.close()
    columns = list(zip(*documents, strict=True))
    rows = executor.rows(_PG_DOCUMENTS, {
        "ids": list(columns[0]), "texts": list(columns[1]), "speakers": list(columns[2]), "tags": list(columns[3]),
        "sources": list(columns[4]), "evidence": list(columns[5]), "terms": pg_terms(terms),
    })
    return {int(key) for (key,) in rows}
