"""Why a trigger is fired: the reason (required, multi-line), and for reopen the new deadline."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Button, Static

from tracker.domain.rules import RULES_BY_TRIGGER
from tracker.service.views import ClaimView
from tracker.tui import fmt, keys
from tracker.tui.dialogs.base import claim_line, sources_note
from tracker.tui.dialogs.form import Field, Form, FormResult
from tracker.tui.safe import literal

VERBS: dict[str, str] = {"confirm": "Confirm", "contradict": "Contradict", "expire": "Expire", "reopen": "Reopen"}

REASON = Field("reason", "Reason", "why? (recorded in the history)", required=True, multiline=True)
DEADLINE = Field("expires", "New deadline", "e.g. +2d, tomorrow 18:00, never (blank: the reopen rule)",
                 aliases=("the new deadline", "expires_at", "a new deadline"))


class ReasonDialog(Form):
    """Ask why `trigger` is fired on `claim` (and, for reopen, until when); returns the values, or None."""

    def __init__(self, trigger: str, claim: ClaimView, *, overriding: str | None = None,
                 values: dict[str, str] | None = None, error: str | None = None, changed: list[str] | None = None,
                 count: int = 1) -> None:
        self.FIELDS = (REASON, DEADLINE) if trigger == "reopen" else (REASON,)
        super().__init__(values, error=error)
        self.trigger = trigger
        self.claim = claim
        self.overriding = overriding
        self.changed = changed or []
        self.count = count
        self.SAVE = VERBS.get(trigger, trigger) + (" (override)" if overriding else "")

    def title_text(self) -> str:
        verb = VERBS.get(self.trigger, self.trigger)
        what = f"{self.count} marked claims" if self.count > 1 else f"claim #{self.claim.id}"
        return f"{verb} {what}" + (" (override)" if self.overriding else "")

    def body(self) -> ComposeResult:
        if self.changed:
            note = Text("Changed since you looked: ", style="bold")
            note.append("; ".join(self.changed))
            note.append(". This is its state now.")
            yield Static(note, classes="warning", id="changed")
        if self.count == 1:
            yield Static(claim_line(self.claim), classes="claim")
            rule = RULES_BY_TRIGGER[self.trigger]
            move = Text("Moves it ")
            move.append_text(fmt.status(self.claim.status))
            move.append(" → ")
            move.append_text(fmt.status(rule.dest))
            yield Static(move, classes="claim")
            if self.trigger == "confirm":
                yield Static(sources_note(self.claim), id="sources", classes="claim")
        else:
            yield Static(f"The same reason is recorded on each of the {self.count} claims; a claim the rules "
                         "refuse is left as it is and listed afterwards.", classes="claim")
        if self.overriding:
            warning = Text("Overriding the rule: ", style="bold")
            warning.append_text(literal(self.overriding))
            warning.append("\nThe override and your reason are recorded in the claim's history.")
            yield Static(warning, classes="warning")
        yield from super().body()

    def buttons(self) -> ComposeResult:
        yield Button(f"Cancel ({keys.key_of('dialog.cancel')})", id="cancel")
        yield Button(f"{self.SAVE} ({keys.key_of('form.next')})", id="ok",
                     variant="warning" if self.overriding else "primary")

    def hint(self) -> str:
        return (f"{keys.key_of('form.next')}: {self.SAVE.lower()} · {keys.key_of('form.newline')}: new line · "
                f"{keys.key_of('dialog.cancel')}: cancel, nothing changes")

    def action_save(self) -> None:
        result = self.collect()
        if not result.values.get("reason"):
            self.show_error("reason", "A reason is required.")
            return
        self.dismiss(result)

    def show_error(self, name: str, message: str) -> None:
        error = self.query_one(f"#e-{name}", Static)
        error.update(message)
        error.remove_class("-empty")
        self.query_one(f"#f-{name}").focus()


__all__ = ["VERBS", "FormResult", "ReasonDialog"]
