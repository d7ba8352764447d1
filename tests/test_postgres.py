"""The same code against PostgreSQL, selected by a database URL.

A server comes from TRACKER_TEST_PG_URL or a temporary local cluster (tests/support/postgres.py);
where neither can be had, these tests are skipped with the reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.postgres import postgres_server

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with postgres_server() as url:
        if url is None:
            pytest.skip("no PostgreSQL server: set TRACKER_TEST_PG_URL or install PostgreSQL (initdb)")
        yield url


@pytest.fixture
def db(server: str) -> Iterator[str]:
    """A fresh, empty database on the server, dropped afterwards."""
    import psycopg

    name = f"tracker_{uuid.uuid4().hex[:12]}"
    admin = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def tracker(db: str, *args: str, stdin: str | None = None, actor: str = "pg-test") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_DB": db, "TRACKER_ACTOR": actor, "NO_COLOR": "1"}
    env.pop("TRACKER_NOW", None)
    return subprocess.run([sys.executable, "-m", "tracker", *args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=60)


def test_lifecycle_and_contract_on_postgres(db: str) -> None:
    assert tracker(db, "init").returncode == 0
    again = tracker(db, "init")
    assert again.returncode == 0 and "up to date" in again.stdout

    added = tracker(db, "add", "Putin agreed not to strike Kyiv for a week", "--speaker", "Donald Trump",
                    "--said-at", "2026-01-29 11:30 Washington time", "--tag", "ceasefire", "--json")
    assert added.returncode == 0, added.stderr
    claim = json.loads(added.stdout)
    assert claim["said_at"] == "2026-01-29T16:30:00+00:00"
    assert claim["said_tz"] == "America/New_York"
    assert claim["status"] == "unconfirmed"

    assert tracker(db, "evidence", "1", "--stance", "supports", "--source", "The Telegraph").returncode == 0
    refused = tracker(db, "confirm", "1", "--reason", "two sources")
    assert refused.returncode == 4
    assert refused.stderr == "tracker: confirm needs supporting evidence from 2 distinct sources; claim 1 has 1\n"
    assert tracker(db, "evidence", "1", "--stance", "supports", "--source", "Reuters").returncode == 0
    assert tracker(db, "confirm", "1", "--reason", "two sources").returncode == 0
    assert tracker(db, "show", "999").returncode == 3

    shown = json.loads(tracker(db, "show", "1", "--json").stdout)
    assert shown["status"] == "confirmed" and shown["version"] == 4
    assert [e["source"] for e in shown["evidence"]] == ["The Telegraph", "Reuters"]

    history = json.loads(tracker(db, "history", "1", "--json").stdout)
    assert [h["action"] for h in history] == ["add", "evidence", "evidence", "confirm"]
    assert history[-1]["from"] == "unconfirmed" and history[-1]["to"] == "confirmed"
    assert all(h["actor"] == "pg-test" for h in history)

    listed = json.loads(tracker(db, "list", "--search", "KYIV", "--tag", "ceasefire", "--json").stdout)
    assert [c["id"] for c in listed] == [1]
    assert json.loads(tracker(db, "list", "--status", "unconfirmed", "--json").stdout) == []


def test_apply_mixed_lines_on_postgres(db: str) -> None:
    tracker(db, "init")
    lines = "\n".join([
        json.dumps({"action": "add", "text": "a claim", "speaker": "someone"}),
        "{not json",
        json.dumps({"action": "confirm", "id": 1, "reason": "too early"}),
        json.dumps({"action": "evidence", "id": 1, "stance": "contradicts", "source": "AP"}),
        json.dumps({"action": "contradict", "id": 1, "reason": "AP says no"}),
    ]) + "\n"
    result = tracker(db, "apply", "-", stdin=lines)
    assert result.returncode == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["line"], r["ok"]) for r in out] == [(1, True), (2, False), (3, False), (4, True), (5, True)]
    assert out[2]["code"] == 4
    assert json.loads(tracker(db, "show", "1", "--json").stdout)["status"] == "contradicted"


def test_history_is_append_only_on_postgres(db: str) -> None:
    import psycopg

    tracker(db, "init")
    tracker(db, "add", "x", "--speaker", "y")
    with psycopg.connect(db) as conn:
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("UPDATE event SET actor = 'someone else'")
        conn.rollback()
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute("DELETE FROM event")


def test_concurrent_transitions_lose_nothing_on_postgres(db: str) -> None:
    tracker(db, "init")
    tracker(db, "add", "contested", "--speaker", "y")
    for stance, source in [("supports", "A"), ("supports", "B"), ("contradicts", "C")]:
        tracker(db, "evidence", "1", "--stance", stance, "--source", source)
    triggers = ["confirm", "contradict", "reopen", "assign"] * 6

    def run(trigger: str) -> int:
        if trigger == "assign":
            return tracker(db, "assign", "1", f"editor-{uuid.uuid4().hex[:6]}").returncode
        return tracker(db, trigger, "1", "--reason", f"race {trigger}").returncode

    with ThreadPoolExecutor(max_workers=8) as pool:  # 8 writer processes at once
        codes = list(pool.map(run, triggers))
    assert set(codes) <= {0, 4, 5}
    history = json.loads(tracker(db, "history", "1", "--json").stdout)
    moves = [h for h in history if h["to"] is not None and h["action"] != "add"]
    assigns = [h for h in history if h["action"] == "assign"]
    assert len(moves) + len(assigns) == codes.count(0)
    assert len(assigns) == 6  # an assign needs no rule: none is lost
    state = "unconfirmed"
    for move in moves:
        assert move["from"] == state
        state = move["to"]
    final = json.loads(tracker(db, "show", "1", "--json").stdout)
    assert final["status"] == state
    assert final["version"] == 1 + 3 + len(moves) + len(assigns)
    verified = tracker(db, "verify", "--json")
    assert verified.returncode == 0, verified.stdout
    assert json.loads(verified.stdout)["events"] == len(history)


def _without_ids(value):  # type: ignore[no-untyped-def]
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k not in ("id", "claim_id", "evidence_id")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_moving_a_desk_from_sqlite_to_postgres_and_back(db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sqlite = str(tmp_path / "desk.db")
    built = subprocess.run([sys.executable, "-m", "tracker", "demo", "--no-ui", "--db", sqlite],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert tracker(sqlite, "expire", "6", "--reason", "desk", "--override").returncode == 0
    assert tracker(sqlite, "reopen", "6", "--reason", "new footage", "--expires", "+2d").returncode == 0
    assert tracker(sqlite, "edit", "3", "--said-at", "2026-11-01 01:30 -04:00", "--reason", "fold").returncode == 0
    exported = tracker(sqlite, "export").stdout
    assert tracker(db, "init").returncode == 0
    applied = tracker(db, "apply", "-", stdin=exported)
    assert applied.returncode == 0, applied.stdout[-500:]
    again = tracker(db, "apply", "-", stdin=exported)
    assert again.returncode == 0
    assert all(json.loads(line).get("already_applied") for line in again.stdout.splitlines()[1:])
    back = str(tmp_path / "back.db")
    assert tracker(back, "init").returncode == 0
    from_pg = tracker(db, "export").stdout
    assert from_pg.splitlines()[1:] == exported.splitlines()[1:]  # events verbatim, chain included
    assert tracker(back, "apply", "-", stdin=from_pg).returncode == 0
    for claim_id in ("3", "6", "13"):
        for command in ("show", "history"):
            mine = json.loads(tracker(sqlite, command, claim_id, "--json").stdout)
            assert _without_ids(json.loads(tracker(db, command, claim_id, "--json").stdout)) == _without_ids(mine)
            assert _without_ids(json.loads(tracker(back, command, claim_id, "--json").stdout)) == _without_ids(mine)
    assert json.loads(tracker(db, "rules", "--json").stdout) == json.loads(tracker(sqlite, "rules", "--json").stdout)


def test_search_on_postgres(db: str) -> None:
    """The same search semantics on PostgreSQL: its own full-text index, kept by triggers."""
    import psycopg

    assert tracker(db, "init").returncode == 0

    def add(*args: str) -> int:
        done = tracker(db, "add", *args, "--json")
        assert done.returncode == 0, done.stderr
        return int(json.loads(done.stdout)["id"])

    def found(text: str, *extra: str) -> list[int]:
        done = tracker(db, "list", "--search", text, "--json", *extra)
        assert done.returncode == 0, done.stderr
        return [c["id"] for c in json.loads(done.stdout)]

    week = add("Putin agreed not to strike Kyiv for one week", "--speaker", "Donald Trump", "--tag", "ceasefire")
    cyr = add("Зеленський заявив про тиждень тиші", "--speaker", "Офіс Президента", "--source", "Суспільне")
    other = add("Talks resume on Monday in Zürich", "--speaker", "A spokesman")
    assert tracker(db, "evidence", str(other), "--stance", "context", "--source", "Maxar",
                   "--note", "one-week delay expected").returncode == 0
    assert found("one-week pause") == []
    assert found("one-week", "--sort", "id") == [week, other]
    assert found("one-week")[0] == week                          # text ranks above evidence
    assert found("ЗЕЛЕНСЬКИЙ") == [cyr] and found("суспільн") == [cyr]
    assert found("zurich maxar") == [other]
    assert found("TRUMP ceasefire kyi") == [week]
    for typed in ("%", '"', "*", "NEAR(", "a & b | !c", "'", "\\", ":*", "<->"):
        assert tracker(db, "list", "--search", typed, "--json").returncode == 0, typed
    with psycopg.connect(db) as conn:  # rows written by any code are indexed
        conn.execute("UPDATE claim SET text = 'Grain corridor closed' WHERE id = %s", (other,))
        conn.execute("INSERT INTO claim_tag (claim_id, tag) VALUES (%s, 'black-sea')", (other,))
    assert found("grain black sea") == [other]


def test_similar_claims_on_postgres(db: str) -> None:
    """add warns of look-alikes on PostgreSQL too (candidates: tsquery OR + pg_trgm), same score."""
    assert tracker(db, "init").returncode == 0
    assert tracker(db, "add", "Zelensky said Ukraine would not give up Donbas", "--speaker", "AP").returncode == 0
    again = tracker(db, "add", "Zelenskyy said Ukraine will not give up the Donbas", "--speaker", "Reuters", "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["similar"] == [{"id": 1, "score": 1.0}]
    third = tracker(db, "add", "Zelenskiy: Ukraine will not give up the Donbas", "--speaker", "X")
    assert third.returncode == 0 and third.stderr.startswith("tracker: looks like #2 ")
    listed = json.loads(tracker(db, "similar", "1", "--json").stdout)
    assert [s["id"] for s in listed] == [2, 3]
    refused = tracker(db, "add", "Zelensky said Ukraine would not give up Donbas", "--speaker", "AP", "--unique")
    assert refused.returncode == 5 and "not added (unique)" in refused.stderr


def test_duplicates_on_postgres(db: str) -> None:
    """link / unlink, a duplicate following its primary, list and the report, as on SQLite."""
    assert tracker(db, "init").returncode == 0
    for text in ("Putin agreed not to strike Kyiv for one week", "Putin has agreed not to strike Kyiv for a week",
                 "Talks resume on Monday"):
        assert tracker(db, "add", text, "--speaker", "AP").returncode == 0
    assert tracker(db, "evidence", "1", "--stance", "supports", "--source", "AP").returncode == 0
    assert tracker(db, "link", "2", "--duplicate-of", "1", "--reason", "wire copy").returncode == 0
    assert tracker(db, "link", "1", "--duplicate-of", "2", "--reason", "x").returncode == 4
    assert tracker(db, "confirm", "1", "--reason", "one source", "--override").returncode == 0
    second = json.loads(tracker(db, "show", "2", "--json").stdout)
    assert (second["status"], second["duplicate_of"]) == ("confirmed", 1)
    assert [c["id"] for c in json.loads(tracker(db, "list", "--json").stdout)] == [3, 1]
    assert [c["id"] for c in json.loads(tracker(db, "list", "--with-duplicates", "--json").stdout)] == [3, 2, 1]
    counts = json.loads(tracker(db, "report", "--format", "json").stdout)["counts"]
    assert counts["total"] == 2
    assert tracker(db, "unlink", "2", "--reason", "split").returncode == 0
    assert tracker(db, "verify").returncode == 0


def test_search_input_and_as_of_folding_on_postgres(server: str, db: str) -> None:
    """Any typed text gives results or one clear refusal (never an SQL error) on PostgreSQL too, in a list,
    an as-of list and a look-alike search; as-of search folds and stems as the index does (hypothesis)."""
    from datetime import UTC, datetime, timedelta

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tracker.domain.errors import InvalidInput
    from tracker.service.asof import list_as_of
    from tracker.service.claims import ClaimDraft, ClaimEdit, add_claim, edit_claim
    from tracker.service.context import Desk
    from tracker.service.reading import ListQuery, list_claims
    from tracker.service.similar import similar_to_text
    from tracker.store.engine import make_engine, resolve_url
    from tracker.store.migrations import upgrade

    clock = [datetime(2026, 1, 30, 12, 0, tzinfo=UTC)]
    engine = make_engine(resolve_url(db))
    upgrade(engine)
    desk = Desk(engine, "pg", clock=lambda: clock[0], where="pg")
    try:
        first = add_claim(desk, ClaimDraft("Russian drones strikes the Zürich-bound ЗЕЛЕНИЙ train", "Air force"))
        clock[0] += timedelta(hours=1)
        edit_claim(desk, first.id, ClaimEdit(text="Nothing happened"), "retracted")
        before = datetime(2026, 1, 30, 12, 30, tzinfo=UTC)
        for typed in ("strike", "zurich bound", "зелений", "drone"):
            assert [v.id for v in list_as_of(desk, ListQuery(search=typed), before).rows] == [first.id], typed
        assert list_as_of(desk, ListQuery(search="happened"), before).rows == []

        @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
        @given(st.one_of(
            st.text(max_size=60),
            st.sampled_from(['NEAR(', '"', '*', "a & b | !c", ":*", "<->", "'", "\\", "%", "(((", "-", "...", "\x00x", "Zelensky\x00said ok"]),
            st.just("x" * 100_000),
        ))
        def check(typed: str) -> None:
            for run in (lambda: list_claims(desk, ListQuery(search=typed)),
                        lambda: list_as_of(desk, ListQuery(search=typed), before),
                        lambda: similar_to_text(desk, typed)):
                try:
                    run()
                except InvalidInput as err:
                    assert err.message and "\n" not in err.message

        check()
    finally:
        engine.dispose()
