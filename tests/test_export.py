"""`tracker export` piped into `tracker apply` rebuilds the same claims, evidence and history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import DEMO_CLAIMS
from tracker.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if stdin is not None and monkeypatch is not None:
        import io
        import sys

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(capsys: pytest.CaptureFixture[str], db: str) -> list[tuple[dict, list]]:
    code, out, _ = run(capsys, "--db", db, "list", "--json", "--limit", "1000", "--sort", "id")
    assert code == 0
    claims = []
    for row in json.loads(out):
        _, shown, _ = run(capsys, "--db", db, "show", str(row["id"]), "--json")
        _, history, _ = run(capsys, "--db", db, "history", str(row["id"]), "--json")
        claims.append((json.loads(shown), json.loads(history)))
    return claims


def test_export_then_apply_rebuilds_the_demo_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source, target = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    assert run(capsys, "demo", "--no-ui", "--db", source)[0] == 0
    assert run(capsys, "--db", source, "--actor", "sam", "assign", "13", "sam")[0] == 0
    assert run(capsys, "--db", source, "--actor", "sam", "reopen", "2", "--reason", "new footage")[0] == 0
    code, exported, err = run(capsys, "--db", source, "export")
    assert code == 0, err
    lines = [json.loads(line) for line in exported.splitlines()]
    assert sum(1 for line in lines if line["action"] == "add") == DEMO_CLAIMS
    assert lines[-1]["action"] == "reopen" and lines[-1]["actor"] == "sam"

    assert run(capsys, "--db", target, "init")[0] == 0
    assert run(capsys, "--db", target, "rules", "set", "desk_tz", "Europe/Kyiv")[0] == 0
    code, results, err = run(capsys, "--db", target, "apply", "-", stdin=exported, monkeypatch=monkeypatch)
    assert code == 0, err
    assert all(json.loads(r)["ok"] for r in results.splitlines())

    before, after = snapshot(capsys, source), snapshot(capsys, target)
    assert len(before) == DEMO_CLAIMS
    assert after == before
