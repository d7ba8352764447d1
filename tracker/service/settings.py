"""Use cases for the desk's rule settings (`tracker rules`)."""

from __future__ import annotations

from tracker.domain.rules import RuleSettings
from tracker.service.context import Desk, settings, unit


def rules(desk: Desk) -> RuleSettings:
    """The rule settings every editor and script on this database obeys."""
    path = desk.lite_file()
    if path is not None:  # a plain SQLite file: sqlite3 alone (tracker.store.lite)
        from tracker.store import lite

        with lite.read(path, desk.where) as reader:
            return RuleSettings.from_text(reader.settings())
    with unit(desk, write=False) as session:
        return settings(session)


def set_rule(desk: Desk, key: str, value: str) -> RuleSettings:
    """Change one rule setting (validated), recording who changed it and when."""
    from tracker.store import queries

    with unit(desk, write=True) as session:
        updated = settings(session).updated(key, value)
        queries.save_setting(session, key, updated.as_text()[key], at=desk.now(), actor=desk.actor)
        return updated
