"""The intake screen: pick a file or paste an article, read it, and review the proposed claims.

Keys: Ctrl+R reads the article (Enter in the file field too); in the list, Enter accepts the
highlighted proposal, x rejects it, e edits it in the claim form (and accepts it), a accepts all
pending ones; Ctrl+S adds every accepted claim in one transaction; Esc goes back.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static, TextArea

from tracker.domain.errors import InvalidInput, TrackerError
from tracker.service.accept import add_claims
from tracker.service.context import Desk
from tracker.service.intake import MAX_BYTES, Intake, extract_article, when_text
from tracker.tui.intake.review import (
    ACCEPTED,
    MARKS,
    PENDING,
    REJECTED,
    Item,
    Review,
    fields_text,
    sentence_text,
)
from tracker.tui.dialogs.claim_form import ClaimForm
from tracker.tui.safe import clean, clip


class IntakeScreen(Screen[list[int] | None]):
    """Take a news article to logged claims; returns the ids added (None when nothing was added)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "read", "Read article", tooltip="Read the file or the pasted text and propose claims",
                id="intake.read"),
        Binding("x", "decide('rejected')", "Reject", tooltip="Leave the highlighted proposal out", id="intake.reject"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted proposal in the claim form, then accept it",
                id="intake.edit"),
        Binding("a", "accept_all", "Accept all", tooltip="Accept every proposal not yet decided", id="intake.all"),
        Binding("ctrl+s", "add", "Add accepted", tooltip="Log every accepted proposal, in one transaction",
                id="intake.add"),
        Binding("escape", "back", "Back", tooltip="Back to the claims (nothing is added)", id="intake.back"),
    ]

    DEFAULT_CSS = """
    IntakeScreen { layout: vertical; }
    IntakeScreen #inputs { height: auto; }
    IntakeScreen .row { height: 1; }
    IntakeScreen .flabel { width: 11; color: $text-muted; }
    IntakeScreen Input { width: 1fr; }
    IntakeScreen Input.-textual-compact { background: $boost; }
    IntakeScreen #paste { height: 4; min-height: 3; border: none; }
    IntakeScreen #status { height: 1; color: $text-muted; padding: 0 1; }
    IntakeScreen #status.-error { color: $error; text-style: bold; }
    IntakeScreen #proposals { height: 1fr; min-height: 4; }
    IntakeScreen #sentence { height: auto; max-height: 5; padding: 0 1; }
    IntakeScreen #fields { height: auto; max-height: 5; padding: 0 1; color: $text; }
    """

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.review: Review | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="inputs"):
            for name, label, hint in (
                ("file", "File", "path to a .txt or .html article (Enter reads it), or paste below"),
                ("source", "Source", "the outlet (prefilled from the article)"),
                ("published", "Published", "when it was published (prefilled from the article)"),
                ("url", "URL", "where it is (prefilled from the page)"),
            ):
                with Horizontal(classes="row"):
                    yield Label(label, classes="flabel")
                    yield Input(placeholder=hint, id=name, compact=True)
        yield TextArea(id="paste", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        yield Static("Give a file or paste the article, then Ctrl+R to read it.", id="status")
        table: DataTable[str | Text] = DataTable(id="proposals", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="sentence")
        yield Static(id="fields")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#proposals", DataTable)
        for key, label in (("mark", " "), ("n", "#"), ("speaker", "speaker"), ("said", "said"),
                           ("statement", "statement")):
            table.add_column(label, key=key)
        self.query_one("#paste", TextArea).border_title = "or paste the article here"
        self.query_one("#file", Input).focus()

    # ------------------------------------------------------------------ reading

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "file" and event.value.strip():
            self.action_read()
        else:
            self.focus_next()

    def action_read(self) -> None:
        self._read()

    @work(group="intake", exclusive=True)
    async def _read(self) -> None:
        path = self.query_one("#file", Input).value.strip()
        try:
            data, name = (self._file(path), path) if path else (self._pasted(), "the pasted text")
        except InvalidInput as err:
            self._say(err.message, error=True)
            return
        values = {key: self.query_one(f"#{key}", Input).value.strip() or None for key in ("source", "published", "url")}
        self._say("Reading…")
        try:
            intake = await asyncio.to_thread(partial(
                extract_article, data, name=name, published=values["published"], source=values["source"],
                url=values["url"], now=self.desk.now()))
        except TrackerError as err:
            self._say(err.message, error=True)
            return
        self._prefill(intake)
        self.review = Review.of(intake)
        self._fill()
        if not intake.proposals:
            self._say("No claims found. " + " ".join(intake.notes))
            return
        self._say(self.review.counts() + " · Enter accept · x reject · e edit · Ctrl+S add accepted")
        self.query_one("#proposals", DataTable).focus()

    def _file(self, path: str) -> bytes:
        try:
            with Path(path).expanduser().open("rb") as stream:
                return stream.read(MAX_BYTES + 1)
        except OSError as err:
            raise InvalidInput(f"cannot read {path}: {err.strerror or err}") from None

    def _pasted(self) -> bytes:
        text = self.query_one("#paste", TextArea).text
        if not text.strip():
            raise InvalidInput("give a file, or paste the article's text")
        return text.encode("utf-8")

    def _prefill(self, intake: Intake) -> None:
        shown = {"source": intake.source, "url": intake.url,
                 "published": when_text(intake.published) if intake.published else None}
        for key, value in shown.items():
            field = self.query_one(f"#{key}", Input)
            if value and not field.value.strip():
                field.value = value

    # ------------------------------------------------------------------ the list

    def _fill(self) -> None:
        table = self.query_one("#proposals", DataTable)
        table.clear()
        if self.review is None:
            return
        for index, item in enumerate(self.review.items):
            table.add_row(*self._cells(index, item), key=str(index))
        self._show()

    def _cells(self, index: int, item: Item) -> list[str | Text]:
        said = item.values.get("said_at", "")
        return [MARKS[item.decision], str(index + 1), clip(item.values.get("speaker", ""), 22).plain,
                said[:10], Text(clean(item.values.get("text", ""), one_line=True))]

    def _current(self) -> tuple[int, Item] | None:
        if self.review is None or not self.review.items:
            return None
        row = self.query_one("#proposals", DataTable).cursor_row
        if not 0 <= row < len(self.review.items):
            return None
        return row, self.review.items[row]

    def _update(self, index: int, item: Item) -> None:
        table = self.query_one("#proposals", DataTable)
        for key, value in zip(("mark", "n", "speaker", "said", "statement"), self._cells(index, item), strict=True):
            table.update_cell(str(index), key, value)
        if self.review is not None:
            self._say(self.review.counts())
        self._show()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show()

    def _show(self) -> None:
        current = self._current()
        sentence = self.query_one("#sentence", Static)
        fields = self.query_one("#fields", Static)
        if current is None:
            sentence.update("")
            fields.update("")
            return
        _, item = current
        sentence.update(sentence_text(item))
        fields.update(fields_text(item))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        """Enter in the list accepts the highlighted proposal (again: back to pending)."""
        current = self._current()
        if current is not None:
            index, item = current
            item.decision = PENDING if item.decision == ACCEPTED else ACCEPTED
            self._update(index, item)
            self._next(index)

    def _next(self, index: int) -> None:
        table = self.query_one("#proposals", DataTable)
        if index + 1 < table.row_count:
            table.move_cursor(row=index + 1)

    def action_decide(self, decision: str) -> None:
        current = self._current()
        if current is not None:
            index, item = current
            item.decision = PENDING if item.decision == decision else decision
            self._update(index, item)
            self._next(index)

    def action_accept_all(self) -> None:
        if self.review is None:
            return
        for index, item in enumerate(self.review.items):
            if item.decision == PENDING:
                item.decision = ACCEPTED
                self._update(index, item)

    def action_edit(self) -> None:
        current = self._current()
        if current is not None:
            self._edit(*current)

    @work(group="act", exclusive=True)  # waits on the claim form (tests wait for every other group)
    async def _edit(self, index: int, item: Item) -> None:
        result = await self.app.push_screen_wait(ClaimForm(item.values))
        if result is None:
            return
        item.values, item.edited, item.decision = result.values, True, ACCEPTED
        self._update(index, item)

    # ------------------------------------------------------------------ adding

    def action_add(self) -> None:
        self._add()

    @work(group="intake", exclusive=True)
    async def _add(self) -> None:
        if self.review is None or not self.review.accepted():
            self._say("Nothing accepted yet: Enter accepts the highlighted proposal.", error=True)
            return
        drafts = self.review.drafts()
        try:
            added = await asyncio.to_thread(partial(add_claims, self.desk, drafts))
        except TrackerError as err:
            self._say(f"Nothing was added: {err.message}", error=True)
            return
        self.app.notify(f"{len(added)} claim{'s' if len(added) != 1 else ''} added from the article", markup=False)
        self.dismiss([claim.id for claim in added])

    def action_back(self) -> None:
        self.dismiss(None)

    def _say(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(Text(clean(message, one_line=True)))
        status.set_class(error, "-error")


__all__ = ["REJECTED", "IntakeScreen"]
