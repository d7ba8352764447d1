"""Intake in the TUI: an article (a file or pasted text) to logged claims with the keyboard alone."""

from __future__ import annotations

from pathlib import Path

from helpers import running
from screen_text import screen_text, settle, type_text

from tracker.service.reading import ListQuery, list_claims
from tracker.tui.intake import IntakeScreen
from tracker.tui.app import commands
from tracker.tui.dialogs.claim_form import ClaimForm

SEED = Path(__file__).resolve().parents[2] / "seeds" / "article.txt"


def _claims(desk) -> list:  # type: ignore[no-untyped-def]
    return list(list_claims(desk, ListQuery(limit=500)))


async def _open_with_seed(pilot) -> IntakeScreen:  # type: ignore[no-untyped-def]
    await pilot.press("i")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, IntakeScreen)
    await type_text(pilot, str(SEED))                      # File
    await pilot.press("tab", "tab")                        # Source, Published
    await type_text(pilot, "2026-01-30 07:00 Kyiv time")
    await pilot.press("ctrl+r")
    await settle(pilot)
    assert screen.review is not None and len(screen.review.items) >= 16
    return screen


async def test_accept_edit_reject_then_add_in_one_go(desk) -> None:
    before = len(_claims(desk))
    async with running(desk) as pilot:
        screen = await _open_with_seed(pilot)
        text = screen_text(pilot.app)
        assert "Donald Trump" in text and "28 proposed" in text
        assert pilot.app.screen.query_one("#source").value == "AP"          # prefilled from the credit line
        first = screen.review.items[0].proposal
        assert "agreed not to target the Ukrainian capital" in first.statement
        await pilot.press("enter")                                          # accept 1
        await pilot.press("enter")                                          # accept 2
        await pilot.press("x")                                              # reject 3
        await pilot.press("e")                                              # edit 4 in the claim form
        await settle(pilot)
        assert isinstance(pilot.app.screen, ClaimForm)
        assert pilot.app.screen.query_one("#f-speaker").value == screen.review.items[3].proposal.speaker
        await pilot.press(*["tab"] * 6)                                     # to Tags
        await type_text(pilot, "ceasefire")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.review.counts() == f"{len(screen.review.items)} proposed · 3 accepted · 1 rejected"
        rejected, edited_text = screen.review.items[2].values["text"], screen.review.items[3].values["text"]
        await pilot.press("ctrl+s")                                         # add the accepted ones
        await settle(pilot)
        assert pilot.app.screen is pilot.app.main
        assert "3 claims added from the article" in screen_text(pilot.app)
    rows = _claims(desk)
    assert len(rows) == before + 3
    added = {r.text: r for r in rows[: 3]} if rows[0].id > rows[-1].id else {r.text: r for r in rows[-3:]}
    lead = next(r for r in added.values() if "agreed not to target" in r.text)
    assert lead.speaker == "Donald Trump" and lead.said_tz == "America/New_York"
    assert lead.said_at.isoformat() == "2026-01-29T05:00:00+00:00"  # Thursday, a day kept as its start in New York
    assert lead.expires_at is not None and lead.expires_at.isoformat() == "2026-02-05T05:00:00+00:00"
    edited = next(r for r in added.values() if r.tags)
    assert list(edited.tags) == ["ceasefire"] and edited.text == edited_text
    assert rejected not in added                                            # the rejected one is not logged


async def test_a_bad_edit_adds_nothing_and_says_which(desk) -> None:
    before = len(_claims(desk))
    async with running(desk) as pilot:
        screen = await _open_with_seed(pilot)
        await pilot.press("enter")                                          # accept 1
        await pilot.press("e")                                              # edit 2
        await settle(pilot)
        await pilot.press("tab", "tab", "end", "ctrl+u")                    # Said at, cleared
        await type_text(pilot, "in the year of the dragon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen                                   # still here, nothing lost
        assert "Nothing was added: claim 2 of 2" in screen_text(pilot.app)
        assert len(screen.review.accepted()) == 2
    assert len(_claims(desk)) == before


async def test_pasted_text_and_prefilled_source(desk) -> None:
    story = ("LONDON, March 3 (Reuters) - Britain's transport minister, Ruth Ellis, said on Monday that the "
             "Thames crossing would reopen within 10 days.\n"
             "\"The repairs are ahead of schedule,\" Ellis told reporters.\n")
    async with running(desk) as pilot:
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", "tab")                       # past File, Source, Published, URL
        await type_text(pilot, story)
        await pilot.press("ctrl+r")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, IntakeScreen) and screen.review is not None
        assert [i.proposal.speaker for i in screen.review.items] == ["Ruth Ellis", "Ruth Ellis"]
        assert screen.query_one("#source").value == "Reuters"
        assert "within 10 days" in screen_text(pilot.app)
        await pilot.press("escape")                                         # back, nothing added
        await settle(pilot)
        assert pilot.app.screen is pilot.app.main


async def test_unreadable_file_is_one_line_on_the_screen(desk, tmp_path: Path) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    async with running(desk) as pilot:
        await pilot.press("i")
        await settle(pilot)
        await type_text(pilot, str(binary))
        await pilot.press("enter")
        await settle(pilot)
        assert "looks like binary data" in screen_text(pilot.app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Nothing accepted yet" in screen_text(pilot.app)


async def test_the_palette_offers_intake(desk) -> None:
    async with running(desk) as pilot:
        titles = [command.title for command in commands(pilot.app.main)]
        assert "claim: intake from article…" in titles
