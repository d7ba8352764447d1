"""Running the app under Pilot the way the CLI runs it (same factory), and reading the database back."""

from __future__ import annotations

from contextlib import asynccontextmanager
from collections.abc import AsyncIterator

from textual.pilot import Pilot

from screen_text import settle
from tracker.service.context import Desk
from tracker.service.reading import history, show
from tracker.tui.app import make_app

SIZE = (120, 36)


@asynccontextmanager
async def running(desk: Desk, *, poll_interval: float = 0.0, page_size: int = 100) -> AsyncIterator[Pilot]:
    """The app on `desk`, started and with its first page on screen."""
    app = make_app(desk, poll_interval=poll_interval, page_size=page_size)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.main.loads >= 1
        yield pilot


def state(desk: Desk, claim_id: int) -> dict:
    """A claim and its history as JSON (what `tracker show/history --json` print)."""
    claim, events = history(desk, claim_id)
    shown = claim.to_json()
    for item in shown["evidence"]:
        item.pop("uuid")  # new on every database, like event uuids
    history_json = []
    for event in events:
        data = event.to_json()
        data.pop("uuid")
        data["payload"].get("evidence", {}).pop("uuid", None)
        history_json.append(data)
    return {"claim": shown, "history": history_json}


def status(desk: Desk, claim_id: int) -> str:
    return show(desk, claim_id).status.value
