"""Link a claim as a duplicate of another (`tracker link ID --duplicate-of OTHER --reason TEXT`)."""

from __future__ import annotations

from tracker.tui.dialogs.form import Field, Form


class LinkForm(Form):
    """The primary's id (prefilled with the best "reads like" candidate) and why."""

    TITLE_TEXT = "Link as a duplicate"
    SAVE = "Link"
    FIELDS = (Field("primary", "Duplicate of #", "the id of the claim this one repeats", required=True),
              Field("reason", "Reason", "why they are the same claim (recorded in the history)", required=True,
                    multiline=True))

