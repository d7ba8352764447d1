"""Reopening a claim gives it a deadline it can live with, so the next sweep does not expire it again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.cli.main import main


def run(capsys: pytest.CaptureFixture[str], db: Path, now: str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "--now", now, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def expired(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Claim 1, added 2026-01-01 10:00 UTC with a one-day deadline, swept to expired on the 3rd."""
    db = tmp_path / "t.db"
    assert run(capsys, db, "2026-01-01T10:00Z", "init")[0] == 0
    assert run(capsys, db, "2026-01-01T10:00Z", "add", "a claim", "--speaker", "s", "--expires", "+1d")[0] == 0
    assert run(capsys, db, "2026-01-03T10:00Z", "sweep")[0] == 0
    return db


def claim(capsys: pytest.CaptureFixture[str], db: Path) -> dict:
    code, out, _ = run(capsys, db, "2026-01-04T10:00Z", "show", "1", "--json")
    assert code == 0
    return json.loads(out)


def test_reopen_after_the_deadline_gives_a_fresh_default_deadline(expired: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, expired, "2026-01-04T10:00Z", "reopen", "1", "--reason", "new statement")[0] == 0
    assert claim(capsys, expired)["expires_at"] == "2026-01-11T10:00:00+00:00"  # now + default_expiry (7d)
    code, out, _ = run(capsys, expired, "2026-01-05T10:00Z", "sweep", "--json")
    assert code == 0 and json.loads(out)["expired"] == []
    code, out, _ = run(capsys, expired, "2026-01-05T10:00Z", "history", "1", "--json")
    reopen = json.loads(out)[-1]
    assert reopen["action"] == "reopen"
    assert reopen["detail"] == {"expires_at": "2026-01-11T10:00:00+00:00",
                                "previous_expires_at": "2026-01-02T10:00:00+00:00"}


def test_reopen_takes_a_new_deadline_or_none(expired: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, expired, "2026-01-04T10:00Z", "reopen", "1", "--reason", "r", "--expires", "+3d")[0] == 0
    assert claim(capsys, expired)["expires_at"] == "2026-01-07T10:00:00+00:00"
    assert run(capsys, expired, "2026-01-04T11:00Z", "expire", "1", "--reason", "r", "--override")[0] == 0
    assert run(capsys, expired, "2026-01-04T12:00Z", "reopen", "1", "--reason", "r", "--expires", "never")[0] == 0
    assert claim(capsys, expired)["expires_at"] is None


def test_a_past_deadline_or_a_deadline_on_another_trigger_is_refused(expired: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, expired, "2026-01-04T10:00Z", "reopen", "1", "--reason", "r", "--expires", "2026-01-02")
    assert (code, err) == (2, "tracker: the new deadline must be in the future\n")
    assert claim(capsys, expired)["status"] == "expired"
    code, _, err = run(capsys, expired, "2026-01-04T10:00Z", "confirm", "1", "--reason", "r", "--expires", "+1d")
    assert code == 2 and err.startswith("tracker: No such option")


def test_a_reopen_line_carries_its_deadline(expired: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    line = json.dumps({"action": "reopen", "id": 1, "reason": "r", "expires_at": "2026-02-01T00:00Z"})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(line.encode())))
    assert run(capsys, expired, "2026-01-04T10:00Z", "apply", "-")[0] == 0
    assert claim(capsys, expired)["expires_at"] == "2026-02-01T00:00:00+00:00"
    _code, out, _ = run(capsys, expired, "2026-01-04T10:00Z", "export")
    reopened = json.loads(out.splitlines()[-1])
    assert reopened["action"] == "reopen"
    assert reopened["payload"]["changes"]["expires_at"]["to"] == "2026-02-01T00:00:00.000000+00:00"
