"""Search takes words: each must appear (case-insensitively) in the claim's text or its speaker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.cli.main import main


@pytest.fixture
def demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "demo.db")
    assert main(["demo", "--no-ui", "--db", db]) == 0
    capsys.readouterr()
    return db


def ids(capsys: pytest.CaptureFixture[str], db: str, search: str) -> list[int]:
    assert main(["--db", db, "list", "--search", search, "--json", "--sort", "id"]) == 0
    return [c["id"] for c in json.loads(capsys.readouterr().out)]


def test_every_word_must_match_text_or_speaker(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    # The demo's claims are extracted from the seed article (13: the lead, 17: Trump's quote).
    assert ids(capsys, demo, "putin week") == [13, 17]     # both in the text
    assert ids(capsys, demo, "TRUMP kyiv") == [17]         # speaker + text, any case
    assert ids(capsys, demo, "putin zelensky") == []       # no claim has both
    assert ids(capsys, demo, '"one week" frigid') == [13]  # a quoted phrase stays whole
    assert ids(capsys, demo, '"week one"') == []
    assert ids(capsys, demo, "fedorov") == [5, 6, 28]


def test_like_wildcards_are_literal(demo: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert ids(capsys, demo, "%") == []
    assert ids(capsys, demo, "_") == []
