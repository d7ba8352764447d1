"""Add a claim: the fields of `tracker add` (text and speaker required)."""

from __future__ import annotations

from tracker.tui.dialogs.form import Field, Form

CLAIM_FIELDS: tuple[Field, ...] = (
    Field("text", "Claim text", "what was claimed, as said", required=True, multiline=True),
    Field("speaker", "Speaker", "who said it", required=True),
    Field("said_at", "Said at", "e.g. 2026-01-29 14:00 Washington time, yesterday 9am, -2h"),
    Field("source", "Source", "the outlet that reported it"),
    Field("url", "URL", "https://…"),
    Field("expires_at", "Deadline", "e.g. +2d, tomorrow 18:00, never (blank: the default_expiry rule)",
          aliases=("expires",)),
    Field("tags", "Tags", "space or comma separated", aliases=("tag",)),
    Field("assignee", "Assignee", "editor who owns it"),
)
"""The claim's fields, shared with the edit form."""


class ClaimForm(Form):
    """A new claim."""

    TITLE_TEXT = "Add a claim"
    SAVE = "Add claim"
    FIELDS = CLAIM_FIELDS


def split_tags(text: str) -> list[str]:
    """Tags as typed in the form: separated by spaces and/or commas."""
    return [part for part in text.replace(",", " ").split() if part]
