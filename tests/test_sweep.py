"""The expiry sweep: through the rules, idempotent, chunked, and never overwriting an editor's change."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desk_cli import Cli, desk_cli
from tracker.service import sweep as sweep_module
from tracker.service.context import Desk
from tracker.service.sweep import deadline_reason, sweep
from tracker.store.engine import make_engine


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return desk_cli(tmp_path, capsys, monkeypatch)


def desk_at(db: Path, now: str) -> Desk:
    at = datetime.fromisoformat(now.replace("Z", "+00:00"))
    return Desk(make_engine(f"sqlite:///{db}"), "cron", clock=lambda: at, where=str(db))


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return list(con.iterdump())


NOW = "2026-02-10T12:00:00Z"


def test_sweep_expires_open_claims_whose_deadline_passed(cli: Cli) -> None:
    overdue = cli.add("overdue unconfirmed", at="2026-02-01T10:00Z", expires="2026-02-05T16:30Z")
    at_now = cli.add("deadline equal to now", at="2026-02-01T10:00Z", expires=NOW)
    later = cli.add("deadline one second later", at="2026-02-01T10:00Z", expires="2026-02-10T12:00:01Z")
    never = cli.add("no deadline", at="2026-02-01T10:00Z", expires="never")
    confirmed = cli.add("confirmed, overdue", at="2026-02-01T10:00Z", expires="2026-02-09T00:00Z")
    for source in ("AP", "Reuters"):
        cli.ok("evidence", str(confirmed), "--stance", "supports", "--source", source, now="2026-02-02T10:00Z")
    cli.ok("confirm", str(confirmed), "--reason", "two sources", now="2026-02-02T10:00Z")
    contradicted = cli.add("contradicted, overdue", at="2026-02-01T10:00Z", expires="2026-02-03T00:00Z")
    cli.ok("evidence", str(contradicted), "--stance", "contradicts", "--source", "BBC", now="2026-02-02T10:00Z")
    cli.ok("contradict", str(contradicted), "--reason", "footage", now="2026-02-02T10:00Z")

    result = json.loads(cli.ok("sweep", "--json", now=NOW, actor="someone-else"))
    assert result["now"] == "2026-02-10T12:00:00+00:00" and result["dry_run"] is False
    assert [(e["id"], e["from"], e["version"]) for e in result["expired"]] == [
        (overdue, "unconfirmed", 2), (confirmed, "confirmed", 5), (at_now, "unconfirmed", 2),
    ]  # earliest deadline first
    assert result["expired"][0] == {"id": overdue, "from": "unconfirmed", "expires_at": "2026-02-05T16:30:00+00:00",
                                    "version": 2, "reason": "deadline 2026-02-05 16:30 UTC passed"}
    assert result["skipped"] == [] and result["expired_count"] == 3 and result["skipped_count"] == 0
    status = dict(rows(cli.db, "SELECT id, status FROM claim"))
    assert status == {overdue: "expired", at_now: "expired", later: "unconfirmed", never: "unconfirmed",
                      confirmed: "expired", contradicted: "contradicted"}
    events = rows(cli.db, "SELECT claim_id, at, actor, action, from_status, to_status, reason, override, payload "
                          "FROM event WHERE action = 'expire' ORDER BY id")
    assert events == [  # written in claim id order (neighbouring pages: docs/performance.md)
        (overdue, "2026-02-10 12:00:00.000000", "system", "expire", "unconfirmed", "expired",
         "deadline 2026-02-05 16:30 UTC passed", 0, "{}"),
        (at_now, "2026-02-10 12:00:00.000000", "system", "expire", "unconfirmed", "expired",
         "deadline 2026-02-10 12:00 UTC passed", 0, "{}"),
        (confirmed, "2026-02-10 12:00:00.000000", "system", "expire", "confirmed", "expired",
         "deadline 2026-02-09 00:00 UTC passed", 0, "{}"),
    ]


def test_second_run_changes_nothing(cli: Cli) -> None:
    for i in range(5):
        cli.add(f"claim {i}", at="2026-02-01T10:00Z", expires=f"2026-02-0{i + 2}T10:00Z")
    first = json.loads(cli.ok("sweep", "--json", now=NOW))
    assert first["expired_count"] == 5
    before = dump(cli.db)
    second = json.loads(cli.ok("sweep", "--json", now=NOW))
    assert second["expired"] == [] and second["skipped"] == []
    assert dump(cli.db) == before
    out = cli.ok("sweep", now=NOW)
    assert out.startswith("expired 0 claims (deadline at or before Tue 2026-02-10 14:00 EET, Europe/Kyiv)")


def test_dry_run_lists_and_writes_nothing(cli: Cli) -> None:
    claim = cli.add("overdue", at="2026-02-01T10:00Z", expires="2026-02-05T10:00Z")
    before = dump(cli.db)
    result = json.loads(cli.ok("sweep", "--dry-run", "--json", now=NOW))
    assert result["dry_run"] is True
    assert [(e["id"], e["version"]) for e in result["expired"]] == [(claim, 1)]
    assert dump(cli.db) == before
    text = cli.ok("sweep", "--dry-run", now=NOW)
    assert text.splitlines()[0] == "would expire 1 claim (deadline at or before Tue 2026-02-10 14:00 EET, Europe/Kyiv)"


def test_text_output_is_a_table_capped_by_limit(cli: Cli) -> None:
    made = [cli.add(f"claim {i}", at="2026-02-01T10:00Z", expires=f"2026-02-0{i + 2}T10:00Z") for i in range(3)]
    out = cli.ok("sweep", "--limit", "2", now=NOW)
    lines = out.splitlines()
    assert lines[0] == "expired 3 claims (deadline at or before Tue 2026-02-10 14:00 EET, Europe/Kyiv)"
    assert lines[1].split() == ["id", "was", "deadline", "version"]
    assert lines[2].split() == [str(made[0]), "unconfirmed", "Mon", "2026-02-02", "12:00", "EET", "2"]
    assert lines[4] == "… and 1 more (--limit 0 or --json lists all)"


def test_sweep_racing_editors_skips_what_changed(cli: Cli) -> None:
    """Editors act between the sweep's selection and its write: their changes win and are reported."""
    reopened = cli.add("expired by hand, then reopened", at="2026-02-01T10:00Z", expires="2026-02-05T10:00Z")
    contradicted = cli.add("contradicted meanwhile", at="2026-02-01T10:00Z", expires="2026-02-05T10:00Z")
    touched = cli.add("evidence added meanwhile", at="2026-02-01T10:00Z", expires="2026-02-05T10:00Z")
    extended = cli.add("deadline moved meanwhile", at="2026-02-01T10:00Z", expires="2026-02-05T10:00Z")
    untouched = cli.add("left alone", at="2026-02-01T10:00Z", expires="2026-02-05T10:00Z")
    cli.ok("evidence", str(contradicted), "--stance", "contradicts", "--source", "BBC", now="2026-02-02T10:00Z")

    def editors_act(plan: list) -> None:
        assert {s.id for s in plan} == {reopened, contradicted, touched, extended, untouched}
        cli.ok("expire", str(reopened), "--reason", "done by hand", now=NOW, actor="bo")
        cli.ok("reopen", str(reopened), "--reason", "new footage", now=NOW, actor="bo")
        cli.ok("contradict", str(contradicted), "--reason", "BBC footage", now=NOW, actor="cy")
        cli.ok("evidence", str(touched), "--stance", "context", "--source", "AFP", now=NOW, actor="cy")
        # No command moves a deadline yet; an editor's tool would bump the version with it.
        with sqlite3.connect(cli.db) as con:
            con.execute("UPDATE claim SET expires_at = '2026-03-01 00:00:00.000000', version = version + 1 "
                        "WHERE id = ?", (extended,))

    result = sweep(desk_at(cli.db, NOW), on_planned=editors_act)
    assert [e.id for e in result.expired] == [untouched]
    assert {s.id: s.reason for s in result.skipped} == {
        reopened: "changed since selected: was unconfirmed v1, now unconfirmed v3",
        contradicted: "changed since selected: was unconfirmed v2, now contradicted v3",
        touched: "changed since selected: was unconfirmed v1, now unconfirmed v2",
        extended: "changed since selected: was unconfirmed v1, now unconfirmed v2",
    }
    status = dict(rows(cli.db, "SELECT id, status FROM claim"))
    assert status == {reopened: "unconfirmed", contradicted: "contradicted", touched: "unconfirmed",
                      extended: "unconfirmed", untouched: "expired"}
    system = rows(cli.db, "SELECT claim_id FROM event WHERE actor = 'system'")
    assert system == [(untouched,)]
    # The next sweep looks afresh: claims still open past their deadline are expired now; the
    # reopened claim got a fresh deadline when it was reopened, and the moved deadline is left alone.
    again = sweep(desk_at(cli.db, NOW))
    assert [e.id for e in again.expired] == [touched] and again.skipped == ()


def test_skips_are_printed_in_text_and_json(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    claim = cli.add("changed underneath", at="2026-02-01T10:00Z", expires="2026-02-05T10:00Z")
    real_plan = sweep_module.plan

    def plan_then_edit(desk, now):  # type: ignore[no-untyped-def]
        todo = real_plan(desk, now)
        with sqlite3.connect(cli.db) as con:
            con.execute("UPDATE claim SET version = version + 1 WHERE id = ?", (claim,))
        return todo

    monkeypatch.setattr(sweep_module, "plan", plan_then_edit)
    out = cli.ok("sweep", now=NOW)
    assert out.splitlines()[0].endswith("; skipped 1")
    assert f"{claim}   changed since selected: was unconfirmed v1, now unconfirmed v2" in out
    data = json.loads(cli.ok("sweep", "--json", now=NOW))
    assert data["skipped"] == [{"id": claim, "reason": "changed since selected: was unconfirmed v2, now unconfirmed v3"}]


def test_chunks_commit_separately(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    made = [cli.add(f"claim {i}", at="2026-02-01T10:00Z", expires=f"2026-02-0{i + 2}T10:00Z") for i in range(5)]
    commits: list[int] = []
    real = sweep_module._run_chunk

    def counting(desk, now, chunk):  # type: ignore[no-untyped-def]
        commits.append(len(chunk))
        return real(desk, now, chunk)

    monkeypatch.setattr(sweep_module, "_run_chunk", counting)
    result = sweep(desk_at(cli.db, NOW), chunk=2)
    assert commits == [2, 2, 1]
    assert [e.id for e in result.expired] == made


def test_a_claim_the_database_refuses_is_skipped_alone(cli: Cli) -> None:
    made = [cli.add(f"claim {i}", at="2026-02-01T10:00Z", expires=f"2026-02-0{i + 2}T10:00Z") for i in range(3)]
    with sqlite3.connect(cli.db) as con:
        con.execute(f"CREATE TRIGGER refuse_one BEFORE INSERT ON event WHEN NEW.claim_id = {made[1]} "
                    "AND NEW.action = 'expire' BEGIN SELECT RAISE(ABORT, 'not this one'); END")
    result = sweep(desk_at(cli.db, NOW))
    assert [e.id for e in result.expired] == [made[0], made[2]]
    assert [(s.id, "not this one" in s.reason) for s in result.skipped] == [(made[1], True)]
    status = dict(rows(cli.db, "SELECT id, status || ' v' || version FROM claim"))
    assert status == {made[0]: "expired v2", made[1]: "unconfirmed v1", made[2]: "expired v2"}


def test_a_sweep_dated_before_a_claims_latest_change_skips_it(cli: Cli) -> None:
    early = cli.add("changed after the sweep's clock", at="2026-02-01T10:00Z", expires="2026-02-02T10:00Z")
    cli.ok("assign", str(early), "olena", now="2026-02-11T09:00Z")
    result = sweep(desk_at(cli.db, NOW))
    assert result.expired == ()
    assert [(s.id, "out of time order" in s.reason) for s in result.skipped] == [(early, True)]


def test_deadline_reason_names_the_deadline_in_utc() -> None:
    assert deadline_reason(datetime(2026, 2, 5, 16, 30, tzinfo=UTC)) == "deadline 2026-02-05 16:30 UTC passed"
    assert deadline_reason(datetime(2026, 2, 5, 16, 30, 15, tzinfo=UTC)) == "deadline 2026-02-05 16:30:15 UTC passed"


@pytest.mark.parametrize("now", ["whenever", "2026-02-30 10:00", "+3 fortnights"])
def test_bad_now_is_one_line_and_exit_2(cli: Cli, now: str) -> None:
    code, out, err = cli("sweep", "--now", now)
    assert code == 2 and out == ""
    assert err.startswith("tracker: ") and err.count("\n") == 1


def test_the_shared_machine_decides_and_is_left_clean() -> None:
    from datetime import timedelta

    from tracker.domain.errors import Refused
    from tracker.domain.guards import ClaimFacts
    from tracker.domain.lifecycle import MACHINE
    from tracker.domain.rules import RuleSettings
    from tracker.domain.status import Status

    now = datetime(2026, 2, 10, 12, tzinfo=UTC)
    models = len(MACHINE.models)

    def facts(status: Status, expires: datetime | None) -> ClaimFacts:
        return ClaimFacts(7, status, frozenset(), 0, expires, now)

    from tracker.domain.lifecycle import bound

    with bound(RuleSettings()) as machine:
        assert len(MACHINE.models) == models + 1

        def fire(claim: ClaimFacts) -> Status:
            return machine.fire("expire", claim, reason="deadline passed")[0]

        assert fire(facts(Status.CONFIRMED, now)) == Status.EXPIRED
        with pytest.raises(Refused) as future:
            fire(facts(Status.UNCONFIRMED, now + timedelta(seconds=1)))
        assert future.value.message == (
            "expire needs the deadline to have passed; claim 7 expires at 2026-02-10T12:00:01+00:00")
        with pytest.raises(Refused) as wrong_state:
            fire(facts(Status.CONTRADICTED, now))
        assert wrong_state.value.message.startswith("cannot expire claim 7: it is contradicted")
        assert fire(facts(Status.UNCONFIRMED, now - timedelta(days=1))) == Status.EXPIRED
    assert len(MACHINE.models) == models
