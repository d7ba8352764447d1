"""Fixtures for the CLI, storage and batch tests (helpers live in cli_support.py)."""

from cli_support import (  # noqa: F401 - pytest finds fixtures and hooks by name here
    _clean_env,
    cli,
    db_path,
    tr,
    desk,
)
