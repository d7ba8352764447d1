"""Use cases for the desk's rule settings (`tracker rules`); a change of one is an event too."""

from __future__ import annotations

from tracker.domain.events import SETTING_ACTION
from tracker.domain.rules import RuleSettings
from tracker.service.context import Desk, settings, unit
from tracker.service.step import Step
from tracker.store import queries


def rules(desk: Desk) -> RuleSettings:
    """The rule settings every editor and script on this database obeys."""
    with unit(desk, write=False) as session:
        return settings(session)


def set_rule(desk: Desk, key: str, value: str) -> RuleSettings:
    """Change one rule setting (validated): a `rules` event with no claim, recording who changed it,
    when, and from what. Setting the value it already has records nothing."""
    with unit(desk, write=True) as session:
        step = Step.open(session, desk)
        updated = step.settings.updated(key, value)
        before = queries.stored_settings(session).get(key)
        after = updated.as_text()[key]
        if before != after:
            step.write(step.change(SETTING_ACTION, None, payload={"setting": {"key": key, "from": before,
                                                                              "to": after}}))
        return updated
