"""The triage terminal UI (Textual): `tracker` with no command, `tracker tui`, `tracker demo`.

Thin over the service layer: every read and write goes through `tracker.service`, in
worker threads, one unit of work each. Only `tracker.cli.ui` imports this package.
"""
