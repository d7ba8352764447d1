"""Shared fixtures: a fresh database per test, and the CLI run in-process or as a real subprocess.

`cli` runs `tracker.cli.main.main([...])` (the entry point that maps errors to one
`tracker:` line and an exit code) with stdout/stderr captured; `subprocess_cli` runs
`python -m tracker ...` in a clean environment.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-01-30T12:00:00+00:00"
"""The fixed clock most CLI tests run at (--now)."""
NOW_DT = datetime(2026, 1, 30, 12, 0, tzinfo=UTC)

DEMO_CLAIMS = 30
"""Claims in `tracker demo`: 28 extracted from seeds/article.txt plus 2 the desk wrote by hand (seeds/README.md)."""

_ENV_KEYS = ("TRACKER_DB", "TRACKER_ACTOR", "TRACKER_NOW", "NO_COLOR", "TRACKER_DEBUG")


@dataclass
class Result:
    """What one CLI run gave back."""

    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def lines(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]

    def assert_error(self, code: int, *fragments: str) -> None:
        """Exactly one stderr line starting `tracker:`, the given exit code, and no traceback."""
        assert self.code == code, (self.code, self.out, self.err)
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("tracker: "), self.err
        assert "Traceback" not in self.err
        for fragment in fragments:
            assert fragment in lines[0], (fragment, lines[0])


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in _ENV_KEYS:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run the CLI in-process: cli(*args, stdin=bytes|None) -> Result."""
    from tracker.cli.main import main

    def run(*args: object, stdin: bytes | None = None) -> Result:
        capsys.readouterr()
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(int(code), captured.out, captured.err)

    return run


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def tr(cli, db_path: Path):
    """Run the CLI on a fresh, initialised database at a fixed clock, as actor 'ed'."""
    assert cli("--db", db_path, "init").code == 0

    def run(*args: object, stdin: bytes | None = None, now: str | None = NOW, actor: str = "ed") -> Result:
        head: list[object] = ["--db", db_path, "--actor", actor]
        if now is not None:
            head += ["--now", now]
        return cli(*head, *args, stdin=stdin)

    return run


def add(tr, text: str = "The pause lasts one week", *extra: object, speaker: str = "Donald Trump") -> dict:
    """Add a claim through the CLI and return its JSON."""
    result = tr("add", text, "--speaker", speaker, *extra, "--json")
    assert result.code == 0, result.err
    return result.json


def evidence(tr, claim_id: int, stance: str, source: str, *extra: object) -> dict:
    result = tr("evidence", claim_id, "--stance", stance, "--source", source, *extra, "--json")
    assert result.code == 0, result.err
    return result.json


def run_subprocess(*args: object, env: dict[str, str] | None = None, stdin: bytes | None = None,
                   timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """`python -m tracker ARGS` in a clean environment (no TRACKER_* from the caller)."""
    full_env = {k: v for k, v in os.environ.items() if k not in _ENV_KEYS}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "tracker", *map(str, args)],
        input=stdin, capture_output=True, env=full_env, timeout=timeout, cwd=ROOT,
    )


@pytest.fixture
def desk(db_path: Path):
    """A service-level Desk on a fresh database, at a fixed clock, as actor 'svc'."""
    from tracker.service.context import Desk
    from tracker.store.engine import make_engine, resolve_url
    from tracker.store.migrations import upgrade

    engine = make_engine(resolve_url(str(db_path)))
    upgrade(engine)
    yield Desk(engine, "svc", clock=lambda: NOW_DT, where=str(db_path))
    engine.dispose()


def jsonl_bytes(records: list[Any]) -> bytes:
    """Records as JSON lines (stdin for `tracker apply`)."""
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)
