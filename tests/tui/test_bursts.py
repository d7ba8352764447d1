"""Keys typed in one burst (a paste of keystrokes, a fast typist, a laggy SSH link), from the key that
opens a dialog to the Enter that saves it: everything typed is saved, in the field it was typed in.

The keys are posted to the app all at once, before any of them is processed, as a terminal delivers a
burst. (The old forms bound Enter with priority, which saved before the typed keys arrived.)
"""

from __future__ import annotations

from textual import events

from helpers import running, state
from screen_text import goto, screen_text, settle

from tui_support import make_desk
from tracker.service.claims import EvidenceDraft, add_evidence

NAMES = {" ": "space", "/": "slash", "-": "minus", "+": "plus", ",": "comma", ":": "colon", ".": "full_stop"}


def burst(app, *parts: str) -> None:  # type: ignore[no-untyped-def]
    """Post every key of `parts` at once: each part is typed text, or a key name in angle brackets (<enter>)."""
    for part in parts:
        if part.startswith("<") and part.endswith(">") and len(part) > 2:
            app.post_message(events.Key(part[1:-1], None))
            continue
        for ch in part:
            app.post_message(events.Key(NAMES.get(ch, ch), ch))


async def until(pilot, check, limit: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app work until `check()` holds (the save runs in a worker the settle helper does not wait for)."""
    import time

    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < limit, "not saved in time"
        await pilot.pause(0.05)
    await settle(pilot)


async def test_assign_burst_saves_the_name_typed(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 4)
        burst(pilot.app, "s", "abc", "<enter>")
        await until(pilot, lambda: state(desk, 4)["claim"]["assignee"] is not None)
    assert state(desk, 4)["claim"]["assignee"] == "abc"


async def test_assign_burst_replacing_a_name(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 2)  # assigned to olena
        burst(pilot.app, "s", "<ctrl+u>", "editor1", "<enter>")
        await until(pilot, lambda: state(desk, 2)["claim"]["assignee"] != "olena")
    assert state(desk, 2)["claim"]["assignee"] == "editor1"


async def test_add_claim_burst_fills_every_field_in_order(desk) -> None:
    async with running(desk) as pilot:
        burst(pilot.app, "a", "Metro open all night", "<enter>", "Vitali Klitschko", "<enter>", "-2h", "<enter>",
              "Suspilne", "<enter>", "<enter>", "+2d", "<enter>", "kyiv metro", "<enter>", "marcus", "<enter>")
        await until(pilot, lambda: 8 in [c.id for c in pilot.app.main.table.rows_shown])
        assert "Claim #8 added" in screen_text(pilot.app)
    claim = state(desk, 8)["claim"]
    assert (claim["text"], claim["speaker"], claim["source"], claim["tags"], claim["assignee"]) == (
        "Metro open all night", "Vitali Klitschko", "Suspilne", ["kyiv", "metro"], "marcus")
    assert claim["said_at"] == "2026-01-30T10:00:00+00:00" and claim["expires_at"] == "2026-02-01T12:00:00+00:00"


async def test_evidence_burst_with_stance_and_note(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 3)
        burst(pilot.app, "v", "<down>", "<enter>", "ISW", "<enter>", "<enter>", "fewer drones counted", "<enter>")
        await until(pilot, lambda: len(state(desk, 3)["claim"]["evidence"]) == 2)
    item = state(desk, 3)["claim"]["evidence"][-1]
    assert (item["stance"], item["source"], item["note"]) == ("contradicts", "ISW", "fewer drones counted")


async def test_reason_burst_saves_the_reason(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 4)
        burst(pilot.app, "x", "ISW maps show strikes", "<enter>")
        await until(pilot, lambda: state(desk, 4)["claim"]["status"] != "unconfirmed")
    last = state(desk, 4)["history"][-1]
    assert (last["action"], last["reason"]) == ("contradict", "ISW maps show strikes")


async def test_reopen_burst_saves_reason_and_deadline(desk) -> None:
    async with running(desk) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await goto(pilot, 5)
        burst(pilot.app, "r", "new figures", "<enter>", "+5d", "<enter>")
        await until(pilot, lambda: state(desk, 5)["claim"]["status"] != "confirmed")
    after = state(desk, 5)
    assert after["claim"]["status"] == "unconfirmed" and after["history"][-1]["reason"] == "new figures"
    assert after["claim"]["expires_at"] == "2026-02-04T12:00:00+00:00"


async def test_refusal_override_burst_saves_the_reason(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 3)
        await settle(pilot)  # the detail is loaded: the refusal is judged from it, no read needed
        burst(pilot.app, "c", "o", "ministry data", "<enter>")
        await until(pilot, lambda: state(desk, 3)["claim"]["status"] != "unconfirmed")
    last = state(desk, 3)["history"][-1]
    assert (last["action"], last["override"], last["reason"]) == ("confirm", True, "ministry data")


async def test_conflict_retry_burst(desk, db) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 2)
        burst(pilot.app, "c", "agreed")
        await settle(pilot)
        add_evidence(make_desk(db, actor="cli-bot"), 2, EvidenceDraft("supports", "TASS"))
        burst(pilot.app, "<enter>")
        await settle(pilot)
        burst(pilot.app, "y")
        await until(pilot, lambda: state(desk, 2)["claim"]["status"] != "unconfirmed")
    last = state(desk, 2)["history"][-1]
    assert (last["action"], last["reason"]) == ("confirm", "agreed")


async def test_a_key_after_the_saving_enter_goes_to_the_list_not_the_field(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 4)
        burst(pilot.app, "s", "abc", "<enter>", "j")
        await until(pilot, lambda: state(desk, 4)["claim"]["assignee"] is not None)
        assert pilot.app.screen is pilot.app.main
    assert state(desk, 4)["claim"]["assignee"] == "abc"


async def test_search_burst_types_into_the_search_box(desk) -> None:
    # "/" and the words after it in one burst: the words were already on their way to the list, where "e"
    # opened the expire dialog (found in a tmux walk of the demo); they are typed into the search box.
    before = state(desk, 4)
    async with running(desk) as pilot:
        burst(pilot.app, "/", "expire claim")
        await until(pilot, lambda: pilot.app.screen.search_text == "expire claim")
        assert pilot.app.screen.query_one("#search").value == "expire claim"
        assert type(pilot.app.screen).__name__ == "MainScreen"
    assert state(desk, 4) == before
