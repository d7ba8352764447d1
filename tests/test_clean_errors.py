"""Clean errors at the CLI's edges (issue 11): huge numbers, bad URLs, missing seeds, foreign and
read-only databases, clashing switches, ids as `show` prints them, messages in the place's own words."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import NOW, ROOT, add, run_subprocess


# ----------------------------------------------------------------- numbers and ids


@pytest.mark.parametrize(("args", "fragment"), [
    (("list", "--offset", "99999999999999999999"), "--offset"),
    (("list", "--offset", "-1"), "--offset"),
    (("list", "--limit", "99999999999999999999"), "--limit"),
    (("list", "--limit", "1e3"), "--limit"),
    (("sweep", "--limit", "99999999999999999999"), "--limit"),
    (("report", "--limit", "99999999999999999999"), "--limit"),
    (("confirm", "1", "--reason", "x", "--if-version", "99999999999999999999"), "--if-version"),
    (("show", "99999999999999999999"), "positive whole number"),
    (("show", "#0"), "positive whole number"),
    (("show", "#abc"), "positive whole number"),
])
def test_huge_and_odd_numbers_are_usage_errors(tr, args, fragment) -> None:
    add(tr)
    result = tr(*args)
    result.assert_error(2, fragment)
    assert "internal error" not in result.err


def test_if_version_speaks_of_versions(tr) -> None:
    claim = add(tr)
    bad = tr("confirm", claim["id"], "--reason", "x", "--if-version", "abc")
    bad.assert_error(2, "--if-version", "claim version", "'abc'")
    assert "integer range" not in bad.err
    # The version as `show` prints it (v1) is accepted too.
    assert f"v{claim['version']}" in tr("show", claim["id"]).out
    assert tr("evidence", claim["id"], "--stance", "supports", "--source", "AP", "--if-version", "v1").code == 0
    tr("assign", claim["id"], "olena", "--if-version", "v1").assert_error(5, "changed since you loaded it")


def test_an_id_as_show_prints_it_is_accepted_everywhere(tr) -> None:
    claim = add(tr)
    shown = tr("show", claim["id"]).out.split()[0]
    assert shown == f"#{claim['id']}"
    assert tr("show", shown, "--json").json["id"] == claim["id"]
    assert tr("history", shown, "--json").code == 0
    assert tr("evidence", shown, "--stance", "supports", "--source", "AP").code == 0
    assert tr("assign", shown, "olena").code == 0
    assert tr("contradict", shown, "--reason", "denied", "--override").code == 0
    line = b'{"action":"reopen","id":"#1","reason":"new facts"}\n'
    (result,) = tr("apply", stdin=line).lines
    assert result["ok"] is True and result["status"] == "unconfirmed"


def test_json_and_jsonl_together_are_refused(tr) -> None:
    claim = add(tr)
    for args in (("list",), ("history", claim["id"])):
        result = tr(*args, "--json", "--jsonl")
        result.assert_error(2, "--json and --jsonl")
        assert result.out == ""


def test_a_batch_message_never_names_a_cli_option(tr) -> None:
    claim = add(tr)
    lines = (
        f'{{"action":"contradict","id":{claim["id"]},"reason":"x","override":true}}\n'
        f'{{"action":"reopen","id":{claim["id"]},"reason":""}}\n'
        f'{{"action":"reopen","id":{claim["id"]},"reason":"   "}}\n'
        f'{{"action":"confirm","id":"abc","reason":"x"}}\n'
    ).encode()
    results = tr("apply", stdin=lines).lines
    assert [r["ok"] for r in results] == [True, False, False, False]
    for failed in results[1:]:
        assert failed["code"] == 2
        assert "--" not in failed["error"], failed
    assert "needs a reason" in results[1]["error"]


# ----------------------------------------------------------------- databases


@pytest.mark.parametrize(("url", "fragment"), [
    ("postgresql://u@h:notaport/x", "port"),
    ("postgresql://u:secret@h:notaport/x", "port"),
    ("postgresql://[::1/x", "IPv6"),
    ("postgresql://u:secret@h:99999/x", "65535"),
])
def test_bad_postgresql_urls_are_usage_errors(cli, url: str, fragment: str) -> None:
    result = cli("--db", url, "list")
    result.assert_error(2, "database URL", fragment)
    assert "secret" not in result.err
    assert "+psycopg" not in result.err  # the URL as the user wrote it, not the driver's spelling


def test_demo_with_a_seeds_folder_without_seeds(cli, tmp_path: Path) -> None:
    empty = tmp_path / "emptydir"
    empty.mkdir()
    result = cli("--db", tmp_path / "demo.db", "demo", "--seeds", empty, "--no-ui")
    result.assert_error(2, "intake.json")
    assert not (tmp_path / "demo.db").exists() or (tmp_path / "demo.db").stat().st_size == 0
    broken = tmp_path / "broken"
    shutil.copytree(ROOT / "seeds", broken)
    (broken / "claims.jsonl").write_text('not json\n{"at": "2020-01-01"}\n', encoding="utf-8")
    cli("--db", tmp_path / "demo2.db", "demo", "--seeds", broken, "--no-ui").assert_error(2, "seeds", "cannot be read")


def _foreign(path: Path) -> bytes:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE claim (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO claim (body) VALUES ('their data')")
    con.commit()
    con.close()
    return path.read_bytes()


def test_init_refuses_someone_elses_sqlite_file_and_leaves_it_untouched(cli, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.db"
    before = _foreign(theirs)
    cli("--db", theirs, "init").assert_error(1, "not a tracker database", "claim", "untouched")
    cli("--db", theirs, "list").assert_error(1, "not a tracker database")
    cli("--db", theirs, "add", "x", "--speaker", "s").assert_error(1, "not a tracker database")
    assert theirs.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]


def test_a_file_that_is_not_sqlite_and_an_empty_file(cli, tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("dear diary\n" * 20, encoding="utf-8")
    for args in (("list",), ("init",)):
        result = cli("--db", text, *args)
        result.assert_error(1, "not a tracker database")
    assert text.read_text(encoding="utf-8") == "dear diary\n" * 20
    empty = tmp_path / "empty.db"
    empty.touch()
    cli("--db", empty, "list").assert_error(1, "tracker init")
    assert cli("--db", empty, "init").code == 0
    assert cli("--db", empty, "list", "--json").json == []


def _read_only_runner(folder: Path) -> list[str] | None:
    """A command prefix that runs a process with `folder` read-only, or None when this machine cannot."""
    if os.geteuid() != 0:
        return []  # chmod is enough for an ordinary user
    if shutil.which("unshare") is None:
        return None
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0"', str(folder)],
        capture_output=True, timeout=30)
    if probe.returncode != 0:
        return None
    return ["unshare", "-m", "sh", "-c",
            'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" "$0" && shift && exec "$@"', str(folder), "--"]


def test_a_read_only_database_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    db = folder / "desk.db"
    assert run_subprocess("--db", db, "init").returncode == 0
    assert run_subprocess("--db", db, "--now", NOW, "add", "archived claim", "--speaker", "s").returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == ["desk.db"]  # closed cleanly: no -wal, no -shm
    runner = _read_only_runner(folder)
    if runner is None:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    db.chmod(0o444)
    folder.chmod(0o555)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*runner, sys.executable, "-m", "tracker", "--db", str(db), *args],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)

    try:
        for args in (("list",), ("show", "1"), ("history", "1"), ("report", "--now", NOW), ("export",),
                     ("rules",), ("list", "--search", "archived")):
            done = run(*args)
            assert done.returncode == 0, (args, done.stderr)
            assert done.stderr == ""
        assert "archived claim" in run("show", "1").stdout
        up_to_date = run("init")
        assert up_to_date.returncode == 0, up_to_date.stderr
        assert "is up to date" in up_to_date.stdout
        for args in (("add", "x", "--speaker", "s"), ("rules", "set", "stale_after", "2h"),
                     ("assign", "1", "olena")):
            refused = run(*args)
            assert refused.returncode == 1, (args, refused.stderr)
            lines = refused.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("tracker: cannot change"), refused.stderr
            assert "read-only" in lines[0] and "internal error" not in lines[0]
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    assert sorted(p.name for p in folder.iterdir()) == ["desk.db"]
