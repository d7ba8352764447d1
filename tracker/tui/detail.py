"""The detail pane: the highlighted claim whole, its evidence and its history timeline."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tracker.domain.status import EXPIRABLE
from tracker.service.views import ClaimView, EventView
from tracker.tui import fmt
from tracker.tui.safe import clean, literal


def _link(url: str | None) -> Text:
    if not url:
        return Text("")
    shown = clean(url, one_line=True)
    style = Style(color="cyan", underline=True, link=shown) if shown.startswith(("http://", "https://")) else ""
    return Text(shown, style=style)


def _when(at: datetime | None, zone: str | None, desk_tz: str) -> Text:
    if at is None:
        return Text("not given", style="dim")
    text = Text(fmt.stamp(at, zone or desk_tz))
    if zone:
        text.append(f" ({clean(zone, one_line=True)})", style="dim")
    if zone != desk_tz:
        text.append("  ·  desk: ", style="dim")
        text.append(fmt.stamp(at, desk_tz))
        text.append(f" ({desk_tz})", style="dim")
    return text


def _facts(claim: ClaimView, now: datetime, desk_tz: str, due_soon: timedelta) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text("Speaker"), literal(claim.speaker))
    grid.add_row(Text("Said"), _when(claim.said_at, claim.said_tz, desk_tz))
    source = literal(claim.source or "—")
    if claim.url:
        source.append("  ")
        source.append_text(_link(claim.url))
    grid.add_row(Text("Source"), source)
    if claim.expires_at is not None:
        deadline = Text(fmt.stamp(claim.expires_at, desk_tz))
        if claim.status in EXPIRABLE:
            deadline.append("  (")
            deadline.append_text(fmt.time_left(claim, now, due_soon))
            deadline.append(")")
        grid.add_row(Text("Deadline"), deadline)
    else:
        grid.add_row(Text("Deadline"), Text("none", style="dim"))
    grid.add_row(Text("Assignee"), literal(claim.assignee) if claim.assignee else Text("nobody", style="dim"))
    if claim.tags:
        grid.add_row(Text("Tags"), literal(", ".join(claim.tags)))
    logged = Text(fmt.stamp(claim.created_at, desk_tz))
    logged.append(f"  ·  last activity {fmt.span(now - claim.last_activity_at)} ago", style="dim")
    grid.add_row(Text("Logged"), logged)
    return grid


def _evidence(claim: ClaimView, desk_tz: str) -> RenderableType:
    if not claim.evidence:
        return Text("No evidence yet (v adds some).", style="dim")
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


def _event_line(event: EventView) -> Text:
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
    if event.override:
        line.append("  OVERRIDE", style="bold reverse red")
        if info.get("overridden"):
            line.append(" of: ")
            line.append_text(literal(info["overridden"], "red"))
    if event.reason:
        line.append("\n")
        line.append_text(literal(f"“{event.reason}”", "italic"))
    return line


def _history(events: list[EventView], desk_tz: str) -> RenderableType:
    if not events:
        return Text("No history.", style="dim")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column(ratio=1)
    for event in events:
        grid.add_row(Text(fmt.stamp(event.at, desk_tz)), literal(event.actor, one_line=True), _event_line(event))
    return grid


def render_detail(claim: ClaimView, events: list[EventView], *, now: datetime, desk_tz: str,
                  due_soon: timedelta) -> RenderableType:
    """The whole pane for one claim."""
    head = Text(f"#{claim.id} ", style="bold")
    head.append_text(fmt.status(claim.status))
    head.append(f"  v{claim.version}  ", style="dim")
    head.append(claim.uuid, style="dim")
    counts = fmt.stance_counts(claim)
    return Group(
        head,
        Text(""),
        literal(claim.text, "bold"),
        Text(""),
        _facts(claim, now, desk_tz, due_soon),
        Text(""),
        Text.assemble(("Evidence ", "bold underline"), counts),
        _evidence(claim, desk_tz),
        Text(""),
        Text("History", style="bold underline"),
        _history(events, desk_tz),
    )


class DetailPane(VerticalScroll):
    """Scrollable detail of the highlighted claim."""

    DEFAULT_CSS = """
    DetailPane { height: 1fr; border-top: solid $primary; padding: 0 1; }
    DetailPane > Static { width: 1fr; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("Loading…", style="dim"), id="detail-body")

    def show(self, renderable: RenderableType) -> None:
        self.query_one("#detail-body", Static).update(renderable)

    def show_message(self, message: str) -> None:
        self.show(Text(message, style="dim"))
