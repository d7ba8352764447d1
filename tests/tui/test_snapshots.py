"""Snapshots (pytest-textual-snapshot) of the main screen, the detail pane and the reason dialog.

Deterministic: fixed clock, fixed uuids, a database file always named desk.db, 120x36.
Review every SVG before accepting it with `--snapshot-update`.
"""

from __future__ import annotations

from screen_text import goto, settle
from textual.widgets import Input

from tui_support import make_desk
from tracker.tui.app import make_app

SIZE = (120, 36)


def test_main_screen(db, snap_compare) -> None:
    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)

    assert snap_compare(make_app(make_desk(db), poll_interval=0), terminal_size=SIZE, run_before=ready)


def test_detail_pane_with_evidence_and_history(db, snap_compare) -> None:
    async def on_claim(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("5")  # Confirmed view
        await settle(pilot)
        await goto(pilot, 5)
        await pilot.press("tab")  # into the detail pane
        await pilot.press("end")  # scrolled to the history
        await settle(pilot)

    assert snap_compare(make_app(make_desk(db), poll_interval=0), terminal_size=SIZE, run_before=on_claim)


def test_reason_dialog(db, snap_compare) -> None:
    async def dialog(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await goto(pilot, 2)
        await pilot.press("c")
        await settle(pilot)
        # The reason field's cursor blinks on a timer: whether a snapshot caught it lit was a race
        # (the placeholder drawn as "why?" or as a lit "w" + "hy?"). A steady cursor is drawn lit.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await settle(pilot)

    assert snap_compare(make_app(make_desk(db), poll_interval=0), terminal_size=SIZE, run_before=dialog)


def test_refusal_dialog(db, snap_compare) -> None:
    async def refused(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await goto(pilot, 3)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(make_app(make_desk(db), poll_interval=0), terminal_size=SIZE, run_before=refused)
