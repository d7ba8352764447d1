"""The dialogs: a reason for a trigger, a refusal with its override choice, and the three forms.

Each is a `ModalScreen[T]` that returns what the editor entered (or None when
cancelled); none of them touches the database. Every piece of stored text shown
here goes through `tracker.tui.safe` so it is displayed literally.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from tracker.domain.rules import RULES_BY_TRIGGER
from tracker.service.views import ClaimView
from tracker.tui import fmt
from tracker.tui.safe import clip, literal
from tracker.tui.standing import supporting

VERBS: dict[str, str] = {"confirm": "Confirm", "contradict": "Contradict", "expire": "Expire", "reopen": "Reopen"}


def _claim_line(claim: ClaimView, width: int = 300) -> Text:
    line = Text(f"#{claim.id} ", style="bold")
    line.append_text(fmt.status(claim.status))
    line.append("  ")
    line.append_text(clip(claim.speaker, 40, "italic"))
    line.append("\n")
    line.append_text(clip(claim.text, width))
    return line


def sources_note(claim: ClaimView) -> Text:
    """``Supporting evidence so far: The Telegraph (2 items)``, and that one outlet counts once."""
    tally = supporting(claim)
    if not tally:
        return Text("No supporting evidence yet.")
    text = Text("Supporting evidence so far: ")
    for i, source in enumerate(tally):
        if i:
            text.append(", ")
        text.append_text(literal(source.name, "bold", one_line=True))
        text.append(f" ({source.items} item{'s' if source.items > 1 else ''})")
    if any(source.items > 1 for source in tally):
        text.append("\nItems from the same outlet count as one source.")
    return text


class _Dialog(ModalScreen):
    """Common frame: a bordered box in the middle, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without changing anything")]

    DEFAULT_CSS = """
    _Dialog { align: center middle; }
    _Dialog > #dialog {
        width: 84; max-width: 95%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    _Dialog #title { text-style: bold; margin-bottom: 1; width: 1fr; }
    _Dialog .claim { margin-bottom: 1; color: $text-muted; }
    _Dialog .warning { color: $warning; margin-bottom: 1; }
    _Dialog .refusal { color: $error; text-style: bold; margin-bottom: 1; }
    _Dialog .hint { color: $text-muted; margin-top: 1; }
    _Dialog .error { color: $error; text-style: bold; height: auto; }
    _Dialog .error.-empty { display: none; }
    _Dialog .buttons { height: auto; margin-top: 1; align-horizontal: right; }
    _Dialog .buttons Button { margin-left: 2; }
    _Dialog .label { margin-top: 1; color: $text-muted; }
    _Dialog Input { width: 1fr; }
    _Dialog #fields { height: auto; max-height: 20; }
    _Dialog .field { height: 1; margin-top: 1; }
    _Dialog .flabel { width: 14; color: $text-muted; }
    _Dialog Input.-textual-compact { background: $boost; }
    _Dialog Input.-textual-compact:focus { background: $primary 40%; }
    _Dialog StanceSet { layout: horizontal; height: 1; width: 1fr; }
    _Dialog StanceSet > RadioButton { width: auto; margin-right: 3; }
    """

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReasonModal(_Dialog):
    """Ask why a trigger is fired; returns the reason, or None when cancelled."""

    def __init__(self, trigger: str, claim: ClaimView, *, overriding: str | None = None, reason: str = "") -> None:
        super().__init__()
        self.trigger = trigger
        self.claim = claim
        self.overriding = overriding
        self.reason = reason

    def compose(self) -> ComposeResult:
        rule = RULES_BY_TRIGGER[self.trigger]
        verb = VERBS.get(self.trigger, self.trigger)
        with Vertical(id="dialog"):
            title = f"{verb} claim #{self.claim.id}" + (" (override)" if self.overriding else "")
            yield Label(title, id="title")
            yield Static(_claim_line(self.claim), classes="claim")
            move = Text("Moves it ")
            move.append_text(fmt.status(self.claim.status))
            move.append(" → ")
            move.append_text(fmt.status(rule.dest))
            yield Static(move, classes="claim" if self.trigger == "confirm" else "")
            if self.trigger == "confirm":
                yield Static(sources_note(self.claim), id="sources")
            if self.overriding:
                warning = Text("Overriding the rule: ", style="bold")
                warning.append_text(literal(self.overriding))
                warning.append("\nThe override and your reason are recorded in the claim's history.")
                yield Static(warning, classes="warning")
            yield Label("Reason (required, recorded in history)", classes="label")
            yield Input(self.reason, placeholder="why?", id="reason")
            yield Static("", classes="error -empty", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                yield Button(
                    f"{verb} (override) ⏎" if self.overriding else f"{verb} ⏎",
                    id="ok",
                    variant="warning" if self.overriding else "primary",
                )

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            error = self.query_one("#error", Static)
            error.update("A reason is required.")
            error.remove_class("-empty")
            self.query_one("#reason", Input).focus()
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


EVIDENCE_HELPS = {"confirm": "supports", "contradict": "contradicts"}
"""Triggers whose guard more evidence can satisfy, and the stance that would."""


class RefusalModal(_Dialog):
    """The rules said no: show the rule's own message and what would satisfy it.

    Returns "override" (fire anyway: asks for a reason, recorded), "evidence" (add an
    evidence item first, for the guards evidence can satisfy), or None (leave it).
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Leave the claim as it is"),
        Binding("o", "override", "Override…", tooltip="Fire anyway; asks for a reason, recorded in history"),
        Binding("v", "evidence", "Add evidence…", tooltip="Add an evidence item, then try again"),
    ]

    def __init__(self, trigger: str, claim: ClaimView, message: str, *, overridable: bool = True) -> None:
        super().__init__()
        self.trigger = trigger
        self.claim = claim
        self.message = message
        self.overridable = overridable

    def compose(self) -> ComposeResult:
        verb = VERBS.get(self.trigger, self.trigger)
        with Vertical(id="dialog"):
            yield Label(f"The rules refuse: {verb.lower()} claim #{self.claim.id}", id="title")
            yield Static(_claim_line(self.claim), classes="claim")
            yield Static(literal(self.message), classes="refusal", id="message")
            if self.trigger == "confirm":
                yield Static(self._sources(), classes="claim", id="sources")
            choices = "Nothing was changed."
            if self.trigger in EVIDENCE_HELPS:
                what = ("supporting evidence from another source" if self.trigger == "confirm"
                        else "a contradicting evidence item")
                choices += f" Add {what} (v), and {self.trigger} is tried again."
            if self.overridable:
                choices += (" Or override the rule (o): you will be asked for a reason, and the override, "
                            "the rule and your reason are recorded in the claim's history.")
            yield Static(choices, id="choices")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                if self.trigger in EVIDENCE_HELPS:
                    yield Button("Add evidence… (v)", id="evidence")
                if self.overridable:
                    yield Button("Override… (o)", id="override", variant="warning")

    def _sources(self) -> Text:
        return sources_note(self.claim)

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

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

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(slots=True)
class FormResult:
    """What a form returns: field name -> text as typed (blank fields omitted)."""

    values: dict[str, str] = field(default_factory=dict)
    choice: str | None = None
    """The stance of an evidence form."""


class _Form(_Dialog):
    """Labelled inputs; Enter moves to the next field and saves on the last; Ctrl+S saves from anywhere."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", tooltip="Save the form"),
        # priority: the focus moves before the next key is dispatched, so fast typing lands in the next field
        Binding("enter", "enter", "Next field / save", show=False, priority=True),
    ]

    FIELDS: tuple[tuple[str, str, str], ...] = ()
    """(name, label, placeholder) of each input, in order."""
    TITLE = ""
    SAVE = "Save"
    HINT = "Tab / Enter: next field (Enter on the last saves) · Ctrl+S: save · Esc: cancel"

    def __init__(self, values: dict[str, str] | None = None, *, error: str | None = None,
                 subject: ClaimView | None = None) -> None:
        super().__init__()
        self.values = dict(values or {})
        self.error = error
        self.subject = subject

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.TITLE, id="title")
            if self.subject is not None:
                yield Static(_claim_line(self.subject), classes="claim")
                yield from self.about_subject(self.subject)
            yield Static(literal(self.error or ""), classes="error" if self.error else "error -empty", id="error")
            with VerticalScroll(id="fields", can_focus=False):
                yield from self.extra()
                for name, label, placeholder in self.FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label, classes="flabel")
                        yield Input(self.values.get(name, ""), placeholder=placeholder, id=f"f-{name}", compact=True)
            yield Static(self.HINT, classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                yield Button(f"{self.SAVE} (^S)", id="ok", variant="primary")

    def extra(self) -> ComposeResult:
        yield from ()

    def about_subject(self, subject: ClaimView) -> ComposeResult:
        """What else the form shows about the claim it is for."""
        yield from ()

    def on_mount(self) -> None:
        self.field_in_error().focus()

    def field_in_error(self):  # type: ignore[no-untyped-def]
        """The input the error message names ('said_at: ...', 'speaker must not be empty'), else the first."""
        if self.error:
            for name, _, _ in self.FIELDS:
                if self.error.startswith((f"{name}:", f"{name} ")):
                    return self.query_one(f"#f-{name}", Input)
        return self.first_field()

    def first_field(self):  # type: ignore[no-untyped-def]
        """The field that has focus when the form opens."""
        return self.query(Input).first()

    def collect(self) -> FormResult:
        values = {}
        for name, _, _ in self.FIELDS:
            text = self.query_one(f"#f-{name}", Input).value.strip()
            if text:
                values[name] = text
        return FormResult(values)

    def action_enter(self) -> None:
        """Enter: press the focused button; in a field, go to the next one (save on the last)."""
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
            return
        chain = [w for w in self.focus_chain if isinstance(w, (Input, RadioSet))]
        if focused not in chain or focused is chain[-1]:
            self.action_save()
        else:
            self.set_focus(chain[chain.index(focused) + 1])

    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        self.dismiss(self.collect())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ClaimForm(_Form):
    """A new claim (the fields of `tracker add`)."""

    TITLE = "Add a claim"
    SAVE = "Add claim"
    FIELDS = (
        ("text", "Claim text *", "what was claimed, as said"),
        ("speaker", "Speaker *", "who said it"),
        ("said_at", "Said at", "e.g. 2026-01-29 14:00 Washington time, yesterday 9am, -2h"),
        ("source", "Source", "the outlet that reported it"),
        ("url", "URL", "https://…"),
        ("expires_at", "Deadline", "e.g. +2d, tomorrow 18:00, never (blank: the default_expiry rule)"),
        ("tags", "Tags", "space or comma separated"),
        ("assignee", "Assignee", "editor who owns it"),
    )


class StanceSet(RadioSet):
    """The three stances; the arrow keys choose directly (no separate select step), Enter moves on."""

    BINDINGS = [
        Binding("down,right", "step(1)", "Next stance", show=False),
        Binding("up,left", "step(-1)", "Previous stance", show=False),
    ]

    def action_step(self, delta: int) -> None:
        buttons = list(self.query(RadioButton))
        pressed = self.pressed_index if self.pressed_index >= 0 else 0
        index = (pressed + delta) % len(buttons)
        buttons[index].value = True
        self._selected = index


class EvidenceForm(_Form):
    """A new evidence item for the highlighted claim (the fields of `tracker evidence`)."""

    TITLE = "Add evidence"
    SAVE = "Add evidence"
    HINT = "←/→: stance · Tab / Enter: next field (Enter on the last saves) · Ctrl+S: save · Esc: cancel"
    FIELDS = (
        ("source", "Source *", "where the evidence comes from"),
        ("url", "URL", "https://…"),
        ("note", "Note", "what it says"),
    )
    STANCES = ("supports", "contradicts", "context")

    def about_subject(self, subject: ClaimView) -> ComposeResult:
        if subject.evidence:
            yield Static(sources_note(subject), classes="claim", id="sources")

    def extra(self) -> ComposeResult:
        chosen = self.values.get("stance", "supports")
        with Horizontal(classes="field"):
            yield Label("Stance *", classes="flabel")
            with StanceSet(id="stance", compact=True):
                for stance in self.STANCES:
                    mark = fmt.STANCE_MARK[stance]
                    yield RadioButton(f"{mark} {stance}", value=stance == chosen, id=f"stance-{stance}")

    def first_field(self):  # type: ignore[no-untyped-def]
        return self.query_one("#stance", StanceSet)

    def collect(self) -> FormResult:
        result = super().collect()
        pressed = self.query_one("#stance", RadioSet).pressed_button
        result.choice = pressed.id.removeprefix("stance-") if pressed and pressed.id else "supports"
        return result


class AssignForm(_Form):
    """Give the highlighted claim to an editor (blank: unassign)."""

    TITLE = "Assign claim"
    SAVE = "Assign"
    FIELDS = (("assignee", "Assignee (blank to unassign)", "editor name"),)
