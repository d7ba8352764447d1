"""Storage: zoned times round-trip, constraints the database itself enforces, one transaction per use case."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime

import pytest

from cli_support import add, evidence

from tracker.domain.errors import TrackerError
from tracker.service.claims import ClaimDraft, EvidenceDraft, add_claim, add_evidence
from tracker.service.moves import apply_trigger
from tracker.service.reading import history, show
from tracker.store.engine import make_engine, resolve_url

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def raw(db_path) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def test_said_at_in_washington_time_is_stored_in_utc_and_keeps_its_zone(tr, db_path, cli) -> None:
    claim = add(tr, "Putin agreed to a one-week pause", "--said-at", "2026-01-29 11:30 Washington time")
    assert claim["said_at"] == "2026-01-29T16:30:00+00:00"
    assert claim["said_tz"] == "America/New_York"

    # The stored value itself is UTC, whatever form the driver writes it in.
    stored_at, stored_tz = raw(db_path).execute("SELECT said_at, said_tz FROM claim WHERE id = ?",
                                                (claim["id"],)).fetchone()
    assert stored_tz == "America/New_York"
    assert stored_at.startswith("2026-01-29 16:30:00")

    # A new engine (as another process would open it) reads the same instant and zone.
    from tracker.cli.app import CliState

    fresh = CliState(db=str(db_path)).desk()
    view = show(fresh, claim["id"])
    assert view.said_at == datetime(2026, 1, 29, 16, 30, tzinfo=UTC)
    assert view.said_at.utcoffset() is not None
    assert view.said_tz == "America/New_York"
    fresh.engine.dispose()

    # And in a real subprocess.
    from cli_support import run_subprocess

    done = run_subprocess("--db", db_path, "show", claim["id"], "--json")
    assert done.returncode == 0, done.stderr
    import json

    again = json.loads(done.stdout)
    assert (again["said_at"], again["said_tz"]) == ("2026-01-29T16:30:00+00:00", "America/New_York")
    human = run_subprocess("--db", db_path, "show", claim["id"]).stdout.decode()
    assert "said:      Thu 29 Jan " in human and "16:30 UTC (11:30 " in human  # desk clock (UTC), reported beside


@pytest.mark.parametrize(("said", "utc", "tz"), [
    ("2026-01-29 22:00 Kyiv time", "2026-01-29T20:00:00+00:00", "Europe/Kyiv"),
    ("2025-07-01 09:00 Europe/Brussels", "2025-07-01T07:00:00+00:00", "Europe/Brussels"),  # summer: CEST
    ("2026-01-29T19:00:00-05:00", "2026-01-30T00:00:00+00:00", "UTC-05:00"),
    ("2026-01-29 14:00", "2026-01-29T14:00:00+00:00", "UTC"),  # no zone: the desk zone (UTC by default)
])
def test_zoned_said_at_forms(tr, said: str, utc: str, tz: str) -> None:
    claim = add(tr, "x", "--said-at", said)
    assert (claim["said_at"], claim["said_tz"]) == (utc, tz)


def test_time_without_zone_is_read_in_the_desk_zone(tr) -> None:
    assert tr("rules", "set", "desk_tz", "Europe/Kyiv").code == 0
    claim = add(tr, "x", "--said-at", "2026-01-29 14:00")
    assert (claim["said_at"], claim["said_tz"]) == ("2026-01-29T12:00:00+00:00", "Europe/Kyiv")


def test_json_times_are_iso_8601_with_offset(tr) -> None:
    claim = add(tr, "x", "--said-at", "2026-01-29 11:30 Washington time", "--expires", "+3d")
    evidence(tr, claim["id"], "supports", "AP")
    data = tr("show", claim["id"], "--json").json
    for key in ("said_at", "expires_at", "created_at", "updated_at"):
        assert ISO_WITH_OFFSET.match(data[key]), (key, data[key])
    assert ISO_WITH_OFFSET.match(data["evidence"][0]["added_at"])
    assert data["created_at"] == "2026-01-30T12:00:00+00:00"
    assert data["expires_at"] == "2026-02-02T12:00:00+00:00"
    for event in tr("history", claim["id"], "--json").json:
        assert ISO_WITH_OFFSET.match(event["at"])
    for row in tr("list", "--json").json:
        for key in ("said_at", "expires_at", "created_at", "updated_at"):
            assert ISO_WITH_OFFSET.match(row[key])


def test_bad_status_cannot_be_stored(tr, db_path) -> None:
    claim = add(tr)
    conn = raw(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE claim SET status = 'bogus' WHERE id = ?", (claim["id"],))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO claim (uuid, text, speaker, status, created_at, updated_at, last_activity_at, version) "
            "VALUES ('u-1', 't', 's', 'bogus', '2026-01-01 00:00:00', '2026-01-01 00:00:00', "
            "'2026-01-01 00:00:00', 1)"
        )
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO evidence (claim_id, stance, source, added_by, added_at) "
            "VALUES (?, 'bogus', 'AP', 'x', '2026-01-01 00:00:00')", (claim["id"],)
        )
    assert conn.execute("SELECT status FROM claim").fetchall() == [("unconfirmed",)]
    # The CLI still reads the database fine.
    assert tr("list", "--json").code == 0


def test_history_rows_cannot_be_updated_or_deleted(tr, db_path) -> None:
    claim = add(tr)
    conn = raw(db_path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE event SET actor = 'mallory'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM event")
    # Not even by deleting the claim the events belong to.
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("DELETE FROM claim WHERE id = ?", (claim["id"],))
    assert conn.execute("SELECT actor, action FROM event").fetchall() == [("ed", "add")]


def _state(db_path) -> tuple:
    conn = raw(db_path)
    try:
        return (
            conn.execute("SELECT id, status, version, updated_at, last_activity_at FROM claim ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM event ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM evidence ORDER BY id").fetchall(),
        )
    finally:
        conn.close()


def test_transition_event_and_version_commit_together_or_not_at_all(tr, db_path) -> None:
    claim = add(tr)
    evidence(tr, claim["id"], "supports", "AP")
    evidence(tr, claim["id"], "supports", "Reuters")
    before = _state(db_path)
    conn = raw(db_path)
    conn.execute("CREATE TRIGGER fail_confirm BEFORE INSERT ON event WHEN NEW.action = 'confirm' "
                 "BEGIN SELECT RAISE(ABORT, 'event insert failed on purpose'); END")
    conn.close()

    result = tr("confirm", claim["id"], "--reason", "two sources")
    result.assert_error(1, "event insert failed on purpose")
    assert _state(db_path) == before

    raw(db_path).execute("DROP TRIGGER fail_confirm")
    done = tr("confirm", claim["id"], "--reason", "two sources", "--json")
    assert done.code == 0
    assert done.json["version"] == claim["version"] + 3


def test_evidence_row_event_and_version_commit_together(tr, db_path) -> None:
    claim = add(tr)
    before = _state(db_path)
    raw(db_path).execute("CREATE TRIGGER fail_ev BEFORE INSERT ON event WHEN NEW.action = 'evidence' "
                         "BEGIN SELECT RAISE(ABORT, 'nope'); END")
    tr("evidence", claim["id"], "--stance", "supports", "--source", "AP").assert_error(1, "nope")
    assert _state(db_path) == before


def test_service_error_after_the_bump_rolls_everything_back(desk, monkeypatch: pytest.MonkeyPatch) -> None:
    view = add_claim(desk, ClaimDraft(text="x", speaker="y"))
    add_evidence(desk, view.id, EvidenceDraft("supports", "AP"))
    add_evidence(desk, view.id, EvidenceDraft("supports", "Reuters"))
    before = show(desk, view.id)
    events_before = history(desk, view.id)[1]

    import tracker.store.writer as writer

    real = writer.Writer._rows_beside  # runs once the claim row's compare-and-swap UPDATE is done

    def broken(self, change, projection, claim_id, at):  # type: ignore[no-untyped-def]
        real(self, change, projection, claim_id, at)  # the claim row is bumped, then the change fails
        raise TrackerError("disk on fire")

    monkeypatch.setattr(writer.Writer, "_rows_beside", broken)
    with pytest.raises(TrackerError, match="disk on fire"):
        apply_trigger(desk, view.id, "confirm", "two sources")
    monkeypatch.undo()
    assert show(desk, view.id) == before
    assert history(desk, view.id)[1] == events_before
    after = apply_trigger(desk, view.id, "confirm", "two sources")
    assert after.version == before.version + 1


def test_version_counts_every_change(tr) -> None:
    claim = add(tr)
    assert claim["version"] == 1
    assert evidence(tr, claim["id"], "supports", "AP")["version"] == 2
    assert tr("assign", claim["id"], "olena", "--json").json["version"] == 3
    assert tr("contradict", claim["id"], "--reason", "x", "--override", "--json").json["version"] == 4
    assert tr("reopen", claim["id"], "--reason", "x", "--json").json["version"] == 5


def test_engine_pragmas_and_indexes(db_path, tr) -> None:
    add(tr)
    engine = make_engine(resolve_url(str(db_path)))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    engine.dispose()
    conn = raw(db_path)
    indexed = {row[0] for row in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    joined = " ".join(indexed)
    assert "status" in joined and "expires_at" in joined and "last_activity_at" in joined


def test_init_is_idempotent(cli, db_path) -> None:
    first = cli("--db", db_path, "init", "--json")
    assert first.code == 0
    assert first.json["from_version"] is None
    cli("--db", db_path, "--now", "2026-01-30T12:00Z", "add", "kept", "--speaker", "x")
    second = cli("--db", db_path, "init", "--json")
    assert second.code == 0
    assert second.json["from_version"] == second.json["schema_version"] == first.json["schema_version"]
    assert "up to date" in cli("--db", db_path, "init").out
    listed = cli("--db", db_path, "list", "--json")
    assert [c["text"] for c in listed.json] == ["kept"]


def test_uninitialised_and_newer_databases_are_refused(cli, tmp_path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    cli("--db", empty, "list").assert_error(1, "run `tracker init`")
    db = tmp_path / "new.db"
    assert cli("--db", db, "init").code == 0
    raw(db).execute("UPDATE tracker_schema SET version = 999")
    cli("--db", db, "list").assert_error(1, "newer than this tracker")
    cli("--db", db, "init").assert_error(1, "newer than this tracker")


def test_not_a_database_file(cli, tmp_path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    result = cli("--db", junk, "list")
    assert result.code in (1, 2)
    result.assert_error(result.code)
