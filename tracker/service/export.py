"""`export`: the whole history as JSON lines - a header, then every event verbatim, oldest first.

The header carries the export format, the schema version, the rule settings, the number of
events and the chain head. Each event line is the event as stored: its uuid (`event`), the
claim's (`uuid`), action, time (UTC ISO 8601 with offset, to the microsecond), actor, from/to
status, reason, override, payload (times in it UTC ISO too, `said_tz` naming the zone a said
time was reported in) and hash. `tracker apply` of the lines into an empty database rebuilds
the same claims, evidence, tags, history, settings and hash chain (tracker.service.importing).

The lines are written as text, not built as dicts: the payload is already JSON in the
database and is copied as it is (docs/performance.md: export against raw sqlite3).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tracker.domain.display import inert_json, inert_json_text
from tracker.domain.rules import RuleSettings
from tracker.service.context import Desk, settings, unit
from tracker.service.importing import FORMAT, HEADER_KEY

_text = json.JSONEncoder(ensure_ascii=False).encode


def _quoted(value: str | None) -> str:
    return "null" if value is None else f'"{value}"'


def export_text(desk: Desk, *, batch: int = 5000) -> Iterator[str]:
    """Yield the header and one line per event (no newline), read in one transaction.

    On a plain SQLite file the transaction is sqlite3's alone (tracker.store.lite), so a cold export
    pays no SQLAlchemy start-up."""
    path = desk.lite_file()
    if path is not None:
        from tracker.store import lite, sqltext

        with lite.read(path, desk.where) as reader:
            count, head = reader.chain_head()
            yield _header(sqltext.SCHEMA_VERSION, RuleSettings.from_text(reader.settings()), count, head)
            yield from _lines(reader.event_rows(batch=batch))
        return
    from tracker.store import queries
    from tracker.store.migrations import LATEST

    with unit(desk, write=False) as session:
        count, head = queries.chain_head(session)
        yield _header(LATEST, settings(session), count, head)
        yield from _lines(queries.event_rows(session, batch=batch))


def _header(schema: int, rules: RuleSettings, count: int, head: str | None) -> str:
    return inert_json({HEADER_KEY: FORMAT, "schema_version": schema, "settings": rules.as_text(),
                       "events": count, "head": head})


def _lines(batches: Iterator[list[tuple[Any, ...]]]) -> Iterator[str]:
    """Each event as its export line; bidi, invisible and C1 characters leave as \\u escapes (the same data)."""
    text = _text
    for rows in batches:
        for uuid, action, claim, at, actor, before, after, reason, override, payload, digest in rows:
            yield inert_json_text(f'{{"event":"{uuid}","action":{text(action)},"uuid":{_quoted(claim)},'
                   f'"at":"{at[:10]}T{at[11:26]}+00:00",'
                   f'"actor":{text(actor)},"from":{_quoted(before)},"to":{_quoted(after)},'
                   f'"reason":{"null" if reason is None else text(reason)},'
                   f'"override":{"true" if override else "false"},"payload":{payload},"hash":"{digest}"}}')
