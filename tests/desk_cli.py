"""`Cli`: `tracker` run in-process on one database, for the report and sweep tests (a desk in Kyiv)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.cli.main import main

KYIV = "Europe/Kyiv"


class Cli:
    """Run `tracker` in-process through main() (the error-mapping entry point) on one database."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys

    def __call__(self, *args: str, now: str | None = None, actor: str = "ann") -> tuple[int, str, str]:
        argv = ["--db", str(self.db), "--actor", actor]
        if now is not None:
            argv += ["--now", now]
        code = main(argv + list(args))
        captured = self.capsys.readouterr()
        return int(code), captured.out, captured.err

    def ok(self, *args: str, now: str | None = None, actor: str = "ann") -> str:
        code, out, err = self(*args, now=now, actor=actor)
        assert code == 0, (args, out, err)
        return out

    def add(self, text: str, *, at: str, expires: str = "never", assignee: str | None = None,
            speaker: str = "Speaker") -> int:
        extra = ["--assignee", assignee] if assignee else []
        return int(self.ok("add", text, "--speaker", speaker, "--expires", expires, *extra, now=at).strip())

    def confirm(self, claim: int, *, at: str, reason: str = "two sources", actor: str = "ann") -> None:
        self.ok("evidence", str(claim), "--stance", "supports", "--source", "AP", now=at, actor=actor)
        self.ok("evidence", str(claim), "--stance", "supports", "--source", "Reuters", now=at, actor=actor)
        self.ok("confirm", str(claim), "--reason", reason, now=at, actor=actor)

    def contradict(self, claim: int, *, at: str, reason: str = "video shows otherwise", actor: str = "bo") -> None:
        self.ok("evidence", str(claim), "--stance", "contradicts", "--source", "BBC", now=at, actor=actor)
        self.ok("contradict", str(claim), "--reason", reason, now=at, actor=actor)

    def report(self, *args: str, now: str) -> dict:
        return json.loads(self.ok("report", "--format", "json", *args, now=now))


def desk_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """A fresh database with the desk zone set to Kyiv, and a clean environment."""
    for name in ("TRACKER_DB", "TRACKER_NOW", "TRACKER_ACTOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    runner = Cli(tmp_path / "desk.db", capsys)
    runner.ok("init")
    runner.ok("rules", "set", "desk_tz", KYIV)
    return runner
