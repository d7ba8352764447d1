"""The rules said no: the rule's own words, what would satisfy it, and the choice to override."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Static

from tracker.service.views import ClaimView
from tracker.tui import keys
from tracker.tui.dialogs.base import Dialog, claim_line, sources_note
from tracker.tui.safe import literal

EVIDENCE_HELPS = {"confirm": "supports", "contradict": "contradicts"}
"""Triggers whose guard more evidence can satisfy, and the stance that would."""


class RefusalDialog(Dialog[str]):
    """Returns "override" (fire anyway, with a reason, recorded), "evidence" (add an item first, for the
    guards evidence can satisfy), or None (leave it)."""

    BINDINGS = keys.bindings("dialog") + keys.bindings("refusal")

    def __init__(self, trigger: str, claim: ClaimView, message: str, *, overridable: bool = True) -> None:
        super().__init__()
        self.trigger = trigger
        self.claim = claim
        self.message = message
        self.overridable = overridable

    def title_text(self) -> str:
        return f"The rules refuse: {self.trigger} claim #{self.claim.id}"

    def body(self) -> ComposeResult:
        yield Static(claim_line(self.claim), classes="claim")
        yield Static(literal(self.message), classes="refusal", id="message")
        if self.trigger == "confirm":
            yield Static(sources_note(self.claim), classes="claim", id="sources")
        choices = "Nothing was changed."
        if self.trigger in EVIDENCE_HELPS:
            what = ("supporting evidence from another source" if self.trigger == "confirm"
                    else "a contradicting evidence item")
            choices += f" Add {what} ({keys.key_of('refusal.evidence')}), and {self.trigger} is tried again."
        if self.overridable:
            choices += (f" Or override the rule ({keys.key_of('refusal.override')}): you will be asked for a "
                        "reason, and the override, the rule and your reason are recorded in the claim's history.")
        yield Static(choices, id="choices", classes="hint")

    def buttons(self) -> ComposeResult:
        yield Button(f"Cancel ({keys.key_of('dialog.cancel')})", id="cancel")
        if self.trigger in EVIDENCE_HELPS:
            yield Button(f"Add evidence… ({keys.key_of('refusal.evidence')})", id="evidence")
        if self.overridable:
            yield Button(f"Override… ({keys.key_of('refusal.override')})", id="override", variant="warning")

    def on_mount(self) -> None:
        super().on_mount()
        for button in self.query("#cancel").results(Button):  # none when a key closed it before it was up
            button.focus()

    def action_override(self) -> None:
        if self.overridable:
            self.dismiss("override")

    def action_evidence(self) -> None:
        if self.trigger in EVIDENCE_HELPS:
            self.dismiss("evidence")

    @on(Button.Pressed, "#override")
    def _override(self) -> None:
        self.action_override()

    @on(Button.Pressed, "#evidence")
    def _evidence(self) -> None:
        self.action_evidence()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
