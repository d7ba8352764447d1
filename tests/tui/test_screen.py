"""Views, search, sorting, live refresh, conflicts and safe display on the main screen."""

from __future__ import annotations

import asyncio
import sqlite3
import time

from helpers import running, state
from screen_text import goto, screen_text, settle, type_text

from tui_support import MARKUP, make_desk
from tracker.service.claims import ClaimDraft, EvidenceDraft, add_claim, add_evidence
from tracker.service.moves import apply_trigger
from tracker.tui.dialogs.conflict import ConflictDialog
from tracker.tui.dialogs.reason import ReasonDialog as ReasonModal
from tracker.tui.viewdefs import VIEWS


def listed(pilot) -> list[int]:  # type: ignore[no-untyped-def]
    return [claim.id for claim in pilot.app.main.table.rows_shown]


async def test_view_keys_filter_and_counts_match(desk) -> None:
    expected = {
        "1": [7, 6, 5, 4, 3, 2, 1],
        "2": [7, 6, 4, 3, 2, 1],  # unconfirmed
        "3": [1],  # stale: no activity for more than 24h
        "4": [6],  # due soon (here: already past its deadline, still open)
        "5": [5],
        "6": [],
        "7": [],
    }
    async with running(desk) as pilot:
        bar = screen_text(pilot.app).splitlines()[1]
        for view in VIEWS:
            assert f"{view.key} {view.label} {len(expected[view.key])}" in bar
        for key, ids in expected.items():
            await pilot.press(key)
            await settle(pilot)
            assert listed(pilot) == ids, key
            assert pilot.app.main.view.key == key
        assert "No claims in the Expired view." in screen_text(pilot.app)


async def test_search_filters_text_and_speaker_in_sql(desk) -> None:
    async with running(desk) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "russia", keys=True)
        await settle(pilot)
        assert listed(pilot) == [4, 3, 1]
        bar = screen_text(pilot.app).splitlines()[1]
        assert "1 All 3" in bar and "2 Unconfirmed 3" in bar  # counts follow the search
        await pilot.press("enter")  # back to the table, search kept
        assert pilot.app.focused is pilot.app.main.table
        await pilot.press("slash")  # search again (the old text is selected), by speaker this time
        await type_text(pilot, "TRUMP")
        await settle(pilot)
        assert pilot.app.main.query_one("#search").value == "TRUMP"
        assert listed(pilot) == [2]
        await pilot.press("escape")  # clears the search
        await settle(pilot)
        assert listed(pilot) == [7, 6, 5, 4, 3, 2, 1]
        await pilot.press("slash")
        await type_text(pilot, "100%_")  # LIKE wildcards are taken literally
        await settle(pilot)
        assert listed(pilot) == []
        assert "No claims in All match “100%_”" in screen_text(pilot.app)


async def test_sort_cycles_in_sql(desk) -> None:
    async with running(desk) as pilot:
        await pilot.press("o", "o", "o")  # logged -> last activity -> deadline -> said
        await settle(pilot)
        assert "sorted by said ▼" in screen_text(pilot.app)
        # said: 4 (30 Jan 10:00 Moscow) > 2 (29 Jan 11:30 Washington) > 3 (29 Jan 16:00 Kyiv) > 1; no time: last
        assert listed(pilot)[:4] == [4, 2, 3, 1]
        assert set(listed(pilot)[4:]) == {5, 6, 7}
        await pilot.press("o")
        await settle(pilot)
        assert [c.speaker for c in pilot.app.main.table.rows_shown][:2] == ["Dmitry Peskov", "Donald Trump"]


async def test_markup_and_escapes_in_stored_text_stay_literal(desk, db) -> None:
    with sqlite3.connect(db) as raw:  # written by some other tool, bypassing the input checks
        raw.execute("UPDATE claim SET speaker = ? WHERE id = 1", ("Evil\x1b[2J\x1b]0;pwned\x07Corp",))
    async with running(desk) as pilot:
        await goto(pilot, 7)
        text = screen_text(pilot.app)
        assert "[bold red]ALERT[/] see [link=https://evil.example]this[/link] :warning: $x" in text  # detail
        assert "[bold red]ALERT[/] see [link=" in text.splitlines()[4]  # table row
        assert "[i]Anon[/i]" in text and "[b]wire[/b]" in text
        assert pilot.app.main.current.text == MARKUP
        await goto(pilot, 1)
        text = screen_text(pilot.app)
        assert "\x1b" not in text and "\x07" not in text
        assert "Evil␛[2J␛]0;pwned␇Corp" in text


async def test_live_refresh_picks_up_an_external_change(desk, db) -> None:
    other = make_desk(db, actor="script")
    async with running(desk, poll_interval=0.2) as pilot:
        await goto(pilot, 3)
        add_claim(other, ClaimDraft(text="Breaking: a new claim from a script", speaker="Wire"))
        add_evidence(other, 3, EvidenceDraft("supports", "BBC"))
        started = time.monotonic()
        while 8 not in listed(pilot) or pilot.app.main.target().version < 3:
            assert time.monotonic() - started < 2.5, "no refresh within 2.5 s"
            await asyncio.sleep(0.1)
        await settle(pilot)
        screen = pilot.app.main
        assert screen.target().id == 3  # the cursor stayed on the same claim
        assert screen.target().stances == {"supports": 2}
        assert "2/2 −0" in screen_text(pilot.app)  # two distinct supporting sources of the two needed
        assert "Breaking: a new claim from a script" in screen_text(pilot.app)
        assert "1 All 8" in screen_text(pilot.app)


async def test_conflict_keeps_the_reason_says_what_changed_and_applies_it_to_the_new_state(desk, db) -> None:
    other = make_desk(db, actor="cli-bot")
    async with running(desk) as pilot:
        await goto(pilot, 2)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReasonModal)
        add_evidence(other, 2, EvidenceDraft("supports", "TASS"))  # underneath the open dialog
        await type_text(pilot, "two wires agree")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConflictDialog)
        text = screen_text(pilot.app)
        assert "cli-bot added evidence from TASS" in text
        assert "Nothing was overwritten" in text and "two wires agree" in text  # what was typed is kept
        assert text.count("Nothing was overwritten") == 1
        assert len(state(desk, 2)["history"]) == 4  # no confirm yet
        await pilot.press("y")  # apply the same confirm to the new state
        await settle(pilot)
        assert "Claim #2 confirmed" in screen_text(pilot.app)
    history = state(desk, 2)["history"]
    assert [(e["action"], e["actor"]) for e in history[-2:]] == [("evidence", "cli-bot"), ("confirm", "ed")]
    assert history[-1]["reason"] == "two wires agree"


async def test_conflict_that_makes_the_move_impossible_writes_nothing(desk, db) -> None:
    other = make_desk(db, actor="marcus")
    async with running(desk) as pilot:
        await goto(pilot, 2)
        await pilot.press("c")
        await settle(pilot)
        apply_trigger(other, 2, "contradict", "marcus found a denial", override=True)
        before = state(desk, 2)
        await type_text(pilot, "two wires agree")
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "marcus contradicted (override)" in text
        assert "confirm is not possible now: the claim is contradicted" in text
        assert "Apply confirm" not in text  # only back or cancel
        await pilot.press("b")  # back to the form: the reason is still there
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReasonModal)
        assert pilot.app.screen.query_one("#f-reason").text == "two wires agree"
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.main.target().status.value == "contradicted"  # the new state is shown
    assert state(desk, 2) == before  # no confirm was written over marcus's change


async def test_claim_changed_before_the_dialog_opened_is_said_when_saving(desk, db) -> None:
    other = make_desk(db, actor="marcus")
    async with running(desk) as pilot:
        await goto(pilot, 4)
        add_evidence(other, 4, EvidenceDraft("supports", "Interfax"))  # after the editor looked at it
        await pilot.press("x")
        await settle(pilot)
        await type_text(pilot, "strikes went on")
        await pilot.press("enter")
        await settle(pilot)
        assert "marcus added evidence from Interfax" in screen_text(pilot.app)
        await pilot.press("y")
        await settle(pilot)
    history = state(desk, 4)["history"]
    assert [(e["action"], e["actor"]) for e in history[-2:]] == [("evidence", "marcus"), ("contradict", "ed")]
