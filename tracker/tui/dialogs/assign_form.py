"""Assign a claim: the editor's name (blank: nobody)."""

from __future__ import annotations

from tracker.tui.dialogs.form import Field, Form


class AssignForm(Form):
    """Give the highlighted (or the marked) claims to an editor."""

    TITLE_TEXT = "Assign claim"
    SAVE = "Assign"
    FIELDS = (Field("assignee", "Assignee", "editor name (blank to unassign)"),)
