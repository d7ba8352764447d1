"""The Textual triage UI (opened by `tracker`, `tracker tui` and `tracker demo`)."""
