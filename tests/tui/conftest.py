"""Fixtures and hooks for the TUI tests (helpers live in tui_support.py)."""

from tui_support import (  # noqa: F401 - pytest finds fixtures and hooks by name here
    template,
    db,
    twin,
    desk,
    cli,
    pytest_pyfunc_call,
)
