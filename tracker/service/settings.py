"""Use cases for the desk's rule settings (`tracker rules`); a change of one is an event too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.domain.rules import RuleSettings
from tracker.service.context import Desk, settings, unit


@dataclass(frozen=True, slots=True)
class SettingChange:
    """Who last set a rule setting, and when (settings never set keep their default and have none)."""

    at: datetime
    by: str


def rules_with_changes(desk: Desk) -> tuple[RuleSettings, dict[str, SettingChange]]:
    """The rule settings, and for each one set on this database who set it last and when (one transaction)."""
    path = desk.lite_file()
    if path is not None:  # a plain SQLite file: sqlite3 alone (tracker.store.lite)
        from tracker.store import lite

        with lite.read(path, desk.where) as reader:
            changes = {key: SettingChange(at, by) for key, (at, by) in reader.setting_changes().items()}
            return RuleSettings.from_text(reader.settings()), changes
    from tracker.store import queries

    with unit(desk, write=False) as session:
        changes = {key: SettingChange(at, by) for key, (at, by) in queries.setting_changes(session).items()}
        return settings(session), changes


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
    """Change one rule setting (validated): a `rules` event with no claim, recording who changed it,
    when, and from what. Setting the value it already has records nothing."""
    from tracker.domain.events import SETTING_ACTION
    from tracker.service.step import Step
    from tracker.store import queries

    with unit(desk, write=True) as session:
        step = Step.open(session, desk)
        updated = step.settings.updated(key, value)
        before = queries.stored_settings(session).get(key)
        after = updated.as_text()[key]
        if before != after:
            step.write(step.change(SETTING_ACTION, None, payload={"setting": {"key": key, "from": before,
                                                                              "to": after}}))
        return updated
