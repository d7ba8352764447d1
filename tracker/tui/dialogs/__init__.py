"""The dialogs, one per module: each a `ModalScreen` that returns what the editor chose (None: cancelled).

None of them touches the database; the screen's actions (`tracker.tui.acts`) run the service calls.
`base` is the frame they share (a body that scrolls, buttons that stay visible), `form` the fields.
"""
