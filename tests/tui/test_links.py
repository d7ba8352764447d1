"""Linking a claim as a duplicate from the keyboard (L, "claim: link"): the form starts on the best claim
that reads like it, the link is the same `link` event `tracker link` writes, and the detail pane then
tells the story from both ends ("duplicate of #8", "1 duplicate: #9")."""

from __future__ import annotations

from helpers import running, state
from screen_text import goto, screen_text, settle
from test_bursts import burst, until
from test_ux import detail_text_of

from tracker.service.claims import ClaimDraft, add_claim
from tracker.tui.app import commands
from tracker.tui.dialogs.link_form import LinkForm


def _detail(pilot) -> str:  # type: ignore[no-untyped-def]
    return " ".join(detail_text_of(pilot.app.main.query_one("#detail-body")).split())


async def test_link_starts_on_the_best_look_alike_and_both_ends_say_so(desk) -> None:
    copy = add_claim(desk, ClaimDraft(text="Putin agreed not to strike Kyiv and other cities for one week.",
                                      speaker="Donald Trump"))
    async with running(desk) as pilot:
        await goto(pilot, copy.id)
        await settle(pilot)
        burst(pilot.app, "L")
        await until(pilot, lambda: isinstance(pilot.app.screen, LinkForm))
        form = pilot.app.screen
        assert isinstance(form, LinkForm)
        primary = int(form.values["primary"])
        assert primary != copy.id and f"#{primary}" in _detail_of_reads_like(desk, copy.id)
        burst(pilot.app, "<enter>", "the same pause, reworded", "<ctrl+s>")  # typed in one go, saved after it
        await until(pilot, lambda: any("is a duplicate of" in n for n in _notices(pilot.app)))
        await settle(pilot)
        assert f"duplicate of #{primary}" in _detail(pilot)
        await goto(pilot, primary)
        await settle(pilot)
        assert f"1 duplicate: #{copy.id}" in _detail(pilot)
    linked = state(desk, copy.id)
    assert linked["claim"]["duplicate_of"] == primary
    last = linked["history"][-1]
    assert last["action"] == "link" and last["reason"] == "the same pause, reworded"


async def test_a_bad_primary_is_said_at_the_field_and_nothing_is_linked(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 3)
        burst(pilot.app, "L")
        await until(pilot, lambda: isinstance(pilot.app.screen, LinkForm))
        burst(pilot.app, "<ctrl+u>", "#3", "<enter>", "same", "<ctrl+s>")  # itself
        await until(pilot, lambda: isinstance(pilot.app.screen, LinkForm) and pilot.app.screen.error is not None)
        assert "itself" in screen_text(pilot.app) or "own" in screen_text(pilot.app)
    assert state(desk, 3)["claim"]["duplicate_of"] is None


async def test_the_palette_offers_claim_link(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 2)
        assert "claim: link…" in [c.title for c in commands(pilot.app.main)]


def _notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


def _detail_of_reads_like(desk, claim_id: int) -> str:  # type: ignore[no-untyped-def]
    from tracker.service.similar import similar_to_claim

    return " ".join(f"#{m.id}" for m in similar_to_claim(desk, claim_id))
