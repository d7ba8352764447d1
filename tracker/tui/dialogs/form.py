"""Forms: labelled fields, one-line or multi-line, saved with Enter on the last field, Ctrl+S or the button.

Keys are handled by the fields themselves, in the order they arrived: Enter in a field moves the
focus on (or saves, on the last field) when the field reaches it, after every key typed before it
is in. A key that was already on its way to a field when Enter moved on is passed to the field
that has focus now. So a burst of keys (a paste of keystrokes, a laggy SSH link) lands where it was
typed, and nothing is saved before it is in. (Enter is never a priority binding: that runs before
the keys queued for the field, and saved empty fields.)

A value the service refuses keeps the form open with everything typed, the message under the
field at fault, in words (`Said at: cannot read …`, not `said_at:`), and the cursor in that field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)

from tracker.service.views import ClaimView
from tracker.tui import keys
from tracker.tui.dialogs.base import Dialog, claim_line
from tracker.tui.safe import literal


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a form."""

    name: str
    """The service's name for it (and in its error messages): `said_at`."""
    label: str
    placeholder: str = ""
    required: bool = False
    multiline: bool = False
    aliases: tuple[str, ...] = ()
    """Other words the service's messages use for it (`tag` for tags)."""

    @property
    def words(self) -> str:
        return self.label


@dataclass(slots=True)
class FormResult:
    """What a form returns: field name -> text as typed (blank fields omitted), and a choice (the stance)."""

    values: dict[str, str] = field(default_factory=dict)
    choice: str | None = None


SAVE_KEYS = ("ctrl+s",)
"""Keys that save the form from any field: handled by the field, in order with the keys typed before them."""
IN_ORDER = ("enter", "tab", "shift+tab", *SAVE_KEYS)
"""Keys a field handles itself, after the keys before them are in (never as a binding, which runs first)."""
TYPEAHEAD = (*IN_ORDER, "backspace", "ctrl+u", "ctrl+j")
"""Keys besides characters that are kept for a form that is opening, and typed into it once it is open."""


class _Passes:
    """Key handling shared by the field widgets: move on in order, pass late keys on."""

    _moved_on = False

    def _late(self, event: events.Key) -> bool:
        """A key that reached this field after Enter or Tab moved the focus on: hand it to the focused widget."""
        widget: Any = self
        if not self._moved_on:
            return False
        focused = widget.app.focused
        if focused is None or focused is widget:
            return False
        event.stop()
        event.prevent_default()
        focused._forward_event(events.Key(event.key, event.character))
        return True

    def _move(self, event: events.Key) -> bool:
        """Enter, Tab and Shift+Tab, handled here in order with the keys before them."""
        widget: Any = self
        form = widget.screen
        if event.key not in IN_ORDER or not isinstance(form, Form):
            return False
        event.stop()
        event.prevent_default()
        self._moved_on = True
        if event.key in SAVE_KEYS:
            form.action_save()
        else:
            form.move_on(widget, event.key)
        return True

    def _on_focus_again(self) -> None:
        self._moved_on = False


class FieldInput(_Passes, Input):
    """A one-line field."""

    async def _on_key(self, event: events.Key) -> None:
        if not self._late(event):
            self._move(event)  # else Input's own handler (next in the MRO) takes the key

    def on_focus(self) -> None:
        self._on_focus_again()


class FieldArea(_Passes, TextArea):
    """A multi-line field that wraps; Ctrl+J (or Shift+Enter) starts a new line."""

    DEFAULT_CSS = """
    FieldArea { height: auto; min-height: 2; max-height: 6; width: 1fr; background: $boost; padding: 0; }
    FieldArea:focus { background: $primary 30%; }
    """

    async def _on_key(self, event: events.Key) -> None:
        if self._late(event):
            return
        if event.key in ("ctrl+j", "shift+enter"):
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        self._move(event)  # else TextArea's own handler (next in the MRO) takes the key

    def on_focus(self) -> None:
        self._on_focus_again()

    def on_paste(self, event: events.Paste) -> None:
        event.stop()  # TextArea's own handler (next in the MRO) inserts it; it goes no further

    @property
    def value(self) -> str:
        return self.text


class StanceSet(_Passes, RadioSet):
    """The stances; the arrow keys choose directly (the highlight is the choice), Enter moves on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        ("down,right", "step(1)", "Next stance"),
        ("up,left", "step(-1)", "Previous stance"),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if not self._late(event):
            self._move(event)

    def on_focus(self) -> None:
        self._on_focus_again()

    def on_mount(self) -> None:
        self._selected = max(self.pressed_index, 0)

    def action_step(self, delta: int) -> None:
        buttons = list(self.query(RadioButton))
        index = (max(self.pressed_index, 0) + delta) % len(buttons)
        buttons[index].value = True
        self._selected = index

    @property
    def value(self) -> str:
        pressed = self.pressed_button
        return pressed.name or "" if pressed is not None else ""


FIELD_WIDGETS = (FieldInput, FieldArea, StanceSet)
"""The widgets a form's fields are made of."""


class Form(Dialog[FormResult | None]):
    """Labelled fields; Enter moves to the next field and saves on the last; Ctrl+S saves from anywhere."""

    BINDINGS = keys.bindings("form")

    DEFAULT_CSS = """
    Form .field { height: auto; margin-top: 1; }
    Form .flabel { width: 16; color: $text-muted; }
    Form Input.-textual-compact { background: $boost; width: 1fr; }
    Form Input.-textual-compact:focus { background: $primary 40%; }
    Form .ferror { color: $error; margin-left: 16; height: auto; }
    Form .matches { color: $warning; margin-left: 16; height: auto; }
    Form StanceSet { layout: horizontal; height: 1; width: 1fr; }
    Form StanceSet > RadioButton { width: auto; margin-right: 3; }
    """

    FIELDS: tuple[Field, ...] = ()
    SAVE = "Save"

    def __init__(self, values: dict[str, str] | None = None, *, error: str | None = None,
                 subject: ClaimView | None = None) -> None:
        super().__init__()
        self.values = dict(values or {})
        self.error = error
        self.subject = subject
        self.error_field, self.error_words = self.place_error(error)
        self._typeahead: list[events.Key] = []

    # ------------------------------------------------------------------ layout

    def body(self) -> ComposeResult:
        if self.subject is not None:
            yield Static(claim_line(self.subject), classes="claim")
            yield from self.about_subject(self.subject)
        general = self.error if self.error and self.error_field is None else ""
        yield Static(literal(general), classes="error" if general else "error -empty", id="error")
        yield from self.extra()
        for spec in self.FIELDS:
            with Horizontal(classes="field"):
                yield Label(spec.label + (" *" if spec.required else ""), classes="flabel")
                yield self.widget_for(spec)
            message = self.error_words if spec.name == self.error_field else ""
            yield Static(Text(message), classes="ferror" if message else "ferror -empty", id=f"e-{spec.name}")
            yield from self.after_field(spec.name)
        yield Static(self.hint(), classes="hint")

    def widget_for(self, spec: Field) -> Widget:
        value = self.values.get(spec.name, "")
        if spec.multiline:
            area = FieldArea(value, id=f"f-{spec.name}", soft_wrap=True, compact=True, show_line_numbers=False,
                             tab_behavior="focus", placeholder=spec.placeholder)
            return area
        return FieldInput(value, placeholder=spec.placeholder, id=f"f-{spec.name}", compact=True)

    def hint(self) -> str:
        return (f"{keys.key_of('form.tab')} / {keys.key_of('form.next')}: next field ({keys.key_of('form.next')} on "
                f"the last saves) · {keys.key_of('form.newline')}: new line in a long field · "
                f"{keys.key_of('form.save')}: save · {keys.key_of('dialog.cancel')}: cancel")

    def buttons(self) -> ComposeResult:
        yield Button(f"Cancel ({keys.key_of('dialog.cancel')})", id="cancel")
        yield Button(f"{self.SAVE} ({keys.key_of('form.save')})", id="ok", variant="primary")

    def after_field(self, name: str) -> ComposeResult:
        """Widgets under field `name` (the claim form's matches under the text)."""
        yield from ()

    def extra(self) -> ComposeResult:
        """Widgets above the fields (the evidence form's stance)."""
        yield from ()

    def about_subject(self, subject: ClaimView) -> ComposeResult:
        """What else the form shows about the claim it is for."""
        yield from ()

    # ------------------------------------------------------------------ errors at the field

    def place_error(self, error: str | None) -> tuple[str | None, str]:
        """The field a service message is about, and the message in words (`Said at: …`)."""
        if not error:
            return None, ""
        for spec in self.FIELDS:
            for name in (spec.name, *spec.aliases):
                for sep in (":", " "):
                    if error.startswith(name + sep):
                        rest = error[len(name):]
                        return spec.name, spec.label + rest
        return None, error

    # ------------------------------------------------------------------ focus and saving

    def on_mount(self) -> None:
        super().on_mount()
        if self.chain():  # no fields when a key closed the form before it was up
            self.first_focus().focus()

    def on_key(self, event: events.Key) -> None:
        """Keys typed right after the key that opened the form reach it before a field has focus: they are
        kept, and passed to the field once it has focus, in the order they came. (A field handles its own
        characters, Enter and Tab, so one of those that reaches the form itself was never seen by a field.)"""
        if self.focused is None or self._typeahead:
            if not (event.is_printable or event.key in TYPEAHEAD):
                return
        elif not isinstance(self.focused, FIELD_WIDGETS):
            if event.key in SAVE_KEYS:  # a button has focus: save at once (nothing is on its way to a field)
                event.stop()
                self.action_save()
            return
        elif not (event.is_printable or event.key in IN_ORDER):
            return  # a key a field passed up (Backspace, Esc): the bindings take it
        event.stop()
        event.prevent_default()
        self._typeahead.append(events.Key(event.key, event.character))
        self._pass_typeahead()

    def type_ahead(self, event: events.Key) -> None:
        """A key typed before this form was open (the app hands it over): into the field, in order."""
        self._typeahead.append(events.Key(event.key, event.character))
        self._pass_typeahead()

    def on_descendant_focus(self) -> None:
        self._pass_typeahead()

    def _pass_typeahead(self) -> None:
        focused = self.focused
        if isinstance(focused, FIELD_WIDGETS) and self._typeahead:
            keys_now, self._typeahead = self._typeahead, []
            for key in keys_now:
                focused._forward_event(key)

    def first_focus(self) -> Widget:
        if self.error_field is not None:
            return self.query_one(f"#f-{self.error_field}")
        return self.chain()[0]

    def chain(self) -> list[Widget]:
        """The fields in the order Enter and Tab go through them."""
        return [w for w in self.query("FieldInput, FieldArea, StanceSet") if isinstance(w, FIELD_WIDGETS)]

    def move_on(self, widget: Widget, key: str) -> None:
        """Enter/Tab/Shift+Tab from field `widget`: the next (or previous) field; Enter on the last saves."""
        chain = self.chain()
        index = chain.index(widget) if widget in chain else len(chain) - 1
        if key == "shift+tab":
            self.set_focus(chain[index - 1] if index > 0 else self.query_one("#ok", Button))
        elif index + 1 < len(chain):
            self.set_focus(chain[index + 1])
        elif key == "enter":
            self.action_save()
        else:
            self.set_focus(self.query_one("#cancel", Button))

    def collect(self) -> FormResult:
        values = {}
        for spec in self.FIELDS:
            text = str(getattr(self.query_one(f"#f-{spec.name}"), "value", "")).strip()
            if text:
                values[spec.name] = text
        return FormResult(values)

    def action_save(self) -> None:
        self.dismiss(self.collect())

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def stance_row(stances: tuple[str, ...], chosen: str, marks: dict[str, str]) -> ComposeResult:
    """The stance radio row of the evidence form (the chosen one pressed and highlighted)."""
    with Horizontal(classes="field"):
        yield Label("Stance *", classes="flabel")
        with StanceSet(id="stance", compact=True):
            for stance in stances:
                yield RadioButton(f"{marks[stance]} {stance}", value=stance == chosen, id=f"stance-{stance}",
                                  name=stance)
