"""The claim tally (tracker/store/tally.py): range counts from whole days plus partial days equal a
plain count of the claims, at UTC hour boundaries and across them; triggers keep it through every change;
`verify` notices a tally edited behind the tool's back; the report's counts come from it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_cli import desk_cli
from tracker.store import tally
from tracker.store.engine import make_engine

BASE = datetime(2026, 11, 20, tzinfo=UTC)
STATUSES = (("unconfirmed",), ("contradicted",), ("unconfirmed", "contradicted"))


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


# minutes from BASE, drawn near UTC hour boundaries (midnights among them) as often as anywhere else
_near_boundary = st.builds(lambda hour, off: max(hour * 60 + off, 0), st.integers(0, 6 * 24),
                           st.integers(-2, 2)) | st.builds(lambda day, off: max(day * 1440 + off, 0),
                                                           st.integers(0, 6), st.integers(-2, 2))
minutes = st.one_of(_near_boundary, st.integers(0, 7 * 1440))


def _plain(db: Path, statuses: tuple[str, ...], field: str, lo: datetime | None, hi: datetime | None,
           hi_closed: bool) -> int:
    """The count the long way: every claim's row, compared in Python."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute(f"SELECT status, {field} FROM claim").fetchall()
    finally:
        con.close()
    found = 0
    for status, text in rows:
        if status not in statuses or text is None:
            continue
        at = datetime.fromisoformat(text).replace(tzinfo=UTC)
        if lo is not None and not at > lo:
            continue
        if hi is not None and not (at <= hi if hi_closed else at < hi):
            continue
        found += 1
    return found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims=st.lists(st.tuples(minutes, st.one_of(st.none(), st.integers(1, 4 * 1440)),
                                 st.booleans()), min_size=1, max_size=12),
       ranges=st.lists(st.tuples(st.one_of(st.none(), minutes), st.one_of(st.none(), minutes), st.booleans()),
                       min_size=1, max_size=6))
def test_range_counts_equal_a_plain_count(tmp_path_factory: pytest.TempPathFactory,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch, claims, ranges) -> None:
    cli = desk_cli(tmp_path_factory.mktemp("tally"), capsys, monkeypatch)
    for n, (created, due_in, contradicted) in enumerate(sorted(claims, key=lambda c: c[0])):
        at = BASE + timedelta(minutes=created)
        expires = "never" if due_in is None else _iso(at + timedelta(minutes=due_in))
        claim = cli.add(f"claim number {n}", at=_iso(at), expires=expires)
        if contradicted:
            cli.contradict(claim, at=_iso(at + timedelta(seconds=30)))
    engine = make_engine(f"sqlite:///{cli.db}")
    try:
        with engine.connect() as conn:
            assert tally.mismatches(conn) == []
            for lo_m, hi_m, hi_closed in ranges:
                lo = None if lo_m is None else BASE + timedelta(minutes=lo_m)
                hi = None if hi_m is None else BASE + timedelta(minutes=hi_m)
                for statuses in STATUSES:
                    for field in tally.FIELDS:
                        got = tally.count(conn, statuses, field, lo=lo, hi=hi, hi_closed=hi_closed)
                        assert got == _plain(cli.db, statuses, field, lo, hi, hi_closed), (statuses, field, lo, hi)
    finally:
        engine.dispose()


def test_triggers_follow_every_change_and_verify_notices_a_forged_tally(tmp_path, capsys, monkeypatch) -> None:
    cli = desk_cli(tmp_path, capsys, monkeypatch)
    first = cli.add("Kyiv will not be struck for one week", at="2026-11-26T23:59:30Z", expires="2026-11-30T00:00:00Z")
    second = cli.add("Talks resume on Sunday", at="2026-11-27T00:00:00Z")
    cli.contradict(second, at="2026-11-27T10:00:00Z")
    cli.ok("edit", str(first), "--expires", "2026-12-03T08:00:00Z", "--reason", "new window", now="2026-11-28T09:00:00Z")
    cli.ok("sweep", now="2026-12-04T00:00:00Z")
    con = sqlite3.connect(cli.db)
    rows = set(con.execute("SELECT status, field, hour, n FROM claim_tally WHERE n <> 0").fetchall())
    assert rows == {("expired", "created_at", "2026-11-26 23", 1), ("expired", "expires_at", "2026-12-03 08", 1),
                    ("contradicted", "created_at", "2026-11-27 00", 1)}
    assert cli("verify")[0] == 0
    con.execute("UPDATE claim_tally SET n = n + 1 WHERE status = 'expired' AND field = 'created_at'")
    con.commit()
    con.close()
    code, out, _ = cli("verify")
    assert code == 1
    assert "tally: the claim tally disagrees with the claims: tally expired created_at 2026-11-26 23h: 2, claims 1" in out


def test_the_report_counts_from_the_tally(tmp_path, capsys, monkeypatch) -> None:
    cli = desk_cli(tmp_path, capsys, monkeypatch)
    for n in range(3):
        cli.add(f"claim {n}", at=f"2026-11-2{n + 1}T12:00:00Z", expires="2026-12-01T18:00:00Z")
    before = cli.report(now="2026-12-01T12:00:00Z")
    assert before["counts"]["by_status"]["unconfirmed"] == 3
    # The report believes the tally: a forged tally row shows (verify is the check, above).
    engine = make_engine(f"sqlite:///{cli.db}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE claim_tally SET n = n + 5 WHERE status = 'unconfirmed' AND field = 'created_at' "
                             "AND hour = '2026-11-21 12'"))
    engine.dispose()
    after = cli.report(now="2026-12-01T12:00:00Z")
    assert after["counts"]["by_status"]["unconfirmed"] == 8
