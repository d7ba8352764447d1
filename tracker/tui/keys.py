"""The one table of keys: what each key does, where, and how it is shown.

Read by every place that binds or names a key: the screens' `BINDINGS` (`bindings()`), the
footer (`tracker.tui.keybar`, by `rank`), the help screen (by `group`), the command palette
(`palette`), and the hints in the detail pane and the dialogs (`key_of`). No other module
spells a key. To add a key (the intake screen's `i`, say), add one `Key` row here; the screen
binds it to its `action`, and footer, help and palette pick it up.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

from tracker.domain.rules import RULES_BY_TRIGGER
from tracker.tui.viewdefs import VIEWS


@dataclass(frozen=True, slots=True)
class Key:
    """One key (or several keys for one action) and what it does."""

    id: str
    """Namespaced name, `claim.confirm`; its namespace titles the palette entry (`claim: confirm`)."""
    keys: str
    """Textual key names, comma separated (`f5,ctrl+r`); the first one is the one shown."""
    action: str
    """The action it runs on the screen it is bound in (`trigger('confirm')`)."""
    label: str
    """Short name in the footer and the help screen (`Confirm`)."""
    help: str
    """What it does, in a sentence (help screen, palette, tooltip)."""
    group: str
    """Help screen section: one of `GROUPS`."""
    where: str = "main"
    """The screen or widget that binds it: main, table, detail, dialog, form, refusal, conflict, help."""
    rank: int | None = None
    """Footer priority (lower is kept longer on a narrow terminal); None: never in the footer."""
    palette: bool = True
    """Offered in the command palette (main screen keys only)."""
    bind: bool = True
    """False for keys a widget already handles itself (the table's arrows): listed, not bound again."""
    priority: bool = False
    """Bound with priority (never for Enter in a form)."""


GROUPS: tuple[tuple[str, str], ...] = (
    ("move", "Move"),
    ("act", "Act on the highlighted claim (or the marked ones)"),
    ("views", "Views"),
    ("search", "Search and sort"),
    ("app", "App"),
    ("dialog", "In dialogs and forms"),
)
"""Help screen sections, in order."""


def _trigger_help(trigger: str) -> str:
    rule = RULES_BY_TRIGGER[trigger]
    return (f"{trigger}: {' or '.join(s.value for s in rule.sources)} → {rule.dest.value}; "
            f"guard: {rule.summary}; asks a reason")


KEYS: list[Key] = [
    # move: the table's own keys (DataTable binds the arrows and pages; listed here for help)
    Key("move.down", "down,j", "cursor_down", "Down", "Next claim", "move", where="table"),
    Key("move.up", "up,k", "cursor_up", "Up", "Previous claim", "move", where="table"),
    Key("move.pagedown", "pagedown", "page_down", "Page down", "A screenful down", "move", where="table",
        bind=False),
    Key("move.pageup", "pageup", "page_up", "Page up", "A screenful up", "move", where="table", bind=False),
    Key("move.first", "home,g", "first", "First", "First claim of the view (the top of the list)", "move",
        where="table"),
    Key("move.last", "end,G", "last", "Last", "Last claim of the view, however long the list", "move",
        where="table"),
    Key("move.detail", "tab", "app.focus('detail')", "Detail", "Into the detail pane (arrows scroll it); "
        "Tab again returns to the list", "move", where="table"),
    Key("move.back", "tab,shift+tab", "app.focus('claims')", "Back to the list", "Return to the claims table",
        "move", where="detail", bind=True),
    # act
    Key("claim.confirm", "c", "trigger('confirm')", "Confirm", _trigger_help("confirm"), "act", rank=3),
    Key("claim.contradict", "x", "trigger('contradict')", "Contradict", _trigger_help("contradict"), "act",
        rank=3),
    Key("claim.expire", "e", "trigger('expire')", "Expire", _trigger_help("expire"), "act", rank=7),
    Key("claim.reopen", "r", "trigger('reopen')", "Reopen", _trigger_help("reopen") + " and a new deadline",
        "act", rank=3),
    Key("claim.evidence", "v", "add_evidence", "Evidence", "Add an evidence item to the highlighted claim", "act",
        rank=4),
    Key("claim.edit", "E", "edit_claim", "Edit", "Edit the claim's text, speaker, times, source, tags "
        "(saved as one edit event)", "act", rank=9),
    Key("claim.assign", "s", "assign", "Assign", "Give the highlighted claim to an editor (blank: nobody)", "act",
        rank=8),
    Key("claim.link", "L", "link", "Link…", "Link the highlighted claim as a duplicate of another (the form starts "
        "on the best claim that reads like it); it then follows that claim's verdicts", "act"),
    Key("claim.take", "m", "take", "Mine", "Assign the highlighted (or marked) claims to me, in one key", "act",
        rank=10),
    Key("claim.mark", "space", "mark", "Mark", "Mark or unmark the claim; the next action applies to every "
        "marked claim", "act", rank=11),
    Key("claim.unmark", "u", "unmark_all", "Unmark all", "Clear every mark", "act"),
    Key("claim.add", "a", "add_claim", "Add", "Log a new claim", "act", rank=5),
    Key("claim.intake", "i", "intake", "Intake from article…", "Propose claims from a news article (a file or pasted text), "
        "review them and add the accepted ones", "act"),
    # views
    *(Key(f"view.{view.name}", view.key, f"view('{view.name}')", view.label, f"Show the {view.label} view",
          "views") for view in VIEWS),
    Key("views.all", "1-7", "view('all')", "Views", "Switch views with the digits 1-7", "views", rank=6,
        palette=False, bind=False),
    # search and sort
    Key("list.search", "slash", "search", "Search", "Filter by claim text or speaker as you type; Enter keeps "
        "it, Esc clears it", "search", rank=7),
    Key("list.clear_search", "escape", "clear_search", "Clear search", "Clear the search", "search"),
    Key("list.sort", "o", "sort", "Sort", "Next sort key: logged, last activity, deadline, said, speaker, "
        "status (workflow order)", "search", rank=12),
    Key("list.reverse", "O", "reverse_sort", "Reverse", "Reverse the sort order", "search", rank=13),
    Key("list.history_order", "H", "history_order", "History order", "Show the history newest first, or "
        "oldest first", "search"),
    # app
    Key("app.keys", "question_mark", "help", "Keys", "This list of keys", "app", rank=1),
    Key("app.palette", "ctrl+p", "app.command_palette", "Commands", "Every action by name (`claim: confirm`)",
        "app", rank=14, palette=False, bind=False),
    Key("list.refresh", "f5,ctrl+r", "refresh", "Refresh", "Reload what is on screen now (it also reloads "
        "by itself when anything changes)", "app"),
    Key("app.quit", "q", "app.quit", "Quit", "Leave tracker", "app", rank=2),
    Key("app.quit_anywhere", "ctrl+q", "app.quit", "Quit", "Leave tracker from anywhere", "app", where="app",
        priority=True, palette=False),
    # dialogs and forms
    Key("dialog.cancel", "escape", "cancel", "Cancel", "Close the dialog; nothing is changed", "dialog",
        where="dialog"),
    Key("form.next", "enter", "", "Next field", "Next field; on the last field, save (in a dialog: apply)",
        "dialog", where="form", bind=False),
    Key("form.save", "ctrl+s", "save", "Save", "Save the form from any field", "dialog", where="form",
        bind=False),  # handled by the fields, in order with the keys typed before it
    Key("form.newline", "ctrl+j", "", "New line", "A line break in a multi-line field (Shift+Enter too, "
        "where the terminal sends it)", "dialog", where="form", bind=False),
    Key("form.tab", "tab", "", "Next field", "Next field (Shift+Tab: previous)", "dialog", where="form",
        bind=False),
    Key("refusal.override", "o", "override", "Override…", "Apply the move anyway; asks a reason, and the "
        "override is recorded", "dialog", where="refusal"),
    Key("refusal.evidence", "v", "evidence", "Add evidence…", "Add an evidence item, then the move is tried "
        "again", "dialog", where="refusal"),
    Key("conflict.retry", "y", "retry", "Apply again", "Apply the same change to the claim's new state",
        "dialog", where="conflict"),
    Key("conflict.back", "b", "back", "Back to the form", "Back to what you typed, to change it", "dialog",
        where="conflict"),
    Key("help.close", "escape,question_mark,q", "close", "Close", "Close the help", "dialog", where="help"),
]
"""Every key of the app, grouped for the help screen; the order is the footer's and the help's."""

KEYS_BY_ID: dict[str, Key] = {key.id: key for key in KEYS}

SHOWN: dict[str, str] = {
    "slash": "/", "question_mark": "?", "space": "Space", "escape": "Esc", "enter": "Enter", "tab": "Tab",
    "shift+tab": "Shift+Tab", "pagedown": "PgDn", "pageup": "PgUp", "home": "Home", "end": "End",
    "up": "↑", "down": "↓", "left": "←", "right": "→", "f5": "F5",
}


def shown(name: str) -> str:
    """How a Textual key name is written for people: `/`, `Ctrl+S`, `PgDn`, `E`."""
    if name in SHOWN:
        return SHOWN[name]
    if name.startswith("ctrl+"):
        return "Ctrl+" + name.removeprefix("ctrl+").upper()
    return name


def key_of(key_id: str) -> str:
    """The key people press for `key_id` (its first key), as written for people."""
    return shown(KEYS_BY_ID[key_id].keys.split(",")[0])


def keys_of(key: Key) -> str:
    """Every key of one row, as written for people: `Home g`."""
    return " ".join(shown(name) for name in key.keys.split(","))


def parse(action: str) -> tuple[str, tuple[object, ...]]:
    """`trigger('confirm')` -> ("trigger", ("confirm",)): an action string as name and parameters."""
    name, _, arg = action.partition("(")
    return name, ((arg.rstrip(")").strip("'"),) if arg else ())


def in_place(where: str) -> list[Key]:
    """The rows bound in one place."""
    return [key for key in KEYS if key.where == where]


def bindings(where: str) -> list[BindingType]:
    """Textual bindings for one place (the footer is drawn by KeyBar, so none is shown by Textual's)."""
    found: list[BindingType] = [
        Binding(key.keys, key.action, key.label, show=False, tooltip=key.help, id=key.id, priority=key.priority)
        for key in in_place(where) if key.bind
    ]
    return found
