"""Fixtures for the TUI tests: a small deterministic desk built through the service layer.

The desk's clock is fixed (`NOW`) and every claim has a fixed uuid, so screens and
histories are the same on every run. `twin` builds a second identical database so a
test can do one thing through the TUI and the same thing through the CLI and compare.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tracker.cli.main import main as cli_main
from tracker.service.claims import ClaimDraft, EvidenceDraft, add_claim, add_evidence
from tracker.service.context import Desk
from tracker.service.moves import apply_trigger
from tracker.service.settings import set_rule
from tracker.store.engine import make_engine
from tracker.store.migrations import upgrade

sys.path.insert(0, str(Path(__file__).parent))

NOW = datetime(2026, 1, 30, 12, 0, tzinfo=UTC)
ACTOR = "ed"
MARKUP = "[bold red]ALERT[/] see [link=https://evil.example]this[/link] :warning: $x"


class Clock:
    """A clock that stands still until moved."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def uid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def build(path: Path) -> None:
    """Seven claims, one for each situation the tests need (ids 1..7 in this order)."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    clock = Clock(NOW - timedelta(days=3))
    desk = Desk(engine, "olena", clock, where=str(path))
    set_rule(desk, "desk_tz", "Europe/Kyiv")
    # 1: stale (nothing happened for three days)
    add_claim(desk, ClaimDraft(
        text="Russia is increasing its attacks on Ukraine ahead of the talks.", speaker="Kaja Kallas",
        said_at="2026-01-27 09:00 Brussels time", source="AP", uuid=uid(1), expires_at="+6d"))
    clock.at = NOW - timedelta(hours=5)
    # 2: confirmable (two distinct supporting sources)
    c2 = add_claim(desk, ClaimDraft(
        text="Putin agreed not to strike Kyiv and other cities for a week.", speaker="Donald Trump",
        said_at="2026-01-29 11:30 Washington time", source="AP", url="https://apnews.com/article/x",
        tags=["kyiv", "energy"], assignee="olena", uuid=uid(2)))
    add_evidence(desk, c2.id, EvidenceDraft("supports", "Reuters", "https://reuters.com/y", "Kremlin confirms"))
    add_evidence(desk, c2.id, EvidenceDraft("supports", "The Kyiv Independent"))
    # 3: confirm refused by the two-source rule (one source only)
    c3 = add_claim(desk, ClaimDraft(
        text="Russia launched more than 6000 drones at Ukraine in January.", speaker="Mykhailo Fedorov",
        said_at="2026-01-29 16:00 Kyiv time", uuid=uid(3)))
    add_evidence(desk, c3.id, EvidenceDraft("supports", "Kyiv Independent"))
    # 4: contradictable
    c4 = add_claim(desk, ClaimDraft(
        text="Russia has imposed a ban on strikes on energy facilities.", speaker="Dmitry Peskov",
        said_at="2026-01-30 10:00 Moscow time", uuid=uid(4)))
    add_evidence(desk, c4.id, EvidenceDraft("contradicts", "ISW", note="strikes continued overnight"))
    # 5: confirmed (reopenable)
    c5 = add_claim(desk, ClaimDraft(
        text="2025 was the deadliest year for civilians in Ukraine since 2022.", speaker="UN monitoring mission",
        source="UN", uuid=uid(5)))
    add_evidence(desk, c5.id, EvidenceDraft("supports", "UN HRMMU report"))
    add_evidence(desk, c5.id, EvidenceDraft("supports", "OHCHR"))
    apply_trigger(desk, c5.id, "confirm", "two UN sources")
    # 6: past its deadline (expirable, due)
    add_claim(desk, ClaimDraft(
        text="Temperatures will drop to -30C next week.", speaker="State Emergency Service",
        expires_at="+3h", uuid=uid(6)))
    # 7: markup in text, speaker and source must stay literal
    add_claim(desk, ClaimDraft(text=MARKUP, speaker="[i]Anon[/i]", source="[b]wire[/b]", uuid=uid(7)))
    engine.dispose()


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "desk.db"
    build(path)
    return path


def _copy(template: Path, target: Path) -> Path:
    shutil.copy(template, target)
    return target


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the deterministic database."""
    return _copy(template, tmp_path / "desk.db")


@pytest.fixture
def twin(template: Path, tmp_path: Path) -> Path:
    """A second, identical copy (for doing the same thing through the CLI)."""
    return _copy(template, tmp_path / "twin.db")


def make_desk(path: Path, actor: str = ACTOR, clock: Callable[[], datetime] | None = None) -> Desk:
    return Desk(make_engine(f"sqlite:///{path}"), actor, clock or Clock(NOW), where=str(path))


@pytest.fixture
def desk(db: Path) -> Desk:
    return make_desk(db)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, object]]:
    """Run `tracker --db DB --actor ed --now NOW ARGS... --json` in-process; returns (exit code, parsed JSON)."""

    def run(path: Path, *args: str) -> tuple[int, object]:
        capsys.readouterr()
        code = cli_main(["--db", str(path), "--actor", ACTOR, "--now", NOW.isoformat(), *args])
        out = capsys.readouterr().out
        try:
            return code, json.loads(out)
        except ValueError:
            return code, out

    return run


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no asyncio plugin needed)."""
    import asyncio
    import inspect

    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
