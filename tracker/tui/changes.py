"""History events in words, for notices and conflicts: "cli-bot confirmed #16", "cli-bot added evidence
from TASS" (no Textual here)."""

from __future__ import annotations

from tracker.service.views import EventView
from tracker.tui.safe import clean

PAST: dict[str, str] = {"confirm": "confirmed", "contradict": "contradicted", "expire": "expired",
                        "reopen": "reopened", "add": "logged", "edit": "edited", "link": "linked",
                        "unlink": "unlinked"}


def describe(event: EventView, *, with_id: bool = True) -> str:
    """One event as a short sentence: who did what (to which claim, when `with_id`)."""
    who = clean(event.actor, one_line=True)
    ref = f"#{event.claim_id}"
    info = event.detail
    if event.action == "evidence":
        stance = clean(info.get("stance", ""), one_line=True)
        what = f"added {'contradicting ' if stance == 'contradicts' else ''}evidence from " \
               f"{clean(info.get('source', '?'), one_line=True)}"
        return f"{who} {what}" + (f" to {ref}" if with_id else "")
    if event.action == "assign":
        name = info.get("assignee")
        what = f"assigned {ref if with_id else 'it'} to {clean(name, one_line=True)}" if name else \
            f"unassigned {ref if with_id else 'it'}"
        return f"{who} {what}"
    if event.action == "edit":
        changes = event.payload.get("changes")
        fields = list(changes) if isinstance(changes, dict) else (
            info.get("changed") or info.get("fields") or [k for k in info if k not in ("previous",)])
        named = ", ".join(clean(f, one_line=True) for f in fields if isinstance(f, str))
        return f"{who} edited {ref if with_id else 'it'}" + (f" ({named})" if named else "")
    verb = PAST.get(event.action, clean(event.action, one_line=True))
    text = f"{who} {verb}" + (f" {ref}" if with_id else "")
    if event.override:
        text += " (override)"
    return text
