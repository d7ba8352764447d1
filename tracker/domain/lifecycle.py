"""The shared `transitions` Machine built from the rule table, and `fire`, the one way to move a claim.

One Machine is built at import time with `model=None` and `auto_transitions=False`.
`bound()` adds one small plain adapter (never a SQLModel row) to it and removes it again in
`finally` (see ../shared/GUIDE.md); the adapter carries one claim's state and facts at a
time, so a batch (the sweep) binds once for many claims. `fire` is one claim's binding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from transitions import Machine, MachineError

from tracker.domain.errors import InvalidInput, Refused
from tracker.domain.guards import GUARDS, ClaimFacts
from tracker.domain.rules import RULES_BY_TRIGGER, Rule, RuleSettings, machine_transitions
from tracker.domain.status import Status


class _Subject:
    """What the Machine drives: holds the state, the facts, and answers the guards."""

    trigger: Callable[[str], bool]
    """Added by the Machine when the subject is bound (`add_model`): fire a trigger by name."""

    def __init__(self, settings: RuleSettings, override: bool) -> None:
        self.state = Status.UNCONFIRMED.value
        self.facts: ClaimFacts | None = None
        self.settings = settings
        self.override = override
        self.refusal: str | None = None
        self.overridden: str | None = None

    def load(self, facts: ClaimFacts) -> None:
        """Carry this claim's state and facts into the next trigger."""
        self.state, self.facts = facts.status.value, facts
        self.refusal = self.overridden = None

    def passes(self, guard: str) -> bool:
        assert self.facts is not None
        message = GUARDS[guard](self.facts, self.settings)
        if message is None:
            return True
        if self.override:
            self.overridden = message
            return True
        self.refusal = message
        return False


def _guard_method(guard: str) -> Callable[[_Subject], bool]:
    def check(self: _Subject) -> bool:
        return self.passes(guard)

    check.__name__ = guard
    return check


for _guard in GUARDS:
    setattr(_Subject, _guard, _guard_method(_guard))

MACHINE = Machine(
    model=None,
    states=[status.value for status in Status],
    transitions=machine_transitions(),
    initial=Status.UNCONFIRMED.value,
    auto_transitions=False,
    send_event=False,
)
"""The one Machine every transition in the process goes through."""


def _rule(trigger: str) -> Rule:
    rule = RULES_BY_TRIGGER.get(trigger)
    if rule is None:
        known = ", ".join(RULES_BY_TRIGGER)
        raise InvalidInput(f"unknown trigger {trigger!r} (known: {known})")
    return rule


def _wrong_state(rule: Rule, facts: ClaimFacts) -> str:
    allowed = " or ".join(s.value for s in rule.sources)
    return (
        f"cannot {rule.trigger} claim {facts.claim_id}: it is {facts.status.value} "
        f"({rule.trigger} is allowed from {allowed})"
    )


class Bound:
    """The shared Machine with one adapter bound to it; `fire` moves one claim at a time."""

    def __init__(self, subject: _Subject) -> None:
        self._subject = subject

    def fire(self, trigger: str, facts: ClaimFacts, *, reason: str,
             override: bool | None = None) -> tuple[Status, str | None]:
        """Apply `trigger` to a claim and return (new status, guard message that was overridden or None).

        `override`, when given, replaces the binding's override flag for this call (a batch binds
        once and lines differ). Raises InvalidInput for an unknown trigger or an empty reason, and
        Refused when the from-state rule (never overridable) or a guard (overridable) says no.
        """
        rule = _rule(trigger)
        if not reason or not reason.strip():
            raise InvalidInput(f"{trigger} needs a reason: say why (it is recorded in the history)")
        subject = self._subject
        if override is not None:
            subject.override = override
        subject.load(facts)
        try:
            moved = subject.trigger(trigger)
        except MachineError:
            raise Refused(_wrong_state(rule, facts), rule="from-state") from None
        if not moved:
            raise Refused(subject.refusal or f"{trigger} refused", rule=rule.guard or trigger, overridable=True)
        return Status(subject.state), subject.overridden


@contextmanager
def bound(settings: RuleSettings, *, override: bool = False) -> Iterator[Bound]:
    """Bind one adapter to the shared Machine for a block; it is always removed again."""
    subject = _Subject(settings, override)
    MACHINE.add_model(subject, initial=subject.state)
    try:
        yield Bound(subject)
    finally:
        MACHINE.remove_model(subject)


def fire(
    trigger: str,
    facts: ClaimFacts,
    settings: RuleSettings,
    *,
    reason: str,
    override: bool = False,
) -> tuple[Status, str | None]:
    """Apply `trigger` to one claim (see `Bound.fire`): the one way a claim moves."""
    with bound(settings, override=override) as machine:
        return machine.fire(trigger, facts, reason=reason)


def check(trigger: str, facts: ClaimFacts, settings: RuleSettings) -> str | None:
    """The refusal `fire` would give without override, or None if it would pass (no state change)."""
    rule = _rule(trigger)
    if facts.status not in rule.sources:
        return _wrong_state(rule, facts)
    if rule.guard is None:
        return None
    return GUARDS[rule.guard](facts, settings)
