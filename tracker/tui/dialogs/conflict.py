"""The claim changed underneath: what changed, that nothing was overwritten and the typed text is kept,
and the choice to apply the same change to the new state, go back to the form, or cancel."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Static

from tracker.service.views import ClaimView
from tracker.tui import keys
from tracker.tui.dialogs.base import Dialog, claim_line
from tracker.tui.safe import literal


class ConflictDialog(Dialog[str | None]):
    """Returns "retry" (the same change on the new state), "back" (to the form, typed text kept) or None."""

    BINDINGS = keys.bindings("dialog") + keys.bindings("conflict")

    def __init__(self, what: str, claim: ClaimView, changes: list[str], *, kept: str = "",
                 possible: str | None = None) -> None:
        """`what`: the change tried ("confirm", "add evidence"); `changes`: what others did, in words;
        `kept`: what the editor typed (shown, kept); `possible`: why the change cannot apply now, if it cannot."""
        super().__init__()
        self.what = what
        self.claim = claim
        self.changes = changes
        self.kept = kept
        self.possible = possible

    def title_text(self) -> str:
        return f"Claim #{self.claim.id} changed while you were working on it"

    def body(self) -> ComposeResult:
        said = Text()
        for change in self.changes or ["someone changed it"]:
            said.append("• ")
            said.append_text(literal(change))
            said.append("\n")
        said.append("Nothing was overwritten: your ")
        said.append(self.what, style="bold")
        said.append(" was not applied.")
        yield Static(said, id="changes", classes="warning")
        yield Static(Text("Its state now:", style="bold"), classes="claim")
        yield Static(claim_line(self.claim), classes="claim")
        if self.kept:
            kept = Text("What you typed is kept: ", style="bold")
            kept.append_text(literal(self.kept))
            yield Static(kept, classes="claim", id="kept")
        if self.possible:
            yield Static(literal(self.possible), classes="refusal", id="impossible")

    def buttons(self) -> ComposeResult:
        yield Button(f"Cancel ({keys.key_of('dialog.cancel')})", id="cancel")
        yield Button(f"Back to the form ({keys.key_of('conflict.back')})", id="back")
        if not self.possible:
            yield Button(f"Apply {self.what} to the new state ({keys.key_of('conflict.retry')})", id="retry",
                         variant="primary")

    def on_mount(self) -> None:
        super().on_mount()
        for button in self.query("#retry, #back").results(Button):
            button.focus()
            break

    def action_retry(self) -> None:
        if not self.possible:
            self.dismiss("retry")

    def action_back(self) -> None:
        self.dismiss("back")

    @on(Button.Pressed, "#retry")
    def _retry(self) -> None:
        self.action_retry()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
