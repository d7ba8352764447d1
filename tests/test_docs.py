"""Docs generated from code stay equal to it, and every command is documented."""

from __future__ import annotations

from pathlib import Path

from tracker.cli.main import LazyGroup
from tracker.domain.diagram import lifecycle_page

ROOT = Path(__file__).resolve().parents[1]


def test_lifecycle_page_is_generated_from_the_rules() -> None:
    assert (ROOT / "docs" / "lifecycle.md").read_text(encoding="utf-8") == lifecycle_page(), (
        "docs/lifecycle.md is stale: run `tracker rules --diagram > docs/lifecycle.md`"
    )


def test_every_command_is_in_the_cli_reference() -> None:
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in LazyGroup.commands_by_module:
        assert f"tracker {name}" in reference, f"docs/cli.md does not document `tracker {name}`"
