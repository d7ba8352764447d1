"""The CLI contract scripts depend on: JSON fields, list filters, exit codes, one-line errors, no colour."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid as uuid_module

import pytest

from cli_support import DEMO_CLAIMS, NOW, add, evidence, run_subprocess

CLAIM_FIELDS = {"id", "uuid", "text", "speaker", "said_at", "said_tz", "source", "url", "status", "tags",
                "assignee", "expires_at", "created_at", "updated_at", "version", "evidence"}
EVIDENCE_FIELDS = {"id", "stance", "source", "url", "note", "added_by", "added_at"}
HISTORY_FIELDS = {"at", "actor", "action", "from", "to", "reason"}
ANSI = re.compile(r"\x1b\[")


# ----------------------------------------------------------------- JSON fields


def test_add_prints_the_id_or_the_whole_claim(tr) -> None:
    plain = tr("add", "First claim", "--speaker", "Kaja Kallas")
    assert plain.code == 0 and plain.err == ""
    assert plain.out == "1\n"
    full = tr("add", "Second claim", "--speaker", "Donald Trump", "--said-at", "2026-01-29 11:30 Washington time",
              "--source", "AP", "--url", "https://apnews.com/x", "--expires", "2026-02-05 11:30 Washington time",
              "--tag", "Ceasefire", "--tag", "ukraine", "--tag", "ceasefire", "--assignee", "olena", "--json")
    assert full.code == 0, full.err
    data = full.json
    assert set(data) >= CLAIM_FIELDS
    assert data["id"] == 2
    assert str(uuid_module.UUID(data["uuid"])) == data["uuid"]
    assert data["text"] == "Second claim"
    assert data["speaker"] == "Donald Trump"
    assert data["said_at"] == "2026-01-29T16:30:00+00:00"
    assert data["said_tz"] == "America/New_York"
    assert data["source"] == "AP"
    assert data["url"] == "https://apnews.com/x"
    assert data["status"] == "unconfirmed"
    assert data["tags"] == ["ceasefire", "ukraine"]
    assert data["assignee"] == "olena"
    assert data["expires_at"] == "2026-02-05T16:30:00+00:00"
    assert data["created_at"] == data["updated_at"] == NOW
    assert data["version"] == 1
    assert data["evidence"] == []


def test_default_expiry_and_never(tr) -> None:
    assert add(tr)["expires_at"] == "2026-02-06T12:00:00+00:00"  # default_expiry 7d from --now
    assert add(tr, "x", "--expires", "never")["expires_at"] is None
    assert tr("rules", "set", "default_expiry", "none").code == 0
    assert add(tr)["expires_at"] is None


def test_evidence_json(tr) -> None:
    claim = add(tr)
    data = evidence(tr, claim["id"], "contradicts", "Kremlin", "--url", "https://kremlin.ru/a",
                    "--note", "Peskov refused to comment")
    assert set(data) >= CLAIM_FIELDS
    assert data["version"] == 2
    (item,) = data["evidence"]
    assert set(item) >= EVIDENCE_FIELDS
    assert item["stance"] == "contradicts"
    assert item["source"] == "Kremlin"
    assert item["url"] == "https://kremlin.ru/a"
    assert item["note"] == "Peskov refused to comment"
    assert item["added_by"] == "ed"
    assert item["added_at"] == NOW
    assert isinstance(item["id"], int)
    plain = tr("evidence", claim["id"], "--stance", "context", "--source", "White House")
    assert plain.code == 0
    assert "evidence" in plain.out and "White House" in plain.out
    assert [e["source"] for e in tr("show", claim["id"], "--json").json["evidence"]] == ["Kremlin", "White House"]


def test_history_json_and_jsonl(tr) -> None:
    claim = add(tr)
    evidence(tr, claim["id"], "contradicts", "Kremlin", "--note", "denied")
    assert tr("contradict", claim["id"], "--reason", "Kremlin denies it").code == 0
    events = tr("history", claim["id"], "--json").json
    for event in events:
        assert set(event) >= HISTORY_FIELDS
    assert [(e["action"], e["from"], e["to"]) for e in events] == [
        ("add", None, "unconfirmed"), ("evidence", None, None), ("contradict", "unconfirmed", "contradicted")]
    assert events[-1]["reason"] == "Kremlin denies it"
    assert events[-1]["actor"] == "ed"
    assert events[-1]["at"] == NOW
    lines = tr("history", claim["id"], "--jsonl")
    assert lines.lines == events
    assert len(lines.out.splitlines()) == 3
    human = tr("history", claim["id"])
    assert human.code == 0 and "Kremlin denies it" in human.out


def test_claims_by_uuid(tr) -> None:
    claim = add(tr)
    assert tr("show", claim["uuid"], "--json").json["id"] == claim["id"]
    assert tr("show", claim["uuid"].upper(), "--json").json["id"] == claim["id"]
    assert tr("evidence", claim["uuid"], "--stance", "supports", "--source", "AP").code == 0
    tr("show", str(uuid_module.uuid4())).assert_error(3, "no claim")


# ----------------------------------------------------------------- list


@pytest.fixture
def listing(tr):
    """Five claims with different statuses, tags, assignees, deadlines and activity times."""
    a = add(tr, "Putin agreed to a pause", "--tag", "ceasefire", "--assignee", "olena", "--expires", "+2d",
            speaker="Donald Trump")
    b = add(tr, "Kremlin declined to comment", "--tag", "kremlin", "--assignee", "marcus", "--expires", "+12h",
            speaker="Dmitry Peskov")
    c = add(tr, "100% of drones were shot down", "--tag", "ceasefire", "--expires", "never", speaker="Air Force")
    d = tr("add", "Blackouts in Kyiv", "--speaker", "DTEK", "--assignee", "olena", "--expires", "+30m", "--json",
           now="2026-01-30T11:00:00+00:00").json  # its deadline passed half an hour before NOW
    e = add(tr, "Old claim nobody touched", "--expires", "+30d", speaker="Someone", )
    # Make e stale: its last activity is two days before NOW; a is confirmed, b contradicted.
    evidence(tr, a["id"], "supports", "AP")
    evidence(tr, a["id"], "supports", "Reuters")
    assert tr("confirm", a["id"], "--reason", "two sources").code == 0
    evidence(tr, b["id"], "contradicts", "TASS")
    assert tr("contradict", b["id"], "--reason", "denied").code == 0
    old = tr("add", "Stale one", "--speaker", "Nobody", "--json", now="2026-01-28T09:00:00Z").json
    return {"a": a["id"], "b": b["id"], "c": c["id"], "d": d["id"], "e": e["id"], "old": old["id"]}


def ids(result) -> list[int]:
    assert result.code == 0, result.err
    return [row["id"] for row in result.json]


def test_list_json_is_an_array_and_jsonl_is_lines(tr, listing) -> None:
    rows = tr("list", "--json").json
    assert isinstance(rows, list) and len(rows) == 6
    for row in rows:
        assert set(row) >= CLAIM_FIELDS - {"evidence"}
    jl = tr("list", "--jsonl")
    assert jl.code == 0
    assert len(jl.out.splitlines()) == 6
    assert jl.lines == rows
    human = tr("list")
    assert human.code == 0 and "Putin agreed" in human.out
    assert "confirmed" in human.out


def test_list_filters(tr, listing) -> None:
    L = listing
    assert sorted(ids(tr("list", "--json", "--status", "confirmed"))) == [L["a"]]
    assert sorted(ids(tr("list", "--json", "--status", "confirmed", "--status", "contradicted"))) == \
        sorted([L["a"], L["b"]])
    assert sorted(ids(tr("list", "--json", "--tag", "ceasefire"))) == sorted([L["a"], L["c"]])
    assert sorted(ids(tr("list", "--json", "--tag", "CEASEFIRE"))) == sorted([L["a"], L["c"]])
    assert sorted(ids(tr("list", "--json", "--assignee", "olena"))) == sorted([L["a"], L["d"]])
    assert ids(tr("list", "--json", "--search", "kremlin")) == [L["b"]]
    assert ids(tr("list", "--json", "--search", "peskov")) == [L["b"]]  # speaker too
    assert ids(tr("list", "--json", "--search", "100%")) == [L["c"]]
    assert ids(tr("list", "--json", "--search", "%")) == []  # no letters or digits: nothing (tests/test_search.py)
    assert ids(tr("list", "--json", "--search", "_")) == []
    assert ids(tr("list", "--json", "--stale")) == [L["old"]]
    # due soon: open claims whose deadline is within 24 h or already past; not contradicted b.
    assert sorted(ids(tr("list", "--json", "--due-soon"))) == sorted([L["d"]])
    assert tr("rules", "set", "due_soon", "3d").code == 0
    assert sorted(ids(tr("list", "--json", "--due-soon"))) == sorted([L["a"], L["d"]])
    assert ids(tr("list", "--json", "--status", "expired")) == []
    assert ids(tr("list", "--json", "--tag", "ceasefire", "--status", "unconfirmed")) == [L["c"]]


def test_list_sort_and_limit(tr, listing) -> None:
    everything = ids(tr("list", "--json"))
    assert everything == sorted(everything, reverse=True)  # default -id
    assert ids(tr("list", "--json", "--sort", "id")) == sorted(everything)
    assert ids(tr("list", "--json", "--limit", "2")) == everything[:2]
    assert ids(tr("list", "--json", "--limit", "2", "--offset", "2")) == everything[2:4]
    speakers = [r["speaker"] for r in tr("list", "--json", "--sort", "speaker").json]
    assert speakers == sorted(speakers)
    by_expiry = tr("list", "--json", "--sort", "expires").json
    dated = [r["expires_at"] for r in by_expiry if r["expires_at"]]
    assert dated == sorted(dated)
    assert by_expiry[-1]["expires_at"] is None  # no deadline sorts last
    tr("list", "--sort", "colour").assert_error(2, "--sort")
    tr("list", "--limit", "0").assert_error(2, "--limit")
    tr("list", "--limit", "many").assert_error(2, "--limit")


# ----------------------------------------------------------------- exit codes and error lines


def test_exit_codes(tr, db_path) -> None:
    claim = add(tr)
    assert tr("show", claim["id"]).code == 0
    tr("show", 999).assert_error(3, "no claim 999")
    tr("confirm", 999, "--reason", "x").assert_error(3, "no claim 999")
    tr("confirm", claim["id"], "--reason", "x").assert_error(4, "confirm needs")
    tr("confirm", claim["id"], "--reason", "x", "--if-version", "7").assert_error(5, "version 7, now 1")
    assert tr("apply", stdin=b"{\"action\": \"nope\"}\n").code == 1


def test_if_version(tr) -> None:
    claim = add(tr)
    assert evidence(tr, claim["id"], "contradicts", "TASS")["version"] == 2
    stale = tr("contradict", claim["id"], "--reason", "x", "--if-version", "1")
    stale.assert_error(5, "changed since you loaded it")
    assert tr("show", claim["id"], "--json").json["status"] == "unconfirmed"
    assert len(tr("history", claim["id"], "--json").json) == 2
    tr("evidence", claim["id"], "--stance", "supports", "--source", "AP", "--if-version", "1").assert_error(5)
    tr("assign", claim["id"], "olena", "--if-version", "1").assert_error(5)
    assert len(tr("show", claim["id"], "--json").json["evidence"]) == 1
    ok = tr("contradict", claim["id"], "--reason", "x", "--if-version", "2", "--json")
    assert ok.code == 0 and ok.json["version"] == 3
    tr("reopen", claim["id"], "--reason", "x", "--if-version", "0").assert_error(2)


@pytest.mark.parametrize(("args", "code", "fragment"), [
    (("add", "x", "--speaker", "s", "--said-at", "garbage"), 2, "cannot read 'garbage'"),
    (("add", "x", "--speaker", "s", "--said-at", "2026-01-29 14:00 Narnia time"), 2, "unknown time zone"),
    (("add", "x", "--speaker", "s", "--said-at", "2026-01-29 14:00 Mars/Olympus"), 2, "unknown time zone"),
    (("add", "x", "--speaker", "s", "--expires", "2026-02-30"), 2, "expires_at"),
    (("add", "x", "--speaker", "s", "--url", "ftp://example.com"), 2, "url must start with http"),
    (("add", "x", "--speaker", "s", "--url", "https://exa mple.com"), 2, "url"),
    (("add", "x", "--speaker", "s", "--url", "javascript:alert(1)"), 2, "url"),
    (("add", "red \x1b[31malert\x1b[0m", "--speaker", "s"), 2, "control character"),
    (("add", "bell\x07", "--speaker", "s"), 2, "control character"),
    (("add", "x", "--speaker", "two\nlines"), 2, "control character"),
    (("add", "x", "--speaker", "s", "--source", "\x9bcsi"), 2, "control character"),
    (("add", "x", "--speaker", "s", "--tag", "two words"), 2, "tag"),
    (("add", "", "--speaker", "s"), 2, "text must not be empty"),
    (("add", "x", "--speaker", "   "), 2, "speaker"),
    (("add", "x" * 5000, "--speaker", "s"), 2, "limit"),
    (("add", "x"), 2, "--speaker"),
    (("show", "0"), 2, "positive whole number"),
    (("show", "-3"), 2, ""),
    (("show", "abc"), 2, "uuid"),
    (("show", "1.5"), 2, ""),
    (("list", "--bogus"), 2, "No such option"),
    (("frobnicate",), 2, "No such command"),
    (("list", "--status", "bogus"), 2, "--status"),
    (("evidence", "1", "--stance", "maybe", "--source", "x"), 2, "--stance"),
    (("evidence", "1", "--stance", "supports"), 2, "--source"),
    (("evidence", "1", "--stance", "supports", "--source", "x\x1b]0;pwned\x07"), 2, "control character"),
    (("confirm", "1", "--reason", "ok\x1b[2J"), 2, "control character"),
    (("--now", "garbage", "list"), 2, "cannot read"),
    (("--now", "2026-01-29 10:00 Atlantis time", "list"), 2, "unknown time zone"),
    (("--actor", "evil\x1b[0m", "list"), 2, "actor"),
    (("rules", "set", "desk_tz", "Nowhere/Land"), 2, ""),
    (("add", "invalid utf-8 \udcff", "--speaker", "s"), 2, "not valid Unicode"),
    (("add", "x", "--speaker", "\udcff"), 2, "speaker is not valid Unicode"),
    (("confirm", "1", "--reason", "\udcff"), 2, "reason"),
    (("list", "--search", "\udcff"), 2, "search"),
    (("list", "--tag", "\udcff"), 2, "tag"),
    (("list", "--assignee", "\udcff"), 2, "assignee"),
])
def test_bad_input_is_one_error_line(tr, args, code: int, fragment: str) -> None:
    add(tr, "an existing claim")
    before = tr("list", "--json").json
    result = tr(*args)
    result.assert_error(code, fragment)
    assert result.out == ""
    assert tr("list", "--json").json == before


def test_missing_database(cli, tmp_path) -> None:
    missing = tmp_path / "nope" / "x.db"
    cli("--db", missing, "list").assert_error(1, "no tracker database", "tracker init")
    cli("--db", missing, "add", "x", "--speaker", "s").assert_error(1, "no tracker database")
    assert not missing.exists()


@pytest.mark.parametrize("url", ["foo://bar", "sqlite+nosuchdriver:///x.db", "postgresql://u:secret@127.0.0.1:1/x"])
def test_bad_db_url(cli, url: str) -> None:
    result = cli("--db", url, "list")
    result.assert_error(result.code)
    assert result.code in (1, 2)
    assert "secret" not in result.err


def test_error_line_has_no_traceback_even_for_internal_errors(cli, tr, monkeypatch) -> None:
    import tracker.service.reading as reading

    def boom(*a, **k):
        raise RuntimeError("unexpected\nsecond line")

    monkeypatch.setattr(reading, "list_page", boom)
    tr("list").assert_error(1, "internal error: RuntimeError: unexpected")


def test_actor_and_now_options_and_environment(cli, db_path, monkeypatch) -> None:
    assert cli("--db", db_path, "init").code == 0
    monkeypatch.setenv("TRACKER_DB", str(db_path))
    monkeypatch.setenv("TRACKER_ACTOR", "env-actor")
    monkeypatch.setenv("TRACKER_NOW", "2026-01-29 10:00 Kyiv time")
    first = cli("add", "x", "--speaker", "s", "--json").json
    assert first["created_at"] == "2026-01-29T08:00:00+00:00"
    assert cli("--actor", "flag-actor", "--now", "2026-01-29T12:00:00Z", "evidence", first["id"],
               "--stance", "supports", "--source", "AP").code == 0
    events = cli("history", first["id"], "--json").json
    assert [(e["actor"], e["at"]) for e in events] == [
        ("env-actor", "2026-01-29T08:00:00+00:00"), ("flag-actor", "2026-01-29T12:00:00+00:00")]
    assert events[1]["at"] == "2026-01-29T12:00:00+00:00"


def test_now_is_read_in_the_desk_zone(tr) -> None:
    assert tr("rules", "set", "desk_tz", "Europe/Kyiv").code == 0
    claim = tr("add", "x", "--speaker", "s", "--json", now="2026-01-29 10:00").json
    assert claim["created_at"] == "2026-01-29T08:00:00+00:00"


def test_default_actor_is_the_login_name(cli, db_path) -> None:
    import getpass

    assert cli("--db", db_path, "init").code == 0
    cli("--db", db_path, "add", "x", "--speaker", "s")
    assert cli("--db", db_path, "history", "1", "--json").json[0]["actor"] == getpass.getuser()


def test_markup_and_brackets_are_stored_literally(tr) -> None:
    text = "[bold]Not bold[/bold] [link=https://evil]x[/link] ünïcödé 🚀"
    claim = add(tr, text)
    assert claim["text"] == text
    assert tr("show", claim["id"], "--json").json["text"] == text
    assert text in tr("show", claim["id"]).out


# ----------------------------------------------------------------- colour


def test_no_colour_when_stdout_is_not_a_terminal(tr) -> None:
    claim = add(tr)
    evidence(tr, claim["id"], "contradicts", "TASS")
    for args in (("contradict", claim["id"], "--reason", "x"), ("show", claim["id"]), ("list",),
                 ("history", claim["id"]), ("rules",)):
        result = tr(*args)
        assert result.code == 0
        assert not ANSI.search(result.out), args


def test_colour_only_on_a_terminal_without_no_color(tr, monkeypatch) -> None:
    claim = add(tr)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    coloured = tr("show", claim["id"])
    monkeypatch.setenv("NO_COLOR", "1")
    plain = tr("show", claim["id"])
    assert ANSI.search(coloured.out)
    assert not ANSI.search(plain.out)


# ----------------------------------------------------------------- real subprocesses


def test_subprocess_contract(tmp_path) -> None:
    db = tmp_path / "sub.db"
    env = {"TRACKER_DB": str(db), "TRACKER_ACTOR": "cron", "TRACKER_NOW": NOW}
    assert run_subprocess("init", env=env).returncode == 0
    added = run_subprocess("add", "Pause for one week", "--speaker", "Donald Trump", "--json", env=env)
    assert added.returncode == 0, added.stderr
    claim = json.loads(added.stdout)
    refused = run_subprocess("confirm", str(claim["id"]), "--reason", "x", env=env)
    assert refused.returncode == 4
    assert refused.stderr.decode().splitlines() == [
        f"tracker: confirm needs supporting evidence from 2 distinct sources; claim {claim['id']} has 0"]
    missing = run_subprocess("show", "42", env=env)
    assert (missing.returncode, missing.stderr) == (3, b"tracker: no claim 42\n")
    bad = run_subprocess("add", "x", "--speaker", "s", "--said-at", "2026-01-29 10:00 Narnia time", env=env)
    assert bad.returncode == 2
    assert len(bad.stderr.splitlines()) == 1 and b"Traceback" not in bad.stderr
    unknown = run_subprocess("list", "--colour", env=env)
    assert unknown.returncode == 2 and unknown.stderr.startswith(b"tracker: ")
    # Invalid UTF-8 in an argument (os.fsencode keeps the raw bytes).
    raw = subprocess.run([sys.executable, "-m", "tracker", "add", b"caf\xe9", "--speaker", "s"],
                         capture_output=True, env={**os.environ, **env}, timeout=60)
    assert raw.returncode == 2, raw.stderr
    assert raw.stderr.startswith(b"tracker: text is not valid Unicode") and len(raw.stderr.splitlines()) == 1
    for done in (added, refused, missing, bad):
        assert b"\x1b[" not in done.stdout + done.stderr
    history = json.loads(run_subprocess("history", str(claim["id"]), "--json", env=env).stdout)
    assert history[0]["actor"] == "cron" and history[0]["at"] == NOW


def test_cli_does_not_import_textual(tmp_path) -> None:
    db = tmp_path / "imp.db"
    assert run_subprocess("--db", db, "init").returncode == 0
    code = (
        "import sys; from tracker.cli.main import main\n"
        f"for args in (['--db', {str(db)!r}, 'add', 'x', '--speaker', 's'], ['--db', {str(db)!r}, 'list'],\n"
        f"             ['--db', {str(db)!r}, 'show', '1', '--json'], ['--db', {str(db)!r}, 'history', '1'],\n"
        f"             ['--db', {str(db)!r}, 'rules'], ['--help']):\n"
        "    main(args)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('tracker.tui'))\n"
        "sys.stderr.write('IMPORTED:' + ','.join(bad) + '\\n')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().splitlines()[-1] == "IMPORTED:"
    timed = subprocess.run([sys.executable, "-X", "importtime", "-m", "tracker", "--db", str(db), "list"],
                           capture_output=True, timeout=60)
    assert timed.returncode == 0
    # the sanity check that importtime saw the command run; on SQLite a list loads no SQLAlchemy either
    assert b"| textual" not in timed.stderr and b"tracker.cli.reading" in timed.stderr


def test_help_and_version(cli) -> None:
    result = cli("--help")
    assert result.code == 0
    assert "Exit codes" in result.out
    version = cli("--version")
    assert version.code == 0 and version.out.startswith("tracker ")


# ----------------------------------------------------------------- the demo

DEMO_STATUSES = {"confirmed": 3, "contradicted": 1, "unconfirmed": DEMO_CLAIMS - 4, "expired": 0}
PAUSE_UUID = "3405e99c-4d5a-4070-b363-70e412069936"


def test_demo_builds_the_extracted_claims_and_rebuilding_needs_force(cli, tmp_path) -> None:
    db = tmp_path / "demo.db"
    built = cli("--db", db, "--now", NOW, "demo", "--no-ui")
    assert built.code == 0, built.err
    assert f"{DEMO_CLAIMS} claims" in built.out
    rows = cli("--db", db, "list", "--json", "--limit", "100").json
    assert len(rows) == DEMO_CLAIMS
    counts = {s: sum(r["status"] == s for r in rows) for s in DEMO_STATUSES}
    assert counts == DEMO_STATUSES
    assert cli("--db", db, "rules", "--json").json["settings"]["desk_tz"] == "Europe/Kyiv"

    pause = cli("--db", db, "show", PAUSE_UUID, "--json").json
    assert pause["status"] == "unconfirmed"
    assert pause["speaker"] == "Donald Trump"
    assert pause["said_tz"] == "America/New_York"
    # Extracted: "said ... for one week" in the lead, timed by "on Thursday (Washington time)" in the body.
    assert pause["text"].startswith("Russian President Vladimir Putin has agreed not to target the Ukrainian capital")
    assert pause["said_at"] == "2026-01-29T05:00:00+00:00"  # Thursday 00:00 EST; --now is the seed week: no shift
    assert pause["expires_at"] == "2026-02-05T05:00:00+00:00" and pause["source"] == "AP"
    assert any(e["stance"] == "context" and "Peskov" in e["source"] for e in pause["evidence"])
    # The Telegraph twice is one source: the two-source rule refuses.
    cli("--db", db, "--now", NOW, "confirm", pause["id"], "--reason", "x").assert_error(4, "has 1")

    cli("--db", db, "demo", "--no-ui").assert_error(2, "--force")
    assert len(cli("--db", db, "list", "--json", "--limit", "100").json) == DEMO_CLAIMS
    cli("--db", db, "--now", NOW, "add", "scratch", "--speaker", "me")
    rebuilt = cli("--db", db, "--now", NOW, "demo", "--no-ui", "--force")
    assert rebuilt.code == 0, rebuilt.err
    again = cli("--db", db, "list", "--json", "--limit", "100").json
    assert len(again) == DEMO_CLAIMS and "scratch" not in {r["text"] for r in again}


def test_demo_on_the_real_clock_looks_recent(tmp_path) -> None:
    from datetime import datetime, timedelta

    db = tmp_path / "recent.db"
    done = run_subprocess("--db", db, "demo", "--no-ui")
    assert done.returncode == 0, done.stderr
    rows = json.loads(run_subprocess("--db", db, "list", "--json", "--sort", "activity").stdout)
    latest = datetime.fromisoformat(rows[0]["last_activity_at"])
    now = datetime.now(latest.tzinfo)
    assert now - timedelta(weeks=1) <= latest <= now
    # Whole weeks keep weekdays: the pause claim was said on a Thursday, Washington time.
    pause = next(r for r in rows if r["uuid"] == PAUSE_UUID)
    from zoneinfo import ZoneInfo

    said = datetime.fromisoformat(pause["said_at"]).astimezone(ZoneInfo("America/New_York"))
    assert said.strftime("%A") == "Thursday"


def test_closed_stdout_is_not_an_error(tmp_path) -> None:
    """`tracker list | head -1`: the reader went away; exit 0 quietly, as the CLI intends."""
    db = tmp_path / "pipe.db"
    env = {**os.environ, "TRACKER_DB": str(db)}
    env.pop("TRACKER_NOW", None)
    assert run_subprocess("init", env={"TRACKER_DB": str(db)}).returncode == 0
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "tracker", "list", "--json"], stdout=write_end,
                              stderr=subprocess.PIPE, env=env, timeout=60, cwd=tmp_path)
    finally:
        os.close(write_end)
    assert done.stderr == b""
    assert done.returncode == 0
