"""The editor's actions on the main screen: each one a dialog or form, then one service call.

`Acts` is what the main screen inherits: `base.Flows` (the one form loop, conflicts), then
`claims` (add, evidence, assign, mine, edit, intake), `moves` (the triggers) and `marks`
(Space and the bulk use case), each adding its actions to the one before.
"""

from tracker.tui.acts.marks import MarkActs as Acts

__all__ = ["Acts"]
