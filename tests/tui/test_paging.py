"""Keyset paging: pages join up exactly (every sort, both directions, NULLs last), and the table loads
more rows as the cursor nears the end instead of loading everything."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from helpers import running
from screen_text import settle

from tui_support import NOW, Clock, make_desk
from tracker.service.batch import apply_lines
from tracker.service.reading import SORT_ATTRS, ListQuery, list_claims, page
from tracker.service.settings import set_rule
from tracker.store.migrations import upgrade

COUNT = 230


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """230 claims with ties and NULLs in every sort column (speaker, said_at, expires_at repeat)."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    desk = make_desk(path, clock=Clock(NOW))
    upgrade(desk.engine)
    set_rule(desk, "default_expiry", "none")
    lines = []
    for n in range(COUNT):
        line = {"action": "add", "text": f"claim number {n}", "speaker": f"speaker {n % 7}",
                "at": (NOW - timedelta(hours=n % 11)).isoformat()}
        if n % 3:
            line["said_at"] = (NOW - timedelta(hours=11 + n % 5)).isoformat()  # said before it was logged
        if n % 4:
            line["expires_at"] = (NOW + timedelta(days=n % 6 + 1)).isoformat()
        lines.append(json.dumps(line))
    assert all(result.ok for result in apply_lines(desk, lines))
    return path


@pytest.mark.parametrize("sort", sorted(SORT_ATTRS))
@pytest.mark.parametrize("descending", [True, False])
def test_pages_join_up_like_one_big_list(big, sort: str, descending: bool) -> None:
    desk = make_desk(big)
    whole = [c.id for c in list_claims(desk, ListQuery(sort=sort, descending=descending, limit=COUNT + 10))]
    query = ListQuery(sort=sort, descending=descending, limit=17)
    seen: list[int] = []
    after = None
    while True:
        got = page(desk, query, after)
        seen += [c.id for c in got.rows]
        if got.after is None:
            break
        after = got.after
    assert seen == whole
    assert len(seen) == COUNT


async def test_table_loads_more_as_the_cursor_nears_the_end(big) -> None:
    desk = make_desk(big)
    async with running(desk, page_size=50) as pilot:
        table = pilot.app.main.table
        assert len(table.rows_shown) == 50  # one page, not all 230
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(pilot)
        assert len(table.rows_shown) == 100
        await pilot.press("end")  # the list's last rows, read from its end (not every page before them)
        await settle(pilot)
        assert [c.id for c in table.rows_shown] == list(range(50, 0, -1))
        assert pilot.app.main.target().id == 1
        await pilot.press("up")
        await settle(pilot)
        assert pilot.app.main.target().id == 2
        await pilot.press("home")
        await settle(pilot)
        assert [c.id for c in table.rows_shown] == list(range(COUNT, COUNT - 50, -1))
        assert pilot.app.main.target().id == COUNT


@pytest.mark.parametrize("search", [None, "speaker 3", "claim number 1", "nothing like this"])
def test_one_pass_tally_counts_like_view_counts(big, search: str | None) -> None:
    from tracker.service.reading import tally_views, view_counts

    desk = make_desk(big, clock=Clock(NOW + timedelta(hours=30)))
    query = ListQuery(search=search)
    assert tally_views(desk, query) == view_counts(desk, query)


@pytest.mark.parametrize("sort", sorted(SORT_ATTRS))
@pytest.mark.parametrize("descending", [True, False])
def test_windows_are_slices_of_the_one_big_list(big, sort: str, descending: bool) -> None:
    """From the end backwards, and around any row: the same rows, in the same order, as the whole list."""
    from tracker.service.reading import END, cursor_of, window

    desk = make_desk(big)
    whole = list_claims(desk, ListQuery(sort=sort, descending=descending, limit=COUNT + 10))
    ids = [c.id for c in whole]
    query = ListQuery(sort=sort, descending=descending)
    last = window(desk, query, END, before=40)
    assert [c.id for c in last.rows] == ids[-40:] and last.at_bottom and not last.at_top
    for index in (0, 1, 17, 100, COUNT - 2, COUNT - 1):
        got = window(desk, query, cursor_of(whole[index], sort), before=25, after=30)
        start = max(0, index - 25)
        assert [c.id for c in got.rows] == ids[start:index + 30], index
        assert got.anchor_index == index - start
        assert got.at_top == (index <= 25) and got.at_bottom == (index + 30 >= COUNT)
    top = window(desk, query, None, after=50)
    assert [c.id for c in top.rows] == ids[:50] and top.at_top and not top.at_bottom


def test_status_sorts_in_workflow_order(big, tmp_path) -> None:
    import sqlite3

    from tracker.service.reading import window

    with sqlite3.connect(big) as source, sqlite3.connect(tmp_path / "copy.db") as target:
        source.backup(target)
    desk = make_desk(tmp_path / "copy.db")
    lines = [json.dumps({"action": t, "id": n, "reason": "r", "override": True})
             for n, t in ((3, "confirm"), (4, "contradict"), (5, "expire"), (6, "confirm"))]
    assert all(result.ok for result in apply_lines(desk, lines))
    rows = window(desk, ListQuery(sort="status", descending=False), None, after=COUNT).rows
    order = [c.status.value for c in rows]
    firsts = [order.index(s) for s in ("unconfirmed", "confirmed", "contradicted", "expired")]
    assert firsts == sorted(firsts)
    assert order == sorted(order, key=["unconfirmed", "confirmed", "contradicted", "expired"].index)
