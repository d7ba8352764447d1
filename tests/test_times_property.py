"""Property: any time accepted anywhere leaves every reader working, in several desk zones.

Hypothesis draws a clock (`--now`, near the edges of the accepted range as often as in the middle),
rule settings and a batch of times (ISO 8601 with any offset, instants inside and outside the range,
the phrases of the grammar, zones). The times go in at every boundary: `add` arguments, `apply`
lines (`said_at`, `expires_at`, `at`), `--now` and `rules set`. Each either is refused with exit 2 and
one `tracker:` line, or is accepted; and then every reader (show, list, history, export, sweep,
report in every format, text and JSON) must exit 0 with no traceback. Each example runs in one
process, batching its times into one `apply`, so the property costs seconds, not minutes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.cli.main import main

ZONES = ("UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "Europe/Kyiv")
PHRASES = (
    "Thursday", "on Wednesday", "last Thursday", "yesterday evening", "late on Wednesday", "overnight",
    "earlier on Thursday", "this morning", "Friday", "next Friday", "by Sunday", "for one week", "for a week",
    "in 48 hours", "end of week", "by spring", "tomorrow 9am", "3pm", "29 Jan", "eod", "+7d", "2 hours ago",
    "now", "tonight", "Thursday (Washington time)", "14:00 local time", "midnight",
)
ZONE_SUFFIXES = ("", " Washington time", " (Kyiv time)", " UTC", " GMT", " EST", " IST", " Pacific/Chatham",
                 " Asia/Kolkata", " UTC+14", " UTC-12", " UTC+5:45")
EDGES = (datetime(1900, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC))


def _instants() -> st.SearchStrategy[datetime]:
    """Instants anywhere from 1850 to 2250, and often within two days of an edge of the range."""
    anywhere = st.datetimes(min_value=datetime(1850, 1, 1), max_value=datetime(2250, 1, 1)).map(
        lambda d: d.replace(tzinfo=UTC))
    near_edge = st.tuples(st.sampled_from(EDGES), st.integers(-48 * 3600, 48 * 3600)).map(
        lambda p: p[0] + timedelta(seconds=p[1]))
    return st.one_of(anywhere, near_edge)


def _iso(at: datetime, offset_minutes: int) -> str:
    offset = timedelta(minutes=offset_minutes)
    sign = "-" if offset < timedelta(0) else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    try:
        wall = (at + offset).replace(tzinfo=None)
    except OverflowError:
        wall = at.replace(tzinfo=None)
    return f"{wall:%Y-%m-%dT%H:%M:%S}{sign}{hours:02d}:{minutes:02d}"


def _time_texts() -> st.SearchStrategy[str]:
    iso = st.builds(_iso, _instants(), st.integers(-23 * 60 - 59, 23 * 60 + 59))
    zoned = st.builds(lambda at, zone: f"{at:%Y-%m-%d %H:%M}{zone}", _instants(), st.sampled_from(ZONE_SUFFIXES))
    phrase = st.builds(lambda p, z: p + z, st.sampled_from(PHRASES), st.sampled_from(ZONE_SUFFIXES[:6]))
    return st.one_of(iso, zoned, phrase)


def _windows() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(["1h", "24h", "7d", "none"]),
                     st.integers(1, 6000).map(lambda w: f"{w}w"), st.integers(1, 40000).map(lambda d: f"{d}d"))


class _Run:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.capsys = db, capsys

    def __call__(self, *args: str, now: str | None = None, stdin: str | None = None) -> tuple[int, str, str]:
        import io
        import sys

        argv = ["--db", str(self.db), "--actor", "prop"] + (["--now", now] if now else []) + list(args)
        if stdin is not None:
            old, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
        try:
            code = int(main(argv))
        finally:
            if stdin is not None:
                sys.stdin = old
        out = self.capsys.readouterr()
        return code, out.out, out.err


def _refused_cleanly(code: int, err: str, what: object) -> None:
    assert code == 2, (what, code, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tracker: ") and "Traceback" not in err, (what, err)


@pytest.fixture(scope="module")
def desks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One database per desk zone, reused by every example (claims pile up, as on a real desk)."""
    made: dict[str, Path] = {}
    for zone in ZONES:
        db = tmp_path_factory.mktemp("prop") / f"{zone.replace('/', '_')}.db"
        assert main(["--db", str(db), "init"]) == 0
        assert main(["--db", str(db), "rules", "set", "desk_tz", zone]) == 0
        made[zone] = db
    return made


READERS: tuple[tuple[str, ...], ...] = (
    ("list",), ("list", "--json"), ("list", "--sort", "said"), ("list", "--sort", "-expires", "--jsonl"),
    ("list", "--stale"), ("list", "--due-soon"), ("export",), ("sweep", "--dry-run"),
    ("sweep", "--dry-run", "--json"), ("report",), ("report", "--format", "markdown"),
    ("report", "--format", "json"), ("report", "--format", "html"),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(zone=st.sampled_from(ZONES), now=st.one_of(_instants(), st.builds(_iso, _instants(), st.integers(-900, 900))),
       window=st.tuples(st.sampled_from(["default_expiry", "stale_after", "due_soon"]), _windows()),
       times=st.lists(_time_texts(), min_size=1, max_size=8))
def test_every_accepted_time_leaves_every_reader_working(desks, capsys, zone: str, now: object,
                                                         window: tuple[str, str], times: list[str]) -> None:
    run = _Run(desks[zone], capsys)
    now_text = now if isinstance(now, str) else now.isoformat()

    code, _, err = run("rules", "set", *window)
    if code != 0:
        _refused_cleanly(code, err, window)

    code, out, err = run("add", "probe", "--speaker", "s", "--said-at", times[0], "--expires", times[-1],
                         now=now_text)
    if code != 0:
        _refused_cleanly(code, err, (now_text, times[0], times[-1]))
    lines = []
    for i, text in enumerate(times):
        field = ("said_at", "expires_at", "at")[i % 3]
        lines.append(json.dumps({"action": "add", "text": f"t{i}", "speaker": "s", field: text}))
    code, out, err = run("apply", "-", now=now_text, stdin="\n".join(lines) + "\n")
    if code == 2:
        _refused_cleanly(code, err, now_text)  # the clock itself was refused
        return
    assert code in (0, 1) and "Traceback" not in err, err
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == len(times)
    for result in results:
        assert result["ok"] or result["error"]  # a refused line says why, alone

    for reader in READERS:
        for clock in (now_text, None):  # at the example's clock, and at the real one
            code, out, err = run(*reader, now=clock)
            assert code == 0 and "Traceback" not in err, (reader, clock, err)
    code, out, err = run("list", "--json", "--limit", "5")
    assert code == 0, err
    for claim in json.loads(out):
        for reader in (("show", str(claim["id"])), ("show", str(claim["id"]), "--json"),
                       ("history", str(claim["id"])), ("history", str(claim["id"]), "--json")):
            code, _, err = run(*reader)
            assert code == 0, (reader, err)
    code, _, err = run("sweep")
    assert code == 0, err
