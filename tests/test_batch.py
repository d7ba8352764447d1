"""`tracker apply`: one result per line, each line atomic on its own, good lines land, bad ones change nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest

from cli_support import NOW, add, evidence, run_subprocess

import tracker.service.batch as batch


def jl(*records: object) -> bytes:
    """JSON lines; a str is used as the raw line."""
    return b"".join((r.encode() if isinstance(r, str) else json.dumps(r).encode()) + b"\n" for r in records)


def table_counts(db_path) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("claim", "claim_tag", "evidence", "event")}
    finally:
        conn.close()


def snapshot(tr) -> tuple:
    rows = tr("list", "--json", "--limit", "1000").json
    return tuple(json.dumps(tr("show", r["id"], "--json").json, sort_keys=True) for r in rows)


def test_mixed_good_and_bad_lines(tr, db_path) -> None:
    claim = add(tr, "Kyiv pause")
    evidence(tr, claim["id"], "supports", "AP")
    cid = claim["id"]
    data = jl(
        {"action": "add", "text": "Good new claim", "speaker": "Kaja Kallas", "tags": ["eu"],
         "said_at": "2026-01-29 11:30 Brussels time"},                                   # 1 ok
        "",                                                                               # 2 blank: no result
        "{not json",                                                                      # 3 bad JSON
        {"action": "frobnicate", "id": cid},                                              # 4 unknown action
        {"action": "confirm", "id": cid, "reason": "x", "colour": "red"},                 # 5 unknown field
        {"action": "confirm", "reason": "x"},                                             # 6 missing id
        {"action": "confirm", "id": 999, "reason": "x"},                                  # 7 no such claim
        {"action": "confirm", "id": cid, "reason": "only one source"},                    # 8 refused
        {"action": "add", "text": "x", "speaker": "s", "said_at": "2026-13-45"},          # 9 bad date
        {"action": "evidence", "id": cid, "stance": "supports", "source": "Reuters"},     # 10 ok
        {"action": "confirm", "id": cid, "reason": "AP and Reuters"},                     # 11 ok now
        "   ",                                                                            # 12 blank
        {"action": "reopen", "id": cid, "reason": ""},                                    # 13 empty reason
        {"action": "add", "text": "bad tag", "speaker": "s", "tags": ["ok", "not ok"]},   # 14 bad tag
        "[1, 2]",                                                                         # 15 not an object
        {"action": "contradict", "uuid": claim["uuid"], "reason": "x", "override": True},  # 16 ok by uuid
    )
    result = tr("apply", "-", stdin=data)
    assert result.code == 1, result.err
    assert result.err == ""
    out = result.lines
    assert [r["line"] for r in out] == [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16]
    by_line = {r["line"]: r for r in out}
    assert [n for n, r in by_line.items() if r["ok"]] == [1, 10, 11, 16]
    expected_codes = {3: 2, 4: 2, 5: 2, 6: 2, 7: 3, 8: 4, 9: 2, 13: 2, 14: 2, 15: 2}
    assert {n: r["code"] for n, r in by_line.items() if not r["ok"]} == expected_codes
    assert "not valid JSON" in by_line[3]["error"]
    assert "frobnicate" in by_line[4]["error"]
    assert "colour" in by_line[5]["error"]
    assert "id or uuid" in by_line[6]["error"]
    assert by_line[7]["error"] == "no claim 999"
    assert by_line[8]["error"] == f"confirm needs supporting evidence from 2 distinct sources; claim {cid} has 1"
    assert "said_at" in by_line[9]["error"]
    assert "reason" in by_line[13]["error"]
    assert "tag" in by_line[14]["error"]
    for r in out:
        assert set(r) <= {"line", "ok", "action", "id", "uuid", "status", "version", "error", "code", "similar"}
    assert by_line[1]["status"] == "unconfirmed" and by_line[1]["version"] == 1
    assert (by_line[10]["id"], by_line[10]["version"]) == (cid, 3)
    assert (by_line[11]["status"], by_line[11]["version"]) == ("confirmed", 4)
    assert (by_line[16]["status"], by_line[16]["version"]) == ("contradicted", 5)

    # What landed, and nothing else.
    texts = sorted(c["text"] for c in tr("list", "--json").json)
    assert texts == ["Good new claim", "Kyiv pause"]
    new = tr("show", by_line[1]["id"], "--json").json
    assert new["said_at"] == "2026-01-29T10:30:00+00:00" and new["said_tz"] == "Europe/Brussels"
    assert new["tags"] == ["eu"]
    events = tr("history", cid, "--json").json
    assert [(e["action"], e["to"]) for e in events] == [
        ("add", "unconfirmed"), ("evidence", None), ("evidence", None), ("confirm", "confirmed"),
        ("contradict", "contradicted")]
    assert events[-1]["override"] is True
    assert table_counts(db_path) == {"claim": 2, "claim_tag": 1, "evidence": 2, "event": 6}


def test_all_good_is_exit_0_and_from_a_file(tr, tmp_path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(jl({"action": "add", "text": "a", "speaker": "s"},
                        {"action": "evidence", "id": 1, "stance": "supports", "source": "AP", "note": "n"},
                        {"action": "assign", "id": 1, "assignee": "olena"}))
    result = tr("apply", path)
    assert result.code == 0, result.err
    assert [(r["line"], r["ok"], r["action"]) for r in result.lines] == [
        (1, True, "add"), (2, True, "evidence"), (3, True, "assign")]
    shown = tr("show", 1, "--json").json
    assert shown["assignee"] == "olena" and shown["evidence"][0]["note"] == "n"


def test_default_source_is_stdin(tr) -> None:
    result = tr("apply", stdin=jl({"action": "add", "text": "a", "speaker": "s"}))
    assert result.code == 0 and result.lines[0]["ok"]


def test_empty_input(tr) -> None:
    result = tr("apply", "-", stdin=b"\n\n   \n")
    assert (result.code, result.out) == (0, "")


def test_a_line_of_other_controls_is_a_bad_line_not_a_blank_one(tr) -> None:
    # Python's str.strip() takes U+001C..U+001F and U+0085 for whitespace; JSON does not.
    good = jl({"action": "add", "text": "kept", "speaker": "s"})
    result = tr("apply", "-", stdin=b"\x1c\n" + "\u2028\u0085\n".encode() + b"\t \r\n" + good)
    assert result.code == 1
    assert [(r["line"], r["ok"]) for r in result.lines] == [(1, False), (2, False), (4, True)]
    assert all(r["code"] == 2 for r in result.lines[:2])


def test_a_number_too_long_to_read_is_that_lines_error_in_words(tr) -> None:
    line = b'{"action":"add","text":"a","speaker":' + b"9" * 5000 + b"}\n"
    result = tr("apply", "-", stdin=line + jl({"action": "add", "text": "b", "speaker": "s"}))
    first, second = result.lines
    assert (first["ok"], first["code"], second["ok"]) == (False, 2, True)
    assert first["error"] == "a number in the line has over 4,300 digits"


def test_missing_file_is_exit_2(tr, tmp_path) -> None:
    tr("apply", tmp_path / "nope.jsonl").assert_error(2, "cannot read")


def test_invalid_utf8_line(tr) -> None:
    data = jl({"action": "add", "text": "before", "speaker": "s"}) + b'{"action": "add", "text": "caf\xe9"}\n' + \
        jl({"action": "add", "text": "after", "speaker": "s"})
    result = tr("apply", "-", stdin=data)
    assert result.code == 1
    assert [(r["line"], r["ok"]) for r in result.lines] == [(1, True), (2, False), (3, True)]
    assert result.lines[1]["error"] == "line is not valid UTF-8" and result.lines[1]["code"] == 2
    assert sorted(c["text"] for c in tr("list", "--json").json) == ["after", "before"]


BAD_LINES = [
    {"action": "add", "text": "lone \ud800 surrogate", "speaker": "s"},
    {"action": "add", "text": "x", "speaker": "s", "tags": [["nested"]]},
    {"action": "add", "text": "x", "speaker": "s", "said_at": {"when": "now"}},
    {"action": "add", "text": "x", "speaker": "s", "said_at": 1e400},
    {"action": "add", "text": "x", "speaker": "s", "url": "ftp://x"},
    {"action": "add", "text": "x", "speaker": "s", "uuid": "not-a-uuid"},
    {"action": "add", "text": "x", "speaker": "s", "actor": "\x1b[31m"},
    {"action": "add", "text": "x", "speaker": "s", "at": "yesterday Narnia time"},
    {"action": "evidence", "id": 1, "stance": "maybe", "source": "AP"},
    {"action": "evidence", "id": 1, "stance": "supports"},
    {"action": "confirm", "id": 1.5, "reason": "x"},
    {"action": "confirm", "id": True, "reason": "x"},
    {"action": "confirm", "id": 10**30, "reason": "x"},
    {"action": "confirm", "uuid": "1", "reason": "x", "override": True},
    {"action": "confirm", "id": 1, "reason": "x", "override": "yes"},
    {"action": "confirm", "id": 1, "reason": "x", "version": "1"},
    {"action": "confirm", "id": 1, "reason": 42},
    "[" * 50_000,
    '"just a string"',
    "null",
    '{"action": "add", "text": "x", "speaker": "s", "text": "dup"',
]


@pytest.mark.parametrize("line", BAD_LINES, ids=[json.dumps(x)[:48] for x in BAD_LINES])
def test_bad_line_changes_nothing_and_others_land(tr, db_path, line) -> None:
    add(tr, "existing")
    before = table_counts(db_path)
    data = jl({"action": "add", "text": "first", "speaker": "s"}, line,
              {"action": "add", "text": "last", "speaker": "s"})
    result = tr("apply", "-", stdin=data)
    assert result.code == 1, result.err
    assert result.err == ""
    assert [(r["line"], r["ok"]) for r in result.lines] == [(1, True), (2, False), (3, True)]
    assert result.lines[1]["code"] in (2, 3, 4)
    after = table_counts(db_path)
    assert after == {**before, "claim": before["claim"] + 2, "event": before["event"] + 2}
    assert tr("show", 1, "--json").json["version"] == 1


def test_line_failing_halfway_leaves_no_half_written_rows(tr, db_path) -> None:
    """The claim row and its tags are written before the history event; the event fails."""
    claim = add(tr, "existing")
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("CREATE TRIGGER boom BEFORE INSERT ON event WHEN NEW.action = 'evidence' "
                 "OR (SELECT count(*) FROM claim) > 2 BEGIN SELECT RAISE(ABORT, 'boom'); END")
    conn.close()
    before = table_counts(db_path)
    data = jl({"action": "add", "text": "second", "speaker": "s", "tags": ["a", "b"]},   # lands (2 claims)
              {"action": "add", "text": "third", "speaker": "s", "tags": ["c", "d"]},    # fails after the inserts
              {"action": "evidence", "id": claim["id"], "stance": "supports", "source": "AP"},  # fails too
              {"action": "assign", "id": claim["id"], "assignee": "olena"})              # lands
    result = tr("apply", stdin=data)
    assert result.code == 1
    assert [(r["line"], r["ok"]) for r in result.lines] == [(1, True), (2, False), (3, False), (4, True)]
    assert "boom" in result.lines[1]["error"] and result.lines[1]["code"] == 1
    assert table_counts(db_path) == {"claim": before["claim"] + 1, "claim_tag": before["claim_tag"] + 2,
                                     "evidence": before["evidence"], "event": before["event"] + 2}
    shown = tr("show", claim["id"], "--json").json
    assert shown["version"] == 2 and shown["assignee"] == "olena" and shown["evidence"] == []
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT tag FROM claim_tag ORDER BY tag").fetchall() == [("a",), ("b",)]


def test_lines_spanning_several_chunks(tr, db_path, monkeypatch) -> None:
    monkeypatch.setattr(batch, "CHUNK_LINES", 3)
    records: list[object] = []
    for i in range(10):
        records.append({"action": "add", "text": f"claim {i}", "speaker": "s"})
        if i % 4 == 1:
            records.append({"action": "confirm", "id": 999, "reason": "x"})   # fails: no such claim
        if i % 3 == 0:
            records.append("")
    # Lines in later chunks refer to claims added in earlier ones.
    records += [{"action": "evidence", "id": 1, "stance": "supports", "source": "AP"},
                {"action": "evidence", "id": 1, "stance": "supports", "source": "AFP"},
                {"action": "confirm", "id": 1, "reason": "two sources"},
                {"action": "contradict", "id": 10, "reason": "x"}]
    lines = jl(*records)
    result = tr("apply", stdin=lines)
    assert result.code == 1
    out = result.lines
    non_blank = [n for n, line in enumerate(lines.decode().splitlines(), 1) if line.strip()]
    assert [r["line"] for r in out] == non_blank
    failed = [r for r in out if not r["ok"]]
    assert [r["code"] for r in failed] == [3, 3, 3, 4]
    assert len(tr("list", "--json").json) == 10
    assert tr("show", 1, "--json").json["status"] == "confirmed"
    assert table_counts(db_path)["event"] == 10 + 3


def test_chunk_boundary_exactly_full(tr, monkeypatch) -> None:
    monkeypatch.setattr(batch, "CHUNK_LINES", 2)
    result = tr("apply", stdin=jl(*({"action": "add", "text": f"c{i}", "speaker": "s"} for i in range(4))))
    assert result.code == 0
    assert [r["line"] for r in result.lines] == [1, 2, 3, 4]
    assert len(tr("list", "--json").json) == 4


def test_line_actor_and_time(tr) -> None:
    result = tr("apply", stdin=jl(
        {"action": "add", "text": "x", "speaker": "s", "actor": "olena", "at": "2026-01-29T06:40:00+00:00"},
        {"action": "evidence", "id": 1, "stance": "contradicts", "source": "TASS", "actor": "marcus"},
        {"action": "contradict", "id": 1, "reason": "denied", "at": "2026-01-30 14:00 Kyiv time"}))
    assert result.code == 0, result.out
    events = tr("history", 1, "--json").json
    assert [(e["actor"], e["at"]) for e in events] == [
        ("olena", "2026-01-29T06:40:00+00:00"), ("marcus", NOW), ("ed", NOW)]


def test_a_line_dated_before_the_claims_latest_event_is_refused_naming_both(tr) -> None:
    result = tr("apply", stdin=jl(
        {"action": "add", "text": "x", "speaker": "s", "at": "2026-01-29T10:00:00+00:00"},
        {"action": "assign", "id": 1, "assignee": "olena", "at": "2026-01-29T09:59:00+00:00"},
        {"action": "assign", "id": 1, "assignee": "olena", "at": "2026-01-29T10:00:00+00:00"}))
    assert [(r["ok"], r.get("code")) for r in result.lines] == [(True, None), (False, 2), (True, None)]
    error = result.lines[1]["error"]
    assert "2026-01-29T10:00:00+00:00" in error and "2026-01-29T09:59:00+00:00" in error
    assert [e["action"] for e in tr("history", 1, "--json").json] == ["add", "assign"]
    tr("assign", 1, "marcus", now="2026-01-28T00:00:00Z").assert_error(2, "2026-01-28T00:00:00+00:00",
                                                                    "out of time order")


def test_any_exception_on_a_line_is_that_lines_error(tr) -> None:
    lines = b"".join([
        jl({"action": "add", "text": "a", "speaker": "s"}),
        jl({"action": [], "text": "b", "speaker": "s"}),
        b'{"action": "add", "text": "c", "speaker": "s", "tags": [' + b"1" * 4400 + b"]}\n",
        jl({"action": "add", "text": "d", "speaker": "s", "at": ""}),
        jl({"action": "add", "text": "e", "speaker": "s", "at": "9999-12-31T23:00:00Z"}),
        jl({"action": {"x": 1}, "id": 1}),
        jl({"action": "add", "text": "f", "speaker": "s"}),
    ])
    result = tr("apply", "-", stdin=lines)
    assert result.code == 1 and result.err == ""
    assert [(r["line"], r["ok"], r.get("code")) for r in result.lines] == [
        (1, True, None), (2, False, 2), (3, False, 2), (4, False, 2), (5, False, 2), (6, False, 2), (7, True, None)]
    assert "out of range" in result.lines[4]["error"] or "past the last time" in result.lines[4]["error"]
    assert sorted(c["text"] for c in tr("list", "--json").json) == ["a", "f"]


def test_an_unexpected_error_on_one_line_fails_that_line_only(tr, monkeypatch) -> None:
    import tracker.service.usecases as usecases

    real = usecases.USE_CASES["assign"]

    def boom(step, record):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(usecases.USE_CASES, "assign", usecases.UseCase("assign", real.fields, boom))
    result = tr("apply", stdin=jl({"action": "add", "text": "a", "speaker": "s"},
                                  {"action": "assign", "id": 1, "assignee": "o"},
                                  {"action": "add", "text": "b", "speaker": "s"}))
    assert [(r["ok"], r.get("code")) for r in result.lines] == [(True, None), (False, 1), (True, None)]
    assert result.lines[1]["error"] == "internal error: ZeroDivisionError: division by zero"


def test_uuid_import_and_conflicts(tr) -> None:
    uid = "7c29ffde-dcba-4e96-84e4-d804d5a85125"
    line = {"action": "add", "uuid": uid, "text": "x", "speaker": "s"}
    assert tr("apply", stdin=jl(line)).code == 0
    again = tr("apply", stdin=jl(line, {"action": "evidence", "uuid": uid.upper(), "stance": "context",
                                        "source": "AP", "version": 1},
                                 {"action": "assign", "uuid": uid, "assignee": "o", "version": 1}))
    assert again.code == 1
    assert [(r["ok"], r.get("code")) for r in again.lines] == [(True, None), (True, None), (False, 5)]
    assert again.lines[0]["unchanged"] is True and again.lines[0]["version"] == 1  # the same claim again
    assert tr("show", uid, "--json").json["version"] == 2
    other = tr("apply", stdin=jl({**line, "text": "another claim"}))
    assert other.code == 1 and other.lines[0]["code"] == 5 and "other text" in other.lines[0]["error"]
    assert tr("show", uid, "--json").json["text"] == "x"


def test_long_line_is_refused(tr) -> None:
    huge = json.dumps({"action": "add", "text": "x" * (batch.MAX_LINE_BYTES + 10), "speaker": "s"})
    result = tr("apply", stdin=jl(huge, {"action": "add", "text": "ok", "speaker": "s"}))
    assert [(r["ok"], r.get("code")) for r in result.lines] == [(False, 2), (True, None)]
    assert "longer than" in result.lines[0]["error"]


def test_apply_as_a_subprocess(tmp_path) -> None:
    db = tmp_path / "b.db"
    env = {"TRACKER_DB": str(db), "TRACKER_NOW": NOW, "TRACKER_ACTOR": "cron"}
    assert run_subprocess("init", env=env).returncode == 0
    done = run_subprocess("apply", "-", env=env, stdin=jl(
        {"action": "add", "text": "x", "speaker": "s"}, "oops", {"action": "add", "text": "y", "speaker": "s"}))
    assert done.returncode == 1
    assert done.stderr == b""
    assert [json.loads(x)["ok"] for x in done.stdout.splitlines()] == [True, False, True]
    good = run_subprocess("apply", env=env, stdin=jl({"action": "assign", "id": 2, "assignee": "olena"}))
    assert (good.returncode, json.loads(good.stdout)["ok"]) == (0, True)
