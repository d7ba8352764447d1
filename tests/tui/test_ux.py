"""What a new verification editor needs to see and do: distinct sources against the rule, why a move is refused,
who changed a claim last, evidence added from the refusal, and a screen that works by keyboard at any size."""

from __future__ import annotations

import io

from rich.console import Console

from helpers import running, state
from screen_text import goto, screen_text, settle, type_text

from tui_support import make_desk
from tracker.tui.app import commands
from tracker.service.claims import EvidenceDraft, add_evidence
from tracker.tui.detail import DetailPane
from tracker.tui.dialogs.help import HelpScreen
from tracker.tui.keybar import KeyBar
from tracker.tui.keys import KEYS_BY_ID
from tracker.tui.dialogs.evidence_form import EvidenceForm
from tracker.tui.dialogs.reason import ReasonDialog as ReasonModal
from tracker.tui.dialogs.refusal import RefusalDialog as RefusalModal
from tracker.tui.table import ClaimTable


def detail_text(app) -> str:  # type: ignore[no-untyped-def]
    """The whole detail pane as plain text (all of it, not only the part scrolled into view)."""
    console = Console(width=118, file=io.StringIO(), record=True)
    console.print(app.main.detail.query_one("#detail-body").content)
    return console.export_text()


def detail_text_of(widget) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=96, file=io.StringIO(), record=True)
    console.print(widget.content)
    return console.export_text()


def _row(text: str, claim_id: int) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(f"{claim_id} "))


async def test_sources_column_counts_distinct_sources_not_items(desk, db) -> None:
    # claim 3 gets a second supporting item from the same outlet, spelled differently: still one source
    add_evidence(make_desk(db, actor="marcus"), 3, EvidenceDraft("supports", "The Kyiv  Independent"))
    async with running(desk) as pilot:
        text = screen_text(pilot.app)
        assert "sources" in text
        assert "1/2 −0" in _row(text, 3)  # two supporting items, one distinct source, two needed
        assert "2/2 −0" in _row(text, 2)
        assert "0/2 −1" in _row(text, 4)
        await goto(pilot, 3)
        text = detail_text(pilot.app)
        assert "Supporting sources 1 of 2 needed: Kyiv Independent (2 items, one source)" in text
        assert "✗ confirm needs supporting evidence from 2 distinct sources; claim 3 has 1" in text
        assert "not offered while unconfirmed: reopen" in text
        palette = {c.title: c.help for c in commands(pilot.app.main)}
        assert palette["claim: confirm"].startswith("#3: refused now (confirm needs supporting evidence")
        await goto(pilot, 2)
        assert "✓ allowed → confirmed" in detail_text(pilot.app)


async def test_refused_confirm_offers_evidence_then_confirms_without_override(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 3)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RefusalModal)
        text = screen_text(pilot.app)
        assert "Supporting evidence so far: Kyiv Independent (1 item)" in text
        assert "Add evidence… (v)" in text and "Override… (o)" in text
        await pilot.press("v")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, EvidenceForm)
        assert form.query_one("#stance").pressed_button.id == "stance-supports"
        await pilot.press("enter")  # stance -> source
        await type_text(pilot, "Reuters")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReasonModal)  # the rule is met now: straight to the reason
        assert "Overriding" not in screen_text(pilot.app)
        await type_text(pilot, "Reuters and Kyiv Independent agree")
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.main.target().status.value == "confirmed"
    history = state(desk, 3)["history"]
    assert [(e["action"], e["override"]) for e in history[-2:]] == [("evidence", False), ("confirm", False)]
    assert history[-2]["detail"]["source"] == "Reuters"


async def test_refusal_cancelled_changes_nothing(desk) -> None:
    before = state(desk, 3)
    async with running(desk) as pilot:
        await goto(pilot, 3)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("escape")  # the evidence form: cancelled, so no confirm either
        await settle(pilot)
        assert pilot.app.screen is pilot.app.main
    assert state(desk, 3) == before


async def test_detail_shows_who_changed_it_last_and_the_time_left(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 5)
        text = detail_text(pilot.app)
        assert "Logged       Fri 2026-01-30 09:00 EET by olena" in text
        assert "by olena: confirm → confirmed" in text
        assert "left)" in text
        await goto(pilot, 6)
        assert "(overdue by 2h)" in detail_text(pilot.app)


async def test_tab_goes_detail_and_back_to_the_table_and_question_mark_lists_keys(desk) -> None:
    async with running(desk) as pilot:
        app = pilot.app
        await pilot.press("tab")
        assert isinstance(app.focused, DetailPane)
        await pilot.press("tab")
        assert isinstance(app.focused, ClaimTable)  # not the search box: Tab toggles list and detail
        await pilot.press("tab", "shift+tab")
        assert isinstance(app.focused, ClaimTable)


async def test_help_lists_the_apps_keys_grouped_and_scrolls_with_the_keyboard(desk) -> None:
    async with running(desk) as pilot:
        app = pilot.app
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        footer = app.main.query_one(KeyBar).shown()
        palette = [c.title for c in commands(app.main)]
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body")
        assert app.focused is body  # it takes focus, so the keys scroll it
        whole = detail_text_of(app.screen.query_one("#help-keys"))
        headings = ["Move", "Act on the highlighted claim", "Views", "Search and sort", "App", "In dialogs"]
        assert [whole.index(h) for h in headings] == sorted(whole.index(h) for h in headings)
        assert "Cursor left" not in whole and "Page Left" not in whole  # the table's own keys are not the app's
        for line in ("c   ", "E   ", "Space", "m   ", "O   ", "End G", "Home g", "Ctrl+P"):
            assert line in whole, line
        # the same table as the footer and the palette: every key they show is explained here
        for key_id in footer:
            assert KEYS_BY_ID[key_id].label in whole, key_id
        for title in palette:
            assert title.split(": ")[1].capitalize() in whole or title.split(": ")[1] in whole.lower(), title
        assert "Close the help" not in screen_text(app)  # below the fold at 24 rows...
        await pilot.press("end")
        await settle(pilot)
        assert body.scroll_y > 0 and "Close the help" in screen_text(app)  # ...reached with the keyboard
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main


async def test_cursor_lands_on_the_named_claim_when_a_refresh_overtakes_it(desk) -> None:
    async with running(desk) as pilot:
        screen = pilot.app.main
        await goto(pilot, 5)
        screen.reload(keep_id=2)  # say, the claim just added
        screen.reload()  # the live refresh noticing the same commit, before the first reload landed
        await settle(pilot)
        assert screen.target().id == 2


async def test_narrow_terminal_shows_every_view_and_the_deciding_columns(desk) -> None:
    async with running(desk) as pilot:
        app = pilot.app
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        text = screen_text(app)
        head = text.splitlines()[1]
        assert "1 All 7" in head and "7 Exp 0" in head
        header = next(line for line in text.splitlines() if "status" in line and "claim" in line)
        assert "deadline" in header and "sources" in header and "age" not in header
        assert all(len(line.rstrip()) <= 80 for line in text.splitlines())
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        text = screen_text(app)
        assert "7 Expired 0" in text.splitlines()[1]
        assert " age " in next(line for line in text.splitlines() if "status" in line and "claim" in line)
