"""Editing a claim (E, "claim: edit") and acting on marked claims (Space), through the keyboard.

An edit is one `edit` event of exactly the fields the editor changed, the same event `tracker edit`
writes; marked claims go through the bulk use case `tracker bulk` uses, one reason for all.
"""

from __future__ import annotations

from helpers import running, state
from screen_text import goto, screen_text, settle
from test_bursts import burst, until

from tui_support import make_desk
from tracker.service.claims import EvidenceDraft, add_evidence
from tracker.tui.app import commands
from tracker.tui.dialogs.edit_form import EditForm


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The notifications on screen now, whole (the screen wraps them)."""
    return [str(n.message) for n in app._notifications]


async def test_edit_prefills_and_saves_one_edit_event_like_the_cli(desk, twin, cli) -> None:
    before = state(desk, 3)
    async with running(desk) as pilot:
        await goto(pilot, 3)
        burst(pilot.app, "E")
        await until(pilot, lambda: isinstance(pilot.app.screen, EditForm))
        text = screen_text(pilot.app)
        assert "Edit claim #3" in text and "Mykhailo Fedorov" in text and "6000 drones" in text
        # text kept; speaker replaced; said time, source, url, deadline kept; one tag added; the reason
        burst(pilot.app, "<enter>", "<ctrl+u>", "Mykhailo Fedorov (minister)", "<enter>", "<enter>",
              "Ukrinform", "<enter>", "<enter>", "<enter>", "drones", "<enter>", "speaker title", "<enter>")
        await until(pilot, lambda: "Claim #3 edited" in notices(pilot.app))
    code, _ = cli(twin, "edit", "3", "--speaker", "Mykhailo Fedorov (minister)", "--source", "Ukrinform",
                  "--tag", "drones", "--reason", "speaker title", "--json")
    assert code == 0
    after = state(desk, 3)
    assert len(after["history"]) == len(before["history"]) + 1
    last = after["history"][-1]
    assert last["action"] == "edit"
    assert set(last["payload"]["changes"]) == {"speaker", "source", "tags"}
    assert after["claim"]["said_at"] == before["claim"]["said_at"]
    assert after["claim"]["expires_at"] == before["claim"]["expires_at"]
    assert after == state(make_desk(twin), 3)


async def test_edit_with_nothing_changed_writes_nothing(desk) -> None:
    before = state(desk, 2)
    async with running(desk) as pilot:
        await goto(pilot, 2)
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "nothing was changed" in screen_text(pilot.app)
    assert state(desk, 2) == before


async def test_edit_refused_value_stays_at_the_field_and_a_conflict_keeps_the_typing(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 4)
        await pilot.press("E")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, EditForm)
        form.query_one("#f-speaker").value = ""
        form.query_one("#f-reason").insert("clear the speaker")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, EditForm)
        assert "Speaker" in screen_text(pilot.app) and "speaker:" not in screen_text(pilot.app)
        # someone else changes the claim meanwhile; the edit is then offered again on the new state
        pilot.app.screen.query_one("#f-speaker").value = "Peskov"
        add_evidence(make_desk(desk.where, actor="cli-bot"), 4, EvidenceDraft("supports", "TASS"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "cli-bot added evidence" in text and "TASS" in text
        await pilot.press("y")
        await settle(pilot)
        await until(pilot, lambda: state(desk, 4)["claim"]["speaker"] == "Peskov")
    last = state(desk, 4)["history"][-1]
    assert last["action"] == "edit" and last["actor"] == "ed" and last["payload"]["changes"]["speaker"]["to"] == "Peskov"


async def test_the_palette_offers_claim_edit(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 2)
        assert "claim: edit" in [c.title for c in commands(pilot.app.main)]


async def test_marked_claims_confirm_through_bulk_with_one_reason_and_a_summary(desk) -> None:
    async with running(desk) as pilot:
        for claim in (2, 3):
            await goto(pilot, claim)
            await pilot.press("space")
            await settle(pilot)
        assert pilot.app.main.marked == {2, 3}
        burst(pilot.app, "c", "desk check", "<enter>")
        await until(pilot, lambda: any(n.startswith("Confirmed 1 of 2") for n in notices(pilot.app)))
        said = notices(pilot.app)
        assert "Confirmed 1 of 2 marked claims. Not changed (still marked): #3: confirm needs supporting evidence " \
               "from 2 distinct sources; claim 3 has 1" in said
        assert pilot.app.main.marked == {3}  # the refused one stays marked
    two, three = state(desk, 2), state(desk, 3)
    assert two["history"][-1]["reason"] == "desk check" and three["claim"]["status"] == "unconfirmed"


async def test_mine_assigns_the_highlighted_claim_and_the_marked_ones(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 4)
        await pilot.press("m")
        await until(pilot, lambda: "Claim #4 assigned to ed" in notices(pilot.app))
        for claim in (1, 3):
            await goto(pilot, claim)
            await pilot.press("space")
        await pilot.press("m")  # one key for all of them too
        await until(pilot, lambda: "Assigned 2 of 2 marked claims." in notices(pilot.app))
    assert state(desk, 3)["claim"]["assignee"] == "ed"
    assert state(desk, 3)["history"][-1]["action"] == "assign"
