"""A shift as a new editor meets it: times with weekday and desk zone, a footer and dialogs that fit 80x24,
long text on several lines, a speaker column that uses the width, others' changes flashed and named,
sorting both ways with status in workflow order."""

from __future__ import annotations

from helpers import running, state
from screen_text import goto, screen_text, settle, type_text
from test_bursts import burst, until
from test_ux import detail_text_of
from textual.widgets import Button

from tui_support import make_desk
from tracker.domain.status import WORKFLOW_RANK
from tracker.service.claims import ClaimDraft, add_claim
from tracker.service.moves import apply_trigger
from tracker.tui.app import commands
from tracker.tui.dialogs.claim_form import ClaimForm
from tracker.tui.dialogs.edit_form import EditForm
from tracker.tui.dialogs.evidence_form import EvidenceForm
from tracker.tui.dialogs.refusal import RefusalDialog
from tracker.tui.keybar import KeyBar


async def test_times_carry_the_weekday_and_the_desk_zone_in_palette_dialog_and_history(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 2)  # deadline Fri 2026-02-06 09:00 EET, six days ahead
        await settle(pilot)
        expire = next(c for c in commands(pilot.app.main) if c.title == "claim: expire")
        assert "claim 2 expires at Fri 2026-02-06 09:00 EET" in expire.help
        assert "+00:00" not in expire.help
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RefusalDialog)
        text = screen_text(pilot.app)
        assert "Fri 2026-02-06 09:00 EET" in text and "T07:00:00" not in text
        await pilot.press("o")
        await settle(pilot)
        await type_text(pilot, "source retracted")
        await pilot.press("enter")
        await until(pilot, lambda: state(desk, 2)["claim"]["status"] == "expired")
        await pilot.press("5", "7")
        await settle(pilot)
        await goto(pilot, 2)
        await settle(pilot)
        text = " ".join(detail_text_of(pilot.app.main.query_one("#detail-body")).split())
        assert "OVERRIDE of: expire needs the deadline to have passed; claim 2 expires at Fri 2026-02-06 09:00 " \
               "EET" in text
    # the stored refusal keeps its ISO form (scripts read it); only the TUI says it on the desk clock
    assert "2026-02-06T07:00:00+00:00" in state(desk, 2)["history"][-1]["detail"]["overridden"]


async def test_the_footer_keeps_the_keys_that_matter_at_every_width(desk) -> None:
    async with running(desk) as pilot:
        for size in ((80, 24), (140, 40), (200, 50)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            shown = pilot.app.main.query_one(KeyBar).shown()
            for key_id in ("app.quit", "app.keys", "claim.add", "views.all", "claim.confirm", "claim.evidence"):
                assert key_id in shown, (size, key_id)
            last = screen_text(pilot.app).splitlines()[-1]
            for words in ("a Add", "? Keys", "q Quit", "1-7 Views", "c Confirm", "v Evidence"):
                assert words in last, (size, words)
            if size[0] >= 140:
                assert "/ Search" in last and "e Expire" in last


async def test_dialogs_keep_their_buttons_whole_and_in_view_at_80x24(desk) -> None:
    async with running(desk) as pilot:
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        for claim, key, dialog in ((0, "a", ClaimForm), (3, "v", EvidenceForm), (3, "E", EditForm)):
            if claim:
                await goto(pilot, claim)
            await pilot.press(key)
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, dialog)
            for button in screen.query(Button):
                region = button.region
                assert region.height == 3 and region.y >= 0 and region.bottom <= 24, (key, button.id, region)
            text = screen_text(pilot.app)
            assert "Cancel (Esc)" in text and "(Ctrl+S)" in text, key
            await pilot.press("escape")
            await settle(pilot)


async def test_claim_text_takes_several_lines_and_the_speaker_column_uses_the_width(desk) -> None:
    async with running(desk) as pilot:
        burst(pilot.app, "a", "First line of the quote", "<ctrl+j>", "and its second line", "<enter>",
              "Vitali Klitschko", "<ctrl+s>")
        await until(pilot, lambda: any(c.speaker == "Vitali Klitschko" for c in pilot.app.main.table.rows_shown))
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        widths = {c.key: c.width for c in pilot.app.main.table.columns_now}
        assert widths["speaker"] >= len("State Emergency Service")
        assert "State Emergency Service" in screen_text(pilot.app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert {c.key: c.width for c in pilot.app.main.table.columns_now}["speaker"] < widths["speaker"]
    assert state(desk, 8)["claim"]["text"] == "First line of the quote\nand its second line"


async def test_a_change_by_someone_else_flashes_its_row_and_says_who(desk) -> None:
    async with running(desk) as pilot:
        screen = pilot.app.main
        apply_trigger(make_desk(desk.where, actor="cli-bot"), 2, "confirm", "two outlets")
        reads = screen.loads
        screen.reload()  # what the change probe does when the file changes
        await until(pilot, lambda: screen.loads > reads)
        assert 2 in screen.table.flashing
        assert "cli-bot confirmed #2" in [str(n.message) for n in pilot.app._notifications]


async def test_sort_goes_both_ways_and_status_follows_the_workflow(desk) -> None:
    apply_trigger(desk, 4, "contradict", "ISW")
    async with running(desk) as pilot:
        screen = pilot.app.main
        while screen.sort != "status":
            await pilot.press("o")
            await settle(pilot)
        ranks = [WORKFLOW_RANK[c.status.value] for c in screen.table.rows_shown]
        assert ranks == sorted(ranks) and len(set(ranks)) == 3
        assert "status ▲" in screen_text(pilot.app)
        await pilot.press("O")
        await settle(pilot)
        ranks = [WORKFLOW_RANK[c.status.value] for c in screen.table.rows_shown]
        assert ranks == sorted(ranks, reverse=True)
        assert "status ▼" in screen_text(pilot.app)


async def test_history_turns_round_with_h_and_an_overridden_verdict_is_marked(desk) -> None:
    apply_trigger(desk, 3, "confirm", "ministry data", override=True)
    async with running(desk) as pilot:
        await goto(pilot, 3)
        await settle(pilot)
        row = next(line.split() for line in screen_text(pilot.app).splitlines() if line.split()[1:2] == ["3"])
        assert row[0] == "!" and row[2] == "confirmed"  # the verdict was reached by an override
        body = pilot.app.main.query_one("#detail-body")
        first = detail_text_of(body)
        assert first.index("add →") < first.index("confirm unconfirmed")
        await pilot.press("H")
        await settle(pilot)
        turned = detail_text_of(body)
        assert turned.index("confirm unconfirmed") < turned.index("add →")
        assert "newest first" in turned


async def test_a_contradict_refusal_opens_evidence_with_contradicts_chosen_and_highlighted(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 2)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, RefusalDialog)
        await pilot.press("v")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, EvidenceForm)
        stances = form.query_one("#stance")
        assert stances.pressed_button.id == "stance-contradicts"
        assert stances._selected == stances.pressed_index  # the highlight is on the chosen one


async def test_after_a_view_switch_the_cursor_is_on_a_claim_of_the_new_view(desk) -> None:
    async with running(desk) as pilot:
        await goto(pilot, 1)  # the last row of All
        for key, status in (("5", "confirmed"), ("2", "unconfirmed")):
            await pilot.press(key)
            await settle(pilot)
            here = pilot.app.main.target()
            assert here is not None and here.status.value == status, key


async def test_claims_that_read_alike_show_in_the_detail_and_in_the_add_form_as_it_is_typed(desk) -> None:
    add_claim(desk, ClaimDraft(text="Putin agreed not to strike Kyiv and other cities for one week.",
                               speaker="Donald Trump"))
    async with running(desk) as pilot:
        await goto(pilot, 2)
        await settle(pilot)
        body = " ".join(detail_text_of(pilot.app.main.query_one("#detail-body")).split())
        assert "Reads like" in body and "#8" in body.split("Reads like")[1]
        burst(pilot.app, "a", "Putin agreed not to strike Kyiv for a week")
        await until(pilot, lambda: "Reads like:" in screen_text(pilot.app))
        matches = " ".join(screen_text(pilot.app).split("Reads like:")[1].split())
        assert matches.startswith("#") and "#2" in matches and "#8" in matches


def test_view_counts_are_compact_on_a_narrow_terminal() -> None:
    from tracker.tui.viewbar import compact

    assert [compact(n) for n in (7, 9999, 10_000, 54_991, 100_000, 999_499, 999_500, 1_234_567, 10_000_000)] == [
        "7", "9999", "10k", "55k", "100k", "999k", "1.0M", "1.2M", "10M"]


async def test_the_view_bar_keeps_all_seven_views_at_80_columns_with_100k_claims(desk) -> None:
    from tracker.domain.status import Status
    from tracker.service.reading import ViewCounts
    from tracker.tui.viewbar import ViewBar

    async with running(desk) as pilot:
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        big = ViewCounts(100_000, {Status.UNCONFIRMED: 54_991, Status.CONFIRMED: 20_019,
                                   Status.CONTRADICTED: 10_125, Status.EXPIRED: 14_865}, 52_088, 24_478)  # the generated 100k
        pilot.app.main.query_one(ViewBar).set_counts(big)
        await settle(pilot)
        bar = screen_text(pilot.app).splitlines()[1]
        assert "1 All 100k" in bar and "2 Unconf 55k" in bar and "7 Exp 15k" in bar, bar
