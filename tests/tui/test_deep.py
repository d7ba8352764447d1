"""A long list: the cursor keeps its claim deep in it, End and Home reach its ends, a refresh reads only
the rows on hand, and an id is never cut (the id column is as wide as the largest id)."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest
from helpers import running
from screen_text import screen_text, settle

from tui_support import NOW, Clock, make_desk
from tracker.service.batch import apply_lines
from tracker.service.claims import EvidenceDraft, add_evidence
from tracker.service.settings import set_rule
from tracker.store.migrations import upgrade
from tracker.tui.window import KEEP

COUNT = 1200


@pytest.fixture(scope="module")
def long_db(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("long") / "long.db"
    desk = make_desk(path, clock=Clock(NOW))
    upgrade(desk.engine)
    set_rule(desk, "default_expiry", "none")
    lines = [json.dumps({"action": "add", "text": f"claim number {n}", "speaker": f"speaker {n % 13}",
                         "at": (NOW - timedelta(minutes=COUNT - n)).isoformat()}) for n in range(1, COUNT + 1)]
    assert all(result.ok for result in apply_lines(desk, lines))
    desk.engine.dispose()
    return path


@pytest.fixture
def long_copy(long_db, tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "long.db"
    with sqlite3.connect(long_db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


async def _until(pilot, check) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):
        if check():
            return
        await settle(pilot, rounds=1)
    raise AssertionError("never happened")


async def test_end_and_home_reach_the_ends_and_a_refresh_keeps_the_claim(long_copy) -> None:
    desk = make_desk(long_copy)
    async with running(desk) as pilot:
        screen = pilot.app.main
        table = screen.table
        await pilot.press("end")
        await _until(pilot, lambda: screen.target() is not None and screen.target().id == 1)
        assert table.on_hand.at_bottom and len(table.rows_shown) <= KEEP
        for _ in range(15):  # up through the rows on hand and beyond: pages are read above
            await pilot.press(*["up"] * 10)
            await settle(pilot)
        here = screen.target()
        assert here is not None and here.id == 151
        assert len(table.rows_shown) <= KEEP
        add_evidence(make_desk(long_copy, actor="cli-bot"), 140, EvidenceDraft("supports", "TASS"))
        reads = screen.loads
        screen.reload()  # what an outside write, F5 or the clock does
        await _until(pilot, lambda: screen.loads > reads)
        assert screen.target().id == 151  # the cursor stayed on its claim
        assert len(table.rows_shown) <= KEEP  # only the rows on hand were read again
        assert "cli-bot added evidence from TASS to #140" in screen_text(pilot.app)
        await pilot.press("home")
        await _until(pilot, lambda: screen.target() is not None and screen.target().id == COUNT)
        assert table.on_hand.at_top


async def test_an_id_is_never_cut(long_copy) -> None:
    with sqlite3.connect(long_copy) as raw:  # ids as a big desk has them: #100000 and #10000 both exist
        columns = [row[1] for row in raw.execute("PRAGMA table_info(claim)") if row[1] not in ("id", "uuid")]
        names = ", ".join(columns)
        for new in (100000, 10000):
            raw.execute(f"INSERT INTO claim (id, uuid, {names}) SELECT ?, ?, {names} FROM claim WHERE id = ?",
                        (new, f"00000000-0000-4000-8000-{new:012d}", COUNT))
    desk = make_desk(long_copy)
    async with running(desk) as pilot:
        for size in ((80, 24), (200, 50)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            rows = [line.split() for line in screen_text(pilot.app).splitlines()]
            ids = [cells[0] for cells in rows if cells and cells[0].isdigit() and "claim" in cells]
            assert ids[:3] == ["100000", "10000", "1200"], (size, ids[:3])
