"""Each editor action, done with the keyboard, changes the database and its history exactly as the CLI does."""

from __future__ import annotations

from helpers import running, state, status
from screen_text import goto, screen_text, settle, type_text

from tui_support import ACTOR, make_desk
from tracker.tui.app import commands
from tracker.tui.dialogs.reason import ReasonDialog as ReasonModal
from tracker.tui.dialogs.refusal import RefusalDialog as RefusalModal


async def _reason(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(pilot.app.screen, ReasonModal), type(pilot.app.screen)
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def test_confirm_with_enough_evidence_matches_cli(desk, db, twin, cli) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 2)
        await pilot.press("c")
        await settle(pilot)
        await _reason(pilot, "Reuters and Kyiv Independent agree")
        assert "Claim #2 confirmed" in screen_text(pilot.app)
        assert pilot.app.main.target().status.value == "confirmed"
    code, _ = cli(twin, "confirm", "2", "--reason", "Reuters and Kyiv Independent agree", "--json")
    assert code == 0
    after = state(desk, 2)
    assert after["history"][-1] == state(make_desk(twin), 2)["history"][-1]
    assert after == state(make_desk(twin), 2)
    last = after["history"][-1]
    assert (last["action"], last["from"], last["to"], last["actor"], last["override"]) == (
        "confirm", "unconfirmed", "confirmed", ACTOR, False)


async def test_refused_confirm_shows_rule_and_changes_nothing(desk) -> None:
    before = state(desk, 3)
    async with running(desk) as pilot:
        await goto(pilot, 3)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RefusalModal)
        text = screen_text(pilot.app)
        assert "confirm needs supporting evidence from 2 distinct sources; claim 3 has 1" in text
        assert "Override" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, RefusalModal)
    assert state(desk, 3) == before


async def test_override_asks_a_reason_and_is_recorded(desk, twin, cli) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 3)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReasonModal)
        assert "Overriding the rule" in screen_text(pilot.app)
        await _reason(pilot, "ministry data is authoritative")
        assert "override recorded" in screen_text(pilot.app)
    code, _ = cli(twin, "confirm", "3", "--reason", "ministry data is authoritative", "--override", "--json")
    assert code == 0
    after = state(desk, 3)
    assert after == state(make_desk(twin), 3)
    last = after["history"][-1]
    assert last["override"] is True and last["to"] == "confirmed"
    assert last["detail"]["overridden"] == "confirm needs supporting evidence from 2 distinct sources; claim 3 has 1"


async def test_reason_is_required(desk) -> None:
    before = state(desk, 2)
    async with running(desk) as pilot:
        await goto(pilot, 2)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReasonModal)
        assert "A reason is required." in screen_text(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
    assert state(desk, 2) == before


async def test_contradict_matches_cli(desk, twin, cli) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 4)
        await pilot.press("x")
        await settle(pilot)
        await _reason(pilot, "ISW maps show strikes")
    assert cli(twin, "contradict", "4", "--reason", "ISW maps show strikes")[0] == 0
    assert state(desk, 4) == state(make_desk(twin), 4)
    assert status(desk, 4) == "contradicted"


async def test_expire_matches_cli(desk, twin, cli) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 6)
        await pilot.press("e")
        await settle(pilot)
        await _reason(pilot, "the week is over")
    assert cli(twin, "expire", "6", "--reason", "the week is over")[0] == 0
    assert state(desk, 6) == state(make_desk(twin), 6)
    assert status(desk, 6) == "expired"


async def test_reopen_matches_cli(desk, twin, cli) -> None:
    async with running(desk) as pilot:
        await pilot.press("5")  # the Confirmed view
        await settle(pilot)
        await goto(pilot, 5)
        await pilot.press("r")
        await settle(pilot)
        assert "New deadline" in screen_text(pilot.app)  # reopen asks until when
        await type_text(pilot, "new casualty figures")
        await pilot.press("enter")  # to the deadline
        await _reason(pilot, "+3d")
        # it left the Confirmed view, which is now empty
        assert [c.id for c in pilot.app.main.table.rows_shown] == []
    assert cli(twin, "reopen", "5", "--reason", "new casualty figures", "--expires", "+3d")[0] == 0
    assert state(desk, 5) == state(make_desk(twin), 5)
    assert status(desk, 5) == "unconfirmed"


async def test_add_claim_matches_cli(desk, twin, cli) -> None:
    async with running(desk) as pilot:
        await pilot.press("a")
        await settle(pilot)
        for value in ["Zelensky says talks moved to Abu Dhabi", "Volodymyr Zelensky", "2026-01-30 09:00 Kyiv time",
                      "AP", "https://apnews.com/z", "+2d", "talks, abu-dhabi", "marcus"]:
            await type_text(pilot, value)
            await pilot.press("enter")  # next field; saves on the last
        await settle(pilot)
        assert "Claim #8 added" in screen_text(pilot.app)
        assert pilot.app.main.target().id == 8
    code, _ = cli(twin, "add", "Zelensky says talks moved to Abu Dhabi", "--speaker", "Volodymyr Zelensky",
                  "--said-at", "2026-01-30 09:00 Kyiv time", "--source", "AP", "--url", "https://apnews.com/z",
                  "--expires", "+2d", "--tag", "talks", "--tag", "abu-dhabi", "--assignee", "marcus", "--json")
    assert code == 0
    mine, theirs = state(desk, 8), state(make_desk(twin), 8)
    assert mine["claim"].pop("uuid") != theirs["claim"].pop("uuid")  # each claim gets its own
    assert mine == theirs
    assert mine["claim"]["said_tz"] == "Europe/Kyiv" and mine["claim"]["tags"] == ["abu-dhabi", "talks"]


async def test_add_claim_with_bad_input_keeps_the_form_and_adds_nothing(desk) -> None:
    async with running(desk) as pilot:
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "A claim with no speaker")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(pilot.app)
        form = pilot.app.screen
        # the message is under the field at fault, in words, and the cursor is there
        assert str(form.query_one("#e-speaker").content) == "Speaker must not be empty"
        assert "Speaker must not be empty" in text and "speaker must" not in text
        assert pilot.app.focused is form.query_one("#f-speaker")
        assert "A claim with no speaker" in text  # what was typed is kept
        await pilot.press("escape")
        await settle(pilot)
        assert len(pilot.app.main.table.rows_shown) == 7


async def test_add_evidence_matches_cli(desk, twin, cli) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 3)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("down")  # stance: contradicts
        await pilot.press("tab")
        for value in ["ISW", "https://understandingwar.org/a", "fewer drones counted"]:
            await type_text(pilot, value)
            await pilot.press("enter")
        await settle(pilot)
        assert "evidence added (contradicts, ISW)" in screen_text(pilot.app)
    code, _ = cli(twin, "evidence", "3", "--stance", "contradicts", "--source", "ISW",
                  "--url", "https://understandingwar.org/a", "--note", "fewer drones counted")
    assert code == 0
    assert state(desk, 3) == state(make_desk(twin), 3)


async def test_assign_matches_cli(desk, twin, cli) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 4)
        await pilot.press("s")
        await settle(pilot)
        await type_text(pilot, "marcus")
        await pilot.press("enter")
        await settle(pilot)
        assert "Claim #4 assigned to marcus" in screen_text(pilot.app)
        assert "marcus" in screen_text(pilot.app)
    assert cli(twin, "assign", "4", "marcus")[0] == 0
    assert state(desk, 4) == state(make_desk(twin), 4)


async def test_only_the_triggers_the_rules_allow_are_offered(desk) -> None:
    async with running(desk) as pilot:
        screen = pilot.app.main
        await goto(pilot, 5)  # confirmed: contradict, expire, reopen
        footer = screen_text(pilot.app).splitlines()[-1]
        assert "Reopen" in footer and "Contradict" in footer and "Confirm " not in footer
        assert screen.check_action("trigger", ("confirm",)) is False
        titles = {command.title for command in commands(screen)}
        assert {"claim: reopen", "claim: contradict", "claim: expire", "claim: evidence"} <= titles
        assert "claim: confirm" not in titles
        await pilot.press("c")
        await settle(pilot)
        assert pilot.app.screen is screen  # nothing offered, nothing opened
        await goto(pilot, 2)  # unconfirmed: no reopen
        footer = screen_text(pilot.app).splitlines()[-1]
        assert "Confirm" in footer and "Reopen" not in footer
        assert "claim: reopen" not in {command.title for command in commands(screen)}


async def test_command_palette_runs_claim_commands(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 2)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "claim: confirm")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReasonModal)
        assert pilot.app.screen.trigger == "confirm"
