"""Edit a claim: the claim's fields prefilled, and a reason; saved as one `edit` event of what was changed.

Only the fields the editor changed are sent (`edit_of`), so a said time or a deadline left as it was
is never read again (and can never move), and a change applied again to a claim changed underneath
changes only what this editor changed.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.service.claims import UNSET, ClaimEdit
from tracker.service.views import ClaimView
from tracker.tui.dialogs.claim_form import CLAIM_FIELDS, split_tags
from tracker.tui.dialogs.form import Field, Form

EDIT_FIELDS: tuple[Field, ...] = (
    *(spec for spec in CLAIM_FIELDS if spec.name != "assignee"),
    Field("reason", "Reason", "why it is edited (recorded in the history)", required=True, multiline=True),
)
"""The claim's fields (the assignee has its own key) and the reason."""

EDITABLE = ("text", "speaker", "said_at", "source", "url", "expires_at")


def _zone(name: str | None, fallback: str) -> ZoneInfo:
    for candidate in (name, fallback):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def _written(at: datetime, zone: ZoneInfo, precision: str | None) -> str:
    """A time as the time grammar reads it back: ``2026-01-29 11:30 America/New_York``, or the day alone."""
    try:
        local = at.astimezone(zone)
    except (OverflowError, ValueError):
        return at.isoformat()
    if precision in ("day", "part"):
        return f"{local:%Y-%m-%d} {zone.key}"
    return f"{local:%Y-%m-%d %H:%M} {zone.key}"


def edit_values(claim: ClaimView, desk_tz: str) -> dict[str, str]:
    """The form's starting text for `claim`: its values, times written in full in their zones."""
    values = {
        "text": claim.text,
        "speaker": claim.speaker,
        "source": claim.source or "",
        "url": claim.url or "",
        "tags": " ".join(claim.tags),
        "expires_at": "never" if claim.expires_at is None
        else _written(claim.expires_at, _zone(desk_tz, "UTC"), None),
        "said_at": "" if claim.said_at is None
        else _written(claim.said_at, _zone(claim.said_tz, desk_tz), claim.said_precision),
    }
    return {name: value for name, value in values.items() if value}


def edit_of(before: dict[str, str], typed: dict[str, str]) -> ClaimEdit | None:
    """The edit of what changed between the prefilled text and the typed text (None: nothing changed).

    A field emptied is sent empty (the service says whether that field may be empty)."""
    changed: dict[str, object] = {}
    for name in EDITABLE:
        now = typed.get(name, "").strip()
        if now != before.get(name, "").strip():
            changed[name] = now
    old_tags, new_tags = set(split_tags(before.get("tags", ""))), set(split_tags(typed.get("tags", "")))
    add, remove = tuple(sorted(new_tags - old_tags)), tuple(sorted(old_tags - new_tags))
    if not changed and not add and not remove:
        return None
    return ClaimEdit(**{name: changed.get(name, UNSET) for name in EDITABLE}, add_tags=add, remove_tags=remove)


class EditForm(Form):
    """The highlighted claim's fields, to change; a reason is asked (it is recorded with the edit)."""

    SAVE = "Save edit"
    FIELDS = EDIT_FIELDS

    def __init__(self, values: dict[str, str] | None = None, *, claim_id: int, error: str | None = None) -> None:
        super().__init__(values, error=error)
        self.claim_id = claim_id

    def title_text(self) -> str:
        return f"Edit claim #{self.claim_id}"
