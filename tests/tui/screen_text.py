"""The screen of a running app as plain text (what an editor would read), for assertions."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App
from textual.worker import WorkerCancelled


def screen_text(app: App) -> str:
    """Every line of the current screen (modals over the screens below them), without styles."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def settle(pilot, rounds: int = 3) -> None:  # type: ignore[no-untyped-def]
    """Let the loads and detail fetches in flight finish and their results reach the widgets.

    Action workers (group "act") wait on dialogs, so they are not waited for.
    """
    app = pilot.app
    for _ in range(rounds):
        busy = [w for w in app.workers if w.group != "act" and not w.is_finished]
        if busy:
            try:
                await app.workers.wait_for_complete(busy)
            except WorkerCancelled:  # a newer request superseded it (exclusive workers): expected
                pass
        await pilot.pause(0.06)


async def goto(pilot, claim_id: int) -> None:  # type: ignore[no-untyped-def]
    """Move the table cursor to claim `claim_id` with the arrow keys, as an editor would."""
    screen = pilot.app.main
    table = screen.table
    ids = [c.id for c in table.rows_shown]
    assert claim_id in ids, f"claim {claim_id} is not listed ({ids})"
    target = ids.index(claim_id)
    key = "down" if target > table.cursor_row else "up"
    for _ in range(abs(target - table.cursor_row)):
        await pilot.press(key)
    await settle(pilot)
    assert screen.target() is not None and screen.target().id == claim_id


async def type_text(pilot, text: str, *, keys: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Enter `text` into whatever has focus: pasted in one go (fast), or key by key with `keys`."""
    if keys:
        await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])
        return
    from textual import events

    focused = pilot.app.focused
    assert focused is not None, "nothing has focus to type into"
    focused.post_message(events.Paste(text))
    await pilot.pause()
