"""The pure lifecycle: the rule table, the guards, the shared Machine, fire() and check().

Every cell of the 4 triggers x 4 states table is exercised: allowed, refused by the
from-state rule (never overridable), refused by a guard, and overridden.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from tracker.domain import lifecycle
from tracker.domain.errors import ExitCode, InvalidInput, Refused
from tracker.domain.guards import ClaimFacts, source_key
from tracker.domain.lifecycle import MACHINE, check, fire
from tracker.domain.rules import RULES, RULES_BY_TRIGGER, TRIGGERS, RuleSettings, triggers_from
from tracker.domain.status import Status

NOW = datetime(2026, 1, 30, 12, 0, tzinfo=UTC)
U, C, X, E = Status.UNCONFIRMED, Status.CONFIRMED, Status.CONTRADICTED, Status.EXPIRED

# The table from issue 2, written out independently of tracker.domain.rules.
EXPECTED: dict[str, tuple[set[Status], Status]] = {
    "confirm": ({U}, C),
    "contradict": ({U, C}, X),
    "expire": ({U, C}, E),
    "reopen": ({C, X, E}, U),
}
GUARDED = {"confirm", "contradict", "expire"}
CELLS = list(itertools.product(EXPECTED, list(Status)))


def facts(status: Status, *, sources: tuple[str, ...] = (), contradictions: int = 0,
          expires_at: datetime | None = None, now: datetime = NOW, claim_id: int = 7) -> ClaimFacts:
    return ClaimFacts(
        claim_id=claim_id,
        status=status,
        supporting_sources=frozenset(source_key(s) for s in sources),
        contradictions=contradictions,
        expires_at=expires_at,
        now=now,
    )


def passing(status: Status) -> ClaimFacts:
    """Facts that satisfy every guard."""
    return facts(status, sources=("AP", "Reuters"), contradictions=1, expires_at=NOW - timedelta(hours=1))


def failing(status: Status) -> ClaimFacts:
    """Facts that fail every guard (one supporting source, no contradiction, deadline in the future)."""
    return facts(status, sources=("AP",), contradictions=0, expires_at=NOW + timedelta(days=1))


SETTINGS = RuleSettings()


def test_rule_table_matches_the_issue() -> None:
    assert TRIGGERS == ("confirm", "contradict", "expire", "reopen")
    for trigger, (sources, dest) in EXPECTED.items():
        rule = RULES_BY_TRIGGER[trigger]
        assert set(rule.sources) == sources
        assert rule.dest == dest
        assert (rule.guard is not None) == (trigger in GUARDED)
    assert len(RULES) == 4


@pytest.mark.parametrize("status", list(Status))
def test_triggers_from(status: Status) -> None:
    assert set(triggers_from(status)) == {t for t, (src, _) in EXPECTED.items() if status in src}


@pytest.mark.parametrize(("trigger", "status"), CELLS)
def test_cell_allowed_or_refused_by_from_state(trigger: str, status: Status) -> None:
    sources, dest = EXPECTED[trigger]
    if status in sources:
        new, overridden = fire(trigger, passing(status), SETTINGS, reason="checked")
        assert new == dest
        assert overridden is None
        assert check(trigger, passing(status), SETTINGS) is None
    else:
        for override in (False, True):
            with pytest.raises(Refused) as info:
                fire(trigger, passing(status), SETTINGS, reason="checked", override=override)
            err = info.value
            assert err.rule == "from-state"
            assert err.overridable is False
            assert err.exit_code == ExitCode.REFUSED == 4
            assert f"cannot {trigger} claim 7: it is {status.value}" in err.message
        message = check(trigger, passing(status), SETTINGS)
        assert message is not None and f"it is {status.value}" in message
    assert not MACHINE.models


@pytest.mark.parametrize(("trigger", "status"),
                         [(t, s) for t, s in CELLS if t in GUARDED and s in EXPECTED[t][0]])
def test_cell_refused_by_guard_then_overridden(trigger: str, status: Status) -> None:
    with pytest.raises(Refused) as info:
        fire(trigger, failing(status), SETTINGS, reason="checked")
    err = info.value
    assert err.overridable is True
    assert err.rule == RULES_BY_TRIGGER[trigger].guard
    assert err.message.startswith(trigger)
    assert "claim 7" in err.message
    assert check(trigger, failing(status), SETTINGS) == err.message

    new, overridden = fire(trigger, failing(status), SETTINGS, reason="editor's call", override=True)
    assert new == EXPECTED[trigger][1]
    assert overridden == err.message
    assert not MACHINE.models


@pytest.mark.parametrize("status", [C, X, E])
def test_reopen_has_no_guard(status: Status) -> None:
    # Even the worst facts pass: reopen has no guard, so override changes nothing.
    for override in (False, True):
        assert fire("reopen", failing(status), SETTINGS, reason="new info", override=override) == (U, None)


def test_two_source_message_names_the_rule() -> None:
    with pytest.raises(Refused) as info:
        fire("confirm", facts(U, sources=("AP",)), SETTINGS, reason="x")
    assert info.value.message == "confirm needs supporting evidence from 2 distinct sources; claim 7 has 1"
    assert info.value.rule == "enough_support"


def test_two_source_rule_counts_distinct_sources() -> None:
    same = facts(U, sources=("AP", "ap", "  AP  ", "The AP", "the  ap", "THE\tAP"))
    assert len(same.supporting_sources) == 1
    with pytest.raises(Refused, match=r"has 1$"):
        fire("confirm", same, SETTINGS, reason="x")
    assert source_key("The  Telegraph") == source_key("telegraph") == "telegraph"
    assert source_key("Theatre Weekly") == "theatre weekly"  # 'the' only as a whole word
    two = facts(U, sources=("The Telegraph", "telegraph", "Reuters"))
    assert fire("confirm", two, SETTINGS, reason="x") == (C, None)


def test_confirm_sources_setting_changes_n() -> None:
    three = SETTINGS.updated("confirm_sources", "3")
    two_sources = facts(U, sources=("AP", "Reuters"))
    with pytest.raises(Refused) as info:
        fire("confirm", two_sources, three, reason="x")
    assert info.value.message == "confirm needs supporting evidence from 3 distinct sources; claim 7 has 2"
    assert fire("confirm", facts(U, sources=("AP", "Reuters", "AFP")), three, reason="x")[0] == C
    one = SETTINGS.updated("confirm_sources", "1")
    assert fire("confirm", facts(U, sources=("AP",)), one, reason="x")[0] == C
    with pytest.raises(Refused, match="from 1 distinct source; claim 7 has 0"):
        fire("confirm", facts(U), one, reason="x")


@pytest.mark.parametrize("bad", ["0", "21", "two", "-1", "1.5"])
def test_confirm_sources_setting_is_checked(bad: str) -> None:
    with pytest.raises(InvalidInput, match="confirm_sources"):
        SETTINGS.updated("confirm_sources", bad)


def test_contradict_guard_message() -> None:
    with pytest.raises(Refused) as info:
        fire("contradict", facts(C), SETTINGS, reason="x")
    assert "contradict needs at least one contradicting evidence item" in info.value.message
    assert info.value.rule == "has_contradiction"


def test_expire_guard_needs_a_deadline_that_has_passed() -> None:
    with pytest.raises(Refused, match="expire needs a deadline; claim 7 has no expires_at"):
        fire("expire", facts(U), SETTINGS, reason="x")
    with pytest.raises(Refused, match="expire needs the deadline to have passed"):
        fire("expire", facts(U, expires_at=NOW + timedelta(seconds=1)), SETTINGS, reason="x")
    # A deadline equal to now has passed.
    assert fire("expire", facts(U, expires_at=NOW), SETTINGS, reason="x")[0] == E


@pytest.mark.parametrize("trigger", TRIGGERS)
@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_every_trigger_needs_a_reason(trigger: str, reason: str) -> None:
    status = next(iter(EXPECTED[trigger][0]))
    with pytest.raises(InvalidInput) as info:
        fire(trigger, passing(status), SETTINGS, reason=reason)
    assert info.value.exit_code == ExitCode.USAGE == 2
    assert "reason" in info.value.message
    assert not MACHINE.models


def test_unknown_trigger_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="unknown trigger 'to_expired'"):
        fire("to_expired", passing(U), SETTINGS, reason="x")


def test_auto_transitions_are_off() -> None:
    assert MACHINE.auto_transitions is False
    with lifecycle.bound(SETTINGS) as machine:
        subject = machine._subject
        assert subject in MACHINE.models
        for status in Status:
            assert not hasattr(subject, f"to_{status.value}")
        assert set(MACHINE.get_triggers("unconfirmed")) == {"confirm", "contradict", "expire"}
        assert set(MACHINE.get_triggers("expired")) == {"reopen"}
    assert MACHINE.models == []


def test_machine_has_no_models_left_after_many_calls_and_errors() -> None:
    before = list(MACHINE.models)
    for trigger, status in CELLS * 5:
        for make in (passing, failing):
            for override in (False, True):
                try:
                    fire(trigger, make(status), SETTINGS, reason="r", override=override)
                except Refused:
                    pass
        try:
            fire(trigger, passing(status), SETTINGS, reason="")
        except InvalidInput:
            pass
    assert MACHINE.models == before == []


def test_fire_does_not_touch_the_facts() -> None:
    f = passing(U)
    fire("confirm", f, SETTINGS, reason="x")
    assert f.status == U


def test_check_never_changes_state_and_has_no_override() -> None:
    f = failing(U)
    assert check("confirm", f, SETTINGS) is not None
    assert check("reopen", f, SETTINGS) is not None  # from-state: unconfirmed cannot reopen
    assert not MACHINE.models


def test_machine_is_left_clean_when_a_guard_blows_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.domain import guards

    def broken(facts: ClaimFacts, settings: RuleSettings) -> str | None:
        raise RuntimeError("guard bug")

    monkeypatch.setitem(guards.GUARDS, "enough_support", broken)
    with pytest.raises(RuntimeError, match="guard bug"):
        fire("confirm", passing(U), SETTINGS, reason="x")
    assert MACHINE.models == []
    monkeypatch.undo()
    assert fire("confirm", passing(U), SETTINGS, reason="x") == (C, None)
