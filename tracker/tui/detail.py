"""The detail pane: the highlighted claim whole, its evidence and its history timeline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tracker.domain.rules import RULES_BY_TRIGGER, RuleSettings
from tracker.domain.similarity import Similar
from tracker.domain.status import EXPIRABLE
from tracker.service.views import ClaimView, EventView
from tracker.tui import fmt, keys, standing
from tracker.tui.safe import clean, clip, literal


def _key(trigger: str) -> str:
    """The key of a trigger on the main screen (from the one table of keys)."""
    return keys.key_of(f"claim.{trigger}")


def _link(url: str | None) -> Text:
    if not url:
        return Text("")
    shown = clean(url, one_line=True)
    style = Style(color="cyan", underline=True, link=shown) if shown.startswith(("http://", "https://")) else ""
    return Text(shown, style=style)


def _facts(claim: ClaimView, events: list[EventView], now: datetime, desk_tz: str, due_soon: timedelta) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text("Speaker"), literal(claim.speaker))
    grid.add_row(Text("Said"), fmt.said(claim, desk_tz, now))
    source = literal(claim.source or "—")
    if claim.url:
        source.append("  ")
        source.append_text(_link(claim.url))
    grid.add_row(Text("Source"), source)
    if claim.expires_at is not None:
        deadline = Text(fmt.stamp(claim.expires_at, desk_tz))
        if claim.status in EXPIRABLE:
            deadline.append("  (")
            deadline.append_text(fmt.deadline_phrase(claim, now, due_soon))
            deadline.append(")")
        grid.add_row(Text("Deadline"), deadline)
    else:
        grid.add_row(Text("Deadline"), Text("none", style="dim"))
    grid.add_row(Text("Assignee"), literal(claim.assignee) if claim.assignee else Text("nobody", style="dim"))
    if claim.tags:
        grid.add_row(Text("Tags"), literal(", ".join(claim.tags)))
    logged = Text(fmt.stamp(claim.created_at, desk_tz))
    if events:
        logged.append(" by ", style="dim")
        logged.append_text(literal(events[0].actor, one_line=True))
    grid.add_row(Text("Logged"), logged)
    grid.add_row(Text("Last change"), _last_change(claim, events, now))
    return grid


def _last_change(claim: ClaimView, events: list[EventView], now: datetime) -> Text:
    """Who last touched the claim, what they did, and how long ago."""
    text = Text(f"{fmt.span(now - claim.last_activity_at)} ago")
    if not events:
        return text
    last = events[-1]
    text.append(" by ")
    text.append_text(literal(last.actor, "bold", one_line=True))
    text.append(": ", style="dim")
    text.append(last.action)
    if last.to_status is not None and last.action != "add":
        text.append(" → ")
        text.append_text(fmt.status(last.to_status))
    if last.override:
        text.append("  OVERRIDE", style="bold red")
    return text


def _sources_line(claim: ClaimView, need: int) -> Text:
    """``Supporting sources: 1 of 2 needed — The Telegraph (2 items)``."""
    tally = standing.supporting(claim)
    have = len(tally)
    text = Text("Supporting sources ", style="bold")
    text.append(f"{have} of {need} needed", style="bold green" if have >= need else "bold yellow")
    if tally:
        text.append(": ")
        for i, source in enumerate(tally):
            if i:
                text.append(", ")
            text.append_text(literal(source.name, one_line=True))
            if source.items > 1:
                text.append(f" ({source.items} items, one source)", style="dim")
    return text


def _moves(claim: ClaimView, settings: RuleSettings, now: datetime) -> RenderableType:
    """Each move the claim's status allows, and whether the rules would let it through now (and why not)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    not_now = []
    for move in standing.moves(claim, settings, now):
        if not move.allowed:
            not_now.append(move.trigger)
            continue
        if move.refusal is None:
            verdict = Text("✓ ", style="bold green")
            dest = RULES_BY_TRIGGER[move.trigger].dest
            verdict.append("allowed → ")
            verdict.append_text(fmt.status(dest))
        else:
            verdict = Text("✗ ", style="bold red")
            if move.trigger == "expire" and claim.expires_at is not None and claim.expires_at > now:
                # the rule's words carry a UTC timestamp; say it on the desk's clock instead
                verdict.append(f"the deadline has not passed: {fmt.stamp(claim.expires_at, settings.desk_tz)}, ")
                verdict.append_text(fmt.deadline_phrase(claim, now, settings.due_soon))
            else:
                verdict.append_text(literal(fmt.local_times(move.refusal, settings.desk_tz)))
            key, evidence, override = _key(move.trigger), keys.key_of("claim.evidence"), keys.key_of(
                "refusal.override")
            hint = {"confirm": f" ({evidence} adds evidence; {key} then {override} overrides)",
                    "contradict": f" ({evidence} adds a contradicting item; {key} then {override} overrides)",
                    }.get(move.trigger, f" ({key} then {override} overrides)")
            verdict.append(hint, style="dim")
        grid.add_row(Text(_key(move.trigger)), Text(move.trigger), verdict)
    if not_now:
        grid.add_row(Text(""), Text(""), Text(f"not offered while {claim.status.value}: {', '.join(not_now)}", style="dim"))
    return grid


def _evidence(claim: ClaimView, desk_tz: str) -> RenderableType:
    if not claim.evidence:
        return Text(f"No evidence yet ({keys.key_of('claim.evidence')} adds some).", style="dim")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_column(no_wrap=True, style="dim")
    for item in claim.evidence:
        stance = item.stance.value
        what = literal(item.source, "bold")
        if item.url:
            what.append("  ")
            what.append_text(_link(item.url))
        if item.note:
            what.append("\n")
            what.append_text(literal(item.note, "italic"))
        grid.add_row(
            Text(fmt.STANCE_MARK[stance], style=fmt.STANCE_STYLE[stance]),
            Text(stance, style=fmt.STANCE_STYLE[stance]),
            what,
            Text.assemble(literal(item.added_by, one_line=True), " ", fmt.stamp(item.added_at, desk_tz)),
        )
    return grid


def _event_line(event: EventView, desk_tz: str) -> Text:
    line = Text(event.action, style="bold")
    if event.from_status is not None or event.to_status is not None:
        line.append(" " if event.from_status is not None else "")
        if event.from_status is not None:
            line.append_text(fmt.status(event.from_status))
        line.append(" → ")
        if event.to_status is not None:
            line.append_text(fmt.status(event.to_status))
    info = event.detail
    if event.action == "evidence":
        line.append(f" {clean(info.get('stance', ''), one_line=True)}: ")
        line.append_text(literal(info.get("source", ""), one_line=True))
    elif event.action == "assign":
        line.append(" to ")
        line.append_text(literal(info.get("assignee") or "nobody", one_line=True))
    elif event.action == "edit":
        line.append_text(_edit_changes(event, desk_tz))
    if event.override:
        line.append("  OVERRIDE", style="bold reverse red")
        if info.get("overridden"):
            line.append(" of: ")
            line.append_text(literal(fmt.local_times(str(info["overridden"]), desk_tz), "red"))
    if event.reason:
        line.append("\n")
        line.append_text(literal(f"“{event.reason}”", "italic"))
    return line


EDIT_SHOWN = 40
"""Characters of an edited value shown in the history (the whole of it is in `tracker history`)."""


def _edit_changes(event: EventView, desk_tz: str) -> Text:
    """`` speaker: Mykhailo Fedorov → Mykhailo Fedorov (minister); tags: + drones``: what an edit changed."""
    changes = event.payload.get("changes") if isinstance(event.payload, dict) else None
    text = Text()
    if not isinstance(changes, dict):
        return text
    for name, change in changes.items():
        if not isinstance(change, dict):
            continue
        text.append(f"\n  {clean(str(name), one_line=True)}: ", style="bold")
        before, after = change.get("from"), change.get("to")
        if isinstance(before, list) or isinstance(after, list):
            old, new = set(before or []), set(after or [])
            text.append(" ".join([f"+{t}" for t in sorted(new - old)] + [f"−{t}" for t in sorted(old - new)]))
            continue
        for i, value in enumerate((before, after)):
            if i:
                text.append(" → ")
            shown = "—" if value in (None, "") else fmt.local_times(str(value), desk_tz)
            text.append_text(clip(shown, EDIT_SHOWN, "dim" if i == 0 else ""))
    return text


def _history(events: list[EventView], desk_tz: str, newest_first: bool) -> RenderableType:
    if not events:
        return Text("No history.", style="dim")
    if newest_first:
        events = list(reversed(events))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column(ratio=1)
    for event in events:
        grid.add_row(Text(fmt.stamp(event.at, desk_tz)), literal(event.actor, one_line=True),
                     _event_line(event, desk_tz))
    return grid


def _similar(similar: Sequence[Similar]) -> RenderableType:
    """The open or recent claims that read like this one (`tracker similar ID`), best first."""
    if not similar:
        return Text("None that read like it.", style="dim")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for match in similar:
        grid.add_row(Text(f"#{match.id}"), Text(f"{match.score:.2f}"), fmt.status(match.status),
                     literal(match.quote(90), one_line=True))
    return grid


def _links(claim: ClaimView) -> tuple[Text, ...]:
    """"duplicate of #12 (follows its verdicts)" or "3 duplicates: #31 #32 #40": a linked claim's story
    (`tracker link`), shown under the claim's head; nothing for a claim with no links."""
    if claim.duplicate_of is not None:
        return (Text.assemble(("duplicate of ", "yellow"), (f"#{claim.duplicate_of}", "bold yellow"),
                              ("  (follows its verdicts; tracker unlink to undo)", "dim")),)
    if claim.duplicates:
        count = len(claim.duplicates)
        shown = " ".join(f"#{cid}" for cid in claim.duplicates[:12]) + (" …" if count > 12 else "")
        return (Text.assemble((f"{count} duplicate{'s' if count != 1 else ''}: ", "yellow"), (shown, "bold yellow"),
                              ("  (they follow this claim's verdicts)", "dim")),)
    return ()


def render_detail(claim: ClaimView, events: list[EventView], *, now: datetime,
                  settings: RuleSettings, newest_first: bool = False,
                  similar: Sequence[Similar] | None = None) -> RenderableType:
    """The whole pane for one claim (with the claims that read like it, when they were read)."""
    desk_tz, due_soon = settings.desk_tz, settings.due_soon
    head = Text(f"#{claim.id} ", style="bold")
    head.append_text(fmt.status(claim.status))
    head.append(f"  v{claim.version}  ", style="dim")
    head.append(claim.uuid, style="dim")
    counts = fmt.stance_counts(claim)
    return Group(
        head,
        *_links(claim),
        Text(""),
        literal(claim.text, "bold"),
        Text(""),
        _facts(claim, events, now, desk_tz, due_soon),
        Text(""),
        Text("Moves", style="bold underline"),
        _moves(claim, settings, now),
        Text(""),
        Text.assemble(("Evidence ", "bold underline"), counts),
        _sources_line(claim, settings.confirm_sources),
        _evidence(claim, desk_tz),
        Text(""),
        Text.assemble(("History", "bold underline"),
                      (f"  {'newest' if newest_first else 'oldest'} first "
                       f"({keys.key_of('list.history_order')} turns it round)", "dim")),
        _history(events, desk_tz, newest_first),
        *((Text(""), Text.assemble(("Reads like", "bold underline"), ("  similar open or recent claims, with their "
                                                                     "score (tracker similar)", "dim")),
           _similar(similar)) if similar is not None else ()),
    )


class DetailPane(VerticalScroll):
    """Scrollable detail of the highlighted claim; Tab goes back to the table."""

    BINDINGS = keys.bindings("detail")

    DEFAULT_CSS = """
    DetailPane { height: 1fr; border-top: solid $primary; padding: 0 1; }
    DetailPane:focus-within { border-top: thick $accent; }
    DetailPane > Static { width: 1fr; }
    """

    shown_id: int | None = None
    """The claim on show (a new one starts scrolled to the top)."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…", style="dim"), id="detail-body")

    def show(self, renderable: RenderableType, claim_id: int | None = None) -> None:
        self.query_one("#detail-body", Static).update(renderable)
        if claim_id != self.shown_id:
            self.shown_id = claim_id
            self.scroll_home(animate=False, immediate=True)

    def show_message(self, message: str) -> None:
        self.show(Text(message, style="dim"))
